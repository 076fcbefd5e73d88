#!/usr/bin/env python3
"""Compares Barème's `score --all --columns` rows with Publicodes' on the aides-vélo situations.

Per row: every aid of the manifest (amount to the cent, and applicability: Publicodes null is
Barème not eligible), every level, and the total (Barème's against the sum of the Publicodes
levels each rounded to the cent). Publicodes floats are rounded half away from zero, from the
shortest decimal that prints them. Mismatches matched by tests/aides_velo/known_differences.json
are explained; any other fails the run (exit 1). Exit 2 on a setup problem.

  compare.py --manifest M --situations S.jsonl --publicodes P.jsonl --bareme B.jsonl
             [--known known_differences.json] [--report report.md] [--samples 1]
"""
import argparse
import json
import sys
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
CENT = Decimal("0.01")


def die(message):
    print(message, file=sys.stderr)
    sys.exit(2)


def cents(x):
    """Integer cents of a number (Decimal or int), half away from zero; None stays None."""
    if x is None:
        return None
    return int((Decimal(x).quantize(CENT, rounding=ROUND_HALF_UP)) * 100)


def read_jsonl(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line, parse_float=Decimal))
                except json.JSONDecodeError as e:
                    die(f"compare: {path}:{n}: not JSON: {e}")
    return rows


def fmt(c):
    return "null" if c is None else f"{Decimal(c) / 100:.2f}"


# ---- known differences ------------------------------------------------------------------------

OPS = {
    "<": lambda a, b: a is not None and a < b,
    "<=": lambda a, b: a is not None and a <= b,
    ">": lambda a, b: a is not None and a > b,
    ">=": lambda a, b: a is not None and a >= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "in": lambda a, b: a in b,
}


def holds(cond, value):
    """`cond` is a literal (equality) or {op: operand, ...} with the ops above, or {"absent": true}."""
    if isinstance(cond, dict):
        for op, operand in cond.items():
            if op == "absent":
                if (value is None) != bool(operand):
                    return False
            elif op not in OPS:
                raise ValueError(f"unknown operator {op!r}")
            else:
                a = Decimal(str(value)) if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) else value
                b = operand
                if isinstance(b, (int, float)) and not isinstance(b, bool):
                    b = Decimal(str(b))
                try:
                    if not OPS[op](a, b):
                        return False
                except TypeError:
                    return False
        return True
    if isinstance(cond, (int, float)) and not isinstance(cond, bool) and isinstance(value, (int, float, Decimal)):
        return Decimal(str(cond)) == Decimal(str(value))
    return cond == value


def half_cent_tie(raw):
    """The Publicodes float lies within a millionth of a cent of a half cent."""
    if raw is None or raw == UNDETERMINED:
        return False
    frac = (Decimal(raw) * 100) % 1
    return abs(abs(frac) - Decimal("0.5")) < Decimal("0.000001")


def matches(known, m):
    targets = known["rules"] if "rules" in known else [known.get("rule", "*")]
    if "*" not in targets and m["rule"] not in targets:
        return False
    if "kinds" in known and m["kind"] not in known["kinds"]:
        return False
    match = known.get("match", {})
    for rule, cond in match.get("inputs", {}).items():
        if not holds(cond, m["inputs"].get(rule)):
            return False
    if "publicodes" in match and not holds(match["publicodes"], m["raw"]):
        return False
    if "bareme" in match and not holds(match["bareme"], None if m["got"] is None else Decimal(m["got"]) / 100):
        return False
    if match.get("half_cent_tie") and not (half_cent_tie(m["raw"]) and m["got"] is not None
                                            and m["want"] is not None and abs(m["got"] - m["want"]) == 1):
        return False
    if match.get("one_cent_apart") and not (m["got"] is not None and m["want"] is not None
                                            and abs(m["got"] - m["want"]) == 1):
        return False
    return True


# ---- comparison -------------------------------------------------------------------------------

UNDETERMINED = "undetermined"
UNDETERMINED_KIND = "publicodes undetermined"


def bareme_amount(b):
    """An aid's Barème amount in cents: 0 when not eligible, None when undecided."""
    if b.get("eligible") is None:
        return None
    return cents(b.get("amount")) if b.get("eligible") else 0


