//! Pairs of actors (dyads): the analysis graph of a snapshot, and the exact
//! time-weighted net value that gives each pair its sign over a period.

use std::fmt;

use crate::model::{ActorKey, Sign, Tie, TieKind};
use crate::time::Selector;

/// Weights are used in units of 10⁻¹⁸ (see [`weight_units`]).
pub(crate) const WEIGHT_UNIT: i64 = 1_000_000_000_000_000_000;

/// A weight in (0, 1] as an exact integer number of 10⁻¹⁸ units.
///
/// A weight is a decimal in the files (`0.35`), but an `f64` in memory,
/// where `0.35` is not exact. This takes the shortest decimal that reads
/// back as the same `f64` (what the file said, for any decimal of up to 15
/// significant digits) and scales it to 10⁻¹⁸. Digits beyond the 18th
/// decimal place are rounded half to even, and a positive weight never
/// rounds to zero. Sums of these integers are exact, so ties that cancel
/// out give exactly zero.
///
/// Hand-written rather than taken from a decimal crate: the common weights
/// (`1`, and decimals of a few digits) are recognised with a few float
/// operations, and only the rare long decimal goes through formatting.
pub(crate) fn weight_units(w: f64) -> i64 {
    if w == 1.0 {
        return WEIGHT_UNIT;
    }
    if !(w > 0.0 && w < 1.0) {
        // Not a valid weight (the loader refuses these); keep it total.
        return if w.is_finite() && w > 1.0 {
            WEIGHT_UNIT.saturating_mul(w.min(9.0) as i64)
        } else {
            0
        };
    }
    // Few decimals: n / 10^k reads back as w, with n exact in an f64 (w
    // is below 1, so k = 0 never does). `+ 0.5` and a cast round (w is
    // positive) without a call to `round`.
    let mut scale = 10.0_f64;
    let mut pow = WEIGHT_UNIT / 10;
    for _ in 1..=15 {
        let n = (w * scale + 0.5) as i64;
        if n as f64 / scale == w {
            return n.saturating_mul(pow).max(1);
        }
        scale *= 10.0;
        pow /= 10;
    }
    long_decimal_units(w)
}

/// [`weight_units`] for a weight with more than 15 decimals: from the
/// shortest round-trip scientific notation (`d.ddd…e-N`).
fn long_decimal_units(w: f64) -> i64 {
    let text = format!("{w:e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((text.as_str(), "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let mut digits: u64 = 0;
    let mut count: i32 = 0;
    for b in mantissa.bytes().filter(u8::is_ascii_digit) {
        digits = digits
            .saturating_mul(10)
            .saturating_add(u64::from(b - b'0'));
        count += 1;
    }
    // w = digits × 10^(exponent − (count − 1)); in units: × 10^18.
    let shift = 18 + exponent - (count - 1);
    let units = if shift >= 0 {
        digits.saturating_mul(10u64.saturating_pow(shift as u32))
    } else if shift < -19 {
        0
    } else {
        let div = 10u64.pow((-shift) as u32);
        let (q, r) = (digits / div, digits % div);
        // Half to even.
        if r * 2 > div || (r * 2 == div && q % 2 == 1) {
            q + 1
        } else {
            q
        }
    };
    (units.min(WEIGHT_UNIT as u64) as i64).max(1)
}

/// How many days of `selector` a tie over `[start, end)` is in force
/// (`end` `None`: ongoing); 0 when it is not in force during it.
#[inline]
pub(crate) fn overlap_days(start: i32, end: Option<i32>, selector: &Selector) -> i64 {
    let from = start.max(selector.start());
    let until = end.map_or(selector.end(), |e| e.min(selector.end()));
    (i64::from(until) - i64::from(from)).max(0)
}

/// A pair's net value over a period, held exactly: the sum over its
/// non-mediation ties of sign × weight × the days of the period each is
/// in force (rule R1 of the format), in units of 10⁻¹⁸ weight-days, and
/// the sum of the absolute values of those terms.
///
/// # Example
///
/// ```
/// use tiegraph::{NetValue, Sign};
///
/// // Over 2021: support all year (+365) and tension from 1 September (−122).
/// let mut net = NetValue::ZERO;
/// net.add(Sign::Positive, 1.0, 365);
/// net.add(Sign::Negative, 1.0, 122);
/// assert_eq!(net.sign(), Sign::Positive);
/// assert_eq!(net.weight_days(), 243.0);
/// assert!((net.day_average(365) - 0.6657).abs() < 1e-4);
///
/// // Decimal weights cancel exactly.
/// let mut net = NetValue::ZERO;
/// net.add(Sign::Positive, 0.1, 30);
/// net.add(Sign::Positive, 0.2, 30);
/// net.add(Sign::Negative, 0.3, 30);
/// assert_eq!(net.sign(), Sign::Zero);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct NetValue {
    value: i128,
    magnitude: i128,
}

