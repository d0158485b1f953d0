//! The explorer: one self-contained HTML page to move through a network's
//! history with a time slider.
//!
//! [`Explorer::html`] writes a page that draws the network with every
//! actor at a fixed place (the layout of the diagrams, computed once for
//! the whole range) and shows, for the slider's day, exactly the ties in
//! force, each kind with its colour, dash and arrowhead, and each pair's
//! net sign (rule R1 of the format). A window mode shows a period instead
//! of a day, by the period rules. Clicking an actor lists its ties in force
//! with their notes, dates, confidence and sources; clicking a pair's sign
//! or a tie shows the pair's time chart. Tie kinds, the least confidence
//! and actor kinds can be filtered, and actors found by name or alias. A
//! panel counts ties, pairs, signs and balanced triangles for the slider's
//! date, above a chart of the balance ratio over the range.
//!
//! The page loads nothing: the data is embedded once as JSON
//! ([`ExplorerData`]), the drawing is inline SVG made by a short
//! hand-written script, and a content security policy
//! ([`content_security_policy`]) forbids every fetch and allows only the
//! page's own script and style sheet, by their SHA-256 hashes. The same
//! dataset and options always give the same bytes. `docs/explorer.md`
//! describes the page and the interface it keeps for scripts and tests.
//!
//! # Example
//!
//! ```
//! use tiegraph::explore::Explorer;
//!
//! let data = tiegraph::default_dataset();
//! let explorer = Explorer::new(data, "2021..2026".parse()?);
//! let html = explorer.html();
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! assert!(html.contains("<input type=\"range\" id=\"date\""));
//!
//! // The figures the page shows are those of the library.
//! let model = explorer.data();
//! let day = model.steps[0].day;
//! let snap = data.snapshot(&"2021-01-01".parse()?);
//! assert_eq!(model.steps[0].ties, snap.ties().count());
//! assert_eq!(day, model.from);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod data;
mod page;

pub use data::{
    ActorData, ExplorerData, PhaseData, SourceData, StepCounts, TieData, MAX_CHART_POINTS,
};

use crate::model::{Confidence, Dataset};
use crate::time::Selector;

/// An explorer page for a dataset over a range of days.
///
/// # Example
///
/// ```
/// use tiegraph::explore::Explorer;
/// use tiegraph::Confidence;
///
/// let data = tiegraph::default_dataset();
/// let page = Explorer::new(data, "2025".parse()?)
///     .title("Afghanistan and Pakistan in 2025")
///     .min_confidence(Confidence::Reported)
///     .html();
/// assert!(page.contains("<title>Afghanistan and Pakistan in 2025</title>"));
/// assert!(page.contains("allegations left out"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Explorer<'d> {
    dataset: &'d Dataset,
    range: Selector,
    title: Option<String>,
    min_confidence: Confidence,
}

impl<'d> Explorer<'d> {
    /// An explorer of `dataset` whose slider runs over the days of `range`
    /// (a day, a month, a year or a `FROM..TO` range), with every tie.
    pub fn new(dataset: &'d Dataset, range: Selector) -> Explorer<'d> {
        Explorer {
            dataset,
            range,
            title: None,
            min_confidence: Confidence::Alleged,
        }
    }

    /// The page's title (default: "Ties from FIRST to LAST").
    pub fn title(mut self, title: impl Into<String>) -> Explorer<'d> {
        self.title = Some(title.into());
        self
    }

    /// Leaves out the ties below `level` (rule R5), as
    /// `--min-confidence` does; the page's own filter starts there.
    pub fn min_confidence(mut self, level: Confidence) -> Explorer<'d> {
        self.min_confidence = level;
        self
    }

    /// What the page embeds: actors with their positions, ties, pairs,
    /// sources and the counts of the balance chart.
    pub fn data(&self) -> ExplorerData {
        let title = self.title.clone().unwrap_or_else(|| {
            let text = self.range.to_string();
            match text.split_once("..") {
                Some((a, b)) => format!("Ties from {a} to {b}"),
                None => format!("Ties during {text}"),
            }
        });
        let dataset = self.dataset.with_min_confidence(self.min_confidence);
        data::build(&dataset, &self.range, title, self.min_confidence)
    }

    /// The page: UTF-8 HTML, self-contained, the same bytes for the same
    /// dataset and options.
    pub fn html(&self) -> String {
        page::page(&self.data())
    }
}

/// The content security policy every explorer page carries (in a
/// `<meta http-equiv>` element): `default-src 'none'` (nothing is
/// fetched), and the page's script and style sheet allowed by their
/// SHA-256 hashes, without `'unsafe-inline'`.
///
/// # Example
///
/// ```
/// let policy = tiegraph::explore::content_security_policy();
/// assert!(policy.starts_with("default-src 'none'; script-src 'sha256-"));
/// assert!(!policy.contains("unsafe"));
/// ```
pub fn content_security_policy() -> String {
    page::policy()
}
