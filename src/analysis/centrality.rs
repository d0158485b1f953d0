//! Centrality on the analysis graph, and brokers: who sits between whom.
//!
//! (Over 600 lines: Brandes' algorithm one source at a time and eight at
//! a time (with its AVX2 build) must give the same bits; both, and the
//! tests that check it, live here.)

use std::convert::Infallible;

use petgraph::graph::UnGraph;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::model::{ActorKey, Dataset, Sign, TieKey, TieKind};
use crate::pairs::Pairs;
use crate::snapshot::Snapshot;
use crate::time::Selector;

/// Centrality measures of one actor in a snapshot's analysis graph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ActorCentrality {
    /// The actor.
    pub key: ActorKey,
    /// Neighbours in the analysis graph (actors with a tie in force).
    pub degree: usize,
    /// Neighbours whose pair has net sign `+`.
    pub positive: usize,
    /// Neighbours whose pair has net sign `−`.
    pub negative: usize,
    /// Normalised shortest-path betweenness: the share of shortest paths
    /// between other actors that pass through this one, as networkx's
    /// `betweenness_centrality(G, normalized=True)`.
    pub betweenness: f64,
    /// Closeness with the Wasserman–Faust correction for disconnected graphs,
    /// as networkx's `closeness_centrality(G)`: (r − 1) / Σ d × (r − 1) / (n − 1)
    /// over the r actors reachable (itself included); 0 when isolated.
    pub closeness: f64,
    /// Eigenvector centrality (Bonacich) by power iteration on A + I, as
    /// networkx's `eigenvector_centrality(G, max_iter=10000, tol=1e-13)`:
    /// the same start (all actors equal), the same step and the same
    /// stopping rule (the L1 change of the unit-length vector below n × tol);
    /// `None` when it did not converge in 10,000 steps.
    pub eigenvector: Option<f64>,
}

/// Power-iteration steps of eigenvector centrality before it gives up.
const EIGENVECTOR_MAX_ITER: usize = 10_000;
/// Stopping rule of eigenvector centrality: the L1 change of the vector,
/// divided by the number of actors, below this.
const EIGENVECTOR_TOL: f64 = 1e-13;

/// Centrality of every actor of a snapshot, sorted by id.
///
/// Made by [`centrality`]. Serializes to the centrality JSON of the format:
/// `{"at", "actors": [{"id", "degree", "positive", "negative",
/// "betweenness", "closeness", "eigenvector"}]}`.
#[derive(Debug, Clone)]
pub struct Centrality<'d> {
    dataset: &'d Dataset,
    at: Selector,
    actors: Vec<ActorCentrality>,
}

impl<'d> Centrality<'d> {
    /// The dataset the keys belong to.
    pub fn dataset(&self) -> &'d Dataset {
        self.dataset
    }

    /// The selector of the snapshot.
    pub fn at(&self) -> Selector {
        self.at
    }

    /// Every actor in force, sorted by id.
    pub fn actors(&self) -> &[ActorCentrality] {
        &self.actors
    }

    /// The measures of one actor, `None` when not in force.
    pub fn actor(&self, key: ActorKey) -> Option<&ActorCentrality> {
        self.actors
            .binary_search_by_key(&key, |a| a.key)
            .ok()
            .map(|i| &self.actors[i])
    }
}

/// The analysis graph as a petgraph graph: node `i` is the `i`-th actor in
/// force, an edge per pair with a tie in force.
fn analysis_graph(snapshot: &Snapshot<'_>, pairs: &Pairs) -> UnGraph<(), ()> {
    let mut graph = UnGraph::with_capacity(snapshot.actors().len(), pairs.len());
    for _ in snapshot.actors() {
        graph.add_node(());
    }
    for p in pairs {
        // Validation guarantees both actors are in force with the tie.
        if let (Some(a), Some(b)) = (snapshot.node(p.a), snapshot.node(p.b)) {
            graph.add_edge(a, b, ());
        }
    }
    graph
}

/// Degree, signed degrees, betweenness, closeness and eigenvector centrality
/// of every actor of `snapshot`, on its analysis graph (unweighted,
/// undirected: one edge per pair with a tie in force, mediation included).
///
/// Betweenness and closeness come from one breadth-first search per actor
/// (Brandes' algorithm, 2001), eight sources at a time, run on every core:
/// the sources are cut into blocks fixed by the number of actors, and the
/// blocks' sums are added in block order, so results are the same bits on
/// any number of threads ([`centrality_on`] picks the number), and the same
/// as one search per source would give. Eigenvector centrality comes from
/// rustworkx-core. Betweenness is normalised by
/// (n − 1)(n − 2) over the n actors in force, isolated ones included,
/// exactly as networkx normalises an undirected graph.
///
/// # Complexity
///
/// O(n m) time for n actors and m pairs (a breadth-first search from every
/// actor), O(n + m) memory per thread (two 64-byte rows per actor, the
/// shortest-path successors of eight searches) plus 64 partial sums of n
/// values.
///
/// # Example
///
/// ```
/// use tiegraph::analysis::centrality;
///
/// let data = tiegraph::default_dataset();
/// let c = centrality(&data.snapshot(&"2026-03-01".parse()?));
/// let pak = c.actor(data.resolve("PAK")?).expect("PAK in force");
/// assert!(pak.degree >= pak.positive + pak.negative);
/// let top = c.actors().iter().max_by(|x, y| x.betweenness.total_cmp(&y.betweenness));
/// assert!(top.is_some_and(|a| a.betweenness > 0.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn centrality<'d>(snapshot: &Snapshot<'d>) -> Centrality<'d> {
    centrality_of(snapshot, &snapshot.pairs(), default_threads())
}

/// [`centrality`] on `threads` threads (at least one): the same bits for
/// any number of threads.
///
/// # Example
///
/// ```
/// use tiegraph::analysis::{centrality, centrality_on};
///
/// let data = tiegraph::default_dataset();
/// let snap = data.snapshot(&"2026-03-01".parse()?);
/// let (one, two) = (centrality_on(&snap, 1), centrality_on(&snap, 2));
/// for (a, b) in one.actors().iter().zip(two.actors()) {
///     assert_eq!(a.betweenness.to_bits(), b.betweenness.to_bits());
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn centrality_on<'d>(snapshot: &Snapshot<'d>, threads: usize) -> Centrality<'d> {
    centrality_of(snapshot, &snapshot.pairs(), threads)
}

