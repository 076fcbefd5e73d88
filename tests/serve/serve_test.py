"""HTTP tests of `bareme serve`: every endpoint and error, malformed requests, limits, slow clients,
token auth, a reload under load with no failed request, and a clean stop on SIGTERM.

Usage: serve_test.py BAREME GROUP, GROUP one of endpoints, errors, malformed, score, limits, reload, auth."""
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

from harness import APPLICATION, BRIEF, Server, error_of

BAREME = sys.argv[1] if len(sys.argv) > 1 else "build/bareme"


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def bareme_eval(application, *args, scheme=BRIEF):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(application, f)
    try:
        return subprocess.run([BAREME, "eval", scheme, "--input", f.name, *args], capture_output=True, text=True)
    finally:
        os.unlink(f.name)


def endpoints():
    s = Server(BAREME)
    served = os.path.join(s.schemes, "flexitanie.bareme")  # runtime errors name the file evaluated
    # ... which the service shows relative to its folder (no absolute path leaves it: docs/serve.md).
    relative = lambda text: text.replace(json.dumps(s.schemes + "/")[:-1], '"')
    try:
        health = json.loads(s.request("GET", "/health")[2])
        check(health["status"] == "ok" and health["schemes"] == 1 and health["errors"] == [], health)
        status, headers, body = s.request("GET", "/schemes")
        check(status == 200 and headers["Content-Type"] == "application/json", (status, headers))
        check([x["name"] for x in json.loads(body)["schemes"]] == ["flexitanie"], body)
        status, _, body = s.request("GET", "/schemes/flexitanie")
        detail = json.loads(body)
        schema = detail["input_schema"]
        check(status == 200 and schema["type"] == "object", body)
        check(schema["properties"]["beneficiary"]["enum"][:2] == ["company", "local_authority"], schema)
        check(schema["properties"]["v2g_stations"]["type"] == "integer", schema)
        check(schema["properties"]["filed_on"]["format"] == "date", schema)
        check(sorted(schema["required"]) == sorted(APPLICATION), schema)
        check(detail["output_schema"]["properties"]["eligible"]["type"] == ["boolean", "null"], detail)
        openapi = json.loads(s.request("GET", "/openapi.json")[2])
        check(openapi["openapi"].startswith("3."), openapi)
        for path in ["/schemes/flexitanie/evaluate", "/schemes/flexitanie/score", "/health", "/metrics"]:
            check(path in openapi["paths"], path)
        check("flexitanie_input" in openapi["components"]["schemas"], openapi["components"])
        # /evaluate answers exactly what `bareme eval` prints, for the three kinds of answer.
        for application in [APPLICATION, dict(APPLICATION, site_region="bretagne")]:
            status, headers, body = s.request("POST", "/schemes/flexitanie/evaluate", application)
            cli = bareme_eval(application)
            check(status == 200 and body == cli.stdout, (status, body, cli.stdout))
        check(json.loads(s.request("POST", "/schemes/flexitanie/evaluate", APPLICATION)[2])["amount"] == 7500, "amount")
        refused = json.loads(s.request("POST", "/schemes/flexitanie/evaluate", dict(APPLICATION, site_region="bretagne"))[2])
        check(refused["eligible"] is False and refused["failed"], refused)
        huge = dict(APPLICATION, v2g_stations=4 * 10**15)
        status, _, body = s.request("POST", "/schemes/flexitanie/evaluate", huge)
        check(status == 200 and json.loads(body)["eligible"] is None and body == relative(bareme_eval(huge, scheme=served).stdout), body)
        check(s.schemes not in body and '"location": "flexitanie.bareme:' in body, body)
        status, _, body = s.request("POST", "/schemes/flexitanie/evaluate?as_of=2023-01-01", APPLICATION)
        check(status == 200 and json.loads(body)["evaluation_date"] == "2023-01-01", body)
        status, _, body = s.request("POST", "/schemes/flexitanie/explain", APPLICATION)
        check(status == 200 and isinstance(json.loads(body), dict), body)
        status, _, body = s.request("POST", "/schemes/flexitanie/missing", {"site_region": "occitanie", "beneficiary": "company"})
        missing = json.loads(body)
        check(status == 200 and missing["status"] == "undetermined" and missing["eligible"] is None, body)
        check({m["input"] for m in missing["missing"]} >= {"v2g_stations", "filed_on"}, body)
        status, _, body = s.request("POST", "/schemes/flexitanie/missing", dict(APPLICATION, site_region="bretagne"))
        check(status == 200 and json.loads(body)["eligible"] is False, body)
        metrics = s.request("GET", "/metrics")[2]
        check('bareme_requests_total{route="evaluate",code="2xx"}' in metrics, metrics)
        check('bareme_request_duration_seconds_bucket{route="evaluate",le="+Inf"}' in metrics, metrics)
        check("bareme_rows_scored_total 0" in metrics and "bareme_schemes 1" in metrics, metrics)
    finally:
        code, stderr = s.stop()
    check(code == 0, f"exit code {code} on SIGTERM: {stderr}")
    with open(s.log if os.path.exists(s.log) else os.devnull) as f:
        pass


