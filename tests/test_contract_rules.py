"""One test per rule of the extraction contract (the corpus README), each on a short text written for
the test — not taken from the development plans — so that every rule is exercised on wording the
extractor was not tuned on."""

from __future__ import annotations

import pytest

from loaders.extract.document import parse_text

HEAD = "某市推进数字经济发展实施方案\n一、重点任务\n"


def tasks_of(body: str, head: str = HEAD):
    return parse_text(head + body, doc_id="t", require_tasks=False).tasks


def roles(task) -> tuple[list[str], list[str]]:
    return list(task.lead), list(task.cooperating)


# ----------------------------------------------------------------------------------------- tasks
def test_items_in_safeguards_and_closing_provisions_are_tasks():
    body = (
        "（一）建设数据平台。建成市级数据平台。（责任单位：市数据局）\n"
        "二、保障措施\n（一）强化资金保障。统筹安排专项资金。（市财政局负责）\n"
        "（二）加强宣传。营造良好氛围。\n"
        "三、附则\n1.本方案所需资金由市财政局统筹安排。\n2.本方案由市数据局负责解释。\n"
    )
    got = [(t.title, roles(t)) for t in tasks_of(body)]
    assert got == [
        ("建设数据平台", (["市数据局"], [])),
        ("强化资金保障", (["市财政局"], [])),
        ("本方案所需资金由市财政局统筹安排", (["市财政局"], [])),
    ]


def test_sentence_forms_name_a_unit_or_are_not_clauses():
    body = (
        "（一）认定管理。由市科技局会同市财政局、市人社局组织开展年度认定。\n"
        "（二）制定细则。由上述责任单位制定实施细则。\n"
        "（三）解释。本方案由市科技局会同市司法局负责解释。\n"
    )
    got = [(t.id, roles(t)) for t in tasks_of(body)]
    assert got == [("（一）", (["市科技局"], ["市财政局", "市人社局"]))]


def test_unnumbered_paragraphs_and_items_without_clause_are_not_tasks():
    head = "某市方案\n市发展改革委牵头，各有关部门配合，抓好落实。\n一、重点任务\n"
    body = "（一）完善政策。出台配套政策。\n（二）建设平台。（市工信局负责）\n"
    assert [t.id for t in tasks_of(body, head=head)] == ["（二）"]


def test_a_heading_over_independent_sub_items_keeps_the_clause_with_its_sub_item():
    body = "（一）培育市场主体\n1.壮大龙头企业。\n2.扶持中小企业。（责任单位：市商务局）\n"
    assert [(t.id, t.lead) for t in tasks_of(body)] == [("2.", ("市商务局",))]


def test_sub_items_with_their_own_clauses_are_tasks():
    body = "（一）培育市场主体\n1.壮大龙头企业。（责任单位：市工信局）\n2.扶持中小企业。（责任单位：市商务局）\n"
    assert [(t.id, t.section) for t in tasks_of(body)] == [("1.", "（一）培育市场主体"), ("2.", "（一）培育市场主体")]


def test_several_clauses_in_one_item_are_one_task():
    body = (
        "（一）推进数据开放。开放公共数据。（市数据局、市政务办）"
        "鼓励企业开放数据。（市政务办、市数据局、市国资委）\n"
    )
    (task,) = tasks_of(body, head="某市方案\n排在第一位的部门为牵头部门。\n一、重点任务\n")
    assert roles(task) == (["市数据局", "市政务办"], ["市国资委"])


def test_a_clause_closing_the_last_sub_item_belongs_to_the_item():
    body = (
        "（一）落实购房补贴\n购房人可享受下列补贴。\n1.首套住房给予契税补贴。\n2.多孩家庭给予额外补贴。\n"
        "3.补贴不重复享受。（牵头单位：县住建局；配合单位：县财政局）\n（二）优化审批。（县审批局负责）\n"
    )
    got = [(t.id, roles(t)) for t in tasks_of(body)]
    assert got == [("（一）", (["县住建局"], ["县财政局"])), ("（二）", (["县审批局"], []))]


