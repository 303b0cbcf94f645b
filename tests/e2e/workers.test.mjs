// A large events file dropped on the page is parsed in parse workers (parse-pool.js) whose
// chunks the engine worker merges in order: the validation (rows, rejections with their line
// numbers, duplicates, warnings) and the KPIs are those of the same file parsed with the parse
// workers off (?workers=0).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, PAGE_URL, SHOTS } from './browser.mjs';
import { mkdirSync } from 'node:fs';

mkdirSync(SHOTS, { recursive: true });

/** ~10 MB of events: quoted fields with line ends, a stray quote, CRLF and blank lines, wrong
 * field counts, bad times and amounts, empty users, exact repeats, Chinese names. */
function eventsCsv() {
  const lines = ['user_id,session_id,event,timestamp,amount,text,source,platform\r\n'];
  const events = ['enter', 'product_view', 'click', 'order', 'pay'];
  for (let i = 0; lines.length < 190_000; i++) {
    const u = `用户${i % 4999}`;
    const t = `2025-03-${String(1 + (i % 28)).padStart(2, '0')} ${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`;
    const e = events[i % 5];
    const amount = e === 'pay' ? `${(i % 300) + 0.5}` : '';
    switch (i % 23) {
      case 0: lines.push(`${u},s${i % 40},${e},${t},${amount},"hello\nworld, ""${i}""",搜索,\r\n`); break;
      case 1: lines.push('\n'); break;
      case 2: lines.push(`u${i},s1,view,not a time,,x,,\n`); break;
      case 3: lines.push(`u${i},s1,pay,${t},-5,,,\n`); break;
      case 4: lines.push(`u${i},bad,row\n`); break;
      case 5: lines.push(`,s2,enter,${t},,,,\n`); break;
      case 6: lines.push('u1,s1,enter,2025-03-01 10:00:00,,,,\n'); break;
      case 7: lines.push(`u"${i},s3,comment,${t},,a quote,,\n`); break;
      case 8: lines.push(`${u},s${i % 40},pay,${t},${(i % 90) + 0.25},"multi\r\nline",,抖音\n`); break;
      default: lines.push(`${u},s${i % 40},${e},${t},${amount},,直播推荐,\n`);
    }
  }
  return Buffer.from(lines.join(''));
}

const browser = await launch();
after(() => browser.close());
const csv = eventsCsv();

/** Drops the file on the page opened with `query`; the report's validation and KPIs, and how
 * the file was parsed. */
async function dropped(query, shot) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${PAGE_URL}/?${query}`);
  await page.locator('[data-testid=file-input]').waitFor({ state: 'attached', timeout: 60_000 });
  await page.locator('[data-testid=file-input]').setInputFiles({ name: 'events.csv', mimeType: 'text/csv', buffer: csv });
  await page.waitForFunction(() => {
    const r = window.livelens.exportReport();
    return r && r.validation.files.some((f) => f.name === 'events.csv');
  }, null, { timeout: 120_000 });
  const out = await page.evaluate(async () => {
    const r = window.livelens.exportReport();
    return { validation: r.validation, kpis: r.kpis, stats: await window.livelens._parseStats() };
  });
  if (shot) await page.screenshot({ path: path.join(SHOTS, shot), fullPage: false });
  assert.deepEqual(errors, []);
  await page.close();
  return out;
}

test('a large events file parsed in parse workers reads as parsed in the engine worker alone', async () => {
  assert.ok(csv.length > 9_000_000, `${csv.length} bytes`);
  const on = await dropped('demo=off&workers=1', 'workers-on-dropped.png');
  const off = await dropped('demo=off&workers=0');
  assert.equal(off.stats, null, 'workers off: parsed in the engine worker');
  assert.ok(on.stats && on.stats.workers === 1, JSON.stringify(on.stats));
  assert.ok(on.stats.merged >= on.stats.ranges / 2, `chunks merged: ${JSON.stringify(on.stats)}`);
  assert.ok(on.stats.heaps[0] > 0, 'the parse worker reports its heap');
  const v = on.validation;
  assert.ok(v.rows_rejected > 1000 && v.duplicates_dropped > 1000, `${v.rows_rejected} ${v.duplicates_dropped}`);
  assert.deepEqual(on.validation, off.validation);
  assert.deepEqual(on.kpis, off.kpis);
});
