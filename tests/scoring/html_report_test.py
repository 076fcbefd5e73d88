#!/usr/bin/env python3
"""`bareme simulate|score --report FILE`: the HTML report of each seed scheme, of a reform (--set and
--reform FILE), of a catalogue (--all) and of scored files parses, has its sections and charts,
agrees with the --summary JSON of the same run, references nothing outside, stays small; a
report that cannot be written is a clear error (exit 2). Usage: html_report_test.py BAREME SOURCE_DIR"""
import decimal
import glob
import html.parser
import json
import os
import re
import subprocess
import sys
import tempfile

D = decimal.Decimal
failures = []


def check(name, ok, detail=''):
    print(('ok   ' if ok else 'FAIL ') + name + ('' if ok else f': {detail}'))
    if not ok:
        failures.append(name)


class Report(html.parser.HTMLParser):
    """The report's figures (data-key → data-value), charts (id → [(label, value)]), tables
    (id → rows of cells), details ids, every src/href."""

    def __init__(self, text):
        super().__init__()
        self.figures, self.charts, self.tables, self.details, self.links = {}, {}, {}, [], []
        self.by_section = {}
        self.sections, self.stack, self.svg, self.table, self.row, self.cell = [], [], None, None, None, None
        self.text_class = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ('src', 'href'):
            if k in a:
                self.links.append(a[k])
        if 'data-key' in a:  # the first section's that has it: the baseline's before the reform's
            self.figures.setdefault(a['data-key'], a.get('data-value'))
            self.by_section.setdefault(self.sections[-1], {})[a['data-key']] = a.get('data-value')
        if tag == 'section':
            self.sections.append(a.get('id'))
        if tag == 'svg':
            self.svg = a['id'][:-len('-svg')]
            self.charts[self.svg] = []
        if tag == 'g' and self.svg:
            self.charts[self.svg].append(['', ''])
        if tag == 'text' and self.svg:
            self.text_class = a.get('class')
        if tag == 'table':
            self.table = a.get('id')
            self.tables[self.table] = []
        if tag == 'tr' and self.table:
            self.row = []
        if tag in ('td', 'th') and self.row is not None:
            self.cell = ''
        if tag == 'details':
            self.details.append(a.get('id'))

    def handle_endtag(self, tag):
        if tag == 'svg':
            self.svg = None
        if tag == 'text':
            self.text_class = None
        if tag in ('td', 'th') and self.row is not None:
            self.row.append(self.cell)
            self.cell = None
        if tag == 'tr' and self.row is not None:
            self.tables[self.table].append(self.row)
            self.row = None
        if tag == 'table':
            self.table = None

    def handle_data(self, data):
        if self.svg and self.charts[self.svg] and self.text_class in ('label', 'value'):
            self.charts[self.svg][-1][0 if self.text_class == 'label' else 1] += data
        if self.cell is not None:
            self.cell += data


def cents(money):
    """'1 234.50 €' or '+1 234.50 €' → cents."""
    text = money.replace('\u202f', '').replace(' ', '').replace('€', '').replace('+', '')
    return int(D(text) * 100)


def run(args, code=0):
    p = subprocess.run(args, capture_output=True, text=True)
    if p.returncode != code:
        sys.exit(f'{args}: exit {p.returncode}, expected {code}\n{p.stderr}')
    return p


def report(path, summary=None):
    text = open(path, encoding='utf-8').read()
    r = Report(text)
    r.size = len(text.encode())
    r.summary = json.load(open(summary), parse_float=D) if summary else None
    outside = [l for l in r.links if re.match(r'^\s*([a-z]+:|//)', l, re.I)]
    check(f'{os.path.basename(path)}: no external reference', not outside and 'http' not in
          ''.join(r.links), outside)
    return r


def check_summary(name, r, section):
    s = r.summary
    f = r.figures
    check(f'{name}: rows, eligible, errors agree with --summary',
          (int(f['rows']), int(f['eligible']), int(f['errors'])) == (s['rows'], s['eligible'], s['errors']),
          (f, s['rows'], s['eligible'], s['errors']))
    check(f'{name}: total amount agrees with --summary', D(f['total_amount']) == s['total_amount'],
          (f['total_amount'], s['total_amount']))
    amounts = r.charts.get(f'{section}-amounts', [])
    check(f'{name}: the histogram counts every eligible row', sum(int(v) for _, v in amounts) == s['eligible'],
          amounts)
    refusals = [int(v) for _, v in r.charts.get(f'{section}-refusals', [])]
    check(f'{name}: refusal bars are the summary\'s refusals', refusals == [x['count'] for x in s['refusals']],
          (refusals, s['refusals']))
    outcomes = dict(r.charts.get(f'{section}-outcomes', []))
    check(f'{name}: outcomes chart', int(outcomes.get('eligible', -1)) == s['eligible'], outcomes)


