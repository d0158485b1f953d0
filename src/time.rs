//! Dates with a precision, and time selectors.
//!
//! A [`Date`] is stored as a day number (days since 1970-01-01) plus a
//! [`Precision`] tag, so comparisons are integer comparisons while `2025-10`
//! still prints as `2025-10`. A [`Selector`] is a half-open range of days: a
//! full date selects that day, a partial date its whole month or year.
//!
//! (Over 600 lines: dates, their qualifiers, selectors and steps are one
//! grammar, with the tests of its edge cases.)

use std::fmt;
use std::str::FromStr;

use crate::escape::terminal::{quoted, shown};
use jiff::civil;
use jiff::SignedDuration;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How much of a [`Date`] is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Precision {
    /// Only the year: `2025`.
    Year,
    /// Year and month: `2025-10`.
    Month,
    /// A full calendar date: `2025-10-12`.
    Day,
}

impl Precision {
    /// The lower-case name, as used in step labels and exports (`year`, `month`, `day`).
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
        }
    }
}

/// An ISO 8601-2 / EDTF level-1 qualifier at the end of a date.
///
/// It says how sure the dataset is of the date; it never changes the day the
/// date stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Qualifier {
    /// `?`: the date is uncertain (possibly wrong).
    Uncertain,
    /// `~`: the date is approximate ("circa").
    Approximate,
    /// `%`: both uncertain and approximate.
    UncertainApproximate,
}

impl Qualifier {
    /// The character written after the date: `?`, `~` or `%`.
    pub fn as_char(self) -> char {
        match self {
            Qualifier::Uncertain => '?',
            Qualifier::Approximate => '~',
            Qualifier::UncertainApproximate => '%',
        }
    }

    /// The qualifier a character writes, if it is one.
    pub fn from_char(c: char) -> Option<Qualifier> {
        match c {
            '?' => Some(Qualifier::Uncertain),
            '~' => Some(Qualifier::Approximate),
            '%' => Some(Qualifier::UncertainApproximate),
            _ => None,
        }
    }

    /// Whether the date is uncertain (`?` or `%`).
    pub fn is_uncertain(self) -> bool {
        matches!(self, Qualifier::Uncertain | Qualifier::UncertainApproximate)
    }

    /// Whether the date is approximate (`~` or `%`).
    pub fn is_approximate(self) -> bool {
        matches!(
            self,
            Qualifier::Approximate | Qualifier::UncertainApproximate
        )
    }

    /// The lower-case name: `uncertain`, `approximate`, `uncertain-approximate`.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Uncertain => "uncertain",
            Qualifier::Approximate => "approximate",
            Qualifier::UncertainApproximate => "uncertain-approximate",
        }
    }

    /// 1, 2 or 3: two bits of a packed date (0 is "no qualifier").
    pub(crate) fn bits(q: Option<Qualifier>) -> i32 {
        match q {
            None => 0,
            Some(Qualifier::Uncertain) => 1,
            Some(Qualifier::Approximate) => 2,
            Some(Qualifier::UncertainApproximate) => 3,
        }
    }

    /// The qualifier of two bits of a packed date.
    pub(crate) fn of_bits(bits: i32) -> Option<Qualifier> {
        match bits & 3 {
            1 => Some(Qualifier::Uncertain),
            2 => Some(Qualifier::Approximate),
            3 => Some(Qualifier::UncertainApproximate),
            _ => None,
        }
    }
}

/// A calendar date with a precision, and possibly a [`Qualifier`].
///
/// A partial date stands for the first day of its period (`2025-10` is
/// 2025-10-01 for every comparison) and keeps its precision for display.
/// A qualified date (`2021-08~`, `1994?`) stands for the same day as without
/// its qualifier; the qualifier is kept for output: [`Date`]'s `Display`
/// writes the date as it was read (`2021-08~`), [`Date::marked`] as people
/// read it (`c. 2021-08`).
///
/// Two dates are ordered by day first, then by precision, then by
/// qualifier (none first), so sorting is total and deterministic.
///
/// # Example
///
/// ```
/// use tiegraph::{Date, Precision};
///
/// let d: Date = "2025-10".parse()?;
/// assert_eq!(d.precision(), Precision::Month);
/// assert_eq!(d.to_string(), "2025-10");
/// assert_eq!(d.first_day(), "2025-10-01".parse::<Date>()?.first_day());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    day: i32,
    precision: Precision,
    qualifier: Option<Qualifier>,
}