/// The threads centrality runs on: every core the system offers.
fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

fn centrality_of<'d>(snapshot: &Snapshot<'d>, pairs: &Pairs, threads: usize) -> Centrality<'d> {
    let graph = analysis_graph(snapshot, pairs);
    let n = graph.node_count();
    let (offsets, targets) = adjacency(
        n,
        graph
            .raw_edges()
            .iter()
            .map(|e| (e.source().index(), e.target().index())),
    );
    let (betweenness, closeness) = brandes(&offsets, &targets, threads);
    let eigenvector = rustworkx_core::centrality::eigenvector_centrality(
        &graph,
        |_| Ok::<f64, Infallible>(1.0),
        Some(EIGENVECTOR_MAX_ITER),
        Some(EIGENVECTOR_TOL),
    )
    .ok()
    .flatten();
    let mut actors: Vec<ActorCentrality> = snapshot
        .actors()
        .enumerate()
        .map(|(i, view)| ActorCentrality {
            key: view.key(),
            degree: 0,
            positive: 0,
            negative: 0,
            betweenness: betweenness.get(i).copied().unwrap_or(0.0),
            closeness: closeness.get(i).copied().unwrap_or(0.0),
            eigenvector: eigenvector.as_ref().and_then(|e| e.get(i).copied()),
        })
        .collect();
    for p in pairs {
        let sign = p.sign();
        for key in [p.a, p.b] {
            if let Some(n) = snapshot.node(key) {
                let a = &mut actors[n.index()];
                a.degree += 1;
                match sign {
                    Sign::Positive => a.positive += 1,
                    Sign::Negative => a.negative += 1,
                    Sign::Zero => {}
                }
            }
        }
    }
    Centrality {
        dataset: snapshot.dataset(),
        at: snapshot.selector(),
        actors,
    }
}

/// Compressed adjacency lists of `n` nodes: the neighbours of `v` are
/// `targets[offsets[v]..offsets[v + 1]]`, in the order of `edges`.
fn adjacency(
    n: usize,
    edges: impl Iterator<Item = (usize, usize)> + Clone,
) -> (Vec<usize>, Vec<u32>) {
    let mut offsets = vec![0usize; n + 1];
    for (a, b) in edges.clone() {
        offsets[a + 1] += 1;
        offsets[b + 1] += 1;
    }
    for i in 0..n {
        offsets[i + 1] += offsets[i];
    }
    let mut fill = offsets.clone();
    let mut targets = vec![0u32; offsets[n]];
    for (a, b) in edges {
        targets[fill[a]] = b as u32;
        fill[a] += 1;
        targets[fill[b]] = a as u32;
        fill[b] += 1;
    }
    (offsets, targets)
}

impl Serialize for Centrality<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let actors: Vec<CentralityJson<'_>> = self
            .actors
            .iter()
            .map(|c| CentralityJson {
                id: self.dataset.actor_id(c.key),
                c,
            })
            .collect();
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("at", &self.at)?;
        m.serialize_entry("actors", &actors)?;
        m.end()
    }
}

struct CentralityJson<'a> {
    id: &'a str,
    c: &'a ActorCentrality,
}

impl Serialize for CentralityJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.c;
        let mut m = s.serialize_map(Some(7))?;
        m.serialize_entry("id", self.id)?;
        m.serialize_entry("degree", &c.degree)?;
        m.serialize_entry("positive", &c.positive)?;
        m.serialize_entry("negative", &c.negative)?;
        m.serialize_entry("betweenness", &c.betweenness)?;
        m.serialize_entry("closeness", &c.closeness)?;
        m.serialize_entry("eigenvector", &c.eigenvector)?;
        m.end()
    }
}

/// A mediation in force: who mediates between whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mediation {
    /// The mediation tie.
    pub tie: TieKey,
    /// The mediator (the tie's source).
    pub mediator: ActorKey,
    /// The two parties (the tie's target and `with`), sorted by id.
    pub parties: [ActorKey; 2],
}

/// An actor that sits between others: on shortest paths, or as a mediator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Broker {
    /// The actor.
    pub key: ActorKey,
    /// Normalised betweenness, as in [`ActorCentrality::betweenness`].
    pub betweenness: f64,
    /// Neighbours in the analysis graph.
    pub degree: usize,
    /// Mediation ties in force with this actor as mediator.
    pub mediations: usize,
    /// Pairs of this actor's neighbours with no tie in force between them:
    /// the structural holes it spans (Burt, 1992).
    pub open: usize,
}

/// The brokers of a snapshot: mediations in force, and the actors ranked
/// by betweenness.
///
/// Made by [`brokers`]. Serializes as `{"at", "mediations": [{"mediator",
/// "between": [id, id], "tie", "start", "end"}], "brokers": [{"id",
/// "betweenness", "degree", "mediations", "open"}]}`.
#[derive(Debug, Clone)]
pub struct Brokers<'d> {
    dataset: &'d Dataset,
    at: Selector,
    mediations: Vec<Mediation>,
    brokers: Vec<Broker>,
}

impl<'d> Brokers<'d> {
    /// The dataset the keys belong to.
    pub fn dataset(&self) -> &'d Dataset {
        self.dataset
    }

    /// The selector of the snapshot.
    pub fn at(&self) -> Selector {
        self.at
    }

    /// The mediations in force, sorted by mediator, parties and tie.
    pub fn mediations(&self) -> &[Mediation] {
        &self.mediations
    }

    /// The mediations in force between two actors, in either order.
    pub fn mediators_between(
        &self,
        x: ActorKey,
        y: ActorKey,
    ) -> impl Iterator<Item = &Mediation> + '_ {
        let parties = if x < y { [x, y] } else { [y, x] };
        self.mediations.iter().filter(move |m| m.parties == parties)
    }

    /// The actors with positive betweenness or at least one mediation,
    /// ranked by betweenness (highest first), then mediations, then id.
    pub fn brokers(&self) -> &[Broker] {
        &self.brokers
    }
}

