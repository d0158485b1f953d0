//! Reports: how a network changed over a period, as one self-contained HTML
//! page, or as Markdown with SVG files beside it.
//!
//! A [`Report`] puts together what the other modules compute for a range of
//! dates, for people who will read it rather than script against it:
//!
//! - a summary: the period, the key figures at its first and last step, how
//!   many pairs flipped, started and ended, and whose relations moved most;
//! - the diagram of what changed from the first step to the last
//!   ([`render::diff_dot`](crate::render::diff_dot)), and a table of every pair that changed, with
//!   the steps in which it changed and the ties behind it — kinds, dates,
//!   notes and sources;
//! - per step: the balance ratio, the positive and negative pairs (also as a
//!   small chart, with the walk-based balance,
//!   [`analysis::walk_balance`](crate::analysis::walk_balance)) and the camps
//!   ([`analysis::timeline`](crate::analysis::timeline), [`analysis::camps`](crate::analysis::camps)),
//!   labelled as [`analysis::camps_over_time`](crate::analysis::camps_over_time)
//!   labels them, with a table of who switched sides (also marked in the step
//!   diagrams);
//! - the diagram of every step, with each actor at the same place in all of
//!   them ([`render::Timeline`](crate::render::Timeline));
//! - the actors shown, and the sources ([`Dataset::sources`]).
//!
//! The HTML page has no script and loads nothing: the diagrams and the chart
//! are inline SVG, the style sheet is inline, and a content security policy
//! forbids the browser to fetch anything. Every text from the dataset is
//! escaped, so a name such as `<b>&amp;</b>` shows as written. It prints on
//! A4 or Letter. The same dataset and options always give the same bytes.
//!
//! The [`DiagramOptions`] (focus, kinds) choose what the diagrams and the
//! table of changes show; the figures (balance, camps, chart) are always
//! those of the whole network.
//!
//! # Example
//!
//! ```
//! use tiegraph::report::Report;
//! use tiegraph::Step;
//!
//! let data = tiegraph::default_dataset();
//! let report = Report::new(data, "2024".parse()?, "2026".parse()?, Step::Years(1))
//!     .title("Afghanistan–Pakistan, 2024–2026");
//! # #[cfg(feature = "render")] {
//! let html = report.html()?;
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! assert!(html.contains("Afghanistan–Pakistan, 2024–2026"));
//! assert!(!html.contains("<script"));
//!
//! let md = report.markdown("report")?;
//! assert!(md.text.contains("![What changed from 2024 to 2026](report-diff-2024-2026.svg)"));
//! // Three steps, the diff, the chart, and the time charts of the (up to
//! // five) top-ranked changed pairs.
//! assert_eq!(md.images.len(), 10);
//! assert!(md.images.iter().any(|(name, _)| name.starts_with("report-pair-")));
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// How a report is made: `model` computes what it shows (`words` says it
// in sentences), `sections` lays the sections out once as a `layout`
// structure, and `html` and `markdown` render that structure; `chart` and
// `svg` draw and embed its pictures, `method` words "how to read".
mod chart;
mod html;
mod layout;
mod markdown;
mod method;
mod model;
mod sections;
mod svg;
mod words;

use std::path::{Path, PathBuf};

use crate::analysis::CampsOptions;
use crate::model::Dataset;
use crate::render::{DiagramOptions, Renderer};
use crate::time::{Date, Step};

use model::{Figure, Model, StepModel};
use words::{
    camp_letter, confidence_word, dates, has_qualified_dates, percent, phase_span, run_label,
    sign_word,
};

/// A report on how a dataset changed from one date to another, step by step.
///
/// Build one with [`Report::new`], adjust it with the builder methods, and
/// write it with [`Report::html`] or [`Report::markdown`] (or
/// [`Report::write_markdown`]). See the [module documentation](self) for
/// what it contains.
///
/// # Example
///
/// ```
/// use tiegraph::render::DiagramOptions;
/// use tiegraph::report::Report;
/// use tiegraph::Step;
///
/// let data = tiegraph::default_dataset();
/// let pak = data.resolve("Pakistan")?;
/// let report = Report::new(data, "2021".parse()?, "2026".parse()?, Step::Years(1))
///     .options(DiagramOptions::default().focus(pak, 1))
///     .camps(3);
/// # #[cfg(feature = "render")] {
/// let html = report.html()?;
/// assert!(html.contains("around PAK (1 step)"));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Report<'d> {
    dataset: &'d Dataset,
    from: Date,
    to: Date,
    step: Step,
    options: DiagramOptions,
    renderer: Renderer,
    title: Option<String>,
    camps: usize,
    camps_options: CampsOptions,
    explorer: Option<String>,
}

/// A report as Markdown, with the SVG images it links to.
///
/// Made by [`Report::markdown`]; [`Report::write_markdown`] writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Markdown {
    /// The Markdown text (CommonMark with GitHub tables). Images are linked
    /// by file name, relative to the Markdown file.
    pub text: String,
    /// The images: a file name (no folder) and the SVG bytes, in the order
    /// the text links them.
    pub images: Vec<(String, Vec<u8>)>,
}

