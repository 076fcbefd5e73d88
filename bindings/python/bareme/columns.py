"""Scheme.score: pandas / numpy columns converted, vectorised, to the int64 units of
bareme_score_columns (zero-copy when already int64 and contiguous), and its result arrays,
allocated here as numpy arrays, wrapped into a DataFrame."""

import ctypes
import decimal

import numpy as np
import pandas as pd

from . import _ffi
from ._json import float_decimal
from .errors import BadArgument, BadColumn, UnknownName

MONEY, MILLIONTHS, INT, BOOL, DATE, ENUM, OTHER = "money", "millionths", "int", "bool", "date", "enum", "other"
_SCALE = {MONEY: 100, MILLIONTHS: 1_000_000, INT: 1}
_NAMES = {"bool": BOOL, "int": INT, "money": MONEY, "decimal": MILLIONTHS, "rate": MILLIONTHS,
          "quantity": MILLIONTHS, "millionths": MILLIONTHS, "date": DATE, "enum": ENUM}


def kind(field):
    """How a described input or output travels as a column: MONEY, MILLIONTHS, INT, BOOL, DATE,
    ENUM, or OTHER (Text, Duration, List, Record: not a column)."""
    for key in (field.column_type, field.type):
        if isinstance(key, str) and key.lower() in _NAMES:
            return _NAMES[key.lower()]
    if field.cases:
        return ENUM
    text = str(field.type or "")
    if text.startswith("Quantity") or field.unit:
        return MILLIONTHS
    return OTHER


def _first_row(index, positions):
    return index[positions[0]] if len(positions) else None


_PLACES = {1: 0, 100: 2, 1_000_000: 6}
_UNIT = {1: "a whole number", 100: "a whole number of cents", 1_000_000: "a whole number of millionths"}
_INT64_MAX = np.iinfo(np.int64).max


def _checked_ints(name, arr, scale, index):
    """Integers times `scale` as int64, range-checked on the original dtype (which cannot
    overflow): a value out of range is refused, never wrapped."""
    limit = _INT64_MAX // scale
    if arr.dtype.kind == "u":
        big = np.flatnonzero(arr > np.uint64(limit))
    else:
        ints = arr.astype(np.int64, copy=False)  # lossless: a signed or bool dtype of <= 64 bits
        big = np.flatnonzero((ints > limit) | (ints < -limit)) if scale != 1 else np.zeros(0, np.int64)
    if len(big):
        raise BadColumn(f"column {name!r}, row {index[big[0]]}: {arr[big[0]]} is too large")
    ints = arr.astype(np.int64, copy=False)
    return ints * scale if scale != 1 else ints


def _scaled_decimal(name, d, shown, scale, row):
    """One exact decimal to an int64 count of 1/scale, refused when it has more places or is out of range."""
    with decimal.localcontext() as exact:  # enough digits for the product to be exact, not rounded
        exact.prec = max(28, len(d.as_tuple().digits) + 8)
        d = d * scale
    if d != d.to_integral_value():
        raise BadColumn(f"column {name!r}, row {row}: {shown!r} is not {_UNIT[scale]}")
    if abs(d) > _INT64_MAX // scale * scale:
        raise BadColumn(f"column {name!r}, row {row}: {shown!r} is too large")
    return int(d)


def _scaled_from_floats(name, arr, mask, scale, index):
    """Floats by the rule of _json.float_decimal, vectorised: a row whose rint(x * scale) / scale
    gives back x exactly (and below 2**53) is that decimal; the other rows are read one by one."""
    x = np.where(mask, 0.0, arr.astype(np.float64))
    if arr.dtype.itemsize < 8:  # a float32 stands for its own shortest decimal
        x = np.where(mask, 0.0, arr.astype(str).astype(np.float64))
    with np.errstate(invalid="ignore", over="ignore"):
        rounded = np.rint(x * scale)
        exact = (rounded / scale == x) & (np.abs(rounded) < 2.0**53)
    out = np.where(exact, rounded, 0.0).astype(np.int64)
    for i in np.flatnonzero(~exact):
        v = float(x[i])
        if not np.isfinite(v):
            raise BadColumn(f"column {name!r}, row {index[i]}: {v!r} is not a finite number")
        out[i] = _scaled_decimal(name, float_decimal(v, _PLACES[scale]), v, scale, index[i])
    return out


