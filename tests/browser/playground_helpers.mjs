// Helpers of the playground's browser tests: a `bareme serve --ui` process, the CLI's answer, and
// keyboard input into the playground's fields.
import {execFileSync, spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {check} from './browser.mjs';

// Starts `bareme serve --ui --port 0 FOLDER` from the repository root; resolves to its base URL.
export function serve(bareme, root, folder, ...more) {
  const child = spawn(bareme, ['serve', '--ui', '--port', '0', '--log', '-', ...more, folder],
      {cwd: root, stdio: ['ignore', 'pipe', 'inherit']});
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/[^/\s]+)\//.exec(out);
      if (m) resolve({url: m[1], child});
    });
    child.on('exit', (code) => reject(new Error(`bareme serve exited ${code}: ${out}`)));
  });
}

export async function post(base, scheme, action, body) {
  const res = await fetch(`${base}/schemes/${scheme}/${action}`, {method: 'POST', body: JSON.stringify(body)});
  return {status: res.status, data: await res.json()};
}

// What the CLI says for the same application.
export function cliEval(bareme, root, file, application) {
  const tmp = path.join(os.tmpdir(), `playground-${process.pid}.json`);
  fs.writeFileSync(tmp, JSON.stringify(application));
  try {
    return JSON.parse(execFileSync(bareme, ['eval', file, '--input', tmp], {cwd: root}).toString());
  } finally {
    fs.rmSync(tmp, {force: true});
  }
}

export const allow400 = (r) => r.status() === 400 && /\/schemes\/[^/]+\/(evaluate|explain|missing)$/.test(r.url());
export const quiet = async (page) => page.waitForNetworkIdle({idleTime: 400, timeout: 15000});
export const verdict = (page) => page.$eval('#verdict', (e) => e.dataset.status);
// Chromium logs every 4xx fetch as a console error: those of the answers `allowStatus` accepted
// (a 400 for an invalid value) are expected; every other problem fails.
export const noProblems = (page, allowed400 = 0) => {
  const logged = page.problems.filter((p) => /^console error: Failed to load resource: .* 400 /.test(p));
  const others = page.problems.filter((p) => !logged.includes(p));
  check(others.length === 0 && logged.length <= allowed400, `page problems:\n${page.problems.join('\n')}`);
};

// Types `text` into the field of input `name` by keyboard (clearing it first).
export async function typeInto(page, name, text) {
  const sel = `#in-${name}`;
  await page.focus(sel);
  await page.$eval(sel, (e) => e.select && e.select());
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

// Picks an option of a select by keyboard: focus it, then type the start of its text.
export async function chooseByKeyboard(page, name, value) {
  const sel = `#in-${name}`;
  await page.focus(sel);
  const label = await page.$eval(sel, (s, v) => [...s.options].find((o) => o.value === v)?.text, value);
  check(label, `no option ${value} in ${name}`);
  await page.keyboard.type(label.slice(0, 6));
  if (await page.$eval(sel, (s) => s.value) !== value) await page.select(sel, value);  // fallback
  check(await page.$eval(sel, (s) => s.value) === value, `${name} is not ${value}`);
}

// Types a date in the Chromium date control (month/day/year in the en-US locale).
export async function typeDate(page, name, iso) {
  const [y, m, d] = iso.split('-');
  await page.focus(`#in-${name}`);
  await page.keyboard.type(`${m}${d}${y}`);
  if (await page.$eval(`#in-${name}`, (e) => e.value) !== iso) {  // another locale's order
    await page.$eval(`#in-${name}`, (e, v) => {
      e.value = v;
      e.dispatchEvent(new Event('input', {bubbles: true}));
    }, iso);
  }
  check(await page.$eval(`#in-${name}`, (e) => e.value) === iso, `${name} is not ${iso}`);
}
