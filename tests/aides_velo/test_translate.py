"""Unit tests of the aides-vélo generator's translation of Publicodes (tools/aides_velo).
Runs under pytest, or alone: `python3 tests/aides_velo/test_translate.py`."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tools", "aides_velo"))
from publicodes_expr import parse, resolve  # noqa: E402
from translate import Translator, Untranslatable, wrap  # noqa: E402

RULES = {
    "prix": {"unité": "€"},
    "revenu": {"unité": "€/an"},
    "taux": {},
    "a . b": {},
    "a . b . c": {},
    "a . x": {},
    "epci": {},
}
KINDS = {"prix": "money", "revenu": "money_year", "taux": "rate", "a . b": "bool",
         "a . b . c": "bool", "a . x": "money", "epci": "text"}


def names(rule, context, part="amount"):
    return rule.replace(" . ", "_"), KINDS[rule]


def translate(node, want=None, context="a . b"):
    return Translator(RULES, names).value(node, context, want)[0]


def test_parse_keeps_an_apostrophe_inside_a_text():
    assert parse("epci = 'CA L'Agglo Foix-Varilhes'") == \
        ("op", "=", ("ref", "epci"), ("str", "CA L'Agglo Foix-Varilhes"))


def test_resolve_looks_in_the_rule_then_its_parents():
    assert resolve("c", "a . b", RULES) == "a . b . c"
    assert resolve("x", "a . b", RULES) == "a . x"
    assert resolve("prix", "a . b", RULES) == "prix"
    assert raises(lambda: resolve("nothing", "a . b", RULES))


def test_monthly_thresholds_become_yearly():
    assert translate("revenu <= 880 €/mois") == "revenu <= 10 560 €/an"


def test_a_yearly_income_against_plain_euros_is_per_year():
    assert translate("revenu <= 15400 €") == "revenu <= 15 400 €/an"


def test_a_plain_number_beside_a_rate_is_a_rate():
    assert translate("prix / (1 + taux)") == "prix / (100 % + taux)"


def test_variations_without_sinon_are_not_applicable():
    node = {"variations": [{"si": "a . b . c", "alors": "100 €"}]}
    assert translate(node, "money") == "if a_b_c then 100 € else not applicable"


def test_a_cap_stated_for_some_cases_caps_nothing_in_the_others():
    node = {"valeur": "prix", "plafond": {"variations": [{"si": "a . b . c", "alors": "100 €"}]}}
    assert translate(node, "money") == "prix capped at (if a_b_c then 100 € else prix)"


def test_mechanisms_chain_in_publicodes_order():
    node = {"valeur": "prix", "abattement": "a . x", "plafond": "500 €", "plancher": "10 €",
            "arrondi": "oui"}
    assert translate(node, "money") == "round(max(max(prix - a_x, 0 €) capped at 500 €, 10 €), 1 €)"


def test_a_rebate_applies_to_the_whole_variations():
    node = {"variations": [{"si": "a . b . c", "alors": "100 €"}, {"sinon": "50 €"}],
            "abattement": "a . x"}
    assert translate(node, "money") == "max((if a_b_c then 100 € else 50 €) - a_x, 0 €)"


def test_conditions_nest_with_parentheses():
    node = {"toutes ces conditions": ["a . b . c", {"une de ces conditions": ["a . b", "a . b . c"]}]}
    assert Translator(RULES, names).condition(node, "a . b") == "a_b_c and (a_b or a_b_c)"


def test_wrap_parenthesises_what_binds_looser():
    assert wrap("a + b", "*") == "(a + b)"
    assert wrap("a * b", "+") == "a * b"
    assert wrap("a - b", "-") == "(a - b)"
    assert wrap("a - b", "-", left=True) == "a - b"
    assert wrap('x == "a or b"', "and") == 'x == "a or b"'


def test_an_unknown_mechanism_is_reported_not_guessed():
    assert raises(lambda: translate({"barème": []}, "money"), Untranslatable)


def raises(call, kind=Exception):
    try:
        call()
    except kind:
        return True
    return False


if __name__ == "__main__":
    tests = [f for name, f in sorted(globals().items()) if name.startswith("test_")]
    failed = 0
    for test in tests:
        try:
            test()
        except AssertionError as error:
            failed += 1
            print(f"FAIL {test.__name__}: {error!r}")
    print(f"{len(tests) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
