//! The explorer page (`tiegraph explore`): its embedded data and security
//! policy, the `explore` command, and the page itself in a real browser.
//!
//! The browser test runs `tests/browser/explore_check.py` with the Python
//! that `TIEGRAPH_PYTHON` names (`.ci/run` makes a virtualenv with
//! `tests/requirements-python.txt`, which has Playwright) and drives the
//! system Chromium (`TIEGRAPH_CHROMIUM`, or `chromium`, `chromium-browser`,
//! `google-chrome` on `PATH`); it never downloads a browser. Without
//! either it prints why and passes. The figures it checks the page against
//! are computed here, by the library.

use std::path::PathBuf;
use std::process::Command;

use base64::Engine as _;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tiegraph::analysis::count_triangles;
use tiegraph::explore::{content_security_policy, Explorer, StepCounts};
use tiegraph::{default_dataset, Dataset, Selector, Sign, TieKind};

fn sel(text: &str) -> Selector {
    text.parse().unwrap()
}

fn day(text: &str) -> i32 {
    text.parse::<tiegraph::Date>().unwrap().first_day()
}

/// The text between `open` (the first after `from`) and the next `close`.
fn between<'a>(page: &'a str, open: &str, close: &str) -> &'a str {
    let start = page.find(open).unwrap_or_else(|| panic!("no {open}")) + open.len();
    let end = page[start..].find(close).unwrap() + start;
    &page[start..end]
}

fn sha256(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

fn embedded_json(page: &str) -> Value {
    let text = between(
        page,
        "<script type=\"application/json\" id=\"tiegraph-data\">",
        "</script>",
    );
    serde_json::from_str(text).unwrap()
}

/// The page's own script: the last `<script>` element.
fn script(page: &str) -> &str {
    let start = page.rfind("<script>").unwrap() + "<script>".len();
    let end = page[start..].find("</script>").unwrap() + start;
    &page[start..end]
}

fn embedded() -> Explorer<'static> {
    Explorer::new(default_dataset(), sel("2021..2026"))
}

#[test]
fn embedded_data_snapshot() {
    let data = embedded().data();
    insta::assert_snapshot!(serde_json::to_string_pretty(&data).unwrap());
}

#[test]
fn csp_snapshot() {
    insta::assert_snapshot!(content_security_policy());
}

#[test]
fn csp_hashes_are_those_of_the_inline_script_and_style() {
    let page = embedded().html();
    let policy = between(
        &page,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"",
        "\"",
    );
    assert_eq!(policy, content_security_policy());
    assert!(policy.starts_with("default-src 'none';"));
    assert!(!policy.contains("unsafe"), "{policy}");
    let style = between(&page, "<style>", "</style>");
    let code = script(&page);
    assert!(
        policy.contains(&format!("script-src '{}'", sha256(code))),
        "{policy}"
    );
    assert!(
        policy.contains(&format!("style-src '{}'", sha256(style))),
        "{policy}"
    );
    // One style sheet and one script run; the data block does not.
    assert_eq!(page.matches("<style").count(), 1);
    assert_eq!(page.matches("<script").count(), 2);
    assert!(!page.contains(" style=\""), "an inline style attribute");
    // No inline event handler (`onclick="…"`) in the markup.
    let markup = page.replacen(code, "", 1);
    for (at, _) in markup.match_indices(" on") {
        let name: String = markup[at + 1..]
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .collect();
        assert!(
            !markup[at + 1 + name.len()..].starts_with('='),
            "an inline event handler: {name}"
        );
    }
}

#[test]
fn the_page_fetches_nothing() {
    let page = embedded().html();
    for bad in [
        " src=", "<link", "@import", "<iframe", "<img", "<object", "<embed",
    ] {
        assert!(!page.contains(bad), "the page has {bad}");
    }
    assert_eq!(
        page.matches("url(").count(),
        page.matches("url(#arrow-").count()
    );
    // Web addresses: only the SVG namespace, outside the data, whose
    // source links become `<a href>` in the focus panel.
    let data = between(
        &page,
        "<script type=\"application/json\" id=\"tiegraph-data\">",
        "</script>",
    );
    let rest = page.replacen(data, "", 1);
    for scheme in ["http://", "https://"] {
        for (at, _) in rest.match_indices(scheme) {
            assert!(
                rest[at..].starts_with("http://www.w3.org/2000/svg"),
                "{}",
                &rest[at..at + 60]
            );
        }
    }
    for fetch in [
        "fetch(",
        "XMLHttpRequest",
        "import(",
        "new Image",
        "sendBeacon",
        "WebSocket",
    ] {
        assert!(!script(&page).contains(fetch), "{fetch}");
    }
}

