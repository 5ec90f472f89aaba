"""Resolve agency names as written (区市场监管局) to full names (长寿区市场监督管理局) and kinds.

The gazetteer (``ontology/vocab/agency-names.ttl``, via the lexicon) knows canonical names and their
abbreviations without a jurisdiction. A name is read as ``[scope][qualifier]core``: the scope is a
relative prefix (区/县/市/省, 区委, 团市委 …) that the document's place resolves, the core the longest
gazetteer label the name ends with. One body, one key (and so one IRI):

- a national body (财政部, 人力资源社会保障部, 国家发展改革委: entries marked national) is the nation's in
  every document, under its official name; in a national document a bare name is read with 国家 / 国务院 /
  全国 / 中国 in front (统计局 → 国家统计局, 总工会 → 中华全国总工会), and a body the gazetteer does not know
  is the nation's too;
- a relative or bare name (市财政局, 团市委, 药监局, 总工会) is the body of the document's place
  (郑州市财政局, 共青团郑州市委员会, 河南省药品监督管理局), a bare 厅 its province's;
- a name that opens with a division (南山区政府, 四川数据集团) belongs to that division;
- where the place is unknown, or a name is neither in the gazetteer nor named after a place (OPC社区,
  功能区管委会), the body is kept apart per document (its key is ``{doc id}/{name}``): two documents'
  团市委 or 开发园区管委会 are never merged into one node.
"""

from __future__ import annotations

import re
from functools import lru_cache

from loaders.extract.metadata import NATIONAL, Jurisdiction, jurisdiction_of
from loaders.records import Agency
from loaders.vocab import punctuation as P
from loaders.vocab.branches import BRANCHES
from loaders.vocab.levels import PROVINCIAL_BODIES, PROVINCIAL_ENDINGS
from loaders.vocab.lexicon import Lexicon
from loaders.vocab.places import leading_divisions, places

__all__ = ["resolve_agency", "infer_kind"]

_KIND_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^各|^(?:有关|相关)(?:部门|单位)"), "Collective"),
    (re.compile(r"法院$|法庭$"), "Court"),
    (re.compile(r"检察院$"), "Procuratorate"),
    (re.compile(r"公安"), "PublicSecurityOrgan"),
    (
        re.compile(
            r"^中共|党委|^[省市区县]委(?!员会)|委(?:宣传|组织|统战|政法|办公室|编办)|纪委|监委|党校|网信办"
        ),
        "PartyOrgan",
    ),
    (re.compile(r"开发区$|高新区$|经开区$|园区$|新区$|自贸区$|试验区$|示范区$|管委会$"), "DevelopmentZone"),
    (re.compile(r"人民政府$|政府$"), "PeoplesGovernment"),
    (re.compile(r"(?:局|委|委员会|厅|办|办公室|署|部|中心|海关)$"), "GovernmentDepartment"),
]
# A bracketed alias or second name at the end of a name (区委组织部（人才办）).
_ALIAS_BRACKET = re.compile(P.group() + "$")  # any bracket kind of the one table
_SCOPES = (
    "自治区党委",
    "自治州党委",
    "自治区",
    "自治州",
    "自治县",
    "省委",
    "市委",
    "区委",
    "县委",
    "地委",
    "州委",
    "地区",
    "省",
    "市",
    "区",
    "县",
    "州",
    "盟",
    "镇",
    "乡",
)
# The level a scope names where it is not its first character (自治区财政厅 is a province's).
_SCOPE_LEVELS = {"自治区党委": "省", "自治州党委": "州", "自治区": "省", "自治州": "州", "自治县": "县"}


# Kinds of body that a plan names bare (科技厅, 市场监管局) meaning its own government's.
_SCOPED_KINDS = frozenset(
    {"GovernmentDepartment", "PublicSecurityOrgan", "Court", "Procuratorate", "PartyOrgan"}
)


