//! From machine-coded event data to a dated tie dataset: `tiegraph ingest`.
//!
//! Event files of GDELT (1.0 and 2.0), ICEWS, UCDP GED and ACLED, in the
//! layouts their providers publish, become a dataset in two stages:
//!
//! 1. **events → pair-periods** ([`stage1`]): each row is parsed, its two
//!    sides mapped to actors and the event to a tie kind, duplicates
//!    dropped, and events counted per pair of actors, period and kind
//!    ([`PairPeriods`], a table with a stable CSV form, see
//!    [`PairPeriods::write_csv`]);
//! 2. **pair-periods → ties** ([`stage2`]): the periods where a kind has at
//!    least `min_events` events merge into runs, each run a tie, built with
//!    its actors and sources through [`DatasetBuilder`](crate::DatasetBuilder).
//!
//! [`ingest`] runs both. The rules are those of `docs/ingest.md`.
//!
//! # Example
//!
//! ```
//! use tiegraph::ingest::{ingest_readers, Family, IngestOptions};
//!
//! // Three GDELT 2.0 rows (61 tab-separated columns): Pakistan and
//! // Afghanistan fight (QuadClass 4) on three days of June 2017.
//! let row = |id: u32, day: u32| {
//!     let mut f = vec![""; 61];
//!     let (id, date) = (id.to_string(), format!("201706{day:02}"));
//!     f[0] = &id; f[1] = &date;
//!     f[7] = "PAK"; f[17] = "AFG";
//!     f[25] = "1"; f[26] = "190"; f[27] = "190"; f[28] = "19"; f[29] = "4";
//!     f[30] = "-10.0"; f[31] = "4";
//!     f[59] = "20170630000000"; f[60] = "https://example.org/news";
//!     f.join("\t") + "\n"
//! };
//! let file = [row(1, 2), row(2, 9), row(3, 20)].concat();
//! let out = ingest_readers(
//!     vec![("june.export.CSV".into(), Box::new(std::io::Cursor::new(file)))],
//!     &IngestOptions::new(Family::Gdelt2),
//! )?;
//! let tie = &out.dataset.ties()[0];
//! assert_eq!(out.dataset.actor_id(tie.source()), "AFG");
//! assert_eq!(tie.kind(), tiegraph::TieKind::Hostility);
//! assert_eq!(tie.start().to_string(), "2017-06");
//! assert_eq!(out.summary.rows_used, 3);
//! # Ok::<(), tiegraph::ingest::IngestError>(())
//! ```

mod actors;
mod cameo;
mod country;
pub mod cow;
#[cfg(feature = "datafusion")]
mod datafusion;
mod families;
mod input;
mod mediation;
mod options;
mod pipeline;
mod row;
mod shards;
mod sql;
mod stage1;
mod stage2;
mod summary;
mod table;
mod table_arrow;
mod table_read;

use std::path::PathBuf;

pub use self::actors::{ActorMap, ActorMapEntry};
pub use self::cameo::cameo_description;
pub use self::country::{iso_of_country_name, iso_of_gleditsch_ward};
#[cfg(feature = "datafusion")]
pub use self::datafusion::{ingest_datafusion, stage1_datafusion, EngineOptions};
pub use self::input::expand_inputs;
pub use self::options::{ActorMode, DateField, Dedup, Family, IngestOptions, Period};
pub use self::row::{parse_date, slug};
pub use self::sql::{stage1_sql, Dialect};
pub use self::stage1::{stage1, stage1_readers};
pub use self::stage2::{stage2, Stage2Options};
pub use self::summary::{SkipReason, Summary};
pub use self::table::{
    Evidence, EvidenceRefs, PairActor, PairPeriod, PairPeriods, PAIR_PERIOD_COLUMNS,
};
pub use self::table_arrow::pair_period_schema;

use crate::{Dataset, Location, Problem, Problems};

/// What an event counts as, before the pair-periods decide mediation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventKind {
    /// Cooperation between the two sides (symmetric).
    Cooperation,
    /// The first side supports the second (CAMEO root 07, provide aid).
    Support,
    /// Tension (symmetric).
    Tension,
    /// Hostility (symmetric).
    Hostility,
    /// CAMEO 045 (mediate): mediation when the first side mediates
    /// between two parties in a period, else cooperation.
    Mediate,
}

