// Benchmark (not a timed test) of live mode in Chromium: a session of 1,000,000 events is
// followed through the page's real path (OPFS file handle → worker → LiveSession → screen and
// chart specs → main-thread drawing), then ticks each add 1,000 rows. Prints JSON with the
// medians; docs/benchmarks.md ("Live mode in Chromium") records them.
//
//   python3 tests/e2e/serve.py 8104 www &
//   LIVELENS_URL=http://127.0.0.1:8104 node tests/e2e/live.bench.mjs [events] [ticks]
import { launch } from './browser.mjs';

const URL_ = process.env.LIVELENS_URL || 'http://127.0.0.1:8080';
const EVENTS = Number(process.argv[2] || 1_000_000);
const TICKS = Number(process.argv[3] || 7);
const ROWS_PER_TICK = 1000;
const USERS = 20_000;
const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);
const SPAN_MS = 4 * 3600 * 1000; // a four-hour live
const STEP = SPAN_MS / EVENTS;

// A fixed pseudo-random stream (the same rows every run).
let seed = 42;
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const KINDS = [['enter', 0.14], ['leave', 0.10], ['product_view', 0.2], ['click', 0.1], ['comment', 0.24], ['like', 0.14], ['add_cart', 0.03], ['pay', 0.02], ['follow', 0.03]];
const TEXTS = ['hello', '多少钱？', 'how long is the course?', '已拍', 'nice', '有回放吗', 'too expensive', 'link?'];
const pad = (n) => String(n).padStart(2, '0');
const stamp = (ms) => { const d = new Date(ms); return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`; };
let order = 0;
function row(i) {
  const r = rnd();
  let acc = 0;
  let kind = KINDS[KINDS.length - 1][0];
  for (const [k, p] of KINDS) { acc += p; if (r < acc) { kind = k; break; } }
  const u = Math.floor(rnd() * USERS);
  const item = kind === 'product_view' || kind === 'click' || kind === 'add_cart' || kind === 'pay' ? `p${Math.floor(i / 60000) % 12}` : '';
  const ord = kind === 'pay' ? `o${++order}` : '';
  const amount = kind === 'pay' ? 99 + (u % 5) * 100 : '';
  const text = kind === 'comment' ? TEXTS[u % TEXTS.length] : '';
  return `u${u},bench,${kind},${stamp(T0 + i * STEP)},${item},${ord},${amount},${text}\n`;
}
const HEADER = 'user_id,session_id,event,timestamp,item_id,order_id,amount,text\n';
const median = (xs) => { const v = [...xs].sort((a, b) => a - b); return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2; };

const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
page.on('pageerror', (e) => console.error('pageerror', String(e)));
await page.goto(URL_ + '/?demo=off');
await page.waitForFunction(() => window.livelens && window.livelens.live);
await page.locator('[data-testid=go-live]').click();
await page.locator('[data-testid=live-pick]').waitFor();

// Write the 1M-event file into OPFS in slices.
await page.evaluate(async () => {
  const dir = await navigator.storage.getDirectory();
  const fh = await dir.getFileHandle('bench.csv', { create: true });
  const w = await fh.createWritable({ keepExistingData: false });
  await w.close();
});
const append = (text) => page.evaluate(async (t) => {
  const dir = await navigator.storage.getDirectory();
  const fh = await dir.getFileHandle('bench.csv');
  const size = (await fh.getFile()).size;
  const w = await fh.createWritable({ keepExistingData: true });
  await w.seek(size);
  await w.write(t);
  await w.close();
}, text);
let next = 0;
let bytes = 0;
{
  let buf = HEADER;
  for (; next < EVENTS; next++) {
    buf += row(next);
    if (buf.length > 8_000_000) { await append(buf); bytes += buf.length; buf = ''; }
  }
  if (buf) { await append(buf); bytes += buf.length; }
}
const uptime = (await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ');
const t0 = Date.now();
await page.evaluate(async () => {
  const dir = await navigator.storage.getDirectory();
  await window.livelens.live.followHandle(await dir.getFileHandle('bench.csv'));
});
await page.evaluate(() => window.livelens.live.stop()); // no timer: the bench looks itself
const first = await page.evaluate(() => window.livelens.live.timing);
const firstWall = Date.now() - t0;
const rows0 = await page.evaluate(() => window.livelens.live.screen && window.livelens.live.screen.rows.applied);

const ticks = [];
for (let k = 0; k < TICKS; k++) {
  let buf = '';
  for (let j = 0; j < ROWS_PER_TICK; j++) buf += row(next++);
  await append(buf);
  await page.evaluate(() => window.livelens.live.look());
  ticks.push(await page.evaluate(() => window.livelens.live.timing));
}
const mem = await page.evaluate(() => (performance.memory ? performance.memory.usedJSHeapSize : null));
const result = {
  events: EVENTS, csv_bytes: bytes, rows_applied_after_first_read: rows0, load_avg: uptime,
  first_read: { wall_ms: firstWall, core_ms: first && first.core, draw_ms: first && first.draw },
  tick: {
    rows: ROWS_PER_TICK, ticks: TICKS,
    core_ms_median: median(ticks.map((x) => x.core)),
    core_look_ms_median: median(ticks.map((x) => x.look)),
    draw_ms_median: median(ticks.map((x) => x.draw)),
    total_ms_median: median(ticks.map((x) => x.total)),
    total_ms_all: ticks.map((x) => Math.round(x.total)),
  },
  main_js_heap_bytes: mem,
};
console.log(JSON.stringify(result, null, 2));
await browser.close();