def _bare_scope(canonical: str, kind: str, jur: Jurisdiction) -> str | None:
    """Where a body named bare, without any place or scope (科技厅, 市场监管局, 药监局), governs.

    A plan names its own government's bodies so: the document's place, except that a body only provinces
    have below the nation (a 厅, 药品监督管理局: `loaders.vocab.levels`) is its province's, and a ministry
    (…部, not a party 部) is national, so it stays unscoped.
    """
    if canonical.endswith(PROVINCIAL_ENDINGS) or canonical in PROVINCIAL_BODIES:
        return _province(jur)
    if canonical.endswith("部") and kind != "PartyOrgan":
        return None
    return jur.local


def _province(jur: Jurisdiction) -> str | None:
    """The province-level division a place lies in (itself for a province), by the division table."""
    table = places()
    todo = [jur.local] + ([jur.parent] if jur.parent else [])
    seen: set[str] = set()
    while todo:
        name = todo.pop(0)
        if name in seen:
            continue
        seen.add(name)
        pairs = table.get(name, ())
        if pairs and {lvl for lvl, _ in pairs} == {"provincial"}:
            return name
        ups = {p for _, p in pairs if p}
        if len(ups) == 1:
            todo += list(ups)
    return None


def infer_kind(name: str) -> str:
    """Guess the kind of a body that is not in the gazetteer from how its name ends."""
    for rx, kind in _KIND_RULES:
        if rx.search(name):
            return kind
    return "OtherAgency"


def _core(lex: Lexicon, name: str) -> tuple[str, str, str | None] | None:
    """(qualifier, canonical core, kind) for the longest gazetteer label ``name`` ends with."""
    # Suffixes from the longest: a dictionary lookup each, not a scan of the gazetteer.
    for k in range(len(name)):
        entry = lex.agency_names.get(name[k:])
        if entry is not None:
            return name[:k], entry.concept, entry.kind
    return None


# What a national document puts before a bare name to name the nation's body (统计局 → 国家统计局).
_NATIONAL_PREFIXES = ("国家", "国务院", "全国", "中国", "中华全国", "中央", "中共中央")
# 团市委, 团省委, 团区委, 团县委: the youth league committee of a place, relative to the document's.
_YOUTH_LEAGUE = re.compile(r"^团([省市区县])委(.*)$")


def _national(lex: Lexicon, name: str, national_doc: bool):
    """The national gazetteer entry a name stands for, if any."""
    entry = lex.agency_names.get(name)
    if entry is not None and entry.national:
        return entry
    if national_doc:
        for prefix in _NATIONAL_PREFIXES:
            entry = lex.agency_names.get(prefix + name)
            if entry is not None and entry.national:
                return entry
    return None


def resolve_agency(name: str, lex: Lexicon, jur: Jurisdiction | None, doc_id: str) -> Agency:
    """Resolve one name as written.

    Examples
    --------
    >>> from loaders.vocab.lexicon import get_lexicon
    >>> j = Jurisdiction("重庆市长寿区", "区", "长寿区", "长寿", "重庆市")
    >>> a = resolve_agency("区市场监管局", get_lexicon(), j, "doc")
    >>> a.full_name, a.kind
    ('长寿区市场监督管理局', 'GovernmentDepartment')
    >>> resolve_agency("人力资源社会保障部", get_lexicon(), j, "doc").key
    '人力资源和社会保障部'
    >>> resolve_agency("各镇街", get_lexicon(), j, "doc").key  # a collective is the document's own
    'doc/各镇街'
    """
    # Resolved once per name and place (documents of one place name the same bodies), for any
    # document: the document enters only the key of a body scoped to it (f"{doc_id}/{name}").
    a = _resolve_anywhere(name, lex, jur)
    if a.key.startswith(_ANY_DOCUMENT):
        return Agency(
            a.name, a.full_name, a.kind, doc_id + a.key[len(_ANY_DOCUMENT) :], a.jurisdiction, a.canonical
        )
    return a


