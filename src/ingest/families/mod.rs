//! Row parsers, one module per family: each turns a [`Block`] of rows
//! into a [`Parsed`] block of events and skip counts.

mod acled;
mod gdelt;
mod icews;
mod ucdp;

use std::sync::Arc;

use super::row::{Event, Parsed, Pool, Span};
use super::{Family, IngestOptions, SkipReason};

/// Rows of one file, cut at row boundaries.
#[derive(Debug)]
pub(crate) struct Block {
    /// Its place among all blocks of all files.
    pub seq: u64,
    pub file: Arc<str>,
    /// The line its first row starts on.
    pub first_line: u64,
    pub text: Vec<u8>,
    pub layout: Arc<Layout>,
}

/// How a file's rows are laid out: how many fields a row has and where
/// each needed column is (for families with a header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Layout {
    pub fields: usize,
    /// Positions of the family's columns ([`columns`]), `usize::MAX` for
    /// an optional column the header lacks.
    pub index: Vec<usize>,
}

impl Layout {
    /// The field of a column, if the header has it.
    pub fn at(&self, column: usize) -> Option<usize> {
        self.index.get(column).copied().filter(|&i| i != usize::MAX)
    }
}

/// What every parser needs besides its block.
#[derive(Debug)]
pub(crate) struct Context {
    pub options: IngestOptions,
    /// First day kept, first day after (day numbers).
    pub days: (i32, i32),
    /// Block texts for reuse.
    pub texts: Pool<u8>,
    /// Event lists for reuse.
    pub events: Pool<Event>,
}

impl Context {
    pub fn new(options: IngestOptions) -> Context {
        let days = options.day_range();
        Context {
            options,
            days,
            texts: Pool::default(),
            events: Pool::default(),
        }
    }

    /// Whether `day` lies in the `--from`/`--to` range.
    pub fn keeps(&self, day: i32) -> bool {
        self.days.0 <= day && day < self.days.1
    }
}

/// The columns a family with a header needs (`true`: required), in the
/// order of its [`Layout::index`].
pub(crate) fn columns(family: Family) -> &'static [(&'static str, bool)] {
    match family {
        Family::Icews => icews::COLUMNS,
        Family::Ucdp => ucdp::COLUMNS,
        Family::Acled => acled::COLUMNS,
        Family::Gdelt1 | Family::Gdelt2 => &[],
    }
}

/// Whether the family's rows are CSV (quoted fields may hold line breaks)
/// rather than tab-separated lines.
pub(crate) fn is_csv(family: Family) -> bool {
    matches!(family, Family::Ucdp | Family::Acled)
}

/// Parses a block of rows.
pub(crate) fn parse(block: Block, ctx: &Context) -> Parsed {
    match ctx.options.family {
        Family::Gdelt1 | Family::Gdelt2 => tab_lines(block, ctx, gdelt::row),
        Family::Icews => tab_lines(block, ctx, icews::row),
        Family::Ucdp => csv_rows(block, ctx, ucdp::row),
        Family::Acled => csv_rows(block, ctx, acled::row),
    }
}

/// The most fields a tab-separated row may have.
const MAX_FIELDS: usize = 64;

/// A row's fields as spans of the block's text.
pub(crate) struct Fields<'a> {
    pub text: &'a [u8],
    pub spans: &'a [Span],
}

impl<'a> Fields<'a> {
    /// The bytes of field `i` (empty if there is none).
    pub fn get(&self, i: usize) -> &'a [u8] {
        self.spans
            .get(i)
            .map_or(&[][..], |&(s, e)| &self.text[s as usize..e as usize])
    }

    pub fn span(&self, i: usize) -> Span {
        self.spans.get(i).copied().unwrap_or((0, 0))
    }

    /// The trimmed text of an optional `column` of `layout`, unless the
    /// header lacks it or the row leaves it missing (empty or `NA`).
    pub fn optional(&self, layout: &Layout, column: usize) -> Option<Span> {
        layout
            .at(column)
            .filter(|&i| !is_missing(self.get(i)))
            .map(|i| trimmed(self.text, self.span(i)))
    }
}

/// Where a row is, for messages.
pub(crate) struct At<'a> {
    pub file: &'a str,
    pub line: u64,
}

