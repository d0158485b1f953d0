//! Centrality on the analysis graph, and brokers: who sits between whom.

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
    /// networkx's `eigenvector_centrality(G)` (100 iterations, tolerance
    /// 1e-6); `None` when the iteration did not converge.
    pub eigenvector: Option<f64>,
}

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
/// (Brandes' algorithm, 2001), run on every core: the sources are cut into
/// blocks fixed by the number of actors, and the blocks' sums are added in
/// block order, so results are the same bits on any number of threads
/// ([`centrality_on`] picks the number). Eigenvector centrality comes from
/// rustworkx-core. Betweenness is normalised by
/// (n − 1)(n − 2) over the n actors in force, isolated ones included,
/// exactly as networkx normalises an undirected graph.
///
/// # Complexity
///
/// O(n m) time for n actors and m pairs (a breadth-first search from every
/// actor), O(n + m) memory per thread plus 64 partial sums of n values.
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
    // Compressed adjacency lists, neighbours in edge order.
    let mut offsets = vec![0usize; n + 1];
    for e in graph.raw_edges() {
        offsets[e.source().index() + 1] += 1;
        offsets[e.target().index() + 1] += 1;
    }
    for i in 0..n {
        offsets[i + 1] += offsets[i];
    }
    let mut fill = offsets.clone();
    let mut targets = vec![0u32; offsets[n]];
    for e in graph.raw_edges() {
        let (a, b) = (e.source().index(), e.target().index());
        targets[fill[a]] = b as u32;
        fill[a] += 1;
        targets[fill[b]] = a as u32;
        fill[b] += 1;
    }
    let (betweenness, closeness) = brandes(&offsets, &targets, threads);
    let eigenvector = rustworkx_core::centrality::eigenvector_centrality(
        &graph,
        |_| Ok::<f64, Infallible>(1.0),
        None,
        None,
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
/// the block sums are added in block order.
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
        let mut search = Search::new(n);
        loop {
            let b = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if b >= blocks {
                break;
            }
            let sources = b * per_block..((b + 1) * per_block).min(n);
            let mut between = vec![0.0; n];
            let mut close = Vec::with_capacity(sources.len());
            for s in sources {
                close.push(search.run(offsets, targets, s, &mut between));
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

/// The buffers of one breadth-first search, reused from source to source
/// (only the nodes reached are reset).
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
    /// δ(v) = σ(v) Σ (1 + δ(w)) / σ(w) over the successors w of v, the sum
    /// taken over the ratios of the successors in the order they were found.
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
        if reached <= 1 || dist_sum == 0 {
            return 0.0;
        }
        // As rustworkx and networkx: (r − 1) / Σd, times (r − 1) / (n − 1).
        (reached - 1) as f64 / dist_sum as f64 * (reached - 1) as f64 / (n - 1) as f64
    }
}
