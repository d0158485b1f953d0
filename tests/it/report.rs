//! Reports in a real browser (headless Chromium), and the `report` command.
//!
//! The browser tests open the HTML report from a `file://` URL, with no
//! network, and check three things:
//!
//! 1. **It renders without errors.** A screenshot is taken with Chromium's
//!    log on stderr; any console message (a script error, a blocked load —
//!    the report's content security policy forbids every fetch, and Chromium
//!    logs each attempt as a console message) fails the test. The PNG must
//!    have the window's size and real content.
//! 2. **The diagrams have a size.** The report has no script, and must not
//!    get one, so the test makes a *copy* of the page with its security
//!    policy removed and a short script added at the end of the body that
//!    writes each `<svg>`'s `getBoundingClientRect()` into `data-w` and
//!    `data-h` attributes; `--dump-dom` prints the DOM after the page has
//!    loaded, and the test reads the sizes back. This measures the layout
//!    the browser actually computed, without a DevTools client.
//! 3. **It prints.** `--print-to-pdf` must give a PDF of several pages.
//!
//! Chromium is found as `$TIEGRAPH_CHROMIUM`, or `chromium`,
//! `chromium-browser`, `google-chrome` or `google-chrome-stable` on `PATH`.
//! Without one the browser tests print why and pass.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tiegraph::report::Report;
use tiegraph::{default_dataset, Dataset, Step};

const NAMES: [&str; 4] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// The Chromium to test with, or `None` (with a message saying why).
fn chromium() -> Option<PathBuf> {
    if !cfg!(feature = "render") {
        println!("skipping the browser test: built without the `render` feature");
        return None;
    }
    if let Some(path) = std::env::var_os("TIEGRAPH_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in NAMES {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    println!(
        "skipping the browser test: no Chromium found (set TIEGRAPH_CHROMIUM, or install \
         one of {}; on Debian: apt-get install chromium)",
        NAMES.join(", ")
    );
    None
}

/// What a Chromium run printed.
struct Run {
    stdout: String,
    stderr: String,
}

/// Runs headless Chromium on `page` with `args`, in its own profile under
/// `dir`, for at most two minutes.
fn run_chromium(bin: &Path, dir: &Path, name: &str, args: &[String], page: &Path) -> Run {
    let profile = dir.join(format!("profile-{name}"));
    let (out, err) = (
        dir.join(format!("{name}.stdout")),
        dir.join(format!("{name}.stderr")),
    );
    let mut child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(File::create(&out).unwrap())
        .stderr(File::create(&err).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("Chromium ({name}) did not finish in two minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let run = Run {
        stdout: std::fs::read_to_string(&out).unwrap_or_default(),
        stderr: std::fs::read_to_string(&err).unwrap_or_default(),
    };
    assert!(
        status.success(),
        "Chromium ({name}) failed: {status}\n{}",
        run.stderr
    );
    run
}

/// Fails on anything the page logged: script errors, blocked loads.
fn assert_no_page_errors(run: &Run, what: &str) {
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| {
            l.contains("CONSOLE")
                || l.contains("Uncaught")
                || l.contains("Refused to")
                || l.contains("net::ERR_")
        })
        .collect();
    assert!(
        errors.is_empty(),
        "{what} logged errors:\n{}",
        errors.join("\n")
    );
}

/// Width and height of a PNG, from its header.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    assert_eq!(&png[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]), be(&png[20..24]))
}

/// The `data-w`/`data-h` sizes the measuring script wrote, with each SVG's
/// class, in page order.
fn measured(dom: &str) -> Vec<(String, f64, f64)> {
    let attr = |tag: &str, name: &str| -> Option<String> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = tag[start..].find('"')?;
        Some(tag[start..start + end].to_owned())
    };
    dom.split("<svg")
        .skip(1)
        .filter_map(|rest| {
            let tag = &rest[..rest.find('>')?];
            let w = attr(tag, "data-w")?.parse().ok()?;
            let h = attr(tag, "data-h")?.parse().ok()?;
            Some((attr(tag, "class").unwrap_or_default(), w, h))
        })
        .collect()
}

