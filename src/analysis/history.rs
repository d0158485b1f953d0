//! The history of one pair: every tie that involves both actors.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::model::{ActorKey, Dataset, Tie, TieKey};
use crate::snapshot::TieJson;

/// Every tie involving two actors, over all time.
///
/// Made by [`history`]. Serializes to the history JSON of the format:
/// `{"a", "b", "ties": [{…tie…}]}`, ties sorted by (start, id) and shown as
/// in the snapshot JSON.
#[derive(Debug, Clone)]
pub struct History<'d> {
    dataset: &'d Dataset,
    a: ActorKey,
    b: ActorKey,
    ties: Vec<TieKey>,
}

impl<'d> History<'d> {
    /// The dataset the keys belong to.
    pub fn dataset(&self) -> &'d Dataset {
        self.dataset
    }

    /// The first actor, as asked.
    pub fn a(&self) -> ActorKey {
        self.a
    }

    /// The second actor, as asked.
    pub fn b(&self) -> ActorKey {
        self.b
    }

    /// The keys of the ties, sorted by (start, id).
    pub fn tie_keys(&self) -> &[TieKey] {
        &self.ties
    }

    /// The ties, sorted by (start, id).
    pub fn ties(&self) -> impl ExactSizeIterator<Item = &'d Tie> + '_ {
        let dataset = self.dataset;
        self.ties.iter().map(move |&k| dataset.tie(k))
    }
}

/// Every tie whose actors include both `a` and `b` (as source, target or
/// `with`), sorted by (start, id): [`Dataset::history`] as a value that
/// serializes to the format's history JSON.
///
/// # Example
///
/// ```
/// use tiegraph::{analysis::history, TieKind};
///
/// let data = tiegraph::default_dataset();
/// let h = history(data, data.resolve("PAK")?, data.resolve("TAL")?);
/// let first = h.ties().next().expect("a tie");
/// assert_eq!(first.kind(), TieKind::Support);
/// let json = serde_json::to_value(&h)?;
/// assert_eq!(json["a"], "PAK");
/// assert_eq!(json["ties"][0]["start"], "1994");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn history(dataset: &Dataset, a: ActorKey, b: ActorKey) -> History<'_> {
    History {
        dataset,
        a,
        b,
        ties: dataset.history(a, b),
    }
}

impl Serialize for History<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.dataset;
        let ties: Vec<TieJson<'_>> = self.ties().map(|tie| TieJson { dataset: d, tie }).collect();
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("a", d.actor_id(self.a))?;
        m.serialize_entry("b", d.actor_id(self.b))?;
        m.serialize_entry("ties", &ties)?;
        m.end()
    }
}
