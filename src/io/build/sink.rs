//! A tie file's rows (or one part's): checked one by one against the
//! [`Lookup`], the ties kept in arrays (or blocks) with what the end of the
//! load needs (id hashes, lines, lists of sources).

use std::hash::BuildHasher;
use std::sync::Arc;

use compact_str::CompactString;

use super::lookup::{FastMap, Lookup};
use super::merge::{id_entry, row_place};
use super::row::{Place, RawTie, RowLoc, RowPath, SourceList};
use super::rules::{self, cited_twice, not_in_force_message, opt, parse_date};
use super::Sink;
use crate::error::{Problem, ProblemKind};
use crate::escape::terminal::shown;
use crate::model::order::TieOrder;
use crate::model::{ActorKey, Confidence, Tie, TieKind, TieParts};
use crate::time::Date;

/// The tie rows of a file, or of one part of it: the ties accepted, the
/// problems found, and what the duplicate-id check at the end needs.
pub(crate) struct TieSink {
    pub(super) problems: Vec<Problem>,
    /// How many problems this sink may record (what the whole load may
    /// still record when it starts).
    pub(super) budget: usize,
    pub(super) ties: Vec<Tie>,
    /// Full blocks of ties, earlier than `ties`, when the sink keeps them
    /// in blocks (see [`TieSink::in_blocks`]).
    pub(super) blocks: Vec<Vec<Tie>>,
    /// The size of a block, or 0 when the ties are kept in one array.
    pub(super) block: usize,
    /// The id of every tie row hashed, with the row number (see
    /// [`id_entry`]), for the duplicate check at the end: sorting these is
    /// far cheaper than a hash map of a million ids, whose every insert is
    /// a cache miss.
    pub(super) id_hashes: Vec<u64>,
    /// Per row of a CSV file: its line.
    pub(super) lines: Vec<u32>,
    /// Per row of a JSON document or of a [`crate::DatasetBuilder`]: where
    /// it is (its file, its path `ties[3]`, perhaps a line).
    pub(super) paths: Vec<Place>,
    /// The rows whose tie was rejected for other problems, with their ids.
    pub(super) rejected: Vec<(u32, Box<str>)>,
    /// The lists of sources cited so far, each numbered once: ties hold
    /// that number. Renumbered in a canonical order when sinks are merged.
    pub(super) sets: FastMap<Box<[u32]>, u32>,
    pub(super) set_list: Vec<Box<[u32]>>,
    /// `sources` texts of CSV rows already resolved to a list (most rows
    /// repeat a few): one lookup instead of splitting and looking up each.
    pub(super) texts: FastMap<Box<str>, u32>,
    /// The file the rows come from.
    pub(super) file: Option<Arc<str>>,
    pub(super) hasher: foldhash::fast::FixedState,
    pub(super) scratch: Vec<u32>,
    /// Set by [`TieSink::prepare`]: the sort keys of the ties (and the
    /// id hashes are sorted).
    pub(super) order: Option<TieOrder>,
    /// Rows whose id was made from their line (`#41`), for
    /// [`TieSink::shift_lines`].
    pub(super) generated: Vec<u32>,
    /// Whether ties outside their actors' phases are clipped (rule R6)
    /// rather than reported.
    pub(super) clip: bool,
    /// What clipping did, in row order.
    pub(super) clipping: crate::model::Clipping,
}

