//! What changed between two selectors, pair by pair.

use std::fmt;

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::model::{ActorKey, Dataset, Sign};
use crate::pairs::{KindSet, Pair, Pairs};
use crate::snapshot::Snapshot;
use crate::time::Selector;

/// How a pair changed between two selectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// No kind before, some after.
    New,
    /// Some kind before, none after.
    Ended,
    /// The net sign went from + to − or from − to +.
    Flipped,
    /// Anything else changed: the set of kinds, or the net sign to or from 0.
    Shifted,
    /// Same kinds and same net sign.
    Unchanged,
}

impl Change {
    /// The lower-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Ended => "ended",
            Change::Flipped => "flipped",
            Change::Shifted => "shifted",
            Change::Unchanged => "unchanged",
        }
    }

    /// Classifies a pair from its kinds and net signs before and after, by
    /// the rules of the format.
    pub fn classify(
        before: KindSet,
        after: KindSet,
        sign_before: Sign,
        sign_after: Sign,
    ) -> Change {
        match (before.is_empty(), after.is_empty()) {
            (true, false) => Change::New,
            (false, true) => Change::Ended,
            (true, true) => Change::Unchanged,
            (false, false) => {
                let flipped = matches!(
                    (sign_before, sign_after),
                    (Sign::Positive, Sign::Negative) | (Sign::Negative, Sign::Positive)
                );
                if flipped {
                    Change::Flipped
                } else if before != after || sign_before != sign_after {
                    Change::Shifted
                } else {
                    Change::Unchanged
                }
            }
        }
    }
}

impl Change {
    /// The position of this kind of change in the rank order of rule R2:
    /// flipped, new, ended, shifted, unchanged.
    pub fn rank_order(self) -> u8 {
        match self {
            Change::Flipped => 0,
            Change::New => 1,
            Change::Ended => 2,
            Change::Shifted => 3,
            Change::Unchanged => 4,
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One pair's change.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DyadChange {
    /// The actor with the smaller id.
    pub a: ActorKey,
    /// The actor with the larger id.
    pub b: ActorKey,
    /// The category.
    pub change: Change,
    /// Kinds in force before.
    pub before: KindSet,
    /// Kinds in force after.
    pub after: KindSet,
    /// Net sign before.
    pub sign_before: Sign,
    /// Net sign after.
    pub sign_after: Sign,
    /// The net value before as a day-average (net value ÷ days of the
    /// selector); `None` when the pair had no tie in force.
    pub before_net: Option<f64>,
    /// The net value after as a day-average; `None` when the pair has no
    /// tie in force.
    pub after_net: Option<f64>,
    /// 1 for the most important change (rule R2: by change — flipped, new,
    /// ended, shifted, unchanged — then by how much the day-average moved,
    /// then by the pair's ids).
    pub rank: usize,
}

impl DyadChange {
    /// The net sign before, `None` when the pair had no tie in force.
    pub fn before_sign(&self) -> Option<Sign> {
        (!self.before.is_empty()).then_some(self.sign_before)
    }

    /// The net sign after, `None` when the pair has no tie in force.
    pub fn after_sign(&self) -> Option<Sign> {
        (!self.after.is_empty()).then_some(self.sign_after)
    }

    /// |after − before| of the day-averages, absent counting as 0.
    pub fn moved(&self) -> f64 {
        (self.after_net.unwrap_or(0.0) - self.before_net.unwrap_or(0.0)).abs()
    }
}

/// The pair-level changes between two snapshots of one dataset.
///
/// # Example
///
/// ```
/// use tiegraph::{default_dataset, Change};
///
/// let data = default_dataset();
/// let diff = data.diff(&"2021-01-01".parse()?, &"2026-03-01".parse()?);
/// let pak = data.resolve("PAK")?;
/// let tal = data.resolve("TAL")?;
/// assert_eq!(diff.pair(pak, tal).map(|d| d.change), Some(Change::Flipped));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Diff<'d> {
    dataset: &'d Dataset,
    from: Selector,
    to: Selector,
    dyads: Vec<DyadChange>,
}

impl<'d> Diff<'d> {
    /// Compares two snapshots of the same dataset.
    pub fn between(before: &Snapshot<'d>, after: &Snapshot<'d>) -> Diff<'d> {
        Diff::from_pairs(
            before.dataset(),
            before.selector(),
            after.selector(),
            &before.pairs(),
            &after.pairs(),
        )
    }

