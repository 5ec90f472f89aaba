"""Equivalent rewrites of a real plan, with its gold annotation rewritten alongside.

The extractor is measured on plans it has never seen, written in styles none of the development
plans shows. This module makes such styles from the plans we have: each *family* of rewrites turns
a plan's text (and its gold annotation, in the contract of the shared corpus) into a variant whose
correct extraction is fully determined by the rewritten gold — the same tasks with the same
role-qualified units, only written differently:

=================== ============================================================================
family              what changes
=================== ============================================================================
``width``           punctuation full ↔ half width (``，：；（）`` ↔ ``, : ; ( )``), never between digits
``brackets``        the brackets of responsibility clauses (``（）`` → ``〔〕 ［］ 【】 〈〉 ( )``);
                    brackets inside agency names keep theirs
``numbering``       the numbering style of each level (``一、 （一） 1. 1． １． （1） 1) ① 第一条`` …),
                    consistently per level and keeping the hierarchy; the gold's ids follow
``labels``          clause labels replaced by synonyms from the label grammar (role morpheme, optional
                    words before and inside, ``单位/部门``), the role of every unit unchanged
``lead-rule``       a stated lead rule paraphrased with other words, or moved to the preamble or the
                    end of the document (plans without a rule: not applicable)
``clause-position`` a clause that ends a line put on its own line, or its labels on separate lines
``deadline``        a deadline, time-limit or score field inside every bracketed clause
``collectives``     a collective of divisions (``各县（市、区）政府``) written with other level words,
                    in the text and in the gold (plans whose gold has none: not applicable)
``pdf-breaks``      lines re-wrapped at a fixed width as in PDF copies, spaces inside agency names
``one-line``        the whole text on one line
``table``           the clauses taken out and a tab-separated task table (序号 | 重点任务 | 牵头单位 |
                    配合单位) added, for plans with one bracketed clause per task
=================== ============================================================================

The rewrites are written from the contract (the shared corpus's README), not from the extractor's
vocabularies: their words live in the tables below, so a family tests the extractor's grammar
instead of repeating it. Each family is one small function registered in `FAMILIES`; a family
that cannot rewrite a plan without changing its meaning returns ``None`` (not applicable).
Variants are deterministic: the same text, gold, family, seed and plan name give the same variant.

Examples
--------
>>> text = "一、重点任务\\n（一）完善政策。内容。（责任单位：区科技局，配合单位：区财政局）\\n"
>>> gold = {"tasks": [{"id": "（一）", "title": "完善政策", "lead": ["区科技局"],
...                    "cooperating": ["区财政局"]}]}
>>> v = make_variant(text, gold, "width", seed=1)
>>> v.text.splitlines()[1]
'(一)完善政策。内容。(责任单位:区科技局,配合单位:区财政局)'
>>> v.gold["tasks"][0]["lead"]
['区科技局']
>>> make_variant(text, gold, "lead-rule") is None  # no lead rule stated: not applicable
True
"""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Variant", "FAMILIES", "make_variant", "make_variants", "lead_rule_kind"]

# ---------------------------------------------------------------------------------------- tables
FULL_TO_HALF = {"，": ",", "：": ":", "；": ";", "（": "(", "）": ")"}
HALF_TO_FULL = {v: k for k, v in FULL_TO_HALF.items()}
# Bracket pairs a clause may be written in; the first is the usual one.
CLAUSE_BRACKETS = (("（", "）"), ("〔", "〕"), ("［", "］"), ("【", "】"), ("〈", "〉"), ("(", ")"))
# Bracket pairs written inside agency names (各县〔市、区〕政府, 区委组织部（人才办）).
NAME_BRACKETS = (("（", "）"), ("〔", "〕"), ("(", ")"), ("［", "］"))
OPENERS = "（(〔［[【〈"
CLOSERS = "）)〕］]】〉"

# Label grammar: [主要|具体] + role morpheme + [inner word] + 单位/部门. The classes are roles under
# the contract: "lead" labels always lead; "responsible" (责任) labels lead unless the same clause
# has a lead label, then they cooperate; "coop" labels cooperate.
LABELS = {
    "lead": (
        "牵头单位", "牵头部门", "主要牵头单位", "牵头责任单位", "主责单位", "主办单位", "牵头负责单位",
        "牵头落实单位", "主责部门",
    ),
    "responsible": ("责任单位", "责任部门", "具体责任单位", "主要责任单位", "具体责任部门", "责任落实单位"),
    "coop": (
        "配合单位", "配合部门", "协同单位", "参与部门", "参与单位", "协办单位", "具体配合部门",
        "协同配合部门", "参与落实单位",
    ),
}
# The labels the dev plans write, by class (what this module rewrites).
LABELS_WRITTEN = {
    "牵头单位": "lead",
    "牵头部门": "lead",
    "责任单位": "responsible",
    "责任部门": "responsible",
    "配合单位": "coop",
    "配合部门": "coop",
    "参与单位": "coop",
    "协同单位": "coop",
    "协办单位": "coop",
}
ROLE_CUE = re.compile(r"单位|部门|负责|牵头|配合|参与|协同|协办|主办|会同|落实")