/// Why a text is not a [`Date`] or a [`Selector`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateError {
    /// The text is not shaped like `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[error("{0} is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)")]
    Syntax(String),
    /// The year is outside 0001–9999.
    #[error("{0} is not a date (years run from 0001 to 9999)")]
    Year(String),
    /// The month is not 01–12.
    #[error("{0} is not a date (months run from 01 to 12)")]
    Month(String),
    /// The day does not exist in that month.
    #[error("{0} is not a date (no such day in that month)")]
    Day(String),
    /// A range selector whose end comes before its start.
    #[error("{0} is not a valid range (it ends before it starts)")]
    Range(String),
    /// A date with two or more qualifiers at its end (`2021-08~~`).
    #[error("{0} has more than one qualifier (one of ?, ~ or % may end a date)")]
    Qualifiers(String),
    /// A qualifier that is not at the end of the date (`2021~-08`), or alone.
    #[error("{0} is not a date (a qualifier ?, ~ or % may only follow a whole date, at its end)")]
    QualifierPlace(String),
    /// A qualified date where only a plain one is meant (a selector on
    /// the command line).
    #[error("{0} is not a date to look at: a qualifier (?, ~, %) belongs in a dataset, not in a selector")]
    QualifiedSelector(String),
}

const EPOCH: civil::Date = civil::Date::constant(1970, 1, 1);
const SECONDS_PER_DAY: i64 = 86_400;

fn digits(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() {
        return None;
    }
    // One pass: a byte that is not a digit wraps to 10 or more.
    bytes.iter().try_fold(0u32, |acc, &b| {
        let d = b.wrapping_sub(b'0');
        (d < 10).then(|| acc * 10 + u32::from(d))
    })
}

