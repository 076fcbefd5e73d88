#!/usr/bin/env python3
"""Inputs whose depth drives a recursion: long chains of definitions, of functions and of
imports, and a unique table with very many columns. Each must give the right result or a clean
located diagnostic with the documented exit status: never a crash, never a hang. Files are
generated into a temporary folder.

    deep_definitions.py BAREME
"""
import json
import os
import subprocess
import sys
import tempfile

TIMEOUT = 120  # a hang detector only: the suite also runs under AddressSanitizer
LETS = 10_000
BASE = 5
EXPECTED = BASE + LETS - 1  # a0 = base, each next let adds 1


def chain(order):
    """A scheme whose amount reads a{LETS-1}, each let reading the one before."""
    lets = [f'let a0 = base'] + [f'let a{i} = a{i - 1} + 1' for i in range(1, LETS)]
    if order == 'reversed':
        lets.reverse()
    return 'scheme s "S"\ninput base : Int\n' + '\n'.join(lets) + f'\namount = a{LETS - 1} * 1 €\n'


def function_chain(count):
    """A scheme whose amount calls f{count-1}, each function calling the one before."""
    funs = ['let f0(x: Int) : Int = x'] + [f'let f{i}(x: Int) : Int = f{i - 1}(x) + 1' for i in range(1, count)]
    return 'scheme s "S"\ninput base : Int\n' + '\n'.join(funs) + f'\namount = f{count - 1}(base) * 1 €\n'


class Runner:
    def __init__(self, bareme, folder):
        self.bareme, self.folder, self.failed, self.passed = bareme, folder, 0, 0

    def write(self, name, text):
        path = os.path.join(self.folder, name)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
        return path

    def run(self, what, args, check):
        try:
            proc = subprocess.run([self.bareme] + args, capture_output=True, text=True, timeout=TIMEOUT,
                                  cwd=self.folder, env=dict(os.environ, NO_COLOR='1'))
            problem = None if proc.returncode >= 0 else f'killed by signal {-proc.returncode}'
            if problem is None:
                problem = check(proc)
        except subprocess.TimeoutExpired:
            problem = f'no answer within {TIMEOUT} s'
        if problem:
            self.failed += 1
            print(f'FAIL {what}: {problem}')
            if 'proc' in locals():
                print(f'  exit {proc.returncode}\n  stdout: {proc.stdout[-600:]}\n  stderr: {proc.stderr[-600:]}')
        else:
            self.passed += 1
            print(f'ok   {what}')


def expect(status, *needles, stream='stderr'):
    def check(proc):
        text = getattr(proc, stream)
        if proc.returncode != status:
            return f'exit {proc.returncode}, expected {status}'
        missing = [n for n in needles if n not in text]
        return f'{stream} lacks {missing}' if missing else None
    return check


def expect_amount(euros):
    def check(proc):
        if proc.returncode != 0:
            return f'exit {proc.returncode}, expected 0'
        return None if f'"amount": {euros},' in proc.stdout else f'no "amount": {euros} in the result'
    return check


def expect_rows(rows):
    def check(proc):
        if proc.returncode != 0:
            return f'exit {proc.returncode}, expected 0'
        lines = proc.stdout.strip().splitlines()
        return None if lines[1:] == rows else f'rows {lines[1:]}, expected {rows}'
    return check


