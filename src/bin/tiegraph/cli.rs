//! Command-line arguments (clap derive).
//!
//! (Over 600 lines: every command's arguments and their help texts, as
//! declarations; there is no logic to split.)

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::error::ErrorKind;
use clap::{Arg, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

/// How relationships between political actors change over time.
///
/// Every command reads the embedded Afghanistan–Pakistan dataset (2020–2026)
/// unless --data names a folder of CSV files or a JSON dataset.
#[derive(Debug, Parser)]
#[command(
    name = "tiegraph",
    version,
    propagate_version = true,
    max_term_width = 100
)]
#[command(after_help = "Examples:\n  \
    tiegraph snapshot --at 2026-03-01\n  \
    tiegraph diff --from 2021-01-01 --to 2026-03-01\n  \
    tiegraph timeline --from 2021 --to 2026 --out diagrams\n  \
    tiegraph history PAK TAL\n  \
    tiegraph validate --data my-dataset/")]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command accepts, before or after the subcommand.
#[derive(Debug, Args)]
pub struct Global {
    /// A dataset folder (actors.csv, ties.csv, sources.csv) or a JSON dataset file
    /// [default: the embedded dataset]
    #[arg(
        long,
        global = true,
        value_name = "DIR|FILE",
        help_heading = "Input and output"
    )]
    pub data: Option<PathBuf>,
    /// Ties in force while one of their actors is not: an error (strict), or
    /// cut to their actors' phases with a warning each (clip)
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "RULE",
        default_value = "strict",
        help_heading = "Input and output"
    )]
    pub phases: Phases,
    /// Output format (not every command has every format: see each command's --help)
    /// [default: table; html for report; export needs one]
    #[arg(
        long,
        short = 'f',
        global = true,
        value_enum,
        value_name = "FORMAT",
        help_heading = "Input and output"
    )]
    pub format: Option<Format>,
    /// Never shorten table cells to fit the terminal
    #[arg(long, global = true, help_heading = "Input and output")]
    pub wide: bool,
    /// Write to FILE (atomically) instead of standard output
    #[arg(
        long,
        short = 'o',
        global = true,
        value_name = "FILE",
        help_heading = "Input and output"
    )]
    pub output: Option<PathBuf>,
}

/// `--phases`: [`tiegraph::PhaseRule`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Phases {
    /// A tie outside its actors' phases is an error
    Strict,
    /// Ties are cut to their actors' phases (or dropped), each with a warning
    Clip,
}

impl From<Phases> for tiegraph::PhaseRule {
    fn from(p: Phases) -> tiegraph::PhaseRule {
        match p {
            Phases::Strict => tiegraph::PhaseRule::Strict,
            Phases::Clip => tiegraph::PhaseRule::Clip,
        }
    }
}

impl Cli {
    /// The command line, with each subcommand's `--format` listing only the
    /// formats that subcommand writes (see [`FORMATS`]).
    pub fn command() -> clap::Command {
        let mut cmd = <Cli as CommandFactory>::command();
        for &(name, formats) in FORMATS {
            cmd = cmd.mut_subcommand(name, |sub| sub.arg(format_arg(formats)));
        }
        // Completions are text for a shell, in no format of ours.
        cmd.mut_subcommand("completions", |sub| sub.arg(format_arg(&[]).hide(true)))
    }

    /// Parses the process's arguments.
    pub fn parse_args() -> Result<Cli, clap::Error> {
        let mut cmd = Cli::command();
        let matches = cmd.try_get_matches_from_mut(std::env::args_os())?;
        Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut cmd))
    }
}

