"""Every network export is read back (networkx readers for GEXF/GraphML/Pajek, our parsers for DL and
CSV) with the same nodes, edges and weights; the HTML page runs in headless Chromium; drawings use a
real CJK font; the CLI writes them all."""

from __future__ import annotations

import io
import shutil
import subprocess
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from kg.errors import ExitCode
from kg.networks.exports import (
    FORMATS,
    FontNotFoundError,
    csv_paths,
    find_cjk_font,
    read_csv,
    read_dl,
    read_html,
    read_json,
    read_network,
    write_csv,
    write_dl,
    write_drawing,
    write_gexf,
    write_graphml,
    write_html,
    write_json,
    write_network,
    write_pajek,
)
from kg.networks.exports import drawing as drawing_module
from kg.networks.exports.drawing import draw_network
from kg.networks.projection import KINDS, build_network, node_names, read_kg

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SUFFIX = {"gexf": "gexf", "graphml": "graphml", "pajek": "net", "dl": "dl", "csv": "csv", "json": "json",
          "html": "html", "png": "png", "svg": "svg"}


@pytest.fixture(scope="module")
def kg(sample_kg_dir):
    return read_kg(sample_kg_dir / "kg.ttl")


@pytest.fixture(scope="module")
def networks(kg):
    return {kind: build_network(kg, kind) for kind in KINDS}


def weighted_edges(g: nx.Graph, rename: dict | None = None) -> set:
    """Edges with weights, as a set that ignores edge direction on undirected graphs."""
    out = set()
    for u, v, d in g.edges(data=True):
        u, v = (rename[u], rename[v]) if rename else (u, v)
        key = (u, v) if g.is_directed() else tuple(sorted((str(u), str(v))))
        out.add((*key, d.get("weight", 1)))
    return out


def assert_same_network(original: nx.Graph, back: nx.Graph, by_name: bool = False) -> None:
    rename = node_names(original) if by_name else {n: n for n in original}
    assert back.is_directed() == original.is_directed()
    assert set(back.nodes) == set(rename.values())
    assert back.number_of_edges() == original.number_of_edges()
    assert weighted_edges(back) == weighted_edges(original, rename)
    for _, _, d in back.edges(data=True):
        assert isinstance(d["weight"], int)


# ------------------------------------------------------------------ read back, every format, every kind
@pytest.mark.parametrize("kind", KINDS)
def test_gexf_read_back_with_networkx(networks, kind, tmp_path):
    g = networks[kind]
    path = write_gexf(g, tmp_path / "n.gexf")
    back = nx.read_gexf(path)
    assert set(back.nodes) == set(g.nodes)
    assert {(u, v, int(w)) for u, v, w in back.edges(data="weight")} <= weighted_edges(g) | {
        (v, u, w) for u, v, w in weighted_edges(g)}
    assert back.number_of_edges() == g.number_of_edges()
    for n, d in g.nodes(data=True):
        assert back.nodes[n]["label"] == d["label"]
        assert back.nodes[n]["full_name"] == d["full_name"]
    for u, v, d in g.edges(data=True):
        assert back.edges[u, v]["tasks"] == d["tasks"]
    assert_same_network(g, read_network(path))


@pytest.mark.parametrize("kind", KINDS)
def test_graphml_read_back_with_networkx(networks, kind, tmp_path):
    g = networks[kind]
    path = write_graphml(g, tmp_path / "n.graphml")
    back = nx.read_graphml(path)
    assert_same_network(g, back)
    for n, d in g.nodes(data=True):
        assert {k: back.nodes[n][k] for k in d} == d  # every attribute, with its type
    for u, v, d in g.edges(data=True):
        assert back.edges[u, v] == d


