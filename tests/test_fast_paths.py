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
from loaders.vocab.lexicon import get_lexicon, get_tokenizer

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


# ---------------------------------------------------------------- issue 26: throughput ≥ 2× jieba.lcut
# Each fast path below replaced a plainer form kept here as its reference.

FOLD_TEXT = st.text(alphabet="（(）):;!?,，1２３ａＡ〈〉﹝﹞\u3000\t．%％专利 0", max_size=40)


@settings(max_examples=400, deadline=None)
@given(FOLD_TEXT)
def test_fold_equals_translate(text: str) -> None:
    from loaders.read import normalize

    reference = normalize._COMMA.sub("，", text.translate(normalize._TABLE))
    assert normalize.fold(text) == reference


RULE_TEXT = st.text(alphabet="排在第一位首个的单位为牵头主责，逗号之前前列、。（）区局下同 ", max_size=60)


def _lead_rules_everywhere(text: str) -> list[tuple[int, int, str, bool]]:
    """The lead-rule search as it was: every form tried at every position of the range."""
    out: list[clauses.RuleStatement] = []
    for rx, kind in clauses._RULE_FORMS:
        for m in rx.finditer(text):
            if any(s.start <= m.start() < s.end for s in out):
                continue
            tail = text[m.end() : m.end() + 30]
            stop = clauses._RULE_TAIL_END.search(tail)
            out.append(
                clauses.RuleStatement(
                    m.start(), m.end(), kind, "下同" in (tail[: stop.start()] if stop else tail)
                )
            )
    return sorted(out, key=lambda s: s.start)


@settings(max_examples=500, deadline=None)
@given(RULE_TEXT)
def test_lead_rules_in_windows_equal_the_whole_search(text: str) -> None:
    assert clauses.find_lead_rules(text) == _lead_rules_everywhere(text)


LABEL_TEXT = st.text(alphabet="牵头责任配合主要单位部门【】：:。区局 \n\u3000", max_size=60)


@settings(max_examples=500, deadline=None)
@given(LABEL_TEXT)
def test_inline_labels_in_windows_equal_the_whole_search(text: str) -> None:
    from loaders.extract import document

    got = [m.span() for m in document._inline_labels(text, 0, len(text))]
    assert got == [m.span() for m in document._LABEL_INLINE.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \u3000牵头单位：", min_size=19, max_size=60))
def test_inline_labels_with_long_spaces(text: str) -> None:
    from loaders.extract import document

    text = "牵头单位" + " " * 25 + "：" + text
    got = [m.span() for m in document._inline_labels(text, 0, len(text))]
    assert got == [m.span() for m in document._LABEL_INLINE.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.text(alphabet="牵头负责配合等部门单位", min_size=1, max_size=4), max_size=8),
    st.text(alphabet="区局牵头负责配合等部门单位", max_size=12),
)
def test_suffix_table_equals_the_first_endswith(words: list[str], text: str) -> None:
    from loaders.extract.suffixes import SuffixTable

    expected = next((w for w in words if text.endswith(w)), None)
    assert SuffixTable(words).match(text) == expected


MARK_TEXT = st.text(alphabet="（）一二三1２3.．、）①⑴⒈㈠第章条节是 年个", max_size=12)


@settings(max_examples=500, deadline=None)
@given(MARK_TEXT, st.dictionaries(st.sampled_from(["ar", "rpar"]), st.integers(0, 12)))
def test_marker_precheck_changes_nothing(text: str, last: dict[str, int]) -> None:
    from loaders.extract import structure

    def every_style(pos: int):  # the styles tried in order from the first, with no pre-check
        for style, rx in structure._LINE_STYLES:
            m = rx.match(text, pos)
            if not m and style in structure._BEFORE_DIGIT:
                m = structure._BEFORE_DIGIT[style].match(text, pos)
                if not m or int(m.group("num")) != last.get(style, 0) + 1:
                    continue
            if not m:
                continue
            if style in ("ar", "dec2", "dec3") and structure._AR_NOT_HEADING.match(text, pos):
                continue
            try:
                return style, structure._number(style, m.group("num")), m.end()
            except ValueError:
                continue
        return None

    for pos in range(len(text)):
        assert structure._marker_at(text, pos, last) == every_style(pos)
        if structure._marker_at(text, pos, last) is not None:
            assert structure._ANY_MARK.match(text, pos)
        elif not structure._ANY_MARK.match(text, pos):
            assert all(not rx.match(text, pos) for _, rx in structure._LINE_STYLES)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="我本全省市区县州旗盟全市我市", max_size=40))
def test_self_references_counted_as_str_count(text: str) -> None:
    from collections import Counter

    from loaders.vocab.metadata import SELF_REFERENCES

    scanned = Counter(m.group() for m in metadata._SELF_REFERENCE.finditer(text))
    assert {w: scanned[w] for w in SELF_REFERENCES} == {w: text.count(w) for w in SELF_REFERENCES}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="区 市场监管局，。、专利\u3000abc OP C社区", max_size=40))
