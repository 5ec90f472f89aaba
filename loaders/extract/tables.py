"""Task tables: 序号 | 任务 | 牵头单位 | 配合单位 (possibly several rows per task).

`loaders.read.formats` renders every table row as one line with cells joined by `` | ``; here a block of
such lines whose header names a task column and a responsibility column becomes key tasks. A row
whose number cell is empty continues the task above it (merged cells in the original).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from loaders.extract.clauses import parse_cell
from loaders.read.formats import CELL_SEP
from loaders.read.normalize import cn_to_int
from loaders.records import Role
from loaders.vocab.clauses import LeadRule

__all__ = ["TableRow", "TaskTable", "find_task_tables", "find_row_blocks"]

_TASK_COL = re.compile(r"任务|工作内容|主要内容|措施|事项|举措|工作要求|具体内容")
_LEAD_COL = re.compile(r"牵头|责任单位|责任部门|主责|负责单位|责任主体|承办")
_COOP_COL = re.compile(r"配合|参与|协同|协办|协助")
_IMPLEMENTING_COL = re.compile(r"责任单位|责任部门|责任主体|实施单位")
_NUM_COL = re.compile(r"^(?:序号|编号|序|No\.?)$", re.I)


@dataclass
class TableRow:
    line_start: int
    line_end: int
    cells: list[tuple[int, int]]  # (start, end) of each cell's text in the folded text


@dataclass
class TaskTable:
    start: int
    end: int
    number_col: int | None
    task_col: int
    lead_col: int | None
    coop_col: int | None
    rows: list[TableRow]
    width: int = 0  # cells in the header row


def _split_cells(
    folded: str, ls: int, le: int, sep: str = "|", marks: str | None = None
) -> list[tuple[int, int]]:
    """Cells of a row line: text between ``|`` marks (a ``|`` inside a cell was made ``｜``), or
    between tabs found in ``marks`` (the unfolded text, where tabs are still tabs)."""
    marks = folded if marks is None else marks
    cells, pos = [], ls
    while True:
        k = marks.find(sep, pos, le)
        end = le if k == -1 else k
        a, b = pos, end
        while a < b and folded[a] in " \u3000":
            a += 1
        while b > a and folded[b - 1] in " \u3000":
            b -= 1
        cells.append((a, b))
        if k == -1:
            return cells
        pos = k + 1


def find_row_blocks(folded: str, text: str | None = None) -> list[tuple[int, int, str]]:
    """Runs of two or more table-row lines: ``(start, end, separator)``.

    Rows are lines with cells joined by ``|`` (tables read from HTML, DOCX and PDF, see
    `loaders.read.formats`) or, in ``text`` (the unfolded text, same offsets), by tabs — what a table
    copied out of Word gives in a plain-text file.
    """
    out: list[tuple[int, int, str]] = []
    block: list[tuple[int, int]] = []
    kind = ""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", folded)] + [(len(folded), len(folded))]
    for ls, le in lines:
        row_kind = (
            "|" if CELL_SEP in folded[ls:le] else "\t" if text is not None and "\t" in text[ls:le] else ""
        )
        if row_kind and row_kind == (kind or row_kind):
            block.append((ls, le))
            kind = row_kind
            continue
        if len(block) >= 2:
            out.append((block[0][0], block[-1][1], kind))
        block, kind = ([(ls, le)], row_kind) if row_kind else ([], "")
    return out


def find_task_tables(folded: str, text: str | None = None) -> list[TaskTable]:
    """Row blocks (`find_row_blocks`) whose header has a task column and a lead or cooperating column."""
    tables = []
    for start, end, sep in find_row_blocks(folded, text):
        block = [(start + m.start(), start + m.end()) for m in re.finditer(r"[^\n]+", folded[start:end])]
        t = _table(folded, block, sep, text)
        if t is not None:
            tables.append(t)
    return tables


def _table(
    folded: str, block: list[tuple[int, int]], sep: str = "|", text: str | None = None
) -> TaskTable | None:
    marks = text if sep == "\t" else None

    def cells(a: int, b: int) -> list[tuple[int, int]]:
        return _split_cells(folded, a, b, sep, marks)

    header = [folded[a:b] for a, b in cells(*block[0])]
    task_col = lead_col = coop_col = num_col = None
    for i, h in enumerate(header):
        h = "".join(h.split())
        if num_col is None and _NUM_COL.match(h):
            num_col = i
        elif coop_col is None and _COOP_COL.search(h):
            coop_col = i
        elif lead_col is None and _LEAD_COL.search(h):
            lead_col = i
        elif coop_col is None and lead_col is not None and _IMPLEMENTING_COL.search(h):
            coop_col = i  # 牵头部门 | 责任部门: the units that implement under the lead cooperate
        elif task_col is None and _TASK_COL.search(h):
            task_col = i
    if task_col is None or (lead_col is None and coop_col is None):
        return None
    rows = [_realign(folded, TableRow(a, b, cells(a, b)), num_col, len(header)) for a, b in block[1:]]
    return TaskTable(block[0][0], block[-1][1], num_col, task_col, lead_col, coop_col, rows, len(header))


_ROW_NUMBER = re.compile(r"^[（(]?(?:\d{1,3}|[一二三四五六七八九十]{1,3})[）).、．]?$")


def _realign(folded: str, row: TableRow, num_col: int | None, width: int) -> TableRow:
    """A row whose merged leading cells were dropped by the copy (序号 and 任务 merged with the row
    above) arrives shifted left, short of cells or with its last cells empty: shift it back, so that
    each cell is under its column and the row continues the task above it."""
    if num_col is None or num_col >= len(row.cells):
        return row
    texts = ["".join(folded[a:b].split()) for a, b in row.cells]
    filled = len(texts) - len(list(itertools.takewhile(lambda t: not t, reversed(texts))))
    shift = width - filled
    if shift <= 0 or not texts[num_col] or _ROW_NUMBER.match(texts[num_col]):
        return row
    empty = (row.line_start, row.line_start)
    return TableRow(row.line_start, row.line_end, [empty] * shift + row.cells[:filled])


def row_number(text: str, fallback: int) -> int:
    s = text.strip().strip("（）().、")
    if s.isdigit():
        return int(s)
    try:
        return cn_to_int(s)
    except ValueError:
        return fallback


def cell_agencies(folded: str, table: TaskTable, row: TableRow, rule: LeadRule | None):
    """The agencies in a row's responsibility cells (`loaders.extract.clauses.ClauseItem`)."""
    out = []
    for col, role in ((table.lead_col, Role.LEAD), (table.coop_col, Role.COOPERATING)):
        if col is None or col >= len(row.cells):
            continue
        a, b = row.cells[col]
        if a < b:
            out.extend(parse_cell(folded, a, b, role, rule=rule if role is Role.LEAD else None))
    return out
