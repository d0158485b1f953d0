//! The command line (issue 5): every command and format on the embedded
//! dataset, user datasets (a CSV folder and a JSON file), the error paths and
//! their exit codes (0 ok, 1 bad data, 2 bad usage), help texts, table widths,
//! colour and determinism.
//!
//! Every run goes through [`run_in`], which fails the test if the process was
//! killed or printed a panic, so no test can pass while tiegraph panics.
//!
//! Tests marked `#[ignore = "bug: …"]` pin down bugs that need a change
//! outside `tests/`; run them with `cargo test --test it -- --ignored cli::`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

// ---------------------------------------------------------------------------
// Running tiegraph

const BIN: &str = env!("CARGO_BIN_EXE_tiegraph");

/// What one run of tiegraph produced.
struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

/// tiegraph with an environment that cannot change its output.
fn tiegraph() -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("COLUMNS")
        .env("RUST_BACKTRACE", "1");
    cmd
}

/// Runs tiegraph in `dir` (or the current directory) and checks that it
/// neither panicked nor died of a signal.
fn run_in(dir: Option<&Path>, args: &[&str]) -> Run {
    let mut cmd = tiegraph();
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    let out = cmd.args(args).output().expect("tiegraph starts");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !stderr.contains("panicked") && !stderr.contains("stack backtrace"),
        "tiegraph {args:?} panicked:\n{stderr}"
    );
    let code = out
        .status
        .code()
        .unwrap_or_else(|| panic!("tiegraph {args:?} was killed: {:?}", out.status));
    Run {
        code,
        stdout: out.stdout,
        stderr,
    }
}

/// Bytes written by a run that must succeed quietly.
fn ok_bytes_in(dir: Option<&Path>, args: &[&str]) -> Vec<u8> {
    let r = run_in(dir, args);
    assert_eq!(r.code, 0, "tiegraph {args:?} failed:\n{}", r.stderr);
    assert_eq!(r.stderr, "", "tiegraph {args:?} wrote to stderr");
    r.stdout
}

fn ok_bytes(args: &[&str]) -> Vec<u8> {
    ok_bytes_in(None, args)
}

/// Text written by a run that must succeed quietly.
fn ok(args: &[&str]) -> String {
    String::from_utf8(ok_bytes(args)).expect("stdout is UTF-8")
}

fn ok_in(dir: &Path, args: &[&str]) -> String {
    String::from_utf8(ok_bytes_in(Some(dir), args)).expect("stdout is UTF-8")
}

/// The JSON document a successful run printed.
fn json(args: &[&str]) -> Value {
    let text = ok(args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("tiegraph {args:?}: {e}\n{text}"))
}

fn json_in(dir: &Path, args: &[&str]) -> Value {
    let text = ok_in(dir, args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("tiegraph {args:?}: {e}\n{text}"))
}

/// The stderr of a run that must fail with `code` and print nothing on stdout.
fn fails_in(dir: Option<&Path>, args: &[&str], code: i32) -> String {
    let r = run_in(dir, args);
    assert_eq!(
        r.code, code,
        "tiegraph {args:?}: exit code (stderr: {})",
        r.stderr
    );
    assert!(r.stdout.is_empty(), "tiegraph {args:?} wrote to stdout");
    assert!(!r.stderr.is_empty(), "tiegraph {args:?} failed silently");
    r.stderr
}

fn fails(args: &[&str], code: i32) -> String {
    fails_in(None, args, code)
}

/// The one-line `error: …` message of a run that must fail with `code`.
fn error_in(dir: Option<&Path>, args: &[&str], code: i32) -> String {
    let stderr = fails_in(dir, args, code);
    assert_eq!(
        stderr.lines().count(),
        1,
        "tiegraph {args:?}: the error is not one line:\n{stderr}"
    );
    assert!(stderr.ends_with('\n'), "{stderr:?}");
    assert!(stderr.starts_with("error: "), "{stderr:?}");
    stderr.trim_end().to_owned()
}

fn error(args: &[&str], code: i32) -> String {
    error_in(None, args, code)
}

/// A clap usage error: exit 2, `error: …` first, and nothing on stdout.
fn usage_error(args: &[&str]) -> String {
    let stderr = fails(args, 2);
    assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
    stderr
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temporary path")
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

// ---------------------------------------------------------------------------
// Datasets written by the tests

/// A small valid dataset: hostile names (quotes, commas, a newline), an actor
/// that changes name and kind, a mediation, a custom `x_` column, and an
/// alias (`Twin`) that two actors share.
const SMALL_ACTORS: &str = "\
id,name,kind,from,until,aliases,note
AAA,\"Alpha, the \"\"first\"\"\",state,,,Al;Twin,\"note with
newline\"
BBB,Beta,group,2020,,Twin,
CCC,Gamma,organization,,2022,,
CCC,Gamma Two,state,2022,,,Renamed
DDD,\"Delta
line\",group,,,,
";

const SMALL_TIES: &str = "\
id,source,target,kind,start,end,with,weight,sources,note,x_confidence
t1,AAA,BBB,support,2020-03,2021-06-15,,,s1,\"note, with \"\"quotes\"\"\",
t2,BBB,AAA,hostility,2021-06-15,,,0.5,s1,,high
t3,CCC,AAA,mediation,2021,,BBB,,,,
t4,AAA,DDD,cooperation,2019,,,,,,
t5,BBB,DDD,alliance,2020-06-01,,,,,,
t6,CCC,DDD,tension,2020,,,,,,
";

const SMALL_SOURCES: &str = "\
id,title,publisher,published,reference
s1,First,Pub,2026-02-27,https://example.org/1
";

fn write_dataset(dir: &Path, actors: &str, ties: &str, sources: Option<&str>) {
    std::fs::create_dir_all(dir).expect("create the dataset folder");
    std::fs::write(dir.join("actors.csv"), actors).expect("write actors.csv");
    std::fs::write(dir.join("ties.csv"), ties).expect("write ties.csv");
    if let Some(sources) = sources {
        std::fs::write(dir.join("sources.csv"), sources).expect("write sources.csv");
    }
}

/// A temporary directory holding the small dataset in `small/`.
fn small_dataset() -> tempfile::TempDir {
    let dir = temp();
    write_dataset(
        &dir.path().join("small"),
        SMALL_ACTORS,
        SMALL_TIES,
        Some(SMALL_SOURCES),
    );
    dir
}

/// Nine problems over two files, one of every common sort.
const BAD_ACTORS: &str = "\
id,name,kind,from,until,aliases,note
PAK,Pakistan,state,1947-08-14,,,
IND,India,country,1947-08-15,,,
AFG,Islamic Republic of Afghanistan,state,2001-12-22,2021-08-15,,
";

const BAD_TIES: &str = "\
id,source,target,kind,start,end,with,weight,sources,note
t1,PAK,AFG,hostility,2002,,,,,outlives AFG
t2,PAK,AFG,tension,2025-13-01,,,,,bad date
t3,PAK,AFG,rivalry,2005,,,,,unknown kind
t4,PAK,XYZ,tension,2005,,,,,unknown actor
t5,PAK,AFG,tension,2005,2004,,,,end before start
t6,PAK,AFG,tension,2005,2010,,1.5,,bad weight
t6,PAK,AFG,tension,2006,2007,,,s9,duplicate id and unknown source
";

/// A temporary directory holding the broken dataset in `bad/`.
fn bad_dataset() -> tempfile::TempDir {
    let dir = temp();
    write_dataset(&dir.path().join("bad"), BAD_ACTORS, BAD_TIES, None);
    dir
}

// ---------------------------------------------------------------------------
// Checking JSON against docs/format.md

const TIE_KINDS: [&str; 6] = [
    "alliance",
    "cooperation",
    "support",
    "tension",
    "hostility",
    "mediation",
];
const ACTOR_KINDS: [&str; 3] = ["state", "group", "organization"];
const TIE_KEYS: [&str; 10] = [
    "id", "source", "target", "kind", "start", "end", "with", "weight", "sources", "note",
];

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect()
}

/// The object has exactly these keys.
fn assert_keys(v: &Value, expected: &[&str]) {
    assert_eq!(keys(v), expected.iter().copied().collect(), "keys of {v}");
}

/// The object has at least these keys (additions are allowed).
fn assert_has_keys(v: &Value, expected: &[&str]) {
    let have = keys(v);
    for k in expected {
        assert!(have.contains(k), "no key {k:?} in {v}");
    }
}

fn array<'v>(v: &'v Value, key: &str) -> &'v [Value] {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is not an array in {v}"))
}

fn string<'v>(v: &'v Value, key: &str) -> &'v str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is not a string in {v}"))
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap_or_else(|| panic!("not a string: {s}")))
        .collect()
}

fn count(v: &Value, key: &str) -> u64 {
    v[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} is not a count in {v}"))
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, maybe with a qualifier (`?`, `~`, `%`)
/// → its first day as (year, month, day).
fn first_day(date: &str) -> (u32, u32, u32) {
    let date = date.strip_suffix(['?', '~', '%']).unwrap_or(date);
    let parts: Vec<&str> = date.split('-').collect();
    let widths: Vec<usize> = parts.iter().map(|p| p.len()).collect();
    assert!(
        matches!(widths.as_slice(), [4] | [4, 2] | [4, 2, 2])
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())),
        "{date:?} is not a DATE"
    );
    let n = |i: usize| parts.get(i).map_or(1, |p| p.parse().expect("digits"));
    (n(0), n(1), n(2))
}

/// A selector as the CLI prints it: a DATE or `DATE..DATE`.
fn assert_selector(text: &str) {
    match text.split_once("..") {
        Some((a, b)) => {
            first_day(a);
            first_day(b);
        }
        None => {
            first_day(text);
        }
    }
}

/// No optional value is ever `""`: absent is `null`.
fn assert_no_empty_strings(v: &Value) {
    match v {
        Value::String(s) => assert!(!s.is_empty(), "an empty string instead of null"),
        Value::Array(items) => items.iter().for_each(assert_no_empty_strings),
        Value::Object(map) => map.values().for_each(assert_no_empty_strings),
        _ => {}
    }
}

/// The header of `data/ties.csv`: the columns of every CSV list of the
/// default dataset's ties (`confidence` among them, as the file has it).
fn ties_csv_header() -> String {
    let ties = std::fs::read_to_string(manifest_dir().join("data").join("ties.csv"))
        .expect("data/ties.csv");
    ties.lines().next().expect("a header").to_owned()
}

/// A tie object of the snapshot, ties and history outputs: the columns of
/// `ties.csv`, and its `confidence` (rule R5) and `directed` (rule R6)
/// even when the file has none.
fn assert_tie(t: &Value) {
    let mut expected = TIE_KEYS.to_vec();
    expected.push("confidence");
    expected.push("directed");
    assert!(t["directed"].is_boolean(), "{t}");
    if t.get("extra").is_some() {
        expected.push("extra");
        assert!(t["extra"].is_object(), "{t}");
    }
    assert_keys(t, &expected);
    string(t, "id");
    string(t, "source");
    string(t, "target");
    assert!(TIE_KINDS.contains(&string(t, "kind")), "{t}");
    let start = first_day(string(t, "start"));
    match &t["end"] {
        Value::Null => {}
        Value::String(end) => assert!(first_day(end) > start, "end before start: {t}"),
        other => panic!("end is {other}"),
    }
    match (string(t, "kind"), &t["with"]) {
        ("mediation", Value::String(_)) => {}
        ("mediation", _) => panic!("a mediation without with: {t}"),
        (_, Value::Null) => {}
        (_, other) => panic!("with is {other} on a tie that is not a mediation"),
    }
    let weight = t["weight"].as_f64().expect("weight is a number");
    assert!(weight > 0.0 && weight <= 1.0, "{t}");
    strings(&t["sources"]);
    assert!(t["note"].is_null() || t["note"].is_string(), "{t}");
    assert_no_empty_strings(t);
}

/// Ties sorted by (start, id).
fn assert_ties_sorted(ties: &[Value]) {
    for w in ties.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let (sa, sb) = (string(a, "start"), string(b, "start"));
        assert!(
            first_day(sa) <= first_day(sb),
            "ties out of order: {sa} then {sb}"
        );
        if sa == sb {
            assert!(
                string(a, "id") < string(b, "id"),
                "ties out of order: {} then {}",
                string(a, "id"),
                string(b, "id")
            );
        }
    }
}

fn ids<'v>(items: &'v [Value], key: &str) -> Vec<&'v str> {
    items.iter().map(|v| string(v, key)).collect()
}

fn assert_sorted_unique(items: &[&str], what: &str) {
    assert!(
        items.windows(2).all(|w| w[0] < w[1]),
        "{what} not sorted: {items:?}"
    );
}

fn involves(t: &Value, actor: &str) -> bool {
    ["source", "target", "with"]
        .iter()
        .any(|k| t[*k].as_str() == Some(actor))
}

// ---------------------------------------------------------------------------
// Table widths

