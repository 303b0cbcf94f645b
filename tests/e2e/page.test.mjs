// The page as a person uses it: demo KPIs and a drawn chart, then their own GB18030 export with
// Chinese headers and event names, its KPIs and validation report, the language switch, and a
// screenshot. Run by scripts/test.sh with LIVELENS_URL pointing at the served www/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { launch } from './browser.mjs';

const URL_ = process.env.LIVELENS_URL || 'http://127.0.0.1:8080';
const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name) => path.join(here, '..', 'fixtures', name);
const shots = path.join(here, '..', '..', 'target', 'screenshots');
mkdirSync(shots, { recursive: true });

let browser;
let page;
const consoleErrors = [];
const requests = [];

before(async () => {
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
});

after(async () => {
  await browser?.close();
});

/** Non-background pixels of a chart canvas (inside the widget's shadow root). */
async function inkedPixels(id) {
  return page.evaluate((chartId) => {
    const root = document.getElementById('app').shadowRoot;
    const c = root.querySelector(`canvas[data-chart="${chartId}"]`);
    if (!c || !c.width) return 0;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const [r0, g0, b0] = [d[0], d[1], d[2]];
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - r0) + Math.abs(d[i + 1] - g0) + Math.abs(d[i + 2] - b0) > 60) n++;
    return n;
  }, id);
}

const kpi = (key) => page.locator(`[data-testid=kpi-overall] [data-kpi="${key}"] .kpi-value`);

test('the demo dashboard loads by itself with KPIs and drawn charts', async () => {
  await page.goto(URL_);
  await page.locator('[data-testid=kpi-overall]').waitFor({ timeout: 60_000 });
  await page.locator('canvas[data-drawn="1"]').first().waitFor({ timeout: 30_000 });
  assert.match(await page.locator('[data-testid=showing]').innerText(), /demo/i);
  const viewers = await kpi('viewers').innerText();
  assert.ok(Number(viewers.replace(/[^0-9]/g, '')) > 100, `demo viewers ${viewers}`);
  assert.match(await kpi('gmv').innerText(), /¥/);
  const charts = await page.locator('canvas[data-chart]').count();
  assert.ok(charts >= 2, `charts: ${charts}`);
  const id = await page.locator('canvas[data-chart]').first().getAttribute('data-chart');
  assert.ok((await inkedPixels(id)) > 2000, 'the first chart has drawn content');
  // Every KPI key of metrics.md is in the per-session table.
  const head = await page.locator('[data-testid=kpi-sessions] thead').innerText();
  for (const label of ['GMV', 'GPM', 'UV value', 'Refund rate', 'ROI', 'Peak concurrent']) assert.ok(head.includes(label), label);
  await page.screenshot({ path: path.join(shots, 'demo-en.png'), fullPage: true });
});

test('a GB18030 export with Chinese headers is understood and analysed at once', async () => {
  await page.locator('[data-testid=file-input]').setInputFiles(fixture('gbk_events.csv'));
  await page.locator('[data-testid=file-card]').first().waitFor();
  await page.waitForFunction(() => {
    const r = document.getElementById('app').shadowRoot;
    return r.querySelector('[data-testid=showing]')?.textContent.match(/your data|我的数据/i) && r.querySelector('[data-testid=kpi-overall]');
  }, null, { timeout: 30_000 });
  const card = page.locator('[data-testid=file-card]').first();
  const text = await card.innerText();
  assert.match(text, /GB18030/);
  assert.match(text, /gbk_events\.csv/);
  // 13 rows read, 12 accepted, 1 rejected (line 11: "昨天" is not a time).
  assert.match(text, /13\s+Rows read/);
  assert.match(text, /12\s+Accepted/);
  assert.match(text, /1\s+Rejected/);
  const rejected = await page.locator('[data-testid=rejected]').innerText();
  assert.match(rejected, /unparsable timestamp/);
  assert.match(rejected, /line 11/);
  assert.match(rejected, /昨天/);
  assert.match(await page.locator('[data-testid=unknown-events]').innerText(), /连麦/);
  // KPIs of the file, computed by hand: viewers u1 u2 u3; buyers u1 u3; GMV 1,299 + 99.
  assert.equal(await kpi('viewers').innerText(), '3');
  assert.equal(await kpi('buyers').innerText(), '2');
  assert.equal(await kpi('gmv').innerText(), '¥1,398.00');
  assert.equal(await kpi('conversion_rate').innerText(), '66.7%');
  assert.match(await page.locator('[data-testid=showing]').innerText(), /your data/i);
});

