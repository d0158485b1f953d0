//! JSON Graph Format v2, and a reader for it.
//!
//! (Over 600 lines: the writer and the reader of one format, kept side by
//! side so that what is written is what is read back.)

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::common::{description, sign, Scope};
use super::rebuild::{self, invalid};
use crate::error::{Location, Problem, ProblemKind};
use crate::io::{self as rows, ActorRow, TextRows, TieRow};
use crate::{Dataset, Extra, Result, Selector, Tie, TieKind};

#[derive(Serialize)]
struct Doc<'a> {
    graphs: (TiesGraph<'a>, MediationGraph<'a>),
}

#[derive(Serialize)]
struct TiesGraph<'a> {
    id: &'static str,
    #[serde(rename = "type")]
    ty: &'static str,
    label: String,
    directed: bool,
    metadata: GraphMeta<'a>,
    nodes: BTreeMap<&'a str, Node<'a>>,
    edges: Vec<Edge<'a>>,
}

#[derive(Serialize)]
struct GraphMeta<'a> {
    format: &'static str,
    at: Option<String>,
    sources: Vec<SourceRow<'a>>,
    extra_columns: Columns<'a>,
}

#[derive(Serialize)]
struct Columns<'a> {
    actors: Vec<&'a str>,
    ties: Vec<&'a str>,
    sources: Vec<&'a str>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct InColumns {
    #[serde(default)]
    actors: Vec<String>,
    #[serde(default)]
    ties: Vec<String>,
    #[serde(default)]
    sources: Vec<String>,
}

#[derive(Serialize)]
struct SourceRow<'a> {
    id: &'a str,
    title: Option<&'a str>,
    publisher: Option<&'a str>,
    published: Option<&'a str>,
    reference: Option<&'a str>,
    url: Option<&'a str>,
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Extra::is_empty")]
    extra: &'a Extra,
}

#[derive(Serialize)]
struct Node<'a> {
    label: &'a str,
    metadata: NodeMeta<'a>,
}

#[derive(Serialize)]
struct NodeMeta<'a> {
    kind: &'a str,
    phases: Vec<PhaseRow<'a>>,
}

#[derive(Serialize)]
struct PhaseRow<'a> {
    name: &'a str,
    kind: &'a str,
    from: Option<String>,
    until: Option<String>,
    aliases: Vec<&'a str>,
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Extra::is_empty")]
    extra: &'a Extra,
}

#[derive(Serialize)]
struct Edge<'a> {
    id: &'a str,
    source: &'a str,
    target: &'a str,
    relation: &'a str,
    directed: bool,
    metadata: TieMeta<'a>,
}

#[derive(Serialize)]
struct TieMeta<'a> {
    kind: &'a str,
    sign: i8,
    weight: Option<f64>,
    confidence: crate::Confidence,
    start: String,
    end: Option<String>,
    sources: Vec<&'a str>,
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Extra::is_empty")]
    extra: &'a Extra,
}

#[derive(Serialize)]
struct MediationGraph<'a> {
    id: &'static str,
    #[serde(rename = "type")]
    ty: &'static str,
    label: &'static str,
    directed: bool,
    nodes: BTreeMap<&'a str, Label<'a>>,
    hyperedges: Vec<Hyperedge<'a>>,
}

#[derive(Serialize)]
struct Label<'a> {
    label: &'a str,
}

#[derive(Serialize)]
struct Hyperedge<'a> {
    id: &'a str,
    nodes: [&'a str; 3],
    relation: &'static str,
    metadata: MediationMeta<'a>,
}

#[derive(Serialize)]
struct MediationMeta<'a> {
    mediator: &'a str,
    target: &'a str,
    with: &'a str,
    /// Written only when the mediation is not directed (its kind's own
    /// direction): a hyperedge has no direction of its own in JGF.
    #[serde(skip_serializing_if = "Option::is_none")]
    directed: Option<bool>,
    #[serde(flatten)]
    tie: TieMeta<'a>,
}

