//! A COW CSV file read row by row: the header checked against the
//! layout's columns, each malformed row skipped and counted (or, strict,
//! the first one an error naming file, line and column).

use std::io::Read;

use super::super::{IngestError, SkipReason, Summary};
use crate::{Location, Problem, ProblemKind};

/// Why a row is not used: the reason it is counted under, the column at
/// fault and what is wrong with it.
pub(super) struct Bad {
    pub reason: SkipReason,
    pub column: &'static str,
    pub message: String,
}

impl Bad {
    pub fn value(column: &'static str, text: &str) -> Bad {
        Bad {
            reason: SkipReason::BadValue,
            column,
            message: format!("{text:?} is not a valid {column}"),
        }
    }

    pub fn date(column: &'static str, message: String) -> Bad {
        Bad {
            reason: SkipReason::BadDate,
            column,
            message,
        }
    }
}

/// An open COW file.
pub(super) struct Table<R: Read> {
    file: String,
    reader: csv::Reader<R>,
    /// Per column of the layout, its place in the header (`usize::MAX`
    /// for an optional column the file lacks).
    index: Vec<usize>,
    names: &'static [(&'static str, bool)],
    fields: usize,
    strict: bool,
    pub summary: Summary,
}

/// One row, its values by the layout's column numbers.
pub(super) struct Row<'a> {
    record: &'a csv::StringRecord,
    index: &'a [usize],
    names: &'static [(&'static str, bool)],
    pub line: u64,
}

impl Row<'_> {
    /// The text of column `i` of the layout (empty when the file lacks it).
    pub fn text(&self, i: usize) -> &str {
        self.record.get(self.index[i]).unwrap_or("").trim()
    }

    /// Column `i` as a whole number (COW writes some as `1.0`).
    pub fn int(&self, i: usize) -> Result<i32, Bad> {
        let text = self.text(i);
        let number = text.parse::<i32>().ok().or_else(|| {
            let f = text.parse::<f64>().ok()?;
            (f.fract() == 0.0 && f.abs() < 1e9).then_some(f as i32)
        });
        number.ok_or_else(|| Bad::value(self.names[i].0, text))
    }

    /// Column `i` as a whole number, or `None` when empty.
    pub fn opt_int(&self, i: usize) -> Result<Option<i32>, Bad> {
        if self.text(i).is_empty() {
            return Ok(None);
        }
        self.int(i).map(Some)
    }
}

impl<R: Read> Table<R> {
    /// Opens a file whose header must have every required column of
    /// `names` (case and spaces aside); `what` names the layout in errors.
    pub fn open(
        reader: R,
        file: &str,
        names: &'static [(&'static str, bool)],
        what: &str,
        strict: bool,
    ) -> Result<Table<R>, IngestError> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(true)
            .from_reader(reader);
        let at = Location::file(file).at_line(1);
        let header = reader.headers().map_err(|e| {
            IngestError::Input(Problem::new(at.clone(), ProblemKind::Syntax, e.to_string()))
        })?;
        let header: Vec<String> = header
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_ascii_lowercase())
            .collect();
        if header.iter().all(String::is_empty) {
            return Err(IngestError::Input(Problem::new(
                at,
                ProblemKind::Empty,
                format!("the file is empty (expected the header of {what})"),
            )));
        }
        let mut index = Vec::with_capacity(names.len());
        for &(name, required) in names {
            match header.iter().position(|h| h == name) {
                Some(i) => index.push(i),
                None if !required => index.push(usize::MAX),
                None => {
                    return Err(IngestError::Input(Problem::new(
                        at,
                        ProblemKind::MissingColumn,
                        format!("the header has no column {name:?} (is this {what}?)"),
                    )))
                }
            }
        }
        Ok(Table {
            file: file.to_owned(),
            fields: header.len(),
            reader,
            index,
            names,
            strict,
            summary: Summary::default(),
        })
    }

    /// Hands each row to `f`: a row it refuses (or one with the wrong
    /// number of fields, or not UTF-8) is counted as skipped, or with
    /// `strict` ends the reading with an error naming where it is.
    pub fn each(
        &mut self,
        mut f: impl FnMut(&Row<'_>) -> Result<(), Bad>,
    ) -> Result<(), IngestError> {
        let mut record = csv::StringRecord::new();
        loop {
            let line = self.reader.position().line();
            let bad = match self.reader.read_record(&mut record) {
                Ok(false) => return Ok(()),
                Ok(true) if record.iter().all(|f| f.trim().is_empty()) => continue,
                Ok(true) if record.len() != self.fields => Some(Bad {
                    reason: SkipReason::WrongFieldCount,
                    column: "",
                    message: format!(
                        "the row has {} fields, the header {}",
                        record.len(),
                        self.fields
                    ),
                }),
                Ok(true) => {
                    let line = record.position().map_or(line, |p| p.line());
                    let row = Row {
                        record: &record,
                        index: &self.index,
                        names: self.names,
                        line,
                    };
                    f(&row).err()
                }
                Err(e) if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) => Some(Bad {
                    reason: SkipReason::Encoding,
                    column: "",
                    message: "the row is not UTF-8".into(),
                }),
                Err(e) => {
                    let at = Location::file(self.file.as_str()).at_line(line);
                    return Err(IngestError::Input(Problem::new(
                        at,
                        ProblemKind::Syntax,
                        e.to_string(),
                    )));
                }
            };
            self.summary.rows_read += 1;
            match bad {
                None => self.summary.rows_used += 1,
                Some(bad) => {
                    if self.strict && bad.reason.is_bad_row() {
                        let line = record.position().map_or(line, |p| p.line());
                        let mut at = Location::file(self.file.as_str()).at_line(line);
                        if !bad.column.is_empty() {
                            at = at.in_column(bad.column);
                        }
                        let kind = match bad.reason {
                            SkipReason::Encoding => ProblemKind::Encoding,
                            SkipReason::BadDate => ProblemKind::BadDate,
                            _ => ProblemKind::Syntax,
                        };
                        return Err(IngestError::BadRow(Problem::new(at, kind, bad.message)));
                    }
                    self.summary.skipped.0[bad.reason.index()] += 1;
                }
            }
        }
    }
}
