//! COW Militarized Interstate Disputes, participant level (MIDB): each
//! dispute's participants on opposite sides become directed hostility ties.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use super::dates;
use super::table::{Bad, Table};
use super::{CowImport, CowOptions, SameSide};
use crate::ingest::{IngestError, SkipReason};
use crate::{
    ActorKind, ActorRecord, DatasetBuilder, Date, Location, SourceRecord, TieKind, TieRecord,
};

/// The columns of `MIDB 5.0.csv` this importer reads.
const COLUMNS: &[(&str, bool)] = &[
    ("dispnum", true),
    ("stabb", true),
    ("ccode", true),
    ("stday", true),
    ("stmon", true),
    ("styear", true),
    ("endday", true),
    ("endmon", true),
    ("endyear", true),
    ("sidea", true),
    ("fatality", true),
    ("hiact", true),
    ("hostlev", true),
];
const WHAT: &str = "a COW participant-level dispute file (MIDB)";

/// The source every dispute tie cites.
const SOURCE: &str = "cow-midb";

/// The weight of a same-side pair's cooperation tie.
const SAME_SIDE_WEIGHT: f64 = 0.2;

/// One participation of a state in a dispute.
#[derive(Debug, Clone)]
struct Participant {
    actor: usize,
    start: Date,
    /// Exclusive.
    end: Date,
    side_a: bool,
    hostlev: i32,
    hiact: i32,
    fatality: i32,
    line: u64,
}

/// `--input cow-midb`: for each dispute, one `hostility` tie per pair of
/// participants on opposite sides whose participation periods overlap,
/// over the overlap, directed from the side-A participant (`sidea` = 1)
/// to the other, weight the higher `hostlev` of the two ÷ 5; its id is
/// `MID` + the dispute number + the two actors (`MID10-GMY-FRN`), with
/// `-1`, `-2`, … when one pair has several overlapping participations in
/// one dispute; its note gives the dispute number, the highest action and
/// the fatality level of the two. With [`SameSide::Cooperation`],
/// participants on the same side get a `cooperation` tie of weight 0.2
/// over their overlap (`MID10-c-FRN-GBR`, sorted ids).
///
/// States are matched to [`CowOptions::states`] by `ccode` (a code not in
/// the list skips the row, counted as `missing_actor`); without a list,
/// each `stabb` is an actor, always in force.
///
/// # Errors
///
/// A header without one of the columns, with `strict` the first malformed
/// row, and ties the builder refuses (outside their states' phases with
/// [`crate::PhaseRule::Strict`]: use [`crate::PhaseRule::Clip`]).
pub fn cow_midb(
    reader: impl Read,
    file: &str,
    options: &CowOptions,
) -> Result<CowImport, IngestError> {
    let started = std::time::Instant::now();
    let mut table = Table::open(reader, file, COLUMNS, WHAT, options.strict)?;
    let mut actors = Actors::default();
    let mut disputes: BTreeMap<i32, Vec<Participant>> = BTreeMap::new();
    table.each(|row| {
        let dispnum = row.int(0)?;
        let (abb, code) = (row.text(1), row.int(2)?);
        let start = dates::start(row.int(5)?, row.int(4)?, row.int(3)?)
            .map_err(|e| Bad::date("styear", e))?;
        let end = dates::end_exclusive(row.int(8)?, row.int(7)?, row.int(6)?)
            .map_err(|e| Bad::date("endyear", e))?;
        if end.first_day() <= start.first_day() {
            return Err(Bad::date(
                "endyear",
                "the participation ends before it starts".into(),
            ));
        }
        let side_a = match row.int(9)? {
            1 => true,
            0 => false,
            _ => return Err(Bad::value("sidea", row.text(9))),
        };
        let hostlev = row.int(12)?;
        if !(1..=5).contains(&hostlev) {
            return Err(Bad::value("hostlev", row.text(12)));
        }
        let actor = actors.find(options, abb, code)?;
        disputes.entry(dispnum).or_default().push(Participant {
            actor,
            start,
            end,
            side_a,
            hostlev,
            hiact: row.int(11)?,
            fatality: row.int(10)?,
            line: row.line,
        });
        Ok(())
    })?;

    let mut builder = DatasetBuilder::new();
    builder.phases(options.phases);
    actors.add_to(&mut builder, options);
    builder.add_source(SourceRecord {
        id: SOURCE.into(),
        title: Some("Militarized Interstate Disputes, participant level (MIDB)".into()),
        publisher: Some("Correlates of War Project".into()),
        reference: Some(file.to_owned()),
        ..Default::default()
    });
    builder.extra_columns(Vec::<String>::new(), ["x_dispnum"], Vec::<String>::new());
    for (dispnum, participants) in &disputes {
        for (tie, at) in dispute_ties(*dispnum, participants, &actors, options.same_side) {
            builder.add_tie_at(tie, Location::file(file).at_line(at));
        }
    }
    let dataset = builder.build().map_err(IngestError::Invalid)?;
    let mut summary = table.summary;
    summary.count_dataset(&dataset);
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(CowImport { dataset, summary })
}

