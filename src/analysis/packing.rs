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
//! With `k` camps, `k + 1` actors whose pairs are all negative need a
//! frustrated pair too (two of them share a camp), and so do `k` such
//! actors with a *group*: other actors joined by positive pairs (a tree),
//! with a negative pair from each of the `k` to some member of the group
//! (the group lies in one camp, and one of the `k` must share it). A
//! packing may hold such cliques beside its cycles, as long as no pair is
//! used twice. With two camps they are unbalanced cycles with three
//! negative pairs, left by the switching; with three camps they are
//! structures that cycles with one negative pair cannot see.
//!
//! The packing is greedy: for each negative pair `(u, v)` in turn, a
//! shortest path from `u` to `v` over positive pairs not used yet closes a
//! cycle with exactly one negative pair; then each negative pair that no
//! cycle took, in the same order, starts a search for a clique of `k + 1`
//! actors over negative pairs not used yet, or of `k` actors and a group
//! found breadth-first over positive pairs not used yet. For two camps the signs are first
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
    /// Negative pairs: per node, (neighbour, index into `negative`),
    /// sorted by neighbour.
    negative_adj: Vec<Vec<(u32, u32)>>,
    /// The size of the all-negative cliques that need a frustrated pair
    /// (`k + 1` for `k` camps); no clique is looked for below 3.
    clique: usize,
    /// Whether a clique one actor short may be completed by a group.
    groups: bool,
    edges: usize,
}

/// Steps (candidates tried) one clique search may take: keeps dense
/// negative graphs, where cliques are many but so are dead ends, cheap.
const CLIQUE_STEPS: u64 = 2_000;

/// Visits of nodes by one packing (summed over its searches) after which it
/// stops: keeps bounds on very large snapshots in bounded time.
const WORK_CAP: u64 = 200_000_000;

