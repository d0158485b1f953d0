//! What each fuzz target checks, shared with `tests/corpus.rs`: the fuzz
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
    for p in problems {
        let shown = p.to_string();
        assert!(!p.message().is_empty(), "empty message: {p:?}");
        one_line(&shown);
        let file = p.location().file_name();
        assert!(files.contains(&file), "unexpected file {file:?}");
        assert_ne!(p.location().line(), Some(0), "line 0: {shown}");
    }
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
