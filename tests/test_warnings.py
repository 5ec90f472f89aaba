"""Extraction warnings: each code fires where it should, on short documents written for the test,
and none fires on the sample plan (whose extraction is right everywhere)."""

from __future__ import annotations

import pytest

from loaders.extract.document import parse_text
from loaders.extract.warnings import CODES

HEAD = "某县推进数字经济发展实施方案\n一、重点任务\n"


def warnings_of(body: str, head: str = HEAD):
    doc = parse_text(head + body, doc_id="w", require_tasks=False)
    return doc, doc.warnings


def codes(ws) -> set[str]:
    return {w.code for w in ws}


def test_no_warning_on_the_sample(sample_doc):
    assert sample_doc.warnings == ()


def test_every_warning_quotes_its_span():
    doc, ws = warnings_of("（一）建设平台。建立县数据局牵头的协调机制。\n")
    assert ws
    for w in ws:
        assert w.code in CODES
        assert w.span.quote == doc.text[w.span.start : w.span.end]


def test_a_dropped_task_is_flagged_where_it_is():
    doc, ws = warnings_of("（一）建设平台。完善功能。（责任单位：县数据局）\n（二）开放数据。建立县数据局牵头的协调机制。\n")
    assert [t.id for t in doc.tasks] == ["（一）"]
    (w,) = [w for w in ws if w.code == "no-task-in-item"]
    item = doc.text.index("（二）")
    assert w.span.start <= item and w.span.end >= doc.text.index("协调机制")


def test_clause_whose_units_cannot_be_read():
    _, ws = warnings_of("（一）建设平台。完善功能。（责任单位：完成时限：2025年底）\n")
    assert "clause-not-read" in codes(ws)


def test_unit_name_with_role_words():
    _, ws = warnings_of("（一）建设平台。完善功能。（责任单位：县数据局牵头的工作专班）\n")
    assert "odd-unit-name" in codes(ws)


def test_lead_rule_applied_and_a_clause_it_cannot_split():
    head = "某县方案\n各项任务中排在第一位的为牵头单位。\n一、重点任务\n"
    body = "（一）建设平台。（县数据局、县财政局、县科技局）\n（二）开放数据。（县数据局、县财政局）\n"
    doc, ws = warnings_of(body, head)
    (rule,) = [w for w in ws if w.code == "lead-rule"]
    assert "applied to 2 clause" in rule.message
    assert "lead-rule-unsplit" not in codes(ws)  # first-listed splits any list of two or more

    head = "某县方案\n第一个逗号前为牵头单位。\n一、重点任务\n"
    doc, ws = warnings_of(body, head)
    unsplit = [w for w in ws if w.code == "lead-rule-unsplit"]
    assert len(unsplit) == 2 and all(t.lead == ("县数据局", "县财政局", "县科技局")[: len(t.lead)] for t in doc.tasks)


def test_unknown_agency():
    _, ws = warnings_of("（一）建设平台。完善功能。（县低空经济服务专班负责）\n")
    (w,) = [w for w in ws if w.code == "unknown-agency"]
    assert "县低空经济服务专班" in w.message and w.span.quote == "县低空经济服务专班"


def test_known_agencies_and_collectives_are_not_flagged():
    _, ws = warnings_of("（一）建设平台。完善功能。（县市场监管局牵头，各乡镇人民政府配合）\n")
    assert "unknown-agency" not in codes(ws)


def test_target_sentence_without_a_target():
    _, ws = warnings_of("（一）建设平台。到2027年，建成智算中心3—5个。（县数据局负责）\n")
    assert "target-not-read" in codes(ws)


def test_subsidy_sentences_are_not_target_sentences():
    _, ws = warnings_of("（一）建设平台。到2027年，对新建智算中心给予最高50万元补贴。（县数据局负责）\n")
    assert "target-not-read" not in codes(ws)


def test_table_whose_header_is_not_recognised():
    body = "（一）分工\n序号 | 项目 | 牵头\n1 | 建设平台 | 县数据局\n"
    _, ws = warnings_of(body)
    assert "table-header" in codes(ws)


def test_table_row_with_more_cells_than_the_header():
    body = "（一）分工\n序号 | 任务 | 牵头单位\n1 | 建设平台 | 县数据局\n2 | 开放数据 | 县数据局 | 县财政局\n"
    doc, ws = warnings_of(body)
    assert [t.title for t in doc.tasks] == ["建设平台", "开放数据"]
    (w,) = [w for w in ws if w.code == "table-row-cells"]
    assert "4 cells" in w.message and w.span.quote.startswith("2 |")


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_has_a_description_and_advice(code):
    what, todo = CODES[code]
    assert what and todo
