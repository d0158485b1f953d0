//! Validation shared by every loader: rows in, a [`Dataset`] or every problem out.
//!
//! The CSV and JSON readers turn their input into `Raw*` rows of text fields
//! with a [`Location`] each; [`Builder`] checks them against the format and
//! only builds the dataset when nothing is wrong (all or nothing).

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;
use std::sync::Arc;

use crate::error::{Location, Problem, ProblemKind, Problems};
use crate::model::{Actor, ActorKey, ActorKind, Dataset, Extra, Phase, Source, Tie, TieKind};
use crate::time::{shown, Date};

/// Where a row is: the file, its line, and (for JSON) the path prefix of its fields.
#[derive(Debug, Clone)]
pub(crate) struct RowLoc {
    pub file: Arc<str>,
    pub line: Option<u64>,
    /// JSON: `ties[3]`; CSV: empty.
    pub path: Option<String>,
}

impl RowLoc {
    fn row(&self) -> Location {
        let loc = Location::file(self.file.clone());
        let loc = match self.line {
            Some(l) => loc.at_line(l),
            None => loc,
        };
        match &self.path {
            Some(p) => loc.in_column(p.as_str()),
            None => loc,
        }
    }

    fn field(&self, column: &str) -> Location {
        let loc = Location::file(self.file.clone());
        let loc = match self.line {
            Some(l) => loc.at_line(l),
            None => loc,
        };
        match &self.path {
            Some(p) => loc.in_column(format!("{p}.{column}")),
            None => loc.in_column(column),
        }
    }
}

/// A row of `actors.csv` (or an actor object of a JSON dataset).
pub(crate) struct RawActor<'a> {
    pub loc: RowLoc,
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
    pub loc: RowLoc,
    pub id: &'a str,
    pub title: &'a str,
    pub publisher: &'a str,
    pub published: &'a str,
    pub reference: &'a str,
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

/// A row of `ties.csv`.
pub(crate) struct RawTie<'a> {
    pub loc: RowLoc,
    pub id: &'a str,
    pub source: &'a str,
    pub target: &'a str,
    pub kind: &'a str,
    pub start: &'a str,
    pub end: &'a str,
    pub with: &'a str,
    pub weight: RawWeight<'a>,
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

fn opt(text: &str) -> Option<Box<str>> {
    (!text.is_empty()).then(|| text.into())
}

/// A hash map with a fast, fixed (so reproducible) hasher: the loader looks
/// up every tie's ids, and SipHash would be a large part of the load time.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// An actor id as a hash-map key: ids of up to 15 bytes (nearly all) are
/// held inline with their length; longer ones on the heap.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum IdKey {
    Short(u128),
    Long(Box<str>),
}

impl IdKey {
    fn new(id: &str) -> IdKey {
        let bytes = id.as_bytes();
        if bytes.len() < 16 {
            let mut packed = [0u8; 16];
            packed[..bytes.len()].copy_from_slice(bytes);
            packed[15] = bytes.len() as u8;
            IdKey::Short(u128::from_le_bytes(packed))
        } else {
            IdKey::Long(id.into())
        }
    }
}

/// Where a tie row is: a CSV line, or a JSON path (`ties[3]`).
#[derive(Debug, Clone)]
enum IdWhere {
    Line(u64),
    Path(Box<str>),
}

/// Which tie an id belongs to.
#[derive(Debug, Clone, Copy)]
enum SeenId {
    Tie(u32),
    Rejected(u32),
}

/// Collects rows, checks them, and builds a [`Dataset`] when all is well.
pub(crate) struct Builder {
    problems: Vec<Problem>,
    phases: BTreeMap<Box<str>, Vec<(Location, Phase)>>,
    sources: BTreeMap<Box<str>, (Location, Source)>,
    /// Built once the actors are known: ties refer to actors through it.
    actors: Option<ActorTable>,
    source_index: FastMap<Box<str>, u32>,
    ties: Vec<Tie>,
    /// (hash of the id, row number) of every tie row, for the duplicate
    /// check at the end: sorting these is far cheaper than a hash map of a
    /// million ids, whose every insert is a cache miss.
    id_hashes: Vec<(u64, u32)>,
    /// Per tie row: where it is and which tie it became.
    id_rows: Vec<(IdWhere, SeenId)>,
    /// Ids of ties that were rejected for other problems.
    rejected_ids: Vec<Box<str>>,
    /// The file tie rows come from.
    tie_file: Option<Arc<str>>,
    hasher: foldhash::fast::FixedState,
    scratch_sources: Vec<u32>,
    pub actor_columns: Vec<Box<str>>,
    pub tie_columns: Vec<Box<str>>,
    pub source_columns: Vec<Box<str>>,
}

