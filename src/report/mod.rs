//! Reports: how a network changed over a period, as one self-contained HTML
//! page, or as Markdown with SVG files beside it.
//!
//! A [`Report`] puts together what the other modules compute for a range of
//! dates, for people who will read it rather than script against it:
//!
//! - a summary: the period, the key figures at its first and last step, how
//!   many pairs flipped, started and ended, and whose relations moved most;
//! - the diagram of what changed from the first step to the last
//!   ([`render::diff_dot`]), and a table of every pair that changed, with
//!   the steps in which it changed and the ties behind it — kinds, dates,
//!   notes and sources;
//! - per step: the balance ratio, the positive and negative pairs (also as a
//!   small chart) and the camps ([`analysis::timeline`], [`analysis::camps`]);
//! - the diagram of every step, with each actor at the same place in all of
//!   them ([`render::Timeline`]);
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

mod chart;
mod html;
mod markdown;
mod svg;

use crate::render::reachable;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::analysis::{self, Camps, Mover, TimelineStep, Turn};
use crate::diff::{Change, Diff, DyadChange};
use crate::model::{Actor, ActorKey, Confidence, Dataset, Phase, Tie};
use crate::pairs::Pairs;
use crate::render::{self, DiagramOptions, Format, RenderError, Renderer};
use crate::snapshot::Snapshot;
use crate::time::{Date, Selector, Step};

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

    /// The most camps each step is split into (default 2; `0` counts as 1).
    /// See [`analysis::camps`].
    pub fn camps(mut self, k: usize) -> Report<'d> {
        self.camps = k.max(1);
        self
    }

    /// The report as one HTML page: UTF-8, no script, nothing to load.
    ///
    /// # Errors
    ///
    /// [`RenderError::EmptyTimeline`] when `to` comes before `from`,
    /// [`RenderError::TooManySteps`] beyond [`MAX_STEPS`](crate::MAX_STEPS)
    /// steps, [`RenderError::TooLarge`] when a step's diagram would draw
    /// more than one picture draws, and the
    /// errors of [`render::render`] when a diagram cannot be drawn
    /// ([`RenderError::BuiltinMissing`] in a build without the `render`
    /// feature and the default renderer, [`RenderError::SystemMissing`] when
    /// the system renderer is asked for and not installed). A renderer whose
    /// SVG cannot be read back is reported as its own failure
    /// ([`RenderError::Builtin`] or [`RenderError::System`]).
    pub fn html(&self) -> Result<String, RenderError> {
        let model = self.model()?;
        html::page(&model, self.renderer)
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
    pub fn markdown(&self, stem: &str) -> Result<Markdown, RenderError> {
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
    /// As [`Report::html`], and [`RenderError::Write`] when a file cannot be
    /// written.
    pub fn write_markdown(&self, path: &Path) -> Result<Vec<PathBuf>, RenderError> {
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

    /// Computes everything the report shows and draws the diagrams.
    fn model(&self) -> Result<Model<'d>, RenderError> {
        let data = self.dataset;
        render::check_steps(self.step, self.from, self.to)?;
        let steps = self.step.periods(self.from, self.to);
        let (Some(&first), Some(&last)) = (steps.first(), steps.last()) else {
            return Err(RenderError::EmptyTimeline {
                from: self.from,
                to: self.to,
            });
        };
        let mut options = self.options.clone();
        // The diagrams keep their generated titles ("Ties in force during
        // 2021"): a title in the options names the report instead.
        let options_title = options.title.take();
        let title = self
            .title
            .clone()
            .or(options_title)
            .unwrap_or_else(|| format!("How relations changed from {first} to {last}"));

        // The diagrams: one per step, then the diff of the first and last.
        let diagrams = render::Timeline::new(data, self.from, self.to, self.step)
            .options(options.clone())
            .diagrams()?;
        let mut figures = Vec::with_capacity(diagrams.len());
        for d in diagrams {
            let svg = render::render(&d.dot, Format::Svg, self.renderer)?;
            figures.push(Figure { name: d.name, svg });
        }
        let diff_figure = if figures.len() > steps.len() {
            figures.pop()
        } else {
            None
        };

        let counts = analysis::timeline(data, self.from, self.to, self.step);
        let snaps: Vec<Snapshot<'d>> = data.sweep(steps.iter().copied()).collect();
        let shown: Vec<Pairs> = snaps
            .iter()
            .map(|s| Pairs::from_ties(s.ties().filter(|t| options.shows(t.kind())), &s.selector()))
            .collect();

        // The actors the diagrams draw: those of a shown pair, near the focus.
        let mut drawn: BTreeSet<ActorKey> = BTreeSet::new();
        for pairs in &shown {
            let keep = reachable(pairs.iter().map(|p| (p.a, p.b)), options.focus);
            for p in pairs.iter() {
                if kept(&keep, p.a) && kept(&keep, p.b) {
                    drawn.extend([p.a, p.b]);
                }
            }
        }
        if let Some((focus, _)) = options.focus {
            drawn.insert(focus);
        }

        let changes = match (shown.first(), shown.last()) {
            (Some(before), Some(after)) if shown.len() > 1 => {
                changes(data, &steps, &shown, before, after, &options)
            }
            _ => Vec::new(),
        };

        let camps: Vec<Camps<'d>> = snaps
            .iter()
            .map(|snap| analysis::camps(snap, self.camps))
            .collect();
        let aligned = align(&camps);
        let step_models = camps
            .into_iter()
            .zip(aligned)
            .zip(counts.steps())
            .zip(figures)
            .zip(&snaps)
            .map(|((((camps, aligned), &counts), figure), snap)| {
                let count = analysis::TriangleCount {
                    balanced: counts.balanced,
                    unbalanced: counts.unbalanced,
                };
                StepModel {
                    counts,
                    camps,
                    aligned,
                    figure,
                    alleged: snap.has_alleged(),
                    balance_robustness: analysis::balance_robustness(snap, count),
                }
            })
            .collect();

        let period_start = first.start();
        let period_end = last.end();
        let actors = drawn
            .iter()
            .map(|&key| {
                let actor = data.actor(key);
                let phases = actor
                    .phases()
                    .iter()
                    .filter(|p| {
                        p.from().is_none_or(|f| f.first_day() < period_end)
                            && p.until().is_none_or(|u| u.first_day() > period_start)
                    })
                    .collect();
                ActorRow { actor, phases }
            })
            .collect();
        // A time chart of each of the (up to) five top-ranked changes.
        let pair_charts = changes
            .iter()
            .take(PAIR_CHARTS)
            .map(|c| {
                let (a, b) = (c.dyad.a, c.dyad.b);
                let history = data.history(a, b);
                Figure {
                    name: format!("pair-{}-{}", data.actor_id(a), data.actor_id(b)),
                    svg: render::history_chart(&history, &render::HistoryChartOptions::default())
                        .into_bytes(),
                }
            })
            .collect();

        // Turns of the pairs the report shows (kinds and focus as drawn).
        let turns = analysis::turns(&steps, &shown)
            .into_iter()
            .filter(|t| drawn.contains(&t.a) && drawn.contains(&t.b))
            .collect();
        let movers = counts
            .movers()
            .iter()
            .filter(|m| m.changes > 0 && drawn.contains(&m.key))
            .copied()
            .collect();

        Ok(Model {
            data,
            title,
            first,
            last,
            step: self.step,
            scope: scope(data, &options),
            steps: step_models,
            diff: diff_figure,
            changes,
            pair_charts,
            movers,
            turns,
            actors,
        })
    }
}

/// The pairs that changed from the first step to the last (of the kinds
/// shown, near the focus, as the diff diagram draws them), with the steps in
/// which each changed and its ties during the period.
fn changes<'d>(
    data: &'d Dataset,
    steps: &[Selector],
    shown: &[Pairs],
    before: &Pairs,
    after: &Pairs,
    options: &DiagramOptions,
) -> Vec<PairChange<'d>> {
    let (Some(first), Some(last)) = (steps.first(), steps.last()) else {
        return Vec::new();
    };
    let diff = Diff::from_pairs(data, *first, *last, before, after);
    let keep = reachable(
        before.iter().chain(after.iter()).map(|p| (p.a, p.b)),
        options.focus,
    );
    let mut when: BTreeMap<(ActorKey, ActorKey), Vec<Selector>> = BTreeMap::new();
    for (i, pair) in shown.windows(2).enumerate() {
        let step_diff = Diff::from_pairs(data, steps[i], steps[i + 1], &pair[0], &pair[1]);
        for d in step_diff.changed() {
            when.entry((d.a, d.b)).or_default().push(steps[i + 1]);
        }
    }
    let (start, end) = (first.start(), last.end());
    let mut rows: Vec<PairChange<'d>> = diff
        .changed()
        .filter(|d| kept(&keep, d.a) && kept(&keep, d.b))
        .map(|d| {
            let ties = data
                .history(d.a, d.b)
                .ties()
                .filter(|t| {
                    options.shows(t.kind())
                        && t.pairs()
                            .any(|(x, y)| (x, y) == (d.a, d.b) || (y, x) == (d.a, d.b))
                        && t.start().first_day() < end
                        && t.end().is_none_or(|e| e.first_day() > start)
                })
                .collect();
            PairChange {
                dyad: *d,
                when: when.remove(&(d.a, d.b)).unwrap_or_default(),
                ties,
            }
        })
        .collect();
    // Flips first, then new, ended and shifted pairs; by ids within each.
    // By rank (rule R2): flips first, then new, ended and shifted pairs,
    // each by how much the pair's day-average moved.
    rows.sort_by_key(|r| r.dyad.rank);
    rows
}

