use std::borrow::Cow;

use super::{Actor, ActorKey, Confidence, Source, Tie, TieKey};
use crate::error::Result;
use crate::snapshot::{Snapshot, Sweep};
use crate::time::Selector;

/// A validated temporal network: actors (sorted by id), ties (sorted by
/// start, then id) and sources (sorted by id), with a temporal index.
///
/// Build one with [`Dataset::load_dir`], [`Dataset::from_csv`],
/// [`Dataset::from_json_str`] or [`crate::default_dataset`]. A `Dataset` is
/// immutable; snapshots and diffs are cheap views over it.
///
/// # Example
///
/// ```
/// use tiegraph::Dataset;
///
/// let actors = "id,name,kind\nPAK,Pakistan,state\nIND,India,state\n";
/// let ties = "id,source,target,kind,start,end\nt1,IND,PAK,hostility,1947,\n";
/// let data = Dataset::from_csv(actors.as_bytes(), ties.as_bytes(), None::<&[u8]>)?;
/// let pak = data.resolve("pakistan")?;
/// assert_eq!(data.actor(pak).id(), "PAK");
/// assert_eq!(data.snapshot(&"2026".parse()?).ties().count(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Dataset {
    actors: Vec<Actor>,
    ties: Vec<Tie>,
    sources: Vec<Source>,
    /// The distinct lists of sources ties cite (indices into `sources`),
    /// sorted; a tie holds an index into these.
    source_sets: Vec<Box<[u32]>>,
    /// The `x_` columns of actors.csv, ties.csv and sources.csv, in file order.
    columns: [Vec<Box<str>>; 3],
    /// Lower-cased ids, names and aliases → actors: built on the first
    /// lookup by name (a load need not pay for it).
    names: std::sync::OnceLock<crate::resolve::NameIndex>,
    /// `ties[i].start` as a day number: the start index (ties are sorted by it).
    starts: Vec<i32>,
    /// Tie indices sorted by end day (open-ended ties last): the end index.
    by_end: Vec<u32>,
    /// The end day of each entry of `by_end` (`i32::MAX` when open-ended).
    end_days: Vec<i32>,
    /// What loading with [`PhaseRule::Clip`](crate::PhaseRule::Clip) changed.
    clipping: Clipping,
}

/// What loading with [`PhaseRule::Clip`](crate::PhaseRule::Clip) did to
/// ties that were in force while one of their actors was not (rule R6 of
/// `docs/format.md`): how many were cut to the part inside their actors'
/// phases, how many had no such part and were dropped, and a warning for
/// each, naming its file, line and column (the first
/// [`MAX_PROBLEMS`](crate::MAX_PROBLEMS) of them).
///
/// ```
/// use tiegraph::{Dataset, LoadOptions, PhaseRule};
///
/// let actors = "id,name,kind,from,until\nA,Alpha,state,1900,1950\nB,Beta,state,,\n";
/// let ties = "id,source,target,kind,start,end\n\
///             t1,A,B,hostility,1940,1960\n\
///             t2,A,B,tension,1970,\n\
///             t3,A,B,alliance,1920,1930\n";
/// let strict = Dataset::from_csv(actors.as_bytes(), ties.as_bytes(), None::<&[u8]>);
/// assert!(strict.is_err());
///
/// let options = LoadOptions::new().phases(PhaseRule::Clip);
/// let data = Dataset::from_csv_with(actors.as_bytes(), ties.as_bytes(), None::<&[u8]>, &options)?;
/// assert_eq!(data.ties().len(), 2);
/// assert_eq!((data.clipping().clipped, data.clipping().dropped), (1, 1));
/// assert_eq!(data.ties()[1].end().map(|d| d.to_string()), Some("1950-01-01".into()));
/// assert!(data.warnings()[0].to_string().starts_with("ties.csv:2: column source: clipped to 1940..1950-01-01"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Clipping {
    /// Ties cut to the part inside their actors' phases.
    pub clipped: usize,
    /// Ties dropped: no part of them was inside their actors' phases.
    pub dropped: usize,
    /// One warning per clipped or dropped tie, in file order.
    pub warnings: Vec<crate::Problem>,
}

impl PartialEq for Dataset {
    /// Datasets are equal when their actors, ties, sources and custom columns
    /// are (the indexes derive from those).
    fn eq(&self, other: &Dataset) -> bool {
        self.actors == other.actors
            && self.ties == other.ties
            && self.sources == other.sources
            && self.source_sets == other.source_sets
            && self.columns == other.columns
    }
}

