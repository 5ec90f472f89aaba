"""Doubt in an answer: how many of its rows rest on tasks marked for checking or on corrected facts.

An extraction warning of level ``check`` says a task's units, roles or title are probably wrong; a correction
says a researcher changed them (`kg.graph.flags`, `kg.review.provenance`). The library query ``flagged-tasks``
lists both; `Doubt` counts the answer's rows whose ``task`` is among them, and `Doubt.sentence` says so in
the answer (``3 of 22 rows come from tasks marked for checking``). Answers whose rows name no task (counts,
rankings) carry no such sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Marks", "Doubt", "read_marks", "doubt_of"]


@dataclass(frozen=True)
class Marks:
    """The IRIs of the tasks a ``check`` warning concerns (``flagged``) and of the corrected ones."""

    flagged: frozenset[str] = frozenset()
    corrected: frozenset[str] = frozenset()


def read_marks(rows: Iterable[Mapping[str, Any]]) -> Marks:
    """`Marks` from the rows of the ``flagged-tasks`` query (``task``, ``checks``, ``corrections``).

    Examples
    --------
    >>> rows = [{"task": "t1", "checks": 2, "corrections": 0}, {"task": "t2", "checks": 0, "corrections": 1}]
    >>> m = read_marks(rows)
    >>> sorted(m.flagged), sorted(m.corrected)
    (['t1'], ['t2'])
    """
    rows = list(rows)
    return Marks(
        frozenset(str(r["task"]) for r in rows if r.get("checks")),
        frozenset(str(r["task"]) for r in rows if r.get("corrections")),
    )


@dataclass(frozen=True)
class Doubt:
    """How many of ``rows`` rows rest on tasks marked for checking (``flagged``) or corrected."""

    rows: int
    flagged: int = 0
    corrected: int = 0

    def sentence(self) -> str:
        """The sentence the answer ends with, in Chinese and English; empty when no row is marked.

        Examples
        --------
        >>> Doubt(22, 3).sentence()
        '（22 行中 3 行来自需核查的任务 — 3 of 22 rows come from tasks marked for checking）'
        >>> Doubt(10, 1, 2).sentence().split(" — ")  # doctest: +NORMALIZE_WHITESPACE
        ['（10 行中 1 行来自需核查的任务，2 行来自已更正的任务',
         '1 of 10 rows come from tasks marked for checking, 2 from corrected tasks）']
        >>> Doubt(5).sentence()
        ''
        """
        zh, en = [], []
        for n, zh_what, en_what in (
            (self.flagged, "需核查的任务", "tasks marked for checking"),
            (self.corrected, "已更正的任务", "corrected tasks"),
        ):
            if n:
                zh.append(f"{n} 行来自{zh_what}")
                en.append(f"{n} of {self.rows} rows come from {en_what}" if not en else f"{n} from {en_what}")
        return f"（{self.rows} 行中 {'，'.join(zh)} — {', '.join(en)}）" if zh else ""

    def to_dict(self) -> dict[str, int]:
        return {"rows": self.rows, "flagged": self.flagged, "corrected": self.corrected}


def doubt_of(rows: list[Mapping[str, Any]], marks: Marks | Callable[[], Marks]) -> Doubt | None:
    """The `Doubt` of an answer's rows, or None when they name no task (``marks`` may be a function that
    reads them, called only when needed).

    Examples
    --------
    >>> marks = Marks(frozenset({"t1"}), frozenset({"t2"}))
    >>> doubt_of([{"task": "t1"}, {"task": "t2"}, {"task": "t3"}], marks)
    Doubt(rows=3, flagged=1, corrected=1)
    >>> doubt_of([{"agency": "a"}], marks) is None
    True
    """
    if not rows or "task" not in rows[0]:
        return None
    if callable(marks):
        marks = marks()
    tasks = [str(r.get("task")) for r in rows]
    return Doubt(len(rows), sum(t in marks.flagged for t in tasks), sum(t in marks.corrected for t in tasks))
