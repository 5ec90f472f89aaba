"""Limits a user can set through the environment (``POLICYKG_…``): one reader for all of them.

Examples
--------
>>> import os
>>> env_limit("POLICYKG_EXAMPLE_LIMIT", 10, ValueError, "rows")
10
>>> os.environ["POLICYKG_EXAMPLE_LIMIT"] = "0"
>>> env_limit("POLICYKG_EXAMPLE_LIMIT", 10, ValueError, "rows") is None  # 0: no limit
True
>>> del os.environ["POLICYKG_EXAMPLE_LIMIT"]
"""

from __future__ import annotations

import os

__all__ = ["env_limit"]


def env_limit(
    name: str, default: float | None, error: type[Exception], unit: str, *, whole: bool = True
) -> float | None:
    """The number in the environment variable ``name`` (``0`` or less: no limit, None), else ``default``.

    A value that is not a number raises ``error`` with one line: ``NAME must be a [whole] number of
    UNIT, not 'value'``; ``whole`` asks for an integer.
    """
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value) if whole else float(value)
    except ValueError:
        kind = "a whole number" if whole else "a number"
        raise error(f"{name} must be {kind} of {unit}, not {value!r}") from None
    return number if number > 0 else None
