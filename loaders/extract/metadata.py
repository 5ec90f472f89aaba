"""Document metadata: title, plan title, issuer, document number (国发〔2019〕3号), date, place and period.

`read_metadata` reads them all from a text; `parse_text` calls the parts (`find_title`, `find_issuer`,
`find_document_number`, `find_date`, `find_period`). The words they read are data in
`loaders.vocab.metadata` (title endings, issuing bodies, 文号 prefixes) and the division names in
`loaders.vocab.places` (GB/T 2260): a place is only ever a division the table knows, so a phrase that
merely contains a level word (``5年内市、区两级``) is never a city.

Where a document is from, in order of trust: a national issuer or 文号 (国务院, 国发); the issuer's name
(``杭州市上城区人民政府办公室``: 杭州市 › 上城区); the 文号's prefix (``黔府办发`` 贵州省, ``穗卫函`` 广州市);
the division a title opens with (``罗湖区支持…``); and only then the text: the level its self-references
name (我市, 全省, 本县) and the division of that level it names most often (its full or short name).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import islice

from loaders.vocab import punctuation as P
from loaders.vocab.metadata import (
    ATTACHMENT_LINE,
    BODY_ENDS,
    DOC_NUMBER_PLACES,
    DRAFT_NOTES,
    FIELD_LABELS,
    NATION,
    NATIONAL_ISSUERS,
    NOTICE_VERBS,
    PERIOD_FROM_YEAR,
    SELF_REFERENCES,
    TITLE_ENDS,
)
from loaders.vocab.places import leading_divisions, places, unique_parent
from loaders.vocab.relations import (
    FIVE_YEAR_PLANS,
    PERIOD_BODY_REACH,
    PERIOD_NAME_FOLLOWERS,
    QUOTED_ONLY_NAMES,
    SINGLE_YEAR_NOT_AFTER,
    SINGLE_YEAR_NOT_BEFORE,
    YEAR_RANGE_DASHES,
)

__all__ = [
    "Jurisdiction",
    "Metadata",
    "NATIONAL",
    "read_metadata",
    "find_title",
    "find_titles",
    "find_issuer",
    "find_issuers",
    "find_jurisdiction",
    "find_document_number",
    "find_date",
    "find_period",
    "jurisdiction_of",
]

_TITLE_END = re.compile("(?:" + "|".join(sorted(map(re.escape, TITLE_ENDS), key=len, reverse=True)) + ")$")
# 渝长府办发〔2021〕12号: the issuer's short code, the year in brackets and a serial number. Found from
# the bracketed year (a leading [\u4e00-\u9fff]{1,10} would make the engine try every position).
_DOC_NO_TAIL = re.compile(r"[〔\[【（(]\s*(?:19|20)\d\d\s*[〕\]】）)]\s*\d{1,4}\s*号")
_CJK_BEFORE = re.compile(r"[\u4e00-\u9fff]{1,10}$")
_DOC_NO_LINE = re.compile(
    r"[（(]?(?P<no>[\u4e00-\u9fff]{1,10}[〔\[【（(](?:19|20)\d\d[〕\]】）)]\d{1,4}号)[）)]?"
)
_DATE = re.compile(r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_CN_DATE = re.compile(
    r"(?P<y>[〇一二三四五六七八九零]{4})年(?P<m>[一二三四五六七八九十]{1,2})月(?P<d>[一二三四五六七八九十]{1,3})日"
)
_CN_NUM = "[一二三四五六七八九十]+"
_HEADING = re.compile(rf"^(?:{_CN_NUM}、|（{_CN_NUM}）|\d+[.．、]|第{_CN_NUM}条)")
_NOTICE = re.compile(
    rf"^(?P<issuer>\S{{0,40}}?)关于(?:{'|'.join(NOTICE_VERBS)})(?P<plans>.+?)的通知$"
)
# A trailing bracket that qualifies a title: （2024—2026年）, （试行）, （征求意见稿）.
_TITLE_QUALIFIER = re.compile(P.group(most=20) + "$")
_BRACKETED = re.compile(r"^[（(〔][^（）()〔〕]{1,40}[）)〕]$")
_BODY = re.compile(
    r"^(?:中共)?[\u4e00-\u9fff（）()]{1,40}?(?:"
    + "|".join(sorted(BODY_ENDS, key=len, reverse=True))
    + r")(?:[（(][^（）()]{2,30}[）)])?$"  # a second name in brackets: …局（乡村振兴和协作交流局）
)


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """Where the issuer governs: e.g. city 重庆市, county-level 长寿区, the nation.

    ``level`` is the character relative names use for it (区 for 区财政局, 市, 县, 省, 州, 旗, 盟; 地 for a
    地区; 国 for the nation).
    """

    name: str  # full name, e.g. 重庆市长寿区
    level: str  # "区" | "县" | "市" | "省" | "地" | "国" …
    local: str  # the unit itself, e.g. 长寿区
    short: str  # without its level suffix, e.g. 长寿
    parent: str | None = None  # e.g. 重庆市


#: The nation, as the jurisdiction of a national document (国务院, 国发〔2019〕3号).
NATIONAL = Jurisdiction(NATION, "国", NATION, "", None)

# Suffixes of division names, longest first: (suffix, level character).
_SUFFIXES = (
    ("特别行政区", "省"), ("维吾尔自治区", "省"), ("壮族自治区", "省"), ("回族自治区", "省"),
    ("自治区", "省"),
    ("自治州", "州"), ("自治县", "县"), ("自治旗", "旗"), ("地区", "地"), ("林区", "区"), ("特区", "区"),
    ("省", "省"), ("市", "市"), ("区", "区"), ("县", "县"), ("旗", "旗"), ("盟", "盟"), ("州", "州"),
)


def jurisdiction_of(name: str, parent: str | None = None) -> Jurisdiction:
    """The `Jurisdiction` of a division name (长寿区, 内蒙古自治区, 湘西土家族苗族自治州).

    Examples
    --------
    >>> jurisdiction_of("上城区")
    Jurisdiction(name='杭州市上城区', level='区', local='上城区', short='上城', parent='杭州市')
    >>> j = jurisdiction_of("新疆维吾尔自治区")
    >>> j.level, j.short
    ('省', '新疆')
    """
    if name == NATION:
        return NATIONAL
    level, short = name[-1], name[:-1]
    for suffix, lvl in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            level, short = lvl, name[: -len(suffix)]
            if lvl in "州县旗" and len(suffix) == 3:  # 湘西土家族苗族自治州 → 湘西州
                short = name[:2]
            break
    kinds = {lvl for lvl, _ in places().get(name, ())}
    if kinds == {"provincial"}:
        level = "市" if name.endswith("市") else "省"
        parent = None
    elif parent is None:
        parent = unique_parent(name)
    return Jurisdiction(f"{parent or ''}{name}", level, name, short, parent)


def _squeeze(line: str) -> str:
    return "".join(line.split())


def _core(title: str) -> str:
    return _TITLE_QUALIFIER.sub("", title.strip("《》"))


def _ends_like_title(text: str) -> bool:
    return bool(_TITLE_END.search(_core(text)))


def _title_line(s: str) -> bool:
    """Whether a line can be (part of) a title: short, no sentence punctuation, no 文号, no date."""
    return (
        0 < len(s) <= 80
        and not any(c in s for c in "。，；：:")
        and _DOC_NO_TAIL.search(s) is None
        and _DATE.search(s) is None
        and not _HEADING.match(s)
    )


def _draft_note(s: str) -> bool:
    return bool(_BRACKETED.match(s)) and any(n in s for n in DRAFT_NOTES)


def _title_block(lines: list[str], i: int, limit: int = 4) -> tuple[str | None, int]:
    """The title that starts at ``lines[i]``, joined across lines until it ends like a title, and the
    index after it; (None, i) when no title starts there."""
    parts: list[str] = []
    k = i
    while k < len(lines) and len(parts) < limit:
        s = lines[k]
        if not _title_line(s) or _draft_note(s):
            break
        parts.append(s)
        k += 1
        if _ends_like_title("".join(parts)):
            return "".join(parts), k
    return None, i


_LABELLED = re.compile(
    "^(?P<label>" + "|".join(sorted({x for v in FIELD_LABELS.values() for x in v}, key=len, reverse=True))
    + r")[:：](?P<value>.+)$"
)


def _labelled(lines: list[str]) -> dict[str, str]:
    """The fields of a portal's information block (标题：…, 发文机关：…, 发文字号：…, 成文日期：…) at
    the head of the text, by field name (`loaders.vocab.metadata.FIELD_LABELS`)."""
    return dict(_labelled_head(tuple(lines[:40])))  # asked by the title, issuer, number and date readers


@lru_cache(maxsize=8)
def _labelled_head(head: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    out: dict[str, str] = {}
    for s in _nonempty(list(head)):
        m = _LABELLED.match(s)
        if m and m.group("value").strip("：:"):
            out.setdefault(_FIELD_OF[m.group("label")], m.group("value"))
    return tuple(out.items())


_FIELD_OF = {label: f for f, labels in FIELD_LABELS.items() for label in labels}


def _nonempty(lines: list[str], folded: bool = False) -> list[str]:
    """The lines, folded (unless they are already) and squeezed, without the empty ones."""
    # One fold of the lines joined, not one per line (the fold is length-preserving, per character);
    # the same head of a document is asked for by several readers, so the result is kept.
    return list(_nonempty_joined("\n".join(lines), folded))


@lru_cache(maxsize=64)
def _nonempty_joined(joined: str, folded: bool) -> tuple[str, ...]:
    from loaders.read.normalize import fold

    return tuple(s for s in (_squeeze(ln) for ln in (joined if folded else fold(joined)).split("\n")) if s)


def find_titles(lines: list[str]) -> tuple[str | None, tuple[str, ...]]:
    """The document's title and the titles of the plans a covering notice prints.

    The title is the first block of short lines that ends like a title (方案, 意见, 通知 …), joined across
    lines; an issuer's header line (``广元市人民政府`` above ``关于印发…的通知``) opens it, as in the
    title the issuer gives its document, while a red header (``某市人民政府文件``) and a draft note
    (``（征求意见稿）``) are not part of it. When the title is a notice ``关于印发《X》的通知`` (or
    《X》和《Y》), each plan's title is the heading the plan is printed under, where the text
    prints it, else X.

    Examples
    --------
    >>> find_titles(["国务院关于做好当前和今后一个时期", "促进就业工作的若干意见", "国发〔2018〕39号"])
    ('国务院关于做好当前和今后一个时期促进就业工作的若干意见', ())
    >>> find_titles(["某市政府关于印发《甲方案》和《乙办法》的通知", "各区：", "现印发。", "甲方案"])
    ('某市政府关于印发《甲方案》和《乙办法》的通知', ('甲方案', '乙办法'))
    """
    rows = _nonempty(lines[:60])
    title, after = _labelled(lines).get("title"), 0
    for i, s in enumerate(rows[:12] if title is None else ()):
        if _HEADING.match(s) or "。" in s:
            break
        if s.endswith("文件") and _BODY.match(s[:-2]) or re.match(ATTACHMENT_LINE, s):
            continue  # the red header 某市人民政府文件, an attachment's 附件1: not the title
        title, after = _title_block(rows, i)
        if title is not None:
            break
    if title is None:
        # No line ends like a title: a short first line that is neither a body nor a sentence
        # (某市支持创新发展十二条) is the title.
        first = next((s for s in rows[:3] if not re.match(ATTACHMENT_LINE, s)), None)
        if first is None or not _title_line(first) or len(first) > 40 or _BODY.match(first):
            return None, ()
        return first.strip("《》"), ()
    notice = _NOTICE.match(title)
    if notice is None:
        return title.strip("《》"), ()
    named = notice.group("plans")
    plans = re.findall(r"《(.+?)》", named) or [named]
    return title, tuple(_printed(rows, after, p) for p in plans)


def _key(title: str) -> str:
    """A title compared loosely: no 关于 in front, no 的, brackets, dashes or quotes."""
    t = title.strip("《》")
    t = t[2:] if t.startswith("关于") else t
    return re.sub(r"[的（）()〔〕\[\]—–\-~～“”\"《》]", "", t)


def _printed(rows: list[str], start: int, plan: str) -> str:
    """The heading the plan is printed under after the notice (joined across lines), else ``plan``."""
    want = _key(plan)
    for i in range(start, min(len(rows), start + 40)):
        acc = ""
        for k in range(i, min(len(rows), i + 4)):
            if not _title_line(rows[k]):
                break
            acc += rows[k]
            key = _key(acc)
            if key == want:
                return acc
            if not want.startswith(key):
                break
    return plan


def find_title(lines: list[str]) -> str | None:
    """The title the knowledge graph gives the document: its own, or the plan's when a covering notice
    (关于印发《X》的通知) prints one plan (the title other documents cite it by).

    Examples
    --------
    >>> find_title(["关于印发《某区行动方案》的通知", "各街道：", "现印发。", "某区人民政府", "2024年1月2日"])
    '某区行动方案'
    """
    title, plans = find_titles(lines)
    return plans[0] if len(plans) == 1 else title


# ---------------------------------------------------------------------------------------- the issuer
def _signature_dates(rows: list[str]) -> list[int]:
    """Indices of the lines that hold a signing date: a date alone (二〇一九年…), or closing a line
    that opens with a body (…办公室2026年3月17日发布。)."""
    out = []
    for i, s in enumerate(rows):
        s = s.rstrip("。.")
        if len(s) > 60:
            continue  # a paragraph, not a signature line
        m = _DATE.search(s) or _CN_DATE.search(s)
        if m is None:
            continue
        rest = s[m.end():]
        if rest not in ("", "发布", "印发", "制定"):
            continue
        if m.start() == 0 or _BODY.match(s[: m.start()]):
            out.append(i)
    return out


def _bodies(line: str) -> list[str]:
    """The issuing bodies on one signature line (two can share a line, apart by spaces)."""
    out: list[str] = []
    for part in line.split():
        part = part.strip()
        if _BRACKETED.match(part) and out:
            out[-1] += part  # 四川省科学技术厅（四川省人工智能产业链链长办公室）
        elif _BODY.match(part) or part in NATIONAL_ISSUERS:
            out.append(part)
        else:
            return []
    return out


def _signature(lines: list[str]) -> tuple[tuple[str, ...], int | None]:
    """The bodies signing the text, read upwards from a signing date, and the date line's index.

    The signature of a covering notice (near the head) is preferred to one at the end.
    """
    return _signature_of(tuple(lines))  # the issuer and the date readers both ask


@lru_cache(maxsize=8)
def _signature_of(lines: tuple[str, ...]) -> tuple[tuple[str, ...], int | None]:
    rows = [" ".join(ln.split()) for ln in lines]
    rows = [r for r in rows if r]
    n = len(rows)
    for i in _signature_dates(rows):
        if 40 <= i < n - 8:
            continue
        s = _squeeze(rows[i])
        m = _DATE.search(s) or _CN_DATE.search(s)
        assert m is not None
        found: list[str] = [s[: m.start()]] if m.start() else []
        k = i - 1
        while not found or (k >= 0 and k > i - 7):
            if k < 0:
                break
            line = rows[k]
            if _BRACKETED.match(_squeeze(line)) and k > 0:
                line = rows[k - 1] + _squeeze(line)
                k -= 1
            bodies = _bodies(line)
            if not bodies:
                break
            found = bodies + found
            k -= 1
        if found:
            return tuple(found), i
    return (), None


def find_issuers(lines: list[str]) -> tuple[str, ...]:
    """The issuing bodies as the text writes them: its signature, else the body a title opens with.

    Examples
    --------
    >>> find_issuers(["关于某事的通知", "正文。", "甲市财政局    甲市商务局", "2023年10月19日"])
    ('甲市财政局', '甲市商务局')
    >>> find_issuers(["国务院关于某事的意见", "正文。"])
    ('国务院',)
    """
    found, _ = _signature(lines)
    if found:
        return found
    labelled = _labelled(lines).get("issuer")
    if labelled:
        return tuple(labelled.replace("、", " ").split())
    title, _ = find_titles(lines)
    if title and "关于" in title:
        head = title[: title.index("关于")]
        if head and (_BODY.match(head) or head in NATIONAL_ISSUERS) and "等" not in head:
            return (head,)
    return ()


def _national_body(body: str) -> bool:
    """Whether an issuing body is one of the nation's (国家发展改革委, 财政部: national in the gazetteer)."""
    from loaders.vocab.lexicon import get_lexicon

    entry = get_lexicon().agency_names.get(_BRACKET_TAIL.sub("", body))
    return entry is not None and entry.national


