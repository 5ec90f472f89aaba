"""What a question can name: the graph's own agencies, tasks, documents, indicators and years (read
with one lookup query, ``queries/lookup/question-names.rq``, so the same on a file and an endpoint),
and the SKOS vocabularies and agency gazetteer of the lexicon (IP types, industries, agency names with
their abbreviations).

`Vocabulary` indexes all of it by name for `kg.ask.entities`; its `Vocabulary.words` are the user
dictionary of the segmenter (`kg.ask.segmentation`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from loaders.vocab.lexicon import LexEntry, get_lexicon

from .words import FUNCTIONS, PLACE_SUFFIXES, SCOPES

__all__ = ["Vocabulary", "AgencyInfo", "TaskInfo", "DocumentInfo", "Concept", "read_vocabulary",
           "place_names"]


@dataclass(frozen=True)
class AgencyInfo:
    """An agency of the graph: IRI, full name, the names it is written under, jurisdiction."""

    iri: str
    full_name: str
    names: frozenset[str]
    jurisdiction: str | None = None
    collective: bool = False

    @property
    def label(self) -> str:
        """The shortest name as written (区市场监管局), for display."""
        written = sorted((n for n in self.names if n != self.full_name), key=lambda n: (len(n), n))
        return written[0] if written else self.full_name


@dataclass(frozen=True)
class TaskInfo:
    """A key task: IRI, number as written (（三）), number, title and document IRI."""

    iri: str
    id: str
    number: int
    title: str
    document: str


@dataclass(frozen=True)
class DocumentInfo:
    """A document: IRI, identifier, title, issuer; ``built`` is False for a document only cited."""

    iri: str
    identifier: str
    title: str
    issuer: str | None
    built: bool


@dataclass(frozen=True)
class Concept:
    """An IP type or industry of the vocabularies, with whether it is a top-level concept."""

    iri: str
    label: str
    kind: str  # "ip-type" or "industry"
    top: bool
    top_label: str = ""  # IP types: the top-level type a sub-type belongs to (发明专利 → 专利)


@dataclass
class Vocabulary:
    """Every name a question may use, indexed by name.

    Built by `read_vocabulary` from a graph or an endpoint; the lexicon part comes from
    ``loaders/vocab/lexicon.json`` (the same labels the extraction matched).
    """

    agencies: dict[str, AgencyInfo] = field(default_factory=dict)
    tasks: dict[str, TaskInfo] = field(default_factory=dict)
    documents: dict[str, DocumentInfo] = field(default_factory=dict)
    indicators: dict[str, str] = field(default_factory=dict)  # IRI -> label
    years: dict[int, list[tuple[str, str, str]]] = field(default_factory=dict)  # year -> (kind, IRI, doc)
    concepts: dict[str, Concept] = field(default_factory=dict)  # label -> concept (IP types, industries)
    gazetteer: dict[str, LexEntry] = field(default_factory=dict)  # agency label -> gazetteer entry
    agency_names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # name -> IRIs
    places: set[str] = field(default_factory=set)
    #: scopes (``queries/lookup/document-scopes.rq``): a place name -> the documents of that place and of
    #: the places within it; a 文号 -> its document; a document -> its period years and its agencies
    place_documents: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    numbers: dict[str, str] = field(default_factory=dict)
    periods: dict[str, tuple[int, int]] = field(default_factory=dict)
    issued: dict[str, int] = field(default_factory=dict)  # document -> the year it was issued
    agency_documents: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    functions: dict[str, list[str]] = field(default_factory=dict)  # 市场监管部门 -> agency IRIs
    _whole: list[str] | None = field(default=None, repr=False)
    cache: dict[str, Any] = field(default_factory=dict, repr=False)  # what is derived once (kg.ask.examples)

    # ------------------------------------------------------------------ lookups
    def built_documents(self) -> list[DocumentInfo]:
        """The documents of the corpus (not those only cited), by identifier."""
        return sorted((d for d in self.documents.values() if d.built), key=lambda d: d.identifier)

    def agency_core(self, name: str) -> tuple[str, str] | None:
        """(prefix, canonical core) of an agency name: the longest gazetteer label it ends with.

        Examples
        --------
        >>> v = Vocabulary(gazetteer=dict(get_lexicon().agency_names))
        >>> v.agency_core("长寿区市场监管局")
        ('长寿区', '市场监督管理局')
        """
        for k in range(len(name)):
            entry = self.gazetteer.get(name[k:])
            if entry is not None:
                return name[:k], entry.concept
        return None

    def documents_of_year(self, year: int) -> set[str]:
        """The documents issued in ``year`` or whose plan period includes it."""
        return {d.iri for d in self.built_documents()
                if self.issued.get(d.iri) == year
                or (d.iri in self.periods and self.periods[d.iri][0] <= year <= self.periods[d.iri][1])}

    def place_label(self, iri: str) -> str:
        """The jurisdiction an agency or document belongs to, for telling same names apart (深圳市)."""
        if iri in self.agencies:
            info = self.agencies[iri]
            if info.jurisdiction:
                return info.jurisdiction
            docs = sorted(self.agency_documents.get(iri, ()))
            return self.document_place(docs[0]) if len(docs) == 1 else ""
        return self.document_place(iri)

    def document_place(self, iri: str) -> str:
        """The narrowest place of a document (广东省深圳市罗湖区 → 罗湖区), or ''."""
        named = [p for p, docs in self.place_documents.items()
                 if docs == {iri} and p.endswith(PLACE_SUFFIXES)]
        return min(named, key=lambda p: (len(p), p)) if named else ""

    def whole_names(self) -> list[str]:
        """Names a question holds whole, longest first: document titles (built or cited), 文号, and agency
        names with digits or punctuation — the segmenter would cut them (`kg.ask.entities`)."""
        if self._whole is None:
            names = {d.title for d in self.documents.values()} | set(self.numbers)
            names |= {n for n in self.agency_names if _CUT.search(n)}
            self._whole = sorted((n for n in names if len(n) >= 4), key=lambda n: (-len(n), n))
        return self._whole

    def words(self) -> list[str]:
        """The segmenter's user dictionary: every name of the graph and the vocabularies."""
        names: set[str] = set(self.agency_names) | set(self.concepts) | set(self.gazetteer) | self.places
        names |= {t.title for t in self.tasks.values() if t.title}
        names |= set(self.indicators.values()) | set(self.numbers) | set(self.place_documents)
        names |= set(self.functions)
        for d in self.documents.values():
            names |= {d.identifier, d.title}
        return sorted(n for n in names if n and len(n) > 1)

    def closest(self, kind: str, text: str, limit: int = 5) -> list[str]:
        """Known names of ``kind`` (agency, task, indicator, document) most like ``text``.

        Names sharing the gazetteer core come first (交通局 → no 交通运输局 in the graph: none), then
        by the characters they share.
        """
        import difflib

        if kind == "agency":
            pool = {a.full_name: f"{a.label}（{a.full_name}）"
                    for a in self.agencies.values() if not a.collective}
            core = self.agency_core(text)
            same_core = [] if core is None else [
                n for n in pool if (c := self.agency_core(n)) is not None and c[1] == core[1]]
        elif kind == "task":
            pool = {f"{t.id}{t.title}": f"{t.id}{t.title}" for t in self.tasks.values()}
            same_core = []
        elif kind == "indicator":
            pool = {v: v for v in self.indicators.values()}
            same_core = []
        else:
            pool = {d.title: d.title for d in self.built_documents()}
            same_core = []
        scored = sorted(pool, key=lambda n: (-difflib.SequenceMatcher(None, text, n).ratio(), n))
        ordered = list(dict.fromkeys(sorted(same_core) + scored))
        return [pool[n] for n in ordered[:limit]]


