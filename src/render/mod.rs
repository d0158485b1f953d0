//! Diagrams: DOT for snapshots, diffs and timelines, and SVG/PNG rendering.
//!
//! - [`snapshot_dot`] draws the network during a selector: actors shaped by
//!   kind (state, group, organisation), ties coloured and styled by kind
//!   (alliance solid green, cooperation thin green, support an arrow from
//!   patron to client, tension dashed orange, hostility heavy red, mediation
//!   dotted blue from the mediator to both parties), a title with the date,
//!   and a key listing only the kinds drawn.
//! - [`diff_dot`] draws what changed between two snapshots, pair by pair:
//!   new ties heavy, ended ties grey and dashed, pairs whose sign flipped
//!   highlighted and labelled (`support → hostility`), unchanged ties pale.
//! - [`Timeline`] (and [`timeline`], [`write_timeline`]) draws one diagram
//!   per step plus the diff of the first and last, with every actor at the
//!   same position in all of them.
//! - [`render`] turns DOT into SVG or PNG with the built-in renderer
//!   (graphviz-pure, cargo feature `render`, on by default) or the system's
//!   Graphviz `dot`.
//!
//! The DOT is built as a graphviz-rust graph model ([`snapshot_graph`],
//! [`diff_graph`]) and printed with [`to_dot`]. Every name, note and id is
//! escaped, so quotes, backslashes, line breaks, markup and any Unicode come
//! out in the picture as they are in the data.
//!
//! Actors are placed by tiegraph itself (a force-directed layout, as
//! Graphviz's `neato`, turned to the [`RankDir`] and cleared of overlaps)
//! and pinned in the DOT (`pos="x,y!"` in points, `layout=nop`, which is
//! `neato -n`): Graphviz only routes
//! the edges. So a diagram looks the same with either renderer, and a
//! timeline keeps every actor in one place. Output is deterministic: actors
//! and ties are sorted by id, positions use no platform-dependent maths, and
//! the same input gives the same bytes.
//!
//! What fails returns the crate's [`Error`](crate::Error): a diagram that
//! cannot be made is an [`ErrorKind::Render`](crate::ErrorKind::Render)
//! holding a [`RenderError`] (too large, too many steps, no renderer, a
//! renderer that failed), and a file that cannot be written an
//! [`ErrorKind::Write`](crate::ErrorKind::Write).
//!
//! # Example
//!
//! ```
//! use tiegraph::render::{self, DiagramOptions, Format, Renderer};
//!
//! let data = tiegraph::default_dataset();
//! let options = DiagramOptions::default();
//! let before = data.snapshot(&"2021".parse()?);
//! let after = data.snapshot(&"2026".parse()?);
//!
//! let dot = render::snapshot_dot(&after, &options);
//! assert!(dot.starts_with("digraph \"tiegraph\" {"));
//! let diff = render::diff_dot(&before, &after, &options);
//! assert!(diff.contains("What changed from 2021 to 2026"));
//! # #[cfg(feature = "render")] {
//! let svg = render::render(&diff, Format::Svg, Renderer::Builtin)?;
//! assert!(String::from_utf8(svg)?.contains("</svg>"));
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod dot;
mod history;
mod layout;
mod options;
mod output;
pub(crate) mod pinned;
mod scene;
mod tip;

pub(crate) use scene::{reachable, scope};
pub(crate) mod style;
mod timeline;

pub use dot::MAX_LABEL_CHARS;
pub use history::{history_chart, history_chart_dot, history_chart_png, HistoryChartOptions};
pub use options::{Diagram, DiagramOptions, RankDir, UnknownRankDir};
pub use output::{
    check_steps, render, Format, RenderError, Renderer, UnknownDiagramFormat, UnknownRenderer,
    MAX_DIAGRAM_ACTORS, MAX_DIAGRAM_TIES, MAX_PNG_PIXELS,
};
pub use timeline::{timeline, write_timeline, Timeline};
pub use tip::MAX_TOOLTIP_BYTES;

/// The graph model diagrams are built with (graphviz-rust's
/// `dot_structures`), re-exported so that its version always matches.
pub use graphviz_rust::dot_structures;

use crate::snapshot::Snapshot;
use dot_structures::Graph;

/// The diagram of a snapshot, as a graph model to adjust before
/// [`to_dot`]. Its values are already escaped and quoted.
pub fn snapshot_graph(snapshot: &Snapshot<'_>, options: &DiagramOptions) -> Graph {
    let scene = scene::snapshot(snapshot, options);
    dot::graph(&scene, &dot::Pins::of_scene(&scene, options.rankdir))
}

