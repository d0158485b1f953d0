//! What the row parsers of every family make: [`Event`]s in a [`Parsed`]
//! block, and the pieces they share (dates, numbers, slugs).

use std::sync::Arc;

use compact_str::CompactString;

use super::summary::Skipped;
use super::{EventKind, Period, SkipReason};
use crate::{ActorKind, Date, Location, Problem, ProblemKind};

/// A byte range of a block's text (or of the text a parser kept).
pub(crate) type Span = (u32, u32);

/// Where an actor's display name comes from.
#[derive(Debug, Clone)]
pub(crate) enum Name {
    /// A name from a table (CAMEO countries, ISO 3166-1).
    Static(&'static str),
    /// A field of the row.
    Span(Span),
    /// A name given with `--actor-map`.
    Shared(Arc<str>),
    /// No better name than the id.
    Id,
}

/// One side of an event, mapped to an actor.
#[derive(Debug, Clone)]
pub(crate) struct Side {
    pub id: CompactString,
    pub name: Name,
    pub kind: ActorKind,
}

/// An event's code for the dedup key.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Code {
    /// A CAMEO code as [`super::cameo::code_number`] numbers it.
    Number(u32),
    /// A text (ACLED's event and sub-event types), interned later.
    Text(Span),
}

/// What a source's title is made from.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Title {
    /// A CAMEO code (as [`super::cameo::code_number`] numbers it): its
    /// description, or the code.
    Cameo(u32),
    /// A type of event and a text of the row (`Battles: Armed clash`).
    Typed(&'static str, Span),
}

/// One usable event.
#[derive(Debug, Clone)]
pub(crate) struct Event {
    pub day: i32,
    pub period: i32,
    /// The day within its period (0 for days).
    pub offset: u16,
    pub a: Side,
    pub b: Side,
    pub code: Code,
    pub kind: EventKind,
    pub mentions: Option<u32>,
    pub goldstein_tenths: Option<i32>,
    /// The event's weight as evidence (NumMentions, |Intensity|, deaths).
    pub weight: f64,
    pub id: Span,
    pub title: Title,
    pub publisher: Option<Span>,
    pub url: Option<Span>,
}

/// A block of rows, parsed.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    /// The text spans point into.
    pub text: Vec<u8>,
    pub events: Vec<Event>,
    pub rows: u64,
    pub skipped: Skipped,
    /// The first broken row, with where it is.
    pub bad: Option<Problem>,
}

impl Parsed {
    /// Counts a skipped row; the first broken one is kept with its place.
    pub fn skip(
        &mut self,
        reason: SkipReason,
        file: &str,
        line: u64,
        column: &str,
        message: impl FnOnce() -> String,
    ) {
        self.skipped.add(reason, 1);
        if reason.is_bad_row() && self.bad.is_none() {
            let kind = match reason {
                SkipReason::Encoding => ProblemKind::Encoding,
                SkipReason::BadDate => ProblemKind::BadDate,
                _ => ProblemKind::Syntax,
            };
            let mut at = Location::file(file).at_line(line);
            if !column.is_empty() {
                at = at.in_column(column);
            }
            self.bad = Some(Problem::new(at, kind, message()));
        }
    }
}

/// Buffers handed back for reuse, so that a block's text and its events
/// are not allocated and freed (a few megabytes each) for every block.
#[derive(Debug)]
pub(crate) struct Pool<T>(std::sync::Mutex<Vec<Vec<T>>>);

impl<T> Default for Pool<T> {
    fn default() -> Pool<T> {
        Pool(std::sync::Mutex::new(Vec::new()))
    }
}

impl<T> Pool<T> {
    /// How many buffers are kept at most.
    const KEEP: usize = 8;

    /// An empty buffer, reused if one is there.
    pub fn get(&self) -> Vec<T> {
        self.0
            .lock()
            .ok()
            .and_then(|mut p| p.pop())
            .unwrap_or_default()
    }

    /// Hands a buffer back (emptied).
    pub fn put(&self, mut buf: Vec<T>) {
        buf.clear();
        if let Ok(mut p) = self.0.lock() {
            if p.len() < Self::KEEP {
                p.push(buf);
            }
        }
    }
}

/// The text of a span of `text`.
pub(crate) fn span_str(text: &[u8], (start, end): Span) -> &str {
    text.get(start as usize..end as usize)
        .and_then(|b| std::str::from_utf8(b).ok())
        .unwrap_or("")
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// `days_from_civil`); the caller checks the month and day.
pub(crate) fn day_number(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400) as u32;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe as i32 - 719_468
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |v, &c| v * 10 + u32::from(c - b'0')))
}