impl Packer {
    /// The pairs of `adj` (local adjacency, `±1` signs) among the nodes with
    /// `active[v]`, with signs switched by `switch` (a camp 0 / 1 per node)
    /// when given, for a partition into at most `k` camps.
    pub(super) fn new(
        adj: &[Vec<(u32, i8)>],
        switch: Option<&[u8]>,
        active: &[bool],
        k: usize,
    ) -> Packer {
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
        let mut negative_adj: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n];
        for (i, &(u, v)) in negative.iter().enumerate() {
            negative_adj[u as usize].push((v, i as u32));
            negative_adj[v as usize].push((u, i as u32));
        }
        for list in &mut negative_adj {
            list.sort_unstable();
        }
        Packer {
            positive,
            negative,
            negative_adj,
            clique: k.saturating_add(1),
            groups: true,
            edges: edges as usize,
        }
    }

    /// The packer without groups (cliques and cycles only): each group
    /// search is a breadth-first search over the positive pairs, too dear
    /// for the packings made at every depth of the branch and bound.
    pub(super) fn without_groups(mut self) -> Packer {
        self.groups = false;
        self
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
        let mut best_order = order.clone();
        let mut scratch = Scratch::new(self.positive.len(), self.edges, m);
        for round in 0..rounds.max(1) {
            if round > 0 {
                // Fisher–Yates.
                for i in (1..m).rev() {
                    order.swap(i, rng.below(i + 1));
                }
            }
            let found = self.round(&order, &mut scratch, deadline, false);
            if found > best {
                best = found;
                best_order.clone_from(&order);
            }
            if best == m || deadline.is_some_and(|d| Instant::now() >= d) {
                return best;
            }
        }
        if self.groups {
            // Groups only for the best order: the same cycles and cliques
            // again (the round is deterministic), then groups among the
            // pairs left; each group search is a breadth-first search.
            best = best.max(self.round(&best_order, &mut scratch, deadline, true));
        }
        best
    }

    /// One greedy packing in the given order of negative pairs: cycles
    /// first, then cliques among the negative pairs left (and groups, when
    /// `groups`).
    fn round(
        &self,
        order: &[usize],
        s: &mut Scratch,
        deadline: Option<Instant>,
        groups: bool,
    ) -> usize {
        s.used.iter_mut().for_each(|u| *u = false);
        s.taken.iter_mut().for_each(|t| *t = false);
        let mut found = 0;
        let mut work = 0u64;
        for (i, &e) in order.iter().enumerate() {
            if work > WORK_CAP || (i % 64 == 63 && deadline.is_some_and(|d| Instant::now() >= d)) {
                return found;
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
                s.taken[e] = true;
                found += 1;
            } else {
                work += s.last_visited;
            }
        }
        if self.clique < 3 {
            return found;
        }
        for (i, &e) in order.iter().enumerate() {
            if work > WORK_CAP || (i % 64 == 63 && deadline.is_some_and(|d| Instant::now() >= d)) {
                break;
            }
            if s.taken[e] {
                continue;
            }
            let (u, v) = self.negative[e];
            // Candidates: joined to both u and v by negative pairs not taken.
            let candidates: Vec<u32> = self.negative_adj[u as usize]
                .iter()
                .filter(|&&(w, id)| w != v && !s.taken[id as usize] && self.open(v, w, s))
                .map(|&(w, _)| w)
                .collect();
            let mut members = vec![u, v];
            let mut steps = CLIQUE_STEPS;
            if self.extend(&mut members, &candidates, self.clique, s, &mut steps) {
                self.take_clique(&members, s);
                found += 1;
            } else if groups {
                // One actor short: a friendly group hostile to every member
                // stands in for the last one.
                members.truncate(2);
                if self.extend(&mut members, &candidates, self.clique - 1, s, &mut steps)
                    && self.group(&members, s, &mut work)
                {
                    self.take_clique(&members, s);
                    found += 1;
                }
            }
            work += CLIQUE_STEPS - steps;
        }
        found
    }

    /// Marks the negative pairs among `members` taken.
    fn take_clique(&self, members: &[u32], s: &mut Scratch) {
        for (a, &x) in members.iter().enumerate() {
            for &y in &members[a + 1..] {
                if let Some(id) = self.pair(x, y) {
                    s.taken[id as usize] = true;
                }
            }
        }
    }

    /// Looks for a group of other actors joined by positive pairs not used
    /// yet (a tree) with a negative pair not taken to each of `members`,
    /// and takes its pairs: with the members' own pairs this needs a
    /// frustrated pair in any partition into `members.len()` camps (the
    /// group lies in one camp, which one of the members must share).
    /// Breadth-first from the first few actors hostile to the first member;
    /// adds the nodes visited to `work`.
    fn group(&self, members: &[u32], s: &mut Scratch, work: &mut u64) -> bool {
        const SOURCES: usize = 8;
        let first = members[0];
        let sources: Vec<u32> = self.negative_adj[first as usize]
            .iter()
            .filter(|&&(x, id)| !s.taken[id as usize] && !members.contains(&x))
            .map(|&(x, _)| x)
            .take(SOURCES)
            .collect();
        for x in sources {
            // `links[i]`: the first node of the group reached with an open
            // negative pair to members[i].
            let mut links: Vec<Option<u32>> = vec![None; members.len()];
            let stamp = s.next_stamp();
            s.queue.clear();
            s.queue.push(x);
            s.seen[x as usize] = stamp;
            let mut head = 0;
            while let Some(&y) = s.queue.get(head) {
                head += 1;
                for (i, &m) in members.iter().enumerate() {
                    if links[i].is_none() && self.open(y, m, s) {
                        links[i] = Some(y);
                    }
                }
                if links.iter().all(Option::is_some) {
                    break;
                }
                for &(w, id) in &self.positive[y as usize] {
                    let wu = w as usize;
                    if s.used[id as usize] || s.seen[wu] == stamp || members.contains(&w) {
                        continue;
                    }
                    s.seen[wu] = stamp;
                    s.parent[wu] = (y, id);
                    s.queue.push(w);
                }
            }
            *work += head as u64;
            if links.iter().any(Option::is_none) {
                continue;
            }
            for (&m, &link) in members.iter().zip(&links) {
                let Some(y) = link else { continue };
                if let Some(id) = self.pair(y, m) {
                    s.taken[id as usize] = true;
                }
                // The tree's path from y back to the source.
                let mut z = y;
                while z != x {
                    let (p, id) = s.parent[z as usize];
                    s.used[id as usize] = true;
                    z = p;
                }
            }
            return true;
        }
        false
    }

    /// The index of the negative pair of `x` and `y`, if they have one.
    fn pair(&self, x: u32, y: u32) -> Option<u32> {
        let list = &self.negative_adj[x as usize];
        list.binary_search_by_key(&y, |&(w, _)| w)
            .ok()
            .map(|i| list[i].1)
    }

    /// Whether `x` and `y` have a negative pair that no cycle or clique
    /// has taken yet.
    fn open(&self, x: u32, y: u32, s: &Scratch) -> bool {
        self.pair(x, y).is_some_and(|id| !s.taken[id as usize])
    }

    /// Grows `members` (pairwise joined by open negative pairs) to `size`
    /// actors from `candidates` (each joined so to every member), depth
    /// first; false when no clique is found within `steps`.
    fn extend(
        &self,
        members: &mut Vec<u32>,
        candidates: &[u32],
        size: usize,
        s: &Scratch,
        steps: &mut u64,
    ) -> bool {
        if members.len() >= size {
            return true;
        }
        for (i, &w) in candidates.iter().enumerate() {
            if *steps == 0 || members.len() + candidates.len() - i < size {
                return false;
            }
            *steps -= 1;
            let next: Vec<u32> = candidates[i + 1..]
                .iter()
                .copied()
                .filter(|&x| self.open(w, x, s))
                .collect();
            members.push(w);
            if self.extend(members, &next, size, s, steps) {
                return true;
            }
            members.pop();
        }
        false
    }

    /// Breadth-first search from `u` to `v` over unused positive pairs;
    /// leaves parents in `s.parent` and returns the nodes visited.
    fn path(&self, u: usize, v: usize, s: &mut Scratch) -> Option<u64> {
        let stamp = s.next_stamp();
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
    /// Positive pairs on a cycle of the packing.
    used: Vec<bool>,
    /// Negative pairs on a cycle or in a clique of the packing.
    taken: Vec<bool>,
    seen: Vec<u32>,
    stamp: u32,
    parent: Vec<(u32, u32)>,
    queue: Vec<u32>,
    last_visited: u64,
}

