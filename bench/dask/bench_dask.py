#!/usr/bin/env python3
"""bareme.dask.score on a LocalCluster of 1, 2 and 4 worker processes (one thread each): rows/s
from CSV shards to a per-partition sum, and from partitions already in the workers' memory,
beside `bareme score` on the same rows (the same CSV) in the same run, and their ratio.

usage: scripts/bench-dask [--rows N] [--shards K] [--workers 1,2,4] [--scheme S] [--bareme build/bareme]
"""
import argparse
import decimal
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
PACKAGE = str(ROOT / "bindings" / "python")
sys.path.insert(0, PACKAGE)
# the workers import bareme.dask to unpickle the tasks
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (PACKAGE, os.environ.get("PYTHONPATH")) if p)


def best(runs, fn):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return min(times), value


def cli_seconds(args, data, threads, summary):
    """Seconds of `bareme score` on the CSV, and its total amount in cents (--summary)."""
    cmd = [args.bareme, "score", args.scheme, "--input", data, "--quiet", "--summary", summary]
    cmd += ["--threads", str(threads)] if threads else []
    seconds = best(args.runs, lambda: subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL,
                                                     stderr=subprocess.DEVNULL))[0]
    with open(summary) as f:
        total = json.load(f, parse_float=decimal.Decimal)["total_amount"]
    return seconds, int(total * 100)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--scheme", default=str(ROOT / "schemes" / "idf_retrofit.bareme"))
    parser.add_argument("--bareme", default=str(ROOT / "build" / "bareme"))
    parser.add_argument("--keep", help="a folder for the generated CSV (default: a temporary one)")
    args = parser.parse_args()

    import dask.dataframe as dd
    from distributed import Client, LocalCluster, wait

    import bareme.dask as bd

    folder = pathlib.Path(args.keep or tempfile.mkdtemp(prefix="bareme-dask-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / f"apps.{args.rows}.csv"
    if not data.exists():
        subprocess.run([args.bareme, "simulate", args.scheme, "--count", str(args.rows), "--seed", "1",
                        "--write", str(data)], check=True, stdout=subprocess.DEVNULL)
    shards = folder / f"shards.{args.rows}.{args.shards}"
    if not shards.exists():
        shards.mkdir()
        lines = data.read_text().splitlines(keepends=True)
        rows = lines[1:]
        for k in range(args.shards):
            part = rows[k * len(rows) // args.shards:(k + 1) * len(rows) // args.shards]
            (shards / f"part-{k:03d}.csv").write_text(lines[0] + "".join(part))

    summary = str(folder / "summary.json")
    cli_all, cli_total = cli_seconds(args, str(data), 0, summary)
    cli_one, _ = cli_seconds(args, str(data), 1, summary)
    print(f"rows: {args.rows:,}; scheme: {os.path.basename(args.scheme)}; {args.shards} CSV shards; "
          f"cores: {os.cpu_count()}; best of {args.runs} runs\n")
    print(f"{'run':<40} {'seconds':>8} {'rows/s':>12} {'vs bareme score':>16}")
    line = lambda name, s: print(f"{name:<40} {s:8.2f} {args.rows / s:12,.0f} {s / cli_all:15.1f}x")
    line("bareme score (every core)", cli_all)
    line("bareme score --threads 1", cli_one)
    for n in (int(w) for w in args.workers.split(",")):
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                          host="127.0.0.1", silence_logs=40) as cluster, Client(cluster) as client:
            ddf = dd.read_csv(str(shards / "*.csv"), blocksize=None)
            total = lambda frame: int(bd.score(frame, args.scheme)["amount_cents"].sum().compute())
            csv_s, amount = best(args.runs, lambda: total(ddf))
            held = ddf.persist()
            wait(held)
            mem_s, amount_mem = best(args.runs, lambda: total(held))
            assert amount == amount_mem == cli_total, (amount, amount_mem, cli_total)  # the same rows, the same total
            loads = client.run(bd.load_count)
            line(f"dask, {n} worker{'s' if n > 1 else ''}: CSV shards", csv_s)
            line(f"dask, {n} worker{'s' if n > 1 else ''}: partitions in memory", mem_s)
            print(f"{'':<40} scheme loads per worker: {sorted(loads.values())}; total {amount / 100:,.2f} € "
                  f"(= bareme score's)")


if __name__ == "__main__":
    main()