def test_space_patterns_equal_the_lookbehind_forms(text: str) -> None:
    from loaders.read import layout

    lone = re.compile(
        rf"(?<=[{layout._CJK}{layout._CJK_MARKS}])[ \u3000](?=[{layout._CJK}{layout._CJK_MARKS}])"
    )
    latin = re.compile(r"(?<=[A-Za-z0-9])[ \u3000](?=[A-Za-z0-9])")
    assert [m.start() for m in layout._LONE_SPACE.finditer(text)] == [m.start() for m in lone.finditer(text)]
    assert [m.start() for m in layout._LATIN_SPACE.finditer(text)] == [
        m.start() for m in latin.finditer(text)
    ]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="区局等有关相关部门和单位", max_size=14))
def test_trailing_etc_equals_the_anchored_regex(text: str) -> None:
    reference = re.compile(r"(?:" + clauses._alternation(V.TRAILING_ETC) + r")$")
    assert clauses._without_etc(text) == reference.sub("", text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="加强专利商标保护区市场监管局生物医药产业和、，。", max_size=50))
def test_mentions_over_label_matches_equal_every_token(text: str) -> None:
    from loaders.extract import mentions

    lex = get_lexicon()
    classify = mentions._classifier(lex)
    toks = get_tokenizer().tokenize(text)
    labels = [m.span() for m in mentions._label_pattern(lex).finditer(text)]
    every = [k for k, (w, _, _) in enumerate(toks) if classify(w) is not None]
    over = set(mentions._tokens_over(toks, labels))
    assert set(every) <= over


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="一二、（1）.\n 正文第条①3", max_size=30), st.integers(0, 30), st.integers(0, 30))
def test_line_marks_equal_the_multiline_search(text: str, a: int, b: int) -> None:
    from loaders.extract import warnings

    a, b = sorted((min(a, len(text)), min(b, len(text))))
    reference = re.compile("^" + warnings._LINE_MARK.pattern, re.M)
    assert [m.span() for m in warnings._line_marks(text, a, b)] == [
        m.span() for m in reference.finditer(text, a, b)
    ]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="到至2025年底前。；\n 建成10个", max_size=40))
def test_goal_sentences_cover_every_sentence_with_a_goal_year(text: str) -> None:
    from loaders.extract import warnings

    candidates = set(warnings._sentences_with(text, warnings._GOAL_YEAR))
    for m in re.finditer(r"[^。；\n]+", text):
        if warnings._GOAL_YEAR.search(m.group()):
            assert m.span() in candidates


CLAUSE_TEXT = st.text(
    alphabet="（）由下同，、：区局科技财政牵头配合责任单位按职责分工负责各有关部门不再列出以下均", max_size=30
)
CONTEXT_TEXT = st.text(alphabet="（）由下同，。：区局", max_size=6)


@settings(max_examples=600, deadline=None)
@given(
    CONTEXT_TEXT,
    st.text(alphabet="（（：。由自", min_size=1, max_size=1),
    CLAUSE_TEXT,
    st.text(alphabet="）)。\n", min_size=1, max_size=1),
    CONTEXT_TEXT,
    st.sampled_from([None, *clauses.LeadRule]),
    st.booleans(),
    st.booleans(),
)
def test_clause_reading_depends_on_one_character_of_context(
    far_before: str, before: str, clause: str, after: str, far_after: str, rule, require: bool, bare: bool
) -> None:
    """`parse_clause` reads each distinct clause once, cached with one character on each side: the
    uncached reading of the clause in its whole text is the same, moved to its offsets."""
    whole = far_before + before + clause + after + far_after
    a, b = len(far_before) + 1, len(far_before) + 1 + len(clause)
    in_place = clauses._parse_clause_at.__wrapped__(whole, a, b, rule, require, bare)
    got = clauses.parse_clause(whole, a, b, rule=rule, require_agencies=require, bare_list=bare)
    assert got == (None if in_place is None else list(in_place))


def test_clause_reading_in_place_on_the_dev_plans() -> None:
    """Every bracket of the dev plans read as a clause in place (uncached, whole text) and through the
    cache gives the same units."""
    from pathlib import Path

    from loaders.read.normalize import fold

    read = 0
    for path in sorted((Path(__file__).parent / "data" / "dev" / "docs").glob("*.txt")):
        folded = fold(path.read_text(encoding="utf-8"))
        for oa, ob in clauses._bracket_spans(folded, 0, len(folded)):
            for rule in (None, clauses.LeadRule.FIRST_LISTED):
                in_place = clauses._parse_clause_at.__wrapped__(folded, oa + 1, ob - 1, rule, True, True)
                got = clauses.parse_clause(folded, oa + 1, ob - 1, rule=rule, bare_list=True)
                assert got == (None if in_place is None else list(in_place)), (path.name, folded[oa:ob])
                read += in_place is not None
    assert read > 500  # the plans' clauses were read, not only brackets that hold none


