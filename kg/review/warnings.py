"""Extraction warnings as JSON, and where a build keeps them.

The warnings themselves come from the loaders (`loaders.extract.warnings`, on ``Document.warnings``); this
module gives them their JSON form — ``{"code", "message", "span": [start, end], "quote"}`` — for
``policykg extract`` and for ``OUT/warnings.json``, which ``policykg build`` writes beside the KG, and
the one line the build prints for each document that has any (``3 warnings: policykg review FILE``).
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
           "count_line", "summary_lines", "write_warnings", "code_table", "codes_markdown"]

WARNINGS_FILE = "warnings.json"
FORMAT = "policykg-warnings/1"
MAX_LINES = 20  # documents listed in the build summary; the rest are in warnings.json


def warning_json(w: ExtractionWarning) -> dict[str, Any]:
    """One warning as JSON: code, message, span ``[start, end)`` and the quote it covers.

    Examples
    --------
    >>> from loaders.records import Span
    >>> warning_json(ExtractionWarning("unknown-agency", "not in the gazetteer", Span(3, 6, "金融办")))
    {'code': 'unknown-agency', 'message': 'not in the gazetteer', 'span': [3, 6], 'quote': '金融办'}
    """
    return {"code": w.code, "message": w.message, "span": w.span.as_list(), "quote": w.span.quote}


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


def count_line(count: int, source: str) -> str:
    """The line ``policykg build`` prints for a document with warnings.

    Examples
    --------
    >>> count_line(3, "plans/a.txt")
    '3 warnings: policykg review plans/a.txt'
    >>> count_line(1, "b.txt")
    '1 warning: policykg review b.txt'
    """
    return f"{count} warning{'' if count == 1 else 's'}: policykg review {source}"


def summary_lines(
    docs: Iterable[DocumentWarnings], out_file: str | os.PathLike[str] | None = None
) -> list[str]:
    """One count line per document with warnings (in document-id order), at most `MAX_LINES`.

    Examples
    --------
    >>> d = DocumentWarnings("a", "a.txt", "00", ({"code": "lead-rule"},))
    >>> summary_lines([d, DocumentWarnings("b", "b.txt", "11", ())])
    ['1 warning: policykg review a.txt']
    """
    flagged = sorted((d for d in docs if d.warnings), key=lambda d: d.doc_id)
    lines = [count_line(len(d.warnings), d.source) for d in flagged[:MAX_LINES]]
    if len(flagged) > MAX_LINES:
        where = f" ({out_file})" if out_file else ""
        lines.append(f"… {len(flagged) - MAX_LINES} more documents with warnings{where}")
    return lines


def code_table() -> dict[str, dict[str, str]]:
    """Every warning code with what it means and what to do (from `loaders.extract.warnings.CODES`)."""
    from loaders.extract.warnings import CODES

    return {code: {"means": means, "what_to_do": todo} for code, (means, todo) in CODES.items()}


def codes_markdown() -> str:
    """The warning codes as a Markdown table (code, what it means, what to do): the README's table.

    Examples
    --------
    >>> codes_markdown().splitlines()[0]
    '| code | what it means | what to do |'
    """
    lines = ["| code | what it means | what to do |", "|---|---|---|"]
    lines += [f"| `{code}` | {means} | {todo} |" for code, (means, todo) in _codes().items()]
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
    data = {
        "format": FORMAT,
        "documents": [
            {"id": d.doc_id, "source": d.source, "sha256": d.sha256, "count": len(d.warnings),
             "review": f"policykg review {d.source}", "warnings": list(d.warnings)}
            for d in flagged
        ],
        "codes": {c: table.get(c, {"means": "", "what_to_do": ""}) for c in used},
    }
    path = Path(out_dir) / WARNINGS_FILE
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n")
    return path
