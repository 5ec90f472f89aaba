"""Run a library query (or any ``.rq`` file) on the embedded store or on a SPARQL 1.1 endpoint.

Parameters never become query text by string pasting:

- locally, on the embedded Oxigraph store, they become a ``VALUES`` block written from typed terms
  as below (Oxigraph's own substitutions filter finished solutions instead of narrowing the search);
  on an rdflib store they are passed as typed rdflib terms through ``initBindings``;
- remotely the runner adds a ``VALUES`` block, right inside the query's outer ``WHERE {``, written
  from the same typed terms with ``Term.n3()`` — and each written term is parsed back and compared
  with the original before anything is sent;
- a Chinese label given for an agency, IP type, industry or document parameter is resolved to an IRI
  by a lookup query (``queries/lookup/*.rq``) whose own parameter is bound the same way.

The type of a parameter comes from the query's comment header (``# param: agency (agency) — …``):
``agency``, ``ip-type``, ``industry``, ``document`` (IRI, prefixed name or label), ``class`` / ``iri``
(IRI or prefixed name), ``string``, ``integer``, ``decimal``, ``year`` (``xsd:gYear``), ``boolean``,
or an ``xsd:`` datatype. Library queries project their parameter variables (Oxigraph only
substitutes projected variables) and use them in the outer group, so the three ways of binding
agree; the tests check that every library query gives the same rows on all of them.
"""

from __future__ import annotations

import base64
import csv
import functools
import io
import json
import re
import threading
import unicodedata
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from rdflib import XSD, BNode, Literal, URIRef
from rdflib.term import Node

from .resources import queries_dir
from .sparql import QueryError, QueryFile, list_queries, load_query

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from rdflib import Graph

__all__ = [
    "QueryResult", "QueryTimeout", "EndpointError", "Backend", "LocalBackend", "RemoteBackend",
    "run_query", "resolve_params", "resolve_query", "inject_values", "sparql_term", "plain_value",
    "format_result", "FORMATS", "endpoint_urls", "EndpointUrls", "library",
]

FORMATS = ("table", "csv", "tsv", "json")

#: Parameter types whose value may be a label, and the lookup query that resolves it.
ENTITY_TYPES = {"agency": "agency", "ip-type": "ip-type", "industry": "industry", "document": "document"}
IRI_TYPES = {"class", "iri", "IRI", "uri"}
LITERAL_TYPES = {
    "string": None, "xsd:string": None, "literal": None,
    "integer": XSD.integer, "xsd:integer": XSD.integer, "int": XSD.integer,
    "decimal": XSD.decimal, "xsd:decimal": XSD.decimal,
    "year": XSD.gYear, "xsd:gYear": XSD.gYear, "gYear": XSD.gYear,
    "boolean": XSD.boolean, "xsd:boolean": XSD.boolean, "bool": XSD.boolean,
}
_LEXICAL = {
    XSD.integer: re.compile(r"^[+-]?\d+$"),
    XSD.decimal: re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$"),
    XSD.gYear: re.compile(r"^-?\d{4,}(Z|[+-]\d{2}:\d{2})?$"),
    XSD.boolean: re.compile(r"^(true|false|1|0)$"),
}
# Characters an IRI may not contain (SPARQL IRIREF), so a value with them can never close the <…>.
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_PREFIXED = re.compile(r"^(?P<prefix>[A-Za-z][\w.-]*)?:(?P<local>[^\s]*)$")
_PREFIX_DECL = re.compile(r"^\s*PREFIX\s+(?P<prefix>[A-Za-z][\w.-]*)?:\s*<(?P<iri>[^<>\s]*)>", re.I | re.M)


Rows = tuple[list[str], list[dict[str, Node | None]]]


class QueryTimeout(QueryError):
    """The query did not finish within the time limit."""


class EndpointError(QueryError):
    """The endpoint is unreachable or answered with an error."""


