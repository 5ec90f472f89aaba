"""SPARQL text helpers: write RDF terms as SPARQL, bind parameters with a ``VALUES`` row, check
that a query parses — text in, text out.

A leaf module: it imports nothing from policykg but the error types (`kg.errors`), so the
backends (`kg.sparql.local`, `kg.sparql.remote`), the Virtuoso adaptations (`kg.sparql.dialects`)
and the endpoint tools all build on it without an import cycle.

Every value the runner writes into a query goes through `sparql_term`, which writes the term with
``Term.n3()`` and parses it back before it is used; `inject_values` puts one ``VALUES`` row right
inside the query's outer ``WHERE {``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from rdflib import XSD, BNode, Literal, URIRef
from rdflib.term import Node

from ..errors import QueryError, one_line

__all__ = ["BAD_IRI", "sparql_term", "inject_values", "outer_group_start", "declared_prefixes",
           "undeclared_prefixes",
           "parse_problem", "from_ox"]

#: Characters an IRI may not contain (SPARQL IRIREF), so a value with them can never close the <…>.
BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_PREFIX_DECL = re.compile(r"^\s*PREFIX\s+(?P<prefix>[A-Za-z][\w.-]*)?:\s*<(?P<iri>[^<>\s]*)>", re.I | re.M)


def sparql_term(term: Node) -> str:
    """The SPARQL text of one RDF term, via ``n3()``, checked by parsing it back.

    Raises `QueryError` when the term cannot be written safely (an IRI with spaces, quotes, ``<>``,
    braces …; a blank node).

    Examples
    --------
    >>> sparql_term(Literal('x" } DROP ALL'))
    '"x\\\\" } DROP ALL"'
    """
    if isinstance(term, URIRef):
        if BAD_IRI.search(str(term)):
            raise QueryError(f"not a valid IRI: {str(term)!r}")
    elif not isinstance(term, Literal):
        raise QueryError(f"cannot bind a {type(term).__name__} as a parameter")
    text = term.n3()
    if not _parses_back_to(text, term):
        raise QueryError(f"cannot write the value {str(term)!r} safely as SPARQL")
    return text


def _parses_back_to(text: str, term: Node) -> bool:
    """Whether ``text`` is read by a SPARQL parser as exactly the one term ``term``.

    Oxigraph's parser first (microseconds, on an empty store); when it reads the text as another
    term (it may canonicalise a literal's lexical form), rdflib's parser decides (milliseconds).
    Either way the text has to be exactly one term: anything else is a parse error or not one row.
    """
    return _parse_back_oxigraph(text) == term or _parse_back(text) == term


@functools.lru_cache(maxsize=4096)
def _parse_back_oxigraph(text: str) -> Node | None:
    try:
        rows = [s[0] for s in _empty_store().query(f"SELECT ?value WHERE {{ VALUES ?value {{ {text} }} }}")]
    except Exception:  # noqa: BLE001 - not a term for Oxigraph: rdflib's parser decides
        return None
    return from_ox(rows[0]) if len(rows) == 1 and rows[0] is not None else None


def _parse_back(text: str) -> Node | None:
    """Parse one written term with rdflib's SPARQL parser (never evaluated against data)."""
    from rdflib import Graph

    rows = list(Graph().query(f"SELECT ?value WHERE {{ VALUES ?value {{ {text} }} }}"))
    return rows[0][0] if len(rows) == 1 else None


@functools.cache
def _empty_store() -> Any:
    import pyoxigraph as ox

    return ox.Store()


def from_ox(value: Any) -> Node:
    import pyoxigraph as ox

    if isinstance(value, ox.NamedNode):
        return URIRef(value.value)
    if isinstance(value, ox.BlankNode):
        return BNode(value.value)
    if isinstance(value, ox.Literal):
        if value.language:
            return Literal(value.value, lang=value.language)
        if value.datatype.value == str(XSD.string):
            return Literal(value.value)  # as rdflib and SPARQL JSON results write plain strings
        return Literal(value.value, datatype=URIRef(value.datatype.value))
    return Literal(str(value))  # RDF-star triple terms: shown as text


def _skip_string(text: str, i: int) -> int:
    quote = text[i]
    if text.startswith(quote * 3, i):
        end = i + 3
        while end < len(text):
            if text[end] == "\\":
                end += 2
            elif text.startswith(quote * 3, end):
                return end + 3
            else:
                end += 1
        return end
    end = i + 1
    while end < len(text) and text[end] not in (quote, "\n"):
        end += 2 if text[end] == "\\" else 1
    return end + 1


_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')


def outer_group_start(text: str) -> int:
    """Index just after the ``{`` that opens the outer WHERE group (skipping comments, strings, IRIs
    and braces inside parentheses, e.g. ``(EXISTS { … } AS ?x)`` in a SELECT clause)."""
    i, parens = 0, 0
    while i < len(text):
        c = text[i]
        if c == "#":
            newline = text.find("\n", i)
            i = len(text) if newline < 0 else newline + 1
        elif c in "\"'":
            i = _skip_string(text, i)
        elif c == "<" and (m := _IRIREF.match(text, i)):
            i = m.end()
        elif c == "(":
            parens, i = parens + 1, i + 1
        elif c == ")":
            parens, i = parens - 1, i + 1
        elif c == "{" and parens == 0:
            return i + 1
        else:
            i += 1
    raise QueryError("the query has no WHERE group to bind parameters in")


def inject_values(text: str, bindings: Mapping[str, Node]) -> str:
    """The query with one ``VALUES`` row for ``bindings`` at the start of its outer WHERE group.

    Examples
    --------
    >>> q = "SELECT ?t WHERE { ?t ?p ?year }"
    >>> print(inject_values(q, {"year": Literal("2025", datatype=XSD.gYear)}))
    SELECT ?t WHERE {
      VALUES (?year) { ("2025"^^<http://www.w3.org/2001/XMLSchema#gYear>) }
     ?t ?p ?year }
    """
    if not bindings:
        return text
    names = list(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"not a variable name: {name!r}")
    block = "VALUES ({}) {{ ({}) }}".format(" ".join(f"?{n}" for n in names),
                                          " ".join(sparql_term(bindings[n]) for n in names))
    at = outer_group_start(text)
    return f"{text[:at]}\n  {block}\n{text[at:]}"


def declared_prefixes(text: str) -> dict[str, str]:
    """The ``PREFIX`` declarations of a query, prefix → namespace (``""`` for the default prefix).

    Examples
    --------
    >>> declared_prefixes("PREFIX pkg: <https://w3id.org/policykg/ontology#>\\nSELECT * WHERE {}")
    {'pkg': 'https://w3id.org/policykg/ontology#'}
    """
    return {m.group("prefix") or "": m.group("iri") for m in _PREFIX_DECL.finditer(text)}


# A prefixed name (pkg:Court, :x, skos:broader) where it may start: not inside a word, a variable or an IRI.
_PREFIXED_NAME = re.compile(r"(?<![\w?$:/#.\-])(?P<prefix>[A-Za-z][\w.-]*)?:(?=[\w\u00C0-\uFFFF%])")


def _code_only(text: str) -> str:
    """``text`` with comments, strings and IRIs blanked out (the same length), so a search for
    prefixed names sees only the query's own words."""
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "#":
            newline = text.find("\n", i)
            end = len(text) if newline < 0 else newline
        elif c in "\"'":
            end = _skip_string(text, i)
        elif c == "<" and (m := _IRIREF.match(text, i)):
            end = m.end()
        else:
            out.append(c)
            i += 1
            continue
        out.append(" " * (min(end, len(text)) - i))
        i = end
    return "".join(out)


def undeclared_prefixes(text: str) -> list[str]:
    """The prefixes a query uses in prefixed names without a ``PREFIX`` line for them, in order of use.

    Examples
    --------
    >>> undeclared_prefixes("PREFIX a: <x:>\\nSELECT * WHERE { ?s a:p b:q ; <x:y> 'c:d' . } # e:f")
    ['b']
    """
    declared = declared_prefixes(text)
    code = _PREFIX_DECL.sub(lambda m: " " * len(m.group(0)), text)
    found: list[str] = []
    for m in _PREFIXED_NAME.finditer(_code_only(code)):
        prefix = m.group("prefix") or ""
        if prefix not in declared and prefix not in found:
            found.append(prefix)
    return found


@functools.lru_cache(maxsize=256)
def parse_problem(text: str) -> str | None:
    """Why ``text`` cannot be run (does not parse, or not SELECT/ASK), else None; cached because
    rdflib's parser takes tens of milliseconds and notebooks run the same query many times."""
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(text)
    except Exception as exc:  # noqa: BLE001 - pyparsing errors carry line and column
        line = getattr(exc, "lineno", None)
        col = getattr(exc, "col", None)
        where = f" at line {line}, column {col}" if line is not None else ""
        msg = getattr(exc, "msg", None) or one_line(exc)
        return f"the query does not parse{where}: {msg}"
    form = parsed[1].name if len(parsed) > 1 else ""
    if form not in ("SelectQuery", "AskQuery"):
        return f"only SELECT and ASK queries can be run, not {form or 'this'}"
    return None
