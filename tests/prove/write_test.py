#!/usr/bin/env python3
"""`bareme prove --write-test`: on a broken copy of a seed scheme, the counterexample appended as a
`test` block makes `bareme test` fail on that test; with the scheme fixed, the same test passes.
Usage: write_test.py BAREME REPO_ROOT"""
import pathlib
import shutil
import subprocess
import sys
import tempfile

# A broken copy of tests/prove, its seed scheme in schemes/, the properties it breaks.
CASES = [
    ("broken_flexitanie_advance_uncapped.bareme", "flexitanie.bareme", ["advance_within_70"]),
    ("broken_idf_retrofit_cap_removed.bareme", "idf_retrofit.bareme",
     ["public_aid_within_half_price", "light_public_aid_within_70"]),
]


def run(*args):
    return subprocess.run(args, capture_output=True, text=True, timeout=300)


def main():
    bareme, root = sys.argv[1], pathlib.Path(sys.argv[2])
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for broken, seed, properties in CASES:
            path = pathlib.Path(tmp) / broken
            shutil.copy(root / "tests" / "prove" / broken, path)
            before = path.read_text()
            args = [a for p in properties for a in ("--property", p)]
            prove = run(bareme, "prove", str(path), *args, "--write-test", "-L", str(root))
            if prove.returncode != 1 or prove.stdout.count("test block appended to") != len(properties):
                failures.append(f"{broken}: prove exited {prove.returncode}:\n{prove.stdout}{prove.stderr}")
                continue
            written = path.read_text()[len(before):]
            test = run(bareme, "test", str(path), "-L", str(root))
            for p in properties:
                if f'test "prove: counterexample to {p}" FAILED' not in test.stdout:
                    failures.append(f"{broken}: the test written for {p} did not fail:\n{test.stdout}")
            # The scheme fixed (the seed scheme's text) with the written tests: every test passes.
            fixed = pathlib.Path(tmp) / seed
            fixed.write_text((root / "schemes" / seed).read_text() + written)
            test = run(bareme, "test", str(fixed), "-L", str(root))
            if test.returncode != 0 or not test.stdout.rstrip().endswith(" 0 failed"):
                failures.append(f"{seed} fixed: the written tests do not pass:\n{test.stdout}")
    for f in failures:
        print(f)
    print("write-test:", "FAILED" if failures else "ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
