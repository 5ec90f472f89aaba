"""Write (and read back) the agency networks in the formats network analysts use.

=========  ===========================  ======================================================
format     file                         opens in
=========  ===========================  ======================================================
gexf       ``.gexf``                    Gephi (all attributes)
graphml    ``.graphml``                 Gephi, yEd, Cytoscape, igraph, R
pajek      ``.net``                     Pajek, VOSviewer, UCINET (names, weights, layout)
dl         ``.dl``                      UCINET (full matrix with labels)
csv        ``.nodes.csv``/``.edges.csv``  Gephi's spreadsheet import, Excel, R, pandas
json       ``.json``                    node-link JSON (D3, networkx)
html       ``.html``                    any browser, offline (interactive)
png, svg   ``.png``/``.svg``            drawings with Chinese labels
=========  ===========================  ======================================================

Every writer has a reader beside it (`read_network`), except the drawings.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import networkx as nx

from ..projection import Collectives, NetworkError, network_from_file
from .drawing import FontNotFoundError, find_cjk_font, write_drawing, write_png, write_svg
from .html import read_html, write_html
from .nxformats import (
    read_gexf,
    read_graphml,
    read_json,
    read_pajek,
    write_gexf,
    write_graphml,
    write_json,
    write_pajek,
)
from .tables import csv_paths, read_csv, read_dl, write_csv, write_dl

__all__ = [
    "FORMATS",
    "MEASURE_FORMATS",
    "ENCODED_FORMATS",
    "SUFFIXES",
    "check_encoding",
    "FontNotFoundError",
    "find_cjk_font",
    "format_for",
    "write_network",
    "read_network",
    "export_network",
    "write_gexf", "read_gexf", "write_graphml", "read_graphml", "write_pajek", "read_pajek",
    "write_json", "read_json", "write_dl", "read_dl", "write_csv", "read_csv", "csv_paths",
    "write_html", "read_html", "write_png", "write_svg", "write_drawing",
]

FORMATS = ("gexf", "graphml", "pajek", "dl", "csv", "json", "html", "png", "svg")
# The formats whose files keep node attributes, so `export_network` puts the measures in them.
MEASURE_FORMATS = ("gexf", "graphml", "csv", "json", "html")
# The text formats written in a chosen encoding (the XML, JSON and HTML files are always UTF-8).
ENCODED_FORMATS = ("csv", "dl", "pajek")
SUFFIXES = {".gexf": "gexf", ".graphml": "graphml", ".net": "pajek", ".paj": "pajek", ".dl": "dl",
            ".csv": "csv", ".json": "json", ".html": "html", ".htm": "html", ".png": "png", ".svg": "svg"}


def _written(path: Path) -> list[Path]:
    return [path]


_WRITERS: dict[str, Callable[[nx.Graph, Path], object]] = {
    "gexf": write_gexf, "graphml": write_graphml, "pajek": write_pajek, "dl": write_dl, "csv": write_csv,
    "json": write_json, "html": write_html, "png": write_png, "svg": write_svg,
}
_READERS: dict[str, Callable[[Path], nx.Graph]] = {
    "gexf": read_gexf, "graphml": read_graphml, "pajek": read_pajek, "dl": read_dl, "csv": read_csv,
    "json": read_json, "html": read_html,
}


def format_for(path: str | Path, fmt: str | None = None) -> str:
    """The export format: ``fmt`` if given, else from the file suffix (``.net`` → pajek).

    Examples
    --------
    >>> format_for("co.net"), format_for("co.txt", "dl")
    ('pajek', 'dl')
    """
    if fmt:
        if fmt not in FORMATS:
            raise NetworkError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise NetworkError(f"{path}: cannot tell the format from the suffix; "
                           f"give --format ({', '.join(FORMATS)})")
    return SUFFIXES[suffix]


def check_encoding(fmt: str, encoding: str | None) -> str | None:
    """The text encoding to write ``fmt`` in: ``None`` (the writer's UTF-8) or a known codec name for
    the text formats that take one (csv, dl, pajek); anything else is a one-line `NetworkError`.

    Examples
    --------
    >>> check_encoding("dl", "GB18030"), check_encoding("gexf", None)
    ('gb18030', None)
    """
    if encoding is None:
        return None
    import codecs

    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise NetworkError(f"unknown encoding {encoding!r} (e.g. utf-8, utf-8-sig, gb18030)") from None
    if fmt not in ENCODED_FORMATS:
        raise NetworkError(f"{fmt} files are always UTF-8; an encoding applies to "
                           f"{', '.join(ENCODED_FORMATS)} only")
    return name


def write_network(g: nx.Graph, path: str | Path, fmt: str | None = None,
                  encoding: str | None = None) -> list[Path]:
    """Write ``g`` in one format; returns the files written (two for csv).

    ``encoding`` applies to the text formats csv, dl and pajek: ``utf-8-sig`` (a byte-order mark, for
    Excel) or ``gb18030`` (UCINET or Pajek on a Chinese-locale Windows); default UTF-8.

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> [p.name for p in write_network(nx.path_graph(3), out / "n.csv")]
    ['n.nodes.csv', 'n.edges.csv']
    """
    path = Path(path)
    fmt = format_for(path, fmt)
    codec = check_encoding(fmt, encoding)
    try:
        if codec is None:
            result = _WRITERS[fmt](g, path)
        else:
            result = _WRITERS[fmt](g, path, encoding=codec)  # type: ignore[call-arg]
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start:exc.end] if isinstance(exc.object, str) else "?"
        raise NetworkError(f"{path}: {bad!r} cannot be written in {codec}; use utf-8 or gb18030") from None
    return list(result) if isinstance(result, tuple) else [Path(result)]  # type: ignore[arg-type]


def read_network(path: str | Path, fmt: str | None = None) -> nx.Graph:
    """Read a network file written by `write_network` (not drawings).

    Examples
    --------
    >>> G, files = export_network("out/kg.ttl", "co-assignment.gexf")
    >>> read_network("co-assignment.gexf").number_of_edges()
    90
    """
    fmt = format_for(path, fmt)
    if fmt not in _READERS:
        raise NetworkError(f"{path}: {fmt} drawings cannot be read back")
    return _READERS[fmt](Path(path))


def export_network(data: str | Path, output: str | Path, kind: str = "co-assignment", fmt: str | None = None,
                   collectives: Collectives = "drop", measures: bool = True,
                   encoding: str | None = None, colour_by: str = "community",
                   by: str = "agency") -> tuple[nx.Graph, list[Path]]:
    """Build a network from a KG file and write it (what ``policykg graph`` does).

    With ``measures`` (the default) every node also carries its SNA measures (degree, weighted
    degree, betweenness, closeness — in/out on directed networks —, eigenvector, constraint, k-core,
    community … see `kg.networks.sna.with_measures`) in the formats that keep node attributes: GEXF,
    GraphML, JSON, HTML and the nodes CSV. Pajek and UCINET DL carry names and weights only.
    ``encoding`` as in `write_network` (checked before the network is built); ``colour_by``
    (``community`` or ``kind``) colours the nodes of a png or svg drawing. ``by`` is ``agency`` (one node
    per agency) or ``function`` (one per agency function, pooling jurisdictions: `kg.networks.functions`).

    Examples
    --------
    >>> G, files = export_network("out/kg.ttl", "co-assignment.gexf")
    >>> files
    [PosixPath('co-assignment.gexf')]
    >>> broker = max(G, key=lambda n: G.nodes[n]["betweenness"])
    >>> G.nodes[broker]["label"], round(G.nodes[broker]["betweenness"], 4)
    ('区市场监管局', 0.2473)
    """
    fmt = format_for(output, fmt)
    check_encoding(fmt, encoding)
    g = network_from_file(data, kind, collectives, by)
    if measures and fmt in MEASURE_FORMATS:
        from ..sna import with_measures

        g = with_measures(g)
    if fmt in ("png", "svg"):
        return g, [write_drawing(g, output, fmt, colour_by=colour_by)]
    return g, write_network(g, output, fmt, encoding)
