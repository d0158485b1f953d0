//! `tiegraph ingest`, rule by rule (docs/ingest.md), on small GDELT 2.0
//! rows made here, then on the real and published-layout samples in
//! `tests/fixtures/events/`.
//!
//! Over 600 lines: one test per documented rule, kept in one file so the
//! rules read in the order of `docs/ingest.md`.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::harness;

use crate::gen_events;

use tiegraph::ingest::{
    ingest, ingest_readers, stage2, ActorMap, ActorMode, DateField, Dedup, Family, IngestError,
    IngestOptions, Ingested, PairPeriods, Period, SkipReason,
};
use tiegraph::{Dataset, TieKind};

/// One GDELT 2.0 event: `(id, SQLDATE, actor 1 country, actor 2 country,
/// event code, QuadClass, NumMentions)`, other fields plausible.
struct Ev<'a> {
    id: u32,
    day: &'a str,
    a: &'a str,
    b: &'a str,
    code: &'a str,
    quad: &'a str,
    mentions: u32,
}

fn ev<'a>(id: u32, day: &'a str, a: &'a str, b: &'a str, code: &'a str, quad: &'a str) -> Ev<'a> {
    Ev {
        id,
        day,
        a,
        b,
        code,
        quad,
        mentions: 1,
    }
}

fn row(e: &Ev<'_>) -> String {
    let mut f = vec![String::new(); 61];
    f[0] = e.id.to_string();
    f[1] = e.day.replace('-', "");
    f[7] = e.a.into();
    f[17] = e.b.into();
    f[25] = "1".into();
    f[26] = e.code.into();
    f[27] = e.code.into();
    f[28] = e.code[..2].into();
    f[29] = e.quad.into();
    f[30] = "-2.5".into();
    f[31] = e.mentions.to_string();
    f[59] = format!("{}000000", f[1]);
    f[60] = format!("https://www.example.org/{}", e.id);
    f.join("\t") + "\n"
}

fn file(events: &[Ev<'_>]) -> String {
    events.iter().map(row).collect()
}

fn run(text: &str, options: &IngestOptions) -> Result<Ingested, IngestError> {
    let reader: Box<dyn std::io::Read + Send> = Box::new(std::io::Cursor::new(text.to_owned()));
    ingest_readers(vec![("t.export.CSV".into(), reader)], options)
}

fn ok(text: &str, options: &IngestOptions) -> Ingested {
    run(text, options).expect("ingests")
}

fn gdelt() -> IngestOptions {
    IngestOptions::new(Family::Gdelt2)
}

/// `(source, target, kind, start, end, weight)` of every tie.
fn ties(data: &Dataset) -> Vec<(String, String, TieKind, String, String, f64)> {
    data.ties()
        .iter()
        .map(|t| {
            (
                data.actor_id(t.source()).to_owned(),
                data.actor_id(t.target()).to_owned(),
                t.kind(),
                t.start().to_string(),
                t.end().map(|d| d.to_string()).unwrap_or_default(),
                t.weight(),
            )
        })
        .collect()
}

fn three<'a>(a: &'a str, b: &'a str, code: &'a str, quad: &'a str, month: &str) -> Vec<Ev<'a>> {
    let base = month.replace('-', "").parse::<u32>().expect("a month") * 10;
    ["01", "02", "03"]
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let day: &'static str = Box::leak(format!("{month}-{d}").into_boxed_str());
            ev(base + i as u32, day, a, b, code, quad)
        })
        .collect()
}

#[test]
fn quad_classes_and_root_07_give_the_kinds() {
    let mut events = three("PAK", "AFG", "042", "1", "2017-06");
    events.extend(three("CHN", "PAK", "070", "2", "2017-06"));
    events.extend(three("IND", "PAK", "111", "3", "2017-06"));
    events.extend(three("IND", "CHN", "190", "4", "2017-06"));
    let mut seen = ties(&ok(&file(&events), &gdelt()).dataset);
    seen.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.cmp(&y.1)));
    let kinds: Vec<_> = seen
        .iter()
        .map(|t| (t.0.as_str(), t.1.as_str(), t.2))
        .collect();
    assert_eq!(
        kinds,
        [
            ("AFG", "PAK", TieKind::Cooperation),
            ("CHN", "IND", TieKind::Hostility),
            // Support keeps its direction: patron → client.
            ("CHN", "PAK", TieKind::Support),
            ("IND", "PAK", TieKind::Tension),
        ]
    );
}

#[test]
fn cameo_codes_that_differ_from_iso_are_mapped_and_regions_skipped() {
    let mut events = three("ROM", "MTN", "042", "1", "2017-06");
    events.extend(three("AFR", "PAK", "042", "1", "2017-06"));
    let out = ok(&file(&events), &gdelt());
    assert_eq!(ties(&out.dataset)[0].0, "MNE");
    assert_eq!(ties(&out.dataset)[0].1, "ROU");
    assert_eq!(out.summary.skipped.get(SkipReason::Region), 3);
    let mut keep = gdelt();
    keep.keep_regions = true;
    assert_eq!(ok(&file(&events), &keep).dataset.ties().len(), 2);
}

#[test]
fn known_groups_with_actors_group() {
    let mut text = String::new();
    for (i, day) in ["20170601", "20170602", "20170603"].iter().enumerate() {
        let mut f: Vec<String> = row(&ev(i as u32, "2017-06-01", "AFG", "AFG", "190", "4"))
            .trim_end()
            .split('\t')
            .map(str::to_owned)
            .collect();
        f[1] = (*day).into();
        f[6] = "TALIBAN".into();
        f[8] = "TAL".into();
        text += &(f.join("\t") + "\n");
    }
    let out = ok(&text, &gdelt());
    assert_eq!(out.summary.skipped.get(SkipReason::SameActor), 3);
    let mut group = gdelt();
    group.actors = ActorMode::Group;
    let out = ok(&text, &group);
    let data = &out.dataset;
    assert_eq!(ties(data)[0].0, "AFG");
    assert_eq!(ties(data)[0].1, "TAL");
    let tal = data.actor_by_id("TAL").expect("TAL");
    assert_eq!(data.actor(tal).current().name(), "TALIBAN");
}

#[test]
fn an_actor_map_overrides_and_merges() {
    let mut events = three("PAK", "AFG", "190", "4", "2017-06");
    events.extend(three("PAK", "IND", "190", "4", "2017-07"));
    let csv = "code,id,name,kind\nAFG,NEIGH,Neighbours,group\nIND,NEIGH,Neighbours,group\n";
    let mut options = gdelt();
    options.actor_map = ActorMap::from_csv(csv.as_bytes(), "map.csv").expect("a map");
    let data = ok(&file(&events), &options).dataset;
    // One run: June (AFG) and July (IND) are both the merged actor.
    assert_eq!(
        ties(&data),
        [(
            "NEIGH".into(),
            "PAK".into(),
            TieKind::Hostility,
            "2017-06".into(),
            "2017-08".into(),
            1.0
        )]
    );
}

