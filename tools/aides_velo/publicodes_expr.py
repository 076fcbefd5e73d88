"""Parses the inline expressions of a Publicodes model (the aides-vélo one) into small trees."""
import re
from dataclasses import dataclass

# A node is a tuple: ("num", value, unit) | ("str", text) | ("bool", True) | ("ref", name)
# | ("op", operator, left, right) | ("neg", operand).

OPERATORS = ["<=", ">=", "!=", "=", "<", ">", "+", "-", "*", "/"]
PRECEDENCE = {"<=": 1, ">=": 1, "!=": 1, "=": 1, "<": 1, ">": 1, "+": 2, "-": 2, "*": 3, "/": 3}
NUMBER = re.compile(r"^(\d+(?:\.\d+)?)(?:\s?(€/an\.personne|€/an|€/mois|€|%|ans|an|mois|km))?$")


@dataclass
class ParseError(Exception):
    text: str
    reason: str


def parse(text):
    """The tree of one Publicodes expression (a string or a number of the model)."""
    if isinstance(text, bool):
        return ("bool", text)
    if isinstance(text, (int, float)):
        return ("num", text, None)
    text = text.strip()
    comparison = re.match(r"^(.*?) (=|!=) '(.*)'$", text, re.S)
    if comparison:  # a text on the right runs to the last quote: 'CA L'Agglo Foix-Varilhes'
        return ("op", comparison.group(2), parse(comparison.group(1)), ("str", comparison.group(3)))
    if text.startswith("'") and text.endswith("'"):
        return ("str", text[1:-1])
    tokens = tokenize(text)
    tree, rest = parse_binary(tokens, 0, text)
    if rest:
        raise ParseError(text, f"unexpected {rest[0]!r}")
    return tree


def tokenize(text):
    """Operators stand between spaces; parentheses stick to their operand; the rest are names."""
    spaced = re.sub(r"\(", " ( ", text)
    spaced = re.sub(r"\)", " ) ", spaced)
    words = spaced.split()
    tokens, current = [], []
    for word in words:
        if word in OPERATORS or word in ("(", ")"):
            if current:
                tokens.append(" ".join(current))
                current = []
            tokens.append(word)
        else:
            current.append(word)
    if current:
        tokens.append(" ".join(current))
    return tokens


def parse_binary(tokens, min_precedence, text):
    left, tokens = parse_unary(tokens, text)
    while tokens and tokens[0] in PRECEDENCE and PRECEDENCE[tokens[0]] >= min_precedence:
        op = tokens[0]
        right, tokens = parse_binary(tokens[1:], PRECEDENCE[op] + 1, text)
        left = ("op", op, left, right)
    return left, tokens


def parse_unary(tokens, text):
    if not tokens:
        raise ParseError(text, "missing operand")
    head, rest = tokens[0], tokens[1:]
    if head == "(":
        inner, rest = parse_binary(rest, 0, text)
        if not rest or rest[0] != ")":
            raise ParseError(text, "unclosed parenthesis")
        return inner, rest[1:]
    if head == "-":
        operand, rest = parse_unary(rest, text)
        return ("neg", operand), rest
    number = NUMBER.match(head)
    if number:
        value = float(number.group(1)) if "." in number.group(1) else int(number.group(1))
        return ("num", value, number.group(2)), rest
    if head in ("oui", "non"):
        return ("bool", head == "oui"), rest
    return ("ref", head), rest


def resolve(name, context, rules):
    """The rule a reference names, as Publicodes finds it: the context's own children first,
    then its parent's, up to the top."""
    parts = context.split(" . ") if context else []
    for depth in range(len(parts), -1, -1):
        candidate = " . ".join(parts[:depth] + [name])
        if candidate in rules:
            return candidate
    raise ParseError(name, f"no rule named {name!r} from {context!r}")
