"""Document relations: the documents a plan implements, is based on, supersedes or amends.

Every relation is read from a 《title》 the document cites (`loaders.extract.targets.find_citations`), so a
relation is also a citation; what the relation adds is the words around the title:

- **implements / based-on** (`loaders.vocab.relations.GOVERNING_WORDS`): a word such as 贯彻落实,
  落实, 承接, 按照…部署/要求/精神 (implements) or 根据, 依据, 结合…精神 (based-on) governs every
  title that follows it in the same clause (up to the next ，；。 or line end), however the titles are
  joined (``《A》《B》``, ``《A》、《B》和省上《C》``, ``国务院《A》和四川省科技厅等部门印发的《B》精神``).
  They are read only where a plan says why it was made: the preamble (before the first numbered
  heading) and the top-level sections headed 指导思想 / 总体要求 …; in a task, 落实《X》 is work to do
  and the title stays a plain citation.
- **supersedes** (废止, 停止执行 …) and **amends** (对《X》作如下修改 …) where the document states it of
  a title; 修订《X》 alone counts only in the preamble (in a task it is work to do).

Where a rule decides something a reader may want to check, a warning says so (`loaders.extract.warnings`):
``relation-scope`` when one word governs several titles (each was given the relation) and
``relation-unclear`` when a relation word stands by a title but the rule did not apply.

Examples
--------
>>> from loaders.read.normalize import fold
>>> from loaders.extract.targets import find_citations
>>> text = "为贯彻落实《重庆市知识产权强市建设纲要》，根据《专利法》，制定本方案。"
>>> folded = fold(text)
>>> rels, warns = find_relations(text, folded, find_citations(text, folded), [(0, len(text))])
>>> [(r.kind.value, r.title) for r in rels]
[('implements', '《重庆市知识产权强市建设纲要》'), ('based-on', '《专利法》')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from loaders.records import Citation, DocumentRelation, ExtractionWarning, RelationKind, Span
from loaders.vocab.relations import (
    AMEND_AROUND,
    AMEND_BEFORE,
    GOVERNING_WORDS,
    MAX_GAP_TO_TITLE,
    PREAMBLE_HEADINGS,
    SUPERSEDE_AFTER,
    SUPERSEDE_BEFORE,
    WORK_TO_DO,
)

__all__ = ["find_relations", "preamble_scopes"]

# Clause boundaries: a governing word's scope ends at the next one (outside 《》).
_CLAUSE_END = "，；。：！？\n"
_GOVERNING = re.compile("|".join(sorted(map(re.escape, GOVERNING_WORDS), key=len, reverse=True)))
# Between titles and after the last: a bracketed note (国家二十条 / 鲁政办字〔2020〕176号), or the words
# before the next title of the clause (、, 和, 和省上, 和四川省科技厅等部门印发的), or 等.
_JOINERS = re.compile(
    rf"(?:[（(][^（）()]{{0,40}}[）)]|[^，；。：！？《》\n]{{1,{MAX_GAP_TO_TITLE}}}(?=《)|等)"
)
# How far after the last title of a clause its closing word (要求, 部署, 精神) may stand: 有关工作部署.
_CLOSING_REACH = 8
_SUPERSEDE_AFTER = re.compile(
    r"(?:同时|即|也|一并|自[^，；。]{0,20}?起)?(?:" + "|".join(map(re.escape, SUPERSEDE_AFTER)) + ")"
)


def preamble_scopes(folded: str, items: Sequence) -> list[tuple[int, int]]:
    """Where a plan says why it was made: the text before its first numbered item, and the top-level
    items whose heading is one of `loaders.vocab.relations.PREAMBLE_HEADINGS` (指导思想, 总体要求 …).

    ``items`` are `loaders.extract.structure.Item` (``start``, ``body_start``, ``end``, ``level``).

    Examples
    --------
    >>> preamble_scopes("为落实《X》，制定本方案。\\n一、任务\\n", [])
    [(0, 19)]
    """
    if not items:
        return [(0, len(folded))]
    first = min(it.start for it in items)
    out = [(0, first)]
    top = min(it.level for it in items)
    for it in items:
        heading = folded[it.body_start : it.body_start + 12].lstrip()
        if it.level == top and heading.startswith(PREAMBLE_HEADINGS):
            out.append((it.start, it.end))
    return out


def _inside(k: int, scopes: Sequence[tuple[int, int]]) -> bool:
    return any(a <= k < b for a, b in scopes)


def _clause(folded: str, start: int, end: int, titles: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """The clause around ``[start, end)``: from after the previous boundary to the next one, where
    boundaries inside 《》 do not count."""

    def in_title(k: int) -> bool:
        return any(a < k < b for a, b in titles)

    a = start
    while a > 0 and not (folded[a - 1] in _CLAUSE_END and not in_title(a - 1)):
        a -= 1
    b = end
    while b < len(folded) and not (folded[b] in _CLAUSE_END and not in_title(b)):
        b += 1
    return a, b


def _strip_titles(s: str) -> str:
    return re.sub(r"《[^《》]*》", "", s)


def _skip_joined(folded: str, pos: int, limit: int) -> int:
    """From ``pos`` (after a title), past further titles and the words that join them."""
    while pos < limit:
        m = _JOINERS.match(folded, pos, limit)
        if m and m.end() > pos:
            pos = m.end()
            continue
        if folded.startswith("《", pos):
            close = folded.find("》", pos, limit)
            if close != -1:
                pos = close + 1
                continue
        break
    return pos


def find_relations(
    text: str,
    folded: str,
    citations: Sequence[Citation],
    scopes: Sequence[tuple[int, int]],
) -> tuple[list[DocumentRelation], list[ExtractionWarning]]:
    """The relations stated of the cited titles, and the warnings where a rule decided.

    ``scopes`` are the ranges where implements / based-on are read (`preamble_scopes`); supersede and
    amend statements are read anywhere. One relation per (kind, title), at its first statement.

    Examples
    --------
    >>> from loaders.read.normalize import fold
    >>> from loaders.extract.targets import find_citations
    >>> t = "本方案自印发之日起施行，《长寿区知识产权规划》同时废止。"
    >>> f = fold(t)
    >>> [(r.kind.value, r.title) for r in find_relations(t, f, find_citations(t, f), [])[0]]
    [('supersedes', '《长寿区知识产权规划》')]
    """
    titles = [(c.span.start, c.span.end) for c in citations]
    found: dict[tuple[RelationKind, str], DocumentRelation] = {}
    warnings: list[ExtractionWarning] = []
    scope_warned: set[tuple[int, int]] = set()

    def span(a: int, b: int) -> Span:
        return Span(a, b, text[a:b])

    def add(kind: RelationKind, c: Citation, a: int, b: int) -> None:
        found.setdefault((kind, c.title), DocumentRelation(kind, c.title, span(a, b)))

    def warn(code: str, message: str, a: int, b: int) -> None:
        warnings.append(ExtractionWarning(code, message, span(a, b)))

    for c in citations:
        s, e = c.span.start, c.span.end
        ca, cb = _clause(folded, s, e, titles)
        before = folded[ca:s]
        # --- supersedes ---------------------------------------------------------------------
        lead = before[:-1] if before.endswith("原") else before
        word_before = next((w for w in SUPERSEDE_BEFORE if lead.endswith(w)), None)
        rest = _skip_joined(folded, e, cb)
        after = _SUPERSEDE_AFTER.match(folded, rest, cb)
        if word_before is not None:
            w0 = s - (len(before) - len(lead)) - len(word_before)
            if folded[max(ca, w0 - 4) : w0].endswith(WORK_TO_DO):
                warn("relation-unclear", f"{word_before}{c.title} reads as work to do (研究/适时 …), "
                     "not as this document superseding it: kept as a plain citation", ca, e)
            else:
                add(RelationKind.SUPERSEDES, c, w0, e)
            continue
        if after is not None:
            add(RelationKind.SUPERSEDES, c, s, after.end())
            continue
        # --- amends -------------------------------------------------------------------------
        amended = False
        for pre, post in AMEND_AROUND:
            if before.endswith(pre) and folded.startswith(post, rest):
                add(RelationKind.AMENDS, c, s - len(pre), rest + len(post))
                amended = True
                break
        if amended:
            continue
        word = next((w for w in AMEND_BEFORE if lead.endswith(w)), None)
        if word is not None:
            w0 = s - (len(before) - len(lead)) - len(word)
            if _inside(s, scopes) and not folded[max(ca, w0 - 4) : w0].endswith(WORK_TO_DO):
                add(RelationKind.AMENDS, c, w0, e)
                continue
        # --- implements / based-on ------------------------------------------------------------
        if not _inside(s, scopes):
            continue
        governing = [m for m in _GOVERNING.finditer(folded, ca, s) if not _in_any(m.start(), titles)]
        if not governing:
            continue
        m = governing[-1]
        kind_name, closing = GOVERNING_WORDS[m.group()]
        gap = _strip_titles(folded[m.end() : s])
        gap = re.sub(r"[（(][^（）()]{0,40}[）)]", "", gap)
        if len(gap) > MAX_GAP_TO_TITLE:
            warn("relation-unclear", f"{m.group()} stands {len(gap)} characters before {c.title} in one "
                 "clause: too far to govern it, kept as a plain citation", m.start(), e)
            continue
        if closing:
            # 按照《X》要求 / 有关要求 / 的部署要求 / 工作部署: the closing word soon after the last title
            tail = folded[rest : min(cb, rest + _CLOSING_REACH)]
            if not any(w in tail for w in closing):
                warn("relation-unclear", f"{m.group()}{c.title} without {'/'.join(closing)} after the "
                     "title: kept as a plain citation", m.start(), e)
                continue
        add(RelationKind(kind_name), c, m.start(), e)
        governed = [t for t in titles if m.end() <= t[0] and t[1] <= cb]
        if len(governed) > 1 and (m.start(), cb) not in scope_warned:
            scope_warned.add((m.start(), cb))
            last = max(b for _, b in governed)
            warn("relation-scope", f"{m.group()} is followed by {len(governed)} titles in one clause; "
                 f"each was read as {kind_name}: check that the word governs them all", m.start(), last)
    return list(found.values()), warnings


def _in_any(k: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= k < b for a, b in spans)
