"""SHACL validation of a built KG against ``ontology/shapes.ttl`` (pySHACL), with a readable report.

`validate_graph` is what ``policykg validate`` and ``policykg build`` (unless ``--no-validate``) run.
The report names, for each problem, the shape that found it (``KeyTaskLeadAgencyShape`` …), the
node it is about by its label, and the shape's message.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from ..resources import shapes_path

__all__ = ["ValidationReport", "ValidationProblem", "validate_graph", "validate_file", "load_shapes",
           "conforms_ntriples", "SHAPES"]

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES = Namespace("https://w3id.org/policykg/shapes#")


@dataclass(frozen=True)
class ValidationProblem:
    """One SHACL result, in readable pieces."""

    shape: str  # the shape's name, e.g. "KeyTaskLeadAgencyShape"
    focus: str  # the focus node: its label and short IRI
    message: str
    severity: str = "Violation"
    path: str = ""
    value: str = ""

    def line(self) -> str:
        where = f" [{self.path}]" if self.path else ""
        return f"{self.severity}: {self.shape}: {self.focus}{where}: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of `validate_graph`.

    Attributes
    ----------
    conforms : bool
        True when no shape is violated.
    problems : tuple of ValidationProblem
        One per SHACL result, sorted by shape then focus node.
    report : rdflib.Graph
        pySHACL's report graph, for tools that want it.
    """

    conforms: bool
    problems: tuple[ValidationProblem, ...]
    report: Graph

    @property
    def text(self) -> str:
        """A readable report: a verdict line, then one line per problem (shape, node, message)."""
        if self.conforms:
            return "conforms: yes (ontology/shapes.ttl)"
        shapes = sorted({p.shape for p in self.problems})
        lines = [f"conforms: NO — {len(self.problems)} problem(s) found by {', '.join(shapes)}"]
        lines += [f"  {p.line()}" for p in self.problems]
        return "\n".join(lines)

    def shapes(self) -> set[str]:
        """Names of the shapes that reported a problem (both parts of ``Node/Property`` names)."""
        return {part for p in self.problems for part in p.shape.split("/")}


def load_shapes() -> Graph:
    """The shapes graph (``ontology/shapes.ttl``)."""
    return Graph().parse(shapes_path(), format="turtle")


def _short(node: Node) -> str:
    s = unquote(str(node))
    for prefix, ns in (("pkgid:", "https://w3id.org/policykg/id/"),
                       ("pkg:", "https://w3id.org/policykg/ontology#"),
                       ("pkgsh:", str(SHAPES)),
                       ("prov:", "http://www.w3.org/ns/prov#"),
                       ("dcterms:", "http://purl.org/dc/terms/"),
                       ("skos:", "http://www.w3.org/2004/02/skos/core#"),
                       ("rdfs:", str(RDFS))):
        if s.startswith(unquote(ns)):
            return prefix + s[len(unquote(ns)):]
    return s


def _label(data: Graph, node: Node) -> str:
    if isinstance(node, Literal):
        text = str(node)
        return repr(text if len(text) <= 40 else text[:40] + "…")
    labels = [o for o in data.objects(node, RDFS.label) if isinstance(o, Literal)]
    label = next((o for o in labels if o.language == "zh"), None) or next(iter(labels), None)
    if isinstance(node, BNode):
        return str(label) if label is not None else "(blank node)"
    return f"{label} ({_short(node)})" if label is not None else _short(node)


def _shape_name(shapes: Graph, shape: Node) -> str:
    """The shape's name: ``NodeShape/PropertyShape`` for a named property shape of a node shape,
    the node shape's name for an anonymous one, else the shape's own local name."""
    names: list[str] = []
    seen = set()
    while shape is not None and shape not in seen:
        seen.add(shape)
        if isinstance(shape, URIRef):
            names.append(str(shape).removeprefix(str(SHAPES)))
        shape = next(shapes.subjects(SH.property, shape), None)
    return "/".join(reversed(names)) or "(anonymous shape)"


