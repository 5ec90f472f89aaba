"""Numeric targets (每万人口发明专利拥有量20件 by 2025), goal years and cited documents.

A target is a quantity the plan sets out to reach. Reading one takes four steps, each driven by
the word tables in `loaders.vocab.targets` (indicator tables: `loaders.extract.indicator_tables`):

1. **Quantities.** Every value with a unit (`20件`, `1.2万件`, `两万平方米`, `超万架`, `5000P`,
   `300万架次/年`, `50家（次）`); lines without one are skipped at once. Dates are not quantities, and a
   duration only as a committed time limit (`压缩至5个工作日`, `3个工作日办结`, `实现“半日办结”`).
2. **Clauses.** The clause around a value is the text between `，。；：` at the same bracket depth;
   a value inside `（…）` is read inside the bracket (a list such as `（A 1个、B 5个）`), a value
   inside quotes that hold a name is never a target (quotes that hold clauses are read as text).
3. **Grammar.** The verb that governs the value decides how the indicator is read: a level verb
   (`INDICATOR 达到 VALUE`), a growth verb (`年均增长10%`: ``kind="rate"``), a build verb before
   the value (`建成10个 INDICATOR`, the indicator follows) or before the indicator (`建成
   INDICATOR 10个`), or no verb after a measure (`…拥有量20件`). A verb the tables do not list is
   read by its part of speech in jieba's dictionary (`jieba.posseg`: 选拔100名). The indicator is the
   noun phrase that names the measured thing: the head of a relative clause after the value
   (`10名在全国有影响的…人才`), the group of a share (`80%以上的学校纳入…`), the subject of the clause
   before when the clause has none. Coordinated indicators, values and years are split (`A、B均达到X`,
   `A、B分别达到X和Y`, a shared measure `A、B覆盖率`, `2024年和2025年`).
4. **Exclusions.** Ceilings (`最高`, `不超过`), support to a beneficiary (`给予…补贴`), terms per
   beneficiary (`单个`, `每户`), conditions (`对…的`, `10个以上的`), ranges (`1—2个`), ordinals, policy
   parameters (`首付比例`, `利率`, `调整为`), funds the plan sets up, facts already reached and repeats
   in an annex are left out — each kept in ``Targets.left_out`` with its reason, which
   `loaders.extract.warnings` turns into a ``target-left-out`` note — as are values inside
   responsibility clauses.

The year is the one that governs the clause, its paragraph (`到2027年底，` opening it; a bare `2023年，`
only its sentence), an introducing line (`到2025年，主要目标是：` before a list) or, when the caller
passes them, the item holding it (``scopes``). 以上/以下/左右 give the comparison, `由X提高到Y` the
baseline.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from loaders.extract.indicator_tables import comparison_of, table_blocks, table_targets
from loaders.extract.intervals import Spans
from loaders.read.normalize import CN_DIGITS, cn_to_int
from loaders.records import Citation, Goal, Span, Target, TargetKind
from loaders.vocab import punctuation as P
from loaders.vocab import targets as V
from loaders.vocab.lexicon import get_tokenizer

__all__ = ["find_targets", "find_goals", "find_citations", "Targets", "LeftOut", "same_indicator"]


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first."""
    return "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))


_CN_NUM = "[零〇一二两三四五六七八九十百千]"
_UNIT = (
    rf"(?P<base>{_alt(V.BASE_UNITS)}|(?:{_alt(V.LATIN_UNITS)})(?![A-Za-z]))"
    rf"(?:/(?P<per>{_alt(V.PER_UNITS)}))?"
)
# One cheap scan finds every run of digits or Chinese numerals followed by a unit; `_VALUE` then
# reads the value, magnitude and unit of each (most hits in real text are 一批 and the like).
_NUMERALS = "零〇一二两三四五六七八九十百千万亿"
# The characters a unit can open with, looked at before the alternation of units is tried (most runs
# of numerals, 进一步 or 统一, are followed by none: one test, not one per unit).
_UNIT_OPENS = "[" + re.escape("".join(sorted({u[0] for u in (*V.BASE_UNITS, *V.LATIN_UNITS)}))) + "]"
_CANDIDATE = re.compile(rf"[\d{_NUMERALS}][\d,.{_NUMERALS}]*\s*(?={_UNIT_OPENS}){_UNIT}")
# More values in a list, then 的 (5亿元、10亿元的企业).
_VALUES_THEN_DE = re.compile(
    rf"(?:[、和及与]\s*[\d{_NUMERALS}][\d,.{_NUMERALS}]*\s*"
    rf"(?:{_alt(V.BASE_UNITS + V.LATIN_UNITS)})?\s*(?:{_alt(V.VALUE_SUFFIXES)})?\s*)+的"
)
_VALUE = re.compile(
    rf"(?:(?P<num>\d+(?:,\d{{3}})*(?:\.\d+)?|{_CN_NUM}+)\s*(?P<mag>{_alt(V.MAGNITUDES)})?"
    rf"|(?P<bare>{_alt(V.MAGNITUDES)})){_UNIT}"
)
_DURATION_AFTER_BASE = tuple(d for d in V.DURATIONS if len(d) > 1 and d[0] in V.BASE_UNITS)
_RANGE = "[" + re.escape(V.RANGE_MARKS) + "]"
_RANGE_BEFORE = re.compile(rf"(?:[\d%‰]\s*{_RANGE}|[—–~～])\s*$")  # 1—|2个  50%-|60%
_RANGE_AFTER = re.compile(rf"\s*{_RANGE}\s*[\d零〇一二两三四五六七八九十]")  # 50%|-60%
_RATE_UNITS = frozenset(V.RATE_UNITS)
_SUFFIX = re.compile(rf"\s*(?:{_alt(V.VALUE_SUFFIXES)})")
_TAIL_MAX = max(map(len, V.TAIL_WORDS))
_LEAD_RX = re.compile(_alt(V.LEAD_WORDS))
_SCOPE_RX = re.compile(_alt(V.SCOPES))
_CEILING_OR_PER_RX = re.compile(_alt(V.CEILINGS + V.PER_BENEFICIARY))
_SUPPORT_RX = re.compile(_alt(V.SUPPORT))
_PARAMETER_RX = re.compile(_alt(V.PARAMETERS))
_STATUS_RX = re.compile(_alt(V.STATUS))
_PREDICATE_RX = re.compile(_alt(V.PREDICATES))
_GOAL_YEAR = re.compile(r"(?:到|力争|预计|至)\s*(?:(?:19|20)\d\d|二[〇零])")
_SHARED_MEASURES = sorted(V.SHARED_MEASURES, key=len, reverse=True)

# Brackets of the one table and quotation/title marks: a quantity inside them is not the sentence's own.
_OPEN = "".join(P.BRACKETS) + "".join(P.QUOTES)
_CLOSE = "".join(P.BRACKETS.values()) + "".join(P.QUOTES.values())
_QUOTES = frozenset("“‘《「『\"")
_CONJ = ("以及", "、", "和", "及", "与", "并")
_JOINERS = ("以及", "和", "及", "与")

_YEAR = re.compile(
    rf"(?P<lead>{_alt(V.YEAR_LEADS)})?\s*"
    r"(?P<y>(?:19|20)\d\d|二[〇零][〇零一二三四五六七八九]{2})\s*年"
    r"(?P<tail>年底前|年底|年末|底前|末前|底|末|以前|前)?"
)
_PLAN_END = re.compile(r"[“\"]?(?P<plan>十[一二三四五六]五)[”\"]?(?:规划)?(?:时期|期)?末")
_NATURE = re.compile(rf"（[^（）]*?(?P<nature>{_alt(V.NATURES)})[^（）]*?）")
_CITE = re.compile(r"《(?P<title>[^《》\n]{1,120})》")
_LIST_LINE = re.compile(
    r"\s*(?:——|－|-|●|•|·|▲|■|\d{1,2}[.．、]|（\d{1,2}）|[一二三四五六七八九十]+是|（[一二三四五六七八九十]+）)"
)
_CN_YEAR_DIGITS = {**CN_DIGITS, "〇": 0, "零": 0}


