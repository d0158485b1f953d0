//! GraphML for networkx, igraph, R and yEd, and a reader for it.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{json, Value};

use super::common::{description, lifetime, number, sign, tie_edges, Scope};
use super::rebuild::{self, extra, invalid, opt, problem, Origin, Rows};
use super::xml::{children, line_of, nmtoken, parse_problem, text_of, XmlWriter};
use crate::error::{Location, Problem, ProblemKind};
use crate::{Dataset, Phase, Result, Selector};

const NS: &str = "http://graphml.graphdrawing.org/xmlns";
const SCHEMA: &str =
    "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd";

/// A `<key>` tiegraph declares: (id, for, attr.name, attr.type).
type KeyDecl = (&'static str, &'static str, &'static str, &'static str);

const KEYS: [KeyDecl; 27] = [
    ("g_at", "graph", "at", "string"),
    ("n_actor", "node", "actor", "string"),
    ("n_name", "node", "name", "string"),
    ("n_kind", "node", "kind", "string"),
    ("n_from", "node", "from", "string"),
    ("n_until", "node", "until", "string"),
    ("n_aliases", "node", "aliases", "string"),
    ("n_note", "node", "note", "string"),
    ("n_source_id", "node", "source_id", "string"),
    ("n_title", "node", "title", "string"),
    ("n_publisher", "node", "publisher", "string"),
    ("n_published", "node", "published", "string"),
    ("n_reference", "node", "reference", "string"),
    ("n_url", "node", "url", "string"),
    ("e_tie", "edge", "tie", "string"),
    ("e_kind", "edge", "kind", "string"),
    ("e_directed", "edge", "directed", "boolean"),
    ("e_sign", "edge", "sign", "int"),
    ("e_weight", "edge", "weight", "double"),
    ("e_confidence", "edge", "confidence", "string"),
    ("e_start", "edge", "start", "string"),
    ("e_end", "edge", "end", "string"),
    ("e_start_precision", "edge", "start_precision", "string"),
    ("e_end_precision", "edge", "end_precision", "string"),
    ("e_role", "edge", "role", "string"),
    ("e_sources", "edge", "sources", "string"),
    ("e_note", "edge", "note", "string"),
];

/// A JSON array of strings, the GraphML form of a list (aliases, sources).
fn list(items: &[&str]) -> String {
    serde_json::to_string(items).unwrap_or_default()
}

fn datum(w: &mut XmlWriter, key: &str, value: &str) {
    w.leaf("data", &[("key", key)], value);
}

fn phase_data(w: &mut XmlWriter, p: &Phase, columns: &[Box<str>]) {
    datum(w, "n_name", p.name());
    datum(w, "n_kind", p.kind().as_str());
    if let Some(f) = p.from() {
        datum(w, "n_from", &f.to_string());
    }
    if let Some(u) = p.until() {
        datum(w, "n_until", &u.to_string());
    }
    let aliases: Vec<&str> = p.aliases().collect();
    if !aliases.is_empty() {
        datum(w, "n_aliases", &list(&aliases));
    }
    if let Some(n) = p.note() {
        datum(w, "n_note", n);
    }
    extras(w, "n_ax", columns, p.extra());
}

fn extras(w: &mut XmlWriter, prefix: &str, columns: &[Box<str>], values: &crate::Extra) {
    for (i, c) in columns.iter().enumerate() {
        if let Some(v) = values.get(c) {
            datum(w, &format!("{prefix}{i}"), v);
        }
    }
}

