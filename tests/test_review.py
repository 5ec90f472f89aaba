"""Checking and correcting an extraction (issue 17): warnings in the JSON and the build, the review
workbook, corrections that rebuild with PROV-O provenance, and a user lexicon — on short plans written
for the test."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.graph.corpus import build_corpus
from kg.graph.extraction import to_json
from kg.review.corrections import Change, CorrectionsError, apply_corrections
from kg.review.files import read_corrections
from kg.review.workbook import (
    AGENCY_COLUMNS,
    TARGET_COLUMNS,
    TASK_COLUMNS,
    changes_from_workbook,
    write_review,
)
from loaders.extract.document import load_document

openpyxl = pytest.importorskip("openpyxl")

PLAN_A = """彭水县人民政府
彭水县推进数字经济发展实施方案

为推进我县数字经济发展，制定本方案。

一、发展目标
到2025年，全县数字经济核心产业增加值达到50亿元，培育数字化转型示范企业20家。

二、重点任务
（一）建设数字基础设施。加快5G网络建设。（牵头单位：县经济信息委；配合单位：县发展改革委、县财政局）
（二）发展电商产业。培育电商龙头企业，推动农村电商发展。（牵头单位：县商务委；配合单位：县农业农村委）
（三）完善金融服务。引导金融机构加大支持力度。（牵头单位：县金融中心、县财政局；配合单位：县经济信息委）
（四）开放公共数据。建立县大数据发展局牵头的协调机制，推动公共数据有序开放。
"""

PLAN_B = """酉阳县人民政府
酉阳县知识产权强县建设方案

为推进我县知识产权工作，制定本方案。

