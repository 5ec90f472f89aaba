"""The sample plan's KG with marks, for the views' tests: two tasks an extraction warning of level ``check``
concerns, one task a researcher corrected, and a ``note`` that concerns no task.

The warnings are made here (not by the extractor, whose checks change as they are measured), so the views are
tested on marks whose place is known. The messages and the note hold markup, so the HTML views must escape them.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from loaders.extract.document import load_document
from loaders.records import Document, ExtractionWarning

SAMPLE = Path(__file__).resolve().parent.parent / "loaders" / "samples" / "changshou-ip-plan.txt"
FLAGGED = {"3.3": "（三）", "3.4": "（四）"}  # path → number as written
CORRECTED = "3.11"  # its lead 区人社局 becomes 区委宣传部
CHECK_MESSAGE = "牵头规则未应用 <b>lead rule</b> not applied"
NOTE = "核对原文 <i>checked</i> against the text"
REVIEWER = "张审校"
SAVED = "2026-12-01T09:30:00Z"  # when the corrections file was saved


def marked_document() -> Document:
    """The sample with two ``check`` warnings (on 3.3, by path, and 3.4, by its number as written) and a
    ``note`` about no task."""
    doc = load_document(SAMPLE)
    by_path = {t.path: t for t in doc.tasks}
    warnings = (
        ExtractionWarning("lead-rule", CHECK_MESSAGE, by_path["3.3"].span, "check", ("3.3",)),
        ExtractionWarning(
            "split-unit", "单位被拆分 unit split", by_path["3.4"].title_span, "check", (FLAGGED["3.4"],)
        ),
        ExtractionWarning("unknown-agency", "不在名录中 not in the gazetteer", by_path["3.1"].title_span),
    )
    return dataclasses.replace(doc, warnings=warnings)


def marked_triples(doc: Document | None = None) -> list:
    """The triples of the marked sample, with the correction of 3.11 (and its provenance)."""
    from kg.graph.build import document_triples
    from kg.review.corrections import Change, CorrectionSet, apply_corrections
    from kg.review.provenance import correction_triples

    doc = doc or marked_document()
    change = Change(doc.meta.sha256[:12], "lead", CORRECTED, "区委宣传部", note=NOTE, file="fixes.yaml")
    cs = CorrectionSet("fixes.yaml", "ab" * 32, (change,), REVIEWER, SAVED)
    outcome = apply_corrections(doc, [change])
    assert outcome.applied, outcome
    return [*document_triples(outcome.document), *correction_triples(outcome, [cs])]


def write_marked_kg(out_dir: Path) -> Path:
    """Write the marked sample's KG as ``out_dir/kg.ttl``; its path."""
    from rdflib import Graph

    from kg.graph.build import bind_prefixes

    g = bind_prefixes(Graph())
    for triple in marked_triples():
        g.add(triple)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "kg.ttl"
    g.serialize(path, format="turtle", encoding="utf-8")
    return path
