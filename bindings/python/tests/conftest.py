# Fixtures of the package's tests: the repository's schemes and the `bareme` command line
# (BAREME_CLI, else build/bareme), the reference the column scoring is compared with.
import os
import pathlib
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE.parent))

BRIEF = ROOT / "tests" / "check" / "flexitanie_brief.bareme"
KINDS = HERE / "data" / "kinds.bareme"


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("BAREME_CLI") or str(ROOT / "build" / "bareme")
    if not os.path.exists(path):
        pytest.fail(f"the bareme command line is not at {path}: set BAREME_CLI")
    return path


@pytest.fixture(scope="session")
def brief():
    import bareme

    return bareme.load(str(BRIEF))


@pytest.fixture(scope="session")
def kinds():
    import bareme

    return bareme.load(str(KINDS))


@pytest.fixture
def company():
    return {"beneficiary": "company", "site_region": "occitanie", "v2g_stations": 2, "v1g_stations": 1,
            "filed_on": "2022-03-01", "works_start": "2022-04-15"}
