"""``load_document(path)``: read one policy document and extract everything into records.

`parse_text` reads the text without its layout (`loaders.read.layout`: a wrapped PDF copy, lone
spaces) and `_parse` performs the steps, each a function of this module:

1. `_segment` — the numbered items (`loaders.extract.structure`) and task tables;
2. `_find_clauses` — the responsibility clauses in each item's own text;
3. `_lead_rule_scope` — the document's lead rule and the clauses it governs;
4. `_assign_roles` — each clause's units and their roles;
5. `_assemble` — tasks, safeguards and sections (and tasks from table rows);
6. targets and goals (`loaders.extract.targets`);
7. `_metadata` — title, issuer, 文号, date, period, cited documents, relations;
8. `_agencies` — the units resolved against the gazetteer;
9. `_warnings` — where the extractor is unsure;
10. the policy tools each task deploys (`loaders.extract.tools`).
"""

from __future__ import annotations

import hashlib
import re
import re._parser as sre_parse
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import NamedTuple

from loaders.errors import InputError, NoTasksError, PolicyParseError
from loaders.extract import clauses as cl
from loaders.extract import warnings as W
from loaders.extract.agencies import resolve_agency
from loaders.extract.intervals import Spans, subtract, windows
from loaders.extract.mentions import find_mentions
from loaders.extract.metadata import find_date, find_document_number, find_issuer, find_period, find_title
from loaders.extract.relations import find_relations, preamble_scopes
from loaders.extract.structure import Item, find_items
from loaders.extract.tables import TaskTable, cell_agencies, find_row_blocks, find_task_tables, row_number
from loaders.extract.targets import find_citations, find_goals, find_targets
from loaders.extract.tools import code_document
from loaders.read.layout import compact
from loaders.read.normalize import fold, squeeze
from loaders.records import (
    Agency,
    Document,
    DocumentMeta,
    ExtractionWarning,
    Responsibility,
    Role,
    Safeguard,
    Section,
    Span,
    Task,
)
from loaders.vocab.clauses import GOAL_HEADINGS, NOT_DOCUMENTS, SAFEGUARD_HEADINGS, LeadRule
from loaders.vocab.lexicon import get_lexicon

__all__ = ["load_document", "parse_text", "document_id", "SAMPLE_PLAN"]

MAX_BYTES = 20 * 1024 * 1024  # a policy plan is a few hundred KB; bigger input is refused, not parsed
_SAFEGUARD_TITLE = re.compile("|".join(SAFEGUARD_HEADINGS))
_GOAL_TITLE = re.compile("|".join(GOAL_HEADINGS))
# A bracket holding a clause label (责任单位：…): a clause, whether or not its units could be read.
_LABEL_RX_ANY = re.compile("(?:" + cl.LABEL + r")\s*[：:]")
_LABEL_LINE = re.compile(r"\s*(?:【\s*)?(?:" + cl.LABEL + r")\s*(?:】|[：:])")  # matched at a line's start
_LABEL_INLINE = re.compile(r"(?:【\s*)?(?:" + cl.LABEL + r")\s*(?:】|[：:])")
# A label ends with its colon or 】 and is at most _LABEL_WIDTH long where no run of _SPACE_RUN spaces
# stands in it (its only unbounded parts are spaces): only the stretches before those ends are searched.
_LABEL_END = re.compile("[】：:]")
_SPACE_RUN = 20
_LONG_SPACE = re.compile(rf"\s{{{_SPACE_RUN}}}")
_LABEL_WIDTH = sre_parse.parse(
    _LABEL_INLINE.pattern.replace(r"\s*", rf"\s{{0,{_SPACE_RUN - 1}}}")
).getwidth()[1]


SAMPLE_PLAN = Path(__file__).parent.parent / "samples" / "changshou-ip-plan.txt"
"""The bundled sample plan (the Changshou district IP implementation plan)."""

# File names that say nothing about the document (what a web page saves as): the folder names it.
_GENERIC_STEMS = {"index", "default", "main", "content", "article", "page", "detail", "view", "show", "正文"}


def document_id(path: str | Path) -> str:
    """The document id: the file name without its extension, spaces and slashes made safe.

    A generic page name (``index.html``, ``default.htm`` …) is prefixed with its folder, so that the
    same name saved from two sites gives two ids.

    Examples
    --------
    >>> document_id("plans/长寿区知识产权方案.txt")
    '长寿区知识产权方案'
    >>> document_id("www.gov.cn/zhengce/index.html"), document_id("sz.gov.cn/index.html")
    ('zhengce-index', 'sz.gov.cn-index')
    """
    p = Path(path)
    stem = re.sub(r"\.(txt|html?|shtml|docx|pdf|md)$", "", p.name, flags=re.I)
    if stem.lower() in _GENERIC_STEMS and p.parent.name:
        stem = f"{p.parent.name}-{stem}"
    return re.sub(r"[\s/\\?#%]+", "-", stem).strip("-") or "document"


