// The Interactions and Traffic & time slots views on the demo: the planted lucky-bag lift,
// coupon redemption, channel conversion and best time slot are shown with their intervals; each
// chart has its table and PNG; the Compare view shows the mean comparisons; both languages; no
// console errors. Screenshots in target/screenshots/room-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openDemo, viewHelpers } from './browser.mjs';

let browser;
let page;
let consoleErrors;
let text, open, drawn, shot;

before(async () => {
  ({ browser, page, consoleErrors } = await openDemo(60_000));
  ({ text, open, drawn, shot } = viewHelpers(page, { prefix: 'room', drawTimeout: 30_000 }));
  // The full report (not only the KPIs) has arrived when the Interactions view has its table.
});

after(async () => {
  await browser?.close();
});


/** The chart `id`'s table opens and its PNG downloads. */
async function tableAndPng(id) {
  const box = page.locator(`.chart:has(canvas[data-chart="${id}"])`);
  await box.locator('.chart-tools button').first().click();
  const table = page.locator(`[data-testid="chart-${id}"]`);
  await table.waitFor({ timeout: 10_000 });
  assert.ok((await table.locator('tbody tr').count()) > 0, `${id}: table rows`);
  const [png] = await Promise.all([page.waitForEvent('download'), box.locator('.chart-tools button').nth(1).click()]);
  assert.equal(png.suggestedFilename(), `${id}.png`);
}

test('interactions: lucky bag lift, participants, coupons and every window', async () => {
  await open('interactions');
  await page.locator('[data-testid=interaction-tools]').waitFor({ timeout: 60_000 });
  const tools = await text('[data-testid=interaction-tools]');
  assert.match(tools, /Lucky bag/);
  assert.match(tools, /Poll/);
  assert.match(tools, /Coupon/);
  // The bag's effect tile: +x [lo – hi] with a positive lower end (the planted hunters).
  const bag = await text('[data-kpi=bag_effect]');
  const m = bag.match(/\+([\d.]+) \[([\d.]+) – ([\d.]+)\]/);
  assert.ok(m, bag);
  assert.ok(Number(m[2]) > 0 && Number(m[1]) > 2 && Number(m[1]) < 6, bag);
  assert.match(await text('[data-kpi=coupon_redemption]'), /%/);
  assert.ok((await page.locator('[data-testid=coupon-table] tbody tr').count()) > 10);
  assert.ok((await page.locator('[data-testid=interaction-windows] tbody tr').count()) > 30);
  assert.match(await text('[data-testid=interaction-tools]'), /not distinguishable from no effect/);
  for (const id of ['interaction_effects', 'interaction_conversion', 'interaction_profile_lottery']) await drawn(id);
  await tableAndPng('interaction_effects');
  await tableAndPng('interaction_profile_lottery');
  await shot('interactions-en');
});

test('traffic & time slots: channels, paid ROI and the best slot', async () => {
  await open('traffic');
  await page.locator('[data-testid=traffic-table]').waitFor({ timeout: 60_000 });
  const rows = await page.locator('[data-testid=traffic-table] tbody tr').count();
  assert.equal(rows, 7);
  assert.match(await text('[data-kpi=traffic_best]'), /Following/);
  assert.match(await text('[data-kpi=paid_roi]'), /×/);
  assert.match(await text('[data-testid=best-slot]'), /Best slot: Fri 20:00/);
  assert.match(await text('[data-testid=slot-table]'), /Fri 20:00 ★/);
  for (const id of ['traffic_sources', 'traffic_conversion', 'traffic_gpm', 'time_slots', 'time_slot_conversion']) await drawn(id);
  await tableAndPng('time_slots');
  await tableAndPng('traffic_sources');
  await shot('traffic-en');
});

test('compare: the mean comparisons beside the rate', async () => {
  await open('compare');
  await page.locator('[data-testid=ab-means]').waitFor({ timeout: 60_000 });
  const t = await text('[data-testid=ab-means]');
  assert.match(t, /Watch seconds per viewer/);
  assert.match(t, /GMV per viewer/);
  assert.equal(await page.locator('[data-testid=ab-means] tbody tr').count(), 2);
});

test('both views in Chinese', async () => {
  await page.locator('[data-testid=lang]').click();
  await open('interactions');
  await page.waitForFunction(() => document.getElementById('app').shadowRoot.querySelector('.view')?.textContent.includes('福袋'));
  assert.match(await text('.view'), /参与者转化率/);
  await drawn('interaction_profile_lottery');
  await shot('interactions-zh');
  await open('traffic');
  assert.match(await text('[data-testid=best-slot]'), /最佳时段：周五 20点/);
  assert.match(await text('[data-testid=traffic-table]'), /关注/);
  await drawn('time_slots');
  await shot('traffic-zh');
  await page.locator('[data-testid=lang]').click();
  assert.deepEqual(consoleErrors, []);
});