/// Who mediates between whom at a snapshot, and which actors broker most.
///
/// Mediations are the `mediation` ties in force. Brokers are the actors with
/// positive betweenness on the analysis graph or at least one mediation,
/// ranked by betweenness; betweenness values within 1e-9 of each other rank
/// as equal, so float noise never decides an order.
///
/// # Example
///
/// ```
/// use tiegraph::analysis::brokers;
///
/// let data = tiegraph::default_dataset();
/// let b = brokers(&data.snapshot(&"2026-03-01".parse()?));
/// let [chn, pak, tal] = [data.resolve("CHN")?, data.resolve("PAK")?, data.resolve("TAL")?];
/// // China hosts the trilateral between Pakistan and the Taliban.
/// assert!(b.mediators_between(tal, pak).any(|m| m.mediator == chn));
/// assert_eq!(b.brokers()[0].key, tal);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn brokers<'d>(snapshot: &Snapshot<'d>) -> Brokers<'d> {
    let pairs = snapshot.pairs();
    let centrality = centrality_of(snapshot, &pairs, default_threads());
    brokers_of(snapshot, &pairs, &centrality)
}

/// [`brokers`] from a [`Centrality`] already computed for the same
/// snapshot: betweenness is not computed again.
///
/// # Example
///
/// ```
/// use tiegraph::analysis::{brokers, brokers_from, centrality};
///
/// let data = tiegraph::default_dataset();
/// let snap = data.snapshot(&"2026-03-01".parse()?);
/// let c = centrality(&snap);
/// assert_eq!(brokers_from(&snap, &c).brokers(), brokers(&snap).brokers());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn brokers_from<'d>(snapshot: &Snapshot<'d>, centrality: &Centrality<'d>) -> Brokers<'d> {
    brokers_of(snapshot, &snapshot.pairs(), centrality)
}

fn brokers_of<'d>(
    snapshot: &Snapshot<'d>,
    pairs: &Pairs,
    centrality: &Centrality<'d>,
) -> Brokers<'d> {
    let dataset = snapshot.dataset();
    let mut mediations: Vec<Mediation> = snapshot
        .tie_keys()
        .iter()
        .filter_map(|&key| {
            let tie = dataset.tie(key);
            if tie.kind() != TieKind::Mediation {
                return None;
            }
            let (t, w) = (tie.target(), tie.with()?);
            Some(Mediation {
                tie: key,
                mediator: tie.source(),
                parties: if t < w { [t, w] } else { [w, t] },
            })
        })
        .collect();
    mediations.sort_by_key(|m| (m.mediator, m.parties, dataset.tie(m.tie).id()));

    // Neighbour lists of the analysis graph, by actor index.
    let mut neighbours: Vec<Vec<ActorKey>> = vec![Vec::new(); dataset.actors().len()];
    for p in pairs {
        if let Some(list) = neighbours.get_mut(p.a.index()) {
            list.push(p.b);
        }
        if let Some(list) = neighbours.get_mut(p.b.index()) {
            list.push(p.a);
        }
    }
    let mut mediated = vec![0usize; dataset.actors().len()];
    for m in &mediations {
        if let Some(x) = mediated.get_mut(m.mediator.index()) {
            *x += 1;
        }
    }
    let mut brokers: Vec<Broker> = centrality
        .actors
        .iter()
        .filter_map(|c| {
            let count = mediated.get(c.key.index()).copied().unwrap_or(0);
            if c.betweenness <= 1e-12 && count == 0 {
                return None;
            }
            let nbrs = neighbours.get(c.key.index()).map_or(&[][..], Vec::as_slice);
            let mut open = 0;
            for (i, &x) in nbrs.iter().enumerate() {
                open += nbrs[i + 1..]
                    .iter()
                    .filter(|&&y| pairs.get(x, y).is_none())
                    .count();
            }
            Some(Broker {
                key: c.key,
                betweenness: c.betweenness,
                degree: c.degree,
                mediations: count,
                open,
            })
        })
        .collect();
    // Rank on betweenness rounded to 1e-9 so equal values computed along
    // different paths tie, and the id decides.
    let rounded = |b: f64| (b * 1e9).round() as i64;
    brokers.sort_by(|x, y| {
        rounded(y.betweenness)
            .cmp(&rounded(x.betweenness))
            .then(y.mediations.cmp(&x.mediations))
            .then(x.key.cmp(&y.key))
    });
    Brokers {
        dataset,
        at: snapshot.selector(),
        mediations,
        brokers,
    }
}

impl Serialize for Brokers<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.dataset;
        let mediations: Vec<MediationJson<'_>> = self
            .mediations
            .iter()
            .map(|m| MediationJson { dataset: d, m })
            .collect();
        let brokers: Vec<BrokerJson<'_>> = self
            .brokers
            .iter()
            .map(|b| BrokerJson {
                id: d.actor_id(b.key),
                b,
            })
            .collect();
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("at", &self.at)?;
        m.serialize_entry("mediations", &mediations)?;
        m.serialize_entry("brokers", &brokers)?;
        m.end()
    }
}

struct MediationJson<'a> {
    dataset: &'a Dataset,
    m: &'a Mediation,
}

impl Serialize for MediationJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.dataset;
        let tie = d.tie(self.m.tie);
        let mut m = s.serialize_map(Some(6))?;
        m.serialize_entry("mediator", d.actor_id(self.m.mediator))?;
        m.serialize_entry("between", &self.m.parties.map(|p| d.actor_id(p)))?;
        m.serialize_entry("tie", tie.id())?;
        m.serialize_entry("start", &tie.start())?;
        m.serialize_entry("end", &tie.end())?;
        m.serialize_entry("confidence", &tie.confidence())?;
        m.end()
    }
}

struct BrokerJson<'a> {
    id: &'a str,
    b: &'a Broker,
}

