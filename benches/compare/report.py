"""Reads the outputs of run.sh ($OUT) and prints a Markdown report: medians of
wall time and peak RSS per (job, size, tool), ratios to tiegraph, the counts,
and the cross-check of every peer's counts against tiegraph's."""

import collections
import csv
import json
import os
import re
import statistics
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "/tmp/peers-results"
JOB_ORDER = ["validate", "snapshot", "timeline", "balance", "diff", "betweenness"]
SIZE_ORDER = ["small", "medium", "large"]
TOOL_ORDER = ["tiegraph", "igraph+pyarrow", "igraph", "networkx", "raphtory"]
JOB_TITLE = {
    "validate": "(1) load + validate",
    "snapshot": "(2) load + snapshot at 2020-06-01",
    "timeline": "(3) load + 72-step monthly timeline 2021-01..2026-12",
    "balance": "(4) load + balance triangles at 2020-06-01",
    "diff": "(5) load + diff 2018-01-01 vs 2024-01-01",
    "betweenness": "(6) load + betweenness (normalised) at 2020-06-01",
}
STEP_FIELDS = ["at", "ties", "pairs", "positive", "negative", "balanced", "unbalanced",
               "new", "ended", "flipped", "shifted", "turned"]


def parse_time(path):
    t = {}
    try:
        text = open(path).read()
    except FileNotFoundError:
        return None
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text)
    if m:
        parts = [float(x) for x in m.group(1).split(":")]
        sec = 0.0
        for p in parts:
            sec = sec * 60 + p
        t["wall"] = sec
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    if m:
        t["rss_mb"] = int(m.group(1)) / 1024
    m = re.search(r"User time \(seconds\): (\S+)", text)
    if m:
        t["user"] = float(m.group(1))
    m = re.search(r"System time \(seconds\): (\S+)", text)
    if m:
        t["sys"] = float(m.group(1))
    return t


def tiegraph_result(job, size, base):
    """The counts from tiegraph's own output."""
    out = base + ".out"
    if job == "validate":
        m = re.search(r"(\d+) actors, (\d+) ties", open(out).read())
        return {"ties": int(m.group(2)), "actors": int(m.group(1))}
    if job == "snapshot":
        with open(out, newline="", encoding="utf-8") as f:
            return {"ties": sum(1 for _ in csv.reader(f)) - 1}
    if job == "timeline":
        d = json.load(open(out))
        if "turns" not in d or any("turned" not in s for s in d["steps"]):
            # a tiegraph from before Round 2 (R1 time-weighted signs, R3 turns)
            steps = [[s.get(k) for k in STEP_FIELDS] for s in d["steps"]]
            return {"ties_total": sum(s[1] for s in steps), "steps": steps, "turns": None}
        steps = [[s[k] for k in STEP_FIELDS] for s in d["steps"]]
        turns = [[t["at"], t["a"], t["b"], t["from"], t["to"]] for t in d["turns"]]
        return {"ties_total": sum(s[1] for s in steps), "steps": steps, "turns": turns}
    if job == "balance":
        d = json.load(open(out))
        # `balance --count` gives the counts only, as the peers do.
        return {"balanced": d["balanced"], "unbalanced": d["unbalanced"]}
    if job == "diff":
        d = json.load(open(out))
        cnt = collections.Counter(x["change"] for x in d["dyads"])
        return {k: cnt.get(k, 0) for k in ("new", "ended", "flipped", "shifted")}
    if job == "betweenness":
        path = os.path.join(OUT, f"dump-{size}", "betweenness.tiegraph.json")
        if not os.path.exists(path):
            return {}
        bc = {a["id"]: a["betweenness"] for a in json.load(open(path))["actors"]}
        top = max(bc, key=lambda k: (bc[k], k))
        return {"nodes": len(bc), "sum": sum(bc.values()), "max": bc[top], "argmax": top}
    return {}


