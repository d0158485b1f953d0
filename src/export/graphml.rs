//! GraphML for networkx, igraph, R and yEd, and a reader for it.
//!
//! (Over 600 lines: the writer and the reader of one format, kept side by
//! side so that what is written is what is read back.)

use std::collections::{BTreeMap, HashMap, HashSet};

use super::common::{description, lifetime, number, sign, tie_edges, Scope};
use super::rebuild::{self, invalid};
use super::xml::{children, line_of, nmtoken, parse_problem, text_of, XmlWriter};
use crate::error::{Location, Problem, ProblemKind};
use crate::io::{ActorRow, SourceRow, TextRows, TieRow};
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
///   `directed` key is `false` for an undirected tie and `true` for a directed one (the `directed`
///   column, by default support); a
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
            let directed = if tie.is_directed() { "true" } else { "false" };
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
/// tie kind: `edgedefault`, the `directed` attribute and key are
/// ignored); without a `phases` graph each actor is one phase from its
/// node's data. A tie's id is its `tie` key, else the edge's `id`, else `#`
/// and the edge's line (as for an id-less row of `ties.csv`). Lists may be
/// JSON arrays or `;`-separated. `sign` and the `*_precision` keys are
/// derived and ignored.
///
/// The rows go straight into the checks of
/// [`DatasetBuilder`](crate::DatasetBuilder), so every rule of the dataset
/// format applies.
///
/// # Errors
///
/// [`ErrorKind::Invalid`](crate::ErrorKind::Invalid) with every problem, each naming
/// the file, the line of the element and the key (`attr.name`) or attribute
/// holding the value: `export.graphml:41: column end: 2025-13-01 is not a
/// date (…)`; a tie's id is named as its `tie` key, a mediation's `with` as
/// the `target` of its `with` edge, on that edge's line. Malformed XML, an
/// undeclared key, an edge to a node that does not exist and every rule of
/// the dataset format are reported; the reader never panics.
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
    read_graphml_with(text, file, crate::PhaseRule::Strict)
}

/// [`read_graphml_named`] with the rule for ties outside their actors'
/// phases (see [`crate::PhaseRule`]).
///
/// # Errors
///
/// As [`read_graphml_named`].
pub fn read_graphml_with(text: &str, file: &str, phases_rule: crate::PhaseRule) -> Result<Dataset> {
    let doc =
        roxmltree::Document::parse(text).map_err(|e| invalid(vec![parse_problem(file, &e)]))?;
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
    let mut r = Reader::new(file);
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
    let phases = by_id("phases").map(|g| r.phases(g)).unwrap_or_default();
    let node_ids = r.actors(ties_graph, phases);
    if let Some(g) = by_id("sources") {
        r.sources(g);
    }
    r.ties(ties_graph, &node_ids);
    if !r.problems.is_empty() {
        r.problems.sort_by_key(|p| p.location().line());
        return Err(invalid(r.problems));
    }
    let mut rows = r.rows;
    rows.columns = r.columns;
    rows.phases = phases_rule;
    let moves = r.moves;
    rebuild::build(rows, file, |m| {
        for mv in moves {
            let at = |line| Location::file(file).at_line(line);
            m.add(&at(mv.row), mv.field, at(mv.line).in_column(mv.key));
        }
    })
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

/// A field that the GraphML keeps under another name, or on another
/// element, than its row's line and its name say: the id of a tie is its
/// `tie` key, a mediation's `with` the target of its second edge.
struct Move {
    /// The line of the row.
    row: u64,
    field: &'static str,
    /// The line and the key (or attribute) where the field is.
    line: u64,
    key: &'static str,
}

/// The pairs of edges of mediations seen so far, by tie id: the index of
/// the tie row and which of its edges (target, with) were seen.
type Mediations = HashMap<String, (usize, [bool; 2])>;

struct Reader<'f> {
    file: &'f str,
    problems: Vec<Problem>,
    keys: HashMap<String, Key>,
    columns: [Vec<String>; 3],
    rows: TextRows,
    moves: Vec<Move>,
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

    /// The value of a key, if given.
    fn opt(&self, name: &str) -> Option<String> {
        self.values.get(name).cloned()
    }

    fn extra(&self) -> BTreeMap<String, String> {
        self.extra.iter().cloned().collect()
    }
}

