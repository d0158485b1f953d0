//! Lower bounds on the frustration index from packings of edge-disjoint
//! unbalanced cycles.
//!
//! Every cycle whose signs multiply to `−` has at least one frustrated pair
//! under any partition into two camps (going round the cycle, the camp
//! changes an even number of times, so the number of negative pairs that
//! stay inside a camp plus positive pairs that cross cannot be zero when the
//! number of negative pairs is odd). Cycles that share no pair therefore
//! need that many distinct frustrated pairs: the size of any packing of
//! edge-disjoint unbalanced cycles is a lower bound (Aref, Mason and Wilson,
//! Networks 2020, use the same argument for their cycle-based bounds).
//!
//! With more than two camps only cycles with exactly one negative pair are
//! certain to carry a frustrated pair (an all-negative triangle needs none
//! in three camps); their packings bound the frustration for every number of
//! camps.
//!
//! The packing is greedy: for each negative pair `(u, v)` in turn, a
//! shortest path from `u` to `v` over positive pairs not used yet closes a
//! cycle with exactly one negative pair. For two camps the signs are first
//! *switched* by a partition (the sign of a pair between camps is reversed):
//! switching keeps every cycle's product of signs, and after it the negative
//! pairs are exactly the pairs the partition frustrates, so when every one
//! of them closes a cycle the partition is proven optimal.

use std::time::Instant;

/// A packing problem: the signed pairs among the active nodes of a
/// component, with edge ids, built once for many rounds.
pub(super) struct Packer {
    /// Positive pairs: per node, (neighbour, edge id).
    positive: Vec<Vec<(u32, u32)>>,
    /// Negative pairs (u, v), u < v.
    negative: Vec<(u32, u32)>,
    edges: usize,
}

/// Visits of nodes by one packing (summed over its searches) after which it
/// stops: keeps bounds on very large snapshots in bounded time.
const WORK_CAP: u64 = 200_000_000;

impl Packer {
    /// The pairs of `adj` (local adjacency, `±1` signs) among the nodes with
    /// `active[v]`, with signs switched by `switch` (a camp 0 / 1 per node)
    /// when given.
    pub(super) fn new(adj: &[Vec<(u32, i8)>], switch: Option<&[u8]>, active: &[bool]) -> Packer {
        let n = adj.len();
        let mut positive: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n];
        let mut negative = Vec::new();
        let mut edges = 0u32;
        for (v, nbrs) in adj.iter().enumerate() {
            if !active[v] {
                continue;
            }
            for &(w, s) in nbrs {
                let wu = w as usize;
                if wu <= v || !active[wu] {
                    continue;
                }
                let across = switch.is_some_and(|l| l[v] != l[wu]);
                let sign = if across { -s } else { s };
                if sign > 0 {
                    positive[v].push((w, edges));
                    positive[wu].push((v as u32, edges));
                    edges += 1;
                } else {
                    negative.push((v as u32, w));
                }
            }
        }
        Packer {
            positive,
            negative,
            edges: edges as usize,
        }
    }

    /// The most cycles found over `rounds` greedy packings (the first in a
    /// fixed order, pairs with fewest positive neighbours first; the others
    /// in seeded random orders). Stops early when every negative pair has
    /// its cycle, or at `deadline`.
    pub(super) fn best(&self, rounds: usize, seed: u64, deadline: Option<Instant>) -> usize {
        let m = self.negative.len();
        let mut order: Vec<usize> = (0..m).collect();
        let degree = |(u, v): (u32, u32)| {
            self.positive[u as usize]
                .len()
                .min(self.positive[v as usize].len())
        };
        order.sort_by_key(|&i| (degree(self.negative[i]), i));
        let mut rng = super::camps::SplitMix(seed);
        let mut best = 0;
        let mut scratch = Scratch::new(self.positive.len(), self.edges);
        for round in 0..rounds.max(1) {
            if round > 0 {
                // Fisher–Yates.
                for i in (1..m).rev() {
                    order.swap(i, rng.below(i + 1));
                }
            }
            let found = self.round(&order, &mut scratch, deadline);
            best = best.max(found);
            if best == m || deadline.is_some_and(|d| Instant::now() >= d) {
                break;
            }
        }
        best
    }

    /// One greedy packing in the given order of negative pairs.
    fn round(&self, order: &[usize], s: &mut Scratch, deadline: Option<Instant>) -> usize {
        s.used.iter_mut().for_each(|u| *u = false);
        let mut found = 0;
        let mut work = 0u64;
        for (i, &e) in order.iter().enumerate() {
            if work > WORK_CAP || (i % 64 == 63 && deadline.is_some_and(|d| Instant::now() >= d)) {
                break;
            }
            let (u, v) = self.negative[e];
            if let Some(visited) = self.path(u as usize, v as usize, s) {
                work += visited;
                // Walk back from v, taking the path's pairs.
                let mut x = v as usize;
                while x != u as usize {
                    let (p, id) = s.parent[x];
                    s.used[id as usize] = true;
                    x = p as usize;
                }
                found += 1;
            } else {
                work += s.last_visited;
            }
        }
        found
    }

    /// Breadth-first search from `u` to `v` over unused positive pairs;
    /// leaves parents in `s.parent` and returns the nodes visited.
    fn path(&self, u: usize, v: usize, s: &mut Scratch) -> Option<u64> {
        s.stamp = s.stamp.wrapping_add(1);
        if s.stamp == 0 {
            s.seen.iter_mut().for_each(|x| *x = 0);
            s.stamp = 1;
        }
        let stamp = s.stamp;
        s.queue.clear();
        s.queue.push(u as u32);
        s.seen[u] = stamp;
        let mut head = 0;
        while let Some(&x) = s.queue.get(head) {
            head += 1;
            for &(w, id) in &self.positive[x as usize] {
                let wu = w as usize;
                if s.used[id as usize] || s.seen[wu] == stamp {
                    continue;
                }
                s.seen[wu] = stamp;
                s.parent[wu] = (x, id);
                if wu == v {
                    return Some(head as u64);
                }
                s.queue.push(w);
            }
        }
        s.last_visited = head as u64;
        None
    }
}