impl NetValue {
    /// No term.
    pub const ZERO: NetValue = NetValue {
        value: 0,
        magnitude: 0,
    };

    /// Adds a tie of `sign` and `weight` in force on `days` days.
    pub fn add(&mut self, sign: Sign, weight: f64, days: i64) {
        self.add_units(sign.value(), weight_units(weight), days);
    }

    /// Adds `sign × units × days` (units: 10⁻¹⁸ of a weight).
    #[inline]
    pub(crate) fn add_units(&mut self, sign: i8, units: i64, days: i64) {
        if sign == 0 || days <= 0 {
            return;
        }
        let term = i128::from(units) * i128::from(days);
        self.magnitude = self.magnitude.saturating_add(term);
        if sign > 0 {
            self.value = self.value.saturating_add(term);
        } else {
            self.value = self.value.saturating_sub(term);
        }
    }

    /// Adds another net value (of disjoint ties).
    pub fn merge(&mut self, other: NetValue) {
        self.value = self.value.saturating_add(other.value);
        self.magnitude = self.magnitude.saturating_add(other.magnitude);
    }

    /// The net sign: `0` when there is no signed term, or when the value is
    /// within 10⁻⁹ × the sum of the absolute terms of zero.
    pub fn sign(&self) -> Sign {
        // |value| ≤ 10⁻⁹ × magnitude, in integers (a product too large for
        // 128 bits is far above any magnitude).
        let within = self
            .value
            .unsigned_abs()
            .checked_mul(1_000_000_000)
            .is_some_and(|v| v <= self.magnitude.unsigned_abs());
        if within {
            Sign::Zero
        } else if self.value > 0 {
            Sign::Positive
        } else {
            Sign::Negative
        }
    }

    /// Whether no signed tie contributed.
    pub fn is_empty(&self) -> bool {
        self.magnitude == 0
    }

    /// The net value in weight-days (e.g. 243.0 for +365 − 122 days at
    /// weight 1), rounded to the nearest `f64`.
    pub fn weight_days(&self) -> f64 {
        ratio(self.value, i128::from(WEIGHT_UNIT))
    }

    /// The net value divided by the `days` of the period: the pair's
    /// average value per day, in [−1, 1] for weights in (0, 1]. Zero when
    /// `days` is not positive.
    pub fn day_average(&self, days: i64) -> f64 {
        if days <= 0 {
            return 0.0;
        }
        ratio(self.value, i128::from(WEIGHT_UNIT) * i128::from(days))
    }
}

/// `num / den` as an `f64`, rounded once: the integer part and the
/// remainder are converted separately so that large values keep their
/// precision.
fn ratio(num: i128, den: i128) -> f64 {
    let (q, r) = (num / den, num % den);
    q as f64 + r as f64 / den as f64
}

impl fmt::Debug for NetValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "NetValue({} weight-days, {})",
            self.weight_days(),
            self.sign()
        )
    }
}

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
    /// The exact net value over the period: sign × weight × days in force,
    /// summed over the non-mediation ties in force (rule R1).
    pub net: NetValue,
}

impl Pair {
    /// The net sign over the period: `0` when no signed tie is in force or
    /// the time-weighted value is zero (see [`NetValue::sign`]).
    pub fn sign(&self) -> Sign {
        self.net.sign()
    }
}

