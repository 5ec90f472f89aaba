"""IP types, industries and agency names mentioned in a task paragraph, found with jieba.

The paragraph is segmented by a private jieba tokenizer that knows every lexicon label as a word,
so the longest label wins (高价值发明专利 is one token and counts toward 专利; 生物医药 is not 生物 + 医药).
Industry labels that are also ordinary words (信息技术, 医药 …, ``pkg:needsContext``) count only in
an industry context: listed next to another industry, or followed by 产业/行业/领域.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from functools import lru_cache
from operator import itemgetter

from loaders.records import AgencyMention, Span
from loaders.vocab.lexicon import LexEntry, Lexicon, get_lexicon, get_tokenizer

__all__ = ["find_mentions"]

_CONTEXT_AFTER = ("产业", "行业", "领域", "产业链", "产业集群", "企业", "集群", "板块")
_LIST_JOINERS = {"、", "和", "及", "与", "以及", "，"}


def find_mentions(
    text: str,
    folded: str,
    ranges: list[tuple[int, int]],
    lex: Lexicon | None = None,
) -> tuple[list[str], list[str], list[AgencyMention]]:
    """IP types (top level), industries (preferred labels) and agency mentions in ``ranges``.

    Returns lists in order of first mention, without duplicates.
    """
    lex = lex or get_lexicon()
    ip: dict[str, None] = {}
    ind: dict[str, None] = {}
    agencies: list[AgencyMention] = []
    any_label = _label_pattern(lex)
    classify = _classifier(lex)
    known = _classified(lex).get  # most tokens were classified before: a lookup, not a call
    tokenize = get_tokenizer().tokenize
    for start, end, labels in _windows(folded, ranges, any_label):
        # Offsets stay relative to the window until a mention needs them (most tokens are not).
        toks = tokenize(folded[start:end])
        for k in _tokens_over(toks, labels):
            w, a, b = toks[k]
            kind = known(w, _NEW)
            if kind is _NEW:
                kind = classify(w)
            if kind is None:
                continue
            ip_top, industry, agency = kind
            if ip_top is not None:
                ip.setdefault(ip_top, None)
            if industry is not None and (not industry.needs_context or _in_context(toks, k, lex)):
                ind.setdefault(industry.concept, None)
            if agency:
                a, b = start + a, start + b
                agencies.append(AgencyMention(w, Span(a, b, text[a:b])))
    return list(ip), list(ind), agencies


_END = itemgetter(2)
# What the segmenters cut as one block (jieba's and jieba-rs's ``re_han_default``, the wider of the two):
# both segment each block on its own, so a block's tokens do not depend on the text around it.
_BLOCK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1fa-zA-Z0-9+#&._%\\-"
# From a position on: the rest of its block, the characters between blocks, the next block.
_TO_NEXT_BLOCK = re.compile(f"[{_BLOCK_CHARS}]*(?:[^{_BLOCK_CHARS}]+[{_BLOCK_CHARS}]*)?")


def _windows(
    folded: str, ranges: list[tuple[int, int]], any_label: re.Pattern[str]
) -> Iterator[tuple[int, int, list[tuple[int, int]]]]:
    """The stretches of ``ranges`` worth segmenting, with the label matches in each (relative offsets).

    A stretch runs from the block before a label match's block to the block after it (the neighbours
    `_in_context` reads: ``医药、信息技术``, ``医药等产业``), stretches that meet are joined, and a range
    without any label gives none. Its edges are block edges, so its tokens are exactly those the whole
    range gives there (segmenting a paragraph for its few labels cost more than the rest of the reader).

    Examples
    --------
    >>> from loaders.vocab.lexicon import get_lexicon
    >>> text = "加强管理，推进工作。支持生物医药、信息技术产业发展，完善机制。"
    >>> labels = _label_pattern(get_lexicon())
    >>> [(text[a:b], found) for a, b, found in _windows(text, [(0, len(text))], labels)]
    [('推进工作。支持生物医药、信息技术产业发展，完善机制', [(7, 11), (12, 16)])]
    """
    for start, end in ranges:
        matches = [m.span() for m in any_label.finditer(folded, start, end)]
        if not matches:
            continue
        backwards = folded[start:end][::-1]  # the range read backwards: backwards[end - i] is folded[i - 1]
        window: list = []  # [start, end, labels] of the stretch being grown
        for la, lb in matches:
            back = _TO_NEXT_BLOCK.match(backwards, end - la)
            ws = la - (back.end() - back.start())  # the start of the block before the match's block
            we = _TO_NEXT_BLOCK.match(folded, lb, end).end()  # the end of the block after it
            if window and ws <= window[1]:
                window[1] = max(window[1], we)
            else:
                if window:
                    yield window[0], window[1], [(a - window[0], b - window[0]) for a, b in window[2]]
                window = [ws, we, []]
            window[2].append((la, lb))
        yield window[0], window[1], [(a - window[0], b - window[0]) for a, b in window[2]]


def _tokens_over(toks: list[tuple[str, int, int]], labels: list[tuple[int, int]]) -> list[int]:
    """The indices of the tokens that overlap a label match, in order.

    A token that is a lexicon term, or holds an IP label inside it, overlaps one of the matches that
    ``finditer`` of the label pattern gives (the scan either matches at the term's start or has
    matched across it), so the other tokens (most of them) need no look-up.

    Examples
    --------
    >>> _tokens_over([("加强", 0, 2), ("专利", 2, 4), ("保护", 4, 6)], [(2, 4)])
    [1]
    """
    found: set[int] = set()
    for la, lb in labels:
        k = bisect_right(toks, la, key=_END)  # the first token ending after the match starts
        while k < len(toks) and toks[k][1] < lb:
            found.add(k)
            k += 1
    return sorted(found)


@lru_cache(maxsize=1)
def _label_pattern(lex: Lexicon) -> re.Pattern[str]:
    """A regex that matches any lexicon label, as a character trie: the same language as the
    alternation of all labels, but Python's engine tries one branch per character instead of one per
    label (about 3× faster on the generated corpus, where most ranges are tested and skipped)."""
    return re.compile(_trie_pattern(set(lex.ip_types) | set(lex.industries) | set(lex.agency_names)))


def _trie_pattern(words: set[str]) -> str:
    """A regex source matching exactly ``words`` (non-empty strings), built as a prefix trie.

    Examples
    --------
    >>> _trie_pattern({"专利", "专利权", "商标"})
    '(?:专利(?:权)?|商标)'
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(node[ch]) for ch in sorted(node) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


