//! Everything a report shows, computed once from the dataset and the
//! report's options: counts, camps, changes and the rendered diagrams.
//! [`super::sections`] lays it out.

use std::collections::{BTreeMap, BTreeSet};

use super::Report;
use crate::analysis::{self, Camps, Mover, Switch, TimelineStep, Turn};
use crate::diff::{Change, Diff, DyadChange};
use crate::model::{Actor, ActorKey, Dataset, Phase, Tie};
use crate::pairs::Pairs;
use crate::render::{self, reachable, DiagramOptions, Format, RenderError};
use crate::snapshot::Snapshot;
use crate::time::{Selector, Step};

impl<'d> Report<'d> {
    /// Computes everything the report shows and draws the diagrams.
    pub(super) fn model(&self) -> crate::Result<Model<'d>> {
        let data = self.dataset;
        render::check_steps(self.step, self.from, self.to)?;
        let steps = self.step.periods(self.from, self.to);
        let (Some(&first), Some(&last)) = (steps.first(), steps.last()) else {
            return Err(RenderError::EmptyTimeline {
                from: self.from,
                to: self.to,
            }
            .into());
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
        let snaps: Vec<Snapshot<'d>> = data.sweep(steps.iter().copied()).collect();
        let camps: Vec<Camps<'d>> = snaps
            .iter()
            .map(|snap| analysis::camps_with(snap, self.camps, &self.camps_options))
            .collect();
        let labelled = analysis::label_steps(
            data,
            self.camps,
            snaps.iter().map(|s| s.selector()).zip(&camps),
        );
        let (figures, diff) = self.figures(&options, &steps, labelled.switches())?;

        let counts = analysis::timeline(data, self.from, self.to, self.step);
        let shown: Vec<Pairs> = snaps
            .iter()
            .map(|s| Pairs::from_ties(s.ties().filter(|t| options.shows(t.kind())), &s.selector()))
            .collect();
        let drawn = drawn(&shown, &options);
        let changes = match (shown.first(), shown.last()) {
            (Some(before), Some(after)) if shown.len() > 1 => {
                changes(data, &steps, &shown, before, after, &options)
            }
            _ => Vec::new(),
        };
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

        let step_models = step_models(camps, labelled.steps(), &snaps, counts.steps(), figures);
        Ok(Model {
            data,
            title,
            first,
            last,
            step: self.step,
            scope: crate::render::scope(data, &options),
            steps: step_models,
            switches: labelled.switches().to_vec(),
            diff,
            pair_charts: pair_charts(data, &changes),
            changes,
            movers,
            turns,
            actors: actor_rows(data, &drawn, first, last),
        })
    }

    /// The diagrams: one per step, each marking the actors that changed
    /// camp at it, and the diff of the first and last (none for a single
    /// step).
    fn figures(
        &self,
        options: &DiagramOptions,
        steps: &[Selector],
        switches: &[Switch],
    ) -> crate::Result<(Vec<Figure>, Option<Figure>)> {
        let switched = steps
            .iter()
            .map(|&at| {
                switches
                    .iter()
                    .filter(|w| w.at == at)
                    .map(|w| w.actor)
                    .collect()
            })
            .collect();
        let diagrams = render::Timeline::new(self.dataset, self.from, self.to, self.step)
            .options(options.clone())
            .switched(switched)
            .diagrams()?;
        let mut figures = Vec::with_capacity(diagrams.len());
        for d in diagrams {
            let svg = render::render(&d.dot, Format::Svg, self.renderer)?;
            figures.push(Figure { name: d.name, svg });
        }
        let diff = if figures.len() > steps.len() {
            figures.pop()
        } else {
            None
        };
        Ok((figures, diff))
    }
}

/// Each step: its counts, camps (and the same camps labelled as
/// [`analysis::camps_over_time`] labels them), diagram, balance without the
/// alleged ties and walk-based balance.
fn step_models<'d>(
    camps: Vec<Camps<'d>>,
    labelled: &[analysis::StepCamps],
    snaps: &[Snapshot<'d>],
    counts: &[TimelineStep],
    figures: Vec<Figure>,
) -> Vec<StepModel<'d>> {
    camps
        .into_iter()
        .zip(labelled)
        .zip(counts)
        .zip(figures)
        .zip(snaps)
        .map(|((((camps, labelled), &counts), figure), snap)| {
            let count = analysis::TriangleCount {
                balanced: counts.balanced,
                unbalanced: counts.unbalanced,
            };
            StepModel {
                counts,
                camps,
                aligned: labelled.camps.clone(),
                figure,
                alleged: snap.has_alleged(),
                balance_robustness: analysis::balance_robustness(snap, count),
                walk: analysis::walk_balance(snap),
            }
        })
        .collect()
}

