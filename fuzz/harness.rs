//! What each fuzz target checks, shared with `tests/it/corpus.rs`: the fuzz
//! targets call these functions on libFuzzer's inputs, and the regression
//! test calls them on every input saved in `tests/corpus/fuzz/<target>/`,
//! so a finding stays fixed.
//!
//! Each function panics when an input breaks a rule; that is the finding.

// Each includer uses only some of the functions.
#![allow(dead_code)]

use tiegraph::render::{diff_dot, snapshot_dot, DiagramOptions, RankDir};
use tiegraph::{Dataset, Date, Precision, Selector, Step, TieKind};

/// The byte that separates the files (or pieces of text) of one input.
/// It never occurs in UTF-8, so every other byte can be in the files.
pub const SEPARATOR: u8 = 0xFE;

/// The CSV loader on arbitrary bytes: `actors.csv`, `ties.csv` and an
/// optional `sources.csv`, separated by [`SEPARATOR`].
///
/// It must never panic; a rejected dataset must report one-line problems
/// with a file and a line (when any) of at least 1; an accepted one must
/// round-trip through CSV and JSON, and answer queries.
pub fn csv(data: &[u8]) {
    let mut parts = data.split(|&b| b == SEPARATOR);
    let actors = parts.next().unwrap_or_default();
    let ties = parts.next().unwrap_or_default();
    let sources = parts.next();
    match Dataset::from_csv(actors, ties, sources) {
        Ok(data) => {
            csv_round_trip(&data);
            json_round_trip(&data);
            queries(&data);
        }
        Err(e) => problems(&e, &["actors.csv", "ties.csv", "sources.csv"]),
    }
}

