// Issue 13 in the page: the KPIs and the funnel come first and the heavy sections (segments and
// clusters, prediction, recommendations) are computed in the worker when a view that shows them
// is first opened — once, with a "computing…" state in both languages; changed settings
// recompute them. Parsing reports bytes and rows (a determinate bar). No console errors.
// Screenshots in target/screenshots/lazy-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';
import { launch } from './browser.mjs';

const URL_ = process.env.LIVELENS_URL || 'http://127.0.0.1:8080';
const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.join(here, '..', '..', 'target', 'screenshots');
mkdirSync(shots, { recursive: true });
const tmp = path.join(os.tmpdir(), `livelens-lazy-${process.pid}`);
mkdirSync(tmp, { recursive: true });

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A page that counts the worker's `analyze` requests and records console errors. */
async function openPage(url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  return { context, page, errors };
}

/** Loads the demo and waits for its report; returns the progress steps and the report's heavy
 * sections as they were when the report arrived. */
async function demoReport(page) {
  await page.locator('[data-testid=dropzone]').waitFor();
  return page.evaluate(() => new Promise((resolve) => {
    const steps = new Set();
    window.__sections = [];
    window.livelens.on('progress', (p) => { if (p.step) steps.add(p.step); });
    window.livelens.on('sections', (s) => window.__sections.push(s));
    const off = window.livelens.on('report', (r) => {
      off();
      resolve({ steps: [...steps], funnel: r.funnel !== null, kpis: r.kpis.overall.viewers, segments: r.segments, prediction: r.prediction, recommendations: r.recommendations, evaluation: r.evaluation });
    });
    window.livelens.loadDemo();
  }));
}

const idle = (page) => page.waitForFunction(() => !window.livelens.state.busy, null, { timeout: 60_000 });

