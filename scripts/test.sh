#!/usr/bin/env bash
# Quick start 2: installs what is missing, then runs every test: formatting, native tests,
# wasm-bindgen tests in headless Chromium, the wasm size budget, the page in Playwright, and the DataFusion/Ballista crate.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export CHROMEDRIVER=/usr/bin/chromedriver

echo "== format" >&2
cargo fmt --check

echo "== native tests" >&2
# `bench` compiles src/bench.rs and examples/bench.rs (the shipped wasm has no features).
cargo test --all-targets --features bench

echo "== generated TypeScript types and their type check" >&2
# www/report.d.ts must match the Rust types (regenerate: BLESS=1 cargo test --features ts --test ts_types);
# then tsc checks the declarations and an embedder's use of them (tests/types/usage.ts).
cargo test --features ts --test ts_types
node_modules/.bin/tsc -p tests/types

echo "== wasm-bindgen tests (headless Chromium)" >&2
# The slowest binding tests keep the page busy for several seconds; on a loaded machine the
# runner's default 20 s poll timeout is too short.
WASM_BINDGEN_TEST_TIMEOUT=180 CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --test wasm

echo "== wasm build and size budget" >&2
scripts/build.sh
# The product's budget: the engine's wasm, which every visit loads, within 1 MiB gzipped. The
# spreadsheet reader is the sheet module, fetched only when a spreadsheet is dropped
# (docs/decisions.md, "Wasm size, session 7"); its size is printed, not budgeted.
budget=$((1024 * 1024))
gz=$(gzip -9c pkg/livelens_bg.wasm | wc -c)
sheet=$(gzip -9c pkg/livelens_sheet_bg.wasm | wc -c)
echo "wasm size: engine $gz bytes gzipped (budget $budget, $((budget - gz)) to spare); sheet module $sheet bytes gzipped" >&2
if [ "$gz" -gt "$budget" ]; then echo "the engine's wasm is over the 1 MiB budget by $((gz - budget)) bytes" >&2; exit 1; fi
# The test build (test hooks such as Engine.debugPanic, and BenchEngine) for the Playwright
# panic-containment test: pkg-test/, same profile and dependencies, no wasm-opt pass.
LIVELENS_OUT=pkg-test LIVELENS_FEATURES=bench,testing LIVELENS_WASM_OPT=0 scripts/build.sh

echo "== page tests (Playwright, headless Chromium)" >&2
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# Serves www/ with the strict CSP as an HTTP header and the right MIME types (tests/e2e/serve.py).
python3 tests/e2e/serve.py "$PORT" www >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/" >/dev/null && break; sleep 0.1; done
LIVELENS_URL="http://127.0.0.1:$PORT" node --test --test-concurrency=1 tests/e2e/

# The DataFusion/Ballista crate (a workspace member, not a default one): its figures against the
# core's, in process and on a local Ballista cluster of a scheduler and two executor processes.
# Last, because its cold build is the longest step: 2,180 CPU-seconds for the whole tree from
# nothing (docs/scale-out.md, "Build time"), about 20-25 min on a quiet 2-core machine.
echo "== scale-out tests (DataFusion, Ballista)" >&2
cargo test -p livelens-datafusion --all-targets
