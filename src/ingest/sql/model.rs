//! A small model of an SQL query — mapping tables, steps (common table
//! expressions) of select, join, filter, group and rank, and expressions —
//! rendered in each engine's dialect. The rules are written once, as this
//! model (see `rules.rs`); only the spelling differs by dialect.

use std::fmt::Write;

/// The SQL dialects `--print-sql` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// Apache DataFusion (and Ballista).
    DataFusion,
    /// DuckDB.
    DuckDb,
    /// Apache Spark SQL (3.4 or later).
    Spark,
    /// Google BigQuery (GoogleSQL).
    BigQuery,
}

impl Dialect {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::DataFusion => "datafusion",
            Dialect::DuckDb => "duckdb",
            Dialect::Spark => "spark",
            Dialect::BigQuery => "bigquery",
        }
    }

    /// A quoted identifier.
    pub(crate) fn ident(self, name: &str) -> String {
        match self {
            Dialect::DuckDb | Dialect::DataFusion => format!("\"{}\"", name.replace('"', "\"\"")),
            Dialect::Spark | Dialect::BigQuery => format!("`{}`", name.replace('`', "``")),
        }
    }

    /// A string literal.
    pub(crate) fn text(self, s: &str) -> String {
        match self {
            Dialect::DuckDb | Dialect::DataFusion => format!("'{}'", s.replace('\'', "''")),
            // Backslash escapes in Spark's and BigQuery's literals.
            Dialect::Spark | Dialect::BigQuery => {
                let mut out = String::with_capacity(s.len() + 2);
                out.push('\'');
                for c in s.chars() {
                    match c {
                        '\\' => out.push_str("\\\\"),
                        '\'' => out.push_str("\\'"),
                        '\n' => out.push_str("\\n"),
                        '\t' => out.push_str("\\t"),
                        '\r' => out.push_str("\\r"),
                        c => out.push(c),
                    }
                }
                out.push('\'');
                out
            }
        }
    }

    fn ty(self, ty: Ty) -> &'static str {
        match (self, ty) {
            (Dialect::BigQuery, Ty::Text) => "STRING",
            (Dialect::BigQuery, Ty::Int) => "INT64",
            (Dialect::BigQuery, Ty::Float) => "FLOAT64",
            (Dialect::Spark, Ty::Text) => "STRING",
            (_, Ty::Text) => "VARCHAR",
            (_, Ty::Int) => "BIGINT",
            (_, Ty::Float) => "DOUBLE",
        }
    }
}

/// A column type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    Text,
    Int,
    Float,
}

/// Functions whose spelling differs by dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum F {
    Trim,
    Lower,
    Length,
    /// `substr(text, start, length)`, 1-based.
    Substr,
    /// `substr(text, start)`: the rest.
    SubstrFrom,
    /// `lpad(text, length, fill)`.
    Lpad,
    Coalesce,
    Abs,
    Round,
    Floor,
    Translate,
    /// Position of a text in another, 1-based, 0 if absent.
    Strpos,
    /// Whether a regular expression matches somewhere.
    Matches,
    /// The first capture group of the first match, `''` if none.
    Extract,
    /// Every match replaced.
    ReplaceAll,
    /// A text as a number, NULL if it is not one.
    TryFloat,
    Sum,
    Max,
    /// The remainder of a division.
    Mod,
}

