"""What a comparison reads from the KG: the documents named on the command line, their tasks with the
text they were read from, the responsibilities with each agency's function, and the targets.

Every read is a SPARQL file in ``queries/compare/`` run through `kg.sparql.run.run_query`, with the
names and IRIs bound as typed terms, so the same files answer on the embedded store and on an endpoint:
``source`` is an open KG (`kg.sparql.store.open_kg`) or an `Endpoint`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from rdflib import URIRef

from ..errors import QueryError
from ..resources import queries_dir

__all__ = ["UnknownDocument", "Endpoint", "DocumentRef", "TaskRow", "ResponsibilityRow", "TargetRow",
           "find_document", "read_tasks", "read_responsibilities", "read_targets", "canonical_name"]

LEAD = "https://w3id.org/policykg/ontology#LeadRole"
GROWTH = "https://w3id.org/policykg/ontology#GrowthTarget"


class UnknownDocument(QueryError):
    """A document named for a comparison is not in the KG, or the name fits several (one line)."""


@dataclass(frozen=True)
class Endpoint:
    """A SPARQL 1.1 endpoint to read from instead of an open KG (credentials are never stored)."""

    url: str
    timeout: float | None = None
    user: str | None = None
    password: str | None = None

    def where(self) -> dict[str, Any]:
        return {"endpoint": self.url, "timeout": self.timeout, "user": self.user, "password": self.password}


def _where(source: Any) -> dict[str, Any]:
    """The keyword arguments of `kg.sparql.run.run_query` that say where ``source`` is."""
    return source.where() if isinstance(source, Endpoint) else {"graph": source}


@dataclass(frozen=True)
class DocumentRef:
    """A document of the KG: its IRI, identifier, title and source file."""

    iri: str
    id: str
    title: str | None
    source: str | None


@dataclass(frozen=True)
class TaskRow:
    """A key task as read: IRI, number as written, title, the quote of its span and the span's start."""

    iri: str
    id: str
    title: str | None
    quote: str
    start: int


@dataclass(frozen=True)
class ResponsibilityRow:
    """One agency's responsibility for a task, with the agency's function when the KG has one."""

    task: str
    lead: bool
    as_written: str
    agency: str
    full_name: str | None
    jurisdiction: str | None
    function: str | None
    function_label: str | None
    start: int | None
    end: int | None


@dataclass(frozen=True)
class TargetRow:
    """A numeric target as read."""

    iri: str
    indicator: str
    year: int | None
    value: float
    unit: str
    growth: bool
    quote: str | None


def _rows(name: str, params: dict[str, Any], graph: Any) -> list[dict[str, Any]]:
    from ..sparql.run import run_query

    return run_query(queries_dir() / "compare" / f"{name}.rq", params, **_where(graph)).plain_rows()


# What each way of matching a name means, by the `how` of queries/compare/document.rq.
_HOW = {1: "identifier", 2: "source file", 3: "source file", 4: "title", 5: "file name"}


def find_document(graph: Any, name: str) -> DocumentRef:
    """The document ``name`` means: its identifier, its source file (as built, or a path ending in it),
    its title, or the file name of a path. The most exact kind of match wins; a name that fits no
    document, or several in the same way, raises `UnknownDocument` naming what the KG has.

    Examples
    --------
    >>> from kg.sparql.store import open_kg
    >>> g = open_kg("out/kg.ttl")
    >>> find_document(g, "changshou-ip-plan").id
    'changshou-ip-plan'
    >>> find_document(g, "samples/changshou-ip-plan.txt").id
    'changshou-ip-plan'
    >>> find_document(g, "no-such-plan")
    Traceback (most recent call last):
    ...
    kg.compare.data.UnknownDocument: no document 'no-such-plan' in the KG (documents: changshou-ip-plan)
    """
    file = PurePath(name).name or name
    rows = _rows("document", {"text": name, "file": file}, graph)
    if not rows:
        known = sorted(_identifiers(graph))
        shown = ", ".join(known[:8]) + (f" … ({len(known)} in all)" if len(known) > 8 else "")
        raise UnknownDocument(f"no document {name!r} in the KG (documents: {shown or 'none'})")
    best = min(int(r["how"]) for r in rows)
    chosen = {r["document"]: r for r in rows if int(r["how"]) == best}
    if len(chosen) > 1:
        ids = ", ".join(sorted(r["identifier"] for r in chosen.values()))
        raise UnknownDocument(f"{name!r} names several documents by {_HOW[best]} ({ids}); give an identifier")
    row = next(iter(chosen.values()))
    return DocumentRef(row["document"], row["identifier"], row.get("title"), row.get("source"))


