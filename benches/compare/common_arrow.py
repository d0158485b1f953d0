"""The fast Python loader: pyarrow.csv (multi-threaded, newlines_in_values=True)
and vectorised validation with pyarrow.compute / numpy, giving the same
`common.Data` as common.load. Used by `peers_igraph.py` when PEERS_LOADER=arrow
(tool name `igraph+pyarrow`), the configuration the performance issue names as
the fastest peer.

pandas' own `read_csv(engine="pyarrow")` cannot read these files: it stops with
"CSV parser got out of sync with chunker ... cell values spanning multiple
lines" because pandas does not pass `newlines_in_values` to pyarrow. So this
calls pyarrow.csv directly; the C engine of pandas reads them, but ~6x slower.

Validated as in common.py, vectorised. Differences: problems are reported by
row number, not file line (pyarrow does not track lines when values span
lines), and an empty tie id gets `#row` instead of `#line`.
"""

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

import common as c

DATE_RE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"


def _read(path, allowed, required):
    with open(path, encoding="utf-8", newline="") as f:
        header = next(c.csv.reader(f))
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    for col in header:
        if col not in allowed and not col.startswith("x_"):
            raise c.BadData(f"{path}:1: unknown column {col!r}")
    for col in required:
        if col not in header:
            raise c.BadData(f"{path}:1: missing column {col!r}")
    return pcsv.read_csv(
        path,
        read_options=pcsv.ReadOptions(column_names=header, skip_rows=1),
        parse_options=pcsv.ParseOptions(newlines_in_values=True),
        convert_options=pcsv.ConvertOptions(column_types={h: pa.string() for h in header},
                                            strings_can_be_null=False, quoted_strings_can_be_null=False),
    )


def _col(t, name):
    return t.column(name) if name in t.column_names else pa.chunked_array([pa.array([""] * t.num_rows)])


def _dates(col, what, problems, empty):
    """Day numbers (int64) of a column of DATEs; `empty` for empty cells. Dates
    repeat a lot, so only the distinct values are parsed (dictionary_encode)."""
    enc = pc.dictionary_encode(pc.fill_null(col, "")).combine_chunks()
    values = enc.dictionary
    is_empty = pc.equal(values, "")
    ok = pc.or_(is_empty, pc.match_substring_regex(values, DATE_RE))
    if not pc.all(ok).as_py():
        bad = values.filter(pc.invert(ok))
        problems.append(f"{what}: {bad[0].as_py()!r} is not a date ({len(bad)} distinct values)")
        return None
    n = pc.utf8_length(values)
    full = pc.if_else(pc.equal(n, 4), pc.binary_join_element_wise(values, "-01-01", ""),
                      pc.if_else(pc.equal(n, 7), pc.binary_join_element_wise(values, "-01", ""), values))
    full = pc.if_else(is_empty, "1970-01-01", full)
    try:
        ts = pc.strptime(full, format="%Y-%m-%d", unit="s", error_is_null=False)
    except pa.ArrowInvalid as e:
        problems.append(f"{what}: {e}")
        return None
    days = pc.cast(pc.cast(ts, pa.date32()), pa.int32()).to_numpy().astype(np.int64)
    if (days < c._parse_date("0001")).any():
        problems.append(f"{what}: year 0000")
    days[is_empty.to_numpy(zero_copy_only=False)] = empty
    return days[enc.indices.to_numpy()]


