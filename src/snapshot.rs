//! A dataset at a selector: the actors and ties in force, as a view.

use fixedbitset::FixedBitSet;
use petgraph::graph::{DiGraph, NodeIndex};
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::model::{Actor, ActorKey, ActorKind, Confidence, Dataset, Phase, Tie, TieKey};
use crate::pairs::Pairs;
use crate::time::Selector;

/// An actor as a snapshot shows it: with the phase in force.
#[derive(Debug, Clone, Copy)]
pub struct ActorView<'d> {
    key: ActorKey,
    actor: &'d Actor,
    phase: &'d Phase,
}

impl<'d> ActorView<'d> {
    /// The handle of the actor in its dataset.
    pub fn key(&self) -> ActorKey {
        self.key
    }

    /// The stable id.
    pub fn id(&self) -> &'d str {
        self.actor.id()
    }

    /// The name in force.
    pub fn name(&self) -> &'d str {
        self.phase.name()
    }

    /// The kind in force.
    pub fn kind(&self) -> ActorKind {
        self.phase.kind()
    }

    /// The whole actor, all phases.
    pub fn actor(&self) -> &'d Actor {
        self.actor
    }

    /// The phase in force (the latest one during the selector).
    pub fn phase(&self) -> &'d Phase {
        self.phase
    }
}

/// The graph of a snapshot for petgraph's algorithms: a directed multigraph
/// whose nodes are the actors in force (in id order: node `i` is the `i`-th
/// actor of [`Snapshot::actors`]) and whose edges are the ties in force, from
/// source to target, plus one edge from the mediator to `with` for a
/// mediation.
pub type SnapshotGraph<'d> = DiGraph<ActorView<'d>, &'d Tie>;

/// The actors and ties of a [`Dataset`] in force during a [`Selector`].
///
/// A snapshot borrows the dataset and holds only keys, so it is cheap to make.
///
/// # Example
///
/// ```
/// use tiegraph::{default_dataset, TieKind};
///
/// let data = default_dataset();
/// let snap = data.snapshot(&"2021-01".parse()?);
/// let tal = data.resolve("TAL")?;
/// // The Taliban were still an insurgent group in January 2021.
/// let view = snap.actor(tal).expect("TAL in force");
/// assert_eq!(view.kind(), tiegraph::ActorKind::Group);
///
/// // Feed the snapshot to petgraph.
/// let graph = snap.graph();
/// assert_eq!(graph.node_count(), snap.actors().count());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Snapshot<'d> {
    dataset: &'d Dataset,
    selector: Selector,
    actors: Vec<ActorView<'d>>,
    ties: Vec<TieKey>,
}

impl<'d> Snapshot<'d> {
    pub(crate) fn new(
        dataset: &'d Dataset,
        selector: Selector,
        actors: Vec<ActorKey>,
        ties: Vec<TieKey>,
    ) -> Snapshot<'d> {
        let actors = actors
            .into_iter()
            .filter_map(|key| {
                let actor = dataset.actors().get(key.index())?;
                let phase = actor.phase_at(&selector)?;
                Some(ActorView { key, actor, phase })
            })
            .collect();
        Snapshot {
            dataset,
            selector,
            actors,
            ties,
        }
    }

    /// The dataset this is a view of.
    pub fn dataset(&self) -> &'d Dataset {
        self.dataset
    }

    /// The selector it was taken at.
    pub fn selector(&self) -> Selector {
        self.selector
    }

    /// The actors in force, sorted by id.
    pub fn actors(&self) -> impl ExactSizeIterator<Item = ActorView<'d>> + '_ {
        self.actors.iter().copied()
    }

    /// One actor as this snapshot shows it, or `None` when not in force.
    pub fn actor(&self, key: ActorKey) -> Option<ActorView<'d>> {
        self.node(key).map(|n| self.actors[n.index()])
    }

    /// The ties in force, sorted by (start, id).
    pub fn ties(&self) -> impl ExactSizeIterator<Item = &'d Tie> + '_ {
        let dataset = self.dataset;
        self.ties.iter().map(move |&k| dataset.tie(k))
    }

    /// The keys of the ties in force, sorted by (start, id).
    pub fn tie_keys(&self) -> &[TieKey] {
        &self.ties
    }

    /// The pairs of actors with at least one tie in force, with their kinds
    /// and net signs: the analysis graph of the format.
    pub fn pairs(&self) -> Pairs {
        Pairs::from_ties(self.ties(), &self.selector)
    }

    /// Whether some tie in force is `alleged` (rule R5).
    pub fn has_alleged(&self) -> bool {
        self.ties().any(|t| t.confidence() == Confidence::Alleged)
    }

    /// [`Snapshot::pairs`] counting only the ties in force whose confidence
    /// is at least `min`.
    pub fn pairs_at_least(&self, min: Confidence) -> Pairs {
        Pairs::from_ties(
            self.ties().filter(|t| t.confidence() >= min),
            &self.selector,
        )
    }

    /// The petgraph node of an actor in [`Snapshot::graph`].
    pub fn node(&self, key: ActorKey) -> Option<NodeIndex> {
        self.actors
            .binary_search_by_key(&key, |v| v.key)
            .ok()
            .map(NodeIndex::new)
    }

    /// A petgraph graph of the snapshot (see [`SnapshotGraph`]).
    pub fn graph(&self) -> SnapshotGraph<'d> {
        let mut graph = DiGraph::with_capacity(self.actors.len(), self.ties.len());
        for view in self.actors() {
            graph.add_node(view);
        }
        for tie in self.ties() {
            for (a, b) in tie.pairs() {
                // Validation guarantees both actors are in force with the tie.
                if let (Some(a), Some(b)) = (self.node(a), self.node(b)) {
                    graph.add_edge(a, b, tie);
                }
            }
        }
        graph
    }
}

