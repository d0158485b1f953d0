//! The explorer's data: what the page embeds as JSON, computed here so that
//! every figure it shows can be checked against [`Dataset::snapshot`].

use std::collections::BTreeSet;

use serde::Serialize;

use crate::analysis::count_triangles;
use crate::model::{ActorKind, Confidence, Dataset, Sign, Tie, TieKind};
use crate::render::pinned;
use crate::time::{Date, Selector};

/// The most points of the balance chart: a range with more days on which
/// something starts or ends is sampled at this many evenly spaced days.
pub const MAX_CHART_POINTS: usize = 1500;

/// Room around the drawing, in pixels.
const MARGIN: f64 = 24.0;

/// Everything the explorer page shows, as it is embedded in the page
/// (`<script type="application/json" id="tiegraph-data">`).
///
/// Days are day numbers (days since 1970-01-01), the value of the page's
/// slider. Actors are sorted by id and ties by (start, id); ties, pairs and
/// sources refer to actors and sources by their index in these lists.
///
/// Only what the range touches is kept: the actors in force on some day
/// of it that have a tie in force during it, those ties, the pairs they
/// join and the sources they cite.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExplorerData {
    /// The page's title.
    pub title: String,
    /// The first day of the range.
    pub from: i32,
    /// The last day of the range (inclusive: the slider's maximum).
    pub to: i32,
    /// The least confidence of the ties kept (`--min-confidence`).
    pub min_confidence: Confidence,
    /// Width and height of the drawing, in pixels.
    pub width: f64,
    /// See [`ExplorerData::width`].
    pub height: f64,
    /// The actors, sorted by id.
    pub actors: Vec<ActorData>,
    /// The pairs of actors some tie joins (a mediation joins the mediator
    /// to each party), each `[a, b]` with `a < b`, sorted.
    pub pairs: Vec<[usize; 2]>,
    /// The ties in force during the range, sorted by (start, id).
    pub ties: Vec<TieData>,
    /// The sources the ties cite, sorted by id.
    pub sources: Vec<SourceData>,
    /// The step counts of the whole network (no filter but the minimum
    /// confidence) from each day on which it changes, for the balance
    /// chart; at most [`MAX_CHART_POINTS`], sampled when there are more.
    pub steps: Vec<StepCounts>,
}

/// An actor as the explorer draws it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorData {
    /// The stable id.
    pub id: String,
    /// Centre of its node, in pixels from the top left of the drawing.
    pub x: f64,
    /// See [`ActorData::x`].
    pub y: f64,
    /// Width of its node: the largest of its phases in the range.
    pub w: f64,
    /// Height of its node.
    pub h: f64,
    /// Every alias of every phase, for the search box (sorted, distinct).
    pub aliases: Vec<String>,
    /// Its phases, sorted by `from`.
    pub phases: Vec<PhaseData>,
}

/// One phase of an actor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhaseData {
    /// First day in force, `null` for since forever.
    pub from: Option<i32>,
    /// First day no longer in force, `null` for still in force.
    pub until: Option<i32>,
    /// The name during the phase.
    pub name: String,
    /// The name in lines, as the diagrams wrap it.
    pub lines: Vec<String>,
    /// The kind during the phase.
    pub kind: ActorKind,
    /// The phase's note.
    pub note: Option<String>,
}

