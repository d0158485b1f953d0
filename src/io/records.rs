//! Building a dataset in code: typed records ([`ActorRecord`],
//! [`TieRecord`], [`SourceRecord`]) into a [`DatasetBuilder`], and a
//! dataset's records back out ([`Dataset::actor_records`] and the others).
//!
//! The builder checks its records with the loaders' own code: each record
//! is turned into the row of text the JSON reader hands on, and goes
//! through the same checks (custom column names, the CSV loader's limits,
//! the per-row rules and the checks across rows). Only the text of typed
//! values is made again (a kind, a date), which parses back to itself.
//! The GraphML and JSON Graph Format readers hand their rows, as text, to
//! the same checks ([`TextRows`]).
//!
//! (Over 600 lines: the three records, their serde forms and defaults, the
//! builder and the text rows of the GraphML and JGF readers belong
//! together, since they share one conversion to the loader's rows.)

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::build::{Builder, RowLoc, RowPath};
use super::json::{self, ActorRow, Columns, Doc, Ids, SourceRow, TieRow};
use crate::error::{Location, Problem, Problems};
use crate::model::{ActorKind, Confidence, Dataset, TieKind};
use crate::time::Date;
use crate::PhaseRule;

/// The file name the problems of records added without a [`Location`]
/// name: `records: field ties[3].start` is the fourth tie record's start.
pub(crate) const RECORDS_FILE: &str = "records";

/// One actor row (one phase of an actor): the columns of `actors.csv`.
///
/// An actor whose name or kind changes has several records with the same
/// `id`, whose `from`–`until` periods do not overlap.
///
/// [`Default`] gives an empty record of kind [`ActorKind::State`]; an empty
/// `id` or `name` is reported by [`DatasetBuilder::build`], as an empty
/// cell is by the CSV loader.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActorRecord {
    /// The actor's id: 1 to 64 of `A-Z a-z 0-9 _ . -`.
    pub id: String,
    /// The display name (required).
    pub name: String,
    /// What the actor is.
    pub kind: ActorKind,
    /// The first day of this phase (`None`: always before).
    #[serde(with = "opt_date")]
    pub from: Option<Date>,
    /// The first day after this phase (`None`: still in force).
    #[serde(with = "opt_date")]
    pub until: Option<Date>,
    /// Other names the actor is found by (empty ones are skipped; none may
    /// contain `;`).
    pub aliases: Vec<String>,
    /// A free note.
    pub note: Option<String>,
    /// Custom `x_` columns and their values (empty values are dropped).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
}

impl Default for ActorRecord {
    fn default() -> ActorRecord {
        ActorRecord {
            id: String::new(),
            name: String::new(),
            kind: ActorKind::State,
            from: None,
            until: None,
            aliases: Vec::new(),
            note: None,
            extra: BTreeMap::new(),
        }
    }
}

/// One tie row: the columns of `ties.csv`.
///
/// [`Default`] gives a record of kind [`TieKind::Cooperation`] without
/// actors or start: `start` is an `Option` so that a forgotten start is
/// reported ("a tie needs a start date", as for an empty cell) rather than
/// silently replaced by some date. An empty `id` is replaced by the id the
/// CSV loader gives an id-less row (see [`DatasetBuilder`]).
///
/// ```
/// use tiegraph::{TieKind, TieRecord};
///
/// let tie = TieRecord {
///     source: "PAK".into(),
///     target: "TAL".into(),
///     kind: TieKind::Hostility,
///     start: Some("2022-12".parse()?),
///     ..Default::default()
/// };
/// assert_eq!(tie.weight, None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TieRecord {
    /// The tie's id (empty: made as the CSV loader makes it).
    pub id: String,
    /// The first actor: an id, or a name or alias that matches one actor.
    pub source: String,
    /// The second actor, as `source`.
    pub target: String,
    /// What the tie is.
    pub kind: TieKind,
    /// The first day of the tie (required).
    #[serde(with = "opt_date")]
    pub start: Option<Date>,
    /// The first day the tie is over (`None`: still going on).
    #[serde(with = "opt_date")]
    pub end: Option<Date>,
    /// A mediation's second party (only a mediation has one).
    pub with: Option<String>,
    /// A weight in (0, 1] (`None`: not given, 1 in analyses).
    pub weight: Option<f64>,
    /// How well the tie is attested (`None`: [`Confidence::Reported`]).
    pub confidence: Option<Confidence>,
    /// Whether the tie points from source to target (`None`: the kind's
    /// own direction, see [`TieKind::is_directed`]).
    pub directed: Option<bool>,
    /// The ids of the sources cited (empty ones are skipped).
    pub sources: Vec<String>,
    /// A free note.
    pub note: Option<String>,
    /// Custom `x_` columns and their values (empty values are dropped).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
}

