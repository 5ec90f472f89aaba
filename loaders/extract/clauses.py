"""Responsibility clauses: who leads a task and who cooperates, as the document writes it.

A clause is read in explicit steps, each a small function:

1. `clause_body` — cut what is not a list of units: a stated lead rule (``列第一位的为牵头单位，下同``),
   a standing note (``以下均需各区政府落实，不再列出``), trailing fields (``完成时限：…``);
2. `_groups` — split the body at labels (``牵头单位：``/``配合单位：``), each group with the label's role;
3. `_units` — split a group into units on ``、，；`` outside brackets, join collectives (``各区、县级市``),
   split a joining ``和``/``及`` between two agencies, drop a trailing ``等``, drop notes on scope
   (``各区政府（含…，下同）`` → ``各区政府``), and read the role words after units (``牵头``, ``配合``,
   ``按职责分工负责``), ``会同`` (``X会同Y负责``) and ``（牵头）`` markers;
4. `_assign` — give every unit a `Role`: labels and verbs decide; units that are only "responsible"
   lead unless the clause names an explicit lead (then they cooperate) or the document's `LeadRule`
   splits them (first listed / before the first comma lead, the others cooperate).

Every word comes from `loaders.vocab.clauses`; this module holds none of its own.

Examples
--------
>>> [(i.name, i.role.value) for i in parse_clause("责任单位：区市场监管局，配合单位：区司法局、区财政局")]
[('区市场监管局', 'lead'), ('区司法局', 'cooperating'), ('区财政局', 'cooperating')]
>>> [(i.name, i.role.value) for i in parse_clause("市发展改革委牵头，市财政局、市科技局等配合")]
[('市发展改革委', 'lead'), ('市财政局', 'cooperating'), ('市科技局', 'cooperating')]
>>> rule = LeadRule.BEFORE_FIRST_COMMA
>>> items = parse_clause("市科技局、市数据局，市委网信办", rule=rule, bare_list=True)
>>> [(i.name, i.role.value) for i in items]
[('市科技局', 'lead'), ('市数据局', 'lead'), ('市委网信办', 'cooperating')]
"""

from __future__ import annotations

import re
import re._parser as sre_parse
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple, TypeVar

from loaders.extract.intervals import windows
from loaders.extract.suffixes import SuffixTable
from loaders.records import Role
from loaders.vocab import clauses as V
from loaders.vocab import punctuation as P
from loaders.vocab.clauses import LeadRule

T = TypeVar("T")

__all__ = [
    "ClauseItem",
    "LeadRule",
    "RuleStatement",
    "parse_clause",
    "parse_sentence_form",
    "parse_cell",
    "find_lead_rules",
    "find_verb_clauses",
    "find_sentence_forms",
    "clause_body",
    "looks_like_agency",
    "unique_by",
    "LABEL_RX",
    "label_role",
    "collective_spans",
]



def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# ------------------------------------------------------------------ grammars built from the vocabulary
_CJK = "[\u4e00-\u9fff]"
# A label: [prefix] morpheme [≤ LABEL_GAP words] noun, or a bare morpheme (牵头：A), then ：/ 】.
LABEL = (
    "(?:" + _alternation(V.LABEL_PREFIXES) + ")?"
    "(?:(?:" + _alternation(V.ROLE_MORPHEMES) + ")" + _CJK + "{0," + str(V.LABEL_GAP) + "}?"
    "(?:" + _alternation(V.LABEL_NOUNS) + ")"
    "|(?:" + _alternation(V.BARE_LABEL_MORPHEMES) + "))"
)
_LABEL_RX = re.compile(r"(?:【\s*)?(?P<label>" + LABEL + r")\s*(?:】\s*[：:]?|[：:])\s*")
LABEL_RX = _LABEL_RX
_LABEL_ONLY = re.compile(LABEL + "[：:]?")
"""A clause label with its colon or 【】 (group ``label``): 责任单位：, 【主要牵头部门】, 配合：."""
_LABEL_CLOSE = re.compile("[】：:]")  # what every label and every field closes with
_MORPHEME = re.compile(_alternation(V.ROLE_MORPHEMES))
_BY = re.compile(r"(?<![自理经缘])由")
_LABEL_BEFORE = P.LIST_SEPARATORS + P.SENTENCE_ENDS + P.SPACES + P.OPENERS + P.CLOSERS + "：:"
_AS_LABEL = re.compile("(?:" + _alternation(V.AS_LABEL_WORDS) + ")(?P<label>" + LABEL + ")$")


def label_role(label: str) -> str:
    """The role a label gives its units: ``lead``, ``cooperating`` or ``plain`` (责任单位: they carry it).

    The first lead morpheme decides; otherwise a cooperating one; otherwise plain.

    Examples
    --------
    >>> [label_role(x) for x in ("牵头责任单位", "主要配合部门", "具体责任单位", "协同推进单位")]
    ['lead', 'cooperating', 'plain', 'cooperating']
    """
    roles = [V.ROLE_MORPHEMES[m.group()] for m in _MORPHEME.finditer(label)]
    for wanted in ("lead", "cooperating"):
        if wanted in roles:
            return wanted
    return "plain"