def errors():
    s = Server(BAREME, "--max-body", "4096")
    try:
        cases = [
            ("POST", "/schemes/flexitanie/evaluate", "{not json", 400, "bad_json"),
            ("POST", "/schemes/flexitanie/evaluate", "[1, 2]", 400, None),
            ("POST", "/schemes/flexitanie/evaluate", dict(APPLICATION, site_region="mars"), 400, "bad_input"),
            ("POST", "/schemes/flexitanie/evaluate?as_of=yesterday", APPLICATION, 400, "bad_option"),
            ("POST", "/schemes/flexitanie/evaluate", dict(APPLICATION, v2g_statoins=3), 400, "bad_input"),
            ("POST", "/schemes/flexitanie/missing", dict(APPLICATION, v2g_statoins=3), 400, "bad_input"),
            ("POST", "/schemes/flexitanie/evaluate?strict=maybe", APPLICATION, 400, "bad_option"),
            ("POST", "/schemes/nowhere/evaluate", APPLICATION, 404, "unknown_scheme"),
            ("GET", "/schemes/nowhere", None, 404, "unknown_scheme"),
            ("GET", "/nothing/here", None, 404, "not_found"),
            ("POST", "/schemes/flexitanie/launch", APPLICATION, 404, "not_found"),
            ("GET", "/schemes/flexitanie/evaluate", None, 405, "method_not_allowed"),
            ("DELETE", "/health", None, 405, "method_not_allowed"),
            ("PUT", "/schemes/flexitanie", "{}", 405, "method_not_allowed"),
            ("POST", "/schemes/flexitanie/evaluate", "x" * 5000, 413, "body_too_large"),
            ("POST", "/schemes/flexitanie/score", "a,b\n1,2\n", 415, "unsupported_format"),
        ]
        for method, path, body, status, code in cases:
            got, headers, text = s.request(method, path, body, {"Content-Type": "application/json"})
            check(got == status, (method, path, got, text))
            check(headers.get("Content-Type") == "application/json", (path, headers))
            got_code = error_of(got, text)
            check(code is None or got_code == code, (method, path, got_code, text))
        # A misspelt member: refused with the closest name, or ignored with ?strict=false.
        text = s.request("POST", "/schemes/flexitanie/evaluate", dict(APPLICATION, v2g_statoins=3))[2]
        check("v2g_stations" in json.loads(text)["error"]["message"], text)
        status, _, text = s.request("POST", "/schemes/flexitanie/evaluate?strict=false", dict(APPLICATION, v2g_statoins=3))
        check(status == 200 and json.loads(text)["eligible"] is True, (status, text[:200]))
        # The input errors are in the message.
        text = s.request("POST", "/schemes/flexitanie/evaluate", dict(APPLICATION, site_region="mars"))[2]
        check("mars" in json.loads(text)["error"]["message"], text)
        check(s.request("GET", "/schemes/flexitanie/evaluate")[1].get("Allow") == "POST", "Allow header")
        # A chunked body (no Content-Length) is refused from its headers, before any of it is read:
        # cpp-httplib would read it whole, past the limit.
        conn = s.connection()
        conn.putrequest("POST", "/schemes/flexitanie/evaluate")
        conn.putheader("Transfer-Encoding", "chunked")
        conn.endheaders()
        conn.send(b"800\r\n" + b" " * 0x800 + b"\r\n")
        response = conn.getresponse()
        check(response.status == 411 and error_of(411, response.read().decode()) == "length_required", response.status)
        conn.close()
        # Refused from its Content-Length before the body is read: the connection is closed.
        reply = s.raw(b"POST /schemes/flexitanie/evaluate HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\nabc")
        check(reply.startswith(b"HTTP/1.1 413") and b"Connection: close" in reply and b"body_too_large" in reply, reply)
        metrics = s.request("GET", "/metrics")[2]
        check('bareme_errors_total{route="evaluate"}' in metrics and 'code="4xx"' in metrics, metrics)
    finally:
        code, _ = s.stop()
    check(code == 0, code)


