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
from .namespaces import ELI, PKG, PKGFN, PREFIXES, TIME, CachedTerms, bind_prefixes
from .spans import add_span as _span
from .terms import terms_of
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


def _lang_zh(terms):
    """The factory's ``lang(text, "zh")`` as a one-argument function."""
    lang = terms.lang
    return lambda text: lang(text, "zh")


# The vocabulary, each term made once (a DefinedNamespace makes and checks a new URIRef at every use).
_PKG, _RDF, _RDFS, _DCT, _PROV, _SKOS, _ELI, _TIME = map(CachedTerms, (PKG, RDF, RDFS, DCTERMS, PROV, SKOS,
                                                                       ELI, TIME))


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
    """Add one document's records to ``g``: the one description of a document's triples.

    ``g`` is any sink with ``add((s, p, o))`` — an rdflib ``Graph``, a `TripleList`, or
    `kg.graph.ntriples.NTriplesSink`, which writes N-Triples text directly (a sink's ``terms``
    attribute makes the document's IRIs and literals: `kg.graph.terms`). ``titles`` maps 《title》 → IRI
    of corpus documents; when it is None, citations are left out (a corpus build adds them once every
    document's title is known, see `add_citations`). Returns the document's IRI (as the sink's terms
    make it).
    """
    lex = get_lexicon()
    T = terms_of(g)
    iri, zh, text, typed = T.iri, _lang_zh(T), T.text, T.typed
    doc = scope_shared_names(doc)  # 南京市鼓楼区 and 福州市鼓楼区 keep their bureaus apart
    m = doc.meta
    d = iri(iris.doc_iri(m.id))
    add = g.add
    add((d, _RDF.type, _PKG.PolicyDocument))
    add((d, _DCT.identifier, text(m.id)))
    add((d, _DCT.title, zh(m.title)))
    add((d, _RDFS.label, zh(m.title)))
    add((d, _DCT.source, text(m.source)))
    add((d, _PKG.sha256, text(m.sha256)))
    add((d, _PKG.fullText, text(doc.text)))
    if m.document_number:
        add((d, _PKG.documentNumber, text(m.document_number)))
    if m.date:
        add((d, _DCT.issued, typed(m.date, XSD.date)))
    if m.period:
        add((d, _PKG.periodStart, typed(str(m.period[0]), XSD.gYear)))
        add((d, _PKG.periodEnd, typed(str(m.period[1]), XSD.gYear)))
    if m.period_label:
        add((d, _PKG.periodLabel, zh(m.period_label)))
    if m.issuer:
        issuer = iri(iris.agency_iri(m.issuer))
        add((d, _DCT.publisher, issuer))
        add((issuer, _RDF.type, _PKG.Agency))
        issuer_kind = (
            PKG.PeoplesGovernment
            if not m.issuer.endswith(("局", "委", "厅", "办公室", "办"))
            else PKG.GovernmentDepartment
        )
        add((issuer, _RDF.type, issuer_kind))
        add((issuer, _RDFS.label, zh(m.issuer)))
        add((issuer, _SKOS.prefLabel, zh(m.issuer)))
        issuer_function = _issuer_function(lex, m.issuer, issuer_kind)
        if issuer_function is not None and m.issuer not in {a.key for a in doc.agencies}:
            add((issuer, _PKG.hasFunction, issuer_function))

    agency_term = {a.name: iri(iris.agency_iri(a.key)) for a in doc.agencies}
    for a in doc.agencies:
        ag = agency_term[a.name]
        add((ag, _RDF.type, _PKG.Agency))
        add((ag, _RDF.type, _PKG[a.kind]))
        function = agency_function(lex, a.canonical)
        if function is not None:
            add((ag, _PKG.hasFunction, function))
        add((ag, _RDFS.label, zh(a.name)))
        add((ag, _SKOS.prefLabel, zh(a.full_name)))
        if a.jurisdiction:
            add((ag, _PKG.jurisdiction, text(a.jurisdiction)))
    # The document's, its issuer's and its agencies' jurisdictions, with codes and parents.
    for triple in jurisdiction_triples(doc):
        add(triple)

    def numbered_item(kind: str, cls: URIRef, item, level: int | None):
        """The triples every numbered part has: type, number as written, title, label, source span;
        the part's term and IRI."""
        item_iri = iris.part_iri(m.id, kind, item.path)
        it = iri(item_iri)
        add((it, _RDF.type, cls))
        add((it, _DCT.identifier, text(item.id)))
        add((it, _DCT.title, zh(item.title)))
        add((it, _RDFS.label, zh(f"{item.id}{item.title}")))
        add((it, _PKG.number, T.integer(item.number)))
        if level is not None:
            add((it, _PKG.level, T.integer(level)))
        add((it, _PROV.wasDerivedFrom, _span(g, m.id, d, item.span)))
        return it, item_iri

    parent_of = {s.path: numbered_item("section", _PKG.Section, s, s.level)[0] for s in doc.sections}

    def parent(path: str):
        head = path.rsplit(".", 1)[0] if "." in path else None
        return parent_of.get(head, d) if head else d

    for s in doc.sections:
        add((parent_of[s.path], _ELI.is_part_of, parent(s.path)))

    def add_responsibilities(item, item_iri: str, rs: Iterable[Responsibility]) -> None:
        for n, r in enumerate(rs, start=1):
            ag = agency_term[r.agency]
            ri = iri(f"{item_iri}/resp/{n}")
            add((item, _PKG.hasResponsibility, ri))
            add((ri, _RDF.type, _PKG.Responsibility))
            add((ri, _PROV.agent, ag))
            add((ri, _PROV.hadRole, _ROLE[r.role]))
            add((ri, _PKG.asWritten, zh(r.agency)))
            add((ri, _PROV.wasDerivedFrom, _span(g, m.id, d, r.mention)))
            add((item, _SHORTCUT[r.role], ag))

    for t in doc.tasks:
        ti, ti_iri = numbered_item("task", _PKG.KeyTask, t, t.level)
        add((ti, _ELI.is_part_of, parent(t.path)))
        add_responsibilities(ti, ti_iri, t.responsibilities)
        for label in t.ip_types:
            c = _concept_iri(lex.ip_types, label)
            if c is not None:
                add((ti, _PKG.concernsIPType, c))
        for label in t.industries:
            c = _concept_iri(lex.industries, label)
            if c is not None:
                add((ti, _PKG.concernsIndustry, c))
        add_tool_uses(g, m.id, d, ti, t, ti_iri)  # kg.graph.tools: the policy tools it deploys

    for s in doc.safeguards:
        si, si_iri = numbered_item("safeguard", _PKG.Safeguard, s, None)
        add((si, _ELI.is_part_of, parent(s.path)))
        add_responsibilities(si, si_iri, s.responsibilities)

    for n, t in enumerate(doc.targets, start=1):
        ti = iri(iris.part_iri(m.id, "target", str(n)))
        ind = iri(iris.indicator_iri(t.indicator))
        add((d, _PKG.hasTarget, ti))
        add((ti, _RDF.type, _PKG.Target))
        add((ti, _RDF.type, _TARGET_KIND[t.kind]))
        add((ti, _RDFS.label, zh(t.span.quote.strip())))
        add((ti, _PKG.indicator, ind))
        add((ind, _RDF.type, _PKG.Indicator))
        add((ind, _RDFS.label, zh(t.indicator)))
        # Canonical xsd:decimal lexical form (20.0), which Turtle writes and reads back unchanged.
        add((ti, _PKG.targetValue, typed(str(Decimal(repr(float(t.value)))), XSD.decimal)))
        add((ti, _PKG.unit, zh(t.unit)))
        if t.year is not None:
            add((ti, _PKG.targetYear, typed(str(t.year), XSD.gYear)))
        else:
            add((ti, _PKG.noYear, T.boolean(True)))
        if t.nature in _NATURE:
            add((ti, _PKG.nature, _NATURE[t.nature]))
        if t.comparison in _COMPARISON:
            add((ti, _PKG.comparison, _COMPARISON[t.comparison]))
        if t.baseline is not None:
            add((ti, _PKG.baselineValue, typed(str(Decimal(repr(float(t.baseline)))), XSD.decimal)))
            if t.baseline_year is not None:
                add((ti, _PKG.baselineYear, typed(str(t.baseline_year), XSD.gYear)))
        add((ti, _PROV.wasDerivedFrom, _span(g, m.id, d, t.span)))

    for goal in doc.goals:
        gi = iri(iris.part_iri(m.id, "goal", str(goal.year)))
        yi = iri(iris.year_iri(goal.year))
        year = typed(str(goal.year), XSD.gYear)
        add((d, _PKG.hasGoal, gi))
        add((gi, _RDF.type, _PKG.Goal))
        add((gi, _RDFS.label, zh(f"到{goal.year}年")))
        add((gi, _PKG.goalYear, year))
        add((gi, _TIME.hasTime, yi))
        add((yi, _RDF.type, _TIME.Instant))
        add((yi, _TIME.inXSDgYear, year))
        add((gi, _PROV.wasDerivedFrom, _span(g, m.id, d, goal.span)))

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