_BRACKET_TAIL = re.compile(P.group() + "$")


def _body_place(body: str) -> Jurisdiction | None:
    """Where a body (重庆市长寿区人民政府, 中共南充市委) governs, from the divisions its name opens with."""
    body = body[2:] if body.startswith("中共") else body
    if body.startswith(NATIONAL_ISSUERS):
        return NATIONAL
    chain = leading_divisions(body)
    rest = body[sum(map(len, chain)):]
    unit = _UNIT.match(rest)
    if unit:  # a division the table does not know (misspelt, former, new): 重庆市长受区人民政府
        local = unit.group(1)
        parent = chain[-1] if chain else None
        return Jurisdiction(f"{parent or ''}{local}", local[-1], local, local[:-1], parent)
    if not chain:
        return None
    return jurisdiction_of(chain[-1], chain[-2] if len(chain) > 1 else None)


# A government's name after its known divisions: the unit and the word for its government.
_UNIT = re.compile(r"^([\u4e00-\u9fff]{1,4}?[区县市旗])(?:人民政府|政府|委员会|党委|人大)")


def _number_place(number: str | None, folded: str) -> Jurisdiction | None:
    """The place a 文号's prefix names (国发 → the nation, 黔府办发 → 贵州省), where the text does not
    leave a choice between several."""
    if not number:
        return None
    for k in (3, 2, 1):
        cands = DOC_NUMBER_PLACES.get(number[:k])
        if not cands:
            continue
        if len(cands) > 1:
            cands = tuple(c for c in cands if c in folded or jurisdiction_of(c).short in folded)
        if len(cands) == 1:
            return NATIONAL if cands[0] == NATION else jurisdiction_of(cands[0])
        return None
    return None


