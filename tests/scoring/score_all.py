#!/usr/bin/env python3
"""`bareme score --all` and `bareme simulate --all` on catalogues (tests/semantics/score_all*.bareme
a generated one of 25 aids, and two generated ones whose aids the JIT guards by their first
condition, one with `not applicable`):

- the JIT on one and two threads and the interpreter give byte-identical rows (CSV, CSV with
  --columns, JSON Lines) and summaries, over inputs of several blocks, read as CSV or JSON Lines;
- simulate --all with a fixed seed prints the same twice, and its JSON summary equals that of
  score --all over the applications it wrote (--write);
- each row's level amounts, total and sums agree with the summary, and on the level tests'
  catalogue with `bareme eval` of every aid and of the catalogue's total;
- stderr lists the 20 aids of largest amount of a catalogue of 25, the JSON summary every one;
- --max-errors counts rows whose total cannot be decided."""
import csv
import io
import json
import os
import subprocess
import sys
import tempfile

failures = []
# BAREME_TEST_SHARE=K (the sanitizer build): a K-th of the applications, which skips the checks
# that need several blocks of them (the 120 000-row run keeps its size).
SHARE = int(os.environ.get('BAREME_TEST_SHARE', '1'))


def run(cmd, expect=0, cwd=None):
    proc = subprocess.run(cmd, capture_output=True, cwd=cwd)
    if proc.returncode != expect:
        sys.exit(f'{" ".join(cmd)} exited {proc.returncode}:\n{proc.stderr.decode(errors="replace")}')
    return proc


def check(condition, message):
    if not condition:
        failures.append(message)


def generated_catalogue(folder, count=25):
    """A catalogue of `count` aids sharing two inputs: one `first` level of the odd aids, one
    `sum` level of the even ones, and a top level adding both."""
    with open(os.path.join(folder, 'questions.bareme'), 'w') as f:
        f.write('module questions "Q"\ninput income : Money\ninput size : Int = 1\n')
    with open(os.path.join(folder, 'levels.bareme'), 'w') as f:
        f.write('module levels "L"\nlevel odd "Odd" first in everything priority 1\n'
                'level even "Even" sum in everything priority 2\nlevel everything "All" sum\n')
    root = 'module generated "Generated catalogue"\n'
    for i in range(count):
        level = f'levels.odd priority {i}' if i % 2 else 'levels.even'
        with open(os.path.join(folder, f'aid_{i}.bareme'), 'w') as f:
            f.write(f'scheme aid_{i} "Aid {i}" in {level}\n'
                    'import income, size from "questions.bareme"\nimport "levels.bareme"\n'
                    f'eligible when under: income < {5000 + 1000 * i} €\n'
                    f'amount = {10 * (i + 1)} € * size + income / (size - {i % 5})\n')
            # size == i % 5 divides by zero: such rows are undecided for that aid.
        root += f'import "aid_{i}.bareme"\n'
    path = os.path.join(folder, 'generated.bareme')
    with open(path, 'w') as f:
        f.write(root)
    return path


def guarded_catalogue(folder, not_applicable, count=30):
    """A catalogue of `count` aids where the JIT's one function guards each aid by its first
    condition (jit/lower_guard.cpp): the later conditions read rules only that aid reads and can
    fail with an error (a division by zero) where the first one fails too; a `first` level of
    most aids (found from events, jit/lower_events.cpp) and a `sum` level of the others; with
    `not_applicable`, a condition that is sometimes not applicable."""
    name = 'guarded_na' if not_applicable else 'guarded'
    folder = os.path.join(folder, name)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, 'questions.bareme'), 'w') as f:
        f.write('module questions "Q"\ninput income : Money\ninput size : Int = 1\n'
                'input zone : Int = 0 at least 0 at most 4\n')
    with open(os.path.join(folder, 'levels.bareme'), 'w') as f:
        f.write('module levels "L"\nlevel first_level "First" first in everything priority 1\n'
                'level sum_level "Sum" sum in everything priority 2\nlevel everything "All" sum\n')
    root = f'module {name} "Guarded catalogue"\n'
    for i in range(count):
        level = f'levels.sum_level' if i % 7 == 3 else f'levels.first_level priority {(i * 11) % count}'
        na = (f'let bonus : Money = if size > {i % 3 + 1} then 5 € else not applicable\n'
              if not_applicable else 'let bonus : Money = 5 €\n')
        with open(os.path.join(folder, f'aid_{i}.bareme'), 'w') as f:
            f.write(f'scheme aid_{i} "Aid {i}" in {level}\n'
                    'import income, size, zone from "questions.bareme"\nimport "levels.bareme"\n'
                    f'let share : Money = income / (size - {i % 4})\n'
                    f'let cap : Money = {20 + i} € * size\n' + na +
                    'eligible when\n'
                    f'  zone == {i % 5}\n'
                    f'  share > {100 * i} €\n'
                    '  bonus > 1 €\n'
                    f'  size < {3 + i % 4}\n'
                    'amount = min(cap, income / 10)\n')
        root += f'import "aid_{i}.bareme"\n'
    path = os.path.join(folder, f'{name}.bareme')
    with open(path, 'w') as f:
        f.write(root)
    return path