def compare_row(manifest, sit, pub, bar):
    """The mismatches of one row: dicts with rule, name, level, kind, want, got, raw."""
    out = []
    base = {"row": sit["row"], "inputs": sit["inputs"], "place": sit.get("place"), "target": sit.get("target")}

    def add(rule, name, level, kind, want, got, raw, note=""):
        out.append({**base, "rule": rule, "name": name, "level": level, "kind": kind,
                    "want": want, "got": got, "raw": raw, "note": note})

    if "error" in pub:
        add("(row)", "(row)", None, "publicodes error", None, None, None, pub["error"])
        return out
    if "error" in bar:
        add("(row)", "(row)", None, "bareme error", None, None, None, f'{bar.get("column", "")}: {bar["error"]}')
        return out
    baids = bar.get("aids")
    if baids is None:
        die("compare: the Barème rows have no `aids`: was `bareme score` run with --all --columns?")
    for aid in manifest["aids"]:
        raw = pub["aids"].get(aid["rule"])
        b = baids.get(aid["name"])
        if b is None:
            add(aid["rule"], aid["name"], aid["level"], "missing in bareme output", cents(raw), None, raw)
            continue
        if raw == UNDETERMINED:
            add(aid["rule"], aid["name"], aid["level"], UNDETERMINED_KIND, None, bareme_amount(b), raw)
            continue
        if b.get("eligible") is None:
            add(aid["rule"], aid["name"], aid["level"], "undecided", cents(raw), None, raw, b.get("refusal") or "")
            continue
        want = cents(raw) if raw is not None else 0
        got = cents(b.get("amount")) if b.get("eligible") else 0
        if want != got:
            add(aid["rule"], aid["name"], aid["level"], "amount", want, got, raw, b.get("refusal") or "")
        elif (raw is not None) != bool(b.get("eligible")):
            add(aid["rule"], aid["name"], aid["level"], "applicability", want, got, raw,
                f'Publicodes {"applicable" if raw is not None else "not applicable"}, Barème '
                f'{"eligible" if b.get("eligible") else "not eligible"} ({b.get("refusal") or ""})')
    want_total = 0
    for lvl in manifest["levels"]:
        raw = pub["levels"].get(lvl["rule"])
        got = bar.get("levels", {}).get(lvl["name"], "missing")
        if raw == UNDETERMINED:
            want_total = None
            add(lvl["rule"], lvl["name"], lvl["name"], UNDETERMINED_KIND, None, None if got in (None, "missing") else cents(got), raw)
            continue
        want = cents(raw) if raw is not None else 0
        if want_total is not None:
            want_total += want
        if got == "missing":
            add(lvl["rule"], lvl["name"], lvl["name"], "missing in bareme output", want, None, raw)
        elif got is None:
            add(lvl["rule"], lvl["name"], lvl["name"], "undecided", want, None, raw)
        elif cents(got) != want:
            add(lvl["rule"], lvl["name"], lvl["name"], "level", want, cents(got), raw)
    got = bar.get("total")
    if want_total is None:
        add(manifest["total"]["rule"], "total", None, UNDETERMINED_KIND, None, cents(got), pub.get("total"))
    elif got is None or cents(got) != want_total:
        add(manifest["total"]["rule"], "total", None, "total", want_total, cents(got), pub.get("total"))
    return out


def explain(mismatches, known, manifest):
    """Marks each mismatch with the id of the known difference that explains it (or None).
    A level's mismatch is explained when its row's mismatches on that level's aids all are (and
    there is one); the total's, when the row's level mismatches all are."""
    by_row = defaultdict(list)
    for m in mismatches:
        m["explained"] = next((k["id"] for k in known if matches(k, m)), None)
        by_row[m["row"]].append(m)
    for ms in by_row.values():
        for m in ms:
            if m["explained"] or m["kind"] not in ("level", "undecided", UNDETERMINED_KIND) or m["rule"] not in LEVEL_RULES:
                continue
            # An aid names its level as the model does (`commune` for `aides . commune`); the
            # level's own name is Barème's (`communes`).
            level = m["rule"].split(" . ")[-1]
            causes = [x for x in ms if x["level"] == level and x["rule"] not in LEVEL_RULES]
            if causes and all(x["explained"] for x in causes) and within(m, causes):
                m["explained"] = "follows: " + ", ".join(sorted({x["explained"] for x in causes}))
        for m in ms:
            if m["explained"] or m["kind"] not in ("total", UNDETERMINED_KIND) or m["name"] != "total":
                continue
            causes = [x for x in ms if x is not m and x["rule"] != "(row)" and x["rule"] in LEVEL_RULES]
            causes = causes or [x for x in ms if x is not m and x["rule"] != "(row)"]
            if causes and all(x["explained"] for x in causes) and within(m, causes):
                m["explained"] = "follows: " + ", ".join(sorted({x["explained"].removeprefix("follows: ") for x in causes}))


LEVEL_RULES = set()


def within(m, causes):
    """A level's or the total's difference is no larger than its causes' differences together:
    an explained cent on an aid does not explain a level that took another aid. Where a value
    is missing (not applicable, undetermined, undecided), there is no size to compare."""
    if m["want"] is None or m["got"] is None:
        return True
    sizes = [abs(x["got"] - x["want"]) for x in causes if x["want"] is not None and x["got"] is not None]
    if len(sizes) < len(causes):
        return True
    return abs(m["got"] - m["want"]) <= sum(sizes)


