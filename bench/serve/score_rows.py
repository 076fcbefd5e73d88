"""Rows/s of POST /schemes/flexitanie/score for scripts/bench-serve: CSV and NDJSON bodies of N rows."""
import http.client
import json
import sys
import time

port, rows, runs = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
regions = ["occitanie", "bretagne"]
csv = "beneficiary,site_region,v2g_stations,v1g_stations,filed_on,works_start\n" + "".join(
    f"company,{regions[i % 2]},{i % 5},{i % 3},2022-03-01,2022-04-15\n" for i in range(rows))
ndjson = "".join(json.dumps({"beneficiary": "company", "site_region": regions[i % 2], "v2g_stations": i % 5,
                             "v1g_stations": i % 3, "filed_on": "2022-03-01", "works_start": "2022-04-15"}) + "\n"
                 for i in range(rows))
for name, body, kind in [("CSV", csv, "text/csv"), ("NDJSON", ndjson, "application/x-ndjson")]:
    best = None
    for _ in range(runs):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        start = time.perf_counter()
        conn.request("POST", "/schemes/flexitanie/score", body=body.encode(), headers={"Content-Type": kind})
        response = conn.getresponse()
        out = response.read()
        seconds = time.perf_counter() - start
        conn.close()
        lines = out.count(b"\n") - (1 if name == "CSV" else 0)
        if response.status != 200 or lines != rows:
            sys.exit(f"score {name}: status {response.status}, {lines} rows out for {rows} in")
        best = seconds if best is None else min(best, seconds)
    print(f"| /score {name} | {rows} rows | {len(body) / 1e6:.1f} MB | {best:.2f} s | **{rows / best / 1e6:.2f} M rows/s** |")
