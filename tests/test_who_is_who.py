"""Issue 27, who is who: each document's title, number, date and place, and one agency for one body.

One test per rule on short texts written for the test, then the dev corpus: the metadata floor
(benchmarks/score_metadata.py), the corpus-level check (queries/checks/agency-across-jurisdictions-violation.rq)
and the national bodies' official names on the 27 plans built into one KG.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from benchmarks.score_metadata import score
from kg.graph import iris
from kg.graph.build import build_graph
from kg.graph.jurisdictions import APART_CODE, NATION, document_place, with_jurisdictions
from kg.sparql.run import run_query
from kg.sparql.store import open_kg
from loaders.extract.agencies import resolve_agency
from loaders.extract.document import load_document, parse_text
from loaders.extract.metadata import (
    NATIONAL,
    find_document_number,
    find_jurisdiction,
    find_period,
    jurisdiction_of,
    read_metadata,
)
from loaders.extract.warnings import CODES
from loaders.vocab.lexicon import get_lexicon

DEV = Path(__file__).resolve().parent / "data" / "dev"
TASKS = "一、重点任务\n（一）完善政策。内容。（责任单位：{units}）\n"


def meta(text: str):
    return read_metadata(text)


# ------------------------------------------------------------------------------------ titles
def test_a_title_wrapped_over_two_lines_is_joined():
    m = meta("国务院关于做好当前和今后一个时期\n促进就业工作的若干意见\n国发〔2018〕39号\n各省：\n正文。\n")
    assert m.title == "国务院关于做好当前和今后一个时期促进就业工作的若干意见"


def test_a_title_wrapped_with_blank_lines_between_is_joined():
    m = meta("关于进一步提振市场信心\n\n促进经济平稳健康运行的若干政策举措\n\n\n为推动发展，现提出以下举措。\n")
    assert m.title == "关于进一步提振市场信心促进经济平稳健康运行的若干政策举措"


def test_a_draft_note_under_the_title_is_not_part_of_it():
    m = meta("关于促进房地产市场平稳健康发展的若干措施\n(征求意见稿)\n为促进我县发展，制定以下措施：\n")
    assert m.title == "关于促进房地产市场平稳健康发展的若干措施"


def test_an_attachment_line_above_the_title_is_not_part_of_it():
    assert meta("附件1\n成都市支持数字经济发展行动计划\n为推动发展，制定本计划。\n").title == "成都市支持数字经济发展行动计划"


def test_a_short_first_line_is_the_title_when_none_ends_like_one():
    assert meta("福州市支持人工智能发展十二招\n为推动发展，制定以下措施。\n").title == "福州市支持人工智能发展十二招"
    assert meta("福州市人民政府\n为推动发展，制定以下措施。\n").title is None  # a body, not a title


def test_a_notice_gives_the_plan_title_as_printed_under_the_notice():
    text = ("某市卫生健康委等4部门关于印发推进某市签约服务发展实施方案的通知\n各区：\n现印发给你们。\n"
            "某市卫生健康委员会\n2023年10月19日\n关于推进某市签约服务发展实施方案\n为推进发展，制定本方案。\n")
    m = meta(text)
    assert m.title.endswith("实施方案的通知")
    assert m.plan_titles == ("关于推进某市签约服务发展实施方案",)  # the heading as printed, with 关于


def test_a_printed_plan_title_wrapped_over_lines_is_joined():
    text = ("关于印发河南省加快完善生育支持政策体系若干政策措施的通知\n各省辖市人民政府：\n现印发给你们。\n"
            "河南省人民政府办公厅\n2025年12月10日\n河南省加快完善生育支持\n政策体系若干政策措施\n为贯彻落实，制定措施。\n")
    assert meta(text).plan_titles == ("河南省加快完善生育支持政策体系若干政策措施",)


def test_one_notice_may_print_two_plans():
    text = "某市人民政府关于印发《甲行动方案》和《乙管理办法》的通知\n各区：\n现印发给你们。\n"
    assert meta(text).plan_titles == ("甲行动方案", "乙管理办法")


def test_the_issuers_header_line_opens_the_title_a_red_header_does_not():
    text = ("广元市人民政府\n关于印发《广元市若干具体政策措施》的通知\n各县(区)人民政府:\n现印发给你们。\n"
            "广元市人民政府\n2023年7月1日\n")
    m = meta(text)
    assert m.title == "广元市人民政府关于印发《广元市若干具体政策措施》的通知"
    assert m.plan_titles == ("广元市若干具体政策措施",)
    assert meta("广元市人民政府文件\n" + text).title == m.title


def test_a_portals_information_block_gives_the_fields():
    text = ("索引号：000014349/2018-00123\n发文机关：国务院\n成文日期：2018年11月16日\n"
            "标题：国务院关于促进就业的若干意见\n发文字号：国发〔2018〕39号\n发布日期：2018年12月5日\n"
            "各省、自治区、直辖市人民政府：\n正文。\n")
    m = meta(text)
    assert (m.title, m.issuers, m.document_number, m.date) == (
        "国务院关于促进就业的若干意见", ("国务院",), "国发〔2018〕39号", "2018-11-16")
    assert m.jurisdiction is NATIONAL


# ----------------------------------------------------------------------------------- issuers
def test_several_issuers_sign_two_to_a_line_and_a_second_name_in_brackets():
    text = ("关于印发某方案的通知\n各单位：\n现印发给你们。\n四川省科学技术厅\n（四川省人工智能产业链链长办公室）\n"
            "四川省人力资源和社会保障厅    四川省经济和信息化厅\n2026年4月16日\n某方案\n正文。\n")
    assert meta(text).issuers == (
        "四川省科学技术厅（四川省人工智能产业链链长办公室）", "四川省人力资源和社会保障厅", "四川省经济和信息化厅")


def test_an_issuer_and_date_closing_the_text_on_one_line():
    text = "罗湖区支持某产业发展若干措施\n正文。\n罗湖区科技和工业信息化局（乡村振兴和协作交流局）2026年4月24日发布。\n"
    m = meta(text)
    assert m.issuers == ("罗湖区科技和工业信息化局（乡村振兴和协作交流局）",) and m.date == "2026-04-24"


def test_the_signing_date_not_the_printing_date_of_the_copy_block():
    text = ("某市人民政府办公室关于某事的通知\n各区：\n正文。\n某市人民政府办公室\n2021年3月1日\n"
            "（此件公开发布）\n抄送：市委各部门。\n某市人民政府办公室 2021年3月2日印发\n")
    assert meta(text).date == "2021-03-01"


def test_a_text_that_names_no_issuer_has_none():
    assert meta("沈阳市促进就业若干政策措施\n为促进就业，现提出如下措施。\n一、实施工程\n").issuers == ()


# --------------------------------------------------------------------------- document number
def test_the_own_document_number_stands_on_its_line_in_brackets_or_not():
    assert find_document_number("关于某事的通知\n(黔府办发〔2022〕17号)\n各市：\n") == "黔府办发〔2022〕17号"
    assert find_document_number("某区若干措施\n罗科工〔2026〕7号\n为推动发展。\n") == "罗科工〔2026〕7号"
    assert find_document_number("某省人民政府文件\n川府发〔2021〕1号    签发人：某某\n") == "川府发〔2021〕1号"


def test_a_document_number_cited_in_a_sentence_is_another_documents():
    text = "关于深化改革的实施意见\n根据《某省通知》(鲁政办字〔2020〕176号)精神，结合我市实际，制定本意见。\n"
    assert find_document_number(text) is None


# ------------------------------------------------------------------------------ jurisdictions
@pytest.mark.parametrize(
    ("number", "place"),
    [("国发〔2019〕3号", "中华人民共和国"), ("国办发〔2018〕117号", "中华人民共和国"),
     ("穗府〔2020〕1号", "广州市"), ("皖政办秘〔2023〕5号", "安徽省"), ("黔府办发〔2022〕17号", "贵州省")],
)
def test_the_document_number_prefix_names_the_place(number, place):
    assert find_jurisdiction("正文。", (), None, number).local == place


def test_a_prefix_several_places_share_is_settled_by_the_text_or_not_at_all():
    assert find_jurisdiction("泰安市的正文。", (), None, "泰政办发〔2026〕1号").local == "泰安市"
    assert find_jurisdiction("正文。", (), None, "泰政办发〔2026〕1号") is None


def test_the_title_place_inside_the_numbers_place_is_the_finer_one():
    j = find_jurisdiction("正文。", (), "长寿区知识产权强区建设实施方案", "渝长府办发〔2022〕12号")
    assert (j.local, j.parent) == ("长寿区", "重庆市")
    assert find_jurisdiction("正文。", (), "上城区若干措施", "黔府办发〔2022〕17号").local == "贵州省"


def test_a_national_issuer_makes_a_national_document():
    assert find_jurisdiction("正文。", ("国务院办公厅",)) is NATIONAL


def test_national_ministries_signing_together_make_a_national_document():
    text = ("关于印发某行动方案的通知\n各省、自治区、直辖市有关部门：\n现印发。\n国家发展改革委    教育部\n"
            "财政部\n2021年1月5日\n为推动发展，河南省和河南省、湖北省试点。\n全省推进。\n")
    m = meta(text)
    assert m.issuers == ("国家发展改革委", "教育部", "财政部") and m.jurisdiction is NATIONAL


def test_the_issuers_name_gives_the_place_and_its_parent():
    j = find_jurisdiction("正文。", ("杭州市上城区人民政府办公室",))
    assert (j.local, j.parent, j.level) == ("上城区", "杭州市", "区")


def test_a_phrase_that_only_holds_a_level_word_is_never_a_place():
    text = "关于推进人才集聚工程的实施意见\n1.目标。2012年起5年内，市、区两级引进人才。5年内市财政投入。我市全市\n"
    assert find_jurisdiction(text) is None
    j = find_jurisdiction(text + "根据《中共广州市委、广州市人民政府的决定》，赢在广州。\n")
    assert j.local == "广州市" and j.parent == "广东省"


def test_a_province_named_only_by_its_short_name():
    text = "关于若干政策举措\n全省推进。（责任单位：省财政厅、安徽证监局、安徽银保监局）全省落实。\n"
    assert find_jurisdiction(text).local == "安徽省"


def test_the_self_reference_picks_the_level_among_the_places_named():
    text = "关于若干措施\n促进我县发展，依据《绩溪县商品房合同》，宣城市指导，结合我县实际。\n"
    j = find_jurisdiction(text)
    assert (j.local, j.parent) == ("绩溪县", "宣城市")


def test_a_period_stated_as_a_start_year_and_a_length():
    assert find_period("关于推进人才集聚工程的实施意见", "1.目标。2012年起5年内，大力实施。") == ((2012, 2016), None)


def test_a_period_named_in_a_task_is_not_the_plans():
    body = "为推进建设，制定本措施。\n一、加快建设\n（一）对“十四五”期间建成投产的项目给予支持。\n"
    assert find_period("某省若干措施", body) == (None, None)


# ------------------------------------------------------------------------ one body, one IRI
def resolve(name: str, place: str | None, doc: str = "d"):
    jur = NATIONAL if place == "中华人民共和国" else (jurisdiction_of(place) if place else None)
    return resolve_agency(name, get_lexicon(), jur, doc)


def test_relative_names_belong_to_the_documents_place():
    nanjing, shenyang = resolve("市财政局", "南京市"), resolve("市财政局", "沈阳市")
    assert (nanjing.key, shenyang.key) == ("南京市财政局", "沈阳市财政局")


def test_an_autonomous_regions_relative_names_are_its_own():
    assert resolve("自治区财政厅", "广西壮族自治区").key == "广西壮族自治区财政厅"
    assert resolve("自治区党委宣传部", "广西壮族自治区").key == "中共广西壮族自治区委宣传部"
    assert resolve("自治州发展改革委", "湘西土家族苗族自治州").key == "湘西土家族苗族自治州发展和改革委员会"
    assert resolve("区财政局", "南宁市").key != resolve("自治区财政厅", "南宁市").key


def test_the_youth_league_committee_of_each_city_is_its_own():
    keys = {resolve("团市委", city).key for city in ("南京市", "沈阳市", "广州市", "郑州市")}
    assert keys == {"共青团南京市委员会", "共青团沈阳市委员会", "共青团广州市委员会", "共青团郑州市委员会"}
    assert resolve("团省委", "河南省").key == "共青团河南省委员会"


def test_a_bare_name_is_the_nations_in_a_national_document_and_the_provinces_in_a_provincial_one():
    assert resolve("药监局", "中华人民共和国").key == "国家药品监督管理局"
    assert resolve("药监局", "河南省").key == "河南省药品监督管理局"
    assert resolve("总工会", "中华人民共和国").key == "中华全国总工会"
    assert resolve("总工会", "河南省").key != resolve("总工会", "福清市").key


def test_a_bare_name_of_a_body_only_provinces_have_is_the_provinces_in_a_city_plan():
    assert resolve("药监局", "郑州市").key == "河南省药品监督管理局"
    assert resolve("科技厅", "上城区").key == "浙江省科学技术厅"
    assert resolve("市场监管局", "郑州市").key == "郑州市市场监督管理局"


def test_a_bare_name_whose_place_is_unknown_is_kept_apart_per_document():
    a, b = resolve("总工会", None, "plan-a"), resolve("总工会", None, "plan-b")
    assert a.key == "plan-a/总工会" and b.key == "plan-b/总工会"


def test_a_body_kept_apart_is_flagged_at_build_time():
    doc = with_jurisdictions(parse_text("关于若干措施\n" + TASKS.format(units="总工会、市财政局"), doc_id="d"))
    flagged = [(w.code, w.span.quote) for w in doc.warnings if w.code == APART_CODE]
    assert flagged == [(APART_CODE, "总工会"), (APART_CODE, "市财政局")]
    assert APART_CODE in CODES
    placed = with_jurisdictions(parse_text("河南省人民政府办公厅\n" + TASKS.format(units="总工会"), doc_id="h"))
    assert [w for w in placed.warnings if w.code == APART_CODE] == []


def test_national_bodies_resolve_to_their_official_names_in_any_document():
    for place in ("中华人民共和国", "南充市", None):
        finance = resolve("财政部", place)
        assert (finance.key, finance.jurisdiction) == ("财政部", "中华人民共和国")
    assert resolve("人力资源社会保障部", "四川省").full_name == "人力资源和社会保障部"
    assert resolve("发展改革委", "中华人民共和国").full_name == "国家发展和改革委员会"
    assert resolve("人民银行", "中华人民共和国").full_name == "中国人民银行"


def test_a_relative_name_ending_like_a_national_label_is_the_places_body():
    assert resolve("市邮政局", "南充市").key == "南充市邮政局"


def test_a_national_bodys_branch_is_one_node_however_its_head_is_written():
    short, full = resolve("人行南充市分行", "南充市"), resolve("中国人民银行南充市分行", "四川省")
    assert short.key == full.key == "中国人民银行南充市分行" and short.jurisdiction == "南充市"
    assert resolve("人民银行贵阳中心支行", "贵州省").key == "中国人民银行贵阳市中心支行"
    assert resolve("国网省电力公司", "湖北省").key == "国家电网有限公司湖北省电力公司"
    assert resolve("国网省电力公司", None, "plan-a").key == "plan-a/国网省电力公司"


def test_a_scoped_collective_is_a_collective():
    a = resolve("省有关部门和单位", "贵州省", "plan-a")
    assert (a.kind, a.key) == ("Collective", "plan-a/省有关部门和单位")


def test_a_name_nothing_places_is_kept_apart_per_document():
    assert resolve("功能区管委会", "泰安市", "plan-a").key == "plan-a/功能区管委会"
    assert resolve("深圳港集团", "深圳市").key == "深圳港集团"  # named after its place: one body


def test_the_document_place_reaches_the_graph_for_a_national_issuer():
    doc = parse_text("国务院关于某事的意见\n国发〔2019〕3号\n" + TASKS.format(units="财政部、发展改革委"), doc_id="g")
    assert document_place(doc) is NATION
    assert {a.key for a in doc.agencies} == {"财政部", "国家发展和改革委员会"}


# --------------------------------------------------------------------------------- dev corpus
@pytest.fixture(scope="module")
def dev_docs():
    return [load_document(p, require_tasks=False) for p in sorted((DEV / "docs").glob("*.txt"))]


@pytest.fixture(scope="module")
def dev_kg(dev_docs):
    return open_kg(build_graph(dev_docs))


def test_metadata_floor_on_the_dev_plans():
    s = score()
    assert s["total"]["stated"] >= 116
    assert s["total"]["right"] / s["total"]["stated"] >= 0.98
    assert s["total"]["extra"] <= 2
    for field, f in s["fields"].items():
        assert f["right"] / f["stated"] >= 0.9, field


def test_the_graph_gets_the_metadata_read_metadata_reads(dev_docs):
    for doc in dev_docs:
        m = read_metadata(doc.text)
        assert (doc.meta.document_number, doc.meta.date, doc.meta.period) == (m.document_number, m.date, m.period)
        assert doc.meta.title == (m.plan_titles[0] if len(m.plan_titles) == 1 else m.title), doc.meta.id
        assert doc.meta.issuer == (m.issuers[0] if m.issuers else m.jurisdiction.name), doc.meta.id


def test_the_check_finds_no_agency_across_jurisdictions_on_the_dev_corpus(dev_kg):
    assert run_query("agency-across-jurisdictions-violation", graph=dev_kg).rows == []


# Names that are a level word or a list of them, never a unit of their own (parts of a collective).
FRAGMENTS = {"州", "市", "县", "区", "县级市", "县（市）", "县(市)", "市（州）", "区（县）", "特区", "自治州"}


def test_no_fragment_is_an_agency_on_the_dev_corpus(dev_docs, dev_kg):
    assert run_query("fragment-agency-violation", graph=dev_kg).rows == []
    names = {a.name for d in dev_docs for a in d.agencies}
    assert names & FRAGMENTS == set()
    assert all(len(n) > 1 for n in names)


def test_national_bodies_carry_their_official_names_on_the_dev_corpus(dev_docs, dev_kg):
    g = build_graph(dev_docs)
    for key in ("财政部", "人力资源和社会保障部", "国家发展和改革委员会", "中国人民银行", "国家市场监督管理总局"):
        node = URIRef(iris.agency_iri(key))
        assert (node, SKOS.prefLabel, Literal(key, lang="zh")) in g, key
        assert g.value(node, URIRef("https://w3id.org/policykg/ontology#inJurisdiction")) == URIRef(NATION.iri)
