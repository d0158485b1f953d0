//! The corpus of issue 7: datasets as analysts export them from anywhere,
//! each either loaded completely or rejected with exactly what is wrong.
//!
//! `tests/corpus/` holds one folder per case (see its README):
//!
//! - `bad/<case>/`: a broken dataset (CSV files, or a `dataset.json`) and
//!   `expected.txt`, the exact stderr of `tiegraph validate --data <case>`,
//!   which must exit 1;
//! - `good/<case>/`: an awkward but valid dataset (byte-order marks, CRLF,
//!   header only, …) and `expected.txt`, the exact stdout of `validate`;
//! - `generated/<case>/`: only `expected.txt`; the dataset is too large to
//!   commit (a 10 MB field, a million columns, a 2 GiB file) and is written
//!   by [`generate`] into a temporary folder;
//! - `fuzz/<target>/`: inputs that broke a fuzz target once, fed again to
//!   the same check (`fuzz/harness.rs`).
//!
//! `TIEGRAPH_BLESS=1 cargo test --test it corpus::` writes the `expected.txt` of
//! every case from what tiegraph prints now: review the diff before
//! committing it.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tiegraph::{Dataset, ProblemKind};

use crate::harness;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// The cases of one group, sorted by name.
fn cases(group: &str) -> Vec<String> {
    let dir = corpus().join(group);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a folder entry").file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// What `--data` names for a case (run from the case's parent folder): its
/// `dataset.json`, or the folder itself.
fn data_arg(parent: &Path, case: &str) -> String {
    if parent.join(case).join("dataset.json").exists() {
        format!("{case}/dataset.json")
    } else {
        case.to_owned()
    }
}

fn blessing() -> bool {
    std::env::var_os("TIEGRAPH_BLESS").is_some_and(|v| v == "1")
}

/// Compares `actual` with the case's `expected.txt` (or, when blessing,
/// writes it), adding a readable failure to `failures`.
fn check(case: &str, expected_file: &Path, actual: &str, failures: &mut Vec<String>) {
    if blessing() {
        std::fs::write(expected_file, actual).expect("expected.txt written");
        return;
    }
    let expected = std::fs::read_to_string(expected_file).unwrap_or_default();
    if expected != actual {
        failures.push(format!(
            "{case}: output differs from {}\n--- expected\n{expected}--- actual\n{actual}",
            expected_file.display()
        ));
    }
}

fn report(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn tiegraph(dir: &Path, args: &[&str]) -> Run {
    let out = Command::cargo_bin("tiegraph")
        .expect("the tiegraph binary")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("tiegraph runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `tiegraph validate` on a broken case: exit 1, nothing on stdout,
/// and the expected stderr; then any other command: exit 1 and the first
/// problem.
fn check_bad(parent: &Path, case: &str, expected: &Path, failures: &mut Vec<String>) {
    let data = data_arg(parent, case);
    let run = tiegraph(parent, &["validate", "--data", &data]);
    if run.code != Some(1) || !run.stdout.is_empty() {
        failures.push(format!(
            "{case}: validate exited with {:?} (expected 1), stdout {:?}, stderr:\n{}",
            run.code, run.stdout, run.stderr
        ));
        return;
    }
    check(case, expected, &run.stderr, failures);

    // Other commands stop at loading, with the first problem and the count.
    let first = run.stderr.lines().next().unwrap_or_default();
    let problems = run.stderr.lines().count() - 1;
    let more = match problems {
        1 => String::new(),
        2 => " (and 1 more problem)".to_owned(),
        n => format!(" (and {} more problems)", n - 1),
    };
    let run = tiegraph(parent, &["snapshot", "--at", "2026", "--data", &data]);
    let want =
        format!("error: {first}{more}; run `tiegraph validate --data {data}` for the full list\n");
    if run.code != Some(1) || run.stderr != want || !run.stdout.is_empty() {
        failures.push(format!(
            "{case}: snapshot exited with {:?} (expected 1) and stderr\n{}(expected {want})",
            run.code, run.stderr
        ));
    }
}

/// The problems of a case as the library reports them, one per line.
fn library_problems(path: &Path) -> Vec<String> {
    let loaded = if path.is_file() {
        Dataset::load_json(path)
    } else {
        Dataset::load_dir(path)
    };
    match loaded {
        Ok(_) => vec!["(loaded)".to_owned()],
        Err(e) => e
            .problems()
            .map(|p| p.iter().map(ToString::to_string).collect())
            .unwrap_or_else(|| vec![e.to_string()]),
    }
}

#[test]
fn every_bad_dataset_fails_with_its_expected_errors() {
    let parent = corpus().join("bad");
    let mut failures = Vec::new();
    for case in cases("bad") {
        check_bad(
            &parent,
            &case,
            &parent.join(&case).join("expected.txt"),
            &mut failures,
        );
    }
    report(&failures);
}

#[test]
fn the_library_reports_what_the_cli_prints() {
    let parent = corpus().join("bad");
    let mut failures = Vec::new();
    for case in cases("bad") {
        let expected =
            std::fs::read_to_string(parent.join(&case).join("expected.txt")).expect("expected.txt");
        let data = data_arg(&parent, &case);
        // Printed from the corpus folder: names start with `<case>/`.
        let prefix = format!("{}/", parent.display());
        let got: Vec<String> = library_problems(&parent.join(&data))
            .into_iter()
            .map(|p| p.replacen(&prefix, "", 1))
            .collect();
        let mut want: Vec<&str> = expected.lines().collect();
        want.pop(); // `error: N problems found`
        if got != want {
            failures.push(format!("{case}: the library reports {got:#?}"));
        }
    }
    report(&failures);
}

#[test]
fn every_problem_names_its_file_and_line_unless_it_is_about_a_whole_file() {
    let parent = corpus().join("bad");
    for case in cases("bad") {
        let path = parent.join(data_arg(&parent, &case));
        let err = if path.is_file() {
            Dataset::load_json(&path)
        } else {
            Dataset::load_dir(&path)
        }
        .expect_err("a bad case");
        for p in err.problems().expect("dataset problems") {
            let loc = p.location();
            assert!(
                loc.file_name().starts_with(&*parent.to_string_lossy()),
                "{case}: {p}"
            );
            let whole_file = matches!(
                p.kind(),
                ProblemKind::Io | ProblemKind::Empty | ProblemKind::TooLarge
            ) || p.message().starts_with("the file is UTF-16");
            // A JSON row is named by its path (`ties[3].end`) instead.
            let json_row = loc.file_name().ends_with(".json") && loc.column().is_some();
            assert!(
                loc.line().is_some() || whole_file || json_row,
                "{case}: no line in {p}"
            );
        }
    }
}

#[test]
fn awkward_but_valid_datasets_load() {
    let parent = corpus().join("good");
    let mut failures = Vec::new();
    for case in cases("good") {
        let data = data_arg(&parent, &case);
        let run = tiegraph(&parent, &["validate", "--data", &data]);
        if run.code != Some(0) || !run.stderr.is_empty() {
            failures.push(format!(
                "{case}: validate exited with {:?} (expected 0), stderr:\n{}",
                run.code, run.stderr
            ));
            continue;
        }
        check(
            &case,
            &parent.join(&case).join("expected.txt"),
            &run.stdout,
            &mut failures,
        );
    }
    report(&failures);
}

/// A byte-order mark, CRLF or CR line ends and a missing final line end
/// change nothing: not the values (an in-cell line break stays `\n`), not
/// the line numbers in generated ids.
#[test]
fn line_ends_and_byte_order_marks_change_nothing() {
    let good = corpus().join("good");
    let plain = Dataset::load_dir(good.join("plain")).expect("the plain case loads");
    let ids: Vec<&str> = plain.ties().iter().map(|t| t.id()).collect();
    assert_eq!(ids, ["t1", "t2", "#5"]);
    for case in ["bom", "crlf", "cr-only", "bom-crlf-no-final-newline"] {
        let data = Dataset::load_dir(good.join(case)).expect("the case loads");
        assert_eq!(data, plain, "{case}");
    }
}

/// Every valid case saves (CSV and JSON) and loads back equal.
#[test]
fn every_valid_case_round_trips() {
    let parent = corpus().join("good");
    for case in cases("good") {
        let path = parent.join(data_arg(&parent, &case));
        let data = if path.is_file() {
            Dataset::load_json(&path)
        } else {
            Dataset::load_dir(&path)
        }
        .unwrap_or_else(|e| panic!("{case}: {e}"));
        let tmp = tempfile::tempdir().expect("a temporary folder");
        data.save_dir(tmp.path()).expect("saved");
        let again = Dataset::load_dir(tmp.path()).expect("the saved CSV loads");
        assert_eq!(again, data, "{case}: CSV");
        let json = Dataset::from_json_str(&data.to_json(true)).expect("the saved JSON loads");
        assert_eq!(json, data, "{case}: JSON");
    }
}

#[test]
fn a_header_only_dataset_is_valid_and_empty() {
    for case in ["header-only", "header-only-no-newline"] {
        let data = Dataset::load_dir(corpus().join("good").join(case)).expect("valid");
        assert!(data.actors().is_empty() && data.ties().is_empty() && data.sources().is_empty());
    }
}

/// Line numbers stay right in CRLF files, whose `\n` the csv reader counts
/// with the next record: errors and generated ids name the line as an
/// editor shows it.
#[test]
fn crlf_files_name_the_right_lines() {
    let actors = b"id,name,kind\r\nPAK,P,state\r\nCHN,C,statx\r\nIND,\"a\r\nb\",state\r\n";
    let ties =
        b"id,source,target,kind,start\r\n,PAK,IND,tension,2020\r\n\r\n,PAK,IND,hostility,x\r\n";
    let err = Dataset::from_csv(&actors[..], &ties[..], None::<&[u8]>).expect_err("two errors");
    let shown: Vec<String> = err
        .problems()
        .expect("problems")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        shown,
        [
            "actors.csv:3: column kind: statx is not a known kind (expected state, group or organization)",
            "ties.csv:4: column start: x is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)",
        ]
    );
    let ties =
        b"id,source,target,kind,start\r\n,PAK,IND,tension,2020\r\n\r\n,PAK,IND,hostility,2021\r\n";
    let actors = b"id,name,kind\r\nPAK,P,state\r\nIND,\"a\r\nb\",state\r\n";
    let data = Dataset::from_csv(&actors[..], &ties[..], None::<&[u8]>).expect("valid");
    let ids: Vec<&str> = data.ties().iter().map(|t| t.id()).collect();
    assert_eq!(ids, ["#2", "#4"]);
    // A line break inside quotes is data, kept as written.
    let ind = data.actor(data.resolve("IND").expect("IND"));
    assert_eq!(ind.current().name(), "a\r\nb");
}

/// The datasets of `tests/corpus/generated/`, written into `dir`.
fn generate(case: &str, dir: &Path) {
    const ACTORS: &str = "id,name,kind\nPAK,Pakistan,state\nCHN,China,state\n";
    const TIES: &str = "id,source,target,kind,start,end,with,weight,sources,note\n";
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).expect("written");
    let sparse = |name: &str, len: u64| {
        std::fs::File::create(dir.join(name))
            .and_then(|f| f.set_len(len))
            .expect("a sparse file");
    };
    match case {
        "field-10mb" => {
            write("actors.csv", ACTORS.as_bytes());
            let note = "x".repeat(10 * 1000 * 1000);
            let ties = format!(
                "{TIES}t1,PAK,CHN,alliance,1963,,,,,\"{note}\"\nt2,PAK,CHN,bad,1963,,,,,\n"
            );
            write("ties.csv", ties.as_bytes());
        }
        "million-columns" => {
            write("actors.csv", ACTORS.as_bytes());
            let row = ",".repeat(1_000_000);
            write(
                "ties.csv",
                format!("{TIES}t1,PAK,CHN,alliance,1963{row}\n").as_bytes(),
            );
        }
        "million-columns-header" => {
            let header = "id,name,kind".to_owned() + &",x".repeat(1_000_000);
            write("actors.csv", format!("{header}\n").as_bytes());
            write("ties.csv", TIES.as_bytes());
        }
        "row-over-16mib" => {
            // A quote never closed: the rest of a large file is one field.
            write("actors.csv", ACTORS.as_bytes());
            let rest = "t2,PAK,CHN,alliance,1963,,,,,a note\n".repeat(500_000);
            let ties = format!("{TIES}t1,PAK,CHN,alliance,1963,,,,,\"unclosed\n{rest}");
            write("ties.csv", ties.as_bytes());
        }
        "file-over-1gib" => {
            write("actors.csv", ACTORS.as_bytes());
            sparse("ties.csv", 2 << 30);
        }
        "json-over-1gib" => sparse("dataset.json", (1 << 30) + 1),
        "json-field-over-1mib" => {
            // Loaded, this could not be saved as CSV and loaded back.
            let note = "x".repeat(2_000_000);
            let doc = format!(
                r#"{{"actors": [{{"id": "PAK", "name": "Pakistan", "kind": "state"}},
                    {{"id": "CHN", "name": "China", "kind": "state", "aliases": ["{a}", "{a}"]}}],
                   "ties": [{{"id": "t1", "source": "PAK", "target": "CHN", "kind": "alliance",
                             "start": "1963", "note": "{note}"}}]}}"#,
                a = "y".repeat(600_000)
            );
            write("dataset.json", doc.as_bytes());
        }
        "json-row-over-16mib" => {
            // JSON `\"`: one quote each, two once written as CSV.
            let value = "\\\"".repeat(1_000_000);
            let extra: Vec<String> = (0..9).map(|i| format!(r#""x_{i}": "{value}""#)).collect();
            let doc = format!(
                r#"{{"actors": [{{"id": "PAK", "name": "Pakistan", "kind": "state",
                    "extra": {{{}}}}}], "ties": []}}"#,
                extra.join(", ")
            );
            write("dataset.json", doc.as_bytes());
        }
        other => panic!("no generator for the case {other}"),
    }
}

