//! Rows as the readers give them: text fields and where they are.

use std::sync::Arc;

use crate::error::Location;
use crate::model::Extra;

/// Where a row is: the file, its line, and (for JSON) the path prefix of its fields.
#[derive(Debug, Clone)]
pub(crate) struct RowLoc {
    pub file: Arc<str>,
    pub line: Option<u64>,
    pub path: RowPath,
}

/// The path prefix of a row's fields.
#[derive(Debug, Clone)]
pub(crate) enum RowPath {
    /// A CSV row: its fields are named by their columns alone.
    None,
    /// Row `index` of a JSON document's list `table`: `ties[3]`.
    Index(&'static str, usize),
    /// A [`crate::DatasetBuilder`] record: the column its location names,
    /// perhaps empty. Its rows are kept as a JSON document's are, whatever
    /// file and line each names.
    Text(String),
}

impl RowLoc {
    pub(crate) fn row(&self) -> Location {
        let loc = self.line_location();
        match &self.path {
            RowPath::Index(table, i) => loc.in_column(format!("{table}[{i}]")),
            RowPath::Text(p) if !p.is_empty() => loc.in_column(p.as_str()),
            _ => loc,
        }
    }

    pub(crate) fn field(&self, column: &str) -> Location {
        let loc = self.line_location();
        match &self.path {
            RowPath::Index(table, i) => loc.in_column(format!("{table}[{i}].{column}")),
            RowPath::Text(p) if !p.is_empty() => loc.in_column(format!("{p}.{column}")),
            _ => loc.in_column(column),
        }
    }

    pub(super) fn line_location(&self) -> Location {
        let loc = Location::file(self.file.clone());
        match self.line {
            Some(l) => loc.at_line(l),
            None => loc,
        }
    }
}

/// Where a row of a JSON document or of a [`crate::DatasetBuilder`] is,
/// kept per tie row for the duplicate check: a document's `ties[i]` by its
/// index alone (in the file of the sink), anything else in full.
#[derive(Debug, Clone)]
pub(super) enum Place {
    Tie(u32),
    Full(Box<RowLoc>),
}

/// A row of `actors.csv` (or an actor object of a JSON dataset).
pub(crate) struct RawActor<'a> {
    pub loc: &'a RowLoc,
    pub id: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub from: &'a str,
    pub until: &'a str,
    pub aliases: Vec<&'a str>,
    pub note: &'a str,
    pub extra: Extra,
}

/// A row of `sources.csv`.
pub(crate) struct RawSource<'a> {
    pub loc: &'a RowLoc,
    pub id: &'a str,
    pub title: &'a str,
    pub publisher: &'a str,
    pub published: &'a str,
    pub reference: &'a str,
    pub url: &'a str,
    pub note: &'a str,
    pub extra: Extra,
}

/// A weight as the input gives it.
pub(crate) enum RawWeight<'a> {
    Text(&'a str),
    Number(Option<f64>),
}

/// The `sources` of a tie row: `;`-separated text (CSV) or a list (JSON).
pub(crate) enum SourceList<'a> {
    Text(&'a str),
    List(&'a [String]),
}

impl<'a> SourceList<'a> {
    /// Calls `f` with each non-empty, trimmed source id.
    pub(super) fn for_each(&self, mut f: impl FnMut(&'a str)) {
        let mut each = |s: &'a str| {
            let s = s.trim();
            if !s.is_empty() {
                f(s);
            }
        };
        match *self {
            SourceList::Text(t) => t.split(';').for_each(&mut each),
            SourceList::List(l) => l.iter().map(String::as_str).for_each(&mut each),
        }
    }
}

/// A row of `ties.csv`.
pub(crate) struct RawTie<'a> {
    pub loc: &'a RowLoc,
    pub id: &'a str,
    pub source: &'a str,
    pub target: &'a str,
    pub kind: &'a str,
    pub start: &'a str,
    pub end: &'a str,
    pub with: &'a str,
    pub weight: RawWeight<'a>,
    pub confidence: &'a str,
    /// `true`, `false`, or empty (the kind's own direction).
    pub directed: &'a str,
    pub sources: SourceList<'a>,
    pub note: &'a str,
    pub extra: Extra,
}
