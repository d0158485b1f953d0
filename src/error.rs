//! Errors: where a problem is ([`Location`]), what it is ([`Problem`]), and
//! the crate's [`Error`] and its [`ErrorKind`].

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use crate::export::{UnknownFormat, UnknownGexfEdges};
use crate::model::{UnknownConfidence, UnknownKind};
use crate::render::{RenderError, UnknownDiagramFormat, UnknownRankDir, UnknownRenderer};
use crate::time::{DateError, StepError};

/// Where in the input a problem is: file, line and column name.
///
/// Displays as `ties.csv:41: column end` — the prefix of every loader error.
/// JSON documents name the field by its path instead of a column
/// (`dataset.json:12: field ties[3].end`), and so do the records of a
/// [`DatasetBuilder`](crate::DatasetBuilder) (`records: field ties[3].end`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    file: Arc<str>,
    line: Option<u64>,
    column: Option<Box<str>>,
}

impl Location {
    /// A whole file.
    pub fn file(file: impl Into<Arc<str>>) -> Location {
        Location {
            file: file.into(),
            line: None,
            column: None,
        }
    }

    /// The same location on a given line.
    pub fn at_line(mut self, line: u64) -> Location {
        self.line = Some(line);
        self
    }

    /// The same location in a given column (a CSV column name or a JSON field path).
    pub fn in_column(mut self, column: impl Into<Box<str>>) -> Location {
        self.column = Some(column.into());
        self
    }

    /// The file name as given to the loader (`ties.csv`).
    pub fn file_name(&self) -> &str {
        &self.file
    }

    /// The 1-based line where the record starts, if the problem is in one record.
    pub fn line(&self) -> Option<u64> {
        self.line
    }

    /// The column (CSV header name) or field path (JSON), if the problem is in one field.
    pub fn column(&self) -> Option<&str> {
        self.column.as_deref()
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(column) = &self.column {
            // Fields of JSON documents (JSON Graph Format ones too) and of
            // DatasetBuilder records are paths (`ties[3].end`), not columns.
            if self.file.ends_with(".json")
                || self.file.ends_with(".jgf")
                || &*self.file == crate::io::RECORDS_FILE
            {
                write!(f, ": field {column}")?;
            } else {
                write!(f, ": column {column}")?;
            }
        }
        Ok(())
    }
}

/// What kind of problem a [`Problem`] is, for code that reacts to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProblemKind {
    /// A file could not be read.
    Io,
    /// A file is too large or has too many rows or columns.
    TooLarge,
    /// The CSV or JSON syntax is broken (e.g. a row with the wrong number of fields).
    Syntax,
    /// Bytes that are not UTF-8.
    Encoding,
    /// A file has no header row.
    Empty,
    /// A required column is missing from the header.
    MissingColumn,
    /// A column that the format does not know (and that does not start with `x_`).
    UnknownColumn,
    /// A column that appears twice in the header.
    DuplicateColumn,
    /// A required value is empty.
    MissingValue,
    /// An id that breaks the id rules.
    BadId,
    /// A value that is not a date.
    BadDate,
    /// An unknown actor kind or tie kind.
    BadKind,
    /// A weight that is not a number in (0, 1].
    BadWeight,
    /// A `confidence` that is not `confirmed`, `reported` or `alleged`.
    BadConfidence,
    /// A `directed` that is not `true` or `false`.
    BadDirection,
    /// A source `url` that is not an `http(s)` web address.
    BadUrl,
    /// A reference to an actor that does not exist.
    UnknownActor,
    /// A name that matches several actors.
    AmbiguousActor,
    /// A tie from an actor to itself (or a mediation whose `with` is one of its parties).
    SelfTie,
    /// A mediation without its second party.
    MissingWith,
    /// A `with` on a tie that is not a mediation.
    UnexpectedWith,
    /// An end (or `until`) that is not after the start (or `from`).
    EndBeforeStart,
    /// Two phases of one actor that overlap.
    OverlappingPhases,
    /// An id used twice.
    DuplicateId,
    /// A reference to a source that `sources.csv` does not list.
    UnknownSource,
    /// A tie in force while one of its actors is not.
    ActorNotInForce,
}

