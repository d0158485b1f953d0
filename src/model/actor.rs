use super::{ActorKind, Extra};
use crate::time::{Date, Selector};

/// A compact handle to an actor of one [`Dataset`](crate::Dataset): its index
/// in the dataset's actors, which are sorted by id.
///
/// Handles are only meaningful for the dataset that issued them; results meant
/// for people are keyed by the actor's string id instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActorKey(pub(crate) u32);

impl ActorKey {
    /// The index in [`Dataset::actors`](crate::Dataset::actors).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One row of `actors.csv`: an actor's name and kind over `[from, until)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Phase {
    pub(crate) name: Box<str>,
    pub(crate) kind: ActorKind,
    pub(crate) from: Option<Date>,
    pub(crate) until: Option<Date>,
    pub(crate) aliases: Vec<Box<str>>,
    pub(crate) note: Option<Box<str>>,
    pub(crate) extra: Extra,
}

impl Phase {
    /// Display name during this phase.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Kind during this phase.
    pub fn kind(&self) -> ActorKind {
        self.kind
    }

    /// First day in force (`None`: since forever).
    pub fn from(&self) -> Option<Date> {
        self.from
    }

    /// First day no longer in force (`None`: still in force).
    pub fn until(&self) -> Option<Date> {
        self.until
    }

    /// Other names people use.
    pub fn aliases(&self) -> impl ExactSizeIterator<Item = &str> {
        self.aliases.iter().map(|a| &**a)
    }

    /// Free text.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    /// Custom `x_` attributes.
    pub fn extra(&self) -> &Extra {
        &self.extra
    }

    /// Whether the phase is in force on some day of `selector`.
    pub fn overlaps(&self, selector: &Selector) -> bool {
        selector.overlaps(
            self.from.map(Date::first_day),
            self.until.map(Date::first_day),
        )
    }
}

/// An actor: a stable id and one or more non-overlapping phases, sorted by
/// their `from` date.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    pub(crate) id: Box<str>,
    pub(crate) phases: Vec<Phase>,
}

impl Actor {
    /// The stable id (`PAK`, `TAL`).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// All phases, earliest first.
    pub fn phases(&self) -> &[Phase] {
        &self.phases
    }

    /// The phase shown for `selector`: the latest phase in force on some day
    /// of it, or `None` when the actor is not in force then.
    pub fn phase_at(&self, selector: &Selector) -> Option<&Phase> {
        self.phases.iter().rev().find(|p| p.overlaps(selector))
    }

    /// The latest phase: the name to show when no date is given.
    pub fn current(&self) -> &Phase {
        // Actors are only built with at least one phase.
        &self.phases[self.phases.len() - 1]
    }

    /// First day of the first phase (`None`: since forever).
    pub fn first_day(&self) -> Option<i32> {
        self.phases[0].from.map(Date::first_day)
    }

    /// First day after the last phase (`None`: still in force).
    pub fn end_day(&self) -> Option<i32> {
        self.current().until.map(Date::first_day)
    }

    /// Whether the actor is in force on *every* day of `[start, end)`
    /// (`end = None`: open-ended), i.e. its phases cover the interval without a gap.
    pub fn covers(&self, start: i32, end: Option<i32>) -> bool {
        let mut reached = start;
        for p in &self.phases {
            let from = p.from.map_or(i32::MIN, Date::first_day);
            if from > reached {
                return false;
            }
            match p.until.map(Date::first_day) {
                None => return true,
                Some(u) if u > reached => reached = u,
                Some(_) => {}
            }
            if end.is_some_and(|e| reached >= e) {
                return true;
            }
        }
        false
    }
}
