//! Exports (issue 9): schema validation, round trips, readers' errors,
//! determinism and golden files.
//!
//! GEXF and GraphML are validated with `xmllint` (Debian: libxml2-utils);
//! without it those checks are skipped with a message. JSON Graph Format is
//! validated with the `jsonschema` crate.

use std::path::{Path, PathBuf};
use std::process::Command;

use proptest::prelude::*;
use serde_json::{json, Value};
use tiegraph::export::{self, ExportFormat, GephiCsv, GexfEdges};
use tiegraph::{Dataset, Selector};

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/export")
}

fn schema(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/schemas")
        .join(path)
}

fn small() -> Dataset {
    Dataset::load_dir(fixture_dir().join("small")).expect("the small fixture loads")
}

fn sel(text: &str) -> Selector {
    text.parse().expect("a selector")
}

fn has_xmllint() -> bool {
    let ok = Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!(
            "SKIPPED: xmllint not found, GEXF/GraphML schema validation not run \
             (install it with: apt-get install -y libxml2-utils)"
        );
    }
    ok
}

/// Validates an XML document with xmllint (`--relaxng` or `--schema`).
fn xmllint(flag: &str, schema: &Path, doc: &str) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join("doc.xml");
    std::fs::write(&file, doc).expect("write the document");
    let out = Command::new("xmllint")
        .args(["--noout", flag])
        .arg(schema)
        .arg(&file)
        .output()
        .expect("run xmllint");
    assert!(
        out.status.success(),
        "schema validation failed:\n{}\n--- document ---\n{}",
        String::from_utf8_lossy(&out.stderr),
        doc.chars().take(4000).collect::<String>()
    );
}

fn validate_gexf(doc: &str) {
    xmllint("--relaxng", &schema("gexf-1.3/gexf.rng"), doc);
}

fn validate_graphml(doc: &str) {
    xmllint("--schema", &schema("graphml-1.0/graphml.xsd"), doc);
}

fn validate_jgf(doc: &str) {
    let text = std::fs::read_to_string(schema("jgf-v2/json-graph-schema_v2.json"))
        .expect("the JGF schema");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let instance: Value = serde_json::from_str(doc).expect("the export is JSON");
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "JGF schema errors: {errors:#?}");
}

#[test]
fn every_export_validates_against_its_schema() {
    let default = tiegraph::default_dataset();
    let small = small();
    let at = sel("2025-05");
    for data in [default, &small] {
        for at in [None, Some(&at)] {
            validate_jgf(&export::jgf(data, at));
        }
    }
    if !has_xmllint() {
        return;
    }
    for data in [default, &small] {
        for at in [None, Some(&at)] {
            for edges in GexfEdges::ALL {
                validate_gexf(&export::gexf_with(data, at, edges));
            }
            validate_graphml(&export::graphml(data, at));
        }
    }
}

#[test]
fn the_schemas_reject_what_they_should() {
    // Guards against a schema that accepts anything.
    let bad_jgf = json!({"graphs": [{"nodes": {"A": {}}, "edges": [{"source": "A"}]}]});
    let text = std::fs::read_to_string(schema("jgf-v2/json-graph-schema_v2.json")).unwrap();
    let schema_json: Value = serde_json::from_str(&text).unwrap();
    assert!(!jsonschema::validator_for(&schema_json)
        .unwrap()
        .is_valid(&bad_jgf));
    if !has_xmllint() {
        return;
    }
    let gexf = export::gexf(&small(), None).replace("mode=\"dynamic\"", "mode=\"sometimes\"");
    let graphml = export::graphml(&small(), None).replace("target=\"TAL\"", "target=\"NOPE\"");
    for (flag, schema, doc) in [
        ("--relaxng", schema("gexf-1.3/gexf.rng"), gexf),
        ("--schema", schema("graphml-1.0/graphml.xsd"), graphml),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("doc.xml");
        std::fs::write(&file, doc).unwrap();
        let out = Command::new("xmllint")
            .args(["--noout", flag])
            .arg(schema)
            .arg(&file)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{flag} accepted a broken document");
    }
}

