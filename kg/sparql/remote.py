r"""The remote backend: a SPARQL 1.1 endpoint queried through SPARQLWrapper.

Parameters are bound the way the server needs (`prepare_query`): a ``VALUES`` row on a standard
server, ``BIND``\ s on Virtuoso (`kg.sparql.dialects`), recognised by its ``Server`` header
(`server_dialect`). Network and HTTP errors become one-line `EndpointError`\ s. `endpoint_urls`
and `basic_auth` are shared with `kg.sparql.endpoint` (serve, push) and `kg.sparql.virtuoso`.
"""

from __future__ import annotations

import base64
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import XSD, BNode, Literal, URIRef
from rdflib.term import Node

from ..errors import EndpointError, QueryError, QueryTimeout, one_line
from ..limits import env_limit
from .dialects import inject_binds, normalise_rows
from .results import Rows
from .text import inject_values

__all__ = ["RemoteBackend", "EndpointUrls", "endpoint_urls", "basic_auth", "server_dialect", "prepare_query",
           "redact_url", "ResultTooLarge", "open_url", "DEFAULT_TIMEOUT", "default_timeout"]

#: Seconds a query on an endpoint may take when no ``--timeout`` is given (``--timeout 0``: no limit).
DEFAULT_TIMEOUT = 300.0
ENV_TIMEOUT = "POLICYKG_ENDPOINT_TIMEOUT"


def default_timeout() -> float | None:
    """`DEFAULT_TIMEOUT`, or the seconds in ``POLICYKG_ENDPOINT_TIMEOUT`` (``0``: none).

    Examples
    --------
    >>> default_timeout()
    300.0
    """
    return env_limit(ENV_TIMEOUT, DEFAULT_TIMEOUT, QueryError, "seconds", whole=False)
_CREDENTIAL_HEADERS = ("Authorization", "Proxy-authorization", "Cookie")


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    try:
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        port = None
    return parts.scheme.lower(), (parts.hostname or "").lower(), port


class _OriginBoundRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects followed as urllib does, except that credentials (``Authorization``, ``Cookie``) go only
    to the origin (scheme, host, port) they were given for, and only to http(s) URLs: urllib copies
    every header to wherever a 302 points."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001, ANN201 - urllib's API
        if urllib.parse.urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise urllib.error.HTTPError(newurl, code, f"redirect to a non-http(s) URL refused ({msg})",
                                         headers, fp)
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and _origin(newurl) != _origin(req.full_url):
            for name in _CREDENTIAL_HEADERS:
                new.remove_header(name)
        return new


_OPENER = urllib.request.build_opener(_OriginBoundRedirects)


def open_url(request: urllib.request.Request | str, timeout: float | None = None, data: bytes | None = None):
    """``urllib.request.urlopen`` for every request policykg sends to an endpoint: the same, except
    that a redirect to another origin does not take the credentials along (`_OriginBoundRedirects`).
    SPARQLWrapper sends its queries through it too (`RemoteBackend`)."""
    if timeout is None:
        return _OPENER.open(request, data)
    return _OPENER.open(request, data, timeout)


def _use_open_url() -> None:
    """Make SPARQLWrapper open its URLs with `open_url` (it calls its module's ``urlopener``)."""
    from SPARQLWrapper import Wrapper

    if Wrapper.urlopener is not open_url:  # type: ignore[attr-defined]
        Wrapper.urlopener = open_url  # type: ignore[attr-defined]

