//! Stage 1 as SQL: `tiegraph ingest --print-sql`. The rules are one
//! [`model`] query built by [`rules`]; each dialect only spells it.

mod model;
mod rules;

pub use self::model::Dialect;
use self::model::Query;
#[cfg(feature = "datafusion")]
pub(crate) use self::rules::gdelt_columns;

use super::{Family, IngestError, IngestOptions};

/// What the SQL of a dialect cannot do exactly as the built-in engine.
fn differences(o: &IngestOptions, d: Dialect) -> Vec<String> {
    let mut out = vec![
        "Differences from the built-in engine (docs/ingest.md, \"Stage 1 as SQL\"):".to_owned(),
        "- tables have no row order: of duplicate events (--dedup day) the one with the \
         smallest event id is counted, and an actor's name is the one its event with the \
         smallest id gives; the built-in engine takes the first in file order (the same on \
         GDELT, whose ids grow with the files)."
            .to_owned(),
        "- a name with no letter or digit makes no actor id (the built-in engine makes \
         X and a hash of it): such a side counts as missing."
            .to_owned(),
        "- rows the reader cannot split into the layout's columns are dropped by the \
         reader (skipped and counted by the built-in engine); .zip is not read."
            .to_owned(),
    ];
    if o.family == Family::Gdelt1 {
        out.push(
            "- GDELT 1.0 is read with its 58 columns: the back-file before April 2013 \
             (57 columns, no SOURCEURL) needs its own reading."
                .to_owned(),
        );
    }
    if matches!(o.family, Family::Icews | Family::Ucdp | Family::Acled) {
        out.push(format!(
            "- the columns {} must all be in the header (the built-in engine lets the \
             optional ones be absent).",
            rules::needed_columns(o).join(", ")
        ));
    }
    match d {
        Dialect::DataFusion => out.push(
            "- DataFusion's CSV reader quotes with '\"' and fails on a row with another \
             number of fields: GDELT and ICEWS text holding '\"' must be read as it is \
             by the built-in engine."
                .to_owned(),
        ),
        Dialect::Spark => out.push(
            "- Spark: run with spark.sql.ansi.enabled=false or true alike (every cast that \
             may fail is try_cast); Spark 3.4 or later."
                .to_owned(),
        ),
        Dialect::BigQuery | Dialect::DuckDb => {}
    }
    out
}

/// Stage 1 (events → pair-periods) as SQL in a dialect: over the `files`
/// given, or a table named `events` (BigQuery, GDELT: GDELT's public
/// tables). The result has the pair-periods table's columns
/// ([`super::PAIR_PERIOD_COLUMNS`]), in order.
///
/// # Errors
///
/// [`IngestError::Usage`] for options that do not apply to the family,
/// `strict` (SQL skips bad rows), or files given to BigQuery (which reads
/// tables).
///
/// # Example
///
/// ```
/// use tiegraph::ingest::{stage1_sql, Dialect, Family, IngestOptions};
///
/// let sql = stage1_sql(&IngestOptions::new(Family::Gdelt2), &[], Dialect::BigQuery)?;
/// assert!(sql.contains("`gdelt-bq.gdeltv2.events`"));
/// # Ok::<(), tiegraph::ingest::IngestError>(())
/// ```
pub fn stage1_sql(
    options: &IngestOptions,
    files: &[String],
    dialect: Dialect,
) -> Result<String, IngestError> {
    Ok(stage1_query(options, files, dialect, "events")?.render(dialect))
}

/// [`stage1_sql`] for DataFusion over a table named `input` (not
/// `events`, which is a step's name), as stages ([`Query::stages`]): every
/// step read more than once is computed once and kept as a table of its
/// name.
#[cfg(feature = "datafusion")]
pub(crate) fn stage1_stages(
    options: &IngestOptions,
    input: &str,
) -> Result<Vec<(Option<String>, String)>, IngestError> {
    Ok(stage1_query(options, &[], Dialect::DataFusion, input)?.stages(Dialect::DataFusion))
}