_ANY_DOCUMENT = "\x00"  # stands for the document's id in a key; never in a document id or a name


@lru_cache(maxsize=65536)
def _resolve_anywhere(name: str, lex: Lexicon, jur: Jurisdiction | None) -> Agency:
    return _resolve(name, lex, jur, _ANY_DOCUMENT)


def _resolve(name: str, lex: Lexicon, jur: Jurisdiction | None, doc_id: str) -> Agency:
    base = _ALIAS_BRACKET.sub("", name)
    if base != name and len(base) > 1 and not name.startswith("各"):
        # 区委组织部（人才办）, 市委改革办〔市营商环境建设局〕: the body is the one before the bracket.
        a = _resolve(base, lex, jur, doc_id)
        return Agency(name, a.full_name, a.kind, a.key, a.jurisdiction, a.canonical)
    if (
        name.startswith("各")
        or lex.agency_names.get(name, None)
        and lex.agency_names[name].kind == "Collective"
    ):
        # A collective means different bodies in different documents: scope it to the document.
        return Agency(name, name, "Collective", f"{doc_id}/{name}", None, name)
    national_doc = jur is not None and jur.level == NATIONAL.level
    entry = _national(lex, name, national_doc)
    if entry is not None:  # 财政部, 人社部; 统计局 in a national document
        return Agency(
            name, entry.concept, entry.kind or infer_kind(name), entry.concept, NATIONAL.local, entry.concept
        )
    league = _YOUTH_LEAGUE.match(name)
    if league:
        return _youth_league(name, league.group(1), league.group(2), jur, doc_id)
    branch = _branch(lex, name, jur)
    if branch is not None:
        return branch
    rest, scope_place, relative = name, None, False
    for scope in _SCOPES if rest not in lex.agency_names else ():  # 市场监管局 is a name, not 市 + 场监管局
        if rest.startswith(scope) and len(rest) > len(scope) + 1:
            level = _SCOPE_LEVELS.get(scope, scope[0])
            party = scope.endswith("委")
            if jur is not None and level == jur.level:
                scope_place = jur.local
            elif jur is not None and jur.parent and jurisdiction_of(jur.parent).level == level:
                scope_place = jur.parent
            relative = True
            rest = rest[len(scope) - 1 :] if party else rest[len(scope) :]  # 区委组织部 → 委组织部
            break
    if not relative and jur is not None and not national_doc:
        for place in (jur.name, jur.local, jur.short):
            if place and rest.startswith(place) and len(rest) > len(place) + 1:
                scope_place, rest = jur.local, rest[len(place) :]
                break
    named_place = None
    if not relative and scope_place is None:
        divisions = leading_divisions(rest)
        if divisions:
            named_place = divisions[-1]  # 南山区政府, 四川省人才集团, 成都市: the division it opens with
    core = _core(lex, rest)
    if core is not None:
        qualifier, canonical, kind = core
        entry = lex.agency_names.get(rest[len(qualifier) :])
        if entry is not None and entry.national and (relative or scope_place or qualifier):
            canonical = None  # 市邮政局: the city's, not the nation's 邮政局
            body = rest
        else:
            body = qualifier + canonical
        kind = kind or infer_kind(name)
        bare = not relative and scope_place is None and named_place is None and not qualifier
        if bare and jur is not None and not national_doc and kind not in ("Collective",):
            scope_place = _bare_scope(canonical or body, kind, jur)
    else:
        # 省有关部门和单位, 市直有关单位: a collective after its scope too
        kind = "Collective" if infer_kind(rest) == "Collective" else infer_kind(name)
        canonical, body = None, rest
    if kind == "Collective":  # 有关部门, 省有关单位: different bodies in different documents
        return Agency(name, name, kind, f"{doc_id}/{name}", None, canonical)
    if national_doc and not relative and named_place is None:
        # A national document's body that no gazetteer entry names: the nation's (北京冬奥组委).
        full = body if canonical and not (core and core[0]) else name
        return Agency(name, full, kind, full, NATIONAL.local, canonical)
    if kind == "DevelopmentZone" and scope_place:
        # Zones are named after the place without its level: 长寿经济技术开发区.
        place = jur.short if jur is not None and scope_place == jur.local else scope_place
        full = body if body.startswith(place) else place + body
    elif scope_place and canonical is None and kind == "OtherAgency" and name.startswith(jur.short or "\0"):
        full = name  # a company or other body named after the place (上城资本), not a government's
    elif scope_place:
        full = scope_place + body
        if kind == "PartyOrgan" and body.startswith("委"):
            full = "中共" + full
    elif relative:
        full = name
    else:
        full = (name[: len(name) - len(rest)] + body) if canonical else name
    jurisdiction = (
        scope_place
        or named_place
        or (jur.local if (jur and not relative and full.startswith(jur.short or "\0")) else None)
    )
    # Kept apart per document: a relative name whose place is unknown, and a name that neither the
    # gazetteer nor a place makes one body (OPC社区, 功能区管委会, 中国电信 of one city or another).
    apart = (relative and not scope_place) or (jurisdiction is None and canonical is None)
    if not apart and jurisdiction is None and canonical is not None and not scope_place:
        apart = True  # a bare gazetteer name in a document whose place is unknown (总工会, 药监局)
    key = f"{doc_id}/{name}" if apart else full
    return Agency(name, full, kind, key, jurisdiction, canonical)