def _title_place(title: str | None, folded: str) -> Jurisdiction | None:
    """The division a title opens with (罗湖区支持…, 阿勒泰地区…), with the parent the text names."""
    if not title:
        return None
    chain = leading_divisions(title[2:] if title.startswith("中共") else title)
    if not chain:
        return None
    parent = chain[-2] if len(chain) > 1 else _named_parent(chain[-1], folded)
    return jurisdiction_of(chain[-1], parent)


def _named_parent(name: str, folded: str) -> str | None:
    """The division above ``name`` that the text writes with it (杭州市上城区), if any."""
    ups = {p for _, p in places().get(name, ()) if p and (p + name) in folded}
    return ups.pop() if len(ups) == 1 else None


_LEVEL_OF = {"provincial": "省", "municipal": "市", "county": "区"}


def _text_place(folded: str) -> Jurisdiction | None:
    """The document's own place from its text: the level its self-references name (我市, 全省, 本县),
    then the division of that level it names most often, by full or short name."""
    levels: Counter[str] = Counter()
    written = Counter(m.group() for m in _SELF_REFERENCE.finditer(folded))  # one pass, not one per word
    for word, (lvl, weight) in SELF_REFERENCES.items():
        n = written[word]
        if n:
            levels[lvl] += n * weight
    if not levels:
        return None
    lvl = levels.most_common(1)[0][0]
    by_end = _names_by_end(lvl)
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for m in _END_CHARS.finditer(folded):
        end = m.end()
        got = by_end.get(folded[end - 2 : end])
        if got is None:
            continue
        lengths, names = got
        for k in lengths:
            if k > end:
                break
            name = folded[end - k : end]
            if name in names:
                counts[name] += 1
                first.setdefault(name, m.start())
    if lvl in "省市":  # short names count too: 安徽证监局, 赢在广州
        for name in list(counts) + (list(_names_of_level("省")) if lvl == "省" else []):
            short = jurisdiction_of(name).short
            if len(short) >= 2:
                n = folded.count(short) - folded.count(name)
                if n > 0:
                    counts[name] += n
                    first.setdefault(name, folded.find(short))
    if not counts:
        return None
    best = max(counts, key=lambda n: (counts[n], -first[n]))
    return jurisdiction_of(best, _named_parent(best, folded))


