# bareme.dask.score: the meta from the description equals what the partitions give; the rows
# equal `bareme score`'s on CSV shards made by `bareme simulate`; bad inputs are refused on the
# client; the per-process cache loads a scheme once, again after its file changes, from the
# shipped text when the path is not there; on a LocalCluster of 2 worker processes each worker
# loads the scheme once.
import decimal
import os
import shutil
import subprocess

import bareme
import bareme.dask as bd
import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
from conftest import BRIEF, HERE, KINDS, ROOT
from test_score import cli_rows, population

IDF = ROOT / "schemes" / "idf_retrofit.bareme"
ROWS = 3000


def sync(frame):
    with dask.config.set(scheduler="sync"):
        return frame.compute()


def test_meta_is_the_computed_frame(kinds):
    df = population(5)
    ddf = dd.from_pandas(df, npartitions=5)
    lazy = bd.score(ddf, kinds)
    got = sync(lazy)
    assert list(lazy.columns) == list(got.columns)
    assert lazy.dtypes.to_dict() == got.dtypes.to_dict()  # categoricals compare with their categories
    assert lazy.npartitions == 5 and list(got.index) == list(df.index)
    want = kinds.score(df)
    for name in ("error", "first_failed"):  # the meta's categories: every status, every condition
        want[name] = want[name].cat.set_categories(got[name].cat.categories)
    pd.testing.assert_frame_equal(got, want)
    assert got["error"].notna().sum() > 50 and got["eligible"].notna().sum() > ROWS // 2


