"""A `Comparison` as a researcher reads it: a plain table for the terminal, JSON, or an Excel workbook.

The JSON (`to_json`, ``"schema": "policykg-compare/1"``)::

    {"schema", "a": DOC, "b": DOC, "method": {...}, "compared_by": "function" | "canonical name",
     "summary": {"matched", "only_a", "only_b", "changed_lead" (lead functions not the same),
                 "lead_relations": {"same", "overlap", "different"}, "targets"},
     "matched": [{"a": TASK, "b": TASK, "similarity", "same_lead", "lead_relation", "lead_only_a",
                  "lead_only_b", "responsible_only_a", "responsible_only_b"}],
     "only_a": [TASK], "only_b": [TASK],
     "targets": [{"indicator", "year", "kind", "value_a", "unit_a", "value_b", "unit_b", "difference",
                  "unit_mismatch"}],
     "agencies": {"only_a": [{"name", "full_names"}], "only_b": [...]},
     "functions": {"only_a": [{"name", "full_names"}], "only_b": [...]}}

    DOC    = {"iri", "id", "title", "source"}
    TASK   = {"task", "id", "title", "lead": [AGENCY], "cooperating": [AGENCY]}
    AGENCY = {"name" (as written), "full_name", "function", "canonical", "compared_as"}

The workbook (`comparison_sheets`, written with `kg.report.write_workbook`) has the sheets 说明 (the two
documents, the method and the counts), 任务对照 (one row per matched task, then the tasks only in A and
only in B, with a status column to filter on), 指标对照 (targets) and 机构对照 (agencies and functions,
in A, in B).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .align import NGRAMS
from .compare import BY_NAME, Agency, Comparison, MatchedTask, Presence, TaskSide

__all__ = ["FORMATS", "SHEETS", "to_dict", "to_json", "format_table", "comparison_sheets", "write_comparison",
           "format_for"]

FORMATS = ("table", "json", "xlsx")
SHEETS = ("说明", "任务对照", "指标对照", "机构对照")
SCHEMA = "policykg-compare/1"
_SEP = "、"
_RELATION = {"same": "=", "overlap": "∩", "different": "≠"}
_RELATION_ZH = {"same": "相同 same", "overlap": "部分相同 overlap", "different": "不同 different"}


# ------------------------------------------------------------------ JSON
def _agency(a: Agency) -> dict[str, Any]:
    return {"name": a.name, "full_name": a.full_name, "function": a.function, "canonical": a.canonical,
            "compared_as": a.key}


def _task(t: TaskSide) -> dict[str, Any]:
    return {"task": t.task, "id": t.id, "title": t.title, "lead": [_agency(a) for a in t.lead],
            "cooperating": [_agency(a) for a in t.cooperating]}


def _match(m: MatchedTask) -> dict[str, Any]:
    return {"a": _task(m.a), "b": _task(m.b), "similarity": m.similarity, "same_lead": m.same_lead,
            "lead_relation": m.lead_relation,
            "lead_only_a": list(m.lead_only_a), "lead_only_b": list(m.lead_only_b),
            "responsible_only_a": list(m.responsible_only_a),
            "responsible_only_b": list(m.responsible_only_b)}


def _presence(ps: Sequence[Presence]) -> list[dict[str, Any]]:
    return [{"name": p.key, "full_names": list(p.names)} for p in ps]


def _number(x: float | None) -> int | float | None:
    return int(x) if x is not None and float(x).is_integer() else x


def to_dict(c: Comparison) -> dict[str, Any]:
    """The comparison as plain JSON-ready data (the schema is in the module's description).

    Examples
    --------
    >>> from kg.sparql.store import open_kg
    >>> from kg.compare import compare_documents
    >>> d = to_dict(compare_documents(open_kg("out/kg.ttl"), "changshou-ip-plan", "changshou-ip-plan"))
    >>> d["schema"], d["summary"]["matched"], d["matched"][0]["a"]["lead"][0]["name"]
    ('policykg-compare/1', 12, '区市场监管局')
    """
    return {
        "schema": SCHEMA,
        "a": asdict(c.a), "b": asdict(c.b),
        "method": {"text": "character n-gram TF-IDF cosine", "ngrams": list(NGRAMS),
                   "title_weight": c.title_weight, "assignment": "optimal one-to-one (linear_sum_assignment)",
                   "threshold": c.threshold, "min_z": c.min_z},
        "compared_by": c.compared_by,
        "summary": {"matched": len(c.matched), "only_a": len(c.only_a), "only_b": len(c.only_b),
                    "changed_lead": len(c.changed), "lead_relations": _relation_counts(c),
                    "targets": len(c.targets)},
        "matched": [_match(m) for m in c.matched],
        "only_a": [_task(t) for t in c.only_a],
        "only_b": [_task(t) for t in c.only_b],
        "targets": [{"indicator": t.indicator, "year": t.year, "kind": "growth" if t.growth else "level",
                     "value_a": _number(t.value_a), "unit_a": t.unit_a, "value_b": _number(t.value_b),
                     "unit_b": t.unit_b, "difference": _number(t.difference),
                     "unit_mismatch": t.unit_mismatch}
                    for t in c.targets],
        "agencies": {"only_a": _presence(c.agencies_only_a), "only_b": _presence(c.agencies_only_b)},
        "functions": {"only_a": _presence(c.functions_only_a), "only_b": _presence(c.functions_only_b)},
    }


def to_json(c: Comparison, indent: int | None = 2) -> str:
    """`to_dict` as JSON text (UTF-8 characters kept, a newline at the end)."""
    return json.dumps(to_dict(c), ensure_ascii=False, indent=indent) + "\n"


# ------------------------------------------------------------------ the terminal table
def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cut(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    out, used = "", 0
    for ch in text:
        w = _width(ch)
        if used + w > width - 1:
            break
        out, used = out + ch, used + w
    return out + "…"


def _grid(header: Sequence[str], rows: Sequence[Sequence[Any]], max_width: int = 30) -> list[str]:
    cells = [[_cut("" if v is None else str(v), max_width) for v in row] for row in [header, *rows]]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(header))]
    lines = []
    for k, row in enumerate(cells):
        lines.append("  ".join(v + " " * (w - _width(v)) for v, w in zip(row, widths, strict=True)).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths).rstrip())
    return lines


def _names(agencies: Sequence[Agency]) -> str:
    return _SEP.join(a.name for a in agencies)


def _keys(keys: Sequence[str]) -> str:
    return _SEP.join(keys)


def _value(x: float | None) -> str:
    if x is None:
        return ""
    return str(_number(x))


def _basis(c: Comparison) -> str:
    if c.compared_by == BY_NAME:
        return ("agencies compared by their canonical name without the jurisdiction (市场监督管理局): "
                "this KG has no agency functions (pkg:hasFunction)")
    return ("agencies compared by their function (pkg:hasFunction; by the canonical name where an agency "
            "has none)")


def _relation_counts(c: Comparison) -> dict[str, int]:
    return {r: sum(m.lead_relation == r for m in c.matched) for r in _RELATION}


def _relations(c: Comparison) -> str:
    counts = _relation_counts(c)
    return (f"the same in {counts['same']}, overlapping in {counts['overlap']}, "
            f"different in {counts['different']}")


def format_table(c: Comparison) -> str:
    """The comparison as plain text: the documents, the method, then one block per part.

    Examples
    --------
    >>> from kg.sparql.store import open_kg
    >>> from kg.compare import compare_documents
    >>> c = compare_documents(open_kg("out/kg.ttl"), "changshou-ip-plan", "changshou-ip-plan")
    >>> text = format_table(c)
    >>> print(text.splitlines()[3][:49])
    tasks  12 matched (lead functions the same in 12,
    """
    lines = [f"A      {c.a.id}  {c.a.title or ''}".rstrip(), f"B      {c.b.id}  {c.b.title or ''}".rstrip(),
             f"method {c.method}",
             f"tasks  {len(c.matched)} matched (lead functions {_relations(c)}), "
             f"{len(c.only_a)} only in A, {len(c.only_b)} only in B",
             f"note   {_basis(c)}", ""]
    lines.append("Matched tasks (agencies as written; lead: = same functions, ∩ some shared, ≠ none shared; "
                 "only in A/B: functions responsible for the task in one document only)")
    rows = [(m.a.id, _cut(m.a.title or "", 20), m.b.id, _cut(m.b.title or "", 20), f"{m.similarity:.2f}",
             _RELATION[m.lead_relation], _names(m.a.lead), _names(m.b.lead), _keys(m.responsible_only_a),
             _keys(m.responsible_only_b)) for m in c.matched]
    lines += _grid(("A", "A title", "B", "B title", "sim", "lead", "A lead", "B lead", "only in A",
                    "only in B"), rows) if rows else ["  none"]
    for label, tasks in (("A", c.only_a), ("B", c.only_b)):
        lines += ["", f"Tasks only in {label}"]
        rows = [(t.id, t.title or "", _names(t.lead), _names(t.cooperating)) for t in tasks]
        lines += _grid(("task", "title", "lead", "cooperating"), rows) if rows else ["  none"]
    lines += ["", "Targets (difference = B − A; units that differ are flagged, not subtracted)"]
    rows = [(t.indicator, t.year or "", "growth" if t.growth else "level", _value(t.value_a), t.unit_a or "",
             _value(t.value_b), t.unit_b or "", _value(t.difference),
             "unit differs" if t.unit_mismatch else "") for t in c.targets]
    lines += _grid(("indicator", "year", "kind", "A", "A unit", "B", "B unit", "B − A", "note"), rows) \
        if rows else ["  none"]
    what = (("Agencies", c.agencies_only_a, c.agencies_only_b),)
    if c.compared_by != BY_NAME:
        what += (("Functions", c.functions_only_a, c.functions_only_b),)
    lines.append("")
    for label, only_a, only_b in what:
        for side, ps in (("A", only_a), ("B", only_b)):
            # agencies by their canonical name; a function with the full names that stand for it
            listed = _SEP.join(p.key if label == "Agencies" else f"{p.key}（{_SEP.join(p.names)}）"
                               for p in ps)
            lines.append(f"{label} only in {side} ({len(ps)}): {listed or 'none'}")
    return "\n".join(lines).replace("\n\n\n", "\n\n") + "\n"


# ------------------------------------------------------------------ the workbook
def comparison_sheets(c: Comparison) -> list[Any]:
    """The sheets of the comparison workbook (`kg.report.Sheet`): 说明, 任务对照, 指标对照, 机构对照.

    Examples
    --------
    >>> from kg.sparql.store import open_kg
    >>> from kg.compare import compare_documents
    >>> sheets = comparison_sheets(compare_documents(open_kg("out/kg.ttl"), "changshou-ip-plan",
    ...                                              "changshou-ip-plan"))
    >>> [(s.title, len(s.rows)) for s in sheets]
    [('说明', 8), ('任务对照', 12), ('指标对照', 3), ('机构对照', 0)]
    """
    from ..report import Sheet

    about = [
        ("A", c.a.id, c.a.title, c.a.source),
        ("B", c.b.id, c.b.title, c.b.source),
        ("方法 method", c.method, None, None),
        ("比较依据 compared by", _basis(c), None, None),
        ("匹配任务 matched tasks", len(c.matched), None, None),
        ("牵头不同 another lead", len(c.changed), None, None),
        ("仅A only in A", len(c.only_a), None, None),
        ("仅B only in B", len(c.only_b), None, None),
    ]
    task_header = ("状态 status", "相似度 similarity", "牵头职能 lead functions", "A任务 A task",
                   "A标题 A title",
                   "A牵头 A lead", "A配合 A cooperating", "B任务 B task", "B标题 B title", "B牵头 B lead",
                   "B配合 B cooperating", "仅A职能 only in A", "仅B职能 only in B")
    tasks: list[tuple[Any, ...]] = []
    for m in c.matched:
        tasks.append(("匹配 matched", m.similarity, _RELATION_ZH[m.lead_relation], m.a.id, m.a.title,
                      _names(m.a.lead), _names(m.a.cooperating), m.b.id, m.b.title, _names(m.b.lead),
                      _names(m.b.cooperating), _keys(m.responsible_only_a), _keys(m.responsible_only_b)))
    for t in c.only_a:
        tasks.append(("仅A only in A", None, None, t.id, t.title, _names(t.lead), _names(t.cooperating),
                      None, None, None, None, None, None))
    for t in c.only_b:
        tasks.append(("仅B only in B", None, None, None, None, None, None, t.id, t.title, _names(t.lead),
                      _names(t.cooperating), None, None))
    targets = [(t.indicator, t.year, "增长 growth" if t.growth else "水平 level", _number(t.value_a),
                t.unit_a, _number(t.value_b), t.unit_b, _number(t.difference),
                "是" if t.unit_mismatch else "否")
               for t in c.targets]
    agencies: list[tuple[Any, ...]] = []
    groups = [("机构 agency", c.agencies_only_a, c.agencies_only_b)]
    if c.compared_by != BY_NAME:
        groups.append(("职能 function", c.functions_only_a, c.functions_only_b))
    for what, only_a, only_b in groups:
        agencies += [(what, p.key, "是", "否", _SEP.join(p.names)) for p in only_a]
        agencies += [(what, p.key, "否", "是", _SEP.join(p.names)) for p in only_b]
    return [
        Sheet("说明", ("项目 item", "内容 value", "标题 title", "来源 source"), about),
        Sheet("任务对照", task_header, tasks, float_format="0.00"),
        Sheet("指标对照", ("指标 indicator", "年份 year", "类型 kind", "A值 A value", "A单位 A unit",
                       "B值 B value", "B单位 B unit", "差值 B − A", "单位不同 unit differs"), targets),
        Sheet("机构对照", ("类别 what", "名称 name", "在A in A", "在B in B", "全称 full names"), agencies),
    ]


def format_for(output: str | None, fmt: str | None) -> str:
    """The output format: ``fmt`` if given, else from the suffix of ``output`` (.json, .xlsx), else table.

    Examples
    --------
    >>> format_for("cmp.xlsx", None), format_for(None, None), format_for("cmp.txt", "json")
    ('xlsx', 'table', 'json')
    """
    if fmt:
        return fmt
    suffix = Path(output).suffix.lower() if output else ""
    return {".json": "json", ".xlsx": "xlsx"}.get(suffix, "table")


def write_comparison(c: Comparison, output: str | Path | None, fmt: str | None = None) -> str | None:
    """Write the comparison to ``output`` (atomically) in ``fmt`` (default: from the suffix); without
    ``output``, return the text (table or JSON) instead. A workbook needs a file named ``.xlsx``.

    Examples
    --------
    >>> from kg.sparql.store import open_kg
    >>> from kg.compare import compare_documents
    >>> c = compare_documents(open_kg("out/kg.ttl"), "changshou-ip-plan", "changshou-ip-plan")
    >>> write_comparison(c, "cmp.xlsx")
    >>> import openpyxl
    >>> openpyxl.load_workbook("cmp.xlsx").sheetnames
    ['说明', '任务对照', '指标对照', '机构对照']
    """
    from ..io import atomic_write_text

    fmt = format_for(str(output) if output else None, fmt)
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if fmt == "xlsx":
        if not output or Path(output).suffix.lower() != ".xlsx":
            where = output or "standard output"
            raise UsageError(f"{where}: the workbook is an Excel file; give -o FILE.xlsx")
        from ..report import write_workbook

        write_workbook(comparison_sheets(c), output)
        return None
    text = to_json(c) if fmt == "json" else format_table(c)
    if output:
        atomic_write_text(output, text)
        return None
    return text
