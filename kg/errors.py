"""The errors policykg raises.

Each one says what is wrong in one line, so the command line prints ``policykg: <message>`` and
exits non-zero without a traceback.
"""

from __future__ import annotations

__all__ = ["QueryError", "QueryTimeout", "EndpointError", "one_line"]


class QueryError(Exception):
    """An unknown query, a query that does not parse, or a bad parameter (one line)."""


class QueryTimeout(QueryError):
    """The query did not finish within the time limit."""


class EndpointError(QueryError):
    """The endpoint is unreachable or answered with an error."""


def one_line(exc: BaseException | str) -> str:
    """The text of an error on one line, cut at 300 characters.

    Examples
    --------
    >>> one_line(ValueError("bad\\n  value"))
    'bad value'
    """
    text = " ".join(str(exc).split())
    return text[:300] + ("…" if len(text) > 300 else "")