impl Date {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (years 0001–9999),
    /// optionally followed by one qualifier `?`, `~` or `%`.
    ///
    /// # Errors
    ///
    /// A [`DateError`] naming what is wrong: the shape, the year, the month,
    /// the day, or the qualifiers.
    ///
    /// # Example
    ///
    /// ```
    /// use tiegraph::{Date, Qualifier};
    ///
    /// let d = Date::parse("2021-08~")?;
    /// assert_eq!(d.qualifier(), Some(Qualifier::Approximate));
    /// assert_eq!(d.first_day(), Date::parse("2021-08")?.first_day());
    /// assert_eq!(d.to_string(), "2021-08~");
    /// assert_eq!(d.marked().to_string(), "c. 2021-08");
    /// assert_eq!(
    ///     Date::parse("2021-08~~").unwrap_err().to_string(),
    ///     "\"2021-08~~\" has more than one qualifier (one of ?, ~ or % may end a date)"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse(text: &str) -> Result<Date, DateError> {
        // Nearly every date of a large file is plain and valid: try that
        // first (a success means the text holds only digits and dashes, so
        // no qualifier), and leave the checks below to tell what is wrong.
        if text.as_bytes().last().is_some_and(u8::is_ascii_digit) {
            if let Ok(date) = Date::parse_plain(text, text) {
                return Ok(date);
            }
        }
        let last = text.chars().next_back();
        let Some(qualifier) = last.and_then(Qualifier::from_char) else {
            if text.contains(['?', '~', '%']) {
                return Err(DateError::QualifierPlace(quoted(text)));
            }
            return Date::parse_plain(text, text);
        };
        // One byte: `?`, `~` and `%` are ASCII.
        let core = &text[..text.len() - 1];
        if core.ends_with(['?', '~', '%']) {
            return Err(DateError::Qualifiers(quoted(text)));
        }
        if core.is_empty() || core.contains(['?', '~', '%']) {
            return Err(DateError::QualifierPlace(quoted(text)));
        }
        let date = Date::parse_plain(core, text)?;
        Ok(Date {
            qualifier: Some(qualifier),
            ..date
        })
    }

    /// Parses a date without a qualifier; errors show `whole`.
    fn parse_plain(text: &str, whole: &str) -> Result<Date, DateError> {
        let b = text.as_bytes();
        let syntax = || DateError::Syntax(shown(whole));
        let (year, month, day, precision) = match b.len() {
            4 => (digits(b).ok_or_else(syntax)?, 1, 1, Precision::Year),
            7 if b[4] == b'-' => (
                digits(&b[..4]).ok_or_else(syntax)?,
                digits(&b[5..7]).ok_or_else(syntax)?,
                1,
                Precision::Month,
            ),
            10 if b[4] == b'-' && b[7] == b'-' => (
                digits(&b[..4]).ok_or_else(syntax)?,
                digits(&b[5..7]).ok_or_else(syntax)?,
                digits(&b[8..10]).ok_or_else(syntax)?,
                Precision::Day,
            ),
            _ => return Err(syntax()),
        };
        if !(1..=9999).contains(&year) {
            return Err(DateError::Year(shown(whole)));
        }
        if !(1..=12).contains(&month) {
            return Err(DateError::Month(shown(whole)));
        }
        if !(1..=days_in_month(year, month)).contains(&day) {
            return Err(DateError::Day(shown(whole)));
        }
        // Every tie has one or two dates: computed directly rather than
        // through calendar arithmetic (a large part of loading a million).
        Ok(Date {
            day: days_from_civil(year, month, day),
            precision,
            qualifier: None,
        })
    }

    /// Parses a date that may not carry a qualifier, such as a date typed
    /// on the command line to look at the network: `2021~` there is an
    /// error ([`DateError::QualifiedSelector`]).
    ///
    /// # Errors
    ///
    /// As [`Date::parse`], or [`DateError::QualifiedSelector`].
    pub fn parse_unqualified(text: &str) -> Result<Date, DateError> {
        let date = Date::parse(text)?;
        match date.qualifier {
            Some(_) => Err(DateError::QualifiedSelector(quoted(text))),
            None => Ok(date),
        }
    }

    /// A date from its parts, as packed by a tie (the day is in range).
    pub(crate) fn from_packed(
        day: i32,
        precision: Precision,
        qualifier: Option<Qualifier>,
    ) -> Date {
        Date {
            day,
            precision,
            qualifier,
        }
    }

    /// A full-precision date from a day number (days since 1970-01-01).
    ///
    /// Returns `None` outside years 0001–9999.
    pub fn from_day_number(day: i32) -> Option<Date> {
        let date = civil_of(day)?;
        (date.year() >= 1).then_some(Date {
            day,
            precision: Precision::Day,
            qualifier: None,
        })
    }

    /// The same first day with another precision, truncating to the start
    /// of the coarser period (`2025-10-12` as `Month` is `2025-10`), and
    /// without a qualifier (`2025-10~` as `Day` is `2025-10-01`).
    pub fn with_precision(self, precision: Precision) -> Date {
        let Some(c) = civil_of(self.day) else {
            return self;
        };
        let first = match precision {
            Precision::Year => c.first_of_year(),
            Precision::Month => c.first_of_month(),
            Precision::Day => c,
        };
        Date {
            day: day_number(first),
            precision,
            qualifier: None,
        }
    }

    /// The qualifier at the end of the date, if any.
    pub fn qualifier(self) -> Option<Qualifier> {
        self.qualifier
    }

    /// The same date without its qualifier.
    pub fn unqualified(self) -> Date {
        Date {
            qualifier: None,
            ..self
        }
    }

    /// The same date with another qualifier (or none).
    pub fn with_qualifier(self, qualifier: Option<Qualifier>) -> Date {
        Date { qualifier, ..self }
    }

    /// The date as people read it, for tables, diagrams and reports: a
    /// plain date as it is, `2021-08~` as `c. 2021-08`, `2021-08?` as
    /// `2021-08?`, and `2021-08%` (both) as `c. 2021-08?`.
    pub fn marked(self) -> Marked {
        Marked(self)
    }

    /// The day number of the first day (days since 1970-01-01).
    pub fn first_day(self) -> i32 {
        self.day
    }

    /// The day number of the first day *after* the period this date names:
    /// the next day, month or year.
    pub fn period_end(self) -> i32 {
        let Some(c) = civil_of(self.day) else {
            return self.day.saturating_add(1);
        };
        let days = match self.precision {
            Precision::Day => 1,
            Precision::Month => i32::from(c.days_in_month()),
            Precision::Year => i32::from(c.days_in_year()),
        };
        self.day.saturating_add(days)
    }

    /// How much of the date is known.
    pub fn precision(self) -> Precision {
        self.precision
    }

    /// Year, month and day of the first day.
    pub fn ymd(self) -> (i16, i8, i8) {
        civil_of(self.day).map_or((0, 0, 0), |c| (c.year(), c.month(), c.day()))
    }

    /// The period as a [`Selector`]: a day, a month or a year.
    pub fn selector(self) -> Selector {
        Selector::from_date(self)
    }
}

