"""What each page of the explorer shows, as plain data for its template (no HTTP here).

One function per kind of page — `overview`, `document`, `task`, `agency`, `concept`, `target`,
`resource` (any other IRI), `search`, `answer` (a question) and `network` — each asks `Explorer` the
queries it needs and returns a dict. The templates in ``kg/explore/templates`` render them; every IRI
in them becomes a link with `kg.explore.data.local_path`.
"""

from __future__ import annotations

import json
import urllib.parse
from collections import OrderedDict
from typing import Any

from rdflib import URIRef

from ..errors import MissingExtraError, PolicyKGError
from .data import Explorer, local_path
from .highlight import Mark, highlight

__all__ = ["overview", "document", "task", "agency", "concept", "jurisdiction", "target", "resource",
           "search", "answer", "network", "short", "kind_of", "SEARCH_KINDS", "PKG", "MAX_SEARCH_LENGTH"]
__all__ += ["tool", "document_tools", "task_marks"]

PKG = "https://w3id.org/policykg/ontology#"
#: The kinds of search hits, in the order the page lists them, with their headings.
SEARCH_KINDS = OrderedDict([
    ("agency", "机构 Agencies"), ("task", "重点任务 Key tasks"), ("document", "文件 Documents"),
    ("ip-type", "知识产权类型 IP types"), ("industry", "产业 Industries"), ("target", "量化指标 Targets"),
    ("safeguard", "保障措施 Safeguards"), ("cited", "引用的文件 Cited documents"),
])
#: Characters a search or a question may have.
MAX_SEARCH_LENGTH = 200

# The measures an agency page shows, with their labels (the keys of kg.networks.sna.node_measures).
MEASURES = [
    ("degree", "度 degree"), ("weighted_degree", "加权度 weighted degree"),
    ("betweenness", "中介中心性 betweenness"), ("closeness", "接近中心性 closeness"),
    ("eigenvector", "特征向量中心性 eigenvector"), ("constraint", "约束 constraint (Burt)"),
    ("effective_size", "有效规模 effective size"), ("core_number", "k-核 k-core"),
    ("core", "核心/边缘 core/periphery"), ("community", "社区 community"),
]
LEAD_MEASURES = [
    ("degree_out", "出度 out-degree (牵头→配合)"), ("degree_in", "入度 in-degree"),
    ("weighted_degree_out", "加权出度 weighted out-degree"),
    ("weighted_degree_in", "加权入度 weighted in-degree"),
    ("betweenness", "中介中心性 betweenness"),
]

_PAGE_TYPES = {
    "PolicyDocument": "document", "KeyTask": "task", "Safeguard": "task", "Agency": "agency",
    "Target": "target", "IPType": "concept", "Industry": "concept", "AgencyFunction": "concept",
    "Jurisdiction": "jurisdiction", "PolicyTool": "tool",
}


def short(iri: str) -> str:
    """An IRI as a prefixed name, percent-decoded, for display.

    Examples
    --------
    >>> short("https://w3id.org/policykg/id/agency/%E5%8C%BA%E6%B3%95%E9%99%A2")
    'pkgid:agency/区法院'
    >>> short("urn:x")
    'urn:x'
    """
    from ..graph.namespaces import PREFIXES

    best = max(((p, str(ns)) for p, ns in PREFIXES.items() if iri.startswith(str(ns))),
               key=lambda pn: len(pn[1]), default=None)
    if best is None:
        return iri
    return f"{best[0]}:{urllib.parse.unquote(iri[len(best[1]):])}"


def kind_of(types: list[str]) -> str:
    """The page for a resource with these rdf:types: document, task, agency, target, concept or resource.

    Examples
    --------
    >>> kind_of(["https://w3id.org/policykg/ontology#Agency", "https://w3id.org/policykg/ontology#Court"])
    'agency'
    >>> kind_of(["http://www.w3.org/2004/02/skos/core#Concept"])
    'resource'
    """
    for t in types:
        if t.startswith(PKG) and t[len(PKG):] in _PAGE_TYPES:
            return _PAGE_TYPES[t[len(PKG):]]
    return "resource"


def _tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


