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
in force, with its properties `w` (sign x weight, 0 for mediation) and `c`
(1, or 0 for a mediation's second pair, so that ties are counted once).

Raphtory does: storage, the temporal views (window), exploding the edges in
force, betweenness (algorithms.betweenness_centrality). Plain Python does the
per-pair aggregation of a view, the signed triangle enumeration (Raphtory has
triangle counts but nothing for signed triangles) and the diff.
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
                         "w": C.sw, "c": C.prim})
    ended = C.end < c.INF
    dels = pd.DataFrame({"time": C.end[ended], "src": ids[C.a[ended]], "dst": ids[C.b[ended]],
                         "layer": np.array(layer, dtype=object)[ended]})
    first = [sp[0] if type(sp) is tuple else sp[0][0] for sp in d.spans]
    nodes = pd.DataFrame({"time": [EARLY if x == c.NEG else x for x in first], "id": d.ids})
    g = PersistentGraph()
    g.load_nodes(data=nodes, time="time", id="id")
    g.load_edges(data=adds, time="time", src="src", dst="dst", properties=["w", "c"], layer_col="layer")
    g.load_edge_deletions(data=dels, time="time", src="src", dst="dst", layer_col="layer")
    build.seconds = time.perf_counter() - t0
    build.layers = len(names)
    return g


def view(g, p0, p1):
    """The analysis graph of [p0, p1): (ties in force, {(a, b): (kinds, sign)}, nodes)."""
    v = g.window(p0, p1)
    x = v.edges.explode()
    src, dst, layer = x.src.id, x.dst.id, x.layer_name
    props = x.properties
    w, cnt = props.get("w"), props.get("c")
    acc = {}
    for a, b, l, wi in zip(src, dst, layer, w):
        e = acc.get((a, b))
        if e is None:
            acc[(a, b)] = [{l.partition("#")[0]}, wi]
        else:
            e[0].add(l.partition("#")[0])
            e[1] += wi
    eps = c.EPS
    pairs = {k: (frozenset(ks), 1 if s > eps else (-1 if s < -eps else 0)) for k, (ks, s) in acc.items()}
    return sum(cnt), pairs, v.count_nodes()


def triangles(pairs):
    """Signed triangles in plain Python: orient each edge towards the higher
    (degree, id) end and intersect forward neighbourhoods."""
    adj = {}
    sign = {}
    for (a, b), (_, s) in pairs.items():
        if s:
            adj.setdefault(a, set()).add(b)
            adj.setdefault(b, set()).add(a)
            sign[(a, b)] = s
            sign[(b, a)] = s
    rank = {u: (len(n), u) for u, n in adj.items()}
    fwd = {u: {v for v in n if rank[v] > rank[u]} for u, n in adj.items()}
    bal = unbal = 0
    for u, fu in fwd.items():
        for v in fu:
            suv = sign[(u, v)]
            for w in fu & fwd[v]:
                if suv * sign[(u, w)] * sign[(v, w)] > 0:
                    bal += 1
                else:
                    unbal += 1
    return bal, unbal


def classify(before, after):
    out = {"new": 0, "ended": 0, "flipped": 0, "shifted": 0, "unchanged": 0}
    for k, (ka, sa) in after.items():
        b = before.get(k)
        if b is None:
            out["new"] += 1
        elif b[1] * sa == -1:
            out["flipped"] += 1
        elif b != (ka, sa):
            out["shifted"] += 1
        else:
            out["unchanged"] += 1
    out["ended"] = sum(1 for k in before if k not in after)
    return out


def extra():
    return {"build_seconds": round(build.seconds, 4), "layers": build.layers}


def snapshot(d):
    g = build(d)
    p0, p1 = c.day_period(c.SNAP_DAY)
    ties, pairs, nodes = view(g, p0, p1)
    return {"ties": ties, "actors": nodes, **extra()}


def balance(d):
    g = build(d)
    _, pairs, _ = view(g, *c.day_period(c.SNAP_DAY))
    bal, unbal = triangles(pairs)
    return {"balanced": bal, "unbalanced": unbal, **extra()}


def diff(d):
    g = build(d)
    _, before, _ = view(g, *c.day_period(c.DIFF_FROM))
    _, after, _ = view(g, *c.day_period(c.DIFF_TO))
    return {**classify(before, after), **extra()}


def timeline(d):
    g = build(d)
    steps = []
    prev = None
    for label, p0, p1 in c.month_periods(2021, 1, 2026, 12):
        ties, pairs, _ = view(g, p0, p1)
        bal, unbal = triangles(pairs)
        ch = classify(prev, pairs) if prev is not None else {"new": 0, "ended": 0, "flipped": 0, "shifted": 0}
        prev = pairs
        signs = [s for _, s in pairs.values()]
        steps.append([label, ties, len(pairs), signs.count(1), signs.count(-1), bal, unbal,
                      ch["new"], ch["ended"], ch["flipped"], ch["shifted"]])
    return {"ties_total": sum(s[1] for s in steps), "steps": steps, **extra()}


def betweenness(d):
    g = build(d)
    p0, p1 = c.day_period(c.SNAP_DAY)
    _, pairs, _ = view(g, p0, p1)
    # Raphtory's betweenness follows edge directions: store each pair both ways,
    # which gives the undirected betweenness with networkx's normalisation.
    h = Graph()
    v = g.window(p0, p1)
    h.load_nodes(data=pd.DataFrame({"time": 0, "id": list(v.nodes.id)}), time="time", id="id")
    a = [k[0] for k in pairs]
    b = [k[1] for k in pairs]
    h.load_edges(data=pd.DataFrame({"time": 0, "src": a + b, "dst": b + a}), time="time", src="src", dst="dst")
    state = ra.betweenness_centrality(h, normalized=True)
    bc = {node.name: (x["betweenness_centrality"] if isinstance(x, dict) else x) for node, x in state.items()}
    c.dump("betweenness.raphtory.json", bc)
    top = max(bc, key=lambda k: (bc[k], k))
    return {"nodes": h.count_nodes(), "edges": len(pairs), "sum": sum(bc.values()), "max": bc[top],
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
