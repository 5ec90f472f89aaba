"""Agency networks projected onto agency functions (``policykg graph --by function``).

An agency network (`kg.networks.projection`) has one node per body: 长寿区市场监督管理局 and
江北区市场监督管理局 are two nodes, so the networks of many districts do not add up. Projected onto
functions (``ontology/vocab/functions.ttl``: 市场监管, 科技, 法院 …, each agency's ``pkg:hasFunction``),
the agencies of every jurisdiction with the same function become one node, and a corpus of district plans
gives one pooled network whose ties can be compared and counted.

How the agency network is projected (`by_function`):

- **nodes** — one per function that at least one agency of the network has; its ``label`` is the
  function's Chinese preferred label (市场监管), ``full_name`` the English one, ``kind`` is
  ``AgencyFunction``; ``agencies`` counts the agencies pooled, ``members`` and ``jurisdictions`` name them
  (``;``-joined, sorted), ``tasks_led`` / ``tasks_joined`` count the distinct key tasks some member leads /
  joins. Task and IP-type nodes of two-mode networks are kept as they are;
- **edge weights** — the sum over the agency pairs of the agency network's weights: on the co-assignment
  network, the weight of 市场监管 — 科技 is the number of (task, market-regulation agency, science agency)
  triples, i.e. summed co-assignment counts; ``pairs`` counts the agency ties pooled and ``tasks`` joins
  their tasks. Directed (lead → cooperating) networks keep the direction; on the agency × task network an
  edge's weight is the number of the function's agencies responsible for the task and its ``role`` is
  ``lead`` when one of them leads;
- **ties inside one function** (区市场监管局 and 市市场监管局 on one task) are not self-loops: a loop would
  count twice in a node's degree, enter no path and be kept differently by every export format. Their
  weight is the node attribute ``within_weight`` (and ``within_pairs``), so the pooled total is still
  ``total_weight + Σ within_weight``;
- **agencies without a function** (their name is not in the gazetteer) are left out; the network's
  ``without_function`` attribute names them (``;``-joined) and the command line prints them. The QC check
  ``agency-without-function-violation`` lists them for the whole KG.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkx as nx
from rdflib import Graph

from .rows import Collectives, _natural_key, _run

__all__ = ["AgencyFunctionInfo", "agency_functions", "by_function", "pool_tasks"]


@dataclass(frozen=True)
class AgencyFunctionInfo:
    """An agency's function as the networks use it: the function's IRI and labels, the agency's name
    and jurisdiction."""

    agency: str
    function: str
    label: str
    label_en: str
    full_name: str
    jurisdiction: str


def agency_functions(graph: Graph) -> tuple[dict[str, AgencyFunctionInfo], dict[str, str]]:
    """Read every agency's function from the KG (``queries/networks/agency-functions.rq``).

    Returns
    -------
    (functions, without)
        ``functions``: agency IRI → its function (the first in IRI order should one have several, which
        the QC check ``agency-without-function-violation`` reports); ``without``: agency IRI → full name
        of the agencies that have none.

    Examples
    --------
    >>> from kg.networks.projection import read_kg
    >>> functions, without = agency_functions(read_kg("out/kg.ttl"))
    >>> sorted({f.label for f in functions.values()})[:4], without
    (['人力社保', '公安', '农业农村', '发展改革'], {})
    """
    functions: dict[str, AgencyFunctionInfo] = {}
    names: dict[str, str] = {}
    for r in _run(graph, "agency-functions", "keep"):
        agency = str(r.agency)
        names.setdefault(agency, str(r.fullName or agency.rsplit("/", 1)[-1]))
        if r.function is None or agency in functions:
            continue
        iri = str(r.function)
        label = str(r.functionLabel or iri.rsplit("/", 1)[-1])
        functions[agency] = AgencyFunctionInfo(agency, iri, label, str(r.functionLabelEn or label),
                                               names[agency], str(r.jurisdiction or ""))
    without = {a: n for a, n in names.items() if a not in functions}
    return functions, without


def _joined(values) -> str:
    return ";".join(sorted(set(values), key=_natural_key))


def by_function(g: nx.Graph, functions: dict[str, AgencyFunctionInfo]) -> nx.Graph:
    """Project an agency network onto functions (see the module notes for the rules).

    Parameters
    ----------
    g
        A network of `kg.networks.projection` (any kind; agencies are its one-mode nodes or its
        ``bipartite`` 0 nodes).
    functions
        Agency IRI → function, from `agency_functions`; an agency of ``g`` missing from it is left out and
        named in the ``without_function`` attribute.

    Examples
    --------
    >>> import networkx as nx
    >>> f = {a: AgencyFunctionInfo(a, "fn/" + x, x, x, a, j)
    ...      for a, x, j in [("a1", "科技", "甲区"), ("a2", "科技", "乙区"), ("b", "财政", "甲区")]}
    >>> g = nx.Graph(kind="co-assignment")
    >>> g.add_edge("a1", "b", weight=2, tasks="（一）;（二）")
    >>> g.add_edge("a2", "b", weight=1, tasks="（三）")
    >>> g.add_edge("a1", "a2", weight=4, tasks="（四）")
    >>> p = by_function(g, f)
    >>> p.edges["fn/科技", "fn/财政"]["weight"], p.nodes["fn/科技"]["within_weight"]
    (3, 4)
    >>> p.nodes["fn/科技"]["agencies"], p.nodes["fn/科技"]["jurisdictions"]
    (2, '乙区;甲区')
    """
    two_mode = bool(g.graph.get("two_mode"))
    out = g.__class__()
    out.graph.update(g.graph)
    out.graph["by"] = "function"
    out.graph["name"] = f"{g.graph.get('name', 'policykg network')} by function"

    def is_agency(node: object) -> bool:
        return not two_mode or g.nodes[node].get("bipartite", 0) == 0

    missing: dict[object, str] = {}
    members: dict[str, list[str]] = defaultdict(list)
    for n, d in g.nodes(data=True):
        if not is_agency(n):
            continue
        if n in functions:
            members[functions[n].function].append(n)
        else:
            missing[n] = str(d.get("full_name") or d.get("label") or n)
    led, joined = _member_tasks(g, functions, two_mode)
    for fn in sorted(members):
        info = functions[members[fn][0]]
        agencies = members[fn]
        attrs = {
            "label": info.label,
            "full_name": info.label_en,
            "kind": "AgencyFunction",
            "agencies": len(agencies),
            "members": _joined(str(g.nodes[a].get("full_name") or a) for a in agencies),
            "jurisdictions": _joined(functions[a].jurisdiction for a in agencies
                                     if functions[a].jurisdiction),
            "tasks_led": len(led[fn]) if led is not None else sum(int(g.nodes[a].get("tasks_led", 0))
                                                                   for a in agencies),
            "tasks_joined": len(joined[fn]) if joined is not None else sum(
                int(g.nodes[a].get("tasks_joined", 0)) for a in agencies),
            "collective": any(bool(g.nodes[a].get("collective")) for a in agencies),
            "within_weight": 0,
            "within_pairs": 0,
        }
        if two_mode:
            attrs["bipartite"] = 0
        out.add_node(fn, **attrs)
    for n, d in g.nodes(data=True):
        if not is_agency(n):
            out.add_node(n, **d)

    def image(node: object) -> object | None:
        if not is_agency(node):
            return node
        return functions[node].function if node in functions else None

    for u, v, d in sorted(g.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        fu, fv = image(u), image(v)
        if fu is None or fv is None:
            continue
        weight = d.get("weight", 1)
        if fu == fv:
            out.nodes[fu]["within_weight"] += weight
            out.nodes[fu]["within_pairs"] += 1
            continue
        if not out.is_directed() and str(fu) > str(fv):
            fu, fv = fv, fu
        if out.has_edge(fu, fv):
            e = out.edges[fu, fv]
            e["weight"] += weight
            e["pairs"] += 1
            e["_tasks"].update(t for t in str(d.get("tasks", "")).split(";") if t)
            if d.get("role") == "lead":
                e["role"] = "lead"
        else:
            attrs = {"weight": weight, "pairs": 1,
                     "_tasks": {t for t in str(d.get("tasks", "")).split(";") if t}}
            if "role" in d:
                attrs["role"] = d["role"]
            out.add_edge(fu, fv, **attrs)
    for _, _, e in out.edges(data=True):
        e["tasks"] = _joined(e.pop("_tasks"))
    out.graph["edge_weight"] = f"{g.graph.get('edge_weight', 'weight')}, summed over the agency pairs"
    out.graph["agencies_without_function"] = len(missing)
    out.graph["without_function"] = _joined(missing.values())
    return out


def _member_tasks(g: nx.Graph, functions: dict[str, AgencyFunctionInfo], two_mode: bool):
    """Function → the distinct tasks its members lead / join, where the network says (agency × task);
    ``(None, None)`` otherwise (the sums of the members' counts are used instead)."""
    if not (two_mode and g.graph.get("kind") == "agency-task"):
        return None, None
    led: dict[str, set] = defaultdict(set)
    joined: dict[str, set] = defaultdict(set)
    for u, v, d in g.edges(data=True):
        agency, task = (u, v) if g.nodes[u].get("bipartite", 0) == 0 else (v, u)
        if agency in functions:
            (led if d.get("role") == "lead" else joined)[functions[agency].function].add(task)
    return led, joined


def pool_tasks(g: nx.Graph, graph: Graph, functions: dict[str, AgencyFunctionInfo],
               collectives: Collectives = "drop") -> None:
    """Set ``tasks_led`` and ``tasks_joined`` on the function nodes of ``g``: the distinct tasks the
    agencies of each function lead and join (read from the agency × task rows of ``graph``), so a task two
    agencies of one function lead counts once. `kg.networks.projection.function_network` calls it."""
    led: dict[str, set] = defaultdict(set)
    joined: dict[str, set] = defaultdict(set)
    for r in _run(graph, "agency-task", collectives):
        if str(r.agency) in functions:
            (led if str(r.role) == "lead" else joined)[functions[str(r.agency)].function].add(str(r.task))
    for n, d in g.nodes(data=True):
        if d.get("kind") == "AgencyFunction":
            d["tasks_led"], d["tasks_joined"] = len(led[n]), len(joined[n])
