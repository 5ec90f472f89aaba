"""Corrections of policy-tool codes: a researcher sets a task's tools or its primary tool.

Two changes (`kg.review.corrections.CHANGES`), keyed by the task number like every task change:

==================  =================================================================================
change              value
==================  =================================================================================
``tools``           the task's tools, separated by 、: codebook labels (``供给型/人才培养``), sub-tool
                    names (``人才培养``) or codes (``S1``); empty: the task deploys no tool
``primary-tool``    the primary tool, one of the task's tools (a tool not among them is added)
==================  =================================================================================

The review workbook shows both in the 任务 tasks sheet (政策工具 / 主工具 columns); a cell that differs
from the coder's codes is such a change. A tool the coder had keeps its evidence and stays attributed to
the coder; a tool the researcher added is attributed to the correction (``coder="correction"``), with the
task's title as its place in the text. `kg.review.provenance` records each change as a ``pkg:Correction``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

from loaders.records import Task, ToolUse
from loaders.vocab.tools import LABEL_CODE, TOOLS

from ..graph.flags import task_for_key as _task_lookup  # its dotted position, or its unique number

__all__ = ["tool_label_of", "parse_tools", "tools_cell", "apply_tool_changes", "CORRECTION"]

CORRECTION = "correction"
_SEPARATORS = re.compile(r"[、，,；;\n\r\t]+")  # not "/": it is inside a label (供给型/人才培养)
_BY_NAME = {t.zh: t.label for t in TOOLS.values()} | {c: t.label for c, t in TOOLS.items()} | \
    {t.label: t.label for t in TOOLS.values()} | {t.en: t.label for t in TOOLS.values()}


def tool_label_of(name: str) -> str | None:
    """The codebook label of a tool written as a label, a sub-tool name, a code or an English name.

    Examples
    --------
    >>> tool_label_of("税收优惠"), tool_label_of("E3"), tool_label_of(" 环境型/税收优惠 ")
    ('环境型/税收优惠', '环境型/税收优惠', '环境型/税收优惠')
    >>> tool_label_of("减税") is None
    True
    """
    return _BY_NAME.get("".join(name.split()).replace("／", "/")) or _BY_NAME.get(name.strip())


def parse_tools(value: str) -> tuple[list[str], list[str]]:
    """(labels in the codebook's order, names not understood) of a 政策工具 cell.

    Examples
    --------
    >>> parse_tools("策略性措施、供给型/人才培养、S1、减税")
    (['供给型/人才培养', '环境型/策略性措施'], ['减税'])
    """
    labels, unknown = set(), []
    for name in (n for n in ("".join(p.split()) for p in _SEPARATORS.split(value or "")) if n):
        label = tool_label_of(name)
        if label is None:
            unknown.append(name)
        else:
            labels.add(label)
    return sorted(labels, key=lambda x: list(TOOLS).index(LABEL_CODE[x])), unknown


def tools_cell(task: Task) -> str:
    """A task's tools as the workbook shows them: labels separated by 、."""
    return "、".join(task.tools)


def _with_tools(task: Task, labels: Sequence[str], primary: str | None) -> Task:
    had = {u.tool: u for u in task.tool_uses}
    uses = tuple(had.get(x) or ToolUse(x, task.title_span, 0, CORRECTION) for x in labels)
    return dataclasses.replace(task, tool_uses=uses, primary_tool=primary)


def _task_label(t: Task) -> str:
    return f"{t.id}{t.title}"


def apply_tool_changes(b: Any, changes: Sequence[Any]) -> None:
    """Apply ``tools`` and ``primary-tool`` changes (`kg.review.corrections.Change`) to the tasks of ``b``,
    the corrections' builder."""
    for c in sorted(changes, key=lambda c: c.change != "tools"):  # the set first, then its primary
        task = _task_lookup(b.doc, c.key)
        i = next((k for k, t in enumerate(b.tasks) if task is not None and t.path == task.path), None)
        if task is None or i is None:
            b.problem(c, "no such task in the document" if task is None else "the task is removed by another "
                      "correction")
            continue
        now = b.tasks[i]
        if c.change == "tools":
            labels, unknown = parse_tools(c.value)
            if unknown:
                b.problem(c, f"unknown policy tool {'、'.join(unknown)} (one of the codebook's 15 sub-tools: "
                             "人才培养, 资金投入 … or 供给型/人才培养, S1)")
                continue
            if labels == list(now.tools):
                b.unchanged(c, "the task already has these tools")
                continue
            primary = now.primary_tool if now.primary_tool in labels else (labels[0] if labels else None)
            b.tasks[i] = _with_tools(now, labels, primary)
            b.applied("task", now.path, "tools", tools_cell(now), "、".join(labels), now.title_span, c.note,
                      (c,), _task_label(now))
            continue
        label = tool_label_of(c.value) if c.value.strip() else None
        if c.value.strip() and label is None:
            b.problem(c, f"unknown policy tool {c.value.strip()!r}")
            continue
        if label == now.primary_tool:
            b.unchanged(c, "the primary tool is already so")
            continue
        if label is None and now.tool_uses:
            b.problem(c, "a task that deploys tools needs a primary tool (to code none, empty 政策工具 too)")
            continue
        labels = list(now.tools) if label is None or label in now.tools else \
            sorted([*now.tools, label], key=lambda x: list(TOOLS).index(LABEL_CODE[x]))
        b.tasks[i] = _with_tools(now, labels, label)
        b.applied("task", now.path, "primary-tool", now.primary_tool or "", label or "", now.title_span,
                  c.note, (c,), _task_label(now))
