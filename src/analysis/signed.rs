//! The signed graph as sorted adjacency lists, shared by balance, camps,
//! predictions and the timeline, with degree-ordered triangle enumeration.
//!
//! (Over 600 lines with its tests: triangle enumeration is checked here
//! against brute force on random graphs, which needs the private graph.)

use crate::model::Sign;
use crate::pairs::Pairs;

/// How many triangles of a signed graph are balanced and unbalanced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TriangleCount {
    /// Triangles whose three signs multiply to `+`.
    pub balanced: usize,
    /// Triangles whose three signs multiply to `−`.
    pub unbalanced: usize,
}

impl TriangleCount {
    /// All triangles.
    pub fn total(&self) -> usize {
        self.balanced + self.unbalanced
    }

    /// `balanced / (balanced + unbalanced)`, `None` when there is no triangle.
    pub fn ratio(&self) -> Option<f64> {
        let total = self.total();
        (total > 0).then(|| self.balanced as f64 / total as f64)
    }

    fn add(&mut self, product: i8) {
        if product > 0 {
            self.balanced += 1;
        } else {
            self.unbalanced += 1;
        }
    }

    fn remove(&mut self, product: i8) {
        if product > 0 {
            self.balanced = self.balanced.saturating_sub(1);
        } else {
            self.unbalanced = self.unbalanced.saturating_sub(1);
        }
    }
}

/// Counts the balanced and unbalanced triangles of the signed graph of
/// `pairs` (the pairs whose net sign is `+` or `−`), without listing them.
///
/// # Complexity
///
/// O(m √m) time and O(n + m) memory for m signed pairs among n actors: each
/// pair is oriented from its endpoint of lower degree to the one of higher
/// degree (ties broken by key), so every actor has O(√m) out-neighbours and
/// each triangle is found once, from its lowest-ranked corner (Chiba and
/// Nishizeki, 1985; Schank and Wagner, 2005).
///
/// # Example
///
/// ```
/// use tiegraph::analysis::count_triangles;
///
/// let data = tiegraph::default_dataset();
/// let pairs = data.snapshot(&"2026-03-01".parse()?).pairs();
/// let count = count_triangles(&pairs);
/// assert!(count.total() > 0);
/// assert_eq!(count.ratio(), Some(count.balanced as f64 / count.total() as f64));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn count_triangles(pairs: &Pairs) -> TriangleCount {
    let graph = SignedGraph::from_pairs(pairs, node_bound(pairs));
    graph.count_triangles()
}

/// [`count_triangles`] on at most `threads` threads, the caller's included
/// (1: on the caller's thread alone). The counts do not depend on it.
///
/// ```
/// use tiegraph::analysis::{count_triangles, count_triangles_on};
///
/// let data = tiegraph::default_dataset();
/// let pairs = data.snapshot(&"2026-03-01".parse()?).pairs();
/// assert_eq!(count_triangles_on(&pairs, 1), count_triangles(&pairs));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn count_triangles_on(pairs: &Pairs, threads: usize) -> TriangleCount {
    let graph = SignedGraph::from_pairs(pairs, node_bound(pairs));
    graph.count_on(threads >= 2 && graph.edges >= PARALLEL_EDGES)
}

/// One more than the largest actor index in `pairs`.
pub(crate) fn node_bound(pairs: &Pairs) -> usize {
    pairs
        .iter()
        .map(|p| p.a.index().max(p.b.index()) + 1)
        .max()
        .unwrap_or(0)
}

/// The sign behind `+1` / `-1` / `0`.
pub(crate) fn sign_of(value: i8) -> Sign {
    match value.signum() {
        1 => Sign::Positive,
        -1 => Sign::Negative,
        _ => Sign::Zero,
    }
}

/// An undirected signed simple graph over node indices `0..n` (actor
/// indices of a dataset): for each node, its neighbours with the sign of
/// the pair (`+1` or `-1`), sorted by neighbour.
#[derive(Debug, Clone, Default)]
pub(crate) struct SignedGraph {
    adj: Vec<Vec<(u32, i8)>>,
    edges: usize,
}

impl SignedGraph {
    /// A graph of `n` nodes and no edge.
    pub fn with_nodes(n: usize) -> SignedGraph {
        SignedGraph {
            adj: vec![Vec::new(); n],
            edges: 0,
        }
    }