@pytest.mark.parametrize("kind", KINDS)
def test_pajek_read_back_with_networkx(networks, kind, tmp_path):
    g = networks[kind]
    path = write_pajek(g, tmp_path / "n.net")
    back = nx.read_pajek(path)  # a multigraph keyed by vertex name, weights as floats
    names = node_names(g)
    assert set(back.nodes) == set(names.values())
    assert back.number_of_edges() == g.number_of_edges()
    assert {(u, v, int(w)) if back.is_directed() else (*sorted((u, v)), int(w))
            for u, v, w in back.edges(data="weight")} == weighted_edges(g, names)
    assert back.is_directed() == g.is_directed()
    assert all(0 <= back.nodes[n]["x"] <= 1 and 0 <= back.nodes[n]["y"] <= 1 for n in back)
    assert_same_network(g, read_network(path), by_name=True)


@pytest.mark.parametrize("kind", KINDS)
def test_dl_read_back_with_our_parser(networks, kind, tmp_path):
    g = networks[kind]
    path = write_dl(g, tmp_path / "n.dl")
    back = read_dl(path, directed=g.is_directed())
    assert_same_network(g, back, by_name=True)
    if kind in ("agency-task", "agency-ip"):
        assert path.read_text(encoding="utf-8").startswith("DL NR=19 NC=")
        names = node_names(g)
        for n, d in g.nodes(data=True):
            assert back.nodes[names[n]]["bipartite"] == d["bipartite"]


@pytest.mark.parametrize("kind", KINDS)
def test_csv_read_back_with_our_parser(networks, kind, tmp_path):
    g = networks[kind]
    nodes, edges = write_csv(g, tmp_path / "n.csv")
    assert (nodes.name, edges.name) == ("n.nodes.csv", "n.edges.csv")
    back = read_csv(tmp_path / "n.csv")
    assert_same_network(g, back)
    for n, d in g.nodes(data=True):
        assert {k: back.nodes[n][k] for k in d} == d
    for u, v, d in g.edges(data=True):
        assert back.edges[u, v] == d


@pytest.mark.parametrize("kind", KINDS)
def test_json_and_html_read_back(networks, kind, tmp_path):
    g = networks[kind]
    for back in (read_json(write_json(g, tmp_path / "n.json")), read_html(write_html(g, tmp_path / "n.html"))):
        assert_same_network(g, back)
        assert dict(back.nodes(data=True)) == dict(g.nodes(data=True))
        assert back.graph["kind"] == kind


def test_exports_are_deterministic(networks, tmp_path):
    g = networks["co-assignment"]
    for fmt in FORMATS:
        a = write_network(g, tmp_path / "a" / f"n.{SUFFIX[fmt]}", fmt)
        b = write_network(g, tmp_path / "b" / f"n.{SUFFIX[fmt]}", fmt)
        assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b], fmt


# ------------------------------------------------------------------ formats in detail
def test_dl_layout_is_ucinet_full_matrix(networks, tmp_path):
    g = networks["co-assignment"]
    text = write_dl(g, tmp_path / "n.dl").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "DL N=19 FORMAT=FULLMATRIX DIAGONAL PRESENT"
    assert lines[1] == "LABELS:"
    assert '"区市场监管局"' in lines[2:21]
    assert lines[21] == "DATA:"
    matrix = [[int(x) for x in row.split()] for row in lines[22:]]
    assert len(matrix) == 19 and all(len(row) == 19 for row in matrix)
    assert all(matrix[i][j] == matrix[j][i] for i in range(19) for j in range(19))
    assert sum(map(sum, matrix)) == 2 * 237


def test_dl_parser_reads_other_ucinet_layouts(tmp_path):
    p = tmp_path / "u.dl"
    p.write_text("dl n = 3\nformat = fullmatrix\nlabels:\n区科技局, 区财政局,\"区 法院\"\ndata:\n0 2 0\n0 0 1\n1 0 0\n",
                 encoding="utf-8")
    g = read_dl(p)
    assert g.is_directed() and set(g.nodes) == {"区科技局", "区财政局", "区 法院"}
    assert g["区科技局"]["区财政局"]["weight"] == 2 and g.number_of_edges() == 3
    p.write_text("DL N=2\nDATA:\n0 1.5\n1.5 0\n", encoding="utf-8")
    g = read_dl(p)
    assert not g.is_directed() and g["1"]["2"]["weight"] == 1.5
    p.write_text("DL N=2 FORMAT=EDGELIST1\nDATA:\n1 2\n", encoding="utf-8")
    with pytest.raises(Exception, match="not supported"):
        read_dl(p)
    p.write_text("DL N=2\nDATA:\n0 1 1\n", encoding="utf-8")
    with pytest.raises(Exception, match="3 values for a 2×2 matrix"):
        read_dl(p)


