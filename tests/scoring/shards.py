#!/usr/bin/env python3
"""`bareme score --shard K/N` and several inputs (a folder, a glob, several -i):

- for N in 1, 2, 3, 5, 7 and more shards than rows, the N shard outputs of one file, concatenated
  (headers dropped after the first), are byte for byte the output of one run, in CSV and JSON
  Lines, with blank lines, CRLF, a byte order mark, quoted line breaks, bad rows, and with
  --all; the summaries' row counts add up;
- a folder and a glob of shards give one output per shard, each equal to a run on that file;
  --shard K/N of a folder takes every N-th file from the K-th, and together the shards take
  each file once; --summary gives one JSON summary per shard;
- bad uses are clear errors (exit 2): K >= N, not K/N, a stream given to --shard, a folder with
  no shard, a glob matching nothing, --output - with several inputs, two inputs of one name."""
import glob
import json
import os
import subprocess
import sys
import tempfile

bareme, scheme, catalogue = sys.argv[1], sys.argv[2], sys.argv[3]
failures = []
# BAREME_TEST_SHARE=K > 1 (the sanitizer build): no 40-shard split (40 processes per format).
SHARE = int(os.environ.get('BAREME_TEST_SHARE', '1'))


def run(args, expect=0, stdin=None):
    proc = subprocess.run([bareme, *args], capture_output=True, input=stdin)
    if proc.returncode != expect:
        sys.exit(f'bareme {" ".join(args)} exited {proc.returncode}, not {expect}:\n'
                 f'{proc.stderr.decode(errors="replace")}')
    return proc


def check(condition, message):
    if not condition:
        failures.append(message)


def read(path):
    with open(path, 'rb') as f:
        return f.read()


def concatenated(paths, jsonl):
    parts = [read(p) for p in paths]
    if jsonl:
        return b''.join(parts)
    return parts[0] + b''.join(p.split(b'\n', 1)[1] if b'\n' in p else b'' for p in parts[1:])


def shards_equal_one_run(folder, scheme_file, data, ext, label, extra=(), counts=(2, 3, 7)):
    source = os.path.join(folder, f'{label}.{ext}')
    with open(source, 'wb') as f:
        f.write(data)
    whole = os.path.join(folder, f'{label}.whole.{ext}')
    run(['score', scheme_file, '-i', source, '-o', whole, '--summary', whole + '.json', *extra])
    whole_rows = json.load(open(whole + '.json'))['rows']
    for n in counts:
        outs = []
        rows = 0
        for k in range(n):
            out = os.path.join(folder, f'{label}.{k}of{n}.{ext}')
            run(['score', scheme_file, '-i', source, '--shard', f'{k}/{n}', '-o', out,
                 '--summary', out + '.json', *extra])
            rows += json.load(open(out + '.json'))['rows']
            outs.append(out)
        check(concatenated(outs, ext == 'jsonl') == read(whole),
              f'{label}: the {n} shards concatenated differ from one run')
        check(rows == whole_rows, f'{label}: the {n} shards score {rows} rows, one run {whole_rows}')