/// The query [`stage1_sql`] renders; without files it reads the table
/// `table`.
fn stage1_query(
    options: &IngestOptions,
    files: &[String],
    dialect: Dialect,
    table: &str,
) -> Result<Query, IngestError> {
    options.check()?;
    if options.strict {
        return Err(IngestError::Usage(
            "--strict does not go with --print-sql: the SQL skips bad rows".into(),
        ));
    }
    if dialect == Dialect::BigQuery && !files.is_empty() {
        return Err(IngestError::Usage(
            "BigQuery reads tables, not files: load the files into a table named events \
             (or, for GDELT, name no file to read GDELT's public tables)"
                .into(),
        ));
    }
    if let Some(zip) = files
        .iter()
        .find(|f| f.to_ascii_lowercase().ends_with(".zip"))
    {
        return Err(IngestError::Usage(format!(
            "{zip}: SQL engines do not read .zip files (unzip it, or gzip it)"
        )));
    }
    let mut query = rules::query(options);
    let needed = rules::needed_columns(options);
    let cols: Vec<String> = needed.iter().map(|c| dialect.ident(c)).collect();
    let family = options.family;
    let mut comment = vec![
        format!(
            "tiegraph {} stage 1 (events -> pair-periods) for {} in {}'s SQL.",
            env!("CARGO_PKG_VERSION"),
            family.name(),
            dialect.name()
        ),
        "Its result has the columns of the pair-periods table (docs/ingest.md): save it as \
         CSV with a header and run stage 2 with `tiegraph ingest --input pair-periods FILE`."
            .to_owned(),
        String::new(),
    ];
    let text = |s: &str| dialect.text(s);
    let tab = text("\t");
    let (about, body) = match (dialect, files.is_empty()) {
        (Dialect::DuckDb, false) => {
            let list: Vec<String> = files.iter().map(|f| text(f)).collect();
            let options = if family.is_gdelt() {
                let columns: Vec<String> = rules::gdelt_columns(family)
                    .iter()
                    .map(|c| format!("{}: 'VARCHAR'", text(c)))
                    .collect();
                format!(
                    "delim={tab}, header=false, quote='', escape='', auto_detect=false, \
                     columns={{{}}}, ignore_errors=true",
                    columns.join(", ")
                )
            } else if family == Family::Icews {
                format!(
                    "delim={tab}, header=true, quote='', escape='', all_varchar=true, \
                     ignore_errors=true"
                )
            } else {
                "delim=',', header=true, quote='\"', escape='\"', all_varchar=true, \
                 ignore_errors=true"
                    .to_owned()
            };
            (
                "the files (plain or .gz)".to_owned(),
                format!(
                    "  SELECT {} FROM read_csv([{}], {options})",
                    cols.join(", "),
                    list.join(", ")
                ),
            )
        }
        (Dialect::DataFusion, false) => {
            for (i, f) in files.iter().enumerate() {
                let mut opts = vec![
                    format!("'format.has_header' '{}'", !family.is_gdelt()),
                    format!(
                        "'format.delimiter' {}",
                        if matches!(family, Family::Ucdp | Family::Acled) {
                            text(",")
                        } else {
                            tab.clone()
                        }
                    ),
                ];
                if f.to_ascii_lowercase().ends_with(".gz") {
                    opts.push("'format.compression' 'gzip'".to_owned());
                }
                let schema = if family.is_gdelt() {
                    let c: Vec<String> = rules::gdelt_columns(family)
                        .iter()
                        .map(|c| format!("{} VARCHAR", dialect.ident(c)))
                        .collect();
                    format!(" ({})", c.join(", "))
                } else {
                    String::new()
                };
                query.before.push(format!(
                    "CREATE EXTERNAL TABLE events_{i}{schema} STORED AS CSV LOCATION {} \
                     OPTIONS ({})",
                    text(f),
                    opts.join(", ")
                ));
            }
            let selects: Vec<String> = (0..files.len())
                .map(|i| format!("  SELECT {} FROM events_{i}", cols.join(", ")))
                .collect();
            (
                "the files, as external tables".to_owned(),
                selects.join("\n  UNION ALL\n"),
            )
        }
        (Dialect::Spark, false) => {
            let list: Vec<String> = files.iter().map(|f| format!("{f:?}")).collect();
            comment.push("Read the files first (PySpark), then run this SQL:".to_owned());
            if family.is_gdelt() {
                let schema: Vec<String> = rules::gdelt_columns(family)
                    .iter()
                    .map(|c| format!("{c} STRING"))
                    .collect();
                comment.push(format!(
                    "  spark.read.csv([{}], sep='\\t', header=False, quote='', \
                     mode='DROPMALFORMED', schema='{}').createOrReplaceTempView('events')",
                    list.join(", "),
                    schema.join(", ")
                ));
            } else {
                let (sep, quote) = if family == Family::Icews {
                    ("\\t", "''")
                } else {
                    (",", "'\"'")
                };
                comment.push(format!(
                    "  spark.read.csv([{}], sep='{sep}', header=True, quote={quote}, \
                     escape={quote}, multiLine=True, mode='DROPMALFORMED', \
                     inferSchema=False).createOrReplaceTempView('events')",
                    list.join(", ")
                ));
            }
            comment.push(String::new());
            (
                "the view `events` made above".to_owned(),
                format!("  SELECT {} FROM events", cols.join(", ")),
            )
        }
        (Dialect::BigQuery, true) if family.is_gdelt() => {
            let table = if family == Family::Gdelt2 {
                "gdelt-bq.gdeltv2.events"
            } else {
                "gdelt-bq.full.events"
            };
            (
                format!("GDELT's public table {table}"),
                format!("  SELECT {} FROM {}", cols.join(", "), dialect.ident(table)),
            )
        }
        _ => (
            format!(
                "the table `{table}`, with {}",
                if family.is_gdelt() {
                    "GDELT's column names"
                } else {
                    "the provider's header names"
                }
            ),
            format!("  SELECT {} FROM {table}", cols.join(", ")),
        ),
    };
    comment.extend(differences(options, dialect));
    comment.push(String::new());
    query.comment = comment;
    query.source = (about, body);
    Ok(query)
}