impl Dataset {
    /// Assembles a dataset from validated parts: sorts the ties and builds the
    /// indexes. `actors` and `sources` must already be sorted by id; `order`
    /// is the ties' sort keys, when the loader computed them.
    pub(crate) fn from_parts(
        actors: Vec<Actor>,
        names: std::sync::OnceLock<crate::resolve::NameIndex>,
        mut ties: Vec<Tie>,
        sources: Vec<Source>,
        source_sets: Vec<Box<[u32]>>,
        columns: [Vec<Box<str>>; 3],
        order: Option<super::order::TieOrder>,
    ) -> Dataset {
        let order = order
            .filter(|o| o.len() == ties.len())
            .unwrap_or_else(|| super::order::TieOrder::of(ties.iter()));
        let super::order::Sorted {
            starts,
            by_end,
            end_days,
        } = super::order::sort(&mut ties, order);
        Dataset {
            actors,
            ties,
            sources,
            source_sets,
            columns,
            names,
            starts,
            by_end,
            end_days,
            clipping: Clipping::default(),
        }
    }

    /// Records what clipping changed (see [`Clipping`]).
    pub(crate) fn set_clipping(&mut self, clipping: Clipping) {
        self.clipping = clipping;
    }

    /// What loading with [`PhaseRule::Clip`](crate::PhaseRule::Clip)
    /// changed: nothing for a dataset loaded otherwise.
    pub fn clipping(&self) -> &Clipping {
        &self.clipping
    }

    /// The warnings of the load: each tie clipped or dropped by
    /// [`PhaseRule::Clip`](crate::PhaseRule::Clip), with its file and line.
    pub fn warnings(&self) -> &[crate::Problem] {
        &self.clipping.warnings
    }

