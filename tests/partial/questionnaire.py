#!/usr/bin/env python3
"""Partial evaluation as a questionnaire (docs/compiler/partial.md), on a seed scheme.

Starts from a situation (--start JSON, or by default the full application without the inputs that
have no default), runs `bareme eval --missing`, answers the first
input asked with its value in the full application (--full JSON), and again, until the outcome is
decided. Checks: each step's exit status (3 undetermined, 0 decided), that every input asked is
absent, that the questionnaire ends, and that the final status and amount equal `bareme eval` on
the full application. Prints the transcript (the questions in order, with what each decides),
compared with EXPECTED (--update rewrites it).

    questionnaire.py --bareme BIN --scheme FILE --full JSON [--start JSON] EXPECTED [--update]
"""
import argparse
import json
import os
import subprocess
import sys


def run(bareme, args):
    p = subprocess.run([bareme] + args, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bareme", required=True)
    ap.add_argument("--scheme", required=True)
    ap.add_argument("--full", required=True)
    ap.add_argument("--start")
    ap.add_argument("--update", action="store_true")
    ap.add_argument("expected")
    a = ap.parse_args()
    full = json.load(open(a.full))
    if a.start:
        situation = json.load(open(a.start))
    else:
        # The full application without its inputs that have no default (those `eval` requires).
        with open(a.expected + ".empty.json", "w") as f:
            f.write("{}")
        _, out, _ = run(a.bareme, ["eval", a.scheme, "-i", a.expected + ".empty.json"])
        os.remove(a.expected + ".empty.json")
        required = {e["path"][2:] for e in json.loads(out)["input_errors"]}
        situation = {k: v for k, v in full.items() if k not in required}
    lines, errors = [], []
    tmp = a.expected + ".situation.json"
    try:
        for step in range(200):
            with open(tmp, "w") as f:
                json.dump(situation, f)
            code, out, err = run(a.bareme, ["eval", a.scheme, "--missing", "-i", tmp])
            try:
                o = json.loads(out)
            except json.JSONDecodeError:
                errors.append(f"step {step}: exit {code}, not JSON: {out!r} {err!r}")
                break
            if o["status"] != "undetermined":
                if code != 0:
                    errors.append(f"step {step}: decided but exit {code}")
                lines.append(f"{o['status']}, amount {o['amount']}"
                             + (f", fails: {o['failed_condition']['condition']}" if o["failed_condition"] else ""))
                break
            if code != 3:
                errors.append(f"step {step}: undetermined but exit {code}")
            if not o["missing"]:
                errors.append(f"step {step}: undetermined with nothing to ask: {out}")
                break
            asked = [m["input"] for m in o["missing"]]
            for name in asked:
                if name in situation:
                    errors.append(f"step {step}: asks {name}, which is given")
            first = o["missing"][0]["input"]
            lines.append(f"ask {first} (decides {o['missing'][0]['decides']}); then "
                         + ", ".join(f"{m['input']} {m['decides']}" for m in o["missing"][1:])
                         + f"  [undecided: {'; '.join(o['undecided'])}]")
            if first not in full:
                errors.append(f"step {step}: asks {first}, which the full application does not give")
                break
            situation[first] = full[first]
        else:
            errors.append("the questionnaire does not end")
        code, out, err = run(a.bareme, ["eval", a.scheme, "-i", a.full])
        r = json.loads(out)
        status = "eligible" if r["eligible"] else "not_eligible"
        lines.append(f"eval on the full application: {status}, amount {r['amount']}")
        if not lines[-2].startswith(f"{status}, amount {r['amount']}"):
            errors.append(f"the questionnaire ends with `{lines[-2]}`, eval says {status}, amount {r['amount']}")
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    text = "\n".join(lines) + "\n"
    if a.update:
        open(a.expected, "w").write(text)
    elif not os.path.exists(a.expected) or open(a.expected).read() != text:
        errors.append("transcript differs from " + a.expected + ":\n" + text)
    for e in errors:
        print("FAIL:", e, file=sys.stderr)
    print(text, end="")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
