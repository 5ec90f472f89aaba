"""SHACL shapes: the sample conforms, and every shape has a fixture that violates it and is named."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.graph.namespaces import PKG
from kg.reasoning.validate import SHAPES, ValidationReport, conforms_ntriples, load_shapes, validate_graph

SH = Namespace("http://www.w3.org/ns/shacl#")


def _copy(g: Graph) -> Graph:
    out = Graph()
    for triple in g:
        out.add(triple)
    return out


def _first(g: Graph, cls: URIRef) -> URIRef:
    return sorted(g.subjects(RDF.type, cls))[0]


def _task(g: Graph) -> URIRef:
    return _first(g, PKG.KeyTask)


def _target_with_year(g: Graph) -> URIRef:
    return sorted(s for s in g.subjects(PKG.targetYear, None))[0]


# Each fixture: (what it breaks, the shape names the report must give, the label of the node it is about).
def _no_lead(g: Graph) -> str:
    t = _task(g)
    g.remove((t, PKG.leadAgency, None))
    return str(g.value(t, RDFS.label))


def _no_title(g: Graph) -> str:
    t = _task(g)
    g.remove((t, DCTERMS.title, None))
    return str(g.value(t, RDFS.label))


def _two_agents(g: Graph) -> str:
    r = _first(g, PKG.Responsibility)
    other = sorted(a for a in g.objects(None, PROV.agent) if (r, PROV.agent, a) not in g)[0]
    g.add((r, PROV.agent, other))
    return "pkgid:doc/changshou-ip-plan/task/3.1/resp/1"


def _no_role(g: Graph) -> str:
    r = _first(g, PKG.Responsibility)
    g.remove((r, PROV.hadRole, None))
    return "pkgid:doc/changshou-ip-plan/task/3.1/resp/1"


def _no_value(g: Graph) -> str:
    t = _target_with_year(g)
    g.remove((t, PKG.targetValue, None))
    return str(g.value(t, RDFS.label))


def _no_unit(g: Graph) -> str:
    t = _target_with_year(g)
    g.remove((t, PKG.unit, None))
    return str(g.value(t, RDFS.label))


def _no_year(g: Graph) -> str:
    t = _target_with_year(g)
    g.remove((t, PKG.targetYear, None))
    return str(g.value(t, RDFS.label))


def _year_and_no_year(g: Graph) -> str:
    t = _target_with_year(g)
    g.add((t, PKG.noYear, Literal(True)))
    return str(g.value(t, RDFS.label))


def _two_comparisons(g: Graph) -> str:
    t = _target_with_year(g)
    g.add((t, PKG.comparison, PKG.AtLeast))
    g.add((t, PKG.comparison, PKG.AtMost))
    return str(g.value(t, RDFS.label))


def _text_baseline(g: Graph) -> str:
    t = _target_with_year(g)
    g.add((t, PKG.baselineValue, Literal("四十")))
    return str(g.value(t, RDFS.label))


def _baseline_year_as_integer(g: Graph) -> str:
    t = _target_with_year(g)
    g.add((t, PKG.baselineYear, Literal(2020)))
    return str(g.value(t, RDFS.label))


def _no_span(g: Graph) -> str:
    t = _task(g)
    g.remove((t, PROV.wasDerivedFrom, None))
    return str(g.value(t, RDFS.label))


def _span_without_quote(g: Graph) -> str:
    s = _first(g, PKG.TextSpan)
    g.remove((s, PKG.quote, None))
    return str(s).rsplit("/", 1)[1]


def _wrong_quote(g: Graph) -> str:
    s = sorted(g.subjects(PKG.quote, Literal("区司法局")))[0]
    g.set((s, PKG.quote, Literal("区财政局")))
    return "«区财政局»"


def _shifted_offsets(g: Graph) -> str:
    s = sorted(g.subjects(PKG.quote, Literal("区司法局")))[0]
    start = int(g.value(s, PKG.startOffset))
    end = int(g.value(s, PKG.endOffset))
    g.set((s, PKG.startOffset, Literal(start + 1, datatype=g.value(s, PKG.startOffset).datatype)))
    g.set((s, PKG.endOffset, Literal(end + 1, datatype=g.value(s, PKG.endOffset).datatype)))
    return f"[{start + 1}, {end + 1})"


def _plain_label(g: Graph) -> str:
    a = _first(g, PKG.Agency)
    label = g.value(a, RDFS.label)
    g.set((a, RDFS.label, Literal(str(label))))
    return str(label)


def _correction_without_file(g: Graph) -> str:
    """A correction (as `policykg build --corrections` writes it) that names no corrections file."""
    c = URIRef("https://w3id.org/policykg/id/doc/changshou-ip-plan/correction/task/3.1/lead")
    r = URIRef("https://w3id.org/policykg/id/corrections/00/reviewer")
    g.add((c, RDF.type, PKG.Correction))
    g.add((c, RDFS.label, Literal("（一）完善知识产权政策体系：牵头单位", lang="zh")))
    g.add((c, PKG.correctedField, Literal("lead")))
    g.add((c, PKG.factValue, Literal("区科技局")))
    g.add((c, PROV.wasAttributedTo, r))
    g.add((r, RDF.type, PKG.Reviewer))
    return "（一）完善知识产权政策体系：牵头单位"


def _warning_of_no_level(g: Graph) -> str:
    """An extraction warning (kg/graph/flags.py) whose level is neither check nor note."""
    d = URIRef("https://w3id.org/policykg/id/doc/changshou-ip-plan")
    w = URIRef(f"{d}/warning/1")
    task = URIRef(f"{d}/task/3.1")
    g.add((d, PKG.hasWarning, w))
    g.add((w, RDF.type, PKG.ExtractionWarning))
    g.add((w, PKG.warningLevel, Literal("maybe")))
    g.add((w, PKG.warningCode, Literal("lead-rule")))
    g.add((w, PKG.warningMessage, Literal("lead rule not applied")))
    g.add((w, PROV.wasDerivedFrom, g.value(task, PROV.wasDerivedFrom)))
    g.add((w, PKG.concernsTask, task))
    return "changshou-ip-plan/warning/1"


def _short_division_code(g: Graph) -> str:
    """A jurisdiction whose GB/T 2260 code lost a digit (500115 → 50011)."""
    j = sorted(g.subjects(PKG.divisionCode, Literal("500115")))[0]
    g.set((j, PKG.divisionCode, Literal("50011")))
    return "50011"


def _two_functions(g: Graph) -> str:
    """区法院 with a second function beside courts."""
    court = next(a for a in g.subjects(RDFS.label, Literal("区法院", lang="zh")) if (a, RDF.type, PKG.Agency) in g)
    g.add((court, PKG.hasFunction, URIRef("https://w3id.org/policykg/vocab/function/finance")))
    return "区法院"


def _tool_use(g: Graph) -> URIRef:
    return sorted(g.subjects(RDF.type, PKG.ToolUse))[0]


def _tool_use_without_tool(g: Graph) -> str:
    u = _tool_use(g)
    g.remove((u, PKG.tool, None))
    return str(g.value(u, RDFS.label))


def _tool_use_without_evidence(g: Graph) -> str:
    u = _tool_use(g)
    g.remove((u, PROV.wasDerivedFrom, None))
    return str(g.value(u, RDFS.label))


def _tool_use_without_coder(g: Graph) -> str:
    u = _tool_use(g)
    g.remove((u, PROV.wasAttributedTo, None))
    return str(g.value(u, RDFS.label))


def _primary_not_deployed(g: Graph) -> str:
    """（一）'s primary tool set to 税收优惠, which it does not deploy."""
    t = sorted(g.subjects(PKG.primaryTool, None))[0]
    g.set((t, PKG.primaryTool, URIRef("https://w3id.org/policykg/vocab/policy-tool/tax-fee-relief")))
    return "tax-fee-relief"


