#!/usr/bin/env python3
"""Aids and questions of the aides-vélo Publicodes model against schemes/aides_velo/manifest.json.

Prints the aids of the model (every rule that `remplace` a level of `aides . montant`), those of
the manifest, and each one missing with its reason from tests/aides_velo/not_ported.json; the
same for the questions. Fails (exit 1) on a missing aid or question that the file does not
explain, on a manifest aid, question or level that the model does not have, and on an entry of
the file that the manifest carries after all. Exit 77 (skipped) without the npm packages or the
catalogue.

  coverage.py [--manifest PATH] [--not-ported PATH]
"""
import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
MODEL = HERE / "node_modules/@betagouv/aides-velo/publicodes-build/aides-velo.model.json"


def model_questions(rules):
    out = []
    for name, rule in rules.items():
        if not isinstance(rule, dict) or ("question" not in rule and "par défaut" not in rule):
            continue
        if any(k in rule for k in ("valeur", "somme", "variations", "formule")):
            continue
        out.append(name)
    return out


def model_levels(rules):
    return list((rules.get("aides . montant") or {}).get("somme", []))


def model_aids(rules):
    levels = {lvl.split(" . ")[-1] for lvl in model_levels(rules)}
    out = {}
    for name, rule in rules.items():
        r = rule.get("remplace") if isinstance(rule, dict) else None
        if not r:
            continue
        target = r if isinstance(r, str) else r.get("références à", "")
        if target.split(" . ")[-1] in levels:
            out[name] = target.split(" . ")[-1]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--manifest", default=str(ROOT / "schemes/aides_velo/manifest.json"))
    ap.add_argument("--not-ported", default=str(HERE / "not_ported.json"))
    a = ap.parse_args()
    if not MODEL.exists():
        print("SKIP: tests/aides_velo/node_modules is missing: run scripts/setup (npm ci in tests/aides_velo)")
        return 77
    if not Path(a.manifest).exists():
        print(f"SKIP: {a.manifest} is missing (the aides-vélo catalogue is not there)")
        return 77
    rules = json.loads(MODEL.read_text(encoding="utf-8"))
    manifest = json.loads(Path(a.manifest).read_text(encoding="utf-8"))
    reasons = json.loads(Path(a.not_ported).read_text(encoding="utf-8"))
    errors = []

    def section(what, model, carried, why):
        missing = [x for x in model if x not in carried]
        extra = [x for x in carried if x not in model]
        print(f"{what}: {len(model)} in the model, {len(carried)} in the manifest, {len(missing)} missing")
        for x in missing:
            if x in why:
                print(f"  missing, explained: {x}: {why[x]}")
            else:
                print(f"  MISSING, not explained in {Path(a.not_ported).name}: {x}")
                errors.append(f"{what}: {x} is missing")
        for x in extra:
            print(f"  NOT IN THE MODEL: {x}")
            errors.append(f"{what}: {x} is not in the model")
        for x in why:
            if x in carried:
                print(f"  STALE: {x} is listed as not ported but the manifest has it")
                errors.append(f"{what}: {x} is listed as not ported")
            elif x not in model:
                print(f"  STALE: {x} is listed as not ported but the model has no such {what[:-1]}")
                errors.append(f"{what}: {x} is not in the model")

    aids = model_aids(rules)
    carried = {}
    for aid in manifest.get("aids", []):
        carried[aid["rule"]] = aid
        if aid["rule"] in aids and aid.get("level") not in (aids[aid["rule"]], None):
            print(f"  LEVEL: {aid['rule']} replaces `{aids[aid['rule']]}` in the model, the manifest says `{aid.get('level')}`")
            errors.append(f"aids: {aid['rule']} has the wrong level")
    section("aids", list(aids), list(carried), reasons.get("aids", {}))
    section("questions", model_questions(rules), [q["rule"] for q in manifest.get("questions", [])],
            reasons.get("questions", {}))
    levels = model_levels(rules)
    got = [lvl["rule"] for lvl in manifest.get("levels", [])]
    print(f"levels: {len(levels)} in the model, {len(got)} in the manifest; total: {manifest.get('total', {}).get('rule')}")
    if sorted(levels) != sorted(got):
        errors.append(f"levels: the model has {levels}, the manifest {got}")
    if manifest.get("total", {}).get("rule") != "aides . montant":
        errors.append("total: the manifest's total is not `aides . montant`")
    names = [aid.get("name") for aid in manifest.get("aids", [])]
    if len(set(names)) != len(names):
        errors.append("aids: two aids of the manifest share a name")
    print(f"coverage: FAILED, {len(errors)} problems (above)" if errors else "coverage: ok")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
