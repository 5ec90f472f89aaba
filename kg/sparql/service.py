r"""``SERVICE`` in SPARQL written by users: only to the endpoints the person running the server names.

A federated query (``SERVICE <http://127.0.0.1:PORT/anything> { … }``) makes the server that runs it
send an HTTP request to that URL and return what comes back: anyone who reaches the explorer's editor
or ``policykg serve`` could read what is bound to the server's loopback or its private network.
`check_services` refuses every ``SERVICE`` whose IRI is not in the allow-list (``--allow-service URL``
on ``serve`` and ``explore``; empty by default), and every ``SERVICE ?variable``.

How the IRIs are found: the query (or update) is scanned with comments, strings and IRIs blanked out
(after undoing ``\uXXXX`` escapes, which SPARQL applies before parsing, and on the text as written);
a text without the keyword ``SERVICE`` passes at once. Otherwise it is parsed by rdflib's SPARQL parser,
which resolves prefixed names, and the ``SERVICE`` IRIs are read from the algebra. A query whose
``SERVICE`` keywords cannot all be accounted for that way (rdflib cannot parse it, or finds fewer) is
refused: a server must not run what it could not check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import QueryError
from .dialects import algebra_nodes

__all__ = ["check_services", "service_iris", "ServiceRefused"]

# Comments, strings and IRIs: blanked out before looking for the keyword.
_NOT_CODE = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
                       r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*")
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:-])", re.IGNORECASE)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class ServiceRefused(QueryError):
    """A query asks the server to call an endpoint that is not on its allow-list."""


def _unescaped(text: str) -> str:
    def char(m: re.Match[str]) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except ValueError:
            return m.group(0)

    return _ESCAPE.sub(char, text)


def _keywords(text: str) -> int:
    """How many ``SERVICE`` keywords the text has outside comments, strings and IRIs (the most of the
    text as written and the text with its codepoint escapes undone)."""
    return max(len(_SERVICE.findall(_NOT_CODE.sub(" ", t))) for t in (text, _unescaped(text)))


def _algebra_services(text: str, update: bool) -> list[object] | None:
    """The ``SERVICE`` terms in rdflib's algebra of ``text``, or None when rdflib cannot parse it."""
    from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    for candidate in dict.fromkeys((text, _unescaped(text))):
        try:
            tree = (translateUpdate(parseUpdate(candidate)) if update
                    else translateQuery(parseQuery(candidate))).algebra
        except Exception:  # noqa: BLE001, S112 - pyparsing and rdflib raise many kinds
            continue
        return [node.get("term") for node in algebra_nodes(tree) if node.name == "ServiceGraphPattern"]
    return None


def service_iris(text: str, update: bool = False) -> list[str] | None:
    """The endpoints a query's ``SERVICE`` clauses call (``?var`` for a variable), or None when it has
    ``SERVICE`` keywords that cannot be accounted for.

    Examples
    --------
    >>> service_iris("SELECT * { ?s ?p 'SERVICE <http://a/>' } # SERVICE <http://b/>")
    []
    >>> service_iris("PREFIX x: <http://127.0.0.1:9/> SELECT * { SERVICE SILENT x:a { ?s ?p ?o } }")
    ['http://127.0.0.1:9/a']
    >>> service_iris("SELECT * { SERVICE ?where { ?s ?p ?o } }")
    ['?where']
    """
    keywords = _keywords(text)
    if not keywords:
        return []
    terms = _algebra_services(text, update)
    if terms is None or len(terms) < keywords:
        return None
    from rdflib import Variable

    return [f"?{t}" if isinstance(t, Variable) else str(t) for t in terms]


def check_services(text: str, allowed: Iterable[str] = (), update: bool = False) -> str:
    """``text`` when every ``SERVICE`` it has calls an endpoint in ``allowed``, else `ServiceRefused`.

    Examples
    --------
    >>> text = "SELECT * { SERVICE <http://a.example/sparql> { ?s ?p ?o } }"
    >>> check_services(text, ["http://a.example/sparql"]) == text
    True
    >>> check_services("SELECT * { SERVICE <http://127.0.0.1:7/x> { ?s ?p ?o } }")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.sparql.service.ServiceRefused: SERVICE <http://127.0.0.1:7/x> is refused: this server calls no ...
    """
    allowed = set(allowed)
    iris = service_iris(text, update)
    hint = (f"allowed: {', '.join(sorted(allowed))}" if allowed
            else "this server calls no other endpoint (allow one with --allow-service URL)")
    if iris is None:
        raise ServiceRefused(f"a query with SERVICE that cannot be checked is refused; {hint}")
    for iri in iris:
        if iri.startswith("?"):
            raise ServiceRefused(f"SERVICE {iri} (an endpoint chosen at run time) is refused; {hint}")
        if iri not in allowed:
            raise ServiceRefused(f"SERVICE <{iri}> is refused: {hint}")
    return text
