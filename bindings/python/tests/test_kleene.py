# Partial rows through both engines (docs/semantics.md §3.12): the JIT and the interpreter give
# the same answer on every row, and that answer is partial evaluation's (`Scheme.missing`):
# not eligible when a condition fails for sure, even with inputs missing; cannot decide
# (MissingInput) otherwise; a runtime error other than a missing input still ends the row.
import pathlib

import bareme
import pandas as pd
import pytest

LIB = pathlib.Path(__file__).resolve().parents[3] / "tests" / "semantics" / "missing_kleene_lib.bareme"
ROWS = [
    dict(kind=60),                        # c_and false whatever a is: not eligible
    dict(kind=5),                         # nothing fails for sure: cannot decide
    dict(kind=2, a=1),                    # the branches of c_if disagree: cannot decide
    dict(kind=200),                       # known_kind and c_and fail
    dict(kind=2, a=1, b=5, flag=True),    # everything given: eligible
    dict(kind=200, b=0),                  # a division by zero ends the row
    dict(a=-1),                           # kind is missing, c_and fails all the same
    dict(a=5, b=0),                       # a missing kind first, then a division by zero
    dict(kind=3, flag=False),
    dict(),
]
EXPECTED = [  # (eligible, error, first failed condition)
    (False, None, "c_and"), (None, "MissingInput", None), (None, "MissingInput", None),
    (False, None, "known_kind"), (True, None, None), (None, "DivisionByZero", None),
    (False, None, "c_and"), (None, "MissingInput", None), (None, "MissingInput", None),
    (None, "MissingInput", None),
]


@pytest.fixture(scope="module")
def kleene():
    return bareme.load(str(LIB), scheme="kleene")


def frame():
    return pd.DataFrame({k: pd.Series([r.get(k) for r in ROWS], dtype="object") for k in ("kind", "a", "b", "flag")})


def answers(scored):
    out = []
    for _, row in scored.iterrows():
        error = None if pd.isna(row["error"]) else row["error"]
        eligible = None if pd.isna(row["eligible"]) else bool(row["eligible"])
        failed = None if pd.isna(row["first_failed"]) else row["first_failed"]
        out.append((eligible, error, failed))
    return out


def test_both_engines_decide_partial_rows_alike(kleene):
    jit = answers(kleene.score(frame(), engine="jit"))
    interp = answers(kleene.score(frame(), engine="interp"))
    assert jit == interp
    assert jit == EXPECTED


def test_partial_evaluation_agrees_with_the_engines(kleene):
    if not hasattr(bareme._ffi.library(), "bareme_missing"):
        pytest.skip("this libbareme has no bareme_missing yet")
    for row, (eligible, error, failed) in zip(ROWS, EXPECTED):
        m = kleene.missing(row)
        if error == "MissingInput":
            assert m.status == "undetermined", row
            assert m.inputs, row
        elif error is None:
            assert m.status == ("eligible" if eligible else "not_eligible"), row
            if failed:
                assert m["failed_condition"]["condition"] == failed, row
        result = kleene.evaluate(row)  # bareme_evaluate: the interpreter on one JSON application
        assert result.error == error, row
        if error is None:
            assert result.eligible == eligible, row
