-- wrk script of scripts/bench-serve: every request POSTs the brief's Flexitanie test application.
wrk.method = "POST"
wrk.path = "/schemes/flexitanie/evaluate"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"beneficiary": "company", "site_region": "occitanie", "v2g_stations": 2, ' ..
           '"v1g_stations": 1, "filed_on": "2022-03-01", "works_start": "2022-04-15"}'

-- Any answer but 200 is counted by wrk as a non-2xx response and printed.
function done(summary, latency, requests)
  io.write(string.format("BENCH p50_us=%d p99_us=%d requests=%d non2xx=%d errors=%d\n",
    latency:percentile(50), latency:percentile(99), summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