/// The CSV loader reading `ties.csv` in two parts on two threads, on
/// arbitrary bytes laid out as for [`csv`], written to a folder: it must
/// give what reading it on one thread gives (the same dataset, or the same
/// problems in the same order), and never panic.
pub fn split(data: &[u8]) {
    let mut parts = data.split(|&b| b == SEPARATOR);
    let actors = parts.next().unwrap_or_default();
    let ties = parts.next().unwrap_or_default();
    let sources = parts.next();
    let dir = std::env::temp_dir().join(format!("tiegraph-fuzz-split-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    std::fs::write(dir.join("actors.csv"), actors).expect("write actors.csv");
    std::fs::write(dir.join("ties.csv"), ties).expect("write ties.csv");
    let _ = std::fs::remove_file(dir.join("sources.csv"));
    if let Some(sources) = sources {
        std::fs::write(dir.join("sources.csv"), sources).expect("write sources.csv");
    }
    let outcome = |parallel_from| {
        let options = tiegraph::LoadOptions::new()
            .threads(2)
            .parallel_from(parallel_from);
        tiegraph::Dataset::load_dir_with(&dir, &options)
    };
    let outcome = |parallel_from| match outcome(parallel_from) {
        Ok(data) => Ok(data),
        Err(e) => match e.kind() {
            tiegraph::ErrorKind::Invalid(problems) => {
                Err(problems.iter().map(|p| p.to_string()).collect::<Vec<_>>())
            }
            _ => Err(vec![e.to_string()]),
        },
    };
    let (one, two) = (outcome(u64::MAX), outcome(0));
    assert!(one == two, "one thread: {one:?}\ntwo parts: {two:?}");
}

/// The JSON loader on arbitrary text (inputs that are not UTF-8 are skipped:
/// `from_json_str` takes a `&str`).
///
/// It must never panic; a rejected document must report one-line problems;
/// an accepted one must round-trip through JSON (to the same bytes) and CSV.
pub fn json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Dataset::from_json_str(text) {
        Ok(data) => {
            json_round_trip(&data);
            csv_round_trip(&data);
            queries(&data);
        }
        Err(e) => problems(&e, &["dataset.json"]),
    }
}

/// `Date::parse`, `Selector::parse` and `Step::parse` on arbitrary text, in
/// three lines: a date or selector, a step, a second date.
///
/// Nothing may panic; whatever parses must print back to an equal value;
/// messages stay on one line; a step's periods tile the range between two
/// dates and include both.
pub fn dates(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n');
    let first = lines.next().unwrap_or_default();
    let step = lines.next().unwrap_or_default();
    let second = lines.next().unwrap_or_default();

    match Date::parse(first) {
        Ok(d) => {
            // Dates are strict: what parses is exactly what prints.
            assert_eq!(d.to_string(), first);
            assert!(d.period_end() > d.first_day());
            // A qualifier changes no day, and is the last character.
            let plain = d.unqualified();
            assert_eq!(plain.first_day(), d.first_day());
            assert_eq!(plain.period_end(), d.period_end());
            assert_eq!(d.qualifier().is_some(), first.ends_with(['?', '~', '%']));
            assert_eq!(Date::parse(&plain.to_string()), Ok(plain));
            assert!(d.marked().to_string().contains(&plain.to_string()));
            one_line(&d.marked().to_string());
            // A selector names exact days: a qualified date is refused.
            assert_eq!(Selector::parse(first).is_ok(), d.qualifier().is_none());
            for p in [Precision::Year, Precision::Month, Precision::Day] {
                let coarse = d.with_precision(p);
                assert!(coarse.first_day() <= d.first_day());
                assert_eq!(Date::parse(&coarse.to_string()), Ok(coarse));
            }
            let again = Date::from_day_number(d.first_day()).map(Date::first_day);
            assert_eq!(again, Some(d.first_day()));
        }
        Err(e) => one_line(&e.to_string()),
    }
    match Selector::parse(first) {
        Ok(sel) => {
            assert!(sel.end() > sel.start(), "{sel:?}");
            assert_eq!(Selector::parse(&sel.to_string()), Ok(sel));
        }
        Err(e) => one_line(&e.to_string()),
    }
    match Step::parse(step) {
        Ok(s) => {
            assert_eq!(Step::parse(&s.to_string()), Ok(s));
            if let (Ok(a), Ok(b)) = (Date::parse(first), Date::parse(second)) {
                periods(s, a, b);
            }
        }
        Err(e) => one_line(&e.to_string()),
    }
}

fn periods(step: Step, a: Date, b: Date) {
    // Bounded so that one input stays fast.
    let span = i64::from(b.first_day()) - i64::from(a.first_day());
    if span > 40 * 366 {
        return;
    }
    let periods = step.periods(a, b);
    for w in periods.windows(2) {
        assert_eq!(w[0].end(), w[1].start(), "periods must tile");
    }
    for p in &periods {
        assert_eq!(Selector::parse(&p.to_string()), Ok(*p));
    }
    if a.first_day() <= b.first_day() {
        let (Some(f), Some(l)) = (periods.first(), periods.last()) else {
            panic!("no period from {a} to {b} by {step}");
        };
        assert!(f.start() <= a.first_day() && a.first_day() < f.end());
        assert!(l.start() <= b.first_day() && b.first_day() < l.end());
    }
}

/// DOT generation from arbitrary names, aliases, notes, tie ids, custom
/// values and titles (pieces of text separated by [`SEPARATOR`]): the DOT of
/// a snapshot and of a diff must parse back with graphviz-rust.
pub fn dot(data: &[u8]) {
    let pieces: Vec<String> = data
        .split(|&b| b == SEPARATOR)
        .take(16)
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();
    let piece = |i: usize| pieces[i % pieces.len()].clone();
    let n = pieces.len().clamp(3, 6);
    let actors: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let name = piece(i);
            let name = if name.trim().is_empty() {
                format!("n{name}")
            } else {
                name
            };
            let kind = ["state", "group", "organization"][i % 3];
            let alias = piece(i + 1).replace(';', ",");
            let aliases: Vec<&str> = Some(alias.trim())
                .filter(|a| !a.is_empty())
                .into_iter()
                .collect();
            serde_json::json!({
                "id": format!("A{i}"), "name": name, "kind": kind,
                "aliases": aliases, "note": piece(i + 2),
            })
        })
        .collect();
    let ties: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let kind = TieKind::ALL[(i + data.len()) % TieKind::ALL.len()].as_str();
            let with = (kind == "mediation").then(|| format!("A{}", (i + 2) % n));
            let start = if i % 2 == 0 { "2000" } else { "2021-06" };
            serde_json::json!({
                "id": format!("t{i}{}", piece(i + 3)),
                "source": format!("A{i}"), "target": format!("A{}", (i + 1) % n),
                "kind": kind, "start": start, "with": with,
                "note": piece(i + 4), "extra": {"x_note": piece(i + 5)},
            })
        })
        .collect();
    let doc = serde_json::json!({"actors": actors, "ties": ties});
    let data = Dataset::from_json_str(&doc.to_string())
        .unwrap_or_else(|e| panic!("the generated dataset is invalid: {e:?}"));

    let before = data.snapshot(&"2010".parse().expect("a valid selector"));
    let after = data.snapshot(&"2022".parse().expect("a valid selector"));
    let options = [
        DiagramOptions::default(),
        DiagramOptions::default()
            .rankdir(RankDir::LeftToRight)
            .tooltips(false)
            .title(piece(6)),
    ];
    for options in &options {
        for dot in [
            snapshot_dot(&after, options),
            diff_dot(&before, &after, options),
        ] {
            if let Err(e) = graphviz_rust::parse(&dot) {
                panic!("the DOT does not parse: {e}\n{dot}");
            }
        }
    }
}

