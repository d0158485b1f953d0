//! Diagrams: DOT snapshots, parsing back, hostile names, timelines,
//! renderers.

use std::collections::BTreeMap;

use graphviz_rust::dot_structures::{Graph, Id, Stmt};
use tiegraph::render::{self, DiagramOptions, Format, RankDir, RenderError, Renderer, Timeline};
use tiegraph::{default_dataset, Dataset, ErrorKind, KindSet, Selector, Step, TieKind};

/// The [`RenderError`] of an error, if it is one.
fn render_error(e: &tiegraph::Error) -> Option<&RenderError> {
    match e.kind() {
        ErrorKind::Render(r) => Some(r),
        _ => None,
    }
}

fn sel(text: &str) -> Selector {
    text.parse().unwrap()
}

fn default_dots() -> Vec<(&'static str, String)> {
    let data = default_dataset();
    let options = DiagramOptions::default();
    let (a, b) = (data.snapshot(&sel("2021")), data.snapshot(&sel("2026")));
    vec![
        ("snapshot_2021", render::snapshot_dot(&a, &options)),
        ("snapshot_2026", render::snapshot_dot(&b, &options)),
        ("diff_2021_2026", render::diff_dot(&a, &b, &options)),
    ]
}

#[test]
fn default_dataset_dot_snapshots() {
    for (name, dot) in default_dots() {
        insta::assert_snapshot!(name, dot);
    }
}

/// The text of an id as Graphviz's lexer reads it: quotes removed, `\"`
/// unescaped, every other backslash kept.
fn id_text(id: &Id) -> String {
    match id {
        Id::Escaped(s) => s[1..s.len() - 1].replace("\\\"", "\""),
        Id::Html(s) | Id::Plain(s) | Id::Anonymous(s) => s.clone(),
    }
}

/// A tooltip as Graphviz shows it: entities decoded, backslash escapes
/// interpreted, then object escapes (where `\\` is a backslash).
fn tooltip_text(lexed: &str) -> String {
    let decoded = lexed.replace("&amp;", "&");
    let mut interpreted = String::new();
    let mut chars = decoded.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('n' | 'l') => interpreted.push('\n'),
                Some(o) => interpreted.push(o),
                None => {}
            },
            (c, false) => interpreted.push(c),
        }
    }
    let mut out = String::new();
    let mut chars = interpreted.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('\\') => out.push('\\'),
                Some(o) => panic!("object escape \\{o} left in {interpreted:?}"),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Node id → attributes, from DOT parsed back with graphviz-rust's parser.
fn nodes_of(dot: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let graph =
        graphviz_rust::parse(dot).unwrap_or_else(|e| panic!("DOT does not parse: {e}\n{dot}"));
    let stmts = match graph {
        Graph::DiGraph { stmts, .. } | Graph::Graph { stmts, .. } => stmts,
    };
    stmts
        .into_iter()
        .filter_map(|s| match s {
            Stmt::Node(n) => Some((
                id_text(&n.id.0),
                n.attributes
                    .iter()
                    .map(|a| (id_text(&a.0), id_text(&a.1)))
                    .collect(),
            )),
            _ => None,
        })
        .collect()
}

fn all_produced_dots() -> Vec<(String, String)> {
    let data = default_dataset();
    let mut dots: Vec<(String, String)> = default_dots()
        .into_iter()
        .map(|(n, d)| (n.to_owned(), d))
        .collect();
    let pak = data.resolve("PAK").unwrap();
    let variants = [
        DiagramOptions::default().focus(pak, 1),
        DiagramOptions::default().focus(pak, 0).tooltips(false),
        DiagramOptions::default()
            .kinds([TieKind::Hostility, TieKind::Support].into_iter().collect())
            .rankdir(RankDir::LeftToRight),
        DiagramOptions::default().title("A \"custom\" title\nwith two lines & <markup>"),
        DiagramOptions::default().kinds(KindSet::EMPTY),
    ];
    for (i, o) in variants.iter().enumerate() {
        let (a, b) = (
            data.snapshot(&sel("2022-06")),
            data.snapshot(&sel("2025-10-15")),
        );
        dots.push((format!("snapshot variant {i}"), render::snapshot_dot(&a, o)));
        dots.push((format!("diff variant {i}"), render::diff_dot(&a, &b, o)));
    }
    for d in Timeline::new(
        data,
        "2020".parse().unwrap(),
        "2026".parse().unwrap(),
        Step::Years(2),
    )
    .diagrams()
    .unwrap()
    {
        dots.push((format!("timeline {}", d.name), d.dot));
    }
    dots
}

#[test]
fn every_produced_dot_parses_back() {
    for (name, dot) in all_produced_dots() {
        let nodes = nodes_of(&dot);
        assert!(
            !nodes.is_empty() || name.contains("variant 4"),
            "{name}: no node"
        );
        #[cfg(feature = "render")]
        if let Err(e) = graphviz_pure::parse_dot(&dot) {
            panic!("{name}: graphviz-pure cannot parse it: {e}\n{dot}");
        }
    }
}

#[test]
fn output_is_deterministic() {
    assert_eq!(all_produced_dots(), all_produced_dots());
    // A dataset loaded again gives the same bytes too.
    use tiegraph::default_data::{ACTORS_CSV, SOURCES_CSV, TIES_CSV};
    let again = Dataset::from_csv(
        ACTORS_CSV.as_bytes(),
        TIES_CSV.as_bytes(),
        Some(SOURCES_CSV.as_bytes()),
    )
    .unwrap();
    let options = DiagramOptions::default();
    assert_eq!(
        render::snapshot_dot(&again.snapshot(&sel("2024")), &options),
        render::snapshot_dot(&default_dataset().snapshot(&sel("2024")), &options),
    );
}

const HOSTILE_NAMES: [&str; 8] = [
    r#"He said "hi" \ and left\"#,
    "Two\nlines {in} braces",
    "<b>&amp;</b> & &lt;x&gt; &#38; &;",
    "مرحبا بالعالم עברית",
    "🚀 Emoji 👩\u{200d}👩\u{200d}👧 ✊🏽",
    r"\N \G \L \n \l \E literal escapes",
    "]]> <!-- --> <![CDATA[ x ]]> <?pi?>",
    "x\" [shape=box] } digraph { y",
];

