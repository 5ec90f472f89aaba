"""SHACL validation of a built KG against ``ontology/shapes.ttl`` (pySHACL), with a readable report.

`validate_graph` is what ``policykg validate`` and ``policykg build`` (unless ``--no-validate``) run.
The report names, for each problem, the shape that found it (``KeyTaskLeadAgencyShape`` …), the
node it is about by its label, and the shape's message.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from loaders.records import Span

from ..resources import shapes_path

__all__ = ["ValidationReport", "ValidationProblem", "validate_graph", "validate_file", "load_shapes",
           "conforms_ntriples", "conforms_document", "span_quote_mismatches", "SHAPES"]

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
    >>> from loaders.extract.document import parse_text
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
    engine_shapes, quote_shape = _split_quote_shape(shapes)
    # inference="none": the data carries every instance's explicit class, and RDFS inference would
    # copy the graph and slow a corpus build for nothing. allow_warnings keeps a sh:Warning from
    # failing a build.
    if engine == "turbo":
        import pyshacl_turbo

        conforms, report, _ = pyshacl_turbo.validate(g, shacl_graph=engine_shapes, inference="none",
                                                     allow_warnings=True)
    elif engine == "pyshacl":
        import pyshacl

        with _prepared_sparql():
            conforms, report, _ = pyshacl.validate(
                g, shacl_graph=engine_shapes, inference="none", allow_warnings=True, advanced=False
            )
    else:
        raise ValueError(f"unknown SHACL engine {engine!r} (pyshacl or turbo)")
    if quote_shape is not None:
        mismatches = quote_mismatches(g)
        if mismatches:
            conforms = False
            _add_quote_results(report, quote_shape, shapes, mismatches)
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


# id(shapes for the engine) -> (those shapes, pyshacl_turbo.CompiledShapes): compiled once per process
_COMPILED: dict[int, tuple[Graph, object]] = {}


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
    >>> from loaders.extract.document import parse_text
    >>> from kg.graph.build import document_triples
    >>> from kg.graph.ntriples import to_lines
    >>> doc = parse_text("三、重点任务\\n（一）完善政策。内容。（责任单位：区科技局）", doc_id="d")
    >>> conforms_ntriples("".join(to_lines(document_triples(doc))))
    True
    """
    shapes = shapes if shapes is not None else load_shapes()
    conforms = _engine_verdict(text, _split_quote_shape(shapes)[0])
    if conforms and _split_quote_shape(shapes)[1] is not None:
        bad = _quote_mismatches_ntriples(text)
        return None if bad is None else bad == 0
    return conforms


def conforms_document(lines: list[str], texts: dict, spans: Iterable[tuple[object, object, Span]],
                      shapes: Graph | None = None, *, plain: list[str] | None = None) -> bool | None:
    """Whether one document's N-Triples lines conform to the shapes, when the caller knows its spans:
    the verdict of `validate_graph`, with what concerns text spans checked on the records.

    ``spans`` are the ``(span term, document term, span)`` triples `kg.graph.spans.add_span` recorded
    while ``lines`` were written (`kg.graph.ntriples.NTriplesSink`), ``texts`` maps a document term to
    its ``pkg:fullText``. A span's offsets, quote and document are written by that one function from a
    `loaders.records.Span`, so what ``TextSpanShape`` and ``QuoteMatchesTextShape`` can find wrong in
    them is what the record has wrong: an offset below 0, a start after the end, a quote that is not
    the text between the offsets. That is checked here in one pass, one comparison per span
    (`span_quote_mismatches`); the SHACL engine gets the other shapes, compiled once per process, and
    the lines without those four per span (a third of a plan's lines, 40 % of the engine's time):
    ``plain`` (the sink's lines without them, `kg.graph.ntriples.NTriplesSink.plain`), else ``lines``
    less the lines those spans give. Any other line about a span's offsets, quote or document (one not
    written from a record) keeps the engine's ``TextSpanShape``. ``None`` when the engine's fast path
    is unavailable (the caller then uses `validate_graph`).

    Examples
    --------
    >>> from loaders.extract.document import parse_text
    >>> from kg.graph.build import add_document
    >>> from kg.graph.ntriples import NTriplesSink
    >>> doc = parse_text("三、重点任务\\n（一）完善政策。内容。（责任单位：区科技局）", doc_id="d")
    >>> sink = NTriplesSink()
    >>> d = add_document(sink, doc)
    >>> conforms_document(sink.lines, {d: doc.text}, sink.spans, plain=sink.plain)
    True
    >>> conforms_document(sink.lines, {d: doc.text}, sink.spans)
    True
    >>> conforms_document(sink.lines, {d: "另一段文字" * 10}, sink.spans, plain=sink.plain)
    False
    """
    from ..graph.namespaces import PKG
    from ..graph.spans import span_detail_lines

    shapes = shapes if shapes is not None else load_shapes()
    spans = list(spans)
    on_records = []
    if _split_quote_shape(shapes)[1] is not None:
        on_records.append(QUOTE_SHAPE)
    text = None
    if (SPAN_SHAPE, None, None) in shapes:
        if plain is None:
            written = span_detail_lines(spans)
            plain = [ln for ln in lines if ln not in written]
        text = "".join(plain)
        # A marker cannot run over the end of a line (it has no newline): in the text as in a line.
        markers = tuple(f" <{PKG[p]}> " for p in ("startOffset", "endOffset", "quote", "inDocument"))
        if not any(marker in text for marker in markers):
            on_records.append(SPAN_SHAPE)
        else:
            text = None
    conforms = _engine_verdict("".join(lines) if text is None else text,
                               _without_shapes(shapes, tuple(on_records)))
    if conforms and SPAN_SHAPE in on_records:
        conforms = all(0 <= span.start <= span.end for _, _, span in spans)
    if conforms and QUOTE_SHAPE in on_records:
        conforms = not span_quote_mismatches(texts, ((doc, span) for _, doc, span in spans))
    return conforms