def money(cell):
    return round(float(cell) * 100)


def score_variants(bareme, project, apps, tmp, tag):
    """Scores `apps` every way; returns the default CSV rows, the --columns CSV rows and the
    summary JSON; checks that engines, threads and formats agree."""
    outputs = {}
    for engine in [['--threads', '2'], ['--threads', '1'], ['--engine', 'interp']]:
        for shape in [[], ['--columns'], ['--columns', '--output-format', 'jsonl']]:
            out = os.path.join(tmp, f'{tag}.out')
            summary = os.path.join(tmp, f'{tag}.summary.json')
            proc = run([bareme, 'score', project, '--all', '--input', apps, '--output', out,
                        '--summary', summary, '--quiet'] + engine + shape)
            key = ' '.join(shape)
            # The JIT's warnings aside (a scheme it cannot compile), stderr is the summary.
            text = b''.join(l for l in proc.stderr.splitlines(True) if not l.startswith(b'warning: '))
            got = (open(out, 'rb').read(), open(summary, 'rb').read(), text)
            if key not in outputs:
                outputs[key] = got
            else:
                for what, a, b in zip(['rows', 'JSON summary', 'stderr'], outputs[key], got):
                    check(a == b, f'{tag}: {" ".join(engine)} {key}: the {what} differ from the JIT on 2 threads')
    rows = list(csv.DictReader(io.StringIO(outputs[''][0].decode())))
    wide = list(csv.DictReader(io.StringIO(outputs['--columns'][0].decode())))
    lines = [json.loads(line) for line in outputs['--columns --output-format jsonl'][0].decode().splitlines()]
    check(len(rows) == len(wide) == len(lines), f'{tag}: {len(rows)}, {len(wide)}, {len(lines)} rows in the three formats')
    return rows, wide, lines, json.loads(outputs[''][1])


def check_sums(rows, lines, summary, tag):
    """The rows' level amounts and totals add up to the summary's."""
    check([int(r['row']) for r in rows] == list(range(1, len(rows) + 1)), f'{tag}: rows out of order')
    check(summary['rows'] == len(rows), f'{tag}: the summary counts {summary["rows"]} rows for {len(rows)}')
    levels = [c[:-len('.amount')] for c in rows[0].keys() if c.endswith('.amount')] if rows else []
    check(levels == [l['level'] for l in summary['levels']], f'{tag}: level columns {levels}')
    for level in summary['levels']:
        cells = [r[level['level'] + '.amount'] for r in rows]
        check(sum(money(c) for c in cells if c) == money(level['total_amount']),
              f'{tag}: the column of {level["level"]} does not add up to its summary amount')
    if summary['levels']:
        total = sum(money(r['total']) for r in rows if r['total'])
        check(total == money(summary['total_amount']), f'{tag}: the total column adds up to {total}, '
              f'the summary says {summary["total_amount"]}')
        undecided = sum(1 for r in rows if r['error'].split(':')[0] in levels + ['total'])
        check(undecided == summary['undecided_total'], f'{tag}: {undecided} rows without a total, '
              f'the summary says {summary["undecided_total"]}')
    else:
        check('total' not in (rows[0] if rows else {}), f'{tag}: a total column without a level')
        check(summary['total_amount'] is None, f'{tag}: a total without a level')
    for aid in summary['aids']:
        name = aid['aid']
        eligible = sum(1 for line in lines if name in line.get('applicable', []))
        undecided = sum(1 for line in lines if name in line.get('undecided', []))
        amount = sum(money(str(line['aids'][name]['amount'])) for line in lines
                     if 'aids' in line and line['aids'][name]['eligible'])
        check((eligible, undecided, amount) == (aid['eligible'], aid['undecided'], money(aid['total_amount'])),
              f'{tag}: {name}: rows say {(eligible, undecided, amount)}, the summary {aid}')


def eval_agreement(bareme, root, wide, apps_jsonl, tag):
    """Level amounts and each aid as `bareme eval` gives them, on the first rows."""
    catalogue = os.path.join(root, 'tests/semantics/levels.bareme')
    aids = ['paris', 'paris_basic', 'lyon', 'idf', 'low_income', 'state_bonus', 'top_up']
    with open(apps_jsonl) as f:
        applications = [line for line in f][:12]
    with tempfile.TemporaryDirectory() as tmp:
        for n, application in enumerate(applications):
            path = os.path.join(tmp, 'app.json')
            with open(path, 'w') as f:
                f.write(application)
            row = wide[n]
            result = json.loads(run([bareme, 'eval', catalogue, '--input', path]).stdout)
            check(money(str(result['amount'])) == money(row['all_aids.amount']) == money(row['total']),
                  f'{tag} row {n + 1}: eval says {result["amount"]}, score --all {row["all_aids.amount"]}')
            for aid in aids:
                proc = subprocess.run([bareme, 'eval', catalogue, '--scheme', aid, '--input', path],
                                      capture_output=True)
                r = json.loads(proc.stdout)
                if r.get('errors'):
                    check(row[aid + '.eligible'] == '', f'{tag} row {n + 1}: {aid} decided, eval errs')
                    continue
                check(row[aid + '.eligible'] == ('true' if r['eligible'] else 'false') and
                      money(row[aid + '.amount']) == money(str(r['amount'])),
                      f'{tag} row {n + 1}: {aid}: eval {r["eligible"]} {r["amount"]}, score --all '
                      f'{row[aid + ".eligible"]} {row[aid + ".amount"]}')


