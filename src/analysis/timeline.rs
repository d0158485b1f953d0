//! Change over time: per-step counts over a timeline, and who moved most.
//!
//! (Over 600 lines: the incremental sweep, its per-pair state and the turn
//! detection share private data structures kept compact for speed.)

use fixedbitset::FixedBitSet;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::signed::{DynamicBalance, SignedGraph, TriangleCount};
use crate::diff::Change;
use crate::model::{ActorKey, Dataset, Sign, TieKind};
use crate::pairs::{overlap_days, weight_units, KindSet, NetValue};
use crate::time::{Date, Selector, Step};

/// The counts of one step of a [`Timeline`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimelineStep {
    /// The period of the step (a calendar month, year, or block of them).
    pub at: Selector,
    /// Ties in force on some day of the period.
    pub ties: usize,
    /// Pairs of the analysis graph.
    pub pairs: usize,
    /// Pairs of net sign `+`.
    pub positive: usize,
    /// Pairs of net sign `−`.
    pub negative: usize,
    /// Balanced triangles of the signed graph.
    pub balanced: usize,
    /// Unbalanced triangles of the signed graph.
    pub unbalanced: usize,
    /// Pairs [`Change::New`] since the previous step (0 for the first).
    pub new: usize,
    /// Pairs [`Change::Ended`] since the previous step (0 for the first).
    pub ended: usize,
    /// Pairs [`Change::Flipped`] since the previous step (0 for the first).
    pub flipped: usize,
    /// Pairs [`Change::Shifted`] since the previous step (0 for the first).
    pub shifted: usize,
    /// Pairs that [turned](Turn) at this step.
    pub turned: usize,
}

impl TimelineStep {
    /// `balanced / (balanced + unbalanced)`, `None` when there is no triangle.
    pub fn ratio(&self) -> Option<f64> {
        TriangleCount {
            balanced: self.balanced,
            unbalanced: self.unbalanced,
        }
        .ratio()
    }
}

/// A pair whose net sign at a step is `+` or `−` and differs from its most
/// recent earlier `+`/`−` sign in the same timeline (rule R3: steps where
/// the pair is `0` or absent are skipped over, so `+ 0 −` is a turn at the
/// `−` step, while [`Change::Flipped`] only compares consecutive steps).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Turn {
    /// The actor with the smaller id.
    pub a: ActorKey,
    /// The actor with the larger id.
    pub b: ActorKey,
    /// The step at which the new sign shows.
    pub at: Selector,
    /// The earlier sign.
    pub from: Sign,
    /// The new sign.
    pub to: Sign,
}

/// How much one actor's relations changed over a timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mover {
    /// The actor.
    pub key: ActorKey,
    /// Distinct pairs of this actor that changed (new, ended, flipped or
    /// shifted) between some step and the next.
    pub pairs: usize,
    /// Changes of its pairs, counted once per pair and step.
    pub changes: usize,
    /// Of those, the flips (net sign `+` to `−` or back).
    pub flips: usize,
}

/// Counts per step over a range of periods, and the actors whose relations
/// changed most.
///
/// Made by [`timeline`]. Serializes to the timeline JSON of the format:
/// `{"from", "to", "step", "steps": [{"at", "ties", "pairs", "positive",
/// "negative", "balanced", "unbalanced", "new", "ended", "flipped",
/// "shifted", "turned", "ratio"}], "movers": [{"id", "pairs", "changes",
/// "flips"}], "turns": [{"a", "b", "at", "from", "to"}]}`.
#[derive(Debug, Clone)]
pub struct Timeline<'d> {
    dataset: &'d Dataset,
    from: Date,
    to: Date,
    step: Step,
    steps: Vec<TimelineStep>,
    movers: Vec<Mover>,
    turns: Vec<Turn>,
    /// The walk-based balance of each step, when asked for.
    walks: Option<Vec<Option<f64>>>,
    /// Why a step has no walk-based balance, when asked for.
    walk_gaps: Option<Vec<Option<super::WalkGap>>>,
    /// The camps of each step, when asked for.
    camps: Option<super::CampsOverTime<'d>>,
}

