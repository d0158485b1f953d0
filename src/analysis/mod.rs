//! Analyses of snapshots: structural balance, centrality and brokers,
//! camps, change over time, and the history of a pair.
//!
//! Every analysis works on the analysis graph of a [`Snapshot`](crate::Snapshot)
//! (one edge per pair of actors with a tie in force) or on its signed graph
//! (the pairs of net sign `+` or `−`), returns results keyed by
//! [`ActorKey`](crate::ActorKey) and sorted by actor id, and serializes to the
//! JSON shapes of the format.

mod balance;
mod camps;
mod centrality;
mod history;
mod packing;
mod predict;
mod robustness;
mod signed;
mod switches;
mod timeline;
mod walk;

pub use balance::{
    balance, balance_robustness, balance_streamed, Balance, StreamedBalance, Triangle,
};
pub use camps::{camps, camps_with, CampMove, Camps, CampsOptions, FrustratedPair, MAX_CAMPS};
pub use centrality::{
    brokers, brokers_from, centrality, centrality_on, ActorCentrality, Broker, Brokers, Centrality,
    Mediation,
};
pub use history::{DayValue, History};
pub use predict::{predictions, Prediction};
pub use robustness::{Partition, Robustness};
pub use signed::{count_triangles, count_triangles_on, TriangleCount};
pub(crate) use switches::label_steps;
pub use switches::{camps_over_time, CampsOverTime, StepCamps, Switch};
pub use timeline::{timeline, turns, Mover, Timeline, TimelineStep, Turn};
pub use walk::{try_walk_balance, walk_balance, WalkGap, WALK_MAX_ACTORS};