/// The actors the diagrams draw: those of a shown pair, near the focus.
fn drawn(shown: &[Pairs], options: &DiagramOptions) -> BTreeSet<ActorKey> {
    let mut drawn: BTreeSet<ActorKey> = BTreeSet::new();
    for pairs in shown {
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
    drawn
}

/// The actors drawn, each with its phases during the period.
fn actor_rows<'d>(
    data: &'d Dataset,
    drawn: &BTreeSet<ActorKey>,
    first: Selector,
    last: Selector,
) -> Vec<ActorRow<'d>> {
    let period_start = first.start();
    let period_end = last.end();
    drawn
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
        .collect()
}

/// The width of a pair's chart in the report, in pixels: what is left of
/// an A4 page's 703 px of text (12 mm margins) inside a figure's border
/// and padding.
const PAIR_CHART_WIDTH: f64 = 660.0;

/// A time chart of each of the (up to) five top-ranked changes.
fn pair_charts(data: &Dataset, changes: &[PairChange<'_>]) -> Vec<Figure> {
    changes
        .iter()
        .take(PAIR_CHARTS)
        .map(|c| {
            let (a, b) = (c.dyad.a, c.dyad.b);
            let history = data.history(a, b);
            Figure {
                name: format!("pair-{}-{}", data.actor_id(a), data.actor_id(b)),
                // As wide as a printed A4 page's text: its 11 px legend
                // is not shrunk when printed.
                svg: render::history_chart(
                    &history,
                    &render::HistoryChartOptions::default().width(PAIR_CHART_WIDTH),
                )
                .into_bytes(),
            }
        })
        .collect()
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

/// Whether an actor is kept by a focus (`None`: no focus, everyone is).
fn kept(keep: &Option<BTreeSet<ActorKey>>, key: ActorKey) -> bool {
    keep.as_ref().is_none_or(|s| s.contains(&key))
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
    /// [`analysis::camps_over_time`]); empty slots are camps that have no
    /// member at this step.
    pub aligned: Vec<Vec<ActorKey>>,
    /// The step's diagram.
    pub figure: Figure,
    /// Whether some tie in force at this step is alleged (rule R5).
    pub alleged: bool,
    /// The balance without the alleged ties (the camps' is in `camps`).
    pub balance_robustness: analysis::Robustness<analysis::TriangleCount>,
    /// The walk-based balance of the whole network (see
    /// [`analysis::walk_balance`]).
    pub walk: Option<f64>,
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
    /// The actor.
    pub actor: &'d Actor,
    /// Its phases in force during some part of the period.
    pub phases: Vec<&'d Phase>,
}

/// Everything a report shows.
#[derive(Debug, Clone)]
pub(crate) struct Model<'d> {
    /// The dataset reported on.
    pub data: &'d Dataset,
    /// The report's title.
    pub title: String,
    /// The first step.
    pub first: Selector,
    /// The last step.
    pub last: Selector,
    /// The step length.
    pub step: Step,
    /// What the options narrow the diagrams and changes to, in words.
    pub scope: Vec<String>,
    /// Every step, in order.
    pub steps: Vec<StepModel<'d>>,
    /// The actors whose camp changed from one step to the next, by step
    /// then actor key.
    pub switches: Vec<Switch>,
    /// The diagram of the first step against the last (absent for a
    /// single step).
    pub diff: Option<Figure>,
    /// Sorted by change (flipped, new, ended, shifted), then ids.
    pub changes: Vec<PairChange<'d>>,
    /// Time charts of the top-ranked changed pairs, in rank order.
    pub pair_charts: Vec<Figure>,
    /// Actors drawn whose pairs changed, most changes first.
    pub movers: Vec<Mover>,
    /// The pairs that turned (rule R3) over the period, by step then ids.
    pub turns: Vec<Turn>,
    /// The actors drawn in some diagram, by id.
    pub actors: Vec<ActorRow<'d>>,
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

    /// Whether some step has an alleged tie in force: the report then says
    /// whether leaving them out changes its figures (rule R5).
    pub fn has_alleged(&self) -> bool {
        self.steps.iter().any(|s| s.alleged)
    }

    /// How many pairs changed in each way, in the order new, ended,
    /// flipped, shifted.
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