/// Actors sorted by id, with the lookups ties need.
struct ActorTable {
    actors: Vec<Actor>,
    /// Actor ids, keyed inline (see [`IdKey`]) so that a lookup does not
    /// chase a pointer to compare strings: ties name two or three actors
    /// each, a million times over.
    by_id: FastMap<IdKey, ActorKey>,
    /// For ties that name an actor rather than give its id.
    by_name: crate::resolve::NameIndex,
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
            phases: BTreeMap::new(),
            sources: BTreeMap::new(),
            actors: None,
            source_index: FastMap::default(),
            ties: Vec::new(),
            id_hashes: Vec::new(),
            id_rows: Vec::new(),
            rejected_ids: Vec::new(),
            tie_file: None,
            hasher: foldhash::fast::FixedState::default(),
            scratch_sources: Vec::new(),
            actor_columns: Vec::new(),
            tie_columns: Vec::new(),
            source_columns: Vec::new(),
        }
    }

    /// Makes room for about `n` ties, so that a large file does not grow
    /// (and copy) the tie array many times.
    pub fn reserve_ties(&mut self, n: usize) {
        self.ties.reserve(n);
    }

    /// Records a problem found by a reader (syntax, encoding, header).
    /// Past [`MAX_PROBLEMS`](super::MAX_PROBLEMS) problems are dropped.
    pub fn problem(&mut self, problem: Problem) {
        if !self.is_full() {
            self.problems.push(problem);
        }
    }

    /// Whether [`MAX_PROBLEMS`](super::MAX_PROBLEMS) problems are recorded:
    /// readers then stop, so that a huge broken file cannot fill the memory
    /// with messages.
    pub fn is_full(&self) -> bool {
        self.problems.len() >= super::MAX_PROBLEMS
    }

    fn report(&mut self, loc: Location, kind: ProblemKind, message: impl Into<String>) {
        self.problem(Problem::new(loc, kind, message));
    }

    fn date(&mut self, loc: &RowLoc, column: &str, text: &str) -> Option<Option<Date>> {
        if text.is_empty() {
            return Some(None);
        }
        match Date::parse(text) {
            Ok(d) => Some(Some(d)),
            Err(e) => {
                self.report(loc.field(column), ProblemKind::BadDate, e.to_string());
                None
            }
        }
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
        let from = self.date(&raw.loc, "from", raw.from);
        let until = self.date(&raw.loc, "until", raw.until);
        if let (Some(Some(f)), Some(Some(u))) = (from, until) {
            if u.first_day() <= f.first_day() {
                self.report(
                    raw.loc.field("until"),
                    ProblemKind::EndBeforeStart,
                    format!("until {u} is not after from {f}"),
                );
            }
        }
        let aliases: Vec<Box<str>> = raw
            .aliases
            .iter()
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
                        extra: raw.extra,
                    },
                ));
            }
        }
    }

    /// Ends the actor and source rows: checks phases and builds the lookups
    /// that tie rows need. Call once, after every actor and source row.
    pub fn finish_actors(&mut self) {
        let mut actors = Vec::with_capacity(self.phases.len());
        for (id, mut phases) in std::mem::take(&mut self.phases) {
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
        let by_id = actors
            .iter()
            .enumerate()
            .map(|(i, a)| (IdKey::new(&a.id), ActorKey(i as u32)))
            .collect();
        let by_name = crate::resolve::name_index(&actors);
        for (i, id) in self.sources.keys().enumerate() {
            self.source_index.insert(id.clone(), i as u32);
        }
        let spans = actors.iter().map(span).collect();
        self.actors = Some(ActorTable {
            actors,
            by_id,
            by_name,
            spans,
        });
    }

    fn resolve(&mut self, loc: &RowLoc, column: &str, text: &str) -> Option<ActorKey> {
        let table = self.actors.as_ref()?;
        if let Some(&key) = table.by_id.get(&IdKey::new(text)) {
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
        match crate::resolve::by_name(&table.actors, &table.by_name, text) {
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

    pub fn tie(&mut self, raw: RawTie<'_>) {
        if self.actors.is_none() {
            self.finish_actors();
        }
        let before = self.problems.len();
        let loc = &raw.loc;
        let id: Box<str> = if raw.id.is_empty() {
            match loc.line {
                Some(line) => format!("#{line}").into(),
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
            raw.id.into()
        };
        let source = self.resolve(loc, "source", raw.source);
        let target = self.resolve(loc, "target", raw.target);
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
            self.resolve(loc, "with", raw.with)
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
        // A scratch list reused from row to row: no allocation per tie.
        let mut sources = std::mem::take(&mut self.scratch_sources);
        sources.clear();
        let mut unknown: Vec<&str> = Vec::new();
        raw.sources.for_each(|s| match self.source_index.get(s) {
            Some(&i) => sources.push(i),
            None => unknown.push(s),
        });
        let refs = crate::model::SourceRefs::new(&sources);
        self.scratch_sources = sources;
        for s in unknown {
            self.report(
                loc.field("sources"),
                ProblemKind::UnknownSource,
                format!("source {} is not in sources.csv", shown(s)),
            );
        }
        // Actor coverage is only meaningful once everything else is sound.
        if self.problems.len() == before {
            if let (Some(s), Some(t), Some(start)) = (source, target, start) {
                let end = end.flatten();
                let columns = [("source", Some(s)), ("target", Some(t)), ("with", with)];
                for (column, key) in columns {
                    let Some(key) = key else { continue };
                    let Some(table) = self.actors.as_ref() else {
                        continue;
                    };
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
            && source.is_some()
            && target.is_some()
            && kind.is_some()
            && start.is_some()
            && end.is_some();
        self.check_duplicate(&id, loc, accepted);
        if self.problems.len() > before {
            return;
        }
        let (Some(source), Some(target), Some(kind), Some(start), Some(end)) =
            (source, target, kind, start, end)
        else {
            return;
        };
        self.ties.push(Tie {
            id,
            source,
            target,
            with,
            kind,
            start,
            end,
            weight,
            sources: refs,
            note: opt(raw.note),
            extra: (!raw.extra.is_empty()).then(|| Box::new(raw.extra)),
        });
    }

    /// Notes a tie id for the duplicate check of [`Builder::report_duplicates`];
    /// `accepted` says whether this tie is about to be pushed.
    fn check_duplicate(&mut self, id: &str, loc: &RowLoc, accepted: bool) {
        let this = if accepted {
            SeenId::Tie(self.ties.len() as u32)
        } else {
            self.rejected_ids.push(id.into());
            SeenId::Rejected(self.rejected_ids.len() as u32 - 1)
        };
        if self.tie_file.is_none() {
            self.tie_file = Some(loc.file.clone());
        }
        let at = match (&loc.path, loc.line) {
            (Some(path), _) => IdWhere::Path(path.as_str().into()),
            (None, line) => IdWhere::Line(line.unwrap_or(0)),
        };
        let row = self.id_rows.len() as u32;
        self.id_hashes.push((self.hasher.hash_one(id), row));
        self.id_rows.push((at, this));
    }

    /// Reports every tie id used more than once, at each later use, naming
    /// the line of the first. Sorts the ids' hashes; only ids with equal
    /// hashes are compared as text.
    fn report_duplicates(&mut self) {
        let mut hashes = std::mem::take(&mut self.id_hashes);
        hashes.sort_unstable();
        let rows = std::mem::take(&mut self.id_rows);
        let Some(file) = self.tie_file.clone() else {
            return;
        };
        let mut found: Vec<(u32, u32)> = Vec::new();
        let mut run = 0;
        while run < hashes.len() {
            let mut end = run + 1;
            while end < hashes.len() && hashes[end].0 == hashes[run].0 {
                end += 1;
            }
            // Within a run of equal hashes (rows in file order), each row's
            // first earlier row with the same id text.
            for i in run + 1..end {
                let id = self.id_text(rows[hashes[i].1 as usize].1);
                if let Some(first) =
                    (run..i).find(|&j| self.id_text(rows[hashes[j].1 as usize].1) == id)
                {
                    found.push((hashes[i].1, hashes[first].1));
                }
            }
            run = end;
        }
        found.sort_unstable();
        for (later, first) in found {
            let (at, seen) = &rows[later as usize];
            let first_line = match rows[first as usize].0 {
                IdWhere::Line(line) if line > 0 => format!(" (first on line {line})"),
                _ => String::new(),
            };
            let loc = match at {
                IdWhere::Line(line) => RowLoc {
                    file: file.clone(),
                    line: Some(*line),
                    path: None,
                },
                IdWhere::Path(path) => RowLoc {
                    file: file.clone(),
                    line: None,
                    path: Some(path.to_string()),
                },
            };
            let message = format!(
                "tie id {} is used twice{first_line}",
                shown(self.id_text(*seen))
            );
            self.report(loc.field("id"), ProblemKind::DuplicateId, message);
        }
    }

    fn id_text(&self, seen: SeenId) -> &str {
        match seen {
            SeenId::Tie(i) => &self.ties[i as usize].id,
            SeenId::Rejected(i) => &self.rejected_ids[i as usize],
        }
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

    /// Finishes loading: the dataset, or every problem found (sorted by file
    /// order, then line).
    pub fn finish(mut self) -> Result<Dataset, Problems> {
        if self.actors.is_none() {
            self.finish_actors();
        }
        self.report_duplicates();
        let mut problems = std::mem::take(&mut self.problems);
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
        // Free the loading lookups before the dataset builds its indexes.
        self.rejected_ids = Vec::new();
        let mut ties = std::mem::take(&mut self.ties);
        ties.shrink_to_fit();
        let (actors, names) = match self.actors.take() {
            Some(t) => (t.actors, t.by_name),
            None => (Vec::new(), crate::resolve::NameIndex::default()),
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
            [self.actor_columns, self.tie_columns, self.source_columns],
        ))
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