def _mentions_of_whole_ranges(text: str, ranges: list[tuple[int, int]]):
    """`find_mentions` as it was: every range with a label segmented whole (its windows the ranges)."""
    import pytest

    from loaders.extract import mentions

    def whole_ranges(folded, ranges, any_label):
        for start, end in ranges:
            labels = [
                (a - start, b - start) for a, b in (m.span() for m in any_label.finditer(folded, start, end))
            ]
            if labels:
                yield start, end, labels

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mentions, "_windows", whole_ranges)
        return mentions.find_mentions(text, text, ranges)


MENTION_TEXT = st.text(
    alphabet="加强专利商标保护区市场监管局生物医药信息技术产业等和及、，。 \n（）5Ga", max_size=60
)


@settings(max_examples=400, deadline=None)
@given(MENTION_TEXT, st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=3))
def test_mentions_in_windows_equal_whole_ranges(text: str, cuts: list[tuple[int, int]]) -> None:
    from loaders.extract.mentions import find_mentions

    ranges = sorted((min(a, b, len(text)), min(max(a, b), len(text))) for a, b in cuts) or [(0, len(text))]
    assert find_mentions(text, text, ranges) == _mentions_of_whole_ranges(text, ranges)


def test_mentions_in_windows_on_the_dev_plans() -> None:
    from pathlib import Path

    from loaders.extract.mentions import find_mentions
    from loaders.read.normalize import fold

    found = 0
    for path in sorted((Path(__file__).parent / "data" / "dev" / "docs").glob("*.txt")):
        folded = fold(path.read_text(encoding="utf-8"))
        ranges = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", folded)]
        got = find_mentions(folded, folded, ranges)
        assert got == _mentions_of_whole_ranges(folded, ranges), path.name
        found += len(got[2])
    assert found > 100


def test_verb_clauses_skipping_read_clauses_on_the_dev_plans() -> None:
    """Sentences inside clauses read already are skipped: what is lost is only what started inside
    them (which the reader drops)."""
    from pathlib import Path

    from loaders.read.normalize import fold

    for path in sorted((Path(__file__).parent / "data" / "dev" / "docs").glob("*.txt")):
        folded = fold(path.read_text(encoding="utf-8"))
        brackets = clauses._bracket_spans(folded, 0, len(folded))
        every = clauses.find_verb_clauses(folded, 0, len(folded))
        kept = [(a, b) for a, b in every if not any(x <= a < y for x, y in brackets)]
        got = clauses.find_verb_clauses(folded, 0, len(folded), skip=brackets)
        assert [(a, b) for a, b in got if not any(x <= a < y for x, y in brackets)] == kept, path.name


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="到至力争在20259年底末前十四五六”二〇一 月3", max_size=30))
def test_goal_year_branches_equal_the_grouped_form(text: str) -> None:
    from loaders.extract import warnings

    grouped = re.compile(
        r"(?:到|至|力争到|力争在)\s*(?:20\d\d|二〇[一二三四五六七八九〇]{2})\s*年(?!\s*\d{1,2}\s*月)"
        r"|20\d\d\s*年(?:底|末)?前|十[四五六]五”?末"
    )
    assert [m.span() for m in warnings._GOAL_YEAR.finditer(text)] == [
        m.span() for m in grouped.finditer(text)
    ]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="一二十万亿0123.,5 个家%万元进步统批次PFLOPSk吨标准煤日天小时", max_size=30))
def test_quantity_candidates_and_time_limits_equal_the_plain_forms(text: str) -> None:
    """The unit look-ahead of the candidate scan and the unit pre-check of time limits change nothing."""
    from loaders.extract import targets

    plain = re.compile(rf"[\d{targets._NUMERALS}][\d,.{targets._NUMERALS}]*\s*{targets._UNIT}")
    assert [m.span() for m in targets._CANDIDATE.finditer(text)] == [m.span() for m in plain.finditer(text)]
    limits = [(m.start(), m.end()) for m in targets._TIME_LIMIT.finditer(text)]
    got = list(targets._time_limits_in(text, 0, len(text)))
    assert {q.start for q in got} <= {a for a, _ in limits}
    if not targets._LIMIT_UNIT.search(text):
        assert not limits and not got


def test_word_tags_equal_jieba_posseg_table() -> None:
    """The part-of-speech table read in one pass is the one `jieba.posseg` builds."""
    import jieba.posseg

    from loaders.extract import targets

    assert targets._word_tags() == jieba.posseg.dt.word_tag_tab