#[test]
fn generated_huge_datasets_fail_with_their_expected_errors() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let mut failures = Vec::new();
    for case in cases("generated") {
        let dir = tmp.path().join(&case);
        std::fs::create_dir(&dir).expect("a case folder");
        generate(&case, &dir);
        let expected = corpus().join("generated").join(&case).join("expected.txt");
        check_bad(tmp.path(), &case, &expected, &mut failures);
        std::fs::remove_dir_all(&dir).expect("cleaned up");
    }
    report(&failures);
}

/// A file with thousands of broken rows reports the first
/// [`tiegraph::MAX_PROBLEMS`] and a note, and stops reading.
#[test]
fn too_many_problems_stop_the_loader() {
    let rows = "PAK,Pakistan,nation\n".repeat(5000);
    let actors = format!("id,name,kind\n{rows}");
    let ties = "source,target,kind,start\nPAK,CHN,alliance,1963\n";
    let err = Dataset::from_csv(actors.as_bytes(), ties.as_bytes(), None::<&[u8]>)
        .expect_err("broken rows");
    let problems = err.problems().expect("problems").as_slice();
    assert_eq!(problems.len(), tiegraph::MAX_PROBLEMS + 1);
    assert_eq!(
        problems[0].to_string(),
        "actors.csv:2: column kind: nation is not a known kind (expected state, group or organization)"
    );
    assert_eq!(
        problems[tiegraph::MAX_PROBLEMS - 1].location().line(),
        Some(tiegraph::MAX_PROBLEMS as u64 + 1)
    );
    assert_eq!(
        problems[tiegraph::MAX_PROBLEMS].to_string(),
        "actors.csv: too many problems: these are the first 1000, and loading stopped there"
    );
    assert_eq!(
        problems[tiegraph::MAX_PROBLEMS].kind(),
        ProblemKind::TooLarge
    );

    // The same through the CLI.
    let tmp = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(tmp.path().join("actors.csv"), &actors).expect("written");
    std::fs::write(tmp.path().join("ties.csv"), ties).expect("written");
    let run = tiegraph(tmp.path(), &["validate", "--data", "."]);
    assert_eq!(run.code, Some(1));
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), tiegraph::MAX_PROBLEMS + 2);
    assert_eq!(
        lines[lines.len() - 2..],
        [
            "./actors.csv: too many problems: these are the first 1000, and loading stopped there",
            "error: 1001 problems found",
        ]
    );
}

