#!/usr/bin/env python3
"""One record of 100 MiB (over the 64 MiB a record may have) among 1 000 normal rows, in CSV (a
quoted field with commas, doubled quotes and line breaks) and in JSON Lines: `bareme score` skips
it without holding it, writes one error row for it with its line, and scores every other row
exactly as without it (1 001 rows out). A CSV or JSON Lines file whose lines end with CR only
gets a clear error saying so."""
import csv
import os
import subprocess
import sys
import tempfile

OVERSIZE = 100 << 20
TIMEOUT = 120  # a hang detector only: the suite also runs under ASan


def run(cmd, ok=(0,)):
    proc = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT)
    if proc.returncode not in ok:
        print(f'{" ".join(cmd)} exited with {proc.returncode}:\n{proc.stderr.decode(errors="replace")[-2000:]}')
    return proc


def output_rows(path):
    with open(path, newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))


def write_with_oversize(path, header, data, big_record):
    """The header, 500 rows, the oversize record, the other 500 rows; the big record is written
    in pieces so that this script does not hold it either."""
    piece_count, piece = big_record
    with open(path, 'wb') as f:
        if header is not None:
            f.write(header + b'\n')
        f.write(b''.join(row + b'\n' for row in data[:500]))
        f.write(piece[0])
        for _ in range(piece_count):
            f.write(piece[1])
        f.write(piece[2] + b'\n')
        f.write(b''.join(row + b'\n' for row in data[500:]))


def main():
    bareme, scheme = sys.argv[1], sys.argv[2]
    failed = []
    with tempfile.TemporaryDirectory() as tmp:
        clean_csv, clean_jsonl = os.path.join(tmp, 'clean.csv'), os.path.join(tmp, 'clean.jsonl')
        run([bareme, 'simulate', scheme, '--count', '1000', '--seed', '3', '--write', clean_csv])
        run([bareme, 'simulate', scheme, '--count', '1000', '--seed', '3', '--write', clean_jsonl])
        expected_out = os.path.join(tmp, 'expected.csv')
        run([bareme, 'score', scheme, '--input', clean_csv, '--output', expected_out, '--quiet'])
        expected = output_rows(expected_out)
        lines = open(clean_csv, 'rb').read().split(b'\n')
        header, data = lines[0], [l for l in lines[1:] if l]
        jsonl = [l for l in open(clean_jsonl, 'rb').read().split(b'\n') if l]
        unit = b'ab,""c\nd,e ' * 1024  # 11 KiB of a quoted field: commas, doubled quotes, line breaks
        cases = {
            'csv': (header, data, (OVERSIZE // len(unit), (b'"', unit, b'",' + b',' * header.count(b','))),
                    'a record longer than 64 MiB'),
            'jsonl': (None, jsonl, (OVERSIZE // len(unit), (b'{"x": "', unit.replace(b'\n', b' '), b'"}')),
                      'a line longer than 64 MiB'),
        }
        for name, (head, rows, big, message) in cases.items():
            path = os.path.join(tmp, f'big.{name}')
            write_with_oversize(path, head, rows, big)
            out = os.path.join(tmp, f'out_{name}.csv')
            proc = run([bareme, 'score', scheme, '--input', path, '--output', out, '--quiet'])
            actual = output_rows(out) if os.path.exists(out) else []
            errors = [r for r in actual if r['error']]
            big_line = 502 if head is not None else 501
            others = [{k: v for k, v in r.items() if k != 'row'} for r in actual if not r['error']]
            clean = [{k: v for k, v in r.items() if k != 'row'} for r in expected]
            checks = [
                (f'{name}: exit 0', proc.returncode == 0),
                (f'{name}: 1 001 rows out', len(actual) == 1001),
                (f'{name}: one error row, the 501st, at line {big_line}: "{message}"',
                 len(errors) == 1 and errors[0]['row'] == '501' and f'line {big_line}: {message}' in errors[0]['error']),
                (f'{name}: every other row as without it', others == clean),
            ]
            failed += [label for label, ok in checks if not ok]
            os.remove(path)
        # Lines ended by CR alone: a clear error, not a header mismatch.
        mac = os.path.join(tmp, 'mac.csv')
        with open(mac, 'wb') as f:
            f.write(b'\r'.join([header] + data[:10]) + b'\r')
        proc = run([bareme, 'score', scheme, '--input', mac, '--quiet'], ok=(2,))
        if proc.returncode != 2 or b'end with CR only' not in proc.stderr:
            failed.append(f'CR-only line ends: exit 2 and a hint, got {proc.returncode}: {proc.stderr[-300:]!r}')
        mac_jsonl = os.path.join(tmp, 'mac.jsonl')
        with open(mac_jsonl, 'wb') as f:
            f.write(b'\r'.join(jsonl[:10]) + b'\r')
        proc = run([bareme, 'score', scheme, '--input', mac_jsonl, '--output', '-', '--quiet'])
        if b'end with CR only' not in proc.stdout:
            failed.append(f'CR-only JSON Lines: an error row with the hint, got {proc.stdout[-300:]!r}')
    for label in failed:
        print(f'FAIL {label}')
    print(f'{len(failed)} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