    /// Compares two analysis graphs of `dataset` (e.g. from a sweep).
    pub fn from_pairs(
        dataset: &'d Dataset,
        from: Selector,
        to: Selector,
        before: &Pairs,
        after: &Pairs,
    ) -> Diff<'d> {
        let mut dyads: Vec<DyadChange> = merge(before.as_slice(), after.as_slice())
            .map(|(a, b, x, y)| {
                let (before_kinds, sign_before) =
                    x.map_or((KindSet::EMPTY, Sign::Zero), |p| (p.kinds, p.sign()));
                let (after_kinds, sign_after) =
                    y.map_or((KindSet::EMPTY, Sign::Zero), |p| (p.kinds, p.sign()));
                DyadChange {
                    a,
                    b,
                    change: Change::classify(before_kinds, after_kinds, sign_before, sign_after),
                    before: before_kinds,
                    after: after_kinds,
                    sign_before,
                    sign_after,
                    before_net: x.map(|p| before.day_average(p)),
                    after_net: y.map(|p| after.day_average(p)),
                    rank: 0,
                }
            })
            .collect();
        // Actor keys follow id order, so (a, b) breaks ties by the ids.
        let mut order: Vec<usize> = (0..dyads.len()).collect();
        order.sort_by(|&i, &j| {
            let (x, y) = (&dyads[i], &dyads[j]);
            x.change
                .rank_order()
                .cmp(&y.change.rank_order())
                .then(y.moved().total_cmp(&x.moved()))
                .then((x.a, x.b).cmp(&(y.a, y.b)))
        });
        for (rank, &i) in order.iter().enumerate() {
            dyads[i].rank = rank + 1;
        }
        Diff {
            dataset,
            from,
            to,
            dyads,
        }
    }

    /// The earlier selector.
    pub fn from(&self) -> Selector {
        self.from
    }

    /// The later selector.
    pub fn to(&self) -> Selector {
        self.to
    }

    /// Every pair in force at either selector, unchanged ones included,
    /// sorted by (a, b).
    pub fn dyads(&self) -> &[DyadChange] {
        &self.dyads
    }

    /// Every pair in rank order (rule R2): the most important change first.
    pub fn ranked(&self) -> Vec<&DyadChange> {
        let mut by_rank: Vec<&DyadChange> = self.dyads.iter().collect();
        by_rank.sort_unstable_by_key(|d| d.rank);
        by_rank
    }

    /// The pairs that changed (everything but [`Change::Unchanged`]).
    pub fn changed(&self) -> impl Iterator<Item = &DyadChange> {
        self.dyads.iter().filter(|d| d.change != Change::Unchanged)
    }

    /// The change of one pair, in either order; `None` when the pair has no
    /// tie in force at either selector.
    pub fn pair(&self, x: ActorKey, y: ActorKey) -> Option<&DyadChange> {
        let (a, b) = if x < y { (x, y) } else { (y, x) };
        self.dyads
            .binary_search_by(|d| (d.a, d.b).cmp(&(a, b)))
            .ok()
            .map(|i| &self.dyads[i])
    }

    /// How many pairs fall in each category, in the order new, ended,
    /// flipped, shifted, unchanged.
    pub fn counts(&self) -> [usize; 5] {
        let mut counts = [0; 5];
        for d in &self.dyads {
            counts[d.change as usize] += 1;
        }
        counts
    }

    /// The JSON of the format; unchanged pairs only when `all`.
    pub fn json(&self, all: bool) -> impl Serialize + '_ {
        DiffJson { diff: self, all }
    }
}

/// Joins two pair lists sorted by (a, b): each pair in either, with its
/// entry before and after.
pub(crate) fn merge<'p>(
    before: &'p [Pair],
    after: &'p [Pair],
) -> impl Iterator<Item = (ActorKey, ActorKey, Option<&'p Pair>, Option<&'p Pair>)> {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        let x = before.get(i);
        let y = after.get(j);
        let order = match (x, y) {
            (None, None) => return None,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => (x.a, x.b).cmp(&(y.a, y.b)),
        };
        Some(match (order, x, y) {
            (std::cmp::Ordering::Less, Some(x), _) => {
                i += 1;
                (x.a, x.b, Some(x), None)
            }
            (std::cmp::Ordering::Greater, _, Some(y)) => {
                j += 1;
                (y.a, y.b, None, Some(y))
            }
            (_, Some(x), y) => {
                i += 1;
                j += 1;
                (x.a, x.b, Some(x), y)
            }
            (_, None, _) => return None,
        })
    })
}

struct DiffJson<'a, 'd> {
    diff: &'a Diff<'d>,
    all: bool,
}

struct DyadJson<'a> {
    dataset: &'a Dataset,
    dyad: &'a DyadChange,
}

impl Serialize for DyadJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.dyad;
        let mut m = s.serialize_map(Some(10))?;
        m.serialize_entry("a", self.dataset.actor_id(d.a))?;
        m.serialize_entry("b", self.dataset.actor_id(d.b))?;
        m.serialize_entry("change", &d.change)?;
        m.serialize_entry("before", &d.before)?;
        m.serialize_entry("after", &d.after)?;
        m.serialize_entry("before_sign", &d.before_sign())?;
        m.serialize_entry("after_sign", &d.after_sign())?;
        m.serialize_entry("before_net", &d.before_net)?;
        m.serialize_entry("after_net", &d.after_net)?;
        m.serialize_entry("rank", &d.rank)?;
        m.end()
    }
}

impl Serialize for DiffJson<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let dyads: Vec<DyadJson<'_>> = self
            .diff
            .dyads
            .iter()
            .filter(|d| self.all || d.change != Change::Unchanged)
            .map(|dyad| DyadJson {
                dataset: self.diff.dataset,
                dyad,
            })
            .collect();
        let mut st = s.serialize_struct("Diff", 3)?;
        st.serialize_field("from", &self.diff.from)?;
        st.serialize_field("to", &self.diff.to)?;
        st.serialize_field("dyads", &dyads)?;
        st.end()
    }
}

impl Dataset {
    /// The pair-level changes from `from` to `to`.
    pub fn diff(&self, from: &Selector, to: &Selector) -> Diff<'_> {
        Diff::between(&self.snapshot(from), &self.snapshot(to))
    }
}
