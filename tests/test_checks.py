"""QC checks (queries/checks/*-violation.rq): zero rows on the sample, rows on a sample broken on purpose."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDFS

from kg.graph.namespaces import PKG, PKGFN, PKGGAZ
from kg.sparql.library import list_queries
from kg.sparql.run import run_query
from kg.sparql.store import open_kg

PKGID = "https://w3id.org/policykg/id/"
TASK_1 = URIRef(PKGID + "doc/changshou-ip-plan/task/3.1")
TARGET_2 = URIRef(PKGID + "doc/changshou-ip-plan/target/2")


@pytest.fixture(scope="module")
def data(sample_kg_dir) -> Graph:
    """The built sample KG (data only) on rdflib's memory store, to copy and break."""
    return Graph().parse(sample_kg_dir / "kg.ttl")


def copy_of(g: Graph) -> Graph:
    out = Graph()
    for t in g:
        out.add(t)
    return out


def agency_labelled(g: Graph, name: str) -> URIRef:
    (agency,) = {s for s in g.subjects(RDFS.label, Literal(name, lang="zh")) if (s, RDF.type, PKG.Agency) in g}
    return agency


# ---------------------------------------------------------------- one way to break each check
def drop_lead(g: Graph) -> None:
    """Task （一） loses its lead: the responsibility and the shortcut."""
    for r in list(g.objects(TASK_1, PKG.hasResponsibility)):
        if (r, PROV.hadRole, PKG.LeadRole) in g:
            g.remove((TASK_1, PKG.hasResponsibility, r))
    g.remove((TASK_1, PKG.leadAgency, None))


def english_label_only(g: Graph) -> None:
    """区法院 keeps only an English label."""
    court = agency_labelled(g, "区法院")
    g.remove((court, RDFS.label, None))
    g.add((court, RDFS.label, Literal("District court", lang="en")))


def misspelt_terms(g: Graph) -> None:
    """A misspelt property and class (the DefinedNamespace would refuse them, raw IRIs do not)."""
    g.add((TASK_1, URIRef(str(PKG.leadAgency) + "y"), agency_labelled(g, "区法院")))
    g.add((TASK_1, RDF.type, URIRef(str(PKG._NS) + "KeyTsk")))


def two_agents(g: Graph) -> None:
    """A responsibility of （一） gets a second agent; another loses its role."""
    first, second = sorted(g.objects(TASK_1, PKG.hasResponsibility))[:2]
    g.add((first, PROV.agent, agency_labelled(g, "区法院")))
    g.remove((second, PROV.hadRole, None))


def no_unit(g: Graph) -> None:
    """Target 2 loses its unit."""
    g.remove((TARGET_2, PKG.unit, None))


def court_without_function(g: Graph) -> None:
    """区法院 loses its function, as an agency whose name the gazetteer does not know."""
    g.remove((agency_labelled(g, "区法院"), PKG.hasFunction, None))


def entry_with_two_functions(g: Graph) -> None:
    """The gazetteer entry 人民法院 gets a second function."""
    g.add((PKGGAZ["peoples-court"], PKG.hasFunction, PKGFN.finance))


def shared_across_places(g: Graph) -> None:
    """区法院 (长寿区's) is also given a task in a document of another district (江北区)."""
    court = agency_labelled(g, "区法院")
    other, span = URIRef(PKGID + "doc/other"), URIRef(PKGID + "doc/other/span/0-3")
    resp = URIRef(PKGID + "doc/other/task/1/resp/1")
    g.add((other, PKG.inJurisdiction, URIRef(PKGID + "division/500105")))
    g.add((resp, RDF.type, PKG.Responsibility))
    g.add((resp, PROV.agent, court))
    g.add((resp, PROV.hadRole, PKG.LeadRole))
    g.add((resp, PROV.wasDerivedFrom, span))
    g.add((span, PKG.inDocument, other))


def fragment_as_written(g: Graph) -> None:
    """A responsibility of task （一） names 州, a fragment of 各市、州、县人民政府, as written."""
    first = sorted(g.objects(TASK_1, PKG.hasResponsibility))[0]
    g.remove((first, PKG.asWritten, None))
    g.add((first, PKG.asWritten, Literal("州", lang="zh")))


