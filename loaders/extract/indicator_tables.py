"""Indicator tables: one target per row and target column, with the base-year value as its baseline.

A plan states its main indicators as a table — ``序号 | 指标 | 单位 | 2020年 | 2025年 | 属性`` — in the
text, in an annex, as tab-separated lines (a table copied from Word) or as an HTML or DOCX table, which
`loaders.read.formats` renders as `` | ``-joined rows. Reading one:

1. **Header.** The first of the first three rows that names an indicator column (`指标`, `指标名称`,
   `二级指标` …) and either year columns (`2020年`, `2025年目标值`, `“十四五”目标`) or a column of
   goals written as prose (`评价标准`, `目标要求`). The earliest year column, or one marked `基期`,
   `现状`, is the base year when there are several; every later one is a target column. The unit
   and nature (`属性`: 预期性/约束性) columns are optional.
2. **Rows.** One target per row and target column whose cell holds a number (`80`, `≥50%`, `[5]`,
   `1.2万`), with the unit from the cell, from the name's bracket (`森林覆盖率（%）`) or from the unit
   column; the base-year cell gives ``baseline``. A row with fewer cells than the header has merged
   cells on the left (a category spanning rows). A prose cell (`2023年达到80%，力争2035年达到95%`)
   gives one target per value, each with the year written before it.

The words are data in `loaders.vocab.targets` (``TABLE_*``).

Examples
--------
>>> from loaders.read.normalize import fold
>>> text = "指标 | 单位 | 2020年 | 2025年 | 属性\\n森林覆盖率 | % | 45 | ≥48 | 约束性\\n"
>>> [(t.indicator, t.value, t.unit, t.year, t.baseline, t.comparison, t.nature)
...  for t in table_targets(text, fold(text), next(table_blocks(text, fold(text))), ())]
[('森林覆盖率', 48.0, '%', 2025, 45.0, 'at-least', '约束性')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from loaders.records import Span, Target, TargetKind
from loaders.vocab import targets as V

__all__ = ["table_blocks", "table_targets", "comparison_of"]


def _alt(words: Iterable[str]) -> str:
    return "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))


@dataclass(slots=True)
class Row:
    """A line of a table: its span and the (start, end) of each cell's text."""

    start: int
    end: int
    cells: list[tuple[int, int]]


@dataclass(slots=True)
class _Columns:
    indicator: int
    targets: list[tuple[int, int | None]]  # (column, year)
    base: tuple[int, int | None] | None
    unit: int | None
    nature: int | None
    prose: int | None  # a column of goals written as sentences (评价标准)


_INDICATOR_HEADER = re.compile(rf"^(?:{_alt(V.TABLE_INDICATOR_HEADERS)})|指标$")
_NOT_INDICATOR = re.compile(_alt(V.TABLE_NOT_INDICATOR))
_UNIT_HEADER = re.compile(rf"^(?:{_alt(V.TABLE_UNIT_HEADERS)})$")
_NATURE_HEADER = re.compile(rf"^(?:{_alt(V.TABLE_NATURE_HEADERS)})$")
_PROSE_HEADER = re.compile(rf"^(?:{_alt(V.TABLE_PROSE_HEADERS)})$")
_HEADER_YEAR = re.compile(r"((?:19|20)\d\d)\s*年?|[“\"]?(十[一二三四五六]五)[”\"]?")
_UNITS = (
    rf"(?:{_alt(V.MAGNITUDES)})?(?:{_alt(V.BASE_UNITS + V.LATIN_UNITS)})(?:/(?:{_alt(V.PER_UNITS)}))?"
)
_CELL_VALUE = re.compile(
    rf"^(?P<before>{_alt(V.COMPARISON_BEFORE)})?\s*(?:累计)?\s*[\[［〔（]?\s*"
    rf"(?P<num>\d+(?:,\d{{3}})*(?:\.\d+)?)\s*[\]］〕）]?\s*(?P<unit>{_UNITS})?"
    rf"\s*(?P<after>{_alt(V.VALUE_SUFFIXES)})?$"
)
_PROSE_VALUE = re.compile(
    rf"(?P<before>{_alt(V.COMPARISON_BEFORE)})?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>{_UNITS})"
    rf"(?P<after>{_alt(V.VALUE_SUFFIXES)})?"
)
_PROSE_YEAR = re.compile(r"((?:19|20)\d\d)\s*年(?!\s*\d{1,2}\s*月)")
_UNIT_IN_NAME = re.compile(r"\s*[（(]\s*(?P<unit>[^（）()]{1,12})\s*[）)]\s*$")
_ROW_NUMBER = re.compile(r"^\s*(?:\d{1,3}[.．、](?!\d)|（\d{1,3}）|[一二三四五六七八九十]{1,3}[、.．])\s*")
_RANGE = re.compile(r"\d\s*[—–\-~～]\s*$")