/// The ties of one dispute, each with the line of the row it is placed
/// at (the side-A participant's, or the first of a same-side pair's).
fn dispute_ties(
    dispnum: i32,
    participants: &[Participant],
    actors: &Actors,
    same_side: SameSide,
) -> Vec<(TieRecord, u64)> {
    // (kind, from, to) → the ties of that pair, numbered when several.
    let mut pairs: BTreeMap<(bool, usize, usize), Vec<(TieRecord, u64)>> = BTreeMap::new();
    for (i, p) in participants.iter().enumerate() {
        for q in &participants[i + 1..] {
            if p.actor == q.actor {
                continue;
            }
            let (from, until) = (later(p.start, q.start), earlier(p.end, q.end));
            if from.first_day() >= until.first_day() {
                continue;
            }
            let opposite = p.side_a != q.side_a;
            if !opposite && same_side != SameSide::Cooperation {
                continue;
            }
            let (a, b) = match (opposite, p.side_a) {
                (true, true) => (p, q),
                (true, false) => (q, p),
                // Same side: no direction; the smaller id first.
                (false, _) if actors.id(p.actor) <= actors.id(q.actor) => (p, q),
                (false, _) => (q, p),
            };
            let hiact = p.hiact.max(q.hiact);
            let fatality = p.fatality.max(q.fatality);
            let fatality = if fatality < 0 {
                "unknown".to_owned()
            } else {
                fatality.to_string()
            };
            let mut tie = TieRecord {
                source: actors.id(a.actor).to_owned(),
                target: actors.id(b.actor).to_owned(),
                start: Some(from),
                end: Some(until),
                sources: vec![SOURCE.into()],
                note: Some(format!(
                    "COW MID {dispnum}: highest action {hiact}, fatality level {fatality}"
                )),
                ..Default::default()
            };
            tie.extra.insert("x_dispnum".into(), dispnum.to_string());
            if opposite {
                tie.kind = TieKind::Hostility;
                tie.directed = Some(true);
                tie.weight = Some(f64::from(p.hostlev.max(q.hostlev)) / 5.0);
            } else {
                tie.kind = TieKind::Cooperation;
                tie.weight = Some(SAME_SIDE_WEIGHT);
            }
            pairs
                .entry((opposite, a.actor, b.actor))
                .or_default()
                .push((tie, a.line));
        }
    }
    let mut out = Vec::new();
    for ((opposite, a, b), mut ties) in pairs {
        let base = if opposite {
            format!("MID{dispnum}-{}-{}", actors.id(a), actors.id(b))
        } else {
            format!("MID{dispnum}-c-{}-{}", actors.id(a), actors.id(b))
        };
        let numbered = ties.len() > 1;
        ties.sort_by_key(|(t, line)| (t.start.map(Date::first_day), *line));
        for (k, (mut tie, line)) in ties.into_iter().enumerate() {
            tie.id = if numbered {
                format!("{base}-{}", k + 1)
            } else {
                base.clone()
            };
            out.push((tie, line));
        }
    }
    out
}

/// The later of two starts; of two on the same day, the more precise
/// (a known day rather than `1911-07?`).
fn later(a: Date, b: Date) -> Date {
    if (b.first_day(), precision(b)) > (a.first_day(), precision(a)) {
        b
    } else {
        a
    }
}

/// The earlier of two ends; of two on the same day, the more precise.
fn earlier(a: Date, b: Date) -> Date {
    if (b.first_day(), std::cmp::Reverse(precision(b)))
        < (a.first_day(), std::cmp::Reverse(precision(a)))
    {
        b
    } else {
        a
    }
}

/// How precise a date is: its precision, then whether it is certain.
fn precision(d: Date) -> (crate::Precision, bool) {
    (d.precision(), d.qualifier().is_none())
}

/// The actors the participants name, numbered in the order first seen.
#[derive(Default)]
struct Actors {
    ids: Vec<String>,
    names: Vec<(String, ActorKind)>,
    by_id: BTreeMap<String, usize>,
}

