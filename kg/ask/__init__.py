"""Ask in Chinese: questions in plain Chinese answered deterministically and offline from the graph.

``kg.ask("区市场监管局牵头哪些任务？", data="out/kg.ttl")`` (the package is callable: it is `ask`)
reads the question with jieba (the graph's names and the vocabularies as a user dictionary), links its
names to the graph, picks one of the intents and answers with a library query whose parameters are
bound — showing what it understood, the SPARQL that ran, the rows and the source text behind them — or
refuses with `AskError`.

- `kg.ask.words` — the question words, as data;
- `kg.ask.vocabulary` — every name a question may use (the graph's and the vocabularies');
- `kg.ask.segmentation` — normalising and segmenting a question, task numbers and years;
- `kg.ask.entities` — linking names to the graph;
- `kg.ask.intents` — the intents and the rules that choose one;
- `kg.ask.answer` — running the query, the answer, the quotes (`ask`, `Asker`, `AskResult`);
- `kg.ask.refusal` — `AskError`, a refusal with its reason and suggestions.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from .answer import ASK_FORMATS, Asker, AskResult, Quote, ask
from .intents import INTENTS
from .refusal import AskError

__all__ = ["ask", "Asker", "AskResult", "AskError", "Quote", "INTENTS", "ASK_FORMATS"]


class _CallablePackage(types.ModuleType):
    """``kg.ask(question, data=…)`` calls `ask`; ``kg.ask.Asker`` and the modules stay reachable."""

    def __call__(self, question: str, **where: Any) -> AskResult:
        return ask(question, **where)


sys.modules[__name__].__class__ = _CallablePackage