def test_clause_mid_paragraph_without_brackets():
    body = "（一）发展跨境电商。市商务局牵头，市海关、市邮政局配合，建设跨境电商产业园，培育外贸新业态。\n"
    (task,) = tasks_of(body)
    assert roles(task) == (["市商务局"], ["市海关", "市邮政局"])


@pytest.mark.parametrize("sep", [" | ", "\t"])
def test_task_tables_with_continuation_rows(sep):
    rows = [
        ["序号", "重点任务", "牵头单位", "配合单位"],
        ["1", "建设算力中心。", "市数据局", "市发展改革委"],
        ["", "完善算力调度。", "", "市财政局"],
        ["2", "培育数据企业。", "市工信局", "市科技局、市商务局"],
    ]
    body = "（一）重点任务分工\n" + "\n".join(sep.join(r) for r in rows) + "\n"
    got = [(t.title, roles(t)) for t in tasks_of(body)]
    assert got == [
        ("建设算力中心", (["市数据局"], ["市发展改革委", "市财政局"])),
        ("培育数据企业", (["市工信局"], ["市科技局", "市商务局"])),
    ]


# ----------------------------------------------------------------------------------------- roles
@pytest.mark.parametrize(
    "clause, lead, coop",
    [
        ("（牵头单位：市文旅局；配合单位：市财政局、市商务局）", ["市文旅局"], ["市财政局", "市商务局"]),
        ("（主办：市文旅局；协办：市体育局）", ["市文旅局"], ["市体育局"]),
        ("（市文旅局牵头，市体育局参与）", ["市文旅局"], ["市体育局"]),
        ("（市文旅局牵头，各区政府按职责分工负责）", ["市文旅局"], ["各区政府"]),
        ("（市文旅局、市体育局负责）", ["市文旅局", "市体育局"], []),
        ("（责任单位：市文旅局、市体育局）", ["市文旅局", "市体育局"], []),
        ("（市体育局、市文旅局（牵头）、市教育局）", ["市文旅局"], ["市体育局", "市教育局"]),
        ("（由市文旅局会同市体育局、市教育局负责）", ["市文旅局"], ["市体育局", "市教育局"]),
        ("〔责任单位：市文旅局、各县（市、区）政府〕", ["市文旅局", "各县（市、区）政府"], []),
        ("[市文旅局，市体育局]", ["市文旅局", "市体育局"], []),
        ("(市文旅局牵头,市体育局、市教育局配合)", ["市文旅局"], ["市体育局", "市教育局"]),
    ],
)
def test_role_forms(clause, lead, coop):
    (task,) = tasks_of(f"（一）繁荣文旅市场。举办文旅活动。{clause}\n")
    assert roles(task) == (lead, coop)


@pytest.mark.parametrize(
    "clause, lead, coop",
    [
        ("责任单位：市文旅局、市体育局。", ["市文旅局", "市体育局"], []),
        ("【牵头单位】市文旅局【配合单位】市体育局", ["市文旅局"], ["市体育局"]),
        ("（牵头单位：市文旅局；责任单位：各区县政府）", ["市文旅局"], ["各区县政府"]),
        ("（责任单位：市文旅局；完成时间：2025年底）", ["市文旅局"], []),
    ],
)
def test_labels_in_the_paragraph_and_fields_after_the_units(clause, lead, coop):
    (task,) = tasks_of(f"（一）繁荣文旅市场。举办文旅活动。{clause}\n")
    assert roles(task) == (lead, coop)


@pytest.mark.parametrize(
    "clause, lead, coop",
    [
        # Names are as written with white space removed; only 、，； and a joining 和/及 split a list.
        ("（责任单位：市文旅局 市体育局）", ["市文旅局市体育局"], []),
        ("（责任单位：市 文旅局）", ["市文旅局"], []),
        ("（市文旅局负责，2025年底前完成）", ["市文旅局"], []),
        ("（市文旅局牵头，市体育局配合，长期坚持）", ["市文旅局"], ["市体育局"]),
    ],
)
def test_spaces_between_names_and_time_fields_in_the_list(clause, lead, coop):
    (task,) = tasks_of(f"（一）繁荣文旅市场。举办文旅活动。{clause}\n")
    assert roles(task) == (lead, coop)


