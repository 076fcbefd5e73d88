#!/usr/bin/env python3
"""Files that are not regular files, or too large, named where a scheme file is expected (`check`,
`import`, `--reform`, `:load`) or as an input to score: a clear error, never a hang, never memory
exhausted (the test caps the address space so that reading forever fails fast). Streams stay
streams: `score --input -` from a pipe and a FIFO given to `score` still work."""
import os
import resource
import subprocess
import sys
import tempfile
import threading

TIMEOUT = 30  # a hang detector only


def capped():
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


CAP = [capped]  # dropped when the binary cannot run capped (AddressSanitizer reserves terabytes)


def run(cmd, stdin=None, cwd=None):
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, input=stdin, cwd=cwd, preexec_fn=CAP[0])
    except subprocess.TimeoutExpired:
        return None, '', 'timed out'
    return proc.returncode, proc.stdout.decode(errors='replace'), proc.stderr.decode(errors='replace')


def main():
    bareme, scheme = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    failed = []
    if run([bareme, '--help'])[0] != 0:
        CAP[0] = None

    def expect(label, result, status, *phrases):
        code, out, err = result
        text = out + err
        if code != status or not all(p in text for p in phrases):
            failed.append(f'{label}: expected exit {status} and {phrases}, got {code}:\n{text[-600:]}')

    with tempfile.TemporaryDirectory() as tmp:
        fifo = os.path.join(tmp, 'pipe.bareme')
        os.mkfifo(fifo)
        big = os.path.join(tmp, 'big.bareme')
        with open(big, 'wb') as f:
            f.write(b'scheme big "Big"\n' + b'# ' + b'x' * (17 << 20) + b'\n')
        for name, target in [('zero', '/dev/zero'), ('fifo', fifo)]:
            with open(os.path.join(tmp, f'imports_{name}.bareme'), 'w') as f:
                f.write(f'scheme s "S"\nimport "{target}"\namount = 1 €\n')
        expect('check /dev/zero', run([bareme, 'check', '/dev/zero']), 1, 'it is a device')
        expect('check a FIFO', run([bareme, 'check', fifo]), 1, 'it is a FIFO')
        expect('check a 17 MB file', run([bareme, 'check', big]), 1, 'larger than 16 MB')
        expect('import "/dev/zero"', run([bareme, 'check', 'imports_zero.bareme'], cwd=tmp), 1, 'it is a device')
        expect('import a FIFO', run([bareme, 'check', 'imports_fifo.bareme'], cwd=tmp), 1, 'it is a FIFO')
        expect('simulate --reform /dev/zero', run([bareme, 'simulate', scheme, '--count', '10', '--reform', '/dev/zero']), 2,
               'it is a device')
        expect('repl :load a FIFO', run([bareme, 'repl'], stdin=f':load {fifo}\n1 + 1\n'.encode()), 0, 'not a file', '2 : Int')
        expect('eval --input a folder', run([bareme, 'eval', scheme, '--input', tmp]), 2, 'it is a folder')
        expect('score --input /dev/zero', run([bareme, 'score', scheme, '--input', '/dev/zero']), 2, 'it is a device')
        # Streams to score still work: standard input from a pipe, and a FIFO with a writer.
        rows = os.path.join(tmp, 'rows.csv')
        run([bareme, 'simulate', scheme, '--count', '50', '--write', rows])
        data = open(rows, 'rb').read()
        expect('score --input - from a pipe', run([bareme, 'score', scheme, '--input', '-', '--quiet'], stdin=data), 0,
               '50 rows scored')
        rows_fifo = os.path.join(tmp, 'rows_fifo.csv')
        os.mkfifo(rows_fifo)

        def feed():
            with open(rows_fifo, 'wb') as f:
                f.write(data)

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        expect('score --input FIFO', run([bareme, 'score', scheme, '--input', rows_fifo, '--quiet']), 0, '50 rows scored')
        if writer.is_alive():  # the FIFO was never opened: unblock the writer
            os.open(rows_fifo, os.O_RDONLY | os.O_NONBLOCK)
    for label in failed:
        print(f'FAIL {label}')
    print(f'{len(failed)} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
