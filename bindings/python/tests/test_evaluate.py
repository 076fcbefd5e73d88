# evaluate, explain, with_parameters: results read exactly (Decimal euros), refusals named,
# bad applications refused with BadInput, notebooks rendered.
import decimal
import json

import bareme
import pytest


def test_eligible(brief, company):
    r = brief.evaluate(company)
    assert r.eligible is True
    assert r.amount == decimal.Decimal("7500.00") and isinstance(r.amount, decimal.Decimal)
    assert r.failed_conditions == [] and r.error is None
    assert "7\u202f500.00 €" in r._repr_html_()


def test_refused(brief, company):
    r = brief.evaluate(dict(company, site_region="bretagne", works_start="2022-01-01"))
    assert r.eligible is False and r.amount == 0
    assert len(r.failed) == 2
    assert r.failed[0]["message"] == "Stations must be installed in Occitanie"
    assert "Stations must be installed in Occitanie" in r._repr_html_()


def test_python_values(kinds):
    import datetime

    r = kinds.evaluate({"filed_on": datetime.date(2024, 1, 1), "price": decimal.Decimal("1000.20"),
                        "dwelling": "house"})
    assert r.amount == decimal.Decimal("750.15")


def test_as_of(kinds):
    app = {"filed_on": "2024-01-01", "price": 20000, "dwelling": "house"}
    assert kinds.evaluate(app).amount == 5000
    later = kinds.evaluate(app, as_of="2031-06-01")
    assert later.eligible is None and later.error == "NoParamValue"
    assert "NoParamValue" in later._repr_html_()
    with pytest.raises(bareme.BadOption):
        kinds.evaluate(app, as_of="June")


def test_engines_agree(kinds):
    app = {"filed_on": "2024-01-01", "price": 1234.56, "dwelling": "flat", "share_rate": "40 %"}
    assert kinds.evaluate(app, engine="interp").json == kinds.evaluate(app, engine="jit").json


def test_bad_applications(brief, company):
    with pytest.raises(bareme.BadInput):
        brief.evaluate(dict(company, site_region="mars"))
    with pytest.raises(bareme.BadInput):
        brief.evaluate(dict(company, v2g_stations="two"))
    with pytest.raises(bareme.BadArgument):
        brief.evaluate(None)
    with pytest.raises(bareme.BadArgument):
        brief.evaluate({"v2g_stations": object()})
    with pytest.raises(bareme.BadArgument):
        brief.evaluate(company, engine="fast")


def test_missing_input_is_undetermined(brief, company):
    del company["works_start"]
    r = brief.evaluate(company)
    text = json.dumps(r.json)
    assert r.eligible is None and "MissingInput" in text and "works_start" in text


def test_misspelt_member_refused_when_strict(brief, company):
    misspelt = dict(company, v2g_statoins=3)
    assert brief.evaluate(misspelt).eligible == brief.evaluate(company).eligible  # ignored
    with pytest.raises(bareme.BadInput) as e:
        brief.evaluate(misspelt, strict=True)
    assert "v2g_statoins" in e.value.message and "v2g_stations" in e.value.message
    with pytest.raises(bareme.BadInput):
        brief.missing(misspelt, strict=True)


def test_explain(brief, company):
    x = brief.explain(dict(company, site_region="bretagne"))
    assert x.result.eligible is False
    names = {n["name"] for n in x["nodes"]}
    assert "site_region" in names
    html = x._repr_html_()
    assert "<ul>" in html and "site_region" in html


def test_with_parameters(brief, company):
    cheaper = brief.with_parameters({"v2g_grant": "2500 €"})
    assert cheaper.evaluate(company).amount == decimal.Decimal("6500.00")
    assert brief.evaluate(company).amount == decimal.Decimal("7500.00")
    with pytest.raises(bareme.BaremeError):
        brief.with_parameters({"no_such_param": "1 €"})
    with pytest.raises(bareme.BadArgument):
        brief.with_parameters(["v2g_grant"])
