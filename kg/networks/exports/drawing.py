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

from ...errors import ExitCode, require
from ...io import atomic_open
from ..projection import NetworkError, total_weight
from ._common import display_names, layout, title_of

__all__ = ["COLOUR_BY", "FontNotFoundError", "find_cjk_font", "draw_network", "write_png", "write_svg",
           "write_drawing"]

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

    exit_code = ExitCode.FONT


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
    require("matplotlib", extra="analysis")
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


# Chinese names of the node kinds, for the legend when colouring by kind.
KIND_ZH = {
    "GovernmentDepartment": "政府部门", "PublicSecurityOrgan": "公安机关", "PeoplesGovernment": "人民政府",
    "PartyOrgan": "党委机关", "Court": "法院", "Procuratorate": "检察院", "DevelopmentZone": "开发区/园区",
    "Collective": "集体/泛指", "OtherAgency": "其他单位", "Agency": "单位", "KeyTask": "重点任务",
    "IPType": "知识产权类型",
}
COLOUR_BY = ("community", "kind")
# What an edge means, for the legend.
_EDGE_NOTES = {
    "co-assignment": "共同承担任务 shared tasks",
    "lead": "牵头 → 配合 lead → cooperating",
    "agency-task": "负责该任务 responsible for the task",
    "agency-ip": "负责涉及该类型的任务 tasks on the IP type",
}
_EDGE_COLOUR = "#8a9a9a"


def _node_colours(g: nx.Graph, colour_by: str) -> tuple[dict, list[tuple[str, str]]]:
    """Each node's colour and the legend entries (label, colour) for ``colour_by``."""
    from ..sna import communities

    if colour_by == "community":
        parts = communities(g)
        colour = {v: _PALETTE[i % len(_PALETTE)] for i, c in enumerate(parts) for v in c}
        entries = [(f"社区 community {i}（{len(c)}）", _PALETTE[(i - 1) % len(_PALETTE)])
                   for i, c in enumerate(parts, start=1)]
        if len(entries) > len(_PALETTE):  # colours repeat past the palette: say so rather than list them
            rest = len(entries) - len(_PALETTE) + 1
            entries = entries[: len(_PALETTE) - 1] + [(f"其余 {rest} 个社区 {rest} more", "#bbbbbb")]
        return colour, entries
    if colour_by == "kind":
        kinds = sorted({str(d.get("kind") or "Agency") for _, d in g.nodes(data=True)},
                       key=lambda k: (list(KIND_ZH).index(k) if k in KIND_ZH else len(KIND_ZH), k))
        by_kind = {k: _PALETTE[i % len(_PALETTE)] for i, k in enumerate(kinds)}
        colour = {v: by_kind[str(d.get("kind") or "Agency")] for v, d in g.nodes(data=True)}
        counts = {k: 0 for k in kinds}
        for _, d in g.nodes(data=True):
            counts[str(d.get("kind") or "Agency")] += 1
        return colour, [(f"{KIND_ZH.get(k, k)} {k}（{counts[k]}）", by_kind[k]) for k in kinds]
    raise NetworkError(f"colour by {colour_by!r}? choose one of {', '.join(COLOUR_BY)}")


