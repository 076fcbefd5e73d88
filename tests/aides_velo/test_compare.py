#!/usr/bin/env python3
"""Unit tests of compare.py (the aides-vélo differential comparator) on hand-made rows: rounding
to the cent, not applicable against not eligible, levels, the total, known differences and what
follows from them, and the exit codes. Needs neither node nor the catalogue."""
import json
import subprocess
import sys
import tempfile
import unittest
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import compare  # noqa: E402

MANIFEST = {
    "questions": [{"rule": "vélo . prix", "column": "prix", "kind": "money", "default": None}],
    "aids": [
        {"rule": "aides . paris", "name": "paris", "level": "commune"},
        {"rule": "aides . lyon", "name": "lyon", "level": "commune"},
        {"rule": "aides . bonus", "name": "bonus", "level": "état"},
    ],
    # Levels named as Barème names them, aids naming their level as the model does.
    "levels": [{"rule": "aides . commune", "name": "communes"}, {"rule": "aides . état", "name": "états"}],
    "total": {"rule": "aides . montant"},
}


def D(x):
    return None if x is None else Decimal(str(x))


def sit(row, prix=1000):
    return {"row": row, "inputs": {"vélo . prix": prix}, "situation": {}, "place": "p", "target": None}


def pub(row, paris=None, lyon=None, bonus=None, commune=0, etat=0):
    return {"row": row, "aids": {"aides . paris": D(paris), "aides . lyon": D(lyon), "aides . bonus": D(bonus)},
            "levels": {"aides . commune": D(commune), "aides . état": D(etat)}, "total": D((commune or 0) + (etat or 0))}


def aid(eligible, amount, refusal=None):
    return {"eligible": eligible, "amount": D(amount), "refusal": refusal}


def bar(row, paris, lyon, bonus, commune, etat, total):
    return {"row": row, "levels": {"communes": D(commune), "états": D(etat), "all": D(total)}, "total": D(total),
            "aids": {"paris": paris, "lyon": lyon, "bonus": bonus}}


class Rounding(unittest.TestCase):
    def test_half_away_from_zero(self):
        self.assertEqual(compare.cents(Decimal("416.665")), 41667)
        self.assertEqual(compare.cents(Decimal("416.66499999999996")), 41666)
        self.assertEqual(compare.cents(Decimal("-0.005")), -1)
        self.assertEqual(compare.cents(Decimal("200")), 20000)
        self.assertIsNone(compare.cents(None))

    def test_half_cent_tie(self):
        self.assertTrue(compare.half_cent_tie(Decimal("416.66499999999996")))
        self.assertTrue(compare.half_cent_tie(Decimal("416.665")))
        self.assertFalse(compare.half_cent_tie(Decimal("416.664")))
        self.assertFalse(compare.half_cent_tie(None))


