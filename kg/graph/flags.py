"""Extraction warnings in the graph: where the extractor is unsure, so every view and SPARQL user sees it.

Each of a document's warnings (`loaders.records.ExtractionWarning`) becomes a ``pkg:ExtractionWarning``:

.. code-block:: turtle

    <doc/plan> pkg:hasWarning <doc/plan/warning/3> .
    <doc/plan/warning/3> a pkg:ExtractionWarning ;
        pkg:warningLevel "check" ;                       # or "note"
        pkg:warningCode "lead-rule" ;
        pkg:warningMessage "…" ;
        prov:wasDerivedFrom <doc/plan/span/990-1023> ;
        pkg:concernsTask <doc/plan/task/3.1> .

Warnings are numbered in the document's order (1, 2 …), so the same input gives the same IRIs. The
library query ``flagged-tasks`` lists the tasks with a ``check`` warning.
"""

from __future__ import annotations

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import PROV

from loaders.records import Document, Task

from . import iris
from .namespaces import PKG
from .spans import add_span

__all__ = ["CHECK", "NOTE", "add_warnings", "task_for_key", "flagged_paths"]

CHECK = "check"  # the task or field is probably wrong: look here
NOTE = "note"  # worth knowing, probably right


def task_for_key(doc: Document, key: str) -> Task | None:
    """The task of ``doc`` that ``key`` names: its dotted position (``3.1``), or its number as written
    (``（一）``) when only one task has it; None otherwise.

    Examples
    --------
    >>> from loaders.extract.document import parse_text
    >>> doc = parse_text("三、重点任务\\n（一）完善政策。内容。（责任单位：区科技局）", doc_id="d")
    >>> task_for_key(doc, "1.1").title, task_for_key(doc, "（一）").path
    ('完善政策', '1.1')
    >>> task_for_key(doc, "9") is None
    True
    """
    for t in doc.tasks:
        if t.path == key:
            return t
    same = [t for t in doc.tasks if t.id == key]
    return same[0] if len(same) == 1 else None


def flagged_paths(doc: Document) -> frozenset[str]:
    """The paths of the tasks of ``doc`` that a ``check`` warning concerns.

    Examples
    --------
    >>> import dataclasses
    >>> from loaders.extract.document import parse_text
    >>> from loaders.records import ExtractionWarning
    >>> doc = parse_text("三、重点任务\\n（一）完善政策。内容。（责任单位：区科技局）", doc_id="d")
    >>> w = ExtractionWarning("lead-rule", "lead rule not applied", doc.tasks[0].span, "check", ("1.1",))
    >>> sorted(flagged_paths(dataclasses.replace(doc, warnings=(w,))))
    ['1.1']
    >>> flagged_paths(dataclasses.replace(doc, warnings=(dataclasses.replace(w, level="note"),)))
    frozenset()
    """
    out = set()
    for w in doc.warnings:
        if w.level == CHECK:
            out.update(t.path for t in map(lambda k: task_for_key(doc, k), w.tasks) if t is not None)
    return frozenset(out)


def add_warnings(g: Graph, doc: Document, d: URIRef) -> None:
    """Add the warnings of ``doc`` (document IRI ``d``) to ``g`` (anything with ``.add``), with their
    spans and the tasks they concern (a task id the document does not have is left out).

    Examples
    --------
    >>> import dataclasses
    >>> from loaders.extract.document import parse_text
    >>> from loaders.records import ExtractionWarning
    >>> doc = parse_text("三、重点任务\\n（一）完善政策。内容。（责任单位：区科技局）", doc_id="d")
    >>> w = ExtractionWarning("lead-rule", "lead rule not applied", doc.tasks[0].span, "check", ("1.1",))
    >>> g = Graph()
    >>> add_warnings(g, dataclasses.replace(doc, warnings=(w,)), URIRef(iris.doc_iri("d")))
    >>> [str(t).rsplit("/", 2)[-2:] for t in g.objects(None, PKG.concernsTask)]
    [['task', '1.1']]
    >>> [str(level) for level in g.objects(None, PKG.warningLevel)]
    ['check']
    """
    doc_id = doc.meta.id
    for n, w in enumerate(doc.warnings, start=1):
        wi = URIRef(iris.part_iri(doc_id, "warning", str(n)))
        g.add((d, PKG.hasWarning, wi))
        g.add((wi, RDF.type, PKG.ExtractionWarning))
        g.add((wi, PKG.warningLevel, Literal(w.level)))
        g.add((wi, PKG.warningCode, Literal(w.code)))
        g.add((wi, PKG.warningMessage, Literal(w.message)))
        g.add((wi, PROV.wasDerivedFrom, add_span(g, doc_id, d, w.span)))
        for key in w.tasks:
            t = task_for_key(doc, key)
            if t is not None:
                g.add((wi, PKG.concernsTask, URIRef(iris.part_iri(doc_id, "task", t.path))))
