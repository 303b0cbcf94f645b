#!/usr/bin/env bash
# Builds the wasm package into pkg/ (wasm-bindgen --target web, then wasm-opt -O3 from npm's
# binaryen: speed over size, see docs/decisions.md), copies the widget into pkg/widget/, and
# links pkg into www/pkg so the static page
# can load it from the same origin.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --lib --target wasm32-unknown-unknown
wasm-bindgen --target web --out-dir pkg --out-name livelens \
  "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/livelens.wasm"
if [ -x node_modules/.bin/wasm-opt ]; then
  node_modules/.bin/wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
    pkg/livelens_bg.wasm -o pkg/livelens_bg.opt.wasm
  mv pkg/livelens_bg.opt.wasm pkg/livelens_bg.wasm
else
  echo "build: wasm-opt not found (run scripts/setup.sh); the wasm is not size-optimised" >&2
fi
cp scripts/pkg-package.json pkg/package.json
# The widget goes into the package too (pkg/widget/), so `import { mount } from
# 'livelens/widget'` and `import 'livelens/element'` work; its paths.js points at the bindings
# one folder up instead of www/'s ./pkg/.
rm -rf pkg/widget
mkdir -p pkg/widget/views
cp www/livelens.js www/element.js www/worker.js www/dom.js www/csv.js www/i18n.js www/store.js \
  www/livelens.css www/livelens.d.ts www/element.d.ts pkg/widget/
cp www/views/*.js www/views/*.css pkg/widget/views/
cat > pkg/widget/paths.js <<'JS'
// Where the wasm-bindgen bindings live, relative to the widget's files (the package root).
export const BINDINGS = new URL('../livelens.js', import.meta.url).href;
JS
ln -sfn ../pkg www/pkg
raw=$(stat -c %s pkg/livelens_bg.wasm)
gz=$(gzip -9c pkg/livelens_bg.wasm | wc -c)
echo "wasm: $raw bytes raw, $gz bytes gzipped" >&2
