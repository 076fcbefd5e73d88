// Browser tests of the web playground (`bareme serve --ui`): the form fills by keyboard, the result
// matches `bareme eval`, an invalid value shows its error beside its field, a source link opens
// its line, the documentation page shows parameter periods and tables. Usage: node
// playground_test.mjs BAREME REPO_ROOT (screenshots in $BAREME_ARTIFACTS).
import fs from 'node:fs';
import path from 'node:path';
import {check, launch, openPage, run, screenshot} from './browser.mjs';
import {allow400, chooseByKeyboard, cliEval as cliEvalWith, noProblems, post, quiet, serve as serveWith,
  typeDate, typeInto, verdict} from './playground_helpers.mjs';

const [bareme, root] = process.argv.slice(2).map((p) => path.resolve(p));
if (!bareme || !root) throw new Error('usage: node playground_test.mjs BAREME REPO_ROOT');

const serve = (folder, ...more) => serveWith(bareme, root, folder, ...more);
const cliEval = (file, application) => cliEvalWith(bareme, root, file, application);
const http = await serve('examples/http/schemes');
const catalog = await serve('schemes');
const browser = await launch();
const application = JSON.parse(fs.readFileSync(path.join(root, 'examples/http/application.json')));
const flexitanie = path.join(root, 'examples/http/schemes/flexitanie.bareme');

