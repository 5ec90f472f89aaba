"""A user's own vocabulary for one build: agency aliases and full names, industries and their synonyms.

``policykg build --lexicon FILE`` (also ``extract`` and ``review``) merges FILE with the packaged
vocabularies for that run only — no package file is edited. FILE is

- **CSV** (UTF-8, a BOM is fine) with the columns ``type, label, concept, kind``::

      type,label,concept,kind
      industry,电商,电子商务,
      industry,文旅,文化旅游,
      agency,金融中心,金融服务中心,GovernmentDepartment

  ``type`` is ``agency`` (机构), ``industry`` (产业) or ``ip-type`` (知识产权); ``label`` the word as
  documents write it; ``concept`` its preferred name — for an agency the name *without* its
  jurisdiction (the gazetteer adds 长寿区 from the document, as for packaged names); ``kind`` an
  agency's kind (GovernmentDepartment or 政府部门 …; guessed from the name when empty). A concept
  that the packaged vocabularies know keeps its IRI; a new one gets an IRI under
  ``https://w3id.org/policykg/vocab/…/user/``. An optional ``needs_context`` column (true/false) marks
  industry words that count only in a list of industries or before 产业/行业/领域; an optional
  ``function`` column gives a new agency name its function (``ontology/vocab/functions.ttl``: its Chinese
  or English label or its IRI's last segment — 市场监管, market-regulation), which its agencies get as
  ``pkg:hasFunction`` (a packaged name keeps its own unless the row gives one).
- **Turtle**: SKOS concepts as in ``ontology/vocab/*.ttl`` — a packaged concept with more
  ``skos:altLabel`` s (``pkgind:e-commerce skos:altLabel "电商"@zh``), or new concepts typed
  ``pkg:Industry`` / ``pkg:AgencyName`` (with ``pkg:agencyKind`` and ``pkg:hasFunction``) / ``pkg:IPType``.

Merging: a user label replaces the packaged entry with the same label for that run. `check_lexicon`
(``policykg lexicon --check FILE``) reports what would conflict: a label the packaged vocabularies give
another concept, a label given two concepts in the file, a label that is also another kind of term.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from loaders.errors import ExitCode, PolicyKGError
from loaders.vocab.lexicon import LexEntry, Lexicon, packaged_lexicon

__all__ = ["UserEntry", "UserLexicon", "LexiconError", "CheckReport", "read_lexicon", "check_lexicon",
           "lexicon_lines", "TABLES"]

BASE = "https://w3id.org/policykg/vocab/"
# table of lexicon.json → (words a CSV may use for it, vocabulary path segment, scheme)
TABLES = {
    "agency_names": (("agency", "机构", "agency-name", "agency_name"), "agency-name"),
    "industries": (("industry", "产业", "行业"), "industry"),
    "ip_types": (("ip-type", "ip_type", "知识产权", "知识产权类型"), "ip-type"),
}
_TABLE_OF_TYPE = {word: table for table, (words, _) in TABLES.items() for word in words}
_TABLE_NAMES = {"agency_names": "agency name", "industries": "industry", "ip_types": "IP type"}


class LexiconError(PolicyKGError, ValueError):
    """A lexicon file that cannot be read (one line: the file, where, what is wrong)."""

    exit_code = ExitCode.INPUT


@dataclass(frozen=True)
class UserEntry:
    """One label of the user's lexicon: which table, the label, its concept (preferred name) and IRI."""

    table: str
    label: str
    concept: str
    iri: str
    kind: str | None = None
    needs_context: bool = False
    top: str | None = None
    origin: str = ""
    new_concept: bool = False  # the packaged vocabularies do not know the concept
    function: str | None = None  # agency names: IRI of the pkg:AgencyFunction

    def row(self) -> dict[str, Any]:
        """The row for `loaders.vocab.lexicon.set_user_lexicon` (lexicon.json's shape)."""
        out: dict[str, Any] = {"label": self.label, "concept": self.concept, "iri": self.iri}
        if self.table == "ip_types":
            out["top"] = self.top
        if self.table == "industries":
            out["needs_context"] = self.needs_context
        if self.table == "agency_names":
            out["kind"] = self.kind
            out["function"] = self.function
        return out