def load_document(path: str | Path, *, require_tasks: bool = True) -> Document:
    """Read and parse one document.

    Parameters
    ----------
    path : str or Path
        A ``.txt`` file in UTF-8 (with or without BOM) or GB18030/GBK. Other formats go through
        `loaders.read.formats` first.
    require_tasks : bool
        Raise `NoTasksError` when no key task with a responsibility clause is found.

    Raises
    ------
    PolicyParseError
        With a one-line message naming the file and the problem.

    Examples
    --------
    >>> doc = load_document(SAMPLE_PLAN)
    >>> doc.tasks[0].title, doc.tasks[0].lead
    ('完善知识产权政策体系', ('区市场监管局',))
    """
    path = Path(path)
    source = str(path)
    if not path.exists():
        raise InputError(source, "no such file")
    if path.is_dir():
        raise InputError(source, "is a directory, not a document")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(
            source, f"is {size / 2**20:.0f} MB; documents over {MAX_BYTES // 2**20} MB are refused"
        )
    from loaders.read.formats import read_text

    text, encoding, hints = read_text(path)
    return parse_text(
        text,
        source=source,
        doc_id=document_id(path),
        encoding=encoding,
        sha256=hints.get("sha256") or hashlib.sha256(path.read_bytes()).hexdigest(),
        title_hint=hints.get("title"),
        require_tasks=require_tasks,
    )


def parse_text(
    text: str,
    *,
    source: str = "<text>",
    doc_id: str = "document",
    encoding: str = "utf-8",
    sha256: str | None = None,
    title_hint: str | None = None,
    require_tasks: bool = True,
) -> Document:
    """Parse decoded text into a `Document` (see `load_document`)."""
    if not text.strip():
        raise InputError(source, "the file is empty")
    if "\x00" in text:
        raise InputError(source, "contains NUL characters: binary data, not text")
    try:
        compacted = compact(text)
        if compacted is None:
            return _parse(text, source, doc_id, encoding, sha256, title_hint, require_tasks)
        # A wrapped copy (PDF): read the text without its layout, report spans in the text as decoded.
        joined, index = compacted
        sha256 = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
        doc = _parse(joined, source, doc_id, encoding, sha256, title_hint, require_tasks)
        return replace(_remap(doc, index, text), text=text)
    except PolicyParseError:
        raise
    except RecursionError:
        raise PolicyParseError(source, "the document is nested too deeply to parse") from None


def _remap(obj, index: list[int], text: str):
    """``obj`` with every `Span` in it (records, tuples of records) moved from the compacted text to
    ``text`` through ``index`` (compacted offset → offset in ``text``), its quote taken from ``text``."""
    if isinstance(obj, Span):
        if obj.end > obj.start:
            a, b = index[obj.start], index[obj.end - 1] + 1
        else:
            a = b = index[obj.start] if obj.start < len(index) else len(text)
        return Span(a, b, text[a:b])
    if isinstance(obj, tuple):
        return tuple(_remap(x, index, text) for x in obj)
    if is_dataclass(obj) and not isinstance(obj, type):
        changes = {}
        for f in fields(obj):
            value = getattr(obj, f.name)
            if isinstance(value, (Span, tuple)) or (is_dataclass(value) and not isinstance(value, type)):
                moved = _remap(value, index, text)
                if moved is not value:
                    changes[f.name] = moved
        return replace(obj, **changes) if changes else obj
    return obj


class _Clause(NamedTuple):  # a tuple: made for every bracket and label of a document, and a dict key
    """A clause found in an item: its outer span (brackets included), the inner span it lists units
    in, and how it was found (``bracket``, ``lines``, ``verbs`` or ``sentence``)."""

    outer: tuple[int, int]
    inner: tuple[int, int]
    form: str


@dataclass(slots=True)
class _Outline:
    """Step 1: the numbered items and task tables of a document."""

    items: list[Item]
    tables: list[TaskTable]
    _own: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    _brackets: dict[tuple[int, int], list[tuple[int, int]]] = field(default_factory=dict)

    def own_ranges(self, item: Item) -> tuple[tuple[int, int], ...]:
        """The item's text outside its sub-items and outside task tables (asked by several steps:
        worked out once per item)."""
        own = self._own.get(item.path)
        if own is None:
            ranges = [(max(a, item.body_start), b) for a, b in item.own_ranges()]
            own = self._own[item.path] = tuple(subtract(ranges, [(t.start, t.end) for t in self.tables]))
        return own

    def brackets(self, folded: str, a: int, b: int) -> list[tuple[int, int]]:
        """The top-level bracket groups in one own range (asked by the clause finder and the
        warnings: found once per range)."""
        found = self._brackets.get((a, b))
        if found is None:
            found = self._brackets[(a, b)] = cl._bracket_spans(folded, a, b)
        return found