def main():
    bareme = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as folder:
        r = Runner(bareme, folder)
        forward = r.write('forward.bareme', chain('forward'))
        backward = r.write('backward.bareme', chain('reversed'))
        app = r.write('app.json', json.dumps({'base': BASE}))
        apps = r.write('apps.csv', 'base\n5\n7\n')
        amount = f'{EXPECTED}.00'
        rows = [f'1,true,{EXPECTED}.00,,', f'2,true,{EXPECTED + 2}.00,,']

        # 10 000 chained lets: checked, then evaluated by the interpreter and the JIT.
        for name, path in (('in dependency order', forward), ('in reverse order', backward)):
            r.run(f'check: {LETS} chained lets {name}', ['check', path], expect(0))
        r.run(f'eval: {LETS} chained lets', ['eval', forward, '--input', app], expect_amount(amount))
        r.run(f'eval: {LETS} chained lets, declared in reverse', ['eval', backward, '--input', app],
              expect_amount(amount))
        r.run(f'explain: {LETS} chained lets', ['explain', forward, '--input', app],
              expect(0, 's: eligible, amount', f'a{LETS - 1} = {EXPECTED}',
                     f'a0 = {BASE}', stream='stdout'))
        r.run(f'score --engine interp: {LETS} chained lets', ['score', forward, '--input', apps, '--output', '-', '--engine', 'interp'],
              expect_rows(rows))
        r.run(f'score (JIT): {LETS} chained lets', ['score', forward, '--input', apps, '--output', '-'], expect_rows(rows))

        # 10 000 chained functions: each call is a level of every evaluator's recursion.
        functions = r.write('functions.bareme', function_chain(LETS))
        r.run(f'eval: {LETS} chained functions', ['eval', functions, '--input', app],
              expect_amount(f'{BASE + LETS - 1}.00'))

        # Chains deeper than the stack allows: a located diagnostic or runtime error, no crash.
        # (`--stack-size 2`, 2 MiB, stands for a chain of millions of lets on the default stack.)
        r.run('check: a chain too deep for the stack', ['--stack-size', '2', 'check', backward],
              expect(1, 'error[TooDeepDefinitions]', f'`a{LETS - 1}` starts a chain of definitions',
                     'backward.bareme:3:5'))
        # The forward chain checks in 2 MiB in a Release build, so evaluation is what runs out of
        # stack (the runtime error TooDeep); the sanitizers' larger frames make the checker
        # refuse it first, with its located diagnostic. Either way: an answer, no crash.
        checks = subprocess.run([bareme, '--stack-size', '2', 'check', forward], capture_output=True,
                                timeout=TIMEOUT).returncode == 0
        refused = expect(2, 'error[TooDeepDefinitions]', 'forward.bareme:3:5', 'does not compile')
        r.run('eval: a chain too deep for the stack', ['--stack-size', '2', 'eval', forward, '--input', app],
              expect(3, '[TooDeep]', 'chain too deeply', 'forward.bareme:') if checks else refused)
        r.run('score --engine interp: a chain too deep for the stack',
              ['--stack-size', '2', 'score', forward, '--input', apps, '--output', '-', '--engine', 'interp'],
              expect(0, '1,,,,TooDeep', '2,,,,TooDeep', stream='stdout') if checks else refused)

        # 100 000 definitions, each reading an unknown name: every one reported, in time linear
        # in their number (the duplicate check and "did you mean" were quadratic: minutes).
        many = 100_000
        unknown = r.write('unknown.bareme', 'scheme s "S"\n' + ''.join(f'let u{i} = zz\n' for i in range(many))
                          + 'amount = 1 €\n')
        r.run(f'check: {many} unknown names', ['check', unknown],
              lambda p: None if p.returncode == 1 and p.stderr.count('error[UnknownName]') == many
              and f'unknown.bareme:{many + 1}:' in p.stderr else
              f'exit {p.returncode}, {p.stderr.count("error[UnknownName]")} UnknownName errors')

        # A chain of 30 000 imports.
        depth = 30_000
        for i in range(depth):
            imports = f'import "m{i + 1}.bareme"\n' if i + 1 < depth else ''
            r.write(f'm{i}.bareme', f'module m{i}\n{imports}let v{i} : Int = {i}\n')
        importer = r.write('importer.bareme', f'scheme s "S"\nimport "m0.bareme"\namount = m0.v0 * 1 €\n')
        r.run(f'check: a chain of {depth} imports', ['check', importer], expect(0))

        # A unique table with 100 000 Bool columns and two rows that split on the last one.
        columns = 100_000
        header = '| ' + ' | '.join(f'c{i}' for i in range(columns)) + ' | v |'
        row = lambda last: '| ' + ' | '.join(['any'] * (columns - 1) + [last]) + ' | 1 |'
        params = ', '.join(f'c{i}: Bool' for i in range(columns))
        table = r.write('table.bareme', f'scheme s "S"\ntable t({params}) -> Int unique\n{header}\n{row("true")}\n'
                                        f'{row("false")}\namount = 1 €\n')
        r.run(f'check: a unique table with {columns} columns', ['check', table],
              lambda p: None if p.returncode in (0, 1) and ('error[' in p.stderr or p.returncode == 0)
              else f'exit {p.returncode}')
    print(f'{r.passed} passed, {r.failed} failed')
    return 1 if r.failed else 0


if __name__ == '__main__':
    sys.exit(main())
