//! `tiegraph ingest`: options in, the library's ingest, the dataset
//! saved, a summary out.

use serde_json::json;
use tiegraph::ingest::cow::{cow_file, read_states, CowLayout, CowOptions, SameSide};
use tiegraph::ingest::{
    expand_inputs, ingest, ingest_pair_periods, stage1_sql, ActorMap, ActorMode, DateField, Dedup,
    Dialect, Family, IngestError, IngestOptions, Period, Summary,
};

use super::selector;
use crate::cli::{
    ActorsArg, DateArg, DedupArg, DialectArg, EngineArg, Format, IngestArgs, InputArg, PeriodArg,
    SameSideArg,
};
use crate::out::{Output, Table};
use crate::Failure;

fn failure(e: IngestError) -> Failure {
    match e {
        IngestError::Usage(m) => Failure::Usage(m),
        other => Failure::Data(other.to_string()),
    }
}

fn options(args: &IngestArgs, family: Family) -> Result<IngestOptions, Failure> {
    let mut o = IngestOptions::new(family);
    o.actors = match args.actors {
        ActorsArg::Country => ActorMode::Country,
        ActorsArg::Group => ActorMode::Group,
    };
    o.keep_regions = args.keep_regions;
    if let Some(path) = &args.actor_map {
        let name = path.display().to_string();
        let file = std::fs::File::open(path)
            .map_err(|e| Failure::Data(format!("{name}: cannot read the file: {e}")))?;
        o.actor_map = ActorMap::from_csv(std::io::BufReader::new(file), &name).map_err(failure)?;
    }
    o.dedup = match args.dedup {
        DedupArg::Day => Dedup::Day,
        DedupArg::None => Dedup::None,
    };
    o.date = match args.date {
        DateArg::Event => DateField::Event,
        DateArg::Added => DateField::Added,
    };
    o.from = args.from.as_deref().map(selector).transpose()?;
    o.to = args.to.as_deref().map(selector).transpose()?;
    o.root_only = args.root_only;
    o.min_mentions = args.min_mentions;
    o.include_one_sided = args.include_one_sided;
    o.period = match args.period {
        PeriodArg::Day => Period::Day,
        PeriodArg::Month => Period::Month,
        PeriodArg::Year => Period::Year,
    };
    o.min_events = args.min_events;
    o.strict = args.strict;
    o.threads = args.threads;
    Ok(o)
}

