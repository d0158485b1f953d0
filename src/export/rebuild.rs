//! Turning rows read from an export back into a [`Dataset`]: text rows
//! straight into the checks of [`DatasetBuilder`](crate::DatasetBuilder),
//! so every validation rule applies and every problem is placed where the
//! export has the value.

use crate::error::{Location, Problem, ProblemKind, Problems};
use crate::io::{Moves, TextRows};
use crate::{Dataset, Error, Result};

/// The problems of a reader as an error (a generic one if there are none).
pub(crate) fn invalid(problems: Vec<Problem>) -> Error {
    match Problems::from_vec(problems) {
        Some(p) => p.into(),
        None => Problems::from_vec(vec![Problem::new(
            Location::file("export"),
            ProblemKind::Syntax,
            "the export could not be read",
        )])
        .unwrap_or_else(|| unreachable!("one problem is not none"))
        .into(),
    }
}

/// Builds the dataset, or reports every problem at its place in the
/// export; `moves` says where the fields are that the export keeps
/// elsewhere than their row (called only when there are problems).
pub(crate) fn build(rows: TextRows, file: &str, moves: impl FnOnce(&mut Moves)) -> Result<Dataset> {
    rows.build(file, moves).map_err(Error::from)
}
