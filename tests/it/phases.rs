//! Rule R6 of `docs/format.md` (issue 22): the `directed` column survives
//! every reader, writer and export, and `--phases clip` cuts ties to their
//! actors' phases with exact counts and a warning per tie.

use std::process::Command;

use tiegraph::export::{graphml, jgf, node_link, read_graphml, read_jgf};
use tiegraph::render::{snapshot_dot, DiagramOptions};
use tiegraph::{
    Dataset, DatasetBuilder, ErrorKind, LoadOptions, PhaseRule, ProblemKind, TieKind, TieRecord,
};

const ACTORS: &str = "id,name,kind,from,until\n\
    JPN,Japan,state,1895,1945-08-15\n\
    JPN,Japan,state,1952-04-28,\n\
    USA,United States,state,,\n\
    GBR,United Kingdom,state,,\n";

/// t1: a directed hostility; t2: a support tie made undirected; t3: a
/// tension tie with its kind's own direction.
const DIRECTED: &str = "id,source,target,kind,start,end,directed\n\
    t1,USA,GBR,hostility,1812,1815,true\n\
    t2,USA,GBR,support,1941,1945,false\n\
    t3,USA,GBR,tension,1956,1957,\n";

fn directed() -> Dataset {
    Dataset::from_csv(ACTORS.as_bytes(), DIRECTED.as_bytes(), None::<&[u8]>).expect("valid")
}

fn directions(data: &Dataset) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = data
        .ties()
        .iter()
        .map(|t| (t.id().to_owned(), t.is_directed()))
        .collect();
    out.sort();
    out
}

const EXPECTED: [(&str, bool); 3] = [("t1", true), ("t2", false), ("t3", false)];

fn expected() -> Vec<(String, bool)> {
    EXPECTED.iter().map(|(i, d)| (i.to_string(), *d)).collect()
}

#[test]
fn the_directed_column_is_read_with_the_kinds_direction_as_default() {
    let data = directed();
    assert_eq!(directions(&data), expected());
    // A directed tie keeps its sign and its weight in the pair's net value.
    let t1 = &data.ties()[0];
    assert_eq!(t1.kind(), TieKind::Hostility);
    assert_eq!(t1.directed_given(), Some(true));
    assert_eq!(data.ties()[2].directed_given(), None);
    let snap = data.snapshot(&"1813".parse().expect("a selector"));
    let pairs = snap.pairs();
    let pair = pairs.iter().next().expect("one pair");
    assert_eq!(pair.sign(), tiegraph::Sign::Negative);
}

#[test]
fn a_bad_direction_names_file_line_and_column() {
    let ties = "id,source,target,kind,start,directed\nt1,USA,GBR,hostility,1990,yes\n";
    let err = Dataset::from_csv(ACTORS.as_bytes(), ties.as_bytes(), None::<&[u8]>).unwrap_err();
    let ErrorKind::Invalid(problems) = err.kind() else {
        panic!("not invalid: {err}")
    };
    let p = &problems.as_slice()[0];
    assert_eq!(p.kind(), ProblemKind::BadDirection);
    assert_eq!(
        p.to_string(),
        "ties.csv:2: column directed: yes is not true or false"
    );
    // In a JSON dataset the type is checked by the reader.
    let json = r#"{"actors":[{"id":"A","name":"A","kind":"state"},{"id":"B","name":"B","kind":"state"}],
        "ties":[{"id":"t","source":"A","target":"B","kind":"tension","start":"2020","directed":"yes"}]}"#;
    let err = Dataset::from_json_str(json).unwrap_err().to_string();
    assert!(err.contains("directed"), "{err}");
}

