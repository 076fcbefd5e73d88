#!/usr/bin/python3
"""A TextMate-lite tokenizer for the tests: `match` rules, one-line `begin`/`end` regions, captures, includes."""
import re


class Grammar:
    def __init__(self, data):
        self.repo = data.get("repository", {})
        self.root = data["patterns"]
        self.cache = {}

    def rules(self, patterns):
        """The leaf rules of a pattern list, includes expanded, in order."""
        key = id(patterns)
        if key not in self.cache:
            self.cache[key] = self.expand(patterns)
        return self.cache[key]

    def expand(self, patterns):
        out = []
        for p in patterns:
            if "include" in p:
                ref = p["include"]
                target = self.root if ref == "$self" else [self.repo[ref[1:]]]
                out.extend(self.rules(target))
            elif "patterns" in p and "match" not in p and "begin" not in p:
                out.extend(self.rules(p["patterns"]))
            else:
                out.append(p)
        return out

    def compiled(self, pattern):
        if pattern not in self.cache:
            self.cache[pattern] = re.compile(pattern)
        return self.cache[pattern]

    def tokenize(self, text):
        """Per line, per character: the list of scopes (outermost first) it gets."""
        stack = []  # open begin/end regions: (rule, scopes inside it)
        result = []
        for line in text.split("\n"):
            scopes = [[] for _ in line]
            pos = 0
            while pos <= len(line):
                inner = stack[-1][1] if stack else []
                candidates = []
                if stack:
                    candidates.append(("end", stack[-1][0]))
                for rule in self.rules(stack[-1][0].get("patterns", []) if stack else self.root):
                    candidates.append(("rule", rule))
                best = None
                for kind, rule in candidates:
                    regex = rule["end"] if kind == "end" else rule.get("match", rule.get("begin"))
                    m = self.compiled(regex).search(line, pos)
                    if m and (best is None or m.start() < best[2].start()):
                        best = (kind, rule, m)
                gap_end = len(line) if best is None else best[2].start()
                for i in range(pos, gap_end):
                    scopes[i] = list(inner)  # text no rule matched takes its region's scopes
                if best is None:
                    break
                kind, rule, m = best
                if kind == "end":
                    self.paint(scopes, m, inner, rule.get("endCaptures", rule.get("captures", {})))
                    stack.pop()
                elif "begin" in rule:
                    region = inner + ([rule["name"]] if "name" in rule else [])
                    self.paint(scopes, m, region, rule.get("beginCaptures", rule.get("captures", {})))
                    stack.append((rule, region))
                else:
                    base = inner + ([rule["name"]] if "name" in rule else [])
                    self.paint(scopes, m, base, rule.get("captures", {}))
                if m.end() > pos:
                    pos = m.end()
                elif kind == "rule":
                    pos = m.end() + 1  # an empty match or begin: step over one character
                # an empty end popped the stack: search again from here
            result.append(scopes)
        return result

    @staticmethod
    def paint(scopes, m, base, captures):
        for i in range(m.start(), m.end()):
            scopes[i] = list(base)
        for group, cap in captures.items():
            g = int(group)
            if m.group(g) is None or "name" not in cap:
                continue
            for i in range(m.start(g), m.end(g)):
                scopes[i] = scopes[i] + [cap["name"]]
