//! The export formats by name, for command lines and configuration.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::{Dataset, Result, Selector};

/// An export format, named as on the command line
/// (`tiegraph export --format NAME`).
///
/// # Example
///
/// ```
/// use tiegraph::export::ExportFormat;
///
/// let f: ExportFormat = "node-link".parse()?;
/// assert_eq!(f, ExportFormat::NodeLink);
/// assert_eq!(f.to_string(), "node-link");
/// assert!("dot".parse::<ExportFormat>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ExportFormat {
    /// GEXF 1.3 for Gephi ([`gexf`](super::gexf)).
    Gexf,
    /// GraphML ([`graphml`](super::graphml)).
    Graphml,
    /// JSON Graph Format v2 ([`jgf`](super::jgf)).
    Jgf,
    /// networkx / D3 node-link JSON ([`node_link`](super::node_link)).
    NodeLink,
    /// Gephi's spreadsheet import: an edges CSV and a nodes CSV
    /// ([`gephi_csv`](super::gephi_csv)).
    GephiCsv,
}

/// A format name that [`ExportFormat`] does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} is not an export format (expected gexf, graphml, jgf, node-link or gephi-csv)", crate::escape::terminal::shown(.0))]
pub struct UnknownFormat(String);

impl ExportFormat {
    /// Every format, in the order of the command-line help.
    pub const ALL: [ExportFormat; 5] = [
        ExportFormat::Gexf,
        ExportFormat::Graphml,
        ExportFormat::Jgf,
        ExportFormat::NodeLink,
        ExportFormat::GephiCsv,
    ];

    /// The command-line name: `gexf`, `graphml`, `jgf`, `node-link`, `gephi-csv`.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Gexf => "gexf",
            ExportFormat::Graphml => "graphml",
            ExportFormat::Jgf => "jgf",
            ExportFormat::NodeLink => "node-link",
            ExportFormat::GephiCsv => "gephi-csv",
        }
    }

    /// The usual file extension: `gexf`, `graphml`, `json` or `csv`.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Gexf => "gexf",
            ExportFormat::Graphml => "graphml",
            ExportFormat::Jgf | ExportFormat::NodeLink => "json",
            ExportFormat::GephiCsv => "csv",
        }
    }

    /// Exports `data` (or its snapshot at `at`) and writes it to `path`,
    /// atomically. Gephi CSV writes the edges table to `path` and the nodes
    /// table next to it (see [`GephiCsv::nodes_path`](super::GephiCsv::nodes_path))
    /// as one [`FileSet`](crate::FileSet): both are finished before either
    /// is replaced.
    ///
    /// # Returns
    ///
    /// The files written, `path` first.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Write`](crate::ErrorKind::Write) naming the file that could not
    /// be written.
    pub fn write(self, data: &Dataset, at: Option<&Selector>, path: &Path) -> Result<Vec<PathBuf>> {
        let text = match self {
            ExportFormat::Gexf => super::gexf(data, at),
            ExportFormat::Graphml => super::graphml(data, at),
            ExportFormat::Jgf => super::jgf(data, at),
            ExportFormat::NodeLink => super::node_link(data, at),
            ExportFormat::GephiCsv => {
                let csv = super::gephi_csv(data, at);
                let nodes = super::GephiCsv::nodes_path(path);
                // One set: the nodes file first, the main (edges) file last.
                let mut set = crate::FileSet::new();
                set.add(&nodes, csv.nodes.as_bytes())?;
                set.add(path, csv.edges.as_bytes())?;
                set.commit()?;
                return Ok(vec![path.to_owned(), nodes]);
            }
        };
        crate::write_atomic(path, text.as_bytes())?;
        Ok(vec![path.to_owned()])
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ExportFormat {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<ExportFormat, UnknownFormat> {
        ExportFormat::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownFormat(s.to_owned()))
    }
}
