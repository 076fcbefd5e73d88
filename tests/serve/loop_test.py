"""HTTP tests of the event loops of `bareme serve`: pipelined requests answered in order, the
fast lane answering byte for byte as cpp-httplib's routes, requests arriving in parts, streamed
/score after an evaluation on one connection, many connections at once, Connection: close,
HTTP/1.0, idle keep-alive connections closed, and a prompt stop with a handed-off connection.

Also what a fresh review found: heads with bare line breaks or two Content-Length refused (no
request smuggled), the body of a refused request never run as a request, long pipelines answered
whole before a close, a request followed by end of input answered, no busy loop when out of file
descriptors.

Usage: loop_test.py BAREME GROUP, GROUP one of pipelined, same_answers, parts, many, close, stop,
framing, out_of_descriptors."""
import json
import os
import socket
import stat
import tempfile
import sys
import threading
import time

from harness import APPLICATION, Server

BAREME = sys.argv[1] if len(sys.argv) > 1 else "build/bareme"
BODY = json.dumps(APPLICATION).encode()


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def post(path, body=BODY, extra=b""):
    return (b"POST " + path.encode() + b" HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n" + extra +
            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)


def read_answers(sock, count, timeout=30):
    """Reads `count` HTTP answers (Content-Length or chunked bodies) from `sock`:
    [(status, headers, body)]."""
    sock.settimeout(timeout)
    data, answers = b"", []

    def more():
        nonlocal data
        chunk = sock.recv(65536)
        if not chunk:
            raise AssertionError(f"the server closed after {len(answers)} of {count} answers")
        data += chunk

    while len(answers) < count:
        head_end = data.find(b"\r\n\r\n")
        if head_end < 0:
            more()
            continue
        lines = data[:head_end].decode("latin1").split("\r\n")
        headers = dict(line.split(": ", 1) for line in lines[1:])
        status = int(lines[0].split()[1])
        if headers.get("Transfer-Encoding") == "chunked":
            at, body = head_end + 4, b""
            while True:
                line_end = data.find(b"\r\n", at)
                if line_end < 0:
                    more()
                    continue
                size = int(data[at:line_end], 16)
                if len(data) < line_end + 2 + size + 2:
                    more()
                    continue
                body += data[line_end + 2:line_end + 2 + size]
                at = line_end + 2 + size + 2
                if size == 0:
                    break
            answers.append((status, headers, body))
            data = data[at:]
            continue
        length = int(headers.get("Content-Length", "0"))
        if len(data) < head_end + 4 + length:
            more()
            continue
        answers.append((status, headers, data[head_end + 4:head_end + 4 + length]))
        data = data[head_end + 4 + length:]
    return answers


def closed_by_server(sock, timeout):
    sock.settimeout(timeout)
    try:
        return sock.recv(1) == b""
    except (socket.timeout, ConnectionResetError):
        return False


def stopped(server):
    """Stops `server` and checks it exits 0 (a sanitizer report would make it fail)."""
    code, stderr = server.stop()
    check(code == 0, stderr)


def pipelined():
    s = Server(BAREME)
    try:
        refused = json.dumps(dict(APPLICATION, site_region="bretagne")).encode()
        with socket.create_connection(("127.0.0.1", s.port)) as sock:
            # Five requests in one write: two evaluations, /health, a /score (streamed: the
            # connection is handed off), then an evaluation answered after it.
            sock.sendall(post("/schemes/flexitanie/evaluate") + post("/schemes/flexitanie/evaluate", refused) +
                         b"GET /health HTTP/1.1\r\nHost: t\r\n\r\n" +
                         post("/schemes/flexitanie/score?format=jsonl", BODY + b"\n" + refused + b"\n") +
                         post("/schemes/flexitanie/missing", b'{"site_region": "occitanie"}'))
            answers = read_answers(sock, 5)
        check([a[0] for a in answers] == [200] * 5, [a[0] for a in answers])
        check(json.loads(answers[0][2])["amount"] == 7500, answers[0])
        check(json.loads(answers[1][2])["eligible"] is False, answers[1])
        check(json.loads(answers[2][2])["status"] == "ok", answers[2])
        rows = [json.loads(line) for line in answers[3][2].splitlines()]
        check(len(rows) == 2 and rows[0]["eligible"] is True and rows[1]["eligible"] is False, rows)
        check(json.loads(answers[4][2])["status"] == "undetermined", answers[4])
    finally:
        stopped(s)


