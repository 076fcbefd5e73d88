#!/usr/bin/python3
"""Prove time per property on the seed schemes (issue #24): runs `bareme prove FILE --json --time`
on each seed scheme RUNS times and prints, per property, its verdict and the median time of the
verdict (encoding and solving, as `--time` reports it: wall-clock, and CPU), then the wall-clock
and CPU time of each file's run (loading, type-checking and every proof).
Exit 1 when a property is not proved or its median CPU time exceeds --goal seconds (Z3 runs on
one thread: unloaded, wall-clock and CPU time agree; on a shared machine only CPU time is fair)."""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
SEEDS = ["flexitanie", "advenir", "idf_retrofit", "corridor_h2"]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bareme", default=os.environ.get("BAREME", os.path.join(ROOT, "build", "bareme")))
    ap.add_argument("--runs", type=int, default=3, help="runs of each file (the median is shown)")
    ap.add_argument("--timeout", type=float, default=10, help="prove --timeout (10 s, its default)")
    ap.add_argument("--goal", type=float, default=1.0, help="seconds a property may take (1 s)")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    a = ap.parse_args()
    rows, walls, failed = [], [], False
    for scheme in SEEDS:
        path = os.path.join(ROOT, "schemes", scheme + ".bareme")
        times, verdicts, wall, cpus = {}, {}, [], []
        for _ in range(a.runs):
            start, cpu = time.monotonic(), resource.getrusage(resource.RUSAGE_CHILDREN)
            run = subprocess.run([a.bareme, "prove", path, "--json", "--time", "--timeout", str(a.timeout)],
                                 capture_output=True, text=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            wall.append(time.monotonic() - start)
            cpus.append(after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime)
            if run.returncode not in (0, 1):
                print(f"{scheme}: bareme prove failed ({run.returncode}): {run.stderr.strip()}", file=sys.stderr)
                return 2
            for v in json.loads(run.stdout):
                times.setdefault(v["property"], []).append((v["seconds"], v["cpu_seconds"]))
                verdicts[v["property"]] = v["verdict"] + (f" (lists ≤ {v['list_bound']})" if "list_bound" in v else "")
        for name, ts in times.items():
            median = statistics.median(t for t, _ in ts)
            cpu = statistics.median(c for _, c in ts)
            failed |= not verdicts[name].startswith("proved") or cpu > a.goal
            rows.append((scheme, name, verdicts[name], median, max(t for t, _ in ts), cpu))
        walls.append((scheme, statistics.median(wall), len(times), statistics.median(cpus)))
    if a.markdown:
        print("| scheme | property | verdict | median s | max s | CPU s |\n|---|---|---|---:|---:|---:|")
        for r in rows:
            print(f"| {r[0]} | `{r[1]}` | {r[2]} | {r[3]:.3f} | {r[4]:.3f} | {r[5]:.3f} |")
        print("\n| scheme | properties | `bareme prove FILE`: wall-clock s | CPU s (median) |\n|---|---:|---:|---:|")
        for s, w, n, c in walls:
            print(f"| {s} | {n} | {w:.2f} | {c:.2f} |")
    else:
        print(f"{'scheme':<13} {'property':<30} {'verdict':<20} {'median s':>9} {'max s':>7} {'CPU s':>7}")
        for r in rows:
            print(f"{r[0]:<13} {r[1]:<30} {r[2]:<20} {r[3]:>9.3f} {r[4]:>7.3f} {r[5]:>7.3f}")
        for s, w, n, c in walls:
            print(f"{s}: {n} properties, `bareme prove` wall-clock {w:.2f} s, CPU {c:.2f} s (medians of {a.runs})")
    slowest = max(rows, key=lambda r: r[5])
    print(f"slowest: {slowest[0]} `{slowest[1]}` {slowest[5]:.3f} s CPU, {slowest[3]:.3f} s wall-clock "
          f"(goal: under {a.goal} s CPU each, timeout {a.timeout} s, {a.runs} runs)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
