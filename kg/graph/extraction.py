"""The extraction JSON printed by ``policykg extract`` (the contract in the corpus README)."""

from __future__ import annotations

from typing import Any

from loaders.records import Document

from ..review.warnings import warning_json
from .iris import agency_iri

__all__ = ["to_json", "KIND_ZH"]

_KIND_EN = {
    "GovernmentDepartment": "government department",
    "PublicSecurityOrgan": "public security",
    "PartyOrgan": "party organ",
    "Court": "court",
    "Procuratorate": "procuratorate",
    "DevelopmentZone": "development zone",
    "Collective": "collective",
    "PeoplesGovernment": "people's government",
    "OtherAgency": "other",
}


# Agency kinds (ontology class local names) with the Chinese labels the ontology gives them: what the
# review workbook shows and what a researcher may write for a kind (corrections, a user lexicon).
KIND_ZH = {
    "PeoplesGovernment": "人民政府",
    "GovernmentDepartment": "政府部门",
    "PublicSecurityOrgan": "公安机关",
    "PartyOrgan": "党委部门",
    "Court": "人民法院",
    "Procuratorate": "人民检察院",
    "DevelopmentZone": "开发区",
    "Collective": "集合称谓",
    "OtherAgency": "其他机构",
}


def _jurisdiction_json(doc: Document) -> list[dict[str, Any]] | None:
    """The document's jurisdiction and those above it (`kg.graph.jurisdictions`): name, code, level.

    Examples
    --------
    >>> from loaders.extract.document import parse_text
    >>> text = "重庆市长寿区人民政府\\n三、重点任务\\n（一）完善政策。（责任单位：区科技局）"
    >>> doc = parse_text(text, doc_id="d")
    >>> [(p["name"], p["code"]) for p in _jurisdiction_json(doc)]
    [('长寿区', '500115'), ('重庆市', '500000'), ('中华人民共和国', None)]
    """
    from .jurisdictions import document_place

    place = document_place(doc)
    if place is None:
        return None
    return [{"name": p.name, "code": p.code, "level": p.level} for p in place.chain()]


def to_json(doc: Document) -> dict[str, Any]:
    """A JSON-ready dict for one document.

    Examples
    --------
    >>> from loaders.extract.document import parse_text
    >>> doc = parse_text("三、重点任务\\n（一）完善政策。内容。（责任单位：区科技局）", doc_id="d")
    >>> to_json(doc)["tasks"][0]["lead"]
    ['区科技局']
    >>> to_json(doc)["warnings"]  # places the extractor is unsure of: none here
    []
    >>> doc = parse_text("某区方案（2024—2026年）\\n为贯彻落实《某市方案》，制定本方案。\\n"
    ...                  "一、重点任务\\n（一）完善政策。内容。（责任单位：区科技局）", doc_id="d")
    >>> j = to_json(doc)
    >>> j["document"]["period"], [(r["kind"], r["title"]) for r in j["relations"]]
    ([2024, 2026], [('implements', '《某市方案》')])
    """
    m = doc.meta
    return {
        "document": {
            "id": m.id,
            "title": m.title,
            "issuer": m.issuer,
            "source": m.source,
            "sha256": m.sha256,
            "encoding": m.encoding,
            "document_number": m.document_number,
            "date": m.date,
            "period": list(m.period) if m.period else None,
            "period_label": m.period_label,
            "jurisdiction": _jurisdiction_json(doc),
        },
        "tasks": [
            {
                "id": t.id,
                "number": t.number,
                "title": t.title,
                "section": t.section,
                "path": t.path,
                "lead": list(t.lead),
                "cooperating": list(t.cooperating),
                "ip_types": list(t.ip_types),
                "industries": list(t.industries),
                "tools": list(t.tools),
                "primary_tool": t.primary_tool,
                "tool_evidence": {u.tool: u.evidence.quote for u in t.tool_uses},
                "span": t.span.as_list(),
                "responsibilities": [
                    {
                        "agency": r.agency,
                        "role": r.role,
                        "span": r.mention.as_list(),
                        "clause": r.clause.as_list(),
                    }
                    for r in t.responsibilities
                ],
            }
            for t in doc.tasks
        ],
        "safeguards": [
            {
                "id": s.id,
                "title": s.title,
                "span": s.span.as_list(),
                **(
                    {
                        "lead": [r.agency for r in s.responsibilities if r.role == "lead"],
                        "cooperating": [r.agency for r in s.responsibilities if r.role == "cooperating"],
                    }
                    if s.responsibilities
                    else {}
                ),
            }
            for s in doc.safeguards
        ],
        "targets": [
            {
                "indicator": t.indicator,
                "value": t.value_out,
                "unit": t.unit,
                "year": t.year,
                "nature": t.nature,
                "kind": str(t.kind),
                "comparison": t.comparison,
                "baseline": t.baseline_out,
                "baseline_year": t.baseline_year,
                "span": t.span.as_list(),
            }
            for t in doc.targets
        ],
        "goal_years": list(doc.goal_years),
        "cited_documents": list(doc.cited_documents),
        "relations": [
            {"kind": str(r.kind), "title": r.title, "span": r.span.as_list(), "quote": r.span.quote}
            for r in doc.relations
        ],
        "agencies": [
            {
                "name": a.name,
                "full_name": a.full_name,
                "iri": agency_iri(a.key),
                "kind": _KIND_EN.get(a.kind, a.kind),
            }
            for a in doc.agencies
        ],
        "warnings": [warning_json(w) for w in doc.warnings],  # level, messages, span, quote, tasks
    }
