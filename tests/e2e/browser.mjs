// Debian's Chromium driven by playwright-core (no browser download on these machines).
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/** The page under test (`LIVELENS_URL`, else a local `serve.py` on 8080). */
export const PAGE_URL = process.env.LIVELENS_URL || 'http://127.0.0.1:8080';
/** Where the tests write their screenshots (`target/screenshots`). */
export const SHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'target', 'screenshots');

/**
 * Opens the page on the demo data in a 1280×900 window, collecting console and page errors,
 * and waits up to `timeout` ms for the overall KPIs: `{ browser, page, consoleErrors }`.
 */
export async function openDemo(timeout = 60_000) {
  mkdirSync(SHOTS, { recursive: true });
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(PAGE_URL);
  await page.locator('[data-testid=kpi-overall]').waitFor({ timeout });
  return { browser, page, consoleErrors };
}

/**
 * The small helpers every view test uses on an opened page: `text(sel)` (first match's text),
 * `open(view)` (clicks the view's tab and waits until it is shown and no longer computing:
 * heavy views compute their sections when first opened, lazy.js), `drawn(id)` (waits for the
 * chart's canvas to be drawn) and `shot(name)` (a full-page screenshot in SHOTS as
 * `<prefix>-<name>.png`).
 */
export function viewHelpers(page, { prefix = 'view', drawTimeout = 20_000 } = {}) {
  return {
    text: (sel) => page.locator(sel).first().innerText(),
    async open(view) {
      await page.locator(`nav [data-view="${view}"]`).click();
      await page.locator(`.view[data-view="${view}"]`).waitFor();
      await page.locator('[data-testid=view-computing]').waitFor({ state: 'detached', timeout: 60_000 });
    },
    async drawn(id) {
      await page.locator(`canvas[data-chart="${id}"][data-drawn="1"]`).waitFor({ timeout: drawTimeout });
    },
    shot: (name) => page.screenshot({ path: path.join(SHOTS, `${prefix}-${name}.png`), fullPage: true }),
  };
}