def _segment(text: str, folded: str) -> _Outline:
    """Step 1: number and nest the items (`loaders.extract.structure`) and find the task tables."""
    tables = find_task_tables(folded, text)
    items = find_items(folded)
    for it in items:  # the number as written (1) stays 1), not the folded 1）)
        it.marker = text[it.start : it.body_start].strip()
    if not tables:
        return _Outline(items, tables)
    rows = Spans((t.start, t.end) for t in tables)
    kept = []
    for it in items:
        if it.start in rows:  # a numbered row (1⇥任务⇥…) is not an outline item
            if it.parent is not None:
                it.parent.children = [k for k in it.parent.children if k is not it]
        else:
            kept.append(it)
    return _Outline(kept, tables)


def _bracket_clauses(folded: str, a: int, b: int, spans: list[tuple[int, int]]) -> list[_Clause]:
    out = []
    for oa, ob in spans:
        before = folded[a:oa].rstrip(" \u3000")
        after = folded[ob:b].lstrip(" \u3000")
        own_sentence = not before or before[-1] in "。；;\n" or not after or after[0] == "\n"
        out.append(_Clause((oa, ob), (oa + 1, ob - 1), "bracket" if own_sentence else "inline-bracket"))
    return out


_LINE = re.compile(r"[^\n]+")


def _label_line_clauses(folded: str, a: int, b: int, taken: list[_Clause]) -> list[_Clause]:
    """Runs of label lines (``牵头单位：…`` / ``配合单位：…`` on their own lines)."""
    out: list[_Clause] = []
    if not _LABEL_END.search(folded, a, b):
        return out  # every label closes with a colon or 】
    for line in _LINE.finditer(folded, a, b):
        ls, le = line.span()
        if not _LABEL_LINE.match(folded, ls, le) or any(c.outer[0] <= ls < c.outer[1] for c in taken):
            continue
        if out and folded[out[-1].outer[1] : ls].strip() == "":
            out[-1] = _Clause((out[-1].outer[0], le), (out[-1].inner[0], le), "lines")
        else:
            out.append(_Clause((ls, le), (ls, le), "lines"))
    # Labels inside a paragraph after a sentence: ``…。责任单位：A、B。``, ``【责任单位】A【配合单位】B``.
    for m in _inline_labels(folded, a, b):
        ls = m.start()
        if any(c.outer[0] <= ls < c.outer[1] for c in taken + out):
            continue
        if ls > a and folded[ls - 1] not in "。；;\n " and folded[ls] != "【":
            continue
        end = _TITLE_END.search(folded, ls, b)
        le = end.start() if end else b
        out.append(_Clause((ls, le), (ls, le), "lines"))
    return out


def _inline_labels(folded: str, a: int, b: int) -> Iterator[re.Match[str]]:
    """``_LABEL_INLINE.finditer(folded, a, b)``, searching only the stretches before a colon or 】."""
    if _LONG_SPACE.search(folded, a, b):
        yield from _LABEL_INLINE.finditer(folded, a, b)
        return
    ends = (m.span() for m in _LABEL_END.finditer(folded, a, b))
    for wa, wb in windows(ends, a, b, _LABEL_WIDTH, 0):
        yield from _LABEL_INLINE.finditer(folded, wa, wb)


def _item_clauses(folded: str, outline: _Outline, item: Item, read: _Read) -> list[_Clause]:
    """Step 2: the clauses in one item's own text, in order: brackets, label lines and role-verb
    runs that name units (sentence forms, `_sentence_clauses`, only where there is nothing else)."""
    found: list[_Clause] = []
    for a, b in outline.own_ranges(item):
        # Brackets that hold no clause (【牵头单位】 marks a label) do not hide the labels in them.
        brackets = _bracket_clauses(folded, a, b, outline.brackets(folded, a, b))
        here = [c for c in brackets if _units_of(folded, c, None, read)]
        lines = _label_line_clauses(folded, a, b, here)
        # A bracket inside a label line is part of a name there (牵头单位：区委组织部（区委人才办））.
        here = [c for c in here if not any(x.outer[0] <= c.outer[0] < x.outer[1] for x in lines)] + lines
        for va, vb in cl.find_verb_clauses(folded, a, b, skip=[c.outer for c in here]):
            if cl.find_lead_rules(folded, va, vb):
                continue  # 排序第一的责任单位为牵头单位 states the rule; it assigns nothing
            if not any(c.outer[0] <= va < c.outer[1] for c in here):
                here.append(_Clause((va, vb), (va, vb), "verbs"))
        found.extend(c for c in here if _units_of(folded, c, None, read))
    return sorted(found, key=lambda c: c.outer)