def _scaled_from_numbers(name, arr, mask, scale, index):
    """Numbers (ints, floats, Decimals) to whole multiples of 1/scale, checked: a value with more
    places than the unit holds, or out of the int64 range, is refused rather than rounded or wrapped."""
    if arr.dtype.kind in "iub":
        return _checked_ints(name, arr, scale, index)
    if arr.dtype.kind == "f":
        return _scaled_from_floats(name, arr, mask, scale, index)
    # Python objects (Decimal, int, float): one conversion each, exact.
    out = np.zeros(len(arr), dtype=np.int64)
    for i in np.flatnonzero(~mask):
        v = arr[i]
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, decimal.Decimal, np.number)):
            raise BadColumn(f"column {name!r}, row {index[i]}: {v!r} is not a number")
        if isinstance(v, (float, np.floating)):
            if not np.isfinite(v):
                raise BadColumn(f"column {name!r}, row {index[i]}: {v!r} is not a finite number")
            # a float32 stands for its own shortest decimal (str), a float64 for float_decimal's
            d = float_decimal(float(str(v)) if np.dtype(type(v)).itemsize < 8 else float(v), _PLACES[scale])
        else:
            d = decimal.Decimal(int(v) if isinstance(v, np.integer) else v)
            if not d.is_finite():
                raise BadColumn(f"column {name!r}, row {index[i]}: {v!r} is not a finite number")
        out[i] = _scaled_decimal(name, d, v, scale, index[i])
    return out


_DATE_KINDS = {"string", "date", "datetime", "datetime64", "empty"}


def _dates(name, series, mask, index):
    """Dates as days since 1970-01-01. Numbers are refused, not read: pd.to_datetime would take
    19723 as nanoseconds (1970-01-01)."""
    s = series
    if s.dtype.kind != "M" and not mask.all():
        inferred = "number" if s.dtype.kind in "iufbc" else pd.api.types.infer_dtype(s, skipna=True)
        if inferred not in _DATE_KINDS:
            values = s.to_numpy()
            first = next((i for i in np.flatnonzero(~mask)
                          if isinstance(values[i], (int, float, np.number, decimal.Decimal))), None)
            if first is not None:
                raise BadColumn(f"column {name!r}, row {index[first]}: {values[first]!r} is a number, not a date "
                                f"(give datetime64, datetime.date or 'YYYY-MM-DD' texts)")
    if s.dtype.kind != "M":
        s = pd.to_datetime(s, errors="coerce")
        bad = np.flatnonzero(s.isna().to_numpy() & ~mask)
        if len(bad):
            raise BadColumn(f"column {name!r}, row {index[bad[0]]}: {series.iloc[bad[0]]!r} is not a date")
    if getattr(s.dt, "tz", None) is not None:
        s = s.dt.tz_localize(None)
    days = s.to_numpy().astype("datetime64[D]").view(np.int64)
    return np.where(mask, 0, days)


def _enum(name, series, mask, cases, index):
    if isinstance(series.dtype, pd.CategoricalDtype):
        cat = series.cat
        where = pd.Index(cases).get_indexer(cat.categories.astype(str))
        codes = cat.codes.to_numpy()
        values = np.where(codes >= 0, where[codes], 0) if len(where) else np.zeros(len(codes), np.int64)
        known = np.where(codes >= 0, where[codes] >= 0, True) if len(where) else np.ones(len(codes), bool)
    else:
        if series.dtype.kind in "iufb":
            raise BadColumn(f"column {name!r}: an enum column holds case names ({', '.join(cases[:5])}), not numbers")
        codes = pd.Categorical(series, categories=cases).codes.astype(np.int64)
        values, known = np.where(codes >= 0, codes, 0), (codes >= 0)
    bad = np.flatnonzero(~known & ~mask)
    if len(bad):
        raise BadColumn(f"column {name!r}, row {index[bad[0]]}: {series.iloc[bad[0]]!r} is no case of the enum "
                        f"(cases: {', '.join(cases[:8])}{', ...' if len(cases) > 8 else ''})")
    return values.astype(np.int64, copy=False)