/// The analysis graph of a snapshot: every pair with a tie in force, sorted
/// by (a, b) — that is, by actor id — with each pair's net value over the
/// snapshot's period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pairs {
    pairs: Vec<Pair>,
    days: i64,
}

impl Pairs {
    /// Groups the ties in force during `selector` into pairs, each with its
    /// kinds and its net value over the selector: every tie weighs by the
    /// days of the selector on which it is in force (one day for a day
    /// selector). Ties not in force during `selector` are skipped.
    ///
    /// # Example
    ///
    /// ```
    /// use tiegraph::{default_dataset, Pairs, Sign};
    ///
    /// let data = default_dataset();
    /// let year: tiegraph::Selector = "2021".parse()?;
    /// let snap = data.snapshot(&year);
    /// let pairs = Pairs::from_ties(snap.ties(), &year);
    /// let (pak, tal) = (data.resolve("PAK")?, data.resolve("TAL")?);
    /// // Support until mid-August outweighs the tension that followed.
    /// assert_eq!(pairs.get(pak, tal).map(|p| p.sign()), Some(Sign::Positive));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_ties<'t>(ties: impl Iterator<Item = &'t Tie>, selector: &Selector) -> Pairs {
        // Sized at once: a snapshot of a large dataset has hundreds of
        // thousands of ties, and growing by doubling would hold up to half
        // as much again.
        let mut entries: Vec<(u64, TieKind, i8, i64, i64)> = Vec::with_capacity(ties.size_hint().0);
        for tie in ties {
            let days = overlap_days(tie.start_day(), tie.end_day(), selector);
            if days == 0 {
                continue;
            }
            let sign = tie.kind().sign().value();
            let units = if sign == 0 {
                0
            } else {
                weight_units(tie.weight())
            };
            for (x, y) in tie.pairs() {
                let (a, b) = if x < y { (x, y) } else { (y, x) };
                let key = (u64::from(a.0) << 32) | u64::from(b.0);
                entries.push((key, tie.kind(), sign, units, days));
            }
        }
        // Sums are exact, so the order within a pair does not matter.
        entries.sort_unstable_by_key(|e| e.0);
        // At most one pair per entry; only the pages written are used.
        let mut pairs: Vec<Pair> = Vec::with_capacity(entries.len());
        for (key, kind, sign, units, days) in entries {
            let a = ActorKey((key >> 32) as u32);
            let b = ActorKey(key as u32);
            match pairs.last_mut() {
                Some(p) if p.a == a && p.b == b => {
                    p.kinds.insert(kind);
                    p.net.add_units(sign, units, days);
                }
                _ => {
                    let mut kinds = KindSet::EMPTY;
                    kinds.insert(kind);
                    let mut net = NetValue::ZERO;
                    net.add_units(sign, units, days);
                    pairs.push(Pair { a, b, kinds, net });
                }
            }
        }
        Pairs {
            pairs,
            days: selector.days(),
        }
    }

    /// How many days the period of these pairs has (the denominator of
    /// [`Pairs::day_average`]).
    pub fn days(&self) -> i64 {
        self.days
    }

    /// A pair's net value divided by the days of the period.
    pub fn day_average(&self, pair: &Pair) -> f64 {
        pair.net.day_average(self.days)
    }

    /// All pairs, sorted by (a, b).
    pub fn as_slice(&self) -> &[Pair] {
        &self.pairs
    }

    /// Iterates over the pairs.
    pub fn iter(&self) -> std::slice::Iter<'_, Pair> {
        self.pairs.iter()
    }

    /// How many pairs.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether there are no pairs.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The pair of two actors, in either order.
    pub fn get(&self, x: ActorKey, y: ActorKey) -> Option<&Pair> {
        let (a, b) = if x < y { (x, y) } else { (y, x) };
        self.pairs
            .binary_search_by(|p| (p.a, p.b).cmp(&(a, b)))
            .ok()
            .map(|i| &self.pairs[i])
    }

    /// The pairs with a net sign of + or −: the signed graph.
    pub fn signed(&self) -> impl Iterator<Item = &Pair> {
        self.pairs.iter().filter(|p| p.sign() != Sign::Zero)
    }
}

