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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

__all__ = ["Lexicon", "LexEntry", "Segmenter", "get_lexicon", "get_tokenizer", "default_backend",
           "packaged_lexicon", "set_user_lexicon", "using_lexicon"]


@dataclass(frozen=True, slots=True)
class LexEntry:
    label: str
    concept: str  # preferred label of the concept
    iri: str
    top: str | None = None  # IP types: preferred label of the top-level type
    needs_context: bool = False
    kind: str | None = None  # agency names: ontology class local name
    function: str | None = None  # agency names: IRI of the pkg:AgencyFunction concept
    national: bool = False  # agency names: a body of the nation (财政部), one body in every document


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
def packaged_lexicon() -> Lexicon:
    """The lexicon shipped with the package (``loaders/vocab/lexicon.json``)."""
    raw = resources.files("loaders.vocab").joinpath("lexicon.json").read_text(encoding="utf-8")
    return Lexicon.from_json(json.loads(raw))


# A user lexicon for this process (``policykg build --lexicon FILE``), merged over the packaged one.
_USER: Lexicon | None = None


def get_lexicon() -> Lexicon:
    """The lexicon in use: the packaged one, merged with the user lexicon if one is set."""
    return _USER if _USER is not None else packaged_lexicon()


def set_user_lexicon(rows: dict[str, list[dict[str, Any]]] | None) -> Lexicon:
    """Merge user rows over the packaged lexicon for this process (``None`` or empty: packaged only).

    ``rows`` has the shape of ``lexicon.json`` (``ip_types``, ``industries``, ``agency_names``: lists of
    rows with ``label``, ``concept``, ``iri`` …); a row replaces the packaged row with the same label.
    `kg.graph.user_lexicon` reads such rows from a user's CSV or Turtle file. Setting the same rows
    again reuses the merged lexicon (and its tokenizer).

    Examples
    --------
    >>> row = {"label": "电商", "concept": "电子商务", "iri": "https://example.org/e-commerce"}
    >>> set_user_lexicon({"industries": [row]}).industries["电商"].concept
    '电子商务'
    >>> "电商" in set_user_lexicon(None).industries
    False
    """
    global _USER
    _USER = _merged(json.dumps(rows, ensure_ascii=False, sort_keys=True)) if rows else None
    return get_lexicon()


@contextmanager
def using_lexicon(rows: dict[str, list[dict[str, Any]]] | None) -> Iterator[Lexicon]:
    """`set_user_lexicon` for the duration of a ``with`` block; the lexicon in use before is restored."""
    global _USER
    before = _USER
    try:
        yield set_user_lexicon(rows)
    finally:
        _USER = before


@lru_cache(maxsize=4)
def _merged(rows_json: str) -> Lexicon:
    rows = json.loads(rows_json)
    base = packaged_lexicon()
    tables = {}
    for name in ("ip_types", "industries", "agency_names"):
        table = dict(getattr(base, name))
        for r in rows.get(name, ()):
            table[r["label"]] = LexEntry(**r)
        tables[name] = table
    return Lexicon(**tables)


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


def get_tokenizer(backend: str | None = None) -> Segmenter:
    """A segmenter that knows every label of the lexicon in use as a word (one per backend and lexicon)."""
    return _tokenizer(backend or _default(), get_lexicon())


@cache
def _default() -> str:
    # Resolved once per process, as the tokenizer itself was: this runs for every range segmented.
    return default_backend()


@lru_cache(maxsize=4)
def _tokenizer(backend: str, lex: Lexicon) -> Segmenter:
    return Segmenter(backend, lex.words())