def short(job, r):
    if r is None:
        return "—"
    if job == "validate":
        return f"{r['ties']} ties"
    if job == "snapshot":
        return f"{r['ties']} ties in force"
    if job == "timeline":
        turns = r.get("turns")
        return f"Σ ties {r['ties_total']}" + (f", {len(turns)} turns" if turns is not None else "")
    if job == "balance":
        return f"{r['balanced']} bal. / {r['unbalanced']} unbal."
    if job == "diff":
        return "new {new}, ended {ended}, flipped {flipped}, shifted {shifted}".format(**r)
    if job == "betweenness":
        return f"max {r.get('max', 0):.6f} ({r.get('argmax')})"
    return ""


def compare(job, size, tool, r, ref):
    """Mismatches of a peer's result against tiegraph's, as strings."""
    if r is None:
        return []
    if ref is None:
        return ["no tiegraph result in this run to compare with"]
    bad = []
    if job == "timeline":
        if ref.get("turns") is None:
            return ["tiegraph's timeline JSON has no `turned`/`turns`: built before Round 2 (R1, R3); "
                    "rebuild it from a main with R1 and R3"]
        for a, b in zip(r["steps"], ref["steps"]):
            for f, x, y in zip(STEP_FIELDS, a, b):
                if x != y:
                    bad.append(f"step {b[0]} {f}: {tool} {x}, tiegraph {y}")
        if len(r["steps"]) != len(ref["steps"]):
            bad.append(f"{len(r['steps'])} steps vs {len(ref['steps'])}")
        mine, theirs = r.get("turns", []), ref["turns"]
        if mine != theirs:
            a, b = {tuple(x) for x in mine}, {tuple(x) for x in theirs}
            bad.append(f"turns: {tool} {len(mine)}, tiegraph {len(theirs)}; only {tool}: "
                       f"{sorted(a - b)[:3]}, only tiegraph: {sorted(b - a)[:3]}"
                       + ("" if a != b else " (same turns, other order)"))
        return bad
    if job == "betweenness":
        for k in ("sum", "max"):
            if k in ref and abs(r[k] - ref[k]) > 1e-9 * max(1.0, abs(ref[k])):
                bad.append(f"{k}: {tool} {r[k]!r}, tiegraph {ref[k]!r}")
        if ref.get("argmax") and r["argmax"] != ref["argmax"]:
            bad.append(f"argmax: {tool} {r['argmax']}, tiegraph {ref['argmax']}")
        mine = os.path.join(OUT, f"dump-{size}", f"betweenness.{tool.split('+')[0]}.json")
        theirs = os.path.join(OUT, f"dump-{size}", "betweenness.tiegraph.json")
        if os.path.exists(mine) and os.path.exists(theirs):
            a = json.load(open(mine))
            b = {x["id"]: x["betweenness"] for x in json.load(open(theirs))["actors"]}
            if set(a) != set(b):
                bad.append(f"actors differ: {len(set(a) ^ set(b))}")
            worst = max((abs(a[k] - b[k]), k) for k in set(a) & set(b))
            if worst[0] > 1e-9:
                bad.append(f"largest difference {worst[0]:.3g} at {worst[1]}")
        return bad
    for k, v in ref.items():
        if k in r and r[k] != v:
            bad.append(f"{k}: {tool} {r[k]}, tiegraph {v}")
    return bad


