//! networkx's node-link JSON, which D3 force layouts also read.

use serde_json::{json, Value};

use super::common::{description, first_day, last_day, sign, tie_edges, Scope};
use crate::{Dataset, Phase, Selector};

fn phase_json(p: &Phase) -> Value {
    json!({
        "name": p.name(),
        "kind": p.kind().as_str(),
        "from": p.from().map(|d| d.to_string()),
        "until": p.until().map(|d| d.to_string()),
        "aliases": p.aliases().collect::<Vec<_>>(),
        "note": p.note(),
        "extra": p.extra(),
    })
}

/// The network as node-link JSON, as networkx's `node_link_data` writes it
/// and D3 force layouts read it.
///
/// `{"directed": true, "multigraph": true, "graph": {…}, "nodes": […],
/// "links": […]}`. A node per actor (`id` = actor id) with the `name`,
/// `kind`, `aliases`, `note` and `extra` of the phase shown, `from`/`until`
/// of its whole life, and every phase in `phases`. A link per tie (`key` =
/// tie id, so parallel ties stay apart in a networkx `MultiDiGraph`); a
/// mediation is two links from the mediator, to the target (`role` =
/// `target`) and to `with` (`role` = `with`). Symmetric kinds have
/// `"directed": false`. `weight` is the weight used in analysis (1 when not
/// given) and `weight_given` the value as written (`null` when absent);
/// `confidence` is `confirmed`, `reported` or `alleged`;
/// `start`/`end` are the dates as written (qualifiers included), `start_day`/`last_day` the first
/// and last day in force as full dates. The `graph` object holds the
/// selector, the rows of `sources.csv` and the custom column order.
///
/// Load it with `networkx.node_link_graph(data, edges="links")`, or give
/// `data.nodes` and `data.links` to `d3.forceSimulation`.
///
/// # Example
///
/// ```
/// let text = tiegraph::export::node_link(tiegraph::default_dataset(), None);
/// let doc: serde_json::Value = serde_json::from_str(&text)?;
/// assert_eq!(doc["multigraph"], true);
/// assert!(doc["links"].as_array().is_some_and(|l| !l.is_empty()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn node_link(data: &Dataset, at: Option<&Selector>) -> String {
    let scope = Scope::new(data, at);
    let [ac, tc, sc] = data.extra_columns();
    let nodes: Vec<Value> = scope
        .actors
        .iter()
        .map(|a| {
            let p = scope.shown(a);
            json!({
                "id": a.id(),
                "name": p.name(),
                "kind": p.kind().as_str(),
                "from": a.phases().first().and_then(Phase::from).map(|d| d.to_string()),
                "until": a.phases().last().and_then(Phase::until).map(|d| d.to_string()),
                "aliases": p.aliases().collect::<Vec<_>>(),
                "note": p.note(),
                "extra": p.extra(),
                "phases": a.phases().iter().map(phase_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut links = Vec::new();
    for tie in &scope.ties {
        for (source, target, role) in tie_edges(tie) {
            links.push(json!({
                "source": scope.id(source),
                "target": scope.id(target),
                "key": tie.id(),
                "tie": tie.id(),
                "kind": tie.kind().as_str(),
                "directed": tie.is_directed(),
                "sign": sign(tie.kind()),
                "weight": tie.weight(),
                "weight_given": tie.weight_given(),
                "confidence": tie.confidence(),
                "start": tie.start().to_string(),
                "end": tie.end().map(|d| d.to_string()),
                "start_day": first_day(tie.start()),
                "last_day": tie.end().map(last_day),
                "role": role,
                "with": tie.with().map(|w| scope.id(w)),
                "sources": scope.tie_sources(tie).iter().map(|s| s.id()).collect::<Vec<_>>(),
                "note": tie.note(),
                "extra": tie.extra(),
            }));
        }
    }
    let sources: Vec<Value> = data
        .sources()
        .iter()
        .map(|s| {
            json!({
                "id": s.id(), "title": s.title(), "publisher": s.publisher(),
                "published": s.published(), "reference": s.reference(),
                "url": s.url(), "note": s.note(), "extra": s.extra(),
            })
        })
        .collect();
    let doc = json!({
        "directed": true,
        "multigraph": true,
        "graph": {
            "name": "tiegraph",
            "description": description(at),
            "at": at.map(|s| s.to_string()),
            "sources": sources,
            "extra_columns": {"actors": ac, "ties": tc, "sources": sc},
        },
        "nodes": nodes,
        "links": links,
    });
    // serde_json's objects are sorted maps: the output is deterministic.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