BREAKERS: dict[str, tuple[Callable[[Graph], None], set[str]]] = {
    # check name: (how to break the sample, the subjects the check must report)
    "key-task-without-lead-violation": (drop_lead, {str(TASK_1)}),
    "agency-without-chinese-label-violation": (english_label_only, {"agency"}),
    "undeclared-term-violation": (misspelt_terms, {str(PKG.leadAgency) + "y", str(PKG._NS) + "KeyTsk"}),
    "responsibility-cardinality-violation": (two_agents, {"two"}),
    "target-without-value-or-unit-violation": (no_unit, {str(TARGET_2)}),
    "agency-without-function-violation": (court_without_function, {"agency"}),
    "agency-name-function-violation": (entry_with_two_functions, {str(PKGGAZ["peoples-court"])}),
    "agency-across-jurisdictions-violation": (shared_across_places, {"agency"}),
    "fragment-agency-violation": (fragment_as_written, {"agency"}),
}


def test_every_check_has_a_broken_fixture():
    checks = list_queries(checks=True)
    assert {q.name for q in checks} == set(BREAKERS)
    for q in checks:
        assert q.name.endswith("-violation")
        assert " / " in q.title and q.description and "PREFIX" in q.text


@pytest.mark.parametrize("name", sorted(BREAKERS))
def test_check_passes_on_the_sample(sample_kg_dir, name):
    kg = open_kg(sample_kg_dir / "kg.ttl")
    assert run_query(name, graph=kg).rows == []


@pytest.mark.parametrize("name", sorted(BREAKERS))
def test_check_catches_its_breakage_and_only_its_own(data, name):
    breaker, _ = BREAKERS[name]
    broken = copy_of(data)
    breaker(broken)
    kg = open_kg(broken)
    for other in BREAKERS:
        found = run_query(other, graph=kg).plain_rows()
        if other == name:
            assert found, f"{name} found nothing after {breaker.__name__}"
        else:
            assert found == [], f"{other} fired on {breaker.__name__}: {found}"


def test_what_the_checks_report(data):
    def found(name: str) -> list[dict]:
        broken = copy_of(data)
        BREAKERS[name][0](broken)
        return run_query(name, graph=open_kg(broken)).plain_rows()

    lead = found("key-task-without-lead-violation")
    assert {(r["id"], r["problem"]) for r in lead} == {
        ("（一）", "no responsibility with the lead role"), ("（一）", "no pkg:leadAgency")}
    label = found("agency-without-chinese-label-violation")
    assert [r["problem"] for r in label] == ["no rdfs:label @zh"]
    assert label[0]["agency"] == str(agency_labelled(data, "区法院"))
    terms = found("undeclared-term-violation")
    assert {r["term"] for r in terms} == BREAKERS["undeclared-term-violation"][1]
    assert {(r["term"].rsplit("#")[1], r["usage"]) for r in terms} >= {("leadAgencyy", "property"),
                                                                        ("KeyTsk", "class")}
    cardinality = {(r["agents"], r["roles"]) for r in found("responsibility-cardinality-violation")}
    assert cardinality == {(2, 1), (1, 0)}
    (shared,) = found("agency-across-jurisdictions-violation")
    assert shared["agency"] == str(agency_labelled(data, "区法院"))
    assert (shared["name"], shared["jurisdictions"], shared["documents"]) == ("区法院", 2, 2)
    assert [r["name"] for r in found("fragment-agency-violation")] == ["州"]
    target = found("target-without-value-or-unit-violation")
    assert [(r["target"], r["problem"]) for r in target] == [(str(TARGET_2), "no pkg:unit")]
    function = found("agency-without-function-violation")
    assert [(r["agency"], r["name"], r["functions"]) for r in function] == [
        (str(agency_labelled(data, "区法院")), "长寿区人民法院", 0)]
    entry = found("agency-name-function-violation")
    assert [(r["entry"], r["name"], r["functions"]) for r in entry] == [
        (str(PKGGAZ["peoples-court"]), "人民法院", 2)]


def test_undeclared_check_needs_the_ontology(data):
    """Without the ontology every term is undeclared: the check reads the declarations, not a list."""
    kg = open_kg(copy_of(data), ontology=False)
    terms = {r["term"] for r in run_query("undeclared-term-violation", graph=kg).plain_rows()}
    assert str(PKG.leadAgency) in terms and str(PKG.KeyTask) in terms
