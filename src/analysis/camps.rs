//! Camps: a partition of the signed graph that minimises frustration.
//!
//! (Over 600 lines with its tests: the exact search and the heuristic are
//! checked against each other here, on private state.)

use std::time::{Duration, Instant};

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::packing::Packer;
use super::robustness::{Partition, PartitionJson, Robustness};
use super::signed::{node_bound, SignedGraph};
use crate::model::{ActorKey, Confidence, Dataset, Sign};
use crate::pairs::Pairs;
use crate::snapshot::Snapshot;
use crate::time::Selector;

/// Search nodes the exact search may visit over all components of one
/// snapshot before it settles for the heuristic's answer.
const SEARCH_BUDGET: u64 = 4_000_000;
/// Components larger than this are not searched exactly (the recursion is
/// as deep as the component is large).
const EXACT_MAX_NODES: usize = 256;
/// The most camps [`camps`] and [`camps_with`] split a snapshot into: a
/// larger `k` is taken as this many, and the result's [`Camps::k`] says
/// so. The labels are bytes internally; the bound and the claim of
/// optimality hold for at most this many camps.
pub const MAX_CAMPS: usize = u8::MAX as usize;
/// Seed of the local search: fixed, so the same graph gives the same camps.
const SEED: u64 = 0x7469_6567_7261_7068; // "tiegraph"
/// Greedy packings tried for the bound of a component before the search.
const PACKING_ROUNDS: usize = 24;

/// How long [`camps_with`] may search for a proof of optimality.
///
/// The search stops at whichever limit comes first; the partition found so
/// far is reported with its proven lower bound. With a node budget and no
/// time limit the result depends only on the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CampsOptions {
    /// Wall-clock time for the bound and the branch and bound of the whole
    /// snapshot; `None` for no limit.
    pub time_limit: Option<Duration>,
    /// Branch-and-bound nodes over all components; `None` for no limit.
    pub node_budget: Option<u64>,
}

impl Default for CampsOptions {
    /// What [`camps`] uses: 4 million search nodes and 10 seconds.
    fn default() -> Self {
        CampsOptions {
            time_limit: Some(Duration::from_secs(10)),
            node_budget: Some(SEARCH_BUDGET),
        }
    }
}

/// What one actor's move to its best other camp would cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CampMove {
    /// The actor.
    pub actor: ActorKey,
    /// How much the frustration would rise if it moved alone to the other
    /// camp (or an empty camp, when fewer than k are used) where it
    /// frustrates fewest pairs. `0`: the data cannot place the actor.
    pub cost: i64,
}

/// A signed pair that disagrees with the camps: negative inside a camp, or
/// positive across two camps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FrustratedPair {
    /// The actor with the smaller id.
    pub a: ActorKey,
    /// The actor with the larger id.
    pub b: ActorKey,
    /// The net sign of the pair.
    pub sign: Sign,
}

/// A partition of the actors of a snapshot's signed graph into camps.
///
/// Made by [`camps`]. Serializes to the camps JSON of the format:
/// `{"at", "k", "camps": [[ids]], "frustration", "lower_bound", "gap",
/// "exact"}`, plus `"frustrated": [{"a", "b", "sign"}]`, the pairs that
/// count towards the frustration, `"moves": [{"id", "cost"}]` (see
/// [`Camps::moves`]), and
/// `"robustness": {"without_alleged": {"camps", "frustration", "exact"},
/// "changes"}` (rule R5, see [`Robustness`]).
#[derive(Debug, Clone)]
pub struct Camps<'d> {
    dataset: &'d Dataset,
    at: Selector,
    k: usize,
    camps: Vec<Vec<ActorKey>>,
    frustrated: Vec<FrustratedPair>,
    lower_bound: usize,
    exact: bool,
    moves: Vec<CampMove>,
    robustness: Robustness<Partition>,
}