/// Display columns of a string: an approximation of Unicode's East Asian
/// Width (wide and fullwidth characters count 2, combining marks 0); the
/// `unicode-width` crate is not a dependency.
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| match u32::from(c) {
            0x0300..=0x036F | 0x200B..=0x200F => 0,
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x1F300..=0x1F64F
            | 0x1F900..=0x1F9FF
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

fn assert_fits_80(args: &[&str], text: &str) {
    for line in text.lines() {
        let width = display_width(line);
        assert!(
            width <= 80,
            "tiegraph {args:?}: a line {width} columns wide:\n{line}"
        );
    }
}

/// Table output of every command (no bug known in their widths).
const TABLE_RUNS: &[&[&str]] = &[
    &["snapshot", "--at", "2026-03-01"],
    &["snapshot", "--at", "2021"],
    &["snapshot", "--at", "2000..2026"],
    &["snapshot", "--at", "1800"],
    &["ties"],
    &["ties", "--at", "2021"],
    &["ties", "--actor", "TTP"],
    &["balance", "--at", "2026-03-01"],
    &["balance", "--at", "2026-03-01", "--predict"],
    &["balance", "--at", "1950"],
    &["centrality", "--at", "2026-03-01"],
    &["centrality", "--at", "2021"],
    &["camps", "--at", "2026-03-01"],
    &["camps", "--at", "2026-03-01", "--camps", "3"],
    &["timeline", "--from", "2021", "--to", "2026"],
    &[
        "timeline", "--from", "2021-01", "--to", "2021-12", "--step", "1m",
    ],
    &["timeline", "--from", "2000", "--to", "2026"],
    &["history", "PAK", "TAL"],
    &["history", "PAK", "TTP"],
    &["history", "TAL", "USA"],
    &["validate"],
];

/// Table output whose width has a known bug (see the ignored tests).
const WIDE_TABLE_RUNS: &[&[&str]] = &[
    &["actors"],
    &["actors", "--at", "2021-01-01", "--kind", "group"],
    &["diff", "--from", "2021-01-01", "--to", "2026-03-01"],
    &[
        "diff",
        "--from",
        "2021-01-01",
        "--to",
        "2026-03-01",
        "--all",
    ],
    &["diff", "--from", "2026", "--to", "2021"],
];

// ===========================================================================
// snapshot

#[test]
fn snapshot_table() {
    let text = ok(&["snapshot", "--at", "2026-03-01"]);
    assert!(text.starts_with("2026-03-01: 19 actors, 35 ties in force\n"));
    insta::assert_snapshot!("snapshot_table_2026_03_01", text);
}

#[test]
fn snapshot_json_shape() {
    let doc = json(&["snapshot", "--at", "2026-03-01", "--format", "json"]);
    assert_keys(&doc, &["at", "actors", "ties"]);
    assert_eq!(doc["at"], "2026-03-01");
    let actors = array(&doc, "actors");
    for a in actors {
        assert_keys(a, &["id", "name", "kind"]);
        assert!(ACTOR_KINDS.contains(&string(a, "kind")), "{a}");
    }
    let actor_ids = ids(actors, "id");
    assert_sorted_unique(&actor_ids, "actors");
    assert_eq!(actor_ids.len(), 19);
    assert!(!actor_ids.contains(&"AFG"), "the Republic fell in 2021");
    let ties = array(&doc, "ties");
    assert_eq!(ties.len(), 35);
    ties.iter().for_each(assert_tie);
    assert_ties_sorted(ties);
    // Only actors in force are listed, and every tie in force is between them.
    for t in ties {
        for k in ["source", "target", "with"] {
            if let Some(id) = t[k].as_str() {
                assert!(actor_ids.contains(&id), "{id} of {t} is not listed");
            }
        }
        let start = first_day(string(t, "start"));
        assert!(start <= (2026, 3, 1), "{t}");
        if let Some(end) = t["end"].as_str() {
            assert!(first_day(end) > (2026, 3, 1), "{t}");
        }
    }
    let war = ties
        .iter()
        .find(|t| {
            t["kind"] == "hostility"
                && involves(t, "PAK")
                && involves(t, "TAL")
                && t["start"] == "2026-02-26?"
        })
        .expect("the open war of 2026-02-26? is in force");
    assert_eq!(war["end"], Value::Null);
    let mediation = ties
        .iter()
        .find(|t| t["kind"] == "mediation")
        .expect("China's mediation is in force");
    assert_eq!(
        (mediation["source"].as_str(), mediation["with"].as_str()),
        (Some("CHN"), Some("TAL"))
    );
}

#[test]
fn snapshot_shows_the_phase_in_force() {
    let tal = |at: &str| -> Value {
        let doc = json(&["snapshot", "--at", at, "--format", "json"]);
        array(&doc, "actors")
            .iter()
            .find(|a| a["id"] == "TAL")
            .cloned()
            .expect("TAL is in force")
    };
    assert_eq!(tal("2021-01-01")["kind"], "group");
    assert_eq!(tal("2021-01-01")["name"], "Afghan Taliban");
    assert_eq!(tal("2026-03-01")["kind"], "state");
    // A period shows the latest phase in force during it.
    assert_eq!(tal("2021")["kind"], "state");
}

#[test]
fn snapshot_selectors_print_as_written() {
    for at in ["2026", "2026-02", "2026-02-01", "2021..2022-06"] {
        let doc = json(&["snapshot", "--at", at, "--format", "json"]);
        assert_eq!(doc["at"], at);
    }
    // A month is every day of it: the strike of 2026-02-27 is in February.
    let war = |at: &str| {
        array(&json(&["snapshot", "--at", at, "--format", "json"]), "ties")
            .iter()
            .any(|t| t["start"] == "2026-02-27")
    };
    assert!(war("2026-02"));
    assert!(war("2026"));
    assert!(!war("2026-02-01"));
    assert!(!war("2025..2026-01"));
}

#[test]
fn snapshot_csv_is_ties_csv() {
    let text = ok(&["snapshot", "--at", "2026-03-01", "--format", "csv"]);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(ties_csv_header().as_str()));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let ids: Vec<String> = reader
        .records()
        .map(|r| r.expect("a CSV record")[0].to_owned())
        .collect();
    let doc = json(&["snapshot", "--at", "2026-03-01", "--format", "json"]);
    assert_eq!(ids, ids_owned(array(&doc, "ties")));
}

fn ids_owned(items: &[Value]) -> Vec<String> {
    items.iter().map(|v| string(v, "id").to_owned()).collect()
}

#[test]
fn snapshot_dot() {
    let dot = ok(&["snapshot", "--at", "2026-03-01", "--format", "dot"]);
    assert!(dot.starts_with("digraph "), "{}", &dot[..40]);
    assert!(dot.trim_end().ends_with('}'));
    assert!(dot.contains("id=\"actor:PAK\""));
    assert!(dot.contains("id=\"tie:PAK:TAL:hostility\""));
    assert!(!dot.contains("id=\"actor:AFG\""));
}

/// SVG and PNG need the in-process renderer (the default `render` feature).
#[cfg(feature = "render")]
#[test]
fn snapshot_images() {
    let svg = ok(&["snapshot", "--at", "2026-03-01", "--format", "svg"]);
    assert!(svg.starts_with("<?xml"));
    assert!(svg.contains("<svg"));
    assert!(svg.trim_end().ends_with("</svg>"));

    let png = ok_bytes(&["snapshot", "--at", "2026-03-01", "--format", "png"]);
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
}

#[test]
fn snapshot_diagram_options() {
    let dot = |extra: &[&str]| {
        let mut args = vec!["snapshot", "--at", "2026-03", "--format", "dot"];
        args.extend_from_slice(extra);
        ok(&args)
    };
    let plain = dot(&[]);
    // KAZ's only tie is with TAL: two steps from Pakistan.
    let focus = dot(&["--focus", "Pakistan", "--depth", "1"]);
    assert!(focus.contains("id=\"actor:PAK\"") && focus.contains("id=\"actor:TAL\""));
    assert!(plain.contains("id=\"actor:KAZ\""));
    assert!(!focus.contains("id=\"actor:KAZ\""));
    let deeper = dot(&["--focus", "PAK", "--depth", "2"]);
    assert!(deeper.contains("id=\"actor:KAZ\""));

    let hostile = dot(&["--kind", "hostility"]);
    assert!(hostile.contains(":hostility\""));
    for kind in ["cooperation", "support", "tension", "alliance", "mediation"] {
        assert!(!hostile.contains(&format!(":{kind}\"")), "{kind} drawn");
    }
    let comma = dot(&["--kind", "hostility,tension"]);
    assert_eq!(comma, dot(&["--kind", "hostility", "--kind", "tension"]));

    assert!(plain.contains("tooltip="));
    assert!(!dot(&["--no-tooltips"]).contains("tooltip="));
    assert_ne!(dot(&["--lr"]), plain);
}

// ===========================================================================
// diff

#[test]
fn diff_table() {
    let text = ok(&["diff", "--from", "2021-01-01", "--to", "2026-03-01"]);
    assert!(text.starts_with(
        "2021-01-01 → 2026-03-01: 9 new, 8 ended, 1 flipped, 3 shifted, 10 unchanged\n"
    ));
    insta::assert_snapshot!("diff_table_2021_2026", text);
}

fn assert_dyads(doc: &Value) -> &[Value] {
    assert_keys(doc, &["from", "to", "dyads"]);
    let dyads = array(doc, "dyads");
    let mut pairs = Vec::new();
    for d in dyads {
        assert_keys(
            d,
            &[
                "a",
                "b",
                "change",
                "before",
                "after",
                "before_sign",
                "after_sign",
                "before_net",
                "after_net",
                "rank",
            ],
        );
        let (a, b) = (string(d, "a"), string(d, "b"));
        assert!(a < b, "a < b by id: {d}");
        pairs.push((a, b));
        for side in ["before", "after"] {
            let kinds = strings(&d[side]);
            assert!(kinds.windows(2).all(|w| w[0] < w[1]), "{side}: {d}");
            assert!(kinds.iter().all(|k| TIE_KINDS.contains(k)), "{d}");
        }
        let (before, after) = (strings(&d["before"]), strings(&d["after"]));
        match string(d, "change") {
            "new" => assert!(before.is_empty() && !after.is_empty(), "{d}"),
            "ended" => assert!(!before.is_empty() && after.is_empty(), "{d}"),
            "flipped" => assert!(!before.is_empty() && !after.is_empty(), "{d}"),
            "unchanged" => assert_eq!(before, after, "{d}"),
            "shifted" => {}
            other => panic!("change {other:?}"),
        }
    }
    assert!(pairs.windows(2).all(|w| w[0] < w[1]), "dyads not sorted");
    dyads
}

#[test]
fn diff_json_shape() {
    let doc = json(&[
        "diff",
        "--from",
        "2021-01-01",
        "--to",
        "2026-03-01",
        "--format",
        "json",
    ]);
    assert_eq!(doc["from"], "2021-01-01");
    assert_eq!(doc["to"], "2026-03-01");
    let dyads = assert_dyads(&doc);
    assert!(dyads.iter().all(|d| d["change"] != "unchanged"));
    let pak_tal = dyads
        .iter()
        .find(|d| d["a"] == "PAK" && d["b"] == "TAL")
        .expect("PAK–TAL changed");
    assert_eq!(pak_tal["change"], "flipped");
    assert_eq!(strings(&pak_tal["before"]), ["support"]);
    assert!(strings(&pak_tal["after"]).contains(&"hostility"));
}

#[test]
fn diff_all_adds_the_unchanged_pairs() {
    let args = ["diff", "--from", "2021-01-01", "--to", "2026-03-01"];
    let changed = json(&[&args[..], &["--format", "json"]].concat());
    let all = json(&[&args[..], &["--format", "json", "--all"]].concat());
    let all_dyads = assert_dyads(&all);
    let unchanged: Vec<&Value> = all_dyads
        .iter()
        .filter(|d| d["change"] == "unchanged")
        .collect();
    assert_eq!(unchanged.len(), 10);
    let rest: Vec<&Value> = all_dyads
        .iter()
        .filter(|d| d["change"] != "unchanged")
        .collect();
    assert_eq!(rest, array(&changed, "dyads").iter().collect::<Vec<_>>());
    // The table's --all lists them too.
    let table = ok(&[&args[..], &["--all"]].concat());
    assert_eq!(table.matches(" unchanged ").count(), 10);
}

#[test]
fn diff_csv_matches_json() {
    let args = ["diff", "--from", "2021-01-01", "--to", "2026-03-01"];
    let text = ok(&[&args[..], &["--format", "csv"]].concat());
    assert!(text
        .starts_with("a,b,change,before,after,before_sign,after_sign,before_net,after_net,rank\n"));
    assert!(text.contains("\nPAK,TAL,flipped,support,hostility;tension,+,-,1,-6,1\n"));
    let doc = json(&[&args[..], &["--format", "json"]].concat());
    let from_json: Vec<String> = array(&doc, "dyads")
        .iter()
        .map(|d| {
            let text = |v: &Value| match v {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            format!(
                "{},{},{},{},{},{},{},{},{},{}",
                string(d, "a"),
                string(d, "b"),
                string(d, "change"),
                strings(&d["before"]).join(";"),
                strings(&d["after"]).join(";"),
                text(&d["before_sign"]),
                text(&d["after_sign"]),
                text(&d["before_net"]).trim_end_matches(".0"),
                text(&d["after_net"]).trim_end_matches(".0"),
                text(&d["rank"]),
            )
        })
        .collect();
    let from_csv: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(from_csv, from_json);
}

#[test]
fn diff_diagrams() {
    let args = ["diff", "--from", "2021", "--to", "2026"];
    let dot = ok(&[&args[..], &["--format", "dot"]].concat());
    assert!(dot.starts_with("digraph "));
    assert!(dot.contains("What changed from 2021 to 2026"));
    if !cfg!(feature = "render") {
        return;
    }
    let svg = ok(&[&args[..], &["--format", "svg"]].concat());
    assert!(svg.contains("<svg") && svg.trim_end().ends_with("</svg>"));
    let png = ok_bytes(&[&args[..], &["--format", "png"]].concat());
    assert!(png.starts_with(b"\x89PNG"));
}

// ===========================================================================
// timeline

#[test]
fn timeline_table() {
    let text = ok(&["timeline", "--from", "2021", "--to", "2026"]);
    assert!(text.starts_with("timeline 2021 → 2026, step 1y\n"));
    insta::assert_snapshot!("timeline_table_2021_2026", text);
}

fn assert_timeline(doc: &Value) -> Vec<&str> {
    assert_has_keys(doc, &["from", "to", "step", "steps"]);
    let steps = array(doc, "steps");
    for (i, s) in steps.iter().enumerate() {
        assert_has_keys(
            s,
            &[
                "at",
                "ties",
                "pairs",
                "positive",
                "negative",
                "balanced",
                "unbalanced",
                "new",
                "ended",
                "flipped",
            ],
        );
        assert_selector(string(s, "at"));
        assert!(count(s, "positive") + count(s, "negative") <= count(s, "pairs"));
        if i == 0 {
            for k in ["new", "ended", "flipped"] {
                assert_eq!(count(s, k), 0, "the first step has no {k}");
            }
        }
    }
    ids(steps, "at")
}

#[test]
fn timeline_json_years() {
    let doc = json(&[
        "timeline", "--from", "2021", "--to", "2026", "--format", "json",
    ]);
    assert_eq!(doc["from"], "2021");
    assert_eq!(doc["to"], "2026");
    assert_eq!(doc["step"], "1y");
    let labels = assert_timeline(&doc);
    assert_eq!(labels, ["2021", "2022", "2023", "2024", "2025", "2026"]);
    // Each year step is the snapshot of that whole year.
    for s in array(&doc, "steps") {
        let at = string(s, "at");
        let ties = json(&["ties", "--at", at, "--format", "json"]);
        assert_eq!(count(s, "ties"), array(&ties, "ties").len() as u64, "{at}");
        let balance = json(&["balance", "--at", at, "--format", "json"]);
        assert_eq!(s["balanced"], balance["balanced"], "{at}");
        assert_eq!(s["unbalanced"], balance["unbalanced"], "{at}");
    }
}

#[test]
fn timeline_json_months() {
    let doc = json(&[
        "timeline", "--from", "2021-01", "--to", "2021-12", "--step", "1m", "--format", "json",
    ]);
    assert_eq!(doc["step"], "1m");
    let labels = assert_timeline(&doc);
    let expected: Vec<String> = (1..=12).map(|m| format!("2021-{m:02}")).collect();
    assert_eq!(labels, expected);
}

#[test]
fn timeline_steps_of_several_units() {
    let doc = json(&[
        "timeline", "--from", "2021-01", "--to", "2021-12", "--step", "6m", "--format", "json",
    ]);
    assert_eq!(
        assert_timeline(&doc),
        ["2021-01..2021-06", "2021-07..2021-12"]
    );
    let doc = json(&[
        "timeline", "--from", "2020", "--to", "2025", "--step", "2y", "--format", "json",
    ]);
    assert_eq!(
        assert_timeline(&doc),
        ["2020..2021", "2022..2023", "2024..2025"]
    );
}

#[test]
fn timeline_reaches_the_last_day_of_9999() {
    let labels = |args: &[&str]| -> Vec<String> {
        let doc = json(&[args, &["--format", "json"][..]].concat());
        assert_timeline(&doc)
            .iter()
            .map(|s| s.to_string())
            .collect()
    };
    assert_eq!(
        labels(&["timeline", "--from", "9998", "--to", "9999"]),
        ["9998", "9999"]
    );
    assert_eq!(
        labels(&["timeline", "--from", "9999-11", "--to", "9999-12", "--step", "1m"]),
        ["9999-11", "9999-12"]
    );
    assert_eq!(
        labels(&["timeline", "--from", "9999", "--to", "9999"]),
        ["9999"]
    );
}

#[test]
fn timeline_csv() {
    let text = ok(&[
        "timeline", "--from", "2021", "--to", "2026", "--format", "csv",
    ]);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("step,ties,pairs,+,-,bal,unbal,ratio,new,ended,flip,turn")
    );
    let years: Vec<&str> = lines.map(|l| l.split(',').next().unwrap_or("")).collect();
    assert_eq!(years, ["2021", "2022", "2023", "2024", "2025", "2026"]);
}

