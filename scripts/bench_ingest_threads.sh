#!/usr/bin/env bash
# Issue #13, third pass (docs/benchmarks.md, "parsing on both cores"): BEFORE and AFTER CLIs run
# alternately on the medium demo's events.csv and its GB18030 twin, ROUNDS rounds, one JSON line
# per run (CPU = user + sys of all threads, wall, peak RSS, load) on stdout; DuckDB via
# bench/duckdb_kpis.py in the same rounds. Not part of scripts/test.sh.
# Settings: BEFORE=path AFTER=path (both required), DATA=dir with events.csv, ZH=GB18030 file,
# ROUNDS=5, PYTHON=python3 (with duckdb). With PERF=1, then one `perf record` of each CLI's parse
# alone with --threads 2: the share of the samples on the ingesting (merging) thread.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BEFORE:?BEFORE=the older livelens}" "${AFTER:?AFTER=the newer livelens}"
DATA=${DATA:-out/bench/medium}
ZH=${ZH:-out/bench-ingest/events_gb18030.csv}
ROUNDS=${ROUNDS:-5}
PY=${PYTHON:-python3}
T=$(mktemp -d)
printf 'ab%.0s' $(seq 32) > "$T/seed.txt"
run() { # label bin args…
  local label=$1 bin=$2 l0; shift 2
  l0=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f "TIME %e %U %S %M" nice -n 10 "$bin" "$@" > /dev/null 2> "$T/err" || true
  read -r _ wall user sys rss < <(grep '^TIME' "$T/err")
  echo "{\"label\":\"$label\",\"wall\":$wall,\"cpu\":$(echo "$user + $sys" | bc | sed "s/^\./0./"),\"rss_kb\":$rss,\"load\":$l0}"
}
P=(lottery commit --session nonexist --seed-file "$T/seed.txt")
for _ in $(seq "$ROUNDS"); do
  run parse-before "$BEFORE" "${P[@]}" --events "$DATA/events.csv"
  run parse-after1 "$AFTER" "${P[@]}" --events "$DATA/events.csv" --threads 1
  run parse-after2 "$AFTER" "${P[@]}" --events "$DATA/events.csv" --threads 2
  run zh-before "$BEFORE" "${P[@]}" --events "$ZH"
  run zh-after1 "$AFTER" "${P[@]}" --events "$ZH" --threads 1
  run zh-after2 "$AFTER" "${P[@]}" --events "$ZH" --threads 2
  run kpis-before "$BEFORE" analyze --events "$DATA/events.csv" --sections kpis --out "$T/kb.json"
  run kpis-after1 "$AFTER" analyze --events "$DATA/events.csv" --sections kpis --threads 1 --out "$T/ka1.json"
  run kpis-after2 "$AFTER" analyze --events "$DATA/events.csv" --sections kpis --threads 2 --out "$T/ka2.json"
  run whole-before "$BEFORE" analyze --events "$DATA/events.csv" --out "$T/wb.json"
  run whole-after2 "$AFTER" analyze --events "$DATA/events.csv" --threads 2 --out "$T/wa2.json"
  echo "{\"label\":\"duckdb\",\"load\":$(cut -d' ' -f1 /proc/loadavg),\"r\":$(nice -n 10 "$PY" bench/duckdb_kpis.py "$DATA/events.csv" 1 2)}"
  cmp -s "$T/kb.json" "$T/ka1.json" && cmp -s "$T/ka1.json" "$T/ka2.json" && cmp -s "$T/wb.json" "$T/wa2.json" \
    || echo '{"label":"reports differ"}'
done
if [ "${PERF:-0}" = 1 ]; then
  for which in BEFORE AFTER; do
    bin=${!which}
    nice -n 10 perf record -q -F 2999 -o "$T/perf.data" -- "$bin" "${P[@]}" --events "$DATA/events.csv" --threads 2 > /dev/null 2>&1 || true
    # Samples per thread id; the process id is the ingesting thread's.
    perf report -i "$T/perf.data" --stdio --sort pid 2>/dev/null \
      | awk -v w="$which" -v l="$(cut -d" " -f1 /proc/loadavg)" '/^ *[0-9.]+%/ { gsub("%","",$1); split($NF, a, ":"); n[a[1]] += $1 }
          END { main = 0; all = 0; for (t in n) { all += n[t]; if (main == 0 || t + 0 < mt) { mt = t + 0; main = n[t] } }
                printf "{\"label\":\"perf-%s\",\"main_thread_share\":%.1f,\"threads\":%d,\"load\":%s}\n", w, main, length(n), l }'
  done
fi
rm -rf "$T"