#[test]
fn the_page_is_the_same_bytes_every_time() {
    let (a, b) = (embedded().html(), embedded().html());
    assert_eq!(a, b);
    assert!(
        a.len() < 300 * 1024,
        "{} bytes for the embedded dataset",
        a.len()
    );
    let json = embedded_json(&a);
    assert_eq!(json, serde_json::to_value(embedded().data()).unwrap());
}

#[test]
fn chart_steps_are_the_library_counts() {
    let data = default_dataset();
    let model = embedded().data();
    assert_eq!(model.from, day("2021-01-01"));
    assert_eq!(model.to, day("2026-12-31"));
    assert!(model.steps.len() > 10);
    for step in &model.steps {
        assert_eq!(Some(*step), StepCounts::at(data, step.day));
    }
    // Each tie in force during the range is embedded once, and nothing else.
    let range = data.snapshot(&sel("2021..2026"));
    let ids: Vec<&str> = model.ties.iter().map(|t| t.id.as_str()).collect();
    let want: Vec<&str> = range.ties().map(|t| t.id()).collect();
    assert_eq!(ids, want);
    // A mediation is one tie with two lines.
    let t047 = model.ties.iter().find(|t| t.id == "t047").unwrap();
    assert_eq!(t047.kind, TieKind::Mediation);
    assert_eq!(t047.pairs.len(), 2);
    assert_eq!(t047.start_text, "c. 2025-05-21");
}

#[test]
fn every_actor_has_a_place_inside_the_drawing() {
    let model = embedded().data();
    for a in &model.actors {
        assert!(
            a.x - a.w / 2.0 >= 0.0 && a.x + a.w / 2.0 <= model.width,
            "{}",
            a.id
        );
        assert!(
            a.y - a.h / 2.0 >= 0.0 && a.y + a.h / 2.0 <= model.height,
            "{}",
            a.id
        );
    }
    // Ties of one pair in force at the same time get different lanes.
    for (i, t) in model.ties.iter().enumerate() {
        for u in &model.ties[..i] {
            let overlap = u.end.is_none_or(|e| e > t.start) && t.end.is_none_or(|e| e > u.start);
            for (j, p) in t.pairs.iter().enumerate() {
                for (k, q) in u.pairs.iter().enumerate() {
                    if p == q && overlap {
                        assert_ne!(t.lanes[j], u.lanes[k], "{} and {}", t.id, u.id);
                    }
                }
            }
        }
    }
}

#[test]
fn hostile_text_stays_data() {
    let actors = "id,name,kind,aliases\n\
        A,\"</script><script>alert(1)</script>\",state,\"<!--;x\"\n\
        B,\"B & <b>\u{2028}\",group,\n";
    let ties = "id,source,target,kind,start,end,sources,note\n\
        t1,A,B,hostility,2020,,s1;s2;s3,\"</SCRIPT> & <!-- \"\"quoted\"\"\"\n";
    let sources = "id,title,publisher,published,reference,url\n\
        s1,\"<i>T</i>\",P,2020?,javascript:alert(1),https://example.org/a?b=1&c=2\n\
        s2,,,,\"https://x.org/\"\"onmouseover=\"\"alert(1)\",\n\
        s3,,,,javascript:alert(1),\n";
    let data =
        Dataset::from_csv(actors.as_bytes(), ties.as_bytes(), Some(sources.as_bytes())).unwrap();
    let page = Explorer::new(&data, sel("2020..2021"))
        .title("<b>title</b>")
        .html();
    assert!(page.contains("<title>&lt;b&gt;title&lt;/b&gt;</title>"));
    let data_block = between(
        &page,
        "<script type=\"application/json\" id=\"tiegraph-data\">",
        "</script>",
    );
    for bad in ["<", ">", "&", "\u{2028}"] {
        assert!(!data_block.contains(bad), "{bad} in the data");
    }
    let json = embedded_json(&page);
    assert_eq!(
        json["actors"][0]["phases"][0]["name"],
        "</script><script>alert(1)</script>"
    );
    assert_eq!(json["ties"][0]["note"], "</SCRIPT> & <!-- \"quoted\"");
    // Only a web address becomes a link; a script URL stays text.
    assert_eq!(json["sources"][0]["url"], "https://example.org/a?b=1&c=2");
    assert_eq!(json["sources"][0]["reference"], "javascript:alert(1)");
    assert_eq!(json["sources"][0]["published"], "2020?");
    assert_eq!(
        json["sources"][1]["url"],
        "https://x.org/%22onmouseover=%22alert(1)"
    );
    assert_eq!(json["sources"][2]["url"], Value::Null);
}