@dataclass(frozen=True)
class UserLexicon:
    """The entries of one lexicon file."""

    name: str
    entries: tuple[UserEntry, ...] = field(default=())

    def rows(self) -> dict[str, list[dict[str, Any]]]:
        """All entries as lexicon rows by table, in file order (a later row wins a label)."""
        out: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        for e in self.entries:
            out[e.table].append(e.row())
        return {t: rows for t, rows in out.items() if rows}

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for e in self.entries:
            out[e.table] = out.get(e.table, 0) + 1
        return out

    def triples(self) -> list[tuple[Any, Any, Any]]:
        """What the KG needs of the file: new industry and IP-type concepts with their labels, and the
        new labels of packaged concepts, so queries find tasks by the user's words too."""
        from rdflib import RDF, Literal, URIRef
        from rdflib.namespace import SKOS

        from .namespaces import PKG

        out: list[tuple[Any, Any, Any]] = []
        cls = {"industries": PKG.Industry, "ip_types": PKG.IPType}
        for e in self.entries:
            if e.table not in cls:
                continue  # agencies carry their names themselves
            c = URIRef(e.iri)
            scheme = URIRef(BASE + TABLES[e.table][1])
            if e.new_concept:
                out += [(c, RDF.type, SKOS.Concept), (c, RDF.type, cls[e.table]), (c, SKOS.inScheme, scheme),
                        (c, SKOS.prefLabel, Literal(e.concept, lang="zh"))]
            if e.label != e.concept:
                out.append((c, SKOS.altLabel, Literal(e.label, lang="zh")))
        return out

    def summary(self) -> str:
        """One line: what the file adds.

        Examples
        --------
        >>> UserLexicon("my.csv", (UserEntry("industries", "电商", "电子商务", "x"),)).summary()
        'my.csv: 1 industry label'
        """
        counts = sorted(self.counts().items())
        parts = [f"{n} {_TABLE_NAMES[t]} label{'' if n == 1 else 's'}" for t, n in counts]
        return f"{self.name}: {', '.join(parts) or 'no entries'}"


def _agency_kind(value: str, origin: str) -> str | None:
    from .extraction import KIND_ZH as KINDS

    value = value.strip().rsplit("#", 1)[-1]
    if not value:
        return None
    by_label = {v: k for k, v in KINDS.items()}
    kind = by_label.get(value, value)
    if kind not in KINDS:
        raise LexiconError(f"{origin}: unknown agency kind {value!r}; one of {', '.join(KINDS)}")
    return kind


def _agency_function(value: str, origin: str) -> str | None:
    """The IRI of the function ``value`` names (its zh or en label, its IRI or the IRI's last segment)."""
    value = value.strip()
    if not value:
        return None
    known = _functions()
    iri = known.get(value) or known.get(value.lower())
    if iri is None:
        raise LexiconError(f"{origin}: unknown agency function {value!r}; one of "
                           f"{', '.join(sorted(k for k in known if not k.isascii()))}")
    return iri


@lru_cache(maxsize=1)
def _functions() -> dict[str, str]:
    """Every name of every function of ``functions.ttl`` → its IRI."""
    from rdflib import Graph
    from rdflib.namespace import RDF, SKOS

    from ..resources import ontology_dir
    from .namespaces import PKG

    g = Graph().parse(ontology_dir() / "vocab" / "functions.ttl")
    out: dict[str, str] = {}
    for f in g.subjects(RDF.type, PKG.AgencyFunction):
        iri = str(f)
        for name in [iri, iri.rsplit("/", 1)[-1], *(str(o) for o in g.objects(f, SKOS.prefLabel))]:
            out[name] = out[name.lower()] = iri
    return out


def _packaged_concepts(lex: Lexicon, table: str) -> dict[str, LexEntry]:
    """Concept preferred name → an entry of it (for its IRI, kind, top)."""
    out: dict[str, LexEntry] = {}
    for e in getattr(lex, table).values():
        out.setdefault(e.concept, e)
    return out


def _entry(table: str, label: str, concept: str, origin: str, kind: str | None = None,
           needs_context: bool | None = None, iri: str | None = None,
           function: str | None = None) -> list[UserEntry]:
    """The entries for one (label, concept): the label, and the concept's own name when it is new."""
    from loaders.extract.agencies import infer_kind

    lex = packaged_lexicon()
    label, concept = "".join(label.split()), "".join(concept.split())
    if not label or not concept:
        raise LexiconError(f"{origin}: a row needs a label and a concept")
    known = getattr(lex, table).get(concept) or _packaged_concepts(lex, table).get(concept)
    if iri is None and known is not None:
        concept, iri = known.concept, known.iri
    new = known is None
    if table == "ip_types" and known is None:
        raise LexiconError(f"{origin}: {concept!r} is not a packaged IP type; a user lexicon adds "
                           "synonyms of IP types (专利, 商标 …), not new types")
    if iri is None:
        iri = f"{BASE}{TABLES[table][1]}/user/{quote(concept, safe='')}"
    if table == "agency_names":
        kind = kind or (known.kind if known is not None else None) or infer_kind(concept)
        function = function or (known.function if known is not None else None)
    base = dict(kind=kind if table == "agency_names" else None,
                needs_context=bool(needs_context) if table == "industries" else False,
                top=known.top if table == "ip_types" and known is not None else None, origin=origin,
                new_concept=new, function=function if table == "agency_names" else None)
    out = [UserEntry(table, label, concept, iri, **base)]
    # A new concept is known by its own name too; so is a packaged agency name given another function,
    # since the build reads an agency's function from its concept's name.
    refunctioned = table == "agency_names" and known is not None and function != known.function
    if (new or refunctioned) and label != concept:
        out.append(UserEntry(table, concept, concept, iri, **base))
    return out