/// The formats each subcommand writes, its default first (`export` has no
/// default). The commands check the same lists when they run
/// (`Ctx::formats`); a test keeps the two in step.
pub const FORMATS: &[(&str, &[Format])] = {
    use Format::*;
    &[
        ("snapshot", &[Table, Json, Csv, Dot, Svg, Png]),
        ("diff", &[Table, Json, Csv, Dot, Svg, Png]),
        ("timeline", &[Table, Json, Csv]),
        ("history", &[Table, Json, Csv, Dot, Svg, Png]),
        ("actors", &[Table, Json, Csv]),
        ("ties", &[Table, Json, Csv]),
        ("balance", &[Table, Json, Csv]),
        ("centrality", &[Table, Json, Csv]),
        ("camps", &[Table, Json, Csv]),
        ("export", &[Gexf, Graphml, Jgf, NodeLink, GephiCsv, Parquet]),
        ("report", &[Html, Md]),
        ("explore", &[Html]),
        ("validate", &[Table, Json]),
        ("ingest", &[Table, Json]),
    ]
};

/// The formats a subcommand writes, its default first (from [`FORMATS`]).
pub fn formats_of(command: &str) -> &'static [Format] {
    FORMATS
        .iter()
        .find(|(name, _)| *name == command)
        .map_or(&[], |(_, formats)| formats)
}

/// A subcommand's own `--format`: the global option (same id, so a value
/// given before the subcommand still counts) with only its formats in the help.
fn format_arg(formats: &'static [Format]) -> Arg {
    let default = match formats.first() {
        Some(Format::Gexf) | None => " (required)".to_owned(),
        Some(f) => format!(" [default: {}]", f.name()),
    };
    Arg::new("format")
        .long("format")
        .short('f')
        .value_name("FORMAT")
        .help(format!("Output format{default}"))
        .help_heading("Input and output")
        .value_parser(FormatParser(formats))
}

/// Parses any [`Format`] (so that a format this command does not write gets
/// the command's own message), but offers only `.0` in help and completions.
#[derive(Clone)]
struct FormatParser(&'static [Format]);

impl TypedValueParser for FormatParser {
    type Value = Format;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Format, clap::Error> {
        // An unknown name's error lists only the visible values.
        let name = PossibleValuesParser::new(self.values()).parse_ref(cmd, arg, value)?;
        Format::from_str(&name, false).map_err(|e| clap::Error::raw(ErrorKind::InvalidValue, e))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.values().into_iter()))
    }
}

