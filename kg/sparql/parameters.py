"""Parameters of a query: the values a user gives (strings or rdflib terms) as typed rdflib terms.

The type of a parameter comes from the query's comment header (``# param: agency (agency) — …``):
``agency``, ``ip-type``, ``industry``, ``document``, ``jurisdiction`` (IRI, prefixed name or label, for a
jurisdiction also its GB/T 2260 code — a label is
resolved to its IRI by a bound lookup query, ``queries/lookup/*.rq``), ``class`` / ``iri`` (IRI or
prefixed name), ``string``, ``integer``, ``decimal``, ``year`` (``xsd:gYear``), ``boolean``, or an
``xsd:`` datatype.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

from ..errors import QueryError, UsageError, one_line
from ..graph.namespaces import PREFIXES
from ..resources import queries_dir
from .library import QueryFile, load_query
from .results import Backend
from .text import BAD_IRI, declared_prefixes

__all__ = ["resolve_params", "parse_param_options", "known_prefixes", "ENTITY_TYPES", "IRI_TYPES",
           "LITERAL_TYPES", "NOT_IN_KG", "NotInKG", "AmbiguousName"]


#: Parameter types whose value may be a label, and the lookup query that resolves it.
ENTITY_TYPES = {"agency": "agency", "ip-type": "ip-type", "industry": "industry", "document": "document",
                "jurisdiction": "jurisdiction", "policy-tool": "policy-tool"}


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


_PREFIXED = re.compile(r"^(?P<prefix>[A-Za-z][\w.-]*)?:(?P<local>[^\s]*)$")


def known_prefixes(text: str) -> dict[str, str]:
    """The prefixes a value or a default of the query may use: policykg's own (`PREFIXES`), the
    standard ones and those the query declares (which win).

    Examples
    --------
    >>> known_prefixes("PREFIX ex: <https://example.org/>\\nSELECT * WHERE {}")["ex"]
    'https://example.org/'
    """
    known = dict(PREFIXES)
    known.update({"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
                  "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                  "xsd": str(XSD), "owl": "http://www.w3.org/2002/07/owl#",
                  "pkggaz": "https://w3id.org/policykg/vocab/agency-name/"})
    known.update(declared_prefixes(text))
    return known


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
    if BAD_IRI.search(iri):
        raise QueryError(f"not a valid IRI: {value!r}")
    return URIRef(iri)


def _default_term(query: QueryFile, name: str, prefixes: Mapping[str, str]) -> Node:
    """The header default (a Turtle term as written) as an rdflib term."""
    from rdflib import Graph
    from rdflib.namespace import NamespaceManager
    from rdflib.util import from_n3

    written = query.defaults[name]
    nsm = NamespaceManager(Graph(bind_namespaces="none"), bind_namespaces="none")
    for p, ns in prefixes.items():
        nsm.bind(p, ns, override=True)
    try:
        term = from_n3(written, nsm=nsm)
    except Exception as exc:  # noqa: BLE001
        raise QueryError(f"{query.path}: bad default for {name}: {written!r} ({one_line(exc)})") from None
    if not isinstance(term, (URIRef, Literal)):
        raise QueryError(f"{query.path}: bad default for {name}: {written!r}")
    return term


def _typed_literal(name: str, kind: str, value: str) -> Literal:
    datatype = LITERAL_TYPES.get(kind)
    if datatype is None and kind.startswith("xsd:"):
        datatype = URIRef(str(XSD) + kind[4:])
    if datatype is None:
        return Literal(value)
    # Full-width digits and signs (２０２５, typed with a Chinese input method) as ASCII: a typed
    # literal in full-width characters would be accepted by the pattern and match nothing.
    value = unicodedata.normalize("NFKC", value).strip()
    pattern = _LEXICAL.get(datatype)
    if pattern is not None and not pattern.match(value):
        raise QueryError(f"parameter {name} expects {kind}, got {value!r}")
    return Literal(value, datatype=datatype)


class NotInKG(QueryError):
    """A name the KG has no entry for (the message suggests the closest names it has)."""


class AmbiguousName(QueryError):
    """A name that several entries of the KG have (the message names them)."""


def _found(lookup: str, text: str, backend: Backend) -> dict[URIRef, str]:
    query = load_query(queries_dir() / "lookup" / f"{lookup}.rq")
    _, rows = backend.select(query.text, {"text": Literal(text)})
    found: dict[URIRef, str] = {}
    for row in rows:
        iri = row.get("iri")
        if isinstance(iri, URIRef):
            found.setdefault(iri, str(row.get("full_name") or iri))
    return found


def _lookup(kind: str, text: str, backend: Backend) -> URIRef:
    from .suggest import suggest

    found = _found(ENTITY_TYPES[kind], text, backend)
    if not found:
        raise NotInKG(f"no {kind} named {text!r} in the KG{suggest(kind, text, backend)}")
    if len(found) > 1:
        names = "; ".join(f"{v} <{k}>" for k, v in sorted(found.items()))
        raise AmbiguousName(f"{text!r} names {len(found)} {kind} entries ({names}); "
                            "give a full name or an IRI")
    return next(iter(found))


def _class_lookup(text: str, backend: Backend) -> URIRef:
    """An ontology class by its label (人民法院, court), its local name (Court) or, when exactly one
    Chinese label ends with it, a short form (法院 → 人民法院)."""
    from .suggest import known_names, suggest

    found = _found("class", text, backend)
    if not found and len(text.strip()) >= 2:
        endings = {n for n in known_names("class", backend) if n.endswith(text.strip()) and not n.isascii()}
        if len(endings) == 1:
            found = _found("class", endings.pop(), backend)
    if len(found) == 1:
        return next(iter(found))
    if found:
        names = "; ".join(f"{v} <{k}>" for k, v in sorted(found.items()))
        raise QueryError(f"{text!r} names {len(found)} classes ({names}); "
                         "give a prefixed name such as pkg:Court")
    raise NotInKG(f"no class named {text!r} (give a Chinese or English label, or a prefixed name such as "
                  f"pkg:Court){suggest('class', text, backend)}")


#: The value a parameter gets when its default names something the KG does not have: an IRI no
#: triple uses, so the query runs and answers with no rows (and a note says why).
NOT_IN_KG = URIRef("urn:policykg:not-in-this-kg")


def resolve_params(
    query: QueryFile, given: Mapping[str, str | Node] | None, backend: Backend,
    notes: list[str] | None = None,
) -> dict[str, Node]:
    """Typed rdflib terms for the query's parameters: the given values, else the header defaults.

    Strings are converted by the parameter's declared type; a label for an agency, IP type, industry
    or document is resolved to its IRI by a bound lookup query on ``backend``, a class parameter takes
    a class label too (法院, 政府部门, Court). A name the KG does not have raises `QueryError` with the
    closest names it has; when the *default* of a parameter names something this KG does not have
    (the library's defaults come from the sample plan), the parameter is bound to `NOT_IN_KG`, the
    query answers with no rows and a line is added to ``notes`` (when given) saying what to pass.
    Unknown parameter names raise `QueryError`. Names may be written with ``-`` for ``_``.

    Examples
    --------
    >>> from kg.sparql.local import LocalBackend
    >>> from kg.sparql.run import resolve_query
    >>> from kg.sparql.store import open_kg
    >>> q = resolve_query("tasks-by-ip-type")
    >>> resolve_params(q, {"ip-type": "著作权"}, LocalBackend(open_kg()))
    {'ip_type': rdflib.term.URIRef('https://w3id.org/policykg/vocab/ip-type/copyright')}
    """
    prefixes = known_prefixes(query.text)
    values: dict[str, str | Node] = {}
    for raw_name, value in (given or {}).items():
        name = raw_name.strip().replace("-", "_")
        if name not in query.params:
            known = ", ".join(query.params) or "none"
            raise QueryError(f"query {query.name!r} has no parameter {raw_name!r} (parameters: {known})")
        values[name] = value
    defaulted = set()
    for name in query.params:
        if name not in values and name in query.defaults:
            values[name] = _default_term(query, name, prefixes)
            defaulted.add(name)
    bindings: dict[str, Node] = {}
    for name, value in values.items():
        kind = query.param_types.get(name, "string")
        if isinstance(value, URIRef):
            term: Node = value
        elif kind in ENTITY_TYPES:
            text = str(value)
            iri = None if isinstance(value, Literal) else _as_iri(text, prefixes)
            try:
                term = iri if iri is not None else _lookup(kind, text, backend)
            except NotInKG:
                if name not in defaulted:
                    raise
                term = NOT_IN_KG
                if notes is not None:
                    notes.append(f"the default {name} {text!r} (from the sample plan) is not in this KG, so "
                                 f"the query found nothing; give -p {name}=NAME{_examples(kind, backend)}")
            except AmbiguousName as exc:
                if name not in defaulted:
                    raise
                raise AmbiguousName(f"the default {name}: {exc}; give -p {name}=NAME") from None
        elif kind in IRI_TYPES:
            iri = _as_iri(str(value), prefixes)
            if iri is None and kind == "class" and not isinstance(value, URIRef):
                iri = _class_lookup(str(value), backend)
            if iri is None:
                raise QueryError(f"parameter {name} expects an IRI or a prefixed name, got {str(value)!r}")
            term = iri
        elif isinstance(value, Literal):
            term = value
        else:
            term = _typed_literal(name, kind, str(value))
        if isinstance(term, URIRef) and BAD_IRI.search(str(term)):
            raise QueryError(f"parameter {name}: not a valid IRI: {str(term)!r}")
        bindings[name] = term
    return bindings


def _examples(kind: str, backend: Backend, n: int = 3) -> str:
    """`` (e.g. A, B, C)``: a few names of ``kind`` the KG has, for a note."""
    from .suggest import known_names

    try:
        names = [x for x in known_names(kind, backend) if not x.isascii()] or known_names(kind, backend)
    except Exception:  # noqa: BLE001 — an example must never hide the note
        return ""
    return f" (e.g. {', '.join(names[:n])})" if names else ""


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
        if name.strip() in params:
            raise UsageError(f"--param {name.strip()} is given twice ({params[name.strip()]!r} and "
                             f"{value!r}); give each parameter once")
        params[name.strip()] = value
    return params
