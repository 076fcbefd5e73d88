# bareme.load and describe: a scheme's name, inputs, outputs; every bad argument is an exception
# of the package, never a crash.
import bareme
import pytest
from conftest import BRIEF, KINDS


def test_version():
    assert bareme.version().count(".") == 2


def test_describe(brief):
    assert brief.name == "flexitanie"
    names = [i.name for i in brief.inputs]
    assert names == ["beneficiary", "site_region", "v2g_stations", "v1g_stations", "filed_on", "works_start"]
    assert brief.input("site_region").cases == ["occitanie", "île_de_france", "bretagne"]
    assert brief.outputs == []


def test_describe_outputs(kinds):
    assert [o.name for o in kinds.outputs] == ["per_share", "share_rate", "big", "filed_on", "dwelling", "shares",
                                               "doubled", "power_counted"]


def test_enum_output_cases(tmp_path):
    # An output of an enum that no input has: describe lists its cases, with their labels.
    f = tmp_path / "banded.bareme"
    f.write_text('scheme band "Band"\n  source "none"\n  authority "tests"\n'
                 'enum Band { low "bas", high "haut" }\ninput price : Money\n'
                 'eligible when\n  price > 0 €\namount = price\n'
                 'output tier\nlet tier : Band = if price > 100 € then high else low\n')
    scheme = bareme.load(str(f))
    assert scheme.outputs[0].cases == ["low", "high"]
    assert scheme.description["outputs"][0]["cases"] == [{"name": "low", "label": "bas"}, {"name": "high", "label": "haut"}]
    result = scheme.score(__import__("pandas").DataFrame({"price": [50.0, 500.0]}))
    assert list(result["tier"].astype(str)) == ["low", "high"]


def test_missing_file(tmp_path):
    with pytest.raises(bareme.IoError) as e:
        bareme.load(str(tmp_path / "nowhere.bareme"))
    assert e.value.status == "BAREME_IO_ERROR"
    assert "nowhere.bareme" in e.value.message


def test_compile_error(tmp_path):
    bad = tmp_path / "bad.bareme"
    bad.write_text('scheme bad "Bad"\ninput n : Int\neligible when\n  n > nothing\namount = 1 €\n')
    with pytest.raises(bareme.CompileError) as e:
        bareme.load(bad)
    assert "nothing" in str(e.value)


def test_none_and_wrong_types():
    with pytest.raises(bareme.NullArgument):
        bareme.load(None)
    with pytest.raises(bareme.BadArgument):
        bareme.load(42)
    with pytest.raises(TypeError):  # BadArgument is a TypeError too
        bareme.load(str(BRIEF), scheme=3)


def test_unknown_scheme_name():
    with pytest.raises(bareme.BaremeError) as e:
        bareme.load(str(BRIEF), scheme="no_such_scheme")
    assert isinstance(e.value, (bareme.UnknownName, bareme.CompileError))


def test_path_like():
    assert bareme.load(KINDS).name == "kinds"