/// How many of the top-ranked changed pairs get a time chart.
const PAIR_CHARTS: usize = 5;

/// The camps of each step, in slots that keep their letter from step to
/// step: each camp takes the slot of the previous step's camp it shares the
/// most actors with (the largest overlaps first, ties to the earlier slot
/// and camp), and a camp that shares no one takes the first free slot. A
/// slot may be empty at a step. Without this, "camp A" would be whichever
/// camp has the smallest first id, and could swap sides between steps.
fn align(steps: &[Camps<'_>]) -> Vec<Vec<Vec<ActorKey>>> {
    // What each slot last held, to compare the next step with.
    let mut memory: Vec<Vec<ActorKey>> = Vec::new();
    let mut out = Vec::with_capacity(steps.len());
    for camps in steps {
        let camps = camps.camps();
        let mut overlaps: Vec<(usize, usize, usize)> = Vec::new();
        for (j, camp) in camps.iter().enumerate() {
            for (l, held) in memory.iter().enumerate() {
                let shared = camp
                    .iter()
                    .filter(|k| held.binary_search(k).is_ok())
                    .count();
                if shared > 0 {
                    overlaps.push((shared, l, j));
                }
            }
        }
        overlaps.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
        let mut slot_of: Vec<Option<usize>> = vec![None; camps.len()];
        let mut taken = vec![false; memory.len()];
        for (_, l, j) in overlaps {
            if slot_of[j].is_none() && !taken[l] {
                slot_of[j] = Some(l);
                taken[l] = true;
            }
        }
        for slot in slot_of.iter_mut().filter(|s| s.is_none()) {
            let free = match taken.iter().position(|t| !t) {
                Some(l) => l,
                None => {
                    taken.push(false);
                    memory.push(Vec::new());
                    taken.len() - 1
                }
            };
            taken[free] = true;
            *slot = Some(free);
        }
        let mut row: Vec<Vec<ActorKey>> = vec![Vec::new(); memory.len()];
        for (camp, slot) in camps.iter().zip(slot_of) {
            if let Some(l) = slot {
                row[l] = camp.clone();
                memory[l] = camp.clone();
            }
        }
        out.push(row);
    }
    // Every step lists as many slots as the last one has.
    let width = memory.len();
    for row in &mut out {
        row.resize(width, Vec::new());
    }
    out
}

/// `+` or `−` (a minus sign, not a hyphen) for sentences.
fn sign_word(sign: crate::Sign) -> &'static str {
    match sign {
        crate::Sign::Positive => "+",
        crate::Sign::Negative => "−",
        crate::Sign::Zero => "0",
    }
}