impl FormatParser {
    fn values(&self) -> Vec<PossibleValue> {
        Format::value_variants()
            .iter()
            .filter_map(|f| f.to_possible_value().map(|v| v.hide(!self.0.contains(f))))
            .collect()
    }
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for people
    Table,
    /// JSON as docs/format.md specifies
    Json,
    /// CSV with a header row
    Csv,
    /// A Graphviz DOT diagram
    Dot,
    /// An SVG diagram
    Svg,
    /// A PNG diagram
    Png,
    /// GEXF 1.3 for Gephi (export)
    Gexf,
    /// GraphML for networkx, igraph and R (export)
    Graphml,
    /// JSON Graph Format v2 (export)
    Jgf,
    /// networkx/D3 node-link JSON (export)
    NodeLink,
    /// Gephi spreadsheet CSV: edges in FILE, nodes beside it (export)
    GephiCsv,
    /// tiegraph's own tables as Parquet: actors, ties and sources in the folder -o DIR (export)
    Parquet,
    /// One self-contained HTML page (report)
    Html,
    /// Markdown with SVG files beside it (report)
    Md,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Dot => "dot",
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Gexf => "gexf",
            Format::Graphml => "graphml",
            Format::Jgf => "jgf",
            Format::NodeLink => "node-link",
            Format::GephiCsv => "gephi-csv",
            Format::Parquet => "parquet",
            Format::Html => "html",
            Format::Md => "md",
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Actors and ties in force at a date or period
    #[command(after_help = "Examples:\n  \
        tiegraph snapshot --at 2026-03-01\n  \
        tiegraph snapshot --at 2021 --format json\n  \
        tiegraph snapshot --at 2026-03 --focus Pakistan --depth 1 --format svg -o pak.svg")]
    Snapshot(SnapshotArgs),
    /// Pair-by-pair changes between two dates or periods
    #[command(after_help = "Examples:\n  \
        tiegraph diff --from 2021-01-01 --to 2026-03-01\n  \
        tiegraph diff --from 2021 --to 2026 --all --format csv\n  \
        tiegraph diff --from 2021 --to 2026 --format svg -o diff.svg")]
    Diff(DiffArgs),
    /// A series of snapshots with per-step counts, and diagrams with --out
    #[command(after_help = "Examples:\n  \
        tiegraph timeline --from 2021 --to 2026\n  \
        tiegraph timeline --from 2021-01 --to 2026-12 --step 1m --format json\n  \
        tiegraph timeline --from 2021 --to 2026 --out diagrams")]
    Timeline(TimelineArgs),
    /// Every tie between two actors, in time order, with sources
    #[command(after_help = "Examples:\n  \
        tiegraph history PAK TAL\n  \
        tiegraph history pakistan \"afghan taliban\" --format json")]
    History(HistoryArgs),
    /// List actors (with the phase in force when --at is given)
    #[command(after_help = "Examples:\n  \
        tiegraph actors\n  \
        tiegraph actors --at 2021-01-01 --kind group")]
    Actors(ActorsArgs),
    /// List ties, filtered by kind, actor or date
    #[command(after_help = "Examples:\n  \
        tiegraph ties --actor TTP\n  \
        tiegraph ties --at 2025 --kind hostility --format csv")]
    Ties(TiesArgs),
    /// Structural balance: triangles of the signed graph
    #[command(after_help = "Examples:\n  \
        tiegraph balance --at 2026-03-01\n  \
        tiegraph balance --at 2026-03-01 --predict")]
    Balance(BalanceArgs),
    /// Degree, signed degree, betweenness and other centralities; brokers
    #[command(after_help = "Examples:\n  \
        tiegraph centrality --at 2026-03-01\n  \
        tiegraph centrality --at 2021 --format json")]
    Centrality(CentralityArgs),
    /// Camps: the partition that minimises frustration
    #[command(after_help = "Examples:\n  \
        tiegraph camps --at 2026-03-01\n  \
        tiegraph camps --at 2021-01-01 --camps 3 --format json")]
    Camps(CampsArgs),
    /// Export the temporal graph (or one snapshot) for Gephi, networkx, igraph, R or D3
    #[command(after_help = "Examples:\n  \
        tiegraph export --format gexf -o afpak.gexf\n  \
        tiegraph export --format gexf --edges undirected -o for-networkx.gexf\n  \
        tiegraph export --format graphml --at 2026-03-01 -o snapshot.graphml\n  \
        tiegraph export --format gephi-csv -o edges.csv   (nodes go to edges.nodes.csv)")]
    Export(ExportArgs),
    /// A report of what changed over a period: one HTML page, or Markdown with SVGs
    #[command(after_help = "Examples:\n  \
        tiegraph report --from 2021 --to 2026 -o report.html\n  \
        tiegraph report --from 2025-01 --to 2026-02 --step 3m --focus PAK -o pak.html\n  \
        tiegraph report --from 2021 --to 2026 --format md -o report.md   (SVGs go beside it)")]
    Report(ReportArgs),
    /// An interactive explorer: one offline HTML page with a time slider
    #[command(after_help = "Examples:\n  \
        tiegraph explore --from 2021 --to 2026 -o explorer.html\n  \
        tiegraph explore --from 2025-01 --to 2026-02 --min-confidence reported -o recent.html\n\n\
        The page loads nothing from the network; docs/explorer.md describes it.")]
    Explore(ExploreArgs),
    /// Check a dataset and report every problem (exit 0 when clean)
    #[command(after_help = "Examples:\n  \
        tiegraph validate\n  \
        tiegraph validate --data my-dataset/")]
    Validate,
    /// Make a dataset from event files: GDELT 1.0/2.0, ICEWS, UCDP GED, ACLED
    #[command(
        after_help = "Rules: docs/ingest.md. Inputs may be plain, .gz or .zip, and globs.\n\n\
        Examples:\n  \
        tiegraph ingest --input gdelt2 \"events/*.export.CSV\" --out gdelt-ds\n  \
        tiegraph ingest --input ucdp ged.csv --out ucdp-ds --period year --min-events 1\n  \
        tiegraph ingest --input acled acled.csv --out acled-ds --format json\n  \
        tiegraph ingest --input gdelt2 events/a.export.CSV --out ds --pair-periods pp.csv\n  \
        tiegraph ingest --input pair-periods pp.csv --out ds2 --min-events 5\n  \
        tiegraph ingest --print-sql --input gdelt2 --dialect duckdb a.export.CSV > stage1.sql"
    )]
    Ingest(IngestArgs),
    /// Print shell completions
    #[command(after_help = "Examples:\n  \
        tiegraph completions bash > /etc/bash_completion.d/tiegraph\n  \
        tiegraph completions zsh > ~/.zfunc/_tiegraph\n  \
        tiegraph completions fish > ~/.config/fish/completions/tiegraph.fish")]
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
}

