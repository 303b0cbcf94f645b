// Benchmark (not a timed test) of a spreadsheet's way into the engine in Chromium, for comparing
// a build that reads spreadsheets in the engine (before session 7) with one that has the sheet
// module read them (docs/benchmarks.md, "Wasm size, session 7"). Per round and build, a fresh
// page: the engine's wasm instantiated, then the workbook read and parsed as the worker does it —
// in the engine (`beginFile`/`pushChunk`/`endFile` of the file, `ingest`), or with the sheet
// module imported and instantiated, `readSheet`, and its rows pushed instead. Builds alternate;
// prints the medians as JSON.
//
//   python3 bench/csv_to_xlsx.py events.csv events.xlsx   (e.g. the small demo's events)
//   python3 tests/e2e/serve.py 8111 www &
//   node tests/e2e/sheet.bench.mjs ROUNDS events.xlsx name=http://127.0.0.1:8111#pkg name2=...#pkg-x
// (`#dir`: the bindings' folder under the served root, `pkg` when not given).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launch } from './browser.mjs';

const ROUNDS = Number(process.argv[2] || 5);
const FILE = process.argv[3];
const BUILDS = process.argv.slice(4).map((a) => {
  const i = a.indexOf('=');
  const [url, dir] = a.slice(i + 1).split('#');
  return [a.slice(0, i), url, dir || 'pkg'];
});
const bytes = readFileSync(FILE);
const name = path.basename(FILE);
const median = (xs) => { const v = [...xs].sort((a, b) => a - b); return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2; };
const loadavg = async () => (await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ');

const browser = await launch();
const runs = Object.fromEntries(BUILDS.map(([n]) => [n, []]));
const loads = [];
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 ? [...BUILDS].reverse() : BUILDS;
  for (const [build, url, dir] of order) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => console.error(build, 'pageerror', String(e)));
    await page.route(url + '/__bench.html', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bench</title>' }));
    await page.route(url + '/__bench.bin', (route) => route.fulfill({ contentType: 'application/octet-stream', body: bytes }));
    await page.goto(url + '/__bench.html');
    const t = await page.evaluate(async ([dir, name]) => {
      const file = new Uint8Array(await (await fetch('./__bench.bin')).arrayBuffer());
      const out = {};
      let t0 = performance.now();
      const m = await import(`./${dir}/livelens.js`);
      await m.default();
      out.engine_init_ms = performance.now() - t0;
      const engine = new m.Engine();
      engine.configure({ options: { tz_offset_minutes: 480 } });
      t0 = performance.now();
      let input = file;
      out.sheet_init_ms = 0;
      out.read_sheet_ms = 0;
      if (m.readsSpreadsheets && !m.readsSpreadsheets()) {
        const s = await import(`./${dir}/livelens_sheet.js`);
        await s.default();
        out.sheet_init_ms = performance.now() - t0;
        const t1 = performance.now();
        input = s.readSheet(name, file, undefined);
        out.read_sheet_ms = performance.now() - t1;
      }
      const t2 = performance.now();
      engine.beginFile(name, input.length);
      engine.pushChunk(input);
      engine.endFile();
      const v = engine.ingest();
      out.ingest_ms = performance.now() - t2;
      out.total_ms = performance.now() - t0;
      out.rows = v.rows_accepted;
      engine.free();
      return out;
    }, [dir, name]);
    runs[build].push(t);
    await page.close();
  }
  loads.push(await loadavg());
}
await browser.close();
const keys = ['engine_init_ms', 'sheet_init_ms', 'read_sheet_ms', 'ingest_ms', 'total_ms'];
const result = { file: name, bytes: bytes.length, rounds: ROUNDS, load_avg_after_each_round: loads, builds: {} };
for (const [build] of BUILDS) {
  const xs = runs[build];
  result.builds[build] = Object.fromEntries([
    ...keys.map((k) => [k + '_median', Math.round(median(xs.map((x) => x[k])))]),
    ['total_ms_all', xs.map((x) => Math.round(x.total_ms))],
    ['rows_accepted', xs[0].rows],
  ]);
}
console.log(JSON.stringify(result, null, 2));