    /// The signed graph of `pairs`, over `n` nodes (at least
    /// [`node_bound`]`(pairs)`).
    pub fn from_pairs(pairs: &Pairs, n: usize) -> SignedGraph {
        let edges = pairs
            .signed()
            .map(|p| (p.a.index() as u32, p.b.index() as u32, p.sign().value()));
        SignedGraph::from_sorted_edges(edges, n.max(node_bound(pairs)))
    }

    /// The graph of edges `(a, b, sign)` with `a < b < n`, sorted by
    /// `(a, b)`, without repeats, and signs `+1` or `-1`.
    pub fn from_sorted_edges(edges: impl Iterator<Item = (u32, u32, i8)>, n: usize) -> SignedGraph {
        let mut graph = SignedGraph::with_nodes(n);
        // Sorted by (a, b) with a < b, so pushing keeps each list sorted:
        // node v first receives its smaller neighbours (from edges (a, v), in
        // order of a), then its larger ones (from edges (v, b), in order of b).
        for (a, b, s) in edges {
            let (ai, bi) = (a as usize, b as usize);
            if ai >= n || bi >= n || s == 0 {
                continue;
            }
            graph.adj[ai].push((b, s));
            graph.adj[bi].push((a, s));
            graph.edges += 1;
        }
        graph
    }

    /// The number of nodes (including isolated ones).
    pub fn node_count(&self) -> usize {
        self.adj.len()
    }

    /// The number of signed edges.
    pub fn edge_count(&self) -> usize {
        self.edges
    }

    /// The neighbours of `v` with their signs, sorted by neighbour.
    pub fn neighbours(&self, v: usize) -> &[(u32, i8)] {
        self.adj.get(v).map_or(&[], Vec::as_slice)
    }

    /// The sign of the pair `u`–`v`: `+1`, `-1`, or `0` when not an edge.
    pub fn sign(&self, u: usize, v: usize) -> i8 {
        let (x, y) = if self.neighbours(u).len() <= self.neighbours(v).len() {
            (u, v)
        } else {
            (v, u)
        };
        let list = self.neighbours(x);
        list.binary_search_by_key(&(y as u32), |e| e.0)
            .map_or(0, |i| list[i].1)
    }

    /// Sets the sign of `u`–`v` (`0` removes the edge) and returns the old one.
    pub fn set(&mut self, u: usize, v: usize, sign: i8) -> i8 {
        let old = self.set_half(u, v, sign);
        self.set_half(v, u, sign);
        match (old != 0, sign != 0) {
            (false, true) => self.edges += 1,
            (true, false) => self.edges -= 1,
            _ => {}
        }
        old
    }

    fn set_half(&mut self, u: usize, v: usize, sign: i8) -> i8 {
        let Some(list) = self.adj.get_mut(u) else {
            return 0;
        };
        match list.binary_search_by_key(&(v as u32), |e| e.0) {
            Ok(i) => {
                let old = list[i].1;
                if sign == 0 {
                    list.remove(i);
                } else {
                    list[i].1 = sign;
                }
                old
            }
            Err(i) => {
                if sign != 0 {
                    list.insert(i, (v as u32, sign));
                }
                0
            }
        }
    }