/// The diagram of a snapshot as DOT, with positions pinned.
///
/// Draws the actors with at least one tie shown (and the focus actor, if
/// any), and one edge per kind between two actors, whose tooltip lists the
/// ties with their dates, notes and sources.
///
/// # Example
///
/// ```
/// use tiegraph::render::{snapshot_dot, DiagramOptions};
///
/// let data = tiegraph::default_dataset();
/// let dot = snapshot_dot(&data.snapshot(&"2026-03-01".parse()?), &DiagramOptions::default());
/// assert!(dot.contains("Ties in force on 2026-03-01"));
/// assert!(dot.contains("\"PAK\" -> \"TAL\""));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn snapshot_dot(snapshot: &Snapshot<'_>, options: &DiagramOptions) -> String {
    to_dot(&snapshot_graph(snapshot, options))
}

/// [`snapshot_dot`], refused before any layout when the diagram would draw
/// more than [`MAX_DIAGRAM_ACTORS`] actors or [`MAX_DIAGRAM_TIES`] ties.
///
/// # Errors
///
/// [`RenderError::TooLarge`], whose message suggests `--focus` and `--kind`.
///
/// # Example
///
/// ```
/// use tiegraph::render::{try_snapshot_dot, DiagramOptions};
///
/// let data = tiegraph::default_dataset();
/// let dot = try_snapshot_dot(&data.snapshot(&"2026-03-01".parse()?), &DiagramOptions::default())?;
/// assert!(dot.contains("layout=\"nop\""));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn try_snapshot_dot(
    snapshot: &Snapshot<'_>,
    options: &DiagramOptions,
) -> crate::Result<String> {
    let scene = scene::snapshot(snapshot, options);
    dot::check_scene(&scene)?;
    let graph = dot::graph(&scene, &dot::Pins::of_scene(&scene, options.rankdir));
    Ok(to_dot(&graph))
}

/// [`diff_dot`], refused before any layout when the diagram would draw
/// more than [`MAX_DIAGRAM_ACTORS`] actors or [`MAX_DIAGRAM_TIES`] ties.
///
/// # Errors
///
/// [`RenderError::TooLarge`], whose message suggests `--focus` and `--kind`.
pub fn try_diff_dot(
    before: &Snapshot<'_>,
    after: &Snapshot<'_>,
    options: &DiagramOptions,
) -> crate::Result<String> {
    let scene = scene::diff(before, after, options);
    dot::check_scene(&scene)?;
    let graph = dot::graph(&scene, &dot::Pins::of_scene(&scene, options.rankdir));
    Ok(to_dot(&graph))
}

/// The diagram of what changed from `before` to `after` (two snapshots of
/// one dataset), as a graph model to adjust before [`to_dot`].
pub fn diff_graph(before: &Snapshot<'_>, after: &Snapshot<'_>, options: &DiagramOptions) -> Graph {
    let scene = scene::diff(before, after, options);
    dot::graph(&scene, &dot::Pins::of_scene(&scene, options.rankdir))
}

/// The diagram of what changed from `before` to `after` as DOT, with
/// positions pinned.
///
/// Pairs are classified as [`Diff`](crate::Diff) does (for the tie kinds
/// shown); each kind between two actors is one edge: a kind the pair gained
/// is drawn heavy, one it lost grey and dashed, one it kept as usual, and
/// every kind of an unchanged pair pale. Pairs whose net sign flipped are
/// highlighted, and flipped and otherwise changed pairs are labelled with
/// their kinds before and after (`support → hostility`). Actors no longer in
/// force at `after` are drawn grey and dashed.
///
/// # Example
///
/// ```
/// use tiegraph::render::{diff_dot, DiagramOptions};
///
/// let data = tiegraph::default_dataset();
/// let pak = data.resolve("PAK")?;
/// let dot = diff_dot(
///     &data.snapshot(&"2021-01-01".parse()?),
///     &data.snapshot(&"2026-03-01".parse()?),
///     &DiagramOptions::default().focus(pak, 1),
/// );
/// assert!(dot.contains("support → hostility + tension"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn diff_dot(before: &Snapshot<'_>, after: &Snapshot<'_>, options: &DiagramOptions) -> String {
    to_dot(&diff_graph(before, after, options))
}

/// Prints a graph model as DOT text (ending with a line break).
pub fn to_dot(graph: &Graph) -> String {
    dot::print(graph)
}
