"""tiegraph's jobs with networkx: `python peers_networkx.py JOB DATA_DIR [SIZE]`.

Loading and validation are common.py (csv module); the pair-level filtering
(ties in force, net sign per pair: R1's time-weighted exact sums, with each
tie's days in the period computed vectorised, common.Contributions.period) is
numpy, as are the timeline's turns (R3, common.timeline); networkx holds the graphs and
does the graph work: the snapshot multigraph, triangles (nx.all_triangles),
the two graphs of the diff, betweenness (nx.betweenness_centrality).
"""

import networkx as nx
import numpy as np

import common as c


def snapshot(d):
    p0, p1 = c.day_period(c.SNAP_DAY)
    ids = d.ids
    G = nx.MultiGraph()
    G.add_nodes_from(ids[i] for i in c.actors_in_force(d, p0, p1))
    m = np.nonzero((d.start < p1) & (d.end > p0))[0]
    kinds = c.KINDS
    G.add_edges_from(
        (ids[s], ids[t], {"kind": kinds[k], "start": a, "end": b, "weight": w,
                          "with": ids[x] if x >= 0 else None})
        for s, t, k, a, b, w, x in zip(d.src[m].tolist(), d.dst[m].tolist(), d.kind[m].tolist(),
                                       d.start[m].tolist(), d.end[m].tolist(),
                                       d.weight[m].tolist(), d.wth[m].tolist()))
    return {"ties": G.number_of_edges(), "actors": G.number_of_nodes()}


def triangles(a, b, sign):
    G = nx.Graph()
    G.add_edges_from(zip(a.tolist(), b.tolist(), ({"sign": s} for s in sign.tolist())))
    adj = G._adj  # read-only use of the adjacency dicts, as nx's own algorithms do
    bal = unbal = 0
    for u, v, w in nx.all_triangles(G):
        if adj[u][v]["sign"] * adj[u][w]["sign"] * adj[v][w]["sign"] > 0:
            bal += 1
        else:
            unbal += 1
    return bal, unbal


def analysis_graph(d, C, p0, p1, nodes=True):
    ties, present, sign, kmask = C.period(p0, p1)
    ids = d.ids
    G = nx.Graph()
    if nodes:
        G.add_nodes_from(ids[i] for i in c.actors_in_force(d, p0, p1))
    sel = np.nonzero(present)[0]
    G.add_edges_from(
        (ids[a], ids[b], {"kinds": k, "sign": s})
        for a, b, k, s in zip(C.pa[sel].tolist(), C.pb[sel].tolist(),
                              kmask[sel].tolist(), sign[sel].tolist()))
    return G


def diff(d):
    C = c.Contributions(d)
    G0 = analysis_graph(d, C, *c.day_period(c.DIFF_FROM), nodes=False)
    G1 = analysis_graph(d, C, *c.day_period(c.DIFF_TO), nodes=False)
    out = {"new": 0, "ended": 0, "flipped": 0, "shifted": 0, "unchanged": 0}
    for u, v, e1 in G1.edges(data=True):
        e0 = G0.get_edge_data(u, v)
        if e0 is None:
            out["new"] += 1
        elif e0["sign"] * e1["sign"] == -1:
            out["flipped"] += 1
        elif e0["kinds"] != e1["kinds"] or e0["sign"] != e1["sign"]:
            out["shifted"] += 1
        else:
            out["unchanged"] += 1
    out["ended"] = sum(1 for u, v in G0.edges() if not G1.has_edge(u, v))
    return out


def betweenness(d):
    C = c.Contributions(d)
    G = analysis_graph(d, C, *c.day_period(c.SNAP_DAY))
    bc = nx.betweenness_centrality(G, normalized=True)
    c.dump("betweenness.networkx.json", bc)
    top = max(bc, key=lambda k: (bc[k], k))
    return {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
            "sum": sum(bc.values()), "max": bc[top], "argmax": top}


JOBS = c.jobs(snapshot, triangles, diff, betweenness)

if __name__ == "__main__":
    c.main("networkx", JOBS)
