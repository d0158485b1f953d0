//! What tie rows are checked against: the actors by id (packed), the
//! sources, each actor's days in force.

use std::collections::HashMap;

use crate::model::{Actor, ActorKey};
use crate::time::Date;

/// A hash map with a fast, fixed (so reproducible) hasher: the loader looks
/// up every tie's ids, and SipHash would be a large part of the load time.
pub(super) type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// Actor ids to actor keys. Ids of up to 7 bytes (nearly all) are packed
/// with their length into a `u64`, so that the table of tens of thousands
/// of actors is small enough to stay in a core's cache: every tie looks up
/// two or three ids, a million times over. Longer ids are keyed by text.
#[derive(Default)]
pub(super) struct IdMap {
    pub(super) short: FastMap<u64, ActorKey>,
    pub(super) long: FastMap<Box<str>, ActorKey>,
}

impl IdMap {
    #[inline]
    pub(super) fn pack(id: &str) -> Option<u64> {
        let bytes = id.as_bytes();
        (bytes.len() < 8).then(|| {
            let mut packed = [0u8; 8];
            packed[..bytes.len()].copy_from_slice(bytes);
            packed[7] = bytes.len() as u8;
            u64::from_le_bytes(packed)
        })
    }

    pub(super) fn insert(&mut self, id: &str, key: ActorKey) {
        match IdMap::pack(id) {
            Some(packed) => self.short.insert(packed, key),
            None => self.long.insert(id.into(), key),
        };
    }

    #[inline]
    pub(super) fn get(&self, id: &str) -> Option<ActorKey> {
        match IdMap::pack(id) {
            Some(packed) => self.short.get(&packed),
            None => self.long.get(id),
        }
        .copied()
    }
}

/// What tie rows are checked against: the actors and sources, read-only, so
/// that several threads can check rows at once.
pub(crate) struct Lookup {
    pub(super) actors: ActorTable,
    pub(super) sources: FastMap<Box<str>, u32>,
    pub(super) missing_sources: Option<&'static str>,
}

/// Actors sorted by id, with the lookups ties need.
pub(super) struct ActorTable {
    pub(super) actors: Vec<Actor>,
    /// Actor ids, keyed inline (see [`IdMap`]) so that a lookup does not
    /// chase a pointer to compare strings: ties name two or three actors
    /// each, a million times over.
    pub(super) by_id: IdMap,
    /// For ties that name an actor rather than give its id.
    pub(super) by_name: std::sync::OnceLock<crate::resolve::NameIndex>,
    /// Per actor, `[first day, end day)` when its phases leave no gap
    /// (`None` otherwise): a dense array, so that checking a tie's actors
    /// does not chase pointers into every actor's phases.
    pub(super) spans: Vec<Option<(i32, i32)>>,
}

/// The days an actor is in force as one interval, if its phases leave no gap.
pub(super) fn span(actor: &Actor) -> Option<(i32, i32)> {
    let first = actor.first_day().unwrap_or(i32::MIN);
    let end = actor.end_day().unwrap_or(i32::MAX);
    let mut reached = first;
    for p in actor.phases() {
        if p.from().map_or(i32::MIN, Date::first_day) > reached {
            return None;
        }
        reached = reached.max(p.until().map_or(i32::MAX, Date::first_day));
    }
    Some((first, end))
}

impl Lookup {
    /// A lookup without actors or sources.
    pub(super) fn empty() -> Lookup {
        Lookup {
            actors: ActorTable {
                actors: Vec::new(),
                by_id: IdMap::default(),
                by_name: std::sync::OnceLock::new(),
                spans: Vec::new(),
            },
            sources: FastMap::default(),
            missing_sources: None,
        }
    }

    /// The actor a tie names: by id (nearly always), else by name. `None`
    /// for an empty text, the error of the name lookup otherwise.
    #[inline]
    pub(super) fn resolve(&self, text: &str) -> Result<ActorKey, Option<crate::Error>> {
        match self.actors.by_id.get(text) {
            Some(key) => Ok(key),
            None => self.resolve_by_name(text),
        }
    }

    /// [`Lookup::resolve`] for a text that is not an id.
    #[cold]
    fn resolve_by_name(&self, text: &str) -> Result<ActorKey, Option<crate::Error>> {
        let table = &self.actors;
        if text.is_empty() {
            return Err(None);
        }
        let names = table
            .by_name
            .get_or_init(|| crate::resolve::name_index(&table.actors));
        crate::resolve::by_name(&table.actors, names, text).map_err(Some)
    }

    /// The id of source number `i`.
    pub(super) fn source_id(&self, i: u32) -> Option<&str> {
        self.sources
            .iter()
            .find(|(_, &n)| n == i)
            .map(|(id, _)| &**id)
    }

    /// Whether actor `key` is in force from `start` to `end`.
    #[inline]
    pub(super) fn covers(&self, key: ActorKey, start: Date, end: Option<Date>) -> bool {
        let table = &self.actors;
        let (from, until) = (start.first_day(), end.map(Date::first_day));
        match table.spans[key.index()] {
            Some((first, last)) => first <= from && until.unwrap_or(i32::MAX) <= last,
            None => table.actors[key.index()].covers(from, until),
        }
    }
}
