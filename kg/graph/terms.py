"""How `kg.graph.build.add_document` makes its RDF terms: rdflib terms for a graph, N-Triples text for
the corpus writer.

`add_document` describes a document's triples once and hands them to any sink with ``add((s, p, o))``.
A sink that has a ``terms`` attribute chooses how the document's own IRIs and literals are made (the
vocabulary — ``PKG.KeyTask``, ``RDF.type`` — stays rdflib IRIs everywhere); every other sink (an
rdflib ``Graph``, a list) gets `RDFLIB_TERMS`. `kg.graph.ntriples.NTriplesSink` uses
`kg.graph.ntriples.NTRIPLES_TERMS`:
each term is its N-Triples text, escaped once, so a corpus build makes no rdflib term for the data
(``URIRef`` checks every IRI character by character, ``Literal`` parses and re-writes every lexical
form). ``tests/test_ntriples_writer.py`` checks that both give the same triples, byte for byte, on the
dev plans and the sample.
"""

from __future__ import annotations

from rdflib import XSD, Literal, URIRef

__all__ = ["RdflibTerms", "RDFLIB_TERMS", "terms_of"]


class RdflibTerms:
    """rdflib terms (``URIRef``, ``Literal``): what a graph sink gets.

    Examples
    --------
    >>> RDFLIB_TERMS.lang("区法院", "zh") == Literal("区法院", lang="zh")
    True
    """

    iri = staticmethod(URIRef)

    @staticmethod
    def text(value: str) -> Literal:
        """A plain literal (``xsd:string``)."""
        return Literal(value)

    @staticmethod
    def lang(value: str, lang: str) -> Literal:
        """A literal with a language tag."""
        return Literal(value, lang=lang)

    @staticmethod
    def typed(lexical: str, datatype: URIRef) -> Literal:
        """A typed literal from its lexical form (rdflib normalises it: ``"020"^^xsd:integer`` → 20)."""
        return Literal(lexical, datatype=datatype)

    @staticmethod
    def integer(value: int) -> Literal:
        """An ``xsd:integer``."""
        return Literal(value)

    @staticmethod
    def non_negative(value: int) -> Literal:
        """An ``xsd:nonNegativeInteger``."""
        return Literal(value, datatype=XSD.nonNegativeInteger)

    @staticmethod
    def boolean(value: bool) -> Literal:
        """An ``xsd:boolean``."""
        return Literal(value)


RDFLIB_TERMS = RdflibTerms()


def terms_of(sink: object):
    """The term factory of ``sink``: its ``terms`` attribute, else rdflib terms."""
    return getattr(sink, "terms", None) or RDFLIB_TERMS