/// Why an ingest failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    /// Options that do not go together, or an input that cannot be named
    /// (bad usage: the CLI exits with 2).
    #[error("{0}")]
    Usage(String),
    /// A file could not be read, or is not in its family's layout (a
    /// header without a required column).
    #[error("{0}")]
    Input(Problem),
    /// With `strict`, the first bad row, with file, line and column.
    #[error("{0}")]
    BadRow(Problem),
    /// The dataset made from the ties was rejected (a bug if it happens
    /// for event files: every rule of the format is met by construction;
    /// a COW import can have ties outside their states' phases, which
    /// [`crate::PhaseRule::Clip`] cuts).
    #[error("the dataset made is invalid: {0}")]
    Invalid(Problems),
    /// An output could not be written.
    #[error(transparent)]
    Write(#[from] crate::Error),
}

impl IngestError {
    fn io(path: &str, e: &std::io::Error) -> IngestError {
        IngestError::Input(Problem::new(
            Location::file(path),
            crate::ProblemKind::Io,
            format!("cannot read the file: {e}"),
        ))
    }
}

/// The result of [`ingest`]: the dataset, the pair-periods it was made
/// from, and what happened to the rows.
#[derive(Debug)]
pub struct Ingested {
    /// Actors, ties and sources.
    pub dataset: Dataset,
    /// Stage 1's table.
    pub pair_periods: PairPeriods,
    /// Rows read, used and skipped, and what was made.
    pub summary: Summary,
}

/// Reads event files and makes a dataset (stage 1 and stage 2).
///
/// # Errors
///
/// An [`IngestError`]: unreadable files, options that do not apply to the
/// family, and with `strict` the first bad row.
pub fn ingest(files: &[PathBuf], options: &IngestOptions) -> Result<Ingested, IngestError> {
    let started = std::time::Instant::now();
    let (pair_periods, mut summary) = stage1(files, options)?;
    finish(pair_periods, &mut summary, options, started)
}

/// [`ingest`] on readers, each with the name its problems give (a name
/// ending in `.gz` is decompressed; `.zip` is not read from a reader).
///
/// # Errors
///
/// As [`ingest`].
pub fn ingest_readers(
    inputs: Vec<(String, Box<dyn std::io::Read + Send>)>,
    options: &IngestOptions,
) -> Result<Ingested, IngestError> {
    let started = std::time::Instant::now();
    let (pair_periods, mut summary) = stage1_readers(inputs, options)?;
    finish(pair_periods, &mut summary, options, started)
}

/// Stage 2 alone, on pair-periods tables written by stage 1 (or by any
/// engine that writes the same columns), CSV or (named `*.parquet`)
/// Parquet: the summary counts their rows as rows read and used.
///
/// # Errors
///
/// An unreadable or malformed table, as [`PairPeriods::read_csv`] and
/// [`PairPeriods::read_parquet`] say.
pub fn ingest_pair_periods(
    files: &[PathBuf],
    options: &IngestOptions,
) -> Result<Ingested, IngestError> {
    let started = std::time::Instant::now();
    let mut tables = Vec::with_capacity(files.len());
    for path in files {
        let name = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| IngestError::io(&name, &e))?;
        tables.push(if is_parquet(&name) {
            PairPeriods::read_parquet(file, &name)?
        } else {
            PairPeriods::read_csv(std::io::BufReader::new(file), &name)?
        });
    }
    from_table(PairPeriods::concat(tables)?, options, started)
}

/// Whether a file name says Parquet (`.parquet`, any case).
pub fn is_parquet(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".parquet")
}

/// Stage 2 on a table made elsewhere, its rows counted as read and used.
fn from_table(
    table: PairPeriods,
    options: &IngestOptions,
    started: std::time::Instant,
) -> Result<Ingested, IngestError> {
    let mut summary = Summary {
        rows_read: table.rows.len() as u64,
        rows_used: table.rows.len() as u64,
        table_rows: table.rows.len() as u64,
        ..Summary::default()
    };
    let pairs: std::collections::BTreeSet<(u32, u32)> = table
        .rows
        .iter()
        .map(|r| (r.a.min(r.b), r.a.max(r.b)))
        .collect();
    let pair_periods: std::collections::BTreeSet<(u32, u32, crate::Date)> = table
        .rows
        .iter()
        .map(|r| (r.a.min(r.b), r.a.max(r.b), r.period))
        .collect();
    summary.pairs = pairs.len() as u64;
    summary.pair_periods = pair_periods.len() as u64;
    finish(table, &mut summary, options, started)
}

fn finish(
    pair_periods: PairPeriods,
    summary: &mut Summary,
    options: &IngestOptions,
    started: std::time::Instant,
) -> Result<Ingested, IngestError> {
    let dataset = stage2(&pair_periods, &options.stage2())?;
    summary.count_dataset(&dataset);
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(Ingested {
        dataset,
        pair_periods,
        summary: summary.clone(),
    })
}
