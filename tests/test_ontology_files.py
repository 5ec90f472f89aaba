"""Checks of the hand-edited ontology and vocabulary files in ontology/.

Static checks use rdflib only; the reasoning checks load the files into owlready2 and run
HermiT (skipped when no ``java`` is on the PATH).
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from importlib.metadata import version
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "policykg.ttl"
VOCAB_DIR = ONTOLOGY_DIR / "vocab"
GOLD = ROOT / "tests" / "data" / "changshou-ip-plan.gold.json"

PKG = Namespace("https://w3id.org/policykg/ontology#")
ONTOLOGY_IRI = URIRef("https://w3id.org/policykg/ontology")
VERSION_IRI = URIRef(f"https://w3id.org/policykg/ontology/{version('policykg')}")  # one version: the package's
PROV = Namespace("http://www.w3.org/ns/prov#")
VANN = Namespace("http://purl.org/vocab/vann/")
PKGID = Namespace("https://w3id.org/policykg/id/")

# vocabulary file -> (scheme IRI, concept namespace, pkg class of its concepts)
VOCABS = {
    "ip-types.ttl": (
        URIRef("https://w3id.org/policykg/vocab/ip-type"),
        "https://w3id.org/policykg/vocab/ip-type/",
        PKG.IPType,
    ),
    "industries.ttl": (
        URIRef("https://w3id.org/policykg/vocab/industry"),
        "https://w3id.org/policykg/vocab/industry/",
        PKG.Industry,
    ),
    "agency-names.ttl": (
        URIRef("https://w3id.org/policykg/vocab/agency-name"),
        "https://w3id.org/policykg/vocab/agency-name/",
        PKG.AgencyName,
    ),
    "policy-tools.ttl": (
        URIRef("https://w3id.org/policykg/vocab/policy-tool"),
        "https://w3id.org/policykg/vocab/policy-tool/",
        PKG.PolicyTool,
    ),
}
PKGIP = Namespace(VOCABS["ip-types.ttl"][1])

IP_TOP_LABELS = {"专利", "商标", "版权", "地理标志", "植物新品种", "商业秘密", "集成电路布图设计"}
GENERIC_INDUSTRY_LABELS = {
    "战略性新兴产业",
    "传统产业",
    "未来产业",
    "专利密集型产业",
    "特色产业",
    "优势产业",
    "知识产权",
}
AGENCY_KINDS = {
    PKG.PeoplesGovernment,
    PKG.GovernmentDepartment,
    PKG.PublicSecurityOrgan,
    PKG.PartyOrgan,
    PKG.Court,
    PKG.Procuratorate,
    PKG.DevelopmentZone,
    PKG.Collective,
    PKG.OtherAgency,
}
# (rdflib warns on any attribute look-up of its XSD namespace, which pytest does on module globals)
BUILTIN_NAMESPACES = (str(RDF), str(RDFS), str(OWL), "http://www.w3.org/2001/XMLSchema#")
DECLARATION_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def vocabs() -> dict[str, Graph]:
    return {name: Graph().parse(VOCAB_DIR / name, format="turtle") for name in VOCABS}


@pytest.fixture(scope="module")
def merged(onto: Graph, vocabs: dict[str, Graph]) -> Graph:
    g = Graph()
    for part in (onto, *vocabs.values()):
        for triple in part:
            g.add(triple)
    return g


def _langs(g: Graph, s, p) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for o in g.objects(s, p):
        if isinstance(o, Literal):
            out.setdefault(o.language or "", []).append(str(o))
    return out


def _concepts(g: Graph, ns: str) -> set[URIRef]:
    return {s for s in g.subjects(RDF.type, SKOS.Concept) if isinstance(s, URIRef) and str(s).startswith(ns)}


# --------------------------------------------------------------------------- parsing


@pytest.mark.parametrize("path", [ONTOLOGY_FILE, *(VOCAB_DIR / n for n in VOCABS)], ids=lambda p: p.name)
def test_files_parse(path: Path) -> None:
    g = Graph().parse(path, format="turtle")
    assert len(g) > 50


# --------------------------------------------------------------------------- policykg.ttl


def test_ontology_header(onto: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert (ONTOLOGY_IRI, OWL.versionIRI, VERSION_IRI) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    titles = _langs(onto, ONTOLOGY_IRI, DCTERMS.title)
    assert "zh" in titles and "en" in titles
    assert onto.value(ONTOLOGY_IRI, DCTERMS.description) is not None
    assert (ONTOLOGY_IRI, DCTERMS.license, URIRef("https://www.apache.org/licenses/LICENSE-2.0")) in onto
    assert onto.value(ONTOLOGY_IRI, DCTERMS.created) is not None
    assert onto.value(ONTOLOGY_IRI, DCTERMS.creator) == Literal("policykg contributors")
    assert onto.value(ONTOLOGY_IRI, VANN.preferredNamespacePrefix) == Literal("pkg")
    assert str(onto.value(ONTOLOGY_IRI, VANN.preferredNamespaceUri)) == str(PKG)
    assert not list(onto.objects(ONTOLOGY_IRI, OWL.imports))


def _pkg_terms(onto: Graph) -> set[URIRef]:
    return {s for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(str(PKG))}


def test_every_pkg_term_is_documented(onto: Graph) -> None:
    terms = _pkg_terms(onto)
    assert len(terms) > 60
    problems = []
    for t in sorted(terms):
        labels = _langs(onto, t, RDFS.label)
        comments = _langs(onto, t, RDFS.comment)
        if len(labels.get("zh", [])) != 1 or len(labels.get("en", [])) != 1:
            problems.append(f"{t}: needs exactly one rdfs:label @zh and @en, has {labels}")
        if "en" not in comments:
            problems.append(f"{t}: no rdfs:comment @en")
        if (t, RDFS.isDefinedBy, ONTOLOGY_IRI) not in onto:
            problems.append(f"{t}: no rdfs:isDefinedBy <{ONTOLOGY_IRI}>")
        if not set(onto.objects(t, RDF.type)) & (DECLARATION_TYPES | {OWL.NamedIndividual}):
            problems.append(f"{t}: no OWL type declaration")
    assert not problems, "\n".join(problems)


def test_design_terms_present(onto: Graph) -> None:
    classes = """PolicyDocument Section Provision KeyTask Safeguard Goal Target Indicator TargetNature Agency
        PeoplesGovernment GovernmentDepartment PublicSecurityOrgan PartyOrgan Court Procuratorate
        DevelopmentZone Collective OtherAgency JudicialBody LeadAgency CooperatingAgency CoordinatingAgency
        Responsibility ResponsibilityRole TextSpan IPType Industry AgencyName""".split()
    object_props = """hasResponsibility responsibleAgency leadAgency cooperatingAgency responsibleFor leads
        cooperatesOn concernsIPType concernsIndustry worksOnIPType worksInIndustry hasTarget hasGoal indicator
        nature inDocument""".split()
    data_props = """number level asWritten targetValue unit targetYear noYear goalYear startOffset endOffset
        quote documentNumber sha256 jurisdiction""".split()
    annotation_props = ["needsContext", "agencyKind"]
    for names, kind in (
        (classes, OWL.Class),
        (object_props, OWL.ObjectProperty),
        (data_props, OWL.DatatypeProperty),
        (annotation_props, OWL.AnnotationProperty),
    ):
        for n in names:
            assert (PKG[n], RDF.type, kind) in onto, f"pkg:{n} is not an {kind}"
    for ind, cls in (
        (PKG.LeadRole, PKG.ResponsibilityRole),
        (PKG.CooperatingRole, PKG.ResponsibilityRole),
        (PKG.Anticipatory, PKG.TargetNature),
        (PKG.Binding, PKG.TargetNature),
    ):
        assert (ind, RDF.type, OWL.NamedIndividual) in onto
        assert (ind, RDF.type, cls) in onto
    assert (PKG.LeadRole, RDFS.label, Literal("牵头", lang="zh")) in onto
    assert (PKG.CooperatingRole, RDFS.label, Literal("配合", lang="zh")) in onto
    assert (PKG.Anticipatory, RDFS.label, Literal("预期性", lang="zh")) in onto
    assert (PKG.Binding, RDFS.label, Literal("约束性", lang="zh")) in onto


def test_ontology_axioms(onto: Graph) -> None:
    # inverses
    for p, inv in (
        (PKG.responsibleFor, PKG.responsibleAgency),
        (PKG.leads, PKG.leadAgency),
        (PKG.cooperatesOn, PKG.cooperatingAgency),
    ):
        assert (p, OWL.inverseOf, inv) in onto
    # chains
    for p, second in ((PKG.worksOnIPType, PKG.concernsIPType), (PKG.worksInIndustry, PKG.concernsIndustry)):
        chain = onto.value(p, OWL.propertyChainAxiom)
        assert chain is not None
        assert list(Collection(onto, chain)) == [PKG.responsibleFor, second]
    # sub-properties
    assert (PKG.leadAgency, RDFS.subPropertyOf, PKG.responsibleAgency) in onto
    assert (PKG.cooperatingAgency, RDFS.subPropertyOf, PKG.responsibleAgency) in onto
    assert (PKG.responsibleAgency, RDFS.subPropertyOf, PROV.wasAttributedTo) in onto
    assert (PKG.hasResponsibility, RDFS.subPropertyOf, PROV.qualifiedAttribution) in onto
    # disjointness
    assert (PKG.KeyTask, OWL.disjointWith, PKG.Safeguard) in onto
    disjoint_sets = [
        set(Collection(onto, onto.value(n, OWL.members)))
        for n in onto.subjects(RDF.type, OWL.AllDisjointClasses)
    ]
    assert {
        PKG.PeoplesGovernment,
        PKG.GovernmentDepartment,
        PKG.PartyOrgan,
        PKG.Court,
        PKG.Procuratorate,
        PKG.DevelopmentZone,
        PKG.Collective,
    } in disjoint_sets
    assert (PKG.PublicSecurityOrgan, RDFS.subClassOf, PKG.GovernmentDepartment) in onto
    # defined classes
    for c in (PKG.JudicialBody, PKG.LeadAgency, PKG.CooperatingAgency, PKG.CoordinatingAgency):
        assert onto.value(c, OWL.equivalentClass) is not None, c


def test_ontology_is_dl_safe(onto: Graph, merged: Graph) -> None:
    """Cheap OWL 2 DL sanity checks; the OWL API profile check below is the thorough one."""
    obj = set(merged.subjects(RDF.type, OWL.ObjectProperty))
    dat = set(merged.subjects(RDF.type, OWL.DatatypeProperty))
    ann = set(merged.subjects(RDF.type, OWL.AnnotationProperty))
    assert not obj & dat, obj & dat
    assert not obj & ann, obj & ann
    assert not dat & ann, dat & ann
    # properties in chains (and the chain properties themselves) are not functional
    functional = set(onto.subjects(RDF.type, OWL.FunctionalProperty))
    functional |= set(onto.subjects(RDF.type, OWL.InverseFunctionalProperty))
    in_chains = set()
    for p, chain in onto.subject_objects(OWL.propertyChainAxiom):
        in_chains.add(p)
        in_chains.update(Collection(onto, chain))
    family = {
        PKG.responsibleAgency,
        PKG.leadAgency,
        PKG.cooperatingAgency,
        PKG.responsibleFor,
        PKG.leads,
        PKG.cooperatesOn,
    }
    assert not functional & (in_chains | family)
    # every predicate and every class used is declared (no owl:imports needed)
    declared = obj | dat | ann | set(merged.subjects(RDF.type, OWL.Class))
    undeclared = set()
    for _s, p, o in merged:
        if not str(p).startswith(BUILTIN_NAMESPACES) and p not in declared:
            undeclared.add(p)
        if (
            p == RDF.type
            and isinstance(o, URIRef)
            and not str(o).startswith(BUILTIN_NAMESPACES)
            and o not in declared
        ):
            undeclared.add(o)
    assert not undeclared, sorted(undeclared)
    # every pkg: IRI used anywhere is a term of policykg.ttl
    terms = _pkg_terms(onto)
    used = {n for t in merged for n in t if isinstance(n, URIRef) and str(n).startswith(str(PKG))}
    assert used <= terms, sorted(used - terms)
    # annotation properties are never given object-property axioms
    for p in (PKG.agencyKind, PKG.needsContext):
        assert set(onto.objects(p, RDF.type)) == {OWL.AnnotationProperty}
        assert (p, OWL.inverseOf, None) not in onto and (None, OWL.inverseOf, p) not in onto


# --------------------------------------------------------------------------- vocabularies


@pytest.mark.parametrize("name", list(VOCABS))
def test_vocabulary_concepts(name: str, vocabs: dict[str, Graph]) -> None:
    g = vocabs[name]
    scheme, ns, cls = VOCABS[name]
    assert (scheme, RDF.type, SKOS.ConceptScheme) in g
    labels = _langs(g, scheme, SKOS.prefLabel)
    assert "zh" in labels and "en" in labels
    assert _langs(g, scheme, DCTERMS.title)
    concepts = _concepts(g, ns)
    assert len(concepts) >= 7
    assert set(g.subjects(RDF.type, SKOS.Concept)) == concepts, "concept outside the vocabulary namespace"
    problems = []
    for c in sorted(concepts):
        pref = _langs(g, c, SKOS.prefLabel)
        if len(pref.get("zh", [])) != 1:
            problems.append(f"{c}: needs exactly one skos:prefLabel @zh, has {pref}")
        if len(pref.get("en", [])) != 1:
            problems.append(f"{c}: needs exactly one skos:prefLabel @en, has {pref}")
        if set(_langs(g, c, SKOS.altLabel)) - {"zh"}:
            problems.append(f"{c}: skos:altLabel must be @zh")
        if (c, SKOS.inScheme, scheme) not in g:
            problems.append(f"{c}: not skos:inScheme {scheme}")
        if (c, RDF.type, cls) not in g:
            problems.append(f"{c}: not a {cls}")
        if (c, RDFS.isDefinedBy, scheme) not in g:
            problems.append(f"{c}: no rdfs:isDefinedBy {scheme}")
        for b in g.objects(c, SKOS.broader):
            if b not in concepts:
                problems.append(f"{c}: skos:broader {b} is not a concept of this vocabulary")
        if (c, SKOS.topConceptOf, scheme) in g and (scheme, SKOS.hasTopConcept, c) not in g:
            problems.append(f"{c}: topConceptOf without the scheme's hasTopConcept")
    for c in g.objects(scheme, SKOS.hasTopConcept):
        if (c, SKOS.topConceptOf, scheme) not in g:
            problems.append(f"{c}: hasTopConcept without topConceptOf")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", list(VOCABS))
def test_vocabulary_labels_are_unambiguous(name: str, vocabs: dict[str, Graph]) -> None:
    """A @zh label (pref or alt) names exactly one concept, so the generated lexicon is a function."""
    g = vocabs[name]
    _, ns, _ = VOCABS[name]
    owner: dict[str, URIRef] = {}
    clashes = []
    for c in _concepts(g, ns):
        for p in (SKOS.prefLabel, SKOS.altLabel):
            for label in _langs(g, c, p).get("zh", []):
                if label != label.strip() or not label:
                    clashes.append(f"{c}: bad label {label!r}")
                if label in owner and owner[label] != c:
                    clashes.append(f"{label}: {owner[label]} and {c}")
                owner[label] = c
    assert not clashes, "\n".join(clashes)


def _broader_closure(g: Graph, c: URIRef) -> set[URIRef]:
    seen: set[URIRef] = set()
    todo = [c]
    while todo:
        for b in g.objects(todo.pop(), SKOS.broader):
            if b not in seen:
                seen.add(b)
                todo.append(b)
    return seen


def test_ip_types_hierarchy(vocabs: dict[str, Graph]) -> None:
    g = vocabs["ip-types.ttl"]
    scheme, ns, _ = VOCABS["ip-types.ttl"]
    tops = set(g.objects(scheme, SKOS.hasTopConcept))
    assert {_langs(g, t, SKOS.prefLabel)["zh"][0] for t in tops} == IP_TOP_LABELS
    assert (PKGIP.copyright, SKOS.altLabel, Literal("著作权", lang="zh")) in g
    for c in _concepts(g, ns):
        up = _broader_closure(g, c)
        assert c not in up, f"{c}: skos:broader cycle"
        if c in tops:
            assert not up, f"top concept {c} has a broader concept"
        else:
            assert up & tops, f"{c} does not reach a top concept via skos:broader*"
    labels = {str(o) for o in g.objects(None, SKOS.prefLabel)} | {
        str(o) for o in g.objects(None, SKOS.altLabel)
    }
    assert "知识产权" not in labels


def test_industries(vocabs: dict[str, Graph]) -> None:
    g = vocabs["industries.ttl"]
    _, ns, _ = VOCABS["industries.ttl"]
    by_label = {}
    for c in _concepts(g, ns):
        for p in (SKOS.prefLabel, SKOS.altLabel):
            for label in _langs(g, c, p).get("zh", []):
                by_label[label] = c
    assert not GENERIC_INDUSTRY_LABELS & set(by_label)
    for c in _concepts(g, ns):
        assert c not in _broader_closure(g, c), f"{c}: skos:broader cycle"
    for value in g.objects(None, PKG.needsContext):
        assert value == Literal(True), value
    ambiguous = (
        "信息技术 生物 医药 食品 金融 物流 旅游 汽车 化工 林业 大数据 人工智能 软件 康养 电子商务".split()
    )
    for label in ambiguous:
        c = by_label[label]
        assert (c, PKG.needsContext, Literal(True)) in g, label
    for label in ("新材料", "生物医药", "绿色食品", "智能装备制造", "电子信息", "版权创意产业"):
        assert (by_label[label], PKG.needsContext, None) not in g, label
    assert by_label["绿色食品产业"] == by_label["绿色食品"]


def test_agency_names(onto: Graph, vocabs: dict[str, Graph]) -> None:
    g = vocabs["agency-names.ttl"]
    _, ns, _ = VOCABS["agency-names.ttl"]
    declared_classes = set(onto.subjects(RDF.type, OWL.Class))
    by_label: dict[str, URIRef] = {}
    for c in _concepts(g, ns):
        kinds = list(g.objects(c, PKG.agencyKind))
        assert len(kinds) == 1, f"{c}: needs exactly one pkg:agencyKind, has {kinds}"
        kind = kinds[0]
        assert kind in declared_classes, f"{c}: agencyKind {kind} is not a class of policykg.ttl"
        assert kind in AGENCY_KINDS, f"{c}: agencyKind {kind} is not a kind of pkg:Agency"
        for p in (SKOS.prefLabel, SKOS.altLabel):
            for label in _langs(g, c, p).get("zh", []):
                by_label[label] = c
    expected = {
        "市场监督管理局": PKG.GovernmentDepartment,
        "市场监管局": PKG.GovernmentDepartment,
        "发改委": PKG.GovernmentDepartment,
        "经信委": PKG.GovernmentDepartment,
        "科技局": PKG.GovernmentDepartment,
        "人社局": PKG.GovernmentDepartment,
        "文旅委": PKG.GovernmentDepartment,
        "农业农村委": PKG.GovernmentDepartment,
        "公安局": PKG.PublicSecurityOrgan,
        "法院": PKG.Court,
        "中院": PKG.Court,
        "检察院": PKG.Procuratorate,
        "委宣传部": PKG.PartyOrgan,
        "政法委": PKG.PartyOrgan,
        "网信办": PKG.PartyOrgan,
        "人民政府": PKG.PeoplesGovernment,
        "政府办": PKG.GovernmentDepartment,
        "经开区": PKG.DevelopmentZone,
        "高新区": PKG.DevelopmentZone,
        "农业园区": PKG.DevelopmentZone,
        "贸促会": PKG.OtherAgency,
        "工商联": PKG.OtherAgency,
        "科协": PKG.OtherAgency,
        "各成员单位": PKG.Collective,
        "各有关部门和单位": PKG.Collective,
        "各区政府": PKG.Collective,
        "各乡镇（街道）": PKG.Collective,
        "各省级人民政府": PKG.Collective,
    }
    for label, kind in expected.items():
        assert label in by_label, label
        assert (by_label[label], PKG.agencyKind, kind) in g, label
    assert by_label["市场监管局"] == by_label["市场监督管理局"]
    assert by_label["法院"] == by_label["人民法院"]


def test_gold_names_are_covered(vocabs: dict[str, Graph]) -> None:
    """Every name in the gold annotation of the sample plan can be resolved against the vocabularies."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))

    def labels(name: str) -> set[str]:
        g = vocabs[name]
        return {str(o) for p in (SKOS.prefLabel, SKOS.altLabel) for o in g.objects(None, p)}

    gaz, ind, ip = labels("agency-names.ttl"), labels("industries.ttl"), labels("ip-types.ttl")
    items = gold["tasks"] + gold["safeguards"]
    for item in items:
        for name in item.get("lead", []) + item.get("cooperating", []):
            # 区市场监管局 = jurisdiction 区 + entry 市场监管局; 长寿经开区 = 长寿 + 经开区
            assert any(name.endswith(label) for label in gaz), name
        for name in item.get("industries", []):
            assert name in ind, name
        for name in item.get("ip_types", []):
            assert name in ip, name