#[test]
fn default_dataset_round_trips_through_graphml_and_jgf() {
    let data = tiegraph::default_dataset();
    assert_eq!(
        &export::read_graphml(&export::graphml(data, None)).unwrap(),
        data
    );
    assert_eq!(&export::read_jgf(&export::jgf(data, None)).unwrap(), data);
}

#[test]
fn fixture_round_trips_keeping_everything() {
    let data = small();
    // What the fixture exercises: phases, generated ids, weights as given,
    // precision, custom columns, sources.
    assert!(data.ties().iter().any(|t| t.id() == "#3"));
    assert!(data.ties().iter().any(|t| t.weight_given() == Some(1.0)));
    assert!(data.ties().iter().any(|t| t.weight_given().is_none()));
    let back = export::read_graphml(&export::graphml(&data, None)).unwrap();
    assert_eq!(back, data);
    assert_eq!(back.extra_columns(), data.extra_columns());
    assert_eq!(back.sources(), data.sources());
    assert_eq!(export::read_jgf(&export::jgf(&data, None)).unwrap(), data);
}

#[test]
fn a_snapshot_export_reimports_as_the_snapshot() {
    let data = tiegraph::default_dataset();
    let at = sel("2026-03-01");
    let snap = data.snapshot(&at);
    let ids: Vec<&str> = snap.ties().map(|t| t.id()).collect();
    for back in [
        export::read_graphml(&export::graphml(data, Some(&at))).unwrap(),
        export::read_jgf(&export::jgf(data, Some(&at))).unwrap(),
    ] {
        let back_ids: Vec<&str> = back.ties().iter().map(|t| t.id()).collect();
        assert_eq!(back_ids, ids);
        assert_eq!(back.actors().len(), snap.actors().count());
    }
}

#[test]
fn exports_are_deterministic_and_match_the_golden_files() {
    let data = small();
    let at = sel("2025-05");
    let csv = export::gephi_csv(&data, None);
    let outputs = [
        ("small.gexf", export::gexf(&data, None)),
        ("small-2025-05.gexf", export::gexf(&data, Some(&at))),
        ("small.graphml", export::graphml(&data, None)),
        ("small.jgf.json", export::jgf(&data, None)),
        ("small.node-link.json", export::node_link(&data, None)),
        ("small.edges.csv", csv.edges),
        ("small.nodes.csv", csv.nodes),
    ];
    let bless = std::env::var_os("TIEGRAPH_BLESS").is_some();
    for (name, text) in outputs {
        let path = fixture_dir().join("golden").join(name);
        if bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &text).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run with TIEGRAPH_BLESS=1)", path.display()));
        assert_eq!(
            text, expected,
            "{name} changed (run with TIEGRAPH_BLESS=1 to accept)"
        );
    }
    let data = tiegraph::default_dataset();
    assert_eq!(export::gexf(data, None), export::gexf(data, None));
    assert_eq!(export::node_link(data, None), export::node_link(data, None));
}

