#!/usr/bin/env python3
"""Scores a folder of CSV shards with bareme.dask on a LocalCluster: `bareme simulate` writes the
applications of idf_retrofit, split into shards; dask.dataframe.read_csv reads the glob, one
partition per shard; bareme.dask.score scores them on the workers; the total is checked against
`bareme score` of the same rows. Usage: dask_shards.py [--workers N] (0: no cluster, Dask's
synchronous scheduler) [--rows N] [--bareme build/bareme]; bindings/python on PYTHONPATH."""

import argparse
import json
import os
import pathlib
import subprocess
import tempfile

import dask
import dask.dataframe as dd

import bareme.dask

root = pathlib.Path(__file__).resolve().parents[2]
scheme = str(root / "schemes" / "idf_retrofit.bareme")


def write_shards(cli, folder, rows, shards):
    whole = folder / "apps.csv"
    subprocess.run([cli, "simulate", scheme, "--count", str(rows), "--seed", "4", "--write", str(whole)],
                   check=True, stdout=subprocess.DEVNULL)
    header, *lines = whole.read_text().splitlines(keepends=True)
    (folder / "shards").mkdir()
    for k in range(shards):
        (folder / "shards" / f"part-{k:02d}.csv").write_text(header + "".join(lines[k::shards]))
    return whole


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--bareme", default=os.environ.get("BAREME_CLI") or str(root / "build" / "bareme"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bareme-dask-shards-") as tmp:
        folder = pathlib.Path(tmp)
        whole = write_shards(args.bareme, folder, args.rows, shards=4)

        # The part that matters: a glob of shards in, a lazy scored DataFrame out.
        applications = dd.read_csv(str(folder / "shards" / "*.csv"), blocksize=None)
        scores = bareme.dask.score(applications, scheme)
        per_shard = scores.map_partitions(lambda p: p["amount_cents"].sum(), meta=("amount_cents", "int64"))

        if args.workers:
            from distributed import Client, LocalCluster

            with LocalCluster(n_workers=args.workers, threads_per_worker=1, dashboard_address=None,
                              host="127.0.0.1", silence_logs=40) as cluster, Client(cluster) as client:
                totals, eligible = dask.compute(per_shard, scores["eligible"].sum())
                loads = client.run(bareme.dask.load_count)
            print(f"{len(loads)} workers, scheme loads per worker: {sorted(loads.values())}")
        else:
            totals, eligible = dask.compute(per_shard, scores["eligible"].sum(), scheduler="sync")
        print(f"{applications.npartitions} shards, {args.rows} rows, {eligible} eligible")
        for k, cents in enumerate(totals):
            print(f"  shard {k}: {cents / 100:,.2f} €")

        summary = folder / "summary.json"
        subprocess.run([args.bareme, "score", scheme, "--input", str(whole), "--quiet", "--summary", str(summary)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cli = json.loads(summary.read_text())
        same = round(cli["total_amount"] * 100) == int(sum(totals)) and cli["eligible"] == eligible
        print(f"total {sum(totals) / 100:,.2f} €; bareme score: {cli['total_amount']:,.2f} €, "
              f"{cli['eligible']} eligible: {'the same' if same else 'DIFFERENT'}")
        return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