impl Default for TieRecord {
    fn default() -> TieRecord {
        TieRecord {
            id: String::new(),
            source: String::new(),
            target: String::new(),
            kind: TieKind::Cooperation,
            start: None,
            end: None,
            with: None,
            weight: None,
            confidence: None,
            directed: None,
            sources: Vec::new(),
            note: None,
            extra: BTreeMap::new(),
        }
    }
}

/// One source row: the columns of `sources.csv`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SourceRecord {
    /// The source's id (required; no `;`, no surrounding spaces).
    pub id: String,
    /// Its title.
    pub title: Option<String>,
    /// Who published it.
    pub publisher: Option<String>,
    /// When it was published.
    #[serde(with = "opt_date")]
    pub published: Option<Date>,
    /// A citation or other reference.
    pub reference: Option<String>,
    /// An `http(s)` web address.
    pub url: Option<String>,
    /// A free note.
    pub note: Option<String>,
    /// Custom `x_` columns and their values (empty values are dropped).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
}

/// Dates as the format writes them (`2021-08-15`, `2021-08~`), or `null`.
mod opt_date {
    use crate::time::Date;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(d) => s.collect_str(d),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        match Option::<std::borrow::Cow<'de, str>>::deserialize(d)? {
            None => Ok(None),
            Some(t) if t.is_empty() => Ok(None),
            Some(t) => Date::parse(&t).map(Some).map_err(serde::de::Error::custom),
        }
    }
}

/// Builds a [`Dataset`] from typed records, with the rules of the CSV
/// loader: [`DatasetBuilder::build`] gives the dataset, or every problem
/// found, all at once (nothing is checked before).
///
/// Records may come in any order; actors and sources are checked first,
/// then ties, as the loaders do. Each problem names where its record is:
/// the [`Location`] given to an `_at` method (its line, and its column as
/// the prefix of field names), or otherwise `records` and the record's
/// place, as `records: field ties[3].start` for the fourth tie's start.
///
/// A tie record with an empty id gets the id the CSV loader gives the same
/// rows in the same order: `#` and the line (`#2` for the first tie, as
/// `ties.csv` starts with its header), or `#` and the line of its
/// [`Location`] when it has one.
///
/// # Example
///
/// ```
/// use tiegraph::{ActorKind, ActorRecord, DatasetBuilder, TieKind, TieRecord};
///
/// let mut builder = DatasetBuilder::new();
/// builder
///     .add_actor(ActorRecord {
///         id: "PAK".into(),
///         name: "Pakistan".into(),
///         kind: ActorKind::State,
///         ..Default::default()
///     })
///     .add_actor(ActorRecord {
///         id: "TAL".into(),
///         name: "Afghan Taliban".into(),
///         kind: ActorKind::Group,
///         ..Default::default()
///     })
///     .add_tie(TieRecord {
///         source: "PAK".into(),
///         target: "TAL".into(),
///         kind: TieKind::Hostility,
///         start: Some("2022-12".parse()?),
///         ..Default::default()
///     });
/// let data = builder.build()?;
/// assert_eq!(data.ties()[0].id(), "#2");
/// assert_eq!(data.snapshot(&"2023".parse()?).ties().count(), 1);
///
/// // Every record comes back, and builds the same dataset again.
/// let mut again = DatasetBuilder::new();
/// data.actor_records().for_each(|a| { again.add_actor(a); });
/// data.tie_records().for_each(|t| { again.add_tie(t); });
/// assert_eq!(again.build()?, data);
///
/// // Problems are all reported, each with where it is.
/// let mut bad = DatasetBuilder::new();
/// bad.add_tie(TieRecord { source: "PAK".into(), ..Default::default() });
/// let problems = bad.build().unwrap_err();
/// assert_eq!(problems.len(), 3);
/// assert_eq!(
///     problems.as_slice()[2].to_string(),
///     "records: field ties[0].start: a tie needs a start date"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct DatasetBuilder {
    actors: Vec<(ActorRecord, Option<Location>)>,
    ties: Vec<(TieRecord, Option<Location>)>,
    sources: Vec<(SourceRecord, Option<Location>)>,
    /// Custom columns of actors, ties and sources, in order.
    columns: [Vec<String>; 3],
    /// Whether the dataset has sources at all (see [`DatasetBuilder::without_sources`]).
    no_sources: bool,
    /// What to do with ties outside their actors' phases.
    phases: PhaseRule,
}

