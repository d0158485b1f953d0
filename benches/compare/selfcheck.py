"""Self-check of the peers' timeline against a brute-force, day-by-day reference
(FORMAT.md, Round 2 rules R1 and R3), on random small datasets.

    python selfcheck.py [--n 300] [--seed 1] [--tiegraph BIN] [--fine-to] [--no-raphtory]
                        [--keep DIR] [--quiet]
    benches/compare/run.sh selfcheck [same options]

For each random dataset (3-7 actors, 3-40 ties: every kind including
mediation, dates of every precision, ongoing ties, one-day ties, weights such
as 0.1/0.3/0.25 and pairs like 0.5000000005/0.4999999995 that sit exactly on
the 1e-9 tolerance, ties cloned onto the pair and dates of others so that
values cancel, or onto their pair only so that signs change within periods) and a random timeline (`--step 1m` or `1y` between random selectors
of any precision, or a list of single days), the reference below computes
every step's counts and the turns by walking every day of every period, and
the following must equal it:

- common.steps (the periods of `--from/--to/--step`, last step = the one
  containing the last day of `--to`);
- common.timeline (numpy, used by networkx and igraph) with the triangle
  counts of networkx and igraph, data loaded by common.load and, when pyarrow
  is installed, common_arrow.load;
- peers_raphtory.timeline (Raphtory's clipped windows), when raphtory is installed;
- with --tiegraph BIN: `BIN timeline --format json` on the same files (month
  and year steps only; it needs a tiegraph with R1 and R3). `--fine-to` keeps
  to timelines whose `--to` is no coarser than the step and does not start
  before `--from`, where the first-day and last-day readings of `--to` agree
  (tiegraph at 16f411f refuses `--from 2021-03 --to 2021`).

The reference shares no code with the peers: its own date parsing, its own
periods, exact integer arithmetic (weights as Fractions of their text put
over a common denominator), one pass per day of each period.
"""

import argparse
import datetime
import itertools
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as c  # noqa: E402

KINDS = ["alliance", "cooperation", "support", "tension", "hostility", "mediation"]
KSIGN = {"alliance": 1, "cooperation": 1, "support": 1, "tension": -1, "hostility": -1, "mediation": 0}
WEIGHTS = ["", "1", "0.1", "0.2", "0.3", "0.25", "0.5", "0.75", "0.05", "0.7", "0.35",
           "0.5000000005", "0.4999999995", "0.499999998", "0.30"]
# a clone of a tie with one of these weights often gets the other: exactly on the
# tolerance (|0.5000000005 - 0.4999999995| = 1e-9 x 1: sign 0), just above it
# (0.499999998: sign kept), an exact cancellation
OTHER = {"0.5000000005": "0.4999999995", "0.4999999995": "0.5000000005",
         "0.499999998": "0.5", "0.5": "0.499999998", "0.25": "0.25"}
IDS = ["AFG", "CHN", "IND", "PAK", "TAL", "TTP", "UNHCR", "b2", "x.y", "Z_1"]
LO, HI = datetime.date(2020, 1, 1), datetime.date(2022, 12, 31)


# ----------------------------------------------------------------- random data

def date_text(day, prec):
    return day.isoformat()[:{"d": 10, "m": 7, "y": 4}[prec]]


def parse(text):
    parts = [int(x) for x in text.split("-")] + [1, 1]
    return datetime.date(parts[0], parts[1], parts[2])


def random_day(rng, lo=LO, hi=HI):
    return lo + datetime.timedelta(days=rng.randrange((hi - lo).days + 1))


def random_tie(rng, actors, s, t):
    kind = rng.choices(KINDS, weights=[2, 2, 3, 3, 3, 1])[0]
    start = date_text(random_day(rng), rng.choice("dmy"))
    sd = parse(start)
    end = ""
    r = rng.random()
    if r < 0.1:
        end = (sd + datetime.timedelta(days=1)).isoformat()  # one day
    elif r < 0.75:
        e = sd + datetime.timedelta(days=rng.randint(1, 700))
        end = date_text(e, rng.choice("dmy"))
        if parse(end) <= sd:
            end = e.isoformat()
    tie = {"source": s, "target": t, "kind": kind, "start": start, "end": end, "with": ""}
    if kind == "mediation":
        tie["with"] = rng.choice([a for a in actors if a not in (s, t)])
    return tie


