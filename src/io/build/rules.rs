//! The format's rules for single fields and rows, as pure functions.

use super::row::{RawWeight, RowLoc, RowPath};
use crate::error::{Problem, ProblemKind};
use crate::model::{Actor, ActorKey, Confidence, TieKind};
use crate::time::{shown, Date};

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
pub(super) fn parse_date(loc: &RowLoc, column: &str, text: &str) -> Result<Option<Date>, Problem> {
    if text.is_empty() {
        return Ok(None);
    }
    Date::parse(text)
        .map(Some)
        .map_err(|e| Problem::new(loc.field(column), ProblemKind::BadDate, e.to_string()))
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
pub(super) fn tie_kind(loc: &RowLoc, text: &str) -> Result<TieKind, Problem> {
    text.parse::<TieKind>()
        .map_err(|e| Problem::new(loc.field("kind"), ProblemKind::BadKind, e.to_string()))
}

/// A tie's start: a date, and required.
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

/// At most [`crate::io::MAX_CITATIONS`] sources per tie.
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
