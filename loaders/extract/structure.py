"""Numbered structure of a plan: 一、 / （一） / 1. / （1） / ① / 第X条 / 第X章 / 一是.

Levels are not fixed by style: the first style met is the outermost, the next new style one level
deeper, and so on (as an outline is read), so a plan that starts at （一） or at 1. works too.
Inline items (一是…，二是…) live inside a paragraph and are always one level below the item
that holds them.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from loaders.read.normalize import cn_to_int
from loaders.vocab import numbering as N
from loaders.vocab import punctuation as P

__all__ = ["Item", "find_items"]

_CN = N.CN_NUMERALS
# Each style: (name, regex anchored where a mark starts), from the numbering table.
_LINE_STYLES: list[tuple[str, re.Pattern[str]]] = [(name, re.compile(rx)) for name, rx in N.STYLES]
# At the start of the text or after a sentence/line end. Written as "not after any other character"
# (one negative lookbehind), which the engine checks about twice as fast as two alternatives.
_INLINE = re.compile(rf"(?<![^。；：:！\n])[ \u3000]*(?P<marker>(?P<num>[{_CN}]+)是)[，、：]?")
_ARTICLE_LIKE = {"chapter", "article"}
_NOT_BRACKET = "[^" + re.escape(P.OPENERS + P.CLOSERS) + "]*"
_CLAUSE_HINT = re.compile(
    "[" + re.escape(P.OPENERS) + "]" + _NOT_BRACKET + "(?:负责|牵头|配合|参与|单位|部门)" + _NOT_BRACKET
    + "[" + re.escape(P.CLOSERS) + "]"
)


@dataclass
class Item:
    """A numbered item: its style, number, level and where it is."""

    style: str
    number: int
    marker: str  # the numbering as written, e.g. （一） or 1.
    start: int  # position of the marker
    body_start: int  # first character after the marker
    end: int = -1
    level: int = 0
    parent: Item | None = None
    children: list[Item] = field(default_factory=list)
    path: str = ""

    @property
    def id(self) -> str:
        return "".join(self.marker.split())

    def own_ranges(self) -> list[tuple[int, int]]:
        """The parts of this item's span not covered by its children."""
        out, pos = [], self.start
        for child in self.children:
            if child.start > pos:
                out.append((pos, child.start))
            pos = max(pos, child.end)
        if pos < self.end:
            out.append((pos, self.end))
        return out


def _number(style: str, raw: str) -> int:
    return N.number_of(style, raw)


# 11.121人才梯队项目: a number whose mark is followed by a digit reads as a decimal (1.5亿元), but it is an
# item when it continues the sequence of arabic-numbered items before it (10. then 11.).
_BEFORE_DIGIT = {
    "ar": re.compile(r"(?P<num>\d{1,4})[.．](?=\d)"),
    "rpar": re.compile(r"(?P<num>\d{1,3})）(?=\d)"),
}


# Any of those marks, as one pattern: most lines open with none, and one match says so at once. The
# styles stand in the order `_marker_at` tries them (each style's before-digit form after its own),
# one group each, so the group that matched is the first style worth trying.
_MARK_FORMS = [  # (group name, index of the style in _LINE_STYLES, pattern)
    (f"s{k}_{j}", k, rx)
    for k, (style, own) in enumerate(_LINE_STYLES)
    for j, rx in enumerate((own, *((_BEFORE_DIGIT[style],) if style in _BEFORE_DIGIT else ())))
]
_ANY_MARK = re.compile(
    "|".join(f"(?P<{name}>" + re.sub(r"\(\?P<\w+>", "(?:", rx.pattern) + ")" for name, _, rx in _MARK_FORMS)
)
_STYLE_OF = {name: k for name, k, _ in _MARK_FORMS}


def _marker_at(text: str, pos: int, last: dict[str, int]) -> tuple[str, int, int] | None:
    """The numbering mark starting at ``text[pos]``: (style, number, end of the mark), or None."""
    first = _ANY_MARK.match(text, pos)
    if first is None:
        return None
    for style, rx in _LINE_STYLES[_STYLE_OF[first.lastgroup] :]:  # no style before it matches here
        m = rx.match(text, pos)
        if not m and style in _BEFORE_DIGIT:
            m = _BEFORE_DIGIT[style].match(text, pos)
            if not m or int(m.group("num")) != last.get(style, 0) + 1:
                continue
        if not m:
            continue
        # A bare number followed by a unit or a year is not a heading ("2025年", "3个", "1.5亿元").
        if style in ("ar", "dec2", "dec3") and _AR_NOT_HEADING.match(text, pos):
            continue
        try:
            return style, _number(style, m.group("num")), m.end()
        except ValueError:
            continue
    return None


