"""Closest known names, for a parameter value the KG does not know (``市场监管局`` → ``区市场监管局``,
``长寿区市场监督管理局``).

The candidates come from the lookup query ``queries/lookup/names.rq`` (every name an agency, IP
type, industry, document or class may be given by), run on the same store as the query; the
ranking is plain string similarity, with names that contain the text (or that it contains) first.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from rdflib import Literal

from ..resources import queries_dir
from .library import load_query
from .results import Backend

__all__ = ["closest_names", "known_names", "suggest"]


def _score(text: str, name: str) -> float:
    if not text or not name:
        return 0.0
    ratio = difflib.SequenceMatcher(None, text, name).ratio()
    if text in name or name in text:
        # containment first, the closer in length the better
        return 1.0 + min(len(text), len(name)) / max(len(text), len(name))
    return ratio


def closest_names(text: str, names: Iterable[str], n: int = 3, cutoff: float = 0.5) -> list[str]:
    """Up to ``n`` names closest to ``text``: those containing it (or contained in it) first, then by
    similarity (difflib ratio ≥ ``cutoff``); ties by name, so the answer repeats.

    Examples
    --------
    >>> closest_names("市场监管局", ["区市场监管局", "长寿区市场监督管理局", "区司法局", "区法院"])
    ['区市场监管局', '长寿区市场监督管理局']
    >>> closest_names("court", ["Court", "法院", "Procuratorate"])
    ['Court']
    """
    folded = text.strip().casefold()
    scored = {}
    for name in set(names):
        score = _score(folded, name.strip().casefold())
        if score >= cutoff:
            scored[name] = score
    return sorted(scored, key=lambda k: (-scored[k], k))[:n]


def known_names(kind: str, backend: Backend) -> list[str]:
    """Every name by which a ``kind`` parameter (agency, ip-type, industry, document, class) may be
    given, from the KG on ``backend``.

    Examples
    --------
    >>> from kg.sparql.local import LocalBackend
    >>> from kg.sparql.store import open_kg
    >>> "人民法院" in known_names("class", LocalBackend(open_kg()))
    True
    """
    query = load_query(queries_dir() / "lookup" / "names.rq")
    _, rows = backend.select(query.text, {"kind": Literal(kind)})
    return sorted({str(r["name"]) for r in rows if r.get("name") is not None})


def suggest(kind: str, text: str, backend: Backend, n: int = 3) -> str:
    """`` (did you mean: A, B?)`` for a name not found, or ``""`` when nothing is close.

    Examples
    --------
    >>> from kg.sparql.local import LocalBackend
    >>> from kg.sparql.store import open_kg
    >>> suggest("class", "法 院", LocalBackend(open_kg()))
    ' (did you mean: 人民法院?)'
    """
    try:
        names = known_names(kind, backend)
    except Exception:  # noqa: BLE001 — a suggestion must never hide the real message
        return ""
    found = closest_names(text, names, n)
    return f" (did you mean: {', '.join(found)}?)" if found else ""