/// The page with its security policy removed and a script added that
/// writes each SVG's laid-out size into attributes.
fn measuring_copy(html: &str) -> String {
    let start = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .expect("a security policy");
    let end = start + html[start..].find("/>").unwrap() + 2;
    let script = "<script>for (const s of document.querySelectorAll('svg')) { \
                  const r = s.getBoundingClientRect(); \
                  s.setAttribute('data-w', r.width.toFixed(1)); \
                  s.setAttribute('data-h', r.height.toFixed(1)); }</script>";
    format!("{}{}", &html[..start], &html[end..]).replace("</body>", &format!("{script}</body>"))
}

#[test]
fn report_renders_in_chromium() {
    let Some(bin) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let data = default_dataset();
    let html = Report::new(
        data,
        "2021".parse().unwrap(),
        "2026".parse().unwrap(),
        Step::Years(1),
    )
    .html()
    .unwrap();
    let page = dir.path().join("report.html");
    std::fs::write(&page, &html).unwrap();

    // 1. A screenshot, without a single error.
    let png = dir.path().join("report.png");
    let run = run_chromium(
        &bin,
        dir.path(),
        "screenshot",
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1200,2000".to_owned(),
        ],
        &page,
    );
    assert_no_page_errors(&run, "the report");
    let bytes = std::fs::read(&png).expect("no screenshot written");
    assert_eq!(png_size(&bytes), (1200, 2000));
    // A blank page of that size compresses to a few kilobytes.
    assert!(bytes.len() > 40_000, "a nearly empty screenshot");

    // 2. Every diagram and the chart laid out with a real size.
    let copy = dir.path().join("measure.html");
    std::fs::write(&copy, measuring_copy(&html)).unwrap();
    let run = run_chromium(
        &bin,
        dir.path(),
        "measure",
        &[
            "--window-size=1200,2000".to_owned(),
            "--dump-dom".to_owned(),
        ],
        &copy,
    );
    assert_no_page_errors(&run, "the measured copy");
    let sizes = measured(&run.stdout);
    let diagrams: Vec<&(String, f64, f64)> =
        sizes.iter().filter(|(c, _, _)| c == "diagram").collect();
    let charts: Vec<&(String, f64, f64)> = sizes.iter().filter(|(c, _, _)| c == "chart").collect();
    assert_eq!(diagrams.len(), 7, "six steps and the diff: {sizes:?}");
    assert_eq!(charts.len(), 1, "{sizes:?}");
    for (class, w, h) in &sizes {
        assert!(*w > 200.0 && *h > 150.0, "a {class} of {w}×{h}");
        assert!(*w <= 1200.0, "a {class} wider than the window: {w}");
    }
    // The diff first, then the steps: all of one size (one frame for all,
    // actors pinned), one per row at the full width.
    let steps = &diagrams[1..];
    assert!(
        steps.iter().all(|d| d.1 == steps[0].1 && d.2 == steps[0].2),
        "{steps:?}"
    );
    assert!(steps[0].1 > 900.0, "steps are not one a row: {steps:?}");

    // 3. It prints, on several pages.
    let pdf = dir.path().join("report.pdf");
    let run = run_chromium(
        &bin,
        dir.path(),
        "print",
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".to_owned(),
        ],
        &page,
    );
    assert_no_page_errors(&run, "printing the report");
    let bytes = std::fs::read(&pdf).expect("no PDF written");
    assert!(bytes.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&bytes);
    let pages = text
        .split("/Count ")
        .skip(1)
        .filter_map(|s| {
            s.split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse::<u32>()
                .ok()
        })
        .max()
        .unwrap_or(0);
    assert!(pages >= 4, "the PDF has {pages} pages");
}