/// Splits a block into tab-separated lines and parses each with `row`.
fn tab_lines(
    block: Block,
    ctx: &Context,
    row: fn(&Fields<'_>, &At<'_>, &Layout, &Context, &mut Parsed),
) -> Parsed {
    let mut out = Parsed {
        events: ctx.events.get(),
        ..Parsed::default()
    };
    // About one event per 200 bytes of GDELT: no regrowth on the way.
    out.events.reserve(block.text.len() / 200);
    // ASCII (nearly every block) is checked a word at a time.
    let all_utf8 = block.text.is_ascii() || std::str::from_utf8(&block.text).is_ok();
    let text = &block.text;
    let mut spans = [(0u32, 0u32); MAX_FIELDS];
    let mut start = 0usize;
    let mut line = block.first_line;
    while start < text.len() {
        let end = memchr::memchr(b'\n', &text[start..]).map_or(text.len(), |i| start + i);
        let mut stop = end;
        if stop > start && text[stop - 1] == b'\r' {
            stop -= 1;
        }
        if stop > start {
            out.rows += 1;
            let at = At {
                file: &block.file,
                line,
            };
            let bytes = &text[start..stop];
            if !all_utf8 && std::str::from_utf8(bytes).is_err() {
                out.skip(SkipReason::Encoding, at.file, line, "", || {
                    "the row is not UTF-8".into()
                });
            } else {
                let n = split_tabs(text, start, stop, &mut spans);
                if n != block.layout.fields {
                    let want = block.layout.fields;
                    out.skip(SkipReason::WrongFieldCount, at.file, line, "", || {
                        wrong_count(n, want)
                    });
                } else {
                    let fields = Fields {
                        text,
                        spans: &spans[..n],
                    };
                    row(&fields, &at, &block.layout, ctx, &mut out);
                }
            }
            if ctx.options.strict && out.bad.is_some() {
                break;
            }
        }
        line += 1;
        start = end + 1;
    }
    out.text = block.text;
    out
}

fn wrong_count(n: usize, want: usize) -> String {
    if n > MAX_FIELDS {
        format!("the row has more than {MAX_FIELDS} fields, not {want}")
    } else {
        format!("the row has {n} fields, not {want}")
    }
}

/// The tab-separated fields of `text[start..stop]`; more than
/// [`MAX_FIELDS`] counts as `MAX_FIELDS + 1`.
///
/// GDELT rows are about sixty short fields, many empty: looking for each
/// tab with `memchr` costs a call per field, so the line is read eight
/// bytes at a time and the tabs of each word taken from a bit mask.
fn split_tabs(text: &[u8], start: usize, stop: usize, spans: &mut [Span; MAX_FIELDS]) -> usize {
    let mut n = 0;
    let mut from = start;
    let mut push = |tab: usize, n: &mut usize| {
        if *n == MAX_FIELDS {
            return false;
        }
        spans[*n] = (from as u32, tab as u32);
        *n += 1;
        from = tab + 1;
        true
    };
    let line = &text[start..stop];
    let mut words = line.chunks_exact(8);
    let mut base = start;
    for word in &mut words {
        let mut mask = tab_bits(word);
        while mask != 0 {
            if !push(base + (mask.trailing_zeros() / 8) as usize, &mut n) {
                return MAX_FIELDS + 1;
            }
            mask &= mask - 1;
        }
        base += 8;
    }
    for (i, &b) in words.remainder().iter().enumerate() {
        if b == b'\t' && !push(base + i, &mut n) {
            return MAX_FIELDS + 1;
        }
    }
    if n == MAX_FIELDS {
        return MAX_FIELDS + 1;
    }
    spans[n] = (from as u32, stop as u32);
    n + 1
}

/// The high bit of every byte of an eight-byte `word` that is a tab, and
/// no other bit. Exact (no false hits): `(x & 0x7F) + 0x7F` sets a
/// byte's high bit when its low seven bits are not all zero and never
/// carries into the next byte.
fn tab_bits(word: &[u8]) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(word);
    let x = u64::from_le_bytes(bytes) ^ 0x0909_0909_0909_0909;
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// Parses a block of CSV rows (without the header) with the `csv` crate,
/// copying each row's fields into the parsed block's text.
fn csv_rows(
    block: Block,
    ctx: &Context,
    row: fn(&Fields<'_>, &At<'_>, &Layout, &Context, &mut Parsed),
) -> Parsed {
    let mut out = Parsed {
        events: ctx.events.get(),
        text: ctx.texts.get(),
        ..Parsed::default()
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&block.text[..]);
    let mut record = csv::ByteRecord::new();
    let mut spans: Vec<Span> = Vec::new();
    let mut scratch: Vec<u8> = Vec::new();
    loop {
        let line = block.first_line + reader.position().line().saturating_sub(1);
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(_) => {
                // Only I/O errors and UTF-8 errors of string records are
                // reported by a byte reader over memory: neither happens.
                break;
            }
        }
        if record.len() == 1 && record.get(0).is_some_and(<[u8]>::is_empty) {
            continue;
        }
        out.rows += 1;
        let at = At {
            file: &block.file,
            line,
        };
        if record.len() != block.layout.fields {
            let (n, want) = (record.len(), block.layout.fields);
            out.skip(SkipReason::WrongFieldCount, at.file, line, "", || {
                wrong_count(n, want)
            });
        } else if record.iter().any(|f| std::str::from_utf8(f).is_err()) {
            out.skip(SkipReason::Encoding, at.file, line, "", || {
                "the row is not UTF-8".into()
            });
        } else {
            scratch.clear();
            spans.clear();
            for f in record.iter() {
                let s = scratch.len() as u32;
                scratch.extend_from_slice(f);
                spans.push((s, scratch.len() as u32));
            }
            let fields = Fields {
                text: &scratch,
                spans: &spans,
            };
            // Spans of the event point into `scratch`: moved into the
            // parsed text by `keep`.
            let before = out.events.len();
            row(&fields, &at, &block.layout, ctx, &mut out);
            keep(&mut out, before, &scratch);
        }
        if ctx.options.strict && out.bad.is_some() {
            break;
        }
    }
    ctx.texts.put(block.text);
    out
}