_STOP_LABEL = re.compile(r"(?:【\s*)?(?:" + _alternation(V.STOP_LABELS) + r")\s*(?:】|[：:])")
# The lead rule: an order phrase, a few words without a comma, a lead word — or the lead noun first.
_NO_BREAK = "[^。；;，,\n]{0," + str(V.RULE_GAP) + "}?"
_FIRST = "(?:" + _alternation(V.ORDER_VERBS) + ")?在?(?:" + _alternation(V.FIRST_WORDS) + ")"
_COMMA = (
    "(?:" + _alternation(V.ORDER_VERBS) + ")?在?(?:第[一1]个?|首个)?(?:" + _alternation(V.COMMA_WORDS) + ")"
    "(?:" + _alternation(V.BEFORE_WORDS) + ")"
)
_LEAD_WORD = "(?:" + _alternation(V.LEAD_WORDS) + ")"
_LEAD_NOUN_IS = "(?:" + _alternation(V.LEAD_NOUNS) + ")(?:为|是)"
_RULE_FORMS = (
    (re.compile(_COMMA + _NO_BREAK + _LEAD_WORD), LeadRule.BEFORE_FIRST_COMMA),
    (re.compile(_LEAD_NOUN_IS + _NO_BREAK + _COMMA), LeadRule.BEFORE_FIRST_COMMA),
    (re.compile(_FIRST + _NO_BREAK + _LEAD_WORD), LeadRule.FIRST_LISTED),
    (re.compile(_LEAD_NOUN_IS + _NO_BREAK + _FIRST), LeadRule.FIRST_LISTED),
)
_RULE_TAIL_END = re.compile("[。" + re.escape(P.CLOSERS) + "]")
# Every form holds a first word (第一, 首位 …) or a before word (之前, 前): a stretch without one holds
# no statement of a rule (most stretches around 牵头 are clauses, not rules).
_ORDER_HINT = re.compile(_alternation((*V.FIRST_WORDS, *V.BEFORE_WORDS)))
_STANDING_OPENER = re.compile(_alternation(V.STANDING_OPENERS))
# A collective enumerating levels: head, level (bracket of levels)?, then 、 [各] level … , body word?
_LEVEL = "(?:" + _alternation(V.LEVEL_WORDS) + ")+"  # 盟市, 旗县区: levels written together
_OPENERS_CLASS = "[" + re.escape(P.OPENERS) + "]"
_CLOSERS_CLASS = "[" + re.escape(P.CLOSERS) + "]"
_LEVEL_BRACKET = "(?:" + _OPENERS_CLASS + _LEVEL + "(?:、" + _LEVEL + ")*" + _CLOSERS_CLASS + ")"
_AFTER_LEVEL = (
    "(?=、|" + _OPENERS_CLASS + "|" + _alternation(V.COLLECTIVE_BODY_TAILS)
    + "|$|[，；。\\s]|" + _CLOSERS_CLASS + ")"
)
_COLLECTIVE = re.compile(
    "(?:" + _alternation(V.COLLECTIVE_HEADS) + ")" + _LEVEL + _LEVEL_BRACKET + "?" + _AFTER_LEVEL
    + "(?:、(?:各)?" + _LEVEL + _LEVEL_BRACKET + "?" + _AFTER_LEVEL + ")+"
    + "(?:" + _alternation(V.COLLECTIVE_BODY_TAILS) + ")?"
)
# 等有关部门 before a role verb is a collective unit (A、B等有关部门负责 → A, B, 有关部门).
_ETC_COLLECTIVE = re.compile(r"等(?P<coll>(?:有关|相关|其他有关)(?:部门|单位)(?:和|及|与)?(?:单位|部门)?)$")
_VERB_SUFFIXES = (
    (tuple(sorted(V.LEAD_VERBS, key=len, reverse=True)), "lead"),
    (tuple(sorted(V.COOP_VERBS, key=len, reverse=True)), "cooperating"),
    (tuple(sorted(V.PLAIN_VERBS, key=len, reverse=True)), "plain"),
)
# The role verbs in order of priority (lead, then cooperating, then plain; longest first), with
# their kind: a piece's ending is looked up, not tried against every form.
_VERB_KIND = {}
for _verbs, _kind in _VERB_SUFFIXES:
    for _verb in _verbs:
        _VERB_KIND.setdefault(_verb, _kind)
