"""Extraction warnings as JSON, and where a build keeps them.

The warnings themselves come from the loaders (`loaders.extract.warnings`, on ``Document.warnings``); this
module gives them their JSON form — ``{"code", "level", "message", "message_zh", "span": [start, end],
"quote", "tasks"}`` — for ``policykg extract`` and for ``OUT/warnings.json``, which ``policykg build``
writes beside the KG, and the lines the build prints: one headline that counts ``check`` and ``note``
apart (``3 plans, 41 tasks to check; 120 notes``) and one line per document with warnings, those with
checks first (``41 tasks to check, 12 notes: policykg review FILE``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loaders.records import Document, ExtractionWarning

__all__ = ["WARNINGS_FILE", "DocumentWarnings", "warning_json", "warnings_json", "document_warnings",
           "count_line", "summary_lines", "headline", "level_counts", "write_warnings", "code_table",
           "codes_markdown"]

WARNINGS_FILE = "warnings.json"
FORMAT = "policykg-warnings/1"
MAX_LINES = 20  # documents listed in the build summary; the rest are in warnings.json


def warning_json(w: ExtractionWarning) -> dict[str, Any]:
    """One warning as JSON: code, level (``check`` or ``note``), message in English and in Chinese,
    span ``[start, end)``, the quote it covers and the tasks it concerns (their paths).

    Examples
    --------
    >>> from loaders.records import Span
    >>> warning_json(ExtractionWarning("unknown-agency", "not in the gazetteer", Span(3, 6, "金融办"),
    ...                                tasks=("1.2",)))  # doctest: +NORMALIZE_WHITESPACE
    {'code': 'unknown-agency', 'level': 'note', 'message': 'not in the gazetteer',
     'message_zh': '「金融办」不在机构名录中，也不合常见简称的构词（按原文保留）',
     'span': [3, 6], 'quote': '金融办', 'tasks': ['1.2']}
    """
    from loaders.extract.warnings import message_zh

    return {"code": w.code, "level": w.level, "message": w.message, "message_zh": message_zh(w),
            "span": w.span.as_list(), "quote": w.span.quote, "tasks": list(w.tasks)}


def warnings_json(doc: Document) -> list[dict[str, Any]]:
    """The document's warnings as JSON, in text order."""
    return [warning_json(w) for w in doc.warnings]


@dataclass(frozen=True)
class DocumentWarnings:
    """The warnings of one built document, as a worker sends them back (plain, picklable)."""

    doc_id: str
    source: str
    sha256: str
    warnings: tuple[dict[str, Any], ...]


def document_warnings(doc: Document) -> DocumentWarnings:
    """What a build keeps of one document's warnings."""
    return DocumentWarnings(doc.meta.id, doc.meta.source, doc.meta.sha256, tuple(warnings_json(doc)))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def level_counts(warnings: Iterable[dict[str, Any]]) -> dict[str, int]:
    """How many warnings are checks and notes, the tasks the checks concern, and the checks about no
    task in particular (a missed task, a table header): ``{"checks", "notes", "tasks", "places"}``.

    Examples
    --------
    >>> level_counts([{"level": "check", "tasks": ["1", "2"]}, {"level": "check", "tasks": ["2"]},
    ...               {"level": "check", "tasks": []}, {"code": "lead-rule"}])
    {'checks': 3, 'notes': 1, 'tasks': 2, 'places': 1}
    """
    ws = list(warnings)
    checks = [w for w in ws if w.get("level") == "check"]
    notes = len(ws) - len(checks)
    tasks = {t for w in checks for t in w.get("tasks", ())}
    return {"checks": len(checks), "notes": notes, "tasks": len(tasks),
            "places": sum(1 for w in checks if not w.get("tasks"))}


def count_line(counts: dict[str, int] | int, source: str) -> str:
    """The line ``policykg build`` prints for a document with warnings: the tasks to check, the other
    places to check, the notes (a plain number counts notes).

    Examples
    --------
    >>> count_line({"checks": 4, "notes": 3, "tasks": 41, "places": 1}, "plans/a.txt")
    '41 tasks to check, 1 more place to check, 3 notes: policykg review plans/a.txt'
    >>> count_line(1, "b.txt")
    '1 note: policykg review b.txt'
    """
    c = counts if isinstance(counts, dict) else {"checks": 0, "notes": counts, "tasks": 0, "places": 0}
    parts = []
    if c["tasks"]:
        parts.append(f"{_plural(c['tasks'], 'task')} to check")
    if c["places"]:
        more = "more " if c["tasks"] else ""
        parts.append(f"{c['places']} {more}place{'' if c['places'] == 1 else 's'} to check")
    if c["notes"]:
        parts.append(_plural(c["notes"], "note"))
    return f"{', '.join(parts)}: policykg review {source}"