/// Days in a month of the proleptic Gregorian calendar.
fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a valid date of years 0001–9999 (the
/// `days_from_civil` algorithm of Howard Hinnant's "chrono-Compatible
/// Low-Level Date Algorithms"): the same as [`day_number`], without the
/// calendar arithmetic.
fn days_from_civil(year: u32, month: u32, day: u32) -> i32 {
    // Years start in March, so that the leap day is the last day of a year.
    let y = if month <= 2 { year - 1 } else { year };
    let (era, year_of_era) = (y / 400, y % 400);
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    // 719 468 days from 0000-03-01 to 1970-01-01; at most 3.7 million.
    (era * 146_097 + day_of_era) as i32 - 719_468
}

fn day_number(date: civil::Date) -> i32 {
    // Years 0001–9999 span about 3.65 million days: this fits an i32.
    (date.duration_since(EPOCH).as_secs() / SECONDS_PER_DAY) as i32
}

fn civil_of(day: i32) -> Option<civil::Date> {
    EPOCH
        .checked_add(SignedDuration::from_secs(i64::from(day) * SECONDS_PER_DAY))
        .ok()
}

impl Date {
    /// The date without its qualifier, as `YYYY[-MM[-DD]]`.
    fn write_plain(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        if !(0..=9999).contains(&y) {
            return match self.precision {
                Precision::Year => write!(f, "{y:04}"),
                Precision::Month => write!(f, "{y:04}-{m:02}"),
                Precision::Day => write!(f, "{y:04}-{m:02}-{d:02}"),
            };
        }
        let bytes = self.plain_bytes();
        f.write_str(std::str::from_utf8(&bytes).unwrap_or_default())
    }

    /// The bytes of `YYYY[-MM[-DD]]` (without the qualifier), made
    /// without the formatting machinery: tables write millions of dates.
    /// Years outside 0–9999 are not dates of a dataset.
    pub(crate) fn plain_bytes(&self) -> PlainDate {
        let (y, m, d) = self.ymd();
        let two = |v: i8| [b'0' + (v / 10) as u8, b'0' + (v % 10) as u8];
        let y = y.clamp(0, 9999) as u16;
        let mut bytes = [0u8; 10];
        bytes[..4].copy_from_slice(&[
            b'0' + (y / 1000) as u8,
            b'0' + (y / 100 % 10) as u8,
            b'0' + (y / 10 % 10) as u8,
            b'0' + (y % 10) as u8,
        ]);
        bytes[4] = b'-';
        bytes[5..7].copy_from_slice(&two(m));
        bytes[7] = b'-';
        bytes[8..10].copy_from_slice(&two(d));
        let len = match self.precision {
            Precision::Year => 4,
            Precision::Month => 7,
            Precision::Day => 10,
        };
        PlainDate { bytes, len }
    }
}

/// A date's text as [`Date::plain_bytes`] makes it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PlainDate {
    bytes: [u8; 10],
    len: usize,
}

impl std::ops::Deref for PlainDate {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

impl fmt::Display for Date {
    /// The date as it is written in a dataset, qualifier included
    /// (`2021-08~`): what it was read from, byte for byte.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_plain(f)?;
        match self.qualifier {
            Some(q) => write!(f, "{}", q.as_char()),
            None => Ok(()),
        }
    }
}

/// A [`Date`] as people read it (see [`Date::marked`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marked(Date);

impl fmt::Display for Marked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = self.0.qualifier;
        if q.is_some_and(Qualifier::is_approximate) {
            f.write_str("c. ")?;
        }
        self.0.write_plain(f)?;
        if q.is_some_and(Qualifier::is_uncertain) {
            f.write_str("?")?;
        }
        Ok(())
    }
}

impl FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Date, DateError> {
        Date::parse(s)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A half-open range of days `[start, end)` to look at the network through.
///
/// A tie is in force *during* a selector when it is in force on at least one
/// of its days. Parsed from a [`Date`] (`2026-03-01` is one day, `2026-02` the
/// whole of February, `2026` the whole year) or a range `FROM..TO` covering the
/// periods of both ends (`2021..2022-06` is 2021-01-01 up to and including
/// June 2022).
///
/// # Example
///
/// ```
/// use tiegraph::Selector;
///
/// let feb: Selector = "2026-02".parse()?;
/// assert_eq!(feb.days(), 28);
/// assert_eq!(feb.to_string(), "2026-02");
/// let range: Selector = "2021..2022-06".parse()?;
/// assert_eq!(range.days(), 365 + 181);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Selector {
    start: i32,
    end: i32,
    first: Date,
    last: Date,
}

impl Selector {
    /// The period a date names.
    pub fn from_date(date: Date) -> Selector {
        Selector {
            start: date.first_day(),
            end: date.period_end(),
            first: date,
            last: date,
        }
    }

    /// The periods of `first` through `last`, inclusive.
    ///
    /// # Errors
    ///
    /// [`DateError::Range`] when `last` ends before `first` begins.
    pub fn range(first: Date, last: Date) -> Result<Selector, DateError> {
        if last.period_end() <= first.first_day() {
            return Err(DateError::Range(format!("{first}..{last}")));
        }
        Ok(Selector {
            start: first.first_day(),
            end: last.period_end(),
            first,
            last,
        })
    }

