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

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::build::{Builder, RawActor, RawSource, RawTie, RawWeight, RowLoc, SourceList};
use crate::error::{Location, Problem, ProblemKind};
use crate::escape::terminal::shown;
use crate::model::Dataset;

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
    if text.len() as u64 > super::MAX_FILE_BYTES {
        builder.problem(Problem::new(
            Location::file(file.clone()),
            ProblemKind::TooLarge,
            format!(
                "the document is {} bytes long, more than the {} tiegraph reads",
                text.len(),
                super::MAX_FILE_BYTES
            ),
        ));
        return;
    }
    // Editors on Windows start UTF-8 files with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        builder.problem(Problem::new(
            Location::file(file.clone()),
            ProblemKind::Empty,
            "the file is empty (expected a JSON object with actors and ties)",
        ));
        return;
    }
    let start = text.trim_start();
    if !start.starts_with(['{', '[', '"', '-', 't', 'f', 'n'])
        && !start.starts_with(char::is_numeric)
    {
        // Most likely a CSV file given where a JSON file or a folder belongs.
        let first_line = start.lines().next().unwrap_or_default();
        let line = 1 + text[..text.len() - start.len()].matches('\n').count() as u64;
        builder.problem(Problem::new(
            Location::file(file.clone()).at_line(line),
            ProblemKind::Syntax,
            format!(
                "this is not JSON (it starts with {}); a CSV dataset is read from the folder of its files",
                shown(first_line)
            ),
        ));
        return;
    }
    bounded::start();
    let doc: Doc = match serde_json::from_str(text) {
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
    let place = |what: &str, i: usize| RowLoc {
        file: file.clone(),
        line: None,
        path: Some(format!("{what}[{i}]")),
    };
    feed(&doc, &file, &place, Ids::Required, builder);
}

/// What to do with a tie row without an id.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ids {
    /// Refuse it (a JSON document: it has no lines to number it by).
    Required,
    /// Give it the id the CSV loader would give the same rows in the same
    /// order: `#` and its line when the row has one, otherwise `#` and the
    /// line it would have in `ties.csv` (its index + 2).
    Generated,
}

