"""Document metadata: title, issuer, document number (国发〔2019〕3号) and date."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from loaders.vocab.places import is_place, unique_parent
from loaders.vocab.relations import (
    FIVE_YEAR_PLANS,
    PERIOD_BODY_REACH,
    PERIOD_NAME_FOLLOWERS,
    QUOTED_ONLY_NAMES,
    SINGLE_YEAR_NOT_AFTER,
    SINGLE_YEAR_NOT_BEFORE,
    YEAR_RANGE_DASHES,
)

__all__ = ["Jurisdiction", "find_title", "find_issuer", "find_document_number", "find_date", "find_period"]

_TITLE_END = re.compile(
    r"(?:方案|规划|意见|办法|通知|纲要|计划|措施|细则|条例|决定|要点|规定|指南|行动|政策|若干措施|实施意见|工作方案)$"
)
# 渝长府办发〔2021〕12号: the issuer's short code, the year in brackets and a serial number. Found from
# the bracketed year (a leading [\u4e00-\u9fff]{1,10} would make the engine try every position).
_DOC_NO_TAIL = re.compile(r"[〔\[【（(]\s*(?:19|20)\d\d\s*[〕\]】）)]\s*\d{1,4}\s*号")
_CJK_BEFORE = re.compile(r"[\u4e00-\u9fff]{1,10}$")
_DATE = re.compile(r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_CN_DATE = re.compile(
    r"(?P<y>[〇一二三四五六七八九零]{4})年(?P<m>[一二三四五六七八九十]{1,2})月(?P<d>[一二三四五六七八九十]{1,3})日"
)
_SELF = {"区": "我区", "县": "我县", "市": "我市", "省": "我省", "州": "我州", "旗": "我旗"}
# Two-character words before 区/县/市 that are not place names.
_GENERIC_END = {
    "园区",
    "开区",
    "社区",
    "景区",
    "城区",
    "辖区",
    "地区",
    "校区",
    "街区",
    "片区",
    "能区",
    "范区",
    "验区",
}
_NOT_PLACE = {
    "园区",
    "社区",
    "城区",
    "辖区",
    "地区",
    "景区",
    "开区",
    "新区",
    "强区",
    "范区",
    "验区",
    "能区",
    "片区",
    "市区",
    "本区",
    "全区",
    "各区",
    "我区",
    "该区",
    "湾区",
    "港区",
    "街区",
    "校区",
    "山区",
    "库区",
    "矿区",
    "牧区",
    "集聚区",
    "城市",
    "都市",
    "超市",
    "上市",
    "全市",
    "我市",
    "本市",
    "各市",
    "该市",
    "强市",
    "城县",
    "全县",
    "我县",
    "本县",
    "各县",
    "郡县",
    "市场",
    "示范区",
    "试验区",
    "保护区",
    "功能区",
    "开发区",
    "高新区",
    "经开区",
    "示区",
    "治区",
    "聚区",
    "护区",
    "发区",
    "新市",
    "门市",
    "夜市",
    "股市",
    "楼市",
    "县市",
}


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """Where the issuer governs: e.g. province 重庆市? city 重庆市, county-level 长寿区."""

    name: str  # full name, e.g. 重庆市长寿区
    level: str  # "区" | "县" | "市" | "省" …
    local: str  # the unit itself, e.g. 长寿区
    short: str  # without its level suffix, e.g. 长寿
    parent: str | None = None  # e.g. 重庆市


_ISSUING_BODY = re.compile(
    r"^(?:中共)?(?P<parent>[\u4e00-\u9fff]{2,4}?[省市])?(?P<local>[\u4e00-\u9fff]{2,4}?(?P<lvl>[区县市省]))"
    r"(?:人民政府|委员会|党委)"
)
# 南充市人民政府办公室关于印发《X》的通知 / 关于印发X的通知: the notice carries the plan X.
_NOTICE = re.compile(r"^(?:\S{0,40}?)关于(?:印发|转发|下发)《?(?P<title>.+?)》?的通知$")
# A trailing bracket that qualifies a title: （2024—2026年）, （试行）, （征求意见稿）.
_TITLE_QUALIFIER = re.compile(r"[（(][^（）()]{1,20}[）)]$")


def find_title(lines: list[str]) -> str | None:
    """The first short line, before any numbered heading, that ends like a document title.

    A covering notice (关于印发《X》的通知) gives way to the plan it carries: the title is X.
    """
    for line in lines[:12]:
        s = "".join(line.split())
        notice = _NOTICE.match(s)
        if notice:
            return notice.group("title")
        if not s:
            continue
        if re.match(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、])", s):
            break
        core = _TITLE_QUALIFIER.sub("", s.strip("《》"))
        if len(s) <= 80 and "。" not in s and _TITLE_END.search(core):
            return s.strip("《》")
    return None


def find_issuer(folded: str) -> tuple[str | None, Jurisdiction | None]:
    """The issuing government and where it governs.

    In order of trust: an issuing body on a line of its own (``郑州市人民政府办公室``), the place a
    title or covering notice opens with (``罗湖区支持…``, ``南充市人民政府办公室关于印发…``), and only
    then self-reference (我区 + the most frequent ``XX区``), which can mistake a phrase for a place.

    Examples
    --------
    >>> find_issuer("郑州市人民政府办公室\\n依托市场机制，依托市属企业。依托市场力量。")[1].local
    '郑州市'
    """
    head = folded[:600]
    m = re.search(r"^\s*([\u4e00-\u9fff]{2,20}(?:人民政府(?:办公室|办公厅)?|委员会|局|厅))\s*$", head, re.M)
    explicit = "".join(m.group(1).split()) if m else None
    if explicit is None or _body_place(explicit) is None:
        # The signature at the end: 杭州市上城区人民政府办公室 / …办公室2026年3月17日发布。
        for line in folded.splitlines()[-6:][::-1]:
            s = _SIGNATURE.match("".join(line.split()))
            if s and _body_place(s["body"]) is not None:
                explicit = s["body"]
                break
    jur = _body_place(explicit) if explicit else None
    if jur is None:
        jur = _title_place(folded)
    if jur is None:
        counts: Counter[str] = Counter()
        for level, self_ref in _SELF.items():
            n = folded.count(self_ref)
            if n:
                counts[level] += n
        level = counts.most_common(1)[0][0] if counts else None
        if level is not None:
            jur = _place(folded, level)
    if explicit:
        return explicit, jur
    return (jur.name if jur else None), jur


def _body_place(body: str) -> Jurisdiction | None:
    """Where an issuing body (重庆市长寿区人民政府) governs, from its name."""
    m = _ISSUING_BODY.match(body)
    if not m:
        return None
    local, lvl, parent = m.group("local"), m.group("lvl"), m.group("parent")
    return Jurisdiction(f"{parent or ''}{local}", lvl, local, local[:-1], parent)


# A title or notice that opens with its place: 罗湖区支持…, 南充市人民政府办公室关于…, 重庆市长寿区…
_TITLE_PLACE = re.compile(
    r"^(?:中共)?(?P<parent>[\u4e00-\u9fff]{2,4}?[省市])?(?P<local>[\u4e00-\u9fff]{2,4}?(?P<lvl>[省市区县州旗盟]))"
)
# An issuing body signing the text at its end, with the date on the same line or not.
_SIGNATURE = re.compile(
    r"^(?P<body>[\u4e00-\u9fff]{2,20}?(?:人民政府(?:办公室|办公厅)?))"
    r"(?:(?:19|20)\d\d年\d{1,2}月\d{1,2}日)?(?:印发|发布)?[。.]?$"
)


def _title_place(folded: str) -> Jurisdiction | None:
    for line in folded.splitlines()[:6]:
        s = "".join(line.split())
        if not s:
            continue
        m = _TITLE_PLACE.match(s)
        if not m:
            continue
        local, lvl, parent = m.group("local"), m.group("lvl"), m.group("parent")
        # A division's name is a place even when it ends like an ordinary word (上城区, 阿勒泰地区).
        known = is_place(local) and local not in _NOT_PLACE
        generic = local in _NOT_PLACE or local[-2:] in _GENERIC_END or local[0] in "各全本我该关为对"
        if generic and not known:
            continue
        if parent and (parent in _NOT_PLACE or parent[0] in "各全本我该关为对"):
            continue
        if parent is None and lvl in "区县":
            # The parent city, where the text names it with this place (杭州市上城区).
            before = _names_before(folded, "市" + local)
            parent = Counter(b + "市" for b in before).most_common(1)[0][0] if before else None
        if parent is None and known:
            parent = unique_parent(local)  # 上城区 → 杭州市, when no other division has the name
        level = "地" if local.endswith("地区") else lvl  # 地区 scopes 地区X局 and 地委
        short = local[: -len(_LEVEL_SUFFIX.get(level, lvl))]
        return Jurisdiction(f"{parent or ''}{local}", level, local, short, parent)
    return None


# The suffix a level takes in a place name, where it is not the level character itself.
_LEVEL_SUFFIX = {"地": "地区"}


def _place(folded: str, level: str) -> Jurisdiction | None:
    """The unit the document calls 我区/我市…: the most frequent ``XX区`` name, with its parent ``YY市``.

    Chinese has no word boundaries, so every 2- and 3-character name before the level character is a
    candidate, scored by how often it occurs; names that are ordinary words (园区, 新区 …) are refused.
    """
    scores: Counter[str] = Counter()
    # Candidates come from the head of the text (title, preamble), counts from all of it.
    head = folded[:6000]
    refused: set[str] = set()
    for m in re.finditer(rf"([\u4e00-\u9fff]{{1,4}}){level}", head):
        before = m.group(1)
        for n in (2, 3):
            if len(before) < n:
                continue
            name = before[-n:] + level
            if name in scores or name in refused:  # names repeat (区市场监管局 …): judge each once
                continue
            refused.add(name)
            if (
                name in _NOT_PLACE
                or name[-3:] in _NOT_PLACE
                or name[-2:] in _GENERIC_END
                or any(c in name[:-1] for c in "省市县区州镇乡")
            ):
                continue
            if name[0] in "各全本我该强在为将对把和与及的是了推进入动" or name[-2] in "本我该全各":
                continue  # …在本县: a phrase ending in a self-reference, not a place
            refused.discard(name)
            scores[name] = folded.count(name)
    if not scores:
        return None
    # Most frequent; on a tie the longer name (坪坝区 only ever occurs inside 沙坪坝区).
    best = max(scores.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))
    if best[1] < 2:
        # Named once: trusted only when it is the one division among the candidates (淄博市 in a text
        # that otherwise says 我市).
        known = [name for name in scores if is_place(name)]
        if len(known) != 1:
            return None
        best = (known[0], scores[known[0]])
    local = best[0]
    parents: Counter[str] = Counter()
    upper = {"区": "市", "县": "市", "市": "省", "省": ""}.get(level, "")
    if upper:
        for before in _names_before(folded, upper + local):
            for n in (2, 3):
                if len(before) >= n:
                    cand = before[-n:] + upper
                    parents[cand] = folded.count(cand) * 10 - n  # frequent, then shorter
    parent = max(parents.items(), key=lambda kv: (kv[1], kv[0]))[0] if parents else unique_parent(local)
    return Jurisdiction(f"{parent or ''}{local}", level, local, local[: -len(level)], parent)


def _names_before(folded: str, literal: str) -> list[str]:
    """The groups of ``re.finditer(r"([\u4e00-\u9fff]{2,3})" + literal, folded)``, found from the
    occurrences of ``literal`` so that the engine does not try every position of the text.

    Examples
    --------
    >>> _names_before("重庆市长寿区，长寿区", "市长寿区")
    ['重庆']
    """

    def cjk(i: int) -> bool:
        return "\u4e00" <= folded[i] <= "\u9fff"

    out: list[str] = []
    prev_end = 0  # matches do not overlap
    k = folded.find(literal)
    while k != -1:
        if k - 2 >= prev_end and cjk(k - 2) and cjk(k - 1):
            # The leftmost start, then the greedy (longest) group that the literal follows.
            s = k - 3 if k - 3 >= prev_end and cjk(k - 3) else k - 2
            g = 3 if s == k - 3 or (cjk(k) and folded.startswith(literal, k + 1)) else 2
            out.append(folded[s : s + g])
            prev_end = s + g + len(literal)
            k = folded.find(literal, prev_end)
        else:
            k = folded.find(literal, k + 1)
    return out


def find_document_number(folded: str) -> str | None:
    head = folded[:2000]
    for m in _DOC_NO_TAIL.finditer(head):
        code = _CJK_BEFORE.search(head, max(0, m.start() - 10), m.start())
        if code:
            return "".join(head[code.start() : m.end()].split())
    return None


# The issuer and date on one closing line: 杭州市上城区人民政府办公室2026年3月17日发布。
_SIGNED_LINE = re.compile(r"[^。；，]{0,40}?" + _DATE.pattern + r"\s*(?:发布|印发|制定|起草)?[。.]?")


def find_date(folded: str) -> str | None:
    """The signing date (落款): a date alone on a line near the end (or the head) of the text, or
    closing a short signature line (``杭州市上城区人民政府办公室2026年3月17日发布。``).

    Examples
    --------
    >>> find_date("正文。\\n罗湖区科技和工业信息化局2026年4月24日发布。")
    '2026-04-24'
    >>> find_date("正文，自2026年7月31日起施行。") is None
    True
    """
    lines = [ln.strip() for ln in folded.splitlines() if ln.strip()]
    for line in lines[-6:][::-1] + lines[:12]:
        m = _DATE.fullmatch(line) or _DATE.match(line)
        if m and len(line) <= 16:
            return f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"
        m = _SIGNED_LINE.fullmatch(line) if line in lines[-3:] else None
        if m:
            return f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"
        c = _CN_DATE.fullmatch(line)
        if c:
            from loaders.read.normalize import cn_to_int

            digits = "〇一二三四五六七八九"
            y = int("".join(str(digits.index(ch) if ch in digits else 0) for ch in c["y"]))
            return f"{y:04d}-{cn_to_int(c['m']):02d}-{cn_to_int(c['d']):02d}"
    return None


_PERIOD_NAMES = "|".join(sorted(map(re.escape, FIVE_YEAR_PLANS), key=len, reverse=True))
# 2024—2026年 / 2021-2025年, or a Five-Year-Plan name, quoted (“十四五”) or not.
_PERIOD = re.compile(
    rf"(?P<a>(?:19|20)\d\d)\s*年?\s*[{re.escape(YEAR_RANGE_DASHES)}]\s*(?P<b>(?:19|20)\d\d)\s*年"
    rf"|(?P<q>[“\"‘'])?(?<![一二三四五六七八九十])(?P<name>{_PERIOD_NAMES})(?(q)[”\"’'])"
)


def _periods(text: str, *, in_title: bool) -> list[tuple[int, tuple[int, int], str | None]]:
    """Every statement of a period in ``text``: (offset, (first, last), Five-Year-Plan name or None).

    Ranges inside 《》 are another document's period and are skipped. A Five-Year-Plan name counts
    in a title when quoted or at least three characters long (十四五, not 十五 of 十五条措施); in the
    body only when followed by 时期 / 期间 / 规划期 (“十四五”时期), the short names only when quoted.
    """
    out: list[tuple[int, tuple[int, int], str | None]] = []
    in_cited = _in_cited_title(text) if not in_title else None
    for m in _PERIOD.finditer(text):
        if in_cited is not None and in_cited(m.start()):
            continue
        if m["a"]:
            a, b = int(m["a"]), int(m["b"])
            if a <= b <= a + 30:
                out.append((m.start(), (a, b), None))
            continue
        name, quoted = m["name"], bool(m["q"])
        if name in QUOTED_ONLY_NAMES and not quoted:
            continue
        if not in_title and not text.startswith(PERIOD_NAME_FOLLOWERS, m.end()):
            continue
        out.append((m.start(), FIVE_YEAR_PLANS[name], name))
    return out


def _in_cited_title(text: str) -> Callable[[int], bool]:
    """A test ``inside(offset)``: is the offset inside a 《…》 title?"""
    opens = [m.start() for m in re.finditer("《", text)]
    spans = []
    for o in opens:
        c = text.find("》", o)
        if c != -1:
            spans.append((o, c))
    return lambda k: any(a < k < b for a, b in spans)


def find_period(title: str | None, folded: str) -> tuple[tuple[int, int] | None, str | None]:
    """The plan period (first year, last year) and its Five-Year-Plan name, if the text gives one.

    From the title first (``（2024—2026年）``, ``“十四五”``), else from the first statement of the
    period in the opening of the body (outside 《》: a cited plan's period is not this one's). The
    names and years live in `loaders.vocab.relations.FIVE_YEAR_PLANS`.

    Examples
    --------
    >>> find_period("深圳市低空基础设施高质量建设方案（2024—2026年）", "")
    ((2024, 2026), None)
    >>> find_period("长寿区“十四五”知识产权规划", "")
    ((2021, 2025), '十四五')
    >>> find_period("某区方案", "为落实《某市规划（2021-2025年）》，“十三五”时期我区……")
    ((2016, 2020), '十三五')
    >>> find_period("阿勒泰地区促进房地产市场平稳健康发展十五条具体措施", "")
    (None, None)
    >>> find_period("长寿区2024年知识产权工作要点", ""), find_period("到2025年行动方案", "")
    (((2024, 2024), None), (None, None))
    """
    found = _periods(title or "", in_title=True)
    if found:
        return found[0][1], found[0][2]
    year = _single_year(title or "")
    if year is not None:
        return (year, year), None
    found = _periods(folded[:PERIOD_BODY_REACH], in_title=False)
    if found:
        return found[0][1], found[0][2]
    return None, None


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年度?")


def _single_year(title: str) -> int | None:
    """The one year a title names as its plan's (长寿区2024年知识产权工作要点), not a deadline or a date."""
    years = []
    for m in _YEAR.finditer(title):
        before, after = title[: m.start()].rstrip(), title[m.end() :].lstrip()
        if before.endswith(SINGLE_YEAR_NOT_AFTER) or after.startswith(SINGLE_YEAR_NOT_BEFORE):
            continue
        if re.match(r"\d", after):
            continue
        years.append(int(m.group(1)))
    return years[0] if len(set(years)) == 1 else None