def main():
    rows = [json.loads(line) for line in open(os.path.join(OUT, "results.jsonl"))]
    groups = collections.defaultdict(list)
    for row in rows:
        base = os.path.join(OUT, f"{row['tool']}.{row['job']}.{row['size']}.{row['run']}")
        row["time"] = parse_time(base + ".time") or {}
        row["base"] = base
        if row["rc"] == 0:
            if row["tool"] == "tiegraph":
                row["result"] = tiegraph_result(row["job"], row["size"], base)
            else:
                line = open(base + ".out").read().strip().splitlines()[-1]
                j = json.loads(line)
                row["result"] = j["result"]
                row["internal"] = j["seconds"]
                row["load_s"] = j["load_seconds"]
        groups[(row["job"], row["size"], row["tool"])].append(row)

    print("# Side by side with the peers: results\n")
    print("```")
    print(open(os.path.join(OUT, "machine.txt")).read().rstrip())
    print("```\n")
    print("Wall = whole process (interpreter start, imports, reading the CSV, the job, output), "
          "CPU = user + system time (above wall when a tool uses both cores), "
          "median of the runs (min–max in brackets); peak RSS from `/usr/bin/time -v`; "
          "\"in script\" = the script's own timer from before reading the CSV to the result "
          "(load part in brackets); ratio = wall / tiegraph's wall; load = 1-minute load average "
          "when each run started.\n")
    mismatches = []
    for job in JOB_ORDER:
        sizes = [s for s in SIZE_ORDER if any(k[0] == job and k[1] == s for k in groups)]
        if not sizes:
            continue
        print(f"## {JOB_TITLE[job]}\n")
        for size in sizes:
            ref_rows = [r for r in groups.get((job, size, "tiegraph"), []) if r["rc"] == 0]
            ref = ref_rows[0]["result"] if ref_rows else None
            ref_wall = statistics.median(r["time"]["wall"] for r in ref_rows) if ref_rows else None
            print(f"**{size}**\n")
            print("| tool | wall s | CPU s | peak RSS MiB | in script s (load) | ratio | result | load avg |")
            print("|---|---|---|---|---|---|---|---|")
            for tool in TOOL_ORDER:
                runs = groups.get((job, size, tool))
                if not runs:
                    continue
                ok = [r for r in runs if r["rc"] == 0]
                loads = sorted(float(r["load"].split()[0]) for r in runs)
                load = f"{loads[0]:.1f}–{loads[-1]:.1f}"
                if not ok:
                    rc = runs[0]["rc"]
                    what = "timeout" if rc == 124 else f"failed (exit {rc})"
                    wall = runs[0]["time"].get("wall")
                    print(f"| {tool} | {what}{f' after {wall:.0f}' if wall else ''} | | | | | | {load} |")
                    continue
                walls = [r["time"]["wall"] for r in ok]
                wall = statistics.median(walls)
                rss = statistics.median(r["time"]["rss_mb"] for r in ok)
                cpu = statistics.median(r["time"]["user"] + r["time"]["sys"] for r in ok)
                spread = f" ({min(walls):.2f}–{max(walls):.2f})" if len(walls) > 1 else ""
                n = f" n={len(ok)}" if len(ok) != 3 else ""
                internal = ""
                if "internal" in ok[0]:
                    internal = (f"{statistics.median(r['internal'] for r in ok):.2f} "
                                f"({statistics.median(r['load_s'] for r in ok):.2f})")
                ratio = f"{wall / ref_wall:.1f}×" if ref_wall and tool != "tiegraph" else ""
                res = ok[0]["result"]
                print(f"| {tool} | {wall:.2f}{spread}{n} | {cpu:.2f} | {rss:.0f} | {internal} | {ratio} | "
                      f"{short(job, res)} | {load} |")
                if tool != "tiegraph":
                    def counts(x):  # floats to 9 significant digits: parallel sums vary in the last bits
                        return {k: (float(f"{v:.9g}") if isinstance(v, float) else v)
                                for k, v in x.items() if not k.endswith("seconds")}
                    for r in ok[1:]:
                        if counts(r["result"]) != counts(res):
                            mismatches.append(f"{job}/{size}/{tool}: runs disagree")
                    for m in compare(job, size, tool, res, ref):
                        mismatches.append(f"{job}/{size}/{tool}: {m}")
            print()
    print("## Cross-check of the counts\n")
    if mismatches:
        for m in mismatches[:200]:
            print(f"- {m}")
        if len(mismatches) > 200:
            print(f"- ... {len(mismatches)} in all")
    else:
        print("Every peer returned the same counts as tiegraph for every job and size "
              "(ties in force, pairs, pairs by net sign, balanced/unbalanced triangles, "
              "per-step timeline counts including `turned`, the timeline's list of turns, "
              "diff categories, every betweenness value within 1e-9).")


if __name__ == "__main__":
    main()
