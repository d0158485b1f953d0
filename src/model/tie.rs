use super::{ActorKey, Confidence, Extra, TieKind};
use compact_str::CompactString;

use crate::time::{Date, Precision, Qualifier, Selector};

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

/// A date packed into four bytes: the day number times sixteen, plus the
/// qualifier times four, plus the precision. A million ties hold two each,
/// so the eight bytes of a [`Date`] (and the padding of `Option<Date>`) are
/// worth saving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PackedDate(i32);

impl PackedDate {
    /// No date (an open end).
    pub(crate) const NONE: PackedDate = PackedDate(i32::MIN);

    pub(crate) fn new(date: Date) -> PackedDate {
        let precision = match date.precision() {
            Precision::Year => 0,
            Precision::Month => 1,
            Precision::Day => 2,
        };
        // Day numbers of years 0001-9999 are within ±3.7 million: no overflow.
        PackedDate(date.first_day() * 16 + Qualifier::bits(date.qualifier()) * 4 + precision)
    }

    pub(crate) fn from_option(date: Option<Date>) -> PackedDate {
        date.map_or(PackedDate::NONE, PackedDate::new)
    }

    pub(crate) fn get(self) -> Option<Date> {
        (self != PackedDate::NONE).then(|| self.date())
    }

    /// The date of a value that is not [`PackedDate::NONE`].
    fn date(self) -> Date {
        let precision = match self.0 & 3 {
            0 => Precision::Year,
            1 => Precision::Month,
            _ => Precision::Day,
        };
        Date::from_packed(self.0 >> 4, precision, Qualifier::of_bits(self.0 >> 2))
    }

    /// The day number, without unpacking the precision.
    pub(crate) fn day(self) -> Option<i32> {
        (self != PackedDate::NONE).then_some(self.0 >> 4)
    }
}

/// The sentinel of [`Tie::with`] when a tie has no `with`.
const NO_ACTOR: u32 = u32::MAX;

/// A dated relationship between two actors (a row of `ties.csv`).
///
/// Actors are held as [`ActorKey`]s; [`Dataset::actor`](crate::Dataset::actor)
/// turns them back into actors.
///
/// A tie takes 88 bytes: its id is stored inline (up to 24 bytes), its
/// dates packed, and its sources as an index into the dataset's sets of
/// sources, so that a million ties fit in less memory than their CSV text.
#[derive(Debug, Clone)]
pub struct Tie {
    pub(crate) id: CompactString,
    pub(crate) note: Option<Box<str>>,
    pub(crate) extra: Option<Box<Extra>>,
    /// NaN when the file left it empty.
    pub(crate) weight: f64,
    pub(crate) source: ActorKey,
    pub(crate) target: ActorKey,
    /// [`NO_ACTOR`] when there is none.
    pub(crate) with: u32,
    pub(crate) start: PackedDate,
    /// [`PackedDate::NONE`] while ongoing.
    pub(crate) end: PackedDate,
    /// Index into the dataset's sets of sources.
    pub(crate) sources: u32,
    pub(crate) kind: TieKind,
    pub(crate) confidence: Confidence,
    /// Whether the tie points from source to target: the `directed` column,
    /// or the kind's own direction when the row leaves it empty.
    pub(crate) directed: bool,
}

impl PartialEq for Tie {
    /// Ties are equal when every field is (the weight compared as written,
    /// so that two ties without one are equal).
    fn eq(&self, other: &Tie) -> bool {
        self.id == other.id
            && self.source == other.source
            && self.target == other.target
            && self.with == other.with
            && self.kind == other.kind
            && self.start == other.start
            && self.end == other.end
            && self.weight_given() == other.weight_given()
            && self.confidence == other.confidence
            && self.directed == other.directed
            && self.sources == other.sources
            && self.note == other.note
            && self.extra == other.extra
    }
}

/// The fields of a new tie, for [`Tie::new`].
pub(crate) struct TieParts {
    pub id: CompactString,
    pub source: ActorKey,
    pub target: ActorKey,
    pub with: Option<ActorKey>,
    pub kind: TieKind,
    pub start: Date,
    pub end: Option<Date>,
    pub weight: Option<f64>,
    pub confidence: Confidence,
    /// `None`: the kind's own direction.
    pub directed: Option<bool>,
    pub sources: u32,
    pub note: Option<Box<str>>,
    pub extra: Option<Box<Extra>>,
}

