"""Shared part of the peer scripts: read a tiegraph dataset folder with Python's
csv module, validate it as docs/format.md (FORMAT.md) says, and derive the
pair-level (dyad) view every job needs.

Net value of a pair over a period (FORMAT.md, Round 2 rule R1): the sum over
its non-mediation ties in force during the period of sign x weight x d, d =
the number of days of the period on which the tie is in force (1 for a day).
Computed exactly, vectorised per period (`Contributions.period`): weights are
integers in units of 1e-18 (from their shortest decimal repr), split into two
base-1e9 limbs so that every product and group sum is an exact int64; the sign
and the tolerance test (0 when |value| <= 1e-9 x sum of |terms|) are decided
on those limbs without ever forming a float (`exact_signs`).

Everything here is plain Python + numpy and is the same for networkx, igraph
and Raphtory, so the peers differ only in what their library does: building
graphs, triangles, betweenness, and (Raphtory) the temporal views.

What is validated (an error stops the load, exit code 1, like tiegraph):
- the header of actors.csv / ties.csv / sources.csv (known columns or `x_*`);
- actor ids `[A-Za-z0-9_.-]{1,64}`, kinds, phase dates, from < until, phases of
  one id that overlap;
- every DATE (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, year 0001-9999) -> day number
  (days since 1970-01-01);
- tie ids (empty -> `#line`, explicit may not start with `#`, no duplicates),
  source/target/with exist (by id: names and aliases are not resolved),
  self-ties, kind, `with` present for mediation only and distinct from
  source/target, end > start, weight in (0, 1] (default 1), `sources` refer
  to sources.csv, each actor in force for the whole life of the tie.
"""

import csv
import datetime
import decimal
import json
import os
import re
import sys
import time

import numpy as np

KINDS = ["alliance", "cooperation", "support", "tension", "hostility", "mediation"]
KIND_CODE = {k: i for i, k in enumerate(KINDS)}
SIGN = np.array([1, 1, 1, -1, -1, 0], dtype=np.int64)
SIGN_TEXT = {1: "+", -1: "-", 0: "0"}
MEDIATION = 5
ACTOR_KINDS = {"state", "group", "organization"}
ACTOR_COLS = {"id", "name", "kind", "from", "until", "aliases", "note"}
TIE_COLS = {"id", "source", "target", "kind", "start", "end", "with", "weight", "sources", "note"}
SOURCE_COLS = {"id", "title", "publisher", "published", "reference"}
INF = 1 << 40
NEG = -(1 << 40)
LIMB = 10**9  # weight units (1e-18) = hi * LIMB + lo, 0 <= hi <= 1e9, 0 <= lo < 1e9
ID_RE = re.compile(r"[A-Za-z0-9_.-]{1,64}\Z")
EPOCH = 719163  # date(1970, 1, 1).toordinal()


class BadData(Exception):
    pass


def _parse_date(s):
    n = len(s)
    if not s.isascii():
        raise ValueError
    if n == 4 and s.isdigit():
        y, m, d = int(s), 1, 1
    elif n == 7 and s[4] == "-" and s[:4].isdigit() and s[5:].isdigit():
        y, m, d = int(s[:4]), int(s[5:]), 1
    elif (n == 10 and s[4] == "-" and s[7] == "-" and s[:4].isdigit()
          and s[5:7].isdigit() and s[8:].isdigit()):
        y, m, d = int(s[:4]), int(s[5:7]), int(s[8:])
    else:
        raise ValueError
    return datetime.date(y, m, d).toordinal() - EPOCH  # ValueError: bad day/month/year 0


_DATES = {}


def parse_date(s):
    """Day number of a DATE; memoised (a dataset repeats its dates a lot)."""
    d = _DATES.get(s)
    if d is None:
        d = _parse_date(s)
        _DATES[s] = d
    return d


def date_str(day):
    return datetime.date.fromordinal(day + EPOCH).isoformat()


