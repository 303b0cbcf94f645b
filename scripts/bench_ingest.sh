#!/usr/bin/env bash
# Native ingestion benchmarks of issue #13 (not part of scripts/test.sh): parse MB/s of the
# medium demo's canonical events CSV and of the same file with Chinese headers in GB18030,
# `analyze --sections kpis` beside native DuckDB reading the same CSV and computing the five
# overall KPIs in SQL (bench/duckdb_kpis.py), the whole `analyze`, and peak RSS (/usr/bin/time
# -v). With BEFORE=path/to/an/older/livelens, the older binary runs interleaved with this one
# (side by side in one run: the machine may be shared). Results: out/bench-ingest/*.
#
# Settings (environment): RUNS=3, BEFORE=, PYTHON=python3 (with duckdb installed),
# LIVELENS=target/release/livelens.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=out/bench-ingest
mkdir -p "$OUT"
RUNS=${RUNS:-3}
BIN=${LIVELENS:-target/release/livelens}
PY=${PYTHON:-python3}
DATA=out/bench/medium
[ -x "$BIN" ] || cargo build --release --bin livelens >&2
if [ ! -s "$DATA/events.csv" ]; then "$BIN" demo --out "$DATA" --scale medium >&2; fi
# The Chinese-header GB18030 export: the same rows, headers as the platforms write them.
if [ ! -s "$OUT/events_gb18030.csv" ]; then
  { echo "用户ID,直播场次,行为类型,发生时间,商品ID,订单号,实付金额,弹幕内容,流量来源,是否粉丝,优惠券"
    tail -n +2 "$DATA/events.csv"; } | iconv -f UTF-8 -t GB18030 > "$OUT/events_gb18030.csv"
fi
echo "header: $(head -1 "$DATA/events.csv")" >&2
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$OUT/load.txt" >&2

# One run: wall and CPU seconds (user + sys: on a machine shared with other jobs the CPU time
# is the stable figure), the parse and analysis seconds the CLI prints, and the peak RSS.
run() { # label bin args…
  local label=$1 bin=$2; shift 2
  /usr/bin/time -f "TIME %e %U %S %M" "$bin" analyze "$@" --out "$OUT/report-$label.json" 2> "$OUT/err-$label.txt" >/dev/null
  local parse an t
  parse=$(grep -o 'rows in [0-9.]* s' "$OUT/err-$label.txt" | head -1 | grep -o '[0-9.]*')
  an=$(grep -o 'analysed in [0-9.]* s' "$OUT/err-$label.txt" | grep -o '[0-9.]*')
  read -r _ wall user sys rss < <(grep '^TIME' "$OUT/err-$label.txt")
  echo "{\"label\": \"$label\", \"wall_s\": $wall, \"cpu_s\": $(echo "$user + $sys" | bc), \"parse_wall_s\": $parse, \"analyze_wall_s\": $an, \"peak_rss_kb\": $rss, \"load\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
}
for i in $(seq "$RUNS"); do
  run kpis "$BIN" --events "$DATA/events.csv" --sections kpis
  run zh "$BIN" --events "$OUT/events_gb18030.csv" --sections kpis
  run whole "$BIN" --events "$DATA/events.csv"
  if [ -n "${BEFORE:-}" ]; then
    # The older CLI has no --sections: its parse figures are compared.
    run before-whole "$BEFORE" --events "$DATA/events.csv"
    run before-zh "$BEFORE" --events "$OUT/events_gb18030.csv"
  fi
  $PY bench/duckdb_kpis.py "$DATA/events.csv" 1 2
done | tee "$OUT/runs.jsonl"