class Rows(unittest.TestCase):
    def setUp(self):
        compare.LEVEL_RULES.clear()
        compare.LEVEL_RULES.update(lvl["rule"] for lvl in MANIFEST["levels"])

    def kinds(self, p, b):
        return sorted((m["rule"], m["kind"]) for m in compare.compare_row(MANIFEST, sit(p["row"]), p, b))

    def test_agreement(self):
        p = pub(1, paris=416.666, bonus=None, commune=416.666)
        b = bar(1, aid(True, 416.67), aid(False, 0, "here"), aid(False, 0, "income"), 416.67, 0, 416.67)
        self.assertEqual(self.kinds(p, b), [])

    def test_amount_level_total(self):
        p = pub(1, paris=400, commune=400, bonus=100, etat=100)
        b = bar(1, aid(True, 300), aid(False, 0), aid(True, 100), 300, 100, 400)
        self.assertEqual(self.kinds(p, b), [("aides . commune", "level"), ("aides . montant", "total"),
                                            ("aides . paris", "amount")])

    def test_applicable_zero_against_not_eligible(self):
        # Publicodes 0 € (applicable) and Barème not eligible: same amount, other applicability.
        p = pub(1, paris=0, commune=0)
        b = bar(1, aid(False, 0, "amount (not applicable)"), aid(False, 0), aid(False, 0), 0, 0, 0)
        self.assertEqual(self.kinds(p, b), [("aides . paris", "applicability")])

    def test_undecided_and_errors(self):
        p = pub(1, paris=10, commune=10)
        b = bar(1, aid(None, None, "DivisionByZero"), aid(False, 0), aid(False, 0), None, 0, None)
        self.assertEqual(self.kinds(p, b), [("aides . commune", "undecided"), ("aides . montant", "total"),
                                            ("aides . paris", "undecided")])
        self.assertEqual(self.kinds(pub(1), {"row": 1, "error": "prix: not money", "column": "prix"}),
                         [("(row)", "bareme error")])

    def test_total_is_the_sum_of_rounded_levels(self):
        # 0.004 + 0.004: each level rounds to 0.00, so the total is 0.00 (not 0.01).
        p = pub(1, paris=0.004, bonus=0.004, commune=0.004, etat=0.004)
        b = bar(1, aid(True, 0), aid(False, 0), aid(True, 0), 0, 0, 0)
        self.assertEqual(self.kinds(p, b), [])

    def test_known_differences_and_what_follows(self):
        known = [{"id": "cheap", "rule": "aides . paris", "cause": "c",
                  "match": {"inputs": {"vélo . prix": {"<": 1}}, "publicodes": {">=": 0}}}]
        p = pub(1, paris=0.3, commune=0.3)
        b = bar(1, aid(False, 0), aid(False, 0), aid(False, 0), 0, 0, 0)
        ms = compare.compare_row(MANIFEST, sit(1, prix=0.5), p, b)
        compare.explain(ms, known, MANIFEST)
        self.assertEqual({m["kind"]: m["explained"] for m in ms},
                         {"amount": "cheap", "level": "follows: cheap", "total": "follows: cheap"})
        ms = compare.compare_row(MANIFEST, sit(1, prix=2), p, b)
        compare.explain(ms, known, MANIFEST)
        self.assertTrue(all(m["explained"] is None for m in ms))

    def test_rules_one_cent_apart(self):
        # An aid read by another as paid: one cent apart is explained for the rules listed only.
        known = [{"id": "as-paid", "rules": ["aides . lyon", "aides . paris"], "cause": "c", "kinds": ["amount"],
                  "match": {"one_cent_apart": True}}]
        for paid, explained in [(33.42, "as-paid"), (33.43, None)]:
            p = pub(1, paris=33.4125, commune=33.4125)
            b = bar(1, aid(True, paid), aid(False, 0), aid(False, 0), paid, 0, paid)
            ms = compare.compare_row(MANIFEST, sit(1), p, b)
            compare.explain(ms, known, MANIFEST)
            self.assertEqual({m["kind"]: m["explained"] for m in ms},
                             {"amount": explained, "level": explained and "follows: " + explained,
                              "total": explained and "follows: " + explained})
        # The level took another aid (200 €): a cent explained on paris does not explain it.
        p = pub(1, paris=33.4125, commune=33.4125)
        b = bar(1, aid(True, 33.42), aid(False, 0), aid(False, 0), 200, 0, 200)
        ms = compare.compare_row(MANIFEST, sit(1), p, b)
        compare.explain(ms, known, MANIFEST)
        self.assertEqual({m["kind"]: m["explained"] for m in ms}, {"amount": "as-paid", "level": None, "total": None})
        known[0]["rules"] = []  # an empty list names no rule
        ms = compare.compare_row(MANIFEST, sit(1), pub(1, paris=33.4125, commune=33.4125),
                                 bar(1, aid(True, 33.42), aid(False, 0), aid(False, 0), 33.42, 0, 33.42))
        compare.explain(ms, known, MANIFEST)
        self.assertTrue(all(m["explained"] is None for m in ms))
        known[0]["rules"] = ["aides . lyon"]
        p = pub(1, paris=33.4125, commune=33.4125)
        b = bar(1, aid(True, 33.42), aid(False, 0), aid(False, 0), 33.42, 0, 33.42)
        ms = compare.compare_row(MANIFEST, sit(1), p, b)
        compare.explain(ms, known, MANIFEST)
        self.assertTrue(all(m["explained"] is None for m in ms))

    def test_publicodes_undetermined(self):
        # Publicodes leaves a value undefined on a reference cycle: never a match, and explainable.
        p = pub(1, paris=None, commune=0)
        p["aids"]["aides . lyon"] = "undetermined"
        p["levels"]["aides . commune"] = "undetermined"
        b = bar(1, aid(False, 0), aid(True, 50), aid(False, 0), 50, 0, 50)
        ms = compare.compare_row(MANIFEST, sit(1), p, b)
        self.assertEqual(sorted((m["rule"], m["kind"]) for m in ms),
                         [("aides . commune", "publicodes undetermined"), ("aides . lyon", "publicodes undetermined"),
                          ("aides . montant", "publicodes undetermined")])
        known = [{"id": "cycle", "rule": "aides . lyon", "cause": "c", "kinds": ["publicodes undetermined"],
                  "match": {"publicodes": "undetermined"}}]
        compare.explain(ms, known, MANIFEST)
        self.assertEqual(sorted(m["explained"] for m in ms), ["cycle", "follows: cycle", "follows: cycle"])

    def test_matchers(self):
        self.assertTrue(compare.holds({"in": ["a", "b"]}, "a"))
        self.assertTrue(compare.holds({">=": 1, "<": 2}, 1.5))
        self.assertFalse(compare.holds({"<": 1}, None))
        self.assertTrue(compare.holds({"absent": True}, None))
        self.assertTrue(compare.holds(3, Decimal("3.00")))
        self.assertTrue(compare.holds(None, None))