# Lead rules: order words + a lead word within one stretch of text; two kinds.
_TO_LEAD = r"为[^，,。；;\n]{0,8}?牵头(?:单位|部门)"  # 为牵头单位, 为该项工作的牵头单位 …
LEAD_RULES = {
    "first-listed": re.compile(
        r"(?:各项[^，,。；;\n]{0,6}中|所列单位中)?(?:列在|列|排在|排序|位列|排)(?:第一位|第一个|第一|首位|首个)"
        r"(?:的|者)?(?:部门|单位|责任单位)?" + _TO_LEAD
    ),
    "before-first-comma": re.compile(
        r"(?:各项[^，,。；;\n]{0,6}中)?(?:列在|列)?(?:第一个)?逗号(?:前|之前)(?:所列)?(?:的|者)?"
        r"(?:单位|部门)?" + _TO_LEAD
    ),
}
LEAD_RULE_PARAPHRASES = {
    "first-listed": (
        "各项任务中排在第一位的单位为该项工作的牵头单位",
        "所列单位中位列首位的为牵头单位",
        "各项措施中排序第一的责任单位为本项工作牵头单位",
        "列首位者为牵头部门",
        "排在第一个的单位为该项任务的牵头单位",
        "各项工作中排在首位的部门为该项工作的牵头部门",
        "所列单位中列第一个的为牵头单位",
    ),
    "before-first-comma": (
        "第一个逗号之前的单位为牵头单位",
        "各项任务中列在第一个逗号前的单位为该项工作的牵头单位",
        "逗号前所列部门为牵头部门",
        "各项措施中第一个逗号之前的部门为该项措施牵头部门",
    ),
}

# Collectives of divisions: head, level words (joined by 、 or in brackets), optional tail.
COLLECTIVE_LEVELS = (
    "省辖市", "省级", "县级市", "自治州", "自治县", "地区", "街道", "乡镇", "特区", "苏木", "嘎查",
    "省", "市", "州", "盟", "县", "区", "旗", "乡", "镇",
)
COLLECTIVE_RE = re.compile(
    r"(?:各有关|各|有关|相关)(?:(?:" + "|".join(COLLECTIVE_LEVELS) + r")|[、（）()〔〕［］各])+"
    r"(?:人民政府|政府)?"
)
COLLECTIVES = (
    "各区、县(市)人民政府",
    "各市、州、县人民政府",
    "各县（市、区）政府",
    "各旗县区人民政府",
    "各市（州）、县（市、区）人民政府",
    "各盟市、旗县区人民政府",
    "各区县（市）政府",
    "各县、自治县人民政府",
    "各区、县级市人民政府",
    "各州（市）人民政府",
    "各乡镇（街道）",
    "有关市、县人民政府",
    "相关区县政府",
    "各自治州、县人民政府",
    "各县（市、区）、乡镇人民政府",
)

# Fields that are not units, written inside a clause.
DEADLINES = ("{y}年{m}月底前完成", "{y}年底前完成", "持续推进", "长期坚持")
TIME_LIMITS = ("完成时限：{y}年底", "完成时限：{y}年{m}月", "时间节点：{y}年{m}月底前")
SCORES = ("{s}分",)
CONTACTS = ("联系人：{who}，联系电话：{tel}", "联系人：{who}（{tel}）")
PEOPLE = ("王磊", "李娜", "张伟", "刘洋", "陈静")