pub fn run(
    args: &IngestArgs,
    format: Option<Format>,
    phases: tiegraph::PhaseRule,
    out: &Output,
) -> Result<(), Failure> {
    let format = format.unwrap_or(Format::Table);
    if !matches!(format, Format::Table | Format::Json) {
        return Err(Failure::Usage(format!(
            "this command does not write --format {} (it writes table, json)",
            format.name()
        )));
    }
    let cow = match args.input {
        InputArg::CowStates => Some(CowLayout::States),
        InputArg::CowMidb => Some(CowLayout::Midb),
        InputArg::CowAlliance => Some(CowLayout::Alliance),
        _ => None,
    };
    if let Some(layout) = cow {
        return run_cow(args, layout, format, phases, out);
    }
    if args.states.is_some() || args.same_side.is_some() {
        return Err(Failure::Usage(
            "--states and --same-side are options of the COW inputs (cow-midb, cow-alliance)"
                .into(),
        ));
    }
    let family = match args.input {
        InputArg::Gdelt1 => Family::Gdelt1,
        InputArg::Gdelt2 => Family::Gdelt2,
        InputArg::Icews => Family::Icews,
        InputArg::Ucdp => Family::Ucdp,
        InputArg::Acled => Family::Acled,
        InputArg::PairPeriods => Family::Gdelt2,
        InputArg::CowStates | InputArg::CowMidb | InputArg::CowAlliance => {
            unreachable!("handled above")
        }
    };
    let options = options(args, family)?;
    if args.print_sql {
        return print_sql(args, &options, out);
    }
    let Some(dir) = &args.out else {
        return Err(Failure::Usage("--out DIR is needed".into()));
    };
    if args.engine == EngineArg::Builtin
        && (args.memory_limit.is_some() || args.spill_dir.is_some())
    {
        return Err(Failure::Usage(
            "--memory-limit and --spill-dir are for --engine datafusion".into(),
        ));
    }
    let done = if args.engine == EngineArg::Datafusion {
        if args.input == InputArg::PairPeriods {
            return Err(Failure::Usage(
                "--engine runs stage 1: not with --input pair-periods".into(),
            ));
        }
        datafusion(args, &options)
    } else if args.input == InputArg::PairPeriods {
        let files = expand_inputs(&args.files).map_err(failure)?;
        if args.pair_periods.is_some() {
            return Err(Failure::Usage(
                "--pair-periods writes stage 1's table: not with --input pair-periods".into(),
            ));
        }
        ingest_pair_periods(&files, &options)
    } else {
        let files = expand_inputs(&args.files).map_err(failure)?;
        options.check().and_then(|()| ingest(&files, &options))
    }
    .map_err(failure)?;
    done.dataset.save_dir(dir)?;
    if let Some(path) = &args.pair_periods {
        if tiegraph::ingest::is_parquet(&path.display().to_string()) {
            // ArrowWriter needs a writer it may send: the table is small.
            let mut bytes = Vec::new();
            done.pair_periods
                .write_parquet(&mut bytes)
                .map_err(|e| Failure::Data(format!("{}: {e}", path.display())))?;
            tiegraph::write_atomic_with(path, |w| w.write_all(&bytes))?;
        } else {
            tiegraph::write_atomic_with(path, |w| done.pair_periods.write_csv(w))?;
        }
    }
    let summary = done.summary.clone();
    // Leaked on purpose, as loaded datasets are: the process ends after
    // one command, and freeing every table row one by one would only slow
    // the exit (a tenth of the time on a million rows).
    std::mem::forget(done);
    match format {
        Format::Json => out.json(&json!({
            "input": args.input.to_possible_value_name(),
            "out": dir.display().to_string(),
            "summary": &summary,
        })),
        _ => out.text(table(&summary).render(out.color())),
    }
}

/// `--input cow-*`: one COW file, read by its importer (its own rules,
/// `docs/ingest.md`), the dataset saved.
fn run_cow(
    args: &IngestArgs,
    layout: CowLayout,
    format: Format,
    phases: tiegraph::PhaseRule,
    out: &Output,
) -> Result<(), Failure> {
    let Some(dir) = &args.out else {
        return Err(Failure::Usage("--out DIR is needed".into()));
    };
    let [file] = args.files.as_slice() else {
        return Err(Failure::Usage(
            "a COW input is one file (the state list goes in --states)".into(),
        ));
    };
    if args.print_sql || args.pair_periods.is_some() {
        return Err(Failure::Usage(
            "--print-sql and --pair-periods are for event files, not COW inputs".into(),
        ));
    }
    if layout == CowLayout::States && args.states.is_some() {
        return Err(Failure::Usage(
            "--input cow-states reads the state list itself: no --states".into(),
        ));
    }
    if layout != CowLayout::Midb && args.same_side.is_some() {
        return Err(Failure::Usage("--same-side is for --input cow-midb".into()));
    }
    let mut options = CowOptions::default();
    options.phases = phases;
    options.strict = args.strict;
    if let Some(path) = &args.actor_map {
        let name = path.display().to_string();
        let file = std::fs::File::open(path)
            .map_err(|e| Failure::Data(format!("{name}: cannot read the file: {e}")))?;
        options.actor_map =
            ActorMap::from_csv(std::io::BufReader::new(file), &name).map_err(failure)?;
    }
    if let Some(SameSideArg::Cooperation) = args.same_side {
        options.same_side = SameSide::Cooperation;
    }
    if let Some(states) = &args.states {
        options.states = Some(read_states(states, &options).map_err(failure)?);
    }
    let done = match cow_file(layout, std::path::Path::new(file), &options) {
        Err(IngestError::Invalid(problems)) => {
            if phases == tiegraph::PhaseRule::Strict {
                eprintln!(
                    "note: COW spells can outlast a state's membership; --phases clip cuts \
                     them to it (docs/ingest.md)"
                );
            }
            return Err(Failure::Problems(problems));
        }
        done => done.map_err(failure)?,
    };
    for w in done.dataset.warnings() {
        eprintln!("warning: {w}");
    }
    done.dataset.save_dir(dir)?;
    let clipping = done.dataset.clipping();
    match format {
        Format::Json => out.json(&json!({
            "input": args.input.to_possible_value_name(),
            "out": dir.display().to_string(),
            "summary": &done.summary,
            "clipped": clipping.clipped,
            "dropped": clipping.dropped,
        })),
        _ => {
            let mut t = table(&done.summary);
            if clipping.clipped + clipping.dropped > 0 {
                t.row(vec!["ties clipped".into(), clipping.clipped.to_string()]);
                t.row(vec!["ties dropped".into(), clipping.dropped.to_string()]);
            }
            out.text(t.render(out.color()))
        }
    }
}