/// JSON nested far deeper than any dataset is refused at once, without
/// recursing (no stack overflow), whatever the depth.
#[test]
fn deeply_nested_json_is_an_error_not_a_crash() {
    for depth in [1_000, 1_000_000] {
        let doc = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let err = Dataset::from_json_str(&doc).expect_err("not a dataset");
        assert_eq!(
            err.to_string(),
            "dataset.json:1: field [0][0][0]: invalid type: sequence, expected a string (column 3)"
        );
        let doc = format!(
            r#"{{"actors": [], "ties": [{}{}]}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let err = Dataset::from_json_str(&doc).expect_err("not a dataset");
        assert_eq!(
            err.to_string(),
            "dataset.json:1: field ties[0][0]: invalid type: sequence, expected a string (column 25)"
        );
    }
}

/// Writing an output: refused into a directory, a clear message when the
/// folder is missing or is a file, and an existing file replaced whole.
mod outputs {
    use super::*;

    fn snapshot_to(dir: &Path, out: &str) -> Run {
        tiegraph(
            dir,
            &["snapshot", "--at", "2026", "--format", "json", "-o", out],
        )
    }

    #[test]
    fn refuses_to_write_into_a_directory() {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        std::fs::create_dir(tmp.path().join("out")).expect("a folder");
        for target in ["out", "out/", "."] {
            let run = snapshot_to(tmp.path(), target);
            assert_eq!(run.code, Some(1), "{target}");
            assert_eq!(
                run.stderr,
                format!("error: cannot write {target}: it is a directory\n")
            );
        }
        assert!(std::fs::read_dir(tmp.path().join("out"))
            .expect("listed")
            .next()
            .is_none());
    }

    #[test]
    fn names_a_missing_folder() {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let run = snapshot_to(tmp.path(), "no/such/folder/snapshot.json");
        assert_eq!(run.code, Some(1));
        assert_eq!(
            run.stderr,
            "error: cannot write no/such/folder/snapshot.json: the folder no/such/folder does not exist\n"
        );
    }

    /// Tests run as root, who may write anywhere: a file where the folder
    /// should be stands in for a folder that cannot be written.
    #[test]
    fn names_a_file_that_stands_where_the_folder_should_be() {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        std::fs::write(tmp.path().join("notes.txt"), "keep me").expect("written");
        let run = snapshot_to(tmp.path(), "notes.txt/snapshot.json");
        assert_eq!(run.code, Some(1));
        assert_eq!(
            run.stderr,
            "error: cannot write notes.txt/snapshot.json: notes.txt is not a folder\n"
        );
        assert_eq!(
            std::fs::read_to_string(tmp.path().join("notes.txt")).expect("read"),
            "keep me"
        );
    }

    #[test]
    fn replaces_an_existing_file_whole_and_leaves_no_temporary_file() {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let path = tmp.path().join("snapshot.json");
        std::fs::write(&path, "x".repeat(1_000_000)).expect("written");
        let run = snapshot_to(tmp.path(), "snapshot.json");
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        let text = std::fs::read_to_string(&path).expect("read");
        let json: serde_json::Value = serde_json::from_str(&text).expect("whole JSON");
        assert_eq!(json["at"], "2026");
        let names: Vec<String> = std::fs::read_dir(tmp.path())
            .expect("listed")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["snapshot.json"]);
    }
}