/// An expression.
#[derive(Debug, Clone)]
pub(crate) enum E {
    /// A column, `alias.column` or `column`.
    Col(String),
    Text(String),
    Int(i64),
    Null(Ty),
    /// A binary operator (`=`, `<`, `AND`, `+`, `||`, …).
    Op(&'static str, Box<E>, Box<E>),
    Not(Box<E>),
    IsNull(Box<E>),
    Case(Vec<(E, E)>, Box<E>),
    In(Box<E>, Vec<E>),
    Call(F, Vec<E>),
    Cast(Box<E>, Ty),
    /// `row_number() OVER (PARTITION BY … ORDER BY …)`; `true` = descending.
    RowNumber(Vec<E>, Vec<(E, bool)>),
    CountAll,
}

pub(crate) fn col(name: &str) -> E {
    E::Col(name.to_owned())
}
pub(crate) fn txt(s: &str) -> E {
    E::Text(s.to_owned())
}
pub(crate) fn int(n: i64) -> E {
    E::Int(n)
}
pub(crate) fn op(o: &'static str, a: E, b: E) -> E {
    E::Op(o, Box::new(a), Box::new(b))
}
pub(crate) fn eq(a: E, b: E) -> E {
    op("=", a, b)
}
pub(crate) fn and(parts: Vec<E>) -> E {
    parts
        .into_iter()
        .reduce(|a, b| op("AND", a, b))
        .unwrap_or_else(|| eq(int(1), int(1)))
}
pub(crate) fn or(a: E, b: E) -> E {
    op("OR", a, b)
}
pub(crate) fn not(a: E) -> E {
    E::Not(Box::new(a))
}
pub(crate) fn call(f: F, args: Vec<E>) -> E {
    E::Call(f, args)
}
pub(crate) fn cat(parts: Vec<E>) -> E {
    parts
        .into_iter()
        .reduce(|a, b| op("||", a, b))
        .unwrap_or_else(|| txt(""))
}
pub(crate) fn case(arms: Vec<(E, E)>, otherwise: E) -> E {
    E::Case(arms, Box::new(otherwise))
}
pub(crate) fn iff(c: E, a: E, b: E) -> E {
    case(vec![(c, a)], b)
}
pub(crate) fn cast(e: E, ty: Ty) -> E {
    E::Cast(Box::new(e), ty)
}
pub(crate) fn is_null(e: E) -> E {
    E::IsNull(Box::new(e))
}
pub(crate) fn matches(e: E, re: &str) -> E {
    call(F::Matches, vec![e, txt(re)])
}
pub(crate) fn extract(e: E, re: &str) -> E {
    call(F::Extract, vec![e, txt(re)])
}
pub(crate) fn in_list(e: E, items: &[&str]) -> E {
    E::In(Box::new(e), items.iter().map(|s| txt(s)).collect())
}

impl E {
    pub(crate) fn render(&self, d: Dialect) -> String {
        let r = |e: &E| e.render(d);
        match self {
            E::Col(name) => match name.split_once('.') {
                Some((alias, c)) => format!("{alias}.{}", d.ident(c)),
                None => d.ident(name),
            },
            E::Text(s) => d.text(s),
            E::Int(n) => n.to_string(),
            E::Null(ty) => format!("CAST(NULL AS {})", d.ty(*ty)),
            E::Op(o, a, b) => format!("({} {o} {})", r(a), r(b)),
            E::Not(a) => format!("(NOT {})", r(a)),
            E::IsNull(a) => format!("({} IS NULL)", r(a)),
            E::Case(arms, otherwise) => {
                let mut s = String::from("CASE");
                for (c, v) in arms {
                    let _ = write!(s, " WHEN {} THEN {}", r(c), r(v));
                }
                let _ = write!(s, " ELSE {} END", r(otherwise));
                s
            }
            E::In(a, items) => {
                let items: Vec<String> = items.iter().map(r).collect();
                format!("({} IN ({}))", r(a), items.join(", "))
            }
            E::Cast(a, ty) => format!("CAST({} AS {})", r(a), d.ty(*ty)),
            E::RowNumber(part, order) => {
                let part: Vec<String> = part.iter().map(r).collect();
                let order: Vec<String> = order
                    .iter()
                    .map(|(e, desc)| format!("{}{}", r(e), if *desc { " DESC" } else { " ASC" }))
                    .collect();
                let mut s = String::from("row_number() OVER (");
                if !part.is_empty() {
                    let _ = write!(s, "PARTITION BY {} ", part.join(", "));
                }
                let _ = write!(s, "ORDER BY {})", order.join(", "));
                s
            }
            E::CountAll => "count(*)".into(),
            E::Call(f, args) => call_render(d, *f, args),
        }
    }
}

fn call_render(d: Dialect, f: F, args: &[E]) -> String {
    let a: Vec<String> = args.iter().map(|e| e.render(d)).collect();
    let arg = |i: usize| a.get(i).cloned().unwrap_or_default();
    let plain = |name: &str| format!("{name}({})", a.join(", "));
    match f {
        F::Trim => plain("trim"),
        F::Lower => plain("lower"),
        F::Length => plain("length"),
        F::Substr | F::SubstrFrom => plain("substr"),
        F::Lpad => plain("lpad"),
        F::Coalesce => plain("coalesce"),
        F::Abs => plain("abs"),
        F::Round => plain("round"),
        F::Floor => plain("floor"),
        F::Translate => plain("translate"),
        F::Sum => plain("sum"),
        F::Max => plain("max"),
        F::Mod => match d {
            Dialect::BigQuery => plain("MOD"),
            _ => format!("({} % {})", arg(0), arg(1)),
        },
        F::Strpos => match d {
            Dialect::Spark => format!("instr({}, {})", arg(0), arg(1)),
            _ => plain("strpos"),
        },
        F::Matches => match d {
            Dialect::DuckDb => plain("regexp_matches"),
            Dialect::BigQuery => format!("REGEXP_CONTAINS({}, {})", arg(0), arg(1)),
            Dialect::Spark => format!("({} RLIKE {})", arg(0), arg(1)),
            Dialect::DataFusion => format!("({} ~ {})", arg(0), arg(1)),
        },
        F::Extract => match d {
            Dialect::DuckDb | Dialect::Spark => {
                format!("coalesce(regexp_extract({}, {}, 1), '')", arg(0), arg(1))
            }
            Dialect::BigQuery => format!("coalesce(REGEXP_EXTRACT({}, {}), '')", arg(0), arg(1)),
            Dialect::DataFusion => {
                format!("coalesce(regexp_match({}, {})[1], '')", arg(0), arg(1))
            }
        },
        F::ReplaceAll => match d {
            Dialect::DuckDb | Dialect::DataFusion => {
                format!("regexp_replace({}, {}, {}, 'g')", arg(0), arg(1), arg(2))
            }
            Dialect::Spark | Dialect::BigQuery => plain("regexp_replace"),
        },
        F::TryFloat => match d {
            Dialect::DuckDb => format!("TRY_CAST({} AS DOUBLE)", arg(0)),
            Dialect::BigQuery => format!("SAFE_CAST({} AS FLOAT64)", arg(0)),
            Dialect::Spark | Dialect::DataFusion => format!("try_cast({} AS DOUBLE)", arg(0)),
        },
    }
}

/// A table given row by row (all texts).
#[derive(Debug, Clone)]
pub(crate) struct Values {
    pub name: String,
    /// Why it is there, for the comment above it.
    pub about: String,
    pub cols: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

impl Values {
    fn render(&self, d: Dialect, out: &mut String) {
        let cols: Vec<String> = self.cols.iter().map(|c| d.ident(c)).collect();
        let _ = writeln!(out, "-- {}", self.about);
        let _ = write!(out, "{} AS (\n  SELECT * FROM ", self.name);
        let row = |r: &Vec<String>| {
            let cells: Vec<String> = r.iter().map(|c| d.text(c)).collect();
            cells.join(", ")
        };
        match d {
            Dialect::BigQuery => {
                let types: Vec<String> = self.cols.iter().map(|c| format!("{c} STRING")).collect();
                out.push_str("UNNEST([");
                for (i, r) in self.rows.iter().enumerate() {
                    let sep = if i == 0 { "" } else { "," };
                    let _ = write!(out, "{sep}\n    STRUCT<{}>({})", types.join(", "), row(r));
                }
                out.push_str("\n  ])");
            }
            Dialect::Spark => {
                out.push_str("VALUES");
                for (i, r) in self.rows.iter().enumerate() {
                    let sep = if i == 0 { "" } else { "," };
                    let _ = write!(out, "{sep}\n    ({})", row(r));
                }
                let _ = write!(out, "\n  AS v({})", cols.join(", "));
            }
            Dialect::DuckDb | Dialect::DataFusion => {
                out.push_str("(VALUES");
                for (i, r) in self.rows.iter().enumerate() {
                    let sep = if i == 0 { "" } else { "," };
                    let _ = write!(out, "{sep}\n    ({})", row(r));
                }
                let _ = write!(out, "\n  ) AS v({})", cols.join(", "));
            }
        }
        out.push_str("\n)");
    }
}

/// A join of a step to another table.
#[derive(Debug, Clone)]
pub(crate) struct Join {
    pub left: bool,
    pub table: String,
    pub alias: String,
    pub on: E,
}

/// One step: a SELECT (optionally followed by others, UNION ALL).
#[derive(Debug, Clone)]
pub(crate) struct Select {
    pub cols: Vec<(String, E)>,
    /// A step, a mapping table or the source, by name.
    pub from: String,
    pub alias: String,
    pub joins: Vec<Join>,
    pub filter: Vec<E>,
    pub group: Vec<E>,
    pub having: Vec<E>,
    pub distinct: bool,
    pub union_all: Vec<Select>,
    pub order: Vec<(E, bool)>,
}

impl Select {
    pub(crate) fn from(table: &str, alias: &str) -> Select {
        Select {
            cols: Vec::new(),
            from: table.to_owned(),
            alias: alias.to_owned(),
            joins: Vec::new(),
            filter: Vec::new(),
            group: Vec::new(),
            having: Vec::new(),
            distinct: false,
            union_all: Vec::new(),
            order: Vec::new(),
        }
    }

