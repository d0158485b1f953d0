"""Checks the BigQuery dialect of `tiegraph ingest --print-sql` without
BigQuery: sqlglot parses it as GoogleSQL (any syntax it cannot read is an
error), translates it to DuckDB's SQL, and DuckDB runs the translation on a
table that holds the input file under the name the query reads.

Called by tests/it/ingest.rs (sql_in_bigquery) with a file of cases, one per
line: `query.sql<TAB>input file<TAB>delimiter<TAB>quote<TAB>table<TAB>columns
<TAB>result.csv`, where columns, for a file without a header, are its
column names separated by commas (empty when the file has a header). The table is made with every column as text, the way a load of
the file into BigQuery with a STRING schema holds it; for GDELT the query
reads GDELT's public table name (`gdelt-bq.gdeltv2.events`), which is made
here as catalog, schema and table.
"""

import sys

import duckdb
import sqlglot
from sqlglot.errors import ErrorLevel

INTEGERS = ("events", "pair_events", "mentions", "goldstein_tenths")


def load(con, path, delim, quote, table, columns):
    """`path` as the table `table`, every column text; `columns` names the
    columns of a file without a header (GDELT), else the header does."""
    parts = table.split(".")
    if len(parts) == 3:
        con.execute("ATTACH IF NOT EXISTS ':memory:' AS \"%s\"" % parts[0])
        con.execute('CREATE SCHEMA IF NOT EXISTS "%s"."%s"' % (parts[0], parts[1]))
    name = ".".join('"%s"' % p for p in parts)
    options = "delim=%s, quote=%s, escape=%s, ignore_errors=true" % (
        text(delim),
        text(quote),
        text(quote),
    )
    if columns:
        types = ", ".join("%s: 'VARCHAR'" % text(c) for c in columns)
        options += ", header=false, auto_detect=false, columns={%s}" % types
    else:
        options += ", header=true, all_varchar=true"
    con.execute("CREATE TABLE %s AS SELECT * FROM read_csv(%s, %s)" % (name, text(path), options))


def text(s):
    return "'%s'" % s.replace("'", "''")


def main(cases_file):
    with open(cases_file) as f:
        cases = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    for query, path, delim, quote, table, columns, result in cases:
        delim = "\t" if delim == "tab" else delim
        sql = open(query).read()
        translated = sqlglot.transpile(
            sql,
            read="bigquery",
            write="duckdb",
            error_level=ErrorLevel.RAISE,
            unsupported_level=ErrorLevel.RAISE,
        )
        if len(translated) != 1:
            sys.exit("%s: %d statements" % (query, len(translated)))
        con = duckdb.connect()
        names = [c for c in columns.split(",") if c]
        load(con, path, delim, quote, table, names)
        rel = con.sql(translated[0])
        bad = [
            c
            for c, t in zip(rel.columns, rel.types)
            if c in INTEGERS and str(t) != "BIGINT"
        ]
        if bad:
            sys.exit("%s: not BIGINT: %s" % (query, bad))
        rel.write_csv(result, header=True)


if __name__ == "__main__":
    main(sys.argv[1])
