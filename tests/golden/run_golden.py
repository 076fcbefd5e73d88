#!/usr/bin/env python3
"""Golden tests: runs `bareme` on scheme files and compares with their `.expected` files.

A test is a `.bareme` file. Its command is `check --dump=ir` (or `check` when the name starts
with `fail_`), unless a line `# ARGS: ...` in the file's first lines says otherwise. The file
runs from its own folder under its bare name, so paths in the output are stable. The
`.expected` file beside it holds the exit status, stdout and stderr; a `.stdin` file beside it
is fed as standard input. A file whose first lines
hold `# GOLDEN: skip` is a helper imported by other tests.

    run_golden.py --bareme BIN FILE_OR_DIR...         run, print a diff for each failure
    run_golden.py --bareme BIN --update FILE_OR_DIR   rewrite the expectations for review
    run_golden.py --ids diag/ids.def DIR...           every diagnostic id appears in some test
"""
import argparse
import difflib
import os
import pathlib
import re
import shlex
import subprocess
import sys


def directives(path):
    head = path.read_bytes()[:2000].decode("utf-8", errors="replace").splitlines()[:5]
    args, skip = None, False
    for line in head:
        m = re.match(r"\s*#\s*ARGS:\s*(.*)$", line)
        if m:
            args = shlex.split(m.group(1))
        if re.match(r"\s*#\s*GOLDEN:\s*skip", line):
            skip = True
    return args, skip


def collect(paths):
    files = []
    for p in map(pathlib.Path, paths):
        files.extend(sorted(p.rglob("*.bareme")) if p.is_dir() else [p])
    return files


def run_one(bareme, path):
    args, _ = directives(path)
    if args is None:
        args = ["check"] if path.name.startswith("fail_") else ["check", "--dump=ir"]
    args = [a if a != "{file}" else path.name for a in args]
    if path.name not in args:
        args.append(path.name)
    env = dict(os.environ, NO_COLOR="1")
    # A `.stdin` file beside the test is its standard input (REPL scripts).
    stdin_path = path.with_suffix(".stdin")
    stdin = stdin_path.read_bytes() if stdin_path.exists() else b""
    proc = subprocess.run([bareme] + args, cwd=path.parent, capture_output=True, env=env, timeout=120, input=stdin)
    out = proc.stdout.decode("utf-8", errors="replace")
    err = proc.stderr.decode("utf-8", errors="replace")
    # Files outside the test's folder (the repository's examples, stdlib) are shown from the root.
    root = str(pathlib.Path(__file__).resolve().parents[2]) + "/"
    out, err = out.replace(root, "<root>/"), err.replace(root, "<root>/")
    return f"exit: {proc.returncode}\n--- stdout\n{out}--- stderr\n{err}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bareme", help="the bareme executable")
    ap.add_argument("--update", action="store_true", help="rewrite .expected files")
    ap.add_argument("--ids", help="check that every id of this registry appears in an expectation")
    ap.add_argument("paths", nargs="+")
    opts = ap.parse_args()

    if opts.ids:
        ids = re.findall(r"^DIAG\((\w+),", pathlib.Path(opts.ids).read_text(), re.M)
        seen = "".join(p.read_text() for p in pathlib.Path(opts.paths[0]).rglob("*.expected"))
        missing = [i for i in ids if f"[{i}]" not in seen]
        for i in missing:
            print(f"no golden test shows diagnostic [{i}]")
        print(f"{len(ids) - len(missing)} passed, {len(missing)} failed")
        return 1 if missing else 0

    passed = failed = 0
    for path in collect(opts.paths):
        if directives(path)[1]:
            continue
        actual = run_one(os.path.abspath(opts.bareme), path)
        expected_path = path.with_suffix(".expected")
        if opts.update:
            expected_path.write_text(actual)
            print(f"updated {expected_path}")
            continue
        expected = expected_path.read_text() if expected_path.exists() else "<no .expected file>\n"
        if actual == expected:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {path}")
            sys.stdout.writelines(difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True), "expected", "actual"))
    if not opts.update:
        print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