def test_dl_can_be_written_for_chinese_windows(networks, tmp_path):
    g = networks["lead"]
    path = write_dl(g, tmp_path / "n.dl", encoding="gb18030")
    assert "区市场监管局".encode("gb18030") in path.read_bytes()
    assert_same_network(g, read_dl(path, directed=True, encoding="gb18030"), by_name=True)


def test_csv_uses_gephi_headers(networks, tmp_path):
    nodes, edges = write_csv(networks["lead"], tmp_path / "lead.csv")
    assert nodes.read_text(encoding="utf-8").splitlines()[0].startswith("Id,Label,full_name,kind,tasks_led")
    header, first = edges.read_text(encoding="utf-8").splitlines()[:2]
    assert header == "Source,Target,Type,Weight,tasks"
    assert ",Directed," in first
    assert csv_paths(tmp_path / "lead.edges.csv") == (nodes, edges)


def test_xml_readers_refuse_entity_declarations(tmp_path):
    from kg.networks.projection import NetworkError

    for name in ("n.gexf", "n.graphml"):
        p = tmp_path / name
        p.write_text('<?xml version="1.0"?><!DOCTYPE g [<!ENTITY a "aaaa">]><graphml>&a;</graphml>',
                     encoding="utf-8")
        with pytest.raises(NetworkError, match="declares XML entities"):
            read_network(p)


def test_scalar_attributes_only(tmp_path):
    g = nx.Graph()
    g.add_node(1, label="甲", tags=["x"], missing=None)
    g.add_edge(1, 2, weight=3, tasks="（一）", extra={"a": 1})
    back = nx.read_graphml(write_graphml(g, tmp_path / "n.graphml"))
    assert dict(back.nodes["1"]) == {"label": "甲"}
    assert back.edges["1", "2"] == {"weight": 3, "tasks": "（一）"}


# ------------------------------------------------------------------ HTML in headless Chromium
def test_html_is_self_contained(networks, tmp_path):
    page = write_html(networks["co-assignment"], tmp_path / "n.html").read_text(encoding="utf-8")
    assert "<script src" not in page and "<link" not in page and "@import" not in page
    assert "url(http" not in page and "fetch(" not in page and "XMLHttpRequest" not in page
    start = page.index('<script type="application/json" id="graph-data">')
    code = page[:start] + page[page.index("</script>", start):]  # the markup, style and script (not the data)
    urls = {u.split('"')[0] for u in code.split("http")[1:]}
    assert urls <= {"://www.w3.org/2000/svg"}  # only the SVG namespace name, never fetched
    assert "区市场监管局" in page and "长寿区市场监督管理局" in page
    assert "WenQuanYi Micro Hei" in page  # Chinese-capable fonts first in the stylesheet


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-extensions", "--hide-scrollbars", f"--user-data-dir={profile}", "--enable-logging=stderr",
           "--v=0", "--virtual-time-budget=5000", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=tmp_path)