def same_answers():
    """The fast lane and cpp-httplib's routes give the same bytes: `%66` makes the path one the
    fast lane leaves to cpp-httplib (it decodes nothing)."""
    s = Server(BAREME, "--token", "t0k")
    auth = b"Authorization: Bearer t0k\r\n"
    try:
        cases = [("evaluate", BODY, ""), ("explain", BODY, ""), ("missing", b"{}", ""),
                 ("evaluate", BODY, "?as_of=2024-01-01=2025-01-01"), ("evaluate", BODY, "?as_of"),
                 ("evaluate", BODY, "?as_of=2023-01-01"), ("evaluate", b"{not json", ""),
                 ("evaluate", b'{"nope": 1}', ""), ("evaluate", b'{"nope": 1}', "?strict=false"),
                 ("evaluate", BODY, "?strict=maybe")]
        for action, body, query in cases:
            with socket.create_connection(("127.0.0.1", s.port)) as sock:
                sock.sendall(post(f"/schemes/flexitanie/{action}{query}", body, auth) +
                             post(f"/schemes/%66lexitanie/{action}{query}", body, auth))
                fast, routed = read_answers(sock, 2)
            check(fast == routed, (action, query, fast, routed))
        with socket.create_connection(("127.0.0.1", s.port)) as sock:  # compared exactly by both
            sock.sendall(post("/schemes/flexitanie/evaluate", BODY, auth + b"Connection: Close\r\n") +
                         post("/schemes/%66lexitanie/evaluate", BODY, auth + b"Connection: Close\r\n"))
            fast, routed = read_answers(sock, 2)
        check(fast == routed and "Connection" not in fast[1], (fast, routed))
        with socket.create_connection(("127.0.0.1", s.port)) as sock:  # unknown scheme: 404 both ways
            sock.sendall(post("/schemes/nothing/evaluate", BODY, auth) + post("/schemes/%6Eothing/evaluate", BODY, auth))
            fast, routed = read_answers(sock, 2)
        check(fast[0] == 404 and fast[2] == routed[2], (fast, routed))
        with socket.create_connection(("127.0.0.1", s.port)) as sock:  # a wrong token: 401, then closed
            sock.sendall(post("/schemes/flexitanie/evaluate", BODY, b"Authorization: Bearer no\r\n"))
            status, headers, _ = read_answers(sock, 1)[0]
        check(status == 401 and "Bearer" in headers.get("WWW-Authenticate", ""), headers)
        metrics = s.request("GET", "/metrics", headers={"Authorization": "Bearer t0k"})[2]
        check('bareme_requests_total{route="evaluate",code="2xx"}' in metrics, metrics)
        time.sleep(0.2)
        with open(s.log, encoding="utf-8") as f:  # the fast lane logs as the routes do
            log = f.read()
        check(log.count(" POST /schemes/flexitanie/evaluate 200 ") >= 3, log)
        check(log.count(" POST /schemes/%66lexitanie/evaluate 200 ") == 0, log)
    finally:
        stopped(s)


def parts():
    s = Server(BAREME)
    try:
        request = post("/schemes/flexitanie/evaluate")
        for cut in [10, request.index(b"\r\n\r\n") + 2, len(request) - 5]:
            with socket.create_connection(("127.0.0.1", s.port)) as sock:
                sock.sendall(request[:cut])
                time.sleep(0.2)
                sock.sendall(request[cut:] + request)  # the rest, then a whole second request
                answers = read_answers(sock, 2)
            check([json.loads(a[2])["amount"] for a in answers] == [7500, 7500], (cut, answers))
    finally:
        stopped(s)


