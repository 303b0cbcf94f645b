// Spreadsheets in the page, read by the sheet module (docs/decisions.md, "Wasm size, session 7"):
// the shipped engine has no spreadsheet reader, so the worker fetches livelens_sheet_bg.wasm when a
// dropped file is a spreadsheet, and only then. A CSV-only session never fetches it; an XLSX (its
// sheet chosen in the page), an XLS and an ODS load as before, and a spreadsheet the size guards
// refuse is refused with the same message as by the CLI. Run by scripts/test.sh with
// LIVELENS_URL pointing at the served www/ (pkg/ built by scripts/build.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { launch, PAGE_URL } from './browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (...p) => path.join(here, '..', ...p);

const EVENTS = [
  'user_id,event,timestamp,session_id,order_id,amount',
  'u1,enter,2026-10-01 20:00:00,s1,,',
  'u1,pay,2026-10-01 20:05:00,s1,o9,10',
  'u2,enter,2026-10-01 20:01:00,s1,,',
  'u3,enter,2026-10-01 20:02:00,s1,,',
].join('\n') + '\n';

let browser;
let page;
const requests = [];
const errors = [];

before(async () => {
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(PAGE_URL + '/?lang=en&demo=off');
  await page.locator('[data-testid=dropzone]').waitFor({ timeout: 60_000 });
});

after(async () => { await browser?.close(); });

const sheetFetches = () => requests.filter((u) => /\/livelens_sheet(_bg\.wasm|\.js)(\?|$)/.test(u));
const kpi = (key) => page.locator(`[data-testid=kpi-overall] [data-kpi="${key}"] .kpi-value`);

/** The file cards: name → {error, text}. */
function cards() {
  return page.evaluate(() => Object.fromEntries(
    [...document.getElementById('app').shadowRoot.querySelectorAll('[data-testid=file-card]')].map((c) => {
      const err = c.querySelector('[data-testid=file-error]');
      return [c.querySelector('h3').textContent, { error: err ? err.textContent : null, text: c.textContent }];
    })));
}

async function idle() {
  await page.waitForFunction(() => window.livelens && !window.livelens.state.busy, null, { timeout: 60_000 });
}

test('a CSV-only session never fetches the sheet module', async () => {
  await page.locator('[data-testid=file-input]').setInputFiles({ name: 'events.csv', mimeType: 'text/csv', buffer: Buffer.from(EVENTS) });
  await page.waitForFunction(() => window.livelens.state.source === 'own' && !window.livelens.state.busy && window.livelens.exportReport(), null, { timeout: 60_000 });
  assert.equal(await kpi('viewers').innerText(), '3');
  assert.ok(requests.some((u) => u.endsWith('/livelens_bg.wasm')), 'the engine was fetched');
  assert.deepEqual(sheetFetches(), []);
});

test('XLSX, XLS and ODS load through the sheet module, fetched once, with the same messages', async () => {
  await page.locator('[data-testid=file-input]').setInputFiles([
    fixture('fixtures', 'orders.xlsx'),
    fixture('bad_inputs', 'xls_valid_small.xls'),
    fixture('bad_inputs', 'ods_valid_small.ods'),
    fixture('bad_inputs', 'xls_huge_dimensions.xls'),
  ]);
  await page.waitForFunction(() => [...document.getElementById('app').shadowRoot.querySelectorAll('[data-testid=file-card]')]
    .some((c) => c.textContent.includes('xls_huge_dimensions.xls')), null, { timeout: 60_000 });
  await idle();
  let c = await cards();
  // The workbook's first sheet is a note: the same message as the CLI's, naming the other sheet.
  assert.match(c['orders.xlsx'].error || '', /other sheets: 订单/);
  for (const name of ['xls_valid_small.xls', 'ods_valid_small.ods']) {
    assert.equal(c[name].error, null, name);
    assert.match(c[name].text, /xlsx/, `${name}: read as a spreadsheet`);
  }
  // The XLS size guard ran in the sheet module: the CLI's message (tests/bad_inputs/expected.json).
  assert.equal(c['xls_huge_dimensions.xls'].error,
    'sheet 1 claims 1000000 rows × 200 columns; LiveLens reads sheets of at most 2000000 cells and 8192 columns: delete the stray cells or export the sheet as CSV');
  // The data sheet chosen in the page: read again (the module is not fetched again).
  await page.locator('[data-testid=file-card]', { hasText: 'orders.xlsx' }).locator('[data-testid=sheet-select]').selectOption('订单');
  await page.waitForFunction(() => {
    const cs = [...document.getElementById('app').shadowRoot.querySelectorAll('[data-testid=file-card]')];
    const o = cs.find((x) => x.querySelector('h3').textContent === 'orders.xlsx');
    return o && !o.querySelector('[data-testid=file-error]');
  }, null, { timeout: 60_000 });
  await idle();
  c = await cards();
  assert.match(c['orders.xlsx'].text, /订单/);
  // events.csv's u1 u2 u3 and the two sheets' u1 u2; the workbook's four orders, one without a
  // user (rejected at its spreadsheet row 5) and one refunded.
  assert.match(c['orders.xlsx'].text, /4 Rows read3 Accepted1 Rejected/);
  assert.match(c['orders.xlsx'].text, /empty user id1line 5 · 用户ID/);
  assert.ok(Number((await kpi('buyers').innerText()).replace(/[^0-9]/g, '')) >= 2);
  const wasm = sheetFetches().filter((u) => u.includes('livelens_sheet_bg.wasm'));
  assert.equal(wasm.length, 1, `the sheet module's wasm fetched once: ${sheetFetches()}`);
  assert.deepEqual(errors, []);
});
