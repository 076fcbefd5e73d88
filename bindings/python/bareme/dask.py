"""bareme.dask.score: Scheme.score mapped over the partitions of a Dask DataFrame, each worker
process loading the scheme once (a per-process cache), with a meta derived from the scheme's
description (docs/python.md, docs/scale-out.md)."""

import datetime
import hashlib
import json
import os
import tempfile
import threading
from collections import OrderedDict

import numpy as np
import pandas as pd

from . import _ffi
from .columns import BOOL, DATE, ENUM, INT, MILLIONTHS, MONEY, OTHER, _conditions, kind
from .errors import BadArgument, BadColumn, BadOption, IoError, UnknownName
from .scheme import _ENGINES, Scheme, load

_CACHE_SIZE = 8
_cache = OrderedDict()  # recipe key -> Scheme, in this process
_lock = threading.Lock()
_counts = {"loads": 0, "partitions": 0}


class Recipe:
    """What a worker needs to load the scheme itself (a Scheme, a ctypes handle, is never
    pickled): the path, the scheme's name, the import folders, the parameter overrides, and the
    root file's identity on the client (size, mtime, sha256) with its text, used when the worker
    has no identical file at that path."""

    def __init__(self, path, scheme, library_paths, overrides, ship_source=True):
        self.path = os.path.abspath(path)
        self.scheme, self.library_paths, self.overrides = scheme, library_paths, tuple(overrides)
        try:
            with open(self.path, "rb") as f:
                data = f.read()
            st = os.stat(self.path)
        except OSError as e:
            raise IoError(f"cannot read the scheme file {self.path}: {e.strerror}") from None
        self.size, self.mtime_ns = st.st_size, st.st_mtime_ns
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.source = data if ship_source else None

    def key(self):
        return (self.path, self.scheme, self.library_paths, self.overrides, self.size, self.mtime_ns, self.sha256)


def load_count():
    """How many schemes bareme.dask loaded in this process (each worker loads a scheme once)."""
    return _counts["loads"]


def partition_count():
    """How many partitions bareme.dask scored in this process."""
    return _counts["partitions"]


def clear_cache():
    """Forgets the schemes loaded in this process (the counters are kept)."""
    with _lock:
        _cache.clear()


def _same_file(path, sha256):
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest() == sha256
    except OSError:
        return False


def _load(recipe):
    """Loads the recipe's scheme: from its path when this process sees the client's file there,
    else from the shipped text written to a private temporary folder (its imports are then
    searched in the original folder and the library paths)."""
    libs = recipe.library_paths
    if _same_file(recipe.path, recipe.sha256):
        path = recipe.path
    elif recipe.source is not None:
        folder = os.path.join(tempfile.gettempdir(), f"bareme-dask-{os.getuid()}", recipe.sha256[:16])
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, os.path.basename(recipe.path))
        if not _same_file(path, recipe.sha256):
            with tempfile.NamedTemporaryFile(dir=folder, delete=False) as f:
                f.write(recipe.source)
            os.replace(f.name, path)
        libs = ":".join(p for p in (os.path.dirname(recipe.path), libs) if p)
    else:
        raise IoError(f"the scheme file {recipe.path} is missing on this worker or differs from the client's "
                      f"(sha256 {recipe.sha256[:12]}...): make it readable at the same path, or pass ship_source=True")
    scheme = load(path, scheme=recipe.scheme, library_paths=libs)
    for text in recipe.overrides:
        scheme = scheme.with_parameters(json.loads(text))
    return scheme


def scheme_for(recipe):
    """The recipe's scheme in this process, loaded on first use and then cached."""
    key = recipe.key()
    with _lock:
        scheme = _cache.get(key)
        if scheme is None:
            scheme = _load(recipe)
            _counts["loads"] += 1
            _cache[key] = scheme
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
        else:
            _cache.move_to_end(key)
        return scheme


def _status_names():
    lib = _ffi.library()
    names = []
    for code in range(1, 256):
        name = lib.bareme_status_name(code).decode()
        names.append(name)
        if name == "Unknown":
            break
    return list(dict.fromkeys(names))


def _output_dtype(field):
    k = kind(field)
    if k == BOOL:
        return pd.BooleanDtype()
    if k == INT or (k == ENUM and not field.cases):
        return pd.Int64Dtype()
    if k in (MONEY, MILLIONTHS):
        return np.dtype("float64")
    if k == DATE:
        return np.dtype("datetime64[ns]")
    if k == ENUM:
        return pd.CategoricalDtype(field.cases)
    return None