# Numbering: (key, rank in the usual hierarchy, pattern at a line start, numeral kind, format).
_CN = "一二三四五六七八九十"
NUMBERING = (
    ("第N条", 0, r"第(?P<n>[一二三四五六七八九十]+)条", "cn", "第{}条"),
    ("N、", 1, r"(?P<n>[一二三四五六七八九十]+)、", "cn", "{}、"),
    ("（N）", 2, r"（(?P<n>[一二三四五六七八九十]+)）", "cn", "（{}）"),
    ("(N)", 2, r"\((?P<n>[一二三四五六七八九十]+)\)", "cn", "({})"),
    ("9.", 3, r"(?P<n>[0-9]{1,2})\.(?![0-9])", "ar", "{}."),
    ("9．", 3, r"(?P<n>[0-9]{1,2})．", "ar", "{}．"),
    ("9﹒", 3, r"(?P<n>[0-9]{1,2})﹒", "ar", "{}﹒"),
    ("9、", 3, r"(?P<n>[0-9]{1,2})、", "ar", "{}、"),
    ("９．", 3, r"(?P<n>[０-９]{1,2})．", "fw", "{}．"),
    ("（9）", 4, r"（(?P<n>[0-9]{1,2})）", "ar", "（{}）"),
    ("（９）", 4, r"（(?P<n>[０-９]{1,2})）", "fw", "（{}）"),
    ("(9)", 4, r"\((?P<n>[0-9]{1,2})\)", "ar", "({})"),
    ("9)", 4, r"(?P<n>[0-9]{1,2})\)", "ar", "{})"),
    ("9）", 4, r"(?P<n>[0-9]{1,2})）", "ar", "{}）"),
    ("①", 5, r"(?P<n>[\u2460-\u2473])", "circled", "{}"),
)
# What may not start a line made by a break inside a sentence (it would read as numbering).
_MARKER_START = re.compile(
    "|".join(p.replace("?P<n>", "") for _, _, p, _, _ in NUMBERING) + r"|[一二三四五六七八九十]+是|\d|[\s|\t]"
)


@dataclass(frozen=True, slots=True)
class Variant:
    """One rewritten plan: its text, its rewritten gold and a note on what was rewritten.

    Examples
    --------
    >>> gold = {"tasks": [{"id": "（一）", "title": "完善政策", "lead": ["区科技局"], "cooperating": []}]}
    >>> v = make_variant("一、任务\\n（一）完善政策。（责任单位：区科技局）", gold, "brackets", plan="p")
    >>> v.plan, v.family, v.note.startswith("clause brackets → ")
    ('p', 'brackets', True)
    """

    plan: str
    family: str
    text: str
    gold: dict
    note: str


# ------------------------------------------------------------------------------------- helpers
def _cn(n: int) -> str:
    if n <= 10:
        return " 一二三四五六七八九十"[n]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens - 1]) + "十" + ("" if units == 0 else _CN[units - 1])


def _from_cn(s: str) -> int:
    if "十" not in s:
        return _CN.index(s) + 1
    tens, _, units = s.partition("十")
    return (_CN.index(tens) + 1 if tens else 1) * 10 + (_CN.index(units) + 1 if units else 0)


def _full_width(n: int) -> str:
    return str(n).translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})


def _number(kind: str, n: int) -> str:
    return {"cn": _cn, "ar": str, "fw": _full_width, "circled": lambda k: chr(0x245F + k)}[kind](n)


def _value(kind: str, s: str) -> int:
    return {"cn": _from_cn, "ar": int, "fw": int, "circled": lambda c: ord(c) - 0x245F}[kind](s)


def _names(gold: dict) -> list[str]:
    """Every agency name of the gold, longest first."""
    seen = {n for t in gold.get("tasks", []) for n in [*t.get("lead", []), *t.get("cooperating", [])]}
    return sorted(seen, key=lambda n: (-len(n), n))


def _map_gold(gold: dict, name=lambda s: s, title=lambda s: s, ident=lambda s: s) -> dict:
    out = copy.deepcopy(gold)
    for t in out.get("tasks", []):
        t["lead"] = [name(n) for n in t.get("lead", [])]
        t["cooperating"] = [name(n) for n in t.get("cooperating", [])]
        t["title"] = title(t.get("title", ""))
        t["id"] = ident(t.get("id", ""))
    return out


def _top_brackets(text: str) -> list[tuple[int, int]]:
    """``(open, close)`` of every outermost bracket pair, any kinds mixed, never across a line."""
    out, stack = [], []
    for i, c in enumerate(text):
        if c == "\n":
            stack.clear()
        elif c in OPENERS:
            stack.append(i)
        elif c in CLOSERS and stack:
            start = stack.pop()
            if not stack:
                out.append((start, i))
    return out


def lead_rule_kind(text: str) -> str | None:
    """The kind of lead rule a text states (``first-listed``, ``before-first-comma``) or None.

    Examples
    --------
    >>> lead_rule_kind("（责任单位：A、B，C。列第一位的为牵头单位，下同）")
    'first-listed'
    >>> lead_rule_kind("各项任务中第一个逗号前的单位为牵头单位。"), lead_rule_kind("（责任单位：A）")
    ('before-first-comma', None)
    """
    hits = [(m.start(), kind) for kind, rx in LEAD_RULES.items() for m in rx.finditer(text)]
    return min(hits)[1] if hits else None


@dataclass(frozen=True, slots=True)
class _Clause:
    start: int  # the opening bracket, or the start of the first label line
    end: int  # one past the closing bracket, or the end of the last label line
    bracketed: bool


