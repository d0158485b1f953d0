"""Runs the Spark dialect of `tiegraph ingest --print-sql` in Apache Spark.

Called by tests/it/ingest.rs (spark_sql_runs_in_spark) with a file of cases,
one per line: `query.sql<TAB>result.csv<TAB>ANSI mode (true/false)`. Each query's comment names the PySpark call that
reads its input files into the view `events`; this runs that call as printed,
then the SQL unchanged, and writes the result as CSV with a header (NULL as
an empty field, booleans as true/false) for the test to compare with the
built-in stage 1. One local Spark session serves every case.
"""

import csv
import sys
import time

from pyspark.sql import SparkSession
from pyspark.sql.types import LongType

INTEGERS = ("events", "pair_events", "mentions", "goldstein_tenths")


def reader_call(sql):
    """The `spark.read...` line of the query's comment, without `--`."""
    calls = [
        line[2:].strip()
        for line in sql.splitlines()
        if line.startswith("--") and line[2:].strip().startswith("spark.read.")
    ]
    if len(calls) != 1:
        sys.exit("expected one spark.read call in the comment, found %d" % len(calls))
    return calls[0]


def field(value):
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def main(cases_file):
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("tiegraph-sql-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "3g")
        .config("spark.sql.maxPlanStringLength", "100000")
        # The query's expressions are large: whole-stage code generation
        # fails on them and falls back, slowly; the test data is small.
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    with open(cases_file) as f:
        cases = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    for query, result, ansi in cases:
        start = time.monotonic()
        spark.conf.set("spark.sql.ansi.enabled", ansi)
        sql = open(query).read()
        eval(reader_call(sql), {"spark": spark})
        df = spark.sql(sql)
        bad = [
            f.name
            for f in df.schema.fields
            if f.name in INTEGERS and not isinstance(f.dataType, LongType)
        ]
        if bad:
            sys.exit("%s: not BIGINT: %s" % (query, bad))
        with open(result, "w", newline="") as out:
            w = csv.writer(out, lineterminator="\n")
            w.writerow(df.columns)
            for row in df.collect():
                w.writerow([field(v) for v in row])
        print("%s: %.1f s" % (query, time.monotonic() - start))
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1])