/// Month names in lower case, January first (the `D Month YYYY` layout;
/// the SQL rules use the same list).
pub(super) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Year, month and day of a date as providers write them: `YYYYMMDD`
/// (GDELT; a longer run of digits such as `DATEADDED`'s
/// `YYYYMMDDHHMMSS` is cut to its first eight), `YYYY-MM-DD` (ICEWS, UCDP,
/// ACLED; a time after a space, as UCDP's `2013-01-03 00:00:00.000`, is
/// ignored) or `D Month YYYY` (ACLED's export: `15 March 2020`). Years
/// 0001–9999.
pub(crate) fn ymd(text: &[u8]) -> Option<(i32, u32, u32)> {
    let text = text.trim_ascii();
    let (y, m, d) = if text.len() >= 8 && text[..8].iter().all(u8::is_ascii_digit) {
        if !text[8..].iter().all(u8::is_ascii_digit) {
            return None;
        }
        (
            digits(&text[..4])?,
            digits(&text[4..6])?,
            digits(&text[6..8])?,
        )
    } else if text.len() >= 10 && text[4] == b'-' && text[7] == b'-' {
        if text.len() > 10 && text[10] != b' ' && text[10] != b'T' {
            return None;
        }
        (
            digits(&text[..4])?,
            digits(&text[5..7])?,
            digits(&text[8..10])?,
        )
    } else {
        let s = std::str::from_utf8(text).ok()?;
        let mut words = s.split_ascii_whitespace();
        let (d, month, y) = (words.next()?, words.next()?, words.next()?);
        if words.next().is_some() || d.len() > 2 || y.len() != 4 {
            return None;
        }
        let month = month.to_ascii_lowercase();
        let m = MONTHS.iter().position(|n| *n == month)? as u32 + 1;
        (digits(y.as_bytes())?, m, digits(d.as_bytes())?)
    };
    let y = y as i32;
    let ok = (1..=9999).contains(&y) && (1..=12).contains(&m) && d >= 1;
    (ok && d <= days_in_month(y, m)).then_some((y, m, d))
}

/// Parses a date as event files write them (`20170601`,
/// `20170601234500`, `2017-06-01`, `2017-06-01 00:00:00.000`,
/// `1 June 2017`) into a day [`Date`].
///
/// ```
/// use tiegraph::ingest::parse_date;
/// assert_eq!(parse_date("20170601").map(|d| d.to_string()), Some("2017-06-01".into()));
/// assert_eq!(parse_date("15 March 2020").map(|d| d.to_string()), Some("2020-03-15".into()));
/// assert_eq!(parse_date("20170631"), None);
/// ```
pub fn parse_date(text: &str) -> Option<Date> {
    let (y, m, d) = ymd(text.as_bytes())?;
    Date::from_day_number(day_number(y, m, d))
}

/// The day number, period key and day within the period of a date.
pub(crate) fn place(period: Period, (y, m, d): (i32, u32, u32)) -> (i32, i32, u16) {
    let day = day_number(y, m, d);
    match period {
        Period::Day => (day, day, 0),
        Period::Month => (day, y * 12 + m as i32 - 1, (d - 1) as u16),
        Period::Year => (day, y, (day - day_number(y, 1, 1)) as u16),
    }
}

/// The first day of a period key.
pub(crate) fn period_date(period: Period, key: i32) -> Option<Date> {
    let day = match period {
        Period::Day => key,
        Period::Month => day_number(key.div_euclid(12), key.rem_euclid(12) as u32 + 1, 1),
        Period::Year => day_number(key, 1, 1),
    };
    Date::from_day_number(day).map(|d| d.with_precision(period.precision()))
}

/// The period key of a period date.
pub(crate) fn period_key(period: Period, date: Date) -> i32 {
    let (y, m, _) = date.ymd();
    match period {
        Period::Day => date.first_day(),
        Period::Month => i32::from(y) * 12 + i32::from(m) - 1,
        Period::Year => i32::from(y),
    }
}

/// An actor id made from a name: ASCII letters and digits in upper case,
/// every other run of characters one `_` (accented Latin letters lose
/// their accents), at most 64 characters; a name with no letter or digit
/// gets `X` and a hash of it.
///
/// ```
/// use tiegraph::ingest::slug;
/// assert_eq!(slug("Military Forces of Sudan (2019-)"), "MILITARY_FORCES_OF_SUDAN_2019");
/// assert_eq!(slug("Côte d'Ivoire"), "COTE_D_IVOIRE");
/// ```
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len().min(64));
    let mut gap = false;
    for c in name.chars() {
        let c = match c {
            'à'..='å' | 'À'..='Å' => 'A',
            'ç' | 'Ç' => 'C',
            'è'..='ë' | 'È'..='Ë' => 'E',
            'ì'..='ï' | 'Ì'..='Ï' => 'I',
            'ñ' | 'Ñ' => 'N',
            'ò'..='ö' | 'Ò'..='Ö' => 'O',
            'ù'..='ü' | 'Ù'..='Ü' => 'U',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.push(c.to_ascii_uppercase());
        } else {
            gap = true;
        }
        if out.len() >= 64 {
            break;
        }
    }
    out.truncate(64);
    if out.is_empty() {
        // FNV-1a: stable across runs and platforms.
        let hash = name.bytes().fold(0x811c_9dc5u32, |h, b| {
            (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
        });
        out = format!("X{hash:08X}");
    }
    out
}

