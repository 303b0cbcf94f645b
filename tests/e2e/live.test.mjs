// Go live, as a creator uses it during a live: the page follows an export that another program
// keeps appending to, the rows appear on the live screen, an alert fires with its numbers, a
// lottery is committed, drawn, revealed and verified in the page (and by the CLI when built).
//
// Test hook (docs/live-page.md): a headless browser cannot click the File System Access picker,
// so the test creates the file in the origin private file system (OPFS,
// `navigator.storage.getDirectory()`), hands its FileSystemFileHandle to the page through
// `window.livelens.live.followHandle(handle)` — the same path as a picked file — and appends
// to it from Node through `createWritable({keepExistingData: true})`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { launch } from './browser.mjs';

const URL_ = process.env.LIVELENS_URL || 'http://127.0.0.1:8080';
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..', '..');
const shots = path.join(root, 'target', 'screenshots');
mkdirSync(shots, { recursive: true });

let browser;
let page;
const consoleErrors = [];

const HEADER = 'user_id,session_id,event,timestamp,item_id,order_id,amount,text\n';
const T0 = Date.UTC(2026, 11, 1, 12, 0, 0); // the live starts after every demo session
const at = (sec) => new Date(T0 + sec * 1000).toISOString().replace('T', ' ').slice(0, 19);
const row = (u, ev, sec, extra = {}) => `${u},live1,${ev},${at(sec)},${extra.item || ''},${extra.order || ''},${extra.amount || ''},${extra.text || ''}\n`;

/** Minutes 0–2: 40 viewers enter; ten greet; two comment a keyword. */
function batch1() {
  let s = HEADER;
  for (let i = 0; i < 40; i++) s += row(`u${i}`, 'enter', 3 * i);
  for (let i = 0; i < 10; i++) s += row(`u${i}`, 'comment', 125 + i, { text: i < 2 ? 'lucky 抽我' : 'hello from Shanghai' });
  return s;
}
/** Minutes 3–4: a pitch of p1 (30 product views, 10 clicks, 3 payments) and five questions. */
function batch2() {
  let s = '';
  for (let i = 0; i < 30; i++) s += row(`u${i}`, 'product_view', 180 + i, { item: 'p1' });
  for (let i = 0; i < 10; i++) s += row(`u${i}`, 'click', 200 + i, { item: 'p1' });
  for (let i = 0; i < 3; i++) s += row(`u${i}`, 'pay', 215 + i, { item: 'p1', order: `o${i}`, amount: 199 });
  const qs = ['How much is the course?', 'Is there a refund if I do not like it?', 'When does the next class start?', '这个课适合零基础吗？', 'Where is the link?'];
  qs.forEach((q, i) => { s += row(`u${10 + i}`, 'comment', 245 + 5 * i, { text: `"${q}"` }); });
  return s;
}
/** Minute 5–6: half of the room leaves; two more comments move time on. */
function batch3() {
  let s = '';
  for (let i = 0; i < 20; i++) s += row(`u${i}`, 'leave', 300 + i);
  s += row('u30', 'comment', 370, { text: 'nice' });
  s += row('u31', 'comment', 390, { text: 'lucky 抽我' });
  return s;
}

