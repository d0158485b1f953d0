//! Where actors go: a deterministic force-directed layout computed here, so
//! that every diagram pins its actors and Graphviz only routes the edges.
//!
//! Computing positions in tiegraph rather than leaving them to Graphviz
//! gives the same picture with every renderer and version, lets a timeline
//! keep each actor in one place without running a renderer first, and makes
//! [`RankDir`] meaningful for a network that has no natural ranks.
//!
//! The method is neato's: stress majorization (Gansner, Koren and North,
//! *Graph Drawing by Stress Majorization*, GD 2004) started from classical
//! multidimensional scaling, on shortest-path distances. Then the drawing is
//! turned so that its long axis runs top to bottom or left to right, and
//! overlapping actors are pushed apart. Only `+ - * / sqrt` are used (no
//! `sin`, `atan2`, …), so positions are the same bits on every platform.

use std::collections::VecDeque;

use super::options::RankDir;

/// One actor to place: its size in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Size {
    pub width: f64,
    pub height: f64,
}

/// Above this many actors, a diagram is a grid in id order: the
/// force-directed layout takes time and memory quadratic in the number of
/// actors, and such a diagram is unreadable anyway.
const MAX_FORCE_DIRECTED: usize = 1500;

/// How many passes of `per_pass` steps fit in `work` steps, between 1 and
/// `most`: large diagrams get fewer refinement passes, not hours of them.
fn budget(work: f64, per_pass: usize, most: usize) -> usize {
    ((work / per_pass.max(1) as f64) as usize).clamp(1, most)
}

/// Actors in rows, in the order given, each cell as large as the largest.
fn grid(sizes: &[Size]) -> Vec<(f64, f64)> {
    let cell_w = sizes.iter().map(|s| s.width).fold(0.0, f64::max) + GAP;
    let cell_h = sizes.iter().map(|s| s.height).fold(0.0, f64::max) + GAP;
    let columns = ((sizes.len() as f64).sqrt().ceil() as usize).max(1);
    (0..sizes.len())
        .map(|i| {
            (
                (i % columns) as f64 * cell_w,
                -((i / columns) as f64) * cell_h,
            )
        })
        .collect()
}

/// The length of an edge, in points, between two average actors.
const EDGE: f64 = 120.0;
/// The least gap between two actors, in points.
const GAP: f64 = 16.0;

/// The size Graphviz will give an actor's node, estimated from its label
/// (the lines of its name at 11pt and its id at 8pt, in Helvetica) and
/// shape, a little generously so that estimates err towards more room.
pub(crate) fn estimate(lines: &[&str], id_line: Option<&str>, shape: &str) -> Size {
    let text = |s: &str, pt: f64| s.chars().map(|c| char_width(c) * pt).sum::<f64>();
    let mut w = lines.iter().map(|l| text(l, 11.0)).fold(0.0, f64::max);
    let mut h = lines.len().max(1) as f64 * 13.2;
    if let Some(id) = id_line {
        w = w.max(text(id, 8.0));
        h += 9.6;
    }
    // The node margin of `node_defaults`: 0.1in by 0.04in on each side.
    let (mut w, mut h) = (w + 2.0 * 7.2, h + 2.0 * 2.88);
    match shape {
        // Graphviz fits an ellipse around the label box.
        "ellipse" => {
            w *= std::f64::consts::SQRT_2;
            h *= std::f64::consts::SQRT_2;
        }
        "component" => w += 8.0,
        _ => {}
    }
    Size {
        width: w.max(54.0) + 2.0,
        height: h.max(36.0) + 2.0,
    }
}

/// Approximate Helvetica advance widths, in ems.
pub(crate) fn char_width(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 0.25,
        ' ' | 'f' | 't' | 'I' | '(' | ')' | '[' | ']' | '-' | '/' => 0.33,
        'r' => 0.36,
        'm' | 'w' | 'M' | 'W' | '@' => 0.86,
        'A'..='Z' => 0.70,
        'a'..='z' | '0'..='9' => 0.56,
        c if c.is_ascii() => 0.60,
        // East Asian scripts, emoji and the like are about square.
        c if c >= '\u{2E80}' => 1.0,
        _ => 0.65,
    }
}

