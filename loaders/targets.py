"""Numeric targets (每万人口发明专利拥有量20件 by 2025), goal years and cited documents."""

from __future__ import annotations

import re

from .records import Citation, Goal, Span, Target

__all__ = ["find_targets", "find_goals", "find_citations"]

_UNITS = (
    "个百分点",
    "万件",
    "万个",
    "万家",
    "万人次",
    "万人",
    "万元",
    "亿元",
    "万亩",
    "千瓦",
    "件",
    "个",
    "家",
    "项",
    "%",
    "人次",
    "人",
    "所",
    "次",
    "座",
    "条",
    "名",
    "户",
    "元",
    "天",
    "小时",
    "倍",
    "亩",
    "吨",
    "套",
    "部",
    "篇",
    "场",
    "期",
)
_VERBS = (
    "力争达到",
    "力争",
    "达到",
    "达",
    "超过",
    "突破",
    "提高到",
    "提升到",
    "提高至",
    "提升至",
    "增加到",
    "增加至",
    "增长到",
    "增长至",
    "保持在",
    "稳定在",
    "不低于",
    "不少于",
    "控制在",
    "年均增长",
    "增长",
    "提高",
    "提升",
    "增加",
    "累计",
    "新增",
    "实现",
)
_UNIT = "(?:" + "|".join(map(re.escape, _UNITS)) + ")"
_VERB = "(?:" + "|".join(_VERBS) + ")?"
_TARGET = re.compile(rf"(?P<verb>{_VERB})\s*(?P<value>\d+(?:[.,]\d+)?)\s*(?P<unit>{_UNIT})(?:以上|左右)?")
# A value followed by a unit: the part of `_TARGET` every target has. Lines without one are skipped
# before `_TARGET` runs (its optional leading verb makes it try every position of every line).
_VALUE_UNIT = re.compile(rf"\d+(?:[.,]\d+)?\s*{_UNIT}")
_MEASURE_END = re.compile(
    r"(?:量|率|数|数量|比重|比例|占比|指数|规模|总额|收入|产值|金额|总量|满意度|密度|贡献度|覆盖面|投入|强度|额|值|人数|件数|个数|家数)$"
)
_YEAR = re.compile(r"(?:到|至|截至|截止|力争到|预计到)?\s*(?P<year>20\d\d|19\d\d)\s*年(?:底|末)?")
_NATURE = re.compile(r"（[^（）]*?(?P<nature>预期性|约束性)[^（）]*?）")
_CITE = re.compile(r"《(?P<title>[^《》\n]{1,120})》")
_BOUNDARY = "，。；：、！？\n（）"


def _indicator(folded: str, line_start: int, pos: int) -> tuple[int, str] | None:
    """The indicator before a value: from the last boundary to ``pos``, ending in a measure word."""
    a = pos
    while a > line_start and folded[a - 1] not in _BOUNDARY:
        a -= 1
    raw = folded[a:pos]
    # Drop a leading year phrase (到2025年) left inside the clause.
    m = re.match(r"\s*(?:到|至|力争到)?\s*20\d\d\s*年(?:底|末)?", raw)
    if m:
        a += m.end()
        raw = folded[a:pos]
    name = "".join(raw.split())
    if len(name) < 2 or not _MEASURE_END.search(name):
        return None
    return a, name


def find_targets(text: str, folded: str, exclude: list[tuple[int, int]] = ()) -> list[Target]:
    """Every numeric target in the text, with its year and nature where the text gives them."""
    out: list[Target] = []
    line_starts: dict[int, int] = {}  # lines holding a value with a unit: start → end
    for hit in _VALUE_UNIT.finditer(folded):
        ls = folded.rfind("\n", 0, hit.start()) + 1
        if ls not in line_starts:
            le = folded.find("\n", hit.end())
            line_starts[ls] = len(folded) if le == -1 else le
    for ls, le in line_starts.items():
        found: list[tuple[int, Target]] = []
        for m in _TARGET.finditer(folded, ls, le):
            if any(a <= m.start() < b for a, b in exclude):
                continue
            if folded[m.end() : m.end() + 1] == "年":
                continue
            verb_start = m.start("verb") if m.group("verb") else m.start("value")
            ind = _indicator(folded, ls, verb_start)
            if ind is None:
                continue
            a, name = ind
            years = [y for y in _YEAR.finditer(folded, ls, a + 1)]
            year = int(years[-1].group("year")) if years else None
            value = float(m.group("value").replace(",", ""))
            span = Span(a, m.end(), text[a : m.end()])
            found.append((m.end(), Target(name, value, m.group("unit"), year, None, span)))
        if not found:
            continue
        natures = list(_NATURE.finditer(folded, ls, le))
        resolved: list[Target] = []
        for idx, (t_end, t) in enumerate(found):
            nature = None
            for n in natures:
                if n.start() < t_end:
                    continue
                body = n.group()
                collective = any(w in body for w in ("上述", "以上", "均为", "均属", "各项"))
                next_end = found[idx + 1][0] if idx + 1 < len(found) else le + 1
                if collective or n.start() < next_end:
                    nature = n.group("nature")
                break
            resolved.append(Target(t.indicator, t.value, t.unit, t.year, nature, t.span))
        out.extend(resolved)
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
            f"《{''.join(m.group('title').split())}》", Span(m.start(), m.end(), text[m.start() : m.end()])
        )
        for m in _CITE.finditer(folded)
    ]
