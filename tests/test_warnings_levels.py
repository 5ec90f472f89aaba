"""Warning levels (check | note), the tasks a warning concerns, the collapse checks, and the floors
measured on gold: on the dev plans with grammar faults injected, ≥ 90 % of wrong tasks are covered by
a ``check``; on the dev plans as they are, ≤ 5 % of correct tasks are flagged; on the sample, no check."""

from __future__ import annotations

import pytest

from benchmarks.score_warnings import COVER_FLOOR, FAULTS, FLAG_CEILING, score_dev, score_faults
from kg.review.warnings import warning_json
from loaders.extract.document import parse_text
from loaders.extract.warnings import CODES, LEVELS, MESSAGES_ZH, message_zh
from loaders.vocab.agency_forms import well_formed

HEAD = "某县推进数字经济发展实施方案\n一、重点任务\n"


def warnings_of(body: str, head: str = HEAD):
    doc = parse_text(head + body, doc_id="w", require_tasks=False)
    return doc, doc.warnings


def by_code(ws, code: str):
    return [w for w in ws if w.code == code]


# ---------------------------------------------------------------- levels and messages as data
def test_every_code_has_a_level_and_a_chinese_message():
    assert set(LEVELS) == set(CODES) == set(MESSAGES_ZH)
    assert set(LEVELS.values()) == {"check", "note"}
    for template in MESSAGES_ZH.values():
        assert template.format(quote="X")  # one placeholder at most: the quote


def test_warnings_carry_their_codes_level_and_the_tasks_they_concern():
    doc, ws = warnings_of(
        "（一）建设平台。完善功能。（县低空经济服务专班负责）\n（二）推进共享。（县低空经济服务专班）\n"
    )
    (w,) = by_code(ws, "unknown-agency")
    assert w.level == "note" and w.tasks == tuple(t.path for t in doc.tasks) == ("1.1", "1.2")
    j = warning_json(w)
    assert j["level"] == "note" and j["tasks"] == ["1.1", "1.2"]
    assert j["message_zh"] == message_zh(w) and "县低空经济服务专班" in j["message_zh"]


def test_no_check_on_the_sample(sample_doc):
    assert [w for w in sample_doc.warnings if w.level == "check"] == []


# ---------------------------------------------------------------- the collapse checks
def test_a_lead_rule_the_grammar_does_not_read_is_a_check_on_the_tasks_it_would_split():
    head = "某县方案\n说明：各项任务责任单位中，顿号前的单位牵头。\n一、重点任务\n"
    doc, ws = warnings_of("（一）建设平台。（县数据局、县财政局）\n（二）开放数据。（县数据局）\n", head)
    assert doc.tasks[0].lead == ("县数据局", "县财政局")  # the rule was not read: both lead
    (w,) = by_code(ws, "lead-rule-not-read")
    assert w.level == "check" and w.tasks == ("1.1",) and w.span.quote == "顿号前的单位牵头"


def test_a_lead_rule_read_the_other_way_is_a_check():
    from loaders.extract.warnings import lead_rule_misread

    text = "各项任务中，第一个逗号前的单位为牵头单位。"
    (w,) = lead_rule_misread(text, text, (7, 20), "first-listed", ["1.1", "1.2"])
    assert (w.code, w.level, w.tasks) == ("lead-rule-misread", "check", ("1.1", "1.2"))


def test_a_collective_split_in_two_is_a_check():
    from loaders.extract.warnings import unit_name
    from loaders.records import Responsibility, Span, Task

    text = "（一）建设平台。（各市、州、县人民政府）"
    a = Responsibility("各市、州", "lead", Span(9, 13, text[9:13]), Span(8, 21, text[8:21]))
    b = Responsibility("县人民政府", "lead", Span(14, 19, text[14:19]), Span(8, 21, text[8:21]))
    task = Task("（一）", 1, "建设平台", None, "1.1", 2, Span(0, 21, text), Span(3, 7, text[3:7]), (a, b))
    (w,) = unit_name(text, [task])
    assert (w.code, w.level, w.tasks) == ("unit-fragment", "check", ("1.1",))