def _engine_verdict(text: str, shapes: Graph) -> bool | None:
    """pyshacl-turbo's verdict on N-Triples ``text`` with ``shapes``, compiled once per process and
    shapes graph; ``None`` when the fast path is unavailable."""
    if default_engine() != "turbo":
        return None
    try:
        import pyshacl_turbo

        compiled = _COMPILED.get(id(shapes))
        if compiled is None or compiled[0] is not shapes:
            compiled = _COMPILED[id(shapes)] = (shapes, pyshacl_turbo.CompiledShapes(shapes))
        data = _text_input(text)
        conforms = _native_verdict(compiled[1], data)
        if conforms is None:
            conforms, _, _ = compiled[1].validate(data, allow_warnings=True)
    except Exception:  # noqa: BLE001 - a moved private record or an engine error: validate_graph decides
        return None
    return bool(conforms)


def _native_verdict(compiled: object, data: object) -> bool | None:
    """The verdict of ``compiled.validate(data, allow_warnings=True)`` without the rdflib graph that
    method makes of the report (1–2 ms a call — a new ``Graph`` binds ~40 prefixes — against ~15 for
    the engine on a dev plan), which a verdict does not read: the compiled program's native call, with
    the arguments the method gives it (pyshacl-turbo 0.6, private). ``None`` when that call is not
    there as expected, or warns of recursion: the caller then uses the method."""
    native = getattr(compiled, "_native", None)
    if native is None:
        return None
    try:
        # source, format, base, iterate_rules, max_rule_iterations, max_validation_depth, inplace,
        # allow_infos, allow_warnings, abort_on_first, focus nodes, shapes to use, namespaces
        conforms, _, _, _, recursion = native.validate(data.source, data.format, data.base, False, 100, 15,
                                                       False, False, True, False, [], [], [])
    except (TypeError, ValueError, AttributeError):
        return None
    return None if recursion else bool(conforms)


def span_quote_mismatches(
    texts: dict, spans: Iterable[tuple[object, Span]]
) -> list[tuple[object, Span, str]]:
    """``(document, span, what the text has)`` for each span whose quote is not its document's text
    between its offsets (``texts``: document → text; a document not there has no ``pkg:fullText``) —
    `quote_mismatches` on the records themselves, one slice and one comparison per span.

    Examples
    --------
    >>> from loaders.records import Span
    >>> spans = [("d", Span(0, 3, "长寿区")), ("d", Span(3, 6, "财政局"))]
    >>> span_quote_mismatches({"d": "长寿区科技局"}, spans)
    [('d', Span(start=3, end=6, quote='财政局'), '科技局')]
    """
    out = []
    for doc, span in spans:
        found = _found(texts.get(doc), span.start, span.end, span.quote)
        if found is not None:
            out.append((doc, span, found))
    return out