_END_CHARS = re.compile(r"[省市区县州旗盟]")
# Self-references are two characters, a pronoun (我, 本, 全) and a level, so no two occurrences overlap
# and one scan counts each word as str.count would.
assert all(len(w) == 2 for w in SELF_REFERENCES)
assert not {w[0] for w in SELF_REFERENCES} & {w[1] for w in SELF_REFERENCES}
_SELF_REFERENCE = re.compile("|".join(map(re.escape, SELF_REFERENCES)))


@cache
def _names_of_level(lvl: str) -> tuple[str, ...]:
    """The division names of one relative level (`_level_char`), in the table's order."""
    return tuple(name for name in places() if _level_char(name) == lvl)


@cache
def _names_by_end(lvl: str) -> dict[str, tuple[tuple[int, ...], frozenset[str]]]:
    """The names of one level (2 to 8 characters) by their last two characters: the lengths they come
    in (shortest first) and the names, so `_text_place` slices only lengths that can match (and most
    places where a level character stands, 全市 or 市场, end no name at all)."""
    out: dict[str, tuple[set[int], set[str]]] = {}
    for name in _names_of_level(lvl):
        if 2 <= len(name) <= 8:
            lengths, names = out.setdefault(name[-2:], (set(), set()))
            lengths.add(len(name))
            names.add(name)
    return {c: (tuple(sorted(ls)), frozenset(ns)) for c, (ls, ns) in out.items()}


