"""Positions against a set of spans of the text, by bisection: the one way extraction asks "is this
position inside one of those spans?" or "does one of these positions fall in this span?".

The steps of extraction ask it of every sentence, quantity or item against every clause, target or
table of the document. Asked by a pass over the spans each time, that made extraction quadratic (cubic
where it nested) in the document's length; a 10 MB plan took minutes. Built once, `Spans` and
`Positions` answer in O(log n).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable

__all__ = ["Spans", "Positions", "subtract", "windows"]


class Spans:
    """A set of half-open spans ``[a, b)`` (overlapping or not, in any order).

    Examples
    --------
    >>> s = Spans([(10, 20), (5, 8), (15, 30)])
    >>> [k in s for k in (4, 5, 8, 19, 29, 30)]
    [False, True, False, True, True, False]
    >>> 3 in Spans([])
    False
    >>> s.overlapping(7, 16)
    [(5, 8), (10, 20), (15, 30)]
    """

    __slots__ = ("_spans", "_starts", "_reach")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._spans = ordered
        self._starts = [a for a, _ in ordered]
        self._reach: list[int] = []  # _reach[k]: the furthest end among the first k + 1 spans
        for _, b in ordered:
            self._reach.append(max(b, self._reach[-1]) if self._reach else b)

    def __contains__(self, k: int) -> bool:
        """Whether ``a <= k < b`` for one of the spans."""
        i = bisect_right(self._starts, k) - 1  # the spans that start at or before k
        return i >= 0 and self._reach[i] > k

    def overlapping(self, a: int, b: int) -> list[tuple[int, int]]:
        """The spans that overlap ``[a, b)``, in sorted order (each as often as it was given)."""
        i = bisect_left(self._starts, b) - 1  # the spans that start before b …
        out = []
        while i >= 0 and self._reach[i] > a:  # … back to where none of the earlier ones reaches a
            if self._spans[i][1] > a:
                out.append(self._spans[i])
            i -= 1
        out.reverse()
        return out


class Positions:
    """A set of positions in the text.

    Examples
    --------
    >>> p = Positions([30, 4, 12])
    >>> p.any_in(10, 13), p.any_in(13, 30), p.any_in(4, 5)
    (True, False, True)
    """

    __slots__ = ("_sorted",)

    def __init__(self, positions: Iterable[int]) -> None:
        self._sorted = sorted(positions)

    def any_in(self, a: int, b: int) -> bool:
        """Whether one of the positions is in ``[a, b)``."""
        i = bisect_left(self._sorted, a)
        return i < len(self._sorted) and self._sorted[i] < b


def subtract(ranges: Iterable[tuple[int, int]], holes: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of ``ranges`` outside every hole (both half-open ``[a, b)``), in order.

    Examples
    --------
    >>> subtract([(0, 10), (20, 30)], [(2, 4), (8, 22)])
    [(0, 2), (4, 8), (22, 30)]
    """
    holes = sorted(holes)
    out = []
    for a, b in ranges:
        pos = a
        for ha, hb in holes:
            if hb <= pos or ha >= b:
                continue
            if ha > pos:
                out.append((pos, ha))
            pos = max(pos, hb)
        if pos < b:
            out.append((pos, b))
    return out


def windows(
    anchors: Iterable[tuple[int, int]], start: int, end: int, before: int, after: int
) -> list[tuple[int, int]]:
    """The stretches of ``[start, end)`` from ``before`` characters before each anchor span to ``after``
    characters after it, merged where they meet, in order (anchors in text order).

    A pattern of bounded width that must contain an anchor (a lead word, the colon ending a label) can
    only match inside these stretches, so searching them finds what a search of the whole range finds,
    without trying the pattern at every position of a long text.

    Examples
    --------
    >>> windows([(10, 12), (14, 15), (40, 42)], 0, 50, 3, 2)
    [(7, 17), (37, 44)]
    >>> windows([(1, 2)], 0, 50, 3, 2)
    [(0, 4)]
    """
    out: list[tuple[int, int]] = []
    for a, b in anchors:
        a, b = max(start, a - before), min(end, b + after)
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