impl<'d> Timeline<'d> {
    /// The dataset the keys belong to.
    pub fn dataset(&self) -> &'d Dataset {
        self.dataset
    }

    /// The date the timeline was asked from.
    pub fn from(&self) -> Date {
        self.from
    }

    /// The date the timeline was asked to.
    pub fn to(&self) -> Date {
        self.to
    }

    /// The step length.
    pub fn step(&self) -> Step {
        self.step
    }

    /// The timeline with the walk-based balance of every step (see
    /// [`walk_balance`](super::walk_balance)): one snapshot and two
    /// eigendecompositions per step, so not part of the timeline's own
    /// cost. Adds `"walk"` to each step of the JSON, and `"walk_note"`
    /// after it when it is null.
    ///
    /// # Example
    ///
    /// ```
    /// use tiegraph::analysis::timeline;
    ///
    /// let data = tiegraph::default_dataset();
    /// let t = timeline(data, "2021".parse()?, "2025".parse()?, "1y".parse()?).with_walk();
    /// let walks = t.walks().expect("asked for");
    /// assert_eq!(walks.len(), t.steps().len());
    /// assert!(walks.iter().flatten().all(|&w| w > 0.0 && w <= 1.0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_walk(mut self) -> Self {
        let walks: Vec<Result<f64, super::WalkGap>> = self
            .steps
            .iter()
            .map(|s| super::try_walk_balance(&self.dataset.snapshot(&s.at)))
            .collect();
        self.walks = Some(walks.iter().map(|w| w.ok()).collect());
        self.walk_gaps = Some(walks.iter().map(|w| w.err()).collect());
        self
    }

    /// The timeline with the camps of every step (at most `k`, 2 to 8),
    /// labels aligned from step to step, and who switched sides (see
    /// [`camps_over_time`](super::camps_over_time)). Adds `"camps"`,
    /// `"frustration"`, `"lower_bound"` and `"exact"` to each step of the
    /// JSON and `"switches"` to the timeline.
    ///
    /// # Example
    ///
    /// ```
    /// use tiegraph::analysis::{timeline, CampsOptions};
    ///
    /// let data = tiegraph::default_dataset();
    /// let t = timeline(data, "2021".parse()?, "2025".parse()?, "1y".parse()?)
    ///     .with_camps(2, &CampsOptions::default());
    /// let camps = t.camps().expect("asked for");
    /// assert_eq!(camps.steps().len(), t.steps().len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_camps(mut self, k: usize, options: &super::CampsOptions) -> Self {
        let at: Vec<Selector> = self.steps.iter().map(|s| s.at).collect();
        self.camps = Some(super::camps_over_time(self.dataset, &at, k, options));
        self
    }

    /// The camps of each step, when made by [`Timeline::with_camps`].
    pub fn camps(&self) -> Option<&super::CampsOverTime<'d>> {
        self.camps.as_ref()
    }

    /// The walk-based balance of each step, in step order, when made by
    /// [`Timeline::with_walk`].
    pub fn walks(&self) -> Option<&[Option<f64>]> {
        self.walks.as_deref()
    }

    /// Why each step has no walk-based balance (`None` for a step that
    /// has one), in step order, when made by [`Timeline::with_walk`].
    pub fn walk_gaps(&self) -> Option<&[Option<super::WalkGap>]> {
        self.walk_gaps.as_deref()
    }

    /// One entry per period, in time order.
    pub fn steps(&self) -> &[TimelineStep] {
        &self.steps
    }

    /// The actors with at least one changed pair, ranked by distinct pairs
    /// changed (most first), then changes, then id.
    pub fn movers(&self) -> &[Mover] {
        &self.movers
    }

    /// Every turn, sorted by step, then by the pair's ids.
    pub fn turns(&self) -> &[Turn] {
        &self.turns
    }
}

