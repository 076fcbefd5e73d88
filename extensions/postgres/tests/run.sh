#!/usr/bin/env bash
# The pgTAP suite of the PostgreSQL extension bareme against a real, throw-away server:
#   run.sh BUILD_DIR SOURCE_DIR
# builds and installs the extension with PGXS (and libbareme.so.1 beside it), initdb's a cluster
# in a temporary folder owned by postgres, starts it on a free 127.0.0.1 port (socket in that
# folder), prepares the data and what the command line says about it, runs pg_prove, and stops
# the server and removes the folder on any exit. Exit 77 (ctest SKIP) when PostgreSQL 15, pgTAP
# or pg_prove are missing or the extension cannot be installed (not root).
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
here="$src/extensions/postgres"
skip() { echo "SKIP: $*"; exit 77; }

PG_CONFIG=${PG_CONFIG:-/usr/bin/pg_config}
[ -x "$PG_CONFIG" ] || skip "no $PG_CONFIG (Debian: postgresql-server-dev-15)"
bindir=$("$PG_CONFIG" --bindir)
sharedir=$("$PG_CONFIG" --sharedir)
[ -x "$bindir/initdb" ] || skip "no $bindir/initdb (Debian: postgresql-15)"
[ -f "$sharedir/extension/pgtap.control" ] || skip "no pgTAP (Debian: postgresql-15-pgtap)"
command -v pg_prove >/dev/null || skip "no pg_prove (Debian: libtap-parser-sourcehandler-pgtap-perl)"
[ "$(id -u)" -eq 0 ] || skip "run as root: it installs the extension and runs the server as postgres"
[ -f "$build/compiler/libbareme.so.1" ] || { echo "no $build/compiler/libbareme.so.1: build bareme_c"; exit 1; }

# The extension, built out of the source tree (a PGXS VPATH build) and installed.
objdir="$build/extensions/postgres"
mkdir -p "$objdir"
make -s -C "$objdir" -f "$here/Makefile" PG_CONFIG="$PG_CONFIG" BAREME_BUILD="$build" install >/dev/null

# The server runs as postgres, which must own its folder and read every file it is given.
as_pg=(runuser -u postgres --)
tmp=$(mktemp -d /tmp/bareme-pgtap.XXXXXX)
chmod 755 "$tmp"
cleanup() {
  status=$?
  if [ $status -ne 0 ] && [ -f "$tmp/out/server.log" ]; then
    echo "--- the last lines of the server log:"
    tail -n 40 "$tmp/out/server.log"
  fi
  if [ -f "$tmp/data/postmaster.pid" ]; then
    "${as_pg[@]}" "$bindir/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# Scheme files copied where postgres can read them (the tree may sit in a private folder): the
# brief's Flexitanie, the bundled schemes with the stdlib they import (found in a parent folder),
# a scheme that does not compile, and a file postgres may not read.
mkdir -p "$tmp/files"
cp -r "$src/schemes" "$src/stdlib" "$tmp/files/"
cp "$src/tests/check/flexitanie_brief.bareme" "$src/tests/capi/broken.bareme" "$tmp/files/"
echo 'scheme secret "unreadable"' >"$tmp/files/secret.bareme"
chmod -R a+rX "$tmp/files"
chmod 600 "$tmp/files/secret.bareme" # owned by root: postgres may not read it

mkdir "$tmp/data" "$tmp/out" "$tmp/sock"
chown postgres "$tmp/data" "$tmp/out" "$tmp/sock"
"${as_pg[@]}" "$bindir/initdb" -D "$tmp/data" -U postgres -A trust --no-sync >"$tmp/initdb.log" 2>&1 ||
  { cat "$tmp/initdb.log"; exit 1; }
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"${as_pg[@]}" "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/out/server.log" -w -t 60 start \
  -o "-p $port -k $tmp/sock -c listen_addresses=127.0.0.1 -c fsync=off -c max_wal_size=4GB -c max_worker_processes=8 -c max_parallel_workers=8" \
  >/dev/null || { cat "$tmp/out/server.log"; exit 1; }
export PGHOST="$tmp/sock" PGPORT="$port" PGUSER=postgres PGDATABASE=postgres
psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

# What the command line prints for the same applications: the tests compare with it.
bareme="$build/bareme"
app='{"beneficiary": "company", "site_region": "occitanie", "v2g_stations": 2, "v1g_stations": 1,
      "filed_on": "2022-03-01", "works_start": "2022-04-15"}'
partial='{"beneficiary": "company", "site_region": "occitanie", "v2g_stations": 2}'
echo "$app" >"$tmp/app.json"
echo "$partial" >"$tmp/partial.json"
"$bareme" eval "$tmp/files/flexitanie_brief.bareme" --input "$tmp/app.json" >"$tmp/out/eval.json"
"$bareme" explain "$tmp/files/flexitanie_brief.bareme" --input "$tmp/app.json" --format json >"$tmp/out/explain.json"
"$bareme" eval "$tmp/files/flexitanie_brief.bareme" --missing --input "$tmp/partial.json" >"$tmp/out/missing.json" ||
  [ $? -eq 3 ] # undetermined
bundled_app='{"beneficiary": "company", "site_region": "occitanie", "v2g_stations": 2, "v1g_stations": 1,
  "on_workplace": true, "edf_profile_checked": true, "urssaf_certificate": true,
  "authorises_edf_charge_control": true, "accepts_data_collection": true,
  "filed_on": "2022-03-01", "works_start": "2022-04-15"}'
echo "$bundled_app" >"$tmp/bundled.json"
"$bareme" eval "$tmp/files/schemes/flexitanie.bareme" --input "$tmp/bundled.json" >"$tmp/out/bundled_eval.json"

chmod a+r "$tmp"/out/*.json # postgres reads them back (pg_read_file), whatever the umask

# The data: 1 M applications (every 97th without filed_on, so undetermined), and the scores the
# command line gives them, read back as a table.
psql_q -f "$here/tests/setup.sql" -v dir="$tmp" -v app="$app" -v partial="$partial" -v bundled_app="$bundled_app"
chmod a+r "$tmp/out/apps.csv"
"$bareme" score "$tmp/files/flexitanie_brief.bareme" -i "$tmp/out/apps.csv" -o "$tmp/out/cli_scores.csv" -q \
  >/dev/null 2>"$tmp/score.err" || { cat "$tmp/score.err"; exit 1; }
chmod a+r "$tmp/out/cli_scores.csv"
psql_q -c "CREATE TABLE cli_scores (row_number bigint, eligible boolean, amount numeric, failed text, error text);
           COPY cli_scores FROM '$tmp/out/cli_scores.csv' CSV HEADER;"

pg_prove -v --ext .sql "$here/tests/"*_test.sql