fn role_index(role: Role) -> usize {
    match role {
        Role::Actor => 0,
        Role::Tie => 1,
        Role::Source => 2,
    }
}

impl<'f> Reader<'f> {
    fn new(file: &'f str) -> Reader<'f> {
        Reader {
            file,
            problems: Vec::new(),
            keys: HashMap::new(),
            columns: [Vec::new(), Vec::new(), Vec::new()],
            rows: TextRows::default(),
            moves: Vec::new(),
        }
    }

    /// The element on `line`.
    fn at(&self, line: u64) -> Location {
        Location::file(self.file).at_line(line)
    }

    /// A problem with the element on `line`, in its `key` (or attribute).
    fn report(&mut self, line: u64, key: Option<&str>, kind: ProblemKind, message: String) {
        let loc = match key {
            Some(k) => self.at(line).in_column(k),
            None => self.at(line),
        };
        self.problems.push(Problem::new(loc, kind, message));
    }

    /// Notes that `field` of the row on line `row` is `key` on `line`.
    fn moved(&mut self, row: u64, field: &'static str, line: u64, key: &'static str) {
        self.moves.push(Move {
            row,
            field,
            line,
            key,
        });
    }

    fn read_keys(&mut self, root: roxmltree::Node<'_, '_>) {
        for key in children(root, "key") {
            let Some(id) = key.attribute("id") else {
                self.report(
                    line_of(key),
                    None,
                    ProblemKind::MissingValue,
                    "a <key> needs an id".into(),
                );
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
                self.report(
                    line,
                    None,
                    ProblemKind::Syntax,
                    "a <data> needs a key".into(),
                );
                continue;
            };
            let Some(key) = self.keys.get(key_id) else {
                let message = format!(
                    "<data> refers to key {}, which no <key> declares",
                    crate::escape::terminal::shown(key_id)
                );
                self.report(line, None, ProblemKind::UnknownColumn, message);
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

    /// The nodes of the `phases` graph, by actor, in document order.
    fn phases(&mut self, g: roxmltree::Node<'_, '_>) -> BTreeMap<String, Vec<(Fields, u64)>> {
        let mut phases: BTreeMap<String, Vec<(Fields, u64)>> = BTreeMap::new();
        for node in children(g, "node") {
            let line = line_of(node);
            let fields = self.fields(node, Role::Actor);
            let Some(actor) = fields.text("actor").map(str::to_owned) else {
                self.report(
                    line,
                    Some("actor"),
                    ProblemKind::MissingValue,
                    "a phase node needs the id of its actor in actor".into(),
                );
                continue;
            };
            phases.entry(actor).or_default().push((fields, line));
        }
        phases
    }

    /// An actor row per node of the ties graph, or per phase of it when
    /// the `phases` graph has some; the ids of the nodes.
    fn actors(
        &mut self,
        g: roxmltree::Node<'_, '_>,
        mut phases: BTreeMap<String, Vec<(Fields, u64)>>,
    ) -> HashSet<String> {
        let mut node_ids: HashSet<String> = HashSet::new();
        for node in children(g, "node") {
            let line = line_of(node);
            let Some(id) = node.attribute("id") else {
                self.report(
                    line,
                    None,
                    ProblemKind::MissingValue,
                    "a <node> needs an id".into(),
                );
                continue;
            };
            node_ids.insert(id.to_owned());
            match phases.remove(id) {
                Some(list) => {
                    for (fields, line) in list {
                        self.moved(line, "id", line, "actor");
                        self.actor_row(id, &fields, line);
                    }
                }
                None => {
                    let fields = self.fields(node, Role::Actor);
                    // Said, so that a phase node on the same line is not
                    // taken for this one.
                    self.moved(line, "id", line, "id");
                    self.actor_row(id, &fields, line);
                }
            }
        }
        for (actor, list) in phases {
            for (_, line) in list {
                let message = format!(
                    "this phase belongs to actor {}, which is not a node of the ties graph",
                    crate::escape::terminal::shown(&actor)
                );
                self.report(line, Some("actor"), ProblemKind::UnknownActor, message);
            }
        }
        node_ids
    }

    fn actor_row(&mut self, id: &str, f: &Fields, line: u64) {
        let row = ActorRow {
            id: id.to_owned(),
            name: f.text("name").unwrap_or("").to_owned(),
            kind: f.text("kind").unwrap_or("").to_owned(),
            from: f.opt("from"),
            until: f.opt("until"),
            aliases: self.list(f, "aliases", line),
            note: f.opt("note"),
            extra: f.extra(),
        };
        let at = self.at(line);
        self.rows.actors.push((row, at));
    }

    /// A source row per node of the `sources` graph.
    fn sources(&mut self, g: roxmltree::Node<'_, '_>) {
        for node in children(g, "node") {
            let line = line_of(node);
            let f = self.fields(node, Role::Source);
            let row = SourceRow {
                id: f.text("source_id").unwrap_or("").to_owned(),
                title: f.opt("title"),
                publisher: f.opt("publisher"),
                published: f.opt("published"),
                reference: f.opt("reference"),
                url: f.opt("url"),
                note: f.opt("note"),
                extra: f.extra(),
            };
            self.moved(line, "id", line, "source_id");
            let at = self.at(line);
            self.rows.sources.push((row, at));
        }
    }

    /// A tie row per edge of the ties graph; a mediation is two edges
    /// sharing a tie id, and one row.
    fn ties(&mut self, g: roxmltree::Node<'_, '_>, node_ids: &HashSet<String>) {
        let mut mediations = Mediations::new();
        for edge in children(g, "edge") {
            let line = line_of(edge);
            let ends = self.ends(edge, node_ids);
            let f = self.fields(edge, Role::Tie);
            let id = match f.text("tie") {
                Some(id) => {
                    self.moved(line, "id", line, "tie");
                    id
                }
                None => {
                    self.moved(line, "id", line, "id");
                    edge.attribute("id").unwrap_or("")
                }
            };
            let id = id.to_owned();
            let kind = f.text("kind").unwrap_or("");
            let role = f.text("role");
            let mut with = None;
            if kind == "mediation" {
                match self.mediation_edge(&mut mediations, &id, role, ends, line) {
                    Some("with") => with = Some(ends[1]),
                    Some(_) => {}
                    None => continue,
                }
            }
            let row = TieRow {
                id,
                source: ends[0].to_owned(),
                target: if with.is_some() { "" } else { ends[1] }.to_owned(),
                kind: kind.to_owned(),
                start: f.text("start").unwrap_or("").to_owned(),
                end: f.opt("end"),
                with: with.map(str::to_owned),
                weight: self.weight(&f, line),
                confidence: f.opt("confidence"),
                directed: self.direction(&f, line),
                sources: self.list(&f, "sources", line),
                note: f.opt("note"),
                extra: f.extra(),
            };
            let at = self.at(line);
            self.rows.ties.push((row, at));
        }
        self.unpaired(&mediations);
    }

    /// The `source` and `target` of an edge, each empty (and reported)
    /// when it is not a node of the ties graph.
    fn ends<'a>(
        &mut self,
        edge: roxmltree::Node<'a, '_>,
        node_ids: &HashSet<String>,
    ) -> [&'a str; 2] {
        let line = line_of(edge);
        let mut ends = [""; 2];
        for (i, side) in ["source", "target"].into_iter().enumerate() {
            match edge.attribute(side) {
                Some(id) if node_ids.contains(id) => ends[i] = id,
                Some(id) => {
                    let message = format!(
                        "{} is not a node of the ties graph",
                        crate::escape::terminal::shown(id)
                    );
                    self.report(line, Some(side), ProblemKind::UnknownActor, message);
                }
                None => self.report(
                    line,
                    Some(side),
                    ProblemKind::MissingValue,
                    format!("an <edge> needs a {side}"),
                ),
            }
        }
        ends
    }

    /// Pairs an edge of a mediation with the other edge of its tie:
    /// `Some(role)` when it is the first of the two (a row is to be made,
    /// its target being `role`'s), `None` when the row exists already
    /// (its `target` or `with` is set) or the edge is wrong (reported).
    fn mediation_edge(
        &mut self,
        mediations: &mut Mediations,
        id: &str,
        role: Option<&str>,
        ends: [&str; 2],
        line: u64,
    ) -> Option<&'static str> {
        let slot = match role {
            Some("target") => 0,
            Some("with") => 1,
            _ => {
                self.report(
                    line,
                    Some("role"),
                    ProblemKind::MissingWith,
                    "a mediation edge needs role target (mediator to target) or with (mediator to with)".into(),
                );
                return None;
            }
        };
        let field = ["target", "with"][slot];
        let Some((index, seen)) = mediations.get_mut(id) else {
            let mut seen = [false; 2];
            seen[slot] = true;
            mediations.insert(id.to_owned(), (self.rows.ties.len(), seen));
            self.moved(line, field, line, "target");
            return Some(field);
        };
        let (row, at) = &mut self.rows.ties[*index];
        if seen[slot] || row.source != ends[0] {
            let message = format!(
                "mediation {} already has its {field} edge from {}",
                crate::escape::terminal::shown(id),
                row.source
            );
            self.report(line, Some("tie"), ProblemKind::DuplicateId, message);
            return None;
        }
        seen[slot] = true;
        match slot {
            0 => row.target = ends[1].to_owned(),
            _ => row.with = Some(ends[1].to_owned()),
        }
        let first = at.line().unwrap_or(0);
        self.moved(first, field, line, "target");
        None
    }

    /// Reports the mediations that have only one of their two edges.
    fn unpaired(&mut self, mediations: &Mediations) {
        let mut unpaired: Vec<_> = mediations
            .iter()
            .filter_map(|(id, (index, seen))| {
                let missing = ["target", "with"].iter().zip(seen).find(|(_, s)| !**s)?;
                Some((*index, id, *missing.0))
            })
            .collect();
        unpaired.sort_unstable();
        for (index, id, missing) in unpaired {
            let line = self.rows.ties[index].1.line().unwrap_or(0);
            let message = format!(
                "mediation {} has no edge with role {missing}",
                crate::escape::terminal::shown(id)
            );
            self.report(line, Some("role"), ProblemKind::MissingWith, message);
        }
    }

    fn list(&mut self, fields: &Fields, name: &str, line: u64) -> Vec<String> {
        let Some(text) = fields.text(name) else {
            return Vec::new();
        };
        if text.trim_start().starts_with('[') {
            match serde_json::from_str::<Vec<String>>(text) {
                Ok(items) => items,
                Err(e) => {
                    let message = format!("not a JSON array of strings: {e}");
                    self.report(line, Some(name), ProblemKind::Syntax, message);
                    Vec::new()
                }
            }
        } else {
            text.split(';').map(|s| s.trim().to_owned()).collect()
        }
    }

    /// The `directed` key: `true` or `false` (GraphML's boolean), or
    /// absent (the kind's own direction).
    fn direction(&mut self, fields: &Fields, line: u64) -> Option<bool> {
        let text = fields.text("directed")?;
        match text.trim() {
            "true" => Some(true),
            "false" => Some(false),
            _ => {
                let message = format!(
                    "{} is not true or false",
                    crate::escape::terminal::shown(text)
                );
                self.report(line, Some("directed"), ProblemKind::BadDirection, message);
                None
            }
        }
    }

    fn weight(&mut self, fields: &Fields, line: u64) -> Option<f64> {
        let text = fields.text("weight")?;
        match text.trim().parse::<f64>() {
            Ok(w) if w.is_finite() => Some(w),
            _ => {
                let message = format!(
                    "{} is not a number in (0, 1]",
                    crate::escape::terminal::shown(text)
                );
                self.report(line, Some("weight"), ProblemKind::BadWeight, message);
                None
            }
        }
    }
}

#[cfg(test)]
mod column_tests {
    use super::KEYS;
    use crate::fields::Table;

    /// Every column of the format has a GraphML key, under its own name or
    /// the one given here, unless the graph's structure holds it (a tie's
    /// ends; a mediation's second party is the target of its second edge).
    #[test]
    fn every_column_has_a_key() {
        for table in Table::ALL {
            let of = if table == Table::Ties { "edge" } else { "node" };
            for f in table.fields() {
                let name = match (table, f.name) {
                    (Table::Ties, "source" | "target" | "with") => continue,
                    (Table::Actors, "id") => "actor",
                    (Table::Sources, "id") => "source_id",
                    (Table::Ties, "id") => "tie",
                    (_, name) => name,
                };
                assert!(
                    KEYS.iter().any(|k| k.1 == of && k.2 == name),
                    "{} {} has no GraphML key",
                    table.file(),
                    f.name
                );
            }
        }
    }
}
