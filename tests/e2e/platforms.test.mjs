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

test('a file that names no platform gets one from its selector in the Files view', async () => {
  await page.getByRole('button', { name: 'Remove all' }).click();
  await page.locator('[data-testid=file-input]').setInputFiles([
    file('douyin_shop_orders_live.csv'), file('generic_orders_no_platform.csv'), file('generic_events_platform.csv'),
  ]);
  await page.locator('[data-testid=kpi-platforms]').waitFor({ timeout: 60_000 });
  const table = page.locator('[data-testid=kpi-platforms]');
  await page.waitForFunction(() => document.getElementById('app').shadowRoot.querySelectorAll('[data-testid=file-card]').length === 3, null, { timeout: 60_000 });
  // Only the file with neither a platform layout nor a platform column offers the choice.
  const cards = page.locator('[data-testid=file-card]');
  assert.equal(await page.locator('[data-testid=platform-select]').count(), 1);
  const plain = cards.filter({ hasText: 'generic_orders_no_platform.csv' });
  assert.equal(await plain.locator('[data-testid=platform-select]').count(), 1);
  assert.equal(await plain.locator('[data-testid=platform-hint]').count(), 1);
  const withColumn = cards.filter({ hasText: 'generic_events_platform.csv' });
  // Shown (not only in the DOM): the cards are drawn again as the analysis ends.
  await withColumn.locator('[data-testid=platform-from-column]').waitFor({ state: 'visible' });
  assert.equal(await withColumn.locator('[data-testid=platform-from-column]').innerText(), 'Platform from the column “platform”');
  assert.deepEqual(await table.locator('thead th').allInnerTexts(), ['KPI', 'Kuaishou', 'Douyin', 'No platform named', 'All platforms']);
  // Choosing TikTok reads the files again and re-runs the analysis.
  await plain.locator('[data-testid=platform-select]').selectOption('tiktok');
  await page.waitForFunction(() => {
    const heads = [...document.getElementById('app').shadowRoot.querySelectorAll('[data-testid=kpi-platforms] thead th')];
    return heads.some((th) => th.textContent === 'TikTok');
  }, null, { timeout: 60_000 });
  assert.deepEqual(await table.locator('thead th').allInnerTexts(), ['KPI', 'Kuaishou', 'Douyin', 'TikTok', 'All platforms']);
  assert.equal(await plain.locator('[data-testid=platform-select]').inputValue(), 'tiktok');
  assert.equal(await plain.locator('[data-testid=platform-hint]').count(), 0);
  // Order exports give no viewers: "—", never 0; GMV side by side and combined.
  const viewers = await table.locator('tr[data-kpi=viewers] td').allInnerTexts();
  assert.deepEqual(viewers.slice(1), ['2', '—', '—', '2']);
  const gmv = await table.locator('tr[data-kpi=gmv] td').allInnerTexts();
  assert.match(gmv[1], /66/);
  assert.match(gmv[3], /200/);
  assert.match(gmv[4], /861\.8/);
  await plain.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'platforms-choice-files-en.png'), fullPage: false });
  await table.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'platforms-choice-overview-en.png'), fullPage: false });
  // In Chinese: the selector, its platform names and the table.
  await page.locator('[data-testid=lang]').click();
  await page.waitForFunction(() => document.getElementById('app').shadowRoot.querySelector('[data-testid=kpi-platforms] h2')?.textContent.includes('各平台'));
  assert.deepEqual(await table.locator('thead th').allInnerTexts(), ['指标', '快手', '抖音', 'TikTok', '全部平台']);
  const options = await plain.locator('[data-testid=platform-select] option').allInnerTexts();
  assert.deepEqual(options, ['未注明', '抖音', '快手', '视频号', '淘宝直播', 'TikTok', 'YouTube']);
  await table.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'platforms-choice-overview-zh.png'), fullPage: false });
  await plain.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'platforms-choice-files-zh.png'), fullPage: false });
  // Back to "not named": the rows are no platform's again.
  await plain.locator('[data-testid=platform-select]').selectOption('');
  await page.waitForFunction(() => {
    const heads = [...document.getElementById('app').shadowRoot.querySelectorAll('[data-testid=kpi-platforms] thead th')];
    return heads.some((th) => th.textContent === '未注明平台');
  }, null, { timeout: 60_000 });
  await page.locator('[data-testid=lang]').click();
});