def _two_primary_tools(g: Graph) -> str:
    t = sorted(g.subjects(PKG.primaryTool, None))[0]
    g.add((t, PKG.primaryTool, sorted(g.objects(t, PKG.deploysTool))[-1]))
    return str(g.value(t, RDFS.label))


FIXTURES: list[tuple[str, Callable[[Graph], str], set[str]]] = [
    ("key task without a lead agency", _no_lead, {"KeyTaskShape", "KeyTaskLeadAgencyShape"}),
    ("key task without a title", _no_title, {"KeyTaskShape", "KeyTaskTitleShape"}),
    ("responsibility with two agencies", _two_agents, {"ResponsibilityShape", "ResponsibilityAgentShape"}),
    ("responsibility without a role", _no_role, {"ResponsibilityShape", "ResponsibilityRoleShape"}),
    ("target without a value", _no_value, {"TargetShape", "TargetValueShape"}),
    ("target without a unit", _no_unit, {"TargetShape", "TargetUnitShape"}),
    ("target with neither year nor noYear", _no_year, {"TargetYearShape"}),
    ("target with a year and noYear", _year_and_no_year, {"TargetYearShape"}),
    ("target with two comparisons", _two_comparisons, {"TargetShape", "TargetComparisonShape"}),
    ("target with a baseline in words", _text_baseline, {"TargetShape", "TargetBaselineShape"}),
    ("target with an integer baseline year", _baseline_year_as_integer,
     {"TargetShape", "TargetBaselineYearShape"}),
    ("task without a source span", _no_span, {"ProvenanceShape", "ProvenanceSpanShape"}),
    ("span without a quote", _span_without_quote, {"TextSpanShape"}),
    ("quote that is not the text", _wrong_quote, {"QuoteMatchesTextShape"}),
    ("offsets that point elsewhere", _shifted_offsets, {"QuoteMatchesTextShape"}),
    ("label without a language tag", _plain_label, {"LanguageTaggedLabelShape"}),
    ("correction without its corrections file", _correction_without_file, {"CorrectionShape"}),
    ("warning of a level neither check nor note", _warning_of_no_level, {"ExtractionWarningShape"}),
    ("jurisdiction with a five-digit code", _short_division_code, {"JurisdictionShape"}),
    ("agency with two functions", _two_functions, {"AgencyFunctionShape"}),
    ("tool use without its tool", _tool_use_without_tool, {"ToolUseShape", "ToolUseToolShape"}),
    ("tool use without evidence", _tool_use_without_evidence, {"ToolUseShape", "ToolUseEvidenceShape"}),
    ("tool use without its coder", _tool_use_without_coder, {"ToolUseShape", "ToolUseCoderShape"}),
    ("primary tool the task does not deploy", _primary_not_deployed, {"PrimaryToolShape"}),
    ("two primary tools", _two_primary_tools, {"PrimaryToolShape"}),
]


