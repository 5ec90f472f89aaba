"""Vocabularies as `rdflib.namespace.DefinedNamespace` classes: a misspelt term raises.

``tests/test_namespaces.py`` checks that every term declared here is defined in
``ontology/policykg.ttl`` and the other way round.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, XSD, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS, DefinedNamespace

from .iris import BASE_ID

__all__ = ["PKG", "ELI", "ORG", "PKGID", "PKGIP", "PKGIND", "PKGGAZ", "PKGFN", "TIME", "BASE", "ONTOLOGY_IRI",
           "PREFIXES", "bind_prefixes", "CachedTerms"]

BASE = "https://w3id.org/policykg/"
ONTOLOGY_IRI = URIRef(BASE + "ontology")


class PKG(DefinedNamespace):
    """The policykg ontology, ``https://w3id.org/policykg/ontology#``."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # Classes
    PolicyDocument: URIRef
    Section: URIRef
    Provision: URIRef
    KeyTask: URIRef
    Safeguard: URIRef
    Goal: URIRef
    Target: URIRef
    LevelTarget: URIRef
    GrowthTarget: URIRef
    Indicator: URIRef
    TargetNature: URIRef
    TargetComparison: URIRef
    Agency: URIRef
    PeoplesGovernment: URIRef
    GovernmentDepartment: URIRef
    PublicSecurityOrgan: URIRef
    PartyOrgan: URIRef
    Court: URIRef
    Procuratorate: URIRef
    DevelopmentZone: URIRef
    Collective: URIRef
    OtherAgency: URIRef
    JudicialBody: URIRef
    LeadAgency: URIRef
    CooperatingAgency: URIRef
    CoordinatingAgency: URIRef
    Responsibility: URIRef
    ResponsibilityRole: URIRef
    TextSpan: URIRef
    IPType: URIRef
    Industry: URIRef
    AgencyName: URIRef
    AgencyFunction: URIRef
    Correction: URIRef
    ExtractedFact: URIRef
    CorrectionsFile: URIRef
    Reviewer: URIRef
    Jurisdiction: URIRef
    ExtractionWarning: URIRef
    # Individuals
    LeadRole: URIRef
    CooperatingRole: URIRef
    Anticipatory: URIRef
    Binding: URIRef
    AtLeast: URIRef
    AtMost: URIRef
    About: URIRef
    AdministrativeLevels: URIRef
    NationalLevel: URIRef
    ProvincialLevel: URIRef
    MunicipalLevel: URIRef
    CountyLevel: URIRef
    TownshipLevel: URIRef
    # Policy tools
    PolicyTool: URIRef
    ToolUse: URIRef
    ToolCoder: URIRef
    deploysTool: URIRef
    primaryTool: URIRef
    hasToolUse: URIRef
    tool: URIRef
    isPrimary: URIRef
    sentenceCount: URIRef
    # Object properties
    hasResponsibility: URIRef
    responsibleAgency: URIRef
    leadAgency: URIRef
    cooperatingAgency: URIRef
    responsibleFor: URIRef
    leads: URIRef
    cooperatesOn: URIRef
    concernsIPType: URIRef
    concernsIndustry: URIRef
    hasFunction: URIRef
    worksOnIPType: URIRef
    worksInIndustry: URIRef
    hasTarget: URIRef
    hasGoal: URIRef
    indicator: URIRef
    nature: URIRef
    comparison: URIRef
    inDocument: URIRef
    hasCorrection: URIRef
    inJurisdiction: URIRef
    withinJurisdiction: URIRef
    administrativeLevel: URIRef
    implements: URIRef
    basedOn: URIRef
    supersedes: URIRef
    amends: URIRef
    hasWarning: URIRef
    concernsTask: URIRef
    # Datatype properties
    number: URIRef
    level: URIRef
    asWritten: URIRef
    targetValue: URIRef
    unit: URIRef
    targetYear: URIRef
    noYear: URIRef
    baselineValue: URIRef
    baselineYear: URIRef
    goalYear: URIRef
    startOffset: URIRef
    endOffset: URIRef
    quote: URIRef
    fullText: URIRef
    documentNumber: URIRef
    sha256: URIRef
    jurisdiction: URIRef
    divisionCode: URIRef
    periodStart: URIRef
    periodEnd: URIRef
    periodLabel: URIRef
    correctedField: URIRef
    factValue: URIRef
    warningLevel: URIRef
    warningCode: URIRef
    warningMessage: URIRef
    # Annotation properties
    agencyKind: URIRef
    needsContext: URIRef


class ELI(DefinedNamespace):
    """The terms of the European Legislation Identifier ontology that policykg uses."""

    _NS = Namespace("http://data.europa.eu/eli/ontology#")
    _fail = True

    LegalResource: URIRef
    LegalResourceSubdivision: URIRef
    is_part_of: URIRef
    has_part: URIRef
    ensures_implementation_of: URIRef
    based_on: URIRef
    repeals: URIRef
    amends: URIRef


class ORG(DefinedNamespace):
    """The terms of the W3C Organization ontology that policykg uses."""

    _NS = Namespace("http://www.w3.org/ns/org#")
    _fail = True

    Organization: URIRef
    Role: URIRef


class TIME(DefinedNamespace):
    """The terms of OWL-Time that policykg uses."""

    _NS = Namespace("http://www.w3.org/2006/time#")
    _fail = True

    Instant: URIRef
    hasTime: URIRef
    inXSDgYear: URIRef


PKGID = Namespace(BASE + "id/")
PKGIP = Namespace(BASE + "vocab/ip-type/")
PKGIND = Namespace(BASE + "vocab/industry/")
PKGGAZ = Namespace(BASE + "vocab/agency-name/")
PKGFN = Namespace(BASE + "vocab/function/")


#: The prefixes policykg writes, in a fixed order (so Turtle output is stable and readable).
PREFIXES: dict[str, str] = {
    "pkg": str(PKG._NS),
    "pkgid": BASE_ID,
    "pkgip": "https://w3id.org/policykg/vocab/ip-type/",
    "pkgind": "https://w3id.org/policykg/vocab/industry/",
    "pkgfn": BASE + "vocab/function/",
    "eli": str(ELI._NS),
    "org": "http://www.w3.org/ns/org#",
    "prov": str(PROV),
    "time": str(TIME._NS),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}


def bind_prefixes(g: Graph) -> Graph:
    """Bind `PREFIXES` on ``g``."""
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


class CachedTerms:
    """A namespace whose terms are made once: ``CachedTerms(PKG).quote`` is the same ``URIRef`` object
    at every use (``PKG.quote`` builds and checks a new one, ~5 µs; a build uses one per triple).

    A misspelt term still raises, from the namespace itself.

    Examples
    --------
    >>> pkg = CachedTerms(PKG)
    >>> pkg.quote is pkg.quote and pkg.quote == PKG.quote
    True
    """

    def __init__(self, namespace: object) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):  # copy, pickle: not a term
            raise AttributeError(name)
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        term = self.__dict__.get(name)
        return term if term is not None else self.__getattr__(name)
