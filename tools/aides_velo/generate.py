#!/usr/bin/env python3
"""Writes the aides-vélo catalogue (schemes/aides_velo/) from the Publicodes model of
@betagouv/aides-velo: one file per aid, the shared questions in one module per namespace."""
import argparse
import json
import os
import subprocess
import re
import sys
import textwrap

sys.path.insert(0, os.path.dirname(__file__))
from catalogue import LEVELS, Catalogue, file_slug  # noqa: E402
from deductions import Deductions  # noqa: E402
from render import Renderer  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_NPM = os.path.join(ROOT, "tests", "aides_velo")


def publicodes_order(names):
    """The order in which Publicodes tries the aids replacing one level: by name, the last in
    `localeCompare` order first (publicodes 1.10, `replace` in parseReplacement.ts), under
    Node's default locale, en-US here: pinned so that the files do not depend on the machine."""
    script = ("const n=JSON.parse(require('fs').readFileSync(0,'utf8'));"
              "n.sort((a,b)=>b.localeCompare(a,'en-US'));process.stdout.write(JSON.stringify(n));")
    out = subprocess.run(["node", "-e", script], input=json.dumps(names), capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--npm", default=DEFAULT_NPM,
                        help="the folder whose node_modules holds @betagouv/aides-velo")
    parser.add_argument("--out", default=os.path.join(ROOT, "schemes", "aides_velo"))
    args = parser.parse_args()
    package = os.path.join(args.npm, "node_modules", "@betagouv", "aides-velo")
    with open(os.path.join(package, "publicodes-build", "aides-velo.model.json")) as f:
        rules = json.load(f)
    with open(os.path.join(package, "package.json")) as f:
        version = json.load(f)["version"]
    catalogue = Catalogue(rules)
    orders = {level: publicodes_order([a for a, t in catalogue.aids.items() if t == level])
              for level in LEVELS}
    territories = json.loads(subprocess.run(
        ["node", os.path.join(HERE, "territories.mjs"), args.npm], capture_output=True,
        text=True, check=True).stdout)
    renderer = Renderer(catalogue, version, Deductions(catalogue, orders, territories))
    renderer.cases = json.loads(subprocess.run(
        ["node", os.path.join(HERE, "reference_cases.mjs"), args.npm], capture_output=True,
        text=True, check=True).stdout)
    files = {}
    for level in LEVELS:
        for priority, aid in enumerate(orders[level], start=1):
            path = os.path.join(level_folder(level), file_slug(aid.split(" . ")[1]) + ".bareme")
            files[path] = renderer.aid(aid, level, priority, path)
    for path, text in renderer.modules().items():
        files[path] = text
    files["niveaux.bareme"] = renderer.levels()
    files["aides_velo.bareme"] = renderer.root(sorted(p for p in files if "/" in p and
                                                      not p.startswith("questions/")))
    files["total.bareme"] = renderer.total()
    lists = json.loads(subprocess.run(
        ["node", os.path.join(HERE, "territory_lists.mjs"), args.npm], capture_output=True,
        text=True, check=True).stdout)
    files.update(territory_files(lists, model_places(files)))
    write_all(args.out, files)
    manifest = renderer.manifest(version)
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{len(catalogue.aids)} aids, {len(files)} files written to {args.out}")
    for problem in renderer.problems:
        print("problem:", problem, file=sys.stderr)
    return 1 if renderer.problems else 0


# The lists of territoires/: what each holds, and the entries the model adds to the package's.
TERRITORY_FILES = {
    "communes": ("communes.txt", "Codes INSEE des communes (actuelles, déléguées, associées) et des "
                 "arrondissements municipaux, puis Monaco et le Luxembourg, codés comme dans le modèle",
                 [["99137", "Luxembourg (pays)"], ["99138", "Monaco (pays)"]]),
    "epcis": ("epci.txt", "Noms des EPCI à fiscalité propre, tels que le modèle les compare "
              "(puis leur SIREN)", []),
    "departements": ("departements.txt", "Codes des départements", []),
    "regions": ("regions.txt", "Codes des régions", []),
}


PLACE_INPUTS = {"code_insee": "communes", "epci": "epcis", "département": "departements",
                "région": "regions"}


def model_places(files):
    """The texts the rendered rules compare each place with, by list: a text the package's lists
    lack (a misspelling of the model) is still accepted, as Publicodes accepts it, and said so."""
    found = {key: set() for key in PLACE_INPUTS.values()}
    pattern = re.compile(r'localisation\.(code_insee|epci|département|région) [!=]= "((?:[^"\\]|\\.)*)"')
    for text in files.values():
        for name, value in pattern.findall(text):
            found[PLACE_INPUTS[name]].add(value.replace('\\"', '"').replace("\\\\", "\\"))
    return found


def territory_files(lists, compared):
    """The values `localisation` accepts, one per line: the value, a tab, then its name."""
    files = {}
    for key, (name, what, extra) in TERRITORY_FILES.items():
        header = (f"{what}. From @etalab/decoupage-administratif (tests/aides_velo/"
                  "package-lock.json), written by tools/aides_velo/generate.py.")
        text = "".join(f"# {line}\n" for line in textwrap.wrap(header, 96))
        seen = {value for value, _ in lists[key]}
        rows = lists[key] + [row for row in extra if row[0] not in seen]
        seen |= {row[0] for row in extra}
        rows += [[value, "spelt so by the model's rules, not in the package's list "
                  "(docs/schemes/aides_velo.md)"] for value in sorted(compared[key] - seen - {""})]
        text += "".join(f"{value}\t{label}\n" for value, label in rows)
        files[os.path.join("territoires", name)] = text
    return files


def level_folder(level):
    return {"commune": "communes", "intercommunalité": "intercommunalites",
            "département": "departements", "région": "regions", "état": "etats"}[level]


def blanks_as_fmt_writes(text):
    """The blanks of `text` as `bareme fmt` leaves them (docs/editor.md, "Formatter"): no blank at a
    line's end, at most one blank line in a row, none at the start, one line break at the end.
    The rest of the layout the renderer already writes canonically (the fmt/check_bundled test)."""
    out = []
    for line in text.split("\n"):
        line = line.rstrip()
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def write_all(out, files):
    for path, text in files.items():
        full = os.path.join(out, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(blanks_as_fmt_writes(text) if path.endswith(".bareme") else text)


if __name__ == "__main__":
    sys.exit(main())