impl Actors {
    /// The actor of a participant: through the state list when there is
    /// one (by `ccode`), else its `stabb`; the actor map first.
    fn find(&mut self, options: &CowOptions, abb: &str, code: i32) -> Result<usize, Bad> {
        let map = &options.actor_map;
        let (id, name, kind) = match (
            map.get(abb).or_else(|| map.get(&code.to_string())),
            &options.states,
        ) {
            (Some(e), _) => (e.id.clone(), e.name.to_string(), e.kind),
            (None, Some(states)) => match states.state(code) {
                Some(s) => (s.id.clone(), s.name.clone(), s.kind),
                None => {
                    return Err(Bad {
                        reason: SkipReason::MissingActor,
                        column: "ccode",
                        message: format!("ccode {code} is not in the state system"),
                    })
                }
            },
            (None, None) if crate::ingest::row::is_id(abb) => {
                (abb.to_owned(), abb.to_owned(), ActorKind::State)
            }
            (None, None) => return Err(Bad::value("stabb", abb)),
        };
        if let Some(&i) = self.by_id.get(&id) {
            return Ok(i);
        }
        self.ids.push(id.clone());
        self.names.push((name, kind));
        self.by_id.insert(id, self.ids.len() - 1);
        Ok(self.ids.len() - 1)
    }

    fn id(&self, i: usize) -> &str {
        &self.ids[i]
    }

