#!/usr/bin/env bash
# Fuzzes TARGET for SECONDS (default 60): `ingest` (the default: ingest — any format, CSV mostly —,
# ingest_json — JSON/NDJSON — and ingest_xlsx — the sheet XML of a workbook) or `options` (the
# CLI's option parsers):
#   scripts/fuzz.sh [SECONDS] [ingest|options]
# with `cargo fuzz` (libFuzzer, nightly) when it is installed, else with the seeded loops
# examples/fuzz_ingest.rs (--target any|json|xlsx) / examples/fuzz_options.rs. Ingest seeds: the
# bad-input corpus and the head of a demo events file. Failing inputs: fuzz/artifacts/ or out/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-60}
TARGET=${2:-ingest}
if [ "$TARGET" = options ]; then
  mkdir -p fuzz/corpus/options
  if cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "fuzz: cargo fuzz (libFuzzer) on the option parsers for ${SECONDS_TO_RUN}s"
    cargo +nightly fuzz run options fuzz/corpus/options -- -max_total_time="$SECONDS_TO_RUN" -max_len=256
  else
    echo "fuzz: option parsers, seeded loop (examples/fuzz_options.rs) for ${SECONDS_TO_RUN}s"
    cargo run -q --profile fuzz --example fuzz_options -- "$SECONDS_TO_RUN" --seed "${FUZZ_SEED:-$(date +%s)}"
  fi
  exit 0
fi
mkdir -p fuzz/corpus/ingest
cp -n tests/bad_inputs/*.csv tests/bad_inputs/*.json tests/bad_inputs/*.ndjson tests/bad_inputs/*.xlsx tests/bad_inputs/*.xls tests/bad_inputs/*.ods fuzz/corpus/ingest/ 2>/dev/null || true
if [ -s out/bench/small/events.csv ]; then head -c 8192 out/bench/small/events.csv > fuzz/corpus/ingest/demo_events_head.csv; fi
# libFuzzer needs the nightly toolchain; cargo-fuzz is installed once when nightly is there.
if rustup toolchain list 2>/dev/null | grep -q '^nightly' && ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz >&2 || echo "fuzz: cargo-fuzz could not be installed; using the fallback" >&2
fi
if cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz: cargo fuzz (libFuzzer) for ${SECONDS_TO_RUN}s"
  for t in ingest ingest_json ingest_xlsx; do
    mkdir -p "fuzz/corpus/$t"
    cargo +nightly fuzz run "$t" "fuzz/corpus/$t" fuzz/corpus/ingest -- -max_total_time="$SECONDS_TO_RUN" -max_len=65536 -rss_limit_mb=4096
  done
else
  echo "fuzz: cargo-fuzz not installed; seeded mutation loop (examples/fuzz_ingest.rs) for ${SECONDS_TO_RUN}s per target"
  cargo build -q --profile fuzz --features bench --example fuzz_ingest
  for t in any json xlsx; do
    cargo run -q --profile fuzz --features bench --example fuzz_ingest -- "$SECONDS_TO_RUN" fuzz/corpus/ingest tests/bad_inputs --target "$t" --seed "${FUZZ_SEED:-$(date +%s)}"
  done
fi