# ---------------------------------------------------------------- results
@dataclass(frozen=True)
class QueryResult:
    """The rows of a SELECT (or the answer of an ASK) with the query that produced them."""

    name: str
    vars: list[str]
    rows: list[dict[str, Node | None]]
    bindings: dict[str, Node] = field(default_factory=dict)
    prefixes: dict[str, str] = field(default_factory=dict)

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
        >>> df = run_query("tasks-led-by-agency", data="out/kg.ttl").to_dataframe()  # doctest: +SKIP
        """
        import pandas as pd

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
        return json.dumps(result.plain_rows(), ensure_ascii=False, indent=2) + "\n"
    if fmt in ("csv", "tsv"):
        rows = result.plain_rows()
        buf = io.StringIO()
        if fmt == "csv":
            writer = csv.writer(buf, lineterminator="\n")
            writer.writerow(result.vars)
            writer.writerows([["" if r[v] is None else r[v] for v in result.vars] for r in rows])
        else:
            def cell(value: Any) -> str:
                text = "" if value is None else str(value)
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


# ---------------------------------------------------------------- terms and VALUES
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
        if _BAD_IRI.search(str(term)):
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
    return _from_ox(rows[0]) if len(rows) == 1 and rows[0] is not None else None


def _parse_back(text: str) -> Node | None:
    """Parse one written term with rdflib's SPARQL parser (never evaluated against data)."""
    from rdflib import Graph

    rows = list(Graph().query(f"SELECT ?value WHERE {{ VALUES ?value {{ {text} }} }}"))
    return rows[0][0] if len(rows) == 1 else None


@functools.cache
def _empty_store() -> Any:
    import pyoxigraph as ox

    return ox.Store()


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


def _outer_group_start(text: str) -> int:
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
    at = _outer_group_start(text)
    return f"{text[:at]}\n  {block}\n{text[at:]}"


# ---------------------------------------------------------------- backends
class Backend(Protocol):
    """Where queries run: ``select(text, bindings)`` returns (variables, rows of rdflib terms)."""

    description: str

    def select(self, text: str, bindings: Mapping[str, Node]) -> Rows:
        ...