_VERB_TABLE = SuffixTable(_VERB_KIND)
_MARKER_TABLE = SuffixTable(V.LEAD_MARKERS)
_STANDING = re.compile("|".join(V.STANDING_NOTES))
_TRAILING_ETC = SuffixTable(sorted(set(V.TRAILING_ETC), key=len, reverse=True))  # the longest first
_JOINERS = re.compile(_alternation(V.JOINERS))
_TIME_NOTE = re.compile("|".join(V.TIME_NOTES))
_AGENCY_SUFFIXES = tuple(V.AGENCY_SUFFIXES)
_NOT_IN_NAMES = re.compile('[。：:“”"《》]')
_OPEN = "".join(V.BRACKETS)
_CLOSE = "".join(V.BRACKETS.values())
_SEPARATORS = "、，；,;"
_SENTENCE_END = "。；;\n"
_SENTENCE_FORM = re.compile(
    r"由(?P<units>[^。；：:\n由]{2,60}?)(?P<verb>" + _alternation(V.SENTENCE_VERBS) + r")"
    r"(?!" + _alternation(V.NOT_A_VERB_AFTER) + r")"  # 由政府负责人牵头: 负责 is part of a noun
)


class ClauseItem(NamedTuple):  # a tuple: one is made for every unit of every clause
    """A unit named in a clause: name as written (no white space), role, offsets in the text."""

    name: str
    role: Role
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class RuleStatement:
    """Where a document states its lead rule: ``later`` when it says ``下同`` (this and later clauses)."""

    start: int
    end: int
    rule: LeadRule
    later: bool


# ------------------------------------------------------------------ small text helpers
def _squeeze(s: str) -> str:
    return "".join(s.split())


def looks_like_agency(name: str) -> bool:
    """Whether a list item reads as the name of a body (ends like 局, 委, 院, 政府, 单位 …).

    Examples
    --------
    >>> looks_like_agency("区市场监管局"), looks_like_agency("各成员单位"), looks_like_agency("开展培训")
    (True, True, False)
    """
    return _looks_like_agency(name)


@lru_cache(maxsize=65536)  # a pure function of the name; plans name the same bodies again and again
def _looks_like_agency(name: str) -> bool:
    if not name or len(name) > 40 or _NOT_IN_NAMES.search(name):
        return False
    # 市政府办公厅（市金融办）, 市委改革办〔市营商环境建设局〕: judge the name before a bracketed alias.
    base = P.strip_trailing_bracket(name)
    if "的" in base:
        return False  # 排序第一的责任单位: a phrase about units, not the name of one
    if name.startswith(V.COLLECTIVE_HEADS) and len(name) > 2 or name in V.COLLECTIVE_NAMES:
        return True
    return base.endswith(_AGENCY_SUFFIXES)


_BRACKET_CHAR = re.compile("[" + re.escape(_OPEN + _CLOSE) + "]")
_PIECE_MARK = re.compile("[" + re.escape(_OPEN + _CLOSE + _SEPARATORS) + "]")


def _bracket_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Top-level bracket groups ``[open, close]`` (inclusive of both marks) in ``text[start:end]``."""
    out, stack = [], []
    for m in _BRACKET_CHAR.finditer(text, start, end):  # visits bracket marks only
        i = m.start()
        if text[i] in _OPEN:
            stack.append(i)
        elif stack:
            a = stack.pop()
            if not stack:
                out.append((a, i + 1))
    return out


def collective_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Collectives that enumerate levels (各市、州、县人民政府) in ``text[start:end]``: one unit each.

    Examples
    --------
    >>> s = "省财政厅，各市、州、县人民政府"
    >>> [s[a:b] for a, b in collective_spans(s, 0, len(s))]
    ['各市、州、县人民政府']
    """
    if "、" not in text[start:end]:
        return []
    return [m.span() for m in _COLLECTIVE.finditer(text, start, end)]


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """Split ``text[start:end]`` on list separators outside brackets.

    Returns trimmed ``(start, end, commas)``, where ``commas`` counts the commas (，；) before the
    piece — a 、 joins units of one segment, a comma starts the next (the "before the first comma"
    rule counts these).
    """
    out, pos, depth, commas = [], start, 0, 0
    protected = collective_spans(text, start, end)
    for m in _PIECE_MARK.finditer(text, start, end):  # visits brackets and separators only
        i = m.start()
        ch = text[i]
        if protected and any(a <= i < b for a, b in protected):
            continue
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            if depth:
                depth -= 1
        elif depth == 0:
            out.append((pos, i, commas))
            if ch != "、":
                commas += 1
            pos = i + 1
    out.append((pos, end, commas))
    trimmed = []
    for a, b, c in out:
        while a < b and text[a] in " \u3000\n\r。":
            a += 1
        while b > a and text[b - 1] in " \u3000\n\r。":
            b -= 1
        if a < b:
            trimmed.append((a, b, c))
    return trimmed


def _strip_verb(text: str, a: int, b: int) -> tuple[int, str | None]:
    """If ``text[a:b]`` ends with a role verb, return (new end, role kind)."""
    cut, kind = _verb_at_end(text[a:b])
    return b - cut, kind


@lru_cache(maxsize=65536)  # a pure function of the piece; pieces repeat (区财政局配合)
def _verb_at_end(seg: str) -> tuple[int, str | None]:
    """How many characters of role verb (or 为 + label) end ``seg``, and the role they give."""
    if seg.endswith(V.LABEL_NOUNS):  # X为牵头单位, Y作为配合部门: the label names the role
        m = _AS_LABEL.search(seg)
        if m and m.start() > 0:
            return len(seg) - m.start(), label_role(m.group("label"))
    verb = _VERB_TABLE.match(seg)
    if verb is not None:
        return len(verb), _VERB_KIND[verb]
    return 0, None


