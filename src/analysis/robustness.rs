//! Whether a result holds without the alleged ties (rule R5).

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::signed::TriangleCount;
use crate::model::{ActorKey, Dataset};

/// A result computed again without the ties whose confidence is `alleged`,
/// and whether that changes it: the robustness line of `balance`, `camps`
/// and the report (rule R5).
///
/// When no tie in force is alleged, `without_alleged` is the result itself
/// and `changes` is `false`.
#[derive(Debug, Clone, PartialEq)]
pub struct Robustness<T> {
    pub(crate) without_alleged: T,
    pub(crate) changes: bool,
}

impl<T> Robustness<T> {
    /// The result without the alleged ties.
    pub fn without_alleged(&self) -> &T {
        &self.without_alleged
    }

    /// Whether leaving the alleged ties out changes the result: the balance
    /// ratio, or the partition into camps.
    pub fn changes(&self) -> bool {
        self.changes
    }
}

impl Robustness<TriangleCount> {
    /// Compares balance counts: the result changes when the ratio does
    /// (compared exactly, as fractions; no triangle on one side only is a
    /// change too).
    pub(crate) fn of_counts(with: TriangleCount, without: TriangleCount) -> Self {
        let changes = match (with.total(), without.total()) {
            (0, 0) => false,
            (0, _) | (_, 0) => true,
            (a, b) => with.balanced as u128 * b as u128 != without.balanced as u128 * a as u128,
        };
        Robustness {
            without_alleged: without,
            changes,
        }
    }
}

impl Serialize for Robustness<TriangleCount> {
    /// `{"without_alleged": {"balanced", "unbalanced", "ratio"}, "changes"}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Counts(TriangleCount);
        impl Serialize for Counts {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(3))?;
                m.serialize_entry("balanced", &self.0.balanced)?;
                m.serialize_entry("unbalanced", &self.0.unbalanced)?;
                m.serialize_entry("ratio", &self.0.ratio())?;
                m.end()
            }
        }
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("without_alleged", &Counts(self.without_alleged))?;
        m.serialize_entry("changes", &self.changes)?;
        m.end()
    }
}

/// A partition into camps, as [`Camps`](super::Camps) gives it, without
/// the pairs that disagree with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partition {
    pub(crate) camps: Vec<Vec<ActorKey>>,
    pub(crate) frustration: usize,
    pub(crate) exact: bool,
}

impl Partition {
    /// The non-empty camps, each sorted by id, sorted by their first id.
    pub fn camps(&self) -> &[Vec<ActorKey>] {
        &self.camps
    }

    /// Negative pairs inside a camp plus positive pairs across camps.
    pub fn frustration(&self) -> usize {
        self.frustration
    }

    /// Whether the partition is proven to minimise the frustration.
    pub fn is_exact(&self) -> bool {
        self.exact
    }
}

/// A [`Robustness`] of camps as JSON, with actor ids.
pub(crate) struct PartitionJson<'a> {
    pub dataset: &'a Dataset,
    pub robustness: &'a Robustness<Partition>,
}

impl Serialize for PartitionJson<'_> {
    /// `{"without_alleged": {"camps", "frustration", "exact"}, "changes"}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = &self.robustness.without_alleged;
        let camps: Vec<Vec<&str>> = p
            .camps
            .iter()
            .map(|c| c.iter().map(|&a| self.dataset.actor_id(a)).collect())
            .collect();
        #[derive(Serialize)]
        struct Inner<'a> {
            camps: Vec<Vec<&'a str>>,
            frustration: usize,
            exact: bool,
        }
        let inner = Inner {
            camps,
            frustration: p.frustration,
            exact: p.exact,
        };
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("without_alleged", &inner)?;
        m.serialize_entry("changes", &self.robustness.changes)?;
        m.end()
    }
}
