//! Stage 1: events → pair-periods. Events are counted per pair of actors,
//! period and kind as their blocks come in order; 045 events become
//! mediation evidence or cooperation once every period is complete.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use compact_str::CompactString;
use foldhash::fast::FixedState;

use super::families::Context;
use super::input::Source;
use super::row::{span_str, Code, Event, Name, Span, Title};
use super::summary::Summary;
use super::table::{better, Evidence, PairActor, PairPeriods};
use super::{cameo, pipeline, Dedup, EventKind, IngestError, IngestOptions, SkipReason};

pub(super) type Map<K, V> = HashMap<K, V, FixedState>;

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
    pub evidence: Vec<Candidate>,
}

impl KindCount {
    pub fn merge(&mut self, other: &KindCount) {
        self.events += other.events;
        self.mentions += other.mentions;
        self.goldstein_tenths += other.goldstein_tenths;
        for e in &other.evidence {
            offer(&mut self.evidence, e.weight, &e.raw_id, || e.clone());
        }
    }
}

/// What an event cited as evidence needs, kept small while counting:
/// the strings of [`Evidence`] are only made for the table.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    pub weight: f64,
    /// The provider's event id.
    pub raw_id: CompactString,
    pub day: i32,
    pub title: CandidateTitle,
    pub publisher: Option<Box<str>>,
    pub url: Option<Arc<str>>,
}

/// A candidate's title, made into text for the table.
#[derive(Debug, Clone)]
pub(super) enum CandidateTitle {
    Cameo(u32),
    Text(Box<str>),
}

impl Candidate {
    /// The evidence, its id prefixed with the family's (`gdelt-…`);
    /// titles and publishers shared through `texts`.
    pub fn evidence(&self, prefix: &str, texts: &mut Texts) -> Evidence {
        let title = match &self.title {
            CandidateTitle::Cameo(n) => texts.cameo(*n),
            CandidateTitle::Text(t) => texts.shared(t),
        };
        let publisher = match (&self.publisher, &self.url) {
            (Some(p), _) => Some(texts.shared(p)),
            (None, Some(u)) => host(u).map(|h| texts.shared(h)),
            (None, None) => None,
        };
        Evidence {
            id: format!("{prefix}-{}", self.raw_id),
            weight: self.weight,
            date: crate::Date::from_day_number(self.day).unwrap_or_else(unreachable_date),
            title,
            publisher,
            url: self.url.clone(),
        }
    }
}

/// Texts many pieces of evidence share (titles, publishers), made once.
#[derive(Default)]
pub(super) struct Texts {
    cameo: Map<u32, Arc<str>>,
    texts: Map<Box<str>, Arc<str>>,
}

impl Texts {
    fn cameo(&mut self, n: u32) -> Arc<str> {
        self.cameo
            .entry(n)
            .or_insert_with(|| {
                let code = cameo::code_text(n);
                match cameo::cameo_description(&code) {
                    Some(d) => format!("{d} (CAMEO {code})").into(),
                    None => format!("CAMEO {code}").into(),
                }
            })
            .clone()
    }

    fn shared(&mut self, text: &str) -> Arc<str> {
        if let Some(t) = self.texts.get(text) {
            return t.clone();
        }
        let t: Arc<str> = text.into();
        // Bounded: the same text is merely not shared past it.
        if self.texts.len() < 1 << 20 {
            self.texts.insert(text.into(), t.clone());
        }
        t
    }
}

/// What [`offer`] ranks.
pub(super) trait Ranked {
    fn weight(&self) -> f64;
    fn key(&self) -> &str;
}

impl Ranked for Candidate {
    fn weight(&self) -> f64 {
        self.weight
    }
    fn key(&self) -> &str {
        &self.raw_id
    }
}

impl Ranked for &Evidence {
    fn weight(&self) -> f64 {
        self.weight
    }
    fn key(&self) -> &str {
        self.raw_id()
    }
}

impl Ranked for (u32, &Evidence) {
    fn weight(&self) -> f64 {
        self.1.weight
    }
    fn key(&self) -> &str {
        self.1.raw_id()
    }
}

/// Puts an event (its weight and provider id) among the best three if it
/// is one of them, making it only then.
pub(super) fn offer<T: Ranked>(
    list: &mut Vec<T>,
    weight: f64,
    key: &str,
    make: impl FnOnce() -> T,
) {
    if let Some(worst) = list.get(2) {
        if !better(weight, key, worst.weight(), worst.key()) {
            return;
        }
    }
    if list.iter().any(|e| e.key() == key) {
        return;
    }
    let at = list
        .iter()
        .position(|e| better(weight, key, e.weight(), e.key()))
        .unwrap_or(list.len());
    // Never more than three, not even for a moment: lists stay at a
    // capacity of three.
    list.truncate(2);
    if list.capacity() == 0 {
        list.reserve_exact(3);
    }
    list.insert(at, make());
}

/// A pair (actor indexes, the smaller first) in one period.
#[derive(Debug, Clone)]
pub(super) struct PairCount {
    pub a: u32,
    pub b: u32,
    pub period: i32,
    pub pair_events: u64,
    pub kinds: [Option<Box<KindCount>>; SLOTS],
    /// With `--dedup day`, the events counted: (direction, day within
    /// the period, code) as [`dedup_key`] packs them.
    pub seen: HashSet<u32, FixedState>,
}

