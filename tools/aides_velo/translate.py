"""Translates Publicodes rule values (mechanisms and inline expressions) into Barème text."""
from publicodes_expr import ParseError, parse, resolve

# Types: "money", "money_year", "rate", "int", "decimal", "bool", "text", ("enum", Name).
UNIT_TYPES = {"€": "money", "€/an": "money_year", "€/mois": "money_month", "%": "rate",
              "an": "int", "ans": "int", "€/an.personne": "money_year_person", "km": "int"}


class Untranslatable(Exception):
    pass


def group(number):
    """1234567 → "1 234 567"; decimals keep their places."""
    text = repr(number) if isinstance(number, float) else str(number)
    whole, _, fraction = text.partition(".")
    digits = whole.lstrip("-")
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    out = ("-" if whole.startswith("-") else "") + " ".join(groups)
    return out + ("." + fraction if fraction and fraction != "0" else "")


def literal(value, unit):
    """A number of the model in Barème, with the type it has."""
    if unit == "€/mois":  # the model compares monthly amounts with yearly incomes
        return f"{group(round(value * 12, 2))} €/an", "money_year", f"{group(value)} €/mois × 12"
    if unit in ("€/an", "€", "%"):
        return f"{group(value)} {unit}", UNIT_TYPES[unit], None
    if unit == "€/an.personne":
        return f"{group(value)} €/an", "money_year_person", None
    if unit in ("an", "ans", "km"):
        return group(value), "int", None
    return group(value), ("decimal" if isinstance(value, float) else "int"), None