/// The network as GraphML.
///
/// One document with three graphs; tools that read one graph (networkx's
/// `read_graphml`, igraph's `Read_GraphML`) read the first:
///
/// - `ties` (`edgedefault="directed"`): a node per actor (id = actor id)
///   with the phase shown (the latest one, or the one in force at the
///   selector), and an edge per tie from source to target whose boolean
///   `directed` key is `false` for symmetric kinds and `true` for support; a
///   mediation is two edges from the mediator, to the target (`role` =
///   `target`) and to `with` (`role` = `with`), with the same `tie` id. (The
///   per-edge XML attribute `directed` is not used: networkx rejects a
///   GraphML file in which it disagrees with `edgedefault`.)
/// - `phases`: a node per actor phase (`actor`, `name`, `kind`, `from`,
///   `until`, …), so actors that changed name or kind round-trip.
/// - `sources`: a node per row of `sources.csv`.
///
/// Every `<key>` is typed (`attr.type`). Dates are strings exactly as
/// written (`2025-10` keeps its month precision, `2021-08~` its qualifier),
/// with the precision also in `start_precision`/`end_precision`. `weight`
/// is a `double` written only when given; its key's `<default>` is 1.0.
/// `confidence` (`confirmed`, `reported` or `alleged`) is written on every
/// edge; a source node has `url` and `note` when given. Lists (`aliases`, `sources`)
/// are JSON arrays of strings. `x_` columns get a key each (the exact
/// column name in its `<desc>`, `attr.name` made a valid NMTOKEN).
///
/// [`read_graphml`] reads a full export back into an equal dataset.
/// Characters XML 1.0 cannot hold become U+FFFD, as in [`gexf`](super::gexf).
///
/// # Example
///
/// ```
/// let data = tiegraph::default_dataset();
/// let xml = tiegraph::export::graphml(data, None);
/// assert!(xml.contains(r#"<key id="e_weight" for="edge" attr.name="weight" attr.type="double">"#));
/// assert_eq!(&tiegraph::export::read_graphml(&xml)?, data);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn graphml(data: &Dataset, at: Option<&Selector>) -> String {
    let scope = Scope::new(data, at);
    let [actor_columns, tie_columns, source_columns] = data.extra_columns();
    let mut w = XmlWriter::new();
    w.open(
        "graphml",
        &[
            ("xmlns", NS),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            ("xsi:schemaLocation", SCHEMA),
        ],
    );
    w.leaf("desc", &[], &description(at));
    for (id, domain, name, ty) in KEYS {
        let attrs = [
            ("id", id),
            ("for", domain),
            ("attr.name", name),
            ("attr.type", ty),
        ];
        if id == "e_weight" {
            w.open("key", &attrs);
            w.leaf("default", &[], "1.0");
            w.close("key");
        } else {
            w.empty("key", &attrs);
        }
    }
    for (prefix, domain, columns) in [
        ("n_ax", "node", actor_columns),
        ("e_tx", "edge", tie_columns),
        ("n_sx", "node", source_columns),
    ] {
        for (i, c) in columns.iter().enumerate() {
            let id = format!("{prefix}{i}");
            let name = nmtoken(c);
            w.open(
                "key",
                &[
                    ("id", &id),
                    ("for", domain),
                    ("attr.name", &name),
                    ("attr.type", "string"),
                ],
            );
            w.leaf("desc", &[], c);
            w.close("key");
        }
    }

    // networkx refuses GraphML whose edges' `directed` attribute disagrees
    // with `edgedefault`, so the graph is directed and each edge says in
    // the `directed` key whether its tie is.
    w.open("graph", &[("id", "ties"), ("edgedefault", "directed")]);
    if let Some(at) = at {
        datum(&mut w, "g_at", &at.to_string());
    }
    for actor in &scope.actors {
        let shown = scope.shown(actor);
        w.open("node", &[("id", actor.id())]);
        datum(&mut w, "n_name", shown.name());
        datum(&mut w, "n_kind", shown.kind().as_str());
        let life = lifetime(actor);
        if let Some(f) = life.first().and_then(|l| l.0) {
            datum(&mut w, "n_from", &f.to_string());
        }
        if let Some(u) = life.last().and_then(|l| l.1) {
            datum(&mut w, "n_until", &u.to_string());
        }
        let aliases: Vec<&str> = shown.aliases().collect();
        if !aliases.is_empty() {
            datum(&mut w, "n_aliases", &list(&aliases));
        }
        if let Some(n) = shown.note() {
            datum(&mut w, "n_note", n);
        }
        extras(&mut w, "n_ax", actor_columns, shown.extra());
        w.close("node");
    }
    let mut n = 0;
    for tie in &scope.ties {
        for (source, target, role) in tie_edges(tie) {
            let id = format!("e{n}");
            n += 1;
            let directed = if tie.kind().is_directed() {
                "true"
            } else {
                "false"
            };
            w.open(
                "edge",
                &[
                    ("id", &id),
                    ("source", scope.id(source)),
                    ("target", scope.id(target)),
                ],
            );
            datum(&mut w, "e_tie", tie.id());
            datum(&mut w, "e_kind", tie.kind().as_str());
            datum(&mut w, "e_directed", directed);
            datum(&mut w, "e_sign", &sign(tie.kind()).to_string());
            if let Some(weight) = tie.weight_given() {
                datum(&mut w, "e_weight", &number(weight));
            }
            datum(&mut w, "e_confidence", tie.confidence().as_str());
            datum(&mut w, "e_start", &tie.start().to_string());
            if let Some(end) = tie.end() {
                datum(&mut w, "e_end", &end.to_string());
            }
            datum(
                &mut w,
                "e_start_precision",
                tie.start().precision().as_str(),
            );
            if let Some(end) = tie.end() {
                datum(&mut w, "e_end_precision", end.precision().as_str());
            }
            if let Some(role) = role {
                datum(&mut w, "e_role", role);
            }
            let sources: Vec<&str> = scope.tie_sources(tie).iter().map(|s| s.id()).collect();
            if !sources.is_empty() {
                datum(&mut w, "e_sources", &list(&sources));
            }
            if let Some(note) = tie.note() {
                datum(&mut w, "e_note", note);
            }
            extras(&mut w, "e_tx", tie_columns, tie.extra());
            w.close("edge");
        }
    }
    w.close("graph");

    w.open("graph", &[("id", "phases"), ("edgedefault", "undirected")]);
    for actor in &scope.actors {
        for (i, p) in actor.phases().iter().enumerate() {
            let id = format!("phase:{}:{i}", actor.id());
            w.open("node", &[("id", &id)]);
            datum(&mut w, "n_actor", actor.id());
            phase_data(&mut w, p, actor_columns);
            w.close("node");
        }
    }
    w.close("graph");

    w.open("graph", &[("id", "sources"), ("edgedefault", "undirected")]);
    for (i, s) in data.sources().iter().enumerate() {
        let id = format!("source:{i}");
        w.open("node", &[("id", &id)]);
        datum(&mut w, "n_source_id", s.id());
        for (key, value) in [
            ("n_title", s.title()),
            ("n_publisher", s.publisher()),
            ("n_published", s.published()),
            ("n_reference", s.reference()),
            ("n_url", s.url()),
            ("n_note", s.note()),
        ] {
            if let Some(v) = value {
                datum(&mut w, key, v);
            }
        }
        extras(&mut w, "n_sx", source_columns, s.extra());
        w.close("node");
    }
    w.close("graph");
    w.close("graphml");
    w.finish()
}