def draw_network(g: nx.Graph, font_path: str | Path | None = None, title: str | None = None,
                 colour_by: str = "community"):
    """Draw ``g`` on a new matplotlib Figure, ready to print: node size = weighted degree, colour =
    Louvain community (numbered from 1, as in ``policykg metrics``) or agency kind, squares for the
    second mode of two-mode networks, edge width = weight, and a legend.

    Labels are placed by `kg.networks.exports.placement.place_labels` so that no two overlap and none
    covers a node when there is room (a thin leader line joins a label set further off to its node).
    On directed networks each arc is drawn as an arrow that ends at the node's rim and bends around
    any node it would otherwise run through (`kg.networks.exports.placement.arc_bend`); an arc that
    has a reverse arc bends so the two stay apart.

    Parameters
    ----------
    g
        A network from `kg.networks.projection`.
    font_path
        The font for all text, used as given; default: `find_cjk_font` for the labels.
    title
        Figure title; default: the network kind's Chinese/English title.
    colour_by
        ``"community"`` (default) or ``"kind"``.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import networkx as nx
    >>> fig = draw_network(nx.Graph([("区科技局", "区财政局", {"weight": 2})]))  # doctest: +SKIP
    """
    require("matplotlib", extra="analysis")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    from .placement import arc_bend, place_labels

    names = display_names(g)
    colour, entries = _node_colours(g, colour_by)
    title = title or title_of(g)
    legend_text = ("".join(label for label, _ in entries) + "".join(_EDGE_NOTES.values())
                   + "图例单位重点任务知识产权类型线宽数")
    font = (Path(font_path) if font_path is not None
            else find_cjk_font("".join(names.values()) + title + legend_text))
    prop = FontProperties(fname=str(font), size=9)
    title_prop = FontProperties(fname=str(font), size=13)

    n = g.number_of_nodes()
    side = max(6.0, min(16.0, 3.0 + 1.6 * math.sqrt(max(n, 1))))
    fig = Figure(figsize=(side * 1.5, side), dpi=150)
    FigureCanvasAgg(fig)  # a renderer, to measure the labels
    ax = fig.add_axes((0.01, 0.05, 0.72, 0.88))  # fixed axes: the right part holds the legend
    ax.set_axis_off()
    pos = layout(g)
    # Limits around the nodes with one scale on both axes (the layout's shape, not stretched to the
    # page), fixed now: labels and arcs are placed in display units below.
    xs, ys = [p[0] for p in pos.values()] or [0.5], [p[1] for p in pos.values()] or [0.5]
    (x0, x1), (y0, y1) = (min(xs) - 0.08, max(xs) + 0.08), (min(ys) - 0.08, max(ys) + 0.08)
    box_w, box_h = ax.bbox.width, ax.bbox.height
    scale = max((x1 - x0) / box_w, (y1 - y0) / box_h)  # data units per pixel
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    ax.set_xlim(cx - scale * box_w / 2, cx + scale * box_w / 2)
    ax.set_ylim(cy - scale * box_h / 2, cy + scale * box_h / 2)
    strength = dict(g.degree(weight="weight"))
    size = {v: 80 + 35 * strength[v] for v in g.nodes}  # marker area, points²
    px = fig.dpi / 72.0
    radius = {v: math.sqrt(size[v]) / 2 * px for v in g.nodes}  # display units
    centre = {v: tuple(ax.transData.transform(pos[v])) for v in g.nodes}
    max_w = max((d.get("weight", 1) for _, _, d in g.edges(data=True)), default=1)

    def width(d: dict) -> float:
        return 0.6 + 4.0 * d.get("weight", 1) / max_w

    edges = list(g.edges(data=True))
    if edges and g.is_directed():
        discs = {v: (*centre[v], radius[v]) for v in g.nodes}
        for u, v, d in edges:
            others = [discs[x] for x in g.nodes if x not in (u, v)]
            rad = arc_bend(centre[u], centre[v], others, margin=2 * px, reverse_exists=g.has_edge(v, u))
            ax.add_patch(FancyArrowPatch(
                pos[u], pos[v], arrowstyle="-|>", mutation_scale=12, connectionstyle=f"arc3,rad={rad}",
                shrinkA=radius[u] / px + 1, shrinkB=radius[v] / px + 1, lw=width(d), color=_EDGE_COLOUR,
                alpha=0.6, zorder=1, gid=f"arc-{u}-{v}"))
    elif edges:
        nx.draw_networkx_edges(g, pos, ax=ax, edgelist=[(u, v) for u, v, _ in edges],
                               width=[width(d) for _, _, d in edges], edge_color=_EDGE_COLOUR, alpha=0.55,
                               arrows=False)
    for mode, marker in ((0, "o"), (1, "s")):
        members = [v for v, d in g.nodes(data=True) if int(d.get("bipartite", 0) or 0) == mode]
        if members:
            ax.scatter([pos[v][0] for v in members], [pos[v][1] for v in members], marker=marker,
                       s=[size[v] for v in members], c=[colour[v] for v in members], edgecolors="white",
                       linewidths=1.0, zorder=3)

    # labels: measure, place without overlaps, then draw (with a leader line when set further off)
    renderer = fig.canvas.get_renderer()
    texts = {}
    for v in g.nodes:
        texts[v] = ax.text(pos[v][0], pos[v][1], names[v], fontproperties=prop, ha="center", va="center",
                           color="#222222", zorder=5, gid=f"label-{v}",
                           bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.75})
    sizes = {}
    for v, t in texts.items():
        box = t.get_window_extent(renderer)
        sizes[v] = (box.width + 2 * px, box.height + 2 * px)  # + the white box's padding
    boxes = place_labels(centre, radius, sizes, bounds=tuple(ax.bbox.extents), pad=1.5 * px, step=4 * px)
    to_data = ax.transData.inverted()
    for v, (x0, y0, x1, y1) in boxes.items():
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        texts[v].set_position(tuple(to_data.transform((cx, cy))))
        gap = math.hypot(cx - centre[v][0], cy - centre[v][1]) - radius[v] - max(x1 - x0, y1 - y0) / 2
        if gap > 8 * px:
            ax.plot(*zip(pos[v], to_data.transform((cx, cy)), strict=True), color="#999999", lw=0.5, zorder=2)

    handles = [Line2D([], [], marker="o", ls="", markersize=8, color=c, label=label) for label, c in entries]
    if any(int(d.get("bipartite", 0) or 0) == 1 for _, d in g.nodes(data=True)):
        second = "重点任务 task" if g.graph.get("kind") == "agency-task" else "知识产权类型 IP type"
        handles += [Line2D([], [], marker="o", ls="", markersize=8, color="#666666", label="单位 agency"),
                    Line2D([], [], marker="s", ls="", markersize=8, color="#666666", label=second)]
    edge_note = _EDGE_NOTES.get(str(g.graph.get("kind", "")),
                                "有向联系 directed tie" if g.is_directed() else "联系 tie")
    handles.append(Line2D([], [], color=_EDGE_COLOUR, lw=2.5, label=edge_note))
    handles.append(Line2D([], [], color="none", label="线宽 = 任务数 width = tasks"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), prop=prop, frameon=False,
              title="图例 legend", title_fontproperties=prop, alignment="left")
    ax.set_title(title, fontproperties=title_prop)
    caption = f"{n} 个节点 nodes · {g.number_of_edges()} 条边 edges · 总权重 total weight {total_weight(g)}"
    ax.text(0.5, -0.01, caption, transform=ax.transAxes, ha="center", va="top",
            fontproperties=FontProperties(fname=str(font), size=9), color="#555555")
    return fig


def write_drawing(g: nx.Graph, path: str | Path, fmt: str | None = None, font_path: str | Path | None = None,
                  title: str | None = None, colour_by: str = "community") -> Path:
    """Write a PNG or SVG drawing (format from ``fmt`` or the file suffix). SVG text is written as
    outlines, so it shows Chinese on machines without the font.

    Examples
    --------
    >>> write_drawing(G, "co-assignment.png")  # doctest: +SKIP
    """
    matplotlib = require("matplotlib", extra="analysis")

    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".") or "png").lower()
    if fmt not in ("png", "svg"):
        raise NetworkError(f"{path}: drawings are png or svg, not {fmt}")
    fig = draw_network(g, font_path=font_path, title=title, colour_by=colour_by)
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
