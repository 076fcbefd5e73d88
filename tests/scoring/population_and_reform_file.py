#!/usr/bin/env python3
"""`bareme simulate --population` draws the inputs it names from the given distributions, and
`--reform other.bareme` scores another scheme file beside the baseline, its inputs matched by
name. Expectations are computed here from the written population, not taken from bareme."""
import csv
import json
import os
import re
import subprocess
import sys
import tempfile

POPULATION = {"inputs": {
    "beneficiary": {"categorical": {"company": 3, "association": 1}},
    "site_region": {"value": "occitanie"},
    "v2g_stations": {"uniform": [0, 4]},
    "v1g_stations": {"ranges": [[0, 0, 1], [5, 7, 1]]},
    "filed_on": {"uniform": ["2023-01-01", "2023-01-31"]},
    "works_start": {"value": "2023-02-01"},
}}


def run(cmd):
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f'{" ".join(cmd)} exited {proc.returncode}:\n{proc.stderr}')
    return proc.stdout


def cents(text):
    whole, frac = re.sub(r'[ \u202f]', '', text).split('.')
    return int(whole) * 100 + int(frac)


def main():
    bareme, scheme = sys.argv[1], sys.argv[2]
    checks = []
    with tempfile.TemporaryDirectory() as tmp:
        pop, apps = os.path.join(tmp, 'pop.json'), os.path.join(tmp, 'apps.csv')
        json.dump(POPULATION, open(pop, 'w'))
        out = run([bareme, 'simulate', scheme, '--count', '20000', '--seed', '4', '--population', pop, '--write', apps])
        rows = list(csv.DictReader(open(apps, newline='', encoding='utf-8')))
        v2g = [int(r['v2g_stations']) for r in rows]
        v1g = [int(r['v1g_stations']) for r in rows]
        companies = sum(r['beneficiary'] == 'company' for r in rows)
        checks += [
            ('20 000 applications written', len(rows) == 20000),
            ('constants are constant', all(r['site_region'] == 'occitanie' and r['works_start'] == '2023-02-01' for r in rows)),
            ('uniform stays in its range and reaches both ends', set(v2g) == {0, 1, 2, 3, 4}),
            ('ranges stay in their ranges', set(v1g) == {0, 5, 6, 7}),
            ('ranges are weighted', 9000 < sum(v == 0 for v in v1g) < 11000),
            ('categorical weights 3:1', 14500 < companies < 15500),
            ('dates stay in their range', all('2023-01-01' <= r['filed_on'] <= '2023-01-31' for r in rows)),
        ]
        # Every application is eligible unless it has no station; the amount is 3 000 € per V2G
        # station and 1 500 € per V1G station.
        eligible = [(a, b) for a, b in zip(v2g, v1g) if a + b > 0]
        total = sum(300000 * a + 150000 * b for a, b in eligible)
        m = re.search(r'eligible: (\d+)', out)
        t = re.search(r'total amount: ([\d \u202f]+\.\d\d) €', out)
        checks += [
            ('the eligible count is hand-checked', m and int(m.group(1)) == len(eligible)),
            ('the total amount is hand-checked', t and cents(t.group(1)) == total),
        ]

        # A reform file: V2G grant 3 500 €, enum cases reordered, one new input with a default.
        source = open(scheme, encoding='utf-8').read()
        reform = source.replace('v2g_grant : Money = 3000 €', 'v2g_grant : Money = 3500 €')
        reform = reform.replace('enum Region { occitanie, île_de_france, bretagne }',
                                'enum Region { bretagne, occitanie, île_de_france }')
        reform = reform.replace('input works_start      : Date', 'input works_start      : Date\ninput bonus_stations : Int = 0')
        if reform.count('3500') != 1 or 'bonus_stations' not in reform or 'bretagne, occitanie' not in reform:
            sys.exit('the reform could not be written from the scheme: update this test')
        reform_path = os.path.join(tmp, 'reform.bareme')
        open(reform_path, 'w', encoding='utf-8').write(reform)
        out = run([bareme, 'simulate', scheme, '--count', '20000', '--seed', '4', '--population', pop, '--reform', reform_path])
        d = re.search(r'\(difference ([\d \u202f]+\.\d\d) €\)', out)
        g = re.search(r'gain: (\d+), lose: (\d+), unchanged: (\d+)', out)
        gainers = sum(1 for a, b in eligible if a > 0)
        checks += [
            ('the reform file costs 500 € more per V2G station', d and cents(d.group(1)) == sum(50000 * a for a, b in eligible)),
            ('exactly the eligible with a V2G station gain', g and int(g.group(1)) == gainers and int(g.group(2)) == 0),
        ]
        # The same reform given as --set agrees.
        out_set = run([bareme, 'simulate', scheme, '--count', '20000', '--seed', '4', '--population', pop,
                       '--set', 'v2g_grant=3500'])
        checks.append(('--reform and --set agree', out_set.split('reform against baseline')[1] == out.split('reform against baseline')[1]))

    failed = [name for name, ok in checks if not ok]
    for name in failed:
        print('FAIL', name)
    print(f'{len(checks) - len(failed)} passed, {len(failed)} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