_YEAR = re.compile(r"^\d{4}")
_CUT = re.compile(r"[\d、，,（）()〔〕\[\]“”\"+\-—－·]")  # what the segmenter cuts a name at
# 州 ends a part only when nothing else splits the name (杭州市 is one part, not 杭州 + 市)
_PLACE_PARTS = [re.compile("(.+?(?:" + "|".join(s for s in PLACE_SUFFIXES if s != "州") + "))"),
                re.compile("(.+?(?:" + "|".join(PLACE_SUFFIXES) + "))")]


def place_names(label: str) -> list[str]:
    """The names a question may give a jurisdiction: its label, its last part, and that part without its
    ending when two characters or more are left.

    Examples
    --------
    >>> place_names("广东省深圳市罗湖区")
    ['广东省深圳市罗湖区', '罗湖区', '罗湖']
    >>> place_names("浙江省杭州市上城区")[1:], place_names("贵州省")[1:]
    (['上城区', '上城'], ['贵州'])
    >>> place_names("新疆维吾尔自治区")
    ['新疆维吾尔自治区', '新疆']
    """
    parts = next((p for rx in _PLACE_PARTS if "".join(p := rx.findall(label)) == label), [])
    names = [label]
    if parts:
        last = parts[-1]
        names.append(last)
        bare = next((last[: -len(s)] for s in PLACE_SUFFIXES if last.endswith(s)), last)
        if len(bare) >= 2:
            names.append(bare)
    return list(dict.fromkeys(names))