/// Positions (points, y up) for `sizes.len()` actors joined by `edges`
/// (indices into `sizes`), deterministic for the same input.
pub(crate) fn layout(
    sizes: &[Size],
    edges: &[(usize, usize)],
    rankdir: RankDir,
) -> Vec<(f64, f64)> {
    let n = sizes.len();
    if n == 0 {
        return Vec::new();
    }
    if n == 1 {
        return vec![(0.0, 0.0)];
    }
    if n > MAX_FORCE_DIRECTED {
        return grid(sizes);
    }
    let parts = components(n, edges);
    let pos = if parts.len() == 1 {
        connected(sizes, edges, rankdir)
    } else {
        pack(sizes, edges, &parts, rankdir)
    };
    // Whole hundredths of a point: enough precision, stable text.
    pos.iter()
        .map(|&(x, y)| ((x * 100.0).round() / 100.0, (y * 100.0).round() / 100.0))
        .collect()
}

/// The connected components: lists of actors in increasing order, the
/// largest first (ties: the one with the smallest actor first).
fn components(n: usize, edges: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for &(a, b) in edges {
        if a < n && b < n {
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut by_root: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in 0..n {
        let r = root(&mut parent, i);
        by_root.entry(r).or_default().push(i);
    }
    let mut parts: Vec<Vec<usize>> = by_root.into_values().collect();
    parts.sort_by_key(|p| (std::cmp::Reverse(p.len()), p[0]));
    parts
}

/// Components laid out one by one and packed: the largest first, the
/// others in rows under it (beside it, left to right), so that an isolated
/// actor or a small group sits next to the network instead of stretching
/// the drawing at its distance from everything.
fn pack(
    sizes: &[Size],
    edges: &[(usize, usize)],
    parts: &[Vec<usize>],
    rankdir: RankDir,
) -> Vec<(f64, f64)> {
    let mut pos = vec![(0.0, 0.0); sizes.len()];
    // Each component's positions and bounding box, its origin at (0, 0).
    let mut boxes = Vec::with_capacity(parts.len());
    for part in parts {
        let local: std::collections::BTreeMap<usize, usize> =
            part.iter().enumerate().map(|(k, &i)| (i, k)).collect();
        let sub_sizes: Vec<Size> = part.iter().map(|&i| sizes[i]).collect();
        let sub_edges: Vec<(usize, usize)> = edges
            .iter()
            .filter_map(|(a, b)| Some((*local.get(a)?, *local.get(b)?)))
            .collect();
        let at = if part.len() == 1 {
            vec![(0.0, 0.0)]
        } else {
            connected(&sub_sizes, &sub_edges, rankdir)
        };
        let (mut lo, mut hi) = ((f64::MAX, f64::MAX), (f64::MIN, f64::MIN));
        for (&(x, y), s) in at.iter().zip(&sub_sizes) {
            lo = (lo.0.min(x - s.width / 2.0), lo.1.min(y - s.height / 2.0));
            hi = (hi.0.max(x + s.width / 2.0), hi.1.max(y + s.height / 2.0));
        }
        boxes.push((at, lo, hi));
    }
    // Shelves across the main component's long side: rows under it (top
    // to bottom) or columns beside it (left to right).
    let (_, lo0, hi0) = &boxes[0];
    let across = |lo: (f64, f64), hi: (f64, f64)| match rankdir {
        RankDir::TopToBottom => (hi.0 - lo.0, hi.1 - lo.1),
        RankDir::LeftToRight => (hi.1 - lo.1, hi.0 - lo.0),
    };
    let (room, _) = across(*lo0, *hi0);
    let widest = boxes
        .iter()
        .map(|(_, lo, hi)| across(*lo, *hi).0)
        .fold(0.0, f64::max);
    let room = room.max(widest);
    // (along the shelf, down the shelves) of each component's lower-left.
    let mut place = Vec::with_capacity(boxes.len());
    let (mut u, mut v, mut shelf) = (0.0, 0.0, 0.0_f64);
    for (k, (_, lo, hi)) in boxes.iter().enumerate() {
        let (w, h) = across(*lo, *hi);
        if k == 1 || (k > 1 && u > 0.0 && u + w > room) {
            v += shelf + 2.0 * GAP;
            u = 0.0;
            shelf = 0.0;
        }
        place.push((u, v));
        u += w + 2.0 * GAP;
        shelf = shelf.max(h);
    }
    for ((part, (at, lo, hi)), (u, v)) in parts.iter().zip(&boxes).zip(place) {
        for (&i, &(x, y)) in part.iter().zip(at) {
            pos[i] = match rankdir {
                // Rows go down from the main component's top-left corner.
                RankDir::TopToBottom => (lo0.0 + u + (x - lo.0), hi0.1 - v - (hi.1 - y)),
                RankDir::LeftToRight => (lo0.0 + v + (x - lo.0), hi0.1 - u - (hi.1 - y)),
            };
        }
    }
    pos
}

/// The force-directed layout of a connected set of actors (see the module
/// notes).
fn connected(sizes: &[Size], edges: &[(usize, usize)], rankdir: RankDir) -> Vec<(f64, f64)> {
    let n = sizes.len();
    let hops = hop_distances(n, edges);
    // Ideal distances: hops, stretched by the actors' sizes so that big
    // labels get room.
    let radius: Vec<f64> = sizes
        .iter()
        .map(|s| 0.5 * (s.width * s.width + s.height * s.height).sqrt())
        .collect();
    let mean_radius = radius.iter().sum::<f64>() / n as f64;
    let mut dist = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            if i != j {
                let h = hops[i * n + j] as f64;
                dist[i * n + j] = h * (EDGE + 0.6 * mean_radius) + 0.6 * (radius[i] + radius[j]);
            }
        }
    }
    shorten_leaves(&mut dist, n, edges, &radius);
    let mut pos = classical_mds(&dist, n);
    stress_majorization(&mut pos, &dist, n);
    orient(&mut pos, rankdir);
    remove_overlaps(&mut pos, sizes);
    // Actors lying across an edge make it look like a tie they are part of:
    // move them off, then settle overlaps again.
    let rounds = budget(1e8, edges.len().max(1) * n, 40);
    for _ in 0..rounds {
        let moved = clear_edges(&mut pos, sizes, edges);
        remove_overlaps(&mut pos, sizes);
        if !moved {
            break;
        }
    }
    pos
}

