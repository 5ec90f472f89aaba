"""Where extraction is unsure: warnings with a span, so a researcher knows what to check.

Each check is a small function over what the parser found; `CODES` lists every code with what it
means and what to do about it (the README's table is made from it), `LEVELS` its level and
`MESSAGES_ZH` its message in Chinese. A ``check`` says "this task or field is probably wrong: look
here"; a ``note`` is worth knowing and probably right. The levels are measured, not guessed: a code
is a ``check`` when the tasks its warnings concern are mostly wrong on the dev gold with grammar
faults injected (``benchmarks/score_warnings.py``, docs/warnings.md). A warning about tasks names
them in ``tasks`` by their path (`Task.path`, unique in the document).

Examples
--------
>>> from loaders.extract.document import parse_text
>>> doc = parse_text("某区方案\\n一、重点任务\\n（一）建设平台。（责任单位：区市场监管局）\\n"
...                  "（二）开放数据。建立区市场监管局牵头的协调机制。\\n", doc_id="d")
>>> [(w.code, w.level, w.span.quote[:3]) for w in doc.warnings]
[('no-task-in-item', 'check', '（二）')]
>>> message_zh(doc.warnings[0])
'条目使用了分工用语，但未从中读出任务：（二）开放数据。建立区市场监管局牵头的协调机制。'
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import cache

from loaders.extract.intervals import Positions, Spans
from loaders.records import Agency, ExtractionWarning, Responsibility, Span, Target, Task
from loaders.vocab.clauses import COLLECTIVE_BODY_TAILS, LEVEL_WORDS
from loaders.vocab.punctuation import CLOSERS, OPENERS, strip_trailing_bracket

__all__ = [
    "CODES",
    "item_without_task",
    "unit_name",
    "lead_rule",
    "unresolved_agencies",
    "target_not_read",
    "target_left_out",
    "table_problems",
    "LEVELS",
    "MESSAGES_ZH",
    "level_of",
    "message_zh",
    "tasks_at",
    "own_ranges",
    "tasks_naming",
    "clause_not_read",
    "lead_rule_not_read",
    "numbering_gaps",
    "units_no_task",
    "clauses_merged",
    "lead_rule_misread",
    "rule_misread",
    "number_not_read",
    "lines_not_read",
    "title_paragraph",
    "name_two_ways",
]

TITLE_MAX = 250  # characters: a heading sentence longer than this (or running over a line) is a paragraph

# code: (what it means, what to do about it)
CODES: dict[str, tuple[str, str]] = {
    "no-task-in-item": (
        "a numbered item uses clause words (牵头, 配合, 责任单位 …) but no task was read from it",
        "read the item: if it assigns work, correct the extraction (add the task with its units)",
    ),
    "clause-not-read": (
        "a bracket or label line looks like a responsibility clause but its units could not be read",
        "check the clause's wording; add the task or its units by a correction",
    ),
    "odd-unit-name": (
        "a unit name holds role words or brackets that may not belong to it (县金融服务中心（牵头）)",
        "check the name as written; map it to the right body or fix the role by a correction",
    ),
    "unit-fragment": (
        "a unit is not a body: one character, a level word alone or 各 + a level word (州, 县级市, 各市) — "
        "a collective such as 各市、州、县人民政府 was split into pieces",
        "read the clause: correct the task's units (the collective is one unit as written)",
    ),
    "lead-rule-not-read": (
        "a sentence looks like a lead rule (an order word and a lead word: 排在第一位的为牵头单位) but no "
        "rule was read from it, so tasks that list several units made them all lead",
        "read the sentence: if it is the document's lead rule, correct the roles of the tasks named",
    ),
    "lead-rule-misread": (
        "the document's lead rule was read as one kind from a sentence that says the other (first listed "
        "from a sentence about commas, or before the first comma from one that names none)",
        "read the sentence and the tasks named: correct their roles by the rule the document states",
    ),
    "number-not-read": (
        "a line inside a task opens with a numbering mark ((一), 1., ①) but no item was read there: "
        "sub-items may have been merged into the task",
        "read the task: if its numbered lines are tasks of their own, split them by a correction",
    ),
    "lines-not-read": (
        "a line outside every task opens with a numbering mark and assigns work (clause words, or a bracket "
        "of unit names), but no item was read from it: tasks missed",
        "read the line: if it is a task, add it with its units by a correction",
    ),
    "title-paragraph": (
        f"a task's title runs over a line or past {TITLE_MAX} characters: a paragraph (or several items) "
        "read as "
        "its heading",
        "read the task: correct its title, or split it if it holds several items",
    ),
    "name-two-ways": (
        "the plan writes one body in two ways or more (市发改委, 市发展改革委): the graph makes them one "
        "node",
        "nothing, unless they are different bodies: then correct the units",
    ),
    "numbering-gap": (
        "the numbers of an item's sub-items skip or repeat (11 absent between 10 and 12): an item may be "
        "merged into the one before it, or a number misread",
        "read the items around the gap: split or correct the tasks named",
    ),
    "units-no-task": (
        "an item without a task has a bracket that lists unit names (〔市发改委、市财政局〕): a "
        "responsibility clause the parser did not read",
        "read the item: if it assigns work, add the task with its units by a correction",
    ),
    "clauses-merged": (
        "one task was read from clauses on several lines of an item, each closing a paragraph of its "
        "own: sub-items whose numbering was not read may have been merged into it",
        "read the item: if its paragraphs are separate tasks, split them by a correction",
    ),
    "lead-rule": (
        "the document states who leads when a clause only lists units; the rule was applied",
        "check that the rule was read as the document means it (first listed / before the first comma)",
    ),
    "lead-rule-unsplit": (
        "a clause lists several units but the document's lead rule cannot split it (no comma, one unit)",
        "all listed units were made lead: check whether the document meant one of them",
    ),
    "unknown-agency": (
        "a unit name is not in the gazetteer (a new body, an abbreviation or a misspelling)",
        "check the name; give its full name with --lexicon, or correct it",
    ),
    "target-not-read": (
        "a sentence sets a goal year and a quantity to reach, but no target was read from it",
        "read the sentence; add the target by a correction if it is one",
    ),
    "target-left-out": (
        "a note: a quantity was read and left out by a rule of the contract — a subsidy or its "
        "ceiling, a term per beneficiary, a threshold, a policy parameter or a fund the plan sets up, "
        "a range, a fact about the past, a background section, or a repeat in an annex; the message "
        "names the rule",
        "nothing, unless the rule misread the sentence: then add the target by a correction",
    ),
    "table-header": (
        "a table names units or roles, but its header was not recognised as a task table",
        "check the table; its columns need a task column and a 牵头/责任/配合 column",
    ),
    "table-row-cells": (
        "a task-table row has more cells than the header (or a numbered row has fewer)",
        "check the row: cells may have shifted into the wrong column",
    ),
    # Added by the policy-tool coder (loaders.extract.tools).
    "tool-uncertain": (
        "the task's primary policy tool was chosen by the last tie rule (P4, first in the text) over a "
        "tool of another type deployed in as many sentences",
        "read the task: keep or change its 政策工具 / 主工具 cells in the review workbook's 任务 tasks sheet "
        "(build --corrections)",
    ),
    # Added by the build, which has the division table (kg.graph.jurisdictions), not by the loaders.
    "jurisdiction-no-code": (
        "a jurisdiction (the document's or an agency's) has no GB/T 2260 division code: a township, a "
        "former or misspelt name, or a name several cities share (鼓楼区) that the text does not place",
        "check the place; the graph keeps it by its name, with its level and parent where the name gives "
        "them (a shared name is placed when the text names its city: 南京市鼓楼区)",
    ),
    # Added by the build too (kg.graph.jurisdictions), where the document's place is known.
    "agency-kept-apart": (
        "an agency name that does not say whose body it is — a relative or bare name (团市委, 总工会) in a "
        "document whose place is not known, or a name neither the gazetteer nor a place identifies "
        "(功能区管委会, OPC社区) — is this document's own node, never merged with the same name elsewhere",
        "check who is meant; add the body to the gazetteer (ontology/vocab/agency-names.ttl) or give the "
        "document its issuer, so that the same body in other documents becomes one node",
    ),
    "relation-scope": (
        "one relation word (根据, 贯彻落实, 按照 …) is followed by several 《titles》 in one clause; "
        "each was given the relation",
        "check that the word governs every title (not just the first); corrections do not reach "
        "relations yet, so leave out of an analysis a link the text does not make",
    ),
    "relation-unclear": (
        "a relation word (落实, 按照, 废止, 修订 …) stands by a 《title》 but the rule did not apply "
        "(too far, no 要求/部署/精神 after it, or work to do such as 研究废止); the title is a plain "
        "citation",
        "read the sentence: if the document does implement, rest on, supersede or amend that title, "
        "the KG has only the citation (dcterms:references); corrections do not reach relations yet",
    ),
}

# The level of each code, from its precision on the dev gold with grammar faults injected
# (benchmarks/score_warnings.py, docs/warnings.md): "check" (the task or field is probably wrong) or
# "note" (worth knowing, probably right). numbering-gap, clause-not-read, table-header, table-row-cells
# and title-paragraph never fired there: their level is a judgement until a measure shows them.
LEVELS: dict[str, str] = {
    "no-task-in-item": "check",
    "clause-not-read": "check",
    "odd-unit-name": "note",
    "unit-fragment": "check",
    "lead-rule": "note",
    "lead-rule-unsplit": "note",
    "lead-rule-not-read": "check",
    "numbering-gap": "check",
    "title-paragraph": "note",
    "name-two-ways": "note",
    "lines-not-read": "check",
    "lead-rule-misread": "check",
    "number-not-read": "check",
    "units-no-task": "check",
    "clauses-merged": "check",
    "unknown-agency": "note",
    "target-not-read": "note",
    "target-left-out": "note",
    "table-header": "check",
    "table-row-cells": "check",
    "tool-uncertain": "note",
    "jurisdiction-no-code": "note",
    "agency-kept-apart": "note",
    "relation-scope": "note",
    "relation-unclear": "note",
}

# The message of each code in Chinese, a template over the warning's quote (its text, spaces
# squeezed, at most `_ZH_QUOTE` characters).
MESSAGES_ZH: dict[str, str] = {
    "no-task-in-item": "条目使用了分工用语，但未从中读出任务：{quote}",
    "clause-not-read": "疑似分工括注或标签行，但未能读出其中的单位：{quote}",
    "odd-unit-name": "单位名称含角色用语或异常冗长：{quote}",
    "unit-fragment": "「{quote}」不是一个单位（单字、单独的层级词或“各”加层级词），集合名称可能被拆开",
    "lead-rule": "文件规定了牵头规则，已按此拆分牵头与配合单位：{quote}",
    "lead-rule-unsplit": "牵头规则无法拆分此处所列单位（无逗号），均视为牵头：{quote}",
    "lead-rule-not-read": "此句像是牵头规则（次序词加牵头），但未被识别，所列单位均被视为牵头：{quote}",
    "numbering-gap": "编号跳号或重复，条目可能被并入前一条：{quote}",
    "title-paragraph": "任务标题跨行或过长，可能把整段或多个条目读成了标题：{quote}",
    "name-two-ways": "同一单位在本文中有多种写法，图谱中合为一个节点：{quote}",
    "lines-not-read": "此行以编号开头并分派了工作，但未读出条目或任务：{quote}",
    "lead-rule-misread": "牵头规则的读法与原句不符（逗号前／排第一），所涉任务的角色可能有误：{quote}",
    "number-not-read": "任务内有一行以编号开头，但未被识别为条目，子条目可能被并入：{quote}",
    "units-no-task": "条目括注了单位名称，但未读出任务：{quote}",
    "clauses-merged": "一个任务由多段各自结尾的分工括注合成，未识别编号的子条目可能被合并：{quote}",
    "unknown-agency": "「{quote}」不在机构名录中，也不合常见简称的构词（按原文保留）",
    "target-not-read": "此句有目标年份和数量，但未读出目标：{quote}",
    "target-left-out": "此数量按规则不算目标（如补贴上限、门槛、区间）：{quote}",
    "table-header": "表格列出了单位或角色，但表头未被识别为任务表：{quote}",
    "table-row-cells": "任务表此行的单元格数与表头不符，内容可能错列：{quote}",
    "tool-uncertain": "任务的主要政策工具由最后一条并列规则选出，请核对：{quote}",
    "jurisdiction-no-code": "此地名没有行政区划代码（乡镇、旧名、错字或重名）：{quote}",
    "agency-kept-apart": "此单位名称未说明所属地方，仅作为本文件的节点：{quote}",
    "relation-scope": "一个关系词后跟多个书名号文件，均已赋予该关系：{quote}",
    "relation-unclear": "关系词靠近书名号文件，但规则未适用，仅记为引用：{quote}",
}
_ZH_QUOTE = 40


def level_of(code: str) -> str:
    """The level of a code (`LEVELS`); a code not listed is a note.

    Examples
    --------
    >>> level_of("unit-fragment"), level_of("unknown-agency"), level_of("no-such-code")
    ('check', 'note', 'note')
    """
    return LEVELS.get(code, "note")


def message_zh(w: ExtractionWarning) -> str:
    """The warning's message in Chinese, from its code's template (`MESSAGES_ZH`) and its quote.

    Examples
    --------
    >>> message_zh(ExtractionWarning("unknown-agency", "…", Span(0, 3, "金融办")))
    '「金融办」不在机构名录中，也不合常见简称的构词（按原文保留）'
    """
    quote = squeeze(w.span.quote)
    if len(quote) > _ZH_QUOTE:
        quote = quote[: _ZH_QUOTE - 1] + "…"
    return MESSAGES_ZH.get(w.code, "{quote}").format(quote=quote)


# Clause words that mark an assignment in an item: a label with its colon, or 牵头 (配合 and 负责 alone
# are ordinary prose: 积极配合, 负责同志).
_CLAUSE_WORDS = re.compile(
    r"(?:牵头|责任|配合|参与|协同|协办|主办|主责)(?:单位|部门)\s*[：:]|(?:牵头|主办|协办)\s*[：:]|牵头"
)
_ROLE_IN_NAME = re.compile(r"牵头|配合|负责|参与|协办|主办")
# Every branch opens with its own literal (到…|至…|力争到…), so that the regex engine skips to the
# characters a match can start with instead of trying the alternation at every position (3× faster).
_YEAR_AFTER_TO = r"\s*(?:20\d\d|二〇[一二三四五六七八九〇]{2})\s*年(?!\s*\d{1,2}\s*月)"
_GOAL_YEAR = re.compile(
    "|".join(w + _YEAR_AFTER_TO for w in ("到", "至", "力争到", "力争在"))
    + r"|20\d\d\s*年(?:底|末)?前|十[四五六]五”?末"
)
# Sentences about support for each beneficiary or ceilings are not goals.
_NOT_A_GOAL = re.compile(r"最高|不超过|不高于|补贴|补助|奖励|资助|贴息|给予")
_REACH = re.compile(
    r"达到|超过|突破|不低于|不少于|建成|培育|打造|提高到|提升至|提高至|提升到|增长|新增|累计|力争"
)
_QUANTITY = re.compile(r"\d+(?:\.\d+)?\s*(?:%|个百分点|[万亿]?[个家件项户名人条处所座次元吨亩])")


def _warning(
    code: str, message: str, text: str, a: int, b: int, tasks: Iterable[str] = ()
) -> ExtractionWarning:
    return ExtractionWarning(code, message, Span(a, b, text[a:b]), level_of(code), tuple(tasks))


def tasks_at(tasks: Sequence[Task], a: int, b: int) -> tuple[str, ...]:
    """The path of the innermost task whose span holds ``[a, b)`` (none when no task does).

    Examples
    --------
    >>> from loaders.extract.document import parse_text
    >>> doc = parse_text("一、重点任务\\n（一）建设平台。（责任单位：区市场监管局）\\n", doc_id="d")
    >>> tasks_at(doc.tasks, 10, 12), tasks_at(doc.tasks, 0, 2)
    (('1.1',), ())
    """
    best = None
    for t in tasks:
        if t.span.start <= a and b <= t.span.end and (best is None or t.span.start >= best.span.start):
            best = t
    return (best.path,) if best is not None else ()


def tasks_naming(tasks: Iterable[Task], name: str) -> tuple[str, ...]:
    """The paths of the tasks that give a role to the unit ``name``, in task order."""
    return tuple(t.path for t in tasks if any(r.agency == name for r in t.responsibilities))


def item_without_task(
    text: str, folded: str, item_id: str, ranges: Sequence[tuple[int, int]], span: tuple[int, int]
) -> list[ExtractionWarning]:
    """An item that yielded no task although its own text uses clause words."""
    for a, b in ranges:
        m = _CLAUSE_WORDS.search(folded, a, b)
        if m:
            return [
                _warning(
                    "no-task-in-item",
                    f"item {item_id} uses the clause word {m.group()!r} but no task was read from it",
                    text,
                    *span,
                )
            ]
    return []


def clause_not_read(
    text: str, folded: str, spans: Iterable[tuple[int, int]], tasks: Sequence[Task] = ()
) -> list[ExtractionWarning]:
    """Brackets or label lines with clause labels whose units could not be read (the task they stand
    in, if any, is named)."""
    return [
        _warning(
            "clause-not-read",
            f"clause-like text was not read: {squeeze(text[a:b])[:40]}",
            text,
            a,
            b,
            tasks_at(tasks, a, b),
        )
        for a, b in spans
    ]


# The level words a collective enumerates (各市、州、县): the clause grammar's, and the usual ones again,
# so that a level word missing from the grammar's table (which splits the collective) is still seen.
_LEVELS = tuple(
    dict.fromkeys(
        (
            *LEVEL_WORDS,
            "自治区",
            "自治州",
            "自治县",
            "县级市",
            "特区",
            "地区",
            "省",
            "市",
            "州",
            "盟",
            "县",
            "区",
            "旗",
        )
    )
)


@cache
def _is_fragment(name: str) -> bool:
    """A level word or a bracket of them alone (州, 县级市, 县（市）), 各 and a level word (各市), or one
    character: a part of a collective, never a unit; or a piece of text that is no name — a bracket
    left open or closed alone (各区〔县), a sentence end or a colon inside (管委会。列第一位的).

    Examples
    --------
    >>> [_is_fragment(n) for n in ("州", "县（市）", "各市", "各县（市、区）", "市科技局", "各部门")]
    [True, True, True, True, False, False]
    >>> [_is_fragment(n) for n in ("各区〔县", "市〕政府", "管委会。列第一位的", "各区〔县、市〕政府")]
    [True, True, True, False]
    """
    bare = strip_trailing_bracket(name)
    if len(name) <= 1 or bare in _LEVELS or (bare[:1] == "各" and bare[1:] in _LEVELS):
        return True
    if any(c in name for c in '。；;：:！？“”"') or _NOTE_IN_NAME.search(name) or _two_bodies(name):
        return True
    depth = 0
    for c in name:
        depth += (c in OPENERS or c == "(") - (c in CLOSERS or c == ")")
        if depth < 0:
            return True
    return depth != 0


# 市大数据局等有关部门: a body and a collective after 等, two units in one name.
_NOTE_IN_NAME = re.compile(r".等(?:有关|相关|其他|各)")


def _two_bodies(name: str) -> bool:
    """Two bodies joined by 和/及/与 in one name (市政府国资委和各县区政府, 区科技经信局和相关责任部门), not
    a body whose own name holds the joiner (区科技和工业信息化局) nor a collective's bodies
    (各市党委和人民政府).

    Examples
    --------
    >>> names = ("市政府国资委和各县区政府", "区科技和工业信息化局", "各市党委和人民政府", "市财政局")
    >>> [_two_bodies(n) for n in names]
    [True, False, False, False]
    """
    for joiner in ("和", "及", "与"):
        left, sep, right = name.partition(joiner)
        if not sep or len(right) < 3 or right in COLLECTIVE_BODY_TAILS:
            continue
        left, tails = left.removesuffix("等"), (*UNIT_TAILS, "部门", "单位", "社", "区")
        if left.endswith(tails) and right.endswith(tails):
            return True
    return False


def _split_collective(text: str, first: Responsibility, then: Responsibility) -> bool:
    """Two units listed one after the other (only 、 between them) where the first is a collective
    of levels (各 …, ending with a level word: 各市、州) and the second opens with a level word (县人民政府):
    one collective (各市、州、县人民政府) read as two units.

    Examples
    --------
    >>> from loaders.records import Span as S
    >>> t = "各市、州、县人民政府"
    >>> a = Responsibility("各市、州", "lead", S(0, 4, t[:4]), S(0, 10, t))
    >>> b = Responsibility("县人民政府", "lead", S(5, 10, t[5:]), S(0, 10, t))
    >>> _split_collective(t, a, b), _split_collective(t, b, a)
    (True, False)
    """
    if not first.agency.startswith("各") or text[first.mention.end : then.mention.start].strip() != "、":
        return False
    levels = [strip_trailing_bracket(x) for x in first.agency[1:].split("、")]
    return all(x.removeprefix("各") in _LEVELS for x in levels) and then.agency.startswith(_LEVELS)


def unit_name(text: str, tasks: Sequence[Task]) -> list[ExtractionWarning]:
    """Unit names that are fragments of a collective (``unit-fragment``), or hold role words or
    brackets with role words, or read as a phrase (``odd-unit-name``), at their first mention, with
    every task that names them."""
    out, seen = [], set()
    for t in tasks:
        ordered = sorted(t.responsibilities, key=lambda r: r.mention.start)
        for r, after in zip(ordered, ordered[1:], strict=False):
            if _split_collective(text, r, after) and (r.agency, after.agency) not in seen:
                seen.add((r.agency, after.agency))
                names = (r.agency, after.agency)
                out.append(
                    _warning(
                        "unit-fragment",
                        f"units {r.agency!r} and {after.agency!r} in task {t.id} look like "
                        "one collective read as two",
                        text,
                        r.mention.start,
                        after.mention.end,
                        tuple(x.path for x in tasks if {r.agency for r in x.responsibilities} >= set(names)),
                    )
                )
        for r in t.responsibilities:
            if r.agency in seen:
                continue
            fragment = _is_fragment(r.agency)
            if _ROLE_IN_NAME.search(r.agency) or len(r.agency) > 25 or fragment:
                seen.add(r.agency)
                code, why = (
                    ("unit-fragment", "is a fragment, not a body")
                    if fragment
                    else ("odd-unit-name", "holds role words or is unusually long")
                )
                out.append(
                    _warning(
                        code,
                        f"unit name {r.agency!r} in task {t.id} {why}",
                        text,
                        r.mention.start,
                        r.mention.end,
                        tasks_naming(tasks, r.agency),
                    )
                )
    return out


def lead_rule(
    text: str, statement: tuple[int, int], rule: str, applied: int, tasks: Iterable[str] = ()
) -> ExtractionWarning:
    """The document's lead rule, how many clauses it split, and the tasks (paths) it split."""
    how = "the first listed unit leads" if rule == "first-listed" else "the units before the first comma lead"
    return _warning(
        "lead-rule",
        f"lead rule stated here: {how}; applied to {applied} clause(s) that only list units",
        text,
        *statement,
        tasks=tasks,
    )


