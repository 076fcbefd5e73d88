"""Python values to the JSON text the library reads: Decimal stays exact, dates become
YYYY-MM-DD, numpy scalars their Python value; anything else is refused with BadArgument."""

import datetime
import decimal
import json
import math

from .errors import BadArgument


def dumps(value, where="$"):
    """The JSON text of `value` (a dict, list, str, int, float, bool, None, Decimal, date)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "item") and type(value).__module__ == "numpy":  # numpy scalar
        return dumps(value.item(), where)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise BadArgument(f"{where}: {value} is not a finite number")
        return repr(value)
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
            parts.append(json.dumps(k, ensure_ascii=False) + ": " + dumps(v, f"{where}.{k}"))
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(dumps(v, f"{where}[{i}]") for i, v in enumerate(value)) + "]"
    raise BadArgument(f"{where}: a value of type {type(value).__name__} cannot be given to a scheme")


def application(app, what="application"):
    """The JSON object text of an application or overrides dict (BadArgument when not a dict)."""
    if not isinstance(app, dict):
        raise BadArgument(f"the {what} must be a dict of input names to values, not {type(app).__name__}")
    return dumps(app)
