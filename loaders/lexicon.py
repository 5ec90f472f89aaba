"""The domain lexicon: IP types, industries and agency names taken from the ontology's vocabularies.

``ontology/lexicon.json`` is generated from ``ontology/vocab/*.ttl`` by ``policykg lexicon`` (see
`kg.lexicon`) and committed; a test keeps it in sync. Reading JSON here keeps the loaders free of
rdflib. The jieba tokenizer is a private `jieba.Tokenizer` seeded with every label, never the global
one, so a host application's jieba dictionary is left alone.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["Lexicon", "LexEntry", "Segmenter", "get_lexicon", "get_tokenizer", "default_backend"]


@dataclass(frozen=True, slots=True)
class LexEntry:
    label: str
    concept: str  # preferred label of the concept
    iri: str
    top: str | None = None  # IP types: preferred label of the top-level type
    needs_context: bool = False
    kind: str | None = None  # agency names: ontology class local name


@dataclass(frozen=True, eq=False)  # hashed by identity: it is a process-wide singleton
class Lexicon:
    ip_types: dict[str, LexEntry]
    industries: dict[str, LexEntry]
    agency_names: dict[str, LexEntry]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Lexicon:
        def table(rows: list[dict[str, Any]]) -> dict[str, LexEntry]:
            return {r["label"]: LexEntry(**r) for r in rows}

        return cls(table(data["ip_types"]), table(data["industries"]), table(data["agency_names"]))

    def words(self) -> list[str]:
        return sorted(set(self.ip_types) | set(self.industries) | set(self.agency_names))


@cache
def get_lexicon() -> Lexicon:
    """The lexicon shipped in the ``ontology`` package."""
    raw = resources.files("loaders").joinpath("lexicon.json").read_text(encoding="utf-8")
    return Lexicon.from_json(json.loads(raw))


class Segmenter:
    """Word segmentation seeded with the lexicon: ``tokenize(text)`` → ``[(word, start, end), …]``.

    Two backends give the same tokens (``tests/test_segmenter.py`` checks it on the sample and a
    generated corpus): ``jieba`` — a private `jieba.Tokenizer` — and ``rjieba`` (jieba-rs, the Rust port
    with the same dictionary and algorithm, about 20× faster). Both run without HMM new-word discovery,
    so segmentation depends on the dictionary alone and known terms are never glued to neighbours.
    """

    def __init__(self, backend: str, words: list[str]) -> None:
        self.backend = backend
        if backend == "rjieba":
            import rjieba

            self._tk = rjieba.Jieba()
            for w in words:
                self._tk.add_word(w, _freq(w), None)
        elif backend == "jieba":
            import jieba

            jieba.setLogLevel(logging.WARNING)
            self._tk = jieba.Tokenizer()
            self._tk.initialize()
            for w in words:
                self._tk.add_word(w, freq=_freq(w))
        else:
            raise ValueError(f"unknown segmenter backend {backend!r} (jieba or rjieba)")

    def tokenize(self, text: str, offset: int = 0) -> list[tuple[str, int, int]]:
        """Tokens of ``text`` as (word, start, end), offsets shifted by ``offset``."""
        if self.backend == "rjieba":
            raw = self._tk.tokenize(text, "default", False)  # already a list of tuples
            if not offset:
                return raw
        else:
            raw = self._tk.tokenize(text, HMM=False)
        return [(w, offset + a, offset + b) for w, a, b in raw]


def _freq(word: str) -> int:
    # High enough that a lexicon label always beats a split of itself into dictionary words
    # (高价值发明专利, not 高/价值/发明专利), growing with length so the longest label wins.
    return 100_000 + 10_000 * len(word)


def default_backend() -> str:
    """``POLICYKG_SEGMENTER`` if set, else rjieba when installed, else jieba."""
    choice = os.environ.get("POLICYKG_SEGMENTER", "").strip().lower()
    if choice:
        return choice
    try:
        import rjieba  # noqa: F401
    except ImportError:
        return "jieba"
    return "rjieba"


@cache
def get_tokenizer(backend: str | None = None) -> Segmenter:
    """A segmenter that knows every lexicon label as a word (one per backend and process)."""
    return Segmenter(backend or default_backend(), get_lexicon().words())