class Exit(unittest.TestCase):
    def run_compare(self, pubs, bars, known=None):
        with tempfile.TemporaryDirectory() as d:
            d = Path(d)
            (d / "m.json").write_text(json.dumps(MANIFEST))
            write = lambda name, rows: (d / name).write_text("".join(json.dumps(r, default=float) + "\n" for r in rows))
            write("s.jsonl", [sit(p["row"]) for p in pubs])
            write("p.jsonl", pubs)
            write("b.jsonl", bars)
            (d / "k.json").write_text(json.dumps({"differences": known or []}))
            r = subprocess.run([sys.executable, str(HERE / "compare.py"), "--manifest", str(d / "m.json"),
                                "--situations", str(d / "s.jsonl"), "--publicodes", str(d / "p.jsonl"),
                                "--bareme", str(d / "b.jsonl"), "--known", str(d / "k.json"),
                                "--report", str(d / "r.md")], capture_output=True, text=True)
            return r.returncode, r.stdout + r.stderr

    def test_exit_codes(self):
        good = bar(1, aid(True, 400), aid(False, 0), aid(False, 0), 400, 0, 400)
        bad = bar(1, aid(True, 300), aid(False, 0), aid(False, 0), 300, 0, 300)
        p = pub(1, paris=400, commune=400)
        code, out = self.run_compare([p], [good])
        self.assertEqual(code, 0, out)
        self.assertIn("0 mismatches", out)
        code, out = self.run_compare([p], [bad])
        self.assertEqual(code, 1, out)
        self.assertIn("MISMATCH aides . paris", out)
        code, out = self.run_compare([p], [bad], [{"id": "x", "rule": "aides . paris", "cause": "c",
                                                   "match": {"bareme": 300}}])
        self.assertEqual(code, 0, out)
        self.assertIn("explained by x: 1", out)
        code, out = self.run_compare([p, pub(2)], [good])
        self.assertEqual(code, 2, out)


if __name__ == "__main__":
    unittest.main()
