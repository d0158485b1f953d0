//! `tiegraph snapshot --at SEL`.

use tiegraph::Tie;

use super::{selector, Ctx};
use crate::cli::{Format, SnapshotArgs};
use crate::out::{plural, Table};
use crate::Failure;

pub fn run(ctx: &Ctx<'_>, args: &SnapshotArgs) -> Result<(), Failure> {
    let format = ctx.formats(crate::cli::formats_of("snapshot"))?;
    let data = ctx.data;
    let at = selector(&args.at.at)?;
    let snap = data.snapshot(&at);
    match format {
        Format::Json => ctx.out.json(&snap),
        Format::Csv => {
            let ties: Vec<&Tie> = snap.ties().collect();
            ctx.out.bytes(&super::lists::ties_csv(data, &ties)?, false)
        }
        Format::Dot | Format::Svg | Format::Png => {
            super::diagram::snapshot(ctx, &snap, format, &args.diagram)
        }
        _ => {
            let color = ctx.out.color();
            let mut actors = Table::new(vec!["id", "name", "kind"]).flexible(1);
            for a in snap.actors() {
                actors.row(vec![
                    a.id().to_owned(),
                    a.name().to_owned(),
                    a.kind().to_string(),
                ]);
            }
            let ties: Vec<&Tie> = snap.ties().collect();
            let text = format!(
                "{at}: {}, {} in force\n\n{}\n{}",
                plural(snap.actors().len(), "actor", "actors"),
                plural(ties.len(), "tie", "ties"),
                actors.render(color),
                super::lists::tie_table(data, &ties).render(color)
            );
            ctx.out.text(text)
        }
    }
}