/// Every problem has a message, stays on one line, names one of `files`
/// and, when it names a line, a line from 1 on.
fn problems(e: &tiegraph::Error, files: &[&str]) {
    let problems = e.problems().expect("a loader fails only with problems");
    problem_list(problems, files);
}

fn one_line(message: &str) {
    assert!(
        !message.contains(['\n', '\r']),
        "a message must stay on one line: {message:?}"
    );
}

fn csv_round_trip(data: &Dataset) {
    let (mut a, mut t, mut s) = (Vec::new(), Vec::new(), Vec::new());
    data.write_csv(&mut a, &mut t, Some(&mut s))
        .expect("writing to memory");
    let again = Dataset::from_csv(&a[..], &t[..], Some(&s[..]))
        .unwrap_or_else(|e| panic!("saved CSV rejected: {e:?}"));
    assert_eq!(&again, data, "CSV round trip");
}

fn json_round_trip(data: &Dataset) {
    let json = data.to_json(false);
    let back = Dataset::from_json_str(&json)
        .unwrap_or_else(|e| panic!("saved JSON rejected: {e:?}\n{json}"));
    assert_eq!(&back, data, "JSON round trip");
    assert_eq!(back.to_json(false), json, "JSON bytes");
}

/// Queries on whatever was accepted must not panic either.
fn queries(data: &Dataset) {
    for at in ["1990", "2020-06", "2021-08-15", "0001..9999"] {
        let sel: Selector = at.parse().expect("a valid selector");
        let snap = data.snapshot(&sel);
        let _ = (snap.actors().count(), snap.ties().count());
    }
    let from = "2000".parse().expect("a valid selector");
    let to = "2025-02".parse().expect("a valid selector");
    let _ = data.diff(&from, &to).changed().count();
    // Rule R5: the robustness of balance and camps is what the dataset
    // without its alleged ties gives.
    let sel: Selector = "2000..2025".parse().expect("a valid selector");
    let reported = data.with_min_confidence(tiegraph::Confidence::Reported);
    assert!(reported
        .ties()
        .iter()
        .all(|t| t.confidence() >= tiegraph::Confidence::Reported));
    let balance = tiegraph::analysis::balance(&data.snapshot(&sel));
    let without = tiegraph::analysis::count_triangles(&reported.snapshot(&sel).pairs());
    assert_eq!(*balance.robustness().without_alleged(), without);
}

