"""UCINET DL (full matrix with labels) and CSV node/edge lists, with their readers.

No library owns these two formats in Python, so the writer and the parser live side by side here and
the tests read every file back.

UCINET DL (one-mode)::

    DL N=3 FORMAT=FULLMATRIX
    LABELS:
    "区市场监管局"
    …
    DATA:
    0 3 1
    …

Two-mode networks (agency × task) are written as an NR × NC matrix with ``ROW LABELS`` (agencies)
and ``COLUMN LABELS``. CSV follows Gephi's spreadsheet import: ``Id``/``Label`` for nodes,
``Source``/``Target``/``Type``/``Weight`` for edges, then the other attributes.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from ...cells import csv_row, csv_unescape
from ...io import atomic_open
from ..projection import NetworkError
from ._common import display_names, plain_number, scalar_graph

__all__ = ["write_dl", "read_dl", "write_csv", "read_csv", "csv_paths"]


# ------------------------------------------------------------------ UCINET DL
def _dl_label(name: str) -> str:
    return '"' + name.replace('"', "'") + '"'


def _dl_number(value: object) -> str:
    value = plain_number(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _two_mode_sets(g: nx.Graph) -> tuple[list, list] | None:
    if g.is_directed() or not g.number_of_nodes():
        return None
    marks = [d.get("bipartite") for _, d in g.nodes(data=True)]
    if not g.graph.get("two_mode") and any(m is None for m in marks):
        return None
    rows = [n for n, d in g.nodes(data=True) if d.get("bipartite", 0) == 0]
    cols = [n for n, d in g.nodes(data=True) if d.get("bipartite", 0) != 0]
    return (rows, cols) if rows and cols else None


def write_dl(g: nx.Graph, path: str | Path, encoding: str = "utf-8") -> Path:
    """Write a UCINET DL full matrix with quoted labels (the readable node names).

    One-mode networks give an N × N matrix (row = from, column = to on directed networks); two-mode
    networks (nodes marked ``bipartite`` 0/1) an NR × NC matrix with agencies as rows. ``encoding``
    can be set to ``gb18030`` for UCINET on a Chinese-locale Windows that does not read UTF-8.

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> g = nx.Graph(); g.add_edge("a", "b", weight=2)
    >>> p = write_dl(g, pathlib.Path(tempfile.mkdtemp()) / "n.dl")
    >>> print(p.read_text())
    DL N=2 FORMAT=FULLMATRIX DIAGONAL PRESENT
    LABELS:
    "a"
    "b"
    DATA:
    0 2
    2 0
    <BLANKLINE>
    """
    path = Path(path)
    names = display_names(g)
    two_mode = _two_mode_sets(g)
    lines: list[str] = []
    if two_mode:
        rows, cols = two_mode
        lines.append(f"DL NR={len(rows)} NC={len(cols)} FORMAT=FULLMATRIX")
        lines.append("ROW LABELS:")
        lines.extend(_dl_label(names[n]) for n in rows)
        lines.append("COLUMN LABELS:")
        lines.extend(_dl_label(names[n]) for n in cols)
    else:
        rows = cols = list(g.nodes)
        lines.append(f"DL N={len(rows)} FORMAT=FULLMATRIX DIAGONAL PRESENT")
        lines.append("LABELS:")
        lines.extend(_dl_label(names[n]) for n in rows)
    lines.append("DATA:")
    for r in rows:
        cells = []
        for c in cols:
            d = g.get_edge_data(r, c)
            cells.append(_dl_number(d.get("weight", 1)) if d is not None else "0")
        lines.append(" ".join(cells))
    with atomic_open(path, "w", encoding=encoding) as fh:
        fh.write("\n".join(lines) + "\n")
    return path


_SECTION = re.compile(r"^\s*(row\s+labels|column\s+labels|col\s+labels|labels|data)\s*:\s*(.*)$", re.I)
_LABEL = re.compile(r'"([^"]*)"|\'([^\']*)\'|([^,\s]+)')


def _labels(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        # One label per line may contain spaces when quoted; unquoted labels are split on commas/spaces.
        for m in _LABEL.finditer(line):
            out.append(next(g for g in m.groups() if g is not None))
    return out


def _number(token: str) -> int | float:
    value = float(token)
    return int(value) if value.is_integer() else value


def read_dl(path: str | Path, directed: bool | None = None, encoding: str = "utf-8") -> nx.Graph:
    """Parse a UCINET DL full-matrix file (``N=`` one-mode or ``NR=``/``NC=`` two-mode, labels optional).

    Nodes are keyed by label (or 1…n without labels); nonzero cells become edges with ``weight``.
    ``directed=None`` reads a symmetric one-mode matrix as undirected and any other as directed.
    Two-mode files give an undirected graph with ``bipartite`` 0 (rows) / 1 (columns).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "n.dl"
    >>> _ = p.write_text('dl n=2\\nformat = fullmatrix\\nlabels:\\na,b\\ndata:\\n0 1\\n0 0\\n')
    >>> list(read_dl(p).edges(data=True))
    [('a', 'b', {'weight': 1})]
    """
    path = Path(path)
    text = path.read_text(encoding=encoding).lstrip("\ufeff")
    sections: dict[str, list[str]] = {"header": []}
    current = "header"
    for line in text.splitlines():
        m = _SECTION.match(line)
        if m:
            current = re.sub(r"\s+", " ", m.group(1).lower()).replace("col ", "column ")
            sections[current] = [m.group(2)] if m.group(2).strip() else []
        else:
            sections.setdefault(current, []).append(line)
    header = " ".join(sections["header"]).lower()
    if not header.strip().startswith("dl"):
        raise NetworkError(f"{path}: not a UCINET DL file (it must start with DL)")
    params = dict(re.findall(r"(\w+)\s*=\s*([\w.]+)", header))
    fmt = params.get("format", "fullmatrix")
    if fmt != "fullmatrix":
        raise NetworkError(f"{path}: DL format {fmt!r} is not supported (only fullmatrix)")
    if "embedded" in header:
        raise NetworkError(f"{path}: DL with embedded labels is not supported (use LABELS:)")
    if "data" not in sections:
        raise NetworkError(f"{path}: no DATA: section")
    values = [_number(tok) for tok in " ".join(sections["data"]).replace(",", " ").split()]
    if "n" in params:
        nr = nc = int(params["n"])
        two_mode = False
        row_labels = _labels("\n".join(sections.get("labels") or sections.get("row labels") or []))
        col_labels = row_labels
    elif "nr" in params and "nc" in params:
        nr, nc = int(params["nr"]), int(params["nc"])
        two_mode = True
        row_labels = _labels("\n".join(sections.get("row labels", [])))
        col_labels = _labels("\n".join(sections.get("column labels", [])))
    else:
        raise NetworkError(f"{path}: the DL header gives neither N= nor NR= and NC=")
    row_labels = row_labels or [str(i) for i in range(1, nr + 1)]
    col_labels = col_labels or ([str(i) for i in range(1, nc + 1)] if two_mode else row_labels)
    if len(row_labels) != nr or len(col_labels) != nc:
        raise NetworkError(f"{path}: {len(row_labels)}×{len(col_labels)} labels for a {nr}×{nc} matrix")
    if len(values) != nr * nc:
        raise NetworkError(f"{path}: {len(values)} values for a {nr}×{nc} matrix")
    matrix = [values[i * nc:(i + 1) * nc] for i in range(nr)]

    if two_mode:
        g: nx.Graph = nx.Graph(two_mode=True)
        g.add_nodes_from(row_labels, bipartite=0)
        g.add_nodes_from(col_labels, bipartite=1)
    else:
        symmetric = all(matrix[i][j] == matrix[j][i] for i in range(nr) for j in range(i + 1, nr))
        is_directed = (not symmetric) if directed is None else directed
        g = nx.DiGraph() if is_directed else nx.Graph()
        g.add_nodes_from(row_labels)
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            if value and (two_mode or g.is_directed() or j >= i):
                g.add_edge(row_labels[i], col_labels[j], weight=value)
    return g


# ------------------------------------------------------------------ CSV node and edge lists
# Gephi's columns first, then the measures of `kg.networks.sna` in their own order (when present).
_NODE_FIRST = ("label", "full_name", "kind", "tasks_led", "tasks_joined", "collective", "bipartite",
               "degree", "degree_in", "degree_out", "weighted_degree", "weighted_degree_in",
               "weighted_degree_out", "degree_centrality", "betweenness", "closeness", "closeness_in",
               "closeness_out", "weighted_betweenness", "weighted_closeness", "weighted_closeness_in",
               "weighted_closeness_out",
               "eigenvector", "constraint", "effective_size", "core_number", "core", "community")
_EDGE_FIRST = ("weight", "tasks", "role")


def csv_paths(path: str | Path) -> tuple[Path, Path]:
    """The node and edge list paths for ``path``: ``net.csv`` → ``net.nodes.csv``, ``net.edges.csv``.

    Examples
    --------
    >>> [p.name for p in csv_paths("out/co.csv")]
    ['co.nodes.csv', 'co.edges.csv']
    >>> [p.name for p in csv_paths("out/co.edges.csv")]
    ['co.nodes.csv', 'co.edges.csv']
    """
    path = Path(path)
    name = path.name
    for suffix in (".nodes.csv", ".edges.csv", ".csv"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return path.with_name(f"{name}.nodes.csv"), path.with_name(f"{name}.edges.csv")


def _columns(records: Iterable[dict], first: tuple[str, ...]) -> list[str]:
    keys: set[str] = set()
    for r in records:
        keys.update(r)
    return [k for k in first if k in keys] + sorted(keys - set(first))


def _cell(value: object) -> object:
    return "" if value is None else value


def write_csv(g: nx.Graph, path: str | Path, encoding: str = "utf-8") -> tuple[Path, Path]:
    """Write ``<stem>.nodes.csv`` (Id, Label, attributes) and ``<stem>.edges.csv`` (Source, Target, Type,
    Weight, tasks …), UTF-8, in Gephi's spreadsheet layout.

    ``encoding="utf-8-sig"`` starts each file with a byte-order mark, so Excel opens the Chinese text
    as UTF-8 instead of the system code page (``policykg graph --excel``); `read_csv` reads either.

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> g = nx.Graph(); g.add_edge("a", "b", weight=2, tasks="（一）;（二）")
    >>> nodes, edges = write_csv(g, pathlib.Path(tempfile.mkdtemp()) / "n.csv")
    >>> edges.read_text(encoding="utf-8").splitlines()
    ['Source,Target,Type,Weight,tasks', 'a,b,Undirected,2,（一）;（二）']
    """
    g = scalar_graph(g)
    nodes_path, edges_path = csv_paths(path)
    node_attrs = [d for _, d in g.nodes(data=True)]
    ncols = [c for c in _columns(node_attrs, _NODE_FIRST) if c != "label"]
    with atomic_open(nodes_path, "w", encoding=encoding) as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(csv_row(["Id", "Label", *ncols]))
        for n, d in g.nodes(data=True):  # text that looks like a formula gets a ' (kg.cells)
            w.writerow(csv_row([n, d.get("label", n), *(_cell(d.get(c)) for c in ncols)]))
    edge_attrs = [d for _, _, d in g.edges(data=True)]
    ecols = [c for c in _columns(edge_attrs, _EDGE_FIRST) if c != "weight"]
    kind = "Directed" if g.is_directed() else "Undirected"
    with atomic_open(edges_path, "w", encoding=encoding) as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(csv_row(["Source", "Target", "Type", "Weight", *ecols]))
        for u, v, d in g.edges(data=True):
            w.writerow(csv_row([u, v, kind, d.get("weight", 1), *(_cell(d.get(c)) for c in ecols)]))
    return nodes_path, edges_path


_INT = re.compile(r"^[+-]?\d+$")
_FLOAT = re.compile(r"^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$|^[+-]?(nan|inf)$", re.I)


def _typed_columns(rows: list[dict[str, str]], skip: set[str]) -> dict[str, type]:
    """Infer a type per column: int, float, bool (True/False) or str."""
    types: dict[str, type] = {}
    for col in rows[0] if rows else {}:
        if col in skip:
            continue
        cells = [r[col] for r in rows if r[col] != ""]
        if cells and all(_INT.match(c) for c in cells):
            types[col] = int
        elif cells and all(_FLOAT.match(c) for c in cells):
            types[col] = float
        elif cells and all(c in ("True", "False") for c in cells):
            types[col] = bool
        else:
            types[col] = str
    return types


def _convert(value: str, kind: type) -> object:
    if kind is bool:
        return value == "True"
    return kind(value)


def _read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:  # the ' write_csv put before formulas off
        return [{csv_unescape(k): csv_unescape(v) for k, v in row.items()} for row in csv.DictReader(fh)]


def read_csv(path: str | Path) -> nx.Graph:
    """Read the node and edge lists written by `write_csv` (give either file or the common stem).

    Column types are inferred (int, float, True/False, text); ``Type`` decides directedness.

    Examples
    --------
    >>> from kg.networks.projection import network_from_file
    >>> nodes, edges = write_csv(network_from_file("out/kg.ttl"), "co-assignment.csv")
    >>> G = read_csv("co-assignment.csv")
    >>> G.number_of_nodes(), G.number_of_edges()
    (19, 90)
    """
    nodes_path, edges_path = csv_paths(path)
    if not edges_path.is_file():
        raise NetworkError(f"{edges_path}: no such file")
    edges = _read_rows(edges_path)
    nodes = _read_rows(nodes_path) if nodes_path.is_file() else []
    directed = any(r.get("Type", "").lower() == "directed" for r in edges)
    g: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    ntypes = _typed_columns(nodes, {"Id", "Label"})
    for r in nodes:
        attrs = {("label" if k == "Label" else k): _convert(v, ntypes.get(k, str)) for k, v in r.items()
                 if k != "Id" and v != ""}
        g.add_node(r["Id"], **attrs)
    etypes = _typed_columns(edges, {"Source", "Target", "Type"})
    for r in edges:
        attrs = {("weight" if k == "Weight" else k): _convert(v, etypes.get(k, str)) for k, v in r.items()
                 if k not in ("Source", "Target", "Type") and v != ""}
        g.add_edge(r["Source"], r["Target"], **attrs)
    return g
