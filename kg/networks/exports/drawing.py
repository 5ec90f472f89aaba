"""PNG and SVG drawings of a network with Chinese labels (matplotlib, no pyplot state).

Matplotlib's default font (DejaVu Sans) has no Chinese glyphs and draws empty boxes (豆腐块), so the
labels use a real CJK font found on the machine, checked to cover every character to be drawn:

1. the file named by ``POLICYKG_CJK_FONT`` (if set, nothing else is tried);
2. fontconfig's Chinese fonts (``fc-list :lang=zh``), e.g. Debian's ``fonts-wqy-microhei``, which
   ``scripts/setup.sh`` installs;
3. CJK families matplotlib already knows (Noto Sans CJK SC, Microsoft YaHei, PingFang SC …), and
   CJK font files found by a fresh scan of the system font folders;
4. Noto Sans SC from the ``pylopdf-fonts-zh-cn`` wheel (setup's fallback when apt is unavailable).

The font file is registered with ``matplotlib.font_manager.fontManager.addfont`` and every text uses
it by file, so what is drawn is what was checked. No font → `FontNotFoundError`, one line.
"""

from __future__ import annotations

import importlib.util
import math
import os
import shutil
import subprocess
import warnings
from functools import lru_cache
from pathlib import Path

import networkx as nx

from ..io import atomic_open
from ..networks import NetworkError, total_weight
from ._common import TITLES, display_names, layout

__all__ = ["FontNotFoundError", "find_cjk_font", "draw_network", "write_png", "write_svg", "write_drawing"]

# Families known to cover simplified Chinese, best first (sans before serif: labels are small).
CJK_FAMILIES = (
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "SimHei",
    "Noto Serif CJK SC",
    "AR PL UMing CN",
)
_SAMPLE = "区市场监管局牵头配合单位"
_PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
            "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39")


class FontNotFoundError(NetworkError):
    """No font with Chinese glyphs could be found."""


@lru_cache(maxsize=64)
def _charmap(path: str) -> frozenset[int]:
    from matplotlib.ft2font import FT2Font

    try:
        return frozenset(FT2Font(path).get_charmap())
    except Exception:  # not a font file, or a format FreeType cannot open
        return frozenset()


def _covers(path: Path, text: str) -> bool:
    cmap = _charmap(str(path))
    return bool(cmap) and all(ord(ch) in cmap for ch in set(text) if not ch.isspace())


