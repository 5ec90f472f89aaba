"""A document's full text as HTML with every extracted fact marked at its span.

The spans of one document nest: a section holds its tasks, a task its responsibility clause's agency
names, a goal its targets. `highlight` turns the spans into nested elements over the escaped text —
a leaf (an agency name, a target) becomes a link to its page, a container (a section, task, safeguard,
goal) a ``<span>`` that starts with a small link to its page — so the text reads as written, with the
facts on it. A span that crosses the end of the one it starts in is cut there (it cannot nest).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

__all__ = ["Mark", "highlight"]


@dataclass
class Mark:
    """One fact on the text: ``text[start:end]``, its CSS ``kind``, the page it links to (``href``) and
    a tooltip (``title``); ``container`` marks are spans with a link at their start, others links."""

    start: int
    end: int
    kind: str
    href: str = ""
    title: str = ""
    container: bool = False
    anchor: str = ""
    children: list[Mark] = field(default_factory=list, repr=False)


def _nest(marks: list[Mark], length: int) -> list[Mark]:
    """The marks as a forest: each mark inside the innermost one that holds its start."""
    ordered = sorted((m for m in marks if 0 <= m.start < m.end <= length),
                     key=lambda m: (m.start, -m.end, not m.container))
    roots: list[Mark] = []
    stack: list[Mark] = []
    for mark in ordered:
        mark.children = []
        while stack and mark.start >= stack[-1].end:
            stack.pop()
        if stack and mark.end > stack[-1].end:
            mark.end = stack[-1].end  # crosses its parent's end: cut
        (stack[-1].children if stack else roots).append(mark)
        stack.append(mark)
    return roots


def _attrs(mark: Mark) -> str:
    parts = [f'class="fact {html.escape(mark.kind)}"']
    if mark.anchor:
        parts.append(f'id="{html.escape(mark.anchor)}"')
    if mark.title:
        parts.append(f'title="{html.escape(mark.title)}"')
    return " ".join(parts)


def _render(text: str, start: int, end: int, marks: list[Mark], out: list[str]) -> None:
    at = start
    for mark in marks:
        out.append(html.escape(text[at:mark.start]))
        if mark.container:
            out.append(f"<span {_attrs(mark)}>")
            if mark.href:
                out.append(f'<a class="to-page" href="{html.escape(mark.href)}" '
                           f'aria-label="{html.escape(mark.title or mark.kind)}">↗</a>')
            _render(text, mark.start, mark.end, mark.children, out)
            out.append("</span>")
        elif mark.href:
            out.append(f'<a {_attrs(mark)} href="{html.escape(mark.href)}">')
            _render(text, mark.start, mark.end, mark.children, out)
            out.append("</a>")
        else:
            out.append(f"<mark {_attrs(mark)}>")
            _render(text, mark.start, mark.end, mark.children, out)
            out.append("</mark>")
        at = mark.end
    out.append(html.escape(text[at:end]))


def highlight(text: str, marks: list[Mark]) -> str:
    """The text as HTML (escaped) with the marks as nested elements.

    Examples
    --------
    >>> marks = [Mark(0, 9, "task", "/id/t", "task 1", container=True),
    ...          Mark(5, 8, "lead", "/id/a", "lead")]
    >>> page = highlight("（一）任务区法院。<b>", marks)
    >>> page.split("↗</a>")[0]
    '<span class="fact task" title="task 1"><a class="to-page" href="/id/t" aria-label="task 1">'
    >>> page.split("↗</a>")[1]
    '（一）任务<a class="fact lead" title="lead" href="/id/a">区法院</a>。</span>&lt;b&gt;'
    """
    out: list[str] = []
    _render(text, 0, len(text), _nest(list(marks), len(text)), out)
    return "".join(out)