def _level_char(name: str) -> str:
    """省 | 市 | 县 level of a division name in relative terms (a county-level 市 counts as 县-level 区)."""
    pairs = places().get(name, ())
    kinds = {k for k, _ in pairs}
    if kinds == {"provincial"}:
        return "省"
    if kinds == {"municipal"}:
        return "市"
    if kinds == {"county"}:
        return name[-1] if name[-1] in "县区旗" else "区"
    return "?"


def find_jurisdiction(
    folded: str, issuers: tuple[str, ...] = (), title: str | None = None, number: str | None = None
) -> Jurisdiction | None:
    """Where the document is from (see the module's docstring for the order of trust).

    Examples
    --------
    >>> find_jurisdiction("正文", ("国务院办公厅",)).name
    '中华人民共和国'
    >>> find_jurisdiction("正文", (), None, "黔府办发〔2022〕17号").name
    '贵州省'
    >>> find_jurisdiction("2012年起5年内市、区两级引进人才。我市、全市、我市") is None
    True
    """
    for body in issuers:
        if body.startswith(NATIONAL_ISSUERS) or _national_body(body):
            return NATIONAL
    if number and _number_place(number, folded) == NATIONAL:
        return NATIONAL
    for body in issuers:
        jur = _body_place(body)
        if jur is not None:
            return jur
    by_number = _number_place(number, folded)
    for finer in (_title_place(title, folded), _text_place(folded)):
        if finer is not None and (by_number is None or _within(finer, by_number)):
            return finer  # the title's or text's place, inside the number's (渝长府办发 › 长寿区)
    return by_number


