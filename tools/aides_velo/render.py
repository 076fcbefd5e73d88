"""Renders the Barème files of the aides-vélo catalogue: shared modules, levels, aids, root."""
from catalogue import LEVEL_NAMES, LEVELS, file_slug, slug
from render_helpers import FileContext, comment, quote
from translate import Translator, Untranslatable

TYPES = {"money": "Money", "money_year": "Money/year", "rate": "Rate", "int": "Int",
         "decimal": "Decimal", "bool": "Bool", "text": "Text"}
# Questions whose value Publicodes floors (`plancher`): Barème reads them through a definition.
FLOORED = {"vélo . prix": ("prix_retenu", "1 €"),
           "revenu fiscal de référence par part . nombre de parts": ("nombre_de_parts_retenu", "1")}
# What an answer may be: Publicodes takes anything, Barème refuses the rest (InputOutOfRange,
# docs/schemes/aides_velo.md, "Bad input").
BOUNDS = {"revenu fiscal de référence par part . revenu de référence": "at least 0 €/an",
          "revenu fiscal de référence par part . nombre de parts": "at least 0",
          "vélo . prix": "at least 0 €",
          "demandeur . âge": "at least 0 at most 130",
          "foyer . personnes": "at least 1",
          "aides . cluses arve et montagnes . participation employeur": "at least 0 €"}
# The places a situation may name: the values listed in territoires/ (generate.py writes them
# from @etalab/decoupage-administratif); any other is InputOutOfRange, never "no local aid".
VALUES = {"localisation . code insee": "communes.txt", "localisation . epci": "epci.txt",
          "localisation . département": "departements.txt", "localisation . région": "regions.txt"}
ENUM_NAMES = {"vélo . type": "TypeDeVélo", "vélo . état": "ÉtatDuVélo",
              "demandeur . statut": "Statut", "localisation . pays": "Pays"}