def random_dataset(rng):
    actors = sorted(rng.sample(IDS, rng.randint(3, 7)))
    ties = []
    for i in range(rng.randint(3, 40)):
        r = rng.random()
        if ties and r < 0.25:  # the pair and dates of an earlier tie, another kind: values cancel
            u = rng.choice(ties)
            t = dict(u)
            t["kind"] = rng.choice(KINDS[:5])
            t["with"] = ""
            t["weight"] = OTHER.get(u["weight"]) if rng.random() < 0.6 else None
        elif ties and r < 0.6:  # the pair of an earlier tie, other dates: signs change within periods
            u = rng.choice(ties)
            t = random_tie(rng, actors, u["source"], u["target"])
        else:
            t = random_tie(rng, actors, *rng.sample(actors, 2))
        if not t.get("weight"):
            t["weight"] = rng.choice(WEIGHTS)
        t["id"] = f"t{i + 1}"
        ties.append(t)
    return actors, ties


def write_dataset(folder, actors, ties):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "actors.csv"), "w") as f:
        f.write("id,name,kind\n")
        for a in actors:
            f.write(f"{a},Actor {a},state\n")
    with open(os.path.join(folder, "ties.csv"), "w") as f:
        f.write("id,source,target,kind,start,end,with,weight\n")
        for t in ties:
            f.write("{id},{source},{target},{kind},{start},{end},{with},{weight}\n".format(**t))


def random_timeline(rng, fine_to=False):
    """(step, from, to) with selectors of any precision, to >= from. With
    fine_to, `to` is never coarser than the step (no `--step 1m --to 2021`)
    and its first day is not before `from`'s, where ending at the period of
    the first or of the last day of `to` is the same."""
    step = rng.choice(["1m", "1m", "1y"])
    lo, hi = datetime.date(2019, 6, 1), datetime.date(2023, 6, 30)
    a, b = sorted([random_day(rng, lo, hi), random_day(rng, lo, hi)])
    if step == "1m" and (b - a).days > 800:
        b = a + datetime.timedelta(days=rng.randint(0, 800))
    frm = date_text(a, rng.choice("dmy"))
    to = date_text(b, rng.choice("dm" if fine_to and step == "1m" else "dmy"))
    if fine_to and parse(to) < parse(frm):  # `--from 2021-03 --to 2021`: ends before it starts
        to = b.isoformat()
    return step, frm, to


# ----------------------------------------------------------------- reference

def last_day(sel):
    d = parse(sel)
    if len(sel) == 10:
        return d
    while True:
        n = d + datetime.timedelta(days=1)
        if (len(sel) == 7 and n.month != d.month) or (len(sel) == 4 and n.year != d.year):
            return d
        d = n


def label_of(day, step):
    return day.strftime("%Y-%m" if step == "1m" else "%Y")


def ref_periods(step, frm, to):
    """[(label, [every day of the label's calendar period])], from the period of
    the first day of `frm` to the period of the last day of `to`."""
    labels = []
    day, end = parse(frm), last_day(to)
    while day <= end:
        lab = label_of(day, step)
        if not labels or labels[-1] != lab:
            labels.append(lab)
        day += datetime.timedelta(days=1)
    out = []
    for lab in labels:
        d = parse(lab)
        days = []
        while label_of(d, step) == lab:
            days.append(d)
            d += datetime.timedelta(days=1)
        out.append((lab, days))
    return out


def reference(ties, periods):
    """Every step's counts and the turns, walking every day of every period."""
    den = 1
    for t in ties:
        den = math.lcm(den, Fraction(t["weight"] or "1").denominator)
    rows = []
    for t in ties:
        s, e = parse(t["start"]), (parse(t["end"]) if t["end"] else None)
        pairs = [tuple(sorted((t["source"], t["target"])))]
        if t["kind"] == "mediation":
            pairs.append(tuple(sorted((t["source"], t["with"]))))
        w = Fraction(t["weight"] or "1") * den  # an integer
        assert w.denominator == 1
        rows.append((s, e, t["kind"], KSIGN[t["kind"]], int(w), pairs))
    steps, turns = [], []
    prev = None
    last = {}
    for label, days in periods:
        net, tot, kinds, touched = {}, {}, {}, set()
        for day in days:
            for i, (s, e, kind, sg, w, pairs) in enumerate(rows):
                if s <= day and (e is None or day < e):
                    touched.add(i)
                    for p in pairs:
                        kinds.setdefault(p, set()).add(kind)
                        net[p] = net.get(p, 0) + sg * w
                        tot[p] = tot.get(p, 0) + (w if sg else 0)
        sign = {}
        for p in kinds:
            v = net[p]
            sign[p] = 0 if abs(v) * 10**9 <= tot[p] else (1 if v > 0 else -1)
        signed = {p: s for p, s in sign.items() if s}
        nodes = sorted({x for p in signed for x in p})
        bal = unbal = 0
        for x, y, z in itertools.combinations(nodes, 3):
            if (x, y) in signed and (x, z) in signed and (y, z) in signed:
                if signed[(x, y)] * signed[(x, z)] * signed[(y, z)] > 0:
                    bal += 1
                else:
                    unbal += 1
        new = ended = flipped = shifted = 0
        if prev is not None:
            pk, ps = prev
            new = sum(1 for p in kinds if p not in pk)
            ended = sum(1 for p in pk if p not in kinds)
            for p in kinds:
                if p in pk:
                    if ps[p] * sign[p] == -1:
                        flipped += 1
                    elif pk[p] != kinds[p] or ps[p] != sign[p]:
                        shifted += 1
        prev = (kinds, sign)
        turned = 0
        for p in sorted(sign):
            if sign[p]:
                if last.get(p, 0) and last[p] != sign[p]:
                    turned += 1
                    turns.append([label, p[0], p[1], c.SIGN_TEXT[last[p]], c.SIGN_TEXT[sign[p]]])
                last[p] = sign[p]
        steps.append([label, len(touched), len(kinds), sum(1 for s in sign.values() if s > 0),
                      sum(1 for s in sign.values() if s < 0), bal, unbal,
                      new, ended, flipped, shifted, turned])
    turns.sort(key=lambda x: (x[0], x[1], x[2]))
    return {"ties_total": sum(s[1] for s in steps), "steps": steps, "turns": turns}