def _within(inner: Jurisdiction, outer: Jurisdiction) -> bool:
    """Whether ``inner`` is ``outer`` or lies in it (长寿区 in 重庆市), by the division table."""
    table = places()
    seen, todo = set(), [inner.local]
    while todo:
        name = todo.pop()
        if name == outer.local:
            return True
        if name not in seen:
            seen.add(name)
            todo += [p for _, p in table.get(name, ()) if p]
    return inner.parent == outer.local


def find_issuer(folded: str) -> tuple[str | None, Jurisdiction | None]:
    """The issuing body (the first, when several sign) and where the document is from.

    Where the text names no issuer, the issuer is the place itself (its government), as the knowledge
    graph has always named it; `read_metadata` gives only the bodies the text states.

    Examples
    --------
    >>> find_issuer("郑州市人民政府办公室\\n依托市场机制，依托市属企业。")[1].local
    '郑州市'
    >>> find_issuer("关于推进人才集聚工程的实施意见\\n1.2012年起5年内市、区两级引进人才。")
    (None, None)
    """
    lines = folded.splitlines()
    issuers = find_issuers(lines)
    if not issuers:
        head = _nonempty(lines[:3])
        if head and _BODY.match(head[0]) and _body_place(head[0]) is not None:
            issuers = (head[0],)  # a header line naming the issuer: 郑州市人民政府办公室
    title, plans = find_titles(lines)
    jur = find_jurisdiction(folded, issuers, title, find_document_number(folded))
    if issuers:
        return issuers[0], jur
    return (jur.name if jur else None), jur


