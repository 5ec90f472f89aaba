"""Where the explorer's answers come from: the KG on the embedded store or a SPARQL endpoint.

`Explorer` holds one KG (a file, opened once with `kg.sparql.store.open_kg`, or the URL of an
endpoint) and answers the pages' questions with the queries of ``queries/explore/`` and the library,
always through `kg.sparql.run.run_query`: every value a person typed (a search, an IRI from the
address bar) is bound as a typed term, never pasted into the text, and every query has a time limit.
The agency networks (with their SNA measures) are projected once per kind and kept; questions go to
`kg.ask` on the same graph; the SPARQL editor's queries run in `kg.explore.editor`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..errors import QueryError
from ..resources import queries_dir
from ..sparql.results import QueryResult
from ..sparql.run import kg_files, run_query

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    from rdflib import Graph

__all__ = ["Explorer", "BASE", "local_path", "iri_candidates", "DEFAULT_TIMEOUT", "NETWORK_KINDS"]

#: The namespace of the project's IRIs: ``{BASE}id/…`` (instances) and ``{BASE}vocab/…`` (concepts).
BASE = "https://w3id.org/policykg/"
#: Seconds a page's query, a question or an editor query may take before it is given up.
DEFAULT_TIMEOUT = 30.0
#: The networks the network view draws.
NETWORK_KINDS = ("co-assignment", "lead")
#: Questions answered at once, each by its own `kg.ask.Asker` (the second made when the first is busy).
ASKERS = 2

# The characters kg.graph.iris keeps unencoded in a path segment (and "/" between segments).
_SAFE = "-._~!$&'()*+,;=:@（）、·/"


def local_path(iri: str) -> str:
    """The explorer's path for an IRI: the IRI's own path for the project's IRIs, else ``/resource``.

    Examples
    --------
    >>> local_path("https://w3id.org/policykg/id/doc/plan/task/3.1")
    '/id/doc/plan/task/3.1'
    >>> local_path("https://w3id.org/policykg/vocab/ip-type/patent")
    '/vocab/ip-type/patent'
    >>> local_path("https://w3id.org/policykg/ontology#KeyTask")
    '/resource?iri=https%3A%2F%2Fw3id.org%2Fpolicykg%2Fontology%23KeyTask'
    """
    for area in ("id/", "vocab/"):
        if iri.startswith(BASE + area) and len(iri) > len(BASE + area):
            return "/" + iri[len(BASE):]
    return "/resource?iri=" + quote(iri, safe="")


def iri_candidates(raw_path: str) -> list[str]:
    """The IRIs a request path may stand for, most likely first: the path as sent (the IRIs are
    percent-encoded), the path encoded as `kg.graph.iris` encodes (a client may send characters
    unencoded, or encode ones the IRI keeps), and the path decoded (an IRI written with Chinese).

    Examples
    --------
    >>> iri_candidates("/id/agency/%E5%8C%BA%E6%B3%95%E9%99%A2")
    ['https://w3id.org/policykg/id/agency/%E5%8C%BA%E6%B3%95%E9%99%A2', 'https://w3id.org/policykg/id/agency/区法院']
    >>> iri_candidates("/id/agency/区法院")[1]
    'https://w3id.org/policykg/id/agency/%E5%8C%BA%E6%B3%95%E9%99%A2'
    """
    tail = raw_path.lstrip("/")
    decoded = unquote(tail)
    found = [BASE + tail, BASE + quote(decoded, safe=_SAFE), BASE + decoded]
    return list(dict.fromkeys(found))


@dataclass
class _Row:
    """A result row with attribute access, as `kg.networks.projection` reads rows of ``graph.query``."""

    values: Mapping[str, Node | None]

    def __getattr__(self, name: str) -> Node | None:
        if name == "values":  # pragma: no cover - dataclass field lookups never get here
            raise AttributeError(name)
        return self.values.get(name)


class _EndpointGraph:
    """Just enough of an rdflib graph for `kg.networks.projection` to project from an endpoint."""

    def __init__(self, endpoint: str, timeout: float | None, user: str | None, password: str | None):
        from ..sparql.remote import RemoteBackend

        self.backend = RemoteBackend(endpoint, timeout=timeout, user=user, password=password)

    def query(self, text: str, initBindings: Mapping[str, Node] | None = None) -> list[_Row]:  # noqa: N803
        _, rows = self.backend.select(text, dict(initBindings or {}))
        return [_Row(row) for row in rows]


class Explorer:
    """One KG for the explorer: a KG file (or build folder) or a SPARQL endpoint, with a time limit.

    Parameters
    ----------
    data
        A KG file such as ``out/kg.ttl``, a build's output folder, or several files.
    endpoint
        The URL of a SPARQL 1.1 endpoint holding the KG with the ontology and vocabularies.
    timeout
        Seconds each query may take (`DEFAULT_TIMEOUT`).
    user, password
        HTTP basic credentials for the endpoint.

    Examples
    --------
    >>> ex = Explorer(data="out/kg.ttl")
    >>> ex.rows("explore/overview")[0]["tasks"]
    12
    >>> [r["label"] for r in ex.rows("explore/search", text="法院")]
    ['长寿区人民法院']
    """

    def __init__(self, data: str | Path | Sequence[str | Path] | None = None, *, endpoint: str | None = None,
                 timeout: float | None = DEFAULT_TIMEOUT, user: str | None = None,
                 password: str | None = None) -> None:
        if (data is None) == (endpoint is None):
            raise ValueError("give exactly one of data or endpoint")
        self.timeout = timeout
        self.endpoint = endpoint
        self._credentials = {"user": user, "password": password}
        self.files: list[Path] = []
        self.graph: Graph | None = None
        if data is not None:
            from ..sparql.store import open_kg

            self.files = kg_files(data)
            self.graph = open_kg(self.files)  # a KGReadError (exit code 5) for a file that is not a KG
        self._networks: dict[str, nx.Graph] = {}
        self._network_lock = threading.Lock()
        self._askers: list[Any] = []
        self._free_askers: list[Any] = []
        self._examples: list[str] | None = None  # the question box's examples (example_questions)
        self._askers_cond = threading.Condition()

    @property
    def source(self) -> str:
        """Where the KG is, for the page footer: the file(s) or the endpoint URL."""
        return self.endpoint or ", ".join(str(p) for p in self.files)

    # ------------------------------------------------------------------ queries
    def result(self, query: str, **params: str | Node) -> QueryResult:
        """Run a library query (``document-summary``) or an explorer query (``explore/search``) with
        bound parameters; plain strings are bound as string literals."""
        path: str | Path = queries_dir() / f"{query}.rq" if "/" in query else query
        bound = {k: (v if isinstance(v, Node) else Literal(str(v))) for k, v in params.items()}
        if self.endpoint is not None:
            return run_query(path, bound, endpoint=self.endpoint, timeout=self.timeout, **self._credentials)
        return run_query(path, bound, graph=self.graph, timeout=self.timeout)

    def rows(self, query: str, **params: str | Node) -> list[dict[str, Any]]:
        """The rows of `result` as plain values (IRIs as strings, numbers as numbers)."""
        return self.result(query, **params).plain_rows()

    def find(self, raw_path: str) -> tuple[str, list[str]] | None:
        """The IRI a request path names and its types, or None when the graph has no such resource."""
        for iri in iri_candidates(raw_path):
            try:
                rows = self.rows("explore/types", resource=URIRef(iri))
            except QueryError:
                continue  # not a valid IRI
            if rows:
                return iri, sorted(str(r["type"]) for r in rows if r["type"] is not None)
        return None

    # ------------------------------------------------------------------ networks
    def network(self, kind: str = "co-assignment") -> nx.Graph:
        """The agency network of ``kind`` with every node's SNA measures (projected once, then kept).

        Needs the ``analysis`` extra (pandas) for the measures; without it the network has none.
        """
        if kind not in NETWORK_KINDS:
            raise QueryError(f"unknown network {kind!r}; choose one of {', '.join(NETWORK_KINDS)}")
        with self._network_lock:
            if kind not in self._networks:
                from ..errors import MissingExtraError
                from ..networks.projection import build_network

                graph: Any = self.graph
                if self.endpoint is not None:
                    graph = _EndpointGraph(self.endpoint, self.timeout, **self._credentials)
                g = build_network(graph, kind)
                try:
                    from ..networks.sna import with_measures

                    g = with_measures(g)
                except MissingExtraError:
                    pass  # the page says the measures need policykg[analysis]
                self._networks[kind] = g
            return self._networks[kind]

    # ------------------------------------------------------------------ questions
    def ask(self, question: str) -> Any:
        """`kg.ask` on this KG: an `kg.ask.AskResult`, or `kg.ask.AskError` raised.

        Up to `ASKERS` questions are answered at once, each by its own asker (an asker answers one
        question at a time); a question that finds them all busy waits up to the time limit and is then
        refused with `kg.errors.QueryTimeout`, so questions do not pile up behind each other without end
        (the editor's queries run apart, in `kg.explore.editor`)."""
        asker = self._take_asker()
        try:
            return asker.ask(question)
        finally:
            self._give_back(asker)

    def example_questions(self) -> list[str]:
        """Example questions for the question box, drawn from this KG's agencies, plans and places
        (`kg.ask.examples.example_questions`); read once."""
        if self._examples is None:
            from ..ask.examples import example_questions

            asker = self._take_asker()
            try:
                self._examples = example_questions(asker.vocabulary)
            finally:
                self._give_back(asker)
        return self._examples

    def _give_back(self, asker: Any) -> None:
        with self._askers_cond:
            self._free_askers.insert(0, asker)
            self._askers_cond.notify()

    def _take_asker(self) -> Any:
        from ..ask import Asker
        from ..errors import QueryTimeout

        deadline = None if self.timeout is None else time.monotonic() + self.timeout
        with self._askers_cond:
            while not self._free_askers and len(self._askers) >= ASKERS:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    raise QueryTimeout(f"{ASKERS} other questions were being answered for more than "
                                       f"{self.timeout:g} s; ask again")
                self._askers_cond.wait(left)
            if self._free_askers:
                return self._free_askers.pop(0)
            self._askers.append(None)  # a place taken while the new asker reads the vocabulary
        try:
            if self.endpoint is not None:
                asker = Asker(endpoint=self.endpoint, timeout=self.timeout, **self._credentials)
            else:
                asker = Asker(graph=self.graph, timeout=self.timeout)
        except BaseException:
            with self._askers_cond:
                self._askers.remove(None)
                self._askers_cond.notify()
            raise
        with self._askers_cond:
            self._askers[self._askers.index(None)] = asker
        return asker
