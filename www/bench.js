// The browser half of scripts/bench.sh: times the LiveLens wasm stages (BenchEngine) and
// DuckDB-wasm on the same CSV files, from the same origin. Query: ?data=bench-data/medium
// &runs=3&groceries=bench-data/groceries.csv&duckdb=1. The result is left in window.benchResult.
// BenchEngine is in the build with the `bench` feature only: pkg-test/ (scripts/bench.sh).
import init, { BenchEngine } from './pkg-test/livelens.js';

const q = new URLSearchParams(location.search);
const DATA = q.get('data') || 'bench-data/small';
const RUNS = Number(q.get('runs') || 3);
const GROCERIES = q.get('groceries');
const WITH_DUCKDB = q.get('duckdb') === '1';
const logEl = document.getElementById('log');
const log = (s) => { logEl.textContent += s + '\n'; console.log(s); };

const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  const n = v.length;
  return n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
};

async function fetchBytes(url) {
  const r = await fetch(url);
  if (!r.ok) return null;
  return new Uint8Array(await r.arrayBuffer());
}

function timeIt(runs, fn) {
  const times = [];
  let out;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    out = fn();
    if (i > 0 || runs <= RUNS) times.push(performance.now() - t); // a first extra run warms up
  }
  runs = times.length;
  return { median_ms: median(times), min_ms: Math.min(...times), runs, out };
}

async function timeAsync(runs, fn) {
  const times = [];
  let out;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    out = await fn(i);
    if (i > 0 || runs <= RUNS) times.push(performance.now() - t); // a first extra run warms up
  }
  runs = times.length;
  return { median_ms: median(times), min_ms: Math.min(...times), runs, out };
}

const jsHeap = () => (performance.memory ? performance.memory.usedJSHeapSize : null);

async function livelens(wasm, files, stagesWanted) {
  const result = { stages: {} };
  let engine = null;
  const parse = timeIt(RUNS, () => {
    if (engine) engine.free();
    engine = new BenchEngine();
    for (const [name, bytes] of files) engine.addFile(name, bytes);
    return engine.parse();
  });
  engine.dropFiles();
  result.stages.parse = { median_ms: parse.median_ms, min_ms: parse.min_ms, runs: RUNS, summary: { rows_accepted: parse.out } };
  log(`parse ${parse.median_ms.toFixed(0)} ms`);
  for (const stage of stagesWanted) {
    const heavy = ['report', 'recommendations', 'prediction', 'clusters', 'als'].includes(stage);
    const run = () => { try { return engine.stage(stage); } catch (e) { return { error: String(e.message || e), code: e.code }; } };
    const r = timeIt(heavy ? Math.min(RUNS, 2) : RUNS, run);
    result.stages[stage] = { median_ms: r.median_ms, min_ms: r.min_ms, runs: r.runs, summary: r.out };
    log(`${stage} ${r.median_ms.toFixed(0)} ms`);
  }
  result.wasm_memory_bytes = wasm.memory.buffer.byteLength;
  engine.free();
  return result;
}