impl<'d> Camps<'d> {
    /// The dataset the keys belong to.
    pub fn dataset(&self) -> &'d Dataset {
        self.dataset
    }

    /// The selector of the snapshot.
    pub fn at(&self) -> Selector {
        self.at
    }

    /// The most camps allowed.
    pub fn k(&self) -> usize {
        self.k
    }

    /// The non-empty camps, each sorted by id, sorted by their first id.
    pub fn camps(&self) -> &[Vec<ActorKey>] {
        &self.camps
    }

    /// The index in [`Camps::camps`] of an actor's camp, `None` when it has
    /// no signed pair.
    pub fn camp_of(&self, key: ActorKey) -> Option<usize> {
        self.camps
            .iter()
            .position(|c| c.binary_search(&key).is_ok())
    }

    /// Negative pairs inside a camp plus positive pairs across camps.
    pub fn frustration(&self) -> usize {
        self.frustrated.len()
    }

    /// The pairs that make up the frustration, sorted by (a, b).
    pub fn frustrated(&self) -> &[FrustratedPair] {
        &self.frustrated
    }

    /// Whether the partition is proven to minimise the frustration: its
    /// frustration equals [`Camps::lower_bound`].
    pub fn is_exact(&self) -> bool {
        self.exact
    }

    /// A proven lower bound on the least frustration of any partition into
    /// at most [`Camps::k`] camps (see [`camps_with`] for how it is found).
    pub fn lower_bound(&self) -> usize {
        self.lower_bound
    }

    /// `frustration − lower_bound`: how far the partition may be from the
    /// optimum; 0 when it is exact.
    pub fn gap(&self) -> usize {
        self.frustration() - self.lower_bound
    }

    /// For each actor of the camps, sorted by key, the cost of its best
    /// single move (see [`CampMove`]).
    pub fn moves(&self) -> &[CampMove] {
        &self.moves
    }

    /// The partition without the alleged ties, and whether it differs
    /// (rule R5).
    pub fn robustness(&self) -> &Robustness<Partition> {
        &self.robustness
    }
}

/// Splits the actors that have at least one signed pair into at most `k`
/// camps so that as few pairs as possible are frustrated: negative inside a
/// camp or positive across camps (the frustration index of structural
/// balance theory, Harary 1959; `k = 2` is the format's default).
///
/// Each connected component of the signed graph is solved on its own, and
/// the camps of the components are merged by position (the camp of a
/// component's first actor by id joins camp 0, and so on).
///
/// # Arguments
///
/// * `snapshot` – the network to partition.
/// * `k` – the most camps allowed; `0` is treated as `1`, and more than
///   [`MAX_CAMPS`] as [`MAX_CAMPS`] (which [`Camps::k`] then gives).
///
/// # Returns
///
/// The best camps found, with a proven [`Camps::lower_bound`];
/// [`Camps::is_exact`] is `true` when the two meet. The limits are those of
/// [`CampsOptions::default`] (4 million search nodes, 10 s); see
/// [`camps_with`] for the method.
///
/// # Complexity
///
/// Exponential in the worst case for the exact search (bounded by the
/// limits), O(m k) per local-search pass and O(m) per cycle search of the
/// bound.
///
/// # Example
///
/// ```
/// use tiegraph::analysis::camps;
///
/// let data = tiegraph::default_dataset();
/// let c = camps(&data.snapshot(&"2026-03-01".parse()?), 2);
/// assert!(c.is_exact());
/// assert!(c.camps().len() <= 2);
/// let [pak, ind] = [data.resolve("PAK")?, data.resolve("IND")?];
/// assert_ne!(c.camp_of(pak), c.camp_of(ind));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn camps<'d>(snapshot: &Snapshot<'d>, k: usize) -> Camps<'d> {
    camps_with(snapshot, k, &CampsOptions::default())
}

