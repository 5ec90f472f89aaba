"""The network queries of ``queries/networks/`` and their rows: what every projection reads.

A leaf of `kg.networks`: `kg.networks.projection` (agency networks) and `kg.networks.functions` (their
pooling by agency function) both read the graph through `_run`, so neither needs the other's module.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal as TypingLiteral

from rdflib import Graph, Literal
from rdflib.query import ResultRow

from ..resources import queries_dir
from ..sparql.library import load_query

Collectives = TypingLiteral["drop", "keep"]


def _query_path(name: str) -> Path:
    return queries_dir() / "networks" / f"{name}.rq"


def _run(graph: Graph, name: str, collectives: Collectives) -> list[ResultRow]:
    """The rows of ``queries/networks/{name}.rq`` on ``graph``, collectives kept or dropped."""
    if collectives not in ("drop", "keep"):
        raise ValueError(f"collectives must be 'drop' or 'keep', not {collectives!r}")
    query = load_query(_query_path(name))
    bindings = {}
    if "keepCollectives" in query.params:
        bindings["keepCollectives"] = Literal(collectives == "keep")
    return list(graph.query(query.text, initBindings=bindings))  # type: ignore[arg-type]


def _natural_key(text: str) -> tuple:
    """Sort key: task/3.10 after task/3.9.

    Examples
    --------
    >>> sorted(["task/3.10", "task/3.9"], key=_natural_key)
    ['task/3.9', 'task/3.10']
    """
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))