def test_task_table_with_lead_and_implementing_columns():
    body = "（一）分工\n序号 | 重点任务 | 牵头部门 | 责任部门 | 完成时限\n1 | 建设平台。 | 市数据局 | 市财政局、市工信局 | 2025年\n"
    (task,) = tasks_of(body)
    assert roles(task) == (["市数据局"], ["市财政局", "市工信局"])


def test_names_are_kept_as_written_with_their_brackets():
    clause = "(责任单位:市委改革办〔市营商环境建设局〕、各县(市)人民政府、区委组织部（人才办）)"
    (task,) = tasks_of(f"（一）优化营商环境。推进改革。{clause}\n")
    assert task.lead == ("市委改革办〔市营商环境建设局〕", "各县(市)人民政府", "区委组织部（人才办）")


def test_scope_notes_are_not_part_of_names():
    clause = "（责任单位：市住建局，各区政府（含高新区管委会、经开区管委会，下同））"
    (task,) = tasks_of(f"（一）推进城市更新。改造老旧小区。{clause}\n")
    assert task.lead == ("市住建局", "各区政府")


@pytest.mark.parametrize(
    "units, names",
    [
        ("各有关部门和单位", ["各有关部门和单位"]),
        ("各区、县级市", ["各区、县级市"]),
        ("市工信局和各县区政府", ["市工信局", "各县区政府"]),
        # 等有关部门 before the role verb names the collective as a unit of its own (the State Council
        # plans' gold: 海关总署、商务部等有关部门负责 → 有关部门 cooperates); at the end of a labelled list
        # it is dropped (below).
        ("市工信局、市商务局等有关部门", ["市工信局", "市商务局", "有关部门"]),
        ("市工信局、市商务局等有关部门和单位", ["市工信局", "市商务局", "有关部门和单位"]),
        ("市工信局、市商务局等", ["市工信局", "市商务局"]),
        ("市工信局及市商务局", ["市工信局", "市商务局"]),
    ],
)
def test_lists_collectives_joiners_and_etc(units, names):
    (task,) = tasks_of(f"（一）扩大消费。开展促消费活动。（{units}负责）\n")
    assert list(task.lead) == names


@pytest.mark.parametrize(
    "rule",
    ["排在第一位的部门为牵头部门", "列第一位者为牵头单位", "各项举措中排序第一的责任单位为牵头单位"],
)
def test_first_listed_lead_rule_in_any_wording_and_place(rule):
    body = "（一）建设平台。完善功能。（市数据局、市工信局、市财政局）\n（二）开放数据。（责任单位：市政务办）\n"
    closing = f"四、组织实施\n各单位要抓好落实，{rule}。\n"
    for text in (HEAD.replace("一、", f"{rule}。\n一、") + body, HEAD + body + closing):
        tasks = parse_text(text, doc_id="t").tasks
        assert roles(tasks[0]) == (["市数据局"], ["市工信局", "市财政局"])
        assert roles(tasks[1]) == (["市政务办"], [])  # one unit: the rule cannot split it


@pytest.mark.parametrize("rule", ["第一个逗号前为牵头单位", "列逗号之前的为牵头单位"])
def test_before_first_comma_rule_with_xiatong(rule):
    body = (
        f"（一）建设园区。完善配套。（市科技局、市工信局，市财政局、市商务局；{rule}，下同）\n"
        "（二）引进人才。（市人社局，市科技局）\n"
        "（三）优化服务。（市政务办、市市场监管局）\n"
    )
    got = [roles(t) for t in tasks_of(body)]
    assert got == [
        (["市科技局", "市工信局"], ["市财政局", "市商务局"]),
        (["市人社局"], ["市科技局"]),
        (["市政务办", "市市场监管局"], []),  # no comma: the rule cannot split, all lead
    ]


