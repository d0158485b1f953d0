//! Stage 2: pair-periods → ties. The periods in which a kind has at least
//! `min_events` events merge into runs of consecutive periods; each run
//! is one tie, built with its actors and sources by a
//! [`DatasetBuilder`](crate::DatasetBuilder).

use std::collections::{BTreeMap, BTreeSet};

use super::row::{period_date, period_key};
use super::stage1::offer;
use super::table::{Evidence, PairPeriod, PairPeriods};
use super::{IngestError, Period};
use crate::{ActorRecord, Confidence, Dataset, DatasetBuilder, Date, SourceRecord, TieRecord};

/// Stage 2's options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stage2Options {
    /// The events a kind needs in a period for the period to count.
    pub min_events: u32,
}

impl Default for Stage2Options {
    fn default() -> Stage2Options {
        Stage2Options { min_events: 3 }
    }
}

/// A run's totals.
struct Run<'r, 't> {
    rows: &'r [&'t PairPeriod],
    events: u64,
    pair_events: u64,
    goldstein: Option<i64>,
    evidence: Vec<&'t Evidence>,
}

impl<'r, 't> Run<'r, 't> {
    fn new(table: &'t PairPeriods, rows: &'r [&'t PairPeriod]) -> Run<'r, 't> {
        let mut evidence: Vec<&Evidence> = Vec::new();
        for e in rows.iter().flat_map(|r| table.evidence_of(r)) {
            offer(&mut evidence, e.weight, e.raw_id(), || e);
        }
        Run {
            rows,
            events: rows.iter().map(|r| r.events).sum(),
            pair_events: rows.iter().map(|r| r.pair_events).sum(),
            goldstein: rows.iter().map(|r| r.goldstein_tenths).sum(),
            evidence,
        }
    }

    /// Events of the kind ÷ all the pair's events, in hundredths rounded
    /// half up, at least one.
    fn weight(&self) -> f64 {
        let (e, p) = (u128::from(self.events), u128::from(self.pair_events.max(1)));
        let hundredths = ((200 * e + p) / (2 * p)).clamp(1, 100);
        hundredths as f64 / 100.0
    }
}

fn unit(period: Period, n: usize) -> String {
    let name = match period {
        Period::Day => "day",
        Period::Month => "month",
        Period::Year => "year",
    };
    format!("{n} {name}{}", if n == 1 { "" } else { "s" })
}

/// The tie's note: counts, periods, mean Goldstein (CAMEO families), and
/// whether the run reaches the end of the data.
fn note(table: &PairPeriods, run: &Run<'_, '_>, last: Option<Date>) -> String {
    let first = run.rows[0];
    let end = run.rows[run.rows.len() - 1].period;
    let id = |i: u32| table.actors[i as usize].id.as_str();
    let (a, b) = (id(first.a), id(first.b));
    let mut text = match first.with {
        Some(w) => format!(
            "{} mediation events (CAMEO 045) by {a} toward {b} and {}, of {} between {a} and them",
            run.events,
            id(w),
            run.pair_events
        ),
        None => format!(
            "{} {} event{} of {} between {a} and {b}",
            run.events,
            first.kind,
            if run.events == 1 { "" } else { "s" },
            run.pair_events
        ),
    };
    let span = if first.period == end {
        first.period.to_string()
    } else {
        format!("{} to {end}", first.period)
    };
    text.push_str(&format!(
        ", {span} ({})",
        unit(table.period, run.rows.len())
    ));
    if let Some(g) = run.goldstein {
        let mean = g as f64 / 10.0 / run.events.max(1) as f64;
        text.push_str(&format!("; mean Goldstein {mean:.1}"));
    }
    if Some(end) == last {
        text.push_str(&format!("; the data ends in {end}"));
    }
    text
}

/// Calls `f` with every run of consecutive qualifying periods (at least
/// `min` events) of each (pair, kind), in the table's order.
fn each_run<'t>(table: &'t PairPeriods, min: u64, mut f: impl FnMut(&[&'t PairPeriod])) {
    let key = |r: &PairPeriod| (r.a, r.b, r.with, r.kind);
    let mut qualifying: Vec<&PairPeriod> = Vec::new();
    for group in table.rows.chunk_by(|x, y| key(x) == key(y)) {
        qualifying.clear();
        qualifying.extend(group.iter().filter(|r| r.events >= min));
        for rows in runs(&qualifying, table.period) {
            f(rows);
        }
    }
}

/// The runs of consecutive qualifying periods of one (pair, kind).
fn runs<'r, 't>(group: &'r [&'t PairPeriod], period: Period) -> Vec<&'r [&'t PairPeriod]> {
    group
        .chunk_by(|x, y| period_key(period, y.period) == period_key(period, x.period) + 1)
        .collect()
}