/// The link policy (`tiegraph::link`) on an arbitrary reference: a link is
/// an `http(s)` URL carrying no character that could end a string, an
/// attribute or a tag; and a diagram whose tie cites the reference parses
/// as DOT, with a `URL` exactly when the reference is a link.
pub fn link(data: &[u8]) {
    let reference = String::from_utf8_lossy(data);
    let link = tiegraph::link::web_link(&reference);
    if let Some(url) = &link {
        let lower = url.to_ascii_lowercase();
        assert!(lower.starts_with("http://") || lower.starts_with("https://"));
        assert!(
            !url.chars().any(|c| c.is_whitespace()
                || c.is_control()
                || matches!(c, '"' | '<' | '>' | '\'' | '`' | '\\')),
            "{url:?} from {reference:?}"
        );
        assert_eq!(tiegraph::link::web_link(url).as_deref(), Some(url.as_ref()));
    }
    let doc = serde_json::json!({
        "actors": [{"id": "A", "name": "Alpha", "kind": "state"}, {"id": "B", "name": "Beta", "kind": "group"}],
        "sources": [{"id": "s1", "reference": reference}],
        "ties": [{"id": "t1", "source": "A", "target": "B", "kind": "hostility",
                  "start": "2000", "sources": ["s1"]}],
    });
    // References the loader refuses (control characters) reach no output.
    let Ok(data) = Dataset::from_json_str(&doc.to_string()) else {
        return;
    };
    let dot = snapshot_dot(
        &data.snapshot(&"2010".parse().expect("a valid selector")),
        &DiagramOptions::default(),
    );
    if let Err(e) = graphviz_rust::parse(&dot) {
        panic!("the DOT does not parse: {e}\n{dot}");
    }
    assert_eq!(dot.contains(" URL=\""), link.is_some(), "{dot}");
}

/// `tiegraph ingest` on arbitrary bytes as one file of `family`, skipping
/// bad rows and then with `strict`: no panic; a row problem (with
/// `strict`) or a header problem is one line naming the file; a result
/// counts every row once, its pair-periods table goes through CSV and back
/// unchanged, and stage 2 on the table read back gives the same dataset.
pub fn ingest(family: tiegraph::ingest::Family, data: &[u8]) {
    use tiegraph::ingest::{
        ingest_readers, stage2, Family, IngestError, IngestOptions, PairPeriods,
    };
    let name = match family {
        Family::Gdelt1 | Family::Gdelt2 => "f.export.CSV",
        Family::Icews => "f.tab",
        Family::Ucdp | Family::Acled => "f.csv",
    };
    for strict in [false, true] {
        let mut options = IngestOptions::new(family);
        options.strict = strict;
        options.min_events = 1;
        options.threads = 2;
        let reader: Box<dyn std::io::Read + Send> = Box::new(std::io::Cursor::new(data.to_vec()));
        match ingest_readers(vec![(name.into(), reader)], &options) {
            Ok(out) => {
                let s = &out.summary;
                assert_eq!(s.rows_read, s.rows_used + s.skipped.total());
                let mut csv = Vec::new();
                out.pair_periods
                    .write_csv(&mut csv)
                    .expect("write the table");
                let back = PairPeriods::read_csv(&csv[..], "pp.csv").expect("read the table back");
                assert_eq!(back, out.pair_periods);
                let again = stage2(&back, &options.stage2()).expect("stage 2 again");
                assert_eq!(again, out.dataset);
            }
            Err(IngestError::BadRow(p)) | Err(IngestError::Input(p)) => {
                assert!(strict || p.location().line() == Some(1), "{p}");
                assert_eq!(p.location().file_name(), name);
                assert!(!p.to_string().contains('\n'), "{p}");
            }
            Err(other) => panic!("unexpected: {other}"),
        }
    }
}

