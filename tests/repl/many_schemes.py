#!/usr/bin/env python3
"""`bareme repl --scheme NAME` on a project of 60 aids: `:scheme` lists the first 50, says how
many more there are, and still shows the current one when it is past the first 50; `amount`
reads it; a name no aid has is refused with the closest one."""
import os
import subprocess
import sys
import tempfile

COUNT = 60


def main():
    bareme = os.path.abspath(sys.argv[1])
    checks = []
    with tempfile.TemporaryDirectory() as project:
        for i in range(COUNT):
            with open(os.path.join(project, f'aid_{i:02}.bareme'), 'w') as f:
                f.write(f'scheme aid_{i:02} "Aid number {i}"\namount = {i} €\n')
        with open(os.path.join(project, 'root.bareme'), 'w') as f:
            f.write('module root "Sixty aids"\n')
            f.writelines(f'import "aid_{i:02}.bareme"\n' for i in range(COUNT))
        env = dict(os.environ, NO_COLOR='1')
        run = subprocess.run([bareme, 'repl', 'root.bareme', '--scheme', 'aid_57'], cwd=project,
                             input=':scheme\namount\n:scheme aid_6O\n', capture_output=True, text=True,
                             timeout=120, env=env)
        out = run.stdout
        checks.append(('exit 0', run.returncode == 0))
        checks.append(('the notice names the chosen aid',
                       f'{COUNT} schemes are loaded; the current one is aid_57 (' in out))
        checks.append(('the list says how many', f'{COUNT} schemes (* the current one):' in out))
        checks.append(('the first 50 are listed', all(f'    aid_{i:02}  Aid number {i}\n' in out for i in range(50))))
        checks.append(('no more than 50', '    aid_50  ' not in out and '    aid_58  ' not in out))
        checks.append(('the rest is counted', f'  … and {COUNT - 50} more\n' in out))
        checks.append(('the current one is shown past the first 50', '  * aid_57  Aid number 57\n' in out))
        checks.append(('amount reads it', '57.00 € : Money' in out))
        checks.append(('a misspelt name gets the closest one', 'no such scheme `aid_6O`; did you mean `aid_' in out))
        bad = subprocess.run([bareme, 'repl', 'root.bareme', '--scheme', 'aid_6O'], cwd=project, input='',
                             capture_output=True, text=True, timeout=120, env=env)
        checks.append(('--scheme with an unknown name exits 2', bad.returncode == 2))
        checks.append(('and says which',
                       'bareme repl: --scheme aid_6O: no such scheme in `root.bareme`; did you mean' in bad.stderr))
    failed = [name for name, ok in checks if not ok]
    for name in failed:
        print(f'FAIL {name}')
    if failed:
        print(f'--- stdout\n{out}')
    print(f'{len(checks) - len(failed)} passed, {len(failed)} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
