// The browser half of scripts/bench.sh: times the LiveLens wasm stages (BenchEngine) and
// DuckDB-wasm on the same CSV files, from the same origin. Query: ?data=bench-data/medium
// &runs=3&groceries=bench-data/groceries.csv&duckdb=1. The result is left in window.benchResult.
// BenchEngine is in the build with the `bench` feature only: pkg-test/ (scripts/bench.sh).
//
// LiveLens parses as the page does: each file is pushed into the wasm in 4 MB slices and parsed
// as it arrives (BenchEngine.beginFile / pushChunk / endFile / finish), never copied whole.
// The wasm heap peak is measured first, on a fresh instance (wasm memory never shrinks, so its
// size after a step is the peak so far): after parsing, after the KPI table, after the report.
// ?pkg=pkg-base runs an older build (whole files copied in, no KPI table) for a before/after.
// ?workers=N: events.csv is parsed as the page's worker parses a large events file, its ranges
// in N parse workers (parse-pool.js) merged in order — in the heap peaks and in the rounds of
// "events.csv alone"; a build without parse workers (pkg-base) parses in place.
const PKG = new URLSearchParams(location.search).get('pkg') || 'pkg-test';
const { default: init, BenchEngine, parseRange } = await import(`./${PKG}/livelens.js`);
const { ParsePool, pushWithWorkers } = await import('./parse-pool.js');
/** Whether this build parses in slices (else each file is copied into the wasm whole). */
const STREAMING = typeof BenchEngine.prototype.pushChunk === 'function';

const q = new URLSearchParams(location.search);
const DATA = q.get('data') || 'bench-data/small';
const RUNS = Number(q.get('runs') || 3);
const GROCERIES = q.get('groceries');
const WITH_DUCKDB = q.get('duckdb') === '1';
const WORKERS = Number(q.get('workers') || 0);
/** `here=0`: the engine does not parse ranges ahead while it waits for a worker's chunk. */
const PARSE_HERE = q.get('here') !== '0';
/** The parse workers (started once, as DuckDB's instance), or null. */
let pool = null;
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

/** Slices pushed into the wasm, as the page's worker reads a File. */
const CHUNK = 4 * 1024 * 1024;

/** A new BenchEngine with `files` parsed in slices; returns it. */
function streamed(files) {
  const engine = new BenchEngine();
  if (!STREAMING) {
    for (const [name, bytes] of files) engine.addFile(name, bytes);
    engine.rowsAccepted = ((n) => () => n)(engine.parse());
    engine.dropFiles();
    engine.kpiTable = () => null;
    return engine;
  }
  for (const [name, bytes] of files) {
    engine.beginFile(name, bytes.length);
    for (let at = 0; at < bytes.length; at += CHUNK) engine.pushChunk(bytes.subarray(at, at + CHUNK));
    engine.endFile();
  }
  engine.finish();
  return engine;
}

/** [`streamed`] with events.csv's ranges parsed by the parse workers (`pool`); also the ranges
 * and how many were merged from a worker's chunk. */
async function streamedByWorkers(files, stats = {}) {
  if (!pool || !STREAMING || typeof BenchEngine.prototype.pushParsed !== 'function') return streamed(files);
  const engine = new BenchEngine();
  for (const [name, bytes] of files) {
    engine.beginFile(name, bytes.length);
    const t = performance.now();
    if (name === 'events.csv') {
      Object.assign(stats, await pushWithWorkers(engine, bytes.length, async (a, b) => bytes.subarray(a, b), pool, () => {}, PARSE_HERE ? parseRange : null));
      stats.push_ms = performance.now() - t;
    } else {
      for (let at = 0; at < bytes.length; at += CHUNK) engine.pushChunk(bytes.subarray(at, at + CHUNK));
    }
    engine.endFile();
  }
  const t = performance.now();
  engine.finish();
  stats.finish_ms = performance.now() - t;
  return engine;
}

/** The wasm heap (linear memory) after each step on a fresh instance: the peaks. */
async function heapPeaks(wasm, files, csvBytes) {
  const mem = () => wasm.memory.buffer.byteLength;
  const out = { start_bytes: mem() };
  const t = performance.now();
  const stats = {};
  const engine = await streamedByWorkers(files, stats);
  if (pool) Object.assign(out, { parse_workers: pool.size, ...stats, parse_worker_heaps: pool.heaps() });
  out.parse_ms = performance.now() - t;
  out.after_parse_bytes = mem();
  engine.kpiTable();
  out.after_kpis_bytes = mem();
  engine.stage('report');
  out.after_report_bytes = mem();
  engine.free();
  out.parse_ratio = out.after_parse_bytes / csvBytes;
  out.report_ratio = out.after_report_bytes / csvBytes;
  log(`heap after parse ${(out.after_parse_bytes / 1e6).toFixed(0)} MB (${out.parse_ratio.toFixed(2)}× CSV), after report ${(out.after_report_bytes / 1e6).toFixed(0)} MB`);
  return out;
}

