//! The JSON dataset format: one document holding the same rows as the CSV files.
//!
//! ```json
//! {"actors":  [{"id": "TAL", "name": "Afghan Taliban", "kind": "group",
//!               "from": null, "until": "2021-08-15", "aliases": [], "note": null}],
//!  "ties":    [{"id": "t1", "source": "PAK", "target": "TAL", "kind": "support",
//!               "start": "1994", "end": "2021-08-15", "with": null, "weight": null,
//!               "confidence": "confirmed", "sources": ["s1"], "note": "…"}],
//!  "sources": [{"id": "s1", "title": "…", "publisher": "…", "published": "…",
//!               "reference": "…", "url": "https://…", "note": null}]}
//! ```
//!
//! Optional fields may be left out or `null`; `extra` objects hold `x_`
//! attributes, and `extra_columns` (optional) lists their column order.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::de::DeserializeSeed;
use serde::{Deserialize, Serialize};

use super::build::{Builder, RowLoc, RowPath};
use crate::error::{Location, Problem, ProblemKind};

mod bounded;
mod feed;
mod syntax;
mod write;

pub(crate) use self::feed::Ids;
pub(crate) use self::feed::{Feeder, Head};
pub(crate) use self::syntax::serde_error;
use self::syntax::syntax_problem;
pub(crate) use self::write::to_string;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Doc {
    #[serde(deserialize_with = "bounded::rows")]
    pub(crate) actors: Vec<ActorRow>,
    #[serde(deserialize_with = "bounded::rows")]
    pub(crate) ties: Vec<TieRow>,
    #[serde(default, deserialize_with = "bounded::rows")]
    pub(crate) sources: Vec<SourceRow>,
    #[serde(default, skip_serializing_if = "Columns::is_empty")]
    pub(crate) extra_columns: Columns,
}

#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct Columns {
    #[serde(default, deserialize_with = "bounded::columns")]
    pub(crate) actors: Vec<String>,
    #[serde(default, deserialize_with = "bounded::columns")]
    pub(crate) ties: Vec<String>,
    #[serde(default, deserialize_with = "bounded::columns")]
    pub(crate) sources: Vec<String>,
}

impl Columns {
    fn is_empty(&self) -> bool {
        self.actors.is_empty() && self.ties.is_empty() && self.sources.is_empty()
    }
}

pub(crate) type ExtraRow = BTreeMap<String, String>;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ActorRow {
    #[serde(deserialize_with = "bounded::text")]
    pub(crate) id: String,
    #[serde(deserialize_with = "bounded::text")]
    pub(crate) name: String,
    #[serde(deserialize_with = "bounded::text")]
    pub(crate) kind: String,
    #[serde(default, deserialize_with = "bounded::opt_text")]
    pub(crate) from: Option<String>,
    #[serde(default, deserialize_with = "bounded::opt_text")]
    pub(crate) until: Option<String>,
    #[serde(default, deserialize_with = "bounded::aliases")]
    pub(crate) aliases: Vec<String>,
    #[serde(default, deserialize_with = "bounded::opt_text")]
    pub(crate) note: Option<String>,
    #[serde(
        default,
        deserialize_with = "bounded::extra",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub(crate) extra: ExtraRow,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TieRow {
    #[serde(deserialize_with = "bounded::text")]
    pub(crate) id: String,
    #[serde(deserialize_with = "bounded::text")]
    pub(crate) source: String,
    #[serde(deserialize_with = "bounded::text")]
    pub(crate) target: String,
    #[serde(deserialize_with = "bounded::text")]
    pub(crate) kind: String,
    #[serde(deserialize_with = "bounded::text")]
    pub(crate) start: String,
    #[serde(default, deserialize_with = "bounded::opt_text")]
    pub(crate) end: Option<String>,
    #[serde(default, deserialize_with = "bounded::opt_text")]
    pub(crate) with: Option<String>,
    #[serde(default)]
    pub(crate) weight: Option<f64>,
    #[serde(default, deserialize_with = "bounded::opt_text")]
    pub(crate) confidence: Option<String>,
    #[serde(default)]
    pub(crate) directed: Option<bool>,
    #[serde(default, deserialize_with = "bounded::citations")]
    pub(crate) sources: Vec<String>,
    #[serde(default, deserialize_with = "bounded::opt_text")]
    pub(crate) note: Option<String>,
    #[serde(
        default,
        deserialize_with = "bounded::extra",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub(crate) extra: ExtraRow,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SourceRow {
    #[serde(deserialize_with = "bounded::text")]
    pub(crate) id: String,
    #[serde(default, deserialize_with = "bounded::opt_text")]
    pub(crate) title: Option<String>,
    #[serde(default, deserialize_with = "bounded::opt_text")]
    pub(crate) publisher: Option<String>,
    #[serde(default, deserialize_with = "bounded::opt_text")]
    pub(crate) published: Option<String>,
    #[serde(default, deserialize_with = "bounded::opt_text")]
    pub(crate) reference: Option<String>,
    #[serde(default, deserialize_with = "bounded::opt_text")]
    pub(crate) url: Option<String>,
    #[serde(default, deserialize_with = "bounded::opt_text")]
    pub(crate) note: Option<String>,
    #[serde(
        default,
        deserialize_with = "bounded::extra",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub(crate) extra: ExtraRow,
}

/// Reads a JSON document into the builder. Problems name `file`.
/// The text of a document within the size limit, without a byte-order
/// mark, that could be JSON: not empty, and not CSV given where a JSON file
/// or a folder belongs.
fn looks_like_json<'t>(text: &'t str, file: &Arc<str>) -> Result<&'t str, Problem> {
    if text.len() as u64 > super::MAX_FILE_BYTES {
        return Err(Problem::new(
            Location::file(file.clone()),
            ProblemKind::TooLarge,
            format!(
                "the document is {} bytes long, more than the {} tiegraph reads",
                text.len(),
                super::MAX_FILE_BYTES
            ),
        ));
    }
    // Editors on Windows start UTF-8 files with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Problem::new(
            Location::file(file.clone()),
            ProblemKind::Empty,
            "the file is empty (expected a JSON object with actors and ties)",
        ));
    }
    let start = text.trim_start();
    if !start.starts_with(['{', '[', '"', '-', 't', 'f', 'n'])
        && !start.starts_with(char::is_numeric)
    {
        // Most likely a CSV file given where a JSON file or a folder belongs.
        let first_line = start.lines().next().unwrap_or_default();
        let line = 1 + text[..text.len() - start.len()].matches('\n').count() as u64;
        return Err(Problem::new(
            Location::file(file.clone()).at_line(line),
            ProblemKind::Syntax,
            format!(
                "this is not JSON (it starts with {}); a CSV dataset is read from the folder of its files",
                crate::escape::terminal::shown(first_line)
            ),
        ));
    }
    Ok(text)
}