fn tie_id(table: &PairPeriods, row: &PairPeriod) -> String {
    let id = |i: u32| table.actors[i as usize].id.as_str();
    match row.with {
        Some(w) => format!(
            "{}/{}/{}/{}/{}",
            id(row.a),
            id(row.b),
            id(w),
            row.kind,
            row.period
        ),
        None => format!("{}/{}/{}/{}", id(row.a), id(row.b), row.kind, row.period),
    }
}

fn source(e: &Evidence) -> SourceRecord {
    let web = e
        .url
        .as_deref()
        .filter(|u| crate::link::web_link(u).is_some_and(|l| l == *u));
    SourceRecord {
        id: e.id.clone(),
        title: Some(e.title.to_string()),
        publisher: e.publisher.as_deref().map(str::to_owned),
        published: Some(e.date),
        reference: e
            .url
            .as_deref()
            .filter(|_| web.is_none())
            .map(str::to_owned),
        url: web.map(str::to_owned),
        ..Default::default()
    }
}

/// Makes the dataset of a pair-periods table.
///
/// # Errors
///
/// [`IngestError::Invalid`] if the dataset breaks a rule of the format
/// (which the rules above do not let happen).
///
/// # Example
///
/// ```
/// use tiegraph::ingest::{stage2, PairPeriods, Stage2Options, PAIR_PERIOD_COLUMNS};
///
/// let header = PAIR_PERIOD_COLUMNS.join(",");
/// let blank = ",".repeat(PAIR_PERIOD_COLUMNS.len() - 7);
/// let row = |period: &str, n: u32| format!("AFG,PAK,false,{period},tension,{n},{n}{blank}\n");
/// let csv = format!("{header}\n{}{}", row("2020-01", 3), row("2020-02", 4));
/// let table = PairPeriods::read_csv(csv.as_bytes(), "pp.csv")?;
/// let data = stage2(&table, &Stage2Options::default())?;
/// let tie = &data.ties()[0];
/// assert_eq!((tie.start().to_string(), tie.end().map(|d| d.to_string())),
///            ("2020-01".into(), Some("2020-03".into())));
/// assert_eq!(tie.note(), Some("7 tension events of 7 between AFG and PAK, 2020-01 to 2020-02 (2 months); the data ends in 2020-02"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn stage2(table: &PairPeriods, options: &Stage2Options) -> Result<Dataset, IngestError> {
    records(table, options)
        .build()
        .map_err(IngestError::Invalid)
}

impl PairPeriods {
    /// Stage 2 on a table that is not needed afterwards: as [`stage2`],
    /// but the table is freed once its ties are records, before the
    /// dataset is checked and built, so that the table, the records and
    /// the dataset are never all held at once (the least memory for a
    /// large ingest; the command line's way).
    ///
    /// # Errors
    ///
    /// As [`stage2`].
    pub fn into_dataset(self, options: &Stage2Options) -> Result<Dataset, IngestError> {
        let builder = records(&self, options);
        drop(self);
        builder.build().map_err(IngestError::Invalid)
    }
}

/// The records of stage 2: the ties of every run, their actors and the
/// sources they cite.
fn records(table: &PairPeriods, options: &Stage2Options) -> DatasetBuilder {
    let last = table.last_period();
    let min = u64::from(options.min_events.max(1));
    let mut builder = DatasetBuilder::new();
    // The runs are counted first so that the records' list is made once,
    // at its size (a tie record is a few hundred bytes).
    let mut count = 0;
    each_run(table, min, |_| count += 1);
    builder.reserve(0, count, 0);
    let mut sources: BTreeMap<&str, &Evidence> = BTreeMap::new();
    let mut used: BTreeSet<u32> = BTreeSet::new();
    each_run(table, min, |rows| {
        let run = Run::new(table, rows);
        let (first, last_row) = (rows[0], rows[rows.len() - 1]);
        let end = period_date(table.period, period_key(table.period, last_row.period) + 1);
        let id = |i: u32| table.actors[i as usize].id.clone();
        used.extend([first.a, first.b].into_iter().chain(first.with));
        for &e in &run.evidence {
            sources.entry(&e.id).or_insert(e);
        }
        // Straight into the builder (which keeps records of each
        // kind apart): no second list of every tie.
        builder.add_tie(TieRecord {
            id: tie_id(table, first),
            source: id(first.a),
            target: id(first.b),
            kind: first.kind,
            start: Some(first.period),
            end,
            with: first.with.map(id),
            weight: Some(run.weight()),
            confidence: Some(Confidence::Reported),
            sources: run.evidence.iter().map(|e| e.id.clone()).collect(),
            note: Some(note(table, &run, last)),
            ..Default::default()
        });
    });
    builder.reserve(used.len(), 0, sources.len());
    for &i in &used {
        let a = &table.actors[i as usize];
        builder.add_actor(ActorRecord {
            id: a.id.clone(),
            name: a.name.clone(),
            kind: a.kind,
            ..Default::default()
        });
    }
    for &e in sources.values() {
        builder.add_source(source(e));
    }
    builder
}
