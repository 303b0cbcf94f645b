#!/usr/bin/env bash
# The measurements of docs/scale-out.md: the same sections (kpis, hosts, funnel, retention, rfm)
# per creator, in memory (the core, one creator after the other), on DataFusion in one process,
# and on a local Ballista cluster with 1 and 2 executors; wall time and peak memory of each
# process (/usr/bin/time -v). Not part of the tests.
#   CREATORS=10 PER=medium livelens-datafusion/bench.sh     # ~11 M events
#   CREATORS=10 PER=medium COPIES=10 livelens-datafusion/bench.sh     # ~113 M events
# COPIES=N: the generated creators' Parquet copied N times under distinct creator names
# (creator=c0001…), the CSV exports given N times to the in-memory run (~75 MB of Parquet per
# ~11 M events). MEMORY_LIMIT (default 18G): --memory-limit of the DataFusion run and of each
# executor, so that a run over it stops with an error instead of taking the machine. Ballista's
# shuffle (~160 bytes an event) is measured, then deleted after each run.
set -euo pipefail
cd "$(dirname "$0")/.."
CREATORS=${CREATORS:-10}
PER=${PER:-medium}
COPIES=${COPIES:-1}
MEMORY_LIMIT=${MEMORY_LIMIT:-18G}
PROFILE=${PROFILE:-scale}
OUT=${OUT:-out/scale/${CREATORS}x${PER}}
[ "$COPIES" = 1 ] || OUT=${OUT}x$COPIES
BIN=target/$PROFILE
mkdir -p "$OUT"
if [ -z "${SKIP_BUILD:-}" ]; then
  cargo build --profile "$PROFILE" -p livelens --bin livelens
  cargo build --profile "$PROFILE" -p livelens-datafusion --bin livelens-df --example core_sections
fi
DF=$BIN/livelens-df
CORE=$BIN/examples/core_sections

# measure NAME CMD...: runs CMD under /usr/bin/time -v, prints "NAME wall peak_MB cpu_s load".
measure() {
  local name=$1; shift
  /usr/bin/time -v "$@" >"$OUT/$name.out" 2>"$OUT/$name.time"
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$OUT/$name.time" | awk '{print $NF}')
  rss=$(grep "Maximum resident" "$OUT/$name.time" | awk '{print $NF}')
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$OUT/$name.time")
  echo "$name wall=$wall cpu_s=$cpu peak_MB=$((rss / 1024)) load=$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/summary.txt"
}

GEN=${OUT%x"$COPIES"}
[ "$COPIES" = 1 ] && GEN=$OUT
if [ ! -d "$GEN/data/events" ]; then
  measure demo_parquet "$DF" demo --scale huge --creators "$CREATORS" --per-creator "$PER" --out "$GEN/data"
fi
if [ "$COPIES" != 1 ] && [ ! -d "$OUT/data/events" ]; then
  # Copy k of generated creator i is creator k*CREATORS+i (its hive partition names it).
  for k in $(seq 0 $((COPIES - 1))); do
    for i in $(seq 1 "$CREATORS"); do
      for t in events sessions; do
        mkdir -p "$OUT/data/$t"
        cp -r "$GEN/data/$t/creator=$(printf c%04d "$i")" \
          "$OUT/data/$t/creator=$(printf c%04d $((k * CREATORS + i)))"
      done
    done
  done
fi
dirs=()
for i in $(seq 1 "$CREATORS"); do
  d="$GEN/csv/c$i"
  [ -f "$d/events.csv" ] || "$BIN/livelens" demo --out "$d" --seed $((42 + i)) --scale "$PER" 2>/dev/null
  dirs+=("$d")
done
all=()
for _ in $(seq "$COPIES"); do all+=("${dirs[@]}"); done
echo "events: $(du -sh "$OUT/data" | cut -f1) parquet, $(du -sh "$GEN/csv" | cut -f1) csv x $COPIES; load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/summary.txt"

measure memory "$CORE" "$OUT/memory.json" "${all[@]}"
measure datafusion "$DF" analyze "$OUT/data" --by creator --tz +08:00 --sections kpis,hosts,funnel,retention,rfm \
  --memory-limit "$MEMORY_LIMIT" --out "$OUT/datafusion.json"

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
      --work-dir "$OUT/work$n-$e" --memory-limit "$MEMORY_LIMIT" >"$OUT/executor$n-$e.log" 2>&1 &
    pids+=($!)
  done
  sleep 3
  measure "ballista_$n" "$DF" analyze "$OUT/data" --by creator --tz +08:00 --sections kpis,hosts,funnel,retention,rfm --cluster "127.0.0.1:$sched" --out "$OUT/ballista$n.json"
  # Peak memory of the scheduler and each executor (VmHWM), read before stopping them.
  for p in "${pids[@]}"; do
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
    echo "ballista_${n}_server_pid$p peak_MB=$((${hwm:-0} / 1024))" | tee -a "$OUT/summary.txt"
  done
  echo "ballista_${n}_shuffle $(du -sc "$OUT"/work"$n"-* | tail -1 | cut -f1) KB" | tee -a "$OUT/summary.txt"
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$OUT"/work"$n"-*
done