def _header(reader, fname, allowed, required):
    try:
        header = next(reader)
    except StopIteration:
        raise BadData(f"{fname}:1: empty file, expected a header row")
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    for c in header:
        if c not in allowed and not c.startswith("x_"):
            raise BadData(f"{fname}:1: unknown column {c!r}")
    for c in required:
        if c not in header:
            raise BadData(f"{fname}:1: missing column {c!r}")
    return {c: i for i, c in enumerate(header)}, len(header)


class Data:
    pass


def load(folder):
    """Reads and validates a dataset folder; raises BadData listing the problems."""
    problems = []
    # sources.csv
    source_ids = set()
    spath = os.path.join(folder, "sources.csv")
    if os.path.exists(spath):
        with open(spath, newline="", encoding="utf-8") as f:
            r = csv.reader(f)
            col, _ = _header(r, "sources.csv", SOURCE_COLS, ["id"])
            for row in r:
                source_ids.add(row[col["id"]])
    # actors.csv
    phases = {}
    with open(os.path.join(folder, "actors.csv"), newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        col, width = _header(r, "actors.csv", ACTOR_COLS, ["id", "name", "kind"])
        ci, ck, cf, cu = col["id"], col["kind"], col.get("from"), col.get("until")
        line = r.line_num + 1
        for row in r:
            where = f"actors.csv:{line}"
            line = r.line_num + 1
            if len(row) != width:
                problems.append(f"{where}: {len(row)} fields, expected {width}")
                continue
            aid = row[ci]
            if not ID_RE.match(aid):
                problems.append(f"{where}: column id: {aid!r} is not an id")
            if row[ck] not in ACTOR_KINDS:
                problems.append(f"{where}: column kind: {row[ck]!r} is not state|group|organization")
            lo, hi = NEG, INF
            try:
                if cf is not None and row[cf]:
                    lo = parse_date(row[cf])
                if cu is not None and row[cu]:
                    hi = parse_date(row[cu])
            except ValueError:
                problems.append(f"{where}: column from/until: not a date")
                continue
            if lo >= hi:
                problems.append(f"{where}: until must be after from")
            phases.setdefault(aid, []).append((lo, hi))
    ids = sorted(phases)
    index = {a: i for i, a in enumerate(ids)}
    spans = []  # per actor: (first day, first day after) if the phases are contiguous, else list
    for a in ids:
        ph = sorted(phases[a])
        for (l1, h1), (l2, h2) in zip(ph, ph[1:]):
            if l2 < h1:
                problems.append(f"actors.csv: actor {a}: phases overlap")
        contiguous = all(h1 == l2 for (_, h1), (l2, _) in zip(ph, ph[1:]))
        spans.append((ph[0][0], ph[-1][1]) if contiguous else ph)
    # ties.csv
    src, dst, kind, start, end, wth, weight = [], [], [], [], [], [], []
    seen = set()
    with open(os.path.join(folder, "ties.csv"), newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        col, width = _header(r, "ties.csv", TIE_COLS, ["source", "target", "kind", "start"])
        g = col.get
        ci, cs, ct, ck, cst = g("id"), col["source"], col["target"], col["kind"], col["start"]
        ce, cw, cwt, cso = g("end"), g("with"), g("weight"), g("sources")
        line = r.line_num + 1
        for row in r:
            ln = line
            line = r.line_num + 1
            if len(row) != width:
                problems.append(f"ties.csv:{ln}: {len(row)} fields, expected {width}")
                continue
            tid = row[ci] if ci is not None else ""
            if not tid:
                tid = f"#{ln}"
            elif tid[0] == "#":
                problems.append(f"ties.csv:{ln}: column id: explicit ids may not start with #")
            if tid in seen:
                problems.append(f"ties.csv:{ln}: column id: duplicate id {tid}")
            seen.add(tid)
            s = index.get(row[cs])
            t = index.get(row[ct])
            if s is None:
                problems.append(f"ties.csv:{ln}: column source: unknown actor {row[cs]!r}")
                continue
            if t is None:
                problems.append(f"ties.csv:{ln}: column target: unknown actor {row[ct]!r}")
                continue
            if s == t:
                problems.append(f"ties.csv:{ln}: self-tie")
            k = KIND_CODE.get(row[ck])
            if k is None:
                problems.append(f"ties.csv:{ln}: column kind: {row[ck]!r} is not a kind")
                continue
            try:
                a = parse_date(row[cst])
            except ValueError:
                problems.append(f"ties.csv:{ln}: column start: {row[cst]!r} is not a date")
                continue
            b = INF
            if ce is not None and row[ce]:
                try:
                    b = parse_date(row[ce])
                except ValueError:
                    problems.append(f"ties.csv:{ln}: column end: {row[ce]!r} is not a date")
                    continue
                if b <= a:
                    problems.append(f"ties.csv:{ln}: column end: must be after start")
            w = -1
            wtext = row[cw] if cw is not None else ""
            if k == MEDIATION:
                w = index.get(wtext, -1)
                if w < 0:
                    problems.append(f"ties.csv:{ln}: column with: unknown actor {wtext!r}")
                elif w == s or w == t:
                    problems.append(f"ties.csv:{ln}: column with: equals source or target")
            elif wtext:
                problems.append(f"ties.csv:{ln}: column with: only for mediation")
            x = 1.0
            if cwt is not None and row[cwt]:
                try:
                    x = float(row[cwt])
                except ValueError:
                    x = -1.0
                if not (0.0 < x <= 1.0):
                    problems.append(f"ties.csv:{ln}: column weight: {row[cwt]!r} not in (0, 1]")
            if cso is not None and row[cso]:
                for ref in row[cso].split(";"):
                    if ref not in source_ids:
                        problems.append(f"ties.csv:{ln}: column sources: no source {ref!r}")
            for who in (s, t, w):
                if who < 0:
                    continue
                sp = spans[who]
                if type(sp) is tuple:
                    ok = sp[0] <= a and b <= sp[1]
                else:  # phases with gaps: [a, b) must lie inside one run of phases
                    ok = any(lo <= a and b <= hi for lo, hi in _runs(sp))
                if not ok:
                    problems.append(f"ties.csv:{ln}: actor {ids[who]} is not in force for the whole tie")
            src.append(s)
            dst.append(t)
            kind.append(k)
            start.append(a)
            end.append(b)
            wth.append(w)
            weight.append(x)
    if problems:
        raise BadData("\n".join(problems[:20]) + (f"\n... {len(problems)} problems" if len(problems) > 20 else ""))
    d = Data()
    d.ids = ids
    d.index = index
    d.spans = spans
    d.src = np.array(src, dtype=np.int64)
    d.dst = np.array(dst, dtype=np.int64)
    d.kind = np.array(kind, dtype=np.int64)
    d.start = np.array(start, dtype=np.int64)
    d.end = np.array(end, dtype=np.int64)
    d.wth = np.array(wth, dtype=np.int64)
    d.weight = np.array(weight, dtype=np.float64)
    return d


def _runs(ph):
    runs = []
    for lo, hi in ph:
        if runs and runs[-1][1] == lo:
            runs[-1] = (runs[-1][0], hi)
        else:
            runs.append((lo, hi))
    return runs


def actors_in_force(d, p0, p1):
    """Indices of the actors with a phase in force on some day of [p0, p1)."""
    out = []
    for i, sp in enumerate(d.spans):
        if type(sp) is tuple:
            if sp[0] < p1 and sp[1] > p0:
                out.append(i)
        elif any(lo < p1 and hi > p0 for lo, hi in sp):
            out.append(i)
    return out


def weight_units(weight):
    """Weights as int64 multiples of 1e-18, from each weight's shortest decimal
    repr (`repr(0.1)` = '0.1' -> 10**17), so 0.1 + 0.2 - 0.3 is exactly 0.
    As tiegraph does (docs/format.md, "How tiegraph implements R1-R4"), digits
    past the 18th decimal are rounded half to even and a positive weight never
    rounds to zero; the generated data has two decimals. Only the distinct
    values go through Decimal."""
    values, inverse = np.unique(np.asarray(weight, dtype=np.float64), return_inverse=True)
    units = [max(1, int(decimal.Decimal(repr(float(v))).scaleb(18).to_integral_value(decimal.ROUND_HALF_EVEN)))
             for v in values]
    return np.array(units, dtype=np.int64).reshape(-1)[inverse.reshape(-1)]


def exact_signs(H, L, AH, AL):
    """Net signs (-1/0/+1, int8) of exact values given as base-1e9 limb sums
    (int64 arrays, one entry per pair):
        value = H * 1e9 + L          (units of 1e-18; H, L any sign)
        total = AH * 1e9 + AL        (the sum of |terms|; AH, AL >= 0)
    The sign is 0 when |value| <= 1e-9 * total, i.e. (value and total being
    integers) when |value| <= floor(total / 1e9) = AH + AL // 1e9. value and
    that bound may exceed int64, so both are compared as normalised limb pairs
    (high, low) with 0 <= low < 1e9."""
    B = LIMB
    vh = H + L // B  # value = vh * B + vl, 0 <= vl < B
    vl = L % B
    neg = vh < 0  # then value < 0 (vl < B)
    # |value| as (uh, ul), 0 <= ul < B
    uh = np.where(neg, np.where(vl == 0, -vh, -vh - 1), vh)
    ul = np.where(neg & (vl != 0), B - vl, vl)
    t = AH + AL // B  # floor(total / B), < 2**63 for any realistic data
    th, tl = t // B, t % B
    small = (uh < th) | ((uh == th) & (ul <= tl))
    return np.where(small, 0, np.where(neg, -1, 1)).astype(np.int8)


def net_signs(pair, days, hi, lo, sg, P):
    """Net sign per pair (R1) of the terms sg x (hi * 1e9 + lo) x days, grouped
    by `pair` (indices < P): exact int64 group sums (np.add.at), then
    exact_signs. Mediation terms have sg = 0 and drop out of both sums.
    |term limb| <= 1e9 x 366, so the int64 sums are exact up to ~2.5e7 ties
    per pair."""
    H = np.zeros(P, dtype=np.int64)
    L = np.zeros(P, dtype=np.int64)
    AH = np.zeros(P, dtype=np.int64)
    AL = np.zeros(P, dtype=np.int64)
    dh = days * hi
    dl = days * lo
    np.add.at(H, pair, sg * dh)
    np.add.at(L, pair, sg * dl)
    a = sg != 0
    np.add.at(AH, pair[a], dh[a])
    np.add.at(AL, pair[a], dl[a])
    return exact_signs(H, L, AH, AL)


class Contributions:
    """One row per (tie, pair it touches): a mediation touches mediator-target and
    mediator-with; every other tie touches its (source, target) pair. Pairs are
    (a, b) with a < b by id (actor indices follow id order)."""

    def __init__(self, d):
        n = len(d.src)
        med = d.kind == MEDIATION
        mi = np.nonzero(med)[0]
        self.tie = np.concatenate([np.arange(n), mi])
        s1, t1 = d.src, d.dst
        s2, t2 = d.src[mi], d.wth[mi]
        self.a = np.concatenate([np.minimum(s1, t1), np.minimum(s2, t2)])
        self.b = np.concatenate([np.maximum(s1, t1), np.maximum(s2, t2)])
        units = weight_units(d.weight)[self.tie]
        self.hi = units // LIMB
        self.lo = units % LIMB
        self.sg = SIGN[d.kind[self.tie]]  # 0 for both rows of a mediation
        self.kind = d.kind[self.tie]
        self.prim = np.concatenate([np.ones(n, dtype=np.int64), np.zeros(len(mi), dtype=np.int64)])
        self.start = d.start[self.tie]
        self.end = d.end[self.tie]
        N = len(d.ids)
        code = self.a * N + self.b
        self.pcode, self.pair = np.unique(code, return_inverse=True)
        self.pair = self.pair.reshape(-1)
        self.pa = self.pcode // N
        self.pb = self.pcode % N
        self.P = len(self.pcode)
        # grouped by kind, for the per-kind bincounts
        order = np.argsort(self.kind, kind="stable")
        for name in ("tie", "a", "b", "hi", "lo", "sg", "kind", "prim", "start", "end", "pair"):
            setattr(self, name, getattr(self, name)[order])
        self.kslices = [np.searchsorted(self.kind, [k, k + 1]) for k in range(6)]

    def period(self, p0, p1):
        """Pairs of the analysis graph over [p0, p1): (ties in force, present mask,
        net sign per pair (-1/0/+1, R1: time-weighted, exact), kinds bitmask per
        pair). A tie is in force during the period when it touches any day of it;
        its days there are min(end, p1) - max(start, p0)."""
        m = (self.start < p1) & (self.end > p0)
        idx = np.nonzero(m)[0]
        pm = self.pair[idx]
        P = self.P
        present = np.bincount(pm, minlength=P) > 0
        days = np.minimum(self.end[idx], p1) - np.maximum(self.start[idx], p0)
        sign = net_signs(pm, days, self.hi[idx], self.lo[idx], self.sg[idx], P)
        kmask = np.zeros(P, dtype=np.int16)
        for k, (lo, hi) in enumerate(self.kslices):
            mk = m[lo:hi]
            kmask |= (np.bincount(self.pair[lo:hi][mk], minlength=P) > 0).astype(np.int16) << k
        ties = int(self.prim[m].sum())
        return ties, present, sign, kmask


def classify(present0, sign0, k0, present1, sign1, k1):
    """Dyad diff categories (FORMAT.md) over two aligned pair arrays."""
    new = ~present0 & present1
    ended = present0 & ~present1
    both = present0 & present1
    flipped = both & (sign0.astype(np.int16) * sign1 == -1)
    changed = both & ~flipped & ((k0 != k1) | (sign0 != sign1))
    unchanged = both & ~flipped & ~changed
    return {"new": int(new.sum()), "ended": int(ended.sum()), "flipped": int(flipped.sum()),
            "shifted": int(changed.sum()), "unchanged": int(unchanged.sum())}


def month_periods(y0, m0, y1, m1):
    out = []
    y, m = y0, m0
    while (y, m) <= (y1, m1):
        ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
        out.append((f"{y:04}-{m:02}", parse_date(f"{y:04}-{m:02}"), parse_date(f"{ny:04}-{nm:02}")))
        y, m = ny, nm
    return out


def year_periods(y0, y1):
    return [(f"{y:04}", parse_date(f"{y:04}"), parse_date(f"{y + 1:04}")) for y in range(y0, y1 + 1)]


def selector_days(sel):
    """(first day, last day) of a selector: a full date is that day; `YYYY-MM` or
    `YYYY` the whole month or year."""
    d0 = parse_date(sel)
    if len(sel) == 10:
        return d0, d0
    y, m = int(sel[:4]), int(sel[5:7]) if len(sel) == 7 else None
    nxt = f"{y + 1:04}" if m is None else (f"{y + 1:04}-01" if m == 12 else f"{y:04}-{m + 1:02}")
    return d0, parse_date(nxt) - 1


def steps(step, frm, to):
    """The periods of `timeline --step STEP --from FRM --to TO`: from the period
    containing the first day of FRM to the one containing the LAST day of TO
    (Round 2: `--step 1m --to 2001` runs to 2001-12)."""
    first, _ = selector_days(frm)
    _, last = selector_days(to)
    a, b = date_from_day(first), date_from_day(last)
    if step == "1y":
        return year_periods(a.year, b.year)
    if step == "1m":
        return month_periods(a.year, a.month, b.year, b.month)
    raise ValueError(f"step {step!r}: 1m or 1y")


def date_from_day(day):
    return datetime.date.fromordinal(day + EPOCH)


SNAP_DAY = "2020-06-01"
DIFF_FROM, DIFF_TO = "2018-01-01", "2024-01-01"


def day_period(s):
    d = parse_date(s)
    return d, d + 1


STEPS = month_periods(2021, 1, 2026, 12)  # `--from 2021-01 --to 2026-12 --step 1m`


def timeline(d, triangles, periods=None, period=None, C=None):
    """tiegraph's timeline: per step (label, ties, pairs, positive, negative,
    balanced, unbalanced, new, ended, flipped, shifted, turned) and the list of
    turns [at, a, b, from, to] (R3) sorted by (at, a, b). `triangles(a, b, sign)`
    is the library's (balanced, unbalanced) count on the signed graph given as
    pair arrays; `periods` defaults to the benchmark's 72 months; `period(p0,
    p1)` -> (ties, present, sign, kmask) over this module's pair indexing,
    default `Contributions.period` (numpy) of `C` (built here if None)."""
    if C is None:
        C = Contributions(d)
    if periods is None:
        periods = STEPS
    if period is None:
        period = C.period
    ids = d.ids
    out = []
    turns = []
    prev = None
    last = np.zeros(C.P, dtype=np.int8)  # most recent +/- sign of each pair, 0 = none yet
    for label, p0, p1 in periods:
        ties, present, sign, kmask = period(p0, p1)
        sel = present & (sign != 0)
        bal, unbal = triangles(C.pa[sel], C.pb[sel], sign[sel])
        if prev is None:
            ch = {"new": 0, "ended": 0, "flipped": 0, "shifted": 0}
        else:
            ch = classify(*prev, present, sign, kmask)
        prev = (present, sign, kmask)
        turned = np.nonzero((sign != 0) & (last != 0) & (sign != last))[0]  # pair order = (a, b) order
        for i in turned.tolist():
            turns.append([label, ids[C.pa[i]], ids[C.pb[i]], SIGN_TEXT[int(last[i])], SIGN_TEXT[int(sign[i])]])
        last = np.where(sign != 0, sign, last)
        out.append([label, ties, int(present.sum()), int((sign[present] > 0).sum()),
                    int((sign[present] < 0).sum()), bal, unbal,
                    ch["new"], ch["ended"], ch["flipped"], ch["shifted"], len(turned)])
    return {"ties_total": sum(s[1] for s in out), "steps": out, "turns": turns}


def balance(d, triangles):
    C = Contributions(d)
    ties, present, sign, kmask = C.period(*day_period(SNAP_DAY))
    sel = present & (sign != 0)
    bal, unbal = triangles(C.pa[sel], C.pb[sel], sign[sel])
    return {"balanced": bal, "unbalanced": unbal}


def dump(name, obj):
    """Writes a full result (e.g. every betweenness value) when PEERS_DUMP is set."""
    folder = os.environ.get("PEERS_DUMP")
    if folder:
        with open(os.path.join(folder, name), "w") as f:
            json.dump(obj, f)


def jobs(snapshot, triangles, diff, betweenness):
    """The jobs of a peer's script, from its own snapshot, triangle count,
    diff and betweenness; validate, timeline and balance are shared."""
    return {
        "validate": lambda d: {"ties": len(d.src), "actors": len(d.ids)},
        "snapshot": snapshot,
        "timeline": lambda d: timeline(d, triangles),
        "balance": lambda d: balance(d, triangles),
        "diff": diff,
        "betweenness": betweenness,
    }


def main(tool, jobs):
    """`python peers_X.py JOB DATA_DIR [SIZE]`: runs one job, prints one JSON line."""
    if len(sys.argv) < 3 or sys.argv[1] not in jobs:
        print(f"usage: {sys.argv[0]} {{{'|'.join(jobs)}}} DATA_DIR [SIZE]", file=sys.stderr)
        sys.exit(2)
    job, folder = sys.argv[1], sys.argv[2]
    size = sys.argv[3] if len(sys.argv) > 3 else os.path.basename(folder.rstrip("/"))
    loader = load
    if os.environ.get("PEERS_LOADER") == "arrow":
        import common_arrow
        loader = common_arrow.load
        tool += "+pyarrow"
    t0 = time.perf_counter()
    try:
        data = loader(folder)
    except BadData as e:
        print(e, file=sys.stderr)
        sys.exit(1)
    t_load = time.perf_counter() - t0
    result = jobs[job](data)
    seconds = time.perf_counter() - t0
    print(json.dumps({"tool": tool, "job": job, "size": size, "seconds": round(seconds, 4),
                      "load_seconds": round(t_load, 4), "result": result}))