class Renderer:
    def __init__(self, catalogue, version, deductions):
        self.deductions = deductions
        self.c = catalogue
        self.rules = catalogue.rules
        self.version = version
        self.problems = []
        self.kinds = {}
        self.paths = {}     # aid rule → path
        self.scheme_names = {a: slug(a.split(" . ")[1]) for a in catalogue.aids}
        self.ctx = None
        self.manifest_aids = []

    # ---- names and types ---------------------------------------------------------------
    def module_path(self, owner):
        return f"questions/{owner[1]}.bareme"

    def name(self, rule, context, part="amount"):
        """The Barème spelling of `rule` read from the rule `context`, and its type."""
        ctx = self.ctx
        if rule.startswith("aides . ") and rule.split(" . ")[1] in LEVELS and rule.count(" . ") == 1:
            level = rule.split(" . ")[1]
            if ctx.own[0] == "aid" and self.deductions.cyclic(ctx.own[1], level):
                return self.deducted_level(ctx, level, part)
            ctx.imports.add("niveaux.bareme")
            return f"niveaux.{LEVEL_NAMES[level]}.{part}", "money" if part == "amount" else "bool"
        if rule in self.c.aids:
            ctx.imports.add(self.aid_path(rule))
            return f"{self.scheme_names[rule]}.{part}", "money" if part == "amount" else "bool"
        if rule in self.c.enum_cases:
            question, value = self.c.enum_cases[rule]
            text, kind = self.name(question, context)
            return f"{text} == {kind[2][value]}", "bool"
        owner = self.c.owner(rule)
        local = self.c.local_name(rule)
        if rule in FLOORED:
            local = FLOORED[rule][0]
        if owner == ctx.own:
            text = local
        elif owner[0] == "aid":
            ctx.imports.add(self.aid_path(owner[1]))
            text = f"{self.scheme_names[owner[1]]}.{local}"
        else:
            ctx.imports.add(self.module_path(owner))
            text = f"{owner[2]}.{local}"
        kind = self.kind(rule)
        body = self.rules.get(rule) or {}
        if rule in self.c.inputs and "applicable si" in body:
            condition = Translator(self.rules, self.name).condition(body["applicable si"], rule)
            text = f"({condition} and {text})"
        return text, kind

    def deducted_level(self, ctx, level, part):
        """A level read by an aid it depends on: the aids of that level the aid deducts, as a
        definition of the aid's file (docs/schemes/aides_velo.md, "Aids that deduct aids")."""
        local = f"aides_{LEVEL_NAMES[level]}"
        if level not in ctx.deducted:
            members, left_out = self.deductions.view(ctx.own[1], level)
            branches = []
            for member in members:
                eligible, _ = self.name(member, ctx.own[1], part="eligible")
                amount, _ = self.name(member, ctx.own[1])
                branches.append(f"if {eligible} then {amount}")
            text = " else ".join(branches + ["0 €"])
            if len(text) > 60:
                text = "\n  " + "\n  else ".join(branches + ["0 €"])
            why = (f"`aides . {level}` as this aid deducts it: the first that applies, in the "
                   f"level's order, of the aids of that level that can apply where this one does")
            if left_out:
                names = ", ".join(f"`{m}`" for m in left_out)
                why += f", except {names}, which deducts this aid in turn and comes after it"
            ctx.deducted[level] = comment(why + " (docs/schemes/aides_velo.md).") + \
                f"let {local} : Money ={'' if text.startswith(chr(10)) else ' '}{text}\n"
        if part != "amount":
            raise Untranslatable(f"{ctx.own[1]}: eligibility of a deducted level")
        return local, "money"

    def aid_path(self, aid):
        level = self.c.aids[aid]
        folder = {"commune": "communes", "intercommunalité": "intercommunalites",
                  "département": "departements", "région": "regions", "état": "etats"}[level]
        return f"{folder}/{file_slug(aid.split(' . ')[1])}.bareme"

    def kind(self, rule):
        if rule in self.kinds:
            return self.kinds[rule]
        body = self.rules.get(rule) or {}
        if rule in self.c.enums:
            cases = {v: slug(v) for v in self.c.enums[rule]}
            kind = ("enum", ENUM_NAMES[rule], cases)
        elif rule in self.c.inputs:
            kind = self.input_kind(body)
        else:
            self.kinds[rule] = "money"  # provisional, for a rule that reads itself
            saved = self.ctx
            self.ctx = FileContext("scratch", ("scratch",))
            try:
                _, kind = Translator(self.rules, self.name).value(body, rule)
            finally:
                self.ctx = saved
        self.kinds[rule] = kind
        return kind

    @staticmethod
    def input_kind(body):
        unit = body.get("unité", body.get("unite"))
        declared = body.get("type")
        if unit == "€/an":
            return "money_year"
        if unit == "€":
            return "money"
        if declared in ("booléen", "boolean") or body.get("par défaut") in ("oui", "non"):
            return "bool"
        if declared == "string":
            return "text"
        if declared == "entier" or unit in ("an", "personne"):
            return "int"
        if declared == "nombre":
            return "decimal"
        raise Untranslatable(f"input type of {body}")

    def type_name(self, kind):
        return kind[1] if isinstance(kind, tuple) else TYPES[kind]

    # ---- definitions -------------------------------------------------------------------
    def definition(self, rule):
        """`input` or `let` lines for one rule of the file being rendered."""
        body = self.rules.get(rule) or {}
        translator = Translator(self.rules, self.name)
        local = self.c.local_name(rule)
        kind = self.kind(rule)
        out = ""
        doc = body.get("titre") or ""
        if body.get("description") and rule not in self.c.aids:
            out += comment(body["description"].split("\n\n")[0])
        if rule in self.c.inputs:
            question = body.get("question", doc)
            if isinstance(question, dict):
                question = "Quel est le prix du vélo (ou du kit de motorisation) ?"
            default = ""
            if "par défaut" in body:
                value, _ = translator.value(body["par défaut"], rule, kind if isinstance(kind, str) else None)
                if isinstance(kind, tuple):
                    value = enum_default(body["par défaut"], kind, translator, rule)
                default = f" = {value}"
            bounds = f" {BOUNDS[rule]}" if rule in BOUNDS else ""
            if rule in VALUES:
                bounds += f' one of "../territoires/{VALUES[rule]}"'
            out += f"input {local} : {self.type_name(kind)}{default} {quote(question)}{bounds}\n"
            if rule in FLOORED:
                name, floor = FLOORED[rule]
                out += f"# Publicodes floors the answer at {floor} (`plancher`).\n"
                out += f"let {name} : {self.type_name(kind)} = max({local}, {floor})\n"
            return out
        value, _ = translator.value(body, rule, kind if isinstance(kind, str) else None)
        if "applicable si" in body or "non applicable si" in body:
            conditions = []
            if "applicable si" in body:
                conditions.append(translator.condition(body["applicable si"], rule))
            if "non applicable si" in body:
                conditions.append("not " + wrap_cond(translator.condition(body["non applicable si"], rule)))
            value = f"if {' and '.join(conditions)} then {value} else not applicable"
        for note in dict.fromkeys(translator.notes):
            out += f"# {note}\n"
        value = " " + value if "\n" not in value else \
            "\n" + "\n".join("  " + line for line in value.split("\n"))
        out += f"let {local} : {self.type_name(kind)} ={value}\n"
        return out

    from render_files import aid, levels, manifest, modules, root, total  # noqa: E402


def enum_default(raw, kind, translator, rule):
    """An enum question's default: a case, or a computed one (`localisation . pays`)."""
    if isinstance(raw, str) and raw.startswith("'"):
        return kind[2][raw.strip("'")]
    text, _ = translator.value(raw, rule)
    for value, case in kind[2].items():
        text = text.replace(f'"{value}"', case)
    return text


def wrap_cond(text):
    return f"({text})" if (" and " in text or " or " in text) and not text.startswith("(") else text