/// Moves the spans of the events added since `before` from `scratch` to
/// the end of the parsed block's text.
fn keep(out: &mut Parsed, before: usize, scratch: &[u8]) {
    if out.events.len() == before {
        return;
    }
    let base = out.text.len() as u32;
    out.text.extend_from_slice(scratch);
    let shift = |s: &mut Span| {
        s.0 += base;
        s.1 += base;
    };
    for e in &mut out.events[before..] {
        shift(&mut e.id);
        if let super::row::Code::Text(s) = &mut e.code {
            shift(s);
        }
        if let super::row::Title::Typed(_, s) = &mut e.title {
            shift(s);
        }
        for s in [&mut e.publisher, &mut e.url].into_iter().flatten() {
            shift(s);
        }
        for side in [&mut e.a, &mut e.b] {
            if let super::row::Name::Span(s) = &mut side.name {
                shift(s);
            }
        }
    }
}

/// A field that is missing: empty, or ICEWS's `NA`.
pub(crate) fn is_missing(b: &[u8]) -> bool {
    let b = b.trim_ascii();
    b.is_empty() || b == b"NA"
}

/// A span without the spaces around its text.
pub(crate) fn trimmed(text: &[u8], (mut s, mut e): Span) -> Span {
    while s < e && text[s as usize].is_ascii_whitespace() {
        s += 1;
    }
    while e > s && text[e as usize - 1].is_ascii_whitespace() {
        e -= 1;
    }
    (s, e)
}

/// Counts a row with a value that cannot be read.
pub(crate) fn bad_value(out: &mut Parsed, at: &At<'_>, column: &str, value: &[u8]) {
    let shown = String::from_utf8_lossy(value).into_owned();
    out.skip(SkipReason::BadValue, at.file, at.line, column, || {
        format!("{shown:?} is not a valid {column}")
    });
}

/// Counts a row with a date that cannot be read.
pub(crate) fn bad_date(out: &mut Parsed, at: &At<'_>, column: &str, value: &[u8]) {
    let shown = String::from_utf8_lossy(value).into_owned();
    out.skip(SkipReason::BadDate, at.file, at.line, column, || {
        format!("{shown:?} is not a date")
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fields as `split` on tabs gives them, capped as `split_tabs` caps.
    fn naive(line: &[u8]) -> Vec<Span> {
        let mut spans = Vec::new();
        let mut from = 0;
        for (i, &b) in line.iter().enumerate() {
            if b == b'\t' {
                spans.push((from as u32, i as u32));
                from = i + 1;
            }
        }
        spans.push((from as u32, line.len() as u32));
        spans
    }

    #[test]
    fn tabs_are_found_wherever_they_fall_in_a_word() {
        // Every mix of tabs, bytes next to a tab's value (8, 10, 0x89)
        // and other text, at every length up to past MAX_FIELDS fields.
        let alphabet = [b'\t', b'a', 8, 10, 0x89, b'\t', 0, b'9'];
        let mut seed = 0x2545_F491u64;
        for len in 0..200 {
            for _ in 0..20 {
                let line: Vec<u8> = (0..len)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        alphabet[(seed % 8) as usize]
                    })
                    .collect();
                let want = naive(&line);
                let mut text = b"xx".to_vec();
                text.extend_from_slice(&line);
                let mut spans = [(0, 0); MAX_FIELDS];
                let n = split_tabs(&text, 2, text.len(), &mut spans);
                if want.len() > MAX_FIELDS {
                    assert_eq!(n, MAX_FIELDS + 1, "{line:?}");
                    continue;
                }
                assert_eq!(n, want.len(), "{line:?}");
                let got: Vec<Span> = spans[..n].iter().map(|&(s, e)| (s - 2, e - 2)).collect();
                assert_eq!(got, want, "{line:?}");
            }
        }
    }
}
