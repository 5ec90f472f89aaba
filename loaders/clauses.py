"""Responsibility clauses: who leads a task and who cooperates, as the document writes it.

Styles handled (anywhere in a task: at the end of the paragraph, on lines after it, or as cells):

- labelled: ``责任单位：A，配合单位：B、C`` / ``牵头单位：A；配合单位：B`` / ``牵头部门`` ``责任部门``
  ``参与单位`` ``协同单位`` …;
- verbs: ``A牵头，B、C配合`` / ``A牵头，B参与`` / ``A牵头负责`` / ``由A会同B负责``;
- plain lists: ``A、B、C负责`` / ``A、B按职责分工负责`` — all lead, unless the document says
  that the first listed leads (``排在第一位的部门为牵头部门``), see `FirstLeadRule`.

Lists split on 、，；and on a joining 和/及/与 between two agency names; a trailing 等 (or 等有关部门)
is dropped; collectives (各成员单位, 各有关部门和单位, 各区、县级市 …) stay one item.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

__all__ = [
    "ClauseItem",
    "parse_clause",
    "parse_cell",
    "find_first_lead_rules",
    "looks_like_agency",
    "unique_by",
    "FIRST_LEAD_RULE",
]

LEAD_LABELS = (
    "牵头责任单位",
    "责任单位",
    "牵头单位",
    "牵头部门",
    "责任部门",
    "主责单位",
    "主责部门",
    "责任主体",
    "牵头责任部门",
    "主办单位",
    "承办单位",
)
COOP_LABELS = (
    "配合单位",
    "配合部门",
    "参与单位",
    "参与部门",
    "协同单位",
    "协同部门",
    "协办单位",
    "协助单位",
    "协作单位",
    "支持单位",
)
_IMPLEMENTING_LABELS = ("责任单位", "责任部门", "责任主体")
# 责任单位：A / 【牵头单位】A
_LABEL_RX = re.compile(
    r"(?:【\s*)?(?P<label>"
    + "|".join(sorted(LEAD_LABELS + COOP_LABELS, key=len, reverse=True))
    + r")\s*(?:】\s*[：:]?|[：:])\s*"
)
# Other fields that may follow the agencies in the same clause: not agencies.
_STOP_LABEL = re.compile(
    r"(?:【\s*)?(?:完成时限|完成时间|时间节点|时限要求|时限|进度安排|截止时间|完成期限)\s*(?:】|[：:])"
)
_LEAD_VERB = re.compile(r"(?:牵头负责|牵头落实|牵头实施|牵头推进|牵头抓总|总牵头|牵头)$")
_COOP_VERB = re.compile(
    r"(?:按职责配合|配合落实|配合实施|配合推进|共同参与|协同推进|配合|参与|协同|协助|协办)$"
)
_PLAIN_VERB = re.compile(
    r"(?:按照?职责分工负责|按照?职能分工负责|按职责分别负责|按职责负责|分工负责|分别负责|共同负责|负责落实|负责实施|"
    r"负责推进|具体负责|抓好落实|负责)$"
)


def _expand(rx: re.Pattern[str]) -> tuple[str, ...]:
    """The literal words of a ``(?:A|B…)$`` verb pattern (``照?`` written out), longest first."""
    words: list[str] = []
    for alt in rx.pattern[3:-2].split("|"):
        words.extend([alt.replace("照?", "照"), alt.replace("照?", "")] if "照?" in alt else [alt])
    assert all(re.fullmatch(r"[\u4e00-\u9fff]+", w) for w in words), words
    return tuple(sorted(set(words), key=len, reverse=True))


_VERB_SUFFIXES = (
    (_expand(_LEAD_VERB), "lead"),
    (_expand(_COOP_VERB), "cooperating"),
    (_expand(_PLAIN_VERB), "plain"),
)
_TRAILING_ETC = re.compile(r"(?:等(?:有关|相关)?(?:部门|单位|机构|部门和单位)?|等)$")
_SEP = re.compile(r"[、，；,;]")
_JOINERS = re.compile(r"和|及|以及|与")
FIRST_LEAD_RULE = re.compile(
    r"(?:排在?第一位|列第一位|排名第一|排序第一|排在首位|列首位|第一个)(?:的|者)?(?:部门|单位)?(?:为|是)牵头(?:部门|单位)?"
    r"(?:[，,、]?\s*下同)?"
)
_AGENCY_SUFFIX = re.compile(
    r"(?:局|委|委员会|部|院|厅|办|办公室|室|中心|政府|区|县|市|镇|乡|街道|会|联|协|所|站|队|社|团|处|科|署|行|"
    r"公司|集团|单位|部门|机构|小组|组|园区|海关|银行|大学|学校|学院|法庭|庭|馆|台|总队|支队|大队|管委会|分局|中队|"
    r"指挥部|联盟|基地)$"
)
_COLLECTIVE_TAIL = re.compile(r"^(?:县级市|县|市|区|县（市、区）|乡镇|乡|镇|街道|开发区|园区|自治县)$")


@dataclass(frozen=True, slots=True)
class ClauseItem:
    """An agency in a clause: name as written (no white space), role, offsets within the clause."""

    name: str
    role: str  # "lead" | "cooperating"
    start: int
    end: int


def looks_like_agency(name: str) -> bool:
    """Whether a list item reads as the name of a body (ends like 局, 委, 院, 政府, 单位 …)."""
    if not name or len(name) > 40 or any(c in name for c in '。：:“”"《》'):
        return False
    if name.startswith("各") or name in {"有关部门", "相关部门", "有关单位", "相关单位"}:
        return True
    # 市政府办公厅（市金融办）: judge the name before a trailing bracketed alias.
    base = re.sub(r"（[^（）]*）$", "", name)
    return bool(base) and bool(_AGENCY_SUFFIX.search(base))


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` on list separators outside brackets; returns trimmed (start, end)."""
    out, pos, depth = [], start, 0
    for i in range(start, end):
        ch = text[i]
        if ch == "（":
            depth += 1
        elif ch == "）" and depth:
            depth -= 1
        elif depth == 0 and ch in "、，；,;":
            out.append((pos, i))
            pos = i + 1
    out.append((pos, end))
    trimmed = []
    for a, b in out:
        while a < b and text[a] in " \u3000\n\r。":
            a += 1
        while b > a and text[b - 1] in " \u3000\n\r。":
            b -= 1
        if a < b:
            trimmed.append((a, b))
    return trimmed