fn csv_field(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

fn hostile_dataset() -> Dataset {
    let ids = ["H1", "H2", "H3", "H4", "H5", "H6", "H7", "H8"];
    let kinds = ["state", "group", "organization"];
    let mut actors = String::from("id,name,kind,from,until,aliases,note\n");
    for (i, (id, name)) in ids.iter().zip(HOSTILE_NAMES).enumerate() {
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
        ties.push_str(&format!(
            "t{i},{},{},{},2020,,,,s1;s2,{}\n",
            ids[i],
            ids[j],
            tie_kinds[i % 5],
            csv_field(HOSTILE_NAMES[(i + 3) % 8])
        ));
    }
    ties.push_str("m1,H1,H3,mediation,2021,,H5,,,\n");
    let sources = format!(
        "id,title,publisher,published,reference\ns1,{},{},2026,{}\ns2,x,y,2025,javascript:alert(1)\n",
        csv_field(HOSTILE_NAMES[0]),
        csv_field(HOSTILE_NAMES[2]),
        csv_field("https://example.org/?a=1&b=\"2\"<3>")
    );
    Dataset::from_csv(actors.as_bytes(), ties.as_bytes(), Some(sources.as_bytes()))
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn hostile_names_stay_inside_their_strings() {
    let data = hostile_dataset();
    let options = DiagramOptions::default().title(HOSTILE_NAMES[2]);
    let snap = data.snapshot(&sel("2022"));
    let dot = render::snapshot_dot(&snap, &options);
    let nodes = nodes_of(&dot);
    // Exactly the eight actors (ids are safe) and nothing smuggled in.
    let ids: Vec<&str> = nodes.keys().map(String::as_str).collect();
    assert_eq!(ids, ["H1", "H2", "H3", "H4", "H5", "H6", "H7", "H8"]);
    for (id, name) in ["H1", "H2", "H3", "H4", "H5", "H6", "H7", "H8"]
        .iter()
        .zip(HOSTILE_NAMES)
    {
        let shown = tooltip_text(&nodes[*id]["tooltip"]);
        assert!(shown.starts_with(&format!("{name} ({id})")), "{shown:?}");
    }
    let before = data.snapshot(&sel("2020"));
    let diff = render::diff_dot(&before, &snap, &options);
    assert_eq!(nodes_of(&diff).len(), 8);
}

/// The characters of an SVG text or attribute, entities decoded.
#[cfg(feature = "render")]
fn xml_text(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = rest[i..]
            .find(';')
            .map(|e| i + e)
            .expect("entity without ;");
        let entity = &rest[i + 1..end];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            e if e.starts_with("#x") => {
                char::from_u32(u32::from_str_radix(&e[2..], 16).unwrap()).unwrap()
            }
            e if e.starts_with('#') => char::from_u32(e[1..].parse().unwrap()).unwrap(),
            e => panic!("unknown entity &{e};"),
        };
        out.push(if c == '\u{a0}' { ' ' } else { c });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(feature = "render")]
fn between<'a>(s: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find(open) {
        let from = i + open.len();
        let Some(len) = rest[from..].find(close) else {
            break;
        };
        out.push(&rest[from..from + len]);
        rest = &rest[from + len..];
    }
    out
}

#[cfg(feature = "render")]
#[test]
fn hostile_names_render_to_svg_as_written() {
    let data = hostile_dataset();
    let options = DiagramOptions::default().title(HOSTILE_NAMES[2]);
    let (before, after) = (data.snapshot(&sel("2020")), data.snapshot(&sel("2022")));
    for dot in [
        render::snapshot_dot(&after, &options),
        render::diff_dot(&before, &after, &options),
    ] {
        let svg = render::render(&dot, Format::Svg, Renderer::Builtin).unwrap();
        let svg = String::from_utf8(svg).unwrap();
        // The PNG rasterizer parses the SVG as XML: it must be well-formed.
        let png = render::render(&dot, Format::Png, Renderer::Builtin).unwrap();
        assert_eq!(&png[1..4], b"PNG");

        let texts: Vec<String> = between(&svg, "<text", "</text>")
            .into_iter()
            .map(|t| xml_text(&t[t.find('>').unwrap() + 1..]))
            .collect();
        let visible = texts.join("\n");
        let titles: Vec<String> = between(&svg, "xlink:title=\"", "\"")
            .into_iter()
            .map(xml_text)
            .collect();
        for name in HOSTILE_NAMES {
            // Names are wrapped at spaces and line breaks: every word is
            // drawn as written.
            for word in name.split([' ', '\n']).filter(|w| !w.is_empty()) {
                assert!(
                    visible.contains(word),
                    "{word:?} is not drawn in\n{visible}"
                );
            }
            // Tooltips carry the whole name, line breaks included.
            assert!(
                titles.iter().any(|t| t.starts_with(name)),
                "no tooltip starts with {name:?}"
            );
        }
        assert!(
            visible.contains(HOSTILE_NAMES[2]),
            "the title is drawn as written"
        );
        // Notes and sources reach the tie tooltips.
        assert!(titles
            .iter()
            .any(|t| t.contains(&format!("Source: {}", HOSTILE_NAMES[0]))));
        // The web link is kept, its quotes and brackets percent-encoded
        // (the link policy), its `&` escaped; `javascript:` is not a link.
        assert!(svg.contains("xlink:href=\"https://example.org/?a=1&amp;b=%222%22%3C3%3E\""));
        assert!(!svg.contains("xlink:href=\"javascript:"));
    }
}