# ---------------------------------------------------------------- the quote check, linear
QUOTE_SHAPE = SHAPES.QuoteMatchesTextShape
SPAN_SHAPE = SHAPES.TextSpanShape
# (id(shapes), names) -> (shapes, the shapes without those)
_WITHOUT: dict[tuple[int, tuple[URIRef, ...]], tuple[Graph, Graph]] = {}


def _split_quote_shape(shapes: Graph) -> tuple[Graph, URIRef | None]:
    """The shapes without ``QuoteMatchesTextShape`` (for the SHACL engine), and that shape if present.

    The shape says in SPARQL what is checked — ``SUBSTR(text, start + 1, end - start)`` equals the
    quote — but an engine evaluates it once per span over the whole text, so validation grew with
    spans × text length (a 5 MB plan: 6 s to build, 42 s validated). `quote_mismatches` makes the
    same check in one pass over the spans with slices of the text; the engine gets the other shapes.
    """
    if (QUOTE_SHAPE, None, None) not in shapes:
        return shapes, None
    return _without_shapes(shapes, (QUOTE_SHAPE,)), QUOTE_SHAPE


def _without_shapes(shapes: Graph, names: tuple[URIRef, ...]) -> Graph:
    """``shapes`` without the named shapes and the blank nodes under them (made once per graph)."""
    if not names:
        return shapes
    cached = _WITHOUT.get((id(shapes), names))
    if cached is not None and cached[0] is shapes:
        return cached[1]
    stripped = Graph()
    for prefix, ns in shapes.namespaces():
        stripped.bind(prefix, ns, override=True)
    drop: set = set()
    todo = list(names)
    while todo:
        node = todo.pop()
        if node in drop:
            continue
        drop.add(node)
        todo.extend(o for o in shapes.objects(node, None) if isinstance(o, BNode))
    for triple in shapes:
        if triple[0] not in drop:
            stripped.add(triple)
    _WITHOUT[(id(shapes), names)] = (shapes, stripped)
    return stripped


@dataclass(frozen=True)
class QuoteMismatch:
    """A span whose quote is not its document's text at its offsets (``found``: what the text has)."""

    document: Node
    span: Node
    start: Literal
    end: Literal
    quote: Literal
    found: str


def quote_mismatches(g: Graph) -> list[QuoteMismatch]:
    """Every span (``pkg:inDocument``) whose ``pkg:quote`` is not the document's ``pkg:fullText``
    between ``pkg:startOffset`` and ``pkg:endOffset`` — what ``QuoteMatchesTextShape`` states, in
    time linear in the data: each span costs a slice of its own length.

    As in the shape's SPARQL: a span of a document without ``pkg:fullText`` is reported; a span
    missing a part, or with offsets that are not integers, is left to ``TextSpanShape``; characters
    are counted from 0 (``SUBSTR`` counts from 1) and a range before the text's start is cut at 0.
    """
    from ..graph.namespaces import PKG

    texts: dict[Node, str] = {}
    for doc, text in g.subject_objects(PKG.fullText):
        texts.setdefault(doc, str(text))
    out = []
    for span, doc in g.subject_objects(PKG.inDocument):
        for start in g.objects(span, PKG.startOffset):
            for end in g.objects(span, PKG.endOffset):
                for quote in g.objects(span, PKG.quote):
                    a, b = (_integer(x) for x in (start, end))
                    found = _found(texts.get(doc), a, b, str(quote))
                    if found is not None:
                        out.append(QuoteMismatch(doc, span, start, end, quote, found))
    return out


def _integer(term: Node) -> int | None:
    value = term.toPython() if isinstance(term, Literal) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _found(text: str | None, a: int | None, b: int | None, quote: str) -> str | None:
    """What the text has where the quote should be, or ``None`` when they agree (or the offsets are
    not integers: ``TextSpanShape`` reports that)."""
    if text is None:
        return "(the document has no pkg:fullText)"
    if a is None or b is None:
        return None
    found = text[max(a, 0):max(b, 0)] if b > a else ""
    return None if found == quote else found


