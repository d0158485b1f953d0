//! What an export covers, and conventions every format shares.

use crate::{Actor, ActorKey, Dataset, Date, Phase, Precision, Selector, Source, Tie, TieKind};

/// The actors and ties an export writes: everything, or one snapshot.
pub(crate) struct Scope<'d> {
    pub data: &'d Dataset,
    pub at: Option<Selector>,
    /// Sorted by id.
    pub actors: Vec<&'d Actor>,
    /// Sorted by (start, id).
    pub ties: Vec<&'d Tie>,
}

impl<'d> Scope<'d> {
    pub fn new(data: &'d Dataset, at: Option<&Selector>) -> Scope<'d> {
        match at {
            None => Scope {
                data,
                at: None,
                actors: data.actors().iter().collect(),
                ties: data.ties().iter().collect(),
            },
            Some(sel) => Scope {
                data,
                at: Some(*sel),
                actors: data
                    .actors_in_force(sel)
                    .into_iter()
                    .map(|k| data.actor(k))
                    .collect(),
                ties: data
                    .ties_in_force(sel)
                    .into_iter()
                    .map(|k| data.tie(k))
                    .collect(),
            },
        }
    }

    /// The phase an actor is shown with: the one in force at the selector
    /// (the latest during it), or the latest phase of a full export.
    pub fn shown(&self, actor: &'d Actor) -> &'d Phase {
        self.at
            .and_then(|s| actor.phase_at(&s))
            .unwrap_or_else(|| actor.current())
    }

    pub fn id(&self, key: ActorKey) -> &'d str {
        self.data.actor_id(key)
    }

    pub fn tie_sources(&self, tie: &'d Tie) -> Vec<&'d Source> {
        self.data.tie_sources(tie).collect()
    }
}

/// How a tie becomes edges in formats without hyperedges: one edge, or for a
/// mediation two edges from the mediator, to `target` (role `target`) and to
/// `with` (role `with`).
pub(crate) fn tie_edges(tie: &Tie) -> Vec<(ActorKey, ActorKey, Option<&'static str>)> {
    match (tie.kind(), tie.with()) {
        (TieKind::Mediation, Some(with)) => vec![
            (tie.source(), tie.target(), Some("target")),
            (tie.source(), with, Some("with")),
        ],
        _ => vec![(tie.source(), tie.target(), None)],
    }
}

/// The first day of a date's period as a full `YYYY-MM-DD` date.
pub(crate) fn first_day(date: Date) -> String {
    date.with_precision(Precision::Day).to_string()
}

/// The last day in force before an exclusive end, as `YYYY-MM-DD`: tools
/// with closed intervals (Gephi) read `[start, last day]`.
pub(crate) fn last_day(end: Date) -> String {
    match Date::from_day_number(end.first_day().saturating_sub(1)) {
        Some(d) => d.to_string(),
        // Only 0001-01-01 has no day before it, and no end can be that early.
        None => first_day(end),
    }
}

/// The periods an actor exists: its phases, with touching phases merged.
pub(crate) fn lifetime(actor: &Actor) -> Vec<(Option<Date>, Option<Date>)> {
    let mut out: Vec<(Option<Date>, Option<Date>)> = Vec::new();
    for p in actor.phases() {
        if let Some(last) = out.last_mut() {
            if let (Some(until), Some(from)) = (last.1, p.from()) {
                if until.first_day() == from.first_day() {
                    last.1 = p.until();
                    continue;
                }
            }
        }
        out.push((p.from(), p.until()));
    }
    out
}

/// A float as Rust prints it: the shortest text that parses back to the same value.
pub(crate) fn number(x: f64) -> String {
    x.to_string()
}

/// The sign of a kind as a number: +1, 0 or -1.
pub(crate) fn sign(kind: TieKind) -> i8 {
    kind.sign().value()
}

/// The creator string written into file headers.
pub(crate) const CREATOR: &str = concat!("tiegraph ", env!("CARGO_PKG_VERSION"));

/// A one-line description of what an export holds.
pub(crate) fn description(at: Option<&Selector>) -> String {
    match at {
        Some(s) => format!("tiegraph snapshot at {s}: the actors and ties in force"),
        None => "tiegraph temporal network: every actor phase and every dated tie".to_owned(),
    }
}
