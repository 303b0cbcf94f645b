#!/usr/bin/env bash
# Benchmarks (not part of scripts/test.sh): generates the demo data at small / medium / large
# scale, then measures LiveLens natively (examples/bench.rs, release) and in headless Chromium
# (www/bench.html through bench/browser.mjs), side by side with the Python stack (pandas,
# scikit-learn, mlxtend, implicit: bench/reference.py, in .venv-bench) and DuckDB-wasm, and runs
# the ingestion fuzzer for a fixed time. Results: out/bench/*.json and out/bench/summary.md
# (docs/benchmarks.md records a run). The scale-out measurements (DataFusion, Ballista, ~11 M and
# ~113 M events, with --memory-limit) are livelens-datafusion/bench.sh (docs/scale-out.md).
#
# Settings (environment): BENCH_SCALES="small medium large", BENCH_RUNS=5,
# BENCH_BROWSER_SCALES="small medium large", BENCH_PY_SCALES="small medium",
# BENCH_FUZZ_SECONDS=60, BENCH_SKIP_BUILD=1 (reuse pkg-test/ and the native build), BENCH_PORT=8093.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=out/bench
mkdir -p "$OUT"
SCALES=${BENCH_SCALES:-small medium large}
RUNS=${BENCH_RUNS:-5}
BROWSER_SCALES=${BENCH_BROWSER_SCALES:-$SCALES}
PY_SCALES=${BENCH_PY_SCALES:-small medium}
FUZZ_SECONDS=${BENCH_FUZZ_SECONDS:-60}
PORT=${BENCH_PORT:-8093}
GROCERIES=$ROOT/../shared/data/groceries.csv
TARGET=${CARGO_TARGET_DIR:-target}
load() { echo "{\"at\": \"$(date -u +%FT%TZ)\", \"step\": \"$1\", \"loadavg\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}" >> "$OUT/load.jsonl"; }
say() { echo "== $* (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2; }

scripts/setup.sh >&2
{ echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GB RAM"
  echo "date: $(date -u +%F)"; } > "$OUT/machine.txt"

if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  say "native release build"
  cargo build --release --features bench --example bench --bin livelens >&2
fi

for s in $SCALES; do
  if [ ! -s "$OUT/$s/events.csv" ]; then
    say "demo data $s"
    "$TARGET/release/livelens" demo --out "$OUT/$s" --scale "$s" >&2
  fi
done
ln -sfn "$GROCERIES" "$OUT/groceries.csv"

for s in $SCALES; do
  say "native $s"; load "native $s"
  r=$RUNS; [ "$s" = large ] && r=1
  "$TARGET/release/examples/bench" "$OUT/$s" "$r" "$GROCERIES" > "$OUT/native-$s.json"
done

say "python venv"
if [ ! -x .venv-bench/bin/python ]; then python3 -m venv .venv-bench; fi
.venv-bench/bin/python -c 'import pandas, sklearn, mlxtend, implicit' 2>/dev/null \
  || .venv-bench/bin/pip install -q pandas scikit-learn mlxtend implicit >&2
for s in $PY_SCALES; do
  say "python $s"; load "python $s"
  .venv-bench/bin/python bench/reference.py "$OUT/$s" "$RUNS" "$GROCERIES" > "$OUT/python-$s.json"
done

say "browser"
# The bench page needs BenchEngine (feature `bench`): pkg-test/, release profile as shipped.
if [ -z "${BENCH_SKIP_BUILD:-}" ] || [ ! -f pkg-test/livelens_bg.wasm ]; then
  LIVELENS_OUT=pkg-test LIVELENS_FEATURES=bench,testing scripts/build.sh >&2
fi
ln -sfn ../pkg-test www/pkg-test
if [ ! -f node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser.mjs ]; then
  npm install --no-save --no-audit --no-fund @duckdb/duckdb-wasm >&2
fi
ln -sfn ../node_modules/@duckdb/duckdb-wasm/dist www/duckdb
ln -sfn ../node_modules www/modules
ln -sfn ../out/bench www/bench-data
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory www >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/bench.html" >/dev/null && break; sleep 0.1; done
for s in $BROWSER_SCALES; do
  say "browser $s"; load "browser $s"
  duck=1; [ "$s" = large ] && duck=0
  node bench/browser.mjs "http://127.0.0.1:$PORT/bench.html?data=bench-data/$s&runs=$RUNS&groceries=bench-data/groceries.csv&duckdb=$duck" 3600 \
    > "$OUT/browser-$s.json" || echo "browser $s failed: $(head -c 300 "$OUT/browser-$s.json")" >&2
done
kill $SERVER 2>/dev/null || true

say "fuzz ${FUZZ_SECONDS}s"; load "fuzz"
scripts/fuzz.sh "$FUZZ_SECONDS" > "$OUT/fuzz.txt" 2>&1 || echo "fuzz found a failure: see $OUT/fuzz.txt" >&2
tail -5 "$OUT/fuzz.txt" >&2

python3 bench/summarize.py "$OUT" > "$OUT/summary.md"
cat "$OUT/summary.md"
