//! What an ingest did with its rows: [`Summary`].

use serde::Serialize;

use crate::Dataset;

/// Why a row was not used, in the order the rules are applied: a row
/// with several faults counts under the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// Not as many fields as the layout has (a short line, a stray tab).
    WrongFieldCount,
    /// Bytes that are not UTF-8.
    Encoding,
    /// No date, or one that is not a date.
    BadDate,
    /// Another value that cannot be read (an event code, a number, an id).
    BadValue,
    /// A side without an actor.
    MissingActor,
    /// A side that is a CAMEO region or territory (without `--keep-regions`).
    Region,
    /// Both sides are the same actor.
    SameActor,
    /// An event of no tie kind (ACLED's violence against civilians, UCDP's
    /// one-sided violence without `--include-one-sided`, …).
    NoKind,
    /// Left out by `--from`, `--to`, `--root-only` or `--min-mentions`.
    Filtered,
    /// An event equal to one counted before (`--dedup day`).
    Duplicate,
}

impl SkipReason {
    /// Every reason, in order.
    pub const ALL: [SkipReason; 10] = [
        SkipReason::WrongFieldCount,
        SkipReason::Encoding,
        SkipReason::BadDate,
        SkipReason::BadValue,
        SkipReason::MissingActor,
        SkipReason::Region,
        SkipReason::SameActor,
        SkipReason::NoKind,
        SkipReason::Filtered,
        SkipReason::Duplicate,
    ];

    /// The reason's name in summaries (`wrong_field_count`, …).
    pub fn name(self) -> &'static str {
        match self {
            SkipReason::WrongFieldCount => "wrong_field_count",
            SkipReason::Encoding => "encoding",
            SkipReason::BadDate => "bad_date",
            SkipReason::BadValue => "bad_value",
            SkipReason::MissingActor => "missing_actor",
            SkipReason::Region => "region",
            SkipReason::SameActor => "same_actor",
            SkipReason::NoKind => "no_kind",
            SkipReason::Filtered => "filtered",
            SkipReason::Duplicate => "duplicate",
        }
    }

    /// Whether the row is broken (rather than left out by a rule): with
    /// `strict`, the ingest fails on it.
    pub fn is_bad_row(self) -> bool {
        matches!(
            self,
            SkipReason::WrongFieldCount
                | SkipReason::Encoding
                | SkipReason::BadDate
                | SkipReason::BadValue
        )
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// Counts of one ingest, for the summary the CLI prints.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Data rows read (headers not counted).
    pub rows_read: u64,
    /// Rows that became counted events.
    pub rows_used: u64,
    /// Rows not used, by reason (every reason listed, zeros included).
    pub skipped: Skipped,
    /// Pairs of actors with at least one event.
    pub pairs: u64,
    /// (pair, period) combinations with at least one event.
    pub pair_periods: u64,
    /// Rows of the pair-periods table (pair, period and kind).
    pub table_rows: u64,
    /// Ties made.
    pub ties: u64,
    /// Actors in the dataset.
    pub actors: u64,
    /// Sources cited.
    pub sources: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// Skipped rows by reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Skipped(pub(crate) [u64; 10]);

impl Skipped {
    /// How many rows were skipped for `reason`.
    pub fn get(&self, reason: SkipReason) -> u64 {
        self.0[reason.index()]
    }

    /// Every reason with its count, in order.
    pub fn iter(&self) -> impl Iterator<Item = (SkipReason, u64)> + '_ {
        SkipReason::ALL.iter().map(|&r| (r, self.get(r)))
    }

    /// All skipped rows.
    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }

    pub(crate) fn add(&mut self, reason: SkipReason, n: u64) {
        self.0[reason.index()] += n;
    }

    pub(crate) fn merge(&mut self, other: &Skipped) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a += b;
        }
    }
}

impl Serialize for Skipped {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(10))?;
        for (reason, n) in self.iter() {
            map.serialize_entry(reason.name(), &n)?;
        }
        map.end()
    }
}

impl Summary {
    pub(crate) fn count_dataset(&mut self, data: &Dataset) {
        self.ties = data.ties().len() as u64;
        self.actors = data.actors().len() as u64;
        self.sources = data.sources().len() as u64;
    }
}