#[test]
fn focus_kinds_tooltips_and_title_options() {
    let data = default_dataset();
    let snap = data.snapshot(&sel("2026-03-01"));
    let bla = data.resolve("BLA").unwrap();

    let alone = render::snapshot_dot(&snap, &DiagramOptions::default().focus(bla, 0));
    assert_eq!(nodes_of(&alone).keys().collect::<Vec<_>>(), ["BLA"]);

    let near = nodes_of(&render::snapshot_dot(
        &snap,
        &DiagramOptions::default().focus(bla, 1),
    ));
    let ids: Vec<&str> = near.keys().map(String::as_str).collect();
    assert_eq!(ids, ["BLA", "PAK", "TAL", "TTP"]);
    assert_eq!(near["BLA"]["penwidth"], "2.6", "the focus actor stands out");

    let hostile = render::snapshot_dot(
        &snap,
        &DiagramOptions::default().kinds([TieKind::Hostility].into_iter().collect()),
    );
    assert!(hostile.contains(":hostility\""));
    for other in ["alliance", "cooperation", "support", "tension", "mediation"] {
        assert!(!hostile.contains(&format!(":{other}\"")), "{other} drawn");
    }

    let quiet = render::snapshot_dot(&snap, &DiagramOptions::default().tooltips(false));
    assert!(!quiet.contains("tooltip="));
    assert!(render::snapshot_dot(&snap, &DiagramOptions::default()).contains("tooltip="));

    let titled = render::snapshot_dot(&snap, &DiagramOptions::default().title("Kabul & Islamabad"));
    assert!(titled.contains("<b>Kabul &amp; Islamabad</b>"));
    assert!(!titled.contains("Ties in force"));

    // The long axis follows the direction.
    let extent = |dot: &str| {
        let (mut w, mut h) = ((f64::MAX, f64::MIN), (f64::MAX, f64::MIN));
        for attrs in nodes_of(dot).values() {
            let pos = attrs["pos"].trim_end_matches('!');
            let (x, y) = pos.split_once(',').unwrap();
            let (x, y): (f64, f64) = (x.parse().unwrap(), y.parse().unwrap());
            w = (w.0.min(x), w.1.max(x));
            h = (h.0.min(y), h.1.max(y));
        }
        (w.1 - w.0, h.1 - h.0)
    };
    let (w, h) = extent(&render::snapshot_dot(&snap, &DiagramOptions::default()));
    assert!(h > w, "top to bottom is taller than wide");
    let lr = DiagramOptions::default().rankdir(RankDir::LeftToRight);
    let (w, h) = extent(&render::snapshot_dot(&snap, &lr));
    assert!(w > h, "left to right is wider than tall");
}

#[test]
fn diff_shows_flips_and_ends() {
    let data = default_dataset();
    let dot = render::diff_dot(
        &data.snapshot(&sel("2021-01-01")),
        &data.snapshot(&sel("2026-03-01")),
        &DiagramOptions::default(),
    );
    // PAK–TAL: support (and the mediation) gave way to hostility.
    assert!(dot.contains("support → hostility"), "{dot}");
    // A flipped pair is highlighted; an ended tie is grey and dashed; an
    // actor that fell is drawn faded.
    assert!(dot.contains("color=\"#ffd54f:"));
    assert!(dot.contains("color=\"#9e9e9e\" penwidth=1.2 style=\"dashed\""));
    let nodes = nodes_of(&dot);
    assert!(nodes["AFG"]["style"].contains("dashed"));
    assert!(dot.contains("no longer in force"));
}

fn positions(dot: &str) -> BTreeMap<String, String> {
    nodes_of(dot)
        .into_iter()
        .map(|(id, attrs)| (id, attrs["pos"].clone()))
        .collect()
}

#[test]
fn timeline_pins_every_actor_in_one_place() {
    let data = default_dataset();
    let diagrams = render::timeline(
        data,
        "2021".parse().unwrap(),
        "2026".parse().unwrap(),
        Step::Years(1),
        &DiagramOptions::default(),
    )
    .unwrap();
    let names: Vec<&str> = diagrams.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "2021",
            "2022",
            "2023",
            "2024",
            "2025",
            "2026",
            "diff-2021-2026"
        ]
    );
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for d in &diagrams {
        assert!(d.dot.contains("layout=\"nop\""));
        for (id, pos) in positions(&d.dot) {
            assert!(pos.ends_with('!'), "{id} is not pinned in {}", d.name);
            let first = seen.entry(id.clone()).or_insert_with(|| pos.clone());
            assert_eq!(*first, pos, "{id} moves in {}", d.name);
        }
    }
    assert!(seen.contains_key("frame:lower-left"));

    let months = Timeline::new(
        data,
        "2025-01".parse().unwrap(),
        "2025-12".parse().unwrap(),
        Step::Months(6),
    )
    .diagrams()
    .unwrap();
    let names: Vec<&str> = months.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "2025-01_2025-06",
            "2025-07_2025-12",
            "diff-2025-01_2025-06-2025-07_2025-12"
        ]
    );

    let one = render::timeline(
        data,
        "2024".parse().unwrap(),
        "2024-06".parse().unwrap(),
        Step::Years(1),
        &DiagramOptions::default(),
    )
    .unwrap();
    assert_eq!(one.len(), 1, "a single step has no diff");

    let err = render::timeline(
        data,
        "2026".parse().unwrap(),
        "2021".parse().unwrap(),
        Step::Years(1),
        &DiagramOptions::default(),
    )
    .unwrap_err();
    insta::assert_snapshot!(err, @"the timeline has no step: 2021 is before 2026");
}

/// Where Graphviz drew each actor's first line of text, by actor.
#[cfg(feature = "render")]
fn drawn_at(svg: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for group in svg.split("<g id=\"actor:").skip(1) {
        let id = &group[..group.find('"').unwrap()];
        let text = &group[group.find("<text").unwrap()..];
        let x = between(text, " x=\"", "\"")[0];
        let y = between(text, " y=\"", "\"")[0];
        out.insert(id.to_owned(), format!("{x},{y}"));
    }
    out
}

