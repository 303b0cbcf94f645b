#!/usr/bin/env bash
# Issue #13, helper q13-parallel (docs/benchmarks.md, "q13-parallel"): parse alone of the medium
# demo's events.csv by BEFORE and AFTER, each with --threads 1 and --threads 2, run alternately
# for ROUNDS rounds; one JSON line per run (CPU = user + sys of all threads, wall, peak RSS,
# load average before the run). With PERF=1, then one `perf record` per CLI with --threads 2:
# the share of the samples on the ingesting (merging) thread. Not part of scripts/test.sh.
# Settings: BEFORE=path AFTER=path (both required), DATA=dir with events.csv, ROUNDS=5.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BEFORE:?BEFORE=the older livelens}" "${AFTER:?AFTER=the newer livelens}"
DATA=${DATA:-out/bench/medium}
ROUNDS=${ROUNDS:-5}
T=$(mktemp -d)
printf 'ab%.0s' $(seq 32) > "$T/seed.txt"
P=(lottery commit --session nonexist --seed-file "$T/seed.txt" --events "$DATA/events.csv")
run() { # label bin args…
  local label=$1 bin=$2 l0; shift 2
  l0=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f "TIME %e %U %S %M" nice -n 10 "$bin" "$@" > /dev/null 2> "$T/err" || true
  read -r _ wall user sys rss < <(grep '^TIME' "$T/err")
  echo "{\"label\":\"$label\",\"wall\":$wall,\"cpu\":$(echo "$user + $sys" | bc | sed "s/^\./0./"),\"rss_kb\":$rss,\"load\":$l0}"
}
for _ in $(seq "$ROUNDS"); do
  run before1 "$BEFORE" "${P[@]}" --threads 1
  run before2 "$BEFORE" "${P[@]}" --threads 2
  run after1 "$AFTER" "${P[@]}" --threads 1
  run after2 "$AFTER" "${P[@]}" --threads 2
done
if [ "${PERF:-0}" = 1 ]; then
  for which in BEFORE AFTER; do
    bin=${!which}
    nice -n 10 perf record -q -F 2999 -o "$T/perf.data" -- "$bin" "${P[@]}" --threads 2 > /dev/null 2>&1 || true
    # Samples per thread id; the process id is the ingesting thread's.
    perf report -i "$T/perf.data" --stdio --sort pid 2>/dev/null \
      | awk -v w="$which" -v l="$(cut -d" " -f1 /proc/loadavg)" '/^ *[0-9.]+%/ { gsub("%","",$1); split($NF, a, ":"); n[a[1]] += $1 }
          END { main = 0; all = 0; for (t in n) { all += n[t]; if (main == 0 || t + 0 < mt) { mt = t + 0; main = n[t] } }
                printf "{\"label\":\"perf-%s\",\"main_thread_share\":%.1f,\"threads\":%d,\"load\":%s}\n", w, main, length(n), l }'
  done
fi
rm -rf "$T"