/// `--engine datafusion`: local inputs expanded as the built-in engine
/// expands them (URLs left to DataFusion).
#[cfg(feature = "datafusion")]
fn datafusion(
    args: &IngestArgs,
    options: &IngestOptions,
) -> Result<tiegraph::ingest::Ingested, IngestError> {
    let mut inputs = Vec::new();
    for f in &args.files {
        if f.contains("://") {
            inputs.push(f.clone());
        } else {
            let local = expand_inputs(std::slice::from_ref(f))?;
            inputs.extend(local.iter().map(|p| p.display().to_string()));
        }
    }
    let engine = tiegraph::ingest::EngineOptions::new()
        .memory_limit(args.memory_limit)
        .spill_dir(args.spill_dir.clone())
        .threads(args.threads);
    tiegraph::ingest::ingest_datafusion(&inputs, options, &engine)
}

#[cfg(not(feature = "datafusion"))]
fn datafusion(
    _: &IngestArgs,
    _: &IngestOptions,
) -> Result<tiegraph::ingest::Ingested, IngestError> {
    Err(IngestError::Usage(
        "this tiegraph was built without DataFusion: build it with `--features datafusion`".into(),
    ))
}

/// `--print-sql`: stage 1 as SQL on standard output.
fn print_sql(args: &IngestArgs, options: &IngestOptions, out: &Output) -> Result<(), Failure> {
    if args.input == InputArg::PairPeriods {
        return Err(Failure::Usage(
            "--print-sql prints stage 1, which reads events: not with --input pair-periods".into(),
        ));
    }
    let dialect = match args.dialect {
        Some(DialectArg::Datafusion) => Dialect::DataFusion,
        Some(DialectArg::Duckdb) => Dialect::DuckDb,
        Some(DialectArg::Spark) => Dialect::Spark,
        Some(DialectArg::Bigquery) => Dialect::BigQuery,
        None => return Err(Failure::Usage("--print-sql needs --dialect".into())),
    };
    let sql = stage1_sql(options, &args.files, dialect).map_err(failure)?;
    out.text(sql)
}

impl InputArg {
    fn to_possible_value_name(self) -> String {
        use clap::ValueEnum;
        self.to_possible_value()
            .map_or_else(String::new, |v| v.get_name().to_owned())
    }
}

/// The summary as a two-column table.
fn table(s: &Summary) -> Table {
    let mut t = Table::new(vec!["what", "count"]);
    let mut row = |what: &str, n: String| t.row(vec![what.to_owned(), n]);
    row("rows read", s.rows_read.to_string());
    row("rows used", s.rows_used.to_string());
    row("rows skipped", s.skipped.total().to_string());
    for (reason, n) in s.skipped.iter() {
        row(
            &format!("  {}", reason.name().replace('_', " ")),
            n.to_string(),
        );
    }
    row("pairs", s.pairs.to_string());
    row("pair-periods", s.pair_periods.to_string());
    row("table rows", s.table_rows.to_string());
    row("ties", s.ties.to_string());
    row("actors", s.actors.to_string());
    row("sources", s.sources.to_string());
    row("seconds", format!("{:.2}", s.seconds));
    t
}
