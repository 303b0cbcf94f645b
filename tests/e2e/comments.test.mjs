// The Comments view on the demo and on a bare danmaku export: questions with answered /
// unanswered, objections by theme, phrases as a ranked bar list, intents over time (each chart
// drawn); comments are shown as text, never HTML; screenshots in English and Chinese
// (target/screenshots/view-comments*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openDemo, viewHelpers } from './browser.mjs';

let browser;
let page;
let consoleErrors;
let text, open, drawn, shot;

before(async () => {
  ({ browser, page, consoleErrors } = await openDemo(60_000));
  ({ text, open, drawn, shot } = viewHelpers(page));
});

after(async () => {
  await browser?.close();
});

const num = (s) => Number(s.replace(/[^\d]/g, ''));

test('comments on the demo: questions, objections, phrases and intents over time', async () => {
  await open('comments');
  await page.locator('[data-testid=questions-table]').waitFor({ timeout: 60_000 });
  for (const id of ['comment_intents', 'comment_objections', 'comment_phrases']) await drawn(id);
  const asked = num(await text('[data-kpi=asked] .kpi-value'));
  const unanswered = num((await text('[data-kpi=unanswered] .kpi-value')).split('(')[0]);
  assert.ok(asked > 1000 && unanswered > 0 && unanswered < asked, `${asked} / ${unanswered}`);
  // The never-answered list holds only groups without an answer.
  const rows = page.locator('[data-testid=questions-unanswered] tbody tr');
  assert.ok((await rows.count()) > 0);
  assert.match(await rows.first().innerText(), /not answered/);
  // Price objections come first.
  assert.match(await page.locator('[data-testid=objections-table] tbody tr').first().innerText(), /Price/);
  // Phrases: a ranked list, most frequent bar widest.
  const items = page.locator('[data-testid=phrases] li');
  assert.ok((await items.count()) >= 10);
  assert.match(await text('[data-testid=phrases]'), /干货满满|预算不够/);
  assert.ok((await page.locator('[data-testid=comments-by-pitch] tbody tr').count()) > 10);
  await shot('comments');
  await page.locator('[data-testid=lang]').click();
  await page.waitForFunction(() => document.getElementById('app').shadowRoot.textContent.includes('问了但从未回答的问题'), null, { timeout: 30_000 });
  await drawn('comment_intents');
  assert.match(await page.locator('[data-testid=objections-table] tbody tr').first().innerText(), /价格/);
  await shot('comments-zh');
  await page.locator('[data-testid=lang]').click();
  await page.waitForFunction(() => document.getElementById('app').shadowRoot.textContent.includes('Asked and never answered'), null, { timeout: 30_000 });
});

test('a bare danmaku export is enough, and comment text stays text', async () => {
  const rows = ['用户,时间,弹幕内容'];
  const says = ['主播晚上好', '这个课多少钱？', '多少钱啊', '太贵了吧', 'b站都有免费的', '已拍', '<img src=x onerror="window.__pwned=1">有回放吗', '讲得太好了'];
  for (let i = 0; i < 40; i++) rows.push(`v${i},2025-10-01 20:${String(i).padStart(2, '0')}:00,${says[i % says.length]}`);
  await page.locator('[data-testid=file-input]').setInputFiles({ name: 'danmaku.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n') + '\n') });
  await page.waitForFunction(() => document.getElementById('app').shadowRoot.querySelector('[data-testid=showing]')?.textContent.match(/your data/i) && document.getElementById('app').shadowRoot.querySelector('nav'), null, { timeout: 60_000 });
  await open('comments');
  await page.locator('[data-testid=questions-table]').waitFor({ timeout: 60_000 });
  assert.equal(num(await text('[data-kpi=classified] .kpi-value')), 40);
  const q = await text('[data-testid=questions-table]');
  assert.match(q, /<img src=x onerror="window.__pwned=1">有回放吗/);
  assert.equal(await page.evaluate(() => document.getElementById('app').shadowRoot.querySelectorAll('.view img').length), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await drawn('comment_intents');
  await shot('comments-danmaku');
  // The other views say what is missing.
  await open('funnel');
  assert.match(await text('[data-testid=missing]'), /needs enter events/);
});

test('no console errors', () => {
  assert.deepEqual(consoleErrors, []);
});
