//! Balance-theory predictions for the pairs that close open triads.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::signed::{node_bound, sign_of, SignedGraph};
use crate::model::{ActorKey, Dataset, Sign};
use crate::pairs::KindSet;
use crate::snapshot::Snapshot;

/// The sign balance theory implies for a pair without a signed tie, from
/// the open triads through third actors tied to both.
///
/// Through a third actor `z` signed-tied to both `a` and `b`, balance
/// implies `sign(a, z) × sign(z, b)` for `a`–`b`: the friend of my friend is
/// my friend, the enemy of my friend and the friend of my enemy are my
/// enemies, the enemy of my enemy is my friend.
///
/// Serializes as `{"a", "b", "sign", "support": [ids], "against": [ids],
/// "kinds": [kinds]}`.
#[derive(Debug, Clone)]
pub struct Prediction<'d> {
    dataset: &'d Dataset,
    a: ActorKey,
    b: ActorKey,
    sign: Sign,
    support: Vec<ActorKey>,
    against: Vec<ActorKey>,
    kinds: KindSet,
}

impl<'d> Prediction<'d> {
    /// The actor with the smaller id.
    pub fn a(&self) -> ActorKey {
        self.a
    }

    /// The actor with the larger id.
    pub fn b(&self) -> ActorKey {
        self.b
    }

    /// The implied sign: that of the majority of the triads (`+` or `−`).
    pub fn sign(&self) -> Sign {
        self.sign
    }

    /// The third actors whose triads imply [`Prediction::sign`], by id.
    pub fn support(&self) -> &[ActorKey] {
        &self.support
    }

    /// The third actors whose triads imply the opposite sign, by id.
    pub fn against(&self) -> &[ActorKey] {
        &self.against
    }

    /// The kinds already in force between `a` and `b` (a mediation, or
    /// signed ties that cancel out); empty when there is no tie at all.
    pub fn kinds(&self) -> KindSet {
        self.kinds
    }

    /// The dataset the keys belong to.
    pub fn dataset(&self) -> &'d Dataset {
        self.dataset
    }
}

/// The pairs without a signed tie that balance theory has an opinion on,
/// strongest first.
///
/// Every open triad `a`–`z`–`b` of the signed graph (a third actor `z` with
/// a signed pair to both, and no signed pair between `a` and `b`) votes for
/// the sign `sign(a, z) × sign(z, b)`. A pair gets the sign of the majority
/// of its votes; pairs whose votes are tied are left out.
///
/// # Returns
///
/// Predictions ranked by the number of supporting triads (most first), then
/// by fewest opposing triads, then by the ids of `a` and `b`.
///
/// # Complexity
///
/// O(Σ d² log d) over the degrees d of the signed graph: every pair of
/// neighbours of every actor is looked at.
///
/// # Example
///
/// ```
/// use tiegraph::{analysis::predictions, Sign};
///
/// let data = tiegraph::default_dataset();
/// let preds = predictions(&data.snapshot(&"2026-03-01".parse()?));
/// // The Haqqanis and Lashkar-e-Taiba have no tie, but both are backed by
/// // Pakistan, tied to the Taliban and hostile to India: three triads say friends.
/// let top = &preds[0];
/// assert_eq!((data.actor_id(top.a()), data.actor_id(top.b())), ("HQN", "LET"));
/// assert_eq!(top.sign(), Sign::Positive);
/// assert_eq!(top.support().len(), 3);
/// assert!(preds.iter().all(|p| p.support().len() > p.against().len()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn predictions<'d>(snapshot: &Snapshot<'d>) -> Vec<Prediction<'d>> {
    let dataset = snapshot.dataset();
    let pairs = snapshot.pairs();
    let graph = SignedGraph::from_pairs(&pairs, node_bound(&pairs));
    // (a, b, z, implied sign) for every open triad.
    let mut votes: Vec<(u32, u32, u32, i8)> = Vec::new();
    for z in 0..graph.node_count() {
        let nbrs = graph.neighbours(z);
        for (i, &(a, s_az)) in nbrs.iter().enumerate() {
            for &(b, s_zb) in &nbrs[i + 1..] {
                if graph.sign(a as usize, b as usize) == 0 {
                    votes.push((a, b, z as u32, s_az * s_zb));
                }
            }
        }
    }
    votes.sort_unstable();
    let mut out = Vec::new();
    for group in votes.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
        let (a, b) = (ActorKey(group[0].0), ActorKey(group[0].1));
        let plus: Vec<ActorKey> = group
            .iter()
            .filter(|v| v.3 > 0)
            .map(|v| ActorKey(v.2))
            .collect();
        let minus: Vec<ActorKey> = group
            .iter()
            .filter(|v| v.3 < 0)
            .map(|v| ActorKey(v.2))
            .collect();
        let (sign, support, against) = match plus.len().cmp(&minus.len()) {
            std::cmp::Ordering::Greater => (1, plus, minus),
            std::cmp::Ordering::Less => (-1, minus, plus),
            std::cmp::Ordering::Equal => continue,
        };
        out.push(Prediction {
            dataset,
            a,
            b,
            sign: sign_of(sign),
            support,
            against,
            kinds: pairs.get(a, b).map_or(KindSet::EMPTY, |p| p.kinds),
        });
    }
    out.sort_by(|x, y| {
        y.support
            .len()
            .cmp(&x.support.len())
            .then(x.against.len().cmp(&y.against.len()))
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    out
}

impl Serialize for Prediction<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ids = |keys: &[ActorKey]| -> Vec<&str> {
            keys.iter().map(|&k| self.dataset.actor_id(k)).collect()
        };
        let mut m = s.serialize_map(Some(6))?;
        m.serialize_entry("a", self.dataset.actor_id(self.a))?;
        m.serialize_entry("b", self.dataset.actor_id(self.b))?;
        m.serialize_entry("sign", &self.sign)?;
        m.serialize_entry("support", &ids(&self.support))?;
        m.serialize_entry("against", &ids(&self.against))?;
        m.serialize_entry("kinds", &self.kinds)?;
        m.end()
    }
}
