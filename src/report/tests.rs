//! Unit tests of reports: hostile names stay text, the page is
//! deterministic and self-contained, camps keep their letters.

use super::*;
use crate::analysis::{self, Camps};
use crate::model::ActorKey;
use crate::{default_dataset, Dataset};

/// Names that would break HTML, Markdown, XML or DOT if written raw.
const HOSTILE: [&str; 8] = [
    r#"He said "hi" \ and left\"#,
    "Two\nlines {in} braces | pipe",
    "<b>&amp;</b> & &lt;x&gt; &#38; &;",
    "مرحبا بالعالم עברית",
    "<script>alert('x')</script> *stars* _under_ [link](http://evil.example/)",
    "<img src=x onerror=alert(1)> `code` # $math$",
    "]]> <!-- --> <![CDATA[ x ]]> <?pi?>",
    "x\" onmouseover=\"alert(1)\" y='z'",
];

fn csv_field(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

fn hostile_dataset() -> Dataset {
    let ids = ["H1", "H2", "H3", "H4", "H5", "H6", "H7", "H8"];
    let kinds = ["state", "group", "organization"];
    let mut actors = String::from("id,name,kind,from,until,aliases,note\n");
    for (i, (id, name)) in ids.iter().zip(HOSTILE).enumerate() {
        actors.push_str(&format!(
            "{id},{},{},,,,{}\n",
            csv_field(name),
            kinds[i % 3],
            csv_field(&format!("note of {name}"))
        ));
    }
    let tie_kinds = ["alliance", "cooperation", "support", "tension", "hostility"];
    let mut ties = String::from("id,source,target,kind,start,end,with,weight,sources,note\n");
    for i in 0..ids.len() {
        let j = (i + 1) % ids.len();
        // Half the ties start in 2021, so that the report has changes.
        let start = if i % 2 == 0 { "2020" } else { "2021-06" };
        ties.push_str(&format!(
            "t{i},{},{},{},{start},,,,s1;s2,{}\n",
            ids[i],
            ids[j],
            tie_kinds[i % 5],
            csv_field(HOSTILE[(i + 3) % 8])
        ));
    }
    ties.push_str("m1,H1,H3,mediation,2021,,H5,,,\n");
    ties.push_str("e1,H2,H7,hostility,2020,2021-03,,,,ended\n");
    let sources = format!(
        "id,title,publisher,published,reference\ns1,{},{},2026,{}\ns2,{},y,2025,javascript:alert(1)\n",
        csv_field(HOSTILE[0]),
        csv_field(HOSTILE[2]),
        csv_field("https://example.org/?a=1&b=2"),
        csv_field(HOSTILE[4]),
    );
    Dataset::from_csv(actors.as_bytes(), ties.as_bytes(), Some(sources.as_bytes()))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn date(text: &str) -> Date {
    text.parse().unwrap()
}

fn report(data: &Dataset) -> Report<'_> {
    Report::new(data, date("2020"), date("2022"), Step::Years(1))
}

/// Reads the page back as XML (it is written to be well-formed) and
/// returns every element, attribute and text, after checking what may
/// never appear.
#[cfg(feature = "render")]
fn read_page(html: &str) -> (Vec<String>, Vec<(String, String)>, Vec<String>) {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(html, options)
        .unwrap_or_else(|e| panic!("the page is not well-formed: {e}"));
    let (mut elements, mut attributes, mut texts) = (Vec::new(), Vec::new(), Vec::new());
    let mut ids = std::collections::BTreeSet::new();
    for node in doc.descendants() {
        if node.is_element() {
            elements.push(node.tag_name().name().to_owned());
            for a in node.attributes() {
                if a.name() == "id" {
                    assert!(ids.insert(a.value().to_owned()), "id {} twice", a.value());
                }
                attributes.push((a.name().to_owned(), a.value().to_owned()));
            }
        } else if let Some(t) = node.text().filter(|_| node.is_text()) {
            texts.push(t.to_owned());
        }
    }
    (elements, attributes, texts)
}

/// Everything a page must never contain: nothing that runs or loads.
#[cfg(feature = "render")]
fn assert_inert(html: &str, elements: &[String], attributes: &[(String, String)]) {
    for e in elements {
        assert!(
            !matches!(
                e.as_str(),
                "script"
                    | "iframe"
                    | "object"
                    | "embed"
                    | "img"
                    | "image"
                    | "link"
                    | "foreignObject"
                    | "base"
                    | "form"
                    | "video"
                    | "audio"
                    | "source"
            ),
            "element <{e}>"
        );
    }
    assert_eq!(elements.iter().filter(|e| *e == "style").count(), 1);
    for (name, value) in attributes {
        assert!(!name.starts_with("on"), "attribute {name}={value:?}");
        assert!(
            name != "src" && name != "srcset",
            "attribute {name}={value:?}"
        );
        if name == "href" {
            assert!(
                value.starts_with('#') || value.starts_with("https://"),
                "a link to {value:?}"
            );
        }
        assert!(
            !value.contains("url(") || value.contains("url(#"),
            "{name}={value:?}"
        );
    }
    assert!(!html.contains("<!--"), "a comment");
    assert!(!html.contains("@import"));
    assert!(html.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\"/>"
    ));
}

