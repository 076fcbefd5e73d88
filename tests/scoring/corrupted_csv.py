#!/usr/bin/env python3
"""A CSV with 1 % corrupted rows (bad dates, emptied dates, stray quotes, wrong column counts,
invalid UTF-8), written with CRLF line ends and a UTF-8 byte order mark, scores to exactly one
error row per bad row (a row whose date is emptied: not eligible when decided without it, else
MissingInput, counted apart), and every other row scores exactly as in the clean file."""
import csv
import io
import os
import random
import subprocess
import sys
import tempfile


def run(cmd):
    proc = subprocess.run(cmd, capture_output=True)
    if proc.returncode != 0:
        sys.exit(f'{" ".join(cmd)} failed ({proc.returncode}):\n{proc.stderr.decode(errors="replace")}')
    return proc


def rows_of(path):
    with open(path, newline='', encoding='utf-8') as f:
        return {int(r['row']): r for r in csv.DictReader(f)}


def main():
    bareme, scheme = sys.argv[1], sys.argv[2]
    rng = random.Random(7)
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        clean = os.path.join(tmp, 'clean.csv')
        run([bareme, 'simulate', scheme, '--count', '5000', '--seed', '7', '--write', clean])
        run([bareme, 'score', scheme, '--input', clean, '--output', os.path.join(tmp, 'clean_out.csv'), '--quiet'])
        expected = rows_of(os.path.join(tmp, 'clean_out.csv'))
        lines = open(clean, 'rb').read().split(b'\n')
        header, data = lines[0], [l for l in lines[1:] if l]
        date_column = header.split(b',').index(b'filed_on')
        corrupt = sorted(rng.sample(range(len(data)), len(data) // 100))
        kinds = [b'bad date', b'missing field', b'stray quote', b'column count', b'utf-8']
        emptied = set()  # rows whose required date is left out: not bad input (semantics §3.12)
        for n, index in enumerate(corrupt):
            fields = data[index].split(b',')
            kind = kinds[n % len(kinds)]
            if kind == b'missing field':
                emptied.add(index + 1)
            if kind == b'bad date':
                fields[date_column] = b'2022-13-45'
            elif kind == b'missing field':
                fields[date_column] = b''
            elif kind == b'stray quote':
                fields[0] = fields[0][:2] + b'"' + fields[0][2:]
            elif kind == b'column count':
                fields.append(b'extra')
            else:
                fields[0] = fields[0] + b'\xff'
            data[index] = b','.join(fields)
        corrupted = os.path.join(tmp, 'corrupted.csv')
        with open(corrupted, 'wb') as f:
            f.write(b'\xef\xbb\xbf' + b'\r\n'.join([header] + data) + b'\r\n')
        out = os.path.join(tmp, 'out.csv')
        proc = run([bareme, 'score', scheme, '--input', corrupted, '--output', out, '--quiet'])
        actual = rows_of(out)
        bad_rows = {i + 1 for i in corrupt} - emptied
        error_rows = {n for n, r in actual.items() if r['error'] and not r['eligible']}
        # A row without its date is decided without it (not eligible) or cannot be (MissingInput).
        undecided = {n for n in emptied if actual[n]['error'].startswith('MissingInput:')}
        decided = {n for n in emptied if not actual[n]['error'] and actual[n]['eligible'] == 'false'}
        checks = [
            ('one output row per input row', len(actual) == len(data)),
            ('one error row per corrupted row, and only those', error_rows == bad_rows | undecided),
            ('a row without its date is not eligible or MissingInput', undecided | decided == emptied and undecided),
            ('every other row as in the clean file',
             all(actual[n] == expected[n] for n in actual if n not in bad_rows and n not in emptied)),
            ('the summary counts the bad rows', f'{len(bad_rows)} bad input' in proc.stderr.decode()),
            ('and the rows missing an input', f'{len(undecided)} missing an input' in proc.stderr.decode()),
        ]
        for name, ok in checks:
            if ok:
                passed += 1
            else:
                failed += 1
                print(f'FAIL {name}')
        if failed:
            print(sorted(error_rows ^ bad_rows)[:10])
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
