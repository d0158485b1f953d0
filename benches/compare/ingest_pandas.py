"""The aggregation of `ingest_common.py` with pandas (pyarrow engine).

    python ingest_pandas.py EVENTS.export.CSV OUT.csv
"""

import sys

import numpy as np
import pandas as pd

from ingest_common import COLUMNS, ISO_FIXES, REGIONS


def main(path, out):
    # The pyarrow engine numbers the columns it keeps 0, 1, ... in order.
    df = pd.read_csv(
        path, sep="\t", header=None, engine="pyarrow", usecols=list(COLUMNS),
        dtype=str, keep_default_na=False,
    )
    df.columns = list(COLUMNS.values())
    df = df[(df.a != "") & (df.b != "")]
    df["a"] = df.a.replace(ISO_FIXES)
    df["b"] = df.b.replace(ISO_FIXES)
    df = df[~df.a.isin(REGIONS) & ~df.b.isin(REGIONS) & (df.a != df.b)]
    df = df.drop_duplicates(["day", "a", "b", "code"])
    quad = df.quad.astype(int)
    support = (df.root == "07") & quad.isin([1, 2]) & (df.code != "045")
    df["kind"] = np.select(
        [df.code == "045", support, quad.isin([1, 2]), quad == 3, quad == 4],
        ["cooperation", "support", "cooperation", "tension", "hostility"],
        default="",
    )
    df = df[df.kind != ""]
    df["period"] = df.day.str[:6]
    lo = np.where(df.a < df.b, df.a, df.b)
    hi = np.where(df.a < df.b, df.b, df.a)
    df["x"] = np.where(df.kind == "support", df.a, lo)
    df["y"] = np.where(df.kind == "support", df.b, hi)
    kinds = df.groupby(["x", "y", "period", "kind"]).size().reset_index(name="events")
    df["x"], df["y"] = lo, hi
    totals = df.groupby(["x", "y", "period"]).size().reset_index(name="events")
    totals["kind"] = "total"
    result = pd.concat([kinds, totals]).rename(columns={"x": "a", "y": "b"})
    result = result.sort_values(["a", "b", "period", "kind"])
    result[["a", "b", "period", "kind", "events"]].to_csv(out, index=False)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
