"""ctypes over include/bareme/bareme.h: finds and loads libbareme.so, declares its functions and
structs, and turns a status plus a bareme_error into a Python exception."""

import ctypes
import ctypes.util
import os
import pathlib
import threading

from .errors import LibraryNotFound, from_status

ABI_VERSION = 1

c_int64_p = ctypes.POINTER(ctypes.c_int64)
c_uint8_p = ctypes.POINTER(ctypes.c_uint8)
c_int32_p = ctypes.POINTER(ctypes.c_int32)


class Options(ctypes.Structure):
    _fields_ = [("as_of", ctypes.c_char_p), ("threads", ctypes.c_uint32), ("engine", ctypes.c_uint32),
                ("max_steps", ctypes.c_uint64), ("time_limit_seconds", ctypes.c_double),
                ("strict", ctypes.c_uint32)]


class Column(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("values", c_int64_p), ("validity", c_uint8_p)]


class Results(ctypes.Structure):
    _fields_ = [("eligible", c_uint8_p), ("amount", c_int64_p), ("status", c_uint8_p),
                ("first_failed", c_int32_p), ("outputs", ctypes.POINTER(c_int64_p)),
                ("output_validity", ctypes.POINTER(c_uint8_p)), ("output_count", ctypes.c_size_t)]


_vp = ctypes.c_void_p
_pp = ctypes.POINTER(ctypes.c_void_p)  # bareme_scheme**, bareme_error**, char**
_status = ctypes.c_int
_opts = ctypes.POINTER(Options)

# name: (restype, argtypes); those marked optional may be absent from an older library.
_SIGNATURES = {
    "bareme_error_status": (_status, [_vp]),
    "bareme_error_message": (ctypes.c_char_p, [_vp]),
    "bareme_error_free": (None, [_vp]),
    "bareme_free": (None, [_vp]),
    "bareme_version": (ctypes.c_char_p, []),
    "bareme_abi_version": (ctypes.c_int, []),
    "bareme_load": (_status, [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, _pp, _pp]),
    "bareme_with_parameters": (_status, [_vp, ctypes.c_char_p, _pp, _pp]),
    "bareme_scheme_free": (None, [_vp]),
    "bareme_describe": (_status, [_vp, _pp, _pp]),
    "bareme_evaluate": (_status, [_vp, ctypes.c_char_p, _opts, _pp, _pp]),
    "bareme_explain": (_status, [_vp, ctypes.c_char_p, _opts, _pp, _pp]),
    "bareme_missing": (_status, [_vp, ctypes.c_char_p, _opts, _pp, _pp]),
    "bareme_score_columns": (_status, [_vp, ctypes.POINTER(Column), ctypes.c_size_t, ctypes.c_size_t, _opts,
                                       ctypes.POINTER(Results), _pp]),
    "bareme_status_name": (ctypes.c_char_p, [ctypes.c_uint8]),
    "bareme_condition_name": (ctypes.c_char_p, [_vp, ctypes.c_int32]),
    "bareme_score_text": (_status, [_vp, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t, _opts, _pp,
                                    ctypes.POINTER(ctypes.c_size_t), _pp]),
}
_OPTIONAL = {"bareme_missing"}

_lock = threading.Lock()
_lib = None
_lib_path = None


def _candidates():
    """Where libbareme.so may be, most specific first."""
    env = os.environ.get("BAREME_LIBRARY")
    if env:
        yield pathlib.Path(env)
        return
    # Run from the repository: bindings/python/bareme/_ffi.py -> the repository's build trees.
    root = pathlib.Path(__file__).resolve().parents[3]
    if (root / "include" / "bareme" / "bareme.h").exists():
        for build in ("build", "build-sanitize"):
            tree = root / build
            if not tree.is_dir():
                continue
            for sub in ("", "compiler", "compiler/api", "lib"):
                for name in ("libbareme.so", "libbareme.so.1"):
                    if (tree / sub / name).exists():
                        yield tree / sub / name
    found = ctypes.util.find_library("bareme")
    if found:
        yield pathlib.Path(found)
    yield pathlib.Path("libbareme.so.1")


def _declare(lib):
    for name, (restype, argtypes) in _SIGNATURES.items():
        try:
            fn = getattr(lib, name)
        except AttributeError:
            if name in _OPTIONAL:
                continue
            raise LibraryNotFound(f"{_lib_path} has no function {name}: it is not libbareme ABI {ABI_VERSION}")
        fn.restype = restype
        fn.argtypes = argtypes


def library():
    """The loaded library, declared; loads it on first use (LibraryNotFound when impossible)."""
    global _lib, _lib_path
    with _lock:
        if _lib is not None:
            return _lib
        tried = []
        for path in _candidates():
            try:
                lib = ctypes.CDLL(str(path))
            except OSError as e:
                tried.append(f"{path}: {e}")
                continue
            _lib_path = str(path)
            _declare(lib)
            version = lib.bareme_abi_version()
            if version != ABI_VERSION:
                raise LibraryNotFound(f"{path} has ABI version {version}, this package needs {ABI_VERSION}")
            _lib = lib
            return lib
        raise LibraryNotFound("libbareme.so not found; set BAREME_LIBRARY to its path. Tried: " + "; ".join(tried))


def library_path():
    library()
    return _lib_path


def has(name):
    return hasattr(library(), name) and name in _SIGNATURES


def check(status, error):
    """Raises the exception for a failed call and frees the bareme_error; nothing when OK."""
    if status == 0:
        return
    lib = library()
    message = "(no message)"
    if error.value:
        raw = lib.bareme_error_message(error)
        message = raw.decode("utf-8", "replace") if raw else message
        lib.bareme_error_free(error)
        error.value = None
    raise from_status(status, message)


def take_string(pointer, length=None):
    """The text of a string the library returned, freed with bareme_free."""
    if not pointer.value:
        return ""
    try:
        raw = ctypes.string_at(pointer.value, length) if length is not None else ctypes.string_at(pointer.value)
        return raw.decode("utf-8")
    finally:
        library().bareme_free(pointer)
        pointer.value = None


def options(as_of=None, threads=0, engine=0, max_steps=0, strict=False):
    """A bareme_options; the returned object keeps its as_of bytes alive."""
    o = Options()
    if as_of is not None:
        o.as_of = as_of.encode("utf-8")
    o.threads, o.engine, o.max_steps, o.strict = threads, engine, max_steps, int(strict)
    return o
