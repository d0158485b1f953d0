//! Reading and writing the CSV dataset format.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;

use csv::{ByteRecord, ReaderBuilder, WriterBuilder};

use super::build::{
    Builder, Lookup, RawActor, RawSource, RawTie, RawWeight, RowLoc, Sink, SourceList, TieSink,
};
use crate::error::{Location, Problem, ProblemKind};
use crate::escape::terminal::shown;
use crate::model::{Actor, Dataset, Extra, Phase, Tie};

pub(crate) const ACTOR_COLUMNS: [&str; 7] =
    ["id", "name", "kind", "from", "until", "aliases", "note"];
const ACTOR_REQUIRED: [&str; 3] = ["id", "name", "kind"];
pub(crate) const TIE_COLUMNS: [&str; 11] = [
    "id",
    "source",
    "target",
    "kind",
    "start",
    "end",
    "with",
    "weight",
    "confidence",
    "sources",
    "note",
];
/// The place of `confidence` in [`TIE_COLUMNS`]: written only when a tie gives one.
const TIE_CONFIDENCE: usize = 8;
const TIE_REQUIRED: [&str; 4] = ["source", "target", "kind", "start"];
pub(crate) const SOURCE_COLUMNS: [&str; 7] = [
    "id",
    "title",
    "publisher",
    "published",
    "reference",
    "url",
    "note",
];
/// How many of [`SOURCE_COLUMNS`] every saved `sources.csv` has: `url` and
/// `note` are written only when a source gives one.
const SOURCE_BASIC: usize = 5;
const SOURCE_REQUIRED: [&str; 1] = ["id"];

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

/// The limits one file is read with: the constants above, smaller in tests.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub file_bytes: u64,
    pub record_bytes: u64,
    pub columns: usize,
    pub rows: u64,
    /// Non-empty custom (`x_`) values, all rows together.
    pub extra_values: u64,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        file_bytes: MAX_FILE_BYTES,
        record_bytes: MAX_RECORD_BYTES,
        columns: MAX_COLUMNS,
        rows: MAX_ROWS,
        extra_values: super::MAX_EXTRA_VALUES,
    };
}

/// Which limit stopped a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Limit {
    File(u64),
    Record(u64),
    Columns(usize),
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Limit::File(max) => write!(
                f,
                "the file is larger than {max} bytes, the most tiegraph reads"
            ),
            Limit::Record(max) => write!(
                f,
                "this row is longer than {max} bytes, the most tiegraph reads (is a closing quote missing?)"
            ),
            Limit::Columns(max) => write!(
                f,
                "this row has more than {max} fields, the most tiegraph reads"
            ),
        }
    }
}

impl std::error::Error for Limit {}

/// Where the scanner is in the CSV syntax, as csv-core reads it (default
/// dialect: `,` `"` doubled quotes, `\r`, `\n` or `\r\n` line ends).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    /// Before a record: line ends here are blank lines, skipped.
    RecordStart,
    /// At the start of a field: a `"` opens a quoted field.
    FieldStart,
    /// In a field that is not quoted: a `"` is text.
    Plain,
    /// In a quoted field: only a `"` matters (and line ends, for counting).
    Quoted,
    /// Just after a `"` in a quoted field: another `"` is an escaped quote,
    /// anything else ends the quotes.
    QuoteInQuoted,
}

/// Sits between a file and the csv reader, follows the CSV syntax as
/// csv-core reads it (so it knows where records and fields start and end),
/// and uses that for three things:
///
/// - it enforces [`Limits`] before the csv reader buffers anything: the csv
///   crate holds a whole record in memory, so a missing quote in a huge
///   file, or a file of zeros, would otherwise be read into memory whole;
/// - it tells whether the input ended inside a quoted field (csv-core takes
///   that silently as the end of the field, so an unclosed quote would
///   swallow the rest of the file into one value);
/// - it counts lines as an editor shows them, and notes the line on which
///   each record starts. The csv reader's own line numbers are off: it
///   counts `\n` only (not a lone `\r`, as old Mac spreadsheets end lines),
///   and it gives a record the position where it started looking for it,
///   before the `\n` of a `\r\n` and before any blank lines.
///
/// It never changes a byte.
struct Guard<R> {
    inner: R,
    limits: Limits,
    /// Input bytes seen so far.
    read: u64,
    /// Input offset of the first byte of the current record.
    record_start: u64,
    /// Fields of the current record so far.
    fields: usize,
    syntax: Syntax,
    /// The line of the next byte (1-based).
    line: u64,
    /// The last byte was a `\r` (a `\n` after it ends the same line).
    after_cr: bool,
    /// The first line of each record seen and not yet taken, in order.
    record_lines: std::collections::VecDeque<u64>,
    stopped: Option<Limit>,
    eof: bool,
}

