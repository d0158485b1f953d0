//! Stage 1: events → pair-periods. Events are counted per pair of actors,
//! period and kind as their blocks come in order; 045 events become
//! mediation evidence or cooperation once every period is complete.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use compact_str::CompactString;
use foldhash::fast::FixedState;

use super::families::Context;
use super::input::Source;
use super::row::{span_str, Code, Event, Name, Parsed, Title};
use super::summary::Summary;
use super::table::{better, Evidence, PairActor, PairPeriods};
use super::{cameo, pipeline, Dedup, EventKind, IngestError, IngestOptions, SkipReason};

type Map<K, V> = HashMap<K, V, FixedState>;

/// Slots of a pair-period's kinds: cooperation, tension, hostility,
/// support and 045 events in each direction (from the pair's first actor,
/// then from its second).
pub(super) const SLOTS: usize = 7;
pub(super) const COOPERATION: usize = 0;
pub(super) const SUPPORT: usize = 3;
pub(super) const MEDIATE: usize = 5;

/// Events of one kind in one pair-period.
#[derive(Debug, Clone, Default)]
pub(super) struct KindCount {
    pub events: u64,
    pub mentions: u64,
    pub goldstein_tenths: i64,
    /// The three events with the most weight, best first.
    pub evidence: Vec<Evidence>,
}

impl KindCount {
    pub fn merge(&mut self, other: &KindCount) {
        self.events += other.events;
        self.mentions += other.mentions;
        self.goldstein_tenths += other.goldstein_tenths;
        for e in &other.evidence {
            offer(&mut self.evidence, e.weight, e.raw_id(), || e.clone());
        }
    }
}

/// Puts an event (its weight and provider id) among the best three if it
/// is one of them, making it only then.
pub(super) fn offer(
    list: &mut Vec<Evidence>,
    weight: f64,
    raw_id: &str,
    make: impl FnOnce() -> Evidence,
) {
    if list.len() == 3 && !better(weight, raw_id, list[2].weight, list[2].raw_id()) {
        return;
    }
    if list.iter().any(|e| e.raw_id() == raw_id) {
        return;
    }
    let at = list
        .iter()
        .position(|e| better(weight, raw_id, e.weight, e.raw_id()))
        .unwrap_or(list.len());
    list.insert(at, make());
    list.truncate(3);
}

/// A pair (actor indexes, the smaller first) in one period.
#[derive(Debug, Clone)]
pub(super) struct PairCount {
    pub a: u32,
    pub b: u32,
    pub period: i32,
    pub pair_events: u64,
    pub kinds: [Option<Box<KindCount>>; SLOTS],
}

/// Everything counted so far.
pub(super) struct Counts<'o> {
    options: &'o IngestOptions,
    pub actors: Vec<PairActor>,
    actor_index: Map<CompactString, u32>,
    codes: Map<Box<str>, u32>,
    pub(super) pair_index: Map<(u32, u32, i32), u32>,
    pub pairs: Vec<PairCount>,
    seen: HashSet<u64, FixedState>,
    pub summary: Summary,
}

/// Text codes are numbered after the CAMEO code numbers.
const FIRST_TEXT_CODE: u32 = 50_000;
const CODE_BITS: u32 = 22;