/// An actor with a single neighbour (in a network of more than two) sits
/// at a short edge from it, and as far from the others as its neighbour
/// is, plus that edge: otherwise it would be placed a whole hop (with
/// room for its label) beyond the network, stretching the drawing for one
/// line.
fn shorten_leaves(dist: &mut [f64], n: usize, edges: &[(usize, usize)], radius: &[f64]) {
    if n < 3 {
        return;
    }
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in edges {
        if a < n && b < n && a != b {
            neighbours[a].push(b);
            neighbours[b].push(a);
        }
    }
    for list in &mut neighbours {
        list.sort_unstable();
        list.dedup();
    }
    for i in 0..n {
        let [p] = neighbours[i][..] else { continue };
        if neighbours[p].len() == 1 {
            continue;
        }
        let edge = 0.5 * EDGE + 0.6 * (radius[i] + radius[p]);
        for j in 0..n {
            if j == i {
                continue;
            }
            // Leaves of one neighbour keep apart by their own sizes.
            let d = if j == p { edge } else { dist[p * n + j] + edge };
            dist[i * n + j] = d;
            dist[j * n + i] = d;
        }
    }
}

/// Shortest-path lengths in edges; pairs in different components count as
/// one more than the longest path, so components sit near each other.
fn hop_distances(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let mut adjacent = vec![Vec::new(); n];
    for &(a, b) in edges {
        if a < n && b < n && a != b {
            adjacent[a].push(b);
            adjacent[b].push(a);
        }
    }
    for list in &mut adjacent {
        list.sort_unstable();
        list.dedup();
    }
    let mut hops = vec![usize::MAX; n * n];
    for s in 0..n {
        hops[s * n + s] = 0;
        let mut queue = VecDeque::from([s]);
        while let Some(at) = queue.pop_front() {
            let d = hops[s * n + at];
            for &next in &adjacent[at] {
                if hops[s * n + next] == usize::MAX {
                    hops[s * n + next] = d + 1;
                    queue.push_back(next);
                }
            }
        }
    }
    let longest = hops
        .iter()
        .copied()
        .filter(|&h| h != usize::MAX)
        .max()
        .unwrap_or(0);
    for h in &mut hops {
        if *h == usize::MAX {
            *h = longest + 1;
        }
    }
    hops
}

