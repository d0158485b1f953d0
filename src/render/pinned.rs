//! The diagrams' placement of actors, for pictures drawn outside Graphviz
//! (the explorer): the same node sizes and the same layout, so that an
//! actor sits where the diagrams would put it.

use std::collections::BTreeMap;

use super::dot::{wrap, Pins};
use super::layout::estimate;
use super::options::RankDir;
use super::style;
use crate::model::ActorKind;

/// The lines an actor's name is drawn in (as the diagrams wrap it).
pub(crate) fn label_lines(name: &str) -> Vec<String> {
    wrap(name, 18).split('\n').map(str::to_owned).collect()
}

/// The size, in points, of an actor's node in the diagrams: its name's
/// lines at 11 pt and, when the name is not the id, the id below.
pub(crate) fn node_size(id: &str, name: &str, kind: ActorKind) -> (f64, f64) {
    let lines = label_lines(name);
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let size = estimate(&lines, (name != id).then_some(id), style::actor(kind).shape);
    (size.width, size.height)
}

/// Actor centres by id, and the box the nodes take up (lower left, upper
/// right), in points with y up.
pub(crate) type Placement = (BTreeMap<String, (f64, f64)>, ((f64, f64), (f64, f64)));

/// Centres (points, y up) for actors `(id, name, kind)` joined by `pairs`
/// of ids, by the diagrams' layout ([`RankDir::TopToBottom`]), and the box
/// the nodes take up (lower left, upper right).
pub(crate) fn place<'a>(
    actors: &[(&'a str, &'a str, ActorKind)],
    pairs: impl Iterator<Item = (&'a str, &'a str)>,
) -> Placement {
    let pins = Pins::layout(actors, pairs, RankDir::TopToBottom);
    (pins.at, pins.extent)
}
