//! The COW state system membership list: states as actors, one phase per
//! membership spell.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use super::dates;
use super::table::{Bad, Table};
use super::{CowImport, CowOptions};
use crate::ingest::{IngestError, SkipReason, Summary};
use crate::{ActorKind, ActorRecord, DatasetBuilder, Location};

/// The columns of `states2016.csv`, in the order the rows are read.
const COLUMNS: &[(&str, bool)] = &[
    ("stateabb", true),
    ("ccode", true),
    ("statenme", true),
    ("styear", true),
    ("stmonth", true),
    ("stday", true),
    ("endyear", true),
    ("endmonth", true),
    ("endday", true),
];
const WHAT: &str = "the COW state system membership list (states2016.csv)";

/// A state of the system: the actor its `ccode` stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CowState {
    /// The actor id: its `stateabb`, or what `--actor-map` maps it to.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its kind (`state`, unless the actor map says otherwise).
    pub kind: ActorKind,
}

/// The state system membership list, read: states by `ccode`, and their
/// phases as actor records, each with the line it came from.
#[derive(Debug, Clone, Default)]
pub struct StateSystem {
    by_code: BTreeMap<i32, CowState>,
    phases: Vec<(ActorRecord, Location)>,
    summary: Summary,
}

impl StateSystem {
    /// Reads the list (the layout of `states2016.csv`: `stateabb`, `ccode`,
    /// `statenme`, `styear`, `stmonth`, `stday`, `endyear`, `endmonth`,
    /// `endday`). Each row is a membership spell: a phase from its start
    /// to the day after its (inclusive) end; a spell ending on the last
    /// day of the list (the latest end in the file) is open-ended.
    ///
    /// # Errors
    ///
    /// A header without one of the columns; with `strict`, the first
    /// malformed row (file, line and column).
    pub fn from_csv(
        reader: impl Read,
        file: &str,
        options: &CowOptions,
    ) -> Result<StateSystem, IngestError> {
        let mut table = Table::open(reader, file, COLUMNS, WHAT, options.strict)?;
        // (state, start, inclusive last day, exclusive end, line)
        let mut spells: Vec<(i32, CowState, crate::Date, i32, crate::Date, u64)> = Vec::new();
        let mut by_code: BTreeMap<i32, CowState> = BTreeMap::new();
        table.each(|row| {
            let abb = row.text(0);
            let code = row.int(1)?;
            let name = row.text(2);
            if abb.is_empty() || !crate::ingest::row::is_id(abb) {
                return Err(Bad::value("stateabb", abb));
            }
            if name.is_empty() {
                return Err(Bad::value("statenme", name));
            }
            let (sy, sm, sd) = (row.int(3)?, row.int(4)?, row.int(5)?);
            let (ey, em, ed) = (row.int(6)?, row.int(7)?, row.int(8)?);
            let start = dates::start(sy, sm, sd).map_err(|e| Bad::date("styear", e))?;
            let end = dates::end_exclusive(ey, em, ed).map_err(|e| Bad::date("endyear", e))?;
            let last = dates::last_day(ey, em, ed).unwrap_or(end.first_day() - 1);
            if end.first_day() <= start.first_day() {
                return Err(Bad::date(
                    "endyear",
                    format!("the spell ends ({ey}-{em}-{ed}) before it starts"),
                ));
            }
            let state = mapped(options, abb, code, name);
            if let Some(known) = by_code.get(&code) {
                if known.id != state.id {
                    return Err(Bad {
                        reason: SkipReason::BadValue,
                        column: "ccode",
                        message: format!("ccode {code} is {} on an earlier row", known.id),
                    });
                }
            }
            by_code.insert(code, state.clone());
            spells.push((code, state, start, last, end, row.line));
            Ok(())
        })?;
        let list_end = spells.iter().map(|s| s.3).max();
        let phases = spells
            .into_iter()
            .map(|(_, state, start, last, end, line)| {
                let record = ActorRecord {
                    id: state.id,
                    name: state.name,
                    kind: state.kind,
                    from: Some(start),
                    until: (Some(last) != list_end).then_some(end),
                    ..Default::default()
                };
                (record, Location::file(file).at_line(line))
            })
            .collect();
        Ok(StateSystem {
            by_code,
            phases,
            summary: table.summary,
        })
    }

    /// The state a `ccode` stands for.
    pub fn state(&self, ccode: i32) -> Option<&CowState> {
        self.by_code.get(&ccode)
    }

    /// How many states (codes) the list has.
    pub fn len(&self) -> usize {
        self.by_code.len()
    }

    /// Whether the list has no state.
    pub fn is_empty(&self) -> bool {
        self.by_code.is_empty()
    }

    /// The ids of the list's actors.
    pub(super) fn ids(&self) -> BTreeSet<&str> {
        self.by_code.values().map(|s| s.id.as_str()).collect()
    }

    /// Adds every phase to a builder, each at its row.
    pub(super) fn add_to(&self, builder: &mut DatasetBuilder) {
        for (record, at) in &self.phases {
            builder.add_actor_at(record.clone(), at.clone());
        }
    }
}