    /// The actors: the state list's phases (every state), else one
    /// always-in-force actor per id met; mapped actors not in the list too.
    fn add_to(&self, builder: &mut DatasetBuilder, options: &CowOptions) {
        let mut listed = BTreeSet::new();
        if let Some(states) = &options.states {
            states.add_to(builder);
            listed = states.ids();
        }
        for (i, id) in self.ids.iter().enumerate() {
            if listed.contains(id.as_str()) {
                continue;
            }
            let (name, kind) = &self.names[i];
            builder.add_actor(ActorRecord {
                id: id.clone(),
                name: name.clone(),
                kind: *kind,
                ..Default::default()
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::cow::StateSystem;
    use crate::PhaseRule;

    const HEADER: &str = "dispnum,stabb,ccode,stday,stmon,styear,endday,endmon,endyear,sidea,revstate,revtype1,revtype2,fatality,fatalpre,hiact,hostlev,orig,version\n";

    fn run(rows: &str, options: &CowOptions) -> CowImport {
        let text = format!("{HEADER}{rows}");
        cow_midb(text.as_bytes(), "midb.csv", options).expect("imports")
    }

    fn ties(out: &CowImport) -> Vec<String> {
        let d = &out.dataset;
        d.ties()
            .iter()
            .map(|t| {
                format!(
                    "{} {} {}{}{} {}..{} {}",
                    t.id(),
                    t.kind(),
                    d.actor_id(t.source()),
                    if t.is_directed() { "->" } else { "--" },
                    d.actor_id(t.target()),
                    t.start(),
                    t.end().map(|e| e.to_string()).unwrap_or_default(),
                    t.weight()
                )
            })
            .collect()
    }

    #[test]
    fn opposite_sides_overlap_and_point_from_side_a() {
        // GMY (side A) from July 1911; FRN (side B) joins on 1911-08-15
        // and GBR (side B) leaves before GMY enters: no overlap.
        let out = run(
            "10,FRN,220,15,8,1911,-9,11,1911,0,0,0,-9,0,0,17,3,1,5\n\
             10,GMY,255,-9,7,1911,4,11,1911,1,1,1,-9,0,0,7,4,1,5\n\
             10,GBR,200,1,1,1911,30,6,1911,0,0,0,-9,0,0,1,2,0,5\n",
            &CowOptions::default(),
        );
        assert_eq!(
            ties(&out),
            ["MID10-GMY-FRN hostility GMY->FRN 1911-08-15..1911-11-05 0.8"]
        );
        let t = &out.dataset.ties()[0];
        assert_eq!(
            t.note(),
            Some("COW MID 10: highest action 17, fatality level 0")
        );
        assert_eq!(t.extra().get("x_dispnum").map(|v| &**v), Some("10"));
        assert_eq!(out.summary.rows_used, 3);
    }

    #[test]
    fn unknown_days_give_uncertain_partial_dates_over_the_overlap() {
        let out = run(
            "11,USA,2,-9,3,1950,-9,5,1950,1,1,1,-9,1,0,16,4,1,5\n\
             11,CHN,710,-9,3,1950,-9,6,1950,0,0,0,-9,-9,0,16,4,1,5\n",
            &CowOptions::default(),
        );
        // The earlier end (May, unknown day) ends with May: June, uncertain.
        assert_eq!(
            ties(&out),
            ["MID11-USA-CHN hostility USA->CHN 1950-03?..1950-06? 0.8"]
        );
        assert_eq!(
            out.dataset.ties()[0].note(),
            Some("COW MID 11: highest action 16, fatality level 1")
        );
    }

    #[test]
    fn two_participations_of_one_pair_are_numbered_and_same_side_is_optional() {
        let rows = "12,RUS,365,1,1,1900,31,1,1900,1,1,1,-9,0,0,10,3,1,5\n\
                    12,RUS,365,1,3,1900,31,3,1900,1,1,1,-9,0,0,10,5,1,5\n\
                    12,TUR,640,1,1,1900,31,12,1900,0,0,0,-9,0,0,10,2,1,5\n\
                    12,GRC,350,15,1,1900,15,3,1900,0,0,0,-9,0,0,10,2,1,5\n";
        let out = run(rows, &CowOptions::default());
        assert_eq!(
            ties(&out),
            [
                "MID12-RUS-TUR-1 hostility RUS->TUR 1900-01-01..1900-02-01 0.6",
                "MID12-RUS-GRC-1 hostility RUS->GRC 1900-01-15..1900-02-01 0.6",
                "MID12-RUS-GRC-2 hostility RUS->GRC 1900-03-01..1900-03-16 1",
                "MID12-RUS-TUR-2 hostility RUS->TUR 1900-03-01..1900-04-01 1",
            ]
        );
        let options = CowOptions {
            same_side: SameSide::Cooperation,
            ..Default::default()
        };
        let out = run(rows, &options);
        let coop: Vec<String> = ties(&out)
            .into_iter()
            .filter(|t| t.contains("cooperation"))
            .collect();
        assert_eq!(
            coop,
            ["MID12-c-GRC-TUR cooperation GRC--TUR 1900-01-15..1900-03-16 0.2"]
        );
    }

    #[test]
    fn states_come_from_the_list_and_ties_outside_phases_need_clip() {
        let states =
            "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n\
                      USA,2,United States of America,1816,1,1,2016,12,31,2016\n\
                      JPN,740,Japan,1895,4,17,1945,8,14,2016\n";
        let mut options = CowOptions::default();
        options.states =
            Some(StateSystem::from_csv(states.as_bytes(), "states.csv", &options).expect("a list"));
        let rows = "13,USA,2,7,12,1941,2,9,1945,0,0,0,-9,6,0,21,5,0,5\n\
                    13,JPN,740,7,12,1941,2,9,1945,1,1,1,-9,6,0,21,5,1,5\n\
                    13,XXX,999,7,12,1941,2,9,1945,1,1,1,-9,6,0,21,5,1,5\n";
        let text = format!("{HEADER}{rows}");
        let err = cow_midb(text.as_bytes(), "midb.csv", &options).unwrap_err();
        assert!(
            err.to_string().contains("midb.csv:3: column source: the tie runs from 1941-12-07 to 1945-09-03 but actor JPN"),
            "{err}"
        );
        options.phases = PhaseRule::Clip;
        let out = run(rows, &options);
        assert_eq!(
            ties(&out),
            ["MID13-JPN-USA hostility JPN->USA 1941-12-07..1945-08-15 1"]
        );
        assert_eq!(out.dataset.clipping().clipped, 1);
        assert_eq!(out.summary.skipped.get(SkipReason::MissingActor), 1);
        // The list's actors are all there, with their names.
        assert_eq!(out.dataset.actors().len(), 2);
    }

    #[test]
    fn bad_rows_are_skipped_and_counted() {
        let out = run(
            "14,USA,2,1,1,1950,1,2,1950,1,1,1,-9,0,0,10,4,1,5\n\
             14,CAN,20,1,1,1950,1,2,1950,2,0,0,-9,0,0,10,4,1,5\n\
             14,MEX,70,1,1,1950,1,2,1950,0,0,0,-9,0,0,10,9,1,5\n\
             14,CUB,40,1,13,1950,1,2,1950,0,0,0,-9,0,0,10,4,1,5\n\
             14,HAI,41,1,1,1950\n",
            &CowOptions::default(),
        );
        assert_eq!(out.dataset.ties().len(), 0);
        assert_eq!(out.summary.rows_read, 5);
        assert_eq!(out.summary.skipped.get(SkipReason::BadValue), 2);
        assert_eq!(out.summary.skipped.get(SkipReason::BadDate), 1);
        assert_eq!(out.summary.skipped.get(SkipReason::WrongFieldCount), 1);
        let err = cow_midb(
            "dispnum,stabb,ccode,stday,stmon,styear,endday,endmon,endyear,sidea,fatality,hiact\n"
                .as_bytes(),
            "m.csv",
            &CowOptions::default(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("no column \"hostlev\""), "{err}");
    }
}
