// Drives www/bench.html in headless Chromium (Debian's /usr/bin/chromium through playwright-core)
// and prints the page's result as JSON. Usage: node bench/browser.mjs URL [timeout_seconds]
import { chromium } from 'playwright-core';

const url = process.argv[2];
const timeout = Number(process.argv[3] || 1800) * 1000;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run',
    // Lets the page read performance.memory with real (not bucketed) values.
    '--enable-precise-memory-info'],
});
try {
  const page = await browser.newPage();
  page.on('console', (m) => process.stderr.write(`[page] ${m.text()}\n`));
  page.on('pageerror', (e) => process.stderr.write(`[page error] ${e}\n`));
  await page.goto(url);
  await page.waitForFunction(() => window.benchResult !== undefined, null, { timeout, polling: 500 });
  const result = await page.evaluate(() => window.benchResult);
  process.stdout.write(JSON.stringify(result) + '\n');
  if (result.error) process.exitCode = 1;
} finally {
  await browser.close();
}
