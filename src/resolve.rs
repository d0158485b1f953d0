//! Finding actors by what people type: an id, a name or an alias.

use std::collections::HashMap;

use crate::error::{Error, ErrorKind};
use crate::model::{Actor, ActorKey};

/// Lower-cased ids, names and aliases of every phase → the actors that bear
/// them (with a fixed, fast hasher: it is built for every load, over tens of
/// thousands of actors).
pub(crate) type NameIndex = HashMap<Box<str>, Bearers, foldhash::fast::FixedState>;

/// The actors that bear one name: nearly always one, held inline.
#[derive(Debug, Clone)]
pub(crate) struct Bearers {
    first: [ActorKey; 1],
    more: Vec<ActorKey>,
}

impl Bearers {
    fn add(&mut self, key: ActorKey) {
        if !self.first.contains(&key) && !self.more.contains(&key) {
            self.more.push(key);
        }
    }

    fn keys(&self) -> impl Iterator<Item = ActorKey> + '_ {
        self.first.iter().chain(&self.more).copied()
    }
}

/// Builds the [`NameIndex`] of actors sorted by id.
pub(crate) fn name_index(actors: &[Actor]) -> NameIndex {
    let mut names = NameIndex::default();
    let mut lower = String::new();
    for (i, actor) in actors.iter().enumerate() {
        let key = ActorKey(i as u32);
        let all = std::iter::once(actor.id())
            .chain(actor.phases().iter().map(|p| p.name()))
            .chain(actor.phases().iter().flat_map(|p| p.aliases()));
        for name in all {
            lower.clear();
            if name.is_ascii() {
                lower.push_str(name);
                lower.make_ascii_lowercase();
            } else {
                lower.push_str(&name.to_lowercase());
            }
            match names.get_mut(lower.as_str()) {
                Some(bearers) => bearers.add(key),
                None => {
                    let bearers = Bearers {
                        first: [key],
                        more: Vec::new(),
                    };
                    names.insert(lower.as_str().into(), bearers);
                }
            }
        }
    }
    names
}

/// Finds the actor a name or alias means, ignoring case; `actors` sorted by
/// id. Exact ids are the caller's fast path and are not looked up here.
pub(crate) fn by_name(actors: &[Actor], names: &NameIndex, query: &str) -> Result<ActorKey, Error> {
    match names.get(query.trim().to_lowercase().as_str()) {
        Some(bearers) if bearers.more.is_empty() => Ok(bearers.first[0]),
        Some(bearers) => {
            let mut candidates: Vec<String> = bearers
                .keys()
                .map(|k| actors[k.index()].id().to_owned())
                .collect();
            candidates.sort_unstable();
            Err(ErrorKind::AmbiguousActor {
                query: query.to_owned(),
                candidates,
            }
            .into())
        }
        _ => Err(ErrorKind::UnknownActor {
            query: query.to_owned(),
            suggestions: suggestions(actors, query),
        }
        .into()),
    }
}

/// Up to three actor ids closest to `query`, best first, for "did you mean"
/// hints. Compares case-insensitively against ids, names and aliases.
pub(crate) fn suggestions(actors: &[Actor], query: &str) -> Vec<String> {
    let q = query.trim().to_lowercase();
    let mut scored: Vec<(f64, &str)> = actors
        .iter()
        .filter_map(|a| {
            let names = std::iter::once(a.id())
                .chain(a.phases().iter().map(|p| p.name()))
                .chain(a.phases().iter().flat_map(|p| p.aliases()));
            let best = names
                .map(|n| strsim::jaro_winkler(&q, &n.to_lowercase()))
                .fold(0.0, f64::max);
            (best >= 0.75).then_some((best, a.id()))
        })
        .collect();
    // Best first; ties broken by id so hints are deterministic.
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(3)
        .map(|(_, id)| id.to_owned())
        .collect()
}
