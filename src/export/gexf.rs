//! GEXF 1.3, Gephi's native format.

use std::fmt;
use std::str::FromStr;

use super::common::{
    description, first_day, last_day, lifetime, number, sign, tie_edges, Scope, CREATOR,
};
use super::xml::XmlWriter;
use crate::{Dataset, Date, Phase, Selector, Tie};

const NS: &str = "http://gexf.net/1.3";

/// Static node attributes: (id, title, GEXF type).
const NODE_ATTRIBUTES: [(&str, &str, &str); 6] = [
    ("name", "name", "string"),
    ("kind", "kind", "string"),
    ("from", "from", "string"),
    ("until", "until", "string"),
    ("aliases", "aliases", "string"),
    ("note", "note", "string"),
];

/// Edge attributes: (id, title, GEXF type).
const EDGE_ATTRIBUTES: [(&str, &str, &str); 11] = [
    ("tie", "tie", "string"),
    ("kind", "kind", "string"),
    ("directed", "directed", "boolean"),
    ("sign", "sign", "integer"),
    ("weight_given", "weight given", "double"),
    ("confidence", "confidence", "string"),
    ("start", "start", "string"),
    ("end", "end", "string"),
    ("role", "role", "string"),
    ("sources", "sources", "string"),
    ("note", "note", "string"),
];

/// How a GEXF export types its edges ([`gexf_with`]); on the command line
/// `export --format gexf --edges mixed|directed|undirected`.
///
/// Whichever it is, each edge's `directed` attribute says whether its tie
/// is directed ([`Tie::is_directed`]: by default support and mediation).
///
/// # Example
///
/// ```
/// use tiegraph::export::GexfEdges;
///
/// let edges: GexfEdges = "directed".parse()?;
/// assert_eq!(edges, GexfEdges::Directed);
/// assert_eq!(GexfEdges::default().name(), "mixed");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GexfEdges {
    /// An undirected graph whose support and mediation edges are directed
    /// (`type="directed"`), as the ties are: what Gephi shows best.
    /// networkx refuses such a mixed graph.
    #[default]
    Mixed,
    /// Every edge directed from the tie's source to its target (a
    /// mediation's from the mediator): networkx reads a `DiGraph` (or
    /// `MultiDiGraph`).
    Directed,
    /// Every edge undirected: networkx reads a `Graph` (or `MultiGraph`).
    Undirected,
}

/// A name that [`GexfEdges`] does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} is not a kind of GEXF edges (expected mixed, directed or undirected)", crate::escape::terminal::shown(.0))]
pub struct UnknownGexfEdges(String);

impl GexfEdges {
    /// Every choice, the default first.
    pub const ALL: [GexfEdges; 3] = [GexfEdges::Mixed, GexfEdges::Directed, GexfEdges::Undirected];

    /// The command-line name: `mixed`, `directed` or `undirected`.
    pub fn name(self) -> &'static str {
        match self {
            GexfEdges::Mixed => "mixed",
            GexfEdges::Directed => "directed",
            GexfEdges::Undirected => "undirected",
        }
    }

    /// The graph's `defaultedgetype`.
    fn default_type(self) -> &'static str {
        match self {
            GexfEdges::Directed => "directed",
            GexfEdges::Mixed | GexfEdges::Undirected => "undirected",
        }
    }

    /// The `type` of an edge of a tie, when it is not the default.
    fn edge_type(self, directed: bool) -> Option<&'static str> {
        (self == GexfEdges::Mixed && directed).then_some("directed")
    }
}

impl fmt::Display for GexfEdges {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for GexfEdges {
    type Err = UnknownGexfEdges;

