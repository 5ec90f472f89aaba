"""Undo the layout of a copied text: lines wrapped at a page's width and spaces inside words.

A plan copied out of a PDF arrives with a line break wherever the page ended a line — in the middle of
a name, a label or a role verb (``配合\\n单位``, ``按职责分工\\n负责``) — and with single spaces that
justified lines left between characters (``区 市场监管局``). The parsers read structure from the
numbering, not from line breaks, so `compact` gives them the text without these, with an index back
to the original: every span the extractor reports still points into the text as decoded.

A break is soft when the text is wrapped (many lines of the same length, the page's width) and the
line before it is full; a break before a numbered line stays. A single space
between two Chinese characters goes; wider gaps (columns of a signature) stay.

Examples
--------
>>> text = "（一）建设平台。由市数据局会同市财\\n政局负责。\\n（二）培育企业。"
>>> compact(text) is None  # one short break: not a wrapped text
True
>>> joined, index = compact("区 市场监管局牵头")
>>> joined, index[1]
('区市场监管局牵头', 2)
"""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["compact", "is_wrapped", "WRAP_SHARE"]

WRAP_SHARE = 0.4  # the share of lines at the page's width that makes a text wrapped
_MIN_LINES = 8
_WIDTH_SLACK = (2, 4)  # a full line is this much shorter or longer than the width (punctuation, digits)
_CJK = "\u4e00-\u9fff"
_CJK_MARKS = "、，。；：（）〔〕【】《》“”"
# The space first, then what stands before it: a pattern that opens with a character class lets the
# regex engine skip ahead to the next space instead of trying the look-behind at every position.
_LONE_SPACE = re.compile(rf"[ \u3000](?<=[{_CJK}{_CJK_MARKS}][ \u3000])(?=[{_CJK}{_CJK_MARKS}])")
_NUMBERED = re.compile(
    r"[ \u3000]*(?:[（(〔]?[一二三四五六七八九十\d]{1,3}[）)〕、.．](?!\d)"
    r"|第[一二三四五六七八九十\d]+[章条节]|[①-⑳⑴-⒇⒈-⒛㈠-㈩]|[一二三四五六七八九十]+是)"
)


_LATIN_SPACE = re.compile(r"[ \u3000](?<=[A-Za-z0-9][ \u3000])(?=[A-Za-z0-9])")
_LATIN_RUN = 10
_DIGIT_MARK = re.compile(r"\d{1,3}[.．、]")


def _width(lengths: list[int]) -> int | None:
    """The page width of a wrapped text, or None when the text is not wrapped."""
    long = [n for n in lengths if n >= 10]
    if len(long) < _MIN_LINES:
        return None
    width, _ = Counter(long).most_common(1)[0]
    lo, hi = width - _WIDTH_SLACK[0], width + _WIDTH_SLACK[1]
    full = sum(1 for n in long if lo <= n <= hi)
    # A page has a width: almost no line is longer than it (paragraphs of a text that was not
    # wrapped are of every length, many longer than any common one).
    longer = sum(1 for n in lengths if n > hi)
    wrapped = width >= 15 and full >= max(_MIN_LINES, WRAP_SHARE * len(long)) and longer <= 0.1 * len(lengths)
    return width if wrapped else None


def is_wrapped(text: str) -> bool:
    """Whether the text's lines were wrapped at a page's width (a PDF or a fixed-width copy).

    Examples
    --------
    >>> is_wrapped("一、总体要求\\n为推进数字经济发展，制定本方案。\\n")
    False
    """
    lines = [ln.strip() for ln in text.split("\n")]
    return _width([len(ln) for ln in lines if ln and "|" not in ln and "\t" not in ln]) is not None


def _soft_breaks(text: str) -> set[int]:
    """Offsets of the line breaks that only the page's width made."""
    lines = text.split("\n")
    stripped = [ln.strip() for ln in lines]
    width = _width([len(s) for s in stripped if s and "|" not in s and "\t" not in s])
    if width is None:
        return set()
    out: set[int] = set()
    pos = 0
    for k, line in enumerate(lines[:-1]):
        pos += len(line)  # pos is now the offset of the "\n" after this line
        s, nxt = stripped[k], stripped[k + 1]
        full = width - _WIDTH_SLACK[0] <= len(s) <= width + _WIDTH_SLACK[1]
        table = "|" in line or "\t" in line or "|" in lines[k + 1] or "\t" in lines[k + 1]
        # A numbered line starts an item or a paragraph (11.121人才… too, after a sentence's end).
        hard = _NUMBERED.match(nxt) is not None or (s.endswith(("。", "）", ")")) and _DIGIT_MARK.match(nxt))
        if full and nxt and not table and not hard:
            out.add(pos)
        pos += 1
    return out


def _spaces_in_latin_runs(text: str) -> list[int]:
    """Lone spaces inside a short run of Latin letters or digits written between Chinese characters
    (各OP C社区): a justified line split the run, which is one word."""
    out = []
    for m in _LATIN_SPACE.finditer(text):
        a = m.start()
        while a > 0 and (text[a - 1].isascii() and text[a - 1].isalnum()):
            a -= 1
        b = m.end()
        while b < len(text) and (text[b].isascii() and text[b].isalnum()):
            b += 1
        chinese = a > 0 and _is_cjk(text[a - 1]) and b < len(text) and _is_cjk(text[b])
        if chinese and b - a <= _LATIN_RUN + 1:
            out.append(m.start())
    return out


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def compact(text: str) -> tuple[str, list[int]] | None:
    """The text without soft line breaks and lone spaces between Chinese characters, and for each of
    its characters the offset of that character in ``text``; None when there is nothing to remove.

    Spaces at the ends of the joined lines go with the break.
    """
    drop: set[int] = set()
    for pos in _soft_breaks(text):
        drop.add(pos)
        a = pos - 1
        while a >= 0 and text[a] in " \u3000\r":
            drop.add(a)
            a -= 1
        b = pos + 1
        while b < len(text) and text[b] in " \u3000":
            drop.add(b)
            b += 1
    # Names are as written with white space removed (the contract): a lone space never splits one.
    if " " in text or "\u3000" in text:  # a text without spaces (most) needs neither scan
        drop.update(m.start() for m in _LONE_SPACE.finditer(text))
        drop.update(_spaces_in_latin_runs(text))
    if not drop:
        return None
    index = [i for i in range(len(text)) if i not in drop]
    return "".join(text[i] for i in index), index
