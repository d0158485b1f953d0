//! The one link policy (`tiegraph::link`) in every output that carries a
//! source's reference: DOT, SVG (built-in and system `dot`), HTML and
//! Markdown reports. Issue 15, item 1: a reference with `"` injected an
//! attribute, `<` broke the SVG, and `&` made `--system-dot` fail.

use std::collections::BTreeSet;

use graphviz_rust::dot_structures::{Graph, Id, Stmt};
use proptest::prelude::*;
use tiegraph::link::web_link;
use tiegraph::render::{self, DiagramOptions, Format, Renderer};
use tiegraph::Dataset;

fn csv_field(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// Two actors, one tie citing one source whose reference is `reference`.
fn dataset(reference: &str) -> Option<Dataset> {
    let actors = "id,name,kind\nA,Alpha,state\nB,Beta,group\n";
    let ties =
        "id,source,target,kind,start,end,with,weight,sources,note\nt1,A,B,hostility,2020,,,,s1,\n";
    let sources = format!(
        "id,title,publisher,published,reference\ns1,t,p,2020,{}\n",
        csv_field(reference)
    );
    // Some references (a line break in a field, a NUL) are refused by the
    // loader; those never reach an output.
    Dataset::from_csv(actors.as_bytes(), ties.as_bytes(), Some(sources.as_bytes())).ok()
}

fn dot_of(data: &Dataset) -> String {
    render::snapshot_dot(
        &data.snapshot(&"2021".parse().unwrap()),
        &DiagramOptions::default(),
    )
}

fn id_text(id: &Id) -> String {
    match id {
        Id::Escaped(s) => s[1..s.len() - 1].replace("\\\"", "\""),
        Id::Html(s) | Id::Plain(s) | Id::Anonymous(s) => s.clone(),
    }
}

/// The attribute names and values of the one edge of a DOT graph.
fn edge_attributes(dot: &str) -> Vec<(String, String)> {
    let graph = graphviz_rust::parse(dot).unwrap_or_else(|e| panic!("DOT does not parse: {e}"));
    let stmts = match graph {
        Graph::DiGraph { stmts, .. } | Graph::Graph { stmts, .. } => stmts,
    };
    let edges: Vec<_> = stmts
        .into_iter()
        .filter_map(|s| match s {
            Stmt::Edge(e) => Some(e),
            _ => None,
        })
        .filter(|e| {
            e.attributes
                .iter()
                .any(|a| id_text(&a.0) == "id" && id_text(&a.1).starts_with("tie:"))
        })
        .collect();
    assert_eq!(edges.len(), 1, "{dot}");
    edges[0]
        .attributes
        .iter()
        .map(|a| (id_text(&a.0), id_text(&a.1)))
        .collect()
}

/// Graphviz's SVG names its DTD; the report page declares `<!DOCTYPE html>`.
fn xml_options<'a>() -> roxmltree::ParsingOptions<'a> {
    roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    }
}

/// Every attribute name in an SVG document, with the `href`s.
fn svg_attributes(svg: &str) -> (BTreeSet<String>, Vec<String>) {
    let doc = roxmltree::Document::parse_with_options(svg, xml_options())
        .unwrap_or_else(|e| panic!("SVG does not parse: {e}\n{svg}"));
    let mut names = BTreeSet::new();
    let mut hrefs = Vec::new();
    for node in doc.descendants().filter(|n| n.is_element()) {
        for a in node.attributes() {
            names.insert(a.name().to_owned());
            if a.name() == "href" {
                hrefs.push(a.value().to_owned());
            }
        }
    }
    (names, hrefs)
}

/// What a reference-free diagram's SVG holds: the attributes a reference
/// may not add to (only `href` and `target` come with a link).
fn baseline_svg_attributes(renderer: Renderer) -> BTreeSet<String> {
    let data = dataset("archive/box 3").unwrap();
    let svg = render::render(&dot_of(&data), Format::Svg, renderer).unwrap();
    let mut names = svg_attributes(std::str::from_utf8(&svg).unwrap()).0;
    names.extend(["href".to_owned(), "target".to_owned()]);
    names
}

const EDGE_ATTRIBUTES: &[&str] = &[
    "id",
    "color",
    "penwidth",
    "style",
    "dir",
    "arrowhead",
    "tooltip",
    "URL",
    "target",
];

