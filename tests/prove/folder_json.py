#!/usr/bin/env python3
"""`bareme prove DIR --json` prints one JSON array for the folder: every verdict of every scheme
file, each naming its file (once one array per file, which no JSON reader takes whole)."""
import collections
import json
import os
import subprocess
import sys


def main():
    bareme, folder = sys.argv[1], sys.argv[2]
    proc = subprocess.run([bareme, 'prove', folder, '--json'], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f'bareme prove {folder} --json exited {proc.returncode}: {proc.stderr}')
    verdicts = json.loads(proc.stdout)  # one document
    by_file = collections.Counter(os.path.basename(v['file']) for v in verdicts)
    expected = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith('.bareme'):
            with open(os.path.join(folder, name), encoding='utf-8') as f:
                count = sum(1 for line in f if line.startswith('property '))
            if count:
                expected[name] = count
    if dict(by_file) != expected:
        sys.exit(f'verdicts per file {dict(by_file)}, expected the properties declared {expected}')
    if any(v['verdict'] != 'proved' for v in verdicts):
        sys.exit(f'not every seed property is proved: {verdicts}')
    print(f'{len(verdicts)} verdicts from {len(by_file)} files in one array')


if __name__ == '__main__':
    main()