# ------------------------------------------------------------------------------- number and date
def _first_document_number(folded: str) -> str | None:
    """The first 文号 in the head of the text, wherever it stands (in a sentence too)."""
    head = folded[:2000]
    for m in _DOC_NO_TAIL.finditer(head):
        code = _CJK_BEFORE.search(head, max(0, m.start() - 10), m.start())
        if code:
            return "".join(head[code.start() : m.end()].split())
    return None


@lru_cache(maxsize=4)  # the issuer reader asks for it, then the document's metadata: read once
def find_document_number(folded: str) -> str | None:
    """The document's own 文号: on a line of its own (in brackets or not) in the head of the text or by
    its signature; a 文号 cited in a sentence (《…》（鲁政办字〔2020〕176号）) is another document's.

    Examples
    --------
    >>> find_document_number("关于某事的通知\\n(黔府办发〔2022〕17号)\\n各市：")
    '黔府办发〔2022〕17号'
    >>> find_document_number("关于某事的意见\\n根据《某通知》(鲁政办字〔2020〕176号)精神制定。") is None
    True
    """
    if _DOC_NO_TAIL.search(folded) is None:
        return None
    labelled = _labelled(folded.splitlines()[:40]).get("number")
    if labelled and _DOC_NO_LINE.fullmatch(labelled):
        return _DOC_NO_LINE.fullmatch(labelled).group("no")
    rows = _nonempty(folded.splitlines(), folded=True)
    for s in rows[:20] + rows[-8:]:
        m = _DOC_NO_LINE.fullmatch(re.sub(r"签发人[:：].*$", "", s))  # 川府发〔2021〕1号 签发人：…
        if m:
            return m.group("no")
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
    all_lines = folded.splitlines()
    labelled = _labelled(all_lines[:40]).get("date")
    m = _DATE.fullmatch(labelled) if labelled else None
    if m:
        return f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"
    signed, at = _signature(all_lines)
    if signed and at is not None:  # the date under the signature, not the 印发 date of a 抄送 block
        d = _DATE.search(_squeeze([r for r in all_lines if r.strip()][at]))
        if d:
            return f"{int(d['y']):04d}-{int(d['m']):02d}-{int(d['d']):02d}"
    # The last 6 and the first 12 lines that are not empty, stripped (the lines between are not read).
    head = list(islice((s for s in map(str.strip, all_lines) if s), 12))
    tail = list(islice((s for s in map(str.strip, reversed(all_lines)) if s), 6))[::-1]
    for line in tail[::-1] + head:
        m = _DATE.fullmatch(line) or _DATE.match(line)
        if m and len(line) <= 16:
            return f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"
        m = _SIGNED_LINE.fullmatch(line) if line in tail[-3:] else None
        if m:
            return f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"
        c = _CN_DATE.fullmatch(line)
        if c:
            from loaders.read.normalize import cn_to_int

            digits = "〇一二三四五六七八九"
            y = int("".join(str(digits.index(ch) if ch in digits else 0) for ch in c["y"]))
            return f"{y:04d}-{cn_to_int(c['m']):02d}-{cn_to_int(c['d']):02d}"
    return None