# Both engines must give the same verdicts; pyshacl-turbo is the default when installed.
ENGINES = ["pyshacl"] + (["turbo"] if importlib.util.find_spec("pyshacl_turbo") else [])


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.mark.parametrize("engine", ENGINES)
def test_sample_conforms(sample_graph: Graph, shapes: Graph, engine: str) -> None:
    report = validate_graph(sample_graph, shapes, engine=engine)
    assert report.conforms, report.text
    assert report.problems == ()
    assert report.text.startswith("conforms: yes")


def test_sample_has_the_document_text(sample_graph: Graph, sample_doc) -> None:
    """The quote check needs pkg:fullText on the built document (cited-only documents have none)."""
    built = [d for d in sample_graph.subjects(RDF.type, PKG.PolicyDocument)
             if (d, DCTERMS.source, None) in sample_graph]
    assert len(built) == 1
    doc = built[0]
    assert str(sample_graph.value(doc, PKG.fullText)) == sample_doc.text
    assert len(set(sample_graph.subjects(RDF.type, PKG.TextSpan))) > 50


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("what, breaker, names", FIXTURES, ids=[f[0] for f in FIXTURES])
def test_each_violation_is_reported_by_shape_name(sample_graph: Graph, shapes: Graph, what: str,
                                                  breaker: Callable[[Graph], str], names: set[str],
                                                  engine: str) -> None:
    g = _copy(sample_graph)
    mention = breaker(g)
    report: ValidationReport = validate_graph(g, shapes, engine=engine)
    assert not report.conforms, what
    assert report.shapes() == names, report.text
    for name in names:
        assert name in report.text
    # the node (by label) or the offending detail is named in the readable report
    assert mention in report.text, report.text
    assert all(p.message for p in report.problems)