def main():
    bareme, source = sys.argv[1], sys.argv[2]
    brief = os.path.join(source, 'tests/check/flexitanie_brief.bareme')
    with tempfile.TemporaryDirectory() as tmp:
        out, summ = os.path.join(tmp, 'r.html'), os.path.join(tmp, 's.json')
        for scheme in sorted(glob.glob(os.path.join(source, 'schemes/*.bareme'))):
            name = os.path.basename(scheme)
            run([bareme, 'simulate', scheme, '--count', '20000', '--report', out, '--summary', summ])
            r = report(out, summ)
            check(f'{name}: a summary section and its charts', 'summary' in r.sections and
                  {'summary-outcomes', 'summary-amounts', 'summary-refusals'} <= set(r.charts), r.charts.keys())
            check_summary(name, r, 'summary')
            check(f'{name}: under 300 KB', r.size < 300_000, r.size)

        # A reform of parameters: baseline, reform, difference, the rows that changed most.
        sim = run([bareme, 'simulate', brief, '--count', '20000', '--seed', '5', '--set', 'v2g_grant=3500',
                   '--report', out, '--summary', summ]).stdout
        r = report(out, summ)
        check('reform: sections', r.sections[:1] == ['difference'] and
              {'baseline', 'reform', 'changed'} <= set(r.sections), r.sections)
        check_summary('reform baseline', r, 'baseline')
        f = r.figures
        gain = re.search(r'gain: (\d+), lose: (\d+), unchanged: (\d+)', sim)
        diff = re.search(r'\(difference (.*?€)\)', sim)
        check('reform: gain, lose, unchanged as printed',
              (int(f['gain']), int(f['lose']), int(f['unchanged'])) == tuple(map(int, gain.groups())), (f, sim))
        check('reform: the difference as printed',
              cents(diff.group(1)) == int((D(f['reform_total']) - D(f['baseline_total'])) * 100) ==
              int(D(f['difference']) * 100), (f, diff.group(1)))
        check('reform: baseline total is the summary\'s', D(f['baseline_total']) == r.summary['total_amount'])
        check('reform: its own section\'s total is the difference\'s reform total',
              r.by_section['reform']['total_amount'] == f['reform_total'], r.by_section)
        winners = dict(r.charts['reform-winners'])
        check('reform: winners chart', int(winners['gain']) == int(f['gain']), winners)
        change = sum(int(v) for _, v in r.charts['reform-change'])
        check('reform: the change histogram counts every row that changed',
              change == int(f['gain']) + int(f['lose']), (change, f))
        rows = r.tables['changed-table'][1:]
        sizes = [abs(cents(row[3])) for row in rows]
        check('reform: 20 rows that changed most, largest first, change = reform − baseline',
              len(rows) == 20 and sizes == sorted(sizes, reverse=True) and
              all(cents(row[2]) - cents(row[1]) == cents(row[3]) for row in rows), rows)
        check('reform: every changed row has its explanation', all(f'row-{row[0]}' in r.details for row in rows),
              r.details)
        text = open(out, encoding='utf-8').read()
        check('reform: explanations of both sides embedded', text.count('flexitanie: eligible') >= 20 and
              'overridden' in text and 'v2g_stations' in text)
        small = r.size
        # Ten times the rows: the report stays the same size (bins, not rows).
        run([bareme, 'simulate', brief, '--count', '200000', '--seed', '5', '--set', 'v2g_grant=3500',
             '--report', out])
        big = report(out)
        check('reform: size bounded as rows grow', big.size < 400_000 and big.size < small + 20_000,
              (small, big.size))

        # A reform written as another file.
        reform_file = os.path.join(tmp, 'reform.bareme')
        src = open(brief, encoding='utf-8').read()
        open(reform_file, 'w', encoding='utf-8').write(src.replace('v2g_grant : Money = 3000 €',
                                                                   'v2g_grant : Money = 2000 €'))
        run([bareme, 'simulate', brief, '--count', '20000', '--reform', reform_file, '--report', out,
             '--summary', summ])
        r = report(out, summ)
        check('reform file: losers only', int(r.figures['lose']) > 0 and int(r.figures['gain']) == 0, r.figures)
        check_summary('reform file baseline', r, 'baseline')

        # A catalogue: levels and aids.
        catalogue = os.path.join(source, 'examples/catalogue/catalogue.bareme')
        run([bareme, 'simulate', '--all', catalogue, '--count', '20000', '--report', out, '--summary', summ])
        r = report(out, summ)
        s = r.summary
        check('catalogue: rows, rows with an aid, total',
              (int(r.figures['rows']), int(r.figures['rows_with_an_aid']), D(r.figures['total_amount'])) ==
              (s['rows'], s['rows_with_an_aid'], s['total_amount']), (r.figures, s))
        aids = {row[0]: cents(row[4]) for row in r.tables['aids-table'][1:]}
        check('catalogue: the aid table is the summary\'s',
              aids == {a['aid']: int(a['total_amount'] * 100) for a in s['aids']}, (aids, s['aids']))
        levels = {row[0].replace(' (top)', ''): cents(row[4]) for row in r.tables['levels-table'][1:]}
        check('catalogue: the level table is the summary\'s',
              levels == {l['level']: int(l['total_amount'] * 100) for l in s['levels']}, (levels, s['levels']))
        check('catalogue: charts', {'catalogue-totals', 'catalogue-levels', 'catalogue-aids',
                                    'catalogue-eligible'} <= set(r.charts), r.charts.keys())

        # A catalogue with a reform of parameters: the totals compared.
        housing = os.path.join(source, 'tests/semantics/score_all/housing.bareme')
        sim = run([bareme, 'simulate', '--all', housing, '--count', '20000', '--set', 'housing_rate=40%',
                   '--report', out, '--summary', summ]).stdout
        r = report(out, summ)
        gain = re.search(r'gain: (\d+), lose: (\d+), unchanged: (\d+)', sim)
        check('catalogue reform: gain, lose, unchanged as printed',
              (int(r.figures['gain']), int(r.figures['lose']), int(r.figures['unchanged'])) ==
              tuple(map(int, gain.groups())), (r.figures, sim))
        check('catalogue reform: baseline total is the summary\'s',
              D(r.figures['baseline_total']) == r.summary['total_amount'] ==
              D(r.by_section['catalogue']['total_amount']), (r.figures, r.summary['total_amount']))
        check('catalogue reform: sections and changed rows', r.sections[:1] == ['difference'] and
              'reform' in r.sections and len(r.tables['changed-table']) == 21, r.sections)
        page = open(out, encoding='utf-8').read()
        check('catalogue reform: each changed row explains the aid that changed most, both sides',
              page.count('The aid whose amount changed most, housing:') == 2 * 20 and
              'housing: eligible' in page, page.count('The aid whose amount changed most'))

        # score: one scheme, and a catalogue.
        apps = os.path.join(tmp, 'apps.csv')
        run([bareme, 'simulate', brief, '--count', '5000', '--write', apps])
        run([bareme, 'score', brief, '--input', apps, '--report', out, '--summary', summ, '--quiet'])
        r = report(out, summ)
        check_summary('score', r, 'summary')
        run([bareme, 'score', '--all', catalogue, '--input', os.path.join(source, 'examples/catalogue/apps.csv'),
             '--report', out, '--summary', summ, '--quiet'])
        r = report(out, summ)
        check('score --all: rows and total', (int(r.figures['rows']), D(r.figures['total_amount'])) ==
              (r.summary['rows'], r.summary['total_amount']), (r.figures, r.summary))

        # A report that cannot be written.
        bad = os.path.join(tmp, 'no', 'such', 'folder', 'r.html')
        for args in ([bareme, 'simulate', brief, '--count', '10', '--report', bad],
                     [bareme, 'score', brief, '--input', apps, '--report', bad]):
            p = run(args, code=2)
            check(f'{args[1]}: an unwritable report is a clear error', f'--report: cannot write `{bad}`' in p.stderr,
                  p.stderr)
    print(f'{len(failures)} failed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
