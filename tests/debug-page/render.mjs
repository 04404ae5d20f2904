// Renders a page in headless Chromium and reports what it shows, for tests/debug_page.rs.
//
//   node render.mjs URL SCREENSHOT.png WAIT_FOR_TEXT
//
// COOKIE_NAME and COOKIE_VALUE, when set, put that cookie in the browser first (a session).
// Waits until the page's text contains WAIT_FOR_TEXT, saves a full-page screenshot and prints
// one JSON line: { status, text, html, panels: {title: text}, verdict, consoleErrors }.
// Chromium comes from Debian (/usr/bin/chromium) or CHROMIUM; every background service that
// would reach the network is off, so the only traffic is to the test's own 127.0.0.1 servers.
import { chromium } from 'playwright-core';

const [url, screenshot, waitFor] = process.argv.slice(2);
if (!url || !screenshot || !waitFor) {
  console.error('usage: node render.mjs URL SCREENSHOT.png WAIT_FOR_TEXT');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  if (process.env.COOKIE_NAME && process.env.COOKIE_VALUE) {
    await context.addCookies([{ name: process.env.COOKIE_NAME, value: process.env.COOKIE_VALUE, url }]);
  }
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  const response = await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
  await page.waitForFunction((t) => document.body && document.body.innerText.includes(t), waitFor, { timeout: 60_000 });
  await page.screenshot({ path: screenshot, fullPage: true });
  const result = await page.evaluate(() => ({
    text: document.body.innerText,
    html: document.documentElement.outerHTML,
    verdict: document.querySelector('[data-auth-debug-verdict]')?.textContent ?? null,
    panels: Object.fromEntries(
      [...document.querySelectorAll('[data-auth-debug-panel]')].map((p) => [p.getAttribute('data-auth-debug-panel'), p.textContent]),
    ),
  }));
  console.log(JSON.stringify({ status: response?.status() ?? null, ...result, consoleErrors }));
} finally {
  await browser.close();
}
