#!/usr/bin/env python3
"""`bareme score` reads a multi-megabyte CSV in blocks on several threads: records with quoted
line breaks and commas across block boundaries, a record longer than a block, blank lines,
CRLF and a byte order mark. The JIT on one or two threads, the interpreter, blocks of 4 KiB and
64 MiB (`--block-size`), and the same applications as JSON Lines must all give the same rows;
error rows name the right lines. A few rows leave an input empty: the blocks holding them take
the JIT's general variant, the others the one that reads no presence."""
import csv
import io
import json
import os
import random
import re
import subprocess
import sys
import tempfile


def run(cmd, expect=0):
    proc = subprocess.run(cmd, capture_output=True)
    if proc.returncode != expect:
        sys.exit(f'{" ".join(cmd)} exited {proc.returncode}:\n{proc.stderr.decode(errors="replace")}')
    return proc


def typed(cell):
    """A CSV cell as the JSON value `bareme score` reads it as."""
    if cell in ('true', 'false'):
        return cell == 'true'
    if cell[:1] in ('[', '{'):
        return json.loads(cell)
    if re.fullmatch(r'[-+]?[0-9]+(\.[0-9]+)?', cell):
        return json.loads(cell.lstrip('+'))  # exact: checked below against the CSV results
    return cell


def main():
    bareme, scheme = sys.argv[1], sys.argv[2]
    rng = random.Random(5)
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        plain = os.path.join(tmp, 'plain.csv')
        run([bareme, 'simulate', scheme, '--count', '12000', '--seed', '3', '--write', plain])
        with open(plain, newline='', encoding='utf-8') as f:
            table = list(csv.reader(f))
        header, rows = table[0], table[1:]
        siren, points = header.index('siren'), header.index('charging_points')
        # Texts with line breaks, commas and quotes; one list long enough to span blocks.
        for r in rng.sample(range(len(rows)), 400):
            rows[r][siren] = f'{rows[r][siren]}\n"b, {r}"\r\nc'
        big = rng.randrange(len(rows))
        rows[big][points] = json.dumps(json.loads(rows[big][points]) * 20000)
        # A list cell that is not JSON after cells already read: the row is taken back from the
        # columns and worded by the general reader; the rows after it keep their own values.
        broken_rows = {n + 1 for n in range(5, len(rows), 1009) if n != big}
        # An input left empty in a few rows: their blocks must not run the JIT's variant for
        # blocks that give every input (it reads no presence), the other blocks do.
        quote = header.index('quote_ht')
        for r in rng.sample(range(len(rows)), 30):
            rows[r][quote] = ''
        for n in broken_rows:
            rows[n - 1][points] = '[1, 2'
        out = io.StringIO()
        writer = csv.writer(out, lineterminator='\r\n')
        writer.writerow(header)
        line = 2
        lines_of_row = []
        bad_rows = set()
        for n, row in enumerate(rows):
            if n % 997 == 0:
                out.write('\r\n')  # a blank line is no row
                line += 1
            text = io.StringIO()
            csv.writer(text, lineterminator='\r\n').writerow(row)
            text = text.getvalue()
            if n % 1499 == 7:  # a stray quote inside an unquoted field
                text = 'x"y' + text[text.index(','):]
                bad_rows.add(n + 1)
            lines_of_row.append(line)
            out.write(text)
            line += text.count('\n')
        data = os.path.join(tmp, 'apps.csv')
        with open(data, 'wb') as f:
            f.write(b'\xef\xbb\xbf' + out.getvalue().encode('utf-8'))
        if os.path.getsize(data) < 3 << 20:
            failures.append(f'the input is only {os.path.getsize(data)} bytes: it must span several blocks')

        results = {}
        for name, extra in [('jit 2 threads', ['--threads', '2']), ('jit 1 thread', ['--threads', '1']),
                            ('interpreter', ['--engine', 'interp']),
                            ('jit 4K blocks', ['--threads', '2', '--block-size', '4K']),
                            ('jit 64M blocks', ['--block-size', '64M'])]:
            target = os.path.join(tmp, name.replace(' ', '_') + '.csv')
            run([bareme, 'score', scheme, '--input', data, '--output', target, '--quiet'] + extra)
            results[name] = open(target, 'rb').read()
        for name, output in results.items():
            if output != results['jit 2 threads']:
                failures.append(f'{name} differs from the JIT on 2 threads')

        scored = list(csv.DictReader(io.StringIO(results['jit 2 threads'].decode('utf-8'))))
        if [int(r['row']) for r in scored] != list(range(1, len(rows) + 1)):
            failures.append(f'{len(scored)} rows written for {len(rows)} input rows, or out of order')
        for r in scored:
            n = int(r['row'])
            if n in bad_rows:
                want = f'line {lines_of_row[n - 1]}: a quote inside an unquoted field'
                if r['error'] != want:
                    failures.append(f'row {n}: error {r["error"]!r}, expected {want!r}')
            elif n in broken_rows:
                if not r['error'].startswith('charging_points: malformed JSON: '):
                    failures.append(f'row {n}: error {r["error"]!r}, expected a malformed list')
            elif r['error'] and not r['eligible'] == '':
                failures.append(f'row {n}: unexpected error {r["error"]!r}')
            elif r['eligible'] == '' and r['error'].startswith('line'):
                failures.append(f'row {n}: unexpected input error {r["error"]!r}')

        # The same applications as JSON Lines score to the same results.
        jsonl = os.path.join(tmp, 'apps.jsonl')
        with open(jsonl, 'w', encoding='utf-8') as f:
            for n, row in enumerate(rows):
                if n + 1 in bad_rows:
                    f.write('{"not": "an application"\n')
                    continue
                if n + 1 in broken_rows:  # its first member again, after every other one read
                    members = {k: v for k, v in zip(header, row) if v != '' and k != header[points]}
                    text = json.dumps({k: typed(v) for k, v in members.items()})
                    first = next(iter(members))
                    f.write(text[:-1] + f', {json.dumps(first)}: {json.dumps(typed(members[first]))}}}\n')
                    continue
                f.write(json.dumps({k: typed(v) for k, v in zip(header, row) if v != ''}, ensure_ascii=n % 2 == 0) + '\n')
        target = os.path.join(tmp, 'from_jsonl.csv')
        run([bareme, 'score', scheme, '--input', jsonl, '--output', target, '--quiet'])
        from_jsonl = list(csv.DictReader(open(target, newline='', encoding='utf-8')))
        small_blocks = os.path.join(tmp, 'from_jsonl_4k.csv')
        run([bareme, 'score', scheme, '--input', jsonl, '--output', small_blocks, '--quiet',
             '--block-size', '4096'])
        if open(small_blocks, 'rb').read() != open(target, 'rb').read():
            failures.append('JSON Lines in 4 KiB blocks: not the rows of 1 MiB blocks')
        # A list cell that is not JSON is said so, with the reason (not "found a string").
        broken = os.path.join(tmp, 'broken_lists.csv')
        with open(broken, 'w', newline='', encoding='utf-8') as f:
            w = csv.writer(f)
            w.writerow(header)
            for cell in ['[{"borne": 1, "current": "ac"', '[1, 2', '{"a": }']:
                row = list(rows[0])
                row[points] = cell
                w.writerow(row)
        target = os.path.join(tmp, 'broken_lists_out.csv')
        run([bareme, 'score', scheme, '--input', broken, '--output', target, '--quiet'], expect=0)
        for r in csv.DictReader(open(target, newline='', encoding='utf-8')):
            if not r['error'].startswith('charging_points: malformed JSON: '):
                failures.append(f'a list cell that is not JSON, row {r["row"]}: {r["error"]!r}')
        # A block size out of range or unreadable: said, exit 2, nothing scored.
        for bad in ['1K', '2G', '12X', 'K', '-4M', '99999999999']:
            proc = run([bareme, 'score', scheme, '--input', jsonl, '--quiet', '--block-size', bad], expect=2)
            if b'--block-size' not in proc.stderr:
                failures.append(f'--block-size {bad}: {proc.stderr!r}')
        for a, b in zip(scored, from_jsonl):
            if int(a['row']) in bad_rows | broken_rows:
                if not b['error']:
                    failures.append(f'JSON Lines row {a["row"]}: the malformed line scored')
            elif a != b:
                failures.append(f'JSON Lines row {a["row"]}: {dict(b)} instead of {dict(a)}')
        if len(from_jsonl) != len(scored):
            failures.append(f'JSON Lines: {len(from_jsonl)} rows instead of {len(scored)}')

    for f in failures[:20]:
        print('FAIL:', f)
    print(f'{len(rows)} rows compared over 3 engines and 2 formats: {len(failures)} failed')
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()