test('heavy sections wait for their view, are computed once, and recompute with new settings', async () => {
  const { context, page, errors } = await openPage(URL_ + '/?demo=off&lang=en');
  const first = await demoReport(page);
  assert.ok(first.kpis > 0 && first.funnel, 'KPIs and funnel first');
  for (const s of ['kpis', 'funnel']) assert.ok(first.steps.includes(s), s);
  for (const s of ['segments', 'prediction', 'recommendations']) assert.ok(!first.steps.includes(s), `${s} not computed before its view opens`);
  assert.equal(first.segments, null);
  assert.equal(first.prediction, null);
  assert.equal(first.recommendations, null);
  assert.equal(first.evaluation, null);
  await idle(page);

  // The audience view: "computing…" while the worker computes segments and prediction, then
  // the view itself.
  await page.locator('nav [data-view="audience"]').click();
  await page.locator('[data-testid=view-computing]').waitFor({ timeout: 10_000 });
  assert.match(await page.locator('[data-testid=view-computing]').innerText(), /Computing .*(Segments|segments)/i);
  await page.screenshot({ path: path.join(shots, 'lazy-computing-en.png'), fullPage: false });
  await page.locator('[data-testid=cluster-summary]').waitFor({ timeout: 60_000 });
  await page.locator('canvas[data-chart="clusters_pca"][data-drawn="1"]').waitFor({ timeout: 20_000 });
  const afterAudience = await page.evaluate(() => { const r = window.livelens.exportReport(); return { segments: !!r.segments, prediction: !!r.prediction, recommendations: r.recommendations, funnel: !!r.funnel, kpis: r.kpis.overall.viewers }; });
  assert.deepEqual(afterAudience, { segments: true, prediction: true, recommendations: null, funnel: true, kpis: first.kpis });
  await page.screenshot({ path: path.join(shots, 'lazy-audience.png'), fullPage: false });

  // Back and forth: no second computation.
  await page.locator('nav [data-view="overview"]').click();
  await page.locator('nav [data-view="audience"]').click();
  await page.locator('[data-testid=cluster-summary]').waitFor();
  assert.equal(await page.locator('[data-testid=view-computing]').count(), 0);
  assert.deepEqual(await page.evaluate(() => window.__sections), [['segments', 'prediction']]);

  // Recommendations: computed when their view opens; the audience sections stay.
  await page.locator('nav [data-view="recommend"]').click();
  await page.locator('[data-testid=evaluation-table] tbody tr').first().waitFor({ timeout: 60_000 });
  await idle(page);
  const full = await page.evaluate(() => { const r = window.livelens.exportReport(); return { segments: !!r.segments, recommendations: !!r.recommendations, evaluation: !!r.evaluation }; });
  assert.deepEqual(full, { segments: true, recommendations: true, evaluation: true });
  assert.deepEqual(await page.evaluate(() => window.__sections), [['segments', 'prediction'], ['recommendations']]);

  // New analysis settings while on the recommendations view: only the sections the setting
  // changes are computed again (a timeline bucket: the timeline, the comments and the review,
  // with the interactions the review reads); the heavy sections stay, so the audience view
  // opens without computing anything.
  const steps = [];
  await page.evaluate(() => { window.__steps = []; window.livelens.on('progress', (p) => { if (p.step) window.__steps.push(p.step); }); });
  await page.evaluate(() => window.livelens.update({ analysis: { timeline_bucket_seconds: 120 } }));
  await idle(page);
  steps.push(...new Set(await page.evaluate(() => window.__steps)));
  assert.ok(!steps.some((s) => ['segments', 'prediction', 'recommendations', 'funnel', 'kpis'].includes(s)), `computed again: ${steps}`);
  assert.ok(steps.includes('timeline'), `computed again: ${steps}`);
  const after = await page.evaluate(() => { const r = window.livelens.exportReport(); return { segments: !!r.segments, prediction: !!r.prediction, recommendations: !!r.recommendations, bucket: r.timeline.bucket_seconds }; });
  assert.deepEqual(after, { segments: true, prediction: true, recommendations: true, bucket: 120 });
  const asked = await page.evaluate(() => window.__sections.length);
  await page.locator('nav [data-view="audience"]').click();
  await page.locator('[data-testid=cluster-summary]').waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('[data-testid=view-computing]').count(), 0);
  assert.equal(await page.evaluate(() => window.__sections.length), asked);
  // A new RFM date on the audience view: the segments are computed again; the
  // recommendations, whose hosts per segment read them, are dropped until their view opens.
  await page.evaluate(() => window.livelens.update({ analysis: { timeline_bucket_seconds: 120, rfm: { as_of: 20_400 } } }));
  await idle(page);
  const rfm = await page.evaluate(() => { const r = window.livelens.exportReport(); return { asOf: r.segments.rfm.params.as_of, prediction: !!r.prediction, recommendations: r.recommendations }; });
  assert.deepEqual(rfm, { asOf: 20_400, prediction: true, recommendations: null });
  await page.locator('nav [data-view="recommend"]').click();
  await page.locator('[data-testid=evaluation-table] tbody tr').first().waitFor({ timeout: 60_000 });
  await idle(page);
  assert.deepEqual((await page.evaluate(() => window.__sections)).at(-1), ['recommendations']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the report the page builds from the worker\'s changed sections equals a whole analysis', async () => {
  // The worker answers a view's sections and new settings with only the sections that changed;
  // the page puts them into its report. After views opened in turn and two settings changed,
  // that report must be the one a page computing everything at once with those settings has.
  const settings = { timeline_bucket_seconds: 120, rfm: { as_of: 20_400 }, rules: { min_confidence: 0.2 } };
  const sorted = (r) => ({ ...r, skipped: [...r.skipped].sort((a, b) => (a.section + a.code).localeCompare(b.section + b.code)) });
  const a = await openPage(URL_ + '/?demo=off&lang=en');
  await demoReport(a.page);
  await idle(a.page);
  for (const [view, ready] of [['audience', '[data-testid=cluster-summary]'], ['recommend', '[data-testid=evaluation-table] tbody tr']]) {
    await a.page.locator(`nav [data-view="${view}"]`).click();
    await a.page.locator(ready).first().waitFor({ timeout: 60_000 });
    await idle(a.page);
  }
  await a.page.evaluate(() => window.livelens.update({ analysis: { timeline_bucket_seconds: 120 } }));
  await idle(a.page);
  await a.page.evaluate((o) => window.livelens.update({ analysis: o }), settings);
  await idle(a.page);
  const built = await a.page.evaluate(async () => { await window.livelens.computeSections(); return window.livelens.exportReport(); });
  const b = await openPage(URL_ + '/?demo=off&lang=en');
  await b.page.locator('[data-testid=dropzone]').waitFor();
  await b.page.evaluate((o) => window.livelens.update({ lazySections: false, analysis: o }), settings);
  await demoReport(b.page);
  await idle(b.page);
  const whole = await b.page.evaluate(() => window.livelens.exportReport());
  assert.equal(built.timeline.bucket_seconds, 120);
  assert.equal(built.segments.rfm.params.as_of, 20_400);
  assert.ok(built.recommendations && built.prediction && built.rules);
  assert.deepEqual(sorted(built), sorted(whole));
  assert.deepEqual([...a.errors, ...b.errors], []);
  await a.context.close();
  await b.context.close();
});

test('the computing state and the views in Chinese', async () => {
  const { context, page, errors } = await openPage(URL_ + '/?demo=off&lang=zh');
  await demoReport(page);
  await idle(page);
  await page.locator('nav [data-view="recommend"]').click();
  await page.locator('[data-testid=view-computing]').waitFor({ timeout: 10_000 });
  assert.match(await page.locator('[data-testid=view-computing]').innerText(), /正在计算/);
  await page.screenshot({ path: path.join(shots, 'lazy-computing-zh.png'), fullPage: false });
  await page.locator('[data-testid=evaluation-table] tbody tr').first().waitFor({ timeout: 60_000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('computeSections() fills in the heavy sections no view asked for (for exportReport)', async () => {
  const { context, page, errors } = await openPage(URL_ + '/?demo=off&lang=en');
  await demoReport(page);
  await idle(page);
  const got = await page.evaluate(async () => {
    await window.livelens.computeSections();
    const r = window.livelens.exportReport();
    return { segments: !!r.segments, prediction: !!r.prediction, recommendations: !!r.recommendations, evaluation: !!r.evaluation, computed: window.__sections };
  });
  assert.deepEqual(got, { segments: true, prediction: true, recommendations: true, evaluation: true, computed: [['segments', 'prediction', 'recommendations']] });
  // Nothing left to compute: opening a heavy view shows it at once.
  await page.locator('nav [data-view="audience"]').click();
  await page.locator('[data-testid=cluster-summary]').waitFor({ timeout: 10_000 });
  assert.deepEqual(await page.evaluate(() => window.__sections.length), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('lazySections: false computes every section at once', async () => {
  const { context, page, errors } = await openPage(URL_ + '/?demo=off&lang=en');
  await page.locator('[data-testid=dropzone]').waitFor();
  await page.evaluate(() => window.livelens.update({ lazySections: false }));
  const first = await demoReport(page);
  assert.ok(first.segments && first.recommendations && first.evaluation, 'every section');
  await idle(page);
  await page.locator('nav [data-view="audience"]').click();
  await page.locator('[data-testid=cluster-summary]').waitFor({ timeout: 10_000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('parsing shows bytes of the total and rows so far, in a determinate bar', async () => {
  // ~18 MB of events, in one file: parsed slice by slice.
  const lines = ['user_id,session_id,event,timestamp,amount'];
  for (let i = 0; i < 450_000; i++) lines.push(`user${i % 50000},s${i % 30},enter,2026-10-0${1 + (i % 9)} 20:${String(i % 60).padStart(2, '0')}:00,`);
  const big = path.join(tmp, 'progress-events.csv');
  writeFileSync(big, lines.join('\n'));
  for (const lang of ['en', 'zh']) {
    const { context, page, errors } = await openPage(URL_ + `/?demo=off&lang=${lang}`);
    await page.locator('[data-testid=dropzone]').waitFor();
    await page.evaluate(() => {
      window.__progress = [];
      window.livelens.on('progress', (p) => { if (p.stage === 'parsing') window.__progress.push(p); });
    });
    await page.locator('[data-testid=file-input]').setInputFiles(big);
    // A determinate bar with "x MB of y MB · n rows" while parsing.
    const facts = lang === 'en' ? /[\d.]+ (KB|MB) of [\d.]+ MB · [\d,]+ rows/ : /[\d.]+ (KB|MB) \/ 共 [\d.]+ MB · [\d,]+ 行/;
    await page.waitForFunction((re) => {
      const root = document.getElementById('app').shadowRoot;
      const bar = root.querySelector('.progress progress');
      return bar && bar.hasAttribute('value') && new RegExp(re).test(root.querySelector('[data-testid=progress-facts]')?.textContent || '');
    }, facts.source, { timeout: 30_000, polling: 20 });
    if (lang === 'en') await page.screenshot({ path: path.join(shots, 'lazy-progress-en.png'), fullPage: false });
    await page.waitForFunction(() => window.livelens.exportReport() && !window.livelens.state.busy, null, { timeout: 120_000 });
    const seen = await page.evaluate(() => window.__progress);
    assert.ok(seen.length >= 3, `several parse progress messages (${seen.length})`);
    const size = seen[0].total;
    assert.equal(size, statSync(big).size, 'total is the file size');
    for (let i = 1; i < seen.length; i++) {
      assert.ok(seen[i].done >= seen[i - 1].done && seen[i].rows >= seen[i - 1].rows, 'bytes and rows only grow');
      assert.equal(seen[i].unit, 'bytes');
    }
    const last = seen[seen.length - 1];
    assert.equal(last.done, size);
    assert.equal(last.rows, 450_000);
    assert.ok(seen.some((p) => p.rows > 0 && p.rows < 450_000), 'rows counted while parsing');
    const report = await page.evaluate(() => window.livelens.exportReport());
    assert.equal(report.validation.rows_read, 450_000);
    assert.deepEqual(errors, []);
    await context.close();
  }
});
