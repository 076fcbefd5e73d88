"""Whole files of the aides-vélo catalogue: an aid's scheme, the shared modules, the levels, the root."""
from catalogue import LEVEL_NAMES, LEVEL_TITLES, LEVELS
from render_helpers import FileContext, comment, quote
from render_tests import block, cents, test_blocks
from translate import Translator, Untranslatable

MODULE_TITLES = {
    "vélo": "Le vélo acheté : type, état, prix",
    "demandeur": "Le demandeur : âge, statut, situation",
    "foyer": "Le foyer fiscal",
    "localisation": "Où habite le demandeur",
    "ressources": "Les ressources du foyer et les plafonds qui s'y comparent",
}
PACKAGE = "@betagouv/aides-velo"


def header(self, text):
    return text


def aid(self, rule, level, priority, path):
    """The scheme of one aid: its conditions (`applicable si`), its amount, its own questions."""
    body = self.rules[rule]
    self.paths[rule] = path
    self.ctx = FileContext(path, ("aid", rule))
    name = self.scheme_names[rule]
    translator = Translator(self.rules, self.name)
    out = []
    try:
        conditions = condition_lines(self, translator, body, rule)
        parts = []
        amount, _ = translator.value(without_conditions(body), rule, "money", parts=parts)
        subs = [r for r in self.rules if r.startswith(rule + " . ")]
        definitions = "".join("\n" + self.definition(r) for r in subs
                              if r in self.c.inputs or r in self.c.computed)
    except Untranslatable as error:
        self.problems.append(f"{rule}: {error}")
        return f"# {rule}: not translated ({error})\n"
    title = body.get("titre", rule)
    out.append(comment(f"{title}. {body.get('description', '')}"))
    updated = body.get("dernière mise à jour") or body.get("derière mise à jour") or \
        body.get("dernière mise jour")
    meta = f"Publicodes: `{rule}` ({PACKAGE} {self.version})"
    if updated:
        meta += f", mise à jour du {updated}"
    if body.get("date de fin"):
        meta += f"; date de fin annoncée : {body['date de fin']} (not applied, as in Publicodes)"
    out.append(comment(meta + "."))
    out.append(f"scheme {name} {quote(title)} in niveaux.{LEVEL_NAMES[level]} priority {priority}\n")
    if body.get("lien"):
        out.append(f"  source {quote(body['lien'])}\n")
    out.append(f"  authority {quote(title)}\n")
    self.ctx.imports.add("niveaux.bareme")
    out.append("\n@@IMPORTS@@")
    out.append(definitions)
    out.append("".join("\n" + d for d in self.ctx.deducted.values()))
    if conditions:
        out.append("\neligible when\n" + "".join(f"  {c}\n" for c in conditions))
    for note in dict.fromkeys(translator.notes):
        out.append(f"\n# {note}")
    for part, text in parts:
        out.append(f"\nlet {part} : Money ={layout(text)}\n")
    out.append(f"\namount ={layout(amount)}\n")
    out.append(test_blocks(self, rule, self.cases.get(rule)))
    text = "".join(out).replace("@@IMPORTS@@", imports(self))
    self.manifest_aids.append({"rule": rule, "name": name, "level": level,
                               "priority": priority, "file": path})
    return text


def layout(text):
    """A definition's right-hand side: on its line, or indented under it when it has several."""
    if "\n" not in text:
        return " " + text
    return "\n" + "\n".join("  " + line for line in text.split("\n"))


def without_conditions(body):
    return {k: v for k, v in body.items() if k not in ("applicable si", "non applicable si")}


def condition_lines(self, translator, body, rule):
    lines = []
    applicable = body.get("applicable si")
    if isinstance(applicable, dict) and "toutes ces conditions" in applicable:
        lines += [translator.condition(c, rule) for c in applicable["toutes ces conditions"]]
    elif applicable is not None:
        lines.append(translator.condition(applicable, rule))
    if "non applicable si" in body:
        text = translator.condition(body["non applicable si"], rule)
        lines.append(f"not ({text})" if " " in text.strip("()") else f"not {text}")
    return [strip_outer(line) for line in lines]


def strip_outer(text):
    """`(a or b)` alone on a condition line needs no parentheses."""
    if text.startswith("(") and text.endswith(")"):
        depth = 0
        for i, ch in enumerate(text):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0 and i < len(text) - 1:
                return text
        return text[1:-1]
    return text


def imports(self):
    lines = sorted(self.ctx.import_line(p) for p in self.ctx.imports
                   if p != self.ctx.path)
    return "".join(line + "\n" for line in lines)


def modules(self):
    """The shared questions, one module per Publicodes namespace."""
    files = {}
    by_module = {}
    for rule in self.rules:
        if rule in self.c.inputs or rule in self.c.computed:
            try:
                owner = self.c.owner(rule)
            except KeyError:
                continue
            if owner[0] == "module":
                by_module.setdefault(owner, []).append(rule)
    for owner, rules in by_module.items():
        path = self.module_path(owner)
        self.ctx = FileContext(path, owner)
        body = []
        for enum_rule, values in self.c.enums.items():
            if self.c.owner(enum_rule) == owner:
                kind = self.kind(enum_rule)
                titles = {v: (self.rules.get(f"{enum_rule} . {v}") or {}).get("titre") for v in values}
                cases = ", ".join(f"{kind[2][v]} {quote(v)}" for v in values)
                body.append(f"enum {kind[1]} {{ {cases} }}\n")
                del titles
        for rule in rules:
            try:
                body.append("\n" + self.definition(rule))
            except Untranslatable as error:
                self.problems.append(f"{rule}: {error}")
        title = MODULE_TITLES[owner[2]]
        text = comment(f"{title}: the questions of the aides-vélo catalogue under "
                       f"`{owner[2]}` and what is computed from them ({PACKAGE} {self.version}).")
        text += f"module {owner[2]} {quote(title)}\n\n" + imports(self) + "\n" + "".join(body)
        files[path] = text
    return files