/// Problems that each have a message, stay on one line, name one of
/// `files` and, when they name a line, a line from 1 on.
fn problem_list<'p>(problems: impl IntoIterator<Item = &'p tiegraph::Problem>, files: &[&str]) {
    for p in problems {
        let shown = p.to_string();
        assert!(!p.message().is_empty(), "empty message: {p:?}");
        one_line(&shown);
        let file = p.location().file_name();
        assert!(files.contains(&file), "unexpected file {file:?} in {shown}");
        assert_ne!(p.location().line(), Some(0), "line 0: {shown}");
    }
}

/// A dataset read back from one of its own exports is what was exported;
/// its CSV and JSON forms load back equal; queries do not panic.
fn exports_round_trip(data: &Dataset) {
    csv_round_trip(data);
    json_round_trip(data);
    let graphml = tiegraph::export::graphml(data, None);
    let back = tiegraph::export::read_graphml(&graphml)
        .unwrap_or_else(|e| panic!("own GraphML rejected: {e:?}\n{graphml}"));
    // GraphML writes the characters XML 1.0 cannot hold (C0 controls but
    // tab, line feed and carriage return; U+FFFE, U+FFFF) as U+FFFD
    // (docs/exports.md): a dataset with one comes back with U+FFFD.
    let json = data.to_json(false);
    if !json.contains("\\u00") && !json.contains(['\u{FFFE}', '\u{FFFF}']) {
        assert_eq!(&back, data, "GraphML round trip");
    }
    let jgf = tiegraph::export::jgf(data, None);
    let back = tiegraph::export::read_jgf(&jgf)
        .unwrap_or_else(|e| panic!("own JGF rejected: {e:?}\n{jgf}"));
    assert_eq!(&back, data, "JGF round trip");
    queries(data);
}

/// The GraphML reader on arbitrary text (inputs that are not UTF-8 are
/// skipped: it takes a `&str`), with both rules for ties outside their
/// actors' phases.
///
/// It must never panic; a rejected document must report one-line
/// problems naming the file and a line from 1 on; an accepted one must
/// come back equal from its own GraphML, JGF, CSV and JSON.
pub fn graphml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for rule in [tiegraph::PhaseRule::Strict, tiegraph::PhaseRule::Clip] {
        match tiegraph::export::read_graphml_with(text, "in.graphml", rule) {
            Ok(data) => exports_round_trip(&data),
            Err(e) => {
                problems(&e, &["in.graphml"]);
                // Every problem of the GraphML reader is on an element.
                for p in e.problems().into_iter().flatten() {
                    assert!(p.location().line().is_some(), "no line: {p}");
                }
            }
        }
    }
}

/// The JSON Graph Format reader on arbitrary text (inputs that are not
/// UTF-8 are skipped), with both phase rules.
///
/// It must never panic; a rejected document must report one-line problems
/// naming the file (and a line from 1 on when they give one); an accepted
/// one must come back equal from its own GraphML, JGF, CSV and JSON.
pub fn jgf(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for rule in [tiegraph::PhaseRule::Strict, tiegraph::PhaseRule::Clip] {
        match tiegraph::export::read_jgf_with(text, "in.json", rule) {
            Ok(data) => exports_round_trip(&data),
            Err(e) => problems(&e, &["in.json"]),
        }
    }
}

/// Which Correlates of War file a `cow` check reads.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Cow {
    States,
    Midb,
    Alliance,
}

