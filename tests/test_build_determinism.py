"""The same input gives byte-identical Turtle, stable IRIs, and Turtle that parses back isomorphic."""

from __future__ import annotations

from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF

from kg.graph.build import build_graph
from kg.graph.iris import agency_iri, doc_iri
from kg.graph.namespaces import PKG


def test_two_builds_are_byte_identical(tmp_path, cli, sample_path):
    outs = []
    for name in ("a", "b"):
        proc = cli("build", str(sample_path), "-o", str(tmp_path / name), "--no-validate", "--jobs", "1")
        assert proc.returncode == 0, proc.stderr
        outs.append((tmp_path / name / "kg.ttl").read_bytes())
    assert outs[0] == outs[1]
    assert b"@prefix pkg:" in outs[0]


def test_turtle_round_trip_is_isomorphic(sample_graph):
    data = sample_graph.serialize(format="turtle")
    back = Graph().parse(data=data, format="turtle")
    assert isomorphic(sample_graph, back)


def test_no_blank_nodes(sample_graph):
    from rdflib import BNode

    assert not any(isinstance(t, BNode) for triple in sample_graph for t in triple)


def test_iris_are_stable(sample_graph, sample_doc):
    d = doc_iri("changshou-ip-plan")
    assert (None, RDF.type, PKG.PolicyDocument) in sample_graph
    assert str(next(sample_graph.subjects(RDF.type, PKG.PolicyDocument))) in {d} | {
        str(s) for s in sample_graph.subjects(RDF.type, PKG.PolicyDocument)
    }
    court = agency_iri("长寿区人民法院")
    assert court.endswith("agency/%E9%95%BF%E5%AF%BF%E5%8C%BA%E4%BA%BA%E6%B0%91%E6%B3%95%E9%99%A2")
    from rdflib import URIRef

    assert (URIRef(court), RDF.type, PKG.Court) in sample_graph


def test_qualified_responsibilities_and_shortcuts_agree(sample_graph):
    g = sample_graph
    for task in g.subjects(RDF.type, PKG.KeyTask):
        qualified = {
            (g.value(r, PROV.agent), g.value(r, PROV.hadRole)) for r in g.objects(task, PKG.hasResponsibility)
        }
        shortcut = {(a, PKG.LeadRole) for a in g.objects(task, PKG.leadAgency)} | {
            (a, PKG.CooperatingRole) for a in g.objects(task, PKG.cooperatingAgency)
        }
        assert qualified == shortcut and qualified


def test_one_agency_one_iri_across_documents(tmp_path):
    from loaders.extract.document import parse_text

    a = parse_text(
        "重庆市长寿区方案\n我区推进。长寿区加快。长寿区建设。\n一、任务\n（一）完善。（区市场监管局负责）\n",
        doc_id="a",
    )
    b = parse_text(
        "重庆市长寿区计划\n我区推进。长寿区加快。长寿区建设。\n一、任务\n（一）完善。（长寿区市场监督管理局负责）\n",
        doc_id="b",
    )
    c = parse_text(
        "重庆市江北区方案\n我区推进。江北区加快。江北区建设。\n一、任务\n（一）完善。（区市场监管局负责）\n",
        doc_id="c",
    )
    g = build_graph([a, b, c])
    agents = {str(o) for o in g.objects(None, PROV.agent)}
    # 江北区 is also 宁波市's (330205; 重庆市's is 500105), so its bodies are keyed by their city
    assert agents == {agency_iri("长寿区市场监督管理局"), agency_iri("重庆市江北区市场监督管理局")}