def main():
    with tempfile.TemporaryDirectory() as folder:
        for ext in ('csv', 'jsonl'):
            apps = os.path.join(folder, f'apps.{ext}')
            run(['simulate', scheme, '-n', '3000', '--seed', '7', '--write', apps])
            data = read(apps)
            shards_equal_one_run(folder, scheme, data, ext, f'plain_{ext}', counts=(1, 2, 5, 40) if SHARE == 1 else (1, 2, 5))
            lines = data.split(b'\n')
            shards_equal_one_run(folder, scheme, b'\n'.join(lines[:4]) + b'\n', ext,
                                 f'tiny_{ext}', counts=(7,))
            # Blank lines, a bad row, CRLF line ends and a byte order mark.
            odd = [lines[0]] + [b''] * 3 + lines[1:40] + [b'', b'not a row,"', b'"'] + lines[40:]
            if ext == 'jsonl':
                odd = [lines[0], b'', b'  \t', *lines[1:40], b'{"bad', *lines[40:]]
            shards_equal_one_run(folder, scheme, b'\xef\xbb\xbf' + b'\r\n'.join(odd), ext,
                                 f'odd_{ext}')
        # Quoted line breaks inside a CSV field (an unknown column, ignored).
        header, *rows = read(os.path.join(folder, 'apps.csv')).split(b'\n')
        quoted = [header + b',note'] + [r + b',"a\nb\n\nc"' for r in rows if r]
        shards_equal_one_run(folder, scheme, b'\n'.join(quoted) + b'\n', 'csv', 'quoted')
        # A catalogue with --all.
        cat_apps = os.path.join(folder, 'catalogue.csv')
        run(['simulate', catalogue, '--all', '-n', '2000', '--seed', '3', '--write', cat_apps])
        shards_equal_one_run(folder, catalogue, read(cat_apps), 'csv', 'all', ['--all'])

        # A folder of shards: one output per shard, each a run on its file.
        shards = os.path.join(folder, 'shards')
        os.mkdir(shards)
        for i in range(5):
            ext = 'jsonl' if i == 3 else 'csv'
            run(['simulate', scheme, '-n', '500', '--seed', str(i), '--write',
                 os.path.join(shards, f'part-{i}.{ext}')])
        with open(os.path.join(shards, 'README.txt'), 'w') as f:
            f.write('not a shard\n')
        out = os.path.join(folder, 'out')
        summaries = os.path.join(folder, 'summaries')
        proc = run(['score', scheme, '-i', shards, '-o', out, '--summary', summaries])
        names = sorted(os.listdir(out))
        check(names == ['part-0.csv', 'part-1.csv', 'part-2.csv', 'part-3.jsonl', 'part-4.csv'],
              f'a folder of five shards gave {names}')
        check(len(os.listdir(summaries)) == 5, 'five shards, not five summaries')
        for name in names:
            alone = os.path.join(folder, 'alone.' + name.split('.')[1])
            run(['score', scheme, '-i', os.path.join(shards, name), '-o', alone])
            check(read(alone) == read(os.path.join(out, name)), f'{name}: differs from a run alone')
        check(proc.stderr.decode().count('rows scored') == 5, 'a summary per shard on stderr')
        # The same through a glob, and several -i.
        out_glob = os.path.join(folder, 'out_glob')
        run(['score', scheme, '-i', os.path.join(shards, 'part-[0-2].csv'), '-o', out_glob])
        check(sorted(os.listdir(out_glob)) == names[:3], 'a glob takes the files it matches')
        # --shard over files: every N-th from the K-th, each file once over the N shards.
        taken = []
        for k in range(3):
            out_k = os.path.join(folder, f'out_{k}')
            run(['score', scheme, '-i', shards, '-o', out_k, '--shard', f'{k}/3'])
            taken += os.listdir(out_k)
            for name in os.listdir(out_k):
                check(read(os.path.join(out_k, name)) == read(os.path.join(out, name)),
                      f'--shard {k}/3: {name} differs')
        check(sorted(taken) == names, f'the three shards of the folder took {sorted(taken)}')
        check(sorted(os.listdir(os.path.join(folder, 'out_0'))) == ['part-0.csv', 'part-3.jsonl'],
              'shard 0/3 of five files takes the first and the fourth')

        # Bad uses: exit 2 and a sentence.
        apps = os.path.join(folder, 'apps.csv')
        for args, words in [
            (['-i', apps, '--shard', '3/3'], 'numbered 0 to 2'),
            (['-i', apps, '--shard', 'half'], 'is not K/N'),
            (['-i', apps, '--shard', '1/0'], 'is not K/N'),
            (['-i', '-', '--shard', '0/2'], 'not a stream'),
            (['-i', os.path.join(folder, 'summaries', 'nothing*.csv')], 'matches no file'),
            (['-i', summaries], 'holds no .csv'),
            (['-i', shards, '-o', '-'], 'not -'),
            (['-i', apps, os.path.join(folder, 'out', 'part-0.csv'), os.path.join(shards, 'part-0.csv'), '-o', out],
             'two inputs are named'),
        ]:
            proc = run(['score', scheme, *args], expect=2, stdin=read(apps))
            check(words in proc.stderr.decode(), f'{args}: said {proc.stderr.decode()!r}')
    if failures:
        print('\n'.join(failures))
        sys.exit(1)
    print('shards: ok')


main()