/// A tie as the explorer draws it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TieData {
    /// The tie's id.
    pub id: String,
    /// Index of the source actor.
    pub source: usize,
    /// Index of the target actor.
    pub target: usize,
    /// Index of the second party of a mediation.
    pub with: Option<usize>,
    /// The kind.
    pub kind: TieKind,
    /// First day in force.
    pub start: i32,
    /// First day no longer in force, `null` when ongoing.
    pub end: Option<i32>,
    /// The start as people read it, with its qualifier (`c. 2021-08`).
    pub start_text: String,
    /// The end as people read it, `null` when ongoing.
    pub end_text: Option<String>,
    /// The weight in (0, 1].
    pub weight: f64,
    /// How well established the tie is (rule R5).
    pub confidence: Confidence,
    /// Whether it is drawn with an arrowhead (rule R6).
    pub directed: bool,
    /// Indices of the sources cited.
    pub sources: Vec<usize>,
    /// The note.
    pub note: Option<String>,
    /// Index of the pair source–target in [`ExplorerData::pairs`], then of
    /// the pair source–`with` for a mediation.
    pub pairs: Vec<usize>,
    /// For each line of the tie (as `pairs`), its lane among the pair's
    /// ties: ties of a pair in force at the same time get different lanes,
    /// drawn side by side.
    pub lanes: Vec<usize>,
}

/// A source as the focus panel cites it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceData {
    /// The id ties cite.
    pub id: String,
    /// The title.
    pub title: Option<String>,
    /// Who published it.
    pub publisher: Option<String>,
    /// When, as people read it (`c. 2020`).
    pub published: Option<String>,
    /// The reference as written (a URL or a file name).
    pub reference: Option<String>,
    /// The web link the page makes of it ([`crate::link::web_link`] of the
    /// `url`, else of the reference), `null` when it has none.
    pub url: Option<String>,
    /// How the source was established.
    pub note: Option<String>,
}

/// The figures of the network on one day: what `snapshot`, `balance` and
/// `timeline` say for that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StepCounts {
    /// The day these hold from (until the next step's day).
    pub day: i32,
    /// Ties in force.
    pub ties: usize,
    /// Pairs with a tie in force.
    pub pairs: usize,
    /// Pairs whose net sign is `+`.
    pub positive: usize,
    /// Pairs whose net sign is `-`.
    pub negative: usize,
    /// Balanced triangles of the signed graph.
    pub balanced: usize,
    /// Unbalanced triangles.
    pub unbalanced: usize,
}

impl StepCounts {
    /// The figures of the network on `day` (a day number), computed by
    /// the library's snapshot, pairs and triangle count; `None` for a day
    /// outside the years 0001–9999.
    ///
    /// # Example
    ///
    /// ```
    /// use tiegraph::explore::StepCounts;
    ///
    /// let data = tiegraph::default_dataset();
    /// let day = "2026-03-01".parse::<tiegraph::Date>()?.first_day();
    /// let counts = StepCounts::at(data, day).expect("a day of the calendar");
    /// assert_eq!(counts.ties, data.snapshot(&"2026-03-01".parse()?).ties().count());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn at(dataset: &Dataset, day: i32) -> Option<StepCounts> {
        let selector = day_selector(day)?;
        Some(counts(&dataset.snapshot(&selector), day))
    }
}

/// The selector of one day.
fn day_selector(day: i32) -> Option<Selector> {
    Date::from_day_number(day).map(Selector::from_date)
}

fn counts(snap: &crate::Snapshot<'_>, day: i32) -> StepCounts {
    let pairs = snap.pairs();
    let triangles = count_triangles(&pairs);
    StepCounts {
        day,
        ties: snap.tie_keys().len(),
        pairs: pairs.len(),
        positive: pairs.iter().filter(|p| p.sign() == Sign::Positive).count(),
        negative: pairs.iter().filter(|p| p.sign() == Sign::Negative).count(),
        balanced: triangles.balanced,
        unbalanced: triangles.unbalanced,
    }
}

