"""Starts `bareme serve` on a temporary folder and talks HTTP to it (standard library only)."""
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BRIEF = os.path.join(ROOT, "bench", "schemes", "flexitanie_brief.bareme")
APPLICATION = {"beneficiary": "company", "site_region": "occitanie", "v2g_stations": 2,
               "v1g_stations": 1, "filed_on": "2022-03-01", "works_start": "2022-04-15"}


class Server:
    """One `bareme serve` process on a temporary folder holding the brief's Flexitanie."""

    def __init__(self, bareme, *args, files=None):
        self.folder = tempfile.mkdtemp(prefix="bareme-serve-")
        self.log = os.path.join(self.folder, "requests.log")
        self.schemes = os.path.join(self.folder, "schemes")
        os.mkdir(self.schemes)
        shutil.copy(BRIEF, os.path.join(self.schemes, "flexitanie.bareme"))
        for name, text in (files or {}).items():
            with open(os.path.join(self.schemes, name), "w", encoding="utf-8") as f:
                f.write(text)
        self.proc = subprocess.Popen([bareme, "serve", self.schemes, "--port", "0", "--log", self.log, *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace")
        line = self.proc.stdout.readline()
        if "listening on http://" not in line:
            self.proc.kill()
            raise AssertionError(f"the server did not start: {line!r} {self.proc.stderr.read()}")
        self.port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        self.wait_healthy()

    def wait_healthy(self, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                status, _, body = self.request("GET", "/health")
                if status == 200:
                    return json.loads(body)
            except OSError:
                pass
            time.sleep(0.1)
        raise AssertionError("/health never answered")

    def connection(self, timeout=60):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, conn=None):
        own = conn is None
        conn = conn or self.connection()
        try:
            if isinstance(body, (dict, list)):
                body = json.dumps(body)
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode("utf-8")
        finally:
            if own:
                conn.close()

    def raw(self, data, timeout=30, pause=None):
        """Sends raw bytes on a new socket; returns what came back before the server closed it."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as s:
            try:
                s.sendall(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server answered and closed before reading it all
            if pause:
                time.sleep(pause)
            chunks = []
            try:
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
                    if b"\r\n\r\n" in b"".join(chunks) and b"Connection: close" not in b"".join(chunks):
                        break
            except (ConnectionResetError, socket.timeout):
                pass
            return b"".join(chunks)

    def write_scheme(self, name, text):
        with open(os.path.join(self.schemes, name), "w", encoding="utf-8") as f:
            f.write(text)

    def stop(self, timeout=60):
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise AssertionError("the server did not stop on SIGTERM")
        stderr = self.proc.stderr.read()
        shutil.rmtree(self.folder, ignore_errors=True)
        return code, stderr


def error_of(status, body):
    """The code of a JSON error body, checking its shape."""
    data = json.loads(body)
    assert set(data) == {"error"}, body
    assert isinstance(data["error"]["code"], str) and isinstance(data["error"]["message"], str), body
    return data["error"]["code"]