    fn from_str(s: &str) -> Result<GexfEdges, UnknownGexfEdges> {
        GexfEdges::ALL
            .into_iter()
            .find(|e| e.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownGexfEdges(s.to_owned()))
    }
}

/// The network as GEXF 1.3 for Gephi, with mixed edges
/// ([`GexfEdges::Mixed`]; see [`gexf_with`] for the others).
///
/// Without a selector the graph is dynamic (`mode="dynamic"`,
/// `timeformat="date"`): each actor has spells for the periods its phases
/// cover and, when it has several phases, dynamic `name (by phase)` and
/// `kind (by phase)` attributes; each tie is an edge with `start` and `end`.
/// GEXF intervals are closed, so an edge's `end` is the last day the tie is
/// in force (the day before tiegraph's exclusive end); the dates as written,
/// with their precision and qualifier (`2021-08~`), are kept in the `start`
/// and `end` attributes. Each edge has a `confidence` attribute.
///
/// Undirected ties (by default the symmetric kinds) are undirected edges,
/// directed ones (by default support, patron → client, and any tie whose
/// `directed` column says so) directed edges, and a mediation is two
/// edges from the mediator, to the
/// target (`role` = `target`) and to `with` (`role` = `with`). The edge's
/// GEXF `kind` is the tie kind, its `weight` the weight (1 when not given),
/// its `directed` attribute whether the tie is directed.
///
/// With a selector, a static GEXF of the snapshot: the actors in force with
/// the phase shown at the selector, the ties in force.
///
/// Characters XML 1.0 cannot hold (control characters other than tab, line
/// feed and carriage return) are written as U+FFFD.
///
/// # Example
///
/// ```
/// let data = tiegraph::default_dataset();
/// let gexf = tiegraph::export::gexf(data, None);
/// assert!(gexf.contains(r#"<graph mode="dynamic""#));
/// assert!(gexf.contains(r#"<node id="TAL""#));
/// ```
pub fn gexf(data: &Dataset, at: Option<&Selector>) -> String {
    gexf_with(data, at, GexfEdges::Mixed)
}

/// The network as GEXF 1.3 with its edges typed as `edges` says: as
/// [`gexf`] (mixed), or all directed from source to target, or all
/// undirected, for tools that read no mixed graph (networkx). The tie's
/// own direction is always the edge's `directed` attribute.
///
/// # Example
///
/// ```
/// use tiegraph::export::{gexf_with, GexfEdges};
///
/// let data = tiegraph::default_dataset();
/// let gexf = gexf_with(data, None, GexfEdges::Undirected);
/// assert!(gexf.contains(r#"defaultedgetype="undirected""#));
/// assert!(!gexf.contains(r#" type="directed""#));
/// assert!(gexf.contains(r#"<attvalue for="directed" value="true"/>"#));
/// ```
pub fn gexf_with(data: &Dataset, at: Option<&Selector>, edges: GexfEdges) -> String {
    let scope = Scope::new(data, at);
    let dynamic = at.is_none();
    let mut w = XmlWriter::new();
    w.open("gexf", &[("xmlns", NS), ("version", "1.3")]);
    w.open("meta", &[]);
    w.leaf("creator", &[], CREATOR);
    w.leaf("description", &[], &description(at));
    w.close("meta");
    let mut graph = vec![("mode", if dynamic { "dynamic" } else { "static" })];
    graph.push(("defaultedgetype", edges.default_type()));
    if dynamic {
        graph.extend([("timeformat", "date"), ("timerepresentation", "interval")]);
    }
    w.open("graph", &graph);
    let changing = dynamic && scope.actors.iter().any(|a| a.phases().len() > 1);
    attributes(&mut w, data, changing);
    write_nodes(&mut w, &scope, changing);
    write_edges(&mut w, &scope, edges);
    w.close("graph");
    w.close("gexf");
    w.finish()
}

/// The `<attributes>` of nodes (static, and dynamic when some actor is
/// `changing`) and of edges.
fn attributes(w: &mut XmlWriter, data: &Dataset, changing: bool) {
    let [actor_columns, tie_columns, _] = data.extra_columns();
    let declare = |w: &mut XmlWriter, id: &str, title: &str, ty: &str| {
        w.empty("attribute", &[("id", id), ("title", title), ("type", ty)]);
    };
    w.open("attributes", &[("class", "node")]);
    for (id, title, ty) in NODE_ATTRIBUTES {
        declare(w, id, title, ty);
    }
    for (i, c) in actor_columns.iter().enumerate() {
        declare(w, &format!("x{i}"), c, "string");
    }
    w.close("attributes");
    if changing {
        w.open("attributes", &[("class", "node"), ("mode", "dynamic")]);
        declare(w, "name_t", "name (by phase)", "string");
        declare(w, "kind_t", "kind (by phase)", "string");
        w.close("attributes");
    }
    w.open("attributes", &[("class", "edge")]);
    for (id, title, ty) in EDGE_ATTRIBUTES {
        declare(w, id, title, ty);
    }
    for (i, c) in tie_columns.iter().enumerate() {
        declare(w, &format!("tx{i}"), c, "string");
    }
    w.close("attributes");
}

/// A node per actor, with the phase shown, its phases (when some actor is
/// `changing`) and, in a dynamic graph, its spells.
fn write_nodes(w: &mut XmlWriter, scope: &Scope<'_>, changing: bool) {
    let dynamic = scope.at.is_none();
    let [actor_columns, _, _] = scope.data.extra_columns();
    let count = scope.actors.len().to_string();
    w.open("nodes", &[("count", &count)]);
    for actor in &scope.actors {
        let phase = scope.shown(actor);
        w.open("node", &[("id", actor.id()), ("label", phase.name())]);
        w.open("attvalues", &[]);
        let from = actor.phases().first().and_then(Phase::from);
        let until = actor.phases().last().and_then(Phase::until);
        let aliases: Vec<&str> = phase.aliases().collect();
        let values = [
            ("name", Some(phase.name().to_owned())),
            ("kind", Some(phase.kind().to_string())),
            ("from", from.map(|d| d.to_string())),
            ("until", until.map(|d| d.to_string())),
            ("aliases", (!aliases.is_empty()).then(|| aliases.join("; "))),
            ("note", phase.note().map(str::to_owned)),
        ];
        for (id, value) in values {
            if let Some(v) = value {
                w.empty("attvalue", &[("for", id), ("value", &v)]);
            }
        }
        for (i, c) in actor_columns.iter().enumerate() {
            if let Some(v) = phase.extra().get(c) {
                w.empty("attvalue", &[("for", &format!("x{i}")), ("value", v)]);
            }
        }
        if changing && actor.phases().len() > 1 {
            for p in actor.phases() {
                let bounds = bounds(p.from(), p.until());
                attvalue_in(w, "name_t", p.name(), &bounds);
                attvalue_in(w, "kind_t", p.kind().as_str(), &bounds);
            }
        }
        w.close("attvalues");
        let life = lifetime(actor);
        if dynamic && life.iter().any(|(f, u)| f.is_some() || u.is_some()) {
            w.open("spells", &[]);
            for (f, u) in life {
                let b = bounds(f, u);
                let attrs: Vec<(&str, &str)> = b.iter().map(|(k, v)| (*k, v.as_str())).collect();
                w.empty("spell", &attrs);
            }
            w.close("spells");
        }
        w.close("node");
    }
    w.close("nodes");
}

/// An edge per tie (two per mediation), typed as `types` says.
fn write_edges(w: &mut XmlWriter, scope: &Scope<'_>, types: GexfEdges) {
    let dynamic = scope.at.is_none();
    let edges: Vec<_> = scope
        .ties
        .iter()
        .flat_map(|t| tie_edges(t).into_iter().map(move |e| (*t, e)))
        .collect();
    let count = edges.len().to_string();
    w.open("edges", &[("count", &count)]);
    for (n, (tie, (source, target, role))) in edges.into_iter().enumerate() {
        let id = format!("e{n}");
        let weight = number(tie.weight());
        let start = first_day(tie.start());
        let end = tie.end().map(last_day);
        let mut attrs: Vec<(&str, &str)> = vec![
            ("id", &id),
            ("source", scope.id(source)),
            ("target", scope.id(target)),
            ("label", tie.kind().as_str()),
            ("kind", tie.kind().as_str()),
            ("weight", &weight),
        ];
        if let Some(ty) = types.edge_type(tie.is_directed()) {
            attrs.push(("type", ty));
        }
        if dynamic {
            attrs.push(("start", &start));
            if let Some(end) = &end {
                attrs.push(("end", end));
            }
        }
        w.open("edge", &attrs);
        edge_values(w, scope, tie, role);
        w.close("edge");
    }
    w.close("edges");
}

/// The `<attvalues>` of an edge of `tie` (its `role` in a mediation).
fn edge_values(w: &mut XmlWriter, scope: &Scope<'_>, tie: &Tie, role: Option<&str>) {
    let [_, tie_columns, _] = scope.data.extra_columns();
    w.open("attvalues", &[]);
    let sources: Vec<&str> = scope.tie_sources(tie).iter().map(|s| s.id()).collect();
    let values = [
        ("tie", Some(tie.id().to_owned())),
        ("kind", Some(tie.kind().to_string())),
        ("directed", Some(tie.is_directed().to_string())),
        ("sign", Some(sign(tie.kind()).to_string())),
        ("weight_given", tie.weight_given().map(number)),
        ("confidence", Some(tie.confidence().to_string())),
        ("start", Some(tie.start().to_string())),
        ("end", tie.end().map(|d| d.to_string())),
        ("role", role.map(str::to_owned)),
        ("sources", (!sources.is_empty()).then(|| sources.join(";"))),
        ("note", tie.note().map(str::to_owned)),
    ];
    for (for_id, value) in values {
        if let Some(v) = value {
            w.empty("attvalue", &[("for", for_id), ("value", &v)]);
        }
    }
    for (i, c) in tie_columns.iter().enumerate() {
        if let Some(v) = tie.extra().get(c) {
            w.empty("attvalue", &[("for", &format!("tx{i}")), ("value", v)]);
        }
    }
    w.close("attvalues");
}

/// GEXF `start`/`end` attributes for `[from, until)`: closed bounds.
fn bounds(from: Option<Date>, until: Option<Date>) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(f) = from {
        out.push(("start", first_day(f)));
    }
    if let Some(u) = until {
        out.push(("end", last_day(u)));
    }
    out
}