async function duckdb(eventsBytes) {
  const duck = await import('./duckdb/duckdb-browser.mjs');
  const base = new URL('duckdb/', location.href).href;
  const bundle = await duck.selectBundle({
    mvp: { mainModule: base + 'duckdb-mvp.wasm', mainWorker: base + 'duckdb-browser-mvp.worker.js' },
    eh: { mainModule: base + 'duckdb-eh.wasm', mainWorker: base + 'duckdb-browser-eh.worker.js' },
  });
  const worker = new Worker(bundle.mainWorker);
  const db = new duck.AsyncDuckDB(new duck.VoidLogger(), worker);
  await db.instantiate(bundle.mainModule);
  await db.registerFileBuffer('events.csv', eventsBytes.slice());
  const c = await db.connect();
  const rows = async (sql) => (await c.query(sql)).toArray().map((r) => r.toJSON());
  const out = { bundle: bundle.mainModule.split('/').pop(), stages: {} };
  // One untimed warm-up of each query (both sides get one).
  const parse = await timeAsync(RUNS + 1, async () => {
    await c.query('DROP TABLE IF EXISTS events');
    await c.query(`CREATE TABLE events AS SELECT * FROM read_csv('events.csv', header = true, auto_detect = true)`);
    return (await rows('SELECT count(*)::INTEGER AS n FROM events'))[0].n;
  });
  out.stages.parse = { median_ms: parse.median_ms, min_ms: parse.min_ms, runs: RUNS, summary: { rows: parse.out } };
  const kpiSql = `SELECT
      count(DISTINCT user_id) FILTER (WHERE event = 'enter')::INTEGER AS viewers,
      count(*) FILTER (WHERE event = 'enter')::INTEGER AS views,
      count(DISTINCT user_id) FILTER (WHERE event = 'pay')::INTEGER AS buyers,
      count(DISTINCT order_id) FILTER (WHERE event = 'pay')::INTEGER AS orders,
      round(sum(amount) FILTER (WHERE event = 'pay'), 2)::DOUBLE AS gmv
    FROM events`;
  const kpis = await timeAsync(RUNS + 1, () => rows(kpiSql));
  out.stages.kpis = { median_ms: kpis.median_ms, min_ms: kpis.min_ms, runs: RUNS, summary: kpis.out[0] };
  // Ordered funnel, 24 h window from each step-1 event, a person counted at the furthest step
  // of their best attempt: each attempt takes the earliest next step inside the window.
  const steps = ['enter', 'product_view', 'click', 'order', 'pay'];
  let sql = `WITH e AS (SELECT user_id, "timestamp" AS ts, event FROM events WHERE event IN (${steps.map((s) => `'${s}'`).join(',')})),
    s1 AS (SELECT user_id, ts AS t1, ts AS t FROM e WHERE event = 'enter')`;
  for (let k = 2; k <= steps.length; k++) {
    sql += `, s${k} AS (SELECT p.user_id, p.t1, min(e.ts) AS t FROM s${k - 1} p JOIN e ON e.user_id = p.user_id
      AND e.event = '${steps[k - 1]}' AND e.ts >= p.t AND e.ts <= p.t1 + INTERVAL 1 DAY GROUP BY p.user_id, p.t1)`;
  }
  sql += ' SELECT ' + steps.map((_, i) => `(SELECT count(DISTINCT user_id) FROM s${i + 1})::INTEGER AS step${i + 1}`).join(', ');
  const funnel = await timeAsync(RUNS + 1, () => rows(sql));
  out.stages.funnel = { median_ms: funnel.median_ms, min_ms: funnel.min_ms, runs: RUNS, summary: { steps: Object.values(funnel.out[0]) } };
  await c.close();
  await db.terminate();
  return out;
}

async function main() {
  const wasm = await init();
  const result = { data: DATA, user_agent: navigator.userAgent, runs: RUNS };
  const names = ['sessions', 'items', 'users', 'events', 'orders'];
  const files = [];
  let csvBytes = 0;
  for (const n of names) {
    const b = await fetchBytes(`${DATA}/${n}.csv`);
    if (b) { files.push([`${n}.csv`, b]); csvBytes += b.length; }
  }
  result.csv_bytes = csvBytes;
  const stages = (q.get('stages') || 'kpis,funnel,timeline,retention,rfm,clusters,prediction,als,recommendations,report').split(',').filter(Boolean);
  result.livelens = await livelens(wasm, files, stages);
  if (GROCERIES) {
    const text = new TextDecoder().decode(await fetchBytes(GROCERIES));
    const e = new BenchEngine();
    const r = timeIt(Math.max(RUNS, 5), () => e.rules(text));
    result.livelens.stages.rules_groceries = { median_ms: r.median_ms, min_ms: r.min_ms, runs: r.runs, summary: r.out };
    e.free();
    log(`rules ${r.median_ms.toFixed(0)} ms`);
  }
  if (WITH_DUCKDB) {
    // Same file, same work on both sides: events.csv alone → parse, KPIs, funnel.
    const events = files.find(([n]) => n === 'events.csv')[1];
    const e = new BenchEngine();
    const side = {};
    const parse = timeIt(RUNS + 1, () => { const x = new BenchEngine(); x.addFile('events.csv', events); const n = x.parse(); side.engine?.free(); side.engine = x; return n; });
    const kpis = timeIt(RUNS + 1, () => side.engine.stage('kpis'));
    const funnel = timeIt(RUNS + 1, () => side.engine.stage('funnel'));
    side.engine.free();
    e.free();
    result.livelens_events_only = {
      parse: { median_ms: parse.median_ms, runs: RUNS },
      kpis: { median_ms: kpis.median_ms, summary: kpis.out },
      funnel: { median_ms: funnel.median_ms, summary: funnel.out },
    };
    log('duckdb …');
    result.duckdb = await duckdb(events);
    log(`duckdb parse ${result.duckdb.stages.parse.median_ms.toFixed(0)} ms`);
  }
  result.js_heap_bytes = jsHeap();
  result.wasm_memory_bytes = wasm.memory.buffer.byteLength;
  window.benchResult = result;
}

main().catch((e) => { window.benchResult = { error: String(e && e.stack || e) }; log('error ' + e); });