/// A date or period: YYYY-MM-DD (one day), YYYY-MM or YYYY (the whole period), or FROM..TO.
#[derive(Debug, Args)]
pub struct AtArgs {
    /// The date or period: YYYY-MM-DD, YYYY-MM, YYYY, or FROM..TO
    #[arg(long, value_name = "SEL")]
    pub at: String,
}

/// Which ties count (rule R5), shared by every command that analyses or
/// lists ties.
#[derive(Debug, Args, Default, Clone, Copy)]
pub struct EvidenceArgs {
    /// Ignore ties below this confidence (alleged < reported < confirmed)
    #[arg(
        long,
        value_enum,
        ignore_case = true,
        value_name = "LEVEL",
        help_heading = "Evidence"
    )]
    pub min_confidence: Option<ConfidenceArg>,
}

/// Confidence levels on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConfidenceArg {
    /// Every tie (the default)
    Alleged,
    /// Ties reported or confirmed: leaves out allegations
    Reported,
    /// Only confirmed ties
    Confirmed,
}

impl From<ConfidenceArg> for tiegraph::Confidence {
    fn from(c: ConfidenceArg) -> Self {
        match c {
            ConfidenceArg::Alleged => tiegraph::Confidence::Alleged,
            ConfidenceArg::Reported => tiegraph::Confidence::Reported,
            ConfidenceArg::Confirmed => tiegraph::Confidence::Confirmed,
        }
    }
}

/// How `export --format gexf` types its edges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EdgesArg {
    /// Undirected graph, support and mediation edges directed (for Gephi)
    Mixed,
    /// Every edge directed, source to target (networkx DiGraph)
    Directed,
    /// Every edge undirected (networkx Graph)
    Undirected,
}

impl From<EdgesArg> for tiegraph::export::GexfEdges {
    fn from(e: EdgesArg) -> Self {
        match e {
            EdgesArg::Mixed => tiegraph::export::GexfEdges::Mixed,
            EdgesArg::Directed => tiegraph::export::GexfEdges::Directed,
            EdgesArg::Undirected => tiegraph::export::GexfEdges::Undirected,
        }
    }
}

#[derive(Debug, Args)]
pub struct CentralityArgs {
    #[command(flatten)]
    pub at: AtArgs,
    #[command(flatten)]
    pub evidence: EvidenceArgs,
}

/// Diagram options shared by the commands that draw.
#[derive(Debug, Args, Default)]
pub struct DiagramArgs {
    /// Draw only this actor and its neighbours (id or name)
    #[arg(long, value_name = "ACTOR", help_heading = "Diagrams")]
    pub focus: Option<String>,
    /// How many steps from --focus to include
    #[arg(
        long,
        default_value_t = 1,
        requires = "focus",
        help_heading = "Diagrams"
    )]
    pub depth: usize,
    /// Only ties of these kinds (repeat or comma-separate)
    #[arg(
        long = "kind",
        value_enum,
        value_delimiter = ',',
        ignore_case = true,
        help_heading = "Diagrams"
    )]
    pub kinds: Vec<KindArg>,
    /// Lay the diagram out left to right instead of top to bottom
    #[arg(long, help_heading = "Diagrams")]
    pub lr: bool,
    /// Leave tie notes out of the SVG tooltips
    #[arg(long, help_heading = "Diagrams")]
    pub no_tooltips: bool,
    /// Render with the system Graphviz `dot` instead of the built-in renderer
    #[arg(long, help_heading = "Diagrams")]
    pub system_dot: bool,
}

