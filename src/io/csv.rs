//! Reading and writing the CSV dataset format.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::sync::Arc;

use csv::{ByteRecord, ReaderBuilder, WriterBuilder};

use super::build::{Builder, RawActor, RawSource, RawTie, RawWeight, RowLoc};
use crate::error::{Location, Problem, ProblemKind};
use crate::model::{Actor, Dataset, Extra, Phase, Tie};

pub(crate) const ACTOR_COLUMNS: [&str; 7] =
    ["id", "name", "kind", "from", "until", "aliases", "note"];
const ACTOR_REQUIRED: [&str; 3] = ["id", "name", "kind"];
pub(crate) const TIE_COLUMNS: [&str; 10] = [
    "id", "source", "target", "kind", "start", "end", "with", "weight", "sources", "note",
];
const TIE_REQUIRED: [&str; 4] = ["source", "target", "kind", "start"];
pub(crate) const SOURCE_COLUMNS: [&str; 5] = ["id", "title", "publisher", "published", "reference"];
const SOURCE_REQUIRED: [&str; 1] = ["id"];

/// The largest field the loader accepts, in bytes; larger ones are rejected
/// rather than held in memory.
pub const MAX_FIELD_BYTES: usize = 1 << 20;

/// The header of one file: where each known column is, and the `x_` columns.
struct Header {
    /// Index of each known column (in the order of the `known` list), if present.
    known: Vec<Option<usize>>,
    /// `x_` columns: (index, name).
    extra: Vec<(usize, Box<str>)>,
    width: usize,
}

/// Reads the header row and checks it; `None` when it is unusable (the
/// problems are recorded).
fn header<R: Read>(
    reader: &mut csv::Reader<R>,
    file: &Arc<str>,
    known: &[&str],
    required: &[&str],
    builder: &mut Builder,
) -> Option<Header> {
    let mut record = ByteRecord::new();
    let problem = |kind, message: String| {
        Problem::new(Location::file(file.clone()).at_line(1), kind, message)
    };
    match reader.read_byte_record(&mut record) {
        Ok(true) => {}
        Ok(false) => {
            builder.problem(Problem::new(
                Location::file(file.clone()),
                ProblemKind::Empty,
                format!(
                    "the file is empty (expected a header row: {})",
                    known.join(",")
                ),
            ));
            return None;
        }
        Err(e) => {
            builder.problem(csv_problem(file, e));
            return None;
        }
    }
    let mut names = Vec::with_capacity(record.len());
    for (i, raw) in record.iter().enumerate() {
        // A byte-order mark from spreadsheet exports is not part of the name.
        let raw = if i == 0 {
            raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw)
        } else {
            raw
        };
        match std::str::from_utf8(raw) {
            Ok(name) => names.push(name.trim().to_owned()),
            Err(_) => {
                builder.problem(problem(
                    ProblemKind::Encoding,
                    format!("header field {} is not UTF-8", i + 1),
                ));
                return None;
            }
        }
    }
    let mut ok = true;
    let mut header = Header {
        known: vec![None; known.len()],
        extra: Vec::new(),
        width: names.len(),
    };
    for (i, name) in names.iter().enumerate() {
        if let Some(k) = known.iter().position(|k| k == name) {
            if header.known[k].is_some() {
                ok = false;
                builder.problem(problem(
                    ProblemKind::DuplicateColumn,
                    format!("column {} appears twice", crate::time::shown(name)),
                ));
            }
            header.known[k] = Some(i);
        } else if name.starts_with("x_") && name.len() > 2 {
            if header.extra.iter().any(|(_, n)| &**n == name) {
                ok = false;
                builder.problem(problem(
                    ProblemKind::DuplicateColumn,
                    format!("column {} appears twice", crate::time::shown(name)),
                ));
            }
            header.extra.push((i, name.as_str().into()));
        } else {
            ok = false;
            builder.problem(problem(
                ProblemKind::UnknownColumn,
                format!(
                    "unknown column {} (expected {}, or x_… for a custom column)",
                    crate::time::shown(name),
                    known.join(", ")
                ),
            ));
        }
    }
    for r in required {
        let k = known.iter().position(|k| k == r).unwrap_or(0);
        if header.known[k].is_none() {
            ok = false;
            builder.problem(problem(
                ProblemKind::MissingColumn,
                format!("the required column {r} is missing"),
            ));
        }
    }
    ok.then_some(header)
}