def test_rule_inside_one_clause_without_xiatong_applies_to_that_clause_only():
    body = (
        "（一）建设园区。（市科技局、市工信局，排在第一位的为牵头单位）\n"
        "（二）引进人才。（市人社局、市科技局）\n"
    )
    got = [roles(t) for t in tasks_of(body)]
    assert got == [(["市科技局"], ["市工信局"]), (["市人社局", "市科技局"], [])]


def test_standing_notes_are_not_copied():
    body = (
        "（一）建设园区。（责任单位：市科技局，各区政府。以下各项任务均需各区政府落实，不再列出）\n"
        "（二）引进人才。（责任单位：市人社局）\n"
    )
    got = [roles(t) for t in tasks_of(body)]
    assert got == [(["市科技局", "各区政府"], []), (["市人社局"], [])]


# ------------------------------------------------------------------------- generated plans
def test_generated_plans_in_every_clause_style_score_one():
    """Each clause style of `loaders.synthetic.plans` (lead rules, 〔〕, mid-paragraph, （牵头）, 会同 …) on
    plans that come from the generator, not from the development set."""
    from loaders.synthetic.plans import STYLES, generate_corpus
    from tests.tools.score_extraction import score

    seen = set()
    for plan in generate_corpus(80, seed=11, tasks_range=(3, 6)):
        doc = parse_text(plan.text, doc_id=plan.doc_id)
        pred = {
            "tasks": [{"title": t.title, "lead": list(t.lead), "cooperating": list(t.cooperating)} for t in doc.tasks],
        }
        assert score(pred, {"tasks": plan.expected["tasks"]})["assignments"]["f1"] == 1.0, plan.text
        seen.add(plan.style)
    assert seen == set(STYLES)


# ------------------------------------------------------------------------- in the graph
def test_growth_and_level_targets_are_told_apart_in_the_graph():
    from rdflib import RDF

    from kg.graph.build import build_graph
    from kg.graph.namespaces import PKG
    from kg.reasoning.validate import validate_graph

    text = (
        "某市方案\n一、发展目标\n到2027年，数字经济核心产业增加值达到500亿元，年均增长10%。\n"
        "二、重点任务\n（一）建设平台。（市数据局负责）\n"
    )
    doc = parse_text(text, doc_id="g")
    assert sorted((t.indicator, t.kind.value) for t in doc.targets) == [
        ("数字经济核心产业增加值", "level"),
        ("数字经济核心产业增加值", "rate"),
    ]
    g = build_graph([doc])
    kinds = {
        (k, str(v))
        for t in g.subjects(RDF.type, PKG.Target)
        for k in (PKG.LevelTarget, PKG.GrowthTarget)
        if (t, RDF.type, k) in g
        for v in g.objects(t, PKG.targetValue)
    }
    assert kinds == {(PKG.LevelTarget, "500.0"), (PKG.GrowthTarget, "10.0")}
    assert validate_graph(g).conforms


def test_item_numbers_past_999_and_years_at_a_line_start():
    body = "".join(f"{k}.任务{k}。（市科技局负责）\n" for k in range(998, 1002))
    assert [t.number for t in tasks_of(body)] == [998, 999, 1000, 1001]
    (task,) = tasks_of("（一）建设平台。内容。\n2025年，全市建成平台。（市科技局负责）\n")
    assert task.id == "（一）"  # 2025年 opens a sentence, not an item numbered 2025


def test_a_year_opening_an_item_governs_its_targets_and_no_further():
    body = (
        "（一）到2027年，建设算力基础设施\n全市智算中心达到10个。（市数据局负责）\n"
        "（二）开放数据\n全市开放数据集达到200个。（市数据局负责）\n"
    )
    doc = parse_text(HEAD + body, doc_id="y")
    assert [(t.value, t.year) for t in doc.targets] == [(10.0, 2027), (200.0, None)]