def load(folder):
    import os
    problems = []
    spath = os.path.join(folder, "sources.csv")
    source_ids = pa.array([], pa.string())
    if os.path.exists(spath):
        source_ids = _read(spath, c.SOURCE_COLS, ["id"]).column("id").combine_chunks()
    # actors
    at = _read(os.path.join(folder, "actors.csv"), c.ACTOR_COLS, ["id", "name", "kind"])
    aid = at.column("id")
    if not pc.all(pc.match_substring_regex(aid, r"^[A-Za-z0-9_.-]{1,64}$")).as_py():
        problems.append("actors.csv: column id: not an id")
    if not pc.all(pc.is_in(at.column("kind"), value_set=pa.array(sorted(c.ACTOR_KINDS)))).as_py():
        problems.append("actors.csv: column kind: not state|group|organization")
    lo = _dates(_col(at, "from"), "actors.csv: column from", problems, c.NEG)
    hi = _dates(_col(at, "until"), "actors.csv: column until", problems, c.INF)
    if problems:
        raise c.BadData("\n".join(problems))
    if (lo >= hi).any():
        problems.append("actors.csv: until must be after from")
    ids_all = np.array(aid.to_pylist(), dtype=object)
    ids_sorted, inv = np.unique(ids_all, return_inverse=True)
    ids = ids_sorted.tolist()
    # phases: sort by (actor, from); overlaps and gaps between consecutive phases
    order = np.lexsort((lo, inv))
    ia, l, h = inv[order], lo[order], hi[order]
    same = ia[1:] == ia[:-1]
    if (same & (l[1:] < h[:-1])).any():
        problems.append("actors.csv: phases of one actor overlap")
    first = np.full(len(ids), c.INF, dtype=np.int64)
    last = np.full(len(ids), c.NEG, dtype=np.int64)
    np.minimum.at(first, ia, l)
    np.maximum.at(last, ia, h)
    gaps = set(ia[1:][same & (l[1:] != h[:-1])].tolist())
    spans = [(int(a), int(b)) for a, b in zip(first, last)]
    for i in gaps:
        spans[i] = sorted((int(a), int(b)) for a, b, j in zip(l, h, ia) if j == i)
    id_set = pa.array(ids, pa.string())
    # ties
    tt = _read(os.path.join(folder, "ties.csv"), c.TIE_COLS, ["source", "target", "kind", "start"])
    n = tt.num_rows
    tid = _col(tt, "id")
    nonempty = pc.filter(tid, pc.not_equal(tid, ""))
    if pc.any(pc.starts_with(nonempty, "#")).as_py():
        problems.append("ties.csv: column id: explicit ids may not start with #")
    if pc.count_distinct(nonempty).as_py() != len(nonempty):
        problems.append("ties.csv: column id: duplicate ids")

    def actor(name, allow_empty=False):
        idx = pc.index_in(tt.column(name) if name in tt.column_names else _col(tt, name), value_set=id_set)
        arr = pc.fill_null(idx, -1).to_numpy().astype(np.int64)
        return arr

    src, dst = actor("source"), actor("target")
    if (src < 0).any() or (dst < 0).any():
        problems.append(f"ties.csv: source/target: unknown actors ({int((src < 0).sum() + (dst < 0).sum())})")
    if (src == dst).any():
        problems.append("ties.csv: self-ties")
    kind = pc.fill_null(pc.index_in(tt.column("kind"), value_set=pa.array(c.KINDS)), -1).to_numpy().astype(np.int64)
    if (kind < 0).any():
        problems.append("ties.csv: column kind: not a kind")
    start = _dates(tt.column("start"), "ties.csv: column start", problems, c.NEG)
    end = _dates(_col(tt, "end"), "ties.csv: column end", problems, c.INF)
    if start is not None and (start == c.NEG).any():
        problems.append("ties.csv: column start: empty")
    if start is not None and end is not None and (end <= start).any():
        problems.append("ties.csv: column end: must be after start")
    wcol = _col(tt, "with")
    wth = actor("with")
    med = kind == c.MEDIATION
    wempty = pc.equal(wcol, "").to_numpy(zero_copy_only=False)
    if (med & (wth < 0)).any():
        problems.append("ties.csv: column with: mediation needs a known actor")
    if (~med & ~wempty).any():
        problems.append("ties.csv: column with: only for mediation")
    if (med & ((wth == src) | (wth == dst))).any():
        problems.append("ties.csv: column with: equals source or target")
    wtext = _col(tt, "weight")
    try:
        weight = pc.cast(pc.if_else(pc.equal(wtext, ""), "1", wtext), pa.float64()).to_numpy()
    except pa.ArrowInvalid:
        problems.append("ties.csv: column weight: not a number")
        weight = np.ones(n)
    if not ((weight > 0) & (weight <= 1)).all():
        problems.append("ties.csv: column weight: not in (0, 1]")
    refs = pc.list_flatten(pc.split_pattern(pc.filter(_col(tt, "sources"), pc.not_equal(_col(tt, "sources"), "")), ";"))
    if not pc.all(pc.is_in(refs, value_set=source_ids)).as_py() and len(refs):
        problems.append("ties.csv: column sources: unknown source")
    if problems:
        raise c.BadData("\n".join(problems))
    # every actor in force for the whole tie
    first_a = np.array([sp[0] if type(sp) is tuple else c.INF for sp in spans], dtype=np.int64)
    last_a = np.array([sp[1] if type(sp) is tuple else c.NEG for sp in spans], dtype=np.int64)
    for who in (src, dst, wth[med]):
        a, b = (start, end) if len(who) == n else (start[med], end[med])
        ok = (first_a[who] <= a) & (b <= last_a[who])
        for i in np.nonzero(~ok)[0]:  # rare: actors with gaps between phases
            sp = spans[who[i]]
            if type(sp) is tuple or not any(x <= a[i] and b[i] <= y for x, y in c._runs(sp)):
                problems.append(f"ties.csv: row {i + 1}: actor {ids[who[i]]} is not in force for the whole tie")
    if problems:
        raise c.BadData("\n".join(problems[:20]))
    d = c.Data()
    d.ids, d.index, d.spans = ids, {a: i for i, a in enumerate(ids)}, spans
    d.src, d.dst, d.kind, d.start, d.end, d.wth, d.weight = src, dst, kind, start, end, wth, weight
    return d
