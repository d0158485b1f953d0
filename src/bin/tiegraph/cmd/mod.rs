//! One module per subcommand; each parses its arguments, calls the library
//! and writes the result.

mod analysis;
mod data;
mod diagram;
mod diff;
mod explore;
mod export;
mod history;
mod ingest;
mod lists;
mod report;
mod snapshot;
mod timeline;

use std::path::Path;

use tiegraph::{ActorKey, Dataset, Selector};

use crate::cli::{Cli, Command, Format};
use crate::out::Output;
use crate::Failure;

/// What every command gets: the dataset, the output and the format.
pub struct Ctx<'d> {
    pub data: &'d Dataset,
    pub out: Output,
    /// `--format` as given (each command has its own default).
    pub format: Option<Format>,
    /// The `-o` path, for commands that write several files next to it.
    pub output: Option<std::path::PathBuf>,
}

impl Ctx<'_> {
    /// The format to write: `--format`, or the first of `allowed` when none
    /// was given. Rejects a format this command does not have.
    pub fn formats(&self, allowed: &[Format]) -> Result<Format, Failure> {
        let format = self
            .format
            .or(allowed.first().copied())
            .unwrap_or(Format::Table);
        if allowed.contains(&format) {
            Ok(format)
        } else {
            let names: Vec<&str> = allowed.iter().map(|f| f.name()).collect();
            Err(Failure::Usage(format!(
                "this command does not write --format {} (it writes {})",
                format.name(),
                names.join(", ")
            )))
        }
    }

    pub fn actor(&self, text: &str) -> Result<ActorKey, Failure> {
        Ok(self.data.resolve(text)?)
    }
}

pub fn selector(text: &str) -> Result<Selector, Failure> {
    Selector::parse(text).map_err(|e| Failure::Usage(e.to_string()))
}

/// Loads `--data`: a folder of CSV files, a JSON dataset, or tiegraph's own
/// GraphML or JGF export (by the file's extension), with `--phases`.
fn load(path: &Path, phases: tiegraph::PhaseRule) -> Result<Dataset, tiegraph::Error> {
    Dataset::load_with(path, &tiegraph::LoadOptions::new().phases(phases))
}

/// Whether `--data` names a file rather than a folder (by its extension).
fn is_file_name(path: &Path) -> bool {
    path.extension().is_some_and(|e| {
        ["json", "graphml", "jgf"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    })
}

pub fn run(cli: Cli) -> Result<(), Failure> {
    let Cli { global, command } = cli;
    if let Command::Completions { shell } = command {
        let mut cmd = Cli::command();
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut cmd, "tiegraph", &mut buf);
        return Output::new(global.output).bytes(&buf, false);
    }
    // Bad usage is reported before a large dataset is loaded.
    if let Command::Timeline(crate::cli::TimelineArgs { step, from, to, .. })
    | Command::Report(crate::cli::ReportArgs { step, from, to, .. }) = &command
    {
        let step = tiegraph::Step::parse(step).map_err(|e| Failure::Usage(e.to_string()))?;
        // The number of steps is checked before anything is computed: each
        // is a row, a diagram, a chart column.
        if let (Ok(from), Ok(to)) = (tiegraph::Date::parse(from), tiegraph::Date::parse(to)) {
            tiegraph::render::check_steps(step, from, to)
                .map_err(|e| Failure::Usage(e.to_string()))?;
        }
    }
    crate::out::Layout::detect(global.wide, global.output.is_none()).install();
    // Ingest makes a dataset rather than reading one.
    if let Command::Ingest(args) = &command {
        let out = Output::new(global.output.clone());
        return ingest::run(args, global.format, global.phases.into(), &out);
    }
    if let Some(path) = global.data.as_deref().filter(|p| !p.exists()) {
        // One line, not a "cannot read" per expected file.
        let what = if is_file_name(path) { "file" } else { "folder" };
        if matches!(command, Command::Validate) && global.format == Some(Format::Json) {
            let problem = tiegraph::Problem::new(
                tiegraph::Location::file(path.display().to_string()),
                tiegraph::ProblemKind::Io,
                format!("no such {what}"),
            );
            Output::new(global.output.clone()).json(&data::invalid_json(&[problem]))?;
        }
        return Err(Failure::Data(format!("no such {what}: {}", path.display())));
    }
    let data: &Dataset = match &global.data {
        // Leaked on purpose: the process ends after one command, and freeing
        // a million ties one by one would only slow the exit.
        Some(path) => match load(path, global.phases.into()).map_err(tiegraph::Error::into_kind) {
            Ok(d) => {
                // Never silent (rule R6): each clipped or dropped tie.
                for w in d.warnings() {
                    eprintln!("warning: {w}");
                }
                let c = d.clipping();
                if c.clipped + c.dropped > c.warnings.len() {
                    eprintln!(
                        "warning: {} ties clipped and {} dropped in all; the first {} are listed",
                        c.clipped,
                        c.dropped,
                        c.warnings.len()
                    );
                }
                Box::leak(Box::new(d))
            }
            Err(tiegraph::ErrorKind::Invalid(problems)) if matches!(command, Command::Validate) => {
                // The JSON report lists the problems too (docs/format.md);
                // stderr still lists them and the exit code is still 1.
                if global.format == Some(Format::Json) {
                    Output::new(global.output.clone())
                        .json(&data::invalid_json(problems.as_slice()))?;
                }
                return Err(Failure::Problems(problems));
            }
            Err(e) => {
                return Err(Failure::Data(format!(
                    "{e}; run `tiegraph validate --data {}` for the full list",
                    path.display()
                )))
            }
        },
        None => tiegraph::default_dataset(),
    };
    // `--min-confidence`: every command works on the dataset without the
    // weaker ties (leaked as the loaded dataset is).
    let data: &Dataset = match command.min_confidence() {
        Some(min) => match data.with_min_confidence(min) {
            std::borrow::Cow::Borrowed(d) => d,
            std::borrow::Cow::Owned(d) => Box::leak(Box::new(d)),
        },
        None => data,
    };
    let ctx = Ctx {
        data,
        out: Output::new(global.output.clone()),
        format: global.format,
        output: global.output.filter(|p| p.as_os_str() != "-"),
    };
    match command {
        Command::Snapshot(args) => snapshot::run(&ctx, &args),
        Command::Diff(args) => diff::run(&ctx, &args),
        Command::Timeline(args) => timeline::run(&ctx, &args),
        Command::History(args) => history::run(&ctx, &args),
        Command::Actors(args) => lists::actors(&ctx, &args),
        Command::Ties(args) => lists::ties(&ctx, &args),
        Command::Balance(args) => analysis::balance(&ctx, &args),
        Command::Centrality(args) => analysis::centrality(&ctx, &args),
        Command::Camps(args) => analysis::camps(&ctx, &args),
        Command::Export(args) => export::run(&ctx, &args),
        Command::Report(args) => report::run(&ctx, &args),
        Command::Explore(args) => explore::run(&ctx, &args),
        Command::Validate => data::validate(&ctx),
        Command::Ingest(_) | Command::Completions { .. } => Ok(()),
    }
}