/// A state as the actor map says (by abbreviation, then by code), else
/// as the list names it.
fn mapped(options: &CowOptions, abb: &str, code: i32, name: &str) -> CowState {
    let map = &options.actor_map;
    match map.get(abb).or_else(|| map.get(&code.to_string())) {
        Some(e) => CowState {
            id: e.id.clone(),
            name: e.name.to_string(),
            kind: e.kind,
        },
        None => CowState {
            id: abb.to_owned(),
            name: name.to_owned(),
            kind: ActorKind::State,
        },
    }
}

/// `--input cow-states`: the list as a dataset of actors (no ties).
///
/// # Errors
///
/// As [`StateSystem::from_csv`], or phases the builder refuses (two
/// spells of one state that overlap).
pub fn cow_states(
    reader: impl Read,
    file: &str,
    options: &CowOptions,
) -> Result<CowImport, IngestError> {
    let started = std::time::Instant::now();
    let states = StateSystem::from_csv(reader, file, options)?;
    let mut builder = DatasetBuilder::new();
    states.add_to(&mut builder);
    let dataset = builder.build().map_err(IngestError::Invalid)?;
    let mut summary = states.summary.clone();
    summary.count_dataset(&dataset);
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(CowImport { dataset, summary })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n";

    fn read(rows: &str) -> Result<CowImport, IngestError> {
        let text = format!("{HEADER}{rows}");
        cow_states(text.as_bytes(), "states2016.csv", &CowOptions::default())
    }

    #[test]
    fn spells_become_phases_with_exclusive_ends_and_the_last_one_open() {
        let out = read(
            "USA,2,United States of America,1816,1,1,2016,12,31,2016\n\
             JPN,740,Japan,1895,4,17,1945,8,14,2016\n\
             JPN,740,Japan,1952,4,28,2016,12,31,2016\n",
        )
        .expect("reads");
        let phases: Vec<(String, String, Option<String>)> = out
            .dataset
            .actor_records()
            .map(|a| (a.id, text(a.from), a.until.map(|d| d.to_string())))
            .collect();
        assert_eq!(
            phases,
            [
                ("JPN".into(), "1895-04-17".into(), Some("1945-08-15".into())),
                ("JPN".into(), "1952-04-28".into(), None),
                ("USA".into(), "1816-01-01".into(), None),
            ]
        );
        assert_eq!(out.summary.rows_read, 3);
        assert_eq!(out.summary.actors, 2);
    }

    fn text(d: Option<crate::Date>) -> String {
        d.map(|d| d.to_string()).unwrap_or_default()
    }

    #[test]
    fn a_missing_column_is_named_and_bad_rows_are_counted() {
        let text = "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth\n";
        let err = cow_states(text.as_bytes(), "s.csv", &CowOptions::default()).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("s.csv:1: the header has no column \"endday\""),
            "{err}"
        );
        let out = read(
            "USA,2,United States of America,1816,1,1,2016,12,31,2016\n\
             XXX,x,Nowhere,1816,1,1,2016,12,31,2016\n\
             YYY,3,Short,1816,1,1\n\
             ZZZ,4,Backwards,1900,1,1,1899,1,1,2016\n",
        )
        .expect("reads");
        assert_eq!(out.summary.rows_read, 4);
        assert_eq!(out.summary.rows_used, 1);
        assert_eq!(out.summary.skipped.get(SkipReason::BadValue), 1);
        assert_eq!(out.summary.skipped.get(SkipReason::WrongFieldCount), 1);
        assert_eq!(out.summary.skipped.get(SkipReason::BadDate), 1);
        let strict = CowOptions {
            strict: true,
            ..Default::default()
        };
        let text = format!("{HEADER}XXX,x,Nowhere,1816,1,1,2016,12,31,2016\n");
        let err = cow_states(text.as_bytes(), "s.csv", &strict).unwrap_err();
        assert_eq!(
            err.to_string(),
            "s.csv:2: column ccode: \"x\" is not a valid ccode"
        );
    }

    #[test]
    fn the_actor_map_renames_states_by_abbreviation_or_code() {
        let map = "code,id,name,kind\nGMY,DEU,Germany,state\n740,JPN_,Japan,state\n";
        let options = CowOptions {
            actor_map: crate::ingest::ActorMap::from_csv(map.as_bytes(), "map.csv").expect("a map"),
            ..Default::default()
        };
        let text = format!(
            "{HEADER}GMY,255,Germany,1816,1,1,1945,5,8,2016\nJPN,740,Japan,1895,4,17,1945,8,14,2016\n"
        );
        let states = StateSystem::from_csv(text.as_bytes(), "s.csv", &options).expect("reads");
        assert_eq!(states.state(255).map(|s| s.id.as_str()), Some("DEU"));
        assert_eq!(states.state(740).map(|s| s.id.as_str()), Some("JPN_"));
        assert_eq!(states.len(), 2);
    }
}
