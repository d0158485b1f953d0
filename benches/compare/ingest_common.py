"""Shared part of the ingest comparison (`ingest_pandas.py`, `ingest_duckdb.py`):
the aggregation both peers compute, stated once, and the check of their counts
against tiegraph's pair-periods table.

The aggregation is stage 1 of `tiegraph ingest --input gdelt2` with its
defaults (docs/ingest.md), less mediation and evidence:
- rows with 61 fields; both Actor1CountryCode and Actor2CountryCode present;
  the four CAMEO codes that differ from ISO mapped (ROM->ROU, TMP->TLS,
  IMY->IMN, MTN->MNE); rows with a CAMEO region on a side, or the same actor
  on both sides, left out;
- kind: QuadClass 1-2 -> cooperation, except root 07 -> support (directed,
  Actor1 -> Actor2); 3 -> tension; 4 -> hostility; code 045 counts here as
  cooperation (tiegraph turns some of it into mediation, which changes
  neither the pair's total nor the other kinds);
- dedup: one row per (SQLDATE, actor 1, actor 2, EventCode), the first kept;
- counts per (pair, month, kind): a pair is (a, b) with a < b, except
  support, which keeps its direction; and per (pair, month) in total.

Output of every peer: CSV `a,b,period,kind,events`, sorted, `kind` one of
cooperation, support, tension, hostility, and `total` for the pair's events.
"""

import csv
import sys

REGIONS = ("WSB BAG GZS AFR ASA BLK CRB CAU CFR CAS CEU EIN EAF EEU EUR LAM MEA MDT "
           "NAF NMR PGS SCN SAM SAS SEA SAF WAF WST").split()
ISO_FIXES = {"ROM": "ROU", "TMP": "TLS", "IMY": "IMN", "MTN": "MNE"}

# Column numbers of the GDELT 2.0 export that the aggregation reads.
COLUMNS = {0: "id", 1: "day", 7: "a", 17: "b", 26: "code", 28: "root", 29: "quad"}


def expected_from_tiegraph(pair_periods_csv):
    """The same counts from tiegraph's pair-periods table: `total` is
    pair_events; cooperation is what is left after the other three kinds
    (mediation rows, three-party, are skipped)."""
    counts = {}
    with open(pair_periods_csv, newline="") as f:
        for r in csv.DictReader(f):
            if r["kind"] == "mediation":
                continue
            period = r["period"].replace("-", "")
            lo, hi = sorted((r["a"], r["b"]))
            counts[(lo, hi, period, "total")] = int(r["pair_events"])
            if r["kind"] in ("tension", "hostility", "support"):
                counts[(r["a"], r["b"], period, r["kind"])] = int(r["events"])
    # Cooperation = total - the other kinds of the unordered pair.
    others = {}
    for (a, b, p, k), n in counts.items():
        if k != "total":
            key = (min(a, b), max(a, b), p)
            others[key] = others.get(key, 0) + n
    for (a, b, p, k), n in list(counts.items()):
        if k == "total":
            coop = n - others.get((a, b, p), 0)
            if coop:
                counts[(a, b, p, "cooperation")] = coop
    return counts


def read_peer(path):
    with open(path, newline="") as f:
        return {(r["a"], r["b"], r["period"], r["kind"]): int(r["events"]) for r in csv.DictReader(f)}


if __name__ == "__main__":
    # python ingest_common.py PEER_OUTPUT.csv TIEGRAPH_PAIR_PERIODS.csv
    peer, want = read_peer(sys.argv[1]), expected_from_tiegraph(sys.argv[2])
    if peer != want:
        diff = sorted(set(peer.items()) ^ set(want.items()))[:10]
        print(f"counts differ ({len(peer)} vs {len(want)} cells), e.g. {diff}")
        sys.exit(1)
    print(f"same counts: {len(peer)} cells")
