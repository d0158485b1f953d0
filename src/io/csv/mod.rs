//! Reading and writing the CSV dataset format: the columns and limits, the
//! header check and the rows of each file ([`guard`] stops a file at its
//! limits, [`split`] reads a large tie file on two threads, [`write`]
//! writes the files).

mod guard;
mod records;
mod split;
mod write;

use self::guard::{Guard, Limit, Limits, Syntax};
use self::records::{records, Ended};
#[cfg(test)]
pub(crate) use self::split::find_split;
pub(crate) use self::split::read_ties_file;
pub(crate) use self::write::{write, write_actor_rows, write_tie_rows};

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::Arc;

use csv::{ByteRecord, ReaderBuilder};

use super::build::{
    Builder, Lookup, RawActor, RawSource, RawTie, RawWeight, RowLoc, Sink, SourceList, TieSink,
};
use crate::error::{Location, Problem, ProblemKind};
use crate::model::{Actor, Dataset, Extra, Phase, Tie};

use super::fields::{self, Field, Required, Table};

/// The place of a column in its table, found when compiled (a misspelt
/// name does not compile).
macro_rules! at {
    ($table:ident, $name:literal) => {{
        const I: usize = Table::$table.index($name);
        I
    }};
}

pub(crate) const ACTOR_COLUMNS: [&str; 7] = fields::names(&fields::ACTORS);
pub(crate) const TIE_COLUMNS: [&str; 12] = fields::names(&fields::TIES);
/// The place of `confidence` in [`TIE_COLUMNS`]: written only when a tie gives one.
const TIE_CONFIDENCE: usize = Table::Ties.index("confidence");
/// The place of `directed` in [`TIE_COLUMNS`]: written only when a tie's
/// direction is not its kind's own.
const TIE_DIRECTED: usize = Table::Ties.index("directed");
pub(crate) const SOURCE_COLUMNS: [&str; 7] = fields::names(&fields::SOURCES);
/// How many of [`SOURCE_COLUMNS`] every saved `sources.csv` has: `url` and
/// `note` (round 2) only when a source gives one.
const SOURCE_BASIC: usize = Table::Sources.index("url");

/// The largest field the loader accepts, in bytes; larger ones are rejected
/// rather than held in memory.
pub const MAX_FIELD_BYTES: usize = 1 << 20;

/// The largest CSV or JSON file the loader reads, in bytes (1 GiB); a larger
/// one is rejected before it can fill the memory.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// The largest record (one row, all its fields, quotes and commas) the CSV
/// loader reads, in bytes (16 MiB). A longer one is almost always a quote
/// that is never closed.
pub const MAX_RECORD_BYTES: u64 = 16 << 20;

/// The most fields a CSV row (the header included) may have.
pub const MAX_COLUMNS: usize = 1024;

/// The most rows a CSV file may have, besides its header.
pub const MAX_ROWS: u64 = 10_000_000;

/// The header of one file: where each known column is, and the `x_` columns.
struct Header {
    /// Index of each known column (in the order of the `known` list), if present.
    known: Vec<Option<usize>>,
    /// `x_` columns: (index, name).
    extra: Vec<(usize, Box<str>)>,
    width: usize,
}

impl Header {
    /// The names of the `x_` columns, in file order.
    fn extra_names(self) -> Vec<Box<str>> {
        self.extra.into_iter().map(|(_, n)| n).collect()
    }
}

/// Reads the header row and checks it; `None` when it is unusable (the
/// problems are recorded).
fn header<R: Read, S: Sink>(
    reader: &mut csv::Reader<Guard<R>>,
    file: &Arc<str>,
    fields: &[Field],
    builder: &mut S,
) -> Option<Header> {
    let known: Vec<&str> = fields.iter().map(|f| f.name).collect();
    let mut record = ByteRecord::new();
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
            builder.problem(csv_problem(file, e, reader.get_ref().record_line()));
            return None;
        }
    }
    // Line 1, unless the file starts with blank lines.
    let line = reader.get_mut().take_record_line().unwrap_or(1);
    let problem = |kind, message: String| {
        Problem::new(Location::file(file.clone()).at_line(line), kind, message)
    };
    if let Some(p) = foreign_format(&record, file, line) {
        builder.problem(p);
        return None;
    }
    let names = match header_names(&record) {
        Ok(names) => names,
        Err(i) => {
            builder.problem(problem(
                ProblemKind::Encoding,
                format!("header field {} is not UTF-8", i + 1),
            ));
            return None;
        }
    };
    match columns(&names, fields) {
        Ok(header) => Some(header),
        Err(problems) => {
            for (kind, message) in problems {
                builder.problem(problem(kind, message));
            }
            None
        }
    }
}