@dataclass(slots=True)
class _Q:
    """A value with its unit."""

    start: int
    end: int  # after the unit and any 以上/左右
    value_end: int  # after the unit
    value: float
    unit: str
    limit: bool = False  # a duration: a target only as a committed time limit (压缩至5个工作日)


@dataclass(slots=True)
class _Found:
    indicator: str
    q: _Q
    start: int
    end: int
    kind: TargetKind
    noun: str  # the counted thing without a leading 新建 (for 总规模 after it)
    comparison: str | None = None
    baseline: float | None = None
    after: bool = False  # the indicator is the thing named after the value (建成10个X)


# --- quantities ---------------------------------------------------------------------------------------


def _quantities(folded: str) -> Iterator[_Q]:
    """Every value with a unit that can be a target's (not a date, a duration or a word such as 一批)."""
    for c in _CANDIDATE.finditer(folded):
        # the value may start inside the run (2025年底前建成10个: the run is 10个)
        m = _VALUE.search(folded, c.start(), c.end())
        while m is not None and m.end() != c.end():
            m = _VALUE.search(folded, m.start() + 1, c.end())
        if m is None:
            continue
        q = _quantity(m, folded)
        if q is not None:
            yield q


def _quantity(m: re.Match[str], folded: str) -> _Q | None:
    start, end = m.start(), m.end()
    if folded.startswith(_DURATION_AFTER_BASE, m.start("base")):  # 6个月, 10个工作日
        return None
    num, mag, bare = m.group("num"), m.group("mag") or "", m.group("bare")
    before = folded[max(0, start - 2) : start]
    suffix = _SUFFIX.match(folded, end)
    if num and num[0].isdigit():
        if before[-1:].isascii() and (before[-1:].isalnum() or before[-1:] == "."):  # 5G, PM2.5
            return None
        value = float(num.replace(",", ""))
    else:
        # 两万平方米, 超万架, 千家万户: a Chinese numeral is a value after a hedge, before a
        # magnitude or before 以上/左右; 一 alone never (一批, 一期)
        hedged = before.endswith(V.CHINESE_VALUE_HEDGES)
        if bare:
            if not (hedged or suffix):  # 超万架, 万场以上
                return None
            value = 1.0
            mag = bare
        else:
            try:
                value = float(cn_to_int(num))
            except ValueError:
                return None
            if value == 1 and not mag or not (hedged or mag or suffix):
                return None
    unit = mag + m.group("base") + (f"/{m.group('per')}" if m.group("per") else "")
    if folded.startswith(V.UNIT_BRACKETS, end):  # 50家（次）
        w = next(w for w in V.UNIT_BRACKETS if folded.startswith(w, end))
        unit, end = unit + w, end + len(w)
    return _Q(start, suffix.end() if suffix else end, end, value, unit)


_TIME_LIMIT = re.compile(
    rf"(?P<num>\d+(?:\.\d+)?|[{_NUMERALS}半]+)\s*(?P<unit>{_alt(V.TIME_LIMIT_UNITS)})"
    r"(?P<within>以内|之内|内)?"
)
_LIMIT_UNIT = re.compile(_alt(V.TIME_LIMIT_UNITS))
_QUOTED_LIMIT = re.compile(
    rf"(?P<subject>[^，。；：“”\"]{{0,30}}?)[“\"](?:[^“”\"]*?、)?(?P<num>\d+|[{_NUMERALS}半]+)\s*"
    rf"(?P<unit>{_alt(V.TIME_LIMIT_UNITS)})(?:内)?办结[”\"]"
)


_BANJIE = re.compile("办结")
_LIMIT_CUES = re.compile(_alt(V.TIME_LIMIT_VERBS + V.TIME_MEASURES + V.LIMIT_AFTER))


