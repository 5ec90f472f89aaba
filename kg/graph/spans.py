"""Text spans in the graph: a `pkg:TextSpan` with its offsets, quote and document, for every fact's source."""

from __future__ import annotations

from rdflib import RDF, XSD, Graph, Literal, URIRef

from loaders.records import Span

from . import iris
from .namespaces import PKG

__all__ = ["add_span"]


def add_span(g: Graph, doc_id: str, doc: URIRef, span: Span) -> URIRef:
    """Add the triples of ``span`` of document ``doc`` to ``g``; its IRI.

    Examples
    --------
    >>> g = Graph()
    >>> s = add_span(g, "d", URIRef("https://example.org/d"), Span(0, 2, "长寿"))
    >>> len(g), (s, PKG.quote, Literal("长寿")) in g
    (5, True)
    """
    s = URIRef(iris.span_iri(doc_id, span.start, span.end))
    g.add((s, RDF.type, PKG.TextSpan))
    g.add((s, PKG.startOffset, Literal(span.start, datatype=XSD.nonNegativeInteger)))
    g.add((s, PKG.endOffset, Literal(span.end, datatype=XSD.nonNegativeInteger)))
    g.add((s, PKG.quote, Literal(span.quote)))
    g.add((s, PKG.inDocument, doc))
    return s
