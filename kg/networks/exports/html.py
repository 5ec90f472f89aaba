"""A self-contained interactive HTML page of a network, readable offline.

Everything is inline: the node-link data (``<script type="application/json" id="graph-data">``), the
stylesheet and the viewer script (``network.js``, plain JavaScript written for policykg: SVG drawing,
a force layout for dragging, zoom, search, details). Nothing is fetched, so the page opens from a
USB stick or an intranet; Chinese labels use the system's CJK fonts. `read_html` reads the embedded
data back, so the page is also a lossless export.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from pathlib import Path

import networkx as nx

from ...io import atomic_write_text
from ..projection import NetworkError
from ._common import display_names, layout, title_of
from .nxformats import graph_from_node_link, node_link

__all__ = ["write_html", "read_html", "html_page"]

_TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="policykg">
<title>{title}</title>
<style>
{css}
</style>
</head>
<body>
<header>
<h1 id="title">{title}</h1>
<span id="counts" class="muted"></span>
<label>着色 colour <select id="colour"><option value="group">社区 community</option>
<option value="kind">类型 kind</option></select></label>
<label><input id="labels" type="checkbox" checked> 标签 labels</label>
<label><input id="pin" type="checkbox"> 固定拖动的节点 pin dragged</label>
<button id="relayout" type="button">重新布局 re-layout</button>
<input id="search" type="search" placeholder="搜索单位 search">
<span id="status" data-state="loading">loading…</span>
</header>
<main>
<svg id="net" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{title}"
     preserveAspectRatio="xMidYMid meet"></svg>
<aside>
<div id="info"><p class="muted">点击节点查看详情。拖动节点、滚轮缩放、拖动空白处平移。<br>
Click a node for details; drag nodes, wheel to zoom, drag the background to pan.</p></div>
<h2>图例 legend</h2>
<div id="legend"></div>
</aside>
</main>
<script type="application/json" id="graph-data">{data}</script>
<script>
{js}
</script>
</body>
</html>
"""


def _asset(name: str) -> str:
    return resources.files("kg.networks.exports").joinpath(name).read_text(encoding="utf-8")


def _script_safe_json(value: object) -> str:
    # JSON inside <script>: escape "<" so "</script>" or "<!--" in a label cannot end the block.
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c")


def html_page(g: nx.Graph, title: str | None = None) -> str:
    """The page as a string (deterministic: same network, same bytes).

    Examples
    --------
    >>> import networkx as nx
    >>> page = html_page(nx.Graph([("a", "b", {"weight": 1})]), title="示例")
    >>> "<title>示例</title>" in page and "<script src" not in page and "<link" not in page
    True
    """
    from ..sna import community_numbers  # the page colours nodes by community (numbered from 1)

    names = display_names(g)
    pos = layout(g)
    groups = {str(n): i for n, i in community_numbers(g).items()}
    title = title or title_of(g)
    view = {
        "title": title,
        "names": {str(n): names[n] for n in g.nodes},
        "positions": {str(n): [round(pos[n][0], 5), round(pos[n][1], 5)] for n in g.nodes},
        "groups": groups,
    }
    return _TEMPLATE.format(
        title=html.escape(title),
        css=_asset("network.css").strip(),
        data=_script_safe_json({"graph": node_link(g), "view": view}),
        js=_asset("network.js").strip(),
    )


def write_html(g: nx.Graph, path: str | Path, title: str | None = None) -> Path:
    """Write the interactive page (one file, works offline).

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> g = nx.Graph([("区科技局", "区财政局", {"weight": 2})])
    >>> p = write_html(g, pathlib.Path(tempfile.mkdtemp()) / "n.html")
    >>> read_html(p)["区科技局"]["区财政局"]["weight"]
    2
    """
    path = Path(path)
    atomic_write_text(path, html_page(g, title))
    return path


def read_html(path: str | Path) -> nx.Graph:
    """Read the network embedded in a page written by `write_html`.

    Examples
    --------
    >>> from kg.networks.projection import network_from_file
    >>> G = read_html(write_html(network_from_file("out/kg.ttl"), "co-assignment.html"))
    >>> G.number_of_nodes(), G.number_of_edges()
    (19, 90)
    """
    text = Path(path).read_text(encoding="utf-8")
    start_tag = '<script type="application/json" id="graph-data">'
    start = text.find(start_tag)
    end = text.find("</script>", start)
    if start < 0 or end < 0:
        raise NetworkError(f"{path}: no policykg network data in this page")
    payload = json.loads(text[start + len(start_tag):end])
    return graph_from_node_link(payload["graph"])
