#!/usr/bin/env python3
"""Checks that schemes/aides_velo is exactly what tools/aides_velo/generate.py writes from the
pinned @betagouv/aides-velo (so no hand edit drifts from the model). Exit 77: npm packages absent."""
import filecmp
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
NPM = os.path.join(ROOT, "tests", "aides_velo")


def differences(a, b):
    out = []
    cmp = filecmp.dircmp(a, b)
    out += [f"only in the committed catalogue: {os.path.join(a, n)}" for n in cmp.left_only]
    out += [f"not committed: {n}" for n in cmp.right_only]
    out += [f"differs: {os.path.join(a, n)}" for n in cmp.diff_files]
    for sub in cmp.common_dirs:
        out += differences(os.path.join(a, sub), os.path.join(b, sub))
    return out


def main():
    if not os.path.isdir(os.path.join(NPM, "node_modules", "@betagouv", "aides-velo")):
        print(f"skipped: {NPM}/node_modules is missing (scripts/setup installs it)")
        return 77
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), "--npm", NPM,
                        "--out", out], check=True)
        found = differences(os.path.join(ROOT, "schemes", "aides_velo"), out)
    for line in found:
        print(line)
    if found:
        print("regenerate with: python3 tools/aides_velo/generate.py")
        return 1
    print("schemes/aides_velo is the generator's output")
    return 0


if __name__ == "__main__":
    sys.exit(main())
