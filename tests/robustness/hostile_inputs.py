#!/usr/bin/env python3
"""Hostile scheme files: each must give a clean diagnostic (exit 1 and an `error[...]` line),
never a crash, a hang or a silent success. Files are generated with a fixed seed."""
import os
import random
import subprocess
import sys
import tempfile

TOKENS = ['scheme', 'x', '"t"', 'input', 'a', ':', 'Int', '=', '+', '-', '(', ')', '{', '}', '[',
          ']', '|', 'amount', 'eligible', 'when', '12', '3 000 €', '2021-01-01', '§', '"1.1"', 'let',
          'table', 'match', '=>', ',', 'if', 'then', 'else', 'and', 'or', 'not', 'in', '\n', 'é', '@']


def random_tokens(rng, size):
    out, n = [], 0
    while n < size:
        t = rng.choice(TOKENS)
        out.append(t)
        n += len(t) + 1
    return ' '.join(out).encode()


def cases(rng):
    header = b'scheme s "S"\namount = '
    yield 'random tokens, 5 MB', random_tokens(rng, 5_000_000)
    yield 'random tokens after a header', header + random_tokens(rng, 200_000)
    yield '100 000 nested parentheses', header + b'(' * 100_000 + b'1 \xe2\x82\xac' + b')' * 100_000
    yield '100 000 unary minus', header + b'- ' * 100_000 + b'1 \xe2\x82\xac'
    yield '100 000 additions', header + b' + '.join([b'1 \xe2\x82\xac'] * 100_000)
    yield '10 000 nested ifs', header + b'if true then ' * 10_000 + b'1 \xe2\x82\xac' + b' else 2 \xe2\x82\xac' * 10_000
    yield 'random bytes', bytes(rng.randrange(256) for _ in range(100_000))
    yield 'NUL in the middle', header + b'1 \xe2\x82\xac\x00\n'
    yield 'one 2 MB line', header + b'x' * 2_000_000
    yield 'unterminated text at end of file', header + b'"never closed'
    yield 'only a header', b'scheme s "S"'
    yield 'huge number', header + b'9' * 10_000 + b' \xe2\x82\xac'
    yield '10 000 table rows', (b'scheme s "S"\ntable t(n: Int) -> Int unique\n | n | v |\n | < 0 | 0 |\n' +
                                b''.join(b' | [%d, %d] | %d |\n' % (i * 10, i * 10 + 9, i) for i in range(10_000)) +
                                b' | >= 100000 | 0 |\namount = 0 \xe2\x82\xac\n')


SCHEME = """scheme s "S"
enum Region { occitanie, bretagne }
record Aid { amount: Money, granted_on: Date }
input cost : Money
input region : Region
input filed_on : Date
input aids : List<Aid>
amount = cost * 60 %
"""

GOOD = '"cost": 1000, "region": "occitanie", "filed_on": "2024-01-31", "aids": []'


def json_cases(rng):
    yield 'a string where a date is expected', ('{' + GOOD.replace('"2024-01-31"', '"tomorrow"') + '}').encode()
    yield 'a decimal comma in money', ('{' + GOOD.replace('1000', '"12,5 €"') + '}').encode()
    yield 'an unknown enum case', ('{' + GOOD.replace('"occitanie"', '"ocitanie"') + '}').encode()
    yield 'truncated JSON', ('{' + GOOD)[:-7].encode()
    yield 'a 50 MB JSON file', ('{' + GOOD + ', "pad": "' + 'x' * 50_000_000 + '"}').encode()
    yield '1 000 000 nested arrays', b'[' * 1_000_000 + b']' * 1_000_000
    yield 'deep arrays inside a list input', ('{' + GOOD.replace('[]', '[' * 5000 + ']' * 5000) + '}').encode()
    yield 'a number too large for Money', ('{' + GOOD.replace('1000', '92233720368547758.08') + '}').encode()
    yield 'a number with an exponent', ('{' + GOOD.replace('1000', '1e400') + '}').encode()
    yield 'random bytes', bytes(rng.randrange(256) for _ in range(10_000))
    yield 'an empty file', b''
    yield 'a top-level array', b'[1, 2, 3]'
    yield 'NaN', ('{' + GOOD.replace('1000', 'NaN') + '}').encode()
    yield 'a list element of the wrong shape', ('{' + GOOD.replace('[]', '[{"amount": 1}, 3]') + '}').encode()


def main():
    bareme = sys.argv[1]
    rng = random.Random(20261122)
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        scheme = os.path.join(tmp, 'app_scheme.bareme')
        with open(scheme, 'w') as f:
            f.write(SCHEME)
        for name, data in json_cases(rng):
            path = os.path.join(tmp, 'app.json')
            with open(path, 'wb') as f:
                f.write(data)
            proc = subprocess.run([bareme, 'eval', scheme, '--input', path], capture_output=True, timeout=300)
            err = proc.stderr.decode('utf-8', errors='replace')
            if proc.returncode == 2 and err.startswith('bareme eval: '):
                passed += 1
            else:
                failed += 1
                print(f'FAIL json {name}: exit {proc.returncode}\n{err[-2000:]}')
        for name, data in cases(rng):
            path = os.path.join(tmp, 'hostile.bareme')
            with open(path, 'wb') as f:
                f.write(data)
            try:
                proc = subprocess.run([bareme, 'check', path], capture_output=True, timeout=300)
            except subprocess.TimeoutExpired:
                print(f'FAIL {name}: no answer within 300 s')
                failed += 1
                continue
            err = proc.stderr.decode('utf-8', errors='replace')
            # The 10 000-row table is valid: it must check cleanly; all others must be refused.
            expect_ok = name.startswith('10 000 table rows')
            ok = (proc.returncode == 0 and not err) if expect_ok else (proc.returncode == 1 and 'error[' in err)
            if ok:
                passed += 1
            else:
                failed += 1
                print(f'FAIL {name}: exit {proc.returncode}\n{err[-2000:]}')
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