    /// Calls `f(w, sign(u, w), sign(v, w))` for every common neighbour `w`
    /// of `u` and `v`, in increasing `w`.
    pub fn for_each_common(&self, u: usize, v: usize, mut f: impl FnMut(u32, i8, i8)) {
        let (nu, nv) = (self.neighbours(u), self.neighbours(v));
        let swap = nu.len() > nv.len();
        let (short, long) = if swap { (nv, nu) } else { (nu, nv) };
        let mut both = |w: u32, s_short: i8, s_long: i8| {
            if swap {
                f(w, s_long, s_short);
            } else {
                f(w, s_short, s_long);
            }
        };
        if short.len() * 16 < long.len() {
            // Very unequal degrees: binary-search the long list, O(d log D).
            for &(w, s) in short {
                if let Ok(i) = long.binary_search_by_key(&w, |e| e.0) {
                    both(w, s, long[i].1);
                }
            }
        } else {
            // Comparable degrees: merge the two sorted lists, O(d + D).
            let (mut i, mut j) = (0, 0);
            while let (Some(&(x, sx)), Some(&(y, sy))) = (short.get(i), long.get(j)) {
                match x.cmp(&y) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        both(x, sx, sy);
                        i += 1;
                        j += 1;
                    }
                }
            }
        }
    }

    /// The edges in CSR form, each pointing to its higher-ranked end (rank:
    /// degree, then index): (offsets, out-neighbours with signs).
    fn oriented(&self) -> (Vec<usize>, Vec<(u32, i8)>) {
        let n = self.adj.len();
        let rank_less = |a: usize, b: usize| (self.adj[a].len(), a) < (self.adj[b].len(), b);
        let mut offsets = Vec::with_capacity(n + 1);
        let mut out: Vec<(u32, i8)> = Vec::with_capacity(self.edges);
        offsets.push(0usize);
        for u in 0..n {
            out.extend(
                self.adj[u]
                    .iter()
                    .filter(|&&(w, _)| rank_less(u, w as usize)),
            );
            offsets.push(out.len());
        }
        (offsets, out)
    }

    /// Calls `f(u, v, w, s_uv, s_vw, s_uw)` for every triangle whose
    /// lowest-ranked corner `u` is in `nodes` (each triangle once over all
    /// nodes), with `mark` a zeroed scratch array of one entry per node.
    fn triangles_from(
        offsets: &[usize],
        out: &[(u32, i8)],
        nodes: impl Iterator<Item = usize>,
        mark: &mut [i8],
        mut f: impl FnMut(u32, u32, u32, i8, i8, i8),
    ) {
        for u in nodes {
            let out_u = &out[offsets[u]..offsets[u + 1]];
            if out_u.len() < 2 {
                continue;
            }
            for &(w, s) in out_u {
                mark[w as usize] = s;
            }
            for &(v, s_uv) in out_u {
                let v = v as usize;
                for &(w, s_vw) in &out[offsets[v]..offsets[v + 1]] {
                    let s_uw = mark[w as usize];
                    if s_uw != 0 {
                        f(u as u32, v as u32, w, s_uv, s_vw, s_uw);
                    }
                }
            }
            for &(w, _) in out_u {
                mark[w as usize] = 0;
            }
        }
    }

    /// Calls `f([x, y, z], [s_xy, s_xz, s_yz])` once for every triangle,
    /// with `x < y < z`.
    ///
    /// Degree-ordered enumeration: O(m √m).
    pub fn for_each_triangle(&self, mut f: impl FnMut([u32; 3], [i8; 3])) {
        let (offsets, out) = self.oriented();
        let mut mark = vec![0i8; self.adj.len()];
        let nodes = 0..self.adj.len();
        SignedGraph::triangles_from(&offsets, &out, nodes, &mut mark, |u, v, w, a, b, c| {
            emit_sorted(&mut f, u, v, w, a, b, c)
        });
    }

    /// Calls `f` as [`SignedGraph::for_each_triangle`] does, in increasing
    /// order of `[x, y, z]`, holding nothing but a mark per node: the
    /// triangles of a dense graph (millions) need not be listed and sorted
    /// to be written in order.
    ///
    /// For each x, its larger neighbours are marked; for each of them, y,
    /// the larger neighbours z of y that are marked close a triangle.
    pub fn for_each_triangle_in_order(&self, mut f: impl FnMut([u32; 3], [i8; 3])) {
        let n = self.adj.len();
        let mut mark = vec![0i8; n];
        // Each adjacency list is sorted: the neighbours larger than `v`
        // are a suffix.
        let higher = |v: usize| {
            let list = &self.adj[v];
            &list[list.partition_point(|&(u, _)| u as usize <= v)..]
        };
        for x in 0..n {
            let hx = higher(x);
            if hx.len() < 2 {
                continue;
            }
            for &(y, s) in hx {
                mark[y as usize] = s;
            }
            for &(y, s_xy) in hx {
                for &(z, s_yz) in higher(y as usize) {
                    let s_xz = mark[z as usize];
                    if s_xz != 0 {
                        f([x as u32, y, z], [s_xy, s_xz, s_yz]);
                    }
                }
            }
            for &(y, _) in hx {
                mark[y as usize] = 0;
            }
        }
    }

    /// Counts balanced and unbalanced triangles: on two threads for a large
    /// graph (each takes every other node; the sums do not depend on how
    /// the work is shared).
    pub fn count_triangles(&self) -> TriangleCount {
        let two = self.edges >= PARALLEL_EDGES
            && std::thread::available_parallelism().is_ok_and(|c| c.get() >= 2);
        self.count_on(two)
    }

    /// [`SignedGraph::count_triangles`] on one thread, or two.
    fn count_on(&self, two: bool) -> TriangleCount {
        let (offsets, out) = self.oriented();
        let n = self.adj.len();
        let count_from = |nodes: std::iter::StepBy<std::ops::Range<usize>>| {
            let mut count = TriangleCount::default();
            let mut mark = vec![0i8; n];
            SignedGraph::triangles_from(&offsets, &out, nodes, &mut mark, |_, _, _, a, b, c| {
                count.add(a * b * c)
            });
            count
        };
        if !two {
            return count_from((0..n).step_by(1));
        }
        std::thread::scope(|scope| {
            let odd = scope.spawn(|| count_from((1..n).step_by(2)));
            let even = count_from((0..n).step_by(2));
            let odd = odd
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            TriangleCount {
                balanced: even.balanced + odd.balanced,
                unbalanced: even.unbalanced + odd.unbalanced,
            }
        })
    }
}

