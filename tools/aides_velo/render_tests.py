"""The `test` blocks of an aid: situations Publicodes was asked, with the amounts it computed."""
from decimal import ROUND_HALF_UP, Decimal

from translate import group


def cents(value):
    """A Publicodes amount (a float) to the cent, half away from zero, as a Barème literal."""
    exact = Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{exact:.2f}".partition(".")
    text = group(int(whole))
    return f"{text}.{fraction} €" if fraction != "00" else f"{text} €"


def given_value(self, rule, raw):
    kind = self.kind(rule)
    if isinstance(kind, tuple):
        return kind[2][raw.strip("'")]
    if raw in ("oui", "non"):
        return "true" if raw == "oui" else "false"
    if raw.startswith("'"):
        return '"' + raw[1:-1].replace("\\", "\\\\").replace('"', '\\"') + '"'
    number, _, unit = raw.partition(" ")
    number = float(number) if "." in number else int(number)
    if unit == "an":
        return group(number)
    return f"{group(number)} {unit}".strip()


def given_name(self, rule):
    owner = self.c.owner(rule)
    local = self.c.local_name(rule)
    if owner == self.ctx.own:
        return local
    if owner[0] == "aid":
        self.ctx.imports.add(self.aid_path(owner[1]))
        return f"{self.scheme_names[owner[1]]}.{local}"
    self.ctx.imports.add(self.module_path(owner))
    return f"{owner[2]}.{local}"


def describe(situation):
    parts = [situation.get("vélo . type", "").strip("'"), situation.get("vélo . état", "").strip("'"),
             situation.get("vélo . prix", ""),
             "revenu " + situation.get("revenu fiscal de référence par part . revenu de référence", "")]
    return ", ".join(p for p in parts if p.strip())


def test_blocks(self, aid, case):
    """Two tests: where Publicodes grants the aid, with its amount; in another territory."""
    if case is None:
        return ""
    out = []
    applies = case.get("applies")
    if applies:
        out.append(block(self, f"Publicodes : {describe(applies['situation'])}",
                         applies["situation"], f"amount == {cents(applies['value'])}"))
    elsewhere = case["elsewhere"]
    expect = "not eligible" if elsewhere["value"] is None else f"amount == {cents(elsewhere['value'])}"
    where = elsewhere["situation"].get("localisation . code insee", "").strip("'")
    out.append(block(self, f"Publicodes : ailleurs (commune {where})", elsewhere["situation"], expect))
    return "".join(out)


def block(self, title, situation, expect):
    """A test: `given` the situation's answers, `expect` one or several facts (a list)."""
    bindings = [f"{given_name(self, rule)} = {given_value(self, rule, raw)}"
                for rule, raw in situation.items()]
    facts = expect if isinstance(expect, list) else [expect]
    return (f'\ntest "{title}" {{\n' + wrapped("given", bindings) + "\n" +
            wrapped("expect", facts) + "\n}\n")


def wrapped(keyword, items):
    lines, line = [], f"  {keyword} "
    indent = " " * len(line)
    for i, item in enumerate(items):
        piece = item + ("," if i < len(items) - 1 else "")
        if len(line) + len(piece) > 92 and line.strip() != keyword:
            lines.append(line.rstrip())
            line = indent
        line += piece + " "
    lines.append(line.rstrip())
    return "\n".join(lines)
