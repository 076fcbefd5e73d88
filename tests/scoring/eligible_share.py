#!/usr/bin/env python3
"""`bareme simulate` reaches the amount rules: on every seed scheme, a good share of the
simulated applications is eligible (the IDF retrofit aid's 21 conditions once made every
random application ineligible), and not all of them (refusals are exercised too)."""
import re
import subprocess
import sys


def main():
    bareme, schemes = sys.argv[1], sys.argv[2:]
    failed = 0
    for scheme in schemes:
        out = subprocess.run([bareme, 'simulate', scheme, '--count', '20000', '--seed', '3'],
                             capture_output=True, text=True, check=True).stdout
        shares = [float(m) for m in re.findall(r'eligible: \d+ \(([\d.]+) %', out)]
        ok = bool(shares) and all(10 <= s <= 95 for s in shares)
        failed += not ok
        print(f'{"ok  " if ok else "FAIL"} {scheme}: eligible shares {shares} (expected between 10 % and 95 %)')
    print(f'{len(schemes) - failed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