#[test]
fn min_confidence_leaves_out_weaker_ties() {
    let data = default_dataset();
    let all = embedded().data();
    let reported = embedded()
        .min_confidence(tiegraph::Confidence::Reported)
        .data();
    assert!(reported.ties.len() < all.ties.len());
    assert!(reported
        .ties
        .iter()
        .all(|t| t.confidence >= tiegraph::Confidence::Reported));
    let strict = data.with_min_confidence(tiegraph::Confidence::Reported);
    for step in &reported.steps {
        assert_eq!(Some(*step), StepCounts::at(&strict, step.day));
    }
}

mod cli {
    use assert_cmd::Command;
    use predicates::prelude::*;

    fn tiegraph() -> Command {
        Command::cargo_bin("tiegraph").unwrap()
    }

    #[test]
    fn writes_the_page() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("explorer.html");
        tiegraph()
            .args(["explore", "--from", "2021", "--to", "2026", "-o"])
            .arg(&path)
            .assert()
            .success();
        let page = std::fs::read_to_string(&path).unwrap();
        assert_eq!(page, super::embedded().html());
        tiegraph()
            .args(["explore", "--from", "2025-01", "--to", "2025-03-15"])
            .args(["--min-confidence", "confirmed", "--title", "Q1"])
            .assert()
            .success()
            .stdout(predicate::str::contains("<title>Q1</title>"))
            .stdout(predicate::str::contains("confirmed ties only"));
    }

    #[test]
    fn report_links_the_explorer_it_writes_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("afpak.html");
        tiegraph()
            .args([
                "report",
                "--from",
                "2024",
                "--to",
                "2026",
                "--interactive",
                "-o",
            ])
            .arg(&path)
            .assert()
            .success();
        let report = std::fs::read_to_string(&path).unwrap();
        assert!(report.contains("<a href=\"afpak-explorer.html\">"));
        let explorer = std::fs::read_to_string(dir.path().join("afpak-explorer.html")).unwrap();
        let range = super::sel("2024..2026");
        assert_eq!(
            explorer,
            tiegraph::explore::Explorer::new(tiegraph::default_dataset(), range).html()
        );
        // Two files need a name to put the second beside.
        tiegraph()
            .args(["report", "--from", "2024", "--to", "2026", "--interactive"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--interactive writes two files"));
    }

    #[test]
    fn rejects_bad_usage() {
        for (args, message) in [
            (
                vec!["--from", "2026", "--to", "2021"],
                "--to 2021 is before --from 2026",
            ),
            (vec!["--from", "2021-13", "--to", "2026"], "--from: 2021-13"),
            (vec!["--from", "2021~", "--to", "2026"], "--from"),
            (
                vec!["--from", "2021", "--to", "2026", "--format", "json"],
                "does not write --format json",
            ),
        ] {
            tiegraph()
                .arg("explore")
                .args(&args)
                .assert()
                .code(2)
                .stderr(predicate::str::contains(message));
        }
    }
}

const CHROMIUM: [&str; 4] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// The Python with Playwright and the Chromium to drive, or `None`, saying
/// why the browser test is skipped.
fn browser_tools() -> Option<(PathBuf, PathBuf)> {
    let Some(python) = std::env::var_os("TIEGRAPH_PYTHON").map(PathBuf::from) else {
        println!(
            "SKIPPED: TIEGRAPH_PYTHON is not set, the explorer is not tried in a browser \
             (python3 -m venv /tmp/venv && /tmp/venv/bin/pip install -r \
             tests/requirements-python.txt, then TIEGRAPH_PYTHON=/tmp/venv/bin/python)"
        );
        return None;
    };
    let has_playwright = Command::new(&python)
        .args(["-c", "import playwright.sync_api"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_playwright {
        println!(
            "SKIPPED: {} has no Playwright (pip install -r tests/requirements-python.txt)",
            python.display()
        );
        return None;
    }
    let chromium = std::env::var_os("TIEGRAPH_CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| {
            let path = std::env::var_os("PATH")?;
            std::env::split_paths(&path)
                .flat_map(|dir| CHROMIUM.map(|name| dir.join(name)))
                .find(|p| p.is_file())
        });
    let Some(chromium) = chromium else {
        println!(
            "SKIPPED: no Chromium found for the explorer's browser test (set \
             TIEGRAPH_CHROMIUM, or install one of {}; on Debian: apt-get install chromium)",
            CHROMIUM.join(", ")
        );
        return None;
    };
    Some((python, chromium))
}

/// Where the browser test leaves its screenshots.
fn artefacts() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("test-artifacts").join("explorer")
}