    /// Parses a date or a `FROM..TO` range of dates.
    ///
    /// # Errors
    ///
    /// A [`DateError`] for a malformed date, an inverted range or a date
    /// with a qualifier (a selector names exact days).
    pub fn parse(text: &str) -> Result<Selector, DateError> {
        match text.split_once("..") {
            Some((a, b)) => Selector::range(
                Date::parse_unqualified(a.trim())?,
                Date::parse_unqualified(b.trim())?,
            ),
            None => Ok(Selector::from_date(Date::parse_unqualified(text.trim())?)),
        }
    }

    /// First day (a day number, inclusive).
    pub fn start(&self) -> i32 {
        self.start
    }

    /// First day after the range (a day number, exclusive).
    pub fn end(&self) -> i32 {
        self.end
    }

    /// How many days the selector covers.
    pub fn days(&self) -> i64 {
        i64::from(self.end) - i64::from(self.start)
    }

    /// The date the selector starts from, with its precision.
    pub fn first(&self) -> Date {
        self.first
    }

    /// Whether something in force over `[from, until)` (`None` = unbounded)
    /// is in force on at least one day of the selector.
    #[inline]
    pub fn overlaps(&self, from: Option<i32>, until: Option<i32>) -> bool {
        from.is_none_or(|f| f < self.end) && until.is_none_or(|u| u > self.start)
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first == self.last {
            write!(f, "{}", self.first)
        } else {
            write!(f, "{}..{}", self.first, self.last)
        }
    }
}

impl FromStr for Selector {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Selector, DateError> {
        Selector::parse(s)
    }
}

impl Serialize for Selector {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The most steps a timeline or a report takes: 1 200, a century of
/// months. Each step is a row, a diagram or a chart column: more would be
/// unreadable, and would take memory and time in proportion.
pub const MAX_STEPS: u64 = 1200;

/// Why a text is not a [`Step`]: it names the accepted forms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} is not a step (expected e.g. 1y, 6m, 3m, 1m)", shown(.0))]
pub struct StepError(String);

impl StepError {
    /// The text that is not a step, as given.
    pub fn text(&self) -> &str {
        &self.0
    }
}

/// The length of one timeline step: a number of years or months.
///
/// Steps are calendar periods: a `1m` step is a calendar month, `3m` a
/// quarter-aligned block of three months counted from the first step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// `Ny`: N calendar years.
    Years(u16),
    /// `Nm`: N calendar months.
    Months(u16),
}

impl Step {
    /// Parses `1y`, `2y`, `6m`, `3m`, `1m`, … (1 to 120 units).
    ///
    /// # Errors
    ///
    /// A [`StepError`] naming the accepted forms.
    ///
    /// ```
    /// use tiegraph::Step;
    /// assert_eq!(Step::parse("6m")?, Step::Months(6));
    /// let err = Step::parse("2w").unwrap_err();
    /// assert_eq!(err.to_string(), "2w is not a step (expected e.g. 1y, 6m, 3m, 1m)");
    /// assert_eq!(err.text(), "2w");
    /// # Ok::<(), tiegraph::Error>(())
    /// ```
    pub fn parse(text: &str) -> Result<Step, StepError> {
        let t = text.trim();
        // Split off the last character, not byte: `1é` must not panic.
        let last = t.char_indices().next_back().map_or(0, |(i, _)| i);
        let (num, unit) = t.split_at(last);
        let error = || StepError(text.to_owned());
        let n: u16 = num
            .parse()
            .ok()
            .filter(|n| (1..=120).contains(n))
            .ok_or_else(error)?;
        match unit {
            "y" | "Y" => Ok(Step::Years(n)),
            "m" | "M" => Ok(Step::Months(n)),
            _ => Err(error()),
        }
    }

    /// The precision of this step's labels.
    pub fn precision(self) -> Precision {
        match self {
            Step::Years(_) => Precision::Year,
            Step::Months(_) => Precision::Month,
        }
    }