impl TieSink {
    pub(super) fn new(budget: usize) -> TieSink {
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
            clip: false,
            clipping: crate::model::Clipping::default(),
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
        let warnings = self.clipping.warnings.iter_mut();
        warnings.for_each(|p| p.shift_line(lines));
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
    pub(super) fn tie_mut(&mut self, index: usize) -> &mut Tie {
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

    /// Checks a tie row: the tie is kept if nothing is wrong with it.
    pub fn tie(&mut self, lookup: &Lookup, raw: RawTie<'_>) {
        let before = self.problems.len();
        let Some(id) = self.tie_id(&raw) else {
            return;
        };
        let mut fields = self.fields(lookup, &raw);
        let (cached, sources) = self.citations(lookup, &raw);
        // Actor coverage is only meaningful once everything else is sound.
        if self.problems.len() == before {
            if !self.clip {
                self.coverage(lookup, raw.loc, &fields);
            } else if !self.clip_to_phases(lookup, raw.loc, &mut fields) {
                // Dropped: no part of the tie is inside its actors' phases.
                self.note_id(&id, raw.loc, false);
                self.scratch = sources;
                return;
            }
        }
        let complete = fields.complete().filter(|_| self.problems.len() == before);
        self.note_id(&id, raw.loc, complete.is_some());
        match complete {
            Some(tie) => self.push(id, tie, cached, sources, raw),
            None => self.scratch = sources,
        }
    }

    /// The row's id, or the one made from its line; `None` (and a
    /// problem) for a row without an id or a line.
    #[inline]
    fn tie_id(&mut self, raw: &RawTie<'_>) -> Option<CompactString> {
        if !raw.id.is_empty() {
            let [first, second] = rules::tie_id(raw.loc, raw.id);
            self.problems_of(first, second);
            return Some(CompactString::new(raw.id));
        }
        match raw.loc.line {
            Some(line) => {
                self.generated
                    .push((self.lines.len() + self.paths.len()) as u32);
                Some(compact_str::format_compact!("#{line}"))
            }
            None => {
                self.report(
                    raw.loc.field("id"),
                    ProblemKind::MissingValue,
                    "a tie needs an id",
                );
                None
            }
        }
    }

    /// Records the problems a rule found (most rows have none: two `None`s,
    /// with nothing to drop).
    #[inline(always)]
    fn problems_of(&mut self, first: Option<Problem>, second: Option<Problem>) {
        if let Some(p) = first {
            self.problem(p);
        }
        if let Some(p) = second {
            self.problem(p);
        }
    }

    /// Records the problem of a rule's result; its value otherwise.
    fn check<T>(&mut self, result: Result<T, Problem>) -> Option<T> {
        result.map_err(|p| self.problem(p)).ok()
    }

    /// Every field but the id and the sources, each checked on its own,
    /// then together (dates in order, `with` for mediations, three actors).
    #[inline]
    fn fields(&mut self, lookup: &Lookup, raw: &RawTie<'_>) -> Fields {
        let loc = raw.loc;
        let source = self.resolve(lookup, loc, "source", raw.source);
        let target = self.resolve(lookup, loc, "target", raw.target);
        let kind = self.check(rules::tie_kind(loc, raw.kind));
        let start = self.check(rules::start(loc, raw.start));
        let end = self.check(parse_date(loc, "end", raw.end));
        if let (Some(s), Some(Some(e))) = (start, end) {
            self.check(rules::end_after_start(loc, s, e));
        }
        self.check(rules::with_fits_kind(loc, raw.kind, kind, raw.with));
        let with = match raw.with {
            "" => None,
            text => self.resolve(lookup, loc, "with", text),
        };
        if let (Some(s), Some(t)) = (source, target) {
            let [first, second] = rules::distinct(loc, s, t, with);
            self.problems_of(first, second);
        }
        Fields {
            source,
            target,
            with,
            kind,
            start,
            end,
            weight: self.check(rules::weight(loc, &raw.weight)),
            confidence: self.check(rules::confidence(loc, raw.confidence)),
            directed: self.check(rules::directed(loc, raw.directed)),
        }
    }

    /// An actor named by a tie: by id (nearly always), else by name.
    #[inline]
    fn resolve(
        &mut self,
        lookup: &Lookup,
        loc: &RowLoc,
        column: &str,
        text: &str,
    ) -> Option<ActorKey> {
        let result = lookup.resolve(text).map_err(|e| {
            let kind = match e.as_ref().map(crate::Error::kind) {
                None => ProblemKind::MissingValue,
                Some(crate::ErrorKind::AmbiguousActor { .. }) => ProblemKind::AmbiguousActor,
                Some(_) => ProblemKind::UnknownActor,
            };
            let message = match e {
                None => format!("{column} needs an actor id"),
                Some(e) => e.to_string(),
            };
            Problem::new(loc.field(column), kind, message)
        });
        self.check(result)
    }

    /// The row's sources as numbers into the lookup's sources, in the
    /// sink's scratch list (returned; hand it back to `self.scratch`), and
    /// the number of their list when the same `sources` text came before.
    fn citations(&mut self, lookup: &Lookup, raw: &RawTie<'_>) -> (Option<u32>, Vec<u32>) {
        let loc = raw.loc;
        // The same `sources` text as an earlier row: the same list.
        let cached = match raw.sources {
            SourceList::Text(text) => self.texts.get(text).copied(),
            SourceList::List(_) => None,
        };
        // A scratch list reused from row to row: no allocation per tie.
        let mut sources = std::mem::take(&mut self.scratch);
        sources.clear();
        if cached.is_some() {
            return (cached, sources);
        }
        let mut unknown: Vec<&str> = Vec::new();
        let mut cited = 0usize;
        raw.sources.for_each(|s| {
            cited += 1;
            if cited > crate::io::MAX_CITATIONS {
                return;
            }
            match lookup.sources.get(s) {
                Some(&i) => sources.push(i),
                None => unknown.push(s),
            }
        });
        self.check(rules::citation_count(loc, cited));
        if cited <= crate::io::MAX_CITATIONS {
            if let Some(twice) = cited_twice(&sources) {
                let id = lookup.source_id(twice).unwrap_or("?");
                self.report(
                    loc.field("sources"),
                    ProblemKind::DuplicateId,
                    format!("{} is cited twice", shown(id)),
                );
            }
        }
        for s in unknown {
            self.problem(rules::unknown_source(loc, s, lookup.missing_sources));
        }
        (cached, sources)
    }

    /// Whether the tie's actors are in force for all of it.
    #[inline]
    fn coverage(&mut self, lookup: &Lookup, loc: &RowLoc, fields: &Fields) {
        let (Some(s), Some(t), Some(start)) = (fields.source, fields.target, fields.start) else {
            return;
        };
        let end = fields.end.flatten();
        let columns = [
            ("source", Some(s)),
            ("target", Some(t)),
            ("with", fields.with),
        ];
        for (column, key) in columns {
            let Some(key) = key else { continue };
            if !lookup.covers(key, start, end) {
                let actor = &lookup.actors.actors[key.index()];
                let message = not_in_force_message(actor, start, end);
                self.report(loc.field(column), ProblemKind::ActorNotInForce, message);
            }
        }
    }

    /// With [`PhaseRule::Clip`](crate::PhaseRule::Clip): a tie that is in
    /// force while one of its actors is not is cut to the longest stretch
    /// of days on which all its actors are in force (the earliest of
    /// equally long ones), with a warning; `false` (and a warning) when
    /// there is no such day: the tie is dropped.
    fn clip_to_phases(&mut self, lookup: &Lookup, loc: &RowLoc, fields: &mut Fields) -> bool {
        let (Some(s), Some(t), Some(start)) = (fields.source, fields.target, fields.start) else {
            return true;
        };
        let end = fields.end.flatten();
        let keys = [
            ("source", Some(s)),
            ("target", Some(t)),
            ("with", fields.with),
        ];
        let Some((column, outside)) = keys
            .iter()
            .find_map(|&(c, k)| k.filter(|&k| !lookup.covers(k, start, end)).map(|k| (c, k)))
        else {
            return true;
        };
        let actors = &lookup.actors.actors;
        let mut runs = vec![(start.first_day(), end.map_or(i32::MAX, Date::first_day))];
        for key in keys.iter().filter_map(|&(_, k)| k) {
            runs = rules::intersect(&runs, &rules::in_force(&actors[key.index()]));
        }
        let best = runs
            .into_iter()
            .filter(|(a, b)| a < b)
            .max_by_key(|&(a, b)| (i64::from(b) - i64::from(a), std::cmp::Reverse(a)));
        let why = not_in_force_message(&actors[outside.index()], start, end);
        let cut = best.and_then(|(a, b)| {
            let from = if a == start.first_day() {
                start
            } else {
                Date::from_day_number(a)?
            };
            let until = match (b, end) {
                (i32::MAX, _) => None,
                (b, Some(e)) if b == e.first_day() => Some(e),
                (b, _) => Some(Date::from_day_number(b)?),
            };
            Some((from, until))
        });
        let Some((from, until)) = cut else {
            self.clipping.dropped += 1;
            self.warn(loc, column, format!("dropped: {why}"));
            return false;
        };
        self.clipping.clipped += 1;
        let span = match until {
            Some(u) => format!("{from}..{u}"),
            None => format!("{from}.."),
        };
        self.warn(loc, column, format!("clipped to {span}: {why}"));
        fields.start = Some(from);
        fields.end = Some(until);
        true
    }

    /// Records a warning of clipping (the first
    /// [`MAX_PROBLEMS`](crate::io::MAX_PROBLEMS); the counts go on).
    fn warn(&mut self, loc: &RowLoc, column: &str, message: String) {
        if self.clipping.warnings.len() < crate::io::MAX_PROBLEMS {
            let w = Problem::new(loc.field(column), ProblemKind::ActorNotInForce, message);
            self.clipping.warnings.push(w);
        }
    }

    /// Keeps an accepted tie: its list of sources numbered (once per
    /// distinct list), the tie appended (to a new block when the last is full).
    fn push(
        &mut self,
        id: CompactString,
        tie: Complete,
        cached: Option<u32>,
        sources: Vec<u32>,
        raw: RawTie<'_>,
    ) {
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
            source: tie.source,
            target: tie.target,
            with: tie.with,
            kind: tie.kind,
            start: tie.start,
            end: tie.end,
            weight: tie.weight,
            confidence: tie.confidence,
            directed: tie.directed,
            sources: set,
            note: opt(raw.note),
            extra: (!raw.extra.is_empty()).then(|| Box::new(raw.extra)),
        }));
    }

    /// Notes a tie id for the duplicate check of [`Merged::report_duplicates`];
    /// `accepted` says whether this tie is about to be pushed.
    pub(super) fn note_id(&mut self, id: &str, loc: &RowLoc, accepted: bool) {
        let row = (self.lines.len() + self.paths.len()) as u32;
        if !accepted {
            self.rejected.push((row, id.into()));
        }
        if self.file.is_none() {
            self.file = Some(loc.file.clone());
        }
        let same_file = self.file.as_ref() == Some(&loc.file);
        match &loc.path {
            RowPath::None => self
                .lines
                .push(u32::try_from(loc.line.unwrap_or(0)).unwrap_or(u32::MAX)),
            &RowPath::Index("ties", i) if same_file && loc.line.is_none() => {
                match u32::try_from(i) {
                    Ok(i) => self.paths.push(Place::Tie(i)),
                    Err(_) => self.paths.push(Place::Full(Box::new(loc.clone()))),
                }
            }
            _ => self.paths.push(Place::Full(Box::new(loc.clone()))),
        }
        self.id_hashes.push(id_entry(self.hasher.hash_one(id), row));
    }
}

/// A tie row's fields as checked: `None` where a field has a problem
/// (`end: Some(None)` is a tie without an end).
struct Fields {
    source: Option<ActorKey>,
    target: Option<ActorKey>,
    with: Option<ActorKey>,
    kind: Option<TieKind>,
    start: Option<Date>,
    end: Option<Option<Date>>,
    weight: Option<Option<f64>>,
    confidence: Option<Confidence>,
    directed: Option<Option<bool>>,
}

/// A tie row whose every field is sound.
struct Complete {
    source: ActorKey,
    target: ActorKey,
    with: Option<ActorKey>,
    kind: TieKind,
    start: Date,
    end: Option<Date>,
    weight: Option<f64>,
    confidence: Confidence,
    directed: Option<bool>,
}

impl Fields {
    fn complete(&self) -> Option<Complete> {
        Some(Complete {
            source: self.source?,
            target: self.target?,
            with: self.with,
            kind: self.kind?,
            start: self.start?,
            end: self.end?,
            weight: self.weight?,
            confidence: self.confidence?,
            directed: self.directed?,
        })
    }
}
