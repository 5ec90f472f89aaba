"""Records → RDF: build the knowledge graph of one or many documents.

Everything gets a deterministic IRI (see `kg.graph.iris`) and there are no blank nodes, so the same
input gives byte-identical Turtle (rdflib's Turtle serializer sorts subjects and predicates).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Node

from loaders.records import Document, Responsibility
from loaders.vocab.lexicon import Lexicon, get_lexicon

from . import iris
from .flags import add_warnings
from .jurisdictions import jurisdiction_triples, scope_shared_names
from .namespaces import ELI, PKG, PKGFN, PREFIXES, TIME, bind_prefixes
from .spans import add_span as _span
from .tools import add_tool_uses

__all__ = [
    "build_graph",
    "add_document",
    "add_citations",
    "citation_triples",
    "RELATION_PROPERTY",
    "corpus_titles",
    "document_triples",
    "TripleList",
    "bind_prefixes",
    "BuildStats",
    "graph_stats",
    "PREFIXES",
]

_ROLE = {"lead": PKG.LeadRole, "cooperating": PKG.CooperatingRole}
_TARGET_KIND = {"level": PKG.LevelTarget, "rate": PKG.GrowthTarget}
_COMPARISON = {"at-least": PKG.AtLeast, "at-most": PKG.AtMost, "about": PKG.About}
_SHORTCUT = {"lead": PKG.leadAgency, "cooperating": PKG.cooperatingAgency}
_NATURE = {"预期性": PKG.Anticipatory, "约束性": PKG.Binding}


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def agency_function(lex: Lexicon, canonical: str | None) -> URIRef | None:
    """The function (``pkg:hasFunction``) of agencies whose gazetteer entry is ``canonical``: the entry's
    function in ``ontology/vocab/functions.ttl``, or None for a name the gazetteer does not know.

    Examples
    --------
    >>> from loaders.vocab.lexicon import get_lexicon
    >>> str(agency_function(get_lexicon(), "市场监督管理局"))
    'https://w3id.org/policykg/vocab/function/market-regulation'
    >>> agency_function(get_lexicon(), "不在名录中的机构") is None
    True
    """
    entry = lex.agency_names.get(canonical) if canonical else None
    return URIRef(entry.function) if entry is not None and entry.function else None


def _issuer_function(lex: Lexicon, issuer: str, kind: URIRef) -> URIRef | None:
    # An issuer is a name as the title writes it: its function comes from the longest gazetteer label
    # it ends with (长寿区市场监督管理局); one named by its place alone (重庆市长寿区) is its government.
    for k in range(len(issuer)):
        entry = lex.agency_names.get(issuer[k:])
        if entry is not None:
            return agency_function(lex, entry.concept)
    return PKGFN.government if kind == PKG.PeoplesGovernment else None


def _concept_iri(table: dict, label: str) -> URIRef | None:
    entry = table.get(label)
    return URIRef(entry.iri) if entry is not None and entry.iri.startswith("http") else None


def add_document(g: Graph, doc: Document, titles: dict[str, URIRef] | None = None) -> URIRef:
    """Add one document's records to ``g``.

    ``titles`` maps 《title》 → IRI of corpus documents; when it is None, citations are left out (a
    corpus build adds them once every document's title is known, see `add_citations`).
    """
    lex = get_lexicon()
    doc = scope_shared_names(doc)  # 南京市鼓楼区 and 福州市鼓楼区 keep their bureaus apart
    m = doc.meta
    d = URIRef(iris.doc_iri(m.id))
    g.add((d, RDF.type, PKG.PolicyDocument))
    g.add((d, DCTERMS.identifier, Literal(m.id)))
    g.add((d, DCTERMS.title, _zh(m.title)))
    g.add((d, RDFS.label, _zh(m.title)))
    g.add((d, DCTERMS.source, Literal(m.source)))
    g.add((d, PKG.sha256, Literal(m.sha256)))
    g.add((d, PKG.fullText, Literal(doc.text)))
    if m.document_number:
        g.add((d, PKG.documentNumber, Literal(m.document_number)))
    if m.date:
        g.add((d, DCTERMS.issued, Literal(m.date, datatype=XSD.date)))
    if m.period:
        g.add((d, PKG.periodStart, Literal(str(m.period[0]), datatype=XSD.gYear)))
        g.add((d, PKG.periodEnd, Literal(str(m.period[1]), datatype=XSD.gYear)))
    if m.period_label:
        g.add((d, PKG.periodLabel, _zh(m.period_label)))
    if m.issuer:
        issuer = URIRef(iris.agency_iri(m.issuer))
        g.add((d, DCTERMS.publisher, issuer))
        g.add((issuer, RDF.type, PKG.Agency))
        issuer_kind = (
            PKG.PeoplesGovernment
            if not m.issuer.endswith(("局", "委", "厅", "办公室", "办"))
            else PKG.GovernmentDepartment
        )
        g.add((issuer, RDF.type, issuer_kind))
        g.add((issuer, RDFS.label, _zh(m.issuer)))
        g.add((issuer, SKOS.prefLabel, _zh(m.issuer)))
        issuer_function = _issuer_function(lex, m.issuer, issuer_kind)
        if issuer_function is not None and m.issuer not in {a.key for a in doc.agencies}:
            g.add((issuer, PKG.hasFunction, issuer_function))

    agency_of = {a.name: a for a in doc.agencies}
    for a in doc.agencies:
        ag = URIRef(iris.agency_iri(a.key))
        g.add((ag, RDF.type, PKG.Agency))
        g.add((ag, RDF.type, PKG[a.kind]))
        function = agency_function(lex, a.canonical)
        if function is not None:
            g.add((ag, PKG.hasFunction, function))
        g.add((ag, RDFS.label, _zh(a.name)))
        g.add((ag, SKOS.prefLabel, _zh(a.full_name)))
        if a.jurisdiction:
            g.add((ag, PKG.jurisdiction, Literal(a.jurisdiction)))
    # The document's, its issuer's and its agencies' jurisdictions, with codes and parents.
    for triple in jurisdiction_triples(doc):
        g.add(triple)

    def numbered_item(kind: str, cls: URIRef, item, level: int | None) -> URIRef:
        """The triples every numbered part has: type, number as written, title, label, source span."""
        iri = URIRef(iris.part_iri(m.id, kind, item.path))
        g.add((iri, RDF.type, cls))
        g.add((iri, DCTERMS.identifier, Literal(item.id)))
        g.add((iri, DCTERMS.title, _zh(item.title)))
        g.add((iri, RDFS.label, _zh(f"{item.id}{item.title}")))
        g.add((iri, PKG.number, Literal(item.number)))
        if level is not None:
            g.add((iri, PKG.level, Literal(level)))
        g.add((iri, PROV.wasDerivedFrom, _span(g, m.id, d, item.span)))
        return iri

    parent_of: dict[str, URIRef] = {
        s.path: numbered_item("section", PKG.Section, s, s.level) for s in doc.sections
    }

    def parent(path: str) -> URIRef:
        head = path.rsplit(".", 1)[0] if "." in path else None
        return parent_of.get(head, d) if head else d

    for s in doc.sections:
        g.add((parent_of[s.path], ELI.is_part_of, parent(s.path)))

    def add_responsibilities(item: URIRef, rs: Iterable[Responsibility]) -> None:
        for n, r in enumerate(rs, start=1):
            ag = URIRef(iris.agency_iri(agency_of[r.agency].key))
            ri = URIRef(f"{item}/resp/{n}")
            g.add((item, PKG.hasResponsibility, ri))
            g.add((ri, RDF.type, PKG.Responsibility))
            g.add((ri, PROV.agent, ag))
            g.add((ri, PROV.hadRole, _ROLE[r.role]))
            g.add((ri, PKG.asWritten, _zh(r.agency)))
            g.add((ri, PROV.wasDerivedFrom, _span(g, m.id, d, r.mention)))
            g.add((item, _SHORTCUT[r.role], ag))

    for t in doc.tasks:
        ti = numbered_item("task", PKG.KeyTask, t, t.level)
        g.add((ti, ELI.is_part_of, parent(t.path)))
        add_responsibilities(ti, t.responsibilities)
        for label in t.ip_types:
            c = _concept_iri(lex.ip_types, label)
            if c is not None:
                g.add((ti, PKG.concernsIPType, c))
        for label in t.industries:
            c = _concept_iri(lex.industries, label)
            if c is not None:
                g.add((ti, PKG.concernsIndustry, c))
        add_tool_uses(g, m.id, d, ti, t)  # kg.graph.tools: the policy tools it deploys

    for s in doc.safeguards:
        si = numbered_item("safeguard", PKG.Safeguard, s, None)
        g.add((si, ELI.is_part_of, parent(s.path)))
        add_responsibilities(si, s.responsibilities)

    for n, t in enumerate(doc.targets, start=1):
        ti = URIRef(iris.part_iri(m.id, "target", str(n)))
        ind = URIRef(iris.indicator_iri(t.indicator))
        g.add((d, PKG.hasTarget, ti))
        g.add((ti, RDF.type, PKG.Target))
        g.add((ti, RDF.type, _TARGET_KIND[t.kind]))
        g.add((ti, RDFS.label, _zh(t.span.quote.strip())))
        g.add((ti, PKG.indicator, ind))
        g.add((ind, RDF.type, PKG.Indicator))
        g.add((ind, RDFS.label, _zh(t.indicator)))
        # Canonical xsd:decimal lexical form (20.0), which Turtle writes and reads back unchanged.
        g.add((ti, PKG.targetValue, Literal(str(Decimal(repr(float(t.value)))), datatype=XSD.decimal)))
        g.add((ti, PKG.unit, _zh(t.unit)))
        if t.year is not None:
            g.add((ti, PKG.targetYear, Literal(str(t.year), datatype=XSD.gYear)))
        else:
            g.add((ti, PKG.noYear, Literal(True)))
        if t.nature in _NATURE:
            g.add((ti, PKG.nature, _NATURE[t.nature]))
        if t.comparison in _COMPARISON:
            g.add((ti, PKG.comparison, _COMPARISON[t.comparison]))
        if t.baseline is not None:
            baseline = Literal(str(Decimal(repr(float(t.baseline)))), datatype=XSD.decimal)
            g.add((ti, PKG.baselineValue, baseline))
            if t.baseline_year is not None:
                g.add((ti, PKG.baselineYear, Literal(str(t.baseline_year), datatype=XSD.gYear)))
        g.add((ti, PROV.wasDerivedFrom, _span(g, m.id, d, t.span)))

    for goal in doc.goals:
        gi = URIRef(iris.part_iri(m.id, "goal", str(goal.year)))
        yi = URIRef(iris.year_iri(goal.year))
        g.add((d, PKG.hasGoal, gi))
        g.add((gi, RDF.type, PKG.Goal))
        g.add((gi, RDFS.label, _zh(f"到{goal.year}年")))
        g.add((gi, PKG.goalYear, Literal(str(goal.year), datatype=XSD.gYear)))
        g.add((gi, TIME.hasTime, yi))
        g.add((yi, RDF.type, TIME.Instant))
        g.add((yi, TIME.inXSDgYear, Literal(str(goal.year), datatype=XSD.gYear)))
        g.add((gi, PROV.wasDerivedFrom, _span(g, m.id, d, goal.span)))

    add_warnings(g, doc, d)  # kg.graph.flags: where the extractor is unsure, and the tasks concerned
    if titles is not None:
        add_citations(g, doc, titles)
    return d


def add_citations(g: Graph, doc: Document, titles: dict[str, URIRef]) -> None:
    """``dcterms:references`` of ``doc``, and its relations (``pkg:implements`` …): to the corpus
    document with that title, else a placeholder."""
    relations = [(str(r.kind), r.title) for r in doc.relations]
    for triple in citation_triples(doc.meta.id, [c.title for c in doc.citations], titles, relations):
        g.add(triple)


# Relation kinds (`loaders.records.RelationKind` values) → properties.
RELATION_PROPERTY = {
    "implements": PKG.implements,
    "based-on": PKG.basedOn,
    "supersedes": PKG.supersedes,
    "amends": PKG.amends,
}


def citation_triples(
    doc_id: str,
    cited: Iterable[str],
    titles: dict[str, URIRef],
    relations: Iterable[tuple[str, str]] = (),
) -> list[tuple[Node, Node, Node]]:
    """Triples linking document ``doc_id`` to the 《titles》 it cites, and to those it implements, is
    based on, supersedes or amends (``relations``: ``(kind, 《title》)`` pairs, see `RELATION_PROPERTY`).

    A title links to the corpus document with that title (``titles``, from `corpus_titles`), else to a
    cited-document node kept by its title; a relation's target is the same node as its citation's.

    Examples
    --------
    >>> t = citation_triples("d", ["《某市方案》"], {}, [("implements", "《某市方案》")])
    >>> sorted(str(p).rsplit("/", 1)[-1] for _, p, _ in t)
    ['22-rdf-syntax-ns#type', 'ontology#implements', 'rdf-schema#label', 'references', 'title']
    """
    d = URIRef(iris.doc_iri(doc_id))
    out: list[tuple[Node, Node, Node]] = []
    targets: dict[str, URIRef] = {}
    for title in cited:
        target = titles.get(title)
        if target == d:
            continue  # a covering notice naming its own plan is not a citation
        if target is None:
            target = URIRef(iris.cited_iri(title))
            out.append((target, RDF.type, PKG.PolicyDocument))
            out.append((target, DCTERMS.title, _zh(title.strip("《》"))))
            out.append((target, RDFS.label, _zh(title)))
        targets[title] = target
        out.append((d, DCTERMS.references, target))
    for kind, title in relations:
        target = targets.get(title)
        if target is not None:  # a relation is always one of the citations
            out.append((d, RELATION_PROPERTY[kind], target))
    return out


def corpus_titles(metas: Iterable[tuple[str, str]]) -> dict[str, URIRef]:
    """《title》 → document IRI for ``(doc id, title)`` pairs, so citations link inside the corpus.

    When several documents share a title, a citation of it links to the one whose IRI sorts first,
    whatever the order the documents were given in (the same inputs give the same graph)."""
    titles: dict[str, URIRef] = {}
    for doc_id, title in metas:
        key, iri = f"《{title.strip('《》')}》", URIRef(iris.doc_iri(doc_id))
        if key not in titles or iri < titles[key]:
            titles[key] = iri
    return titles


class TripleList(list):
    """A list that takes ``add((s, p, o))`` like a graph: `add_document` can fill it without a store."""

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        self.append(triple)


def document_triples(doc: Document, titles: dict[str, URIRef] | None = None) -> TripleList:
    """The triples of one document (without citations unless ``titles`` is given), in a list."""
    out = TripleList()
    add_document(out, doc, titles)  # type: ignore[arg-type]
    return out


def build_graph(docs: Sequence[Document], graph: Graph | None = None) -> Graph:
    """Build the knowledge graph of ``docs`` (citations between them are linked by title).

    Examples
    --------
    >>> from loaders.extract.document import parse_text
    >>> doc = parse_text("三、重点任务\\n（一）完善政策。内容。（责任单位：区科技局）", doc_id="d")
    >>> g = build_graph([doc])
    >>> len(g) > 10
    True
    """
    g = bind_prefixes(graph if graph is not None else Graph())
    titles = corpus_titles((d.meta.id, d.meta.title) for d in docs)
    triples = TripleList()
    for doc in sorted(docs, key=lambda x: x.meta.id):
        add_document(triples, doc, titles)  # type: ignore[arg-type]
    g.addN((s, p, o, g) for s, p, o in triples)
    return g


@dataclass(frozen=True)
class BuildStats:
    documents: int
    tasks: int
    agencies: int
    targets: int
    triples: int


def graph_stats(g: Graph) -> BuildStats:
    def count(cls: URIRef) -> int:
        return len(set(g.subjects(RDF.type, cls)))

    # Agencies named in a responsibility (the issuer alone does not count); documents that were
    # built (cited-only documents have no source).
    agencies = set(g.objects(None, PROV.agent))
    documents = set(g.subjects(RDF.type, PKG.PolicyDocument)) & set(g.subjects(DCTERMS.source, None))
    return BuildStats(len(documents), count(PKG.KeyTask), len(agencies), count(PKG.Target), len(g))
