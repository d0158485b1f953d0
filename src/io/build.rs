//! Validation shared by every loader: rows in, a [`Dataset`] or every problem out.
//!
//! The CSV and JSON readers turn their input into `Raw*` rows of text fields
//! with a [`Location`] each; [`Builder`] checks them against the format and
//! only builds the dataset when nothing is wrong (all or nothing).

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;
use std::sync::Arc;

use crate::error::{Location, Problem, ProblemKind, Problems};
use compact_str::CompactString;

use crate::model::order::{Runs, TieOrder};

use crate::escape::terminal::shown;
use crate::model::{
    Actor, ActorKey, ActorKind, Confidence, Dataset, Extra, Phase, Source, Tie, TieKind, TieParts,
};
use crate::time::Date;

/// Where a row is: the file, its line, and (for JSON) the path prefix of its fields.
#[derive(Debug, Clone)]
pub(crate) struct RowLoc {
    pub file: Arc<str>,
    pub line: Option<u64>,
    /// JSON: `ties[3]`; CSV: `None`. A [`crate::DatasetBuilder`] record
    /// always has one, empty when its location names no column: its rows
    /// are kept as a JSON document's are, whatever file and line each names.
    pub path: Option<String>,
}

impl RowLoc {
    pub(crate) fn row(&self) -> Location {
        let loc = Location::file(self.file.clone());
        let loc = match self.line {
            Some(l) => loc.at_line(l),
            None => loc,
        };
        match &self.path {
            Some(p) if !p.is_empty() => loc.in_column(p.as_str()),
            _ => loc,
        }
    }

    pub(crate) fn field(&self, column: &str) -> Location {
        let loc = Location::file(self.file.clone());
        let loc = match self.line {
            Some(l) => loc.at_line(l),
            None => loc,
        };
        match &self.path {
            Some(p) if !p.is_empty() => loc.in_column(format!("{p}.{column}")),
            _ => loc.in_column(column),
        }
    }
}

/// A row of `actors.csv` (or an actor object of a JSON dataset).
pub(crate) struct RawActor<'a> {
    pub loc: &'a RowLoc,
    pub id: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub from: &'a str,
    pub until: &'a str,
    pub aliases: Vec<&'a str>,
    pub note: &'a str,
    pub extra: Extra,
}

/// A row of `sources.csv`.
pub(crate) struct RawSource<'a> {
    pub loc: &'a RowLoc,
    pub id: &'a str,
    pub title: &'a str,
    pub publisher: &'a str,
    pub published: &'a str,
    pub reference: &'a str,
    pub url: &'a str,
    pub note: &'a str,
    pub extra: Extra,
}

/// A weight as the input gives it.
pub(crate) enum RawWeight<'a> {
    Text(&'a str),
    Number(Option<f64>),
}