#[derive(Debug, Args)]
pub struct SnapshotArgs {
    #[command(flatten)]
    pub at: AtArgs,
    #[command(flatten)]
    pub diagram: DiagramArgs,
    #[command(flatten)]
    pub evidence: EvidenceArgs,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier date or period
    #[arg(long, value_name = "SEL")]
    pub from: String,
    /// The later date or period
    #[arg(long, value_name = "SEL")]
    pub to: String,
    /// Also list the pairs that did not change
    #[arg(long)]
    pub all: bool,
    /// Order of the table's rows: most important change first, or by pair
    #[arg(long, value_enum, default_value_t = DiffSort::Rank)]
    pub sort: DiffSort,
    #[command(flatten)]
    pub diagram: DiagramArgs,
    #[command(flatten)]
    pub evidence: EvidenceArgs,
}

/// Row orders of the diff table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffSort {
    /// By change (flipped, new, ended, shifted, unchanged), then by how much
    /// the pair's day-average moved, then by pair
    Rank,
    /// By the pair's ids
    Pair,
}

#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// The first period (the step containing it is the first step)
    #[arg(long, value_name = "DATE")]
    pub from: String,
    /// The last period (inclusive)
    #[arg(long, value_name = "DATE")]
    pub to: String,
    /// Step length: 1y, 6m, 3m, 1m, …
    #[arg(long, default_value = "1y")]
    pub step: String,
    /// Add the walk-based balance of every step (Estrada and Benzi 2014):
    /// a `walk` column, and `walk` in each step of the JSON
    #[arg(long)]
    pub walk: bool,
    /// Add the camps of every step (K from 2 to 8, 2 when no K is given),
    /// labels kept from step to step where most actors stay, and who
    /// switched sides
    #[arg(long, value_name = "K", num_args = 0..=1, default_missing_value = "2",
          value_parser = clap::value_parser!(u8).range(2..=8))]
    pub camps: Option<u8>,
    /// With --camps: stop each step's search for a proof of optimality
    /// after this many seconds (more than 0, at most 86400) and report the
    /// best camps found with a proven lower bound
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0, value_parser = parse_seconds,
          requires = "camps")]
    pub time_limit: f64,
    /// Write one diagram per step and the first→last diff into DIR
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Diagram files to write with --out (comma-separated)
    #[arg(long, value_enum, value_delimiter = ',', default_value = "dot,svg")]
    pub images: Vec<ImageArg>,
    #[command(flatten)]
    pub diagram: DiagramArgs,
    #[command(flatten)]
    pub evidence: EvidenceArgs,
}

/// Diagram file formats for `timeline --out`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImageArg {
    /// Graphviz source
    Dot,
    /// Scalable vector graphics
    Svg,
    /// PNG image
    Png,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Export the snapshot at this date or period as a static graph
    #[arg(long, value_name = "SEL")]
    pub at: Option<String>,
    /// GEXF only: how edges are typed [default: mixed]; each edge's `directed`
    /// attribute keeps its tie's direction
    #[arg(long, value_enum, ignore_case = true, value_name = "TYPES")]
    pub edges: Option<EdgesArg>,
    #[command(flatten)]
    pub evidence: EvidenceArgs,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The first period (the step containing it is the first step)
    #[arg(long, value_name = "DATE")]
    pub from: String,
    /// The last period (inclusive)
    #[arg(long, value_name = "DATE")]
    pub to: String,
    /// Step length: 1y, 6m, 3m, 1m, …
    #[arg(long, default_value = "1y")]
    pub step: String,
    /// The report's title [default: "How relations changed from FROM to TO"]
    #[arg(long)]
    pub title: Option<String>,
    /// How many camps to split each step into (2 to 8; more than 2 is
    /// generalised balance)
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(2..=8))]
    pub camps: u8,
    /// Stop each step's search for a proof that its camps are optimal
    /// after this many seconds (more than 0, at most 86400) and show the
    /// best camps found, marked "best found"
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0, value_parser = parse_seconds)]
    pub time_limit: f64,
    /// Also write the explorer of the period (`tiegraph explore`) beside the
    /// report, as <REPORT>-explorer.html, and link to it
    #[arg(long)]
    pub interactive: bool,
    #[command(flatten)]
    pub diagram: DiagramArgs,
    #[command(flatten)]
    pub evidence: EvidenceArgs,
}

