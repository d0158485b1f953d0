//! Walk-based balance (Estrada and Benzi, 2014): closed walks of every
//! length, weighted by 1 / length!, balanced against all closed walks.
//!
//! The number of closed walks of length l is tr(Aˡ); weighting by 1 / l!
//! sums to tr(exp(A)) = Σ exp(λᵢ) over the eigenvalues of A. A closed walk
//! is balanced when the product of its signs is positive, so
//! tr(exp(A_signed)) counts balanced minus unbalanced walks and
//! tr(exp(|A|)) counts them all; their ratio is 1 exactly when the signed
//! graph is balanced.

use nalgebra::{DMatrix, SymmetricEigen};

use super::signed::{node_bound, SignedGraph};
use crate::snapshot::Snapshot;

/// The most actors with a signed pair for which the walk ratio is computed:
/// a dense symmetric eigendecomposition is O(n³) time and O(n²) memory
/// (1,000 actors take well under a second).
pub const WALK_MAX_ACTORS: usize = 1_000;

/// Why a snapshot has no walk-based balance (see [`try_walk_balance`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WalkGap {
    /// No actor has a signed pair: there is no signed graph to measure.
    NoSignedPair,
    /// More actors have a signed pair than [`WALK_MAX_ACTORS`] (the field
    /// is how many): a dense eigendecomposition would be too slow.
    TooManyActors(usize),
    /// The ratio is below the smallest normal `f64` (about 2.2e-308), so it
    /// cannot be given to 12 digits; the field is its decimal exponent
    /// (the ratio is about 10 to that power). It takes a dense graph of
    /// many hundreds of actors with signs far from balance.
    BelowRange(i32),
}

/// The reason in words, as the `walk_note` of the JSON gives it.
impl std::fmt::Display for WalkGap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WalkGap::NoSignedPair => f.write_str("no actor has a signed pair"),
            WalkGap::TooManyActors(n) => write!(
                f,
                "{n} actors have a signed pair, more than the {WALK_MAX_ACTORS} of a dense eigendecomposition"
            ),
            WalkGap::BelowRange(e) => write!(
                f,
                "the ratio is about 1e{e}, below the smallest normal double (2.2e-308)"
            ),
        }
    }
}

/// The walk-based degree of balance of Estrada and Benzi (2014) of the
/// signed graph of `snapshot`: tr(exp(A_signed)) / tr(exp(|A|)) over the
/// actors with at least one signed pair, in (0, 1], 1 exactly when the
/// signed graph is balanced; rounded to 12 significant digits.
///
/// `None` when no actor has a signed pair, when more than
/// [`WALK_MAX_ACTORS`] have (a dense eigendecomposition would be too slow),
/// or when the ratio is too small for a normal `f64`;
/// [`try_walk_balance`] says which.
///
/// # Complexity
///
/// O(n³) time and O(n²) memory for n actors with a signed pair: two
/// symmetric eigendecompositions (nalgebra's `SymmetricEigen`).
///
/// # Example
///
/// ```
/// use tiegraph::analysis::walk_balance;
///
/// let data = tiegraph::default_dataset();
/// let walk = walk_balance(&data.snapshot(&"2026-03-01".parse()?));
/// assert!(walk.is_some_and(|w| w > 0.0 && w <= 1.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn walk_balance(snapshot: &Snapshot<'_>) -> Option<f64> {
    try_walk_balance(snapshot).ok()
}

/// [`walk_balance`], with the reason when there is no value.
///
/// # Errors
///
/// [`WalkGap::NoSignedPair`] when no actor has a signed pair,
/// [`WalkGap::TooManyActors`] when more than [`WALK_MAX_ACTORS`] have,
/// [`WalkGap::BelowRange`] when the ratio is below the smallest normal
/// `f64`.
///
/// # Example
///
/// ```
/// use tiegraph::analysis::{try_walk_balance, WalkGap};
///
/// let data = tiegraph::default_dataset();
/// // Long before the dataset's first tie.
/// let gap = try_walk_balance(&data.snapshot(&"1900".parse()?)).unwrap_err();
/// assert_eq!(gap, WalkGap::NoSignedPair);
/// assert_eq!(gap.to_string(), "no actor has a signed pair");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn try_walk_balance(snapshot: &Snapshot<'_>) -> Result<f64, WalkGap> {
    let pairs = snapshot.pairs();
    walk_ratio(&SignedGraph::from_pairs(&pairs, node_bound(&pairs)))
}

/// tr(exp(A_signed)) / tr(exp(|A|)) over the actors of `graph` that have at
/// least one signed pair; the reason instead when none has or when there
/// are more than [`WALK_MAX_ACTORS`].
///
/// Both traces are sums of exponentials of eigenvalues, taken as
/// logarithms: ln Σ exp(xᵢ) = m + ln Σ exp(xᵢ − m) for the largest xᵢ = m,
/// so nothing overflows and the numerator, which can be hundreds of
/// orders of magnitude below the denominator, does not underflow before
/// the division. The ratio is rounded to 12 significant digits.
pub(super) fn walk_ratio(graph: &SignedGraph) -> Result<f64, WalkGap> {
    let nodes: Vec<usize> = (0..graph.node_count())
        .filter(|&v| !graph.neighbours(v).is_empty())
        .collect();
    let n = nodes.len();
    if n == 0 {
        return Err(WalkGap::NoSignedPair);
    }
    if n > WALK_MAX_ACTORS {
        return Err(WalkGap::TooManyActors(n));
    }
    let mut index = vec![usize::MAX; graph.node_count()];
    for (i, &v) in nodes.iter().enumerate() {
        index[v] = i;
    }
    let mut signed = DMatrix::<f64>::zeros(n, n);
    for (i, &v) in nodes.iter().enumerate() {
        for &(w, s) in graph.neighbours(v) {
            signed[(i, index[w as usize])] = f64::from(s);
        }
    }
    let unsigned = signed.abs();
    let lambda = SymmetricEigen::new(signed).eigenvalues;
    let mu = SymmetricEigen::new(unsigned).eigenvalues;
    // ln Σ exp(xᵢ), summed from the smallest term: the same sum for the
    // same eigenvalues, and less rounding.
    let log_sum_exp = |values: &nalgebra::DVector<f64>| {
        let top = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut terms: Vec<f64> = values.iter().map(|x| (x - top).exp()).collect();
        terms.sort_by(f64::total_cmp);
        top + terms.iter().sum::<f64>().ln()
    };
    ratio_of_logs(log_sum_exp(&lambda), log_sum_exp(&mu))
}