/// Reads a GraphML export back into a dataset; errors name the file
/// `export.graphml`.
///
/// # Errors
///
/// As [`read_graphml_named`].
pub fn read_graphml(text: &str) -> Result<Dataset> {
    read_graphml_named(text, "export.graphml")
}

/// Reads GraphML written by [`graphml`] (or made by hand in its shape) back
/// into a dataset, naming the input `file` in errors.
///
/// Keys are matched by `attr.name`, so key ids may differ; keys tiegraph
/// does not know (layout data from yEd, say) are ignored, except `x_…`
/// ones, which are custom columns. The graph with id `ties` (or else the
/// first graph) holds the actors and ties (edge direction comes from the
/// tie kind: `edgedefault`, the `directed` attribute and key are ignored); without a `phases` graph each
/// actor is one phase from its node's data. Lists may be JSON arrays or
/// `;`-separated. `sign` and the `*_precision` keys are derived and ignored.
///
/// # Errors
///
/// [`Error::Invalid`](crate::Error::Invalid) with every problem, each naming
/// the file, the line of the element and the key (`attr.name`):
/// `export.graphml:41: column end: 2025-13-01 is not a date (…)`. Malformed
/// XML, an undeclared key, an edge to a node that does not exist and every
/// rule of the dataset format are reported; the reader never panics.
///
/// # Example
///
/// ```
/// let bad = r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
///   <key id="k" for="node" attr.name="kind"/>
///   <graph edgedefault="undirected"><node id="A"><data key="k">planet</data></node></graph>
/// </graphml>"#;
/// let err = tiegraph::export::read_graphml_named(bad, "x.graphml").unwrap_err();
/// assert!(err.to_string().starts_with("x.graphml:3: column name: an actor needs a name"));
/// ```
pub fn read_graphml_named(text: &str, file: &str) -> Result<Dataset> {
    let doc =
        roxmltree::Document::parse(text).map_err(|e| invalid(vec![parse_problem(file, &e)]))?;
    let mut r = Reader {
        file,
        problems: Vec::new(),
        keys: HashMap::new(),
        columns: [Vec::new(), Vec::new(), Vec::new()],
    };
    let root = doc.root_element();
    if root.tag_name().name() != "graphml" {
        return Err(invalid(vec![Problem::new(
            Location::file(file).at_line(line_of(root)),
            ProblemKind::Syntax,
            format!(
                "expected a <graphml> root element, found <{}>",
                root.tag_name().name()
            ),
        )]));
    }
    r.read_keys(root);
    let graphs: Vec<_> = children(root, "graph").collect();
    let by_id = |id: &str| {
        graphs
            .iter()
            .copied()
            .find(|g| g.attribute("id") == Some(id))
    };
    let Some(ties_graph) = by_id("ties").or_else(|| graphs.first().copied()) else {
        return Err(invalid(vec![Problem::new(
            Location::file(file).at_line(line_of(root)),
            ProblemKind::Syntax,
            "the document has no <graph>",
        )]));
    };
    let mut rows = Rows::default();

    // Phases first, grouped by actor, in document order.
    let mut phases: BTreeMap<String, Vec<(Fields, u64)>> = BTreeMap::new();
    if let Some(g) = by_id("phases") {
        for node in children(g, "node") {
            let line = line_of(node);
            let fields = r.fields(node, Role::Actor);
            let Some(actor) = fields.text("actor").map(str::to_owned) else {
                r.problems.push(problem(
                    file,
                    &Origin::Line(line),
                    Some("actor"),
                    ProblemKind::MissingValue,
                    "a phase node needs the id of its actor in actor",
                ));
                continue;
            };
            phases.entry(actor).or_default().push((fields, line));
        }
    }
    let mut node_ids: HashSet<String> = HashSet::new();
    for node in children(ties_graph, "node") {
        let line = line_of(node);
        let Some(id) = node.attribute("id") else {
            r.problems.push(problem(
                file,
                &Origin::Line(line),
                None,
                ProblemKind::MissingValue,
                "a <node> needs an id",
            ));
            continue;
        };
        node_ids.insert(id.to_owned());
        match phases.remove(id) {
            Some(list) => {
                for (fields, line) in list {
                    let row = r.actor_row(id, &fields, line);
                    rows.actors.push((row, Origin::Line(line)));
                }
            }
            None => {
                let fields = r.fields(node, Role::Actor);
                let row = r.actor_row(id, &fields, line);
                rows.actors.push((row, Origin::Line(line)));
            }
        }
    }
    for (actor, list) in phases {
        for (_, line) in list {
            r.problems.push(problem(
                file,
                &Origin::Line(line),
                Some("actor"),
                ProblemKind::UnknownActor,
                format!(
                    "this phase belongs to actor {}, which is not a node of the ties graph",
                    crate::escape::terminal::shown(&actor)
                ),
            ));
        }
    }
    if let Some(g) = by_id("sources") {
        for node in children(g, "node") {
            let line = line_of(node);
            let f = r.fields(node, Role::Source);
            let row = json!({
                "id": f.text("source_id").unwrap_or(""),
                "title": opt(f.text("title")),
                "publisher": opt(f.text("publisher")),
                "published": opt(f.text("published")),
                "reference": opt(f.text("reference")),
                "url": opt(f.text("url")),
                "note": opt(f.text("note")),
                "extra": f.extra(),
            });
            rows.sources.push((row, Origin::Line(line)));
        }
    }

    // Ties: one edge each, a mediation two edges sharing a tie id.
    let mut mediations: HashMap<String, (usize, [bool; 2])> = HashMap::new();
    for edge in children(ties_graph, "edge") {
        let line = line_of(edge);
        let origin = Origin::Line(line);
        let mut ends = [""; 2];
        for (i, side) in ["source", "target"].into_iter().enumerate() {
            match edge.attribute(side) {
                Some(id) if node_ids.contains(id) => ends[i] = id,
                Some(id) => r.problems.push(problem(
                    file,
                    &origin,
                    Some(side),
                    ProblemKind::UnknownActor,
                    format!(
                        "{} is not a node of the ties graph",
                        crate::escape::terminal::shown(id)
                    ),
                )),
                None => r.problems.push(problem(
                    file,
                    &origin,
                    Some(side),
                    ProblemKind::MissingValue,
                    format!("an <edge> needs a {side}"),
                )),
            }
        }
        let f = r.fields(edge, Role::Tie);
        let id = f
            .text("tie")
            .or_else(|| edge.attribute("id"))
            .unwrap_or("")
            .to_owned();
        let kind = f.text("kind").unwrap_or("");
        let role = f.text("role");
        if kind == "mediation" {
            let slot = match role {
                Some("target") => 0,
                Some("with") => 1,
                _ => {
                    r.problems.push(problem(
                        file,
                        &origin,
                        Some("role"),
                        ProblemKind::MissingWith,
                        "a mediation edge needs role target (mediator to target) or with (mediator to with)",
                    ));
                    continue;
                }
            };
            if let Some((index, seen)) = mediations.get_mut(&id) {
                let row = &mut rows.ties[*index].0;
                if seen[slot] || row["source"] != ends[0] {
                    r.problems.push(problem(
                        file,
                        &origin,
                        Some("tie"),
                        ProblemKind::DuplicateId,
                        format!(
                            "mediation {} already has its {} edge from {}",
                            crate::escape::terminal::shown(&id),
                            role.unwrap_or(""),
                            row["source"].as_str().unwrap_or("")
                        ),
                    ));
                    continue;
                }
                seen[slot] = true;
                row[["target", "with"][slot]] = Value::from(ends[1]);
                continue;
            }
            let mut seen = [false; 2];
            seen[slot] = true;
            mediations.insert(id.clone(), (rows.ties.len(), seen));
        }
        let weight = r.weight(&f, &origin);
        let (target, with) = match (kind, role) {
            ("mediation", Some("with")) => ("", ends[1]),
            _ => (ends[1], ""),
        };
        let row = json!({
            "id": id,
            "source": ends[0],
            "target": target,
            "kind": kind,
            "start": f.text("start").unwrap_or(""),
            "end": opt(f.text("end")),
            "with": if with.is_empty() { Value::Null } else { Value::from(with) },
            "weight": weight,
            "confidence": opt(f.text("confidence")),
            "sources": r.list(&f, "sources", &origin),
            "note": opt(f.text("note")),
            "extra": f.extra(),
        });
        rows.ties.push((row, origin));
    }
    for (id, (index, seen)) in &mediations {
        if let Some(missing) = ["target", "with"].iter().zip(seen).find(|(_, s)| !**s) {
            r.problems.push(problem(
                file,
                &rows.ties[*index].1,
                Some("role"),
                ProblemKind::MissingWith,
                format!(
                    "mediation {} has no edge with role {}",
                    crate::escape::terminal::shown(id),
                    missing.0
                ),
            ));
        }
    }
    if !r.problems.is_empty() {
        r.problems.sort_by_key(|p| p.location().line());
        return Err(invalid(r.problems));
    }
    rows.columns = r.columns;
    rebuild::build(rows, file)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Actor,
    Tie,
    Source,
}