/// The header's names, trimmed (a leading byte-order mark from spreadsheet
/// exports is not part of the first), or the index of one not UTF-8.
fn header_names(record: &ByteRecord) -> Result<Vec<String>, usize> {
    let mut names = Vec::with_capacity(record.len());
    for (i, raw) in record.iter().enumerate() {
        let raw = if i == 0 {
            raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw)
        } else {
            raw
        };
        let name = std::str::from_utf8(raw).map_err(|_| i)?;
        names.push(name.trim().to_owned());
    }
    Ok(names)
}

/// Where each known column is among a header's `names`, and its custom
/// (`x_`) columns; or every problem with them: a column twice, a column
/// neither known nor custom, a required column missing.
fn columns(names: &[String], fields: &[Field]) -> Result<Header, Vec<(ProblemKind, String)>> {
    let known: Vec<&str> = fields.iter().map(|f| f.name).collect();
    let mut problems = Vec::new();
    let twice = |name: &str| {
        (
            ProblemKind::DuplicateColumn,
            format!(
                "column {} appears twice",
                crate::escape::terminal::shown(name)
            ),
        )
    };
    let mut header = Header {
        known: vec![None; known.len()],
        extra: Vec::new(),
        width: names.len(),
    };
    for (i, name) in names.iter().enumerate() {
        if let Some(k) = known.iter().position(|k| k == name) {
            if header.known[k].is_some() {
                problems.push(twice(name));
            }
            header.known[k] = Some(i);
        } else if name.starts_with("x_") && name.len() > 2 {
            if header.extra.iter().any(|(_, n)| &**n == name) {
                problems.push(twice(name));
            }
            header.extra.push((i, name.as_str().into()));
        } else {
            problems.push((
                ProblemKind::UnknownColumn,
                format!(
                    "unknown column {} (expected {}, or x_… for a custom column)",
                    crate::escape::terminal::shown(name),
                    known.join(", ")
                ),
            ));
        }
    }
    for (k, f) in fields.iter().enumerate() {
        let r = f.name;
        if f.required == Required::Yes && header.known[k].is_none() {
            problems.push((
                ProblemKind::MissingColumn,
                format!("the required column {r} is missing"),
            ));
        }
    }
    if problems.is_empty() {
        Ok(header)
    } else {
        Err(problems)
    }
}

/// A header that shows the file is not comma-separated UTF-8 at all, as
/// spreadsheets export it in some settings: UTF-16 ("Unicode text"), or
/// separated by `;` (locales with a decimal comma) or tabs. One clear
/// problem instead of one per column.
fn foreign_format(header: &ByteRecord, file: &Arc<str>, line: u64) -> Option<Problem> {
    let first = header.get(0).unwrap_or_default();
    if first.starts_with(b"\xFF\xFE") || first.starts_with(b"\xFE\xFF") {
        return Some(Problem::new(
            Location::file(file.clone()),
            ProblemKind::Encoding,
            "the file is UTF-16 text (it starts with a UTF-16 byte-order mark): \
             save it as CSV in UTF-8",
        ));
    }
    let separator = [(b';', "semicolons"), (b'\t', "tabs")]
        .into_iter()
        .find(|(b, _)| header.len() == 1 && first.contains(b));
    separator.map(|(_, name)| {
        Problem::new(
            Location::file(file.clone()).at_line(line),
            ProblemKind::Syntax,
            format!(
                "the header is one column with {name} in it: \
                 save the file with commas between columns"
            ),
        )
    })
}

