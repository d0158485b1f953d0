//! Rows of a document (or of a [`crate::DatasetBuilder`]) handed to the
//! loader's [`Builder`]: custom column names first, then the CSV loader's
//! limits and every row, one tie row at a time so that a document's ties
//! need not be held (see [`super::read`]).

use std::collections::BTreeSet;
use std::sync::Arc;

use super::{ActorRow, Columns, ExtraRow, SourceRow, TieRow};
use crate::error::{Location, Problem, ProblemKind};
use crate::io::build::{Builder, RawActor, RawSource, RawTie, RawWeight, RowLoc, SourceList};
use crate::io::csv::{MAX_COLUMNS, MAX_FIELD_BYTES, MAX_RECORD_BYTES, MAX_ROWS};

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

/// Everything of a document but its tie rows, which come one at a time.
pub(crate) struct Head<'a> {
    pub(crate) actors: &'a [ActorRow],
    pub(crate) sources: &'a [SourceRow],
    pub(crate) columns: &'a Columns,
    /// The custom column names used by the tie rows.
    pub(crate) tie_keys: &'a BTreeSet<&'a str>,
    /// How many tie rows there are.
    pub(crate) ties: usize,
}

/// Hands a document's rows to a [`Builder`]: [`Feeder::head`] once, then
/// [`Feeder::tie`] for every tie row in order. `loc(table, index)` says
/// where a row is; `file` names the document in problems about all of it.
pub(crate) struct Feeder<'a> {
    pub(crate) file: &'a Arc<str>,
    pub(crate) loc: &'a dyn Fn(&'static str, usize) -> RowLoc,
    pub(crate) ids: Ids,
    pub(crate) builder: &'a mut Builder,
}

