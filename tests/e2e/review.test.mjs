// The Review view on the demo: the latest session's review, another session picked, and the
// print: with print media only the sheet shows (no navigation, buttons or settings), and the
// browser's PDF of it is one A4 page, in English and in Chinese. Screenshots (screen and print)
// in target/screenshots/view-review-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { openDemo, viewHelpers, SHOTS as shots } from './browser.mjs';

let browser;
let page;
let consoleErrors;
let drawn, shot;

before(async () => {
  ({ browser, page, consoleErrors } = await openDemo(90_000));
  ({ drawn, shot } = viewHelpers(page, { drawTimeout: 30_000 }));
});

after(async () => {
  await browser?.close();
});

const sheetText = () => page.locator('[data-testid=review-sheet]').innerText();
/** Pages of a PDF: its page objects (`/Type /Page`, not `/Pages`). */
const pageCount = (pdf) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) || []).length;

/** Print media: only the sheet is visible; the PDF is one A4 page. */
async function printsOnePage(name) {
  await page.emulateMedia({ media: 'print' });
  try {
    assert.equal(await page.locator('nav[data-testid=nav]').isVisible(), false, 'navigation hidden in print');
    assert.equal(await page.locator('[data-testid=review-print]').isVisible(), false, 'print button hidden');
    assert.equal(await page.locator('[data-testid=review-session]').isVisible(), false, 'picker hidden');
    assert.equal(await page.locator('[data-testid=lang]').isVisible(), false, 'header hidden');
    assert.equal(await page.locator('.chart-tools').first().isVisible(), false, 'chart buttons hidden');
    assert.ok(await page.locator('[data-testid=review-sheet]').isVisible());
    assert.ok(await page.locator('canvas[data-chart=review_kpis]').isVisible(), 'charts print');
    await shot(`review-print-${name}`);
    const pdf = await page.pdf({ format: 'A4' });
    writeFileSync(path.join(shots, `review-${name}.pdf`), pdf);
    assert.ok(pdf.length > 10_000, 'a PDF with content');
    assert.equal(pageCount(pdf), 1, 'one page');
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
}

test('review: the latest session against its host\'s earlier sessions, each statement with its rule', async () => {
  await page.locator('nav [data-view="review"]').click();
  await page.locator('[data-testid=review-sheet]').waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('[data-testid=review-session]').inputValue(), 's30');
  const text = await sheetText();
  assert.match(text, /Post-live review · s30/);
  assert.match(text, /Compared with 陈老师's previous 10 sessions \(s05 … s27\)/);
  for (const part of ['went_well', 'to_change', 'next_time']) {
    const items = page.locator(`[data-testid=review-${part}] li`);
    assert.ok(await items.count() >= 1, part);
  }
  // Each statement shows the rule that made it worth saying.
  const rules = await page.locator('[data-testid=review-went_well] li .rule').allInnerTexts();
  assert.ok(rules.length && rules.every((r) => r.length > 10), String(rules));
  assert.ok(await page.locator('[data-testid=review-kpis] tbody tr').count() >= 15);
  await drawn('review_kpis');
  await drawn('review_pitches');
  await shot('review-en');
  await printsOnePage('en');
});

test('review: another session from the picker', async () => {
  await page.locator('[data-testid=review-session]').selectOption('s12');
  await page.waitForFunction(() => {
    const r = document.getElementById('app').shadowRoot;
    return r.querySelector('[data-testid=review-sheet]')?.innerText.includes('· s12');
  }, null, { timeout: 90_000 });
  assert.match(await sheetText(), /Post-live review · s12/);
  await page.locator('[data-testid=review-session]').selectOption('s30');
  await page.waitForFunction(() => document.getElementById('app').shadowRoot
    .querySelector('[data-testid=review-sheet]')?.innerText.includes('· s30'), null, { timeout: 90_000 });
});

test('review: in Chinese, and printed on one page', async () => {
  await page.locator('[data-testid=lang]').click();
  await page.waitForFunction(() => document.getElementById('app').shadowRoot
    .querySelector('[data-testid=review-sheet]')?.innerText.includes('直播复盘'), null, { timeout: 30_000 });
  const text = await sheetText();
  assert.match(text, /做得好的/);
  assert.match(text, /对比陈老师之前的 10 场直播/);
  assert.match(await page.locator('[data-testid=review-went_well] li .st').first().innerText(), /平时/);
  await drawn('review_kpis');
  await shot('review-zh');
  await printsOnePage('zh');
  await page.locator('[data-testid=lang]').click();
});

test('review: no console errors', () => {
  assert.deepEqual(consoleErrors, []);
});
