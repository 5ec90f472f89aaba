"""``policykg review``: the workbook a researcher checks an extraction in, and reads corrections from.

``policykg review FILE_OR_DIR… -o review.xlsx`` extracts the documents and writes one sheet per
concern:

=================  ===========================================================================
sheet              rows
=================  ===========================================================================
说明 README        how to check and correct, and every warning code with what to do about it
任务 tasks         one per task: document, task number, number as written, title, lead and
                   cooperating units, IP types, industries, the clause as quoted, line, offsets,
                   the warnings that touch it, an action (删除 remove) and a note
指标 targets       one per numeric target: the sentence, indicator, value, unit, year, nature
机构 agencies      one per unit name as written in a document: full name, kind, resolved or not
警告 warnings      one per extraction warning: code, what it means, what to do, the quote, where
=================  ===========================================================================

The cells a researcher may edit are filled pale yellow; where a warning points at a cell, it is
orange with a note saying what the warning is; a cell a correction already changed is green with a
note saying what was extracted. Headers are frozen, every sheet has a filter, columns are as wide as
their Chinese text (a CJK character counts two) and long text wraps.

Each editable row also carries the extracted values in hidden columns (原… extracted …): when the
workbook is given back with ``policykg build --corrections review.xlsx``, a cell that differs from
the extracted value is a correction (`changes_from_workbook`). A new row in 任务 tasks (or 指标
targets) whose hidden columns are empty adds a task (or target): its 原文 cell quotes the document
text it is read from. ``--format csv`` writes the same sheets as UTF-8 CSV files with a BOM (Excel
on Chinese Windows opens them right), the extracted values as plain columns; they can be given back
as corrections too.
"""

from __future__ import annotations

import bisect
import csv
import io
import os
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loaders.records import Document, Role, Task

from ..cells import append_row, csv_row, csv_unescape
from .corrections import (
    KINDS,
    Applied,
    Change,
    CorrectionsError,
    Outcome,
    split_names,
    target_keys,
)
from .tools import parse_tools, tool_label_of, tools_cell

__all__ = ["Column", "Table", "review_tables", "write_review", "write_xlsx", "write_csv", "review_documents",
           "changes_from_workbook", "changes_from_review_csv", "SHEETS", "ReviewError"]

MAX_WIDTH = 50  # display width at which a column stops growing and its text wraps
EDIT_FILL = "FFF2CC"  # pale yellow: a cell to check and, if need be, correct
WARN_FILL = "F8CBAD"  # orange: a warning points here
DONE_FILL = "C6EFCE"  # green: a correction changed this cell
HEAD_FILL = "DDEBF7"
REMOVE = "删除 remove"
_REMOVE_WORDS = {"删除", "remove", "delete", "删除 remove", "x", "×"}
_YES, _NO = "是 yes", "否 no"


class ReviewError(CorrectionsError):
    """The review workbook cannot be written (one line, for the command line)."""


@dataclass(frozen=True)
class Column:
    """A column of a review sheet: its key, header, and whether a researcher edits it or it is hidden
    (the extracted values that corrections are compared with)."""

    key: str
    header: str
    editable: bool = False
    hidden: bool = False
    wrap: bool = False


def _cols(*spec: tuple) -> tuple[Column, ...]:
    return tuple(Column(*s) for s in spec)


TASK_COLUMNS = _cols(
    ("document", "文件 document"), ("task", "任务号 task"), ("number", "编号 number"),
    ("title", "标题 title", True), ("lead", "牵头单位 lead", True),
    ("cooperating", "配合单位 cooperating", True),
    ("ip_types", "知识产权类型 IP types"), ("industries", "产业 industries"),
    ("tools", "政策工具 policy tools", True), ("primary_tool", "主工具 primary tool", True),
    ("quote", "原文 clause as quoted", False, False, True), ("line", "行 line"), ("offsets", "位置 offsets"),
    ("warnings", "警告 warnings"), ("action", "操作 action", True), ("note", "备注 note", True),
    ("sha256", "sha256"),
    ("x_title", "原标题 extracted title", False, True), ("x_lead", "原牵头单位 extracted lead", False, True),
    ("x_cooperating", "原配合单位 extracted cooperating", False, True),
    ("x_tools", "原政策工具 extracted policy tools", False, True),
    ("x_primary_tool", "原主工具 extracted primary tool", False, True),
)
TARGET_COLUMNS = _cols(
    ("document", "文件 document"), ("target", "指标位置 target"), ("line", "行 line"),
    ("quote", "原文 sentence as quoted", False, False, True), ("indicator", "指标 indicator", True),
    ("value", "目标值 value", True), ("unit", "单位 unit", True), ("year", "年份 year", True),
    ("nature", "性质 nature", True), ("kind", "类型 kind"), ("warnings", "警告 warnings"),
    ("action", "操作 action", True), ("note", "备注 note", True), ("sha256", "sha256"),
    ("x_indicator", "原指标 extracted indicator", False, True),
    ("x_value", "原目标值 extracted value", False, True),
    ("x_unit", "原单位 extracted unit", False, True), ("x_year", "原年份 extracted year", False, True),
    ("x_nature", "原性质 extracted nature", False, True),
)
AGENCY_COLUMNS = _cols(
    ("document", "文件 document"), ("name", "原文写法 as written"), ("full_name", "全称 full name", True),
    ("kind", "类型 kind", True), ("resolved", "已识别 resolved"), ("tasks", "任务数 tasks"),
    ("warnings", "警告 warnings"), ("note", "备注 note", True), ("sha256", "sha256"),
    ("x_full_name", "原全称 extracted full name", False, True),
    ("x_kind", "原类型 extracted kind", False, True),
)
WARNING_COLUMNS = _cols(
    ("document", "文件 document"), ("level", "级别 level"), ("code", "代码 code"),
    ("message_zh", "信息 message (中文)", False, False, True),
    ("message", "信息 message", False, False, True),
    ("tasks", "任务 tasks"), ("means", "说明 what it means", False, False, True),
    ("todo", "怎么办 what to do", False, False, True),
    ("quote", "原文 quote", False, False, True), ("line", "行 line"), ("offsets", "位置 offsets"),
    ("sha256", "sha256"),
)
_LEVEL_CELLS = {"check": "核查 check", "note": "提示 note"}
README_COLUMNS = _cols(("topic", "项目 topic"), ("text", "说明 how to", False, False, True))