class Translator:
    """Turns one rule's value into Barème, resolving names from that rule as Publicodes does.

    `names(rule, context)` gives the Barème spelling of a referenced rule and its type."""

    def __init__(self, rules, names):
        self.rules = rules
        self.names = names
        self.notes = []  # comments the caller puts beside the translation

    # ---- inline expressions ------------------------------------------------------------
    def expr(self, source, context, want=None):
        try:
            tree = parse(source)
        except ParseError as error:
            raise Untranslatable(f"{context}: {error.reason} in {error.text!r}")
        text, kind = self.node(tree, context, want)
        return text, kind

    def node(self, tree, context, want=None):
        tag = tree[0]
        if tag == "num":
            unit = tree[2]
            if unit is None and want in ("money", "money_year", "rate"):
                unit = {"money": "€", "money_year": "€/an", "rate": "%"}[want]
                value = tree[1] * 100 if want == "rate" else tree[1]
                text, kind, note = literal(value, unit)
            else:
                text, kind, note = literal(tree[1], unit)
            if note:
                self.notes.append(note)
            return text, kind
        if tag == "str":
            return '"' + tree[1].replace("\\", "\\\\").replace('"', '\\"') + '"', "text"
        if tag == "bool":
            return ("true" if tree[1] else "false"), "bool"
        if tag == "ref":
            try:
                target = resolve(tree[1], context, self.rules)
            except ParseError as error:
                raise Untranslatable(error.reason)
            return self.names(target, context)
        if tag == "neg":
            text, kind = self.node(tree[1], context, want)
            return f"-{wrap(text)}", kind
        return self.binary(tree, context, want)

    def binary(self, tree, context, want):
        _, op, left, right = tree
        if op in ("=", "!=") and right[0] == "str":
            return self.text_or_enum(op, left, right[1], context)
        hint = want if op in ("+", "-") else None
        if op in ("<", "<=", ">", ">=", "=", "!="):
            hint = None
        a, ka = self.node(left, context, hint)
        b, kb = self.node(right, context, hint if op in ("+", "-") else None)
        if left[0] == "num" and left[2] is None and ka != kb and op not in ("*", "/"):
            a, ka = self.node(left, context, kb)
        if right[0] == "num" and right[2] is None and ka != kb and op not in ("*", "/"):
            b, kb = self.node(right, context, ka)
        if op in ("<", "<=", ">", ">=", "=", "!=") and {ka, kb} == {"money", "money_year"}:
            side = right if kb == "money" else left
            if side[0] == "num" and side[2] == "€":  # a yearly income compared with `15400 €`
                fixed = f"{group(side[1])} €/an"
                self.notes.append(f"the model compares with `{group(side[1])} €`; Publicodes "
                                  "compares the numbers, so this is per year")
                a, b = (a, fixed) if side is right else (fixed, b)
        if op in ("<", "<=", ">", ">=", "=", "!="):
            sym = {"=": "==", "!=": "!="}.get(op, op)
            return f"{a} {sym} {b}", "bool"
        kind = combine(op, ka, kb)
        return f"{wrap(a, op, left=True)} {op} {wrap(b, op)}", kind

    def text_or_enum(self, op, left, value, context):
        target = resolve(left[1], context, self.rules) if left[0] == "ref" else None
        text, kind = self.node(left, context)
        sym = "==" if op == "=" else "!="
        if isinstance(kind, tuple):  # an enum question: compare with its case
            return f"{text} {sym} {kind[2][value]}", "bool"
        quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return f"{text} {sym} {quoted}", "bool"

    # ---- mechanisms --------------------------------------------------------------------
    def value(self, node, context, want=None, missing="not applicable", parts=None):
        """The value of a mechanism node; `missing` is what a `variations` without `sinon`
        gives (not applicable, as in Publicodes, unless the caller knows better)."""
        if isinstance(node, (str, int, float, bool)):
            return self.expr(node, context, want)
        if not isinstance(node, dict):
            raise Untranslatable(f"{context}: unexpected {node!r}")
        node = dict(node)
        unit = node.pop("unité", node.pop("unite", None))
        if unit:
            want = UNIT_TYPES.get(unit, want)
        floor = node.pop("plancher", None)
        ceiling = node.pop("plafond", None)
        rebate = node.pop("abattement", None)
        rounding = node.pop("arrondi", None)
        text, kind = self.core(node, context, want, missing)
        if rebate is not None:
            r, _ = self.value(rebate, context, kind)
            text = f"max({wrap(text, '-', left=True)} - {wrap(r, '-')}, 0 €)"
        if ceiling is not None:
            c, _ = self.value(ceiling, context, kind, missing="no cap")
            if parts is not None and c != "no cap" and not simple(c):
                if "no cap" in c:
                    c = c.replace("no cap", wrap(text, "else"))
                parts.append(("plafond", c))
                c = "plafond"
            if c == "no cap":
                pass
            elif "no cap" in c:  # a cap stated for some cases only caps nothing in the others
                c = c.replace("no cap", wrap(text, "else"))
                text = f"{wrap(text, 'capped')} capped at ({c})"
            else:
                text = f"{wrap(text, 'capped')} capped at {wrap(c, 'capped')}"
        if floor is not None:
            f, _ = self.value(floor, context, kind)
            if parts is not None and not simple(f):
                parts.append(("plancher", f))
                f = "plancher"
            text = f"max({text}, {f})"
        if rounding in ("oui", True):  # Publicodes rounds to the unit: Math.round, so 0.5 up
            text = f"round({text}, 1 €)"
        elif rounding is not None:
            raise Untranslatable(f"{context}: arrondi {rounding!r}")
        return text, kind

    def core(self, node, context, want, missing):
        keys = set(node) - {"titre", "description", "note", "lien", "dernière mise à jour",
                            "date de fin", "remplace", "applicable si", "non applicable si",
                            "question", "type", "par défaut", "une possibilité",
                            "derière mise à jour", "dernière mise jour", "plaond"}
        if keys == {"valeur"}:
            return self.value(node["valeur"], context, want, missing)
        if keys == {"variations"}:
            return self.variations(node["variations"], context, want, missing)
        if keys == {"somme"}:
            parts = [self.value(p, context, want, missing="0") for p in node["somme"]]
            kind = parts[0][1]
            return " + ".join(wrap(t, "+") for t, _ in parts), kind
        if keys == {"produit"}:
            parts = [self.value(p, context, None) for p in node["produit"]]
            kind = parts[0][1]
            for _, k in parts[1:]:
                kind = combine("*", kind, k)
            return " * ".join(wrap(t, "*") for t, _ in parts), kind
        if keys == {"toutes ces conditions"} or keys == {"une de ces conditions"}:
            return self.condition(node, context), "bool"
        if keys == {"est non applicable"}:
            target = resolve(node["est non applicable"], context, self.rules)
            text, _ = self.names(target, context, part="eligible")
            return f"not {text}", "bool"
        raise Untranslatable(f"{context}: mechanisms {sorted(keys)}")

    def variations(self, cases, context, want, missing):
        out, kind = [], want
        for case in cases:
            if "si" in case:
                c = self.condition(case["si"], context)
                v, k = self.value(case["alors"], context, kind, missing)
                kind = kind or k
                out.append((c, v))
            else:
                v, k = self.value(case["sinon"], context, kind, missing)
                kind = kind or k
                out.append((None, v))
        if out[-1][0] is not None:
            out.append((None, {"not applicable": "not applicable", "0": zero(kind),
                               "no cap": "no cap"}[missing]))
        text = out[-1][1]
        for c, v in reversed(out[:-1]):
            text = f"if {c} then {v} else {text}"
        if len(text) <= 88 and "\n" not in text:
            return text, kind
        lines = []  # one branch per line, a long value under its condition
        for i, (c, v) in enumerate(out):
            lead = ("if" if i == 0 else "else if") if c is not None else "else"
            head = f"{lead} {c} then" if c is not None else lead
            if "\n" in v or len(head) + len(v) > 88:
                lines.append(head)
                lines += ["  " + line for line in v.split("\n")]
            else:
                lines.append(f"{head} {v}")
        return "\n".join(lines), kind

    def condition(self, node, context):
        """A condition: an expression, or `toutes`/`une de ces conditions` (and, or)."""
        if isinstance(node, dict):
            if "toutes ces conditions" in node:
                parts = [self.condition(p, context) for p in node["toutes ces conditions"]]
                return " and ".join(wrap(p, "and") for p in parts)
            if "une de ces conditions" in node:
                parts = [self.condition(p, context) for p in node["une de ces conditions"]]
                return "(" + " or ".join(wrap(p, "or") for p in parts) + ")"
            text, _ = self.value(node, context, "bool")
            return text
        text, kind = self.expr(node, context)
        if kind != "bool" and isinstance(node, str) and parse(node)[0] == "ref":
            # `applicable si: aides . x`: Publicodes asks `x != non`, true whenever x applies
            target = resolve(parse(node)[1], context, self.rules)
            text, kind = self.names(target, context, part="eligible")
        if kind != "bool":
            raise Untranslatable(f"{context}: condition {node!r} is {kind}")
        return text


