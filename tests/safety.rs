//! The command line against hostile inputs and file systems (issue 15):
//! sets of output files that change together or not at all, outputs that
//! are devices or long names, terminal escapes in tables, formula cells in
//! CSV, and the smaller input checks. Each test names the item it guards.
#![cfg(unix)]

use std::fs;
use std::path::Path;

use assert_cmd::Command;

const BIN: &str = env!("CARGO_BIN_EXE_tiegraph");

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("COLUMNS")
        .args(args)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("tiegraph starts");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    Run {
        code: out.status.code().expect("not killed"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    }
}

fn ok(args: &[&str]) -> String {
    let r = run(args);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    r.stdout
}

fn fails(args: &[&str], code: i32) -> String {
    let r = run(args);
    assert_eq!(r.code, code, "{args:?}: {}", r.stderr);
    r.stderr
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every file in `dir` (recursively) with its bytes.
fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        if e.file_type().unwrap().is_dir() {
            out.push((format!("{name}/"), Vec::new()));
        } else {
            out.push((name, fs::read(e.path()).unwrap()));
        }
    }
    out.sort();
    out
}

// ---------------------------------------------------------------------------
// Item 8: multi-file outputs as a set

#[test]
fn timeline_out_changes_nothing_when_one_file_cannot_be_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("tl");
    ok(&[
        "timeline",
        "--from",
        "2021",
        "--to",
        "2023",
        "--out",
        s(&out),
    ]);
    let before = contents(&out);
    assert!(before.iter().any(|(n, _)| n == "2022.svg"), "{before:?}");
    // A folder where the diff should go; the other files are stale on purpose.
    let diff = before
        .iter()
        .find(|(n, _)| n.starts_with("diff-"))
        .unwrap()
        .0
        .clone();
    fs::remove_file(out.join(&diff)).unwrap();
    fs::create_dir(out.join(&diff)).unwrap();
    for (name, _) in &before {
        if name != &diff {
            fs::write(out.join(name), "old").unwrap();
        }
    }
    let frozen = contents(&out);
    let e = fails(
        &[
            "timeline",
            "--from",
            "2021",
            "--to",
            "2023",
            "--out",
            s(&out),
        ],
        1,
    );
    assert!(e.contains("it is a directory"), "{e}");
    assert_eq!(contents(&out), frozen, "a failed set changed files");
}

#[test]
fn report_markdown_changes_nothing_when_an_image_cannot_be_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let md = tmp.path().join("r.md");
    fs::write(&md, "old report").unwrap();
    fs::write(tmp.path().join("r-2021.svg"), "old image").unwrap();
    fs::create_dir(tmp.path().join("r-2022.svg")).unwrap();
    let frozen = contents(tmp.path());
    let e = fails(
        &[
            "report",
            "--from",
            "2021",
            "--to",
            "2023",
            "-f",
            "md",
            "-o",
            s(&md),
        ],
        1,
    );
    assert!(e.contains("r-2022.svg"), "{e}");
    assert_eq!(contents(tmp.path()), frozen);
    fs::remove_dir(tmp.path().join("r-2022.svg")).unwrap();
    ok(&[
        "report",
        "--from",
        "2021",
        "--to",
        "2023",
        "-f",
        "md",
        "-o",
        s(&md),
    ]);
    assert_ne!(fs::read(&md).unwrap(), b"old report");
}

#[test]
fn gephi_csv_changes_nothing_when_the_nodes_file_cannot_be_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let edges = tmp.path().join("e.csv");
    fs::write(&edges, "old edges").unwrap();
    fs::create_dir(tmp.path().join("e.nodes.csv")).unwrap();
    let frozen = contents(tmp.path());
    let e = fails(&["export", "--format", "gephi-csv", "-o", s(&edges)], 1);
    assert!(e.contains("e.nodes.csv"), "{e}");
    assert_eq!(contents(tmp.path()), frozen);
}

// ---------------------------------------------------------------------------
// Items 2, 3, 11: where a single output goes

#[test]
fn dev_stdout_and_dev_null_are_written_through() {
    let dot = ok(&["snapshot", "--at", "2021", "-f", "dot", "-o", "/dev/stdout"]);
    assert!(dot.starts_with("digraph"), "{dot}");
    assert_eq!(
        ok(&["snapshot", "--at", "2021", "-f", "dot", "-o", "/dev/null"]),
        ""
    );
    assert!(!fs::metadata("/dev/null").unwrap().file_type().is_file());
}