/// Classical MDS: the top two eigenvectors of the double-centred squared
/// distances, by power iteration from fixed start vectors.
fn classical_mds(dist: &[f64], n: usize) -> Vec<(f64, f64)> {
    let mut b = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            b[i * n + j] = -0.5 * dist[i * n + j] * dist[i * n + j];
        }
    }
    let row_mean: Vec<f64> = (0..n)
        .map(|i| (0..n).map(|j| b[i * n + j]).sum::<f64>() / n as f64)
        .collect();
    let all_mean = row_mean.iter().sum::<f64>() / n as f64;
    for i in 0..n {
        for j in 0..n {
            b[i * n + j] += all_mean - row_mean[i] - row_mean[j];
        }
    }
    let mut axes: Vec<(Vec<f64>, f64)> = Vec::new();
    for k in 0..2 {
        // A start vector no eigenvector is likely to be orthogonal to.
        let mut v: Vec<f64> = (0..n)
            .map(|i| 1.0 + ((i * 7 + k * 3) % 11) as f64 / 11.0)
            .collect();
        let mut value = 0.0;
        for _ in 0..budget(3e8, n * n, 300) {
            let mut w = vec![0.0; n];
            for (i, wi) in w.iter_mut().enumerate() {
                *wi = (0..n).map(|j| b[i * n + j] * v[j]).sum();
            }
            // Deflate the axes already found.
            for (u, _) in &axes {
                let dot: f64 = w.iter().zip(u).map(|(a, b)| a * b).sum();
                for (wi, ui) in w.iter_mut().zip(u) {
                    *wi -= dot * ui;
                }
            }
            let norm = w.iter().map(|x| x * x).sum::<f64>().sqrt();
            if norm < 1e-12 {
                break;
            }
            value = norm;
            for (vi, wi) in v.iter_mut().zip(&w) {
                *vi = wi / norm;
            }
        }
        axes.push((v, value));
    }
    let scale = |value: f64| value.max(0.0).sqrt();
    (0..n)
        .map(|i| {
            (
                axes[0].0[i] * scale(axes[0].1),
                axes[1].0[i] * scale(axes[1].1),
            )
        })
        .collect()
}

/// SMACOF iterations with weights `1/d²`, as neato's `mode=major`.
fn stress_majorization(pos: &mut [(f64, f64)], dist: &[f64], n: usize) {
    let weight = |i: usize, j: usize| {
        let d = dist[i * n + j];
        if d > 0.0 {
            1.0 / (d * d)
        } else {
            0.0
        }
    };
    let stress = |pos: &[(f64, f64)]| {
        let mut s = 0.0;
        for i in 0..n {
            for j in i + 1..n {
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let e = (dx * dx + dy * dy).sqrt() - dist[i * n + j];
                s += weight(i, j) * e * e;
            }
        }
        s
    };
    let mut last = stress(pos);
    for _ in 0..budget(3e8, n * n, 500) {
        // Gauss-Seidel style: each actor moves to its weighted target.
        for i in 0..n {
            let (mut sx, mut sy, mut sw) = (0.0, 0.0, 0.0);
            for j in 0..n {
                if i == j {
                    continue;
                }
                let w = weight(i, j);
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let len = (dx * dx + dy * dy).sqrt();
                let (ux, uy) = if len > 1e-9 {
                    (dx / len, dy / len)
                } else {
                    // Coincident actors: separate them along a fixed slant.
                    let s = if i < j { 1.0 } else { -1.0 };
                    (0.6 * s, 0.8 * s)
                };
                let d = dist[i * n + j];
                sx += w * (pos[j].0 + d * ux);
                sy += w * (pos[j].1 + d * uy);
                sw += w;
            }
            if sw > 0.0 {
                pos[i] = (sx / sw, sy / sw);
            }
        }
        let now = stress(pos);
        if last - now <= 1e-6 * last {
            break;
        }
        last = now;
    }
}

