//! The tiegraph command line: parses arguments, calls the library, writes output.
//!
//! Exit codes: 0 ok, 1 bad data or failed analysis, 2 bad usage.

mod cli;
mod cmd;
mod out;

use std::process::ExitCode;

/// Why a command failed, which decides the exit code.
#[derive(Debug)]
pub enum Failure {
    /// Bad arguments (exit 2).
    Usage(String),
    /// Bad data, a failed analysis or an unwritable output (exit 1).
    Data(String),
    /// `validate` found problems: listed one per line (exit 1).
    Problems(tiegraph::Problems),
    /// The reader of our output went away: not an error.
    BrokenPipe,
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else {
            Failure::Data(format!("cannot write output: {e}"))
        }
    }
}

impl From<tiegraph::Error> for Failure {
    /// What the caller typed wrong (a date, a step, an actor, a name) is bad
    /// usage; anything else (bad data, a diagram that cannot be made, an
    /// unwritable output) is a failure of the data or the analysis.
    fn from(e: tiegraph::Error) -> Failure {
        use tiegraph::ErrorKind;
        match e.kind() {
            ErrorKind::Date(_)
            | ErrorKind::Step(_)
            | ErrorKind::UnknownActor { .. }
            | ErrorKind::AmbiguousActor { .. }
            | ErrorKind::Kind(_)
            | ErrorKind::Confidence(_)
            | ErrorKind::ExportFormat(_)
            | ErrorKind::GexfEdges(_)
            | ErrorKind::Renderer(_)
            | ErrorKind::DiagramFormat(_)
            | ErrorKind::RankDir(_) => Failure::Usage(e.to_string()),
            _ => Failure::Data(e.to_string()),
        }
    }
}

fn main() -> ExitCode {
    // A Parquet file the parquet crate panics on is refused with a problem
    // naming it; the panic's own message would only confuse.
    tiegraph::quiet_caught_panics();
    let cli = match cli::Cli::parse_args() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print to stdout and succeed.
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cmd::run(cli) {
        Ok(()) | Err(Failure::BrokenPipe) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Data(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
        Err(Failure::Problems(problems)) => {
            for p in &problems {
                eprintln!("{p}");
            }
            let n = problems.len();
            eprintln!("error: {n} problem{} found", if n == 1 { "" } else { "s" });
            ExitCode::from(1)
        }
    }
}
