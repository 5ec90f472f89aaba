"""Each responsibility-clause style of the contract, in short documents written for the test."""

from __future__ import annotations

import pytest

from loaders.extract.clauses import parse_clause
from loaders.extract.document import parse_text


def tasks_of(body: str):
    return parse_text(body, doc_id="t").tasks


def roles(task):
    return list(task.lead), list(task.cooperating)


HEAD = "某市知识产权工作方案\n一、重点任务\n"


@pytest.mark.parametrize(
    ("clause", "lead", "coop"),
    [
        (
            "（责任单位：市市场监管局，配合单位：市司法局、市财政局）",
            ["市市场监管局"],
            ["市司法局", "市财政局"],
        ),
        ("（牵头单位：市科技局；配合单位：市教委、市经信委）", ["市科技局"], ["市教委", "市经信委"]),
        ("（牵头部门：市商务委；参与单位：市文旅委）", ["市商务委"], ["市文旅委"]),
        ("（责任部门：市农业农村委；协同单位：市林业局）", ["市农业农村委"], ["市林业局"]),
        ("（市发展改革委牵头，市财政局、市科技局配合）", ["市发展改革委"], ["市财政局", "市科技局"]),
        ("（市科技局牵头，市教委参与）", ["市科技局"], ["市教委"]),
        ("（市市场监管局牵头负责）", ["市市场监管局"], []),
        ("（市科技局、市财政局、市教委负责）", ["市科技局", "市财政局", "市教委"], []),
        ("（市科技局、市财政局按职责分工负责）", ["市科技局", "市财政局"], []),
        ("（市科技局和市财政局负责）", ["市科技局", "市财政局"], []),
        ("（市文化和旅游委负责）", ["市文化和旅游委"], []),
        ("（牵头单位：市市场监管局；配合单位：各成员单位）", ["市市场监管局"], ["各成员单位"]),
        ("（市科技局牵头，各有关部门和单位配合）", ["市科技局"], ["各有关部门和单位"]),
        ("（市政府办牵头，各区、县级市配合）", ["市政府办"], ["各区、县级市"]),
        ("（市科技局、市财政局等有关部门负责）", ["市科技局", "市财政局", "有关部门"], []),
        ("（责任单位：市科技局、市财政局等有关部门）", ["市科技局", "市财政局"], []),
        ("（市科技局牵头，市财政局、市教委等配合）", ["市科技局"], ["市财政局", "市教委"]),
        ("（由市科技局会同市财政局负责）", ["市科技局"], ["市财政局"]),
        ("（责任单位：市 市场监管局，配合单位：市司法局）", ["市市场监管局"], ["市司法局"]),
        ("(责任单位:市市场监管局,配合单位:市司法局)", ["市市场监管局"], ["市司法局"]),
    ],
)
def test_clause_style_at_end_of_paragraph(clause, lead, coop):
    body = (
        HEAD
        + f"（一）完善政策体系。加强统筹协调，提升服务水平。{clause}\n（二）加强保护。开展专项行动。（责任单位：市公安局）\n"
    )
    tasks = tasks_of(body)
    assert len(tasks) == 2
    assert roles(tasks[0]) == (lead, coop)
    assert tasks[0].title == "完善政策体系"


def test_clause_on_its_own_lines():
    body = (
        HEAD
        + "1.完善政策体系。加强统筹协调。\n责任单位：市市场监管局\n配合单位：市司法局、市财政局\n2.加强保护。开展行动。\n牵头单位：市公安局\n"
    )
    tasks = tasks_of(body)
    assert [roles(t) for t in tasks] == [(["市市场监管局"], ["市司法局", "市财政局"]), (["市公安局"], [])]


def test_unbracketed_final_sentence():
    body = (
        HEAD
        + "（一）完善政策体系。加强统筹协调。市科技局牵头，市财政局配合。\n（二）加强保护。开展行动。（市公安局负责）\n"
    )
    assert roles(tasks_of(body)[0]) == (["市科技局"], ["市财政局"])