#[derive(Debug, Args)]
pub struct ExploreArgs {
    /// The first day of the slider: YYYY-MM-DD, or the first day of YYYY-MM or YYYY
    #[arg(long, value_name = "DATE")]
    pub from: String,
    /// The last day of the slider: YYYY-MM-DD, or the last day of YYYY-MM or YYYY
    #[arg(long, value_name = "DATE")]
    pub to: String,
    /// The page's title [default: "Ties from FROM to TO"]
    #[arg(long)]
    pub title: Option<String>,
    #[command(flatten)]
    pub evidence: EvidenceArgs,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// One actor (id or name)
    pub a: String,
    /// The other actor (id or name)
    pub b: String,
    #[command(flatten)]
    pub evidence: EvidenceArgs,
}

#[derive(Debug, Args)]
pub struct ActorsArgs {
    /// Only actors in force at this date or period, shown with the phase in force
    #[arg(long, value_name = "SEL")]
    pub at: Option<String>,
    /// Only actors of this kind
    #[arg(long, value_enum, ignore_case = true)]
    pub kind: Option<ActorKindArg>,
}

#[derive(Debug, Args)]
pub struct TiesArgs {
    /// Only ties in force at this date or period
    #[arg(long, value_name = "SEL")]
    pub at: Option<String>,
    /// Only ties of these kinds (repeat or comma-separate)
    #[arg(long = "kind", value_enum, value_delimiter = ',', ignore_case = true)]
    pub kinds: Vec<KindArg>,
    /// Only ties that involve this actor (id or name)
    #[arg(long, value_name = "ACTOR")]
    pub actor: Option<String>,
    #[command(flatten)]
    pub evidence: EvidenceArgs,
}

#[derive(Debug, Args)]
pub struct BalanceArgs {
    #[command(flatten)]
    pub at: AtArgs,
    /// List open triads whose missing pair balance theory predicts
    #[arg(long, conflicts_with = "count")]
    pub predict: bool,
    /// Only count the balanced and unbalanced triangles (and the ratio);
    /// faster on large networks, where the list runs to millions
    #[arg(long)]
    pub count: bool,
    #[command(flatten)]
    pub evidence: EvidenceArgs,
}

#[derive(Debug, Args)]
pub struct CampsArgs {
    #[command(flatten)]
    pub at: AtArgs,
    /// How many camps to allow (2 to 8; 2 is structural balance, more is
    /// generalised balance)
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(2..=8))]
    pub camps: u8,
    /// Stop the search for a proof of optimality after this many seconds
    /// (more than 0, at most 86400) and report the best camps found, a
    /// proven lower bound and the gap
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0, value_parser = parse_seconds)]
    pub time_limit: f64,
    #[command(flatten)]
    pub evidence: EvidenceArgs,
}

/// A time limit in seconds: finite, positive and at most a day.
fn parse_seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(s) if s.is_finite() && s > 0.0 && s <= 86_400.0 => Ok(s),
        _ => Err(format!("{text:?} is not a number of seconds in (0, 86400]")),
    }
}

/// The limits of the search for camps that `--time-limit SECONDS` asks
/// for: the time only, no node budget, so `camps`, `timeline --camps` and
/// `report` prove the same snapshot optimal alike.
pub fn camps_options(seconds: f64) -> tiegraph::analysis::CampsOptions {
    tiegraph::analysis::CampsOptions {
        time_limit: Some(std::time::Duration::from_secs_f64(seconds)),
        node_budget: None,
    }
}

/// Tie kinds on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Alliance,
    Cooperation,
    Support,
    Tension,
    Hostility,
    Mediation,
}