# ---------------------------------------------------------------------------- overview
def overview(ex: Explorer) -> dict[str, Any]:
    """The front page: counts, documents, targets by year, agencies by tasks, IP types and industries."""
    counts = ex.rows("explore/overview")[0]
    years: dict[str, list[dict[str, Any]]] = {}
    for r in ex.rows("targets-by-year"):  # years in order, then the targets without one ("")
        years.setdefault("" if r["year"] is None else str(r["year"]), []).append(r)
    agencies = ex.rows("explore/agencies")
    concepts = ex.rows("explore/concepts")
    most = max((len(v) for v in years.values()), default=1)
    return {
        "counts": counts,
        "documents": ex.rows("document-summary"),
        "years": [{"year": y, "targets": v, "share": round(100 * len(v) / most)}
                  for y, v in sorted(years.items(), key=lambda yv: (yv[0] == "", yv[0]))],
        "agencies": _one_per(agencies, "agency")[:60],
        "agency_total": len({r["agency"] for r in agencies}),
        "ip_types": [c for c in concepts if c["scheme"] == "ip-type"],
        "industries": [c for c in concepts if c["scheme"] == "industry"],
        "tools": ex.rows("explore/tools"),
    }


def _one_per(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """The first row of each ``key`` (rows with several kinds come once per kind)."""
    seen: dict[Any, dict[str, Any]] = {}
    for r in rows:
        seen.setdefault(r[key], r)
    return list(seen.values())


# ---------------------------------------------------------------------------- doubt and corrections
def task_marks(ex: Explorer, document: URIRef, task: URIRef | None = None) -> dict[str, dict[str, list]]:
    """The marks on a document's tasks (or on ``task`` alone), by task IRI: ``checks`` — the warnings of
    level check that concern it (code, message, quote) — and ``corrections`` — what a researcher changed
    (field, extracted value, corrected value, reviewer, file, note)."""
    params: dict[str, URIRef] = {"document": document}
    if task is not None:
        params["task"] = task
    out: dict[str, dict[str, list]] = {}
    for r in ex.rows("explore/task-marks", **params):
        entry = out.setdefault(r["task"], {"checks": [], "corrections": []})
        entry["checks" if r["mark"] == "check" else "corrections"].append(r)
    return out


_NO_MARKS: dict[str, list] = {"checks": [], "corrections": []}


# ---------------------------------------------------------------------------- document
def _marks(facts: list[dict[str, Any]], offset: int = 0) -> list[Mark]:
    kinds = {"Section": "section", "KeyTask": "task", "Safeguard": "safeguard", "Goal": "goal",
             "Target": "target", "Responsibility": "responsibility"}
    by_item: dict[str, dict[str, Any]] = {}
    for f in facts:
        kind = kinds.get(str(f.get("kind") or "")[len(PKG):], "")
        current = by_item.get(f["item"])
        if current is None or (kind and not current["_kind"]):
            by_item[f["item"]] = dict(f, _kind=kind)
    marks = []
    for item, f in by_item.items():
        kind, start, end = f["_kind"], int(f["start"]) - offset, int(f["end"]) - offset
        if kind == "responsibility" and f.get("agency"):
            role = "lead" if str(f.get("role", "")).endswith("LeadRole") else "cooperating"
            title = f"{'牵头' if role == 'lead' else '配合'} {role}：{f.get('agency_name') or ''}"
            marks.append(Mark(start, end, role, local_path(f["agency"]), title))
        elif kind in ("section", "task", "safeguard", "goal"):
            marks.append(Mark(start, end, kind, local_path(item), str(f.get("label") or ""), container=True,
                              anchor=f"{kind}-{_tail(item)}" if not offset else ""))
        else:
            marks.append(Mark(start, end, kind or "other", local_path(item), str(f.get("label") or ""),
                              anchor=f"{kind}-{_tail(item)}" if kind == "target" and not offset else ""))
    return marks


def document(ex: Explorer, iri: str) -> dict[str, Any]:
    """A document: what it is, its outline with the agencies of each task, targets, goals, cited
    documents and its full text with every fact highlighted."""
    term = URIRef(iri)
    info = ex.rows("explore/document", document=term)[0]
    parts = ex.rows("explore/document-parts", document=term)
    facts = ex.rows("explore/document-facts", document=term)
    text = str(info.get("text") or "")
    agencies: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for f in facts:
        if f.get("agency") and f.get("task"):
            role = "lead" if str(f["role"]).endswith("LeadRole") else "cooperating"
            name = text[int(f["start"]):int(f["end"])] or f.get("agency_name")
            entry = {"agency": f["agency"], "name": name, "full_name": f.get("agency_name")}
            bucket = agencies.setdefault(f["task"], {"lead": [], "cooperating": []})[role]
            if entry["agency"] not in [e["agency"] for e in bucket]:
                bucket.append(entry)
    outline = []
    for p in _one_per(parts, "part"):
        kind = str(p["kind"])[len(PKG):]
        outline.append(dict(p, kind=kind, level=int(p.get("level") or 1),
                            anchor=f"{'task' if kind == 'KeyTask' else kind.lower()}-{_tail(p['part'])}",
                            agencies=agencies.get(p["part"], {"lead": [], "cooperating": []})))
    marks = task_marks(ex, term)
    for p in outline:
        p.update(marks.get(p["part"], _NO_MARKS))
    goals = _one_per([f for f in facts if str(f.get("kind")) == PKG + "Goal"], "item")
    return {
        "checked": sum(1 for p in outline if p.get("checks")),
        "corrected": sum(1 for p in outline if p.get("corrections")),
        "iri": iri, "info": info, "outline": outline, "goals": goals,
        "tasks": sum(1 for p in outline if p["kind"] == "KeyTask"),
        "targets": ex.rows("numeric-targets", document=term),
        "cited": ex.rows("cited-documents", document=term),
        "text_html": highlight(text, _marks(facts)), "facts": len({f["item"] for f in facts}),
        **document_tools(ex, term, outline),
        **_when_and_where(ex, term),
    }


def _when_and_where(ex: Explorer, term: URIRef) -> dict[str, Any]:
    """A document's date, period and jurisdiction (with the divisions above it), and its relations to
    other documents in both directions."""
    context = ex.rows("explore/document-context", document=term)[0]
    chain = (ex.rows("explore/jurisdiction-chain", jurisdiction=URIRef(context["jurisdiction"]))
             if context.get("jurisdiction") else [])
    relations = ex.rows("explore/document-relations", document=term)
    return {"context": context, "chain": chain,
            "relations_out": [r for r in relations if r["direction"] == "out"],
            "relations_in": [r for r in relations if r["direction"] == "in"]}


# ---------------------------------------------------------------------------- task
def task(ex: Explorer, iri: str) -> dict[str, Any]:
    """A key task (or a safeguard): its clause with the agencies marked, its roles, IP types, industries."""
    term = URIRef(iri)
    info = ex.rows("explore/task", task=term)[0]
    assignments = ex.rows("task-assignments", task=term)
    lead = [a for a in assignments if str(a["role"]).endswith("LeadRole")]
    cooperating = [a for a in assignments if not str(a["role"]).endswith("LeadRole")]
    quote = str(info.get("quote") or "")
    start = int(info.get("start") or 0)
    marks = [Mark(int(a["start"]) - start, int(a["end"]) - start,
                  "lead" if a in lead else "cooperating", local_path(a["agency"]),
                  f"{a['role_label']}：{a['full_name']}") for a in assignments]
    concepts = ex.rows("explore/task-concepts", task=term)
    flags = _NO_MARKS
    if info.get("document"):
        flags = task_marks(ex, URIRef(info["document"]), term).get(iri, _NO_MARKS)
    return {
        **flags,
        "iri": iri, "info": info, "kind": str(info["kind"])[len(PKG):], "lead": lead,
        "cooperating": cooperating, "quote_html": highlight(quote, marks),
        "ip_types": [c for c in concepts if c["scheme"] == "ip-type"],
        "industries": [c for c in concepts if c["scheme"] == "industry"],
        "anchor": f"{'task' if str(info['kind']).endswith('KeyTask') else 'safeguard'}-{_tail(iri)}",
    }


# ---------------------------------------------------------------------------- agency
def _measures(ex: Explorer, iri: str) -> dict[str, Any]:
    out: dict[str, Any] = {"error": None, "co": [], "lead": []}
    try:
        co, lead = ex.network("co-assignment"), ex.network("lead")
    except MissingExtraError as exc:
        out["error"] = str(exc)
        return out
    except PolicyKGError as exc:
        out["error"] = f"网络无法计算 the network could not be projected: {exc}"
        return out
    for g, key, wanted in ((co, "co", MEASURES), (lead, "lead", LEAD_MEASURES)):
        if iri in g:
            node = g.nodes[iri]
            out[key] = [(label, node[name]) for name, label in wanted if name in node]
    if not out["co"] and iri not in co:
        out["error"] = ("不在网络中（未承担重点任务，或为集体/泛指单位） "
                        "not in the network (no key task, or a collective)")
    elif not out["co"]:
        out["error"] = "需要 policykg[analysis] 计算指标 the measures need pip install 'policykg[analysis]'"
    return out


def agency(ex: Explorer, iri: str) -> dict[str, Any]:
    """An agency: names, kind, tasks led and joined, partners and its place in the networks."""
    term = URIRef(iri)
    rows = ex.rows("explore/agency", agency=term)
    info = rows[0]
    kinds = [r for r in rows if r.get("kind")]
    tasks = ex.rows("tasks-of-agency", agency=term)
    led = [t for t in tasks if str(t["role"]).endswith("LeadRole")]
    joined = [t for t in tasks if not str(t["role"]).endswith("LeadRole")]
    written = sorted({t["as_written"] for t in tasks if t.get("as_written")} - {info.get("label")})
    return {
        "iri": iri, "info": info, "kinds": kinds, "led": led, "joined": joined, "written": written,
        "partners": ex.rows("partners-of-agency", agency=term), "measures": _measures(ex, iri),
        "documents": list(dict.fromkeys(t["document"] for t in tasks)),
    }


# ---------------------------------------------------------------------------- concept
def concept(ex: Explorer, iri: str) -> dict[str, Any]:
    """An IP type or industry: labels, definition, broader and narrower concepts, tasks and agencies."""
    term = URIRef(iri)
    rows = ex.rows("explore/concept", concept=term)
    info = rows[0]
    related: dict[str, list[dict[str, Any]]] = {"broader": [], "narrower": [], "alt": []}
    for r in rows:
        if r.get("relation") in related:
            related[r["relation"]].append(r)
    scheme = info["scheme"]
    tasks: list[dict[str, Any]] = []
    agencies: list[dict[str, Any]] = []
    if scheme in ("ip-type", "industry"):
        name = "ip_type" if scheme == "ip-type" else "industry"
        tasks = ex.rows(f"tasks-by-{scheme}", **{name: term})
        agencies = ex.rows(f"agencies-by-{scheme}", **{name: term})
    performers = ex.rows("explore/agencies-of-function", function=term) if scheme == "function" else []
    return {"iri": iri, "info": info, "scheme": scheme, "related": related, "tasks": _one_per(tasks, "task"),
            "performers": performers,
            "lead": [a for a in agencies if str(a["role"]).endswith("LeadRole")],
            "cooperating": [a for a in agencies if not str(a["role"]).endswith("LeadRole")]}


# ---------------------------------------------------------------------------- jurisdiction
def jurisdiction(ex: Explorer, iri: str) -> dict[str, Any]:
    """A jurisdiction: its level and code, the divisions above and directly within it, the agencies
    that govern in it and the documents issued in it or in any division within it."""
    term = URIRef(iri)
    chain = ex.rows("explore/jurisdiction-chain", jurisdiction=term)
    parts = ex.rows("explore/jurisdiction", jurisdiction=term)
    info = next((c for c in chain if c["division"] == iri), {"name": None, "code": None, "level_zh": None})
    return {"iri": iri, "info": info, "chain": [c for c in chain if c["division"] != iri],
            "divisions": [p for p in parts if p["part"] == "division"],
            "agencies": [p for p in parts if p["part"] == "agency"],
            "documents": _one_per(ex.rows("documents-in-jurisdiction", jurisdiction=term), "document")}


# ---------------------------------------------------------------------------- target
def target(ex: Explorer, iri: str) -> dict[str, Any]:
    """A numeric target: indicator, value, unit, year, nature, kind, and the text it was read from."""
    info = ex.rows("explore/target", target=URIRef(iri))[0]
    return {"iri": iri, "info": info, "anchor": f"target-{_tail(iri)}"}


# ---------------------------------------------------------------------------- any other resource
def resource(ex: Explorer, iri: str, types: list[str]) -> dict[str, Any]:
    """Any other IRI (a section, goal, span, indicator, cited document, class …): its triples."""
    term = URIRef(iri)
    out = ex.rows("explore/describe", resource=term)
    incoming = ex.rows("explore/describe-in", resource=term)
    label = next((r["o"] for r in out if r["p"] in (
        "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
        "http://purl.org/dc/terms/title")), None)
    return {"iri": iri, "types": types, "label": label or short(iri), "out": out, "incoming": incoming}


# ---------------------------------------------------------------------------- search
def search(ex: Explorer, text: str) -> dict[str, Any]:
    """Items whose names contain ``text``, grouped by kind (the text is bound, never pasted)."""
    text = " ".join(text.split())[:MAX_SEARCH_LENGTH]
    groups: dict[str, list[dict[str, Any]]] = {k: [] for k in SEARCH_KINDS}
    if text:
        for r in ex.rows("explore/search", text=text):
            groups.setdefault(r["kind"], []).append(r)
    return {"q": text, "groups": [(k, SEARCH_KINDS.get(k, k), v) for k, v in groups.items() if v],
            "total": sum(len(v) for v in groups.values())}


# ---------------------------------------------------------------------------- questions
def answer(ex: Explorer, question: str) -> dict[str, Any]:
    """A question answered with `kg.ask` (or refused): what was understood, the rows, the SPARQL and
    the link that opens it in the editor."""
    from ..ask import AskError

    question = question.strip()[:MAX_SEARCH_LENGTH]
    examples = ex.example_questions()  # the question box's, from this KG
    if not question:
        return {"q": "", "result": None, "refusal": None, "examples": examples}
    try:
        result = ex.ask(question)
    except AskError as refusal:
        return {"q": question, "result": None, "refusal": refusal, "examples": examples}
    body = result.sparql.strip("\n").splitlines()
    while body and (body[0].startswith("#") or not body[0].strip()):
        body.pop(0)
    sparql = "\n".join(body)
    return {"q": question, "result": result, "refusal": None, "sparql": sparql, "examples": examples,
            "editor": "/sparql?" + urllib.parse.urlencode({"query": sparql})}


# ---------------------------------------------------------------------------- network
# ---------------------------------------------------------------------------- policy tools
def document_tools(ex: Explorer, term: URIRef, outline: list[dict[str, Any]]) -> dict[str, Any]:
    """The policy tools of a document's key tasks: each outline item gets ``tools`` (with the primary one
    marked) and ``tool_codes``; ``tool_options`` are the tools the document deploys, with their task counts,
    for the outline's filter."""
    by_task: dict[str, list[dict[str, Any]]] = {}
    for r in ex.rows("explore/task-tools", document=term):
        by_task.setdefault(r["task"], []).append(r)
    options: dict[str, dict[str, Any]] = {}
    for p in outline:
        tools = by_task.get(p["part"], [])
        p["tools"] = tools
        p["tool_codes"] = [t["code"] for t in tools]
        for t in tools:
            o = options.setdefault(t["code"], {"code": t["code"], "label": t["label"],
                                               "type_label": t["type_label"], "tasks": 0})
            o["tasks"] += 1
    order = {c: i for i, c in enumerate(r["code"] for r in ex.rows("explore/tools"))}
    return {"tool_options": sorted(options.values(), key=lambda o: order.get(o["code"], 99))}


def tool(ex: Explorer, iri: str) -> dict[str, Any]:
    """A policy tool (a type or a sub-tool): labels, the codebook's question and definition, its type or its
    sub-tools, the key tasks that deploy it (with the evidence, primary ones marked) and the agencies that
    lead them."""
    term = URIRef(iri)
    rows = ex.rows("explore/tool", tool=term)
    info = rows[0]
    related: dict[str, list[dict[str, Any]]] = {"broader": [], "narrower": []}
    for r in rows:
        if r.get("relation") in related and r["other"] not in [x["other"] for x in related[r["relation"]]]:
            related[r["relation"]].append(r)
    tasks = ex.rows("tasks-by-policy-tool", tool=term)
    agencies = ex.rows("policy-tools-by-agency", tool=term)
    lead: dict[str, dict[str, Any]] = {}
    for a in agencies:
        entry = lead.setdefault(a["agency"], {"agency": a["agency"], "label": a["label"],
                                              "full_name": a["full_name"], "tasks": 0, "primary_tasks": 0})
        entry["tasks"] += a["tasks"]
        entry["primary_tasks"] += a["primary_tasks"]
    return {"iri": iri, "info": info, "related": related, "tasks": tasks,
            "primary": sum(1 for t in tasks if t["primary"]),
            "lead": sorted(lead.values(), key=lambda a: (-a["tasks"], a["label"] or ""))}


NETWORK_TITLES = {"co-assignment": "共同承担任务网络 co-assignment network",
                  "lead": "牵头—配合网络 lead → cooperating network"}
DOWNLOADS = [("gexf", "GEXF (Gephi)"), ("graphml", "GraphML"), ("pajek", "Pajek .net"), ("dl", "UCINET DL"),
             ("csv-nodes", "CSV 节点 nodes"), ("csv-edges", "CSV 边 edges")]


def network(ex: Explorer, kind: str) -> dict[str, Any]:
    """The network view: the offline viewer's data (as `kg.networks.exports.html.html_page` writes it)
    and the page of each node."""
    from ..networks.exports.html import html_page

    g = ex.network(kind)
    page = html_page(g, NETWORK_TITLES[kind])
    start_tag = '<script type="application/json" id="graph-data">'
    start = page.index(start_tag) + len(start_tag)
    payload = page[start:page.index("</script>", start)]  # already safe inside <script>
    pages = json.dumps({str(n): local_path(str(n)) for n in g.nodes}, ensure_ascii=False)
    pages = pages.replace("<", "\\u003c")
    return {"kind": kind, "title": NETWORK_TITLES[kind], "payload": payload, "pages": pages,
            "nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "kinds": NETWORK_TITLES,
            "downloads": DOWNLOADS}
