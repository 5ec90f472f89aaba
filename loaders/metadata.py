"""Document metadata: title, issuer, document number (国发〔2019〕3号) and date."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

__all__ = ["Jurisdiction", "find_title", "find_issuer", "find_document_number", "find_date"]

_TITLE_END = re.compile(
    r"(?:方案|规划|意见|办法|通知|纲要|计划|措施|细则|条例|决定|要点|规定|指南|行动|政策|若干措施|实施意见|工作方案)$"
)
_DOC_NO = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[【（(]\s*(?:19|20)\d\d\s*[〕\]】）)]\s*\d{1,4}\s*号")
_DATE = re.compile(r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_CN_DATE = re.compile(r"(?P<y>[〇一二三四五六七八九零]{4})年(?P<m>[一二三四五六七八九十]{1,2})月(?P<d>[一二三四五六七八九十]{1,3})日")
_SELF = {"区": "我区", "县": "我县", "市": "我市", "省": "我省", "州": "我州", "旗": "我旗"}
# Two-character words before 区/县/市 that are not place names.
_NOT_PLACE = {"园区", "社区", "城区", "辖区", "地区", "景区", "开区", "新区", "强区", "范区", "验区", "能区", "片区",
              "市区", "本区", "全区", "各区", "我区", "该区", "湾区", "港区", "街区", "校区", "山区", "库区", "矿区",
              "牧区", "集聚区", "城市", "都市", "超市", "上市", "全市", "我市", "本市", "各市", "该市", "强市", "城县",
              "全县", "我县", "本县", "各县", "郡县", "市场", "示范区", "试验区", "保护区", "功能区", "开发区", "高新区",
              "经开区", "示区", "治区", "聚区", "护区", "发区", "新市", "门市", "夜市", "股市", "楼市", "县市"}


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """Where the issuer governs: e.g. province 重庆市? city 重庆市, county-level 长寿区."""

    name: str  # full name, e.g. 重庆市长寿区
    level: str  # "区" | "县" | "市" | "省" …
    local: str  # the unit itself, e.g. 长寿区
    short: str  # without its level suffix, e.g. 长寿
    parent: str | None = None  # e.g. 重庆市


def find_title(lines: list[str]) -> str | None:
    """The first short line, before any numbered heading, that ends like a document title."""
    for line in lines[:8]:
        s = "".join(line.split())
        if not s:
            continue
        if re.match(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、])", s):
            break
        if len(s) <= 80 and "。" not in s and _TITLE_END.search(s.rstrip("》")):
            return s.strip("《》")
    return None


def find_issuer(folded: str) -> tuple[str | None, Jurisdiction | None]:
    """The issuing government, from an explicit 人民政府 line or from self-reference (我区 + 长寿区)."""
    head = folded[:600]
    m = re.search(r"^\s*([\u4e00-\u9fff]{2,20}(?:人民政府(?:办公室|办公厅)?|委员会|局|厅))\s*$", head, re.M)
    explicit = "".join(m.group(1).split()) if m else None
    counts: Counter[str] = Counter()
    for level, self_ref in _SELF.items():
        n = folded.count(self_ref)
        if n:
            counts[level] += n
    level = counts.most_common(1)[0][0] if counts else None
    jur = None
    if level is not None:
        places: Counter[tuple[str | None, str]] = Counter()
        for pm in re.finditer(rf"(?:([\u4e00-\u9fff]{{2,4}}?[省市]))?([\u4e00-\u9fff]{{2,3}}?){level}", folded):
            short = pm.group(2)
            local = short + level
            if local in _NOT_PLACE or short + level in folded[:0] or any(local.endswith(x) for x in _NOT_PLACE):
                continue
            if short[-1] in "各全本我该新强园社城辖地景开片湾港街校山库矿牧":
                continue
            places[(pm.group(1), local)] += 1
        totals: Counter[str] = Counter()
        parents: dict[str, str] = {}
        for (parent, local), n in places.items():
            totals[local] += n
            if parent:
                parents[local] = parent
        candidates = [(n, local) for local, n in totals.items() if n >= 2 or local in parents]
        if candidates:
            _, local = max(candidates)
            parent = parents.get(local)
            jur = Jurisdiction(f"{parent or ''}{local}", level, local, local[: -len(level)], parent)
    if explicit:
        return explicit, jur
    return (jur.name if jur else None), jur


def find_document_number(folded: str) -> str | None:
    m = _DOC_NO.search(folded[:2000])
    return "".join(m.group().split()) if m else None


def find_date(folded: str) -> str | None:
    """The signing date: a date alone on a line near the end (or the start) of the text."""
    lines = [ln.strip() for ln in folded.splitlines() if ln.strip()]
    for line in lines[-6:][::-1] + lines[:6]:
        m = _DATE.fullmatch(line) or _DATE.match(line)
        if m and len(line) <= 16:
            return f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"
        c = _CN_DATE.fullmatch(line)
        if c:
            from .normalize import cn_to_int
            y = int("".join(str("〇一二三四五六七八九".index(ch) if ch in "〇一二三四五六七八九" else 0) for ch in c["y"]))
            return f"{y:04d}-{cn_to_int(c['m']):02d}-{cn_to_int(c['d']):02d}"
    return None