/// The network from the period containing `from` to the period containing
/// `to`, one [`TimelineStep`] per period of `step` (see [`Step::periods`]).
///
/// # Arguments
///
/// * `dataset` – the network.
/// * `from`, `to` – the first and last dates; each step is a whole calendar
///   period, so the steps tile the range without gaps.
/// * `step` – a number of months or years.
///
/// # Complexity
///
/// Incremental, like [`Dataset::sweep`]: the dataset's start and end
/// indexes give the ties that started and ended since the previous step,
/// and only the pairs of those ties are recomputed and only the triangles
/// through pairs whose sign changed are recounted. The first step (or one
/// where more than half of the signed pairs changed sign) is counted from
/// scratch in O(m √m). Setting up costs a sort of all ties by pair,
/// O(T log T); each further step costs O(Δ (h + d log d)) for Δ changed
/// ties, h ties in a pair's history and d the degrees of its actors.
///
/// # Example
///
/// ```
/// use tiegraph::{analysis::timeline, Step};
///
/// let data = tiegraph::default_dataset();
/// let t = timeline(data, "2021".parse()?, "2026".parse()?, Step::Years(1));
/// assert_eq!(t.steps().len(), 6);
/// assert_eq!(t.steps()[0].at.to_string(), "2021");
/// assert_eq!(t.steps()[0].new, 0);
/// // The Taliban's relations changed more than anyone's.
/// assert_eq!(data.actor_id(t.movers()[0].key), "TAL");
/// let json = serde_json::to_value(&t)?;
/// assert_eq!(json["steps"][5]["at"], "2026");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn timeline(dataset: &Dataset, from: Date, to: Date, step: Step) -> Timeline<'_> {
    let n = dataset.actors().len();
    let mut state = PairStates::new(dataset);
    let mut balance = DynamicBalance::default();
    let mut steps = Vec::new();
    let mut events: Vec<(ActorKey, ActorKey, Change)> = Vec::new();
    let mut turns = Vec::new();
    for (i, selector) in step.periods(from, to).into_iter().enumerate() {
        let touched = state.advance(&selector);
        let mut row = TimelineStep {
            at: selector,
            ties: state.ties,
            pairs: state.pairs,
            positive: state.positive,
            negative: state.negative,
            balanced: 0,
            unbalanced: 0,
            new: 0,
            ended: 0,
            flipped: 0,
            shifted: 0,
            turned: 0,
        };
        let sign_changes: Vec<&Touched> = touched.iter().filter(|t| t.sign_changed()).collect();
        if i == 0 || sign_changes.len() * 2 > balance.edge_count() {
            balance = DynamicBalance::new(state.signed_graph(n));
        } else {
            for t in sign_changes {
                balance.set(t.a.index(), t.b.index(), t.after.1.value());
            }
        }
        let count = balance.count();
        row.balanced = count.balanced;
        row.unbalanced = count.unbalanced;
        for t in &touched {
            if let Some((from, to)) = t.turn {
                row.turned += 1;
                turns.push(Turn {
                    a: t.a,
                    b: t.b,
                    at: selector,
                    from,
                    to,
                });
            }
        }
        if i > 0 {
            for t in &touched {
                let change = Change::classify(t.before.0, t.after.0, t.before.1, t.after.1);
                match change {
                    Change::New => row.new += 1,
                    Change::Ended => row.ended += 1,
                    Change::Flipped => row.flipped += 1,
                    Change::Shifted => row.shifted += 1,
                    Change::Unchanged => continue,
                }
                events.push((t.a, t.b, change));
            }
        }
        steps.push(row);
    }
    Timeline {
        dataset,
        from,
        to,
        step,
        steps,
        movers: movers(events),
        turns,
        walks: None,
        walk_gaps: None,
        camps: None,
    }
}