_DIALECT_CACHE: dict[str, str] = {}


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
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError as exc:
        raise EndpointError(f"not a valid endpoint URL: {redact_url(url)!r} ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EndpointError(f"not an http(s) endpoint URL: {redact_url(url)!r}")
    if parts.username is not None or parts.password is not None:
        raise EndpointError(f"{redact_url(url)}: credentials in the URL are not used; give the user with "
                            "--user and the password in POLICYKG_ENDPOINT_PASSWORD")
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


def redact_url(url: str) -> str:
    """``url`` with any password in it replaced by ``***`` (for messages).

    Examples
    --------
    >>> redact_url("http://dba:secret@127.0.0.1:8890/sparql")
    'http://dba:***@127.0.0.1:8890/sparql'
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    authority, slash, path = rest.partition("/")
    userinfo, at, host = authority.rpartition("@")
    if not at:
        return url
    user, colon, _ = userinfo.partition(":")
    return f"{scheme}://{user}{':***' if colon else ''}@{host}{slash}{path}"


def basic_auth(user: str | None, password: str | None) -> str | None:
    """The value of an HTTP ``Authorization`` header for basic authentication (None without a user).

    Examples
    --------
    >>> basic_auth("dba", "dba")
    'Basic ZGJhOmRiYQ=='
    """
    if not user:
        return None
    token = base64.b64encode(f"{user}:{password or ''}".encode()).decode("ascii")
    return f"Basic {token}"


def _without_header(text: str) -> str:
    r"""``text`` without its leading comment lines (a library query's header).

    Examples
    --------
    >>> _without_header("# title: x\n# description: loaded\nSELECT * WHERE { ?s ?p ?o }")
    'SELECT * WHERE { ?s ?p ?o }'
    """
    lines = text.split("\n")
    k = 0
    while k < len(lines) and (not lines[k].strip() or lines[k].lstrip().startswith("#")):
        k += 1
    return "\n".join(lines[k:])


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
    max_bytes: int | None = field(default_factory=lambda: _env_limit(ENV_MAX_BYTES, MAX_RESULT_BYTES))
    max_rows: int | None = field(default_factory=lambda: _env_limit(ENV_MAX_ROWS, MAX_RESULT_ROWS))

    def select(self, text: str, bindings: Mapping[str, Node]) -> Rows:
        from SPARQLWrapper import JSON, POST, SPARQLWrapper

        _use_open_url()  # credentials never follow a redirect to another origin
        query_url = endpoint_urls(self.url).query
        wrapper = SPARQLWrapper(query_url)
        wrapper.setMethod(POST)
        wrapper.setReturnFormat(JSON)
        # Bound the way the server needs, so the standard query files give the same rows on Virtuoso.
        # SPARQLWrapper guesses the query form from the text with its comments half removed (every other
        # comment line survives), so a header saying "loaded" made a SELECT an update: drop the header.
        wrapper.setQuery(prepare_query(query_url, _without_header(text), bindings, user=self.user,
                                       password=self.password, timeout=self.timeout))
        if self.timeout is not None:
            wrapper.timeout = self.timeout  # setTimeout() would truncate to whole seconds
        if self.user:
            wrapper.setCredentials(self.user, self.password or "")
        deadline = None if self.timeout is None else time.monotonic() + self.timeout
        try:
            result = wrapper.query()
            body = _read_bounded(result.response, query_url, deadline, self.max_bytes, self.timeout)
        except QueryError:
            raise
        except Exception as exc:  # noqa: BLE001 - network and HTTP errors become one line
            raise _endpoint_error(exc, query_url, self.timeout) from None
        data = _json_results(body, query_url)
        bindings = data.get("results", {}).get("bindings", []) if isinstance(data, dict) else []
        if self.max_rows is not None and len(bindings) > self.max_rows:
            raise ResultTooLarge(f"{query_url}: the result has {len(bindings):,} rows, over the limit of "
                                 f"{self.max_rows:,}; narrow the query (LIMIT, FILTER) or raise the limit "
                                 f"({ENV_MAX_ROWS})")
        if "boolean" in data:
            return ["ask"], [{"ask": Literal(bool(data["boolean"]))}]
        names = _checked_results(data, query_url)
        rows = [{n: (_json_term(b[n]) if n in b else None) for n in names}
                for b in data.get("results", {}).get("bindings", [])]
        return names, normalise_rows(text, rows)


MAX_RESULT_BYTES = 64 * 2**20  # a result body larger than this is refused while it is read
MAX_RESULT_ROWS = 500_000
ENV_MAX_BYTES = "POLICYKG_MAX_RESULT_BYTES"
ENV_MAX_ROWS = "POLICYKG_MAX_RESULT_ROWS"
_CHUNK = 1 << 16
_CANCELLED = ("operation has been cancelled", "timeout", "timed out", "time limit")


class ResultTooLarge(QueryError):
    """An endpoint's answer is over the byte or row limit (refused while it is read)."""


def _env_limit(name: str, default: int) -> int | None:
    """A limit from the environment (``0``: none), else ``default``."""
    return env_limit(name, default, QueryError, "bytes" if "BYTES" in name else "rows")


def _read_bounded(response, url: str, deadline: float | None, max_bytes: int | None,
                  timeout: float | None) -> bytearray:
    """The body of ``response``, read a piece at a time: `QueryTimeout` past ``deadline`` (the whole
    call, not one socket read) and `ResultTooLarge` past ``max_bytes``; the connection is closed
    either way, which stops a server that streams the rows."""
    body = bytearray()
    try:
        while True:
            if deadline is not None and time.monotonic() > deadline:
                raise QueryTimeout(f"{url}: no complete answer within {timeout:g} s")
            read = getattr(response, "read1", None) or response.read
            chunk = read(_CHUNK)
            if not chunk:
                break
            if max_bytes is not None and len(body) + len(chunk) > max_bytes:
                raise ResultTooLarge(f"{url}: the answer is over {max_bytes // 2**20:,} MB; narrow the "
                                     f"query (LIMIT, FILTER) or raise the limit ({ENV_MAX_BYTES})")
            body += chunk
    finally:
        response.close()
    return body


def _json_results(body: bytearray, url: str) -> dict:
    """SPARQL JSON results; a body cut short by the server's own timeout is a `QueryTimeout`."""
    try:
        data = json.loads(body)
    except RecursionError:
        raise EndpointError(f"{url}: the endpoint's answer is JSON nested too deeply; refused") from None
    except ValueError:
        tail = bytes(body[-300:]).decode("utf-8", "replace")
        if any(word in tail.lower() for word in _CANCELLED):
            said = one_line(tail.rsplit("}", 1)[-1].rsplit("[", 1)[-1]) or "cancelled"
            raise QueryTimeout(f"{url}: the server cancelled the query at its time limit ({said})") from None
        raise EndpointError(f"{url}: the endpoint did not answer with SPARQL JSON results") from None
    if not isinstance(data, dict):
        raise EndpointError(f"{url}: the endpoint did not answer with SPARQL JSON results")
    return data


def _checked_results(data: dict, url: str) -> list[str]:
    """The variables of SPARQL JSON results, after checking their shape: every binding an object of
    strings. JSON nested deeper than Python's recursion limit is refused as it is read
    (`_json_results`); anything nested less deep but not of this shape is refused here, so no answer
    can make the terms fail (or recurse) further on."""
    def bad(why: str) -> EndpointError:
        return EndpointError(f"{url}: the endpoint did not answer with SPARQL JSON results ({why})")

    head, results = data.get("head", {}), data.get("results", {})
    if not isinstance(head, dict) or not isinstance(results, dict):
        raise bad("head or results is not an object")
    names = head.get("vars", [])
    bindings = results.get("bindings", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise bad("head.vars is not a list of names")
    if not isinstance(bindings, list):
        raise bad("results.bindings is not a list")
    for row in bindings:
        if not isinstance(row, dict):
            raise bad("a binding is not an object")
        for term in row.values():
            if not isinstance(term, dict) or not all(isinstance(v, str) for v in term.values()):
                raise bad("a term is not an object of strings")
    return names


def _endpoint_error(exc: BaseException, url: str, timeout: float | None) -> QueryError:
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
        return EndpointError(f"{url}: cannot reach the endpoint ({one_line(exc.reason)})")
    if isinstance(exc, (ConnectionError, OSError)):
        return EndpointError(f"{url}: cannot reach the endpoint ({one_line(exc)})")
    return EndpointError(f"{url}: {one_line(exc)}")


def _body_line(exc: BaseException) -> str:
    text = str(exc)
    # SPARQLWrapper puts the server's answer after "Response:"; keep the first meaningful line.
    _, _, response = text.partition("Response:")
    body = response.strip() or text
    if body.startswith("b'") or body.startswith('b"'):
        body = body[2:-1].encode("latin-1", "replace").decode("unicode_escape", "replace")
    lines = [ln.strip() for ln in body.splitlines() if ln.strip()]
    return one_line(lines[0] if lines else body)


def server_dialect(query_url: str, user: str | None = None, password: str | None = None,
                   timeout: float | None = None) -> str:
    """``virtuoso`` when the server at ``query_url`` says so in its ``Server`` header, else ``standard``.

    Asked once per URL with ``ASK {}`` (cached for the process); a server that cannot be reached is
    taken as standard, and the query itself then reports the error.

    Examples
    --------
    >>> server_dialect("http://127.0.0.1:8890/sparql")  # doctest: +SKIP
    'virtuoso'
    """
    cached = _DIALECT_CACHE.get(query_url)
    if cached is not None:
        return cached
    probe = query_url + ("&" if "?" in query_url else "?") + urllib.parse.urlencode({"query": "ASK {}"})
    request = urllib.request.Request(probe, headers={"Accept": "application/sparql-results+json"})
    auth = basic_auth(user, password)
    if auth:
        request.add_header("Authorization", auth)
    try:
        with open_url(request, timeout=timeout or 10) as response:
            server = response.headers.get("Server", "")
    except urllib.error.HTTPError as exc:
        server = exc.headers.get("Server", "") if exc.headers else ""
    except (urllib.error.URLError, OSError, ValueError):
        return "standard"  # not cached: the server may come up later
    dialect = "virtuoso" if "virtuoso" in server.lower() else "standard"
    _DIALECT_CACHE[query_url] = dialect
    return dialect


def prepare_query(query_url: str, text: str, bindings: Mapping[str, Node], *, user: str | None = None,
                  password: str | None = None, timeout: float | None = None) -> str:
    """The query text to send to ``query_url`` with ``bindings`` bound the way that server needs."""
    if bindings and server_dialect(query_url, user, password, timeout) == "virtuoso":
        return inject_binds(text, bindings)
    return inject_values(text, bindings)
