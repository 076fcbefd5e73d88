# Scheme.score over typed columns: the same rows as `bareme score` of a CSV written from the same
# data (eligibility, amount, error code, first refusal, outputs), every input kind converted
# vectorised, int64 columns passed without a copy, bad columns refused by name and row.
import decimal
import json
import subprocess

import bareme
import numpy as np
import pandas as pd
import pytest
from bareme.columns import to_column
from conftest import KINDS

N = 3000


def population(seed=7):
    rng = np.random.default_rng(seed)
    days = rng.integers(np.datetime64("2020-01-01").astype(int), np.datetime64("2032-12-31").astype(int), N)
    price_cents = rng.integers(-1000, 2_500_000, N)
    price_cents[rng.random(N) < 0.05] = 0
    price = (price_cents / 100).astype(float)
    price[rng.random(N) < 0.03] = np.nan  # a missing required input: the row is undetermined
    shares = pd.array(rng.integers(0, 4, N), dtype="Int64")
    shares[rng.random(N) < 0.1] = pd.NA  # the default 1 applies
    dwelling = np.array(["house", "flat", "boat"], dtype=object)[rng.integers(0, 3, N)]
    dwelling[rng.random(N) < 0.02] = None
    power = rng.integers(0, 300, N) / 10
    rate = rng.integers(0, 101, N) / 100
    insulated = pd.array(rng.random(N) < 0.5, dtype="boolean")
    insulated[rng.random(N) < 0.2] = pd.NA
    return pd.DataFrame({
        "filed_on": pd.to_datetime(days.astype("datetime64[D]")),
        "price": price, "shares": shares, "dwelling": dwelling, "power": power,
        "share_rate": rate, "insulated": insulated,
        "factor": [decimal.Decimal(x) for x in np.array(["1.5", "2.25", "0.5"])[rng.integers(0, 3, N)]],
        "row_id": np.arange(N),  # names no input: ignored
    })


def csv_of(df):
    out = pd.DataFrame({
        "filed_on": df["filed_on"].dt.strftime("%Y-%m-%d"),
        "price": [("" if np.isnan(p) else f"{p:.2f}") for p in df["price"]],
        "shares": df["shares"].astype("string").fillna(""),
        "dwelling": df["dwelling"].fillna(""),
        "power": [f"{p:.1f}" for p in df["power"]],
        "share_rate": [f"{r:.2f}" for r in df["share_rate"]],
        "insulated": df["insulated"].map({True: "true", False: "false"}).astype(object).where(df["insulated"].notna(), ""),
        "factor": [str(f) for f in df["factor"]],
    })
    return out.to_csv(index=False)


def cli_rows(cli, tmp_path, df):
    (tmp_path / "apps.csv").write_text(csv_of(df))
    out = tmp_path / "results.jsonl"
    subprocess.run([cli, "score", str(KINDS), "--input", str(tmp_path / "apps.csv"), "--output", str(out), "--quiet"],
                   check=True)
    return [json.loads(line, parse_float=decimal.Decimal) for line in out.read_text().splitlines()]


def test_score_equals_cli(kinds, cli, tmp_path):
    df = population()
    got = kinds.score(df)
    want = cli_rows(cli, tmp_path, df)
    assert len(got) == len(want) == N
    assert list(got.index) == list(df.index)
    decided = undetermined = decided_without_inputs = 0
    for i, w in enumerate(want):
        g = got.iloc[i]
        if w.get("error"):
            undetermined += 1
            assert pd.isna(g["eligible"]) and pd.isna(g["amount_cents"]), (i, w)
            code = w["error"].split(":")[0]
            assert g["error"] == code or (code not in ("MissingInput",) and not pd.isna(g["error"])), (i, w, g["error"])
            continue
        decided += 1
        assert pd.isna(g["error"]), (i, w, g["error"])
        assert bool(g["eligible"]) == w["eligible"], (i, w)
        assert g["amount_cents"] == int(w["amount"] * 100), (i, w)
        assert g["amount"] == float(w["amount"])
        failed = [f for f in w["failed"].split("|") if f]
        assert (g["first_failed"] if not pd.isna(g["first_failed"]) else None) == (failed[0] if failed else None), (i, w)
        o = w["outputs"]
        # A row decided without an input (not eligible: docs/semantics.md §3.12) cannot compute
        # the outputs that read it: the command line gives null or their error, the columns NA.
        absent = set()
        for name in ("shares", "big", "share_rate", "doubled", "power_counted", "dwelling", "filed_on"):
            if o[name] is None or isinstance(o[name], dict):
                assert pd.isna(g[name]), (i, name, o[name], g[name])
                assert o[name] is None or o[name]["error"] == "MissingInput", (i, name, o[name])
                absent.add(name)
        decided_without_inputs += bool(absent)
        same = {
            "shares": lambda: g["shares"] == o["shares"],
            "big": lambda: bool(g["big"]) == o["big"],
            "dwelling": lambda: g["dwelling"] == o["dwelling"],
            "filed_on": lambda: g["filed_on"].strftime("%Y-%m-%d") == o["filed_on"],
            "share_rate": lambda: g["share_rate"] == pytest.approx(float(o["share_rate"])),
            "doubled": lambda: g["doubled"] == pytest.approx(float(o["doubled"])),
            "power_counted": lambda: g["power_counted"] == pytest.approx(float(o["power_counted"])),
        }
        for name, check in same.items():
            if name not in absent:
                assert check(), (i, name, o[name], g[name])
        if absent:
            continue
        if isinstance(o["per_share"], dict):
            assert pd.isna(g["per_share"]) and o["per_share"]["error"] == "DivisionByZero"
        else:
            assert abs(g["per_share"] - float(o["per_share"])) < 0.01
    # every kind of row was compared
    assert decided > N // 2 and undetermined > 50 and decided_without_inputs > 10