/// The `sources` of a tie row: `;`-separated text (CSV) or a list (JSON).
pub(crate) enum SourceList<'a> {
    Text(&'a str),
    List(&'a [String]),
}

impl<'a> SourceList<'a> {
    /// Calls `f` with each non-empty, trimmed source id.
    fn for_each(&self, mut f: impl FnMut(&'a str)) {
        let mut each = |s: &'a str| {
            let s = s.trim();
            if !s.is_empty() {
                f(s);
            }
        };
        match *self {
            SourceList::Text(t) => t.split(';').for_each(&mut each),
            SourceList::List(l) => l.iter().map(String::as_str).for_each(&mut each),
        }
    }
}

/// A source cited twice in one list, if any: a pass over the pairs of a
/// short list (most cite one to three sources), a sorted copy of a long one.
fn cited_twice(list: &[u32]) -> Option<u32> {
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

/// A row of `ties.csv`.
pub(crate) struct RawTie<'a> {
    pub loc: &'a RowLoc,
    pub id: &'a str,
    pub source: &'a str,
    pub target: &'a str,
    pub kind: &'a str,
    pub start: &'a str,
    pub end: &'a str,
    pub with: &'a str,
    pub weight: RawWeight<'a>,
    pub confidence: &'a str,
    pub sources: SourceList<'a>,
    pub note: &'a str,
    pub extra: Extra,
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
fn is_url(text: &str) -> bool {
    crate::link::web_link(text).is_some_and(|link| link == text)
}

fn opt(text: &str) -> Option<Box<str>> {
    (!text.is_empty()).then(|| text.into())
}

/// A hash map with a fast, fixed (so reproducible) hasher: the loader looks
/// up every tie's ids, and SipHash would be a large part of the load time.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// Actor ids to actor keys. Ids of up to 7 bytes (nearly all) are packed
/// with their length into a `u64`, so that the table of tens of thousands
/// of actors is small enough to stay in a core's cache: every tie looks up
/// two or three ids, a million times over. Longer ids are keyed by text.
#[derive(Default)]
struct IdMap {
    short: FastMap<u64, ActorKey>,
    long: FastMap<Box<str>, ActorKey>,
}

impl IdMap {
    fn pack(id: &str) -> Option<u64> {
        let bytes = id.as_bytes();
        (bytes.len() < 8).then(|| {
            let mut packed = [0u8; 8];
            packed[..bytes.len()].copy_from_slice(bytes);
            packed[7] = bytes.len() as u8;
            u64::from_le_bytes(packed)
        })
    }

    fn insert(&mut self, id: &str, key: ActorKey) {
        match IdMap::pack(id) {
            Some(packed) => self.short.insert(packed, key),
            None => self.long.insert(id.into(), key),
        };
    }

    fn get(&self, id: &str) -> Option<ActorKey> {
        match IdMap::pack(id) {
            Some(packed) => self.short.get(&packed),
            None => self.long.get(id),
        }
        .copied()
    }
}

/// Collects rows, checks them, and builds a [`Dataset`] when all is well.
///
/// Actor and source rows come first; [`Builder::finish_actors`] then builds
/// the [`Lookup`] that tie rows are checked against. Tie rows go to a
/// [`TieSink`]: the builder's own, or several filled on their own threads
/// from parts of one file and handed back with [`Builder::add_sink`].
pub(crate) struct Builder {
    problems: Vec<Problem>,
    /// Aliases given by the actor rows so far (see [`super::MAX_FILE_ALIASES`]).
    alias_count: usize,
    /// Each actor's phases (hashed: sorted by id once, at the end).
    phases: FastMap<Box<str>, Vec<(Location, Phase)>>,
    sources: BTreeMap<Box<str>, (Location, Source)>,
    /// Built once the actors are known: ties refer to actors through it.
    lookup: Option<Lookup>,
    /// Tie rows in file order: the sinks of earlier parts first.
    sinks: Vec<TieSink>,
    /// The sink [`Builder::tie`] fills.
    sink: Option<TieSink>,
    pub actor_columns: Vec<Box<str>>,
    pub tie_columns: Vec<Box<str>>,
    pub source_columns: Vec<Box<str>>,
    /// The sources file a dataset lacks (`sources.csv`), named when a tie
    /// cites a source: "not in sources.csv" would hide that the file is missing.
    pub missing_sources: Option<&'static str>,
}

/// What tie rows are checked against: the actors and sources, read-only, so
/// that several threads can check rows at once.
pub(crate) struct Lookup {
    actors: ActorTable,
    sources: FastMap<Box<str>, u32>,
    missing_sources: Option<&'static str>,
}

/// The tie rows of a file, or of one part of it: the ties accepted, the
/// problems found, and what the duplicate-id check at the end needs.
pub(crate) struct TieSink {
    problems: Vec<Problem>,
    /// How many problems this sink may record (what the whole load may
    /// still record when it starts).
    budget: usize,
    ties: Vec<Tie>,
    /// Full blocks of ties, earlier than `ties`, when the sink keeps them
    /// in blocks (see [`TieSink::in_blocks`]).
    blocks: Vec<Vec<Tie>>,
    /// The size of a block, or 0 when the ties are kept in one array.
    block: usize,
    /// The id of every tie row hashed, with the row number (see
    /// [`id_entry`]), for the duplicate check at the end: sorting these is
    /// far cheaper than a hash map of a million ids, whose every insert is
    /// a cache miss.
    id_hashes: Vec<u64>,
    /// Per row of a CSV file: its line.
    lines: Vec<u32>,
    /// Per row of a JSON document or of a [`crate::DatasetBuilder`]: where
    /// it is (its file, its path `ties[3]`, perhaps a line).
    paths: Vec<RowLoc>,
    /// The rows whose tie was rejected for other problems, with their ids.
    rejected: Vec<(u32, Box<str>)>,
    /// The lists of sources cited so far, each numbered once: ties hold
    /// that number. Renumbered in a canonical order when sinks are merged.
    sets: FastMap<Box<[u32]>, u32>,
    set_list: Vec<Box<[u32]>>,
    /// `sources` texts of CSV rows already resolved to a list (most rows
    /// repeat a few): one lookup instead of splitting and looking up each.
    texts: FastMap<Box<str>, u32>,
    /// The file the rows come from.
    file: Option<Arc<str>>,
    hasher: foldhash::fast::FixedState,
    scratch: Vec<u32>,
    /// Set by [`TieSink::prepare`]: the sort keys of the ties (and the
    /// id hashes are sorted).
    order: Option<TieOrder>,
    /// Rows whose id was made from their line (`#41`), for
    /// [`TieSink::shift_lines`].
    generated: Vec<u32>,
}

/// Actors sorted by id, with the lookups ties need.
struct ActorTable {
    actors: Vec<Actor>,
    /// Actor ids, keyed inline (see [`IdMap`]) so that a lookup does not
    /// chase a pointer to compare strings: ties name two or three actors
    /// each, a million times over.
    by_id: IdMap,
    /// For ties that name an actor rather than give its id.
    by_name: std::sync::OnceLock<crate::resolve::NameIndex>,
    /// Per actor, `[first day, end day)` when its phases leave no gap
    /// (`None` otherwise): a dense array, so that checking a tie's actors
    /// does not chase pointers into every actor's phases.
    spans: Vec<Option<(i32, i32)>>,
}

/// The days an actor is in force as one interval, if its phases leave no gap.
fn span(actor: &Actor) -> Option<(i32, i32)> {
    let first = actor.first_day().unwrap_or(i32::MIN);
    let end = actor.end_day().unwrap_or(i32::MAX);
    let mut reached = first;
    for p in actor.phases() {
        if p.from().map_or(i32::MIN, Date::first_day) > reached {
            return None;
        }
        reached = reached.max(p.until().map_or(i32::MAX, Date::first_day));
    }
    Some((first, end))
}

impl Builder {
    pub fn new() -> Builder {
        Builder {
            problems: Vec::new(),
            phases: FastMap::default(),
            sources: BTreeMap::new(),
            lookup: None,
            sinks: Vec::new(),
            sink: None,
            actor_columns: Vec::new(),
            tie_columns: Vec::new(),
            source_columns: Vec::new(),
            missing_sources: None,
            alias_count: 0,
        }
    }

    /// Makes room for about `n` ties in the builder's own sink, so that a
    /// large file does not grow (and copy) the tie array many times.
    pub fn reserve_ties(&mut self, n: usize) {
        self.own_sink().ties.reserve(n);
    }

    /// Records a problem found by a reader (syntax, encoding, header).
    /// Past [`MAX_PROBLEMS`](super::MAX_PROBLEMS) problems are dropped.
    pub fn problem(&mut self, problem: Problem) {
        if self.is_full() {
            return;
        }
        // Once tie rows go to the builder's own sink, a reader's problems
        // go there too, in order among theirs.
        match &mut self.sink {
            Some(sink) => sink.problems.push(problem),
            None => self.problems.push(problem),
        }
    }

    /// How many problems are recorded, in the builder and its sinks.
    fn problem_count(&self) -> usize {
        let sinks = self.sinks.iter().chain(&self.sink);
        self.problems.len() + sinks.map(|s| s.problems.len()).sum::<usize>()
    }

    /// Whether [`MAX_PROBLEMS`](super::MAX_PROBLEMS) problems are recorded:
    /// readers then stop, so that a huge broken file cannot fill the memory
    /// with messages.
    pub fn is_full(&self) -> bool {
        self.problem_count() >= super::MAX_PROBLEMS
    }

    pub fn actor(&mut self, raw: RawActor<'_>) {
        let before = self.problems.len();
        if raw.id.is_empty() {
            self.report(
                raw.loc.field("id"),
                ProblemKind::MissingValue,
                "an actor needs an id",
            );
        } else if !is_valid_actor_id(raw.id) {
            self.report(
                raw.loc.field("id"),
                ProblemKind::BadId,
                format!(
                    "{} is not an actor id (expected 1 to 64 of A-Z a-z 0-9 _ . -)",
                    shown(raw.id)
                ),
            );
        }
        if raw.name.trim().is_empty() {
            self.report(
                raw.loc.field("name"),
                ProblemKind::MissingValue,
                "an actor needs a name",
            );
        }
        let kind = match raw.kind.parse::<ActorKind>() {
            Ok(k) => Some(k),
            Err(e) => {
                self.report(raw.loc.field("kind"), ProblemKind::BadKind, e.to_string());
                None
            }
        };
        let from = self.date(raw.loc, "from", raw.from);
        let until = self.date(raw.loc, "until", raw.until);
        if let (Some(Some(f)), Some(Some(u))) = (from, until) {
            if u.first_day() <= f.first_day() {
                self.report(
                    raw.loc.field("until"),
                    ProblemKind::EndBeforeStart,
                    format!("until {u} is not after from {f}"),
                );
            }
        }
        // Counted before any is kept: an actor row of 500 000 aliases
        // must not become 500 000 strings.
        let given = raw.aliases.iter().filter(|a| !a.trim().is_empty()).count();
        let mut keep = true;
        if given > super::MAX_ALIASES {
            keep = false;
            self.report(
                raw.loc.field("aliases"),
                ProblemKind::TooLarge,
                format!(
                    "the row gives {given} aliases (at most {})",
                    super::MAX_ALIASES
                ),
            );
        } else {
            self.alias_count += given;
        }
        if keep && self.alias_count > super::MAX_FILE_ALIASES {
            keep = false;
            // Said once; the rows after it are checked but their aliases
            // are not kept (the load fails anyway).
            if self.alias_count - given <= super::MAX_FILE_ALIASES {
                self.report(
                    raw.loc.field("aliases"),
                    ProblemKind::TooLarge,
                    format!(
                        "the file gives more than {} aliases, the most tiegraph reads",
                        super::MAX_FILE_ALIASES
                    ),
                );
            }
        }
        let aliases: Vec<Box<str>> = raw
            .aliases
            .iter()
            .filter(|_| keep)
            .map(|a| a.trim())
            .filter(|a| !a.is_empty())
            .map(Box::from)
            .collect();
        // actors.csv separates aliases with `;`: one holding a `;` (possible
        // in JSON) would be saved as two.
        for alias in aliases.iter().filter(|a| a.contains(';')) {
            self.report(
                raw.loc.field("aliases"),
                ProblemKind::BadId,
                format!(
                    "alias {} may not contain ; (actors.csv separates aliases with ;)",
                    shown(alias)
                ),
            );
        }
        if self.problems.len() > before {
            return;
        }
        let (Some(kind), Some(from), Some(until)) = (kind, from, until) else {
            return;
        };
        let phase = Phase {
            name: raw.name.into(),
            kind,
            from,
            until,
            aliases,
            note: opt(raw.note),
            extra: raw.extra,
        };
        self.phases
            .entry(raw.id.into())
            .or_default()
            .push((raw.loc.row(), phase));
    }

    pub fn source(&mut self, raw: RawSource<'_>) {
        if raw.id.is_empty() {
            self.report(
                raw.loc.field("id"),
                ProblemKind::MissingValue,
                "a source needs an id",
            );
            return;
        }
        if raw.id.contains(';') || raw.id.trim() != raw.id {
            self.report(
                raw.loc.field("id"),
                ProblemKind::BadId,
                format!(
                    "{} is not a source id (no `;` and no surrounding spaces)",
                    shown(raw.id)
                ),
            );
            return;
        }
        // A date, with an optional qualifier at the end (`2020?` uncertain,
        // `2020~` approximate, `2020%` both, as in EDTF).
        let published = self.date(raw.loc, "published", raw.published);
        let url_ok = raw.url.is_empty() || is_url(raw.url);
        if !url_ok {
            self.report(
                raw.loc.field("url"),
                ProblemKind::BadUrl,
                format!(
                    "{} is not a web address (expected http:// or https:// and a host, \
                     without spaces, quotes or angle brackets)",
                    shown(raw.url)
                ),
            );
        }
        if published.is_none() || !url_ok {
            return;
        }
        let loc = raw.loc.row();
        match self.sources.entry(raw.id.into()) {
            std::collections::btree_map::Entry::Occupied(first) => {
                let line = first
                    .get()
                    .0
                    .line()
                    .map_or(String::new(), |l| format!(" (first on line {l})"));
                self.problems.push(Problem::new(
                    raw.loc.field("id"),
                    ProblemKind::DuplicateId,
                    format!("source id {} is used twice{line}", shown(raw.id)),
                ));
            }
            std::collections::btree_map::Entry::Vacant(slot) => {
                slot.insert((
                    loc,
                    Source {
                        id: raw.id.into(),
                        title: opt(raw.title),
                        publisher: opt(raw.publisher),
                        published: opt(raw.published),
                        reference: opt(raw.reference),
                        url: opt(raw.url),
                        note: opt(raw.note),
                        extra: raw.extra,
                    },
                ));
            }
        }
    }

    /// Ends the actor and source rows: checks phases and builds the lookups
    /// that tie rows need. Call once, after every actor and source row.
    pub fn finish_actors(&mut self) {
        if self.lookup.is_some() {
            return;
        }
        let mut actors = Vec::with_capacity(self.phases.len());
        let mut by_id: Vec<_> = std::mem::take(&mut self.phases).into_iter().collect();
        by_id.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (id, mut phases) in by_id {
            phases.sort_by_key(|(_, p)| p.from.map(Date::first_day));
            // Compare each phase with the earlier phase that reaches furthest,
            // not only with its neighbour: a long phase can overlap several
            // later ones.
            let mut furthest: Option<usize> = None;
            for i in 0..phases.len() {
                if let Some(j) = furthest {
                    let until = phases[j].1.until.map(Date::first_day);
                    let from = phases[i].1.from.map(Date::first_day);
                    let overlap = match (until, from) {
                        (None, _) | (_, None) => true,
                        (Some(u), Some(f)) => f < u,
                    };
                    if overlap {
                        let other = phases[j]
                            .0
                            .line()
                            .map_or(String::new(), |l| format!(" on line {l}"));
                        self.problem(Problem::new(
                            phases[i].0.clone().in_column("from"),
                            ProblemKind::OverlappingPhases,
                            format!("this phase of {} overlaps its phase{other}", shown(&id)),
                        ));
                    }
                }
                let reach = |k: usize| phases[k].1.until.map_or(i32::MAX, Date::first_day);
                if furthest.is_none_or(|j| reach(i) > reach(j)) {
                    furthest = Some(i);
                }
            }
            actors.push(Actor {
                id,
                phases: phases.into_iter().map(|(_, p)| p).collect(),
            });
        }
        let mut by_id = IdMap::default();
        for (i, a) in actors.iter().enumerate() {
            by_id.insert(&a.id, ActorKey(i as u32));
        }
        // Built when a tie names an actor rather than give its id.
        let by_name = std::sync::OnceLock::new();
        let sources = self
            .sources
            .keys()
            .enumerate()
            .map(|(i, id)| (id.clone(), i as u32))
            .collect();
        let spans = actors.iter().map(span).collect();
        self.lookup = Some(Lookup {
            actors: ActorTable {
                actors,
                by_id,
                by_name,
                spans,
            },
            sources,
            missing_sources: self.missing_sources,
        });
    }

    /// The lookups tie rows are checked against (built by
    /// [`Builder::finish_actors`] if it has not run yet).
    pub fn lookup(&mut self) -> &Lookup {
        if self.lookup.is_none() {
            self.finish_actors();
        }
        self.lookup.get_or_insert_with(Lookup::empty)
    }

    /// A new sink for the rows of a tie file, or of one part of it.
    pub fn new_sink(&self) -> TieSink {
        TieSink::new(super::MAX_PROBLEMS.saturating_sub(self.problem_count()))
    }

    /// Appends the rows of a sink filled elsewhere (one part of a file, the
    /// parts in file order).
    pub fn add_sink(&mut self, sink: TieSink) {
        if let Some(own) = self.sink.take() {
            self.sinks.push(own);
        }
        self.sinks.push(sink);
    }

    fn own_sink(&mut self) -> &mut TieSink {
        let budget = super::MAX_PROBLEMS.saturating_sub(self.problem_count());
        self.sink.get_or_insert_with(|| TieSink::new(budget))
    }

    /// Checks a tie row, into the builder's own sink.
    pub fn tie(&mut self, raw: RawTie<'_>) {
        if self.lookup.is_none() {
            self.finish_actors();
        }
        self.own_sink();
        if let (Some(lookup), Some(sink)) = (&self.lookup, &mut self.sink) {
            sink.tie(lookup, raw);
        }
    }

    /// Finishes loading: the dataset, or every problem found (sorted by file
    /// order, then line).
    pub fn finish(mut self) -> Result<Dataset, Problems> {
        if self.lookup.is_none() {
            self.finish_actors();
        }
        let mut sinks = std::mem::take(&mut self.sinks);
        sinks.extend(self.sink.take());
        let mut problems = std::mem::take(&mut self.problems);
        for sink in &mut sinks {
            problems.append(&mut sink.problems);
        }
        let mut merged = Merged::new(sinks);
        if problems.len() < super::MAX_PROBLEMS {
            merged.report_duplicates(&mut problems);
        }
        // Files in the order they were read, then lines: phase overlaps are
        // found after the last actor row but belong among the actor rows.
        let mut files: Vec<Arc<str>> = Vec::new();
        for p in &problems {
            let file = p.location().file_name();
            if !files.iter().any(|f| &**f == file) {
                files.push(file.into());
            }
        }
        problems.sort_by_key(|p| {
            let file = p.location().file_name();
            (files.iter().position(|f| &**f == file), p.location().line())
        });
        if problems.len() >= super::MAX_PROBLEMS {
            problems.truncate(super::MAX_PROBLEMS);
            if let Some(last) = problems.last() {
                let loc = Location::file(last.location().file_name());
                problems.push(Problem::new(
                    loc,
                    ProblemKind::TooLarge,
                    format!(
                        "too many problems: these are the first {}, and loading stopped there",
                        super::MAX_PROBLEMS
                    ),
                ));
            }
        }
        if let Some(problems) = Problems::from_vec(problems) {
            return Err(problems);
        }
        let (ties, source_sets, order) = merged.into_ties();
        let (actors, names) = match self.lookup.take() {
            Some(l) => (l.actors.actors, l.actors.by_name),
            None => (Vec::new(), std::sync::OnceLock::new()),
        };
        let sources = std::mem::take(&mut self.sources)
            .into_values()
            .map(|(_, s)| s)
            .collect();
        Ok(Dataset::from_parts(
            actors,
            names,
            ties,
            sources,
            source_sets,
            [self.actor_columns, self.tie_columns, self.source_columns],
            order,
        ))
    }
}

impl Lookup {
    /// A lookup without actors or sources.
    fn empty() -> Lookup {
        Lookup {
            actors: ActorTable {
                actors: Vec::new(),
                by_id: IdMap::default(),
                by_name: std::sync::OnceLock::new(),
                spans: Vec::new(),
            },
            sources: FastMap::default(),
            missing_sources: None,
        }
    }
}

/// Where problems go: the [`Builder`] (actors, sources, a tie file read on
/// one thread) or a [`TieSink`] (one part of a tie file read on its own).
pub(crate) trait Sink {
    /// Records a problem (unless the sink is full).
    fn problem(&mut self, problem: Problem);

    /// Whether no more problems are wanted: reading stops.
    fn is_full(&self) -> bool;

    /// Records a problem made of its parts.
    fn report(&mut self, loc: Location, kind: ProblemKind, message: impl Into<String>)
    where
        Self: Sized,
    {
        self.problem(Problem::new(loc, kind, message));
    }

    /// A date field: `Some(None)` when empty, `None` (and a problem
    /// recorded) when it is not a date.
    fn date(&mut self, loc: &RowLoc, column: &str, text: &str) -> Option<Option<Date>> {
        match parse_date(loc, column, text) {
            Ok(d) => Some(d),
            Err(p) => {
                self.problem(p);
                None
            }
        }
    }
}

impl Sink for Builder {
    fn problem(&mut self, problem: Problem) {
        Builder::problem(self, problem);
    }
    fn is_full(&self) -> bool {
        Builder::is_full(self)
    }
}

impl Sink for TieSink {
    fn problem(&mut self, problem: Problem) {
        TieSink::problem(self, problem);
    }
    fn is_full(&self) -> bool {
        TieSink::is_full(self)
    }
}

/// A date field: `None` when empty, a problem when it is not a date.
fn parse_date(loc: &RowLoc, column: &str, text: &str) -> Result<Option<Date>, Problem> {
    if text.is_empty() {
        return Ok(None);
    }
    Date::parse(text)
        .map(Some)
        .map_err(|e| Problem::new(loc.field(column), ProblemKind::BadDate, e.to_string()))
}

impl TieSink {
    fn new(budget: usize) -> TieSink {
        TieSink {
            problems: Vec::new(),
            budget,
            ties: Vec::new(),
            blocks: Vec::new(),
            block: 0,
            id_hashes: Vec::new(),
            lines: Vec::new(),
            paths: Vec::new(),
            rejected: Vec::new(),
            sets: FastMap::default(),
            set_list: Vec::new(),
            texts: FastMap::default(),
            file: None,
            hasher: foldhash::fast::FixedState::default(),
            scratch: Vec::new(),
            order: None,
            generated: Vec::new(),
        }
    }

    /// Moves every line `lines` down: the sink of a part of a file read
    /// with lines counted from the part's start. Ids made from lines are
    /// made again. Call before [`TieSink::prepare`].
    pub fn shift_lines(&mut self, lines: u64) {
        if lines == 0 {
            return;
        }
        let by = u32::try_from(lines).unwrap_or(u32::MAX);
        self.lines
            .iter_mut()
            .for_each(|l| *l = l.saturating_add(by));
        self.problems.iter_mut().for_each(|p| p.shift_line(lines));
        for row in std::mem::take(&mut self.generated) {
            let id = compact_str::format_compact!("#{}", self.lines[row as usize]);
            self.id_hashes[row as usize] = id_entry(self.hasher.hash_one(id.as_str()), row);
            match row_place(&self.rejected, row) {
                Ok(i) => self.rejected[i].1 = id.as_str().into(),
                Err(index) => self.tie_mut(index).id = id,
            }
        }
    }

    /// The `index`th tie of this sink, in a block or in `ties`.
    fn tie_mut(&mut self, index: usize) -> &mut Tie {
        let full = self.blocks.len() * self.block;
        if index < full {
            &mut self.blocks[index / self.block][index % self.block]
        } else {
            &mut self.ties[index - full]
        }
    }

    /// Sorts what the end of the load needs sorted, on the thread that
    /// filled the sink: the id hashes, and the ties' sort keys. Call once,
    /// after the last row.
    pub fn prepare(&mut self) {
        self.id_hashes.sort_unstable();
        self.order = Some(TieOrder::of(self.blocks.iter().flatten().chain(&self.ties)));
    }

    /// Makes room for about `n` ties.
    pub fn reserve(&mut self, n: usize) {
        self.ties.reserve(n);
        self.id_hashes.reserve(n);
        self.lines.reserve(n);
    }

    /// Keeps the ties in blocks of 64 Ki ties rather than one array: the
    /// sink of a later part of a file, whose ties are appended to an
    /// earlier part's array, block by block, each freed once copied. Its
    /// whole array would otherwise be held twice for a moment.
    pub fn in_blocks(&mut self) {
        self.block = 1 << 16;
        self.ties = Vec::with_capacity(self.block);
    }

    /// Records a problem, unless the budget is spent.
    pub fn problem(&mut self, problem: Problem) {
        if !self.is_full() {
            self.problems.push(problem);
        }
    }

    /// Whether the budget of problems is spent: the reader then stops.
    pub fn is_full(&self) -> bool {
        self.problems.len() >= self.budget
    }

    fn resolve(
        &mut self,
        lookup: &Lookup,
        loc: &RowLoc,
        column: &str,
        text: &str,
    ) -> Option<ActorKey> {
        let table = &lookup.actors;
        if let Some(key) = table.by_id.get(text) {
            return Some(key);
        }
        if text.is_empty() {
            self.report(
                loc.field(column),
                ProblemKind::MissingValue,
                format!("{column} needs an actor id"),
            );
            return None;
        }
        let names = table
            .by_name
            .get_or_init(|| crate::resolve::name_index(&table.actors));
        match crate::resolve::by_name(&table.actors, names, text) {
            Ok(key) => Some(key),
            Err(e) => {
                let kind = match e {
                    crate::Error::AmbiguousActor { .. } => ProblemKind::AmbiguousActor,
                    _ => ProblemKind::UnknownActor,
                };
                self.report(loc.field(column), kind, e.to_string());
                None
            }
        }
    }

    /// Checks a tie row: the tie is kept if nothing is wrong with it.
    pub fn tie(&mut self, lookup: &Lookup, raw: RawTie<'_>) {
        let before = self.problems.len();
        let loc = raw.loc;
        let id: CompactString = if raw.id.is_empty() {
            match loc.line {
                Some(line) => {
                    self.generated
                        .push((self.lines.len() + self.paths.len()) as u32);
                    compact_str::format_compact!("#{line}")
                }
                None => {
                    self.report(
                        loc.field("id"),
                        ProblemKind::MissingValue,
                        "a tie needs an id",
                    );
                    return;
                }
            }
        } else {
            // `#` + digits is how generated ids are saved back; anything
            // else starting with `#` could collide with a generated id.
            if raw.id.starts_with('#') && !raw.id[1..].bytes().all(|b| b.is_ascii_digit())
                || raw.id == "#"
            {
                self.report(
                    loc.field("id"),
                    ProblemKind::BadId,
                    format!("tie id {} may not start with #", shown(raw.id)),
                );
            }
            // Refused rather than trimmed: `t1 ` and `t1` would otherwise be
            // two ids that look the same in every output.
            if raw.id.trim() != raw.id {
                self.report(
                    loc.field("id"),
                    ProblemKind::BadId,
                    format!("tie id {} has spaces at its start or end", shown(raw.id)),
                );
            }
            CompactString::new(raw.id)
        };
        let source = self.resolve(lookup, loc, "source", raw.source);
        let target = self.resolve(lookup, loc, "target", raw.target);
        let kind = match raw.kind.parse::<TieKind>() {
            Ok(k) => Some(k),
            Err(e) => {
                self.report(loc.field("kind"), ProblemKind::BadKind, e.to_string());
                None
            }
        };
        let start = match self.date(loc, "start", raw.start) {
            Some(None) => {
                self.report(
                    loc.field("start"),
                    ProblemKind::MissingValue,
                    "a tie needs a start date",
                );
                None
            }
            Some(Some(d)) => Some(d),
            None => None,
        };
        let end = self.date(loc, "end", raw.end);
        if let (Some(s), Some(Some(e))) = (start, end) {
            if e.first_day() <= s.first_day() {
                self.report(
                    loc.field("end"),
                    ProblemKind::EndBeforeStart,
                    format!("end {e} is not after start {s}"),
                );
            }
        }
        let with = if raw.with.is_empty() {
            if kind == Some(TieKind::Mediation) {
                self.report(
                    loc.field("with"),
                    ProblemKind::MissingWith,
                    "a mediation needs its second party in with",
                );
            }
            None
        } else {
            if kind.is_some_and(|k| k != TieKind::Mediation) {
                self.report(
                    loc.field("with"),
                    ProblemKind::UnexpectedWith,
                    format!("only a mediation has a with (this tie is {})", raw.kind),
                );
            }
            self.resolve(lookup, loc, "with", raw.with)
        };
        if let (Some(s), Some(t)) = (source, target) {
            if s == t {
                self.report(
                    loc.field("target"),
                    ProblemKind::SelfTie,
                    "a tie needs two different actors",
                );
            }
            if let Some(w) = with {
                if w == s || w == t {
                    self.report(
                        loc.field("with"),
                        ProblemKind::SelfTie,
                        "with must differ from source and target",
                    );
                }
            }
        }
        let weight = match raw.weight {
            RawWeight::Text("") => None,
            RawWeight::Text(t) if t.trim() != t => {
                self.report(
                    loc.field("weight"),
                    ProblemKind::BadWeight,
                    format!(
                        "{} is not a number in (0, 1] (no spaces around it)",
                        shown(t)
                    ),
                );
                None
            }
            RawWeight::Text(t) => match t.parse::<f64>() {
                Ok(w) => self.weight(loc, w, t),
                Err(_) => {
                    self.report(
                        loc.field("weight"),
                        ProblemKind::BadWeight,
                        format!("{} is not a number in (0, 1]", shown(t)),
                    );
                    None
                }
            },
            RawWeight::Number(None) => None,
            RawWeight::Number(Some(w)) => self.weight(loc, w, &w.to_string()),
        };
        let confidence = match raw.confidence {
            "" => Some(Confidence::Reported),
            text => match text.parse::<Confidence>() {
                Ok(c) => Some(c),
                Err(e) => {
                    self.report(
                        loc.field("confidence"),
                        ProblemKind::BadConfidence,
                        e.to_string(),
                    );
                    None
                }
            },
        };
        // The same `sources` text as an earlier row: the same list.
        let cached = match raw.sources {
            SourceList::Text(text) => self.texts.get(text).copied(),
            SourceList::List(_) => None,
        };
        // A scratch list reused from row to row: no allocation per tie.
        let mut sources = std::mem::take(&mut self.scratch);
        sources.clear();
        let mut unknown: Vec<&str> = Vec::new();
        if cached.is_none() {
            let mut cited = 0usize;
            raw.sources.for_each(|s| {
                cited += 1;
                if cited > super::MAX_CITATIONS {
                    return;
                }
                match lookup.sources.get(s) {
                    Some(&i) => sources.push(i),
                    None => unknown.push(s),
                }
            });
            if cited > super::MAX_CITATIONS {
                self.report(
                    loc.field("sources"),
                    ProblemKind::TooLarge,
                    format!(
                        "the tie cites {cited} sources (at most {})",
                        super::MAX_CITATIONS
                    ),
                );
            } else if let Some(twice) = cited_twice(&sources) {
                let id = lookup
                    .sources
                    .iter()
                    .find(|(_, &i)| i == twice)
                    .map_or("?", |(id, _)| &**id);
                self.report(
                    loc.field("sources"),
                    ProblemKind::DuplicateId,
                    format!("{} is cited twice", shown(id)),
                );
            }
        }
        for s in unknown {
            let message = match lookup.missing_sources {
                Some(file) => format!("{} is cited but the dataset has no {file}", shown(s)),
                // JSON rows have a path (`ties[3]`); CSV rows do not.
                None if loc.path.is_some() => {
                    format!("source {} is not among the dataset's sources", shown(s))
                }
                None => format!("source {} is not in sources.csv", shown(s)),
            };
            self.report(loc.field("sources"), ProblemKind::UnknownSource, message);
        }
        // Actor coverage is only meaningful once everything else is sound.
        if self.problems.len() == before {
            if let (Some(s), Some(t), Some(start)) = (source, target, start) {
                let end = end.flatten();
                let columns = [("source", Some(s)), ("target", Some(t)), ("with", with)];
                for (column, key) in columns {
                    let Some(key) = key else { continue };
                    let table = &lookup.actors;
                    let (from, until) = (start.first_day(), end.map(Date::first_day));
                    let covered = match table.spans[key.index()] {
                        Some((first, last)) => first <= from && until.unwrap_or(i32::MAX) <= last,
                        None => table.actors[key.index()].covers(from, until),
                    };
                    if !covered {
                        let actor = &table.actors[key.index()];
                        let message = not_in_force_message(actor, start, end);
                        self.report(loc.field(column), ProblemKind::ActorNotInForce, message);
                    }
                }
            }
        }
        let accepted = self.problems.len() == before
            && confidence.is_some()
            && source.is_some()
            && target.is_some()
            && kind.is_some()
            && start.is_some()
            && end.is_some();
        self.note_id(&id, loc, accepted);
        let (
            true,
            Some(source),
            Some(target),
            Some(kind),
            Some(start),
            Some(end),
            Some(confidence),
        ) = (accepted, source, target, kind, start, end, confidence)
        else {
            self.scratch = sources;
            return;
        };
        let set = match cached.or_else(|| self.sets.get(sources.as_slice()).copied()) {
            Some(set) => set,
            None => {
                let set = self.set_list.len() as u32;
                self.set_list.push(sources.as_slice().into());
                self.sets.insert(sources.as_slice().into(), set);
                set
            }
        };
        if let (None, SourceList::Text(text)) = (cached, raw.sources) {
            // Bounded: a file whose every row cites its own list of sources
            // should not hold all their texts.
            if self.texts.len() < 4096 {
                self.texts.insert(text.into(), set);
            }
        }
        self.scratch = sources;
        if self.block > 0 && self.ties.len() == self.block {
            let full = std::mem::replace(&mut self.ties, Vec::with_capacity(self.block));
            self.blocks.push(full);
        }
        self.ties.push(Tie::new(TieParts {
            id,
            source,
            target,
            with,
            kind,
            start,
            end,
            weight,
            confidence,
            sources: set,
            note: opt(raw.note),
            extra: (!raw.extra.is_empty()).then(|| Box::new(raw.extra)),
        }));
    }

    /// Notes a tie id for the duplicate check of [`Merged::report_duplicates`];
    /// `accepted` says whether this tie is about to be pushed.
    fn note_id(&mut self, id: &str, loc: &RowLoc, accepted: bool) {
        let row = (self.lines.len() + self.paths.len()) as u32;
        if !accepted {
            self.rejected.push((row, id.into()));
        }
        if self.file.is_none() {
            self.file = Some(loc.file.clone());
        }
        match &loc.path {
            Some(_) => self.paths.push(loc.clone()),
            None => self
                .lines
                .push(u32::try_from(loc.line.unwrap_or(0)).unwrap_or(u32::MAX)),
        }
        self.id_hashes.push(id_entry(self.hasher.hash_one(id), row));
    }

    fn weight(&mut self, loc: &RowLoc, w: f64, text: &str) -> Option<f64> {
        if w.is_finite() && w > 0.0 && w <= 1.0 {
            Some(w)
        } else {
            self.report(
                loc.field("weight"),
                ProblemKind::BadWeight,
                format!("{} is not a number in (0, 1]", shown(text)),
            );
            None
        }
    }
}

/// Where the id of a tie row is: `Ok(i)`, the `i`th of the `rejected`
/// rows (sorted by row); `Err(t)`, tie `t`, as rows before it that were
/// rejected have no tie.
fn row_place(rejected: &[(u32, Box<str>)], row: u32) -> Result<usize, usize> {
    rejected
        .binary_search_by_key(&row, |(r, _)| *r)
        .map_err(|before| row as usize - before)
}

/// Bits of an [`id_entry`] that hold the row.
const ROW_BITS: u32 = 24;
const ROW_MASK: u64 = (1 << ROW_BITS) - 1;
// A file has fewer rows than a row number can count.
const _: () = assert!(super::MAX_ROWS < 1 << ROW_BITS);

/// An id's hash and its row in one integer: the top 40 bits of the hash,
/// then the row. Sorted, rows with equal (40-bit) hashes come together, in
/// file order, at half the memory of a (hash, row) pair; ids whose hashes
/// agree are compared as text.
fn id_entry(hash: u64, row: u32) -> u64 {
    (hash & !ROW_MASK) | (u64::from(row) & ROW_MASK)
}

/// The sinks of a file joined end to end: rows and ties renumbered, the
/// lists of sources numbered in one canonical order.
struct Merged {
    ties: Vec<Tie>,
    /// (hash of the id, row), in sorted runs.
    id_hashes: Runs<u64>,
    lines: Vec<u32>,
    paths: Vec<RowLoc>,
    rejected: Vec<(u32, Box<str>)>,
    /// Per sink, its lists of sources.
    set_lists: Vec<Vec<Box<[u32]>>>,
    /// Where each sink's ties start in `ties`.
    tie_starts: Vec<usize>,
    file: Option<Arc<str>>,
    /// The ties' sort keys.
    order: Option<TieOrder>,
}

impl Merged {
    fn new(sinks: Vec<TieSink>) -> Merged {
        let mut merged = Merged {
            ties: Vec::new(),
            id_hashes: Runs::default(),
            lines: Vec::new(),
            paths: Vec::new(),
            rejected: Vec::new(),
            set_lists: Vec::new(),
            tie_starts: Vec::new(),
            file: None,
            order: None,
        };
        for mut sink in sinks {
            if sink.order.is_none() {
                sink.prepare();
            }
            let rows = (merged.lines.len() + merged.paths.len()) as u32;
            merged.tie_starts.push(merged.ties.len());
            let blocks = std::mem::take(&mut sink.blocks);
            for mut block in blocks.into_iter().chain([std::mem::take(&mut sink.ties)]) {
                if merged.ties.is_empty() {
                    merged.ties = block;
                } else {
                    merged.ties.append(&mut block);
                }
            }
            // Renumbered after the rows before: the run stays sorted.
            let mut hashes = std::mem::take(&mut sink.id_hashes);
            if rows > 0 {
                hashes
                    .iter_mut()
                    .for_each(|entry| *entry += u64::from(rows));
            }
            merged.id_hashes.push(hashes);
            match (&mut merged.order, sink.order.take()) {
                (Some(order), Some(more)) => order.append(more),
                (order, more) => *order = order.take().or(more),
            }
            merged.lines.append(&mut sink.lines);
            merged.paths.append(&mut sink.paths);
            let rejected = sink.rejected.into_iter().map(|(r, id)| (r + rows, id));
            merged.rejected.extend(rejected);
            merged.set_lists.push(sink.set_list);
            if merged.file.is_none() {
                merged.file = sink.file;
            }
        }
        merged
    }

    /// Reports every tie id used more than once, at each later use, naming
    /// the line of the first. Sorts the ids' hashes; only ids with equal
    /// hashes are compared as text.
    fn report_duplicates(&mut self, problems: &mut Vec<Problem>) {
        let hashes = std::mem::take(&mut self.id_hashes);
        let Some(file) = self.file.clone() else {
            return;
        };
        let mut found: Vec<(u32, u32)> = Vec::new();
        // Rows with equal hashes, in file order: each row's first earlier
        // row with the same id text is its duplicate.
        let mut same: Vec<u32> = Vec::new();
        let check = |same: &mut Vec<u32>, found: &mut Vec<(u32, u32)>| {
            for i in 1..same.len() {
                let id = self.id_text(same[i]);
                if let Some(&first) = same[..i].iter().find(|&&j| self.id_text(j) == id) {
                    found.push((same[i], first));
                }
            }
        };
        let mut last: Option<u64> = None;
        for entry in hashes {
            let (hash, row) = (entry >> ROW_BITS, (entry & ROW_MASK) as u32);
            if last != Some(hash) {
                check(&mut same, &mut found);
                same.clear();
                last = Some(hash);
            }
            same.push(row);
        }
        check(&mut same, &mut found);
        found.sort_unstable();
        for (later, first) in found {
            if problems.len() >= super::MAX_PROBLEMS {
                break;
            }
            let first_line = match (
                self.lines.get(first as usize),
                self.paths.get(first as usize),
            ) {
                (Some(&line), _) if line > 0 => format!(" (first on line {line})"),
                (_, Some(place)) => match (place.line, self.paths.get(later as usize)) {
                    (Some(line), Some(at)) if at.file == place.file => {
                        format!(" (first on line {line})")
                    }
                    (Some(line), _) => format!(" (first in {} on line {line})", place.file),
                    (None, _) => String::new(),
                },
                _ => String::new(),
            };
            let loc = match self.paths.get(later as usize) {
                Some(place) => place.clone(),
                None => RowLoc {
                    file: file.clone(),
                    line: self.lines.get(later as usize).map(|&l| u64::from(l)),
                    path: None,
                },
            };
            let message = format!(
                "tie id {} is used twice{first_line}",
                shown(self.id_text(later))
            );
            problems.push(Problem::new(
                loc.field("id"),
                ProblemKind::DuplicateId,
                message,
            ));
        }
    }

    /// The id of a row: its tie's, or the one noted when it was rejected.
    fn id_text(&self, row: u32) -> &str {
        match row_place(&self.rejected, row) {
            Ok(i) => &self.rejected[i].1,
            Err(index) => &self.ties[index].id,
        }
    }

    /// The ties, their lists of sources renumbered in sorted order (the
    /// same whatever order the rows came in), and those lists.
    fn into_ties(self) -> (Vec<Tie>, Vec<Box<[u32]>>, Option<TieOrder>) {
        let mut all: Vec<Box<[u32]>> = self.set_lists.iter().flatten().cloned().collect();
        all.sort_unstable();
        all.dedup();
        let mut ties = self.ties;
        let ends = self.tie_starts.iter().skip(1).copied().chain([ties.len()]);
        for ((lists, &start), end) in self.set_lists.iter().zip(&self.tie_starts).zip(ends) {
            let map: Vec<u32> = lists
                .iter()
                .map(|l| all.binary_search(l).map_or(0, |i| i as u32))
                .collect();
            for tie in &mut ties[start..end] {
                tie.sources = map[tie.sources as usize];
            }
        }
        (ties, all, self.order)
    }
}

fn not_in_force_message(actor: &Actor, start: Date, end: Option<Date>) -> String {
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
