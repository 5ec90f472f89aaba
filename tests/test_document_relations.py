"""Document relations (issue 21, part 3): implements / based-on / supersedes / amends, read from the
words around a cited 《title》, linked to the corpus document with that title or kept by the title."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.graph import iris
from kg.graph.build import build_graph
from kg.graph.corpus import build_corpus
from kg.graph.extraction import to_json
from kg.graph.namespaces import PKG
from kg.resources import sample_path
from kg.sparql.run import run_query
from loaders.extract.document import load_document, parse_text
from loaders.records import RelationKind
from loaders.synthetic.corpora import generate_family, write_plans

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev" / "docs"
TASKS = "一、重点任务\n（一）完善政策。内容。（责任单位：区科技局）\n"


def plan(preamble: str, tasks: str = TASKS, title: str = "某区方案", doc_id: str = "d"):
    return parse_text(f"{title}\n{preamble}\n{tasks}", doc_id=doc_id)


def relations(doc) -> list[tuple[str, str]]:
    return [(str(r.kind), r.title) for r in doc.relations]


def codes(doc) -> list[str]:
    return [w.code for w in doc.warnings if w.code.startswith("relation")]


@pytest.mark.parametrize(
    ("preamble", "kind"),
    [
        ("为贯彻落实《某市方案》，结合我区实际，制定本方案。", "implements"),
        ("为深入贯彻落实《某市方案》精神，制定本方案。", "implements"),
        ("为落实《某市方案》，制定本方案。", "implements"),
        ("为有效承接《某市方案》，制定本措施。", "implements"),
        ("贯彻落实重庆市人民政府印发的《某市方案》，制定本方案。", "implements"),
        ("按照《某市方案》要求，制定本方案。", "implements"),
        ("按照《某市方案》部署，制定本方案。", "implements"),
        ("按照《某市方案》有关要求，制定本方案。", "implements"),
        ("按照《某市方案》的工作部署，制定本方案。", "implements"),
        ("根据《某市方案》，制定本方案。", "based-on"),
        ("依据《某市方案》，制定本方案。", "based-on"),
        ("根据《某市方案》（渝府发〔2021〕3号）精神，制定本方案。", "based-on"),
        ("结合《某市方案》精神，制定本方案。", "based-on"),
    ],
)
def test_each_phrasing(preamble, kind):
    doc = plan(preamble)
    assert relations(doc) == [(kind, "《某市方案》")]
    assert doc.cited_documents == ("《某市方案》",)  # a relation is still a citation
    (r,) = doc.relations
    assert doc.text[r.span.start : r.span.end] == r.span.quote and r.span.quote.endswith("《某市方案》")
    assert codes(doc) == []


def test_a_plain_citation_is_no_relation():
    doc = plan("为推动高质量发展，制定本方案。各部门要认真学习《知识产权强国建设纲要》。")
    assert doc.cited_documents == ("《知识产权强国建设纲要》",)
    assert doc.relations == ()


def test_in_a_task_the_words_are_work_to_do():
    # 落实《X》 and 修订《X》 inside a numbered task are instructions, not what this plan does
    tasks = "一、重点任务\n（一）完善政策。严格落实《某市规定》，修订《某市标准》。（责任单位：区科技局）\n"
    doc = plan("为推动高质量发展，制定本方案。", tasks)
    assert set(doc.cited_documents) == {"《某市规定》", "《某市标准》"}
    assert doc.relations == ()


def test_preamble_sections_count():
    tasks = "一、指导思想\n全面贯彻落实《某市纲要》，坚持创新发展。\n二、重点任务\n（一）完善政策。内容。（责任单位：区科技局）\n"
    assert relations(plan("", tasks)) == [("implements", "《某市纲要》")]


def test_one_word_governs_every_title_of_its_clause_with_a_warning():
    doc = plan("根据《甲条例》《乙方案》《丙措施》等文件要求，制定本方案。")
    assert relations(doc) == [("based-on", "《甲条例》"), ("based-on", "《乙方案》"), ("based-on", "《丙措施》")]
    (w,) = [w for w in doc.warnings if w.code == "relation-scope"]
    assert w.span.quote.startswith("根据《甲条例》") and w.span.quote.endswith("《丙措施》")
    # joined by 和, with issuers in between (南充), and by 、 with notes (兰州)
    doc = plan("为贯彻落实国务院《甲意见》和省科技厅等部门印发的《乙方案》精神，制定本计划。")
    assert relations(doc) == [("implements", "《甲意见》"), ("implements", "《乙方案》")]
    doc = plan("按照国家《甲通知》（国家二十条）、《乙通知》（新十条）和省上《丙通知》（省二十条）精神，制定本措施。")
    assert [k for k, _ in relations(doc)] == ["implements"] * 3


def test_a_clause_ends_the_scope():
    doc = plan("为贯彻落实党的二十大精神，根据《甲条例》，制定本方案。")
    assert relations(doc) == [("based-on", "《甲条例》")]
    doc = plan("为贯彻落实党中央决策部署，推动发展，各部门要学习《甲纲要》。")
    assert relations(doc) == []


def test_unclear_scope_is_a_warning_not_a_relation():
    doc = plan("按照《甲通知》，制定本方案。")  # 按照 without 要求/部署/精神
    assert relations(doc) == []
    (w,) = [w for w in doc.warnings if w.code == "relation-unclear"]
    assert w.span.quote == "按照《甲通知》"
    far = "为贯彻落实" + "推动经济社会高质量发展和全面建设现代化强区的战略部署要求加强统筹" + "《甲纲要》，制定本方案。"
    doc = plan(far)
    assert relations(doc) == [] and codes(doc) == ["relation-unclear"]


@pytest.mark.parametrize(
    "closing",
    [
        "本方案自印发之日起施行，《旧方案》同时废止。",
        "本方案自印发之日起施行，同时废止《旧方案》。",
        "本方案自印发之日起施行，原《旧方案》停止执行。",
        "本方案自印发之日起施行，《旧方案》（长府发〔2019〕3号）同时废止。",
        "本方案自印发之日起施行，《旧方案》自2024年1月1日起废止。",
    ],
)
def test_supersedes(closing):
    doc = plan("为推动发展，制定本方案。", TASKS + "二、附则\n" + closing)
    assert relations(doc) == [("supersedes", "《旧方案》")]
    assert "《旧方案》" in doc.cited_documents


def test_supersede_several_and_work_to_do():
    doc = plan("为推动发展，制定本方案。", TASKS + "二、附则\n《甲办法》和《乙办法》同时废止。")
    assert relations(doc) == [("supersedes", "《甲办法》"), ("supersedes", "《乙办法》")]
    tasks = "一、重点任务\n（一）清理文件。研究废止《旧办法》。（责任单位：区司法局）\n"
    doc = plan("为推动发展，制定本方案。", tasks)
    assert relations(doc) == [] and codes(doc) == ["relation-unclear"]


def test_amends():
    doc = plan("为推动发展，制定本决定。", TASKS + "二、附则\n现对《某区办法》作如下修改：删去第三条。")
    assert relations(doc) == [("amends", "《某区办法》")]
    doc = plan("为适应新形势，修订《某区办法》，制定本方案。")
    assert relations(doc) == [("amends", "《某区办法》")]


def test_relations_in_the_json():
    doc = plan("为贯彻落实《某市方案》，制定本方案。")
    j = to_json(doc)
    assert j["relations"] == [
        {"kind": "implements", "title": "《某市方案》", "span": list(doc.relations[0].span.as_list()),
         "quote": "贯彻落实《某市方案》"}
    ]
    assert j["cited_documents"] == ["《某市方案》"]


def test_the_sample():
    doc = load_document(sample_path())
    assert relations(doc) == [("implements", "《重庆市知识产权强市建设纲要》")]
    assert doc.relations[0].span.quote == "贯彻落实重庆市人民政府印发的《重庆市知识产权强市建设纲要》"
    assert codes(doc) == []  # the sample stays free of warnings


@pytest.mark.skipif(not DEV.is_dir(), reason="the shared dev corpus is not here")
def test_dev_plans():
    def of(name):
        return load_document(DEV / f"{name}.txt")

    assert relations(of("aiopc_luohu_2026")) == [
        ("implements", "《深圳市打造人工智能OPC创业生态引领地行动计划（2026—2027年）》")
    ]
    assert [k for k, _ in relations(of("lowaltitude_shenzhen_2024"))] == ["based-on"] * 3
    assert [k for k, _ in relations(of("lanzhou_enterprise_relief_2022"))] == ["implements"] * 3
    assert [k for k, _ in relations(of("aiopc_nanchong_2026"))] == ["implements"] * 2
    assert [k for k, _ in relations(of("zibo_hukou_2022"))] == ["based-on"]
    # 严格落实《X》 in tasks, 修订《X》 as a task, certificates in 《》: no relations
    assert relations(of("altay_realestate_2022")) == []
    assert relations(of("jixi_realestate_2024")) == []
    low = of("lowaltitude_shenzhen_2024")
    assert not [t for k, t in relations(low) if "城市规划标准与准则" in t]
    for name in ("aiopc_luohu_2026", "lowaltitude_shenzhen_2024", "lanzhou_enterprise_relief_2022"):
        d = of(name)
        assert {t for _, t in relations(d)} <= set(d.cited_documents)


def test_graph_links_to_corpus_documents_and_keeps_other_titles():
    city = plan("为贯彻落实《国家纲要》，制定本方案。", title="某市方案", doc_id="city")
    district = plan("为贯彻落实《某市方案》，根据《某省条例》，制定本方案。", doc_id="district")
    g = build_graph([city, district])
    d, c = URIRef(iris.doc_iri("district")), URIRef(iris.doc_iri("city"))
    assert (d, PKG.implements, c) in g and (d, DCTERMS.references, c) in g
    cited = URIRef(iris.cited_iri("《某省条例》"))
    assert (d, PKG.basedOn, cited) in g and (d, DCTERMS.references, cited) in g
    assert (cited, DCTERMS.title, Literal("某省条例", lang="zh")) in g
    assert (c, PKG.implements, URIRef(iris.cited_iri("《国家纲要》"))) in g
    rows = run_query("implementation-chain", {"document": "district"}, graph=g).plain_rows()
    assert [(r["depth"], r["title"], r["in_corpus"]) for r in rows] == [(1, "某市方案", True), (2, "国家纲要", False)]
    # and down: who implements a document, also one known only by its title
    rows = run_query("implementing-documents", {"implemented": "国家纲要"}, graph=g).plain_rows()
    assert [(r["depth"], r["identifier"]) for r in rows] == [(1, "city"), (2, "district")]


def test_generated_family_in_a_corpus_build(tmp_path):
    fam = generate_family(seed=1, districts=3)
    paths = write_plans(fam.plans, tmp_path / "plans")
    build_corpus(paths, tmp_path / "kg", jobs=1, validate=False, copy_ontology=False)
    g = Graph().parse(tmp_path / "kg" / "kg.ttl")
    parent_id = Path(paths[0]).stem
    assert fam.parent.title in g.value(URIRef(iris.doc_iri(parent_id)), DCTERMS.title)
    parent = URIRef(iris.doc_iri(parent_id))
    children = [Path(p).stem for p in paths[1:]]
    assert len(children) == 3
    for child, generated in zip(children, fam.children, strict=True):
        assert generated.implements == (fam.parent.title,)
        assert set(g.objects(URIRef(iris.doc_iri(child)), PKG.implements)) == {parent}
        rows = run_query("implementation-chain", {"document": child}, graph=g).plain_rows()
        assert [(r["depth"], r["identifier"], r["in_corpus"]) for r in rows] == [(1, parent_id, True)]
    rows = run_query("implementing-documents", {"implemented": parent_id}, graph=g).plain_rows()
    assert [(r["depth"], r["identifier"]) for r in rows] == [(1, c) for c in sorted(children)]
    assert [r["issued"] for r in rows] == [
        str(p.date) for _, p in sorted(zip(children, fam.children, strict=True))
    ]
    # the plain citation each child also makes is no relation
    assert len(set(g.subject_objects(PKG.implements))) == 3
    assert not set(g.subject_objects(PKG.basedOn))


def test_deterministic(tmp_path):
    city = plan("为贯彻落实《国家纲要》，制定本方案。", title="某市方案", doc_id="city")
    district = plan("根据《某市方案》《某省条例》等要求，制定本方案。", doc_id="district")
    a = build_graph([city, district]).serialize(format="turtle")
    b = build_graph([district, city]).serialize(format="turtle")
    assert a == b
    assert RelationKind.BASED_ON in {r.kind for r in district.relations}


def test_the_chain_queries_give_no_row_on_a_kg_without_relations_on_either_store(tmp_path):
    """A grouped subquery with no solutions is no row; rdflib's memory store once gave one unbound row,
    which then joined every title in the KG."""
    from kg import build_graph
    from kg.sparql.run import run_query
    from kg.sparql.store import open_kg
    from loaders.extract.document import parse_text
    from loaders.synthetic.corpora import generate_series

    plan = generate_series(seed=3, years=[2020]).plans[0]
    path = tmp_path / "kg.ttl"
    build_graph([parse_text(plan.text, doc_id=plan.doc_id)]).serialize(path, format="turtle")
    for store in ("oxigraph", "memory"):
        g = open_kg(path, store=store)
        for name in ("implementation-chain", "implementing-documents"):
            assert run_query(name, None, graph=g).plain_rows() == [], (store, name)
