"""The clause vocabulary: every word the extractor reads roles and rules from, as data.

A new clause style is usually one line here: a label (``牵头单位``), a role verb (``牵头负责``), a
phrasing of a document's lead rule (``列第一位的为牵头单位``), a collective head (``各``), a note
that is not a unit (``不再列出``). The parsers in `loaders.extract.clauses` and
`loaders.extract.document` compile these into patterns once; they hold no words of their own.

Where the phrasings of a kind grow without end (labels, lead rules, collectives, standing notes) the
table holds the *parts* of a grammar, and `loaders.extract.clauses` compiles the grammar from them once,
so that variants no plan here shows still read.

Examples
--------
>>> ROLE_MORPHEMES["牵头"], ROLE_MORPHEMES["配合"], "主要" in LABEL_PREFIXES
('lead', 'cooperating', True)
>>> "自治州" in LEVEL_WORDS and "人民政府" in COLLECTIVE_BODY_TAILS
True
"""

from __future__ import annotations

from enum import StrEnum

from loaders.vocab import punctuation as _punctuation

__all__ = [
    "LeadRule",
    "LABEL_PREFIXES",
    "ROLE_MORPHEMES",
    "BARE_LABEL_MORPHEMES",
    "LABEL_NOUNS",
    "LABEL_GAP",
    "STOP_LABELS",
    "LEAD_VERBS",
    "COOP_VERBS",
    "AS_LABEL_WORDS",
    "PLAIN_VERBS",
    "LEAD_MARKERS",
    "ORDER_VERBS",
    "FIRST_WORDS",
    "COMMA_WORDS",
    "BEFORE_WORDS",
    "LEAD_WORDS",
    "LEAD_NOUNS",
    "RULE_GAP",
    "STANDING_TERMINATORS",
    "STANDING_NOTES",
    "STANDING_OPENERS",
    "SCOPE_NOTE_HEADS",
    "COLLECTIVE_HEADS",
    "COLLECTIVE_NAMES",
    "LEVEL_WORDS",
    "COLLECTIVE_BODY_TAILS",
    "COLLECTIVE_TAILS",
    "JOINERS",
    "TIME_NOTES",
    "TRAILING_ETC",
    "SENTENCE_VERBS",
    "NOT_ASSIGNING",
    "REFERS_BACK",
    "NOT_A_VERB_AFTER",
    "BRACKETS",
    "AGENCY_SUFFIXES",
    "NOT_DOCUMENTS",
    "SAFEGUARD_HEADINGS",
    "GOAL_HEADINGS",
]


class LeadRule(StrEnum):
    """How a document says who leads when a clause only lists units."""

    FIRST_LISTED = "first-listed"  # 排在第一位的部门为牵头部门
    BEFORE_FIRST_COMMA = "before-first-comma"  # 第一个逗号前为牵头单位


