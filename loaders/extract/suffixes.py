"""Which of many words a piece of text ends with, in a few dictionary lookups.

The clause reader asks of every piece of a clause whether it ends with a role verb (about 2,000
generated forms: ``牵头``, ``负责牵头``, ``牵头负责``, …) or a lead marker (``（牵头）``, ``【牵头】``, …).
Trying each word with ``str.endswith`` costs a pass over the list per piece; a `SuffixTable` keeps
the words by their last character and length, so a lookup slices the piece once per length a word of
that ending can have and looks the slice up.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["SuffixTable"]


class SuffixTable:
    """Words in order of priority; `match` gives the first of them that a text ends with.

    Parameters
    ----------
    words : iterable of str
        The words, highest priority first (a word given twice keeps its first place).

    Examples
    --------
    >>> t = SuffixTable(["牵头负责", "负责", "牵头"])
    >>> t.match("区科技局牵头负责"), t.match("区财政局负责"), t.match("区财政局配合")
    ('牵头负责', '负责', None)
    >>> t.match("区科技局牵头", 0, 4), t.match("区科技局牵头", 0, 6)
    (None, '牵头')
    """

    __slots__ = ("_rank", "_lengths")

    def __init__(self, words: Iterable[str]) -> None:
        self._rank: dict[str, int] = {}
        lengths: dict[str, set[int]] = {}
        for word in words:
            if word and word not in self._rank:
                self._rank[word] = len(self._rank)
                lengths.setdefault(word[-1], set()).add(len(word))
        self._lengths = {last: tuple(sorted(ls)) for last, ls in lengths.items()}

    def match(self, text: str, start: int = 0, end: int | None = None) -> str | None:
        """The highest-priority word that ``text[start:end]`` ends with, or None."""
        end = len(text) if end is None else end
        if end <= start:
            return None
        lengths = self._lengths.get(text[end - 1])
        if lengths is None:
            return None
        best, best_rank = None, len(self._rank)
        for n in lengths:
            if n > end - start:
                break
            rank = self._rank.get(text[end - n : end])
            if rank is not None and rank < best_rank:
                best, best_rank = text[end - n : end], rank
        return best
