"""Text spans in the graph: a `pkg:TextSpan` with its offsets, quote and document, for every fact's source."""

from __future__ import annotations

from rdflib import RDF, Graph, URIRef

from loaders.records import Span

from . import iris
from .namespaces import PKG, CachedTerms
from .terms import terms_of

__all__ = ["add_span"]

_PKG, _TYPE = CachedTerms(PKG), RDF.type


def add_span(g: Graph, doc_id: str, doc: URIRef, span: Span) -> URIRef:
    """Add the triples of ``span`` of document ``doc`` to ``g``; its IRI.

    ``g`` is any sink with ``add((s, p, o))``; its terms come from `kg.graph.terms.terms_of` (``doc``
    is a term of the same sink). A sink with a ``spans`` list also gets ``(doc, span)`` there: the
    spans it holds, for the quote check (`kg.reasoning.validate.span_quote_mismatches`).

    Examples
    --------
    >>> from rdflib import Literal
    >>> g = Graph()
    >>> s = add_span(g, "d", URIRef("https://example.org/d"), Span(0, 2, "长寿"))
    >>> len(g), (s, PKG.quote, Literal("长寿")) in g
    (5, True)
    """
    t = terms_of(g)
    s = t.iri(iris.span_iri(doc_id, span.start, span.end))
    add = g.add
    add((s, _TYPE, _PKG.TextSpan))
    add((s, _PKG.startOffset, t.non_negative(span.start)))
    add((s, _PKG.endOffset, t.non_negative(span.end)))
    add((s, _PKG.quote, t.text(span.quote)))
    add((s, _PKG.inDocument, doc))
    spans = getattr(g, "spans", None)
    if spans is not None:
        spans.append((doc, span))
    return s
