//! Pairs of actors (dyads): the analysis graph of a snapshot.

use std::fmt;

use crate::model::{ActorKey, Sign, Tie, TieKind};

/// A set of tie kinds, e.g. the kinds in force between two actors.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct KindSet(u8);

impl KindSet {
    /// No kind.
    pub const EMPTY: KindSet = KindSet(0);

    /// Adds a kind.
    pub fn insert(&mut self, kind: TieKind) {
        self.0 |= kind.bit();
    }

    /// Whether the set holds `kind`.
    pub fn contains(self, kind: TieKind) -> bool {
        self.0 & kind.bit() != 0
    }

    /// Whether the set holds no kind.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The number of kinds in the set.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The kinds, sorted by name (as the diff JSON lists them).
    pub fn iter(self) -> impl Iterator<Item = TieKind> {
        const BY_NAME: [TieKind; 6] = [
            TieKind::Alliance,
            TieKind::Cooperation,
            TieKind::Hostility,
            TieKind::Mediation,
            TieKind::Support,
            TieKind::Tension,
        ];
        BY_NAME.into_iter().filter(move |&k| self.contains(k))
    }

    /// The kind names, sorted.
    pub fn names(self) -> Vec<&'static str> {
        self.iter().map(TieKind::as_str).collect()
    }
}

impl FromIterator<TieKind> for KindSet {
    fn from_iter<T: IntoIterator<Item = TieKind>>(iter: T) -> KindSet {
        let mut set = KindSet::EMPTY;
        for k in iter {
            set.insert(k);
        }
        set
    }
}

impl fmt::Debug for KindSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl serde::Serialize for KindSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// Two actors with at least one tie in force, with what is between them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    /// The actor with the smaller id.
    pub a: ActorKey,
    /// The actor with the larger id.
    pub b: ActorKey,
    /// The distinct kinds in force between them (a mediation counts for the
    /// pairs mediator–target and mediator–with).
    pub kinds: KindSet,
    /// Sum of sign × weight over the non-mediation ties in force.
    pub sum: f64,
}

impl Pair {
    /// The net sign: the sign of [`Pair::sum`] with a 1e-9 tolerance, `0`
    /// when no signed tie is in force.
    pub fn sign(&self) -> Sign {
        Sign::of_sum(self.sum)
    }
}

/// The analysis graph of a snapshot: every pair with a tie in force, sorted
/// by (a, b) — that is, by actor id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pairs(Vec<Pair>);

impl Pairs {
    /// Groups ties into pairs. The sum of each pair adds its ties in the
    /// order given, so the same ties in the same order give the same bits.
    pub fn from_ties<'t>(ties: impl Iterator<Item = &'t Tie>) -> Pairs {
        // Sized at once: a snapshot of a large dataset has hundreds of
        // thousands of ties, and growing by doubling would hold up to half
        // as much again.
        let mut entries: Vec<(u64, u32, TieKind, f64)> = Vec::with_capacity(ties.size_hint().0);
        for (order, tie) in ties.enumerate() {
            let signed = f64::from(tie.kind().sign().value()) * tie.weight();
            for (x, y) in tie.pairs() {
                let (a, b) = if x < y { (x, y) } else { (y, x) };
                let key = (u64::from(a.0) << 32) | u64::from(b.0);
                entries.push((key, order as u32, tie.kind(), signed));
            }
        }
        // By pair, then by tie order, so sums are added in a fixed order.
        entries.sort_unstable_by_key(|e| (e.0, e.1));
        // At most one pair per entry; only the pages written are used.
        let mut pairs: Vec<Pair> = Vec::with_capacity(entries.len());
        for (key, _, kind, signed) in entries {
            let a = ActorKey((key >> 32) as u32);
            let b = ActorKey(key as u32);
            match pairs.last_mut() {
                Some(p) if p.a == a && p.b == b => {
                    p.kinds.insert(kind);
                    p.sum += signed;
                }
                _ => {
                    let mut kinds = KindSet::EMPTY;
                    kinds.insert(kind);
                    pairs.push(Pair {
                        a,
                        b,
                        kinds,
                        sum: signed,
                    });
                }
            }
        }
        Pairs(pairs)
    }

    /// All pairs, sorted by (a, b).
    pub fn as_slice(&self) -> &[Pair] {
        &self.0
    }

    /// Iterates over the pairs.
    pub fn iter(&self) -> std::slice::Iter<'_, Pair> {
        self.0.iter()
    }

    /// How many pairs.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no pairs.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The pair of two actors, in either order.
    pub fn get(&self, x: ActorKey, y: ActorKey) -> Option<&Pair> {
        let (a, b) = if x < y { (x, y) } else { (y, x) };
        self.0
            .binary_search_by(|p| (p.a, p.b).cmp(&(a, b)))
            .ok()
            .map(|i| &self.0[i])
    }

    /// The pairs with a net sign of + or −: the signed graph.
    pub fn signed(&self) -> impl Iterator<Item = &Pair> {
        self.0.iter().filter(|p| p.sign() != Sign::Zero)
    }
}

impl<'a> IntoIterator for &'a Pairs {
    type Item = &'a Pair;
    type IntoIter = std::slice::Iter<'a, Pair>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}
