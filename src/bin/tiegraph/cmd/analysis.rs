//! `tiegraph balance`, `centrality` and `camps`.

use super::Ctx;
use crate::cli::{AtArgs, BalanceArgs, CampsArgs};
use crate::Failure;

pub fn balance(_ctx: &Ctx<'_>, _args: &BalanceArgs) -> Result<(), Failure> {
    Err(Failure::Data("not wired yet".into()))
}

pub fn centrality(_ctx: &Ctx<'_>, _args: &AtArgs) -> Result<(), Failure> {
    Err(Failure::Data("not wired yet".into()))
}

pub fn camps(_ctx: &Ctx<'_>, _args: &CampsArgs) -> Result<(), Failure> {
    Err(Failure::Data("not wired yet".into()))
}
