#!/usr/bin/env python3
"""`bareme fmt` over every .bareme file of the repository that parses, on copies: the layout says
what the file says (fmt itself compares the ASTs, spans aside, and the tokens and comments, and
refuses with FormatChangedMeaning if they differ), and formatting twice gives what formatting once
gives (`fmt --check` on the formatted copies finds nothing to change).

    round_trip.py BAREME ROOT
"""
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

FOLDERS = ["tests", "schemes", "stdlib", "examples", "bench"]


def main():
    bareme, root = sys.argv[1], pathlib.Path(sys.argv[2]).resolve()
    files = sorted(f for d in FOLDERS for f in (root / d).rglob("*.bareme"))
    with tempfile.TemporaryDirectory() as scratch:
        copies = []
        for f in files:
            copy = pathlib.Path(scratch) / f.relative_to(root)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, copy)
            copies.append(copy)
        once = subprocess.run([bareme, "fmt", "--color", "never", scratch], capture_output=True, timeout=1200)
        err = once.stderr.decode("utf-8", errors="replace")
        # Files that do not parse (tests of syntax errors) are refused: their diagnostics name them.
        refused = set(re.findall(r"^(/\S+?\.bareme):\d+:\d+: error\[", err, re.M))
        refused |= set(re.findall(r"^bareme fmt: cannot read `([^`]+)`", err, re.M))
        failures = [line for line in err.splitlines() if "FormatChangedMeaning" in line]
        twice = subprocess.run([bareme, "fmt", "--check", "--color", "never", scratch], capture_output=True,
                               timeout=1200)
        changed_again = [line for line in twice.stdout.decode("utf-8", errors="replace").splitlines()
                         if line.endswith(" is not formatted")]
        failures += [f"formatting again changes {line.split(' is not')[0]}" for line in changed_again]
        formatted = len(copies) - len(refused)
    for failure in failures:
        print(failure.replace(scratch, "<copy>"))
    print(f"{formatted} files formatted, then unchanged by formatting again; {len(refused)} refused (they "
          f"do not parse); {len(failures)} failures")
    # Most of the repository's files parse: far fewer means fmt refuses what it should format.
    if formatted < 500:
        print("too few files formatted: fmt refuses files that parse")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
