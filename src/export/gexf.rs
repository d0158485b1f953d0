//! GEXF 1.3, Gephi's native format.

use super::common::{
    description, first_day, last_day, lifetime, number, sign, tie_edges, Scope, CREATOR,
};
use super::xml::XmlWriter;
use crate::{Dataset, Date, Phase, Selector};

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
const EDGE_ATTRIBUTES: [(&str, &str, &str); 10] = [
    ("tie", "tie", "string"),
    ("kind", "kind", "string"),
    ("sign", "sign", "integer"),
    ("weight_given", "weight given", "double"),
    ("confidence", "confidence", "string"),
    ("start", "start", "string"),
    ("end", "end", "string"),
    ("role", "role", "string"),
    ("sources", "sources", "string"),
    ("note", "note", "string"),
];

/// The network as GEXF 1.3 for Gephi.
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
/// Symmetric kinds are undirected edges, support is directed (patron →
/// client), and a mediation is two directed edges from the mediator, to the
/// target (`role` = `target`) and to `with` (`role` = `with`). The edge's
/// GEXF `kind` is the tie kind, its `weight` the weight (1 when not given).
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
    let scope = Scope::new(data, at);
    let dynamic = at.is_none();
    let [actor_columns, tie_columns, _] = data.extra_columns();
    let mut w = XmlWriter::new();
    w.open("gexf", &[("xmlns", NS), ("version", "1.3")]);
    w.open("meta", &[]);
    w.leaf("creator", &[], CREATOR);
    w.leaf("description", &[], &description(at));
    w.close("meta");
    if dynamic {
        w.open(
            "graph",
            &[
                ("mode", "dynamic"),
                ("defaultedgetype", "undirected"),
                ("timeformat", "date"),
                ("timerepresentation", "interval"),
            ],
        );
    } else {
        w.open(
            "graph",
            &[("mode", "static"), ("defaultedgetype", "undirected")],
        );
    }

    w.open("attributes", &[("class", "node")]);
    for (id, title, ty) in NODE_ATTRIBUTES {
        w.empty("attribute", &[("id", id), ("title", title), ("type", ty)]);
    }
    for (i, c) in actor_columns.iter().enumerate() {
        let id = format!("x{i}");
        w.empty(
            "attribute",
            &[("id", &id), ("title", c), ("type", "string")],
        );
    }
    w.close("attributes");
    let changing = dynamic && scope.actors.iter().any(|a| a.phases().len() > 1);
    if changing {
        w.open("attributes", &[("class", "node"), ("mode", "dynamic")]);
        w.empty(
            "attribute",
            &[
                ("id", "name_t"),
                ("title", "name (by phase)"),
                ("type", "string"),
            ],
        );
        w.empty(
            "attribute",
            &[
                ("id", "kind_t"),
                ("title", "kind (by phase)"),
                ("type", "string"),
            ],
        );
        w.close("attributes");
    }
    w.open("attributes", &[("class", "edge")]);
    for (id, title, ty) in EDGE_ATTRIBUTES {
        w.empty("attribute", &[("id", id), ("title", title), ("type", ty)]);
    }
    for (i, c) in tie_columns.iter().enumerate() {
        let id = format!("tx{i}");
        w.empty(
            "attribute",
            &[("id", &id), ("title", c), ("type", "string")],
        );
    }
    w.close("attributes");

    let count = scope.actors.len().to_string();
    w.open("nodes", &[("count", &count)]);
    for actor in &scope.actors {
        let phase = scope.shown(actor);
        w.open("node", &[("id", actor.id()), ("label", phase.name())]);
        w.open("attvalues", &[]);
        let life = lifetime(actor);
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
                attvalue_in(&mut w, "name_t", p.name(), &bounds);
                attvalue_in(&mut w, "kind_t", p.kind().as_str(), &bounds);
            }
        }
        w.close("attvalues");
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
        if tie.kind().is_directed() {
            attrs.push(("type", "directed"));
        }
        if dynamic {
            attrs.push(("start", &start));
            if let Some(end) = &end {
                attrs.push(("end", end));
            }
        }
        w.open("edge", &attrs);
        w.open("attvalues", &[]);
        let sources: Vec<&str> = scope.tie_sources(tie).iter().map(|s| s.id()).collect();
        let values = [
            ("tie", Some(tie.id().to_owned())),
            ("kind", Some(tie.kind().to_string())),
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
        w.close("edge");
    }
    w.close("edges");
    w.close("graph");
    w.close("gexf");
    w.finish()
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
