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
    assert set(m.inputs) >= {"works_start", "site_region"}
    assert "works_start" in m._repr_html_()


def test_missing_decided(brief, company):
    if not hasattr(bareme._ffi.library(), "bareme_missing"):
        pytest.skip("this libbareme has no bareme_missing yet")
    assert brief.missing(company).inputs == []