def _bools(name, arr, mask, index):
    if arr.dtype.kind == "b":
        return arr.astype(np.int64)
    if arr.dtype.kind in "iuf":
        filled = np.where(mask, 0, arr)
        bad = np.flatnonzero((filled != 0) & (filled != 1))
    else:
        filled = np.where(mask, False, arr)
        bad = np.flatnonzero(~np.isin(filled, [True, False]))
    if len(bad):
        raise BadColumn(f"column {name!r}, row {index[bad[0]]}: {arr[bad[0]]!r} is not a boolean")
    return filled.astype(bool).astype(np.int64)


def to_column(field, values, index):
    """(int64 values, uint8 validity or None) of one column, in the input's exact unit."""
    name, k = field.name, kind(field)
    series = values if isinstance(values, pd.Series) else pd.Series(np.asarray(values), copy=False)
    mask = series.isna().to_numpy()
    if k == OTHER:
        raise BadColumn(f"column {name!r}: a {field.type} input cannot be given as a column")
    if k == DATE:
        out = _dates(name, series, mask, index)
    elif k == ENUM:
        out = _enum(name, series, mask, field.cases, index)
    else:
        if isinstance(series.dtype, pd.api.extensions.ExtensionDtype) and not isinstance(series.dtype, pd.CategoricalDtype):
            numeric = series.dtype.kind in "iufb"
            arr = series.to_numpy(dtype={"f": "float64", "i": "int64", "u": "uint64", "b": bool}.get(series.dtype.kind, object),
                                  na_value=0) if numeric else series.to_numpy()
        else:
            arr = series.to_numpy()
        if k == BOOL:
            out = _bools(name, arr, mask, index)
        else:
            if arr.dtype.kind == "b":
                raise BadColumn(f"column {name!r}: booleans given for a {field.type} input")
            out = _scaled_from_numbers(name, arr, mask, _SCALE[k], index)
    values = np.ascontiguousarray(out, dtype=np.int64)
    validity = (~mask).astype(np.uint8) if mask.any() else None
    return values, validity


def _table(data):
    """(dict name -> column, index, rows) of a DataFrame or a dict of equal-length arrays."""
    if isinstance(data, pd.DataFrame):
        if not data.columns.is_unique:
            raise BadColumn("a column is named twice")
        return {c: data[c] for c in data.columns}, data.index, len(data)
    if isinstance(data, dict):
        lengths = {k: len(v) for k, v in data.items() if hasattr(v, "__len__") and not isinstance(v, str)}
        if len(lengths) != len(data):
            bad = next(k for k in data if k not in lengths)
            raise BadArgument(f"column {bad!r} is not an array")
        if len(set(lengths.values())) > 1:
            raise BadColumn(f"the columns have different lengths: {lengths}")
        rows = next(iter(lengths.values()), 0)
        return data, pd.RangeIndex(rows), rows
    raise BadArgument(f"score takes a pandas DataFrame or a dict of arrays, not {type(data).__name__}")


def _output(field, values, valid):
    k = kind(field)
    missing = valid == 0
    if k == BOOL:
        return pd.arrays.BooleanArray(values != 0, missing)
    if k == INT:
        return pd.arrays.IntegerArray(values, missing)
    if k in (MONEY, MILLIONTHS):
        out = values / _SCALE[k]
        out[missing] = np.nan
        return out
    if k == DATE:
        days = values.astype("datetime64[D]")
        days[missing] = np.datetime64("NaT")
        return days.astype("datetime64[ns]")
    if k == ENUM and not field.cases:  # cases unknown: the case index
        return pd.arrays.IntegerArray(values, missing)
    if k == ENUM:
        codes = np.where(missing | (values < 0) | (values >= len(field.cases)), -1, values)
        return pd.Categorical.from_codes(codes, categories=field.cases)
    return None