impl<'o> Counts<'o> {
    pub fn new(options: &'o IngestOptions) -> Counts<'o> {
        Counts {
            options,
            actors: Vec::new(),
            actor_index: Map::default(),
            codes: Map::default(),
            pair_index: Map::default(),
            pairs: Vec::new(),
            seen: HashSet::default(),
            summary: Summary::default(),
        }
    }

    /// Counts a parsed block (blocks come in order).
    pub fn add(&mut self, block: Parsed) -> Result<(), IngestError> {
        if self.options.strict {
            if let Some(problem) = block.bad {
                return Err(IngestError::BadRow(problem));
            }
        }
        self.summary.rows_read += block.rows;
        self.summary.skipped.merge(&block.skipped);
        for event in &block.events {
            self.event(event, &block.text)?;
        }
        Ok(())
    }

    fn actor(&mut self, side: &super::row::Side, text: &[u8]) -> u32 {
        if let Some(&i) = self.actor_index.get(&side.id) {
            return i;
        }
        let name = match &side.name {
            Name::Static(s) => (*s).to_owned(),
            Name::Span(s) => span_str(text, *s).to_owned(),
            Name::Shared(s) => s.to_string(),
            Name::Id => side.id.to_string(),
        };
        let name = if name.trim().is_empty() {
            side.id.to_string()
        } else {
            name
        };
        let i = self.actors.len() as u32;
        self.actors.push(PairActor {
            id: side.id.to_string(),
            name,
            kind: side.kind,
        });
        self.actor_index.insert(side.id.clone(), i);
        i
    }

    fn code(&mut self, code: Code, text: &[u8]) -> Result<u32, IngestError> {
        match code {
            Code::Number(n) => Ok(n),
            Code::Text(span) => {
                let t = span_str(text, span);
                if let Some(&n) = self.codes.get(t) {
                    return Ok(n);
                }
                let n = FIRST_TEXT_CODE + self.codes.len() as u32;
                if n >= 1 << CODE_BITS {
                    return Err(IngestError::Usage("more than 4 million event types".into()));
                }
                self.codes.insert(t.into(), n);
                Ok(n)
            }
        }
    }

    fn event(&mut self, e: &Event, text: &[u8]) -> Result<(), IngestError> {
        let (a, b) = (self.actor(&e.a, text), self.actor(&e.b, text));
        let code = self.code(e.code, text)?;
        let (lo, hi, forward) = if a < b { (a, b, true) } else { (b, a, false) };
        let next = self.pairs.len() as u32;
        let pi = *self.pair_index.entry((lo, hi, e.period)).or_insert(next);
        if pi == next {
            self.pairs.push(PairCount {
                a: lo,
                b: hi,
                period: e.period,
                pair_events: 0,
                kinds: Default::default(),
            });
        }
        if self.options.dedup == Dedup::Day {
            let key = (u64::from(pi) << 32)
                | (u64::from(forward) << 31)
                | (u64::from(e.offset) << CODE_BITS)
                | u64::from(code);
            if !self.seen.insert(key) {
                self.summary.skipped.add(SkipReason::Duplicate, 1);
                return Ok(());
            }
        }
        self.summary.rows_used += 1;
        let slot = match (e.kind, forward) {
            (EventKind::Cooperation, _) => COOPERATION,
            (EventKind::Tension, _) => 1,
            (EventKind::Hostility, _) => 2,
            (EventKind::Support, f) => SUPPORT + usize::from(!f),
            (EventKind::Mediate, f) => MEDIATE + usize::from(!f),
        };
        let pair = &mut self.pairs[pi as usize];
        pair.pair_events += 1;
        let count = pair.kinds[slot].get_or_insert_with(Default::default);
        count.events += 1;
        count.mentions += u64::from(e.mentions.unwrap_or(0));
        count.goldstein_tenths += i64::from(e.goldstein_tenths.unwrap_or(0));
        let prefix = self.options.family.source_prefix();
        let raw_id = span_str(text, e.id);
        offer(&mut count.evidence, e.weight, raw_id, || {
            evidence(e, format!("{prefix}-{raw_id}"), text)
        });
        Ok(())
    }
}

/// An event as evidence: its title, publisher and address.
fn evidence(e: &Event, id: String, text: &[u8]) -> Evidence {
    let title = match e.title {
        Title::Cameo(n) => {
            let code = cameo::code_text(n);
            match cameo::cameo_description(&code) {
                Some(d) => format!("{d} (CAMEO {code})"),
                None => format!("CAMEO {code}"),
            }
        }
        Title::Typed(kind, span) => match span_str(text, span) {
            "" => kind.to_owned(),
            t => format!("{kind}: {t}"),
        },
    };
    let url = e.url.map(|s| span_str(text, s).to_owned());
    let publisher = match (e.publisher, &url) {
        (Some(s), _) => Some(span_str(text, s).to_owned()),
        (None, Some(u)) => host(u).map(str::to_owned),
        (None, None) => None,
    };
    Evidence {
        id,
        weight: e.weight,
        date: crate::Date::from_day_number(e.day).unwrap_or_else(|| unreachable_date()),
        title,
        publisher: publisher.filter(|p| !p.is_empty()),
        url: url.filter(|u| !u.is_empty()),
    }
}

/// Parsers only make days of years 1–9999.
fn unreachable_date() -> crate::Date {
    crate::Date::from_day_number(0).unwrap_or_else(|| unreachable!())
}

/// The host of a web address, without `www.`.
pub(super) fn host(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then_some(host)
}

/// Runs stage 1 on files (plain, `.gz` or `.zip`).
///
/// # Errors
///
/// As [`super::ingest`].
pub fn stage1(
    files: &[PathBuf],
    options: &IngestOptions,
) -> Result<(PairPeriods, Summary), IngestError> {
    let sources = files.iter().cloned().map(Source::Path).collect();
    run(sources, options)
}

/// Runs stage 1 on readers, each with its name.
///
/// # Errors
///
/// As [`super::ingest`].
pub fn stage1_readers(
    inputs: Vec<(String, Box<dyn std::io::Read + Send>)>,
    options: &IngestOptions,
) -> Result<(PairPeriods, Summary), IngestError> {
    let sources = inputs
        .into_iter()
        .map(|(n, r)| Source::Reader(n, r))
        .collect();
    run(sources, options)
}

fn run(
    sources: Vec<Source>,
    options: &IngestOptions,
) -> Result<(PairPeriods, Summary), IngestError> {
    options.check()?;
    let started = std::time::Instant::now();
    let ctx = Context::new(options.clone());
    let mut counts = Counts::new(options);
    pipeline::run(sources, &ctx, &mut |block| counts.add(block))?;
    let mut summary = counts.summary.clone();
    let pairs: HashSet<(u32, u32), FixedState> = counts.pairs.iter().map(|p| (p.a, p.b)).collect();
    summary.pairs = pairs.len() as u64;
    summary.pair_periods = counts.pairs.len() as u64;
    let table = super::mediation::resolve(counts, options);
    summary.table_rows = table.rows.len() as u64;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok((table, summary))
}