def _cue_lines(folded: str, cues: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """The lines of ``folded`` that hold one of ``cues``, each once."""
    end = -1
    for c in cues.finditer(folded):
        if c.start() < end:
            continue
        start = folded.rfind("\n", 0, c.start()) + 1
        end = folded.find("\n", c.end())
        end = len(folded) if end == -1 else end
        yield start, end


def _time_limits(folded: str) -> Iterator[_Q]:
    """Durations that may be committed time limits (审批时间压缩至50个工作日, 2天以上): marked ``limit``;
    `_clause_targets` keeps one only after a time-limit verb or a time measure. Only lines that
    name a time limit's verb, measure or 办结 are read."""
    for a, b in _cue_lines(folded, _LIMIT_CUES):
        yield from _time_limits_in(folded, a, b)


def _time_limits_in(folded: str, a: int, b: int) -> Iterator[_Q]:
    # Every time limit ends in its unit: a line with none holds none (the number pattern opens with no
    # literal, so the engine would try it at every position).
    if not _LIMIT_UNIT.search(folded, a, b):
        return
    for m in _TIME_LIMIT.finditer(folded, a, b):
        num = m.group("num")
        if m.start() and (folded[m.start() - 1].isdigit() or folded[m.start() - 1] in ".月"):
            continue  # 12月31日 is a date
        try:
            value = float(num) if num[0].isdigit() else (0.5 if num == "半" else float(cn_to_int(num)))
        except ValueError:
            continue
        suffix = _SUFFIX.match(folded, m.end())
        end = suffix.end() if suffix else m.end()
        yield _Q(m.start(), end, m.end("unit"), value, m.group("unit"), True)


def _quoted_limits(text: str, folded: str) -> Iterator[Target]:
    """A service time limit written as a slogan (实现企业开办“半日办结”): 0.5 日, indicator
    企业开办办结时间."""
    for a, b in _cue_lines(folded, _BANJIE):  # only the lines that say 办结
        for m in _QUOTED_LIMIT.finditer(folded, a, b):
            num = m.group("num")
            try:
                value = float(num) if num[0].isdigit() else (0.5 if num == "半" else float(cn_to_int(num)))
            except ValueError:
                continue
            subject = m.group("subject")
            cut = max(subject.rfind(w) + len(w) if w in subject else -1 for w in V.LIMIT_SUBJECT_AFTER)
            subject = subject[cut:] if cut >= 0 else subject
            unit = m.group("unit").lstrip("个")
            sa, sb = m.start("subject") + len(m.group("subject")) - len(subject), m.end()
            yield Target(subject + V.LIMIT_MEASURE, value, unit, None, None, Span(sa, sb, text[sa:sb]))


# --- brackets and clauses -----------------------------------------------------------------------------


_BRACKET_CHARS = re.compile("[" + re.escape(_OPEN + _CLOSE) + '"]')
_BOUNDARY_CHARS = re.compile("[，。；：！？]")


class _Brackets:
    """The brackets and clause boundaries of one line, found once.

    ``owner(p)`` is the position of the innermost bracket open around ``p`` (-1: none); a clause is
    the text between boundaries (`，。；：！？`) at one bracket depth. ASCII double quotes open and
    close in turn.
    """

    __slots__ = ("s", "pairs", "closes", "bounds", "_owner_cache")

    def __init__(self, s: str) -> None:
        self.s = s
        pairs: list[tuple[int, int]] = []
        stack: list[int] = []
        for m in _BRACKET_CHARS.finditer(s):
            i, ch = m.start(), m.group()
            if ch in _OPEN or (ch == '"' and not (stack and s[stack[-1]] == '"')):
                stack.append(i)
            elif stack:
                pairs.append((stack.pop(), i))
        pairs.extend((o, len(s)) for o in stack)
        pairs.sort()
        self.pairs = pairs
        self.closes = dict(pairs)
        self._owner_cache: dict[int, int] = {}
        self.bounds = [m.start() for m in _BOUNDARY_CHARS.finditer(s)]

    def owner(self, p: int) -> int:
        if not self.pairs:
            return -1
        got = self._owner_cache.get(p)
        if got is None:
            got = -1
            for o, c in self.pairs:  # sorted by open: the last that holds p is the innermost
                if o >= p:
                    break
                if p <= c:
                    got = o if p < c else got
            self._owner_cache[p] = got
        return got

    def in_quotes(self, p: int) -> bool:
        """Whether ``p`` is inside quotes that hold a name (“百人计划”), not a quoted statement of
        goals (实现“A达到X，B达到Y”的目标: clauses inside, read as any other text)."""
        o = self.owner(p)
        while o >= 0:
            if self.s[o] in _QUOTES and not self.quoted_statement(o):
                return True
            o = self.owner(o)
        return False

    def quoted_statement(self, o: int) -> bool:
        """Whether the quotes opening at ``o`` hold clauses (a comma inside) rather than a name."""
        c = self.closes.get(o, len(self.s))
        return self.s[o] != "《" and _BOUNDARY_CHARS.search(self.s, o + 1, c) is not None

    def clause(self, p: int) -> tuple[int, int]:
        """The clause holding position ``p``: between boundaries at its bracket depth."""
        o = self.owner(p)
        a = o + 1 if o >= 0 else 0
        b = self.closes[o] if o >= 0 else len(self.s)
        i = bisect.bisect_left(self.bounds, p)
        for j in range(i - 1, -1, -1):
            q = self.bounds[j]
            if q <= a - 1:
                break
            if self.owner(q) == o:
                a = q + 1
                break
        for j in range(i, len(self.bounds)):
            q = self.bounds[j]
            if q >= b:
                break
            if self.owner(q) == o:
                b = q
                break
        return a, b


def _top_level_split(s: str, seps: tuple[str, ...]) -> list[str]:
    """``s`` split on ``seps`` outside brackets and quotes."""
    if not any(w in s for w in seps):
        return [s]
    br = _Brackets(s)
    out, last, i = [], 0, 0
    while i < len(s):
        hit = next((w for w in seps if s.startswith(w, i)), None) if br.owner(i) == -1 else None
        if hit:
            out.append(s[last:i])
            i += len(hit)
            last = i
        else:
            i += 1
    out.append(s[last:])
    return out


# --- the words before a value ---------------------------------------------------------------------------


def _strip_tail(s: str, a: int, b: int) -> tuple[int, list[tuple[str, str]]]:
    """Read verbs, hedges and coordination markers back from ``b``: (where they start, [(word, role)])."""
    roles: list[tuple[str, str]] = []
    while b > a:
        while b > a and s[b - 1] == " ":
            b -= 1
        for n in range(min(_TAIL_MAX, b - a), 0, -1):
            w = s[b - n : b]
            role = V.TAIL_WORDS.get(w)
            if role:
                roles.append((w, role))
                b -= n
                break
        else:
            n = 0 if roles else _verb_before(s, a, b)  # only the word right before the value
            if not n:
                break
            roles.append((s[b - n : b], "build"))
            b -= n
    return b, roles


def _pos_tag(word: str) -> str:
    """The part-of-speech tag jieba's dictionary gives ``word`` (`jieba.posseg`), or ""."""
    global _WORD_TAGS
    if _WORD_TAGS is None:
        _WORD_TAGS = _word_tags()
    return _WORD_TAGS.get(word, "")


_WORD_TAGS: dict[str, str] | None = None


def _word_tags() -> dict[str, str]:
    """``jieba.posseg.dt.word_tag_tab``, read from jieba's dictionary in one pass: every line of it is
    ``word frequency tag``, which `jieba.posseg` reads a line at a time when it is imported (with its
    HMM tables: 0.7 s, paid by every build before its workers start; this takes half)."""
    import jieba

    with jieba.dt.get_dict_file() as fh:
        fields = fh.read().decode("utf-8").split()
    if len(fields) % 3 or not all(map(str.isdigit, fields[1::3])):  # another layout: jieba reads it
        import jieba.posseg

        return jieba.posseg.dt.word_tag_tab
    tags = dict(zip(fields[0::3], fields[2::3], strict=True))
    tags.update(jieba.dt.user_word_tag_tab)  # words added with a tag, as posseg's table has them
    return tags


def _verb_after(s: str, a: int, b: int) -> int:
    """The length of the verb (jieba.posseg tag v) that opens ``s[a:b]`` and has an object after it, or 0."""
    if b - a < 4:
        return 0
    toks = get_tokenizer().tokenize(s[a : min(b, a + 8)])
    w = toks[0][0] if toks else ""
    if len(w) < 2 or w in V.NOT_GOVERNING or _pos_tag(w) != "v" or b - a - len(w) < 2:
        return 0
    if s.startswith(_CONJ, a + len(w)):  # 种植和收获机械化率: nouns joined, not a verb and its object
        return 0
    nxt = toks[1][0] if len(toks) > 1 else ""
    if _pos_tag(nxt) in ("v", "vn") and V.TAIL_WORDS.get(nxt) != "build":  # 转移支付: one noun
        return 0
    return len(w)


def _verb_before(s: str, a: int, b: int) -> int:
    """The length of the verb that ends at ``b`` (its jieba.posseg tag is v or vn), or 0: the verb
    that governs a value after it (选拔100名, 筹建50家) when the word tables do not list it."""
    if b - a < 2 or not ("\u4e00" <= s[b - 1] <= "\u9fff"):
        return 0
    toks = get_tokenizer().tokenize(s[max(a, b - 8) : b])
    if not toks:
        return 0
    w = toks[-1][0]
    if len(w) < 2 or w in V.NOT_GOVERNING or _pos_tag(w) not in V.GOVERNING_TAGS:
        return 0
    return len(w)


_SPAN_OF_YEARS = re.compile(r"\d+(?:\s*[-—～~至到]\s*\d+)?\s*年(?:时间|内|左右时间)")
_YEAR_PLAN = re.compile(rf"[^，。；、\d]{{0,4}}(?:{_alt(V.YEAR_PLAN_NOUNS)})")
_AND_YEAR = re.compile(r"[和、及与]\s*(?P<y>(?:19|20)\d\d)\s*年(?:底|末)?")


def _skip_year(s: str, a: int, b: int) -> int:
    """Past a year phrase (到2025年底，力争到2027年) at ``a``."""
    while a < b and s[a] in " ，":
        a += 1
    m = _YEAR.match(s, a, b)
    if m:
        a = m.end()
        m = _AND_YEAR.match(s, a, b)  # 2024年和2025年
        if m:
            a = m.end()
        while a < b and s[a] in " ，":
            a += 1
    m = _PLAN_END.match(s, a, b)
    if m:
        a = m.end()
    return a


# 由2020年的300亿元 (提高到600亿元): the starting value ends the indicator.
_FROM_VALUE = re.compile(r"(?:由|从)[^，。；由从]*?\d[^，。；由从]*$")
# 比2020年 / 较上年 (增长10%): the baseline ends the indicator.
_BASELINE = re.compile(
    r"(?:比|较|相比|与)\s*(?:(?:19|20)\d\d年(?:末|底)?|上年|去年|基期|[“\"]?十[一二三四五六]五[”\"]?(?:期|时期)?末)"
    r"(?:相比)?$"
)
_ITEM_MARK = re.compile(
    r"\s*(?:（[一二三四五六七八九十\d]{1,3}）|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、](?!\d))"
)


_EACH_PLACE = re.compile(rf"各(?:[^，。；]{{0,10}}(?:{_alt(V.PLACES)})[）)]?)\s*$")
_SCOPES_ONLY = re.compile(rf"(?:{_alt(V.SCOPES + V.INDICATOR_TRAILERS)})+")
_LEADING_NOTE = re.compile(r"[（〔\[【][^（）〔〕\[\]【】]*[）〕\]】]")


def _clean(s: str, a: int, b: int) -> tuple[int, int, str]:
    """The indicator in ``s[a:b]``: without leading conjunctions, years, hedges or build verbs, and
    without a trailing `由X`. Returns (start, end, flags) where flags holds "b" when a build verb was
    removed and "k" when the indicator opens with a kept verb (新建)."""
    flags = ""
    for _ in range(6):
        a0 = a
        while a < b and s[a] in " 　":
            a += 1
        m = _ITEM_MARK.match(s, a, b)
        if m:
            a = m.end()
        if a < b and s[a] in "（〔[【" and _LEADING_NOTE.match(s, a, b):  # （责任单位：…）推出X10个
            a = _LEADING_NOTE.match(s, a, b).end()
        a = _skip_year(s, a, b)
        m = _LEAD_RX.match(s, a, b)
        if m:
            a = m.end()
        if a == a0:
            break
    # scopes and adverbs then build verbs (全市累计建成X, 引进培育X, 建成并投入运营X): the indicator
    # starts after the last verb; a kept verb (新建) stays
    at = a
    while (m := _SCOPE_RX.match(s, at, b)) is not None:
        at = m.end()
    verb_at = -1
    while at < b:
        for n in range(min(_TAIL_MAX, b - at), 0, -1):
            role = V.TAIL_WORDS.get(s[at : at + n])
            if role in ("build", "keep") and _is_verb_at(s, at, at + n, b):
                break
        else:
            n = _verb_after(s, at, b) if verb_at < 0 else 0  # 选拔认定教育专家10名: 选拔 by its tag
            if not n:
                break
            role = "build"
        if verb_at == at and s[at : at + n] not in V.CHAINED_VERBS:
            break  # 建成服务网点: 服务 belongs to the indicator
        if role == "keep":
            a, flags = at, flags + "k"
            verb_at = -1
            break
        verb_at = at = at + n
        j = next((w for w in V.VERB_JOINERS if s.startswith(w, at, b)), "")
        if j and any(V.TAIL_WORDS.get(s[at + len(j) : at + len(j) + n]) == "build" for n in (2, 3, 4)):
            at += len(j)
    if verb_at >= 0:
        a, flags = verb_at, flags + "b"
    # a trailing 由44% / 从50万元 (由X提高到Y: the indicator is before 由)
    m = _FROM_VALUE.search(s, a, b)
    if m:
        b = m.start()
    m = _BASELINE.search(s, a, b)
    if m:
        b = m.start()
    for _ in range(3):
        while b > a and s[b - 1] in " ，、的":
            b -= 1
        w = next((w for w in V.INDICATOR_TRAILERS if s.endswith(w, a, b)), "")
        if not w:
            break
        b -= len(w)
    return a, b, flags


def _is_verb_at(s: str, a: int, b: int, end: int) -> bool:
    """Whether the verb-like word ``s[a:b]`` is a verb here, not the start of a noun (建成区, 服务业)."""
    if any(s.startswith(w, a, end) for w in V.NOT_VERBS):
        return False
    return any(e == b - a for _, _, e in get_tokenizer().tokenize(s[a:end]))


_EXPLAIN = re.compile(
    r"（(?:即|指|以下简称|简称|含|包括|不含|不包括|如)[^（）]*）|（[^（）]*[，。；][^（）]*）"
)


def _tidy(ind: str) -> str:
    """Remove explanatory brackets (（即…，以下简称OPC）) and an enumeration before 等 (A、B等C → C)."""
    ind = _EXPLAIN.sub("", "".join(ind.split()))
    parts = _top_level_split(ind, ("等",))
    if len(parts) > 1 and "、" in parts[-2]:
        tail = parts[-1]
        for w in V.AFTER_ENUMERATION:
            if tail.startswith(w):
                tail = tail[len(w) :]
        if len(tail) >= 2:
            ind = tail
    return ind


def _ends_with_measure(ind: str) -> bool:
    return ind.endswith(V.MEASURE_ENDS)


def _split_coordinated(ind: str, coord: str) -> list[str]:
    """`A、B覆盖率` → [A覆盖率, B覆盖率]; with 均/分别 also `A和B`. One indicator otherwise."""
    parts = [p for p in _top_level_split(ind, ("、",)) if p]
    if coord:
        parts = [w for p in parts for w in _split_joined(p)]
    if len(parts) < 2:
        return [ind]
    last = parts[-1]
    shared = next((m for m in _SHARED_MEASURES if last.endswith(m)), "")
    if not coord:
        if all(_ends_with_measure(p) and len(p) >= 4 for p in parts) and not any(ch.isdigit() for ch in ind):
            return parts  # 跟踪回访率、就业服务率100%: each a measure of its own
        if not shared or len(last) == len(shared) or any(ch.isdigit() for ch in ind):
            return [ind]
        if any(_ends_with_measure(p) or len(p) > 12 for p in parts[:-1]):
            return [ind]
    out = []
    for p in parts[:-1]:
        out.append(p if _ends_with_measure(p) or not shared else p + shared)
    out.append(last)
    return out


def _split_joined(part: str) -> list[str]:
    """``part`` split on a joining 和/及/与 that is a word of its own (not 普及率, 和谐)."""
    if not any(j in part for j in _JOINERS):
        return [part]
    br = _Brackets(part)
    cuts = [
        (a, b)
        for w, a, b in get_tokenizer().tokenize(part)
        if w in _JOINERS and 0 < a and b < len(part) and br.owner(a) == -1
    ]
    out, last = [], 0
    for a, b in cuts:
        out.append(part[last:a])
        last = b
    out.append(part[last:])
    return [p for p in out if p]


# --- exclusions -----------------------------------------------------------------------------------------


def _starts_condition(s: str, a: int, b: int) -> bool:
    m = _ITEM_MARK.match(s, a, b)
    if m:
        a = m.end()
    a = _skip_year(s, a, b)
    for w in V.CONDITION_OPENERS:
        if s.startswith(w, a, b):
            return not any(s.startswith(x, a, b) for x in V.NOT_CONDITION)
    return False


def _excluded(s: str, cs: int, ce: int, q: _Q, roles: list[tuple[str, str]]) -> str | None:
    """Why the value ``q`` is not a target (a key of `loaders.vocab.targets.LEFT_OUT`), or None."""
    left = s[cs : q.start]
    after = s[q.value_end : ce]
    stripped_left = left.rstrip()
    if stripped_left.endswith(V.ORDINAL_BEFORE):
        return "ordinal"
    if stripped_left.endswith(V.NOT_A_LEVEL_BEFORE):
        return "not-a-level"
    if _RANGE_BEFORE.search(stripped_left) or _RANGE_AFTER.match(after):
        return "range"
    if after.lstrip().startswith(V.THRESHOLD_AFTER) or s[q.end : ce].startswith(V.THRESHOLD_AFTER):
        if not (roles and roles[0][1] in ("build", "keep")) and not _share_of_group(s, q, ce):
            return "threshold"
    m = _CEILING_OR_PER_RX.search(left)
    if m and not (m.group() in V.CEILINGS and any(w in left for w in V.SECTOR_LEVEL)):
        if m.group() in V.CEILINGS:
            return "ceiling"
        if not (left.startswith(V.PLACES, m.end()) or _EACH_PLACE.search(left, 0, m.start())):
            return "per-beneficiary"  # but 每个县(市)建成1所X, 各区每月举办至少2场: coverage, a target
    if any(w in V.SETTING_VERBS for w, _ in roles) or left.rstrip().endswith(V.SETTING_VERBS):
        return "parameter"
    if after.lstrip().startswith(V.PARAMETERS):  # 适用3%征收率的…
        return "parameter"
    if q.unit == "岁" and q.end > q.value_end:
        return "threshold"  # 6岁以下儿童
    clause = s[cs:ce]
    if q.unit.endswith("元") and _allocated_fund(clause):
        return "parameter"
    if _support(clause, left, q.unit):
        return "support"
    if clause.rstrip().endswith("的") or _starts_condition(s, cs, ce):
        return "condition"
    # a figure already reached (截至2023年底，已建成…) is a statement of fact, not a goal
    sentence = s[max(s.rfind("。", 0, q.start), s.rfind("；", 0, q.start)) + 1 : q.start]
    after_goal = max((m.end() for m in _GOAL_YEAR.finditer(sentence)), default=0)
    return "status" if _STATUS_RX.search(sentence, after_goal) is not None else None


_SERVICE_OBJECT = re.compile(rf"(?:{_alt(V.LIMIT_OBJECT_VERBS)})(?P<object>[^，。；：的（）]{{2,24}})的")
_BRACKET_NOTE = re.compile(r"\s*（[^（）]*）")


def _service_limit(s: str, q: _Q, ce: int) -> str:
    """The indicator of a duration followed by 办结 (…用地预审与规划选址的项目，自受理之日起3个工作日办结):
    the matter handled, named after 办理/出具 … earlier in the sentence, + 办结时间; "" when no 办结."""
    p = q.end
    m = _BRACKET_NOTE.match(s, p, ce)
    if m:
        p = m.end()
    if not s.startswith(V.LIMIT_AFTER, p):
        return ""
    sentence = max(s.rfind("。", 0, q.start), s.rfind("；", 0, q.start)) + 1
    objects = list(_SERVICE_OBJECT.finditer(s, sentence, q.start))
    matter = objects[-1].group("object") if objects else ""
    while matter.startswith(V.LIMIT_OBJECT_VERBS):  # 申请办理X: X
        matter = matter[next(len(w) for w in V.LIMIT_OBJECT_VERBS if matter.startswith(w)) :]
    return matter + V.LIMIT_MEASURE


def _is_time_limit(s: str, a: int, t0: int, roles: list[tuple[str, str]]) -> bool:
    """Whether a duration is a committed time limit: after 压缩至/控制在… or a time measure (审批时间)."""
    if any(w in V.TIME_LIMIT_VERBS for w, _ in roles):
        return True
    _, b, _ = _clean(s, a, t0)
    return s.endswith(V.TIME_MEASURES, a, b)


_GROUP_HEDGES = re.compile(rf"{_alt(V.GROUP_HEDGES)}|[一两二三]\s*(?:{_alt(V.BASE_UNITS)})(?=\w)")


def _share_of_group(s: str, q: _Q, ce: int) -> bool:
    """80%以上的义务教育学校纳入教联体建设: a share of a group that is to do something (a target),
    unlike a threshold (…10个以上的企业): a share, 的, and a verb after the group."""
    if q.unit not in _RATE_UNITS or not s.startswith("的", q.end):
        return False
    return any(_pos_tag(w) == "v" for w, _, _ in get_tokenizer().tokenize(s[q.end + 1 : ce])[1:])


def _allocated_fund(clause: str) -> bool:
    """A fund or budget the plan sets up (设立10亿元专项资金): its size is a parameter, not a target."""
    return any(w in clause for w in V.FUND_WORDS) and any(w in clause for w in V.ALLOCATING)


def _support(clause: str, left: str, unit: str) -> bool:
    """Support granted: a support word in the clause about money or a share (给予50万元补贴, 按50%
    贴息), or 给予 before the value. A support verb that governs a count (资助200名人才) is a quota."""
    if _SUPPORT_RX.search(clause) is None:
        return False
    return unit.endswith(V.SUPPORT_UNITS) or any(w in left for w in V.GRANTING)


# --- the indicator after a value (建成10个 INDICATOR) ----------------------------------------------------


_NOUN_STOP = re.compile(_alt(V.NOUN_STOPS))


def _noun_after(s: str, br: _Brackets, p: int, ce: int, quantities: list[_Q]) -> tuple[int, int] | None:
    """The thing counted after a value: from ``p`` (past a 的) to the first stop word, conjunction
    before another value, or the clause end. None when it runs into another value: then the first
    value only describes it (超十亿元企业10家).

    A relative clause after the value (10名在全国有影响的青年拔尖人才, 1万名具有博士、硕士学位的企业
    紧缺人才) is read by its first word's part of speech (a verb, a preposition or an adverb): the
    counted thing is its head, after the 的."""
    if s.startswith("的", p, ce):
        p += 1
    next_q = min((q.start for q in quantities if q.start >= p), default=ce)
    limit = min(ce, next_q)
    depth = br.owner(p) if p < len(s) else -1
    p = _relative_head(s, br, p, limit, depth)
    e = p
    while e < limit:
        if e > p and br.owner(e) == depth:
            if s[e] == "、" and _value_follows(s, e + 1, next_q):
                break
            if s.startswith(("和", "及", "与"), e) and _value_follows(s, e + 1, next_q):
                break
            if s[e] == "的" and e + 1 < limit and not _attribute_follows(s, br, e + 1, limit, depth):
                pass  # 20个多元融合的体育综合体: the noun phrase goes on to its head
            elif _NOUN_STOP.match(s, e):
                if not (s[e] == "的" and e + 1 >= limit):
                    break
        e += 1
    if e == next_q < ce and e > p:
        return None
    while e > p and s[e - 1] in " 的、":
        e -= 1
    return p, e


def _attribute_follows(s: str, br: _Brackets, a: int, limit: int, depth: int) -> bool:
    """Whether the words after a 的 name an attribute of what comes before it (1000条航线的管理能力):
    then the count is of the thing before 的."""
    e = a
    while e < limit and not (br.owner(e) == depth and s[e] in "，、；。"):
        e += 1
    return s.endswith(V.ATTRIBUTE_HEADS, a, e) or any(s.startswith(w, a) for w in V.NOUN_STOPS)


def _relative_head(s: str, br: _Brackets, p: int, limit: int, depth: int) -> int:
    """Past a relative clause opening at ``p`` (在全国有影响的 …): where its head starts, else ``p``."""
    de = -1
    for i in range(p + 1, min(limit, p + 40)):
        if s[i] == "的" and br.owner(i) == depth:
            de = i
            break
        if s[i] in "，。；" and br.owner(i) == depth:
            break
    if de < 0 or de + 2 > limit:
        return p
    toks = get_tokenizer().tokenize(s[p:de])
    if not toks or _pos_tag(toks[0][0])[:1] not in V.RELATIVE_OPENING_TAGS:
        return p
    return de + 1


def _value_follows(s: str, a: int, next_q: int) -> bool:
    """Whether another value starts at ``a``, after at most a verb or hedge (和2个…, 和超过2个…)."""
    return next_q < len(s) and next_q - a <= 6 and _strip_tail(s, a, next_q)[0] == a


# --- reading one clause ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Form:
    """What the words before a value say about it (read by `_strip_tail`)."""

    level: bool  # a level or rate verb: the indicator is before it
    build: bool  # a build verb: the indicator may follow the value
    keep: str  # 新建/新增: a verb that stays in the indicator
    coord: str  # 均/分别
    kind: TargetKind

    @classmethod
    def of(cls, roles: list[tuple[str, str]], unit: str) -> _Form:
        kinds = [r for _, r in roles]
        # 年均增长10%, 增速保持在6%: a rate; 增长到/提高到 are level verbs of their own
        rate = "rate" in kinds and unit in _RATE_UNITS
        return cls(
            level="level" in kinds or "rate" in kinds,
            build="build" in kinds,
            keep=next((w for w, r in roles if r == "keep"), ""),
            coord=next((w for w, r in roles if r == "coord"), ""),
            kind=TargetKind.RATE if rate else TargetKind.LEVEL,
        )


def _outer_build(s: str, br: _Brackets, p: int) -> bool:
    """Whether the value at ``p`` sits in a bracket after a build verb (建成“1+5+4”（A 1个、B 5个）)."""
    o = br.owner(p)
    if o < 0 or s[o] in _QUOTES:
        return False
    oa, _ = br.clause(o)
    return any(V.TAIL_WORDS.get(s[i : i + n]) in ("build", "keep") for i in range(oa, o) for n in (2, 3))


def _ends_target(s: str, p: int, ce: int) -> bool:
    """Whether the text after a value ends it (a clause end, a list, a bracket), rather than going on
    to what the value qualifies (产值超百亿元企业10家: 百亿元 describes the firms)."""
    rest = s[p:ce].lstrip()
    if _VALUES_THEN_DE.match(rest):  # 突破5亿元、10亿元的企业: the values describe the firms
        return False
    return not rest or rest[0] in "、（）" or rest.startswith(("和", "及", "与", "以及", "并", "等"))


def _clause_targets(
    s: str,
    br: _Brackets,
    cs: int,
    ce: int,
    qs: list[_Q],
    line_prev: _Found | None,
    dropped: list[tuple[_Q, str]],
) -> list[tuple[_Found, list[str]]]:
    """Targets of one clause: (found, indicators) — more than one indicator when coordinated."""
    out: list[tuple[_Found, list[str]]] = []
    outer_build = _outer_build(s, br, qs[0].start)
    lb = cs  # where the text of the next value's indicator may start
    prev: _Found | None = None
    prev_keep = ""
    pending: list[str] = []  # 分别: indicators still waiting for their value
    pending_kind = TargetKind.LEVEL
    start_value: _Q | None = None
    for q in qs:
        if q.start < lb:
            continue
        t0, roles = _strip_tail(s, lb, q.start)
        if q.limit and (service := _service_limit(s, q, ce)):  # 自受理之日起3个工作日办结
            found = _Found(service, q, q.start, q.end, TargetKind.LEVEL, service, "at-most")
            out.append((found, [service]))
            prev, prev_keep, lb = found, "", q.end
            continue
        if q.limit and not _is_time_limit(s, lb, t0, roles):
            continue  # a duration (一年期, 6个月), not a committed time limit
        why = _excluded(s, cs, ce, q, roles)
        if why:
            if why == "not-a-level" and s[cs : q.start].rstrip().endswith(V.FROM_WORDS):
                start_value = q  # 由44%(提高到60%): the baseline of the next value
            else:
                dropped.append((q, why))
            continue
        form = _Form.of(roles, q.unit)
        a, b, flags = _clean(s, lb, t0)
        ind = _tidy(s[a:b])
        if ind and _SCOPES_ONLY.fullmatch(ind):  # 全省每年新增5万套: no indicator of its own
            ind = ""
        sub = s.startswith("其中", _skip_year(s, lb, t0))
        noun_span: tuple[int, int] | None = None
        ref = prev or line_prev
        if _share_of_group(s, q, ce) and (not ind or ind in V.SCOPES):  # 75%的县(市)建成三级医院
            ga = q.end + 1
            gb = min(ce, ga + 40)
            ind, noun_span = _GROUP_HEDGES.sub("", _tidy(s[ga:gb])), (ga, gb)
            indicators = [ind]
        elif pending and not ind:  # A、B分别达到X和Y: Y is B's
            indicators = [pending.pop(0)]
            form.kind = pending_kind
        else:
            pending = []
            if ind and form.level and ind in V.BARE_MEASURES:
                if s.startswith("的", q.end):  # 规模不低于10亿元的X基金 → X基金规模
                    na, nb = _noun_after(s, br, q.end, ce, qs) or (0, 0)
                    if nb > na:
                        ind, noun_span = _tidy(s[na:nb]) + ind, (na, nb)
                elif ref:  # 新建174个X，总规模达283个 → X总规模
                    ind = ref.noun + ind
            elif not ind:
                subject = None
                if form.kind == TargetKind.RATE and not form.build and ref:  # GDP…，年均增长6.5%
                    ind = ref.indicator
                elif (
                    form.level and not form.build and ref and "。" not in s[ref.end : q.start]
                    and _ends_target(s, q.end, ce)
                ):
                    ind = ref.indicator  # 平均费率不超过1.5%，并逐步降低至1%以下
                elif form.build or form.keep or prev or outer_build or _continues(s, cs, t0, line_prev):
                    na, nb = _noun_after(s, br, q.end, ce, qs) or (0, 0)
                    noun = _tidy(s[na:nb])
                    if not noun and ref and form.build and _ends_target(s, q.end, ce):
                        noun, (na, nb) = ref.noun, (q.end, q.end)  # 新开工棚户区改造2万户、完成12万户
                    elif not noun and form.build and (obj := _previous_object(s, br, cs)):
                        noun, (na, nb) = obj, (q.end, q.end)  # 实施居家适老化改造，每年改造2万户
                    if not noun or len(noun) > 30:
                        dropped.append((q, "no-indicator"))
                        continue
                    form.keep = form.keep or (prev_keep if prev else "")
                    ind, noun_span = form.keep + noun, (na, nb)
                elif form.level and (subject := _previous_subject(s, br, cs)) is not None:
                    a, b = subject  # 重点培育X企业，到2025年达到200家
                    ind = _tidy(s[a:b])
                else:
                    dropped.append((q, "no-indicator"))
                    continue
            elif form.build or form.keep:  # 结合…等新建174个X, 平台具备服务超过2000家企业的能力
                na, nb = _noun_after(s, br, q.end, ce, qs) or (0, 0)
                if nb > na:
                    ind, noun_span = form.keep + _tidy(s[na:nb]), (na, nb)
                elif not form.level and not _ends_target(s, q.end, ce):
                    dropped.append((q, "no-indicator"))
                    continue
                # else SUBJECT VERB VALUE (工业投资上半年完成1600亿元): the subject names it
            elif not form.level:  # no verb: 建成X 10个, …拥有量20件, a list, 其中
                ok = "b" in flags or "k" in flags or _ends_with_measure(ind) or prev is not None
                if not (ok or outer_build or (sub and line_prev is not None)):
                    dropped.append((q, "no-indicator"))
                    continue
            if noun_span is None and not _ends_target(s, q.end, ce):
                dropped.append((q, "qualifier"))
                continue
            if ind in V.PERIOD_WORDS and ref:  # …上半年完成1600亿元，全年完成3200亿元
                ind = _without_period(ref.indicator) + ind
            if sub and line_prev and (len(ind) <= 3 or ind.endswith(V.GRADES)):
                ind += line_prev.noun  # 其中国家级20个
            indicators = _split_coordinated(ind, form.coord)
            if form.coord == "分别" and len(indicators) > 1:
                pending, pending_kind = indicators[1:], form.kind
                indicators = indicators[:1]
        if noun_span and noun_span[1] > noun_span[0] and s.endswith(V.PACE_HEADS, *noun_span):
            dropped.append((q, "qualifier"))  # 加快394座在建骨干水源工程建设进度: the pace of work
            continue
        if not all(_plausible(i) for i in indicators):
            parameter = any(_PARAMETER_RX.search(i) for i in indicators)
            dropped.append((q, "parameter" if parameter else "no-indicator"))
            continue
        start = a if b > a and not noun_span else (t0 if form.keep else q.start)
        end = max(q.end, noun_span[1] if noun_span else q.end)
        kind = TargetKind.RATE if indicators[0].endswith(V.RATE_MEASURES) else form.kind
        found = _Found(indicators[0], q, min(start, q.start), end, kind, _counted(indicators[-1]))
        found.after = noun_span is not None and noun_span[1] > noun_span[0]
        before = next((w for w, _ in roles if w in V.COMPARISONS), "")
        found.comparison = comparison_of(before, s[q.value_end : q.end].strip())
        if start_value is not None and start_value.unit == q.unit and start_value.start < q.start:
            found.baseline, start_value = start_value.value, None
        out.append((found, indicators))
        prev, prev_keep = found, form.keep
        lb = end
        while lb < ce and s[lb] == " ":
            lb += 1
        lb += next((len(w) for w in _CONJ if s.startswith(w, lb, ce)), 0)
    _share_heads(out)
    return out


def _continues(s: str, cs: int, t0: int, line_prev: _Found | None) -> bool:
    """Whether a value opening its clause continues a list of counts before it (培训300名A，1000名B):
    the clause before counted the thing named after its value."""
    return line_prev is not None and line_prev.after and not s[cs:t0].strip(" ，、")


def _share_heads(found: list[tuple[_Found, list[str]]]) -> None:
    """打造3个千亿级、5个五百亿级产业集群: a grade alone borrows the head of the next indicator."""
    for k in range(len(found) - 1):
        f, inds = found[k]
        nxt = found[k + 1][1][0]
        if len(inds) == 1 and inds[0].endswith(_GRADES) and any(g in nxt for g in _GRADES):
            head = nxt[max(nxt.rfind(g) for g in _GRADES) + 1 :]
            if head:
                inds[0] += head
                f.indicator = inds[0]


_GRADES = V.HEAD_GRADES


def _previous_subject(s: str, br: _Brackets, cs: int) -> tuple[int, int] | None:
    """The subject in the clause before ``cs`` in the same sentence (重点培育X企业，到2025年达到200家):
    its text without verbs, up to a predicate (实现倍增)."""
    if cs < 2 or s[cs - 1] != "，":
        return None
    pa, pb = br.clause(cs - 2)
    a, b, _ = _clean(s, pa, pb)
    m = _PREDICATE_RX.search(s, a, b)
    if m:
        b = m.start()
    text = s[a:b]
    if not 2 <= len(text) <= 24 or any(ch.isdigit() for ch in text) or "，" in text:
        return None
    return a, b


def _previous_object(s: str, br: _Brackets, cs: int) -> str:
    """The object of the last verb (jieba.posseg tag v) of the clause before ``cs`` in the same
    sentence (…住所实施居家适老化改造，每年改造2.5万户 → 居家适老化改造), or ""."""
    if cs < 2 or s[cs - 1] != "，":
        return ""
    pa, pb = br.clause(cs - 2)
    toks = get_tokenizer().tokenize(s[pa:pb], pa)
    for w, _, b in reversed(toks[:-1]):
        if _pos_tag(w) == "v" and len(w) >= 2:
            obj = _tidy(s[b:pb])
            return obj if 2 <= len(obj) <= 20 and not any(ch.isdigit() for ch in obj) else ""
    return ""


_KEEP = tuple(w for w, r in V.TAIL_WORDS.items() if r == "keep")
_PERIOD_RX = re.compile(_alt(V.PERIOD_WORDS))


def _without_period(indicator: str) -> str:
    """``indicator`` without its period words (工业投资上半年 → 工业投资)."""
    return _PERIOD_RX.sub("", indicator)


def _counted(indicator: str) -> str:
    """The thing an indicator counts, without a leading 新建/新增 (for a 总规模 that follows)."""
    w = next((w for w in _KEEP if indicator.startswith(w)), "")
    return indicator[len(w) :]


def _plausible(indicator: str) -> bool:
    return (
        2 <= len(indicator) <= 80
        and re.search(r"[\u4e00-\u9fffA-Za-z]", indicator) is not None
        and (not _PARAMETER_RX.search(indicator) or any(w in indicator for w in V.SECTOR_LEVEL))
    )


# --- years -----------------------------------------------------------------------------------------------


def _year_value(y: str) -> int:
    if y.isdigit():
        return int(y)
    return int("".join(str(_CN_YEAR_DIGITS[c]) for c in y))


def _governing_years(s: str, a: int, b: int) -> list[tuple[int, int]]:
    """Year phrases in ``s[a:b]`` that set the year of what follows: (position, year)."""
    out = []
    for m in _YEAR.finditer(s, a, b):
        st = m.start("y")
        if st > a and (s[st - 1].isdigit() or s[st - 1] in "—–-~～至"):
            if not m.group("lead"):
                continue
        nxt = s[m.end() : m.end() + 3]
        if re.match(r"\s*[\d一二三四五六七八九十]+\s*月", nxt) or nxt.startswith(V.NOT_GOAL_YEAR_AFTER):
            continue
        if re.match(r"\d{4}", nxt.lstrip("—–-~～至")) and nxt[:1] in "—–-~～至":
            continue
        bare_start = m.start() == a or s[m.start() - 1] in "，。；：！？ \n（、"
        if m.group("lead") in (None, "在", "于") and not m.group("tail") and not bare_start:
            if not _YEAR_PLAN.match(s, m.end()):  # 2023年培训计划: that year's plan
                continue
        if m.group("lead") in ("至",) and s[max(a, m.start() - 6) : m.start()].find("自") >= 0:
            continue
        if m.group("lead") in ("截至", "截止", "截止到"):  # a status date, not a goal year
            continue
        out.append((m.start(), _year_value(m.group("y"))))
    for m in _PLAN_END.finditer(s, a, b):
        out.append((m.start(), V.FIVE_YEAR_PLANS[m.group("plan")]))
    out.sort()
    return out


def _intro_year(folded: str, ls: int) -> int | None:
    """A year from a line introducing a list (到2025年，主要目标是：) above the list line at ``ls``."""
    if not _LIST_LINE.match(folded, ls):
        return None
    pos = ls
    for _ in range(30):
        if pos <= 0:
            return None
        prev_start = folded.rfind("\n", 0, pos - 1) + 1
        line = folded[prev_start : pos - 1]
        stripped = line.strip()
        if stripped.endswith(("：", ":")):
            years = _governing_years(folded, prev_start, pos - 1)
            return years[-1][1] if years else None
        if stripped and not _LIST_LINE.match(line):
            return None
        pos = prev_start
    return None


def _scope_year(folded: str, scopes: Sequence[tuple[int, int]], p: int, ls: int) -> int | None:
    """The year opening the innermost scope (an item) that holds ``p`` and starts before its line."""
    best: tuple[int, int] | None = None
    for a, b in scopes:
        if a <= p < b and a < ls and (best is None or a > best[0]):
            best = (a, b)
    if best is None:
        return None
    a = best[0]
    e = folded.find("\n", a)
    e = len(folded) if e == -1 else e
    years = _governing_years(folded, a, e)
    if not years and e < min(best[1], ls):
        # a heading line (（二）发展目标) and a paragraph opening with the year (到2025年，…)
        e2 = folded.find("\n", e + 1)
        e2 = len(folded) if e2 == -1 else e2
        years = [(p_, y) for p_, y in _governing_years(folded, e + 1, e2) if folded[e + 1 : p_].strip() == ""]
    return years[-1][1] if years else None


# --- background sections ---------------------------------------------------------------------------
# 一、发展基础 / 第一章 发展现状: figures there are what was reached, not goals.
# after a line break (a `^` with re.M is tried at every position: ten times slower)
_HEADING = re.compile(
    r"\n[ \u3000]*(?P<mark>第[一二三四五六七八九十]+章|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)"
)
_BACKGROUND = re.compile(
    rf"(?:[“\"]?十[一二三四五六]五[”\"]?(?:时期|期间)?)?(?:{_alt(V.BACKGROUND_HEADINGS)})"
)


def _background_ranges(folded: str) -> list[tuple[int, int]]:
    """Sections whose heading names the background (发展基础, 现状…): from the heading to the next
    heading of the same numbering style."""
    out: list[tuple[int, int]] = []
    heads = list(_HEADING.finditer("\n" + folded))  # offsets shifted by one: see `mark` below
    for k, h in enumerate(heads):
        le = folded.find("\n", h.end() - 1)
        title = folded[h.end() - 1 : len(folded) if le == -1 else le]
        if len(title) > 30 or not _BACKGROUND.match(title.strip()):
            continue
        style = _style(h.group("mark"))
        nxt = (n.start("mark") - 1 for n in heads[k + 1 :] if _style(n.group("mark")) == style)
        out.append((h.start("mark") - 1, next(nxt, len(folded))))
    return out


def _style(mark: str) -> str:
    return "章" if mark.startswith("第") else ("（" if mark.startswith("（") else "、")


# --- the public entry -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A quantity read and left out, with the reason (a key of `loaders.vocab.targets.LEFT_OUT`)."""

    span: Span
    reason: str


class Targets(list):
    """The targets found (a list of `Target`), with ``left_out``: the quantities considered and
    dropped, each with its reason (`loaders.extract.warnings.target_left_out` makes notes of them)."""

    def __init__(self, items: Iterable[Target] = ()) -> None:
        super().__init__(items)
        self.left_out: list[LeftOut] = []


def find_targets(
    text: str,
    folded: str,
    exclude: Sequence[tuple[int, int]] = (),
    scopes: Sequence[tuple[int, int]] = (),
) -> Targets:
    """Every numeric target in the text, with its year and nature where the text gives them.

    Parameters
    ----------
    text, folded : str
        The decoded text and its `loaders.read.normalize.fold` (same length).
    exclude : sequence of (start, end)
        Spans whose values are never targets (the responsibility clauses).
    scopes : sequence of (start, end)
        Items (or other blocks) whose opening line may hold the year that governs targets further
        down in them (`1.建设X。到2026年底，…` then a second paragraph). Optional: without it the year
        comes from the clause, the paragraph or an introducing line only.

    Returns
    -------
    Targets
        The targets in text order (a list), each once; its ``left_out`` holds every quantity read
        and left out, with the reason (a key of `loaders.vocab.targets.LEFT_OUT`).

    Examples
    --------
    >>> from loaders.read.normalize import fold
    >>> text = "到2027年，森林覆盖率由45%提高到50%以上。对新认定的企业给予最高50万元奖励。"
    >>> found = find_targets(text, fold(text))
    >>> [(t.indicator, t.value, t.unit, t.year, t.comparison, t.baseline) for t in found]
    [('森林覆盖率', 50.0, '%', 2027, 'at-least', 45.0)]
    >>> [(x.span.quote, x.reason) for x in found.left_out]
    [('50万元', 'ceiling')]
    """
    out = Targets()
    tables: list[tuple[int, int]] = []
    if "|" in folded or "\t" in text:
        for block in table_blocks(text, folded):
            tables.append((block[0].start, block[-1].end))
            out.extend(table_targets(text, folded, block, exclude))
    background = Spans(_background_ranges(folded))
    excluded = Spans(exclude)
    skip = Spans([*exclude, *tables])
    by_line: dict[int, list[_Q]] = {}
    quantities = list(_quantities(folded))
    starts = {q.start for q in quantities}
    quantities += [q for q in _time_limits(folded) if q.start not in starts]
    if "办结" in folded:
        limits = _quoted_limits(text, folded)
        out.extend(t for t in limits if t.span.start not in excluded)
    for q in sorted(quantities, key=lambda q: q.start):
        if q.start in skip:
            continue
        if q.start in background:
            out.left_out.append(LeftOut(Span(q.start, q.end, text[q.start : q.end]), "background"))
            continue
        ls = folded.rfind("\n", 0, q.start) + 1
        by_line.setdefault(ls, []).append(q)
    for ls, qs in by_line.items():
        le = folded.find("\n", ls)
        le = len(folded) if le == -1 else le
        out.extend(_line_targets(text, folded, ls, le, qs, scopes, out.left_out))
    out.sort(key=lambda t: t.span.start)
    annex = _ANNEX.search(folded)
    restating = [*tables, (annex.start(), len(folded))] if annex else tables
    out[:] = _once(folded, out, out.left_out, restating)
    out.left_out.sort(key=lambda x: x.span.start)
    return out


def _bigrams(s: str) -> set[str]:
    s = _NOT_NAME.sub("", s)
    return {s[i : i + 2] for i in range(len(s) - 1)} or {s}


_NOT_NAME = re.compile(r"[\s，。、；：,.;:（）()“”\"]|" + _alt(V.PERIOD_WORDS))


def same_indicator(a: str, b: str) -> bool:
    """Whether two indicators name the same thing: one holds the other, or most of their character
    pairs are shared once brackets and period words are set aside (the contract's matching).

    Examples
    --------
    >>> same_indicator("森林覆盖率", "全市森林覆盖率"), same_indicator("森林覆盖率", "草原覆盖率")
    (True, False)
    """
    if a in b or b in a:
        return True
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) >= 0.6 * (len(x) + len(y))


