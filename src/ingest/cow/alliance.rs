//! COW Formal Alliances, dyadic (v4.1): one alliance tie per alliance dyad.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use super::dates;
use super::table::{Bad, Table};
use super::{CowImport, CowOptions};
use crate::ingest::{IngestError, SkipReason};
use crate::{
    ActorKind, ActorRecord, DatasetBuilder, Date, Location, SourceRecord, TieKind, TieRecord,
};

/// The columns of `alliance_v4.1_by_dyad.csv` (its codebook's names).
const COLUMNS: &[(&str, bool)] = &[
    ("version4id", true),
    ("ccode1", true),
    ("state_name1", true),
    ("ccode2", true),
    ("state_name2", true),
    ("dyad_st_day", true),
    ("dyad_st_month", true),
    ("dyad_st_year", true),
    ("dyad_end_day", true),
    ("dyad_end_month", true),
    ("dyad_end_year", true),
    ("left_censor", true),
    ("right_censor", true),
    ("defense", true),
    ("neutrality", true),
    ("nonaggression", true),
    ("entente", true),
];
const WHAT: &str = "a COW dyadic formal alliance file (alliance_v4.1_by_dyad.csv)";

/// The source every alliance tie cites.
const SOURCE: &str = "cow-alliance";

/// The type indicators, strongest first, kept as `x_` columns.
const TYPES: [&str; 4] = ["defense", "neutrality", "nonaggression", "entente"];

/// The weight of an alliance tie from its strongest type (COW's types
/// are ordered by the commitment they make): a defense pact 1, a
/// neutrality pact 0.75, a nonaggression pact 0.5, an entente 0.25.
/// `None` when no indicator is set.
///
/// ```
/// use tiegraph::ingest::cow::alliance_weight;
/// // Defense and entente both set: the defense pact counts.
/// assert_eq!(alliance_weight([true, false, false, true]), Some(1.0));
/// assert_eq!(alliance_weight([false, false, true, true]), Some(0.5));
/// assert_eq!(alliance_weight([false; 4]), None);
/// ```
pub fn alliance_weight(types: [bool; 4]) -> Option<f64> {
    const WEIGHTS: [f64; 4] = [1.0, 0.75, 0.5, 0.25];
    types.iter().position(|&t| t).map(|i| WEIGHTS[i])
}