#[cfg(feature = "render")]
#[test]
fn rendered_timelines_keep_actors_in_place() {
    let data = default_dataset();
    let diagrams = render::timeline(
        data,
        "2022".parse().unwrap(),
        "2026".parse().unwrap(),
        Step::Years(2),
        &DiagramOptions::default(),
    )
    .unwrap();
    let drawn: Vec<BTreeMap<String, String>> = diagrams
        .iter()
        .map(|d| {
            drawn_at(
                &String::from_utf8(render::render(&d.dot, Format::Svg, Renderer::Builtin).unwrap())
                    .unwrap(),
            )
        })
        .collect();
    // Actors whose name (so label) is the same in two diagrams are drawn at
    // the same coordinates in both.
    let mut compared = 0;
    for pair in drawn.windows(2) {
        for (id, at) in &pair[0] {
            if let Some(other) = pair[1].get(id) {
                assert_eq!(at, other, "{id} moved");
                compared += 1;
            }
        }
    }
    assert!(compared > 10);
}

#[test]
fn system_renderer_is_used_or_reported_missing() {
    let dot = &default_dots()[0].1;
    match render::render(dot, Format::Svg, Renderer::System) {
        Ok(svg) => assert!(Renderer::System.is_available() && svg.starts_with(b"<?xml")),
        Err(e) => {
            assert!(!Renderer::System.is_available());
            assert!(matches!(render_error(&e), Some(RenderError::SystemMissing)));
            insta::assert_snapshot!(e, @"the system renderer `dot` is not installed; use the built-in renderer or install Graphviz");
        }
    }
    // DOT needs no renderer at all.
    assert_eq!(
        render::render(dot, Format::Dot, Renderer::System).unwrap(),
        dot.as_bytes()
    );
}

#[cfg(not(feature = "render"))]
#[test]
fn builtin_renderer_is_reported_missing_without_the_feature() {
    let err = render::render("digraph { a }", Format::Svg, Renderer::Builtin).unwrap_err();
    assert!(matches!(
        render_error(&err),
        Some(RenderError::BuiltinMissing)
    ));
    assert_eq!(Renderer::default(), Renderer::System);
}

#[cfg(feature = "render")]
#[test]
fn builtin_renders_svg_and_png() {
    let dot = &default_dots()[2].1;
    let svg = render::render(dot, Format::Svg, Renderer::Builtin).unwrap();
    assert!(svg.starts_with(b"<?xml") && svg.ends_with(b"</svg>\n"));
    let png = render::render(dot, Format::Png, Renderer::Builtin).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(
        render::render(dot, Format::Svg, Renderer::Builtin).unwrap(),
        svg,
        "same bytes"
    );
    // Diagrams with nothing, or one actor, in them render too.
    let data = default_dataset();
    let snap = data.snapshot(&sel("2026"));
    let pak = data.resolve("PAK").unwrap();
    for options in [
        DiagramOptions::default().kinds(KindSet::EMPTY),
        DiagramOptions::default().focus(pak, 0),
    ] {
        for dot in [
            render::snapshot_dot(&snap, &options),
            render::diff_dot(&snap, &snap, &options),
        ] {
            render::render(&dot, Format::Png, Renderer::Builtin).unwrap();
        }
    }
    let err = render::render("digraph { a -> }", Format::Svg, Renderer::Builtin).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("the built-in renderer failed: "),
        "{err}"
    );
}

#[cfg(feature = "render")]
#[test]
fn write_timeline_writes_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("new/folder");
    let data = default_dataset();
    let files = render::write_timeline(
        data,
        "2025".parse().unwrap(),
        "2026".parse().unwrap(),
        Step::Years(1),
        &DiagramOptions::default(),
        &out,
        &[Format::Dot, Format::Svg, Format::Png, Format::Svg],
        Renderer::Builtin,
    )
    .unwrap();
    let names: Vec<String> = files
        .iter()
        .map(|p| p.strip_prefix(&out).unwrap().display().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "2025.dot",
            "2025.svg",
            "2025.png",
            "2026.dot",
            "2026.svg",
            "2026.png",
            "diff-2025-2026.dot",
            "diff-2025-2026.svg",
            "diff-2025-2026.png"
        ]
    );
    let diagrams = render::timeline(
        data,
        "2025".parse().unwrap(),
        "2026".parse().unwrap(),
        Step::Years(1),
        &DiagramOptions::default(),
    )
    .unwrap();
    assert_eq!(std::fs::read_to_string(&files[0]).unwrap(), diagrams[0].dot);
    assert!(std::fs::read(&files[1]).unwrap().starts_with(b"<?xml"));
    // Nothing else is left behind (no temporary files).
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 9);

    // A folder that cannot be made is a write error naming it.
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "x").unwrap();
    let err = render::write_timeline(
        data,
        "2025".parse().unwrap(),
        "2025".parse().unwrap(),
        Step::Years(1),
        &DiagramOptions::default(),
        &blocker.join("sub"),
        &[Format::Dot],
        Renderer::Builtin,
    )
    .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Write { .. }));
    assert!(err.to_string().starts_with("cannot write "), "{err}");
}

#[test]
fn formats_and_renderers_parse() {
    assert_eq!("SVG".parse::<Format>(), Ok(Format::Svg));
    assert_eq!("gv".parse::<Format>(), Ok(Format::Dot));
    assert_eq!(Format::Png.extension(), "png");
    assert_eq!("system".parse::<Renderer>(), Ok(Renderer::System));
    assert_eq!("lr".parse::<RankDir>(), Ok(RankDir::LeftToRight));
    insta::assert_snapshot!("pdf".parse::<Format>().unwrap_err(), @"pdf is not a diagram format (expected dot, svg or png)");
    insta::assert_snapshot!("cairo".parse::<Renderer>().unwrap_err(), @"cairo is not a renderer (expected builtin or system)");
}