fn csv_problem(file: &Arc<str>, e: csv::Error) -> Problem {
    let loc = match e.position() {
        Some(p) => Location::file(file.clone()).at_line(p.line()),
        None => Location::file(file.clone()),
    };
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Problem::new(loc, ProblemKind::Io, format!("cannot read: {io}")),
        other => Problem::new(loc, ProblemKind::Syntax, format!("{:?}", other)),
    }
}

/// One record's fields as text, checked for encoding and size.
struct Row<'r> {
    fields: Vec<&'r str>,
    loc: RowLoc,
}

impl<'r> Row<'r> {
    fn get(&self, header: &Header, k: usize) -> &'r str {
        header.known[k]
            .and_then(|i| self.fields.get(i).copied())
            .unwrap_or("")
    }

    fn extra(&self, header: &Header) -> Extra {
        let mut extra = BTreeMap::new();
        for (i, name) in &header.extra {
            let value = self.fields.get(*i).copied().unwrap_or("");
            if !value.is_empty() {
                extra.insert(name.clone(), value.into());
            }
        }
        extra
    }
}

/// Reads every record of a file and hands each well-formed one to `each`.
fn rows<R: Read>(
    input: R,
    file: &str,
    known: &[&str],
    required: &[&str],
    builder: &mut Builder,
    mut each: impl FnMut(&mut Builder, &Header, Row<'_>),
) -> Vec<Box<str>> {
    let file: Arc<str> = file.into();
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let Some(header) = header(&mut reader, &file, known, required, builder) else {
        return Vec::new();
    };
    let mut record = ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let fatal = matches!(e.kind(), csv::ErrorKind::Io(_));
                builder.problem(csv_problem(&file, e));
                if fatal {
                    break;
                }
                continue;
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        let at = |column: Option<&str>| {
            let loc = Location::file(file.clone()).at_line(line);
            match column {
                Some(c) => loc.in_column(c),
                None => loc,
            }
        };
        if record.len() != header.width {
            builder.problem(Problem::new(
                at(None),
                ProblemKind::Syntax,
                format!(
                    "expected {} fields as in the header, found {}",
                    header.width,
                    record.len()
                ),
            ));
            continue;
        }
        let mut fields = Vec::with_capacity(record.len());
        let mut bad = false;
        // Fast path: the whole record is UTF-8 and short enough, so every
        // field is (delimiters are ASCII) — one check instead of one per field.
        let whole = record.as_slice();
        match std::str::from_utf8(whole) {
            Ok(text) if whole.len() <= MAX_FIELD_BYTES => {
                fields.extend((0..record.len()).filter_map(|i| record.range(i).map(|r| &text[r])));
            }
            _ => {
                for (i, raw) in record.iter().enumerate() {
                    if raw.len() > MAX_FIELD_BYTES {
                        let column = column_name(&header, known, i);
                        builder.problem(Problem::new(
                            at(Some(column)),
                            ProblemKind::TooLarge,
                            format!(
                                "the field is {} bytes long (at most {MAX_FIELD_BYTES})",
                                raw.len()
                            ),
                        ));
                        bad = true;
                        continue;
                    }
                    match std::str::from_utf8(raw) {
                        Ok(text) => fields.push(text),
                        Err(e) => {
                            let column = column_name(&header, known, i);
                            builder.problem(Problem::new(
                                at(Some(column)),
                                ProblemKind::Encoding,
                                format!(
                                    "the text is not UTF-8 (bad byte at offset {})",
                                    e.valid_up_to()
                                ),
                            ));
                            bad = true;
                        }
                    }
                }
            }
        }
        if bad {
            continue;
        }
        let loc = RowLoc {
            file: file.clone(),
            line: Some(line),
            path: None,
        };
        each(builder, &header, Row { fields, loc });
    }
    header.extra.into_iter().map(|(_, n)| n).collect()
}

