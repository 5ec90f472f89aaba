"""GEXF, GraphML, Pajek and node-link JSON, written and read by ``networkx.readwrite``.

GEXF and GraphML keep the node ids (IRIs) and every scalar attribute (Gephi shows ``label``). Pajek
identifies nodes by name, so it gets the unique readable names of `kg.networks.projection.node_names`, the
edge weights and a deterministic layout as coordinates (Pajek and VOSviewer open it laid out).
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from ...io import atomic_open
from ..projection import NetworkError
from ._common import display_names, layout, scalar_graph

__all__ = [
    "write_gexf",
    "read_gexf",
    "write_graphml",
    "read_graphml",
    "write_pajek",
    "read_pajek",
    "write_json",
    "read_json",
    "node_link",
    "graph_from_node_link",
]


def _check_xml(path: str | Path) -> None:
    # Refuse entity declarations (billion laughs) before expat sees the file.
    from ...safe_xml import UnsafeXMLError, check_xml_file

    try:
        check_xml_file(path)
    except UnsafeXMLError as exc:
        raise NetworkError(str(exc)) from None


def _integral_weights(g: nx.Graph) -> nx.Graph:
    # Readers hand weights back as floats (GEXF, Pajek); tasks counts are whole numbers.
    for _, _, d in g.edges(data=True):
        w = d.get("weight")
        if isinstance(w, float) and w.is_integer():
            d["weight"] = int(w)
    return g


def write_gexf(g: nx.Graph, path: str | Path) -> Path:
    """Write GEXF 1.2 (Gephi's own format) with every scalar node and edge attribute.

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> p = write_gexf(nx.Graph([("a", "b", {"weight": 2})]), pathlib.Path(tempfile.mkdtemp()) / "n.gexf")
    >>> read_gexf(p)["a"]["b"]["weight"]
    2
    """
    path = Path(path)
    with atomic_open(path, "wb") as fh:
        nx.write_gexf(scalar_graph(g), fh, encoding="utf-8", prettyprint=True, version="1.2draft")
    return path


def read_gexf(path: str | Path) -> nx.Graph:
    """Read a GEXF file (node ids as written; integral weights as ints).

    Examples
    --------
    >>> from kg.networks.projection import network_from_file
    >>> G = read_gexf(write_gexf(network_from_file("out/kg.ttl"), "co-assignment.gexf"))
    >>> G.number_of_nodes(), G.number_of_edges()
    (19, 90)
    """
    _check_xml(path)
    return _integral_weights(nx.read_gexf(path, node_type=str, relabel=False))


def write_graphml(g: nx.Graph, path: str | Path) -> Path:
    """Write GraphML with typed keys for every scalar attribute (yEd, Cytoscape, igraph, Gephi).

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> g = nx.Graph([("a", "b", {"weight": 2})])
    >>> p = write_graphml(g, pathlib.Path(tempfile.mkdtemp()) / "n.graphml")
    >>> read_graphml(p)["a"]["b"]["weight"]
    2
    """
    path = Path(path)
    with atomic_open(path, "wb") as fh:
        nx.write_graphml(scalar_graph(g), fh, encoding="utf-8", prettyprint=True)
    return path


def read_graphml(path: str | Path) -> nx.Graph:
    """Read a GraphML file.

    Examples
    --------
    >>> from kg.networks.projection import network_from_file
    >>> G = read_graphml(write_graphml(network_from_file("out/kg.ttl"), "co-assignment.graphml"))
    >>> G.number_of_nodes(), G.number_of_edges()
    (19, 90)
    """
    _check_xml(path)
    return _integral_weights(nx.read_graphml(path, node_type=str))


def write_pajek(g: nx.Graph, path: str | Path, encoding: str = "utf-8") -> Path:
    """Write a Pajek ``.net`` file (UTF-8): named vertices with layout coordinates, then ``*edges``
    (undirected) or ``*arcs`` (directed) with the weights. Pajek, VOSviewer and UCINET read it.
    ``encoding="gb18030"`` for Pajek or UCINET on a Chinese-locale Windows that does not read UTF-8.

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> g = nx.Graph(); g.add_edge("a", "b", weight=3)
    >>> p = write_pajek(g, pathlib.Path(tempfile.mkdtemp()) / "n.net")
    >>> p.read_text().splitlines()[0]
    '*vertices 2'
    """
    path = Path(path)
    names = display_names(g)
    pos = layout(g)
    out = nx.DiGraph() if g.is_directed() else nx.Graph()
    out.name = ""
    for n in g.nodes:
        x, y = pos[n]
        # Pajek's y axis points down; flip so the drawing matches the PNG.
        out.add_node(names[n], x=round(x, 4), y=round(1 - y, 4), shape="ellipse")
    for u, v, d in g.edges(data=True):
        out.add_edge(names[u], names[v], weight=d.get("weight", 1))
    with atomic_open(path, "w", encoding=encoding) as fh:
        for line in nx.generate_pajek(out):
            fh.write(line + "\n")
    return path


def read_pajek(path: str | Path, encoding: str = "utf-8") -> nx.Graph:
    """Read a Pajek ``.net`` file into a simple Graph or DiGraph keyed by vertex name, with weights.

    Examples
    --------
    >>> from kg.networks.projection import network_from_file
    >>> G = read_pajek(write_pajek(network_from_file("out/kg.ttl", "lead"), "lead.net"))
    >>> G.is_directed(), G.number_of_edges(), int(G.size(weight="weight"))
    (True, 23, 60)
    """
    multi = nx.read_pajek(path, encoding=encoding)
    simple: nx.Graph = nx.DiGraph() if multi.is_directed() else nx.Graph()
    simple.add_nodes_from(multi.nodes(data=True))
    for u, v, d in multi.edges(data=True):
        simple.add_edge(u, v, **d)
    return _integral_weights(simple)


def node_link(g: nx.Graph) -> dict:
    """The node-link dictionary (``nodes`` and ``links``) of the scalar copy of ``g``.

    Examples
    --------
    >>> import networkx as nx
    >>> sorted(node_link(nx.path_graph(2)))
    ['directed', 'graph', 'links', 'multigraph', 'nodes']
    """
    try:
        return nx.node_link_data(scalar_graph(g), edges="links")
    except TypeError:  # networkx < 3.4 names the keyword ``link``
        return nx.node_link_data(scalar_graph(g), link="links")


def write_json(g: nx.Graph, path: str | Path) -> Path:
    """Write node-link JSON (D3, networkx ``node_link_graph``, Cytoscape.js via a small mapping).

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> p = write_json(nx.Graph([("a", "b", {"weight": 2})]), pathlib.Path(tempfile.mkdtemp()) / "n.json")
    >>> read_json(p)["a"]["b"]["weight"]
    2
    """
    path = Path(path)
    with atomic_open(path, "w", encoding="utf-8") as fh:
        json.dump(node_link(g), fh, ensure_ascii=False, indent=1, sort_keys=True)
        fh.write("\n")
    return path


def read_json(path: str | Path) -> nx.Graph:
    """Read node-link JSON written by `write_json`.

    Examples
    --------
    >>> from kg.networks.projection import network_from_file
    >>> G = read_json(write_json(network_from_file("out/kg.ttl"), "co-assignment.json"))
    >>> G.number_of_nodes(), G.number_of_edges()
    (19, 90)
    """
    return graph_from_node_link(json.loads(Path(path).read_text(encoding="utf-8")))


def graph_from_node_link(data: dict) -> nx.Graph:
    """The graph of a node-link dictionary with ``links`` (as `node_link` writes it).

    Examples
    --------
    >>> import networkx as nx
    >>> graph_from_node_link(node_link(nx.path_graph(3))).number_of_edges()
    2
    """
    try:
        return nx.node_link_graph(data, edges="links")
    except TypeError:  # networkx < 3.4
        return nx.node_link_graph(data, link="links")
