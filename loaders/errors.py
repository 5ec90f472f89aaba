"""Errors raised by the loaders — and the root of every error policykg raises.

Every error names the file and the problem in one line, so the command line can print
``policykg: <file>: <problem>`` and exit non-zero without a traceback.

`PolicyKGError` is the base class of all of policykg's errors, with the exit code the command line
returns for it (`ExitCode`; the table is in `kg.errors`). It lives here because ``loaders`` never
imports ``kg``; ``kg.errors`` re-exports it. `require` imports an optional package or fails with one
line that names the extra to install.
"""

from __future__ import annotations

import importlib
from enum import IntEnum
from types import ModuleType

__all__ = ["ExitCode", "PolicyKGError", "MissingExtraError", "require", "PolicyParseError", "InputError",
           "NoTasksError"]


class ExitCode(IntEnum):
    """Exit codes of the ``policykg`` command, one per kind of outcome (see the table in `kg.errors`)."""

    OK = 0
    ERROR = 1
    USAGE = 2
    PARTIAL = 3
    INVALID = 4
    INPUT = 5
    INCONSISTENT = 6
    MISSING_EXTRA = 7
    QUERY = 8
    TIMEOUT = 9
    ENDPOINT = 10
    NETWORK = 11
    FONT = 12
    REASONING = 13
    DOCS = 14
    REFUSED = 15


class PolicyKGError(Exception):
    """The base of policykg's errors: a one-line message and the exit code of the command line."""

    exit_code: int = ExitCode.ERROR


class MissingExtraError(PolicyKGError, ImportError):
    """An optional package is not installed; the message names the extra that installs it."""

    exit_code = ExitCode.MISSING_EXTRA


def require(module: str, extra: str, package: str | None = None) -> ModuleType:
    """Import an optional package, or raise `MissingExtraError` naming the extra that installs it.

    Parameters
    ----------
    module : str
        The module to import (``pandas``, ``docx``).
    extra : str
        The policykg extra that installs it (``analysis``, ``docx``).
    package : str, optional
        The name to install when it differs from the module (``python-docx``).

    Examples
    --------
    >>> require("json", extra="analysis").__name__
    'json'
    >>> require("no_such_module_here", extra="analysis", package="nothing")
    Traceback (most recent call last):
    ...
    loaders.errors.MissingExtraError: nothing is not installed: pip install 'policykg[analysis]'
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        name = package or module.split(".")[0]
        hint = f"pip install 'policykg[{extra}]'"
        missing = getattr(exc, "name", None) or ""
        if missing == module or module.startswith(missing + ".") or not missing:
            message = f"{name} is not installed: {hint}"
        else:  # installed, but something it needs is not
            message = f"{name} cannot be imported ({' '.join(str(exc).split())}): {hint}"
        raise MissingExtraError(message) from None


class PolicyParseError(PolicyKGError):
    """A document could not be read or parsed.

    Parameters
    ----------
    source : str
        The file (or a label for in-memory text) the problem is in.
    problem : str
        One line that says what is wrong.
    """

    exit_code = ExitCode.INPUT

    def __init__(self, source: str, problem: str) -> None:
        self.source = str(source)
        self.problem = " ".join(str(problem).split())
        super().__init__(f"{self.source}: {self.problem}")


class InputError(PolicyParseError):
    """The file is missing, empty, binary or cannot be decoded."""


class NoTasksError(PolicyParseError):
    """The document was read but holds no key task with a responsibility clause."""