/** Creates (or empties) the OPFS file. */
const create = (text) => page.evaluate(async (t) => {
  const dir = await navigator.storage.getDirectory();
  const fh = await dir.getFileHandle('live.csv', { create: true });
  const w = await fh.createWritable({ keepExistingData: false });
  await w.write(t);
  await w.close();
}, text);
/** Appends to the OPFS file, as a capture tool would. */
const append = (text) => page.evaluate(async (t) => {
  const dir = await navigator.storage.getDirectory();
  const fh = await dir.getFileHandle('live.csv');
  const size = (await fh.getFile()).size;
  const w = await fh.createWritable({ keepExistingData: true });
  await w.seek(size);
  await w.write(t);
  await w.close();
}, text);
const look = () => page.evaluate(() => window.livelens.live.look());
const text = (sel) => page.locator(sel).first().innerText();
const kpi = (k) => text(`[data-testid=live-kpis] [data-kpi=${k}] .kpi-value`);
async function until(fn, what, ms = 20_000) {
  const end = Date.now() + ms;
  for (;;) {
    await look();
    if (await fn()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

before(async () => {
  browser = await launch();
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
  page = await ctx.newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(URL_);
  // The demo's 30 sessions are loaded: the baseline's history.
  await page.locator('[data-testid=kpi-overall]').waitFor({ timeout: 60_000 });
});

after(async () => {
  await browser?.close();
});

test('follows a growing file: rows appear, a half line waits, an alert fires', async () => {
  await page.locator('nav [data-view="live"]').click();
  await page.locator('[data-testid=live-pick]').waitFor();
  await create(batch1());
  await page.evaluate(async () => {
    const dir = await navigator.storage.getDirectory();
    await window.livelens.live.followHandle(await dir.getFileHandle('live.csv'));
  });
  await until(async () => (await kpi('viewers_now').catch(() => '')) === '40', '40 viewers');
  assert.match(await text('[data-testid=live-following]'), /live\.csv/);
  assert.match(await text('[data-testid=live-baseline]'), /earlier sessions|之前/);
  // A line cut in the middle: the complete rows count, the half line waits.
  const b2 = batch2();
  const cut = b2.length - 12;
  await append(b2.slice(0, cut));
  await until(async () => (await page.locator('[data-testid=live-partial]').count()) === 1, 'the half line');
  await append(b2.slice(cut) + batch3());
  await until(async () => (await page.locator('[data-alert=viewers_drop]').count()) > 0, 'the viewers-drop alert');
  const alertText = await text('[data-alert=viewers_drop]');
  assert.match(alertText, /40 → 20/, alertText);
  assert.equal(await kpi('viewers_now'), '20');
  assert.equal(await kpi('gmv_total'), '¥597.00'); // 3 payments of 199
  // The questions are shown as text, unanswered.
  const qs = await text('[data-testid=live-questions]');
  assert.match(qs, /How much is the course\?/);
  assert.match(qs, /not answered/);
  // Product clicks so far, and the funnel.
  const prod = await text('[data-testid=live-products] tbody tr');
  assert.match(prod, /p1\s+30\s+10\s+3\s+¥597\.00/, prod);
  assert.match(await text('[data-testid=live-funnel]'), /40 → .*30 → .*10/);
  await page.locator('canvas[data-live-chart=live_viewers][data-drawn]').waitFor();
  assert.doesNotMatch(await text('[data-testid=live]'), /\bnull\b|undefined|NaN/);
  await page.screenshot({ path: path.join(shots, 'live-en.png'), fullPage: true });
  await page.locator('[data-testid=lang]').click();
  await page.waitForFunction(() => document.getElementById('app').shadowRoot.querySelector('[data-testid=live-kpis]')?.innerText.includes('在线人数'));
  await until(async () => /未回答/.test(await text('[data-testid=live-questions]')), 'Chinese questions');
  await page.screenshot({ path: path.join(shots, 'live-zh.png'), fullPage: true });
  await page.locator('[data-testid=lang]').click();
  await page.waitForFunction(() => document.getElementById('app').shadowRoot.querySelector('[data-testid=live-kpis]')?.innerText.includes('Concurrent viewers'));
});

test('a lottery is committed, drawn, revealed and verified in the page', async () => {
  await page.locator('[data-testid=lottery-count]').click();
  await page.locator('[data-testid=lottery-eligible]').waitFor();
  // Everyone who commented (10 greetings, 5 questions, 2 more) is one entry each.
  assert.match(await text('[data-testid=lottery-eligible]'), /^17 eligible of 17 who commented/);
  // A keyword: only those whose comment holds it (u0, u1, u31 wrote "lucky 抽我").
  await page.locator('[data-testid=lottery-keyword]').fill('LUCKY');
  await page.locator('[data-testid=lottery-count]').click();
  await page.waitForFunction(() => /^3 eligible of 17 who commented; left out: 0 outside the window, 14 without the keyword/.test(document.getElementById('app').shadowRoot.querySelector('[data-testid=lottery-eligible]')?.innerText || ''));
  await page.locator('[data-testid=lottery-keyword]').fill('');
  await page.locator('[data-testid=lottery-winners]').fill('2');
  await page.locator('[data-testid=lottery-commit]').click();
  const code = await text('[data-testid=lottery-code]');
  assert.match(code, /^[0-9A-F]{4}-[0-9A-F]{4}$/);
  assert.match(await text('[data-testid=lottery-line]'), new RegExp(`Lottery ${code}: 17 eligible, 2 winner`));
  await page.locator('[data-testid=lottery-draw]').click();
  await page.locator('[data-testid=lottery-winners-list] li').nth(1).waitFor();
  await page.locator('[data-testid=lottery-reveal]').click();
  assert.match(await text('[data-testid=lottery-seed]'), /^[0-9a-f]{64}$/);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=lottery-download]').click()]);
  const file = path.join(root, 'target', 'live-proof.json');
  await dl.saveAs(file);
  const proof = JSON.parse((await import('node:fs')).readFileSync(file, 'utf8'));
  assert.equal(proof.commitment.short_code, code);
  assert.equal(proof.winners.length, 2);
  // The verify box: the proof as published verifies …
  await page.locator('[data-testid=verify-text]').fill(JSON.stringify(proof));
  await page.locator('[data-testid=verify-button]').click();
  await page.locator('[data-testid=verify-result][data-valid=true]').waitFor();
  // … a changed winner does not, and the page says why.
  const forged = { ...proof, winners: [proof.eligible.find((x) => !proof.winners.includes(x)), proof.winners[1]] };
  await page.locator('[data-testid=verify-text]').fill(JSON.stringify(forged));
  await page.locator('[data-testid=verify-button]').click();
  await page.locator('[data-testid=verify-result][data-valid=false]').waitFor();
  assert.match(await text('[data-testid=verify-result]'), /winner 1: the proof says/);
  // The CLI agrees, when it is built.
  const cli = path.join(root, 'target', 'debug', 'livelens');
  if (existsSync(cli)) {
    const out = execFileSync(cli, ['lottery', 'verify', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.match(out + '', /verif|ok|valid/i);
  }
  // Past winners are excluded from the next draw.
  await page.locator('[data-testid=lottery-new]').click();
  await page.locator('[data-testid=lottery-count]').click();
  await page.waitForFunction(() => /^15 eligible/.test(document.getElementById('app').shadowRoot.querySelector('[data-testid=lottery-eligible]')?.innerText || ''));
  await page.screenshot({ path: path.join(shots, 'live-lottery.png'), fullPage: true });
});

test('a replaced file starts over with a message', async () => {
  await create(HEADER + row('v1', 'enter', 10) + row('v2', 'enter', 20) + row('v2', 'comment', 40, { text: 'hi' }));
  await until(async () => (await page.locator('[data-testid=live-notice]').count()) === 1, 'the restart notice');
  assert.match(await text('[data-testid=live-notice]'), /replaced|truncated/);
  await until(async () => (await kpi('viewers_now').catch(() => '')) === '2', '2 viewers after the restart');
  writeFileSync(path.join(root, 'target', 'live-console-errors.json'), JSON.stringify(consoleErrors));
});

test('without the File System Access API: pick the file, Refresh reads only the new part', async (t) => {
  // Another page where the API is missing (as in Firefox or Safari).
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await ctx.addInitScript(() => { delete window.showOpenFilePicker; });
  const p2 = await ctx.newPage();
  p2.on('pageerror', (e) => consoleErrors.push(String(e)));
  await p2.goto(URL_ + '/?demo=off');
  await p2.locator('[data-testid=go-live]').click();
  await p2.locator('[data-testid=live-no-fs]').waitFor();
  const file = path.join(root, 'target', 'live-fallback.csv');
  writeFileSync(file, batch1());
  await p2.locator('[data-testid=live-file-input]').setInputFiles(file);
  const kpi2 = (k) => p2.locator(`[data-testid=live-kpis] [data-kpi=${k}] .kpi-value`).first().innerText();
  await p2.waitForFunction(() => document.getElementById('app').shadowRoot.querySelector('[data-kpi=viewers_now] .kpi-value')?.innerText === '40', null, { timeout: 20_000 });
  // No earlier sessions: no band, and the page says how to get one.
  assert.match(await p2.locator('[data-testid=live-baseline]').innerText(), /No earlier sessions/);
  writeFileSync(file, batch1() + batch2() + batch3());
  await p2.locator('[data-testid=live-refresh]').click();
  // Chromium refuses to read a picked file that changed: the page asks for it again and goes
  // on from the same offset (a browser that can read it shows the rows at once).
  await p2.waitForFunction(() => {
    const r = document.getElementById('app').shadowRoot;
    return r.querySelector('[data-testid=live-repick]') || r.querySelector('[data-kpi=viewers_now] .kpi-value')?.innerText === '20';
  }, null, { timeout: 20_000 });
  const repicked = (await p2.locator('[data-testid=live-repick]').count()) > 0;
  t.diagnostic(repicked ? 'the browser refused the changed file: picked again' : 'the browser read the changed file');
  if (repicked) {
    assert.match(await p2.locator('[data-testid=live-repick]').innerText(), /Choose the same file again/);
    await p2.locator('[data-testid=live-file-input]').setInputFiles(file);
  }
  await p2.waitForFunction(() => document.getElementById('app').shadowRoot.querySelector('[data-kpi=viewers_now] .kpi-value')?.innerText === '20', null, { timeout: 20_000 });
  assert.equal(await kpi2('gmv_total'), '¥597.00');
  // Read once each: the header and rows were not counted twice.
  assert.match(await p2.locator('[data-testid=live-status]').innerText(), /(\d+) rows accepted · 0 rejected/);
  const accepted = Number((await p2.locator('[data-testid=live-status]').innerText()).match(/([\d,]+) rows accepted/)[1].replace(/,/g, ''));
  assert.equal(accepted, (batch1() + batch2() + batch3()).split('\n').filter(Boolean).length - 1);
  await ctx.close();
});

test('no console errors', () => {
  assert.deepEqual(consoleErrors, []);
});
