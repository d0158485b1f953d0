//! `tiegraph ingest --input cow-states|cow-midb|cow-alliance` (issue 22)
//! on the synthetic files of `tests/fixtures/cow/`, which follow the
//! published layouts: each imports into a dataset that validates, and the
//! direction of the disputes survives saving, loading and exporting.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tiegraph::Dataset;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cow")
        .join(name)
}

fn tiegraph(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_tiegraph"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    out
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

#[test]
fn the_state_list_becomes_actors_with_phases() {
    let dir = tempfile::tempdir().expect("a folder");
    let out = dir.path().join("states");
    let run = tiegraph(&[
        "ingest",
        "--input",
        "cow-states",
        path(&fixture("states.csv")),
        "--out",
        path(&out),
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let data = Dataset::load_dir(&out).expect("validates");
    assert_eq!(data.actors().len(), 8);
    let jpn = data.actor(data.resolve("JPN").expect("Japan"));
    let spans: Vec<(Option<String>, Option<String>)> = jpn
        .phases()
        .iter()
        .map(|p| {
            (
                p.from().map(|d| d.to_string()),
                p.until().map(|d| d.to_string()),
            )
        })
        .collect();
    assert_eq!(
        spans,
        [
            (Some("1895-04-17".into()), Some("1945-08-15".into())),
            (Some("1952-04-28".into()), None),
        ]
    );
}

#[test]
fn disputes_fail_strict_and_import_with_clip_keeping_their_direction() {
    let dir = tempfile::tempdir().expect("a folder");
    let out = dir.path().join("midb");
    let args = |phases: &'static str| {
        vec![
            "ingest".to_owned(),
            "--input".into(),
            "cow-midb".into(),
            path(&fixture("midb.csv")).into(),
            "--states".into(),
            path(&fixture("states.csv")).into(),
            "--out".into(),
            path(&out).into(),
            "--phases".into(),
            phases.into(),
            "--format".into(),
            "json".into(),
        ]
    };
    let strict: Vec<String> = args("strict");
    let run = tiegraph(&strict.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains(
            "midb.csv:2: column source: the tie runs from 1937-07-07 to 1945-09-03 but actor JPN"
        ),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing is written when the import fails");

    let clip: Vec<String> = args("clip");
    let run = tiegraph(&clip.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).expect("JSON");
    assert_eq!(report["clipped"], 1);
    assert_eq!(report["dropped"], 0);
    assert_eq!(report["summary"]["rows_read"], 17);
    assert_eq!(report["summary"]["skipped"]["bad_value"], 1);
    assert_eq!(report["summary"]["ties"], 10);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("warning: "), "{stderr}");

    // The saved dataset validates as it is, and every hostility tie points
    // from side A.
    let data = Dataset::load_dir(&out).expect("validates without clip");
    let tie = data
        .ties()
        .iter()
        .find(|t| t.id() == "MID9001-JPN-CHN")
        .expect("a tie");
    assert!(tie.is_directed());
    assert_eq!(tie.end().map(|d| d.to_string()), Some("1945-08-15".into()));
    let partial = data
        .ties()
        .iter()
        .find(|t| t.id() == "MID9005-UKG-ITA")
        .expect("a tie");
    assert_eq!(partial.start().to_string(), "1935-10?");
    assert_eq!(
        partial.end().map(|d| d.to_string()),
        Some("1936-08?".into())
    );
    assert!(data.ties().iter().all(|t| t.is_directed()));

    // Direction survives the exports that are read back.
    let graphml = dir.path().join("net.graphml");
    let run = tiegraph(&[
        "export",
        "--data",
        path(&out),
        "--format",
        "graphml",
        "-o",
        path(&graphml),
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let back = Dataset::load(&graphml).expect("reads back");
    assert!(back.ties().iter().all(|t| t.is_directed()));
    let snapshot = tiegraph(&[
        "snapshot",
        "--data",
        path(&out),
        "--at",
        "1942",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&snapshot.stdout).expect("JSON");
    let ties = json["ties"].as_array().expect("ties");
    assert!(!ties.is_empty());
    assert!(ties.iter().all(|t| t["directed"] == true));
}

#[test]
fn alliances_import_with_weights_and_open_ends() {
    let dir = tempfile::tempdir().expect("a folder");
    let out = dir.path().join("ally");
    let run = tiegraph(&[
        "ingest",
        "--input",
        "cow-alliance",
        path(&fixture("alliance.csv")),
        "--out",
        path(&out),
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let data = Dataset::load_dir(&out).expect("validates");
    assert_eq!(data.ties().len(), 6);
    let nato = data
        .ties()
        .iter()
        .find(|t| t.id() == "ALLY9106-COW2-COW200")
        .expect("a tie");
    assert_eq!(nato.end(), None);
    assert_eq!(nato.weight(), 1.0);
    assert_eq!(nato.extra().get("x_right_censor").map(|v| &**v), Some("1"));
    assert!(!nato.is_directed());
}

#[test]
fn a_file_of_another_layout_is_refused_naming_the_missing_column() {
    let dir = tempfile::tempdir().expect("a folder");
    let run = tiegraph(&[
        "ingest",
        "--input",
        "cow-midb",
        path(&fixture("alliance.csv")),
        "--out",
        path(&dir.path().join("x")),
    ]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("alliance.csv:1: the header has no column \"dispnum\""),
        "{stderr}"
    );
    let run = tiegraph(&[
        "ingest",
        "--input",
        "cow-midb",
        path(&fixture("midb.csv")),
        "--out",
        path(&dir.path().join("x")),
        "--strict",
    ]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("midb.csv:18: column sidea: \"3\" is not a valid sidea"),
        "{stderr}"
    );
}
