//! The records of a CSV file after its header: each checked as a whole
//! (closed quotes, row limit, width), its fields as UTF-8 text within the
//! size limit, its custom values counted, then handed on as a [`Row`].

use std::io::Read;
use std::sync::Arc;

use csv::ByteRecord;

use super::guard::{Guard, Limits};
use super::{column_name, csv_problem, Header, Row, MAX_FIELD_BYTES};
use crate::error::{Location, Problem, ProblemKind};
use crate::io::build::{RowLoc, RowPath, Sink};

/// An emptied list of field texts that keeps its allocation, for texts of
/// another lifetime (collecting an empty `Vec` into one of the same layout
/// reuses its allocation).
pub(super) fn recycle<'b>(mut fields: Vec<&str>) -> Vec<&'b str> {
    fields.clear();
    fields.into_iter().map(|_| "").collect()
}

/// How a run of [`records`] ended.
pub(super) struct Ended {
    /// Rows handed on or rejected.
    pub(super) rows: u64,
    /// Non-empty custom values in the rows handed on.
    pub(super) extra_values: u64,
    /// Whether it stopped early: a limit, a fatal error, a full sink.
    pub(super) stopped: bool,
}

/// Reads the records after the header and hands each well-formed one to `each`.
pub(super) fn records<R: Read, S: Sink>(
    reader: &mut csv::Reader<Guard<R>>,
    file: &Arc<str>,
    header: &Header,
    known: &[&str],
    builder: &mut S,
    limits: Limits,
    mut each: impl FnMut(&mut S, &Header, &Row<'_>),
) -> Ended {
    let mut record = ByteRecord::new();
    let mut ended = Ended {
        rows: 0,
        extra_values: 0,
        stopped: false,
    };
    // The field list of the last row, emptied: its allocation is reused
    // (a million rows should not mean a million small allocations).
    let mut spare: Vec<&'static str> = Vec::new();
    loop {
        if builder.is_full() {
            // Enough to fix first; the rest of the file is not read.
            ended.stopped = true;
            break;
        }
        let line = match next_record(reader, &mut record, file, builder) {
            Next::Record(line) => line,
            Next::Skip => continue,
            Next::End => break,
            Next::Stop => {
                ended.stopped = true;
                break;
            }
        };
        let at = |column: Option<&str>| {
            let loc = Location::file(file.clone()).at_line(line);
            match column {
                Some(c) => loc.in_column(c),
                None => loc,
            }
        };
        let quotes = reader.get_ref().ended_in_quotes();
        if let Some((problem, stop)) = shape(quotes, &record, header, known, &mut ended, limits, at)
        {
            builder.problem(problem);
            if stop {
                ended.stopped = true;
                break;
            }
            continue;
        }
        let mut fields: Vec<&str> = recycle(std::mem::take(&mut spare));
        if !split_fields(&record, &mut fields, header, known, builder, at) {
            spare = recycle(fields);
            continue;
        }
        // Custom values are counted before the row is handed on (and they
        // are kept): the file stops at the first one past the limit.
        if let Some(i) = past_extra_limit(&fields, header, &mut ended.extra_values, limits) {
            ended.stopped = true;
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
        let loc = RowLoc {
            file: file.clone(),
            line: Some(line),
            path: RowPath::None,
        };
        let row = Row { fields, loc };
        each(builder, header, &row);
        spare = recycle(row.fields);
    }
    ended
}

/// What reading the next record gave.
pub(super) enum Next {
    /// A record, starting on this line.
    Record(u64),
    /// A record the csv crate refused (the problem is recorded).
    Skip,
    /// The end of the file.
    End,
    /// An input error (recorded): the file stops.
    Stop,
}

pub(super) fn next_record<R: Read, S: Sink>(
    reader: &mut csv::Reader<Guard<R>>,
    record: &mut ByteRecord,
    file: &Arc<str>,
    builder: &mut S,
) -> Next {
    match reader.read_byte_record(record) {
        Ok(true) => {}
        Ok(false) => return Next::End,
        Err(e) => {
            let fatal = matches!(e.kind(), csv::ErrorKind::Io(_));
            let line = reader.get_ref().record_line();
            builder.problem(csv_problem(file, e, line));
            return if fatal { Next::Stop } else { Next::Skip };
        }
    }
    let line = reader
        .get_mut()
        .take_record_line()
        .or_else(|| record.position().map(|p| p.line()))
        .unwrap_or(0);
    Next::Record(line)
}

/// A problem with a record as a whole, and whether it stops the file: a
/// quoted field never closed (stops), one row past the limit (stops), the
/// wrong number of fields. Counts the row.
pub(super) fn shape(
    ended_in_quotes: bool,
    record: &ByteRecord,
    header: &Header,
    known: &[&str],
    ended: &mut Ended,
    limits: Limits,
    at: impl Fn(Option<&str>) -> Location,
) -> Option<(Problem, bool)> {
    if ended_in_quotes {
        // csv-core ends a quoted field at the end of the input without
        // a word: say it, or the rest of the file would be one value.
        let column = column_name(header, known, record.len().saturating_sub(1));
        let problem = Problem::new(
            at(Some(column)),
            ProblemKind::Syntax,
            "this quoted field is never closed (a closing \" is missing), \
             so it runs to the end of the file",
        );
        return Some((problem, true));
    }
    ended.rows += 1;
    if ended.rows > limits.rows {
        let problem = Problem::new(
            at(None),
            ProblemKind::TooLarge,
            format!(
                "the file has more than {} rows, the most tiegraph reads",
                limits.rows
            ),
        );
        return Some((problem, true));
    }
    if record.len() != header.width {
        let problem = Problem::new(
            at(None),
            ProblemKind::Syntax,
            format!(
                "expected {} fields as in the header, found {}",
                header.width,
                record.len()
            ),
        );
        return Some((problem, false));
    }
    None
}

/// The record's fields as text into `fields`; `false` (and the problems
/// recorded) when a field is too long or not UTF-8.
pub(super) fn split_fields<'r, S: Sink>(
    record: &'r ByteRecord,
    fields: &mut Vec<&'r str>,
    header: &Header,
    known: &[&str],
    builder: &mut S,
    at: impl Fn(Option<&str>) -> Location,
) -> bool {
    // Fast path: the whole record is UTF-8 and short enough — one check
    // instead of one per field. The record holds its fields end to end,
    // without delimiters, so a character may straddle two fields (one
    // ends with its first bytes, the next starts with the rest): each
    // field must also start and end on a character boundary.
    let whole = record.as_slice();
    if whole.len() <= MAX_FIELD_BYTES {
        if let Ok(text) = std::str::from_utf8(whole) {
            let all = (0..record.len()).map(|i| record.range(i).and_then(|r| text.get(r)));
            for field in all {
                match field {
                    Some(field) => fields.push(field),
                    None => break,
                }
            }
            if fields.len() == record.len() {
                return true;
            }
        }
    }
    fields.clear();
    let mut sound = true;
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
            sound = false;
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
                sound = false;
            }
        }
    }
    sound
}

/// Counts the row's custom values into `count`: the field of the first one
/// past the limit, if any.
pub(super) fn past_extra_limit(
    fields: &[&str],
    header: &Header,
    count: &mut u64,
    limits: Limits,
) -> Option<usize> {
    for (i, _) in &header.extra {
        if !fields[*i].is_empty() {
            *count += 1;
            if *count > limits.extra_values {
                return Some(*i);
            }
        }
    }
    None
}
