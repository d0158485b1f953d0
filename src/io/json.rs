//! The JSON dataset format: one document holding the same rows as the CSV files.
//!
//! ```json
//! {"actors":  [{"id": "TAL", "name": "Afghan Taliban", "kind": "group",
//!               "from": null, "until": "2021-08-15", "aliases": [], "note": null}],
//!  "ties":    [{"id": "t1", "source": "PAK", "target": "TAL", "kind": "support",
//!               "start": "1994", "end": "2021-08-15", "with": null, "weight": null,
//!               "sources": ["s1"], "note": "…"}],
//!  "sources": [{"id": "s1", "title": "…", "publisher": "…", "published": "…", "reference": "…"}]}
//! ```
//!
//! Optional fields may be left out or `null`; `extra` objects hold `x_`
//! attributes, and `extra_columns` (optional) lists their column order.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::build::{Builder, RawActor, RawSource, RawTie, RawWeight, RowLoc};
use crate::error::{Location, Problem, ProblemKind};
use crate::model::Dataset;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Doc {
    actors: Vec<ActorRow>,
    ties: Vec<TieRow>,
    #[serde(default)]
    sources: Vec<SourceRow>,
    #[serde(default, skip_serializing_if = "Columns::is_empty")]
    extra_columns: Columns,
}

#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Columns {
    #[serde(default)]
    actors: Vec<String>,
    #[serde(default)]
    ties: Vec<String>,
    #[serde(default)]
    sources: Vec<String>,
}

impl Columns {
    fn is_empty(&self) -> bool {
        self.actors.is_empty() && self.ties.is_empty() && self.sources.is_empty()
    }
}

type ExtraRow = BTreeMap<String, String>;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActorRow {
    id: String,
    name: String,
    kind: String,
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    until: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    extra: ExtraRow,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TieRow {
    id: String,
    source: String,
    target: String,
    kind: String,
    start: String,
    #[serde(default)]
    end: Option<String>,
    #[serde(default)]
    with: Option<String>,
    #[serde(default)]
    weight: Option<f64>,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    extra: ExtraRow,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceRow {
    id: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    publisher: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    reference: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    extra: ExtraRow,
}

fn extra(row: &ExtraRow) -> crate::model::Extra {
    row.iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.as_str().into(), v.as_str().into()))
        .collect()
}

/// Columns in the order the document gives, then any other key seen, sorted.
fn columns<'a>(given: &[String], rows: impl Iterator<Item = &'a ExtraRow>) -> Vec<Box<str>> {
    let mut out: Vec<Box<str>> = given.iter().map(|c| c.as_str().into()).collect();
    let mut seen: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for row in rows {
        seen.extend(row.keys().map(String::as_str));
    }
    for c in seen {
        if !out.iter().any(|o| &**o == c) {
            out.push(c.into());
        }
    }
    out
}

