#!/usr/bin/env bash
# Issue #13, the whole report's peak RSS on one and two threads (docs/benchmarks.md, "Peak memory
# on both cores (g13-mem)"): BEFORE and AFTER CLIs run alternately, ROUNDS rounds, on the medium
# demo's events.csv alone and on its five files, `analyze --tz +08:00 --threads 1|2`; one JSON
# line per run on stdout (wall and CPU s, the analysis's own wall from "analysed in", peak RSS
# in KiB as /usr/bin/time gives it, load average). The reports of BEFORE and AFTER are compared
# with cmp in every round. Not part of scripts/test.sh.
# Settings: BEFORE=path AFTER=path (both required), DATA=dir (out/bench/medium), ROUNDS=3.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BEFORE:?BEFORE=the older livelens}" "${AFTER:?AFTER=the newer livelens}"
DATA=${DATA:-out/bench/medium}
ROUNDS=${ROUNDS:-3}
T=$(mktemp -d)
EV=(--events "$DATA/events.csv")
ALL=(--events "$DATA/events.csv" --orders "$DATA/orders.csv" --items "$DATA/items.csv"
  --users "$DATA/users.csv" --sessions "$DATA/sessions.csv")
run() { # label bin threads out inputs…
  local label=$1 bin=$2 threads=$3 out=$4 l0; shift 4
  l0=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f "TIME %e %U %S %M" nice -n 10 "$bin" analyze "$@" --tz +08:00 \
    --threads "$threads" --out "$out" > /dev/null 2> "$T/err" || true
  read -r _ wall user sys rss < <(grep '^TIME' "$T/err")
  an=$(sed -n 's/^analysed in \([0-9.]*\) s$/\1/p' "$T/err")
  echo "{\"label\":\"$label\",\"threads\":$threads,\"wall\":$wall,\"cpu\":$(echo "$user + $sys" | bc | sed "s/^\./0./"),\"analysis\":${an:-null},\"rss_kb\":$rss,\"load\":$l0}"
}
for _ in $(seq "$ROUNDS"); do
  for input in events five; do
    if [ "$input" = events ]; then args=("${EV[@]}"); else args=("${ALL[@]}"); fi
    for threads in 1 2; do
      run "$input-before" "$BEFORE" "$threads" "$T/b.json" "${args[@]}"
      run "$input-after" "$AFTER" "$threads" "$T/a.json" "${args[@]}"
      cmp -s "$T/b.json" "$T/a.json" || echo "{\"label\":\"reports differ\",\"input\":\"$input\",\"threads\":$threads}"
    done
  done
done
rm -rf "$T"
