//! COW dates: a year, a month and a day in three columns, `-9` for a part
//! the coders did not know, and ends that are inclusive (the last day of a
//! spell), where tiegraph's are exclusive (the first day after it).

use crate::time::{Date, Qualifier};

/// COW's code for an unknown part of a date.
pub(crate) const UNKNOWN: i32 = -9;

/// The first day of a spell. An unknown day (`-9`) gives a month date, an
/// unknown month a year date, each with the `?` qualifier: the date stands
/// for the first day of its period, as a partial date does.
///
/// # Errors
///
/// The reason, for a missing year or a date that does not exist.
pub(crate) fn start(year: i32, month: i32, day: i32) -> Result<Date, String> {
    match (month, day) {
        (UNKNOWN, _) => date(year, None, None).map(uncertain),
        (m, UNKNOWN) => date(year, Some(m), None).map(uncertain),
        (m, d) => date(year, Some(m), Some(d)),
    }
}

/// The first day after a spell whose last day is given (COW's inclusive
/// end): the next day. An end of unknown day ends at the end of its
/// month, so the first day after it is the next month (a month date with
/// `?`); an unknown month ends at the end of its year (the next year, `?`).
///
/// # Errors
///
/// As [`start`], or an end past year 9999.
pub(crate) fn end_exclusive(year: i32, month: i32, day: i32) -> Result<Date, String> {
    match (month, day) {
        (UNKNOWN, _) => {
            date(year, None, None)?;
            date(year + 1, None, None).map(uncertain)
        }
        (m, UNKNOWN) => {
            date(year, Some(m), None)?;
            let (y, m) = if m == 12 {
                (year + 1, 1)
            } else {
                (year, m + 1)
            };
            date(y, Some(m), None).map(uncertain)
        }
        (m, d) => {
            let last = date(year, Some(m), Some(d))?;
            Date::from_day_number(last.first_day() + 1)
                .ok_or_else(|| format!("{year:04}-{m:02}-{d:02} is the last day tiegraph knows"))
        }
    }
}

/// The last day of a spell as a full date (for comparing states' ends).
pub(crate) fn last_day(year: i32, month: i32, day: i32) -> Option<i32> {
    date(year, Some(month), Some(day)).ok().map(Date::first_day)
}

fn uncertain(d: Date) -> Date {
    d.with_qualifier(Some(Qualifier::Uncertain))
}

fn date(year: i32, month: Option<i32>, day: Option<i32>) -> Result<Date, String> {
    if year == UNKNOWN {
        return Err("the year is unknown (-9)".into());
    }
    let text = match (month, day) {
        (None, _) => format!("{year:04}"),
        (Some(m), None) => format!("{year:04}-{m:02}"),
        (Some(m), Some(d)) => format!("{year:04}-{m:02}-{d:02}"),
    };
    // Negative or overlong parts give a text the parser refuses.
    Date::parse(&text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(d: Result<Date, String>) -> String {
        d.map_or_else(|e| format!("error: {e}"), |d| d.to_string())
    }

    #[test]
    fn known_days_are_kept_and_inclusive_ends_become_exclusive() {
        assert_eq!(text(start(1911, 7, 1)), "1911-07-01");
        assert_eq!(text(end_exclusive(1911, 11, 1)), "1911-11-02");
        // The last day of a month, of a year, of February in a leap year.
        assert_eq!(text(end_exclusive(1945, 8, 31)), "1945-09-01");
        assert_eq!(text(end_exclusive(2016, 12, 31)), "2017-01-01");
        assert_eq!(text(end_exclusive(1940, 2, 29)), "1940-03-01");
    }

    #[test]
    fn unknown_days_become_uncertain_partial_dates() {
        // A start of unknown day stands for its month's first day.
        let s = start(1911, 7, UNKNOWN).expect("a date");
        assert_eq!(s.to_string(), "1911-07?");
        assert_eq!(
            s.first_day(),
            start(1911, 7, 1).expect("a date").first_day()
        );
        // An end of unknown day ends at the end of its month.
        assert_eq!(text(end_exclusive(1911, 11, UNKNOWN)), "1911-12?");
        assert_eq!(text(end_exclusive(1911, 12, UNKNOWN)), "1912-01?");
        // Unknown months: the year.
        assert_eq!(text(start(1911, UNKNOWN, UNKNOWN)), "1911?");
        assert_eq!(text(end_exclusive(1911, UNKNOWN, UNKNOWN)), "1912?");
    }

    #[test]
    fn impossible_dates_are_errors() {
        assert!(start(UNKNOWN, 1, 1).is_err());
        assert!(start(1911, 13, 1).is_err());
        assert!(start(1911, 2, 30).is_err());
        assert!(end_exclusive(1911, 4, 31).is_err());
        assert!(end_exclusive(1911, 0, UNKNOWN).is_err());
        assert!(start(1911, -3, 1).is_err());
        assert_eq!(
            last_day(1945, 8, 14),
            start(1945, 8, 14).ok().map(Date::first_day)
        );
    }
}
