//! Shards' counts made one: each shard counted the pairs whose ids hash to
//! it, so their pair-periods are disjoint; actors are merged by id, with
//! the name of the event seen first in the file.

use super::stage1::{Counts, Map, MEDIATE, SUPPORT};

/// The counts of every shard as one.
pub(super) fn merge(mut shards: Vec<Counts<'_>>) -> Counts<'_> {
    if shards.len() <= 1 {
        if let Some(only) = shards.pop() {
            return only;
        }
    }
    let mut rest = shards.into_iter();
    let Some(mut out) = rest.next() else {
        unreachable!("at least one shard")
    };
    let mut index: Map<String, u32> = out
        .actors
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.clone(), i as u32))
        .collect();
    for shard in rest {
        let mut map = Vec::with_capacity(shard.actors.len());
        for (actor, seen) in shard.actors.into_iter().zip(shard.first_seen) {
            let g = *index.entry(actor.id.clone()).or_insert_with(|| {
                out.actors.push(actor.clone());
                out.first_seen.push(seen);
                out.actors.len() as u32 - 1
            });
            if seen < out.first_seen[g as usize] {
                out.actors[g as usize] = actor;
                out.first_seen[g as usize] = seen;
            }
            map.push(g);
        }
        for mut p in shard.pairs {
            let (a, b) = (map[p.a as usize], map[p.b as usize]);
            if a > b {
                // Directions are from the pair's first actor: swapped.
                p.kinds.swap(SUPPORT, SUPPORT + 1);
                p.kinds.swap(MEDIATE, MEDIATE + 1);
            }
            (p.a, p.b) = (a.min(b), a.max(b));
            out.pair_index
                .insert((p.a, p.b, p.period), out.pairs.len() as u32);
            out.pairs.push(p);
        }
        out.summary.rows_read += shard.summary.rows_read;
        out.summary.rows_used += shard.summary.rows_used;
        out.summary.skipped.merge(&shard.summary.skipped);
    }
    out
}
