"""What a query returns: `QueryResult` (variables and rows of rdflib terms), plain Python values for
its cells (`plain_value`) and its rendering as a text table, CSV, TSV or JSON (`format_result`).

`Backend` is what the local and remote backends (`kg.sparql.local`, `kg.sparql.remote`) have in
common: ``select(text, bindings)`` returns the variables and the rows.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Protocol

from rdflib import XSD, BNode, Literal, URIRef
from rdflib.term import Node

from ..cells import csv_field, csv_row
from ..errors import QueryError, require

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["QueryResult", "Backend", "Rows", "plain_value", "format_result", "FORMATS"]


FORMATS = ("table", "csv", "tsv", "json")


Rows = tuple[list[str], list[dict[str, Node | None]]]


class Backend(Protocol):
    """Where queries run: ``select(text, bindings)`` returns (variables, rows of rdflib terms)."""

    description: str

    def select(self, text: str, bindings: Mapping[str, Node]) -> Rows:
        ...


@dataclass(frozen=True)
class QueryResult:
    """The rows of a SELECT (or the answer of an ASK) with the query that produced them."""

    name: str
    vars: list[str]
    rows: list[dict[str, Node | None]]
    bindings: dict[str, Node] = field(default_factory=dict)
    prefixes: dict[str, str] = field(default_factory=dict)
    # What the reader should know about the answer (a default the KG does not have, a sub-type no
    # task is tagged with …); ``policykg query`` prints them to standard error.
    notes: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.rows)

    def plain_rows(self) -> list[dict[str, Any]]:
        """Rows with plain Python values (str, int, float, bool, None); see `plain_value`."""
        seen: dict[Node, Any] = {}  # most cells repeat (labels, roles, counts): convert each term once

        def plain(term: Node | None) -> Any:
            if term is None:
                return None
            if term not in seen:
                seen[term] = plain_value(term)
            return seen[term]

        return [{v: plain(row.get(v)) for v in self.vars} for row in self.rows]

    def to_dataframe(self) -> pd.DataFrame:
        """The rows as a pandas DataFrame of plain values, one column per variable.

        Examples
        --------
        >>> from kg.sparql.run import run_query
        >>> df = run_query("tasks-led-by-agency", data="out/kg.ttl").to_dataframe()
        >>> len(df), df.loc[0, "id"]
        (10, '（一）')
        """
        pd = require("pandas", extra="analysis")
        return pd.DataFrame(self.plain_rows(), columns=self.vars)

    def format(self, fmt: str = "table") -> str:
        return format_result(self, fmt)


_NUMERIC = {XSD.integer, XSD.int, XSD.long, XSD.short, XSD.byte, XSD.nonNegativeInteger,
            XSD.positiveInteger, XSD.nonPositiveInteger, XSD.negativeInteger, XSD.unsignedInt,
            XSD.unsignedLong, XSD.unsignedShort, XSD.unsignedByte, XSD.decimal, XSD.double, XSD.float}


def plain_value(term: Node | None) -> Any:
    """A plain Python value for a result term: IRIs and strings as ``str``, numbers as ``int`` or
    ``float`` (``20``, not ``20.0``: engines write decimals differently), booleans as ``bool``.

    Examples
    --------
    >>> from rdflib import Literal, URIRef, XSD
    >>> plain_value(Literal("20.0", datatype=XSD.decimal)), plain_value(URIRef("https://x.org/a"))
    (20, 'https://x.org/a')
    """
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype in _NUMERIC:
            try:
                number = Decimal(str(term))
            except InvalidOperation:
                return str(term)
            if not number.is_finite():
                return float(number)
            return int(number) if number == number.to_integral_value() else float(number)
        if term.datatype == XSD.boolean:
            return str(term).strip() in ("true", "1")
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _display_width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _truncate(text: str, width: int) -> str:
    if _display_width(text) <= width:
        return text
    out, used = [], 0
    for c in text:
        w = 2 if unicodedata.east_asian_width(c) in "WF" else 1
        if used + w > width - 1:
            break
        out.append(c)
        used += w
    return "".join(out) + "…"


def _compact(value: str, prefixes: Mapping[str, str]) -> str:
    """An IRI as a prefixed name (longest namespace), percent-decoded so Chinese names are readable."""
    best = max((ns for ns in prefixes.values() if value.startswith(ns)), key=len, default=None)
    if best is None:
        return value
    prefix = next(p for p, ns in prefixes.items() if ns == best)
    return f"{prefix}:{urllib.parse.unquote(value[len(best):])}"


_YEAR = re.compile(r"^-?\d{4}$")


def _json_value(term: Node | None, plain: Any) -> Any:
    """The JSON value of a cell: numbers stay numbers, and so does a year (``xsd:gYear`` 2025 → 2025,
    not "2025"); everything else as `plain_value` gives it."""
    if isinstance(term, Literal) and term.datatype == XSD.gYear and _YEAR.match(str(term)):
        return int(str(term))
    return plain


def format_result(result: QueryResult, fmt: str = "table", max_width: int = 48) -> str:
    """Render a result as an aligned text table, CSV, TSV or JSON (a list of objects).

    Examples
    --------
    >>> r = QueryResult("q", ["n"], [{"n": Literal(1)}])
    >>> format_result(r, "csv").splitlines()
    ['n', '1']
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "json":
        rows = [{v: _json_value(raw.get(v), plain) for v, plain in row.items()}
                for raw, row in zip(result.rows, result.plain_rows(), strict=True)]
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt in ("csv", "tsv"):
        rows = result.plain_rows()
        buf = io.StringIO()
        if fmt == "csv":
            writer = csv.writer(buf, lineterminator="\n")
            writer.writerow(result.vars)  # text that looks like a formula gets a ' (kg.cells)
            writer.writerows([csv_row("" if r[v] is None else r[v] for v in result.vars) for r in rows])
        else:
            def cell(value: Any) -> str:
                text = "" if value is None else csv_field(str(value))
                for raw, escaped in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
                    text = text.replace(raw, escaped)
                return text

            buf.write("\t".join(result.vars) + "\n")
            for r in rows:
                buf.write("\t".join(cell(r[v]) for v in result.vars) + "\n")
        return buf.getvalue()
    # table: IRIs shortened with the query's prefixes, long cells cut, CJK counted double width.
    shown: dict[Node, str] = {}  # one rendering per distinct term

    def show(term: Node | None) -> str:
        if term is None:
            return ""
        text = shown.get(term)
        if text is None:
            value = plain_value(term)
            text = _compact(str(value), result.prefixes) if isinstance(term, URIRef) else str(value)
            text = shown[term] = _truncate(" ".join(text.split()), max_width)
        return text

    cells = [[show(raw.get(v)) for v in result.vars] for raw in result.rows]
    widths = [max([_display_width(v)] + [_display_width(c[i]) for c in cells])
              for i, v in enumerate(result.vars)]

    def fmt_line(values: Sequence[str]) -> str:
        padded = (v + " " * (w - _display_width(v)) for v, w in zip(values, widths, strict=True))
        return "  ".join(padded).rstrip()

    lines = [fmt_line(result.vars), fmt_line(["-" * w for w in widths])] + [fmt_line(c) for c in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines) + "\n"
