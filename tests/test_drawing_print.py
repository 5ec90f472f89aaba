"""Drawings that can be printed: a legend (communities from 1, or kinds), labels whose boxes do not
overlap, and arrows of the lead network that do not run through nodes — on the sample and on a
small generated corpus."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Text

from kg.networks.exports import write_drawing
from kg.networks.exports.drawing import draw_network
from kg.networks.exports.placement import arc_bend, arc_points, boxes_overlap, place_labels
from kg.networks.projection import network_from_file, node_names
from kg.networks.sna import communities


def label_boxes(fig, g) -> dict[str, tuple]:
    renderer = fig.canvas.get_renderer()
    names = set(node_names(g).values())
    boxes = {}
    for t in fig.findobj(Text):
        if (t.get_gid() or "").startswith("label-"):
            assert t.get_text() in names
            boxes[t.get_text()] = tuple(t.get_window_extent(renderer).extents)
    assert len(boxes) == g.number_of_nodes()
    return boxes


def assert_no_overlap(boxes: dict) -> None:
    clashes = [(a, b) for a, b in itertools.combinations(boxes, 2) if boxes_overlap(boxes[a], boxes[b])]
    assert clashes == []


def legend_texts(fig) -> list[str]:
    legend = fig.axes[0].get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


@pytest.fixture(scope="module")
def kg(sample_kg_dir):
    return sample_kg_dir / "kg.ttl"


@pytest.mark.parametrize("kind", ["co-assignment", "lead", "agency-task", "agency-ip"])
def test_labels_do_not_overlap_on_the_sample(kg, kind):
    g = network_from_file(kg, kind)
    fig = draw_network(g)
    fig.canvas.draw()  # the boxes as drawn
    assert_no_overlap(label_boxes(fig, g))


def test_legend_names_the_communities_from_one(kg):
    g = network_from_file(kg, "co-assignment")
    texts = legend_texts(draw_network(g))
    parts = communities(g)
    for i, c in enumerate(parts, start=1):
        assert f"社区 community {i}（{len(c)}）" in texts
    assert not any("community 0" in t for t in texts)
    assert "共同承担任务 shared tasks" in texts


def test_legend_by_kind_and_two_mode_shapes(kg):
    g = network_from_file(kg, "agency-ip")
    texts = legend_texts(draw_network(g, colour_by="kind"))
    assert "政府部门 GovernmentDepartment（12）" in texts or any(t.startswith("政府部门") for t in texts)
    assert any(t.startswith("知识产权类型 IPType") for t in texts)
    assert "单位 agency" in texts and "知识产权类型 IP type" in texts


def test_lead_arrows_do_not_run_through_nodes(kg):
    g = network_from_file(kg, "lead")
    fig = draw_network(g)
    ax = fig.axes[0]
    names = {f"arc-{u}-{v}": (u, v) for u, v in g.edges}
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch) and p.get_gid() in names]
    assert len(arrows) == g.number_of_edges()
    # node discs in display units, as drawn (marker area from the weighted degree)
    px = fig.dpi / 72
    strength = dict(g.degree(weight="weight"))
    centre = {v: ax.transData.transform(p) for v, p in zip(g.nodes, _positions(g), strict=True)}
    radius = {v: math.sqrt(80 + 35 * strength[v]) / 2 * px for v in g.nodes}
    bent = 0
    for patch in arrows:
        u, v = names[patch.get_gid()]
        rad = patch.get_connectionstyle().rad
        bent += rad != 0
        curve = arc_points(tuple(centre[u]), tuple(centre[v]), rad, samples=200)
        for w in g.nodes:
            if w in (u, v):
                continue
            d = np.min(np.hypot(curve[:, 0] - centre[w][0], curve[:, 1] - centre[w][1]))
            assert d > radius[w], (g.nodes[u]["label"], g.nodes[v]["label"], g.nodes[w]["label"])
    assert bent >= 1  # on the sample at least one straight arc would have crossed a node


def _positions(g):
    from kg.networks.exports._common import layout

    pos = layout(g)
    return [pos[v] for v in g.nodes]


def test_placement_and_bends_by_hand():
    # three labels wanting the same spot above three stacked nodes
    centres = {"a": (100, 100), "b": (100, 112), "c": (100, 124)}
    boxes = place_labels(centres, dict.fromkeys(centres, 4.0), dict.fromkeys(centres, (40.0, 10.0)))
    assert_no_overlap(boxes)
    for v, box in boxes.items():  # and none covers a node
        for w, (cx, cy) in centres.items():
            nx_ = min(max(cx, box[0]), box[2])
            ny_ = min(max(cy, box[1]), box[3])
            assert math.hypot(nx_ - cx, ny_ - cy) >= 4.0, (v, w)
    # an arc straight through a node bends; an arc with a way back bends too
    assert arc_bend((0, 0), (100, 0), [(50, 0, 6)]) != 0
    assert arc_bend((0, 0), (100, 0), [], reverse_exists=True) != 0
    assert arc_bend((0, 0), (100, 0), [(50, 30, 6)]) == 0


def test_drawings_of_a_generated_corpus(tmp_path):
    from kg.graph.corpus import build_corpus
    from loaders.synthetic.plans import generate_corpus, write_corpus

    write_corpus(generate_corpus(4, seed=518), tmp_path / "plans")
    build_corpus([tmp_path / "plans"], tmp_path / "out", jobs=1, validate=False)
    for kind in ("co-assignment", "lead"):
        g = network_from_file(tmp_path / "out" / "kg.ttl", kind)
        fig = draw_network(g)
        fig.canvas.draw()
        assert_no_overlap(label_boxes(fig, g))
        assert legend_texts(fig)[0].startswith("社区 community 1")
    path = write_drawing(g, tmp_path / "lead.svg")
    assert path.read_bytes().startswith(b"<?xml")
