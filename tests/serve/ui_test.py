"""HTTP tests of `bareme serve --ui` and GET /schemes/{name}/document: the playground's files served
byte for byte as in tools/serve/ui/ with their Content-Type, no token for the pages but one for the
API, /ui absent without --ui, clear 404s with the CSP, the document's periods and files, only known
file types embedded.

Usage: ui_test.py BAREME"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

from harness import Server, error_of

BAREME = sys.argv[1] if len(sys.argv) > 1 else "build/bareme"
UI = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools", "serve", "ui")
TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}
AUTH = {"Authorization": "Bearer s3cret"}


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def without_ui():
    s = Server(BAREME)
    try:
        for path in ["/ui", "/ui/", "/ui/app.js", "/ui/scheme/flexitanie"]:
            status, _, body = s.request("GET", path)
            check(status == 404 and error_of(status, body) == "not_found", (path, status, body))
        status, _, body = s.request("GET", "/schemes/flexitanie/document")
        doc = json.loads(body)
        check(status == 200 and doc["kind"] == "scheme" and doc["name"] == "flexitanie", body[:200])
        grant = next(p for p in doc["parameters"] if p["name"] == "v2g_grant")
        check(grant["periods"][0]["value"] == "3000.00" and grant["periods"][0]["citation"], grant)
        check(any(f["path"].endswith("flexitanie.bareme") and "scheme flexitanie" in f["text"] for f in doc["files"]),
              [f["path"] for f in doc["files"]])
        check(all(c["location"].endswith(f"flexitanie.bareme:{21 + 2 * i}:3") for i, c in enumerate(doc["conditions"])),
              doc["conditions"])
        check(doc["conditions"][1]["citation"] == "1.2", doc["conditions"])
        status, _, body = s.request("GET", "/schemes/nope/document")
        check(status == 404 and error_of(status, body) == "unknown_scheme", (status, body))
        status, headers, _ = s.request("POST", "/schemes/flexitanie/document", {})
        check(status == 405 and headers.get("Allow") == "GET", (status, headers))
        openapi = json.loads(s.request("GET", "/openapi.json")[2])
        check("/schemes/flexitanie/document" in openapi["paths"], list(openapi["paths"]))
    finally:
        s.stop()


def with_ui(token):
    s = Server(BAREME, "--ui", *(["--token", "s3cret"] if token else []))
    try:
        status, headers, _ = s.request("GET", "/ui")
        check(status == 301 and headers.get("Location") == "/ui/", (status, headers))
        files = sorted(os.listdir(UI))
        check("index.html" in files and "app.js" in files, files)
        for name in files:
            status, headers, body = s.request("GET", "/ui/" + name)
            with open(os.path.join(UI, name), encoding="utf-8") as f:
                check(status == 200 and body == f.read(), (name, status))
            kind = TYPES.get(os.path.splitext(name)[1])  # the build refuses any other type
            check(kind, f"{name}: a file type the playground does not serve")
            check(headers["Content-Type"].startswith(kind), (name, headers["Content-Type"]))
            check(headers.get("X-Content-Type-Options") == "nosniff", headers)
        index = s.request("GET", "/ui/")[2]
        check(index == open(os.path.join(UI, "index.html"), encoding="utf-8").read(), "index")
        check(s.request("GET", "/ui/scheme/flexitanie")[2] == index, "the form page is the index")
        check(s.request("GET", "/ui/doc/flexitanie")[2] == index, "the documentation page is the index")
        for path in ["/ui/nothing.js", "/ui/scheme/", "/ui/scheme/a/b", "/ui/%2e%2e/CMakeLists.txt",
                     "/ui/../serve.hpp", "/ui/<script>"]:
            status, headers, body = s.request("GET", path)
            check(status == 404 and headers["Content-Type"].startswith("text/html") and "<script>" not in body,
                  (path, status, body))
            check(headers.get("X-Content-Type-Options") == "nosniff"
                  and "default-src 'self'" in headers.get("Content-Security-Policy", ""), (path, headers))
        status, _, body = s.request("GET", "/ui/scheme/nope")
        if token:  # which schemes exist is not told without the token: the page asks the API
            check(status == 200 and body == index, status)
        else:
            check(status == 404 and "no scheme named &#39;nope&#39;" in body, (status, body))
        status, headers, _ = s.request("POST", "/ui/", {})
        check(status == 405 and headers.get("Allow") == "GET", status)
        if token:
            check(s.request("GET", "/schemes/flexitanie/document")[0] == 401, "the API needs the token")
            check(s.request("GET", "/schemes")[0] == 401, "the API needs the token")
        status, _, body = s.request("GET", "/schemes/flexitanie/document", headers=AUTH if token else None)
        check(status == 200 and json.loads(body)["name"] == "flexitanie", status)
        check(s.request("GET", "/health")[0] == 200, "health")
    finally:
        code, _ = s.stop()
    check(code == 0, code)


def embedding():
    """tools/serve/embed_assets.cmake embeds the known types and refuses any other file of ui/."""
    script = os.path.join(UI, "..", "embed_assets.cmake")
    with tempfile.TemporaryDirectory() as tmp:
        ui = os.path.join(tmp, "ui")
        shutil.copytree(UI, ui)
        run = lambda: subprocess.run(["cmake", f"-DUI_DIR={ui}", f"-DOUT={tmp}/assets.cpp", "-P", script],
                                     capture_output=True, text=True)
        done = run()
        check(done.returncode == 0 and '"app.js"' in open(f"{tmp}/assets.cpp").read(), done.stderr)
        open(os.path.join(ui, "notes.txt"), "w").write("not served")
        done = run()
        check(done.returncode != 0 and "notes.txt" in done.stderr and "serves only" in done.stderr, done.stderr)


if __name__ == "__main__":
    embedding()
    without_ui()
    with_ui(token=False)
    with_ui(token=True)
    print("serve ui: ok")