#[test]
fn hostile_names_stay_text_in_chromium() {
    let Some(bin) = chromium() else { return };
    let actors = "id,name,kind\n\
        H1,\"<img src=x onerror=alert(1)>\",state\n\
        H2,\"<script>alert(2)</script>\",group\n\
        H3,\"<b>&amp;</b> \"\"q\"\" ]]> <!-- -->\",organization\n";
    let ties = "id,source,target,kind,start,end,with,weight,sources,note\n\
        t1,H1,H2,alliance,2020,2021-06,,,s1,\"<u>note</u>\"\n\
        t2,H1,H2,hostility,2021-06,,,,s1,\"<style>*{display:none}</style>\"\n\
        t3,H2,H3,tension,2021,,,,,\n";
    let sources = "id,title,publisher,published,reference\n\
        s1,\"<a href=x>t</a>\",p,2021,https://example.org/\n";
    let data =
        Dataset::from_csv(actors.as_bytes(), ties.as_bytes(), Some(sources.as_bytes())).unwrap();
    let html = Report::new(
        &data,
        "2020".parse().unwrap(),
        "2022".parse().unwrap(),
        Step::Years(1),
    )
    .title("<script>alert(3)</script>")
    .html()
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("hostile.html");
    std::fs::write(&page, &html).unwrap();
    let run = run_chromium(
        &bin,
        dir.path(),
        "hostile",
        &[
            "--window-size=1200,2000".to_owned(),
            "--dump-dom".to_owned(),
        ],
        &page,
    );
    assert_no_page_errors(&run, "the hostile report");
    let dom = &run.stdout;
    assert!(dom.contains("</html>"), "no DOM dumped");
    // The browser's own serialisation: names are text, never elements.
    for element in ["<img", "<script", "<u>", "<a href=\"x\"", "<b>&amp;"] {
        assert!(!dom.contains(element), "{element} became markup");
    }
    for text in [
        "&lt;img src=x onerror=alert(1)&gt;",
        "&lt;script&gt;alert(2)&lt;/script&gt;",
        "&lt;b&gt;&amp;amp;&lt;/b&gt; \"q\" ]]&gt; &lt;!-- --&gt;",
        "&lt;style&gt;*{display:none}&lt;/style&gt;",
        "&lt;u&gt;note&lt;/u&gt;",
        "<h1>&lt;script&gt;alert(3)&lt;/script&gt;</h1>",
    ] {
        assert!(dom.contains(text), "{text} is not shown as text");
    }
    assert_eq!(dom.matches("<style>").count(), 1);
}

#[cfg(feature = "render")]
mod cli {
    use assert_cmd::Command;

    fn tiegraph() -> Command {
        Command::cargo_bin("tiegraph").unwrap()
    }

    #[test]
    fn writes_html_by_default() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.html");
        tiegraph()
            .args([
                "report", "--from", "2024", "--to", "2026", "--title", "AfPak",
            ])
            .arg("-o")
            .arg(&path)
            .assert()
            .success()
            .stdout("");
        let html = std::fs::read_to_string(&path).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<h1>AfPak</h1>"));
        // --format html writes the same bytes, to standard output.
        let out = tiegraph()
            .args([
                "report", "--from", "2024", "--to", "2026", "--title", "AfPak",
            ])
            .args(["--format", "html"])
            .output()
            .unwrap();
        assert!(out.status.success());
        assert_eq!(String::from_utf8(out.stdout).unwrap(), html);
    }

    #[test]
    fn writes_markdown_with_svgs_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("afpak.md");
        tiegraph()
            .args(["report", "--from", "2025", "--to", "2026", "--focus", "PAK"])
            .args(["--format", "md", "-o"])
            .arg(&path)
            .assert()
            .success();
        let md = std::fs::read_to_string(&path).unwrap();
        assert!(md.starts_with("# How relations changed from 2025 to 2026\n"));
        for name in ["diff-2025-2026", "chart", "2025", "2026"] {
            let file = format!("afpak-{name}.svg");
            assert!(md.contains(&format!("]({file})")), "{file} not linked");
            assert!(dir.path().join(&file).is_file(), "{file} not written");
        }
    }

    #[test]
    fn rejects_bad_usage() {
        tiegraph()
            .args(["report", "--from", "2021", "--to", "2026", "--format", "md"])
            .assert()
            .code(2)
            .stderr(predicates::str::contains("give -o REPORT.md"));
        tiegraph()
            .args([
                "report", "--from", "2021", "--to", "2026", "--format", "json",
            ])
            .assert()
            .code(2)
            .stderr(predicates::str::contains(
                "report writes --format html or md, not json",
            ));
        tiegraph()
            .args(["report", "--from", "2026", "--to", "2021"])
            .assert()
            .code(2)
            .stderr(predicates::str::contains("--to 2021 is before --from 2026"));
        tiegraph()
            .args(["report", "--from", "2021", "--to", "2026", "--step", "1w"])
            .assert()
            .code(2);
    }
}

