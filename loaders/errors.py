"""Errors raised by the loaders.

Every error names the file and the problem in one line, so the command line can print
``policykg: <file>: <problem>`` and exit non-zero without a traceback.
"""

from __future__ import annotations

__all__ = ["PolicyParseError", "InputError", "NoTasksError"]


class PolicyParseError(Exception):
    """A document could not be read or parsed.

    Parameters
    ----------
    source : str
        The file (or a label for in-memory text) the problem is in.
    problem : str
        One line that says what is wrong.
    """

    def __init__(self, source: str, problem: str) -> None:
        self.source = str(source)
        self.problem = " ".join(str(problem).split())
        super().__init__(f"{self.source}: {self.problem}")


class InputError(PolicyParseError):
    """The file is missing, empty, binary or cannot be decoded."""


class NoTasksError(PolicyParseError):
    """The document was read but holds no key task with a responsibility clause."""