/// [`camps`] with explicit search limits.
///
/// # Method
///
/// For each connected component of the signed graph: a seeded multi-start
/// local search gives a partition; a greedy packing of edge-disjoint
/// unbalanced cycles, found after switching the signs by that partition
/// (see the module `packing`), gives a lower bound; when they differ and the
/// component has at most 256 actors, a branch and bound over the camps of
/// the actors runs until it proves the optimum or reaches a limit. Its bound
/// at every search node adds three disjoint parts: the frustration among the
/// placed actors, for each unplaced actor the least frustration it must
/// have with the placed ones, and a cycle packing among the unplaced actors
/// (computed once per depth). The lower bound reported is the sum over the
/// components of the search's optimum or, when the search stopped early,
/// the packing's bound.
///
/// With two camps every unbalanced cycle counts; with more camps only cycles
/// with exactly one negative pair do (an all-negative triangle forces
/// nothing with three camps). The packing adds, from the negative pairs its
/// cycles left, `k + 1` mutually hostile actors, or `k` of them and a
/// friendly group hostile to each: `k` camps cannot satisfy either. The
/// bound is still weaker for `k ≥ 3` than for two camps.
///
/// # Example
///
/// ```
/// use std::time::Duration;
/// use tiegraph::analysis::{camps_with, CampsOptions};
///
/// let data = tiegraph::default_dataset();
/// let limits = CampsOptions { time_limit: Some(Duration::from_secs(5)), node_budget: None };
/// let c = camps_with(&data.snapshot(&"2026-03-01".parse()?), 2, &limits);
/// assert!(c.lower_bound() <= c.frustration());
/// assert_eq!(c.is_exact(), c.gap() == 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn camps_with<'d>(snapshot: &Snapshot<'d>, k: usize, options: &CampsOptions) -> Camps<'d> {
    let k = k.clamp(1, MAX_CAMPS);
    let start = Instant::now();
    let deadline = options.time_limit.map(|t| start + t);
    let solved = partition(&snapshot.pairs(), k, options.node_budget, deadline);
    let robustness = if snapshot.has_alleged() {
        // The check without alleged ties gets what time is left.
        let then = partition(
            &snapshot.pairs_at_least(Confidence::Reported),
            k,
            options.node_budget,
            deadline,
        );
        Robustness {
            changes: then.camps != solved.camps,
            without_alleged: Partition {
                frustration: then.frustrated.len(),
                exact: then.exact(),
                camps: then.camps,
            },
        }
    } else {
        Robustness {
            without_alleged: Partition {
                camps: solved.camps.clone(),
                frustration: solved.frustrated.len(),
                exact: solved.exact(),
            },
            changes: false,
        }
    };
    Camps {
        dataset: snapshot.dataset(),
        at: snapshot.selector(),
        k,
        exact: solved.exact(),
        camps: solved.camps,
        frustrated: solved.frustrated,
        lower_bound: solved.lower_bound,
        moves: solved.moves,
        robustness,
    }
}

/// A solved partition of one signed graph.
struct Solved {
    camps: Vec<Vec<ActorKey>>,
    frustrated: Vec<FrustratedPair>,
    lower_bound: usize,
    moves: Vec<CampMove>,
}

impl Solved {
    fn exact(&self) -> bool {
        self.frustrated.len() == self.lower_bound
    }
}

/// What is left of the search limits of one snapshot.
struct Limits {
    budget: Option<u64>,
    deadline: Option<Instant>,
}

impl Limits {
    fn out_of_time(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }
}

/// The camps of the signed graph of `pairs` (at most `k`), the pairs that
/// disagree with them, a lower bound and the cost of each actor's move.
fn partition(pairs: &Pairs, k: usize, budget: Option<u64>, deadline: Option<Instant>) -> Solved {
    let graph = SignedGraph::from_pairs(pairs, node_bound(pairs));
    // Camp labels are u8 internally (`camps_with` caps k at MAX_CAMPS).
    let labels_k = k.min(MAX_CAMPS);

    let mut label: Vec<Option<usize>> = vec![None; graph.node_count()];
    let mut lower_bound = 0;
    let mut limits = Limits { budget, deadline };
    let mut seen = vec![false; graph.node_count()];
    for start in 0..graph.node_count() {
        if seen[start] || graph.neighbours(start).is_empty() {
            continue;
        }
        let component = component_of(&graph, start, &mut seen);
        let local = LocalGraph::new(&graph, &component);
        let k_here = labels_k.min(component.len());
        let (labels, bound) = solve(&local, k_here, &mut limits, start as u64);
        lower_bound += bound;
        // Relabel by first appearance in id order: deterministic camp numbers.
        let mut rename: Vec<Option<usize>> = vec![None; k_here];
        let mut next = 0;
        for (i, &node) in component.iter().enumerate() {
            let l = labels[i] as usize;
            let new = *rename[l].get_or_insert_with(|| {
                next += 1;
                next - 1
            });
            label[node] = Some(new);
        }
    }

    let mut camps: Vec<Vec<ActorKey>> = vec![Vec::new(); labels_k];
    for (node, l) in label.iter().enumerate() {
        if let Some(l) = l {
            camps[*l].push(ActorKey(node as u32));
        }
    }
    camps.retain(|c| !c.is_empty());
    camps.sort_by_key(|c| c.first().copied());
    // The index of each actor's camp in the sorted camps.
    let mut camp_of: Vec<Option<usize>> = vec![None; graph.node_count()];
    for (i, camp) in camps.iter().enumerate() {
        for a in camp {
            camp_of[a.index()] = Some(i);
        }
    }

    let frustrated = pairs
        .signed()
        .filter_map(|p| {
            let same = camp_of[p.a.index()] == camp_of[p.b.index()];
            let sign = p.sign();
            let bad = (sign == Sign::Negative) == same;
            bad.then_some(FrustratedPair {
                a: p.a,
                b: p.b,
                sign,
            })
        })
        .collect();
    let moves = moves(&graph, &camp_of, camps.len(), labels_k);
    Solved {
        camps,
        frustrated,
        lower_bound,
        moves,
    }
}