def missing_inputs():
    """An application without its required inputs is an answer, not an error: 200, undetermined
    ("eligible": null) with the MissingInput error naming the first input it needs, as the C ABI's
    bareme_evaluate says; /missing then ranks what to ask. A value of the wrong type stays bad input."""
    s = Server(BAREME)
    try:
        status, _, body = s.request("POST", "/schemes/flexitanie/evaluate", {"site_region": "occitanie"})
        result = json.loads(body)
        check(status == 200 and result["eligible"] is None and "MissingInput" in body, (status, body[:300]))
        status, _, body = s.request("POST", "/schemes/flexitanie/missing", {"site_region": "occitanie"})
        result = json.loads(body)
        check(status == 200 and result["status"] == "undetermined" and len(result["missing"]) > 0, (status, body[:300]))
        status, _, body = s.request("POST", "/schemes/flexitanie/evaluate", {"site_region": 12})
        check(status == 400 and error_of(status, body) == "bad_input", (status, body[:300]))
    finally:
        s.stop()


def odd_files():
    """A file whose name is not UTF-8, at start-up or dropped in later, is served (its name shown
    with a replacement character) or reported: the server never dies of it."""
    with open(BRIEF, "rb") as f:
        brief = f.read()
    s = Server(BAREME, "--reload-interval", "0.2")
    try:
        with open(os.path.join(os.fsencode(s.schemes), b"caf\xe9.bareme"), "wb") as f:
            f.write(brief)
        with open(os.path.join(os.fsencode(s.schemes), b"bro\xefken.bareme"), "wb") as f:
            f.write(b"scheme x\n\xff\xfe not a scheme")
        deadline = time.time() + 30
        while time.time() < deadline and len(json.loads(s.request("GET", "/schemes")[2])["schemes"]) < 2:
            time.sleep(0.2)
        status, _, body = s.request("GET", "/schemes")
        check(status == 200 and len(json.loads(body)["schemes"]) == 2, (status, body[:300]))
        health = s.wait_healthy()
        check(health["status"] == "degraded" and len(health["errors"]) == 1, health)
        check(s.request("GET", "/openapi.json")[0] == 200, "openapi")
        check(s.request("POST", "/schemes/flexitanie/evaluate", APPLICATION)[0] == 200, "still serving")
        check(s.proc.poll() is None, "the server died")
    finally:
        s.stop()