def test_first_listed_leads_rule_with_xiatong():
    body = HEAD + (
        "（一）完善政策体系。加强统筹。（市科技局、市财政局、市教委负责，排在第一位的为牵头单位，下同）\n"
        "（二）加强保护。开展行动。（市公安局、市检察院负责）\n"
    )
    t1, t2 = tasks_of(body)
    assert roles(t1) == (["市科技局"], ["市财政局", "市教委"])
    assert roles(t2) == (["市公安局"], ["市检察院"])


def test_first_listed_leads_rule_without_xiatong_applies_to_its_clause_only():
    body = HEAD + (
        "（一）完善政策体系。加强统筹。（市科技局、市财政局负责，列第一位者为牵头单位）\n"
        "（二）加强保护。开展行动。（市公安局、市检察院负责）\n"
    )
    t1, t2 = tasks_of(body)
    assert roles(t1) == (["市科技局"], ["市财政局"])
    assert roles(t2) == (["市公安局", "市检察院"], [])


def test_document_level_first_lead_statement():
    body = "某市实施方案\n注：各项任务中排在第一位的部门为牵头部门。\n一、重点任务\n（一）完善政策体系。加强统筹。（市科技局、市财政局负责）\n"
    assert roles(tasks_of(body)[0]) == (["市科技局"], ["市财政局"])


def test_yishi_inline_tasks():
    body = (
        HEAD
        + "（一）健全工作机制。一是完善政策体系（市科技局负责）；二是加强执法协作（市公安局牵头，市检察院配合）。\n"
    )
    tasks = tasks_of(body)
    assert [t.id for t in tasks] == ["一是", "二是"]
    assert roles(tasks[1]) == (["市公安局"], ["市检察院"])
    assert tasks[0].title == "完善政策体系"


def test_tasks_nested_under_headings():
    body = (
        "某市方案\n一、总体要求\n坚持创新驱动。\n二、主要任务\n（一）强化创造\n"
        "1.培育高价值专利。推进布局。（责任单位：市市场监管局）\n2.发展版权产业。（市委宣传部负责）\n"
        "（二）强化保护\n1.加强司法保护。（市法院牵头，市检察院配合）\n"
    )
    tasks = tasks_of(body)
    assert [(t.id, t.section) for t in tasks] == [
        ("1.", "（一）强化创造"),
        ("2.", "（一）强化创造"),
        ("1.", "（二）强化保护"),
    ]
    assert len({t.path for t in tasks}) == 3
    assert tasks[0].ip_types == ("专利",)


def test_article_numbering():
    body = "某市办法\n第一条 为了加强管理，制定本办法。\n第二条 市市场监管局负责专利执法工作（市市场监管局牵头，市公安局配合）。\n"
    tasks = tasks_of(body)
    assert [t.id for t in tasks] == ["第二条"]


def test_parenthesised_non_clause_is_ignored():
    assert parse_clause("以下简称“三合一”") is None
    assert parse_clause("上述指标均为预期性指标") is None
    assert parse_clause("由企业负责") is None


def test_names_are_kept_as_written():
    body = HEAD + "（一）完善政策体系。内容。（责任单位：区 市场监管局，配合单位：长寿经开区等）\n"
    assert roles(tasks_of(body)[0]) == (["区市场监管局"], ["长寿经开区"])


def test_targets_with_year_and_nature():
    body = (
        "某市方案\n一、发展目标\n到2025年，每万人口发明专利拥有量达到15件（约束性），"
        "专利质押融资额突破10亿元（预期性）。\n到2030年，知识产权强市基本建成。\n"
        "二、重点任务\n（一）完善政策。内容。（市科技局负责）\n"
    )
    doc = parse_text(body, doc_id="t")
    got = [(t.indicator, t.value, t.unit, t.year, t.nature) for t in doc.targets]
    assert got == [
        ("每万人口发明专利拥有量", 15, "件", 2025, "约束性"),
        ("专利质押融资额", 10, "亿元", 2025, "预期性"),
    ]
    assert doc.goal_years == (2025, 2030)


