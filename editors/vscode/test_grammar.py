#!/usr/bin/python3
"""Checks the TextMate grammar against grammar/Bareme.g4 and on every bundled scheme (ctest editors/textmate).

With --oniguruma, the schemes are tokenized by VS Code's own engine (node, vscode-textmate and
vscode-oniguruma from `npm ci` in this folder; exit 77 without them), which must agree with tmlite.py."""
import bisect
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate_grammar as gen  # noqa: E402
from tmlite import Grammar  # noqa: E402

ROOT = HERE.parent.parent
KEYWORD_SCOPES = ("keyword.", "constant.language.")
failures = []


def fail(msg):
    failures.append(msg)


def has(scopes, prefixes):
    return any(s.startswith(prefixes) for s in scopes)


def regexes(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("match", "begin", "end") and isinstance(value, str):
                yield value
            else:
                yield from regexes(value)
    elif isinstance(node, list):
        for item in node:
            yield from regexes(item)


def check_static(data):
    if gen.OUT.read_text(encoding="utf-8") != gen.render():
        fail(f"{gen.OUT.name} differs from generate_grammar.py's output (drift): run the generator")
    for regex in regexes(data):
        try:
            re.compile(regex)
        except re.error as e:
            fail(f"regex {regex!r} does not compile: {e}")
    words = gen.grammar_literals()[0]
    for kw in list(gen.DECLARES) + [w for ws in gen.ROLES.values() for w in ws]:
        if kw not in words:
            fail(f"generate_grammar.py lists {kw!r}, which Bareme.g4 no longer has")
    if len(words) < 50:
        fail(f"only {len(words)} keywords read from Bareme.g4: the reader is broken")
    grammar = Grammar(data)
    for kw in words:
        scopes = grammar.tokenize(kw)[0]
        if not all(has(s, KEYWORD_SCOPES) for s in scopes):
            fail(f"keyword {kw!r} of Bareme.g4 gets {scopes[0]}, not a keyword scope")


# The reference lexer: the lexical rules of Bareme.g4 (STRING, COMMENT, names).
LEX = re.compile(r'(?P<string>"(?:[^"\\\r\n]|\\.)*"?)|(?P<comment>#[^\n]*)|(?P<word>[^\W\d]\w*)|(?P<other>.)')


def check_file(lines, path, words):
    text = path.read_text(encoding="utf-8")
    offsets = [0]
    for line in text.split("\n"):
        offsets.append(offsets[-1] + len(line) + 1)
    seen = 0
    for m in LEX.finditer(text):
        line = bisect.bisect_right(offsets, m.start()) - 1
        col = m.start() - offsets[line]
        span = [lines[line][c] for c in range(col, col + len(m.group()))]
        where = f"{path.relative_to(ROOT)}:{line + 1}:{col + 1}"
        before = text[offsets[line]:m.start()]
        if m.lastgroup == "comment" and not all(has(s, ("comment.",)) for s in span):
            fail(f"{where}: comment not scoped as a comment: {span[0]}")
        elif m.lastgroup == "string" and not all(has(s, ("string.",)) for s in span):
            fail(f"{where}: string {m.group()[:30]!r} not scoped as a string: {span[0]}")
        elif m.lastgroup == "word" and m.group() in words:
            declared_name = re.search(r"(?<![.\w])(" + "|".join(gen.DECLARES) + r")\s+$", before)
            if before.endswith(".") or declared_name:
                continue  # a field, a namespace member or a declared name
            seen += 1
            if not all(has(s, KEYWORD_SCOPES) for s in span):
                fail(f"{where}: keyword {m.group()!r} gets {span[0]}")
    return seen


def oniguruma_tokens(files):
    """{file: scopes per line and character} from tokenize_oniguruma.js, or None without node_modules."""
    if not shutil.which("node") or not (HERE / "node_modules" / "vscode-textmate").is_dir():
        return None
    run = subprocess.run(["node", str(HERE / "tokenize_oniguruma.js"), str(gen.OUT)] + [str(f) for f in files],
                         capture_output=True, text=True, check=True)
    return {Path(k): v for k, v in json.loads(run.stdout).items()}


def check_agreement(lite, real, path):
    for n, (a, b) in enumerate(zip(lite, real)):
        if len(a) != len(b) or any(x != (y or []) for x, y in zip(a, b)):
            col = next((c for c, (x, y) in enumerate(zip(a, b)) if x != (y or [])), min(len(a), len(b)))
            fail(f"{path.relative_to(ROOT)}:{n + 1}:{col + 1}: tmlite.py and vscode-textmate disagree")
            return


def main():
    data = json.loads(gen.OUT.read_text(encoding="utf-8"))
    check_static(data)
    grammar = Grammar(data)
    words = set(gen.grammar_literals()[0])
    files = sorted((ROOT / "schemes").rglob("*.bareme")) + sorted((ROOT / "stdlib").rglob("*.bareme"))
    tokens = {f: grammar.tokenize(f.read_text(encoding="utf-8")) for f in files}
    if "--oniguruma" in sys.argv[1:]:
        real = oniguruma_tokens(files)
        if real is None:
            print(f"skipped: node or {HERE}/node_modules is missing (scripts/setup runs npm ci there)")
            return 77
        for f in files:
            check_agreement(tokens[f], real[f], f)
        tokens = real
    keywords = sum(check_file(tokens[f], f, words) for f in files)
    if len(files) < 10 or keywords < 1000:
        fail(f"only {len(files)} files, {keywords} keywords checked: the scheme folders moved?")
    for msg in failures[:50]:
        print("FAIL", msg)
    print(f"{len(files)} files, {keywords} keywords checked, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
