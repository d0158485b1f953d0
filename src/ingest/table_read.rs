//! Reading the pair-periods CSV back.

use std::collections::HashSet;
use std::io::Read;

use super::table::{table_problem, ActorTable, Evidence, EvidenceRefs, PairPeriod, PairPeriods};
use super::{IngestError, Period, PAIR_PERIOD_COLUMNS};
use crate::{ActorKind, Date, TieKind};

/// The cells of one row, by column name.
struct Row<'r> {
    record: &'r csv::StringRecord,
    index: &'r [usize],
    file: &'r str,
    line: u64,
}

impl Row<'_> {
    fn get(&self, column: &str) -> &str {
        let at = PAIR_PERIOD_COLUMNS.iter().position(|c| *c == column);
        at.and_then(|i| self.record.get(self.index[i]))
            .unwrap_or("")
    }

    fn fail(&self, column: &str, message: String) -> IngestError {
        table_problem(self.file, self.line, column, message)
    }

    fn parse<T: std::str::FromStr>(&self, column: &str, what: &str) -> Result<T, IngestError> {
        let text = self.get(column).trim();
        text.parse()
            .map_err(|_| self.fail(column, format!("{text:?} is not {what}")))
    }

    fn opt<T: std::str::FromStr>(
        &self,
        column: &str,
        what: &str,
    ) -> Result<Option<T>, IngestError> {
        if self.get(column).trim().is_empty() {
            Ok(None)
        } else {
            self.parse(column, what).map(Some)
        }
    }

    /// A date without a qualifier: the table writes its dates plain, so a
    /// `?`, `~` or `%` would not survive writing the table again.
    fn plain_date(&self, column: &str) -> Result<Date, IngestError> {
        let text = self.get(column);
        let date = Date::parse(text).map_err(|e| self.fail(column, e.to_string()))?;
        if date.qualifier().is_some() {
            let message = format!("{text:?} has a qualifier (a table's dates are plain)");
            return Err(self.fail(column, message));
        }
        Ok(date)
    }

    fn actor(&self, table: &mut ActorTable, prefix: &str) -> Result<Option<u32>, IngestError> {
        let id = self.get(prefix);
        if id.is_empty() {
            return Ok(None);
        }
        if !super::row::is_id(id) {
            return Err(self.fail(prefix, format!("{id:?} is not an actor id")));
        }
        let kind_column = format!("{prefix}_kind");
        let kind: ActorKind = match self.get(&kind_column) {
            "" => ActorKind::Group,
            _ => self.parse(&kind_column, "an actor kind")?,
        };
        Ok(Some(table.get(
            id,
            self.get(&format!("{prefix}_name")),
            kind,
        )))
    }

    fn evidence(&self, pool: &mut Vec<Evidence>) -> Result<EvidenceRefs, IngestError> {
        let mut list = EvidenceRefs::default();
        for i in 1..=3 {
            let id = self.get(&format!("evidence{i}_id"));
            if id.is_empty() {
                continue;
            }
            // Stage 2 makes a source of it, whose id this must be.
            if id.contains(';') || id.trim() != id {
                let message =
                    format!("{id:?} is not a source id (no `;` and no surrounding spaces)");
                return Err(self.fail(&format!("evidence{i}_id"), message));
            }
            let date_column = format!("evidence{i}_date");
            let date = self.plain_date(&date_column)?;
            let text = |c: String| {
                Some(self.get(&c))
                    .filter(|t| !t.is_empty())
                    .map(std::sync::Arc::from)
            };
            list.push(pool.len() as u32);
            pool.push(Evidence {
                id: id.to_owned(),
                weight: self
                    .opt(&format!("evidence{i}_weight"), "a number")?
                    .unwrap_or(0.0),
                date,
                title: text(format!("evidence{i}_title")).unwrap_or_else(|| id.into()),
                publisher: text(format!("evidence{i}_publisher")),
                url: text(format!("evidence{i}_url")),
            });
        }
        Ok(list)
    }

    fn pair_period(
        &self,
        actors: &mut ActorTable,
        pool: &mut Vec<Evidence>,
    ) -> Result<PairPeriod, IngestError> {
        let missing = |c: &str| self.fail(c, "a row needs it".into());
        let a = self.actor(actors, "a")?.ok_or_else(|| missing("a"))?;
        let b = self.actor(actors, "b")?.ok_or_else(|| missing("b"))?;
        let with = self.actor(actors, "with")?;
        let kind: TieKind = self.parse("kind", "a tie kind")?;
        let period = self.plain_date("period")?;
        let row = PairPeriod {
            a,
            b,
            with,
            directed: self.parse("directed", "true or false")?,
            period,
            kind,
            events: self.parse("events", "a count")?,
            pair_events: self.parse("pair_events", "a count")?,
            mentions: self.opt("mentions", "a count")?,
            goldstein_tenths: self.opt("goldstein_tenths", "a whole number")?,
            evidence: self.evidence(pool)?,
        };
        if (kind == TieKind::Mediation) != with.is_some() {
            return Err(self.fail("with", "a mediation, and only a mediation, has one".into()));
        }
        if a == b || with.is_some_and(|w| w == a || w == b) {
            return Err(self.fail("b", "the actors of a row must differ".into()));
        }
        if row.events == 0 || row.events > row.pair_events {
            return Err(self.fail("events", "events must be from 1 to pair_events".into()));
        }
        Ok(row)
    }
}