/// For each placed actor, by key, how much the frustration rises when it
/// alone moves to the other camp where it frustrates fewest pairs; an empty
/// camp is an option when fewer than `k` camps are used.
fn moves(graph: &SignedGraph, camp_of: &[Option<usize>], used: usize, k: usize) -> Vec<CampMove> {
    let mut pos_in = vec![0i64; used];
    let mut neg_in = vec![0i64; used];
    let mut out = Vec::new();
    for (v, own) in camp_of.iter().enumerate() {
        let Some(own) = *own else { continue };
        pos_in.fill(0);
        neg_in.fill(0);
        let mut positive = 0;
        for &(w, s) in graph.neighbours(v) {
            let Some(c) = camp_of[w as usize] else {
                continue;
            };
            if s > 0 {
                pos_in[c] += 1;
                positive += 1;
            } else {
                neg_in[c] += 1;
            }
        }
        // In camp c, v frustrates its positive pairs outside c and its
        // negative pairs inside c; alone in a new camp, all its positive ones.
        let cost = |c: usize| positive - pos_in[c] + neg_in[c];
        let mut best: Option<i64> = (used < k).then_some(positive);
        for c in (0..used).filter(|&c| c != own) {
            best = Some(best.map_or(cost(c), |b| b.min(cost(c))));
        }
        if let Some(best) = best {
            out.push(CampMove {
                actor: ActorKey(v as u32),
                cost: best - cost(own),
            });
        }
    }
    out
}

/// The nodes of the connected component of `start`, sorted.
fn component_of(graph: &SignedGraph, start: usize, seen: &mut [bool]) -> Vec<usize> {
    let mut nodes = vec![start];
    seen[start] = true;
    let mut i = 0;
    while let Some(&v) = nodes.get(i) {
        for &(w, _) in graph.neighbours(v) {
            let w = w as usize;
            if !seen[w] {
                seen[w] = true;
                nodes.push(w);
            }
        }
        i += 1;
    }
    nodes.sort_unstable();
    nodes
}

/// One component with local indices `0..n` (in the order of `nodes`).
struct LocalGraph {
    adj: Vec<Vec<(u32, i8)>>,
    edges: usize,
}

impl LocalGraph {
    fn new(graph: &SignedGraph, nodes: &[usize]) -> LocalGraph {
        let local = |v: u32| nodes.binary_search(&(v as usize)).ok().map(|i| i as u32);
        let adj: Vec<Vec<(u32, i8)>> = nodes
            .iter()
            .map(|&v| {
                graph
                    .neighbours(v)
                    .iter()
                    .filter_map(|&(w, s)| Some((local(w)?, s)))
                    .collect()
            })
            .collect();
        let edges = adj.iter().map(Vec::len).sum::<usize>() / 2;
        LocalGraph { adj, edges }
    }

    fn len(&self) -> usize {
        self.adj.len()
    }

    fn frustration(&self, labels: &[u8]) -> usize {
        let mut total = 0;
        for (v, nbrs) in self.adj.iter().enumerate() {
            for &(w, s) in nbrs {
                let w = w as usize;
                if w > v && ((s < 0) == (labels[v] == labels[w])) {
                    total += 1;
                }
            }
        }
        total
    }
}

