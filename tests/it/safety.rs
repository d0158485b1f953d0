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
        format!("error: --out {} is a file, not a folder\n", file.display())
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
        edges.contains("EVL,FRM,Undirected,e0,hostility,1,hostility,-1,reported,t1,"),
        "{edges}"
    );
    // The dataset-format CSV is lossless.
    let actors = ok(&["actors", "--data", s(dir.path()), "-f", "csv"]);
    assert!(actors.contains("FRM,-2+3,group"), "{actors}");
}

// ---------------------------------------------------------------------------
// Item 11: the smaller checks

fn problems(actors: &str, ties: &str, sources: &str) -> Vec<String> {
    match tiegraph::Dataset::from_csv(actors.as_bytes(), ties.as_bytes(), Some(sources.as_bytes()))
    {
        Ok(_) => Vec::new(),
        Err(e) => e
            .problems()
            .expect("problems")
            .iter()
            .map(|p| p.to_string())
            .collect(),
    }
}

const ACTORS: &str = "id,name,kind\nA,Alpha,state\nB,Beta,group\n";
const TIES: &str = "id,source,target,kind,start,end,with,weight,sources,note\n";
const SOURCES: &str = "id,title,publisher,published,reference\n";

#[test]
fn tie_ids_with_surrounding_spaces_are_refused() {
    let ties = format!("{TIES}\"t1 \",A,B,hostility,2020,,,,,\n\" t2\",A,B,alliance,2020,,,,,\nt1,A,B,tension,2021,,,,,\n");
    assert_eq!(
        problems(ACTORS, &ties, SOURCES),
        [
            "ties.csv:2: column id: tie id \"t1 \" has spaces at its start or end",
            "ties.csv:3: column id: tie id \" t2\" has spaces at its start or end",
        ]
    );
}

#[test]
fn a_weight_with_spaces_is_refused_like_a_date_with_spaces() {
    let ties = format!("{TIES}t1,A,B,alliance,2020,,,\" 0.5\",,\nt2,A,B,alliance,\" 2020\",,,0.5,,\nt3,A,B,alliance,2020,,,0.5 ,,\n");
    assert_eq!(
        problems(ACTORS, &ties, SOURCES),
        [
            "ties.csv:2: column weight: \" 0.5\" is not a number in (0, 1] (no spaces around it)",
            "ties.csv:3: column start: \" 2020\" is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)",
            "ties.csv:4: column weight: \"0.5 \" is not a number in (0, 1] (no spaces around it)",
        ]
    );
}

#[test]
fn published_is_a_date_with_an_optional_qualifier() {
    let sources = format!(
        "{SOURCES}s1,t,p,2020-13,x\ns2,t,p,2020?,x\ns3,t,p,2020-05~,x\ns4,t,p,2021-02-03%,x\ns5,t,p,?,x\ns6,t,p,2020??,x\ns7,t,p,,x\n"
    );
    assert_eq!(
        problems(ACTORS, TIES, &sources),
        [
            "sources.csv:2: column published: 2020-13 is not a date (months run from 01 to 12)",
            "sources.csv:6: column published: \"?\" is not a date (a qualifier ?, ~ or % may only follow a whole date, at its end)",
            "sources.csv:7: column published: \"2020??\" has more than one qualifier (one of ?, ~ or % may end a date)",
        ]
    );
    // The qualifier is kept as written.
    let sources = format!("{SOURCES}s2,t,p,2020?,x\n");
    let data =
        tiegraph::Dataset::from_csv(ACTORS.as_bytes(), TIES.as_bytes(), Some(sources.as_bytes()))
            .unwrap();
    assert_eq!(data.sources()[0].published(), Some("2020?"));
}

#[test]
fn a_json_datasets_unknown_source_is_not_said_to_be_in_sources_csv() {
    let json = r#"{"actors": [{"id": "A", "name": "A", "kind": "state"}, {"id": "B", "name": "B", "kind": "state"}],
        "ties": [{"id": "t", "source": "A", "target": "B", "kind": "alliance", "start": "2020", "sources": ["s9"]}]}"#;
    let e = tiegraph::Dataset::from_json_str(json).unwrap_err();
    assert_eq!(
        e.to_string(),
        "dataset.json: field ties[0].sources: source s9 is not among the dataset's sources"
    );
}

#[test]
fn a_bad_step_is_reported_before_the_dataset_is_loaded() {
    // The dataset is a FIFO: loading it would be an error (or, before, a
    // wait for ever); the step is checked first.
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("data.json");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    for command in ["timeline", "report"] {
        let e = fails(
            &[
                command,
                "--data",
                s(&fifo),
                "--from",
                "2020",
                "--to",
                "2021",
                "--step",
                "3x",
            ],
            2,
        );
        assert_eq!(
            e, "error: 3x is not a step (expected e.g. 1y, 6m, 3m, 1m)\n",
            "{command}"
        );
    }
}

#[test]
fn data_on_a_fifo_is_refused_not_waited_for() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("data.json");
    let plain = tmp.path().join("plain");
    for p in [&fifo, &plain] {
        assert!(std::process::Command::new("mkfifo")
            .arg(p)
            .status()
            .unwrap()
            .success());
    }
    let e = fails(&["actors", "--data", s(&fifo)], 1);
    assert!(
        e.contains(
            "data.json: cannot read the file: it is not a regular file (a FIFO, device or socket)"
        ),
        "{e}"
    );
    let e = fails(&["actors", "--data", s(&plain)], 1);
    assert!(
        e.contains("plain: cannot read the dataset: it is not a folder"),
        "{e}"
    );
    // A FIFO in place of one of the files of a folder.
    let dir = tmp.path().join("set");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("actors.csv"), ACTORS).unwrap();
    fs::write(dir.join("ties.csv"), TIES).unwrap();
    assert!(std::process::Command::new("mkfifo")
        .arg(dir.join("sources.csv"))
        .status()
        .unwrap()
        .success());
    let e = fails(&["actors", "--data", s(&dir)], 1);
    assert!(
        e.contains("sources.csv: cannot read the file: it is not a regular file"),
        "{e}"
    );
}