impl DatasetBuilder {
    /// An empty builder.
    pub fn new() -> DatasetBuilder {
        DatasetBuilder::default()
    }

    /// A builder holding every record of a dataset and its custom columns:
    /// [`DatasetBuilder::build`] gives an equal dataset, and records added
    /// before building extend it.
    pub fn from_dataset(data: &Dataset) -> DatasetBuilder {
        let mut builder = DatasetBuilder::new();
        let [actors, ties, sources] = data.extra_columns();
        let names = |c: &[Box<str>]| c.iter().map(|c| c.to_string()).collect();
        builder.columns = [names(actors), names(ties), names(sources)];
        builder.actors = data.actor_records().map(|r| (r, None)).collect();
        builder.ties = data.tie_records().map(|r| (r, None)).collect();
        builder.sources = data.source_records().map(|r| (r, None)).collect();
        builder
    }

    /// Adds an actor record (one phase of an actor).
    pub fn add_actor(&mut self, actor: ActorRecord) -> &mut Self {
        self.actors.push((actor, None));
        self
    }

    /// Adds an actor record; its problems are reported at `location`.
    pub fn add_actor_at(&mut self, actor: ActorRecord, location: Location) -> &mut Self {
        self.actors.push((actor, Some(location)));
        self
    }

    /// Makes room for more actor, tie and source records (as
    /// [`Vec::reserve_exact`]): a builder fed many records whose numbers
    /// are known ahead holds their lists at their size, not up to twice it.
    pub fn reserve(&mut self, actors: usize, ties: usize, sources: usize) -> &mut Self {
        self.actors.reserve_exact(actors);
        self.ties.reserve_exact(ties);
        self.sources.reserve_exact(sources);
        self
    }

    /// Adds a tie record.
    pub fn add_tie(&mut self, tie: TieRecord) -> &mut Self {
        self.ties.push((tie, None));
        self
    }

    /// Adds a tie record; its problems are reported at `location`, and
    /// without an id it gets `#` and the location's line (if it has one).
    pub fn add_tie_at(&mut self, tie: TieRecord, location: Location) -> &mut Self {
        self.ties.push((tie, Some(location)));
        self
    }

    /// Adds a source record.
    pub fn add_source(&mut self, source: SourceRecord) -> &mut Self {
        self.sources.push((source, None));
        self
    }

    /// Adds a source record; its problems are reported at `location`.
    pub fn add_source_at(&mut self, source: SourceRecord, location: Location) -> &mut Self {
        self.sources.push((source, Some(location)));
        self
    }

    /// Declares the custom (`x_`) columns of actors, ties and sources, in
    /// the order they are written out (as a CSV header would). Columns
    /// only found in records' `extra` come after them, sorted.
    pub fn extra_columns(
        &mut self,
        actors: impl IntoIterator<Item = impl Into<String>>,
        ties: impl IntoIterator<Item = impl Into<String>>,
        sources: impl IntoIterator<Item = impl Into<String>>,
    ) -> &mut Self {
        let list = |c: &mut Vec<String>, more: Vec<String>| c.extend(more);
        list(
            &mut self.columns[0],
            actors.into_iter().map(Into::into).collect(),
        );
        list(
            &mut self.columns[1],
            ties.into_iter().map(Into::into).collect(),
        );
        list(
            &mut self.columns[2],
            sources.into_iter().map(Into::into).collect(),
        );
        self
    }

