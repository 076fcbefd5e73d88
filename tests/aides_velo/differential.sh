#!/usr/bin/env bash
# The aides-vélo catalogue (schemes/aides_velo) against the Publicodes model it was ported from
# (npm @betagouv/aides-velo 3.6.1, evaluated by publicodes 1.10.3, both pinned in
# tests/aides_velo/package-lock.json and installed by scripts/setup):
#
#   1. gen_situations.mjs writes --count seeded situations (CSV for Barème, JSON Lines for
#      Publicodes), aimed in turn at each aid of the model, on its thresholds and one cent around;
#   2. publicodes_eval.mjs evaluates every aid of the manifest, every level and the total;
#   3. `bareme score ROOT --all --columns` scores the CSV;
#   4. compare.py compares them to the cent and fails on any mismatch that
#      tests/aides_velo/known_differences.json does not explain.
#
# Exit 0 when all agree (or every mismatch is explained), 1 on an unexplained mismatch, 2 on a
# setup problem, 77 (ctest's SKIP_RETURN_CODE) when the npm packages are not installed or the
# catalogue is not there.
#
#   tests/aides_velo/differential.sh [--count N] [--seed S] [--bareme PATH] [--manifest PATH]
#                                    [--jobs N] [--keep DIR] [--engine jit|interp]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
count=3000
seed=20250115
bareme="${BAREME:-$root/build/bareme}"
manifest="$root/schemes/aides_velo/manifest.json"
jobs=""
keep=""
engine=jit

usage() { # the comment at the top of this file
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
  exit "$1"
}
while [ $# -gt 0 ]; do
  case "$1" in
    --count|--seed|--bareme|--manifest|--jobs|--keep|--engine)
      if [ $# -lt 2 ]; then echo "differential: $1 needs a value" >&2; exit 2; fi ;;
  esac
  case "$1" in
    --count) count="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --bareme) bareme="$2"; shift 2 ;;
    --manifest) manifest="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    --engine) engine="$2"; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "differential: unknown argument $1" >&2; usage 2 >&2 ;;
  esac
done
for n in "$count" "$seed" ${jobs:+"$jobs"}; do
  case "$n" in ''|*[!0-9]*) echo "differential: not a number: $n" >&2; exit 2 ;; esac
done

# --- what the test needs; missing npm packages or catalogue: skipped, and said so ------------
if ! command -v node >/dev/null 2>&1; then
  echo "SKIP: node is not installed (scripts/setup installs it)"; exit 77
fi
for pkg in publicodes @betagouv/aides-velo @etalab/decoupage-administratif; do
  if [ ! -f "$here/node_modules/$pkg/package.json" ]; then
    echo "SKIP: tests/aides_velo/node_modules/$pkg is missing: run scripts/setup (npm ci in tests/aides_velo)"
    exit 77
  fi
done
# Installed versions must be the pinned ones (a stale node_modules gives other numbers).
if ! node --input-type=module -e '
  import fs from "node:fs"
  const dir = process.argv[1]
  const want = JSON.parse(fs.readFileSync(dir + "/package.json", "utf8")).dependencies
  let bad = 0
  for (const [name, version] of Object.entries(want)) {
    const got = JSON.parse(fs.readFileSync(`${dir}/node_modules/${name}/package.json`, "utf8")).version
    if (got !== version) { console.error(`differential: ${name} ${got} is installed, ${version} is pinned: run scripts/setup`); bad = 1 }
  }
  process.exit(bad)' "$here"; then
  exit 2
fi
if [ ! -f "$manifest" ]; then
  echo "SKIP: $manifest is missing (the aides-vélo catalogue is not there)"; exit 77
fi
if [ ! -x "$bareme" ]; then
  echo "differential: $bareme is missing; run scripts/build or give --bareme" >&2; exit 2
fi
scheme_root="$(node -e 'const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); process.stdout.write(m.root || "")' "$manifest")"
if [ -z "$scheme_root" ]; then echo "differential: $manifest has no root" >&2; exit 2; fi
case "$scheme_root" in /*) ;; *) scheme_root="$root/$scheme_root" ;; esac

if [ -n "$keep" ]; then
  work="$keep"; mkdir -p "$work"
else
  work="$(mktemp -d "${TMPDIR:-/tmp}/aides-velo-diff.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
fi

echo "differential: $count situations, seed $seed, manifest $manifest"
node "$here/gen_situations.mjs" --manifest "$manifest" --count "$count" --seed "$seed" \
  --csv "$work/situations.csv" --situations "$work/situations.jsonl"
node "$here/publicodes_eval.mjs" --manifest "$manifest" --situations "$work/situations.jsonl" \
  --output "$work/publicodes.jsonl" --verify 20 ${jobs:+--jobs "$jobs"}
start=$(date +%s%N)
if ! (cd "$root" && "$bareme" score "$scheme_root" --all --columns --engine "$engine" --quiet \
        --input "$work/situations.csv" --output "$work/bareme.jsonl" --summary "$work/bareme.summary.json") \
     >"$work/bareme.log" 2>&1; then
  tail -n 30 "$work/bareme.log" >&2
  echo "differential: bareme score failed" >&2
  exit 2
fi
echo "differential: bareme score: $count rows in $(( ($(date +%s%N) - start) / 1000000 )) ms (compiling included)"
status=0
python3 "$here/compare.py" --manifest "$manifest" --situations "$work/situations.jsonl" \
  --publicodes "$work/publicodes.jsonl" --bareme "$work/bareme.jsonl" \
  --known "$here/known_differences.json" --report "$work/report.md" || status=$?
if [ "$status" -ne 0 ]; then
  if [ -n "$keep" ]; then
    echo "differential: the report and every file are in $work"
  else
    echo "differential: rerun with --keep DIR to keep the report (report.md) and the situations"
  fi
fi
exit "$status"
