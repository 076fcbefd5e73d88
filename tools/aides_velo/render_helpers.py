"""Small helpers of the catalogue renderer: quoting, comments, what a file imports."""
import os
import textwrap


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").strip() + '"'


def comment(text, width=92):
    lines = []
    for paragraph in text.strip().split("\n"):
        paragraph = paragraph.strip()
        if paragraph:
            lines += textwrap.wrap(paragraph, width - 2, break_on_hyphens=False)
    return "".join(f"# {line}\n" for line in lines)


class FileContext:
    """What one file being rendered refers to: its own rule prefix and its imports."""

    def __init__(self, path, own):
        self.path = path
        self.own = own  # ("aid", "aides . x") or ("module", file, module)
        self.imports = set()
        self.deducted = {}  # level → the definition of what this aid deducts of it

    def import_line(self, target):
        rel = os.path.relpath(target, os.path.dirname(self.path) or ".")
        return f'import "{rel}"'