def lead_rule_unsplit(
    text: str, task: str, clause: tuple[int, int], names: Sequence[str], path: str | None = None
) -> ExtractionWarning:
    return _warning(
        "lead-rule-unsplit",
        f"task {task}: the lead rule cannot split {'、'.join(names)} (no comma), so all lead",
        text,
        *clause,
        tasks=(path,) if path else (),
    )


def unresolved_agencies(
    text: str, agencies: Iterable[Agency], tasks: Sequence[Task]
) -> list[ExtractionWarning]:
    """Unit names the gazetteer does not know and that are not well formed either (collectives aside;
    `loaders.vocab.agency_forms.well_formed`: a place or level word and a department's usual
    abbreviation, a branch of a national body, a state company), at their first mention."""
    from loaders.vocab.agency_forms import well_formed

    first: dict[str, Span] = {}
    for t in tasks:
        for r in t.responsibilities:
            first.setdefault(r.agency, r.mention)
    out = []
    for a in agencies:
        if (
            a.canonical is None
            and a.kind != "Collective"
            and a.name in first
            and not well_formed(a.name)
            and not _is_fragment(a.name)  # a unit-fragment check already
        ):
            s = first[a.name]
            out.append(
                _warning(
                    "unknown-agency",
                    f"{a.name!r} is not in the gazetteer (kept as written, kind guessed: {a.kind})",
                    text,
                    s.start,
                    s.end,
                    tasks_naming(tasks, a.name),
                )
            )
    return out