def test_every_named_shape_has_a_violating_fixture(shapes: Graph) -> None:
    named = {
        str(s).removeprefix(str(SHAPES))
        for kind in (SH.NodeShape, SH.PropertyShape)
        for s in shapes.subjects(RDF.type, kind)
        if isinstance(s, URIRef)
    }
    covered = set().union(*(names for _, _, names in FIXTURES))
    assert named == covered


def test_every_shape_is_documented(shapes: Graph) -> None:
    for kind in (SH.NodeShape, SH.PropertyShape):
        for s in shapes.subjects(RDF.type, kind):
            if isinstance(s, URIRef):
                langs = {o.language for o in shapes.objects(s, RDFS.label)}
                assert {"zh", "en"} <= langs, s


def test_build_validates_by_default(sample_path: Path, tmp_path: Path) -> None:
    from kg.graph.corpus import build_corpus

    result = build_corpus([sample_path], tmp_path, jobs=1)
    assert result.conforms is True
    assert "valid      yes" in result.summary()


def test_cli_validate(cli, sample_kg_dir: Path, sample_graph: Graph, tmp_path: Path) -> None:
    ok = cli("validate", "--data", str(sample_kg_dir / "kg.ttl"))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "conforms: yes" in ok.stdout

    g = _copy(sample_graph)
    label = _no_lead(g)
    bad = tmp_path / "kg.ttl"
    g.serialize(bad, format="turtle")
    proc = cli("validate", "--data", str(bad))
    assert proc.returncode == 4, proc.stdout + proc.stderr
    assert "conforms: NO" in proc.stdout
    assert "KeyTaskShape/KeyTaskLeadAgencyShape" in proc.stdout and label in proc.stdout

    missing = cli("validate", cwd=tmp_path)  # no out/kg.ttl there
    assert missing.returncode != 0 and "no such KG file" in missing.stderr


# The corpus build decides each document's verdict on its N-Triples text (conforms_ntriples) and only
# builds the readable report for a failing one; the verdict must be validate_graph's.
def _ntriples(g: Graph) -> str:
    from kg.graph.ntriples import to_lines

    return "".join(to_lines(g))


@pytest.mark.skipif("turbo" not in ENGINES, reason="the text fast path is pyshacl-turbo's")
def test_fast_verdict_is_available_on_the_installed_engine(sample_graph: Graph, shapes: Graph) -> None:
    # None would mean a pyshacl-turbo release moved its text input: builds stay right but slow.
    assert conforms_ntriples(_ntriples(sample_graph), shapes) is True


@pytest.mark.skipif("turbo" not in ENGINES, reason="the text fast path is pyshacl-turbo's")
def test_native_verdict_is_the_methods(sample_graph: Graph, shapes: Graph) -> None:
    """The build's verdict skips the report graph (`_native_verdict`, a private call): it must be there
    (None: builds stay right, 1–2 ms a plan slower) and give `CompiledShapes.validate`'s verdict."""
    import pyshacl_turbo

    from kg.reasoning.validate import _native_verdict, _text_input

    compiled = pyshacl_turbo.CompiledShapes(shapes)
    broken = _copy(sample_graph)
    FIXTURES[0][1](broken)
    for g in (sample_graph, broken):
        data = _text_input(_ntriples(g))
        verdict = _native_verdict(compiled, data)
        assert verdict is not None
        assert verdict == compiled.validate(data, allow_warnings=True)[0] == (g is sample_graph)