pub(crate) fn read(text: &str, file: &str, builder: &mut Builder) {
    let file: Arc<str> = file.into();
    let doc: Doc = match serde_json::from_str(text) {
        Ok(doc) => doc,
        Err(e) => {
            let loc = Location::file(file.clone()).at_line(e.line() as u64);
            let message = e.to_string();
            // serde_json appends " at line L column C"; the line is in the location.
            let message = match message.rfind(" at line ") {
                Some(i) => format!("{} (column {})", &message[..i], e.column()),
                None => message,
            };
            builder.problem(Problem::new(loc, ProblemKind::Syntax, message));
            return;
        }
    };
    let loc = |what: &str, i: usize| RowLoc {
        file: file.clone(),
        line: None,
        path: Some(format!("{what}[{i}]")),
    };
    let bad_column = doc
        .extra_columns
        .actors
        .iter()
        .chain(&doc.extra_columns.ties)
        .chain(&doc.extra_columns.sources)
        .chain(doc.actors.iter().flat_map(|a| a.extra.keys()))
        .chain(doc.ties.iter().flat_map(|t| t.extra.keys()))
        .chain(doc.sources.iter().flat_map(|s| s.extra.keys()))
        .find(|c| !c.starts_with("x_") || c.len() < 3);
    if let Some(c) = bad_column {
        builder.problem(Problem::new(
            Location::file(file.clone()),
            ProblemKind::UnknownColumn,
            format!("custom column {} must start with x_", crate::time::shown(c)),
        ));
    }
    builder.actor_columns = columns(
        &doc.extra_columns.actors,
        doc.actors.iter().map(|a| &a.extra),
    );
    builder.tie_columns = columns(&doc.extra_columns.ties, doc.ties.iter().map(|t| &t.extra));
    builder.source_columns = columns(
        &doc.extra_columns.sources,
        doc.sources.iter().map(|s| &s.extra),
    );
    for (i, a) in doc.actors.iter().enumerate() {
        builder.actor(RawActor {
            loc: loc("actors", i),
            id: &a.id,
            name: &a.name,
            kind: &a.kind,
            from: a.from.as_deref().unwrap_or(""),
            until: a.until.as_deref().unwrap_or(""),
            aliases: a.aliases.iter().map(String::as_str).collect(),
            note: a.note.as_deref().unwrap_or(""),
            extra: extra(&a.extra),
        });
    }
    for (i, s) in doc.sources.iter().enumerate() {
        builder.source(RawSource {
            loc: loc("sources", i),
            id: &s.id,
            title: s.title.as_deref().unwrap_or(""),
            publisher: s.publisher.as_deref().unwrap_or(""),
            published: s.published.as_deref().unwrap_or(""),
            reference: s.reference.as_deref().unwrap_or(""),
            extra: extra(&s.extra),
        });
    }
    builder.finish_actors();
    for (i, t) in doc.ties.iter().enumerate() {
        let loc = loc("ties", i);
        if t.id.is_empty() {
            builder.problem(Problem::new(
                Location::file(file.clone()).in_column(format!("ties[{i}].id")),
                ProblemKind::MissingValue,
                "a tie in a JSON dataset needs an id",
            ));
            continue;
        }
        builder.tie(RawTie {
            loc,
            id: &t.id,
            source: &t.source,
            target: &t.target,
            kind: &t.kind,
            start: &t.start,
            end: t.end.as_deref().unwrap_or(""),
            with: t.with.as_deref().unwrap_or(""),
            weight: RawWeight::Number(t.weight),
            sources: t.sources.iter().map(String::as_str).collect(),
            note: t.note.as_deref().unwrap_or(""),
            extra: extra(&t.extra),
        });
    }
}

fn text(s: Option<&str>) -> Option<String> {
    s.map(str::to_owned)
}

fn extra_row(e: &crate::model::Extra) -> ExtraRow {
    e.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

pub(crate) fn to_string(data: &Dataset, pretty: bool) -> String {
    let [ac, tc, sc] = data.extra_columns();
    let names = |c: &[Box<str>]| c.iter().map(|c| c.to_string()).collect();
    let doc = Doc {
        actors: data
            .actors()
            .iter()
            .flat_map(|a| {
                a.phases().iter().map(move |p| ActorRow {
                    id: a.id().to_owned(),
                    name: p.name().to_owned(),
                    kind: p.kind().as_str().to_owned(),
                    from: p.from().map(|d| d.to_string()),
                    until: p.until().map(|d| d.to_string()),
                    aliases: p.aliases().map(str::to_owned).collect(),
                    note: text(p.note()),
                    extra: extra_row(p.extra()),
                })
            })
            .collect(),
        ties: data
            .ties()
            .iter()
            .map(|t| TieRow {
                id: t.id().to_owned(),
                source: data.actor_id(t.source()).to_owned(),
                target: data.actor_id(t.target()).to_owned(),
                kind: t.kind().as_str().to_owned(),
                start: t.start().to_string(),
                end: t.end().map(|d| d.to_string()),
                with: t.with().map(|w| data.actor_id(w).to_owned()),
                weight: t.weight_given(),
                sources: data.tie_sources(t).map(|s| s.id().to_owned()).collect(),
                note: text(t.note()),
                extra: extra_row(t.extra()),
            })
            .collect(),
        sources: data
            .sources()
            .iter()
            .map(|s| SourceRow {
                id: s.id().to_owned(),
                title: text(s.title()),
                publisher: text(s.publisher()),
                published: text(s.published()),
                reference: text(s.reference()),
                extra: extra_row(s.extra()),
            })
            .collect(),
        extra_columns: Columns {
            actors: names(ac),
            ties: names(tc),
            sources: names(sc),
        },
    };
    let out = if pretty {
        serde_json::to_string_pretty(&doc)
    } else {
        serde_json::to_string(&doc)
    };
    // Every field is a string, a finite number or a list of those: this cannot fail.
    out.unwrap_or_default()
}
