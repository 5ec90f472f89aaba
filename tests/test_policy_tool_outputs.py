"""The policy-tool analyses: the library queries on the sample (numbers from the codebook's worked examples where
the coder agrees with them, else from the extracted records) and on a corpus of dev plans (tool × year)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kg.sparql.run import run_query
from kg.sparql.store import open_kg
from loaders.vocab.tools import LABEL_CODE, TOOLS

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "data" / "dev" / "docs"


@pytest.fixture(scope="module")
def kg(sample_kg_dir):
    return open_kg(sample_kg_dir / "kg.ttl")


def rows(kg, name, **params):
    return run_query(name, params, graph=kg).plain_rows()


def test_types_table_on_the_sample(kg):
    """供给型 / 环境型 / 需求型 in that order; the sample deploys no demand-side tool (codebook Appendix A: "需求型
    缺位"), and the primary tools by type are the codebook's: 3 supply-side, 9 environment-side."""
    got = rows(kg, "policy-tool-types", document="changshou-ip-plan")
    assert [r["type_label"] for r in got] == ["供给型", "环境型", "需求型"]
    assert [r["primary_tasks"] for r in got] == [3, 9, 0]
    demand = got[2]
    assert demand["uses"] == 0 and float(demand["percent"]) == 0
    assert sum(r["uses"] for r in got) == got[0]["uses_in_document"]
    assert sum(float(r["percent"]) for r in got) == pytest.approx(100, abs=0.11)


def test_distribution_table_counts_the_records(kg, sample_doc):
    got = rows(kg, "policy-tool-distribution")
    uses = Counter(u for t in sample_doc.tasks for u in t.tools)
    primary = Counter(t.primary_tool for t in sample_doc.tasks)
    assert {f"{r['type_label']}/{r['tool_label']}": r["tasks"] for r in got} == dict(uses)
    assert {f"{r['type_label']}/{r['tool_label']}": r["primary_tasks"] for r in got if r["primary_tasks"]} == \
        dict(primary)
    total = sum(uses.values())
    for r in got:
        assert r["uses_in_document"] == total
        assert float(r["percent"]) == pytest.approx(round(1000 * r["tasks"] / total) / 10)
    # in the codebook's order: supply-side first, then environment-side
    codes = [r["code"] for r in got]
    assert codes == sorted(codes, key=list(TOOLS).index)


def test_tasks_by_tool(kg, sample_doc):
    """知识产权保护: the three protection tasks of the codebook, each with it as primary tool, plus (九)."""
    got = rows(kg, "tasks-by-policy-tool", tool="知识产权保护")
    expected = [t.id for t in sample_doc.tasks if "环境型/知识产权保护" in t.tools]
    assert [r["id"] for r in got] == expected
    assert {"（三）", "（四）", "（五）"} <= set(expected)
    assert {r["id"] for r in got if r["primary"]} == {"（三）", "（四）", "（五）"}
    for r in got:
        assert r["evidence"] and r["evidence"] in sample_doc.text
    # a type selects its sub-tools; the sample deploys no demand-side tool and no tax relief
    assert rows(kg, "tasks-by-policy-tool", tool="需求型") == []
    assert rows(kg, "tasks-by-policy-tool", tool="税收优惠") == []
    # the JSON label and the code name the same concept
    assert rows(kg, "tasks-by-policy-tool", tool="环境型/知识产权保护") == got
    assert rows(kg, "tasks-by-policy-tool", tool="E5") == got


def test_tools_by_agency(kg, sample_doc):
    got = rows(kg, "policy-tools-by-agency", agency="区法院")
    led = [t for t in sample_doc.tasks if "区法院" in t.lead]
    expected = Counter(u for t in led for u in t.tools)
    assert {f"{r['type_label']}/{r['tool_label']}": r["tasks"] for r in got} == dict(expected)
    assert {r["full_name"] for r in got} == {"长寿区人民法院"}
    one = rows(kg, "policy-tools-by-agency", tool="知识产权保护")
    leads = Counter(a for t in sample_doc.tasks if "环境型/知识产权保护" in t.tools for a in set(t.lead))
    assert {r["label"]: r["tasks"] for r in one} == dict(leads)


def test_tools_by_ip_type_and_industry(kg, sample_doc):
    """Each cell counts the tasks that concern the IP type (or industry) and deploy the tool: the tasks are
    those `tasks-by-ip-type` (tested in test_queries.py) gives."""
    patent_tasks = {r["id"] for r in rows(kg, "tasks-by-ip-type", ip_type="专利")}
    expected = Counter(u for t in sample_doc.tasks if t.id in patent_tasks for u in t.tools)
    got = [r for r in rows(kg, "policy-tools-by-ip-type") if r["ip_type_label"] == "专利"]
    assert {f"{r['type_label']}/{r['tool_label']}": r["tasks"] for r in got} == dict(expected)
    ind = rows(kg, "policy-tools-by-industry", tool="技术支持")
    assert ind and all(r["tool_label"] == "技术支持" for r in ind)
    for r in ind:
        tasks = {x["id"] for x in rows(kg, "tasks-by-industry", industry=r["industry_label"])}
        assert r["tasks"] == sum("供给型/技术支持" in t.tools for t in sample_doc.tasks if t.id in tasks)


def test_unknown_tool_is_one_line(cli, sample_kg_dir):
    r = cli("query", "tasks-by-policy-tool", "--data", str(sample_kg_dir), "-p", "tool=不存在的工具")
    assert r.returncode != 0
    assert "policy-tool" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Two dev plans issued in different years (2018, 2024) and one without a date."""
    from kg.graph.corpus import build_corpus

    out = tmp_path_factory.mktemp("tools-corpus")
    names = ["gov_nongjihua_2018", "lowaltitude_shenzhen_2024", "anhui_tizhenxinxin_2023"]
    build_corpus([DEV / f"{n}.txt" for n in names], out, jobs=1)
    return out, names


def test_tools_by_year_on_a_corpus(corpus):
    from loaders.extract.document import load_document

    out, names = corpus
    kg = open_kg(out / "kg.ttl")
    got = rows(kg, "policy-tools-by-year")
    assert sorted({r["year"] for r in got}) == [2018, 2024]  # the 2023 plan states no date nor period
    for year, name in ((2018, names[0]), (2024, names[1])):
        doc = load_document(DEV / f"{name}.txt")
        expected = Counter(u for t in doc.tasks for u in t.tools)
        cells = {f"{r['type_label']}/{r['tool_label']}": r["tasks"] for r in got if r["year"] == year}
        assert cells == dict(expected)
        assert all(r["documents"] == 1 for r in got if r["year"] == year)
    demand = rows(kg, "policy-tools-by-year", tool="需求型")
    assert demand and all(LABEL_CODE[f"需求型/{r['tool_label']}"].startswith("D") for r in demand)
    # the distribution table covers all three documents, each summing to 100 %
    dist = rows(kg, "policy-tool-types")
    assert len(dist) == 9
    for i in range(0, 9, 3):
        assert sum(float(r["percent"]) for r in dist[i : i + 3]) == pytest.approx(100, abs=0.2)


def test_report_sheet(sample_kg_dir, tmp_path, kg):
    """The 政策工具 sheet of `policykg report`: the distribution table with a subtotal per type."""
    import openpyxl

    from kg.report import SHEETS, TOOL_SUBTOTAL, write_report

    assert "政策工具" in SHEETS
    path, _ = write_report(sample_kg_dir / "kg.ttl", tmp_path / "analysis.xlsx")
    ws = openpyxl.load_workbook(path)["政策工具"]
    got = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=2)]
    dist = rows(kg, "policy-tool-distribution")
    tools = [r for r in got if r[2] != TOOL_SUBTOTAL]
    assert [(r[1], r[2], r[3], r[5]) for r in tools] == [
        (r["type_label"], r["tool_label"], r["tasks"], r["primary_tasks"]) for r in dist]
    subtotals = [r for r in got if r[2] == TOOL_SUBTOTAL]
    assert [(r[1], r[5]) for r in subtotals] == [("供给型", 3), ("环境型", 9), ("需求型", 0)]
    assert subtotals[2][3] == 0
    assert sum(r[3] for r in subtotals) == sum(r[3] for r in tools)
    assert sum(r[4] for r in subtotals) == pytest.approx(100, abs=0.11)
    # the rows of a type come before its subtotal, the types in the codebook's order
    assert [r[1] for r in got] == sorted((r[1] for r in got), key=["供给型", "环境型", "需求型"].index)
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
