"""The analysis workbook (`policykg report -o analysis.xlsx`) read back with openpyxl, and the library
query ``responsibility-table`` that gives the same 分工表, on the sample and on a generated corpus."""

from __future__ import annotations

import math

import pytest

openpyxl = pytest.importorskip("openpyxl")

from kg.networks.projection import network_from_file  # noqa: E402
from kg.networks.sna import node_measures  # noqa: E402
from kg.report import SHEETS, ReportError, write_report  # noqa: E402
from kg.sparql.run import run_query  # noqa: E402

COLUMNS = ("document_id", "number", "title", "lead", "cooperating")


@pytest.fixture(scope="module")
def sample_book(sample_kg_dir, tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "analysis.xlsx"
    write_report(sample_kg_dir / "kg.ttl", path)
    return openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Six generated plans (with their expected tasks) built into a KG."""
    from kg.graph.corpus import build_corpus
    from loaders.synthetic.plans import generate_corpus, write_corpus

    plans = generate_corpus(6, seed=1818)
    src = tmp_path_factory.mktemp("plans")
    write_corpus(plans, src)
    out = tmp_path_factory.mktemp("kg")
    build_corpus([src], out, jobs=1, validate=False)
    return plans, out / "kg.ttl"


def values(ws) -> list[tuple]:
    return [tuple(c.value for c in row) for row in ws.iter_rows(min_row=2)]


def query_rows(data) -> list[tuple]:
    return [tuple(r[c] for c in COLUMNS) for r in run_query("responsibility-table", data=data).plain_rows()]


def test_sheets_and_layout(sample_book):
    assert sample_book.sheetnames == list(SHEETS)
    for ws in sample_book.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
        assert all(c.font.bold for c in ws[1]), ws.title
    ws = sample_book["分工表"]
    # Chinese-friendly widths: a column is at least as wide as its widest cell in display width
    # (two per Chinese character), up to the cap, beyond which the text wraps
    title_width = ws.column_dimensions["C"].width
    assert title_width >= 2 * len("提升知识产权转化运用能力")
    coop = ws.column_dimensions["E"].width
    assert coop == 60 and ws["E8"].alignment.wrap_text


def test_responsibility_sheet_is_the_query(sample_book, sample_kg_dir, gold):
    rows = values(sample_book["分工表"])
    assert [r[:5] for r in rows] == query_rows(sample_kg_dir / "kg.ttl")
    assert {r[5] for r in rows} == {None}  # no task of the sample is marked
    assert [h.value for h in sample_book["分工表"][1]] == ["文件 document", "编号 number", "任务 task",
                                                        "牵头单位 lead", "配合单位 cooperating", "标记 marks"]
    # one row per task, the gold annotation's numbers, titles and agencies in the order written
    assert [r[1] for r in rows] == [t["id"] for t in gold["tasks"]]
    for row, task in zip(rows, gold["tasks"], strict=True):
        assert row[0] == "changshou-ip-plan"
        assert row[2] == task["title"]
        assert row[3] == "、".join(task["lead"])
        assert row[4] == "、".join(task["cooperating"])


def test_agency_sheet_has_the_measures(sample_book, sample_kg_dir):
    ws = sample_book["机构"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r, strict=True)) for r in values(ws)]
    assert len(rows) == 19
    top = rows[0]
    assert top["名称 name"] == "区市场监管局" and top["类型 kind"] == "政府部门" and top["职能 function"] == "市场监管"
    assert all(r["职能 function"] for r in rows)  # every agency of the sample has one
    assert top["牵头任务 tasks led"] == 10 and top["合作单位数 degree"] == 18
    co = node_measures(network_from_file(sample_kg_dir / "kg.ttl", "co-assignment"))
    lead = node_measures(network_from_file(sample_kg_dir / "kg.ttl", "lead"))
    samr = co.index[co["label"] == "区市场监管局"][0]
    assert math.isclose(top["中介中心性 betweenness"], co.loc[samr, "betweenness"])
    assert math.isclose(top["出接近中心性 out-closeness (lead)"], lead.loc[samr, "closeness_out"])
    assert top["牵头对象数 out-degree (lead)"] == 16
    assert {r["社区 community"] for r in rows} == set(co["community"]) and min(co["community"]) == 1
    assert isinstance(top["特征向量中心性 eigenvector"], float)
    assert ws.cell(row=2, column=header.index("中介中心性 betweenness") + 1).number_format == "0.0000"


def test_edge_target_and_citation_sheets(sample_book, gold):
    co = values(sample_book["共同任务"])
    assert len(co) == 90 and sum(r[2] for r in co) == 237
    lead = values(sample_book["牵头配合"])
    assert len(lead) == 23 and sum(r[2] for r in lead) == 60
    assert lead[0][:3] == ("区市场监管局", "区文旅委", 7)
    targets = values(sample_book["指标"])
    assert len(targets) == len(gold["targets"])
    assert all(isinstance(r[0], int) and isinstance(r[2], int | float) for r in targets)
    cited = values(sample_book["引用文件"])
    assert sorted(f"《{r[1]}》" for r in cited) == sorted(gold["cited_documents"])
    overview = {r[0]: r[1:] for r in values(sample_book["网络概要"])}
    assert overview["nodes"] == (19, 19) and overview["edges"] == (90, 23)
    assert overview["top_betweenness"][0] == "区市场监管局"


def test_workbook_on_a_generated_corpus(corpus, tmp_path):
    plans, kg = corpus
    path, _ = write_report(kg, tmp_path / "corpus.xlsx")
    book = openpyxl.load_workbook(path)
    rows = values(book["分工表"])
    assert [r[:5] for r in rows] == query_rows(kg)
    assert len(rows) == sum(len(p.expected["tasks"]) for p in plans)
    assert {r[0] for r in rows} == {p.doc_id for p in plans}
    by_doc = {p.doc_id: p.expected["tasks"] for p in plans}
    for doc_id, tasks in by_doc.items():
        mine = [r for r in rows if r[0] == doc_id]
        assert [r[3] for r in mine] == ["、".join(t["lead"]) for t in tasks]
        assert [r[4] or "" for r in mine] == ["、".join(t["cooperating"]) for t in tasks]


def test_responsibility_query_for_one_document(sample_kg_dir):
    one = run_query("responsibility-table", {"document": "changshou-ip-plan"}, data=sample_kg_dir / "kg.ttl")
    assert len(one) == 12


def test_report_refuses_other_suffixes(sample_kg_dir, tmp_path):
    with pytest.raises(ReportError, match="xlsx"):
        write_report(sample_kg_dir / "kg.ttl", tmp_path / "analysis.csv")
    from kg.sparql.store import KGReadError

    with pytest.raises(KGReadError, match="missing.ttl"):
        write_report(tmp_path / "missing.ttl", tmp_path / "a.xlsx")


def test_target_sheet_lists_every_target_with_or_without_a_year(tmp_path):
    """The 指标 sheet holds every target of the KG — those without a year too — with comparison,
    baseline, nature and kind."""
    from kg.graph.build import build_graph
    from loaders.extract.document import parse_text

    text = (
        "某县产业发展方案\n一、发展目标\n"
        "到2027年，某县规上工业增加值由80亿元提高到120亿元以上，年均增长8%左右。\n"
        "二、重点任务\n（一）壮大产业。新建标准厂房10万平方米。（县工信局负责）\n"
        "附表 主要指标\n指标 | 单位 | 2022年 | 2027年 | 属性\n森林覆盖率 | % | 45 | 48 | 约束性\n"
    )
    doc = parse_text(text, doc_id="plan")
    kg = tmp_path / "kg.ttl"
    build_graph([doc]).serialize(kg, format="turtle")
    path, _ = write_report(kg, tmp_path / "analysis.xlsx")
    ws = openpyxl.load_workbook(path)["指标"]
    header = [c.value for c in ws[1]]
    assert header == ["年份 year", "指标 indicator", "目标值 value", "单位 unit", "比较 comparison",
                      "基期值 baseline", "基期年份 baseline year", "性质 nature", "类型 kind", "文件 document"]
    got = {(r[1], r[2]): r for r in values(ws)}
    assert len(got) == len(doc.targets) == 4
    assert got[("某县规上工业增加值", 120)][:9] == (2027, "某县规上工业增加值", 120, "亿元", "at least", 80, None,
                                                None, "水平类指标")
    assert got[("某县规上工业增加值", 8)][4] == "about" and got[("某县规上工业增加值", 8)][8] == "增速类指标"
    assert got[("森林覆盖率", 48)][5:8] == (45, 2022, "约束性")
    assert got[("新建标准厂房", 10)][0] is None  # no year: listed all the same, last
    assert values(ws)[-1][1] == "新建标准厂房"