/// One thing wrong with an input, with its [`Location`].
///
/// Displays as `ties.csv:41: column end: 2025-13-01 is not a date (…)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    location: Location,
    kind: ProblemKind,
    message: String,
}

impl Problem {
    /// Moves the problem `lines` lines down (for a part of a file read with
    /// lines counted from its own start).
    pub(crate) fn shift_line(&mut self, lines: u64) {
        if let Some(line) = &mut self.location.line {
            *line += lines;
        }
    }

    /// A problem at a location.
    pub fn new(location: Location, kind: ProblemKind, message: impl Into<String>) -> Problem {
        Problem {
            location,
            kind,
            message: message.into(),
        }
    }

    /// Where it is.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// What kind of problem it is.
    pub fn kind(&self) -> ProblemKind {
        self.kind
    }

    /// The message without the location.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Every problem found in one input, in file and line order. Never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems(Vec<Problem>);

impl Problems {
    /// Wraps a non-empty list; `None` when there is nothing wrong.
    pub(crate) fn from_vec(problems: Vec<Problem>) -> Option<Problems> {
        (!problems.is_empty()).then_some(Problems(problems))
    }

    /// All problems.
    pub fn as_slice(&self) -> &[Problem] {
        &self.0
    }

    /// How many problems there are (at least one).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always `false`: a `Problems` holds at least one problem.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Iterates over the problems.
    pub fn iter(&self) -> std::slice::Iter<'_, Problem> {
        self.0.iter()
    }
}

impl<'a> IntoIterator for &'a Problems {
    type Item = &'a Problem;
    type IntoIter = std::slice::Iter<'a, Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(first) = self.0.first() else {
            return f.write_str("no problems");
        };
        write!(f, "{first}")?;
        match self.0.len() {
            1 => Ok(()),
            2 => f.write_str(" (and 1 more problem)"),
            n => write!(f, " (and {} more problems)", n - 1),
        }
    }
}

/// The problems as an error: [`DatasetBuilder::build`](crate::DatasetBuilder::build)'s
/// `?` converts into `Box<dyn std::error::Error>`.
impl std::error::Error for Problems {}

impl From<Problems> for Error {
    /// [`ErrorKind::Invalid`].
    fn from(problems: Problems) -> Error {
        ErrorKind::Invalid(problems).into()
    }
}

/// Everything that can go wrong in tiegraph: what went wrong is its
/// [`kind`](Error::kind).
///
/// The error is one pointer wide (its [`ErrorKind`] is boxed), so a
/// [`Result`] stays small however many kinds there are. It is `Send`,
/// `Sync` and `'static`, and displays as its kind does. Every error type of
/// the crate converts into it with `?`: the problems of a dataset, a bad
/// date or step, a diagram that cannot be made, a name that is not a kind.
///
/// # Example
///
/// ```
/// use tiegraph::{Dataset, ErrorKind};
///
/// let dir = std::env::temp_dir().join(format!("tiegraph-doc-error-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("actors.csv"), "id,name,kind\nA,Alpha,state\n")?;
/// std::fs::write(dir.join("ties.csv"), "source,target,kind,start\nA,B,alliance,2025\n")?;
/// let err = Dataset::load_dir(&dir).unwrap_err();
/// match err.kind() {
///     ErrorKind::Invalid(problems) => {
///         for problem in problems {
///             println!("{} ({:?})", problem, problem.kind());
///         }
///         assert!(problems.iter().any(|p| p.message().contains("no actor is called B")));
///     }
///     other => panic!("not a dataset problem: {other}"),
/// }
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Error(Box<ErrorKind>);

