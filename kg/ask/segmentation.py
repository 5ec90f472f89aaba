"""Segment a question with jieba: the graph's names and the vocabularies as a user dictionary, the
question words of `kg.ask.words` beside them; numbers of tasks (第三项任务, （三）, 任务三) and years
(2025年) are read from the text first.

The tokenizer is a private one per vocabulary (never jieba's global dictionary), on the backend the
loaders use (`loaders.vocab.lexicon.default_backend`: rjieba, the Rust port with jieba's dictionary,
or jieba).
Like the loaders' segmenter it runs without HMM new-word discovery, so the result depends on the
dictionary alone.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass

from loaders.vocab.lexicon import default_backend

from .words import words as question_words_list

__all__ = ["Token", "Marker", "QuestionTokenizer", "normalise", "chinese_number", "find_markers"]


@dataclass(frozen=True)
class Token:
    """A word of the question with its offsets in the normalised question."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Marker:
    """A task number or a year read from the text: kind ``task-number`` or ``year``, its value, span."""

    kind: str
    value: int
    start: int
    end: int
    text: str


_FULLWIDTH_KEEP = str.maketrans({"(": "（", ")": "）", "?": "？", "!": "！", ",": "，", ";": "；", ":": "："})


def normalise(question: str) -> str:
    """The question with full-width digits and letters made ASCII, brackets and marks made Chinese, and
    spaces removed.

    Examples
    --------
    >>> normalise(" 第３项任务 (三) 由谁牵头?")
    '第3项任务（三）由谁牵头？'
    """
    text = "".join(
        unicodedata.normalize("NFKC", c) if ("０" <= c <= "９" or "Ａ" <= c <= "ｚ") else c for c in question)
    return "".join(text.translate(_FULLWIDTH_KEEP).split())


_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
           "九": 9}
_NUMERAL = r"(?:\d{1,3}|[零〇一二两三四五六七八九十百]{1,4})"


def chinese_number(text: str) -> int | None:
    """The value of an Arabic or Chinese number up to 999 (三 → 3, 十二 → 12, 二十 → 20), else None.

    Examples
    --------
    >>> [chinese_number(t) for t in ("3", "三", "十", "十二", "二十一", "一百零五", "几")]
    [3, 3, 10, 12, 21, 105, None]
    """
    if text.isdigit():
        return int(text)
    if not text or any(c not in _DIGITS and c not in "十百" for c in text):
        return None
    total, current = 0, 0
    for c in text:
        if c == "百":
            total += (current or 1) * 100
            current = 0
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _DIGITS[c]
    return total + current


# Task numbers: 第三项任务 / 第3个任务 / 第三项 / （三） / 任务三 / 重点任务（三）; years: 2025年 / 2025.
_TASK_NUMBER = re.compile(
    rf"第(?P<a>{_NUMERAL})(?:项|个|条)(?:重点)?(?:任务|工作)?"
    rf"|第(?P<b>{_NUMERAL})(?:重点)?(?:任务|工作)"
    rf"|（(?P<c>{_NUMERAL})）"
    rf"|(?:重点)?任务(?P<d>{_NUMERAL})(?![年\d])"
)
_YEAR = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?:年|(?!\d))")


def find_markers(text: str) -> list[Marker]:
    """Task numbers and years in a normalised question.

    Examples
    --------
    >>> [(m.kind, m.value) for m in find_markers("第三项任务和任务12、（十一）在2025年")]
    [('task-number', 3), ('task-number', 12), ('task-number', 11), ('year', 2025)]
    """
    found: list[Marker] = []
    for m in _TASK_NUMBER.finditer(text):
        raw = next(g for g in m.groups() if g)
        value = chinese_number(raw)
        if value:
            found.append(Marker("task-number", value, m.start(), m.end(), m.group(0)))
    for m in _YEAR.finditer(text):
        if not any(f.start <= m.start() < f.end for f in found):
            found.append(Marker("year", int(m.group("y")), m.start(), m.end(), m.group(0)))
    return sorted(found, key=lambda f: f.start)


def _name_freq(word: str) -> int:
    # As in loaders.vocab.lexicon: a name always beats a split of itself, the longest name wins.
    return 100_000 + 10_000 * len(word)


class QuestionTokenizer:
    """A private jieba (or rjieba) tokenizer that knows the graph's names and the question words.

    Examples
    --------
    >>> tk = QuestionTokenizer(["区市场监管局"])
    >>> [t.text for t in tk.tokenize("区市场监管局牵头哪些任务？")]
    ['区市场监管局', '牵头', '哪些', '任务', '？']
    """

    def __init__(self, names: list[str], backend: str | None = None) -> None:
        self.backend = backend or default_backend()
        question = [w for w in question_words_list() if len(w) > 1]
        if self.backend == "rjieba":
            import rjieba

            self._tk = rjieba.Jieba()
            add = self._tk.add_word
            for w in question:
                add(w, 50_000, None)
            for w in names:
                add(w, _name_freq(w), None)
        elif self.backend == "jieba":
            import jieba

            jieba.setLogLevel(logging.WARNING)
            self._tk = jieba.Tokenizer()
            self._tk.initialize()
            for w in question:
                self._tk.add_word(w, freq=50_000)
            for w in names:
                self._tk.add_word(w, freq=_name_freq(w))
        else:
            raise ValueError(f"unknown segmenter backend {self.backend!r} (jieba or rjieba)")

    def tokenize(self, text: str) -> list[Token]:
        """The words of ``text`` with their offsets."""
        if self.backend == "rjieba":
            raw = self._tk.tokenize(text, "default", False)
        else:
            raw = self._tk.tokenize(text, HMM=False)
        return [Token(w, a, b) for w, a, b in raw]