    /// Says that the dataset has no sources file at all: a tie citing a
    /// source is then reported as citing one while `sources.csv` is
    /// missing, as by [`Dataset::from_csv`] without sources.
    pub fn without_sources(&mut self) -> &mut Self {
        self.no_sources = true;
        self
    }

    /// What [`DatasetBuilder::build`] does with a tie in force while one
    /// of its actors is not: an error ([`PhaseRule::Strict`], the default),
    /// or the tie clipped to its actors' phases ([`PhaseRule::Clip`], see
    /// [`Dataset::clipping`]).
    pub fn phases(&mut self, rule: PhaseRule) -> &mut Self {
        self.phases = rule;
        self
    }

    /// Checks every record and builds the dataset.
    ///
    /// # Errors
    ///
    /// Every problem found, in the order of the records (actors, sources,
    /// ties), each with its location; at most
    /// [`MAX_PROBLEMS`](crate::MAX_PROBLEMS) of them.
    pub fn build(self) -> Result<Dataset, Problems> {
        let places = [
            place_list(&self.actors),
            place_list(&self.ties),
            place_list(&self.sources),
        ];
        let [actor_columns, tie_columns, source_columns] = self.columns;
        let actors: Vec<ActorRow> = self.actors.into_iter().map(|(r, _)| actor_row(r)).collect();
        let sources: Vec<SourceRow> = self
            .sources
            .into_iter()
            .map(|(r, _)| source_row(r))
            .collect();
        let columns = Columns {
            actors: actor_columns,
            ties: tie_columns,
            sources: source_columns,
        };
        let tie_keys: std::collections::BTreeSet<String> = self
            .ties
            .iter()
            .flat_map(|(t, _)| t.extra.keys().cloned())
            .collect();
        let head = json::Head {
            actors: &actors,
            sources: &sources,
            columns: &columns,
            tie_keys: &tie_keys.iter().map(String::as_str).collect(),
            ties: self.ties.len(),
        };
        // Each tie record is made a row, checked and dropped in turn: the
        // records and their rows are never all held twice.
        let ties = self.ties.into_iter().map(|(r, _)| tie_row(r));
        let clip = self.phases == PhaseRule::Clip;
        check_rows(&head, ties, &places, RECORDS_FILE, self.no_sources, clip)
    }
}

/// Checks rows of text with the loaders' code and builds the dataset: the
/// rows of a [`DatasetBuilder`] or of [`TextRows`]. A row without a place
/// is named by `file` and its place in its list (`records: field ties[3]`).
fn check(
    doc: &Doc,
    places: &[Vec<Option<Location>>; 3],
    file: &str,
    no_sources: bool,
    clip: bool,
) -> Result<Dataset, Problems> {
    let tie_keys = doc
        .ties
        .iter()
        .flat_map(|t| t.extra.keys().map(String::as_str))
        .collect();
    let head = json::Head {
        actors: &doc.actors,
        sources: &doc.sources,
        columns: &doc.extra_columns,
        tie_keys: &tie_keys,
        ties: doc.ties.len(),
    };
    check_rows(&head, doc.ties.iter(), places, file, no_sources, clip)
}

/// [`check`] with the tie rows coming one at a time (owned or borrowed).
fn check_rows<T: std::borrow::Borrow<TieRow>>(
    head: &json::Head<'_>,
    ties: impl Iterator<Item = T>,
    places: &[Vec<Option<Location>>; 3],
    file: &str,
    no_sources: bool,
    clip: bool,
) -> Result<Dataset, Problems> {
    let file: Arc<str> = file.into();
    let loc = |what: &'static str, i: usize| {
        let table = match what {
            "actors" => 0,
            "ties" => 1,
            _ => 2,
        };
        match places[table].get(i).and_then(Option::as_ref) {
            Some(l) => row_loc(l),
            None => RowLoc {
                file: file.clone(),
                line: None,
                path: RowPath::Index(what, i),
            },
        }
    };
    let mut builder = Builder::new();
    builder.clip = clip;
    if no_sources {
        builder.missing_sources = Some("sources.csv");
    }
    let mut feeder = json::Feeder {
        file: &file,
        loc: &loc,
        ids: Ids::Generated,
        builder: &mut builder,
    };
    feeder.head(head);
    for (i, t) in ties.enumerate() {
        feeder.tie(i, t.borrow());
    }
    builder.finish()
}

