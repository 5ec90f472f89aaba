"""Document metadata: title, issuer, document number and date, from the text."""

from __future__ import annotations

from loaders.extract.document import parse_text

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


# ------------------------------------------------------------------ the issuer's place
def _place(text: str):
    doc = parse_text(text, doc_id="d")
    return doc.meta.issuer, [(a.name, a.full_name, a.jurisdiction) for a in doc.agencies]


def test_a_signature_at_the_end_names_the_issuer():
    text = ("关于支持创新的若干措施\n一、重点任务\n（一）完善政策。（责任单位：区科技局）\n"
            "杭州市上城区人民政府办公室2026年3月17日发布。\n")
    issuer, agencies = _place(text)
    assert issuer == "杭州市上城区人民政府办公室"
    assert agencies == [("区科技局", "上城区科学技术局", "上城区")]


def test_a_division_name_ending_like_a_word_is_a_place_and_gets_its_city():
    # 上城区 ends like 城区 (an ordinary word); the division table knows it, and that it is 杭州市's.
    issuer, agencies = _place("上城区支持创新的若干措施\n一、重点任务\n（一）完善政策。（责任单位：区财政局）\n")
    assert issuer == "杭州市上城区"
    assert agencies == [("区财政局", "上城区财政局", "上城区")]


def test_a_prefecture_called_diqu_scopes_its_bodies():
    text = "阿勒泰地区促进发展的具体措施\n一、重点任务\n（一）完善政策。（责任单位：地区财政局，配合单位：地委组织部）\n"
    issuer, agencies = _place(text)
    assert issuer == "新疆维吾尔自治区阿勒泰地区"
    assert agencies == [("地区财政局", "阿勒泰地区财政局", "阿勒泰地区"),
                        ("地委组织部", "中共阿勒泰地区委组织部", "阿勒泰地区")]


def test_a_city_named_once_in_a_text_saying_wo_shi():
    text = ("关于深化改革的实施意见\n为推动我市高质量发展，依托淄博市人口基础信息库，结合我市实际，制定本意见。\n"
            "一、重点任务\n（一）完善政策。（责任单位：市公安局）\n")
    issuer, agencies = _place(text)
    assert issuer == "山东省淄博市"
    assert agencies == [("市公安局", "淄博市公安局", "淄博市")]


def test_bare_department_names_are_the_issuers_own():
    text = ("四川省科学技术厅\n关于支持创新的若干措施\n一、重点任务\n"
            "（一）完善政策。（责任单位：科技厅、教育厅，配合单位：市场监管局、科技部、上城资本）\n")
    _, agencies = _place(text)
    assert agencies == [
        ("科技厅", "四川省科学技术厅", "四川省"), ("教育厅", "四川省教育厅", "四川省"),
        ("市场监管局", "四川省市场监督管理局", "四川省"),
        ("科技部", "科学技术部", "中华人民共和国"),  # a national ministry: its official name, the nation's
        ("上城资本", "上城资本", None),  # not a government body: as written
    ]


def test_a_bare_ting_in_a_city_plan_is_its_provinces():
    text = "成都市人民政府办公室\n关于支持创新的若干措施\n一、重点任务\n（一）完善政策。（责任单位：市科技局，配合单位：科技厅）\n"
    _, agencies = _place(text)
    assert agencies == [("市科技局", "成都市科学技术局", "成都市"), ("科技厅", "四川省科学技术厅", "四川省")]