# ------------------------------------------------------------------------------------- everything
@dataclass(frozen=True, slots=True)
class Metadata:
    """What `read_metadata` reads from a document.

    ``title`` is the document's own (a covering notice's when one wraps the plan), ``plan_titles`` the
    plans a notice prints, ``issuers`` the bodies the text names as issuing it (empty when it names none).
    """

    title: str | None
    plan_titles: tuple[str, ...]
    issuers: tuple[str, ...]
    document_number: str | None
    date: str | None
    jurisdiction: Jurisdiction | None
    period: tuple[int, int] | None
    period_label: str | None


def read_metadata(text: str) -> Metadata:
    """Every metadata field of a document's text.

    Examples
    --------
    >>> m = read_metadata("国务院关于促进综合保税区\\n高水平开放高质量发展的若干意见\\n国发〔2019〕3号\\n"
    ...                   "各省：\\n正文。\\n国务院\\n2019年1月12日")
    >>> m.title
    '国务院关于促进综合保税区高水平开放高质量发展的若干意见'
    >>> m.issuers, m.document_number, m.date, m.jurisdiction.name
    (('国务院',), '国发〔2019〕3号', '2019-01-12', '中华人民共和国')
    """
    from loaders.read.normalize import fold

    folded = fold(text)
    lines = folded.splitlines()
    title, plans = find_titles(lines)
    issuers = find_issuers(lines)
    number = find_document_number(folded)
    jur = find_jurisdiction(folded, issuers, title, number)
    period, label = find_period(find_title(lines), folded)
    return Metadata(title, plans, issuers, number, find_date(folded), jur, period, label)


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
    # The opening of the body: up to its first numbered heading (a period named in a task is the task's).
    head = folded[:PERIOD_BODY_REACH]
    first = re.search(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、])", head, re.M)
    found = _periods(head[: first.start()] if first else head, in_title=False)
    if found:
        return found[0][1], found[0][2]
    m = _FROM_YEAR.search(folded[:PERIOD_BODY_REACH])
    if m:
        a, n = int(m["a"]), 10 if m["n"] == "十" else int(m["n"])
        return (a, a + n - 1), None
    return None, None


_FROM_YEAR = re.compile(PERIOD_FROM_YEAR)


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
