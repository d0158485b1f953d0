//! The data model: actors with phases, dated ties, sources, and the dataset
//! that holds them.

mod actor;
mod confidence;
mod dataset;
mod kind;
pub(crate) mod order;
mod source;
mod tie;

pub use actor::{Actor, ActorKey, Phase};
pub use confidence::{Confidence, UnknownConfidence};
pub use dataset::{Clipping, Dataset};
pub use kind::{ActorKind, Sign, TieKind, UnknownKind};
pub use source::Source;
pub(crate) use tie::TieParts;
pub use tie::{Tie, TieKey};

use std::collections::BTreeMap;

/// Custom attributes: the values of a row's `x_` columns, by column name.
///
/// Empty values are not stored.
pub type Extra = BTreeMap<Box<str>, Box<str>>;
