"""`bareme lsp` end to end: every request on a seed scheme, on files with imports and on broken files, and malformed input."""
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import LspClient  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BAREME = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "bareme")
FLEXITANIE = os.path.join(ROOT, "schemes", "flexitanie.bareme")
DATED = os.path.join(ROOT, "tests", "capi", "dated.bareme")
CATALOGUE = os.path.join(ROOT, "schemes", "aides_velo", "aides_velo.bareme")
timings = {}


def pos(text, needle, nth=0, delta=0):
    """The LSP position (UTF-16 columns) of the nth occurrence of `needle`, plus `delta` characters."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    at += delta
    line = text.count("\n", 0, at)
    start = text.rfind("\n", 0, at) + 1
    return {"line": line, "character": len(text[start:at].encode("utf-16-le")) // 2}


def doc(uri, position=None, **extra):
    params = {"textDocument": {"uri": uri}}
    if position is not None:
        params["position"] = position
    params.update(extra)
    return params


def timed(name, client, method, params):
    start = time.perf_counter()
    result = client.request(method, params)
    timings.setdefault(name, []).append((time.perf_counter() - start) * 1000)
    return result


def labels(completion):
    return {item["label"] for item in completion["items"]}


def check_lifecycle_errors(client):
    r = client.request_raw("textDocument/hover", {"textDocument": {"uri": "file:///x"}, "position": {"line": 0, "character": 0}})
    assert r["error"]["code"] == -32002, r
    init = client.request("initialize", {"processId": None, "rootUri": None, "capabilities": {},
                                         "initializationOptions": {"asOf": "2024-06-01"}})
    caps = init["capabilities"]
    for cap in ("hoverProvider", "definitionProvider", "referencesProvider", "completionProvider",
                "documentSymbolProvider", "workspaceSymbolProvider", "renameProvider", "codeActionProvider"):
        assert caps.get(cap), cap
    assert caps["textDocumentSync"]["change"] == 2  # incremental synchronisation
    client.notify("initialized", {})
    r = client.request_raw("textDocument/noSuchThing", {})
    assert r["error"]["code"] == -32601, r
    r = client.request_raw("textDocument/hover", {"textDocument": {"uri": 12}, "position": "here"})
    assert r["error"]["code"] == -32602, r
    r = client.request_raw("textDocument/hover", [1, 2])
    assert r["error"]["code"] == -32602, r
    client.notify("textDocument/didOpen", {"textDocument": {"uri": None}})  # bad params: ignored


def check_seed_scheme(client):
    text = open(FLEXITANIE, encoding="utf-8").read()
    uri = client.open(FLEXITANIE)
    assert client.diagnostics(uri) == []
    # Hover: a parameter (type, value at the date, periods, citation), an input (its doc string).
    hover = timed("hover", client, "textDocument/hover", doc(uri, pos(text, "v2g_grant *", 0, 2)))
    value = hover["contents"]["value"]
    assert "**param**" in value and "`Money`" in value and "3 000.00 €" in value and "2024-06-01" in value, value
    assert '§ "000 §3.2"' in value and "Periods:" in value, value
    hover = timed("hover", client, "textDocument/hover", doc(uri, pos(text, "site_region ==", 0, 3)))
    assert "where the stations are installed" in hover["contents"]["value"], hover
    # Definition across an import: `Region` is declared in stdlib/fr/regions.bareme.
    region = pos(text, "Region", 0, 1)  # in `import Region from ...`
    definition = client.request("textDocument/definition", doc(uri, region))
    assert definition["uri"].endswith("/stdlib/fr/regions.bareme"), definition
    # References of a parameter: its declaration and its two uses.
    refs = client.request("textDocument/references", doc(uri, pos(text, "param v2g_grant", 0, 8),
                                                          context={"includeDeclaration": True}))
    assert len(refs) == 3 and all(r["uri"] == uri for r in refs), refs
    refs = client.request("textDocument/references", doc(uri, region, context={"includeDeclaration": False}))
    assert {r["uri"].rsplit("/", 1)[1] for r in refs} >= {"flexitanie.bareme", "regions.bareme"}, refs
    # Completion: enum cases where an enum is compared, names in scope, namespace members after `.`.
    after_eq = pos(text, "site_region == occitanie", 0, len("site_region == occ"))
    items = labels(timed("completion", client, "textDocument/completion", doc(uri, after_eq)))
    assert "occitanie" in items and "v2g_grant" not in items, items
    after_eq = pos(text, "site_region == occitanie", 0, len("site_region == "))
    items = labels(timed("completion", client, "textDocument/completion", doc(uri, after_eq)))
    assert {"occitanie", "nouvelle_aquitaine", "bretagne"} <= items, items
    items = labels(timed("completion", client, "textDocument/completion", doc(uri, pos(text, "v2g_grant *", 0, 3))))
    assert "v2g_grant" in items and "v1g_grant" not in items, items  # prefix `v2g`
    items = labels(timed("completion", client, "textDocument/completion", doc(uri, pos(text, "amount =", 0, 0))))
    assert {"v2g_grant", "site_region", "Region", "regions"} <= items, items
    # Document symbols: top-level names, enum cases as children.
    symbols = client.request("textDocument/documentSymbol", doc(uri))
    names = {s["name"]: s for s in symbols}
    assert names["flexitanie"]["kind"] == 2 and names["v2g_grant"]["kind"] == 14, names.keys()
    assert "company" in {c["name"] for c in names["Beneficiary"]["children"]}
    # A property is listed (kind Event) but never offered as a completion: nothing reads it.
    assert names["occitanie_only"]["kind"] == 24, names.keys()
    assert "occitanie_only" not in items, items
    # Workspace symbols: from every file of the open programs.
    found = client.request("workspace/symbol", {"query": "grant"})
    assert {"v2g_grant", "v1g_grant"} <= {s["name"] for s in found}, found
    found = client.request("workspace/symbol", {"query": "Region"})
    assert any(s["location"]["uri"].endswith("regions.bareme") for s in found), found
    # Rename: prepare, then the edits (not applied) of a name used across files.
    prepared = client.request("textDocument/prepareRename", doc(uri, pos(text, "v2g_grant *", 0, 1)))
    assert prepared == {"start": pos(text, "v2g_grant *"), "end": pos(text, "v2g_grant *", 0, 9)}, prepared
    edit = client.request("textDocument/rename", doc(uri, pos(text, "v2g_grant *"), newName="v2g_flat_grant"))
    assert len(edit["changes"][uri]) == 3, edit
    edit = client.request("textDocument/rename", doc(uri, region, newName="Territory"))
    assert len(edit["changes"]) == 2, edit
    r = client.request_raw("textDocument/rename", doc(uri, region, newName="not a name"))
    assert "error" in r, r
    assert client.request("textDocument/hover", doc(uri, {"line": 0, "character": 0})) is None
    # Completion in an enum-typed argument of a function of another file, while the line is broken.
    typing = text + "\nlet probe : Bool = regions.is_overseas("
    client.change(uri, typing)
    assert client.diagnostics(uri)
    end = pos(typing, "is_overseas(", 0, len("is_overseas("))
    items = labels(timed("completion", client, "textDocument/completion", doc(uri, end)))
    assert {"martinique", "corse"} <= items and "v2g_grant" not in items, items
    client.change(uri, text, 3)
    assert client.diagnostics(uri) == []
    # The dated parameter: the value in force at `asOf` and both periods.
    dated = open(DATED, encoding="utf-8").read()
    duri = client.open(DATED)
    assert client.diagnostics(duri) == []
    value = client.request("textDocument/hover", doc(duri, pos(dated, "grant * households", 0, 1)))["contents"]["value"]
    assert "Value at 2024-06-01: `100.00 €`" in value and "from 2025-01-01: `200 €`" in value, value


BROKEN = """scheme broken "Broken"
  source "none"
  authority "tests"