def main():
    bareme, root = sys.argv[1], sys.argv[2]
    semantics = os.path.join(root, 'tests/semantics')
    with tempfile.TemporaryDirectory() as tmp:
        projects = [os.path.join(semantics, f'score_all_{name}.bareme')
                    for name in ['levels', 'undecided', 'fallback', 'no_level']]
        projects.append(generated_catalogue(tmp))
        projects += [guarded_catalogue(tmp, False), guarded_catalogue(tmp, True)]
        for project in projects:
            tag = os.path.basename(project)
            small = 'generated' in tag or 'guarded' in tag
            count = str((8000 if small else 40000) // SHARE)
            apps_csv, apps_jsonl = os.path.join(tmp, 'apps.csv'), os.path.join(tmp, 'apps.jsonl')
            sim_json = os.path.join(tmp, 'sim.json')
            first = run([bareme, 'simulate', project, '--all', '--count', count, '--seed', '5',
                         '--write', apps_csv, '--summary', sim_json])
            again = run([bareme, 'simulate', project, '--all', '--count', count, '--seed', '5',
                         '--write', apps_jsonl])
            check(first.stdout == again.stdout and first.stdout, f'{tag}: simulate --all is not deterministic')
            if not small and SHARE == 1:
                check(os.path.getsize(apps_csv) > 1 << 20 or 'levels' not in tag,
                      f'{tag}: the applications fit in one block')
            rows, wide, lines, summary = score_variants(bareme, project, apps_csv, tmp, tag)
            check(summary == json.load(open(sim_json)), f'{tag}: score --all over the written '
                  'applications does not give the summary of simulate --all')
            from_jsonl = run([bareme, 'score', project, '--all', '--input', apps_jsonl, '--output', '-'])
            check(list(csv.DictReader(io.StringIO(from_jsonl.stdout.decode()))) == rows,
                  f'{tag}: the applications as JSON Lines score differently')
            check_sums(rows, lines, summary, tag)
            if 'levels' in tag:
                eval_agreement(bareme, root, wide, apps_jsonl, tag)
            if 'generated' in tag:
                text = run([bareme, 'score', project, '--all', '--input', apps_csv]).stderr.decode()
                check('the 20 aids of largest amount, of 25:' in text and
                      '… 5 more aids in the JSON summary (--summary FILE)' in text,
                      f'{tag}: stderr does not cut the aids at 20:\n{text}')
                check(len(summary['aids']) == 25 and summary['undecided_total'] > 0,
                      f'{tag}: the JSON summary lists {len(summary["aids"])} aids')
        # Blocks reused by the pipeline (more blocks than it keeps in flight on one thread):
        # the interpreter reads each block afresh, so its summary is the JIT's.
        project = os.path.join(semantics, 'score_all_levels.bareme')
        many = os.path.join(tmp, 'many.csv')
        run([bareme, 'simulate', project, '--all', '--count', '120000', '--seed', '7', '--write', many])
        check(os.path.getsize(many) > 3 << 20, 'many.csv fits in fewer than four blocks')
        summaries = []
        for engine in ['jit', 'interp']:
            out = os.path.join(tmp, f'many.{engine}.json')
            run([bareme, 'score', project, '--all', '--input', many, '--engine', engine,
                 '--threads', '1', '--summary', out, '--quiet'])
            summaries.append(json.load(open(out)))
        check(summaries[0] == summaries[1] and summaries[0]['rows'] == 120000,
              'score --all over reused blocks: the interpreter\'s summary differs from the JIT\'s')
        # --max-errors counts a row whose total cannot be decided (row 3) and a bad row (6).
        project = os.path.join(semantics, 'score_all_undecided.bareme')
        proc = run([bareme, 'score', project, '--all', '--input', os.path.join(semantics, 'score_all/households.csv'),
                    '--output', '-', '--max-errors', '1'], expect=1)
        check(len(proc.stdout.decode().splitlines()) == 1 + 6, f'--max-errors 1: {proc.stdout.decode()}')
        check('stopped at row 6: more than 1 errors' in proc.stderr.decode(), f'--max-errors: {proc.stderr.decode()}')

    for f in failures[:20]:
        print('FAIL:', f)
    print(f'{len(projects)} catalogues: {len(failures)} failed checks')
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()