/// Where the checks place a row given at `l`: its file and line, and its
/// column as the prefix of field names.
fn row_loc(l: &Location) -> RowLoc {
    RowLoc {
        file: l.file_name().into(),
        line: l.line(),
        // Always a path (see `RowLoc::path`).
        path: RowPath::Text(l.column().unwrap_or_default().to_owned()),
    }
}

/// Rows whose values are text, each with its [`Location`]: how the readers
/// of other formats (GraphML, JSON Graph Format) feed the checks of
/// [`DatasetBuilder`], so that a value that is no date, kind or number is
/// reported where that format has it (`net.graphml:41: column end`),
/// rather than refused when a typed record is made.
///
/// A row's location names its file, its line (if any) and, as its column,
/// the prefix of its fields' paths (`graph.edges[3].metadata`, or none).
/// Fields the format keeps elsewhere are given to [`TextRows::build`].
#[derive(Default)]
pub(crate) struct TextRows {
    pub(crate) actors: Vec<(ActorRow, Location)>,
    pub(crate) ties: Vec<(TieRow, Location)>,
    pub(crate) sources: Vec<(SourceRow, Location)>,
    /// Custom columns of actors, ties and sources, in order.
    pub(crate) columns: [Vec<String>; 3],
    /// What to do with ties outside their actors' phases.
    pub(crate) phases: PhaseRule,
}

/// Where the fields are that a format keeps elsewhere than their row's
/// location and their name say (see [`TextRows::build`]).
#[derive(Default)]
pub(crate) struct Moves {
    /// By where the checks name a field; `None` when two rows at the same
    /// place keep it in different places (it is then not moved).
    to: HashMap<Location, Option<Location>>,
}

impl Moves {
    /// Says that `field` of the row at `row` is at `to` (a GraphML tie's id
    /// is its `tie` key; a JSON Graph Format edge's `source` is beside its
    /// `metadata`).
    pub(crate) fn add(&mut self, row: &Location, field: &str, to: Location) {
        match self.to.entry(row_loc(row).field(field)) {
            Entry::Vacant(e) => {
                e.insert(Some(to));
            }
            Entry::Occupied(mut e) => {
                if e.get().as_ref() != Some(&to) {
                    e.insert(None);
                }
            }
        }
    }

    fn place(&self, p: &Problem) -> Problem {
        match self.to.get(p.location()) {
            Some(Some(to)) => Problem::new(to.clone(), p.kind(), p.message()),
            _ => p.clone(),
        }
    }
}

impl TextRows {
    /// Checks the rows as [`DatasetBuilder::build`] does and builds the
    /// dataset; `file` names the input in problems about all of it. Only
    /// when there are problems is `moves` called, to say where the fields
    /// are that the format keeps elsewhere.
    ///
    /// # Errors
    ///
    /// Every problem found, each at its place in the format.
    pub(crate) fn build(
        self,
        file: &str,
        moves: impl FnOnce(&mut Moves),
    ) -> Result<Dataset, Problems> {
        let some = |rows: Vec<Location>| rows.into_iter().map(Some).collect::<Vec<_>>();
        let (actors, actor_places): (Vec<_>, Vec<_>) = self.actors.into_iter().unzip();
        let (ties, tie_places): (Vec<_>, Vec<_>) = self.ties.into_iter().unzip();
        let (sources, source_places): (Vec<_>, Vec<_>) = self.sources.into_iter().unzip();
        let [actor_columns, tie_columns, source_columns] = self.columns;
        let doc = Doc {
            actors,
            ties,
            sources,
            extra_columns: Columns {
                actors: actor_columns,
                ties: tie_columns,
                sources: source_columns,
            },
        };
        let places = [some(actor_places), some(tie_places), some(source_places)];
        let clip = self.phases == PhaseRule::Clip;
        check(&doc, &places, file, false, clip).map_err(|problems| {
            let mut m = Moves::default();
            moves(&mut m);
            let placed = problems.iter().map(|p| m.place(p)).collect();
            Problems::from_vec(placed).unwrap_or(problems)
        })
    }
}