/// A COW importer on arbitrary bytes. For `States` the bytes are the state
/// list; for `Midb` and `Alliance` they are a state list and the file
/// separated by [`SEPARATOR`] (no separator: no list, the file alone).
/// Each is read skipping bad rows (with `--phases clip`, same-side ties
/// as cooperation) and then strictly (`--phases strict`).
///
/// No panic; every row is counted once (read = used + skipped); a problem
/// stays on one line and names its file, with a line from 1 on (skipping
/// bad rows, only the header's line 1 can fail the reading); an accepted
/// dataset round-trips through CSV and JSON.
pub fn cow(which: Cow, data: &[u8]) {
    use tiegraph::ingest::cow::{
        cow_alliance, cow_midb, cow_states, CowOptions, SameSide, StateSystem,
    };
    use tiegraph::ingest::IngestError;
    let (states, file) = match which {
        Cow::States => (None, data),
        Cow::Midb | Cow::Alliance => match data.iter().position(|&b| b == SEPARATOR) {
            Some(at) => (Some(&data[..at]), &data[at + 1..]),
            None => (None, data),
        },
    };
    let name = match which {
        Cow::States => "states.csv",
        Cow::Midb => "midb.csv",
        Cow::Alliance => "alliance.csv",
    };
    let check_error = |e: &IngestError, strict: bool, files: &[&str]| match e {
        IngestError::Input(p) | IngestError::BadRow(p) => {
            problem_list([p], files);
            assert!(strict || p.location().line() == Some(1), "{p}");
            if matches!(e, IngestError::BadRow(_)) {
                assert!(p.location().line().is_some(), "{p}");
            }
        }
        IngestError::Invalid(problems) => problem_list(problems, files),
        other => panic!("unexpected: {other}"),
    };
    for strict in [false, true] {
        let mut options = CowOptions::default();
        options.strict = strict;
        if !strict {
            options.phases = tiegraph::PhaseRule::Clip;
            options.same_side = SameSide::Cooperation;
        }
        if let Some(states) = states {
            match StateSystem::from_csv(states, "states.csv", &options) {
                Ok(list) => options.states = Some(list),
                Err(e) => {
                    check_error(&e, strict, &["states.csv"]);
                    continue;
                }
            }
        }
        let out = match which {
            Cow::States => cow_states(file, name, &options),
            Cow::Midb => cow_midb(file, name, &options),
            Cow::Alliance => cow_alliance(file, name, &options),
        };
        match out {
            Ok(out) => {
                let s = &out.summary;
                assert_eq!(s.rows_read, s.rows_used + s.skipped.total());
                csv_round_trip(&out.dataset);
                json_round_trip(&out.dataset);
            }
            // The builder's problems name the file of the rows (or the
            // state list, for phases).
            Err(e) => check_error(&e, strict, &[name, "states.csv"]),
        }
    }
}

/// The pair-periods table reader (`tiegraph ingest --input pair-periods`)
/// on arbitrary bytes as a CSV file.
///
/// No panic; a problem is one line naming the file and a line from 1 on;
/// an accepted table writes back to CSV that reads back equal (and
/// writes the same bytes again), and stage 2 turns it into a dataset that
/// round-trips through CSV and JSON.
pub fn pair_periods(data: &[u8]) {
    use tiegraph::ingest::{stage2, IngestError, PairPeriods, Stage2Options};
    match PairPeriods::read_csv(data, "pp.csv") {
        Ok(table) => {
            table_csv_round_trip(&table);
            for min_events in [1, 3] {
                let dataset = stage2(&table, &Stage2Options { min_events })
                    .unwrap_or_else(|e| panic!("stage 2 refused a table that was read: {e}"));
                csv_round_trip(&dataset);
                json_round_trip(&dataset);
            }
        }
        Err(IngestError::Input(p)) => {
            problem_list([&p], &["pp.csv"]);
            assert!(p.location().line().is_some(), "no line: {p}");
        }
        Err(other) => panic!("unexpected: {other}"),
    }
}