/// The [turns](Turn) of a series of analysis graphs, one per step (as
/// [`Timeline::turns`] finds them incrementally): for the report, whose
/// steps show only some kinds of tie or the actors near a focus.
///
/// `steps` and `pairs` are paired up in order; extra entries of the longer
/// one are ignored.
///
/// # Example
///
/// ```
/// use tiegraph::{analysis, Step};
///
/// let data = tiegraph::default_dataset();
/// let steps = Step::Years(1).periods("2021".parse()?, "2026".parse()?);
/// let pairs: Vec<_> = data.sweep(steps.iter().copied()).map(|s| s.pairs()).collect();
/// let turns = analysis::turns(&steps, &pairs);
/// let (pak, tal) = (data.resolve("PAK")?, data.resolve("TAL")?);
/// let t = turns.iter().find(|t| (t.a, t.b) == (pak, tal)).expect("a turn");
/// assert_eq!(t.at.to_string(), "2022");
/// assert_eq!((t.from.as_str(), t.to.as_str()), ("+", "-"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn turns(steps: &[Selector], pairs: &[crate::Pairs]) -> Vec<Turn> {
    let mut last: std::collections::HashMap<
        (ActorKey, ActorKey),
        Sign,
        foldhash::fast::RandomState,
    > = Default::default();
    let mut out = Vec::new();
    for (&at, step) in steps.iter().zip(pairs) {
        for p in step.iter() {
            let last = last.entry((p.a, p.b)).or_insert(Sign::Zero);
            if let Some((from, to)) = turn(last, p.sign()) {
                out.push(Turn {
                    a: p.a,
                    b: p.b,
                    at,
                    from,
                    to,
                });
            }
        }
    }
    out
}

/// Rule R3 for one pair at one step: `last` is the pair's most recent `+`/`−`
/// sign (`Zero`: none yet) and is updated; a turn is a `+`/`−` sign that
/// differs from it. Steps where the pair is `0` or absent change nothing.
fn turn(last: &mut Sign, now: Sign) -> Option<(Sign, Sign)> {
    if now == Sign::Zero {
        return None;
    }
    let before = std::mem::replace(last, now);
    (before != Sign::Zero && before != now).then_some((before, now))
}

/// Ranks actors by how many of their pairs changed.
fn movers(mut events: Vec<(ActorKey, ActorKey, Change)>) -> Vec<Mover> {
    events.sort_unstable();
    let mut by_actor: Vec<Mover> = Vec::new();
    let mut tally = |key: ActorKey, first_of_pair: bool, change: Change| {
        let i = match by_actor.binary_search_by_key(&key, |m| m.key) {
            Ok(i) => i,
            Err(i) => {
                by_actor.insert(
                    i,
                    Mover {
                        key,
                        pairs: 0,
                        changes: 0,
                        flips: 0,
                    },
                );
                i
            }
        };
        let m = &mut by_actor[i];
        m.pairs += usize::from(first_of_pair);
        m.changes += 1;
        m.flips += usize::from(change == Change::Flipped);
    };
    let mut last: Option<(ActorKey, ActorKey)> = None;
    for &(a, b, change) in &events {
        let first = last != Some((a, b));
        last = Some((a, b));
        tally(a, first, change);
        tally(b, first, change);
    }
    by_actor.sort_by(|x, y| {
        y.pairs
            .cmp(&x.pairs)
            .then(y.changes.cmp(&x.changes))
            .then(x.key.cmp(&y.key))
    });
    by_actor
}

/// A pair whose ties changed at a step, with its kinds and net sign before
/// and after.
struct Touched {
    a: ActorKey,
    b: ActorKey,
    before: (KindSet, Sign),
    after: (KindSet, Sign),
    /// The earlier and the new sign when the pair turned here.
    turn: Option<(Sign, Sign)>,
}

impl Touched {
    fn sign_changed(&self) -> bool {
        self.before.1 != self.after.1
    }
}

/// Every pair that ever has a tie, with the ties in force moved from one
/// selector to the next the way [`Sweep`](crate::Sweep) moves them, and
/// each pair's kinds and net sign kept up to date.
struct PairStates<'d> {
    dataset: &'d Dataset,
    /// The actors of each pair, sorted by (a, b): pair ids follow id order.
    ends: Vec<(ActorKey, ActorKey)>,
    /// The ties of pair `p` over all time are `pair_ties[offsets[p]..offsets[p + 1]]`.
    offsets: Vec<u32>,
    pair_ties: Vec<u32>,
    /// The pairs each tie touches (two for a mediation; `u32::MAX`: none).
    tie_pairs: Vec<[u32; 2]>,
    /// Each tie's kind, days and weight, packed so that recomputing a pair
    /// does not chase the dataset's large tie records.
    tie_values: Vec<TieValue>,
    /// The ties in force.
    active: FixedBitSet,
    /// The ties in force on only part of the previous step (they started
    /// or ended inside it): their pairs' values change at this step even
    /// when nothing starts or ends.
    partial: Vec<u32>,
    /// Scratch: the pairs of the ties that changed at this step.
    touched: FixedBitSet,
    /// Each pair's kinds and signs as of the last time it was recomputed.
    state: Vec<PairState>,
    /// Cursors over the dataset's start and end indexes.
    started: usize,
    ended: usize,
    last: Option<Selector>,
    ties: usize,
    pairs: usize,
    positive: usize,
    negative: usize,
}