impl Serialize for BrokerJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let b = self.b;
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry("id", self.id)?;
        m.serialize_entry("betweenness", &b.betweenness)?;
        m.serialize_entry("degree", &b.degree)?;
        m.serialize_entry("mediations", &b.mediations)?;
        m.serialize_entry("open", &b.open)?;
        m.end()
    }
}

/// Sources per block of the betweenness sums: blocks are fixed by the number
/// of actors alone, never by the number of threads, and their partial sums
/// are added in block order, so every run gives the same bits.
const BLOCKS: usize = 64;

/// Betweenness (normalised as networkx does) and closeness (Wasserman–Faust)
/// of every node of an undirected graph given as compressed adjacency lists:
/// the neighbours of `v` are `targets[offsets[v]..offsets[v + 1]]`.
///
/// Brandes' algorithm (2001): a breadth-first search from every source,
/// then the dependencies accumulated back in order of decreasing distance.
/// Sources are cut into at most [`BLOCKS`] contiguous blocks; `threads`
/// threads take blocks in turn, each block sums its own dependencies, and
/// the block sums are added in block order. Within a block, [`LANES`]
/// consecutive sources are searched at once ([`Batch`]), with the same bits
/// as one search per source ([`Search`]).
fn brandes(offsets: &[usize], targets: &[u32], threads: usize) -> (Vec<f64>, Vec<f64>) {
    let n = offsets.len().saturating_sub(1);
    if n == 0 {
        return (Vec::new(), Vec::new());
    }
    let blocks = n.min(BLOCKS);
    let per_block = n.div_ceil(blocks);
    let blocks = n.div_ceil(per_block);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done: Vec<(usize, Vec<f64>, Vec<f64>)> = Vec::new();
        let mut batch = Batch::new(n);
        loop {
            let b = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if b >= blocks {
                break;
            }
            let sources = b * per_block..((b + 1) * per_block).min(n);
            let mut between = vec![0.0; n];
            let mut close = Vec::with_capacity(sources.len());
            for first in sources.clone().step_by(LANES) {
                let count = LANES.min(sources.end - first);
                batch.run(offsets, targets, first, count, &mut between, &mut close);
            }
            done.push((b, between, close));
        }
        done
    };
    let threads = threads.clamp(1, blocks);
    let mut done: Vec<(usize, Vec<f64>, Vec<f64>)> = if threads == 1 {
        work()
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
            let mut all = Vec::new();
            for h in handles {
                match h.join() {
                    Ok(part) => all.extend(part),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            all
        })
    };
    done.sort_by_key(|d| d.0);
    let mut betweenness = vec![0.0; n];
    let mut closeness = Vec::with_capacity(n);
    for (_, between, close) in done {
        for (total, x) in betweenness.iter_mut().zip(between) {
            *total += x;
        }
        closeness.extend(close);
    }
    if n > 2 {
        let scale = 1.0 / ((n - 1) * (n - 2)) as f64;
        for x in &mut betweenness {
            *x *= scale;
        }
    }
    (betweenness, closeness)
}

/// Closeness from a search that reached `reached` of `n` nodes (the source
/// included) at distances summing to `dist_sum`; as rustworkx and networkx:
/// (r − 1) / Σd, times (r − 1) / (n − 1).
fn closeness_of(reached: usize, dist_sum: usize, n: usize) -> f64 {
    if reached <= 1 || dist_sum == 0 {
        return 0.0;
    }
    (reached - 1) as f64 / dist_sum as f64 * (reached - 1) as f64 / (n - 1) as f64
}

/// One breadth-first search per source: the reference for [`Batch`], which
/// falls back on it for a source with more than 2⁵³ shortest paths to some
/// node. The buffers are reused from source to source (only the nodes
/// reached are reset).
struct Search {
    /// Distance from the source (`u32::MAX`: not reached) and number of
    /// shortest paths, side by side: the search reads both of a neighbour
    /// at once.
    node: Vec<(u32, f64)>,
    /// (1 + δ(w)) / σ(w) of each node once its dependency δ is known.
    ratio: Vec<f64>,
    /// The nodes reached, in order of distance.
    order: Vec<u32>,
    /// The successors of `order[i]` on shortest paths are
    /// `succ[first[i]..first[i + 1]]`.
    first: Vec<usize>,
    succ: Vec<u32>,
}

impl Search {
    fn new(n: usize) -> Search {
        Search {
            node: vec![(u32::MAX, 0.0); n],
            ratio: vec![0.0; n],
            order: Vec::with_capacity(n),
            first: Vec::with_capacity(n + 1),
            succ: Vec::new(),
        }
    }

    /// Adds the dependencies of source `s` to `between`; returns the
    /// closeness of `s`.
    ///
    /// σ(w) is the sum of σ(v) over the predecessors v of w, in the order
    /// the search leaves them. δ(v) = σ(v) Σ (1 + δ(w)) / σ(w) over the
    /// successors w of v, the sum taken over the ratios of the successors
    /// in the order of v's adjacency list.
    fn run(&mut self, offsets: &[usize], targets: &[u32], s: usize, between: &mut [f64]) -> f64 {
        let n = self.node.len();
        let Search {
            node,
            ratio,
            order,
            first,
            succ,
        } = self;
        order.clear();
        first.clear();
        succ.clear();
        node[s] = (0, 1.0);
        order.push(s as u32);
        let mut head = 0;
        let mut dist_sum = 0usize;
        while let Some(&v) = order.get(head) {
            head += 1;
            let v = v as usize;
            first.push(succ.len());
            let (dv, sv) = node[v];
            dist_sum += dv as usize;
            for &w in &targets[offsets[v]..offsets[v + 1]] {
                let nw = &mut node[w as usize];
                if nw.0 == u32::MAX {
                    nw.0 = dv + 1;
                    order.push(w);
                }
                if nw.0 == dv + 1 {
                    nw.1 += sv;
                    succ.push(w);
                }
            }
        }
        first.push(succ.len());
        for i in (0..order.len()).rev() {
            let v = order[i] as usize;
            let mut sum = 0.0;
            for &w in &succ[first[i]..first[i + 1]] {
                sum += ratio[w as usize];
            }
            let sigma = node[v].1;
            let delta = sigma * sum;
            ratio[v] = (1.0 + delta) / sigma;
            if v != s {
                between[v] += delta;
            }
        }
        let reached = order.len();
        for &v in order.iter() {
            node[v as usize] = (u32::MAX, 0.0);
        }
        closeness_of(reached, dist_sum, n)
    }
}

