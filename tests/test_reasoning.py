"""Reasoning over the sample KG: HermiT (dl) and the OWL 2 RL rules (rl) agree, inconsistencies are named.

These tests run HermiT for real (Java is installed by scripts/setup.sh; nothing here is skipped
when it is missing: a machine without Java fails, as it should).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL

from kg.errors import ExitCode
from kg.graph.namespaces import PKG
from kg.reasoning.reason import (
    DL_MAX_INDIVIDUALS,
    ReasoningResult,
    choose_profile,
    count_individuals,
    load_tbox,
    reason,
)
from kg.resources import queries_dir

# (not rdflib's XSD namespace: pytest looks up attributes of module globals, and XSD warns on those)
GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")


def _labels(graph: Graph, data: Graph, cls: URIRef) -> set[str]:
    return {str(data.value(s, RDFS.label)) for s in graph.subjects(RDF.type, cls)}


def _agency(data: Graph, label: str) -> URIRef:
    found = [s for s in data.subjects(RDFS.label, Literal(label, lang="zh"))
             if (s, RDF.type, PKG.Agency) in data]
    assert len(found) == 1, (label, found)
    return found[0]


def _copy(g: Graph) -> Graph:
    out = Graph()
    for triple in g:
        out.add(triple)
    return out


@pytest.fixture(scope="module")
def tbox() -> Graph:
    return load_tbox()


@pytest.fixture(scope="module")
def dl(sample_graph: Graph, tbox: Graph) -> ReasoningResult:
    return reason(sample_graph, "dl", tbox=tbox)


@pytest.fixture(scope="module")
def rl(sample_graph: Graph, tbox: Graph) -> ReasoningResult:
    return reason(sample_graph, "rl", tbox=tbox)


@pytest.fixture(scope="module")
def gold_leads(gold: dict) -> set[str]:
    return {name for task in gold["tasks"] for name in task["lead"]}


@pytest.fixture(scope="module")
def gold_judicial(gold: dict) -> set[str]:
    names = {n for item in gold["tasks"] + gold["safeguards"]
             for n in item.get("lead", []) + item.get("cooperating", [])}
    return {n for n in names if n.endswith(("法院", "检察院"))}


# --------------------------------------------------------------------------- HermiT on the sample


def test_sample_uses_gyear_literals(sample_graph: Graph) -> None:
    """The sample has xsd:gYear literals, so the dl run below exercises the unsupported-datatype path."""
    assert any(isinstance(o, Literal) and o.datatype == GYEAR for o in sample_graph.objects())


def test_hermit_finds_the_sample_consistent(dl: ReasoningResult) -> None:
    assert dl.profile == "dl"
    assert dl.consistent, dl.problems
    assert dl.unsatisfiable == ()
    assert dl.problems == ()


def test_hermit_infers_the_lead_agencies(dl: ReasoningResult, sample_graph: Graph,
                                          gold_leads: set[str]) -> None:
    assert gold_leads == {"区市场监管局", "区法院", "区人社局"}
    assert _labels(dl.inferred, sample_graph, PKG.LeadAgency) == gold_leads
    # every lead agency here leads a task with cooperating agencies: a coordinating agency too
    assert _labels(dl.inferred, sample_graph, PKG.CoordinatingAgency) == gold_leads


def test_hermit_infers_the_judicial_bodies(dl: ReasoningResult, sample_graph: Graph,
                                           gold_judicial: set[str]) -> None:
    assert gold_judicial == {"区法院", "区检察院"}
    assert _labels(dl.inferred, sample_graph, PKG.JudicialBody) == gold_judicial


def test_hermit_infers_cooperating_agencies(dl: ReasoningResult, sample_graph: Graph, gold: dict) -> None:
    cooperating = {n for task in gold["tasks"] for n in task["cooperating"]}
    assert _labels(dl.inferred, sample_graph, PKG.CooperatingAgency) == cooperating


def test_inverse_and_chain_are_inferred(dl: ReasoningResult, sample_graph: Graph) -> None:
    # inverse: every asserted leadAgency has its pkg:leads
    for task, agency in sample_graph.subject_objects(PKG.leadAgency):
        assert (agency, PKG.leads, task) in dl.inferred
    # chain: worksOnIPType = responsibleFor ∘ concernsIPType, computed by hand from the asserted data
    expected = set()
    for prop in (PKG.leadAgency, PKG.cooperatingAgency):
        for item, agency in sample_graph.subject_objects(prop):
            for ip in sample_graph.objects(item, PKG.concernsIPType):
                expected.add((agency, ip))
    assert expected, "the sample has tasks that concern IP types"
    assert set(dl.inferred.subject_objects(PKG.worksOnIPType)) == expected
    market = _agency(sample_graph, "区市场监管局")
    patent = URIRef("https://w3id.org/policykg/vocab/ip-type/patent")
    assert (market, PKG.worksOnIPType, patent) in dl.inferred


def test_inferred_triples_are_apart_from_asserted(dl: ReasoningResult, sample_graph: Graph,
                                                  tbox: Graph) -> None:
    assert len(dl.inferred) > 0
    assert not [t for t in dl.inferred if t in sample_graph or t in tbox]


# --------------------------------------------------------------------------- the rl fast path


def test_rl_and_dl_infer_the_same(dl: ReasoningResult, rl: ReasoningResult, sample_graph: Graph,
                                  gold_leads: set[str], gold_judicial: set[str]) -> None:
    assert rl.profile == "rl" and rl.consistent
    for result in (dl, rl):
        assert _labels(result.inferred, sample_graph, PKG.LeadAgency) == gold_leads
        assert _labels(result.inferred, sample_graph, PKG.JudicialBody) == gold_judicial
    # and on the whole reported scope, not only those two classes
    assert set(rl.inferred) == set(dl.inferred)


def test_rl_chains_have_two_links(tbox: Graph) -> None:
    """queries/rules/prp-spo2.rq handles chains of two properties; the ontology must not use longer ones."""
    chains = list(tbox.objects(None, OWL.propertyChainAxiom))
    assert chains
    for chain in chains:
        assert len(list(Collection(tbox, chain))) == 2


def test_rule_files_have_headers() -> None:
    from kg.sparql.library import load_query

    files = sorted((Path(queries_dir()) / "rules").glob("*.rq"))
    assert len(files) >= 12
    for path in files:
        q = load_query(path)
        assert q.title and q.description, path.name
        if path.stem.startswith(("clash-", "unsatisfiable")):
            assert "# message:" in q.text, path.name


# --------------------------------------------------------------------------- choosing a profile


def test_auto_profile_picks_by_size(sample_graph: Graph) -> None:
    profile, why = choose_profile(sample_graph, "auto")
    assert profile == "dl"
    assert str(count_individuals(sample_graph)) in why and str(DL_MAX_INDIVIDUALS) in why
    big = Graph()
    for n in range(DL_MAX_INDIVIDUALS + 1):
        big.add((URIRef(f"urn:x:{n}"), RDF.type, PKG.Agency))
    profile, why = choose_profile(big, "auto")
    assert profile == "rl" and "individuals" in why
    assert choose_profile(big, "dl")[0] == "dl"
    with pytest.raises(ValueError):
        choose_profile(big, "el")


# --------------------------------------------------------------------------- inconsistency, unsatisfiability


@pytest.fixture(scope="module")
def court_and_department(sample_graph: Graph) -> Graph:
    """The sample with 区法院 also a government department (Court and GovernmentDepartment are disjoint)."""
    g = _copy(sample_graph)
    g.add((_agency(sample_graph, "区法院"), RDF.type, PKG.GovernmentDepartment))
    return g


@pytest.mark.parametrize("profile", ["dl", "rl"])
def test_individual_in_two_disjoint_classes_is_named(court_and_department: Graph, tbox: Graph,
                                                     profile: str) -> None:
    result = reason(court_and_department, profile, tbox=tbox)
    assert result.profile == profile
    assert not result.consistent
    assert len(result.inferred) == 0
    message = "\n".join(result.problems)
    assert "区法院" in message
    assert "pkg:Court" in message and "pkg:GovernmentDepartment" in message
    assert "disjoint" in message
    assert "区法院" in result.summary() and "consistent    NO" in result.summary()


def test_two_roles_on_one_responsibility_are_named(sample_graph: Graph, tbox: Graph) -> None:
    g = _copy(sample_graph)
    from rdflib.namespace import PROV

    resp = sorted(s for s in g.subjects(PROV.hadRole, PKG.LeadRole))[0]
    g.add((resp, PROV.hadRole, PKG.CooperatingRole))
    result = reason(g, "dl", tbox=tbox)
    assert not result.consistent
    assert any("prov:hadRole" in p and "pkg:CooperatingRole" in p and "pkg:LeadRole" in p
               for p in result.problems)


def test_unsatisfiable_class_is_named(sample_graph: Graph, tbox: Graph) -> None:
    broken = _copy(tbox)
    bad = URIRef(str(PKG._NS) + "CourtPartyOrgan")
    broken.add((bad, RDF.type, OWL.Class))
    broken.add((bad, RDFS.label, Literal("法院党委", lang="zh")))
    broken.add((bad, RDFS.subClassOf, PKG.Court))
    broken.add((bad, RDFS.subClassOf, PKG.PartyOrgan))
    for profile in ("dl", "rl"):
        result = reason(sample_graph, profile, tbox=broken)
        assert result.consistent, profile  # an empty class is no contradiction
        assert result.unsatisfiable == ("pkg:CourtPartyOrgan (法院党委)",), profile


# --------------------------------------------------------------------------- the command


def test_cli_reason_writes_only_inferred_triples(cli, sample_kg_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "inferred.ttl"
    proc = cli("reason", "--data", str(sample_kg_dir / "kg.ttl"), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "consistent    yes" in proc.stdout
    assert "profile       dl (auto:" in proc.stdout
    assert "unsatisfiable 0 classes" in proc.stdout
    inferred = Graph().parse(out, format="turtle")
    assert f"inferred      {len(inferred)} triples" in proc.stdout
    asserted = Graph().parse(sample_kg_dir / "kg.ttl", format="turtle")
    assert len(inferred) > 0 and not [t for t in inferred if t in asserted]
    assert {str(asserted.value(s, RDFS.label)) for s in inferred.subjects(RDF.type, PKG.JudicialBody)} == {
        "区法院", "区检察院"}
    assert not list(tmp_path.glob(".*.tmp")), "temporary file left behind"


def test_cli_reason_rl_profile(cli, sample_kg_dir: Path) -> None:
    proc = cli("reason", "--data", str(sample_kg_dir / "kg.ttl"), "--profile", "rl")
    assert proc.returncode == 0, proc.stderr
    assert "profile       rl (asked for --profile rl)" in proc.stdout


def test_cli_reason_inconsistent_exits_non_zero(cli, court_and_department: Graph, tmp_path: Path) -> None:
    data = tmp_path / "kg.ttl"
    court_and_department.serialize(data, format="turtle")
    out = tmp_path / "inferred.ttl"
    proc = cli("reason", "--data", str(data), "-o", str(out))
    assert proc.returncode == ExitCode.INCONSISTENT, proc.stdout + proc.stderr
    assert "consistent    NO" in proc.stdout
    assert "区法院" in proc.stdout and "disjoint" in proc.stdout
    assert not out.exists()


def test_cli_reason_missing_data(cli, tmp_path: Path) -> None:
    proc = cli("reason", cwd=tmp_path)
    assert proc.returncode != 0
    assert proc.stderr.strip().count("\n") == 0
    assert "out/kg.ttl" in proc.stderr and "Traceback" not in proc.stderr