def comparison_of(before: str, after: str) -> str | None:
    """How a value bounds the outcome, from the words before and after it (`COMPARISONS`).

    Examples
    --------
    >>> comparison_of("不低于", ""), comparison_of("", "以下"), comparison_of("", "左右")
    ('at-least', 'at-most', 'about')
    """
    for w in (after, before):
        if w and w in V.COMPARISONS:
            return V.COMPARISONS[w]
    return None


def _split_row(text: str, folded: str, a: int, b: int) -> list[tuple[int, int]] | None:
    """The cells of the line ``[a, b)`` if it is a table row (`` | `` or tab separated)."""
    line = text[a:b]
    sep = "|" if "|" in folded[a:b] else ("\t" if "\t" in line else "")
    if not sep:
        return None
    cells, pos = [], a
    for part in line.split(sep):
        e = pos + len(part)
        ca, cb = pos, e
        while ca < cb and folded[ca] in " \u3000\r":
            ca += 1
        while cb > ca and folded[cb - 1] in " \u3000\r":
            cb -= 1
        cells.append((ca, cb))
        pos = e + 1
    while cells and cells[0][0] == cells[0][1] and len(cells) > 1:  # a leading `|`
        cells.pop(0)
    while cells and cells[-1][0] == cells[-1][1] and len(cells) > 1:  # a trailing `|`
        cells.pop()
    return cells if len(cells) >= 2 else None


def table_blocks(text: str, folded: str) -> Iterator[list[Row]]:
    """Runs of consecutive table rows. A short line between rows (a category row whose one cell
    spans the table: 一、创新驱动) does not end the run."""
    block: list[Row] = []
    gap = 0  # short lines since the last row
    pos = 0
    n = len(folded)
    while pos <= n:
        e = folded.find("\n", pos)
        e = n if e == -1 else e
        line = folded[pos:e].strip()
        cells = _split_row(text, folded, pos, e) if line else None
        if cells:
            block.append(Row(pos, e, cells))
            gap = 0
        elif block and line:
            gap += 1
            if len(line) > 30 or "。" in line or gap > 2:
                yield block
                block, gap = [], 0
        pos = e + 1
    if block:
        yield block


def _header_columns(folded: str, row: Row) -> _Columns | None:
    ind = unit = nature = prose = None
    years: list[tuple[int, int | None, str]] = []  # (column, year, role: goal | base | "")
    for i, (a, b) in enumerate(row.cells):
        cell = "".join(folded[a:b].split())
        if _UNIT_HEADER.match(cell):
            unit = i
        elif _NATURE_HEADER.match(cell):
            nature = i
        elif _PROSE_HEADER.match(cell):
            prose = i
        elif _INDICATOR_HEADER.search(cell) and len(cell) <= 8 and not _NOT_INDICATOR.search(cell):
            ind = i  # the last one: 一级指标 | 二级指标 → 二级指标
        else:
            m = _HEADER_YEAR.search(cell)
            role = (
                "goal"
                if any(w in cell for w in V.TABLE_GOAL_HEADERS)
                else ("base" if any(w in cell for w in V.TABLE_BASE_HEADERS) else "")
            )
            if m or role == "goal":
                year = None
                if m:
                    year = int(m.group(1)) if m.group(1) else V.FIVE_YEAR_PLANS[m.group(2)]
                years.append((i, year, role))
    if ind is None or not (years or prose is not None):
        return None
    base = next(((c, y) for c, y, r in years if r == "base"), None)
    goals = [(c, y) for c, y, r in years if r == "goal"]
    if not goals:
        rest = [(c, y) for c, y, r in years if r != "base"]
        if base is None and len(rest) > 1:
            first = min(rest, key=lambda cy: (cy[1] or 0, cy[0]))
            base, rest = first, [cy for cy in rest if cy != first]
        goals = rest
    return _Columns(ind, goals, base, unit, nature, prose)


