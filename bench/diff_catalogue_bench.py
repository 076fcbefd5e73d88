#!/usr/bin/python3
"""`bareme diff` of the whole aides-vélo catalogue against a one-aid change (issue #24; goal: under
30 s): copies schemes/aides_velo to a temporary folder, raises one aid's ceiling there (Paris's
electric-bike ceiling, 400 € -> 500 € by default), and runs `bareme diff OLD/total.bareme
NEW/total.bareme --json --time` RUNS times, then the same diff of the changed aid alone (`--only
AID`, the baseline: what one aid costs). Prints each target's verdicts, the median wall-clock and
CPU time of each run, where the whole run spent its time (comparing definitions, encoding and
solving, compiling both versions for the JIT), and the ratio whole / one aid.
Exit 1 when the whole diff's median CPU time exceeds --goal seconds or a question the change
cannot answer otherwise is not answered as expected (the aid, its levels and the total: amount
rises; every other aid and level: unchanged)."""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def run_diff(bareme, old, new, extra):
    start, cpu = time.monotonic(), resource.getrusage(resource.RUSAGE_CHILDREN)
    run = subprocess.run([bareme, "diff", old, new, "--json", "--time", *extra], capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode not in (0, 1):
        sys.exit(f"bareme diff failed ({run.returncode}): {run.stderr.strip()}")
    report = json.loads(run.stdout)
    return report, time.monotonic() - start, after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bareme", default=os.environ.get("BAREME", os.path.join(ROOT, "build", "bareme")))
    ap.add_argument("--runs", type=int, default=3, help="runs of each diff (the median is shown)")
    ap.add_argument("--goal", type=float, default=30.0, help="seconds the whole diff may take (30 s)")
    ap.add_argument("--aid", default="paris", help="the commune aid changed (communes/AID.bareme)")
    ap.add_argument("--edit", default="capped at 400 €|capped at 500 €",
                    help="OLD|NEW: the text replaced once in the aid's file")
    ap.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    a = ap.parse_args()
    before, after = a.edit.split("|", 1)
    with tempfile.TemporaryDirectory(prefix="bareme-diff-bench-") as tmp:
        new_root = os.path.join(tmp, "aides_velo")
        shutil.copytree(os.path.join(ROOT, "schemes", "aides_velo"), new_root)
        aid_file = os.path.join(new_root, "communes", a.aid + ".bareme")
        text = open(aid_file, encoding="utf-8").read()
        if before not in text:
            sys.exit(f"{aid_file} does not contain `{before}`")
        open(aid_file, "w", encoding="utf-8").write(text.replace(before, after, 1))
        old = os.path.join(ROOT, "schemes", "aides_velo", "total.bareme")
        new = os.path.join(new_root, "total.bareme")
        results = {}
        for label, extra in (("whole catalogue", []), (f"`--only {a.aid}`", ["--only", a.aid])):
            walls, cpus, parts = [], [], []
            for _ in range(a.runs):
                report, wall, cpu = run_diff(a.bareme, old, new, extra)
                walls.append(wall)
                cpus.append(cpu)
                parts.append(report["seconds"])
            results[label] = (report, statistics.median(walls), statistics.median(cpus), parts)
    whole, wall, cpu, parts = results["whole catalogue"]
    changed = [t for t in whole["targets"] if not t["unchanged"]]
    unchanged = [t for t in whole["targets"] if t["unchanged"]]
    failed = cpu > a.goal
    lines = []
    for t in changed:
        verdicts = {q["question"]: q["verdict"] for q in t["questions"]}
        failed |= verdicts.get("amount rises") != "witness"
        times = sum(q.get("seconds", 0) for q in t["questions"])
        lines.append((f"{t['kind']} `{t['name']}`", ", ".join(f"{k}: {v}" for k, v in verdicts.items()), times))
    expected_changed = {a.aid, "communes", "montant", "total"}
    failed |= {t["name"] for t in changed} != expected_changed
    md = a.markdown
    print("| target | verdicts | s |\n|---|---|---:|" if md else f"{'target':<24} {'s':>7}  verdicts")
    for name, verdicts, s in lines:
        print(f"| {name} | {verdicts} | {s:.2f} |" if md else f"{name:<24} {s:>7.2f}  {verdicts}")
    print(f"| {len(unchanged)} others | unchanged (no solver call) | 0 |" if md
          else f"{str(len(unchanged)) + ' others':<24} {0:>7.2f}  unchanged (no solver call)")
    print()
    head = ("run", "wall s", "CPU s", "comparing s", "solving s", "compiling s")
    print("| " + " | ".join(head) + " |\n|---|---:|---:|---:|---:|---:|" if md
          else f"{head[0]:<24} {head[1]:>8} {head[2]:>8} {head[3]:>12} {head[4]:>10} {head[5]:>12}")
    for label, (_, w, c, ps) in results.items():
        med = {k: statistics.median(p[k] for p in ps) for k in ("comparing", "solving", "compiling")}
        cells = (label, f"{w:.2f}", f"{c:.2f}", f"{med['comparing']:.3f}", f"{med['solving']:.2f}", f"{med['compiling']:.2f}")
        print("| " + " | ".join(cells) + " |" if md
              else f"{cells[0]:<24} {cells[1]:>8} {cells[2]:>8} {cells[3]:>12} {cells[4]:>10} {cells[5]:>12}")
    one = results[f"`--only {a.aid}`"][2]
    print(f"\nwhole catalogue / one aid (CPU): {cpu / one:.2f}x; goal: whole catalogue under {a.goal:.0f} s of CPU: "
          f"{'met' if cpu <= a.goal else 'NOT met'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
