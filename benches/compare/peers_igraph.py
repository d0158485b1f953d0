"""tiegraph's jobs with python-igraph: `python peers_igraph.py JOB DATA_DIR [SIZE]`.

Loading and validation are common.py (csv module); the pair-level filtering
(ties in force, net sign per pair: R1's time-weighted exact sums, with each
tie's days in the period computed vectorised, common.Contributions.period) is
numpy, as are the timeline's turns (R3, common.timeline); igraph holds the graphs (integer
vertex ids = actor indices, names as a vertex attribute) and does the graph
work: the snapshot multigraph, Graph.list_triangles, Graph.get_eids for the
triangle signs, Graph.betweenness. The dyad diff has no graph algorithm in it:
igraph has nothing for it, so it is numpy on the pair arrays.
"""

import igraph as ig
import numpy as np

import common as c


def snapshot(d):
    p0, p1 = c.day_period(c.SNAP_DAY)
    m = np.nonzero((d.start < p1) & (d.end > p0))[0]
    nodes = c.actors_in_force(d, p0, p1)
    g = ig.Graph(n=len(d.ids), edges=list(zip(d.src[m].tolist(), d.dst[m].tolist())), directed=False)
    g.vs["name"] = d.ids
    g.es["kind"] = d.kind[m].tolist()
    g.es["start"] = d.start[m].tolist()
    g.es["end"] = d.end[m].tolist()
    g.es["weight"] = d.weight[m].tolist()
    g.es["with"] = d.wth[m].tolist()
    if len(nodes) != len(d.ids):
        g = g.induced_subgraph(nodes)
    return {"ties": g.ecount(), "actors": g.vcount()}


def triangles(a, b, sign):
    n = int(max(a.max(initial=-1), b.max(initial=-1))) + 1
    g = ig.Graph(n=n, edges=list(zip(a.tolist(), b.tolist())), directed=False)
    tri = np.array(g.list_triangles(), dtype=np.int64).reshape(-1, 3)
    if len(tri) == 0:
        return 0, 0
    x = np.concatenate([tri[:, 0], tri[:, 0], tri[:, 1]]).tolist()
    y = np.concatenate([tri[:, 1], tri[:, 2], tri[:, 2]]).tolist()
    eids = np.array(g.get_eids(list(zip(x, y))), dtype=np.int64)
    s = sign.astype(np.int64)[eids].reshape(3, -1).prod(axis=0)
    bal = int((s > 0).sum())
    return bal, len(tri) - bal


def diff(d):
    C = c.Contributions(d)
    _, pr0, s0, k0 = C.period(*c.day_period(c.DIFF_FROM))
    _, pr1, s1, k1 = C.period(*c.day_period(c.DIFF_TO))
    return c.classify(pr0, s0, k0, pr1, s1, k1)


def betweenness(d):
    C = c.Contributions(d)
    p0, p1 = c.day_period(c.SNAP_DAY)
    _, present, _, _ = C.period(p0, p1)
    nodes = c.actors_in_force(d, p0, p1)
    g = ig.Graph(n=len(d.ids), edges=list(zip(C.pa[present].tolist(), C.pb[present].tolist())),
                 directed=False)
    g.vs["name"] = d.ids
    if len(nodes) != len(d.ids):
        g = g.induced_subgraph(nodes)
    n = g.vcount()
    raw = g.betweenness(directed=False)
    scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0  # networkx's normalisation
    bc = {name: x * scale for name, x in zip(g.vs["name"], raw)}
    c.dump("betweenness.igraph.json", bc)
    top = max(bc, key=lambda k: (bc[k], k))
    return {"nodes": n, "edges": g.ecount(), "sum": sum(bc.values()), "max": bc[top], "argmax": top}


JOBS = c.jobs(snapshot, triangles, diff, betweenness)

if __name__ == "__main__":
    c.main("igraph", JOBS)