pub(crate) fn read(text: &str, file: &str, builder: &mut Builder) {
    let file: Arc<str> = file.into();
    let text = match looks_like_json(text, &file) {
        Ok(text) => text,
        Err(problem) => {
            builder.problem(problem);
            return;
        }
    };
    // Two passes, so that the tie rows are never held all at once: the
    // first checks the whole document (its syntax, types and limits) and
    // keeps everything but the tie rows, of which it keeps the count and
    // the custom column names; the second hands the tie rows to the
    // builder one at a time.
    bounded::start();
    let first: first::Doc = match serde_json::from_str(text) {
        Ok(doc) => doc,
        Err(e) => {
            let mut problem = syntax_problem(text, &file, &e);
            if bounded::hit() && e.is_data() {
                let (loc, message) = (problem.location().clone(), problem.message().to_owned());
                problem = Problem::new(loc, ProblemKind::TooLarge, message);
            }
            builder.problem(problem);
            return;
        }
    };
    let place = |what: &'static str, i: usize| RowLoc {
        file: file.clone(),
        line: None,
        path: RowPath::Index(what, i),
    };
    let tie_keys: BTreeSet<&str> = first.ties.keys.iter().map(String::as_str).collect();
    let mut feeder = Feeder {
        file: &file,
        loc: &place,
        ids: Ids::Required,
        builder,
    };
    feeder.head(&Head {
        actors: &first.actors,
        sources: &first.sources,
        columns: &first.extra_columns,
        tie_keys: &tie_keys,
        ties: first.ties.count,
    });
    bounded::start();
    let mut second = serde_json::Deserializer::from_str(text);
    let read = bounded::EachTie(|i, row: TieRow| feeder.tie(i, &row))
        .deserialize(&mut second)
        .and_then(|()| second.end());
    if let Err(e) = read {
        // The first pass read the same text without an error.
        builder.problem(syntax_problem(text, &file, &e));
    }
}

/// What the first pass of [`read`] keeps: the document without its tie
/// rows. Called `Doc` like [`Doc`] for serde's messages ("expected struct
/// Doc"), which name the type.
mod first {
    use super::{bounded, ActorRow, Columns, SourceRow};

    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct Doc {
        #[serde(deserialize_with = "bounded::rows")]
        pub(super) actors: Vec<ActorRow>,
        #[serde(deserialize_with = "bounded::scan_ties")]
        pub(super) ties: bounded::TieScan,
        #[serde(default, deserialize_with = "bounded::rows")]
        pub(super) sources: Vec<SourceRow>,
        #[serde(default)]
        pub(super) extra_columns: Columns,
    }
}