def _with_timeout(work: Callable[[], Any], timeout: float | None, what: str) -> Any:
    if timeout is None:
        return work()
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            box["error"] = exc

    # A daemon thread: Oxigraph releases the GIL while it evaluates, and a query that overruns is
    # abandoned (the command exits) rather than waited for.
    worker = threading.Thread(target=target, name="policykg-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryTimeout(f"{what} did not finish within {timeout:g} s")
    if "error" in box:
        raise box["error"]
    return box.get("value")


@dataclass
class LocalBackend:
    """An rdflib graph (Oxigraph-backed by default, see `kg.store`), bound with ``initBindings``."""

    graph: Graph
    timeout: float | None = None
    description: str = "embedded store"

    def select(self, text: str, bindings: Mapping[str, Node]) -> Rows:
        from .store import native_store

        native = native_store(self.graph)

        def work() -> Rows:
            if native is not None:
                return _native_select(native, text, bindings)
            try:
                result = self.graph.query(text, initBindings=dict(bindings))
            except RuntimeError as exc:
                # Oxigraph substitutes only projected variables; bind others through VALUES instead
                # (same typed terms, same safety checks).
                if "SELECT projection" not in str(exc):
                    raise
                result = self.graph.query(inject_values(text, bindings))
            if result.type == "ASK":
                return ["ask"], [{"ask": Literal(bool(result.askAnswer))}]
            names = [str(v) for v in result.vars or []]
            return names, [{n: row[i] for i, n in enumerate(names)} for row in result]

        try:
            return _with_timeout(work, self.timeout, "the query")
        except QueryError:
            raise
        except SyntaxError as exc:  # pyoxigraph's parse errors
            raise QueryError(f"the query does not parse: {_one_line(exc)}") from None
        except Exception as exc:  # noqa: BLE001 - evaluation errors become one line
            raise QueryError(f"the query failed on the {self.description}: {_one_line(exc)}") from None


def _from_ox(value: Any) -> Node:
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


def _native_select(store: Any, text: str, bindings: Mapping[str, Node]) -> Rows:
    """A SELECT/ASK on the pyoxigraph store behind a `kg.store` graph; each distinct result term is
    converted to rdflib once — most cells repeat (labels, roles, counts).

    The bindings go in as a ``VALUES`` block at the start of the outer group (`inject_values`, the
    same checked terms as for a remote endpoint), not as Oxigraph ``substitutions`` (what oxrdflib
    makes of ``initBindings``): Oxigraph applies substitutions to the finished solutions, so a query
    for one agency still evaluates every agency — 0.30 s instead of 0.006 s for
    ``assignment-sources`` on 1M triples (`benchmarks/run.py`)."""
    import pyoxigraph as ox

    result = store.query(inject_values(text, bindings))
    if isinstance(result, ox.QueryBoolean):
        return ["ask"], [{"ask": Literal(bool(result))}]
    names = [v.value for v in result.variables]
    cache: dict[Any, Node] = {}

    def term(value: Any) -> Node | None:
        if value is None:
            return None
        hit = cache.get(value)
        if hit is None:
            hit = cache[value] = _from_ox(value)
        return hit

    rows = [{n: term(solution[i]) for i, n in enumerate(names)} for solution in result]
    return names, rows


@dataclass(frozen=True)
class EndpointUrls:
    """Where a SPARQL 1.1 server answers queries, updates and Graph Store Protocol requests."""

    query: str
    update: str
    store: str


def endpoint_urls(url: str) -> EndpointUrls:
    """Query, update and graph-store URLs of a server given by its base URL (Oxigraph layout:
    ``/query``, ``/update``, ``/store``) or by one of those URLs; other paths are used as given.

    Examples
    --------
    >>> endpoint_urls("http://127.0.0.1:7878").query
    'http://127.0.0.1:7878/query'
    >>> endpoint_urls("http://127.0.0.1:7878/query").store
    'http://127.0.0.1:7878/store'
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EndpointError(f"not an http(s) endpoint URL: {url!r}")
    path = parts.path.rstrip("/")
    base_path, last = path.rsplit("/", 1) if "/" in path else ("", path)
    if last in ("query", "update", "store", "sparql"):
        def at(name: str) -> str:
            return urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"{base_path}/{name}", "", ""))
        if last == "sparql":
            return EndpointUrls(url, url, at("data"))
        return EndpointUrls(at("query"), at("update"), at("store"))
    if not path:
        def root(name: str) -> str:
            return urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"/{name}", "", ""))
        return EndpointUrls(root("query"), root("update"), root("store"))
    return EndpointUrls(url, url, url)


def _basic_auth(user: str | None, password: str | None) -> str | None:
    if not user:
        return None
    token = base64.b64encode(f"{user}:{password or ''}".encode()).decode("ascii")
    return f"Basic {token}"


def _json_term(value: Mapping[str, Any]) -> Node | None:
    kind = value.get("type")
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return Literal(value["value"], lang=value["xml:lang"])
        datatype = value.get("datatype")
        if datatype and datatype != str(XSD.string):
            return Literal(value["value"], datatype=URIRef(datatype))
        return Literal(value["value"])
    return Literal(json.dumps(value, ensure_ascii=False))


@dataclass
class RemoteBackend:
    """A SPARQL 1.1 endpoint queried through SPARQLWrapper, parameters bound with a VALUES block."""

    url: str
    timeout: float | None = None
    user: str | None = None
    password: str | None = None
    description: str = "endpoint"

    def select(self, text: str, bindings: Mapping[str, Node]) -> Rows:
        from SPARQLWrapper import JSON, POST, SPARQLWrapper

        query_url = endpoint_urls(self.url).query
        wrapper = SPARQLWrapper(query_url)
        wrapper.setMethod(POST)
        wrapper.setReturnFormat(JSON)
        from .dialects import normalise_rows, prepare_query

        # Bound the way the server needs, so the standard query files give the same rows on Virtuoso.
        wrapper.setQuery(prepare_query(query_url, text, bindings, user=self.user, password=self.password,
                                       timeout=self.timeout))
        if self.timeout is not None:
            wrapper.timeout = self.timeout  # setTimeout() would truncate to whole seconds
        if self.user:
            wrapper.setCredentials(self.user, self.password or "")
        try:
            data = wrapper.queryAndConvert()
        except Exception as exc:  # noqa: BLE001 - network and HTTP errors become one line
            raise _endpoint_error(exc, query_url, self.timeout) from None
        if not isinstance(data, dict):
            raise EndpointError(f"{query_url}: the endpoint did not answer with SPARQL JSON results")
        if "boolean" in data:
            return ["ask"], [{"ask": Literal(bool(data["boolean"]))}]
        names = list(data.get("head", {}).get("vars", []))
        rows = [{n: (_json_term(b[n]) if n in b else None) for n in names}
                for b in data.get("results", {}).get("bindings", [])]
        return names, normalise_rows(text, rows)


def _one_line(exc: BaseException | str) -> str:
    text = " ".join(str(exc).split())
    return text[:300] + ("…" if len(text) > 300 else "")


def _endpoint_error(exc: BaseException, url: str, timeout: float | None) -> QueryError:
    import socket
    import urllib.error

    from SPARQLWrapper import SPARQLExceptions as sx

    timed_out = (TimeoutError, socket.timeout)
    if isinstance(exc, timed_out) or isinstance(getattr(exc, "reason", None), timed_out):
        return QueryTimeout(f"{url}: no answer within {timeout:g} s" if timeout else f"{url}: timed out")
    if isinstance(exc, sx.QueryBadFormed):
        return QueryError(f"{url}: the endpoint rejected the query as malformed: {_body_line(exc)}")
    if isinstance(exc, sx.Unauthorized):
        return EndpointError(f"{url}: HTTP 401 unauthorized (give --user and POLICYKG_ENDPOINT_PASSWORD)")
    if isinstance(exc, sx.EndPointNotFound):
        return EndpointError(f"{url}: HTTP 404 not found (is this the SPARQL query URL?)")
    if isinstance(exc, sx.SPARQLWrapperException):
        return EndpointError(f"{url}: the endpoint answered with an error: {_body_line(exc)}")
    if isinstance(exc, urllib.error.HTTPError):
        return EndpointError(f"{url}: HTTP {exc.code} {exc.reason}")
    if isinstance(exc, urllib.error.URLError):
        return EndpointError(f"{url}: cannot reach the endpoint ({_one_line(exc.reason)})")
    if isinstance(exc, (ConnectionError, OSError)):
        return EndpointError(f"{url}: cannot reach the endpoint ({_one_line(exc)})")
    return EndpointError(f"{url}: {_one_line(exc)}")


def _body_line(exc: BaseException) -> str:
    text = str(exc)
    # SPARQLWrapper puts the server's answer after "Response:"; keep the first meaningful line.
    _, _, response = text.partition("Response:")
    body = response.strip() or text
    if body.startswith("b'") or body.startswith('b"'):
        body = body[2:-1].encode("latin-1", "replace").decode("unicode_escape", "replace")
    lines = [ln.strip() for ln in body.splitlines() if ln.strip()]
    return _one_line(lines[0] if lines else body)


# ---------------------------------------------------------------- parameters
def library() -> list[QueryFile]:
    """The library queries, sorted by name (``policykg queries``)."""
    return list_queries()


def resolve_query(name_or_path: str | Path | QueryFile) -> QueryFile:
    """A `QueryFile` for a library name or a ``.rq`` path, checked to parse as a SELECT or ASK query.

    Raises `QueryError` (one line) for an unknown name, a missing file or a query that does not parse.
    """
    if isinstance(name_or_path, QueryFile):
        query = name_or_path
    else:
        text = str(name_or_path)
        if text.endswith(".rq") and not Path(text).exists():
            raise QueryError(f"{text}: no such query file")
        query = load_query(name_or_path)
    _check_parses(query)
    return query


def _check_parses(query: QueryFile) -> None:
    problem = _parse_problem(query.text)
    if problem:
        raise QueryError(f"{query.path}: {problem}")


@functools.lru_cache(maxsize=256)
def _parse_problem(text: str) -> str | None:
    """Why ``text`` cannot be run (does not parse, or not SELECT/ASK), else None; cached because
    rdflib's parser takes tens of milliseconds and notebooks run the same query many times."""
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(text)
    except Exception as exc:  # noqa: BLE001 - pyparsing errors carry line and column
        line = getattr(exc, "lineno", None)
        col = getattr(exc, "col", None)
        where = f" at line {line}, column {col}" if line is not None else ""
        msg = getattr(exc, "msg", None) or _one_line(exc)
        return f"the query does not parse{where}: {msg}"
    form = parsed[1].name if len(parsed) > 1 else ""
    if form not in ("SelectQuery", "AskQuery"):
        return f"only SELECT and ASK queries can be run, not {form or 'this'}"
    return None


def _declared_prefixes(text: str) -> dict[str, str]:
    from .build import bind_prefixes

    known = {p: str(ns) for p, ns in bind_prefixes(_empty_graph()).namespaces()}
    known.update({"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
                  "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                  "xsd": str(XSD), "owl": "http://www.w3.org/2002/07/owl#",
                  "pkggaz": "https://w3id.org/policykg/vocab/agency-name/"})
    known.update({m.group("prefix") or "": m.group("iri") for m in _PREFIX_DECL.finditer(text)})
    return known


def _empty_graph() -> Graph:
    from rdflib import Graph

    return Graph(bind_namespaces="none")


def _as_iri(value: str, prefixes: Mapping[str, str]) -> URIRef | None:
    """``<iri>``, an absolute http(s)/urn IRI, or a prefixed name with a known prefix; else None."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        iri = value[1:-1]
    elif re.match(r"^(https?://|urn:)", value):
        iri = value
    elif (m := _PREFIXED.match(value)) and (m.group("prefix") or "") in prefixes:
        iri = prefixes[m.group("prefix") or ""] + m.group("local")
    else:
        return None
    if _BAD_IRI.search(iri):
        raise QueryError(f"not a valid IRI: {value!r}")
    return URIRef(iri)


def _default_term(query: QueryFile, name: str, prefixes: Mapping[str, str]) -> Node:
    """The header default (a Turtle term as written) as an rdflib term."""
    from rdflib.namespace import NamespaceManager
    from rdflib.util import from_n3

    written = query.defaults[name]
    nsm = NamespaceManager(_empty_graph(), bind_namespaces="none")
    for p, ns in prefixes.items():
        nsm.bind(p, ns, override=True)
    try:
        term = from_n3(written, nsm=nsm)
    except Exception as exc:  # noqa: BLE001
        raise QueryError(f"{query.path}: bad default for {name}: {written!r} ({_one_line(exc)})") from None
    if not isinstance(term, (URIRef, Literal)):
        raise QueryError(f"{query.path}: bad default for {name}: {written!r}")
    return term


def _typed_literal(name: str, kind: str, value: str) -> Literal:
    datatype = LITERAL_TYPES.get(kind)
    if datatype is None and kind.startswith("xsd:"):
        datatype = URIRef(str(XSD) + kind[4:])
    if datatype is None:
        return Literal(value)
    value = value.strip()
    pattern = _LEXICAL.get(datatype)
    if pattern is not None and not pattern.match(value):
        raise QueryError(f"parameter {name} expects {kind}, got {value!r}")
    return Literal(value, datatype=datatype)


def _lookup(kind: str, text: str, backend: Backend) -> URIRef:
    query = load_query(queries_dir() / "lookup" / f"{ENTITY_TYPES[kind]}.rq")
    _, rows = backend.select(query.text, {"text": Literal(text)})
    found: dict[URIRef, str] = {}
    for row in rows:
        iri = row.get("iri")
        if isinstance(iri, URIRef):
            found.setdefault(iri, str(row.get("full_name") or iri))
    if not found:
        raise QueryError(f"no {kind} named {text!r} in the KG")
    if len(found) > 1:
        names = "; ".join(f"{v} <{k}>" for k, v in sorted(found.items()))
        raise QueryError(f"{text!r} names {len(found)} {kind} entries ({names}); give a full name or an IRI")
    return next(iter(found))


def resolve_params(
    query: QueryFile, given: Mapping[str, str | Node] | None, backend: Backend
) -> dict[str, Node]:
    """Typed rdflib terms for the query's parameters: the given values, else the header defaults.

    Strings are converted by the parameter's declared type; a label for an agency, IP type, industry
    or document is resolved to its IRI by a bound lookup query on ``backend``. Unknown parameter
    names raise `QueryError`. Names may be written with ``-`` for ``_``.

    Examples
    --------
    >>> from kg.store import open_kg
    >>> q = resolve_query("tasks-by-ip-type")
    >>> resolve_params(q, {"ip-type": "著作权"}, LocalBackend(open_kg()))
    {'ip_type': rdflib.term.URIRef('https://w3id.org/policykg/vocab/ip-type/copyright')}
    """
    prefixes = _declared_prefixes(query.text)
    values: dict[str, str | Node] = {}
    for raw_name, value in (given or {}).items():
        name = raw_name.strip().replace("-", "_")
        if name not in query.params:
            known = ", ".join(query.params) or "none"
            raise QueryError(f"query {query.name!r} has no parameter {raw_name!r} (parameters: {known})")
        values[name] = value
    for name in query.params:
        if name not in values and name in query.defaults:
            values[name] = _default_term(query, name, prefixes)
    bindings: dict[str, Node] = {}
    for name, value in values.items():
        kind = query.param_types.get(name, "string")
        if isinstance(value, URIRef):
            term: Node = value
        elif kind in ENTITY_TYPES:
            text = str(value)
            iri = None if isinstance(value, Literal) else _as_iri(text, prefixes)
            term = iri if iri is not None else _lookup(kind, text, backend)
        elif kind in IRI_TYPES:
            iri = _as_iri(str(value), prefixes)
            if iri is None:
                raise QueryError(f"parameter {name} expects an IRI or a prefixed name, got {str(value)!r}")
            term = iri
        elif isinstance(value, Literal):
            term = value
        else:
            term = _typed_literal(name, kind, str(value))
        if isinstance(term, URIRef) and _BAD_IRI.search(str(term)):
            raise QueryError(f"parameter {name}: not a valid IRI: {str(term)!r}")
        bindings[name] = term
    return bindings


# ---------------------------------------------------------------- running
def run_query(
    query: str | Path | QueryFile,
    params: Mapping[str, str | Node] | None = None,
    *,
    graph: Graph | None = None,
    data: str | Path | Sequence[str | Path] | None = None,
    endpoint: str | None = None,
    timeout: float | None = None,
    user: str | None = None,
    password: str | None = None,
) -> QueryResult:
    """Run a library query by name, or any ``.rq`` file, with bound parameters.

    Parameters
    ----------
    query
        A library name (``tasks-led-by-agency``, ``key-task-without-lead-violation``) or a path.
    params
        Parameter values: strings as a user types them (IRI, prefixed name, label, number …) or rdflib terms.
    graph, data, endpoint
        Where to run: an open graph (see `kg.store.open_kg`), KG file(s) to open on the embedded store,
        or the URL of a SPARQL 1.1 endpoint (queried through SPARQLWrapper). Exactly one.
    timeout
        Seconds before giving up with `QueryTimeout`.
    user, password
        HTTP basic credentials for the endpoint (never stored).

    Returns
    -------
    QueryResult
        Variables and rows of rdflib terms; ``.to_dataframe()``, ``.format("csv")``.

    Examples
    --------
    >>> r = run_query("tasks-led-by-agency", {"agency": "区法院"}, data="out/kg.ttl")  # doctest: +SKIP
    >>> [row["id"] for row in r.plain_rows()]  # doctest: +SKIP
    ['（三）']
    """
    if sum(x is not None for x in (graph, data, endpoint)) != 1:
        raise ValueError("give exactly one of graph, data or endpoint")
    q = resolve_query(query)
    backend: Backend
    if endpoint is not None:
        backend = RemoteBackend(endpoint, timeout=timeout, user=user, password=password)
    else:
        if graph is None:
            from .store import KGReadError, open_kg

            try:
                graph = open_kg(data)  # type: ignore[arg-type]
            except KGReadError as exc:
                raise QueryError(str(exc)) from None
        backend = LocalBackend(graph, timeout=timeout)
    bindings = resolve_params(q, params, backend)
    names, rows = backend.select(q.text, bindings)
    return QueryResult(q.name, names, rows, bindings, _declared_prefixes(q.text))


def parse_param_options(options: Sequence[str]) -> dict[str, str]:
    """``["agency=区法院", "year=2025"]`` (from ``--param``) → ``{"agency": "区法院", "year": "2025"}``.

    Examples
    --------
    >>> parse_param_options(["keyword=a=b"])
    {'keyword': 'a=b'}
    """
    params: dict[str, str] = {}
    for option in options:
        name, sep, value = option.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param expects NAME=VALUE, got {option!r}")
        params[name.strip()] = value
    return params


def catalogue(checks: bool = False) -> str:
    """The text ``policykg queries`` prints: one line per query (name, title, parameters=defaults).

    Examples
    --------
    >>> "tasks-led-by-agency" in catalogue()
    True
    """
    queries = list_queries(checks=checks)
    width = max((len(q.name) for q in queries), default=0)
    lines = []
    for q in queries:
        params = " ".join(f"{n}={q.defaults[n]}" if n in q.defaults else f"[{n}]" for n in q.params)
        lines.append(f"{q.name:<{width}}  {q.title}" + (f"  ({params})" if params else ""))
    what = "QC checks (zero rows = pass)" if checks else "queries (run one: policykg query NAME --param k=v)"
    return f"{len(queries)} {what}\n" + "\n".join(lines) + "\n"