def many():
    s = Server(BAREME, "--threads", "4")
    try:
        socks = [socket.create_connection(("127.0.0.1", s.port)) for _ in range(300)]
        for sock in socks:
            sock.sendall(post("/schemes/flexitanie/evaluate"))
        amounts = [json.loads(read_answers(sock, 1)[0][2])["amount"] for sock in socks]
        check(amounts == [7500] * 300, amounts)
        # Handed-off connections beyond --threads wait their turn; none is lost.
        for sock in socks[:20]:
            sock.sendall(post("/schemes/flexitanie/evaluate")[:30])
        for sock in socks[:20]:
            sock.sendall(post("/schemes/flexitanie/evaluate")[30:])
        check(all(read_answers(sock, 1)[0][0] == 200 for sock in socks[:20]), "handed off")
        for sock in socks:
            sock.close()
    finally:
        stopped(s)


def close():
    s = Server(BAREME)
    try:
        with socket.create_connection(("127.0.0.1", s.port)) as sock:
            sock.sendall(post("/schemes/flexitanie/evaluate", BODY, b"Connection: close\r\n"))
            status, headers, _ = read_answers(sock, 1)[0]
            check(status == 200 and headers.get("Connection") == "close", headers)
            check(closed_by_server(sock, 5), "Connection: close keeps the connection open")
        with socket.create_connection(("127.0.0.1", s.port)) as sock:  # HTTP/1.0: cpp-httplib's path
            sock.sendall(post("/schemes/flexitanie/evaluate").replace(b"HTTP/1.1", b"HTTP/1.0", 1))
            status, _, body = read_answers(sock, 1)[0]
            check(status == 200 and json.loads(body)["amount"] == 7500, body)
        with socket.create_connection(("127.0.0.1", s.port)) as sock:  # idle: closed after 5 s
            sock.sendall(post("/schemes/flexitanie/evaluate"))
            check(read_answers(sock, 1)[0][0] == 200, "answer")
            start = time.time()
            check(closed_by_server(sock, 15), "an idle keep-alive connection stays open")
            check(4 <= time.time() - start <= 12, time.time() - start)
    finally:
        stopped(s)


def stop():
    s = Server(BAREME)
    sock = socket.create_connection(("127.0.0.1", s.port))
    sock.sendall(post("/schemes/flexitanie/evaluate")[:20])  # handed off, waiting for the rest
    time.sleep(0.3)
    start = time.time()
    code, _ = s.stop()
    check(code == 0 and time.time() - start < 4, (code, time.time() - start))
    sock.close()


