//! Parquet in and out: tiegraph's own tables (`export --format parquet`,
//! a `--data` folder of `*.parquet`) and the pair-periods table
//! (`ingest --pair-periods pp.parquet`, `--input pair-periods pp.parquet`),
//! with the checks and error places of the CSV forms.

use std::path::Path;
use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use assert_cmd::Command;
use tiegraph::ingest::{
    ingest, ingest_pair_periods, Family, IngestError, IngestOptions, PairPeriods,
};
use tiegraph::{Dataset, ErrorKind};

fn tiegraph() -> Command {
    Command::cargo_bin("tiegraph").expect("the binary")
}

fn gdelt_sample() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/events/gdelt2/a.export.CSV")
}

/// A Parquet file of text columns (`None`: a null cell).
fn write_text_table(path: &Path, columns: &[&str], rows: &[Vec<Option<&str>>]) {
    let schema = Schema::new(
        columns
            .iter()
            .map(|c| Field::new(*c, DataType::Utf8, true))
            .collect::<Vec<_>>(),
    );
    let arrays: Vec<ArrayRef> = (0..columns.len())
        .map(|i| {
            let cells: Vec<Option<&str>> = rows.iter().map(|r| r[i]).collect();
            Arc::new(StringArray::from(cells)) as ArrayRef
        })
        .collect();
    let batch = RecordBatch::try_new(Arc::new(schema), arrays).expect("a batch");
    let file = std::fs::File::create(path).expect("created");
    let mut w = parquet::arrow::ArrowWriter::try_new(file, batch.schema(), None).expect("writer");
    w.write(&batch).expect("written");
    w.close().expect("closed");
}

#[test]
fn a_dataset_round_trips_through_parquet() {
    let dir = tempfile::tempdir().expect("a folder");
    let data = tiegraph::default_dataset();
    data.save_parquet_dir(dir.path()).expect("saved");
    for name in ["actors.parquet", "ties.parquet", "sources.parquet"] {
        assert!(dir.path().join(name).exists(), "{name}");
    }
    assert_eq!(&Dataset::load_dir(dir.path()).expect("loads"), data);
    // Written twice, the same bytes.
    let again = tempfile::tempdir().expect("a folder");
    data.save_parquet_dir(again.path()).expect("saved");
    for name in ["actors.parquet", "ties.parquet", "sources.parquet"] {
        assert_eq!(
            std::fs::read(dir.path().join(name)).expect("read"),
            std::fs::read(again.path().join(name)).expect("read"),
            "{name}"
        );
    }
}

#[test]
fn a_bad_parquet_cell_is_named_by_file_row_and_column() {
    let dir = tempfile::tempdir().expect("a folder");
    write_text_table(
        &dir.path().join("actors.parquet"),
        &["id", "name", "kind"],
        &[
            vec![Some("A"), Some("Alpha"), Some("state")],
            vec![Some("B"), Some("Beta\nwith a second line"), Some("group")],
            vec![Some("C"), Some("Gamma"), Some("state")],
        ],
    );
    write_text_table(
        &dir.path().join("ties.parquet"),
        &["id", "source", "target", "kind", "start", "end"],
        &[
            vec![
                Some("t1"),
                Some("A"),
                Some("B"),
                Some("alliance"),
                Some("2020"),
                None,
            ],
            vec![
                Some("t2"),
                Some("A"),
                Some("C"),
                Some("hostility"),
                Some("2021-13"),
                None,
            ],
        ],
    );
    let err = Dataset::load_dir(dir.path()).expect_err("the month 13 is refused");
    let ErrorKind::Invalid(problems) = err.kind() else {
        panic!("not a validation error: {err}");
    };
    let p = &problems.as_slice()[0];
    let ties = dir.path().join("ties.parquet").display().to_string();
    assert_eq!(p.location().file_name(), ties);
    // The second row (the actors' name over two lines moves no row).
    assert_eq!(p.location().line(), Some(2));
    assert_eq!(p.location().column(), Some("start"));
    // Without sources.csv or sources.parquet, as with CSV files.
    assert!(!problems
        .iter()
        .any(|p| p.location().file_name().contains("sources")));
}

#[test]
fn a_csv_file_wins_over_its_parquet_twin() {
    let dir = tempfile::tempdir().expect("a folder");
    let data = tiegraph::default_dataset();
    data.save_parquet_dir(dir.path()).expect("saved");
    // A broken Parquet file next to a good CSV one is not read.
    std::fs::write(dir.path().join("ties.parquet"), b"not parquet").expect("written");
    data.save_dir(dir.path()).expect("saved");
    assert_eq!(&Dataset::load_dir(dir.path()).expect("loads"), data);
    std::fs::remove_file(dir.path().join("ties.csv")).expect("removed");
    let err = Dataset::load_dir(dir.path()).expect_err("not Parquet");
    assert!(err.to_string().contains("ties.parquet"), "{err}");
    assert!(
        err.to_string().contains("cannot read the Parquet file"),
        "{err}"
    );
}