impl Feeder<'_> {
    /// The custom columns, the limits on row and column counts, the actor
    /// and source rows.
    pub(crate) fn head(&mut self, head: &Head<'_>) {
        self.check_columns(head);
        let columns = head.columns;
        let builder = &mut *self.builder;
        builder.actor_columns = names(
            &columns.actors,
            head.actors
                .iter()
                .flat_map(|a| a.extra.keys().map(String::as_str)),
        );
        builder.tie_columns = names(&columns.ties, head.tie_keys.iter().copied());
        builder.source_columns = names(
            &columns.sources,
            head.sources
                .iter()
                .flat_map(|s| s.extra.keys().map(String::as_str)),
        );
        self.check_counts(head);
        for (i, a) in head.actors.iter().enumerate() {
            let place = (self.loc)("actors", i);
            fits_csv(self.builder, &place, &actor_fields(a), &a.extra);
        }
        for (i, s) in head.sources.iter().enumerate() {
            let place = (self.loc)("sources", i);
            fits_csv(self.builder, &place, &source_fields(s), &s.extra);
        }
        for (i, a) in head.actors.iter().enumerate() {
            if self.builder.is_full() {
                break;
            }
            self.builder.actor(RawActor {
                loc: &(self.loc)("actors", i),
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
        for (i, s) in head.sources.iter().enumerate() {
            if self.builder.is_full() {
                break;
            }
            self.builder.source(RawSource {
                loc: &(self.loc)("sources", i),
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
        self.builder.finish_actors();
        if head.ties as u64 <= MAX_ROWS {
            self.builder.reserve_ties(head.ties);
        }
    }

    /// Custom column names: `x_…` without a trailing space, none listed twice.
    fn check_columns(&mut self, head: &Head<'_>) {
        let columns = head.columns;
        let bad_column = (columns.actors.iter().map(String::as_str))
            .chain(columns.ties.iter().map(String::as_str))
            .chain(columns.sources.iter().map(String::as_str))
            .chain(
                head.actors
                    .iter()
                    .flat_map(|a| a.extra.keys().map(String::as_str)),
            )
            .chain(head.tie_keys.iter().copied())
            .chain(
                head.sources
                    .iter()
                    .flat_map(|s| s.extra.keys().map(String::as_str)),
            )
            .find(|c| !c.starts_with("x_") || c.len() < 3 || c.trim_end() != *c);
        if let Some(c) = bad_column {
            let message = if c.starts_with("x_") && c.len() > 2 {
                // actors.csv trims its header: it would come back as another column.
                format!(
                    "custom column {} may not end with a space",
                    crate::escape::terminal::shown(c)
                )
            } else {
                format!(
                    "custom column {} must start with x_",
                    crate::escape::terminal::shown(c)
                )
            };
            self.builder.problem(Problem::new(
                Location::file(self.file.clone()),
                ProblemKind::UnknownColumn,
                message,
            ));
        }
        for (what, given) in [
            ("actors", &columns.actors),
            ("ties", &columns.ties),
            ("sources", &columns.sources),
        ] {
            let twice = given
                .iter()
                .enumerate()
                .find(|(i, c)| given[..*i].contains(c));
            if let Some((i, c)) = twice {
                self.builder.problem(Problem::new(
                    Location::file(self.file.clone())
                        .in_column(format!("extra_columns.{what}[{i}]")),
                    ProblemKind::DuplicateColumn,
                    format!(
                        "column {} is listed twice",
                        crate::escape::terminal::shown(c)
                    ),
                ));
            }
        }
    }

    /// Rows and columns per table within the CSV loader's limits: a dataset
    /// loaded from JSON must load back from the CSV files it is saved as.
    fn check_counts(&mut self, head: &Head<'_>) {
        let builder = &mut *self.builder;
        let lists = [
            ("actors", head.actors.len(), 7 + builder.actor_columns.len()),
            (
                "ties",
                head.ties,
                crate::io::csv::TIE_COLUMNS.len() + builder.tie_columns.len(),
            ),
            (
                "sources",
                head.sources.len(),
                crate::io::csv::SOURCE_COLUMNS.len() + builder.source_columns.len(),
            ),
        ];
        for (what, rows, columns) in lists {
            let at = Location::file(self.file.clone()).in_column(what.to_owned());
            if rows as u64 > MAX_ROWS {
                builder.problem(Problem::new(
                    at.clone(),
                    ProblemKind::TooLarge,
                    format!("{rows} rows, more than the {MAX_ROWS} tiegraph reads"),
                ));
            }
            if columns > MAX_COLUMNS {
                builder.problem(Problem::new(
                    at,
                    ProblemKind::TooLarge,
                    format!("{columns} columns, more than the {MAX_COLUMNS} tiegraph reads"),
                ));
            }
        }
    }

    /// Checks tie row `i` and hands it to the builder. Call after
    /// [`Feeder::head`], for every row in order.
    pub(crate) fn tie(&mut self, i: usize, t: &TieRow) {
        if self.builder.is_full() {
            return;
        }
        let loc = (self.loc)("ties", i);
        fits_csv(self.builder, &loc, &tie_fields(t), &t.extra);
        let generated;
        let id = match (t.id.is_empty(), self.ids, loc.line) {
            (false, _, _) => t.id.as_str(),
            (true, Ids::Required, _) => {
                self.builder.problem(Problem::new(
                    Location::file(self.file.clone()).in_column(format!("ties[{i}].id")),
                    ProblemKind::MissingValue,
                    "a tie in a JSON dataset needs an id",
                ));
                return;
            }
            (true, Ids::Generated, line) => {
                let line = line.unwrap_or((i as u64).saturating_add(2));
                generated = format!("#{line}");
                generated.as_str()
            }
        };
        self.builder.tie(RawTie {
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

fn extra(row: &ExtraRow) -> crate::model::Extra {
    row.iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.as_str().into(), v.as_str().into()))
        .collect()
}

/// Columns in the order the document gives, then any other key seen, sorted.
fn names<'a>(given: &[String], keys: impl Iterator<Item = &'a str>) -> Vec<Box<str>> {
    let mut out: Vec<Box<str>> = given.iter().map(|c| c.as_str().into()).collect();
    let seen: BTreeSet<&str> = keys.collect();
    for c in seen {
        if !out.iter().any(|o| &**o == c) {
            out.push(c.into());
        }
    }
    out
}

/// A field's name and its text as CSV: one value, or a `;`-separated list.
type Field<'a> = (&'static str, Parts<'a>);

#[derive(Clone, Copy)]
enum Parts<'a> {
    One(&'a str),
    List(&'a [String]),
}

impl Parts<'_> {
    /// The length and the number of quotes of the field as CSV text.
    fn measure(self) -> (usize, usize) {
        match self {
            Parts::One(s) => (s.len(), s.matches('"').count()),
            Parts::List(l) => (
                l.iter().map(String::len).sum::<usize>() + l.len().saturating_sub(1),
                l.iter().map(|p| p.matches('"').count()).sum(),
            ),
        }
    }
}

fn one(o: &Option<String>) -> Parts<'_> {
    Parts::One(o.as_deref().unwrap_or_default())
}

fn actor_fields(a: &ActorRow) -> [Field<'_>; 7] {
    [
        ("id", Parts::One(&a.id)),
        ("name", Parts::One(&a.name)),
        ("kind", Parts::One(&a.kind)),
        ("from", one(&a.from)),
        ("until", one(&a.until)),
        ("aliases", Parts::List(&a.aliases)),
        ("note", one(&a.note)),
    ]
}

fn tie_fields(t: &TieRow) -> [Field<'_>; 10] {
    [
        ("id", Parts::One(&t.id)),
        ("source", Parts::One(&t.source)),
        ("target", Parts::One(&t.target)),
        ("kind", Parts::One(&t.kind)),
        ("start", Parts::One(&t.start)),
        ("end", one(&t.end)),
        ("with", one(&t.with)),
        ("confidence", one(&t.confidence)),
        ("sources", Parts::List(&t.sources)),
        ("note", one(&t.note)),
    ]
}

fn source_fields(s: &SourceRow) -> [Field<'_>; 7] {
    [
        ("id", Parts::One(&s.id)),
        ("title", one(&s.title)),
        ("publisher", one(&s.publisher)),
        ("published", one(&s.published)),
        ("reference", one(&s.reference)),
        ("url", one(&s.url)),
        ("note", one(&s.note)),
    ]
}

/// Checks one row against the CSV loader's field and row sizes.
fn fits_csv(builder: &mut Builder, place: &RowLoc, fields: &[Field<'_>], extra: &ExtraRow) {
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
    for (name, parts) in fields {
        let (len, quotes) = parts.measure();
        check(name, len, quotes);
    }
    for (name, value) in extra {
        let (len, quotes) = Parts::One(value).measure();
        check(name, len, quotes);
    }
    if csv_len as u64 > MAX_RECORD_BYTES {
        builder.problem(Problem::new(
            place.row(),
            ProblemKind::TooLarge,
            format!(
                "the row is longer than {MAX_RECORD_BYTES} bytes as CSV, the most tiegraph reads"
            ),
        ));
    }
}
