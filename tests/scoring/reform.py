#!/usr/bin/env python3
"""`bareme simulate --set v2g_grant=3500` against the 3 000 € baseline: the cost difference must be
500 € per V2G station of each eligible application, and exactly the eligible applications with a
V2G station gain, computed here independently from the written population and its scores."""
import csv
import os
import re
import subprocess
import sys
import tempfile


def main():
    bareme, scheme = sys.argv[1], sys.argv[2]
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        apps, out = os.path.join(tmp, 'apps.csv'), os.path.join(tmp, 'out.csv')
        sim = subprocess.run([bareme, 'simulate', scheme, '--count', '3000', '--seed', '11', '--write', apps,
                              '--set', 'v2g_grant=3500'], capture_output=True, text=True, check=True).stdout
        subprocess.run([bareme, 'score', scheme, '--input', apps, '--output', out, '--quiet'], capture_output=True, check=True)
        with open(apps, newline='') as f:
            population = list(csv.DictReader(f))
        with open(out, newline='') as f:
            scores = list(csv.DictReader(f))
        eligible = [int(a['v2g_stations']) for a, s in zip(population, scores) if s['eligible'] == 'true']
        expected_cents = sum(50000 * v for v in eligible)
        expected_gain = sum(1 for v in eligible if v > 0)
        diff = re.search(r'\(difference ([\d ]+)\.(\d\d) €\)', sim)
        gain = re.search(r'gain: (\d+), lose: (\d+)', sim)
        actual_cents = int(diff.group(1).replace(' ', '')) * 100 + int(diff.group(2)) if diff else None
        checks = [
            ('the cost difference is 500 € per V2G station of the eligible', actual_cents == expected_cents),
            ('exactly the eligible applications with a V2G station gain', gain and int(gain.group(1)) == expected_gain),
            ('nobody loses', gain and int(gain.group(2)) == 0),
        ]
        for name, ok in checks:
            passed += bool(ok)
            failed += not ok
            if not ok:
                print(f'FAIL {name}: expected {expected_cents} cents, {expected_gain} gains\n{sim}')
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