# ------------------------------------------------------------------ labels (责任单位：A) — a grammar
# A label is [prefix] role-morpheme [up to LABEL_GAP words] [label noun] followed by ：/【】. The words are
# generated from these parts, so 主要牵头单位, 具体责任部门, 牵头责任单位, 配合实施单位 or 协同推进部门 all
# read, and the prefix (主要, 具体) is never taken for an agency. The first lead morpheme in a label
# decides (牵头责任单位 leads); a label with only 责任/实施/负责 lists the units that carry the task:
# they lead unless the same clause also has a lead label (then they implement under it).
LABEL_PREFIXES = ("主要", "具体", "其他", "其它", "相关", "总")
ROLE_MORPHEMES: dict[str, str] = {
    "牵头": "lead",
    "主责": "lead",
    "主办": "lead",
    "承办": "lead",
    "主管": "lead",
    "主抓": "lead",
    "责任": "plain",
    "负责": "plain",
    "实施": "plain",
    "落实": "plain",
    "配合": "cooperating",
    "协同": "cooperating",
    "参与": "cooperating",
    "协办": "cooperating",
    "协助": "cooperating",
    "协作": "cooperating",
    "支持": "cooperating",
    "协调": "cooperating",
    "联合": "cooperating",
}
# A label that is only a plain morpheme with no noun (实施：, 落实：) is too common a word to be a label.
BARE_LABEL_MORPHEMES = ("牵头", "主责", "主办", "配合", "协办", "参与", "协同", "责任")
LABEL_NOUNS = ("单位", "部门", "机构", "主体", "处室", "科室", "方", "责任方")
LABEL_GAP = 4  # at most this many words between the morpheme and the noun (牵头 + 责任 + 单位)
# Other fields that may stand in the same clause, labelled: not units (their value runs to the next label).
STOP_LABELS = (
    "完成时限",
    "完成时间",
    "时间节点",
    "时间安排",
    "时限要求",
    "时限",
    "进度安排",
    "截止时间",
    "完成期限",
    "责任人",
    "责任领导",
    "牵头领导",
    "分管领导",
    "联系人",
    "联系电话",
    "电话",
    "分值",
    "督办单位",
    "督导单位",
    "督查单位",
    "监督单位",
    "指导单位",
    "考核单位",
    "联络人",
    "联系单位",
    "评分标准",
    "考核方式",
    "备注",
)

# ------------------------------------------------------------------ role verbs (A牵头，B配合) — a grammar
# Written after the units they apply to. Each kind is generated from its parts: a duty phrase
# (按职责分工), an adverb (共同, 具体) and a head, so that 负责牵头, 牵头抓总, 积极配合, 共同推进 and
# 按职能分工落实 all read.
_DUTY = (
    "按照职责分工",
    "按职责分工",
    "按照职能分工",
    "按职能分工",
    "按照职责",
    "按职责",
    "按职能",
    "按照职能",
)
_ADVERBS = (
    "共同",
    "具体",
    "分别",
    "积极",
    "认真",
    "切实",
    "全力",
    "协同",
    "统筹",
    "负责",
    "抓好",
    "组织",
    "",
)
_LEAD_HEADS = ("牵头", "总牵头", "牵头抓总", "主责", "主抓")
_LEAD_TAILS = ("负责", "落实", "实施", "推进", "抓总", "组织", "推动", "组织实施", "")
_COOP_HEADS = ("配合", "参与", "协同", "协助", "协办", "支持")
_COOP_TAILS = ("落实", "实施", "推进", "做好", "配合", "")
_PLAIN_HEADS = (
    "负责",
    "落实",
    "推进",
    "实施",
    "承担",
    "抓落实",
    "抓好落实",
    "组织实施",
    "推动落实",
    "负责落实",
)


def _forms(*parts: tuple[str, ...]) -> tuple[str, ...]:
    out = [""]
    for options in parts:
        out = [a + b for a in out for b in options]
    return tuple(sorted({w for w in out if w}, key=lambda w: (-len(w), w)))


LEAD_VERBS = _forms(("负责", ""), _LEAD_HEADS, _LEAD_TAILS)
COOP_VERBS = _forms(_DUTY + _ADVERBS, _COOP_HEADS, _COOP_TAILS)
# Units that "are responsible" without saying who leads: they lead unless an explicit lead is named
# in the same clause (then they cooperate) or the document's lead rule splits them.
PLAIN_VERBS = _forms(_DUTY + ("",), _ADVERBS, _PLAIN_HEADS) + ("分工负责", "按职责分别负责")
# X为牵头单位, Y作为配合单位: a linking word and a label (the label grammar decides the role).
AS_LABEL_WORDS = ("作为", "为", "是", "任")
# 市科技局（牵头）、市财政局: the marked unit leads, the others in the list cooperate.
LEAD_MARKERS = tuple(
    o + w + c
    for o, c in _punctuation.BRACKETS.items()
    for w in ("牵头", "牵头单位", "牵头部门", "主责", "主责单位", "主办", "牵头负责")
)