# ----------------------------------------------------------------- the checks

FIELDS = ["at", "ties", "pairs", "positive", "negative", "balanced", "unbalanced",
          "new", "ended", "flipped", "shifted", "turned"]


def diff(name, got, want):
    out = []
    if len(got["steps"]) != len(want["steps"]):
        out.append(f"{name}: {len(got['steps'])} steps, reference {len(want['steps'])}")
    for a, b in zip(got["steps"], want["steps"]):
        for f, x, y in zip(FIELDS, a, b):
            if x != y:
                out.append(f"{name}: step {b[0]} {f}: {x}, reference {y}")
    if got["turns"] != want["turns"]:
        out.append(f"{name}: turns {got['turns']}, reference {want['turns']}")
    return out


def check_limbs(rng, n=20000):
    """common.exact_signs against Python ints, on limb sums far larger than the
    random datasets reach (values and bounds beyond int64 once recombined),
    including values exactly on the tolerance and negative values whose low
    limb is 0."""
    import numpy as np
    B = c.LIMB
    H, L, AH, AL, want = [], [], [], [], []
    for _ in range(n):
        total = rng.randrange(0, 10**rng.choice([6, 12, 19, 24]))
        r = rng.random()
        if r < 0.3:
            value = rng.choice([-1, 1]) * (total // 10**9 + rng.choice([-1, 0, 0, 1]))
        elif r < 0.45:  # a negative multiple of B next to the bound floor(total / 1e9)
            value = -(total // 10**9 // B + rng.choice([0, 1])) * B
        else:
            value = rng.randrange(-total, total + 1)
        h = rng.randrange(-10**15, 10**15)  # any split of value into h * B + l
        l = value - h * B
        if abs(l) >= 2**62:
            h, l = divmod(value, B)
        ah = rng.randrange(max(0, (total - 2**62) // B + 1), total // B + 1)  # AL < 2**62
        H.append(h), L.append(l), AH.append(ah), AL.append(total - ah * B)
        want.append(0 if abs(value) * 10**9 <= total else (1 if value > 0 else -1))
    got = c.exact_signs(*(np.array(x, dtype=np.int64) for x in (H, L, AH, AL))).tolist()
    bad = [i for i in range(n) if got[i] != want[i]]
    return [f"exact_signs(H={H[i]}, L={L[i]}, AH={AH[i]}, AL={AL[i]}) = {got[i]}, want {want[i]}"
            for i in bad[:5]]


def implementations(args):
    """(name, loader, timeline(d, periods)) of every peer implementation available."""
    out = []
    loaders = [("csv", c.load)]
    try:
        import common_arrow
        loaders.append(("pyarrow", common_arrow.load))
    except ImportError:
        print("selfcheck: pyarrow not installed, common_arrow.load not checked", file=sys.stderr)
    tris = []
    try:
        import peers_networkx
        tris.append(("networkx", peers_networkx.triangles))
    except ImportError:
        print("selfcheck: networkx not installed", file=sys.stderr)
    try:
        import peers_igraph
        tris.append(("igraph", peers_igraph.triangles))
    except ImportError:
        print("selfcheck: igraph not installed", file=sys.stderr)
    if not tris:
        sys.exit("selfcheck: needs networkx or igraph (benches/compare/requirements.txt)")
    for lname, loader in loaders:
        for tname, tri in tris:
            out.append((f"numpy+{tname}/{lname}", loader,
                        lambda d, periods, tri=tri: c.timeline(d, tri, periods)))
    if not args.no_raphtory:
        try:
            import peers_raphtory
            out.append(("raphtory/csv", c.load, lambda d, periods: quiet(peers_raphtory.timeline, d, periods)))
        except ImportError:
            print("selfcheck: raphtory not installed, not checked", file=sys.stderr)
    return out


def quiet(f, *args):
    """f(*args) with file descriptor 2 sent to /dev/null (Raphtory's loaders
    draw progress bars on it)."""
    sys.stderr.flush()
    saved = os.dup(2)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    try:
        return f(*args)
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)


def run_tiegraph(binary, folder, step, frm, to):
    p = subprocess.run([binary, "timeline", "--from", frm, "--to", to, "--step", step,
                        "--format", "json", "--data", folder], capture_output=True, text=True)
    if p.returncode != 0:
        return None, f"exit {p.returncode}: {p.stderr.strip()[:300]}"
    j = json.loads(p.stdout)
    if "turns" not in j or any("turned" not in s for s in j["steps"]):
        return None, "no `turned`/`turns` in its JSON: a tiegraph without R3"
    steps = [[s[f] for f in FIELDS] for s in j["steps"]]
    turns = [[t["at"], t["a"], t["b"], t["from"], t["to"]] for t in j["turns"]]
    return {"ties_total": sum(s[1] for s in steps), "steps": steps, "turns": turns}, None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=300, help="random datasets (default 300)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tiegraph", help="also check this tiegraph binary's `timeline --format json`")
    ap.add_argument("--fine-to", action="store_true",
                    help="no --to coarser than the step (for a tiegraph without the last-day-of---to rule)")
    ap.add_argument("--no-raphtory", action="store_true", help="skip Raphtory (slow to import)")
    ap.add_argument("--keep", help="write the datasets here (kept), else a temporary folder")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()
    impls = implementations(args)
    root = args.keep or tempfile.mkdtemp(prefix="tg-selfcheck-")
    rng = random.Random(args.seed)
    failures = 0
    limbs = check_limbs(random.Random(args.seed))
    for b in limbs:
        print(f"FAIL {b}", file=sys.stderr)
    if not args.quiet and not limbs:
        print("exact_signs agrees with Python ints on 20000 random limb sums", file=sys.stderr)
    stats = {"steps": 0, "turns": 0, "tiegraph": 0}
    for n in range(args.n):
        actors, ties = random_dataset(rng)
        folder = os.path.join(root, f"d{n:04}")
        write_dataset(folder, actors, ties)
        mode = rng.random()
        if mode < 0.15:  # single days: the day selectors of diff and balance (d = 1)
            days = sorted({random_day(rng) for _ in range(rng.randint(1, 12))})
            ref_p = [(x.isoformat(), [x]) for x in days]
            what = "days " + ",".join(lab for lab, _ in ref_p)
            tl = None
        else:
            step, frm, to = random_timeline(rng, args.fine_to)
            ref_p = ref_periods(step, frm, to)
            what = f"--step {step} --from {frm} --to {to}"
            tl = (step, frm, to)
        want = reference(ties, ref_p)
        stats["steps"] += len(want["steps"])
        stats["turns"] += len(want["turns"])
        periods = [(lab, c.parse_date(ds[0].isoformat()), c.parse_date(ds[-1].isoformat()) + 1)
                   for lab, ds in ref_p]
        bad = []
        if tl is not None and c.steps(*tl) != periods:
            bad.append(f"common.steps{tl}: {c.steps(*tl)}, reference {periods}")
        for name, loader, timeline in impls:
            got = timeline(loader(folder), periods)
            bad += diff(name, got, want)
        if args.tiegraph and tl is not None:
            got, err = run_tiegraph(args.tiegraph, folder, *tl)
            if err:
                bad.append(f"tiegraph: {err}")
            else:
                stats["tiegraph"] += 1
                bad += diff("tiegraph", got, want)
        if bad:
            failures += 1
            print(f"FAIL dataset {folder} ({what}):", file=sys.stderr)
            for b in bad[:12]:
                print(f"  {b}", file=sys.stderr)
            if args.keep is None:
                args.keep = root  # keep the files of a failure
        elif not args.quiet and (n + 1) % 50 == 0:
            print(f"{n + 1} datasets ok", file=sys.stderr)
    names = ", ".join(x[0] for x in impls) + (", tiegraph" if args.tiegraph else "")
    print(f"selfcheck: {args.n - failures}/{args.n} random datasets agree with the day-by-day "
          f"reference ({stats['steps']} steps, {stats['turns']} turns; {names}"
          f"{'; tiegraph on ' + str(stats['tiegraph']) + ' timelines' if args.tiegraph else ''})")
    if args.keep is None:
        shutil.rmtree(root)
    else:
        print(f"datasets kept in {root}", file=sys.stderr)
    sys.exit(1 if failures or limbs else 0)


if __name__ == "__main__":
    main()
