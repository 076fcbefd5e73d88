#!/usr/bin/python3
"""Writes syntaxes/bareme.tmLanguage.json from the literals of grammar/Bareme.g4 (--check: compare only)."""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
G4 = HERE.parent.parent / "grammar" / "Bareme.g4"
OUT = HERE / "syntaxes" / "bareme.tmLanguage.json"

# A name: a letter or `_`, then letters, digits or `_` (Unicode, as in the grammar's ID).
NAME = r"[^\W\d]\w*"
# Not glued to a `.` (a field or a namespace member) nor to a longer word.
WORD_START = r"(?<![.\w])"
# The blanks that may group thousands (`2 700 €`): space, no-break space, narrow no-break space.
GROUP = " \u00a0\u202f"

# Keywords that introduce a declaration, and the scope of the name after them.
DECLARES = {
    "scheme": "entity.name.namespace.bareme",
    "module": "entity.name.namespace.bareme",
    "level": "entity.name.namespace.bareme",
    "combine": "entity.name.namespace.bareme",
    "enum": "entity.name.type.enum.bareme",
    "record": "entity.name.type.record.bareme",
    "unit": "entity.name.type.unit.bareme",
    "input": "entity.name.function.input.bareme",
    "param": "entity.name.function.param.bareme",
    "let": "entity.name.function.let.bareme",
    "table": "entity.name.function.table.bareme",
    "aid": "entity.name.function.aid.bareme",
}
# Declarations whose type, when not capitalised, is a declared unit.
TYPED = ("input", "param", "let")
# The other keywords by role; a keyword of the grammar listed nowhere is `keyword.other`.
ROLES = {
    "keyword.declaration.bareme": ["import", "eligible", "amount", "assume", "output", "test"],
    "keyword.control.bareme": ["if", "then", "else", "when", "unless", "match", "for", "where"],
    "keyword.operator.word.bareme": ["and", "or", "not", "in", "capped"],
    "constant.language.bareme": ["true", "false", "applicable"],
}
UNIT_RULE = "unitSuffix"
CITATION_RULE = "citation"
BRACKETS = set("(){}[]")
PUNCTUATION = {",", ":", ".", "|"}


def rules(text):
    """The grammar's rules as {name: body}, comments and actions dropped."""
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"@parser::members\s*\{.*?\n\}", "", text, flags=re.S)
    found = {}
    for m in re.finditer(r"^(?:fragment\s+)?([A-Za-z_]\w*)\s*:(.*?);\s*$", text, flags=re.M | re.S):
        found[m.group(1)] = m.group(2)
    return found


def literals(body):
    return [s.encode().decode("unicode_escape") if "\\" in s else s
            for s in re.findall(r"'((?:[^'\\]|\\.)*)'", body)]


def grammar_literals(path=G4):
    """(keywords, units, citation marks, operators, punctuation) named by the parser rules."""
    words, units, marks, symbols = set(), set(), set(), set()
    parsed = rules(path.read_text(encoding="utf-8"))
    elsewhere = {lit for name, body in parsed.items() if name != UNIT_RULE for lit in literals(body)}
    for name, body in parsed.items():
        if name[0].isupper():
            continue  # lexer rules: their literals are characters, not tokens
        for lit in literals(body):
            if re.fullmatch(r"[A-Za-z_]\w*", lit):
                words.add(lit)
            elif name == UNIT_RULE and lit not in elsewhere:
                units.add(lit)
            elif name == CITATION_RULE:
                marks.add(lit)
            else:
                symbols.add(lit)
    punct = {s for s in symbols if s in BRACKETS or s in PUNCTUATION}
    return sorted(words), sorted(units), sorted(marks), sorted(symbols - punct), sorted(punct)


def esc(s):
    """A literal as a regex in the subset Oniguruma and Python's re read alike."""
    return "".join("\\" + c if c in "\\.*+?()[]{}|^$" else c for c in s)


def alternation(items):
    return "|".join(esc(i) for i in sorted(items, key=lambda s: (-len(s), s)))


def keyword_patterns(words):
    roles = {w: scope for scope, ws in ROLES.items() for w in ws}
    by_scope = {}
    for w in words:
        if w in DECLARES:
            continue
        by_scope.setdefault(roles.get(w, "keyword.other.bareme"), []).append(w)
    pats = []
    for scope in sorted(by_scope):
        pats.append({"match": WORD_START + r"\b(?:" + alternation(by_scope[scope]) + r")\b", "name": scope})
    return pats


