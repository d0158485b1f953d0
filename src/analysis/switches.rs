//! Camps over time: the camps of every step of a timeline, labelled so that
//! the most actors keep their label from one step to the next, and who
//! switched sides.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::camps::{camps_with, Camps, CampsOptions};
use crate::model::{ActorKey, Dataset};
use crate::time::Selector;

/// The camps of one step, in label order: `camps[i]` holds the actors with
/// label `i + 1` (possibly none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepCamps {
    /// The period of the step.
    pub at: Selector,
    /// The actors of each label `1..=k`, sorted by key.
    pub camps: Vec<Vec<ActorKey>>,
    /// The frustration of the partition.
    pub frustration: usize,
    /// A proven lower bound on the least frustration (see
    /// [`Camps::lower_bound`](super::Camps::lower_bound)).
    pub lower_bound: usize,
    /// Whether the frustration equals the bound.
    pub exact: bool,
}

impl StepCamps {
    /// The label (`1..=k`) of `actor` at this step, if it is in a camp.
    pub fn label_of(&self, actor: ActorKey) -> Option<usize> {
        self.camps
            .iter()
            .position(|c| c.binary_search(&actor).is_ok())
            .map(|i| i + 1)
    }
}

/// An actor in a camp at two consecutive steps whose label changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Switch {
    /// The later of the two steps.
    pub at: Selector,
    /// The actor.
    pub actor: ActorKey,
    /// Its label at the earlier step (`1..=k`).
    pub from: usize,
    /// Its label at `at`.
    pub to: usize,
}

/// The camps of each step and the switches between steps.
///
/// Made by [`camps_over_time`] (and
/// [`Timeline::with_camps`](super::Timeline::with_camps)); serializes to `{"k", "steps": [{"at",
/// "camps", "frustration", "lower_bound", "exact"}], "switches": [{"id",
/// "at", "from", "to"}]}` with `camps` a list of `k` lists of ids, label 1
/// first.
#[derive(Debug, Clone)]
pub struct CampsOverTime<'d> {
    dataset: &'d Dataset,
    k: usize,
    steps: Vec<StepCamps>,
    switches: Vec<Switch>,
}

impl CampsOverTime<'_> {
    /// The number of camps allowed.
    pub fn k(&self) -> usize {
        self.k
    }

    /// The camps of each step, in step order.
    pub fn steps(&self) -> &[StepCamps] {
        &self.steps
    }

    /// Every switch, in step order, then by actor key.
    pub fn switches(&self) -> &[Switch] {
        &self.switches
    }
}

/// The camps (at most `k`, from 2 to 8) of the snapshot of each of `steps`,
/// with labels `1..=k` aligned from step to step, and the actors that
/// switched.
///
/// At the first step the camps take labels in their order (by first id).
/// At each later step the labels are the assignment of camps to labels,
/// among all k! of them, under which the most actors present at both steps
/// keep their label; ties go to the first in lexicographic order of the
/// labels given to the camps. Each step is solved by
/// [`camps_with`](super::camps_with) under `options`.
///
/// # Example
///
/// ```
/// use tiegraph::analysis::{camps_over_time, CampsOptions};
///
/// let data = tiegraph::default_dataset();
/// let steps = ["2021", "2022", "2023", "2024", "2025"].map(|s| s.parse().unwrap());
/// let over = camps_over_time(data, &steps, 2, &CampsOptions::default());
/// assert_eq!(over.steps().len(), 5);
/// let (pak, tal) = (data.resolve("PAK")?, data.resolve("TAL")?);
/// let last = &over.steps()[4];
/// assert_ne!(last.label_of(pak), last.label_of(tal));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn camps_over_time<'d>(
    dataset: &'d Dataset,
    steps: &[Selector],
    k: usize,
    options: &CampsOptions,
) -> CampsOverTime<'d> {
    let k = k.clamp(2, 8);
    let found: Vec<(Selector, Camps<'d>)> = steps
        .iter()
        .map(|&at| (at, camps_with(&dataset.snapshot(&at), k, options)))
        .collect();
    label_steps(dataset, k, found.iter().map(|(at, c)| (*at, c)))
}

