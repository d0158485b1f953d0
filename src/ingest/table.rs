//! The pair-periods table, stage 1's output and stage 2's input, and its
//! CSV form (a public interchange: see `docs/ingest.md`).

use std::collections::HashMap;
use std::io::{Read, Write};
use std::sync::Arc;

use super::{IngestError, Period};
use crate::{ActorKind, Date, Location, Problem, ProblemKind, TieKind};

/// The columns of the pair-periods CSV, in order. The first sixteen are
/// the interchange's core; the rest carry what stage 2 needs to name
/// actors and cite sources.
pub const PAIR_PERIOD_COLUMNS: [&str; 34] = [
    "a",
    "b",
    "directed",
    "period",
    "kind",
    "events",
    "pair_events",
    "mentions",
    "goldstein_tenths",
    "evidence1_id",
    "evidence1_url",
    "evidence2_id",
    "evidence2_url",
    "evidence3_id",
    "evidence3_url",
    "with",
    "a_name",
    "a_kind",
    "b_name",
    "b_kind",
    "with_name",
    "with_kind",
    "evidence1_weight",
    "evidence1_date",
    "evidence1_title",
    "evidence1_publisher",
    "evidence2_weight",
    "evidence2_date",
    "evidence2_title",
    "evidence2_publisher",
    "evidence3_weight",
    "evidence3_date",
    "evidence3_title",
    "evidence3_publisher",
];

/// An actor of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairActor {
    /// The actor id.
    pub id: String,
    /// Its display name.
    pub name: String,
    /// What it is.
    pub kind: ActorKind,
}

/// An event cited as evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// The source id: the family's prefix and the provider's event id
    /// (`gdelt-669666350`, `ucdp-300380`).
    pub id: String,
    /// How much it weighs (GDELT NumMentions, ICEWS |Intensity|, UCDP
    /// `best`, ACLED fatalities).
    pub weight: f64,
    /// The event's day.
    pub date: Date,
    /// The event code's description or the event type (shared: many
    /// events have the same).
    pub title: Arc<str>,
    /// The URL's host or the provider's source field.
    pub publisher: Option<Arc<str>>,
    /// The article's address (GDELT's SOURCEURL).
    pub url: Option<Arc<str>>,
}

impl Evidence {
    /// The provider's event id (the source id without its prefix).
    pub fn raw_id(&self) -> &str {
        self.id.split_once('-').map_or(&self.id, |(_, raw)| raw)
    }
}

/// Whether evidence (`weight`, `id`) comes before (`weight2`, `id2`):
/// more weight first, then the smaller id (shorter first, so numeric ids
/// sort as numbers).
pub(crate) fn better(weight: f64, id: &str, weight2: f64, id2: &str) -> bool {
    match weight.total_cmp(&weight2) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => (id.len(), id) < (id2.len(), id2),
    }
}

/// One row: the events of one kind between a pair in one period.
#[derive(Debug, Clone, PartialEq)]
pub struct PairPeriod {
    /// The first actor (index into [`PairPeriods::actors`]): the smaller
    /// id of a symmetric kind, the patron of support, the mediator.
    pub a: u32,
    /// The second actor: the client of support, a mediation's first party.
    pub b: u32,
    /// A mediation's second party (`b` < `with` by id).
    pub with: Option<u32>,
    /// Whether `a` → `b` is a direction (support, mediation).
    pub directed: bool,
    /// The period, a date of its precision.
    pub period: Date,
    /// The tie kind.
    pub kind: TieKind,
    /// The events of this kind (after dedup).
    pub events: u64,
    /// All events between the pair in the period, any kind and direction
    /// (for a mediation, between the mediator and each party).
    pub pair_events: u64,
    /// The sum of GDELT's NumMentions (GDELT only).
    pub mentions: Option<u64>,
    /// The sum of Goldstein scores (ICEWS: intensities) in tenths (CAMEO only).
    pub goldstein_tenths: Option<i64>,
    /// Up to three events with the most weight, best first (indexes
    /// into [`PairPeriods::evidence`]).
    pub evidence: EvidenceRefs,
}