def _fontconfig_candidates() -> list[Path]:
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return []
    try:
        out = subprocess.run([fc_list, ":lang=zh", "family", "file"], capture_output=True, text=True,
                             timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found: list[tuple[int, str, Path]] = []
    for line in out.splitlines():
        file, _, family = line.partition(":")
        families = [f.strip() for f in family.split(",")]
        rank = min((CJK_FAMILIES.index(f) for f in families if f in CJK_FAMILIES), default=len(CJK_FAMILIES))
        found.append((rank, file.strip(), Path(file.strip())))
    return [p for _, _, p in sorted(found)]


def _matplotlib_candidates() -> list[Path]:
    from matplotlib import font_manager

    by_family = {}
    for entry in font_manager.fontManager.ttflist:
        if entry.name in CJK_FAMILIES:
            by_family.setdefault(entry.name, Path(entry.fname))
    return [by_family[f] for f in CJK_FAMILIES if f in by_family]


# File names of common CJK fonts, for a fresh scan of the system font folders (matplotlib's own font
# list is cached and misses fonts installed after the cache was built).
_CJK_FILE_HINTS = ("wqy", "notosanscjk", "notoserifcjk", "notosanssc", "sourcehansans", "droidsansfallback",
                   "uming", "ukai", "msyh", "simhei", "pingfang")


def _hint_rank(path: Path) -> int:
    flat = path.name.lower().replace("-", "").replace("_", "")
    return min((i for i, hint in enumerate(_CJK_FILE_HINTS) if hint in flat), default=-1)


def _system_scan_candidates() -> list[Path]:
    from matplotlib import font_manager

    ranked = [(_hint_rank(Path(name)), name) for name in font_manager.findSystemFonts()]
    return [Path(name) for rank, name in sorted(ranked) if rank >= 0]


def _wheel_candidates() -> list[Path]:
    spec = importlib.util.find_spec("pylopdf_fonts_zh_cn")
    if spec is None or not spec.submodule_search_locations:
        return []
    folder = Path(next(iter(spec.submodule_search_locations)))
    return sorted(folder.glob("*Sans*.otf")) + sorted(folder.glob("*Serif*.otf"))


def _font_candidates() -> list[Path]:
    seen, out = set(), []
    sources = (_fontconfig_candidates, _matplotlib_candidates, _system_scan_candidates, _wheel_candidates)
    for path in (p for source in sources for p in source()):
        if path not in seen and path.is_file():
            seen.add(path)
            out.append(path)
    return out


def find_cjk_font(text: str = _SAMPLE) -> Path:
    """The path of a font that has a glyph for every character of ``text``, registered with matplotlib.

    Raises
    ------
    FontNotFoundError
        When no such font is installed (the message says how to install one).

    Examples
    --------
    >>> find_cjk_font("区市场监管局").suffix in {".ttc", ".ttf", ".otf"}  # doctest: +SKIP
    True
    """
    from matplotlib import font_manager

    text = text + _SAMPLE
    override = os.environ.get("POLICYKG_CJK_FONT")
    candidates = [Path(override)] if override else _font_candidates()
    for path in candidates:
        if path.is_file() and _covers(path, text):
            font_manager.fontManager.addfont(str(path))
            return path
    if override:
        raise FontNotFoundError(f"POLICYKG_CJK_FONT={override} is not a font with Chinese glyphs")
    raise FontNotFoundError("no CJK font found to draw Chinese labels: install one with "
                            "`apt-get install fonts-wqy-microhei` or `pip install pylopdf-fonts-zh-cn`")


def draw_network(g: nx.Graph, font_path: str | Path | None = None, title: str | None = None):
    """Draw ``g`` on a new matplotlib Figure: node size = weighted degree, colour = Louvain community,
    squares for the second mode of two-mode networks, edge width = weight, arrows on directed networks.

    Parameters
    ----------
    g
        A network from `kg.networks`.
    font_path
        The font for all text, used as given; default: `find_cjk_font` for the labels.
    title
        Figure title; default: the network kind's Chinese/English title.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import networkx as nx
    >>> fig = draw_network(nx.Graph([("区科技局", "区财政局", {"weight": 2})]))  # doctest: +SKIP
    """
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    from ..sna import communities

    names = display_names(g)
    title = title or TITLES.get(str(g.graph.get("kind", "")), "policykg network")
    font = Path(font_path) if font_path is not None else find_cjk_font("".join(names.values()) + title)
    prop = FontProperties(fname=str(font), size=9)
    title_prop = FontProperties(fname=str(font), size=13)

    n = g.number_of_nodes()
    side = max(6.0, min(16.0, 3.0 + 1.6 * math.sqrt(max(n, 1))))
    fig = Figure(figsize=(side * 1.25, side), dpi=150, layout="constrained")
    ax = fig.add_subplot()
    ax.set_axis_off()
    pos = layout(g)
    colour = {v: _PALETTE[i % len(_PALETTE)] for i, c in enumerate(communities(g)) for v in c}
    strength = dict(g.degree(weight="weight"))
    size = {v: 80 + 35 * strength[v] for v in g.nodes}
    max_w = max((d.get("weight", 1) for _, _, d in g.edges(data=True)), default=1)

    edges = list(g.edges(data=True))
    if edges:
        arrows: dict = {"arrows": False}
        if g.is_directed():  # arrow options apply to FancyArrowPatches only
            arrows = {"arrows": True, "arrowstyle": "-|>", "arrowsize": 12}
        nx.draw_networkx_edges(
            g, pos, ax=ax, edgelist=[(u, v) for u, v, _ in edges],
            width=[0.6 + 4.0 * d.get("weight", 1) / max_w for _, _, d in edges],
            edge_color="#8a9a9a", alpha=0.55, node_size=[size[v] for v in g.nodes], nodelist=list(g.nodes),
            **arrows,
        )
    for mode, marker in ((0, "o"), (1, "s")):
        members = [v for v, d in g.nodes(data=True) if int(d.get("bipartite", 0) or 0) == mode]
        if members:
            nx.draw_networkx_nodes(g, pos, nodelist=members, ax=ax, node_shape=marker,
                                   node_size=[size[v] for v in members],
                                   node_color=[colour[v] for v in members],
                                   edgecolors="white", linewidths=1.0)
    for v in g.nodes:
        x, y = pos[v]
        ax.text(x, y + 0.012 + 0.0009 * math.sqrt(size[v]), names[v], fontproperties=prop,
                ha="center", va="bottom", color="#222222", zorder=5, gid=f"label-{v}",
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.6})
    ax.set_title(title, fontproperties=title_prop)
    caption = f"{n} 个节点 nodes · {g.number_of_edges()} 条边 edges · 总权重 total weight {total_weight(g)}"
    ax.text(0.5, -0.01, caption, transform=ax.transAxes, ha="center", va="top",
            fontproperties=FontProperties(fname=str(font), size=9), color="#555555")
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(-0.05, 1.08)
    return fig


def write_drawing(g: nx.Graph, path: str | Path, fmt: str | None = None, font_path: str | Path | None = None,
                  title: str | None = None) -> Path:
    """Write a PNG or SVG drawing (format from ``fmt`` or the file suffix). SVG text is written as
    outlines, so it shows Chinese on machines without the font.

    Examples
    --------
    >>> write_drawing(G, "co-assignment.png")  # doctest: +SKIP
    """
    import matplotlib

    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".") or "png").lower()
    if fmt not in ("png", "svg"):
        raise NetworkError(f"{path}: drawings are png or svg, not {fmt}")
    fig = draw_network(g, font_path=font_path, title=title)
    metadata = {"Software": "policykg"} if fmt == "png" else {"Date": None, "Creator": "policykg"}
    rc = {"svg.hashsalt": "policykg", "svg.fonttype": "path"}
    with matplotlib.rc_context(rc), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Glyph missing" can only happen with font_path given
        with atomic_open(path, "wb") as fh:
            fig.savefig(fh, format=fmt, metadata=metadata, facecolor="white")
    return path


def write_png(g: nx.Graph, path: str | Path, font_path: str | Path | None = None) -> Path:
    """Write a PNG drawing (150 dpi). See `draw_network`.

    Examples
    --------
    >>> write_png(G, "co-assignment.png")  # doctest: +SKIP
    """
    return write_drawing(g, path, "png", font_path)


def write_svg(g: nx.Graph, path: str | Path, font_path: str | Path | None = None) -> Path:
    """Write an SVG drawing (text as outlines). See `draw_network`.

    Examples
    --------
    >>> write_svg(G, "co-assignment.svg")  # doctest: +SKIP
    """
    return write_drawing(g, path, "svg", font_path)
