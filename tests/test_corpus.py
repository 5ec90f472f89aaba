"""Whole corpora: a process pool, one broken document, cross-document agencies and citations."""

from __future__ import annotations

from collections import defaultdict

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from kg.graph.extraction import to_json
from kg.graph.iris import doc_iri
from kg.graph.namespaces import PKG
from loaders.extract.document import parse_text
from loaders.synthetic.plans import generate_corpus, write_corpus
from tests.tools.score_extraction import score


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    plans = generate_corpus(24, seed=11)
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(plans, folder)
    (folder / "zz-broken.txt").write_bytes(b"\x00\x01\x02 not a plan")
    return plans, folder


@pytest.fixture(scope="module")
def built(corpus, tmp_path_factory):
    from tests.conftest import run_cli

    plans, folder = corpus
    out = tmp_path_factory.mktemp("corpus-out")
    proc = run_cli("build", str(folder), "-o", str(out), "--jobs", "2", "--no-validate")
    return plans, proc, Graph().parse(out / "kg.ttl")


def test_broken_document_is_reported_and_others_build(built):
    plans, proc, g = built
    assert proc.returncode == 3, proc.stderr
    assert "zz-broken.txt" in proc.stderr and "failed" in proc.stderr  # failures on standard error
    assert not [ln for ln in proc.stdout.splitlines() if ln.startswith("failed")]
    docs = set(g.subjects(DCTERMS.source, None))
    assert len(docs) == len(plans)


def test_extraction_matches_generator_truth(corpus):
    plans, _ = corpus
    for p in plans:
        result = score(to_json(parse_text(p.text, doc_id=p.doc_id)), p.expected)
        for part in ("assignments", "targets", "cited_documents", "ip_types", "industries"):
            assert result[part]["f1"] == 1.0, (p.doc_id, part, result[part])


def test_same_body_is_one_iri_across_documents(built):
    plans, _, g = built
    by_district = defaultdict(set)
    for p in plans:
        by_district[(p.city, p.district)].add(p.doc_id)
    # Every agency IRI names one full name; full names carry their district.
    # Collectives (各成员单位 …) mean different bodies in each document, so they are not merged.
    full = {
        a: str(g.value(a, SKOS.prefLabel))
        for a in set(g.objects(None, PROV.agent))
        if (a, RDF.type, PKG.Collective) not in g
    }
    iri_of = defaultdict(set)
    for a, name in full.items():
        iri_of[name].add(a)
    assert all(len(v) == 1 for v in iri_of.values())
    shared = [d for d, docs in by_district.items() if len(docs) > 1]
    assert shared, "the seed should give at least one district with two plans"
    city, district = shared[0]
    docs = [URIRef(doc_iri(d)) for d in sorted(by_district[shared[0]])]
    agencies_per_doc = []
    for d in docs:
        tasks = [t for t in g.subjects(RDF.type, PKG.KeyTask) if str(t).startswith(str(d) + "/")]
        agencies_per_doc.append(
            {a for t in tasks for a in g.objects(t, PKG.responsibleAgency)}
            | {a for t in tasks for a in g.objects(t, PKG.leadAgency)}
            | {a for t in tasks for a in g.objects(t, PKG.cooperatingAgency)}
        )
    common = set.intersection(*agencies_per_doc)
    assert common, "two plans of one district share agency IRIs"
    for a in common:
        if (a, RDF.type, PKG.Collective) not in g:
            assert district in full[a]  # 长寿区人民法院, 中共长寿区委宣传部
    # A different district's market regulator is a different body.
    regulators = {name for name in full.values() if name.endswith("市场监督管理局")}
    assert len(regulators) > 1


def test_citations_link_to_corpus_documents(built):
    plans, _, g = built
    # Two plans may share a title: a citation links to the one whose IRI sorts first (input order
    # does not matter).
    title_to_iri: dict[str, URIRef] = {}
    for p in plans:
        iri = URIRef(doc_iri(p.doc_id))
        if p.title not in title_to_iri or iri < title_to_iri[p.title]:
            title_to_iri[p.title] = iri
    linked = 0
    for p in plans:
        d = URIRef(doc_iri(p.doc_id))
        refs = set(g.objects(d, DCTERMS.references))
        for cited in p.expected["cited_documents"]:
            t = cited.strip("《》")
            if t in title_to_iri:
                assert title_to_iri[t] in refs
                linked += 1
    assert linked >= 5
