"""Policy-tool codes through the review workbook: shown in the 任务 tasks sheet (政策工具 / 主工具), a doubtful
code flagged, a researcher's change read back as a correction and built into the KG with its provenance."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import PROV

from kg.graph.corpus import build_corpus
from kg.graph.namespaces import PKG
from kg.review.files import read_corrections
from kg.review.workbook import TASK_COLUMNS, WARN_FILL, write_review
from kg.sparql.store import open_kg

PT = "https://w3id.org/policykg/vocab/policy-tool/"
COL = {c.key: i for i, c in enumerate(TASK_COLUMNS, start=1)}


def _rows(ws) -> dict[str, int]:
    return {ws.cell(r, COL["task"]).value: r for r in range(2, ws.max_row + 1)}


@pytest.fixture
def review(sample_path: Path, tmp_path: Path) -> Path:
    (path,), _, _ = write_review([sample_path], tmp_path / "review.xlsx")
    return path


def test_workbook_shows_the_codes(review: Path, sample_doc) -> None:
    ws = openpyxl.load_workbook(review)["任务 tasks"]
    assert ws.cell(1, COL["tools"]).value == "政策工具 policy tools"
    rows = _rows(ws)
    for t in sample_doc.tasks:
        r = rows[t.path]
        assert ws.cell(r, COL["tools"]).value == "、".join(t.tools)
        assert ws.cell(r, COL["primary_tool"]).value == t.primary_tool
        assert ws.cell(r, COL["x_tools"]).value == "、".join(t.tools)
    assert ws.cell(rows["3.1"], COL["tools"]).value == "供给型/资金投入、环境型/法规管制、环境型/策略性措施"


def test_doubtful_code_is_flagged_in_its_cell(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text("某区方案\n三、重点任务\n（一）推进工作。开展人才培训。对企业贷款给予贴息。（责任单位：区科技局）\n",
                    encoding="utf-8")
    (path,), _, _ = write_review([plan], tmp_path / "review.xlsx")
    ws = openpyxl.load_workbook(path)["任务 tasks"]
    cell = ws.cell(2, COL["primary_tool"])
    assert cell.value == "供给型/人才培养"
    assert "tool-uncertain" in ws.cell(2, COL["warnings"]).value
    assert cell.fill.fgColor.rgb.endswith(WARN_FILL)
    assert "P4" in cell.comment.text


def test_corrections_round_trip(review: Path, sample_path: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(review)
    ws = wb["任务 tasks"]
    rows = _rows(ws)
    ws.cell(rows["3.1"], COL["tools"]).value = "环境型/法规管制、策略性措施、税收优惠"  # drop 资金投入, add 税收优惠
    ws.cell(rows["3.10"], COL["primary_tool"]).value = "信息支持"
    ws.cell(rows["3.10"], COL["note"]).value = "导航决策机制是主要手段"
    wb.save(review)

    cs = read_corrections(review)
    assert sorted((c.change, c.key, c.value) for c in cs.changes) == [
        ("primary-tool", "3.10", "信息支持"), ("tools", "3.1", "环境型/法规管制、策略性措施、税收优惠")]
    out = tmp_path / "out"
    result = build_corpus([sample_path], out, jobs=1, validate=True, corrections=[cs])
    assert result.conforms is True, result.problems
    assert result.corrected == 2 and result.corrections == []

    g = open_kg(out / "kg.ttl")
    t1 = URIRef("https://w3id.org/policykg/id/doc/changshou-ip-plan/task/3.1")
    assert {str(o).removeprefix(PT) for o in g.objects(t1, PKG.deploysTool)} == {
        "regulation", "strategic-measures", "tax-fee-relief"}
    assert str(g.value(t1, PKG.primaryTool)).removeprefix(PT) == "regulation"
    added = URIRef(f"{t1}/tool/E3")
    kept = URIRef(f"{t1}/tool/E4")
    assert (added, PROV.wasAttributedTo, URIRef("https://w3id.org/policykg/id/agent/reviewer")) in g
    assert (kept, PROV.wasAttributedTo, URIRef("https://w3id.org/policykg/id/agent/tool-coder/1.0")) in g
    t10 = URIRef("https://w3id.org/policykg/id/doc/changshou-ip-plan/task/3.10")
    assert str(g.value(t10, PKG.primaryTool)).removeprefix(PT) == "information-support"
    assert (URIRef(f"{t10}/tool/S5"), PKG.isPrimary, Literal(True)) in g
    assert (URIRef(f"{t10}/tool/S6"), PKG.isPrimary, Literal(False)) in g
    fields = {str(o) for c in g.objects(t1, PKG.hasCorrection) for o in g.objects(c, PKG.correctedField)}
    assert fields == {"tools"}
    c10 = next(iter(g.objects(t10, PKG.hasCorrection)))
    assert str(g.value(c10, PKG.factValue)) == "供给型/信息支持"
    assert str(g.value(c10, PROV.wasRevisionOf / PKG.factValue)) == "供给型/公共服务"
    # the queries see the corrected codes
    from kg.sparql.run import run_query

    tax = run_query("tasks-by-policy-tool", {"tool": "税收优惠"}, graph=g).plain_rows()
    assert [r["id"] for r in tax] == ["（一）"]


def test_unknown_tool_is_reported_not_applied(review: Path, sample_path: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(review)
    ws = wb["任务 tasks"]
    ws.cell(_rows(ws)["3.2"], COL["tools"]).value = "法规管制、减税降费"
    wb.save(review)
    cs = read_corrections(review)
    result = build_corpus([sample_path], tmp_path / "out", jobs=1, validate=True, corrections=[cs])
    assert result.corrected == 0
    assert len(result.corrections) == 1 and "unknown policy tool 减税降费" in result.corrections[0]
