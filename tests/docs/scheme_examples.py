#!/usr/bin/env python3
"""Each docs/schemes/<scheme>.md shows an example application (<scheme>.example.json) and the
result `bareme eval` gives for it: that result must be what bareme eval prints today."""
import pathlib
import subprocess
import sys


def main():
    bareme, root = sys.argv[1], pathlib.Path(sys.argv[2])
    passed = failed = 0
    for example in sorted((root / 'docs' / 'schemes').glob('*.example.json')):
        scheme_name = example.name[:-len('.example.json')]
        scheme = root / 'schemes' / f'{scheme_name}.bareme'
        page = (root / 'docs' / 'schemes' / f'{scheme_name}.md').read_text()
        proc = subprocess.run([bareme, 'eval', str(scheme), '--input', str(example)], capture_output=True, text=True)
        if proc.returncode == 0 and proc.stdout.strip() in page:
            passed += 1
        else:
            failed += 1
            print(f'FAIL {scheme_name}: the documented result differs from bareme eval (exit {proc.returncode}):')
            print(proc.stdout[:3000], proc.stderr[:2000])
    print(f'{passed} passed, {failed} failed')
    return 1 if failed or not passed else 0


if __name__ == '__main__':
    sys.exit(main())