def _page_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (scripts/setup.sh installs it)")
@pytest.mark.parametrize("kind", ["co-assignment", "lead", "agency-task"])
def test_html_runs_in_headless_chromium(networks, kind, tmp_path):
    from PIL import Image

    g = networks[kind]
    page = write_html(g, tmp_path / f"{kind}.html")
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert _page_errors(dom.stderr) == []
    assert 'id="status" data-state="ok"' in dom.stdout
    assert f"ok: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges" in dom.stdout
    assert dom.stdout.count('<g class="node"') == g.number_of_nodes()
    assert ">区市场监管局</text>" in dom.stdout

    shot = tmp_path / "shot.png"
    run = _chromium(tmp_path, "--window-size=1280,860", f"--screenshot={shot}", page.as_uri())
    assert run.returncode == 0 and shot.is_file(), run.stderr[-2000:]
    assert _page_errors(run.stderr) == []
    image = Image.open(shot).convert("RGB")
    width, height = image.size
    drawing = image.crop((0, 80, int(width * 0.75), height))  # the SVG panel
    colours = drawing.getcolors(maxcolors=1 << 20)
    assert len(colours) > 50  # nodes, edges, anti-aliased text: not a blank page
    non_white = sum(count for count, rgb in colours if sum(rgb) < 720)
    assert non_white > 0.01 * drawing.size[0] * drawing.size[1]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (scripts/setup.sh installs it)")
def test_chromium_check_catches_a_broken_page(networks, tmp_path):
    """The harness itself: a page whose script fails is reported (so a pass above means something)."""
    page = write_html(networks["lead"], tmp_path / "broken.html")
    text = page.read_text(encoding="utf-8").replace('"graph":', '"graph":!', 1)
    page.write_text(text, encoding="utf-8")
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri())
    assert 'data-state="ok"' not in dom.stdout
    assert _page_errors(dom.stderr) or 'data-state="error"' in dom.stdout


# ------------------------------------------------------------------ drawings with a CJK font
def _render(fig, fmt: str = "png") -> tuple[bytes, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, dpi=60)
    return buf.getvalue(), [str(w.message) for w in caught if "missing from" in str(w.message)]