/// Whether a text is a valid actor id (`[A-Za-z0-9_.-]{1,64}`).
pub(crate) fn is_id(text: &str) -> bool {
    (1..=64).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

/// A number of a field (an integer, or a decimal such as pandas writes
/// `5.0`), `None` if it is not one.
pub(crate) fn number(b: &[u8]) -> Option<f64> {
    let s = std::str::from_utf8(b.trim_ascii()).ok()?;
    if s.is_empty() || s.eq_ignore_ascii_case("nan") || s.contains("inf") {
        return None;
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A count (a non-negative whole number, `5` or `5.0`).
pub(crate) fn count(b: &[u8]) -> Option<u32> {
    if let Some(v) = digits(b.trim_ascii()) {
        return Some(v);
    }
    let v = number(b)?;
    (v >= 0.0 && v.fract() == 0.0 && v <= f64::from(u32::MAX)).then_some(v as u32)
}

/// Tenths of `[-]D[D…][.D]` (at most six whole digits, one decimal).
fn short_decimal_tenths(b: &[u8]) -> Option<i32> {
    let (negative, rest) = match b.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, b),
    };
    let (whole, tenth) = match rest {
        [whole @ .., b'.', d] => (whole, *d),
        whole => (whole, b'0'),
    };
    if whole.is_empty() || whole.len() > 6 || !tenth.is_ascii_digit() {
        return None;
    }
    let whole = digits(whole)? as i32;
    let t = whole * 10 + i32::from(tenth - b'0');
    (t <= 10_000).then_some(if negative { -t } else { t })
}

/// Tenths of a Goldstein score or ICEWS intensity (−10 to 10), rounded.
pub(crate) fn tenths(b: &[u8]) -> Option<i32> {
    // GDELT writes `-10.0`, `1.9`, `3`: exact in tenths, no float needed
    // (the float path rounds such a number to the same whole tenths).
    if let Some(t) = short_decimal_tenths(b) {
        return Some(t);
    }
    let v = number(b)?;
    (v.abs() <= 1000.0).then(|| (v * 10.0).round() as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_agree_with_dates() {
        for text in [
            "1970-01-01",
            "2017-06-01",
            "2000-02-29",
            "0001-01-01",
            "9999-12-31",
        ] {
            let d: Date = text.parse().expect("a date");
            let (y, m, dd) = d.ymd();
            assert_eq!(
                day_number(i32::from(y), m as u32, dd as u32),
                d.first_day(),
                "{text}"
            );
        }
    }

    #[test]
    fn dates_in_every_providers_layout() {
        for (text, want) in [
            ("20170601", Some((2017, 6, 1))),
            ("20170601234500", Some((2017, 6, 1))),
            ("2013-01-03 00:00:00.000", Some((2013, 1, 3))),
            ("2013-01-03", Some((2013, 1, 3))),
            ("3 January 2013", Some((2013, 1, 3))),
            ("03 january 2013", Some((2013, 1, 3))),
            ("20170229", None),
            ("2017013", None),
            ("00000101", None),
            ("2017-1-03", None),
            ("", None),
            ("32 January 2013", None),
        ] {
            assert_eq!(ymd(text.as_bytes()), want, "{text}");
        }
    }

    #[test]
    fn periods_and_their_keys() {
        let (day, month, offset) = place(Period::Month, (2017, 6, 15));
        assert_eq!(offset, 14);
        assert_eq!(
            period_date(Period::Month, month).map(|d| d.to_string()),
            Some("2017-06".into())
        );
        let (_, year, offset) = place(Period::Year, (2016, 12, 31));
        assert_eq!(offset, 365);
        assert_eq!(
            period_date(Period::Year, year).map(|d| d.to_string()),
            Some("2016".into())
        );
        let date = period_date(Period::Day, day).expect("a day");
        assert_eq!(period_key(Period::Day, date), day);
        assert_eq!(
            period_key(Period::Month, "2017-06".parse().expect("date")),
            month
        );
    }

    #[test]
    fn slugs_are_ids() {
        for name in [
            "",
            "???",
            "a",
            "Taliban",
            &"x y ".repeat(50),
            "Ünïcödé—name",
        ] {
            assert!(is_id(&slug(name)), "{name:?} -> {}", slug(name));
        }
        assert_eq!(slug("  Syrian insurgents "), "SYRIAN_INSURGENTS");
    }

    #[test]
    fn numbers_as_written() {
        assert_eq!(count(b"5"), Some(5));
        assert_eq!(count(b"5.0"), Some(5));
        assert_eq!(count(b"-1"), None);
        assert_eq!(tenths(b"-0.11641443538999001"), Some(-1));
        assert_eq!(tenths(b"7.0"), Some(70));
        assert_eq!(tenths(b"-10.0"), Some(-100));
        assert_eq!(tenths(b"1.9"), Some(19));
        assert_eq!(tenths(b"-0.5"), Some(-5));
        assert_eq!(tenths(b"1000.0"), Some(10_000));
        assert_eq!(tenths(b"1000.1"), None);
        assert_eq!(tenths(b" 2.5 "), Some(25));
        assert_eq!(tenths(b"-"), None);
        assert_eq!(tenths(b".5"), Some(5));
        assert_eq!(tenths(b"2."), Some(20));
        assert_eq!(tenths(b"NaN"), None);
        assert_eq!(tenths(b""), None);
    }
}