/// What went wrong: the kind of an [`Error`].
///
/// New kinds may be added: match with a `_` arm.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A dataset was rejected; every problem found is listed.
    #[error("{0}")]
    Invalid(Problems),
    /// A date or selector given by the caller is malformed.
    #[error(transparent)]
    Date(DateError),
    /// A timeline step given by the caller is malformed.
    #[error(transparent)]
    Step(StepError),
    /// No actor has that id, name or alias.
    #[error(
        "no actor is called {}{}",
        crate::escape::terminal::shown(query),
        did_you_mean(suggestions)
    )]
    UnknownActor {
        /// What the caller typed.
        query: String,
        /// The closest ids, best first.
        suggestions: Vec<String>,
    },
    /// A name or alias that belongs to several actors.
    #[error("{} could be any of {}: use an id", crate::escape::terminal::shown(query), candidates.join(", "))]
    AmbiguousActor {
        /// What the caller typed.
        query: String,
        /// The ids it could mean, sorted.
        candidates: Vec<String>,
    },
    /// Writing an output failed.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file that was being written.
        path: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
    /// A diagram, timeline, chart or report could not be made.
    #[error(transparent)]
    Render(RenderError),
    /// A name that is not an actor kind or a tie kind.
    #[error(transparent)]
    Kind(UnknownKind),
    /// A name that is not a confidence level.
    #[error(transparent)]
    Confidence(UnknownConfidence),
    /// A name that is not an export format.
    #[error(transparent)]
    ExportFormat(UnknownFormat),
    /// A name that is not a kind of GEXF edges.
    #[error(transparent)]
    GexfEdges(UnknownGexfEdges),
    /// A name that is not a renderer.
    #[error(transparent)]
    Renderer(UnknownRenderer),
    /// A name that is not a diagram format.
    #[error(transparent)]
    DiagramFormat(UnknownDiagramFormat),
    /// A name that is not a layout direction.
    #[error(transparent)]
    RankDir(UnknownRankDir),
}

fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!(" (did you mean {}?)", suggestions.join(", "))
    }
}

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// What went wrong, taken out of the error.
    pub fn into_kind(self) -> ErrorKind {
        *self.0
    }

    /// The dataset problems, when this is [`ErrorKind::Invalid`].
    pub fn problems(&self) -> Option<&Problems> {
        match self.kind() {
            ErrorKind::Invalid(p) => Some(p),
            _ => None,
        }
    }

    /// A [`ErrorKind::Write`] error: `source` stopped the writing of `path`.
    pub(crate) fn write(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        ErrorKind::Write {
            path: path.into(),
            source,
        }
        .into()
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Error").field(&self.0).finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&*self.0)
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error(Box::new(kind))
    }
}

macro_rules! from_kind {
    ($($variant:ident($ty:ty)),* $(,)?) => {$(
        impl From<$ty> for Error {
            #[doc = concat!("[`ErrorKind::", stringify!($variant), "`].")]
            fn from(e: $ty) -> Error {
                ErrorKind::$variant(e).into()
            }
        }
    )*};
}

from_kind!(
    Date(DateError),
    Step(StepError),
    Render(RenderError),
    Kind(UnknownKind),
    Confidence(UnknownConfidence),
    ExportFormat(UnknownFormat),
    GexfEdges(UnknownGexfEdges),
    Renderer(UnknownRenderer),
    DiagramFormat(UnknownDiagramFormat),
    RankDir(UnknownRankDir),
);

/// A `Result` with tiegraph's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_is_one_pointer_and_can_cross_threads() {
        fn send_sync_static<T: Send + Sync + 'static>() {}
        send_sync_static::<Error>();
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
        assert_eq!(
            std::mem::size_of::<Result<()>>(),
            std::mem::size_of::<usize>()
        );
    }

    #[test]
    fn the_error_displays_and_chains_as_its_kind() {
        use std::error::Error as _;
        let io = std::io::Error::other("disk full");
        let e = Error::write("out/a.svg", io);
        assert_eq!(e.to_string(), "cannot write out/a.svg: disk full");
        assert_eq!(
            e.source().map(ToString::to_string).as_deref(),
            Some("disk full")
        );
        assert!(matches!(e.kind(), ErrorKind::Write { .. }));
        assert!(e.problems().is_none());
        let e = Error::from(crate::Step::parse("2w").unwrap_err());
        assert!(matches!(e.kind(), ErrorKind::Step(_)));
        assert!(matches!(e.into_kind(), ErrorKind::Step(_)));
    }
}