/// Graphs with at least this many edges are counted on two threads.
const PARALLEL_EDGES: usize = 1 << 16;

/// Hands a triangle found as edges u–v, v–w, u–w to `f` with its corners
/// sorted and the signs of (x, y), (x, z), (y, z).
fn emit_sorted(
    f: &mut impl FnMut([u32; 3], [i8; 3]),
    u: u32,
    v: u32,
    w: u32,
    s_uv: i8,
    s_vw: i8,
    s_uw: i8,
) {
    let mut nodes = [u, v, w];
    nodes.sort_unstable();
    let sign = |a: u32, b: u32| {
        let key = (a.min(b), a.max(b));
        if key == (u.min(v), u.max(v)) {
            s_uv
        } else if key == (v.min(w), v.max(w)) {
            s_vw
        } else {
            s_uw
        }
    };
    let [x, y, z] = nodes;
    f(nodes, [sign(x, y), sign(x, z), sign(y, z)]);
}

/// A triangle count kept up to date while single pairs change sign.
#[derive(Debug, Clone, Default)]
pub(crate) struct DynamicBalance {
    graph: SignedGraph,
    count: TriangleCount,
}

impl DynamicBalance {
    /// Starts from `graph`, counted from scratch.
    pub fn new(graph: SignedGraph) -> DynamicBalance {
        let count = graph.count_triangles();
        DynamicBalance { graph, count }
    }

    /// The current count.
    pub fn count(&self) -> TriangleCount {
        self.count
    }

    /// The number of signed edges.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Sets the sign of `u`–`v` (`0`: no signed pair) and updates the count
    /// by the triangles through that pair only: O(d log D) for the degrees
    /// d ≤ D of `u` and `v`.
    pub fn set(&mut self, u: usize, v: usize, sign: i8) {
        let old = self.graph.sign(u, v);
        if old == sign {
            return;
        }
        let count = &mut self.count;
        self.graph.for_each_common(u, v, |_, s_uw, s_vw| {
            let rest = s_uw * s_vw;
            if old != 0 {
                count.remove(old * rest);
            }
            if sign != 0 {
                count.add(sign * rest);
            }
        });
        self.graph.set(u, v, sign);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The triangles in order are the triangles, sorted: on graphs from
    /// empty to complete, with both signs.
    #[test]
    fn triangles_in_order_are_the_sorted_triangles() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for n in [0usize, 1, 3, 7, 20, 40] {
            for density in [0u64, 20, 50, 90, 100] {
                let mut edges = Vec::new();
                for a in 0..n as u32 {
                    for b in a + 1..n as u32 {
                        if next() % 100 < density {
                            edges.push((a, b, if next() % 2 == 0 { 1 } else { -1 }));
                        }
                    }
                }
                let graph = SignedGraph::from_sorted_edges(edges.into_iter(), n);
                let mut listed = Vec::new();
                graph.for_each_triangle(|t, s| listed.push((t, s)));
                listed.sort_unstable();
                let mut ordered = Vec::new();
                graph.for_each_triangle_in_order(|t, s| ordered.push((t, s)));
                assert_eq!(ordered, listed, "n {n}, density {density}");
            }
        }
    }

    fn graph(n: usize, edges: &[(usize, usize, i8)]) -> SignedGraph {
        let mut g = SignedGraph::with_nodes(n);
        for &(u, v, s) in edges {
            g.set(u, v, s);
        }
        g
    }