@pytest.mark.skipif("turbo" not in ENGINES, reason="the text fast path is pyshacl-turbo's")
@pytest.mark.parametrize("what, breaker, names", FIXTURES, ids=[f[0] for f in FIXTURES])
def test_fast_verdict_agrees_on_every_violating_fixture(sample_graph: Graph, shapes: Graph, what: str,
                                                         breaker: Callable[[Graph], str], names: set[str]) -> None:
    g = _copy(sample_graph)
    breaker(g)
    assert conforms_ntriples(_ntriples(g), shapes) is False, what
    assert validate_graph(g, shapes).conforms is False


def test_fast_verdict_steps_aside_for_pyshacl(sample_graph: Graph, shapes: Graph, monkeypatch) -> None:
    monkeypatch.setenv("POLICYKG_SHACL", "pyshacl")
    assert conforms_ntriples(_ntriples(sample_graph), shapes) is None


def test_build_reports_the_problems_of_a_failing_document(tmp_path: Path, sample_path: Path,
                                                         monkeypatch) -> None:
    """A document that fails the fast verdict still gets the readable problems in the build result."""
    import kg.graph.build
    from kg.graph.corpus import build_corpus

    real = kg.graph.build.add_document

    class WithoutLeads:  # what a regression in the builder could do: lose every lead agency
        def __init__(self, sink):
            self.sink, self.terms, self.spans = sink, getattr(sink, "terms", None), getattr(sink, "spans", None)

        def add(self, triple):
            if triple[1] != PKG.leadAgency:
                self.sink.add(triple)

    monkeypatch.setattr(kg.graph.build, "add_document", lambda g, doc, *a: real(WithoutLeads(g), doc, *a))
    result = build_corpus([sample_path], tmp_path / "out", jobs=1, validate=True, copy_ontology=False)
    assert result.conforms is False
    assert any("KeyTaskLeadAgencyShape" in p for p in result.problems), result.problems


@pytest.mark.skipif("turbo" not in ENGINES, reason="the text fast path is pyshacl-turbo's")
def test_fast_verdict_steps_aside_when_the_private_record_moves(sample_graph: Graph, shapes: Graph,
                                                               sample_path: Path, tmp_path: Path,
                                                               monkeypatch) -> None:
    import kg.reasoning.validate
    from kg.graph.corpus import build_corpus

    def moved(text: str) -> object:  # what a release with other fields in the record would do
        raise TypeError("Input.__init__() takes 2 positional arguments but 5 were given")

    monkeypatch.setattr(kg.reasoning.validate, "_text_input", moved)
    assert conforms_ntriples(_ntriples(sample_graph), shapes) is None
    # The build falls back to validate_graph and still gives a verdict.
    result = build_corpus([sample_path], tmp_path / "out", jobs=1, validate=True, copy_ontology=False)
    assert result.conforms is True and result.failures == []


@pytest.mark.skipif("turbo" not in ENGINES, reason="the text fast path is pyshacl-turbo's")
def test_document_verdict_checks_the_spans_on_the_records(sample_doc, shapes: Graph) -> None:
    """The build's verdict (conforms_document) checks the spans add_span wrote on their records and
    gives the engine the rest; it must still be validate_graph's verdict."""
    from kg.graph.build import add_document
    from kg.graph.ntriples import NTriplesSink
    from kg.graph.spans import add_span
    from kg.reasoning.validate import conforms_document
    from loaders.records import Span

    def verdicts(extra: Callable) -> tuple:
        sink, g = NTriplesSink(), Graph()
        d, g_doc = add_document(sink, sample_doc), add_document(g, sample_doc)
        extra(sink, d)
        extra(g, g_doc)
        return (conforms_document(sink.lines, {d: sample_doc.text}, sink.spans, shapes),
                validate_graph(g, shapes).conforms)

    assert verdicts(lambda g, d: None) == (True, True)
    # A span that ends before it starts (its quote, the empty text between, matches the text).
    assert verdicts(lambda g, d: add_span(g, sample_doc.meta.id, d, Span(5, 3, ""))) == (False, False)

    def second_quote(g, d):  # a span triple not written from a record: the engine's TextSpanShape sees it
        s = add_span(g, sample_doc.meta.id, d, Span(0, 2, sample_doc.text[:2]))
        g.add((s, PKG.quote, Literal("别的")))

    assert verdicts(second_quote) == (False, False)
