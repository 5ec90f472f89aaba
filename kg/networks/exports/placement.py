"""Where to put labels and how to bend arcs so a printed drawing stays readable.

Two small geometric steps of `kg.networks.exports.drawing`, kept apart so they can be tested
without drawing:

- `place_labels` puts each label next to its node, trying positions on rings of growing distance
  (above, below, right, left, the diagonals …) and keeping the first whose box overlaps no label
  placed before it and no node; big nodes are labelled first. Deterministic, no random jitter.
- `arc_bend` picks, for an arc drawn between two nodes, the smallest bend (matplotlib's ``arc3``
  ``rad``) whose curve keeps clear of every other node, so an arrow never runs through a node it
  does not connect.

All coordinates are display units (pixels, y up), where boxes and discs have their drawn size.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

__all__ = ["Box", "place_labels", "boxes_overlap", "arc_points", "arc_bend", "BENDS"]

Box = tuple[float, float, float, float]  # x0, y0, x1, y1

# Directions tried around a node, best first: above, below, right, left, then the diagonals and the
# angles between them.
_ANGLES = (90, 270, 0, 180, 45, 135, 315, 225, 60, 120, 300, 240, 30, 150, 330, 210)

# Bends tried for an arc, smallest first; positive bends left of the direction of travel.
BENDS = (0.0, 0.12, -0.12, 0.22, -0.22, 0.35, -0.35, 0.5, -0.5, 0.7, -0.7)


def boxes_overlap(a: Box, b: Box, pad: float = 0.0) -> bool:
    """Whether two boxes overlap (touching at ``pad`` counts).

    Examples
    --------
    >>> boxes_overlap((0, 0, 2, 1), (1, 0, 3, 1)), boxes_overlap((0, 0, 1, 1), (2, 0, 3, 1))
    (True, False)
    """
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] + pad and b[1] < a[3] + pad


def place_labels(
    centres: Mapping[object, tuple[float, float]],
    radii: Mapping[object, float],
    sizes: Mapping[object, tuple[float, float]],
    bounds: Box | None = None,
    pad: float = 2.0,
    step: float = 6.0,
    max_rings: int = 40,
) -> dict[object, Box]:
    """Boxes for the labels, none overlapping another and none covering a node when there is room.

    Parameters
    ----------
    centres, radii
        Each node's centre and drawn radius (display units).
    sizes
        Each label's width and height.
    bounds
        Keep the boxes inside this box when possible (the axes).
    pad
        Gap kept between boxes and around nodes.
    step, max_rings
        Distance between the rings of candidate positions and how many rings to try before a label
        may cover a node (it still never covers another label).

    Returns
    -------
    dict
        Node → label box (x0, y0, x1, y1).

    Examples
    --------
    >>> boxes = place_labels({"a": (0, 0), "b": (0, 12)}, {"a": 4, "b": 4}, {"a": (30, 10), "b": (30, 10)})
    >>> boxes_overlap(boxes["a"], boxes["b"])
    False
    """
    order = sorted(centres, key=lambda v: (-radii.get(v, 0.0), str(v)))
    discs = np.array([[*centres[v], radii.get(v, 0.0)] for v in centres], dtype=float).reshape(-1, 3)
    placed: dict[object, Box] = {}
    placed_arr = np.empty((0, 4))

    def free_of_labels(b: Box) -> bool:
        if not len(placed_arr):
            return True
        p = placed_arr
        return not np.any((b[0] < p[:, 2] + pad) & (p[:, 0] < b[2] + pad)
                          & (b[1] < p[:, 3] + pad) & (p[:, 1] < b[3] + pad))

    def free_of_nodes(b: Box) -> bool:
        if not len(discs):
            return True
        # distance from each disc centre to the box, against the disc's radius
        dx = np.maximum(np.maximum(b[0] - discs[:, 0], discs[:, 0] - b[2]), 0.0)
        dy = np.maximum(np.maximum(b[1] - discs[:, 1], discs[:, 1] - b[3]), 0.0)
        return not np.any(dx * dx + dy * dy < (discs[:, 2] + pad) ** 2)

    def inside(b: Box) -> bool:
        return bounds is None or (b[0] >= bounds[0] and b[1] >= bounds[1] and b[2] <= bounds[2]
                                  and b[3] <= bounds[3])

    for v in order:
        cx, cy = centres[v]
        w, h = sizes[v]
        r = radii.get(v, 0.0)
        chosen: Box | None = None
        fallback: Box | None = None
        for ring in range(max_rings * 2):
            d = r + pad + ring * step
            for angle in _ANGLES:
                a = math.radians(angle)
                # the box's nearest side sits at distance d from the centre, in direction a
                x = cx + math.cos(a) * (d + w / 2)
                y = cy + math.sin(a) * (d + h / 2)
                b = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
                if not free_of_labels(b):
                    continue
                if ring < max_rings and inside(b) and free_of_nodes(b):
                    chosen = b
                    break
                if fallback is None and (ring >= max_rings or inside(b)):
                    fallback = b  # clear of labels; may cover a node or leave the axes
            if chosen is not None:
                break
            if ring >= max_rings and fallback is not None:
                break
        box = chosen or fallback
        if box is None:  # cannot happen with rings growing without bound; keep the label on its node
            box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
        placed[v] = box
        placed_arr = np.vstack([placed_arr, np.array(box, dtype=float)])
    return placed


def arc_points(start: tuple[float, float], end: tuple[float, float], rad: float,
               samples: int = 24) -> np.ndarray:
    """Points on matplotlib's ``arc3,rad=…`` curve from ``start`` to ``end`` (display units): a
    quadratic Bézier whose control point is ``rad`` × the chord's length off its middle.

    Examples
    --------
    >>> arc_points((0, 0), (10, 0), 0.0, samples=3).tolist()
    [[0.0, 0.0], [5.0, 0.0], [10.0, 0.0]]
    """
    (x1, y1), (x2, y2) = start, end
    cx, cy = (x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)
    t = np.linspace(0.0, 1.0, samples)[:, None]
    p0, p1, p2 = np.array([x1, y1]), np.array([cx, cy]), np.array([x2, y2])
    return (1 - t) ** 2 * p0 + 2 * (1 - t) * t * p1 + t ** 2 * p2


def _clearance(points: np.ndarray, others: np.ndarray) -> float:
    """The smallest (distance − radius) from the polyline ``points`` to the discs ``others``."""
    if not len(others):
        return math.inf
    a, b = points[:-1], points[1:]
    ab = b - a
    best = math.inf
    for cx, cy, r in others:
        ap = np.array([cx, cy]) - a
        t = np.clip(np.sum(ap * ab, axis=1) / np.maximum(np.sum(ab * ab, axis=1), 1e-12), 0.0, 1.0)
        nearest = a + ab * t[:, None]
        d = np.min(np.hypot(nearest[:, 0] - cx, nearest[:, 1] - cy)) - r
        best = min(best, float(d))
    return best


def arc_bend(start: tuple[float, float], end: tuple[float, float],
             others: Sequence[tuple[float, float, float]], margin: float = 3.0,
             reverse_exists: bool = False) -> float:
    """The bend (``rad``) for an arc from ``start`` to ``end`` that keeps ``margin`` clear of every
    disc in ``others`` (x, y, r); the straight line when it already does. With ``reverse_exists``
    (an arc back the other way) the arc bends at least a little, so the two do not lie on each other.
    When no bend clears every disc, the one with the most room.

    Examples
    --------
    >>> arc_bend((0, 0), (100, 0), [(50, 0, 5)]) != 0.0
    True
    >>> arc_bend((0, 0), (100, 0), [(50, 40, 5)])
    0.0
    """
    discs = np.array(others, dtype=float).reshape(-1, 3)
    best, best_room = BENDS[0], -math.inf
    for rad in BENDS:
        if reverse_exists and rad == 0.0:
            continue
        room = _clearance(arc_points(start, end, rad), discs)
        if room >= margin:
            return rad
        if room > best_room:
            best, best_room = rad, room
    return best
