//! The guard every CSV file is read through: it scans the bytes as csv-core
//! would, to stop a file at its limits (size, record length, fields, rows)
//! with the line of the record that reached them, before the csv crate
//! allocates for it.

use std::io::Read;

use super::{MAX_COLUMNS, MAX_FILE_BYTES, MAX_RECORD_BYTES, MAX_ROWS};

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
        extra_values: crate::io::MAX_EXTRA_VALUES,
    };
}

/// Which limit stopped a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Limit {
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
pub(super) enum Syntax {
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
pub(super) struct Guard<R> {
    pub(super) inner: R,
    pub(super) limits: Limits,
    /// Input bytes seen so far.
    pub(super) read: u64,
    /// Input offset of the first byte of the current record.
    pub(super) record_start: u64,
    /// Fields of the current record so far.
    pub(super) fields: usize,
    pub(super) syntax: Syntax,
    /// The line of the next byte (1-based).
    pub(super) line: u64,
    /// The last byte was a `\r` (a `\n` after it ends the same line).
    pub(super) after_cr: bool,
    /// The first line of each record seen and not yet taken, in order.
    pub(super) record_lines: std::collections::VecDeque<u64>,
    pub(super) stopped: Option<Limit>,
    pub(super) eof: bool,
}

impl<R: Read> Guard<R> {
    pub(super) fn new(inner: R, limits: Limits) -> Guard<R> {
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
    pub(super) fn starting_at(inner: R, limits: Limits, offset: u64, line: u64) -> Guard<R> {
        Guard {
            read: offset,
            record_start: offset,
            line,
            ..Guard::new(inner, limits)
        }
    }

    /// Whether everything read so far ends between records (and no limit
    /// stopped it).
    pub(super) fn between_records(&self) -> bool {
        self.syntax == Syntax::RecordStart && self.stopped.is_none()
    }

    /// Whether the input ended inside a quoted field.
    pub(super) fn ended_in_quotes(&self) -> bool {
        self.eof && self.syntax == Syntax::Quoted
    }

    /// The line on which the next record the csv reader returns starts.
    /// The reader reads ahead of the records it returns, never behind, so
    /// the records it returns are the ones noted first.
    pub(super) fn take_record_line(&mut self) -> Option<u64> {
        self.record_lines.pop_front()
    }

    /// The line on which the record being read starts.
    pub(super) fn record_line(&self) -> Option<u64> {
        self.record_lines.front().copied()
    }

    /// Follows the syntax over `bytes`; returns how many of them may be
    /// handed on (fewer when a limit is reached).
    pub(super) fn scan(&mut self, bytes: &[u8]) -> usize {
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
            let j = match self.syntax {
                Syntax::Plain | Syntax::FieldStart => match self.plain_run(bytes, i, end) {
                    Ok(j) => j,
                    Err(stop) => return stop,
                },
                Syntax::Quoted => {
                    i + memchr::memchr3(b'"', b'\r', b'\n', &bytes[i..end]).unwrap_or(end - i)
                }
                _ => i,
            };
            if j > i {
                self.read += (j - i) as u64;
                self.after_cr = false;
                i = j;
                continue;
            }
            if !self.step(bytes[i], at) {
                return i;
            }
            i += 1;
        }
        bytes.len()
    }

    /// Goes through a run of text and commas outside quotes from `i` (at
    /// most to `end`): where it ends, or `Err` where the column limit
    /// stopped the file (`self.read` moved to there).
    #[inline]
    fn plain_run(&mut self, bytes: &[u8], i: usize, end: usize) -> Result<usize, usize> {
        let columns = self.limits.columns;
        let mut field_start = self.syntax == Syntax::FieldStart;
        let mut j = i;
        while j < end {
            if field_start && bytes[j] == b'"' {
                break;
            }
            // Jump to the next quote or line end (memchr); the commas
            // before it are counted in bulk, in a loop the compiler
            // vectorizes.
            let rest = &bytes[j..end];
            let k = memchr::memchr3(b'"', b'\n', b'\r', rest).unwrap_or(rest.len());
            let span = &rest[..k];
            let commas = span.iter().filter(|&&b| b == b',').count();
            if self.fields + commas < columns {
                self.fields += commas;
            } else {
                // Near the column limit: comma by comma, to stop at the
                // very one past it.
                for (n, &b) in span.iter().enumerate() {
                    if b == b',' {
                        if self.fields == columns {
                            self.stopped = Some(Limit::Columns(columns));
                            self.read += (j + n - i) as u64;
                            return Err(j + n);
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
        Ok(j)
    }

    /// Takes one byte (a line end, or a quote where it matters) at offset
    /// `at`; `false` when it is a comma past the column limit.
    #[inline]
    fn step(&mut self, b: u8, at: u64) -> bool {
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
                if self.fields > self.limits.columns {
                    self.stopped = Some(Limit::Columns(self.limits.columns));
                    return false;
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
        true
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

#[cfg(test)]
mod tests {
    use super::super::rows;
    use super::*;
    use crate::io::build::Builder;
    use crate::io::fields::{Field, Kind, Required};
    use csv::ByteRecord;

    /// Reads `input` as `rows` does, with `limits`: the records' first lines
    /// as the guard notes them, or the problem that stopped the file.
    fn read(input: &[u8], limits: Limits) -> (Vec<u64>, Vec<String>) {
        let mut builder = Builder::new();
        let mut lines = Vec::new();
        rows(
            input,
            "t.csv",
            &["a", "b", "c"].map(|name| Field {
                name,
                required: Required::No,
                kind: Kind::Text,
            }),
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