/// `--input cow-alliance`: one `alliance` tie per row (an alliance dyad)
/// from the dyad's start to the day after its end, open-ended when the
/// row is right-censored (`right_censor` = 1: in force when the data end)
/// or gives no end; weight by [`alliance_weight`]; the type indicators,
/// the censoring flags and `version4id` kept as `x_` columns. Its id is
/// `ALLY` + `version4id` + the two actors sorted (`ALLY1-UKG-USA`), with
/// `-1`, `-2`, … when one dyad has several spells in one alliance. A row
/// equal in alliance, pair and dates to an earlier one (the mirror row of
/// a directed file) is skipped as a duplicate; a row with no type set is
/// skipped as `no_kind`.
///
/// States are matched to [`CowOptions::states`] by `ccode`; without a
/// list, an actor is `COW` + its `ccode`, named as the file names it.
///
/// # Errors
///
/// As [`super::cow_midb`].
pub fn cow_alliance(
    reader: impl Read,
    file: &str,
    options: &CowOptions,
) -> Result<CowImport, IngestError> {
    let started = std::time::Instant::now();
    let mut table = Table::open(reader, file, COLUMNS, WHAT, options.strict)?;
    let mut actors: BTreeMap<String, (String, ActorKind)> = BTreeMap::new();
    let mut seen: BTreeSet<(i32, String, String, i32, Option<i32>)> = BTreeSet::new();
    let mut dyads: BTreeMap<(i32, String, String), Vec<(TieRecord, u64)>> = BTreeMap::new();
    table.each(|row| {
        let alliance = row.int(0)?;
        let mut ends = Vec::with_capacity(2);
        for (code_col, name_col) in [(1, 2), (3, 4)] {
            let code = row.int(code_col)?;
            let name = row.text(name_col);
            ends.push(actor(options, code, name, COLUMNS[code_col].0)?);
        }
        let start = dates::start(row.int(7)?, row.int(6)?, row.int(5)?)
            .map_err(|e| Bad::date("dyad_st_year", e))?;
        let right_censored = flag(row, 12)?;
        let left_censored = flag(row, 11)?;
        let end = match (right_censored, row.opt_int(10)?) {
            (true, _) | (false, None) => None,
            (false, Some(year)) => {
                let month = row.opt_int(9)?.unwrap_or(dates::UNKNOWN);
                let day = row.opt_int(8)?.unwrap_or(dates::UNKNOWN);
                let end = dates::end_exclusive(year, month, day)
                    .map_err(|e| Bad::date("dyad_end_year", e))?;
                if end.first_day() <= start.first_day() {
                    return Err(Bad::date(
                        "dyad_end_year",
                        "the dyad ends before it starts".into(),
                    ));
                }
                Some(end)
            }
        };
        let mut types = [false; 4];
        for (i, t) in types.iter_mut().enumerate() {
            *t = flag(row, 13 + i)?;
        }
        let Some(weight) = alliance_weight(types) else {
            return Err(Bad {
                reason: SkipReason::NoKind,
                column: "defense",
                message: "no alliance type is set".into(),
            });
        };
        let [(a, a_name, a_kind), (b, b_name, b_kind)] = [ends[0].clone(), ends[1].clone()];
        if a == b {
            return Err(Bad {
                reason: SkipReason::SameActor,
                column: "ccode2",
                message: format!("both members are {a}"),
            });
        }
        let (x, y) = if a <= b { (a, b) } else { (b, a) };
        let key = (
            alliance,
            x.clone(),
            y.clone(),
            start.first_day(),
            end.map(Date::first_day),
        );
        if !seen.insert(key) {
            return Err(Bad {
                reason: SkipReason::Duplicate,
                column: "",
                message: "the same alliance dyad as an earlier row".into(),
            });
        }
        actors.entry(ends[0].0.clone()).or_insert((a_name, a_kind));
        actors.entry(ends[1].0.clone()).or_insert((b_name, b_kind));
        let named: Vec<&str> = TYPES
            .iter()
            .zip(types)
            .filter(|(_, set)| *set)
            .map(|(t, _)| *t)
            .collect();
        let mut tie = TieRecord {
            source: x.clone(),
            target: y.clone(),
            kind: TieKind::Alliance,
            start: Some(start),
            end,
            weight: Some(weight),
            sources: vec![SOURCE.into()],
            note: Some(format!("COW alliance {alliance}: {}", named.join(", "))),
            ..Default::default()
        };
        let mut extra = |k: &str, v: String| {
            tie.extra.insert(format!("x_{k}"), v);
        };
        extra("version4id", alliance.to_string());
        for (name, set) in TYPES.iter().zip(types) {
            extra(name, u8::from(set).to_string());
        }
        extra("left_censor", u8::from(left_censored).to_string());
        extra("right_censor", u8::from(right_censored).to_string());
        dyads
            .entry((alliance, x, y))
            .or_default()
            .push((tie, row.line));
        Ok(())
    })?;

    let mut builder = DatasetBuilder::new();
    builder.phases(options.phases);
    let listed = match &options.states {
        Some(states) => {
            states.add_to(&mut builder);
            states.ids().into_iter().map(str::to_owned).collect()
        }
        None => BTreeSet::new(),
    };
    for (id, (name, kind)) in &actors {
        if !listed.contains(id) {
            builder.add_actor(ActorRecord {
                id: id.clone(),
                name: name.clone(),
                kind: *kind,
                ..Default::default()
            });
        }
    }
    builder.add_source(SourceRecord {
        id: SOURCE.into(),
        title: Some("Formal Alliances, dyadic (v4.1)".into()),
        publisher: Some("Correlates of War Project".into()),
        reference: Some(file.to_owned()),
        ..Default::default()
    });
    let mut columns = vec!["x_version4id".to_owned()];
    columns.extend(TYPES.iter().map(|t| format!("x_{t}")));
    columns.extend(["x_left_censor".to_owned(), "x_right_censor".to_owned()]);
    builder.extra_columns(Vec::<String>::new(), columns, Vec::<String>::new());
    for ((alliance, x, y), mut spells) in dyads {
        let numbered = spells.len() > 1;
        spells.sort_by_key(|(t, line)| (t.start.map(Date::first_day), *line));
        for (k, (mut tie, line)) in spells.into_iter().enumerate() {
            tie.id = match numbered {
                true => format!("ALLY{alliance}-{x}-{y}-{}", k + 1),
                false => format!("ALLY{alliance}-{x}-{y}"),
            };
            builder.add_tie_at(tie, Location::file(file).at_line(line));
        }
    }
    let dataset = builder.build().map_err(IngestError::Invalid)?;
    let mut summary = table.summary;
    summary.count_dataset(&dataset);
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(CowImport { dataset, summary })
}

/// A 0/1 column.
fn flag(row: &super::table::Row<'_>, i: usize) -> Result<bool, Bad> {
    match row.int(i)? {
        0 => Ok(false),
        1 => Ok(true),
        _ => Err(Bad::value(COLUMNS[i].0, row.text(i))),
    }
}