/// Up to three indexes into [`PairPeriods::evidence`], best first: each
/// cited event is kept once for the whole table, however many rows cite
/// it (a mediator's events are cited by a row for every pair of parties).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EvidenceRefs {
    refs: [u32; 3],
    len: u8,
}

impl EvidenceRefs {
    /// Adds an index (a fourth is ignored).
    pub fn push(&mut self, index: u32) {
        if let Some(slot) = self.refs.get_mut(usize::from(self.len)) {
            *slot = index;
            self.len += 1;
        }
    }

    /// The indexes, best first.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = u32> + '_ {
        self.refs[..usize::from(self.len)].iter().copied()
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn map(&mut self, mut f: impl FnMut(u32) -> u32) {
        for r in &mut self.refs[..usize::from(self.len)] {
            *r = f(*r);
        }
    }
}

/// Stage 1's table: actors sorted by id, rows sorted by (`a`, `b`,
/// `with`, `kind`, `period`) with actors compared by id, and the cited
/// events in the order rows first cite them.
#[derive(Debug, Clone, PartialEq)]
pub struct PairPeriods {
    /// The length of the periods.
    pub period: Period,
    /// Every actor of a row.
    pub actors: Vec<PairActor>,
    /// Every event a row cites, once (equal pieces of evidence are one).
    pub evidence: Vec<Evidence>,
    /// The rows.
    pub rows: Vec<PairPeriod>,
}

fn kind_name(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::State => "state",
        ActorKind::Group => "group",
        ActorKind::Organization => "organization",
    }
}