/// Whether an actor is kept by a focus (`None`: no focus, everyone is).
fn kept(keep: &Option<BTreeSet<ActorKey>>, key: ActorKey) -> bool {
    keep.as_ref().is_none_or(|s| s.contains(&key))
}

/// The options that narrow what is shown, in words (as the diagrams'
/// subtitles say them).
fn scope(data: &Dataset, options: &DiagramOptions) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some((actor, depth)) = options.focus {
        if let Some(a) = data.actors().get(actor.index()) {
            let steps = if depth == 1 { "step" } else { "steps" };
            parts.push(format!("around {} ({depth} {steps})", a.id()));
        }
    }
    if let Some(kinds) = options.kinds {
        if kinds.is_empty() {
            parts.push("no tie kind selected".to_owned());
        } else {
            parts.push(format!("only {}", kinds.names().join(", ")));
        }
    }
    parts
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

/// A rendered diagram.
#[derive(Debug, Clone)]
pub(crate) struct Figure {
    /// The diagram's file stem (`2021`, `diff-2021-2026`).
    pub name: String,
    /// The SVG as the renderer wrote it.
    pub svg: Vec<u8>,
}

/// One step of the report.
#[derive(Debug, Clone)]
pub(crate) struct StepModel<'d> {
    /// Counts of the whole network.
    pub counts: TimelineStep,
    /// Camps of the whole network.
    pub camps: Camps<'d>,
    /// The same camps in slots that keep their letter across steps (see
    /// [`align`]); empty slots are camps that have no member at this step.
    pub aligned: Vec<Vec<ActorKey>>,
    /// The step's diagram.
    pub figure: Figure,
    /// Whether some tie in force at this step is alleged (rule R5).
    pub alleged: bool,
    /// The balance without the alleged ties (the camps' is in `camps`).
    pub balance_robustness: analysis::Robustness<analysis::TriangleCount>,
}

