"""Project the KG onto agency networks (NetworkX), through the SPARQL queries in ``queries/networks/``.

Four projections, all read from the graph by SPARQL (never by walking triples), so they mean the same
thing on any store that holds the KG:

- ``co-assignment`` — undirected; agencies named together on a key task, weight = tasks shared;
- ``lead`` — directed; lead agency → cooperating agency of a task, weight = tasks;
- ``agency-task`` — two-mode; agency — key task it is responsible for (``role`` lead/cooperating);
- ``agency-ip`` — two-mode; agency — IP type (专利, 商标 …) of the tasks it works on, weight = tasks.

Each can also be projected onto agency functions (``by="function"``, `kg.networks.functions`): one node
per function (市场监管, 科技 …) pooling the agencies of every jurisdiction.

Nodes are keyed by IRI (one body, one IRI across documents). Agency nodes carry ``label`` (the name as
written, e.g. 区市场监管局), ``full_name`` (长寿区市场监督管理局), ``kind`` (GovernmentDepartment …),
``tasks_led`` and ``tasks_joined``; edges carry ``weight`` and ``tasks``, the task numbers behind the
edge joined by ``;`` (a scalar string, so every export format keeps it). Two-mode networks mark the
node sets with the NetworkX ``bipartite`` attribute (0 = agencies). Collective bodies (各成员单位 …)
are left out by default: they are not one organisation, and as a node they would tie every member
to every other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import Graph

from ..errors import ExitCode, InputError, PolicyKGError
from ..resources import vocab_paths
from .functions import agency_functions, by_function, pool_tasks
from .rows import Collectives, _natural_key, _run

__all__ = [
    "KINDS",
    "BY",
    "Collectives",
    "NetworkError",
    "TaskInfo",
    "read_kg",
    "co_assignment_network",
    "lead_network",
    "agency_task_network",
    "agency_ip_network",
    "build_network",
    "network_from_file",
    "node_names",
    "total_weight",
]

KINDS = ("co-assignment", "lead", "agency-task", "agency-ip")
# What the nodes stand for (``--by``): agencies, or their functions (`kg.networks.functions`), which pools
# the agencies of every jurisdiction with one function into one node. A further grouping is one more entry
# here and one branch in `build_network`.
BY = ("agency", "function")

# Agency kinds from the most to the least specific, so a graph with inferred superclasses
# (PublicSecurityOrgan ⊑ GovernmentDepartment) still reports the asserted kind.
_KIND_ORDER = (
    "Collective",
    "PublicSecurityOrgan",
    "Court",
    "Procuratorate",
    "PeoplesGovernment",
    "PartyOrgan",
    "DevelopmentZone",
    "GovernmentDepartment",
    "OtherAgency",
)


class NetworkError(PolicyKGError):
    """A network cannot be built or written (one line, for the CLI)."""

    exit_code = ExitCode.NETWORK


@dataclass(frozen=True)
class TaskInfo:
    """A key task as the networks name it: ``key`` is its number (（一）), document-qualified when the KG
    holds tasks of more than one document."""

    iri: str
    key: str
    identifier: str
    label: str
    title: str
    document: str


def read_kg(path: str | Path, vocabularies: bool = True) -> Graph:
    """Read a KG file (Turtle, N-Triples, RDF/XML … by extension) into an rdflib graph, on the embedded
    Oxigraph store of `kg.sparql.store` when it is available (rdflib's memory store otherwise).

    The IP-type vocabulary (and the other SKOS vocabularies) are added when ``vocabularies`` is true, so
    IP types get their Chinese labels and sub-types roll up to their top concept.

    Examples
    --------
    >>> from kg.networks.projection import read_kg
    >>> g = read_kg("out/kg.ttl")
    """
    path = Path(path)
    if not path.is_file():  # bad input: exit code 5 as in every command (docs/reliability.md, exit codes)
        raise InputError(str(path), f"no such file (build the KG first: policykg build -o {path.parent})")
    try:
        from ..sparql.store import KGReadError, open_kg  # the embedded Oxigraph store, where available
    except ImportError:
        KGReadError, open_kg = None, None  # noqa: N806
    try:
        if open_kg is None:
            graph = Graph()
            graph.parse(path)
            for vocab in vocab_paths() if vocabularies else []:
                graph.parse(vocab)
            return graph
        return open_kg(path, ontology=False, vocabularies=vocabularies)
    except Exception as exc:  # parsers raise many types (SyntaxError, BadSyntax, ValueError …)
        if KGReadError is not None and isinstance(exc, KGReadError):
            raise  # one line naming the file already, with the exit code of bad input in every command
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(str(path), f"not a readable RDF file ({first})") from exc


def _tasks(graph: Graph) -> dict[str, TaskInfo]:
    rows = _run(graph, "tasks", "keep")
    documents = {str(r.documentId or "") for r in rows}
    qualify = len(documents) > 1
    tasks = {}
    for r in rows:
        iri = str(r.task)
        identifier = str(r.identifier or iri.rsplit("/", 1)[-1])
        document = str(r.documentId or "")
        key = f"{document}/{identifier}" if qualify else identifier
        tasks[iri] = TaskInfo(iri, key, identifier, str(r.label or identifier), str(r.title or ""), document)
    return tasks


def _task_list(iris: object, tasks: Mapping[str, TaskInfo]) -> str:
    found = sorted(str(iris or "").split(), key=_natural_key)
    return ";".join(tasks[i].key if i in tasks else i for i in found)


def _kind(kinds: object) -> str:
    names = set(str(kinds or "").split())
    return next((k for k in _KIND_ORDER if k in names), "Agency")


def _add_agencies(g: nx.Graph, graph: Graph, collectives: Collectives, two_mode: bool) -> None:
    for r in _run(graph, "agencies", collectives):
        iri = str(r.agency)
        label = str(r.label or r.fullName or iri.rsplit("/", 1)[-1])
        attrs = {
            "label": label,
            "full_name": str(r.fullName or label),
            "kind": _kind(r.kinds),
            "tasks_led": int(r.tasksLed),
            "tasks_joined": int(r.tasksJoined),
            "collective": bool(r.collective.toPython()) if r.collective is not None else False,
        }
        if two_mode:
            attrs["bipartite"] = 0
        g.add_node(iri, **attrs)


def _graph_attrs(kind: str, collectives: Collectives, weight: str) -> dict:
    return {"name": f"policykg {kind} network", "kind": kind, "collectives": collectives,
            "edge_weight": weight}


def co_assignment_network(graph: Graph, collectives: Collectives = "drop") -> nx.Graph:
    """The undirected co-assignment network: agencies named together on key tasks.

    Parameters
    ----------
    graph
        The KG (data; vocabularies optional).
    collectives
        ``"drop"`` (default) leaves collective bodies such as 各成员单位 out; ``"keep"`` keeps them.

    Returns
    -------
    networkx.Graph
        One node per agency responsible for a key task (isolates included); an edge per pair of
        agencies sharing at least one task, ``weight`` = tasks shared, ``tasks`` = their numbers.

    Examples
    --------
    >>> from kg.networks.projection import co_assignment_network, read_kg
    >>> G = co_assignment_network(read_kg("out/kg.ttl"))
    >>> G.number_of_nodes(), G.number_of_edges()
    (19, 90)
    """
    g = nx.Graph(**_graph_attrs("co-assignment", collectives, "number of key tasks the two agencies share"))
    _add_agencies(g, graph, collectives, two_mode=False)
    tasks = _tasks(graph)
    for r in _run(graph, "co-assignment", collectives):
        g.add_edge(str(r.source), str(r.target), weight=int(r.weight), tasks=_task_list(r.tasks, tasks))
    return g


def lead_network(graph: Graph, collectives: Collectives = "drop") -> nx.DiGraph:
    """The directed lead → cooperating network: an arc from each lead agency of a key task to each of
    its cooperating agencies, ``weight`` = number of such tasks.

    Examples
    --------
    >>> from kg.networks.projection import lead_network, read_kg
    >>> G = lead_network(read_kg("out/kg.ttl"))
    >>> G.number_of_edges()
    23
    """
    weight = "number of key tasks the source leads and the target joins"
    g = nx.DiGraph(**_graph_attrs("lead", collectives, weight))
    _add_agencies(g, graph, collectives, two_mode=False)
    tasks = _tasks(graph)
    for r in _run(graph, "lead-cooperating", collectives):
        g.add_edge(str(r.source), str(r.target), weight=int(r.weight), tasks=_task_list(r.tasks, tasks))
    return g


def agency_task_network(graph: Graph, collectives: Collectives = "drop") -> nx.Graph:
    """The two-mode agency × key task network (``bipartite`` 0 = agencies, 1 = tasks); each edge has
    ``role`` (lead or cooperating), ``weight`` 1 and ``tasks`` = the task's number.

    Examples
    --------
    >>> from kg.networks.projection import agency_task_network, read_kg
    >>> G = agency_task_network(read_kg("out/kg.ttl"))
    >>> sum(1 for _, d in G.nodes(data=True) if d["bipartite"] == 1)
    12
    """
    g = nx.Graph(**_graph_attrs("agency-task", collectives, "1 per responsibility"), two_mode=True)
    _add_agencies(g, graph, collectives, two_mode=True)
    tasks = _tasks(graph)
    for iri in sorted(tasks, key=_natural_key):
        t = tasks[iri]
        # The number (（一）) names the node; the numbered title is its full name.
        g.add_node(iri, label=t.key, full_name=t.label, kind="KeyTask", title=t.title,
                   document=t.document, bipartite=1)
    for r in _run(graph, "agency-task", collectives):
        task = str(r.task)
        key = tasks[task].key if task in tasks else task
        g.add_edge(str(r.agency), task, weight=1, role=str(r.role), tasks=key)
    return g


def agency_ip_network(graph: Graph, collectives: Collectives = "drop") -> nx.Graph:
    """The two-mode agency × IP type network (``bipartite`` 0 = agencies, 1 = IP types): an edge when a
    key task the agency is responsible for concerns the IP type, ``weight`` = number of such tasks.

    IP types roll up to the vocabulary's top concepts when the vocabulary is in ``graph``
    (`read_kg` adds it).

    Examples
    --------
    >>> from kg.networks.projection import agency_ip_network, read_kg
    >>> G = agency_ip_network(read_kg("out/kg.ttl"))
    >>> sorted(d["label"] for _, d in G.nodes(data=True) if d["bipartite"] == 1)
    ['专利', '商标', '地理标志', '植物新品种', '版权']
    """
    weight = "number of the agency's key tasks that concern the IP type"
    g = nx.Graph(**_graph_attrs("agency-ip", collectives, weight), two_mode=True)
    _add_agencies(g, graph, collectives, two_mode=True)
    tasks = _tasks(graph)
    for r in _run(graph, "agency-ip-type", collectives):
        ip = str(r.ipType)
        if ip not in g:
            label = str(r.ipLabel or ip.rsplit("/", 1)[-1])
            g.add_node(ip, label=label, full_name=label, kind="IPType", bipartite=1)
        g.add_edge(str(r.agency), ip, weight=int(r.weight), tasks=_task_list(r.tasks, tasks))
    return g


_BUILDERS = {
    "co-assignment": co_assignment_network,
    "lead": lead_network,
    "agency-task": agency_task_network,
    "agency-ip": agency_ip_network,
}


def build_network(graph: Graph, kind: str = "co-assignment", collectives: Collectives = "drop",
                  by: str = "agency") -> nx.Graph:
    """One of the four projections by name (see `KINDS`), with agencies or their functions as nodes
    (``by``, see `BY` and `kg.networks.functions`).

    Examples
    --------
    >>> from kg.networks.projection import build_network, read_kg
    >>> G = build_network(read_kg("out/kg.ttl"), "lead")
    >>> G.is_directed()
    True
    >>> build_network(read_kg("out/kg.ttl"), by="function").number_of_nodes()
    17
    """
    try:
        builder = _BUILDERS[kind]
    except KeyError:
        raise NetworkError(f"unknown network kind {kind!r}; choose one of {', '.join(KINDS)}") from None
    if by not in BY:
        raise NetworkError(f"unknown grouping {by!r}; choose one of {', '.join(BY)}")
    if by == "function":
        return function_network(graph, kind, collectives)
    return builder(graph, collectives)


def function_network(graph: Graph, kind: str = "co-assignment",
                     collectives: Collectives = "drop") -> nx.Graph:
    """One of the projections of `build_network`, projected onto functions (`kg.networks.functions`).

    ``tasks_led`` and ``tasks_joined`` count distinct tasks (read from the agency × task network), so a
    task two agencies of one function lead counts once.

    Examples
    --------
    >>> G = function_network(read_kg("out/kg.ttl"))
    >>> G.number_of_nodes(), G.nodes["https://w3id.org/policykg/vocab/function/market-regulation"]["label"]
    (17, '市场监管')
    """
    functions, _ = agency_functions(graph)
    g = by_function(build_network(graph, kind, collectives), functions)
    if kind != "agency-task":  # (the agency × task network counts them itself)
        pool_tasks(g, graph, functions, collectives)
    return g


def network_from_file(path: str | Path | Graph, kind: str = "co-assignment",
                      collectives: Collectives = "drop", by: str = "agency") -> nx.Graph:
    """Read a KG file and build one projection (`read_kg` + `build_network`), by agency or function
    (``path`` may also be a KG already read, e.g. without its flagged tasks: `kg.networks.flagged`).

    Examples
    --------
    >>> from kg.networks.projection import network_from_file
    >>> G = network_from_file("out/kg.ttl", "co-assignment")
    >>> G.number_of_nodes(), int(G.size(weight="weight"))
    (19, 237)
    """
    return build_network(path if isinstance(path, Graph) else read_kg(path), kind, collectives, by)


def node_names(g: nx.Graph) -> dict[str, str]:
    """A unique readable name per node, for formats that identify nodes by name (Pajek, UCINET DL,
    drawings): the label as written (区市场监管局), or the full name when two nodes share a label
    (two districts' 区市场监管局), or the label with ``#2``, ``#3`` … as a last resort.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> g.add_node("a", label="区科技局", full_name="长寿区科学技术局")
    >>> g.add_node("b", label="区科技局", full_name="江北区科学技术局")
    >>> sorted(node_names(g).values())
    ['江北区科学技术局', '长寿区科学技术局']
    """
    label = {n: str(d.get("label") or n) for n, d in g.nodes(data=True)}
    counts: dict[str, int] = {}
    for name in label.values():
        counts[name] = counts.get(name, 0) + 1
    names = {}
    for n, d in g.nodes(data=True):
        names[n] = label[n] if counts[label[n]] == 1 else str(d.get("full_name") or label[n])
    seen: dict[str, int] = {}
    for n in g.nodes:
        name = names[n]
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            names[n] = f"{name}#{seen[name]}"
    return names


def total_weight(g: nx.Graph, weight: str = "weight") -> int | float:
    """The sum of the edge weights (edges without a weight count 1).

    Examples
    --------
    >>> import networkx as nx
    >>> total_weight(nx.Graph([(1, 2, {"weight": 3}), (2, 3, {"weight": 2})]))
    5
    """
    return sum(d.get(weight, 1) for _, _, d in g.edges(data=True))
