//! Putting a million ties in dataset order, (start day, id), cheaply.
//!
//! The keys are computed and sorted where the ties are made (on the thread
//! that read them), merged, and then the ties are moved once.

use super::Tie;

/// How many ties make it worth a second thread for the end index.
const PARALLEL_FROM: usize = 1 << 16;

/// Sorted runs of items, read back as one sorted sequence: merging them
/// lazily needs no array of the merged whole.
#[derive(Debug)]
pub(crate) struct Runs<T> {
    runs: Vec<Vec<T>>,
}

impl<T> Default for Runs<T> {
    fn default() -> Runs<T> {
        Runs { runs: Vec::new() }
    }
}

impl<T: Ord + Copy> Runs<T> {
    /// Adds a sorted run.
    pub(crate) fn push(&mut self, run: Vec<T>) {
        self.runs.push(run);
    }
}

impl<T: Ord + Copy> IntoIterator for Runs<T> {
    type Item = T;
    type IntoIter = Merge<T>;

    fn into_iter(self) -> Merge<T> {
        Merge {
            runs: self
                .runs
                .into_iter()
                .map(|r| r.into_iter().peekable())
                .collect(),
        }
    }
}

/// The items of [`Runs`], in order.
pub(crate) struct Merge<T> {
    runs: Vec<std::iter::Peekable<std::vec::IntoIter<T>>>,
}

impl<T: Ord + Copy> Iterator for Merge<T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        // Few runs (one per thread): a scan of their heads is enough.
        let mut best: Option<(usize, T)> = None;
        for (i, run) in self.runs.iter_mut().enumerate() {
            if let Some(&head) = run.peek() {
                if best.is_none_or(|(_, b)| head < b) {
                    best = Some((i, head));
                }
            }
        }
        let (i, item) = best?;
        self.runs[i].next();
        Some(item)
    }
}

/// The sort keys of some ties, in sorted runs, with their end days in their
/// own order.
///
/// A key packs (start day, the first eight bytes of the id, index) into one
/// integer, so that most comparisons are one integer compare; ties whose
/// keys agree but for the index are ordered by their whole ids later.
#[derive(Debug, Default)]
pub(crate) struct TieOrder {
    keys: Runs<u128>,
    /// `end day` (or `i32::MAX` when open) of each tie, by index.
    ends: Vec<i32>,
}

fn key(index: usize, tie: &Tie) -> u128 {
    let id = tie.id.as_bytes();
    let mut prefix = [0u8; 8];
    let n = id.len().min(8);
    prefix[..n].copy_from_slice(&id[..n]);
    let start = (i64::from(tie.start_day()) - i64::from(i32::MIN)) as u128;
    (start << 96) | (u128::from(u64::from_be_bytes(prefix)) << 32) | index as u128
}

impl TieOrder {
    /// The sorted keys of `ties`, numbered from 0 in the order given.
    pub(crate) fn of<'a>(ties: impl Iterator<Item = &'a Tie>) -> TieOrder {
        let mut keys = Vec::with_capacity(ties.size_hint().0);
        let mut ends = Vec::with_capacity(ties.size_hint().0);
        for (i, tie) in ties.enumerate() {
            keys.push(key(i, tie));
            ends.push(tie.end_day().unwrap_or(i32::MAX));
        }
        keys.sort_unstable();
        let mut runs = Runs::default();
        runs.push(keys);
        TieOrder { keys: runs, ends }
    }

    /// Appends the order of ties that come after these.
    pub(crate) fn append(&mut self, other: TieOrder) {
        let offset = self.ends.len() as u128;
        for mut run in other.keys.runs {
            // Renumbered after these: the run stays sorted.
            run.iter_mut().for_each(|k| *k += offset);
            self.keys.push(run);
        }
        self.ends.extend(other.ends);
    }

    /// How many ties.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }
}

/// The ties' indexes once sorted: start days, and the end index.
pub(crate) struct Sorted {
    pub starts: Vec<i32>,
    pub by_end: Vec<u32>,
    pub end_days: Vec<i32>,
}

/// Sorts `ties` (numbered as in `order`) by (start day, id) and builds the
/// start and end indexes.
pub(crate) fn sort(ties: &mut [Tie], order: TieOrder) -> Sorted {
    let TieOrder { keys, ends } = order;
    let mut starts = Vec::with_capacity(ends.len());
    let mut order: Vec<u32> = Vec::with_capacity(ends.len());
    // Ties whose ids share their first eight bytes (and start) are ordered
    // by the whole id: each such group is gathered and sorted.
    let mut group: Vec<u128> = Vec::new();
    let flush = |group: &mut Vec<u128>, order: &mut Vec<u32>, starts: &mut Vec<i32>| {
        if group.len() > 1 {
            group.sort_unstable_by(|a, b| {
                let (a, b) = (*a as u32 as usize, *b as u32 as usize);
                ties[a].id.cmp(&ties[b].id).then(a.cmp(&b))
            });
        }
        for &k in group.iter() {
            starts.push(((k >> 96) as i64 + i64::from(i32::MIN)) as i32);
            order.push(k as u32);
        }
        group.clear();
    };
    for k in keys {
        if group.last().is_some_and(|&g| g >> 32 != k >> 32) {
            flush(&mut group, &mut order, &mut starts);
        }
        group.push(k);
    }
    flush(&mut group, &mut order, &mut starts);
    let end_index = |order: &[u32]| {
        let mut by_end: Vec<(i32, u32)> = order
            .iter()
            .enumerate()
            .map(|(at, &i)| (ends[i as usize], at as u32))
            .collect();
        by_end.sort_unstable();
        by_end.into_iter().unzip()
    };
    // Moving the ties is a chain of cache misses; the end index is built
    // on the other core meanwhile.
    let (end_days, by_end) = if ties.len() >= PARALLEL_FROM {
        std::thread::scope(|scope| {
            let job = scope.spawn(|| end_index(&order));
            permute(ties, order.clone());
            job.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    } else {
        let index = end_index(&order);
        permute(ties, order);
        index
    };
    Sorted {
        starts,
        by_end,
        end_days,
    }
}

/// Puts tie `order[p]` at position `p`, following each cycle of the
/// permutation once (each tie moves once, and no second array is needed).
fn permute(ties: &mut [Tie], mut order: Vec<u32>) {
    for start in 0..order.len() {
        let mut to = start;
        while order[to] as usize != start {
            let from = order[to] as usize;
            ties.swap(to, from);
            order[to] = to as u32;
            to = from;
        }
        order[to] = to as u32;
    }
}
