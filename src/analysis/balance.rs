//! Structural balance: the triangles of the signed graph of a snapshot.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::robustness::Robustness;
use super::signed::{node_bound, sign_of, SignedGraph, TriangleCount};
use super::walk::{walk_ratio, WalkGap};
use crate::model::{ActorKey, Confidence, Dataset, Sign};
use crate::snapshot::Snapshot;
use crate::time::Selector;

/// A triangle of the signed graph: three actors pairwise joined by a pair
/// of net sign `+` or `−`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Triangle {
    actors: [ActorKey; 3],
    signs: [Sign; 3],
}

impl Triangle {
    /// The three actors, sorted by id.
    pub fn actors(&self) -> [ActorKey; 3] {
        self.actors
    }

    /// The signs of the pairs (actors\[0\], actors\[1\]), (actors\[0\],
    /// actors\[2\]) and (actors\[1\], actors\[2\]).
    pub fn signs(&self) -> [Sign; 3] {
        self.signs
    }

    /// Whether the product of the three signs is positive ("the friend of my
    /// friend is my friend", "the enemy of my enemy is my friend").
    pub fn is_balanced(&self) -> bool {
        self.signs.iter().map(|s| s.value()).product::<i8>() > 0
    }

    /// Whether `actor` is one of the three corners.
    pub fn contains(&self, actor: ActorKey) -> bool {
        self.actors.contains(&actor)
    }
}

/// The triangles of a snapshot's signed graph, balanced or not.
///
/// Made by [`balance`]. Serializes to the balance JSON of the format:
/// `{"at", "balanced", "unbalanced", "ratio", "walk", "robustness", "triangles":
/// [{"actors", "signs", "balanced"}]}`, triangles sorted by their actor ids;
/// `robustness` is `{"without_alleged": {"balanced", "unbalanced",
/// "ratio"}, "changes"}` (rule R5, see [`Robustness`]). When `walk` is
/// null, `"walk_note"` follows it with the reason (see [`WalkGap`]).
#[derive(Debug, Clone)]
pub struct Balance<'d> {
    dataset: &'d Dataset,
    at: Selector,
    triangles: Vec<Triangle>,
    count: TriangleCount,
    walk: Result<f64, WalkGap>,
    robustness: Robustness<TriangleCount>,
}

impl<'d> Balance<'d> {
    /// The dataset the actor keys belong to.
    pub fn dataset(&self) -> &'d Dataset {
        self.dataset
    }

    /// The selector of the snapshot.
    pub fn at(&self) -> Selector {
        self.at
    }

    /// Every triangle, sorted by actor ids.
    pub fn triangles(&self) -> &[Triangle] {
        &self.triangles
    }

    /// The triangle of three actors, in any order, if they form one.
    pub fn triangle(&self, x: ActorKey, y: ActorKey, z: ActorKey) -> Option<&Triangle> {
        let mut key = [x, y, z];
        key.sort_unstable();
        self.triangles
            .binary_search_by(|t| t.actors.cmp(&key))
            .ok()
            .map(|i| &self.triangles[i])
    }

    /// The balanced and unbalanced counts.
    pub fn count(&self) -> TriangleCount {
        self.count
    }

    /// How many triangles are balanced.
    pub fn balanced(&self) -> usize {
        self.count.balanced
    }

    /// How many triangles are unbalanced.
    pub fn unbalanced(&self) -> usize {
        self.count.unbalanced
    }

    /// `balanced / (balanced + unbalanced)`, `None` when there is no triangle.
    pub fn ratio(&self) -> Option<f64> {
        self.count.ratio()
    }

    /// The walk-based degree of balance (see
    /// [`walk_balance`](super::walk_balance)).
    pub fn walk(&self) -> Option<f64> {
        self.walk.ok()
    }

    /// Why [`walk`](Self::walk) is `None`; `None` when it has a value.
    pub fn walk_gap(&self) -> Option<WalkGap> {
        self.walk.err()
    }

    /// The counts without the alleged ties, and whether the ratio changes
    /// (rule R5).
    pub fn robustness(&self) -> &Robustness<TriangleCount> {
        &self.robustness
    }
}