def _message(report: Graph, result: Node, shapes: Graph, shape: Node) -> str:
    messages = [m for m in report.objects(result, SH.resultMessage) if isinstance(m, Literal)]
    # Prefer the English message; pySHACL fills in {?var} placeholders of SPARQL constraints.
    for lang in ("en", None, "zh"):
        for m in messages:
            if m.language == lang:
                return str(m)
    return str(messages[0]) if messages else "constraint violated"


@contextmanager
def _prepared_sparql() -> Iterator[None]:
    """Parse each SPARQL text once while pySHACL runs.

    pySHACL evaluates a SHACL-SPARQL constraint (``QuoteMatchesTextShape``) once per focus node and
    rdflib re-parses the same query text every time: on a corpus build that parsing was a quarter of
    the validation time. A translated query is reusable (it is what rdflib's ``prepareQuery``
    returns), so here the text → query step is memoised for the duration of one validation.
    """
    from rdflib.plugins.sparql import processor

    parse, translate = processor.parseQuery, processor.translateQuery
    prepared: dict[tuple[str, str | None, tuple], object] = {}

    def translate_once(text: str, base: str | None = None, init_ns: dict | None = None):
        key = (text, base, tuple(sorted((init_ns or {}).items())))
        if key not in prepared:
            prepared[key] = translate(parse(text), base, init_ns)
        return prepared[key]

    processor.parseQuery = lambda text: text  # the text itself is the key handed to translate
    processor.translateQuery = translate_once
    try:
        yield
    finally:
        processor.parseQuery, processor.translateQuery = parse, translate


def default_engine() -> str:
    """``POLICYKG_SHACL`` if set; else ``turbo`` when pyshacl-turbo is installed; else ``pyshacl``.

    pyshacl-turbo runs the same shapes (SHACL-SPARQL included) in Rust behind pySHACL's API, about
    ten times faster; ``tests/test_shapes.py`` checks that both engines report the same shapes on
    every violating fixture, so the choice changes speed, not verdicts.
    """
    choice = os.environ.get("POLICYKG_SHACL", "").strip().lower()
    if choice:
        return choice
    try:
        import pyshacl_turbo  # noqa: F401
    except ImportError:
        return "pyshacl"
    return "turbo"


def validate_graph(g: Graph, shapes: Graph | None = None, engine: str | None = None) -> ValidationReport:
    """Validate a KG (data, as ``kg.graph.build`` writes it) against the policykg shapes.

    Parameters
    ----------
    g : rdflib.Graph
        The data graph; not modified.
    shapes : rdflib.Graph, optional
        The shapes (default: `load_shapes`).
    engine : {"turbo", "pyshacl"}, optional
        The SHACL engine (default: `default_engine`).

    Returns
    -------
    ValidationReport

    Examples
    --------
    >>> from loaders.document import parse_text
    >>> from kg.graph.build import build_graph
    >>> doc = parse_text("三、重点任务\\n（一）完善政策。内容。（责任单位：区科技局）", doc_id="d")
    >>> g = build_graph([doc])
    >>> validate_graph(g).conforms
    True
    >>> from kg.graph.namespaces import PKG
    >>> task = next(g.subjects(RDF.type, PKG.KeyTask))
    >>> _ = g.remove((task, PKG.leadAgency, None))
    >>> print(validate_graph(g).problems[0].shape)
    KeyTaskShape/KeyTaskLeadAgencyShape
    """
    engine = engine or default_engine()
    shapes = shapes if shapes is not None else load_shapes()
    # inference="none": the data carries every instance's explicit class, and RDFS inference would
    # copy the graph and slow a corpus build for nothing. allow_warnings keeps a sh:Warning from
    # failing a build.
    if engine == "turbo":
        import pyshacl_turbo

        conforms, report, _ = pyshacl_turbo.validate(g, shacl_graph=shapes, inference="none",
                                                     allow_warnings=True)
    elif engine == "pyshacl":
        import pyshacl

        with _prepared_sparql():
            conforms, report, _ = pyshacl.validate(
                g, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=False
            )
    else:
        raise ValueError(f"unknown SHACL engine {engine!r} (pyshacl or turbo)")
    problems = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(result, SH.sourceShape)
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        severity = report.value(result, SH.resultSeverity)
        problems.append(ValidationProblem(
            shape=_shape_name(shapes, shape),
            focus=_label(g, focus) if focus is not None else "?",
            message=_message(report, result, shapes, shape),
            severity=str(severity).removeprefix(str(SH)) if severity is not None else "Violation",
            path=_short(path) if isinstance(path, URIRef) else "",
            value=_label(g, value) if value is not None else "",
        ))
    problems.sort(key=lambda p: (p.shape, p.focus, p.path, p.message))
    return ValidationReport(conforms=bool(conforms), problems=tuple(problems), report=report)


