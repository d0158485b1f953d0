"""The aggregation of `ingest_common.py` with DuckDB (`read_csv` + GROUP BY),
on all cores.

    python ingest_duckdb.py EVENTS.export.CSV OUT.csv
"""

import sys

import duckdb

from ingest_common import ISO_FIXES, REGIONS


def main(path, out):
    fixes = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in ISO_FIXES.items())
    regions = ", ".join(f"'{r}'" for r in REGIONS)
    con = duckdb.connect()
    con.execute(f"""
        CREATE TEMP TABLE ev AS
        SELECT column01 AS day, column07 AS a0, column17 AS b0, column26 AS code,
               column28 AS root, column29 AS quad, row_number() OVER () AS n
        FROM read_csv('{path}', delim='\t', header=false, all_varchar=true,
                      quote='', escape='', auto_detect=false,
                      columns={{{", ".join(f"'column{i:02d}': 'VARCHAR'" for i in range(61))}}})
        WHERE column07 <> '' AND column17 <> ''
    """)
    con.execute(f"""
        COPY (
        WITH mapped AS (
            SELECT day, code, root, CAST(quad AS INTEGER) AS quad, n,
                   CASE a0 {fixes} ELSE a0 END AS a, CASE b0 {fixes} ELSE b0 END AS b
            FROM ev
        ), kept AS (
            SELECT * FROM mapped
            WHERE a NOT IN ({regions}) AND b NOT IN ({regions}) AND a <> b
            QUALIFY row_number() OVER (PARTITION BY day, a, b, code ORDER BY n) = 1
        ), typed AS (
            SELECT a, b, substr(day, 1, 6) AS period,
                   CASE WHEN code = '045' THEN 'cooperation'
                        WHEN root = '07' AND quad IN (1, 2) THEN 'support'
                        WHEN quad IN (1, 2) THEN 'cooperation'
                        WHEN quad = 3 THEN 'tension'
                        WHEN quad = 4 THEN 'hostility' END AS kind
            FROM kept
        )
        SELECT CASE WHEN kind = 'support' THEN a ELSE least(a, b) END AS a,
               CASE WHEN kind = 'support' THEN b ELSE greatest(a, b) END AS b,
               period, kind, count(*) AS events
        FROM typed WHERE kind IS NOT NULL GROUP BY ALL
        UNION ALL
        SELECT least(a, b), greatest(a, b), period, 'total', count(*)
        FROM typed WHERE kind IS NOT NULL GROUP BY ALL
        ORDER BY a, b, period, kind
        ) TO '{out}' (HEADER, DELIMITER ',')
    """)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