def meta_for(scheme, index=None):
    """The empty DataFrame whose columns and dtypes are those of `scheme.score`'s result,
    derived from the description (nothing is scored); `index` the input's empty index."""
    index = index if index is not None else pd.RangeIndex(0)
    conditions = list(dict.fromkeys(_conditions(scheme)))
    dtypes = {"eligible": pd.BooleanDtype(), "amount_cents": pd.Int64Dtype(), "amount": np.dtype("float64"),
              "error": pd.CategoricalDtype(_status_names()), "first_failed": pd.CategoricalDtype(conditions)}
    for field in scheme.outputs:
        dtype = _output_dtype(field)
        if dtype is not None:
            dtypes[field.name if field.name not in dtypes else f"output.{field.name}"] = dtype
    return pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in dtypes.items()}, index=index)


def _score_partition(part, recipe, options, categories):
    """One partition scored, its categoricals given the meta's categories (the same on every
    partition, whichever errors and refusals it holds)."""
    scheme = scheme_for(recipe)
    with _lock:
        _counts["partitions"] += 1
    frame = scheme.score(part, **options)
    for name, cats in categories.items():
        frame[name] = frame[name].cat.set_categories(cats)
    return frame


def _check_options(threads, as_of, engine, max_steps):
    for value, what in ((threads, "threads"), (max_steps, "max_steps")):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise BadArgument(f"{what} must be an int >= 0, not {value!r}")
    if engine not in _ENGINES:
        raise BadArgument(f"engine must be one of 'interp', 'jit' or None, not {engine!r}")
    if as_of is not None:
        try:
            datetime.date.fromisoformat(as_of)
        except (TypeError, ValueError):
            raise BadOption(f"as_of must be a date YYYY-MM-DD, not {as_of!r}") from None


def score(ddf, scheme, scheme_name=None, library_paths=None, threads=1, as_of=None, engine=None, max_steps=0,
          strict=False, ship_source=True):
    """Scores every partition of the Dask DataFrame `ddf` with `scheme` (a path, or a loaded
    `bareme.Scheme`) on the workers, each process loading the scheme once: a lazy Dask
    DataFrame with the columns of `Scheme.score` and the input's index and partitions.
    The scheme is loaded on the client first, so a bad path or scheme raises here; `strict`
    refuses columns naming no input here too. `threads` is per partition (1: Dask's own
    threads and processes give the parallelism). `ship_source` sends the root file's text with
    the tasks, for workers that do not see the client's file at the same path."""
    import dask
    import dask.dataframe as dd

    if not isinstance(ddf, dd.DataFrame):
        hint = " (dask.dataframe.from_pandas(df, npartitions=N) makes one)" if isinstance(ddf, pd.DataFrame) else ""
        raise BadArgument(f"bareme.dask.score takes a dask DataFrame{hint}, not {type(ddf).__name__}")
    _check_options(threads, as_of, engine, max_steps)
    if isinstance(scheme, Scheme):
        if scheme_name is not None or library_paths is not None:
            raise BadArgument("scheme_name and library_paths go with a path, not a loaded Scheme")
        if scheme.recipe[0] is None:
            raise BadArgument("this Scheme has no file to load on the workers")
        recipe = Recipe(*scheme.recipe, ship_source=ship_source)
    elif isinstance(scheme, (str, os.PathLike)):
        if isinstance(library_paths, (list, tuple)):
            library_paths = ":".join(os.fspath(p) for p in library_paths)
        scheme = load(os.fspath(scheme), scheme=scheme_name, library_paths=library_paths)
        recipe = Recipe(*scheme.recipe, ship_source=ship_source)
    else:
        raise BadArgument(f"scheme must be a path or a bareme.Scheme, not {type(scheme).__name__}")

    inputs = {f.name: f for f in scheme.inputs}
    for name in ddf.columns:
        if name not in inputs:
            if strict:
                raise UnknownName(f"column {name!r} names no input of {scheme.name}")
        elif kind(inputs[name]) == OTHER:
            raise BadColumn(f"column {name!r}: a {inputs[name].type} input cannot be given as a column")
    meta = meta_for(scheme, ddf._meta.index)
    options = {"threads": threads, "as_of": as_of, "engine": engine, "max_steps": max_steps, "strict": strict}
    categories = {name: list(dtype.categories) for name, dtype in meta.dtypes.items()
                  if isinstance(dtype, pd.CategoricalDtype)}
    # the recipe (with the scheme's text) as one key of the graph, not copied into every task
    shared = dask.delayed(recipe, pure=True, traverse=False)
    return ddf.map_partitions(_score_partition, shared, options, categories, meta=meta, align_dataframes=False)