#[test]
fn dedup_counts_an_event_once_per_day_and_direction() {
    let events = [
        ev(1, "2017-06-01", "PAK", "AFG", "190", "4"),
        ev(2, "2017-06-01", "PAK", "AFG", "190", "4"),
        ev(3, "2017-06-01", "AFG", "PAK", "190", "4"),
        ev(4, "2017-06-02", "PAK", "AFG", "190", "4"),
    ];
    let out = ok(&file(&events), &gdelt());
    assert_eq!(out.summary.skipped.get(SkipReason::Duplicate), 1);
    assert_eq!(out.summary.rows_used, 3);
    let mut none = gdelt();
    none.dedup = Dedup::None;
    assert_eq!(ok(&file(&events), &none).summary.rows_used, 4);
}

#[test]
fn runs_merge_consecutive_periods_and_end_after_the_last() {
    let mut events = three("PAK", "AFG", "190", "4", "2017-01");
    events.extend(three("PAK", "AFG", "190", "4", "2017-02"));
    // March has two: below --min-events; April has three again.
    events.extend(
        three("PAK", "AFG", "190", "4", "2017-03")
            .into_iter()
            .take(2),
    );
    events.extend(three("PAK", "AFG", "190", "4", "2017-04"));
    let out = ok(&file(&events), &gdelt());
    let seen = ties(&out.dataset);
    let spans: Vec<_> = seen.iter().map(|t| (t.3.as_str(), t.4.as_str())).collect();
    assert_eq!(spans, [("2017-01", "2017-03"), ("2017-04", "2017-05")]);
    let notes: Vec<_> = out
        .dataset
        .ties()
        .iter()
        .map(|t| t.note().unwrap_or(""))
        .collect();
    assert!(!notes[0].contains("data ends"), "{}", notes[0]);
    assert!(
        notes[1].ends_with("the data ends in 2017-04"),
        "{}",
        notes[1]
    );
    let mut years = gdelt();
    years.period = Period::Year;
    let seen = ties(&ok(&file(&events), &years).dataset);
    assert_eq!((seen[0].3.as_str(), seen[0].4.as_str()), ("2017", "2018"));
}

#[test]
fn weight_is_the_kinds_share_of_the_pairs_events() {
    let mut events = three("PAK", "AFG", "190", "4", "2017-06");
    events.extend(
        three("PAK", "AFG", "042", "1", "2017-06")
            .into_iter()
            .take(1)
            .map(|mut e| {
                e.id = 900;
                e
            }),
    );
    let seen = ties(&ok(&file(&events), &gdelt()).dataset);
    assert_eq!(seen[0].5, 0.75);
}

#[test]
fn mediation_needs_a_mediator_toward_both_parties_who_meet() {
    let mut events = three("NOR", "AFG", "045", "1", "2017-06");
    events.extend(
        three("NOR", "PAK", "045", "1", "2017-06")
            .into_iter()
            .map(|mut e| {
                e.id += 50;
                e
            }),
    );
    events.push(ev(500, "2017-06-10", "AFG", "PAK", "111", "3"));
    // Toward India too, but India and the others do not meet: cooperation.
    events.extend(
        three("NOR", "IND", "045", "1", "2017-06")
            .into_iter()
            .map(|mut e| {
                e.id += 80;
                e
            }),
    );
    let data = ok(&file(&events), &gdelt()).dataset;
    let mediation: Vec<_> = data
        .ties()
        .iter()
        .filter(|t| t.kind() == TieKind::Mediation)
        .map(|t| {
            let with = t.with().map(|w| data.actor_id(w)).unwrap_or("");
            (data.actor_id(t.source()), data.actor_id(t.target()), with)
        })
        .collect();
    assert_eq!(mediation, [("NOR", "AFG", "PAK")]);
    let coop: Vec<_> = ties(&data)
        .into_iter()
        .filter(|t| t.2 == TieKind::Cooperation)
        .map(|t| (t.0, t.1))
        .collect();
    assert_eq!(coop, [("IND".to_owned(), "NOR".to_owned())]);
}

#[test]
fn evidence_is_the_three_most_mentioned_events() {
    let mut events = three("PAK", "AFG", "190", "4", "2017-06");
    events.push(ev(7, "2017-06-09", "PAK", "AFG", "193", "4"));
    events[0].mentions = 9;
    events[3].mentions = 9;
    let data = ok(&file(&events), &gdelt()).dataset;
    let cited: Vec<_> = data
        .tie_sources(&data.ties()[0])
        .map(|s| s.id().to_owned())
        .collect();
    // Nine mentions each: the smaller id first; then the smaller id of the ones.
    assert_eq!(cited, ["gdelt-7", "gdelt-2017060", "gdelt-2017061"]);
    let source = &data.sources()[0];
    assert_eq!(source.publisher(), Some("example.org"));
    assert!(source.title().is_some_and(|t| t.contains("CAMEO 19")));
}

#[test]
fn filters_by_dates_root_events_mentions_and_date_added() {
    let mut events = three("PAK", "AFG", "190", "4", "2017-06");
    events.extend(
        three("PAK", "AFG", "190", "4", "2017-07")
            .into_iter()
            .map(|mut e| {
                e.id += 50;
                e.mentions = 5;
                e
            }),
    );
    let text = file(&events);
    let mut o = gdelt();
    o.from = Some("2017-07".parse().expect("a selector"));
    assert_eq!(ok(&text, &o).summary.skipped.get(SkipReason::Filtered), 3);
    let mut o = gdelt();
    o.min_mentions = Some(5);
    assert_eq!(ok(&text, &o).summary.rows_used, 3);
    let mut o = gdelt();
    o.date = DateField::Added;
    assert_eq!(ok(&text, &o).summary.rows_used, 6);
    let mut o = gdelt();
    o.root_only = true;
    let not_root = text.replace("\t1\t190\t", "\t0\t190\t");
    assert_eq!(ok(&not_root, &o).summary.rows_used, 0);
}

#[test]
fn options_for_another_family_are_bad_usage() {
    let mut o = IngestOptions::new(Family::Ucdp);
    o.root_only = true;
    assert!(matches!(run("", &o), Err(IngestError::Usage(_))));
}

#[test]
fn bad_rows_are_counted_by_reason_or_fail_with_strict() {
    let good = file(&three("PAK", "AFG", "190", "4", "2017-06"));
    let short = "1\t20170601\tPAK\n";
    let bad_date = row(&ev(9, "2017-02-30", "PAK", "AFG", "190", "4"));
    let bad_code = row(&ev(10, "2017-06-05", "PAK", "AFG", "19x", "4"));
    let mut bytes = format!("{good}{short}{bad_date}{bad_code}").into_bytes();
    bytes.extend_from_slice(b"11\t2017\xff0601\n");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let reader: Box<dyn std::io::Read + Send> = Box::new(std::io::Cursor::new(bytes.clone()));
    let out = ingest_readers(vec![("t.CSV".into(), reader)], &gdelt()).expect("skips");
    let s = &out.summary.skipped;
    assert_eq!(
        [
            SkipReason::WrongFieldCount,
            SkipReason::BadDate,
            SkipReason::BadValue,
            SkipReason::Encoding
        ]
        .map(|r| s.get(r)),
        [1, 1, 1, 1]
    );
    assert_eq!(out.dataset.ties().len(), 1);
    let mut strict = gdelt();
    strict.strict = true;
    let err = run(&text, &strict).expect_err("strict");
    assert_eq!(
        err.to_string(),
        "t.export.CSV:4: the row has 3 fields, not 61"
    );
    let err = run(&format!("{good}{bad_date}"), &strict).expect_err("strict");
    assert_eq!(
        err.to_string(),
        "t.export.CSV:4: column SQLDATE: \"20170230\" is not a date"
    );
}