def simulated_shards(cli, folder, shards=3):
    """`bareme simulate` rows of idf_retrofit, split into CSV shards: (shard folder, the whole CSV)."""
    whole = folder / "apps.csv"
    subprocess.run([cli, "simulate", str(IDF), "--count", str(ROWS), "--seed", "20", "--write", str(whole)],
                   check=True, stdout=subprocess.DEVNULL)
    lines = whole.read_text().splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    (folder / "shards").mkdir()
    for k in range(shards):
        part = rows[k * len(rows) // shards:(k + 1) * len(rows) // shards]
        (folder / "shards" / f"part-{k:02d}.csv").write_text(header + "".join(part))
    return folder / "shards", whole


def exact(value, scale):
    return None if pd.isna(value) else int(round(float(value) * scale))


def test_equals_cli_on_csv_shards(cli, tmp_path):
    shards, whole = simulated_shards(cli, tmp_path)
    out = tmp_path / "cli.csv"
    subprocess.run([cli, "score", str(IDF), "--input", str(whole), "--output", str(out), "--quiet"], check=True,
                   stdout=subprocess.DEVNULL)
    want = pd.read_csv(out, dtype=str, keep_default_na=False)
    ddf = dd.read_csv(str(shards / "*.csv"), blocksize=None)  # one partition per shard
    assert ddf.npartitions == 3
    got = sync(bd.score(ddf, str(IDF), strict=True)).reset_index(drop=True)
    assert len(got) == len(want) == ROWS
    scheme = bareme.load(str(IDF))
    outputs = {o.name: (100 if o.column_type == "money" else 1_000_000) for o in scheme.outputs}
    eligible = sub_cent = 0
    for i, w in want.iterrows():
        g = got.iloc[i]
        assert w["error"] == "" and pd.isna(g["error"]), (i, w["error"])
        assert bool(g["eligible"]) == (w["eligible"] == "true"), i
        eligible += bool(g["eligible"])
        assert g["amount_cents"] == int(decimal.Decimal(w["amount"]) * 100), i
        failed = w["failed"].split("|")[0] or None
        assert (None if pd.isna(g["first_failed"]) else g["first_failed"]) == failed, i
        for name, scale in outputs.items():
            cli_value = decimal.Decimal(w[name]) * scale
            if cli_value == cli_value.to_integral_value():
                assert exact(g[name], scale) == int(cli_value), (i, name)
            else:  # a Money output between two cents: the CLI prints it whole, the column holds cents
                assert abs(exact(g[name], scale) - cli_value) <= decimal.Decimal("0.5"), (i, name, w[name], g[name])
                sub_cent += 1
    assert 0 < eligible < ROWS


def test_undetermined_rows_equal_cli(kinds, cli, tmp_path):
    """kinds.bareme's rows with missing values and runtime errors: the same decided and
    undetermined rows, amounts and error codes as `bareme score`."""
    df = population(21)
    got = sync(bd.score(dd.from_pandas(df, npartitions=4), KINDS))
    want = cli_rows(cli, tmp_path, df)
    assert len(got) == len(want) == len(df)
    errors = 0
    for i, w in enumerate(want):
        g = got.iloc[i]
        if w.get("error"):
            errors += 1
            # the CLI writes "Code: message" (MissingInput for a row that lacks an input its
            # answer depends on: docs/semantics.md §3.12), the columns the code
            code = w["error"].split(":")[0]
            assert pd.isna(g["eligible"]) and g["error"] == code, (i, w, g["error"])
        else:
            assert pd.isna(g["error"]) and bool(g["eligible"]) == w["eligible"], (i, w)
            assert g["amount_cents"] == int(w["amount"] * 100), (i, w)
    assert errors > 300


def test_clear_errors_on_the_client(kinds, tmp_path):
    ddf = dd.from_pandas(population(3).head(100), npartitions=2)
    with pytest.raises(bareme.BadArgument, match="from_pandas"):
        bd.score(population(3), kinds)
    with pytest.raises(bareme.BadArgument, match="dask DataFrame"):
        bd.score([1, 2], kinds)
    with pytest.raises(bareme.BadArgument, match="path or a bareme.Scheme"):
        bd.score(ddf, 42)
    with pytest.raises(bareme.IoError):
        bd.score(ddf, tmp_path / "nowhere.bareme")
    (tmp_path / "broken.bareme").write_text("scheme broken\n  this is not Barème\n")
    with pytest.raises(bareme.CompileError):
        bd.score(ddf, tmp_path / "broken.bareme")
    with pytest.raises(bareme.UnknownName, match="row_id"):
        bd.score(ddf, KINDS, strict=True)
    with pytest.raises(bareme.BadOption):
        bd.score(ddf, KINDS, as_of="soon")
    with pytest.raises(bareme.BadArgument):
        bd.score(ddf, KINDS, engine="fast")
    lists = dd.from_pandas(pd.DataFrame({"prior_aids": ["[]"]}), npartitions=1)
    with pytest.raises(bareme.BadColumn, match="prior_aids"):
        bd.score(lists, ROOT / "schemes" / "flexitanie.bareme")
    bad = dd.from_pandas(pd.DataFrame({"price": [10.0, 12.345], "filed_on": ["2024-01-01"] * 2}), npartitions=1)
    lazy = bd.score(bad, KINDS)  # a bad value is seen where the rows are: on compute
    with pytest.raises(bareme.BadColumn, match="cents"):
        sync(lazy)


def test_a_loaded_scheme_keeps_its_overrides(brief):
    apps = pd.DataFrame({"beneficiary": ["company"] * 4, "site_region": ["occitanie"] * 4,
                         "v2g_stations": [2, 1, 0, 3], "v1g_stations": [1, 0, 2, 1],
                         "filed_on": ["2022-03-01"] * 4, "works_start": ["2022-04-15"] * 4})
    cheaper = brief.with_parameters({"v2g_grant": "2500 €"})
    got = sync(bd.score(dd.from_pandas(apps, npartitions=2), cheaper))
    assert list(got["amount_cents"]) == list(cheaper.score(apps)["amount_cents"])
    assert got["amount_cents"].iloc[0] == 650000
    assert list(sync(bd.score(dd.from_pandas(apps, npartitions=2), BRIEF))["amount_cents"])[0] == 750000


def test_the_cache_loads_once_per_file_version(tmp_path):
    path = tmp_path / "kinds.bareme"
    shutil.copy(KINDS, path)
    ddf = dd.from_pandas(population(9).head(400), npartitions=4)
    before, parts = bd.load_count(), bd.partition_count()
    first = sync(bd.score(ddf, path))
    sync(bd.score(ddf, path))
    assert bd.load_count() == before + 1 and bd.partition_count() == parts + 8
    path.write_text(path.read_text().replace("scheme kinds", "scheme kinds\n", 1) + "\n")  # a new version
    os.utime(path, ns=(1, 1))
    again = sync(bd.score(ddf, path))
    assert bd.load_count() == before + 2
    pd.testing.assert_frame_equal(first, again)


def test_a_worker_without_the_file_loads_the_shipped_text(tmp_path):
    path = tmp_path / "kinds.bareme"
    shutil.copy(KINDS, path)
    shipped = bd.Recipe(str(path), None, None, ())
    bare = bd.Recipe(str(path), None, None, (), ship_source=False)
    path.unlink()  # as on a host where the client's path does not exist
    bd.clear_cache()
    assert bd.scheme_for(shipped).name == "kinds"
    bd.clear_cache()
    with pytest.raises(bareme.IoError, match="missing on this worker"):
        bd.scheme_for(bare)


@pytest.fixture(scope="module")
def client():
    # Under the sanitizers the worker processes inherit LD_PRELOAD and ASAN_OPTIONS (the ASan
    # runtime with libstdc++, as for this interpreter): they run the instrumented library too.
    from distributed import Client, LocalCluster

    package = str(HERE.parent)  # the workers import bareme.dask to unpickle the tasks
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (package, os.environ.get("PYTHONPATH")) if p)
    cluster = LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None,
                           host="127.0.0.1", silence_logs=40)
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


def test_local_cluster_each_worker_loads_once(client, kinds):
    df = population(13)
    ddf = dd.from_pandas(df, npartitions=12)
    got = bd.score(ddf, KINDS).compute()
    again = bd.score(ddf, KINDS).compute()  # the same scheme: no worker loads it again
    want = kinds.score(df)
    for name in ("error", "first_failed"):
        want[name] = want[name].cat.set_categories(got[name].cat.categories)
    pd.testing.assert_frame_equal(got, want)
    pd.testing.assert_frame_equal(again, want)
    loads, parts = client.run(bd.load_count), client.run(bd.partition_count)
    assert len(loads) == 2
    assert sum(parts.values()) == 24
    for worker in loads:  # every worker that scored a partition loaded the scheme exactly once
        assert loads[worker] == (1 if parts[worker] else 0), (loads, parts)
    assert all(parts.values()), parts  # both worker processes took partitions
    assert len(set(client.run(os.getpid).values())) == 2