_COMPILED: tuple[Graph, object] | None = None  # (shapes, pyshacl_turbo.CompiledShapes): one per process


def conforms_ntriples(text: str, shapes: Graph | None = None) -> bool | None:
    """Whether N-Triples data conforms to the shapes, decided on the text itself; ``None`` when that
    cannot be done here (the caller then uses `validate_graph`).

    A corpus build already holds each document as N-Triples lines. Handing that text to
    pyshacl-turbo's Rust engine, with the shapes compiled once per process, skips building an rdflib
    graph that the engine would only convert back: 0.55 s for 40 generated plans where building
    their graphs and calling `validate_graph` takes 1.4–1.95 s (the graph building was a third of a
    build worker's time in ``benchmarks/profile.py build``). It gives only the verdict; a
    document that does not conform is validated again with `validate_graph` for the readable report,
    so the problems a user sees come from one place. ``tests/test_shapes.py`` checks the verdict
    against `validate_graph` on every violating fixture.

    The text input is pyshacl-turbo's own ``Input`` record, not part of its public API: if a release
    moves it, this returns ``None`` and builds stay correct, only slower (``tests/test_shapes.py``
    fails so that it is noticed). ``POLICYKG_SHACL=pyshacl`` turns the fast path off too.

    Examples
    --------
    >>> from loaders.document import parse_text
    >>> from kg.graph.build import document_triples
    >>> from kg.graph.ntriples import to_lines
    >>> doc = parse_text("三、重点任务\\n（一）完善政策。内容。（责任单位：区科技局）", doc_id="d")
    >>> conforms_ntriples("".join(to_lines(document_triples(doc))))
    True
    """
    global _COMPILED
    if default_engine() != "turbo":
        return None
    shapes = shapes if shapes is not None else load_shapes()
    try:
        import pyshacl_turbo

        if _COMPILED is None or _COMPILED[0] is not shapes:
            _COMPILED = (shapes, pyshacl_turbo.CompiledShapes(shapes))
        conforms, _, _ = _COMPILED[1].validate(_text_input(text), allow_warnings=True)
    except Exception:  # noqa: BLE001 - a moved private record or an engine error: validate_graph decides
        return None
    return bool(conforms)


def _text_input(text: str) -> object:
    """pyshacl-turbo's record for serialised data, which its engine reads without rdflib (private)."""
    from pyshacl_turbo.rdf import Input

    return Input(text, "nt", None, {})


def validate_file(data: str | Path) -> ValidationReport:
    """Validate a KG file (``out/kg.ttl``); this is ``policykg validate``.

    Raises
    ------
    FileNotFoundError, kg.sparql.store.KGReadError
        The KG file is missing or not valid RDF.
    """
    from ..sparql.store import open_kg

    return validate_graph(open_kg(data, store="memory", ontology=False, vocabularies=False))