    pub(crate) fn col(mut self, name: &str, e: E) -> Select {
        self.cols.push((name.to_owned(), e));
        self
    }

    pub(crate) fn join(mut self, left: bool, table: &str, alias: &str, on: E) -> Select {
        self.joins.push(Join {
            left,
            table: table.to_owned(),
            alias: alias.to_owned(),
            on,
        });
        self
    }

    pub(crate) fn filter(mut self, e: E) -> Select {
        self.filter.push(e);
        self
    }

    fn render(&self, d: Dialect, indent: &str, out: &mut String) {
        let _ = write!(
            out,
            "{indent}SELECT {}",
            if self.distinct { "DISTINCT " } else { "" }
        );
        for (i, (name, e)) in self.cols.iter().enumerate() {
            let sep = if i == 0 { "" } else { "," };
            let _ = write!(out, "{sep}\n{indent}  {} AS {}", e.render(d), d.ident(name));
        }
        let _ = write!(out, "\n{indent}FROM {} AS {}", self.from, self.alias);
        for j in &self.joins {
            let kind = if j.left { "LEFT JOIN" } else { "JOIN" };
            let _ = write!(
                out,
                "\n{indent}{kind} {} AS {} ON {}",
                j.table,
                j.alias,
                j.on.render(d)
            );
        }
        let list = |items: &[E]| -> Vec<String> { items.iter().map(|e| e.render(d)).collect() };
        if !self.filter.is_empty() {
            let _ = write!(
                out,
                "\n{indent}WHERE {}",
                list(&self.filter).join(&format!("\n{indent}  AND "))
            );
        }
        if !self.group.is_empty() {
            let _ = write!(out, "\n{indent}GROUP BY {}", list(&self.group).join(", "));
        }
        if !self.having.is_empty() {
            let _ = write!(out, "\n{indent}HAVING {}", list(&self.having).join(" AND "));
        }
        for other in &self.union_all {
            let _ = writeln!(out, "\n{indent}UNION ALL");
            other.render(d, indent, out);
        }
        if !self.order.is_empty() {
            let order: Vec<String> = self
                .order
                .iter()
                .map(|(e, desc)| {
                    let dir = if *desc { "DESC" } else { "ASC" };
                    format!("{} {dir} NULLS FIRST", e.render(d))
                })
                .collect();
            let _ = write!(out, "\n{indent}ORDER BY {}", order.join(", "));
        }
    }
}

/// A whole query: statements to run before it (DataFusion's external
/// tables), a comment, mapping tables and steps, and the final select.
#[derive(Debug, Clone)]
pub(crate) struct Query {
    pub comment: Vec<String>,
    pub before: Vec<String>,
    /// The source step, rendered per dialect by the caller.
    pub source: (String, String),
    pub tables: Vec<Values>,
    pub steps: Vec<(String, String, Select)>,
    pub last: Select,
}

impl Select {
    /// The steps, mapping tables and source this select reads, once per
    /// reference (joins and the members of a UNION ALL included).
    #[cfg(feature = "datafusion")]
    fn reads(&self) -> Vec<&str> {
        let mut out = vec![self.from.as_str()];
        out.extend(self.joins.iter().map(|j| j.table.as_str()));
        for u in &self.union_all {
            out.extend(u.reads());
        }
        out
    }
}

impl Query {
    /// The common table expressions every stage starts with: the source
    /// rows and the mapping tables.
    fn inputs(&self, d: Dialect) -> Vec<String> {
        let mut defs = vec![format!(
            "-- {}\nsource_rows AS (\n{}\n)",
            self.source.0, self.source.1
        )];
        for t in &self.tables {
            let mut out = String::new();
            t.render(d, &mut out);
            defs.push(out);
        }
        defs
    }

