// Browser tests of the playground's edge cases (tests/browser/schemes): an evaluation error shown as
// such, numbers kept digit for digit both ways, no absolute path, a bad address, a stale verdict.
// Usage: node playground_errors_test.mjs BAREME REPO_ROOT.
import fs from 'node:fs';
import path from 'node:path';
import {check, launch, openPage, run} from './browser.mjs';
import {noProblems, quiet, serve as serveWith, typeInto, verdict} from './playground_helpers.mjs';

const [bareme, root] = process.argv.slice(2).map((p) => path.resolve(p));
if (!bareme || !root) throw new Error('usage: node playground_errors_test.mjs BAREME REPO_ROOT');

const folder = path.join(root, 'tests/browser/schemes');  // absolute: no page may show it
const plain = await serveWith(bareme, root, folder);
const guarded = await serveWith(bareme, root, folder, '--token', 's3cret');
const browser = await launch();
const nbsp = '\u00a0';

// A page of `scheme` in `lang`, its fields typed, once the result is updated.
async function filled(scheme, lang, values) {
  const page = await openPage(browser);
  await page.evaluateOnNewDocument((l) => localStorage.setItem('bareme-lang', l), lang);
  await page.goto(`${plain.url}/ui/scheme/${scheme}`);
  await page.waitForSelector('#verdict');
  for (const [name, text] of Object.entries(values)) await typeInto(page, name, text);
  await quiet(page);
  return page;
}

try {
  await run([
    ['a division by zero is an evaluation error, told openly with its source line', async () => {
      for (const [lang, label] of [['en', 'Evaluation error'], ['fr', 'Erreur de calcul']]) {
        const page = await filled('divide', lang, {cost: '100', people: '0'});
        check(await verdict(page) === 'failure', `${lang}: verdict ${await verdict(page)}`);
        check(await page.$eval('#verdict', (e) => e.textContent) === label, `${lang}: not "${label}"`);
        const alert = await page.$eval('#failure', (e) => ({role: e.getAttribute('role'), text: e.textContent,
          open: !e.closest('details'), href: e.querySelector('.src-link')?.getAttribute('href')}));
        check(alert.role === 'alert' && alert.open && /DivisionByZero/.test(alert.text) && /division by zero/.test(alert.text),
            `${lang}: the error is not shown openly: ${JSON.stringify(alert)}`);
        // The error's location names the file as the document does: its link opens the line.
        check(alert.href === '#src:divide.bareme:8', `${lang}: source link ${alert.href}`);
        await page.click('#failure .src-link');
        await page.waitForSelector('#source:not([hidden]) .line.current');
        const shown = await page.$eval('.line.current', (e) => e.textContent);
        check(shown.endsWith('amount = cost / people'), `line shown: ${shown}`);
        noProblems(page);
        await page.close();
      }
    }],
    ['numbers go to the service as typed and amounts are shown from its digits', async () => {
      const cases = [
        // 12345678901234567 is 12345678901234568 as a double; 61728394506172835 ends in …840.
        [{units: '12345678901234567', unit_price: '5'}, '61728394506172835', '00'],
        [{units: '1', unit_price: '12345678901234.57'}, '12345678901234', '57'],
        [{units: '3', unit_price: '2500'}, '7500', '00'],
      ];
      for (const [values, whole, cents] of cases) {
        const groups = (sep) => whole.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
        for (const [lang, expected] of [['en', `${groups(',')}.${cents}${nbsp}€`],
          ['fr', `${groups(nbsp)},${cents}${nbsp}€`]]) {
          const page = await filled('big', lang, values);
          check(await verdict(page) === 'eligible', `${lang}: ${JSON.stringify(values)} not eligible`);
          const amount = await page.$eval('#amount', (e) => e.textContent);
          check(amount === expected, `${lang}: ${JSON.stringify(values)} shown as ${amount}, not ${expected}`);
          noProblems(page);
          await page.close();
        }
      }
    }],
    ['no absolute path in the document, the answers or the page', async () => {
      const doc = await (await fetch(`${plain.url}/schemes/divide/document`)).text();
      check(!doc.includes(folder) && JSON.parse(doc).files.some((f) => f.path === 'divide.bareme'),
          `the document shows ${JSON.parse(doc).files.map((f) => f.path)}`);
      const page = await filled('divide', 'en', {cost: '100', people: '0'});
      const html = await page.content();
      check(!html.includes(folder) && !html.includes(root), 'the page shows an absolute path');
      noProblems(page);
      await page.close();
    }],
    ['a bad escape in the address is told, with no page error', async () => {
      const page = await openPage(browser);
      await page.goto(`${guarded.url}/ui/scheme/%E0%A4`);
      await page.waitForSelector('#app [role=alert]');
      const text = await page.$eval('#app [role=alert]', (e) => e.textContent);
      check(/Bad address/.test(text), `message: ${text}`);
      await page.goto(`${plain.url}/ui/scheme/divide#src:%E0%A4:3`);
      await page.waitForSelector('#verdict');
      check(await page.$eval('#source', (e) => e.hidden), 'a bad source address opens nothing');
      noProblems(page);
      await page.close();
    }],
    ['an invalid JSON field withdraws the verdict shown', async () => {
      const page = await filled('big', 'en', {units: '3', unit_price: '2500'});
      check(await verdict(page) === 'eligible', 'eligible first');
      await typeInto(page, 'notes', '[{"n": 1},');
      await page.waitForSelector('#verdict[data-status=stale]', {timeout: 5000});
      check(!(await page.$('#amount')), 'no amount left on screen');
      check(await page.$eval('#in-notes', (e) => e.getAttribute('aria-invalid')) === 'true', 'the field is marked');
      await typeInto(page, 'notes', '[{"n": 1}]');
      await page.waitForSelector('#verdict[data-status=eligible]', {timeout: 5000});
      noProblems(page);
      await page.close();
    }],
  ]);
} finally {
  await browser.close();
  plain.child.kill('SIGTERM');
  guarded.child.kill('SIGTERM');
}