impl<R: Read> Guard<R> {
    fn new(inner: R, limits: Limits) -> Guard<R> {
        Guard {
            inner,
            limits,
            read: 0,
            record_start: 0,
            fields: 1,
            syntax: Syntax::RecordStart,
            line: 1,
            after_cr: false,
            record_lines: std::collections::VecDeque::new(),
            stopped: None,
            eof: false,
        }
    }

    /// A guard for a part of a file that starts at byte `offset`, on line
    /// `line`, at the start of a record.
    fn starting_at(inner: R, limits: Limits, offset: u64, line: u64) -> Guard<R> {
        Guard {
            read: offset,
            record_start: offset,
            line,
            ..Guard::new(inner, limits)
        }
    }

    /// Whether everything read so far ends between records (and no limit
    /// stopped it).
    fn between_records(&self) -> bool {
        self.syntax == Syntax::RecordStart && self.stopped.is_none()
    }

    /// Whether the input ended inside a quoted field.
    fn ended_in_quotes(&self) -> bool {
        self.eof && self.syntax == Syntax::Quoted
    }

    /// The line on which the next record the csv reader returns starts.
    /// The reader reads ahead of the records it returns, never behind, so
    /// the records it returns are the ones noted first.
    fn take_record_line(&mut self) -> Option<u64> {
        self.record_lines.pop_front()
    }

    /// The line on which the record being read starts.
    fn record_line(&self) -> Option<u64> {
        self.record_lines.front().copied()
    }

    /// Follows the syntax over `bytes`; returns how many of them may be
    /// handed on (fewer when a limit is reached).
    fn scan(&mut self, bytes: &[u8]) -> usize {
        let limits = self.limits;
        let mut i = 0;
        while i < bytes.len() {
            let at = self.read;
            if at >= limits.file_bytes {
                self.stopped = Some(Limit::File(limits.file_bytes));
                return i;
            }
            if at - self.record_start >= limits.record_bytes {
                self.stopped = Some(Limit::Record(limits.record_bytes));
                return i;
            }
            // Most bytes are text and commas: go through a run of them in a
            // tight loop (within the limits), so that the guard costs little
            // next to the csv reader. Line ends, and quotes where they
            // matter, take the general way below.
            let room = (limits.file_bytes - at).min(limits.record_bytes - (at - self.record_start));
            let end = i + (bytes.len() - i).min(usize::try_from(room).unwrap_or(usize::MAX));
            let mut j = i;
            match self.syntax {
                Syntax::Plain | Syntax::FieldStart => {
                    let mut field_start = self.syntax == Syntax::FieldStart;
                    while j < end {
                        if field_start && bytes[j] == b'"' {
                            break;
                        }
                        // Jump to the next quote or line end (memchr); the
                        // commas before it are counted in bulk, in a loop
                        // the compiler vectorizes.
                        let rest = &bytes[j..end];
                        let k = memchr::memchr3(b'"', b'\n', b'\r', rest).unwrap_or(rest.len());
                        let span = &rest[..k];
                        let commas = span.iter().filter(|&&b| b == b',').count();
                        if self.fields + commas < limits.columns {
                            self.fields += commas;
                        } else {
                            // Near the column limit: comma by comma, to stop
                            // at the very one past it.
                            for (n, &b) in span.iter().enumerate() {
                                if b == b',' {
                                    if self.fields == limits.columns {
                                        self.stopped = Some(Limit::Columns(limits.columns));
                                        self.read += (j + n - i) as u64;
                                        return j + n;
                                    }
                                    self.fields += 1;
                                }
                            }
                        }
                        if let Some(&last) = span.last() {
                            field_start = last == b',';
                        }
                        j += k;
                        // A quote inside a field that is not quoted is text.
                        if j < end && bytes[j] == b'"' && !field_start {
                            j += 1;
                            continue;
                        }
                        break;
                    }
                    if j > i {
                        self.syntax = if field_start {
                            Syntax::FieldStart
                        } else {
                            Syntax::Plain
                        };
                    }
                }
                Syntax::Quoted => {
                    j += memchr::memchr3(b'"', b'\r', b'\n', &bytes[i..end]).unwrap_or(end - i);
                }
                _ => {}
            }
            if j > i {
                self.read += (j - i) as u64;
                self.after_cr = false;
                i = j;
                continue;
            }
            let b = bytes[i];
            // `\n`, `\r\n` and a lone `\r` each end one line, in quotes too.
            let line_end = b == b'\r' || (b == b'\n' && !self.after_cr);
            self.after_cr = b == b'\r';
            let starts_record = self.syntax == Syntax::RecordStart && !matches!(b, b'\r' | b'\n');
            if starts_record {
                self.record_lines.push_back(self.line);
                self.record_start = at;
                self.fields = 1;
            }
            self.syntax = match (self.syntax, b) {
                (Syntax::Quoted, b'"') => Syntax::QuoteInQuoted,
                (Syntax::Quoted, _) => Syntax::Quoted,
                (Syntax::RecordStart | Syntax::FieldStart | Syntax::QuoteInQuoted, b'"') => {
                    Syntax::Quoted
                }
                (_, b',') => {
                    self.fields += 1;
                    if self.fields > limits.columns {
                        self.stopped = Some(Limit::Columns(limits.columns));
                        return i;
                    }
                    Syntax::FieldStart
                }
                (_, b'\r' | b'\n') => Syntax::RecordStart,
                _ => Syntax::Plain,
            };
            if line_end {
                self.line += 1;
            }
            self.read += 1;
            i += 1;
        }
        bytes.len()
    }
}

