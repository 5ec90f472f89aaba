"""Run a library query (or any ``.rq`` file) on the embedded store or on a SPARQL 1.1 endpoint.

`run_query` is the entry point; the pieces it uses live next to it: `kg.sparql.library` (the
query files), `kg.sparql.parameters` (typed parameters), `kg.sparql.local` and
`kg.sparql.remote` (where a query runs), `kg.sparql.results` (what comes back) and
`kg.sparql.text` (writing terms into SPARQL).

Parameters never become query text by string pasting:

- locally, on the embedded Oxigraph store, they become a ``VALUES`` block written from typed terms
  as below (Oxigraph's own substitutions filter finished solutions instead of narrowing the search);
  on an rdflib store they are passed as typed rdflib terms through ``initBindings``;
- remotely the runner adds a ``VALUES`` block, right inside the query's outer ``WHERE {``, written
  from the same typed terms with ``Term.n3()`` — and each written term is parsed back and compared
  with the original before anything is sent;
- a Chinese label given for an agency, IP type, industry or document parameter is resolved to an IRI
  by a lookup query (``queries/lookup/*.rq``) whose own parameter is bound the same way.

The type of a parameter comes from the query's comment header (``# param: agency (agency) — …``):
``agency``, ``ip-type``, ``industry``, ``document`` (IRI, prefixed name or label), ``class`` / ``iri``
(IRI or prefixed name), ``string``, ``integer``, ``decimal``, ``year`` (``xsd:gYear``), ``boolean``,
or an ``xsd:`` datatype. Library queries project their parameter variables (Oxigraph only
substitutes projected variables) and use them in the outer group, so the three ways of binding
agree; the tests check that every library query gives the same rows on all of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib.term import Node

from ..errors import InputError, QueryError
from .library import QueryFile, load_query
from .local import LocalBackend
from .parameters import known_prefixes, resolve_params
from .remote import RemoteBackend
from .results import Backend, QueryResult
from .store import open_kg
from .text import parse_problem, undeclared_prefixes

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

__all__ = ["run_query", "resolve_query", "kg_files"]


def resolve_query(name_or_path: str | Path | QueryFile) -> QueryFile:
    """A `QueryFile` for a library name or a ``.rq`` path, checked to parse as a SELECT or ASK query.

    Raises `QueryError` (one line) for an unknown name, a missing file or a query that does not parse.
    """
    if isinstance(name_or_path, QueryFile):
        query = name_or_path
    else:
        text = str(name_or_path)
        if text.endswith(".rq") and not Path(text).exists():
            raise QueryError(f"{text}: no such query file")
        query = load_query(name_or_path)
    _check_parses(query)
    return query


def _check_parses(query: QueryFile) -> None:
    missing = undeclared_prefixes(query.text)
    if missing:
        # Named before parsing: the parsers' own messages for this are long and do not say it.
        known = known_prefixes("")
        prefix = missing[0]
        fix = (f"add the line: PREFIX {prefix}: <{known[prefix]}>" if prefix in known
               else f"add a line PREFIX {prefix}: <…> with its namespace")
        also = f" (also {', '.join(p + ':' for p in missing[1:])})" if len(missing) > 1 else ""
        raise QueryError(f"{query.path}: the prefix {prefix}: is used but not declared{also}; {fix}")
    problem = parse_problem(query.text)
    if problem:
        raise QueryError(f"{query.path}: {problem}")


def kg_files(data: str | Path | Sequence[str | Path]) -> list[Path]:
    """The KG files to open for ``data``: a file, a build's output folder (its ``kg.ttl``), or several
    of them (the KG and the reasoner's inferred triples, say).

    Examples
    --------
    >>> [p.name for p in kg_files(["out", "out/kg.ttl"])]
    ['kg.ttl', 'kg.ttl']
    """
    items = [data] if isinstance(data, str | Path) else list(data)
    files = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            if not (path / "kg.ttl").is_file():
                raise InputError(str(path), "a folder without kg.ttl; give the KG file, or build it first "
                                            f"(policykg build -o {path})")
            path = path / "kg.ttl"
        files.append(path)
    return files


def _subtype_notes(q: QueryFile, bindings: Mapping[str, Node], backend: Backend) -> list[str]:
    """For an IP type or industry given as a sub-type that no task is tagged with: which broader
    concept answers (集体商标 → 商标)."""
    from rdflib import URIRef

    from ..resources import queries_dir

    notes = []
    lookup = load_query(queries_dir() / "lookup" / "broader.rq")
    for name, term in bindings.items():
        if q.param_types.get(name) not in ("ip-type", "industry") or not isinstance(term, URIRef):
            continue
        _, rows = backend.select(lookup.text, {"concept": term})
        for row in rows:
            broader, tagged = row.get("broader_label"), row.get("tagged")
            if broader is not None and str(tagged) in ("false", "0"):
                label = row.get("label")
                notes.append(f"{label} is a sub-type of {broader} and no task is tagged {label} (or a "
                             f"sub-type of it); -p {name}={broader} answers for {broader}")
    return notes


def run_query(
    query: str | Path | QueryFile,
    params: Mapping[str, str | Node] | None = None,
    *,
    graph: Graph | None = None,
    data: str | Path | Sequence[str | Path] | None = None,
    endpoint: str | None = None,
    timeout: float | None = None,
    user: str | None = None,
    password: str | None = None,
) -> QueryResult:
    """Run a library query by name, or any ``.rq`` file, with bound parameters.

    Parameters
    ----------
    query
        A library name (``tasks-led-by-agency``, ``key-task-without-lead-violation``) or a path.
    params
        Parameter values: strings as a user types them (IRI, prefixed name, label, number …) or rdflib terms.
    graph, data, endpoint
        Where to run: an open graph (see `kg.store.open_kg`), KG file(s) or a build's output folder
        (its ``kg.ttl``, see `kg_files`) to open on the embedded store, or the URL of a SPARQL 1.1
        endpoint (queried through SPARQLWrapper). Exactly one.
    timeout
        Seconds before giving up with `QueryTimeout`.
    user, password
        HTTP basic credentials for the endpoint (never stored).

    Returns
    -------
    QueryResult
        Variables and rows of rdflib terms; ``.to_dataframe()``, ``.format("csv")``; ``.notes`` says
        what to know about the answer (a default this KG does not have, a sub-type no task is tagged
        with).

    Examples
    --------
    >>> r = run_query("tasks-led-by-agency", {"agency": "区法院"}, data="out/kg.ttl")
    >>> [row["id"] for row in r.plain_rows()]
    ['（三）']
    """
    if sum(x is not None for x in (graph, data, endpoint)) != 1:
        raise ValueError("give exactly one of graph, data or endpoint")
    q = resolve_query(query)
    backend: Backend
    if endpoint is not None:
        backend = RemoteBackend(endpoint, timeout=timeout, user=user, password=password)
    else:
        if graph is None:
            # A file that is not a KG (or an unsafe one) is a KGReadError: exit code 5 in every command.
            graph = open_kg(kg_files(data))  # type: ignore[arg-type]
        backend = LocalBackend(graph, timeout=timeout)
    notes: list[str] = []
    bindings = resolve_params(q, params, backend, notes)
    names, rows = backend.select(q.text, bindings)
    if not rows:
        notes += _subtype_notes(q, bindings, backend)
    return QueryResult(q.name, names, rows, bindings, known_prefixes(q.text), tuple(notes))