/// The figures the page must show, from the library.
fn expected(data: &Dataset, model: &tiegraph::explore::ExplorerData) -> Value {
    let mut dates = serde_json::Map::new();
    for date in [
        "2021-01-01",
        "2021-08-15",
        "2022-06-01",
        "2023-06-01",
        "2025-05-21",
        "2025-10-15",
        "2026-03-01",
        "2026-12-31",
    ] {
        let c = StepCounts::at(data, day(date)).unwrap();
        // The drawn ties are exactly those of `snapshot --at DATE`.
        assert_eq!(c.ties, data.snapshot(&sel(date)).ties().count());
        dates.insert(date.to_owned(), serde_json::to_value(c).unwrap());
    }
    let at = sel("2025-11-01");
    let snap = data.snapshot(&at);
    let pak = data.resolve("PAK").unwrap();
    let mine: Vec<&tiegraph::Tie> = snap.ties().filter(|t| t.involves(pak)).collect();
    let mut neighbours: Vec<&str> = mine
        .iter()
        .flat_map(|t| t.pairs())
        .filter(|&(a, b)| a == pak || b == pak)
        .map(|(a, b)| data.actor_id(if a == pak { b } else { a }))
        .collect();
    neighbours.sort_unstable();
    neighbours.dedup();
    let links: Vec<String> = mine
        .iter()
        .flat_map(|t| data.tie_sources(t))
        .filter_map(|s| {
            s.url()
                .into_iter()
                .chain(s.reference())
                .find_map(tiegraph::link::web_link)
                .map(|l| l.into_owned())
        })
        .collect();
    let pak_i = model.actors.iter().position(|a| a.id == "PAK").unwrap();
    let tal_i = model.actors.iter().position(|a| a.id == "TAL").unwrap();
    let pair = model
        .pairs
        .iter()
        .position(|p| *p == [pak_i.min(tal_i), pak_i.max(tal_i)])
        .unwrap();
    let pair_ties = model
        .ties
        .iter()
        .filter(|t| t.pairs.contains(&pair))
        .count();
    let window = sel("2025-01-01..2025-06-30");
    let wsnap = data.snapshot(&window);
    let wpairs = wsnap.pairs();
    let triangles = count_triangles(&wpairs);
    let count = |s: Sign| wpairs.iter().filter(|p| p.sign() == s).count();
    json!({
        "from": model.from,
        "to": model.to,
        "to_iso": "2026-12-31",
        "dates": dates,
        "story": {"patronage": "2021-01-01", "mediation": "2025-05-21", "war": "2025-10-15"},
        "focus": {
            "date": "2025-11-01", "actor": "PAK", "ties": mine.len(),
            "tie_ids": mine.iter().map(|t| t.id()).collect::<Vec<_>>(),
            "neighbours": neighbours, "links": links,
            "pair": "PAK TAL", "pair_ties": pair_ties,
        },
        "filter": {
            "date": "2025-11-01", "kind": "hostility",
            "count": snap.ties().filter(|t| t.kind() == TieKind::Hostility).count(),
        },
        "window": {
            "from": "2025-01-01", "to": "2025-06-30",
            "ties": wsnap.ties().count(), "pairs": wpairs.len(),
            "positive": count(Sign::Positive), "negative": count(Sign::Negative),
            "balanced": triangles.balanced, "unbalanced": triangles.unbalanced,
        },
        "search": {"query": "islamabad", "actor": "PAK"},
    })
}

#[test]
fn the_explorer_works_in_chromium() {
    let Some((python, chromium)) = browser_tools() else {
        return;
    };
    let data = default_dataset();
    let explorer = embedded();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("explorer.html");
    std::fs::write(&page, explorer.html()).unwrap();
    let expected_path = dir.path().join("expected.json");
    let expected = expected(data, &explorer.data());
    std::fs::write(&expected_path, expected.to_string()).unwrap();
    let out = artefacts();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/browser/explore_check.py");
    let run = Command::new(&python)
        .arg(&script)
        .arg(&page)
        .arg(&expected_path)
        .arg(&out)
        .arg(&chromium)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python.display()));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "the browser check failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // Timings are recorded (docs/performance.md), never a pass/fail test.
    println!(
        "explorer slider steps in Chromium: {}; screenshots in {}",
        stdout.trim(),
        out.display()
    );
}