/// Regression (fuzzing, `dates`): a step ending in a multi-byte character
/// made `tiegraph timeline` panic (exit 101) instead of a usage error.
#[test]
fn a_step_with_a_multibyte_unit_is_bad_usage() {
    let run = tiegraph(
        &corpus(),
        &["timeline", "--from", "2021", "--to", "2022", "--step", "1é"],
    );
    assert_eq!(run.code, Some(2));
    assert_eq!(
        run.stderr,
        "error: 1é is not a step (expected e.g. 1y, 6m, 3m, 1m)\n"
    );
}

/// Inputs that broke a fuzz target, run again through the same check.
#[test]
fn fuzz_findings_stay_fixed() {
    let dir = corpus().join("fuzz");
    let mut ran = 0;
    for target in cases("fuzz") {
        let check: fn(&[u8]) = match target.as_str() {
            "csv" => harness::csv,
            "json" => harness::json,
            "dates" => harness::dates,
            "dot" => harness::dot,
            "split" => harness::split,
            "link" => harness::link,
            "ingest_gdelt1" => |d| harness::ingest(tiegraph::ingest::Family::Gdelt1, d),
            "ingest_gdelt2" => |d| harness::ingest(tiegraph::ingest::Family::Gdelt2, d),
            "ingest_icews" => |d| harness::ingest(tiegraph::ingest::Family::Icews, d),
            "ingest_ucdp" => |d| harness::ingest(tiegraph::ingest::Family::Ucdp, d),
            "ingest_acled" => |d| harness::ingest(tiegraph::ingest::Family::Acled, d),
            "graphml" => harness::graphml,
            "jgf" => harness::jgf,
            "cow_states" => |d| harness::cow(harness::Cow::States, d),
            "cow_midb" => |d| harness::cow(harness::Cow::Midb, d),
            "cow_alliance" => |d| harness::cow(harness::Cow::Alliance, d),
            "pair_periods" => harness::pair_periods,
            "parquet" => harness::parquet,
            other => panic!("no fuzz target called {other}"),
        };
        for input in cases(&format!("fuzz/{target}")) {
            let bytes = std::fs::read(dir.join(&target).join(&input)).expect("read");
            let outcome = std::panic::catch_unwind(|| check(&bytes));
            assert!(outcome.is_ok(), "fuzz/{target}/{input} fails again");
            ran += 1;
        }
    }
    assert!(ran > 0);
}