#[test]
fn output_is_the_same_on_one_thread_or_several() {
    let text = std::fs::read_to_string(fixture("gdelt2/a.export.CSV")).expect("the sample");
    let mut one = gdelt();
    one.threads = 1;
    one.min_events = 1;
    let mut two = one.clone();
    two.threads = 3;
    let table = |o: &IngestOptions| {
        let mut out = Vec::new();
        ok(&text, o)
            .pair_periods
            .write_csv(&mut out)
            .expect("write");
        out
    };
    assert_eq!(table(&one), table(&two));
}

/// Several blocks of synthetic rows, where every 500th row's first side is
/// the Taliban under a name of its own: one counting shard or several,
/// the table, the dataset and the summary are the same, and the name kept
/// is the first in the file.
#[test]
fn output_is_the_same_on_one_thread_or_several_over_many_blocks() {
    let mut bytes = Vec::new();
    gen_events::write(30_000, &mut bytes).expect("generate");
    let text = String::from_utf8(bytes).expect("UTF-8");
    assert!(text.len() > 4 << 20, "more than two blocks");
    let text: String = text
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let mut f: Vec<String> = line.split('\t').map(str::to_owned).collect();
            if i % 500 == 7 {
                f[6] = format!("TALIBAN {i}");
                f[8] = "TAL".into();
            }
            f.join("\t") + "\n"
        })
        .collect();
    let made = |threads: usize| {
        let mut o = gdelt();
        o.threads = threads;
        o.actors = ActorMode::Group;
        o.min_events = 1;
        let mut out = ok(&text, &o);
        let mut csv = Vec::new();
        out.pair_periods.write_csv(&mut csv).expect("write");
        out.summary.seconds = 0.0;
        (csv, out.dataset, out.summary)
    };
    let one = made(1);
    let tal = one
        .1
        .actors()
        .iter()
        .find(|a| a.id() == "TAL")
        .expect("TAL");
    assert_eq!(tal.current().name(), "TALIBAN 7");
    for threads in [2, 3] {
        let other = made(threads);
        assert!(one.0 == other.0, "the tables differ on {threads} threads");
        assert_eq!(one.1, other.1, "{threads} threads");
        assert_eq!(one.2, other.2, "{threads} threads");
    }
}

/// Reading stays a few blocks ahead of counting: when counting stops at a
/// bad row of the first block (`strict`), the reader, waiting for it, is
/// let go and the error comes back (no hang), on one thread or several.
#[test]
fn a_bad_row_early_in_a_long_file_fails_without_waiting_for_the_rest() {
    let mut bytes = Vec::new();
    gen_events::write(120_000, &mut bytes).expect("generate");
    assert!(
        bytes.len() > 9 * (2 << 20),
        "more blocks than are read ahead"
    );
    let text = String::from_utf8(bytes).expect("UTF-8");
    let text = text.replacen("\t201", "\t2o1", 1);
    for threads in [1, 2, 3] {
        let mut o = gdelt();
        o.strict = true;
        o.threads = threads;
        let err = run(&text, &o).expect_err("a bad date");
        assert!(
            err.to_string().contains("SQLDATE"),
            "{threads} threads: {err}"
        );
    }
}

#[test]
fn the_pair_periods_table_round_trips_through_csv() {
    let mut o = gdelt();
    o.min_events = 1;
    let text = std::fs::read_to_string(fixture("gdelt2/a.export.CSV")).expect("the sample");
    let out = ok(&text, &o);
    let mut csv = Vec::new();
    out.pair_periods.write_csv(&mut csv).expect("write");
    let back = PairPeriods::read_csv(&csv[..], "pp.csv").expect("read");
    assert_eq!(back, out.pair_periods);
    assert_eq!(stage2(&back, &o.stage2()).expect("ties"), out.dataset);
}

/// A row given twice, or a qualified period, is refused where it is:
/// stage 2 would name its tie after the row (and fail on the copy), and
/// the table writes its dates plain.
#[test]
fn the_pair_periods_reader_refuses_a_row_given_twice_and_a_qualified_period() {
    let mut o = gdelt();
    o.min_events = 1;
    let text = std::fs::read_to_string(fixture("gdelt2/a.export.CSV")).expect("the sample");
    let mut csv = Vec::new();
    ok(&text, &o)
        .pair_periods
        .write_csv(&mut csv)
        .expect("write");
    let csv = String::from_utf8(csv).expect("UTF-8");
    let lines: Vec<&str> = csv.lines().collect();
    let row: Vec<&str> = lines[1].split(',').collect();
    let (a, b, period, kind) = (row[0], row[1], row[3], row[4]);

    let twice = format!("{}\n{}\n{}\n", lines[0], lines[1], lines[1]);
    let err = PairPeriods::read_csv(twice.as_bytes(), "pp.csv").expect_err("a row twice");
    assert_eq!(
        err.to_string(),
        format!("pp.csv:3: column period: {a} and {b}, {kind} in {period}, are given on an earlier row too")
    );

    let qualified = lines[1].replacen(&format!(",{period},"), &format!(",{period}?,"), 1);
    let text = format!("{}\n{qualified}\n", lines[0]);
    let err = PairPeriods::read_csv(text.as_bytes(), "pp.csv").expect_err("a qualifier");
    assert_eq!(
        err.to_string(),
        format!(
            "pp.csv:2: column period: \"{period}?\" has a qualifier (a table's dates are plain)"
        )
    );
}

/// 20,000 synthetic GDELT 2.0 rows (`benches/gen_events.rs`) in a file of
/// a temporary folder; with `--period year` they make about 300 mediation
/// rows, some with more than three events on a side.
fn synthetic() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("synthetic.export.CSV");
    let mut bytes = Vec::new();
    gen_events::write(20_000, &mut bytes).expect("generate");
    std::fs::write(&path, bytes).expect("written");
    (dir, path)
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/events")
        .join(name)
}

fn sample(family: Family, name: &str) -> Ingested {
    let mut o = IngestOptions::new(family);
    o.min_events = 1;
    ingest(&[fixture(name)], &o).expect("the sample ingests")
}

#[test]
fn every_family_ingests_its_sample() {
    for (family, name, min_ties) in [
        (Family::Gdelt2, "gdelt2/a.export.CSV", 100),
        (Family::Gdelt1, "gdelt1/20141124.export.CSV", 1),
        (Family::Ucdp, "ucdp/a.csv", 200),
        (Family::Icews, "icews/events.2014.tab", 5),
        (Family::Acled, "acled/xland.csv", 4),
    ] {
        let out = sample(family, name);
        let s = &out.summary;
        assert!(s.ties >= min_ties, "{name}: {s:?}");
        assert_eq!(s.rows_read, s.rows_used + s.skipped.total(), "{name}");
        // What was made loads back as a valid dataset.
        let dir = tempfile::tempdir().expect("a folder");
        out.dataset.save_dir(dir.path()).expect("save");
        assert_eq!(
            Dataset::load_dir(dir.path()).expect("valid"),
            out.dataset,
            "{name}"
        );
    }
}