#[test]
fn large_networks_are_laid_out_quickly() {
    let n = 300;
    let mut actors = String::from("id,name,kind\n");
    for i in 0..n {
        actors.push_str(&format!("A{i:03},Actor number {i},state\n"));
    }
    let mut ties = String::from("id,source,target,kind,start\n");
    let mut t = 0;
    for i in 0..n {
        for step in [1, 7, 31] {
            let j = (i + step) % n;
            ties.push_str(&format!(
                "t{t},A{i:03},A{j:03},{},2020\n",
                ["alliance", "tension", "hostility"][t % 3]
            ));
            t += 1;
        }
    }
    let data = Dataset::from_csv(actors.as_bytes(), ties.as_bytes(), None::<&[u8]>).unwrap();
    let started = std::time::Instant::now();
    let dot = render::snapshot_dot(&data.snapshot(&sel("2021")), &DiagramOptions::default());
    assert!(started.elapsed().as_secs() < 60);
    assert_eq!(nodes_of(&dot).len(), n);
    assert!(
        dot.contains("splines=\"false\""),
        "no spline routing for 300 actors"
    );
}

// ---------------------------------------------------------------------------
// The history chart of one pair

fn pair_history<'d>(data: &'d Dataset, a: &str, b: &str) -> tiegraph::analysis::History<'d> {
    data.history(data.resolve(a).unwrap(), data.resolve(b).unwrap())
}

/// A pair whose tie ids, notes, names and sources are full of markup.
fn hostile_pair() -> Dataset {
    let actors = "id,name,kind,from,until,aliases,note\n\
                  A,\"<b>A & \"\"Co\"\"</b>\",state,,,,\n\
                  B,B's ]]> group,group,,,,\n\
                  C,\"C\u{7}\\N\",organization,,,,\n";
    let ties = "id,source,target,kind,start,end,with,weight,sources,note\n\
                \"t<1>&\"\"x\"\"\",A,B,alliance,2001,2003-05,,0.5,s1,\"a <note> & \"\"quotes\"\"\nsecond line\"\n\
                t'2,B,A,hostility,2003-05,,,,s1;s2,\n\
                t3,C,A,mediation,2002-02-02,2002-03,B,,,\n";
    let sources = "id,title,publisher,published,reference\n\
                   s1,\"Title <i>&amp;</i>\",P,2020,\n\
                   s2,,,,\n";
    Dataset::from_csv(actors.as_bytes(), ties.as_bytes(), Some(sources.as_bytes()))
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn history_chart_svg_snapshot() {
    let data = default_dataset();
    let svg = render::history_chart(
        &pair_history(data, "PAK", "TAL"),
        &render::HistoryChartOptions::default(),
    );
    insta::assert_snapshot!("history_chart_pak_tal", svg);
}

/// The `class="tie"` elements of an SVG chart and their `data-tie` ids,
/// after checking that it is well-formed XML with an SVG root.
fn chart_ties(svg: &str) -> Vec<(String, Option<String>)> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    doc.descendants()
        .filter(|n| n.attribute("class") == Some("tie"))
        .map(|n| {
            let title = n
                .children()
                .find(|c| c.has_tag_name("title"))
                .and_then(|t| t.text())
                .map(str::to_owned);
            (n.attribute("data-tie").unwrap_or("").to_owned(), title)
        })
        .collect()
}

#[test]
fn history_chart_has_one_tie_element_per_tie() {
    let data = default_dataset();
    let hostile = hostile_pair();
    let mut cases = vec![
        pair_history(data, "PAK", "TAL"),
        pair_history(data, "PAK", "TTP"),
        pair_history(data, "TAL", "USA"),
        pair_history(data, "PAK", "IND"),
        pair_history(&hostile, "A", "B"),
    ];
    // A pair with no tie at all still gives a chart, without bars.
    cases.push(pair_history(data, "TTP", "USA"));
    for h in &cases {
        let options = render::HistoryChartOptions::default();
        let svg = render::history_chart(h, &options);
        assert_eq!(svg, render::history_chart(h, &options), "deterministic");
        let found = chart_ties(&svg);
        let ids: Vec<&str> = found.iter().map(|(id, _)| id.as_str()).collect();
        let want: Vec<&str> = h.ties().map(|t| t.id()).collect();
        assert_eq!(ids, want);
        for ((_, title), tie) in found.iter().zip(h.ties()) {
            let title = title.as_deref().expect("a tooltip");
            if let Some(note) = tie.note() {
                assert!(title.contains(note), "{title:?} lacks {note:?}");
            }
            for s in h.dataset().tie_sources(tie) {
                assert!(title.contains(s.id()), "{title:?} lacks {}", s.id());
                if let Some(t) = s.title() {
                    assert!(title.contains(t), "{title:?} lacks {t:?}");
                }
            }
        }
        let quiet = render::history_chart(h, &options.clone().tooltips(false));
        assert_eq!(chart_ties(&quiet).len(), want.len());
        assert!(chart_ties(&quiet).iter().all(|(_, t)| t.is_none()));
    }
    // Mediations name their third party.
    let svg = render::history_chart(&cases[0], &render::HistoryChartOptions::default());
    assert!(svg.contains("mediation by China"));
    assert!(svg.contains("mediation with United States"));
    let svg = render::history_chart(&cases[4], &render::HistoryChartOptions::default());
    assert!(svg.contains("mediation by C\u{FFFD}\\N"), "{svg}");
}

#[test]
fn history_chart_dot_is_accepted_by_graphviz() {
    let data = default_dataset();
    let hostile = hostile_pair();
    for h in [
        pair_history(data, "PAK", "TAL"),
        pair_history(data, "TAL", "USA"),
        pair_history(&hostile, "A", "B"),
    ] {
        let dot = render::history_chart_dot(&h, &render::HistoryChartOptions::default());
        graphviz_rust::parse(&dot).unwrap_or_else(|e| panic!("DOT does not parse: {e}\n{dot}"));
        #[cfg(feature = "render")]
        if let Err(e) = graphviz_pure::parse_dot(&dot) {
            panic!("graphviz-pure cannot parse it: {e}\n{dot}");
        }
        if !Renderer::System.is_available() {
            eprintln!("skipped `dot -Tsvg`: Graphviz `dot` is not installed");
            continue;
        }
        let svg = render::render(&dot, Format::Svg, Renderer::System)
            .unwrap_or_else(|e| panic!("dot -Tsvg fails: {e}\n{dot}"));
        let svg = String::from_utf8(svg).unwrap();
        let ids = h
            .ties()
            .filter(|t| svg.contains(&format!("tie:{}", t.id())))
            .count();
        // Ids with markup are escaped in the SVG; the plain ones are there as written.
        assert!(ids >= 1, "{svg}");
    }
}