# ------------------------------------------------------------------ the document's lead rule — a grammar
# An order phrase (排在第一位, 排序第一, 列首位, 第一个逗号前 …), then within the same clause of the
# sentence (no comma) any few words and a lead word (牵头, 主责, 主办): 各项举措中排序第一的责任单位为该项
# 牵头单位, 列第一位者为牵头单位, 排名第一的单位牵头. Or the lead noun first: 牵头单位为排在第一位的单位.
# Any position in the document; ``下同`` or a statement outside the clauses extends it to every clause.
ORDER_VERBS = (
    "排序",
    "排名",
    "排位",
    "排列",
    "排在",
    "排于",
    "排",
    "列在",
    "列于",
    "列",
    "位列",
    "位于",
    "位居",
    "居",
)
FIRST_WORDS = (
    "第一位",
    "第1位",
    "第一个",
    "第1个",
    "第一",
    "第1",
    "首位",
    "首个",
    "最前面",
    "最前",
    "前面",
    "首",
)
COMMA_WORDS = ("逗号", "，")  # 第一个逗号前 / 列逗号之前的
BEFORE_WORDS = ("之前", "以前", "前")
LEAD_WORDS = ("牵头", "主责", "主办")
LEAD_NOUNS = ("牵头单位", "牵头部门", "牵头机构", "主责单位", "主责部门", "主办单位")
RULE_GAP = 16  # words allowed between the order phrase and the lead word (no comma, no sentence end)
# Notes inside a clause that name no unit of this task and are not copied into later tasks: a
# terminator (不再列出, 不再单独列出, 不再重复列出 …) and the pieces before it in the same sentence that
# open with a scope word (以下措施均需…落实, 各项措施责任单位均包括…).
STANDING_TERMINATORS = ("列出", "列明", "列举", "标注", "注明", "重复", "赘述", "写明")
STANDING_NOTES = (
    r"不再[\u4e00-\u9fff]{0,4}?(?:" + "|".join(STANDING_TERMINATORS) + ")",
    r"^下同$",
    r"以下同",
)
STANDING_OPENERS = (
    "以下",
    "下列",
    "其余",
    "其他",
    "其它",
    "后续",
    "各项",
    "各条",
    "所有",
    "全部",
    "上述",
    "本方案",
    "均",
)

# ------------------------------------------------------------------ unit names
# A bracket opening with one of these words is a note on scope, not part of the name:
# 各区政府（含大鹏新区管委会，下同） → 各区政府.
SCOPE_NOTE_HEADS = ("含", "包括", "包含", "不含", "不包括", "下同", "以下同", "即", "指")
COLLECTIVE_HEADS = ("各", "有关", "相关", "其他有关", "其他相关", "其他")
COLLECTIVE_NAMES = ("有关部门", "相关部门", "有关单位", "相关单位", "相关责任部门", "有关责任部门")
# A collective that enumerates administrative levels is one unit: 各区、县级市, 各市、州、县人民政府,
# 各市〔州〕、各县〔市、区、特区〕人民政府, 各区、县（市）人民政府 — a head, level words joined by 、 (each
# may repeat 各 and carry a bracket of level words), and an optional body word shared by all of them.
# The level words are those the division table's names end with (tests/test_vocab_grammar.py checks
# every name of loaders/vocab/places.json ends with one), plus the levels below the county. Zones
# (开发区, 功能区 …) are not levels: 各乡镇（街道）、功能区管委会 is two units.
LEVEL_WORDS = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "县级市",
    "直辖市",
    "地级市",
    "地区",
    "林区",
    "特区",
    "群岛",
    "海域",
    "省",
    "市",
    "州",
    "盟",
    "县",
    "区",
    "旗",
    "乡镇",
    "乡",
    "镇",
    "街道",
    "苏木",
    "嘎查",
    "村",
    "社区",
)
COLLECTIVE_BODY_TAILS = (
    "党委和人民政府",
    "党委和政府",
    "人民政府",
    "政府",
    "管委会",
    "管理委员会",
    "党委",
    "党工委",
    "办事处",
    "有关部门",
    "相关部门",
)
# Kept for the 各… + tail merging of list items written without a body word (各区、县级市).
COLLECTIVE_TAILS = LEVEL_WORDS + ("县（市、区）",)
# 和/及 join two agencies; so does a space between two names (text copied from PDF or OCR).
JOINERS = ("以及", "和", "及", "与", " ", "\u3000")
# A list item that is a field, not a unit, wherever it stands in the clause: a deadline
# (2025年底前完成, 6月底完成, 长期坚持), a score (0.5分, 2分), a contact (联系人：…, 电话…).
TIME_NOTES = (
    r"^(?:20\d\d|19\d\d)\s*年",
    r"^\d{1,2}\s*(?:月|季度|日)",
    r"^[一二三四五六七八九十]{1,3}\s*(?:月|季度)",
    r"^(?:长期|持续|每年|每季度|每月|年底前?|年内|年中|上半年|下半年|按年度|按季度|按月|立即|即时|常态化|同步)",
    r"^(?:第[一二三四1-4]季度|本年度|当年|次年|明年|今年)",
    r"^\d+(?:\.\d+)?\s*分$",
    r"^(?:联系人|联系电话|电话|邮箱|传真)",
)
TRAILING_ETC = (
    "等有关部门和单位",
    "等相关部门和单位",
    "等有关部门",
    "等相关部门",
    "等有关单位",
    "等相关单位",
    "等部门",
    "等单位",
    "等机构",
    "等",
)

