use super::{ActorKey, Extra, TieKind};
use crate::time::{Date, Selector};

/// A compact handle to a tie of one [`Dataset`](crate::Dataset): its index in
/// the dataset's ties, which are sorted by (start, id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TieKey(pub(crate) u32);

impl TieKey {
    /// The index in [`Dataset::ties`](crate::Dataset::ties).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The sources a tie cites, as indices into the dataset's sources. Up to
/// three are stored inline: most ties cite one or two, and a million ties
/// should not mean a million small allocations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SourceRefs {
    Inline(u8, [u32; 3]),
    Heap(Box<[u32]>),
}

impl SourceRefs {
    pub(crate) fn new(refs: &[u32]) -> SourceRefs {
        match refs.len() {
            0..=3 => {
                let mut inline = [0; 3];
                inline[..refs.len()].copy_from_slice(refs);
                SourceRefs::Inline(refs.len() as u8, inline)
            }
            _ => SourceRefs::Heap(refs.into()),
        }
    }

    pub(crate) fn as_slice(&self) -> &[u32] {
        match self {
            SourceRefs::Inline(n, refs) => &refs[..usize::from(*n)],
            SourceRefs::Heap(refs) => refs,
        }
    }
}

/// A dated relationship between two actors (a row of `ties.csv`).
///
/// Actors are held as [`ActorKey`]s; [`Dataset::actor`](crate::Dataset::actor)
/// turns them back into actors.
#[derive(Debug, Clone, PartialEq)]
pub struct Tie {
    pub(crate) id: Box<str>,
    pub(crate) source: ActorKey,
    pub(crate) target: ActorKey,
    pub(crate) with: Option<ActorKey>,
    pub(crate) kind: TieKind,
    pub(crate) start: Date,
    pub(crate) end: Option<Date>,
    pub(crate) weight: Option<f64>,
    pub(crate) sources: SourceRefs,
    pub(crate) note: Option<Box<str>>,
    pub(crate) extra: Option<Box<Extra>>,
}

impl Tie {
    /// The tie id (`t17`, or `#41` when generated from line 41).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The source actor (the patron of a support tie, the mediator of a mediation).
    pub fn source(&self) -> ActorKey {
        self.source
    }

    /// The target actor.
    pub fn target(&self) -> ActorKey {
        self.target
    }

    /// The second party of a mediation.
    pub fn with(&self) -> Option<ActorKey> {
        self.with
    }

    /// The kind.
    pub fn kind(&self) -> TieKind {
        self.kind
    }

    /// The first day (with its precision).
    pub fn start(&self) -> Date {
        self.start
    }

    /// The first day it is over (exclusive), `None` while ongoing.
    pub fn end(&self) -> Option<Date> {
        self.end
    }

    /// The weight as written (`None` when the file left it empty).
    pub fn weight_given(&self) -> Option<f64> {
        self.weight
    }

    /// The weight in (0, 1]; 1 when not given.
    pub fn weight(&self) -> f64 {
        self.weight.unwrap_or(1.0)
    }

    /// Free-text note.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    /// Custom `x_` attributes.
    pub fn extra(&self) -> &Extra {
        static EMPTY: Extra = Extra::new();
        self.extra.as_deref().unwrap_or(&EMPTY)
    }

    /// Whether the tie is in force on day number `day`.
    pub fn is_in_force_on(&self, day: i32) -> bool {
        self.start.first_day() <= day && self.end.is_none_or(|e| day < e.first_day())
    }

    /// Whether the tie is in force on at least one day of `selector`.
    pub fn is_in_force(&self, selector: &Selector) -> bool {
        selector.overlaps(Some(self.start.first_day()), self.end.map(Date::first_day))
    }

    /// The pairs this tie touches: (source, target), plus (source, with) for a
    /// mediation. Never the pair target–with.
    pub fn pairs(&self) -> impl Iterator<Item = (ActorKey, ActorKey)> {
        std::iter::once((self.source, self.target)).chain(self.with.map(|w| (self.source, w)))
    }

    /// Whether `actor` is the source, target or `with` of this tie.
    pub fn involves(&self, actor: ActorKey) -> bool {
        self.source == actor || self.target == actor || self.with == Some(actor)
    }
}
