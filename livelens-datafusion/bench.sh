#!/usr/bin/env bash
# The measurements of docs/scale-out.md: the same sections (kpis, hosts, funnel, retention, rfm)
# per creator, in memory (the core, one creator after the other), on DataFusion in one process,
# and on a local Ballista cluster with 1 and 2 executors; wall time and peak memory of each
# process (/usr/bin/time -v). Not part of the tests.
#   CREATORS=10 PER=medium livelens-datafusion/bench.sh     # ~10 M events
set -euo pipefail
cd "$(dirname "$0")/.."
CREATORS=${CREATORS:-10}
PER=${PER:-medium}
PROFILE=${PROFILE:-scale}
OUT=${OUT:-out/scale/${CREATORS}x${PER}}
BIN=target/$PROFILE
mkdir -p "$OUT"
if [ -z "${SKIP_BUILD:-}" ]; then
  cargo build --profile "$PROFILE" -p livelens --bin livelens
  cargo build --profile "$PROFILE" -p livelens-datafusion --bin livelens-df --example core_sections
fi
DF=$BIN/livelens-df
CORE=$BIN/examples/core_sections

# time NAME CMD...: runs CMD under /usr/bin/time -v, prints "NAME wall_s peak_MB".
measure() {
  local name=$1; shift
  /usr/bin/time -v "$@" >"$OUT/$name.out" 2>"$OUT/$name.time"
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$OUT/$name.time" | awk '{print $NF}')
  rss=$(grep "Maximum resident" "$OUT/$name.time" | awk '{print $NF}')
  echo "$name wall=$wall peak_MB=$((rss / 1024))" | tee -a "$OUT/summary.txt"
}

if [ ! -d "$OUT/data/events" ]; then
  measure demo_parquet "$DF" demo --scale huge --creators "$CREATORS" --per-creator "$PER" --out "$OUT/data"
fi
dirs=()
for i in $(seq 1 "$CREATORS"); do
  d="$OUT/csv/c$i"
  [ -f "$d/events.csv" ] || "$BIN/livelens" demo --out "$d" --seed $((42 + i)) --scale "$PER" 2>/dev/null
  dirs+=("$d")
done
echo "events: $(du -sh "$OUT/data" | cut -f1) parquet, $(du -sh "$OUT/csv" | cut -f1) csv" | tee -a "$OUT/summary.txt"

measure memory "$CORE" "$OUT/memory.json" "${dirs[@]}"
measure datafusion "$DF" analyze "$OUT/data" --by creator --tz +08:00 --sections kpis,hosts,funnel,retention,rfm --out "$OUT/datafusion.json"

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
for n in 1 2; do
  sched=$(port)
  pids=()
  "$DF" scheduler --port "$sched" >"$OUT/scheduler$n.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/"$sched") 2>/dev/null && break; sleep 0.1; done
  for e in $(seq "$n"); do
    mkdir -p "$OUT/work$n-$e"
    "$DF" executor --scheduler "127.0.0.1:$sched" --port "$(port)" --grpc-port "$(port)" \
      --work-dir "$OUT/work$n-$e" >"$OUT/executor$n-$e.log" 2>&1 &
    pids+=($!)
  done
  sleep 3
  measure "ballista_$n" "$DF" analyze "$OUT/data" --by creator --tz +08:00 --sections kpis,hosts,funnel,retention,rfm --cluster "127.0.0.1:$sched" --out "$OUT/ballista$n.json"
  # Peak memory of the scheduler and each executor (VmHWM), read before stopping them.
  for p in "${pids[@]}"; do
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
    echo "ballista_${n}_server_pid$p peak_MB=$((${hwm:-0} / 1024))" | tee -a "$OUT/summary.txt"
  done
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
done