def _restates(folded: str, first: Target, t: Target) -> bool:
    return (
        first.value == t.value
        and first.unit == t.unit
        and first.year == t.year
        and "\n" in folded[first.span.end : t.span.start]
        and same_indicator(first.indicator, t.indicator)
    )


_ANNEX = re.compile(rf"\n[ \u3000]*(?:{_alt(V.ANNEX_HEADINGS)})")


def _once(
    folded: str, found: list[Target], left_out: list[LeftOut], restating: Sequence[tuple[int, int]]
) -> list[Target]:
    """Each target once: a repeat in a table or an annex (``restating``) of a target stated before
    (same value, unit and year, an indicator naming the same thing) is left out, its nature and
    baseline kept on the first."""
    out: list[Target] = []
    for t in found:
        k = None
        if any(a <= t.span.start < b for a, b in restating):
            k = next((i for i, o in enumerate(out) if _restates(folded, o, t)), None)
        if k is None:
            out.append(t)
            continue
        o = out[k]
        out[k] = replace(
            o,
            nature=o.nature or t.nature,
            comparison=o.comparison or t.comparison,
            baseline=o.baseline if o.baseline is not None else t.baseline,
            baseline_year=o.baseline_year if o.baseline is not None else t.baseline_year,
        )
        left_out.append(LeftOut(t.span, "repeat"))
    return out


