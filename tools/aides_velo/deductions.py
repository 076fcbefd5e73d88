"""Aids that deduct the aids of a level: which reads make a cycle, and what such an aid deducts."""
import json
import re

from catalogue import LEVELS

RANK = {level: i for i, level in enumerate(LEVELS)}  # commune 0 … état 4: territory size


class Deductions:
    def __init__(self, catalogue, orders, territories):
        self.c = catalogue
        self.orders = orders            # level → aids in the order Publicodes tries them
        self.territory = {a: set(t) for a, t in territories.items()}
        self.refs = {aid: self.direct_refs(aid) for aid in catalogue.aids}

    def direct_refs(self, aid):
        """The levels (`aides . commune`) and aids an aid's rules name."""
        text = json.dumps({k: v for k, v in self.c.rules.items()
                           if k == aid or k.startswith(aid + " . ")}, ensure_ascii=False)
        found = set()
        for name in [f"aides . {lv}" for lv in LEVELS] + list(self.c.aids):
            if name != aid and re.search(re.escape(name) + r"(?=$|[\s\"')])", text):
                found.add(name)
        return found

    def reachable(self, start, goal):
        seen, todo = set(), [start]
        while todo:
            node = todo.pop()
            if node == goal:
                return True
            if node in seen:
                continue
            seen.add(node)
            if node.startswith("aides . ") and node.split(" . ")[1] in LEVELS and node.count(" . ") == 1:
                todo += self.orders[node.split(" . ")[1]]
            else:
                todo += self.refs.get(node, ())
        return False

    def cyclic(self, aid, level):
        """Does reading `level` from `aid` close a cycle (the level depends on the aid)?"""
        return self.reachable(f"aides . {level}", aid)

    def view(self, aid, level):
        """The aids of `level` that `aid` deducts: those that can apply where it does, except an
        aid of a smaller territory that deducts it in turn (that one is computed after it)."""
        own_level = self.c.aids[aid]
        members, left_out = [], []
        for member in self.orders[level]:
            if not (self.territory[member] & self.territory[aid]):
                continue
            mutual = f"aides . {own_level}" in self.refs[member] or aid in self.refs[member]
            if mutual and RANK[level] < RANK[own_level] or mutual and RANK[level] == RANK[own_level]:
                left_out.append(member)
                continue
            members.append(member)
        return members, left_out