    /// How many periods [`Step::periods`] gives for `from` and `to`,
    /// counted without making them: check it against [`MAX_STEPS`] before
    /// computing a timeline or a report.
    ///
    /// ```
    /// use tiegraph::{Date, Step};
    /// let (from, to) = (Date::parse("2021")?, Date::parse("2026")?);
    /// assert_eq!(Step::Years(1).count(from, to), 6);
    /// assert_eq!(Step::Months(1).count(from, to), 72);
    /// assert_eq!(Step::Months(5).count(from, to), 15);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn count(self, from: Date, to: Date) -> u64 {
        let last_day = to.period_end().saturating_sub(1).max(to.first_day());
        let (Some(cur), Some(stop)) = (civil_of(from.first_day()), civil_of(last_day)) else {
            return 0;
        };
        if cur > stop {
            return 0;
        }
        let (units, n) = match self {
            Step::Years(n) => (i64::from(stop.year()) - i64::from(cur.year()), n),
            Step::Months(n) => (
                (i64::from(stop.year()) - i64::from(cur.year())) * 12 + i64::from(stop.month())
                    - i64::from(cur.month()),
                n,
            ),
        };
        (units / i64::from(n)) as u64 + 1
    }

    /// The consecutive periods from the one containing the first day of
    /// `from` to the one containing the **last** day of `to`, inclusive: with
    /// a month step, `to` = `2001` runs to `2001-12`; with a year step, `to` =
    /// `2026-03` ends with `2026`. A one-unit step is labelled by its period
    /// (`2021-03`), a longer one by its first and last (`2021-01..2021-06`).
    /// Empty when `to` is before `from`.
    pub fn periods(self, from: Date, to: Date) -> Vec<Selector> {
        let mut out = Vec::new();
        let last_day = to.period_end().saturating_sub(1).max(to.first_day());
        let (Some(mut cur), Some(stop)) = (civil_of(from.first_day()), civil_of(last_day)) else {
            return out;
        };
        let (span, unit, precision) = match self {
            Step::Years(n) => {
                cur = cur.first_of_year();
                let unit = jiff::Span::new().years(1);
                (unit.years(i64::from(n)), unit, Precision::Year)
            }
            Step::Months(n) => {
                cur = cur.first_of_month();
                let unit = jiff::Span::new().months(1);
                (unit.months(i64::from(n)), unit, Precision::Month)
            }
        };
        while cur <= stop {
            let first = Date {
                day: day_number(cur),
                precision,
                qualifier: None,
            };
            // jiff's calendar ends on 9999-12-31: a step that runs past it
            // is cut there (it ends the day after, still a day number) and
            // its last period is the last one that starts in 9999.
            let next = cur.checked_add(span).ok();
            let last_start = match next {
                Some(next) => next.checked_sub(unit).ok(),
                None => Some(match self {
                    Step::Years(_) => civil::Date::MAX.first_of_year(),
                    Step::Months(_) => civil::Date::MAX.first_of_month(),
                }),
            };
            // A step of several months or years is labelled by its first
            // and last period (`2021-01..2021-06`).
            let last = last_start.map_or(first, |l| Date {
                day: day_number(l),
                precision,
                qualifier: None,
            });
            out.push(Selector {
                start: first.day,
                end: next.map_or(day_number(civil::Date::MAX) + 1, day_number),
                first,
                last,
            });
            let Some(next) = next else {
                break;
            };
            cur = next;
        }
        out
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Years(n) => write!(f, "{n}y"),
            Step::Months(n) => write!(f, "{n}m"),
        }
    }
}

impl FromStr for Step {
    type Err = StepError;
    fn from_str(s: &str) -> Result<Step, StepError> {
        Step::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        Date::parse(text).unwrap_err().to_string()
    }

    /// The direct day count and month lengths agree with jiff's calendar:
    /// every day of a whole 400-year cycle (and the years around it), and
    /// the first and last days of every month of years 0001-9999.
    #[test]
    fn step_count_matches_the_periods() {
        for (from, to) in [
            ("2021", "2026"),
            ("2021-03", "2021"),
            ("2020-02-29", "2023-07-04"),
            ("1999-12", "2000-01"),
            ("9990", "9999"),
        ] {
            let (f, t) = (Date::parse(from).unwrap(), Date::parse(to).unwrap());
            for step in ["1y", "2y", "7y", "1m", "3m", "5m", "12m", "120m"] {
                let step = Step::parse(step).unwrap();
                assert_eq!(
                    step.count(f, t),
                    step.periods(f, t).len() as u64,
                    "{from} {to} {step}"
                );
            }
        }
        let (f, t) = (Date::parse("0001").unwrap(), Date::parse("9999").unwrap());
        assert_eq!(Step::Months(1).count(f, t), 9999 * 12);
    }