_Read = dict[tuple[_Clause, LeadRule | None], "list[cl.ClauseItem] | None"]


def _units_of(folded: str, clause: _Clause, rule: LeadRule | None, read: _Read) -> list[cl.ClauseItem] | None:
    """The clause's units under ``rule``; ``read`` (one per document) keeps what was read already —
    each clause is read once to find it and again under its lead rule, usually the same."""
    key = (clause, rule)
    if key not in read:
        a, b = clause.inner
        if clause.form == "sentence":
            read[key] = cl.parse_sentence_form(folded, a, b)
        else:
            read[key] = cl.parse_clause(folded, a, b, rule=rule, bare_list=clause.form == "bracket")
    return read[key]


def _sentence_clauses(folded: str, outline: _Outline, item: Item) -> list[_Clause]:
    return [
        _Clause((a, b), (a, b), "sentence")
        for ra, rb in outline.own_ranges(item)
        for a, b in cl.find_sentence_forms(folded, ra, rb)
    ]


class _RuleScope:
    """Step 4: which lead rule governs a clause, from where the document states it.

    The rule of a clause is that of the last statement (in document order) that applies to it: one
    stated outside every clause (the rule of the whole document), one inside the clause itself, or a
    ``下同`` statement before the clause. Each of the three is found by bisection over the statements'
    starts, so a document with a statement in every part costs O(log n) per clause, not a pass over
    every statement and every clause (cubic in the document's length: a 1 MB plan took minutes).
    """

    __slots__ = ("statements", "_starts", "_last_outside", "_last_later_before")

    def __init__(self, statements: tuple[cl.RuleStatement, ...],
                 clause_spans: tuple[tuple[int, int], ...]) -> None:
        self.statements = tuple(sorted(statements, key=lambda st: st.start))  # already sorted: kept stable
        self._starts = [st.start for st in self.statements]
        in_clauses = Spans(clause_spans)
        self._last_outside = -1
        self._last_later_before = [-1]  # [k]: the last index j < k with a 下同 statement
        for j, st in enumerate(self.statements):
            if st.start not in in_clauses:
                self._last_outside = j
            self._last_later_before.append(j if st.later else self._last_later_before[-1])

    def at(self, clause_start: int, inner: tuple[int, int]) -> LeadRule | None:
        best = self._last_outside
        j = bisect_left(self._starts, inner[1]) - 1  # the last statement starting before the inner end
        if j >= 0 and self._starts[j] >= inner[0]:
            best = max(best, j)
        best = max(best, self._last_later_before[bisect_left(self._starts, clause_start)])
        return self.statements[best].rule if best >= 0 else None


def _read_clause(
    text: str, folded: str, clause: _Clause, rule: LeadRule | None, read: _Read
) -> list[Responsibility]:
    """Step 3: the units of one clause and their roles, as `Responsibility` records."""
    items = _units_of(folded, clause, rule, read)
    if not items:
        return []
    oa, ob = clause.outer
    span = Span(oa, ob, text[oa:ob])
    # Names as written: from the original text (ASCII brackets stay ASCII), white space removed —
    # the folded name itself where folding changed nothing in it (almost always).
    out = []
    for i in items:
        written = text[i.start : i.end]
        name = i.name if written == folded[i.start : i.end] else squeeze(written)
        out.append(Responsibility(name, i.role, Span(i.start, i.end, written), span))
    return out


def _merge_roles(rs: list[Responsibility]) -> tuple[Responsibility, ...]:
    """Several clauses in one item: leads in order of appearance; cooperating units that lead in
    another clause of the item are left out; each (agency, role) once."""
    leads = {r.agency for r in rs if r.role == Role.LEAD}
    kept = [r for r in rs if r.role == Role.LEAD or r.agency not in leads]
    return tuple(cl.unique_by(kept, lambda r: (r.agency, r.role)))


_BLANK = re.compile(r"\s*")
_TITLE_END = re.compile(r"[。\n]")
_INLINE_TITLE_END = re.compile(r"[。；\n]")


def _title(text: str, folded: str, item: Item, clauses: list[_Clause]) -> tuple[str, Span]:
    """The item's heading sentence: up to the first 。 (；for inline items) or line end, without a
    bracketed or labelled clause that follows it directly."""
    a, b = item.body_start, item.end
    for c in sorted(clauses, key=lambda c: c.outer):  # a clause written before the heading
        if c.form not in ("sentence", "verbs") and _BLANK.fullmatch(folded, a, c.outer[0]) and c.outer[1] < b:
            a = c.outer[1]
            while a < b and folded[a] in " \u3000":
                a += 1
    # Searched in place: slicing an item's text (a section holds its sub-items) cost more than the search.
    m = (_INLINE_TITLE_END if item.style == "inline" else _TITLE_END).search(folded, a, b)
    e = m.start() if m else b
    for c in clauses:
        if c.form not in ("sentence", "verbs") and a < c.outer[0] < e:
            e = c.outer[0]
    while e > a and folded[e - 1] in " \u3000\r，；：":
        e -= 1
    return text[a:e].strip(), Span(a, e, text[a:e])