/// Centres the drawing and turns it so that its long axis runs along the
/// rank direction; then mirrors it so the result does not depend on the
/// sign an eigenvector happened to take.
fn orient(pos: &mut [(f64, f64)], rankdir: RankDir) {
    let n = pos.len() as f64;
    let (mx, my) = pos
        .iter()
        .fold((0.0, 0.0), |(a, b), &(x, y)| (a + x / n, b + y / n));
    let (mut sxx, mut sxy, mut syy) = (0.0, 0.0, 0.0);
    for p in pos.iter_mut() {
        p.0 -= mx;
        p.1 -= my;
        sxx += p.0 * p.0;
        sxy += p.0 * p.1;
        syy += p.1 * p.1;
    }
    // The principal axis of the 2×2 covariance matrix, in closed form.
    let half = 0.5 * (sxx - syy);
    let root = (half * half + sxy * sxy).sqrt();
    let lambda = 0.5 * (sxx + syy) + root;
    let (ax, ay) = if root < 1e-9 {
        (1.0, 0.0)
    } else if (lambda - syy).abs() >= (lambda - sxx).abs() {
        (lambda - syy, sxy)
    } else {
        (sxy, lambda - sxx)
    };
    let len = (ax * ax + ay * ay).sqrt();
    let (ax, ay) = if len > 0.0 {
        (ax / len, ay / len)
    } else {
        (1.0, 0.0)
    };
    for p in pos.iter_mut() {
        let along = p.0 * ax + p.1 * ay;
        let across = -p.0 * ay + p.1 * ax;
        *p = match rankdir {
            RankDir::LeftToRight => (along, across),
            RankDir::TopToBottom => (across, along),
        };
    }
    // Mirror so that the first actor (the smallest id) is in the upper left
    // quadrant: a fixed choice among the four mirror images.
    if let Some(&(x0, y0)) = pos.first() {
        let fx = if x0 > 0.0 { -1.0 } else { 1.0 };
        let fy = if y0 < 0.0 { -1.0 } else { 1.0 };
        for p in pos.iter_mut() {
            *p = (p.0 * fx, p.1 * fy);
        }
    }
}

/// Moves every actor that an edge between two others passes through (or
/// too close to) off the edge, sideways. Pairs with several edges need
/// more room. Returns whether anything moved.
fn clear_edges(pos: &mut [(f64, f64)], sizes: &[Size], edges: &[(usize, usize)]) -> bool {
    let n = pos.len();
    let mut count: std::collections::BTreeMap<(usize, usize), usize> = Default::default();
    for &(a, b) in edges {
        if a < n && b < n && a != b {
            *count.entry((a.min(b), a.max(b))).or_default() += 1;
        }
    }
    let mut moved = false;
    for (&(a, b), &k) in &count {
        let (pa, pb) = (pos[a], pos[b]);
        let (dx, dy) = (pb.0 - pa.0, pb.1 - pa.1);
        let len = (dx * dx + dy * dy).sqrt();
        if len < 1e-9 {
            continue;
        }
        let (ux, uy) = (dx / len, dy / len);
        let (nx, ny) = (-uy, ux);
        for c in 0..n {
            if c == a || c == b {
                continue;
            }
            let (cx, cy) = (pos[c].0 - pa.0, pos[c].1 - pa.1);
            let along = cx * ux + cy * uy;
            if along <= 0.0 || along >= len {
                continue;
            }
            let across = cx * nx + cy * ny;
            // Half the actor's extent across the edge, plus room for the
            // pair's parallel edges.
            let half = 0.5 * (nx.abs() * sizes[c].width + ny.abs() * sizes[c].height);
            let clearance = half + 10.0 + 6.0 * (k - 1) as f64;
            if across.abs() >= clearance {
                continue;
            }
            let side = if across < 0.0 { -1.0 } else { 1.0 };
            let push = side * (clearance - across.abs() + 0.01);
            pos[c].0 += nx * push;
            pos[c].1 += ny * push;
            moved = true;
        }
    }
    moved
}