/// A pair that changed over the period.
#[derive(Debug, Clone)]
pub(crate) struct PairChange<'d> {
    /// The change from the first step to the last.
    pub dyad: DyadChange,
    /// The steps at which the pair differs from the step before.
    pub when: Vec<Selector>,
    /// The pair's ties in force during some part of the period, sorted by
    /// (start, id).
    pub ties: Vec<&'d Tie>,
}

/// An actor drawn in the report, with its phases during the period.
#[derive(Debug, Clone)]
pub(crate) struct ActorRow<'d> {
    pub actor: &'d Actor,
    pub phases: Vec<&'d Phase>,
}

/// Everything a report shows.
#[derive(Debug, Clone)]
pub(crate) struct Model<'d> {
    pub data: &'d Dataset,
    pub title: String,
    pub first: Selector,
    pub last: Selector,
    pub step: Step,
    /// What the options narrow the diagrams and changes to, in words.
    pub scope: Vec<String>,
    pub steps: Vec<StepModel<'d>>,
    /// The diagram of the first step against the last (absent for a
    /// single step).
    pub diff: Option<Figure>,
    /// Sorted by change (flipped, new, ended, shifted), then ids.
    pub changes: Vec<PairChange<'d>>,
    /// Actors drawn whose pairs changed, most changes first.
    /// Time charts of the top-ranked changed pairs, in rank order.
    pub pair_charts: Vec<Figure>,
    pub movers: Vec<Mover>,
    /// The pairs that turned (rule R3) over the period, by step then ids.
    pub turns: Vec<Turn>,
    /// The actors drawn in some diagram, by id.
    pub actors: Vec<ActorRow<'d>>,
}

/// `1994 – 2021-08-15`, `since c. 2025-10`: when a tie was in force (its
/// end is the first day it is over), uncertain dates marked as people read
/// them.
fn dates(tie: &Tie) -> String {
    match tie.end() {
        Some(end) => format!("{} – {}", tie.start().marked(), end.marked()),
        None => format!("since {}", tie.start().marked()),
    }
}

/// A tie's confidence when it is not the default `reported` (rule R5):
/// what the report's change table says of it.
fn confidence_word(tie: &Tie) -> Option<&'static str> {
    (tie.confidence() != Confidence::Reported).then(|| tie.confidence().as_str())
}

/// Whether some date of the dataset carries a qualifier (`2021-08~`): the
/// report then says how it marks them.
pub(crate) fn has_qualified_dates(data: &Dataset) -> bool {
    let qualified = |d: Option<Date>| d.is_some_and(|d| d.qualifier().is_some());
    data.ties()
        .iter()
        .any(|t| qualified(Some(t.start())) || qualified(t.end()))
        || data
            .actors()
            .iter()
            .flat_map(|a| a.phases())
            .any(|p| qualified(p.from()) || qualified(p.until()))
        || data.sources().iter().any(|s| qualified(s.published_date()))
}

/// When an actor phase is in force, its dates marked.
fn phase_span(phase: &Phase) -> String {
    match (phase.from(), phase.until()) {
        (None, None) => "throughout".to_owned(),
        (Some(f), None) => format!("since {}", f.marked()),
        (None, Some(u)) => format!("until {}", u.marked()),
        (Some(f), Some(u)) => format!("{} – {}", f.marked(), u.marked()),
    }
}

