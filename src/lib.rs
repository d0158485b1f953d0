//! # tiegraph
//!
//! How relationships between political actors change over time.
//!
//! tiegraph models actors (states, groups, organisations) as nodes and
//! **dated ties** — alliance, cooperation, support, tension, hostility,
//! mediation — as edges, and answers: what did the network look like on a
//! date, what changed between two dates, which triangles are balanced, who
//! brokers, which camps form.
//!
//! It ships a curated dataset of the Afghanistan–Pakistan region 2020–2026
//! ([`default_dataset`]), and reads your own from CSV or JSON in the format
//! described in `docs/format.md`.
//!
//! # Example
//!
//! ```
//! use tiegraph::{default_dataset, Change, Selector};
//!
//! let data = default_dataset();
//!
//! // The network on one day…
//! let at: Selector = "2026-03-01".parse()?;
//! let snap = data.snapshot(&at);
//! println!("{} actors, {} ties in force", snap.actors().count(), snap.ties().count());
//!
//! // …and what changed since early 2021, pair by pair.
//! let diff = data.diff(&"2021-01-01".parse()?, &at);
//! for d in diff.changed().filter(|d| d.change == Change::Flipped) {
//!     println!("{} – {}: {:?} → {:?}", data.actor_id(d.a), data.actor_id(d.b), d.before, d.after);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Design
//!
//! Actor ids are interned to [`ActorKey`]s, dates are day numbers with a
//! [`Precision`] tag, and ties are kept in one array sorted by start with an
//! index sorted by end. A [`Snapshot`] is a view (a list of keys) over those
//! arrays; [`Dataset::sweep`] moves a snapshot through time incrementally.

#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod analysis;
mod diff;
mod error;
mod escape;
pub mod explore;
pub mod export;
pub mod ingest;
mod io;
pub mod link;
mod model;
mod pairs;
pub mod render;
pub mod report;
mod resolve;
mod snapshot;
pub mod text;
mod time;

pub use diff::{Change, Diff, DyadChange};

pub use error::{Error, ErrorKind, Location, Problem, ProblemKind, Problems, Result};
pub use io::fields;
pub use io::{
    quiet_caught_panics, write_atomic, write_atomic_with, ActorRecord, DatasetBuilder, FileSet,
    LoadOptions, PhaseRule, SourceRecord, TieRecord, MAX_ALIASES, MAX_CITATIONS, MAX_COLUMNS,
    MAX_EXTRA_VALUES, MAX_FIELD_BYTES, MAX_FILE_ALIASES, MAX_FILE_BYTES, MAX_PROBLEMS,
    MAX_RECORD_BYTES, MAX_ROWS,
};
pub use model::{
    Actor, ActorKey, ActorKind, Clipping, Confidence, Dataset, Extra, Phase, Sign, Source, Tie,
    TieKey, TieKind, UnknownConfidence, UnknownKind,
};
pub use pairs::{KindSet, NetValue, Pair, Pairs};
pub use snapshot::{ActorView, Snapshot, SnapshotGraph, Sweep};
pub use time::{
    Date, DateError, Marked, Precision, Qualifier, Selector, Step, StepError, MAX_STEPS,
};

/// The README's Rust example runs as a doc-test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// The CSV files of the default dataset, as embedded in the library.
pub mod default_data {
    /// `data/actors.csv`.
    pub const ACTORS_CSV: &str = include_str!("../data/actors.csv");
    /// `data/ties.csv`.
    pub const TIES_CSV: &str = include_str!("../data/ties.csv");
    /// `data/sources.csv`.
    pub const SOURCES_CSV: &str = include_str!("../data/sources.csv");
}

/// The curated Afghanistan–Pakistan dataset 2020–2026, embedded in the
/// library and loaded once on first use.
///
/// See `docs/dataset.md` for how it was built from its five sources.
///
/// # Example
///
/// ```
/// let data = tiegraph::default_dataset();
/// assert!(data.actors().len() >= 20);
/// assert!(data.ties().len() >= 50);
/// ```
pub fn default_dataset() -> &'static Dataset {
    static DATA: std::sync::OnceLock<Dataset> = std::sync::OnceLock::new();
    DATA.get_or_init(|| {
        use default_data::{ACTORS_CSV, SOURCES_CSV, TIES_CSV};
        match Dataset::from_csv(
            ACTORS_CSV.as_bytes(),
            TIES_CSV.as_bytes(),
            Some(SOURCES_CSV.as_bytes()),
        ) {
            Ok(data) => data,
            // A test loads the embedded files, so a release cannot ship them broken.
            Err(e) => panic!("the embedded default dataset is invalid: {e}"),
        }
    })
}
