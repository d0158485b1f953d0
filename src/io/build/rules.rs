//! The format's rules for single fields and rows, as pure functions.

use super::row::{RawWeight, RowLoc, RowPath};
use crate::error::{Problem, ProblemKind};
use crate::escape::terminal::shown;
use crate::model::{Actor, ActorKey, Confidence, TieKind};
use crate::time::Date;

/// A source cited twice in one list, if any: a pass over the pairs of a
/// short list (most cite one to three sources), a sorted copy of a long one.
pub(super) fn cited_twice(list: &[u32]) -> Option<u32> {
    if list.len() <= 16 {
        return (1..list.len()).find_map(|i| list[..i].contains(&list[i]).then_some(list[i]));
    }
    let mut sorted = list.to_vec();
    sorted.sort_unstable();
    let twice = sorted.windows(2).find(|w| w[0] == w[1]).map(|w| w[0])?;
    // The first repeat in the order given, for the message.
    let first = (1..list.len()).find_map(|i| list[..i].contains(&list[i]).then_some(list[i]));
    first.or(Some(twice))
}

/// Whether an actor id follows `[A-Za-z0-9_.-]{1,64}`.
pub(crate) fn is_valid_actor_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

/// Whether a source's `url` is a web address: `http` or `https` with a
/// host, with nothing a link would have to encode (spaces, quotes, angle
/// brackets, control characters), so that it is linked as it is written.
pub(super) fn is_url(text: &str) -> bool {
    crate::link::web_link(text).is_some_and(|link| link == text)
}

pub(super) fn opt(text: &str) -> Option<Box<str>> {
    (!text.is_empty()).then(|| text.into())
}

/// A date field: `None` when empty, a problem when it is not a date.
#[inline]
pub(super) fn parse_date(loc: &RowLoc, column: &str, text: &str) -> Result<Option<Date>, Problem> {
    if text.is_empty() {
        return Ok(None);
    }
    Date::parse(text)
        .map(Some)
        .map_err(|e| Problem::new(loc.field(column), ProblemKind::BadDate, e.to_string()))
}

/// The days an actor is in force, as sorted, disjoint `[from, until)`
/// day numbers (`i32::MIN`/`i32::MAX` for an open side), adjacent phases
/// merged.
pub(super) fn in_force(actor: &Actor) -> Vec<(i32, i32)> {
    let mut out: Vec<(i32, i32)> = Vec::new();
    for p in actor.phases() {
        let from = p.from().map_or(i32::MIN, Date::first_day);
        let until = p.until().map_or(i32::MAX, Date::first_day);
        match out.last_mut() {
            Some((_, u)) if *u >= from => *u = (*u).max(until),
            _ => out.push((from, until)),
        }
    }
    out
}