def _identifiers(graph: Any) -> set[str]:
    from ..sparql.run import run_query

    return {str(r["identifier"]) for r in run_query("document-summary", **_where(graph)).plain_rows()
            if r.get("identifier")}


def read_tasks(graph: Any, document: DocumentRef) -> list[TaskRow]:
    """The key tasks of ``document`` in document order (``queries/compare/tasks.rq``).

    Examples
    --------
    >>> from kg.sparql.store import open_kg
    >>> g = open_kg("out/kg.ttl")
    >>> tasks = read_tasks(g, find_document(g, "changshou-ip-plan"))
    >>> len(tasks), tasks[0].id, tasks[0].title
    (12, '（一）', '完善知识产权政策体系')
    """
    rows = _rows("tasks", {"document": URIRef(document.iri)}, graph)
    return [TaskRow(r["task"], str(r["id"]), r.get("title"), str(r["quote"]), int(r["start"])) for r in rows]


def read_responsibilities(graph: Any, document: DocumentRef) -> list[ResponsibilityRow]:
    """The responsibilities of the key tasks of ``document``, ordered by task and place in the text
    (``queries/compare/responsibilities.rq``).

    Examples
    --------
    >>> from kg.sparql.store import open_kg
    >>> g = open_kg("out/kg.ttl")
    >>> r = read_responsibilities(g, find_document(g, "changshou-ip-plan"))[0]
    >>> r.lead, r.as_written, r.full_name, canonical_name(r)
    (True, '区市场监管局', '长寿区市场监督管理局', '市场监督管理局')
    """
    out = []
    for r in _rows("responsibilities", {"document": URIRef(document.iri)}, graph):
        out.append(ResponsibilityRow(
            r["task"], r["role"] == LEAD, str(r["as_written"]), r["agency"], r.get("full_name"),
            r.get("jurisdiction"), r.get("function"), r.get("function_label"),
            _int(r.get("start")), _int(r.get("end"))))
    return out


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def read_targets(graph: Any, document: DocumentRef) -> list[TargetRow]:
    """The numeric targets of ``document`` in document order (``queries/compare/targets.rq``).

    Examples
    --------
    >>> from kg.sparql.store import open_kg
    >>> g = open_kg("out/kg.ttl")
    >>> t = read_targets(g, find_document(g, "changshou-ip-plan"))[0]
    >>> t.indicator, t.year, t.value, t.unit
    ('每万人口发明专利拥有量', 2025, 20.0, '件')
    """
    out = []
    seen = set()
    for r in _rows("targets", {"document": URIRef(document.iri)}, graph):
        if r["target"] in seen:  # a target typed both ways would come twice
            continue
        seen.add(r["target"])
        year = r.get("year")
        out.append(TargetRow(r["target"], str(r["indicator_label"]),
                             int(str(year)[:4]) if year is not None else None, float(r["value"]),
                             str(r["unit"]), r.get("kind") == GROWTH, r.get("quote")))
    return out


def canonical_name(row: ResponsibilityRow) -> str:
    """The agency's name without its jurisdiction (市场监督管理局 for 长寿区市场监督管理局; 委宣传部 for
    中共重庆市委宣传部, as the gazetteer writes it: what follows the jurisdiction): the gazetteer's
    canonical name, which agencies of different jurisdictions share. Without a full name, the name as
    written; without a jurisdiction in it, the full name.

    Examples
    --------
    >>> canonical_name(ResponsibilityRow("t", True, "市科技局", "a", "重庆市科学技术局", "重庆市", None, None,
    ...                                  None, None))
    '科学技术局'
    >>> canonical_name(ResponsibilityRow("t", True, "市委宣传部", "a", "中共重庆市委宣传部", "重庆市",
    ...                                  None, None, None, None))
    '委宣传部'
    """
    full = row.full_name or row.as_written
    at = full.find(row.jurisdiction) if row.jurisdiction else -1
    if at >= 0 and len(full) > at + len(row.jurisdiction):
        return full[at + len(row.jurisdiction):]
    return full
