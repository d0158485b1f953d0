//! `tiegraph history A B`: the story of one pair.

use serde::Serialize;
use tiegraph::render::{history_chart, history_chart_dot, history_chart_png, HistoryChartOptions};
use tiegraph::Tie;

use super::Ctx;
use crate::cli::{Format, HistoryArgs};
use crate::Failure;

pub fn run(ctx: &Ctx<'_>, args: &HistoryArgs) -> Result<(), Failure> {
    let format = ctx.formats(crate::cli::formats_of("history"))?;
    let data = ctx.data;
    let (a, b) = (ctx.actor(&args.a)?, ctx.actor(&args.b)?);
    if a == b {
        return Err(Failure::Usage(format!(
            "history needs two different actors (both are {})",
            data.actor_id(a)
        )));
    }
    let ties: Vec<&Tie> = data.history(a, b).ties().collect();
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Doc<'a, T: Serialize> {
                a: &'a str,
                b: &'a str,
                ties: Vec<T>,
            }
            ctx.out.json(&Doc {
                a: data.actor_id(a),
                b: data.actor_id(b),
                ties: ties.iter().map(|t| data.tie_json(t)).collect(),
            })
        }
        Format::Csv => ctx.out.bytes(&super::lists::ties_csv(data, &ties)?, false),
        Format::Dot | Format::Svg | Format::Png => {
            let (h, options) = (data.history(a, b), HistoryChartOptions::default());
            match format {
                Format::Svg => ctx.out.bytes(history_chart(&h, &options).as_bytes(), false),
                Format::Png => ctx.out.bytes(&history_chart_png(&h, &options)?, true),
                _ => ctx.out.text(history_chart_dot(&h, &options)),
            }
        }
        _ => {
            let mut text = String::new();
            let (an, bn) = (
                tiegraph::text::printable(data.actor(a).current().name()),
                tiegraph::text::printable(data.actor(b).current().name()),
            );
            text.push_str(&format!(
                "{an} ({}) and {bn} ({}): {}\n\n",
                data.actor_id(a),
                data.actor_id(b),
                crate::out::plural(ties.len(), "tie", "ties")
            ));
            for t in &ties {
                let mut end = t
                    .end()
                    .map_or_else(|| "ongoing".to_owned(), |e| format!("until {}", e.marked()));
                // Only what departs from the default is said (rule R5).
                if t.confidence() != tiegraph::Confidence::Reported {
                    end.push_str(&format!("; {}", t.confidence()));
                }
                let with = t
                    .with()
                    .map_or_else(String::new, |w| format!(" and {}", data.actor_id(w)));
                text.push_str(&format!(
                    "{}  {} {} → {}{} ({end})\n",
                    t.start().marked(),
                    t.kind(),
                    data.actor_id(t.source()),
                    data.actor_id(t.target()),
                    with
                ));
                if let Some(note) = t.note() {
                    text.push_str(&crate::out::wrap(note, 4));
                }
                let ids: Vec<&str> = data.tie_sources(t).map(|s| s.id()).collect();
                if !ids.is_empty() {
                    text.push_str(&crate::out::wrap(
                        &format!("sources: {}", ids.join(", ")),
                        4,
                    ));
                }
            }
            // Each cited source once, at the end.
            let mut cited: Vec<&tiegraph::Source> =
                ties.iter().flat_map(|t| data.tie_sources(t)).collect();
            cited.sort_by_key(|s| s.id());
            cited.dedup_by_key(|s| s.id());
            if !cited.is_empty() {
                text.push_str("\nsources:\n");
                for s in cited {
                    let published = s.published_date().map(|d| d.marked().to_string());
                    let about = [s.title(), s.publisher(), published.as_deref(), s.url()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(", ");
                    text.push_str(&crate::out::wrap(&format!("{}: {about}", s.id()), 2));
                    if let Some(note) = s.note() {
                        text.push_str(&crate::out::wrap(&format!("({note})"), 4));
                    }
                }
            }
            ctx.out.text(text)
        }
    }
}
