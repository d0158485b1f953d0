//! `tiegraph timeline --from --to --step [--out DIR]`.

use super::Ctx;
use crate::cli::TimelineArgs;
use crate::Failure;

pub fn run(_ctx: &Ctx<'_>, _args: &TimelineArgs) -> Result<(), Failure> {
    Err(Failure::Data("timeline is not wired yet".into()))
}