@pytest.mark.parametrize("name", ["州", "各市", "市〕政府", "开发园区管委会。列第一位的"])
def test_a_unit_that_is_no_body_is_a_check(name):
    _, ws = warnings_of(f"（一）建设平台。（责任单位：{name}、县财政局）\n")
    frags = by_code(ws, "unit-fragment")
    assert frags and all(w.level == "check" and w.tasks == ("1.1",) for w in frags)


def test_a_numbering_gap_names_the_item_before_it():
    doc, ws = warnings_of("（一）建设平台。（责任单位：县数据局）\n（三）开放数据。（责任单位：县财政局）\n")
    (w,) = by_code(ws, "numbering-gap")
    assert w.level == "check" and w.span.quote == "（三）" and w.tasks == ("1.1",)


def test_numbered_lines_not_read_inside_a_task_and_outside_every_task():
    from loaders.extract.warnings import lines_not_read, number_not_read

    doc, _ = warnings_of("（一）建设平台。（责任单位：县数据局）\n")
    task = doc.tasks[0]
    text = doc.text + "\n⒈开放数据。（县财政局负责）\n"
    outside = lines_not_read(text, text, [], [task])
    assert [(w.code, w.level, w.span.quote) for w in outside] == [("lines-not-read", "check", "⒈")]
    assert number_not_read(text, text, [], [task]) == []  # the line is after the task's span


def test_the_dev_plans_have_no_collapse_check():
    """The extractor is exact on the dev plans: the collapse checks stay silent there."""
    result = score_dev()
    assert result["wrong"] == 0 and result["correct"] >= 580
    assert not set(result["checks"]) & {
        "lead-rule-not-read",
        "lead-rule-misread",
        "unit-fragment",
        "numbering-gap",
        "number-not-read",
        "lines-not-read",
        "clauses-merged",
    }


# ---------------------------------------------------------------- the gazetteer note
@pytest.mark.parametrize(
    "name",
    [
        "省发展改革委",
        "市发改委",
        "县住建局",
        "团市委",
        "人行南京分行营管部",
        "南京海关",
        "国网南京供电公司",
        "江苏银保监局",
        "市工商局",
        "区卫健委",
        "中国移动南充分公司",
    ],
)
def test_usual_abbreviations_and_common_bodies_are_well_formed(name):
    assert well_formed(name)


@pytest.mark.parametrize(
    "name", ["市政管局", "OPC社区", "年内市", "市", "功能区管委会", "县低空经济服务专班"]
)
def test_odd_names_are_not(name):
    assert not well_formed(name)


def test_abbreviations_the_gazetteer_lacks_are_no_note():
    _, ws = warnings_of("（一）建设平台。（县住建局牵头，团县委、县法制办、县疾控中心配合）\n")
    assert by_code(ws, "unknown-agency") == []


# ---------------------------------------------------------------- the floors, measured on gold
def test_on_the_dev_plans_few_correct_tasks_are_flagged():
    s = score_dev()
    assert s["flagged"] / s["correct"] <= FLAG_CEILING


# One fault of each kind that breaks tasks on the dev plans (the benchmark runs them all).
FLOOR_FAULTS = [
    f
    for f in FAULTS
    if f[1:]
    in {
        ("COMMA_WORDS", "逗号"),
        ("LEVEL_WORDS", "州"),
        ("LEAD_WORDS", "牵头"),
        ("LABEL_NOUNS", "单位"),
        ("BRACKETS", "〔"),
        ("STYLES", "pcn"),
        ("STYLES", "cn"),
    }
]


def test_checks_cover_the_wrong_tasks_of_injected_grammar_faults():
    assert len(FLOOR_FAULTS) == 7
    r = score_faults(FLOOR_FAULTS)
    total = r["total"]
    assert not [f for f, s in r["faults"].items() if "crashed" in s]
    assert total["wrong"] > 300
    assert total["covered"] / total["wrong"] >= COVER_FLOOR, total["misses"][:10]
    assert total["flagged"] / total["correct"] <= FLAG_CEILING