    #[test]
    fn day_numbers_agree_with_the_calendar() {
        let check = |y: i16, m: i8, d: i8| {
            let civil = civil::Date::new(y, m, d).expect("a valid date");
            let (yu, mu, du) = (y as u32, m as u32, d as u32);
            assert_eq!(days_from_civil(yu, mu, du), day_number(civil), "{civil}");
            assert_eq!(
                days_in_month(yu, mu),
                civil.days_in_month() as u32,
                "{civil}"
            );
        };
        for y in 1999..=2401 {
            for m in 1..=12 {
                let days = civil::Date::new(y, m, 1).expect("a month").days_in_month();
                (1..=days).for_each(|d| check(y, m, d));
            }
        }
        for y in 1..=9999 {
            for m in 1..=12 {
                check(y, m, 1);
                check(
                    y,
                    m,
                    civil::Date::new(y, m, 1).expect("a month").days_in_month(),
                );
            }
        }
        assert!(Date::parse("2023-02-29").is_err() && Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("1900-02-29").is_err() && Date::parse("2000-02-29").is_ok());
        assert!(Date::parse("2025-04-31").is_err() && Date::parse("2025-04-00").is_err());
    }

    #[test]
    fn parses_each_precision_and_prints_it_back() {
        for text in [
            "2025",
            "2025-10",
            "2025-10-12",
            "0001",
            "9999-12-31",
            "1970-01-01",
        ] {
            assert_eq!(Date::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(Date::parse("1970-01-01").unwrap().first_day(), 0);
        assert_eq!(Date::parse("1970-01-02").unwrap().first_day(), 1);
        assert_eq!(Date::parse("1969-12-31").unwrap().first_day(), -1);
    }

    #[test]
    fn rejects_bad_dates_with_reasons() {
        assert_eq!(
            err("2025-13-01"),
            "2025-13-01 is not a date (months run from 01 to 12)"
        );
        assert_eq!(
            err("2025-02-30"),
            "2025-02-30 is not a date (no such day in that month)"
        );
        assert_eq!(
            err("0000"),
            "0000 is not a date (years run from 0001 to 9999)"
        );
        assert_eq!(
            err("99999"),
            "99999 is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"
        );
        assert_eq!(
            err(""),
            "\"\" is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"
        );
        assert_eq!(
            err("2025-1-01"),
            "2025-1-01 is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"
        );
        assert_eq!(
            err("+025"),
            "+025 is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"
        );
        assert_eq!(
            err("2025-00"),
            "2025-00 is not a date (months run from 01 to 12)"
        );
        assert_eq!(
            err("2024-02-29x"),
            "2024-02-29x is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"
        );
        assert!(Date::parse("2024-02-29").is_ok());
    }

    #[test]
    fn qualifiers_keep_the_day_and_print_back() {
        for (text, q, marked) in [
            ("2021-08~", Some(Qualifier::Approximate), "c. 2021-08"),
            ("1994?", Some(Qualifier::Uncertain), "1994?"),
            (
                "2021-08-15%",
                Some(Qualifier::UncertainApproximate),
                "c. 2021-08-15?",
            ),
            ("2021-08", None, "2021-08"),
        ] {
            let d = Date::parse(text).unwrap();
            assert_eq!(d.qualifier(), q, "{text}");
            assert_eq!(d.to_string(), text);
            assert_eq!(d.marked().to_string(), marked);
            let plain = d.unqualified();
            assert_eq!(plain.first_day(), d.first_day());
            assert_eq!(plain.period_end(), d.period_end());
            assert_eq!(plain.with_qualifier(q), d);
            assert_eq!(d.with_precision(Precision::Day).qualifier(), None);
        }
        // One qualifier, at the end, after a whole date.
        assert_eq!(
            err("2021-08~~"),
            "\"2021-08~~\" has more than one qualifier (one of ?, ~ or % may end a date)"
        );
        assert_eq!(
            err("2021?~"),
            "\"2021?~\" has more than one qualifier (one of ?, ~ or % may end a date)"
        );
        for bad in ["~", "?2021", "2021~-08", "20%21", "2021-~08"] {
            assert_eq!(
                err(bad),
                format!(
                    "\"{bad}\" is not a date (a qualifier ?, ~ or % may only follow a whole \
                     date, at its end)"
                )
            );
        }
        assert_eq!(
            err("2021-13~"),
            "2021-13~ is not a date (months run from 01 to 12)"
        );
        assert_eq!(
            err("2021 ~"),
            "2021 ~ is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"
        );
        // A multi-byte last character is no qualifier (and no panic).
        assert!(Date::parse("2021é").is_err());
        // Selectors name exact days.
        assert!(Selector::parse("2021~").is_err());
        assert!(Selector::parse("2021..2022?").is_err());
        assert!(Date::parse_unqualified("2021%").is_err());
        // Ordered by day first: a qualifier never moves a date.
        let (a, b) = (
            Date::parse("2021-08~").unwrap(),
            Date::parse("2021-09").unwrap(),
        );
        assert!(a < b);
    }

    #[test]
    fn periods_have_calendar_lengths() {
        let d = |t: &str| Date::parse(t).unwrap();
        assert_eq!(d("2024").period_end() - d("2024").first_day(), 366);
        assert_eq!(d("2024-02").period_end() - d("2024-02").first_day(), 29);
        assert_eq!(
            d("2024-02-10").period_end() - d("2024-02-10").first_day(),
            1
        );
        assert_eq!(
            d("2025-10-12").with_precision(Precision::Month),
            d("2025-10")
        );
        assert_eq!(d("2025-10-12").with_precision(Precision::Year), d("2025"));
    }

    #[test]
    fn selectors_cover_their_periods() {
        let s = Selector::parse("2026-02").unwrap();
        assert!(s.overlaps(None, None));
        assert!(s.overlaps(Some(Date::parse("2026-02-28").unwrap().first_day()), None));
        assert!(!s.overlaps(Some(Date::parse("2026-03-01").unwrap().first_day()), None));
        assert!(!s.overlaps(None, Some(Date::parse("2026-02-01").unwrap().first_day())));
        assert!(s.overlaps(None, Some(Date::parse("2026-02-02").unwrap().first_day())));
        assert_eq!(
            Selector::parse("2022..2021").unwrap_err().to_string(),
            "2022..2021 is not a valid range (it ends before it starts)"
        );
    }

    #[test]
    fn steps_tile_the_range() {
        let d = |t: &str| Date::parse(t).unwrap();
        let months = Step::Months(1).periods(d("2021-01-15"), d("2026-12"));
        assert_eq!(months.len(), 72);
        assert_eq!(months[0].to_string(), "2021-01");
        assert_eq!(months[71].to_string(), "2026-12");
        for w in months.windows(2) {
            assert_eq!(w[0].end(), w[1].start());
        }
        let years = Step::Years(1).periods(d("2021"), d("2026"));
        assert_eq!(
            years.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            ["2021", "2022", "2023", "2024", "2025", "2026"]
        );
        let quarters = Step::Months(3).periods(d("2021-02"), d("2021-12-31"));
        assert_eq!(quarters.len(), 4);
        assert_eq!(quarters[3].to_string(), "2021-11..2022-01");
        assert!(Step::Years(1).periods(d("2026"), d("2021")).is_empty());
        assert_eq!(Step::parse("6m"), Ok(Step::Months(6)));
        assert!(Step::parse("0y").is_err());
        assert!(Step::parse("y").is_err());
        assert!(Step::parse("").is_err());
        // Regression (fuzzing): a multi-byte last character panicked.
        assert!(Step::parse("1é").is_err());
        assert!(Step::parse("é").is_err());
    }

    #[test]
    fn the_last_step_holds_the_last_day_of_to() {
        let d = |t: &str| Date::parse(t).unwrap();
        let labels = |step: Step, from: &str, to: &str| -> Vec<String> {
            step.periods(d(from), d(to))
                .iter()
                .map(|s| s.to_string())
                .collect()
        };
        let months = labels(Step::Months(1), "2001", "2001");
        assert_eq!(months.len(), 12);
        assert_eq!(months.last().map(String::as_str), Some("2001-12"));
        assert_eq!(
            labels(Step::Years(1), "2024-05", "2026-03"),
            ["2024", "2025", "2026"]
        );
        // A day or a month names its own last day.
        assert_eq!(
            labels(Step::Months(1), "2021-01", "2021-03-31")
                .last()
                .map(String::as_str),
            Some("2021-03")
        );
        assert_eq!(labels(Step::Months(1), "2021-01", "2021-03").len(), 3);
        assert_eq!(
            labels(Step::Months(3), "2021-01", "2021")
                .last()
                .map(String::as_str),
            Some("2021-10..2021-12")
        );
        // The end of the calendar.
        assert_eq!(
            labels(Step::Months(1), "9999-11", "9999"),
            ["9999-11", "9999-12"]
        );
        // Every day of `to` is inside the steps, and no step starts after it.
        for (step, from, to) in [
            (Step::Months(1), "2020-02", "2021"),
            (Step::Months(5), "2020-02-10", "2022-07"),
            (Step::Years(2), "2019", "2026-02-03"),
        ] {
            let periods = Step::periods(step, d(from), d(to));
            let last = periods.last().expect("a step");
            assert!(last.end() >= d(to).period_end(), "{step} {from} {to}");
            assert!(last.start() < d(to).period_end(), "{step} {from} {to}");
        }
    }
}