/// The days in both of two sorted lists of disjoint `[from, until)` intervals.
pub(super) fn intersect(a: &[(i32, i32)], b: &[(i32, i32)]) -> Vec<(i32, i32)> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let from = a[i].0.max(b[j].0);
        let until = a[i].1.min(b[j].1);
        if from < until {
            out.push((from, until));
        }
        if a[i].1 < b[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

pub(super) fn not_in_force_message(actor: &Actor, start: Date, end: Option<Date>) -> String {
    let span = match end {
        Some(e) => format!("from {start} to {e}"),
        None => format!("from {start} on"),
    };
    // The periods the actor is in force, adjacent phases merged, so that an
    // actor with a gap between its phases is described as such.
    let mut periods: Vec<(Option<Date>, Option<Date>)> = Vec::new();
    for p in actor.phases() {
        let day = |d: Option<Date>| d.map(Date::first_day);
        match periods.last_mut() {
            Some((_, until)) if until.is_some() && day(*until) == day(p.from()) => {
                *until = p.until();
            }
            _ => periods.push((p.from(), p.until())),
        }
    }
    let life = periods
        .iter()
        .map(|period| match period {
            (None, None) => "always".to_owned(),
            (Some(f), None) => format!("from {f}"),
            (None, Some(u)) => format!("until {u}"),
            (Some(f), Some(u)) => format!("from {f} until {u}"),
        })
        .collect::<Vec<_>>()
        .join(" and ");
    format!(
        "the tie runs {span} but actor {} is in force {life}",
        actor.id()
    )
}

/// Problems with a tie id given in the row (at most two).
#[inline(always)]
pub(super) fn tie_id(loc: &RowLoc, id: &str) -> [Option<Problem>; 2] {
    // `#` + digits is how generated ids are saved back; anything else
    // starting with `#` could collide with a generated id.
    let hash = (id.starts_with('#') && !id[1..].bytes().all(|b| b.is_ascii_digit()) || id == "#")
        .then(|| {
            Problem::new(
                loc.field("id"),
                ProblemKind::BadId,
                format!("tie id {} may not start with #", shown(id)),
            )
        });
    // Refused rather than trimmed: `t1 ` and `t1` would otherwise be two
    // ids that look the same in every output.
    let spaces = (id.trim() != id).then(|| {
        Problem::new(
            loc.field("id"),
            ProblemKind::BadId,
            format!("tie id {} has spaces at its start or end", shown(id)),
        )
    });
    [hash, spaces]
}

/// A tie's kind.
#[inline]
pub(super) fn tie_kind(loc: &RowLoc, text: &str) -> Result<TieKind, Problem> {
    text.parse::<TieKind>()
        .map_err(|e| Problem::new(loc.field("kind"), ProblemKind::BadKind, e.to_string()))
}

/// A tie's start: a date, and required.
#[inline]
pub(super) fn start(loc: &RowLoc, text: &str) -> Result<Date, Problem> {
    parse_date(loc, "start", text)?.ok_or_else(|| {
        Problem::new(
            loc.field("start"),
            ProblemKind::MissingValue,
            "a tie needs a start date",
        )
    })
}

/// A tie's end after its start (compared by first days).
#[inline]
pub(super) fn end_after_start(loc: &RowLoc, start: Date, end: Date) -> Result<(), Problem> {
    if end.first_day() <= start.first_day() {
        return Err(Problem::new(
            loc.field("end"),
            ProblemKind::EndBeforeStart,
            format!("end {end} is not after start {start}"),
        ));
    }
    Ok(())
}

/// A mediation names its second party in `with`, and only a mediation
/// does. `kind_text` is the kind as given, `kind` as read (if it could be).
#[inline]
pub(super) fn with_fits_kind(
    loc: &RowLoc,
    kind_text: &str,
    kind: Option<TieKind>,
    with: &str,
) -> Result<(), Problem> {
    let mediation = kind == Some(TieKind::Mediation);
    if with.is_empty() && mediation {
        return Err(Problem::new(
            loc.field("with"),
            ProblemKind::MissingWith,
            "a mediation needs its second party in with",
        ));
    }
    if !with.is_empty() && kind.is_some() && !mediation {
        return Err(Problem::new(
            loc.field("with"),
            ProblemKind::UnexpectedWith,
            format!("only a mediation has a with (this tie is {kind_text})"),
        ));
    }
    Ok(())
}

/// A tie's actors are different: source and target, and `with` from both.
#[inline(always)]
pub(super) fn distinct(
    loc: &RowLoc,
    source: ActorKey,
    target: ActorKey,
    with: Option<ActorKey>,
) -> [Option<Problem>; 2] {
    let same = (source == target).then(|| {
        Problem::new(
            loc.field("target"),
            ProblemKind::SelfTie,
            "a tie needs two different actors",
        )
    });
    let with = with.filter(|&w| w == source || w == target).map(|_| {
        Problem::new(
            loc.field("with"),
            ProblemKind::SelfTie,
            "with must differ from source and target",
        )
    });
    [same, with]
}

/// A tie's weight: empty, or a number in (0, 1] written without spaces.
#[inline]
pub(super) fn weight(loc: &RowLoc, raw: &RawWeight<'_>) -> Result<Option<f64>, Problem> {
    let bad = |text: &str, why: &str| {
        Problem::new(
            loc.field("weight"),
            ProblemKind::BadWeight,
            format!("{} is not a number in (0, 1]{why}", shown(text)),
        )
    };
    let valid = |w: f64| w.is_finite() && w > 0.0 && w <= 1.0;
    match *raw {
        RawWeight::Text("") | RawWeight::Number(None) => Ok(None),
        RawWeight::Text(t) if t.trim() != t => Err(bad(t, " (no spaces around it)")),
        RawWeight::Text(t) => match t.parse::<f64>() {
            Ok(w) if valid(w) => Ok(Some(w)),
            _ => Err(bad(t, "")),
        },
        RawWeight::Number(Some(w)) if valid(w) => Ok(Some(w)),
        RawWeight::Number(Some(w)) => Err(bad(&w.to_string(), "")),
    }
}

/// A tie's confidence: empty (reported) or one of the three words.
#[inline]
pub(super) fn confidence(loc: &RowLoc, text: &str) -> Result<Confidence, Problem> {
    if text.is_empty() {
        return Ok(Confidence::Reported);
    }
    text.parse::<Confidence>().map_err(|e| {
        Problem::new(
            loc.field("confidence"),
            ProblemKind::BadConfidence,
            e.to_string(),
        )
    })
}

/// A tie's direction: empty (the kind's own), `true` or `false`.
#[inline]
pub(super) fn directed(loc: &RowLoc, text: &str) -> Result<Option<bool>, Problem> {
    match text {
        "" => Ok(None),
        "true" => Ok(Some(true)),
        "false" => Ok(Some(false)),
        _ => Err(Problem::new(
            loc.field("directed"),
            ProblemKind::BadDirection,
            format!("{} is not true or false", shown(text)),
        )),
    }
}

/// At most [`crate::io::MAX_CITATIONS`] sources per tie.
#[inline]
pub(super) fn citation_count(loc: &RowLoc, cited: usize) -> Result<(), Problem> {
    if cited > crate::io::MAX_CITATIONS {
        return Err(Problem::new(
            loc.field("sources"),
            ProblemKind::TooLarge,
            format!(
                "the tie cites {cited} sources (at most {})",
                crate::io::MAX_CITATIONS
            ),
        ));
    }
    Ok(())
}

/// A cited source that the dataset does not have. `missing` names the
/// sources file when the dataset has none.
pub(super) fn unknown_source(loc: &RowLoc, id: &str, missing: Option<&str>) -> Problem {
    let message = match missing {
        Some(file) => format!("{} is cited but the dataset has no {file}", shown(id)),
        // JSON rows have a path (`ties[3]`); CSV rows do not.
        None if !matches!(loc.path, RowPath::None) => {
            format!("source {} is not among the dataset's sources", shown(id))
        }
        None => format!("source {} is not in sources.csv", shown(id)),
    };
    Problem::new(loc.field("sources"), ProblemKind::UnknownSource, message)
}

/// An actor id: present, and `[A-Za-z0-9_.-]{1,64}`.
pub(super) fn actor_id(loc: &RowLoc, id: &str) -> Result<(), Problem> {
    if id.is_empty() {
        return Err(Problem::new(
            loc.field("id"),
            ProblemKind::MissingValue,
            "an actor needs an id",
        ));
    }
    if !is_valid_actor_id(id) {
        return Err(Problem::new(
            loc.field("id"),
            ProblemKind::BadId,
            format!(
                "{} is not an actor id (expected 1 to 64 of A-Z a-z 0-9 _ . -)",
                shown(id)
            ),
        ));
    }
    Ok(())
}

/// A phase's `until` after its `from` (compared by first days).
pub(super) fn until_after_from(loc: &RowLoc, from: Date, until: Date) -> Result<(), Problem> {
    if until.first_day() <= from.first_day() {
        return Err(Problem::new(
            loc.field("until"),
            ProblemKind::EndBeforeStart,
            format!("until {until} is not after from {from}"),
        ));
    }
    Ok(())
}

/// At most [`crate::io::MAX_ALIASES`] aliases in one actor row.
pub(super) fn alias_count(loc: &RowLoc, count: usize) -> Result<(), Problem> {
    if count > crate::io::MAX_ALIASES {
        return Err(Problem::new(
            loc.field("aliases"),
            ProblemKind::TooLarge,
            format!(
                "the row gives {count} aliases (at most {})",
                crate::io::MAX_ALIASES
            ),
        ));
    }
    Ok(())
}

/// An alias without `;`: actors.csv separates aliases with `;`, so one
/// holding a `;` (possible in JSON) would be saved as two.
pub(super) fn alias(loc: &RowLoc, alias: &str) -> Result<(), Problem> {
    if alias.contains(';') {
        return Err(Problem::new(
            loc.field("aliases"),
            ProblemKind::BadId,
            format!(
                "alias {} may not contain ; (actors.csv separates aliases with ;)",
                shown(alias)
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn csv_row() -> RowLoc {
        RowLoc {
            file: Arc::from("ties.csv"),
            line: Some(7),
            path: RowPath::None,
        }
    }

    fn json_row() -> RowLoc {
        RowLoc {
            file: Arc::from("d.json"),
            line: None,
            path: RowPath::Index("ties", 3),
        }
    }

    fn said(p: &Problem) -> String {
        p.to_string()
    }

    #[test]
    fn tie_ids() {
        let loc = csv_row();
        assert!(tie_id(&loc, "t1").iter().all(Option::is_none));
        assert!(tie_id(&loc, "#12").iter().all(Option::is_none));
        let [hash, _] = tie_id(&loc, "#x");
        assert!(said(&hash.expect("a problem")).contains("may not start with #"));
        let [hash, _] = tie_id(&loc, "#");
        assert!(hash.is_some());
        let [_, spaces] = tie_id(&loc, " t1");
        let spaces = spaces.expect("a problem");
        assert_eq!(spaces.kind(), ProblemKind::BadId);
        assert!(said(&spaces).contains("ties.csv:7"), "{}", said(&spaces));
    }

    #[test]
    fn kinds_and_dates() {
        let loc = csv_row();
        assert_eq!(tie_kind(&loc, "alliance").ok(), Some(TieKind::Alliance));
        assert_eq!(
            tie_kind(&loc, "friendship").map_err(|p| p.kind()),
            Err(ProblemKind::BadKind)
        );
        assert_eq!(
            start(&loc, "").map_err(|p| p.kind()),
            Err(ProblemKind::MissingValue)
        );
        assert_eq!(
            start(&loc, "2020-13").map_err(|p| p.kind()),
            Err(ProblemKind::BadDate)
        );
        let (a, b) = (start(&loc, "2020").unwrap(), start(&loc, "2021").unwrap());
        assert!(end_after_start(&loc, a, b).is_ok());
        assert!(end_after_start(&loc, b, a).is_err());
        // Compared by first days: 2020 and 2020-01-01 start the same day.
        let day = start(&loc, "2020-01-01").unwrap();
        assert!(end_after_start(&loc, a, day).is_err());
        assert!(until_after_from(&loc, a, b).is_ok());
        assert_eq!(
            until_after_from(&loc, a, a).map_err(|p| p.kind()),
            Err(ProblemKind::EndBeforeStart)
        );
    }

    #[test]
    fn with_and_distinct_actors() {
        let loc = csv_row();
        let m = Some(TieKind::Mediation);
        assert!(with_fits_kind(&loc, "mediation", m, "C").is_ok());
        assert_eq!(
            with_fits_kind(&loc, "mediation", m, "").map_err(|p| p.kind()),
            Err(ProblemKind::MissingWith)
        );
        let a = Some(TieKind::Alliance);
        assert_eq!(
            with_fits_kind(&loc, "alliance", a, "C").map_err(|p| p.kind()),
            Err(ProblemKind::UnexpectedWith)
        );
        // An unreadable kind is reported on its own, not again here.
        assert!(with_fits_kind(&loc, "friendship", None, "C").is_ok());
        let (x, y) = (ActorKey(0), ActorKey(1));
        assert!(distinct(&loc, x, y, None).iter().all(Option::is_none));
        assert!(distinct(&loc, x, x, None)[0].is_some());
        assert!(distinct(&loc, x, y, Some(y))[1].is_some());
    }

    #[test]
    fn weights() {
        let loc = csv_row();
        assert_eq!(weight(&loc, &RawWeight::Text("")).ok(), Some(None));
        assert_eq!(weight(&loc, &RawWeight::Text("0.5")).ok(), Some(Some(0.5)));
        assert_eq!(
            weight(&loc, &RawWeight::Number(Some(1.0))).ok(),
            Some(Some(1.0))
        );
        for bad in ["0", "1.0000001", "NaN", "inf", "-0", "x", " 0.5"] {
            let p = weight(&loc, &RawWeight::Text(bad)).expect_err(bad);
            assert_eq!(p.kind(), ProblemKind::BadWeight, "{bad}");
        }
        let p = weight(&loc, &RawWeight::Text(" 0.5")).expect_err("spaces");
        assert!(said(&p).contains("no spaces around it"));
        assert!(weight(&loc, &RawWeight::Number(Some(0.0))).is_err());
    }

    #[test]
    fn confidences_and_citations() {
        let loc = json_row();
        assert_eq!(confidence(&loc, "").ok(), Some(Confidence::Reported));
        assert_eq!(confidence(&loc, "alleged").ok(), Some(Confidence::Alleged));
        let p = confidence(&loc, "sure").expect_err("not a confidence");
        assert!(said(&p).contains("ties[3].confidence"), "{}", said(&p));
        assert!(citation_count(&loc, crate::io::MAX_CITATIONS).is_ok());
        assert!(citation_count(&loc, crate::io::MAX_CITATIONS + 1).is_err());
        assert!(said(&unknown_source(&loc, "s9", None)).contains("not among the dataset's sources"));
        assert!(said(&unknown_source(&csv_row(), "s9", None)).contains("not in sources.csv"));
        assert!(said(&unknown_source(&loc, "s9", Some("sources.csv")))
            .contains("the dataset has no sources.csv"));
        assert_eq!(cited_twice(&[1, 2, 3]), None);
        assert_eq!(cited_twice(&[1, 2, 1]), Some(1));
        let long: Vec<u32> = (0..40).chain([7]).collect();
        assert_eq!(cited_twice(&long), Some(7));
    }

    #[test]
    fn actor_fields() {
        let loc = csv_row();
        assert!(actor_id(&loc, "PAK").is_ok());
        assert_eq!(
            actor_id(&loc, "").map_err(|p| p.kind()),
            Err(ProblemKind::MissingValue)
        );
        assert_eq!(
            actor_id(&loc, "a b").map_err(|p| p.kind()),
            Err(ProblemKind::BadId)
        );
        assert!(actor_id(&loc, &"x".repeat(65)).is_err());
        assert!(alias_count(&loc, crate::io::MAX_ALIASES).is_ok());
        assert!(alias_count(&loc, crate::io::MAX_ALIASES + 1).is_err());
        assert!(alias(&loc, "Islamic Emirate").is_ok());
        assert!(alias(&loc, "a;b").is_err());
    }
}