const NO_PAIR: u32 = u32::MAX;

/// What the timeline keeps of one pair between steps, in 4 bytes: one
/// record, so that looking a pair up costs one cache access, not four.
#[derive(Debug, Clone, Copy)]
struct PairState {
    kinds: KindSet,
    /// The net sign over the step.
    sign: Sign,
    /// The most recent `+`/`−` sign (`Zero`: none yet), for rule R3.
    last_signed: Sign,
    /// Ties of both signs are in force. Only then does a tie that is in
    /// force on part of a step change the pair's sign; the flag stays
    /// right between recomputations because a tie starting or ending
    /// always recomputes its pairs.
    mixed: bool,
}

impl PairState {
    const EMPTY: PairState = PairState {
        kinds: KindSet::EMPTY,
        sign: Sign::Zero,
        last_signed: Sign::Zero,
        mixed: false,
    };
}

/// What recomputing a pair needs of one tie, in 16 bytes, so that a pair's
/// ties stay close together in the cache. The weight stays a float: it is
/// turned into exact units ([`weight_units`]) only for the few pairs with
/// ties of both signs in force, where days are weighed.
#[derive(Debug, Clone, Copy)]
struct TieValue {
    weight: f64,
    /// The start day times 8 plus the kind's index in [`TieKind::ALL`]
    /// (day numbers lie within ±4·10⁶, so this stays far inside `i32`).
    start_kind: i32,
    /// `i32::MAX` while ongoing.
    end: i32,
}

impl TieValue {
    fn new(kind: TieKind, weight: f64, start: i32, end: i32) -> TieValue {
        let index = TieKind::ALL.iter().position(|&k| k == kind).unwrap_or(0) as i32;
        TieValue {
            weight,
            start_kind: start.saturating_mul(8) | index,
            end,
        }
    }

    fn kind(self) -> TieKind {
        TieKind::ALL[(self.start_kind & 7) as usize % TieKind::ALL.len()]
    }

    fn start(self) -> i32 {
        self.start_kind >> 3
    }

    fn sign(self) -> i8 {
        self.kind().sign().value()
    }
}