#[test]
fn gexf_is_dynamic_with_closed_intervals_and_mixed_directions() {
    let gexf = export::gexf(&small(), None);
    assert!(gexf.contains(r#"<graph mode="dynamic" defaultedgetype="undirected" timeformat="date" timerepresentation="interval">"#));
    // t5 ends (exclusive) on 2021-08-15: its last day is the 14th.
    assert!(
        gexf.contains(r#"kind="tension" weight="0.3" start="2004-01-01" end="2021-08-14">"#),
        "{gexf}"
    );
    // The mediation is two directed edges from the mediator.
    assert!(gexf.contains(
        r#"source="CHN" target="PAK" label="mediation" kind="mediation" weight="1" type="directed""#
    ));
    assert!(gexf.contains(
        r#"source="CHN" target="TAL" label="mediation" kind="mediation" weight="1" type="directed""#
    ));
    // TAL's kind changes: a dynamic attribute, bounded by the phases.
    assert!(gexf
        .contains(r#"<attvalue for="kind_t" value="group" start="1994-01-01" end="2021-08-14"/>"#));
    assert!(gexf.contains(r#"<attvalue for="kind_t" value="state" start="2021-08-15"/>"#));
    // Hostile text is escaped, newlines survive in attributes.
    assert!(gexf.contains("Tehrik-i-Taliban &lt;Pakistan&gt; &amp; co"));
    assert!(gexf.contains("line one&#10;line two"));
}

/// (source, target, tie, `directed` attribute, role) of every edge of a GEXF
/// export, and the graph's `defaultedgetype`; panics on an edge `type`
/// other than the default or `directed`.
type GexfEdge = (String, String, String, bool, Option<String>);

fn gexf_edges(text: &str) -> (String, Vec<(GexfEdge, Option<String>)>) {
    let doc = roxmltree::Document::parse(text).unwrap();
    let graph = doc.descendants().find(|n| n.has_tag_name("graph")).unwrap();
    let default = graph.attribute("defaultedgetype").unwrap().to_owned();
    let edges = doc
        .descendants()
        .filter(|n| n.has_tag_name("edge"))
        .map(|e| {
            let value = |id: &str| {
                e.descendants()
                    .find(|v| v.has_tag_name("attvalue") && v.attribute("for") == Some(id))
                    .and_then(|v| v.attribute("value"))
                    .map(str::to_owned)
            };
            let edge = (
                e.attribute("source").unwrap().to_owned(),
                e.attribute("target").unwrap().to_owned(),
                value("tie").unwrap(),
                value("directed").unwrap().parse().unwrap(),
                value("role"),
            );
            (edge, e.attribute("type").map(str::to_owned))
        })
        .collect();
    (default, edges)
}

#[test]
fn gexf_edges_are_mixed_directed_or_undirected_and_keep_the_tie_direction() {
    let data = tiegraph::default_dataset();
    assert_eq!(
        export::gexf(data, None),
        export::gexf_with(data, None, GexfEdges::Mixed)
    );
    let (_, mixed) = gexf_edges(&export::gexf(data, None));
    for (default, edges) in [
        ("directed", GexfEdges::Directed),
        ("undirected", GexfEdges::Undirected),
    ] {
        let (graph_type, list) = gexf_edges(&export::gexf_with(data, None, edges));
        assert_eq!(graph_type, default);
        assert!(
            list.iter().all(|(_, ty)| ty.is_none()),
            "{edges}: no edge type"
        );
        let same: Vec<_> = list.into_iter().map(|(e, _)| e).collect();
        let mixed_edges: Vec<_> = mixed.iter().map(|(e, _)| e.clone()).collect();
        assert_eq!(
            same, mixed_edges,
            "{edges}: the same edges, attributes and order"
        );
    }
    // Mixed: an edge is directed exactly when its tie is.
    for ((source, target, tie, directed, _), ty) in &mixed {
        let t = data.ties().iter().find(|t| t.id() == tie).unwrap();
        assert_eq!(*directed, t.kind().is_directed(), "{tie}");
        assert_eq!(ty.as_deref(), directed.then_some("directed"), "{tie}");
        assert_eq!(source, data.actor_id(t.source()), "{tie}");
        if t.with().is_none() {
            assert_eq!(target, data.actor_id(t.target()), "{tie}");
        }
    }
    assert!(mixed.iter().any(|(e, _)| e.3) && mixed.iter().any(|(e, _)| !e.3));
    assert_eq!(
        "UNDIRECTED".parse::<GexfEdges>().unwrap(),
        GexfEdges::Undirected
    );
    assert_eq!(
        "both".parse::<GexfEdges>().unwrap_err().to_string(),
        "both is not a kind of GEXF edges (expected mixed, directed or undirected)"
    );
}

/// The Python with networkx that reads the GEXF exports back: the one
/// `TIEGRAPH_PYTHON` names (CI sets it to a virtualenv with
/// `tests/requirements-python.txt`), or `None`, saying so, without it.
fn python_with_networkx() -> Option<PathBuf> {
    match std::env::var_os("TIEGRAPH_PYTHON") {
        Some(p) => Some(PathBuf::from(p)),
        None => {
            println!(
                "SKIPPED: TIEGRAPH_PYTHON is not set, the GEXF exports are not read back with \
                 networkx (python3 -m venv /tmp/venv && /tmp/venv/bin/pip install -r \
                 tests/requirements-python.txt, then TIEGRAPH_PYTHON=/tmp/venv/bin/python)"
            );
            None
        }
    }
}

/// Reads each GEXF file with `networkx.read_gexf` and prints, per file,
/// whether the graph is directed and its edges with their attributes.
const READ_GEXF: &str = r#"
import json, sys
import networkx as nx
out = []
for path in sys.argv[1:]:
    g = nx.read_gexf(path)
    edges = sorted([u, v, d["tie"], d["directed"], d.get("role"), d["kind"]]
                   for u, v, d in g.edges(data=True))
    out.append({"directed": g.is_directed(), "nodes": sorted(g.nodes()), "edges": edges})
print(json.dumps(out))
"#;

#[test]
fn networkx_reads_the_directed_and_undirected_gexf() {
    let Some(python) = python_with_networkx() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let small = small();
    let at = sel("2025-05");
    let mut files = Vec::new();
    let mut expected = Vec::new();
    for (d, data) in [tiegraph::default_dataset(), &small]
        .into_iter()
        .enumerate()
    {
        for (a, at) in [None, Some(&at)].into_iter().enumerate() {
            for edges in [GexfEdges::Directed, GexfEdges::Undirected] {
                let text = export::gexf_with(data, at, edges);
                let file = dir.path().join(format!("{d}-{a}-{edges}.gexf"));
                std::fs::write(&file, &text).unwrap();
                files.push(file);
                expected.push(networkx_view(&text, edges));
            }
        }
    }
    let out = Command::new(&python)
        .arg("-c")
        .arg(READ_GEXF)
        .args(&files)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {} (TIEGRAPH_PYTHON): {e}", python.display()));
    assert!(
        out.status.success(),
        "networkx could not read the GEXF exports:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Value = serde_json::from_slice(&out.stdout).expect("JSON from the script");
    let mut got = got.as_array().expect("a list").clone();
    for (file, graph) in files.iter().zip(&mut got) {
        if let Some(edges) = graph["edges"].as_array_mut() {
            edges.sort_by_key(|e| e.to_string());
        }
        println!("networkx read {}", file.display());
    }
    assert_eq!(got, expected);
}

/// What networkx should make of a GEXF export: its nodes, and its edges
/// (an undirected one with its ends in either order, as networkx gives them).
fn networkx_view(text: &str, edges: GexfEdges) -> Value {
    let doc = roxmltree::Document::parse(text).unwrap();
    let mut nodes: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("node"))
        .map(|n| n.attribute("id").unwrap())
        .collect();
    nodes.sort_unstable();
    let kinds: std::collections::HashMap<String, String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("edge"))
        .map(|e| {
            (
                e.attribute("id").unwrap().to_owned(),
                e.attribute("kind").unwrap().to_owned(),
            )
        })
        .collect();
    let directed = edges == GexfEdges::Directed;
    let ids: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("edge"))
        .map(|e| e.attribute("id").unwrap().to_owned())
        .collect();
    let (_, list) = gexf_edges(text);
    let mut rows: Vec<Value> = list
        .into_iter()
        .zip(ids)
        .map(|((e, _), id)| {
            let (source, target, tie, tie_directed, role) = e;
            let (u, v) = if directed || source <= target {
                (source, target)
            } else {
                (target, source)
            };
            json!([u, v, tie, tie_directed, role, kinds[&id]])
        })
        .collect();
    rows.sort_by_key(|r| r.to_string());
    json!({"directed": directed, "nodes": nodes, "edges": rows})
}

#[test]
fn characters_xml_cannot_hold_become_replacement_characters() {
    let doc = json!({
        "actors": [{"id": "A", "name": "bell\u{7}", "kind": "state"},
                   {"id": "B", "name": "B", "kind": "state"}],
        "ties": [{"id": "t1", "source": "A", "target": "B", "kind": "alliance", "start": "2020",
                  "note": "nul\u{0}"}]
    });
    let data = Dataset::from_json_str(&doc.to_string()).unwrap();
    let gexf = export::gexf(&data, None);
    assert!(gexf.contains("bell\u{FFFD}") && gexf.contains("nul\u{FFFD}"));
    let back = export::read_graphml(&export::graphml(&data, None)).unwrap();
    assert_eq!(back.actors()[0].current().name(), "bell\u{FFFD}");
    // JSON carries every character.
    assert_eq!(export::read_jgf(&export::jgf(&data, None)).unwrap(), data);
    if has_xmllint() {
        validate_gexf(&gexf);
        validate_graphml(&export::graphml(&data, None));
    }
}

#[test]
fn graphml_reader_errors_name_file_line_and_key() {
    let good = export::graphml(&small(), None);
    let bad_date = good.replacen(
        "<data key=\"e_start\">2025-10</data>",
        "<data key=\"e_start\">2025-13</data>",
        1,
    );
    let line = bad_date
        .lines()
        .position(|l| l.contains("2025-13"))
        .unwrap();
    let edge_line = bad_date
        .lines()
        .take(line)
        .enumerate()
        .filter(|(_, l)| l.contains("<edge "))
        .last()
        .unwrap()
        .0
        + 1;
    let err = export::read_graphml_named(&bad_date, "net.graphml").unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("net.graphml:{edge_line}: column start: 2025-13 is not a date (months run from 01 to 12)")
    );
    let cases = [
        ("<graphml><graph", "x.graphml:1: not well-formed XML"),
        (
            "<gexf/>",
            "x.graphml:1: expected a <graphml> root element, found <gexf>",
        ),
        ("<graphml/>", "x.graphml:1: the document has no <graph>"),
        (
            r#"<graphml><graph edgedefault="undirected"><node id="A"><data key="nope">x</data></node></graph></graphml>"#,
            "x.graphml:1: <data> refers to key nope, which no <key> declares",
        ),
        (
            r#"<graphml><key id="n" attr.name="name"/><key id="k" attr.name="kind"/>
<graph edgedefault="undirected"><node id="A"><data key="n">A</data><data key="k">state</data></node>
<edge source="A" target="Z"/></graph></graphml>"#,
            "x.graphml:3: column target: Z is not a node of the ties graph",
        ),
        (
            r#"<graphml><key id="w" attr.name="weight"/><graph edgedefault="undirected"><node id="A"/>
<edge source="A" target="A"><data key="w">heavy</data></edge></graph></graphml>"#,
            "x.graphml:2: column weight: heavy is not a number in (0, 1]",
        ),
    ];
    for (text, expected) in cases {
        let err = export::read_graphml_named(text, "x.graphml").unwrap_err();
        assert!(
            err.to_string().starts_with(expected),
            "{text}\n  gave {err}\n  expected {expected}"
        );
    }
}

#[test]
fn jgf_reader_errors_name_the_json_path() {
    let good = export::jgf(&small(), None);
    let mut doc: Value = serde_json::from_str(&good).unwrap();
    doc["graphs"][0]["edges"][1]["metadata"]["end"] = json!("2021-02-30");
    let err = export::read_jgf(&doc.to_string()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "export.json: field graphs[0].edges[1].metadata.end: 2021-02-30 is not a date (no such day in that month)"
    );
    doc["graphs"][1]["hyperedges"][0]["metadata"]["with"] = json!("NOPE");
    let err = export::read_jgf(&doc.to_string()).unwrap_err();
    assert!(err.to_string().starts_with(
        "export.json: field graphs[1].hyperedges[0].metadata.with: NOPE is not a node of the first graph"
    ), "{err}");
    let err = export::read_jgf("{\"graphs\": [").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("export.json:1: EOF while parsing"),
        "{err}"
    );
    let err = export::read_jgf(r#"{"graphs": [{"nodes": {"A": {"metadata": {"phases": [{"name": "A", "kind": "state", "colour": "red"}]}}}}]}"#).unwrap_err();
    assert!(err.to_string().contains("unknown field `colour`"), "{err}");
}

/// The line (1-based) of the `<edge>` element holding the first line that
/// contains `needle`.
fn edge_line(text: &str, needle: &str) -> usize {
    let at = text.lines().position(|l| l.contains(needle)).unwrap();
    text.lines()
        .take(at + 1)
        .enumerate()
        .filter(|(_, l)| l.contains("<edge "))
        .last()
        .unwrap()
        .0
        + 1
}

#[test]
fn graphml_reader_errors_name_the_key_or_attribute_holding_the_value() {
    let good = export::graphml(&small(), None);
    let first = edge_line(&good, "<data key=\"e_tie\">t1</data>");
    let twice = good.replace(
        "<data key=\"e_tie\">t3</data>",
        "<data key=\"e_tie\">t1</data>",
    );
    let later = edge_line(&good, "<data key=\"e_tie\">t3</data>");
    let err = export::read_graphml_named(&twice, "net.graphml").unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("net.graphml:{later}: column tie: tie id t1 is used twice (first on line {first})")
    );
    // A mediation's `with` is the target of its second edge.
    let with_edge = good
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("<edge "))
        .map(|(i, _)| i + 1)
        .find(|&l| {
            let rest: Vec<&str> = good.lines().skip(l).take(14).collect();
            let end = rest.iter().position(|r| r.contains("</edge>")).unwrap();
            rest[..end].iter().any(|r| r.contains(">with</data>"))
        })
        .unwrap();
    let mut lines: Vec<String> = good.lines().map(str::to_owned).collect();
    lines[with_edge - 1] = lines[with_edge - 1].replace("target=\"TAL\"", "target=\"PAK\"");
    let err = export::read_graphml_named(&lines.join("\n"), "net.graphml").unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("net.graphml:{with_edge}: column target: with must differ from source and target")
    );
}

#[test]
fn jgf_reader_errors_name_where_the_value_is() {
    let good = export::jgf(&small(), None);
    let doc: Value = serde_json::from_str(&good).unwrap();
    let read = |doc: &Value, file: &str| {
        export::read_jgf_named(&doc.to_string(), file)
            .unwrap_err()
            .to_string()
    };
    // Fields beside the metadata are named there.
    let mut d = doc.clone();
    d["graphs"][0]["edges"][0]["target"] = d["graphs"][0]["edges"][0]["source"].clone();
    assert_eq!(
        read(&d, "export.json"),
        "export.json: field graphs[0].edges[0].target: a tie needs two different actors"
    );
    let mut d = doc.clone();
    d["graphs"][0]["edges"][1]["id"] = d["graphs"][0]["edges"][0]["id"].clone();
    assert!(
        read(&d, "x.jgf")
            .starts_with("x.jgf: field graphs[0].edges[1].id: tie id t1 is used twice"),
        "{}",
        read(&d, "x.jgf")
    );
    // A mediation's parties given by `nodes` only are named there.
    let mut d = doc.clone();
    let h = &mut d["graphs"][1]["hyperedges"][0];
    h["metadata"].as_object_mut().unwrap().remove("with");
    h["nodes"][2] = h["nodes"][0].clone();
    assert_eq!(
        read(&d, "export.json"),
        "export.json: field graphs[1].hyperedges[0].nodes[2]: with must differ from source and target"
    );
    // A node without phases: its label and metadata.kind.
    let mut d = doc.clone();
    let node = &mut d["graphs"][0]["nodes"]["CHN"];
    node["metadata"] = json!({"kind": "planet"});
    let err = read(&d, "export.json");
    assert!(
        err.starts_with("export.json: field graphs[0].nodes.CHN.metadata.kind: "),
        "{err}"
    );
    let mut d = doc.clone();
    d["graphs"][0]["edges"][0]
        .as_object_mut()
        .unwrap()
        .remove("id");
    assert_eq!(
        read(&d, "export.json"),
        "export.json: field graphs[0].edges[0].id: an edge needs an id (the id of its tie)"
    );
}

#[test]
fn export_formats_have_names_and_write_files() {
    for f in ExportFormat::ALL {
        assert_eq!(f.name().parse::<ExportFormat>().unwrap(), f);
        assert_eq!(f.to_string(), f.name());
    }
    assert_eq!(
        "svg".parse::<ExportFormat>().unwrap_err().to_string(),
        "svg is not an export format (expected gexf, graphml, jgf, node-link or gephi-csv)"
    );
    let dir = tempfile::tempdir().unwrap();
    let data = small();
    let path = dir.path().join("net.csv");
    let written = ExportFormat::GephiCsv.write(&data, None, &path).unwrap();
    assert_eq!(
        written,
        vec![path.clone(), dir.path().join("net.nodes.csv")]
    );
    assert_eq!(
        GephiCsv::nodes_path(Path::new("net")),
        Path::new("net.nodes.csv")
    );
    let csv = export::gephi_csv(&data, None);
    assert_eq!(std::fs::read_to_string(&written[1]).unwrap(), csv.nodes);
    let path = dir.path().join("net.graphml");
    ExportFormat::Graphml.write(&data, None, &path).unwrap();
    let back = export::read_graphml(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(back, data);
}

// ---- property tests: generated datasets with hostile text ----

/// Text with quotes, markup, separators, newlines, RTL marks and emoji; never blank.
fn hostile() -> impl Strategy<Value = String> {
    "[a-zA-Z \"'<>&;,\n\r\t\u{202E}\u{200F}\u{5D0}\u{1F600}é#]{0,10}".prop_map(|s| format!("{s}Ω"))
}

fn maybe_hostile() -> impl Strategy<Value = Option<String>> {
    prop::option::of(hostile())
}

fn date(year: u16) -> impl Strategy<Value = String> {
    (0..3u8, 1..=12u8, 1..=28u8).prop_map(move |(p, m, d)| match p {
        0 => format!("{year:04}"),
        1 => format!("{year:04}-{m:02}"),
        _ => format!("{year:04}-{m:02}-{d:02}"),
    })
}

const ACTOR_COLUMNS: [&str; 2] = ["x_region", "x_odd <name> & \"quoted\""];
const TIE_COLUMNS: [&str; 1] = ["x_confidence"];

#[derive(Debug, Clone)]
struct GenTie {
    id: Option<String>,
    ends: (usize, usize, usize),
    kind: usize,
    start: (u16, String),
    end: Option<u16>,
    weight: Option<f64>,
    sources: Vec<usize>,
    note: Option<String>,
    extra: Option<String>,
}

fn gen_tie() -> impl Strategy<Value = GenTie> {
    (
        prop::option::of(hostile()),
        (0..5usize, 0..5usize, 0..5usize),
        0..6usize,
        (2000..2020u16).prop_flat_map(|y| (Just(y), date(y))),
        prop::option::of(1..10u16),
        prop::option::of(prop_oneof![Just(1.0), Just(0.1 + 0.2), 1e-9..=1.0f64]),
        prop::collection::vec(0..3usize, 0..3),
        maybe_hostile(),
        maybe_hostile(),
    )
        .prop_map(
            |(id, ends, kind, start, end, weight, sources, note, extra)| GenTie {
                id,
                ends,
                kind,
                start,
                end,
                weight,
                sources,
                note,
                extra,
            },
        )
}

fn gen_dataset() -> impl Strategy<Value = Dataset> {
    let actor = (
        hostile(),
        prop::collection::vec((hostile(), 0..3usize, 1950..2000u16), 0..3),
        prop::collection::vec(hostile(), 0..3),
        maybe_hostile(),
        maybe_hostile(),
    );
    (
        prop::collection::vec(actor, 3..6),
        prop::collection::vec(gen_tie(), 0..8),
        prop::collection::vec((maybe_hostile(), maybe_hostile()), 0..3),
    )
        .prop_map(|(actors, ties, sources)| {
            let kinds = ["state", "group", "organization"];
            let mut actor_rows = Vec::new();
            for (i, (name, later, aliases, note, region)) in actors.iter().enumerate() {
                // Phases that touch: the actor exists from forever to forever.
                let mut years: Vec<u16> = later.iter().map(|l| l.2).collect();
                years.sort_unstable();
                years.dedup();
                let mut bounds: Vec<Option<String>> = vec![None];
                bounds.extend(years.iter().map(|y| Some(format!("{y:04}"))));
                bounds.push(None);
                for p in 0..bounds.len() - 1 {
                    let (pname, pkind) = match p {
                        0 => (name.clone(), i % 3),
                        _ => (later[p - 1].0.clone(), later[p - 1].1),
                    };
                    let mut extra = serde_json::Map::new();
                    if let Some(r) = region {
                        extra.insert(ACTOR_COLUMNS[(i + p) % 2].to_owned(), json!(r));
                    }
                    actor_rows.push(json!({
                        "id": format!("A{i}"), "name": pname, "kind": kinds[pkind],
                        "from": bounds[p], "until": bounds[p + 1],
                        // The format forbids `;` in an alias (actors.csv separates them with it).
                        "aliases": aliases.iter().map(|a| a.replace(';', ",")).collect::<Vec<_>>(),
                        "note": note, "extra": extra,
                    }));
                }
            }
            let n = actors.len();
            let source_rows: Vec<Value> = sources
                .iter()
                .enumerate()
                .map(|(i, (title, publisher))| {
                    json!({"id": format!("s{i}<&\"é"), "title": title, "publisher": publisher,
                           "published": "2025-10-12", "reference": "https://example.org/?a=1&b=2"})
                })
                .collect();
            let tie_rows: Vec<Value> = ties
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let (a, b) = (t.ends.0 % n, (t.ends.0 + 1 + t.ends.1 % (n - 1)) % n);
                    let kind = tiegraph::TieKind::ALL[t.kind].as_str();
                    let with = (kind == "mediation").then(|| {
                        (0..n).map(|k| (t.ends.2 + k) % n).find(|&k| k != a && k != b).unwrap_or(0)
                    });
                    let id = match &t.id {
                        Some(s) if i % 2 == 0 => format!("t{i}{s}"),
                        _ => format!("#{}", 100 + i),
                    };
                    let mut extra = serde_json::Map::new();
                    if let Some(e) = &t.extra {
                        extra.insert(TIE_COLUMNS[0].to_owned(), json!(e));
                    }
                    let mut cited: Vec<String> = t
                        .sources
                        .iter()
                        .filter(|&&s| s < source_rows.len())
                        .map(|s| format!("s{s}<&\"é"))
                        .collect();
                    cited.dedup();
                    json!({
                        "id": id, "source": format!("A{a}"), "target": format!("A{b}"), "kind": kind,
                        "start": t.start.1, "end": t.end.map(|e| format!("{:04}", t.start.0 + e)),
                        "with": with.map(|w| format!("A{w}")), "weight": t.weight,
                        "sources": cited, "note": t.note, "extra": extra,
                    })
                })
                .collect();
            let doc = json!({
                "actors": actor_rows, "ties": tie_rows, "sources": source_rows,
                "extra_columns": {"actors": ACTOR_COLUMNS, "ties": TIE_COLUMNS, "sources": []},
            });
            match Dataset::from_json_str(&doc.to_string()) {
                Ok(d) => d,
                Err(e) => panic!("the generator made an invalid dataset: {e}\n{doc:#}"),
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn generated_datasets_round_trip(data in gen_dataset()) {
        let graphml = export::graphml(&data, None);
        prop_assert_eq!(&export::read_graphml(&graphml).unwrap(), &data);
        let jgf = export::jgf(&data, None);
        prop_assert_eq!(&export::read_jgf(&jgf).unwrap(), &data);
        prop_assert_eq!(graphml, export::graphml(&data, None));
        prop_assert_eq!(jgf, export::jgf(&data, None));
        // The other formats are well-formed.
        let _: Value = serde_json::from_str(&export::node_link(&data, None)).unwrap();
        let at = sel("2010");
        let _ = export::gephi_csv(&data, Some(&at));
        prop_assert!(roxmltree::Document::parse(&export::gexf(&data, None)).is_ok());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn generated_datasets_validate(data in gen_dataset()) {
        validate_jgf(&export::jgf(&data, None));
        if Command::new("xmllint").arg("--version").output().is_ok_and(|o| o.status.success()) {
            for edges in GexfEdges::ALL {
                validate_gexf(&export::gexf_with(&data, None, edges));
            }
            validate_graphml(&export::graphml(&data, None));
            let at = sel("2005..2012");
            validate_gexf(&export::gexf(&data, Some(&at)));
            validate_graphml(&export::graphml(&data, Some(&at)));
        }
    }
}