一、重点任务
（一）加强专利保护。完善专利纠纷调解机制。（牵头单位：县市场监管局；配合单位：县司法局）
（二）培育商标品牌。支持企业注册商标。（牵头单位：县市场监管局；配合单位：县商务委）
"""

DROPPED = "（四）开放公共数据。建立县大数据发展局牵头的协调机制，推动公共数据有序开放。"
PKGID = "https://w3id.org/policykg/id/"


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    d = tmp_path / "plans"
    d.mkdir()
    (d / "plan-a.txt").write_text(PLAN_A, encoding="utf-8")
    (d / "plan-b.txt").write_text(PLAN_B, encoding="utf-8")
    return d


# ---------------------------------------------------------------- warnings in the JSON and the build
def test_extract_json_has_the_warnings_with_span_and_quote(plans: Path) -> None:
    doc = load_document(plans / "plan-a.txt")
    warnings = to_json(doc)["warnings"]
    assert [w["code"] for w in warnings] == ["unknown-agency", "no-task-in-item"]
    for w in warnings:
        assert set(w) == {"code", "level", "message", "message_zh", "span", "quote", "tasks"}
        assert doc.text[w["span"][0]:w["span"][1]] == w["quote"]
    # the dropped task is flagged by a warning whose span covers it
    dropped = warnings[1]
    assert dropped["quote"] == DROPPED
    # the dropped task is a place to check; the unknown name a note about the task that names it
    assert [(w["level"], w["tasks"]) for w in warnings] == [("note", ["2.3"]), ("check", [])]
    assert warnings[1]["message_zh"].startswith("条目使用了分工用语，但未从中读出任务：（四）开放公共数据")


def test_sample_has_no_warnings(sample_doc) -> None:
    assert to_json(sample_doc)["warnings"] == []


def test_build_prints_a_count_per_document_and_keeps_the_warnings(plans: Path, tmp_path: Path) -> None:
    result = build_corpus([plans], tmp_path / "out", jobs=1, validate=False)
    text = result.summary()
    assert f"1 place to check, 1 note: policykg review {plans / 'plan-a.txt'}" in text
    assert "warnings   1 plan, 1 place to check; 1 note in 1 plan" in text
    assert "plan-b" not in text.split("warnings", 1)[1].split("wrote", 1)[0]  # a clean plan: no line
    data = json.loads((tmp_path / "out" / "warnings.json").read_text(encoding="utf-8"))
    assert [d["id"] for d in data["documents"]] == ["plan-a"]
    assert data["documents"][0]["count"] == 2
    assert (data["documents"][0]["checks"], data["documents"][0]["notes"]) == (1, 1)
    assert data["summary"] == {"documents": 1, "documents_to_check": 1, "tasks_to_check": 0, "checks": 1,
                               "notes": 1}
    assert data["codes"]["no-task-in-item"]["level"] == "check"
    assert set(data["codes"]) == {"unknown-agency", "no-task-in-item"}
    assert data["codes"]["unknown-agency"]["what_to_do"]


def test_warnings_file_is_the_same_from_a_parallel_build(plans: Path, tmp_path: Path) -> None:
    build_corpus([plans], tmp_path / "one", jobs=1, validate=False)
    build_corpus([plans], tmp_path / "two", jobs=2, validate=False)
    assert (tmp_path / "one" / "warnings.json").read_bytes() == (tmp_path / "two" / "warnings.json").read_bytes()


def test_dask_build_keeps_the_warnings_and_applies_corrections(plans: Path, tmp_path: Path) -> None:
    pytest.importorskip("dask")
    from kg.graph.distributed import build_shards, shard_files

    sha = load_document(plans / "plan-a.txt").meta.sha256
    fixes = tmp_path / "fixes.csv"
    fixes.write_text(f"document,sha256,change,key,value,note\nplan-a,{sha},lead,2.3,县金融中心,\n", encoding="utf-8")
    result = build_shards([plans], tmp_path / "shards", partitions=2, jobs=1, validate=True,
                          corrections=[read_corrections(fixes)])
    assert result.conforms is True and result.corrected == 1
    assert "1 place to check, 1 note: policykg review" in result.summary()
    data = json.loads((tmp_path / "shards" / "warnings.json").read_text(encoding="utf-8"))
    assert [d["id"] for d in data["documents"]] == ["plan-a"]
    text = "".join(p.read_text(encoding="utf-8") for p in shard_files(tmp_path / "shards", support=False))
    assert "/correction/task/2.3/lead>" in text


# ---------------------------------------------------------------- the review workbook
def _sheet_rows(ws) -> list[dict]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_review_workbook_sheets_and_formatting(plans: Path, tmp_path: Path) -> None:
    (path,), docs, failures = write_review([plans], tmp_path / "review.xlsx")
    assert not failures and len(docs) == 2
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["说明 README", "任务 tasks", "指标 targets", "机构 agencies", "警告 warnings"]
    tasks = wb["任务 tasks"]
    assert [c.value for c in tasks[1]] == [c.header for c in TASK_COLUMNS]
    assert tasks.freeze_panes == "C2" and tasks.auto_filter.ref.startswith("A1:")
    rows = _sheet_rows(tasks)
    assert [(r["文件 document"], r["任务号 task"], r["牵头单位 lead"]) for r in rows] == [
        ("plan-a", "2.1", "县经济信息委"), ("plan-a", "2.2", "县商务委"), ("plan-a", "2.3", "县金融中心、县财政局"),
        ("plan-b", "1.1", "县市场监管局"), ("plan-b", "1.2", "县市场监管局")]
    assert rows[0]["原文 clause as quoted"] == "（牵头单位：县经济信息委；配合单位：县发展改革委、县财政局）"
    assert rows[2]["警告 warnings"] == "unknown-agency"
    # editable cells are filled; the cell a warning points at is orange with the warning as its note
    header = [c.key for c in TASK_COLUMNS]
    lead_col = header.index("lead") + 1
    assert tasks.cell(2, lead_col).fill.fgColor.rgb.endswith("FFF2CC")
    warned = tasks.cell(4, lead_col)
    assert warned.fill.fgColor.rgb.endswith("F8CBAD") and "unknown-agency" in warned.comment.text
    # hidden columns keep the extracted values; widths count a Chinese character as two
    assert tasks.column_dimensions["R"].hidden and not tasks.column_dimensions["E"].hidden
    assert tasks.column_dimensions["E"].width >= len("县金融中心、县财政局") * 2
    agencies = _sheet_rows(wb["机构 agencies"])
    fin = next(r for r in agencies if r["原文写法 as written"] == "县金融中心")
    assert (fin["全称 full name"], fin["已识别 resolved"], fin["类型 kind"]) == ("彭水县金融中心", "否 no", "政府部门")
    targets = _sheet_rows(wb["指标 targets"])
    assert [(r["指标 indicator"], r["目标值 value"], r["年份 year"]) for r in targets] == [
        ("全县数字经济核心产业增加值", 50, 2025), ("数字化转型示范企业", 20, 2025)]
    warnings = _sheet_rows(wb["警告 warnings"])
    # checks first: the missed task, then the note about a name the gazetteer does not know
    assert [(w["级别 level"], w["代码 code"]) for w in warnings] == [
        ("核查 check", "no-task-in-item"), ("提示 note", "unknown-agency")]
    assert warnings[0]["原文 quote"] == DROPPED and warnings[1]["任务 tasks"] == "2.3"
    assert warnings[0]["信息 message (中文)"].startswith("条目使用了分工用语")
    readme = "\n".join(f"{r[0]} {r[1]}" for r in wb["说明 README"].iter_rows(values_only=True))
    assert "no-task-in-item" in readme and "--corrections review.xlsx" in readme
    # an unedited workbook corrects nothing
    changes, reviewer = changes_from_workbook(path)
    assert changes == [] and reviewer is None


def test_review_csv_has_a_bom_and_reads_back(plans: Path, tmp_path: Path) -> None:
    paths, _, _ = write_review([plans], tmp_path / "review.csv", fmt="csv")
    assert sorted(p.name for p in paths) == ["review.agencies.csv", "review.targets.csv", "review.tasks.csv",
                                             "review.warnings.csv"]
    tasks = tmp_path / "review.tasks.csv"
    raw = tasks.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "县金融中心".encode() in raw
    # edit one cell (as Excel would save it) and read the file back as corrections
    text = raw.decode("utf-8-sig").replace("县金融中心、县财政局,县经济信息委", "县金融中心,县财政局、县经济信息委", 1)
    tasks.write_bytes(text.encode("utf-8-sig"))
    cs = read_corrections(tasks)
    assert [(c.change, c.key, c.value) for c in cs.changes] == [
        ("lead", "2.3", "县金融中心"), ("cooperating", "2.3", "县财政局、县经济信息委")]
    assert cs.changes[0].origin == "review.tasks.csv:4"


# ---------------------------------------------------------------- the round trip
def _edit_workbook(path: Path) -> None:
    """What a researcher does in the workbook, done with openpyxl."""
    wb = openpyxl.load_workbook(path)
    tasks = wb["任务 tasks"]
    col = {c.key: i for i, c in enumerate(TASK_COLUMNS, start=1)}
    rows = {tasks.cell(r, col["task"]).value: r for r in range(2, tasks.max_row + 1)
            if tasks.cell(r, col["document"]).value == "plan-a"}
    tasks.cell(rows["2.3"], col["lead"]).value = "县金融中心"
    tasks.cell(rows["2.3"], col["cooperating"]).value = "县财政局、县经济信息委"
    tasks.cell(rows["2.3"], col["note"]).value = "第二个单位是配合单位"
    tasks.cell(rows["2.2"], col["action"]).value = "删除 remove"
    new = tasks.max_row + 1
    for key, value in (("document", "plan-a"), ("task", "2.4"), ("number", "（四）"), ("title", "开放公共数据"),
                       ("lead", "县大数据发展局"), ("cooperating", "县经济信息委"), ("quote", DROPPED)):
        tasks.cell(new, col[key]).value = value
    targets = wb["指标 targets"]
    tcol = {c.key: i for i, c in enumerate(TARGET_COLUMNS, start=1)}
    for r in range(2, targets.max_row + 1):
        if targets.cell(r, tcol["indicator"]).value == "数字化转型示范企业":
            targets.cell(r, tcol["value"]).value = 30
    agencies = wb["机构 agencies"]
    acol = {c.key: i for i, c in enumerate(AGENCY_COLUMNS, start=1)}
    for r in range(2, agencies.max_row + 1):
        if agencies.cell(r, acol["name"]).value == "县金融中心":
            agencies.cell(r, acol["full_name"]).value = "彭水县金融工作服务中心"
    wb.save(path)


@pytest.fixture
def corrected(plans: Path, tmp_path: Path):
    """extract → review.xlsx → edit → build with --corrections (validated)."""
    (review,), _, _ = write_review([plans], tmp_path / "review.xlsx")
    _edit_workbook(review)
    cs = read_corrections(review)
    out = tmp_path / "out"
    result = build_corpus([plans], out, jobs=1, validate=True, corrections=[cs])
    return result, out, cs, review


def test_workbook_edits_become_corrections(corrected, plans: Path) -> None:
    _, _, cs, _ = corrected
    got = sorted((c.change, c.key, c.value) for c in cs.changes)
    assert got == sorted([
        ("lead", "2.3", "县金融中心"), ("cooperating", "2.3", "县财政局、县经济信息委"), ("remove-task", "2.2", ""),
        ("add-task", "2.4", DROPPED), ("lead", "2.4", "县大数据发展局"), ("cooperating", "2.4", "县经济信息委"),
        ("title", "2.4", "开放公共数据"), ("number", "2.4", "（四）"), ("target.value", "81-93", "30"),
        ("agency", "县金融中心", "彭水县金融工作服务中心")])
    sha = load_document(plans / "plan-a.txt").meta.sha256
    assert all(c.sha256 == sha for c in cs.changes)
    lead = next(c for c in cs.changes if c.change == "lead" and c.key == "2.3")
    assert lead.origin == "review.xlsx 任务 tasks!E4" and lead.note == "第二个单位是配合单位"


def test_corrected_kg_validates_and_has_the_corrected_roles(corrected) -> None:
    from kg.sparql.run import run_query
    from kg.sparql.store import open_kg

    result, out, _, _ = corrected
    assert result.conforms is True, result.problems
    assert result.corrected == 6 and result.corrections == []
    assert "corrected  6 facts" in result.summary()
    kg = open_kg(out / "kg.ttl")
    table = {(r["document_id"], r["number"]): (r["lead"], r.get("cooperating"))
             for r in run_query("responsibility-table", graph=kg).plain_rows()}
    assert table[("plan-a", "（三）")] == ("县金融中心", "县财政局、县经济信息委")
    assert table[("plan-a", "（四）")] == ("县大数据发展局", "县经济信息委")
    assert ("plan-a", "（二）") not in table
    led = run_query("tasks-led-by-agency", {"agency": "彭水县金融工作服务中心"}, graph=kg).plain_rows()
    assert [r.get("title") or r.get("task_title") for r in led] == ["完善金融服务"]
    targets = {r["indicator"]: r["value"] for r in run_query("targets-by-year", graph=kg).plain_rows()}
    assert targets["数字化转型示范企业"] == 30


def test_corrected_networks(corrected) -> None:
    from kg.networks.projection import build_network
    from kg.sparql.store import open_kg

    _, out, _, _ = corrected
    kg = open_kg(out / "kg.ttl")
    lead = build_network(kg, "lead")
    arcs = {(lead.nodes[u]["full_name"], lead.nodes[v]["full_name"]) for u, v in lead.edges}
    assert ("彭水县金融工作服务中心", "彭水县财政局") in arcs
    assert ("彭水县财政局", "彭水县经济和信息化委员会") not in arcs  # the corrected clause: 财政局 cooperates
    assert ("彭水县大数据发展局", "彭水县经济和信息化委员会") in arcs  # the added task
    co = build_network(kg, "co-assignment")
    names = {d["full_name"] for _, d in co.nodes(data=True)}
    assert "彭水县商务委员会" not in names  # its only task was removed
    assert "彭水县金融中心" not in names


def test_corrected_facts_query_lists_each_change(corrected) -> None:
    from kg.sparql.run import run_query
    from kg.sparql.store import open_kg

    _, out, cs, _ = corrected
    rows = run_query("corrected-facts", graph=open_kg(out / "kg.ttl")).plain_rows()
    got = sorted((r["field"], r.get("extracted") or "", r.get("corrected") or "") for r in rows)
    assert got == sorted([
        ("lead", "县金融中心、县财政局", "县金融中心"),
        ("cooperating", "县经济信息委", "县财政局、县经济信息委"),
        ("task", "发展电商产业｜牵头：县商务委｜配合：县农业农村委", ""),
        ("task", "", "开放公共数据｜牵头：县大数据发展局｜配合：县经济信息委"),
        ("value", "20", "30"),
        ("full-name", "彭水县金融中心", "彭水县金融工作服务中心"),
    ])
    assert {r["file"] for r in rows} == {"review.xlsx"}
    assert {r["document_id"] for r in rows} == {"plan-a"}
    assert {r["reviewer"] for r in rows} == {"审校人（review.xlsx）"}
    assert any(r.get("note") == "第二个单位是配合单位" for r in rows)
    # PROV-O: the corrections file is the entity every correction came from, by its digest
    kg_text = (out / "kg.ttl").read_text(encoding="utf-8")
    assert cs.sha256 in kg_text and "prov:wasRevisionOf" in kg_text and "prov:hadPrimarySource" in kg_text


def test_second_build_is_byte_identical(corrected, plans: Path, tmp_path: Path) -> None:
    _, out, _, review = corrected
    again = tmp_path / "again"
    build_corpus([plans], again, jobs=2, validate=True, corrections=[read_corrections(review)])
    for name in ("kg.ttl", "warnings.json", "corrections.json"):
        assert (out / name).read_bytes() == (again / name).read_bytes(), name


def test_a_changed_document_is_reported_not_corrected(corrected, plans: Path, tmp_path: Path) -> None:
    _, _, cs, _ = corrected
    changed = tmp_path / "changed"
    shutil.copytree(plans, changed)
    (changed / "plan-a.txt").write_text(PLAN_A + "（五）加强组织保障。（牵头单位：县政府办）\n", encoding="utf-8")
    result = build_corpus([changed], tmp_path / "out2", jobs=1, validate=True, corrections=[cs])
    assert result.corrected == 0
    (line,) = result.corrections
    assert "10 corrections for plan-a not applied: the document changed since the review" in line
    assert f"policykg review {changed / 'plan-a.txt'}" in line
    assert line in result.summary()
    report = json.loads((tmp_path / "out2" / "corrections.json").read_text(encoding="utf-8"))
    assert report["not_applied"] == [line]


def test_review_with_corrections_shows_them_and_gives_them_back(corrected, plans: Path, tmp_path: Path) -> None:
    _, _, cs, _ = corrected
    (again,), _, _ = write_review([plans], tmp_path / "again.xlsx", corrections=[cs])
    wb = openpyxl.load_workbook(again)
    rows = _sheet_rows(wb["任务 tasks"])
    by_task = {(r["文件 document"], r["任务号 task"]): r for r in rows}
    assert by_task[("plan-a", "2.3")]["牵头单位 lead"] == "县金融中心"
    assert by_task[("plan-a", "2.2")]["操作 action"] == "删除 remove"
    assert by_task[("plan-a", "2.4")]["原文 clause as quoted"] == DROPPED
    lead_col = [c.key for c in TASK_COLUMNS].index("lead") + 1
    row = 2 + rows.index(by_task[("plan-a", "2.3")])
    assert "corrected by review.xlsx" in wb["任务 tasks"].cell(row, lead_col).comment.text
    regenerated, _ = changes_from_workbook(again)
    strip = sorted((c.change, c.key, c.value) for c in regenerated)
    assert strip == sorted((c.change, c.key, c.value) for c in cs.changes)


# ---------------------------------------------------------------- corrections files: CSV, YAML, problems
def test_change_list_csv_and_yaml(plans: Path, tmp_path: Path) -> None:
    sha = load_document(plans / "plan-b.txt").meta.sha256
    csv_file = tmp_path / "fixes.csv"
    csv_file.write_text("document,sha256,change,key,value,note\n"
                        f"plan-b,{sha[:12]},配合,1.2,县商务委、县文化旅游委,\n"
                        f"plan-b,{sha[:12]},lead,9.9,县科技局,\n", encoding="utf-8-sig")
    yaml_file = tmp_path / "fixes.yaml"
    yaml_file.write_text(f"reviewer: 张三\ncorrections:\n  - {{sha256: {sha}, change: lead, key: 1.1, "
                         "value: [县市场监管局, 县司法局]}\n", encoding="utf-8")
    pytest.importorskip("yaml")
    sets = [read_corrections(csv_file), read_corrections(yaml_file)]
    assert sets[1].reviewer == "张三"
    result = build_corpus([plans], tmp_path / "out", jobs=1, validate=True, corrections=sets)
    assert result.conforms is True
    # the YAML row makes 县司法局 lead: it leaves the cooperating units, and the build says so
    assert result.corrected == 3
    assert result.corrections == ["fixes.csv:3: lead 9.9: no such task in the document",
                                  "fixes.yaml:1: lead 1.1: 县司法局 both lead and cooperate; kept as lead"]
    from kg.sparql.run import run_query
    from kg.sparql.store import open_kg

    rows = run_query("corrected-facts", {"document": "plan-b"}, graph=open_kg(tmp_path / "out" / "kg.ttl"))
    got = {(r["file"], r["reviewer"], r["field"]) for r in rows.plain_rows()}
    assert got == {("fixes.csv", "审校人（fixes.csv）", "cooperating"), ("fixes.yaml", "张三", "lead"),
                   ("fixes.yaml", "张三", "cooperating")}


def test_bad_corrections_files_say_where(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("document,sha256,change,key,value\nplan,abcdef12,rename,1.1,x\n", encoding="utf-8")
    with pytest.raises(CorrectionsError, match=r"bad.csv:2: unknown change 'rename'"):
        read_corrections(bad)
    bad.write_text("document,sha256,change,key,value\nplan,,lead,1.1,x\n", encoding="utf-8")
    with pytest.raises(CorrectionsError, match=r"bad.csv:2: the document's sha256"):
        read_corrections(bad)
    with pytest.raises(CorrectionsError, match="no such corrections file"):
        read_corrections(tmp_path / "missing.xlsx")


def test_changes_that_cannot_apply_are_reported(plans: Path) -> None:
    doc = load_document(plans / "plan-a.txt")
    sha = doc.meta.sha256
    out = apply_corrections(doc, [
        Change(sha, "lead", "2.1", "", origin="f:2"),
        Change(sha, "lead", "2.1", "县经济信息委", origin="f:3"),
        Change(sha, "add-task", "2.9", "这句话不在文件里", origin="f:4"),
        Change(sha, "agency", "县不存在局", "某局", origin="f:5"),
        Change(sha, "target.year", "81-93", "二〇二五", origin="f:6"),
    ])
    assert out.document == doc and out.applied == []
    assert out.problems == [
        "f:4: add-task 2.9: the task's text was not found in the document (quote it as written)",
        "f:2: lead 2.1: a task needs at least one lead unit (to drop the task, remove it)",
        "f:6: target.year 81-93: '二〇二五' is not a year",
        "f:5: agency 县不存在局: no unit is written so in the document's tasks",
    ]
    assert out.unchanged == ["f:3: lead 2.1: the extraction already has these units"]


# ---------------------------------------------------------------- a user lexicon
def test_lexicon_csv_adds_synonyms_and_agency_names(plans: Path, tmp_path: Path) -> None:
    from kg.graph.user_lexicon import check_lexicon, read_lexicon

    lex_file = tmp_path / "my-lexicon.csv"
    lex_file.write_text("type,label,concept,kind\nindustry,电商,电子商务,\n"
                        "agency,金融中心,金融工作服务中心,政府部门\n", encoding="utf-8")
    lexicon = read_lexicon(lex_file)
    assert check_lexicon(lexicon).ok
    doc_before = load_document(plans / "plan-a.txt")
    assert doc_before.tasks[1].industries == ()
    result = build_corpus([plans], tmp_path / "out", jobs=2, validate=True, lexicon=lexicon)
    assert result.conforms is True
    assert "lexicon    my-lexicon.csv: 2 agency name labels, 1 industry label" in result.summary()
    data = json.loads((tmp_path / "out" / "warnings.json").read_text(encoding="utf-8"))
    assert [w["code"] for w in data["documents"][0]["warnings"]] == ["no-task-in-item"]  # 金融中心 now known
    from kg.sparql.run import run_query
    from kg.sparql.store import open_kg

    kg = open_kg(tmp_path / "out" / "kg.ttl")
    tasks = run_query("tasks-by-industry", {"industry": "电商"}, graph=kg).plain_rows()
    assert [r.get("title") for r in tasks] == ["发展电商产业"]
    names = {str(r[0]) for r in kg.query(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT (STR(?n) AS ?fullName) "
        "WHERE { ?a skos:prefLabel ?n }")}
    assert "彭水县金融工作服务中心" in names
    # the packaged lexicon is back for everything else in this process
    assert load_document(plans / "plan-a.txt").tasks[1].industries == ()


def test_lexicon_turtle_and_conflicts(tmp_path: Path) -> None:
    from kg.graph.user_lexicon import check_lexicon, read_lexicon

    ttl = tmp_path / "my.ttl"
    ttl.write_text("""@prefix pkg: <https://w3id.org/policykg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix pkgind: <https://w3id.org/policykg/vocab/industry/> .