impl From<KindArg> for tiegraph::TieKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Alliance => tiegraph::TieKind::Alliance,
            KindArg::Cooperation => tiegraph::TieKind::Cooperation,
            KindArg::Support => tiegraph::TieKind::Support,
            KindArg::Tension => tiegraph::TieKind::Tension,
            KindArg::Hostility => tiegraph::TieKind::Hostility,
            KindArg::Mediation => tiegraph::TieKind::Mediation,
        }
    }
}

/// Actor kinds on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ActorKindArg {
    State,
    Group,
    #[value(alias = "organisation")]
    Organization,
}

impl From<ActorKindArg> for tiegraph::ActorKind {
    fn from(k: ActorKindArg) -> Self {
        match k {
            ActorKindArg::State => tiegraph::ActorKind::State,
            ActorKindArg::Group => tiegraph::ActorKind::Group,
            ActorKindArg::Organization => tiegraph::ActorKind::Organization,
        }
    }
}

impl Command {
    /// `--min-confidence`, for the commands that take it.
    pub fn min_confidence(&self) -> Option<tiegraph::Confidence> {
        let evidence = match self {
            Command::Snapshot(a) => a.evidence,
            Command::Diff(a) => a.evidence,
            Command::Timeline(a) => a.evidence,
            Command::History(a) => a.evidence,
            Command::Ties(a) => a.evidence,
            Command::Balance(a) => a.evidence,
            Command::Centrality(a) => a.evidence,
            Command::Camps(a) => a.evidence,
            Command::Export(a) => a.evidence,
            Command::Report(a) => a.evidence,
            Command::Explore(a) => a.evidence,
            Command::Actors(_)
            | Command::Validate
            | Command::Ingest(_)
            | Command::Completions { .. } => EvidenceArgs::default(),
        };
        evidence.min_confidence.map(Into::into)
    }
}

