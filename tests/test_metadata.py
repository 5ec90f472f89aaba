"""Document metadata: title, issuer, document number and date, from the text."""

from __future__ import annotations

from loaders.document import parse_text

NOTICE = """重庆市长寿区人民政府办公室
关于印发《长寿区知识产权强区建设实施方案》的通知
长寿府办发〔2022〕12号
各街道办事处、镇人民政府，区政府各部门，有关单位：
《长寿区知识产权强区建设实施方案》已经区政府同意，现印发给你们，请认真贯彻执行。
重庆市长寿区人民政府办公室
2022年3月1日
长寿区知识产权强区建设实施方案
一、重点任务
（一）完善政策体系。加强统筹。（责任单位：区市场监管局）
"""


def test_covering_notice_metadata():
    doc = parse_text(NOTICE, doc_id="n")
    m = doc.meta
    assert m.title == "长寿区知识产权强区建设实施方案"
    assert m.issuer == "重庆市长寿区人民政府办公室"
    assert m.document_number == "长寿府办发〔2022〕12号"
    assert m.date == "2022-03-01"
    assert doc.agencies[0].full_name == "长寿区市场监督管理局"


def test_state_council_number_and_chinese_date():
    text = "国务院关于加强知识产权保护的意见\n国发〔2019〕3号\n一、重点任务\n（一）完善制度。（市场监管总局牵头，公安部配合）\n国务院\n二〇一九年十一月二十四日\n"
    doc = parse_text(text, doc_id="g")
    assert doc.meta.document_number == "国发〔2019〕3号"
    assert doc.meta.date == "2019-11-24"
    assert doc.meta.title == "国务院关于加强知识产权保护的意见"
    assert doc.tasks[0].lead == ("市场监管总局",)


def test_self_citation_is_not_a_reference():
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS

    from kg.graph.build import build_graph
    from kg.graph.iris import doc_iri

    g = build_graph([parse_text(NOTICE, doc_id="n")])
    assert list(g.objects(URIRef(doc_iri("n")), DCTERMS.references)) == []