def _without_etc(name: str) -> str:
    """``name`` without a trailing 等 (等部门, 等有关单位 …)."""
    etc = _TRAILING_ETC.match(name)
    return name if etc is None else name[: len(name) - len(etc)]


def _drop_scope_note(text: str, a: int, b: int) -> int:
    """The end of a name without a trailing note on scope (``（含…，下同）``)."""
    for oa, ob in _bracket_spans(text, a, b):
        inner = text[oa + 1 : ob - 1].lstrip()
        if ob >= b - 0 and (inner.startswith(V.SCOPE_NOTE_HEADS) or "下同" in inner):
            end = oa
            while end > a and text[end - 1] in " \u3000":
                end -= 1
            return end
    return b


def _clean(text: str, a: int, b: int) -> tuple[int, int] | None:
    """Trim white space, a leading 由 and a trailing 等…; None if nothing is left."""
    while a < b and text[a] in " \u3000\n\r":
        a += 1
    if a < b and text[a] == "由":
        a += 1
    while b > a and text[b - 1] in " \u3000\n\r":
        b -= 1
    etc = _TRAILING_ETC.match(text, a, b)
    if etc is not None and b - len(etc) > a:
        b -= len(etc)
    # A closer left over from a bracket that opened before the unit.
    while b > a and text[b - 1] in _CLOSE and _unbalanced_closer(text, a, b):
        b -= 1
    return (a, b) if a < b else None


def _unbalanced_closer(text: str, a: int, b: int) -> bool:
    closer = text[b - 1]
    opener = next(o for o, c in V.BRACKETS.items() if c == closer)
    return text.count(opener, a, b) < text.count(closer, a, b)


def unique_by(items: Iterable[T], key: Callable[[T], Hashable]) -> list[T]:
    """``items`` without later repeats of the same key, in order."""
    seen: set[Hashable] = set()
    out = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


# ------------------------------------------------------------------ step 1: the body of a clause
def find_lead_rules(text: str, start: int = 0, end: int | None = None) -> list[RuleStatement]:
    """Statements of a lead rule in ``text[start:end]``, any wording from `loaders.vocab.clauses.LEAD_RULES`.

    Examples
    --------
    >>> [s.rule.value for s in find_lead_rules("（A、B，C。列逗号之前的为牵头单位，下同）")]
    ['before-first-comma']
    """
    end = len(text) if end is None else end
    out: list[RuleStatement] = []
    # Every phrasing names the lead (a lead word, 牵头, or a lead noun, 牵头单位) and is at most
    # _RULE_WIDTH long, so a statement lies within _RULE_WIDTH of one: only those windows are searched
    # (most clauses have none).
    for ws, we in _lead_word_windows(text, start, end):
        if not _ORDER_HINT.search(text, ws, we):
            continue
        for rx, kind in _RULE_FORMS:
            for m in rx.finditer(text, ws, we):
                if any(s.start <= m.start() < s.end for s in out):
                    continue
                tail = text[m.end() : min(end, m.end() + 30)]
                stop = _RULE_TAIL_END.search(tail)
                later = "下同" in (tail[: stop.start()] if stop else tail)
                out.append(RuleStatement(m.start(), m.end(), kind, later))
    return sorted(out, key=lambda s: s.start)


