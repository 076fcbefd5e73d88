#!/usr/bin/env python3
"""Every ```bareme block of the language documents is a whole file that `bareme check` accepts,
or, when a ```text block follows it (nothing but blank lines between), rejects with exactly the
diagnostics that block shows (source excerpts left out, as the docs do); a text block that
starts with `$ ` is a command's transcript: for `$ bareme check FILE`, the diagnostics for FILE;
for another command, nothing about the check. The file is checked as `example.bareme` in a folder inside the
repository, so that imports such as "stdlib/fr/regions.bareme" or "examples/…" resolve.
A block preceded by the line `<!-- doc-test: skip -->` is a fragment, not a file. A block whose
first line is the first line (a comment) of a file of examples/ must be that file, word for word.

    language_examples.py [--update] BAREME ROOT [DOC...]   (default: docs/language.md, semantics.md,
                                                           tutorial.md; --update rewrites text blocks)
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys

FENCE = re.compile(r"^```(\w*)\s*$")


def blocks(text):
    """(language, body, line, skip, expected) for each fenced block with its following text block."""
    lines = text.splitlines()
    found, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        lang, start = m.group(1), i
        j = i + 1
        while j < len(lines) and not lines[j].startswith("```"):
            j += 1
        body = "\n".join(lines[start + 1:j]) + "\n"
        skip = start > 0 and lines[start - 1].strip() == "<!-- doc-test: skip -->"
        found.append([lang, body, start + 1, skip, j])
        i = j + 1
    # A text block right after a bareme block holds its diagnostics.
    out = []
    for k, (lang, body, line, skip, end) in enumerate(found):
        if lang != "bareme":
            continue
        expected = None
        if k + 1 < len(found) and found[k + 1][0] == "text":
            between = "\n".join(lines[end + 1:found[k + 1][2] - 1])
            # A text block that starts with `$ ` is a transcript of a command: of `bareme check FILE`,
            # its diagnostics (for FILE), even after some prose; of any other command, nothing.
            shown = found[k + 1][1]
            check = re.match(r"\$ \S*bareme check (\S+)\n", shown)
            if check:
                expected = shown[check.end():].replace(check.group(1), "example.bareme")
            elif between.strip() == "" and not shown.startswith("$ "):
                expected = shown
        out.append((body, line, skip, expected, (found[k + 1][2], found[k + 1][4]) if expected is not None else None))
    return out


def condensed(text):
    """The diagnostics without their source excerpts (`12 | …` and `   | ^~~`), as the docs show them."""
    return [line.rstrip() for line in text.strip().splitlines() if not re.match(r"^\s*\d*\s*\|", line)]


def main():
    update = "--update" in sys.argv
    sys.argv = [a for a in sys.argv if a != "--update"]
    bareme = sys.argv[1] if "/" not in sys.argv[1] else str(pathlib.Path(sys.argv[1]).resolve())
    root = pathlib.Path(sys.argv[2]).resolve()
    docs = [pathlib.Path(p).resolve() for p in sys.argv[3:]] or [
        root / "docs" / name for name in ("language.md", "semantics.md", "tutorial.md")]
    work = root / f".doc-examples-{os.getpid()}"
    work.mkdir(exist_ok=True)
    passed = failed = skipped = 0
    copies = {}
    for example in sorted((root / "examples").rglob("*.bareme")):
        first = example.read_text().splitlines()[:1]
        if first and first[0].startswith("#"):
            copies[first[0]] = example
    try:
        for doc in docs:
            text = doc.read_text()
            fixes = []
            for body, line, skip, expected, where in blocks(text):
                if skip:
                    skipped += 1
                    continue
                # A block that opens with the first line of a file of examples/ is that file: the
                # same text, so that the docs never show a version the repository does not test.
                copy = copies.get(body.splitlines()[0] if body.strip() else "")
                if copy is not None and copy.read_text() != body:
                    failed += 1
                    print(f"FAIL {doc.relative_to(root)}:{line}: differs from {copy.relative_to(root)}, which it shows")
                    continue
                (work / "example.bareme").write_text(body)
                proc = subprocess.run([bareme, "check", str(work.relative_to(root) / "example.bareme")], cwd=root,
                                      capture_output=True, text=True, env=dict(os.environ, NO_COLOR="1"), timeout=60)
                err = proc.stderr.replace(f"{work.name}/", "")
                if expected is None:
                    ok = proc.returncode == 0 and "error[" not in err
                    why = "`bareme check` rejects it"
                else:
                    ok = condensed(err) == condensed(expected)
                    why = "the diagnostics differ from the text block after it"
                if not ok and update and where:
                    fixes.append((where, condensed(err)))  # (a transcript's first line is lost: review)
                    ok = True
                if ok:
                    passed += 1
                else:
                    failed += 1
                    print(f"FAIL {doc.relative_to(root)}:{line}: {why}:\n{err}")
            if fixes:
                lines = text.splitlines()
                for (first, last), new in reversed(fixes):
                    lines[first:last] = new
                doc.write_text("\n".join(lines) + "\n")
                print(f"updated {len(fixes)} text blocks of {doc.relative_to(root)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{passed} passed, {failed} failed ({skipped} fragments skipped)")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