def test_png_uses_a_real_cjk_font(networks, tmp_path):
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font
    from matplotlib.text import Text

    g = networks["co-assignment"]
    labels = "".join(node_names(g).values())
    font = find_cjk_font(labels)
    cmap = FT2Font(str(font)).get_charmap()
    assert all(ord(ch) in cmap for ch in labels)
    assert str(font) in {e.fname for e in font_manager.fontManager.ttflist}  # registered with addfont

    fig = draw_network(g)
    texts = [t for t in fig.findobj(Text) if t.get_text() in set(node_names(g).values())]
    assert len(texts) == g.number_of_nodes()
    for t in texts:
        assert Path(font_manager.findfont(t.get_fontproperties())) == font
    cjk_png, cjk_missing = _render(fig)
    assert cjk_missing == []  # every glyph was found

    dejavu = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"))
    boxes_png, boxes_missing = _render(draw_network(g, font_path=dejavu))
    assert boxes_missing  # DejaVu Sans has no Chinese: matplotlib draws boxes and says so
    assert cjk_png != boxes_png

    path = write_drawing(g, tmp_path / "n.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_svg_has_chinese_as_outlines(networks, tmp_path):
    path = write_drawing(networks["lead"], tmp_path / "n.svg")
    root = ET.parse(path).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    assert not list(root.iter(f"{ns}text"))  # glyphs are paths: no font needed to view it
    assert len(list(root.iter(f"{ns}path"))) > 100


def test_font_wheel_is_the_last_resort(monkeypatch, tmp_path):
    """Without fontconfig or system fonts, Noto Sans SC from the pylopdf-fonts-zh-cn wheel is used
    (a stand-in package with a real CJK font file here, so the test needs no download)."""
    real = find_cjk_font()
    package = tmp_path / "site" / "pylopdf_fonts_zh_cn"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    shutil.copyfile(real, package / "NotoSansSC-Regular.otf")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.delenv("POLICYKG_CJK_FONT", raising=False)
    for source in ("_fontconfig_candidates", "_matplotlib_candidates", "_system_scan_candidates"):
        monkeypatch.setattr(drawing_module, source, lambda: [])
    assert find_cjk_font("区市场监管局") == package / "NotoSansSC-Regular.otf"


def test_missing_cjk_font_is_a_clear_error(networks, monkeypatch, tmp_path):
    monkeypatch.delenv("POLICYKG_CJK_FONT", raising=False)
    monkeypatch.setattr(drawing_module, "_font_candidates", lambda: [])
    with pytest.raises(FontNotFoundError) as info:
        write_drawing(networks["lead"], tmp_path / "n.png")
    assert "no CJK font" in str(info.value) and "fonts-wqy-microhei" in str(info.value)
    assert "\n" not in str(info.value)
    assert not (tmp_path / "n.png").exists()


# ------------------------------------------------------------------ CLI
def test_cli_choices_match_the_library():
    from kg.cli import NETWORK_FORMATS, NETWORK_KINDS

    assert NETWORK_KINDS == KINDS and NETWORK_FORMATS == FORMATS


def test_cli_graph_writes_every_format(cli, sample_kg_dir, tmp_path, networks):
    data = str(sample_kg_dir / "kg.ttl")
    # Each run is a new process (a few seconds); the library tests above cover every format.
    for fmt in ("gexf", "pajek", "dl", "csv", "html", "png"):
        out = tmp_path / f"co.{SUFFIX[fmt]}"
        run = cli("graph", "--data", data, "-o", str(out))
        assert run.returncode == 0, run.stderr
        assert "co-assignment network: 19 nodes, 90 edges, total weight 237" in run.stdout
        files = csv_paths(out) if fmt == "csv" else (out,)
        assert all(p.is_file() and p.stat().st_size > 0 for p in files)
        if fmt not in ("png", "svg"):
            by_name = fmt in ("pajek", "dl")
            assert_same_network(networks["co-assignment"], read_network(out), by_name=by_name)
    run = cli("graph", "--data", data, "--kind", "lead", "--format", "pajek", "-o", str(tmp_path / "lead.txt"))
    assert run.returncode == 0 and "23 edges, total weight 60" in run.stdout
    assert read_network(tmp_path / "lead.txt", "pajek").number_of_edges() == 23
    run = cli("graph", "--data", data, "--collectives", "keep", "-o", str(tmp_path / "keep.json"))
    assert run.returncode == 0 and "20 nodes" in run.stdout


def test_cli_metrics(cli, sample_kg_dir, tmp_path):
    data = str(sample_kg_dir / "kg.ttl")
    run = cli("metrics", "--data", data)
    assert run.returncode == 0, run.stderr
    assert "top_betweenness                区市场监管局" in run.stdout
    assert "nodes                          19" in run.stdout
    run = cli("metrics", "--data", data, "--kind", "lead", "--format", "csv", "-o", str(tmp_path / "m.csv"))
    assert run.returncode == 0 and (tmp_path / "m.csv").read_text(encoding="utf-8").startswith("id,label,")


def test_cli_errors_are_one_line(cli, sample_kg_dir, tmp_path, monkeypatch):
    run = cli("graph", "-o", str(tmp_path / "x.gexf"), cwd=tmp_path)  # default out/kg.ttl is missing
    assert run.returncode == ExitCode.INPUT and run.stderr.count("\n") == 1
    assert "out/kg.ttl: no such KG file; run `policykg build` first" in run.stderr
    run = cli("metrics", "--data", str(tmp_path / "none.ttl"))
    assert run.returncode == ExitCode.INPUT and run.stderr.count("\n") == 1
    data = str(sample_kg_dir / "kg.ttl")
    run = cli("graph", "--data", data, "-o", str(tmp_path / "x.unknown"))
    assert run.returncode == ExitCode.NETWORK and "give --format" in run.stderr and run.stderr.count("\n") == 1
    for name in ("x.gexf", "x.unknown"):
        assert not (tmp_path / name).exists()


def test_cli_refuses_to_draw_without_a_cjk_font(cli, sample_kg_dir, tmp_path, monkeypatch):
    from matplotlib import font_manager

    latin = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"))
    monkeypatch.setenv("POLICYKG_CJK_FONT", latin)  # the runner passes the environment on
    run = cli("graph", "--data", str(sample_kg_dir / "kg.ttl"), "-o", str(tmp_path / "x.png"))
    assert run.returncode == ExitCode.FONT and run.stderr.count("\n") == 1
    assert "not a font with Chinese glyphs" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "x.png").exists()