/// A declared key: its name (exact column name for `x_` keys) and, for a
/// custom column, whose column it is.
struct Key {
    name: String,
    column: Option<Role>,
}

struct Reader<'f> {
    file: &'f str,
    problems: Vec<Problem>,
    keys: HashMap<String, Key>,
    columns: [Vec<String>; 3],
}

/// The data of one element: values by key name, and `x_` values by column.
#[derive(Default)]
struct Fields {
    values: HashMap<String, String>,
    extra: Vec<(String, String)>,
}

impl Fields {
    fn text(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    fn extra(&self) -> Value {
        extra(self.extra.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }
}

fn role_index(role: Role) -> usize {
    match role {
        Role::Actor => 0,
        Role::Tie => 1,
        Role::Source => 2,
    }
}

impl Reader<'_> {
    fn read_keys(&mut self, root: roxmltree::Node<'_, '_>) {
        for key in children(root, "key") {
            let Some(id) = key.attribute("id") else {
                self.problems.push(Problem::new(
                    Location::file(self.file).at_line(line_of(key)),
                    ProblemKind::MissingValue,
                    "a <key> needs an id",
                ));
                continue;
            };
            let domain = key.attribute("for").unwrap_or("all");
            let attr_name = key.attribute("attr.name").unwrap_or(id);
            let desc = children(key, "desc").next().map(text_of);
            let name = match desc {
                Some(d) if d.starts_with("x_") && attr_name.starts_with("x_") => d,
                _ => attr_name.to_owned(),
            };
            let column = name.starts_with("x_").then(|| {
                if domain == "edge" {
                    Role::Tie
                } else if id.starts_with("n_sx") {
                    Role::Source
                } else {
                    Role::Actor
                }
            });
            if let Some(role) = column {
                let list = &mut self.columns[role_index(role)];
                if !list.contains(&name) {
                    list.push(name.clone());
                }
            }
            self.keys.insert(id.to_owned(), Key { name, column });
        }
    }

    fn fields(&mut self, element: roxmltree::Node<'_, '_>, role: Role) -> Fields {
        let mut out = Fields::default();
        for d in children(element, "data") {
            let line = line_of(d);
            let Some(key_id) = d.attribute("key") else {
                self.problems.push(Problem::new(
                    Location::file(self.file).at_line(line),
                    ProblemKind::Syntax,
                    "a <data> needs a key",
                ));
                continue;
            };
            let Some(key) = self.keys.get(key_id) else {
                self.problems.push(Problem::new(
                    Location::file(self.file).at_line(line),
                    ProblemKind::UnknownColumn,
                    format!(
                        "<data> refers to key {}, which no <key> declares",
                        crate::escape::terminal::shown(key_id)
                    ),
                ));
                continue;
            };
            let value = text_of(d);
            if key.column.is_some() {
                let list = &mut self.columns[role_index(role)];
                if !list.contains(&key.name) {
                    list.push(key.name.clone());
                }
                if !value.is_empty() {
                    out.extra.push((key.name.clone(), value));
                }
            } else {
                out.values.insert(key.name.clone(), value);
            }
        }
        out
    }

    fn list(&mut self, fields: &Fields, name: &str, origin: &Origin) -> Vec<String> {
        let Some(text) = fields.text(name) else {
            return Vec::new();
        };
        if text.trim_start().starts_with('[') {
            match serde_json::from_str::<Vec<String>>(text) {
                Ok(items) => items,
                Err(e) => {
                    self.problems.push(problem(
                        self.file,
                        origin,
                        Some(name),
                        ProblemKind::Syntax,
                        format!("not a JSON array of strings: {e}"),
                    ));
                    Vec::new()
                }
            }
        } else {
            text.split(';').map(|s| s.trim().to_owned()).collect()
        }
    }

    fn weight(&mut self, fields: &Fields, origin: &Origin) -> Value {
        let Some(text) = fields.text("weight") else {
            return Value::Null;
        };
        match text.trim().parse::<f64>() {
            Ok(w) if w.is_finite() => Value::from(w),
            _ => {
                self.problems.push(problem(
                    self.file,
                    origin,
                    Some("weight"),
                    ProblemKind::BadWeight,
                    format!(
                        "{} is not a number in (0, 1]",
                        crate::escape::terminal::shown(text)
                    ),
                ));
                Value::Null
            }
        }
    }

    fn actor_row(&mut self, id: &str, f: &Fields, line: u64) -> Value {
        json!({
            "id": id,
            "name": f.text("name").unwrap_or(""),
            "kind": f.text("kind").unwrap_or(""),
            "from": opt(f.text("from")),
            "until": opt(f.text("until")),
            "aliases": self.list(f, "aliases", &Origin::Line(line)),
            "note": opt(f.text("note")),
            "extra": f.extra(),
        })
    }
}
