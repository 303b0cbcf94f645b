// The embeddable widget, provably private and robust: no network request while loading,
// analysing and exporting data; works under the strict CSP sent as an HTTP header; data shows
// as text, never markup; a panic inside the wasm stays inside the widget; 50 mounts and
// destroys leak no workers or listeners; the custom element, progress and cancel, KPIs first,
// tables, URL state and the opt-in browser storage. Run by scripts/test.sh, which serves www/
// with tests/e2e/serve.py (CSP header, application/wasm).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import net from 'node:net';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { launch } from './browser.mjs';
import { STRINGS } from '../../www/i18n.js';

const URL_ = process.env.LIVELENS_URL || 'http://127.0.0.1:8080';
const ORIGIN = new URL(URL_).origin;
const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.join(here, '..', '..', 'target', 'screenshots');
mkdirSync(shots, { recursive: true });
const tmp = path.join(os.tmpdir(), `livelens-widget-${process.pid}`);
mkdirSync(tmp, { recursive: true });

const XSS = '<img src=x onerror=alert(1)>';
const EVENTS = `user_id,session_id,event,timestamp,amount,item_id
u1,s1,enter,2026-10-01 20:00:00,,
u1,s1,click,2026-10-01 20:01:00,,p1
u1,s1,pay,2026-10-01 20:02:00,99,p1
u2,s1,enter,2026-10-01 20:00:30,,
u2,s1,leave,2026-10-01 20:10:00,,
u3,s2,enter,2026-10-02 20:00:00,,
u3,s2,pay,2026-10-02 20:05:00,10,p2
`;
const SESSIONS = `session_id,host,title,start,end
s1,Lin,"${XSS}",2026-10-01 20:00:00,2026-10-01 21:00:00
s2,"<b>bold</b>","=HYPERLINK(""http://evil.example"")",2026-10-02 20:00:00,2026-10-02 21:00:00
`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A fresh page recording every request (pages and workers), console errors and dialogs. */
async function openPage(url, { viewport = { width: 1280, height: 900 }, colorScheme = 'light', init } = {}) {
  const context = await browser.newContext({ viewport, colorScheme, acceptDownloads: true });
  const page = await context.newPage();
  const log = { requests: [], errors: [], dialogs: [], csp: [] };
  context.on('request', (r) => log.requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') log.errors.push(m.text()); });
  page.on('pageerror', (e) => log.errors.push(String(e)));
  page.on('dialog', (d) => { log.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`), true);
  });
  if (init) await page.addInitScript(init);
  const response = url ? await page.goto(url) : null;
  return { context, page, log, response };
}

const inWidget = (page, sel) => page.locator(sel);
const kpi = (page, key) => page.locator(`[data-testid=kpi-overall] [data-kpi="${key}"] .kpi-value`);

async function waitReport(page, timeout = 60_000) {
  await page.waitForFunction(() => window.livelens && window.livelens.exportReport() && !window.livelens.state.busy, null, { timeout });
}

async function uploadOwn(page, files) {
  const paths = files.map(([name, text]) => { const p = path.join(tmp, name); writeFileSync(p, text); return p; });
  await page.locator('[data-testid=file-input]').setInputFiles(paths);
}

test('every string of the widget exists in English and Chinese', () => {
  const en = Object.keys(STRINGS.en).sort();
  const zh = Object.keys(STRINGS.zh).sort();
  assert.deepEqual(en.filter((k) => !zh.includes(k)), [], 'missing in zh');
  assert.deepEqual(zh.filter((k) => !en.includes(k)), [], 'missing in en');
  for (const k of en) assert.ok(String(STRINGS.zh[k]).trim(), `empty zh string ${k}`);
});

test('after the page loads, loading, analysing and exporting data make no network request', async () => {
  const { context, page, log, response } = await openPage(URL_ + '/?lang=en');
  // The server sends the strict CSP as a header; the page runs under it.
  assert.match(response.headers()['content-security-policy'] || '', /script-src 'self' 'wasm-unsafe-eval'/);
  await waitReport(page);
  await page.locator('canvas[data-drawn="1"]').first().waitFor({ timeout: 30_000 });
  // The recorder sees the worker's requests too: the bindings are fetched by the page (for
  // drawing) and by the worker (for analysis).
  const wasmFetches = log.requests.filter((u) => u.endsWith('/livelens_bg.wasm')).length;
  assert.ok(wasmFetches >= 2, `wasm fetched by page and worker: ${wasmFetches}`);
  log.requests.length = 0;

  // Own data: upload, analyse, switch language, show a chart's table, export CSV, PNG, report.
  await uploadOwn(page, [['events.csv', EVENTS], ['sessions.csv', SESSIONS]]);
  await page.waitForFunction(() => window.livelens.state.source === 'own' && !window.livelens.state.busy && window.livelens.exportReport(), null, { timeout: 30_000 });
  assert.equal(await kpi(page, 'viewers').innerText(), '3');
  await page.locator('[data-testid=lang]').click();
  await page.locator('[data-testid=lang]').click();
  await page.locator('canvas[data-drawn="1"]').first().waitFor();
  const tableBtn = page.locator('.chart-tools button').first();
  await tableBtn.click();
  const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=kpi-sessions-csv]').click()]);
  const [png] = await Promise.all([page.waitForEvent('download'), page.locator('.chart-tools button').nth(1).click()]);
  assert.match(csv.suggestedFilename(), /\.csv$/);
  assert.match(png.suggestedFilename(), /\.png$/);
  const report = await page.evaluate(() => window.livelens.exportReport());
  assert.equal(report.kpis.overall.viewers, 3);
  await page.waitForTimeout(500);
  // The browser itself re-requests the page's favicon when the URL hash changes (the view
  // and language are kept there); that is a static asset of the page, not data.
  const network = log.requests.filter((u) => /^(https?|wss?|ftp):/i.test(u) && !u.endsWith('/favicon.svg'));
  assert.deepEqual(network, [], 'no network request after the page loaded');
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violation');
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('the embed example works under the strict CSP header, as a custom element in dark mode', async () => {
  const { context, page, log, response } = await openPage(URL_ + '/embed-example.html', { viewport: { width: 1280, height: 1000 } });
  assert.match(response.headers()['content-security-policy'] || '', /default-src 'self'/);
  await page.locator('livelens-dashboard [data-testid=kpi-overall]').waitFor({ timeout: 60_000 });
  await page.locator('livelens-dashboard canvas[data-drawn="1"]').first().waitFor({ timeout: 30_000 });
  const dark = await page.evaluate(() => document.getElementById('dashboard').shadowRoot.querySelector('.ll').classList.contains('dark'));
  assert.ok(dark, 'theme="dark" applies');
  // The host's accent colour reaches inside through --ll-accent.
  const accent = await page.evaluate(() => getComputedStyle(document.getElementById('dashboard').shadowRoot.querySelector('.logo')).color);
  assert.equal(accent, 'rgb(139, 92, 246)');
  // Canvases are sized for the device's pixels.
  const px = await page.evaluate(() => { const c = document.getElementById('dashboard').shadowRoot.querySelector('canvas[data-chart]'); return [c.width, c.clientWidth]; });
  assert.equal(px[0], px[1]);
  await page.screenshot({ path: path.join(shots, 'embed-example-dark.png'), fullPage: true });
  // Attributes drive the widget: language.
  await page.evaluate(() => document.getElementById('dashboard').setAttribute('lang', 'zh'));
  await page.waitForFunction(() => document.getElementById('dashboard').shadowRoot.textContent.includes('直播间核心指标'));
  // The views attribute limits the navigation; the view attribute switches.
  await page.evaluate(() => document.getElementById('dashboard').setAttribute('views', 'overview,funnel'));
  await page.waitForFunction(() => document.getElementById('dashboard').shadowRoot.querySelectorAll('[data-testid=nav] [data-view]').length === 2);
  await page.evaluate(() => document.getElementById('dashboard').setAttribute('view', 'funnel'));
  await page.locator('livelens-dashboard .view[data-view=funnel]').waitFor();
  await page.evaluate(() => document.getElementById('dashboard').setAttribute('view', 'overview'));
  // Handle events come out as DOM events.
  const got = await page.evaluate(() => new Promise((resolve) => {
    const el = document.getElementById('dashboard');
    el.addEventListener('livelens-report', (e) => resolve(e.detail.kpis.overall.viewers > 0), { once: true });
    el.livelens.loadDemo();
  }));
  assert.ok(got);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('HiDPI: canvases get device pixels; dark mode from the system; screenshot', async () => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 2, colorScheme: 'dark' });
  const page = await context.newPage();
  await page.goto(URL_ + '/?lang=zh');
  await waitReport(page); // the full report re-renders what the KPIs-first pass drew
  await page.locator('canvas[data-drawn="1"]').first().waitFor({ timeout: 60_000 });
  const [w, cw] = await page.evaluate(() => { const c = document.getElementById('app').shadowRoot.querySelector('canvas[data-drawn="1"]'); return [c.width, c.clientWidth]; });
  assert.equal(w, cw * 2);
  assert.ok(await page.evaluate(() => document.getElementById('app').shadowRoot.querySelector('.ll').classList.contains('dark')));
  // Hover: the value under the pointer, found by the Rust hit-test.
  await page.locator('canvas[data-drawn="1"]').first().scrollIntoViewIfNeeded();
  const box = await page.locator('canvas[data-drawn="1"]').first().boundingBox();
  let tip = '';
  for (let x = 0.2; x < 0.9 && !tip; x += 0.05) {
    await page.mouse.move(box.x + box.width * x, box.y + box.height * 0.8);
    await page.waitForTimeout(60);
    tip = await page.evaluate(() => { const t = document.getElementById('app').shadowRoot.querySelector('.tip:not([hidden])'); return t ? t.textContent : ''; });
  }
  assert.ok(tip.length > 0, 'a hover tooltip shows a value');
  // Resize redraws at the new size.
  await page.setViewportSize({ width: 700, height: 900 });
  await page.waitForFunction(() => { const c = document.getElementById('app').shadowRoot.querySelector('canvas[data-drawn="1"]'); return c.width === c.clientWidth * 2 && c.clientWidth < 700; }, null, { timeout: 10_000 });
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(shots, 'widget-dark-zh.png'), fullPage: false });
  await context.close();
});

test('data values show as text, never markup', async () => {
  const { context, page, log } = await openPage(URL_ + '/?demo=off&lang=en');
  await page.locator('[data-testid=dropzone]').waitFor();
  await uploadOwn(page, [['events.csv', EVENTS], ['sessions.csv', SESSIONS], [`${XSS}.csv`, 'colour,size\nred,3\n']]);
  await page.waitForFunction(() => window.livelens.exportReport(), null, { timeout: 30_000 });
  const info = await page.evaluate(() => {
    const root = document.getElementById('app').shadowRoot;
    return { imgs: root.querySelectorAll('img').length + document.querySelectorAll('img').length, bold: root.querySelectorAll('b').length, text: root.textContent };
  });
  assert.equal(info.imgs, 0, 'no <img> was created from data');
  assert.ok(info.text.includes(XSS), 'the title shows literally');
  assert.ok(info.text.includes('<b>bold</b>'), 'the host name shows literally');
  assert.ok(info.text.includes(`${XSS}.csv`), 'the file name shows literally');
  await page.waitForTimeout(300);
  assert.deepEqual(log.dialogs, [], 'no script ran');
  // The table's CSV neutralises the formula-like title.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=kpi-sessions-csv]').click()]);
  const csv = readFileSync(await dl.path(), 'utf8');
  assert.ok(csv.startsWith('\ufeff'), 'BOM for Excel');
  assert.ok(csv.includes(`"s2 · =HYPERLINK(""http://evil.example"")"`) || !csv.includes(',=HYPERLINK'), 'no cell starts with =');
  assert.ok(!/(^|,)"?=/m.test(csv.replace(/^\ufeff/, '')), 'no cell starts with =');
  assert.ok(csv.includes(XSS));
  await context.close();
});

test('a panic inside the wasm shows a message in the widget and leaves the host page working', async () => {
  // The panic hook (Engine.debugPanic) is only in the test build, pkg-test/ (feature `testing`,
  // built by scripts/test.sh): the example page's element.js is served as that build's widget.
  const { context, page, log } = await openPage(null);
  await page.route(`${URL_}/element.js`, (route) => route.fulfill({
    contentType: 'text/javascript', body: "export * from './pkg-test/widget/element.js';",
  }));
  await page.goto(URL_ + '/embed-example.html');
  await page.locator('livelens-dashboard [data-testid=kpi-overall]').waitFor({ timeout: 60_000 });
  await page.evaluate(() => document.getElementById('dashboard').livelens._debugPanic());
  const alert = page.locator('livelens-dashboard [data-testid=alert]');
  await alert.waitFor({ timeout: 20_000 });
  const text = await alert.innerText();
  assert.match(text, /stopped unexpectedly/);
  assert.match(text, /debug_panic/);
  // The host page is untouched and responsive.
  assert.equal(await page.locator('#after').innerText(), 'The host page keeps working around the widget, whatever happens inside it.');
  assert.equal(await page.evaluate(() => 6 * 7), 42);
  assert.ok(!log.errors.some((e) => /Uncaught/.test(e) && !/debug_panic|unreachable/.test(e)), log.errors.join('\n'));
  // The engine was restarted: the widget works again.
  await page.evaluate(() => document.getElementById('dashboard').livelens.loadDemo());
  await page.locator('livelens-dashboard [data-testid=kpi-overall]').waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('livelens-dashboard [data-testid=alert]').count(), 0);
  await context.close();
});

test('mounting and destroying 50 times leaks no workers, listeners or memory', async () => {
  const { context, page } = await openPage(URL_ + '/?demo=off', {
    init: () => {
      // Count live workers and window/media-query listeners.
      const W = window.Worker;
      window.__live = { workers: 0, made: 0, listeners: 0 };
      window.Worker = class extends W {
        constructor(...a) { super(...a); window.__live.workers++; window.__live.made++; }
        terminate() { if (!this.__done) { this.__done = true; window.__live.workers--; } super.terminate(); }
      };
      for (const proto of [EventTarget.prototype]) {
        const add = proto.addEventListener;
        const rm = proto.removeEventListener;
        proto.addEventListener = function (type, fn, o) { if (this === window || this instanceof MediaQueryList) window.__live.listeners++; return add.call(this, type, fn, o); };
        proto.removeEventListener = function (type, fn, o) { if (this === window || this instanceof MediaQueryList) window.__live.listeners--; return rm.call(this, type, fn, o); };
      }
    },
  });
  await page.locator('[data-testid=dropzone]').waitFor();
  await page.waitForTimeout(500);
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  const heap = async () => { await cdp.send('HeapProfiler.collectGarbage'); return (await cdp.send('Runtime.getHeapUsage')).usedSize; };
  const cycle = (n) => page.evaluate(async (count) => {
    const { mount } = await import('./livelens.js');
    for (let i = 0; i < count; i++) {
      const host = document.createElement('div');
      document.body.append(host);
      const hd = mount(host, { demo: false, persist: false });
      await new Promise((r) => setTimeout(r, i % 2 ? 5 : 120));
      hd.destroy();
      host.remove();
    }
  }, n);
  const base = await page.evaluate(() => ({ ...window.__live }));
  await cycle(10);
  await page.waitForTimeout(300);
  const heap10 = await heap();
  await cycle(40);
  await page.waitForTimeout(500);
  const heap50 = await heap();
  const live = await page.evaluate(() => ({ ...window.__live }));
  assert.equal(live.made - base.made, 50, 'one worker per mount');
  assert.equal(live.workers, base.workers, 'every worker of a destroyed widget is terminated');
  assert.equal(live.listeners, base.listeners, 'every window / media-query listener is removed');
  // Chromium's own view: only the page's widget's worker is alive.
  for (let i = 0; i < 50 && page.workers().length > base.workers; i++) await page.waitForTimeout(100);
  assert.equal(page.workers().length, base.workers, 'Chromium lists no leftover worker');
  const growth = heap50 - heap10;
  assert.ok(growth < 4 * 1024 * 1024, `JS heap grew ${growth} bytes over 40 more mounts`);
  await context.close();
});

test('big files: progress with bytes and stage, the page stays responsive, cancel works', async () => {
  // ~40 MB of events.
  const lines = ['user_id,session_id,event,timestamp,amount'];
  for (let i = 0; i < 700_000; i++) lines.push(`user${i % 50000},s${i % 30},enter,2026-10-0${1 + (i % 9)} 20:${String(i % 60).padStart(2, '0')}:00,`);
  const big = path.join(tmp, 'big-events.csv');
  writeFileSync(big, lines.join('\n'));
  const { context, page } = await openPage(URL_ + '/?demo=off&lang=en');
  await page.locator('[data-testid=dropzone]').waitFor();
  await page.waitForTimeout(500);
  await page.locator('[data-testid=file-input]').setInputFiles(big);
  await page.locator('[data-testid=progress-stage]').waitFor({ timeout: 10_000 });
  // While the worker parses, the main thread answers at once.
  const t0 = Date.now();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  assert.ok(Date.now() - t0 < 1000, 'main thread responsive');
  await page.waitForFunction(() => /MB/.test(document.getElementById('app').shadowRoot.querySelector('[data-testid=progress-facts]')?.textContent || ''), null, { timeout: 20_000 });
  const bar = await page.locator('.progress').innerText();
  assert.ok(!/null|undefined|NaN/.test(bar), bar);
  assert.match(bar, /MB/, 'the input size shows');
  await page.locator('[data-testid=cancel]').click();
  await page.locator('[data-testid=notice]').waitFor({ timeout: 10_000 });
  assert.match(await page.locator('[data-testid=notice]').innerText(), /Cancelled/);
  assert.equal(await page.evaluate(() => window.livelens.state.busy), false);
  // The widget works after cancelling.
  await page.evaluate(() => window.livelens.loadDemo());
  await waitReport(page);
  await context.close();
});

test('a file too big for the browser says how much fits and names the CLI', async () => {
  const { context, page } = await openPage(URL_ + '/?demo=off&lang=en');
  await page.locator('[data-testid=dropzone]').waitFor();
  // Lower the budget (an option for small devices) instead of allocating gigabytes.
  await page.evaluate(() => window.livelens.update({ maxInputBytes: 100 }));
  await uploadOwn(page, [['events.csv', EVENTS]]);
  const alert = page.locator('[data-testid=alert]');
  await alert.waitFor({ timeout: 20_000 });
  const text = await alert.innerText();
  assert.match(text, /too big for this browser/);
  assert.match(text, /100 B/);
  assert.match(text, /livelens analyze/);
  await context.close();
});

test('KPIs arrive first, then the full report; progress names the stages', async () => {
  const { context, page } = await openPage(URL_ + '/?demo=off&lang=en');
  await page.locator('[data-testid=dropzone]').waitFor();
  // Every section at once (lazy heavy sections: tests/e2e/lazy.test.mjs).
  await page.evaluate(() => window.livelens.update({ lazySections: false }));
  const seen = await page.evaluate(() => new Promise((resolve) => {
    const order = [];
    const steps = new Set();
    window.livelens.on('progress', (p) => { if (p.step) steps.add(p.step); });
    window.livelens.on('kpis', (r) => order.push(['kpis', r.funnel === null, r.kpis.overall.viewers > 0]));
    window.livelens.on('report', (r) => { order.push(['report', r.funnel !== null]); resolve({ order, steps: [...steps] }); });
    window.livelens.loadDemo();
  }));
  assert.deepEqual(seen.order, [['kpis', true, true], ['report', true]]);
  for (const s of ['kpis', 'segments', 'funnel', 'recommendations']) assert.ok(seen.steps.includes(s), s);
  await context.close();
});

test('tables sort and filter; the view and settings live in the URL', async () => {
  const { context, page } = await openPage(URL_ + '/?lang=en');
  await waitReport(page);
  const col = (n) => page.evaluate((i) => [...document.getElementById('app').shadowRoot.querySelectorAll('[data-testid=kpi-sessions] tbody tr')].map((tr) => tr.children[i].textContent), n);
  const heads = await page.evaluate(() => [...document.getElementById('app').shadowRoot.querySelectorAll('[data-testid=kpi-sessions] thead th')].map((th) => th.textContent));
  const gmvIdx = heads.indexOf('GMV');
  assert.ok(gmvIdx > 0);
  await page.locator('[data-testid=kpi-sessions] thead th').nth(gmvIdx).locator('button').click();
  const num = (s) => Number(s.replace(/[^0-9.]/g, ''));
  const desc = (await col(gmvIdx)).map(num);
  assert.deepEqual(desc, [...desc].sort((a, b) => b - a), 'descending first for numbers');
  await page.locator('[data-testid=kpi-sessions] thead th').nth(gmvIdx).locator('button').click();
  const asc = (await col(gmvIdx)).map(num);
  assert.deepEqual(asc, [...asc].sort((a, b) => a - b));
  const all = (await col(0)).length;
  const first = (await col(0))[0].split(' · ')[0];
  await page.locator('[data-testid=kpi-sessions-filter]').fill(first);
  const filtered = await col(0);
  assert.ok(filtered.length >= 1 && filtered.length < all, `${filtered.length} of ${all}`);
  assert.ok(filtered.every((c) => c.includes(first)));
  // URL state: language and view in the hash, never data.
  await page.locator('[data-testid=lang]').click();
  await page.waitForFunction(() => location.hash.includes('lang=zh'));
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /view=overview/);
  assert.ok(!/u\d|s\d|¥|gmv/i.test(decodeURIComponent(hash).replace(/view=\w+|lang=\w+|tz=-?\d+/g, '')), hash);
  await page.goto(URL_ + '/#view=overview&lang=zh&tz=480&dup=0');
  await page.reload();
  await page.waitForFunction(() => document.getElementById('app').shadowRoot.textContent.includes('直播间核心指标'), null, { timeout: 60_000 });
  assert.equal(await page.locator('[data-testid=tz]').inputValue(), '480');
  await context.close();
});

test('opt-in: keep files in this browser, reopen them, erase with one click', async () => {
  const { context, page } = await openPage(URL_ + '/?demo=off&lang=en');
  await page.locator('[data-testid=dropzone]').waitFor();
  assert.equal(await page.locator('[data-testid=saved]').count(), 0, 'nothing kept by default');
  await page.locator('.settings summary').click();
  await page.locator('[data-testid=keep]').check();
  await uploadOwn(page, [['events.csv', EVENTS]]);
  await page.locator('[data-testid=saved]').waitFor({ timeout: 20_000 });
  await page.reload();
  await page.locator('[data-testid=reopen]').click();
  await page.waitForFunction(() => window.livelens.state.source === 'own' && !window.livelens.state.busy && window.livelens.exportReport(), null, { timeout: 30_000 });
  assert.equal(await kpi(page, 'viewers').innerText(), '3');
  await page.locator('[data-testid=erase]').click();
  await page.waitForFunction(() => !document.getElementById('app').shadowRoot.querySelector('[data-testid=saved]'));
  const dbs = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  assert.ok(!dbs.includes('livelens'), 'the database is deleted');
  await page.reload();
  await page.locator('[data-testid=dropzone]').waitFor();
  await page.waitForTimeout(300);
  assert.equal(await page.locator('[data-testid=saved]').count(), 0);
  const after = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  assert.ok(!after.includes('livelens'), 'looking for kept files creates no database');
  await context.close();
});

test('the element name is registered safely when it is taken', async () => {
  const { context, page, log } = await openPage(URL_ + '/?demo=off');
  await page.locator('[data-testid=dropzone]').waitFor();
  const res = await page.evaluate(async () => {
    class Other extends HTMLElement {}
    customElements.define('livelens-dashboard', Other);
    const m = await import('./element.js');
    const again = m.define('my-livelens');
    const el = document.createElement('my-livelens');
    el.setAttribute('demo', 'off');
    document.body.append(el);
    await new Promise((r) => setTimeout(r, 50));
    return { kept: customElements.get('livelens-dashboard') === Other, again, mounted: !!el.shadowRoot && !!el.livelens };
  });
  assert.deepEqual(res, { kept: true, again: true, mounted: true });
  assert.ok(log.errors.every((e) => !/NotSupportedError|already/.test(e)));
  await context.close();
});

test('the package: the widget imports from pkg/widget/ and the wasm location can be moved', async () => {
  const { context, page, log } = await openPage(URL_ + '/?demo=off');
  await page.locator('[data-testid=dropzone]').waitFor();
  await page.waitForTimeout(300);
  log.requests.length = 0;
  const viewers = await page.evaluate(() => new Promise((resolve, reject) => {
    import('./pkg/widget/livelens.js').then(({ mount }) => {
      const host = document.createElement('div');
      document.body.append(host);
      // A relative URL, resolved against the page; the query marks the moved location.
      const hd = mount(host, { demo: true, wasmUrl: 'pkg/livelens_bg.wasm?moved=1', persist: false });
      hd.on('report', (r) => { resolve(r.kpis.overall.viewers); hd.destroy(); });
      hd.on('error', (e) => reject(new Error(e.message)));
    }, reject);
  }));
  assert.ok(viewers > 100);
  const moved = log.requests.filter((u) => u.endsWith('/pkg/livelens_bg.wasm?moved=1'));
  assert.ok(moved.length >= 1, 'the worker fetched the wasm from the given URL');
  assert.ok(log.requests.some((u) => u.includes('/pkg/widget/worker.js')), 'the package worker ran');
  await context.close();
});

test('a server without the application/wasm MIME type still works (slower path, a warning)', async () => {
  const port = await new Promise((resolve) => { const srv = net.createServer(); srv.listen(0, '127.0.0.1', () => { const p = srv.address().port; srv.close(() => resolve(p)); }); });
  const www = path.join(here, '..', '..', 'www');
  const server = spawn('python3', [path.join(here, 'serve.py'), String(port), www, '--wasm-mime', 'application/octet-stream'], { stdio: 'ignore' });
  try {
    for (let i = 0; i < 50; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const { context, page } = await openPage(`http://127.0.0.1:${port}/?lang=en`);
    await waitReport(page);
    assert.ok(Number((await kpi(page, 'viewers').innerText()).replace(/\D/g, '')) > 100);
    const type = await page.evaluate(async () => (await fetch('pkg/livelens_bg.wasm')).headers.get('content-type'));
    assert.equal(type, 'application/octet-stream');
    await context.close();
  } finally {
    server.kill();
  }
});

test('the shipped wasm has no test or bench hooks; the test build has them', async () => {
  const { context, page } = await openPage(URL_ + '/?demo=off');
  const hooks = await page.evaluate(async () => {
    const probe = async (path) => {
      const m = await import(path);
      return { debugPanic: typeof m.Engine.prototype.debugPanic, bench: typeof m.BenchEngine, chart: typeof m.Chart, defaults: typeof m.defaultOptions };
    };
    return { shipped: await probe('./pkg/livelens.js'), test: await probe('./pkg-test/livelens.js') };
  });
  assert.deepEqual(hooks.shipped, { debugPanic: 'undefined', bench: 'undefined', chart: 'function', defaults: 'function' });
  assert.deepEqual(hooks.test, { debugPanic: 'function', bench: 'function', chart: 'function', defaults: 'function' });
  await context.close();
});