# A line this long is a flattened copy (a whole plan, or a whole section, on one line: web and
# database copies): its items are found after sentence ends too, where they continue a sequence.
FLAT_LINE = 1000
FEW_LINES = 3  # a whole plan on this many lines or fewer is flattened whatever their length
_AR_NOT_HEADING = re.compile(r"\d{1,4}(?:[.．]\d{1,2}){0,2}\s*[年月日%个件项家万亿元倍人次台亩吨米]")
# Where an item may start inside a flattened line: after a sentence end or a closing bracket, or at
# a mark distinctive enough to stand after a heading with no punctuation (（二）, 三、, 第四条).
_FLAT_START = re.compile(
    rf"(?<=[。；！？）〕\]：:\s])[ \u3000]*(?=\S)|(?=（[{_CN}]+）|(?<![{_CN}])[{_CN}]+、|第[{_CN}\d]+[章条])"
    rf"|(?<=[\u4e00-\u9fff])(?=\d{{1,3}}[.．、][ \u3000]*[\u4e00-\u9fff]|（\d{{1,3}}）|[\u2460-\u2473])"
)
_ENUMERATION = re.compile(rf"[{_CN}]+、[ \u3000]*[{_CN}]+(?:、|等|是|类|级|档)")
# Marks found only by that last form (after a word, with no punctuation: 政策内容1.完善…) must be
# confirmed: the next number of the same style follows later in the line.
_CONFIRM = {"ar": r"(?<![\d.．]){n}[.．、]", "par": r"（{n}）", "circled": None}


def _flat_marks(text: str, base: int, items: list[Item], seen: dict[str, int]) -> None:
    """Items inside one flattened line: each mark must continue its style's sequence (the next
    number, or 1 to open a new list), so a stray 2. or （一） in a sentence is not an item. ``seen``
    holds the number of the last item of each style so far, and is kept up to date."""
    for m in _FLAT_START.finditer(text):
        pos = m.end()
        if pos == 0 or pos >= len(text):
            continue
        found = _marker_at(text, pos, seen)
        if found is None:
            continue
        style, num, end = found
        if num != seen.get(style, 0) + 1 and num != 1:
            continue
        after_word = pos > 0 and "\u4e00" <= text[pos - 1] <= "\u9fff"
        continues = seen.get(style, 0) > 0 and num == seen[style] + 1
        if after_word and not (continues or _confirmed(text, end, style, num)):
            continue
        if style == "cn" and (_ENUMERATION.match(text, pos) or (after_word and not continues)):
            continue  # 一、二、三等奖, 多测合一、联合验收: numerals in a sentence, not a heading
        if items and items[-1].start >= base + pos:
            continue
        seen[style] = num
        items.append(Item(style, num, text[pos:end].strip(), base + pos, base + end))


def _confirmed(text: str, pos: int, style: str, num: int) -> bool:
    """Whether mark ``num + 1`` of ``style`` follows in ``text[pos:]`` (a list goes on)."""
    if style == "circled":
        return chr(0x2460 + num) in text[pos:]
    if style not in _CONFIRM:
        return True
    return re.search(_CONFIRM[style].format(n=num + 1), text[pos:]) is not None


def _line_items(folded: str) -> list[Item]:
    items: list[Item] = []
    seen: dict[str, int] = {}  # the number of the last item of each style
    lines = list(re.finditer(r"[^\n]+", folded))
    few_lines = sum(1 for line in lines if line.group().strip()) <= FEW_LINES
    for line in lines:
        text = line.group()
        if " | " in text:  # a table row (see loaders.read.formats); tables are read by loaders.extract.tables
            continue
        lead = len(text) - len(text.lstrip(" \u3000\r"))
        found = _marker_at(text, lead, seen)
        if found is not None:
            style, num, end = found
            seen[style] = num
            items.append(Item(style, num, text[lead:end].strip(), line.start() + lead, line.start() + end))
        if len(text) > FLAT_LINE or few_lines:
            _flat_marks(text, line.start(), items, seen)
    return items


