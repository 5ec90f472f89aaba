"""The clause vocabulary: every word the extractor reads roles and rules from, as data.

A new clause style is usually one line here: a label (``牵头单位``), a role verb (``牵头负责``), a
phrasing of a document's lead rule (``列第一位的为牵头单位``), a collective head (``各``), a note
that is not a unit (``不再列出``). The parsers in `loaders.extract.clauses` and
`loaders.extract.document` compile
these into patterns once; they hold no words of their own.

Examples
--------
>>> "责任单位" in LEAD_LABELS and "配合单位" in COOP_LABELS
True
>>> LEAD_RULES[0][1]
<LeadRule.BEFORE_FIRST_COMMA: 'before-first-comma'>
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "LeadRule",
    "LEAD_LABELS",
    "COOP_LABELS",
    "IMPLEMENTING_LABELS",
    "STOP_LABELS",
    "LEAD_VERBS",
    "COOP_VERBS",
    "PLAIN_VERBS",
    "LEAD_MARKERS",
    "LEAD_RULES",
    "STANDING_NOTES",
    "SCOPE_NOTE_HEADS",
    "COLLECTIVE_HEADS",
    "COLLECTIVE_NAMES",
    "COLLECTIVE_TAILS",
    "JOINERS",
    "TIME_NOTES",
    "TRAILING_ETC",
    "SENTENCE_VERBS",
    "REFERS_BACK",
    "NOT_ASSIGNING",
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


# ------------------------------------------------------------------ labels (责任单位：A)
# A label names the role of the units after it. 责任单位 and its kin name the units that carry the
# task: they lead, unless the same clause also has a 牵头 label (then they implement under it).
LEAD_LABELS = (
    "牵头责任单位",
    "牵头责任部门",
    "责任单位",
    "牵头单位",
    "牵头部门",
    "责任部门",
    "主责单位",
    "主责部门",
    "责任主体",
    "主办单位",
    "承办单位",
    "主办部门",
    "主办",
    "牵头",
)
COOP_LABELS = (
    "配合单位",
    "配合部门",
    "参与单位",
    "参与部门",
    "协同单位",
    "协同部门",
    "协办单位",
    "协办部门",
    "协助单位",
    "协作单位",
    "支持单位",
    "协办",
    "配合",
)
IMPLEMENTING_LABELS = ("责任单位", "责任部门", "责任主体")
# Other fields that may follow the units in the same clause: not units.
STOP_LABELS = ("完成时限", "完成时间", "时间节点", "时限要求", "时限", "进度安排", "截止时间", "完成期限")

# ------------------------------------------------------------------ role verbs (A牵头，B配合)
# Written after the units they apply to; longest forms first is not needed (the parser sorts).
LEAD_VERBS = ("牵头负责", "牵头落实", "牵头实施", "牵头推进", "牵头抓总", "总牵头", "牵头")
COOP_VERBS = (
    "按职责配合",
    "配合落实",
    "配合实施",
    "配合推进",
    "共同参与",
    "协同推进",
    "配合",
    "参与",
    "协同",
    "协助",
    "协办",
)
# Units that "are responsible" without saying who leads: they lead unless an explicit lead is named
# in the same clause (then they cooperate) or the document's lead rule splits them.
PLAIN_VERBS = (
    "按照职责分工负责",
    "按职责分工负责",
    "按照职能分工负责",
    "按职能分工负责",
    "按职责分别负责",
    "按照职责负责",
    "按职责负责",
    "分工负责",
    "分别负责",
    "共同负责",
    "负责落实",
    "负责实施",
    "负责推进",
    "具体负责",
    "抓好落实",
    "负责",
)
# 市科技局（牵头）、市财政局: the marked unit leads, the others in the list cooperate.
LEAD_MARKERS = ("（牵头）", "（牵头单位）", "〔牵头〕", "[牵头]")

# ------------------------------------------------------------------ the document's lead rule
# (regular expression, rule). Any wording, anywhere in the document; ``下同`` or a statement outside
# the clauses extends it to every later clause (see `loaders.extract.document`).
LEAD_RULES: tuple[tuple[str, LeadRule], ...] = (
    (
        r"(?:列|排在?|位于)?(?:第一个?|首个)?(?:逗号|，)(?:之|以)?前(?:的|者)?(?:单位|部门)?(?:为|是)牵头",
        LeadRule.BEFORE_FIRST_COMMA,
    ),
    (
        r"(?:排在?|列|排序|排名|位列|位于)(?:在)?(?:第一位?|首位)(?:的|者)?(?:责任)?(?:单位|部门)?(?:为|是)(?:牵头|主责)",
        LeadRule.FIRST_LISTED,
    ),
    (r"(?:第一个|首个|第一)(?:责任)?(?:单位|部门)(?:为|是)牵头", LeadRule.FIRST_LISTED),
)
# Notes inside a clause that name no unit of this task and are not copied into later tasks.
STANDING_NOTES = (r"不再(?:一一)?列出", r"不再重复列出", r"^下同$")

# ------------------------------------------------------------------ unit names
# A bracket opening with one of these words is a note on scope, not part of the name:
# 各区政府（含大鹏新区管委会，下同） → 各区政府.
SCOPE_NOTE_HEADS = ("含", "包括", "包含", "不含", "下同")
COLLECTIVE_HEADS = ("各", "有关", "相关", "其他有关", "其他相关", "其他")
COLLECTIVE_NAMES = ("有关部门", "相关部门", "有关单位", "相关单位", "相关责任部门", "有关责任部门")
# 各区、县级市: a collective absorbs short administrative tails joined by 、.
COLLECTIVE_TAILS = (
    "县级市",
    "县",
    "市",
    "区",
    "县（市、区）",
    "乡镇",
    "乡",
    "镇",
    "街道",
    "开发区",
    "园区",
    "自治县",
)
# 和/及 join two agencies; so does a space between two names (text copied from PDF or OCR).
JOINERS = ("以及", "和", "及", "与", " ", "\u3000")
# A list item that is a time field, not a unit: （市科技局负责，2025年底前完成）, （…，长期坚持）.
TIME_NOTES = (r"^(?:20\d\d|19\d\d)\s*年", r"^\d{1,2}\s*月", r"^(?:长期|持续|每年|年底前|年内|按年度)")
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
REFERS_BACK = ("上述", "以上", "前述", "前款", "各项措施", "相关措施", "支持措施")

# Brackets that may hold a whole clause (or part of a name): opener → closer.
BRACKETS = {"（": "）", "〔": "〕", "[": "]", "［": "］"}

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
# 《不动产权证书》, 《商品房买卖合同》: certificates and contract forms named in 《》 are not documents.
NOT_DOCUMENTS = ("证书", "证明", "许可证", "执照", "权证", "合同", "协议书")

# ------------------------------------------------------------------ headings
SAFEGUARD_HEADINGS = ("保障", "组织实施", "实施保障", "工作要求", "组织领导")
GOAL_HEADINGS = ("目标",)
