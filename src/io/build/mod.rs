//! Validation shared by every loader: rows in, a [`Dataset`] or every problem out.
//!
//! The CSV and JSON readers turn their input into `Raw*` rows of text fields
//! with a [`Location`] each; [`Builder`] checks them against the format and
//! only builds the dataset when nothing is wrong (all or nothing).

mod lookup;
mod merge;
mod row;
mod rules;
mod sink;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::error::{Location, Problem, ProblemKind, Problems};
use crate::escape::terminal::shown;
use crate::model::{Actor, ActorKey, ActorKind, Dataset, Phase, Source};
use crate::time::Date;

pub(crate) use self::lookup::Lookup;
use self::lookup::{span, ActorTable, FastMap, IdMap};
use self::merge::Merged;
pub(crate) use self::row::{RawActor, RawSource, RawTie, RawWeight, RowLoc, RowPath, SourceList};
use self::rules::{is_url, opt, parse_date};
pub(crate) use self::sink::TieSink;

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
    /// Whether ties outside their actors' phases are clipped (rule R6).
    pub clip: bool,
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
            clip: false,
        }
    }

    /// Makes room for about `n` ties in the builder's own sink, so that a
    /// large file does not grow (and copy) the tie array many times.
    pub fn reserve_ties(&mut self, n: usize) {
        self.own_sink().ties.reserve(n);
    }

    /// Records a problem found by a reader (syntax, encoding, header).
    /// Past [`MAX_PROBLEMS`](crate::io::MAX_PROBLEMS) problems are dropped.
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

    /// Whether [`MAX_PROBLEMS`](crate::io::MAX_PROBLEMS) problems are recorded:
    /// readers then stop, so that a huge broken file cannot fill the memory
    /// with messages.
    pub fn is_full(&self) -> bool {
        self.problem_count() >= crate::io::MAX_PROBLEMS
    }

    pub fn actor(&mut self, raw: RawActor<'_>) {
        let before = self.problems.len();
        let loc = raw.loc;
        if let Err(p) = rules::actor_id(loc, raw.id) {
            self.problem(p);
        }
        if raw.name.trim().is_empty() {
            self.report(
                loc.field("name"),
                ProblemKind::MissingValue,
                "an actor needs a name",
            );
        }
        let kind = raw
            .kind
            .parse::<ActorKind>()
            .map_err(|e| self.report(loc.field("kind"), ProblemKind::BadKind, e.to_string()))
            .ok();
        let from = self.date(loc, "from", raw.from);
        let until = self.date(loc, "until", raw.until);
        if let (Some(Some(f)), Some(Some(u))) = (from, until) {
            if let Err(p) = rules::until_after_from(loc, f, u) {
                self.problem(p);
            }
        }
        let aliases = self.aliases(loc, &raw.aliases);
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
        // Room for one: most actors have a single phase (a vector's first
        // push would make room for four).
        self.phases
            .entry(raw.id.into())
            .or_insert_with(|| Vec::with_capacity(1))
            .push((loc.row(), phase));
    }

    /// An actor row's aliases, trimmed, blanks left out; none are kept past
    /// the limits per row and per file (counted before any is kept: an
    /// actor row of 500 000 aliases must not become 500 000 strings).
    fn aliases(&mut self, loc: &RowLoc, given: &[&str]) -> Vec<Box<str>> {
        let count = given.iter().filter(|a| !a.trim().is_empty()).count();
        let mut keep = true;
        if let Err(p) = rules::alias_count(loc, count) {
            keep = false;
            self.problem(p);
        } else {
            self.alias_count += count;
        }
        if keep && self.alias_count > crate::io::MAX_FILE_ALIASES {
            keep = false;
            // Said once; the rows after it are checked but their aliases
            // are not kept (the load fails anyway).
            if self.alias_count - count <= crate::io::MAX_FILE_ALIASES {
                self.report(
                    loc.field("aliases"),
                    ProblemKind::TooLarge,
                    format!(
                        "the file gives more than {} aliases, the most tiegraph reads",
                        crate::io::MAX_FILE_ALIASES
                    ),
                );
            }
        }
        if !keep {
            return Vec::new();
        }
        let aliases: Vec<Box<str>> = given
            .iter()
            .map(|a| a.trim())
            .filter(|a| !a.is_empty())
            .map(Box::from)
            .collect();
        for alias in &aliases {
            if let Err(p) = rules::alias(loc, alias) {
                self.problem(p);
            }
        }
        aliases
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
            // Exactly as many as there are: most actors have one phase,
            // and a vector grown by pushes holds room for four.
            let mut kept = Vec::with_capacity(phases.len());
            kept.extend(phases.into_iter().map(|(_, p)| p));
            actors.push(Actor { id, phases: kept });
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
        let mut sink = TieSink::new(crate::io::MAX_PROBLEMS.saturating_sub(self.problem_count()));
        sink.clip = self.clip;
        sink
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
        let budget = crate::io::MAX_PROBLEMS.saturating_sub(self.problem_count());
        let clip = self.clip;
        self.sink.get_or_insert_with(|| {
            let mut sink = TieSink::new(budget);
            sink.clip = clip;
            sink
        })
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
        let mut clipping = crate::model::Clipping::default();
        for sink in &mut sinks {
            problems.append(&mut sink.problems);
            let c = std::mem::take(&mut sink.clipping);
            clipping.clipped += c.clipped;
            clipping.dropped += c.dropped;
            clipping.warnings.extend(c.warnings);
        }
        clipping.warnings.truncate(crate::io::MAX_PROBLEMS);
        let mut merged = Merged::new(sinks);
        if problems.len() < crate::io::MAX_PROBLEMS {
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
        if problems.len() >= crate::io::MAX_PROBLEMS {
            problems.truncate(crate::io::MAX_PROBLEMS);
            if let Some(last) = problems.last() {
                let loc = Location::file(last.location().file_name());
                problems.push(Problem::new(
                    loc,
                    ProblemKind::TooLarge,
                    format!(
                        "too many problems: these are the first {}, and loading stopped there",
                        crate::io::MAX_PROBLEMS
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
        let mut data = Dataset::from_parts(
            actors,
            names,
            ties,
            sources,
            source_sets,
            [self.actor_columns, self.tie_columns, self.source_columns],
            order,
        );
        data.set_clipping(clipping);
        Ok(data)
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