    fn brute(g: &SignedGraph) -> TriangleCount {
        let n = g.node_count();
        let mut c = TriangleCount::default();
        for x in 0..n {
            for y in x + 1..n {
                for z in y + 1..n {
                    let s = [g.sign(x, y), g.sign(x, z), g.sign(y, z)];
                    if s.iter().all(|&s| s != 0) {
                        c.add(s[0] * s[1] * s[2]);
                    }
                }
            }
        }
        c
    }

    /// Counting on two threads (each taking every other node) counts what
    /// one thread and the brute force count.
    #[test]
    fn two_threads_count_what_one_counts() {
        let n = 60;
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let mut edges = Vec::new();
        for _ in 0..700 {
            let (u, v) = (next() % n, next() % n);
            if u != v {
                edges.push((u, v, if next() % 3 == 0 { -1 } else { 1 }));
            }
        }
        let g = graph(n, &edges);
        let one = g.count_on(false);
        assert!(one.total() > 100, "{one:?}");
        assert_eq!(one, brute(&g));
        assert_eq!(g.count_on(true), one);
    }

    #[test]
    fn k4_with_one_negative_edge() {
        // K4 with 0–1 negative: the two triangles through 0–1 are unbalanced.
        let g = graph(
            4,
            &[
                (0, 1, -1),
                (0, 2, 1),
                (0, 3, 1),
                (1, 2, 1),
                (1, 3, 1),
                (2, 3, 1),
            ],
        );
        let c = g.count_triangles();
        assert_eq!((c.balanced, c.unbalanced), (2, 2));
        assert_eq!(c, brute(&g));
        let mut seen = Vec::new();
        g.for_each_triangle(|t, s| seen.push((t, s)));
        seen.sort_unstable();
        assert_eq!(seen[0], ([0, 1, 2], [-1, 1, 1]));
        assert_eq!(seen[3], ([1, 2, 3], [1, 1, 1]));
    }

    #[test]
    fn set_and_remove_keep_lists_sorted() {
        let mut g = graph(5, &[(0, 4, 1), (0, 2, -1), (0, 3, 1)]);
        assert_eq!(g.neighbours(0), &[(2, -1), (3, 1), (4, 1)]);
        assert_eq!(g.set(0, 3, 0), 1);
        assert_eq!(g.neighbours(0), &[(2, -1), (4, 1)]);
        assert_eq!(g.neighbours(3), &[]);
        assert_eq!(g.edge_count(), 2);
        assert_eq!(g.set(4, 0, -1), 1);
        assert_eq!(g.sign(0, 4), -1);
        assert_eq!(g.edge_count(), 2);
    }

    #[test]
    fn common_neighbours_by_merge_and_by_search() {
        // Node 0 is a hub over 1..40; node 1 shares 2, 3 and 39 with it (a
        // short list against a long one), node 2 shares most (two long lists).
        let mut edges = Vec::new();
        for w in 1..40 {
            edges.push((0, w, if w % 3 == 0 { -1 } else { 1 }));
        }
        edges.extend([(1, 2, 1), (1, 3, -1), (1, 39, 1)]);
        for w in 3..35 {
            edges.push((2, w, -1));
        }
        let g = graph(40, &edges);
        for (u, v) in [(0, 1), (1, 0), (0, 2), (2, 0), (1, 2), (5, 6)] {
            let mut got = Vec::new();
            g.for_each_common(u, v, |w, a, b| got.push((w, a, b)));
            let want: Vec<(u32, i8, i8)> = (0..40u32)
                .filter(|&w| g.sign(u, w as usize) != 0 && g.sign(v, w as usize) != 0)
                .map(|w| (w, g.sign(u, w as usize), g.sign(v, w as usize)))
                .collect();
            assert_eq!(got, want, "{u}, {v}");
        }
    }

    #[test]
    fn dynamic_count_follows_changes() {
        let mut d = DynamicBalance::new(SignedGraph::with_nodes(5));
        let steps: [(usize, usize, i8); 9] = [
            (0, 1, 1),
            (1, 2, 1),
            (0, 2, -1),
            (2, 3, -1),
            (0, 3, -1),
            (1, 3, 1),
            (0, 2, 1),
            (1, 2, 0),
            (3, 4, 1),
        ];
        for (u, v, s) in steps {
            d.set(u, v, s);
            assert_eq!(d.count(), brute(&d.graph));
        }
    }
}