impl<'d> Report<'d> {
    /// A report on `dataset` from the period of `step` containing `from` to
    /// the one containing `to`, inclusive (see [`Step::periods`]), with the
    /// default diagram options and renderer and two camps.
    pub fn new(dataset: &'d Dataset, from: Date, to: Date, step: Step) -> Report<'d> {
        Report {
            dataset,
            from,
            to,
            step,
            options: DiagramOptions::default(),
            renderer: Renderer::default(),
            title: None,
            camps: 2,
            camps_options: CampsOptions::default(),
            explorer: None,
        }
    }

    /// What the diagrams and the table of changes show (focus, kinds,
    /// direction, tooltips). A title in the options becomes the report's
    /// title unless [`Report::title`] sets one; the diagrams keep their own.
    pub fn options(mut self, options: DiagramOptions) -> Report<'d> {
        self.options = options;
        self
    }

    /// The program that draws the diagrams (default: [`Renderer::default`]).
    pub fn renderer(mut self, renderer: Renderer) -> Report<'d> {
        self.renderer = renderer;
        self
    }

    /// The title at the top of the report (default: "How relations changed
    /// from FIRST to LAST").
    pub fn title(mut self, title: impl Into<String>) -> Report<'d> {
        self.title = Some(title.into());
        self
    }

    /// The most camps each step is split into (default 2; `0` counts as 1,
    /// more than 8 as 8).
    /// See [`analysis::camps`](crate::analysis::camps).
    pub fn camps(mut self, k: usize) -> Report<'d> {
        self.camps = k.clamp(1, 8);
        self
    }

    /// How long each step's search for the best camps may run (default
    /// [`CampsOptions::default`], the limits of
    /// [`analysis::camps`](crate::analysis::camps)). The limits apply to
    /// each step on its own.
    pub fn camps_options(mut self, options: CampsOptions) -> Report<'d> {
        self.camps_options = options;
        self
    }

    /// Links the HTML report to an explorer page of the same period
    /// ([`crate::explore::Explorer`]) at `href`: a file name beside the
    /// report, usually, as `tiegraph report --interactive` writes it.
    ///
    /// # Example
    ///
    /// ```
    /// use tiegraph::report::Report;
    /// use tiegraph::Step;
    ///
    /// let data = tiegraph::default_dataset();
    /// let report = Report::new(data, "2025".parse()?, "2026".parse()?, Step::Years(1))
    ///     .explorer("report-explorer.html");
    /// # #[cfg(feature = "render")] {
    /// assert!(report.html()?.contains("<a href=\"report-explorer.html\">"));
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn explorer(mut self, href: impl Into<String>) -> Report<'d> {
        self.explorer = Some(href.into());
        self
    }

    /// The report as one HTML page: UTF-8, no script, nothing to load.
    ///
    /// # Errors
    ///
    /// An [`ErrorKind::Render`](crate::ErrorKind::Render): `EmptyTimeline`
    /// when `to` comes before `from`, `TooManySteps` beyond
    /// [`MAX_STEPS`](crate::MAX_STEPS) steps, `TooLarge` when a step's
    /// diagram would draw more than one picture draws, and the errors of
    /// [`render::render`](crate::render::render) when a diagram cannot be drawn (`BuiltinMissing` in
    /// a build without the `render` feature and the default renderer,
    /// `SystemMissing` when the system renderer is asked for and not
    /// installed). A renderer whose SVG cannot be read back is reported as
    /// its own failure (`Builtin` or `System`). See
    /// [`RenderError`](crate::render::RenderError).
    pub fn html(&self) -> crate::Result<String> {
        let model = self.model()?;
        html::page(&model, self.renderer, self.explorer.as_deref())
    }

    /// The report as Markdown, with its diagrams and chart as SVG files
    /// named `<stem>-<diagram>.svg` (`report-2021.svg`,
    /// `report-diff-2021-2026.svg`, `report-chart.svg`).
    ///
    /// `stem` should be a plain file stem (the Markdown file's, usually);
    /// characters other than letters, digits, `-`, `_` and `.` are replaced
    /// by `_` so that the links work.
    ///
    /// # Errors
    ///
    /// As [`Report::html`].
    pub fn markdown(&self, stem: &str) -> crate::Result<Markdown> {
        let model = self.model()?;
        Ok(markdown::document(&model, &file_stem(stem)))
    }

    /// Writes the Markdown report to `path` and its SVG images beside it
    /// (`report.md` → `report-2021.svg`, …) as one
    /// [`FileSet`](crate::FileSet): every file is finished before any is
    /// replaced, and the Markdown is renamed last. Returns the paths written, the Markdown file first.
    ///
    /// # Errors
    ///
    /// As [`Report::html`], and [`ErrorKind::Write`](crate::ErrorKind::Write)
    /// when a file cannot be written.
    pub fn write_markdown(&self, path: &Path) -> crate::Result<Vec<PathBuf>> {
        let stem = path
            .file_stem()
            .map_or_else(|| "report".to_owned(), |s| s.to_string_lossy().into_owned());
        let md = self.markdown(&stem)?;
        let dir = path.parent().unwrap_or_else(|| Path::new(""));
        let mut written = vec![path.to_owned()];
        let mut set = crate::FileSet::new();
        for (name, bytes) in &md.images {
            let image = dir.join(name);
            set.add(&image, bytes)?;
            written.push(image);
        }
        set.add(path, md.text.as_bytes())?;
        set.commit()?;
        Ok(written)
    }
}

/// A file stem that is safe in a Markdown link and a file name.
fn file_stem(stem: &str) -> String {
    let clean: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let clean = clean.trim_start_matches('.');
    if clean.is_empty() {
        "report".to_owned()
    } else {
        clean.to_owned()
    }
}

#[cfg(test)]
mod tests;