def sample_text(m):
    inputs = "; ".join(f"{k} = {json.dumps(v, ensure_ascii=False, default=str)}" for k, v in m["inputs"].items())
    lines = [f"- row {m['row']} ({m['place']}; aimed at {m['target'] or 'no aid'}): {m['kind']}: "
             f"Publicodes {fmt(m['want'])} (raw {m['raw']}), Barème {fmt(m['got'])}" + (f" — {m['note']}" if m["note"] else ""),
             f"  - situation: {inputs}"]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--situations", required=True)
    ap.add_argument("--publicodes", required=True)
    ap.add_argument("--bareme", required=True)
    ap.add_argument("--known", default=str(HERE / "known_differences.json"))
    ap.add_argument("--report", help="write the mismatches, grouped by aid, to this Markdown file")
    ap.add_argument("--samples", type=int, default=1, help="sample situations per group (default 1)")
    a = ap.parse_args()

    manifest = json.loads(Path(a.manifest).read_text(encoding="utf-8"))
    LEVEL_RULES.update(lvl["rule"] for lvl in manifest["levels"])
    known = json.loads(Path(a.known).read_text(encoding="utf-8")).get("differences", []) if Path(a.known).exists() else []
    ids = [k.get("id") for k in known]
    for k in known:
        if not k.get("id") or not k.get("cause"):
            die(f"compare: {a.known}: every known difference needs an id and a cause: {k}")
    if len(set(ids)) != len(ids):
        die(f"compare: {a.known}: ids must be unique")
    sits, pubs, bars = read_jsonl(a.situations), read_jsonl(a.publicodes), read_jsonl(a.bareme)
    if not (len(sits) == len(pubs) == len(bars)):
        die(f"compare: row counts differ: {len(sits)} situations, {len(pubs)} Publicodes rows, {len(bars)} Barème rows")

    mismatches = []
    applicable = Counter()
    for s, p, b in zip(sits, pubs, bars):
        if not (s["row"] == p["row"] == b["row"]):
            die(f"compare: rows out of step: situation {s['row']}, Publicodes {p['row']}, Barème {b['row']}")
        mismatches += compare_row(manifest, s, p, b)
        for rule, v in p.get("aids", {}).items():
            if v is not None and v != UNDETERMINED and v > 0:
                applicable[rule] += 1
    explain(mismatches, known, manifest)

    unexplained = [m for m in mismatches if not m["explained"]]
    explained = [m for m in mismatches if m["explained"]]
    groups = defaultdict(list)
    for m in unexplained:
        groups[m["rule"]].append(m)
    used = Counter(m["explained"] for m in explained)
    never = [aid["rule"] for aid in manifest["aids"] if not applicable[aid["rule"]]]
    compared = len(sits) * (len(manifest["aids"]) + len(manifest["levels"]) + 1)

    print(f"compare: {len(sits)} situations, {len(manifest['aids'])} aids and {len(manifest['levels'])} levels "
          f"and the total compared ({compared} values); {len(mismatches)} mismatches, {len(explained)} explained, "
          f"{len(unexplained)} unexplained")
    print(f"compare: aids paying something in at least one situation (Publicodes): "
          f"{len(manifest['aids']) - len(never)}/{len(manifest['aids'])}")
    for gid, n in sorted(used.items()):
        print(f"compare:   explained by {gid}: {n}")
    for k in known:
        if k["id"] not in used and not any(u.endswith(k["id"]) or k["id"] in u for u in used):
            print(f"compare:   known difference {k['id']} matched nothing in this run")
    order = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    for rule, ms in order[:30]:
        kinds = Counter(m["kind"] for m in ms)
        m = ms[0]
        print(f"compare: MISMATCH {rule}: {len(ms)} ({', '.join(f'{k} {n}' for k, n in kinds.items())}); "
              f"e.g. row {m['row']}: Publicodes {fmt(m['want'])}, Barème {fmt(m['got'])}" + (f" ({m['note']})" if m["note"] else ""))
    if len(order) > 30:
        print(f"compare: … and {len(order) - 30} more groups (see the report)")

    if a.report:
        r = ["# aides-vélo: Barème against Publicodes", "",
             f"{len(sits)} situations; {len(mismatches)} mismatches, {len(explained)} explained, "
             f"{len(unexplained)} unexplained.", ""]
        if order:
            r += ["## Unexplained mismatches, by rule", ""]
            for rule, ms in order:
                kinds = Counter(m["kind"] for m in ms)
                r += [f"### {rule} — {len(ms)} ({', '.join(f'{k} {n}' for k, n in kinds.items())})", ""]
                r += [sample_text(m) for m in ms[: a.samples]] + [""]
        if used:
            r += ["## Explained", ""] + [f"- {gid}: {n}" for gid, n in sorted(used.items())] + [""]
        if never:
            r += [f"## Aids that paid nothing in any situation ({len(never)})", "", ", ".join(never), ""]
        Path(a.report).write_text("\n".join(r), encoding="utf-8")
        print(f"compare: report in {a.report}")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