# sheet title → (short name for CSV files, columns)
SHEETS: dict[str, tuple[str, tuple[Column, ...]]] = {
    "说明 README": ("readme", README_COLUMNS),
    "任务 tasks": ("tasks", TASK_COLUMNS),
    "指标 targets": ("targets", TARGET_COLUMNS),
    "机构 agencies": ("agencies", AGENCY_COLUMNS),
    "警告 warnings": ("warnings", WARNING_COLUMNS),
}


@dataclass(frozen=True)
class Mark:
    """A marked cell: ``warning`` (orange) or ``corrected`` (green), with the note it carries."""

    kind: str
    note: str


@dataclass
class Table:
    """One sheet: title, columns, rows (column key → value) and the marked cells ((row, key) → Mark)."""

    title: str
    columns: tuple[Column, ...]
    rows: list[dict[str, Any]] = field(default_factory=list)
    marks: dict[tuple[int, str], Mark] = field(default_factory=dict)

    def mark(self, row: int, key: str, kind: str, note: str) -> None:
        """Mark a cell; a cell marked twice keeps both notes, and stays green once corrected."""
        old = self.marks.get((row, key))
        if old is not None:
            note = old.note if note in old.note else f"{old.note}\n{note}"
            kind = "corrected" if "corrected" in (kind, old.kind) else kind
        self.marks[(row, key)] = Mark(kind, note)


