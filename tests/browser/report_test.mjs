// The HTML reports of `bareme simulate --report` (one scheme, a reform, a catalogue) opened offline
// in headless Chromium: every chart draws bars, no console error, the explain anchors lead somewhere.
// Usage: node report_test.mjs BAREME SOURCE_DIR
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {check, launch, openPage, run, screenshot} from './browser.mjs';

const [bareme, source] = process.argv.slice(2);
if (!bareme || !source) throw new Error('usage: node report_test.mjs BAREME SOURCE_DIR');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bareme-report-'));
const brief = path.join(source, 'tests/check/flexitanie_brief.bareme');

function simulate(name, args) {
  const file = path.join(tmp, `${name}.html`);
  execFileSync(bareme, ['simulate', ...args, '--count', '20000', '--seed', '3', '--report', file],
      {stdio: ['ignore', 'ignore', 'inherit']});
  return file;
}

const reports = {
  report: simulate('report', [path.join(source, 'schemes/flexitanie.bareme')]),
  report_reform: simulate('report_reform', [brief, '--set', 'v2g_grant=3500']),
  report_catalogue: simulate('report_catalogue',
      ['--all', path.join(source, 'examples/catalogue/catalogue.bareme')]),
};

const browser = await launch();

// Opens a report and checks its charts: at least `charts` of them, each with a drawn bar.
async function openReport(name, charts) {
  const page = await openPage(browser);
  await page.goto(`file://${reports[name]}`, {waitUntil: 'load'});
  const drawn = await page.$$eval('svg.chart', (svgs) => svgs.map((svg) => ({
    id: svg.id,
    bars: [...svg.querySelectorAll('rect')].filter((r) => {
      const box = r.getBoundingClientRect();
      return box.width > 0 && box.height > 0;
    }).length,
    empty: svg.querySelector('text.empty') !== null,
  })));
  check(drawn.length >= charts, `${name}: ${drawn.length} charts, expected at least ${charts}`);
  for (const chart of drawn)
    check(chart.bars > 0 || chart.empty, `${name}: chart ${chart.id} draws no bar`);
  check(drawn.filter((c) => c.bars > 0).length >= charts, `${name}: too few charts with bars`);
  const external = await page.$$eval('[src], [href]', (nodes) => nodes.map(
      (n) => n.getAttribute('src') || n.getAttribute('href')).filter((u) => /^[a-z]+:/i.test(u)));
  check(external.length === 0, `${name}: external references ${external.join(', ')}`);
  return page;
}

await run([
  ['one scheme: outcomes, amounts, refusals, caps', async () => {
    const page = await openReport('report', 3);
    for (const id of ['summary-outcomes', 'summary-amounts', 'summary-refusals'])
      check(await page.$(`#${id} svg`), `no chart ${id}`);
    await screenshot(page, 'report');
    check(page.problems.length === 0, page.problems.join('\n'));
  }],
  ['a reform: baseline beside reform, winners and losers, explained rows', async () => {
    const page = await openReport('report_reform', 6);
    for (const id of ['reform-totals', 'reform-winners', 'reform-change', 'baseline-amounts', 'reform-amounts'])
      check(await page.$(`#${id} svg`), `no chart ${id}`);
    const links = await page.$$eval('#changed-table a', (as) => as.map((a) => a.getAttribute('href')));
    check(links.length > 0, 'no changed row');
    for (const link of links)
      check(await page.$(`details${link}`), `the anchor ${link} leads nowhere`);
    // Following a link opens its explanation.
    await page.click(`#changed-table a[href="${links[0]}"]`);
    await page.waitForFunction((id) => document.querySelector(id).open, {timeout: 5000}, links[0]);
    const text = await page.$eval(`${links[0]} pre`, (pre) => pre.textContent);
    check(text.includes('{'), 'the application is not shown');
    await screenshot(page, 'report_reform');
    check(page.problems.length === 0, page.problems.join('\n'));
  }],
  ['a catalogue: levels and aids', async () => {
    const page = await openReport('report_catalogue', 4);
    for (const id of ['catalogue-levels', 'catalogue-aids', 'catalogue-eligible', 'catalogue-totals'])
      check(await page.$(`#${id} svg`), `no chart ${id}`);
    check(await page.$('#aids-table tbody tr'), 'no aid table');
    await screenshot(page, 'report_catalogue');
    check(page.problems.length === 0, page.problems.join('\n'));
  }],
]);
await browser.close();
fs.rmSync(tmp, {recursive: true, force: true});