fn place_list<R>(records: &[(R, Option<Location>)]) -> Vec<Option<Location>> {
    records.iter().map(|(_, l)| l.clone()).collect()
}

fn text<T: std::fmt::Display>(value: Option<T>) -> Option<String> {
    value.map(|v| v.to_string())
}

fn actor_row(r: ActorRecord) -> ActorRow {
    ActorRow {
        id: r.id,
        name: r.name,
        kind: r.kind.to_string(),
        from: text(r.from),
        until: text(r.until),
        aliases: r.aliases,
        note: r.note,
        extra: r.extra,
    }
}

fn tie_row(r: TieRecord) -> TieRow {
    TieRow {
        id: r.id,
        source: r.source,
        target: r.target,
        kind: r.kind.to_string(),
        start: text(r.start).unwrap_or_default(),
        end: text(r.end),
        with: r.with,
        weight: r.weight,
        confidence: text(r.confidence),
        directed: r.directed,
        sources: r.sources,
        note: r.note,
        extra: r.extra,
    }
}

fn source_row(r: SourceRecord) -> SourceRow {
    SourceRow {
        id: r.id,
        title: r.title,
        publisher: r.publisher,
        published: text(r.published),
        reference: r.reference,
        url: r.url,
        note: r.note,
        extra: r.extra,
    }
}

fn extra(e: &crate::model::Extra) -> BTreeMap<String, String> {
    e.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

impl Dataset {
    /// Every actor as records, one per phase, sorted by id then phase:
    /// with [`Dataset::tie_records`], [`Dataset::source_records`] and
    /// [`Dataset::extra_columns`] they build an equal dataset again (see
    /// [`DatasetBuilder::from_dataset`]).
    pub fn actor_records(&self) -> impl ExactSizeIterator<Item = ActorRecord> + '_ {
        let phases: Vec<_> = self
            .actors()
            .iter()
            .flat_map(|a| a.phases().iter().map(move |p| (a, p)))
            .collect();
        phases.into_iter().map(|(a, p)| ActorRecord {
            id: a.id().to_owned(),
            name: p.name().to_owned(),
            kind: p.kind(),
            from: p.from(),
            until: p.until(),
            aliases: p.aliases().map(str::to_owned).collect(),
            note: p.note().map(str::to_owned),
            extra: extra(p.extra()),
        })
    }

    /// Every tie as a record, in the dataset's order (by start, then id),
    /// naming actors and sources by id.
    pub fn tie_records(&self) -> impl ExactSizeIterator<Item = TieRecord> + '_ {
        self.ties().iter().map(move |t| TieRecord {
            id: t.id().to_owned(),
            source: self.actor_id(t.source()).to_owned(),
            target: self.actor_id(t.target()).to_owned(),
            kind: t.kind(),
            start: Some(t.start()),
            end: t.end(),
            with: t.with().map(|w| self.actor_id(w).to_owned()),
            weight: t.weight_given(),
            confidence: Some(t.confidence()),
            directed: t.directed_given(),
            sources: self.tie_sources(t).map(|s| s.id().to_owned()).collect(),
            note: t.note().map(str::to_owned),
            extra: extra(t.extra()),
        })
    }

    /// Every source as a record, sorted by id.
    pub fn source_records(&self) -> impl ExactSizeIterator<Item = SourceRecord> + '_ {
        self.sources().iter().map(|s| SourceRecord {
            id: s.id().to_owned(),
            title: s.title().map(str::to_owned),
            publisher: s.publisher().map(str::to_owned),
            published: s.published_date(),
            reference: s.reference().map(str::to_owned),
            url: s.url().map(str::to_owned),
            note: s.note().map(str::to_owned),
            extra: extra(s.extra()),
        })
    }
}