/// The labelling of [`camps_over_time`], for camps already found (with at
/// most `k` camps each): the report computes each step's [`Camps`] once and
/// labels them here.
pub(crate) fn label_steps<'d, 'c>(
    dataset: &'d Dataset,
    k: usize,
    found: impl IntoIterator<Item = (Selector, &'c Camps<'c>)>,
) -> CampsOverTime<'d> {
    let mut out: Vec<StepCamps> = Vec::new();
    let mut switches = Vec::new();
    for (at, c) in found {
        let found: Vec<Vec<ActorKey>> = c.camps().to_vec();
        let labels = match out.last() {
            None => (0..found.len()).collect(),
            Some(prev) => best_labels(prev, &found, k),
        };
        let mut camps = vec![Vec::new(); k];
        for (camp, &label) in found.into_iter().zip(&labels) {
            camps[label] = camp;
        }
        let step = StepCamps {
            at,
            camps,
            frustration: c.frustration(),
            lower_bound: c.lower_bound(),
            exact: c.is_exact(),
        };
        if let Some(prev) = out.last() {
            let mut here = Vec::new();
            for (i, camp) in step.camps.iter().enumerate() {
                for &actor in camp {
                    if let Some(from) = prev.label_of(actor) {
                        if from != i + 1 {
                            here.push(Switch {
                                at,
                                actor,
                                from,
                                to: i + 1,
                            });
                        }
                    }
                }
            }
            here.sort_by_key(|w| w.actor);
            switches.extend(here);
        }
        out.push(step);
    }
    CampsOverTime {
        dataset,
        k,
        steps: out,
        switches,
    }
}

/// The label (0-based) of each of `found`'s camps that keeps the most
/// actors' labels from `prev`: every injective assignment is tried, in
/// lexicographic order, the first best kept.
fn best_labels(prev: &StepCamps, found: &[Vec<ActorKey>], k: usize) -> Vec<usize> {
    // kept[c][l]: actors of camp c that had label l + 1.
    let kept: Vec<Vec<usize>> = found
        .iter()
        .map(|camp| {
            let mut row = vec![0; k];
            for &a in camp {
                if let Some(l) = prev.label_of(a) {
                    row[l - 1] += 1;
                }
            }
            row
        })
        .collect();
    let mut best: (usize, Vec<usize>) = (0, (0..found.len()).collect());
    let mut current = Vec::with_capacity(found.len());
    let mut used = vec![false; k];
    assign(&kept, &mut current, &mut used, 0, &mut best);
    best.1
}

/// Depth-first over injective assignments of camps to labels.
fn assign(
    kept: &[Vec<usize>],
    current: &mut Vec<usize>,
    used: &mut [bool],
    score: usize,
    best: &mut (usize, Vec<usize>),
) {
    let c = current.len();
    if c == kept.len() {
        if score > best.0 {
            *best = (score, current.clone());
        }
        return;
    }
    for l in 0..used.len() {
        if used[l] {
            continue;
        }
        used[l] = true;
        current.push(l);
        assign(kept, current, used, score + kept[c][l], best);
        current.pop();
        used[l] = false;
    }
}

impl Serialize for CampsOverTime<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.dataset;
        let steps: Vec<StepJson<'_>> = self.steps.iter().map(|step| StepJson { d, step }).collect();
        let switches = switches_json(d, &self.switches);
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("k", &self.k)?;
        m.serialize_entry("steps", &steps)?;
        m.serialize_entry("switches", &switches)?;
        m.end()
    }
}

struct StepJson<'a> {
    d: &'a Dataset,
    step: &'a StepCamps,
}

impl Serialize for StepJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let camps: Vec<Vec<&str>> = self
            .step
            .camps
            .iter()
            .map(|c| c.iter().map(|&a| self.d.actor_id(a)).collect())
            .collect();
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry("at", &self.step.at)?;
        m.serialize_entry("camps", &camps)?;
        m.serialize_entry("frustration", &self.step.frustration)?;
        m.serialize_entry("lower_bound", &self.step.lower_bound)?;
        m.serialize_entry("exact", &self.step.exact)?;
        m.end()
    }
}

#[derive(Serialize)]
pub(super) struct SwitchJson<'a> {
    id: &'a str,
    at: Selector,
    from: usize,
    to: usize,
}

/// The switches as JSON objects (`id`, `at`, `from`, `to`), for
/// `camps_over_time` and `timeline --camps` alike.
pub(super) fn switches_json<'a>(d: &'a Dataset, switches: &[Switch]) -> Vec<SwitchJson<'a>> {
    switches
        .iter()
        .map(|w| SwitchJson {
            id: d.actor_id(w.actor),
            at: w.at,
            from: w.from,
            to: w.to,
        })
        .collect()
}