/// Builds the data of an explorer over `range` (see [`ExplorerData`]).
pub(crate) fn build(
    dataset: &Dataset,
    range: &Selector,
    title: String,
    min_confidence: Confidence,
) -> ExplorerData {
    let ties: Vec<&Tie> = dataset
        .ties()
        .iter()
        .filter(|t| t.confidence() >= min_confidence && t.is_in_force(range))
        .collect();

    // Actors: those the ties join, in id order (keys are in id order).
    let keys: BTreeSet<crate::ActorKey> = ties
        .iter()
        .flat_map(|t| [Some(t.source()), Some(t.target()), t.with()])
        .flatten()
        .collect();
    let keys: Vec<crate::ActorKey> = keys.into_iter().collect();
    let index = |k: crate::ActorKey| keys.binary_search(&k).unwrap_or(0);

    // Pairs, and each line's lane among its pair's ties.
    let pair_set: BTreeSet<(usize, usize)> = ties
        .iter()
        .flat_map(|t| t.pairs())
        .map(|(x, y)| {
            let (a, b) = (index(x), index(y));
            (a.min(b), a.max(b))
        })
        .collect();
    let pairs: Vec<[usize; 2]> = pair_set.iter().map(|&(a, b)| [a, b]).collect();
    let pair_index = |a: usize, b: usize| pairs.binary_search(&[a.min(b), a.max(b)]).unwrap_or(0);
    // Per pair, the first day after each lane's last tie (`None`: open).
    let mut lane_ends: Vec<Vec<Option<i32>>> = vec![Vec::new(); pairs.len()];

    // Sources, in the dataset's order (by id).
    let cited: BTreeSet<u32> = ties
        .iter()
        .flat_map(|t| dataset.source_refs(t).iter().copied())
        .collect();
    let cited: Vec<u32> = cited.into_iter().collect();

    let tie_data: Vec<TieData> = ties
        .iter()
        .map(|t| {
            let mut pair_ids = Vec::with_capacity(2);
            let mut lanes = Vec::with_capacity(2);
            for (x, y) in t.pairs() {
                let p = pair_index(index(x), index(y));
                let ends = &mut lane_ends[p];
                // Ties come by start: a lane is free once its last tie ended.
                let free = ends
                    .iter()
                    .position(|e| e.is_some_and(|e| e <= t.start_day()));
                let lane = free.unwrap_or(ends.len());
                if lane == ends.len() {
                    ends.push(t.end_day());
                } else {
                    ends[lane] = t.end_day();
                }
                pair_ids.push(p);
                lanes.push(lane);
            }
            TieData {
                id: t.id().to_owned(),
                source: index(t.source()),
                target: index(t.target()),
                with: t.with().map(index),
                kind: t.kind(),
                start: t.start_day(),
                end: t.end_day(),
                start_text: t.start().marked().to_string(),
                end_text: t.end().map(|e| e.marked().to_string()),
                weight: t.weight(),
                confidence: t.confidence(),
                directed: t.is_directed(),
                sources: dataset
                    .source_refs(t)
                    .iter()
                    .filter_map(|s| cited.binary_search(s).ok())
                    .collect(),
                note: t.note().map(str::to_owned),
                pairs: pair_ids,
                lanes,
            }
        })
        .collect();

    let sources: Vec<SourceData> = cited
        .iter()
        .filter_map(|&i| dataset.sources().get(i as usize))
        .map(|s| SourceData {
            id: s.id().to_owned(),
            title: s.title().map(str::to_owned),
            publisher: s.publisher().map(str::to_owned),
            published: s
                .published_date()
                .map(|d| d.marked().to_string())
                .or_else(|| s.published().map(str::to_owned)),
            reference: s.reference().map(str::to_owned),
            url: s
                .url()
                .into_iter()
                .chain(s.reference())
                .find_map(crate::link::web_link)
                .map(std::borrow::Cow::into_owned),
            note: s.note().map(str::to_owned),
        })
        .collect();

    // The layout of the whole range: every actor with its largest label,
    // every pair as many times as it has lanes.
    let mut actors: Vec<ActorData> = Vec::with_capacity(keys.len());
    let mut labels: Vec<(&str, &str, ActorKind)> = Vec::with_capacity(keys.len());
    for &key in &keys {
        let actor = dataset.actor(key);
        let phases: Vec<&crate::Phase> = actor
            .phases()
            .iter()
            .filter(|p| p.overlaps(range))
            .collect();
        let mut size = (0.0_f64, 0.0_f64);
        let mut largest: Option<(&str, ActorKind, f64)> = None;
        for p in &phases {
            let (w, h) = pinned::node_size(actor.id(), p.name(), p.kind());
            size = (size.0.max(w), size.1.max(h));
            if largest.is_none_or(|l| w * h > l.2) {
                largest = Some((p.name(), p.kind(), w * h));
            }
        }
        let (name, kind) = largest.map_or((actor.id(), ActorKind::Group), |l| (l.0, l.1));
        labels.push((actor.id(), name, kind));
        let aliases: BTreeSet<&str> = phases.iter().flat_map(|p| p.aliases()).collect();
        actors.push(ActorData {
            id: actor.id().to_owned(),
            x: 0.0,
            y: 0.0,
            w: size.0,
            h: size.1,
            aliases: aliases.into_iter().map(str::to_owned).collect(),
            phases: phases
                .iter()
                .map(|p| PhaseData {
                    from: p.from().map(Date::first_day),
                    until: p.until().map(Date::first_day),
                    name: p.name().to_owned(),
                    lines: pinned::label_lines(p.name()),
                    kind: p.kind(),
                    note: p.note().map(str::to_owned),
                })
                .collect(),
        });
    }
    let layout_pairs = pairs.iter().zip(&lane_ends).flat_map(|(&[a, b], lanes)| {
        std::iter::repeat_n((labels[a].0, labels[b].0), lanes.len().max(1))
    });
    let (at, ((x0, y0), (x1, y1))) = pinned::place(&labels, layout_pairs);
    for a in &mut actors {
        if let Some(&(x, y)) = at.get(&a.id) {
            // Points with y up to pixels with y down, inside the margin.
            a.x = round2(x - x0 + MARGIN);
            a.y = round2(y1 - y + MARGIN);
        }
    }

    ExplorerData {
        title,
        from: range.start(),
        to: range.end() - 1,
        min_confidence,
        width: round2(x1 - x0 + 2.0 * MARGIN),
        height: round2(y1 - y0 + 2.0 * MARGIN),
        actors,
        pairs,
        ties: tie_data,
        sources,
        steps: steps(dataset, range, &ties, &keys),
    }
}