def _number(s: str) -> float:
    return float(s.replace(",", ""))


def table_targets(
    text: str, folded: str, block: list[Row], exclude: Sequence[tuple[int, int]]
) -> list[Target]:
    """The targets of one table (`table_blocks`): none when it is not an indicator table."""
    out: list[Target] = []
    cols = None
    width = 0
    for k, row in enumerate(block):
        if cols is None:
            if k > 2:  # no header in the first rows: not an indicator table
                return out
            cols = _header_columns(folded, row)
            width = len(row.cells)
            continue
        if any(a <= row.start < b for a, b in exclude):
            continue
        cells = row.cells
        if len(cells) < width:  # merged cells on the left (a category spanning rows)
            cells = [(row.start, row.start)] * (width - len(cells)) + cells

        def cell(i: int | None, cells: list[tuple[int, int]] = cells) -> tuple[int, int, str]:
            if i is None or i >= len(cells):
                return (0, 0, "")
            a, b = cells[i]
            return a, b, "".join(folded[a:b].split())

        ia, ib, name = cell(cols.indicator)
        name = _ROW_NUMBER.sub("", name)
        name_unit = ""
        um = _UNIT_IN_NAME.search(name)
        if um:
            name, name_unit = name[: um.start()], um.group("unit")
        if len(name) < 2:
            continue
        column_unit = cell(cols.unit)[2]
        nature = next((n for n in V.NATURES if n in cell(cols.nature)[2]), None)
        kind = TargetKind.RATE if name.endswith(V.RATE_MEASURES) or "年均增长" in name else TargetKind.LEVEL
        baseline = baseline_year = None
        if cols.base is not None:
            bm = _CELL_VALUE.match(cell(cols.base[0])[2])
            if bm:
                baseline, baseline_year = _number(bm.group("num")), cols.base[1]
        for col, year in cols.targets:
            va, vb, value = cell(col)
            m = _CELL_VALUE.match(value)
            if not m:
                continue
            unit = m.group("unit") or name_unit or column_unit
            a, b = min(ia, va), max(ib, vb)
            comparison = comparison_of(m.group("before") or "", m.group("after") or "")
            out.append(
                Target(
                    name, _number(m.group("num")), unit, year, nature, Span(a, b, text[a:b]), kind,
                    comparison, baseline, baseline_year,
                )
            )
        if cols.prose is not None:
            pa, pb, _ = cell(cols.prose)
            out.extend(_prose_targets(text, folded, pa, pb, name, (ia, ib), nature, kind))
    return out


def _prose_targets(
    text: str,
    folded: str,
    a: int,
    b: int,
    name: str,
    name_span: tuple[int, int],
    nature: str | None,
    kind: TargetKind,
) -> Iterator[Target]:
    """Goals written as prose in a cell (2023年达到80%，力争2035年达到95%): each value with the year
    written before it in the cell. Changes (每年增加1-3个百分点, 较上年提高) and ranges are not levels."""
    for m in _PROSE_VALUE.finditer(folded, a, b):
        left = folded[a : m.start()]
        clause = re.split(r"[，。；]", left)[-1]
        if _RANGE.search(left) or any(w in clause for w in V.TABLE_PROSE_CHANGES):
            continue
        years = list(_PROSE_YEAR.finditer(clause))
        year = int(years[-1].group(1)) if years else None
        comparison = comparison_of(m.group("before") or "", m.group("after") or "")
        s0, s1 = min(name_span[0], m.start()), max(name_span[1], m.end())
        yield Target(
            name, _number(m.group("num")), m.group("unit"), year, nature, Span(s0, s1, text[s0:s1]), kind,
            comparison,
        )