def _truthy(value: str) -> bool | None:
    v = value.strip().lower()
    if not v:
        return None
    return v in ("1", "true", "yes", "y", "是", "t")


def _read_csv(data: bytes, name: str) -> list[UserEntry]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LexiconError(f"{name}: not UTF-8 text") from None
    reader = csv.DictReader(io.StringIO(text))
    header = {(h or "").strip().lower() for h in reader.fieldnames or []}
    missing = {"type", "label", "concept"} - header
    if missing:
        raise LexiconError(f"{name}: the header needs the columns type, label, concept (kind optional); "
                           f"missing {', '.join(sorted(missing))}")
    out: list[UserEntry] = []
    for n, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k is not None}
        if not any(row.values()) or row.get("type", "").startswith("#"):
            continue
        origin = f"{name}:{n}"
        table = _TABLE_OF_TYPE.get(row.get("type", "").lower())
        if table is None:
            raise LexiconError(f"{origin}: unknown type {row.get('type')!r}; agency, industry or ip-type")
        kind = _agency_kind(row.get("kind", ""), origin) if table == "agency_names" else None
        function = _agency_function(row.get("function", ""), origin) if table == "agency_names" else None
        out += _entry(table, row.get("label", ""), row.get("concept", ""), origin, kind,
                      _truthy(row.get("needs_context", "")), function=function)
    return out


def _read_turtle(data: bytes, path: Path) -> list[UserEntry]:
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, SKOS

    from ..resources import vocab_paths
    from .namespaces import PKG

    user = Graph()
    try:
        user.parse(data=data, format="turtle")
    except Exception as exc:  # noqa: BLE001 - rdflib raises many kinds for bad Turtle
        raise LexiconError(f"{path.name}: not valid Turtle ({' '.join(str(exc).split())[:200]})") from None
    packaged = Graph()
    for p in vocab_paths():
        packaged.parse(p, format="turtle")
    tables = {PKG.AgencyName: "agency_names", PKG.Industry: "industries", PKG.IPType: "ip_types"}

    def zh(g: Graph, s: URIRef, p: URIRef) -> list[str]:
        return sorted(str(o) for o in g.objects(s, p)
                      if isinstance(o, Literal) and (o.language or "").startswith("zh"))

    out: list[UserEntry] = []
    subjects = sorted(set(user.subjects(SKOS.prefLabel, None)) | set(user.subjects(SKOS.altLabel, None)))
    for s in subjects:
        if not isinstance(s, URIRef):
            continue
        origin = f"{path.name} <{s}>"
        kinds = {tables[t] for g in (user, packaged) for t in g.objects(s, RDF.type) if t in tables}
        if len(kinds) != 1:
            raise LexiconError(f"{origin}: type the concept pkg:Industry, pkg:AgencyName or pkg:IPType")
        table = kinds.pop()
        pref = zh(packaged, s, SKOS.prefLabel) or zh(user, s, SKOS.prefLabel)
        if not pref:
            raise LexiconError(f"{origin}: a new concept needs a skos:prefLabel in Chinese (@zh)")
        kind_iri = user.value(s, PKG.agencyKind) or packaged.value(s, PKG.agencyKind)
        kind = _agency_kind(str(kind_iri), origin) if table == "agency_names" and kind_iri else None
        needs = user.value(s, PKG.needsContext)
        function_iri = user.value(s, PKG.hasFunction) or packaged.value(s, PKG.hasFunction)
        function = (_agency_function(str(function_iri), origin)
                    if table == "agency_names" and function_iri else None)
        for label in zh(user, s, SKOS.prefLabel) + zh(user, s, SKOS.altLabel):
            out += _entry(table, label, pref[0], origin, kind,
                          bool(needs.toPython()) if isinstance(needs, Literal) else None, str(s), function)
    # a concept the packaged vocabularies know is not new, whatever its IRI says
    known = {e.iri for t in tables.values() for e in getattr(packaged_lexicon(), t).values()}
    return [UserEntry(**{**e.__dict__, "new_concept": e.iri not in known}) for e in out]


