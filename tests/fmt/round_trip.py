#!/usr/bin/env python3
"""`bareme fmt` over every .bareme file of the repository that parses: the layout says what the
file says (fmt itself checks the AST, spans aside, and the tokens and comments, and refuses with
FormatChangedMeaning if not), and formatting twice gives what formatting once gives.

    round_trip.py BAREME ROOT
"""
import concurrent.futures
import pathlib
import subprocess
import sys

FOLDERS = ["tests", "schemes", "stdlib", "examples", "bench"]


def fmt(bareme, path=None, stdin=None):
    args = [bareme, "fmt", "--stdout", str(path) if path else "-"]
    proc = subprocess.run(args, input=stdin, capture_output=True, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr.decode("utf-8", errors="replace")


def round_trip(bareme, path):
    """"formatted", "refused" (the file does not parse), or what went wrong."""
    code, once, err = fmt(bareme, path)
    if "FormatChangedMeaning" in err or code not in (0, 2):
        return f"{path}: exit {code}\n{err}"
    if code == 2:  # a test of syntax errors: fmt refuses it
        return "refused"
    code, twice, err = fmt(bareme, stdin=once)
    if code != 0 or twice != once:
        return f"{path}: formatting the formatted text changes it again (exit {code})\n{err}"
    return "formatted"


def main():
    bareme, root = sys.argv[1], pathlib.Path(sys.argv[2])
    files = sorted(f for d in FOLDERS for f in (root / d).rglob("*.bareme") if "build" not in f.parts)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(lambda path: round_trip(bareme, path), files))
    formatted = outcomes.count("formatted")
    refused = outcomes.count("refused")
    failures = [o for o in outcomes if o not in ("formatted", "refused")]
    for failure in failures:
        print(failure)
    print(f"{formatted} files formatted twice to the same text, {refused} refused (they do not parse), "
          f"{len(failures)} failed")
    # Most of the repository's files parse: far fewer means fmt refuses what it should format.
    if formatted < 500:
        print("too few files formatted: fmt refuses files that parse")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