impl Model<'_> {
    /// The name an actor has in the report: at the last step, else at the
    /// first, else its latest.
    pub fn name(&self, key: ActorKey) -> &str {
        let actor = self.data.actor(key);
        actor
            .phase_at(&self.last)
            .or_else(|| actor.phase_at(&self.first))
            .map_or_else(|| actor.current().name(), |p| p.name())
    }

    /// `2021 to 2026`, or one step's label.
    pub fn period(&self) -> String {
        if self.first == self.last {
            self.first.to_string()
        } else {
            format!("{} to {}", self.first, self.last)
        }
    }

    /// `yearly`, `monthly`, `every 3 months`.
    pub fn step_words(&self) -> String {
        match self.step {
            Step::Years(1) => "yearly".to_owned(),
            Step::Months(1) => "monthly".to_owned(),
            Step::Years(n) => format!("every {n} years"),
            Step::Months(n) => format!("every {n} months"),
        }
    }

    /// The steps in runs of consecutive steps with the same camps (same
    /// members in the same slots, same frustration): the first and last
    /// step of each run and the run's first step.
    pub fn camp_runs(&self) -> Vec<(Selector, Selector, &StepModel<'_>)> {
        let mut runs: Vec<(Selector, Selector, &StepModel<'_>)> = Vec::new();
        for step in &self.steps {
            match runs.last_mut() {
                Some((_, last, head))
                    if head.aligned == step.aligned
                        && head.camps.frustration() == step.camps.frustration()
                        && head.camps.is_exact() == step.camps.is_exact()
                        && head.camps.robustness() == step.camps.robustness() =>
                {
                    *last = step.counts.at;
                }
                _ => runs.push((step.counts.at, step.counts.at, step)),
            }
        }
        runs
    }

    /// How many pairs changed in each way, in the order new, ended,
    /// flipped, shifted.
    /// "A – B turned from + to − in 2022", one per turn, with the actors
    /// named by `named` and the step label escaped by `escape`.
    pub fn turn_sentences(
        &self,
        named: impl Fn(ActorKey) -> String,
        escape: impl Fn(&str) -> String,
    ) -> Vec<String> {
        self.turns
            .iter()
            .map(|t| {
                format!(
                    "{} – {} turned from {} to {} in {}",
                    named(t.a),
                    named(t.b),
                    sign_word(t.from),
                    sign_word(t.to),
                    escape(&t.at.to_string())
                )
            })
            .collect()
    }

    /// The (up to) `n` top-ranked changes as "A – B (flipped, +0.53 →
    /// −5.70 a day)".
    pub fn leading_changes(&self, n: usize, named: impl Fn(ActorKey) -> String) -> Vec<String> {
        let day = |v: Option<f64>| {
            v.map_or_else(
                || "none".to_owned(),
                |v| format!("{v:+.2}").replace('-', "−"),
            )
        };
        self.changes
            .iter()
            .take(n)
            .map(|c| {
                let d = &c.dyad;
                format!(
                    "{} – {} ({}, {} → {} a day)",
                    named(d.a),
                    named(d.b),
                    d.change,
                    day(d.before_net),
                    day(d.after_net)
                )
            })
            .collect()
    }

    /// Whether some step has an alleged tie in force: the report then says
    /// whether leaving them out changes its figures (rule R5).
    pub fn has_alleged(&self) -> bool {
        self.steps.iter().any(|s| s.alleged)
    }

    /// The robustness sentence of the summary (rule R5): at which steps
    /// leaving the alleged ties out changes the balance ratio and the camps;
    /// `None` when no alleged tie is in force at any step.
    pub fn robustness_sentence(&self) -> Option<String> {
        if !self.has_alleged() {
            return None;
        }
        let labels = |pick: &dyn Fn(&StepModel<'_>) -> bool| -> Vec<String> {
            self.steps
                .iter()
                .filter(|s| pick(s))
                .map(|s| s.counts.at.to_string())
                .collect()
        };
        let balance = labels(&|s| s.balance_robustness.changes());
        let camps = labels(&|s| s.camps.robustness().changes());
        let at = |steps: &[String]| match steps {
            [] => String::new(),
            [one] => format!("in {one}"),
            [rest @ .., last] => format!("in {} and {last}", rest.join(", ")),
        };
        Some(match (balance.is_empty(), camps.is_empty()) {
            (true, true) => "Leaving out the alleged ties changes neither the balance nor the \
                             camps at any step."
                .to_owned(),
            (false, true) => format!(
                "Leaving out the alleged ties changes the balance {} but not the camps.",
                at(&balance)
            ),
            (true, false) => format!(
                "Leaving out the alleged ties changes the camps {} but not the balance.",
                at(&camps)
            ),
            (false, false) => format!(
                "Leaving out the alleged ties changes the balance {} and the camps {}.",
                at(&balance),
                at(&camps)
            ),
        })
    }

    pub fn change_counts(&self) -> [usize; 4] {
        let mut counts = [0; 4];
        for c in &self.changes {
            match c.dyad.change {
                Change::New => counts[0] += 1,
                Change::Ended => counts[1] += 1,
                Change::Flipped => counts[2] += 1,
                Change::Shifted => counts[3] += 1,
                Change::Unchanged => {}
            }
        }
        counts
    }
}

#[cfg(test)]
mod tests;

/// A ratio as a whole percentage, `—` when there is none.
fn percent(ratio: Option<f64>) -> String {
    ratio.map_or_else(|| "—".to_owned(), |r| format!("{:.0}%", r * 100.0))
}