/// A pair-periods table written as CSV reads back equal, and writes the
/// same bytes again.
fn table_csv_round_trip(table: &tiegraph::ingest::PairPeriods) {
    use tiegraph::ingest::PairPeriods;
    let mut csv = Vec::new();
    table.write_csv(&mut csv).expect("write the table");
    let back = PairPeriods::read_csv(&csv[..], "pp.csv")
        .unwrap_or_else(|e| panic!("own table rejected: {e}"));
    assert_eq!(&back, table, "table round trip");
    let mut again = Vec::new();
    back.write_csv(&mut again).expect("write the table");
    assert_eq!(again, csv, "table bytes");
}

/// The tables of `tests/fixtures/export/small`, beside the one a `parquet`
/// input gives in Parquet.
const SMALL: [(&str, &[u8]); 3] = [
    (
        "actors",
        include_bytes!("../tests/fixtures/export/small/actors.csv"),
    ),
    (
        "ties",
        include_bytes!("../tests/fixtures/export/small/ties.csv"),
    ),
    (
        "sources",
        include_bytes!("../tests/fixtures/export/small/sources.csv"),
    ),
];

/// The Parquet readers on arbitrary bytes: the first byte picks what the
/// rest is (`b % 4`: `actors.parquet`, `ties.parquet` or `sources.parquet`
/// in a folder whose other two tables are the CSV files of
/// `tests/fixtures/export/small`, or a pair-periods table), written to a
/// file and read as `--data` (or `--input pair-periods`) reads it.
///
/// No panic; a rejected dataset has one-line problems naming one of its
/// files, and a row from 1 when they name one; an accepted dataset
/// round-trips through Parquet, CSV and JSON; an accepted pair-periods
/// table through Parquet and CSV.
pub fn parquet(data: &[u8]) {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("tiegraph-fuzz-parquet-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    if pick % 4 == 3 {
        pair_periods_parquet(&dir, bytes);
        return;
    }
    let table = SMALL[usize::from(pick % 4)].0;
    for (stem, csv) in SMALL {
        if stem == table {
            std::fs::write(dir.join(format!("{stem}.parquet")), bytes).expect("write");
        } else {
            std::fs::write(dir.join(format!("{stem}.csv")), csv).expect("write");
        }
    }
    match Dataset::load_dir(&dir) {
        Ok(data) => {
            csv_round_trip(&data);
            json_round_trip(&data);
            let again = dir.join("again");
            data.save_parquet_dir(&again).expect("saved as Parquet");
            let back =
                Dataset::load_dir(&again).unwrap_or_else(|e| panic!("own Parquet rejected: {e:?}"));
            assert_eq!(back, data, "Parquet round trip");
        }
        Err(e) => {
            let names: Vec<String> = ["actors", "ties", "sources"]
                .iter()
                .map(|stem| {
                    let ext = if *stem == table { "parquet" } else { "csv" };
                    dir.join(format!("{stem}.{ext}")).display().to_string()
                })
                .collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            problems(&e, &names);
        }
    }
}

fn pair_periods_parquet(dir: &std::path::Path, bytes: &[u8]) {
    use tiegraph::ingest::{IngestError, PairPeriods};
    let path = dir.join("pp.parquet");
    std::fs::write(&path, bytes).expect("write");
    let open = |p: &std::path::Path| std::fs::File::open(p).expect("open");
    match PairPeriods::read_parquet(open(&path), "pp.parquet") {
        Ok(table) => {
            table_csv_round_trip(&table);
            let again = dir.join("again.parquet");
            let file = std::fs::File::create(&again).expect("create");
            table.write_parquet(file).expect("write the table");
            let back = PairPeriods::read_parquet(open(&again), "pp.parquet")
                .unwrap_or_else(|e| panic!("own Parquet table rejected: {e}"));
            assert_eq!(back, table, "Parquet round trip");
        }
        Err(IngestError::Input(p)) => problem_list([&p], &["pp.parquet"]),
        Err(other) => panic!("unexpected: {other}"),
    }
}