impl<'d> PairStates<'d> {
    fn new(dataset: &'d Dataset) -> PairStates<'d> {
        let ties = dataset.ties();
        let n = dataset.actors().len();
        // Bucket (b, tie) by a, then sort each small bucket: a counting sort
        // on the first actor, several times faster than sorting all entries.
        let mut starts = vec![0usize; n + 1];
        for tie in ties {
            for (x, y) in tie.pairs() {
                starts[x.min(y).index() + 1] += 1;
            }
        }
        for a in 0..n {
            starts[a + 1] += starts[a];
        }
        let mut fill = starts.clone();
        let mut entries = vec![0u64; starts[n]];
        for (i, tie) in ties.iter().enumerate() {
            for (x, y) in tie.pairs() {
                let (a, b) = if x < y { (x, y) } else { (y, x) };
                entries[fill[a.index()]] = (u64::from(b.0) << 32) | i as u64;
                fill[a.index()] += 1;
            }
        }
        let mut ends = Vec::new();
        let mut offsets = Vec::new();
        let mut pair_ties = Vec::with_capacity(entries.len());
        let mut tie_pairs = vec![[NO_PAIR; 2]; ties.len()];
        for a in 0..n {
            let bucket = &mut entries[starts[a]..starts[a + 1]];
            bucket.sort_unstable();
            let mut last_b = None;
            for &entry in bucket.iter() {
                let (b, tie) = ((entry >> 32) as u32, entry as u32);
                if last_b != Some(b) {
                    last_b = Some(b);
                    offsets.push(pair_ties.len() as u32);
                    ends.push((ActorKey(a as u32), ActorKey(b)));
                }
                let pair = (ends.len() - 1) as u32;
                pair_ties.push(tie);
                let slot = &mut tie_pairs[tie as usize];
                if slot[0] == NO_PAIR {
                    slot[0] = pair;
                } else {
                    slot[1] = pair;
                }
            }
        }
        offsets.push(pair_ties.len() as u32);
        let pairs = ends.len();
        let tie_values = ties
            .iter()
            .map(|t| {
                TieValue::new(
                    t.kind(),
                    t.weight(),
                    t.start_day(),
                    t.end_day().unwrap_or(i32::MAX),
                )
            })
            .collect();
        PairStates {
            dataset,
            ends,
            offsets,
            pair_ties,
            tie_pairs,
            tie_values,
            active: FixedBitSet::with_capacity(ties.len()),
            partial: Vec::new(),
            touched: FixedBitSet::with_capacity(pairs),
            state: vec![PairState::EMPTY; pairs],
            started: 0,
            ended: 0,
            last: None,
            ties: 0,
            pairs: 0,
            positive: 0,
            negative: 0,
        }
    }

    /// Moves to `selector` and returns the pairs whose ties changed, sorted
    /// by (a, b).
    fn advance(&mut self, selector: &Selector) -> Vec<Touched> {
        let mut changed: Vec<u32> = Vec::new();
        let moves_forward = self
            .last
            .is_none_or(|l| l.start() <= selector.start() && l.end() <= selector.end());
        if !moves_forward {
            changed.extend(self.active.ones().map(|t| t as u32));
            self.active.clear();
            self.ties = 0;
            self.started = 0;
            self.ended = 0;
        }
        let (starts, by_end, end_days) = self.dataset.index();
        // As in the sweep: add before dropping, so a tie that started and
        // ended since the last step is added and dropped again.
        while self.started < starts.len() && starts[self.started] < selector.end() {
            if !self.active.put(self.started) {
                self.ties += 1;
                changed.push(self.started as u32);
            }
            self.started += 1;
        }
        while self.ended < by_end.len() && end_days[self.ended] <= selector.start() {
            let t = by_end[self.ended] as usize;
            if self.active.contains(t) {
                self.active.set(t, false);
                self.ties -= 1;
                changed.push(t as u32);
            }
            self.ended += 1;
        }
        self.last = Some(*selector);

        // A bit set rather than a sort: pairs come out in id order, and the
        // first step (every pair) costs no sort.
        for &t in &changed {
            for p in self.tie_pairs[t as usize] {
                if p != NO_PAIR {
                    self.touched.insert(p as usize);
                }
            }
        }

        // Ties in force on only part of this step: those starting after its
        // first day, and those ending before its last. Their pairs, and
        // those of the previous step's partial ties, are recomputed too: a
        // pair whose ties all cover both steps keeps its sign (its value
        // only scales with the step's length). So does a pair whose ties
        // in force all have one sign, whatever their days: only pairs with
        // both positive and negative ties in force need the days weighed.
        let mut partial = std::mem::take(&mut self.partial);
        changed.clear();
        changed.append(&mut partial);
        let first_late = starts.partition_point(|&d| d <= selector.start());
        let first_past = starts.partition_point(|&d| d < selector.end());
        partial.extend((first_late..first_past).map(|t| t as u32));
        let first_ending = end_days.partition_point(|&d| d <= selector.start());
        let first_after = end_days.partition_point(|&d| d < selector.end());
        partial.extend(
            by_end[first_ending..first_after]
                .iter()
                .copied()
                .filter(|&t| self.active.contains(t as usize)),
        );
        for &t in changed.iter().chain(&partial) {
            for p in self.tie_pairs[t as usize] {
                if p != NO_PAIR && self.state[p as usize].mixed {
                    self.touched.insert(p as usize);
                }
            }
        }
        self.partial = partial;
        let pairs: Vec<usize> = self.touched.ones().collect();
        for &p in &pairs {
            self.touched.set(p, false);
        }
        pairs
            .into_iter()
            .map(|p| {
                let old = self.state[p];
                let before = (old.kinds, old.sign);
                self.count(before, false);
                let after = self.recompute(p, selector);
                self.count(after, true);
                let turn = turn(&mut self.state[p].last_signed, after.1);
                let (a, b) = self.ends[p];
                Touched {
                    a,
                    b,
                    before,
                    after,
                    turn,
                }
            })
            .collect()
    }

    /// Recomputes one pair's kinds and sign over `selector` from its ties
    /// in force, as [`Pairs::from_ties`](crate::Pairs::from_ties) does.
    fn recompute(&mut self, p: usize, selector: &Selector) -> (KindSet, Sign) {
        let ties = &self.pair_ties[self.offsets[p] as usize..self.offsets[p + 1] as usize];
        let mut kinds = KindSet::EMPTY;
        let (mut positive, mut negative) = (false, false);
        for &t in ties {
            if self.active.contains(t as usize) {
                let v = self.tie_values[t as usize];
                kinds.insert(v.kind());
                positive |= v.sign() > 0;
                negative |= v.sign() < 0;
            }
        }
        let sign = match (positive, negative) {
            // Ties of both signs in force: weigh them by their days.
            (true, true) => self.mixed_sign(ties, selector),
            // Otherwise every signed tie in force (each on at least one day
            // of the step) pulls the same way.
            (true, false) => Sign::Positive,
            (false, true) => Sign::Negative,
            (false, false) => Sign::Zero,
        };
        let state = &mut self.state[p];
        state.kinds = kinds;
        state.sign = sign;
        state.mixed = positive && negative;
        (kinds, sign)
    }

    /// The net sign over `selector` of a pair with ties of both signs in
    /// force (rule R1). A float sum with a bound on its rounding error
    /// settles almost every pair; only a sum too close to the rule's zero
    /// threshold to tell is redone in exact units.
    fn mixed_sign(&self, ties: &[u32], selector: &Selector) -> Sign {
        let in_force = || {
            ties.iter()
                .filter(|&&t| self.active.contains(t as usize))
                .map(|&t| self.tie_values[t as usize])
                .filter(|v| v.sign() != 0)
        };
        let (mut sum, mut abs, mut terms, mut plain) = (0.0_f64, 0.0_f64, 0.0_f64, true);
        for v in in_force() {
            let end = (v.end != i32::MAX).then_some(v.end);
            let term = v.weight * overlap_days(v.start(), end, selector) as f64;
            sum += f64::from(v.sign()) * term;
            abs += term;
            terms += 1.0;
            plain &= v.weight > 0.0 && v.weight <= 1.0;
        }
        // Each term is off by at most 2 units in the last place (the
        // weight's decimal against its float, and the product); the sums
        // add one per term.
        let error = (terms + 3.0) * f64::EPSILON * abs;
        if plain && sum.abs() > 1e-9 * abs + 2.0 * error {
            return if sum > 0.0 {
                Sign::Positive
            } else {
                Sign::Negative
            };
        }
        if plain && sum.abs() < 1e-9 * abs - 2.0 * error {
            return Sign::Zero;
        }
        let mut net = NetValue::ZERO;
        for v in in_force() {
            let end = (v.end != i32::MAX).then_some(v.end);
            net.add_units(
                v.sign(),
                weight_units(v.weight),
                overlap_days(v.start(), end, selector),
            );
        }
        net.sign()
    }

    fn count(&mut self, (kinds, sign): (KindSet, Sign), add: bool) {
        if kinds.is_empty() {
            return;
        }
        let step = |x: &mut usize| {
            if add {
                *x += 1;
            } else {
                *x = x.saturating_sub(1);
            }
        };
        step(&mut self.pairs);
        match sign {
            Sign::Positive => step(&mut self.positive),
            Sign::Negative => step(&mut self.negative),
            Sign::Zero => {}
        }
    }

    /// The signed graph of the current pairs over `n` nodes.
    fn signed_graph(&self, n: usize) -> SignedGraph {
        // Pair ids are in (a, b) order already.
        let edges = self
            .ends
            .iter()
            .zip(&self.state)
            .filter(|(_, s)| s.sign != Sign::Zero)
            .map(|(&(a, b), s)| (a.0, b.0, s.sign.value()));
        SignedGraph::from_sorted_edges(edges, n)
    }
}

impl Serialize for Timeline<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.dataset;
        let steps: Vec<StepJson<'_>> = self
            .steps
            .iter()
            .enumerate()
            .map(|(i, step)| StepJson {
                step,
                walk: self.walks.as_ref().map(|w| w[i]),
                walk_gap: self.walk_gaps.as_ref().and_then(|g| g[i]),
                camps: self.camps.as_ref().map(|c| (d, &c.steps()[i])),
            })
            .collect();
        let movers: Vec<MoverJson<'_>> = self
            .movers
            .iter()
            .map(|m| MoverJson {
                id: d.actor_id(m.key),
                m,
            })
            .collect();
        let turns: Vec<TurnJson<'_>> = self
            .turns
            .iter()
            .map(|t| TurnJson {
                a: d.actor_id(t.a),
                b: d.actor_id(t.b),
                t,
            })
            .collect();
        let mut m = s.serialize_map(Some(7))?;
        m.serialize_entry("from", &self.from)?;
        m.serialize_entry("to", &self.to)?;
        m.serialize_entry("step", &self.step.to_string())?;
        m.serialize_entry("steps", &steps)?;
        m.serialize_entry("movers", &movers)?;
        m.serialize_entry("turns", &turns)?;
        if let Some(camps) = &self.camps {
            let switches = super::switches::switches_json(d, camps.switches());
            m.serialize_entry("switches", &switches)?;
        }
        m.end()
    }
}

