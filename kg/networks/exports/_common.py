"""Helpers shared by the exporters: scalar-only copies, a deterministic layout, display data."""

from __future__ import annotations

import math
from numbers import Integral, Real

import networkx as nx

from ...errors import require
from ..projection import node_names

__all__ = ["scalar_graph", "layout", "plain_number", "TITLES", "title_of"]

# Chinese and English titles of the projections, for page and figure headings.
TITLES = {
    "co-assignment": "共同承担任务网络 / Co-assignment network",
    "lead": "牵头—配合网络 / Lead → cooperating network",
    "agency-task": "单位—任务二模网络 / Agency × task network",
    "agency-ip": "单位—知识产权类型网络 / Agency × IP type network",
}



def title_of(g: nx.Graph) -> str:
    """The heading of a network's page or figure: its projection, and 按职能 when pooled by function.

    Examples
    --------
    >>> import networkx as nx
    >>> title_of(nx.Graph(kind="lead", by="function"))
    '牵头—配合网络（按职能）/ Lead → cooperating network by function'
    """
    title = TITLES.get(str(g.graph.get("kind", "")), "policykg network")
    if g.graph.get("by") == "function" and " / " in title:
        zh, en = title.split(" / ", 1)
        title = f"{zh}（按职能）/ {en} by function"
    return title


LAYOUT_SEED = 7


def plain_number(value: object) -> object:
    """numpy scalars → Python numbers; integral floats stay floats (weights keep their type)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Integral):
        return int(value)
    if isinstance(value, Real):
        return float(value)
    return value


def _scalar(value: object) -> bool:
    if isinstance(value, float) and math.isnan(value):
        return False
    return isinstance(value, str | bool | int | float)


def scalar_graph(g: nx.Graph) -> nx.Graph:
    """A copy with string node ids and only scalar attributes (str, bool, int, float; no None or NaN),
    which every networkx writer (GEXF, GraphML, node-link JSON) accepts.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph(); g.add_edge(1, 2, weight=2, tasks=["a"], note=None)
    >>> list(scalar_graph(g).edges(data=True))
    [('1', '2', {'weight': 2})]
    """
    out = g.__class__()
    out.graph.update({k: plain_number(v) for k, v in g.graph.items() if _scalar(plain_number(v))})
    for n, d in g.nodes(data=True):
        out.add_node(str(n), **{k: plain_number(v) for k, v in d.items() if _scalar(plain_number(v))})
    for u, v, d in g.edges(data=True):
        out.add_edge(str(u), str(v), **{k: plain_number(x) for k, x in d.items() if _scalar(plain_number(x))})
    return out


def _component_layout(g: nx.Graph, nodes: list, seed: int) -> dict:
    """Spring layout of one connected component, scaled to the unit square (centred)."""
    if len(nodes) == 1:
        return {nodes[0]: (0.5, 0.5)}
    # networkx's spring layout runs on numpy, and on scipy's sparse matrices from 500 nodes on.
    require("numpy", extra="analysis")
    if len(nodes) >= 500:
        require("scipy", extra="analysis")
    sub = g.subgraph(nodes)
    start = nx.circular_layout(nodes)  # a fixed start, so the result does not depend on insertion order
    pos = nx.spring_layout(sub, pos=start, k=1.8 / math.sqrt(len(nodes)), iterations=300, weight="weight",
                           seed=seed)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    # One scale for both axes (keeps the shape), centred in the square.
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {v: (0.5 + (p[0] - cx) / span, 0.5 + (p[1] - cy) / span) for v, p in pos.items()}


def layout(g: nx.Graph, seed: int = LAYOUT_SEED) -> dict[object, tuple[float, float]]:
    """Node positions in the unit square [0.05, 0.95]², from a seeded spring layout (deterministic).

    Heavier ties pull harder (weight = tasks shared), so agencies that work together often sit close.
    Connected components are laid out one by one and packed in a grid, largest first, so a corpus of
    districts that never work together does not collapse into overlapping clumps.

    Examples
    --------
    >>> import networkx as nx
    >>> pos = layout(nx.path_graph(3))
    >>> all(0.05 <= x <= 0.95 and 0.05 <= y <= 0.95 for x, y in pos.values())
    True
    """
    if g.number_of_nodes() == 0:
        return {}
    und = g.to_undirected(as_view=True) if g.is_directed() else g
    comps = sorted((sorted(c, key=str) for c in nx.connected_components(und)),
                   key=lambda c: (-len(c), str(c[0])))
    big = [c for c in comps if len(c) > 1]
    singles = [c[0] for c in comps if len(c) == 1]
    cells: list[list] = big + ([singles] if singles else [])
    cols = math.ceil(math.sqrt(len(cells)))
    rows = math.ceil(len(cells) / cols)
    out = {}
    for i, nodes in enumerate(cells):
        if nodes is singles and len(cells) > 1:
            # isolates: a small grid of their own
            side = math.ceil(math.sqrt(len(nodes)))
            local = {v: ((k % side + 0.5) / side, 1 - (k // side + 0.5) / side) for k, v in enumerate(nodes)}
        else:
            local = _component_layout(und, nodes, seed)
        col, row = i % cols, i // cols
        for v, (x, y) in local.items():
            # cell (col, row) from the top left; 10 % margin inside each cell
            gx = (col + 0.1 + 0.8 * x) / cols
            gy = 1 - (row + 0.1 + 0.8 * (1 - y)) / rows
            out[v] = (round(0.05 + 0.9 * gx, 6), round(0.05 + 0.9 * gy, 6))
    return out


def display_names(g: nx.Graph) -> dict[object, str]:
    """Unique readable names per node (see `kg.networks.projection.node_names`)."""
    return node_names(g)