input income : Money "the household's income"

eligible when
  revenu_élevé: "🙂é" == "🙂é" and incme > 0 €

amount = 10 €
"""


def check_broken_file(client, folder):
    path = os.path.join(folder, "broken.bareme")
    with open(path, "w", encoding="utf-8") as f:
        f.write(BROKEN)
    uri = client.open(path)
    diags = client.diagnostics(uri)
    unknown = [d for d in diags if d["code"] == "UnknownName"]
    assert unknown and unknown[0]["data"]["replacement"] == "income", diags
    assert unknown[0]["range"]["start"] == pos(BROKEN, "incme"), unknown
    assert any(r["message"].startswith("hint: did you mean") for r in unknown[0]["relatedInformation"])
    # The code action replaces the misspelt name; applied, the file checks.
    actions = client.request("textDocument/codeAction", doc(uri, range=unknown[0]["range"],
                                                            context={"diagnostics": [unknown[0]]}))
    assert actions and actions[0]["kind"] == "quickfix", actions
    change = actions[0]["edit"]["changes"][uri][0]
    assert change["newText"] == "income" and change["range"] == unknown[0]["range"], change
    fixed = BROKEN.replace("incme", "income")
    start = time.perf_counter()
    client.change(uri, fixed)
    assert client.diagnostics(uri) == []
    timings.setdefault("re-check small file", []).append((time.perf_counter() - start) * 1000)
    # Incremental changes (ranges, applied in order): the name misspelt again, then fixed.
    at = pos(fixed, "income > 0")
    end = dict(at, character=at["character"] + len("income"))
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 3},
        "contentChanges": [{"range": {"start": at, "end": end}, "text": "incme"}]})
    diags = client.diagnostics(uri)
    assert [d["code"] for d in diags] == ["UnknownName"] and diags[0]["range"]["start"] == at, diags
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 4},
        "contentChanges": [{"range": {"start": at, "end": dict(at, character=at["character"] + 2)}, "text": ""},
                           {"range": {"start": at, "end": at}, "text": "in"},
                           {"range": {"start": dict(at, character=at["character"] + 2),
                                      "end": dict(at, character=at["character"] + 5)}, "text": "come"}]})
    assert client.diagnostics(uri) == []
    # A syntax error while typing: reported, and completion still works on the last good index.
    typing = fixed.replace("amount = 10 €", "amount = inc")
    typing_bad = fixed.replace("amount = 10 €", "amount = 10 € +")
    client.change(uri, typing_bad, 5)
    diags = client.diagnostics(uri)
    assert diags and diags[0]["severity"] == 1, diags
    items = labels(client.request("textDocument/completion", doc(uri, pos(typing_bad, "10 € +", 0, 6))))
    assert "income" in items, items
    # A type error, with its id and message as `bareme check` gives them.
    client.change(uri, typing.replace("amount = inc", "amount = income + true"), 6)
    diags = client.diagnostics(uri)
    assert diags and diags[0]["code"] not in ("UnknownName", "SyntaxError"), diags


LIB = """module common "Shared"