# ------------------------------------------------------------------ the rows
class _Lines:
    """Line numbers (from 1) of character offsets."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def __call__(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


def _names(task: Task, role: Role) -> str:
    return "、".join(r.agency for r in task.responsibilities if r.role == role)


def _clause_quote(doc: Document, task: Task) -> str:
    clauses = sorted({(r.clause.start, r.clause.end) for r in task.responsibilities})
    if not clauses:
        return task.span.quote
    return " … ".join(doc.text[a:b] for a, b in clauses)


def _value(v: float) -> int | float:
    return int(v) if float(v).is_integer() else v


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1] or a == b


def _applied_note(a: Applied) -> str:
    where = "、".join(c.origin for c in a.changes if c.origin) or a.file
    before = "（新增 added）" if a.extracted is None else (a.extracted or "（空 empty）")
    return f"corrected by {where}; extracted: {before}"


def review_tables(docs: Sequence[Document], outcomes: Sequence[Outcome | None] | None = None) -> list[Table]:
    """The sheets of the review workbook for ``docs`` (in document-id order).

    With ``outcomes`` (`kg.review.corrections.apply_corrections` of each document), the editable cells
    show the corrected values, marked green, while the hidden columns keep the extracted ones: the
    workbook given back as corrections gives the same corrections again.

    Examples
    --------
    >>> from loaders.extract.document import parse_text
    >>> text = "三、重点任务\\n（一）完善政策。内容。（牵头单位：区科技局；配合单位：区财政局）"
    >>> doc = parse_text(text, doc_id="d")
    >>> tables = review_tables([doc])
    >>> [t.title for t in tables]
    ['说明 README', '任务 tasks', '指标 targets', '机构 agencies', '警告 warnings']
    >>> row = tables[1].rows[0]
    >>> row["task"], row["lead"], row["cooperating"], row["x_lead"]
    ('1.1', '区科技局', '区财政局', '区科技局')
    """
    outcomes = list(outcomes) if outcomes is not None else [None] * len(docs)
    pairs = sorted(zip(docs, outcomes, strict=True), key=lambda p: p[0].meta.id)
    tasks = Table("任务 tasks", TASK_COLUMNS)
    targets = Table("指标 targets", TARGET_COLUMNS)
    agencies = Table("机构 agencies", AGENCY_COLUMNS)
    warnings = Table("警告 warnings", WARNING_COLUMNS)
    for doc, outcome in pairs:
        _document_rows(doc, outcome, tasks, targets, agencies, warnings)
    warnings.rows.sort(key=lambda r: r["level"] != _LEVEL_CELLS["check"])  # checks first (a stable sort)
    return [_readme(), tasks, targets, agencies, warnings]


def _document_rows(doc: Document, outcome: Outcome | None, tasks: Table, targets: Table, agencies: Table,
                   warnings: Table) -> None:
    from loaders.extract.warnings import CODES, message_zh

    m = doc.meta
    line = _Lines(doc.text)
    fixed = outcome.document if outcome is not None else doc
    applied = outcome.applied if outcome is not None else []
    done = {(a.item, a.key, a.field): a for a in applied}
    base = {"document": m.id, "sha256": m.sha256}

    # -------------------------------------------------------------- tasks
    fixed_by_path = {t.path: t for t in fixed.tasks}
    row_of_path: dict[str, int] = {}
    for t in doc.tasks:
        now = fixed_by_path.get(t.path)
        shown = now or t
        row = {**base, "task": t.path, "number": t.id, "title": shown.title, "lead": _names(shown, Role.LEAD),
               "cooperating": _names(shown, Role.COOPERATING), "ip_types": "、".join(t.ip_types),
               "industries": "、".join(t.industries), "quote": _clause_quote(doc, t),
               "line": line(t.span.start), "offsets": f"{t.span.start}-{t.span.end}", "warnings": "",
               "action": REMOVE if now is None else "", "note": "",
               "x_title": t.title, "x_lead": _names(t, Role.LEAD),
               "x_cooperating": _names(t, Role.COOPERATING)}
        row.update(tools=tools_cell(shown), primary_tool=shown.primary_tool or "", x_tools=tools_cell(t),
                   x_primary_tool=t.primary_tool or "")
        row_of_path[t.path] = len(tasks.rows)
        tasks.rows.append(row)
        for fld in ("title", "number", "lead", "cooperating", "task", "tools", "primary-tool"):
            a = done.get(("task", t.path, fld))
            if a is not None:
                row["note"] = "；".join(x for x in (row["note"], a.note) if x)
                col = {"task": "action", "primary-tool": "primary_tool"}.get(fld, fld)
                tasks.mark(len(tasks.rows) - 1, col, "corrected", _applied_note(a))
    for t in fixed.tasks:
        a = done.get(("task", t.path, "task"))
        if a is None or a.extracted is not None:
            continue
        row_of_path[t.path] = len(tasks.rows)
        tasks.rows.append({**base, "task": t.path, "number": t.id, "title": t.title,
                           "lead": _names(t, Role.LEAD), "cooperating": _names(t, Role.COOPERATING),
                           "ip_types": "", "industries": "", "quote": t.span.quote,
                           "line": line(t.span.start), "offsets": f"{t.span.start}-{t.span.end}",
                           "warnings": "", "action": "",
                           "note": a.note, "x_title": "", "x_lead": "", "x_cooperating": ""})
        tasks.mark(len(tasks.rows) - 1, "task", "corrected", _applied_note(a))

    # -------------------------------------------------------------- targets
    keys = target_keys(doc)
    fixed_keys = dict(zip(target_keys(fixed), fixed.targets, strict=True))
    row_of_target: list[int] = []
    for key, tg in zip(keys, doc.targets, strict=True):
        removed = done.get(("target", key, "target"))
        now = fixed_keys.get(key, tg)
        row = {**base, "target": key, "line": line(tg.span.start), "quote": tg.span.quote.strip(),
               "indicator": now.indicator, "value": _value(now.value), "unit": now.unit, "year": now.year,
               "nature": now.nature or "", "kind": str(tg.kind), "warnings": "",
               "action": REMOVE if removed is not None else "", "note": "",
               "x_indicator": tg.indicator, "x_value": _value(tg.value), "x_unit": tg.unit, "x_year": tg.year,
               "x_nature": tg.nature or ""}
        row_of_target.append(len(targets.rows))
        targets.rows.append(row)
        for fld in ("indicator", "value", "unit", "year", "nature", "target"):
            a = done.get(("target", key, fld))
            if a is not None:
                row["note"] = "；".join(x for x in (row["note"], a.note) if x)
                targets.mark(len(targets.rows) - 1, "action" if fld == "target" else fld, "corrected",
                             _applied_note(a))
    for a in applied:
        if a.item == "target" and a.field == "target" and a.extracted is None:
            where = (a.span.start, a.span.end)
            tg = next((x for x in fixed.targets if (x.span.start, x.span.end) == where), None)
            if tg is None:
                continue
            targets.rows.append({**base, "target": a.key, "line": line(tg.span.start), "quote": tg.span.quote,
                                 "indicator": tg.indicator, "value": _value(tg.value), "unit": tg.unit,
                                 "year": tg.year, "nature": tg.nature or "", "kind": str(tg.kind),
                                 "warnings": "", "action": "", "note": a.note, "x_indicator": "",
                                 "x_value": None, "x_unit": "", "x_year": None, "x_nature": ""})
            targets.mark(len(targets.rows) - 1, "target", "corrected", _applied_note(a))

    # -------------------------------------------------------------- agencies
    uses: dict[str, int] = {}
    for t in fixed.tasks:
        for name in dict.fromkeys(r.agency for r in t.responsibilities):
            uses[name] = uses.get(name, 0) + 1
    extracted = {a.name: a for a in doc.agencies}
    row_of_agency: dict[str, int] = {}
    for ag in fixed.agencies:
        x = extracted.get(ag.name, ag)
        row = {**base, "name": ag.name, "full_name": ag.full_name, "kind": KINDS.get(ag.kind, ag.kind),
               "resolved": _YES if x.canonical is not None else _NO, "tasks": uses.get(ag.name, 0),
               "warnings": "", "note": "", "x_full_name": x.full_name if ag.name in extracted else "",
               "x_kind": KINDS.get(x.kind, x.kind) if ag.name in extracted else ""}
        row_of_agency[ag.name] = len(agencies.rows)
        agencies.rows.append(row)
        for fld, col in (("full-name", "full_name"), ("kind", "kind")):
            a = done.get(("agency", ag.name, fld))
            if a is not None:
                row["note"] = "；".join(x for x in (row["note"], a.note) if x)
                agencies.mark(len(agencies.rows) - 1, col, "corrected", _applied_note(a))

    # -------------------------------------------------------------- warnings, and the cells they touch
    for w in doc.warnings:
        means, todo = CODES.get(w.code, ("", ""))
        warnings.rows.append({**base, "level": _LEVEL_CELLS.get(w.level, w.level), "code": w.code,
                              "message_zh": message_zh(w), "message": w.message, "tasks": "、".join(w.tasks),
                              "means": means, "todo": todo, "quote": w.span.quote, "line": line(w.span.start),
                              "offsets": f"{w.span.start}-{w.span.end}"})
        note = f"{w.code}: {w.message}"
        where = (w.span.start, w.span.end)
        if w.code in ("odd-unit-name", "unknown-agency"):
            name = "".join(w.span.quote.split())
            for t in doc.tasks:
                for r in t.responsibilities:
                    if r.agency == name and t.path in row_of_path:
                        col = "lead" if r.role == Role.LEAD else "cooperating"
                        _flag(tasks, row_of_path[t.path], col, w.code, note)
            if name in row_of_agency:
                _flag(agencies, row_of_agency[name], "full_name", w.code, note)
            continue
        if w.code == "tool-uncertain":  # the policy-tool coder's doubt: the 主工具 cell of its task
            for t in doc.tasks:
                if _overlaps((t.span.start, t.span.end), where) and t.path in row_of_path:
                    _flag(tasks, row_of_path[t.path], "primary_tool", w.code, note)
            continue
        if w.code == "lead-rule":
            continue  # a statement of the document, not a place in a task
        for t in doc.tasks:
            named = t.path in w.tasks if w.tasks else _overlaps((t.span.start, t.span.end), where)
            if named and t.path in row_of_path:
                _flag(tasks, row_of_path[t.path], "lead", w.code, note)
        for k, tg in enumerate(doc.targets):
            if _overlaps((tg.span.start, tg.span.end), where):
                _flag(targets, row_of_target[k], "indicator", w.code, note)


def _flag(table: Table, row: int, key: str, code: str, note: str) -> None:
    table.mark(row, key, "warning", note)
    codes = table.rows[row].get("warnings") or ""
    if code not in codes.split("、"):
        table.rows[row]["warnings"] = f"{codes}、{code}" if codes else code


def _readme() -> Table:
    from loaders.extract.warnings import CODES, level_of

    rows = [
        ("用途 purpose", "检查并更正抽取结果 — check the extraction and correct it. Each sheet is one "
                         "concern; edit only the pale-yellow cells. Orange cells: a warning points there "
                         "(its note says why). Green cells: a correction already changed them."),
        ("任务 tasks", "Correct 牵头单位 lead / 配合单位 cooperating (names separated by 、) or 标题 title. "
                       "To remove a task read by mistake, write 删除 in 操作 action. To add a task the "
                       "extractor missed, add a row: 文件 document, a new 任务号 task (e.g. 3.9), "
                       "标题, 牵头单位, 配合单位, and in 原文 the task's text copied from the document."),
        ("指标 targets", "Correct 指标 indicator, 目标值 value, 单位 unit, 年份 year, 性质 nature "
                         "(预期性/约束性); 删除 in 操作 removes a target; a new row with 原文 (the "
                         "sentence as written), 指标, 目标值 and 单位 adds one."),
        ("机构 agencies", "Give the full name (全称) of a unit the gazetteer did not resolve (已识别 否), or "
                          "its kind (类型: " + "、".join(KINDS.values()) + ")."),
        ("重建 rebuild", "Save the workbook and run: policykg build FILES --corrections review.xlsx. "
                         "Corrections are keyed by the document's sha256 and the task number; they apply on "
                         "every build and are listed by `policykg query corrected-facts`. When a document "
                         "changes, its corrections are reported, not applied: review it again."),
        ("隐藏列 hidden", "The hidden columns (原… extracted …) keep what was extracted; do not edit them."),
    ]
    rows.append(("级别 level", "核查 check: the task or field is probably wrong, look there first (the 警告 "
                                "sheet lists checks first). 提示 note: worth knowing, probably right."))
    rows += [(f"警告 {code}", f"{level_of(code)}: {means}. What to do: {todo}.")
             for code, (means, todo) in CODES.items()]
    return Table("说明 README", README_COLUMNS, [{"topic": a, "text": b} for a, b in rows])


# ------------------------------------------------------------------ writing
def _display_width(value: Any) -> int:
    if value is None:
        return 0
    text = str(value)
    longest = max((sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in ln)
                   for ln in text.split("\n")), default=0)
    return longest


def _require_openpyxl() -> Any:
    from loaders.errors import require

    return require("openpyxl", extra="analysis")


def write_xlsx(tables: Sequence[Table], path: str | os.PathLike[str]) -> Path:
    """Write the review workbook (atomically): frozen headers, filters, widths, fills and notes.

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "review.xlsx"
    >>> t = Table("任务 tasks", TASK_COLUMNS, [{"document": "d", "lead": "区科技局", "x_lead": "区科技局"}])
    >>> _ = write_xlsx([t], p)
    >>> ws = openpyxl.load_workbook(p)["任务 tasks"]
    >>> ws.freeze_panes, ws["E2"].value, ws["E2"].fill.fgColor.rgb, ws.column_dimensions["R"].hidden
    ('C2', '区科技局', '00FFF2CC', True)
    """
    openpyxl = _require_openpyxl()
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..io import atomic_open

    fills = {k: PatternFill("solid", fgColor=c) for k, c in
             (("edit", EDIT_FILL), ("warning", WARN_FILL), ("corrected", DONE_FILL), ("head", HEAD_FILL))}
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "policykg review"
    for table in tables:
        ws = wb.create_sheet(table.title)
        append_row(ws, [c.header for c in table.columns])
        for cell, col in zip(ws[1], table.columns, strict=True):
            cell.font = Font(bold=True)
            cell.fill = fills["head"]
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            if col.editable:
                cell.comment = Comment("可编辑 — edit this column to correct the extraction", "policykg")
        for row in table.rows:
            append_row(ws, [row.get(c.key) for c in table.columns])  # text stays text (kg.cells)
        last = len(table.rows) + 1
        for j, col in enumerate(table.columns, start=1):
            letter = get_column_letter(j)
            width = max([_display_width(col.header) // 2 + 2]
                        + [_display_width(r.get(col.key)) for r in table.rows])
            ws.column_dimensions[letter].width = min(width + 2, MAX_WIDTH)
            ws.column_dimensions[letter].hidden = col.hidden
            wrap = col.wrap or width + 2 > MAX_WIDTH
            for i in range(2, last + 1):
                cell = ws.cell(i, j)
                if wrap:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                if col.editable:
                    cell.fill = fills["edit"]
        for (i, key), mark in sorted(table.marks.items()):
            j = next(k for k, c in enumerate(table.columns, start=1) if c.key == key)
            cell = ws.cell(i + 2, j)
            cell.fill = fills[mark.kind]
            cell.comment = Comment(mark.note[:2000], "policykg", width=360, height=140)
        # freeze the header and the columns that say which row this is
        frozen = 3 if table.columns[0].key == "document" else 1
        ws.freeze_panes = f"{get_column_letter(frozen)}2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{max(last, 2)}"
        keys = [c.key for c in table.columns]
        if "action" in keys:
            dv = DataValidation(type="list", formula1=f'"{REMOVE}"', allow_blank=True)
            ws.add_data_validation(dv)
            letter = get_column_letter(keys.index("action") + 1)
            dv.add(f"{letter}2:{letter}{max(last, 2) + 200}")
        if table.title == "机构 agencies":
            kinds = ",".join(KINDS.values())
            dv = DataValidation(type="list", formula1=f'"{kinds}"', allow_blank=True)
            ws.add_data_validation(dv)
            letter = get_column_letter(keys.index("kind") + 1)
            dv.add(f"{letter}2:{letter}{max(last, 2) + 200}")
    with atomic_open(Path(path), "wb") as fh:
        wb.save(fh)
    return Path(path)


def write_csv(tables: Sequence[Table], path: str | os.PathLike[str]) -> list[Path]:
    """Write each sheet (README aside) as ``BASE.tasks.csv``, ``BASE.targets.csv`` … (UTF-8 with a BOM),
    where BASE is ``path`` without ``.csv``; the extracted values are plain columns.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> base = pathlib.Path(tempfile.mkdtemp()) / "review.csv"
    >>> paths = write_csv([Table("任务 tasks", TASK_COLUMNS, [{"document": "d"}])], base)
    >>> [p.name for p in paths], paths[0].read_bytes()[:3]
    (['review.tasks.csv'], b'\\xef\\xbb\\xbf')
    """
    from ..io import atomic_write_bytes

    p = Path(path)
    stem = p.name[:-4] if p.name.lower().endswith(".csv") else p.name
    out = []
    for table in tables:
        short = SHEETS[table.title][0]
        if short == "readme":
            continue
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow([c.header for c in table.columns])
        for row in table.rows:  # text that looks like a formula gets a ' (kg.cells; read back without it)
            w.writerow(csv_row("" if row.get(c.key) is None else row.get(c.key) for c in table.columns))
        target = p.with_name(f"{stem}.{short}.csv")
        atomic_write_bytes(target, buf.getvalue().encode("utf-8-sig"))
        out.append(target)
    return out


def review_documents(
    inputs: Sequence[str | os.PathLike[str]], *, jobs: int | None = 1, corrections: Sequence[Any] = (),
    lexicon: Any = None,
) -> tuple[list[Document], list[Outcome | None], list[tuple[str, str]]]:
    """Extract ``inputs`` (files or directories) with ``lexicon`` (a user lexicon, or None) and apply
    ``corrections`` (`CorrectionSet` s) to them.

    Returns the documents, their outcomes (None without corrections) and the failures (source,
    problem).
    """
    from ..graph.corpus import collect_inputs, extract_many
    from .corrections import apply_corrections

    files = collect_inputs(inputs)
    if not files:
        raise ReviewError(f"{', '.join(map(str, inputs)) or '<none>'}: no documents found")
    from loaders.vocab.lexicon import using_lexicon

    docs, failures = extract_many(files, jobs=jobs, lexicon=lexicon)
    docs.sort(key=lambda d: d.meta.id)
    outcomes: list[Outcome | None] = []
    with using_lexicon(lexicon.rows() if lexicon is not None else None):  # new names resolve with it
        for d in docs:
            changes = [c for cs in corrections for c in cs.for_document(d.meta.sha256)]
            outcomes.append(apply_corrections(d, changes) if changes else None)
    return docs, outcomes, failures


def write_review(
    inputs: Sequence[str | os.PathLike[str]], output: str | os.PathLike[str], *, fmt: str | None = None,
    jobs: int | None = 1, corrections: Sequence[Any] = (), lexicon: Any = None,
) -> tuple[list[Path], list[Document], list[tuple[str, str]]]:
    """What ``policykg review`` does: extract, build the sheets, write .xlsx (or CSV files).

    With ``corrections``, the sheets show the corrected values (green) over the extracted ones, so
    a workbook can be regenerated without losing the corrections made in it. Returns the files
    written, the documents and the failures.
    """
    from ..errors import UsageError

    fmt = fmt or ("csv" if str(output).lower().endswith(".csv") else "xlsx")
    if fmt == "xlsx" and Path(output).suffix.lower() != ".xlsx":
        raise UsageError(f"{output}: the review workbook is an Excel file; name it .xlsx "
                         "(or use --format csv)")
    if fmt == "xlsx":
        _require_openpyxl()
    docs, outcomes, failures = review_documents(inputs, jobs=jobs, corrections=corrections, lexicon=lexicon)
    if not docs:
        src, problem = failures[0]
        raise ReviewError(f"{src}: {problem}")
    tables = review_tables(docs, outcomes)
    paths = [write_xlsx(tables, output)] if fmt == "xlsx" else write_csv(tables, output)
    return paths, docs, failures


# ------------------------------------------------------------------ reading corrections back
def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _same_number(a: Any, b: Any) -> bool:
    try:
        return float(_cell_text(a)) == float(_cell_text(b))
    except ValueError:
        return _cell_text(a) == _cell_text(b)


def _kind_of(value: str) -> str:
    labels = {v: k for k, v in KINDS.items()}
    return labels.get(value, value)


@dataclass
class _Row:
    values: dict[str, Any]
    where: dict[str, str]  # column key → "file sheet!E7" (or "file:7")
    line: str  # the row's origin
    number: int = 0  # its row (or line) number in the sheet, from 2

    def origin(self, key: str) -> str:
        return self.where.get(key, self.line)


def _sha_by_document(rows: Iterable[_Row]) -> dict[str, str]:
    out: dict[str, str] = {}
    for r in rows:
        doc, sha = _cell_text(r.values.get("document")), _cell_text(r.values.get("sha256"))
        if doc and sha:
            out.setdefault(doc, sha)
    return out


def _document_of(r: _Row, shas: dict[str, str]) -> tuple[str, str]:
    doc = _cell_text(r.values.get("document"))
    sha = _cell_text(r.values.get("sha256")).lower() or shas.get(doc, "")
    if not sha:
        raise CorrectionsError(f"{r.line}: a new row needs 文件 document (as in the other rows) "
                               "or its sha256")
    return doc, sha


def _maker(r: _Row, shas: dict[str, str], key: str, note: str) -> Callable[..., Change]:
    """``change(kind, column, value)`` for the changes of row ``r`` (document, key and note bound)."""
    doc, sha = _document_of(r, shas)

    def change(kind: str, col: str, value: str = "") -> Change:
        return Change(sha, kind, key, value, doc, note, r.origin(col))

    return change


def _task_changes(rows: list[_Row], shas: dict[str, str]) -> list[Change]:
    out: list[Change] = []
    for r in rows:
        v = r.values
        key = _cell_text(v.get("task"))
        note = _cell_text(v.get("note"))
        extracted = any(_cell_text(v.get(k)) for k in ("x_lead", "x_title"))
        action = _cell_text(v.get("action")).lower()
        if not key and not extracted:
            if any(_cell_text(v.get(k)) for k in ("lead", "title", "quote")):
                raise CorrectionsError(f"{r.line}: a new task needs its 任务号 task (e.g. 3.9)")
            continue
        change = _maker(r, shas, key, note)
        if not extracted:
            quote = _cell_text(v.get("quote"))
            if not quote:
                raise CorrectionsError(f"{r.origin('quote')}: a new task needs 原文, its text copied "
                                       "from the document")
            out.append(change("add-task", "quote", quote))
            out.append(change("lead", "lead", _cell_text(v.get("lead"))))
            if _cell_text(v.get("number")):
                out.append(change("number", "number", _cell_text(v.get("number"))))
            if _cell_text(v.get("cooperating")):
                out.append(change("cooperating", "cooperating", _cell_text(v.get("cooperating"))))
            if _cell_text(v.get("title")):
                out.append(change("title", "title", _cell_text(v.get("title"))))
            continue
        if action in _REMOVE_WORDS or action.startswith("删除"):
            out.append(change("remove-task", "action"))
            continue
        if _cell_text(v.get("title")) != _cell_text(v.get("x_title")):
            out.append(change("title", "title", _cell_text(v.get("title"))))
        for col in ("lead", "cooperating"):
            if split_names(_cell_text(v.get(col))) != split_names(_cell_text(v.get(f"x_{col}"))):
                out.append(change(col, col, _cell_text(v.get(col))))
        if parse_tools(_cell_text(v.get("tools"))) != parse_tools(_cell_text(v.get("x_tools"))):
            out.append(change("tools", "tools", _cell_text(v.get("tools"))))
        primary, x_primary = _cell_text(v.get("primary_tool")), _cell_text(v.get("x_primary_tool"))
        if tool_label_of(primary) != tool_label_of(x_primary) and (primary or x_primary):
            out.append(change("primary-tool", "primary_tool", _cell_text(v.get("primary_tool"))))
    return out


def _target_changes(rows: list[_Row], shas: dict[str, str]) -> list[Change]:
    out: list[Change] = []
    for n, r in enumerate(rows, start=2):
        n = r.number or n
        v = r.values
        note = _cell_text(v.get("note"))
        extracted = any(_cell_text(v.get(k)) for k in ("x_indicator", "x_unit", "x_value"))
        if not extracted and not any(_cell_text(v.get(k)) for k in ("quote", "indicator", "value")):
            continue
        change = _maker(r, shas, _cell_text(v.get("target")) or f"new-{n}", note)
        if not extracted:
            quote = _cell_text(v.get("quote"))
            if not quote:
                raise CorrectionsError(f"{r.origin('quote')}: a new target needs 原文, the sentence "
                                       "copied from the document")
            out.append(change("add-target", "quote", quote))
            for fld in ("indicator", "value", "unit", "year", "nature"):
                if _cell_text(v.get(fld)):
                    out.append(change(f"target.{fld}", fld, _cell_text(v.get(fld))))
            continue
        action = _cell_text(v.get("action")).lower()
        if action in _REMOVE_WORDS or action.startswith("删除"):
            out.append(change("remove-target", "action"))
            continue
        for fld in ("indicator", "unit", "nature"):
            if _cell_text(v.get(fld)) != _cell_text(v.get(f"x_{fld}")):
                out.append(change(f"target.{fld}", fld, _cell_text(v.get(fld))))
        for fld in ("value", "year"):
            if not _same_number(v.get(fld), v.get(f"x_{fld}")):
                out.append(change(f"target.{fld}", fld, _cell_text(v.get(fld))))
    return out


def _agency_changes(rows: list[_Row], shas: dict[str, str]) -> list[Change]:
    out: list[Change] = []
    for r in rows:
        v = r.values
        name = _cell_text(v.get("name"))
        if not name or not (_cell_text(v.get("x_full_name")) or _cell_text(v.get("x_kind"))):
            continue
        doc, sha = _document_of(r, shas)
        note = _cell_text(v.get("note"))
        if "".join(_cell_text(v.get("full_name")).split()) != _cell_text(v.get("x_full_name")):
            out.append(Change(sha, "agency", name, _cell_text(v.get("full_name")), doc, note,
                              r.origin("full_name")))
        if _kind_of(_cell_text(v.get("kind"))) != _kind_of(_cell_text(v.get("x_kind"))):
            out.append(Change(sha, "agency.kind", name, _kind_of(_cell_text(v.get("kind"))), doc, note,
                              r.origin("kind")))
    return out


_READERS = {"tasks": _task_changes, "targets": _target_changes, "agencies": _agency_changes}


def _header_keys(header: Sequence[Any], columns: Sequence[Column]) -> dict[int, str] | None:
    by_header = {c.header: c.key for c in columns}
    keys = {i: by_header[_cell_text(h)] for i, h in enumerate(header) if _cell_text(h) in by_header}
    return keys if len(keys) >= len(columns) - 3 else None


MAX_ROWS = 200_000  # rows of one sheet read back as corrections (a review of many corpora has fewer)


def changes_from_workbook(path: str | os.PathLike[str], data: bytes | None = None,
                          ) -> tuple[list[Change], str | None]:
    """The corrections a researcher made in a review workbook, and who saved it last (if the file
    says so): every editable cell that differs from the extracted value in its hidden column, every
    row marked 删除, and every new row.

    ``data`` is the file's bytes as `kg.review.files.read_corrections` read and checked them
    (`kg.userfiles.check_workbook`); the workbook is read from them, not opened again by name.
    A cell that holds a formula is refused, naming the cell: corrections are values, and a formula
    Excel has not computed reads as empty (a cooperating units cell emptied in silence).

    Raises
    ------
    CorrectionsError
        Not a review workbook, a formula in a cell read, over `MAX_ROWS` rows, or a new row
        without what it needs (the cell is named).
    """
    openpyxl = _require_openpyxl()
    p = Path(path)
    try:
        source = io.BytesIO(data) if data is not None else p
        wb = openpyxl.load_workbook(source, data_only=False, read_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise CorrectionsError(f"{p}: not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from None
    from openpyxl.utils import get_column_letter

    try:
        changes: list[Change] = []
        found = False
        for title, (short, columns) in SHEETS.items():
            if short not in _READERS or title not in wb.sheetnames:
                continue
            ws = wb[title]
            ws.reset_dimensions()  # the size the sheet claims is not trusted: rows are read as they come
            header = next(ws.iter_rows(max_row=1, max_col=4 * len(columns), values_only=True), None)
            keys = _header_keys(header or (), columns)
            if keys is None:
                raise CorrectionsError(f"{p.name} {title}: the header row is not the one policykg "
                                       "review wrote")
            found = True
            rows = []
            width = max(keys) + 1
            for i, cells in enumerate(ws.iter_rows(min_row=2, max_col=width), start=2):
                if i > MAX_ROWS:
                    raise CorrectionsError(f"{p.name} {title}: more than {MAX_ROWS:,} rows; refused")
                vals = {}
                for j, cell in enumerate(cells):
                    if j not in keys:
                        continue
                    if getattr(cell, "data_type", None) == "f":
                        raise CorrectionsError(
                            f"{p.name} {title}!{get_column_letter(j + 1)}{i}: a formula "
                            f"({' '.join(str(cell.value).split())[:60]}); corrections are read as values: "
                            "type the value itself (or paste the column as values)")
                    vals[keys[j]] = cell.value
                if not any(v not in (None, "") for v in vals.values()):
                    continue
                where = {keys[j]: f"{p.name} {title}!{get_column_letter(j + 1)}{i}" for j in keys}
                rows.append(_Row(vals, where, f"{p.name} {title}!{i}", i))
            changes += _READERS[short](rows, _sha_by_document(rows))
        if not found:
            raise CorrectionsError(f"{p.name}: no sheet of policykg review "
                                   "(任务 tasks, 指标 targets, 机构 agencies)")
        author = wb.properties.lastModifiedBy if wb.properties is not None else None
    except CorrectionsError:
        raise
    except Exception as exc:  # noqa: BLE001 - a sheet's XML broken part-way is only found as it is read
        raise CorrectionsError(f"{p}: not a readable .xlsx workbook ({type(exc).__name__}: "
                               f"{' '.join(str(exc).split())[:120]})") from None
    finally:
        wb.close()
    reviewer = author if author and author not in ("openpyxl", "policykg review") else None
    return changes, reviewer


def changes_from_review_csv(text: str, name: str) -> list[Change] | None:
    """The corrections in one sheet written by ``policykg review --format csv`` (None: the header is
    not one of those sheets)."""
    # the ' that write_csv put before text that looks like a formula is taken off again
    rows_in = [[csv_unescape(x) for x in row] for row in csv.reader(io.StringIO(text))]
    if not rows_in:
        return None
    for _title, (short, columns) in SHEETS.items():
        if short not in _READERS:
            continue
        keys = _header_keys(rows_in[0], columns)
        if keys is None or len(keys) < len(columns):
            continue
        rows = [_Row({keys[j]: x for j, x in enumerate(values) if j in keys}, {}, f"{name}:{i}", i)
                for i, values in enumerate(rows_in[1:], start=2)]
        return _READERS[short](rows, _sha_by_document(rows))
    return None