def _parse(
    text: str,
    source: str,
    doc_id: str,
    encoding: str,
    sha256: str | None,
    title_hint: str | None,
    require_tasks: bool,
) -> Document:
    """The extraction, as the steps it performs: each a function below, reading what the ones before
    it found."""
    folded = fold(text)
    lex = get_lexicon()
    outline = _segment(text, folded)
    read: _Read = {}
    clauses = _find_clauses(folded, outline, read)
    scope = _lead_rule_scope(folded, clauses)
    roles, used = _assign_roles(text, folded, outline, clauses, scope, read)
    parts = _assemble(text, folded, outline, roles, used, scope, lex)
    _require_tasks(parts.tasks, outline.items, source, require_tasks)
    targets = find_targets(
        text, folded, exclude=parts.clause_spans, scopes=[(it.start, it.end) for it in outline.items]
    )
    goals = find_goals(text, folded, parts.goal_ranges or [(0, len(folded))])
    meta, citations, jurisdiction = _metadata(text, folded, doc_id, source, encoding, sha256, title_hint)
    relations, relation_warnings = find_relations(
        text, folded, citations, preamble_scopes(folded, outline.items)
    )
    agencies = _agencies(parts.tasks, lex, jurisdiction, doc_id)
    warnings = _warnings(
        text, folded, outline, used, roles, scope, read, parts.tasks, agencies, targets, parts.clause_spans
    )
    doc = Document(
        meta,
        text,
        tuple(parts.sections),
        tuple(parts.tasks),
        tuple(parts.safeguards),
        tuple(targets),
        tuple(goals),
        tuple(citations),
        agencies,
        tuple(sorted([*warnings, *relation_warnings], key=lambda w: (w.span.start, w.code))),
        tuple(relations),
    )
    return code_document(doc)  # the policy tools each task deploys (loaders.extract.tools)


def _find_clauses(folded: str, outline: _Outline, read: _Read) -> dict[str, list[_Clause]]:
    """Step 2: the clauses in every item's own text; a clause closing a section's last sub-item is
    lifted to the section where the contract says it closes the whole section."""
    clauses = {it.path: _item_clauses(folded, outline, it, read) for it in outline.items}
    _lift_closing_clauses(folded, outline.items, clauses)
    return clauses


def _lead_rule_scope(folded: str, clauses: dict[str, list[_Clause]]) -> _RuleScope:
    """Step 3: the document's lead rule (any wording, anywhere) and the clauses it governs."""
    return _RuleScope(
        tuple(cl.find_lead_rules(folded)),
        tuple(c.outer for cs in clauses.values() for c in cs),
    )


def _assign_roles(
    text: str,
    folded: str,
    outline: _Outline,
    clauses: dict[str, list[_Clause]],
    scope: _RuleScope,
    read: _Read,
) -> tuple[dict[str, list[Responsibility]], dict[str, list[_Clause]]]:
    """Step 4: the units of each item's clauses with their roles under the rule in force; sentence
    forms (由X负责…) only for items with no other clause. Returns the roles and the clauses used."""
    roles: dict[str, list[Responsibility]] = {}
    used: dict[str, list[_Clause]] = {}
    for item in outline.items:
        rs: list[Responsibility] = []
        kept: list[_Clause] = []
        for c in clauses[item.path]:
            got = _read_clause(text, folded, c, scope.at(c.outer[0], c.inner), read)
            if got:
                rs.extend(got)
                kept.append(c)
        if not rs:
            for c in _sentence_clauses(folded, outline, item):
                got = _read_clause(text, folded, c, None, read)
                if got:
                    rs.extend(got)
                    kept.append(c)
        roles[item.path] = rs
        used[item.path] = kept
    return roles, used


@dataclass(slots=True)
class _Parts:
    """Step 5's result: the document's parts and where its clauses and goal sections are."""

    tasks: list[Task] = field(default_factory=list)
    safeguards: list[Safeguard] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    clause_spans: list[tuple[int, int]] = field(default_factory=list)
    goal_ranges: list[tuple[int, int]] = field(default_factory=list)