/// Sources searched together by a [`Batch`]: one bit of a `u8` per source
/// (its lane), and a node's values for all of them in one 64-byte row.
const LANES: usize = 8;

/// A node's values for the sources of a batch, one per lane: one cache
/// line, aligned.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Row([f64; LANES]);

impl Row {
    const ZERO: Row = Row([0.0; LANES]);
}

/// `LANE_BITS.0[m][k]` is all ones when bit `k` of `m` is set, else zero:
/// the lanes of a mask, to select in a [`Row`]. Only the lines of the masks
/// that occur are read, mostly those of one or two lanes.
#[repr(C, align(64))]
struct LaneBits([[u64; LANES]; 256]);

static LANE_BITS: LaneBits = {
    let mut table = [[0u64; LANES]; 256];
    let mut m = 0;
    while m < 256 {
        let mut k = 0;
        while k < LANES {
            if (m >> k) & 1 == 1 {
                table[m][k] = u64::MAX;
            }
            k += 1;
        }
        m += 1;
    }
    LaneBits(table)
};

/// All ones in the lanes of `mask`, zero in the others.
#[inline(always)]
fn lane_bits(mask: u8) -> &'static [u64; LANES] {
    &LANE_BITS.0[mask as usize]
}

/// `SPREAD[m]` has byte `k` equal to bit `k` of `m`: adding these counts the
/// lanes of many masks at once, 255 masks at a time.
static SPREAD: [u64; 256] = {
    let mut table = [0u64; 256];
    let mut m = 0;
    while m < 256 {
        let mut k = 0;
        while k < LANES {
            table[m] |= (((m >> k) & 1) as u64) << (8 * k);
            k += 1;
        }
        m += 1;
    }
    table
};

/// How many of `masks` have each lane.
fn lane_counts(masks: &[u8]) -> [usize; LANES] {
    let mut counts = [0usize; LANES];
    for chunk in masks.chunks(255) {
        let mut packed = 0u64;
        for &m in chunk {
            packed += SPREAD[m as usize];
        }
        for (k, c) in counts.iter_mut().enumerate() {
            *c += ((packed >> (8 * k)) & 0xff) as usize;
        }
    }
    counts
}

/// The lanes of `mask` of `row`, `+0.0` in the others (adding `+0.0` to a
/// sum of non-negative values leaves its bits unchanged).
#[inline(always)]
fn lanes_of(row: &[f64; LANES], mask: u8) -> [f64; LANES] {
    let bits = lane_bits(mask);
    let mut out = [0.0; LANES];
    for k in 0..LANES {
        out[k] = f64::from_bits(row[k].to_bits() & bits[k]);
    }
    out
}

/// The lanes of `mask` from `new`, the others from `old`.
#[inline(always)]
fn select(mask: u8, new: &[f64; LANES], old: &[f64; LANES]) -> Row {
    let bits = lane_bits(mask);
    let mut out = [0.0; LANES];
    for k in 0..LANES {
        out[k] = f64::from_bits((new[k].to_bits() & bits[k]) | (old[k].to_bits() & !bits[k]));
    }
    Row(out)
}

/// Path counts from 2⁵³ on may be rounded, and then depend on the order of
/// their sums: a lane that reaches them is searched again by [`Search`].
const EXACT: f64 = 9_007_199_254_740_992.0;

/// Adjacency entries gathered before their rows are read: enough reads in
/// flight to hide the latency of rows out of cache.
const CHUNK: usize = 1024;

/// How far ahead rows are prefetched.
const AHEAD: usize = 16;

/// Asks for the cache line of `x` (nothing on other processors than
/// x86-64). On net50k the searches take a quarter longer without.
#[inline(always)]
fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch reads nothing and cannot fault.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (x as *const T).cast(),
        )
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// Up to [`LANES`] breadth-first searches at once, level by level (as in
/// multi-source BFS, Then et al., 2014): each node of a level is listed once
/// with the mask of the sources (lanes) for which it is at that distance,
/// and its adjacency list is read once for all of them. A node's path
/// counts, ratios and dependencies for all lanes share a row (one cache
/// line), and are updated for all lanes at once.
///
/// Going forward, the neighbours of a run of nodes are first sifted without
/// a branch: those one level further in some lane are kept, in order, with
/// their lanes; then their rows are updated. With no branch to mispredict in
/// between, the processor keeps many of these reads, most of them cache
/// misses, in flight at once. The sifted neighbours are the successors of
/// the backward pass, in the same order: they are kept, and the adjacency
/// lists are not read again.
///
/// Same bits as [`Search`] per source: path counts below 2⁵³ are exact
/// integers whatever the order of their sums (a lane with a larger one is
/// searched again by [`Search`]); a dependency sums its successors' ratios
/// in the order of the adjacency list, as [`Search`] does; and the block's
/// sums take the sources in order.
struct Batch {
    /// Per node, the lanes that have reached it at the levels done and
    /// those that reach it at the next level, side by side: the update of a
    /// successor finds the second in the cache line the sifting read the
    /// first from.
    marks: Vec<Marks>,
    /// σ per lane; (1 + δ) / σ in a lane once the node's δ in that lane is
    /// known. Zero in every lane between batches.
    sigma: Vec<Row>,
    /// δ per lane.
    delta: Vec<Row>,
    /// The levels: `nodes[levels[d]..levels[d + 1]]` are at distance `d`
    /// in the lanes `masks[levels[d]..levels[d + 1]]`, in node order.
    nodes: Vec<u32>,
    masks: Vec<u8>,
    levels: Vec<usize>,
    /// Runs of nodes of a level, whose adjacency lists hold about
    /// [`CHUNK`] entries: `nodes[start..stop]` and their successors
    /// `dag[first..last]` ([`sifted`]), as `[start, stop, first, last]`;
    /// the runs of level `d` are `runs[level_runs[d]..level_runs[d + 1]]`.
    runs: Vec<[usize; 4]>,
    level_runs: Vec<usize>,
    dag: Vec<u64>,
    /// The nodes first reached in some lane during the current level (room
    /// for every node and one more).
    touched: Vec<u32>,
    /// Per node of a run, the sum of its successors' ratios.
    sums: Vec<Row>,
    /// The single-source search, for lanes with huge path counts, and the
    /// dependencies it finds.
    fallback: Option<(Search, Vec<f64>)>,
}