def malformed():
    s = Server(BAREME, "--read-timeout", "2")
    try:
        for garbage in [b"GARBAGE\r\n\r\n", b"GET\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n", b"\x00\xff\x17\x03binary\r\n\r\n",
                        b"POST /schemes/flexitanie/evaluate HTTP/1.1\r\nContent-Length: abc\r\n\r\n{}"]:
            reply = s.raw(garbage)
            check(reply == b"" or reply.startswith(b"HTTP/1.1 4"), (garbage, reply[:200]))
        huge_header = b"GET /health HTTP/1.1\r\nX-Big: " + b"a" * 200000 + b"\r\n\r\n"
        reply = s.raw(huge_header)
        check(reply == b"" or reply.startswith(b"HTTP/1.1 4"), reply[:200])
        long_uri = b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\n\r\n"
        reply = s.raw(long_uri)
        check(reply == b"" or reply.startswith(b"HTTP/1.1 4"), reply[:200])
        # A slow client: sends its body a byte at a time, then stops; the others are served meanwhile.
        slow = socket.create_connection(("127.0.0.1", s.port), timeout=30)
        slow.sendall(b"POST /schemes/flexitanie/evaluate HTTP/1.1\r\nHost: x\r\nContent-Length: 200\r\n\r\n{")
        started = time.time()
        for _ in range(20):
            status, _, body = s.request("POST", "/schemes/flexitanie/evaluate", APPLICATION)
            check(status == 200, body)
        check(time.time() - started < 20, "others were held up by the slow client")
        slow.sendall(b" ")
        time.sleep(0.5)
        slow.sendall(b" ")
        # Silent for longer than the read timeout: the server drops it.
        started = time.time()
        data = b""
        try:
            while True:
                chunk = slow.recv(4096)
                if not chunk:
                    break
                data += chunk
        except ConnectionResetError:
            pass
        check(time.time() - started < 25, "the slow client was never dropped")
        check(data == b"" or data.startswith(b"HTTP/1.1 4"), data[:200])
        slow.close()
        check(s.request("GET", "/health")[0] == 200, "alive after the slow client")
    finally:
        code, _ = s.stop()
    check(code == 0, code)


def csv_rows(n):
    lines = ["beneficiary,site_region,v2g_stations,v1g_stations,filed_on,works_start"]
    regions = ["occitanie", "bretagne"]
    for i in range(n):
        lines.append(f"company,{regions[i % 2]},{i % 5},{i % 3},2022-03-01,2022-04-15")
    return "\n".join(lines) + "\n"


def score():
    s = Server(BAREME, "--max-rows", "20000")
    try:
        text = csv_rows(9000)  # several blocks of 256 KiB
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
            f.write(text)
        cli = subprocess.run([BAREME, "score", BRIEF, "--input", f.name, "-o", "-", "--output-format", "csv"], capture_output=True, text=True)
        status, headers, body = s.request("POST", "/schemes/flexitanie/score", text, {"Content-Type": "text/csv"})
        check(status == 200 and headers["Content-Type"] == "text/csv", (status, body[:300]))
        check(body.count("\n") == 9001, body.count("\n"))
        check(body == cli.stdout, "the CSV differs from `bareme score`")
        # Quoted fields holding newlines (an extra column, ignored): a record is not a line, also
        # where a block boundary falls inside such a field.
        lines = text.splitlines()
        quoted = "\n".join([lines[0] + ",note"] + [f'{l},"first line\n{"x" * (i % 97)}\nthird, ""quoted"" line"'
                                                   for i, l in enumerate(lines[1:])]) + "\n"
        with open(f.name, "w") as g:
            g.write(quoted)
        cli = subprocess.run([BAREME, "score", BRIEF, "--input", f.name, "-o", "-", "--output-format", "csv"],
                             capture_output=True, text=True)
        status, headers, body = s.request("POST", "/schemes/flexitanie/score", quoted, {"Content-Type": "text/csv"})
        check(status == 200 and headers.get("X-Rows") == "9000", (status, headers.get("X-Rows"), body[:300]))
        check(cli.stdout.count("\n") == 9001 and body == cli.stdout, "quoted newlines: the CSV differs from `bareme score`")
        jsonl = "".join(json.dumps(dict(APPLICATION, v2g_stations=i % 4)) + "\n" for i in range(5000))
        status, headers, body = s.request("POST", "/schemes/flexitanie/score?format=jsonl", jsonl)
        lines = body.splitlines()
        check(status == 200 and len(lines) == 5000, (status, len(lines), body[:300]))
        for i, line in enumerate(lines[:50]):
            row = json.loads(line)
            check(row["amount"] == 3000 * (i % 4) + 1500, row)
        status, headers, body = s.request("POST", "/schemes/flexitanie/score", jsonl.replace("company", "pirate", 1),
                                          {"Content-Type": "application/x-ndjson"})
        check(status == 200 and len(body.splitlines()) == 5000, "a bad row is an error row")
        # Streamed in: a chunked upload of unknown length.
        conn = s.connection()
        conn.putrequest("POST", "/schemes/flexitanie/score?format=csv")
        conn.putheader("Transfer-Encoding", "chunked")
        conn.endheaders()
        data = csv_rows(3000).encode()
        for i in range(0, len(data), 7777):
            piece = data[i:i + 7777]
            conn.send(b"%x\r\n" % len(piece) + piece + b"\r\n")
        conn.send(b"0\r\n\r\n")
        response = conn.getresponse()
        out = response.read().decode()
        check(response.status == 200 and out.count("\n") == 3001, (response.status, out[:300]))
        conn.close()
        status, _, body = s.request("POST", "/schemes/flexitanie/score", csv_rows(20001), {"Content-Type": "text/csv"})
        check(status == 413 and error_of(status, body) == "too_many_rows", (status, body[:200]))
        status, _, body = s.request("POST", "/schemes/flexitanie/score", csv_rows(0), {"Content-Type": "text/csv"})
        check(status == 200 and body.count("\n") == 1, body)
        metrics = s.request("GET", "/metrics")[2]
        rows = int(metrics.split("\nbareme_rows_scored_total ")[1].split()[0])
        check(rows >= 9000 + 5000 + 5000 + 3000, rows)
    finally:
        code, _ = s.stop()
        os.unlink(f.name)
    check(code == 0, code)