fn file_names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .expect("read the output folder")
        .map(|e| {
            e.expect("a directory entry")
                .file_name()
                .into_string()
                .expect("a UTF-8 name")
        })
        .collect()
}

#[cfg(feature = "render")]
#[test]
fn timeline_out_writes_a_diagram_per_step_and_the_diff() {
    let tmp = temp();
    let out = tmp.path().join("diagrams");
    let text = ok(&[
        "timeline",
        "--from",
        "2021",
        "--to",
        "2026",
        "--out",
        path_str(&out),
    ]);
    let mut expected = BTreeSet::new();
    for year in 2021..=2026 {
        expected.insert(format!("{year}.dot"));
        expected.insert(format!("{year}.svg"));
    }
    expected.insert("diff-2021-2026.dot".to_owned());
    expected.insert("diff-2021-2026.svg".to_owned());
    assert_eq!(file_names(&out), expected);
    assert!(text.contains("wrote 14 diagram files to "), "{text}");
    for name in &expected {
        let body = std::fs::read_to_string(out.join(name)).expect("read a diagram");
        if name.ends_with(".dot") {
            assert!(body.starts_with("digraph "), "{name}");
        } else {
            assert!(
                body.contains("<svg") && body.trim_end().ends_with("</svg>"),
                "{name}"
            );
        }
    }
    // The year diagram is the snapshot's diagram laid out for the timeline.
    let dot_2021 = std::fs::read_to_string(out.join("2021.dot")).expect("read 2021.dot");
    assert!(dot_2021.contains("id=\"actor:AFG\""));
}

#[cfg(feature = "render")]
#[test]
fn timeline_out_with_chosen_images() {
    let tmp = temp();
    let out = tmp.path().join("d");
    ok(&[
        "timeline",
        "--from",
        "2024",
        "--to",
        "2025",
        "--out",
        path_str(&out),
        "--images",
        "dot,png",
        "--format",
        "json",
    ]);
    let names: Vec<String> = file_names(&out).into_iter().collect();
    assert_eq!(
        names,
        [
            "2024.dot",
            "2024.png",
            "2025.dot",
            "2025.png",
            "diff-2024-2025.dot",
            "diff-2024-2025.png"
        ]
    );
    let png = std::fs::read(out.join("2024.png")).expect("read a PNG");
    assert!(png.starts_with(b"\x89PNG"));
}

#[test]
fn timeline_out_into_a_file_fails() {
    let tmp = temp();
    let file = tmp.path().join("file");
    std::fs::write(&file, "x").expect("write a file");
    let args = [
        "timeline",
        "--from",
        "2021",
        "--to",
        "2022",
        "--out",
        path_str(&file),
        "--images",
        "dot",
    ];
    let message = error(&args, 1);
    assert_eq!(
        message,
        format!("error: --out {} is a file, not a folder", path_str(&file))
    );
}

// ===========================================================================
// history

#[test]
fn history_table() {
    let text = ok(&["history", "PAK", "TTP"]);
    assert!(text.starts_with("Pakistan (PAK) and Tehreek-e-Taliban Pakistan (TTP): 4 ties\n"));
    insta::assert_snapshot!("history_table_pak_ttp", text);
}

#[test]
fn history_json_sorted_by_start_and_id() {
    let doc = json(&["history", "PAK", "TAL", "--format", "json"]);
    assert_keys(&doc, &["a", "b", "ties"]);
    assert_eq!(doc["a"], "PAK");
    assert_eq!(doc["b"], "TAL");
    let ties = array(&doc, "ties");
    assert_eq!(ties.len(), 17);
    ties.iter().for_each(assert_tie);
    assert_ties_sorted(ties);
    for t in ties {
        assert!(involves(t, "PAK") && involves(t, "TAL"), "{t}");
    }
    // Mediations count when either actor is the `with`.
    assert!(ties
        .iter()
        .any(|t| t["kind"] == "mediation" && t["source"] == "CHN"));
    assert_eq!(string(&ties[0], "start"), "1994~");
    assert_eq!(string(&ties[0], "kind"), "support");
}

#[test]
fn history_by_name() {
    let by_id = ok(&["history", "PAK", "TAL", "--format", "json"]);
    let by_name = ok(&["history", "pakistan", "afghan taliban", "--format", "json"]);
    assert_eq!(by_name, by_id);
    let by_alias = ok(&[
        "history",
        "Islamabad",
        "Islamic Emirate",
        "--format",
        "json",
    ]);
    assert_eq!(by_alias, by_id);
    // The other order names the actors the other way round, same ties.
    let reversed = json(&["history", "TAL", "PAK", "--format", "json"]);
    assert_eq!(reversed["a"], "TAL");
    let by_id: Value = serde_json::from_str(&by_id).expect("JSON");
    assert_eq!(reversed["ties"], by_id["ties"]);
}

#[test]
fn history_csv_is_ties_csv() {
    let text = ok(&["history", "PAK", "TAL", "--format", "csv"]);
    assert!(text.starts_with(&format!("{}\n", ties_csv_header())));
    let rows = csv::Reader::from_reader(text.as_bytes()).records().count();
    assert_eq!(rows, 17);
}

#[test]
fn history_svg_written_to_a_file() {
    let dir = temp();
    let file = dir.path().join("pak-tal.svg");
    assert_eq!(
        ok(&[
            "history",
            "PAK",
            "TAL",
            "--format",
            "svg",
            "-o",
            path_str(&file)
        ]),
        ""
    );
    let svg = std::fs::read_to_string(&file).expect("the SVG was written");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let ids: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("tie"))
        .filter_map(|n| n.attribute("data-tie"))
        .collect();
    let history = json(&["history", "PAK", "TAL", "--format", "json"]);
    let want: Vec<&str> = array(&history, "ties")
        .iter()
        .map(|t| string(t, "id"))
        .collect();
    assert_eq!(ids, want);
    // The same bytes on stdout, and every time.
    assert_eq!(ok(&["history", "PAK", "TAL", "--format", "svg"]), svg);
    let dot = ok(&["history", "PAK", "TAL", "--format", "dot"]);
    assert!(dot.starts_with("digraph \"history\" {"), "{dot}");
}

#[test]
fn history_of_an_actor_with_itself_is_bad_usage() {
    let message = error(&["history", "PAK", "Pakistan"], 2);
    assert!(message.contains("two different actors"), "{message}");
}

// ===========================================================================
// actors and ties

#[test]
fn actors_table() {
    let text = ok(&["actors", "--at", "2021-01-01", "--kind", "group"]);
    insta::assert_snapshot!("actors_table_2021_groups", text);
}

const ACTOR_KEYS: [&str; 7] = ["id", "name", "kind", "from", "until", "aliases", "note"];

#[test]
fn actors_json_at_a_date_of_a_kind() {
    let doc = json(&[
        "actors",
        "--at",
        "2021-01-01",
        "--kind",
        "group",
        "--format",
        "json",
    ]);
    assert_keys(&doc, &["at", "actors"]);
    assert_eq!(doc["at"], "2021-01-01");
    let actors = array(&doc, "actors");
    for a in actors {
        assert_keys(a, &ACTOR_KEYS);
        assert_eq!(a["kind"], "group");
        strings(&a["aliases"]);
        assert_no_empty_strings(a);
    }
    let actor_ids = ids(actors, "id");
    assert_sorted_unique(&actor_ids, "actors");
    assert_eq!(actor_ids, ["BLA", "HQN", "ISKP", "LET", "TAL", "TTP"]);
    let tal = &actors[4];
    assert_eq!(tal["name"], "Afghan Taliban");
    assert_eq!(tal["until"], "2021-08-15~");
    assert_eq!(actors[0]["from"], Value::Null);
}

#[test]
fn actors_json_lists_every_phase() {
    let doc = json(&["actors", "--format", "json"]);
    assert_eq!(doc["at"], Value::Null);
    let actors = array(&doc, "actors");
    actors.iter().for_each(|a| assert_keys(a, &ACTOR_KEYS));
    let actor_ids = ids(actors, "id");
    assert!(actor_ids.windows(2).all(|w| w[0] <= w[1]), "{actor_ids:?}");
    let tal: Vec<&Value> = actors.iter().filter(|a| a["id"] == "TAL").collect();
    assert_eq!(tal.len(), 2);
    assert_eq!(tal[0]["kind"], "group");
    assert_eq!(tal[1]["kind"], "state");
    assert_eq!(tal[0]["until"], tal[1]["from"]);
}

#[test]
fn actors_and_ties_csv_are_the_data_files() {
    let data = manifest_dir().join("data");
    let actors = std::fs::read_to_string(data.join("actors.csv")).expect("data/actors.csv");
    let ties = std::fs::read_to_string(data.join("ties.csv")).expect("data/ties.csv");
    assert_eq!(ok(&["actors", "--format", "csv"]), actors);
    assert_eq!(ok(&["ties", "--format", "csv"]), ties);
}

#[test]
fn ties_table() {
    let text = ok(&["ties", "--actor", "TTP", "--kind", "hostility"]);
    insta::assert_snapshot!("ties_table_ttp_hostility", text);
}

#[test]
fn ties_json_by_actor_and_kind() {
    let doc = json(&[
        "ties",
        "--actor",
        "TTP",
        "--kind",
        "hostility",
        "--format",
        "json",
    ]);
    assert_keys(&doc, &["at", "ties"]);
    assert_eq!(doc["at"], Value::Null);
    let ties = array(&doc, "ties");
    assert_eq!(ties.len(), 3);
    ties.iter().for_each(assert_tie);
    assert_ties_sorted(ties);
    for t in ties {
        assert_eq!(t["kind"], "hostility");
        assert!(involves(t, "TTP"), "{t}");
    }
    // By alias, the same.
    let by_alias = json(&[
        "ties",
        "--actor",
        "pakistani taliban",
        "--kind",
        "hostility",
        "--format",
        "json",
    ]);
    assert_eq!(by_alias, doc);
}

#[test]
fn ties_filters_combine() {
    let both = json(&[
        "ties",
        "--at",
        "2025",
        "--kind",
        "hostility,tension",
        "--format",
        "json",
    ]);
    assert_eq!(both["at"], "2025");
    let ties = array(&both, "ties");
    assert!(!ties.is_empty());
    assert_ties_sorted(ties);
    for t in ties {
        assert!(t["kind"] == "hostility" || t["kind"] == "tension", "{t}");
        assert!(first_day(string(t, "start")) <= (2025, 12, 31), "{t}");
        if let Some(end) = t["end"].as_str() {
            assert!(first_day(end) > (2025, 1, 1), "{t}");
        }
    }
    let repeated = json(&[
        "ties",
        "--at",
        "2025",
        "--kind",
        "hostility",
        "--kind",
        "tension",
        "--format",
        "json",
    ]);
    assert_eq!(repeated, both);
    let all = json(&["ties", "--format", "json"]);
    assert_eq!(array(&all, "ties").len(), 58);
    assert_ties_sorted(array(&all, "ties"));
}

// ===========================================================================
// balance, centrality, camps

#[test]
fn balance_table() {
    let text = ok(&["balance", "--at", "2026-03-01"]);
    assert!(text.starts_with(
        "2026-03-01: 7 balanced, 6 unbalanced triangles, ratio 0.538; walk balance 0.444\n"
    ));
    insta::assert_snapshot!("balance_table_2026_03_01", text);
}

#[test]
fn balance_count_agrees_with_the_list() {
    for at in ["2019", "2021-09-01", "2026-03-01"] {
        let full = json(&["balance", "--at", at, "--format", "json"]);
        let counted = json(&["balance", "--at", at, "--count", "--format", "json"]);
        assert_keys(
            &counted,
            &["at", "balanced", "unbalanced", "ratio", "robustness"],
        );
        let text = ok(&["balance", "--at", at, "--count", "--format", "json"]);
        let at_key = |k: &str| text.find(&format!("\"{k}\":")).expect("the key");
        let order = ["at", "balanced", "unbalanced", "ratio", "robustness"].map(at_key);
        assert!(
            order.is_sorted(),
            "keys in the balance object's order: {text}"
        );
        for key in ["at", "balanced", "unbalanced", "ratio", "robustness"] {
            assert_eq!(full[key], counted[key], "{at} {key}");
        }
        let csv = ok(&["balance", "--at", at, "--count", "--format", "csv"]);
        let row = format!("{at},{},{},", full["balanced"], full["unbalanced"]);
        assert!(csv.starts_with("at,balanced,unbalanced,ratio\n"), "{csv}");
        assert!(
            csv.lines().nth(1).is_some_and(|l| l.starts_with(&row)),
            "{csv}"
        );
    }
    let text = ok(&["balance", "--at", "2026-03-01", "--count"]);
    assert_eq!(
        text,
        "2026-03-01: 7 balanced, 6 unbalanced triangles, ratio 0.538\n\
         without alleged ties: 3 balanced, 4 unbalanced triangles, ratio 0.429 (changed)\n"
    );
    let stderr = usage_error(&["balance", "--at", "2026", "--count", "--predict"]);
    assert!(stderr.contains("cannot be used with"), "{stderr}");
}

