#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets from the bundled files: scheme files for `scheme`,
example and test applications for `json`, test CSV and JSON Lines files plus small ADVENIR
populations written by `bareme simulate` for `csv` and `jsonl`, REPL scripts for `repl`.
usage: make_seeds.py BAREME OUT_DIR   (run from the source tree's root)"""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile


def main():
    bareme, out = sys.argv[1], pathlib.Path(sys.argv[2])
    root = pathlib.Path('.')
    shutil.rmtree(out, ignore_errors=True)
    seeds = {t: [] for t in ('scheme', 'json', 'csv', 'jsonl', 'repl')}

    def files(*patterns):
        return sorted(p for pattern in patterns for p in root.glob(pattern) if p.is_file())

    for p in files('schemes/*.bareme', 'stdlib/**/*.bareme', 'tests/**/*.bareme'):
        seeds['scheme'].append(p.read_bytes())
    for p in files('docs/schemes/*.json', 'tests/**/*.json'):
        seeds['json'].append(p.read_bytes())
    for p in files('tests/**/*.csv'):
        seeds['csv'].append(p.read_bytes())
    for p in files('tests/**/*.jsonl'):
        seeds['jsonl'].append(p.read_bytes())
    for p in files('tests/**/*.stdin'):
        seeds['repl'].append(p.read_bytes())

    # ADVENIR, the scheme the reader targets read against: a few small populations.
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(4):
            for ext in ('csv', 'jsonl'):
                path = os.path.join(tmp, f'{seed}.{ext}')
                subprocess.run([bareme, 'simulate', 'schemes/advenir.bareme', '--count', '6',
                                '--seed', str(seed), '--threads', '1', '--write', path],
                               check=True, capture_output=True)
                data = pathlib.Path(path).read_bytes()
                seeds[ext].append(data)
                if ext == 'jsonl':
                    seeds['json'] += [line for line in data.splitlines() if line.strip()][:3]

    for target, items in seeds.items():
        folder = out / target
        folder.mkdir(parents=True, exist_ok=True)
        for n, data in enumerate(items):
            (folder / f'seed-{n:03}').write_bytes(data)
    print('seeds: ' + ', '.join(f'{t} {len(items)}' for t, items in seeds.items()))


if __name__ == '__main__':
    main()