fn sample_table() -> (PairPeriods, IngestOptions) {
    let mut o = IngestOptions::new(Family::Gdelt2);
    o.min_events = 1;
    let out = ingest(&[gdelt_sample()], &o).expect("ingests");
    (out.pair_periods, o)
}

#[test]
fn the_pair_periods_table_round_trips_through_parquet() {
    let (table, o) = sample_table();
    assert!(!table.rows.is_empty());
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("pp.parquet");
    let mut bytes = Vec::new();
    table.write_parquet(&mut bytes).expect("written");
    std::fs::write(&path, &bytes).expect("saved");
    let back = PairPeriods::read_parquet(std::fs::File::open(&path).expect("open"), "pp.parquet")
        .expect("read");
    assert_eq!(back, table);
    let csv_path = dir.path().join("pp.csv");
    let mut csv = Vec::new();
    table.write_csv(&mut csv).expect("written");
    std::fs::write(&csv_path, csv).expect("saved");
    let from_parquet = ingest_pair_periods(&[path], &o).expect("stage 2");
    let from_csv = ingest_pair_periods(&[csv_path], &o).expect("stage 2");
    assert_eq!(from_parquet.dataset, from_csv.dataset);
}

#[test]
fn a_bad_pair_period_row_in_parquet_is_named_by_row_and_column() {
    let (mut table, _) = sample_table();
    table.rows[2].events = 0;
    let mut bytes = Vec::new();
    table.write_parquet(&mut bytes).expect("written");
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("pp.parquet");
    std::fs::write(&path, &bytes).expect("saved");
    let err = PairPeriods::read_parquet(std::fs::File::open(&path).expect("open"), "pp.parquet")
        .expect_err("no events");
    let IngestError::Input(p) = &err else {
        panic!("not an input error: {err}");
    };
    assert_eq!(p.location().line(), Some(3), "{err}");
    assert_eq!(p.location().column(), Some("events"), "{err}");
}

#[test]
fn cli_writes_and_reads_parquet() {
    let dir = tempfile::tempdir().expect("a folder");
    let d = |n: &str| dir.path().join(n).display().to_string();
    let sample = gdelt_sample().display().to_string();
    tiegraph()
        .args(["ingest", "--input", "gdelt2", &sample, "--out", &d("ds")])
        .args(["--min-events", "1", "--pair-periods", &d("pp.parquet")])
        .assert()
        .success();
    tiegraph()
        .args([
            "ingest",
            "--input",
            "pair-periods",
            &d("pp.parquet"),
            "--out",
            &d("ds2"),
        ])
        .args(["--min-events", "1"])
        .assert()
        .success();
    assert_eq!(
        std::fs::read(dir.path().join("ds/ties.csv")).expect("ties"),
        std::fs::read(dir.path().join("ds2/ties.csv")).expect("ties"),
    );
    tiegraph()
        .args([
            "export",
            "--data",
            &d("ds"),
            "--format",
            "parquet",
            "-o",
            &d("pq"),
        ])
        .assert()
        .success();
    tiegraph()
        .args(["validate", "--data", &d("pq")])
        .assert()
        .success();
    let ties = |folder: &str| {
        tiegraph()
            .args(["ties", "--data", &d(folder), "--format", "csv"])
            .output()
            .expect("runs")
            .stdout
    };
    assert_eq!(ties("pq"), ties("ds"));
    tiegraph()
        .args(["export", "--data", &d("ds"), "--format", "parquet"])
        .assert()
        .code(2);
}

/// The files the parquet crate panics on (tests/corpus/fuzz/parquet, found
/// by fuzzing; their first byte picks the table): the command refuses each
/// with one problem naming it, exit code 1, and says nothing of a panic.
#[test]
fn cli_refuses_files_the_decoder_panics_on_and_keeps_quiet_about_it() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/fuzz/parquet");
    let small = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/export/small");
    let bytes = |name: &str| std::fs::read(corpus.join(name)).expect("the input")[1..].to_vec();

    let dir = tempfile::tempdir().expect("a folder");
    for stem in ["actors", "sources"] {
        std::fs::copy(
            small.join(format!("{stem}.csv")),
            dir.path().join(format!("{stem}.csv")),
        )
        .expect("copied");
    }
    let ties = dir.path().join("ties.parquet");
    std::fs::write(&ties, bytes("null-mask-range-past-its-buffer")).expect("written");
    let out = tiegraph()
        .args(["validate", "--data"])
        .arg(dir.path())
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            format!(
                "{}:1: cannot read the Parquet file: the Parquet decoder failed on a malformed \
                 page (offset + len out of bounds)",
                ties.display()
            )
            .as_str(),
            "error: 1 problem found"
        ],
    );

    let pp = dir.path().join("pp.parquet");
    std::fs::write(&pp, bytes("dictionary-index-bit-width-over-32")).expect("written");
    let out = tiegraph()
        .args(["ingest", "--input", "pair-periods"])
        .arg(&pp)
        .arg("--out")
        .arg(dir.path().join("out"))
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "error: {}: cannot read the Parquet file: the Parquet decoder failed on a malformed page",
            pp.display()
        )),
        "{stderr}"
    );
    assert!(!dir.path().join("out").exists(), "nothing written");
}
