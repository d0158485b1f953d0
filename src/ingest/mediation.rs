//! The end of stage 1: 045 events become three-party mediation evidence
//! or cooperation, and the counts become the pair-periods table.

use std::collections::{BTreeMap, HashSet};

use super::row::period_date;
use super::stage1::{Counts, KindCount, PairCount, Texts, COOPERATION, MEDIATE, SLOTS};
use super::table::{PairPeriod, PairPeriods};
use super::IngestOptions;
use crate::TieKind;

/// The kinds of the first five slots.
const SLOT_KINDS: [TieKind; 5] = [
    TieKind::Cooperation,
    TieKind::Tension,
    TieKind::Hostility,
    TieKind::Support,
    TieKind::Support,
];

/// A 045 count that may be mediation: (target, pair index, slot).
type Candidate = (u32, usize, usize);

/// Mediators' 045 counts of at least `min` events, by (mediator, period).
fn candidates(pairs: &[PairCount], min: u64) -> BTreeMap<(u32, i32), Vec<Candidate>> {
    let mut found: BTreeMap<(u32, i32), Vec<Candidate>> = BTreeMap::new();
    for (pi, p) in pairs.iter().enumerate() {
        for dir in 0..2 {
            let slot = MEDIATE + dir;
            if p.kinds[slot].as_ref().is_some_and(|k| k.events >= min) {
                let (m, t) = if dir == 0 { (p.a, p.b) } else { (p.b, p.a) };
                found.entry((m, p.period)).or_default().push((t, pi, slot));
            }
        }
    }
    found
}

struct Table<'c> {
    options: &'c IngestOptions,
    rows: Vec<PairPeriod>,
    texts: Texts,
}

impl Table<'_> {
    fn push(
        &mut self,
        (a, b, with): (u32, u32, Option<u32>),
        period: i32,
        kind: TieKind,
        count: &KindCount,
        pair_events: u64,
    ) {
        let family = self.options.family;
        let Some(period) = period_date(self.options.period, period) else {
            return;
        };
        self.rows.push(PairPeriod {
            a,
            b,
            with,
            directed: matches!(kind, TieKind::Support | TieKind::Mediation),
            period,
            kind,
            events: count.events,
            pair_events,
            mentions: family.is_gdelt().then_some(count.mentions),
            goldstein_tenths: family.is_cameo().then_some(count.goldstein_tenths),
            evidence: count
                .evidence
                .iter()
                .map(|c| c.evidence(family.source_prefix(), &mut self.texts))
                .collect(),
        });
    }
}

/// Resolves mediation and makes the table (sorted).
pub(super) fn resolve(counts: Counts<'_>, options: &IngestOptions) -> PairPeriods {
    let Counts {
        actors,
        mut pairs,
        pair_index,
        ..
    } = counts;
    let mut table = Table {
        options,
        rows: Vec::new(),
        texts: Texts::default(),
    };
    let mut used: HashSet<(usize, usize)> = HashSet::new();
    for ((m, period), mut targets) in candidates(&pairs, u64::from(options.min_events)) {
        targets.sort_by(|x, y| actors[x.0 as usize].id.cmp(&actors[y.0 as usize].id));
        for (i, &(x, px, sx)) in targets.iter().enumerate() {
            for &(y, py, sy) in &targets[i + 1..] {
                if !pair_index.contains_key(&(x.min(y), x.max(y), period)) {
                    continue;
                }
                let mut count = KindCount::default();
                for (p, s) in [(px, sx), (py, sy)] {
                    if let Some(k) = &pairs[p].kinds[s] {
                        count.merge(k);
                    }
                }
                let pair_events = pairs[px].pair_events + pairs[py].pair_events;
                table.push(
                    (m, x, Some(y)),
                    period,
                    TieKind::Mediation,
                    &count,
                    pair_events,
                );
                used.extend([(px, sx), (py, sy)]);
            }
        }
    }
    for (pi, p) in pairs.iter_mut().enumerate() {
        for slot in MEDIATE..SLOTS {
            if used.contains(&(pi, slot)) {
                continue;
            }
            if let Some(k) = p.kinds[slot].take() {
                p.kinds[COOPERATION]
                    .get_or_insert_with(Default::default)
                    .merge(&k);
            }
        }
        for (slot, &kind) in SLOT_KINDS.iter().enumerate() {
            if let Some(k) = &p.kinds[slot] {
                let (a, b) = if slot == 4 { (p.b, p.a) } else { (p.a, p.b) };
                table.push((a, b, None), p.period, kind, k, p.pair_events);
            }
        }
    }
    let mut out = PairPeriods {
        period: options.period,
        actors,
        rows: table.rows,
    };
    out.sort();
    out
}
