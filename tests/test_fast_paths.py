"""The loaders' fast paths give the same answers as the plain regexes they replace.

Each fast path (found while profiling extraction, see issue 8) is checked against its reference
regex on random strings drawn from the characters that matter, so a future edit that changes
behaviour — not just speed — fails here.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.extract import clauses, metadata
from loaders.extract.mentions import _label_pattern, _trie_pattern
from loaders.extract.structure import _CN, _INLINE
from loaders.vocab import clauses as V
from loaders.vocab.lexicon import get_lexicon

# Small alphabets so that random strings often hit the interesting cases.
PLACE_TEXT = st.text(alphabet="长寿区市重庆，。 \n巴南", max_size=40)
DOCNO_TEXT = st.text(alphabet="渝长府办发〔〕[]（）2021 0号，\n", max_size=40)
VERB_TEXT = st.text(alphabet="区局牵头负责配合按照职责分工参与协同推进实施", max_size=14)


@settings(max_examples=400, deadline=None)
@given(PLACE_TEXT, st.sampled_from(["市长寿区", "区", "长寿"]))
def test_names_before_equals_the_regex(text: str, literal: str) -> None:
    reference = [m.group(1) for m in re.finditer(rf"([\u4e00-\u9fff]{{2,3}}){re.escape(literal)}", text)]
    assert metadata._names_before(text, literal) == reference


@settings(max_examples=400, deadline=None)
@given(DOCNO_TEXT)
def test_document_number_equals_the_regex(text: str) -> None:
    reference = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[【（(]\s*(?:19|20)\d\d\s*[〕\]】）)]\s*\d{1,4}\s*号")
    m = reference.search(text[:2000])
    assert metadata._first_document_number(text) == ("".join(m.group().split()) if m else None)


def test_document_number_examples() -> None:
    assert (
        metadata.find_document_number("关于印发的通知\n渝长府办发〔2021〕12号\n") == "渝长府办发〔2021〕12号"
    )
    assert metadata.find_document_number("〔2021〕12号 没有发文机关代字") is None


# The reference: one $-anchored alternation per kind, as the parser once matched role verbs (the
# generated verb grammar is too large to compile at every start; the parser looks them up instead).
VERB_REGEXES = tuple(
    (re.compile(r"(?:" + clauses._alternation(verbs) + r")$"), kind)
    for verbs, kind in ((V.LEAD_VERBS, "lead"), (V.COOP_VERBS, "cooperating"), (V.PLAIN_VERBS, "plain"))
)


@settings(max_examples=400, deadline=None)
@given(VERB_TEXT)
def test_strip_verb_equals_the_regexes(text: str) -> None:
    expected = (len(text), None)
    for rx, kind in VERB_REGEXES:
        m = rx.search(text)
        if m:
            expected = (m.start(), kind)
            break
    assert clauses._strip_verb(text, 0, len(text)) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="专利权商标地理标志集成电路生物医药区市场监管局，。", max_size=30))
def test_label_trie_finds_what_the_alternation_finds(text: str) -> None:
    lex = get_lexicon()
    labels = set(lex.ip_types) | set(lex.industries) | set(lex.agency_names)
    alternation = re.compile("|".join(map(re.escape, sorted(labels, key=len, reverse=True))))
    trie = _label_pattern(lex)
    for start in range(len(text) + 1):
        assert (trie.search(text, start) is None) == (alternation.search(text, start) is None)


def test_trie_pattern_matches_exactly_its_words() -> None:
    words = {"专利", "专利权", "商标", "商标权", "地理标志"}
    rx = re.compile(_trie_pattern(words))
    for w in words:
        assert rx.fullmatch(w)
    for w in ("专", "专利权人", "商", "标志", ""):
        assert not rx.fullmatch(w)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="一二三是，。；：\n 推进", max_size=30))
def test_inline_marker_equals_the_two_lookbehinds(text: str) -> None:
    reference = re.compile(
        rf"(?:(?<=^)|(?<=[。；：:！\n]))[ \u3000]*(?P<marker>(?P<num>[{_CN}]+)是)[，、：]?"
    )
    assert [m.span("marker") for m in _INLINE.finditer(text)] == [
        m.span("marker") for m in reference.finditer(text)
    ]