impl Tie {
    pub(crate) fn new(parts: TieParts) -> Tie {
        Tie {
            id: parts.id,
            note: parts.note,
            extra: parts.extra,
            weight: parts.weight.unwrap_or(f64::NAN),
            source: parts.source,
            target: parts.target,
            with: parts.with.map_or(NO_ACTOR, |w| w.0),
            start: PackedDate::new(parts.start),
            end: PackedDate::from_option(parts.end),
            sources: parts.sources,
            kind: parts.kind,
            confidence: parts.confidence,
            directed: parts.directed.unwrap_or(parts.kind.is_directed()),
        }
    }

    /// The day number of the first day.
    pub(crate) fn start_day(&self) -> i32 {
        self.start.0 >> 4
    }

    /// The day number of the end (exclusive), if any.
    pub(crate) fn end_day(&self) -> Option<i32> {
        self.end.day()
    }
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
        (self.with != NO_ACTOR).then_some(ActorKey(self.with))
    }

    /// The kind.
    pub fn kind(&self) -> TieKind {
        self.kind
    }

    /// The first day (with its precision).
    pub fn start(&self) -> Date {
        // A tie always has a start.
        self.start.date()
    }

    /// The first day it is over (exclusive), `None` while ongoing.
    pub fn end(&self) -> Option<Date> {
        self.end.get()
    }

    /// The weight as written (`None` when the file left it empty).
    pub fn weight_given(&self) -> Option<f64> {
        (!self.weight.is_nan()).then_some(self.weight)
    }

    /// The weight in (0, 1]; 1 when not given.
    pub fn weight(&self) -> f64 {
        self.weight_given().unwrap_or(1.0)
    }

    /// How well the tie is established; [`Confidence::Reported`] when the
    /// file does not say.
    pub fn confidence(&self) -> Confidence {
        self.confidence
    }

    /// Whether the tie points from its source to its target: the
    /// `directed` column, or by default the kind's own direction
    /// ([`TieKind::is_directed`]: support and mediation). A directed tie
    /// keeps its kind's sign and counts in its pair's net value as any
    /// other; the direction is drawn and exported.
    ///
    /// ```
    /// use tiegraph::Dataset;
    ///
    /// let actors = "id,name,kind\nA,Alpha,state\nB,Beta,state\n";
    /// let ties = "id,source,target,kind,start,directed\n\
    ///             t1,A,B,hostility,1990,true\n\
    ///             t2,A,B,support,1991,\n\
    ///             t3,A,B,tension,1992,\n";
    /// let data = Dataset::from_csv(actors.as_bytes(), ties.as_bytes(), None::<&[u8]>)?;
    /// let directed: Vec<bool> = data.ties().iter().map(|t| t.is_directed()).collect();
    /// assert_eq!(directed, [true, true, false]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_directed(&self) -> bool {
        self.directed
    }

    /// The `directed` value to write back: `None` when the tie has its
    /// kind's own direction (the column may then stay empty).
    pub fn directed_given(&self) -> Option<bool> {
        (self.directed != self.kind.is_directed()).then_some(self.directed)
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
        self.start_day() <= day && self.end_day().is_none_or(|e| day < e)
    }

    /// Whether the tie is in force on at least one day of `selector`.
    pub fn is_in_force(&self, selector: &Selector) -> bool {
        selector.overlaps(Some(self.start_day()), self.end_day())
    }

    /// The pairs this tie touches: (source, target), plus (source, with) for a
    /// mediation. Never the pair target–with.
    pub fn pairs(&self) -> impl Iterator<Item = (ActorKey, ActorKey)> {
        std::iter::once((self.source, self.target)).chain(self.with().map(|w| (self.source, w)))
    }

    /// Whether `actor` is the source, target or `with` of this tie.
    pub fn involves(&self, actor: ActorKey) -> bool {
        self.source == actor || self.target == actor || self.with == actor.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A million ties are held in memory: the confidence and the date
    /// qualifiers of rule R5 fit in what was padding.
    #[test]
    fn a_tie_and_a_date_stay_small() {
        assert_eq!(std::mem::size_of::<Tie>(), 88);
        assert_eq!(std::mem::size_of::<Date>(), 8);
        assert_eq!(std::mem::size_of::<Option<Date>>(), 8);
    }

    #[test]
    fn packed_dates_keep_precision_and_qualifier() {
        for text in ["2021-08~", "1994?", "0001-01-01%", "9999-12-31", "2021"] {
            let d = Date::parse(text).expect("a date");
            let packed = PackedDate::new(d);
            assert_eq!(packed.get(), Some(d), "{text}");
            assert_eq!(packed.day(), Some(d.first_day()), "{text}");
        }
        assert_eq!(PackedDate::NONE.get(), None);
    }
}