def simple(text):
    """A literal or a name: short enough to stay inline."""
    return len(text) <= 40 and "\n" not in text and not text.startswith("if ")


def zero(kind):
    return {"money": "0 €", "money_year": "0 €/an", "rate": "0 %", "int": "0",
            "decimal": "0"}.get(kind, "0 €")


def combine(op, a, b):
    """The type of `a op b` for the few shapes the model uses."""
    if op in ("+", "-"):
        return a if a == b else (a if b in ("int", "decimal") else b)
    if op == "*":
        if "money_year_person" in (a, b):
            return "money_year"
        if a == "rate" and b == "rate":
            return "rate"
        for money in ("money", "money_year"):
            if money in (a, b):
                return money
        if "decimal" in (a, b):
            return "decimal"
        return a
    if op == "/":
        if a == b and a in ("money", "money_year"):
            return "rate"
        return a
    raise Untranslatable(op)


BINDING = {"or": 1, "and": 2, "capped": 3, "cmp": 4, "+": 5, "-": 5, "*": 6, "/": 6}


def wrap(text, op=None, left=False):
    """Parenthesises a sub-expression when it would not bind tighter than `op`."""
    depth, weakest = 0, 99
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == '"':
            i = text.index('"', i + 1)
        elif depth == 0:
            for word, level in ((" or ", 1), (" and ", 2), (" capped at ", 3), (" else ", 0),
                                (" == ", 4), (" != ", 4), (" <= ", 4), (" >= ", 4), (" < ", 4),
                                (" > ", 4), (" + ", 5), (" - ", 5), (" * ", 6), (" / ", 6)):
                if text.startswith(word, i):
                    weakest = min(weakest, level)
            if text.startswith("if ", i) and i == 0:
                weakest = 0
        i += 1
    need = BINDING.get(op, 0)
    if weakest < need or (weakest == need and not left and op in ("-", "/")) or \
            (weakest < 99 and op is None and text.startswith("if ")):
        return f"({text})"
    return text
