// Shared helpers of the browser tests: the system Chromium, headless, under puppeteer-core; every
// console error, page error and failed request of a page recorded; screenshots saved as artefacts.
import fs from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumPath() {
  const chosen = process.env.BAREME_CHROMIUM || candidates.find((p) => fs.existsSync(p));
  if (!chosen) throw new Error('no Chromium found: run scripts/setup (Debian package chromium)');
  return chosen;
}

// Where screenshots go: $BAREME_ARTIFACTS, else build/test-artifacts/browser.
export function artifactDir() {
  const dir = process.env.BAREME_ARTIFACTS ||
      path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../build/test-artifacts/browser');
  fs.mkdirSync(dir, {recursive: true});
  return dir;
}

export async function launch() {
  return puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    // CI runs as root: Chromium refuses to start as root with its sandbox.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
      '--font-render-hinting=none'],
  });
}

// A page whose problems are collected in `page.problems`: console errors and warnings, uncaught
// exceptions, and requests that failed or answered 4xx/5xx (unless `allowStatus` accepts them).
export async function openPage(browser, {width = 1200, height = 900, allowStatus = () => false} = {}) {
  const page = await browser.newPage();
  await page.setViewport({width, height});
  page.problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warn') page.problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => page.problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !allowStatus(r)) page.problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return page;
}

export async function screenshot(page, name) {
  const file = path.join(artifactDir(), `${name}.png`);
  await page.screenshot({path: file, fullPage: true});
  return file;
}

// A minimal test runner: named async checks, run in order; failures listed; exit code 1 if any.
export async function run(tests) {
  let failed = 0;
  for (const [name, fn] of tests) {
    try {
      await fn();
      console.log(`ok   ${name}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${name}\n     ${String(e && e.stack || e).split('\n').join('\n     ')}`);
    }
  }
  console.log(`${tests.length - failed}/${tests.length} browser checks passed`);
  process.exitCode = failed ? 1 : 0;
}

export function check(condition, message) {
  if (!condition) throw new Error(message);
}
