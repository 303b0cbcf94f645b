// Benchmark (not a timed test) of the report path in Chromium through the wasm bindings, for
// comparing two builds of the wasm side by side (docs/benchmarks.md, "Wasm size back under
// 1 MiB"): the demo data generated in the wasm, parsed (`Engine.ingest`), the whole report with
// its chart specs (`Engine.analyzeSections`, the worker's call, JS values out), then every chart
// parsed into a `Chart` and drawn on a canvas (the main thread's part). Builds are run
// alternately, one fresh page each, for the given rounds; prints the medians as JSON.
//
//   python3 tests/e2e/serve.py 8101 www &  (and a second server for the other build's www/)
//   node tests/e2e/report.bench.mjs ROUNDS SCALE name=http://127.0.0.1:8101 name2=http://...#pkg-x
// (`#dir`: the bindings' folder under the served root, `pkg` when not given).
import { launch } from './browser.mjs';

const ROUNDS = Number(process.argv[2] || 5);
const SCALE = process.argv[3] || 'medium';
const BUILDS = process.argv.slice(4).map((a) => {
  const i = a.indexOf('=');
  const [url, dir] = a.slice(i + 1).split('#');
  return [a.slice(0, i), url, dir || 'pkg'];
});
const median = (xs) => { const v = [...xs].sort((a, b) => a - b); return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2; };
const loadavg = async () => (await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ');

const browser = await launch();
const runs = Object.fromEntries(BUILDS.map(([n]) => [n, []]));
const loads = [];
for (let r = 0; r < ROUNDS; r++) {
  // Alternate which build goes first, so neither always runs on a warmer machine.
  const order = r % 2 ? [...BUILDS].reverse() : BUILDS;
  for (const [name, url, dir] of order) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => console.error(name, 'pageerror', String(e)));
    // A blank document of the build's origin (nothing of the page runs beside the bench).
    await page.route(url + '/__bench.html', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bench</title>' }));
    await page.goto(url + '/__bench.html');
    const t = await page.evaluate(async ([scale, dir]) => {
      const m = await import(`./${dir}/livelens.js`);
      await m.default();
      const out = {};
      const engine = new m.Engine();
      let t0 = performance.now();
      engine.loadDemo(7, scale);
      out.demo_ms = performance.now() - t0;
      t0 = performance.now();
      engine.ingest();
      out.ingest_ms = performance.now() - t0;
      t0 = performance.now();
      const res = engine.analyzeSections(undefined, 'en', undefined, false, () => {});
      out.report_ms = performance.now() - t0;
      const canvas = document.createElement('canvas');
      canvas.width = 1200;
      canvas.height = 640;
      document.body.append(canvas);
      t0 = performance.now();
      for (const spec of res.charts) {
        const chart = new m.Chart(spec);
        chart.draw(canvas, 2, false);
        chart.table();
        chart.free();
      }
      out.charts_ms = performance.now() - t0;
      out.charts = res.charts.length;
      out.report_json_bytes = JSON.stringify(res.report).length;
      engine.free();
      return out;
    }, [SCALE, dir]);
    runs[name].push(t);
    await page.close();
  }
  loads.push(await loadavg());
}
await browser.close();
const keys = ['demo_ms', 'ingest_ms', 'report_ms', 'charts_ms'];
const result = { scale: SCALE, rounds: ROUNDS, load_avg_after_each_round: loads, builds: {} };
for (const [name] of BUILDS) {
  const xs = runs[name];
  result.builds[name] = Object.fromEntries([
    ...keys.map((k) => [k + '_median', Math.round(median(xs.map((x) => x[k])))]),
    ['report_plus_charts_ms_all', xs.map((x) => Math.round(x.report_ms + x.charts_ms))],
    ['charts', xs[0].charts], ['report_json_bytes', xs[0].report_json_bytes],
  ]);
}
console.log(JSON.stringify(result, null, 2));
