#!/usr/bin/python3
"""Mutants of the seed schemes for the prover's cross-check (issue #24): each changes one thing in
a scheme's rules (a number, a comparison, `and`/`or`, `min`/`max`, a dropped condition), chosen
deterministically from a seed; the properties and tests are left as they are."""
import random
import re

# Lines that are not rules: declarations whose text holds no definition worth mutating.
SKIP = re.compile(r"^\s*(#|input |assume |enum |record |import |scheme |source |authority |as of |output )")
NUMBER = re.compile(r"(?<![\w.\-])(\d{1,3}(?: \d{3})+|\d+)(\.\d+)?(?=\s*(€|%|\b))(?!-)")
COMPARE = re.compile(r"<=|>=|==|!=|(?<![<>=!\-])<(?![=<])|(?<![<>=\-])>(?![=>])")
FLIP = {"<=": "<", "<": "<=", ">=": ">", ">": ">=", "==": "!=", "!=": "=="}
WORDS = re.compile(r"\b(and|or|min|max)\b")
SWAP = {"and": "or", "or": "and", "min": "max", "max": "min"}
CONDITION = re.compile(r"^(\s+\w+:\s+)(\S.*?)(\s+§.*)$")


def code_part(line):
    """The end of the code on a line: before its citation or a comment."""
    end = len(line)
    for mark in ("§", "#"):
        k = line.find(mark)
        if k >= 0:
            end = min(end, k)
    return end


def outside_strings(line, start):
    return line[:start].count('"') % 2 == 0


def sites(text):
    """Every mutation the rules of `text` allow: (line index, start, end, replacement, what)."""
    lines = text.split("\n")
    out = []
    in_conditions = False
    for i, line in enumerate(lines):
        if re.match(r"^(property|test) ", line):
            break  # properties and tests come after the rules
        if line.startswith("eligible when"):
            in_conditions = True
            continue
        if line and not line[0].isspace():
            in_conditions = False
        if SKIP.match(line):
            continue
        end = code_part(line)
        for m in NUMBER.finditer(line[:end]):
            if not outside_strings(line, m.start()):
                continue
            whole = int(m.group(1).replace(" ", ""))
            frac = m.group(2) or ""
            for new, what in ((whole * 2, "doubled"), (whole // 2, "halved"), (whole + 1, "plus one")):
                if new != whole:
                    out.append((i, m.start(), m.end(), f"{new}{frac}", f"number {m.group(0)} {what}"))
        for m in COMPARE.finditer(line[:end]):
            if outside_strings(line, m.start()):
                out.append((i, m.start(), m.end(), FLIP[m.group(0)], f"`{m.group(0)}` → `{FLIP[m.group(0)]}`"))
        for m in WORDS.finditer(line[:end]):
            if outside_strings(line, m.start()) and (m.group(0) in ("and", "or") or line[m.end():m.end() + 1] == "("):
                out.append((i, m.start(), m.end(), SWAP[m.group(0)], f"`{m.group(0)}` → `{SWAP[m.group(0)]}`"))
        c = CONDITION.match(line) if in_conditions else None
        if c and '"' not in c.group(2) and c.group(2).strip() != "true":
            out.append((i, c.start(2), c.end(2), "true", f"condition `{c.group(1).strip()[:-1]}` dropped"))
    return lines, out


def mutants(text, seed, count):
    """`count` distinct mutants of `text` (fewer when it has fewer sites): (what, line, new text)."""
    lines, found = sites(text)
    rng = random.Random(seed)
    rng.shuffle(found)
    result = []
    for i, start, end, new, what in found[:count]:
        changed = list(lines)
        changed[i] = changed[i][:start] + new + changed[i][end:]
        result.append((what, i + 1, "\n".join(changed)))
    return result