#[test]
#[cfg(feature = "render")]
fn hostile_names_arrive_as_text() {
    let data = hostile_dataset();
    let html = report(&data).title(HOSTILE[4]).html().unwrap();
    let (elements, attributes, texts) = read_page(&html);
    assert_inert(&html, &elements, &attributes);
    // Each name is the whole text of a cell of the actors table, and the
    // title the whole text of the h1.
    for name in HOSTILE {
        assert!(
            texts.iter().any(|t| t == name),
            "{name:?} not shown as text"
        );
    }
    assert!(html.contains(&format!(
        "<h1>{}</h1>",
        crate::escape::html::text(HOSTILE[4])
    )));
    // The source whose reference is a script URL is not a link (it is
    // text, in the sources list and in the diagrams' tooltips).
    assert!(!attributes
        .iter()
        .any(|(n, v)| n == "href" && v.contains("javascript:")));
    assert!(texts.iter().any(|t| t == "javascript:alert(1)"));
    assert!(attributes
        .iter()
        .any(|(n, v)| n == "href" && v == "https://example.org/?a=1&b=2"));
}

#[test]
#[cfg(feature = "render")]
fn the_page_is_deterministic_and_self_contained() {
    let data = default_dataset();
    let make = || {
        Report::new(data, date("2021"), date("2026"), Step::Years(1))
            .html()
            .unwrap()
    };
    let html = make();
    assert_eq!(html, make());
    // The same bytes from a dataset loaded again.
    let again = Dataset::from_csv(
        crate::default_data::ACTORS_CSV.as_bytes(),
        crate::default_data::TIES_CSV.as_bytes(),
        Some(crate::default_data::SOURCES_CSV.as_bytes()),
    )
    .unwrap();
    let other = Report::new(&again, date("2021"), date("2026"), Step::Years(1))
        .html()
        .unwrap();
    assert_eq!(html, other);

    let (elements, attributes, _) = read_page(&html);
    assert_inert(&html, &elements, &attributes);
    // Six steps and the diff, each an inline SVG, and the chart.
    assert_eq!(html.matches("<svg class=\"diagram\"").count(), 7);
    assert_eq!(html.matches("<svg class=\"chart\"").count(), 1);
    assert!(!html.contains("<?xml"));
    assert!(!html.contains("<!DOCTYPE svg"));
    for section in [
        "summary", "changes", "balance", "steps", "actors", "sources",
    ] {
        assert!(
            html.contains(&format!("<section id=\"{section}\"")),
            "{section}"
        );
    }
    // Every source is listed and cited sources link to it.
    for s in data.sources() {
        assert!(html.contains(&crate::escape::html::text(s.title().unwrap_or(""))));
    }
    assert!(html.contains("href=\"#source-1\""));
    // Pakistan and the Taliban turned from patron and client to enemies.
    assert!(html.contains("<span class=\"kind hostility\">hostility</span>"));
}