/// Checks the rows of a document (or of a [`crate::DatasetBuilder`]) and
/// hands them to the builder: custom column names, the CSV loader's limits,
/// then every row. `loc(table, index)` says where a row is; `file` names
/// the document in problems about all of it.
pub(crate) fn feed(
    doc: &Doc,
    file: &Arc<str>,
    loc: &dyn Fn(&str, usize) -> RowLoc,
    ids: Ids,
    builder: &mut Builder,
) {
    let bad_column = doc
        .extra_columns
        .actors
        .iter()
        .chain(&doc.extra_columns.ties)
        .chain(&doc.extra_columns.sources)
        .chain(doc.actors.iter().flat_map(|a| a.extra.keys()))
        .chain(doc.ties.iter().flat_map(|t| t.extra.keys()))
        .chain(doc.sources.iter().flat_map(|s| s.extra.keys()))
        .find(|c| !c.starts_with("x_") || c.len() < 3 || c.trim_end() != c.as_str());
    if let Some(c) = bad_column {
        let message = if c.starts_with("x_") && c.len() > 2 {
            // actors.csv trims its header: it would come back as another column.
            format!("custom column {} may not end with a space", shown(c))
        } else {
            format!("custom column {} must start with x_", shown(c))
        };
        builder.problem(Problem::new(
            Location::file(file.clone()),
            ProblemKind::UnknownColumn,
            message,
        ));
    }
    for (what, given) in [
        ("actors", &doc.extra_columns.actors),
        ("ties", &doc.extra_columns.ties),
        ("sources", &doc.extra_columns.sources),
    ] {
        let twice = given
            .iter()
            .enumerate()
            .find(|(i, c)| given[..*i].contains(c));
        if let Some((i, c)) = twice {
            builder.problem(Problem::new(
                Location::file(file.clone()).in_column(format!("extra_columns.{what}[{i}]")),
                ProblemKind::DuplicateColumn,
                format!("column {} is listed twice", shown(c)),
            ));
        }
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
    fits_csv(doc, file, loc, builder);
    for (i, a) in doc.actors.iter().enumerate() {
        if builder.is_full() {
            break;
        }
        builder.actor(RawActor {
            loc: &loc("actors", i),
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
        if builder.is_full() {
            break;
        }
        builder.source(RawSource {
            loc: &loc("sources", i),
            id: &s.id,
            title: s.title.as_deref().unwrap_or(""),
            publisher: s.publisher.as_deref().unwrap_or(""),
            published: s.published.as_deref().unwrap_or(""),
            reference: s.reference.as_deref().unwrap_or(""),
            url: s.url.as_deref().unwrap_or(""),
            note: s.note.as_deref().unwrap_or(""),
            extra: extra(&s.extra),
        });
    }
    builder.finish_actors();
    for (i, t) in doc.ties.iter().enumerate() {
        if builder.is_full() {
            break;
        }
        let loc = loc("ties", i);
        let generated;
        let id = match (t.id.is_empty(), ids, loc.line) {
            (false, _, _) => t.id.as_str(),
            (true, Ids::Required, _) => {
                builder.problem(Problem::new(
                    Location::file(file.clone()).in_column(format!("ties[{i}].id")),
                    ProblemKind::MissingValue,
                    "a tie in a JSON dataset needs an id",
                ));
                continue;
            }
            (true, Ids::Generated, line) => {
                let line = line.unwrap_or((i as u64).saturating_add(2));
                generated = format!("#{line}");
                generated.as_str()
            }
        };
        builder.tie(RawTie {
            loc: &loc,
            id,
            source: &t.source,
            target: &t.target,
            kind: &t.kind,
            start: &t.start,
            end: t.end.as_deref().unwrap_or(""),
            with: t.with.as_deref().unwrap_or(""),
            weight: RawWeight::Number(t.weight),
            confidence: t.confidence.as_deref().unwrap_or(""),
            sources: SourceList::List(&t.sources),
            note: t.note.as_deref().unwrap_or(""),
            extra: extra(&t.extra),
        });
    }
}

/// Checks the document against the limits of the CSV loader (rows, columns,
/// field and row sizes): a dataset loaded from JSON must load back from
/// the CSV files it is saved as. Call once the extra columns are known.
fn fits_csv(
    doc: &Doc,
    file: &Arc<str>,
    loc: &dyn Fn(&str, usize) -> RowLoc,
    builder: &mut Builder,
) {
    use super::csv::{MAX_COLUMNS, MAX_FIELD_BYTES, MAX_RECORD_BYTES, MAX_ROWS};
    let at = |path: String| Location::file(file.clone()).in_column(path);
    let lists = [
        ("actors", doc.actors.len(), 7 + builder.actor_columns.len()),
        (
            "ties",
            doc.ties.len(),
            super::csv::TIE_COLUMNS.len() + builder.tie_columns.len(),
        ),
        (
            "sources",
            doc.sources.len(),
            super::csv::SOURCE_COLUMNS.len() + builder.source_columns.len(),
        ),
    ];
    for (what, rows, columns) in lists {
        if rows as u64 > MAX_ROWS {
            builder.problem(Problem::new(
                at(what.to_owned()),
                ProblemKind::TooLarge,
                format!("{rows} rows, more than the {MAX_ROWS} tiegraph reads"),
            ));
        }
        if columns > MAX_COLUMNS {
            builder.problem(Problem::new(
                at(what.to_owned()),
                ProblemKind::TooLarge,
                format!("{columns} columns, more than the {MAX_COLUMNS} tiegraph reads"),
            ));
        }
    }
    // (field name, its text as CSV: one value, or a `;`-separated list)
    let mut row = |place: RowLoc, fields: &[(&str, &[&str])], extra: &ExtraRow| {
        let extra = extra
            .iter()
            .map(|(k, v)| (k.as_str(), std::slice::from_ref(v)));
        let mut csv_len = 0;
        let mut check = |name: &str, len: usize, quotes: usize| {
            if len > MAX_FIELD_BYTES {
                builder.problem(Problem::new(
                    place.field(name),
                    ProblemKind::TooLarge,
                    format!("the value is {len} bytes long (at most {MAX_FIELD_BYTES})"),
                ));
            }
            // As written to CSV: quotes doubled, the field quoted, a comma.
            csv_len += len + quotes + 3;
        };
        for &(name, parts) in fields {
            let len = parts.iter().map(|p| p.len()).sum::<usize>() + parts.len().saturating_sub(1);
            let quotes = parts.iter().map(|p| p.matches('"').count()).sum();
            check(name, len, quotes);
        }
        for (name, value) in extra {
            check(name, value[0].len(), value[0].matches('"').count());
        }
        if csv_len as u64 > MAX_RECORD_BYTES {
            builder.problem(Problem::new(
                place.row(),
                ProblemKind::TooLarge,
                format!("the row is longer than {MAX_RECORD_BYTES} bytes as CSV, the most tiegraph reads"),
            ));
        }
    };
    fn one(o: &Option<String>) -> &str {
        o.as_deref().unwrap_or_default()
    }
    fn list(l: &[String]) -> Vec<&str> {
        l.iter().map(String::as_str).collect()
    }
    for (i, a) in doc.actors.iter().enumerate() {
        let fields: [(&str, &[&str]); 7] = [
            ("id", &[&a.id]),
            ("name", &[&a.name]),
            ("kind", &[&a.kind]),
            ("from", &[one(&a.from)]),
            ("until", &[one(&a.until)]),
            ("aliases", &list(&a.aliases)),
            ("note", &[one(&a.note)]),
        ];
        row(loc("actors", i), &fields, &a.extra);
    }
    for (i, t) in doc.ties.iter().enumerate() {
        let fields: [(&str, &[&str]); 10] = [
            ("id", &[&t.id]),
            ("source", &[&t.source]),
            ("target", &[&t.target]),
            ("kind", &[&t.kind]),
            ("start", &[&t.start]),
            ("end", &[one(&t.end)]),
            ("with", &[one(&t.with)]),
            ("confidence", &[one(&t.confidence)]),
            ("sources", &list(&t.sources)),
            ("note", &[one(&t.note)]),
        ];
        row(loc("ties", i), &fields, &t.extra);
    }
    for (i, s) in doc.sources.iter().enumerate() {
        let fields: [(&str, &[&str]); 7] = [
            ("id", &[&s.id]),
            ("title", &[one(&s.title)]),
            ("publisher", &[one(&s.publisher)]),
            ("published", &[one(&s.published)]),
            ("reference", &[one(&s.reference)]),
            ("url", &[one(&s.url)]),
            ("note", &[one(&s.note)]),
        ];
        row(loc("sources", i), &fields, &s.extra);
    }
}

/// A serde_json error as a problem: its line, the path of the field it is
/// in (when it is inside a row: `ties[3].start`), and its message on one
/// line (serde_json quotes unknown field names as they are).
fn syntax_problem(text: &str, file: &Arc<str>, e: &serde_json::Error) -> Problem {
    let mut loc = Location::file(file.clone());
    if e.line() > 0 {
        loc = loc.at_line(e.line() as u64);
        let line_start = text
            .split_inclusive('\n')
            .take(e.line() - 1)
            .map(str::len)
            .sum::<usize>();
        let path = path_at(text, line_start + e.column());
        // Fields of the document itself are named by the message.
        if path.contains('[') {
            loc = loc.in_column(path);
        }
    }
    let message = e.to_string();
    // serde_json appends " at line L column C"; the line is in the location.
    let (message, column) = match message.rfind(" at line ") {
        Some(i) if e.line() > 0 => (&message[..i], format!(" (column {})", e.column())),
        _ => (message.as_str(), String::new()),
    };
    let mut text = crate::escape::terminal::one_line(message, 300);
    text.push_str(&column);
    Problem::new(loc, ProblemKind::Syntax, text)
}

/// The path (`ties[3].start`) of the value being read at byte `offset` of a
/// JSON text, found by following its brackets, commas and keys: serde_json
/// says where an error is, not in which field.
///
/// Only meant for the prefix that serde_json read before it failed, which is
/// well-formed up to the error; on anything else it gives some path and never
/// panics.
fn path_at(text: &str, offset: usize) -> String {
    enum Frame<'a> {
        Object {
            key: Option<&'a str>,
            expect_key: bool,
        },
        Array {
            index: usize,
        },
    }
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());
    let mut stack: Vec<Frame<'_>> = Vec::new();
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'{' => stack.push(Frame::Object {
                key: None,
                expect_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { key, expect_key }) => {
                    *key = None;
                    *expect_key = true;
                }
                None => {}
            },
            b'"' => {
                let start = i + 1;
                i = start;
                while i < end && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if let Some(Frame::Object { key, expect_key }) = stack.last_mut() {
                    if *expect_key {
                        *key = text.get(start..i.min(end));
                        *expect_key = false;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
            Frame::Object { key: Some(k), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                let plain = !k.is_empty()
                    && k.len() <= 40
                    && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
                if plain {
                    path.push_str(k);
                } else {
                    path.push_str(&shown(k));
                }
            }
            Frame::Object { key: None, .. } => {}
        }
    }
    path
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
                confidence: Some(t.confidence().as_str().to_owned()),
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
                url: text(s.url()),
                note: text(s.note()),
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

/// Deserializers that check the limits while the document is read, before
/// a value is kept: a string is measured before it is copied, a list
/// counted element by element, so that a list of 150 million empty strings
/// or a string of a gigabyte is refused without taking gigabytes.
///
/// The counts of a whole document (custom values, aliases) are kept per
/// thread, reset by [`bounded::start`] before each document.
mod bounded {
    use std::cell::Cell;
    use std::collections::BTreeMap;
    use std::fmt;
    use std::marker::PhantomData;

    use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde::Deserialize;

    use crate::io::csv::{MAX_COLUMNS, MAX_FIELD_BYTES, MAX_ROWS};
    use crate::io::{MAX_ALIASES, MAX_CITATIONS, MAX_EXTRA_VALUES, MAX_FILE_ALIASES};

    #[derive(Default, Clone, Copy)]
    struct Counts {
        extra_values: u64,
        aliases: usize,
        citations: u64,
        /// Whether the last error was a limit (a `TooLarge` problem).
        hit: bool,
    }

    thread_local! {
        static COUNTS: Cell<Counts> = Cell::new(Counts::default());
    }

    /// Resets the counts of a document.
    pub(super) fn start() {
        COUNTS.with(|c| c.set(Counts::default()));
    }

    /// Whether the document stopped at a limit.
    pub(super) fn hit() -> bool {
        COUNTS.with(|c| c.get().hit)
    }

    fn update(f: impl FnOnce(&mut Counts)) -> Counts {
        COUNTS.with(|c| {
            let mut counts = c.get();
            f(&mut counts);
            c.set(counts);
            counts
        })
    }

    fn limit<E: de::Error>(message: String) -> E {
        update(|c| c.hit = true);
        E::custom(message)
    }

    fn check_len<E: de::Error>(len: usize) -> Result<(), E> {
        if len > MAX_FIELD_BYTES {
            return Err(limit(format!(
                "the value is {len} bytes long (at most {MAX_FIELD_BYTES})"
            )));
        }
        Ok(())
    }

    struct Text;

    impl<'de> Visitor<'de> for Text {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            check_len(v.len())?;
            Ok(v.to_owned())
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
            check_len(v.len())?;
            Ok(v)
        }
    }

    impl<'de> DeserializeSeed<'de> for Text {
        type Value = String;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
            d.deserialize_str(Text)
        }
    }

    pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        d.deserialize_str(Text)
    }

    struct OptText;

    impl<'de> Visitor<'de> for OptText {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            text(d).map(Some)
        }
    }

    pub fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        d.deserialize_option(OptText)
    }

    /// What a list of strings is, for its limits.
    #[derive(Clone, Copy)]
    enum List {
        Aliases,
        Citations,
        Columns,
    }

    impl<'de> Visitor<'de> for List {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a sequence")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
            let (max, what) = match self {
                List::Aliases => (MAX_ALIASES, "aliases"),
                List::Citations => (MAX_CITATIONS, "sources"),
                List::Columns => (MAX_COLUMNS, "columns"),
            };
            let mut out = Vec::new();
            // As the `;`-separated CSV field it is saved as.
            let mut bytes = 0usize;
            let (mut items, mut given) = (0usize, 0usize);
            while let Some(item) = seq.next_element_seed(Text)? {
                items += 1;
                bytes += item.len() + usize::from(items > 1);
                check_len(bytes)?;
                // Blank aliases and citations are ignored by the loader:
                // not kept (nor counted), so that a list of blanks takes
                // no memory.
                let blank = !matches!(self, List::Columns) && item.trim().is_empty();
                if blank {
                    continue;
                }
                given += 1;
                if given > max {
                    return Err(limit(format!("more than {max} {what} (at most {max})")));
                }
                if matches!(self, List::Columns) {
                    out.push(item);
                    continue;
                }
                let counts = update(|c| match self {
                    List::Aliases => c.aliases += 1,
                    _ => c.citations += 1,
                });
                if counts.aliases > MAX_FILE_ALIASES {
                    return Err(limit(format!(
                        "the document gives more than {MAX_FILE_ALIASES} aliases, the most tiegraph reads"
                    )));
                }
                if counts.citations > MAX_ROWS {
                    return Err(limit(format!(
                        "the document gives more than {MAX_ROWS} citations, the most tiegraph reads"
                    )));
                }
                out.push(item);
            }
            Ok(out)
        }
    }

    pub fn aliases<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        d.deserialize_seq(List::Aliases)
    }

    pub fn citations<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        d.deserialize_seq(List::Citations)
    }

    pub fn columns<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        d.deserialize_seq(List::Columns)
    }

    struct Extra;

    impl<'de> Visitor<'de> for Extra {
        type Value = BTreeMap<String, String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object of strings")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(key) = map.next_key_seed(Text)? {
                let value = map.next_value_seed(Text)?;
                if out.len() == MAX_COLUMNS {
                    return Err(limit(format!(
                        "more than {MAX_COLUMNS} columns, the most tiegraph reads"
                    )));
                }
                // Every key counts, even with an empty value: each is kept.
                let counts = update(|c| c.extra_values += 1);
                if counts.extra_values > MAX_EXTRA_VALUES {
                    return Err(limit(format!(
                        "the document has more than {MAX_EXTRA_VALUES} custom (x_) values, the most tiegraph reads"
                    )));
                }
                out.insert(key, value);
            }
            Ok(out)
        }
    }

    pub fn extra<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
        d.deserialize_map(Extra)
    }

    struct Rows<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for Rows<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a list of rows")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::new();
            while let Some(row) = seq.next_element()? {
                if out.len() as u64 == MAX_ROWS {
                    return Err(limit(format!(
                        "more than {MAX_ROWS} rows, the most tiegraph reads"
                    )));
                }
                out.push(row);
            }
            Ok(out)
        }
    }

    pub fn rows<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_seq(Rows(PhantomData))
    }
}