#[test]
fn direction_survives_csv_json_records_graphml_and_jgf() {
    let data = directed();
    // CSV: the column is saved because some tie is not its kind's own.
    let dir = tempfile::tempdir().expect("a folder");
    data.save_dir(dir.path()).expect("saved");
    let text = std::fs::read_to_string(dir.path().join("ties.csv")).expect("ties.csv");
    assert!(
        text.lines().next().expect("header").ends_with(",directed"),
        "{text}"
    );
    let back = Dataset::load_dir(dir.path()).expect("loads");
    assert_eq!(back, data);
    // JSON dataset.
    let json = data.to_json(false);
    assert!(json.contains(r#""directed":true"#), "{json}");
    assert_eq!(Dataset::from_json_str(&json).expect("JSON"), data);
    // Records.
    let mut b = DatasetBuilder::from_dataset(&data);
    b.add_tie(TieRecord {
        id: "t4".into(),
        source: "GBR".into(),
        target: "USA".into(),
        kind: TieKind::Cooperation,
        start: Some("1960".parse().expect("a date")),
        directed: Some(true),
        ..Default::default()
    });
    let more = b.build().expect("builds");
    let t4 = more.ties().iter().find(|t| t.id() == "t4").expect("t4");
    assert!(t4.is_directed());
    let record = more.tie_records().find(|r| r.id == "t4").expect("t4");
    assert_eq!(record.directed, Some(true));
    // GraphML and JSON Graph Format read back with the direction.
    assert_eq!(
        directions(&read_graphml(&graphml(&data, None)).expect("GraphML")),
        expected()
    );
    assert_eq!(
        directions(&read_jgf(&jgf(&data, None)).expect("JGF")),
        expected()
    );
    let nl: serde_json::Value = serde_json::from_str(&node_link(&data, None)).expect("JSON");
    let links = nl["links"].as_array().expect("links");
    let t1 = links.iter().find(|l| l["tie"] == "t1").expect("t1");
    assert_eq!(t1["directed"], true);
    let t2 = links.iter().find(|l| l["tie"] == "t2").expect("t2");
    assert_eq!(t2["directed"], false);
    // A dataset whose ties all have their kind's direction has no column.
    let plain = tiegraph::default_dataset();
    assert!(!plain.gives_direction());
    let dir = tempfile::tempdir().expect("a folder");
    plain.save_dir(dir.path()).expect("saved");
    let text = std::fs::read_to_string(dir.path().join("ties.csv")).expect("ties.csv");
    assert!(!text.lines().next().expect("header").contains("directed"));
}

#[test]
fn a_directed_tie_is_drawn_with_an_arrow_and_shown_in_json() {
    let data = directed();
    let at = "1813".parse().expect("a selector");
    let snap = data.snapshot(&at);
    let dot = snapshot_dot(&snap, &DiagramOptions::default());
    let edge = dot
        .lines()
        .find(|l| l.contains("tie:USA:GBR:hostility:directed"))
        .unwrap_or_else(|| panic!("no directed edge in\n{dot}"));
    assert!(edge.contains("dir=\"forward\""), "{edge}");
    let tie = serde_json::to_value(data.tie_json(&data.ties()[0])).expect("JSON");
    assert_eq!(tie["directed"], true);
    // The support tie made undirected is drawn without one.
    let snap = data.snapshot(&"1942".parse().expect("a selector"));
    let dot = snapshot_dot(&snap, &DiagramOptions::default());
    let edge = dot
        .lines()
        .find(|l| l.contains("tie:GBR:USA:support:undirected"))
        .unwrap_or_else(|| panic!("no undirected support edge in\n{dot}"));
    assert!(edge.contains("dir=\"none\""), "{edge}");
}

/// t1 outlives Japan's first phase; t2 lies in the gap between its phases;
/// t3 spans the gap (the longer part, after it, is kept); t4 fits.
const OUTSIDE: &str = "id,source,target,kind,start,end\n\
    t1,USA,JPN,hostility,1941-12-07,1945-09-02\n\
    t2,USA,JPN,tension,1946,1950\n\
    t3,USA,JPN,cooperation,1940,1960\n\
    t4,USA,JPN,alliance,1960,\n";

#[test]
fn ties_outside_phases_fail_strict_and_are_clipped_with_exact_counts() {
    let strict = Dataset::from_csv(ACTORS.as_bytes(), OUTSIDE.as_bytes(), None::<&[u8]>);
    let err = strict.expect_err("strict refuses");
    let ErrorKind::Invalid(problems) = err.kind() else {
        panic!("not invalid: {err}")
    };
    assert_eq!(problems.len(), 3);
    assert!(problems
        .iter()
        .all(|p| p.kind() == ProblemKind::ActorNotInForce));

    let options = LoadOptions::new().phases(PhaseRule::Clip);
    let data = Dataset::from_csv_with(
        ACTORS.as_bytes(),
        OUTSIDE.as_bytes(),
        None::<&[u8]>,
        &options,
    )
    .expect("clip loads");
    assert_eq!(data.clipping().clipped, 2);
    assert_eq!(data.clipping().dropped, 1);
    let spans: Vec<(String, String, Option<String>)> = data
        .ties()
        .iter()
        .map(|t| {
            (
                t.id().to_owned(),
                t.start().to_string(),
                t.end().map(|e| e.to_string()),
            )
        })
        .collect();
    assert_eq!(
        spans,
        [
            ("t1".into(), "1941-12-07".into(), Some("1945-08-15".into())),
            ("t3".into(), "1952-04-28".into(), Some("1960".into())),
            ("t4".into(), "1960".into(), None),
        ]
    );
    let warnings: Vec<String> = data.warnings().iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 3);
    assert!(warnings[0].starts_with(
        "ties.csv:2: column target: clipped to 1941-12-07..1945-08-15: the tie runs from 1941-12-07 to 1945-09-02"
    ), "{}", warnings[0]);
    assert!(
        warnings[1].starts_with("ties.csv:3: column target: dropped: "),
        "{}",
        warnings[1]
    );
    assert!(
        warnings[2].starts_with("ties.csv:4: column target: clipped to 1952-04-28..1960: "),
        "{}",
        warnings[2]
    );
    // The same through the JSON reader, the builder and a saved folder.
    let dir = tempfile::tempdir().expect("a folder");
    std::fs::write(dir.path().join("actors.csv"), ACTORS).expect("written");
    std::fs::write(dir.path().join("ties.csv"), OUTSIDE).expect("written");
    assert!(Dataset::load(dir.path()).is_err());
    let from_dir = Dataset::load_with(dir.path(), &options).expect("clip loads");
    assert_eq!(from_dir, data);
    assert_eq!(from_dir.clipping().warnings.len(), 3);
    // Read in two parts at once: the same ties, counts and lines.
    let parts = options.clone().threads(2).parallel_from(0);
    let in_parts = Dataset::load_dir_with(dir.path(), &parts).expect("clip loads");
    assert_eq!(in_parts, data);
    assert_eq!(in_parts.clipping(), from_dir.clipping());
    let mut builder = DatasetBuilder::new();
    data.actor_records().for_each(|a| {
        builder.add_actor(a);
    });
    builder.add_tie(TieRecord {
        id: "t2".into(),
        source: "USA".into(),
        target: "JPN".into(),
        kind: TieKind::Tension,
        start: Some("1946".parse().expect("a date")),
        end: Some("1950".parse().expect("a date")),
        ..Default::default()
    });
    let mut strict = builder.clone();
    assert!(strict.phases(PhaseRule::Strict).clone().build().is_err());
    let built = builder
        .phases(PhaseRule::Clip)
        .clone()
        .build()
        .expect("builds");
    assert_eq!(built.ties().len(), 0);
    assert_eq!(built.clipping().dropped, 1);
    assert_eq!(
        built.warnings()[0].to_string().split(": dropped").next(),
        Some("records: field ties[0].target")
    );
}

#[test]
fn validate_reports_clipping_as_warnings() {
    let dir = tempfile::tempdir().expect("a folder");
    std::fs::write(dir.path().join("actors.csv"), ACTORS).expect("written");
    std::fs::write(dir.path().join("ties.csv"), OUTSIDE).expect("written");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_tiegraph"))
            .args(args)
            .arg("--data")
            .arg(dir.path())
            .output()
            .expect("runs")
    };
    let strict = run(&["validate"]);
    assert_eq!(strict.status.code(), Some(1));
    let clip = run(&["validate", "--phases", "clip", "--format", "json"]);
    assert_eq!(clip.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&clip.stdout).expect("JSON");
    assert_eq!(report["valid"], true);
    assert_eq!(report["clipped"], 2);
    assert_eq!(report["dropped"], 1);
    let warnings = report["warnings"].as_array().expect("a list");
    let lines: Vec<u64> = warnings
        .iter()
        .map(|w| w["line"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(lines, [2, 3, 4]);
    assert_eq!(warnings[1]["column"], "target");
    let stderr = String::from_utf8_lossy(&clip.stderr);
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.starts_with("warning: "))
            .count(),
        3,
        "{stderr}"
    );
    assert!(
        stderr.contains("ties.csv:3: column target: dropped: "),
        "{stderr}"
    );
}

#[test]
fn an_undirected_mediation_keeps_its_direction_through_jgf() {
    let ties = "id,source,target,kind,start,with,directed\n\
        m1,USA,GBR,mediation,1990,JPN,false\n\
        m2,USA,JPN,mediation,1991,GBR,\n";
    let data = Dataset::from_csv(ACTORS.as_bytes(), ties.as_bytes(), None::<&[u8]>).expect("valid");
    let text = jgf(&data, None);
    // Only the mediation that differs from its kind says so.
    assert_eq!(text.matches("\"directed\": false").count(), 2, "{text}");
    let back = read_jgf(&text).expect("reads back");
    assert_eq!(
        directions(&back),
        [("m1".to_owned(), false), ("m2".to_owned(), true)]
    );
}