def _line_targets(
    text: str,
    folded: str,
    ls: int,
    le: int,
    qs: list[_Q],
    scopes: Sequence[tuple[int, int]],
    left_out: list[LeftOut],
) -> list[Target]:
    s = folded[ls:le]
    br = _Brackets(s)
    local = [_Q(q.start - ls, q.end - ls, q.value_end - ls, q.value, q.unit, q.limit) for q in qs]
    dropped: list[tuple[_Q, str]] = [(q, "quoted") for q in local if br.in_quotes(q.start)]
    local = [q for q in local if not br.in_quotes(q.start)]
    clauses: dict[tuple[int, int], list[_Q]] = {}
    for q in local:
        clauses.setdefault(br.clause(q.start), []).append(q)
    found: list[tuple[_Found, list[str]]] = []
    line_prev: _Found | None = None
    for (cs, ce), cqs in sorted(clauses.items()):
        got = _clause_targets(s, br, cs, ce, cqs, line_prev, dropped)
        if got:
            line_prev = got[-1][0]
            found.extend(got)
    for q, why in dropped:
        a, b = ls + q.start, ls + q.end
        left_out.append(LeftOut(Span(a, b, text[a:b]), why))
    if not found:
        return []
    found.sort(key=lambda fi: fi[0].q.start)
    years = _governing_years(s, 0, len(s))
    bare = {m.start() for m in _YEAR.finditer(s) if not m.group("lead") and not m.group("tail")}
    fallback: int | None | bool = False
    natures = list(_NATURE.finditer(s))
    out: list[Target] = []
    for idx, (f, indicators) in enumerate(found):
        # a bare year (2023年，…) governs its sentence; 到2025年 / 2025年底前 the whole paragraph
        before = [y for p, y in years if p < f.q.start and (p not in bare or "。" not in s[p : f.q.start])]
        year = before[-1] if before else None
        sentence = max(s.rfind("。", 0, f.q.start), s.rfind("；", 0, f.q.start)) + 1
        if year is not None and _SPAN_OF_YEARS.search(s, sentence, f.q.start):
            if not any(sentence <= p < f.q.start for p, _ in years):
                year = None  # 利用3-5年时间，力争培训1000名: a span of years, not the paragraph's year
        if year is None:
            if fallback is False:
                fallback = _intro_year(folded, ls)
            year = fallback if fallback is not False else None
            if year is None and scopes:
                year = _scope_year(folded, scopes, ls + f.start, ls)
        nature = None
        next_end = found[idx + 1][0].end if idx + 1 < len(found) else len(s) + 1
        for n in natures:
            if n.start() < f.end:
                continue
            collective = any(w in n.group() for w in V.COLLECTIVE_NATURE)
            if collective or n.start() < next_end:
                nature = n.group("nature")
            break
        a, b = ls + f.start, ls + f.end
        span = Span(a, b, text[a:b])
        also = _also_years(s, years, f.q.start) if year is not None else []
        for y in also:  # 力争2024年和2025年每年改造2.5万户: one target per year
            for ind in indicators:
                out.append(
                    Target(ind, f.q.value, f.q.unit, y, nature, span, f.kind, f.comparison, f.baseline)
                )
        for ind in indicators:
            out.append(Target(ind, f.q.value, f.q.unit, year, nature, span, f.kind, f.comparison, f.baseline))
    return out