_LABEL_RE = re.compile("({})[：:]".format("|".join(sorted(LABELS_WRITTEN, key=len, reverse=True))))
_LABEL_LINE = re.compile(r"^[ \t\u3000]*(?:" + _LABEL_RE.pattern + ")", re.M)


def _clauses(text: str, gold: dict) -> list[_Clause]:
    """Responsibility clauses: outermost brackets that name a gold unit and a role, and runs of lines
    that start with a label; in text order."""
    names = _names(gold)
    out = []
    brackets = _top_brackets(text)
    for a, b in brackets:
        inner = re.sub(r"\s+", "", text[a + 1 : b])
        if not any(n in inner for n in names):
            continue
        # A role word, or nothing much besides unit names (``（市发展改革委、市财政局，各区政府）``).
        residue = re.sub(r"[、，,；;。]", "", re.sub("|".join(map(re.escape, names)), "", inner))
        if ROLE_CUE.search(inner) or len(residue) <= max(4, len(inner) // 4):
            out.append(_Clause(a, b + 1, True))
    out += [_Clause(a, b, False) for a, b in _label_runs(text, brackets)]
    return sorted(out, key=lambda c: c.start)


def _label_runs(text: str, brackets: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs of lines that start with a label, outside brackets, with only blank lines between them."""
    runs: list[list[int]] = []
    for m in _LABEL_LINE.finditer(text):
        if any(a < m.start() < b for a, b in brackets):
            continue
        end = text.find("\n", m.start())
        end = len(text) if end < 0 else end
        if runs and not text[runs[-1][1] : m.start()].strip():
            runs[-1][1] = end
        else:
            runs.append([m.start(), end])
    return [(a, b) for a, b in runs]


def _splice(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Replace ``text[a:b]`` by ``s`` for every non-overlapping edit."""
    out, at = [], 0
    for a, b, s in sorted(edits):
        out.append(text[at:a])
        out.append(s)
        at = b
    out.append(text[at:])
    return "".join(out)


Family = Callable[[str, dict, random.Random], "tuple[str, dict, str] | None"]
FAMILIES: dict[str, Family] = {}


def _family(name: str) -> Callable[[Family], Family]:
    def register(fn: Family) -> Family:
        FAMILIES[name] = fn
        return fn

    return register


# ------------------------------------------------------------------------------------ families
@_family("width")
def _width(text: str, gold: dict, rng: random.Random) -> tuple[str, dict, str] | None:
    full = sum(text.count(c) for c in FULL_TO_HALF)
    half = sum(text.count(c) for c in HALF_TO_FULL)
    table = FULL_TO_HALF if full >= half else HALF_TO_FULL
    chars = re.escape("".join(table))

    def swap(s: str) -> str:
        # A comma or colon between digits (2,100; 10:30) is part of a number: left alone.
        def one(m: re.Match) -> str:
            return m.group() if _between_digits(s, m.start()) else table[m.group()]

        return re.sub(f"[{chars}]", one, s)

    new = swap(text)
    if new == text:
        return None
    note = "full → half" if table is FULL_TO_HALF else "half → full"
    return new, _map_gold(gold, name=swap, title=swap), note


def _between_digits(s: str, i: int) -> bool:
    return s[i] in ",，:：" and 0 < i < len(s) - 1 and s[i - 1].isdigit() and s[i + 1].isdigit()


@_family("brackets")
def _brackets(text: str, gold: dict, rng: random.Random) -> tuple[str, dict, str] | None:
    clauses = [c for c in _clauses(text, gold) if c.bracketed]
    if not clauses:
        return None
    current = {(text[c.start], text[c.end - 1]) for c in clauses}
    opening, closing = rng.choice([k for k in CLAUSE_BRACKETS[1:] if k not in current] or CLAUSE_BRACKETS[1:])
    edits = [(c.start, c.start + 1, opening) for c in clauses]
    edits += [(c.end - 1, c.end, closing) for c in clauses]
    new, note = _splice(text, edits), f"clause brackets → {opening}{closing}"
    # Half of the time, the brackets inside agency names change too (各县（市、区）政府 → 各县〔市、区〕政府),
    # in the text and in the gold alike.
    bracketed = [n for n in _names(gold) if any(ch in OPENERS for ch in n) and n in new]
    if not bracketed or rng.random() < 0.5:
        return new, copy.deepcopy(gold), note
    inner_open, inner_close = rng.choice([k for k in NAME_BRACKETS if k != (opening, closing)])
    table = str.maketrans({ch: inner_open for ch in OPENERS} | {ch: inner_close for ch in CLOSERS})
    mapping = {n: n.translate(table) for n in bracketed if n.translate(table) != n}
    if not mapping:
        return new, copy.deepcopy(gold), note
    rx = re.compile("|".join(map(re.escape, sorted(mapping, key=len, reverse=True))))

    def sub(s: str) -> str:
        return rx.sub(lambda m: mapping[m.group()], s)

    return sub(new), _map_gold(gold, name=sub, title=sub), f"{note}, in names → {inner_open}{inner_close}"


_ANY_MARKER = "|".join(f"(?P<s{i}>{p.replace('?P<n>', '')})" for i, (_, _, p, _, _) in enumerate(NUMBERING))
_LINE_MARKER = re.compile(r"^(?P<lead>[ \u3000]*)(?:" + _ANY_MARKER + ")", re.M)
_ID_MARKER = re.compile(_ANY_MARKER)


def _style_of(m: re.Match) -> int:
    return next(i for i in range(len(NUMBERING)) if m.group(f"s{i}") is not None)


def _marker_value(m: re.Match, i: int) -> int:
    return _value(NUMBERING[i][3], re.search(NUMBERING[i][2], m.group(f"s{i}")).group("n"))


_SPACES = re.compile(r"[ \u3000]*")
# ``11.121人才梯队项目``: an arabic number and a dot before a digit is an item only where it continues
# the count of the items before it (else it is a decimal).
_DOT_BEFORE_DIGIT = re.compile(r"^[ \u3000]*([0-9]{1,2})\.(?=[0-9])", re.M)
_DOT = next(i for i, (key, *_) in enumerate(NUMBERING) if key == "9.")


def _line_markers(text: str) -> list[tuple[int, int, int, int]]:
    """``(start, end, style, value)`` of every numbering mark that starts a line."""
    found = []
    for m in _LINE_MARKER.finditer(text):
        i = _style_of(m)
        found.append((m.start(f"s{i}"), m.end(f"s{i}"), i, _marker_value(m, i)))
    for m in _DOT_BEFORE_DIGIT.finditer(text):
        before = [v for a, _, i, v in found if i == _DOT and a < m.start()]
        if before and before[-1] + 1 == int(m.group(1)):
            found.append((m.start(1), m.end(1) + 1, _DOT, int(m.group(1))))
    return sorted(found)


@_family("numbering")
def _numbering(text: str, gold: dict, rng: random.Random) -> tuple[str, dict, str] | None:
    found = _line_markers(text)
    if not found:
        return None
    ranks = sorted({NUMBERING[i][1] for _, _, i, _ in found})
    largest = {r: max(v for _, _, i, v in found if NUMBERING[i][1] == r) for r in ranks}
    by_rank: dict[int, list[int]] = {}
    for i, (_, r, _, _, _) in enumerate(NUMBERING):
        by_rank.setdefault(r, []).append(i)
    for _ in range(50):
        new_ranks = sorted(rng.sample(sorted(by_rank), len(ranks)))
        choice = {old: rng.choice(by_rank[new]) for old, new in zip(ranks, new_ranks, strict=True)}
        # ① stops at ⑳; a level with more items cannot take it.
        if any(NUMBERING[s][3] == "circled" and largest[r] > 20 for r, s in choice.items()):
            continue
        style_map = {i: choice[NUMBERING[i][1]] for i in range(len(NUMBERING)) if NUMBERING[i][1] in choice}
        if any(style_map[i] != i for _, _, i, _ in found):
            break
    else:
        return None

    def render(i: int, value: int, line_start: bool) -> str:
        j = style_map.get(i, i)
        out = NUMBERING[j][4].format(_number(NUMBERING[j][3], value))
        return out + " " if line_start and NUMBERING[j][0] == "第N条" else out

    edits = [(a, _SPACES.match(text, b).end(), render(i, v, True)) for a, b, i, v in found]
    new = _splice(text, edits)

    def ident(s: str) -> str:
        return _ID_MARKER.sub(lambda m: render(_style_of(m), _marker_value(m, _style_of(m)), False), s)

    used = sorted({(NUMBERING[i][0], NUMBERING[style_map[i]][0]) for _, _, i, _ in found})
    return new, _map_gold(gold, ident=ident), ", ".join(f"{a} → {b}" for a, b in used)


@_family("labels")
def _labels(text: str, gold: dict, rng: random.Random) -> tuple[str, dict, str] | None:
    hits = list(_LABEL_RE.finditer(text))
    if not hits:
        return None
    rule = lead_rule_kind(text)
    lead = rng.choice(LABELS["lead"][1:])
    coop = rng.choice(LABELS["coop"][1:])
    resp_under_lead = rng.choice(LABELS["responsible"][1:])
    # A 责任 label alone leads; under a stated lead rule it keeps its class (the rule splits its list).
    resp_alone = rng.choice(LABELS["responsible"][1:] + (() if rule else LABELS["lead"]))
    brackets = _top_brackets(text)

    groups = brackets + _label_runs(text, brackets)

    def group(pos: int) -> tuple[int, int]:
        return next(((a, b) for a, b in groups if a <= pos <= b), (pos, pos + 1))

    edits = []
    for m in hits:
        a, b = group(m.start())
        cls = LABELS_WRITTEN[m.group(1)]
        if cls == "responsible":
            has_lead = any(LABELS_WRITTEN[h.group(1)] == "lead" for h in hits if a <= h.start() < b)
            word = resp_under_lead if has_lead else resp_alone
        else:
            word = lead if cls == "lead" else coop
        edits.append((m.start(1), m.end(1), word))
    note = ", ".join(sorted({f"{m.group(1)} → {w}" for m, (_, _, w) in zip(hits, edits, strict=True)}))
    return _splice(text, edits), copy.deepcopy(gold), note


def _rule_spans(text: str) -> list[tuple[int, int, int, int]]:
    """For every stated lead rule: the span to delete when it moves, and the span of its words."""
    brackets = _top_brackets(text)
    out = []
    for kind, rx in LEAD_RULES.items():
        for m in rx.finditer(text):
            inside = next(((a, b) for a, b in brackets if a < m.start() < b), None)
            if inside:
                a, b = inside
                left = max(text.rfind(c, a, m.start()) for c in "。；;，,")
                left = a if left < 0 else left
                stops = [p for p in (text.find("。", m.end(), b),) if p >= 0]
                right = min(stops or [b])
                if left == a and right == b:
                    left, right = a, b + 1  # the bracket holds nothing but the rule
                elif left == a:
                    right += 1
                out.append((left, right, m.start(), m.end()))
            else:
                left = max(text.rfind("。", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
                stop = text.find("。", m.end())
                line = text.find("\n", m.end())
                right = min(stop + 1 if stop >= 0 else len(text), line if line >= 0 else len(text))
                out.append((left, right, m.start(), m.end()))
            del kind
    return sorted(out)


@_family("lead-rule")
def _lead_rule(text: str, gold: dict, rng: random.Random) -> tuple[str, dict, str] | None:
    kind = lead_rule_kind(text)
    if kind is None:
        return None
    spans = _rule_spans(text)
    mode = rng.choice(("paraphrase", "preamble", "closing"))
    words = rng.choice(LEAD_RULE_PARAPHRASES[kind])
    if mode == "paraphrase":
        new = _splice(text, [(w0, w1, words) for _, _, w0, w1 in spans])
        return new, copy.deepcopy(gold), f"{words} (in place)"
    new = _splice(text, [(a, b, "") for a, b, _, _ in spans])
    statement = f"{words}。"
    if mode == "closing":
        # after the last paragraph, before the short lines of a signature, a date, 此件公开发布
        lines = new.rstrip("\n").split("\n")
        at = len(lines)
        while at > 1 and len(lines[at - 1].strip()) <= 20 and not lines[at - 1].rstrip().endswith("。"):
            at -= 1
        new = "\n".join([*lines[:at], statement, *lines[at:]]) + "\n"
        return new, copy.deepcopy(gold), f"{words} (moved after the closing paragraph)"
    first = _LINE_MARKER.search(new)
    if first is None:
        return None
    at = first.start()
    new = new[:at] + statement + "\n" + new[at:]
    return new, copy.deepcopy(gold), f"{words} (moved before the first item)"


_NOTE_WORDS = re.compile(r"下同|不再|第一|首位|逗号|负责|牵头|配合|以下|均需|[（(〔［【〈]含")


def _label_lines(inner: str) -> list[str] | None:
    """A clause's inner text as one ``label：units`` line per label, or None if it holds more."""
    inner = inner.strip()
    hits = list(_LABEL_RE.finditer(inner))
    if not hits or hits[0].start() != 0:
        return None
    lines = []
    for h, nxt in zip(hits, [*hits[1:], None], strict=True):
        units = inner[h.end() : nxt.start() if nxt else len(inner)].strip().rstrip("；;，,。 ")
        units_only = re.sub(_LABEL_RE, "", units)
        if not units or _NOTE_WORDS.search(units_only):
            return None
        lines.append(f"{h.group(1)}：{units}")
    return lines


@_family("clause-position")
def _clause_position(text: str, gold: dict, rng: random.Random) -> tuple[str, dict, str] | None:
    style = rng.choice(("own line", "label lines"))
    edits = []
    for c in _clauses(text, gold):
        if not c.bracketed or c.end < len(text) and text[c.end] != "\n":
            continue
        before = len(text[: c.start].rstrip(" \u3000"))
        if before == 0 or text[before - 1] == "\n":
            continue  # already on its own line
        lines = _label_lines(text[c.start + 1 : c.end - 1]) if style == "label lines" else None
        edits.append((before, c.end, "\n" + ("\n".join(lines) if lines else text[c.start : c.end])))
    if not edits:
        return None
    return _splice(text, edits), copy.deepcopy(gold), f"clause on its own line ({style})"


@_family("deadline")
def _deadline(text: str, gold: dict, rng: random.Random) -> tuple[str, dict, str] | None:
    clauses = [c for c in _clauses(text, gold) if c.bracketed]
    if not clauses:
        return None
    comma_rule = lead_rule_kind(text) == "before-first-comma"
    ascii_text = text.count(",") > text.count("，")
    comma, semi = (",", ";") if ascii_text else ("，", "；")
    edits = []
    for c in clauses:
        y, m, s = rng.choice((2024, 2025, 2026)), rng.randint(1, 12), rng.choice(("0.5", "1", "2", "3"))
        # Under a comma rule the field must not add a comma anywhere in the clause.
        form = rng.choice(("end",) if comma_rule else ("start", "end", "score", "contact"))
        if form == "start":
            edits.append((c.start + 1, c.start + 1, rng.choice(DEADLINES).format(y=y, m=m) + comma))
        elif form == "score":
            edits.append((c.start + 1, c.start + 1, SCORES[0].format(s=s) + comma))
        elif form == "contact":
            tel = f"{rng.randint(20000000, 89999999)}"
            field = rng.choice(CONTACTS).format(who=rng.choice(PEOPLE), tel=tel)
            field = field.replace("：", ":").replace("，", ",") if ascii_text else field
            edits.append((c.end - 1, c.end - 1, semi + field))
        else:
            field = rng.choice(TIME_LIMITS).format(y=y, m=m)
            edits.append((c.end - 1, c.end - 1, semi + (field.replace("：", ":") if ascii_text else field)))
    note = f"{len(edits)} clauses with a deadline, score or contact field"
    return _splice(text, edits), copy.deepcopy(gold), note


def _is_collective(name: str) -> bool:
    m = COLLECTIVE_RE.fullmatch(name)
    return bool(m) and any(level in name for level in COLLECTIVE_LEVELS)


@_family("collectives")
def _collectives(text: str, gold: dict, rng: random.Random) -> tuple[str, dict, str] | None:
    found = [n for n in _names(gold) if _is_collective(n) and n in text]
    if not found:
        return None
    free = [c for c in COLLECTIVES if c not in text and c not in found]
    rng.shuffle(free)
    mapping = dict(zip(found, free, strict=False))
    rx = re.compile("|".join(map(re.escape, mapping)))

    def sub(s: str) -> str:
        return rx.sub(lambda m: mapping[m.group()], s)

    note = ", ".join(f"{a} → {b}" for a, b in mapping.items())
    return sub(text), _map_gold(gold, name=sub, title=sub), note


@_family("pdf-breaks")
def _pdf_breaks(text: str, gold: dict, rng: random.Random) -> tuple[str, dict, str] | None:
    width = rng.randint(24, 40)
    # Spaces inside agency names, as a PDF's justified lines leave them.
    names = [n for n in _names(gold) if len(n) >= 4 and n in text]
    spaced = rng.sample(names, min(3, len(names)))
    if spaced:
        rx = re.compile("|".join(map(re.escape, sorted(spaced, key=len, reverse=True))))

        def space(m: re.Match) -> str:
            k = rng.randint(1, len(m.group()) - 1)
            return m.group()[:k] + " " + m.group()[k:]

        text = rx.sub(space, text)
    # and here and there between two characters of a sentence, never in a line's first characters
    # (where its numbering mark is) nor between digits
    rate = rng.uniform(0.005, 0.02)
    chars, line_start = [], 0
    for i, ch in enumerate(text):
        if ch == "\n":
            line_start = i + 1
        elif (i - line_start > 6 and not ch.isspace() and not text[i - 1].isspace()
              and not (ch.isdigit() and text[i - 1].isdigit()) and rng.random() < rate):
            chars.append(" ")
        chars.append(ch)
    text = "".join(chars)
    out = []
    for line in text.split("\n"):
        if "|" in line or "\t" in line:
            out.append(line)
            continue
        start = 0
        while len(line) - start > width:
            cut = start + width
            while cut < len(line) and not _breakable(line, cut):
                cut += 1
            if cut >= len(line):
                break
            out.append(line[start:cut])
            start = cut
        out.append(line[start:])
    note = f"lines of {width} characters, spaces in {len(spaced)} names and {rate:.1%} of sentences"
    return "\n".join(out), copy.deepcopy(gold), note


def _breakable(line: str, i: int) -> bool:
    if line[i - 1].isdigit() and line[i].isdigit():
        return False
    return not _MARKER_START.match(line, i)


@_family("one-line")
def _one_line(text: str, gold: dict, rng: random.Random) -> tuple[str, dict, str] | None:
    lines = text.split("\n")
    if any("|" in line or "\t" in line for line in lines):
        return None  # a table's rows would run together
    joiner = rng.choice(("", " "))
    return joiner.join(line.strip() for line in lines if line.strip()), copy.deepcopy(gold), (
        f"joined with {joiner!r}"
    )


@_family("table")
def _table(text: str, gold: dict, rng: random.Random) -> tuple[str, dict, str] | None:
    tasks = gold.get("tasks", [])
    clauses = _clauses(text, gold)
    if not tasks or len(clauses) != len(tasks):
        return None
    for c, t in zip(clauses, tasks, strict=True):
        inner = re.sub(r"\s+", "", text[c.start : c.end])
        if not all(n in inner for n in [*t["lead"], *t["cooperating"]]):
            return None
    body = _splice(text, [(c.start, c.end, "") for c in clauses])
    names = _names(gold)
    if any(re.search(re.escape(n) + r".{0,12}?(?:牵头|负责|配合|参与)", body) for n in names):
        return None  # a sentence-form assignment stays in the body
    rows = ["附件", "重点任务分工表", "序号\t重点任务\t牵头单位\t配合单位"]
    out = copy.deepcopy(gold)
    for k, t in enumerate(out["tasks"], 1):
        rows.append(f"{k}\t{t['title']}\t{'、'.join(t['lead'])}\t{'、'.join(t['cooperating'])}")
        t["id"] = str(k)
    return body.rstrip("\n") + "\n" + "\n".join(rows) + "\n", out, f"{len(tasks)} rows"


# ------------------------------------------------------------------------------------------ API
def make_variant(text: str, gold: dict, family: str, *, seed: int = 0, plan: str = "plan") -> Variant | None:
    """Rewrite one plan in one family of rewrites; None where the family does not apply.

    Parameters
    ----------
    text, gold
        The plan's text and its gold annotation (the contract's JSON: ``tasks`` with ``id``,
        ``title``, ``lead``, ``cooperating``).
    family
        A key of `FAMILIES`.
    seed, plan
        The random choices (bracket kind, label synonyms, line width …) depend on both, so every
        plan of a corpus gets its own choices and the same seed always gives the same variant.

    Examples
    --------
    >>> text = "一、重点任务\\n（一）完善政策。内容。（责任单位：区科技局、各县（市、区）政府）\\n"
    >>> gold = {"tasks": [{"id": "（一）", "title": "完善政策",
    ...                    "lead": ["区科技局", "各县（市、区）政府"], "cooperating": []}]}
    >>> v = make_variant(text, gold, "collectives", seed=2)
    >>> v.gold["tasks"][0]["lead"][1] in v.text, v.gold["tasks"][0]["lead"][1] != "各县（市、区）政府"
    (True, True)
    >>> make_variant(text, gold, "numbering", seed=2).gold["tasks"][0]["id"]
    '①'
    >>> make_variant(text, gold, "table").text.splitlines()[-1].split("\\t")
    ['1', '完善政策', '区科技局、各县（市、区）政府', '']
    """
    if family not in FAMILIES:
        raise KeyError(f"no family of rewrites called {family!r}: {', '.join(FAMILIES)}")
    rng = random.Random(f"{seed}/{family}/{plan}")
    made = FAMILIES[family](text, gold, rng)
    if made is None:
        return None
    new_text, new_gold, note = made
    if new_text == text:
        return None
    return Variant(plan, family, new_text, new_gold, note)


def make_variants(
    text: str, gold: dict, *, seed: int = 0, plan: str = "plan", families: list[str] | None = None
) -> list[Variant]:
    """Every family's variant of one plan (families that do not apply are left out), in `FAMILIES` order.

    Examples
    --------
    >>> text = ("一、重点任务\\n（一）完善政策。内容。（责任单位：区科技局）\\n"
    ...         "（二）加强保护。内容。（责任单位：区司法局）")
    >>> gold = {"tasks": [
    ...     {"id": "（一）", "title": "完善政策", "lead": ["区科技局"], "cooperating": []},
    ...     {"id": "（二）", "title": "加强保护", "lead": ["区司法局"], "cooperating": []}]}
    >>> [v.family for v in make_variants(text, gold, seed=3)]  # doctest: +NORMALIZE_WHITESPACE
    ['width', 'brackets', 'numbering', 'labels', 'clause-position', 'deadline', 'pdf-breaks',
     'one-line', 'table']
    >>> make_variants(text, gold, seed=3) == make_variants(text, gold, seed=3)
    True
    """
    out = []
    for family in families or list(FAMILIES):
        v = make_variant(text, gold, family, seed=seed, plan=plan)
        if v is not None:
            out.append(v)
    return out