    /// One step as a common table expression, `name AS (…)`, with its
    /// comment.
    fn step_def(d: Dialect, name: &str, about: &str, s: &Select) -> String {
        let mut out = format!("-- {about}\n{name} AS (\n");
        s.render(d, "  ", &mut out);
        out.push_str("\n)");
        out
    }

    /// The query as stages, for an engine that computes a common table
    /// expression again at every reference to it (DataFusion inlines
    /// them): each step read more than once is a stage of its own,
    /// `(Some(name), sql)`, whose result the caller keeps as a table named
    /// `name` before running the stages after it; the last stage, `(None,
    /// sql)`, gives the result. Run in order they give what
    /// [`Query::render`] gives, with each step computed once. (Without
    /// this, the event rows were parsed once per reference to them, and
    /// mediation's steps more often still.)
    ///
    /// The step the result is selected from is a stage too, so that the
    /// last stage's joins have the memory pool to themselves (at ten
    /// million events under an 8 GB limit they could not get their build
    /// side while the evidence was still being ranked).
    ///
    /// The last stage has no `ORDER BY`: the table's reader sorts its rows
    /// ([`PairPeriods`](crate::ingest::PairPeriods) is sorted however it
    /// was made), and DataFusion's sort of the joined result asked its
    /// memory pool for many times the data's size (6.5 GB for a million
    /// events under a 4 GB limit, so `--memory-limit` failed), the
    /// accounting apache/datafusion#12136 describes.
    #[cfg(feature = "datafusion")]
    pub(crate) fn stages(&self, d: Dialect) -> Vec<(Option<String>, String)> {
        let mut reads: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for s in self
            .steps
            .iter()
            .map(|(_, _, s)| s)
            .chain(std::iter::once(&self.last))
        {
            for r in s.reads() {
                *reads.entry(r).or_default() += 1;
            }
        }
        let mut defs = self.inputs(d);
        let mut stages = Vec::new();
        for (name, about, s) in &self.steps {
            let def = Query::step_def(d, name, about, s);
            if reads.get(name.as_str()).copied().unwrap_or(0) > 1 || *name == self.last.from {
                let sql = format!("WITH\n{},\n{def}\nSELECT * FROM {name}", defs.join(",\n"));
                stages.push((Some(name.clone()), sql));
            } else {
                defs.push(def);
            }
        }
        let mut last = format!("WITH\n{}\n", defs.join(",\n"));
        let unordered = Select {
            order: Vec::new(),
            ..self.last.clone()
        };
        unordered.render(d, "", &mut last);
        stages.push((None, last));
        stages
    }

    pub(crate) fn render(&self, d: Dialect) -> String {
        let mut out = String::new();
        for line in &self.comment {
            if line.is_empty() {
                out.push_str("--\n");
            } else {
                let _ = writeln!(out, "-- {line}");
            }
        }
        for statement in &self.before {
            let _ = writeln!(out, "{statement};\n");
        }
        let mut defs = self.inputs(d);
        defs.extend(
            self.steps
                .iter()
                .map(|(name, about, s)| Query::step_def(d, name, about, s)),
        );
        let _ = writeln!(out, "WITH\n{}", defs.join(",\n"));
        self.last.render(d, "", &mut out);
        out.push_str(";\n");
        out
    }
}
