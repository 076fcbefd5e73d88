# Values read without silent change: numeric date columns refused, integers out of range refused
# by column and row (never wrapped), floats read by one rule (their 15-significant-digit decimal,
# then at most the unit's places) in score and in evaluate alike.
import datetime
import decimal

import bareme
import numpy as np
import pandas as pd
import pytest
from bareme.columns import to_column

BASE = {"filed_on": ["2024-01-01"], "price": [10.0], "dwelling": ["house"]}


@pytest.mark.parametrize("days", [np.array([19723]), np.array([19723.0]), [19723], pd.Series([19723], dtype="Int64")])
def test_numeric_dates_refused(kinds, days):
    with pytest.raises(bareme.BadColumn, match="filed_on.*number"):
        kinds.score(dict(BASE, filed_on=days))


def test_mixed_dates_refused_and_dates_read(kinds):
    with pytest.raises(bareme.BadColumn, match="row 1"):
        kinds.score(dict(BASE, filed_on=np.array(["2024-01-01", 19723], dtype=object), price=[10.0, 10.0],
                         dwelling=["house", "house"]))
    got = kinds.score(dict(BASE, filed_on=np.array([datetime.date(2024, 1, 1), "2024-01-02"], dtype=object),
                           price=[10.0, 10.0], dwelling=["house", "house"]))
    assert list(got["filed_on"].dt.strftime("%Y-%m-%d")) == ["2024-01-01", "2024-01-02"]


def test_integers_out_of_range_refused(kinds):
    idx = pd.RangeIndex(2)
    with pytest.raises(bareme.BadColumn, match=r"'shares', row 1.*too large"):
        to_column(kinds.input("shares"), np.array([1, 2**63], dtype=np.uint64), idx)
    with pytest.raises(bareme.BadColumn, match=r"'shares', row 0"):
        to_column(kinds.input("shares"), pd.Series([2**63, 1], dtype="UInt64"), idx)
    with pytest.raises(bareme.BadColumn, match=r"'price', row 1.*too large"):
        to_column(kinds.input("price"), np.array([5, np.iinfo(np.int64).min], dtype=np.int64), idx)
    with pytest.raises(bareme.BadColumn, match=r"'price', row 0.*too large"):
        to_column(kinds.input("price"), np.array([2**62, 1], dtype=np.uint64), idx)
    with pytest.raises(bareme.BadColumn, match=r"'price', row 0.*too large"):
        to_column(kinds.input("price"), np.array([2**70, 1], dtype=object), idx)
    limit = np.iinfo(np.int64).max // 100
    cents, _ = to_column(kinds.input("price"), np.array([limit, -limit], dtype=np.int64), idx)
    assert list(cents) == [limit * 100, -limit * 100]
    big, _ = to_column(kinds.input("shares"), np.array([2**63 - 1, 0], dtype=np.uint64), idx)
    assert list(big) == [2**63 - 1, 0]
    small, _ = to_column(kinds.input("price"), np.array([-3, 4], dtype=np.int8), idx)
    assert list(small) == [-300, 400]


def test_float_rule(kinds):
    idx = pd.RangeIndex(1)
    price = kinds.input("price")
    for bad in (5e9 + 0.005, 0.125, 1e-7, 1e19):
        with pytest.raises(bareme.BadColumn, match="price"):
            to_column(price, np.array([bad]), idx)
        with pytest.raises(bareme.BadColumn, match="price"):
            to_column(price, np.array([bad], dtype=object), idx)
    for value, cents in ((0.1 + 0.2, 30), (1.15, 115), (12345678901234.56, 1234567890123456), (-0.07, -7), (1e16, 10**18)):
        assert list(to_column(price, np.array([value]), idx)[0]) == [cents], value
        assert list(to_column(price, np.array([value], dtype=object), idx)[0]) == [cents], value
    rate = kinds.input("share_rate")
    assert list(to_column(rate, np.array([0.1 + 0.7]), idx)[0]) == [800000]
    with pytest.raises(bareme.BadColumn, match="millionths"):
        to_column(rate, np.array([0.1234567]), idx)
    assert list(to_column(kinds.input("shares"), np.array([3.0000000000000004]), idx)[0]) == [3]


def test_score_and_evaluate_agree_on_floats(kinds):
    app = {"filed_on": "2024-01-01", "dwelling": "house"}
    for price in (0.1 + 0.2, 1000.2, 12345.67):
        r = kinds.evaluate(dict(app, price=price))
        s = kinds.score({k: [v] for k, v in dict(app, price=price).items()})
        assert r.amount == decimal.Decimal(int(s["amount_cents"][0])) / 100, price
    for price in (5e9 + 0.005, 0.125):
        with pytest.raises(bareme.BadInput):
            kinds.evaluate(dict(app, price=price))
        with pytest.raises(bareme.BadColumn):
            kinds.score({k: [v] for k, v in dict(app, price=price).items()})
    assert kinds.missing({"price": 0.1 + 0.2}).status is not None
    assert kinds.explain(dict(app, price=np.float64(0.1) + np.float64(0.2))).result.eligible is True


def test_float32_and_long_decimals(kinds):
    idx = pd.RangeIndex(2)
    price = kinds.input("price")
    assert list(to_column(price, np.array([0.1, 2.35], dtype=np.float32), idx)[0]) == [10, 235]
    assert list(to_column(price, np.array([np.float32(0.1), 2], dtype=object), idx)[0]) == [10, 200]
    with pytest.raises(bareme.BadColumn, match="cents"):
        to_column(price, np.array([decimal.Decimal("10000000000000000.0000000000001"), 1], dtype=object), idx)
    with pytest.raises(bareme.BadColumn, match="finite"):
        to_column(price, np.array([decimal.Decimal("Infinity"), 1], dtype=object), pd.RangeIndex(2))
