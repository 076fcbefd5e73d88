"""`bareme lsp` formatting: textDocument/formatting lays a document out as `bareme fmt` does."""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import LspClient  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BAREME = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "bareme")
UNFORMATTED = """scheme tidy "Tidy"
  source "none"
  authority "tests"

input   price : Money "the price"
param cap : Money = 1000000 €   § "art. 1"

eligible when
  price > 0 €

amount = min(price, cap)
"""


def apply(text, edits):
    """`edits` applied to `text` (ASCII: UTF-16 columns are characters), last first."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def at(p):
        return offsets[p["line"]] + p["character"]

    for e in sorted(edits, key=lambda e: at(e["range"]["start"]), reverse=True):
        text = text[:at(e["range"]["start"])] + e["newText"] + text[at(e["range"]["end"]):]
    return text


def main():
    folder = tempfile.mkdtemp(prefix="bareme-lsp-format-")
    try:
        path = os.path.join(folder, "tidy.bareme")
        with open(path, "w") as f:
            f.write(UNFORMATTED)
        expected = subprocess.run([BAREME, "fmt", "--stdout", path], capture_output=True, text=True, check=True).stdout
        assert expected != UNFORMATTED

        client = LspClient(BAREME, cwd=ROOT)
        init = client.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        assert init["capabilities"]["documentFormattingProvider"] is True
        client.notify("initialized", {})
        uri = client.open(path, UNFORMATTED)
        options = {"tabSize": 4, "insertSpaces": True}
        edits = client.request("textDocument/formatting", {"textDocument": {"uri": uri}, "options": options})
        assert edits, edits
        formatted = apply(UNFORMATTED, edits)
        assert formatted == expected, (formatted, expected)

        client.change(uri, formatted)
        again = client.request("textDocument/formatting", {"textDocument": {"uri": uri}, "options": options})
        assert again == [], again

        client.change(uri, "scheme broken \"B\"\n  amount = (\n", version=3)
        r = client.request_raw("textDocument/formatting", {"textDocument": {"uri": uri}, "options": options})
        assert r["error"]["code"] == -32803 and "does not parse" in r["error"]["message"], r
        r = client.request_raw("textDocument/formatting", {"textDocument": {"uri": "file:///nowhere.bareme"}})
        assert "error" in r, r

        assert client.request("shutdown") is None
        client.notify("exit", None)
        assert client.proc.wait(timeout=30) == 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("lsp_format_test: ok")


if __name__ == "__main__":
    main()
