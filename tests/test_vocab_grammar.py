"""The grammars of `loaders.vocab` — labels, lead rules, collectives, brackets, numbering, standing
notes and fields that are not units — one test per rule, each on short texts written for the test,
with variants that no development plan shows (the plans the extractor is measured on are not shared:
a grammar must generate their wording, a word list would stop where the dev set stops)."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from loaders.extract.clauses import collective_spans, find_lead_rules, label_role, parse_clause
from loaders.extract.document import parse_text
from loaders.read.normalize import fold
from loaders.vocab import clauses as V
from loaders.vocab.clauses import LeadRule

HEAD = "某市推进数字经济发展实施方案\n一、重点任务\n"


def tasks_of(body: str, head: str = HEAD):
    return parse_text(head + body, doc_id="t", require_tasks=False).tasks


def roles(task) -> tuple[list[str], list[str]]:
    return list(task.lead), list(task.cooperating)


def clause_roles(clause: str, rule: LeadRule | None = None):
    text = fold(clause)
    items = parse_clause(text, rule=rule, bare_list=True) or []
    return [(i.name, i.role.value) for i in items]


# ----------------------------------------------------------------------------------------- labels
@pytest.mark.parametrize(
    "label, role",
    [
        ("责任单位", "plain"),
        ("主要责任单位", "plain"),
        ("具体责任部门", "plain"),
        ("牵头单位", "lead"),
        ("主要牵头部门", "lead"),
        ("牵头责任单位", "lead"),
        ("主责机构", "lead"),
        ("主办", "lead"),
        ("承办部门", "lead"),
        ("配合单位", "cooperating"),
        ("配合实施单位", "cooperating"),
        ("协同推进部门", "cooperating"),
        ("参与机构", "cooperating"),
        ("协办", "cooperating"),
        ("其他配合部门", "cooperating"),
    ],
)
def test_label_grammar_gives_the_role(label, role):
    assert label_role(label) == role
    got = clause_roles(f"{label}：市科技局")
    expected = "lead" if role in ("lead", "plain") else "cooperating"
    assert got == [("市科技局", expected)]


@pytest.mark.parametrize("prefix", ["主要", "具体", "其他"])
def test_label_prefixes_are_never_agencies(prefix):
    got = clause_roles(f"{prefix}责任单位：市科技局、市财政局；{prefix}配合单位：市教育局")
    assert got == [("市科技局", "lead"), ("市财政局", "lead"), ("市教育局", "cooperating")]


@pytest.mark.parametrize("form", ["【主要牵头单位】市科技局【配合部门】市财政局", "主要牵头单位: 市科技局; 配合部门: 市财政局"])
def test_labels_in_brackets_and_half_width(form):
    assert clause_roles(form) == [("市科技局", "lead"), ("市财政局", "cooperating")]


def test_a_lead_label_makes_responsible_units_implement_under_it():
    got = clause_roles("牵头部门：市发改委；具体责任单位：市财政局、市科技局")
    assert got == [("市发改委", "lead"), ("市财政局", "cooperating"), ("市科技局", "cooperating")]


# ----------------------------------------------------------------------------------------- lead rules
@pytest.mark.parametrize(
    "statement, rule",
    [
        ("排在第一位的部门为牵头部门", LeadRule.FIRST_LISTED),
        ("各项举措中排序第一的责任单位为该项牵头单位", LeadRule.FIRST_LISTED),
        ("各项任务中排在首位的单位为本项工作的牵头单位", LeadRule.FIRST_LISTED),
        ("位列第一的部门负责牵头", LeadRule.FIRST_LISTED),
        ("排名第一的单位牵头", LeadRule.FIRST_LISTED),
        ("牵头单位为排在第一位的单位", LeadRule.FIRST_LISTED),
        ("第一个逗号前的单位为牵头单位", LeadRule.BEFORE_FIRST_COMMA),
        ("列逗号之前的为牵头单位", LeadRule.BEFORE_FIRST_COMMA),
        ("排在第一个逗号之前的部门为各项任务的牵头部门", LeadRule.BEFORE_FIRST_COMMA),
    ],
)
def test_lead_rule_grammar(statement, rule):
    (found,) = find_lead_rules(fold(f"责任分工中，{statement}，其他为配合单位。"))
    assert found.rule is rule


def test_an_order_word_and_a_lead_word_in_different_clauses_are_not_a_rule():
    assert find_lead_rules(fold("排在第一位的是制造业，由市工信局牵头推进。")) == []


@pytest.mark.parametrize("where", ["preamble", "closing", "first-clause"])
def test_a_lead_rule_applies_wherever_it_is_stated(where):
    rule = "各项任务中排在首位的单位为该项工作的牵头单位"
    preamble = f"为推进数字经济发展，制定本方案。{rule}。\n" if where == "preamble" else ""
    first = f"，{rule}，下同" if where == "first-clause" else ""
    closing = f"四、其他\n本方案自印发之日起施行。{rule}。\n" if where == "closing" else ""
    body = (
        f"（一）建设平台。建成平台。（市数据局、市财政局、市科技局负责{first}）\n"
        "（二）培育企业。培育企业。（市工信局、市商务局负责）\n" + closing
    )
    got = [roles(t) for t in tasks_of(body, head="某市实施方案\n" + preamble + "一、重点任务\n")]
    assert got == [(["市数据局"], ["市财政局", "市科技局"]), (["市工信局"], ["市商务局"])]


# ----------------------------------------------------------------------------------------- collectives
@pytest.mark.parametrize(
    "name",
    [
        "各市、州、县人民政府",
        "各盟、旗人民政府",
        "各自治州、自治县人民政府",
        "各市〔州〕、各县〔市、区、特区〕人民政府",
        "各区、县（市）人民政府",
        "各乡镇、街道",
        "各区、县级市",
        "各地区、县党委和政府",
    ],
)
def test_collectives_of_level_words_are_one_unit(name):
    got = clause_roles(f"责任单位：省财政厅，{name}")
    assert got == [("省财政厅", "lead"), (name, "lead")]
    text = fold(f"省财政厅、{name}")
    assert [text[a:b] for a, b in collective_spans(text, 0, len(text))] == [fold(name)]


def test_a_level_word_before_an_agency_is_not_a_collective():
    assert clause_roles("责任单位：各区、市科技局") == [("各区", "lead"), ("市科技局", "lead")]


def test_every_division_name_ends_with_a_level_word():
    places = json.loads(resources.files("loaders.vocab").joinpath("places.json").read_text("utf-8"))
    assert all(name.endswith(V.LEVEL_WORDS) for name in places)


# ----------------------------------------------------------------------------------------- brackets
@pytest.mark.parametrize(
    "opener, closer",
    [("（", "）"), ("(", ")"), ("〔", "〕"), ("［", "］"), ("[", "]"), ("〈", "〉"), ("﹝", "﹞"), ("〖", "〗")],
)
def test_clauses_in_every_bracket_kind(opener, closer):
    (task,) = tasks_of(f"（一）建设平台。建成市级平台。{opener}责任单位：市数据局；配合单位：市财政局{closer}\n")
    assert roles(task) == (["市数据局"], ["市财政局"])


def test_names_keep_their_brackets_as_written():
    (task,) = tasks_of("（一）建设平台。建成平台。〈责任单位：市委改革办〔市营商环境建设局〕、各县(市、区)政府〉\n")
    assert task.lead == ("市委改革办〔市营商环境建设局〕", "各县(市、区)政府")


# ----------------------------------------------------------------------------------------- numbering
def test_a_number_followed_by_a_digit_is_an_item_where_the_list_goes_on():
    body = (
        "10）人才项目。引进人才。（牵头单位：市委组织部）\n"
        "11）121人才梯队项目。培养人才。（牵头单位：市人社局，配合单位：各区、县级市）\n"
    )
    got = [(t.id, t.title, t.lead) for t in tasks_of(body, head="某市实施方案\n")]
    assert got == [("10）", "人才项目", ("市委组织部",)), ("11）", "121人才梯队项目", ("市人社局",))]


def test_a_clause_written_before_the_heading():
    body = "（一）【牵头单位：市数据局；配合单位：市财政局】建设平台。建成平台。\n"
    assert [(t.title, roles(t)) for t in tasks_of(body)] == [("建设平台", (["市数据局"], ["市财政局"]))]


@pytest.mark.parametrize("verb", ["按职责分工落实", "按照职能推进", "按职责承担"])
def test_plain_role_verbs_are_generated(verb):
    assert clause_roles(f"市科技局、市财政局{verb}") == [("市科技局", "lead"), ("市财政局", "lead")]


def test_a_supervising_unit_is_not_a_role():
    assert clause_roles("责任单位：市数据局；督办单位：市政府督查室") == [("市数据局", "lead")]


@pytest.mark.parametrize(
    "marks",
    [
        ("（一）", "（二）"),
        ("一、", "二、"),
        ("1.", "2."),
        ("1．", "2．"),
        ("1﹒", "2﹒"),
        ("1、", "2、"),
        ("（1）", "（2）"),
        ("(1)", "(2)"),
        ("1)", "2)"),
        ("①", "②"),
        ("⑴", "⑵"),
        ("⒈", "⒉"),
        ("㈠", "㈡"),
        ("第一条 ", "第二条 "),
        ("1.1 ", "1.2 "),
        ("2.1.1", "2.1.2"),
    ],
)
def test_every_common_numbering(marks):
    a, b = marks
    body = f"{a}建设平台。建成平台。（责任单位：市数据局）\n{b}培育企业。培育企业。（责任单位：市工信局）\n"
    got = [(t.id, t.title, roles(t)) for t in tasks_of(body, head="某市实施方案\n")]
    assert got == [
        ("".join(a.split()), "建设平台", (["市数据局"], [])),
        ("".join(b.split()), "培育企业", (["市工信局"], [])),
    ]


def test_nested_numbering_in_any_order_of_styles():
    body = (
        "1)建设平台\n⑴建成市级平台。（责任单位：市数据局）\n⑵开放数据。（责任单位：市大数据中心）\n"
        "2)培育企业。培育企业。（责任单位：市工信局）\n"
    )
    got = [(t.id, t.title) for t in tasks_of(body, head="某市实施方案\n")]
    assert got == [("⑴", "建成市级平台"), ("⑵", "开放数据"), ("2)", "培育企业")]


def test_a_plan_on_one_line_has_the_same_tasks():
    lines = [
        "某市实施方案",
        "一、重点任务",
        "（一）建设平台。建成平台。（责任单位：市数据局）",
        "（二）培育企业。培育一批企业。（责任单位：市工信局，配合单位：市财政局）",
        "二、保障措施",
        "（一）强化资金保障。统筹安排资金。（市财政局负责）",
    ]
    expected = [(t.id, t.title, roles(t)) for t in tasks_of("\n".join(lines[2:]) + "\n", "\n".join(lines[:2]) + "\n")]
    assert len(expected) == 3
    for sep in ("", " "):
        got = [(t.id, t.title, roles(t)) for t in tasks_of(sep.join(lines), "")]
        assert got == expected, sep


def test_numerals_inside_a_sentence_of_a_flat_plan_are_not_items():
    filler = "推动产业高质量发展，" * 110
    text = (
        "某市实施方案一、重点任务（一）设立奖项。设立一、二、三等奖，推进多测合一、联合验收。"
        f"{filler}（责任单位：市科技局）（二）培育企业。培育企业。（责任单位：市工信局）"
    )
    got = [t.id for t in parse_text(text, doc_id="t").tasks]
    assert got == ["（一）", "（二）"]


# ----------------------------------------------------------------------------------------- notes
@pytest.mark.parametrize(
    "note",
    [
        "，以下措施均需各区政府落实，不再单独列出",
        "。以下各项任务均需各县（市、区）人民政府落实，不再重复列出",
        "；各项措施责任单位均包括各开发区管委会，以下不再一一列明",
        "，其余任务均由各街道配合，后文不再标注",
    ],
)
def test_standing_notes_are_not_units(note):
    (task,) = tasks_of(f"（一）建设平台。建成平台。（责任单位：市数据局、市财政局{note}）\n")
    assert roles(task) == (["市数据局", "市财政局"], [])


@pytest.mark.parametrize("scope", ["（含高新区管委会，下同）", "（包括各园区）", "〔不含经开区〕"])
def test_scope_notes_are_not_part_of_names(scope):
    (task,) = tasks_of(f"（一）建设平台。建成平台。（责任单位：市数据局，各区政府{scope}）\n")
    assert task.lead == ("市数据局", "各区政府")


# ----------------------------------------------------------------------------------------- fields
@pytest.mark.parametrize(
    "clause",
    [
        "（0.5分，6月底前完成，牵头单位：市数据局，配合单位：市财政局）",
        "（牵头单位：市数据局，配合单位：市财政局，2025年6月底完成）",
        "（牵头单位：市数据局；配合单位：市财政局；完成时限：长期坚持）",
        "（牵头单位：市数据局，联系人：张三；配合单位：市财政局）",
        "（市数据局牵头，市财政局配合，第三季度完成）",
    ],
)
def test_fields_that_are_not_units_wherever_they_stand(clause):
    (task,) = tasks_of(f"（一）建设平台。建成平台。{clause}\n")
    assert roles(task) == (["市数据局"], ["市财政局"])


def test_role_of_an_unlabelled_plain_list_is_lead():
    assert clause_roles("市科技局、市财政局负责") == [("市科技局", "lead"), ("市财政局", "lead")]


# ----------------------------------------------------------------------------------------- layout
def _wrap(text: str, width: int) -> str:
    out = []
    for line in text.split("\n"):
        while len(line) > width:
            out.append(line[:width])
            line = line[width:]
        out.append(line)
    return "\n".join(out)


PLAIN = (
    "某市推进数字经济发展实施方案\n为推进数字经济高质量发展，结合本市实际，制定本方案。\n一、重点任务\n"
    "（一）建设市级数据平台。统筹建设全市一体化的数据共享交换平台，推动各部门政务数据按需共享、"
    "有序开放，支撑跨部门协同应用。（责任单位：市数据局，配合单位：市财政局、市发展改革委）\n"
    "（二）培育数字经济企业。培育一批数字经济领军企业和专精特新企业，完善梯度培育机制，"
    "按职责分工推进落实。（市工信局牵头，市科技局、市商务局按职责分工负责）\n"
    "（三）完善人才政策。引进和培养数字经济领域高层次人才，落实人才安居和子女入学等保障政策。"
    "（责任单位：市委组织部、市人社局）\n"
)


def test_a_wrapped_copy_is_read_as_the_text_it_was():
    from loaders.read.layout import is_wrapped

    wrapped = _wrap(PLAIN, 23)
    assert is_wrapped(wrapped) and not is_wrapped(PLAIN)
    want = [(t.id, t.title, roles(t)) for t in parse_text(PLAIN, doc_id="p").tasks]
    doc = parse_text(wrapped, doc_id="p")
    assert [(t.id, t.title, roles(t)) for t in doc.tasks] == want
    assert doc.text == wrapped  # spans point into the text as decoded
    for t in doc.tasks:
        for r in t.responsibilities:
            assert "".join(wrapped[r.mention.start : r.mention.end].split()) == r.agency


def test_spaces_inside_a_name_go():
    (task,) = tasks_of("（一）建设平台。建成平台。（责任单位：市 数据局、市政府 国资委、各OP C社区）\n")
    assert task.lead == ("市数据局", "市政府国资委", "各OPC社区")


def test_a_short_notice_is_not_taken_for_a_wrapped_copy():
    from loaders.read.layout import is_wrapped

    notice = "重庆市长寿区人民政府办公室\n关于印发《长寿区知识产权强区建设实施方案》的通知\n长寿府办发〔2022〕12号\n" * 4
    assert not is_wrapped(notice)


# ----------------------------------------------------------------------------------------- structure
@pytest.mark.parametrize("sub", [("1.", "2."), ("（1）", "（2）"), ("①", "②")])
def test_a_clause_on_its_own_line_after_the_sub_items_closes_the_section(sub):
    a, b = sub
    body = f"（一）培育市场主体\n{a}壮大龙头企业。\n{b}扶持中小企业。\n（责任单位：市商务局、市工信局）\n"
    assert [(t.id, t.title, t.lead) for t in tasks_of(body)] == [("（一）", "培育市场主体", ("市商务局", "市工信局"))]


def test_a_clause_after_sub_items_introduced_by_a_sentence_closes_the_section():
    body = "（一）支持购房\n符合条件的购房人可享受以下补贴。\n1.首套房补贴。\n2.二孩家庭补贴。（责任单位：县住建局）\n"
    assert [(t.id, t.lead) for t in tasks_of(body)] == [("（一）", ("县住建局",))]


def test_a_zone_after_a_collective_is_a_unit_of_its_own():
    got = clause_roles("责任单位：市科技局，各乡镇（街道）、功能区管委会")
    assert got == [("市科技局", "lead"), ("各乡镇（街道）", "lead"), ("功能区管委会", "lead")]


def test_a_fragment_of_a_collective_is_never_silently_a_unit():
    # Written with a stray comma, 各市，州 cannot be read as the collective: both pieces are flagged for
    # checking (issue 29: a fragment is a check on its task), not trusted.
    doc = parse_text(HEAD + "（一）建设平台。建成平台。（责任单位：市数据局，各市，州）\n", doc_id="t")
    flagged = [w for w in doc.warnings if w.code == "unit-fragment"]
    assert [(w.span.quote, w.level, w.tasks) for w in flagged] == [("各市", "check", ("1.1",)), ("州", "check", ("1.1",))]


# ----------------------------------------------------------------------------------------- role verbs
@pytest.mark.parametrize(
    "clause, lead, coop",
    [
        ("市数据局负责牵头，市财政局积极配合", ["市数据局"], ["市财政局"]),
        ("市数据局牵头抓总，市财政局、市科技局共同推进", ["市数据局"], ["市财政局", "市科技局"]),
        ("市数据局牵头，各区政府具体落实", ["市数据局"], ["各区政府"]),
        ("市数据局为牵头单位，市财政局、市科技局为配合单位", ["市数据局"], ["市财政局", "市科技局"]),
        ("市数据局作为牵头部门，市财政局作为责任部门", ["市数据局"], ["市财政局"]),
        ("责任单位：市数据局【牵头】、市财政局", ["市数据局"], ["市财政局"]),
        ("责任单位：市数据局（主责）、市财政局", ["市数据局"], ["市财政局"]),
        ("市数据局、市财政局按职能分工落实", ["市数据局", "市财政局"], []),
    ],
)
def test_role_verb_grammar(clause, lead, coop):
    (task,) = tasks_of(f"（一）建设平台。建成平台。（{clause}）\n")
    assert roles(task) == (lead, coop)