#[test]
#[cfg(feature = "render")]
fn markdown_escapes_and_links_its_images() {
    let data = hostile_dataset();
    let md = report(&data).markdown("my report").unwrap();
    let names: Vec<&str> = md.images.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "my_report-diff-2020-2022.svg",
            "my_report-pair-H1-H8.svg",
            "my_report-pair-H2-H3.svg",
            "my_report-pair-H4-H5.svg",
            "my_report-pair-H6-H7.svg",
            "my_report-pair-H1-H3.svg",
            "my_report-chart.svg",
            "my_report-2020.svg",
            "my_report-2021.svg",
            "my_report-2022.svg"
        ]
    );
    for (name, bytes) in &md.images {
        assert!(md.text.contains(&format!("]({name})")));
        let svg = std::str::from_utf8(bytes).unwrap();
        assert!(svg.contains("<svg") && svg.trim_end().ends_with("</svg>"));
    }
    let text = &md.text;
    assert!(!text.contains("<b>") && !text.contains("<script") && !text.contains("<img"));
    assert!(!text.contains("<!--") && !text.contains("[link](http"));
    assert!(text.contains("&lt;b&gt;&amp;amp;&lt;/b&gt;"));
    assert!(text.contains("\\*stars\\*"));
    assert!(!text.contains("javascript:alert(1)>"));
    // Every table row has as many cells as its header.
    let mut columns = 0;
    for line in text.lines() {
        if !line.starts_with('|') {
            columns = 0;
            continue;
        }
        let cells = line.replace("\\|", "").matches('|').count();
        if columns == 0 {
            columns = cells;
        }
        assert_eq!(cells, columns, "{line}");
    }
}

#[test]
#[cfg(feature = "render")]
fn markdown_files_are_written_beside_it() {
    let dir = std::env::temp_dir().join(format!("tiegraph-report-md-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("report.md");
    let data = default_dataset();
    let written = Report::new(data, date("2025"), date("2026"), Step::Years(1))
        .write_markdown(&path)
        .unwrap();
    let names: Vec<String> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "report.md",
            "report-diff-2025-2026.svg",
            "report-pair-PAK-TAL.svg",
            "report-pair-IND-TAL.svg",
            "report-chart.svg",
            "report-2025.svg",
            "report-2026.svg"
        ]
    );
    assert!(written.iter().all(|p| p.is_file()));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
#[cfg(feature = "render")]
fn a_single_step_has_no_diff() {
    let data = default_dataset();
    let html = Report::new(data, date("2024-03-05"), date("2024-11"), Step::Years(1))
        .html()
        .unwrap();
    assert!(!html.contains("id=\"changes\""));
    assert_eq!(html.matches("<svg class=\"diagram\"").count(), 1);
    assert!(html.contains("<h1>How relations changed from 2024 to 2024</h1>"));
}

#[test]
fn an_empty_range_is_an_error() {
    let data = default_dataset();
    let err = Report::new(data, date("2026"), date("2021"), Step::Years(1))
        .html()
        .unwrap_err();
    assert!(
        matches!(
            err.kind(),
            crate::ErrorKind::Render(crate::render::RenderError::EmptyTimeline { .. })
        ),
        "{err}"
    );
}

#[test]
fn camps_keep_their_letters() {
    // Two blocs, {M, N} and {P, Q}, at odds; in 2022 A0 joins the second.
    // Sorted by first id the second bloc would become camp A in 2022.
    let actors = "id,name,kind\nA0,A0,state\nM,M,state\nN,N,state\nP,P,state\nQ,Q,state\n";
    let ties = "id,source,target,kind,start,end\n\
                t1,M,N,alliance,2020,\nt2,P,Q,alliance,2020,\nt3,M,P,hostility,2020,\n\
                t4,A0,P,alliance,2022,2023\n";
    let data = Dataset::from_csv(actors.as_bytes(), ties.as_bytes(), None::<&[u8]>).unwrap();
    let camps: Vec<Camps<'_>> = ["2021", "2022", "2023"]
        .iter()
        .map(|y| analysis::camps(&data.snapshot(&y.parse().unwrap()), 2))
        .collect();
    let ids = |camp: &[ActorKey]| -> Vec<&str> { camp.iter().map(|&k| data.actor_id(k)).collect() };
    assert_eq!(ids(&camps[1].camps()[0]), ["A0", "P", "Q"]);
    let steps: Vec<crate::Selector> = ["2021", "2022", "2023"]
        .iter()
        .map(|y| y.parse().unwrap())
        .collect();
    let labelled = analysis::label_steps(&data, 2, steps.iter().copied().zip(&camps));
    let aligned: Vec<&Vec<Vec<ActorKey>>> = labelled.steps().iter().map(|s| &s.camps).collect();
    for row in &aligned {
        assert_eq!(ids(&row[0]), ["M", "N"]);
    }
    assert_eq!(ids(&aligned[1][1]), ["A0", "P", "Q"]);
    assert_eq!(ids(&aligned[2][1]), ["P", "Q"]);
    // A0 joins a camp in 2022 and leaves it in 2023: no one switched.
    assert!(labelled.switches().is_empty());
}

#[test]
fn file_stems_are_safe_in_links() {
    assert_eq!(file_stem("report"), "report");
    assert_eq!(file_stem("my report (1)"), "my_report__1_");
    assert_eq!(file_stem("../x"), "_x");
    assert_eq!(file_stem(""), "report");
    assert_eq!(file_stem("..."), "report");
}

/// The table of pairs at odds with their camps, read from the Markdown:
/// each row's cells after the step.
#[cfg(feature = "render")]
fn at_odds_rows(md: &str) -> Vec<Vec<String>> {
    let Some(start) = md.find("### Pairs at odds with their camps") else {
        return Vec::new();
    };
    md[start..]
        .lines()
        .skip_while(|l| !l.starts_with("| Step"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_owned())
                .collect()
        })
        .collect()
}

