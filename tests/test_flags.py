"""Extraction warnings in the KG (kg/graph/flags.py): their triples, shape, determinism, and the library query
``flagged-tasks`` that the views read (tests/marked_kg.py makes the warnings, so their place is known)."""

from __future__ import annotations

import dataclasses

import pytest
from rdflib import Graph, Literal, URIRef

from kg.graph.build import bind_prefixes, build_graph
from kg.graph.flags import flagged_paths
from kg.graph.namespaces import PKG
from kg.reasoning.validate import validate_graph
from kg.sparql.library import list_queries
from kg.sparql.run import run_query
from kg.sparql.store import open_kg
from tests.marked_kg import CHECK_MESSAGE, CORRECTED, FLAGGED, marked_document, marked_triples

DOC = "https://w3id.org/policykg/id/doc/changshou-ip-plan"


@pytest.fixture(scope="module")
def marked() -> Graph:
    g = bind_prefixes(Graph())
    for t in marked_triples():
        g.add(t)
    return g


def test_every_warning_is_in_the_graph_with_its_tasks(marked):
    warnings = sorted(marked.objects(URIRef(DOC), PKG.hasWarning))
    assert [str(w) for w in warnings] == [f"{DOC}/warning/{n}" for n in (1, 2, 3)]
    levels = {str(w).rsplit("/", 1)[-1]: str(marked.value(w, PKG.warningLevel)) for w in warnings}
    assert levels == {"1": "check", "2": "check", "3": "note"}
    assert marked.value(warnings[0], PKG.warningMessage) == Literal(CHECK_MESSAGE)
    tasks = {str(t).rsplit("/", 1)[-1] for t in marked.objects(None, PKG.concernsTask)}
    assert tasks == set(FLAGGED)  # 3.3 by its path, 3.4 by its number as written; the note concerns none


def test_a_task_id_the_document_does_not_have_is_left_out():
    doc = marked_document()
    w = dataclasses.replace(doc.warnings[0], tasks=("9.9", "（一）"))  # no such path; （一） is unique
    g = build_graph([dataclasses.replace(doc, warnings=(w,))])
    assert {str(t).rsplit("/", 1)[-1] for t in g.objects(None, PKG.concernsTask)} == {"3.1"}
    assert flagged_paths(dataclasses.replace(doc, warnings=(w,))) == {"3.1"}


def test_marked_graph_conforms_and_a_bad_level_does_not(marked):
    assert validate_graph(marked).conforms
    broken = Graph()
    for t in marked:
        broken.add(t)
    w = URIRef(f"{DOC}/warning/1")
    broken.remove((w, PKG.warningLevel, None))
    broken.add((w, PKG.warningLevel, Literal("maybe")))
    report = validate_graph(broken)
    assert not report.conforms
    assert any("level" in p.message for p in report.problems), report.problems


def test_same_turtle_twice():
    doc = marked_document()
    first = build_graph([doc]).serialize(format="turtle")
    assert build_graph([doc]).serialize(format="turtle") == first
    assert "pkg:warningLevel" in first


def test_quality_checks_stay_quiet_on_the_marked_sample(marked):
    kg = open_kg(marked)
    for q in list_queries(checks=True):
        assert run_query(q.name, graph=kg).rows == [], q.name


def test_flagged_tasks_lists_checked_and_corrected_tasks(marked):
    kg = open_kg(marked)
    rows = run_query("flagged-tasks", graph=kg).plain_rows()
    got = {r["task"].rsplit("/", 1)[-1]: (r["checks"], r["corrections"]) for r in rows}
    assert got == {"3.3": (1, 0), "3.4": (1, 0), CORRECTED: (0, 2)}  # lead and cooperating of 3.11
    assert [r["number"] for r in rows] == ["（三）", "（四）", "（十一）"]  # document order


def test_flagged_tasks_of_one_document(marked):
    kg = open_kg(marked)
    rows = run_query("flagged-tasks", {"document": "changshou-ip-plan"}, graph=kg).plain_rows()
    assert len(rows) == 3
