#!/usr/bin/env python3
"""A megabyte-long name or text echoed in a message is clipped (with "…"), so that the message
stays a few lines long, and looking for a "did you mean" on it stays fast: an unknown name in a
scheme, an unknown input in a JSON application (an error with --strict, else a warning), a CSV
column or a JSON Lines member naming no input, `set` of an unknown input in the REPL."""
import json
import os
import subprocess
import sys
import tempfile

TIMEOUT = 30  # a hang detector only
LONG = 'x' * (1 << 20)
MAX_OUTPUT = 4000  # bytes: a few lines, however long the name


def run(cmd, stdin=None):
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, input=stdin)
    except subprocess.TimeoutExpired:
        return None, 'timed out'
    text = proc.stdout.decode(errors='replace') + proc.stderr.decode(errors='replace')
    # The REPL echoes each line of a script as typed: only what it answers counts.
    return proc.returncode, '\n'.join(l for l in text.split('\n') if not l.startswith('bareme> '))


def main():
    bareme, scheme = sys.argv[1], sys.argv[2]
    failed = []

    def expect(label, result, status, phrase):
        code, text = result
        if code != status or phrase not in text or len(text.encode()) > MAX_OUTPUT:
            failed.append(f'{label}: expected exit {status}, "{phrase}" and at most {MAX_OUTPUT} bytes; '
                          f'got {code}, {len(text.encode())} bytes:\n{text[:600]}')

    with tempfile.TemporaryDirectory() as tmp:
        long_name = os.path.join(tmp, 'long_name.bareme')
        with open(long_name, 'w') as f:
            f.write(f'scheme s "S"\ninput stations : Int\namount = 1000 € * {LONG}\n')
        expect('check: a 1 MB unknown name', run([bareme, 'check', long_name]), 1, 'nothing is named `xxx')
        app = os.path.join(tmp, 'app.json')
        with open(app, 'w') as f:
            json.dump({LONG: 1}, f)
        expect('eval --strict: a 1 MB unknown input', run([bareme, 'eval', scheme, '--input', app, '--strict']), 2,
               'has no input "xxx')
        expect('eval: a 1 MB unknown input, ignored', run([bareme, 'eval', scheme, '--input', app]), 2,
               'no input, ignored: "xxx')
        csv = os.path.join(tmp, 'apps.csv')
        with open(csv, 'w') as f:
            f.write(f'{LONG}\n1\n')
        expect('score: a 1 MB unknown column', run([bareme, 'score', scheme, '--input', csv]), 2,
               'unknown columns: "xxx')
        jsonl = os.path.join(tmp, 'apps.jsonl')
        with open(jsonl, 'w') as f:
            f.write(json.dumps({LONG: 1}) + '\n')
        expect('score: a 1 MB unknown member', run([bareme, 'score', scheme, '--input', jsonl]), 0,
               'naming no input were ignored: "xxx')
        expect('repl: set a 1 MB unknown input', run([bareme, 'repl', scheme], stdin=f'set {LONG} = 1\n'.encode()), 0,
               'there is no input named `xxx')
    for label in failed:
        print(f'FAIL {label}')
    print(f'{len(failed)} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