/// References that look like links, and some that do not.
fn reference() -> impl Strategy<Value = String> {
    let tail = "[ -~\u{a0}\u{7}\u{1b}\"<>'`\\\\&;%#=]{0,24}";
    prop_oneof![
        tail.prop_map(|t| format!("https://{t}")),
        tail.prop_map(|t| format!("HTTP://x{t}")),
        tail.prop_map(|t| format!(" http://example.org/?a=1&b={t}")),
        tail.prop_map(|t| format!("javascript:{t}")),
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// The DOT parses, its edge has only tiegraph's attributes, and its URL
    /// is exactly the link the policy allows (or there is none).
    #[test]
    fn dot_links_follow_the_policy(r in reference()) {
        let Some(data) = dataset(&r) else { return Ok(()) };
        let attrs = edge_attributes(&dot_of(&data));
        for (name, _) in &attrs {
            prop_assert!(EDGE_ATTRIBUTES.contains(&name.as_str()), "{name} from {r:?}");
        }
        let url = attrs.iter().find(|(n, _)| n == "URL").map(|(_, v)| v.replace("&amp;", "&"));
        prop_assert_eq!(url, web_link(&r).map(|u| u.into_owned()));
    }
}

#[cfg(feature = "render")]
proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// The built-in SVG parses as XML, has no attribute a plain diagram
    /// has not, and its one external link is the policy's link.
    #[test]
    fn builtin_svg_links_follow_the_policy(r in reference()) {
        let Some(data) = dataset(&r) else { return Ok(()) };
        let svg = render::render(&dot_of(&data), Format::Svg, Renderer::Builtin).unwrap();
        let (names, hrefs) = svg_attributes(std::str::from_utf8(&svg).unwrap());
        let allowed = baseline_svg_attributes(Renderer::Builtin);
        prop_assert!(names.is_subset(&allowed), "{:?} from {r:?}", names.difference(&allowed).collect::<Vec<_>>());
        let external: Vec<_> = hrefs.into_iter().filter(|h| !h.starts_with('#')).collect();
        prop_assert_eq!(external, web_link(&r).map(|u| u.into_owned()).into_iter().collect::<Vec<_>>());
    }
}

/// Hostile references, by hand: the ones issue 15 found.
const HOSTILE: &[&str] = &[
    "https://example.org/news?id=1&lang=en",
    "https://x.org/\"onmouseover=\"alert(1)",
    "https://x.org/<script>alert(1)</script>",
    "https://x.org/' onclick='alert(1)",
    "https://x.org/a b\\c`d",
    "javascript:alert(1)",
    "file:///etc/passwd",
];

#[test]
fn system_dot_renders_hostile_links() {
    if !Renderer::System.is_available() {
        eprintln!("skipped: the system renderer `dot` is not installed");
        return;
    }
    let allowed = baseline_svg_attributes(Renderer::System);
    for r in HOSTILE {
        let data = dataset(r).unwrap();
        let svg = render::render(&dot_of(&data), Format::Svg, Renderer::System)
            .unwrap_or_else(|e| panic!("{r}: {e}"));
        let (names, hrefs) = svg_attributes(std::str::from_utf8(&svg).unwrap());
        assert!(names.is_subset(&allowed), "{r}: {names:?}");
        let external: Vec<_> = hrefs.into_iter().filter(|h| !h.starts_with('#')).collect();
        assert_eq!(
            external,
            web_link(r)
                .map(|u| u.into_owned())
                .into_iter()
                .collect::<Vec<_>>(),
            "{r}"
        );
    }
}

/// The HTML report's `href`s and the Markdown report's autolinks are the
/// policy's links; other references are text.
#[test]
#[cfg(feature = "render")]
fn reports_link_only_web_references() {
    use tiegraph::report::Report;
    for r in HOSTILE {
        let data = dataset(r).unwrap();
        let report = Report::new(
            &data,
            "2020".parse().unwrap(),
            "2021".parse().unwrap(),
            "1y".parse().unwrap(),
        );
        let html = report.html().unwrap();
        let doc = roxmltree::Document::parse_with_options(&html, xml_options())
            .unwrap_or_else(|e| panic!("{r}: {e}"));
        let links: Vec<_> = doc
            .descendants()
            .filter_map(|n| n.attribute("href"))
            .filter(|h| !h.starts_with('#'))
            .map(str::to_owned)
            .collect();
        let expected: Vec<_> = web_link(r).map(|u| u.into_owned()).into_iter().collect();
        assert_eq!(links, expected, "{r}");
        let md = report.markdown("report").unwrap().text;
        let sources = &md[md.find("## Sources").unwrap()..];
        match web_link(r) {
            Some(url) => assert!(sources.contains(&format!("<{url}>")), "{r}: {sources}"),
            None => assert!(!sources.contains("<http") && !sources.contains("<javascript")),
        }
    }
}