fn tie_meta<'a>(scope: &Scope<'a>, tie: &'a Tie) -> TieMeta<'a> {
    TieMeta {
        kind: tie.kind().as_str(),
        sign: sign(tie.kind()),
        weight: tie.weight_given(),
        confidence: tie.confidence(),
        start: tie.start().to_string(),
        end: tie.end().map(|d| d.to_string()),
        sources: scope.tie_sources(tie).iter().map(|s| s.id()).collect(),
        note: tie.note(),
        extra: tie.extra(),
    }
}

/// The network as JSON Graph Format v2 (<https://jsongraphformat.info>).
///
/// A document `{"graphs": [ties, mediations]}`, because a JGF v2 graph has
/// either edges or hyperedges, not both:
///
/// - `graphs[0]` (`"id": "ties"`, directed): nodes keyed by actor id, with
///   the `label` and `kind` of the phase shown and every phase in
///   `metadata.phases`; an edge per non-mediation tie (`id` = tie id,
///   `relation` = kind, `directed` false for symmetric kinds) with its dates
///   (as written, qualifiers included), weight (`null` when not given),
///   `confidence`, sources, note and `x_` values in `metadata`. The graph's `metadata` holds the rows of `sources.csv` and
///   the order of the custom columns.
/// - `graphs[1]` (`"id": "mediations"`, undirected): each mediation as a
///   hyperedge with its three actors, `nodes` = [mediator, target, with]
///   and the roles spelled out in `metadata` (with `metadata.directed`
///   = false for a mediation marked undirected, as a hyperedge has no
///   direction of its own).
///
/// [`read_jgf`] reads a full export back into an equal dataset.
///
/// # Example
///
/// ```
/// let data = tiegraph::default_dataset();
/// let text = tiegraph::export::jgf(data, None);
/// let doc: serde_json::Value = serde_json::from_str(&text)?;
/// assert_eq!(doc["graphs"][0]["nodes"]["PAK"]["label"], "Pakistan");
/// assert_eq!(&tiegraph::export::read_jgf(&text)?, data);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn jgf(data: &Dataset, at: Option<&Selector>) -> String {
    jgf_in(data, at)
}