def _read_scopes(v: Vocabulary, rows: Any) -> None:
    """Places, 文号, periods and agencies of the built documents (`Vocabulary.place_documents` …), and the
    agencies of each function of `kg.ask.words.FUNCTIONS` the graph holds."""
    years: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        doc, kind, name = row["document"], row["kind"], str(row["name"])
        if kind == "place":
            for alias in place_names(name):
                v.place_documents[alias].add(doc)
        elif kind == "number":
            v.numbers[name] = doc
        elif kind == "period" and name.isdigit():
            years[doc].append(int(name))
        elif kind == "issued" and name.isdigit():
            v.issued[doc] = int(name)
        elif kind == "agency":
            v.agency_documents[name].add(doc)
    v.periods = {doc: (min(ys), max(ys)) for doc, ys in years.items()}
    v.places |= set(v.place_documents)
    for words, cores in FUNCTIONS.values():
        iris = sorted(iri for iri, a in v.agencies.items() if not a.collective
                      and (c := v.agency_core(a.full_name)) is not None and c[1] in cores)
        if iris:
            for w in words:
                v.functions[w] = iris


def _add_policy_tools(v: Vocabulary) -> None:
    """The policy tools of the codebook (`loaders.vocab.tools`): sub-tools by name (税收优惠) and label
    (环境型/税收优惠), types by name (需求型); a name an IP type or industry already has keeps that
    meaning."""
    from loaders.vocab.tools import TOOLS, TYPE_SLUGS

    base = "https://w3id.org/policykg/vocab/policy-tool/"
    for t in TOOLS.values():
        # 知识产权保护 alone is also how task titles speak of protection (知识产权保护的任务由谁牵头 asks
        # about those tasks): the sub-tool is named with its type or 工具 then
        bare = () if t.zh.startswith("知识产权") else (t.zh,)
        for name in (*bare, t.label, f"{t.zh}工具"):
            v.concepts.setdefault(name, Concept(base + t.slug, t.zh, "policy-tool", False, t.type))
    for type_zh, slug in TYPE_SLUGS.items():
        for name in (type_zh, f"{type_zh}工具", f"{type_zh}政策工具"):
            v.concepts.setdefault(name, Concept(base + slug, type_zh, "policy-tool", True, type_zh))


def read_vocabulary(select: Any) -> Vocabulary:
    """Read the vocabulary of a graph through ``select(query_name) -> rows`` (plain values).

    ``select`` runs a lookup query wherever the questions are answered (`kg.ask.answer` passes one that
    uses `kg.sparql.run.run_query`), so a served endpoint gives the same vocabulary as the file.

    Examples
    --------
    >>> v = read_vocabulary(lambda name: [])   # an empty graph: the lexicon only
    >>> v.concepts["著作权"].label, v.concepts["著作权"].top
    ('版权', True)
    """
    lexicon = get_lexicon()
    v = Vocabulary()
    v.gazetteer = dict(lexicon.agency_names)
    for label, entry in lexicon.ip_types.items():
        top = entry.top or entry.concept
        v.concepts[label] = Concept(entry.iri, entry.concept, "ip-type", top == entry.concept, top)
    for label, entry in lexicon.industries.items():
        v.concepts.setdefault(label, Concept(entry.iri, entry.concept, "industry", True, entry.concept))
    _add_policy_tools(v)
    names: dict[str, set[str]] = defaultdict(set)
    full: dict[str, str] = {}
    jurisdiction: dict[str, str] = {}
    collectives: set[str] = set()
    for row in select("question-names"):
        kind, iri, name = row["kind"], row["iri"], row["name"]
        if kind == "agency":
            names[iri].add(name)
            full[iri] = row["full_name"]
            if row.get("extra"):
                jurisdiction[iri] = row["extra"]
        elif kind == "collective":
            collectives.add(iri)
        elif kind == "task":
            title = row.get("full_name") or ""
            v.tasks[iri] = TaskInfo(iri, name, int(row["number"]), title, row["document"])
        elif kind == "document":
            extra = row.get("extra")
            built = extra != "cited"
            old = v.documents.get(iri)
            identifier = old.identifier if old and old.identifier != row["full_name"] else name
            issuer = extra if built else None
            v.documents[iri] = DocumentInfo(iri, identifier, row["full_name"], issuer, built)
        elif kind == "indicator":
            v.indicators[iri] = name
        elif kind in ("goal", "target") and _YEAR.match(str(name)):
            v.years.setdefault(int(str(name)[:4]), []).append((kind, iri, row.get("document") or ""))
    for iri, written in names.items():
        info = AgencyInfo(iri, full[iri], frozenset(written | {full[iri]}), jurisdiction.get(iri),
                          iri in collectives)
        v.agencies[iri] = info
        for n in info.names:
            v.agency_names[n].add(iri)
        if info.jurisdiction:
            v.places.add(info.jurisdiction)
    for d in v.documents.values():
        if d.issuer:
            v.places.add(d.issuer)
            for scope in ("省", "市"):  # 重庆市长寿区 -> 长寿区 as well
                if scope in d.issuer[:-1]:
                    v.places.add(d.issuer.split(scope, 1)[1])
    _read_scopes(v, select("document-scopes"))
    v.places = {p for p in v.places if p and p not in SCOPES}
    for years in v.years.values():
        years.sort()
    return v