def _nest(items: list[Item], text_end: int) -> list[Item]:
    """Give each item a level, a parent and an end, reading styles as an outline."""
    stack: list[Item] = []
    style_order: list[str] = []
    for item in items:
        if item.style not in style_order:
            style_order.append(item.style)
        # Pop to the innermost open item of the same style (a sibling) or an outer one.
        while stack and stack[-1].style != item.style and item.style in [s.style for s in stack]:
            stack.pop()
        if stack and stack[-1].style == item.style:
            stack.pop()
        item.parent = stack[-1] if stack else None
        item.level = (item.parent.level + 1) if item.parent else 1
        if item.parent:
            item.parent.children.append(item)
        stack.append(item)
    # Ends: the next item that is not a descendant, or the end of the text. One pass: the items still
    # open are on a stack (levels rising to the top), and an item closes every open one at its level
    # or deeper (a scan of the later items for each item, copying them, was quadratic).
    still_open: list[Item] = []
    for later in items:
        while still_open and still_open[-1].level >= later.level:
            still_open.pop().end = later.start
        still_open.append(later)
    for item in still_open:
        item.end = text_end
    return items


def _add_inline(items: list[Item], folded: str) -> None:
    """Split paragraphs holding 一是…二是… into inline items (only when 一是 starts a run)."""
    containers = [it for it in items if not it.children] or []
    for parent in containers:
        seg = folded[parent.body_start : parent.end]
        if "是" not in seg:  # no 一是 … in this paragraph
            continue
        marks = list(_INLINE.finditer(seg))
        nums = [cn_to_int(m.group("num")) if all(c in _CN for c in m.group("num")) else 0 for m in marks]
        if len(marks) < 2 or nums[0] != 1:
            continue
        run, expected = [], 1
        for m, n in zip(marks, nums, strict=True):
            if n == expected:
                run.append(m)
                expected += 1
        if len(run) < 2:
            continue
        bounds = [parent.body_start + m.start("marker") for m in run] + [parent.end]
        para_end = folded.find("\n", bounds[-2])
        if para_end != -1 and para_end < bounds[-1]:
            bounds[-1] = para_end
        # Inline items are tasks only when they carry their own clauses; one clause closing the
        # paragraph (一是…；二是…。（责任单位：A）) belongs to the whole item, which stays unsplit.
        with_clause = sum(1 for a, b in itertools.pairwise(bounds) if _CLAUSE_HINT.search(folded, a, b))
        if with_clause < 2:
            continue
        for k, m in enumerate(run):
            start = parent.body_start + m.start("marker")
            child = Item("inline", k + 1, m.group("marker"), start, parent.body_start + m.end())
            child.parent = parent
            child.level = parent.level + 1
            child.end = parent.body_start + run[k + 1].start("marker") if k + 1 < len(run) else parent.end
            parent.children.append(child)
            # Trim trailing white space/newlines from an inline item's end.
        last = parent.children[-1]
        para_end = folded.find("\n", last.start)
        if para_end != -1 and para_end < last.end:
            last.end = para_end


def _paths(items: list[Item]) -> None:
    counters: dict[int | None, int] = {}

    def walk(item: Item, prefix: str) -> None:
        key = id(item.parent) if item.parent else None
        counters[key] = counters.get(key, 0) + 1
        item.path = f"{prefix}{counters[key]}"
        for child in item.children:
            walk(child, item.path + ".")

    for item in items:
        if item.parent is None:
            walk(item, "")


def find_items(folded: str) -> list[Item]:
    """All numbered items of ``folded`` text, top-level first in document order.

    Returns a flat list in document order (inline items included); each item knows its parent,
    children, level, end and a unique dotted ``path`` such as ``3.12``.
    """
    items = _nest(_line_items(folded), len(folded))
    _add_inline(items, folded)
    _paths(items)
    flat: list[Item] = []

    def walk(item: Item) -> None:
        flat.append(item)
        for child in item.children:
            walk(child)

    for item in items:
        if item.parent is None:
            walk(item)
    return flat