/// The report at print size, in the system Chromium driven by Playwright
/// (`tests/browser/report_print.py`): step diagrams one per row at full
/// width, every diagram's legend at least 11 px once fitted to an A4 page,
/// no network request. Needs `TIEGRAPH_PYTHON` with Playwright
/// (`tests/requirements-python.txt`); the PDF and a screenshot go to
/// `target/test-artifacts/report/`.
#[test]
fn report_prints_legibly() {
    let Some(python) = std::env::var_os("TIEGRAPH_PYTHON") else {
        println!(
            "SKIPPED: TIEGRAPH_PYTHON is not set: the report is not checked at print size \
             (a virtualenv with tests/requirements-python.txt, then TIEGRAPH_PYTHON=its python)"
        );
        return;
    };
    if chromium().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let html = Report::new(
        default_dataset(),
        "2021".parse().unwrap(),
        "2026".parse().unwrap(),
        Step::Years(1),
    )
    .html()
    .unwrap();
    let page = dir.path().join("report.html");
    std::fs::write(&page, &html).unwrap();
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-artifacts/report");
    let out = std::process::Command::new(&python)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/report_print.py"))
        .arg(&page)
        .arg(&shots)
        .output()
        .expect("TIEGRAPH_PYTHON runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{said}");
    assert!(out.status.success(), "the report at print size:\n{said}");
}

/// The actors whose node in an SVG diagram has the outline of a change of
/// camp (`#d500f9`, the style table's), by id.
fn outlined(svg: &str) -> Vec<String> {
    let mut ids: Vec<String> = svg
        .split("<g id=\"actor:")
        .skip(1)
        .filter_map(|node| {
            let (id, rest) = node.split_once('"')?;
            let end = rest.find("<g id=\"tie:").unwrap_or(rest.len());
            rest[..end]
                .contains("stroke=\"#d500f9\"")
                .then(|| id.to_owned())
        })
        .collect();
    ids.sort();
    ids
}

