//! Run petgraph's algorithms on a snapshot.
//!
//! Run with `cargo run --example graph_algorithms`.
//!
//! `Snapshot::graph()` is a petgraph `DiGraph`: one node per actor in force
//! (the node weight is the actor as the snapshot shows it) and one edge per
//! tie in force, from source to target (the edge weight is the tie). Any
//! algorithm of `petgraph::algo` works on it.

use petgraph::algo::{connected_components, dijkstra, tarjan_scc};
use tiegraph::{default_dataset, Sign};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = default_dataset();
    let snap = data.snapshot(&"2026-03-01".parse()?);
    let graph = snap.graph();
    println!(
        "2026-03-01: {} nodes, {} edges",
        graph.node_count(),
        graph.edge_count()
    );

    // Weakly connected components: actors with no tie in force are alone.
    println!("connected components: {}", connected_components(&graph));

    // Strongly connected components follow the direction of the ties:
    // support runs from patron to client, so patrons and clients separate.
    let sccs = tarjan_scc(&graph);
    let big: Vec<Vec<&str>> = sccs
        .iter()
        .filter(|c| c.len() > 1)
        .map(|c| c.iter().map(|&n| graph[n].id()).collect())
        .collect();
    println!("strongly connected components with more than one actor: {big:?}");

    // A signed view: keep only positive ties, and ask how many positive
    // steps separate Pakistan from everyone else. Each edge costs 1.
    let positive = graph.filter_map(
        |_, actor| Some(*actor),
        |_, tie| (tie.kind().sign() == Sign::Positive).then_some(*tie),
    );
    let pak = snap
        .node(data.resolve("PAK")?)
        .ok_or("Pakistan is in force")?;
    let distances = dijkstra(&positive, pak, None, |e| {
        // Weaker ties are longer roads: cost 1 / weight.
        1.0 / e.weight().weight()
    });
    let mut reached: Vec<(&str, f64)> = distances
        .iter()
        .map(|(&n, &d)| (positive[n].id(), d))
        .collect();
    reached.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(b.0)));
    println!("reached from PAK along positive ties (cost 1/weight):");
    for (id, cost) in reached {
        println!("  {id:<6} {cost:.2}");
    }

    // Degree by hand: ties in force that touch each actor, most first.
    let mut degrees: Vec<(&str, usize)> = graph
        .node_indices()
        .map(|n| {
            let count = graph.edges(n).count()
                + graph
                    .edges_directed(n, petgraph::Direction::Incoming)
                    .count();
            (graph[n].id(), count)
        })
        .collect();
    degrees.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    println!("most ties in force: {:?}", &degrees[..degrees.len().min(5)]);
    Ok(())
}
