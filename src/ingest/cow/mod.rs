//! The Correlates of War (COW) datasets, as their project publishes them:
//! the state system membership list (`states2016.csv`), the participant
//! level Militarized Interstate Disputes (`MIDB 5.0.csv`) and the dyadic
//! Formal Alliances (`alliance_v4.1_by_dyad.csv`).
//!
//! Unlike the event files of [`crate::ingest`], each row of these is
//! already a dated spell, so there is no counting in periods: rows become
//! actor phases ([`StateSystem`]) or ties ([`cow_midb`], [`cow_alliance`])
//! directly, and the dataset is built through the
//! [`DatasetBuilder`](crate::DatasetBuilder), each tie placed at the row
//! it came from. Rows are read as the event importers read theirs: a
//! header without a column of the layout is an error naming the column;
//! a malformed row is skipped and counted in the [`Summary`] (or, with
//! [`CowOptions::strict`], the first one is an error naming file, line and
//! column).
//!
//! The rules (`docs/ingest.md`, "Correlates of War"):
//!
//! - **Dates.** COW ends are inclusive; tiegraph's are exclusive, so an end
//!   becomes the next day. A day recorded as `-9` gives a month date with
//!   the `?` qualifier (`1911-07?`), and an inclusive end of unknown day
//!   ends at the end of its month (`1911-11`, `-9` → `1911-12?`); an
//!   unknown month likewise gives a year.
//! - **States.** One actor per `stateabb` (COW's abbreviations, not ISO
//!   codes; `--actor-map` maps them, by abbreviation or by `ccode`), one
//!   phase per membership spell; a spell that ends on the last day of the
//!   list is open-ended. Other COW files name states by `ccode` and are
//!   matched to the list through it.
//! - **Disputes.** Per dispute, one `hostility` tie per pair of
//!   participants on opposite sides whose participation periods overlap,
//!   over the overlap, directed from the side-A participant, weight the
//!   higher `hostlev` ÷ 5; same-side pairs optionally as `cooperation`
//!   (weight 0.2).
//! - **Alliances.** One `alliance` tie per alliance dyad, open-ended when
//!   right-censored; the type indicators are kept as `x_` columns and the
//!   weight comes from the strongest type ([`alliance_weight`]).
//!
//! # Example
//!
//! ```
//! use tiegraph::ingest::cow::{cow_midb, CowOptions, StateSystem};
//!
//! let states = "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n\
//!     FRN,220,France,1816,1,1,2016,12,31,2016\n\
//!     GMY,255,Germany,1816,1,1,1945,5,8,2016\n\
//!     GMY,255,Germany,1990,10,3,2016,12,31,2016\n";
//! let midb = "dispnum,stabb,ccode,stday,stmon,styear,endday,endmon,endyear,sidea,revstate,revtype1,revtype2,fatality,fatalpre,hiact,hostlev,orig,version\n\
//!     10,GMY,255,-9,7,1911,1,11,1911,1,1,1,-9,0,0,17,4,1,5\n\
//!     10,FRN,220,1,7,1911,-9,11,1911,0,0,0,-9,0,0,17,4,1,5\n";
//! let mut options = CowOptions::default();
//! options.states = Some(StateSystem::from_csv(states.as_bytes(), "states2016.csv", &options)?);
//! let out = cow_midb(midb.as_bytes(), "MIDB 5.0.csv", &options)?;
//! let tie = &out.dataset.ties()[0];
//! assert_eq!(tie.id(), "MID10-GMY-FRN");
//! assert_eq!(out.dataset.actor_id(tie.source()), "GMY");
//! assert!(tie.is_directed());
//! assert_eq!((tie.start().to_string(), tie.end().map(|d| d.to_string())),
//!            ("1911-07-01".into(), Some("1911-11-02".into())));
//! assert_eq!(tie.weight(), 0.8);
//! # Ok::<(), tiegraph::ingest::IngestError>(())
//! ```

mod alliance;
mod dates;
mod midb;
mod states;
mod table;

pub use self::alliance::{alliance_weight, cow_alliance};
pub use self::midb::cow_midb;
pub use self::states::{cow_states, CowState, StateSystem};

use super::{ActorMap, IngestError, Summary};
use crate::{Dataset, PhaseRule};

/// How same-side participants of a dispute are treated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum SameSide {
    /// No tie (the default).
    #[default]
    Ignore,
    /// A `cooperation` tie of weight 0.2 over their overlap.
    Cooperation,
}

/// The options of the COW importers.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct CowOptions {
    /// Codes (a `stateabb` or a `ccode`) mapped to actors of one's own.
    pub actor_map: ActorMap,
    /// The state system the disputes and alliances are matched to by
    /// `ccode`, and whose states are the actors (with their phases).
    /// Without it, a dispute's actors are its `stabb` and an alliance's
    /// are `COW` + `ccode`, named as the file names them, always in force.
    pub states: Option<StateSystem>,
    /// Dispute participants on the same side.
    pub same_side: SameSide,
    /// Fail on the first malformed row instead of skipping it.
    pub strict: bool,
    /// What the dataset builder does with ties outside their actors'
    /// phases (a state's membership can end a day before a dispute does).
    pub phases: PhaseRule,
}

/// What a COW importer made: the dataset and what happened to the rows.
#[derive(Debug)]
#[non_exhaustive]
pub struct CowImport {
    /// Actors, ties and a source naming the file.
    pub dataset: Dataset,
    /// Rows read, used and skipped (the pair and period counts stay 0).
    pub summary: Summary,
}

/// Which COW file a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CowLayout {
    /// The state system membership list.
    States,
    /// Participant-level disputes (MIDB).
    Midb,
    /// Dyadic formal alliances (v4.1).
    Alliance,
}

/// Reads a COW file from a path with the importer of `layout`.
///
/// # Errors
///
/// An unreadable file, a header without a column of the layout, and with
/// [`CowOptions::strict`] the first malformed row; a dataset the builder
/// refuses (ties outside their actors' phases, with [`PhaseRule::Strict`]).
pub fn cow_file(
    layout: CowLayout,
    path: &std::path::Path,
    options: &CowOptions,
) -> Result<CowImport, IngestError> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| IngestError::io(&name, &e))?;
    let reader = std::io::BufReader::new(file);
    match layout {
        CowLayout::States => cow_states(reader, &name, options),
        CowLayout::Midb => cow_midb(reader, &name, options),
        CowLayout::Alliance => cow_alliance(reader, &name, options),
    }
}

/// Reads the state system membership list from a path.
///
/// # Errors
///
/// As [`StateSystem::from_csv`], or an unreadable file.
pub fn read_states(
    path: &std::path::Path,
    options: &CowOptions,
) -> Result<StateSystem, IngestError> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| IngestError::io(&name, &e))?;
    StateSystem::from_csv(std::io::BufReader::new(file), &name, options)
}
