#!/usr/bin/env python3
"""`--report FILE` of `bareme score|simulate` is safe and honest: a report path that is also an
input, the scheme, --summary, --write or --output is refused and leaves that file as it was; a
failed run leaves an earlier report in place and no temporary file; a run stopped by --max-errors
says so on the page (data-complete="false", a banner); a reform undecided on one side of some rows
counts them as not compared, not as 0 €. Usage: report_safety.py BAREME SOURCE_DIR"""
import glob
import os
import re
import subprocess
import sys
import tempfile

failures = []


def check(name, ok, detail=''):
    print(('ok   ' if ok else 'FAIL ') + name + ('' if ok else f': {detail}'))
    if not ok:
        failures.append(name)


def run(args):
    return subprocess.run(args, capture_output=True, text=True, timeout=300)


def main():
    bareme, source = sys.argv[1], sys.argv[2]
    scheme_src = os.path.join(source, 'tests/scoring/report_safety/divides.bareme')
    with tempfile.TemporaryDirectory() as tmp:
        scheme = os.path.join(tmp, 'divides.bareme')
        open(scheme, 'w', encoding='utf-8').write(open(scheme_src, encoding='utf-8').read())
        apps = os.path.join(tmp, 'apps.csv')
        p = run([bareme, 'simulate', scheme, '--count', '2000', '--write', apps])
        check('simulate --write', p.returncode == 0, p.stderr)
        apps_text = open(apps, encoding='utf-8').read()
        scheme_text = open(scheme, encoding='utf-8').read()
        summ, out = os.path.join(tmp, 's.json'), os.path.join(tmp, 'o.csv')

        # 1. A report path that is another file of the run: refused, that file untouched.
        same = os.path.join(tmp, '.', 'apps.csv')  # another spelling of the same file
        cases = [
            ('score: the input', [bareme, 'score', scheme, '--input', apps, '--report', apps]),
            ('score: the input spelt otherwise', [bareme, 'score', scheme, '--input', apps, '--report', same]),
            ('score: the scheme', [bareme, 'score', scheme, '--input', apps, '--report', scheme]),
            ('score: --summary', [bareme, 'score', scheme, '--input', apps, '--summary', summ, '--report', summ]),
            ('score: --output', [bareme, 'score', scheme, '--input', apps, '--output', out, '--report', out]),
            ('simulate: the scheme', [bareme, 'simulate', scheme, '--count', '10', '--report', scheme]),
            ('simulate: --write', [bareme, 'simulate', scheme, '--count', '10', '--write', apps, '--report', apps]),
            ('simulate: --summary', [bareme, 'simulate', scheme, '--count', '10', '--summary', summ,
                                     '--report', summ]),
        ]
        for name, args in cases:
            p = run(args)
            check(f'{name}: refused', p.returncode == 2 and 'a file of this run' in p.stderr, (p.returncode, p.stderr))
            check(f'{name}: untouched', open(apps, encoding='utf-8').read() == apps_text and
                  open(scheme, encoding='utf-8').read() == scheme_text)

        # A failed run keeps the earlier report and leaves no temporary file.
        report = os.path.join(tmp, 'r.html')
        p = run([bareme, 'score', scheme, '--input', apps, '--report', report, '--quiet'])
        check('score: report written', p.returncode == 0 and os.path.getsize(report) > 1000, p.stderr)
        before = open(report, encoding='utf-8').read()
        for name, args in [
            ('score: missing input', [bareme, 'score', scheme, '--input', os.path.join(tmp, 'none.csv'),
                                      '--report', report]),
            ('score: bad scheme', [bareme, 'score', os.path.join(tmp, 'none.bareme'), '--input', apps,
                                   '--report', report]),
            ('simulate: bad --set', [bareme, 'simulate', scheme, '--count', '10', '--set', 'nothing=1',
                                     '--report', report]),
            ('simulate: bad scheme', [bareme, 'simulate', os.path.join(tmp, 'none.bareme'), '--count', '10',
                                      '--report', report]),
        ]:
            p = run(args)
            check(f'{name}: exit 2, earlier report kept', p.returncode == 2 and
                  open(report, encoding='utf-8').read() == before, (p.returncode, p.stderr))
            check(f'{name}: no temporary file left', glob.glob(report + '.tmp.*') == [],
                  glob.glob(report + '.tmp.*'))
        p = run([bareme, 'simulate', scheme, '--count', '10', '--report', report])
        check('simulate: a good run replaces the report', p.returncode == 0 and
              open(report, encoding='utf-8').read() != before and glob.glob(report + '.tmp.*') == [], p.stderr)

        # 2. A run stopped by --max-errors: the page says so.
        bad = os.path.join(tmp, 'bad.csv')
        open(bad, 'w', encoding='utf-8').write('people,rent\n1,100\nx,100\ny,100\n2,100\n3,100\n')
        p = run([bareme, 'score', scheme, '--input', bad, '--max-errors', '1', '--report', report, '--quiet'])
        page = open(report, encoding='utf-8').read()
        check('stopped: exit 1', p.returncode == 1, (p.returncode, p.stderr))
        check('stopped: data-complete="false"', 'data-complete="false"' in page)
        check('stopped: banner', re.search(r'id="stopped"[^>]*>This run stopped at row 3: more than 1 errors', page)
              is not None, page[:2000])
        p = run([bareme, 'score', scheme, '--input', bad, '--report', report, '--quiet'])
        page = open(report, encoding='utf-8').read()
        check('complete: data-complete="true", no banner', p.returncode == 0 and
              'data-complete="true"' in page and 'id="stopped"' not in page, p.stderr)
        for all_args in (['--all'],):
            p = run([bareme, 'score', *all_args, scheme, '--input', bad, '--max-errors', '1', '--report',
                     report, '--quiet'])
            page = open(report, encoding='utf-8').read()
            check('score --all stopped: banner', p.returncode == 1 and 'data-complete="false"' in page and
                  'This run stopped at row' in page, (p.returncode, p.stderr))

        # 3. A reform undecided on some rows: not compared, not 0 €.
        count = 20000
        p = run([bareme, 'simulate', scheme, '--count', str(count), '--set', 'offset=1', '--report', report])
        text = p.stdout
        m = re.search(r'gain: (\d+), lose: (\d+), unchanged: (\d+)', text)
        n = re.search(r'not compared: (\d+) \(undecided on one side\)', text)
        check('reform: not compared printed', p.returncode == 0 and m and n and int(n.group(1)) > 0, text)
        if m and n:
            gain, lose, unchanged, nc = map(int, (*m.groups(), n.group(1)))
            check('reform: gain + lose + unchanged + not compared = rows',
                  gain + lose + unchanged + nc == count, (gain, lose, unchanged, nc))
            page = open(report, encoding='utf-8').read()
            fig = re.search(r'data-key="not_compared" data-value="(\d+)"><span>not compared \(undecided on one '
                            r'side\)', page)
            check('reform: the report shows not compared', fig and int(fig.group(1)) == nc, page[:3000])
            # Every most-changed row was decided on both sides: no "cannot decide" shown as 0 €.
            rows = re.findall(r'<tr><td class="n">\d+</td><td class="n">([^<]*)</td><td class="n">([^<]*)</td>',
                              page)
            check('reform: changed rows exist', len(rows) > 0, len(rows))

        # The median is labelled as a sample's past 100 000 eligible rows, as the text says.
        for n, sampled in ((2000, False), (300000, True)):
            p = run([bareme, 'simulate', scheme, '--count', str(n), '--report', report])
            page = open(report, encoding='utf-8').read()
            label = re.search(r'data-key="p50" data-value="[^"]*"><span>([^<]*)</span>', page)
            check(f'median of {n} rows: sampled {sampled}', p.returncode == 0 and label and
                  ('from a sample of 100 000' in label.group(1)) == sampled and
                  ('from a sample of 100 000' in p.stdout) == sampled, (label and label.group(1), p.stdout))
    print(f'{len(failures)} failed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