/// Best labels found for one component and a proven lower bound on its
/// least frustration (equal to the labels' frustration when proven optimal).
fn solve(g: &LocalGraph, k: usize, limits: &mut Limits, salt: u64) -> (Vec<u8>, usize) {
    let (labels, cost) = heuristic(g, k, salt);
    if cost == 0 || k == 1 {
        // With one camp there is only one partition.
        return (labels, cost);
    }
    let bound = packing_bound(g, k, &labels, salt, limits.deadline);
    if bound >= cost || g.len() > EXACT_MAX_NODES || limits.out_of_time() {
        return (labels, bound.min(cost));
    }
    let mut search = Search::new(g, k, labels, cost, limits);
    search.run();
    if !search.aborted {
        return (search.best_labels, search.best);
    }
    let (mut labels, best) = (search.best_labels, search.best);
    // The search's incumbent need not be a local optimum: polish it, so
    // that no single move lowers the frustration.
    let polished = local_search(g, k, &mut labels);
    let mut bound = bound;
    if polished < cost {
        // A better partition switches the signs differently: pack again.
        bound = bound.max(packing_bound(g, k, &labels, salt, limits.deadline));
    }
    debug_assert!(polished <= best);
    (labels, bound.min(polished))
}

/// The best greedy packing of unbalanced cycles of the component (see the
/// module `packing`), with signs switched by `labels` when `k == 2`.
fn packing_bound(
    g: &LocalGraph,
    k: usize,
    labels: &[u8],
    salt: u64,
    deadline: Option<Instant>,
) -> usize {
    let switch = (k == 2).then_some(labels);
    let all = vec![true; g.len()];
    Packer::new(&g.adj, switch, &all, k).best(PACKING_ROUNDS, SEED ^ salt, deadline)
}

