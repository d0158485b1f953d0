//! Turning rows read from an export back into a [`Dataset`]: through the
//! JSON dataset loader, so every validation rule applies, with problems
//! moved back to where they are in the export.

use serde_json::{json, Map, Value};

use crate::error::{Location, Problem, ProblemKind, Problems};
use crate::{Dataset, Error, Result};

/// Where a row came from in the export: a line (XML) or a field path (JSON).
#[derive(Debug, Clone)]
pub(crate) enum Origin {
    /// An XML element on this line; fields are its keys.
    Line(u64),
    /// A JSON object at this path; fields are its members.
    Path(String),
    /// A JSON Graph Format edge or hyperedge at this path: tie fields other
    /// than `id`, `source` and `target` are in its `metadata`.
    Edge(String),
}

/// Rows in the shape of the JSON dataset format, each with its origin.
#[derive(Default)]
pub(crate) struct Rows {
    pub actors: Vec<(Value, Origin)>,
    pub ties: Vec<(Value, Origin)>,
    pub sources: Vec<(Value, Origin)>,
    /// Custom columns of actors, ties and sources, in order.
    pub columns: [Vec<String>; 3],
}

/// `Some(text)` as a JSON string, `None` as `null`.
pub(crate) fn opt(text: Option<&str>) -> Value {
    text.map_or(Value::Null, |t| Value::String(t.to_owned()))
}

/// An `extra` object from (column, value) pairs.
pub(crate) fn extra<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Value {
    let map: Map<String, Value> = pairs
        .into_iter()
        .map(|(k, v)| (k.to_owned(), Value::String(v.to_owned())))
        .collect();
    Value::Object(map)
}

/// A problem in an export, at an origin.
pub(crate) fn problem(
    file: &str,
    origin: &Origin,
    field: Option<&str>,
    kind: ProblemKind,
    message: impl Into<String>,
) -> Problem {
    Problem::new(locate(file, origin, field), kind, message)
}

fn locate(file: &str, origin: &Origin, field: Option<&str>) -> Location {
    match (origin, field) {
        (Origin::Line(l), Some(f)) => Location::file(file).at_line(*l).in_column(f),
        (Origin::Line(l), None) => Location::file(file).at_line(*l),
        (Origin::Path(p), Some(f)) => Location::file(file).in_column(format!("{p}.{f}")),
        (Origin::Path(p), None) | (Origin::Edge(p), None) => {
            Location::file(file).in_column(p.as_str())
        }
        (Origin::Edge(p), Some(f @ ("id" | "source" | "target"))) => {
            Location::file(file).in_column(format!("{p}.{f}"))
        }
        (Origin::Edge(p), Some(f)) => Location::file(file).in_column(format!("{p}.metadata.{f}")),
    }
}

pub(crate) fn invalid(problems: Vec<Problem>) -> Error {
    match Problems::from_vec(problems) {
        Some(p) => Error::Invalid(p),
        None => Error::Invalid(
            Problems::from_vec(vec![Problem::new(
                Location::file("export"),
                ProblemKind::Syntax,
                "the export could not be read",
            )])
            .unwrap_or_else(|| unreachable!("one problem is not none")),
        ),
    }
}

/// Builds the dataset, or reports every problem at its place in the export.
pub(crate) fn build(rows: Rows, file: &str) -> Result<Dataset> {
    let row_values = |rows: &[(Value, Origin)]| rows.iter().map(|(v, _)| v.clone()).collect();
    let doc = json!({
        "actors": Value::Array(row_values(&rows.actors)),
        "ties": Value::Array(row_values(&rows.ties)),
        "sources": Value::Array(row_values(&rows.sources)),
        "extra_columns": {
            "actors": rows.columns[0],
            "ties": rows.columns[1],
            "sources": rows.columns[2],
        },
    });
    let text = doc.to_string();
    match Dataset::from_json_named(&text, "export.json") {
        Ok(data) => Ok(data),
        Err(Error::Invalid(problems)) => Err(invalid(
            problems.iter().map(|p| relocate(p, &rows, file)).collect(),
        )),
        Err(e) => Err(e),
    }
}

/// Moves a problem of the generated JSON document (`ties[3].end`) to the
/// export element it came from.
fn relocate(p: &Problem, rows: &Rows, file: &str) -> Problem {
    let Some(column) = p.location().column() else {
        return Problem::new(Location::file(file), p.kind(), p.message());
    };
    let (row, field) = match column.split_once('.') {
        Some((row, field)) => (row, Some(field)),
        None => (column, None),
    };
    let origin = row.split_once('[').and_then(|(table, index)| {
        let i: usize = index.strip_suffix(']')?.parse().ok()?;
        let list = match table {
            "actors" => &rows.actors,
            "ties" => &rows.ties,
            "sources" => &rows.sources,
            _ => return None,
        };
        list.get(i).map(|(_, o)| o.clone())
    });
    match origin {
        Some(o) => Problem::new(locate(file, &o, field), p.kind(), p.message()),
        None => Problem::new(Location::file(file), p.kind(), p.message()),
    }
}
