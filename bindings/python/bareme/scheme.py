"""A loaded scheme: load, describe, evaluate, explain, missing, parameter overrides and the
text and column batches of the C ABI."""

import ctypes
import json
import os

from . import _ffi
from ._json import application, places
from .errors import BadArgument, LibraryNotFound
from .results import Explanation, Missing, Result

_ENGINES = {None: 0, "default": 0, "interp": 1, "interpreter": 1, "jit": 2}


class Field:
    """An input or declared output as bareme_describe gives it: `name`, `type`, `column_type`
    (bool, int, money, decimal, rate, quantity, date, enum, or None: not a column), `unit`,
    `cases` (an enum's case names, in index order), `default`, `required`, `doc`, and the whole
    description in `info`."""

    def __init__(self, info):
        self.info = info
        self.name = info.get("name")
        self.type = info.get("type")
        self.column_type = info.get("column", info.get("column_type"))
        cases = info.get("cases") or info.get("enum") or []
        self.cases = [c["name"] if isinstance(c, dict) else c for c in cases]
        self.unit = info.get("unit")
        self.default = info.get("default")
        self.doc = info.get("doc")
        self.required = info.get("required", False)

    def __repr__(self):
        return f"<{self.name}: {self.type}>"


def _text(value, what, allow_none=True):
    if value is None and allow_none:
        return None
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if not isinstance(value, str):
        raise BadArgument(f"{what} must be a string, not {type(value).__name__}")
    return value


def _engine(engine):
    if engine not in _ENGINES:
        raise BadArgument(f"engine must be one of 'interp', 'jit' or None, not {engine!r}")
    return _ENGINES[engine]


def _count(value, what):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BadArgument(f"{what} must be an int >= 0, not {value!r}")
    return value


def load(path, scheme=None, library_paths=None):
    """Loads and checks a scheme file with its imports (`scheme` picks one scheme of a project's
    root file). Raises IoError, CompileError (the message lists the diagnostics), UnknownName."""
    if path is not None:
        path = _text(path, "path")
    scheme = _text(scheme, "scheme")
    if isinstance(library_paths, (list, tuple)):
        library_paths = ":".join(os.fspath(p) for p in library_paths)
    library_paths = _text(library_paths, "library_paths")
    lib = _ffi.library()
    out, err = ctypes.c_void_p(), ctypes.c_void_p()
    enc = lambda s: None if s is None else s.encode("utf-8")
    status = lib.bareme_load(enc(path), enc(scheme), enc(library_paths), ctypes.byref(out), ctypes.byref(err))
    _ffi.check(status, err)
    loaded = Scheme(out, path)
    loaded.recipe = (path, scheme, library_paths, ())
    return loaded


