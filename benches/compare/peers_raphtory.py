"""tiegraph's jobs with Raphtory: `python peers_raphtory.py JOB DATA_DIR [SIZE]`.

Loading and validation are common.py (csv module). The ties then go into a
Raphtory PersistentGraph (edges live from an addition until a deletion), and
every date or month is a Raphtory view: `g.window(p0, p1)` = everything in
force on some day of [p0, p1) (a day D is window(D, D + 1)).

Encoding. A Raphtory edge is (src, dst, layer), and on one layer an edge is
either alive or not: two ties of the same kind between the same pair whose
intervals overlap cannot both be represented (the first deletion ends both).
So each tie becomes one contribution per pair it touches (a mediation touches
mediator-target and mediator-with, as FORMAT.md says; pairs are undirected,
stored as (a, b) with a < b), and contributions of the same (pair, kind) are
spread over "slots" so that intervals on one slot never overlap nor touch:
layer = "<kind>#<slot>". Every exploded edge of a view is then exactly one tie
in force, with its properties `sg` (the kind's sign, 0 for mediation), `hi`
and `lo` (the weight in units of 1e-18 as two base-1e9 limbs, common.py) and
`c` (1, or 0 for a mediation's second pair, so that ties are counted once).

Time-weighted net values (FORMAT.md Round 2, R1) need, per tie in force, the
number of days of the period on which it is in force. Raphtory expresses that
itself: in a window of a PersistentGraph, an exploded edge's `earliest_time`
and `latest_time` are its interval clipped to the window (max(start, p0) and
min(end, p1)), so `latest_time - earliest_time` is exactly the overlap in days
(checked against a day-by-day brute force by selfcheck.py). No day-by-day
views are needed.

Raphtory does: storage, the temporal views (window), exploding the edges in
force and clipping their intervals to the window, betweenness
(algorithms.betweenness_centrality). numpy does the exact per-pair sums of a
view (common.net_signs, the same function as the other peers; Raphtory's
property sums are floats), plain Python the signed triangle enumeration
(Raphtory has triangle counts but nothing for signed triangles), and the
diff and timeline bookkeeping are common.py's.
"""

import heapq
import time

import numpy as np
import pandas as pd
from raphtory import Graph, PersistentGraph
from raphtory import algorithms as ra

import common as c

EARLY = -(1 << 30)  # node creation time for actors "in force since forever"


def build(d):
    t0 = time.perf_counter()
    C = c.Contributions(d)
    order = np.lexsort((C.start, C.kind, C.pair)).tolist()
    pair, kind, start, end = C.pair.tolist(), C.kind.tolist(), C.start.tolist(), C.end.tolist()
    slot = [0] * len(pair)
    key = None
    busy, free, nslots = [], [], 0
    for i in order:
        k = (pair[i], kind[i])
        if k != key:
            key, busy, free, nslots = k, [], [], 0
        s = start[i]
        while busy and busy[0][0] < s:  # strictly before: no deletion and addition at the same time
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            sl = heapq.heappop(free)
        else:
            sl = nslots
            nslots += 1
        heapq.heappush(busy, (end[i], sl))
        slot[i] = sl
    ids = np.array(d.ids, dtype=object)
    names = {}
    layer = [names.get(x) or names.setdefault(x, f"{c.KINDS[x[0]]}#{x[1]}") for x in zip(kind, slot)]
    adds = pd.DataFrame({"time": C.start, "src": ids[C.a], "dst": ids[C.b], "layer": layer,
                         "sg": C.sg, "hi": C.hi, "lo": C.lo, "c": C.prim})
    ended = C.end < c.INF
    dels = pd.DataFrame({"time": C.end[ended], "src": ids[C.a[ended]], "dst": ids[C.b[ended]],
                         "layer": np.array(layer, dtype=object)[ended]})
    first = [sp[0] if type(sp) is tuple else sp[0][0] for sp in d.spans]
    nodes = pd.DataFrame({"time": [EARLY if x == c.NEG else x for x in first], "id": d.ids})
    g = PersistentGraph()
    g.load_nodes(data=nodes, time="time", id="id")
    g.load_edges(data=adds, time="time", src="src", dst="dst", properties=["sg", "hi", "lo", "c"],
                 layer_col="layer")
    g.load_edge_deletions(data=dels, time="time", src="src", dst="dst", layer_col="layer")
    build.seconds = time.perf_counter() - t0
    build.layers = len(names)
    build.kind_of_layer = {name: k for (k, _), name in names.items()}
    return g, C