_NT_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_NT_CHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_XSD_INTEGERS = {f"http://www.w3.org/2001/XMLSchema#{t}" for t in (
    "integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger", "long",
    "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}


def _nt_unescape(match: re.Match) -> str:
    if match.group(3) is not None:
        return _NT_CHARS.get(match.group(3), match.group(0))
    return chr(int(match.group(1) or match.group(2), 16))


def _nt_literal(term: str) -> tuple[str, str | None]:
    """(lexical form, datatype IRI or None) of an N-Triples literal."""
    close = term.rindex('"')
    lexical = _NT_ESCAPE.sub(_nt_unescape, term[1:close])
    rest = term[close + 1:]
    return lexical, (rest[3:-1] if rest.startswith("^^") else None)


def _quote_mismatches_ntriples(text: str) -> int | None:
    """How many quote mismatches N-Triples ``text`` has (as `quote_mismatches`), reading only the
    lines of the five predicates the check needs; ``None`` if such a line is not the plain
    N-Triples that policykg writes (then `validate_graph` decides)."""
    from ..graph.namespaces import PKG

    names = {str(PKG.fullText): "text", str(PKG.inDocument): "doc", str(PKG.startOffset): "start",
             str(PKG.endOffset): "end", str(PKG.quote): "quote"}
    wanted = tuple(f"<{p}>" for p in names)
    texts: dict[str, str] = {}
    spans: dict[str, dict[str, list]] = {}
    for line in text.splitlines():
        if not line.strip() or not any(w in line for w in wanted):
            continue
        parts = line.split(None, 2)
        if len(parts) != 3 or not parts[1].startswith("<") or not parts[2].rstrip().endswith("."):
            return None
        subject, predicate, obj = parts[0], parts[1][1:-1], parts[2].rstrip()[:-1].rstrip()
        if not (subject.startswith(("<", "_:")) and obj.startswith(("<", "_:", '"'))):
            return None
        role = names.get(predicate)
        if role is None:
            continue  # a literal that happens to contain one of the IRIs
        if role == "text":
            if obj.startswith('"'):
                texts.setdefault(subject, _nt_literal(obj)[0])
            continue
        values = spans.setdefault(subject, {}).setdefault(role, [])
        if role == "doc":
            values.append(obj)
        elif role == "quote":
            values.append(_nt_literal(obj)[0] if obj.startswith('"') else obj[1:-1])
        elif not obj.startswith('"'):
            values.append(None)
        else:
            lexical, datatype = _nt_literal(obj)
            ok = datatype in _XSD_INTEGERS and re.fullmatch(r"[+-]?\d+", lexical.strip())
            values.append(int(lexical) if ok else None)
    bad = 0
    for part in spans.values():
        for doc in part.get("doc", ()):
            for a in part.get("start", ()):
                for b in part.get("end", ()):
                    for quote in part.get("quote", ()):
                        bad += _found(texts.get(doc), a, b, quote) is not None
    return bad


def _add_quote_results(report: Graph, quote_shape: URIRef, shapes: Graph, found: list[QuoteMismatch]) -> None:
    """Write the mismatches into the engine's report graph as SHACL results of the quote shape."""
    template = next((str(m) for m in shapes.objects(next(shapes.objects(quote_shape, SH.sparql), None),
                                                       SH.message) if isinstance(m, Literal)), None)
    template = template or ("the quote of span {?value} is not the document text at [{?start}, {?end}): "
                            "quote «{?quote}», text «{?found}»")
    top = next(report.subjects(RDF.type, SH.ValidationReport), None)
    if top is None:
        top = BNode()
        report.add((top, RDF.type, SH.ValidationReport))
    report.set((top, SH.conforms, Literal(False)))
    for m in found:
        result = BNode()
        fill = {"value": str(m.span), "start": str(m.start), "end": str(m.end), "quote": str(m.quote),
                "found": m.found}
        message = template
        for name, value in fill.items():
            message = message.replace("{?" + name + "}", value)
        report.add((top, SH.result, result))
        report.add((result, RDF.type, SH.ValidationResult))
        report.add((result, SH.focusNode, m.document))
        report.add((result, SH.value, m.span))
        report.add((result, SH.sourceShape, quote_shape))
        report.add((result, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
        report.add((result, SH.resultSeverity, SH.Violation))
        report.add((result, SH.resultMessage, Literal(message, lang="en")))


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
