"""Text spans in the graph: a `pkg:TextSpan` with its offsets, quote and document, for every fact's source."""

from __future__ import annotations

from rdflib import RDF, Graph, URIRef

from loaders.records import Span

from . import iris
from .namespaces import PKG, CachedTerms
from .terms import terms_of

__all__ = ["add_span", "span_detail_lines"]

_PKG, _TYPE = CachedTerms(PKG), RDF.type


def add_span(g: Graph, doc_id: str, doc: URIRef, span: Span) -> URIRef:
    """Add the triples of ``span`` of document ``doc`` to ``g``; its IRI.

    ``g`` is any sink with ``add((s, p, o))``; its terms come from `kg.graph.terms.terms_of` (``doc``
    is a term of the same sink). A sink with ``add_span_details`` (`kg.graph.ntriples.NTriplesSink`)
    gets the span's offsets, quote and document through it, and another sink with a ``spans`` list
    gets ``(span term, doc, span)`` there: the spans it holds, checked on the records
    (`kg.reasoning.validate.conforms_document`).

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
    g.add((s, _TYPE, _PKG.TextSpan))
    details = getattr(g, "add_span_details", None)
    if details is not None:
        details(s, doc, span, _details(t, s, doc, span))
        return s
    for triple in _details(t, s, doc, span):
        g.add(triple)
    spans = getattr(g, "spans", None)
    if spans is not None:
        spans.append((s, doc, span))
    return s


def _details(t, s, doc, span: Span) -> tuple:
    """A span's triples besides its type: offsets, quote, document (``t``: the sink's terms)."""
    return ((s, _PKG.startOffset, t.non_negative(span.start)), (s, _PKG.endOffset, t.non_negative(span.end)),
            (s, _PKG.quote, t.text(span.quote)), (s, _PKG.inDocument, doc))


def span_detail_lines(spans) -> set[str]:
    """The N-Triples lines `add_span` wrote into a `kg.graph.ntriples.NTriplesSink` for its ``spans``
    (``(span term, document term, span)``) besides their types: offsets, quote, document. The build's
    validation checks those on the records (`kg.reasoning.validate.conforms_document`).

    Examples
    --------
    >>> from kg.graph.ntriples import NTriplesSink
    >>> sink = NTriplesSink()
    >>> _ = add_span(sink, "d", sink.terms.iri("https://example.org/d"), Span(0, 2, "长寿"))
    >>> sorted(span_detail_lines(sink.spans)) == sorted(sink.lines[1:])
    True
    """
    from .ntriples import NTriplesSink

    sink = NTriplesSink()
    for s, doc, span in spans:
        for triple in _details(sink.terms, s, doc, span):
            sink.add(triple)
    return set(sink.lines)