def view(g, C, d, p0, p1):
    """The analysis graph of [p0, p1) from Raphtory's window: (ties in force,
    present, net sign, kinds bitmask) as arrays over C's pair indexing, and the
    number of nodes in force. Days in force = latest_time - earliest_time of
    each exploded edge (clipped to the window by Raphtory)."""
    v = g.window(p0, p1)
    x = v.edges.explode()
    index = view.index
    if index is None or index is not d.ids:
        view.index = index = pd.Index(d.ids)
    a = index.get_indexer(list(x.src.id))
    b = index.get_indexer(list(x.dst.id))
    N = len(d.ids)
    pair = np.searchsorted(C.pcode, a.astype(np.int64) * N + b)
    days = np.fromiter(x.latest_time.t, dtype=np.int64) - np.fromiter(x.earliest_time.t, dtype=np.int64)
    props = x.properties

    def prop(name):  # None when the view has no edge
        v = props.get(name)
        return np.array([] if v is None else v.collect(), dtype=np.int64)

    sg, hi, lo = prop("sg"), prop("hi"), prop("lo")
    kind = pd.Series(list(x.layer_name)).map(build.kind_of_layer).to_numpy(dtype=np.int64)
    P = C.P
    present = np.bincount(pair, minlength=P) > 0
    sign = c.net_signs(pair, days, hi, lo, sg, P)
    kmask = np.zeros(P, dtype=np.int16)
    np.bitwise_or.at(kmask, pair, (1 << kind).astype(np.int16))
    ties = int(prop("c").sum())
    return (ties, present, sign, kmask), v.count_nodes()


view.index = None


def triangles(pa, pb, sign):
    """Signed triangles in plain Python: orient each edge towards the higher
    (degree, id) end and intersect forward neighbourhoods."""
    adj = {}
    sg = {}
    for a, b, s in zip(pa.tolist(), pb.tolist(), sign.tolist()):
        if s:
            adj.setdefault(a, set()).add(b)
            adj.setdefault(b, set()).add(a)
            sg[(a, b)] = s
            sg[(b, a)] = s
    rank = {u: (len(n), u) for u, n in adj.items()}
    fwd = {u: {v for v in n if rank[v] > rank[u]} for u, n in adj.items()}
    bal = unbal = 0
    for u, fu in fwd.items():
        for v in fu:
            suv = sg[(u, v)]
            for w in fu & fwd[v]:
                if suv * sg[(u, w)] * sg[(v, w)] > 0:
                    bal += 1
                else:
                    unbal += 1
    return bal, unbal


def extra():
    return {"build_seconds": round(build.seconds, 4), "layers": build.layers}


def snapshot(d):
    g, C = build(d)
    (ties, _, _, _), nodes = view(g, C, d, *c.day_period(c.SNAP_DAY))
    return {"ties": ties, "actors": nodes, **extra()}


def balance(d):
    g, C = build(d)
    (_, present, sign, _), _ = view(g, C, d, *c.day_period(c.SNAP_DAY))
    sel = present & (sign != 0)
    bal, unbal = triangles(C.pa[sel], C.pb[sel], sign[sel])
    return {"balanced": bal, "unbalanced": unbal, **extra()}


def diff(d):
    g, C = build(d)
    (_, pr0, s0, k0), _ = view(g, C, d, *c.day_period(c.DIFF_FROM))
    (_, pr1, s1, k1), _ = view(g, C, d, *c.day_period(c.DIFF_TO))
    return {**c.classify(pr0, s0, k0, pr1, s1, k1), **extra()}


def timeline(d, periods=None):
    g, C = build(d)
    out = c.timeline(d, triangles, periods, period=lambda p0, p1: view(g, C, d, p0, p1)[0], C=C)
    return {**out, **extra()}


def betweenness(d):
    g, C = build(d)
    p0, p1 = c.day_period(c.SNAP_DAY)
    (_, present, _, _), _ = view(g, C, d, p0, p1)
    # Raphtory's betweenness follows edge directions: store each pair both ways,
    # which gives the undirected betweenness with networkx's normalisation.
    h = Graph()
    v = g.window(p0, p1)
    h.load_nodes(data=pd.DataFrame({"time": 0, "id": list(v.nodes.id)}), time="time", id="id")
    a = [d.ids[i] for i in C.pa[present].tolist()]
    b = [d.ids[i] for i in C.pb[present].tolist()]
    h.load_edges(data=pd.DataFrame({"time": 0, "src": a + b, "dst": b + a}), time="time", src="src", dst="dst")
    state = ra.betweenness_centrality(h, normalized=True)
    bc = {node.name: (x["betweenness_centrality"] if isinstance(x, dict) else x) for node, x in state.items()}
    c.dump("betweenness.raphtory.json", bc)
    top = max(bc, key=lambda k: (bc[k], k))
    return {"nodes": h.count_nodes(), "edges": len(a), "sum": sum(bc.values()), "max": bc[top],
            "argmax": top, **extra()}


JOBS = {
    "validate": lambda d: {"ties": len(d.src), "actors": len(d.ids)},
    "snapshot": snapshot,
    "timeline": timeline,
    "balance": balance,
    "diff": diff,
    "betweenness": betweenness,
}

if __name__ == "__main__":
    c.main("raphtory", JOBS)