def _lead_word_windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stretches of ``text[start:end]`` within `_RULE_WIDTH` of a lead word or noun, merged, in order."""
    leads = (m.span() for m in _LEAD_RX.finditer(text, start, end))
    return windows(leads, start, end, _RULE_WIDTH, _RULE_WIDTH)


# What every form holds: a lead word (the order phrase first) or a lead noun (the noun first).
_LEAD_RX = re.compile(_alternation((*V.LEAD_WORDS, *V.LEAD_NOUNS)))
_RULE_WIDTH = max(sre_parse.parse(rx.pattern).getwidth()[1] for rx, _ in _RULE_FORMS)


def _sentence_start(text: str, start: int, pos: int) -> int:
    """The start of the list piece holding ``pos``: after the last separator before it."""
    i = pos
    while i > start and text[i - 1] not in _SEPARATORS + "。":
        i -= 1
    return i


def clause_body(text: str, start: int, end: int) -> tuple[int, int]:
    """The part of a clause that lists units: without a stated rule, standing notes or time fields."""
    cut = end
    # A labelled field that is not a unit (完成时限：…, 联系人：…) at the very start holds no units before
    # the next role label; elsewhere it ends only its own label's group (see `_groups`).
    for s in find_lead_rules(text, start, cut):
        cut = min(cut, _sentence_start(text, start, s.start))
    notes = (
        _STANDING.finditer(text, start, cut)
        if ("不再" in text[start:cut] or "下同" in text[start:cut])
        else ()
    )
    for m in notes:
        if m.group() == "下同" and text[m.start() - 1 : m.start()] not in "，,；;。":
            continue
        i = _note_start(text, start, m.start())
        if i > start:
            cut = min(cut, i)
    while cut > start and text[cut - 1] in " \u3000\n，,；;。":
        cut -= 1
    return start, cut


def _note_start(text: str, start: int, pos: int) -> int:
    """Where a standing note ending at ``pos`` (不再列出) begins: the earliest piece of its sentence,
    walking back from it, that opens with or holds a scope word (以下措施均需…落实, 各项措施…均包括…) —
    whatever punctuation precedes it; else the piece of the terminator itself."""
    sentence = pos
    while sentence > start and text[sentence - 1] not in "。；;":
        sentence -= 1
    begin = pos
    while begin > sentence and text[begin - 1] not in "，,":
        begin -= 1
    while begin > sentence:
        prev = begin - 1  # the comma before the current piece
        p = prev
        while p > sentence and text[p - 1] not in "，,":
            p -= 1
        if not _STANDING_OPENER.search(text, p, prev) or _LABEL_RX.search(text, p, prev):
            break
        begin = p
    if begin == sentence or _STANDING_OPENER.search(text, begin, pos):
        return begin
    return sentence


# ------------------------------------------------------------------ step 2: label groups
def _groups(text: str, start: int, end: int) -> tuple[list[tuple[int, int, str | None]], bool]:
    """(start, end, role from the label or None) for each labelled part; whether any label was seen."""
    # 市数据局【牵头】、市财政局: a bracketed role word between a name and a separator marks that
    # unit; it is not a label (a label is followed by the units it names).
    if not _LABEL_CLOSE.search(text, start, end):  # every label (and field) closes with 】 or a colon
        return [(start, end, None)], False
    labels = [m for m in _LABEL_RX.finditer(text, start, end) if not _is_marker(text, m, start, end)]
    if not labels:
        return [(start, _before_field(text, start, end), None)], False
    groups: list[tuple[int, int, str | None]] = []
    if labels[0].start() > start and text[start : labels[0].start()].strip(" ，；。"):
        groups.append((start, _before_field(text, start, labels[0].start()), None))
    roles = [label_role(m.group("label")) for m in labels]
    has_lead_label = "lead" in roles
    for k, m in enumerate(labels):
        g_end = labels[k + 1].start() if k + 1 < len(labels) else end
        role = roles[k]
        if role == "plain" and has_lead_label:
            role = "cooperating"  # 牵头单位：A；责任单位：B — B implements under A's lead
        groups.append((m.end(), _before_field(text, m.end(), g_end), role))
    return groups, True


def _is_marker(text: str, m: re.Match, start: int, end: int) -> bool:
    if not m.group().startswith("【") or m.start() == start or text[m.start() - 1] in _LABEL_BEFORE:
        return False
    after = text[m.end() : end].lstrip()
    return not after or after[0] in P.LIST_SEPARATORS + P.SENTENCE_ENDS


def _before_field(text: str, start: int, end: int) -> int:
    """The end of a group of units before a labelled field that is not a unit (完成时限：…, 联系人：…):
    the field runs to the next role label, which starts the next group."""
    stop = _STOP_LABEL.search(text, start, end)
    return stop.start() if stop else end


# ------------------------------------------------------------------ step 3: units and role words
@dataclass(slots=True)
class _Unit:
    start: int
    end: int
    kind: str  # "lead" | "cooperating" | "plain"
    segment: int  # number of commas before it in the clause (for the comma rule)


def _merge_collectives(text: str, pieces: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Keep 各区、县级市 as one item: a 各… item absorbs short administrative tails."""
    merged: list[tuple[int, int, int]] = []
    for a, b, comma in pieces:
        if merged:
            pa, pb, pc = merged[-1]
            if (
                (text[pa] == "各" or text[pa].isspace() and _squeeze(text[pa:pb]).startswith("各"))
                and text[pb:a].strip() == "、"
                and _squeeze(text[a : _strip_verb(text, a, b)[0]]) in V.COLLECTIVE_TAILS
            ):
                merged[-1] = (pa, b, pc)
                continue
        merged.append((a, b, comma))
    return merged