#[test]
fn icews_rules_on_the_synthetic_sample() {
    let mut o = IngestOptions::new(Family::Icews);
    o.actors = ActorMode::Group;
    let out = ingest(&[fixture("icews/events.2014.tab")], &o).expect("ingests");
    let seen = ties(&out.dataset);
    let brief: Vec<_> = seen
        .iter()
        .map(|t| (t.0.as_str(), t.1.as_str(), t.2))
        .collect();
    assert!(
        brief.contains(&("DEU", "RUS", TieKind::Mediation)),
        "{brief:?}"
    );
    assert!(
        brief.contains(&("USA", "UKR", TieKind::Support)),
        "{brief:?}"
    );
    assert!(
        brief.contains(&("KOR", "PRK", TieKind::Tension)),
        "{brief:?}"
    );
    assert!(
        brief.contains(&("AFG", "TALIBAN", TieKind::Hostility)),
        "{brief:?}"
    );
    let s = &out.summary.skipped;
    for r in [
        SkipReason::Duplicate,
        SkipReason::MissingActor,
        SkipReason::BadDate,
        SkipReason::WrongFieldCount,
    ] {
        assert_eq!(s.get(r), 1, "{r:?}");
    }
}

#[test]
fn acled_rules_on_the_synthetic_sample() {
    let out = sample(Family::Acled, "acled/xland.csv");
    let kinds: Vec<_> = ties(&out.dataset).into_iter().map(|t| (t.2, t.3)).collect();
    assert!(
        kinds.contains(&(TieKind::Hostility, "2023-04".into())),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&(TieKind::Cooperation, "2023-06".into())),
        "{kinds:?}"
    );
    assert_eq!(out.summary.skipped.get(SkipReason::NoKind), 1);
    let army = out
        .dataset
        .actor_by_id("MILITARY_FORCES_OF_XLAND_2019")
        .expect("slugged");
    assert_eq!(
        out.dataset.actor(army).current().name(),
        "Military Forces of Xland (2019-)"
    );
    assert_eq!(
        out.dataset.actor(army).current().kind(),
        tiegraph::ActorKind::State
    );
}

#[test]
fn ucdp_states_are_iso_codes_and_one_sided_violence_is_optional() {
    let out = sample(Family::Ucdp, "ucdp/a.csv");
    assert!(out.dataset.actor_by_id("SYR").is_some());
    assert!(out.summary.skipped.get(SkipReason::NoKind) > 0);
    let mut o = IngestOptions::new(Family::Ucdp);
    o.include_one_sided = true;
    let all = ingest(&[fixture("ucdp/a.csv")], &o).expect("ingests");
    assert_eq!(all.summary.skipped.get(SkipReason::NoKind), 0);
}

