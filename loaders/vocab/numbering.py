"""Numbering marks as data: every style an item of a plan may be numbered in, as folded text shows it.

`loaders.extract.structure` compiles these once. Levels are not fixed by style: the first style met
is the outermost, the next new style one level deeper (as an outline is read). A style is a name and
a pattern anchored where the mark starts; group ``num`` is the numeral, read by `number_of`.

Examples
--------
>>> [name for name, _ in STYLES][:5]
['chapter', 'dec3', 'dec2', 'article', 'cn']
>>> number_of("circled", "③"), number_of("pdigit", "⑷"), number_of("dotdigit", "⒌"), number_of("cn", "十二")
(3, 4, 5, 12)
"""

from __future__ import annotations

from loaders.read.normalize import cn_to_int

__all__ = ["CN_NUMERALS", "STYLES", "SERIAL_MARKS", "number_of"]

CN_NUMERALS = "一二三四五六七八九十百零〇两"
_CN = CN_NUMERALS
_GAP = r"[ \u3000]*"

# Marks that are one character each, numbered by their place in a Unicode run: style → (first, last).
SERIAL_MARKS: dict[str, tuple[str, str]] = {
    "circled": ("\u2460", "\u2473"),  # ① … ⑳
    "pdigit": ("\u2474", "\u2487"),  # ⑴ … ⒇
    "dotdigit": ("\u2488", "\u249b"),  # ⒈ … ⒛
    "pideograph": ("\u3220", "\u3229"),  # ㈠ … ㈩
}

# (style, pattern). Order matters where two could match at one place: the first wins. After the fold,
# ( ) are （ ）, ﹒ and ． may stay ． or be ., so 1) is 1）, (1) is （1）, 1﹒ is 1. .
STYLES: tuple[tuple[str, str], ...] = (
    ("chapter", rf"第(?P<num>[{_CN}\d]+)(?:章|部分|篇|节){_GAP}"),
    # 1.1 / 2.3.1: the outline's decimal numbers (one style per depth; the number is the last part).
    ("dec3", rf"\d{{1,2}}[.．]\d{{1,2}}[.．](?P<num>\d{{1,2}})(?![\d.．%]){_GAP}"),
    ("dec2", rf"\d{{1,2}}[.．](?P<num>\d{{1,2}})(?![\d.．%]){_GAP}"),
    ("article", rf"第(?P<num>[{_CN}\d]+)条{_GAP}"),
    ("cn", rf"(?P<num>[{_CN}]+)[、.．]{_GAP}"),
    ("pcn", rf"（(?P<num>[{_CN}]+)）[ \u3000、.]*"),
    ("ar", rf"(?P<num>\d{{1,4}})(?:[.．、](?!\d)|\s){_GAP}"),
    ("par", r"（(?P<num>\d{1,4})）[ \u3000、.]*"),
    ("rpar", rf"(?P<num>\d{{1,3}})）(?![\d%]){_GAP}"),
    ("rpcn", rf"(?P<num>[{_CN}]{{1,3}})）{_GAP}"),
) + tuple((name, rf"(?P<num>[{a}-{b}]){_GAP}") for name, (a, b) in SERIAL_MARKS.items())


def number_of(style: str, raw: str) -> int:
    """The number a mark of ``style`` stands for (``raw`` is its ``num`` group).

    Raises
    ------
    ValueError
        When ``raw`` is not a numeral.
    """
    if style in SERIAL_MARKS:
        return ord(raw) - ord(SERIAL_MARKS[style][0]) + 1
    return cn_to_int(raw)