def _split_joined(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Split "A和B" into two names when both sides read as agency names (各… 和 … collectives too)."""
    name = text[a:b]
    for m in _JOINERS.finditer(name):
        if _inside_brackets(name, m.start()):
            continue
        left = _without_etc(name[: m.start()].strip())
        right = _without_etc(name[m.end() :].strip())
        if not (looks_like_agency(left) and looks_like_agency(right)):
            continue
        if m.group().isspace() and min(len(left), len(right)) < 3:
            continue  # 区 市场监管局: a stray space inside one name, not two names
        # 各有关部门和单位: the right side is a bare kind word that belongs to the collective.
        if right in ("单位", "部门", "机构", "政府", "人民政府", "党委", "管委会"):
            continue
        return [(a, a + m.start())] + _split_joined(text, a + m.end(), b)
    return [(a, b)]


def _inside_brackets(s: str, pos: int) -> bool:
    depth = 0
    for ch in s[:pos]:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
    return depth > 0


def _marker_end(text: str, a: int, b: int) -> int | None:
    """If the unit ends with a （牵头） marker, the end of the name before it."""
    marker = _MARKER_TABLE.match(text, a, b)
    return None if marker is None else b - len(marker)


class _PieceReading(NamedTuple):
    """What one list piece holds, in offsets into the piece (see `_read_piece`)."""

    etc_end: int | None  # the end of the units before a collective after 等 (A、B等有关部门负责)
    start: int  # where the piece's units start
    kind: str | None  # the role its verb gives
    marked_end: int | None  # the end of the name before a （牵头） marker
    huitong: int  # where 会同 stands after the first unit, or -1
    names: tuple[tuple[int, int], ...]  # the names it joins with 和/及/与 (after 会同, when it has one)


@lru_cache(maxsize=65536)  # a pure function of the piece; plans list the same units again and again
def _read_piece(seg: str) -> _PieceReading | None:
    """What one list piece holds, in offsets into ``seg``; None for a note that holds no unit."""
    piece = _squeeze(seg)
    if piece in ("下同", "") or _TIME_NOTE.match(piece) or piece.startswith(V.SCOPE_NOTE_HEADS):
        return None
    a = 0
    nb, kind = _strip_verb(seg, 0, len(seg))
    etc = _ETC_COLLECTIVE.search(seg, 0, nb) if kind is not None else None
    etc_end = None
    if etc is not None and etc.start() > 0:
        etc_end, a = etc.start(), etc.start("coll")
    marked = _marker_end(seg, a, nb)
    if marked is not None:
        return _PieceReading(etc_end, a, kind, marked, -1, ())
    huitong = seg.find("会同", a, nb)
    if huitong <= a:
        huitong = -1
    names = tuple(_split_joined(seg, huitong + 2 if huitong >= 0 else a, nb))
    return _PieceReading(etc_end, a, kind, None, huitong, names)


def _units(
    text: str, start: int, end: int, role: str | None, leftover: str | None = None
) -> list[_Unit] | None:
    """The units of one label group with their role words; None when a unit carries no role.

    ``role`` comes from the group's label; ``leftover`` is the role of units left without a role
    word in an unlabelled group (a bare list), None to refuse them.
    """
    out: list[_Unit] = []
    pending: list[tuple[int, int, int]] = []
    for p, b, segment in _merge_collectives(text, _pieces(text, start, end)):
        reading = _read_piece(text[p:b])
        if reading is None:
            continue
        etc_end, a, kind, marked, huitong, names = reading
        if etc_end is not None:
            # A、B等有关部门负责: the collective after 等 is a unit of its own.
            pending.append((p, p + etc_end, segment))
        if marked is not None:
            out.append(_Unit(p + a, p + marked, "marked", segment))
            continue
        if huitong >= 0:
            # X会同Y、Z负责: X leads, Y and Z cooperate (the list after 会同 continues in later pieces).
            for pa, pb, _ in pending:
                out.append(_Unit(pa, pb, "lead", segment))
            out.append(_Unit(p + a, p + huitong, "lead", segment))
            pending = []
            kind = "cooperating" if kind in (None, "plain") else kind
            if kind == "cooperating":
                for ja, jb in names:
                    out.append(_Unit(p + ja, p + jb, "cooperating", segment))
                continue
        for ja, jb in names:
            pending.append((p + ja, p + jb, segment))
        if kind is None and role is not None:
            out.extend(_Unit(pa, pb, role, sg) for pa, pb, sg in pending)
            pending = []
        elif kind is not None:
            r = role if (role in ("lead", "cooperating") and kind == "plain") else kind
            out.extend(_Unit(pa, pb, r, sg) for pa, pb, sg in pending)
            pending = []
    if pending:
        if role is None and any(u.kind == "marked" for u in out):
            role = "cooperating"  # 市科技局（牵头）、市财政局: the unmarked units cooperate
        role = role if role is not None else leftover
        if role is None:
            return None
        out.extend(_Unit(pa, pb, role, sg) for pa, pb, sg in pending)
    return out


# ------------------------------------------------------------------ step 4: roles
def _assign(units: list[_Unit], rule: LeadRule | None) -> list[tuple[_Unit, Role]]:
    """Give each unit its role: labels and verbs first, then the document's lead rule."""
    if any(u.kind == "marked" for u in units):
        return [(u, Role.LEAD if u.kind in ("marked", "lead") else Role.COOPERATING) for u in units]
    if any(u.kind == "lead" for u in units):
        # 市发改委牵头，市级有关部门按职责分工负责: with an explicit lead, the others cooperate.
        return [(u, Role.LEAD if u.kind == "lead" else Role.COOPERATING) for u in units]
    plain = [u for u in units if u.kind == "plain"]
    first_segment = min((u.segment for u in plain), default=0)
    out = []
    for u in units:
        if u.kind == "cooperating":
            out.append((u, Role.COOPERATING))
        elif rule is LeadRule.FIRST_LISTED and len(plain) > 1:
            out.append((u, Role.LEAD if u is plain[0] else Role.COOPERATING))
        elif rule is LeadRule.BEFORE_FIRST_COMMA and len({p.segment for p in plain}) > 1:
            out.append((u, Role.LEAD if u.segment == first_segment else Role.COOPERATING))
        else:
            out.append((u, Role.LEAD))
    return out


def parse_clause(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    rule: LeadRule | None = None,
    require_agencies: bool = True,
    bare_list: bool = False,
) -> list[ClauseItem] | None:
    """Parse the clause ``text[start:end]`` (without its brackets) into units with roles.

    Parameters
    ----------
    text : str
        Folded text (see `loaders.read.normalize.fold`).
    start, end : int
        The clause, without its brackets.
    rule : LeadRule, optional
        The document's lead rule in force for this clause; it splits clauses that only list units.
    require_agencies : bool
        For unlabelled clauses, refuse (return None) unless every unit reads as an agency name,
        so that ordinary brackets such as （由企业负责） are not taken for clauses.
    bare_list : bool
        Accept a list of units with no label or role word (``（市交通运输局、各区政府，市规划局）``):
        they are responsible, as a ``责任单位`` list is.

    Returns
    -------
    list of ClauseItem, or None when this is not a responsibility clause.
    """
    end = len(text) if end is None else end
    # The reading is a pure function of the clause and the character on each side of it (a 由 or 下同
    # at its start looks one character back): read once per distinct clause, then moved to ``start``.
    # Plans repeat their clauses (the same agencies behind task after task).
    s0, e0 = max(start - 1, 0), min(end + 1, len(text))
    got = _parse_clause_at(text[s0:e0], start - s0, end - s0, rule, require_agencies, bare_list)
    if got is None:
        return None
    if s0 == 0:
        return list(got)
    return [ClauseItem(i.name, i.role, i.start + s0, i.end + s0) for i in got]


@lru_cache(maxsize=65536)
def _parse_clause_at(
    text: str, start: int, end: int, rule: LeadRule | None, require_agencies: bool, bare_list: bool
) -> tuple[ClauseItem, ...] | None:
    """`parse_clause` on ``text[start:end]``, ``text`` the clause and one character on each side."""
    start, end = clause_body(text, start, end)
    if start >= end or _LABEL_ONLY.fullmatch(_squeeze(text[start:end])):
        return None  # 【牵头单位】 marks a label, not a clause
    groups, labelled = _groups(text, start, end)
    units: list[_Unit] = []
    for g_start, g_end, g_role in groups:
        got = _units(text, g_start, g_end, g_role, "plain" if bare_list else None)
        if got is None:
            return None
        units.extend(got)
    if not units:
        return None
    out: list[ClauseItem] = []
    for u, role in _assign(units, rule):
        named = _unit_name(text[u.start : u.end])
        if named is not None:
            out.append(ClauseItem(named[2], role, u.start + named[0], u.start + named[1]))
    if not out:
        return None
    if not labelled and require_agencies and not _reads_as_units(out, bare_list):
        return None
    # The same agency twice in one role is one assignment; keep the first mention.
    return tuple(unique_by(out, lambda i: (i.name, i.role)))


@lru_cache(maxsize=65536)  # a pure function of the unit as written; units repeat
def _unit_name(unit: str) -> tuple[int, int, str] | None:
    """Where the name stands in a unit as written (without a scope note, white space, 由, 等…) and the
    name; None when nothing or only a dash or 无 is left."""
    cleaned = _clean(unit, 0, _drop_scope_note(unit, 0, len(unit)))
    if cleaned is None:
        return None
    name = _squeeze(unit[cleaned[0] : cleaned[1]])
    if name in ("/", "-", "—", "无"):
        return None
    return cleaned[0], cleaned[1], name


_SENTENCE_WORD = re.compile(r"[的了是在对将把为]")


def _reads_as_units(items: list[ClauseItem], bare_list: bool) -> bool:
    """Whether unlabelled list items are names of bodies. With role words every item must read so;
    a bare list (no role word at all) may hold a few company names (中国电信) among agencies, but
    must open with an agency and hold no sentence."""
    if not bare_list:
        return all(looks_like_agency(i.name) for i in items)
    agency_like = [looks_like_agency(i.name) for i in items]
    return (
        agency_like[0]
        and 2 * sum(agency_like) > len(items)
        and all(len(i.name) <= 20 and not _SENTENCE_WORD.search(i.name) for i in items)
    )


# ------------------------------------------------------------------ clauses without brackets
def find_verb_clauses(
    text: str, start: int, end: int, skip: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, int]]:
    """Unbracketed clauses in role-verb form anywhere in ``text[start:end]``.

    ``…。区科技局牵头，区财政局、区商务局配合，开展…`` → the range ``区科技局牵头，区财政局、区商务局配合``:
    a run of comma-separated pieces, each a list of agencies closed by a role verb, with a lead verb
    among them. A sentence that lies wholly inside one of the ``skip`` spans (clauses read already)
    is not read.

    Examples
    --------
    >>> s = "推进工作。区科技局牵头，区财政局配合。"
    >>> [s[a:b] for a, b in find_verb_clauses(s, 0, len(s))]
    ['区科技局牵头，区财政局配合']
    >>> find_verb_clauses(s, 0, len(s), skip=[(5, 19)])
    []
    """
    out: list[tuple[int, int]] = []
    if "牵头" not in text[start:end]:
        return out
    for sent in _SENTENCE_PIECE.finditer(text, start, end):
        s, e = sent.span()
        if "牵头" not in text[s:e] or any(a <= s and e <= b for a, b in skip):
            continue
        run: list[tuple[int, int]] = []
        runs: list[list[tuple[int, int]]] = []
        for m in _COMMA_PIECE.finditer(text, s, e):
            a, b = m.span()
            by = _BY.search(text, a, b)
            if by and by.start() > a:
                a = by.end()  # 本措施由X负责牵头: the units follow 由
            nb, kind = _strip_verb(text, a, b)
            ok = kind is not None  # most pieces end with no role verb: nothing more to read
            if ok:
                names = [_squeeze(text[x:y]) for x, y, _ in _pieces(text, a, nb)]
                balanced = all(text.count(o, a, b) == text.count(c, a, b) for o, c in V.BRACKETS.items())
                agencies = all(looks_like_agency(_without_etc(n)) for n in names)
                ok = balanced and bool(names) and agencies
            if ok:
                run.append((a, b))
            else:
                if run:
                    runs.append(run)
                run = []
        if run:
            runs.append(run)
        for r in runs:
            if any(_strip_verb(text, a, b)[1] == "lead" for a, b in r):
                out.append((r[0][0], r[-1][1]))
    return out