struct StepJson<'a> {
    step: &'a TimelineStep,
    /// `Some` when the walk balance was asked for (its value may be null).
    walk: Option<Option<f64>>,
    /// Why `walk` is null, when it was asked for and is.
    walk_gap: Option<super::WalkGap>,
    /// `Some` when the camps were asked for.
    camps: Option<(&'a Dataset, &'a super::StepCamps)>,
}

impl Serialize for StepJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.step;
        let mut m = s.serialize_map(Some(18))?;
        m.serialize_entry("at", &r.at)?;
        m.serialize_entry("ties", &r.ties)?;
        m.serialize_entry("pairs", &r.pairs)?;
        m.serialize_entry("positive", &r.positive)?;
        m.serialize_entry("negative", &r.negative)?;
        m.serialize_entry("balanced", &r.balanced)?;
        m.serialize_entry("unbalanced", &r.unbalanced)?;
        m.serialize_entry("new", &r.new)?;
        m.serialize_entry("ended", &r.ended)?;
        m.serialize_entry("flipped", &r.flipped)?;
        m.serialize_entry("shifted", &r.shifted)?;
        m.serialize_entry("turned", &r.turned)?;
        m.serialize_entry("ratio", &r.ratio())?;
        if let Some(walk) = self.walk {
            m.serialize_entry("walk", &walk)?;
        }
        if let Some(gap) = self.walk_gap {
            m.serialize_entry("walk_note", &gap.to_string())?;
        }
        if let Some((d, c)) = self.camps {
            let camps: Vec<Vec<&str>> = c
                .camps
                .iter()
                .map(|camp| camp.iter().map(|&a| d.actor_id(a)).collect())
                .collect();
            m.serialize_entry("camps", &camps)?;
            m.serialize_entry("frustration", &c.frustration)?;
            m.serialize_entry("lower_bound", &c.lower_bound)?;
            m.serialize_entry("exact", &c.exact)?;
        }
        m.end()
    }
}

struct MoverJson<'a> {
    id: &'a str,
    m: &'a Mover,
}

impl Serialize for MoverJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("id", self.id)?;
        m.serialize_entry("pairs", &self.m.pairs)?;
        m.serialize_entry("changes", &self.m.changes)?;
        m.serialize_entry("flips", &self.m.flips)?;
        m.end()
    }
}

struct TurnJson<'a> {
    a: &'a str,
    b: &'a str,
    t: &'a Turn,
}

impl Serialize for TurnJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry("a", self.a)?;
        m.serialize_entry("b", self.b)?;
        m.serialize_entry("at", &self.t.at)?;
        m.serialize_entry("from", &self.t.from)?;
        m.serialize_entry("to", &self.t.to)?;
        m.end()
    }
}