def levels(self):
    out = comment("The levels of the aides-vélo catalogue. Each level takes the first aid that "
                  "applies, in the order Publicodes tries the aids that replace it (the "
                  "`priority` of each aid's header; docs/schemes/aides_velo.md); `montant` adds "
                  "the levels up, as `aides . montant` does.")
    out += 'module niveaux "Les niveaux des aides vélo"\n\n'
    for i, level in enumerate(LEVELS, start=1):
        out += (f"level {LEVEL_NAMES[level]} {quote(LEVEL_TITLES[level])} first in montant "
                f"priority {i}  # aides . {level}\n")
    out += 'level montant "Montant total des aides" sum\n'
    return out


def root(self, paths):
    """The project's root, a module: every aid and the levels (`score --all`, `test`)."""
    out = comment(f"The French bicycle-purchase aid catalogue ({PACKAGE} {self.version}), every "
                  "aid of the Publicodes model as a Barème scheme: `bareme score --all` and "
                  "`bareme test` start here; `total.bareme` evaluates and explains the total. "
                  "Generated by tools/aides_velo/generate.py; docs/schemes/aides_velo.md says "
                  "how to read it.")
    out += 'module aides_velo "Aides à l\'achat d\'un vélo"\n\n'
    self.ctx = FileContext("aides_velo.bareme", ("root",))
    tests = catalogue_tests(self)
    out += 'import "niveaux.bareme"\n'
    out += "".join(f'import "{p}"\n' for p in paths)
    out += "".join(sorted(self.ctx.import_line(p) + "\n" for p in self.ctx.imports
                          if p.startswith("questions/")))
    return out + tests


def total(self):
    """What an applicant gets in all, as one scheme: `bareme eval`/`explain` show the levels."""
    out = comment("What an applicant gets in all: the sum of the levels (`aides . montant`). "
                  "`bareme eval` and `bareme explain` on this file show each level and the aid "
                  "that counts in it.")
    out += 'scheme total "Montant total des aides vélo"\n'
    out += '  source "https://www.npmjs.com/package/@betagouv/aides-velo"\n'
    out += '  authority "Communes, intercommunalités, départements, régions, États"\n\n'
    out += 'import "aides_velo.bareme"\nimport "niveaux.bareme"\n\n'
    out += "eligible when niveaux.montant.eligible\namount = niveaux.montant.amount\n"
    return out


def manifest(self, version):
    questions = []
    for rule in self.rules:
        if rule not in self.c.inputs:
            continue
        kind = self.kind(rule)
        owner = self.c.owner(rule)
        column = self.c.local_name(rule)
        entry = {"rule": rule, "column": column, "kind": kind[0] if isinstance(kind, tuple) else kind,
                 "default": (self.rules[rule] or {}).get("par défaut")}
        if isinstance(kind, tuple):
            entry["values"] = list(kind[2])
        entry["owner"] = owner[1] if owner[0] == "aid" else owner[2]
        questions.append(entry)
    counts = {}
    for q in questions:
        counts[q["column"]] = counts.get(q["column"], 0) + 1
    for q in questions:
        if counts[q["column"]] > 1:  # declared by several files: the column is qualified
            owner = q["owner"]
            q["column"] = (self.scheme_names[owner] if owner in self.scheme_names else owner) + \
                "." + q["column"]
        del q["owner"]
    return {"package": f"{PACKAGE}@{version}", "root": "schemes/aides_velo/aides_velo.bareme",
            "total_scheme": "schemes/aides_velo/total.bareme",
            "questions": questions, "aids": self.manifest_aids,
            "levels": [{"rule": f"aides . {lv}", "name": LEVEL_NAMES[lv]} for lv in LEVELS],
            "total": {"rule": "aides . montant", "name": "montant"}}


def catalogue_tests(self):
    """Whole-catalogue tests: situations of a few aids, every level as Publicodes computes it
    (each level to the cent, the total their sum: docs/schemes/aides_velo.md, "Floats")."""
    out = ""
    for case in self.cases.get("catalogue", []):
        levels = [(LEVEL_NAMES[lv], case["levels"][lv]) for lv in LEVELS]
        total = sum(round_cents(v) for _, v in levels)
        expects = [f"niveaux.{name}.amount == {cents(v or 0)}" for name, v in levels]
        expects.append(f"niveaux.montant.amount == {cents(total)}")
        out += block(self, f"Publicodes : le catalogue, {case['title']}", case["situation"],
                     expects)
    return out


def round_cents(value):
    from decimal import ROUND_HALF_UP, Decimal
    return float(Decimal(repr(value or 0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