_SENTENCE_PIECE = re.compile(r"[^。；;\n]+")
_COMMA_PIECE = re.compile(r"[^，,]+")


def find_sentence_forms(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences that hand the work to a named unit: ``由X负责…``, ``由X会同Y组织开展…``.

    A sentence that only refers back (``由上述责任单位…``) or gives another kind of work
    (``由X会同Y解释``) is not one.
    """
    out = []
    for m in _SENTENCE_FORM.finditer(text, start, end):
        units = m.group("units")
        if any(w in units for w in V.REFERS_BACK):
            continue
        head = _squeeze(units.split("会同")[0]).strip("，、")
        if not (looks_like_agency(head) or looks_like_agency(_JOINERS.split(head)[0])):
            continue
        if text.startswith(V.NOT_ASSIGNING, m.end("verb")):
            continue  # 由X会同Y负责解释: interpreting the document is not a piece of its work
        out.append((m.start("units"), m.end("verb")))
    return out


def parse_sentence_form(text: str, start: int, end: int) -> list[ClauseItem] | None:
    """The units of a sentence form (`find_sentence_forms`): X (and Y 和 Z) lead; after 会同, cooperate."""
    seg = text[start:end]
    verb = next((v for v in sorted(V.SENTENCE_VERBS, key=len, reverse=True) if seg.endswith(v)), "")
    names_end = end - len(verb)
    items: list[ClauseItem] = []
    huitong = text.find("会同", start, names_end)
    parts = [(start, huitong if huitong > start else names_end, Role.LEAD)]
    if huitong > start:
        parts.append((huitong + 2, names_end, Role.COOPERATING))
    for a, b, role in parts:
        for pa, pb, _ in _pieces(text, a, b):
            pb = _strip_verb(text, pa, pb)[0]
            for ja, jb in _split_joined(text, pa, pb):
                cleaned = _clean(text, ja, jb)
                if cleaned:
                    items.append(ClauseItem(_squeeze(text[cleaned[0] : cleaned[1]]), role, *cleaned))
    return unique_by(items, lambda i: (i.name, i.role)) or None


# ------------------------------------------------------------------ table cells
def parse_cell(
    text: str, start: int, end: int, role: Role | str, rule: LeadRule | None = None
) -> list[ClauseItem]:
    """Units in a table cell under a 牵头单位/配合单位 column.

    The cell may itself use verbs (``A牵头，B配合``); otherwise every listed unit takes the column's
    ``role`` — for a lead column (责任单位) a plain list follows the document's lead rule.
    """
    role = Role(role)
    verbed = parse_clause(text, start, end, rule=rule, require_agencies=False)
    if verbed:
        return verbed
    kind = "plain" if role is Role.LEAD else "cooperating"
    units = _units(text, start, end, kind) or []
    items = []
    for u, r in _assign(units, rule):
        cleaned = _clean(text, u.start, _drop_scope_note(text, u.start, u.end))
        if cleaned is None:
            continue
        name = _squeeze(text[cleaned[0] : cleaned[1]])
        if name in ("/", "-", "—", "无"):
            continue
        items.append(ClauseItem(name, r, cleaned[0], cleaned[1]))
    return unique_by(items, lambda i: (i.name, i.role))