fn jgf_in<'a>(data: &'a Dataset, at: Option<&Selector>) -> String {
    let scope = Scope::new(data, at);
    let [ac, tc, sc] = data.extra_columns();
    let cols = |c: &'a [Box<str>]| -> Vec<&'a str> { c.iter().map(|c| &**c).collect() };
    let nodes = scope
        .actors
        .iter()
        .map(|a| {
            let shown = scope.shown(a);
            let phases = a
                .phases()
                .iter()
                .map(|p| PhaseRow {
                    name: p.name(),
                    kind: p.kind().as_str(),
                    from: p.from().map(|d| d.to_string()),
                    until: p.until().map(|d| d.to_string()),
                    aliases: p.aliases().collect(),
                    note: p.note(),
                    extra: p.extra(),
                })
                .collect();
            let node = Node {
                label: shown.name(),
                metadata: NodeMeta {
                    kind: shown.kind().as_str(),
                    phases,
                },
            };
            (a.id(), node)
        })
        .collect();
    let mut edges = Vec::new();
    let mut hyperedges = Vec::new();
    let mut parties = BTreeMap::new();
    for tie in &scope.ties {
        let source = scope.id(tie.source());
        let target = scope.id(tie.target());
        match (tie.kind(), tie.with()) {
            (TieKind::Mediation, Some(with)) => {
                let with = scope.id(with);
                for id in [source, target, with] {
                    if let Some(a) = data.actor_by_id(id) {
                        let label = scope.shown(data.actor(a)).name();
                        parties.insert(id, Label { label });
                    }
                }
                hyperedges.push(Hyperedge {
                    id: tie.id(),
                    nodes: [source, target, with],
                    relation: "mediation",
                    metadata: MediationMeta {
                        mediator: source,
                        target,
                        with,
                        directed: tie.directed_given(),
                        tie: tie_meta(&scope, tie),
                    },
                });
            }
            _ => edges.push(Edge {
                id: tie.id(),
                source,
                target,
                relation: tie.kind().as_str(),
                directed: tie.is_directed(),
                metadata: tie_meta(&scope, tie),
            }),
        }
    }
    let doc = Doc {
        graphs: (
            TiesGraph {
                id: "ties",
                ty: "tiegraph",
                label: description(at),
                directed: true,
                metadata: GraphMeta {
                    format: "tiegraph",
                    at: at.map(|s| s.to_string()),
                    sources: data
                        .sources()
                        .iter()
                        .map(|s| SourceRow {
                            id: s.id(),
                            title: s.title(),
                            publisher: s.publisher(),
                            published: s.published(),
                            reference: s.reference(),
                            url: s.url(),
                            note: s.note(),
                            extra: s.extra(),
                        })
                        .collect(),
                    extra_columns: Columns {
                        actors: cols(ac),
                        ties: cols(tc),
                        sources: cols(sc),
                    },
                },
                nodes,
                edges,
            },
            MediationGraph {
                id: "mediations",
                ty: "tiegraph-mediations",
                label: "mediations: mediator, target, with",
                directed: false,
                nodes: parties,
                hyperedges,
            },
        ),
    };
    // Strings, finite numbers and lists of those: serialising cannot fail.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

#[derive(Deserialize)]
struct InDoc {
    graph: Option<InGraph>,
    #[serde(default)]
    graphs: Vec<InGraph>,
}

#[derive(Deserialize)]
struct InGraph {
    #[serde(default)]
    metadata: Option<InGraphMeta>,
    #[serde(default)]
    nodes: BTreeMap<String, InNode>,
    #[serde(default)]
    edges: Vec<InEdge>,
    #[serde(default)]
    hyperedges: Vec<InHyperedge>,
}

#[derive(Deserialize)]
struct InGraphMeta {
    #[serde(default)]
    sources: Vec<InSource>,
    #[serde(default)]
    extra_columns: Option<InColumns>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InSource {
    id: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    publisher: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    reference: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    extra: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct InNode {
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    metadata: Option<InNodeMeta>,
}

#[derive(Deserialize)]
struct InNodeMeta {
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    phases: Option<Vec<InPhase>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InPhase {
    name: String,
    kind: String,
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    until: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    extra: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct InEdge {
    #[serde(default)]
    id: Option<String>,
    source: String,
    target: String,
    #[serde(default)]
    relation: Option<String>,
    /// The tie's direction (absent: its kind's own).
    #[serde(default)]
    directed: Option<bool>,
    #[serde(default)]
    metadata: InTieMeta,
}

#[derive(Deserialize)]
struct InHyperedge {
    #[serde(default)]
    id: Option<String>,
    nodes: Vec<String>,
    #[serde(default)]
    metadata: InTieMeta,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct InTieMeta {
    #[serde(default)]
    kind: Option<String>,
    /// Derived from the kind; read and ignored.
    #[serde(default)]
    #[allow(dead_code)]
    sign: Option<Value>,
    #[serde(default)]
    weight: Option<f64>,
    #[serde(default)]
    confidence: Option<String>,
    #[serde(default)]
    start: Option<String>,
    #[serde(default)]
    end: Option<String>,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    extra: BTreeMap<String, String>,
    #[serde(default)]
    mediator: Option<String>,
    #[serde(default)]
    target: Option<String>,
    #[serde(default)]
    with: Option<String>,
    /// A mediation's direction when it is not its kind's own (hyperedges
    /// only; an edge carries `directed` beside its `metadata`).
    #[serde(default)]
    directed: Option<bool>,
}

/// Reads a JSON Graph Format export back into a dataset; errors name the
/// file `export.json`.
///
/// # Errors
///
/// As [`read_jgf_named`].
pub fn read_jgf(text: &str) -> Result<Dataset> {
    read_jgf_named(text, "export.json")
}

/// Reads JSON Graph Format written by [`jgf`] (or made by hand in its
/// shape) back into a dataset, naming the input `file` in errors.
///
/// Actors are the nodes of the first graph: all phases from
/// `metadata.phases`, or else one phase from `label` and `metadata.kind`.
/// Ties are the edges of every graph (kind from `metadata.kind`, else
/// `relation`) and mediations the hyperedges (`metadata.mediator`, `target`,
/// `with`, else `nodes` in that order). Sources and custom column order come
/// from the first graph's `metadata`. `sign` is derived and ignored. The
/// rows go straight into the checks of
/// [`DatasetBuilder`](crate::DatasetBuilder), so every rule of the dataset
/// format applies.
///
/// # Errors
///
/// [`ErrorKind::Invalid`](crate::ErrorKind::Invalid) with every problem, each naming
/// the file and the JSON path of the value:
/// `export.json: field graphs[0].edges[3].metadata.end: 2025-13-01 is not a
/// date (…)`, `graphs[0].edges[3].source` for an edge's source, the path in
/// `nodes` of a mediation's party not given in its `metadata`; or the line
/// and column of a JSON syntax or type error. Every edge and hyperedge
/// needs an `id` (its tie's). The reader never panics.
///
/// # Example
///
/// ```
/// let text = r#"{"graph": {"nodes": {"A": {"label": "A", "metadata": {"kind": "state"}},
///                                 "B": {"label": "B", "metadata": {"kind": "state"}}},
///                       "edges": [{"id": "t1", "source": "A", "target": "B",
///                                  "relation": "alliance", "metadata": {"start": "2025-13"}}]}}"#;
/// let err = tiegraph::export::read_jgf(text).unwrap_err();
/// assert!(err.to_string().starts_with(
///     "export.json: field graph.edges[0].metadata.start: 2025-13 is not a date"));
/// ```
pub fn read_jgf_named(text: &str, file: &str) -> Result<Dataset> {
    read_jgf_with(text, file, crate::PhaseRule::Strict)
}

/// [`read_jgf_named`] with the rule for ties outside their actors'
/// phases (see [`crate::PhaseRule`]).
///
/// # Errors
///
/// As [`read_jgf_named`].
pub fn read_jgf_with(text: &str, file: &str, phases: crate::PhaseRule) -> Result<Dataset> {
    let doc: InDoc = serde_json::from_str(text).map_err(|e| {
        let (at, message) = crate::io::json_serde_error(file, &e);
        invalid(vec![Problem::new(at, ProblemKind::Syntax, message)])
    })?;
    let (graphs, paths) = match doc.graph {
        Some(g) => (vec![g], Paths { single: true }),
        None => (doc.graphs, Paths { single: false }),
    };
    let Some(first) = graphs.first() else {
        let name = if paths.single { "graph" } else { "graphs" };
        return Err(invalid(vec![Problem::new(
            Location::file(file).in_column(name),
            ProblemKind::Syntax,
            "the document has no graph",
        )]));
    };
    let mut r = Reader {
        file,
        paths,
        problems: Vec::new(),
        rows: TextRows::default(),
    };
    r.sources(first);
    r.actors(first);
    for (g, graph) in graphs.iter().enumerate() {
        r.edges(g, graph, &first.nodes);
        r.hyperedges(g, graph, &first.nodes);
    }
    if !r.problems.is_empty() {
        return Err(invalid(r.problems));
    }
    let at = |path: String| Location::file(file).in_column(path);
    let mut rows = r.rows;
    rows.phases = phases;
    rebuild::build(rows, file, |m| {
        for (row, field, to) in moves(&graphs, paths) {
            m.add(&at(row), field, at(to));
        }
    })
}

/// The JSON paths of a document's parts: `graph.…` for a document with one
/// graph, `graphs[g].…` for one with a list of them.
#[derive(Clone, Copy)]
struct Paths {
    single: bool,
}

impl Paths {
    fn graph(self, g: usize) -> String {
        if self.single {
            "graph".to_owned()
        } else {
            format!("graphs[{g}]")
        }
    }

    fn node(self, id: &str) -> String {
        format!("{}.nodes.{id}", self.graph(0))
    }

    fn edge(self, g: usize, k: usize) -> String {
        format!("{}.edges[{k}]", self.graph(g))
    }

    fn hyperedge(self, g: usize, k: usize) -> String {
        format!("{}.hyperedges[{k}]", self.graph(g))
    }
}

struct Reader<'f> {
    file: &'f str,
    paths: Paths,
    problems: Vec<Problem>,
    rows: TextRows,
}

impl Reader<'_> {
    fn at(&self, path: String) -> Location {
        Location::file(self.file).in_column(path)
    }

    fn report(&mut self, path: String, kind: ProblemKind, message: String) {
        let loc = self.at(path);
        self.problems.push(Problem::new(loc, kind, message));
    }

    /// The rows of sources.csv and the order of the custom columns, from
    /// the first graph's `metadata`.
    fn sources(&mut self, first: &InGraph) {
        let Some(meta) = &first.metadata else {
            return;
        };
        if let Some(c) = &meta.extra_columns {
            self.rows.columns = [c.actors.clone(), c.ties.clone(), c.sources.clone()];
        }
        for (i, s) in meta.sources.iter().enumerate() {
            let row = rows::SourceRow {
                id: s.id.clone(),
                title: s.title.clone(),
                publisher: s.publisher.clone(),
                published: s.published.clone(),
                reference: s.reference.clone(),
                url: s.url.clone(),
                note: s.note.clone(),
                extra: s.extra.clone(),
            };
            let at = self.at(format!("{}.metadata.sources[{i}]", self.paths.graph(0)));
            self.rows.sources.push((row, at));
        }
    }

    /// An actor row per phase of each node of the first graph, or one from
    /// the node's `label` and `metadata.kind` when it lists no phases.
    fn actors(&mut self, first: &InGraph) {
        for (id, node) in &first.nodes {
            let node_path = self.paths.node(id);
            let meta = node.metadata.as_ref();
            let Some(phases) = meta.and_then(|m| m.phases.as_ref()) else {
                let row = ActorRow {
                    id: id.clone(),
                    name: node.label.clone().unwrap_or_default(),
                    kind: meta.and_then(|m| m.kind.clone()).unwrap_or_default(),
                    from: None,
                    until: None,
                    aliases: Vec::new(),
                    note: None,
                    extra: BTreeMap::new(),
                };
                let at = self.at(node_path);
                self.rows.actors.push((row, at));
                continue;
            };
            for (j, p) in phases.iter().enumerate() {
                let row = ActorRow {
                    id: id.clone(),
                    name: p.name.clone(),
                    kind: p.kind.clone(),
                    from: p.from.clone(),
                    until: p.until.clone(),
                    aliases: p.aliases.clone(),
                    note: p.note.clone(),
                    extra: p.extra.clone(),
                };
                let at = self.at(format!("{node_path}.metadata.phases[{j}]"));
                self.rows.actors.push((row, at));
            }
        }
    }

    /// Reports `id` at `path` unless it is a node of the first graph.
    fn node(&mut self, nodes: &BTreeMap<String, InNode>, id: &str, path: String) {
        if !nodes.contains_key(id) {
            let message = format!(
                "{} is not a node of the first graph",
                crate::escape::terminal::shown(id)
            );
            self.report(path, ProblemKind::UnknownActor, message);
        }
    }

    /// The tie's id, or a problem at `path` when the edge has none.
    fn id(&mut self, id: Option<&str>, path: &str) -> String {
        match id {
            Some(id) => id.to_owned(),
            None => {
                let message = "an edge needs an id (the id of its tie)".to_owned();
                self.report(format!("{path}.id"), ProblemKind::MissingValue, message);
                String::new()
            }
        }
    }

    /// A tie row per edge of graph `g`.
    fn edges(&mut self, g: usize, graph: &InGraph, nodes: &BTreeMap<String, InNode>) {
        for (k, e) in graph.edges.iter().enumerate() {
            let path = self.paths.edge(g, k);
            self.node(nodes, &e.source, format!("{path}.source"));
            self.node(nodes, &e.target, format!("{path}.target"));
            let m = &e.metadata;
            let kind = m.kind.as_deref().or(e.relation.as_deref()).unwrap_or("");
            let id = self.id(e.id.as_deref(), &path);
            let mut row = tie_row(id, &e.source, &e.target, None, kind, m);
            row.directed = e.directed;
            let at = self.at(format!("{path}.metadata"));
            self.rows.ties.push((row, at));
        }
    }

    /// A mediation tie row per hyperedge of graph `g`: its parties from
    /// `metadata` (`mediator`, `target`, `with`), else from `nodes`.
    fn hyperedges(&mut self, g: usize, graph: &InGraph, nodes: &BTreeMap<String, InNode>) {
        for (k, h) in graph.hyperedges.iter().enumerate() {
            let path = self.paths.hyperedge(g, k);
            let m = &h.metadata;
            let parties: [String; 3] = std::array::from_fn(|i| party(h, i).to_owned());
            for (party, (_, to)) in parties.iter().zip(parties_at(&path, h)) {
                self.node(nodes, party, to);
            }
            let [mediator, target, with] = parties;
            let kind = m.kind.as_deref().unwrap_or("mediation");
            let id = self.id(h.id.as_deref(), &path);
            let mut row = tie_row(id, &mediator, &target, Some(with), kind, m);
            row.directed = m.directed;
            let at = self.at(format!("{path}.metadata"));
            self.rows.ties.push((row, at));
        }
    }
}

/// The `i`th party of a mediation (mediator, target, with): from its
/// `metadata`, else from its `nodes`.
fn party(h: &InHyperedge, i: usize) -> &str {
    let m = &h.metadata;
    let given = [&m.mediator, &m.target, &m.with][i];
    given
        .as_deref()
        .or(h.nodes.get(i).map(String::as_str))
        .unwrap_or("")
}

/// Where a hyperedge's parties are: (the tie field, its path).
fn parties_at(path: &str, h: &InHyperedge) -> [(&'static str, String); 3] {
    let m = &h.metadata;
    let at = |given: &Option<String>, name: &str, i: usize| match given {
        Some(_) => format!("{path}.metadata.{name}"),
        None => format!("{path}.nodes[{i}]"),
    };
    [
        ("source", at(&m.mediator, "mediator", 0)),
        ("target", at(&m.target, "target", 1)),
        ("with", at(&m.with, "with", 2)),
    ]
}

/// Where the fields are that JSON Graph Format keeps elsewhere than their
/// row's path and their name say: (row path, field, path of the field).
fn moves(graphs: &[InGraph], paths: Paths) -> Vec<(String, &'static str, String)> {
    let mut out = Vec::new();
    if let Some(first) = graphs.first() {
        for (id, node) in &first.nodes {
            let node_path = paths.node(id);
            let meta = node.metadata.as_ref();
            match meta.and_then(|m| m.phases.as_ref()) {
                Some(phases) => {
                    for j in 0..phases.len() {
                        let row = format!("{node_path}.metadata.phases[{j}]");
                        out.push((row, "id", node_path.clone()));
                    }
                }
                None => {
                    out.push((node_path.clone(), "name", format!("{node_path}.label")));
                    out.push((
                        node_path.clone(),
                        "kind",
                        format!("{node_path}.metadata.kind"),
                    ));
                }
            }
        }
    }
    for (g, graph) in graphs.iter().enumerate() {
        for (k, e) in graph.edges.iter().enumerate() {
            let path = paths.edge(g, k);
            let row = format!("{path}.metadata");
            for field in ["id", "source", "target"] {
                out.push((row.clone(), field, format!("{path}.{field}")));
            }
            if e.metadata.kind.is_none() && e.relation.is_some() {
                out.push((row.clone(), "kind", format!("{path}.relation")));
            }
        }
        for (k, h) in graph.hyperedges.iter().enumerate() {
            let path = paths.hyperedge(g, k);
            let row = format!("{path}.metadata");
            out.push((row.clone(), "id", format!("{path}.id")));
            for (field, to) in parties_at(&path, h) {
                out.push((row.clone(), field, to));
            }
        }
    }
    out
}

fn tie_row(
    id: String,
    source: &str,
    target: &str,
    with: Option<String>,
    kind: &str,
    m: &InTieMeta,
) -> TieRow {
    TieRow {
        id,
        source: source.to_owned(),
        target: target.to_owned(),
        kind: kind.to_owned(),
        start: m.start.clone().unwrap_or_default(),
        end: m.end.clone(),
        with,
        weight: m.weight,
        confidence: m.confidence.clone(),
        directed: None,
        sources: m.sources.clone(),
        note: m.note.clone(),
        extra: m.extra.clone(),
    }
}
