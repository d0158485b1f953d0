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
        }
    }
}

/// The walk-based degree of balance of Estrada and Benzi (2014) of the
/// signed graph of `snapshot`: tr(exp(A_signed)) / tr(exp(|A|)) over the
/// actors with at least one signed pair, in (0, 1], 1 exactly when the
/// signed graph is balanced; rounded to 12 decimals.
///
/// `None` when no actor has a signed pair, or when more than
/// [`WALK_MAX_ACTORS`] have (a dense eigendecomposition would be too slow);
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
/// [`WalkGap::TooManyActors`] when more than [`WALK_MAX_ACTORS`] have.
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
/// Both traces are sums of exponentials of eigenvalues; each is scaled by
/// exp(−μ) for the largest eigenvalue μ of |A| (every eigenvalue of either
/// matrix is at most μ in absolute value), so nothing overflows. The ratio
/// is rounded to 12 decimals.
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
    let top = mu.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let sum = |values: &nalgebra::DVector<f64>| {
        let mut sorted: Vec<f64> = values.iter().map(|x| (x - top).exp()).collect();
        // Smallest first: the same sum for the same eigenvalues, and less
        // rounding.
        sorted.sort_by(f64::total_cmp);
        sorted.iter().sum::<f64>()
    };
    // The eigenvalues are good to about 1e-15 relative: twelve decimals
    // are meaningful, and a balanced graph then gives exactly 1.
    Ok((sum(&lambda) / sum(&mu) * 1e12).round() / 1e12)
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
}