#[test]
fn a_255_byte_output_name_works() {
    let tmp = tempfile::tempdir().unwrap();
    for len in [242, 255] {
        let path = tmp.path().join(format!("{}.dot", "n".repeat(len - 4)));
        ok(&["snapshot", "--at", "2021", "-f", "dot", "-o", s(&path)]);
        assert!(fs::read_to_string(&path).unwrap().starts_with("digraph"));
    }
}

#[test]
fn out_on_a_file_says_it_is_not_a_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("afile");
    fs::write(&file, "x").unwrap();
    let e = fails(
        &[
            "timeline",
            "--from",
            "2021",
            "--to",
            "2022",
            "--out",
            s(&file),
        ],
        1,
    );
    assert_eq!(
        e,
        format!(
            "error: cannot write {}: it is a file, not a folder\n",
            file.display()
        )
    );
}

// ---------------------------------------------------------------------------
// Items 9 and 10: terminal escapes in tables, formulas in CSV

/// A dataset whose names and notes hold terminal escapes and formulas.
fn hostile_dir() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("actors.csv"),
        "id,name,kind,note,x_tag\n\
         EVL,\"\u{1b}]0;pwned\u{7}Evil\u{1b}[2J\u{8}\u{0}\",state,\"=HYPERLINK(\"\"http://x\"\")\",@SUM(A1)\n\
         FRM,-2+3,group,+cmd,-0.5\n",
    )
    .unwrap();
    fs::write(
        tmp.path().join("ties.csv"),
        "id,source,target,kind,start,end,with,weight,sources,note\n\
         t1,EVL,FRM,hostility,2020,,,,,\"\u{1b}[31mred\u{7}\"\n",
    )
    .unwrap();
    tmp
}

fn has_control(text: &str) -> bool {
    text.chars().any(|c| c.is_control() && c != '\n')
}

#[test]
fn tables_escape_control_characters() {
    let dir = hostile_dir();
    let d = s(dir.path());
    for args in [
        vec!["actors", "--data", d],
        vec!["ties", "--data", d],
        vec!["snapshot", "--data", d, "--at", "2021"],
        vec!["history", "--data", d, "EVL", "FRM"],
    ] {
        let out = ok(&args);
        assert!(!has_control(&out), "{args:?}:\n{out:?}");
        assert!(out.contains("\\u{1b}"), "{args:?}:\n{out}");
    }
    // The dataset-format CSV keeps every character.
    let csv = ok(&["actors", "--data", d, "-f", "csv"]);
    assert!(csv.contains("\u{1b}]0;pwned\u{7}Evil"), "{csv:?}");
    let csv = ok(&["ties", "--data", d, "-f", "csv"]);
    assert!(csv.contains("\u{1b}[31mred\u{7}"), "{csv:?}");
}

#[test]
fn gephi_csv_neutralises_formulas_and_keeps_ids_and_numbers() {
    let dir = hostile_dir();
    let tmp = tempfile::tempdir().unwrap();
    let edges = tmp.path().join("e.csv");
    ok(&[
        "export",
        "--data",
        s(dir.path()),
        "-f",
        "gephi-csv",
        "-o",
        s(&edges),
    ]);
    let nodes = fs::read_to_string(tmp.path().join("e.nodes.csv")).unwrap();
    assert!(
        nodes.contains("\"'=HYPERLINK(\"\"http://x\"\")\""),
        "{nodes}"
    );
    assert!(nodes.contains(",'@SUM(A1),"), "{nodes}");
    assert!(nodes.contains("FRM,'-2+3,group,"), "{nodes}");
    assert!(nodes.contains(",'+cmd,-0.5,"), "{nodes}");
    let edges = fs::read_to_string(&edges).unwrap();
    assert!(edges.starts_with("Source,Target,"), "{edges}");
    assert!(
        edges.contains("EVL,FRM,Undirected,e0,hostility,1,hostility,-1,t1,"),
        "{edges}"
    );
    // The dataset-format CSV is lossless.
    let actors = ok(&["actors", "--data", s(dir.path()), "-f", "csv"]);
    assert!(actors.contains("FRM,-2+3,group"), "{actors}");
}