_SENTENCE = re.compile(r"[^。；\n]+")


def _sentence_start(folded: str, pos: int) -> int:
    return max(folded.rfind("。", 0, pos), folded.rfind("；", 0, pos), folded.rfind("\n", 0, pos)) + 1


def _sentence_end(folded: str, pos: int) -> int:
    ends = [e for e in (folded.find(c, pos) for c in "。；\n") if e != -1]
    return min(ends) if ends else len(folded)


def _sentences_with(folded: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """The sentences (runs without 。；or a line break) in which ``pattern`` can match, in order:
    those that meet a match of ``pattern.finditer`` over the whole text. A match that finditer does
    not report starts inside one it reports, so no sentence holding a match is missed, and a
    sentence without one is never visited (most sentences set no goal year).

    Examples
    --------
    >>> t = "总体要求。到2025年，建成10个。其他。\\n到\\n2030年底前"
    >>> [t[a:b] for a, b in _sentences_with(t, re.compile("到\\s*20\\d\\d年"))]
    ['到2025年，建成10个', '到', '2030年底前']
    """
    out: dict[tuple[int, int], None] = {}
    for m in pattern.finditer(folded):
        lo = _sentence_start(folded, m.start())
        hi = _sentence_end(folded, max(m.start(), m.end() - 1))
        for s in _SENTENCE.finditer(folded, lo, hi):
            out[s.span()] = None
    return sorted(out)


def target_not_read(
    text: str, folded: str, targets: Sequence[Target], exclude: Sequence[tuple[int, int]]
) -> list[ExtractionWarning]:
    """Sentences with a goal year, a verb of reaching and a quantity, from which no target was read."""
    out = []
    excluded, read = Spans(exclude), Positions(t.span.start for t in targets)
    for a, b in _sentences_with(folded, _GOAL_YEAR):
        if a in excluded:
            continue
        s = folded[a:b]
        if not (_GOAL_YEAR.search(s) and _REACH.search(s) and _QUANTITY.search(s)) or _NOT_A_GOAL.search(s):
            continue
        if read.any_in(a, b):
            continue
        out.append(
            _warning("target-not-read", "a goal year and a quantity, but no target was read", text, a, b)
        )
    return out + target_left_out(text, targets, exclude)


def target_left_out(
    text: str, targets: Sequence[Target], exclude: Sequence[tuple[int, int]] = ()
) -> list[ExtractionWarning]:
    """A note for each quantity `loaders.extract.targets.find_targets` read and left out by a rule
    (its ``left_out``), naming the rule; quantities it could not read an indicator for are not noted
    here (``target-not-read`` covers goal sentences).

    Examples
    --------
    >>> from loaders.extract.targets import find_targets
    >>> from loaders.read.normalize import fold
    >>> text = "对新认定的企业给予最高50万元奖励。到2025年，建成智算中心3个。"
    >>> [(w.code, w.span.quote, w.message) for w in target_left_out(text, find_targets(text, fold(text)))]
    [('target-left-out', '50万元', 'not a target: a ceiling (最高…, 不超过…)')]
    """
    from loaders.vocab.targets import LEFT_OUT, NOTED

    out = []
    for x in getattr(targets, "left_out", ()):
        if x.reason in NOTED and not any(a <= x.span.start < b for a, b in exclude):
            out.append(
                _warning(
                    "target-left-out", f"not a target: {LEFT_OUT[x.reason]}", text, x.span.start, x.span.end
                )
            )
    return out


def table_problems(text: str, blocks, tables, tasks: Sequence[Task] = ()) -> list[ExtractionWarning]:
    """Row blocks that name roles but were not recognised as task tables; rows with odd cell counts."""
    out = []
    starts = {t.start for t in tables}
    for a, b in blocks:
        if a not in starts and _CLAUSE_WORDS.search(text, a, b):
            out.append(
                _warning("table-header", "a table names roles but its header was not recognised", text, a, b)
            )
    for t in tables:
        width = t.width
        for row in t.rows:
            n = len(row.cells)
            numbered = (
                t.number_col is not None
                and t.number_col < n
                and row.cells[t.number_col][0] < row.cells[t.number_col][1]
            )
            if n > width or (n < width and numbered):
                out.append(
                    _warning(
                        "table-row-cells",
                        f"a row has {n} cells where the header has {width}",
                        text,
                        row.line_start,
                        row.line_end,
                        tasks_at(tasks, row.line_start, row.line_end),
                    )
                )
    return out


# A sentence that states a lead rule: an order phrase, then within the same clause (no comma) a lead
# word — or the lead noun first. Looser than the grammar that reads the rule (loaders.vocab.clauses),
# so that a phrasing the grammar misses is still seen.
RULE_HINTS = (
    "排序第一",
    "排名第一",
    "排在第一",
    "排第一",
    "列第一",
    "位列第一",
    "排在首位",
    "列首位",
    "排在最前",
    "排在前面",
    "列在前面",
    "列在最前",
    "第一位",
    "第一个",
    "第1位",
    "第1个",
    "首位",
    "首个",
    "逗号前",
    "逗号之前",
    "顿号前",
    "最前列",
    "居首",
)
_RULE_LEAD_WORDS = ("牵头", "主责", "主办")
_NO_BREAK = r"[^，,。；;！？\n]"
_RULE_LIKE = re.compile(
    "(?:" + "|".join(RULE_HINTS) + f"){_NO_BREAK}{{0,20}}?(?:" + "|".join(_RULE_LEAD_WORDS) + ")"
    "|(?:" + "|".join(_RULE_LEAD_WORDS) + f")(?:单位|部门){_NO_BREAK}{{0,6}}(?:为|是){_NO_BREAK}{{0,8}}?"
    "(?:" + "|".join(RULE_HINTS) + ")"
)


_RULE_REACH = 40  # characters around a lead word searched for a rule-like phrase (longer than it can be)


def _positions(s: str, word: str) -> list[int]:
    out, i = [], s.find(word)
    while i != -1:
        out.append(i)
        i = s.find(word, i + 1)
    return out


def lead_rule_not_read(
    text: str, folded: str, statements: Sequence[tuple[int, int]], tasks: Sequence[Task]
) -> list[ExtractionWarning]:
    """The first sentence that looks like a lead rule where no rule was read, when tasks list several
    units and all of them lead (the rule would have split them): those tasks are named.

    Examples
    --------
    >>> from loaders.extract.document import parse_text
    >>> doc = parse_text("一、重点任务\\n（一）建设平台。（市科技局、市财政局）\\n", doc_id="d")
    >>> text = doc.text + "说明：每项任务中居于最前列者作为牵头单位。"
    >>> [(w.tasks, w.span.quote) for w in lead_rule_not_read(text, text, [], doc.tasks)]
    [(('1.1',), '最前列者作为牵头')]
    """
    concerned = tuple(t.path for t in tasks if len(t.lead) > 1 and not t.cooperating)
    if not concerned:
        return []
    stated = Spans(statements)
    # Only around the lead words (a few per document), not at every position of the text.
    at = sorted(i for w in _RULE_LEAD_WORDS for i in _positions(folded, w))
    for m in (_RULE_LIKE.search(folded, max(0, i - _RULE_REACH), i + _RULE_REACH) for i in at):
        if m is None:
            continue
        a, b = m.span()
        if stated.overlapping(a, b):
            continue
        return [
            _warning(
                "lead-rule-not-read",
                f"this looks like a lead rule, but none was read: {len(concerned)} task(s) list several "
                "units and make all of them lead",
                text,
                a,
                b,
                concerned,
            )
        ]
    return []


# What a rule statement's sentence says about where the leads stop: before a comma (逗号, 分号) — a
# rule read as "the first listed unit" from such a sentence was misread, and the other way round.
_COMMA_HINT = re.compile(r"逗号|分号|顿号前")


def rule_misread(folded: str, statement: tuple[int, int], rule: str) -> bool:
    """Whether the sentence of a rule statement says the other rule (see `lead_rule_misread`)."""
    a, b = statement
    s0 = max(folded.rfind(c, 0, a) for c in "。；\n") + 1
    ends = [e for e in (folded.find(c, b) for c in "。；\n") if e != -1]
    sentence = folded[s0 : min(ends) if ends else len(folded)]
    return (_COMMA_HINT.search(sentence) is not None) != (rule == "before-first-comma")


def lead_rule_misread(
    text: str, folded: str, statement: tuple[int, int], rule: str, tasks: Iterable[str]
) -> list[ExtractionWarning]:
    """A lead rule read as one kind from a sentence that says the other: "first listed" from a
    sentence about commas, "before the first comma" from one that names none. The tasks it split
    are named.

    Examples
    --------
    >>> t = "各项任务第一个逗号前的单位为牵头单位。"
    >>> [(w.code, w.tasks) for w in lead_rule_misread(t, t, (4, 17), "first-listed", ["1.1"])]
    [('lead-rule-misread', ('1.1',))]
    >>> lead_rule_misread(t, t, (4, 17), "before-first-comma", ["1.1"])
    []
    """
    if not rule_misread(folded, statement, rule):
        return []
    a, b = statement
    read = (
        "the first listed unit leads" if rule == "first-listed" else "the units before the first comma lead"
    )
    return [
        _warning(
            "lead-rule-misread",
            f"the rule was read as: {read}; the sentence says otherwise",
            text,
            a,
            b,
            tasks,
        )
    ]


# A line that opens with a numbering mark of any usual style (（一）, 1., 一、, ①, 第三条): wider than the
# styles the outline reads (loaders.vocab.numbering), so that a style it misses is still seen.
_LINE_MARK = re.compile(  # matched at each line start (see `_line_marks`), not searched
    r"[ \u3000]*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,3}(?:[、．]|\.(?!\d))"
    r"|[一二三四五六七八九十]{1,3}[、．.]"
    r"|[\u2460-\u249b\u3220-\u3229]|第[一二三四五六七八九十\d]{1,3}条)"
)
_NEWLINE = re.compile("\n")


def _line_marks(folded: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
    """`_LINE_MARK` at the start of each line of ``folded[start:end]``: what ``finditer`` of it with
    ``^`` in multi-line mode finds, without trying the pattern at every position of the text.

    Examples
    --------
    >>> [m.group() for m in _line_marks("一、总则\\n正文（一）\\n  2.任务")]
    ['一、', '  2.']
    """
    end = len(folded) if end is None else end
    starts = [m.end() for m in _NEWLINE.finditer(folded, max(0, start - 1), end)]
    if start == 0:
        starts.insert(0, 0)
    out = []
    for p in starts:
        if start <= p < end:
            m = _LINE_MARK.match(folded, p, end)
            if m is not None:
                out.append(m)
    return out


def _clause_like(folded: str, a: int, b: int) -> bool:
    """Whether ``folded[a:b]`` holds clause words or a bracket of unit names (``（市场监管总局负责）``)."""
    if _CLAUSE_WORDS.search(folded, a, b):
        return True
    for m in _ANY_BRACKET.finditer(folded, a, b):
        inner = _UNIT_LIST_TAIL.sub("", squeeze(m.group(1)))
        if inner and _UNIT_LIST.fullmatch(inner):
            return True
    return False


_PART_MAX = 1500  # characters after an unread numbering mark searched for a clause


def lines_not_read(
    text: str, folded: str, items: Sequence, tasks: Sequence[Task], tables: Sequence = ()
) -> list[ExtractionWarning]:
    """Lines outside every task that open with a numbering mark no item was read from, and whose part
    (up to the next numbered line) assigns work (clause words, or a bracket of unit names): tasks
    missed, typically a whole list whose numbering style was not read.

    Examples
    --------
    >>> t = "通知如下：\\n一、对成效显著的市，优先纳入试点。（市场监管总局负责）\\n"
    >>> [(w.code, w.span.quote) for w in lines_not_read(t, t, [], [])]
    [('lines-not-read', '一、')]
    """
    starts = {it.start for it in items}
    stops = sorted({*starts, *(t.start for t in tables)})
    spans = Spans([(t.span.start, t.span.end) for t in tasks])
    out = []
    marks = _line_marks(folded)
    for k, m in enumerate(marks):
        mark = m.group().strip(" \u3000")
        a = m.end() - len(mark)
        if not mark or a in starts or a in spans:
            continue
        # the numbered part: up to the next numbered line or an item, at most a few paragraphs
        end = min(marks[k + 1].start() if k + 1 < len(marks) else len(folded), m.end() + _PART_MAX)
        j = bisect_right(stops, m.end())
        if j < len(stops):
            end = min(end, stops[j])
        if _clause_like(folded, m.end(), end):
            out.append(
                _warning(
                    "lines-not-read",
                    f"a line opens with {mark} and assigns work, but no item or task was read from it",
                    text,
                    a,
                    m.end(),
                )
            )
    return out


def title_paragraph(text: str, tasks: Sequence[Task]) -> list[ExtractionWarning]:
    """Tasks whose title runs over a line end or past `TITLE_MAX` characters: a paragraph (or several
    items) read as one heading.

    Examples
    --------
    >>> from loaders.records import Span as S
    >>> t = "（一）建设平台\\n开放数据。"
    >>> task = Task("（一）", 1, t[3:], None, "1", 1, S(0, len(t), t), S(3, len(t), t[3:]), ())
    >>> [(w.code, w.tasks) for w in title_paragraph(t, [task])]
    [('title-paragraph', ('1',))]
    """
    return [
        _warning(
            "title-paragraph",
            f"the title of task {t.id} runs to {len(t.title)} characters or over a line",
            text,
            t.title_span.start,
            t.title_span.end,
            (t.path,),
        )
        for t in tasks
        if "\n" in t.title or len(t.title) > TITLE_MAX
    ]


def name_two_ways(text: str, agencies: Iterable[Agency], tasks: Sequence[Task]) -> list[ExtractionWarning]:
    """Bodies the plan writes in two ways or more (市发改委 and 市发展改革委): one node in the graph, at
    the first mention of the second form; the tasks naming any form are named.

    Examples
    --------
    >>> from loaders.extract.document import parse_text
    >>> doc = parse_text("南京市数字经济方案\\n一、重点任务\\n（一）建设平台。（责任单位：市发改委）\\n"
    ...                  "（二）开放数据。（责任单位：市发展改革委）\\n", doc_id="d")
    >>> [(w.code, w.span.quote, w.tasks) for w in doc.warnings]
    [('name-two-ways', '市发展改革委', ('1.1', '1.2'))]
    """
    forms: dict[str, list[str]] = {}
    for a in agencies:
        if a.kind != "Collective":
            forms.setdefault(a.key, []).append(a.name)
    first: dict[str, Span] = {}
    for t in tasks:
        for r in t.responsibilities:
            first.setdefault(r.agency, r.mention)
    out = []
    for names in forms.values():
        named = sorted((first[n].start, n) for n in names if n in first)
        if len(named) < 2:
            continue
        s = first[named[1][1]]
        out.append(
            _warning(
                "name-two-ways",
                f"one body written as {'、'.join(n for _, n in named)}",
                text,
                s.start,
                s.end,
                tuple(t.path for t in tasks if any(r.agency in names for r in t.responsibilities)),
            )
        )
    return out


def number_not_read(
    text: str, folded: str, items: Sequence, tasks: Sequence[Task]
) -> list[ExtractionWarning]:
    """Lines inside a task that open with a numbering mark no item was read from, with roles read
    after them: sub-items merged into the task (or a task that is several). One warning per task, at
    the first such line.

    Examples
    --------
    >>> from loaders.records import Span as S
    >>> t = "（一）建设平台。（责任单位：甲局）\\n1. 开放数据。（责任单位：乙局）\\n"
    >>> r = Responsibility("乙局", "lead", S(31, 33, "乙局"), S(25, 34, t[25:34]))
    >>> task = Task("（一）", 1, "建设平台", None, "1", 1, S(0, len(t), t), S(3, 7, t[3:7]), (r,))
    >>> [(w.span.quote, w.tasks) for w in number_not_read(t, t, [], [task])]
    [('1.', ('1',))]
    """
    starts = {it.start for it in items}
    out = []
    own = own_ranges(tasks)
    for t in tasks:
        found = None
        for a, b in own[t.path]:  # the task's text outside its sub-tasks
            a = folded.find("\n", max(a, t.span.start + 1) - 1, b)
            if a == -1:
                continue
            for m in _line_marks(folded, a + 1, b):
                mark = m.group().strip(" \u3000")
                if not mark or m.end() - len(mark) in starts:
                    continue
                if not any(r.mention.start > m.start() for r in t.responsibilities):
                    continue  # no role read after the line: a heading that follows the task, not a part of it
                found = (m.end() - len(mark), m.end(), mark)
                break
            if found:
                break
        if found:
            out.append(
                _warning(
                    "number-not-read",
                    f"a line of task {t.id} opens with {found[2]}, but no item was read there",
                    text,
                    found[0],
                    found[1],
                    (t.path,),
                )
            )
    return out


def own_ranges(tasks: Sequence[Task]) -> dict[str, list[tuple[int, int]]]:
    """Each task's text outside the tasks nested in it (task spans nest or are apart), in one sweep.

    Examples
    --------
    >>> from loaders.records import Span as S
    >>> def task(path, a, b):
    ...     return Task(path, 1, "", None, path, 1, S(a, b, ""), S(a, a, ""), ())
    >>> own_ranges([task("1", 0, 100), task("1.1", 10, 40), task("1.2", 50, 60), task("2", 100, 120)])
    {'1': [(0, 10), (40, 50), (60, 100)], '1.1': [(10, 40)], '1.2': [(50, 60)], '2': [(100, 120)]}
    """
    own: dict[str, list[tuple[int, int]]] = {t.path: [] for t in tasks}
    stack: list[list] = []  # [task, where its own text resumes]

    def close(until: float) -> None:
        while stack and stack[-1][0].span.end <= until:
            t, cursor = stack.pop()
            if cursor < t.span.end:
                own[t.path].append((cursor, t.span.end))
            if stack:
                stack[-1][1] = max(stack[-1][1], t.span.end)

    for t in sorted(tasks, key=lambda t: (t.span.start, -t.span.end)):
        close(t.span.start)
        if stack and stack[-1][1] < t.span.start:
            own[stack[-1][0].path].append((stack[-1][1], t.span.start))
        if stack:
            stack[-1][1] = max(stack[-1][1], t.span.start)
        stack.append([t, t.span.start])
    close(float("inf"))
    return own


def numbering_gaps(text: str, items: Sequence, tasks: Sequence[Task]) -> list[ExtractionWarning]:
    """Sibling items of one style whose numbers skip or repeat (10, 12 or 10, 10; a list restarting at
    1 is not a gap): the tasks of the item before the gap (and of both, for a repeat) are named.

    Examples
    --------
    >>> from loaders.extract.document import parse_text
    >>> doc = parse_text("一、重点任务\\n（一）建设平台。（责任单位：区科技局）\\n"
    ...                  "（三）开放数据。（责任单位：区财政局）\\n", doc_id="d")
    >>> [(w.code, w.span.quote, w.tasks) for w in doc.warnings]
    [('numbering-gap', '（三）', ('1.1',))]
    """
    groups: dict[tuple[str, str], list] = {}
    for it in items:
        groups.setdefault((it.parent.path if it.parent is not None else "", it.style), []).append(it)
    out = []
    for seq in groups.values():
        for prev, cur in zip(seq, seq[1:], strict=False):
            if cur.number in (prev.number + 1, 1):
                continue
            suspects = [prev, cur] if cur.number == prev.number else [prev]
            paths = tuple(
                t.path
                for t in tasks
                if any(t.path == x.path or t.path.startswith(x.path + ".") for x in suspects)
            )
            what = "repeats" if cur.number == prev.number else f"follows {prev.id}"
            out.append(
                _warning(
                    "numbering-gap",
                    f"item {cur.id} {what}: an item may be merged or misnumbered",
                    text,
                    cur.start,
                    cur.body_start,
                    paths,
                )
            )
    return out


# A bracket listing unit names, in any bracket a document may use (wider than the table the clause
# grammar reads, so that a bracket it misses is still seen); each name ends as a body's name does.
_ANY_BRACKET = re.compile(
    r"[（(〔【［\[〖{｛]([^（）()〔〕【】［］\[\]〖〗{}｛｝\n]{2,80})[）)〕】］\]〗}｝]"
)
UNIT_TAILS = (
    "局",
    "委",
    "委员会",
    "办",
    "办公室",
    "中心",
    "政府",
    "厅",
    "部",
    "院",
    "署",
    "公司",
    "集团",
    "管委会",
    "海关",
    "银行",
    "分行",
    "支行",
    "联",
    "协",
    "分局",
    "总队",
    "支队",
    "会",
    "社",
    "部门",
    "单位",
    "示范区",
    "新区",
    "开发区",
    "高新区",
    "园区",
)
# What may close a bracket of units after them: a role word, 等, or 会同有关部门 (a collective helping).
_UNIT_LIST_TAIL = re.compile(
    r"等?(?:(?:会同|协同|联合)(?:有关|相关)(?:部门|单位))?(?:按照?职责分工|按照?职责|分别|共同)?(?:负责|牵头|落实)?$"
)
_UNIT_LIST = re.compile(
    r"(?:[\u4e00-\u9fffA-Za-z（）()]{1,24}?(?:"
    + "|".join(sorted(UNIT_TAILS, key=len, reverse=True))
    + r")[、，,和及])*"
    r"[\u4e00-\u9fffA-Za-z（）()]{1,24}?(?:" + "|".join(sorted(UNIT_TAILS, key=len, reverse=True)) + r")"
)


def units_no_task(
    text: str, folded: str, ranges: Sequence[tuple[int, int]], item_id: str
) -> list[ExtractionWarning]:
    """The first bracket in an item's own text (``ranges``, the item has no task) that lists nothing
    but unit names.

    Examples
    --------
    >>> t = "（二）开放数据，推进共享【市发改委、市财政局】"
    >>> [(w.code, w.span.quote) for w in units_no_task(t, t, [(0, len(t))], "（二）")]
    [('units-no-task', '【市发改委、市财政局】')]
    """
    for a, b in ranges:
        for m in _ANY_BRACKET.finditer(folded, a, b):
            if folded[max(0, m.start() - 4) : m.start()].endswith(UNIT_TAILS):
                continue  # a body's other name (区科技和工业信息化局（乡村振兴和协作交流局）), not a clause
            inner = _UNIT_LIST_TAIL.sub("", squeeze(m.group(1)))
            if inner and _UNIT_LIST.fullmatch(inner):
                return [
                    _warning(
                        "units-no-task",
                        f"item {item_id} has no task but a bracket lists units: {inner}",
                        text,
                        m.start(),
                        m.end(),
                    )
                ]
    return []


def clauses_merged(
    text: str, folded: str, task: Task, item_span: tuple[int, int], clauses: Sequence[tuple[int, int]]
) -> list[ExtractionWarning]:
    """A task read from several clauses that each close a paragraph of their own (the text after each
    runs to a line end): paragraphs that may be sub-items whose numbering was not read.

    Examples
    --------
    >>> t = "一、建设平台。（责任单位：甲局）\\n开放数据。（责任单位：乙局）\\n推进共享。（责任单位：丙局）"
    >>> from loaders.records import Span as S
    >>> task = Task("一、", 1, "建设平台", None, "1", 1, S(0, len(t), t), S(2, 6, t[2:6]), ())
    >>> c = [(m.start(), m.end()) for m in re.finditer("（责任单位：.局）", t)]
    >>> [(w.code, w.tasks) for w in clauses_merged(t, t, task, (0, len(t)), c)]
    [('clauses-merged', ('1',))]
    """
    closing = [
        (a, b) for a, b in clauses if not folded[b : (folded.find("\n", b) + 1 or len(folded))].strip()
    ]
    lines = {folded.rfind("\n", 0, a) for a, _ in closing}
    if len(lines) < 3:
        return []
    return [
        _warning(
            "clauses-merged",
            f"task {task.id} was read from {len(lines)} clauses that each close a line",
            text,
            item_span[0],
            item_span[1],
            (task.path,),
        )
    ]


def squeeze(s: str) -> str:
    return "".join(s.split())