/// Buffers reused by every search of a packing.
struct Scratch {
    used: Vec<bool>,
    seen: Vec<u32>,
    stamp: u32,
    parent: Vec<(u32, u32)>,
    queue: Vec<u32>,
    last_visited: u64,
}

impl Scratch {
    fn new(n: usize, edges: usize) -> Scratch {
        Scratch {
            used: vec![false; edges],
            seen: vec![0; n],
            stamp: 0,
            parent: vec![(0, 0); n],
            queue: Vec::with_capacity(n),
            last_visited: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adjacency(n: usize, edges: &[(u32, u32, i8)]) -> Vec<Vec<(u32, i8)>> {
        let mut adj = vec![Vec::new(); n];
        for &(u, v, s) in edges {
            adj[u as usize].push((v, s));
            adj[v as usize].push((u, s));
        }
        adj
    }

    #[test]
    fn two_negative_triangles_sharing_a_pair_give_one_cycle() {
        // Triangles 0-1-2 and 0-1-3 share the negative pair 0-1.
        let adj = adjacency(4, &[(0, 1, -1), (0, 2, 1), (1, 2, 1), (0, 3, 1), (1, 3, 1)]);
        let p = Packer::new(&adj, None, &[true; 4]);
        assert_eq!(p.best(4, 1, None), 1);
    }

    #[test]
    fn switching_finds_cycles_with_three_negative_pairs() {
        // An all-negative triangle: no cycle with one negative pair, but
        // switching node 0 leaves one negative pair.
        let adj = adjacency(3, &[(0, 1, -1), (0, 2, -1), (1, 2, -1)]);
        let all = [true; 3];
        assert_eq!(Packer::new(&adj, None, &all).best(1, 0, None), 0);
        assert_eq!(
            Packer::new(&adj, Some(&[1, 0, 0]), &all).best(1, 0, None),
            1
        );
    }

    #[test]
    fn inactive_nodes_are_left_out() {
        let adj = adjacency(3, &[(0, 1, -1), (0, 2, 1), (1, 2, 1)]);
        assert_eq!(Packer::new(&adj, None, &[true; 3]).best(1, 0, None), 1);
        assert_eq!(
            Packer::new(&adj, None, &[true, true, false]).best(1, 0, None),
            0
        );
    }
}
