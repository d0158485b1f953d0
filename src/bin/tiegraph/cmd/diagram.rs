//! Turning diagram arguments into render options, and writing DOT, SVG or PNG.

use tiegraph::Snapshot;

use super::Ctx;
use crate::cli::{DiagramArgs, Format};
use crate::Failure;

pub fn snapshot(
    _ctx: &Ctx<'_>,
    _snap: &Snapshot<'_>,
    _format: Format,
    _args: &DiagramArgs,
) -> Result<(), Failure> {
    Err(Failure::Data("diagrams are not wired yet".into()))
}

pub fn diff(
    _ctx: &Ctx<'_>,
    _before: &Snapshot<'_>,
    _after: &Snapshot<'_>,
    _format: Format,
    _args: &DiagramArgs,
) -> Result<(), Failure> {
    Err(Failure::Data("diagrams are not wired yet".into()))
}