/// Hundredths of a pixel: enough, and stable text.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The step counts from each day of the range on which the network
/// changes (a tie or an actor's phase starts or ends), sampled at
/// [`MAX_CHART_POINTS`] evenly spaced days when there are more.
fn steps(
    dataset: &Dataset,
    range: &Selector,
    ties: &[&Tie],
    keys: &[crate::ActorKey],
) -> Vec<StepCounts> {
    let (start, end) = (range.start(), range.end());
    let mut days: BTreeSet<i32> = BTreeSet::from([start]);
    let inside = |d: i32| d > start && d < end;
    for t in ties {
        days.extend(
            [Some(t.start_day()), t.end_day()]
                .into_iter()
                .flatten()
                .filter(|&d| inside(d)),
        );
    }
    for &k in keys {
        for p in dataset.actor(k).phases() {
            days.extend(
                [p.from(), p.until()]
                    .into_iter()
                    .flatten()
                    .map(Date::first_day)
                    .filter(|&d| inside(d)),
            );
        }
    }
    let days: Vec<i32> = if days.len() > MAX_CHART_POINTS {
        let span = i64::from(end) - i64::from(start);
        let n = MAX_CHART_POINTS as i64;
        (0..n)
            .map(|i| start + (i * span / n) as i32)
            .collect::<BTreeSet<i32>>()
            .into_iter()
            .collect()
    } else {
        days.into_iter().collect()
    };
    // The range's days are days of the calendar: none is dropped here.
    let days: Vec<(i32, Selector)> = days
        .into_iter()
        .filter_map(|d| Some((d, day_selector(d)?)))
        .collect();
    dataset
        .sweep(days.iter().map(|&(_, s)| s))
        .zip(&days)
        .map(|(snap, &(day, _))| counts(&snap, day))
        .collect()
}
