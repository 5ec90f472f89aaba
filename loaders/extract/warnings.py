"""Where extraction is unsure: warnings with a span, so a researcher knows what to check.

Each check is a small function over what the parser found; `CODES` lists every code with what it
means and what to do about it (the README's table is made from it). Warnings are meant to be rare
on clean documents: each one points at text that really needs a reader.

Examples
--------
>>> from loaders.extract.document import parse_text
>>> doc = parse_text("某区方案\\n一、重点任务\\n（一）建设平台。（责任单位：区市场监管局）\\n"
...                  "（二）开放数据。建立区市场监管局牵头的协调机制。\\n", doc_id="d")
>>> [(w.code, w.span.quote[:3]) for w in doc.warnings]
[('no-task-in-item', '（二）')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from loaders.extract.intervals import Positions, Spans
from loaders.records import Agency, ExtractionWarning, Span, Target, Task
from loaders.vocab.clauses import LEVEL_WORDS
from loaders.vocab.punctuation import strip_trailing_bracket

__all__ = [
    "CODES",
    "item_without_task",
    "unit_name",
    "lead_rule",
    "unresolved_agencies",
    "target_not_read",
    "target_left_out",
    "table_problems",
]

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

# Clause words that mark an assignment in an item: a label with its colon, or 牵头 (配合 and 负责 alone
# are ordinary prose: 积极配合, 负责同志).
_CLAUSE_WORDS = re.compile(
    r"(?:牵头|责任|配合|参与|协同|协办|主办|主责)(?:单位|部门)\s*[：:]|(?:牵头|主办|协办)\s*[：:]|牵头"
)
_ROLE_IN_NAME = re.compile(r"牵头|配合|负责|参与|协办|主办")
_GOAL_YEAR = re.compile(
    r"(?:到|至|力争到|力争在)\s*(?:20\d\d|二〇[一二三四五六七八九〇]{2})\s*年(?!\s*\d{1,2}\s*月)"
    r"|20\d\d\s*年(?:底|末)?前|十[四五六]五”?末"
)
# Sentences about support for each beneficiary or ceilings are not goals.
_NOT_A_GOAL = re.compile(r"最高|不超过|不高于|补贴|补助|奖励|资助|贴息|给予")
_REACH = re.compile(
    r"达到|超过|突破|不低于|不少于|建成|培育|打造|提高到|提升至|提高至|提升到|增长|新增|累计|力争"
)
_QUANTITY = re.compile(r"\d+(?:\.\d+)?\s*(?:%|个百分点|[万亿]?[个家件项户名人条处所座次元吨亩])")


def _warning(code: str, message: str, text: str, a: int, b: int) -> ExtractionWarning:
    return ExtractionWarning(code, message, Span(a, b, text[a:b]))


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


def clause_not_read(text: str, folded: str, spans: Iterable[tuple[int, int]]) -> list[ExtractionWarning]:
    """Brackets or label lines with clause labels whose units could not be read."""
    return [
        _warning("clause-not-read", f"clause-like text was not read: {squeeze(text[a:b])[:40]}", text, a, b)
        for a, b in spans
    ]


def _is_fragment(name: str) -> bool:
    """A level word or a bracket of them alone (州, 县级市, 县（市）), or one character: a part of a
    collective, never a unit."""
    return len(name) <= 1 or strip_trailing_bracket(name) in LEVEL_WORDS


def unit_name(text: str, tasks: Iterable[Task]) -> list[ExtractionWarning]:
    """Unit names that hold role words, or brackets with role words, or read as a phrase."""
    out, seen = [], set()
    for t in tasks:
        for r in t.responsibilities:
            if r.agency in seen:
                continue
            fragment = _is_fragment(r.agency)
            if _ROLE_IN_NAME.search(r.agency) or len(r.agency) > 25 or fragment:
                seen.add(r.agency)
                why = "is a fragment, not a body" if fragment else "holds role words or is unusually long"
                out.append(
                    _warning(
                        "odd-unit-name",
                        f"unit name {r.agency!r} in task {t.id} {why}",
                        text,
                        r.mention.start,
                        r.mention.end,
                    )
                )
    return out


def lead_rule(text: str, statement: tuple[int, int], rule: str, applied: int) -> ExtractionWarning:
    """The document's lead rule, and how many clauses it split."""
    how = "the first listed unit leads" if rule == "first-listed" else "the units before the first comma lead"
    return _warning(
        "lead-rule",
        f"lead rule stated here: {how}; applied to {applied} clause(s) that only list units",
        text,
        *statement,
    )


def lead_rule_unsplit(
    text: str, task: str, clause: tuple[int, int], names: Sequence[str]
) -> ExtractionWarning:
    return _warning(
        "lead-rule-unsplit",
        f"task {task}: the lead rule cannot split {'、'.join(names)} (no comma), so all lead",
        text,
        *clause,
    )


def unresolved_agencies(
    text: str, agencies: Iterable[Agency], tasks: Iterable[Task]
) -> list[ExtractionWarning]:
    """Unit names the gazetteer does not know (collectives aside), at their first mention."""
    first: dict[str, Span] = {}
    for t in tasks:
        for r in t.responsibilities:
            first.setdefault(r.agency, r.mention)
    out = []
    for a in agencies:
        if a.canonical is None and a.kind != "Collective" and a.name in first:
            s = first[a.name]
            out.append(
                _warning(
                    "unknown-agency",
                    f"{a.name!r} is not in the gazetteer (kept as written, kind guessed: {a.kind})",
                    text,
                    s.start,
                    s.end,
                )
            )
    return out


def target_not_read(
    text: str, folded: str, targets: Sequence[Target], exclude: Sequence[tuple[int, int]]
) -> list[ExtractionWarning]:
    """Sentences with a goal year, a verb of reaching and a quantity, from which no target was read."""
    out = []
    excluded, read = Spans(exclude), Positions(t.span.start for t in targets)
    for m in re.finditer(r"[^。；\n]+", folded):
        a, b = m.start(), m.end()
        if a in excluded:
            continue
        s = m.group()
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


def table_problems(text: str, blocks, tables) -> list[ExtractionWarning]:
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
                    )
                )
    return out


def squeeze(s: str) -> str:
    return "".join(s.split())
