#!/usr/bin/env bash
# Side by side: tiegraph's CLI vs python-igraph, networkx and Raphtory on the
# same generated files. Not part of CI. Everything runs one process at a time;
# each (size, job, tool) is run RUNS times under /usr/bin/time -v (wall time,
# peak RSS), runs of different tools interleaved; report.py prints the medians,
# the ratios and the cross-check of the counts.
#
#   benches/compare/run.sh                      # small, medium, large
#   SIZES="small medium" RUNS=1 benches/compare/run.sh
#   benches/compare/run.sh selfcheck [--n 300] [--tiegraph BIN]
#       only the self-check (selfcheck.py): the peers' timeline (networkx,
#       igraph, Raphtory, both loaders) and, with --tiegraph, tiegraph's own,
#       against a brute-force day-by-day reference on random small datasets;
#       needs no generated data and no tiegraph build
#
# Environment (defaults):
#   SIZES="small medium large"   JOBS="validate snapshot timeline balance diff betweenness"
#   TOOLS="tiegraph igraph igraph+pyarrow networkx raphtory"   RUNS=3   TIMEOUT=1200 (s, per run)
#   DATA=/tmp/tg        datasets in $DATA-small, $DATA-medium, $DATA-large (generated if missing)
#   VENV=/tmp/peers-venv   created and filled from requirements.txt if missing
#   TIEGRAPH=${CARGO_TARGET_DIR:-<repo>/target}/release/tiegraph   built with `cargo build --release` if missing
#   OUT=/tmp/peers-results   raw outputs, /usr/bin/time logs, results.jsonl, report.md
#   BETWEENNESS_SIZES="small medium"   (betweenness on large takes hours in networkx)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
SIZES=${SIZES:-"small medium large"}
JOBS=${JOBS:-"validate snapshot timeline balance diff betweenness"}
TOOLS=${TOOLS:-"tiegraph igraph igraph+pyarrow networkx raphtory"}
RUNS=${RUNS:-3}
TIMEOUT=${TIMEOUT:-1200}
DATA=${DATA:-/tmp/tg}
VENV=${VENV:-/tmp/peers-venv}
TIEGRAPH=${TIEGRAPH:-${CARGO_TARGET_DIR:-$repo/target}/release/tiegraph}
OUT=${OUT:-/tmp/peers-results}
BETWEENNESS_SIZES=${BETWEENNESS_SIZES:-"small medium"}

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -r "$here/requirements.txt"
fi
PY="$VENV/bin/python"

if [ "${1:-}" = selfcheck ]; then
  shift
  exec "$PY" "$here/selfcheck.py" "$@"
fi

command -v /usr/bin/time >/dev/null || { echo "needs GNU time (/usr/bin/time -v)" >&2; exit 2; }

if [ ! -x "$TIEGRAPH" ]; then
  (cd "$repo" && cargo build --release --bin tiegraph)
fi
for size in $SIZES; do
  if [ ! -f "$DATA-$size/ties.csv" ]; then
    (cd "$repo" && cargo run --release --example generate -- "$size" "$DATA-$size")
  fi
done

mkdir -p "$OUT"
: > "$OUT/results.jsonl"
{
  echo "date: $(date -Iseconds)"
  echo "tiegraph: $TIEGRAPH ($("$TIEGRAPH" --version)); repo HEAD $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') x $(nproc)"
  echo "memory: $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "kernel: $(uname -sr)"
  echo "rustc: $(rustc --version 2>/dev/null || echo '?')"
  echo "python: $("$PY" --version 2>&1)"
  "$PY" - <<'EOF'
import importlib.metadata as m
for p in ("igraph", "networkx", "raphtory", "pandas", "pyarrow", "numpy"):
    try:
        print(f"{p}: {m.version(p)}")
    except m.PackageNotFoundError:
        print(f"{p}: not installed")
EOF
} > "$OUT/machine.txt"

tiegraph_cmd() { # job data
  case $1 in
    validate) echo "$TIEGRAPH validate --data $2" ;;
    snapshot) echo "$TIEGRAPH snapshot --at 2020-06-01 --format csv --data $2" ;;
    timeline) echo "$TIEGRAPH timeline --from 2021-01 --to 2026-12 --step 1m --format json --data $2" ;;
    balance) echo "$TIEGRAPH balance --count --at 2020-06-01 --format json --data $2" ;;
    diff) echo "$TIEGRAPH diff --from 2018-01-01 --to 2024-01-01 --format json --data $2" ;;
    betweenness) echo "$TIEGRAPH centrality --at 2020-06-01 --data $2" ;;
  esac
}

peer_cmd() { # tool job data size
  case $1 in
    igraph+pyarrow) echo "env PEERS_LOADER=arrow $PY $here/peers_igraph.py $2 $3 $4" ;;
    *) echo "$PY $here/peers_$1.py $2 $3 $4" ;;
  esac
}

for size in $SIZES; do
  data="$DATA-$size"
  mkdir -p "$OUT/dump-$size"
  for job in $JOBS; do
    if [ "$job" = betweenness ] && [[ " $BETWEENNESS_SIZES " != *" $size "* ]]; then continue; fi
    declare -A dead=()
    for run in $(seq 1 "$RUNS"); do
      for tool in $TOOLS; do
        [ -n "${dead[$tool]:-}" ] && continue
        base="$OUT/$tool.$job.$size.$run"
        if [ "$tool" = tiegraph ]; then cmd=$(tiegraph_cmd "$job" "$data"); else cmd=$(peer_cmd "$tool" "$job" "$data" "$size"); fi
        load=$(cut -d' ' -f1-3 /proc/loadavg)
        set +e
        PEERS_DUMP="$OUT/dump-$size" /usr/bin/time -v -o "$base.time" timeout "$TIMEOUT" $cmd > "$base.out" 2> "$base.err"
        rc=$?
        set -e
        printf '{"tool":"%s","job":"%s","size":"%s","run":%d,"rc":%d,"load":"%s","cmd":"%s"}\n' \
          "$tool" "$job" "$size" "$run" "$rc" "$load" "$cmd" >> "$OUT/results.jsonl"
        printf '%-15s %-12s %-7s run %d  rc %d  %s  load %s\n' "$tool" "$job" "$size" "$run" "$rc" \
          "$(grep -o 'Elapsed.*' "$base.time" | awk '{print $NF}')" "$load" >&2
        if [ $rc -eq 124 ]; then dead[$tool]=1; fi # timed out: do not repeat
      done
    done
    unset dead
    if [[ " $TOOLS " == *" tiegraph "* ]] && [ "$job" = betweenness ]; then
      # untimed: the same centrality as JSON, to compare every betweenness value
      $TIEGRAPH centrality --at 2020-06-01 --format json --data "$data" > "$OUT/dump-$size/betweenness.tiegraph.json"
    fi
  done
done

"$PY" "$here/report.py" "$OUT" | tee "$OUT/report.md"
