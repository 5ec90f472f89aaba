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

__all__ = ["Item", "find_items"]

_CN = "一二三四五六七八九十百零〇两"
# Each style: (name, regex anchored at a line start after optional blanks). Group "num" is the numeral.
_LINE_STYLES: list[tuple[str, re.Pattern[str]]] = [
    ("chapter", re.compile(rf"第(?P<num>[{_CN}\d]+)(?:章|部分|篇)[ \u3000]*")),
    ("article", re.compile(rf"第(?P<num>[{_CN}\d]+)条[ \u3000]*")),
    ("cn", re.compile(rf"(?P<num>[{_CN}]+)[、.．][ \u3000]*")),
    ("pcn", re.compile(rf"（(?P<num>[{_CN}]+)）[ \u3000、.]*")),
    ("ar", re.compile(r"(?P<num>\d{1,4})(?:[.．、](?!\d)|\s)[ \u3000]*")),
    ("par", re.compile(r"（(?P<num>\d{1,4})）[ \u3000、.]*")),
    ("circled", re.compile(r"(?P<num>[\u2460-\u2473])[ \u3000]*")),
]
# At the start of the text or after a sentence/line end. Written as "not after any other character"
# (one negative lookbehind), which the engine checks about twice as fast as two alternatives.
_INLINE = re.compile(rf"(?<![^。；：:！\n])[ \u3000]*(?P<marker>(?P<num>[{_CN}]+)是)[，、：]?")
_ARTICLE_LIKE = {"chapter", "article"}
_CLAUSE_HINT = re.compile(r"（[^（）]*(?:负责|牵头|配合|参与|单位|部门)[^（）]*）")


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
    if style == "circled":
        return ord(raw) - 0x2460 + 1
    return cn_to_int(raw)


def _line_items(folded: str) -> list[Item]:
    items: list[Item] = []
    for line in re.finditer(r"[^\n]+", folded):
        text = line.group()
        if " | " in text:  # a table row (see loaders.read.formats); tables are read by loaders.extract.tables
            continue
        lead = len(text) - len(text.lstrip(" \u3000\r"))
        for style, rx in _LINE_STYLES:
            m = rx.match(text, lead)
            if not m:
                continue
            # A bare number followed by a unit or a year is not a heading ("2025年", "3个").
            if style == "ar" and re.match(r"\d{1,4}\s*[年月日%个件项家万亿]", text[lead:]):
                continue
            try:
                num = _number(style, m.group("num"))
            except ValueError:
                continue
            marker = text[lead : m.end()].strip()
            items.append(Item(style, num, marker, line.start() + lead, line.start() + m.end()))
            break
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