_Kind = tuple[str | None, LexEntry | None, bool] | None


_NEW = object()  # a token not classified yet


@lru_cache(maxsize=1)
def _classified(lex: Lexicon) -> dict[str, _Kind]:
    """The tokens classified so far, with what each is (filled by `_classifier`)."""
    return {}


@lru_cache(maxsize=1)
def _classifier(lex: Lexicon) -> Callable[[str], _Kind]:
    """``classify(word)``: what a token is, (IP top type, industry entry, agency?) or None.

    Tokens repeat a lot (和, 推进, 专利 …), so each word is classified once per process; the cache is
    bounded so that an endless stream of new words cannot grow it without limit."""
    cache = _classified(lex)

    def classify(word: str) -> _Kind:
        try:
            return cache[word]
        except KeyError:
            pass
        kind = _classify(word, lex)
        if len(cache) < 200_000:
            cache[word] = kind
        return kind

    return classify


def _classify(word: str, lex: Lexicon) -> _Kind:
    ip_entry = lex.ip_types.get(word) or _contained(word, lex)
    industry = lex.industries.get(word)
    agency = word in lex.agency_names and lex.agency_names[word].kind != "Collective"
    if ip_entry is None and industry is None and not agency:
        return None
    return (ip_entry.top or ip_entry.concept) if ip_entry else None, industry, agency


def _contained(word: str, lex: Lexicon) -> LexEntry | None:
    """An IP label inside a longer jieba word (专利申请, 商标权): IP labels are distinctive enough."""
    best = None
    if len(word) > 2:
        for label, entry in lex.ip_types.items():
            if label in word and (best is None or len(label) > len(best.label)):
                best = entry
    return best


def _in_context(toks: list[tuple[str, int, int]], k: int, lex: Lexicon) -> bool:
    nxt = toks[k + 1][0] if k + 1 < len(toks) else ""
    if nxt in _CONTEXT_AFTER or any(nxt.startswith(c) for c in _CONTEXT_AFTER):
        return True
    if nxt == "等" and k + 2 < len(toks) and toks[k + 2][0] in _CONTEXT_AFTER:
        return True
    # In an enumeration: a neighbour across a list joiner is another industry label.
    for step in (-1, 1):
        j = k + step
        if 0 <= j < len(toks) and toks[j][0] in _LIST_JOINERS:
            m = j + step
            if 0 <= m < len(toks) and toks[m][0] in lex.industries:
                return True
    return False
