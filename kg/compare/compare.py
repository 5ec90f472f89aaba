"""The comparison of two documents of one KG, as frozen records.

`compare_documents` reads both documents (`kg.compare.data`), aligns their tasks by their wording
(`kg.compare.align`) and assembles a `Comparison`:

- the matched tasks, their responsibilities side by side, compared by agency *function* (``pkg:hasFunction``,
  so 重庆市市场监督管理局 and 长寿区市场监督管理局 are the same) — or, in a KG without functions, by the
  agency's canonical name without its jurisdiction (市场监督管理局), which `Comparison.compared_by` says;
- the tasks in one document only;
- the targets paired by indicator, year and kind (level or growth), with the difference B − A when the
  units agree and the mismatch flagged when they do not;
- the agencies (by canonical name) and functions present in one document only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .align import MIN_Z, NGRAMS, THRESHOLD, TITLE_WEIGHT, align, task_text
from .data import (
    DocumentRef,
    ResponsibilityRow,
    TargetRow,
    TaskRow,
    canonical_name,
    find_document,
    read_responsibilities,
    read_targets,
    read_tasks,
)

__all__ = ["BY_FUNCTION", "BY_NAME", "Agency", "TaskSide", "MatchedTask", "TargetComparison", "Presence",
           "Comparison", "compare_documents"]

BY_FUNCTION = "function"
BY_NAME = "canonical name"


@dataclass(frozen=True)
class Agency:
    """An agency named in a task: as written, its full name, its function (a label, when the KG has one)
    and what it is compared by (`key`: the function, else the canonical name)."""

    name: str
    full_name: str | None
    function: str | None
    canonical: str

    @property
    def key(self) -> str:
        return self.function or self.canonical


@dataclass(frozen=True)
class TaskSide:
    """One task of one document: IRI, number as written, title, lead and cooperating agencies."""

    task: str
    id: str
    title: str | None
    lead: tuple[Agency, ...]
    cooperating: tuple[Agency, ...]

    @property
    def lead_keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.key for a in self.lead))

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.key for a in (*self.lead, *self.cooperating)))


def _minus(a: Sequence[str], b: Sequence[str]) -> tuple[str, ...]:
    other = set(b)
    return tuple(x for x in a if x not in other)


@dataclass(frozen=True)
class MatchedTask:
    """Two tasks aligned by their text, with their responsibilities compared by function (or name)."""

    a: TaskSide
    b: TaskSide
    similarity: float

    @property
    def same_lead(self) -> bool:
        """Whether the lead agencies of both tasks have the same functions (names)."""
        return set(self.a.lead_keys) == set(self.b.lead_keys)

    @property
    def lead_relation(self) -> str:
        """``same`` (the same lead functions), ``overlap`` (some shared, as when a province lists three
        leads and the city one of them) or ``different`` (none shared)."""
        a, b = set(self.a.lead_keys), set(self.b.lead_keys)
        return "same" if a == b else "overlap" if a & b else "different"

    @property
    def lead_only_a(self) -> tuple[str, ...]:
        return _minus(self.a.lead_keys, self.b.lead_keys)

    @property
    def lead_only_b(self) -> tuple[str, ...]:
        return _minus(self.b.lead_keys, self.a.lead_keys)

    @property
    def responsible_only_a(self) -> tuple[str, ...]:
        """Functions (names) responsible for the task — lead or cooperating — in A only."""
        return _minus(self.a.keys, self.b.keys)

    @property
    def responsible_only_b(self) -> tuple[str, ...]:
        return _minus(self.b.keys, self.a.keys)


@dataclass(frozen=True)
class TargetComparison:
    """A target of A and of B with the same indicator, year and kind (either may be missing)."""

    indicator: str
    year: int | None
    growth: bool
    value_a: float | None
    unit_a: str | None
    value_b: float | None
    unit_b: str | None

    @property
    def unit_mismatch(self) -> bool:
        return self.unit_a is not None and self.unit_b is not None and self.unit_a != self.unit_b

    @property
    def difference(self) -> float | None:
        """B − A, when both documents set the target in the same unit."""
        if self.value_a is None or self.value_b is None or self.unit_mismatch:
            return None
        return round(self.value_b - self.value_a, 6)


@dataclass(frozen=True)
class Presence:
    """An agency (by canonical name) or function present in one document only, with the full names that
    stand for it there."""

    key: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    """The comparison of document ``a`` with document ``b`` (see the module's description)."""

    a: DocumentRef
    b: DocumentRef
    compared_by: str
    threshold: float
    title_weight: float
    min_z: float
    matched: tuple[MatchedTask, ...]
    only_a: tuple[TaskSide, ...]
    only_b: tuple[TaskSide, ...]
    targets: tuple[TargetComparison, ...]
    agencies_only_a: tuple[Presence, ...]
    agencies_only_b: tuple[Presence, ...]
    functions_only_a: tuple[Presence, ...]
    functions_only_b: tuple[Presence, ...]

    @property
    def changed(self) -> tuple[MatchedTask, ...]:
        """The matched tasks whose lead functions (names) differ."""
        return tuple(m for m in self.matched if not m.same_lead)

    @property
    def method(self) -> str:
        grams = "–".join(map(str, NGRAMS))
        return (f"character {grams}-gram TF-IDF cosine, title weight {self.title_weight:g}, optimal "
                f"one-to-one assignment, threshold {self.threshold:g} and {self.min_z:g} robust SDs above "
                "the background")


# ------------------------------------------------------------------ assembling
def _agency(row: ResponsibilityRow) -> Agency:
    return Agency(row.as_written, row.full_name, row.function_label or row.function, canonical_name(row))


def _sides(tasks: Sequence[TaskRow], resps: Sequence[ResponsibilityRow]) -> list[TaskSide]:
    by_task: dict[str, list[ResponsibilityRow]] = {}
    for r in resps:
        by_task.setdefault(r.task, []).append(r)
    out = []
    for t in tasks:
        rows = by_task.get(t.iri, [])
        lead = tuple(dict.fromkeys(_agency(r) for r in rows if r.lead))
        coop = tuple(dict.fromkeys(_agency(r) for r in rows if not r.lead))
        out.append(TaskSide(t.iri, t.id, t.title, lead, coop))
    return out


def _texts(tasks: Sequence[TaskRow], resps: Sequence[ResponsibilityRow]) -> list[tuple[str, str]]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for r in resps:
        if r.start is not None and r.end is not None:
            spans.setdefault(r.task, []).append((r.start, r.end))
    return [task_text(t.title, t.quote, t.start, spans.get(t.iri, ()), t.id) for t in tasks]


def _targets(a: Iterable[TargetRow], b: Iterable[TargetRow]) -> tuple[TargetComparison, ...]:
    def grouped(rows: Iterable[TargetRow]) -> dict[tuple, list[TargetRow]]:
        out: dict[tuple, list[TargetRow]] = {}
        for r in rows:
            out.setdefault((r.indicator, r.year, r.growth), []).append(r)
        return out

    ga, gb = grouped(a), grouped(b)
    rows = []
    for key in sorted(set(ga) | set(gb), key=lambda k: (k[0], k[1] is None, k[1] or 0, k[2])):
        xs, ys = ga.get(key, []), gb.get(key, [])
        for k in range(max(len(xs), len(ys))):  # several targets on one key pair up in text order
            x = xs[k] if k < len(xs) else None
            y = ys[k] if k < len(ys) else None
            rows.append(TargetComparison(key[0], key[1], key[2], x and x.value, x and x.unit,
                                         y and y.value, y and y.unit))
    return tuple(rows)


def _presence(sides: Sequence[TaskSide], other: Sequence[TaskSide], of: str) -> tuple[Presence, ...]:
    def names(ss: Sequence[TaskSide]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for s in ss:
            for ag in (*s.lead, *s.cooperating):
                key = ag.canonical if of == "agency" else ag.function
                if key:
                    full = ag.full_name or ag.name
                    if full not in out.setdefault(key, []):
                        out[key].append(full)
        return out

    mine, theirs = names(sides), names(other)
    return tuple(Presence(k, tuple(sorted(v))) for k, v in sorted(mine.items()) if k not in theirs)


def compare_documents(graph: Any, a: str, b: str, threshold: float = THRESHOLD,
                      title_weight: float = TITLE_WEIGHT, min_z: float = MIN_Z) -> Comparison:
    """Compare documents ``a`` and ``b`` of the open KG ``graph`` (each named by its identifier, source
    file, file name or title — see `kg.compare.data.find_document`).

    Parameters
    ----------
    graph
        The KG, opened with `kg.sparql.store.open_kg`, or a `kg.compare.data.Endpoint`.
    a, b : str
        The two documents; A is usually the higher-level plan (the city's), B the one implementing it.
    threshold : float
        The least text similarity of two tasks taken as the same task (`kg.compare.align.THRESHOLD`).
    title_weight : float
        The share of the title in the similarity (`kg.compare.align.TITLE_WEIGHT`).
    min_z : float
        How far above the background similarity a pair must be (`kg.compare.align.MIN_Z`).

    Returns
    -------
    Comparison

    Examples
    --------
    >>> from kg.sparql.store import open_kg
    >>> c = compare_documents(open_kg("out/kg.ttl"), "changshou-ip-plan", "changshou-ip-plan.txt")
    >>> len(c.matched), len(c.only_a), len(c.changed), c.compared_by in (BY_FUNCTION, BY_NAME)
    (12, 0, 0, True)
    """
    docs = (find_document(graph, a), find_document(graph, b))
    tasks = [read_tasks(graph, d) for d in docs]
    resps = [read_responsibilities(graph, d) for d in docs]
    sides = [_sides(t, r) for t, r in zip(tasks, resps, strict=True)]
    pairs = align(_texts(tasks[0], resps[0]), _texts(tasks[1], resps[1]), threshold, title_weight, min_z)
    matched = tuple(MatchedTask(sides[0][p.a], sides[1][p.b], p.similarity) for p in pairs)
    used_a, used_b = {p.a for p in pairs}, {p.b for p in pairs}
    by_function = any(r.function for rs in resps for r in rs)
    return Comparison(
        a=docs[0], b=docs[1], compared_by=BY_FUNCTION if by_function else BY_NAME,
        threshold=threshold, title_weight=title_weight, min_z=min_z, matched=matched,
        only_a=tuple(s for i, s in enumerate(sides[0]) if i not in used_a),
        only_b=tuple(s for j, s in enumerate(sides[1]) if j not in used_b),
        targets=_targets(read_targets(graph, docs[0]), read_targets(graph, docs[1])),
        agencies_only_a=_presence(sides[0], sides[1], "agency"),
        agencies_only_b=_presence(sides[1], sides[0], "agency"),
        functions_only_a=_presence(sides[0], sides[1], "function"),
        functions_only_b=_presence(sides[1], sides[0], "function"),
    )
