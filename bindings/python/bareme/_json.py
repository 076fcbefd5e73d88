"""Python values to the JSON text the library reads: Decimal stays exact, a float becomes the
decimal it stands for (float_decimal, the rule score uses too), dates become YYYY-MM-DD, numpy
scalars their Python value; anything else is refused with BadArgument."""

import datetime
import decimal
import json
import math

from .errors import BadArgument


_PLACES = {"money": 2, "int": 0}


def places(field):
    """The decimal places of an input's unit: 2 for Money, 0 for Int, 6 otherwise (millionths)."""
    for key in (field.column_type, field.type):
        if isinstance(key, str) and key.lower() in _PLACES:
            return _PLACES[key.lower()]
    return 6


def float_decimal(value, unit_places=6):
    """The decimal a float stands for: its 15-significant-digit decimal (format(v, '.15g'): 0.1+0.2
    is 0.3) while the 15th digit lies below the unit (|v| < 10**(15 - unit_places)); beyond, where
    those 15 digits could drop a digit of the unit, its shortest round-trip decimal (repr). The
    caller then refuses a decimal with more than the unit's places: nothing is rounded."""
    if not math.isfinite(value):
        raise BadArgument(f"{value} is not a finite number")
    text = format(value, ".15g") if abs(value) < 10.0 ** (15 - unit_places) else repr(value)
    return decimal.Decimal(text)


def dumps(value, where="$", unit_places=None):
    """The JSON text of `value` (a dict, list, str, int, float, bool, None, Decimal, date);
    `unit_places` maps a top-level key to its input's places for float_decimal (else 6)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "item") and type(value).__module__ == "numpy":  # numpy scalar
        return dumps(value.item(), where, unit_places)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise BadArgument(f"{where}: {value} is not a finite number")
        return format(float_decimal(value, unit_places if isinstance(unit_places, int) else 6), "f")
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise BadArgument(f"{where}: {value} is not a finite number")
        return format(value, "f")
    if isinstance(value, datetime.datetime):
        return json.dumps(value.date().isoformat())
    if isinstance(value, datetime.date):
        return json.dumps(value.isoformat())
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        parts = []
        for k, v in value.items():
            if not isinstance(k, str):
                raise BadArgument(f"{where}: the key {k!r} is not a string")
            inner = unit_places.get(k, 6) if isinstance(unit_places, dict) else None
            parts.append(json.dumps(k, ensure_ascii=False) + ": " + dumps(v, f"{where}.{k}", inner))
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(dumps(v, f"{where}[{i}]") for i, v in enumerate(value)) + "]"
    raise BadArgument(f"{where}: a value of type {type(value).__name__} cannot be given to a scheme")


def application(app, what="application", unit_places=None):
    """The JSON object text of an application or overrides dict (BadArgument when not a dict);
    `unit_places`: input name -> places of its unit, for the floats given to it."""
    if not isinstance(app, dict):
        raise BadArgument(f"the {what} must be a dict of input names to values, not {type(app).__name__}")
    return dumps(app, unit_places=unit_places or {})