#[test]
fn balance_json_shape() {
    let doc = json(&["balance", "--at", "2026-03-01", "--format", "json"]);
    assert_keys(
        &doc,
        &[
            "at",
            "balanced",
            "unbalanced",
            "ratio",
            "walk",
            "robustness",
            "triangles",
        ],
    );
    assert_eq!(doc["at"], "2026-03-01");
    // Unbalanced triangles: the walk balance is below 1 too.
    let walk = doc["walk"].as_f64().expect("a walk ratio");
    assert!(walk > 0.0 && walk < 1.0, "{walk}");
    let (balanced, unbalanced) = (count(&doc, "balanced"), count(&doc, "unbalanced"));
    let ratio = doc["ratio"].as_f64().expect("a ratio");
    assert!((ratio - balanced as f64 / (balanced + unbalanced) as f64).abs() < 1e-12);
    let triangles = array(&doc, "triangles");
    assert_eq!(triangles.len() as u64, balanced + unbalanced);
    let mut seen = Vec::new();
    let mut n_balanced = 0;
    for t in triangles {
        assert_keys(t, &["actors", "signs", "balanced"]);
        let actors = strings(&t["actors"]);
        assert_eq!(actors.len(), 3);
        assert_sorted_unique(&actors, "triangle actors");
        let signs = strings(&t["signs"]);
        assert_eq!(signs.len(), 3);
        assert!(signs.iter().all(|s| *s == "+" || *s == "-"), "{t}");
        let negatives = signs.iter().filter(|s| **s == "-").count();
        let is_balanced = t["balanced"].as_bool().expect("a bool");
        assert_eq!(is_balanced, negatives % 2 == 0, "{t}");
        n_balanced += u64::from(is_balanced);
        seen.push(actors);
    }
    assert_eq!(n_balanced, balanced);
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "triangles not sorted");
    // The triangle the spec names.
    let ipt = triangles
        .iter()
        .find(|t| strings(&t["actors"]) == ["IND", "PAK", "TAL"])
        .expect("IND PAK TAL");
    assert_eq!(strings(&ipt["signs"]), ["-", "+", "-"]);
    assert_eq!(ipt["balanced"], true);
}

#[test]
fn balance_without_triangles_has_a_null_ratio() {
    let doc = json(&["balance", "--at", "1950", "--format", "json"]);
    assert_eq!(doc["ratio"], Value::Null);
    assert_eq!(array(&doc, "triangles").len(), 0);
    let text = ok(&["balance", "--at", "1950"]);
    // The pairs of 1950 make no cycle: balanced walks only.
    assert_eq!(
        text,
        "1950: 0 balanced, 0 unbalanced triangles, ratio —; walk balance 1.000\n"
    );
}

#[test]
fn balance_gives_the_reason_for_a_null_walk() {
    // The embedded dataset has no tie in force in 1900.
    let doc = json(&["balance", "--at", "1900", "--format", "json"]);
    assert_eq!(doc["walk"], Value::Null);
    assert_eq!(doc["walk_note"], "no actor has a signed pair");
    assert_eq!(
        ok(&["balance", "--at", "1900"]),
        "1900: 0 balanced, 0 unbalanced triangles, ratio —; \
         walk balance — (no actor has a signed pair)\n"
    );
    // With a value, no note.
    let doc = json(&["balance", "--at", "1950", "--format", "json"]);
    assert!(doc.get("walk_note").is_none());
}

#[test]
fn balance_predict() {
    let doc = json(&[
        "balance",
        "--at",
        "2026-03-01",
        "--predict",
        "--format",
        "json",
    ]);
    assert_has_keys(&doc, &["at", "predictions"]);
    let predictions = array(&doc, "predictions");
    assert_eq!(predictions.len(), 43);
    for p in predictions {
        assert_has_keys(p, &["a", "b", "sign", "support", "against"]);
        assert!(string(p, "a") < string(p, "b"), "{p}");
        assert!(p["sign"] == "+" || p["sign"] == "-", "{p}");
        assert!(!strings(&p["support"]).is_empty(), "{p}");
    }
    // Open triads only: no predicted pair already has a net sign. (A pair
    // whose ties cancel out, such as ISKP–PAK with the alleged ISI help, has
    // net sign 0 and can be predicted.)
    let same = json(&[
        "diff",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-01",
        "--all",
        "--format",
        "json",
    ]);
    let tied: BTreeSet<(String, String)> = array(&same, "dyads")
        .iter()
        .filter(|d| d["after_sign"] == "+" || d["after_sign"] == "-")
        .map(|d| (string(d, "a").to_owned(), string(d, "b").to_owned()))
        .collect();
    for p in predictions {
        let pair = (string(p, "a").to_owned(), string(p, "b").to_owned());
        assert!(!tied.contains(&pair), "{pair:?} is already tied");
    }
    let text = ok(&["balance", "--at", "2026-03-01", "--predict"]);
    assert!(text.starts_with("2026-03-01: 43 predicted pairs\n"));
    assert!(text.contains("\nHQN   LET    +          3        0        IND, PAK, TAL\n"));
    let csv = ok(&[
        "balance",
        "--at",
        "2026-03-01",
        "--predict",
        "--format",
        "csv",
    ]);
    assert!(csv.starts_with("a,b,predicted,support,against,via\n"));
    assert_eq!(csv.lines().count(), 44);
}

#[test]
fn centrality_table() {
    let text = ok(&["centrality", "--at", "2026-03-01"]);
    insta::assert_snapshot!("centrality_table_2026_03_01", text);
}

#[test]
fn centrality_json_shape() {
    let doc = json(&["centrality", "--at", "2026-03-01", "--format", "json"]);
    assert_has_keys(&doc, &["at", "actors"]);
    assert_eq!(doc["at"], "2026-03-01");
    let actors = array(&doc, "actors");
    assert_sorted_unique(&ids(actors, "id"), "actors");
    // Degrees are the neighbours in the analysis graph built from the snapshot.
    let snapshot = json(&["snapshot", "--at", "2026-03-01", "--format", "json"]);
    let mut neighbours: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for a in array(&snapshot, "actors") {
        neighbours.entry(string(a, "id")).or_default();
    }
    for t in array(&snapshot, "ties") {
        let source = string(t, "source");
        for k in ["target", "with"] {
            if let Some(other) = t[k].as_str() {
                neighbours.entry(source).or_default().insert(other);
                neighbours.entry(other).or_default().insert(source);
            }
        }
    }
    assert_eq!(
        ids(actors, "id"),
        neighbours.keys().copied().collect::<Vec<_>>()
    );
    for a in actors {
        assert_has_keys(a, &["id", "degree", "positive", "negative", "betweenness"]);
        let id = string(a, "id");
        assert_eq!(count(a, "degree"), neighbours[id].len() as u64, "{id}");
        assert!(count(a, "positive") + count(a, "negative") <= count(a, "degree"));
        let b = a["betweenness"].as_f64().expect("a number");
        assert!((0.0..=1.0).contains(&b), "{id}: betweenness {b}");
    }
    let tal = actors.iter().find(|a| a["id"] == "TAL").expect("TAL");
    let max = actors
        .iter()
        .map(|a| a["betweenness"].as_f64().unwrap_or(0.0))
        .fold(0.0, f64::max);
    assert_eq!(
        tal["betweenness"].as_f64(),
        Some(max),
        "the Taliban broker most"
    );
    let csv = ok(&["centrality", "--at", "2026-03-01", "--format", "csv"]);
    assert!(csv.starts_with("id,degree,+,-,betweenness"));
    assert_eq!(csv.lines().count(), actors.len() + 1);
}

#[test]
fn camps_table() {
    let text = ok(&["camps", "--at", "2026-03-01"]);
    insta::assert_snapshot!("camps_table_2026_03_01", text);
}

fn assert_camps(doc: &Value, at_most: usize) {
    assert_has_keys(doc, &["at", "camps", "frustration", "exact"]);
    let camps: Vec<Vec<&str>> = array(doc, "camps").iter().map(strings).collect();
    assert!(!camps.is_empty() && camps.len() <= at_most, "{camps:?}");
    let mut all = BTreeSet::new();
    for camp in &camps {
        assert!(!camp.is_empty());
        assert_sorted_unique(camp, "a camp");
        for id in camp {
            assert!(all.insert(*id), "{id} is in two camps");
        }
    }
    let firsts: Vec<&str> = camps.iter().map(|c| c[0]).collect();
    assert_sorted_unique(&firsts, "camps by first id");
    count(doc, "frustration");
    assert!(doc["exact"].is_boolean());
}

#[test]
fn camps_json_shape() {
    let two = json(&["camps", "--at", "2026-03-01", "--format", "json"]);
    assert_eq!(two["at"], "2026-03-01");
    assert_camps(&two, 2);
    let three = json(&[
        "camps",
        "--at",
        "2026-03-01",
        "--camps",
        "3",
        "--format",
        "json",
    ]);
    assert_camps(&three, 3);
    assert!(count(&three, "frustration") <= count(&two, "frustration"));
    // Exactly the actors with a signed pair: not the isolated NATO, UN, USA.
    let members: BTreeSet<&str> = array(&two, "camps").iter().flat_map(strings).collect();
    for isolated in ["NATO", "UN", "USA"] {
        assert!(!members.contains(isolated), "{isolated}");
    }
    assert!(members.contains("PAK") && members.contains("TAL"));
    let csv = ok(&["camps", "--at", "2026-03-01", "--format", "csv"]);
    assert!(csv.starts_with("camp,actors\n1,"));
}

#[test]
fn camps_count_is_checked() {
    for bad in ["1", "9", "x"] {
        let stderr = usage_error(&["camps", "--at", "2026", "--camps", bad]);
        assert!(stderr.contains("--camps"), "{stderr}");
    }
}

#[test]
fn camps_of_an_empty_snapshot_say_so() {
    // Long before the first tie: a sentence, not empty tables.
    assert_eq!(
        ok(&["camps", "--at", "1900"]),
        "1900: no actor has a signed pair, so there are no camps\n"
    );
}

#[test]
fn time_limits_are_checked_and_reach_timeline_and_report() {
    for args in [
        &["camps", "--at", "2026"][..],
        &["timeline", "--from", "2021", "--to", "2022", "--camps"][..],
        &["report", "--from", "2021", "--to", "2022"][..],
    ] {
        for bad in ["0", "-1", "nan", "inf", "86401", "x"] {
            let flag = format!("--time-limit={bad}");
            let mut with = args.to_vec();
            with.push(&flag);
            let stderr = usage_error(&with);
            assert!(stderr.contains("(0, 86400]"), "{with:?}: {stderr}");
        }
        // The help says what it accepts.
        let help = ok(&[args[0], "--help"]);
        let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(help.contains("at most 86400"), "{}", args[0]);
    }
    // A limit without camps to search for is a mistake.
    let stderr = usage_error(&[
        "timeline",
        "--from",
        "2021",
        "--to",
        "2022",
        "--time-limit",
        "1",
    ]);
    assert!(stderr.contains("--camps"), "{stderr}");
    // Given, the same camps as `camps` finds for each step.
    let tl = json(&[
        "timeline",
        "--from",
        "2024",
        "--to",
        "2025",
        "--camps",
        "--time-limit",
        "5",
        "--format",
        "json",
    ]);
    for (i, year) in ["2024", "2025"].iter().enumerate() {
        let one = json(&[
            "camps",
            "--at",
            year,
            "--time-limit",
            "5",
            "--format",
            "json",
        ]);
        let step = &tl["steps"][i];
        assert_eq!(step["frustration"], one["frustration"], "{year}");
        assert_eq!(step["lower_bound"], one["lower_bound"], "{year}");
        assert_eq!(step["exact"], one["exact"], "{year}");
    }
}

// ===========================================================================
// export

#[test]
fn export_to_stdout() {
    let gexf = ok(&["export", "--format", "gexf"]);
    assert!(
        gexf.starts_with("<?xml") && gexf.contains("<gexf ") && gexf.contains("mode=\"dynamic\"")
    );
    let graphml = ok(&["export", "--format", "graphml"]);
    assert!(graphml.starts_with("<?xml") && graphml.contains("<graphml "));
    assert!(graphml.trim_end().ends_with("</graphml>"));
    let jgf: Value = serde_json::from_str(&ok(&["export", "--format", "jgf"])).expect("JGF");
    assert!(jgf["graphs"].is_array(), "{jgf}");
    let node_link: Value =
        serde_json::from_str(&ok(&["export", "--format", "node-link"])).expect("node-link");
    assert_has_keys(&node_link, &["directed", "graph", "nodes"]);
    assert!(node_link.get("links").or(node_link.get("edges")).is_some());
    // A snapshot export is static.
    let at = ok(&["export", "--format", "gexf", "--at", "2026-03-01"]);
    assert!(at.contains("mode=\"static\"") && at.contains("2026-03-01"));
}

#[test]
fn export_to_a_file_matches_stdout() {
    let tmp = temp();
    for format in ["gexf", "graphml", "jgf", "node-link"] {
        for at in [None, Some("2026-03-01")] {
            let file = tmp.path().join(format!("graph.{format}"));
            let mut args = vec!["export", "--format", format];
            if let Some(at) = at {
                args.extend(["--at", at]);
            }
            let stdout = ok_bytes(&args);
            args.extend(["-o", path_str(&file)]);
            assert_eq!(ok_bytes(&args), b"", "{args:?}");
            assert_eq!(
                std::fs::read(&file).expect("the export"),
                stdout,
                "{args:?}"
            );
        }
    }
}