#[cfg(feature = "render")]
#[test]
fn history_chart_png_is_drawn_in_process() {
    let data = default_dataset();
    let h = pair_history(data, "PAK", "TAL");
    let png = render::history_chart_png(&h, &render::HistoryChartOptions::default()).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    // Twice the SVG's 960 pixels.
    assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 1920);
}

#[cfg(not(feature = "render"))]
#[test]
fn history_chart_png_needs_the_render_feature() {
    let data = default_dataset();
    let h = pair_history(data, "PAK", "TAL");
    let e = render::history_chart_png(&h, &render::HistoryChartOptions::default()).unwrap_err();
    assert!(matches!(
        render_error(&e),
        Some(RenderError::BuiltinMissing)
    ));
}

/// Issue 15: a dataset of `n` actors joined by `pairs` (indices), every tie
/// in force from 2000 on.
fn network(n: usize, pairs: impl Iterator<Item = (usize, usize)>) -> Dataset {
    let mut actors = String::from("id,name,kind\n");
    for i in 0..n {
        actors.push_str(&format!("A{i},Actor {i},state\n"));
    }
    let mut ties = String::from("id,source,target,kind,start\n");
    for (k, (a, b)) in pairs.enumerate() {
        ties.push_str(&format!("t{k},A{a},A{b},support,2000-01-01\n"));
    }
    Dataset::from_csv(actors.as_bytes(), ties.as_bytes(), None::<&[u8]>).unwrap()
}