impl<'a> IntoIterator for &'a Pairs {
    type Item = &'a Pair;
    type IntoIter = std::slice::Iter<'a, Pair>;
    fn into_iter(self) -> Self::IntoIter {
        self.pairs.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_read_as_the_decimals_written() {
        for (w, units) in [
            (1.0, WEIGHT_UNIT),
            (0.5, 500_000_000_000_000_000),
            (0.1, 100_000_000_000_000_000),
            (0.35, 350_000_000_000_000_000),
            (0.333, 333_000_000_000_000_000),
            (0.123456789012345, 123_456_789_012_345_000),
            // More than 15 decimals: through the shortest round-trip text.
            (0.1234567890123456, 123_456_789_012_345_600),
            (1e-18, 1),
            // Beyond 18 decimals: rounded, but never to zero.
            (1e-25, 1),
            (2.5e-18, 2),
            (3.5e-18, 4),
        ] {
            assert_eq!(weight_units(w), units, "{w}");
        }
        // The shortest decimal of every two-decimal weight is exact.
        for n in 1..=100 {
            let w: f64 = format!("0.{n:02}").parse().unwrap_or(1.0);
            let w = if n == 100 { 1.0 } else { w };
            assert_eq!(weight_units(w), n * 10_000_000_000_000_000, "{w}");
        }
    }

    #[test]
    fn net_values_are_exact_and_signed_with_the_rule_tolerance() {
        let mut net = NetValue::ZERO;
        assert!(net.is_empty());
        assert_eq!(net.sign(), Sign::Zero);
        // 0.1 + 0.2 − 0.3 over 365 days: exactly zero.
        net.add(Sign::Positive, 0.1, 365);
        net.add(Sign::Positive, 0.2, 365);
        net.add(Sign::Negative, 0.3, 365);
        assert_eq!(net.weight_days(), 0.0);
        assert_eq!(net.sign(), Sign::Zero);
        assert!(!net.is_empty());
        // A difference of one part in 10⁹ of the terms is still zero; more
        // is not.
        let mut near = NetValue::ZERO;
        near.add_units(1, 1_000_000_000, 1);
        near.add_units(-1, 999_999_999, 1);
        // |1| ≤ ⌊1_999_999_999 / 10⁹⌋ = 1: zero.
        assert_eq!(near.sign(), Sign::Zero);
        let mut far = NetValue::ZERO;
        far.add_units(1, 1_000_000_000, 1);
        far.add_units(-1, 999_999_990, 1);
        assert_eq!(far.sign(), Sign::Positive);
        // Mediation (sign 0) and empty overlaps add nothing.
        let mut none = NetValue::ZERO;
        none.add(Sign::Zero, 1.0, 10);
        none.add(Sign::Positive, 1.0, 0);
        assert!(none.is_empty());
        // Day-averages.
        let mut year = NetValue::ZERO;
        year.add(Sign::Positive, 1.0, 365);
        year.add(Sign::Negative, 1.0, 122);
        assert_eq!(year.weight_days(), 243.0);
        assert_eq!(year.day_average(365), 243.0 / 365.0);
        assert_eq!(year.day_average(0), 0.0);
    }

    #[test]
    fn overlap_counts_days_in_force_within_the_selector() {
        let y2021: Selector = "2021".parse().unwrap_or_else(|e| panic!("{e}"));
        let day = |s: &str| crate::Date::parse(s).map(|d| d.first_day()).unwrap_or(0);
        assert_eq!(overlap_days(day("2020"), None, &y2021), 365);
        assert_eq!(overlap_days(day("2021-09-01"), None, &y2021), 122);
        assert_eq!(
            overlap_days(day("2020"), Some(day("2021-01-02")), &y2021),
            1
        );
        assert_eq!(overlap_days(day("2020"), Some(day("2021")), &y2021), 0);
        assert_eq!(overlap_days(day("2022"), None, &y2021), 0);
        assert_eq!(
            overlap_days(day("2021-03"), Some(day("2021-04")), &y2021),
            31
        );
    }
}