# ------------------------------------------------------------------ sentence forms (由X负责…)
# 由X[会同Y]<verb>… hands the work to X when the verb is one of these; 由X…解释 does not.
SENTENCE_VERBS = (
    "负责牵头组织实施",
    "负责组织实施",
    "牵头组织实施",
    "组织实施",
    "组织开展",
    "牵头组织",
    "统筹平衡",
    "统筹推进",
    "统筹",
    "牵头",
    "负责",
)
# 由X会同Y负责解释: work that is not a task of the plan.
NOT_ASSIGNING = ("解释",)
# 由上述责任单位… refers back to units named elsewhere: it names no one.
REFERS_BACK = ("上述", "以上", "前述", "前款", "各项措施", "相关措施", "支持措施", "所在", "当地", "属地")
# A sentence verb followed by one of these is part of a noun or a modifier (由政府负责人牵头的机制).
NOT_A_VERB_AFTER = ("人", "同志", "的", "制")

# Brackets that may hold a whole clause (or part of a name): the one table, `loaders.vocab.punctuation`.
BRACKETS = _punctuation.BRACKETS

# How the names of bodies end (局, 委, 政府 …): a list item must end so to be taken for a unit.
AGENCY_SUFFIXES = (
    "局",
    "委",
    "委员会",
    "部",
    "院",
    "厅",
    "办",
    "办公室",
    "室",
    "中心",
    "政府",
    "区",
    "县",
    "市",
    "镇",
    "乡",
    "街道",
    "会",
    "联",
    "协",
    "所",
    "站",
    "队",
    "社",
    "团",
    "处",
    "科",
    "署",
    "行",
    "公司",
    "集团",
    "单位",
    "部门",
    "机构",
    "小组",
    "组",
    "园区",
    "海关",
    "银行",
    "大学",
    "学校",
    "学院",
    "法庭",
    "庭",
    "馆",
    "台",
    "总队",
    "支队",
    "大队",
    "管委会",
    "分局",
    "中队",
    "指挥部",
    "联盟",
    "基地",
    "机关",
    "专班",
)

# ------------------------------------------------------------------ cited documents
# 《不动产权证书》, 《就业报到证》, 《商品房买卖合同》: certificates, forms and contracts named in 《》 are
# not documents.
NOT_DOCUMENTS = ("证书", "证明", "证", "执照", "合同", "协议书", "登记表", "申请表", "申报表")

# ------------------------------------------------------------------ headings
SAFEGUARD_HEADINGS = ("保障", "组织实施", "实施保障", "工作要求", "组织领导")
GOAL_HEADINGS = ("目标",)
