#!/usr/bin/python3
"""The prover's cross-check (issue #24): on generated mutants of the seed schemes, every `proved`
verdict must be consistent with sampling (no row of `bareme prove --sample N` violates it, both
engines agree on every row), and every counterexample must be confirmed by both engines.
Prints the counts; exit 1 on any inconsistency or when fewer mutants than asked could be made."""
import argparse
import collections
import concurrent.futures
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mutants  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
SEEDS = ["flexitanie", "advenir", "idf_retrofit", "corridor_h2"]


def make_mutants(bareme, out, total, seed, jobs):
    """Type-correct mutants, spread evenly over the seed schemes and interleaved (a run cut short
    has tried each scheme alike): (path, scheme, what)."""
    per_scheme = [total // len(SEEDS) + (1 if k < total % len(SEEDS) else 0) for k in range(len(SEEDS))]
    kept = {}

    def check(item):
        path, changed = item
        if os.path.exists(path) and open(path, encoding="utf-8").read() == changed:
            return True  # kept by an earlier run in the same folder: it passed `bareme check`
        with open(path, "w", encoding="utf-8") as f:
            f.write(changed)
        ok = subprocess.run([bareme, "check", "-L", REPO, path], capture_output=True).returncode == 0
        if not ok:
            os.remove(path)
        return ok

    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        for scheme, wanted in zip(SEEDS, per_scheme):
            text = open(os.path.join(REPO, "schemes", scheme + ".bareme"), encoding="utf-8").read()
            candidates = mutants.mutants(text, seed, 10**6)
            kept[scheme] = []
            for first in range(0, len(candidates), 4 * jobs):
                if len(kept[scheme]) >= wanted:
                    break
                chunk = candidates[first:first + 4 * jobs]
                items = [(os.path.join(out, f"{scheme}_c{first + k:04d}.bareme"), c[2]) for k, c in enumerate(chunk)]
                for (path, _), (what, line, _), ok in zip(items, chunk, pool.map(check, items)):
                    if ok and len(kept[scheme]) < wanted:
                        kept[scheme].append((path, scheme, f"line {line}: {what}"))
                    elif ok:
                        os.remove(path)
    made = []
    for k in range(max(per_scheme)):
        made += [kept[s][k] for s in SEEDS if k < len(kept[s])]
    return made


def prove(bareme, path, rows, seed, timeout):
    cmd = [bareme, "prove", path, "-L", REPO, "--json", "--sample", str(rows), "--seed", str(seed),
           "--timeout", str(timeout)]
    start = time.monotonic()
    run = subprocess.run(cmd, capture_output=True, text=True)
    return run, time.monotonic() - start


def judge(run):
    """The verdicts of one mutant and what is wrong with them (a list of sentences)."""
    problems = []
    if run.returncode not in (0, 1):
        return [], [f"exit status {run.returncode}: {run.stderr.strip()[:300]}"]
    try:
        verdicts = json.loads(run.stdout)
    except json.JSONDecodeError:
        return [], [f"not JSON: {run.stdout[:200]} {run.stderr[:200]}"]
    if not verdicts:
        problems.append("no verdict: the scheme's properties were not proved")
    for v in verdicts:
        name, kind, sample = v["property"], v["verdict"], v.get("sample") or {}
        if kind == "internal error":
            problems.append(f"`{name}`: internal error: {run.stderr.strip()[:400]}")
        if "rows" not in sample:
            problems.append(f"`{name}`: not sampled")
        if kind == "proved" and sample.get("violations", 0) > 0:
            problems.append(f"`{name}` proved but violated by {sample['violations']} rows: {sample['violation']}")
        if sample.get("disagreements", 0) > 0:
            problems.append(f"`{name}`: the engines differ on {sample['disagreements']} rows")
        if kind == "counterexample" and (v["interpreter"] != "false" or v["jit"] not in ("false",)):
            problems.append(f"`{name}`: counterexample not confirmed (interpreter {v['interpreter']}, JIT {v['jit']})")
    return verdicts, problems


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bareme", default=os.path.join(REPO, "build", "bareme"))
    ap.add_argument("--mutants", type=int, default=200, help="how many type-correct mutants (default 200)")
    ap.add_argument("--rows", type=int, default=100000, help="sampled rows per mutant (default 100 000)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the mutants and of the rows")
    ap.add_argument("--timeout", type=float, default=10, help="prove --timeout, seconds per property")
    ap.add_argument("--jobs", type=int, default=1, help="mutants proved at once")
    ap.add_argument("--min-counterexamples", type=int, default=0,
                    help="fail unless at least this many counterexamples were found (the check is not vacuous)")
    ap.add_argument("--out", default="prove-crosscheck", help="folder for the mutants and results.jsonl")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    made = make_mutants(a.bareme, a.out, a.mutants, a.seed, a.jobs)
    counts = collections.Counter()
    reasons = collections.Counter()
    bad = []
    start = time.monotonic()
    with open(os.path.join(a.out, "results.jsonl"), "w", encoding="utf-8") as log, \
            concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
        runs = pool.map(lambda m: prove(a.bareme, m[0], a.rows, a.seed, a.timeout), made)
        for (path, scheme, what), (run, seconds) in zip(made, runs):
            verdicts, problems = judge(run)
            counts["mutants"] += 1
            for v in verdicts:
                counts[v["verdict"]] += 1
                if v["verdict"] == "proved":
                    # A proved property no sampled row reached checks nothing: counted, shown.
                    evaluated = (v.get("sample") or {}).get("evaluated", 0)
                    counts["checked pairs"] += evaluated
                    counts["unchecked proved"] += evaluated == 0
                if v["verdict"] == "unknown":
                    reasons[v["reason"]] += 1
            if problems:
                counts["inconsistent mutants"] += 1
                bad.append(path)
            log.write(json.dumps({"mutant": path, "scheme": scheme, "change": what, "seconds": round(seconds, 2),
                                  "verdicts": verdicts, "problems": problems}, ensure_ascii=False) + "\n")
            log.flush()
            mark = "INCONSISTENT" if problems else "ok"
            kinds = collections.Counter(v["verdict"] for v in verdicts)
            print(f"{os.path.basename(path)} ({what}): {dict(kinds)} {seconds:.1f} s {mark}", flush=True)
            for p in problems:
                print(f"  {p}", flush=True)
    print(f"\n{counts['mutants']} mutants ({a.rows} rows sampled per mutant, seed {a.seed}), "
          f"{time.monotonic() - start:.0f} s: {counts['proved']} proved, {counts['counterexample']} counterexamples, "
          f"{counts['unknown']} unknown {dict(reasons) if reasons else ''}, {counts['internal error']} internal errors, "
          f"{counts['inconsistent mutants']} inconsistent mutants")
    print(f"proved properties checked on {counts['checked pairs']} (row, property) pairs that met their "
          f"preconditions in both engines; {counts['unchecked proved']} proved properties reached by no sampled row")
    for path in bad:
        print(f"inconsistent: {path}")
    if counts["counterexample"] < a.min_counterexamples:
        print(f"only {counts['counterexample']} counterexamples, fewer than the {a.min_counterexamples} asked")
        return 1
    if counts["mutants"] < a.mutants:
        print(f"only {counts['mutants']} type-correct mutants of the {a.mutants} asked")
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