def test_dtypes(kinds):
    got = kinds.score(population().head(50))
    assert str(got["eligible"].dtype) == "boolean"
    assert str(got["amount_cents"].dtype) == "Int64"
    assert got["amount"].dtype == np.float64
    assert isinstance(got["error"].dtype, pd.CategoricalDtype)
    assert set(got["first_failed"].cat.categories) <= {"priced", "not_boat", "warm", "amount (not applicable)"}
    assert list(got["dwelling"].cat.categories) == ["house", "flat", "boat"]
    assert str(got["filed_on"].dtype).startswith("datetime64")


def test_dict_of_arrays_and_threads(kinds):
    df = population(11).drop(columns=["row_id"])
    arrays = {
        "filed_on": df["filed_on"].to_numpy(),
        "price": df["price"].to_numpy(),
        "shares": df["shares"].to_numpy(dtype="float64", na_value=np.nan),
        "dwelling": df["dwelling"].to_numpy(),
        "power": df["power"].to_numpy(),
        "share_rate": df["share_rate"].to_numpy(),
        "insulated": df["insulated"].to_numpy(dtype=object),
        "factor": df["factor"].to_numpy(),
    }
    a = kinds.score(arrays, threads=1)
    b = kinds.score(df, threads=0)
    pd.testing.assert_frame_equal(a, b)
    assert list(a.index) == list(range(N))


def test_int64_columns_are_not_copied(kinds):
    shares = np.arange(10, dtype=np.int64)
    values, validity = to_column(kinds.input("shares"), shares, pd.RangeIndex(10))
    assert np.shares_memory(values, shares) and validity is None
    cents, _ = to_column(kinds.input("price"), np.array([1, 2], dtype=np.int64), pd.RangeIndex(2))
    assert list(cents) == [100, 200]


def test_enum_categorical_and_dates_as_text(kinds):
    df = pd.DataFrame({"filed_on": ["2024-01-01", "2024-02-01"], "price": [1000, 2000],
                       "dwelling": pd.Categorical(["flat", "house"], categories=["house", "flat"])})
    got = kinds.score(df)
    assert list(got["dwelling"]) == ["flat", "house"]
    assert list(got["amount_cents"]) == [75000, 150000]


def test_bad_columns(kinds):
    base = {"filed_on": ["2024-01-01"], "price": [10.0], "dwelling": ["house"]}
    with pytest.raises(bareme.BadColumn, match="cents"):
        kinds.score(dict(base, price=[12.345]))
    with pytest.raises(bareme.BadColumn, match="castle"):
        kinds.score(dict(base, dwelling=["castle"]))
    with pytest.raises(bareme.BadColumn, match="not a date"):
        kinds.score(dict(base, filed_on=["yesterday"]))
    with pytest.raises(bareme.BadColumn, match="lengths"):
        kinds.score(dict(base, price=[1.0, 2.0]))
    with pytest.raises(bareme.BadColumn, match="not a boolean"):
        kinds.score(dict(base, insulated=["yes"]))
    with pytest.raises(bareme.BadColumn, match="not numbers"):
        kinds.score(dict(base, dwelling=[1]))
    with pytest.raises(bareme.BadArgument):
        kinds.score(None)
    with pytest.raises(bareme.BadArgument):
        kinds.score(dict(base, price=5))
    with pytest.raises(bareme.UnknownName):
        kinds.score(dict(base, pricee=[1.0]), strict=True)
    with pytest.raises(bareme.BadOption):
        kinds.score(base, as_of="soon")


def test_empty_frame(kinds):
    got = kinds.score(pd.DataFrame({"filed_on": pd.Series([], dtype="datetime64[ns]"),
                                    "price": pd.Series([], dtype=float), "dwelling": pd.Series([], dtype=object)}))
    assert len(got) == 0 and "amount" in got.columns
