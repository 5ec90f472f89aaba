"""What the remote query runner does so that the standard SPARQL 1.1 library queries give the same rows
on every server — the embedded store, Oxigraph server and Virtuoso — without touching the ``.rq`` files.

Virtuoso (7.2, Debian's ``virtuoso-opensource``) departs from the standard in places the library meets:

- **how parameters are bound.** On a standard server the runner adds a ``VALUES`` row (see
  `kg.sparql.text.inject_values`). Virtuoso folds such constants into its query plan and then answers
  wrongly in two ways:

  * property paths: ``?k rdfs:subClassOf+ pkg:Agency ; rdfs:subClassOf* ?kind`` with ``?kind`` bound
    to ``pkg:Agency`` by ``VALUES`` (or ``BIND``, or written inline) finds 0 rows instead of 9;
  * strings: a plain literal written in the query (``"区法院"``) matches the stored ``"区法院"`` in a
    triple pattern, but ``STR()`` of it compares unequal to the stored string when it is not ASCII;
    written as ``"区法院"^^xsd:string`` (the same RDF 1.1 term) it compares equal but no longer
    matches the stored literal in a triple pattern.

  For Virtuoso the parameters are therefore bound by ``BIND`` at the start of the outer group, with
  values Virtuoso computes at run time: IRIs as ``IRI("…")``, plain strings as ``STR("…"^^xsd:string)``
  — in SPARQL 1.1 exactly the terms the one-row ``VALUES`` binds (`inject_binds`). The server is
  recognised by its ``Server`` header (`kg.sparql.remote.server_dialect`, asked once per URL); other
  servers keep ``VALUES``.
- **booleans in results.** Virtuoso returns the value of a boolean expression projected by the query
  (``BIND (BOUND(?source) AS ?in_corpus)``, ``(EXISTS { … } AS ?x)``) as the integer 0 or 1. The
  runner knows from the query itself which variables hold a boolean expression (`boolean_variables`,
  from rdflib's algebra) and turns 0/1 back into ``false``/``true`` (`normalise_rows`; on a standard
  server nothing changes). Numbers need nothing: ``xsd:int`` and ``xsd:integer`` are the same value to
  `kg.sparql.results.plain_value`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

from ..errors import QueryError
from .text import outer_group_start, sparql_term

__all__ = ["remote_bindings", "boolean_variables", "normalise_rows", "inject_binds", "DIALECTS"]

#: ``standard`` (any SPARQL 1.1 server; VALUES binding) or ``virtuoso``.
DIALECTS = ("standard", "virtuoso")

# rdflib algebra names of expressions whose value is xsd:boolean.
_BOOLEAN_EXPRESSIONS = frozenset({
    "Builtin_BOUND", "Builtin_EXISTS", "Builtin_NOTEXISTS", "RelationalExpression",
    "ConditionalAndExpression", "ConditionalOrExpression", "UnaryNot", "Builtin_isIRI", "Builtin_isURI",
    "Builtin_isBLANK", "Builtin_isLITERAL", "Builtin_isNUMERIC", "Builtin_CONTAINS", "Builtin_STRSTARTS",
    "Builtin_STRENDS", "Builtin_REGEX", "Builtin_sameTerm", "Builtin_LANGMATCHES",
})
_INTEGERS = {XSD.integer, XSD.int, XSD.long, XSD.short}


def remote_bindings(bindings: Mapping[str, Node]) -> dict[str, Node]:
    """The bindings with plain string literals as ``xsd:string`` (the same RDF 1.1 term), for `inject_binds`.

    Examples
    --------
    >>> remote_bindings({"text": Literal("区法院")})["text"].datatype
    rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#string')
    """
    out: dict[str, Node] = {}
    for name, term in bindings.items():
        if isinstance(term, Literal) and term.language is None and term.datatype is None:
            term = Literal(str(term), datatype=XSD.string)
        out[name] = term
    return out


@lru_cache(maxsize=256)
def boolean_variables(text: str) -> frozenset[str]:
    """Variables that the query binds to a boolean expression (``BIND`` or ``(expr AS ?v)``).

    Examples
    --------
    >>> sorted(boolean_variables("SELECT ?a (BOUND(?b) AS ?c) WHERE { ?a ?p ?o OPTIONAL { ?a ?q ?b } }"))
    ['c']
    """
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        algebra = translateQuery(parseQuery(text)).algebra
    except Exception:  # noqa: BLE001 - a query rdflib cannot translate is sent as is, rows unchanged
        return frozenset()
    return frozenset(
        str(node["var"])
        for node in algebra_nodes(algebra)
        if node.name == "Extend" and isinstance(node.get("expr"), CompValue)
        and node["expr"].name in _BOOLEAN_EXPRESSIONS
    )


def algebra_nodes(tree: object) -> list:
    """Every rdflib algebra node (`CompValue`) in a translated query or update, each once.

    Examples
    --------
    >>> from rdflib.plugins.sparql.parser import parseQuery
    >>> from rdflib.plugins.sparql.algebra import translateQuery
    >>> tree = translateQuery(parseQuery("SELECT * WHERE { ?s ?p ?o }")).algebra
    >>> "BGP" in {n.name for n in algebra_nodes(tree)}
    True
    """
    from rdflib.plugins.sparql.parserutils import CompValue

    found: list = []
    stack: list[object] = [tree]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            found.append(node)
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)):
            stack.extend(node)
    return found


def normalise_rows(text: str, rows: list[dict[str, Node | None]]) -> list[dict[str, Node | None]]:
    """Rows with integer 0/1 turned into ``xsd:boolean`` where the query projects a boolean expression.

    Examples
    --------
    >>> q = "SELECT (BOUND(?b) AS ?c) WHERE { OPTIONAL { ?a ?q ?b } }"
    >>> normalise_rows(q, [{"c": Literal(0)}])[0]["c"]
    rdflib.term.Literal('false', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#boolean'))
    """
    names = boolean_variables(text)
    if not names:
        return rows
    for row in rows:
        for name in names:
            value = row.get(name)
            if isinstance(value, Literal) and value.datatype in _INTEGERS and str(value) in ("0", "1"):
                row[name] = Literal(str(value) == "1")
    return rows


def inject_binds(text: str, bindings: Mapping[str, Node]) -> str:
    """The query with one ``BIND`` per parameter at the start of its outer WHERE group (IRIs as
    ``IRI("…")``); every value is written by `kg.sparql.text.sparql_term`, which parses it back first.

    Examples
    --------
    >>> print(inject_binds("SELECT ?t WHERE { ?t a ?kind }", {"kind": URIRef("https://x.org/K")}))
    SELECT ?t WHERE {
      BIND (IRI("https://x.org/K"^^<http://www.w3.org/2001/XMLSchema#string>) AS ?kind)
     ?t a ?kind }
    """
    if not bindings:
        return text
    lines = []
    for name, term in remote_bindings(bindings).items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"not a variable name: {name!r}")
        if isinstance(term, URIRef):
            sparql_term(term)  # refuses an IRI that could not be written safely
            value = f"IRI({sparql_term(Literal(str(term), datatype=XSD.string))})"
        elif isinstance(term, Literal) and term.datatype == XSD.string:
            value = f"STR({sparql_term(term)})"
        else:
            value = sparql_term(term)
        lines.append(f"  BIND ({value} AS ?{name})")
    at = outer_group_start(text)
    return f"{text[:at]}\n" + "\n".join(lines) + f"\n{text[at:]}"