/// A CSV cell as the `csv` crate writes it: quoted (quotes doubled) when
/// it holds a comma, a quote or a line break.
fn cell(buf: &mut Vec<u8>, bytes: &[u8]) {
    if !bytes
        .iter()
        .any(|&b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
    {
        buf.extend_from_slice(bytes);
        return;
    }
    buf.push(b'"');
    for &b in bytes {
        if b == b'"' {
            buf.push(b'"');
        }
        buf.push(b);
    }
    buf.push(b'"');
}

/// The bytes of an optional text (none: empty).
fn text(t: Option<&str>) -> &[u8] {
    t.map_or(&b""[..], str::as_bytes)
}

/// A weight as `f64`'s `Display` writes it (`20`, `2.5`).
fn write_weight(buf: &mut Vec<u8>, weight: f64) {
    if weight.fract() == 0.0 && weight.abs() < 1e15 {
        let whole = weight as i64;
        if whole != 0 || weight.is_sign_positive() {
            buf.extend_from_slice(itoa::Buffer::new().format(whole).as_bytes());
            return;
        }
    }
    let _ = write!(buf, "{weight}");
}

impl PairPeriods {
    /// The evidence a row cites, best first.
    pub fn evidence_of<'t>(&'t self, row: &PairPeriod) -> impl Iterator<Item = &'t Evidence> + 't {
        let refs = row.evidence;
        (0..refs.len()).filter_map(move |i| self.evidence.get(refs.refs[i] as usize))
    }

    /// The latest period of any row (the input's last period).
    pub fn last_period(&self) -> Option<Date> {
        self.rows.iter().map(|r| r.period).max()
    }

    /// Sorts actors by id and rows by (`a`, `b`, `with`, `kind`, `period`).
    pub(crate) fn sort(&mut self) {
        let mut order: Vec<u32> = (0..self.actors.len() as u32).collect();
        order.sort_by(|&x, &y| self.actors[x as usize].id.cmp(&self.actors[y as usize].id));
        let mut new_index = vec![0u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old as usize] = new as u32;
        }
        let mut actors: Vec<PairActor> = order
            .iter()
            .map(|&o| self.actors[o as usize].clone())
            .collect();
        std::mem::swap(&mut self.actors, &mut actors);
        for r in &mut self.rows {
            r.a = new_index[r.a as usize];
            r.b = new_index[r.b as usize];
            r.with = r.with.map(|w| new_index[w as usize]);
            // Symmetric kinds: the smaller id first; a mediation's parties
            // in id order.
            if !r.directed && r.a > r.b {
                std::mem::swap(&mut r.a, &mut r.b);
            }
            if let Some(w) = &mut r.with {
                if r.b > *w {
                    std::mem::swap(&mut r.b, w);
                }
            }
        }
        // Rows are large: sort their keys, then move each row once.
        let mut keys: Vec<_> = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, x)| ((x.a, x.b, x.with, x.kind, x.period), i as u32))
            .collect();
        keys.sort_unstable();
        let mut order: Vec<u32> = keys.into_iter().map(|(_, i)| i).collect();
        // Row `order[i]` goes to `i`: follow each cycle with swaps.
        for i in 0..order.len() {
            let mut at = i;
            loop {
                let from = order[at] as usize;
                order[at] = at as u32;
                if from == i {
                    break;
                }
                self.rows.swap(at, from);
                at = from;
            }
        }
        self.renumber_evidence();
    }

    /// Orders the evidence as the rows first cite it, equal pieces made
    /// one and what no row cites dropped: the same table has the same list
    /// however it was made.
    fn renumber_evidence(&mut self) {
        const UNSEEN: u32 = u32::MAX;
        let same = same_evidence(&self.evidence);
        let mut new_index = vec![UNSEEN; self.evidence.len()];
        let mut order = Vec::with_capacity(self.evidence.len());
        for r in &mut self.rows {
            r.evidence.map(|old| {
                let first = same[old as usize] as usize;
                if new_index[first] == UNSEEN {
                    new_index[first] = order.len() as u32;
                    order.push(first as u32);
                }
                new_index[first]
            });
        }
        drop(same);
        let mut old: Vec<Option<Evidence>> = std::mem::take(&mut self.evidence)
            .into_iter()
            .map(Some)
            .collect();
        let mut evidence = Vec::with_capacity(order.len());
        evidence.extend(order.iter().filter_map(|&o| old[o as usize].take()));
        self.evidence = evidence;
    }

    /// Writes the table as CSV with the header [`PAIR_PERIOD_COLUMNS`].
    ///
    /// # Errors
    ///
    /// The writer's errors.
    pub fn write_csv<W: Write>(&self, mut out: W) -> std::io::Result<()> {
        // The bytes the `csv` crate writes (fields quoted only when they
        // hold a comma, a quote or a line break), made without a string
        // per cell: a million-event table has a hundred thousand rows.
        let mut buf: Vec<u8> = Vec::with_capacity(1 << 17);
        for (i, name) in PAIR_PERIOD_COLUMNS.iter().enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            cell(&mut buf, name.as_bytes());
        }
        buf.push(b'\n');
        for r in &self.rows {
            self.write_row(r, &mut buf);
            if buf.len() >= 1 << 16 {
                out.write_all(&buf)?;
                buf.clear();
            }
        }
        out.write_all(&buf)?;
        out.flush()
    }

    fn write_row(&self, r: &PairPeriod, buf: &mut Vec<u8>) {
        let actor = |i: u32| &self.actors[i as usize];
        let (a, b, with) = (actor(r.a), actor(r.b), r.with.map(actor));
        let mut numbers = itoa::Buffer::new();
        let field = |buf: &mut Vec<u8>, bytes: &[u8]| {
            cell(buf, bytes);
            buf.push(b',');
        };
        field(buf, a.id.as_bytes());
        field(buf, b.id.as_bytes());
        field(buf, if r.directed { b"true" } else { b"false" });
        field(buf, &r.period.plain_bytes());
        field(buf, r.kind.as_str().as_bytes());
        field(buf, numbers.format(r.events).as_bytes());
        field(buf, numbers.format(r.pair_events).as_bytes());
        match r.mentions {
            Some(m) => field(buf, numbers.format(m).as_bytes()),
            None => field(buf, b""),
        }
        match r.goldstein_tenths {
            Some(g) => field(buf, numbers.format(g).as_bytes()),
            None => field(buf, b""),
        }
        let mut evidence = [None; 3];
        for (slot, e) in evidence.iter_mut().zip(self.evidence_of(r)) {
            *slot = Some(e);
        }
        for e in evidence {
            field(buf, text(e.map(|e| e.id.as_str())));
            field(buf, text(e.and_then(|e| e.url.as_deref())));
        }
        field(buf, text(with.map(|w| w.id.as_str())));
        field(buf, a.name.as_bytes());
        field(buf, kind_name(a.kind).as_bytes());
        field(buf, b.name.as_bytes());
        field(buf, kind_name(b.kind).as_bytes());
        field(buf, text(with.map(|w| w.name.as_str())));
        field(buf, text(with.map(|w| kind_name(w.kind))));
        for e in evidence {
            match e {
                Some(e) => {
                    write_weight(buf, e.weight);
                    buf.push(b',');
                    field(buf, &e.date.plain_bytes());
                    field(buf, e.title.as_bytes());
                    field(buf, text(e.publisher.as_deref()));
                }
                None => buf.extend_from_slice(b",,,,"),
            }
        }
        // The last field's comma becomes the line's end.
        if let Some(last) = buf.last_mut() {
            *last = b'\n';
        }
    }

    /// The cells of one row as text, in [`PAIR_PERIOD_COLUMNS`] order (for
    /// the Parquet writer; [`PairPeriods::write_csv`] writes the same text).
    pub(super) fn row_cells(&self, r: &PairPeriod, cells: &mut Vec<String>) {
        let actor = |i: u32| &self.actors[i as usize];
        let opt = |v: Option<String>| v.unwrap_or_default();
        cells.extend([
            actor(r.a).id.clone(),
            actor(r.b).id.clone(),
            r.directed.to_string(),
            r.period.to_string(),
            r.kind.to_string(),
            r.events.to_string(),
            r.pair_events.to_string(),
            opt(r.mentions.map(|m| m.to_string())),
            opt(r.goldstein_tenths.map(|g| g.to_string())),
        ]);
        let evidence: Vec<&Evidence> = self.evidence_of(r).collect();
        for i in 0..3 {
            let e = evidence.get(i).copied();
            cells.push(opt(e.map(|e| e.id.clone())));
            cells.push(opt(e.and_then(|e| e.url.as_deref().map(str::to_owned))));
        }
        let with = r.with.map(actor);
        cells.extend([
            opt(with.map(|w| w.id.clone())),
            actor(r.a).name.clone(),
            kind_name(actor(r.a).kind).into(),
            actor(r.b).name.clone(),
            kind_name(actor(r.b).kind).into(),
            opt(with.map(|w| w.name.clone())),
            opt(with.map(|w| kind_name(w.kind).into())),
        ]);
        for i in 0..3 {
            let e = evidence.get(i).copied();
            cells.push(opt(e.map(|e| e.weight.to_string())));
            cells.push(opt(e.map(|e| e.date.to_string())));
            cells.push(opt(e.map(|e| e.title.to_string())));
            cells.push(opt(
                e.and_then(|e| e.publisher.as_deref().map(str::to_owned))
            ));
        }
    }

    /// Reads a table written by [`PairPeriods::write_csv`] (or by any
    /// engine that writes the same columns, in any order).
    ///
    /// # Errors
    ///
    /// [`IngestError::Input`] naming the file, line and column of the
    /// first bad cell.
    pub fn read_csv<R: Read>(input: R, file: &str) -> Result<PairPeriods, IngestError> {
        super::table_read::read(input, file)
    }
}