def _assemble(
    text: str,
    folded: str,
    outline: _Outline,
    roles: dict[str, list[Responsibility]],
    used: dict[str, list[_Clause]],
    scope: _RuleScope,
    lex,
) -> _Parts:
    """Step 5: an item with units is a task; an item directly under a safeguards heading a safeguard;
    any other a section. Task tables add their rows' tasks."""
    parts = _Parts(clause_spans=[c.outer for cs in used.values() for c in cs])
    titles = {it.path: _title(text, folded, it, used[it.path]) for it in outline.items}
    heading_of = {it.path: squeeze(it.marker) + titles[it.path][0] for it in outline.items}
    for item in outline.items:
        top = item
        while top.parent is not None:
            top = top.parent
        title, tspan = titles[item.path]
        in_safeguards = item is not top and _SAFEGUARD_TITLE.search(heading_of[top.path]) is not None
        end = _trim_end(folded, item.start, item.end)
        span = Span(item.start, end, text[item.start : end])
        if roles[item.path]:
            parts.tasks.append(
                _item_task(text, folded, outline, item, title, tspan, span, heading_of, roles, used, lex)
            )
        elif in_safeguards and item.parent is top:
            parts.safeguards.append(Safeguard(item.id, item.number, title, item.path, span, ()))
        else:
            parent = item.parent.path if item.parent else None
            parts.sections.append(Section(item.id, item.number, title, item.level, span, parent, item.path))
            if _GOAL_TITLE.search(title):
                parts.goal_ranges.append((item.start, item.end))
    for ti, table in enumerate(outline.tables, start=1):
        containers = [it for it in outline.items if it.start <= table.start < it.end]
        container = max(containers, key=lambda it: it.level) if containers else None
        section = heading_of.get(container.path) if container else None
        rule = scope.at(table.start, (table.start, table.start))
        parts.tasks.extend(_table_tasks(text, folded, table, ti, container, section, rule, lex))
        parts.clause_spans.extend((r.line_start, r.line_end) for r in table.rows)
    parts.tasks.sort(key=lambda t: t.span.start)
    return parts


def _item_task(
    text: str,
    folded: str,
    outline: _Outline,
    item: Item,
    title: str,
    tspan: Span,
    span: Span,
    heading_of: dict[str, str],
    roles: dict[str, list[Responsibility]],
    used: dict[str, list[_Clause]],
    lex,
) -> Task:
    """The task of one item: its title, units and roles, and what its own text mentions."""
    ranges = subtract(outline.own_ranges(item), [c.outer for c in used[item.path] if c.form != "sentence"])
    ip, ind, mentions = find_mentions(text, folded, ranges, lex)
    return Task(
        item.id,
        item.number,
        title,
        heading_of[item.parent.path] if item.parent else None,
        item.path,
        item.level,
        span,
        tspan,
        _merge_roles(roles[item.path]),
        tuple(ip),
        tuple(ind),
        tuple(mentions),
    )


def _require_tasks(tasks: list[Task], items: list[Item], source: str, required: bool) -> None:
    """A document with no task is refused (one line saying why) when tasks are required."""
    if tasks or not required:
        return
    if not items:
        raise NoTasksError(source, "no numbered items (一、 （一） 1. …) found: is this a policy plan?")
    raise NoTasksError(
        source,
        f"found {len(items)} numbered items but no task with a responsibility clause "
        "(责任单位/牵头单位/…牵头/…负责)",
    )


def _metadata(
    text: str,
    folded: str,
    doc_id: str,
    source: str,
    encoding: str,
    sha256: str | None,
    title_hint: str | None,
):
    """Step 7: title, issuer, 文号, date, period; the cited documents (not the document's own title)
    and the jurisdiction its agencies are scoped to."""
    issuer, jurisdiction = find_issuer(folded)
    title = title_hint or find_title(text.splitlines())
    citations = [
        c
        for c in find_citations(text, folded)
        if not _same_title(c.title, title) and not c.title.rstrip("》").endswith(NOT_DOCUMENTS)
    ]
    period, period_label = find_period(title, folded)
    meta = DocumentMeta(
        id=doc_id,
        title=title or doc_id,
        issuer=issuer,
        source=source,
        sha256=sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest(),
        encoding=encoding,
        document_number=find_document_number(folded),
        date=find_date(folded),
        title_inferred=title is None,
        period=period,
        period_label=period_label,
    )
    return meta, citations, jurisdiction


def _agencies(tasks: list[Task], lex, jurisdiction, doc_id: str) -> tuple[Agency, ...]:
    """Step 8: every unit named in a task, resolved against the gazetteer in the document's place."""
    names = dict.fromkeys(r.agency for t in tasks for r in t.responsibilities)
    return tuple(resolve_agency(n, lex, jurisdiction, doc_id) for n in names)