async function livelens(wasm, files, stagesWanted) {
  const result = { stages: {} };
  let engine = null;
  const parse = timeIt(RUNS, () => {
    if (engine) engine.free();
    engine = streamed(files);
    return engine.rowsAccepted();
  });
  result.stages.parse = { median_ms: parse.median_ms, min_ms: parse.min_ms, runs: RUNS, summary: { rows_accepted: parse.out } };
  log(`parse ${parse.median_ms.toFixed(0)} ms`);
  const table = timeIt(RUNS, () => engine.kpiTable());
  result.stages.kpi_table = { median_ms: table.median_ms, min_ms: table.min_ms, runs: RUNS, summary: table.out };
  log(`kpi_table ${table.median_ms.toFixed(0)} ms`);
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

/** DuckDB-wasm, loaded once; `round()` runs parse, the five KPIs and the funnel once. */
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
  const kpiSql = `SELECT
      count(DISTINCT user_id) FILTER (WHERE event = 'enter')::INTEGER AS viewers,
      count(*) FILTER (WHERE event = 'enter')::INTEGER AS views,
      count(DISTINCT user_id) FILTER (WHERE event = 'pay')::INTEGER AS buyers,
      count(DISTINCT order_id) FILTER (WHERE event = 'pay')::INTEGER AS orders,
      round(sum(amount) FILTER (WHERE event = 'pay'), 2)::DOUBLE AS gmv
    FROM events`;
  // Ordered funnel, 24 h window from each step-1 event, a person counted at the furthest step
  // of their best attempt: each attempt takes the earliest next step inside the window.
  const steps = ['enter', 'product_view', 'click', 'order', 'pay'];
  let funnelSql = `WITH e AS (SELECT user_id, "timestamp" AS ts, event FROM events WHERE event IN (${steps.map((s) => `'${s}'`).join(',')})),
    s1 AS (SELECT user_id, ts AS t1, ts AS t FROM e WHERE event = 'enter')`;
  for (let k = 2; k <= steps.length; k++) {
    funnelSql += `, s${k} AS (SELECT p.user_id, p.t1, min(e.ts) AS t FROM s${k - 1} p JOIN e ON e.user_id = p.user_id
      AND e.event = '${steps[k - 1]}' AND e.ts >= p.t AND e.ts <= p.t1 + INTERVAL 1 DAY GROUP BY p.user_id, p.t1)`;
  }
  funnelSql += ' SELECT ' + steps.map((_, i) => `(SELECT count(DISTINCT user_id) FROM s${i + 1})::INTEGER AS step${i + 1}`).join(', ');
  return {
    bundle: bundle.mainModule.split('/').pop(),
    async round() {
      const t0 = performance.now();
      await c.query('DROP TABLE IF EXISTS events');
      await c.query(`CREATE TABLE events AS SELECT * FROM read_csv('events.csv', header = true, auto_detect = true)`);
      const n = (await rows('SELECT count(*)::INTEGER AS n FROM events'))[0].n;
      const t1 = performance.now();
      const k = (await rows(kpiSql))[0];
      const t2 = performance.now();
      const f = (await rows(funnelSql))[0];
      const t3 = performance.now();
      return { parse: t1 - t0, kpis: t2 - t1, funnel: t3 - t2, rows: n, kpiSummary: k, funnelSteps: Object.values(f) };
    },
    async close() { await c.close(); await db.terminate(); },
  };
}

/** LiveLens on events.csv alone, as DuckDB: parse (in slices; in the parse workers with
 * ?workers=N), the five KPIs, the funnel, and the whole KPI table (overall, per session, per
 * host). */
async function livelensRound(events, keep, workers = true) {
  const t0 = performance.now();
  const stats = {};
  const engine = workers ? await streamedByWorkers([['events.csv', events]], stats) : streamed([['events.csv', events]]);
  if (pool && workers) log(`round: ${JSON.stringify(stats, (k, v) => (typeof v === 'number' ? Math.round(v) : v))}`);
  const t1 = performance.now();
  const k = engine.stage('kpis');
  const t2 = performance.now();
  const f = engine.stage('funnel');
  const t3 = performance.now();
  const table = engine.kpiTable();
  const t4 = performance.now();
  if (keep.engine) keep.engine.free();
  keep.engine = engine;
  return { parse: t1 - t0, kpis: t2 - t1, funnel: t3 - t2, kpi_table: t4 - t3, rows: engine.rowsAccepted(), kpiSummary: k, funnelSteps: f.steps, table };
}