def test_target_without_year():
    doc = parse_text(
        "某方案\n一、目标\n有效发明专利拥有量达到500件。\n二、任务\n（一）完善。内容。（市科技局负责）\n",
        doc_id="t",
    )
    assert [(t.indicator, t.year) for t in doc.targets] == [("有效发明专利拥有量", None)]


def test_citations_in_order_without_duplicates():
    doc = parse_text(
        "依据《甲纲要》和《乙办法》，重申《甲纲要》。\n一、任务\n（一）完善。（市科技局负责）\n", doc_id="t"
    )
    assert doc.cited_documents == ("《甲纲要》", "《乙办法》")


@pytest.mark.parametrize(
    ("clause", "lead", "coop"),
    [
        ("（牵头单位：市知识产权局；责任单位：各区政府）", ["市知识产权局"], ["各区政府"]),
        ("（市发展改革委、市财政局牵头，市级有关部门按职责分工负责）", ["市发展改革委", "市财政局"], ["市级有关部门"]),
        ("（市政府办公厅（市金融办）、市财政局负责）", ["市政府办公厅（市金融办）", "市财政局"], []),
        ("（责任单位：各区县（自治县）政府、市级有关部门）", ["各区县（自治县）政府", "市级有关部门"], []),
        ("（市科技局牵头，市财政局，市教委配合）", ["市科技局"], ["市财政局", "市教委"]),
    ],
)
def test_more_clause_shapes(clause, lead, coop):
    body = HEAD + f"（一）完善政策体系。加强统筹协调。{clause}\n"
    assert roles(tasks_of(body)[0]) == (lead, coop)


def test_parenthesised_arabic_and_circled_numbering():
    body = "某市方案\n一、主要任务\n（1）完善专利政策。推进。（市科技局负责）\n（2）加强商标保护。（市市场监管局负责）\n二、其他\n①建立机制。（市财政局负责）\n"
    tasks = tasks_of(body)
    assert [(t.id, t.number, t.lead) for t in tasks] == [
        ("（1）", 1, ("市科技局",)),
        ("（2）", 2, ("市市场监管局",)),
        ("①", 1, ("市财政局",)),
    ]


def test_clause_on_heading_applies_to_heading():
    body = "某市方案\n一、主要任务\n（一）强化专利创造（责任单位：市市场监管局）\n1.培育高价值专利。\n2.推进专利导航。\n"
    tasks = tasks_of(body)
    assert [(t.id, t.title, t.lead) for t in tasks] == [("（一）", "强化专利创造", ("市市场监管局",))]


def test_bracket_labels_and_time_limits():
    body = HEAD + "（一）完善政策体系。加强统筹。\n【牵头单位】市科技局【配合单位】市财政局、市教委\n（二）加强保护。（责任单位：市公安局；完成时限：2025年底）\n"
    t1, t2 = tasks_of(body)
    assert roles(t1) == (["市科技局"], ["市财政局", "市教委"])
    assert roles(t2) == (["市公安局"], [])


def test_first_listed_rule_applies_to_responsible_unit_lists():
    body = "某市方案\n（注：责任单位中排在第一位的为牵头单位，下同）\n一、重点任务\n（一）完善政策体系。（责任单位：市科技局、市财政局、市教委）\n（二）加强保护。（牵头单位：市公安局；配合单位：市检察院）\n"
    t1, t2 = tasks_of(body)
    assert roles(t1) == (["市科技局"], ["市财政局", "市教委"])
    assert roles(t2) == (["市公安局"], ["市检察院"])


def test_yishi_with_one_closing_clause_is_one_task():
    body = HEAD + "（一）健全工作机制。一是完善政策体系；二是加强执法协作。（责任单位：市科技局，配合单位：市公安局）\n"
    tasks = tasks_of(body)
    assert [(t.id, t.title) for t in tasks] == [("（一）", "健全工作机制")]
    assert roles(tasks[0]) == (["市科技局"], ["市公安局"])