/// The triangle counts of `snapshot` without its alleged ties, compared
/// with `count`, its counts with them (rule R5): what [`Balance::robustness`]
/// holds, for a count made with [`count_triangles`](super::count_triangles).
///
/// # Example
///
/// ```
/// use tiegraph::analysis::{balance_robustness, count_triangles};
///
/// let data = tiegraph::default_dataset();
/// let snapshot = data.snapshot(&"2026-03-01".parse()?);
/// let count = count_triangles(&snapshot.pairs());
/// let r = balance_robustness(&snapshot, count);
/// assert_eq!(r.changes(), r.without_alleged().ratio() != count.ratio());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn balance_robustness(
    snapshot: &Snapshot<'_>,
    count: TriangleCount,
) -> Robustness<TriangleCount> {
    let without = if snapshot.has_alleged() {
        super::count_triangles(&snapshot.pairs_at_least(Confidence::Reported))
    } else {
        count
    };
    Robustness::of_counts(count, without)
}

/// Lists and counts the triangles of the signed graph of `snapshot`.
///
/// The signed graph keeps the pairs whose net sign is `+` or `−` (see
/// [`Pair::sign`](crate::Pair::sign)); a triangle is balanced when the
/// product of its three signs is positive.
///
/// # Complexity
///
/// O(m √m + t log t) for m signed pairs and t triangles: degree-ordered
/// enumeration, then a sort of the list. Use
/// [`count_triangles`](super::count_triangles) when only the counts are needed.
///
/// # Example
///
/// ```
/// use tiegraph::analysis::balance;
///
/// let data = tiegraph::default_dataset();
/// let b = balance(&data.snapshot(&"2026-03-01".parse()?));
/// let [pak, tal, ttp] = [data.resolve("PAK")?, data.resolve("TAL")?, data.resolve("TTP")?];
/// // Pakistan fights both the Taliban and the TTP, who are allies: balanced.
/// assert!(b.triangle(pak, tal, ttp).is_some_and(|t| t.is_balanced()));
/// assert_eq!(b.balanced() + b.unbalanced(), b.triangles().len());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn balance<'d>(snapshot: &Snapshot<'d>) -> Balance<'d> {
    let dataset = snapshot.dataset();
    let pairs = snapshot.pairs();
    let graph = SignedGraph::from_pairs(&pairs, node_bound(&pairs));
    let mut triangles = Vec::new();
    let mut count = TriangleCount::default();
    graph.for_each_triangle(|nodes, signs| {
        let t = Triangle {
            actors: nodes.map(ActorKey),
            signs: signs.map(sign_of),
        };
        if t.is_balanced() {
            count.balanced += 1;
        } else {
            count.unbalanced += 1;
        }
        triangles.push(t);
    });
    // Keys are indices into actors sorted by id, so this sorts by ids.
    triangles.sort_unstable();
    Balance {
        dataset,
        at: snapshot.selector(),
        triangles,
        count,
        walk: walk_ratio(&graph),
        robustness: balance_robustness(snapshot, count),
    }
}

/// The balance of a snapshot with its triangles made one at a time, not
/// listed: what [`Balance`] holds, for a graph whose triangles would not
/// fit in memory (a complete graph of 500 actors has 20 million).
///
/// Made by [`balance_streamed`]. Serializes to exactly the JSON of
/// [`Balance`], writing each triangle as it is found.
#[derive(Debug, Clone)]
pub struct StreamedBalance<'d> {
    dataset: &'d Dataset,
    at: Selector,
    graph: SignedGraph,
    count: TriangleCount,
    walk: Result<f64, WalkGap>,
    robustness: Robustness<TriangleCount>,
}

impl<'d> StreamedBalance<'d> {
    /// The dataset the actor keys belong to.
    pub fn dataset(&self) -> &'d Dataset {
        self.dataset
    }

    /// The selector of the snapshot.
    pub fn at(&self) -> Selector {
        self.at
    }

    /// The balanced and unbalanced counts.
    pub fn count(&self) -> TriangleCount {
        self.count
    }

    /// `balanced / (balanced + unbalanced)`, `None` when there is no triangle.
    pub fn ratio(&self) -> Option<f64> {
        self.count.ratio()
    }

    /// The walk-based degree of balance (see
    /// [`walk_balance`](super::walk_balance)).
    pub fn walk(&self) -> Option<f64> {
        self.walk.ok()
    }

    /// Why [`walk`](Self::walk) is `None`; `None` when it has a value.
    pub fn walk_gap(&self) -> Option<WalkGap> {
        self.walk.err()
    }

    /// The counts without the alleged ties, and whether the ratio changes
    /// (rule R5).
    pub fn robustness(&self) -> &Robustness<TriangleCount> {
        &self.robustness
    }

    /// Calls `f` with every triangle, in the order of
    /// [`Balance::triangles`] (by actor ids).
    pub fn for_each_triangle(&self, mut f: impl FnMut(Triangle)) {
        self.graph.for_each_triangle_in_order(|nodes, signs| {
            f(Triangle {
                actors: nodes.map(ActorKey),
                signs: signs.map(sign_of),
            })
        });
    }
}