/// The families `ingest --input` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputArg {
    /// GDELT 1.0 events (57 or 58 tab-separated columns, no header)
    Gdelt1,
    /// GDELT 2.0 events (61 tab-separated columns, no header)
    Gdelt2,
    /// ICEWS events (tab-separated, with a header)
    Icews,
    /// UCDP Georeferenced Event Dataset (CSV with a header)
    Ucdp,
    /// ACLED (CSV with a header)
    Acled,
    /// A pair-periods table written with --pair-periods (stage 2 only)
    PairPeriods,
    /// COW state system membership list (states2016.csv): actors with phases
    CowStates,
    /// COW participant-level disputes (MIDB 5.0): directed hostility
    CowMidb,
    /// COW dyadic formal alliances (alliance_v4.1_by_dyad.csv)
    CowAlliance,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// What the files are
    #[arg(long, value_enum, value_name = "FAMILY")]
    pub input: InputArg,
    /// Event files (plain, .gz or .zip) or globs
    #[arg(required_unless_present = "print_sql", value_name = "FILE")]
    pub files: Vec<String>,
    /// The dataset folder to write (actors.csv, ties.csv, sources.csv)
    #[arg(long, value_name = "DIR", required_unless_present = "print_sql")]
    pub out: Option<PathBuf>,
    /// Print stage 1 as SQL (over the FILEs, or a table named events) instead of running it
    #[arg(long, requires = "dialect", conflicts_with_all = ["out", "pair_periods"])]
    pub print_sql: bool,
    /// The SQL dialect of --print-sql
    #[arg(long, value_enum, value_name = "DIALECT", requires = "print_sql")]
    pub dialect: Option<DialectArg>,
    /// Also write stage 1's pair-periods table (CSV) to FILE
    #[arg(long, value_name = "FILE")]
    pub pair_periods: Option<PathBuf>,
    /// CAMEO sides as countries or as known groups (else their country)
    #[arg(long, value_enum, default_value_t = ActorsArg::Country, help_heading = "Actors")]
    pub actors: ActorsArg,
    /// Keep events with a CAMEO region or territory on a side
    #[arg(long, help_heading = "Actors")]
    pub keep_regions: bool,
    /// CSV `code,id,name,kind` mapping provider codes to actors
    #[arg(long, value_name = "FILE", help_heading = "Actors")]
    pub actor_map: Option<PathBuf>,
    /// Count events equal in day, actors and code once, or every row
    #[arg(long, value_enum, default_value_t = DedupArg::Day, help_heading = "Events")]
    pub dedup: DedupArg,
    /// GDELT: the event's date (SQLDATE) or the date it was added (DATEADDED)
    #[arg(long, value_enum, default_value_t = DateArg::Event, help_heading = "Events")]
    pub date: DateArg,
    /// Only events from this date or period on
    #[arg(long, value_name = "SEL", help_heading = "Events")]
    pub from: Option<String>,
    /// Only events up to this date or period (inclusive)
    #[arg(long, value_name = "SEL", help_heading = "Events")]
    pub to: Option<String>,
    /// GDELT: only root events
    #[arg(long, help_heading = "Events")]
    pub root_only: bool,
    /// GDELT: only events with at least N mentions
    #[arg(long, value_name = "N", help_heading = "Events")]
    pub min_mentions: Option<u32>,
    /// UCDP: also one-sided violence (type 3) as hostility
    #[arg(long, help_heading = "Events")]
    pub include_one_sided: bool,
    /// The periods events are counted in
    #[arg(long, value_enum, default_value_t = PeriodArg::Month, help_heading = "Ties")]
    pub period: PeriodArg,
    /// The events a kind needs in a period to count
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..), help_heading = "Ties")]
    pub min_events: u32,
    /// Fail on the first bad row (file:line: column) instead of skipping it
    #[arg(long)]
    pub strict: bool,
    /// Parsing threads [default: one per core]
    #[arg(long, value_name = "N", default_value_t = 0, hide_default_value = true)]
    pub threads: usize,
    /// COW: the state system membership list, for actors and their phases
    #[arg(long, value_name = "FILE", help_heading = "Correlates of War")]
    pub states: Option<PathBuf>,
    /// COW disputes: participants on the same side as cooperation (weight 0.2)
    #[arg(
        long,
        value_enum,
        value_name = "AS",
        help_heading = "Correlates of War"
    )]
    pub same_side: Option<SameSideArg>,
    /// Where stage 1 runs: the built-in engine, or Apache DataFusion (a
    /// build with the `datafusion` feature; reads URLs and Parquet too)
    #[arg(long, value_enum, default_value_t = EngineArg::Builtin, help_heading = "Engine")]
    pub engine: EngineArg,
    /// DataFusion: the memory its operators may hold before spilling to
    /// disk (bytes, or with K, M, G)
    #[arg(long, value_name = "SIZE", value_parser = parse_size, help_heading = "Engine")]
    pub memory_limit: Option<usize>,
    /// DataFusion: the folder for spill files [default: the system's temporary folder]
    #[arg(long, value_name = "DIR", help_heading = "Engine")]
    pub spill_dir: Option<PathBuf>,
}

/// `ingest --engine`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    Builtin,
    Datafusion,
}

/// A size in bytes: a number, optionally followed by K, M or G (powers of
/// 1024, case ignored, an optional B after).
fn parse_size(text: &str) -> Result<usize, String> {
    let t = text.trim().to_ascii_uppercase();
    let t = t.strip_suffix('B').unwrap_or(&t);
    let (digits, shift) = match t.chars().last() {
        Some('K') => (&t[..t.len() - 1], 10),
        Some('M') => (&t[..t.len() - 1], 20),
        Some('G') => (&t[..t.len() - 1], 30),
        _ => (t, 0),
    };
    digits
        .trim()
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(1 << shift))
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("{text:?} is not a size (e.g. 512M, 2G)"))
}

/// `ingest --same-side`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SameSideArg {
    Cooperation,
}

/// `ingest --dialect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DialectArg {
    Datafusion,
    Duckdb,
    Spark,
    Bigquery,
}

/// `ingest --actors`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ActorsArg {
    Country,
    Group,
}

/// `ingest --dedup`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DedupArg {
    Day,
    None,
}

/// `ingest --date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DateArg {
    Event,
    Added,
}

/// `ingest --period`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PeriodArg {
    Day,
    Month,
    Year,
}