def _youth_league(name: str, level: str, rest: str, jur: Jurisdiction | None, doc_id: str) -> Agency:
    """团市委 (机关): the youth league committee of the document's place at that level."""
    place = None
    if jur is not None and level == jur.level:
        place = jur.local
    elif jur is not None and jur.parent and jur.parent.endswith(level):
        place = jur.parent
    if place is None:
        return Agency(name, name, "OtherAgency", f"{doc_id}/{name}", None, "共青团委员会")
    full = f"共青团{place}委员会{rest}"
    return Agency(name, full, "OtherAgency", full, place, "共青团委员会")


def _branch(lex: Lexicon, name: str, jur: Jurisdiction | None) -> Agency | None:
    """A national body's branch in a place (人行南充市分行 → 中国人民银行南充市分行, of 南充市), if
    ``name`` is written so (`loaders.vocab.branches`): one node whichever form of the head is written."""
    for official, heads, units in BRANCHES:
        if not (name.startswith(heads) and name.endswith(units)):
            continue  # most names: one C call per entry, not a generator over its forms
        head = next((h for h in heads if name.startswith(h)), None)
        unit = next((u for u in units if name.endswith(u)), None)
        if head is None or unit is None:
            continue
        place = name[len(head) : len(name) - len(unit)]
        if len(place) < 2:
            if jur is None or place not in ("", jur.level) or jur.level == NATIONAL.level:
                return None  # 国网省电力公司 in a document whose province is unknown: read as written
            place = jur.local
        division = _division(place, jur)
        if division is None:
            return None
        entry = lex.agency_names.get(official)
        kind = entry.kind if entry is not None and entry.kind else "OtherAgency"
        full = f"{official}{division}{unit}"
        return Agency(name, full, kind, full, division, official)
    return None


def _division(place: str, jur: Jurisdiction | None) -> str | None:
    """The division a branch's place names (南充市, 合肥 → 合肥市, 湖北 → 湖北省), or None."""
    found = leading_divisions(place)
    if found and "".join(found) == place:
        return found[-1]
    for suffix in ("市", "省", "地区", "州", "县", "区"):
        if leading_divisions(place + suffix) == [place + suffix]:
            return place + suffix
    if jur is not None and place in (jur.short, jur.local):
        return jur.local
    return None
