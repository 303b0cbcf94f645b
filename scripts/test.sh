#!/usr/bin/env bash
# Quick start 2: installs what is missing, then runs every test: formatting, native tests,
# wasm-bindgen tests in headless Chromium, the wasm size budget, and the page in Playwright.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export CHROMEDRIVER=/usr/bin/chromedriver

echo "== format" >&2
cargo fmt --check

echo "== native tests" >&2
cargo test --all-targets

# The DataFusion/Ballista crate (a workspace member, not a default one): its figures against the
# core's, in process and on a local Ballista cluster (docs/scale-out.md, "Build time").
echo "== scale-out tests (DataFusion, Ballista)" >&2
cargo test -p livelens-datafusion --all-targets

echo "== wasm-bindgen tests (headless Chromium)" >&2
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --test wasm

echo "== wasm build and size budget" >&2
scripts/build.sh
gz=$(gzip -9c pkg/livelens_bg.wasm | wc -c)
budget=$((1024 * 1024))
echo "wasm size: $gz bytes gzipped (budget $budget)" >&2
if [ "$gz" -gt "$budget" ]; then echo "wasm is over the 1 MB gzipped budget" >&2; exit 1; fi

echo "== page tests (Playwright, headless Chromium)" >&2
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# Serves www/ with the strict CSP as an HTTP header and the right MIME types (tests/e2e/serve.py).
python3 tests/e2e/serve.py "$PORT" www >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/" >/dev/null && break; sleep 0.1; done
LIVELENS_URL="http://127.0.0.1:$PORT" node --test --test-concurrency=1 tests/e2e/
