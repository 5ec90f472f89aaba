"""Frozen, typed records that the loaders produce.

The loaders turn text into these records and nothing else; ``kg`` turns records into RDF.
Offsets are ``[start, end)`` in characters of the decoded text (`Document.text`), and every
`Span.quote` equals ``text[start:end]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "Span",
    "AgencyMention",
    "Responsibility",
    "Section",
    "Task",
    "ToolUse",
    "Safeguard",
    "Target",
    "Goal",
    "Citation",
    "DocumentRelation",
    "RelationKind",
    "Agency",
    "DocumentMeta",
    "Document",
    "ExtractionWarning",
    "Role",
    "TargetKind",
]

class Role(StrEnum):
    """An agency's role in a task: it leads (牵头) or cooperates (配合).

    A `StrEnum`, so a role compares equal to and prints as its value (``"lead"``).
    """

    LEAD = "lead"
    COOPERATING = "cooperating"


class TargetKind(StrEnum):
    """What a target's value measures: a level to reach (达到20件) or a rate of change (年均增长10%).

    A `StrEnum`, so a kind compares equal to and prints as its value (``"rate"``).
    """

    LEVEL = "level"
    RATE = "rate"


@dataclass(frozen=True, slots=True)
class Span:
    """A character range of the decoded text, with the text it covers."""

    start: int
    end: int
    quote: str

    def as_list(self) -> list[int]:
        return [self.start, self.end]


@dataclass(frozen=True, slots=True)
class AgencyMention:
    """An agency name as written, with its position."""

    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class Responsibility:
    """One agency's responsibility for one task, as the clause states it.

    ``agency`` is the name exactly as written (white space removed); ``clause`` is the span of
    the whole responsibility clause it was read from and ``mention`` the span of the name.
    """

    agency: str
    role: Role
    mention: Span
    clause: Span


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered heading of the document that is not itself a task."""

    id: str
    number: int
    title: str
    level: int
    span: Span
    parent: str | None = None  # id path of the enclosing section, None at top level
    path: str = ""  # unique position, e.g. "3" or "3.1"


@dataclass(frozen=True, slots=True)
class ToolUse:
    """A policy tool a task deploys (`loaders.vocab.tools`): its label, as the codebook writes it
    (``供给型/人才培养``), the first clause that deploys it and the number of sentences that do.

    ``coder`` is who coded it: ``"policykg"`` (the rules of `loaders.extract.tools`) or a researcher's
    correction (``"correction"``).
    """

    tool: str
    evidence: Span
    sentences: int = 1
    coder: str = "policykg"


@dataclass(frozen=True, slots=True)
class Task:
    """A numbered item of the plan's action part that carries a responsibility clause."""

    id: str
    number: int
    title: str
    section: str | None
    path: str
    level: int
    span: Span
    title_span: Span
    responsibilities: tuple[Responsibility, ...]
    ip_types: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    agency_mentions: tuple[AgencyMention, ...] = ()
    tool_uses: tuple[ToolUse, ...] = ()  # the policy tools it deploys, in the codebook's order
    primary_tool: str | None = None  # one of the tool_uses' labels (codebook §6), None when it deploys none

    @property
    def tools(self) -> tuple[str, ...]:
        """The labels of the tools it deploys (``供给型/资金投入`` …)."""
        return tuple(u.tool for u in self.tool_uses)

    @property
    def lead(self) -> tuple[str, ...]:
        return tuple(r.agency for r in self.responsibilities if r.role == "lead")

    @property
    def cooperating(self) -> tuple[str, ...]:
        return tuple(r.agency for r in self.responsibilities if r.role == "cooperating")


@dataclass(frozen=True, slots=True)
class Safeguard:
    """An item of the safeguards part (保障措施)."""

    id: str
    number: int
    title: str
    path: str
    span: Span
    responsibilities: tuple[Responsibility, ...] = ()