/// Reads a pair-periods CSV.
pub(super) fn read<R: Read>(input: R, file: &str) -> Result<PairPeriods, IngestError> {
    let mut csv = csv::ReaderBuilder::new().from_reader(input);
    let header = csv
        .headers()
        .map_err(|e| table_problem(file, 1, "", e.to_string()))?
        .clone();
    let mut reader = TableReader::new(header.iter(), file, 1)?;
    let mut record = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                return Err(table_problem(file, line, "", e.to_string()));
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        reader.row(&record, line)?;
    }
    Ok(reader.finish())
}

/// The rows of a pair-periods table, as text cells, into a table: the
/// one reading of the CSV form and of the Parquet form (whose problems
/// name the row where the CSV's name the line).
pub(super) struct TableReader<'f> {
    index: Vec<usize>,
    file: &'f str,
    actors: ActorTable,
    pool: Vec<Evidence>,
    rows: Vec<PairPeriod>,
    precision: Option<crate::Precision>,
    /// The rows' keys (pair, mediator, kind, period): stage 2 makes one
    /// tie of each, named by it, so a key may be given once.
    keys: HashSet<(u32, u32, Option<u32>, TieKind, Date)>,
}

impl<'f> TableReader<'f> {
    /// Finds the columns in a header (`line`: where problems with it are).
    pub(super) fn new<'h>(
        header: impl Iterator<Item = &'h str> + Clone,
        file: &'f str,
        line: u64,
    ) -> Result<TableReader<'f>, IngestError> {
        let mut index = Vec::with_capacity(PAIR_PERIOD_COLUMNS.len());
        for column in PAIR_PERIOD_COLUMNS {
            match header.clone().position(|h| h.trim() == column) {
                Some(i) => index.push(i),
                None => {
                    let message = format!("the header has no column {column:?}");
                    return Err(table_problem(file, line, "", message));
                }
            }
        }
        Ok(TableReader {
            index,
            file,
            actors: ActorTable::default(),
            pool: Vec::new(),
            rows: Vec::new(),
            precision: None,
            keys: HashSet::new(),
        })
    }

    /// Reads one row, whose problems are at `line`.
    pub(super) fn row(&mut self, record: &csv::StringRecord, line: u64) -> Result<(), IngestError> {
        let row = Row {
            record,
            index: &self.index,
            file: self.file,
            line,
        };
        let pp = row.pair_period(&mut self.actors, &mut self.pool)?;
        if *self.precision.get_or_insert(pp.period.precision()) != pp.period.precision() {
            return Err(row.fail("period", "every row must have periods of one length".into()));
        }
        if !self.keys.insert((pp.a, pp.b, pp.with, pp.kind, pp.period)) {
            let id = |i: u32| &self.actors.actors[i as usize].id;
            let message = format!(
                "{} and {}, {} in {}, are given on an earlier row too",
                id(pp.a),
                id(pp.b),
                pp.kind,
                pp.period
            );
            return Err(row.fail("period", message));
        }
        self.rows.push(pp);
        Ok(())
    }

    /// The table, sorted.
    pub(super) fn finish(self) -> PairPeriods {
        let mut table = PairPeriods {
            period: self.precision.map_or(Period::Month, Period::of_precision),
            actors: self.actors.actors,
            evidence: self.pool,
            rows: self.rows,
        };
        table.sort();
        table
    }
}
