"""The domain lexicon: IP types, industries and agency names taken from the ontology's vocabularies.

``ontology/lexicon.json`` is generated from ``ontology/vocab/*.ttl`` by ``policykg lexicon`` (see
`kg.lexicon`) and committed; a test keeps it in sync. Reading JSON here keeps the loaders free of
rdflib. The jieba tokenizer is a private `jieba.Tokenizer` seeded with every label, never the global
one, so a host application's jieba dictionary is left alone.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["Lexicon", "LexEntry", "get_lexicon", "get_tokenizer"]


@dataclass(frozen=True, slots=True)
class LexEntry:
    label: str
    concept: str  # preferred label of the concept
    iri: str
    top: str | None = None  # IP types: preferred label of the top-level type
    needs_context: bool = False
    kind: str | None = None  # agency names: ontology class local name


@dataclass(frozen=True)
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
    raw = resources.files("ontology").joinpath("lexicon.json").read_text(encoding="utf-8")
    return Lexicon.from_json(json.loads(raw))


@cache
def get_tokenizer() -> Any:
    """A private jieba tokenizer that knows every lexicon label as a word."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    lex = get_lexicon()
    for word in lex.words():
        # A high frequency makes jieba keep the label whole (高价值发明专利) rather than split it.
        tk.add_word(word, freq=max(tk.suggest_freq(word, tune=False), 10_000) + len(word) * 1000)
    return tk