enum Zone { centre "centre", outskirts "outskirts" }
record Household { size: Int, zone: Zone }
param rate : Rate = 10 %  § "lib 1"
"""
MAIN = """scheme town "Town"
  source "none"
  authority "tests"

import "common.bareme"
import Zone from "common.bareme"

input home : common.Household "the household"
input zone : Zone "where it lives"
input income : Money "income"

eligible when
  zone == centre
  home.size > 0

amount = income * common.rate
"""


def check_imports(client, folder):
    lib_path, main_path = os.path.join(folder, "common.bareme"), os.path.join(folder, "town.bareme")
    with open(lib_path, "w", encoding="utf-8") as f:
        f.write(LIB)
    with open(main_path, "w", encoding="utf-8") as f:
        f.write(MAIN)
    uri = client.open(main_path)
    assert client.diagnostics(uri) == []
    lib_uri = "file://" + os.path.realpath(lib_path)
    rate = pos(MAIN, "common.rate", 0, 8)
    definition = client.request("textDocument/definition", doc(uri, rate))
    assert definition == {"uri": lib_uri, "range": {"start": pos(LIB, "rate :"), "end": pos(LIB, "rate :", 0, 4)}}, definition
    value = client.request("textDocument/hover", doc(uri, rate))["contents"]["value"]
    assert "`common.rate`" in value and "10" in value and '§ "lib 1"' in value, value
    # A record field read through a value: a reference the checker resolves.
    size = pos(MAIN, "home.size", 0, 6)
    definition = client.request("textDocument/definition", doc(uri, size))
    assert definition["uri"] == lib_uri and definition["range"]["start"] == pos(LIB, "size:"), definition
    refs = client.request("textDocument/references", doc(lib_uri, pos(LIB, "size:"), context={"includeDeclaration": True}))
    assert sorted(r["uri"] for r in refs) == sorted([lib_uri, uri]), refs
    # Field names after `.` on a record-typed input; members after a namespace.
    typed = MAIN.replace("home.size > 0", "home.")
    client.change(uri, typed)
    client.diagnostics(uri)
    items = labels(client.request("textDocument/completion", doc(uri, pos(typed, "home.\n", 0, 5))))
    assert items == {"size", "zone"}, items
    typed = MAIN.replace("common.rate", "common.")
    client.change(uri, typed, 3)
    client.diagnostics(uri)
    items = labels(client.request("textDocument/completion", doc(uri, pos(typed, "common.\n", 0, 7))))
    assert {"rate", "Zone", "Household"} <= items, items
    client.change(uri, MAIN, 4)
    assert client.diagnostics(uri) == []
    # Rename across files: the declaration in the library and the use in the scheme.
    edit = client.request("textDocument/rename", doc(uri, rate, newName="share"))
    assert set(edit["changes"]) == {uri, lib_uri}, edit
    # Incremental: editing the library re-checks the scheme that imports it.
    lib_open = client.open(lib_path)
    client.diagnostics(lib_open)
    client.change(lib_open, LIB.replace("param rate", "param ratio"))
    # (Opening the library re-checked the scheme too: its diagnostics may still be on the way.)
    diags = client.diagnostics_until(uri, lambda ds: any(d["code"] == "UnknownName" for d in ds))
    assert diags[0]["message"].find("rate") >= 0, diags
    client.change(lib_open, LIB, 3)
    assert client.diagnostics_until(uri, lambda ds: ds == []) == []


def check_catalogue_latency(client):
    text = open(CATALOGUE, encoding="utf-8").read()
    start = time.perf_counter()
    uri = client.open(CATALOGUE)
    client.diagnostics(uri, timeout=120)
    timings.setdefault("open catalogue", []).append((time.perf_counter() - start) * 1000)
    for version in range(2, 5):  # a keystroke in the catalogue's root: its whole program again
        start = time.perf_counter()
        client.change(uri, text + "\n" * version, version)
        client.diagnostics(uri, timeout=120)
        timings.setdefault("re-check catalogue", []).append((time.perf_counter() - start) * 1000)
    line = text.splitlines().index(next(l for l in text.splitlines() if l.startswith("import"))) + 1
    for _ in range(5):
        timed("hover (catalogue)", client, "textDocument/hover", doc(uri, {"line": line, "character": 10}))
        timed("completion (catalogue)", client, "textDocument/completion", doc(uri, {"line": line + 2, "character": 0}))


def check_malformed(client):
    client.write_raw(b"\x00\xff garbage without a header\r\n\r\n")
    assert client.receive()["error"]["code"] == -32700
    client.write_raw(b"Content-Type: application/json\r\n\r\n{}")  # no Content-Length
    assert client.receive()["error"]["code"] == -32700
    client.write_raw(b"Content-Length: twelve\r\n\r\n")
    assert client.receive()["error"]["code"] == -32700
    body = b"{not json"
    client.write_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    assert client.receive()["error"]["code"] == -32700
    body = b"[1, 2, 3]"
    client.write_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    assert client.receive()["error"]["code"] == -32600
    body = b'{"jsonrpc": "2.0", "id": {"x": 1}, "method": "shutdown"}'
    client.write_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    assert client.receive()["error"]["code"] == -32600
    # Still answering.
    assert client.request("workspace/symbol", {"query": "v2g"})


METHODS = ["textDocument/hover", "textDocument/definition", "textDocument/references", "textDocument/completion",
           "textDocument/documentSymbol", "workspace/symbol", "textDocument/prepareRename", "textDocument/rename",
           "textDocument/codeAction"]


def check_odd_params(client):
    """Every request with parameters of every wrong shape: an answer each time, never a crash."""
    uri = "file://" + FLEXITANIE
    odd_positions = [{"line": -1, "character": 0}, {"line": 10 ** 12, "character": 0}, {"line": 3, "character": 1e10},
                     {"line": 3.5, "character": 2}, {"line": "3", "character": 2}, {"line": 3}, None, [],
                     {"line": 100000, "character": 100000}, {"line": 0, "character": 4294967295}]
    shapes = [None, [], 1, "x", {}, {"textDocument": {}}, {"textDocument": {"uri": 5}}, {"textDocument": "x"},
              {"textDocument": {"uri": "file:///nowhere/x.bareme"}, "position": {"line": 0, "character": 0},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "newName": "y"}]
    shapes += [{"textDocument": {"uri": uri}, "position": p, "query": 7, "newName": 7, "range": p,
                "context": {"includeDeclaration": "yes"}} for p in odd_positions]
    shapes += [{"textDocument": {"uri": uri}, "position": p, "newName": "ok_name", "query": "",
                "range": {"start": p, "end": p}} for p in odd_positions]
    answered = 0
    for method in METHODS:
        for params in shapes:
            r = client.request_raw(method, params)
            assert "result" in r or r["error"]["code"] in (-32602, -32803), (method, params, r)
            answered += 1
    for params in shapes:
        client.notify("textDocument/didChange", params)
        client.notify("textDocument/didOpen", params)
        client.notify("textDocument/didClose", params)
    r = client.request_raw("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}})
    assert "result" in r, r
    return answered


def check_end_of_input(tail):
    """The server exits (status 1: no `exit`) when the input ends inside a message."""
    client = LspClient(BAREME)
    client.request("initialize", {"capabilities": {}})
    client.write_raw(tail)
    status = client.close()
    assert status == 1, status


def main():
    folder = tempfile.mkdtemp(prefix="bareme-lsp-")
    try:
        client = LspClient(BAREME, cwd=ROOT)
        check_lifecycle_errors(client)
        check_seed_scheme(client)
        check_broken_file(client, folder)
        check_imports(client, folder)
        check_catalogue_latency(client)
        check_malformed(client)
        check_odd_params(client)
        assert client.request("shutdown") is None
        r = client.request_raw("textDocument/hover", doc("file:///x", {"line": 0, "character": 0}))
        assert r["error"]["code"] == -32600, r
        client.notify("exit", None)
        assert client.proc.wait(timeout=30) == 0
        check_end_of_input(b"Content-Length: 100\r\n\r\n{\"jsonrpc\"")  # truncated body
        check_end_of_input(b"Content-Length: 99999999999\r\n\r\n{}")  # huge length
        check_end_of_input(b"Content-Length: 5\r\n")  # headers never end
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for name, values in timings.items():
        print("%-24s median %.1f ms, max %.1f ms over %d" % (name, sorted(values)[len(values) // 2], max(values), len(values)))
        if name.startswith("hover") or name.startswith("completion"):
            assert max(values) < 1000, (name, values)  # a generous sanity bound, not a benchmark
    print("lsp_client_test: ok")


if __name__ == "__main__":
    main()
