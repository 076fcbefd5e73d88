#!/usr/bin/env python3
"""Deep nesting and long operator runs, each about 1 MB: `bareme check` must refuse every one
with a located diagnostic (exit 1, `error[TooDeep]`), never crash or hang; moderately deep
input, as deep as a real scheme might go, must still be accepted. The timeout is a hang
detector only (the suite also runs under ASan), not a speed test."""
import os
import subprocess
import sys
import tempfile

TIMEOUT = 30
HEADER = b'scheme s "S"\ninput x : Int\namount = 0 \xe2\x82\xac\n'
MB = 1_000_000


def repeat(unit, size=MB):
    return unit * (size // len(unit))


def refused():
    # The case of issue #17: 15 000 `-` after `x`, which overflowed the stack in prediction.
    yield '15 000 minus signs', HEADER + b'let v : Int = x ' + b'-' * 15_000 + b'1\n'
    yield '100 000 nested calls', HEADER + b'let v = ' + b'f(' * 100_000 + b'1' + b')' * 100_000 + b'\n'
    yield 'nested calls never closed', HEADER + b'let v = ' + repeat(b'f(')
    yield 'unary minus run', HEADER + b'let v : Int = x ' + repeat(b'- ') + b'1\n'
    yield 'unary minus run in a condition', HEADER + b'eligible when\n  ' + repeat(b'-') + b'x > 0\n'
    yield 'not run', HEADER + b'let v = ' + repeat(b'not ') + b'true\n'
    n = MB // 2
    yield 'nested parentheses', HEADER + b'let v = ' + b'(' * n + b'1' + b')' * n + b'\n'
    yield 'nested lists', HEADER + b'let v = ' + b'[' * n + b'1' + b']' * n + b'\n'
    yield 'nested braces', HEADER + b'let v = ' + b'{' * n + b'1' + b'}' * n + b'\n'
    n = MB // 20
    yield 'nested ifs', HEADER + b'let v = ' + b'if true then ' * n + b'1' + b' else 2' * n + b'\n'
    n = MB // 16
    yield 'nested matches', HEADER + b'let v = ' + b'match x { a => ' * n + b'1' + b' }' * n + b'\n'
    yield 'nested table cell', (HEADER + b'table t(n: Int) -> Int unique\n | n | v |\n | ' +
                                b'(' * (MB // 2) + b'1' + b')' * (MB // 2) + b' | 1 |\n')
    yield 'chain of additions', HEADER + b'let v = 1' + repeat(b' + 1') + b'\n'
    yield 'chain of subtractions', HEADER + b'let v = x' + repeat(b' - x') + b'\n'
    yield 'chain of subtractions in a condition', HEADER + b'eligible when\n  x' + repeat(b' - x') + b' > 0\n'
    yield 'chain of comparisons', HEADER + b'let v = 1' + repeat(b' < 1') + b'\n'
    yield 'chain of ands', HEADER + b'let v = true' + repeat(b' and true') + b'\n'
    yield 'chain of fields', HEADER + b'let v = x' + repeat(b'.b') + b'\n'
    yield 'chain of additions over many lines', HEADER + b'let v = 1' + repeat(b' +\n 1') + b'\n'
    yield 'chain of additions in a call', HEADER + b'let v = f(1' + repeat(b' + 1') + b')\n'
    yield 'chain of additions in a table cell', (HEADER + b'table t(n: Int) -> Int unique\n | n | v |\n | (1' +
                                                 repeat(b' + 1') + b') | 1 |\n')


def accepted():
    # As deep as a real scheme might go, and deeper: must check cleanly.
    yield '100 nested parentheses', HEADER + b'let v = ' + b'(' * 100 + b'x' + b')' * 100 + b'\n'
    yield '50 nested ifs', HEADER + b'let v = ' + b'if x > 0 then ' * 50 + b'1' + b' else 2' * 50 + b'\n'
    yield 'a sum of 300 terms', HEADER + b'let v = x' + b' + x' * 299 + b'\n'
    yield 'a difference of 300 terms', HEADER + b'let v = x' + b' - x' * 299 + b'\n'
    yield '-(-(… 60 deep', HEADER + b'let v = ' + b'-(' * 60 + b'x' + b')' * 60 + b'\n'
    yield '1 000 conditions', HEADER + b'eligible when\n' + b'  x > 0\n  x - 1 < 5\n' * 500
    # Calls 121 deep around a call of two arguments, 200 times: prediction read each call's
    # arguments to their end to tell a call from a name followed by a parenthesis (0.6 s a line).
    functions = b'let f(n: Int) : Int = n\nlet g(a: Int, b: Int) : Int = a\n'
    line = b'f(' * 60 + b'g(x, ' + b'f(' * 60 + b'x' + b')' * 121
    yield '200 lines of calls 121 deep', HEADER + functions + b''.join(
        b'let v%d : Int = %s\n' % (i, line) for i in range(200))


def run(bareme, path):
    try:
        return subprocess.run([bareme, 'check', path], capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None


def main():
    bareme = sys.argv[1]
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'deep.bareme')
        for expect_ok, cases in ((False, refused()), (True, accepted())):
            for name, data in cases:
                with open(path, 'wb') as f:
                    f.write(data)
                proc = run(bareme, path)
                if proc is None:
                    failed += 1
                    print(f'FAIL {name}: no answer within {TIMEOUT} s')
                    continue
                err = proc.stderr.decode('utf-8', errors='replace')
                if expect_ok:
                    ok = proc.returncode == 0 and 'error[' not in err
                else:
                    ok = proc.returncode == 1 and 'error[TooDeep]' in err and 'deep.bareme:' in err
                if ok:
                    passed += 1
                else:
                    failed += 1
                    print(f'FAIL {name}: exit {proc.returncode}\n{err[-1500:]}')
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