impl Scratch {
    fn new(n: usize, edges: usize, negative: usize) -> Scratch {
        Scratch {
            used: vec![false; edges],
            taken: vec![false; negative],
            seen: vec![0; n],
            stamp: 0,
            parent: vec![(0, 0); n],
            queue: Vec::with_capacity(n),
            last_visited: 0,
        }
    }

    /// A fresh mark for `seen` (a node is seen in this search when its
    /// entry equals it): `seen` is cleared only when the counter wraps.
    fn next_stamp(&mut self) -> u32 {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.seen.iter_mut().for_each(|v| *v = 0);
            self.stamp = 1;
        }
        self.stamp
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
        let p = Packer::new(&adj, None, &[true; 4], 3);
        assert_eq!(p.best(4, 1, None), 1);
    }

    #[test]
    fn switching_finds_cycles_with_three_negative_pairs() {
        // An all-negative triangle: no cycle with one negative pair, but
        // switching node 0 leaves one negative pair.
        let adj = adjacency(3, &[(0, 1, -1), (0, 2, -1), (1, 2, -1)]);
        let all = [true; 3];
        assert_eq!(Packer::new(&adj, None, &all, 3).best(1, 0, None), 0);
        assert_eq!(
            Packer::new(&adj, Some(&[1, 0, 0]), &all, 2).best(1, 0, None),
            1
        );
    }

    /// Every pair of `0..n` negative.
    fn all_negative(n: u32) -> Vec<Vec<(u32, i8)>> {
        let mut edges = Vec::new();
        for u in 0..n {
            for v in u + 1..n {
                edges.push((u, v, -1));
            }
        }
        adjacency(n as usize, &edges)
    }

    #[test]
    fn all_negative_cliques_one_larger_than_the_camps_count() {
        // Four actors, all hostile: three camps cannot separate them all.
        let k4 = all_negative(4);
        let all = [true; 4];
        assert_eq!(Packer::new(&k4, None, &all, 3).best(1, 0, None), 1);
        assert_eq!(Packer::new(&k4, None, &all, 4).best(1, 0, None), 0);
        // With two camps its triangles count, but no two are pair-disjoint.
        assert_eq!(Packer::new(&k4, None, &all, 2).best(4, 0, None), 1);
        // Seven actors: the seven triangles of the Fano plane share no pair.
        let k7 = all_negative(7);
        assert!(Packer::new(&k7, None, &[true; 7], 2).best(24, 0, None) >= 5);
        // Nine actors, three camps: disjoint K4s share no pair.
        let k9 = all_negative(9);
        let found = Packer::new(&k9, None, &[true; 9], 3).best(24, 0, None);
        assert!((2..=6).contains(&found), "{found}");
    }

    #[test]
    fn a_friendly_group_stands_in_for_the_last_member() {
        // 0, 1, 2 all hostile; 3 and 4 friends, 3 hostile to 0, 4 hostile
        // to 1 and 2. No cycle with one negative pair and no four mutually
        // hostile actors, yet three camps cannot satisfy it all: 3 and 4
        // share a camp with one of 0, 1, 2.
        let adj = adjacency(
            5,
            &[
                (0, 1, -1),
                (0, 2, -1),
                (1, 2, -1),
                (3, 4, 1),
                (0, 3, -1),
                (1, 4, -1),
                (2, 4, -1),
            ],
        );
        let all = [true; 5];
        assert_eq!(Packer::new(&adj, None, &all, 3).best(1, 0, None), 1);
        assert_eq!(Packer::new(&adj, None, &all, 4).best(1, 0, None), 0);
        // Two camps, unswitched: the all-negative triangle 0-1-2, or the
        // group's cycle 0-3-4-1 (three negative pairs), is found.
        assert!(Packer::new(&adj, None, &all, 2).best(1, 0, None) >= 1);
    }

    #[test]
    fn cliques_use_only_pairs_no_cycle_took() {
        // 0-1 negative closes the cycle 0-2-1 (positive 0-2, 2-1); the
        // negative pairs among 0, 1, 3, 4 then lack 0-1.
        let mut edges = vec![(0, 2, 1), (1, 2, 1)];
        for (u, v) in [(0, 1), (0, 3), (0, 4), (1, 3), (1, 4), (3, 4)] {
            edges.push((u, v, -1));
        }
        let adj = adjacency(5, &edges);
        // One cycle; the four actors 0, 1, 3, 4 would be a clique only with
        // the pair 0-1, which the cycle took.
        assert_eq!(Packer::new(&adj, None, &[true; 5], 3).best(1, 0, None), 1);
    }

    #[test]
    fn inactive_nodes_are_left_out() {
        let adj = adjacency(3, &[(0, 1, -1), (0, 2, 1), (1, 2, 1)]);
        assert_eq!(Packer::new(&adj, None, &[true; 3], 3).best(1, 0, None), 1);
        assert_eq!(
            Packer::new(&adj, None, &[true, true, false], 3).best(1, 0, None),
            0
        );
    }
}