def read_lexicon(path: str | os.PathLike[str]) -> UserLexicon:
    """Read a user lexicon (.csv or .ttl).

    The file is read through `kg.userfiles`: a regular file (not a device, a FIFO or a directory) of
    at most 20 MB.

    Raises
    ------
    LexiconError
        The file is missing, not a regular file, too big, or a row cannot be read (the message names
        the file and the row).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "my.csv"
    >>> _ = p.write_text("type,label,concept,kind\\nindustry,电商,电子商务,\\n", encoding="utf-8")
    >>> [(e.label, e.concept, e.new_concept) for e in read_lexicon(p).entries]
    [('电商', '电子商务', False)]
    """
    from ..userfiles import read_user_file

    p = Path(path)
    data = read_user_file(p, "lexicon file", LexiconError)
    if p.suffix.lower() == ".csv":
        try:
            entries = _read_csv(data, p.name)
        except csv.Error as exc:  # a field over the csv module's limit (128 KiB), a bad quote …
            raise LexiconError(f"{p}: not a readable CSV file ({' '.join(str(exc).split())})") from None
    elif p.suffix.lower() in (".ttl", ".turtle"):
        entries = _read_turtle(data, p)
    else:
        raise LexiconError(f"{p}: a lexicon file is .csv or .ttl (Turtle)")
    unique = {(e.table, e.label, e.concept, e.iri): e for e in reversed(entries)}  # first occurrence kept
    return UserLexicon(p.name, tuple(e for e in entries if unique[(e.table, e.label, e.concept, e.iri)] is e))


@dataclass
class CheckReport:
    """`check_lexicon`'s findings: conflicts (what the merge would change or leave ambiguous) and notes."""

    conflicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.conflicts

    def text(self, name: str) -> str:
        lines = [f"conflict   {c}" for c in self.conflicts] + [f"note       {n}" for n in self.notes]
        verdict = "no conflicts" if self.ok else f"{len(self.conflicts)} conflict" + (
            "" if len(self.conflicts) == 1 else "s")
        return "\n".join([*lines, f"{name}: {verdict}"]) + "\n"


def check_lexicon(user: UserLexicon, packaged: Lexicon | None = None) -> CheckReport:
    """Conflicts between a user lexicon and the packaged one, and within the file.

    Examples
    --------
    >>> e = UserEntry("industries", "文旅", "文化创意", "x", origin="my.csv:2")
    >>> check_lexicon(UserLexicon("my.csv", (e,))).conflicts
    ["my.csv:2: industry '文旅' is 旅游 in the packaged vocabularies; here 文化创意 (this file wins)"]
    """
    packaged = packaged or packaged_lexicon()
    report = CheckReport()
    seen: dict[tuple[str, str], UserEntry] = {}
    for e in user.entries:
        what = _TABLE_NAMES[e.table]
        earlier = seen.get((e.table, e.label))
        if earlier is not None and earlier.concept != e.concept:
            report.conflicts.append(f"{e.origin}: {what} {e.label!r} is {earlier.concept} at "
                                    f"{earlier.origin} and {e.concept} here (the later row wins)")
        seen[(e.table, e.label)] = e
        old = getattr(packaged, e.table).get(e.label)
        if old is not None and old.concept != e.concept:
            report.conflicts.append(f"{e.origin}: {what} {e.label!r} is {old.concept} in the packaged "
                                    f"vocabularies; here {e.concept} (this file wins)")
        elif old is not None and e.label != e.concept:
            report.notes.append(f"{e.origin}: {what} {e.label!r} → {e.concept} is already packaged")
        elif old is not None and e.table == "agency_names" and e.kind != old.kind:
            report.conflicts.append(f"{e.origin}: agency name {e.label!r} is of kind {old.kind} in the "
                                    f"packaged vocabularies; here {e.kind} (this file wins)")
        if old is not None and e.table == "agency_names" and old.concept == e.concept \
                and e.function != old.function:
            report.conflicts.append(f"{e.origin}: agency name {e.label!r} has the function "
                                    f"{_slug(old.function)} in the packaged vocabularies; here "
                                    f"{_slug(e.function)} (this file wins)")
        for other in TABLES:
            if other != e.table and e.label in getattr(packaged, other):
                report.conflicts.append(f"{e.origin}: {e.label!r} is also a packaged {_TABLE_NAMES[other]}; "
                                        "both will match the same words")
        if e.new_concept and e.label == e.concept:
            report.notes.append(f"{e.origin}: new {what} {e.concept}")
    return report


def _slug(iri: str | None) -> str:
    return iri.rsplit("/", 1)[-1] if iri else "none"


def lexicon_lines(user: UserLexicon | None) -> list[str]:
    """The KG's N-Triples lines for the user lexicon (`UserLexicon.triples`)."""
    if user is None:
        return []
    from .ntriples import to_lines

    return to_lines(user.triples())