/// exp(`ln_num` − `ln_den`) to 12 significant digits, or
/// [`WalkGap::BelowRange`] when that is below the smallest normal `f64`.
fn ratio_of_logs(ln_num: f64, ln_den: f64) -> Result<f64, WalkGap> {
    let ln_ratio = ln_num - ln_den;
    let ratio = ln_ratio.exp();
    if !ratio.is_normal() {
        let log10 = ln_ratio / std::f64::consts::LN_10;
        return Err(WalkGap::BelowRange(log10.floor() as i32));
    }
    // The eigenvalues are good to about 1e-16 of the largest in absolute
    // terms, so each exponential, and the ratio, to about 1e-13 relative
    // (the largest is at most 1,000): twelve significant digits are
    // meaningful, and a balanced graph then gives exactly 1.
    Ok(format!("{ratio:.11e}").parse().unwrap_or(ratio))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(n: usize, edges: &[(u32, u32, i8)]) -> SignedGraph {
        let mut sorted = edges.to_vec();
        sorted.sort_unstable();
        SignedGraph::from_sorted_edges(sorted.into_iter(), n)
    }

    #[test]
    fn balanced_graphs_have_ratio_one() {
        // Two camps: positive inside, negative across.
        let g = graph(
            4,
            &[(0, 1, 1), (2, 3, 1), (0, 2, -1), (1, 3, -1), (0, 3, -1)],
        );
        assert_eq!(walk_ratio(&g), Ok(1.0));
    }

    #[test]
    fn an_unbalanced_triangle_is_below_one() {
        // tr exp of a triangle: e² + 2 e⁻¹; with one negative pair the
        // eigenvalues are −2, 1, 1.
        let g = graph(3, &[(0, 1, 1), (1, 2, 1), (0, 2, -1)]);
        let e = std::f64::consts::E;
        let want = ((-2.0f64).exp() + 2.0 * e) / (e * e + 2.0 / e);
        assert!((walk_ratio(&g).unwrap() - want).abs() < 1e-12);
    }

    #[test]
    fn over_the_limit_gives_the_count() {
        let n = WALK_MAX_ACTORS + 1;
        let last = u32::try_from(n - 1).unwrap();
        let path: Vec<(u32, u32, i8)> = (0..last).map(|v| (v, v + 1, 1)).collect();
        let gap = walk_ratio(&graph(n, &path)).unwrap_err();
        assert_eq!(gap, WalkGap::TooManyActors(1_001));
        assert_eq!(
            gap.to_string(),
            "1001 actors have a signed pair, more than the 1000 of a dense eigendecomposition"
        );
    }

    #[test]
    fn no_signed_pair_gives_none() {
        assert_eq!(walk_ratio(&graph(3, &[])), Err(WalkGap::NoSignedPair));
    }

    #[test]
    fn a_ratio_far_below_one_keeps_its_digits() {
        // All pairs of K₁₅₀ negative: A = I − J has eigenvalues −149 once
        // and 1 (149 times), |A| = J − I has 149 once and −1; the ratio is
        // about 1e-63, which rounding to decimals would have made 0.
        let n = 150u32;
        let edges: Vec<(u32, u32, i8)> = (0..n)
            .flat_map(|a| (a + 1..n).map(move |b| (a, b, -1)))
            .collect();
        let m = f64::from(n - 1);
        // ln(m·e + e^−m) and ln(e^m + m·e^−1).
        let ln_num = 1.0 + m.ln() + (1.0 + (-m - 1.0).exp() / m).ln();
        let ln_den = m + (1.0 + m * (-1.0 - m).exp()).ln();
        let want = (ln_num - ln_den).exp();
        let got = walk_ratio(&graph(n as usize, &edges)).unwrap();
        assert!(
            got > 0.0 && (got / want - 1.0).abs() < 1e-10,
            "{got} vs {want}"
        );
        assert!(got < 1e-60);
    }

    #[test]
    fn a_ratio_below_the_normal_range_says_so() {
        assert_eq!(ratio_of_logs(-800.0, 0.0), Err(WalkGap::BelowRange(-348)));
        assert_eq!(
            WalkGap::BelowRange(-348).to_string(),
            "the ratio is about 1e-348, below the smallest normal double (2.2e-308)"
        );
        // Just inside the range: a value, to 12 significant digits.
        let r = ratio_of_logs(-700.0, 0.0).unwrap();
        assert_eq!(
            r,
            format!("{:.11e}", (-700.0f64).exp())
                .parse::<f64>()
                .unwrap()
        );
        assert_eq!(ratio_of_logs(0.0, 0.0), Ok(1.0));
    }
}
