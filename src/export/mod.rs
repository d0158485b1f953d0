//! Exports of a whole temporal network (or of one snapshot) to the formats
//! that graph tools read: GEXF 1.3 for Gephi, GraphML for networkx, igraph and
//! R, JSON Graph Format v2, networkx/D3 node-link JSON, and Gephi's
//! spreadsheet CSV — plus readers that turn GraphML and JSON Graph Format
//! back into an equal [`Dataset`](crate::Dataset).
//!
//! Every function takes an optional [`Selector`](crate::Selector): `None`
//! exports every actor (all phases) and every tie with its dates; `Some(at)`
//! exports the snapshot at `at` as a static graph. `docs/exports.md` maps
//! each tiegraph field to each format's field.
//!
//! # Example
//!
//! ```
//! use tiegraph::export::{self, ExportFormat};
//!
//! let data = tiegraph::default_dataset();
//! let graphml = export::graphml(data, None);
//! assert_eq!(&export::read_graphml(&graphml)?, data);
//!
//! let format: ExportFormat = "gexf".parse()?;
//! assert_eq!(format.name(), "gexf");
//! let at = "2026-03-01".parse()?;
//! assert!(export::gexf(data, Some(&at)).contains(r#"mode="static""#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod common;
mod format;
mod gephi_csv;
mod gexf;
mod graphml;
mod jgf;
mod node_link;
mod rebuild;
pub(crate) mod xml;

pub use format::{ExportFormat, UnknownFormat};
pub use gephi_csv::{gephi_csv, GephiCsv};
pub use gexf::{gexf, gexf_with, GexfEdges, UnknownGexfEdges};
pub use graphml::{graphml, read_graphml, read_graphml_named, read_graphml_with};
pub use jgf::{jgf, read_jgf, read_jgf_named, read_jgf_with};
pub use node_link::node_link;