/// Pushes overlapping actors apart, each pair along the axis where it
/// overlaps least, until every pair is at least [`GAP`] apart.
fn remove_overlaps(pos: &mut [(f64, f64)], sizes: &[Size]) {
    let n = pos.len();
    for _ in 0..budget(2e8, n * n, 400) {
        let mut moved = false;
        for i in 0..n {
            for j in i + 1..n {
                let (dx, dy) = (pos[j].0 - pos[i].0, pos[j].1 - pos[i].1);
                let need_x = 0.5 * (sizes[i].width + sizes[j].width) + GAP;
                let need_y = 0.5 * (sizes[i].height + sizes[j].height) + GAP;
                let (over_x, over_y) = (need_x - dx.abs(), need_y - dy.abs());
                if over_x <= 0.0 || over_y <= 0.0 {
                    continue;
                }
                moved = true;
                // Relative to the pair's size, so wide labels slide sideways
                // and tall ones up or down.
                if over_x / need_x <= over_y / need_y {
                    let s = if dx < 0.0 { -0.5 } else { 0.5 } * (over_x + 0.01);
                    pos[i].0 -= s;
                    pos[j].0 += s;
                } else {
                    let s = if dy < 0.0 { -0.5 } else { 0.5 } * (over_y + 0.01);
                    pos[i].1 -= s;
                    pos[j].1 += s;
                }
            }
        }
        if !moved {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size() -> Size {
        Size {
            width: 80.0,
            height: 36.0,
        }
    }

    #[test]
    fn actors_do_not_overlap_and_layout_is_repeatable() {
        let sizes = vec![size(); 12];
        let edges: Vec<(usize, usize)> = (1..12).map(|i| (0, i)).chain([(1, 2), (3, 4)]).collect();
        let a = layout(&sizes, &edges, RankDir::TopToBottom);
        let b = layout(&sizes, &edges, RankDir::TopToBottom);
        assert_eq!(a, b);
        for i in 0..12 {
            for j in i + 1..12 {
                let apart_x = (a[i].0 - a[j].0).abs() >= 80.0 + GAP - 0.1;
                let apart_y = (a[i].1 - a[j].1).abs() >= 36.0 + GAP - 0.1;
                assert!(apart_x || apart_y, "{i} and {j} overlap");
            }
        }
    }

    #[test]
    fn the_long_axis_follows_the_rank_direction() {
        // A path is long in one direction.
        let sizes = vec![size(); 6];
        let edges: Vec<(usize, usize)> = (0..5).map(|i| (i, i + 1)).collect();
        let extent = |p: &[(f64, f64)], f: fn(&(f64, f64)) -> f64| {
            let v: Vec<f64> = p.iter().map(f).collect();
            v.iter().cloned().fold(f64::MIN, f64::max) - v.iter().cloned().fold(f64::MAX, f64::min)
        };
        let tb = layout(&sizes, &edges, RankDir::TopToBottom);
        assert!(extent(&tb, |p| p.1) > extent(&tb, |p| p.0));
        let lr = layout(&sizes, &edges, RankDir::LeftToRight);
        assert!(extent(&lr, |p| p.0) > extent(&lr, |p| p.1));
    }

    #[test]
    fn huge_graphs_get_a_grid() {
        let p = layout(&vec![size(); 1600], &[(0, 1)], RankDir::TopToBottom);
        assert_eq!(p.len(), 1600);
        assert_eq!(p[0], (0.0, 0.0));
        assert_eq!(p[41], (96.0, -52.0));
    }

    #[test]
    fn tiny_and_disconnected_graphs_are_placed() {
        assert!(layout(&[], &[], RankDir::TopToBottom).is_empty());
        assert_eq!(layout(&[size()], &[], RankDir::TopToBottom), [(0.0, 0.0)]);
        let p = layout(&[size(); 3], &[], RankDir::LeftToRight);
        assert!(p.iter().all(|&(x, y)| x.is_finite() && y.is_finite()));
    }
}
