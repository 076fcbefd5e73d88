"""A small LSP client for the tests: JSON-RPC over a child's stdin and stdout, with Content-Length framing."""
import json
import os
import select
import subprocess
import time


class LspClient:
    def __init__(self, bareme, cwd=None):
        self.proc = subprocess.Popen([bareme, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, cwd=cwd)
        self.next_id = 1
        self.notifications = []  # received and not yet looked at
        self.buffer = b""

    # ---------------------------------------------------------------- raw bytes
    def write_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message):
        body = json.dumps(message).encode()
        self.write_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def _read_some(self, deadline):
        fd = self.proc.stdout.fileno()
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("no answer from the server")
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            raise TimeoutError("no answer from the server")
        chunk = os.read(fd, 65536)
        if not chunk:
            raise EOFError("the server closed its output")
        self.buffer += chunk

    def receive(self, timeout=30):
        deadline = time.monotonic() + timeout
        while b"\r\n\r\n" not in self.buffer:
            self._read_some(deadline)
        head, rest = self.buffer.split(b"\r\n\r\n", 1)
        length = None
        for line in head.split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        assert length is not None, head
        self.buffer = rest
        while len(self.buffer) < length:
            self._read_some(deadline)
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return json.loads(body)

    # ---------------------------------------------------------------- JSON-RPC
    def request_raw(self, method, params, timeout=30):
        """Sends a request and returns the whole response (result or error), keeping notifications."""
        rid = self.next_id
        self.next_id += 1
        message = {"jsonrpc": "2.0", "id": rid, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)
        return self.wait_response(rid, timeout)

    def wait_response(self, rid, timeout=30):
        while True:
            m = self.receive(timeout)
            if "method" in m and "id" not in m:
                self.notifications.append(m)
            elif m.get("id") == rid:
                return m
            else:
                raise AssertionError("unexpected message: %r" % m)

    def request(self, method, params=None):
        r = self.request_raw(method, params)
        assert "result" in r, "%s failed: %r" % (method, r)
        return r["result"]

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri, timeout=30):
        """The latest diagnostics published for `uri`, waiting for some if none came yet."""
        deadline = time.monotonic() + timeout
        while True:
            found = [n for n in self.notifications
                     if n["method"] == "textDocument/publishDiagnostics" and n["params"]["uri"] == uri]
            if found:
                self.notifications = [n for n in self.notifications if n not in found]
                return found[-1]["params"]["diagnostics"]
            m = self.receive(max(0.1, deadline - time.monotonic()))
            if "method" in m and "id" not in m:
                self.notifications.append(m)
            else:
                raise AssertionError("unexpected message: %r" % m)

    def diagnostics_until(self, uri, accept, timeout=30):
        """Waits for diagnostics of `uri` that `accept` takes (earlier ones may be stale)."""
        deadline = time.monotonic() + timeout
        while True:
            diags = self.diagnostics(uri, max(0.1, deadline - time.monotonic()))
            if accept(diags):
                return diags

    def open(self, path, text=None):
        uri = "file://" + os.path.abspath(path)
        if text is None:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        self.notify("textDocument/didOpen",
                    {"textDocument": {"uri": uri, "languageId": "bareme", "version": 1, "text": text}})
        return uri

    def change(self, uri, text, version=2):
        self.notify("textDocument/didChange",
                    {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]})

    def close(self):
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        return self.proc.wait(timeout=30)
