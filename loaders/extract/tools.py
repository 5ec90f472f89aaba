"""Policy tools: code each task by the tools its own paragraph deploys (政策工具编码).

The coder follows the project's codebook (``tests/data/policytools/CODEBOOK.md``). The text coded
is the task's title and body without its responsibility clauses; the body is cut into sentences
(``。；;！？`` and line breaks) and each sentence into clauses (commas, colons). A clause deploys a
sub-tool when one of its cues (`loaders.vocab.tools.CUES`) matches and no block of that tool does
(the codebook's "不是" lines and decision rules); a clause whose first word (jieba) states an aim or
a result (为…, 促进…, 提升…) deploys nothing, nor does one that only names whom a measure is for
(对…的) (R11); the residual 策略性措施 counts only in a clause where no other tool does. The primary
tool follows P1–P4: a tool named in the title (and deployed in the body), else the tool of most
sentences, ties going to tools other than 策略性措施 and 目标规划, then to the first in the text.

It is deterministic and offline, and it reads words, not meaning: a researcher checks the tasks it
flags (warning ``tool-uncertain``) in the review workbook and corrects codes there (`kg.review`).

Examples
--------
>>> from loaders.extract.document import parse_text
>>> doc = parse_text("三、重点任务\\n（一）落实税收优惠。对小微企业减半征收房产税，并给予最高10万元奖励。"
...                  "（责任单位：区税务局）", doc_id="d")
>>> t = doc.tasks[0]
>>> t.tools, t.primary_tool
(('供给型/资金投入', '环境型/税收优惠'), '环境型/税收优惠')
>>> t.tool_uses[1].evidence.quote
'对小微企业减半征收房产税'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from functools import cache, lru_cache
from operator import attrgetter

from loaders.extract.intervals import subtract
from loaders.records import Document, ExtractionWarning, Span, Task, ToolUse
from loaders.vocab import tools as vocab

__all__ = ["ToolCoding", "code_task", "code_document", "tool_label", "CODER", "CODER_VERSION"]

CODER = "policykg"
# The version of the coding rules (codebook v1.0): the PROV agent of every code the coder makes.
CODER_VERSION = "1.0"
_ORDER = {c: i for i, c in enumerate(vocab.TOOLS)}
_SENTENCE_BREAK = re.compile(f"[{re.escape(vocab.SENTENCE_BREAKS)}]")
assert set(vocab.SENTENCE_BREAKS) <= set(vocab.CLAUSE_BREAKS)  # a clause never spans two sentences
_BREAK = re.escape(vocab.CLAUSE_BREAKS)
_CLAUSE_TRIMMED = re.compile(f"[^{_BREAK}\\s](?:[^{_BREAK}]*[^{_BREAK}\\s])?")  # a clause, spaces trimmed
_CLAUSE_OR_BREAK = re.compile(f"{_CLAUSE_TRIMMED.pattern}|({_SENTENCE_BREAK.pattern})")
_TITLE_NOT_TOOLS = tuple(re.compile(stop) for stop in vocab.TITLE_NOT_TOOLS)
_RESIDUAL_ONLY = frozenset({vocab.RESIDUAL})
_NOTHING: frozenset[str] = frozenset()
_SPACE = re.compile(r"\s+")
_BRACKET_CLAUSE = re.compile(vocab.BRACKET_CLAUSE)
_CONDITION = re.compile(vocab.CONDITION)
_GUIDE = re.compile(vocab.GUIDE_FRAGMENT)
_HEADS = frozenset(vocab.MENTION_HEADS)
_LONG_HEADS = tuple(h for h in vocab.MENTION_HEADS if len(h) > 2)


def tool_label(code: str) -> str:
    """The codebook's label of a sub-tool code.

    Examples
    --------
    >>> tool_label("D3")
    '需求型/应用推广'
    """
    return _LABELS[code]


_LABELS = {code: tool.label for code, tool in vocab.TOOLS.items()}


@cache
def _cues() -> dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]]:
    out = {}
    for code in vocab.TOOLS:
        cue = re.compile("|".join(f"(?:{c})" for c in vocab.CUES[code]))
        blocks = vocab.BLOCKS.get(code, ())
        out[code] = (cue, re.compile("|".join(f"(?:{b})" for b in blocks)) if blocks else None)
    return out


@cache
def _title_words() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(w), c) for w, c in vocab.TITLE_WORDS)


@dataclass(frozen=True, slots=True)
class ToolCoding:
    """What the coder read from one task.

    ``uses`` are the tools deployed (codebook order), ``primary`` the primary tool's label, ``rule`` the rule
    that chose it (``P1`` … ``P4``), and ``doubt`` why a researcher should check it (empty when sure).
    """

    uses: tuple[ToolUse, ...]
    primary: str | None
    rule: str
    doubt: str = ""


def _ranges(text: str, task: Task) -> list[tuple[int, int]]:
    """The task's span without its responsibility clauses (those read and any other bracketed one)."""
    a, b = task.span.start, task.span.end
    cuts = {(r.clause.start, r.clause.end) for r in task.responsibilities if a <= r.clause.start < b}
    cuts.update(m.span() for m in _BRACKET_CLAUSE.finditer(text, a, b))
    return subtract([(a, b)], cuts)


