"""Length-preserving normalisation of policy text.

Offsets in records point into the decoded text, so normalisation must never change the length:
every character maps to exactly one character. Half-width punctuation becomes full-width (the
house style of Chinese government text), full-width digits and letters become ASCII, and the
ideographic space becomes a plain space. Stray spaces are not removed here; the parsers skip
them and names are reported with white space removed.
"""

from __future__ import annotations

import re

from loaders.vocab.punctuation import FOLD_BRACKETS, FOLD_MARKS

__all__ = ["fold", "squeeze", "CN_DIGITS", "cn_to_int"]

_TABLE = {
    ord("（"): "（",
    ord("("): "（",
    ord(")"): "）",
    ord(";"): "；",
    ord(":"): "：",
    ord("!"): "！",
    ord("?"): "？",
    0x3000: " ",
    0x00A0: " ",
    0x2002: " ",
    0x2003: " ",
    0x200B: " ",
    0xFEFF: " ",
    ord("\t"): " ",
    ord("【"): "【",
    ord("〔"): "〔",
}
for _c in range(0xFF10, 0xFF1A):  # full-width digits
    _TABLE[_c] = chr(_c - 0xFEE0)
for _c in list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B)):  # full-width letters
    _TABLE[_c] = chr(_c - 0xFEE0)
_TABLE[0xFF0E] = "."  # full-width full stop used in numbering "1．"
for _c, _to in FOLD_BRACKETS.items():  # rarer brackets as their common kin (〈〉 → （）, ﹝﹞ → 〔〕 …)
    _TABLE[ord(_c)] = _to
for _c, _to in FOLD_MARKS.items():  # small and half-width forms of the marks the parsers read
    _TABLE[ord(_c)] = _to
_TABLE[0xFF05] = "%"

# ASCII comma becomes the Chinese comma unless it separates digit groups (2,100).
_COMMA = re.compile(r"(?<!\d),|,(?!\d{3})")
# The characters the table changes. Clean text holds few of them: one scan finds which are present and
# only those are replaced, several times faster than ``str.translate`` over every character. No
# character maps to one that is itself changed, so the order of the replacements does not matter.
_FOLD_TO = {chr(c): to for c, to in sorted(_TABLE.items()) if chr(c) != to}
assert not set(_FOLD_TO.values()) & set(_FOLD_TO)
_FOLDABLE = re.compile("[" + "".join(map(re.escape, _FOLD_TO)) + "]")


def fold(text: str) -> str:
    """Map punctuation and digits to one canonical form, keeping the length.

    Examples
    --------
    >>> fold("加大资源投入,强化条件保障(2025)")
    '加大资源投入，强化条件保障（2025）'
    >>> len(fold("a, b")) == len("a, b")
    True
    """
    out = text
    for c in set(_FOLDABLE.findall(text)):
        out = out.replace(c, _FOLD_TO[c])
    if "," in out:
        out = _COMMA.sub("，", out)
    assert len(out) == len(text)
    return out


def squeeze(text: str) -> str:
    """Remove all white space (names are compared without it)."""
    return "".join(text.split())


CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def cn_to_int(numeral: str) -> int:
    """Convert a Chinese numeral such as 十二 or 二十三 to an int.

    Examples
    --------
    >>> [cn_to_int(x) for x in ("一", "十", "十二", "二十", "一百零五")]
    [1, 10, 12, 20, 105]
    """
    if numeral.isdigit():
        return int(numeral)
    total, current = 0, 0
    for ch in numeral:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            raise ValueError(f"not a Chinese numeral: {numeral!r}")
    return total + current