#[test]
fn gz_and_zip_inputs_read_as_plain() {
    let dir = tempfile::tempdir().expect("a folder");
    let plain = std::fs::read(fixture("gdelt2/a.export.CSV")).expect("the sample");
    let gz = dir.path().join("a.export.CSV.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(&plain).expect("gzip");
    std::fs::write(&gz, enc.finish().expect("gzip")).expect("write");
    let zip = dir.path().join("a.export.CSV.zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&zip).expect("create"));
    let opts = zip::write::SimpleFileOptions::default();
    w.start_file("a.export.CSV", opts).expect("zip");
    w.write_all(&plain).expect("zip");
    w.finish().expect("zip");
    let o = gdelt();
    let want = ingest(&[fixture("gdelt2/a.export.CSV")], &o)
        .expect("plain")
        .dataset;
    for path in [gz, zip] {
        assert_eq!(ingest(&[path], &o).expect("compressed").dataset, want);
    }
}

mod cli {
    use super::fixture;
    use assert_cmd::Command;

    fn tiegraph() -> Command {
        Command::cargo_bin("tiegraph").expect("the binary")
    }

    #[test]
    fn ingest_writes_a_dataset_the_other_commands_use() {
        let dir = tempfile::tempdir().expect("a folder");
        let out = dir.path().join("ds");
        let pp = dir.path().join("pp.csv");
        let assert = tiegraph()
            .args([
                "ingest",
                "--input",
                "gdelt2",
                "--min-events",
                "1",
                "--format",
                "json",
            ])
            .arg(fixture("gdelt2/a.export.CSV"))
            .arg("--out")
            .arg(&out)
            .arg("--pair-periods")
            .arg(&pp)
            .assert()
            .success();
        let json: serde_json::Value =
            serde_json::from_slice(&assert.get_output().stdout).expect("JSON");
        assert_eq!(json["summary"]["rows_read"], 3000);
        assert!(json["summary"]["skipped"]["missing_actor"].as_u64() > Some(0));
        let data = |args: &[&str]| {
            tiegraph()
                .arg("--data")
                .arg(&out)
                .args(args)
                .assert()
                .success();
        };
        data(&["validate"]);
        data(&[
            "timeline", "--from", "2017-05", "--to", "2017-07", "--step", "1m",
        ]);
        data(&["diff", "--from", "2017-06", "--to", "2017-07"]);
        data(&["balance", "--at", "2017-06"]);
        let report = dir.path().join("report.html");
        tiegraph()
            .arg("--data")
            .arg(&out)
            .args([
                "report", "--from", "2017-05", "--to", "2017-07", "--step", "1m", "-o",
            ])
            .arg(&report)
            .assert()
            .success();
        // Stage 2 alone on the table gives the same dataset.
        let again = dir.path().join("again");
        tiegraph()
            .args(["ingest", "--input", "pair-periods", "--min-events", "1"])
            .arg(&pp)
            .arg("--out")
            .arg(&again)
            .assert()
            .success();
        for file in ["actors.csv", "ties.csv", "sources.csv"] {
            let read = |d: &std::path::Path| std::fs::read(d.join(file)).expect("written");
            assert_eq!(read(&out), read(&again), "{file}");
        }
    }

    #[test]
    fn exit_codes_say_bad_usage_or_bad_data() {
        let dir = tempfile::tempdir().expect("a folder");
        let out = dir.path().join("ds");
        tiegraph()
            .args(["ingest", "--input", "ucdp", "--root-only"])
            .arg(fixture("ucdp/a.csv"))
            .arg("--out")
            .arg(&out)
            .assert()
            .code(2)
            .stderr("error: --root-only applies to GDELT only, not to ucdp\n");
        tiegraph()
            .args(["ingest", "--input", "icews", "--strict"])
            .arg(fixture("icews/events.2014.tab"))
            .arg("--out")
            .arg(&out)
            .assert()
            .code(1)
            .stderr(predicates::str::contains(
                "events.2014.tab:28: column Event Date: \"2014-02-30\" is not a date",
            ));
        tiegraph()
            .args(["ingest", "--input", "acled", "no-such-file.csv", "--out"])
            .arg(&out)
            .assert()
            .code(1);
        tiegraph()
            .args(["ingest", "--input", "acled", "no-such-*.csv", "--out"])
            .arg(&out)
            .assert()
            .code(2);
        tiegraph()
            .args(["ingest", "--input", "ucdp"])
            .arg(fixture("acled/xland.csv"))
            .arg("--out")
            .arg(&out)
            .assert()
            .code(1)
            .stderr(predicates::str::contains("the header has no column \"id\""));
    }
}

/// The fuzz targets' check on the samples, cut and mangled in many places
/// (a cheap, deterministic stand-in for a fuzzing run).
#[test]
fn mangled_samples_never_panic() {
    let samples = [
        (Family::Gdelt2, "gdelt2/a.export.CSV"),
        (Family::Gdelt1, "gdelt1/20141124.export.CSV"),
        (Family::Icews, "icews/events.2014.tab"),
        (Family::Ucdp, "ucdp/a.csv"),
        (Family::Acled, "acled/xland.csv"),
    ];
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    for (family, name) in samples {
        let full = std::fs::read(fixture(name)).expect("the sample");
        let lines: Vec<&[u8]> = full.split_inclusive(|&b| b == b'\n').take(12).collect();
        let base: Vec<u8> = lines.concat();
        harness::ingest(family, &base);
        for _ in 0..30 {
            let mut bytes = base.clone();
            for _ in 0..1 + next(4) {
                let at = next(bytes.len().max(1));
                match next(6) {
                    0 => bytes.truncate(at),
                    1 => bytes.insert(at, b'\t'),
                    2 => bytes.insert(at, b'"'),
                    3 => bytes.insert(at, b'\n'),
                    4 => bytes.insert(at, 0xFF),
                    _ => {
                        if let Some(b) = bytes.get_mut(at) {
                            *b = b"0123456789-,;\r "[next(15)];
                        }
                    }
                }
            }
            harness::ingest(family, &bytes);
        }
    }
}

/// GDELT 2.0's 61 columns, in the order of its codebook.
const GDELT2_COLUMNS: &str = "GLOBALEVENTID SQLDATE MonthYear Year FractionDate
    Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode
    Actor1Religion1Code Actor1Religion2Code Actor1Type1Code Actor1Type2Code Actor1Type3Code
    Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode
    Actor2Religion1Code Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code
    IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale
    NumMentions NumSources NumArticles AvgTone
    Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code
    Actor1Geo_ADM2Code Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID
    Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code
    Actor2Geo_ADM2Code Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID
    ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code
    ActionGeo_ADM2Code ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID
    DATEADDED SOURCEURL";

/// The cases the Spark and BigQuery dialects are run on: every sample with
/// the rule options that change the SQL, and the synthetic mediation rows.
fn sql_cases(synthetic: &Path) -> Vec<(String, PathBuf, IngestOptions)> {
    let mut out = Vec::new();
    let mut add = |family: Family, file: PathBuf, edit: &dyn Fn(&mut IngestOptions)| {
        let mut o = IngestOptions::new(family);
        edit(&mut o);
        let label = format!(
            "{} ({:?}, {:?}, {:?}, min {})",
            file.file_name().unwrap_or_default().to_string_lossy(),
            o.actors,
            o.period,
            o.dedup,
            o.min_events
        );
        out.push((label, file, o));
    };
    add(Family::Gdelt2, fixture("gdelt2/a.export.CSV"), &|o| {
        o.min_events = 1
    });
    add(Family::Gdelt2, fixture("gdelt2/a.export.CSV"), &|o| {
        o.actors = ActorMode::Group;
        o.keep_regions = true;
        o.period = Period::Day;
        o.dedup = Dedup::None;
        o.root_only = true;
        o.min_mentions = Some(2);
        o.min_events = 1;
    });
    add(
        Family::Gdelt1,
        fixture("gdelt1/20141124.export.CSV"),
        &|o| {
            o.period = Period::Year;
            o.min_events = 1;
        },
    );
    add(Family::Icews, fixture("icews/events.2014.tab"), &|o| {
        o.min_events = 1
    });
    add(Family::Icews, fixture("icews/events.2014.tab"), &|o| {
        o.actors = ActorMode::Group;
    });
    add(Family::Ucdp, fixture("ucdp/a.csv"), &|o| {
        o.dedup = Dedup::None;
        o.include_one_sided = true;
        o.period = Period::Year;
    });
    add(Family::Acled, fixture("acled/xland.csv"), &|o| {
        o.min_events = 1
    });
    add(Family::Gdelt2, synthetic.to_path_buf(), &|o| {
        o.period = Period::Year
    });
    add(Family::Gdelt2, synthetic.to_path_buf(), &|o| {
        o.min_events = 1
    });
    out
}

/// `python` (from `TIEGRAPH_PYTHON`) if it imports `modules`, else `None`
/// after saying why the test skips.
fn python_with(modules: &str) -> Option<PathBuf> {
    let Some(p) = std::env::var_os("TIEGRAPH_PYTHON").map(PathBuf::from) else {
        println!(
            "SKIPPED: TIEGRAPH_PYTHON is not set (python3 -m venv /tmp/venv && \
             /tmp/venv/bin/pip install -r tests/requirements-python.txt, then \
             TIEGRAPH_PYTHON=/tmp/venv/bin/python)"
        );
        return None;
    };
    let has = std::process::Command::new(&p)
        .args(["-c", &format!("import {modules}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has {
        println!("SKIPPED: {} cannot import {modules}", p.display());
        return None;
    }
    Some(p)
}

/// Runs `script` (in tests/engines/) with a file of cases (one line each,
/// from `lines`) and compares each case's result CSV, read as a
/// pair-periods table, with the built-in stage 1's table.
fn same_tables_as_built_in(
    python: &Path,
    script: &str,
    cases: &[(String, PathBuf, IngestOptions)],
    dir: &Path,
    line: impl Fn(usize, &Path, &Path) -> String,
) {
    let mut list = String::new();
    for (i, _) in cases.iter().enumerate() {
        let (query, result) = (dir.join(format!("q{i}.sql")), dir.join(format!("r{i}.csv")));
        list.push_str(&line(i, &query, &result));
        list.push('\n');
    }
    let list_file = dir.join("cases.tsv");
    std::fs::write(&list_file, list).expect("written");
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/engines")
        .join(script);
    let out = std::process::Command::new(python)
        .arg(&script)
        .arg(&list_file)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{} failed:\n{}",
        script.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    for (i, (label, file, options)) in cases.iter().enumerate() {
        let (built_in, _) =
            tiegraph::ingest::stage1(std::slice::from_ref(file), options).expect("stage 1");
        assert!(!built_in.rows.is_empty(), "{label}: the input makes rows");
        let text = std::fs::read_to_string(dir.join(format!("r{i}.csv"))).expect("a result");
        let header = text.lines().next().unwrap_or("");
        assert_eq!(
            header,
            tiegraph::ingest::PAIR_PERIOD_COLUMNS.join(","),
            "{label}"
        );
        let from_sql = PairPeriods::read_csv(text.as_bytes(), "result.csv").expect("a table");
        let mut want = Vec::new();
        built_in.write_csv(&mut want).expect("write");
        let mut got = Vec::new();
        from_sql.write_csv(&mut got).expect("write");
        assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&want),
            "{label}: {script:?} gives another table than the built-in stage 1",
            script = script.file_name().unwrap_or_default()
        );
    }
}

/// The Spark dialect of `--print-sql`, run unchanged in Apache Spark
/// (PySpark in local mode, from `TIEGRAPH_PYTHON`, with the system Java),
/// its input read by the PySpark call its comment prints: the built-in
/// stage 1's table on every family and the synthetic mediation rows, every
/// other case with ANSI mode on (Spark 4's default) and the rest with it
/// off (Spark 3's). A case takes Spark about 20 s (its optimiser on a
/// query of about a thousand lines), so not every case of `sql_cases`.
#[test]
fn spark_sql_runs_in_spark() {
    let Some(python) = python_with("pyspark") else {
        return;
    };
    let java = std::process::Command::new("java").arg("-version").output();
    if !java.is_ok_and(|o| o.status.success()) {
        println!("SKIPPED: no `java` to run Spark's local mode (apt-get install openjdk-17-jre-headless)");
        return;
    }
    let (_keep, synthetic) = synthetic();
    let cases: Vec<_> = sql_cases(&synthetic)
        .into_iter()
        .enumerate()
        .filter(|(i, _)| [0, 2, 4, 5, 6, 7].contains(i))
        .map(|(_, case)| case)
        .collect();
    let dir = tempfile::tempdir().expect("a folder");
    for (i, (_, file, options)) in cases.iter().enumerate() {
        let sql = tiegraph::ingest::stage1_sql(
            options,
            &[file.display().to_string()],
            tiegraph::ingest::Dialect::Spark,
        )
        .expect("SQL");
        std::fs::write(dir.path().join(format!("q{i}.sql")), sql).expect("written");
    }
    same_tables_as_built_in(&python, "spark_sql.py", &cases, dir.path(), |i, q, r| {
        format!("{}\t{}\t{}", q.display(), r.display(), i % 2 == 1)
    });
}

/// The BigQuery dialect of `--print-sql`, parsed as GoogleSQL by sqlglot
/// (anything it cannot read fails the test), translated to DuckDB's SQL
/// and run there on the input loaded as a table of text columns under the
/// name the query reads (`gdelt-bq.gdeltv2.events` for GDELT 2.0): the
/// built-in stage 1's table on every case. This checks the syntax and the
/// rules as sqlglot reads them, not BigQuery itself (docs/ingest.md).
#[test]
fn bigquery_sql_parses_as_googlesql_and_runs_translated() {
    let Some(python) = python_with("sqlglot, duckdb") else {
        return;
    };
    let (_keep, synthetic) = synthetic();
    let cases = sql_cases(&synthetic);
    let dir = tempfile::tempdir().expect("a folder");
    let mut lines = Vec::new();
    for (i, (_, file, options)) in cases.iter().enumerate() {
        let sql = tiegraph::ingest::stage1_sql(options, &[], tiegraph::ingest::Dialect::BigQuery)
            .expect("SQL");
        std::fs::write(dir.path().join(format!("q{i}.sql")), sql).expect("written");
        let gdelt2: Vec<&str> = GDELT2_COLUMNS.split_whitespace().collect();
        let (delim, quote, table, columns) = match options.family {
            Family::Gdelt2 => ("tab", "", "gdelt-bq.gdeltv2.events", gdelt2.join(",")),
            Family::Gdelt1 => {
                let cols: Vec<&str> = gdelt2
                    .into_iter()
                    .filter(|c| !c.ends_with("ADM2Code"))
                    .collect();
                ("tab", "", "gdelt-bq.full.events", cols.join(","))
            }
            Family::Icews => ("tab", "", "events", String::new()),
            _ => (",", "\"", "events", String::new()),
        };
        lines.push(format!(
            "{}\t{delim}\t{quote}\t{table}\t{columns}",
            file.display()
        ));
    }
    same_tables_as_built_in(&python, "bigquery_sql.py", &cases, dir.path(), |i, q, r| {
        format!("{}\t{}\t{}", q.display(), lines[i], r.display())
    });
}

/// The DuckDB dialect of `--print-sql`, run in DuckDB (Python `duckdb`,
/// from `TIEGRAPH_PYTHON`) on every sample, gives the built-in stage 1's
/// table: the same columns in order, the same rows and values.
mod sql_in_duckdb {
    use super::{fixture, synthetic};
    use std::path::{Path, PathBuf};
    use tiegraph::ingest::{stage1, stage1_sql, Dialect, Family, IngestOptions, PairPeriods};

    const RUN: &str = r#"
import sys, duckdb
con = duckdb.connect()
rel = con.sql(open(sys.argv[1]).read())
ints = [i for i, c in enumerate(rel.columns) if c in ("events", "pair_events", "mentions", "goldstein_tenths")]
bad = [rel.columns[i] for i in ints if str(rel.types[i]) != "BIGINT"]
if bad:
    sys.exit("not integers: %s" % bad)
rel.write_csv(sys.argv[2], header=True)
"#;

    fn python() -> Option<PathBuf> {
        super::python_with("duckdb")
    }

    fn same_table(family: Family, sample: &str, edit: impl Fn(&mut IngestOptions)) {
        same_table_of(family, &fixture(sample), sample, edit);
    }

    fn same_table_of(family: Family, file: &Path, sample: &str, edit: impl Fn(&mut IngestOptions)) {
        let Some(python) = python() else { return };
        let mut options = IngestOptions::new(family);
        edit(&mut options);
        let file = file.to_path_buf();
        let (built_in, _) = stage1(std::slice::from_ref(&file), &options).expect("stage 1");
        let dir = tempfile::tempdir().expect("a folder");
        let sql =
            stage1_sql(&options, &[file.display().to_string()], Dialect::DuckDb).expect("SQL");
        let (query, result) = (dir.path().join("q.sql"), dir.path().join("pp.csv"));
        std::fs::write(&query, sql).expect("written");
        let out = std::process::Command::new(&python)
            .args(["-c", RUN])
            .arg(&query)
            .arg(&result)
            .output()
            .expect("python runs");
        assert!(
            out.status.success(),
            "DuckDB failed on the SQL of {sample}:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = std::fs::read_to_string(&result).expect("the result");
        let header = text.lines().next().unwrap_or("");
        assert_eq!(header, tiegraph::ingest::PAIR_PERIOD_COLUMNS.join(","));
        let from_sql = PairPeriods::read_csv(text.as_bytes(), "pp.csv").expect("a table");
        let mut want = Vec::new();
        built_in.write_csv(&mut want).expect("write");
        let mut got = Vec::new();
        from_sql.write_csv(&mut got).expect("write");
        assert!(!built_in.rows.is_empty(), "{sample}: the sample makes rows");
        assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&want),
            "{sample}: DuckDB's table differs from the built-in stage 1's"
        );
    }

    #[test]
    fn gdelt2_sample() {
        same_table(Family::Gdelt2, "gdelt2/a.export.CSV", |_| {});
        same_table(Family::Gdelt2, "gdelt2/a.export.CSV", |o| {
            o.actors = tiegraph::ingest::ActorMode::Group;
            o.keep_regions = true;
            o.period = tiegraph::ingest::Period::Day;
            o.dedup = tiegraph::ingest::Dedup::None;
            o.root_only = true;
            o.min_mentions = Some(2);
            o.min_events = 1;
        });
    }

    #[test]
    fn gdelt1_sample() {
        same_table(Family::Gdelt1, "gdelt1/20141124.export.CSV", |_| {});
        same_table(Family::Gdelt1, "gdelt1/20141124.export.CSV", |o| {
            o.period = tiegraph::ingest::Period::Year;
            o.min_events = 1;
        });
    }

    #[test]
    fn icews_sample() {
        same_table(Family::Icews, "icews/events.2014.tab", |_| {});
        same_table(Family::Icews, "icews/events.2014.tab", |o| {
            o.actors = tiegraph::ingest::ActorMode::Group;
        });
    }

    #[test]
    fn ucdp_sample() {
        // The UCDP sample has duplicates (same day, sides and type) whose
        // file order is not their id order: the SQL keeps the smallest id,
        // the built-in engine the first row (docs/ingest.md), so the two
        // agree row for row without dedup.
        same_table(Family::Ucdp, "ucdp/a.csv", |o| {
            o.dedup = tiegraph::ingest::Dedup::None;
        });
        same_table(Family::Ucdp, "ucdp/a.csv", |o| {
            o.dedup = tiegraph::ingest::Dedup::None;
            o.include_one_sided = true;
            o.period = tiegraph::ingest::Period::Year;
        });
    }

    #[test]
    fn acled_sample() {
        same_table(Family::Acled, "acled/xland.csv", |_| {});
    }

    /// The synthetic rows, where mediators talk to many parties with up to
    /// nine 045 events a year: mediation's counts, sums and evidence ranked
    /// across its two sides.
    #[test]
    fn synthetic_mediation() {
        let (_dir, file) = synthetic();
        same_table_of(Family::Gdelt2, &file, "synthetic", |o| {
            o.period = tiegraph::ingest::Period::Year;
        });
        same_table_of(Family::Gdelt2, &file, "synthetic", |o| o.min_events = 1);
    }
}

/// `--engine datafusion`: stage 1 as a DataFusion plan gives the same
/// ties.csv, byte for byte, as the built-in engine, on the samples and
/// the rule options that change the SQL.
#[cfg(feature = "datafusion")]
mod on_datafusion {
    use super::fixture;
    use tiegraph::ingest::{
        ingest, ingest_datafusion, ActorMode, Dedup, EngineOptions, Family, IngestError,
        IngestOptions, Ingested, Period,
    };

    fn ties_csv(data: &tiegraph::Dataset) -> String {
        let dir = tempfile::tempdir().expect("a folder");
        data.save_dir(dir.path()).expect("saved");
        std::fs::read_to_string(dir.path().join("ties.csv")).expect("ties")
    }

    /// An engine's run of stage 1 and stage 2 on some inputs.
    type Engine<'a> = &'a dyn Fn(&[String], &IngestOptions) -> Result<Ingested, IngestError>;

    /// `engine` on `inputs` gives the same table and the same ties.csv,
    /// byte for byte, as the built-in engine on the sample `sample`.
    fn same_ties_as_built_in(
        engine: Engine<'_>,
        name: &str,
        inputs: &[String],
        family: Family,
        sample: &str,
        edit: impl Fn(&mut IngestOptions),
    ) {
        let mut options = IngestOptions::new(family);
        edit(&mut options);
        let file = fixture(sample);
        let built_in = ingest(std::slice::from_ref(&file), &options).expect("built-in");
        let other = engine(inputs, &options).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            !built_in.dataset.ties().is_empty(),
            "{sample}: the sample makes ties"
        );
        assert_eq!(
            other.pair_periods, built_in.pair_periods,
            "{sample}: the tables"
        );
        assert_eq!(
            ties_csv(&other.dataset),
            ties_csv(&built_in.dataset),
            "{sample}: {name}'s ties.csv differs from the built-in engine's"
        );
    }

    fn on_df(inputs: &[String], options: &IngestOptions) -> Result<Ingested, IngestError> {
        ingest_datafusion(inputs, options, &EngineOptions::new().threads(2))
    }

    fn same_ties(family: Family, sample: &str, edit: impl Fn(&mut IngestOptions)) {
        let inputs = [fixture(sample).display().to_string()];
        same_ties_as_built_in(&on_df, "DataFusion", &inputs, family, sample, edit);
    }

    #[test]
    fn gdelt2_sample() {
        same_ties(Family::Gdelt2, "gdelt2/a.export.CSV", |o| o.min_events = 1);
        same_ties(Family::Gdelt2, "gdelt2/a.export.CSV", |_| {});
        same_ties(Family::Gdelt2, "gdelt2/a.export.CSV", |o| {
            o.actors = ActorMode::Group;
            o.keep_regions = true;
            o.period = Period::Day;
            o.dedup = Dedup::None;
            o.root_only = true;
            o.min_mentions = Some(2);
            o.min_events = 1;
        });
        same_ties(Family::Gdelt2, "gdelt2/a.export.CSV", |o| {
            o.period = Period::Year;
            o.min_events = 5;
        });
    }

    #[test]
    fn gdelt1_sample() {
        same_ties(Family::Gdelt1, "gdelt1/20141124.export.CSV", |o| {
            o.min_events = 1
        });
        same_ties(Family::Gdelt1, "gdelt1/20141124.export.CSV", |o| {
            o.period = Period::Year;
            o.dedup = Dedup::None;
            o.min_events = 1;
        });
    }

    #[test]
    fn icews_sample() {
        same_ties(Family::Icews, "icews/events.2014.tab", |o| o.min_events = 1);
        same_ties(Family::Icews, "icews/events.2014.tab", |o| {
            o.actors = ActorMode::Group;
            o.min_events = 1;
        });
    }

    #[test]
    fn ucdp_sample() {
        // Without dedup: see sql_in_duckdb::ucdp_sample.
        same_ties(Family::Ucdp, "ucdp/a.csv", |o| {
            o.dedup = Dedup::None;
            o.min_events = 1;
        });
        same_ties(Family::Ucdp, "ucdp/a.csv", |o| {
            o.dedup = Dedup::None;
            o.include_one_sided = true;
            o.period = Period::Year;
        });
    }

    #[test]
    fn acled_sample() {
        same_ties(Family::Acled, "acled/xland.csv", |o| o.min_events = 1);
    }

    /// Mediation with many parties per mediator and more than three
    /// events on a side (see sql_in_duckdb::synthetic_mediation).
    #[test]
    fn synthetic_mediation() {
        let (_dir, file) = super::synthetic();
        let inputs = [file.display().to_string()];
        for period in [Period::Year, Period::Month] {
            let mut options = IngestOptions::new(Family::Gdelt2);
            options.period = period;
            options.min_events = 1;
            let built_in = ingest(std::slice::from_ref(&file), &options).expect("built-in");
            let other = on_df(&inputs, &options).expect("DataFusion");
            let mediation = built_in
                .pair_periods
                .rows
                .iter()
                .filter(|r| r.kind == tiegraph::TieKind::Mediation)
                .count();
            assert!(mediation > 100, "{period:?}: {mediation} mediation rows");
            assert_eq!(other.pair_periods, built_in.pair_periods, "{period:?}");
            assert_eq!(
                ties_csv(&other.dataset),
                ties_csv(&built_in.dataset),
                "{period:?}"
            );
        }
    }

    /// Under a small memory pool the synthetic rows still give the
    /// built-in engine's table: every stage, the kept steps and the last
    /// stage's partitioned joins run within it. (32 MB is too small: each
    /// partition's sort reserves 10 MB for merging its spills, and a sort
    /// fails with DataFusion's `Not enough memory to continue external
    /// sort`. The ten-million-row runs under 4 and 8 GB are in
    /// docs/performance.md.)
    #[test]
    fn synthetic_under_a_small_memory_limit() {
        let (dir, file) = super::synthetic();
        let inputs = [file.display().to_string()];
        let mut options = IngestOptions::new(Family::Gdelt2);
        options.min_events = 1;
        let built_in = ingest(std::slice::from_ref(&file), &options).expect("built-in");
        let engine = EngineOptions::new()
            .threads(2)
            .memory_limit(Some(LIMIT))
            .spill_dir(Some(dir.path().to_owned()));
        let got = ingest_datafusion(&inputs, &options, &engine)
            .unwrap_or_else(|e| panic!("DataFusion under {LIMIT} bytes: {e}"));
        assert_eq!(got.pair_periods, built_in.pair_periods);
        assert_eq!(ties_csv(&got.dataset), ties_csv(&built_in.dataset));
    }

    /// The pool of [`synthetic_under_a_small_memory_limit`].
    const LIMIT: usize = 64 << 20;

    /// A column's type in GDELT's BigQuery table `gdelt-bq.gdeltv2.events`
    /// (what an export of it to Parquet holds).
    fn bigquery_type(name: &str) -> arrow_schema::DataType {
        use arrow_schema::DataType;
        let ints = [
            "GLOBALEVENTID",
            "SQLDATE",
            "MonthYear",
            "Year",
            "IsRootEvent",
            "QuadClass",
            "NumMentions",
            "NumSources",
            "NumArticles",
            "DATEADDED",
        ];
        if ints.contains(&name) || name.ends_with("Geo_Type") {
            DataType::Int64
        } else if ["FractionDate", "GoldsteinScale", "AvgTone"].contains(&name)
            || name.ends_with("_Lat")
            || name.ends_with("_Long")
        {
            DataType::Float64
        } else {
            DataType::Utf8
        }
    }

    /// The GDELT 2.0 sample written as Parquet with GDELT's column names,
    /// an empty field as NULL: every column text, or (`typed`) typed as in
    /// GDELT's BigQuery table, a field that is not a number of its type
    /// NULL too.
    fn gdelt2_as_parquet(path: &std::path::Path, typed: bool) {
        use arrow_array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
        use arrow_schema::{DataType, Field, Schema};
        use std::sync::Arc;
        let text = std::fs::read_to_string(fixture("gdelt2/a.export.CSV")).expect("read");
        let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
        let names: Vec<&str> = super::GDELT2_COLUMNS.split_whitespace().collect();
        assert_eq!(names.len(), 61);
        assert!(
            rows.iter().any(|r| r.len() == 61),
            "the sample is GDELT 2.0"
        );
        let mut fields = Vec::new();
        let mut columns: Vec<ArrayRef> = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let cells = || {
                rows.iter()
                    .map(move |r| r.get(i).copied().filter(|c| !c.is_empty()))
            };
            let ty = if typed {
                bigquery_type(name)
            } else {
                DataType::Utf8
            };
            columns.push(match ty {
                DataType::Int64 => Arc::new(Int64Array::from_iter(
                    cells().map(|c| c.and_then(|c| c.parse::<i64>().ok())),
                )),
                DataType::Float64 => Arc::new(Float64Array::from_iter(
                    cells().map(|c| c.and_then(|c| c.parse::<f64>().ok())),
                )),
                _ => Arc::new(StringArray::from_iter(cells())),
            });
            fields.push(Field::new(*name, ty, true));
        }
        let batch = RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).expect("a batch");
        let file = std::fs::File::create(path).expect("created");
        let mut writer =
            parquet::arrow::ArrowWriter::try_new(file, batch.schema(), None).expect("a writer");
        writer.write(&batch).expect("written");
        writer.close().expect("closed");
    }

    /// Parquet events: the GDELT 2.0 sample as Parquet gives DataFusion the
    /// ties the built-in engine makes of the tab-separated file, whether
    /// the columns are text or typed as GDELT's BigQuery table has them.
    #[test]
    fn gdelt2_sample_as_parquet() {
        let dir = tempfile::tempdir().expect("a folder");
        for typed in [false, true] {
            let path = dir.path().join(format!("events-{typed}.parquet"));
            gdelt2_as_parquet(&path, typed);
            let inputs = [path.display().to_string()];
            let name = if typed {
                "DataFusion on typed Parquet"
            } else {
                "DataFusion on text Parquet"
            };
            let sample = "gdelt2/a.export.CSV";
            same_ties_as_built_in(&on_df, name, &inputs, Family::Gdelt2, sample, |o| {
                o.min_events = 1
            });
            same_ties_as_built_in(&on_df, name, &inputs, Family::Gdelt2, sample, |o| {
                o.actors = ActorMode::Group;
                o.keep_regions = true;
                o.period = Period::Day;
                o.root_only = true;
                o.min_mentions = Some(2);
                o.min_events = 1;
            });
        }
    }

    #[test]
    fn gzip_input_under_a_memory_limit_and_no_zip() {
        use std::io::Write;
        let mut options = IngestOptions::new(Family::Gdelt2);
        options.min_events = 1;
        let file = fixture("gdelt2/a.export.CSV");
        let want = ingest(std::slice::from_ref(&file), &options).expect("built-in");
        let dir = tempfile::tempdir().expect("a folder");
        let gz = dir.path().join("a.export.CSV.gz");
        let mut enc = flate2::write::GzEncoder::new(
            std::fs::File::create(&gz).expect("created"),
            flate2::Compression::default(),
        );
        enc.write_all(&std::fs::read(&file).expect("read"))
            .expect("written");
        enc.finish().expect("finished");
        let engine = EngineOptions::new()
            .memory_limit(Some(512 << 20))
            .spill_dir(Some(dir.path().to_owned()));
        let got = ingest_datafusion(&[gz.display().to_string()], &options, &engine)
            .expect("DataFusion on gzip");
        assert_eq!(got.pair_periods, want.pair_periods);
        let zip = dir.path().join("a.zip");
        std::fs::write(&zip, b"").expect("written");
        let err =
            ingest_datafusion(&[zip.display().to_string()], &options, &engine).expect_err("no zip");
        assert!(err.to_string().contains(".zip"), "{err}");
    }
}
