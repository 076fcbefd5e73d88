"""Sorts the rules of the aides-vélo Publicodes model into Barème modules, inputs, levels and aids."""
import re

LEVELS = ["commune", "intercommunalité", "département", "région", "état"]
# The Barème name of each level: plural, so that no input (`localisation.région`) shares it.
LEVEL_NAMES = {"commune": "communes", "intercommunalité": "intercommunalités",
               "département": "départements", "région": "régions", "état": "états"}
LEVEL_TITLES = {
    "commune": "Aides des communes",
    "intercommunalité": "Aides des intercommunalités",
    "département": "Aides des départements",
    "région": "Aides des régions",
    "état": "Aides des États",
}
# Top-level Publicodes namespaces and the shared module each goes to (file, module name).
MODULES = {
    "vélo": ("velo", "vélo"),
    "demandeur": ("demandeur", "demandeur"),
    "foyer": ("foyer", "foyer"),
    "localisation": ("localisation", "localisation"),
    "revenu fiscal de référence par part": ("ressources", "ressources"),
    "plafond état": ("ressources", "ressources"),
    "ISR": ("ressources", "ressources"),
    "Anah": ("ressources", "ressources"),
}
# Rules of the model that Barème does not carry, with the reason (docs/schemes/aides_velo.md).
SKIPPED = {
    "maximiser les aides": "an experimental switch of the model's web page, not a question "
                           "of the catalogue",
    "aides . forfait mobilités durables": "a figure shown by the web page (600 €/an), read "
                                          "by no aid and by no level",
}


def slug(name):
    """A Publicodes name as a Barème identifier: `demandeur d'emploi` → `demandeur_d_emploi`."""
    text = re.sub(r"[\s'’\-.]+", "_", name.strip())
    text = re.sub(r"[^\w]", "_", text)
    text = re.sub(r"_+", "_", text).strip("_")
    if text[0].isdigit():
        text = "n" + text
    return text


def file_slug(name):
    """An ASCII file name for an aid: `saint-étienne` → `saint_etienne`."""
    import unicodedata
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"_+", "_", re.sub(r"[^a-zA-Z0-9]+", "_", ascii_name)).strip("_").lower()


def skipped(rule):
    return any(rule == s or rule.startswith(s + " . ") for s in SKIPPED)


class Catalogue:
    """The model's rules, classified."""

    def __init__(self, rules):
        self.rules = rules
        self.aids = {}          # "aides . paris" → level
        self.inputs = set()     # rules the situation gives
        self.enums = {}         # rule → list of values
        self.enum_cases = {}    # "demandeur . statut . salarié" → ("demandeur . statut", "salarié")
        self.computed = set()   # rules Barème computes
        for name, body in rules.items():
            self.classify(name, body if isinstance(body, dict) else {})

    def classify(self, name, body):
        if skipped(name) or name == "aides":
            return
        parts = name.split(" . ")
        if parts[0] == "aides" and len(parts) == 2:
            if parts[1] in LEVELS or parts[1] == "montant":
                return
            if "remplace" in body:
                self.aids[name] = body["remplace"]["références à"]
                return
        if "une possibilité" in body:
            self.enums[name] = body["une possibilité"]
            self.inputs.add(name)
            return
        parent = " . ".join(parts[:-1])
        if parent in self.rules and "une possibilité" in (self.rules[parent] or {}):
            self.enum_cases[name] = (parent, parts[-1])
            return
        if "question" in body or "type" in body:
            self.inputs.add(name)
            return
        if not body or set(body) <= {"titre", "description", "note"}:
            return  # a namespace
        self.computed.add(name)

    def owner(self, rule):
        """Where a rule is declared: ("aid", "aides . x") or ("module", file, module name)."""
        parts = rule.split(" . ")
        if parts[0] == "aides":
            return ("aid", " . ".join(parts[:2]))
        for prefix, (file, module) in MODULES.items():
            if rule == prefix or rule.startswith(prefix + " . "):
                return ("module", file, module)
        raise KeyError(rule)

    def local_name(self, rule):
        """The Barème name of a rule inside its file."""
        parts = rule.split(" . ")
        if parts[0] == "aides":
            return slug("_".join(parts[2:])) if len(parts) > 2 else slug(parts[1])
        if parts[0] == "revenu fiscal de référence par part" and len(parts) > 1:
            return slug(parts[-1])
        if parts[0] in ("vélo", "demandeur", "foyer", "localisation"):
            return slug("_".join(parts[1:]))
        return slug("_".join(parts))