def limits():
    s = Server(BAREME, "--max-concurrent", "2", "--read-timeout", "10")
    try:
        held = []
        for _ in range(2):  # two uploads in progress hold the two places
            sock = socket.create_connection(("127.0.0.1", s.port), timeout=30)
            sock.sendall(b"POST /schemes/flexitanie/score HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
                         b"Content-Length: 1000\r\n\r\nbeneficiary,site_region\n")
            held.append(sock)
        time.sleep(1.0)
        status, headers, body = s.request("POST", "/schemes/flexitanie/evaluate", APPLICATION)
        check(status == 503 and error_of(status, body) == "overloaded" and headers.get("Retry-After"), (status, body))
        for sock in held:
            sock.close()
        deadline = time.time() + 30
        while s.request("POST", "/schemes/flexitanie/evaluate", APPLICATION)[0] != 200:
            check(time.time() < deadline, "the places were never given back")
            time.sleep(0.2)
    finally:
        code, _ = s.stop()
    check(code == 0, code)
    # The step budget: an evaluation over it is 504.
    s = Server(BAREME, "--max-steps", "3")
    try:
        status, _, body = s.request("POST", "/schemes/flexitanie/evaluate", APPLICATION)
        check(status == 504 and error_of(status, body) == "evaluation_timeout", (status, body))
    finally:
        s.stop()