/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny fixed-seed generator, so
/// the heuristic is deterministic without a dependency.
pub(super) struct SplitMix(pub(super) u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Seeded multi-start local search: a greedy breadth-first start and random
/// starts, each improved by single-actor moves to a local optimum, then
/// random kicks of the best partition.
fn heuristic(g: &LocalGraph, k: usize, salt: u64) -> (Vec<u8>, usize) {
    let n = g.len();
    let mut rng = SplitMix(SEED ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let mut best = greedy(g, k);
    let mut best_cost = local_search(g, k, &mut best);
    // Fewer restarts on big graphs: each costs a few passes over all pairs.
    let starts = (4_000_000 / (g.edges + n + 1)).clamp(4, 32);
    let mut labels = vec![0u8; n];
    for _ in 0..starts {
        if best_cost == 0 {
            break;
        }
        for l in labels.iter_mut() {
            *l = rng.below(k) as u8;
        }
        let cost = local_search(g, k, &mut labels);
        if cost < best_cost {
            best_cost = cost;
            best.copy_from_slice(&labels);
        }
    }
    for _ in 0..starts {
        if best_cost == 0 {
            break;
        }
        labels.copy_from_slice(&best);
        for _ in 0..(n / 10).max(1) {
            labels[rng.below(n)] = rng.below(k) as u8;
        }
        let cost = local_search(g, k, &mut labels);
        if cost < best_cost {
            best_cost = cost;
            best.copy_from_slice(&labels);
        }
    }
    (best, best_cost)
}

/// Places actors in breadth-first order, each in the camp that frustrates
/// fewest pairs with the actors already placed: exact when the component
/// is balanced.
fn greedy(g: &LocalGraph, k: usize) -> Vec<u8> {
    let n = g.len();
    let mut labels = vec![u8::MAX; n];
    let mut queue = Vec::with_capacity(n);
    let mut queued = vec![false; n];
    let mut cost = vec![0usize; k];
    for root in 0..n {
        if queued[root] {
            continue;
        }
        queued[root] = true;
        queue.push(root);
        let mut i = queue.len() - 1;
        while let Some(&v) = queue.get(i) {
            i += 1;
            cost.fill(0);
            for &(w, s) in &g.adj[v] {
                let lw = labels[w as usize];
                if lw == u8::MAX {
                    if !queued[w as usize] {
                        queued[w as usize] = true;
                        queue.push(w as usize);
                    }
                    continue;
                }
                for (c, x) in cost.iter_mut().enumerate() {
                    if (s < 0) == (c == lw as usize) {
                        *x += 1;
                    }
                }
            }
            labels[v] = argmin(&cost) as u8;
        }
    }
    labels
}

/// The first index of the smallest value.
fn argmin(values: &[usize]) -> usize {
    let mut best = 0;
    for (i, &v) in values.iter().enumerate() {
        if v < values[best] {
            best = i;
        }
    }
    best
}

/// Moves single actors to their best camp until no move lowers the
/// frustration; returns the frustration reached.
fn local_search(g: &LocalGraph, k: usize, labels: &mut [u8]) -> usize {
    let mut pos_in = vec![0usize; k];
    let mut neg_in = vec![0usize; k];
    let mut cost = vec![0usize; k];
    loop {
        let mut improved = false;
        for v in 0..g.len() {
            // In camp c, v frustrates its negative pairs inside c and its
            // positive pairs outside c: O(d + k) rather than O(d k).
            pos_in.fill(0);
            neg_in.fill(0);
            let mut positive = 0;
            for &(w, s) in &g.adj[v] {
                let lw = labels[w as usize] as usize;
                if s > 0 {
                    pos_in[lw] += 1;
                    positive += 1;
                } else {
                    neg_in[lw] += 1;
                }
            }
            for c in 0..k {
                cost[c] = positive - pos_in[c] + neg_in[c];
            }
            let best = argmin(&cost);
            if cost[best] < cost[labels[v] as usize] {
                labels[v] = best as u8;
                improved = true;
            }
        }
        if !improved {
            return g.frustration(labels);
        }
    }
}

/// Branch and bound over camp assignments.
///
/// Actors are assigned in a fixed order (most connected to those already
/// ordered first); camp labels are canonical (an actor may only open the
/// next unused camp), which removes the k! relabellings. The bound adds to
/// the frustration among assigned actors, for every unassigned actor, the
/// least frustration it must have with the assigned ones: each pair between
/// an assigned and an unassigned actor is counted once, so the bound is
/// admissible. It adds, too, a packing of unbalanced cycles among the
/// unassigned actors (pairs that neither other part counts), computed once
/// for each depth since the order is fixed.
struct Search<'g, 'b> {
    g: &'g LocalGraph,
    k: usize,
    order: Vec<usize>,
    labels: Vec<u8>,
    /// `cost[v * k + c]`: frustrated pairs between v in camp c and the
    /// assigned actors.
    cost: Vec<u32>,
    /// min over c of `cost[v * k + c]`, for unassigned v.
    min_cost: Vec<u32>,
    /// Sum of `min_cost` over unassigned actors.
    rest: u64,
    /// `packed[d]`: edge-disjoint unbalanced cycles among `order[d..]`.
    packed: Vec<u32>,
    best: usize,
    best_labels: Vec<u8>,
    limits: &'b mut Limits,
    visited: u64,
    aborted: bool,
}

const UNASSIGNED: u8 = u8::MAX;

impl<'g, 'b> Search<'g, 'b> {
    fn new(
        g: &'g LocalGraph,
        k: usize,
        best_labels: Vec<u8>,
        best: usize,
        limits: &'b mut Limits,
    ) -> Search<'g, 'b> {
        let n = g.len();
        let order = search_order(g);
        let mut packed = vec![0u32; n + 1];
        let mut active = vec![true; n];
        let switch = (k == 2).then_some(best_labels.as_slice());
        for d in 0..n {
            if limits.out_of_time() {
                // Zeros are valid (weaker) bounds.
                break;
            }
            packed[d] = Packer::new(&g.adj, switch, &active, k)
                .without_groups()
                .best(1, SEED, limits.deadline) as u32;
            active[order[d]] = false;
        }
        Search {
            g,
            k,
            order,
            labels: vec![UNASSIGNED; n],
            cost: vec![0; n * k],
            min_cost: vec![0; n],
            rest: 0,
            packed,
            best,
            best_labels,
            limits,
            visited: 0,
            aborted: false,
        }
    }

    fn run(&mut self) {
        self.descend(0, 0, 0);
    }

    fn descend(&mut self, depth: usize, used: usize, current: usize) {
        let bound = current as u64 + self.rest + u64::from(self.packed[depth]);
        if self.aborted || bound >= self.best as u64 {
            return;
        }
        let Some(&v) = self.order.get(depth) else {
            self.best = current;
            self.best_labels.copy_from_slice(&self.labels);
            return;
        };
        if self.limits.budget == Some(0)
            || (self.visited % 1024 == 1023 && self.limits.out_of_time())
        {
            self.aborted = true;
            return;
        }
        if let Some(b) = self.limits.budget.as_mut() {
            *b -= 1;
        }
        self.visited += 1;
        let open = (used + 1).min(self.k);
        let mut choices: Vec<(u32, usize)> =
            (0..open).map(|c| (self.cost[v * self.k + c], c)).collect();
        choices.sort_unstable();
        for (added, c) in choices {
            self.assign(v, c);
            self.descend(depth + 1, used.max(c + 1), current + added as usize);
            self.unassign(v, c);
            if self.aborted {
                return;
            }
        }
    }

    fn assign(&mut self, v: usize, c: usize) {
        self.labels[v] = c as u8;
        self.rest -= u64::from(self.min_cost[v]);
        self.update(v, c, true);
    }

    fn unassign(&mut self, v: usize, c: usize) {
        self.update(v, c, false);
        self.labels[v] = UNASSIGNED;
        self.rest += u64::from(self.min_cost[v]);
    }

    /// Adds (or removes) the frustration that `v` in camp `c` causes to each
    /// unassigned neighbour, and keeps `min_cost` and `rest` in step.
    fn update(&mut self, v: usize, c: usize, add: bool) {
        let k = self.k;
        for &(w, s) in &self.g.adj[v] {
            let w = w as usize;
            if self.labels[w] != UNASSIGNED {
                continue;
            }
            let row = &mut self.cost[w * k..(w + 1) * k];
            for (camp, x) in row.iter_mut().enumerate() {
                if (s < 0) == (camp == c) {
                    if add {
                        *x += 1;
                    } else {
                        *x -= 1;
                    }
                }
            }
            let new_min = row.iter().copied().min().unwrap_or(0);
            self.rest = self.rest + u64::from(new_min) - u64::from(self.min_cost[w]);
            self.min_cost[w] = new_min;
        }
    }
}

/// Starts from the actor of highest degree, then repeatedly takes the actor
/// with most pairs to those already taken (then highest degree, then
/// lowest index), so bounds tighten early.
fn search_order(g: &LocalGraph) -> Vec<usize> {
    let n = g.len();
    let mut order = Vec::with_capacity(n);
    let mut taken = vec![false; n];
    let mut links = vec![0usize; n];
    for _ in 0..n {
        let mut pick: Option<usize> = None;
        for v in 0..n {
            if taken[v] {
                continue;
            }
            let better =
                pick.is_none_or(|p| (links[v], g.adj[v].len()) > (links[p], g.adj[p].len()));
            if better {
                pick = Some(v);
            }
        }
        let Some(v) = pick else { break };
        taken[v] = true;
        order.push(v);
        for &(w, _) in &g.adj[v] {
            links[w as usize] += 1;
        }
    }
    order
}

impl Serialize for Camps<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.dataset;
        let camps: Vec<Vec<&str>> = self
            .camps
            .iter()
            .map(|c| c.iter().map(|&a| d.actor_id(a)).collect())
            .collect();
        let frustrated: Vec<FrustratedJson<'_>> = self
            .frustrated
            .iter()
            .map(|p| FrustratedJson {
                a: d.actor_id(p.a),
                b: d.actor_id(p.b),
                sign: p.sign,
            })
            .collect();
        let moves: Vec<MoveJson<'_>> = self
            .moves
            .iter()
            .map(|m| MoveJson {
                id: d.actor_id(m.actor),
                cost: m.cost,
            })
            .collect();
        let mut m = s.serialize_map(Some(10))?;
        m.serialize_entry("at", &self.at)?;
        m.serialize_entry("k", &self.k)?;
        m.serialize_entry("camps", &camps)?;
        m.serialize_entry("frustration", &self.frustration())?;
        m.serialize_entry("lower_bound", &self.lower_bound)?;
        m.serialize_entry("gap", &self.gap())?;
        m.serialize_entry("exact", &self.exact)?;
        m.serialize_entry("frustrated", &frustrated)?;
        m.serialize_entry("moves", &moves)?;
        m.serialize_entry(
            "robustness",
            &PartitionJson {
                dataset: d,
                robustness: &self.robustness,
            },
        )?;
        m.end()
    }
}