/** Medians over the rounds after the first (a warm-up on both sides). */
function summarise(rounds, keys) {
  const timed = rounds.length > 1 ? rounds.slice(1) : rounds;
  const out = {};
  for (const k of keys) out[k] = { median_ms: median(timed.map((r) => r[k])), min_ms: Math.min(...timed.map((r) => r[k])), runs: timed.length };
  out.total = { median_ms: median(timed.map((r) => keys.filter((k) => k !== 'kpi_table').reduce((s, k) => s + r[k], 0))) };
  return out;
}

async function main() {
  const wasm = await init();
  const result = { data: DATA, pkg: PKG, streaming: STREAMING, user_agent: navigator.userAgent, runs: RUNS };
  const names = ['sessions', 'items', 'users', 'events', 'orders'];
  const files = [];
  let csvBytes = 0;
  for (const n of names) {
    const b = await fetchBytes(`${DATA}/${n}.csv`);
    if (b) { files.push([`${n}.csv`, b]); csvBytes += b.length; }
  }
  result.csv_bytes = csvBytes;
  if (WORKERS > 0) {
    pool = await ParsePool.start(WORKERS, new URL(`./${PKG}/livelens.js`, location.href).href);
    result.parse_workers = pool ? pool.size : 0;
    log(`parse workers: ${result.parse_workers}`);
  }
  // First, on the fresh instance: the heap peaks of the five files.
  result.heap = await heapPeaks(wasm, files, csvBytes);
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
    // Same file, same work on both sides, rounds interleaved (LiveLens, DuckDB, LiveLens, …):
    // events.csv alone → parse, KPIs, funnel.
    const events = files.find(([n]) => n === 'events.csv')[1];
    log('duckdb …');
    const duck = await duckdb(events);
    const keep = {};
    const ours = [];
    const theirs = [];
    // With parse workers, each round also parses in place (the same build, workers off): the
    // two alternate in one run.
    const inPlace = [];
    for (let i = 0; i < RUNS + 1; i++) {
      ours.push(await livelensRound(events, keep));
      theirs.push(await duck.round());
      if (pool) inPlace.push(await livelensRound(events, keep, false));
    }
    if (keep.engine) keep.engine.free();
    if (pool) {
      result.livelens_in_place = summarise(inPlace, ['parse', 'kpis', 'funnel', 'kpi_table']);
      log(`in place: parse ${result.livelens_in_place.parse.median_ms.toFixed(0)} ms, total ${result.livelens_in_place.total.median_ms.toFixed(0)} ms`);
    }
    await duck.close();
    const l = summarise(ours, ['parse', 'kpis', 'funnel', 'kpi_table']);
    const d = summarise(theirs, ['parse', 'kpis', 'funnel']);
    const last = (xs) => xs[xs.length - 1];
    result.livelens_events_only = {
      parse: { ...l.parse, summary: { rows: last(ours).rows } },
      kpis: { ...l.kpis, summary: last(ours).kpiSummary },
      funnel: { ...l.funnel, summary: { steps: last(ours).funnelSteps } },
      kpi_table: { ...l.kpi_table, summary: last(ours).table },
      total: l.total,
    };
    result.duckdb = {
      bundle: duck.bundle,
      stages: {
        parse: { ...d.parse, summary: { rows: last(theirs).rows } },
        kpis: { ...d.kpis, summary: last(theirs).kpiSummary },
        funnel: { ...d.funnel, summary: { steps: last(theirs).funnelSteps } },
      },
      total: d.total,
    };
    result.ratio = d.total.median_ms / l.total.median_ms;
    log(`duckdb total ${d.total.median_ms.toFixed(0)} ms, livelens ${l.total.median_ms.toFixed(0)} ms: ${result.ratio.toFixed(2)}×`);
  }
  if (pool) {
    result.parse_worker_heaps = pool.heaps();
    pool.close();
  }
  result.js_heap_bytes = jsHeap();
  result.wasm_memory_bytes = wasm.memory.buffer.byteLength;
  window.benchResult = result;
}

main().catch((e) => { window.benchResult = { error: String(e && e.stack || e) }; log('error ' + e); });
