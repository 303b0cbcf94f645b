// A file whose every row is rejected: the page shows an error naming the main reason and an
// example (code no_rows_accepted, worded in the page's language), not an empty dashboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { launch } from './browser.mjs';

const URL_ = process.env.LIVELENS_URL || 'http://127.0.0.1:8080';
const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.join(here, '..', '..', 'target', 'screenshots');
mkdirSync(shots, { recursive: true });

let browser;
let page;

before(async () => {
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(URL_);
  await page.locator('[data-testid=kpi-overall]').waitFor({ timeout: 60_000 });
});

after(async () => { await browser?.close(); });

test('a file with no accepted row is an error with the reason and an example', async () => {
  const csv = 'user_id,event,timestamp,amount\nu1,pay,not a date,10\nu2,enter,yesterday,\nu3,pay,13/45/2025,5\n';
  await page.locator('[data-testid=file-input]').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const alert = page.locator('[data-testid=alert]');
  await alert.waitFor({ timeout: 30_000 });
  const text = await alert.innerText();
  assert.match(text, /No row of your files could be used/);
  assert.match(text, /broken\.csv/);
  // No dashboard: no KPI cards.
  assert.equal(await page.locator('[data-testid=kpi-overall]').count(), 0);
  await page.screenshot({ path: path.join(shots, 'no-rows-error.png') });
});