#[test]
fn export_gexf_edges_chooses_how_edges_are_typed() {
    let tmp = temp();
    let mixed = ok(&["export", "--format", "gexf"]);
    assert_eq!(
        ok(&["export", "--format", "gexf", "--edges", "mixed"]),
        mixed
    );
    assert!(mixed.contains(r#" type="directed""#));
    for (edges, default) in [("directed", "directed"), ("Undirected", "undirected")] {
        let args = ["export", "--format", "gexf", "--edges", edges];
        let text = ok(&args);
        assert!(
            text.contains(&format!(r#"defaultedgetype="{default}""#)),
            "{edges}"
        );
        assert!(!text.contains(r#" type="directed""#), "{edges}");
        let file = tmp.path().join(format!("{edges}.gexf"));
        assert_eq!(ok(&[&args[..], &["-o", path_str(&file)]].concat()), "");
        assert_eq!(std::fs::read_to_string(&file).expect("the export"), text);
    }
    assert_eq!(
        error(&["export", "--format", "graphml", "--edges", "directed"], 2),
        "error: --edges is only for --format gexf, not graphml \
         (the other exports always keep each tie's own direction)"
    );
    let stderr = usage_error(&["export", "--format", "gexf", "--edges", "sideways"]);
    assert!(stderr.contains("mixed, directed, undirected"), "{stderr}");
}

#[test]
fn export_gephi_csv_writes_two_files() {
    let tmp = temp();
    let edges = tmp.path().join("edges.csv");
    assert_eq!(
        ok(&["export", "--format", "gephi-csv", "-o", path_str(&edges)]),
        ""
    );
    assert_eq!(
        file_names(tmp.path()),
        ["edges.csv", "edges.nodes.csv"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    );
    let edges_text = std::fs::read_to_string(&edges).expect("edges");
    assert!(
        edges_text.starts_with("Source,Target,"),
        "{}",
        &edges_text[..40]
    );
    let nodes = std::fs::read_to_string(tmp.path().join("edges.nodes.csv")).expect("nodes");
    assert!(nodes.starts_with("Id,Label,"), "{}", &nodes[..40]);
    // Without -o there is nowhere to put the second file.
    let message = error(&["export", "--format", "gephi-csv"], 2);
    assert!(message.contains("-o"), "{message}");
}

#[test]
fn export_needs_an_export_format() {
    for format in ["table", "json", "csv", "dot", "svg", "png"] {
        let message = error(&["export", "--format", format], 2);
        assert!(message.contains("gexf"), "{message}");
    }
    error(&["export"], 2);
}

// ===========================================================================
// report (a smoke test: the command is new)

#[cfg(feature = "render")]
#[test]
fn report_html_and_markdown() {
    let tmp = temp();
    let html = tmp.path().join("report.html");
    let args = ["report", "--from", "2021", "--to", "2026"];
    assert_eq!(ok(&[&args[..], &["-o", path_str(&html)]].concat()), "");
    let page = std::fs::read(&html).expect("the report");
    assert!(page.starts_with(b"<!DOCTYPE html>"), "not an HTML page");
    assert_eq!(ok_bytes(&args), page, "-o and stdout differ");
    assert_eq!(ok_bytes(&args), page, "the report is not deterministic");
    let md = tmp.path().join("md").join("report.md");
    std::fs::create_dir_all(md.parent().expect("a parent")).expect("create md/");
    ok(&[&args[..], &["--format", "md", "-o", path_str(&md)]].concat());
    let names = file_names(md.parent().expect("a parent"));
    assert!(names.contains("report.md"), "{names:?}");
    assert!(names.iter().any(|n| n.ends_with(".svg")), "{names:?}");
    // Markdown needs -o for its SVGs; JSON is not a report format.
    error(&[&args[..], &["--format", "md"]].concat(), 2);
    error(&[&args[..], &["--format", "json"]].concat(), 2);
    error(
        &[
            "report",
            "--from",
            "2026",
            "--to",
            "2021",
            "-o",
            path_str(&html),
        ],
        2,
    );
}

// ===========================================================================
// validate and completions

#[test]
fn validate_the_embedded_dataset() {
    let text = ok(&["validate"]);
    assert!(text.starts_with("ok"), "{text}");
    assert_eq!(text, "ok: 20 actors, 58 ties, 5 sources, no problems\n");
    let doc = json(&["validate", "--format", "json"]);
    assert_keys(
        &doc,
        &[
            "valid", "actors", "ties", "sources", "clipped", "dropped", "problems", "warnings",
        ],
    );
    assert_eq!(doc["valid"], true);
    assert_eq!(
        (doc["clipped"].as_u64(), doc["dropped"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(
        (
            count(&doc, "actors"),
            count(&doc, "ties"),
            count(&doc, "sources")
        ),
        (20, 58, 5)
    );
    assert_eq!(array(&doc, "problems").len(), 0);
    assert_eq!(array(&doc, "warnings").len(), 0);
}

#[test]
fn validate_lists_every_problem_one_per_line() {
    let tmp = bad_dataset();
    let stderr = fails_in(Some(tmp.path()), &["validate", "--data", "bad"], 1);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 10, "{stderr}");
    assert_eq!(lines[9], "error: 9 problems found");
    for line in &lines[..9] {
        let (place, rest) = line.split_once(": column ").expect("FILE:LINE: column …");
        let (file, number) = place.rsplit_once(':').expect("FILE:LINE");
        assert!(file == "bad/actors.csv" || file == "bad/ties.csv", "{line}");
        number.parse::<u32>().expect("a line number");
        assert!(rest.contains(": "), "{line}");
    }
    insta::assert_snapshot!("validate_bad_dataset", stderr);
}

#[test]
fn other_commands_report_the_first_problem() {
    let tmp = bad_dataset();
    let message = error_in(
        Some(tmp.path()),
        &["snapshot", "--at", "2020", "--data", "bad"],
        1,
    );
    assert!(
        message.starts_with("error: bad/actors.csv:3: column kind: country is not a known kind"),
        "{message}"
    );
    assert!(message.contains("(and 8 more problems)"), "{message}");
    assert!(
        message.contains("tiegraph validate --data bad"),
        "{message}"
    );
}

#[test]
fn a_missing_dataset_folder_is_bad_data() {
    let tmp = temp();
    let missing = tmp.path().join("nowhere");
    let message = error(
        &["snapshot", "--at", "2026", "--data", path_str(&missing)],
        1,
    );
    assert_eq!(
        message,
        format!("error: no such folder: {}", path_str(&missing))
    );
    // One error, not one per file the folder should hold.
    let message = error(&["validate", "--data", path_str(&missing)], 1);
    assert_eq!(
        message,
        format!("error: no such folder: {}", path_str(&missing))
    );
    let message = error(&["ties", "--data", "nowhere.json"], 1);
    assert_eq!(message, "error: no such file: nowhere.json");
    let r = run_in(
        None,
        &["validate", "--data", path_str(&missing), "-f", "json"],
    );
    assert_eq!(r.code, 1);
    let doc: Value = serde_json::from_slice(&r.stdout).expect("a JSON report");
    assert_eq!(doc["valid"], false);
    assert_eq!(array(&doc, "problems")[0]["message"], "no such folder");
}

#[test]
fn a_broken_json_dataset_is_bad_data() {
    let tmp = temp();
    std::fs::write(
        tmp.path().join("broken.json"),
        "{\"actors\": [], \"ties\": [{\"id\": \"t1\"}]}",
    )
    .expect("write broken.json");
    let stderr = fails_in(Some(tmp.path()), &["validate", "--data", "broken.json"], 1);
    assert!(stderr.starts_with("broken.json:"), "{stderr}");
    let message = error_in(Some(tmp.path()), &["ties", "--data", "broken.json"], 1);
    assert!(message.starts_with("error: broken.json:"), "{message}");
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let text = ok(&["completions", shell]);
        assert!(text.contains("tiegraph"), "{shell}");
        for sub in ["snapshot", "timeline", "validate"] {
            assert!(text.contains(sub), "{shell} misses {sub}");
        }
    }
    let tmp = temp();
    let file = tmp.path().join("tiegraph.bash");
    assert_eq!(ok(&["completions", "bash", "-o", path_str(&file)]), "");
    assert_eq!(
        std::fs::read_to_string(&file).expect("the completions"),
        ok(&["completions", "bash"])
    );
    usage_error(&["completions", "tcsh"]);
    usage_error(&["completions"]);
}

// ===========================================================================
// Global options and user datasets

#[test]
fn global_options_before_or_after_the_subcommand() {
    let tmp = small_dataset();
    let dir = Some(tmp.path());
    let expected = ok_bytes_in(
        dir,
        &[
            "snapshot", "--at", "2022", "--data", "small", "--format", "json",
        ],
    );
    for args in [
        &[
            "--data", "small", "--format", "json", "snapshot", "--at", "2022",
        ][..],
        &[
            "--format", "json", "snapshot", "--data", "small", "--at", "2022",
        ],
        &["--data", "small", "snapshot", "--at", "2022", "-f", "json"],
        &["-f", "json", "--data=small", "snapshot", "--at=2022"],
    ] {
        assert_eq!(ok_bytes_in(dir, args), expected, "{args:?}");
    }
    let doc: Value = serde_json::from_slice(&expected).expect("JSON");
    assert_eq!(
        ids(array(&doc, "actors"), "id"),
        ["AAA", "BBB", "CCC", "DDD"]
    );
    // -o before the subcommand too.
    ok_in(
        tmp.path(),
        &[
            "-o", "out.json", "-f", "json", "--data", "small", "snapshot", "--at", "2022",
        ],
    );
    assert_eq!(
        std::fs::read(tmp.path().join("out.json")).expect("out.json"),
        expected
    );
}

#[test]
fn a_user_folder_dataset() {
    let tmp = small_dataset();
    let dir = tmp.path();
    assert_eq!(
        ok_in(dir, &["validate", "--data", "small"]),
        "ok: 4 actors, 6 ties, 1 source, no problems\n"
    );
    let doc = json_in(
        dir,
        &[
            "snapshot", "--at", "2022", "--data", "small", "--format", "json",
        ],
    );
    let actors = array(&doc, "actors");
    // Hostile names survive JSON exactly.
    assert_eq!(actors[0]["name"], "Alpha, the \"first\"");
    // CCC is renamed and becomes a state in 2022.
    assert_eq!(actors[2]["name"], "Gamma Two");
    assert_eq!(actors[2]["kind"], "state");
    let ties = array(&doc, "ties");
    ties.iter().for_each(assert_tie);
    assert_ties_sorted(ties);
    let t2 = ties.iter().find(|t| t["id"] == "t2").expect("t2");
    assert_eq!(t2["weight"], 0.5);
    assert_eq!(t2["extra"]["x_confidence"], "high");
    let history = json_in(
        dir,
        &[
            "history", "Al", "BBB", "--data", "small", "--format", "json",
        ],
    );
    let notes: Vec<&Value> = array(&history, "ties").iter().map(|t| &t["note"]).collect();
    assert_eq!(notes[0], "note, with \"quotes\"");
    // A multi-line name is kept in JSON and is one line in tables.
    assert_eq!(actors[3]["name"], "Delta\nline");
    let table = ok_in(dir, &["actors", "--data", "small"]);
    assert!(table.contains("\nDDD  Delta line "), "{table}");
    for args in [
        &["snapshot", "--at", "2022"][..],
        &["diff", "--from", "2020", "--to", "2022"],
        &["balance", "--at", "2022"],
        &["camps", "--at", "2022"],
        &["centrality", "--at", "2022"],
        &["timeline", "--from", "2019", "--to", "2023"],
        &["export", "--format", "graphml"],
    ] {
        ok_in(dir, &[args, &["--data", "small"]].concat());
    }
    let table = ok_in(dir, &["snapshot", "--at", "2022", "--data", "small"]);
    assert!(table.contains("Alpha, the \"first\""), "{table}");
}

#[test]
fn an_ambiguous_name_is_bad_usage() {
    let tmp = small_dataset();
    let message = error_in(
        Some(tmp.path()),
        &["history", "twin", "DDD", "--data", "small"],
        2,
    );
    assert!(
        message.contains("AAA") && message.contains("BBB"),
        "{message}"
    );
    assert!(message.contains("use an id"), "{message}");
}

#[test]
fn a_json_dataset_gives_the_same_outputs() {
    let tmp = temp();
    let file = tmp.path().join("afpak.json");
    std::fs::write(&file, tiegraph::default_dataset().to_json(true)).expect("write afpak.json");
    let data = path_str(&file);
    for args in [
        &["snapshot", "--at", "2026-03-01", "--format", "json"][..],
        &[
            "diff",
            "--from",
            "2021-01-01",
            "--to",
            "2026-03-01",
            "--format",
            "json",
        ],
        &["history", "PAK", "TAL", "--format", "json"],
        &["balance", "--at", "2026-03-01", "--format", "json"],
        &["camps", "--at", "2026-03-01", "--format", "json"],
        &["actors", "--format", "csv"],
        &["ties", "--format", "csv"],
        &["validate"],
    ] {
        let with_data = ok_bytes(&[args, &["--data", data]].concat());
        assert_eq!(with_data, ok_bytes(args), "{args:?}");
    }
}

#[test]
fn a_json_copy_of_a_user_folder_gives_the_same_outputs() {
    let tmp = small_dataset();
    let dataset = tiegraph::Dataset::load_dir(tmp.path().join("small")).expect("the small dataset");
    std::fs::write(tmp.path().join("small.json"), dataset.to_json(false))
        .expect("write small.json");
    for args in [
        &["snapshot", "--at", "2022", "--format", "json"][..],
        &["ties", "--format", "json"],
        &["actors", "--format", "json"],
        &[
            "diff", "--from", "2020", "--to", "2022", "--all", "--format", "json",
        ],
    ] {
        let folder = ok_in(tmp.path(), &[args, &["--data", "small"]].concat());
        let json = ok_in(tmp.path(), &[args, &["--data", "small.json"]].concat());
        assert_eq!(json, folder, "{args:?}");
    }
}

#[test]
fn a_copy_of_the_data_folder_gives_the_same_outputs() {
    let tmp = temp();
    for name in ["actors.csv", "ties.csv", "sources.csv"] {
        std::fs::copy(
            manifest_dir().join("data").join(name),
            tmp.path().join(name),
        )
        .expect("copy the data folder");
    }
    let data = path_str(tmp.path());
    for args in [
        &["snapshot", "--at", "2026-03-01"][..],
        &[
            "timeline", "--from", "2021", "--to", "2026", "--format", "json",
        ],
        &["centrality", "--at", "2026-03-01", "--format", "json"],
    ] {
        assert_eq!(
            ok_bytes(&[args, &["--data", data]].concat()),
            ok_bytes(args),
            "{args:?}"
        );
    }
}

#[test]
fn output_file_replaces_stdout() {
    let tmp = temp();
    let file = tmp.path().join("snapshot.json");
    std::fs::write(&file, "old").expect("write the old file");
    let args = ["snapshot", "--at", "2026-03-01", "--format", "json"];
    let stdout = ok_bytes(&args);
    assert_eq!(
        ok_bytes(&[&args[..], &["-o", path_str(&file)]].concat()),
        b""
    );
    assert_eq!(std::fs::read(&file).expect("the output"), stdout);
    // No temporary file is left beside it.
    assert_eq!(file_names(tmp.path()).len(), 1);
    if !cfg!(feature = "render") {
        return;
    }
    let png = tmp.path().join("d.png");
    ok(&[
        "diff",
        "--from",
        "2021",
        "--to",
        "2026",
        "--format",
        "png",
        "--output",
        path_str(&png),
    ]);
    assert!(std::fs::read(&png)
        .expect("the PNG")
        .starts_with(b"\x89PNG"));
}

#[test]
fn a_failed_command_leaves_the_output_file_alone() {
    let tmp = temp();
    let file = tmp.path().join("out.json");
    error(&["history", "Pakistn", "TAL", "-o", path_str(&file)], 2);
    assert!(!file.exists());
    std::fs::write(&file, "old").expect("write the old file");
    error(
        &["snapshot", "--at", "2025-13-01", "-o", path_str(&file)],
        2,
    );
    assert_eq!(std::fs::read_to_string(&file).expect("the old file"), "old");
}

#[test]
fn output_to_a_directory_or_a_missing_folder_is_an_error() {
    let tmp = temp();
    let message = error(&["snapshot", "--at", "2026", "-o", path_str(tmp.path())], 1);
    assert!(message.contains("directory"), "{message}");
    let nested = tmp.path().join("no").join("such").join("x.txt");
    error(&["snapshot", "--at", "2026", "-o", path_str(&nested)], 1);
    error(
        &["export", "--format", "gexf", "-o", path_str(tmp.path())],
        1,
    );
}

// ===========================================================================
// Usage errors and exit codes

#[test]
fn unknown_actor_says_did_you_mean() {
    let message = error(&["history", "Pakistn", "TAL"], 2);
    assert!(message.contains("Pakistn"), "{message}");
    assert!(message.contains("did you mean"), "{message}");
    assert!(message.contains("PAK"), "{message}");
    for args in [
        &["ties", "--actor", "Pakistn"][..],
        &[
            "snapshot", "--at", "2026", "--focus", "Pakistn", "--format", "dot",
        ],
        &[
            "diff", "--from", "2021", "--to", "2026", "--focus", "Pakistn", "--format", "dot",
        ],
        &["history", "PAK", "Talibn"],
    ] {
        let message = error(args, 2);
        assert!(message.contains("did you mean"), "{args:?}: {message}");
    }
}

#[test]
fn bad_dates_are_bad_usage() {
    for args in [
        &["snapshot", "--at", "2025-13-01"][..],
        &["snapshot", "--at", "2025-02-30"],
        &["snapshot", "--at", ""],
        &["snapshot", "--at", "0000"],
        &["snapshot", "--at", "yesterday"],
        &["diff", "--from", "2021", "--to", "2026-1"],
        &["timeline", "--from", "2021-00", "--to", "2026"],
        &["actors", "--at", "2021-1-1"],
        &["ties", "--at", "21"],
        &["balance", "--at", "2026-03-01T00:00"],
        &["centrality", "--at", "2026-3"],
        &["camps", "--at", "2026.."],
        &["export", "--format", "gexf", "--at", "x"],
    ] {
        error(args, 2);
    }
    let message = error(&["snapshot", "--at", "2025-13-01"], 2);
    assert!(message.contains("2025-13-01 is not a date"), "{message}");
}

#[test]
fn inverted_ranges_are_bad_usage() {
    let message = error(&["snapshot", "--at", "2026..2021"], 2);
    assert!(message.contains("ends before it starts"), "{message}");
    error(&["balance", "--at", "2026-03..2026-02"], 2);
    error(&["export", "--format", "gexf", "--at", "2026..2021"], 2);
    let message = error(&["timeline", "--from", "2026", "--to", "2021"], 2);
    assert!(message.contains("before"), "{message}");
}

/// At most `MAX_STEPS` (1 200) steps, checked before the dataset is
/// loaded (a folder that does not exist is not looked at).
#[test]
fn too_many_steps_are_bad_usage() {
    assert_eq!(tiegraph::MAX_STEPS, 1200);
    let json = json(&[
        "timeline", "--from", "1901-01", "--to", "2000", "--step", "1m", "-f", "json",
    ]);
    assert_eq!(json["steps"].as_array().map(Vec::len), Some(1200));
    for command in ["timeline", "report"] {
        let message = error(
            &[
                "--data",
                "/nonexistent/tiegraph",
                command,
                "--from",
                "1900-12",
                "--to",
                "2000",
                "--step",
                "1m",
            ],
            2,
        );
        assert_eq!(
            message,
            "error: too many steps: 1201 (the limit is 1200); use a longer --step or a shorter range"
        );
    }
    let message = error(
        &["report", "--from", "0001", "--to", "9999", "--step", "1m"],
        2,
    );
    assert!(message.contains("too many steps: 119988 "), "{message}");
}

#[test]
fn bad_steps_are_bad_usage() {
    // `1é` once panicked: the unit was split off at a byte, not a char.
    for step in [
        "2w", "0m", "0y", "m", "1", "1000y", "", "1 m", "1é", "é", "🙂",
    ] {
        let message = error(
            &["timeline", "--from", "2021", "--to", "2026", "--step", step],
            2,
        );
        assert!(message.contains("is not a step"), "{step:?}: {message}");
    }
}

#[test]
fn unsupported_formats_are_bad_usage() {
    let cases: &[(&[&str], &[&str])] = &[
        (&["history", "PAK", "TAL"], &["gexf", "html", "md"]),
        (&["actors"], &["dot", "svg", "png", "jgf"]),
        (&["ties"], &["dot", "svg", "png", "graphml"]),
        (
            &["snapshot", "--at", "2026"],
            &["gexf", "node-link", "gephi-csv"],
        ),
        (
            &["diff", "--from", "2021", "--to", "2026"],
            &["jgf", "graphml"],
        ),
        (
            &["timeline", "--from", "2021", "--to", "2022"],
            &["dot", "svg", "png", "gexf"],
        ),
        (&["balance", "--at", "2026"], &["dot", "svg", "png", "md"]),
        (&["centrality", "--at", "2026"], &["dot", "svg", "png"]),
        (&["camps", "--at", "2026"], &["dot", "svg", "png"]),
        (&["validate"], &["csv", "dot", "png"]),
    ];
    for (args, formats) in cases {
        for format in *formats {
            let message = error(&[args, &["--format", format][..]].concat(), 2);
            assert!(
                message.contains(&format!("does not write --format {format}")),
                "{args:?} {format}: {message}"
            );
        }
    }
    let message = error(&["history", "PAK", "TAL", "--format", "html"], 2);
    assert_eq!(
        message,
        "error: this command does not write --format html (it writes table, json, csv, dot, svg, png)"
    );
}

#[test]
fn clap_usage_errors_exit_2() {
    for args in [
        &["frobnicate"][..],
        &["snapshot", "--at", "2026", "--frob"],
        &["--frob", "validate"],
        &["snapshot"],
        &["diff", "--from", "2021"],
        &["history", "PAK"],
        &["history", "PAK", "TAL", "TTP"],
        &["--format", "xml", "validate"],
        &["ties", "--kind", "rivalry"],
        &["actors", "--kind", "country"],
        &["snapshot", "--at", "2026", "--depth", "2"],
        &[
            "timeline", "--from", "2021", "--to", "2022", "--images", "gif",
        ],
        &["validate", "--data"],
    ] {
        let stderr = usage_error(args);
        assert!(
            stderr.contains("Usage:") || stderr.contains("--help"),
            "{args:?}: {stderr}"
        );
    }
    // No subcommand at all: help on stderr, exit 2.
    let stderr = fails(&[], 2);
    assert!(stderr.contains("Usage: tiegraph"), "{stderr}");
}

#[test]
fn system_dot_when_graphviz_is_missing() {
    if std::process::Command::new("dot").arg("-V").output().is_ok() {
        eprintln!("skipped: Graphviz `dot` is installed");
        return;
    }
    for args in [
        &[
            "snapshot",
            "--at",
            "2026",
            "--format",
            "svg",
            "--system-dot",
        ][..],
        &[
            "diff",
            "--from",
            "2021",
            "--to",
            "2026",
            "--format",
            "png",
            "--system-dot",
        ],
    ] {
        let message = error(args, 1);
        assert_eq!(
            message,
            "error: the system renderer `dot` is not installed; use the built-in renderer or install Graphviz"
        );
    }
    let tmp = temp();
    let out = tmp.path().join("d");
    let args = [
        "timeline",
        "--from",
        "2021",
        "--to",
        "2022",
        "--out",
        path_str(&out),
        "--system-dot",
    ];
    error(&args, 1);
    // DOT needs no renderer.
    ok(&[
        "snapshot",
        "--at",
        "2026",
        "--format",
        "dot",
        "--system-dot",
    ]);
}

// ===========================================================================
// Help and version

/// The subcommands `tiegraph --help` lists (except `help`).
fn subcommands() -> Vec<String> {
    let help = ok(&["--help"]);
    let list = help
        .split("\nCommands:\n")
        .nth(1)
        .expect("a Commands: section");
    let subs: Vec<String> = list
        .lines()
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|s| *s != "help")
        .map(str::to_owned)
        .collect();
    assert!(subs.len() >= 12, "{subs:?}");
    subs
}

/// The example command lines under a help text's `Examples:` heading.
fn examples(help: &str, heading: &str) -> Vec<String> {
    let Some(section) = help.split(&format!("\n{heading}\n")).nth(1) else {
        return Vec::new();
    };
    section
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .filter(|l| l.trim_start().starts_with("tiegraph "))
        .map(|l| l.trim().to_owned())
        .collect()
}

/// Help texts whose heading is `Example:` (singular); see the ignored
/// `completions_help_says_examples`.
const SINGULAR_EXAMPLE: &[&str] = &[];

#[test]
fn every_subcommand_help_has_examples() {
    let top = ok(&["--help"]);
    assert!(!examples(&top, "Examples:").is_empty(), "tiegraph --help");
    for sub in subcommands() {
        let heading = if SINGULAR_EXAMPLE.contains(&sub.as_str()) {
            "Example:"
        } else {
            "Examples:"
        };
        for flag in ["--help", "-h"] {
            let help = ok(&[sub.as_str(), flag]);
            let found = examples(&help, heading);
            assert!(
                !found.is_empty(),
                "tiegraph {sub} {flag} has no {heading} section:\n{help}"
            );
            for example in &found {
                assert!(
                    example.split_whitespace().nth(1) == Some(sub.as_str()),
                    "{sub}: {example}"
                );
            }
        }
        // `tiegraph help SUB` says the same.
        assert_eq!(ok(&["help", sub.as_str()]), ok(&[sub.as_str(), "--help"]));
    }
}

#[test]
fn completions_help_says_examples() {
    let help = ok(&["completions", "--help"]);
    assert!(!examples(&help, "Examples:").is_empty(), "{help}");
}

/// Splits an example line like a shell: words, double quotes.
#[cfg(feature = "render")]
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let (mut quoted, mut started) = (false, false);
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                started = true;
            }
            c if c.is_whitespace() && !quoted => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            c => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    words
}

#[cfg(feature = "render")]
#[test]
fn every_help_example_runs() {
    let tmp = temp();
    write_dataset(
        &tmp.path().join("my-dataset"),
        SMALL_ACTORS,
        SMALL_TIES,
        Some(SMALL_SOURCES),
    );
    // The event files `ingest`'s examples read.
    let events = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/events");
    std::fs::create_dir_all(tmp.path().join("events")).expect("a folder");
    for (from, to) in [
        ("gdelt2/a.export.CSV", "events/a.export.CSV"),
        ("ucdp/a.csv", "ged.csv"),
        ("acled/xland.csv", "acled.csv"),
    ] {
        std::fs::copy(events.join(from), tmp.path().join(to)).expect("copy a sample");
    }
    let mut lines = examples(&ok(&["--help"]), "Examples:");
    for sub in subcommands() {
        let help = ok(&[sub.as_str(), "--help"]);
        lines.extend(examples(&help, "Examples:"));
        lines.extend(examples(&help, "Example:"));
    }
    assert!(lines.len() > 20, "{lines:?}");
    for line in &lines {
        // Drop a trailing `(comment)` and a shell redirection.
        let command = line.split("   (").next().unwrap_or(line);
        let command = command.split(" > ").next().unwrap_or(command);
        let words = shell_words(command);
        let args: Vec<&str> = words.iter().skip(1).map(String::as_str).collect();
        ok_bytes_in(Some(tmp.path()), &args);
    }
}

#[test]
fn version() {
    let expected = format!("tiegraph {}\n", env!("CARGO_PKG_VERSION"));
    assert_eq!(ok(&["--version"]), expected);
    assert_eq!(ok(&["-V"]), expected);
    // clap names a subcommand's version after it: `tiegraph-snapshot 0.1.0`.
    let sub = ok(&["snapshot", "--version"]);
    assert!(
        sub.ends_with(&format!(" {}\n", env!("CARGO_PKG_VERSION"))),
        "{sub}"
    );
}

// ===========================================================================
// Tables: 80 columns, no colour when piped

#[test]
fn tables_fit_80_columns() {
    for args in TABLE_RUNS {
        assert_fits_80(args, &ok(args));
    }
}

#[test]
fn actors_table_fits_80_columns() {
    for args in WIDE_TABLE_RUNS.iter().filter(|a| a[0] == "actors") {
        assert_fits_80(args, &ok(args));
    }
}

#[test]
fn diff_table_fits_80_columns() {
    for args in WIDE_TABLE_RUNS.iter().filter(|a| a[0] == "diff") {
        assert_fits_80(args, &ok(args));
    }
}

const WIDE_ACTORS: &str = "\
id,name,kind,from,until,aliases,note
AAA,中华人民共和国国务院台湾事务办公室与外交部联合工作组特别代表处,state,,,,
BBB,Beta,group,,,,
";

const WIDE_TIES: &str = "\
id,source,target,kind,start,end,with,weight,sources,note
t1,AAA,BBB,support,2020,,,,,北京与伊斯兰堡之间的长期合作关系在经济走廊框架下不断加深并扩展到安全领域
";

#[test]
fn tables_measure_display_width() {
    let tmp = temp();
    write_dataset(&tmp.path().join("wide"), WIDE_ACTORS, WIDE_TIES, None);
    for args in [
        &["snapshot", "--at", "2022", "--data", "wide"][..],
        &["ties", "--data", "wide"],
        &["actors", "--at", "2022", "--data", "wide"],
    ] {
        assert_fits_80(args, &ok_in(tmp.path(), args));
    }
}

#[test]
fn piped_output_has_no_colour() {
    for args in TABLE_RUNS.iter().chain(WIDE_TABLE_RUNS) {
        let text = ok(args);
        assert!(
            !text.contains('\x1b'),
            "tiegraph {args:?}: ANSI escapes when piped"
        );
        let r = tiegraph()
            .env("NO_COLOR", "1")
            .args(*args)
            .output()
            .expect("tiegraph starts");
        assert_eq!(
            String::from_utf8_lossy(&r.stdout),
            text,
            "{args:?} with NO_COLOR"
        );
    }
    let stderr = fails(&["history", "Pakistn", "TAL"], 2);
    assert!(!stderr.contains('\x1b'));
    let stderr = fails(&["snapshot", "--frob"], 2);
    assert!(!stderr.contains('\x1b'), "{stderr:?}");
}

/// Runs tiegraph with its stdout on a pseudo-terminal (util-linux `script`);
/// `None` when `script` is not available.
fn on_a_terminal(args: &[&str], no_color: bool) -> Option<(i32, String)> {
    let probe = std::process::Command::new("script")
        .arg("--version")
        .output()
        .ok()?;
    if !String::from_utf8_lossy(&probe.stdout).contains("util-linux") {
        return None;
    }
    // A container may have `script` but no pseudo-terminals.
    let works = std::process::Command::new("script")
        .args(["-q", "-e", "-c", "exit 0", "/dev/null"])
        .stdin(std::process::Stdio::null())
        .output()
        .ok()?;
    if !works.status.success() {
        return None;
    }
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let line: Vec<String> = std::iter::once(BIN)
        .chain(args.iter().copied())
        .map(quote)
        .collect();
    let mut cmd = std::process::Command::new("script");
    cmd.args(["-q", "-e", "-c", &line.join(" "), "/dev/null"])
        .stdin(std::process::Stdio::null())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        // The pseudo-terminal's size is whatever `script` inherits: pin it.
        .env("COLUMNS", "80");
    if no_color {
        cmd.env("NO_COLOR", "1");
    }
    let out = cmd.output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n");
    assert!(!text.contains("panicked"), "{args:?}: {text}");
    Some((out.status.code()?, text))
}

#[cfg(feature = "render")]
#[test]
fn a_png_is_not_written_to_a_terminal() {
    let Some((code, text)) = on_a_terminal(&["snapshot", "--at", "2026", "--format", "png"], false)
    else {
        eprintln!("skipped: no util-linux `script` for a pseudo-terminal");
        return;
    };
    assert_eq!(code, 2, "{text}");
    assert!(
        text.contains("refusing to write a binary image to a terminal"),
        "{text}"
    );
    assert!(!text.contains("PNG"), "{text}");
}

#[test]
fn colour_on_a_terminal_unless_no_color() {
    let args = ["diff", "--from", "2021-01-01", "--to", "2026-03-01"];
    let Some((code, coloured)) = on_a_terminal(&args, false) else {
        eprintln!("skipped: no util-linux `script` for a pseudo-terminal");
        return;
    };
    assert_eq!(code, 0);
    assert!(coloured.contains("\x1b["), "no colour on a terminal");
    let (code, plain) = on_a_terminal(&args, true).expect("script ran before");
    assert_eq!(code, 0);
    assert!(!plain.contains('\x1b'), "colour despite NO_COLOR");
    assert_eq!(plain, ok(&args));
}

// ===========================================================================
// Determinism and pipes

#[test]
fn the_same_command_gives_the_same_bytes() {
    for args in [
        &["snapshot", "--at", "2026-03-01", "--format", "json"][..],
        &["snapshot", "--at", "2026-03-01", "--format", "dot"],
        &["snapshot", "--at", "2026-03-01", "--format", "svg"],
        &["snapshot", "--at", "2021", "--format", "png"],
        &["diff", "--from", "2021", "--to", "2026", "--format", "svg"],
        &[
            "diff", "--from", "2021", "--to", "2026", "--all", "--format", "json",
        ],
        &[
            "timeline", "--from", "2021-01", "--to", "2022-12", "--step", "1m", "--format", "json",
        ],
        &[
            "balance",
            "--at",
            "2026-03-01",
            "--predict",
            "--format",
            "json",
        ],
        &["centrality", "--at", "2026-03-01", "--format", "json"],
        &[
            "camps",
            "--at",
            "2026-03-01",
            "--camps",
            "3",
            "--format",
            "json",
        ],
        &["export", "--format", "gexf"],
        &["export", "--format", "jgf"],
        &["export", "--format", "node-link"],
        &["export", "--format", "graphml", "--at", "2026"],
        &["history", "pakistan", "afghan taliban"],
    ] {
        let image = args.contains(&"svg") || args.contains(&"png");
        if image && !cfg!(feature = "render") {
            continue;
        }
        assert_eq!(ok_bytes(args), ok_bytes(args), "tiegraph {args:?}");
    }
    assert_eq!(
        fails(&["history", "Pakistn", "TAL"], 2),
        fails(&["history", "Pakistn", "TAL"], 2)
    );
}

#[cfg(feature = "render")]
#[test]
fn timeline_diagrams_are_deterministic() {
    let tmp = temp();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for dir in [&a, &b] {
        ok(&[
            "timeline",
            "--from",
            "2023",
            "--to",
            "2025",
            "--out",
            path_str(dir),
            "--format",
            "json",
        ]);
    }
    let names = file_names(&a);
    assert_eq!(names, file_names(&b));
    for name in &names {
        assert_eq!(
            std::fs::read(a.join(name)).expect("a diagram"),
            std::fs::read(b.join(name)).expect("a diagram"),
            "{name}"
        );
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    let mut child = std::process::Command::new(BIN)
        // 1 200 steps (the most) as JSON: far more than a pipe holds.
        .args([
            "timeline", "--from", "1901-01", "--to", "2000", "--step", "1m", "--format", "json",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("tiegraph starts");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let out = child.wait_with_output().expect("tiegraph ends");
    assert_eq!(&first[..1], b"{");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

// ===========================================================================
// Error messages are part of the contract

#[test]
fn error_messages() {
    let cases: &[&[&str]] = &[
        &["history", "Pakistn", "TAL"],
        &["history", "PAK", "PAK"],
        &["snapshot", "--at", "2025-13-01"],
        &["snapshot", "--at", "2026..2021"],
        &["timeline", "--from", "2026", "--to", "2021"],
        &["timeline", "--from", "2021", "--to", "2026", "--step", "2w"],
        &["history", "PAK", "TAL", "--format", "html"],
        &["export", "--format", "json"],
        &["export", "--format", "gephi-csv"],
    ];
    let mut transcript = String::new();
    for args in cases {
        let message = error(args, 2);
        transcript.push_str(&format!("$ tiegraph {}\n{message}\n", args.join(" ")));
    }
    insta::assert_snapshot!("usage_error_messages", transcript);
}

#[test]
fn validate_json_lists_the_problems() {
    let tmp = bad_dataset();
    let r = run_in(
        Some(tmp.path()),
        &["validate", "--data", "bad", "--format", "json"],
    );
    assert_eq!(r.code, 1);
    let doc: Value = serde_json::from_slice(&r.stdout).expect("a JSON report on stdout");
    assert_eq!(doc["valid"], false);
    let problems = array(&doc, "problems");
    assert_eq!(problems.len(), 9);
    for p in problems {
        assert_keys(p, &["file", "line", "column", "message"]);
    }
    assert_eq!(problems[0]["file"], "bad/actors.csv");
    assert_eq!(problems[0]["line"], 3);
    assert_eq!(problems[0]["column"], "kind");
    let message = string(&problems[0], "message");
    assert!(
        message.starts_with("country is not a known kind"),
        "{message}"
    );
    // The objects say what the stderr lines say.
    let lines: Vec<String> = problems
        .iter()
        .map(|p| {
            format!(
                "{}:{}: column {}: {}",
                string(p, "file"),
                p["line"],
                string(p, "column"),
                string(p, "message")
            )
        })
        .collect();
    let stderr: Vec<&str> = r.stderr.lines().take(9).collect();
    assert_eq!(lines, stderr);
    assert_eq!(array(&doc, "warnings").len(), 0);
}

#[test]
fn validate_json_problems_of_a_json_dataset_name_the_field() {
    let tmp = temp();
    let doc = serde_json::json!({
        "actors": [{"id": "AAA", "name": "A", "kind": "state"},
                   {"id": "BBB", "name": "B", "kind": "state"}],
        "ties": [{"id": "t1", "source": "AAA", "target": "BBB", "kind": "support",
                  "start": "2020", "end": "2020-13"}],
    });
    std::fs::write(tmp.path().join("d.json"), doc.to_string()).expect("write d.json");
    let r = run_in(
        Some(tmp.path()),
        &["validate", "--data", "d.json", "--format", "json"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let doc: Value = serde_json::from_slice(&r.stdout).expect("a JSON report on stdout");
    let problems = array(&doc, "problems");
    assert_eq!(problems.len(), 1, "{doc}");
    assert_eq!(problems[0]["file"], "d.json");
    assert_eq!(problems[0]["column"], "ties[0].end");
    assert!(
        string(&problems[0], "message").contains("is not a date"),
        "{doc}"
    );
}

// ===========================================================================
// Round 2, R4: tables and their JSON twins, plurals, widths, kinds, help

/// Table output with `COLUMNS` set.
fn ok_columns(columns: &str, args: &[&str]) -> String {
    let out = tiegraph()
        .env("COLUMNS", columns)
        .args(args)
        .output()
        .expect("tiegraph starts");
    assert!(out.status.success(), "{args:?}: {:?}", out.status);
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn widest(text: &str) -> usize {
    text.lines().map(display_width).max().unwrap_or(0)
}

#[test]
fn tables_fit_columns_and_wide_never_cuts() {
    let args = ["ties", "--actor", "TTP"];
    let narrow = ok_columns("40", &args);
    insta::assert_snapshot!("ties_table_columns_40", narrow);
    let default = ok(&args);
    assert!(widest(&default) <= 80, "{default}");
    let wider = ok_columns("200", &args);
    assert!(widest(&wider) > 80 && widest(&wider) <= 200, "{wider}");
    // --wide, before or after the subcommand: every note in full, no "…".
    for wide in [
        &["ties", "--actor", "TTP", "--wide"][..],
        &["--wide", "ties", "--actor", "TTP"],
    ] {
        let text = ok_columns("40", wide);
        assert!(!text.contains('…'), "{text}");
        let doc = json(&["ties", "--actor", "TTP", "--format", "json"]);
        for t in array(&doc, "ties") {
            if let Some(note) = t["note"].as_str() {
                assert!(text.contains(note.lines().next().unwrap_or(note)), "{note}");
            }
        }
    }
    // Junk in COLUMNS is ignored.
    assert_eq!(ok_columns("wide", &args), default);
}

#[test]
fn open_ends_read_ongoing_and_ties_show_id_and_weight() {
    let text = ok(&["ties", "--actor", "TTP", "--kind", "support", "--wide"]);
    let mut lines = text.lines();
    assert_eq!(
        lines
            .next()
            .map(|l| l.split_whitespace().collect::<Vec<_>>()),
        Some(vec![
            "id",
            "start",
            "end",
            "kind",
            "source",
            "target",
            "weight",
            "confidence",
            "note"
        ])
    );
    let row = lines.next().expect("a row");
    assert!(row.starts_with("t029  2021-08  ongoing  support"), "{row}");
    assert!(row.contains(" 1 "), "{row}");
    // An ellipsis only ever marks cut text: a full cell never has one.
    for args in TABLE_RUNS {
        let text = ok(&[&args[..], &["--wide"]].concat());
        assert!(!text.contains('…'), "{args:?}:\n{text}");
    }
}

#[test]
fn counts_are_in_the_singular_for_one() {
    let tmp = small_dataset();
    let dir = tmp.path();
    assert_eq!(
        ok_in(dir, &["validate", "--data", "small"]),
        "ok: 4 actors, 6 ties, 1 source, no problems\n"
    );
    let history = ok_in(dir, &["history", "AAA", "DDD", "--data", "small"]);
    assert!(history.contains("): 1 tie\n"), "{history}");
    let timeline = ok_in(
        dir,
        &[
            "timeline", "--from", "2020", "--to", "2022", "--data", "small",
        ],
    );
    let timeline = timeline.replace('\n', " ");
    assert!(timeline.contains("CCC (2 pairs, 2 changes)"), "{timeline}");
    let balance = ok_in(dir, &["balance", "--at", "2022", "--data", "small"]);
    assert!(
        balance.starts_with("2022: 0 balanced, 1 unbalanced triangle, ratio 0"),
        "{balance}"
    );
    for text in [history, timeline, balance] {
        for wrong in [
            " 1 ties",
            " 1 pairs",
            " 1 changes",
            " 1 sources",
            " 1 actors",
        ] {
            assert!(!text.contains(wrong), "{wrong}: {text}");
        }
    }
}

#[test]
fn moved_most_shows_what_it_ranks_by() {
    let doc = json(&[
        "timeline", "--from", "2021", "--to", "2026", "--format", "json",
    ]);
    let top = &array(&doc, "movers")[0];
    let text = ok(&["timeline", "--from", "2021", "--to", "2026"]);
    let expected = format!(
        "moved most: {} ({} pairs, {} changes)",
        string(top, "id"),
        top["pairs"],
        top["changes"]
    );
    assert!(text.contains(&expected), "{expected}\n{text}");
}

#[test]
fn centrality_json_has_the_brokers_and_mediations_of_the_table() {
    let doc = json(&["centrality", "--at", "2026-03-01", "--format", "json"]);
    assert_keys(&doc, &["at", "actors", "brokers", "mediations"]);
    let brokers = array(&doc, "brokers");
    assert!(!brokers.is_empty());
    for b in brokers {
        assert_keys(b, &["id", "betweenness", "degree", "mediations", "open"]);
    }
    let mediations = array(&doc, "mediations");
    assert!(!mediations.is_empty());
    let text = ok(&["centrality", "--at", "2026-03-01"]);
    for m in mediations {
        assert_keys(
            m,
            &["mediator", "between", "tie", "start", "end", "confidence"],
        );
        let between = strings(&m["between"]);
        let line = format!(
            "mediation: {} between {} and {}",
            string(m, "mediator"),
            between[0],
            between[1]
        );
        assert!(text.contains(&line), "{line}\n{text}");
    }
    let first = format!(
        "brokers by betweenness: {} ({:.3})",
        string(&brokers[0], "id"),
        brokers[0]["betweenness"].as_f64().expect("a number")
    );
    assert!(text.contains(&first), "{first}\n{text}");
}

/// The formats a subcommand's `-h` offers for `--format`.
fn help_formats(sub: &str) -> Vec<String> {
    let help = ok(&[sub, "-h"]);
    let format = help.find("--format <FORMAT>").expect("a --format option");
    let start = help[format..]
        .find("[possible values: ")
        .unwrap_or_else(|| panic!("{sub} -h lists no formats:\n{help}"));
    let rest = &help[format + start + "[possible values: ".len()..];
    let list = &rest[..rest.find(']').expect("a closing bracket")];
    list.split(',')
        .map(|f| f.split_whitespace().collect::<String>())
        .collect()
}

#[test]
fn each_help_lists_only_the_formats_of_its_command() {
    const ALL: &[&str] = &[
        "table",
        "json",
        "csv",
        "dot",
        "svg",
        "png",
        "gexf",
        "graphml",
        "jgf",
        "node-link",
        "gephi-csv",
        "html",
        "md",
    ];
    let mut listed = BTreeMap::new();
    for sub in subcommands() {
        if sub == "completions" {
            continue;
        }
        listed.insert(sub.clone(), help_formats(&sub).join(" "));
    }
    insta::assert_debug_snapshot!("help_formats", listed);
    // Every format left out is refused by the command.
    let runs: &[(&str, &[&str])] = &[
        ("history", &["history", "PAK", "TAL"]),
        ("validate", &["validate"]),
        ("timeline", &["timeline", "--from", "2021", "--to", "2022"]),
        ("export", &["export"]),
        ("report", &["report", "--from", "2021", "--to", "2022"]),
    ];
    for (sub, args) in runs {
        let offered = help_formats(sub);
        for format in ALL.iter().filter(|f| !offered.iter().any(|o| o == *f)) {
            error(&[args, &["--format", format][..]].concat(), 2);
        }
    }
}

#[test]
fn export_without_a_format_says_it_is_required() {
    let message = error(&["export"], 2);
    assert_eq!(
        message,
        "error: export needs --format: gexf, graphml, jgf, node-link, gephi-csv or parquet"
    );
    // Given before the subcommand, it counts.
    let before = ok(&["--format", "jgf", "export"]);
    assert_eq!(before, ok(&["export", "--format", "jgf"]));
}

#[test]
fn kinds_ignore_case_and_organisation_is_organization() {
    let expected = ok(&["ties", "--kind", "hostility,support", "--format", "json"]);
    assert_eq!(
        ok(&["ties", "--kind", "Hostility,SUPPORT", "--format", "json"]),
        expected
    );
    let orgs = ok(&["actors", "--kind", "organization", "--format", "json"]);
    for spelling in ["organisation", "Organisation", "ORGANIZATION"] {
        assert_eq!(
            ok(&["actors", "--kind", spelling, "--format", "json"]),
            orgs,
            "{spelling}"
        );
    }
    // Dataset files too: any case, either spelling; written one way.
    let tmp = temp();
    write_dataset(
        &tmp.path().join("mixed"),
        "id,name,kind,from,until,aliases,note\n\
         AAA,A,State,,,,\n\
         BBB,B,organisation,,,,\n\
         CCC,C,ORGANIZATION,,,,\n",
        "id,source,target,kind,start,end,with,weight,sources,note\n\
         t1,AAA,BBB,Hostility,2020,,,,,\n\
         t2,CCC,AAA,Mediation,2020,,BBB,,,\n",
        None,
    );
    let actors = ok_in(
        tmp.path(),
        &["actors", "--data", "mixed", "--format", "csv"],
    );
    assert_eq!(
        actors,
        "id,name,kind,from,until,aliases,note\n\
         AAA,A,state,,,,\n\
         BBB,B,organization,,,,\n\
         CCC,C,organization,,,,\n"
    );
    let ties = json_in(tmp.path(), &["ties", "--data", "mixed", "--format", "json"]);
    let kinds: Vec<&str> = array(&ties, "ties")
        .iter()
        .map(|t| string(t, "kind"))
        .collect();
    assert_eq!(kinds, ["hostility", "mediation"]);
    let dataset = serde_json::json!({
        "actors": [{"id": "AAA", "name": "A", "kind": "STATE"},
                   {"id": "BBB", "name": "B", "kind": "Organisation"}],
        "ties": [{"id": "t1", "source": "AAA", "target": "BBB", "kind": "Hostility",
                  "start": "2020"}],
    });
    std::fs::write(tmp.path().join("mixed.json"), dataset.to_string()).expect("write");
    let doc = json_in(
        tmp.path(),
        &[
            "snapshot",
            "--at",
            "2021",
            "--data",
            "mixed.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(string(&array(&doc, "ties")[0], "kind"), "hostility");
    assert_eq!(string(&array(&doc, "actors")[1], "kind"), "organization");
    // The legend of a diagram spells the kind one way.
    let dot = ok(&["snapshot", "--at", "2021", "--format", "dot"]);
    assert!(
        dot.contains(">organization<"),
        "no organization in the legend"
    );
    assert!(!dot.contains(">organisation<") && !dot.contains(": organisation\\n"));
}

#[test]
fn the_last_step_contains_the_last_day_of_to() {
    let steps = |args: &[&str]| -> Vec<String> {
        let doc = json(&[&["timeline"][..], args, &["--format", "json"]].concat());
        array(&doc, "steps")
            .iter()
            .map(|s| string(s, "at").to_owned())
            .collect()
    };
    let months = steps(&["--from", "2001", "--to", "2001", "--step", "1m"]);
    assert_eq!(months.len(), 12, "{months:?}");
    assert_eq!(months[11], "2001-12");
    assert_eq!(
        steps(&["--from", "2024", "--to", "2026-03", "--step", "1y"]),
        ["2024", "2025", "2026"]
    );
}

#[test]
fn a_cited_source_without_sources_csv_says_the_file_is_missing() {
    let tmp = temp();
    write_dataset(
        &tmp.path().join("nosources"),
        "id,name,kind,from,until,aliases,note\nAAA,A,state,,,,\nBBB,B,state,,,,\n",
        "id,source,target,kind,start,end,with,weight,sources,note\n\
         t1,AAA,BBB,support,2020,,,,,\n\
         t2,AAA,BBB,tension,2021,,,,s1,\n",
        None,
    );
    let stderr = fails_in(Some(tmp.path()), &["validate", "--data", "nosources"], 1);
    assert_eq!(
        stderr,
        "nosources/ties.csv:3: column sources: s1 is cited but the dataset has no sources.csv\n\
         error: 1 problem found\n"
    );
}

#[test]
fn data_reads_the_graphml_and_jgf_exports() {
    let tmp = temp();
    let args: &[&[&str]] = &[
        &["snapshot", "--at", "2026-03-01", "--format", "json"],
        &["ties", "--format", "csv"],
        &["actors", "--format", "csv"],
        &[
            "timeline", "--from", "2021", "--to", "2026", "--format", "json",
        ],
    ];
    for file in ["all.graphml", "all.jgf", "all.jgf.json"] {
        let format = if file.ends_with(".graphml") {
            "graphml"
        } else {
            "jgf"
        };
        ok_in(tmp.path(), &["export", "--format", format, "-o", file]);
        for a in args {
            assert_eq!(
                ok_in(tmp.path(), &[&a[..], &["--data", file]].concat()),
                ok(a),
                "{file} {a:?}"
            );
        }
    }
    // The user's own dataset survives the trip too.
    let small = small_dataset();
    let dir = small.path();
    ok_in(
        dir,
        &[
            "export",
            "--format",
            "graphml",
            "--data",
            "small",
            "-o",
            "s.graphml",
        ],
    );
    assert_eq!(
        ok_in(dir, &["ties", "--format", "json", "--data", "s.graphml"]),
        ok_in(dir, &["ties", "--format", "json", "--data", "small"])
    );
}

// ------------------------------------------------------ Round 2: R1–R3

/// The headline story at the granularity analysts use: over whole years,
/// Pakistan and the Taliban went from patron and client to enemies, and
/// that is the first flip of the ranked diff.
#[test]
fn year_diff_flips_pakistan_and_the_taliban_and_ranks_them_first() {
    let doc = json(&["diff", "--from", "2021", "--to", "2026", "--format", "json"]);
    let dyads = array(&doc, "dyads");
    let pak_tal = dyads
        .iter()
        .find(|d| string(d, "a") == "PAK" && string(d, "b") == "TAL")
        .expect("PAK–TAL in the diff");
    assert_eq!(string(pak_tal, "change"), "flipped");
    assert_eq!(string(pak_tal, "before_sign"), "+");
    assert_eq!(string(pak_tal, "after_sign"), "-");
    assert!(pak_tal["before_net"].as_f64().unwrap() > 0.0);
    assert!(pak_tal["after_net"].as_f64().unwrap() < 0.0);
    assert_eq!(pak_tal["rank"], 1);
    // Every rank from 1 to n once; the JSON stays in (a, b) order.
    let mut ranks: Vec<u64> = dyads.iter().map(|d| d["rank"].as_u64().unwrap()).collect();
    let pairs: Vec<(&str, &str)> = dyads
        .iter()
        .map(|d| (string(d, "a"), string(d, "b")))
        .collect();
    assert!(pairs.windows(2).all(|w| w[0] < w[1]));
    ranks.sort_unstable();
    assert_eq!(ranks, (1..=dyads.len() as u64).collect::<Vec<_>>());
    // The table leads with it; --sort pair gives the JSON's order.
    let table = ok(&["diff", "--from", "2021", "--to", "2026"]);
    let first_row = table.lines().nth(3).unwrap_or("");
    assert!(
        first_row.starts_with("1 ") && first_row.contains("PAK") && first_row.contains("TAL"),
        "{table}"
    );
    assert!(
        first_row.contains("flipped") && first_row.contains("+0.50 → -5.76"),
        "{first_row}"
    );
    let by_pair = ok(&["diff", "--from", "2021", "--to", "2026", "--sort", "pair"]);
    let firsts: Vec<&str> = by_pair
        .lines()
        .skip(3)
        .filter_map(|l| l.split_whitespace().nth(1))
        .collect();
    let mut sorted = firsts.clone();
    sorted.sort_unstable();
    assert_eq!(firsts, sorted);
}

/// R3 in the timeline JSON and table: `turned` per step and a `turns` list.
#[test]
fn timeline_reports_turns() {
    let doc = json(&[
        "timeline", "--from", "2021-01", "--to", "2026-12", "--step", "1m", "--format", "json",
    ]);
    let turns = array(&doc, "turns");
    let pak_tal: Vec<&Value> = turns
        .iter()
        .filter(|t| string(t, "a") == "PAK" && string(t, "b") == "TAL")
        .collect();
    // Month by month the pair passes through 0 in September 2021 (support
    // and tension all month); the turn shows when tension outweighs it.
    assert_eq!(pak_tal.len(), 1, "{turns:?}");
    assert_eq!(string(pak_tal[0], "at"), "2021-12");
    assert_eq!(
        (string(pak_tal[0], "from"), string(pak_tal[0], "to")),
        ("+", "-")
    );
    for t in turns {
        assert_keys(t, &["a", "b", "at", "from", "to"]);
    }
    let steps = array(&doc, "steps");
    let turned: u64 = steps.iter().map(|s| s["turned"].as_u64().unwrap()).sum();
    assert_eq!(turned, turns.len() as u64);
    let table = ok(&["timeline", "--from", "2021", "--to", "2026"]);
    assert!(table.contains("turn"), "{table}");
    assert!(table.contains("2022  PAK – TAL: + → -"), "{table}");
}

/// `--to` names a period whose last day counts: `--from 2021-03 --to 2021`
/// runs from March to December 2021, and only a `--to` that ends before
/// `--from` begins is refused.
#[test]
fn to_may_name_a_period_that_contains_from() {
    let doc = json(&[
        "timeline", "--from", "2021-03", "--to", "2021", "--step", "1m", "--format", "json",
    ]);
    let steps: Vec<&str> = array(&doc, "steps")
        .iter()
        .map(|s| string(s, "at"))
        .collect();
    assert_eq!(steps.first(), Some(&"2021-03"));
    assert_eq!(steps.last(), Some(&"2021-12"));
    assert_eq!(steps.len(), 10);
    let e = error(&["timeline", "--from", "2021-03", "--to", "2020"], 2);
    assert!(e.contains("--to 2020 is before --from 2021-03"), "{e}");
}

/// `timeline --out` makes and stages its diagrams one at a time, and the
/// staged files are closed: 241 files are written with 48 descriptors
/// (under `prlimit`; skipped where it is missing).
#[test]
fn timeline_out_writes_many_steps_with_few_descriptors() {
    if std::process::Command::new("prlimit")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("prlimit is missing: skipped");
        return;
    }
    let dir = temp();
    let out = dir.path().join("steps");
    let status = std::process::Command::new("prlimit")
        .arg("--nofile=48:48")
        .arg(BIN)
        .args([
            "timeline", "--from", "2006-01", "--to", "2025-12", "--step", "1m", "--images", "dot",
            "--out",
        ])
        .arg(&out)
        .output()
        .expect("prlimit runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let files = std::fs::read_dir(&out).expect("the folder").count();
    assert_eq!(files, 241);
    assert!(out.join("2006-01.dot").is_file() && out.join("diff-2006-01-2025-12.dot").is_file());
}

/// `balance --format json` and `csv` stream their triangles: the bytes are
/// those of the listed balance, to standard output and to `-o`.
#[test]
fn balance_streams_the_bytes_of_the_listed_balance() {
    let data = tiegraph::default_dataset();
    let dir = temp();
    for at in ["1950", "2001-10", "2021-08-16", "2026-03-01"] {
        let listed = tiegraph::analysis::balance(&data.snapshot(&at.parse().expect("a date")));
        let json = serde_json::to_string_pretty(&listed).expect("JSON") + "\n";
        assert_eq!(
            ok(&["balance", "--at", at, "--format", "json"]),
            json,
            "{at}"
        );
        let mut csv = String::from("actors,signs,balanced\n");
        for t in listed.triangles() {
            let ids: Vec<&str> = t.actors().iter().map(|&k| data.actor_id(k)).collect();
            let signs: Vec<&str> = t.signs().iter().map(|s| s.as_str()).collect();
            let yes = if t.is_balanced() { "yes" } else { "no" };
            csv.push_str(&format!("{},{},{yes}\n", ids.join(" "), signs.join(" ")));
        }
        assert_eq!(ok(&["balance", "--at", at, "--format", "csv"]), csv, "{at}");
        let file = dir.path().join("b.json");
        ok(&["balance", "--at", at, "-f", "json", "-o", path_str(&file)]);
        assert_eq!(std::fs::read_to_string(&file).expect("written"), json);
        let file = dir.path().join("b.csv");
        ok(&["balance", "--at", at, "-f", "csv", "-o", path_str(&file)]);
        assert_eq!(std::fs::read_to_string(&file).expect("written"), csv);
    }
}

/// Issue 15: a diagram over the size limit is a data limit (exit 1) whose
/// message suggests --focus; with --focus it is drawn.
#[test]
fn diagram_size_limit_exits_1_and_suggests_focus() {
    let dir = temp();
    let n = tiegraph::render::MAX_DIAGRAM_ACTORS + 1;
    let mut actors = String::from("id,name,kind\n");
    let mut ties = String::from("id,source,target,kind,start\n");
    for i in 0..n {
        actors.push_str(&format!("A{i},Actor {i},state\n"));
        if i > 0 {
            ties.push_str(&format!("t{i},A{},A{i},support,2000-01-01\n", i - 1));
        }
    }
    let data = dir.path().join("big");
    write_dataset(&data, &actors, &ties, None);
    let data = path_str(&data);
    let e = error(
        &[
            "--data", data, "snapshot", "--at", "2001", "--format", "dot",
        ],
        1,
    );
    assert!(e.contains("--focus") && e.contains(&n.to_string()), "{e}");
    // So are a timeline's step diagrams and a report's, before any is made.
    let out = dir.path().join("steps");
    let e = error(
        &[
            "--data",
            data,
            "timeline",
            "--from",
            "1999",
            "--to",
            "2001",
            "--out",
            path_str(&out),
            "--images",
            "dot",
        ],
        1,
    );
    assert!(e.contains("--focus"), "{e}");
    assert!(!out.join("2001.dot").exists());
    let e = error(
        &["--data", data, "report", "--from", "1999", "--to", "2001"],
        1,
    );
    assert!(e.contains("--focus"), "{e}");
    let dot = ok(&[
        "--data", data, "snapshot", "--at", "2001", "--format", "dot", "--focus", "A7",
    ]);
    assert!(dot.contains("\"A8\""));
}