pkgind:e-commerce skos:altLabel "电商"@zh , "网络零售"@zh .
<https://example.org/vocab/low-altitude> a pkg:Industry ; skos:prefLabel "低空经济"@zh ; skos:altLabel "低空"@zh .
""", encoding="utf-8")
    lexicon = read_lexicon(ttl)
    got = sorted((e.label, e.concept, e.new_concept) for e in lexicon.entries)
    assert got == [("低空", "低空经济", True), ("低空经济", "低空经济", True), ("电商", "电子商务", False),
                   ("网络零售", "电子商务", False)]
    assert check_lexicon(lexicon).ok
    conflicting = tmp_path / "conflict.csv"
    conflicting.write_text("type,label,concept,kind\nindustry,文旅,文化创意,\nindustry,电商,电子商务,\n"
                           "industry,电商,网络零售,\n", encoding="utf-8")
    report = check_lexicon(read_lexicon(conflicting))
    assert not report.ok
    assert any("'文旅' is 旅游 in the packaged vocabularies; here 文化创意" in c for c in report.conflicts)
    assert any("conflict.csv:4: industry '电商' is 电子商务 at conflict.csv:3" in c for c in report.conflicts)


# ---------------------------------------------------------------- the command line
def test_command_line_workflow(cli, plans: Path, tmp_path: Path) -> None:
    """extract → build (warnings) → review → edit → build --corrections → query corrected-facts."""
    r = cli("extract", str(plans / "plan-a.txt"))
    assert r.returncode == 0, r.stderr
    assert [w["code"] for w in json.loads(r.stdout)["warnings"]] == ["unknown-agency", "no-task-in-item"]
    r = cli("build", str(plans), "-o", str(tmp_path / "out"), "--no-validate")
    assert r.returncode == 0, r.stderr
    assert f"1 place to check, 1 note: policykg review {plans / 'plan-a.txt'}" in r.stdout
    review = tmp_path / "review.xlsx"
    r = cli("review", str(plans), "-o", str(review))
    assert r.returncode == 0, r.stderr
    assert "2 documents, 5 tasks, 2 targets, 2 warnings (1 to check first)" in r.stdout
    assert f"wrote      {review}" in r.stdout
    _edit_workbook(review)
    r = cli("build", str(plans), "-o", str(tmp_path / "out"), "--corrections", str(review))
    assert r.returncode == 0, r.stderr
    assert "valid      yes" in r.stdout and "corrected  6 facts" in r.stdout
    r = cli("query", "corrected-facts", "--data", str(tmp_path / "out" / "kg.ttl"), "--format", "csv")
    assert r.returncode == 0, r.stderr
    assert len(r.stdout.strip().splitlines()) == 1 + 6 and "彭水县金融工作服务中心" in r.stdout
    r = cli("review", str(plans), "-o", str(tmp_path / "review.txt"))
    assert r.returncode == 2 and r.stderr.startswith("policykg: ") and "name it .xlsx" in r.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("document,sha256,change,key,value\nplan,abcdef12,rename,1.1,x\n", encoding="utf-8")
    r = cli("build", str(plans), "-o", str(tmp_path / "out3"), "--corrections", str(bad))
    assert r.returncode == 5 and r.stderr.strip() == (
        "policykg: bad.csv:2: unknown change 'rename'; one of lead, cooperating, title, number, remove-task, "
        "add-task, target.indicator, target.value, target.unit, target.year, target.nature, remove-target, "
        "add-target, agency, agency.kind, tools, primary-tool")


def test_command_line_lexicon(cli, plans: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text("type,label,concept,kind\nindustry,电商,电子商务,\n", encoding="utf-8")
    r = cli("lexicon", "--check", str(good))
    assert r.returncode == 0 and "good.csv: no conflicts" in r.stdout, r.stdout + r.stderr
    r = cli("extract", str(plans / "plan-a.txt"), "--lexicon", str(good))
    assert json.loads(r.stdout)["tasks"][1]["industries"] == ["电子商务"]
    bad = tmp_path / "conflict.csv"
    bad.write_text("type,label,concept,kind\nindustry,文旅,文化创意,\n", encoding="utf-8")
    r = cli("lexicon", "--check", str(bad))
    assert r.returncode == 4
    assert "conflict   conflict.csv:2: industry '文旅' is 旅游 in the packaged vocabularies" in r.stdout
    assert r.stdout.strip().endswith("conflict.csv: 1 conflict")


def test_readme_explains_the_workflow_and_every_warning_code() -> None:
    from kg.review.warnings import codes_markdown

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Checking and correcting an extraction", 1)[1].split("\n## ", 1)[0]
    assert codes_markdown() in section, "README warning codes out of step with loaders/extract/warnings.py"
    for text in ("policykg review", "--corrections review.xlsx", "policykg query corrected-facts",
                 "--lexicon FILE", "policykg lexicon --check FILE", "prov:wasRevisionOf"):
        assert text in section, text
