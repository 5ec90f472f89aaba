"""Turn the bytes of a text file into ``str``: UTF-8 (with or without BOM) or GB18030/GBK.

GB18030 decodes almost any byte string, so a successful decode proves nothing. Binary input is
refused first (NUL bytes, a high share of control characters), and a GB18030 reading is only
accepted when the result looks like Chinese text. charset-normalizer arbitrates the rest.
"""

from __future__ import annotations

import codecs
import os
import unicodedata

from loaders.errors import InputError

__all__ = ["decode_bytes", "looks_binary", "readable_name"]

_CONTROL_OK = {"\n", "\r", "\t", "\f", "\v"}


def looks_binary(data: bytes) -> bool:
    """Whether ``data`` is binary rather than text (NUL bytes or many control bytes)."""
    if b"\x00" in data[:1_000_000]:
        return True
    sample = data[:65536]
    if not sample:
        return False
    controls = sum(1 for b in sample if b < 32 and chr(b) not in _CONTROL_OK)
    return controls / len(sample) > 0.01


def _cjk_share(text: str) -> float:
    sample = text[:20000]
    letters = [c for c in sample if not c.isspace()]
    if not letters:
        return 0.0
    cjk = sum(
        1
        for c in letters
        if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"
    )
    return cjk / len(letters)


def _odd_share(text: str) -> float:
    """Share of characters that are private-use, unassigned or rare-script in a decode."""
    sample = text[:20000]
    if not sample:
        return 0.0
    odd = 0
    for c in sample:
        cat = unicodedata.category(c)
        if cat in ("Co", "Cn", "Cs") or (cat == "Cc" and c not in _CONTROL_OK):
            odd += 1
        elif (
            "\u3400" <= c <= "\u4dbf" or "\U00020000" <= c <= "\U0003ffff"
        ):  # CJK extension A/B+: rare in policy text
            odd += 1
    return odd / len(sample)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a byte order mark (NUL bytes are its ASCII halves, not binary)."""
    if len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and _cjk_share(text) >= 0.3 and _odd_share(text) < 0.02:
            return text, encoding
    return None


def readable_name(name: str | os.PathLike[str]) -> str:
    """A file name as text that can be printed and written: names that are not UTF-8 (Python keeps
    their bytes as surrogates) are read as GB18030/GBK — Chinese names from Windows archives — and
    bytes that are neither are shown as ``\\xNN``.

    Examples
    --------
    >>> import os
    >>> readable_name(os.fsdecode("规划/方案.txt".encode("gbk")))
    '规划/方案.txt'
    >>> readable_name("plain.txt")
    'plain.txt'
    """
    text = os.fspath(name)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    raw = os.fsencode(text)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def decode_bytes(data: bytes, source: str = "<bytes>") -> tuple[str, str]:
    """Decode policy text, returning ``(text, encoding)``.

    Raises
    ------
    InputError
        If the data is empty, binary, or in an encoding that cannot be decided.

    Examples
    --------
    >>> decode_bytes("一、总体要求".encode("gb18030"))[1]
    'gb18030'
    >>> decode_bytes(codecs.BOM_UTF8 + "（一）".encode())[1]
    'utf-8-sig'
    """
    if not data or not data.strip():
        raise InputError(source, "the file is empty")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise InputError(
                source, f"starts with a UTF-8 BOM but is not valid UTF-8 (byte {exc.start})"
            ) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(source, "starts with a UTF-16 BOM but is not valid UTF-16") from None
        return text, "utf-16"
    if b"\x00" in data[:65536]:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
    if looks_binary(data):
        raise InputError(source, "looks like a binary file, not text (NUL or control bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if utf8_error.reason == "unexpected end of data" and utf8_error.start >= len(data) - 3:
        raise InputError(
            source,
            f"is truncated in the middle of a UTF-8 character (at byte {utf8_error.start} "
            f"of {len(data)}); the download or copy is incomplete",
        )
    lossy = data.decode("utf-8", errors="replace")
    bad = lossy.count("\ufffd")
    if bad <= max(2, len(lossy) // 1000) and _cjk_share(lossy) >= 0.3:
        # Clearly UTF-8 Chinese with a few corrupt bytes: reading it as GB18030 would give mojibake.
        raise InputError(
            source,
            f"is UTF-8 with {bad} invalid byte sequence(s), the first at byte "
            f"{utf8_error.start}; the file is corrupted",
        )
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _cjk_share(text) >= 0.3 and _odd_share(text) < 0.02:
        return text, "gb18030"
    best = _detect(data)
    if best is not None:
        return best
    raise InputError(
        source,
        f"cannot decide the text encoding: not UTF-8 (invalid byte at {utf8_error.start}) "
        "and not plausible GB18030/GBK Chinese text; convert the file to UTF-8",
    )


def _detect(data: bytes) -> tuple[str, str] | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - declared dependency
        return None
    match = from_bytes(data[:200_000]).best()
    if match is None or match.encoding is None:
        return None
    try:
        text = data.decode(match.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    if _cjk_share(text) < 0.3 or _odd_share(text) >= 0.02:
        return None
    return text, match.encoding
