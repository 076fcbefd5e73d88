# Scheme.missing (bareme_missing): the ranked inputs still to ask. The function arrives in
# libbareme after the others: without it, missing raises LibraryNotFound, which is tested too.
import bareme
import pytest


def test_missing(brief, company):
    del company["works_start"], company["site_region"]
    if not hasattr(bareme._ffi.library(), "bareme_missing"):
        with pytest.raises(bareme.LibraryNotFound):
            brief.missing(company)
        pytest.skip("this libbareme has no bareme_missing yet")
    m = brief.missing(company)
    assert m.status == "undetermined"
    assert sorted(m.inputs) == ["site_region", "works_start"]
    assert "works_start" in m._repr_html_()


def test_missing_decided(brief, company):
    if not hasattr(bareme._ffi.library(), "bareme_missing"):
        pytest.skip("this libbareme has no bareme_missing yet")
    m = brief.missing(company)
    assert m.inputs == [] and m.status == "eligible" and m.amount == 7500
    refused = brief.missing({"site_region": "bretagne"})
    assert refused.status == "not_eligible" and refused["failed_condition"]["message"].startswith("Stations")
    assert "Stations" in refused._repr_html_()