def headline(docs: Iterable[DocumentWarnings]) -> str:
    """The build summary's count of what to look at, checks and notes apart.

    Examples
    --------
    >>> a = DocumentWarnings("a", "a.txt", "00", ({"level": "check", "tasks": ["1"]}, {"level": "note"}))
    >>> headline([a, DocumentWarnings("b", "b.txt", "11", ({"level": "note"},))])
    '1 plan, 1 task to check; 2 notes in 2 plans'
    >>> headline([DocumentWarnings("b", "b.txt", "11", ({"level": "note"},))])
    'nothing to check; 1 note in 1 plan'
    """
    counts = [level_counts(d.warnings) for d in docs if d.warnings]
    checked = [c for c in counts if c["checks"]]
    tasks, places = sum(c["tasks"] for c in checked), sum(c["places"] for c in checked)
    if checked:
        what = [f"{_plural(tasks, 'task')} to check"] if tasks else []
        if places:
            what.append(f"{places} {'more ' if tasks else ''}place{'' if places == 1 else 's'} to check")
        head = f"{_plural(len(checked), 'plan')}, {', '.join(what)}"
    else:
        head = "nothing to check"
    noted = [c for c in counts if c["notes"]]
    notes = sum(c["notes"] for c in noted)
    return head + (f"; {_plural(notes, 'note')} in {_plural(len(noted), 'plan')}" if notes else "")


def summary_lines(
    docs: Iterable[DocumentWarnings], out_file: str | os.PathLike[str] | None = None
) -> list[str]:
    """One count line per document with warnings (those with checks first, then by document id), at
    most `MAX_LINES`.

    Examples
    --------
    >>> d = DocumentWarnings("a", "a.txt", "00", ({"code": "lead-rule"},))
    >>> w = {"code": "unit-fragment", "level": "check", "tasks": ["2"]}
    >>> c = DocumentWarnings("c", "c.txt", "22", (w,))
    >>> summary_lines([d, DocumentWarnings("b", "b.txt", "11", ()), c])
    ['1 task to check: policykg review c.txt', '1 note: policykg review a.txt']
    """
    counted = [(level_counts(d.warnings), d) for d in docs if d.warnings]
    flagged = sorted(counted, key=lambda cd: (not cd[0]["checks"], cd[1].doc_id))
    lines = [count_line(c, d.source) for c, d in flagged[:MAX_LINES]]
    if len(flagged) > MAX_LINES:
        where = f" ({out_file})" if out_file else ""
        lines.append(f"… {len(flagged) - MAX_LINES} more documents with warnings{where}")
    return lines


def code_table() -> dict[str, dict[str, str]]:
    """Every warning code with its level, what it means and what to do (from
    `loaders.extract.warnings.CODES` and ``LEVELS``)."""
    from loaders.extract.warnings import CODES, level_of

    return {code: {"level": level_of(code), "means": means, "what_to_do": todo}
            for code, (means, todo) in CODES.items()}


def codes_markdown() -> str:
    """The warning codes as a Markdown table (code, level, what it means, what to do): the README's table.

    Examples
    --------
    >>> codes_markdown().splitlines()[0]
    '| code | level | what it means | what to do |'
    """
    from loaders.extract.warnings import level_of

    lines = ["| code | level | what it means | what to do |", "|---|---|---|---|"]
    lines += [f"| `{code}` | {level_of(code)} | {means} | {todo} |"
              for code, (means, todo) in _codes().items()]
    return "\n".join(lines) + "\n"


def _codes() -> dict[str, tuple[str, str]]:
    from loaders.extract.warnings import CODES

    return CODES


def write_warnings(out_dir: str | os.PathLike[str], docs: Sequence[DocumentWarnings]) -> Path:
    """Write ``OUT/warnings.json``: the documents with warnings (by id), each warning with its span
    and quote, and the codes used with what to do about each. Always written, so a build never
    leaves an older build's warnings behind; equal input gives byte-identical output.

    Examples
    --------
    >>> import tempfile
    >>> p = write_warnings(tempfile.mkdtemp(), [])
    >>> json.loads(p.read_text(encoding="utf-8"))["documents"]
    []
    """
    from ..io import atomic_write_text

    flagged = sorted((d for d in docs if d.warnings), key=lambda d: d.doc_id)
    used = sorted({w["code"] for d in flagged for w in d.warnings})
    table = code_table()
    counted = [(d, level_counts(d.warnings)) for d in flagged]
    data = {
        "format": FORMAT,
        "summary": {
            "documents": len(flagged),
            "documents_to_check": sum(1 for _, c in counted if c["checks"]),
            "tasks_to_check": sum(c["tasks"] for _, c in counted),
            "checks": sum(c["checks"] for _, c in counted),
            "notes": sum(c["notes"] for _, c in counted),
        },
        "documents": [
            {"id": d.doc_id, "source": d.source, "sha256": d.sha256, "count": len(d.warnings),
             "checks": c["checks"], "notes": c["notes"], "tasks_to_check": c["tasks"],
             "review": f"policykg review {d.source}", "warnings": list(d.warnings)}
            for d, c in counted
        ],
        "codes": {c: table.get(c, {"level": "note", "means": "", "what_to_do": ""}) for c in used},
    }
    path = Path(out_dir) / WARNINGS_FILE
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n")
    return path