def _conditions(scheme):
    names = []
    while len(names) < 100_000:
        name = scheme.condition_name(len(names))
        if name is None:
            break
        names.append(name)
    return names


def _named_codes(codes, names):
    """A categorical of `names[code]` with NA for -1, even when names repeat."""
    unique = list(dict.fromkeys(names))
    position = {n: i for i, n in enumerate(unique)}
    remap = np.array([position[n] for n in names] + [-1], dtype=np.int64)
    return pd.Categorical.from_codes(remap[np.where(codes < 0, len(names), codes)], categories=unique)


def score(scheme, data, opts, strict=False):
    columns, index, rows = _table(data)
    inputs = {f.name: f for f in scheme.inputs}
    kept, given = [], []
    for name, values in columns.items():
        if name not in inputs:
            if strict:
                raise UnknownName(f"column {name!r} names no input of {scheme.name}")
            continue
        v, valid = to_column(inputs[name], values, index)
        kept.append((v, valid))
        given.append(_ffi.Column(name.encode("utf-8"), v.ctypes.data_as(_ffi.c_int64_p),
                                 valid.ctypes.data_as(_ffi.c_uint8_p) if valid is not None else None))
    array = (_ffi.Column * max(len(given), 1))(*given)

    eligible = np.zeros(rows, np.uint8)
    amount = np.zeros(rows, np.int64)
    status = np.zeros(rows, np.uint8)
    first = np.full(rows, -1, np.int32)
    outs = [np.zeros(rows, np.int64) for _ in scheme.outputs]
    valids = [np.zeros(rows, np.uint8) for _ in scheme.outputs]
    res = _ffi.Results()
    res.eligible = eligible.ctypes.data_as(_ffi.c_uint8_p)
    res.amount = amount.ctypes.data_as(_ffi.c_int64_p)
    res.status = status.ctypes.data_as(_ffi.c_uint8_p)
    res.first_failed = first.ctypes.data_as(_ffi.c_int32_p)
    out_ptrs = (_ffi.c_int64_p * max(len(outs), 1))(*[o.ctypes.data_as(_ffi.c_int64_p) for o in outs])
    valid_ptrs = (_ffi.c_uint8_p * max(len(outs), 1))(*[v.ctypes.data_as(_ffi.c_uint8_p) for v in valids])
    res.outputs, res.output_validity, res.output_count = out_ptrs, valid_ptrs, len(outs)

    err = ctypes.c_void_p()
    lib = _ffi.library()
    st = lib.bareme_score_columns(scheme._handle, array, len(given), rows, ctypes.byref(opts), ctypes.byref(res),
                                  ctypes.byref(err))
    _ffi.check(st, err)
    del kept

    undetermined = status != 0
    frame = {
        "eligible": pd.arrays.BooleanArray(eligible != 0, undetermined.copy()),
        "amount_cents": pd.arrays.IntegerArray(amount, undetermined.copy()),
        "amount": np.where(undetermined, np.nan, amount / 100.0),
    }
    codes = np.unique(status)
    names = [lib.bareme_status_name(int(c)).decode() for c in codes if c != 0]
    error_codes = np.searchsorted(codes[codes != 0], status) if names else np.zeros(rows, np.int64)
    frame["error"] = pd.Categorical.from_codes(np.where(undetermined, error_codes, -1), categories=names)
    conditions = _conditions(scheme)
    frame["first_failed"] = (_named_codes(first.astype(np.int64), conditions) if conditions
                             else pd.Categorical.from_codes(np.full(rows, -1), categories=[]))
    for field, values, valid in zip(scheme.outputs, outs, valids):
        column = _output(field, values, valid)
        if column is not None:
            frame[field.name if field.name not in frame else f"output.{field.name}"] = column
    return pd.DataFrame(frame, index=index)