def reload():
    s = Server(BAREME, "--reload-interval", "0.2")
    with open(BRIEF, encoding="utf-8") as f:
        original = f.read()
    changed = original.replace("v2g_grant : Money = 3 000 €", "v2g_grant : Money = 4 000 €")
    check(changed != original, "the brief's v2g_grant line moved")
    failures, amounts, stop = [], {}, threading.Event()
    lock = threading.Lock()

    def hammer():
        conn = s.connection()
        while not stop.is_set():
            try:
                status, _, body = s.request("POST", "/schemes/flexitanie/evaluate", APPLICATION, conn=conn)
                amount = json.loads(body)["amount"] if status == 200 else None
                with lock:
                    if status != 200 or amount not in (7500, 9500):
                        failures.append((status, body[:200]))
                    amounts[amount] = amounts.get(amount, 0) + 1
            except Exception as e:  # noqa: BLE001 - any failure counts
                with lock:
                    failures.append(repr(e))
                conn.close()
                conn = s.connection()
        conn.close()

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    try:
        for t in threads:
            t.start()
        time.sleep(1.0)
        s.write_scheme("flexitanie.bareme", changed)
        deadline = time.time() + 60
        while json.loads(s.request("POST", "/schemes/flexitanie/evaluate", APPLICATION)[2])["amount"] != 9500:
            check(time.time() < deadline, "the new version was never served")
            time.sleep(0.1)
        time.sleep(0.5)
        s.write_scheme("flexitanie.bareme", changed.replace("eligible when", "eligible whenever"))
        deadline = time.time() + 60
        while True:
            health = json.loads(s.request("GET", "/health")[2])
            if health["status"] == "degraded":
                break
            check(time.time() < deadline, "/health never reported the broken file")
            time.sleep(0.1)
        check(health["errors"][0]["file"] == "flexitanie.bareme" and health["errors"][0]["message"], health)
        check(health["schemes"] == 1, health)
        time.sleep(1.0)
        check(json.loads(s.request("POST", "/schemes/flexitanie/evaluate", APPLICATION)[2])["amount"] == 9500,
              "the old version stopped serving")
        s.write_scheme("flexitanie.bareme", original)
        deadline = time.time() + 60
        while json.loads(s.request("GET", "/health")[2])["status"] != "ok":
            check(time.time() < deadline, "/health stayed degraded")
            time.sleep(0.1)
        time.sleep(0.5)
    finally:
        stop.set()
        for t in threads:
            t.join()
        code, stderr = s.stop()
    check(not failures, f"{len(failures)} failed requests: {failures[:5]}")
    check(amounts.get(7500, 0) > 0 and amounts.get(9500, 0) > 0, amounts)
    check(code == 0, stderr)
    print(f"reload under load: {sum(amounts.values())} requests, 0 failed, amounts {amounts}")


def auth():
    s = Server(BAREME, "--token", "s3cret")
    try:
        check(s.request("GET", "/health")[0] == 200, "/health needs no token")
        for headers in [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret"}]:
            status, h, body = s.request("POST", "/schemes/flexitanie/evaluate", APPLICATION, headers)
            check(status == 401 and error_of(status, body) == "unauthorized" and "Bearer" in h.get("WWW-Authenticate", ""),
                  (headers, status))
        status, _, body = s.request("POST", "/schemes/flexitanie/evaluate", APPLICATION, {"Authorization": "Bearer s3cret"})
        check(status == 200 and json.loads(body)["amount"] == 7500, body)
        check(s.request("GET", "/metrics", headers={"Authorization": "Bearer s3cret"})[0] == 200, "metrics")
    finally:
        code, _ = s.stop()
    check(code == 0, code)
    with open(os.devnull):
        pass


def log_lines():
    s = Server(BAREME)
    try:
        for _ in range(5):
            s.request("POST", "/schemes/flexitanie/evaluate", APPLICATION)
        s.request("GET", "/nothing")
        # A line is written once its answer is sent: wait for the last one.
        deadline = time.time() + 30
        while True:
            with open(s.log, encoding="utf-8") as f:
                lines = f.read().splitlines()
            if any(" GET /nothing 404 " in l for l in lines) or time.time() > deadline:
                break
            time.sleep(0.05)
    finally:
        s.stop()
    evaluations = [l for l in lines if " POST /schemes/flexitanie/evaluate 200 " in l]
    check(len(evaluations) == 5, lines)
    check(any(" GET /nothing 404 " in l for l in lines), lines)
    check(all(l.endswith("ms") for l in lines), lines)


GROUPS = {"endpoints": endpoints, "errors": errors, "malformed": malformed, "score": score,
          "limits": limits, "reload": reload, "auth": auth, "log": log_lines,
          "missing_inputs": missing_inputs, "odd_files": odd_files}

if __name__ == "__main__":
    GROUPS[sys.argv[2]]()
    print(f"serve {sys.argv[2]}: ok")
