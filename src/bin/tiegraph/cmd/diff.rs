//! `tiegraph diff --from SEL --to SEL`.

use super::{selector, Ctx};
use crate::cli::{DiffArgs, DiffSort, Format};
use crate::out::{sign_color, Table};
use crate::Failure;

pub fn run(ctx: &Ctx<'_>, args: &DiffArgs) -> Result<(), Failure> {
    let format = ctx.formats(crate::cli::formats_of("diff"))?;
    let data = ctx.data;
    let (from, to) = (selector(&args.from)?, selector(&args.to)?);
    let before = data.snapshot(&from);
    let after = data.snapshot(&to);
    let diff = tiegraph::Diff::between(&before, &after);
    let mut shown: Vec<&tiegraph::DyadChange> = diff
        .dyads()
        .iter()
        .filter(|d| args.all || d.change != tiegraph::Change::Unchanged)
        .collect();
    if args.sort == DiffSort::Rank && format == Format::Table {
        shown.sort_by_key(|d| d.rank);
    }
    let sign = |s: Option<tiegraph::Sign>| s.map_or("", |s| s.as_str());
    let net = |v: Option<f64>| v.map_or_else(String::new, |v| format!("{v}"));
    match format {
        Format::Json => ctx.out.json(&diff.json(args.all)),
        Format::Csv => {
            let mut w = csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(Vec::new());
            let row = |w: &mut csv::Writer<Vec<u8>>, r: [&str; 10]| {
                w.write_record(r).map_err(|e| Failure::Data(e.to_string()))
            };
            row(
                &mut w,
                [
                    "a",
                    "b",
                    "change",
                    "before",
                    "after",
                    "before_sign",
                    "after_sign",
                    "before_net",
                    "after_net",
                    "rank",
                ],
            )?;
            for d in shown {
                let (b, a) = (d.before.names().join(";"), d.after.names().join(";"));
                row(
                    &mut w,
                    [
                        data.actor_id(d.a),
                        data.actor_id(d.b),
                        d.change.as_str(),
                        &b,
                        &a,
                        sign(d.before_sign()),
                        sign(d.after_sign()),
                        &net(d.before_net),
                        &net(d.after_net),
                        &d.rank.to_string(),
                    ],
                )?;
            }
            let buf = w.into_inner().map_err(|e| Failure::Data(e.to_string()))?;
            ctx.out.bytes(&buf, false)
        }
        Format::Dot | Format::Svg | Format::Png => {
            super::diagram::diff(ctx, &before, &after, format, &args.diagram)
        }
        _ => {
            let mut table = Table::new(vec!["#", "a", "b", "change", "before", "after", "per day"])
                .tint(3, sign_color)
                .flexible(4)
                .flexible(5);
            let day = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |v| format!("{v:+.2}"));
            for d in shown {
                let side = |k: tiegraph::KindSet, sign: tiegraph::Sign| {
                    if k.is_empty() {
                        "—".to_owned()
                    } else {
                        format!("{sign} {}", k.names().join(", "))
                    }
                };
                table.row(vec![
                    d.rank.to_string(),
                    data.actor_id(d.a).to_owned(),
                    data.actor_id(d.b).to_owned(),
                    d.change.to_string(),
                    side(d.before, d.sign_before),
                    side(d.after, d.sign_after),
                    format!("{} → {}", day(d.before_net), day(d.after_net)),
                ]);
            }
            let [new, ended, flipped, shifted, unchanged] = diff.counts();
            let summary = format!(
                "{from} → {to}: {new} new, {ended} ended, {flipped} flipped, {shifted} shifted, {unchanged} unchanged\n"
            );
            if table.is_empty() {
                ctx.out.text(summary)
            } else {
                ctx.out
                    .text(format!("{summary}\n{}", table.render(ctx.out.color())))
            }
        }
    }
}