fn attvalue_in(w: &mut XmlWriter, id: &str, value: &str, bounds: &[(&'static str, String)]) {
    let mut attrs: Vec<(&str, &str)> = vec![("for", id), ("value", value)];
    attrs.extend(bounds.iter().map(|(k, v)| (*k, v.as_str())));
    w.empty("attvalue", &attrs);
}

#[cfg(test)]
mod column_tests {
    use super::{EDGE_ATTRIBUTES, NODE_ATTRIBUTES};
    use crate::fields::Table;

    /// Every column of actors and ties has a GEXF attribute (or is the
    /// node or edge itself: ids, a tie's ends, a mediation's second edge,
    /// the dates a GEXF spell holds); sources are cited by id on edges.
    #[test]
    fn every_column_has_an_attribute() {
        for (table, attributes) in [
            (Table::Actors, &NODE_ATTRIBUTES[..]),
            (Table::Ties, &EDGE_ATTRIBUTES[..]),
        ] {
            for f in table.fields() {
                let name = match (table, f.name) {
                    (Table::Actors, "id") => continue,
                    (Table::Ties, "source" | "target" | "with") => continue,
                    (Table::Ties, "id") => "tie",
                    (Table::Ties, "weight") => "weight_given",
                    (_, name) => name,
                };
                assert!(
                    attributes.iter().any(|a| a.0 == name),
                    "{} {} has no GEXF attribute",
                    table.file(),
                    f.name
                );
            }
        }
    }
}