# --------------------------------------------------------------------------- reasoning

pytestmark_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs java")


def _load_world(*graphs: Graph):
    owlready2 = pytest.importorskip("owlready2")
    g = Graph()
    for part in graphs:
        for triple in part:
            g.add(triple)
    data = g.serialize(format="xml").encode("utf-8")
    world = owlready2.World()
    world.get_ontology("http://x/").load(fileobj=io.BytesIO(data))
    return owlready2, world


@pytestmark_java
def test_hermit_consistent_and_classifies(merged: Graph) -> None:
    owlready2, world = _load_world(merged)
    owlready2.sync_reasoner(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []
    court = world[str(PKG.Court)]
    procuratorate = world[str(PKG.Procuratorate)]
    judicial = world[str(PKG.JudicialBody)]
    assert judicial in court.ancestors()
    assert judicial in procuratorate.ancestors()
    assert world[str(PKG.Agency)] in judicial.ancestors()
    assert world[str(PKG.GovernmentDepartment)] in world[str(PKG.PublicSecurityOrgan)].ancestors()


def _abox() -> Graph:
    g = Graph()
    doc, task, a1, a2 = PKGID["doc/t"], PKGID["doc/t/task/1"], PKGID["agency/甲局"], PKGID["agency/乙院"]
    r1 = PKGID["doc/t/task/1/responsibility/1"]
    g.add((doc, RDF.type, PKG.PolicyDocument))
    g.add((task, RDF.type, PKG.KeyTask))
    g.add((task, PKG.leadAgency, a1))
    g.add((task, PKG.cooperatingAgency, a2))
    g.add((task, PKG.concernsIPType, PKGIP.patent))
    g.add((a1, RDF.type, PKG.GovernmentDepartment))
    g.add((a2, RDF.type, PKG.Court))
    g.add((task, PKG.hasResponsibility, r1))
    g.add((r1, RDF.type, PKG.Responsibility))
    g.add((r1, PROV.agent, a1))
    g.add((r1, PROV.hadRole, PKG.LeadRole))
    return g


@pytestmark_java
def test_hermit_infers_defined_classes_and_chains(merged: Graph) -> None:
    owlready2, world = _load_world(merged, _abox())
    owlready2.sync_reasoner(world, infer_property_values=True, debug=0)
    a1, a2 = world[str(PKGID["agency/甲局"])], world[str(PKGID["agency/乙院"])]
    assert world[str(PKG.LeadAgency)] in a1.INDIRECT_is_a
    assert world[str(PKG.CoordinatingAgency)] in a1.INDIRECT_is_a
    assert world[str(PKG.CooperatingAgency)] in a2.INDIRECT_is_a
    assert world[str(PKG.JudicialBody)] in a2.INDIRECT_is_a
    patent = world[str(PKGIP.patent)]
    works_on = world[str(PKG.worksOnIPType)]
    assert patent in works_on[a1]
    assert patent in works_on[a2]


@pytestmark_java
@pytest.mark.parametrize(
    "extra",
    [
        [(PKGID["agency/甲局"], RDF.type, PKG.Court)],  # GovernmentDepartment and Court are disjoint
        [(PKGID["doc/t/task/1"], RDF.type, PKG.Safeguard)],  # KeyTask and Safeguard are disjoint
        # a Responsibility has exactly one role, and LeadRole / CooperatingRole are different
        [(PKGID["doc/t/task/1/responsibility/1"], PROV.hadRole, PKG.CooperatingRole)],
    ],
    ids=["disjoint-kinds", "task-and-safeguard", "two-roles"],
)
def test_hermit_detects_inconsistency(merged: Graph, extra) -> None:
    g = _abox()
    for triple in extra:
        g.add(triple)
    owlready2, world = _load_world(merged, g)
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        owlready2.sync_reasoner(world, infer_property_values=False, debug=0)


@pytestmark_java
def test_owl2_dl_profile(merged: Graph, tmp_path: Path) -> None:
    """The OWL API (bundled in owlready2's HermiT.jar) finds no OWL 2 DL profile violation."""
    owlready2 = pytest.importorskip("owlready2")
    jar = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
    if not jar.exists():
        pytest.skip("no HermiT.jar")
    owl = tmp_path / "all.owl"
    merged.serialize(owl, format="xml")
    src = tmp_path / "DLCheck.java"
    src.write_text(
        """
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.*;
import org.semanticweb.owlapi.profiles.*;
public class DLCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager m = OWLManager.createOWLOntologyManager();
        OWLOntology o = m.loadOntologyFromOntologyDocument(new File(args[0]));
        OWLProfileReport r = new OWL2DLProfile().checkOntology(o);
        for (OWLProfileViolation v : r.getViolations()) System.out.println("VIOLATION " + v);
        System.out.println("inDL=" + r.isInProfile());
    }
}
""",
        encoding="utf-8",
    )
    proc = subprocess.run(
        ["java", "-cp", str(jar), str(src), str(owl)], capture_output=True, text=True, timeout=300
    )
    out = proc.stdout + proc.stderr
    if proc.returncode != 0 and ("jdk.compiler" in out or "error: no class declared" in out):
        pytest.skip("java cannot run single-file source programs (no JDK compiler)")
    assert proc.returncode == 0, out
    assert "inDL=true" in out, out
