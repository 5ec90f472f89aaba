"""Document dates and plan periods (issue 21, part 5): dcterms:issued, pkg:periodStart/periodEnd/
periodLabel, from the text."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.graph import iris
from kg.graph.build import build_graph
from kg.graph.extraction import to_json
from kg.graph.namespaces import PKG
from kg.resources import sample_path
from loaders.extract.document import load_document, parse_text
from loaders.extract.metadata import find_date, find_period
from loaders.synthetic.corpora import generate_series, write_plans
from loaders.vocab.relations import FIVE_YEAR_PLANS

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev" / "docs"
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
XSD_GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")
TASKS = "一、重点任务\n（一）完善政策。内容。（责任单位：区科技局）\n"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("深圳市低空基础设施高质量建设方案（2024—2026年）", ((2024, 2026), None)),
        ("某市行动计划(2021-2025年)", ((2021, 2025), None)),
        ("某市行动计划（2021～2025年）", ((2021, 2025), None)),
        ("某市行动计划（2021年—2025年）", ((2021, 2025), None)),
        ("长寿区“十四五”知识产权规划", ((2021, 2025), "十四五")),
        ("长寿区十四五知识产权规划", ((2021, 2025), "十四五")),
        ("某县“十三五”脱贫攻坚规划", ((2016, 2020), "十三五")),
        ("某市“十五五”科技创新规划", ((2026, 2030), "十五五")),
        ("某市“十五”计划纲要", ((2001, 2005), "十五")),
        ("阿勒泰地区促进房地产市场平稳健康发展十五条具体措施", (None, None)),
        ("某区方案", (None, None)),
        # one year: a one-year plan, unless a deadline or a date
        ("长寿区2024年知识产权工作要点", ((2024, 2024), None)),
        ("某县2023年度工作计划", ((2023, 2023), None)),
        ("到2025年某市行动方案", (None, None)),
        ("某区2024年12月工作安排", (None, None)),
    ],
)
def test_period_from_the_title(title, expected):
    assert find_period(title, "") == expected


def test_period_from_the_body():
    assert find_period("某区方案", "为推动发展，制定2023—2025年行动方案。") == ((2023, 2025), None)
    assert find_period("某区方案", "“十四五”时期，我区……") == ((2021, 2025), "十四五")
    # a cited plan's period is not this plan's; nor a bare number 十五, nor a date range
    assert find_period("某区方案", "为落实《某市规划（2021—2025年）》，制定十五条措施。") == (None, None)
    assert find_period("某区方案", "购房人于2024年12月1日至2025年5月31日内购买") == (None, None)
    # the title wins over the body
    assert find_period("某区方案（2024—2026年）", "“十四五”时期") == ((2024, 2026), None)


def test_five_year_plans_table():
    assert FIVE_YEAR_PLANS["十四五"] == (2021, 2025)
    assert FIVE_YEAR_PLANS["十三五"] == (2016, 2020)
    for a, b in FIVE_YEAR_PLANS.values():
        assert b - a == 4


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("正文。\n某区人民政府\n2021年12月3日", "2021-12-03"),
        ("正文。\n某区人民政府\n二〇二一年十二月三日", "2021-12-03"),
        ("正文。\n杭州市上城区人民政府办公室2026年3月17日发布。", "2026-03-17"),
        ("某市人民政府办公室关于印发某方案的通知\n各区：\n现印发。\n某市人民政府办公室\n2025年6月29日\n某方案\n正文。\n"
         "一\n二\n三\n四\n五\n六", "2025-06-29"),
        ("正文，本方案自2026年7月31日起施行。", None),
    ],
)
def test_dates(text, date):
    assert find_date(text) == date


def test_graph_and_json():
    doc = parse_text(f"长寿区“十四五”知识产权规划\n为推动发展，制定本规划。\n{TASKS}某区人民政府\n2021年12月3日\n",
                     doc_id="d")
    assert (doc.meta.date, doc.meta.period, doc.meta.period_label) == ("2021-12-03", (2021, 2025), "十四五")
    g = build_graph([doc])
    d = URIRef(iris.doc_iri("d"))
    assert (d, DCTERMS.issued, Literal("2021-12-03", datatype=XSD_DATE)) in g
    assert (d, PKG.periodStart, Literal("2021", datatype=XSD_GYEAR)) in g
    assert (d, PKG.periodEnd, Literal("2025", datatype=XSD_GYEAR)) in g
    assert (d, PKG.periodLabel, Literal("十四五", lang="zh")) in g
    j = to_json(doc)["document"]
    assert (j["date"], j["period"], j["period_label"]) == ("2021-12-03", [2021, 2025], "十四五")
    # years only: no label
    doc = parse_text(f"某区方案（2024—2026年）\n{TASKS}", doc_id="e")
    g = build_graph([doc])
    assert not set(g.objects(URIRef(iris.doc_iri("e")), PKG.periodLabel))
    assert (URIRef(iris.doc_iri("e")), PKG.periodEnd, Literal("2026", datatype=XSD_GYEAR)) in g


def test_the_sample_states_no_date_and_no_period():
    # The bundled sample is the body of the plan only: no title line, no signature, and its goals (到2025年,
    # 到2035年) are goal years, not a plan period.
    doc = load_document(sample_path())
    assert (doc.meta.date, doc.meta.period, doc.meta.period_label) == (None, None, None)
    assert doc.goal_years == (2025, 2035)


@pytest.mark.skipif(not DEV.is_dir(), reason="the shared dev corpus is not here")
def test_dev_plans():
    expected = {
        "aiopc_luohu_2026": ("2026-04-24", None),  # …（乡村振兴和协作交流局）2026年4月24日发布。
        "aiopc_nanchong_2026": ("2025-06-29", (2026, 2027)),  # the covering notice's date; period in the title
        "aiopc_ningbo_2026": ("2026-04-20", None),
        "aiopc_shangcheng_2026": ("2026-03-17", None),
        "aiopc_sichuan_2026": ("2026-04-16", (2026, 2027)),  # signed by three bodies, dated in the head
        "aiopc_taian_2026": ("2026-05-07", None),
        "aiopc_zhengzhou_2026": ("2026-06-24", None),
        "lanzhou_enterprise_relief_2022": ("2022-12-13", None),
        "lowaltitude_shenzhen_2024": (None, (2024, 2026)),
        "altay_realestate_2022": (None, None),
        "jixi_realestate_2024": (None, None),  # 2024年12月1日至2025年5月31日 is a purchase window
        "zibo_hukou_2022": (None, None),
    }
    for name, (date, period) in expected.items():
        m = load_document(DEV / f"{name}.txt").meta
        assert (m.date, m.period) == (date, period), name


def test_generated_series(tmp_path):
    series = generate_series(seed=1, years=range(2019, 2025))
    paths = write_plans(series.plans, tmp_path)
    labels = set()
    for path, generated in zip(paths, series.plans, strict=True):
        m = load_document(path).meta
        assert (m.date, m.period) == (generated.date, generated.period), path
        labels.add(m.period_label)
    assert labels == {None, "十四五"}


def test_deterministic():
    text = f"长寿区“十四五”知识产权规划\n{TASKS}2021年12月3日\n"
    a = build_graph([parse_text(text, doc_id="d")]).serialize(format="turtle")
    b = build_graph([parse_text(text, doc_id="d")]).serialize(format="turtle")
    assert a == b
