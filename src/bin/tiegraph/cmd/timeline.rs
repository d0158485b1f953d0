//! `tiegraph timeline --from --to --step [--out DIR]`.

use tiegraph::render::{self, Timeline};
use tiegraph::{analysis, Date, Step};

use super::Ctx;
use crate::cli::{Format, ImageArg, TimelineArgs};
use crate::out::{plural, Table};
use crate::Failure;

fn date(text: &str) -> Result<Date, Failure> {
    Date::parse_unqualified(text).map_err(|e| Failure::Usage(e.to_string()))
}

pub fn run(ctx: &Ctx<'_>, args: &TimelineArgs) -> Result<(), Failure> {
    let format = ctx.formats(crate::cli::formats_of("timeline"))?;
    let data = ctx.data;
    let (from, to) = (date(&args.from)?, date(&args.to)?);
    // The last step holds the last day of --to: `--from 2021-03 --to 2021`
    // runs to December 2021.
    if to.period_end() <= from.first_day() {
        return Err(Failure::Usage(format!("--to {to} is before --from {from}")));
    }
    let step = Step::parse(&args.step).map_err(|e| Failure::Usage(e.to_string()))?;
    let mut timeline = analysis::timeline(data, from, to, step);
    if args.walk {
        timeline = timeline.with_walk();
    }
    if let Some(k) = args.camps {
        timeline = timeline.with_camps(usize::from(k), &crate::cli::camps_options(args.time_limit));
    }
    let mut written = Vec::new();
    if let Some(dir) = &args.out {
        if dir.exists() && !dir.is_dir() {
            return Err(Failure::Data(format!(
                "--out {} is a file, not a folder",
                dir.display()
            )));
        }
        let formats: Vec<render::Format> = args
            .images
            .iter()
            .map(|i| match i {
                ImageArg::Dot => render::Format::Dot,
                ImageArg::Svg => render::Format::Svg,
                ImageArg::Png => render::Format::Png,
            })
            .collect();
        let options = super::diagram::options(ctx, &args.diagram)?;
        written = Timeline::new(data, from, to, step)
            .options(options)
            .renderer(super::diagram::renderer(&args.diagram))
            .write(dir, &formats)?;
    }
    match format {
        Format::Json => ctx.out.json(&timeline),
        _ => {
            let mut header = vec![
                "step", "ties", "pairs", "+", "-", "bal", "unbal", "ratio", "new", "ended", "flip",
                "turn",
            ];
            if timeline.walks().is_some() {
                header.push("walk");
            }
            if timeline.camps().is_some() {
                header.push("frust");
            }
            let mut table = Table::new(header);
            for (i, s) in timeline.steps().iter().enumerate() {
                let mut row = vec![
                    s.at.to_string(),
                    s.ties.to_string(),
                    s.pairs.to_string(),
                    s.positive.to_string(),
                    s.negative.to_string(),
                    s.balanced.to_string(),
                    s.unbalanced.to_string(),
                    s.ratio()
                        .map_or_else(|| "—".to_owned(), |r| format!("{r:.2}")),
                    s.new.to_string(),
                    s.ended.to_string(),
                    s.flipped.to_string(),
                    s.turned.to_string(),
                ];
                if let Some(walks) = timeline.walks() {
                    row.push(walks[i].map_or_else(|| "—".to_owned(), crate::out::walk_number));
                }
                if let Some(camps) = timeline.camps() {
                    let c = &camps.steps()[i];
                    // `≥ bound` when the partition is not proven minimal.
                    row.push(if c.exact {
                        c.frustration.to_string()
                    } else {
                        format!("{} (≥{})", c.frustration, c.lower_bound)
                    });
                }
                table.row(row);
            }
            if format == Format::Csv {
                return ctx.out.bytes(&table.csv()?, false);
            }
            let mut text = format!(
                "timeline {from} → {to}, step {step}\n\n{}",
                table.render(ctx.out.color())
            );
            if let Some(camps) = timeline.camps() {
                text.push_str(&switches_text(data, camps));
            }
            let movers: Vec<String> = timeline
                .movers()
                .iter()
                .filter(|m| m.changes > 0)
                .take(5)
                .map(|m| {
                    // Movers rank by pairs changed, then changes: show both.
                    format!(
                        "{} ({}, {})",
                        data.actor_id(m.key),
                        plural(m.pairs, "pair", "pairs"),
                        plural(m.changes, "change", "changes")
                    )
                })
                .collect();
            if !movers.is_empty() {
                text.push_str(&format!(
                    "\n{}",
                    crate::out::wrap(&format!("moved most: {}", movers.join(", ")), 0)
                ));
            }
            if !timeline.turns().is_empty() {
                text.push_str("\nturned:\n");
                for t in timeline.turns() {
                    text.push_str(&format!(
                        "  {}  {} – {}: {} → {}\n",
                        t.at,
                        data.actor_id(t.a),
                        data.actor_id(t.b),
                        t.from,
                        t.to
                    ));
                }
            }
            if !written.is_empty() {
                let dir = args
                    .out
                    .as_ref()
                    .map_or_else(String::new, |d| d.display().to_string());
                text.push_str(&format!(
                    "\nwrote {} to {dir}\n",
                    plural(written.len(), "diagram file", "diagram files")
                ));
            }
            ctx.out.text(text)
        }
    }
}

/// The camps of the last step and who switched sides, below the table.
fn switches_text(data: &tiegraph::Dataset, camps: &analysis::CampsOverTime<'_>) -> String {
    let mut text = String::new();
    if let Some(last) = camps.steps().last() {
        text.push_str(&format!("\ncamps at {}:\n", last.at));
        for (i, camp) in last.camps.iter().enumerate() {
            let ids: Vec<&str> = camp.iter().map(|&a| data.actor_id(a)).collect();
            text.push_str(&format!("{}: {}\n", i + 1, ids.join(" ")));
        }
    }
    if camps.switches().is_empty() {
        text.push_str("\nno actor switched sides\n");
    } else {
        let mut table = Table::new(vec!["step", "actor", "from", "to"]);
        for w in camps.switches() {
            table.row(vec![
                w.at.to_string(),
                data.actor_id(w.actor).to_owned(),
                w.from.to_string(),
                w.to.to_string(),
            ]);
        }
        text.push_str(&format!("\nwho switched sides\n\n{}", table.render(false)));
    }
    text
}