fn column_name<'h>(header: &'h Header, known: &[&'h str], i: usize) -> &'h str {
    if let Some(k) = header.known.iter().position(|&c| c == Some(i)) {
        return known[k];
    }
    header
        .extra
        .iter()
        .find(|(c, _)| *c == i)
        .map_or("?", |(_, n)| &**n)
}

fn split_list(text: &str) -> Vec<&str> {
    text.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

pub(crate) fn read_actors<R: Read>(input: R, file: &str, builder: &mut Builder) {
    let columns = rows(
        input,
        file,
        &ACTOR_COLUMNS,
        &ACTOR_REQUIRED,
        builder,
        |b, h, row| {
            let raw = RawActor {
                id: row.get(h, 0),
                name: row.get(h, 1),
                kind: row.get(h, 2),
                from: row.get(h, 3),
                until: row.get(h, 4),
                aliases: split_list(row.get(h, 5)),
                note: row.get(h, 6),
                extra: row.extra(h),
                loc: row.loc,
            };
            b.actor(raw);
        },
    );
    builder.actor_columns = columns;
}

pub(crate) fn read_sources<R: Read>(input: R, file: &str, builder: &mut Builder) {
    let columns = rows(
        input,
        file,
        &SOURCE_COLUMNS,
        &SOURCE_REQUIRED,
        builder,
        |b, h, row| {
            let raw = RawSource {
                id: row.get(h, 0),
                title: row.get(h, 1),
                publisher: row.get(h, 2),
                published: row.get(h, 3),
                reference: row.get(h, 4),
                extra: row.extra(h),
                loc: row.loc,
            };
            b.source(raw);
        },
    );
    builder.source_columns = columns;
}

pub(crate) fn read_ties<R: Read>(input: R, file: &str, builder: &mut Builder) {
    builder.finish_actors();
    let columns = rows(
        input,
        file,
        &TIE_COLUMNS,
        &TIE_REQUIRED,
        builder,
        |b, h, row| {
            let raw = RawTie {
                id: row.get(h, 0),
                source: row.get(h, 1),
                target: row.get(h, 2),
                kind: row.get(h, 3),
                start: row.get(h, 4),
                end: row.get(h, 5),
                with: row.get(h, 6),
                weight: RawWeight::Text(row.get(h, 7).trim()),
                sources: split_list(row.get(h, 8)),
                note: row.get(h, 9),
                extra: row.extra(h),
                loc: row.loc,
            };
            b.tie(raw);
        },
    );
    builder.tie_columns = columns;
}

fn writer<W: Write>(w: W) -> csv::Writer<W> {
    WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w)
}

fn extras<'a>(columns: &'a [Box<str>], extra: &'a Extra) -> impl Iterator<Item = &'a str> {
    columns
        .iter()
        .map(move |c| extra.get(c).map_or("", |v| &**v))
}

fn date(d: Option<crate::Date>) -> String {
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

/// Writes ties in the `ties.csv` format.
pub(crate) fn write_tie_rows<'a, W: Write>(
    data: &Dataset,
    ties: impl Iterator<Item = &'a Tie>,
    out: W,
) -> csv::Result<()> {
    let tie_cols = data.extra_columns()[1];
    let mut w = writer(out);
    w.write_record(
        TIE_COLUMNS
            .iter()
            .copied()
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
            &sources,
            t.note().unwrap_or(""),
        ];
        w.write_record(fixed.into_iter().chain(extras(tie_cols, t.extra())))?;
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
        let mut w = writer(sources);
        w.write_record(
            SOURCE_COLUMNS
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
            ];
            w.write_record(fixed.into_iter().chain(extras(source_cols, s.extra())))?;
        }
        w.flush()?;
    }
    Ok(())
}