test('mapping an unknown event name updates the analysis', async () => {
  // Map 连麦 (a co-host link, not a canonical event) to follow: before, nobody followed.
  assert.equal(await kpi('follow_rate').innerText(), '0%');
  await page.locator('[data-testid=unknown-events] select').selectOption('follow');
  await page.waitForFunction(() => !document.getElementById('app').shadowRoot.querySelector('[data-testid=unknown-events]'), null, { timeout: 20_000 });
  // u2 now counts as a follower: 1 of 3 viewers.
  assert.equal(await kpi('follow_rate').innerText(), '33.3%');
});

test('the language switch turns the page into Chinese', async () => {
  await page.locator('[data-testid=lang]').click();
  await page.waitForFunction(() => document.getElementById('app').shadowRoot.textContent.includes('直播间核心指标'));
  const text = await page.locator('[data-testid=validation]').innerText();
  assert.match(text, /读取行数/);
  assert.match(await page.locator('[data-testid=rejected]').innerText(), /时间无法识别/);
  assert.equal(await kpi('conversion_rate').innerText(), '66.7%');
  await page.screenshot({ path: path.join(shots, 'own-data-zh.png'), fullPage: true });
});

test('a file of the wrong kind gets a message a creator understands', async () => {
  await page.locator('[data-testid=file-input]').setInputFiles({ name: 'notes.csv', mimeType: 'text/csv', buffer: Buffer.from('colour,size\nred,3\n') });
  await page.waitForFunction(() => [...document.getElementById('app').shadowRoot.querySelectorAll('[data-testid=file-error]')].length > 0, null, { timeout: 20_000 });
  assert.match(await page.locator('[data-testid=file-error]').first().innerText(), /无法判断文件类型/);
  // The rest of the data is still analysed.
  assert.equal(await kpi('viewers').innerText(), '3');
});

test('a workbook whose first sheet is a note: the user picks the data sheet', async () => {
  await page.locator('[data-testid=file-input]').setInputFiles(fixture('orders.xlsx'));
  const card = page.locator('[data-testid=file-card]', { hasText: 'orders.xlsx' });
  await card.locator('[data-testid=file-error]').waitFor({ timeout: 20_000 });
  await card.locator('[data-testid=sheet-select]').selectOption('订单');
  await page.waitForFunction(() => {
    const cards = [...document.getElementById('app').shadowRoot.querySelectorAll('[data-testid=file-card]')];
    const c = cards.find((x) => x.textContent.includes('orders.xlsx'));
    return c && !c.querySelector('[data-testid=file-error]') && c.textContent.includes('xlsx');
  }, null, { timeout: 20_000 });
  // The workbook's o1 (u1, ¥199) is the events file's o1 (u1): counted once, from the orders
  // file. Its o2 belongs to u2, the events' o2 to u3: two payments. GMV = 199 + 1,299 (o2, u2)
  // + 49.90 (o3) + 99 (events' o2, u3); buyers u1 u2 u3.
  assert.equal(await kpi('buyers').innerText(), '3');
  assert.equal(await kpi('gmv').innerText(), '¥1,646.90');
});

test('no console errors and no request leaves the origin', async () => {
  assert.deepEqual(consoleErrors, []);
  const origin = new URL(URL_).origin;
  const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
  assert.deepEqual(foreign, []);
});
