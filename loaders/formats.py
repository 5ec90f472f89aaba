"""Read a file of any supported format into text: ``.txt`` here; other formats are added by format."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .decoding import decode_bytes
from .errors import InputError

__all__ = ["read_text", "SUPPORTED_SUFFIXES"]

SUPPORTED_SUFFIXES = (".txt", ".text", ".md")


def read_text(path: Path) -> tuple[str, str, dict[str, str]]:
    """Return ``(text, encoding, hints)`` for ``path``; hints may hold ``sha256`` and ``title``."""
    try:
        data = path.read_bytes()
    except PermissionError:
        raise InputError(str(path), "permission denied") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror})") from None
    suffix = path.suffix.lower()
    if suffix and suffix not in SUPPORTED_SUFFIXES:
        raise InputError(str(path), f"unsupported file type {suffix!r}; supported: {', '.join(SUPPORTED_SUFFIXES)}")
    text, encoding = decode_bytes(data, str(path))
    return text, encoding, {"sha256": hashlib.sha256(data).hexdigest()}
