"""Doubt and corrections in the views other than the explorer (tests/test_marks_browser.py has the explorer):
``ask`` says how many rows rest on tasks marked for checking or corrected, ``report`` marks them in the 分工表,
and ``metrics``/``graph --exclude-flagged`` leave the flagged tasks out. The KG is the sample with two tasks
flagged (（三）, led by 区法院, and （四）) and one corrected (（十一）: its lead 区人社局 became 区委宣传部), made
by tests/marked_kg.py."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from rdflib.namespace import DCTERMS, XSD

from kg.ask import ask
from kg.sparql.store import open_kg
from tests.marked_kg import CHECK_MESSAGE, write_marked_kg


@pytest.fixture(scope="module")
def marked_kg(tmp_path_factory):
    return write_marked_kg(tmp_path_factory.mktemp("marked-kg"))


@pytest.fixture(scope="module")
def graph(marked_kg):
    return open_kg(marked_kg)


# ---------------------------------------------------------------- ask
def test_ask_counts_the_rows_from_flagged_tasks(graph):
    r = ask("区市场监管局牵头哪些任务？", graph=graph)
    assert len(r.rows) == 10 and "（四）" in r.answer  # （四） is flagged
    assert r.doubt is not None and r.doubt.to_dict() == {"rows": 10, "flagged": 1, "corrected": 0}
    assert r.summary.endswith(
        "（10 行中 1 行来自需核查的任务 — 1 of 10 rows come from tasks marked for checking）"
    )


def test_ask_counts_the_rows_from_corrected_tasks(graph):
    r = ask("区委宣传部牵头哪些任务？", graph=graph)  # only through the correction of （十一）
    assert r.answer == ["（十一）"]
    assert r.doubt.to_dict() == {"rows": 1, "flagged": 0, "corrected": 1}
    assert "1 of 1 rows come from corrected tasks" in r.summary


def test_ask_says_nothing_when_no_row_is_marked(graph):
    r = ask("区财政局参与哪些任务？", graph=graph)
    assert r.rows and r.doubt.to_dict()["flagged"] == 0 and r.doubt.to_dict()["corrected"] == 0
    assert "marked for checking" not in r.summary and "corrected" not in r.summary


def test_ask_without_task_rows_has_no_doubt(graph):
    r = ask("哪个机构牵头的任务最多？", graph=graph)
    assert r.doubt is None and "marked for checking" not in r.summary


def test_ask_cli_carries_the_marks(cli, marked_kg):
    run = cli("ask", "区法院参与哪些任务？", "--data", str(marked_kg))
    assert run.returncode == 0, run.stderr
    answer_line = next(ln for ln in run.stdout.splitlines() if ln.startswith("回答 answer:"))
    assert "3 行中 2 行来自需核查的任务" in answer_line  # （三） and （四）; （五） is not flagged
    assert "2 of 3 rows come from tasks marked for checking" in answer_line
    run = cli("ask", "区法院参与哪些任务？", "--data", str(marked_kg), "--format", "json")
    assert json.loads(run.stdout)["doubt"] == {"rows": 3, "flagged": 2, "corrected": 0}


# ---------------------------------------------------------------- report
def test_report_marks_the_responsibility_table(cli, marked_kg, tmp_path):
    openpyxl = pytest.importorskip("openpyxl", reason="pip install 'policykg[analysis]'")
    run = cli("report", "--data", str(marked_kg), "-o", str(tmp_path / "analysis.xlsx"))
    assert run.returncode == 0, run.stderr
    ws = openpyxl.load_workbook(tmp_path / "analysis.xlsx")["分工表"]
    header = [c.value for c in ws[1]]
    assert header[-1] == "标记 marks"
    marks = {row[1]: row[-1] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert marks["（三）"] == f"需核查 check：{CHECK_MESSAGE}"
    assert marks["（四）"] == "需核查 check：单位被拆分 unit split"
    assert marks["（十一）"] == "已更正 corrected（2）"  # its lead and its cooperating units
    assert {k for k, v in marks.items() if v} == {"（三）", "（四）", "（十一）"}
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[1] == "（十一）")
    assert row[3] == "区委宣传部"  # the corrected lead


# ---------------------------------------------------------------- metrics and graph
def _metrics(cli, marked_kg, *extra):
    run = cli("metrics", "--data", str(marked_kg), "--format", "csv", *extra)
    assert run.returncode == 0, run.stderr
    return run, {r["label"]: r for r in csv.DictReader(io.StringIO(run.stdout))}


def test_metrics_exclude_flagged_leaves_the_flagged_tasks_out(cli, marked_kg):
    run, whole = _metrics(cli, marked_kg)
    assert "exclude-flagged" not in run.stderr
    run, without = _metrics(cli, marked_kg, "--exclude-flagged")
    assert "left out 2 key tasks marked for checking" in run.stderr
    # 区法院 leads （三） and joins （四） and （五）: without the flagged two it joins （五） alone
    assert int(whole["区法院"]["tasks_led"]) == 1 and int(without["区法院"]["tasks_led"]) == 0
    assert int(whole["区法院"]["tasks_joined"]) == 2 and int(without["区法院"]["tasks_joined"]) == 1
    assert int(whole["区市场监管局"]["tasks_led"]) == 10 and int(without["区市场监管局"]["tasks_led"]) == 9
    # leaving tasks out can only take ties away
    for label, row in without.items():
        assert float(row["weighted_degree"]) <= float(whole[label]["weighted_degree"])
    assert set(without) <= set(whole)


def test_graph_exclude_flagged_writes_the_smaller_network(cli, marked_kg, tmp_path):
    whole = cli("graph", "--data", str(marked_kg), "-o", str(tmp_path / "whole.gexf"))
    without = cli(
        "graph", "--data", str(marked_kg), "-o", str(tmp_path / "without.gexf"), "--exclude-flagged"
    )
    assert whole.returncode == 0 and without.returncode == 0, without.stderr
    weight = {
        name: int(run.stdout.split("total weight ")[1].split()[0])
        for name, run in (("whole", whole), ("without", without))
    }
    assert weight["without"] < weight["whole"]
    assert (tmp_path / "without.gexf").stat().st_size < (tmp_path / "whole.gexf").stat().st_size
    assert (
        open_kg(marked_kg).query("ASK { ?t a <https://w3id.org/policykg/ontology#KeyTask> }").askAnswer
    )  # file kept


# ---------------------------------------------------------------- when a correction was made
def test_corrections_say_when_their_file_was_saved(tmp_path, sample_doc):
    pytest.importorskip("yaml", reason="pip install 'policykg[analysis]'")
    from kg.graph.namespaces import PKG
    from kg.review.corrections import CorrectionsError, apply_corrections
    from kg.review.files import read_corrections
    from kg.review.provenance import correction_triples

    fixes = tmp_path / "fixes.yaml"
    fixes.write_text(
        f"reviewer: 张审校\ndate: 2026-12-01\ncorrections:\n"
        f"  - {{sha256: {sample_doc.meta.sha256[:12]}, change: lead, key: '3.11', value: 区委宣传部}}\n",
        encoding="utf-8",
    )
    cs = read_corrections(fixes)
    assert (cs.reviewer, cs.saved) == ("张审校", "2026-12-01")
    triples = correction_triples(apply_corrections(sample_doc, cs.changes), [cs])
    (saved,) = [o for s, p, o in triples if p == DCTERMS.modified]
    assert str(saved) == "2026-12-01" and saved.datatype == XSD.date
    assert any(p == PKG.correctedField for _, p, _ in triples)
    fixes.write_text(fixes.read_text(encoding="utf-8").replace("2026-12-01", "last week"), encoding="utf-8")
    with pytest.raises(CorrectionsError, match="fixes.yaml: date: 'last week' is not a date"):
        read_corrections(fixes)


def test_a_review_workbook_gives_the_time_it_was_saved(cli, sample_path, tmp_path):
    openpyxl = pytest.importorskip("openpyxl", reason="pip install 'policykg[analysis]'")
    from kg.review.files import read_corrections

    run = cli("review", str(sample_path), "-o", str(tmp_path / "review.xlsx"))
    assert run.returncode == 0, run.stderr
    wb = openpyxl.load_workbook(tmp_path / "review.xlsx")
    wb.save(tmp_path / "review.xlsx")  # as a researcher saves it; openpyxl stamps the time
    saved = read_corrections(tmp_path / "review.xlsx").saved
    assert saved is not None and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", saved)
    assert read_corrections(tmp_path / "review.xlsx").saved == saved  # the same bytes, the same time
