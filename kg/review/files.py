"""Reading a corrections file: the review workbook, a review CSV sheet, a change-list CSV, or YAML.

See `kg.review.corrections` for the changes and what they do, `kg.review.workbook` for the workbook.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import os
import re
import zipfile
from pathlib import Path

from loaders.errors import MissingExtraError

from ..userfiles import check_workbook, read_user_file
from .corrections import CHANGE_COLUMNS, Change, CorrectionsError, CorrectionSet, cell_text, parse_change_rows
from .workbook import changes_from_review_csv, changes_from_workbook

__all__ = ["read_corrections"]


def _file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_corrections(path: str | os.PathLike[str]) -> CorrectionSet:
    """Read a corrections file: a review workbook (.xlsx), a review CSV (as ``policykg review
    --format csv`` writes it), a change-list CSV, or YAML.

    The file is read through `kg.userfiles` (a regular file of at most 20 MB; a workbook that
    inflates too much is refused before it is opened); YAML may not use aliases, a workbook may not
    hold formulas (`kg.review.workbook.changes_from_workbook`).

    Raises
    ------
    CorrectionsError
        The file is missing, not a regular file, too big or cannot be read; the message names it and
        where.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "fixes.csv"
    >>> _ = p.write_text("document,sha256,change,key,value,note\\n"
    ...                  "plan,1f12e2bec79e5f65,lead,3.1,区科技局,one lead\\n", encoding="utf-8")
    >>> cs = read_corrections(p)
    >>> cs.name, [(c.change, c.key, c.value) for c in cs.changes]
    ('fixes.csv', [('lead', '3.1', '区科技局')])
    """
    p = Path(path)
    # a regular file of bounded size, read once (kg.userfiles); a workbook is checked before openpyxl
    data = read_user_file(p, "corrections file", CorrectionsError)
    suffix = p.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt", ".yaml", ".yml"):
        raise CorrectionsError(f"{p}: a corrections file is .xlsx (the review workbook), .csv or .yaml")
    reviewer = saved = None
    if suffix in (".xlsx", ".xlsm"):
        check_workbook(data, str(p), CorrectionsError)
        changes, reviewer = changes_from_workbook(p, data)
        saved = workbook_saved(data)
    elif suffix in (".csv", ".txt"):
        try:
            changes = _changes_from_csv(data, p.name)
        except csv.Error as exc:  # a field over the csv module's limit (128 KiB), a bad quote …
            raise CorrectionsError(f"{p}: not a readable CSV file ({' '.join(str(exc).split())})") from None
    else:
        changes, reviewer, saved = _changes_from_yaml(data, p.name)
    changes = [dataclasses.replace(c, file=p.name) for c in changes]
    return CorrectionSet(p.name, _file_digest(data), tuple(changes), reviewer, saved)


# An ISO 8601 date or date and time (W3CDTF, as a workbook's docProps/core.xml writes it).
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$")
_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>([^<]{1,40})</dcterms:modified>")


def workbook_saved(data: bytes) -> str | None:
    """When a workbook (its bytes, already checked by `kg.userfiles.check_workbook`) was last saved: the
    ``dcterms:modified`` of its ``docProps/core.xml``, or None when it has none.

    Examples
    --------
    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w") as z:
    ...     z.writestr("docProps/core.xml", '<cp:coreProperties><dcterms:modified xsi:type="dcterms:W3CDTF">'
    ...                '2026-12-01T09:30:00Z</dcterms:modified></cp:coreProperties>')
    >>> workbook_saved(buf.getvalue())
    '2026-12-01T09:30:00Z'
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            core = z.read("docProps/core.xml")
    except (KeyError, zipfile.BadZipFile):
        return None
    found = _MODIFIED.search(core)
    value = found.group(1).decode("ascii", "replace").strip() if found else ""
    return value if _ISO_DATE.match(value) else None


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise CorrectionsError(f"{name}: not UTF-8 or GB18030 text") from None


def _changes_from_csv(data: bytes, name: str) -> list[Change]:
    text = _decode(data, name)
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "change" in header:
        return parse_change_rows(reader, name, first=2)  # numbered as the lines of the file
    changes = changes_from_review_csv(text, name)
    if changes is None:
        raise CorrectionsError(f"{name}: neither a change list (columns {', '.join(CHANGE_COLUMNS)}) nor a "
                               "sheet of policykg review --format csv")
    return changes


def _changes_from_yaml(data: bytes, name: str) -> tuple[list[Change], str | None, str | None]:
    try:
        import yaml
    except ImportError:
        raise MissingExtraError(f"{name}: reading YAML needs PyYAML (pip install 'policykg[analysis]'); "
                                "or write the corrections as CSV") from None
    try:
        doc = yaml.load(_decode(data, name), Loader=_loader_without_aliases(yaml, name))
    except yaml.YAMLError as exc:
        raise CorrectionsError(f"{name}: not valid YAML ({' '.join(str(exc).split())[:200]})") from None
    except RecursionError:
        raise CorrectionsError(f"{name}: nested too deeply to be a list of corrections") from None
    reviewer = saved = None
    if isinstance(doc, dict):
        reviewer = cell_text(doc.get("reviewer")) or None
        date = doc.get("date")
        saved = date.isoformat() if hasattr(date, "isoformat") else (cell_text(date) or None)
        if saved is not None and not _ISO_DATE.match(saved):
            raise CorrectionsError(f"{name}: date: {saved[:40]!r} is not a date (write 2026-12-01)")
        doc = doc.get("corrections")
    if not isinstance(doc, list):
        raise CorrectionsError(f"{name}: expected a list of corrections (or a mapping with corrections:)")
    return parse_change_rows(doc, name), reviewer, saved


def _loader_without_aliases(yaml, name: str) -> type:
    """PyYAML's safe loader, refusing any alias (``*name``): corrections never need one, and nested
    aliases (the "billion laughs" of YAML) make a few hundred bytes into gigabytes once the values
    are read."""

    class NoAliases(yaml.SafeLoader):
        def compose_node(self, parent, index):  # noqa: ANN001, ANN202 - PyYAML's signature
            if self.check_event(yaml.events.AliasEvent):
                event = self.peek_event()
                raise CorrectionsError(f"{name}:{event.start_mark.line + 1}: a YAML alias (*{event.anchor}); "
                                       "aliases are not allowed in corrections, write the value out")
            return super().compose_node(parent, index)

    return NoAliases
