// The wasm heap as the page uses the engine (docs/benchmarks.md, "Issue #13 after session 8"):
// the five CSVs of DIR pushed in 4 MiB slices as www/worker.js does, then either the page's lazy
// order (`lazy`: the KPI table, the light sections, then the heavy sections of each view as it
// is first opened, merged; the lists are www/app/lazy.js's own) or one call computing every
// section (`whole`, as `Engine.analyze` / lazy sections off). Prints the linear memory (it
// never shrinks, so each figure is the peak so far) against the CSVs' size.
//   LIVELENS_OUT=pkg-test LIVELENS_FEATURES=bench,testing scripts/build.sh
//   node bench/wasm_heap_page.mjs [PKG=pkg-test] [DIR=out/bench/medium] [lazy|whole]
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LIGHT, VIEW_SECTIONS } from '../www/app/lazy.js';

const [pkg = 'pkg-test', dir = 'out/bench/medium', mode = 'lazy'] = process.argv.slice(2);
const ll = await import(pathToFileURL(path.resolve(pkg, 'livelens.js')).href);
const wasm = ll.initSync({ module: fs.readFileSync(path.join(pkg, 'livelens_bg.wasm')) });
const names = ['sessions', 'items', 'users', 'events', 'orders'].filter((n) => fs.existsSync(path.join(dir, `${n}.csv`)));
const csv = names.reduce((s, n) => s + fs.statSync(path.join(dir, `${n}.csv`)).size, 0);
const show = (what) => {
  const m = wasm.memory.buffer.byteLength;
  console.log(`${what.padEnd(48)} ${(m / 1e6).toFixed(1).padStart(7)} MB  ${(m / csv).toFixed(2)}x the CSVs (${(csv / 1e6).toFixed(1)} MB)`);
};
const e = new ll.Engine();
e.configure({ options: { tz_offset_minutes: 480 } });
const SLICE = 4 << 20;
for (const n of names) {
  const b = fs.readFileSync(path.join(dir, `${n}.csv`));
  e.beginFile(`${n}.csv`, b.length, undefined);
  for (let at = 0; at < b.length; at += SLICE) e.pushChunk(b.subarray(at, at + SLICE));
  e.endFile();
}
e.ingest();
show('after parsing');
e.analyzeKpis('en');
show('after the KPI table');
const none = () => {};
if (mode === 'whole') {
  e.analyzeSections(undefined, 'en', undefined, false, none);
  show('after the whole report in one call');
} else {
  e.analyzeSections(undefined, 'en', LIGHT, false, none);
  show('after the light sections');
  for (const [view, sections] of Object.entries(VIEW_SECTIONS)) {
    e.analyzeSections(undefined, 'en', sections, true, none);
    show(`after opening ${view} (${sections.join(', ')})`);
  }
}
e.free();
