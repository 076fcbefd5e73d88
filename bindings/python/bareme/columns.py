"""Scheme.score: pandas / numpy columns converted, vectorised, to the int64 units of
bareme_score_columns (zero-copy when already int64 and contiguous), and its result arrays,
allocated here as numpy arrays, wrapped into a DataFrame."""

import ctypes
import decimal

import numpy as np
import pandas as pd

from . import _ffi
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


def _scaled_from_numbers(name, arr, mask, scale, index):
    """Numbers (ints, floats) to whole multiples of 1/scale, checked: a value with more places
    than the unit holds is refused rather than rounded silently."""
    if arr.dtype.kind in "iub":
        ints = arr.astype(np.int64, copy=False)
        if scale != 1:
            limit = np.iinfo(np.int64).max // scale
            big = np.flatnonzero(np.abs(ints) > limit)
            if len(big):
                raise BadColumn(f"column {name!r}, row {index[big[0]]}: {ints[big[0]]} is too large")
            ints = ints * scale
        return ints
    if arr.dtype.kind == "f":
        with np.errstate(invalid="ignore", over="ignore"):
            scaled = np.where(mask, 0.0, arr) * scale
            rounded = np.rint(scaled)
            bad = np.flatnonzero(np.abs(scaled - rounded) > 1e-6 + 1e-12 * np.abs(scaled))
        if len(bad):
            unit = {1: "a whole number", 100: "a whole number of cents", 1_000_000: "a whole number of millionths"}[scale]
            raise BadColumn(f"column {name!r}, row {index[bad[0]]}: {arr[bad[0]]!r} is not {unit}")
        if np.any(np.abs(rounded) >= 2.0**63):
            raise BadColumn(f"column {name!r}: a value is too large")
        return rounded.astype(np.int64)
    # Python objects (Decimal, int, float): one conversion each, exact.
    out = np.zeros(len(arr), dtype=np.int64)
    for i in np.flatnonzero(~mask):
        v = arr[i]
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, decimal.Decimal, np.number)):
            raise BadColumn(f"column {name!r}, row {index[i]}: {v!r} is not a number")
        d = decimal.Decimal(str(v) if isinstance(v, (float, np.floating)) else v) * scale
        if d != d.to_integral_value():
            raise BadColumn(f"column {name!r}, row {index[i]}: {v!r} has more places than the unit holds")
        out[i] = int(d)
    return out


def _dates(name, series, mask, index):
    s = series
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
            arr = series.to_numpy(dtype="float64" if series.dtype.kind == "f" else ("int64" if series.dtype.kind in "iu" else (bool if series.dtype.kind == "b" else object)),
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
