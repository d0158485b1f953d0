//! `tiegraph actors` and `tiegraph ties`, and the tie table other commands share.

use serde::Serialize;
use tiegraph::{Dataset, Tie, TieKind};

use super::{selector, Ctx};
use crate::cli::{ActorsArgs, Format, TiesArgs};
use crate::out::{sign_color, Table};
use crate::Failure;

/// A table of ties: id, dates, kind, who, weight, and the note (shortened
/// to fit, or left out when even a few letters of it do not, and then the
/// confidence column too; a wider terminal or `--wide` shows them). Dates are marked as people read them (`c. 2021-08`); a
/// `confidence` column follows `weight` when some tie of the dataset is not
/// `reported` (rule R5), and a `directed` column after `target` (`→` for
/// a tie from source to target, `–` for one without direction) when some
/// tie's direction is not its kind's own.
pub fn tie_table(data: &Dataset, ties: &[&Tie]) -> Table {
    let confidence = data.gives_confidence();
    let direction = data.gives_direction();
    let mut columns = vec!["id", "start", "end", "kind", "source", "target"];
    if direction {
        columns.push("directed");
    }
    columns.push("weight");
    if confidence {
        columns.push("confidence");
    }
    columns.push("note");
    let note = columns.len() - 1;
    let mut table = Table::new(columns)
        .flexible(note)
        .flexible(0)
        .droppable(note)
        .tint(3, sign_color);
    if confidence {
        // Then the confidence column: the dates, kinds and ends come first.
        table = table.droppable(note - 1);
    }
    for t in ties {
        let target = match t.with() {
            Some(w) => format!("{} & {}", data.actor_id(t.target()), data.actor_id(w)),
            None => data.actor_id(t.target()).to_owned(),
        };
        let mut row = vec![
            t.id().to_owned(),
            t.start().marked().to_string(),
            // "…" would read as a cut cell: an open end is written out.
            t.end()
                .map_or_else(|| "ongoing".to_owned(), |e| e.marked().to_string()),
            t.kind().to_string(),
            data.actor_id(t.source()).to_owned(),
            target,
        ];
        if direction {
            row.push(if t.is_directed() { "→" } else { "–" }.to_owned());
        }
        row.push(t.weight().to_string());
        if confidence {
            row.push(t.confidence().to_string());
        }
        row.push(t.note().unwrap_or("").to_owned());
        table.row(row);
    }
    table
}

/// Ties in the ties.csv format.
pub fn ties_csv(data: &Dataset, ties: &[&Tie]) -> Result<Vec<u8>, Failure> {
    let mut buf = Vec::new();
    data.write_ties_csv(ties.iter().copied(), &mut buf)?;
    Ok(buf)
}

pub fn actors(ctx: &Ctx<'_>, args: &ActorsArgs) -> Result<(), Failure> {
    let format = ctx.formats(crate::cli::formats_of("actors"))?;
    let data = ctx.data;
    let at = args.at.as_deref().map(selector).transpose()?;
    let kind = args.kind.map(tiegraph::ActorKind::from);
    // One row per phase, or only the phase in force when --at is given.
    let rows: Vec<(&tiegraph::Actor, &tiegraph::Phase)> = data
        .actors()
        .iter()
        .flat_map(|a| {
            let phases: Vec<&tiegraph::Phase> = match &at {
                Some(sel) => a.phase_at(sel).into_iter().collect(),
                None => a.phases().iter().collect(),
            };
            phases.into_iter().map(move |p| (a, p))
        })
        .filter(|(_, p)| kind.is_none_or(|k| p.kind() == k))
        .collect();
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Row<'a> {
                id: &'a str,
                name: &'a str,
                kind: tiegraph::ActorKind,
                from: Option<tiegraph::Date>,
                until: Option<tiegraph::Date>,
                aliases: Vec<&'a str>,
                note: Option<&'a str>,
            }
            #[derive(Serialize)]
            struct Doc<'a> {
                at: Option<String>,
                actors: Vec<Row<'a>>,
            }
            let doc = Doc {
                at: at.map(|s| s.to_string()),
                actors: rows
                    .iter()
                    .map(|(a, p)| Row {
                        id: a.id(),
                        name: p.name(),
                        kind: p.kind(),
                        from: p.from(),
                        until: p.until(),
                        aliases: p.aliases().collect(),
                        note: p.note(),
                    })
                    .collect(),
            };
            ctx.out.json(&doc)
        }
        Format::Csv => {
            let mut buf = Vec::new();
            data.write_actors_csv(rows.into_iter(), &mut buf)?;
            ctx.out.bytes(&buf, false)
        }
        _ => {
            let mut table = Table::new(vec!["id", "name", "kind", "from", "until", "aliases"])
                .flexible(5)
                .flexible(1);
            for (a, p) in rows {
                table.row(vec![
                    a.id().to_owned(),
                    p.name().to_owned(),
                    p.kind().to_string(),
                    p.from()
                        .map_or_else(String::new, |d| d.marked().to_string()),
                    p.until()
                        .map_or_else(String::new, |d| d.marked().to_string()),
                    p.aliases().collect::<Vec<_>>().join("; "),
                ]);
            }
            ctx.out.text(table.render(ctx.out.color()))
        }
    }
}

pub fn ties(ctx: &Ctx<'_>, args: &TiesArgs) -> Result<(), Failure> {
    let format = ctx.formats(crate::cli::formats_of("ties"))?;
    let data = ctx.data;
    let at = args.at.as_deref().map(selector).transpose()?;
    let actor = args.actor.as_deref().map(|a| ctx.actor(a)).transpose()?;
    let kinds: Vec<TieKind> = args.kinds.iter().map(|&k| k.into()).collect();
    let candidates: Vec<&Tie> = match &at {
        Some(sel) => data
            .ties_in_force(sel)
            .into_iter()
            .map(|k| data.tie(k))
            .collect(),
        None => data.ties().iter().collect(),
    };
    let ties: Vec<&Tie> = candidates
        .into_iter()
        .filter(|t| kinds.is_empty() || kinds.contains(&t.kind()))
        .filter(|t| actor.is_none_or(|a| t.involves(a)))
        .collect();
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Doc<T: Serialize> {
                at: Option<String>,
                ties: Vec<T>,
            }
            ctx.out.json(&Doc {
                at: at.map(|s| s.to_string()),
                ties: ties.iter().map(|t| data.tie_json(t)).collect(),
            })
        }
        Format::Csv => ctx.out.bytes(&ties_csv(data, &ties)?, false),
        _ => ctx.out.text(tie_table(data, &ties).render(ctx.out.color())),
    }
}
