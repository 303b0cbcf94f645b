#!/usr/bin/env bash
# Builds the wasm package into pkg/ (cargo at opt-level 3 with a lower inlining threshold,
# wasm-bindgen --target web, then wasm-opt -O3 from npm's binaryen; see docs/decisions.md), copies the widget into pkg/widget/, and
# links pkg into www/pkg so the static page can load it from the same origin.
#
# Two wasm modules, both from this crate (docs/decisions.md, "Wasm size, session 7"):
# - livelens_bg.wasm, the engine: built without the default `spreadsheets` feature (no calamine,
#   zip, nor the code pages' tables);
# - livelens_sheet_bg.wasm, the sheet module (feature `sheet-module`, `readSheet` only), which the
#   worker fetches when a dropped file is a spreadsheet. A build whose features already read
#   spreadsheets (`bench`, `spreadsheets`) has no sheet module; LIVELENS_SHEET=0/1 overrides.
# LIVELENS_PROFILE picks the engine's cargo profile (default `release`; the sheet module keeps
# its `sheet` profile), e.g. `release-s` for re-measuring the size/speed trade-off
# (docs/decisions.md, "Wasm size back under 1 MiB").
#
# The shipped pkg/ has no cargo features (its engine not even the default one). The test/bench build is the same package with extra
# exports (BenchEngine, Engine.debugPanic), into another folder (linked as www/<out>):
#   LIVELENS_OUT=pkg-test LIVELENS_FEATURES=bench,testing LIVELENS_WASM_OPT=0 scripts/build.sh
# It shares the release profile (and so every compiled dependency) with pkg/; only the crate
# itself is compiled again. LIVELENS_WASM_OPT=0 skips the wasm-opt pass (tests need no -O3).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${LIVELENS_OUT:-pkg}
FEATURES=${LIVELENS_FEATURES:-}
PROFILE=${LIVELENS_PROFILE:-release}
# LLVM's inliner at a threshold of 50 instead of opt-level 3's 250 (hinted `#[inline]` functions
# keep their 325): the wasm is 72 KB smaller gzipped and not slower (docs/decisions.md, "Wasm
# size, session 6"). The flags go to the livelens crate only, through `cargo rustc`: its rustc
# process runs the fat LTO of the whole wasm, so they reach every crate's code without
# rebuilding the dependencies. LIVELENS_RUSTC_ARGS replaces them (e.g. `LIVELENS_RUSTC_ARGS=`
# builds with LLVM's defaults, for re-measuring).
# `+simd128`: the wasm's 128-bit SIMD, which every current browser runs (Chrome 91, Firefox 89,
# Safari 16.4 and later): LLVM vectorises the element-wise loops (user-kNN's dense columns,
# scans) — the medium report 1.4x faster for +2.9 KB (docs/decisions.md, "Wasm SIMD").
RUSTC_ARGS=${LIVELENS_RUSTC_ARGS--C llvm-args=-inline-threshold=50 -C target-feature=+simd128}
# The dependencies are compiled with `+simd128` too (cargo's flags for the wasm target; a
# RUSTFLAGS of the caller's own wins): memchr and simdutf8 choose their SIMD code when they are
# compiled, not at the LTO, so without it the wasm's line and quote searches and its UTF-8
# checks ran their scalar fallbacks (docs/benchmarks.md, "Parsing in wasm (b13-wasm-parse)").
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS=${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS--C target-feature=+simd128}
case ",$FEATURES," in
  *,bench,* | *,spreadsheets,* | *,sheet-module,*) SHEET=${LIVELENS_SHEET:-0} ;;
  *) SHEET=${LIVELENS_SHEET:-1} ;;
esac

# One wasm: cargo with `$1` as its features (the default `spreadsheets` off) and `$3` as its
# profile, wasm-bindgen into $OUT/$2.js and $OUT/$2_bg.wasm, wasm-opt.
wasm_module() {
  # shellcheck disable=SC2086
  cargo rustc --profile "$3" --lib --target wasm32-unknown-unknown --no-default-features \
    ${1:+--features "$1"} -- $RUSTC_ARGS
  local src="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/$3/livelens.wasm"
  # The same cargo output as last time, bound and optimised the same way: nothing to redo
  # (wasm-bindgen + wasm-opt -O3 take about a minute of CPU per module).
  local stamp
  stamp="$(sha256sum "$src" | cut -d' ' -f1) opt=${LIVELENS_WASM_OPT:-1}"
  if [ -f "$OUT/$2_bg.wasm" ] && [ -f "$OUT/$2.js" ] && [ "$(cat "$OUT/.$2.stamp" 2>/dev/null)" = "$stamp" ]; then
    echo "build: $OUT/$2_bg.wasm is up to date" >&2
    return
  fi
  rm -f "$OUT/.$2.stamp"
  wasm-bindgen --target web --out-dir "$OUT" --out-name "$2" "$src"
  if [ "${LIVELENS_WASM_OPT:-1}" = 0 ]; then
    : # a test build: not size-optimised
  elif [ -x node_modules/.bin/wasm-opt ]; then
    node_modules/.bin/wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue --enable-simd \
      "$OUT/$2_bg.wasm" -o "$OUT/$2_bg.opt.wasm"
    mv "$OUT/$2_bg.opt.wasm" "$OUT/$2_bg.wasm"
  else
    echo "build: wasm-opt not found (run scripts/setup.sh); the wasm is not size-optimised" >&2
    return
  fi
  echo "$stamp" > "$OUT/.$2.stamp"
}
wasm_module "$FEATURES" livelens "$PROFILE"
if [ "$SHEET" = 1 ]; then
  # Its own profile (release's settings, Cargo.toml `[profile.sheet]`) gives it its own folder:
  # both modules are `livelens.wasm`, and in one folder each build made the other stale, so
  # every run compiled the crate twice even when nothing had changed.
  wasm_module sheet-module livelens_sheet sheet
else
  rm -f "$OUT"/livelens_sheet* "$OUT/.livelens_sheet.stamp"
fi
cp scripts/pkg-package.json "$OUT/package.json"
# The widget goes into the package too (pkg/widget/), so `import { mount } from
# 'livelens/widget'` and `import 'livelens/element'` work; its paths.js points at the bindings
# one folder up instead of www/'s ./pkg/.
rm -rf "$OUT/widget"
mkdir -p "$OUT/widget/views" "$OUT/widget/app"
cp www/livelens.js www/element.js www/worker.js www/parse-pool.js www/parse-worker.js www/protocol.js www/dom.js www/csv.js www/i18n.js \
  www/store.js www/livelens.css www/livelens.d.ts www/element.d.ts www/protocol.d.ts www/report.d.ts "$OUT/widget/"
cp www/app/*.js "$OUT/widget/app/"
cp www/views/*.js www/views/*.css "$OUT/widget/views/"
cat > "$OUT/widget/paths.js" <<'JS'
// Where the wasm-bindgen bindings live, relative to the widget's files (the package root).
export const BINDINGS = new URL('../livelens.js', import.meta.url).href;
JS
ln -sfn "../$OUT" "www/$OUT"
for m in livelens livelens_sheet; do
  [ -f "$OUT/${m}_bg.wasm" ] || continue
  raw=$(stat -c %s "$OUT/${m}_bg.wasm")
  gz=$(gzip -9c "$OUT/${m}_bg.wasm" | wc -c)
  echo "wasm ($OUT/${m}_bg.wasm): $raw bytes raw, $gz bytes gzipped" >&2
done