try {
  await run([
    ['the index lists the schemes and links to their forms', async () => {
      const page = await openPage(browser);
      await page.goto(`${catalog.url}/ui/`);
      await page.waitForSelector('.scheme-link');
      const names = await page.$$eval('.scheme-link', (as) => as.map((a) => a.textContent));
      for (const n of ['flexitanie', 'advenir', 'idf_retrofit', 'corridor_h2'])
        check(names.includes(n), `${n} missing from ${names}`);
      await page.waitForFunction(() => [...document.querySelectorAll('.schemes .title')].every((t) => t.textContent));
      check((await page.$eval('.schemes', (e) => e.textContent)).includes('Flexitanie: V2G'), 'titles shown');
      await screenshot(page, 'playground_index');
      noProblems(page);
    }],
    ['the form fills by keyboard and the result is what bareme eval gives', async () => {
      const page = await openPage(browser, {allowStatus: allow400});
      await page.goto(`${http.url}/ui/`);
      await page.waitForSelector('.scheme-link');
      await page.focus('.scheme-link');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      await page.waitForSelector('#verdict');
      await quiet(page);
      check(await verdict(page) === 'undecided', 'an empty form cannot be decided yet');
      const firstAsked = (await post(http.url, 'flexitanie', 'missing', {})).data.missing[0].input;
      const shownFirst = await page.$eval('.group-next .field', (f) => f.dataset.input);
      check(shownFirst === firstAsked, `first question shown ${shownFirst}, /missing ranks ${firstAsked} first`);
      await chooseByKeyboard(page, 'beneficiary', application.beneficiary);
      await chooseByKeyboard(page, 'site_region', application.site_region);
      await typeInto(page, 'v2g_stations', String(application.v2g_stations));
      await typeInto(page, 'v1g_stations', String(application.v1g_stations));
      await typeDate(page, 'filed_on', application.filed_on);
      await typeDate(page, 'works_start', application.works_start);
      // Tab out of the date control (its day, month and year are stops of their own).
      for (let i = 0; i < 4 && await page.evaluate(() => document.activeElement.id) === 'in-works_start'; i++)
        await page.keyboard.press('Tab');
      await quiet(page);
      const cli = cliEval(flexitanie, application);
      const api = (await post(http.url, 'flexitanie', 'evaluate', application)).data;
      check(cli.eligible === true && api.eligible === true, 'the application is eligible');
      check(await verdict(page) === 'eligible', `verdict ${await verdict(page)}`);
      const shown = await page.$eval('#amount', (e) => Number(e.dataset.amount));
      check(shown === Number(cli.amount) && shown === Number(api.amount),
          `amount shown ${shown}, bareme eval ${cli.amount}, /evaluate ${api.amount}`);
      const answered = await page.$$eval('.group-answered .field', (fs) => fs.map((f) => f.dataset.input));
      check(answered.length === 6, `six answers: ${answered}`);
      await screenshot(page, 'playground');
      // Not eligible: a failed condition with its citation.
      await chooseByKeyboard(page, 'beneficiary', 'individual');
      await quiet(page);
      check(await verdict(page) === 'not_eligible', 'an individual is not eligible');
      const failed = await page.$eval('.failed', (e) => e.textContent);
      check(/§ 1\.2/.test(failed), `failed condition without its citation: ${failed}`);
      noProblems(page);
    }],
    ['schemes/flexitanie: answering the questions in the order asked, French labels', async () => {
      const page = await openPage(browser);
      await page.goto(`${catalog.url}/ui/scheme/flexitanie`);
      await page.waitForSelector('#verdict');
      await quiet(page);
      const options = await page.$$eval('#in-beneficiary option', (os) => os.map((o) => o.textContent));
      check(options.includes('entreprise (company)'), `enum labels not shown: ${options}`);
      const answers = {beneficiary: 'company', site_region: 'occitanie', v2g_stations: '2', v1g_stations: '1',
        on_workplace: 'true', edf_profile_checked: 'true', authorises_edf_charge_control: 'true',
        accepts_data_collection: 'true', filed_on: '2024-03-01', works_start: '2024-04-15',
        urssaf_certificate: 'true'};
      const asked = [];
      const answer = async (name) => {
        const kind = await page.$eval(`#in-${name}`, (e) => e.tagName === 'SELECT' ? 'select' : e.type);
        if (kind === 'select') await chooseByKeyboard(page, name, answers[name]);
        else if (kind === 'date') await typeDate(page, name, answers[name]);
        else await typeInto(page, name, answers[name]);
        await page.$eval(`#in-${name}`, (e) => e.blur());
        asked.push(name);
        await quiet(page);
      };
      // Answers the first of the next questions until there is none.
      const answerAsked = async () => {
        for (let i = 0; i < 20 && await page.$('.group-next .field'); i++) {
          const name = await page.$eval('.group-next .field', (f) => f.dataset.input);
          check(name in answers && !asked.includes(name), `asked ${name} after ${asked}`);
          await answer(name);
        }
      };
      await answerAsked();
      // A company without its URSSAF certificate (an input with a default, under "Other inputs")
      // fails eco-conditionality for sure: no question left, not eligible, the condition cited.
      if (await verdict(page) === 'not_eligible') {
        const failed = await page.$eval('.failed', (e) => e.textContent);
        check(/000 §1\.6/.test(failed), `failed: ${failed}`);
        check(await page.$('.group-other #in-urssaf_certificate'), 'urssaf_certificate not in Other inputs');
        await answer('urssaf_certificate');
        await answerAsked();
      }
      check(await verdict(page) === 'eligible', `not eligible after ${asked}`);
      const application = {};
      for (const name of asked) {
        const v = answers[name];
        application[name] = v === 'true' ? true : /^\d+$/.test(v) ? Number(v) : v;
      }
      const cli = cliEval(path.join(root, 'schemes/flexitanie.bareme'), application);
      const status = await verdict(page);
      check(status === (cli.eligible === true ? 'eligible' : cli.eligible === false ? 'not_eligible' : 'undecided'),
          `verdict ${status}, bareme eval ${cli.eligible} after ${asked}`);
      const shown = await page.$eval('#amount', (e) => e.dataset.amount);
      check(Number(shown) === Number(cli.amount), `amount ${shown}, bareme eval ${cli.amount}`);
      check(asked.length < Object.keys(answers).length + 1, 'asked too much');
      await screenshot(page, 'playground_questions');
      noProblems(page);
    }],
    ['an invalid value shows its error beside its field', async () => {
      const page = await openPage(browser, {allowStatus: allow400});
      await page.goto(`${http.url}/ui/scheme/flexitanie`);
      await page.waitForSelector('#verdict');
      await typeInto(page, 'v2g_stations', 'abc');
      await page.waitForSelector('#in-v2g_stations[aria-invalid="true"]', {timeout: 5000});
      const error = await page.$eval('#in-v2g_stations-error', (e) => e.textContent);
      check(/whole number/.test(error), `error beside the field: ${error}`);
      const described = await page.$eval('#in-v2g_stations', (e) => e.getAttribute('aria-describedby'));
      check(described.includes('in-v2g_stations-error'), 'the error describes the field');
      const sameField = await page.$eval('#in-v2g_stations-error', (e) => e.closest('.field').dataset.input);
      check(sameField === 'v2g_stations', 'the error is in its field');
      await screenshot(page, 'playground_error');
      await typeInto(page, 'v2g_stations', '2');
      await page.waitForSelector('#in-v2g_stations:not([aria-invalid])', {timeout: 5000});
      noProblems(page, 3);  // /missing, /evaluate and /explain refused the invalid value
    }],
    ['a source link of the explanation opens its line', async () => {
      const page = await openPage(browser);
      await page.goto(`${http.url}/ui/scheme/flexitanie`);
      await page.waitForSelector('#explain-tree .src-link');
      const href = await page.$eval('#explain-tree .src-link', (a) => a.getAttribute('href'));
      const [, file, line] = /^#src:(.*):(\d+)$/.exec(href);
      await page.focus('#explain-tree .src-link');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#source:not([hidden]) .line.current');
      const shown = await page.$eval('.line.current', (e) => e.textContent);
      // The file as the document names it: relative to the served folder.
      const expected = fs.readFileSync(path.join(root, 'examples/http/schemes', decodeURIComponent(file)), 'utf8')
          .split('\n')[Number(line) - 1];
      check(shown.endsWith(expected), `line ${line} shown as ${shown}, file has ${expected}`);
      check(await page.evaluate(() => document.activeElement.id) === 'source', 'the source view has focus');
      await page.keyboard.press('Escape');
      await page.waitForSelector('#source[hidden]');
      check(await page.evaluate(() => document.activeElement.getAttribute('href')) === href,
          'Escape closes the source view and gives the focus back to its link');
      noProblems(page);
    }],
    ['the documentation pages show parameter periods, tables and assumptions', async () => {
      let periods = 0;
      for (const name of ['advenir', 'corridor_h2']) {
        const page = await openPage(browser);
        await page.goto(`${catalog.url}/ui/doc/${name}`);
        await page.waitForSelector('table.params');
        const doc = await (await fetch(`${catalog.url}/schemes/${name}/document`)).json();
        const rows = await page.$$eval('table.params tr', (trs) => trs.map((r) => r.textContent));
        for (const prm of doc.parameters.filter((p) => p.periods.some((x) => x.from || x.until))) {
          const row = rows.find((r) => r.includes(prm.name));
          const p = prm.periods[0];
          check(row && row.includes(p.from || p.until) && row.includes(p.text),
              `${name}: parameter ${prm.name} without its period: ${row}`);
          periods++;
        }
        check(doc.tables.length > 0, `${name} has no table`);
        const shown = await page.$$eval('.doc-table', (fs) => fs.map((f) => ({
          caption: f.querySelector('figcaption').textContent, rows: f.querySelectorAll('tbody tr').length})));
        for (const table of doc.tables) {
          const one = shown.find((f) => f.caption.includes(table.name));
          check(one && one.rows === table.rows.length, `${name}: table ${table.name} not shown whole`);
        }
        check(await page.$$eval('.assumptions li', (li) => li.length) > 0, `${name}: no assumption shown`);
        if (name === 'corridor_h2') await screenshot(page, 'scheme_doc');
        noProblems(page);
        await page.close();
      }
      check(periods > 0, 'no dated parameter checked');
    }],
    ['every scheme of schemes/ gets a form with one field per input', async () => {
      for (const name of ['flexitanie', 'advenir', 'idf_retrofit', 'corridor_h2']) {
        const page = await openPage(browser);
        await page.goto(`${catalog.url}/ui/scheme/${name}`);
        await page.waitForSelector('#verdict', {timeout: 15000});
        const inputs = (await (await fetch(`${catalog.url}/schemes/${name}`)).json()).description.inputs;
        const fields = await page.$$eval('.field', (fs) => fs.length);
        check(fields === inputs.length, `${name}: ${fields} fields for ${inputs.length} inputs`);
        const labelled = await page.$$eval('.field', (fs) => fs.every((f) =>
          f.querySelector('label').htmlFor === f.querySelector('input, select, textarea').id));
        check(labelled, `${name}: a field without its label`);
        const status = await verdict(page);
        check(['eligible', 'not_eligible', 'undecided'].includes(status), `${name}: ${status}`);
        noProblems(page);
        await page.close();
      }
    }],
    ['an unknown scheme is a clear 404 page; the FR/EN toggle keeps the answers', async () => {
      const page = await openPage(browser, {allowStatus: (r) => r.status() === 404});
      const res = await page.goto(`${http.url}/ui/scheme/nope`);
      check(res.status() === 404, `status ${res.status()}`);
      check(/no scheme named 'nope'/.test(await page.$eval('[role=alert]', (e) => e.textContent)), 'message');
      await page.goto(`${http.url}/ui/scheme/flexitanie`);
      await page.waitForSelector('#verdict');
      await typeInto(page, 'v2g_stations', '3');
      await quiet(page);
      await page.click('#lang');
      await page.waitForFunction(() => document.querySelector('#verdict')?.textContent === 'Pas encore décidable');
      check(await page.$eval('#in-v2g_stations', (e) => e.value) === '3', 'the answers are kept across languages');
      await page.click('#lang');
      await page.waitForFunction(() => document.querySelector('#verdict')?.textContent === 'Cannot decide yet');
    }],
    ['with --token, the pages load and the API calls carry the token typed in the page', async () => {
      const guarded = await serve('examples/http/schemes', '--token', 's3cret');
      try {
        const page = await openPage(browser, {allowStatus: (r) => r.status() === 401});
        await page.goto(`${guarded.url}/ui/`);
        await page.waitForSelector('[role=alert]');
        check(/unauthorized/.test(await page.$eval('[role=alert]', (e) => e.textContent)), 'a 401 is told');
        await page.focus('#token');
        await page.keyboard.type('s3cret');
        await page.keyboard.press('Tab');  // `change`
        await page.waitForSelector('.scheme-link');
        await page.click('.scheme-link');
        await page.waitForSelector('#verdict');
        check(await verdict(page) === 'undecided', 'the form works with the token');
        const unauthorized = page.problems.filter((p) => !/401/.test(p));
        check(unauthorized.length === 0, `page problems:\n${page.problems.join('\n')}`);
      } finally {
        guarded.child.kill('SIGTERM');
      }
    }],
  ]);
} finally {
  await browser.close();
  http.child.kill('SIGTERM');
  catalog.child.kill('SIGTERM');
}