/// The lanes that have reached a node, and those that reach it at the next
/// level.
#[derive(Clone, Copy, Default)]
struct Marks {
    seen: u8,
    next: u8,
}

/// A successor `w` of the `i`-th node of a run, in the lanes `m`, packed in
/// a `u64`.
#[inline(always)]
fn sifted(w: u32, m: u8, i: usize) -> u64 {
    u64::from(w) | (u64::from(m) << 32) | ((i as u64) << 40)
}

/// The successor, lanes and place of a [`sifted`] successor.
#[inline(always)]
fn unsift(x: u64) -> (usize, u8, usize) {
    (x as u32 as usize, (x >> 32) as u8, (x >> 40) as usize)
}

impl Batch {
    fn new(n: usize) -> Batch {
        Batch {
            marks: vec![Marks::default(); n],
            sigma: vec![Row::ZERO; n],
            delta: vec![Row::ZERO; n],
            nodes: Vec::with_capacity(n),
            masks: Vec::with_capacity(n),
            levels: Vec::new(),
            runs: Vec::new(),
            level_runs: Vec::new(),
            dag: Vec::new(),
            touched: vec![0; n + 1],
            sums: Vec::new(),
            fallback: None,
        }
    }

    /// Adds the dependencies of the `count` (at most [`LANES`]) sources from
    /// `first` on to `between`, source after source, and pushes their
    /// closeness to `close`.
    ///
    /// On a processor with AVX2, the searches use it: a row is two 32-byte
    /// registers rather than four of 16 bytes. The arithmetic is the same
    /// (no fused multiply-add), so are the bits.
    fn run(
        &mut self,
        offsets: &[usize],
        targets: &[u32],
        first: usize,
        count: usize,
        between: &mut [f64],
        close: &mut Vec<f64>,
    ) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2.
            unsafe { self.run_avx2(offsets, targets, first, count, between, close) };
            return;
        }
        self.run_any(offsets, targets, first, count, between, close);
    }

    /// [`Batch::run`] compiled for AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn run_avx2(
        &mut self,
        offsets: &[usize],
        targets: &[u32],
        first: usize,
        count: usize,
        between: &mut [f64],
        close: &mut Vec<f64>,
    ) {
        self.run_any(offsets, targets, first, count, between, close);
    }

    #[inline(always)]
    fn run_any(
        &mut self,
        offsets: &[usize],
        targets: &[u32],
        first: usize,
        count: usize,
        between: &mut [f64],
        close: &mut Vec<f64>,
    ) {
        let n = self.marks.len();
        let (reached, dist_sum) = self.forward(offsets, targets, first, count);
        let huge = self.backward();
        for k in (0..count).filter(|&k| (huge >> k) & 1 == 1) {
            let (search, deps) = self
                .fallback
                .get_or_insert_with(|| (Search::new(n), vec![0.0; n]));
            deps.fill(0.0);
            search.run(offsets, targets, first + k, deps);
            for (row, &d) in self.delta.iter_mut().zip(deps.iter()) {
                row.0[k] = d;
            }
        }
        // Source by source, as one search per source would add them; a node
        // is listed once per level it is at, and added once. Its σ row is
        // cleared for the next batch.
        let marks = &mut self.marks[..];
        let sigma = &mut self.sigma[..];
        let delta = &self.delta[..];
        let mut add = |v: usize| {
            let lanes = std::mem::take(&mut marks[v].seen);
            if lanes != 0 {
                sigma[v] = Row::ZERO;
                let deltas = lanes_of(&delta[v].0, lanes);
                let mut sum = between[v];
                for d in deltas {
                    sum += d;
                }
                between[v] = sum;
            }
        };
        if self.nodes.len() * 4 >= n {
            // Most nodes reached: in memory order.
            (0..n).for_each(add);
        } else {
            self.nodes.iter().for_each(|&v| add(v as usize));
        }
        for k in 0..count {
            close.push(closeness_of(reached[k], dist_sum[k], n));
        }
    }

    /// The levels and path counts of the sources `first..first + count`,
    /// and the successors of every node; returns the nodes reached and the
    /// sum of their distances, per lane.
    #[inline(always)]
    fn forward(
        &mut self,
        offsets: &[usize],
        targets: &[u32],
        first: usize,
        count: usize,
    ) -> ([usize; LANES], [usize; LANES]) {
        let n = self.marks.len();
        self.nodes.clear();
        self.masks.clear();
        self.levels.clear();
        self.runs.clear();
        self.level_runs.clear();
        let mut dag_len = 0;
        self.levels.push(0);
        self.level_runs.push(0);
        let mut reached = [0usize; LANES];
        let mut dist_sum = [0usize; LANES];
        for (k, r) in reached.iter_mut().enumerate().take(count) {
            let s = first + k;
            self.nodes.push(s as u32);
            self.masks.push(1 << k);
            self.marks[s].seen = 1 << k;
            self.sigma[s].0[k] = 1.0;
            *r = 1;
        }
        self.levels.push(self.nodes.len());
        let mut depth = 0;
        loop {
            let mut touched_len = 0;
            let (mut start, end) = (self.levels[depth], self.levels[depth + 1]);
            while start < end {
                // The run: nodes[start..stop], about CHUNK neighbours.
                let mut stop = start;
                let mut total = 0;
                while stop < end && total < CHUNK && stop - start < CHUNK {
                    let v = self.nodes[stop] as usize;
                    total += offsets[v + 1] - offsets[v];
                    stop += 1;
                }
                // Sifted without a branch: every neighbour is written, the
                // ones one level further in some lane are kept.
                // The list only grows: no zeros written for each run.
                let first = dag_len;
                if self.dag.len() <= first + total {
                    self.dag.resize(first + total + 1, 0);
                }
                let sift = &mut self.dag[first..];
                let marks = &self.marks[..];
                let mut len = 0;
                for (i, (&v, &at)) in self.nodes[start..stop]
                    .iter()
                    .zip(&self.masks[start..stop])
                    .enumerate()
                {
                    let v = v as usize;
                    for &w in &targets[offsets[v]..offsets[v + 1]] {
                        let m = at & !marks[w as usize].seen;
                        sift[len] = sifted(w, m, i);
                        len += usize::from(m != 0);
                    }
                }
                dag_len = first + len;
                self.runs.push([start, stop, first, dag_len]);
                // Slices, not vectors, in the loop: their bounds stay in
                // registers.
                let run = &self.nodes[start..stop];
                let marks = &mut self.marks[..];
                let sigma = &mut self.sigma[..];
                let touched = &mut self.touched[..];
                let sift = &self.dag[first..dag_len];
                for (c, &x) in sift.iter().enumerate() {
                    if let Some(&ahead) = sift.get(c + AHEAD) {
                        prefetch(&sigma[unsift(ahead).0]);
                    }
                    let (w, m, i) = unsift(x);
                    let before = marks[w].next;
                    touched[touched_len] = w as u32;
                    touched_len += usize::from(before == 0);
                    marks[w].next = before | m;
                    // w's lanes at the next level are 0 until now; the lanes
                    // of v read are at this level, which no update of this
                    // level writes.
                    let add = lanes_of(&sigma[run[i] as usize].0, m);
                    let row = &mut sigma[w].0;
                    for k in 0..LANES {
                        row[k] += add[k];
                    }
                }
                start = stop;
            }
            self.level_runs.push(self.runs.len());
            if touched_len == 0 {
                break;
            }
            depth += 1;
            let marks = &mut self.marks[..];
            let touched = &mut self.touched[..];
            // In node order: a scan when the level is large, else a sort.
            if touched_len * 16 >= n {
                touched_len = 0;
                for (w, m) in marks.iter().enumerate() {
                    touched[touched_len] = w as u32;
                    touched_len += usize::from(m.next != 0);
                }
            } else {
                touched[..touched_len].sort_unstable();
            }
            let begin = self.nodes.len();
            for &w in &touched[..touched_len] {
                let w = w as usize;
                let m = std::mem::take(&mut marks[w].next);
                marks[w].seen |= m;
                self.nodes.push(w as u32);
                self.masks.push(m);
            }
            self.levels.push(self.nodes.len());
            for (k, c) in lane_counts(&self.masks[begin..]).into_iter().enumerate() {
                reached[k] += c;
                dist_sum[k] += depth * c;
            }
        }
        (reached, dist_sum)
    }

    /// The dependencies of every node reached, level by level from the
    /// furthest; returns the lanes with a path count of 2⁵³ or more.
    #[inline(always)]
    fn backward(&mut self) -> u8 {
        let top = self.levels.len() - 2;
        let mut huge = 0u8;
        let nodes = &self.nodes[..];
        let masks = &self.masks[..];
        let sigma = &mut self.sigma[..];
        let delta = &mut self.delta[..];
        let sums = &mut self.sums;
        for depth in (1..=top).rev() {
            for &[start, stop, first, last] in
                &self.runs[self.level_runs[depth]..self.level_runs[depth + 1]]
            {
                sums.clear();
                sums.resize(stop - start, Row::ZERO);
                let sums = &mut sums[..];
                let sift = &self.dag[first..last];
                // Each node's successors in the order of its adjacency list.
                for (c, &x) in sift.iter().enumerate() {
                    if let Some(&ahead) = sift.get(c + AHEAD) {
                        prefetch(&sigma[unsift(ahead).0]);
                    }
                    let (w, m, i) = unsift(x);
                    let ratios = lanes_of(&sigma[w].0, m);
                    let sum = &mut sums[i].0;
                    for k in 0..LANES {
                        sum[k] += ratios[k];
                    }
                }
                let run = &nodes[start..stop];
                for (j, ((&v, &at), sum)) in
                    run.iter().zip(&masks[start..stop]).zip(&*sums).enumerate()
                {
                    if let Some(&ahead) = run.get(j + 8) {
                        prefetch(&sigma[ahead as usize]);
                        prefetch(&delta[ahead as usize]);
                    }
                    let v = v as usize;
                    let (s, sum) = (sigma[v].0, &sum.0);
                    let mut dv = [0.0; LANES];
                    let mut rv = [0.0; LANES];
                    for k in 0..LANES {
                        dv[k] = s[k] * sum[k];
                        rv[k] = (1.0 + dv[k]) / s[k];
                    }
                    let counted = lanes_of(&s, at);
                    if counted.iter().any(|&x| x >= EXACT) {
                        for (k, &x) in counted.iter().enumerate() {
                            huge |= u8::from(x >= EXACT) << k;
                        }
                    }
                    sigma[v] = select(at, &rv, &s);
                    delta[v] = select(at, &dv, &delta[v].0);
                }
            }
        }
        // The sources: their own dependency is not counted.
        for (&v, &at) in nodes[..self.levels[1]].iter().zip(masks) {
            let v = v as usize;
            delta[v] = select(at, &[0.0; LANES], &delta[v].0);
        }
        huge
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adjacency(n: usize, edges: &[(usize, usize)]) -> (Vec<usize>, Vec<u32>) {
        super::adjacency(n, edges.iter().copied())
    }

    /// [`brandes`] with one [`Search`] per source, in the same blocks.
    fn reference(offsets: &[usize], targets: &[u32]) -> (Vec<f64>, Vec<f64>) {
        let n = offsets.len() - 1;
        if n == 0 {
            return (Vec::new(), Vec::new());
        }
        let per_block = n.div_ceil(n.min(BLOCKS));
        let mut search = Search::new(n);
        let mut betweenness = vec![0.0; n];
        let mut closeness = Vec::new();
        for block in (0..n).step_by(per_block) {
            let mut between = vec![0.0; n];
            for s in block..(block + per_block).min(n) {
                closeness.push(search.run(offsets, targets, s, &mut between));
            }
            for (t, x) in betweenness.iter_mut().zip(between) {
                *t += x;
            }
        }
        if n > 2 {
            let scale = 1.0 / ((n - 1) * (n - 2)) as f64;
            for x in &mut betweenness {
                *x *= scale;
            }
        }
        (betweenness, closeness)
    }

    fn bits(v: &[f64]) -> Vec<u64> {
        v.iter().map(|x| x.to_bits()).collect()
    }

    fn same_as_reference(n: usize, edges: &[(usize, usize)]) {
        let (offsets, targets) = adjacency(n, edges);
        let (b0, c0) = reference(&offsets, &targets);
        for threads in [1, 2, 3] {
            let (b, c) = brandes(&offsets, &targets, threads);
            assert_eq!(
                bits(&b),
                bits(&b0),
                "betweenness, n = {n}, {threads} threads"
            );
            assert_eq!(bits(&c), bits(&c0), "closeness, n = {n}, {threads} threads");
        }
    }

    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    #[test]
    fn batches_match_one_search_per_source_on_random_graphs() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for n in (0..=20).chain([33, 64, 100, 257, 600]) {
            for density in [0, 1, 2, 4] {
                // Some nodes isolated, some edges repeated, some loops.
                let edges: Vec<(usize, usize)> = (0..n * density)
                    .map(|_| (rng.below(n), rng.below(n)))
                    .filter(|&(a, b)| a % 7 != 3 && b % 7 != 3)
                    .collect();
                same_as_reference(n, &edges);
            }
        }
    }

    #[test]
    fn batches_match_one_search_per_source_on_paths_stars_and_cliques() {
        let path: Vec<(usize, usize)> = (1..300).map(|i| (i - 1, i)).collect();
        same_as_reference(300, &path);
        let star: Vec<(usize, usize)> = (1..200).map(|i| (0, i)).collect();
        same_as_reference(200, &star);
        let clique: Vec<(usize, usize)> =
            (0..40).flat_map(|a| (0..a).map(move |b| (b, a))).collect();
        same_as_reference(40, &clique);
    }

    #[test]
    fn batches_fall_back_on_path_counts_beyond_two_to_the_53() {
        // A 40 × 40 grid: C(78, 39) ≈ 2.6e22 shortest paths corner to corner,
        // and ladders of diamonds where counts double at every step.
        let side = 40;
        let mut edges = Vec::new();
        for r in 0..side {
            for c in 0..side {
                let v = r * side + c;
                if c + 1 < side {
                    edges.push((v, v + 1));
                }
                if r + 1 < side {
                    edges.push((v, v + side));
                }
            }
        }
        let (offsets, targets) = adjacency(side * side, &edges);
        let mut batch = Batch::new(side * side);
        batch.forward(&offsets, &targets, 0, LANES);
        assert_ne!(batch.backward(), 0, "some σ ≥ 2⁵³");
        same_as_reference(side * side, &edges);
        let diamonds = 70;
        let mut edges = Vec::new();
        for i in 0..diamonds {
            let (a, b, c, d) = (3 * i, 3 * i + 1, 3 * i + 2, 3 * i + 3);
            edges.extend([(a, b), (a, c), (b, d), (c, d)]);
        }
        same_as_reference(3 * diamonds + 1, &edges);
    }

    /// Times batches, and one search per source, on the first sources of a
    /// dataset's snapshot at 2020-06-01: `TIEGRAPH_TIME_DATA=/tmp/net50k
    /// cargo test --release --lib -- --ignored --nocapture time_batches`
    /// (`TIEGRAPH_TIME_SOURCES`, default 400; `TIEGRAPH_TIME_ONE=0` skips
    /// one search per source and the comparison of the bits).
    #[test]
    #[ignore]
    #[allow(clippy::print_stderr)]
    fn time_batches() {
        let Ok(dir) = std::env::var("TIEGRAPH_TIME_DATA") else {
            return;
        };
        let var = |name: &str, default: usize| {
            std::env::var(name)
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(default)
        };
        let (sources, one_too) = (
            var("TIEGRAPH_TIME_SOURCES", 400),
            var("TIEGRAPH_TIME_ONE", 1),
        );
        let data = crate::Dataset::load_dir(&dir).expect("a dataset");
        let snap = data.snapshot(&"2020-06-01".parse().expect("a date"));
        let pairs = snap.pairs();
        let graph = analysis_graph(&snap, &pairs);
        let n = graph.node_count();
        let (offsets, targets) = super::adjacency(
            n,
            graph
                .raw_edges()
                .iter()
                .map(|e| (e.source().index(), e.target().index())),
        );
        let sources = sources.min(n);
        let per_source = |t: std::time::Instant| t.elapsed().as_secs_f64() * 1e6 / sources as f64;
        for round in 0..3 {
            let t = std::time::Instant::now();
            let mut batch = Batch::new(n);
            let mut many = vec![0.0; n];
            let mut close = Vec::new();
            for first in (0..sources).step_by(LANES) {
                let count = LANES.min(sources - first);
                batch.run(&offsets, &targets, first, count, &mut many, &mut close);
            }
            let t_many = per_source(t);
            if one_too == 0 {
                eprintln!("round {round}: {n} nodes, {sources} sources: batches {t_many:.0} µs per source");
                continue;
            }
            let t = std::time::Instant::now();
            let mut search = Search::new(n);
            let mut one = vec![0.0; n];
            for s in 0..sources {
                search.run(&offsets, &targets, s, &mut one);
            }
            let t_one = per_source(t);
            assert_eq!(bits(&one), bits(&many));
            eprintln!(
                "round {round}: {n} nodes, {sources} sources: batches {t_many:.0} µs, one search per source {t_one:.0} µs per source"
            );
        }
    }
}
