"""Barème from Python: load a scheme, evaluate, explain and ask what is missing for one
application, score DataFrames on every core. A pure-Python package over libbareme's C ABI
(include/bareme/bareme.h) through ctypes; see docs/python.md."""

from .errors import (BadArgument, BadColumn, BadInput, BadJson, BadOption, BaremeError, CompileError,
                     InternalError, IoError, LibraryNotFound, NullArgument, UnknownName)
from .results import Explanation, Missing, Result
from .scheme import Field, Scheme, load, version

__all__ = ["load", "version", "Scheme", "Field", "Result", "Explanation", "Missing", "BaremeError",
           "NullArgument", "IoError", "CompileError", "BadJson", "BadInput", "UnknownName", "BadColumn",
           "BadOption", "InternalError", "BadArgument", "LibraryNotFound"]
__version__ = "0.1.0"
