"""The corpus build's N-Triples writer (`kg.graph.ntriples.NTriplesSink`, terms written as text) gives the
triples rdflib gives (`add_document` into an rdflib graph), on every dev plan and the sample: the same
N-Triples lines byte for byte, graphs that are isomorphic, and the same bytes on a second run."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic

from kg.graph.build import TripleList, add_document
from kg.graph.names import load_document
from kg.graph.namespaces import PKG
from kg.graph.ntriples import NTriplesSink, to_lines
from kg.reasoning.validate import quote_mismatches, span_quote_mismatches

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted((ROOT / "tests" / "data" / "dev" / "docs").glob("*.txt")) + [
    ROOT / "loaders" / "samples" / "changshou-ip-plan.txt"
]


@pytest.fixture(scope="module")
def documents():
    return [load_document(p) for p in PLANS]


def _writer_lines(doc) -> list[str]:
    sink = NTriplesSink()
    add_document(sink, doc)
    return sink.lines


def _rdflib_lines(doc) -> list[str]:
    triples = TripleList()
    add_document(triples, doc)
    return to_lines(triples)


def test_writer_lines_are_rdflibs_byte_for_byte(documents):
    assert len(documents) == 28
    for doc in documents:
        ours, reference = _writer_lines(doc), _rdflib_lines(doc)
        assert ours == reference, doc.meta.id  # same lines, in the same order


def test_writer_graph_is_isomorphic_to_rdflibs(documents):
    for doc in documents[::4] + documents[-1:]:  # parsing is slow: every fourth plan and the sample
        ours = Graph().parse(data="".join(_writer_lines(doc)), format="nt")
        reference = Graph()
        add_document(reference, doc)
        assert len(ours) == len(reference) > 100
        assert isomorphic(ours, reference), doc.meta.id


def test_writer_is_byte_identical_across_runs(documents):
    for doc in documents:
        assert "".join(_writer_lines(doc)) == "".join(_writer_lines(doc))


def test_span_check_on_the_records_agrees_with_the_graph_check(documents):
    doc = documents[-1]
    sink = NTriplesSink()
    d = add_document(sink, doc)
    graph = Graph()
    g_doc = add_document(graph, doc)
    assert len(sink.spans) > 100
    spans = [(doc_term, span) for _, doc_term, span in sink.spans]
    assert span_quote_mismatches({d: doc.text}, spans) == [] == quote_mismatches(graph)
    shifted = doc.text[1:] + " "  # most quotes now miss by one character
    graph.set((g_doc, PKG.fullText, Literal(shifted)))
    ours = {(s.start, s.end, found) for _, s, found in span_quote_mismatches({d: shifted}, spans)}
    theirs = {(int(m.start), int(m.end), m.found) for m in quote_mismatches(graph)}
    assert ours == theirs and len(ours) > 100


def test_turtle_of_the_sorted_lines_reads_back_as_the_same_triples(documents):
    import pyoxigraph as ox

    from kg.graph.namespaces import PREFIXES
    from kg.graph.ntriples import turtle_body, turtle_head

    for doc in documents:
        lines = sorted(set(_writer_lines(doc)))
        turtle = turtle_head(PREFIXES) + turtle_body(lines, PREFIXES)
        back = set(ox.parse(turtle, format=ox.RdfFormat.TURTLE))
        assert back == set(ox.parse("".join(lines).encode(), format=ox.RdfFormat.N_TRIPLES)), doc.meta.id
        assert turtle == turtle_head(PREFIXES) + turtle_body(lines, PREFIXES)  # byte-identical
    sample = Graph().parse(data=turtle.decode(), format="turtle")  # rdflib's reader agrees (the sample)
    assert isomorphic(sample, Graph().parse(data="".join(lines), format="nt"))


def test_every_span_detail_line_is_known_from_the_records(documents):
    """The build's verdict checks a span's offsets, quote and document on its record (not in the SHACL
    engine) only when every such line was written from a record: true of every dev plan and the sample."""
    from kg.graph.spans import span_detail_lines

    markers = tuple(f" <{PKG[p]}> " for p in ("startOffset", "endOffset", "quote", "inDocument"))
    for doc in documents:
        sink = NTriplesSink()
        add_document(sink, doc)
        written = span_detail_lines(sink.spans)
        rest = [ln for ln in sink.lines if ln not in written]
        assert sink.plain == rest, doc.meta.id  # what the build gives the engine, without re-writing them
        assert len(rest) < len(sink.lines) * 0.8, doc.meta.id
        assert not any(m in ln for ln in rest for m in markers), doc.meta.id


def test_local_name_test_is_the_patterns(documents):
    """Turtle abbreviates an IRI when `_is_local` says its rest is a local name: the same answer as the
    reference pattern `_LOCAL` on every IRI of the sample and on crafted edge cases."""
    import itertools

    from kg.graph.ntriples import _LOCAL, _is_local

    iris = {t for ln in _writer_lines(documents[-1]) for t in ln.split(" ") if t.startswith("<")}
    crafted = {"".join(p) for n in range(1, 5) for p in itertools.product("a-/%4G.", repeat=n)}
    cases = [i[1:-1] for i in iris] + [f"x:{c}" for c in crafted]
    assert len(cases) > 3000
    for iri in cases:
        for start in {0, 2, iri.find("/id/") + 4}:
            assert _is_local(iri, start) == bool(_LOCAL.match(iri, start)), (iri, start)
