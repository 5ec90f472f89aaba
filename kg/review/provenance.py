"""PROV-O triples that mark corrected facts in the KG.

The KG holds the corrected facts (the records are corrected before they are built, so every query
and network sees them); beside them, each correction is recorded as a ``pkg:Correction``:

.. code-block:: turtle

    <doc/plan>          pkg:hasCorrection <doc/plan/correction/task/3.1/lead> .
    <doc/plan/task/3.1> pkg:hasCorrection <doc/plan/correction/task/3.1/lead> .   # and its new
                                                                                    # responsibilities
    <doc/plan/correction/task/3.1/lead> a pkg:Correction ;
        rdfs:label "（一）完善政策体系：牵头单位"@zh ;
        pkg:correctedField "lead" ;
        pkg:factValue "区科技局" ;                                   # what replaced it
        prov:wasRevisionOf <doc/plan/extracted/task/3.1/lead> ;
        prov:wasAttributedTo <corrections/SHA/reviewer> ;
        prov:hadPrimarySource <corrections/SHA> ;
        rdfs:comment "the note in the corrections file" .
    <doc/plan/extracted/task/3.1/lead> a pkg:ExtractedFact ;
        pkg:factValue "区科技局、区财政局" ;                         # what was extracted
        prov:wasDerivedFrom <doc/plan/span/990-1023> .
    <corrections/SHA> a pkg:CorrectionsFile ; dcterms:source "review.xlsx" ; dcterms:identifier "SHA" ;
        dcterms:modified "2026-12-01T09:30:00Z"^^xsd:dateTime ;     # when saved, if the file says
        prov:wasAttributedTo <corrections/SHA/reviewer> .
    <corrections/SHA/reviewer> a pkg:Reviewer ; rdfs:label "审校人（review.xlsx）"@zh .

A removed fact has a correction without ``pkg:factValue``; an added one, a correction without
``prov:wasRevisionOf`` (derived from the text it was located at). The library query
``corrected-facts`` lists them all.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from loaders.records import Document, Role, Span

from ..graph import iris
from ..graph.build import TripleList
from ..graph.namespaces import PKG
from .corrections import Applied, CorrectionSet, Outcome, target_keys

__all__ = ["correction_triples", "FIELD_LABELS"]

FIELD_LABELS = {
    "lead": "牵头单位", "cooperating": "配合单位", "title": "标题", "number": "编号", "task": "任务",
    "target": "指标",
    "indicator": "指标名称", "value": "目标值", "unit": "单位", "year": "年份", "nature": "性质",
    "full-name": "全称", "kind": "类别",
    "tools": "政策工具", "primary-tool": "主工具",
}


def _span(out: TripleList, doc_id: str, span: Span) -> URIRef:
    s = URIRef(iris.span_iri(doc_id, span.start, span.end))
    out.add((s, RDF.type, PKG.TextSpan))
    out.add((s, PKG.startOffset, Literal(span.start, datatype=XSD.nonNegativeInteger)))
    out.add((s, PKG.endOffset, Literal(span.end, datatype=XSD.nonNegativeInteger)))
    out.add((s, PKG.quote, Literal(span.quote)))
    out.add((s, PKG.inDocument, URIRef(iris.doc_iri(doc_id))))
    return s


def _file_nodes(out: TripleList, cs: CorrectionSet) -> tuple[URIRef, URIRef]:
    f = URIRef(iris.corrections_file_iri(cs.sha256))
    r = URIRef(f"{f}/reviewer")
    out.add((f, RDF.type, PKG.CorrectionsFile))
    out.add((f, DCTERMS.source, Literal(cs.name)))
    out.add((f, DCTERMS.identifier, Literal(cs.sha256)))
    out.add((f, PROV.wasAttributedTo, r))
    if cs.saved:  # when the file was last saved (a workbook's docProps, a YAML date:)
        kind = XSD.date if len(cs.saved) == 10 else XSD.dateTime
        out.add((f, DCTERMS.modified, Literal(cs.saved, datatype=kind)))
    out.add((r, RDF.type, PKG.Reviewer))
    out.add((r, RDFS.label, Literal(cs.reviewer or f"审校人（{cs.name}）", lang="zh")))
    return f, r


def _item_iris(doc: Document, a: Applied) -> list[URIRef]:
    """The corrected item and, for task units, the responsibilities the correction set."""
    doc_id = doc.meta.id
    if a.item == "task":
        task = next((t for t in doc.tasks if t.path == a.key), None)
        if task is None:
            return []  # removed
        ti = URIRef(iris.part_iri(doc_id, "task", task.path))
        out = [ti]
        roles = {"lead": (Role.LEAD,), "cooperating": (Role.COOPERATING,),
                 "task": (Role.LEAD, Role.COOPERATING)}.get(a.field, ())
        rs = enumerate(task.responsibilities, start=1)
        out += [URIRef(f"{ti}/resp/{n}") for n, r in rs if r.role in roles]
        return out
    if a.item == "target":
        if a.corrected is None:
            return []  # removed
        keys = target_keys(doc)
        where = a.key.split("/", 1)[0]
        for n, key in enumerate(keys, start=1):
            if key.split("/", 1)[0] == where:
                return [URIRef(iris.part_iri(doc_id, "target", str(n)))]
        return []
    agency = next((x for x in doc.agencies if x.name == a.key), None)
    return [URIRef(iris.agency_iri(agency.key))] if agency is not None else []


def correction_triples(outcome: Outcome, corrections: Sequence[CorrectionSet]) -> TripleList:
    """The PROV-O triples of every correction in ``outcome`` (see the module docstring).

    ``corrections`` are the files the changes came from (matched by file name).

    Examples
    --------
    >>> from loaders.extract.document import parse_text
    >>> from kg.review.corrections import Change, apply_corrections
    >>> doc = parse_text("三、重点任务\\n（一）完善政策。内容。（责任单位：区科技局、区财政局）", doc_id="d")
    >>> c = Change(doc.meta.sha256[:12], "lead", "1.1", "区科技局", file="fix.csv")
    >>> cs = CorrectionSet("fix.csv", "ab" * 32, (c,))
    >>> triples = correction_triples(apply_corrections(doc, [c]), [cs])
    >>> sorted(str(o) for s, p, o in triples if p == PKG.factValue)
    ['区科技局', '区科技局、区财政局']
    """
    out = TripleList()
    if not outcome.applied:
        return out
    doc = outcome.document
    d = URIRef(iris.doc_iri(doc.meta.id))
    files = {cs.name: cs for cs in corrections}
    nodes: dict[str, tuple[URIRef, URIRef]] = {}
    for a in outcome.applied:
        cs = files.get(a.file) or (corrections[0] if corrections
                                   else CorrectionSet(a.file or "corrections", "", ()))
        if cs.name not in nodes:
            nodes[cs.name] = _file_nodes(out, cs)
        f, r = nodes[cs.name]
        c = URIRef(iris.correction_iri(doc.meta.id, a.item, a.key, a.field))
        out.add((d, PKG.hasCorrection, c))
        for item in _item_iris(doc, a):
            out.add((item, PKG.hasCorrection, c))
        out.add((c, RDF.type, PKG.Correction))
        out.add((c, RDFS.label, Literal(f"{a.label}：{FIELD_LABELS.get(a.field, a.field)}", lang="zh")))
        out.add((c, PKG.correctedField, Literal(a.field)))
        out.add((c, PROV.wasAttributedTo, r))
        out.add((c, PROV.hadPrimarySource, f))
        if a.note:
            out.add((c, RDFS.comment, Literal(a.note)))
        has_text = a.span.end > a.span.start
        if a.corrected is not None:
            out.add((c, PKG.factValue, Literal(a.corrected)))
        if a.extracted is not None:
            e = URIRef(iris.extracted_iri(doc.meta.id, a.item, a.key, a.field))
            out.add((c, PROV.wasRevisionOf, e))
            out.add((e, RDF.type, PKG.ExtractedFact))
            out.add((e, PKG.factValue, Literal(a.extracted)))
            if has_text:
                out.add((e, PROV.wasDerivedFrom, _span(out, doc.meta.id, a.span)))
        elif has_text:
            out.add((c, PROV.wasDerivedFrom, _span(out, doc.meta.id, a.span)))
    return out
