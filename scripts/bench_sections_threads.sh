#!/usr/bin/env bash
# Issue #13, the whole `analyze` on both cores (docs/benchmarks.md, "Sections on both cores
# (a13-sections)"): BEFORE and AFTER CLIs run alternately on the medium demo (all five files, as
# the brief's figures), `--threads 1` and `--threads 2` each, ROUNDS rounds, one JSON line per run
# on stdout (wall, CPU = user + sys of all threads, the analysis alone as the CLI prints it
# ("analysed in"), peak RSS, load); DuckDB via bench/duckdb_kpis.py (events.csv, 2 threads) in
# the same rounds. The reports are compared with cmp each round. Not part of scripts/test.sh.
# Settings: BEFORE=path AFTER=path (both required), DATA=dir of the medium demo, ROUNDS=5,
# PYTHON=python3 (with duckdb).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BEFORE:?BEFORE=the older livelens}" "${AFTER:?AFTER=the newer livelens}"
DATA=${DATA:-out/bench/medium}
ROUNDS=${ROUNDS:-5}
PY=${PYTHON:-python3}
T=$(mktemp -d)
IN=(--events "$DATA/events.csv" --orders "$DATA/orders.csv" --items "$DATA/items.csv"
  --users "$DATA/users.csv" --sessions "$DATA/sessions.csv" --tz +08:00)
run() { # label bin threads out
  local label=$1 bin=$2 threads=$3 out=$4 l0
  l0=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f "TIME %e %U %S %M" nice -n 10 "$bin" analyze "${IN[@]}" --threads "$threads" \
    --out "$out" > /dev/null 2> "$T/err" || true
  read -r _ wall user sys rss < <(grep '^TIME' "$T/err")
  an=$(sed -n 's/^analysed in \([0-9.]*\) s$/\1/p' "$T/err")
  echo "{\"label\":\"$label\",\"wall\":$wall,\"cpu\":$(echo "$user + $sys" | bc | sed "s/^\./0./"),\"analysis\":${an:-null},\"rss_kb\":$rss,\"load\":$l0}"
}
for _ in $(seq "$ROUNDS"); do
  run before1 "$BEFORE" 1 "$T/b1.json"
  run after1 "$AFTER" 1 "$T/a1.json"
  run before2 "$BEFORE" 2 "$T/b2.json"
  run after2 "$AFTER" 2 "$T/a2.json"
  echo "{\"label\":\"duckdb\",\"load\":$(cut -d' ' -f1 /proc/loadavg),\"r\":$(nice -n 10 "$PY" bench/duckdb_kpis.py "$DATA/events.csv" 1 2)}"
  cmp -s "$T/b1.json" "$T/a1.json" && cmp -s "$T/a1.json" "$T/a2.json" && cmp -s "$T/b1.json" "$T/b2.json" \
    || echo '{"label":"reports differ"}'
done
rm -rf "$T"