def declaration_patterns(words):
    pats = []
    for kw in sorted(DECLARES):
        if kw not in words:
            continue  # the test reports a stale entry
        if kw in TYPED:  # a declared unit as the type: `input power : kW`
            pats.append({"match": WORD_START + r"\b(" + kw + r")\s+(" + NAME + r")\s*(:)\s*(?![A-Z])(" + NAME
                                  + r")\b(?![.<])",
                         "captures": {"1": {"name": "keyword.declaration.bareme"}, "2": {"name": DECLARES[kw]},
                                      "3": {"name": "punctuation.separator.bareme"},
                                      "4": {"name": "entity.name.type.unit.bareme"}}})
        pats.append({"match": WORD_START + r"\b(" + kw + r")\s+(" + NAME + ")",
                     "captures": {"1": {"name": "keyword.declaration.bareme"}, "2": {"name": DECLARES[kw]}}})
        pats.append({"match": WORD_START + r"\b" + kw + r"\b", "name": "keyword.declaration.bareme"})
    return pats


def grammar(path=G4):
    words, units, marks, operators, punct = grammar_literals(path)
    name_units = NAME  # a declared unit (`22 kW`) or a duration word (`30 days`)
    number = r"(?<![\w.])\d+(?:[" + GROUP + r"]\d+)*(?:\.\d+)?"
    return {
        "$schema": "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
        "name": "Barème",
        "scopeName": "source.bareme",
        "fileTypes": ["bareme"],
        "comment": "Generated by editors/vscode/generate_grammar.py from grammar/Bareme.g4: do not edit.",
        "patterns": [{"include": "#comment"}, {"include": "#citation"}, {"include": "#string"},
                     {"include": "#enum"}, {"include": "#declaration"}, {"include": "#keyword"},
                     {"include": "#date"}, {"include": "#number"}, {"include": "#type"},
                     {"include": "#call"}, {"include": "#operator"}, {"include": "#punctuation"}],
        "repository": {
            "comment": {"match": "#.*$", "name": "comment.line.number-sign.bareme"},
            "string": {"begin": '"', "end": '"|$', "name": "string.quoted.double.bareme",
                       "patterns": [{"match": r"\\.", "name": "constant.character.escape.bareme"}]},
            "citation": {"begin": "(" + alternation(marks) + r')\s*(")', "end": '"|$',
                         "beginCaptures": {"1": {"name": "keyword.other.citation.bareme"},
                                           "2": {"name": "punctuation.definition.string.begin.bareme"}},
                         "name": "string.quoted.double.citation.bareme",
                         "patterns": [{"match": r"\\.", "name": "constant.character.escape.bareme"}]},
            "enum": {"begin": WORD_START + r"\b(enum)\s+(" + NAME + r")\s*(\{)", "end": r"\}",
                     "beginCaptures": {"1": {"name": "keyword.declaration.bareme"},
                                       "2": {"name": DECLARES["enum"]},
                                       "3": {"name": "punctuation.section.block.begin.bareme"}},
                     "endCaptures": {"0": {"name": "punctuation.section.block.end.bareme"}},
                     "patterns": [{"include": "#comment"}, {"include": "#string"}, {"include": "#keyword"},
                                  {"match": NAME, "name": "variable.other.enummember.bareme"},
                                  {"include": "#punctuation"}, {"include": "#operator"}]},
            "declaration": {"patterns": declaration_patterns(words)},
            "keyword": {"patterns": keyword_patterns(words)},
            "date": {"match": r"(?<![\w.])\d{4}-\d{2}-\d{2}\b", "name": "constant.numeric.date.bareme"},
            "number": {"match": "(" + number + r")(?:\s*(" + alternation(units) + r")((?:/" + NAME + r")*)|[ \t]+(?!(?:"
                                + alternation(words) + r")\b)(" + name_units + "))?",
                       "captures": {"1": {"name": "constant.numeric.bareme"},
                                    "2": {"name": "keyword.other.unit.bareme"},
                                    "3": {"name": "keyword.other.unit.bareme"},
                                    "4": {"name": "keyword.other.unit.bareme"}}},
            "type": {"patterns": [
                {"match": r"\b(Money)((?:/" + NAME + ")+)",  # money per a period or a unit
                 "captures": {"1": {"name": "support.type.builtin.bareme"}, "2": {"name": "support.type.per.bareme"}}},
                {"match": r"\b(?:Bool|Int|Decimal|Money|Rate|Date|Duration|Text|List)\b",
                 "name": "support.type.builtin.bareme"},
                {"match": r"(?<!\w)[A-Z]\w*", "name": "entity.name.type.bareme"}]},
            "call": {"match": WORD_START + "(" + NAME + r")(?=\()", "captures": {"1": {"name": "entity.name.function.call.bareme"}}},
            "operator": {"match": alternation(operators), "name": "keyword.operator.bareme"},
            "punctuation": {"match": alternation(punct), "name": "punctuation.separator.bareme"},
        },
    }


def render(path=G4):
    return json.dumps(grammar(path), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    text = render()
    if sys.argv[1:] == ["--check"]:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{OUT} differs: run {Path(__file__).name}")
        sys.exit(0 if same else 1)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
