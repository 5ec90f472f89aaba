"""Social network analysis of the agency networks: per-node measures and a network-level summary.

The measures are the ones policy-network studies (政策主体合作网络) report, computed with NetworkX:

- ``degree`` (number of partners) and ``weighted_degree`` (sum of tie weights = tasks shared);
  ``degree_centrality`` = degree / (n − 1). On directed networks also ``degree_out`` (arcs sent: the
  agencies it leads), ``degree_in`` (arcs received: the leads it works under) and their weighted
  variants ``weighted_degree_out`` / ``weighted_degree_in``; ``degree`` is then in + out;
- ``betweenness`` — share of shortest paths between other agencies that pass through the node
  (brokerage; binary ties, normalised, directed on the lead network);
- ``closeness`` — how near the node is to the others, with the Wasserman–Faust scaling so it is
  defined on disconnected networks: (r / (n − 1)) × (r / Σ d), where r is the number of nodes in
  reach and Σ d the sum of the distances to them (0 when r = 0). On directed networks there are two:
  ``closeness_out`` counts the distances *from* the node along the arcs (whom it reaches: a lead
  agency's reach) and ``closeness_in`` the distances *to* it (who reaches it); there is no plain
  ``closeness`` column, so the name always says which;
- ``weighted_betweenness`` and ``weighted_closeness`` (``weighted_closeness_in`` / ``_out`` on directed
  networks) — the same on valued ties, a tie of weight w being a distance of 1/w (Newman 2001;
  Opsahl, Agneessens & Skvoretz 2010 with α = 1): agencies that share many tasks are close, so
  brokerage runs along the strong ties;
- ``eigenvector`` — ties to well-tied agencies (weighted, on the symmetrised network). On a
  disconnected network it is the principal eigenvector of the whole network, which lives on the
  component with the largest leading eigenvalue: nodes outside that component score 0;
- ``constraint`` and ``effective_size`` — Burt's structural holes (weighted): low constraint / high
  effective size = an agency whose partners are not tied to each other (NaN for isolates);
- ``core_number`` (k-core) and ``core`` — "core" for the nodes of the innermost k-core, else "periphery";
- ``community`` — Louvain communities (weighted, fixed seed, so runs repeat), numbered 1, 2, … by
  size (the same numbers in ``policykg metrics``, the network files, the HTML legend and drawings).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from ..cells import csv_frame
from ..errors import require
from ..io import atomic_open
from .projection import Collectives, network_from_file, node_names, total_weight

# The measures are tables (pandas) and linear algebra (numpy): the [analysis] extra.
pd = require("pandas", extra="analysis")
np = require("numpy", extra="analysis")

__all__ = [
    "LOUVAIN_SEED",
    "MEASURE_COLUMNS",
    "DIRECTED_MEASURE_COLUMNS",
    "measure_columns",
    "closeness",
    "density",
    "eigenvector",
    "communities",
    "community_numbers",
    "core_periphery",
    "node_measures",
    "with_measures",
    "summary",
    "write_measures_csv",
    "format_table",
    "metrics_report",
]

LOUVAIN_SEED = 20240601

MEASURE_COLUMNS = (
    "degree",
    "weighted_degree",
    "degree_centrality",
    "betweenness",
    "closeness",
    "weighted_betweenness",
    "weighted_closeness",
    "eigenvector",
    "constraint",
    "effective_size",
    "core_number",
    "core",
    "community",
)

# On directed networks: in/out degree and closeness, named by direction (no undirected "closeness").
DIRECTED_MEASURE_COLUMNS = (
    "degree",
    "degree_in",
    "degree_out",
    "weighted_degree",
    "weighted_degree_in",
    "weighted_degree_out",
    "degree_centrality",
    "betweenness",
    "closeness_in",
    "closeness_out",
    "weighted_betweenness",
    "weighted_closeness_in",
    "weighted_closeness_out",
    "eigenvector",
    "constraint",
    "effective_size",
    "core_number",
    "core",
    "community",
)


def measure_columns(directed: bool) -> tuple[str, ...]:
    """The measure columns of `node_measures` for a directed or an undirected network.

    Examples
    --------
    >>> "closeness_out" in measure_columns(True), "closeness" in measure_columns(False)
    (True, True)
    """
    return DIRECTED_MEASURE_COLUMNS if directed else MEASURE_COLUMNS


def closeness(g: nx.Graph, direction: str = "out", distance: str | None = None) -> dict:
    """Closeness with the Wasserman–Faust scaling: (r / (n − 1)) × (r / Σ d) over the r nodes in reach.

    On a directed network ``direction="out"`` uses the distances from the node along the arcs (whom
    it reaches) and ``"in"`` the distances to it (who reaches it); networkx's own
    ``closeness_centrality`` is the ``in`` one. Undirected networks ignore ``direction``.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "b"), ("a", "c"), ("b", "d")])
    >>> closeness(g, "out")["a"], closeness(g, "in")["a"], round(closeness(g, "in")["d"], 4)
    (0.75, 0.0, 0.4444)
    """
    if direction not in ("in", "out"):
        raise ValueError(f"direction must be 'in' or 'out', not {direction!r}")
    if not g.number_of_nodes():
        return {}
    if g.is_directed() and direction == "out":
        g = g.reverse(copy=False)
    return nx.closeness_centrality(g, distance=distance, wf_improved=True)


def _is_two_mode(g: nx.Graph) -> bool:
    return bool(g.graph.get("two_mode")) or (
        g.number_of_nodes() > 0 and all("bipartite" in d for _, d in g.nodes(data=True))
    )


def density(g: nx.Graph) -> float:
    """Share of possible ties present (binary). Two-mode networks use the bipartite density
    (ties / (agencies × other nodes)).

    Examples
    --------
    >>> import networkx as nx
    >>> density(nx.path_graph(3))
    0.6666666666666666
    """
    n = g.number_of_nodes()
    if n < 2:
        return 0.0
    if _is_two_mode(g):
        top = [v for v, d in g.nodes(data=True) if d.get("bipartite") == 0]
        bottom = n - len(top)
        return g.number_of_edges() / (len(top) * bottom) if top and bottom else 0.0
    return nx.density(g)


def eigenvector(g: nx.Graph, weight: str = "weight") -> dict:
    """Eigenvector centrality that also works on disconnected and directed networks.

    Directed networks are symmetrised (weights of both directions added), as UCINET does, since a
    lead → cooperating network has no strongly connected core. On a disconnected network the
    principal eigenvector of the whole adjacency matrix is nonzero only on the component with the
    largest leading eigenvalue; we compute it there (scaled to unit length) and give 0 elsewhere.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([(1, 2), (2, 3), (3, 1), (4, 5)])
    >>> {k: round(v, 3) for k, v in eigenvector(g).items()}
    {1: 0.577, 2: 0.577, 3: 0.577, 4: 0.0, 5: 0.0}
    """
    und = nx.Graph()
    und.add_nodes_from(g.nodes)
    for u, v, d in g.edges(data=True):
        if u == v:
            continue
        w = float(d.get(weight, 1))
        if und.has_edge(u, v):
            und[u][v]["weight"] += w
        else:
            und.add_edge(u, v, weight=w)
    scores = dict.fromkeys(g.nodes, 0.0)
    best: tuple[float, list, np.ndarray] | None = None
    for comp in nx.connected_components(und):
        if len(comp) < 2:
            continue
        nodes = sorted(comp, key=str)
        a = nx.to_numpy_array(und, nodelist=nodes, weight="weight")
        values, vectors = np.linalg.eigh(a)
        lam = float(values[-1])
        if best is None or lam > best[0] + 1e-12:
            best = (lam, nodes, vectors[:, -1])
    if best is not None:
        _, nodes, vec = best
        vec = np.abs(vec) / np.linalg.norm(vec)  # the Perron vector, sign fixed
        for n, x in zip(nodes, vec, strict=True):
            scores[n] = float(x)
    return scores


def communities(g: nx.Graph, seed: int = LOUVAIN_SEED, weight: str = "weight") -> list[set]:
    """Louvain communities (weighted, fixed ``seed``), largest first; ties broken by member names.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.barbell_graph(4, 0)
    >>> [sorted(c) for c in communities(g)]
    [[0, 1, 2, 3], [4, 5, 6, 7]]
    """
    if g.number_of_edges() == 0:
        parts = [{n} for n in g.nodes]
    else:
        parts = nx.community.louvain_communities(g, weight=weight, seed=seed)
    return sorted(parts, key=lambda c: (-len(c), sorted(str(n) for n in c)))


def community_numbers(g: nx.Graph, seed: int = LOUVAIN_SEED) -> dict:
    """The community number of each node, from 1 (the largest community) — the numbers ``metrics``,
    the network files, the HTML legend and the drawings all show.

    Examples
    --------
    >>> import networkx as nx
    >>> sorted(set(community_numbers(nx.barbell_graph(4, 0)).values()))
    [1, 2]
    """
    return {v: i for i, c in enumerate(communities(g, seed), start=1) for v in c}


def core_periphery(g: nx.Graph) -> tuple[dict, dict]:
    """k-core numbers and core/periphery membership (the innermost k-core is the core).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.complete_graph(4); g.add_edge(3, 4)
    >>> core_periphery(g)[1]
    {0: 'core', 1: 'core', 2: 'core', 3: 'core', 4: 'periphery'}
    """
    simple = nx.Graph(g) if g.is_multigraph() else g.copy()
    simple.remove_edges_from(list(nx.selfloop_edges(simple)))
    numbers = nx.core_number(simple) if simple.number_of_nodes() else {}
    k_max = max(numbers.values(), default=0)
    position = {n: ("core" if numbers[n] == k_max and k_max > 0 else "periphery") for n in g.nodes}
    return numbers, position


def _float_or_nan(value: float) -> float:
    return float("nan") if value is None else float(value)


def node_measures(g: nx.Graph, seed: int = LOUVAIN_SEED) -> pd.DataFrame:
    """The per-node table: attributes (label, full name, kind, tasks led/joined) and every measure.

    Parameters
    ----------
    g
        A network from `kg.networks.projection` (any NetworkX graph with a ``weight`` edge attribute works).
    seed
        Seed of the Louvain community detection.

    Returns
    -------
    pandas.DataFrame
        Indexed by node id (``id``), sorted by betweenness, weighted degree and label.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.star_graph(3)
    >>> node_measures(g).loc[0, "betweenness"]
    np.float64(1.0)
    """
    n = g.number_of_nodes()
    directed = g.is_directed()
    deg = dict(g.degree())
    wdeg = dict(g.degree(weight="weight"))
    betweenness = nx.betweenness_centrality(g, normalized=True) if n else {}
    valued = _with_distances(g)
    w_betweenness = nx.betweenness_centrality(valued, normalized=True, weight="distance") if n else {}
    directions = ("in", "out") if directed else ("in",)
    close = {d: closeness(g, d) for d in directions}
    w_close = {d: closeness(valued, d, distance="distance") for d in directions}
    eig = eigenvector(g)
    constraint = nx.constraint(g, weight="weight") if n else {}
    eff = nx.effective_size(g, weight="weight") if n else {}
    cores, position = core_periphery(g)
    community_of = community_numbers(g, seed)

    rows = []
    for v, d in g.nodes(data=True):
        row: dict = {"id": v}
        for key in ("label", "full_name", "kind", "bipartite", "tasks_led", "tasks_joined",
                    # networks by function (kg.networks.functions): what each node pools
                    "agencies", "jurisdictions", "within_weight"):
            if key in d:
                row[key] = d[key]
        row["degree"] = deg[v]
        if directed:
            row["degree_in"] = g.in_degree(v)
            row["degree_out"] = g.out_degree(v)
        row["weighted_degree"] = wdeg[v]
        if directed:
            row["weighted_degree_in"] = g.in_degree(v, weight="weight")
            row["weighted_degree_out"] = g.out_degree(v, weight="weight")
        row["degree_centrality"] = deg[v] / (n - 1) if n > 1 else 0.0
        row["betweenness"] = betweenness.get(v, 0.0)
        if directed:
            row["closeness_in"] = close["in"].get(v, 0.0)
            row["closeness_out"] = close["out"].get(v, 0.0)
        else:
            row["closeness"] = close["in"].get(v, 0.0)
        row["weighted_betweenness"] = w_betweenness.get(v, 0.0)
        if directed:
            row["weighted_closeness_in"] = w_close["in"].get(v, 0.0)
            row["weighted_closeness_out"] = w_close["out"].get(v, 0.0)
        else:
            row["weighted_closeness"] = w_close["in"].get(v, 0.0)
        row["eigenvector"] = eig.get(v, 0.0)
        row["constraint"] = _float_or_nan(constraint.get(v))
        row["effective_size"] = _float_or_nan(eff.get(v))
        row["core_number"] = cores.get(v, 0)
        row["core"] = position.get(v, "periphery")
        row["community"] = community_of.get(v, 0)
        rows.append(row)
    df = pd.DataFrame(rows)
    if df.empty:
        return pd.DataFrame(columns=["id", *measure_columns(directed)]).set_index("id")
    df = df.sort_values(["betweenness", "weighted_degree", "label" if "label" in df else "id"],
                        ascending=[False, False, True], kind="mergesort")
    return df.set_index("id")


def with_measures(g: nx.Graph, measures: pd.DataFrame | None = None, seed: int = LOUVAIN_SEED) -> nx.Graph:
    """A copy of ``g`` whose nodes also carry every measure of `node_measures` as attributes.

    What ``policykg graph`` writes into GEXF, GraphML, JSON, HTML and the nodes CSV, so Gephi's
    Partition and Ranking panels and a spreadsheet see the measures without a join. Numbers stay
    numbers (ints for counts, floats for centralities, ``community`` from 1); a NaN (the constraint of
    an isolate) is left out, which every format reads as a missing value.

    Examples
    --------
    >>> import networkx as nx
    >>> h = with_measures(nx.star_graph(3))
    >>> h.nodes[0]["betweenness"], h.nodes[0]["degree"], h.nodes[0]["community"]
    (1.0, 3, 1)
    """
    measures = node_measures(g, seed) if measures is None else measures
    columns = [c for c in measure_columns(g.is_directed()) if c in measures.columns]
    h = g.copy()
    for v, row in measures[columns].iterrows():
        attrs = {}
        for c in columns:
            value = row[c]
            if isinstance(value, np.generic):
                value = value.item()
            if isinstance(value, float) and math.isnan(value):
                continue
            attrs[c] = value
        h.nodes[v].update(attrs)
    h.graph["measures"] = ",".join(columns)
    return h


def _with_distances(g: nx.Graph) -> nx.Graph:
    """A copy of ``g`` whose edges carry ``distance`` = 1 / weight (weight 1 when missing).

    Examples
    --------
    >>> g = nx.Graph([("a", "b", {"weight": 4})])
    >>> _with_distances(g)["a"]["b"]["distance"]
    0.25
    """
    h = g.copy()
    for _, _, d in h.edges(data=True):
        w = float(d.get("weight", 1) or 0)
        if w <= 0:
            raise ValueError(f"a tie weight must be positive for distances, not {w}")
        d["distance"] = 1.0 / w
    return h


def _freeman_degree_centralization(g: nx.Graph) -> float | None:
    n = g.number_of_nodes()
    if n < 3 or g.is_directed() or _is_two_mode(g):
        return None
    degrees = [d for _, d in g.degree()]
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) * (n - 2))


def summary(g: nx.Graph, measures: pd.DataFrame | None = None, seed: int = LOUVAIN_SEED) -> dict:
    """Network-level summary: size, density, components, centralization, clustering, core and
    communities, and the top broker.

    Examples
    --------
    >>> import networkx as nx
    >>> s = summary(nx.star_graph(3))
    >>> s["nodes"], s["edges"], s["density"], s["degree_centralization"]
    (4, 3, 0.5, 1.0)
    """
    measures = node_measures(g, seed) if measures is None else measures
    n, m = g.number_of_nodes(), g.number_of_edges()
    comps = list(nx.weakly_connected_components(g) if g.is_directed() else nx.connected_components(g))
    largest = max(comps, key=len) if comps else set()
    und = g.to_undirected(as_view=False) if g.is_directed() else g
    parts = communities(g, seed)
    top_broker = None
    # The top broker is an agency: in a two-mode network the tasks or IP types are not candidates.
    agencies = measures
    if _is_two_mode(g) and "bipartite" in measures:
        agencies = measures[measures["bipartite"].fillna(0).astype(int) == 0]
    if n and m and len(agencies) and float(agencies["betweenness"].max()) > 0:
        best = agencies["betweenness"].idxmax()  # the first of the table's order among equals
        # the readable unique name (the full name when two districts' bodies share a label)
        top_broker = node_names(g).get(best, str(best))
    out = {
        "kind": g.graph.get("kind", ""),
        "directed": g.is_directed(),
        "two_mode": _is_two_mode(g),
        "collectives": g.graph.get("collectives", ""),
        # by function: the nodes pool agencies; those without a function are left out (and counted)
        **({"by": g.graph["by"], "agencies_without_function": g.graph.get("agencies_without_function", 0)}
           if g.graph.get("by") == "function" else {}),
        **({"without_function": str(g.graph["without_function"]).replace(";", "、")}
           if g.graph.get("by") == "function" and g.graph.get("without_function") else {}),
        "nodes": n,
        "edges": m,
        "total_weight": total_weight(g),
        "density": density(g),
        "average_degree": (sum(d for _, d in g.degree()) / n) if n else 0.0,
        "average_weighted_degree": (2 * total_weight(g) / n) if n else 0.0,
        "components": len(comps),
        "largest_component": len(largest),
        "isolates": nx.number_of_isolates(g),
        "diameter_of_largest_component": nx.diameter(und.subgraph(largest)) if len(largest) > 1 else 0,
        "average_clustering": None if _is_two_mode(g) or not n else nx.average_clustering(und),
        "degree_centralization": _freeman_degree_centralization(g),
        "max_core": int(measures["core_number"].max()) if n else 0,
        "core_size": int((measures["core"] == "core").sum()) if n else 0,
        "communities": len(parts),
        "modularity": nx.community.modularity(g, parts, weight="weight") if m else None,
        "louvain_seed": seed,
        "top_betweenness": top_broker,
    }
    return out


def write_measures_csv(measures: pd.DataFrame, path: str | Path) -> Path:
    """Write the per-node table as UTF-8 CSV (6 significant digits; NaN as an empty cell).

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "m.csv"
    >>> write_measures_csv(node_measures(nx.path_graph(3)), out).read_text().splitlines()[0][:20]
    'id,degree,weighted_d'
    """
    path = Path(path)
    with atomic_open(path, "w") as fh:
        csv_frame(measures).to_csv(fh, float_format="%.6g", lineterminator="\n")  # no formulas (kg.cells)
    return path


_TABLE_COLUMNS = ("label", "kind", "agencies", "degree", "degree_in", "degree_out", "weighted_degree",
                  "betweenness", "closeness", "closeness_in", "closeness_out", "eigenvector", "constraint",
                  "effective_size", "core", "community")


def _fmt(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return "-" if math.isnan(value) else f"{value:.4f}"
    return str(value)


def format_table(g: nx.Graph, measures: pd.DataFrame | None = None,
                 columns: Iterable[str] = _TABLE_COLUMNS) -> str:
    """The summary and the per-node table as aligned text (Chinese counts double width).

    Examples
    --------
    >>> import networkx as nx
    >>> print(format_table(nx.path_graph(2)).splitlines()[4])
    nodes                          2
    """
    measures = node_measures(g) if measures is None else measures
    lines = [f"{key:<30} {_fmt(value)}" for key, value in summary(g, measures).items()]
    cols = [c for c in columns if c in measures.columns]
    table = measures[cols].copy()
    if "label" in table:  # unique readable names: labels repeat across districts in a corpus
        names = node_names(g)
        table["label"] = [names.get(i, table.loc[i, "label"]) for i in table.index]
    for c in cols:
        if table[c].dtype.kind == "f":
            table[c] = table[c].map(_fmt)
    with pd.option_context("display.unicode.east_asian_width", True, "display.width", 250,
                           "display.max_rows", None, "display.max_columns", None):
        body = table.to_string(index=False)
    return "\n".join(lines) + "\n\n" + body + "\n"


def metrics_report(data: str | Path | nx.Graph, kind: str = "co-assignment",
                   collectives: Collectives = "drop", fmt: str = "table",
                   output: str | Path | None = None, encoding: str = "utf-8", by: str = "agency") -> str:
    """Build a network from a KG file and report its measures (``table`` text or ``csv``).

    ``data`` may also be a network already built (e.g. one year's, `kg.networks.temporal`); ``kind`` and
    ``collectives`` are then not used.

    ``by`` is ``agency`` (one node per agency) or ``function`` (one per agency function, see
    `kg.networks.functions`).

    Writes ``output`` when given (atomically, in ``encoding``: ``utf-8-sig`` puts a byte-order mark
    first so Excel reads the Chinese names) and returns the report text.

    Examples
    --------
    >>> print(metrics_report("out/kg.ttl", "co-assignment"))  # doctest: +ELLIPSIS
    kind                           co-assignment
    ...
    nodes                          19
    edges                          90
    total_weight                   237
    ...
    """
    g = data if isinstance(data, nx.Graph) else network_from_file(data, kind, collectives, by)
    measures = node_measures(g)
    if fmt == "csv":
        text = csv_frame(measures).to_csv(float_format="%.6g", lineterminator="\n")
    elif fmt == "table":
        text = format_table(g, measures)
    else:
        raise ValueError(f"unknown metrics format {fmt!r}; choose table or csv")
    if output is not None:
        with atomic_open(output, "w", encoding=encoding) as fh:
            fh.write(text)
    return text