impl<R: Read> Read for Guard<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if let Some(limit) = self.stopped {
            return Err(std::io::Error::other(limit));
        }
        let n = self.inner.read(out)?;
        if n == 0 {
            self.eof = !out.is_empty();
            return Ok(0);
        }
        // csv-core drops a byte-order mark at the very start, if it gets
        // the three bytes at once (it gets what this read returns).
        let skip = if self.read == 0 && out[..n].starts_with(b"\xEF\xBB\xBF") {
            self.read = 3;
            3
        } else {
            0
        };
        let handed = skip + self.scan(&out[skip..n]);
        if handed == 0 {
            if let Some(limit) = self.stopped {
                return Err(std::io::Error::other(limit));
            }
        }
        Ok(handed)
    }
}

/// An emptied list of field texts that keeps its allocation, for texts of
/// another lifetime (collecting an empty `Vec` into one of the same layout
/// reuses its allocation).
fn recycle<'b>(mut fields: Vec<&str>) -> Vec<&'b str> {
    fields.clear();
    fields.into_iter().map(|_| "").collect()
}

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
    known: &[&str],
    required: &[&str],
    builder: &mut S,
) -> Option<Header> {
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
                    format!("column {} appears twice", shown(name)),
                ));
            }
            header.known[k] = Some(i);
        } else if name.starts_with("x_") && name.len() > 2 {
            if header.extra.iter().any(|(_, n)| &**n == name) {
                ok = false;
                builder.problem(problem(
                    ProblemKind::DuplicateColumn,
                    format!("column {} appears twice", shown(name)),
                ));
            }
            header.extra.push((i, name.as_str().into()));
        } else {
            ok = false;
            builder.problem(problem(
                ProblemKind::UnknownColumn,
                format!(
                    "unknown column {} (expected {}, or x_… for a custom column)",
                    shown(name),
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
    known: &[&str],
    required: &[&str],
    builder: &mut Builder,
    limits: Limits,
    each: impl FnMut(&mut Builder, &Header, &Row<'_>),
) -> Vec<Box<str>> {
    let file: Arc<str> = file.into();
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(Guard::new(input, limits));
    let Some(header) = header(&mut reader, &file, known, required, builder) else {
        return Vec::new();
    };
    records(&mut reader, &file, &header, known, builder, limits, each);
    header.extra_names()
}

/// How a run of [`records`] ended.
struct Ended {
    /// Rows handed on or rejected.
    rows: u64,
    /// Non-empty custom values in the rows handed on.
    extra_values: u64,
    /// Whether it stopped early: a limit, a fatal error, a full sink.
    stopped: bool,
}

/// Reads the records after the header and hands each well-formed one to `each`.
fn records<R: Read, S: Sink>(
    reader: &mut csv::Reader<Guard<R>>,
    file: &Arc<str>,
    header: &Header,
    known: &[&str],
    builder: &mut S,
    limits: Limits,
    mut each: impl FnMut(&mut S, &Header, &Row<'_>),
) -> Ended {
    let mut record = ByteRecord::new();
    let mut count: u64 = 0;
    let mut extra_values: u64 = 0;
    let mut stopped = false;
    let mut spare: Vec<&'static str> = Vec::new();
    loop {
        if builder.is_full() {
            // Enough to fix first; the rest of the file is not read.
            stopped = true;
            break;
        }
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let fatal = matches!(e.kind(), csv::ErrorKind::Io(_));
                let line = reader.get_ref().record_line();
                builder.problem(csv_problem(file, e, line));
                if fatal {
                    stopped = true;
                    break;
                }
                continue;
            }
        }
        let line = reader
            .get_mut()
            .take_record_line()
            .or_else(|| record.position().map(|p| p.line()))
            .unwrap_or(0);
        let at = |column: Option<&str>| {
            let loc = Location::file(file.clone()).at_line(line);
            match column {
                Some(c) => loc.in_column(c),
                None => loc,
            }
        };
        if reader.get_ref().ended_in_quotes() {
            // csv-core ends a quoted field at the end of the input without
            // a word: say it, or the rest of the file would be one value.
            let column = column_name(header, known, record.len().saturating_sub(1));
            builder.problem(Problem::new(
                at(Some(column)),
                ProblemKind::Syntax,
                "this quoted field is never closed (a closing \" is missing), \
                 so it runs to the end of the file",
            ));
            stopped = true;
            break;
        }
        count += 1;
        if count > limits.rows {
            stopped = true;
            builder.problem(Problem::new(
                at(None),
                ProblemKind::TooLarge,
                format!(
                    "the file has more than {} rows, the most tiegraph reads",
                    limits.rows
                ),
            ));
            break;
        }
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
        // The field list of the last row, emptied: its allocation is reused
        // (a million rows should not mean a million small allocations).
        let mut fields: Vec<&str> = recycle(std::mem::take(&mut spare));
        let mut bad = false;
        // Fast path: the whole record is UTF-8 and short enough — one check
        // instead of one per field. The record holds its fields end to end,
        // without delimiters, so a character may straddle two fields (one
        // ends with its first bytes, the next starts with the rest): each
        // field must also start and end on a character boundary.
        let whole = record.as_slice();
        let text = std::str::from_utf8(whole).ok();
        let split = text
            .filter(|_| whole.len() <= MAX_FIELD_BYTES)
            .is_some_and(|text| {
                let all = (0..record.len()).map(|i| record.range(i).and_then(|r| text.get(r)));
                for field in all {
                    match field {
                        Some(field) => fields.push(field),
                        None => return false,
                    }
                }
                true
            });
        match split {
            true => {}
            false => {
                fields.clear();
                for (i, raw) in record.iter().enumerate() {
                    if raw.len() > MAX_FIELD_BYTES {
                        let column = column_name(header, known, i);
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
                            let column = column_name(header, known, i);
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
            spare = recycle(fields);
            continue;
        }
        // Custom values are counted before the row is handed on (and they
        // are kept): the file stops at the first one past the limit.
        if !header.extra.is_empty() {
            let mut over = None;
            for (i, _) in &header.extra {
                if !fields[*i].is_empty() {
                    extra_values += 1;
                    if extra_values > limits.extra_values {
                        over = Some(*i);
                        break;
                    }
                }
            }
            if let Some(i) = over {
                stopped = true;
                builder.problem(Problem::new(
                    at(Some(column_name(header, known, i))),
                    ProblemKind::TooLarge,
                    format!(
                        "the file has more than {} custom (x_) values, the most tiegraph reads",
                        limits.extra_values
                    ),
                ));
                break;
            }
        }
        let loc = RowLoc {
            file: file.clone(),
            line: Some(line),
            path: None,
        };
        let row = Row { fields, loc };
        each(builder, header, &row);
        spare = recycle(row.fields);
    }
    Ended {
        rows: count,
        extra_values,
        stopped,
    }
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
        Limits::DEFAULT,
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
        &SOURCE_COLUMNS,
        &SOURCE_REQUIRED,
        builder,
        Limits::DEFAULT,
        |b, h, row| {
            let raw = RawSource {
                id: row.get(h, 0),
                title: row.get(h, 1),
                publisher: row.get(h, 2),
                published: row.get(h, 3),
                reference: row.get(h, 4),
                url: row.get(h, 5),
                note: row.get(h, 6),
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
        id: row.get(h, 0),
        source: row.get(h, 1),
        target: row.get(h, 2),
        kind: row.get(h, 3),
        start: row.get(h, 4),
        end: row.get(h, 5),
        with: row.get(h, 6),
        // Not trimmed: ` 0.5` is refused as ` 2020` is.
        weight: RawWeight::Text(row.get(h, 7)),
        confidence: row.get(h, 8),
        sources: SourceList::Text(row.get(h, 9)),
        note: row.get(h, 10),
        extra: row.extra(h),
        loc: &row.loc,
    }
}

pub(crate) fn read_ties<R: Read>(input: R, file: &str, builder: &mut Builder) {
    builder.finish_actors();
    let columns = rows(
        input,
        file,
        &TIE_COLUMNS,
        &TIE_REQUIRED,
        builder,
        Limits::DEFAULT,
        |b, h, row| b.tie(raw_tie(h, row)),
    );
    builder.tie_columns = columns;
}

/// An upper bound on the rows of a tie file of `bytes` bytes (a tie row is
/// rarely shorter than 40 bytes), to make room for them at once.
fn rows_estimate(bytes: u64) -> usize {
    usize::try_from(bytes / 40)
        .unwrap_or(0)
        .min(MAX_ROWS as usize)
}

/// Reads a `ties.csv` file: in two parts on two threads when it is at least
/// `parallel_from` bytes long and the machine has two cores, else as
/// [`read_ties`] does.
///
/// The second part starts at a line end near the middle that seems to end
/// a record (the next line has the header's number of fields and no open
/// quote). That is only a guess, since a quoted field may hold line ends:
/// the first part checks it, by reading up to that point, and when the
/// guess was wrong (or a limit was reached) the file is read again on one
/// thread. The result is the same either way: the same ties, problems and
/// line numbers.
pub(crate) fn read_ties_file(
    f: std::fs::File,
    path: &Path,
    file: &str,
    builder: &mut Builder,
    parallel_from: u64,
) {
    let len = f.metadata().map_or(0, |m| m.len());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if len < parallel_from || cores < 2 {
        builder.reserve_ties(rows_estimate(len));
        read_ties(std::io::BufReader::new(f), file, builder);
        return;
    }
    builder.finish_actors();
    let name: Arc<str> = file.into();
    let limits = Limits::DEFAULT;
    let input = std::io::BufReader::with_capacity(1 << 16, f).take(u64::MAX);
    // The csv reader reads ahead of the header by its buffer: the csv
    // crate's 8 KiB, or less for a small file (read in two parts only by
    // the tests and the fuzz target), so that it can still be split.
    let buffer = usize::try_from(len / 4)
        .unwrap_or(usize::MAX)
        .clamp(64, 8 << 10);
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(buffer)
        .from_reader(Guard::new(input, limits));
    let Some(header) = header(&mut reader, &name, &TIE_COLUMNS, &TIE_REQUIRED, builder) else {
        return;
    };
    let consumed = reader.get_ref().read;
    let Some(split) = find_split(path, consumed, len, header.width) else {
        builder.reserve_ties(rows_estimate(len));
        records(
            &mut reader,
            &name,
            &header,
            &TIE_COLUMNS,
            builder,
            limits,
            |b, h, row| b.tie(raw_tie(h, row)),
        );
        builder.tie_columns = header.extra_names();
        return;
    };
    reader.get_mut().inner.set_limit(split - consumed);
    let mut first = builder.new_sink();
    let mut second = builder.new_sink();
    // The first part's arrays get the second part's appended.
    first.reserve(rows_estimate(len));
    second.in_blocks();
    let lookup = builder.lookup();
    // Each part may keep half the custom values: the two together stay
    // within the limit. A part that needs more stops, and the file is read
    // again on one thread, with the whole limit (and the exact problem).
    let half = Limits {
        extra_values: limits.extra_values / 2,
        ..limits
    };
    let (ended, clean, other) = std::thread::scope(|scope| {
        let (send_line, first_line) = std::sync::mpsc::channel();
        let job = scope.spawn(|| {
            read_part(
                path,
                split,
                &name,
                &header,
                lookup,
                &mut second,
                first_line,
                half,
            )
        });
        let tie = |s: &mut TieSink, h: &Header, row: &Row<'_>| s.tie(lookup, raw_tie(h, row));
        let ended = records(
            &mut reader,
            &name,
            &header,
            &TIE_COLUMNS,
            &mut first,
            half,
            tie,
        );
        let clean = !ended.stopped && reader.get_ref().between_records();
        // The line the second part starts on (if the first part is clean).
        let _ = send_line.send(reader.get_ref().line);
        first.prepare();
        let other = job
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (ended, clean, other)
    });
    builder.tie_columns = header.extra_names();
    if first.is_full() {
        // One thread would have stopped reading at the same row.
        builder.add_sink(first);
        return;
    }
    match other {
        Some(rest)
            if clean
                && ended.rows + rest.rows <= limits.rows
                && rest.extra_values <= half.extra_values =>
        {
            builder.add_sink(first);
            builder.add_sink(second);
        }
        _ => {
            // The guess was wrong, or a limit was reached: read it all again
            // on one thread, for the exact problems.
            drop((first, second));
            match std::fs::File::open(path) {
                Ok(f) => read_ties(std::io::BufReader::new(f), file, builder),
                Err(e) => builder.problem(Problem::new(
                    Location::file(name.clone()),
                    ProblemKind::Io,
                    format!("cannot read the file: {e}"),
                )),
            }
        }
    }
}

/// Reads the part of a tie file from byte `split` on (a record start) into
/// `sink`. `None` when the file cannot be read again.
///
/// Lines are counted from the part's start, and moved down once the first
/// part, read at the same time, sends the line its end is on.
#[allow(clippy::too_many_arguments)]
fn read_part(
    path: &Path,
    split: u64,
    name: &Arc<str>,
    header: &Header,
    lookup: &Lookup,
    sink: &mut TieSink,
    first_line: std::sync::mpsc::Receiver<u64>,
    limits: Limits,
) -> Option<Ended> {
    use std::io::{Seek, SeekFrom};
    let mut f = std::fs::File::open(path).ok()?;
    f.seek(SeekFrom::Start(split)).ok()?;
    let input = std::io::BufReader::with_capacity(1 << 16, f);
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(Guard::starting_at(input, limits, split, 1));
    // Its own copy of the name: each row holds a reference to it, and two
    // threads counting references to one string would contend for it.
    let name: Arc<str> = Arc::from(&**name);
    let tie = |s: &mut TieSink, h: &Header, row: &Row<'_>| s.tie(lookup, raw_tie(h, row));
    let ended = records(&mut reader, &name, header, &TIE_COLUMNS, sink, limits, tie);
    // The first part ends where this one starts: on its last line.
    let line = first_line.recv().ok()?;
    sink.shift_lines(line - 1);
    sink.prepare();
    Some(ended)
}

/// A byte offset near the middle of a tie file, after `from`, where a
/// record seems to start: just after a line end, before a line that has
/// `width` fields and closes every quote it opens.
pub(crate) fn find_split(path: &Path, from: u64, len: u64, width: usize) -> Option<u64> {
    use std::io::{Seek, SeekFrom};
    let start = (len / 2).max(from);
    let mut f = std::fs::File::open(path).ok()?;
    f.seek(SeekFrom::Start(start)).ok()?;
    let mut window = Vec::with_capacity(1 << 16);
    f.take(1 << 16).read_to_end(&mut window).ok()?;
    let mut ends = memchr::memchr_iter(b'\n', &window).peekable();
    while let Some(end) = ends.next() {
        let next = *ends.peek()?;
        if looks_like_record(&window[end + 1..next], width) {
            return Some(start + end as u64 + 1);
        }
    }
    None
}

/// Whether `line` (without its line end) reads as one whole record of
/// `width` fields.
fn looks_like_record(line: &[u8], width: usize) -> bool {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.is_empty() || line.contains(&b'\r') {
        return false;
    }
    let mut fields = 1;
    let mut syntax = Syntax::FieldStart;
    for &b in line {
        syntax = match (syntax, b) {
            (Syntax::Quoted, b'"') => Syntax::QuoteInQuoted,
            (Syntax::Quoted, _) => Syntax::Quoted,
            (Syntax::FieldStart | Syntax::QuoteInQuoted, b'"') => Syntax::Quoted,
            (_, b',') => {
                fields += 1;
                Syntax::FieldStart
            }
            _ => Syntax::Plain,
        };
    }
    syntax != Syntax::Quoted && fields == width
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

/// Writes ties in the `ties.csv` format. The `confidence` column is
/// written when some tie of the dataset is not `reported` (the default),
/// so that a dataset without the column is saved as it was read.
pub(crate) fn write_tie_rows<'a, W: Write>(
    data: &Dataset,
    ties: impl Iterator<Item = &'a Tie>,
    out: W,
) -> csv::Result<()> {
    let tie_cols = data.extra_columns()[1];
    let with_confidence = data.gives_confidence();
    let keep = |i: &usize| with_confidence || *i != TIE_CONFIDENCE;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `input` as `rows` does, with `limits`: the records' first lines
    /// as the guard notes them, or the problem that stopped the file.
    fn read(input: &[u8], limits: Limits) -> (Vec<u64>, Vec<String>) {
        let mut builder = Builder::new();
        let mut lines = Vec::new();
        rows(
            input,
            "t.csv",
            &["a", "b", "c"],
            &[],
            &mut builder,
            limits,
            |_, _, row| lines.push(row.loc.line.unwrap_or(0)),
        );
        let problems = match builder.finish() {
            Ok(_) => Vec::new(),
            Err(p) => p.iter().map(ToString::to_string).collect(),
        };
        (lines, problems)
    }

    const SMALL: Limits = Limits {
        file_bytes: 100,
        record_bytes: 20,
        columns: 3,
        rows: 2,
        extra_values: u64::MAX,
    };

    #[test]
    fn each_limit_stops_the_file_with_its_line() {
        let (lines, problems) = read(b"a,b,c\n1,2,3\n4,5,6\n7,8,9\n", SMALL);
        assert_eq!(lines, [2, 3]);
        assert_eq!(
            problems,
            ["t.csv:4: the file has more than 2 rows, the most tiegraph reads"]
        );
        let (lines, problems) = read(b"a,b,c\n1,2,3\n\n4,5,6,7\n", SMALL);
        assert_eq!(lines, [2]);
        assert_eq!(
            problems,
            ["t.csv:4: this row has more than 3 fields, the most tiegraph reads"]
        );
        let (_, problems) = read(b"a,b,c\n1,2,\"3\n\n\n45678901234567890\"\n", SMALL);
        assert_eq!(
            problems,
            ["t.csv:2: this row is longer than 20 bytes, the most tiegraph reads (is a closing quote missing?)"]
        );
        let big = format!("a,b,c\n{}", "1,2,3\r\n".repeat(20));
        let limits = Limits { rows: 100, ..SMALL };
        let (lines, problems) = read(big.as_bytes(), limits);
        assert_eq!(lines.len(), 13);
        assert_eq!(
            problems,
            ["t.csv: the file is larger than 100 bytes, the most tiegraph reads"]
        );
    }

    /// A reader that hands out one byte at a time, so that every byte is at
    /// the edge of a read.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let Some((&b, rest)) = self.0.split_first() else {
                return Ok(0);
            };
            if out.is_empty() {
                return Ok(0);
            }
            out[0] = b;
            self.0 = rest;
            Ok(1)
        }
    }

    /// The guard's rules one byte at a time, without its fast paths: where
    /// it stops (and why), the first line of each record, the final state.
    fn reference(bytes: &[u8], limits: Limits) -> (Option<(usize, Limit)>, Vec<u64>, Syntax) {
        let (mut syntax, mut line, mut after_cr) = (Syntax::RecordStart, 1, false);
        let (mut record_start, mut fields, mut lines) = (0, 1, Vec::new());
        for (i, &b) in bytes.iter().enumerate() {
            let at = i as u64;
            if at >= limits.file_bytes {
                return (Some((i, Limit::File(limits.file_bytes))), lines, syntax);
            }
            if at - record_start >= limits.record_bytes {
                return (Some((i, Limit::Record(limits.record_bytes))), lines, syntax);
            }
            let line_end = b == b'\r' || (b == b'\n' && !after_cr);
            after_cr = b == b'\r';
            if syntax == Syntax::RecordStart && !matches!(b, b'\r' | b'\n') {
                lines.push(line);
                record_start = at;
                fields = 1;
            }
            syntax = match (syntax, b) {
                (Syntax::Quoted, b'"') => Syntax::QuoteInQuoted,
                (Syntax::Quoted, _) => Syntax::Quoted,
                (Syntax::RecordStart | Syntax::FieldStart | Syntax::QuoteInQuoted, b'"') => {
                    Syntax::Quoted
                }
                (_, b',') => {
                    fields += 1;
                    if fields > limits.columns {
                        return (Some((i, Limit::Columns(limits.columns))), lines, syntax);
                    }
                    Syntax::FieldStart
                }
                (_, b'\r' | b'\n') => Syntax::RecordStart,
                _ => Syntax::Plain,
            };
            line += u64::from(line_end);
        }
        (None, lines, syntax)
    }

    proptest::proptest! {
        /// The guard's fast paths change nothing: it stops where the rules
        /// applied one byte at a time stop, and notes the same lines,
        /// however the input is cut into reads.
        #[test]
        fn the_guard_applies_its_rules_to_every_byte(
            text in "[ab,\"\r\n]{0,60}",
            file_bytes in 1u64..70,
            record_bytes in 1u64..30,
            columns in 1usize..6,
            trickle in proptest::bool::ANY,
        ) {
            let bytes = text.as_bytes();
            let limits = Limits { file_bytes, record_bytes, columns, rows: u64::MAX, extra_values: u64::MAX };
            let (stop, lines, syntax) = reference(bytes, limits);
            let input: Box<dyn Read> = if trickle { Box::new(Trickle(bytes)) } else { Box::new(bytes) };
            let mut guard = Guard::new(input, limits);
            let mut handed = Vec::new();
            let mut buf = [0; 7];
            let stopped = loop {
                match guard.read(&mut buf) {
                    Ok(0) => break None,
                    Ok(n) => handed.extend_from_slice(&buf[..n]),
                    Err(e) => break e.get_ref().and_then(|e| e.downcast_ref::<Limit>()).copied(),
                }
            };
            proptest::prop_assert_eq!(stopped, stop.map(|(_, l)| l));
            let until = stop.map_or(bytes.len(), |(i, _)| i);
            proptest::prop_assert_eq!(&handed[..], &bytes[..until]);
            proptest::prop_assert_eq!(Vec::from(guard.record_lines.clone()), lines);
            if stop.is_none() {
                proptest::prop_assert_eq!(guard.syntax, syntax);
                proptest::prop_assert_eq!(guard.ended_in_quotes(), syntax == Syntax::Quoted);
            }
        }

        /// The guard sees the records the csv reader reads (one first line
        /// for each, in order, never fewer), whatever the quotes and line
        /// ends, and however the input is cut into reads.
        #[test]
        fn the_guard_follows_the_csv_reader(
            text in "[a,\"\r\n ]{0,40}",
            trickle in proptest::bool::ANY,
        ) {
            let bytes = text.as_bytes();
            let mut plain = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(bytes);
            let expected: Vec<ByteRecord> = plain.byte_records().map(|r| r.expect("in memory")).collect();
            let input: Box<dyn Read> = if trickle { Box::new(Trickle(bytes)) } else { Box::new(bytes) };
            let mut guarded = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(Guard::new(input, Limits::DEFAULT));
            let mut record = ByteRecord::new();
            let mut lines = Vec::new();
            let mut got = Vec::new();
            while guarded.read_byte_record(&mut record).expect("in memory") {
                got.push(record.clone());
                lines.push(guarded.get_mut().take_record_line());
            }
            proptest::prop_assert_eq!(&got, &expected);
            proptest::prop_assert!(lines.iter().all(Option::is_some), "{:?}", lines);
            proptest::prop_assert!(lines.windows(2).all(|w| w[0] < w[1]), "{:?}", lines);
            // Lines as an editor counts them: `\n`, `\r\n` or a lone `\r`.
            let total = 1 + text.replace("\r\n", "\n").matches(['\r', '\n']).count() as u64;
            proptest::prop_assert!(lines.iter().flatten().all(|&l| l <= total));
        }
    }
}