def _also_years(s: str, years: list[tuple[int, int]], p: int) -> list[int]:
    """The years joined to the one governing ``p`` (2024年和2025年 → [2025])."""
    before = [pos for pos, _ in years if pos < p]
    if not before:
        return []
    m = _YEAR.match(s, before[-1])
    out = []
    while m is not None:
        m = _AND_YEAR.match(s, m.end())
        if m is not None and m.end() <= p:
            out.append(int(m.group("y")))
    return out


def find_goals(text: str, folded: str, ranges: list[tuple[int, int]]) -> list[Goal]:
    """Paragraphs opening with 到20XX年 inside ``ranges`` (the goal sections), one goal each."""
    goals: list[Goal] = []
    for a, b in ranges:
        for line in re.finditer(r"[^\n]+", folded[a:b]):
            s = a + line.start()
            stripped = line.group().lstrip()
            m = re.match(r"(?:到|至|力争到|预计到)\s*(20\d\d)\s*年", stripped)
            if m:
                e = a + line.end()
                goals.append(Goal(int(m.group(1)), Span(s, e, text[s:e])))
    return goals


def find_citations(text: str, folded: str) -> list[Citation]:
    """Documents cited by title: every 《…》, in order of appearance."""
    return [
        Citation(
            # The title as written (the fold maps 〈〉 inside titles to （）).
            f"《{''.join(text[m.start('title') : m.end('title')].split())}》",
            Span(m.start(), m.end(), text[m.start() : m.end()]),
        )
        for m in _CITE.finditer(folded)
    ]