impl Dataset {
    /// A tie as the JSON outputs show it: `{"id", "source", "target", "kind",
    /// "start", "end", "with", "weight", "confidence", "directed", "sources",
    /// "note"}`
    /// with actor and source ids, dates as written (`"2021-08~"`), `null`
    /// for absent values (and `extra` when it has `x_` values).
    pub fn tie_json<'d>(&'d self, tie: &'d Tie) -> impl Serialize + 'd {
        TieJson { dataset: self, tie }
    }
}

/// A tie as the JSON outputs show it.
pub(crate) struct TieJson<'d> {
    pub dataset: &'d Dataset,
    pub tie: &'d Tie,
}

impl Serialize for TieJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (d, t) = (self.dataset, self.tie);
        let extra = t.extra();
        let mut m = s.serialize_map(Some(12 + usize::from(!extra.is_empty())))?;
        m.serialize_entry("id", t.id())?;
        m.serialize_entry("source", d.actor_id(t.source()))?;
        m.serialize_entry("target", d.actor_id(t.target()))?;
        m.serialize_entry("kind", &t.kind())?;
        m.serialize_entry("start", &t.start())?;
        m.serialize_entry("end", &t.end())?;
        m.serialize_entry("with", &t.with().map(|w| d.actor_id(w)))?;
        m.serialize_entry("weight", &t.weight())?;
        m.serialize_entry("confidence", &t.confidence())?;
        m.serialize_entry("directed", &t.is_directed())?;
        let sources: Vec<&str> = d.tie_sources(t).map(|s| s.id()).collect();
        m.serialize_entry("sources", &sources)?;
        m.serialize_entry("note", &t.note())?;
        if !extra.is_empty() {
            m.serialize_entry("extra", extra)?;
        }
        m.end()
    }
}

struct ActorJson<'d>(ActorView<'d>);

impl Serialize for ActorJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let extra = self.0.phase().extra();
        let mut m = s.serialize_map(Some(3 + usize::from(!extra.is_empty())))?;
        m.serialize_entry("id", self.0.id())?;
        m.serialize_entry("name", self.0.name())?;
        m.serialize_entry("kind", &self.0.kind())?;
        if !extra.is_empty() {
            m.serialize_entry("extra", extra)?;
        }
        m.end()
    }
}

/// Serializes to the snapshot JSON of the format:
/// `{"at": …, "actors": [{"id", "name", "kind"}], "ties": [{…}]}`.
impl Serialize for Snapshot<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let actors: Vec<ActorJson<'_>> = self.actors().map(ActorJson).collect();
        let ties: Vec<TieJson<'_>> = self
            .ties()
            .map(|tie| TieJson {
                dataset: self.dataset,
                tie,
            })
            .collect();
        let mut st = s.serialize_struct("Snapshot", 3)?;
        st.serialize_field("at", &self.selector)?;
        st.serialize_field("actors", &actors)?;
        st.serialize_field("ties", &ties)?;
        st.end()
    }
}

/// Snapshots for a series of selectors, each derived from the one before.
///
/// Made by [`Dataset::sweep`]. It keeps the set of ties in force as a bit set
/// and two cursors, one over ties sorted by start and one over ties sorted by
/// end: moving to the next selector adds the ties that started and drops the
/// ties that ended in between.
#[derive(Debug)]
pub struct Sweep<'d, I> {
    dataset: &'d Dataset,
    selectors: I,
    active: FixedBitSet,
    /// Ties `0..started` (by start) have been added.
    started: usize,
    /// Ties `by_end[..ended]` have been dropped.
    ended: usize,
    last: Option<Selector>,
}

impl<'d, I> Sweep<'d, I> {
    pub(crate) fn new(dataset: &'d Dataset, selectors: I) -> Sweep<'d, I> {
        Sweep {
            dataset,
            selectors,
            active: FixedBitSet::with_capacity(dataset.ties().len()),
            started: 0,
            ended: 0,
            last: None,
        }
    }

    fn advance(&mut self, selector: &Selector) {
        let moves_forward = self
            .last
            .is_none_or(|l| l.start() <= selector.start() && l.end() <= selector.end());
        if !moves_forward {
            self.active.clear();
            self.started = 0;
            self.ended = 0;
        }
        let (starts, by_end, end_days) = self.dataset.index();
        // Add before dropping: a tie that both started and ended since the
        // last step is added here and dropped just below.
        while self.started < starts.len() && starts[self.started] < selector.end() {
            self.active.insert(self.started);
            self.started += 1;
        }
        while self.ended < by_end.len() && end_days[self.ended] <= selector.start() {
            self.active.set(by_end[self.ended] as usize, false);
            self.ended += 1;
        }
        self.last = Some(*selector);
    }
}

impl<'d, I: Iterator<Item = Selector>> Iterator for Sweep<'d, I> {
    type Item = Snapshot<'d>;

    fn next(&mut self) -> Option<Snapshot<'d>> {
        let selector = self.selectors.next()?;
        self.advance(&selector);
        let ties = self.active.ones().map(|i| TieKey(i as u32)).collect();
        Some(Snapshot::new(
            self.dataset,
            selector,
            self.dataset.actors_in_force(&selector),
            ties,
        ))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.selectors.size_hint()
    }
}