@lru_cache(maxsize=65536)  # a pure function of the clause: corpora repeat their boilerplate
def _is_mention(clause: str) -> bool:
    """R11: a clause that opens on a word of aim or result (为…, 促进…, 提升…能力)."""
    from loaders.vocab.lexicon import get_tokenizer

    head = clause.lstrip("“”\"'（(）) ")
    if not head:
        return True
    words = get_tokenizer().tokenize(head[:12])
    first = words[0][0] if words else ""
    if first == "为" and "提供" in head:
        return False  # 为…提供…服务: the means is 提供
    if _CONDITION.search(head):
        return True  # 对…的 / 符合条件的…的: who the measure is for, not the measure
    return first in _HEADS or head.startswith(_LONG_HEADS)


@lru_cache(maxsize=65536)
def _clause_tool_codes(clause: str) -> frozenset[str]:
    found = set()
    for code, (cue, block) in _cues().items():
        if cue.search(clause) and not (block and block.search(clause)):
            found.add(code)
    for winner, losers in vocab.PRECEDENCE.items():
        if winner in found:
            found.difference_update(losers)
    if len(found) > 1:
        found.discard(vocab.RESIDUAL)
    return frozenset(found)


def _sentences(text: str, ranges: Iterable[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Sentences as lists of clause ranges (stripped, non-empty), in text order.

    Every sentence break is also a clause break, so one scan finds both: a clause, or a sentence break
    that ends the sentence before the next clause.

    Examples
    --------
    >>> _sentences("甲，乙。 丙；\\n", [(0, 8)])
    [[(0, 1), (2, 3)], [(5, 6)]]
    """
    out = []
    for a, b in ranges:
        current: list[tuple[int, int]] = []
        for m in _CLAUSE_OR_BREAK.finditer(text, a, b):
            if m.lastindex:  # a sentence break
                if current:
                    out.append(current)
                    current = []
            else:
                current.append(m.span())
        if current:
            out.append(current)
    return out


@lru_cache(maxsize=65536)  # a pure function of the clause as written: corpora repeat their boilerplate
def _coded(written: str) -> frozenset[str]:
    """The tools a clause deploys (none when it only states an aim, R11); no tool or the residual alone
    is always the same object (`_NOTHING`, `_RESIDUAL_ONLY`), compared by identity in `code_task`."""
    clause = _SPACE.sub("", written)
    tools = _NOTHING if _is_mention(clause) else _clause_tool_codes(clause)
    return _NOTHING if not tools else _RESIDUAL_ONLY if tools == _RESIDUAL_ONLY else tools


def code_task(text: str, task: Task) -> ToolCoding:
    """The tools a task deploys and its primary tool, read from ``text`` (the document's text).

    Examples
    --------
    >>> from loaders.extract.document import parse_text
    >>> doc = parse_text("三、重点任务\\n（一）加强人才队伍建设。实施人才引进计划，开展专业培训。"
    ...                  "鼓励企业参加海外展会。（责任单位：区人社局）", doc_id="d")
    >>> c = code_task(doc.text, doc.tasks[0])
    >>> [u.tool for u in c.uses], c.primary, c.rule
    (['供给型/人才培养', '需求型/对外合作', '需求型/应用推广'], '供给型/人才培养', 'P1')
    """
    sentences = _sentences(text, _ranges(text, task))
    title_end = task.title_span.end
    # The title sentence only serves P1 (codebook §1), unless it is the only sentence.
    body = [s for s in sentences if s[0][0] >= title_end] or sentences
    counts: dict[str, int] = {}
    evidence: dict[str, tuple[int, int]] = {}  # each tool's first clause (its start: P4's order)
    deployed: set[str] = set()
    for clauses in body:
        found = [_coded(text[ca:cb]) for ca, cb in clauses]
        # R11: a bare 引导/鼓励 + subject whose object is the next clause deploys that clause's tool, not E6
        if _RESIDUAL_ONLY in found:
            last = len(found) - 1
            for i in [k for k, tools in enumerate(found) if tools is _RESIDUAL_ONLY and k < last]:
                if found[i + 1] - _RESIDUAL_ONLY:
                    ca, cb = clauses[i]
                    if _GUIDE.search(_SPACE.sub("", text[ca:cb])):
                        found[i] = _NOTHING
        in_sentence = set().union(*found)
        new = in_sentence.difference(evidence)
        for span, tools in zip(clauses, found, strict=True):
            if not new:
                break
            if tools:
                for code in new.intersection(tools):
                    evidence[code] = span
                new.difference_update(tools)
        deployed.update(in_sentence)
        # P2 counts E6 for a sentence when one of its clauses deploys E6 alone (the residual of a
        # clause), or, with RESIDUAL_BY_SENTENCE, only when the sentence deploys nothing else
        alone = _RESIDUAL_ONLY in found and not vocab.RESIDUAL_BY_SENTENCE
        if len(in_sentence) > 1 and not alone:
            in_sentence.discard(vocab.RESIDUAL)
        for code in in_sentence:
            counts[code] = counts.get(code, 0) + 1
    for code in deployed:
        counts.setdefault(code, 0)
    if not counts:
        return ToolCoding((), None, "")  # no tool: an empty 政策工具 cell in the workbook, not a warning
    codes = sorted(counts, key=_ORDER.__getitem__)

    def rank(c: str) -> tuple[int, int, int]:
        return (-counts[c], c in vocab.WEAK, evidence[c][0])  # P2, P3, P4

    title = _SPACE.sub("", task.title)
    for stop in _TITLE_NOT_TOOLS:
        title = stop.sub("", title)
    named = [c for w, c in _title_words() if c in counts and w.search(title)]
    named = list(dict.fromkeys(named))
    doubt = ""
    if named:
        primary = min(named, key=rank)
        rule = "P1"
    else:
        ordered = sorted(codes, key=rank)
        primary = ordered[0]
        rule = "P2"
        if len(ordered) > 1 and counts[ordered[1]] == counts[primary]:
            rule = "P3" if (ordered[1] in vocab.WEAK) != (primary in vocab.WEAK) else "P4"
        tied = [c for c in ordered[1:] if rank(c)[:2] == rank(primary)[:2]]
        other_type = [c for c in tied if vocab.TOOLS[c].type != vocab.TOOLS[primary].type]
        if rule == "P4" and other_type:
            rivals = "、".join(vocab.TOOLS[c].zh for c in other_type)
            doubt = (
                f"primary {vocab.TOOLS[primary].zh} chosen by P4 (first in the text) over {rivals}, "
                f"a tool of another type deployed in as many sentences ({counts[primary]})"
            )
    uses = []
    for c in codes:
        ea, eb = evidence[c]
        uses.append(ToolUse(_LABELS[c], Span(ea, eb, text[ea:eb]), counts[c], CODER))
    return ToolCoding(tuple(uses), _LABELS[primary], rule, doubt)


# A coded task is made with the fields of the task as read and its two coding fields, which come last
# (about half the cost of ``dataclasses.replace``, once per task of every document).
_TASK_KEPT = attrgetter(*tuple(f.name for f in fields(Task))[:-2])
assert tuple(f.name for f in fields(Task))[-2:] == ("tool_uses", "primary_tool")


def code_document(doc: Document) -> Document:
    """The document with every task coded (``tool_uses``, ``primary_tool``) and a ``tool-uncertain`` warning
    on each task whose code a researcher should check.

    Examples
    --------
    >>> from loaders.extract.document import parse_text
    >>> doc = parse_text("三、重点任务\\n（一）推进工作。做好相关工作。（责任单位：区科技局）", doc_id="d")
    >>> doc.tasks[0].tools, [w.code for w in doc.warnings]
    (('环境型/策略性措施',), [])
    """
    tasks = []
    warnings: list[ExtractionWarning] = []
    changed = False
    for t in doc.tasks:
        if t.tool_uses:  # already coded (a correction)
            tasks.append(t)
            continue
        c = code_task(doc.text, t)
        if c.uses or c.primary != t.primary_tool:
            tasks.append(Task(*_TASK_KEPT(t), c.uses, c.primary))
            changed = True
        else:
            tasks.append(t)  # no tool: the task as it is
        if c.doubt:
            ts = t.title_span
            warnings.append(ExtractionWarning("tool-uncertain", f"task {t.id}: {c.doubt}", ts))
    if not warnings and not changed:
        return doc
    merged = sorted([*doc.warnings, *warnings], key=lambda w: (w.span.start, w.code))
    return replace(doc, tasks=tuple(tasks), warnings=tuple(merged))