/// The problem of a failed read; `line` is where the record being read
/// starts, when known.
fn csv_problem(file: &Arc<str>, e: csv::Error, line: Option<u64>) -> Problem {
    let line = line.or_else(|| e.position().map(|p| p.line()));
    let loc = match line {
        Some(line) => Location::file(file.clone()).at_line(line),
        None => Location::file(file.clone()),
    };
    let limit = match e.kind() {
        csv::ErrorKind::Io(io) => io.get_ref().and_then(|e| e.downcast_ref::<Limit>()),
        _ => None,
    };
    match limit {
        // A file too large is a problem of the whole file: no line.
        Some(limit @ Limit::File(_)) => {
            return Problem::new(
                Location::file(file.clone()),
                ProblemKind::TooLarge,
                limit.to_string(),
            )
        }
        Some(limit) => return Problem::new(loc, ProblemKind::TooLarge, limit.to_string()),
        None => {}
    }
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
    fields: &[Field],
    builder: &mut Builder,
    limits: Limits,
    each: impl FnMut(&mut Builder, &Header, &Row<'_>),
) -> Vec<Box<str>> {
    let file: Arc<str> = file.into();
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(Guard::new(input, limits));
    let Some(header) = header(&mut reader, &file, fields, builder) else {
        return Vec::new();
    };
    let known: Vec<&str> = fields.iter().map(|f| f.name).collect();
    records(&mut reader, &file, &header, &known, builder, limits, each);
    header.extra_names()
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
        Table::Actors.fields(),
        builder,
        Limits::DEFAULT,
        |b, h, row| {
            let raw = RawActor {
                id: row.get(h, at!(Actors, "id")),
                name: row.get(h, at!(Actors, "name")),
                kind: row.get(h, at!(Actors, "kind")),
                from: row.get(h, at!(Actors, "from")),
                until: row.get(h, at!(Actors, "until")),
                aliases: split_list(row.get(h, at!(Actors, "aliases"))),
                note: row.get(h, at!(Actors, "note")),
                extra: row.extra(h),
                loc: &row.loc,
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
        Table::Sources.fields(),
        builder,
        Limits::DEFAULT,
        |b, h, row| {
            let raw = RawSource {
                id: row.get(h, at!(Sources, "id")),
                title: row.get(h, at!(Sources, "title")),
                publisher: row.get(h, at!(Sources, "publisher")),
                published: row.get(h, at!(Sources, "published")),
                reference: row.get(h, at!(Sources, "reference")),
                url: row.get(h, at!(Sources, "url")),
                note: row.get(h, at!(Sources, "note")),
                extra: row.extra(h),
                loc: &row.loc,
            };
            b.source(raw);
        },
    );
    builder.source_columns = columns;
}

/// A tie row as the builder takes it.
fn raw_tie<'r>(h: &Header, row: &'r Row<'r>) -> RawTie<'r> {
    RawTie {
        id: row.get(h, at!(Ties, "id")),
        source: row.get(h, at!(Ties, "source")),
        target: row.get(h, at!(Ties, "target")),
        kind: row.get(h, at!(Ties, "kind")),
        start: row.get(h, at!(Ties, "start")),
        end: row.get(h, at!(Ties, "end")),
        with: row.get(h, at!(Ties, "with")),
        // Not trimmed: ` 0.5` is refused as ` 2020` is.
        weight: RawWeight::Text(row.get(h, at!(Ties, "weight"))),
        confidence: row.get(h, at!(Ties, "confidence")),
        directed: row.get(h, at!(Ties, "directed")),
        sources: SourceList::Text(row.get(h, at!(Ties, "sources"))),
        note: row.get(h, at!(Ties, "note")),
        extra: row.extra(h),
        loc: &row.loc,
    }
}

pub(crate) fn read_ties<R: Read>(input: R, file: &str, builder: &mut Builder) {
    builder.finish_actors();
    let columns = rows(
        input,
        file,
        Table::Ties.fields(),
        builder,
        Limits::DEFAULT,
        |b, h, row| b.tie(raw_tie(h, row)),
    );
    builder.tie_columns = columns;
}
