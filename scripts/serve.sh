#!/usr/bin/env bash
# Quick start 1: installs what is missing, builds, and serves the page with the demo data at
# http://127.0.0.1:${PORT:-8080}. Stop with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
PORT=${PORT:-8080}
echo "LiveLens: open http://127.0.0.1:$PORT (demo data loads by itself; Ctrl-C stops)" >&2
exec python3 -m http.server "$PORT" --bind 127.0.0.1 --directory www