#[test]
fn switchers_are_listed_and_marked_as_camps_over_time_finds_them() {
    use tiegraph::analysis::{camps_over_time, CampsOptions};
    let data = default_dataset();
    let (from, to) = ("2021".parse().unwrap(), "2026".parse().unwrap());
    let md = Report::new(data, from, to, Step::Years(1))
        .markdown("r")
        .unwrap();
    let steps: Vec<tiegraph::Selector> = Step::Years(1).periods(from, to);
    let over = camps_over_time(data, &steps, 2, &CampsOptions::default());
    assert!(!over.switches().is_empty());
    // The table lists exactly the library's switches, in its order.
    let section = md
        .text
        .split("### Who switched sides")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("a table of who switched sides");
    let rows: Vec<&str> = section
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Actor"))
        .collect();
    let letter = |label: usize| char::from(b'A' + label as u8 - 1);
    let expected: Vec<String> = over
        .switches()
        .iter()
        .map(|w| {
            let actor = data.actor(w.actor);
            let name = actor.phase_at(&steps[steps.len() - 1]).unwrap().name();
            let id = data.actor_id(w.actor);
            let who = if name == id {
                id.to_owned()
            } else {
                format!("{name} ({id})")
            };
            format!(
                "| {who} | {} | {} | {} |",
                w.at,
                letter(w.from),
                letter(w.to)
            )
        })
        .collect();
    assert_eq!(rows, expected);
    // The page has the same table, one row per switch.
    let html = Report::new(data, from, to, Step::Years(1)).html().unwrap();
    let table = html
        .split("<table class=\"switches\">")
        .nth(1)
        .and_then(|t| t.split("</table>").next())
        .expect("the page's table of who switched sides");
    assert_eq!(table.matches("<tr>").count(), over.switches().len() + 1);
    // Pakistan and the Afghan Taliban part in 2025: the Taliban switched.
    assert!(md
        .text
        .contains("| Islamic Emirate of Afghanistan (Taliban) (TAL) | 2025 | B | A |"));
    // Each step's diagram outlines exactly the actors that switched at it;
    // the diff outlines no one.
    for (i, at) in steps.iter().enumerate() {
        let name = format!("r-{at}.svg");
        let svg = md
            .images
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, b)| String::from_utf8(b.clone()).unwrap())
            .unwrap_or_else(|| panic!("no {name}"));
        let mut want: Vec<String> = over
            .switches()
            .iter()
            .filter(|w| w.at == *at)
            .map(|w| data.actor_id(w.actor).to_owned())
            .collect();
        want.sort();
        assert_eq!(outlined(&svg), want, "step {i}: {at}");
        // The legend explains the outline in every step's diagram.
        assert!(svg.contains("changed camp since the step before"), "{at}");
    }
    let (_, diff) = md
        .images
        .iter()
        .find(|(n, _)| n.starts_with("r-diff-"))
        .unwrap();
    let diff = String::from_utf8(diff.clone()).unwrap();
    assert!(outlined(&diff).is_empty());
    assert!(!diff.contains("changed camp"));
}

#[test]
fn a_report_without_switches_says_so() {
    // Two blocs at odds, the same every year: no one changes camp.
    let actors = "id,name,kind\nM,M,state\nN,N,state\nP,P,state\nQ,Q,state\n";
    let ties = "id,source,target,kind,start,end\n\
                t1,M,N,alliance,2020,\nt2,P,Q,alliance,2020,\nt3,M,P,hostility,2020,\n";
    let data = Dataset::from_csv(actors.as_bytes(), ties.as_bytes(), None::<&[u8]>).unwrap();
    let report = Report::new(
        &data,
        "2021".parse().unwrap(),
        "2023".parse().unwrap(),
        Step::Years(1),
    );
    let md = report.markdown("r").unwrap();
    let sentence = "No actor in a camp at two consecutive steps changed camp";
    assert!(md.text.contains("### Who switched sides"));
    assert!(md.text.contains(sentence));
    assert!(!md.text.contains("| From camp |"));
    let html = report.html().unwrap();
    assert!(html.contains("<h3 id=\"switches\">Who switched sides</h3>"));
    assert!(html.contains(sentence));
    assert!(!html.contains("changed camp since the step before"));
    // A single step has nothing to switch from: no such section.
    let one = Report::new(
        &data,
        "2021".parse().unwrap(),
        "2021".parse().unwrap(),
        Step::Years(1),
    );
    assert!(!one.markdown("r").unwrap().text.contains("Who switched"));
}

#[test]
fn the_chart_draws_the_walk_balance_with_its_legend() {
    let data = default_dataset();
    let md = Report::new(
        data,
        "2021".parse().unwrap(),
        "2026".parse().unwrap(),
        Step::Years(1),
    )
    .markdown("r")
    .unwrap();
    let (_, chart) = md.images.iter().find(|(n, _)| n == "r-chart.svg").unwrap();
    let chart = String::from_utf8(chart.clone()).unwrap();
    assert!(chart.contains(">Walk balance, % (right scale)</text>"));
    // One dashed line through a marker per step, each with its value.
    assert_eq!(chart.matches("stroke-dasharray=\"6 4\"").count(), 2);
    for year in 2021..=2026 {
        let at: tiegraph::Selector = year.to_string().parse().unwrap();
        let walk = tiegraph::analysis::walk_balance(&data.snapshot(&at)).unwrap();
        assert!(
            chart.contains(&format!(
                "<title>{year}: walk balance {:.0}%</title>",
                walk * 100.0
            )),
            "{year}"
        );
    }
}
