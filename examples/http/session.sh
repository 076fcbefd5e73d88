#!/usr/bin/env bash
# A curl session with `bareme serve`: serves schemes/ (the brief's Flexitanie), asks what it
# serves and evaluates application.json, as docs/serve.md shows. Run by ctest (examples/http).
#
#   examples/http/session.sh [PATH/TO/bareme]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bareme="${1:-$here/../../build/bareme}"
work="$(mktemp -d)"
"$bareme" serve "$here/schemes" --port 0 --log "$work/requests.log" >"$work/stdout" 2>"$work/stderr" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 600); do grep -q listening "$work/stdout" && break; sleep 0.1; done
url="$(sed -n 's/.*listening on \(http:[^ ]*\)\/ .*/\1/p' "$work/stdout")"
[ -n "$url" ] || { echo "session: the server did not start" >&2; cat "$work/stderr" >&2; exit 1; }

set -x
curl -sS --fail "$url/health"
curl -sS --fail "$url/schemes"
curl -sS --fail -X POST "$url/schemes/flexitanie/evaluate" \
  -H 'Content-Type: application/json' --data @"$here/application.json" | tee "$work/result.json"
# A refused application: still 200, "eligible": false with the condition that failed.
curl -sS --fail -X POST "$url/schemes/flexitanie/evaluate" \
  -d '{"beneficiary": "individual", "site_region": "occitanie", "v2g_stations": 1,
       "v1g_stations": 0, "filed_on": "2022-03-01", "works_start": "2022-04-15"}' | tee "$work/refused.json"
# A bad input: 400 with a JSON error.
status="$(curl -sS -o "$work/error.json" -w '%{http_code}' -X POST "$url/schemes/flexitanie/evaluate" -d '{"site_region": "mars"}')"
cat "$work/error.json"
set +x

grep -q '"eligible": true' "$work/result.json"
grep -q '"amount": 7500.00' "$work/result.json"
grep -q '"eligible": false' "$work/refused.json"
[ "$status" = 400 ] && grep -q '"code":"bad_input"' "$work/error.json"
kill -TERM "$pid" && wait "$pid"
echo "session: ok"
