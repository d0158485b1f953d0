//! Writing a dataset as CSV files.

use std::io::Write;

use csv::WriterBuilder;

use super::*;

pub(super) fn writer<W: Write>(w: W) -> csv::Writer<W> {
    WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w)
}

pub(super) fn extras<'a>(
    columns: &'a [Box<str>],
    extra: &'a Extra,
) -> impl Iterator<Item = &'a str> {
    columns
        .iter()
        .map(move |c| extra.get(c).map_or("", |v| &**v))
}

pub(super) fn date(d: Option<crate::Date>) -> String {
    d.map_or_else(String::new, |d| d.to_string())
}

/// Writes actor rows (one per phase) in the `actors.csv` format.
pub(crate) fn write_actor_rows<'a, W: Write>(
    data: &Dataset,
    rows: impl Iterator<Item = (&'a Actor, &'a Phase)>,
    out: W,
) -> csv::Result<()> {
    let actor_cols = data.extra_columns()[0];
    let mut w = writer(out);
    w.write_record(
        ACTOR_COLUMNS
            .iter()
            .copied()
            .chain(actor_cols.iter().map(|c| &**c)),
    )?;
    for (actor, p) in rows {
        let aliases = p.aliases().collect::<Vec<_>>().join(";");
        let (from, until) = (date(p.from()), date(p.until()));
        let fixed = [
            actor.id(),
            p.name(),
            p.kind().as_str(),
            &from,
            &until,
            &aliases,
            p.note().unwrap_or(""),
        ];
        w.write_record(fixed.into_iter().chain(extras(actor_cols, p.extra())))?;
    }
    w.flush()?;
    Ok(())
}

/// Writes ties in the `ties.csv` format. The `confidence` column is
/// written when some tie of the dataset is not `reported` (the default),
/// and `directed` when some tie's direction is not its kind's own, so that
/// a dataset without the columns is saved as it was read.
pub(crate) fn write_tie_rows<'a, W: Write>(
    data: &Dataset,
    ties: impl Iterator<Item = &'a Tie>,
    out: W,
) -> csv::Result<()> {
    let tie_cols = data.extra_columns()[1];
    let with_confidence = data.gives_confidence();
    let with_direction = data.gives_direction();
    let keep = |i: &usize| {
        (with_confidence || *i != TIE_CONFIDENCE) && (with_direction || *i != TIE_DIRECTED)
    };
    let mut w = writer(out);
    w.write_record(
        TIE_COLUMNS
            .iter()
            .enumerate()
            .filter(|(i, _)| keep(i))
            .map(|(_, c)| *c)
            .chain(tie_cols.iter().map(|c| &**c)),
    )?;
    for t in ties {
        let (start, end) = (t.start().to_string(), date(t.end()));
        let weight = t.weight_given().map_or_else(String::new, |w| w.to_string());
        let sources = data
            .tie_sources(t)
            .map(|s| s.id())
            .collect::<Vec<_>>()
            .join(";");
        let with = t.with().map_or("", |w| data.actor_id(w));
        let fixed = [
            t.id(),
            data.actor_id(t.source()),
            data.actor_id(t.target()),
            t.kind().as_str(),
            &start,
            &end,
            with,
            &weight,
            t.confidence().as_str(),
            &sources,
            t.note().unwrap_or(""),
            t.directed_given()
                .map_or("", |d| if d { "true" } else { "false" }),
        ];
        let fixed = fixed
            .into_iter()
            .enumerate()
            .filter(|(i, _)| keep(i))
            .map(|(_, f)| f);
        w.write_record(fixed.chain(extras(tie_cols, t.extra())))?;
    }
    w.flush()?;
    Ok(())
}

/// Writes the three files of a dataset. `sources` may be `None` when the
/// dataset has no sources.
pub(crate) fn write<A: Write, T: Write, S: Write>(
    data: &Dataset,
    actors: A,
    ties: T,
    sources: Option<S>,
) -> csv::Result<()> {
    let rows = data
        .actors()
        .iter()
        .flat_map(|a| a.phases().iter().map(move |p| (a, p)));
    write_actor_rows(data, rows, actors)?;
    write_tie_rows(data, data.ties().iter(), ties)?;
    let source_cols = data.extra_columns()[2];
    if let Some(sources) = sources {
        // `url` and `note` only when some source gives one.
        let more = data
            .sources()
            .iter()
            .any(|s| s.url().is_some() || s.note().is_some());
        let width = if more {
            SOURCE_COLUMNS.len()
        } else {
            SOURCE_BASIC
        };
        let mut w = writer(sources);
        w.write_record(
            SOURCE_COLUMNS[..width]
                .iter()
                .copied()
                .chain(source_cols.iter().map(|c| &**c)),
        )?;
        for s in data.sources() {
            let fixed = [
                s.id(),
                s.title().unwrap_or(""),
                s.publisher().unwrap_or(""),
                s.published().unwrap_or(""),
                s.reference().unwrap_or(""),
                s.url().unwrap_or(""),
                s.note().unwrap_or(""),
            ];
            w.write_record(
                fixed[..width]
                    .iter()
                    .copied()
                    .chain(extras(source_cols, s.extra())),
            )?;
        }
        w.flush()?;
    }
    Ok(())
}
