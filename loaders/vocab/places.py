"""China's administrative divisions by name, for telling a document's place from an ordinary word.

``loaders/vocab/places.json`` is generated from ``ontology/vocab/divisions.csv`` (GB/T 2260, county level and
above) by ``policykg lexicon``, as the lexicon is from the vocabularies: the loaders read it and need
neither :mod:`kg` nor the CSV. Each name maps to the (level, parent name) of every division so called.

Examples
--------
>>> is_place("上城区"), is_place("主城区")
(True, False)
>>> unique_parent("上城区"), unique_parent("鼓楼区")
('杭州市', None)
>>> leading_divisions("杭州市上城区人民政府办公室"), leading_divisions("5年内市、区两级")
(['杭州市', '上城区'], [])
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

__all__ = ["places", "is_place", "unique_parent", "level_of", "leading_divisions"]


@cache
def places() -> dict[str, tuple[tuple[str, str], ...]]:
    """Division name → ((level, parent name), …); the parent is "" for a province."""
    raw = json.loads(resources.files("loaders.vocab").joinpath("places.json").read_text(encoding="utf-8"))
    return {name: tuple((level, parent) for level, parent in pairs) for name, pairs in raw.items()}


def is_place(name: str) -> bool:
    """Whether some division of China is called ``name``."""
    return name in places()


def unique_parent(name: str) -> str | None:
    """The division above ``name`` when only one division has that name and it is not a province."""
    pairs = places().get(name, ())
    return pairs[0][1] or None if len(pairs) == 1 else None


def level_of(name: str) -> str | None:
    """provincial | municipal | county, when every division of that name has the same level."""
    levels = {level for level, _ in places().get(name, ())}
    return levels.pop() if len(levels) == 1 else None


def leading_divisions(text: str) -> list[str]:
    """The division names ``text`` opens with, each a division of the one before (杭州市 › 上城区).

    Only names the table knows count, so a phrase that merely holds a level word (年内市) is none.
    """
    table = places()
    out: list[str] = []
    i = 0
    while i < len(text):
        for k in range(min(12, len(text) - i), 1, -1):
            pairs = table.get(text[i : i + k])
            if pairs and (not out or any(parent == out[-1] for _, parent in pairs)):
                out.append(text[i : i + k])
                i += k
                break
        else:
            break
    return out