/// A 32-bit dedup key within a pair-period: the direction (1 bit), the
/// day within the period (9 bits: at most 365) and the code (22 bits).
fn dedup_key(forward: bool, offset: u16, code: u32) -> u32 {
    (u32::from(forward) << 31) | (u32::from(offset) << CODE_BITS) | code
}

/// Pair-periods by (first actor, second actor, period).
pub(super) type PairIndex = Map<(u32, u32, i32), u32>;

/// Everything counted so far.
pub(super) struct Counts<'o> {
    options: &'o IngestOptions,
    pub actors: Vec<PairActor>,
    actor_index: Map<CompactString, u32>,
    codes: Map<Box<str>, u32>,
    pub(super) pair_index: PairIndex,
    pub pairs: Vec<PairCount>,
    pub summary: Summary,
    /// Where each actor was first seen: (block, byte of its event in the
    /// block, side), so that shards agree on which name came first.
    pub first_seen: Vec<(u64, u32, u8)>,
    /// The block being counted.
    seq: u64,
}

/// Text codes are numbered after the CAMEO code numbers.
const FIRST_TEXT_CODE: u32 = 50_000;
const CODE_BITS: u32 = 22;

impl pipeline::Counter for Counts<'_> {
    /// Counts a shard's part of a block (parts come in block order).
    fn add(&mut self, part: pipeline::Part, ctx: &Context) -> Result<(), IngestError> {
        if self.options.strict {
            if let Some(problem) = part.bad {
                return Err(IngestError::BadRow(problem));
            }
        }
        self.seq = part.seq;
        self.summary.rows_read += part.rows;
        self.summary.skipped.merge(&part.skipped);
        for event in &part.events {
            self.event(event, &part.text)?;
        }
        ctx.events.put(part.events);
        if let Ok(text) = std::sync::Arc::try_unwrap(part.text) {
            ctx.texts.put(text);
        }
        Ok(())
    }
}

impl<'o> Counts<'o> {
    pub fn new(options: &'o IngestOptions) -> Counts<'o> {
        Counts {
            options,
            actors: Vec::new(),
            actor_index: Map::default(),
            codes: Map::default(),
            pair_index: Map::default(),
            pairs: Vec::new(),
            summary: Summary::default(),
            first_seen: Vec::new(),
            seq: 0,
        }
    }

    fn actor(&mut self, side: &super::row::Side, text: &[u8], at: (u32, u8)) -> u32 {
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
        self.first_seen.push((self.seq, at.0, at.1));
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

    pub(super) fn event(&mut self, e: &Event, text: &[u8]) -> Result<(), IngestError> {
        let (a, b) = (
            self.actor(&e.a, text, (e.id.0, 0)),
            self.actor(&e.b, text, (e.id.0, 1)),
        );
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
                seen: HashSet::default(),
            });
        }
        let pair = &mut self.pairs[pi as usize];
        if self.options.dedup == Dedup::Day && !pair.seen.insert(dedup_key(forward, e.offset, code))
        {
            self.summary.skipped.add(SkipReason::Duplicate, 1);
            return Ok(());
        }
        self.summary.rows_used += 1;
        let slot = match (e.kind, forward) {
            (EventKind::Cooperation, _) => COOPERATION,
            (EventKind::Tension, _) => 1,
            (EventKind::Hostility, _) => 2,
            (EventKind::Support, f) => SUPPORT + usize::from(!f),
            (EventKind::Mediate, f) => MEDIATE + usize::from(!f),
        };
        pair.pair_events += 1;
        let count = pair.kinds[slot].get_or_insert_with(Default::default);
        count.events += 1;
        count.mentions += u64::from(e.mentions.unwrap_or(0));
        count.goldstein_tenths += i64::from(e.goldstein_tenths.unwrap_or(0));
        let raw_id = span_str(text, e.id);
        offer(&mut count.evidence, e.weight, raw_id, || {
            candidate(e, raw_id, text)
        });
        Ok(())
    }
}

/// An event as a candidate for evidence.
fn candidate(e: &Event, raw_id: &str, text: &[u8]) -> Candidate {
    let title = match e.title {
        Title::Cameo(n) => CandidateTitle::Cameo(n),
        Title::Typed(kind, span) => CandidateTitle::Text(match span_str(text, span) {
            "" => kind.into(),
            t => format!("{kind}: {t}").into(),
        }),
    };
    let boxed = |s: Option<Span>| s.map(|s| span_str(text, s)).filter(|t| !t.is_empty());
    Candidate {
        weight: e.weight,
        raw_id: CompactString::new(raw_id),
        day: e.day,
        title,
        publisher: boxed(e.publisher).map(Box::from),
        url: boxed(e.url).map(Arc::from),
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
    let shards = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let mut shards: Vec<Counts> = (0..shards.clamp(1, 8))
        .map(|_| Counts::new(options))
        .collect();
    pipeline::run(sources, &ctx, &mut shards)?;
    let counts = super::shards::merge(shards);
    let mut summary = counts.summary.clone();
    let pairs: HashSet<(u32, u32), FixedState> = counts.pairs.iter().map(|p| (p.a, p.b)).collect();
    summary.pairs = pairs.len() as u64;
    summary.pair_periods = counts.pairs.len() as u64;
    let table = super::mediation::resolve(counts, options);
    summary.table_rows = table.rows.len() as u64;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok((table, summary))
}