#[derive(Serialize)]
struct MoveJson<'a> {
    id: &'a str,
    cost: i64,
}

#[derive(Serialize)]
struct FrustratedJson<'a> {
    a: &'a str,
    b: &'a str,
    sign: Sign,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(n: usize, edges: &[(usize, usize, i8)]) -> LocalGraph {
        let mut g = SignedGraph::with_nodes(n);
        for &(u, v, s) in edges {
            g.set(u, v, s);
        }
        let nodes: Vec<usize> = (0..n).collect();
        LocalGraph::new(&g, &nodes)
    }

    #[test]
    fn all_negative_triangle_needs_one_frustrated_pair_in_two_camps() {
        let g = local(3, &[(0, 1, -1), (0, 2, -1), (1, 2, -1)]);
        let mut limits = limits(Some(SEARCH_BUDGET));
        let (labels, bound) = solve(&g, 2, &mut limits, 0);
        assert_eq!((g.frustration(&labels), bound), (1, 1));
        let (labels, bound) = solve(&g, 3, &mut limits, 0);
        assert_eq!((g.frustration(&labels), bound), (0, 0));
    }

    #[test]
    fn search_improves_a_bad_incumbent() {
        // Two positive triangles joined by a negative pair, plus a negative
        // chord inside one of them: the optimum frustrates that chord only.
        let g = local(
            6,
            &[
                (0, 1, 1),
                (1, 2, 1),
                (0, 2, -1),
                (3, 4, 1),
                (4, 5, 1),
                (3, 5, 1),
                (2, 3, -1),
            ],
        );
        let mut limits = limits(Some(SEARCH_BUDGET));
        let mut s = Search::new(&g, 2, vec![0; 6], g.frustration(&[0; 6]), &mut limits);
        s.run();
        assert!(!s.aborted);
        assert_eq!(s.best, 1);
        assert_eq!(g.frustration(&s.best_labels), 1);
    }

    #[test]
    fn exhausted_budget_keeps_the_packing_bound() {
        // An all-negative triangle: the packing after switching proves the
        // heuristic's single frustrated pair optimal without any search.
        let g = local(3, &[(0, 1, -1), (0, 2, -1), (1, 2, -1)]);
        let mut limits = limits(Some(0));
        let (labels, bound) = solve(&g, 2, &mut limits, 0);
        assert_eq!((g.frustration(&labels), bound), (1, 1));
        // A 5-cycle of negatives with 3 camps: 0 frustration, bound 0.
        let g = local(
            5,
            &[(0, 1, -1), (1, 2, -1), (2, 3, -1), (3, 4, -1), (0, 4, -1)],
        );
        let (labels, bound) = solve(&g, 3, &mut limits, 0);
        assert_eq!((g.frustration(&labels), bound), (0, 0));
    }

    #[test]
    fn search_without_budget_reports_a_weaker_bound() {
        // K4 all negative with 2 camps: optimum 2 (a 2+2 split); an
        // edge-disjoint packing of odd cycles finds only 1 (the 6 pairs
        // hold two triangles only if they share no pair, and any two
        // triangles of K4 share one), so with no search the gap is 1.
        let g = local(
            4,
            &[
                (0, 1, -1),
                (0, 2, -1),
                (0, 3, -1),
                (1, 2, -1),
                (1, 3, -1),
                (2, 3, -1),
            ],
        );
        let (labels, bound) = solve(&g, 2, &mut limits(Some(0)), 0);
        assert_eq!((g.frustration(&labels), bound), (2, 1));
        let (labels, bound) = solve(&g, 2, &mut limits(None), 0);
        assert_eq!((g.frustration(&labels), bound), (2, 2));
    }

    fn limits(budget: Option<u64>) -> Limits {
        Limits {
            budget,
            deadline: None,
        }
    }
}
