//! The end of stage 1: 045 events become three-party mediation evidence
//! or cooperation, and the counts become the pair-periods table.

use std::collections::BTreeMap;

use super::row::period_date;
use super::stage1::{offer, Counts, KindCount, PairCount, Texts, COOPERATION, MEDIATE, SLOTS};
use super::table::{Evidence, EvidenceRefs, PairPeriod, PairPeriods};
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

/// Calls `each` with every mediation of the counts — a mediator's 045
/// counts toward two parties that have events with each other in the
/// period — as (mediator, party, party), period and the two 045 counts
/// (pair index, slot) it merges.
fn mediations(
    found: &BTreeMap<(u32, i32), Vec<Candidate>>,
    pair_index: &super::stage1::PairIndex,
    mut each: impl FnMut((u32, u32, u32), i32, [(usize, usize); 2]),
) {
    for (&(m, period), targets) in found {
        for (i, &(x, px, sx)) in targets.iter().enumerate() {
            for &(y, py, sy) in &targets[i + 1..] {
                if pair_index.contains_key(&(x.min(y), x.max(y), period)) {
                    each((m, x, y), period, [(px, sx), (py, sy)]);
                }
            }
        }
    }
}

struct Table<'c> {
    options: &'c IngestOptions,
    rows: Vec<PairPeriod>,
    pool: Vec<Evidence>,
}

/// The events of a row: counts and the evidence it cites.
struct RowCount {
    events: u64,
    mentions: u64,
    goldstein_tenths: i64,
    evidence: EvidenceRefs,
}

impl Table<'_> {
    fn push(
        &mut self,
        (a, b, with): (u32, u32, Option<u32>),
        period: i32,
        kind: TieKind,
        count: &RowCount,
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
            evidence: count.evidence,
        });
    }

    /// The counts of a slot, its evidence made once into the pool.
    fn slot(&mut self, count: KindCount, texts: &mut Texts) -> RowCount {
        let prefix = self.options.family.source_prefix();
        let mut evidence = EvidenceRefs::default();
        for c in &count.evidence {
            evidence.push(self.pool.len() as u32);
            self.pool.push(c.evidence(prefix, texts));
        }
        RowCount {
            events: count.events,
            mentions: count.mentions,
            goldstein_tenths: count.goldstein_tenths,
            evidence,
        }
    }

    /// The rows of every count that is not mediation.
    fn push_plain(&mut self, pairs: &[PairCount], slots: &[[Option<RowCount>; SLOTS]]) {
        for (p, made) in pairs.iter().zip(slots) {
            for (slot, &kind) in SLOT_KINDS.iter().enumerate() {
                if let Some(k) = &made[slot] {
                    let (a, b) = if slot == 4 { (p.b, p.a) } else { (p.a, p.b) };
                    self.push((a, b, None), p.period, kind, k, p.pair_events);
                }
            }
        }
    }

    /// Two slots' counts as one (a mediation's), the best three of their
    /// evidence kept.
    fn merged(&self, x: &RowCount, y: &RowCount) -> RowCount {
        let mut best: Vec<(u32, &Evidence)> = Vec::with_capacity(4);
        for i in x.evidence.iter().chain(y.evidence.iter()) {
            let e = &self.pool[i as usize];
            offer(&mut best, e.weight, e.raw_id(), || (i, e));
        }
        let mut evidence = EvidenceRefs::default();
        best.iter().for_each(|&(i, _)| evidence.push(i));
        RowCount {
            events: x.events + y.events,
            mentions: x.mentions + y.mentions,
            goldstein_tenths: x.goldstein_tenths + y.goldstein_tenths,
            evidence,
        }
    }
}

/// Makes the 045 counts that are not mediation (bit `slot - MEDIATE` of
/// `used` clear) cooperation of their pair.
fn unused_as_cooperation(pairs: &mut [PairCount], used: &[u8]) {
    for (p, used) in pairs.iter_mut().zip(used) {
        for slot in MEDIATE..SLOTS {
            if used & (1 << (slot - MEDIATE)) != 0 {
                continue;
            }
            if let Some(k) = p.kinds[slot].take() {
                p.kinds[COOPERATION]
                    .get_or_insert_with(Default::default)
                    .merge(&k);
            }
        }
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
    for p in &mut pairs {
        p.seen = Default::default();
    }
    let mut found = candidates(&pairs, u64::from(options.min_events));
    for targets in found.values_mut() {
        targets.sort_by(|x, y| actors[x.0 as usize].id.cmp(&actors[y.0 as usize].id));
    }
    // Which 045 counts make mediation (bit `slot - MEDIATE` of their pair).
    let mut used = vec![0u8; pairs.len()];
    let mut mediation_rows = 0;
    mediations(&found, &pair_index, |_, _, parts| {
        mediation_rows += 1;
        for (p, slot) in parts {
            used[p] |= 1 << (slot - MEDIATE);
        }
    });
    unused_as_cooperation(&mut pairs, &used);
    drop(used);
    let slots_of = |p: &PairCount, r: std::ops::Range<usize>| p.kinds[r].iter().flatten().count();
    let plain: usize = pairs.iter().map(|p| slots_of(p, 0..SLOT_KINDS.len())).sum();
    let cited: usize = pairs
        .iter()
        .flat_map(|p| p.kinds.iter().flatten())
        .map(|k| k.evidence.len())
        .sum();
    let mut table = Table {
        options,
        rows: Vec::with_capacity(plain + mediation_rows),
        pool: Vec::with_capacity(cited),
    };
    let mut texts = Texts::default();
    let slots: Vec<[Option<RowCount>; SLOTS]> = pairs
        .iter_mut()
        .map(|p| {
            p.kinds
                .each_mut()
                .map(|k| k.take().map(|k| table.slot(*k, &mut texts)))
        })
        .collect();
    drop(texts);
    mediations(
        &found,
        &pair_index,
        |(m, x, y), period, [(px, sx), (py, sy)]| {
            let (Some(cx), Some(cy)) = (&slots[px][sx], &slots[py][sy]) else {
                return;
            };
            let count = table.merged(cx, cy);
            let pair_events = pairs[px].pair_events + pairs[py].pair_events;
            table.push(
                (m, x, Some(y)),
                period,
                TieKind::Mediation,
                &count,
                pair_events,
            );
        },
    );
    drop((found, pair_index));
    table.push_plain(&pairs, &slots);
    drop((slots, pairs));
    let mut out = PairPeriods {
        period: options.period,
        actors,
        evidence: table.pool,
        rows: table.rows,
    };
    out.sort();
    out
}