class Scheme:
    """A compiled scheme (or catalogue). Immutable; safe to use from several threads."""

    def __init__(self, handle, path):
        self._handle = handle
        self._lib = _ffi.library()
        self.path = path
        # how to load it again (bareme.dask, on another process): path, scheme, library_paths,
        # and the parameter overrides applied since, in order
        self.recipe = (path, None, None, ())
        self.description = json.loads(self._call_string(self._lib.bareme_describe))
        self.name = self.description.get("name")
        self.inputs = [Field(i) for i in self.description.get("inputs", [])]
        self.outputs = [Field(o) for o in self.description.get("outputs", [])]
        self.aids = self.description.get("aids", [])
        self._places = {i.name: places(i) for i in self.inputs}

    def __del__(self):
        handle = getattr(self, "_handle", None)
        if handle is not None and handle.value:
            self._lib.bareme_scheme_free(handle)
            self._handle = None

    def __repr__(self):
        return f"<bareme.Scheme {self.name!r} from {self.path!r}>"

    def input(self, name):
        """The description of input `name`, or None."""
        return next((i for i in self.inputs if i.name == name), None)

    def _call_string(self, fn, *args):
        out, err = ctypes.c_void_p(), ctypes.c_void_p()
        status = fn(self._handle, *args, ctypes.byref(out), ctypes.byref(err))
        _ffi.check(status, err)
        return _ffi.take_string(out)

    def _json_call(self, fn, app, as_of, engine, max_steps, strict):
        opts = _ffi.options(_text(as_of, "as_of"), 0, _engine(engine), _count(max_steps, "max_steps"),
                            strict=bool(strict))
        text = application(app, unit_places=self._places)
        return self._call_string(fn, text.encode("utf-8"), ctypes.byref(opts))

    def evaluate(self, app, as_of=None, engine=None, max_steps=0, strict=False):
        """One application (a dict of input names to values): a Result. An undetermined result
        (a missing input, a runtime error) is a Result with `eligible` None, not an exception.
        A member naming no input is ignored, or refused (BadInput, with the closest name) when
        `strict`."""
        return Result(self._json_call(self._lib.bareme_evaluate, app, as_of, engine, max_steps, strict))

    def explain(self, app, as_of=None, engine=None, max_steps=0, strict=False):
        """The evaluation with its explanation tree (`bareme explain --format json`)."""
        return Explanation(self._json_call(self._lib.bareme_explain, app, as_of, engine, max_steps, strict))

    def missing(self, app, as_of=None, engine=None, max_steps=0, strict=False):
        """Partial evaluation: the status and, when undetermined, the inputs still to ask, ranked."""
        if not hasattr(self._lib, "bareme_missing"):
            raise LibraryNotFound(f"{_ffi.library_path()} has no bareme_missing: this library cannot say what is missing")
        return Missing(self._json_call(self._lib.bareme_missing, app, as_of, engine, max_steps, strict))

    def with_parameters(self, overrides):
        """A new scheme whose parameters are overridden on every date, values written as in a
        test (`{"v2g_grant": "2500 €"}`); this one is unchanged."""
        text = application(overrides, "overrides").encode("utf-8")
        out, err = ctypes.c_void_p(), ctypes.c_void_p()
        status = self._lib.bareme_with_parameters(self._handle, text, ctypes.byref(out), ctypes.byref(err))
        _ffi.check(status, err)
        derived = Scheme(out, self.path)
        derived.recipe = self.recipe[:3] + (self.recipe[3] + (text.decode("utf-8"),),)
        return derived

    def score_text(self, text, format="csv", threads=0, as_of=None, engine=None, max_steps=0):
        """Rows as text in the formats of `bareme score` ("csv" or "jsonl"), scored: the output text."""
        text = _text(text, "text", allow_none=False)
        if format not in ("csv", "jsonl"):
            raise BadArgument(f"format must be 'csv' or 'jsonl', not {format!r}")
        opts = _ffi.options(_text(as_of, "as_of"), _count(threads, "threads"), _engine(engine),
                            _count(max_steps, "max_steps"))
        data = text.encode("utf-8")
        out, length, err = ctypes.c_void_p(), ctypes.c_size_t(), ctypes.c_void_p()
        status = self._lib.bareme_score_text(self._handle, format.encode(), data, len(data), ctypes.byref(opts),
                                             ctypes.byref(out), ctypes.byref(length), ctypes.byref(err))
        _ffi.check(status, err)
        return _ffi.take_string(out, length.value)

    def score(self, data, threads=0, as_of=None, engine=None, max_steps=0, strict=False):
        """Scores a pandas DataFrame or a dict of equal-length arrays on `threads` threads (0:
        every core) through typed columns: a DataFrame with one row per input row (docs/python.md).
        Columns naming no input are ignored, or refused (UnknownName) when `strict`."""
        from .columns import score

        opts = _ffi.options(_text(as_of, "as_of"), _count(threads, "threads"), _engine(engine),
                            _count(max_steps, "max_steps"))
        return score(self, data, opts, strict)

    def condition_name(self, index):
        raw = self._lib.bareme_condition_name(self._handle, index)
        return raw.decode("utf-8") if raw is not None else None


def version():
    """The library's version ("1.2.0")."""
    return _ffi.library().bareme_version().decode()