def _merge_collectives(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Keep 各区、县级市 as one item: a 各… item absorbs short administrative tails."""
    merged: list[tuple[int, int]] = []
    for a, b in pieces:
        name = "".join(text[a : _strip_verb(text, a, b)[0]].split())
        if merged:
            pa, pb = merged[-1]
            prev = "".join(text[pa:pb].split())
            if prev.startswith("各") and _COLLECTIVE_TAIL.match(name) and text[pb:a].strip() == "、":
                merged[-1] = (pa, b)
                continue
        merged.append((a, b))
    return merged


def _split_joined(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Split "A和B" into two names when both sides read as agency names."""
    name = text[a:b]
    if "".join(name.split()).startswith("各"):
        return [(a, b)]
    for m in _JOINERS.finditer(name):
        left, right = name[: m.start()].strip(), name[m.end() :].strip()
        left = _TRAILING_ETC.sub("", left)
        if (
            looks_like_agency(left)
            and looks_like_agency(_TRAILING_ETC.sub("", right))
            and not left.startswith("各")
        ):
            return [(a, a + m.start())] + _split_joined(text, a + m.end(), b)
    return [(a, b)]


def _clean(text: str, a: int, b: int) -> tuple[str, int, int] | None:
    """Strip 由 and trailing 等…; return (name, start, end) or None if nothing is left."""
    raw = text[a:b]
    lead_ws = len(raw) - len(raw.lstrip())
    a += lead_ws
    raw = text[a:b]
    if raw.startswith("由"):
        a += 1
    raw = text[a:b].rstrip()
    b = a + len(raw)
    m = _TRAILING_ETC.search(raw)
    if m and m.start() > 0:
        b = a + m.start()
    name = "".join(text[a:b].split())
    if not name:
        return None
    return name, a, b


def _strip_verb(text: str, a: int, b: int) -> tuple[int, str | None]:
    """If ``text[a:b]`` ends with a role verb, return (new end, role kind)."""
    seg = text[a:b]
    for verbs, kind in _VERB_SUFFIXES:
        if seg.endswith(verbs):  # cheap test first: a $-anchored search tries every position
            for verb in verbs:  # longest first, as the regex's leftmost match would be
                if seg.endswith(verb):
                    return b - len(verb), kind
    return b, None


def _with_huitong(text: str, a: int, b: int, role: str) -> list[tuple[int, int, str]]:
    """由A会同B负责 → A leads, B cooperates."""
    seg = text[a:b]
    idx = seg.find("会同")
    if idx <= 0 or role == "cooperating":
        return [(a, b, role)]
    return [(a, a + idx, "lead" if role == "plain" else role), (a + idx + 2, b, "cooperating")]


def parse_clause(
    text: str,
    start: int = 0,
    end: int | None = None,
    first_leads: bool = False,
    require_agencies: bool = True,
) -> list[ClauseItem] | None:
    """Parse the clause ``text[start:end]`` into agencies with roles.

    Parameters
    ----------
    text : str
        Folded text (see `loaders.normalize.fold`).
    start, end : int
        The clause, without its brackets.
    first_leads : bool
        A plain list (``A、B负责``) gives the first listed the lead and the others cooperate.
    require_agencies : bool
        For unlabelled clauses, refuse (return None) unless every item reads as an agency name,
        so that ordinary brackets such as （由企业负责） are not taken for clauses.

    Returns
    -------
    list of ClauseItem, or None when this is not a responsibility clause.

    Examples
    --------
    >>> [(i.name, i.role) for i in parse_clause("责任单位：区市场监管局，配合单位：区司法局、区财政局")]
    [('区市场监管局', 'lead'), ('区司法局', 'cooperating'), ('区财政局', 'cooperating')]
    >>> [(i.name, i.role) for i in parse_clause("市发展改革委牵头，市财政局、市科技局等配合")]
    [('市发展改革委', 'lead'), ('市财政局', 'cooperating'), ('市科技局', 'cooperating')]
    """
    end = len(text) if end is None else end
    # Remove a stated first-lead rule from the clause itself (it is not an agency).
    rule = FIRST_LEAD_RULE.search(text, start, end)
    if rule:
        first_leads = True
    stop = _STOP_LABEL.search(text, start, end)
    if stop:
        end = stop.start()
    labels = [m for m in _LABEL_RX.finditer(text, start, end)]
    groups: list[tuple[int, int, str | None]] = []  # (start, end, role or None=verb-driven)
    if labels:
        if labels[0].start() > start and text[start : labels[0].start()].strip(" ，；。"):
            groups.append((start, labels[0].start(), None))
        has_lead_label = any(m.group("label").startswith("牵头") for m in labels)
        for k, m in enumerate(labels):
            g_end = labels[k + 1].start() if k + 1 < len(labels) else end
            role = "lead" if m.group("label") in LEAD_LABELS else "cooperating"
            if has_lead_label and m.group("label") in _IMPLEMENTING_LABELS:
                role = "cooperating"  # 牵头单位：A；责任单位：B — B implements under A's lead
            groups.append((m.end(), g_end, role))
    else:
        groups.append((start, end, None))

    items: list[tuple[int, int, str]] = []
    plain_items: list[tuple[int, int]] = []
    saw_verb = bool(labels)
    for g_start, g_end, g_role in groups:
        pieces = _merge_collectives(text, _pieces(text, g_start, g_end))
        pending: list[tuple[int, int]] = []
        for a, b in pieces:
            if rule and a <= rule.start() < b + 1:
                # keep any agency text before the rule phrase in the same piece
                b = min(b, rule.start())
                if not text[a:b].strip():
                    continue
            if rule and rule.start() <= a < rule.end():
                continue
            if text[a:b].strip() == "下同":
                continue
            nb, kind = _strip_verb(text, a, b)
            for ja, jb in _split_joined(text, a, nb):
                pending.append((ja, jb))
            if kind is None and g_role is not None:
                items.extend((pa, pb, g_role) for pa, pb in pending)
                pending = []
            elif kind is not None:
                saw_verb = True
                role = g_role if (g_role is not None and kind == "plain") else kind
                if role == "plain":
                    plain_items.extend(pending)
                    items.extend((pa, pb, "plain") for pa, pb in pending)
                else:
                    for pa, pb in pending:
                        items.extend(_with_huitong(text, pa, pb, role))
                pending = []
        if pending:
            if g_role is not None:
                items.extend((pa, pb, g_role) for pa, pb in pending)
            else:
                return None  # names with no role word: not a responsibility clause
    if not saw_verb or not items:
        return None
    only_responsible = labels and all(m.group("label") in _IMPLEMENTING_LABELS for m in labels)
    if first_leads and only_responsible and all(role == "lead" for _, _, role in items):
        # 责任单位：A、B、C under a rule that the first listed leads: a plain list in label form.
        items = [(a, b, "plain") for a, b, _ in items]
    if any(role == "lead" for _, _, role in items):
        # 市发改委牵头，市级有关部门按职责分工负责: with an explicit lead, the plain list cooperates.
        items = [(a, b, "cooperating" if role == "plain" else role) for a, b, role in items]
    out: list[ClauseItem] = []
    plain_seen = 0
    for a, b, role in items:
        if role == "plain":
            for ha, hb, hrole in _with_huitong(text, a, b, "plain"):
                cleaned = _clean(text, ha, hb)
                if cleaned is None:
                    continue
                if hrole == "plain":
                    hrole = "lead" if (not first_leads or plain_seen == 0) else "cooperating"
                    plain_seen += 1
                out.append(ClauseItem(cleaned[0], hrole, cleaned[1], cleaned[2]))
            continue
        cleaned = _clean(text, a, b)
        if cleaned is None:
            continue
        out.append(ClauseItem(cleaned[0], role, cleaned[1], cleaned[2]))
    if not out:
        return None
    if not labels and require_agencies and not all(looks_like_agency(i.name) for i in out):
        return None
    # The same agency twice in one role is one assignment; keep the first mention.
    return unique_by(out, lambda i: (i.name, i.role))


def unique_by(items: list[T], key: Callable[[T], Hashable]) -> list[T]:
    """``items`` without later repeats of the same key, in order."""
    seen: set[Hashable] = set()
    out = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def find_first_lead_rules(text: str) -> list[tuple[int, int, bool]]:
    """Statements that the first-listed agency leads: (start, end, extends_to_later ``下同``)."""
    return [(m.start(), m.end(), "下同" in m.group()) for m in FIRST_LEAD_RULE.finditer(text)]


def parse_cell(text: str, start: int, end: int, role: str, first_leads: bool = False) -> list[ClauseItem]:
    """Agencies in a table cell under a 牵头单位/配合单位 column.

    The cell may itself use verbs (``A牵头，B配合``); otherwise every listed agency takes the column's
    ``role`` — for a lead column (责任单位) a plain list follows the first-listed-leads rule if active.
    """
    verbed = parse_clause(text, start, end, first_leads=first_leads, require_agencies=False)
    if verbed:
        return verbed
    items: list[ClauseItem] = []
    for n, (a, b) in enumerate(_merge_collectives(text, _pieces(text, start, end))):
        for ja, jb in _split_joined(text, a, b):
            cleaned = _clean(text, ja, jb)
            if cleaned is None or cleaned[0] in {"/", "-", "—", "无"}:
                continue
            r = role
            if role == "lead" and first_leads and (items or n > 0):
                r = "cooperating"
            items.append(ClauseItem(cleaned[0], r, cleaned[1], cleaned[2]))
    return unique_by(items, lambda i: (i.name, i.role))