/// For each piece of evidence, the first equal one (by id, then every
/// field): pieces are grouped by a hash of their id and compared within a
/// group, with no map of strings.
fn same_evidence(list: &[Evidence]) -> Vec<u32> {
    use std::hash::BuildHasher;
    let hasher = foldhash::fast::FixedState::default();
    let mut by_hash: Vec<(u64, u32)> = list
        .iter()
        .enumerate()
        .map(|(i, e)| (hasher.hash_one(e.id.as_str()), i as u32))
        .collect();
    by_hash.sort_unstable();
    let mut first: Vec<u32> = (0..list.len() as u32).collect();
    for group in by_hash.chunk_by(|x, y| x.0 == y.0) {
        for (k, &(_, i)) in group.iter().enumerate() {
            let earlier = group[..k].iter().map(|g| g.1);
            if let Some(j) = earlier
                .filter(|&j| first[j as usize] == j)
                .find(|&j| list[j as usize] == list[i as usize])
            {
                first[i as usize] = j;
            }
        }
    }
    first
}

/// A problem in a table file, on a line (or row) from 1, or on the whole
/// file when `line` is 0.
pub(crate) fn table_problem(file: &str, line: u64, column: &str, message: String) -> IngestError {
    let mut at = Location::file(file);
    if line > 0 {
        at = at.at_line(line);
    }
    if !column.is_empty() {
        at = at.in_column(column);
    }
    IngestError::Input(Problem::new(at, ProblemKind::Syntax, message))
}

