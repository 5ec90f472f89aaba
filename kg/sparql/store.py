"""Open a knowledge graph for querying: data + ontology + vocabularies in one embedded store.

The store is Oxigraph behind the rdflib ``Graph`` API (``oxrdflib``), chosen by measurement
(``benchmarks/store_choice.py``, numbers in ``docs/benchmarks.md``): on a 1,000,000-triple graph it
loads about 20 times faster than rdflib's in-memory store in a third of the memory, and answers the
pair-of-agencies join in about a second where rdflib's own SPARQL engine did not finish in minutes.
Because it is still an ``rdflib.Graph``, the rest of ``kg`` (networks, reasoning) can use it as is:
``graph.query`` runs on Oxigraph's native SPARQL engine, ``graph.triples`` on its indexes, and
`native_store` gives `kg.sparql.local` the ``pyoxigraph.Store`` inside for large results.

The ontology and the SKOS vocabularies are loaded with the data because the library queries need
them: ``skos:broader*`` for IP sub-types and industries, ``rdfs:subClassOf*`` for agency kinds,
labels of roles and kinds, and the declarations the QC checks compare against.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax import SAXException

from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from ..resources import ontology_path, vocab_paths
from ..safe_rdf import RDF_FORMATS, KGReadError

__all__ = ["open_kg", "new_graph", "native_store", "support_paths", "KGReadError", "STORES", "DEFAULT_STORE",
           "RDF_FORMATS"]

#: Store names understood by `new_graph`: ``oxigraph`` (default) or rdflib's ``memory``.
STORES = ("oxigraph", "memory")
DEFAULT_STORE = "oxigraph"

#: File suffix → rdflib format name (without the ``ox-`` prefix that selects Oxigraph's parsers).


# OxigraphStore → the pyoxigraph Store it wraps (weak: the entry goes with the graph).
_NATIVE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def new_graph(store: str = DEFAULT_STORE) -> Graph:
    """An empty graph on the given embedded store (``oxigraph`` or ``memory``).

    Examples
    --------
    >>> g = new_graph()
    >>> type(g.store).__name__
    'OxigraphStore'
    >>> len(g)
    0
    """
    if store == "oxigraph":
        import pyoxigraph as ox
        from oxrdflib import OxigraphStore

        native = ox.Store()
        backend = OxigraphStore(store=native)
        _NATIVE[backend] = native
        # The dataset's default graph, so that pyoxigraph, dumps and SPARQL without GRAPH all see it.
        return Graph(store=backend, identifier=DATASET_DEFAULT_GRAPH_ID)
    if store == "memory":
        return Graph()
    raise ValueError(f"unknown store {store!r}; choose one of {', '.join(STORES)}")


def native_store(graph: Graph):
    """The ``pyoxigraph.Store`` behind a graph made by `new_graph` / `open_kg`, else ``None``.

    `kg.sparql.local` runs SELECTs on it directly: same engine and same substitution of bound variables
    as ``graph.query``, without building an rdflib ``ResultRow`` per row (the join of agency pairs on
    a 1,000,000-triple graph returns ~66,000 rows; see docs/benchmarks.md).

    Examples
    --------
    >>> native_store(new_graph()) is not None, native_store(new_graph("memory"))
    (True, None)
    """
    if graph.identifier != DATASET_DEFAULT_GRAPH_ID:
        return None
    return _NATIVE.get(graph.store)


def support_paths(ontology: bool = True, vocabularies: bool = True) -> list[Path]:
    """The ontology and vocabulary files that are loaded next to the data."""
    return ([ontology_path()] if ontology else []) + (list(vocab_paths()) if vocabularies else [])


def _parse(graph: Graph, path: Path) -> None:
    # One guarded path for every RDF input (kg.safe_rdf): regular files only, sizes bounded, RDF/XML
    # with a DTD (billion laughs, external entities) and JSON-LD contexts by reference (fetched by
    # rdflib's parser) refused before any parser sees the file.
    from ..safe_rdf import check_rdf_file

    fmt = check_rdf_file(path)
    try:
        if type(graph.store).__name__ == "OxigraphStore" and fmt != "json-ld":
            # Oxigraph's own bulk loader fills the store straight from the file (no per-triple Python
            # objects, no transaction log): about half the time and memory of a transactional load.
            graph.parse(os.fspath(path), format=f"ox-{fmt}", transactional=False)
        else:
            graph.parse(os.fspath(path), format=fmt)
    except (SyntaxError, ValueError, SAXException) as exc:  # SAXException: rdflib's RDF/XML parser
        problem = " ".join(str(exc).split())[:300]
        raise KGReadError(f"{path}: not valid RDF ({fmt}): {problem}") from None
    except MemoryError as exc:  # Oxigraph's parser: a line or a term over its 16 MiB buffer
        problem = " ".join(str(exc).split())[:300] or "out of memory"
        raise KGReadError(f"{path}: cannot be read as RDF ({fmt}): {problem}") from None


def open_kg(
    data: str | os.PathLike[str] | Graph | Sequence[str | os.PathLike[str] | Graph] | None = None,
    *,
    store: str = DEFAULT_STORE,
    ontology: bool = True,
    vocabularies: bool = True,
) -> Graph:
    """Load KG data file(s) or graph(s), plus the ontology and vocabularies, into one graph.

    Parameters
    ----------
    data
        A Turtle (or N-Triples, RDF/XML …) file such as ``out/kg.ttl``, an rdflib ``Graph``, or a list
        of them. ``None`` loads only the ontology and vocabularies.
    store
        ``"oxigraph"`` (default, the measured choice) or ``"memory"`` (rdflib's pure-Python store).
    ontology, vocabularies
        Load ``ontology/policykg.ttl`` and ``ontology/vocab/*.ttl`` too (the library queries need them).

    Returns
    -------
    rdflib.Graph
        Queryable with ``graph.query(text, initBindings=...)``.

    Raises
    ------
    FileNotFoundError
        A data file does not exist.
    KGReadError
        A data file is not valid RDF.

    Examples
    --------
    >>> g = open_kg()          # ontology and vocabularies only
    >>> len(g) > 1000
    True
    """
    graph = new_graph(store)
    for prefix, namespace in _prefixes():
        graph.bind(prefix, namespace, override=True)
    items: Iterable = () if data is None else (
        [data] if isinstance(data, (str, os.PathLike, Graph)) else data)
    for item in items:
        if isinstance(item, Graph):
            graph += item
            continue
        path = Path(item)
        if not path.is_file():
            raise FileNotFoundError(2, "no such file", os.fspath(path))
        _parse(graph, path)
    for path in support_paths(ontology, vocabularies):
        _parse(graph, path)
    return graph


def _prefixes() -> list[tuple[str, str]]:
    from ..graph.namespaces import bind_prefixes

    return [(p, str(n)) for p, n in bind_prefixes(Graph(bind_namespaces="none")).namespaces()]
