#!/usr/bin/env python3
"""The REPL's situation and its kept compilation, on schemes/advenir.bareme and a small scheme
written here: `:load FILE.json` then `:save` writes a file that `bareme eval --input` reads to
the same amount, and that `:load` then `:save` write back byte for byte; `:save` and `:load` of
a folder, of a path in no folder, answer without ending the session; a scheme file edited on
disk is not seen by the lines after (the session keeps what it compiled, and a `let` compiles
the files as they were read) until `:reload`."""
import json
import os
import subprocess
import sys
import tempfile


def repl(bareme, files, script, cwd):
    run = subprocess.run([bareme, 'repl', *files], cwd=cwd, input=script, capture_output=True,
                         text=True, timeout=120, env=dict(os.environ, NO_COLOR='1'))
    return run.returncode, run.stdout


def answer(out, line):
    """What the session answered to `line` (the lines after its echo, up to the next prompt)."""
    lines = out.split('\n')
    i = lines.index('bareme> ' + line)
    reply = []
    for l in lines[i + 1:]:
        if l.startswith('bareme> '):
            break
        reply.append(l)
    return '\n'.join(reply).strip()


def main():
    bareme = os.path.abspath(sys.argv[1])
    root = os.path.abspath(sys.argv[2])
    advenir = os.path.join(root, 'schemes', 'advenir.bareme')
    example = os.path.join(root, 'docs', 'schemes', 'advenir.example.json')
    checks = []
    with tempfile.TemporaryDirectory() as d:
        # A situation loaded, changed, saved: eval reads the saved file to the REPL's amount.
        code, out = repl(bareme, [advenir], f':load {example}\nset quote_ht = 30 000 €\namount\n'
                         ':save saved.json\n:quit\n', d)
        checks.append(('exit 0', code == 0))
        checks.append(('the situation is loaded', 'loaded situation' in out and '21 inputs set' in answer(out, f':load {example}')))
        checks.append(('the situation is saved', answer(out, ':save saved.json') == 'saved 21 inputs to saved.json'))
        amount = answer(out, 'amount')
        evaluated = subprocess.run([bareme, 'eval', advenir, '--input', 'saved.json', '--strict'], cwd=d,
                                   capture_output=True, text=True, timeout=120)
        checks.append(('eval --input reads the saved file', evaluated.returncode == 0))
        result = json.loads(evaluated.stdout) if evaluated.returncode == 0 else {}
        euros = amount.split(' €')[0].replace(' ', '').replace('\u202f', '')
        checks.append((f'eval gives the REPL\'s amount ({amount})',
                       f'{result.get("amount", -1):.2f}' == euros))
        # Loaded and saved again: the same bytes.
        code, out = repl(bareme, [advenir], ':load saved.json\n:save again.json\n', d)
        with open(os.path.join(d, 'saved.json'), 'rb') as a, open(os.path.join(d, 'again.json'), 'rb') as b:
            checks.append((':load then :save writes the file back byte for byte', a.read() == b.read()))
        # Folders and paths in no folder: a message each, the session goes on.
        os.mkdir(os.path.join(d, 'folder.json'))
        code, out = repl(bareme, [advenir], ':load folder.json\n:save folder.json\n:save no/such/dir/x.json\n'
                         ':save .\n1 + 1\n', d)
        checks.append((':load of a folder', answer(out, ':load folder.json') == 'cannot read `folder.json`: it is a folder'))
        checks.append((':save to a folder', answer(out, ':save folder.json') == 'cannot write `folder.json`: it is a folder'))
        checks.append((':save in no folder', answer(out, ':save no/such/dir/x.json') == 'cannot write `no/such/dir/x.json`'))
        checks.append(('the session goes on', code == 0 and answer(out, '1 + 1') == '2 : Int'))
        # A file edited on disk: the lines after read what was compiled, until :reload.
        scheme = os.path.join(d, 'grant.bareme')
        with open(scheme, 'w') as f:
            f.write('scheme edited "Grant"\ninput stations : Int\nparam grant : Money = 1 000 €\n'
                    'amount = grant * stations\n')
        proc = subprocess.Popen([bareme, 'repl', scheme], cwd=d, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                text=True, env=dict(os.environ, NO_COLOR='1'))

        def send(line):
            proc.stdin.write(line + '\n')
            proc.stdin.flush()
            echoed = proc.stdout.readline()
            assert echoed == f'bareme> {line}\n', echoed
            return proc.stdout.readline().rstrip('\n')

        try:
            proc.stdout.readline()  # loaded …
            checks.append(('before the edit', send('set stations = 2') == 'set stations = 2'
                           and send('amount') == '2 000.00 € : Money'))
            with open(scheme, 'w') as f:
                f.write('scheme edited "Grant"\ninput stations : Int\nparam grant : Money = 5 000 €\n'
                        'amount = grant * stations\n')
            checks.append(('after the edit, the compiled scheme is kept',
                           send('amount') == '2 000.00 € : Money' and send('grant') == '1 000.00 € : Money'
                           and send(':show amount') == 'amount = 2 000.00 € : Money  (result of edited)'))
            # A `let` compiles the files again, from their texts as read, not from the disk.
            checks.append(('a let after the edit reads the files as loaded',
                           send('let twice = amount * 2') == 'defined twice'
                           and send('twice') == '4 000.00 € : Money'))
            checks.append((':reload reads the edit', send(':reload') == 'reloaded 1 file; 1 input still set'
                           and send('amount') == '10 000.00 € : Money'))
        finally:
            proc.stdin.close()
            proc.wait(timeout=60)
    failed = [name for name, ok in checks if not ok]
    for name, ok in checks:
        print(('ok   ' if ok else 'FAIL ') + name)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
