// The wasm heap while the medium demo is ingested and analysed (docs/benchmarks.md, "Fifth pass:
// memory"): the five CSVs pushed in 4 MiB slices as www/worker.js does, the linear memory's size
// (it never shrinks) after each file, after ingest, the KPI table and the whole report.
//   cargo rustc --profile release --lib --target wasm32-unknown-unknown -- -C llvm-args=-inline-threshold=50 -C target-feature=+simd128
//   wasm-bindgen --target nodejs --out-dir PKG --out-name livelens target/wasm32-unknown-unknown/release/livelens.wasm
//   node bench/wasm_heap.cjs PKG DATA_DIR [report]   (DATA_DIR from `livelens demo --scale medium`)
const fs = require('fs');
const path = require('path');
const [pkg, dir, rep] = process.argv.slice(2);
const src = fs.readFileSync(path.join(pkg, 'livelens.js'), 'utf8');
const glue = path.join(pkg, 'livelens_probe.cjs');
fs.writeFileSync(glue, src + '\nmodule.exports.__wasm = wasm;\n');
const ll = require(path.resolve(glue));
const mem = () => ll.__wasm.memory.buffer.byteLength;
const names = ['sessions', 'items', 'users', 'events', 'orders'];
let csv = 0;
for (const n of names) csv += fs.statSync(path.join(dir, n + '.csv')).size;
const show = (what) => console.log(`${what.padEnd(22)} ${(mem() / 1e6).toFixed(1).padStart(7)} MB  ${(mem() / csv).toFixed(2)}x`);
console.log(`CSV ${(csv / 1e6).toFixed(1)} MB`);
const e = new ll.Engine();
e.configure({ options: { tz_offset_minutes: 480 } });
show('start');
const CHUNK = 4 << 20;
for (const n of names) {
  const buf = fs.readFileSync(path.join(dir, n + '.csv'));
  e.beginFile(n + '.csv', buf.length, undefined);
  for (let at = 0; at < buf.length; at += CHUNK) e.pushChunk(buf.subarray(at, at + CHUNK));
  e.endFile();
  show('after ' + n);
}
const t0 = Date.now();
e.ingest();
show('after ingest');
if (rep) {
  const k = e.analyzeKpis('en');
  show('after KPI table');
  const r = e.analyze({}, 'en');
  show('after whole report');
  fs.writeFileSync(path.join(pkg, 'report.json'), JSON.stringify(r));
}
console.log(`(${((Date.now() - t0) / 1000).toFixed(1)} s after parsing)`);