    /// The dataset without the ties below `min` confidence (rule R5's
    /// `--min-confidence`): the same actors and sources, and the ties whose
    /// [`Tie::confidence`](super::Tie::confidence) is at least `min`, in the
    /// same order. Borrowed when no tie is below `min` (always for
    /// [`Confidence::Alleged`]).
    ///
    /// Every analysis (snapshots, diffs, timelines, balance, camps,
    /// centrality, reports, exports) of the result ignores the weaker ties.
    ///
    /// # Example
    ///
    /// ```
    /// use tiegraph::{Confidence, Dataset};
    ///
    /// let actors = "id,name,kind\nA,Alpha,state\nB,Beta,state\n";
    /// let ties = "id,source,target,kind,start,confidence\n\
    ///     t1,A,B,hostility,2020,alleged\nt2,A,B,tension,2021,\n";
    /// let data = Dataset::from_csv(actors.as_bytes(), ties.as_bytes(), None::<&[u8]>)?;
    /// let reported = data.with_min_confidence(Confidence::Reported);
    /// assert_eq!(reported.ties().len(), 1);
    /// assert_eq!(reported.ties()[0].id(), "t2");
    /// assert_eq!(data.with_min_confidence(Confidence::Alleged).ties().len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_min_confidence(&self, min: Confidence) -> Cow<'_, Dataset> {
        if self.ties.iter().all(|t| t.confidence() >= min) {
            return Cow::Borrowed(self);
        }
        let ties: Vec<Tie> = self
            .ties
            .iter()
            .filter(|t| t.confidence() >= min)
            .cloned()
            .collect();
        // The names index is rebuilt on first use; the ties are already in
        // order, so sorting them again is one pass.
        Cow::Owned(Dataset::from_parts(
            self.actors.clone(),
            std::sync::OnceLock::new(),
            ties,
            self.sources.clone(),
            self.source_sets.clone(),
            self.columns.clone(),
            None,
        ))
    }

    /// Whether some tie's confidence is not the default `reported` (rule
    /// R5): outputs then show each tie's confidence in their tables and
    /// save the `confidence` column; a dataset without one looks as it did
    /// before R5.
    pub fn gives_confidence(&self) -> bool {
        self.ties
            .iter()
            .any(|t| t.confidence() != Confidence::Reported)
    }

    /// Whether some tie's direction is not its kind's own (a `directed`
    /// value that differs from the default): outputs then save the
    /// `directed` column; a dataset without one is saved as it was read.
    pub fn gives_direction(&self) -> bool {
        self.ties.iter().any(|t| t.directed_given().is_some())
    }

    /// All actors, sorted by id.
    pub fn actors(&self) -> &[Actor] {
        &self.actors
    }

    /// All ties, sorted by (start, id).
    pub fn ties(&self) -> &[Tie] {
        &self.ties
    }

    /// All sources, sorted by id.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// The actor behind a key.
    ///
    /// # Panics
    ///
    /// When the key comes from another, larger dataset.
    pub fn actor(&self, key: ActorKey) -> &Actor {
        &self.actors[key.index()]
    }

    /// The tie behind a key.
    ///
    /// # Panics
    ///
    /// When the key comes from another, larger dataset.
    pub fn tie(&self, key: TieKey) -> &Tie {
        &self.ties[key.index()]
    }

    /// The id of the actor behind a key.
    pub fn actor_id(&self, key: ActorKey) -> &str {
        self.actor(key).id()
    }

    /// The sources a tie cites, in the order it cites them.
    ///
    /// # Panics
    ///
    /// When the tie comes from another dataset with more sources.
    pub fn tie_sources<'a>(
        &'a self,
        tie: &'a Tie,
    ) -> impl ExactSizeIterator<Item = &'a Source> + 'a {
        self.source_refs(tie)
            .iter()
            .map(|&i| &self.sources[i as usize])
    }

    /// The indices into [`Dataset::sources`] of the sources a tie cites
    /// (none for a tie of another dataset that cites more lists than this
    /// one has).
    pub(crate) fn source_refs(&self, tie: &Tie) -> &[u32] {
        self.source_sets
            .get(tie.sources as usize)
            .map_or(&[], |s| s)
    }

    /// The actor with exactly this id.
    pub fn actor_by_id(&self, id: &str) -> Option<ActorKey> {
        self.actors
            .binary_search_by(|a| (*a.id).cmp(id))
            .ok()
            .map(|i| ActorKey(i as u32))
    }

    /// The names of the custom `x_` columns of actors.csv, ties.csv and
    /// sources.csv, in file order.
    pub fn extra_columns(&self) -> [&[Box<str>]; 3] {
        [&self.columns[0], &self.columns[1], &self.columns[2]]
    }

    /// Finds an actor by id, or by a name or alias of any of its phases,
    /// ignoring case.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UnknownActor`](crate::ErrorKind::UnknownActor) with the closest ids as suggestions, or
    /// [`ErrorKind::AmbiguousActor`](crate::ErrorKind::AmbiguousActor) when a name belongs to several actors.
    ///
    /// # Example
    ///
    /// ```
    /// let data = tiegraph::default_dataset();
    /// let ttp = data.resolve("pakistani taliban")?;
    /// assert_eq!(data.actor_id(ttp), "TTP");
    /// let err = data.resolve("Pakistn").unwrap_err();
    /// assert!(err.to_string().contains("did you mean PAK"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn resolve(&self, query: &str) -> Result<ActorKey> {
        if let Some(key) = self.actor_by_id(query) {
            return Ok(key);
        }
        let names = self
            .names
            .get_or_init(|| crate::resolve::name_index(&self.actors));
        crate::resolve::by_name(&self.actors, names, query)
    }

    /// The ties in force on at least one day of `selector`, in dataset order.
    ///
    /// Uses the start index and the end index, and walks whichever of "ties
    /// that started before the selector ends" and "ties that end after it
    /// starts" is shorter, so ties that cannot be in force are mostly not
    /// looked at.
    ///
    /// # Complexity
    ///
    /// O(log n + k), k the shorter candidate list (plus a sort of the result
    /// when the end index is walked).
    pub fn ties_in_force(&self, selector: &Selector) -> Vec<TieKey> {
        let started = self.starts.partition_point(|&s| s < selector.end());
        let ended = self.end_days.partition_point(|&e| e <= selector.start());
        let not_ended = self.by_end.len() - ended;
        if started <= not_ended {
            (0..started)
                .filter(|&i| self.ties[i].is_in_force(selector))
                .map(|i| TieKey(i as u32))
                .collect()
        } else {
            let mut keys: Vec<TieKey> = self.by_end[ended..]
                .iter()
                .filter(|&&i| self.starts[i as usize] < selector.end())
                .map(|&i| TieKey(i))
                .collect();
            keys.sort_unstable();
            keys
        }
    }

    /// The actors in force on at least one day of `selector`, by id.
    pub fn actors_in_force(&self, selector: &Selector) -> Vec<ActorKey> {
        (0..self.actors.len())
            .filter(|&i| self.actors[i].phase_at(selector).is_some())
            .map(|i| ActorKey(i as u32))
            .collect()
    }

    /// The network as it was during `selector`: the actors and ties in force.
    ///
    /// # Example
    ///
    /// ```
    /// let data = tiegraph::default_dataset();
    /// let snap = data.snapshot(&"2026-03-01".parse()?);
    /// assert!(snap.ties().any(|t| t.kind() == tiegraph::TieKind::Hostility));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn snapshot(&self, selector: &Selector) -> Snapshot<'_> {
        Snapshot::new(
            self,
            *selector,
            self.actors_in_force(selector),
            self.ties_in_force(selector),
        )
    }

    /// Snapshots for a series of selectors, computed incrementally.
    ///
    /// When the selectors move forward in time (each starts and ends no
    /// earlier than the one before, as timeline steps do), each snapshot is
    /// derived from the previous one by the ties that started and ended in
    /// between, not rebuilt. Selectors out of order are still answered
    /// correctly, by starting over.
    pub fn sweep<I>(&self, selectors: I) -> Sweep<'_, I::IntoIter>
    where
        I: IntoIterator<Item = Selector>,
    {
        Sweep::new(self, selectors.into_iter())
    }

    /// The tie indices sorted by start (all of them) with their start days,
    /// and sorted by end with their end days, for the sweep.
    pub(crate) fn index(&self) -> (&[i32], &[u32], &[i32]) {
        (&self.starts, &self.by_end, &self.end_days)
    }
}
