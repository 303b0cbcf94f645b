// Platform exports in the page: a Douyin Compass session summary and a Douyin shop order export
// (no mapping by hand), and a TikTok LIVE export. The Files view says which layout was
// recognised, its money unit, how orders were tied to sessions and how each column was read;
// the Overview shows the KPIs per platform side by side and combined, and where the session
// summary and the events disagree — in English and in Chinese (screenshots looked at).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { launch } from './browser.mjs';

const URL_ = process.env.LIVELENS_URL || 'http://127.0.0.1:8080';
const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.join(here, '..', '..', 'target', 'screenshots');
const fixtures = path.join(here, '..', 'fixtures', 'platforms');
mkdirSync(shots, { recursive: true });

let browser;
let page;

const file = (name, mimeType = 'text/csv') => ({ name, mimeType, buffer: readFileSync(path.join(fixtures, name)) });

before(async () => {
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(URL_);
  await page.locator('[data-testid=kpi-overall]').waitFor({ timeout: 60_000 });
  await page.locator('[data-testid=file-input]').setInputFiles([
    file('compass_sessions.csv'), file('douyin_shop_orders_live.csv'), file('tiktok_live_seller.csv'),
  ]);
  await page.locator('[data-testid=file-layout]').nth(2).waitFor({ timeout: 60_000 });
  await page.locator('[data-testid=kpi-platforms]').waitFor({ timeout: 60_000 });
});

after(async () => { await browser?.close(); });

test('the Files view names each recognised layout, its unit and how orders were tied', async () => {
  const descs = await page.locator('[data-testid=layout-description]').allInnerTexts();
  assert.deepEqual(descs, [
    'Douyin Compass / Buyin live-session summary, one row per live session',
    'Douyin shop order export, one row per order line',
    'TikTok Shop LIVE export (seller), one row per live session',
  ]);
  const units = await page.locator('[data-testid=layout-unit]').allInnerTexts();
  assert.match(units[1], /yuan/);
  const ties = await page.locator('[data-testid=layout-ties]').innerText();
  assert.equal(ties, 'Orders tied to live sessions: 0 by room id, 3 by creator and time window, 1 by time window; 2 not tied');
  const card = page.locator('[data-testid=file-card]').nth(1);
  await card.locator('details.mapping summary').click();
  const cols = await card.locator('[data-testid=layout-columns] tbody tr').allInnerTexts();
  assert.ok(cols.some((r) => /订单应付金额\s+order amount\s+yuan/.test(r)), cols.join('\n'));
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'platforms-files-en.png'), fullPage: false });
});

test('the Overview shows KPIs per platform side by side and combined, and the disagreements', async () => {
  const table = page.locator('[data-testid=kpi-platforms]');
  const heads = await table.locator('thead th').allInnerTexts();
  assert.deepEqual(heads, ['KPI', 'Douyin', 'TikTok', 'All platforms']);
  const gmv = await table.locator('tr[data-kpi=gmv] td').allInnerTexts();
  // Douyin: the shop export's six paid orders (595.80) — events win over the summary where
  // both exist; TikTok 1,544.50 from its LIVE export; combined 2,140.30.
  assert.equal(gmv[0], 'GMV');
  assert.match(gmv[1], /595\.8/);
  assert.match(gmv[2], /1,544\.5/);
  assert.match(gmv[3], /2,140\.3/);
  const checks = page.locator('[data-testid=summary-checks]');
  assert.match(await checks.innerText(), /7300000000000000101/);
  await table.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'platforms-overview-en.png'), fullPage: false });
});

test('both in Chinese', async () => {
  await page.locator('[data-testid=lang]').click();
  const table = page.locator('[data-testid=kpi-platforms]');
  await page.waitForFunction(() => document.getElementById('app').shadowRoot.querySelector('[data-testid=kpi-platforms] h2')?.textContent.includes('各平台'));
  const heads = await table.locator('thead th').allInnerTexts();
  assert.deepEqual(heads, ['指标', '抖音', 'TikTok', '全部平台']);
  await table.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'platforms-overview-zh.png'), fullPage: false });
  const descs = await page.locator('[data-testid=layout-description]').allInnerTexts();
  assert.equal(descs[1], '抖店订单导出，每行一个子订单');
  const ties = await page.locator('[data-testid=layout-ties]').innerText();
  assert.match(ties, /按达人和直播时段 3 个/);
  await page.locator('[data-testid=file-card]').nth(1).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'platforms-files-zh.png'), fullPage: false });
});

test('a danmaku capture of comments alone is a complete input', async () => {
  await page.locator('[data-testid=lang]').click();
  await page.locator('[data-testid=file-input]').setInputFiles([file('danmaku_event_ts.ndjson', 'application/x-ndjson')]);
  await page.waitForFunction(() => {
    const root = document.getElementById('app').shadowRoot;
    return [...root.querySelectorAll('[data-testid=layout-description]')].some((e) => e.textContent.startsWith('Danmaku capture'));
  }, null, { timeout: 60_000 });
  const descs = await page.locator('[data-testid=layout-description]').allInnerTexts();
  assert.ok(descs.includes('Danmaku capture (event_ts_ms / event_iso lines), one row per live-room message'), descs.join('\n'));
  assert.equal(await page.locator('[data-testid=file-error]').count(), 0);
});