/// The balance of `snapshot` as [`balance`] computes it, with the
/// triangles counted but not listed: they are made again, in order, by
/// [`StreamedBalance::for_each_triangle`] or while serializing.
///
/// # Example
///
/// ```
/// use tiegraph::analysis::{balance, balance_streamed};
///
/// let data = tiegraph::default_dataset();
/// let snapshot = data.snapshot(&"2026-03-01".parse()?);
/// let listed = balance(&snapshot);
/// let streamed = balance_streamed(&snapshot);
/// let mut all = Vec::new();
/// streamed.for_each_triangle(|t| all.push(t));
/// assert_eq!(all, listed.triangles());
/// assert_eq!(serde_json::to_string(&streamed)?, serde_json::to_string(&listed)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn balance_streamed<'d>(snapshot: &Snapshot<'d>) -> StreamedBalance<'d> {
    let pairs = snapshot.pairs();
    let graph = SignedGraph::from_pairs(&pairs, node_bound(&pairs));
    let count = graph.count_triangles();
    StreamedBalance {
        dataset: snapshot.dataset(),
        at: snapshot.selector(),
        walk: walk_ratio(&graph),
        graph,
        count,
        robustness: balance_robustness(snapshot, count),
    }
}

/// The triangles of a [`StreamedBalance`] as a JSON list, written one by one.
struct TrianglesJson<'a, 'd>(&'a StreamedBalance<'d>);

impl Serialize for TrianglesJson<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let count = self.0.count;
        let mut seq = s.serialize_seq(Some(count.balanced + count.unbalanced))?;
        let mut failed = None;
        self.0.for_each_triangle(|triangle| {
            if failed.is_none() {
                let json = TriangleJson {
                    dataset: self.0.dataset,
                    triangle: &triangle,
                };
                if let Err(e) = seq.serialize_element(&json) {
                    failed = Some(e);
                }
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        seq.end()
    }
}

impl Serialize for StreamedBalance<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        balance_json(
            s,
            self.at,
            self.count,
            self.walk,
            &self.robustness,
            &TrianglesJson(self),
        )
    }
}

/// The balance object, listed or streamed: its keys in one place.
fn balance_json<S: Serializer>(
    s: S,
    at: Selector,
    count: TriangleCount,
    walk: Result<f64, WalkGap>,
    robustness: &Robustness<TriangleCount>,
    triangles: &impl Serialize,
) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(if walk.is_ok() { 7 } else { 8 }))?;
    m.serialize_entry("at", &at)?;
    m.serialize_entry("balanced", &count.balanced)?;
    m.serialize_entry("unbalanced", &count.unbalanced)?;
    m.serialize_entry("ratio", &count.ratio())?;
    m.serialize_entry("walk", &walk.ok())?;
    if let Err(gap) = walk {
        m.serialize_entry("walk_note", &gap.to_string())?;
    }
    m.serialize_entry("robustness", robustness)?;
    m.serialize_entry("triangles", triangles)?;
    m.end()
}

struct TriangleJson<'a> {
    dataset: &'a Dataset,
    triangle: &'a Triangle,
}

impl Serialize for TriangleJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.triangle;
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("actors", &t.actors.map(|a| self.dataset.actor_id(a)))?;
        m.serialize_entry("signs", &t.signs)?;
        m.serialize_entry("balanced", &t.is_balanced())?;
        m.end()
    }
}

impl Serialize for Balance<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let triangles: Vec<TriangleJson<'_>> = self
            .triangles
            .iter()
            .map(|triangle| TriangleJson {
                dataset: self.dataset,
                triangle,
            })
            .collect();
        balance_json(
            s,
            self.at,
            self.count,
            self.walk,
            &self.robustness,
            &triangles,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balance_rule() {
        let t = |signs| Triangle {
            actors: [ActorKey(0), ActorKey(1), ActorKey(2)],
            signs,
        };
        use Sign::{Negative as N, Positive as P};
        assert!(t([P, P, P]).is_balanced());
        assert!(t([N, N, P]).is_balanced());
        assert!(!t([N, P, P]).is_balanced());
        assert!(!t([N, N, N]).is_balanced());
    }
}