def _warnings(
    text: str,
    folded: str,
    outline: _Outline,
    used: dict[str, list[_Clause]],
    roles: dict[str, list[Responsibility]],
    scope: _RuleScope,
    read: _Read,
    tasks: list[Task],
    agencies: tuple[Agency, ...],
    targets: list,
    clause_spans: list[tuple[int, int]],
) -> list[ExtractionWarning]:
    """Step 6: the places a researcher should check (`loaders.extract.warnings`), in text order."""
    out: list[ExtractionWarning] = []
    read_outer = {c.outer for cs in used.values() for c in cs}
    applied = dict.fromkeys(((s.start, s.end), s.rule) for s in scope.statements)
    counts = dict.fromkeys(applied, 0)
    split: dict[tuple, list[str]] = {k: [] for k in counts}  # the tasks each statement's rule split
    at_stake: dict[tuple, list[str]] = {k: [] for k in counts}  # the tasks the other rule splits otherwise
    misread = {k for k in counts if W.rule_misread(folded, k[0], k[1].value)}  # only these need at_stake
    first_key: dict[LeadRule, tuple] = {}  # the first statement of each rule: the one its count goes to
    for k in counts:
        first_key.setdefault(k[1], k)
    task_of = {t.path: t for t in tasks}
    # a clause lifted to the parent item is read; a stated lead rule is not an assignment
    not_free = Spans([*read_outer, *((x.start, x.end) for x in scope.statements)])
    for item in outline.items:
        ranges = outline.own_ranges(item)
        if not roles[item.path]:
            end = _trim_end(folded, item.start, item.end)
            free = subtract(ranges, [h for a, b in ranges for h in not_free.overlapping(a, b)])
            out += W.item_without_task(text, folded, item.id, free, (item.start, end)) or W.units_no_task(
                text, folded, free, item.id
            )
        for a, b in ranges:
            for oa, ob in outline.brackets(folded, a, b):
                if (oa, ob) not in read_outer and _LABEL_RX_ANY.search(folded, oa, ob):
                    out += W.clause_not_read(text, folded, [(oa, ob)], tasks)
        task = task_of.get(item.path)
        if task is not None and len(used[item.path]) > 2:
            span = (item.start, _trim_end(folded, item.start, item.end))
            out += W.clauses_merged(text, folded, task, span, [c.outer for c in used[item.path]])
        for c in used[item.path]:
            rule = scope.at(c.outer[0], c.inner)
            if rule is None or c.form == "sentence":
                continue
            ruled, plain = _units_of(folded, c, rule, read), _units_of(folded, c, None, read)
            key = first_key.get(rule)
            if ruled != plain:
                if key is not None:
                    counts[key] += 1
                    if task is not None:
                        split[key].append(task.path)
                        other = next(r for r in LeadRule if r != rule)
                        if key in misread and _units_of(folded, c, other, read) != ruled:
                            at_stake[key].append(task.path)
            elif ruled and len(ruled) > 1 and all(u.role == Role.LEAD for u in ruled):
                if "牵头" not in folded[c.inner[0] : c.inner[1]]:
                    names = [u.name for u in ruled]
                    out.append(W.lead_rule_unsplit(text, item.id, c.outer, names, item.path))
    for (span, rule), n in counts.items():
        out.append(W.lead_rule(text, span, rule.value, n, dict.fromkeys(split[(span, rule)])))
        out += W.lead_rule_misread(text, folded, span, rule.value, dict.fromkeys(at_stake[(span, rule)]))
    out += W.lead_rule_not_read(text, folded, [(x.start, x.end) for x in scope.statements], tasks)
    out += W.numbering_gaps(text, outline.items, tasks)
    out += W.number_not_read(text, folded, outline.items, tasks)
    out += W.lines_not_read(text, folded, outline.items, tasks, outline.tables)
    out += W.unit_name(text, tasks)
    out += W.title_paragraph(text, tasks)
    out += W.name_two_ways(text, agencies, tasks)
    out += W.unresolved_agencies(text, agencies, tasks)
    out += W.target_not_read(text, folded, targets, clause_spans)
    out += W.table_problems(
        text, [(a, b) for a, b, _ in find_row_blocks(folded, text)], outline.tables, tasks
    )
    return sorted(out, key=lambda w: (w.span.start, w.code))