/// A member's actor: the actor map (by `ccode`), the state list, or
/// `COW` + `ccode` named as the file names it.
fn actor(
    options: &CowOptions,
    code: i32,
    name: &str,
    column: &'static str,
) -> Result<(String, String, ActorKind), Bad> {
    if let Some(e) = options.actor_map.get(&code.to_string()) {
        return Ok((e.id.clone(), e.name.to_string(), e.kind));
    }
    match &options.states {
        Some(states) => match states.state(code) {
            Some(s) => Ok((s.id.clone(), s.name.clone(), s.kind)),
            None => Err(Bad {
                reason: SkipReason::MissingActor,
                column,
                message: format!("ccode {code} is not in the state system"),
            }),
        },
        None if code >= 0 && !name.is_empty() => {
            Ok((format!("COW{code}"), name.to_owned(), ActorKind::State))
        }
        None => Err(Bad::value(column, &code.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "version4id,ccode1,state_name1,ccode2,state_name2,dyad_st_day,dyad_st_month,dyad_st_year,dyad_end_day,dyad_end_month,dyad_end_year,left_censor,right_censor,defense,neutrality,nonaggression,entente,asymmetric,version\n";

    fn run(rows: &str) -> CowImport {
        let text = format!("{HEADER}{rows}");
        cow_alliance(text.as_bytes(), "ally.csv", &CowOptions::default()).expect("imports")
    }

    #[test]
    fn dyads_become_alliance_ties_with_type_weights_and_censoring() {
        let out = run(
            "1,2,United States of America,200,United Kingdom,4,4,1949,,,,0,1,1,0,0,1,0,4.1\n\
             1,200,United Kingdom,2,United States of America,4,4,1949,,,,0,1,1,0,0,1,0,4.1\n\
             2,365,Russia,255,Germany,23,8,1939,22,6,1941,0,0,0,1,1,0,0,4.1\n\
             3,220,France,230,Spain,-9,5,1900,-9,7,1904,0,0,0,0,0,1,0,4.1\n",
        );
        let d = &out.dataset;
        let ties: Vec<String> = d
            .ties()
            .iter()
            .map(|t| {
                format!(
                    "{} {}-{} {}..{} {}",
                    t.id(),
                    d.actor_id(t.source()),
                    d.actor_id(t.target()),
                    t.start(),
                    t.end().map(|e| e.to_string()).unwrap_or_default(),
                    t.weight()
                )
            })
            .collect();
        assert_eq!(
            ties,
            [
                "ALLY3-COW220-COW230 COW220-COW230 1900-05?..1904-08? 0.25",
                "ALLY2-COW255-COW365 COW255-COW365 1939-08-23..1941-06-23 0.75",
                "ALLY1-COW2-COW200 COW2-COW200 1949-04-04.. 1",
            ]
        );
        let nato = d
            .ties()
            .iter()
            .find(|t| t.id() == "ALLY1-COW2-COW200")
            .expect("a tie");
        assert_eq!(nato.extra().get("x_defense").map(|v| &**v), Some("1"));
        assert_eq!(nato.extra().get("x_entente").map(|v| &**v), Some("1"));
        assert_eq!(nato.extra().get("x_right_censor").map(|v| &**v), Some("1"));
        assert!(!nato.is_directed());
        assert_eq!(out.summary.skipped.get(SkipReason::Duplicate), 1);
        assert_eq!(d.actor(d.resolve("COW2").expect("an actor")).id(), "COW2");
        assert_eq!(d.sources()[0].id(), "cow-alliance");
    }

    #[test]
    fn rows_without_a_type_or_with_bad_flags_are_skipped() {
        let out = run(
            "4,2,United States of America,20,Canada,1,1,1950,,,,0,1,0,0,0,0,0,4.1\n\
             5,2,United States of America,20,Canada,1,1,1950,,,,0,2,1,0,0,0,0,4.1\n\
             6,2,United States of America,2,United States of America,1,1,1950,,,,0,1,1,0,0,0,0,4.1\n\
             7,2,United States of America,20,Canada,1,1,1950,1,1,1940,0,0,1,0,0,0,0,4.1\n",
        );
        assert_eq!(out.dataset.ties().len(), 0);
        let s = &out.summary;
        assert_eq!(s.skipped.get(SkipReason::NoKind), 1);
        assert_eq!(s.skipped.get(SkipReason::BadValue), 1);
        assert_eq!(s.skipped.get(SkipReason::SameActor), 1);
        assert_eq!(s.skipped.get(SkipReason::BadDate), 1);
        let err = cow_alliance(
            "version4id,ccode1\n".as_bytes(),
            "a.csv",
            &CowOptions::default(),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("a.csv:1: the header has no column \"state_name1\""),
            "{err}"
        );
    }
}
