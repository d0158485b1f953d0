//! Turning diagram arguments into render options, and writing DOT, SVG or PNG.

use tiegraph::render::{self, DiagramOptions, RankDir, Renderer};
use tiegraph::{KindSet, Snapshot};

use super::Ctx;
use crate::cli::{DiagramArgs, Format};
use crate::Failure;

pub fn options(ctx: &Ctx<'_>, args: &DiagramArgs) -> Result<DiagramOptions, Failure> {
    let mut options = DiagramOptions::default().tooltips(!args.no_tooltips);
    if let Some(focus) = &args.focus {
        options = options.focus(ctx.actor(focus)?, args.depth);
    }
    if !args.kinds.is_empty() {
        let kinds: KindSet = args
            .kinds
            .iter()
            .map(|&k| tiegraph::TieKind::from(k))
            .collect();
        options = options.kinds(kinds);
    }
    if args.lr {
        options = options.rankdir(RankDir::LeftToRight);
    }
    Ok(options)
}

pub fn renderer(args: &DiagramArgs) -> Renderer {
    if args.system_dot {
        Renderer::System
    } else {
        Renderer::default()
    }
}

/// Writes a DOT diagram as DOT, or rendered to SVG or PNG.
fn write(ctx: &Ctx<'_>, dot: String, format: Format, args: &DiagramArgs) -> Result<(), Failure> {
    match format {
        Format::Svg => {
            let svg = render::render(&dot, render::Format::Svg, renderer(args))?;
            ctx.out.bytes(&svg, false)
        }
        Format::Png => {
            let png = render::render(&dot, render::Format::Png, renderer(args))?;
            ctx.out.bytes(&png, true)
        }
        _ => ctx.out.text(dot),
    }
}

pub fn snapshot(
    ctx: &Ctx<'_>,
    snap: &Snapshot<'_>,
    format: Format,
    args: &DiagramArgs,
) -> Result<(), Failure> {
    let dot = render::try_snapshot_dot(snap, &options(ctx, args)?)?;
    write(ctx, dot, format, args)
}

pub fn diff(
    ctx: &Ctx<'_>,
    before: &Snapshot<'_>,
    after: &Snapshot<'_>,
    format: Format,
    args: &DiagramArgs,
) -> Result<(), Failure> {
    let dot = render::try_diff_dot(before, after, &options(ctx, args)?)?;
    write(ctx, dot, format, args)
}
