"""The exceptions of the package: one class per status of the C ABI, all under BaremeError."""


class BaremeError(Exception):
    """A failure reported by libbareme: `status` is the C status name (`BAREME_BAD_INPUT`),
    `code` its number, `message` the library's message."""

    status = "BAREME_ERROR"
    code = -1

    def __init__(self, message, status=None, code=None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        if code is not None:
            self.code = code

    def __str__(self):
        return f"{self.status}: {self.message}"


class NullArgument(BaremeError):
    status, code = "BAREME_NULL_ARGUMENT", 1


class IoError(BaremeError):
    status, code = "BAREME_IO_ERROR", 2


class CompileError(BaremeError):
    status, code = "BAREME_COMPILE_ERROR", 3


class BadJson(BaremeError):
    status, code = "BAREME_BAD_JSON", 4


class BadInput(BaremeError):
    status, code = "BAREME_BAD_INPUT", 5


class UnknownName(BaremeError):
    status, code = "BAREME_UNKNOWN_NAME", 6


class BadColumn(BaremeError):
    status, code = "BAREME_BAD_COLUMN", 7


class BadOption(BaremeError):
    status, code = "BAREME_BAD_OPTION", 8


class InternalError(BaremeError):
    status, code = "BAREME_INTERNAL", 9


class BadArgument(BaremeError, TypeError):
    """A Python argument of the wrong type, refused before reaching the library."""

    status, code = "BAREME_BAD_ARGUMENT", -1


class LibraryNotFound(BaremeError, OSError):
    """libbareme.so could not be found or loaded, or lacks a function."""

    status, code = "BAREME_LIBRARY_NOT_FOUND", -1


BY_CODE = {cls.code: cls for cls in (NullArgument, IoError, CompileError, BadJson, BadInput, UnknownName,
                                     BadColumn, BadOption, InternalError)}


def from_status(code, message):
    """The exception for a status code returned by the library."""
    cls = BY_CODE.get(code)
    if cls is None:
        return BaremeError(message, status=f"BAREME_STATUS_{code}", code=code)
    return cls(message)