def _lift_closing_clauses(folded: str, items: list[Item], clauses: dict[str, list[_Clause]]) -> None:
    """When the sub-items of an item carry no clause of their own and one clause follows the last of
    them, it closes the whole item (the item is one task) — when the clause stands on its own line
    after them, or when the item introduces its sub-items (a paragraph, a sentence or a colon after
    its heading: ``…可享受下述补贴：``). A clause at the end of the last sub-item's own paragraph under a
    bare heading stays with that sub-item (a heading over independent sub-items)."""

    def has_clause(item: Item) -> bool:
        return bool(clauses[item.path]) or any(has_clause(k) for k in item.children)

    for item in reversed(items):  # sub-items first
        kids = item.children
        if len(kids) < 2 or clauses[item.path] or any(has_clause(k) for k in kids[:-1]):
            continue
        last = kids[-1]
        if len(clauses[last.path]) != 1 or last.children:
            continue
        c = clauses[last.path][0]
        own_line = folded[last.body_start : c.outer[0]].rstrip(" \u3000").endswith("\n")
        heading_end = folded.find("\n", item.body_start, kids[0].start)
        intro = folded[item.body_start : kids[0].start].rstrip()
        introduced = (
            intro.endswith(("：", ":"))
            or "。" in intro
            or (heading_end != -1 and folded[heading_end : kids[0].start].strip() != "")
        )
        if not (own_line or introduced):
            continue
        closes = not folded[c.outer[1] : last.end].strip() and last.end >= item.end
        if c.form in ("bracket", "lines") and closes:
            clauses[item.path] = [c]
            clauses[last.path] = []


def _same_title(cited: str, title: str | None) -> bool:
    """Whether a 《cited》 title is the document's own (brackets, dashes, spaces and the particle 的
    aside: a covering notice may print its plan's title as …扩大有效投资的若干措施 and the plan as
    …扩大有效投资若干措施).

    Examples
    --------
    >>> _same_title("《某省扩大有效投资的若干措施》", "某省扩大有效投资若干措施")
    True
    >>> _same_title("《某省扩大有效投资若干措施》", "某省稳定就业若干措施")
    False
    """
    if not title:
        return False

    def norm(s: str) -> str:
        return re.sub(r"[\s《》（）()—\-－–~～的]", "", fold(s))

    return norm(cited) == norm(title)


def _trim_end(folded: str, start: int, end: int) -> int:
    while end > start and folded[end - 1] in " \u3000\r\n":
        end -= 1
    return end


def _cell_text(folded: str, row, col: int | None) -> str:
    if col is None or col >= len(row.cells):
        return ""
    a, b = row.cells[col]
    return folded[a:b].strip()


def _table_tasks(
    text: str,
    folded: str,
    table: TaskTable,
    index: int,
    container: Item | None,
    section: str | None,
    rule: LeadRule | None,
    lex,
) -> list[Task]:
    """Key tasks from the rows of one task table (rows with an empty number continue a task)."""
    prefix = f"{container.path}." if container else ""
    level = container.level + 1 if container else 1
    groups: list[list] = []
    last_num = None
    for row in table.rows:
        num = _cell_text(folded, row, table.number_col)
        new = (
            not groups
            or (table.number_col is not None and num and num != last_num)
            or (table.number_col is None and _cell_text(folded, row, table.task_col))
        )
        if new:
            groups.append([row])
            last_num = num or last_num
        else:
            groups[-1].append(row)
    out: list[Task] = []
    for n, rows in enumerate(groups, start=1):
        first = rows[0]
        num_text = ""
        if table.number_col is not None and table.number_col < len(first.cells):
            a, b = first.cells[table.number_col]
            num_text = "".join(folded[a:b].split())
        number = row_number(num_text, n) if num_text else n
        ta, tb = (
            first.cells[table.task_col]
            if table.task_col < len(first.cells)
            else (first.line_start, first.line_start)
        )
        m = re.search("。", folded[ta:tb])
        te = ta + m.start() if m else tb
        responsibilities: list[Responsibility] = []
        task_ranges = []
        for row in rows:
            if table.task_col < len(row.cells):
                task_ranges.append(row.cells[table.task_col])
            for ci in cell_agencies(folded, table, row, rule):
                col = table.lead_col if ci.role == "lead" and table.lead_col is not None else table.coop_col
                ca, cb = row.cells[col] if col is not None and col < len(row.cells) else (ci.start, ci.end)
                if not (ca <= ci.start and ci.end <= cb):
                    ca, cb = row.line_start, row.line_end
                responsibilities.append(
                    Responsibility(
                        squeeze(text[ci.start : ci.end]),
                        ci.role,
                        Span(ci.start, ci.end, text[ci.start : ci.end]),
                        Span(ca, cb, text[ca:cb]),
                    )
                )
        if not responsibilities:
            continue
        ip, ind, mentions = find_mentions(text, folded, task_ranges, lex)
        start, end = first.line_start, rows[-1].line_end
        out.append(
            Task(
                num_text or str(number),
                number,
                text[ta:te].strip(),
                section,
                f"{prefix}table{index}.{n}",
                level,
                Span(start, end, text[start:end]),
                Span(ta, te, text[ta:te]),
                _merge_roles(responsibilities),
                tuple(ip),
                tuple(ind),
                tuple(mentions),
            )
        )
    return out