/// Interns actors of a table being read.
#[derive(Default)]
pub(crate) struct ActorTable {
    pub actors: Vec<PairActor>,
    index: HashMap<String, u32>,
}

impl ActorTable {
    pub fn get(&mut self, id: &str, name: &str, kind: ActorKind) -> u32 {
        if let Some(&i) = self.index.get(id) {
            return i;
        }
        let i = self.actors.len() as u32;
        let name = if name.is_empty() { id } else { name };
        self.actors.push(PairActor {
            id: id.to_owned(),
            name: name.to_owned(),
            kind,
        });
        self.index.insert(id.to_owned(), i);
        i
    }
}

impl PairPeriods {
    /// One table of several (e.g. written by several workers for
    /// disjoint sets of pairs): actors merged by id, rows sorted.
    ///
    /// # Errors
    ///
    /// [`IngestError::Input`] when the tables have periods of different
    /// lengths, or two give the same (`a`, `b`, `with`, `kind`, `period`).
    pub fn concat(tables: Vec<PairPeriods>) -> Result<PairPeriods, IngestError> {
        let mut actors = ActorTable::default();
        let mut rows = Vec::new();
        let mut evidence = Vec::new();
        let mut period = None;
        for t in tables {
            if t.rows.is_empty() {
                continue;
            }
            if *period.get_or_insert(t.period) != t.period {
                let message = "the tables have periods of different lengths".to_owned();
                return Err(table_problem("pair-periods", 0, "", message));
            }
            let map: Vec<u32> = t
                .actors
                .iter()
                .map(|a| actors.get(&a.id, &a.name, a.kind))
                .collect();
            let base = evidence.len() as u32;
            evidence.extend(t.evidence);
            rows.extend(t.rows.into_iter().map(|mut r| {
                r.a = map[r.a as usize];
                r.b = map[r.b as usize];
                r.with = r.with.map(|w| map[w as usize]);
                r.evidence.map(|e| base + e);
                r
            }));
        }
        let mut table = PairPeriods {
            period: period.unwrap_or_default(),
            actors: actors.actors,
            evidence,
            rows,
        };
        table.sort();
        let key = |r: &PairPeriod| (r.a, r.b, r.with, r.kind, r.period);
        if let Some(w) = table.rows.windows(2).find(|w| key(&w[0]) == key(&w[1])) {
            let r = &w[0];
            let message = format!(
                "{} and {}, {} in {}, are given twice",
                table.actors[r.a as usize].id, table.actors[r.b as usize].id, r.kind, r.period
            );
            return Err(table_problem("pair-periods", 0, "", message));
        }
        Ok(table)
    }
}