@dataclass(frozen=True, slots=True)
class Target:
    """A numeric target: indicator, value, unit, year (None if not given), nature.

    ``kind`` says what the value measures: ``"level"`` — a level to reach (达到20件, 建成10个),
    ``"rate"`` — a rate of change (年均增长10%, 提高2个百分点). ``comparison`` is how the value bounds
    the outcome where the text says: ``"at-least"`` (以上, 不低于, ≥), ``"at-most"`` (以下, 以内, ≤) or
    ``"about"`` (左右, 约). ``baseline`` is the starting value the text gives (由44%提高到60%: 44; an
    indicator table's base-year column) and ``baseline_year`` its year.
    """

    indicator: str
    value: float
    unit: str
    year: int | None
    nature: str | None
    span: Span
    kind: TargetKind = TargetKind.LEVEL
    comparison: str | None = None
    baseline: float | None = None
    baseline_year: int | None = None

    @property
    def value_out(self) -> int | float:
        return int(self.value) if float(self.value).is_integer() else self.value

    @property
    def baseline_out(self) -> int | float | None:
        if self.baseline is None:
            return None
        return int(self.baseline) if float(self.baseline).is_integer() else self.baseline


@dataclass(frozen=True, slots=True)
class Goal:
    """A development goal for a year (到2025年，…)."""

    year: int
    span: Span


@dataclass(frozen=True, slots=True)
class Citation:
    """A document cited by its title in 《…》."""

    title: str
    span: Span


class RelationKind(StrEnum):
    """How a document relates to a document it names: it implements (贯彻落实), is based on (根据),
    supersedes (废止) or amends (修订) it.

    A `StrEnum`, so a kind compares equal to and prints as its value (``"based-on"``).
    """

    IMPLEMENTS = "implements"
    BASED_ON = "based-on"
    SUPERSEDES = "supersedes"
    AMENDS = "amends"


@dataclass(frozen=True, slots=True)
class DocumentRelation:
    """A document the text says this one implements, is based on, supersedes or amends.

    ``title`` is the 《title》 as cited (the same string as the `Citation` it was read from: every
    relation is also a citation); ``span`` covers the relation words and the title.
    """

    kind: RelationKind
    title: str
    span: Span


@dataclass(frozen=True, slots=True)
class Agency:
    """An agency named in the document, resolved through the gazetteer.

    ``name`` is the form written in the document, ``full_name`` the resolved full name with
    its jurisdiction, ``key`` the identity used for the IRI (same body → same key across
    documents), ``kind`` the ontology class local name (``GovernmentDepartment`` …).
    """

    name: str
    full_name: str
    kind: str
    key: str
    jurisdiction: str | None = None
    canonical: str | None = None


@dataclass(frozen=True, slots=True)
class ExtractionWarning:
    """A place where the extractor is unsure, for a researcher to check.

    ``code`` names the kind of doubt (see `loaders.extract.warnings.CODES`), ``message`` says what was seen
    and what was done, ``span`` is where (its ``quote`` is the text to read). ``level`` is ``"check"``
    (this task or field is probably wrong: look here) or ``"note"`` (worth knowing, probably right);
    ``tasks`` are the tasks the warning concerns, by `Task.path` (unique in the document, unlike the
    number as written; the KG's task IRIs are made from it).
    """

    code: str
    message: str
    span: Span
    level: str = "note"
    tasks: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    id: str
    title: str
    issuer: str | None
    source: str
    sha256: str
    encoding: str
    document_number: str | None = None
    date: str | None = None  # ISO 8601
    title_inferred: bool = False
    period: tuple[int, int] | None = None  # the plan period (first year, last year), e.g. (2021, 2025)
    period_label: str | None = None  # the period's Five-Year-Plan name when the text gives one: 十四五


@dataclass(frozen=True, slots=True)
class Document:
    """Everything extracted from one document."""

    meta: DocumentMeta
    text: str
    sections: tuple[Section, ...] = ()
    tasks: tuple[Task, ...] = ()
    safeguards: tuple[Safeguard, ...] = ()
    targets: tuple[Target, ...] = ()
    goals: tuple[Goal, ...] = ()
    citations: tuple[Citation, ...] = ()
    agencies: tuple[Agency, ...] = field(default=())
    warnings: tuple[ExtractionWarning, ...] = ()
    relations: tuple[DocumentRelation, ...] = ()

    @property
    def goal_years(self) -> tuple[int, ...]:
        return tuple(sorted({g.year for g in self.goals}))

    @property
    def cited_documents(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for c in self.citations:
            seen.setdefault(c.title, None)
        return tuple(seen)