def framing():
    s = Server(BAREME)
    smuggled = b"GET /schemes HTTP/1.1\r\nHost: t\r\n\r\n"
    try:
        for head in [b"POST /schemes/flexitanie/missing HTTP/1.1\r\nX: a\nContent-Length: 26\r\n\r\n",
                     b"POST /schemes/flexitanie/missing HTTP/1.1\r\nX: a\rContent-Length: 26\r\n\r\n",
                     b"POST /schemes/flexitanie/missing HTTP/1.1\r\nContent-Length: 0\r\nContent-Length: 26\r\n\r\n"]:
            with socket.create_connection(("127.0.0.1", s.port)) as sock:
                sock.sendall(head + smuggled)
                status, headers, body = read_answers(sock, 1)[0]
                check(status == 400 and headers.get("Connection") == "close", (head, status, body))
                check(closed_by_server(sock, 5), ("not closed after", head))
        # Two Content-Length on a handed-off connection (the head arrives in two writes): 400 too.
        with socket.create_connection(("127.0.0.1", s.port)) as sock:
            sock.sendall(b"POST /schemes/flexitanie/evaluate HTTP/1.1\r\nContent-Length: 2\r\n")
            time.sleep(0.2)
            sock.sendall(b"Content-Length: 40\r\n\r\n{}" + smuggled)
            check(read_answers(sock, 1)[0][0] == 400 and closed_by_server(sock, 5), "two lengths")
        # A refusal before the body is read closes: the body is never run as the next request.
        for refused in [b"POST /schemes/nope/frob HTTP/1.1\r\nHost: t\r\nContent-Length: %d\r\n\r\n",
                        b"POST /schemes/nope/evaluate HTTP/1.1\r\nHost: t\r\nContent-Length: %d\r\n\r\n"]:
            for pause in [0, 0.2]:  # in place, and handed off
                with socket.create_connection(("127.0.0.1", s.port)) as sock:
                    sock.sendall(refused % len(smuggled))
                    time.sleep(pause)
                    sock.sendall(smuggled)
                    status = read_answers(sock, 1)[0][0]
                    check(status == 404, status)
                    sock.settimeout(3)
                    rest = b""
                    try:
                        while chunk := sock.recv(65536):
                            rest += chunk
                    except (socket.timeout, ConnectionResetError):
                        pass
                    check(b"HTTP/1.1" not in rest, ("the body ran as a request", refused, pause, rest[:200]))
        # 300 pipelined answers of 10 KB each, the last request asking to close: all arrive.
        openapi = b"GET /openapi.json HTTP/1.1\r\nHost: t\r\n\r\n"
        with socket.create_connection(("127.0.0.1", s.port)) as sock:
            sock.sendall(openapi * 299 + openapi.replace(b"Host: t", b"Host: t\r\nConnection: close"))
            time.sleep(1)
            answers = read_answers(sock, 300)
        check(len(answers) == 300 and all(a[0] == 200 for a in answers), len(answers))
        # A request, then end of input (at a 16 KiB read boundary too): answered, then closed.
        for size in [0, 16384]:
            request = b"GET /health HTTP/1.1\r\nHost: t\r\n"
            if size:
                while size - 2 - len(request) > 100:
                    request += b"X: " + b"a" * 60 + b"\r\n"
                request += b"Y: " + b"a" * (size - 2 - len(request) - 5) + b"\r\n"
            request += b"\r\n"
            check(size == 0 or len(request) == size, len(request))
            with socket.create_connection(("127.0.0.1", s.port)) as sock:
                sock.sendall(request)
                sock.shutdown(socket.SHUT_WR)
                check(read_answers(sock, 1)[0][0] == 200, ("end of input", size))
    finally:
        stopped(s)


def out_of_descriptors():
    """With 64 descriptors and more connections than that, the loop waits instead of spinning;
    once connections close, it serves again."""
    with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as f:
        f.write(f'#!/bin/sh\nulimit -n 64\nexec "{os.path.abspath(BAREME)}" "$@"\n')
    os.chmod(f.name, stat.S_IRWXU)
    s = Server(f.name, "--loops", "1")
    try:
        socks = [socket.create_connection(("127.0.0.1", s.port)) for _ in range(80)]
        with open(f"/proc/{s.proc.pid}/stat") as st:
            before = sum(int(x) for x in st.read().split(")")[1].split()[11:13])
        time.sleep(2)
        with open(f"/proc/{s.proc.pid}/stat") as st:
            after = sum(int(x) for x in st.read().split(")")[1].split()[11:13])
        ticks = after - before
        check(ticks < 100, f"the server used {ticks} ticks of CPU in 2 s while out of descriptors")
        for sock in socks:
            sock.close()
        time.sleep(0.5)
        check(s.request("GET", "/health")[0] == 200, "served again")
    finally:
        stopped(s)
        os.unlink(f.name)


GROUPS = {"framing": framing, "out_of_descriptors": out_of_descriptors, "pipelined": pipelined, "same_answers": same_answers, "parts": parts, "many": many,
          "close": close, "stop": stop}

if __name__ == "__main__":
    GROUPS[sys.argv[2]]()
    print(f"serve loop {sys.argv[2]}: ok")