/// Issue 15: more actors than one picture draws are refused before any
/// layout, with a message that suggests --focus and --kind; a focus draws.
#[test]
fn diagrams_over_the_actor_limit_are_refused() {
    let n = render::MAX_DIAGRAM_ACTORS + 1;
    let data = network(n, (1..n).map(|i| (i - 1, i)));
    let snap = data.snapshot(&sel("2001"));
    let options = DiagramOptions::default();
    let e = render::try_snapshot_dot(&snap, &options).expect_err("expected TooLarge");
    match render_error(&e) {
        Some(&RenderError::TooLarge { actors, .. }) => {
            assert_eq!(actors, n);
            let text = e.to_string();
            assert!(
                text.contains("--focus") && text.contains("--kind"),
                "{text}"
            );
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
    assert!(matches!(
        render::try_diff_dot(&data.snapshot(&sel("1999")), &snap, &options)
            .map_err(tiegraph::Error::into_kind),
        Err(ErrorKind::Render(RenderError::TooLarge { .. }))
    ));
    let focus = options.focus(data.resolve("A0").unwrap(), 2);
    let dot = render::try_snapshot_dot(&snap, &focus).unwrap();
    assert!(dot.contains("\"A2\"") && !dot.contains("\"A3\""));
}

/// Issue 15: a timeline's step diagrams are checked like one picture,
/// before any is made, and so is the report that draws them; so is the
/// number of steps. Nothing is written.
#[test]
fn timeline_and_report_diagrams_are_checked_before_drawing() {
    let n = render::MAX_DIAGRAM_ACTORS + 1;
    let data = network(n, (1..n).map(|i| (i - 1, i)));
    let (from, to) = (
        tiegraph::Date::parse("1999").unwrap(),
        tiegraph::Date::parse("2001").unwrap(),
    );
    let timeline = Timeline::new(&data, from, to, Step::Years(1));
    assert!(matches!(
        timeline.diagrams().map_err(tiegraph::Error::into_kind),
        Err(ErrorKind::Render(RenderError::TooLarge { actors, .. })) if actors == n
    ));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("steps");
    assert!(matches!(
        timeline
            .write(&out, &[Format::Dot])
            .map_err(tiegraph::Error::into_kind),
        Err(ErrorKind::Render(RenderError::TooLarge { .. }))
    ));
    assert!(!out.join("2001.dot").exists());
    let report = tiegraph::report::Report::new(&data, from, to, Step::Years(1));
    assert!(matches!(
        report.html().map_err(tiegraph::Error::into_kind),
        Err(ErrorKind::Render(RenderError::TooLarge { .. }))
    ));

    let small = tiegraph::default_dataset();
    let (from, to) = (
        tiegraph::Date::parse("0001").unwrap(),
        tiegraph::Date::parse("9999").unwrap(),
    );
    let too_many = Step::Months(1).count(from, to);
    assert!(too_many > tiegraph::MAX_STEPS);
    let e = Timeline::new(small, from, to, Step::Months(1))
        .diagrams()
        .unwrap_err();
    assert!(
        matches!(render_error(&e), Some(&RenderError::TooManySteps { steps, max }) if steps == too_many && max == tiegraph::MAX_STEPS),
        "{e}"
    );
    assert!(e.to_string().contains("too many steps"), "{e}");
    let e = tiegraph::report::Report::new(small, from, to, Step::Months(1))
        .markdown("r")
        .unwrap_err();
    assert!(
        matches!(render_error(&e), Some(RenderError::TooManySteps { .. })),
        "{e}"
    );
}

/// Issue 15, end to end: a pinned drawing larger than the PNG pixel budget
/// at 96 dpi (14 000 × 7 000 points, 174 megapixels) comes out of the
/// built-in renderer as a PNG of at most `MAX_PNG_PIXELS`, proportions kept.
#[test]
fn a_huge_drawing_makes_a_png_within_the_pixel_budget() {
    let dot = r#"digraph { layout="nop"; node [shape=box];
        a [pos="0,0!"]; b [pos="14000,7000!"]; a -> b }"#;
    let png = render::render(dot, Format::Png, Renderer::Builtin).expect("a PNG");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    // IHDR: width and height, big-endian, at bytes 16..24.
    let width = u64::from(u32::from_be_bytes(png[16..20].try_into().unwrap()));
    let height = u64::from(u32::from_be_bytes(png[20..24].try_into().unwrap()));
    assert!(width * height <= render::MAX_PNG_PIXELS, "{width}×{height}");
    assert!(
        width * height > render::MAX_PNG_PIXELS * 9 / 10,
        "{width}×{height}"
    );
    assert!(
        (width as f64 / height as f64 - 2.0).abs() < 0.01,
        "{width}×{height}"
    );
}

/// Issue 15: more ties (edges) than one picture draws are refused, though
/// the actors are few.
#[test]
fn diagrams_over_the_tie_limit_are_refused() {
    // A complete graph of 201 actors: 20,100 edges.
    let n = 201;
    let data = network(n, (0..n).flat_map(|a| (a + 1..n).map(move |b| (a, b))));
    let snap = data.snapshot(&sel("2001"));
    assert!(n * (n - 1) / 2 > render::MAX_DIAGRAM_TIES);
    match render::try_snapshot_dot(&snap, &DiagramOptions::default())
        .map_err(tiegraph::Error::into_kind)
    {
        Err(ErrorKind::Render(RenderError::TooLarge { actors, ties, .. })) => {
            assert_eq!((actors, ties), (n, n * (n - 1) / 2));
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
}

/// Issue 15: pinned diagrams are drawn by `layout=nop` (neato -n), with
/// positions in points, and edges are curved by edge count and routing
/// work, not by actor count: a complete graph of 40 actors (780 edges) is
/// drawn straight, a path of 600 actors curved.
#[test]
fn pinned_layout_and_curves_by_edges() {
    let data = network(40, (0..40).flat_map(|a| (a + 1..40).map(move |b| (a, b))));
    let dot =
        render::try_snapshot_dot(&data.snapshot(&sel("2001")), &DiagramOptions::default()).unwrap();
    assert!(dot.contains("layout=\"nop\""), "{}", &dot[..200]);
    assert!(dot.contains("splines=\"false\""));
    let data = network(600, (1..600).map(|i| (i - 1, i)));
    let snap = data.snapshot(&sel("2001"));
    let focus = DiagramOptions::default().focus(data.resolve("A0").unwrap(), 20);
    let dot = render::try_snapshot_dot(&snap, &focus).unwrap();
    assert!(dot.contains("splines=\"true\""));
}

/// Issue 15: the built-in renderer lays out a pinned diagram of 400
/// actors without the n×n stress matrix (`neato` would build one and take
/// seconds; `nop` keeps the positions): the SVG has every actor where the
/// DOT pinned it.
#[cfg(feature = "render")]
#[test]
fn the_builtin_renderer_keeps_pinned_positions() {
    let n = 400;
    let data = network(n, (1..n).map(|i| (i - 1, i)));
    let dot =
        render::try_snapshot_dot(&data.snapshot(&sel("2001")), &DiagramOptions::default()).unwrap();
    let svg = render::render(&dot, Format::Svg, Renderer::Builtin).unwrap();
    let svg = String::from_utf8(svg).unwrap();
    assert_eq!(svg.matches("class=\"node\"").count(), n);
}

/// A hostile-but-valid network of 40 actors for the layout (issue 19): long,
/// wrapped and non-Latin names, a knot of five kinds between two actors and
/// a mediator, a dense clique, a chain, a star of leaves, a separate pair
/// and five actors with no tie at all; pairs that turn from friend to foe
/// between 2021 and 2023 (labelled in the diff).
fn hostile_forty() -> Dataset {
    let names = [
        "Office of the Extraordinarily Long Named Coordination Authority for Regional Affairs",
        "X",
        "Ḥizb al-Waḥda al-Islāmiyya",
        "中华人民共和国",
        "Tehreek-e-Something-Very-Long-Without-Spaces-At-All",
        "United Nations Assistance Mission",
    ];
    let kinds = ["state", "group", "organization"];
    let mut actors = String::from("id,name,kind\n");
    for i in 0..40 {
        let name = names[i % names.len()];
        actors.push_str(&format!("A{i:02},\"{name} {i}\",{}\n", kinds[i % 3]));
    }
    let mut ties = String::from("id,source,target,kind,start,end,with\n");
    let mut add = |a: usize, b: usize, kind: &str, start: &str, end: &str, with: &str| {
        let k = ties.lines().count();
        ties.push_str(&format!(
            "t{k},A{a:02},A{b:02},{kind},{start},{end},{with}\n"
        ));
    };
    // The knot: patron and client turn to open war, with a mediator.
    add(0, 1, "support", "2020", "2022-06", "");
    add(0, 1, "cooperation", "2020", "2022-03", "");
    add(0, 1, "tension", "2021-06", "", "");
    add(0, 1, "hostility", "2022-07", "", "");
    add(2, 0, "mediation", "2022-09", "", "A01");
    // A dense clique among A00–A07, some pairs flipping.
    for a in 0..8 {
        for b in a + 1..8 {
            if (a, b) == (0, 1) {
                continue;
            }
            if (a + b) % 3 == 0 {
                add(a, b, "alliance", "2020", "2022", "");
                add(a, b, "hostility", "2022", "", "");
            } else if (a + b) % 2 == 0 {
                add(a, b, "cooperation", "2020", "", "");
            } else {
                add(a, b, "tension", "2021", "", "");
            }
        }
    }
    // A chain A08–A20 hanging off the clique.
    add(7, 8, "cooperation", "2020", "", "");
    for a in 8..20 {
        add(
            a,
            a + 1,
            if a % 2 == 0 { "alliance" } else { "tension" },
            "2020",
            "",
            "",
        );
    }
    // A star: A21 backs eight clients.
    add(3, 21, "cooperation", "2020", "", "");
    for leaf in 22..30 {
        add(21, leaf, "support", "2020", "", "");
    }
    // A pair of its own; A30 and A35–A39 have no tie.
    add(31, 32, "hostility", "2020", "", "");
    add(33, 34, "cooperation", "2020", "", "");
    Dataset::from_csv(actors.as_bytes(), ties.as_bytes(), None::<&[u8]>).unwrap()
}

/// A box (x0, y0, x1, y1) in SVG units.
type Boxed = (f64, f64, f64, f64);

fn overlap(a: Boxed, b: Boxed) -> f64 {
    let w = a.2.min(b.2) - a.0.max(b.0);
    let h = a.3.min(b.3) - a.1.max(b.1);
    if w > 0.0 && h > 0.0 {
        w * h
    } else {
        0.0
    }
}

/// The boxes of an SVG element's polygons and ellipses (Graphviz writes
/// nodes and label backgrounds as those; rounded boxes as paths, counted
/// when no `fill` is asked for, that is for actors), one per element.
fn shapes(node: roxmltree::Node<'_, '_>, fill: Option<&str>) -> Vec<Boxed> {
    let mut out = Vec::new();
    for d in node.descendants() {
        if fill.is_some_and(|f| d.attribute("fill") != Some(f)) {
            continue;
        }
        // Rounded boxes are paths: their points bound them well enough.
        let points = if d.has_tag_name("polygon") {
            d.attribute("points")
        } else if d.has_tag_name("path") && fill.is_none() {
            d.attribute("d")
        } else {
            None
        };
        if let Some(points) = points {
            let pts: Vec<f64> = points
                .split([' ', ',', 'M', 'C', 'L', 'Z'])
                .filter_map(|v| v.parse().ok())
                .collect();
            let xs = pts.iter().step_by(2);
            let ys = pts.iter().skip(1).step_by(2);
            let (x0, x1) = xs.fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
            let (y0, y1) = ys.fold((f64::MAX, f64::MIN), |(a, b), &y| (a.min(y), b.max(y)));
            out.push((x0, y0, x1, y1));
        } else if d.has_tag_name("ellipse") {
            let f = |k: &str| d.attribute(k).and_then(|v| v.parse::<f64>().ok()).unwrap();
            let (cx, cy, rx, ry) = (f("cx"), f("cy"), f("rx"), f("ry"));
            out.push((cx - rx, cy - ry, cx + rx, cy + ry));
        }
    }
    out
}

/// Issue 19: on a hostile-but-valid network of 40 actors, in the built-in
/// renderer's SVG, no actor overlaps another, no change label overlaps an
/// actor or another label (labels that cannot be placed are left to the
/// tooltip), actors without ties and small groups sit next to the network
/// (the drawing is not stretched), and the drawing is not mostly empty.
#[cfg(feature = "render")]
#[test]
fn a_hostile_network_of_forty_is_laid_out_cleanly() {
    let data = hostile_forty();
    let (a, b) = (data.snapshot(&sel("2021")), data.snapshot(&sel("2023")));
    let options = DiagramOptions::default();
    for (name, dot) in [
        ("snapshot", render::snapshot_dot(&b, &options)),
        ("diff", render::diff_dot(&a, &b, &options)),
    ] {
        let svg = render::render(&dot, Format::Svg, Renderer::Builtin).unwrap();
        let svg = String::from_utf8(svg).unwrap();
        let doc = roxmltree::Document::parse_with_options(
            &svg,
            roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            },
        )
        .unwrap();
        let nodes: Vec<(String, Boxed)> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("node"))
            .map(|n| {
                let id = n.attribute("id").unwrap_or("?").to_owned();
                let all = shapes(n, None);
                let b = all
                    .iter()
                    .fold((f64::MAX, f64::MAX, f64::MIN, f64::MIN), |a, b| {
                        (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3))
                    });
                (id, b)
            })
            .collect();
        // A30 and A35–A39 have no tie: diagrams leave them out.
        assert_eq!(nodes.len(), 34, "{name}: every actor with a tie drawn");
        for (i, (p, pb)) in nodes.iter().enumerate() {
            for (q, qb) in &nodes[i + 1..] {
                assert_eq!(overlap(*pb, *qb), 0.0, "{name}: {p} overlaps {q}");
            }
        }
        // The change labels' white boxes.
        let labels: Vec<Boxed> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("edge"))
            .flat_map(|n| shapes(n, Some("#ffffff")))
            .collect();
        if name == "diff" {
            assert!(!labels.is_empty(), "the flips are labelled");
        }
        for (i, l) in labels.iter().enumerate() {
            for (id, nb) in &nodes {
                assert!(overlap(*l, *nb) < 1.0, "{name}: a label overlaps {id}");
            }
            for m in &labels[i + 1..] {
                assert!(overlap(*l, *m) < 1.0, "{name}: two labels overlap");
            }
        }
        // Nothing far from everything else: each actor is within 200
        // points of another (edge to edge).
        for (i, (p, pb)) in nodes.iter().enumerate() {
            let nearest = nodes
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, (_, qb))| {
                    let dx = (qb.0 - pb.2).max(pb.0 - qb.2).max(0.0);
                    let dy = (qb.1 - pb.3).max(pb.1 - qb.3).max(0.0);
                    (dx * dx + dy * dy).sqrt()
                })
                .fold(f64::MAX, f64::min);
            assert!(
                nearest <= 200.0,
                "{name}: {p} is {nearest:.0} pt from any other actor"
            );
        }
        // The two small components are packed beside the network: they
        // add a shelf to its box, not a stretch of empty space.
        let bounds = |keep: &dyn Fn(&str) -> bool| {
            nodes
                .iter()
                .filter(|(id, _)| keep(id))
                .fold((f64::MAX, f64::MAX, f64::MIN, f64::MIN), |a, (_, b)| {
                    (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3))
                })
        };
        let small = ["actor:A31", "actor:A32", "actor:A33", "actor:A34"];
        let all = bounds(&|_| true);
        let main = bounds(&|id| !small.contains(&id));
        let area = |b: Boxed| (b.2 - b.0) * (b.3 - b.1);
        println!(
            "{name}: {:.2} × the main component's box",
            area(all) / area(main)
        );
        assert!(
            area(all) <= 1.35 * area(main),
            "{name}: the small components stretch the drawing {:.2}×",
            area(all) / area(main)
        );
    }
}