#[test]
#[cfg(feature = "render")]
fn pairs_at_odds_say_what_a_move_would_cost() {
    // Two blocs, {M, N} and {P, Q}, at odds, and one friendship across
    // them (M–Q): the camps leave it frustrated, and moving M or Q alone
    // would mend it but break two others (+1 each).
    let actors = "id,name,kind\nM,M,state\nN,N,state\nP,P,state\nQ,Q,state\n";
    let ties = "id,source,target,kind,start\n\
                t1,M,N,alliance,2020\nt2,P,Q,alliance,2020\nt3,M,P,hostility,2020\n\
                t4,N,Q,hostility,2020\nt5,M,Q,cooperation,2020\n";
    let data = Dataset::from_csv(actors.as_bytes(), ties.as_bytes(), None::<&[u8]>).unwrap();
    let md = Report::new(&data, date("2021"), date("2022"), Step::Years(1))
        .markdown("r")
        .unwrap();
    assert_eq!(
        at_odds_rows(&md.text),
        [["2021 – 2022", "M – Q", "+", "A and B", "M +1, Q +1"]]
    );
    assert!(md.text.contains("No cost is below 0"), "{}", md.text);

    // Without the friendship across, nothing is at odds.
    let ties = "id,source,target,kind,start\n\
                t1,M,N,alliance,2020\nt2,P,Q,alliance,2020\nt3,M,P,hostility,2020\n";
    let data = Dataset::from_csv(actors.as_bytes(), ties.as_bytes(), None::<&[u8]>).unwrap();
    let md = Report::new(&data, date("2021"), date("2022"), Step::Years(1))
        .markdown("r")
        .unwrap();
    assert!(at_odds_rows(&md.text).is_empty());
    assert!(md.text.contains("agree with all its signed pairs"));
}

#[test]
#[cfg(feature = "render")]
fn the_report_says_why_pakistan_and_the_taliban_share_a_camp() {
    // Issue 21: while the embedded data puts Pakistan and the Taliban in
    // one camp though their pair is negative, the report gives the cost
    // of moving either, the same as `camps` computes.
    let data = default_dataset();
    let md = Report::new(data, date("2021"), date("2026"), Step::Years(1))
        .markdown("r")
        .unwrap();
    let rows = at_odds_rows(&md.text);
    let key = |id: &str| data.resolve(id).unwrap();
    let (pak, tal) = (key("PAK"), key("TAL"));
    let name = |k: ActorKey| {
        let actor = data.actor(k);
        actor
            .phase_at(&"2026".parse().unwrap())
            .map_or_else(|| actor.current().name(), |p| p.name())
    };
    let pair = format!("{} (PAK) – {} (TAL)", name(pak), name(tal));
    for year in ["2022", "2023", "2024"] {
        let camps = analysis::camps(&data.snapshot(&year.parse().unwrap()), 2);
        assert_eq!(camps.camp_of(pak), camps.camp_of(tal), "{year}");
        let cost = |k: ActorKey| camps.moves().iter().find(|m| m.actor == k).unwrap().cost;
        let row = rows
            .iter()
            .find(|r| r[0].split(" – ").next() == Some(year) && r[1] == pair)
            .unwrap_or_else(|| panic!("no row for {year} in {rows:?}"));
        assert_eq!(row[2], "−");
        assert!(row[3].starts_with("both in "));
        assert_eq!(row[4], format!("PAK +{}, TAL +{}", cost(pak), cost(tal)));
    }
    // From 2025 they are in different camps, and their pair is not listed.
    for year in ["2025", "2026"] {
        let camps = analysis::camps(&data.snapshot(&year.parse().unwrap()), 2);
        assert_ne!(camps.camp_of(pak), camps.camp_of(tal), "{year}");
    }
    assert!(!rows
        .iter()
        .any(|r| r[0].starts_with("2025") && r[1] == pair));
}
