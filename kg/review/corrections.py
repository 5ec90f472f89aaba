"""Corrections: what a researcher changed in an extraction, read from a file and applied on every build.

A correction names its document by the SHA-256 of the file (as ``policykg extract`` and the review
workbook show it; a prefix of 8 or more hex digits will do), the fact by the task's number (its
dotted position, ``3.1``, or its number as written, ``（一）``, when that is unique), a target's
location (``1203-1230``, its character offsets) or an agency's name as written, and says what the
fact should be. One change per row:

====================  ==================  =====================================================
change                key                 value
====================  ==================  =====================================================
``lead``              task number         the lead units, separated by 、 (as the text writes them)
``cooperating``       task number         the cooperating units (empty: none)
``title``             task number         the task's title
``number``            task number         the task's number as written (（四）)
``remove-task``       task number         —
``add-task``          a new task number   the task's text as quoted from the document (it is
                                          found there); give ``lead``/``cooperating``/``title``/
                                          ``number`` rows with the same key
``target.indicator``  target location     the indicator (also ``target.value``, ``target.unit``,
                                          ``target.year``, ``target.nature``)
``remove-target``     target location     —
``add-target``        a new key           the target sentence as quoted; ``target.*`` rows with
                                          the same key give indicator, value, unit and year
``agency``            name as written     the body's full name (长寿区金融服务中心)
``agency.kind``       name as written     its kind: GovernmentDepartment or 政府部门 …
``tools``             task number         the task's policy tools (供给型/人才培养 or 人才培养 …,
                                          separated by 、; `kg.review.tools`)
``primary-tool``      task number         its primary policy tool
====================  ==================  =====================================================

The corrections come from the review workbook (`kg.review.workbook`: a cell that differs from the
extraction it showed), a CSV file with the columns ``document, sha256, change, key, value, note``
(UTF-8, a BOM is fine), or a YAML file (``reviewer:`` and a ``corrections:`` list of mappings with
those keys; ``value`` may be a list of names); `kg.review.files.read_corrections` reads them all.

`apply_corrections` applies the changes of one document to its records: the KG is then built from
the corrected records as from any other, and `kg.review.provenance` marks each corrected fact.
A change that cannot be applied — an unknown task, a document that changed since the review — is
reported, never dropped silently.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from loaders.errors import ExitCode, PolicyKGError
from loaders.records import Agency, Document, Responsibility, Role, Span, Target, Task

from ..graph.extraction import KIND_ZH
from ..graph.flags import task_for_key as _task_lookup

__all__ = [
    "CHANGES",
    "KINDS",
    "Change",
    "CorrectionSet",
    "CorrectionsError",
    "Applied",
    "Outcome",
    "parse_change_rows",
    "apply_corrections",
    "split_names",
    "cell_text",
    "target_keys",
    "unmatched_report",
    "CHANGE_COLUMNS",
]

CHANGE_COLUMNS = ("document", "sha256", "change", "key", "value", "note")

# change → what it does (the README table and `policykg build --corrections` errors use these)
CHANGES: dict[str, str] = {
    "lead": "set a task's lead units",
    "cooperating": "set a task's cooperating units",
    "title": "set a task's title",
    "number": "set a task's number as written (（四）)",
    "remove-task": "remove a task the extractor read by mistake",
    "add-task": "add a task the extractor missed (value: its text as quoted)",
    "target.indicator": "set a target's indicator",
    "target.value": "set a target's value",
    "target.unit": "set a target's unit",
    "target.year": "set a target's year (empty: no year)",
    "target.nature": "set a target's nature (预期性 or 约束性)",
    "remove-target": "remove a target read by mistake",
    "add-target": "add a target the extractor missed (value: the sentence as quoted)",
    "agency": "give the full name of a unit as written",
    "agency.kind": "give the kind of a unit as written",
    "tools": "set a task's policy tools (供给型/人才培养 or 人才培养 …, separated by 、; empty: none)",
    "primary-tool": "set a task's primary policy tool (one of its tools)",
}

# Chinese names a researcher may write instead of the change codes.
_ALIASES = {
    "牵头": "lead", "牵头单位": "lead", "配合": "cooperating", "配合单位": "cooperating", "标题": "title",
    "编号": "number", "删除任务": "remove-task", "新增任务": "add-task", "指标": "target.indicator",
    "目标值": "target.value",
    "单位": "target.unit", "年份": "target.year", "性质": "target.nature", "删除指标": "remove-target",
    "新增指标": "add-target", "全称": "agency", "机构": "agency", "类型": "agency.kind",
    "政策工具": "tools", "主工具": "primary-tool",
}

# Agency kinds (ontology class local names) and the Chinese labels the ontology gives them.
KINDS: dict[str, str] = KIND_ZH
_KIND_OF_LABEL = {v: k for k, v in KINDS.items()}
_NATURES = ("预期性", "约束性")
_SHA = re.compile(r"^[0-9a-f]{8,64}$")
_NAME_SEPARATORS = re.compile(r"[、，,；;/\n\r\t]+")


class CorrectionsError(PolicyKGError, ValueError):
    """A corrections file that cannot be read (one line: the file, where, and what is wrong)."""

    exit_code = ExitCode.INPUT


@dataclass(frozen=True)
class Change:
    """One change to one fact of one document (see the module docstring for the changes)."""

    sha256: str
    change: str
    key: str
    value: str = ""
    document: str = ""
    note: str = ""
    origin: str = ""  # where it was written: "review.xlsx 任务 tasks!E7", "fixes.csv:3"
    file: str = ""  # the corrections file's name


@dataclass(frozen=True)
class CorrectionSet:
    """The changes of one corrections file, with the file's name and SHA-256 (for provenance), who wrote it
    and when it was last saved (ISO 8601), when the file says."""

    name: str
    sha256: str
    changes: tuple[Change, ...]
    reviewer: str | None = None
    saved: str | None = None

    def for_document(self, sha256: str) -> tuple[Change, ...]:
        """The changes addressed to the document with this SHA-256 (a change may give a prefix)."""
        return tuple(c for c in self.changes if sha256.startswith(c.sha256))


@dataclass(frozen=True)
class Applied:
    """One corrected fact: the item (``task``, ``target`` or ``agency``), its key, the field, what
    was extracted (None: the item was added), what replaced it (None: the item was removed), and the
    span of the text the extracted (or added) fact comes from."""

    item: str
    key: str
    field: str
    extracted: str | None
    corrected: str | None
    span: Span
    note: str = ""
    changes: tuple[Change, ...] = ()  # the rows it comes from
    label: str = ""  # readable name of the item: "（三）加强知识产权保护", "区金融中心", a target quote

    @property
    def file(self) -> str:
        """The corrections file (name) of the first row it comes from."""
        return self.changes[0].file if self.changes else ""


@dataclass
class Outcome:
    """`apply_corrections`' result: the corrected document, what was corrected, and the changes that
    were not applied (each with the reason, one line)."""

    document: Document
    applied: list[Applied] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ reading
def split_names(value: str | Sequence[str] | None) -> list[str]:
    """Unit names from a cell: separated by 、 ， , ； or new lines, white space removed.

    Examples
    --------
    >>> split_names("区科技局、区财政局， 区司法局")
    ['区科技局', '区财政局', '区司法局']
    >>> split_names(["区科技局", " 区财政局"]), split_names(None)
    (['区科技局', '区财政局'], [])
    """
    if value is None:
        return []
    if not isinstance(value, str):
        value = "、".join(str(v) for v in value)
    return [n for n in ("".join(p.split()) for p in _NAME_SEPARATORS.split(value)) if n]


def cell_text(value: Any) -> str:
    """A cell's value as text: None → "", 20.0 → "20", a list → names joined by 、, stripped.

    Examples
    --------
    >>> cell_text(20.0), cell_text(["区科技局", "区财政局"]), cell_text(None)
    ('20', '区科技局、区财政局', '')
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, list | tuple):
        return "、".join(cell_text(v) for v in value)
    return str(value).strip()


def parse_change_rows(rows: Iterable[dict[str, Any]], origin: str, first: int = 1) -> list[Change]:
    """Changes from mappings with the keys of `CHANGE_COLUMNS` (a CSV's rows, a YAML list).

    ``origin`` names the file; each change records its row number (the first row is ``first``: 2 for
    a CSV file, whose line 1 is the header). Blank rows are skipped.

    Raises
    ------
    CorrectionsError
        An unknown change, or a row without a document SHA-256 or a key.

    Examples
    --------
    >>> rows = [{"sha256": "1f12e2bec79e", "change": "牵头", "key": "3.1", "value": ["区科技局"]}]
    >>> c, = parse_change_rows(rows, "fixes.yaml")
    >>> c.change, c.value, c.origin
    ('lead', '区科技局', 'fixes.yaml:1')
    """
    out = []
    for n, row in enumerate(rows, start=first):
        if not isinstance(row, dict):
            raise CorrectionsError(f"{origin}:{n}: a correction is a mapping of {', '.join(CHANGE_COLUMNS)}")
        row = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
        if not any(cell_text(v) for v in row.values()):
            continue
        where = f"{origin}:{n}"
        change = cell_text(row.get("change"))
        change = _ALIASES.get(change, change.lower())
        if change not in CHANGES:
            raise CorrectionsError(f"{where}: unknown change {change!r}; one of {', '.join(CHANGES)}")
        sha = cell_text(row.get("sha256")).lower()
        if not _SHA.match(sha):
            raise CorrectionsError(f"{where}: the document's sha256 (8 to 64 hex digits, from policykg "
                                   "extract or the review workbook) is missing or malformed")
        key = cell_text(row.get("key"))
        if not key:
            raise CorrectionsError(f"{where}: no key (a task number, a target location or a unit name)")
        value = row.get("value")
        out.append(Change(sha, change, key, cell_text(value), cell_text(row.get("document")),
                          cell_text(row.get("note")), where))
    return out


# ------------------------------------------------------------------ keys
def target_keys(doc: Document) -> list[str]:
    """The location key of each target: ``start-end``, with ``/k`` when several targets share a span.

    Examples
    --------
    >>> from loaders.extract.document import parse_text
    >>> text = "三、重点任务\\n（一）完善政策。（责任单位：区科技局）\\n到2025年，专利达到20件。"
    >>> doc = parse_text(text, doc_id="d")
    >>> target_keys(doc)
    ['34-41']
    """
    counts: dict[tuple[int, int], int] = {}
    for t in doc.targets:
        counts[(t.span.start, t.span.end)] = counts.get((t.span.start, t.span.end), 0) + 1
    seen: dict[tuple[int, int], int] = {}
    out = []
    for t in doc.targets:
        where = (t.span.start, t.span.end)
        seen[where] = seen.get(where, 0) + 1
        out.append(f"{where[0]}-{where[1]}" + (f"/{seen[where]}" if counts[where] > 1 else ""))
    return out


def _names(task: Task, role: Role) -> list[str]:
    return [r.agency for r in task.responsibilities if r.role == role]


def _task_label(t: Task) -> str:
    return f"{t.id}{t.title}"


def _summary(title: str, lead: Sequence[str], cooperating: Sequence[str]) -> str:
    out = f"{title}｜牵头：{'、'.join(lead)}"
    return out + (f"｜配合：{'、'.join(cooperating)}" if cooperating else "")


def _format_value(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _target_field(t: Target, name: str) -> str:
    if name == "value":
        return _format_value(t.value)
    if name == "year":
        return "" if t.year is None else str(t.year)
    return getattr(t, name) or ""


# ------------------------------------------------------------------ applying
class _Builder:
    """Applies one document's changes to its records (a helper of `apply_corrections`)."""

    def __init__(self, doc: Document, changes: Sequence[Change]) -> None:
        self.doc = doc
        self.text = doc.text
        self.changes = changes
        self.outcome = Outcome(doc)
        self.tasks: list[Task] = list(doc.tasks)
        self.targets: list[Target] = list(doc.targets)

    def problem(self, change: Change, message: str) -> None:
        self.outcome.problems.append(f"{change.origin}: {change.change} {change.key}: {message}")

    def unchanged(self, change: Change, message: str) -> None:
        self.outcome.unchanged.append(f"{change.origin}: {change.change} {change.key}: {message}")

    def applied(self, *args: Any, **kwargs: Any) -> None:
        self.outcome.applied.append(Applied(*args, **kwargs))

    # -------------------------------------------------------------- locating text
    def locate(self, quote: str) -> Span | None:
        """Where ``quote`` is in the text: exactly, else ignoring white space (first occurrence)."""
        quote = quote.strip()
        if not quote:
            return None
        at = self.text.find(quote)
        if at >= 0:
            return Span(at, at + len(quote), quote)
        squeezed = "".join(quote.split())
        pattern = r"\s*".join(re.escape(ch) for ch in squeezed)
        m = re.search(pattern, self.text)
        if m is None:
            return None
        return Span(m.start(), m.end(), m.group(0))

    def mention(self, task: Task, name: str) -> tuple[Span, Span]:
        """(mention, clause) spans for ``name`` in ``task``: the existing responsibility's, else the
        name found in the task's clause or text, else the clause (or the task) as a whole."""
        for r in task.responsibilities:
            if r.agency == name:
                return r.mention, r.clause
        clause = task.responsibilities[0].clause if task.responsibilities else task.span
        for region in (clause, task.span):
            at = self.text.find(name, region.start, region.end)
            if at >= 0:
                return Span(at, at + len(name), name), clause
        return clause, clause

    def responsibilities(
        self, task: Task, lead: list[str], cooperating: list[str]
    ) -> tuple[Responsibility, ...]:
        out = []
        for role, names in ((Role.LEAD, lead), (Role.COOPERATING, cooperating)):
            for name in names:
                mention, clause = self.mention(task, name)
                out.append(Responsibility(name, role, mention, clause))
        return tuple(out)

    # -------------------------------------------------------------- tasks
    def run(self) -> Outcome:
        by_kind: dict[str, list[Change]] = {}
        for c in self.changes:
            by_kind.setdefault(c.change, []).append(c)
        added = self.add_tasks(by_kind)
        self.remove_tasks(by_kind.get("remove-task", []))
        self.task_fields([c for c in self.changes if c.change in ("lead", "cooperating", "title", "number")
                          and c.key not in added])
        self.tool_fields([c for c in self.changes if c.change in ("tools", "primary-tool")
                          and c.key not in added])
        added_targets = self.add_targets(by_kind)
        self.target_changes([c for c in self.changes
                             if (c.change.startswith("target.") or c.change == "remove-target")
                             and c.key not in added_targets])
        agencies = self.agencies()
        agencies = self.agency_changes(agencies, [c for c in self.changes if c.change.startswith("agency")])
        self.outcome.document = dataclasses.replace(
            self.doc, tasks=tuple(sorted(self.tasks, key=lambda t: (t.span.start, t.path))),
            targets=tuple(sorted(self.targets, key=lambda t: t.span.start)), agencies=tuple(agencies))
        return self.outcome

    def add_tasks(self, by_kind: dict[str, list[Change]]) -> set[str]:
        done: set[str] = set()
        for c in by_kind.get("add-task", []):
            if any(t.path == c.key for t in self.doc.tasks):
                self.problem(c, f"the document already has task {c.key}; change its lead or cooperating "
                                "units instead")
                continue
            span = self.locate(c.value)
            if span is None:
                self.problem(c, "the task's text was not found in the document (quote it as written)")
                continue
            fields = {x.change: x for x in self.changes if x.key == c.key and x.change in
                      ("lead", "cooperating", "title", "number")}
            lead = split_names(fields["lead"].value) if "lead" in fields else []
            cooperating = split_names(fields["cooperating"].value) if "cooperating" in fields else []
            if not lead:
                self.problem(c, "a task needs at least one lead unit (a lead row with the same key)")
                continue
            title = fields["title"].value if "title" in fields else _default_title(span.quote)
            path = c.key
            last = path.rsplit(".", 1)[-1]
            number = int(last) if last.isdigit() else 0
            written = fields["number"].value.strip() if "number" in fields else ""
            stub = Task(written or path, number, title, None, path, path.count(".") + 1, span, span, ())
            task = dataclasses.replace(stub, responsibilities=self.responsibilities(stub, lead, cooperating))
            self.tasks.append(task)
            done.add(c.key)
            origins = (c, *fields.values())
            notes = "；".join(x.note for x in (c, *fields.values()) if x.note)
            self.applied("task", path, "task", None, _summary(title, lead, cooperating), span, notes, origins,
                         _task_label(task))
        return done

    def remove_tasks(self, changes: list[Change]) -> None:
        for c in changes:
            task = _task_lookup(self.doc, c.key)
            if task is None:
                self.problem(c, "no such task in the document")
                continue
            if task not in self.tasks:
                continue  # removed twice
            self.tasks.remove(task)
            self.applied("task", task.path, "task", _summary(task.title, task.lead, task.cooperating), None,
                         task.span, c.note, (c,), _task_label(task))

    def task_fields(self, changes: list[Change]) -> None:
        per_task: dict[str, list[Change]] = {}
        for c in changes:
            task = _task_lookup(self.doc, c.key)
            if task is None:
                self.problem(c, "no such task in the document")
                continue
            per_task.setdefault(task.path, []).append(c)
        for path, cs in per_task.items():
            i = next((k for k, t in enumerate(self.tasks) if t.path == path), None)
            if i is None:
                for c in cs:
                    self.problem(c, "the task is removed by another correction")
                continue
            task = self.tasks[i]
            lead, cooperating = _names(task, Role.LEAD), _names(task, Role.COOPERATING)
            new_lead, new_coop, title, written = list(lead), list(cooperating), task.title, task.id
            roles_changed: list[Change] = []
            for c in cs:
                if c.change == "number":
                    if c.value.strip() == task.id:
                        self.unchanged(c, "the number is already so")
                    elif not c.value.strip():
                        self.problem(c, "a task needs its number as written")
                    else:
                        written = c.value.strip()
                        self.applied("task", path, "number", task.id, written, task.title_span, c.note,
                                     (c,), _task_label(task))
                    continue
                if c.change == "title":
                    if c.value.strip() == task.title:
                        self.unchanged(c, "the title is already so")
                    elif not c.value.strip():
                        self.problem(c, "a task needs a title")
                    else:
                        title = c.value.strip()
                        self.applied("task", path, "title", task.title, title, task.title_span, c.note,
                                     (c,), _task_label(task))
                    continue
                names = split_names(c.value)
                if c.change == "lead" and not names:
                    self.problem(c, "a task needs at least one lead unit (to drop the task, remove it)")
                    continue
                if names == (lead if c.change == "lead" else cooperating):
                    self.unchanged(c, "the extraction already has these units")
                    continue
                if c.change == "lead":
                    new_lead = names
                else:
                    new_coop = names
                roles_changed.append(c)
            both = [n for n in new_coop if n in new_lead]
            if both:
                culprit = roles_changed[-1] if roles_changed else cs[-1]
                self.problem(culprit, f"{'、'.join(both)} both lead and cooperate; kept as lead")
                new_coop = [n for n in new_coop if n not in new_lead]
            new = dataclasses.replace(task, title=title, id=written)
            if roles_changed:
                rs = self.responsibilities(task, new_lead, new_coop)
                new = dataclasses.replace(new, responsibilities=rs)
                clause = task.responsibilities[0].clause if task.responsibilities else task.span
                # one corrected fact per role that changed (a unit made lead leaves the cooperating
                # units too), attributed to the rows that changed it
                for role, before, after in (("lead", lead, new_lead), ("cooperating", cooperating, new_coop)):
                    if before == after:
                        continue
                    rows = tuple(c for c in roles_changed if c.change == role) or tuple(roles_changed)
                    note = "；".join(c.note for c in rows if c.note)
                    self.applied("task", path, role, "、".join(before), "、".join(after), clause, note, rows,
                                 _task_label(task))
            self.tasks[i] = new

    def tool_fields(self, changes: list[Change]) -> None:
        """Policy-tool codes (`kg.review.tools`)."""
        from .tools import apply_tool_changes

        apply_tool_changes(self, changes)

    # -------------------------------------------------------------- targets
    def add_targets(self, by_kind: dict[str, list[Change]]) -> set[str]:
        done: set[str] = set()
        for c in by_kind.get("add-target", []):
            span = self.locate(c.value)
            if span is None:
                self.problem(c, "the sentence was not found in the document (quote it as written)")
                continue
            fields = {x.change.split(".", 1)[1]: x for x in self.changes
                      if x.key == c.key and x.change.startswith("target.")}
            missing = [f for f in ("indicator", "value", "unit") if f not in fields or not fields[f].value]
            if missing:
                rows = ", ".join(f"target.{m}" for m in missing)
                self.problem(c, f"a new target needs {rows} rows with the same key")
                continue
            try:
                year = _year(fields["year"].value) if "year" in fields else None
                nature = _nature(fields["nature"].value) if "nature" in fields else None
                target = Target(fields["indicator"].value, _number(fields["value"].value),
                                fields["unit"].value, year, nature, span)
            except ValueError as exc:
                self.problem(c, str(exc))
                continue
            self.targets.append(target)
            done.add(c.key)
            key = f"{span.start}-{span.end}"
            summary = f"{target.indicator} {_format_value(target.value)}{target.unit}" + (
                f"（{target.year}年）" if target.year else "")
            self.applied("target", key, "target", None, summary, span, c.note,
                         (c, *fields.values()), span.quote.strip())
        return done

    def target_changes(self, changes: list[Change]) -> None:
        keys = dict(zip(target_keys(self.doc), self.doc.targets, strict=True))
        for c in sorted(changes, key=lambda c: c.change == "remove-target"):
            target = keys.get(c.key)
            if target is None:
                self.problem(c, "no target at this location in the document")
                continue
            try:
                i = next(k for k, t in enumerate(self.targets) if t is target or t.span == target.span
                         and t.indicator == target.indicator)
            except StopIteration:
                self.problem(c, "the target is removed by another correction")
                continue
            current = self.targets[i]
            if c.change == "remove-target":
                del self.targets[i]
                summary = f"{target.indicator} {_format_value(target.value)}{target.unit}"
                self.applied("target", c.key, "target", summary, None, target.span, c.note, (c,),
                             target.span.quote.strip())
                continue
            name = c.change.split(".", 1)[1]
            try:
                read = {"value": _number, "year": _year, "nature": _nature}.get(name, _nonempty)
                value: Any = read(c.value)
            except ValueError as exc:
                self.problem(c, str(exc))
                continue
            if getattr(current, name) == value:
                self.unchanged(c, f"the extraction already has this {name}")
                continue
            self.targets[i] = dataclasses.replace(current, **{name: value})
            self.applied("target", c.key, name, _target_field(target, name),
                         _target_field(self.targets[i], name), target.span, c.note, (c,),
                         target.span.quote.strip())

    # -------------------------------------------------------------- agencies
    def agencies(self) -> list[Agency]:
        """The agencies named by the corrected tasks: the extracted ones kept, new names resolved."""
        from loaders.extract.agencies import resolve_agency
        from loaders.extract.metadata import find_issuer
        from loaders.read.normalize import fold
        from loaders.vocab.lexicon import get_lexicon

        known = {a.name: a for a in self.doc.agencies}
        names: dict[str, None] = {}
        for t in self.tasks:
            for r in t.responsibilities:
                names.setdefault(r.agency, None)
        for s in self.doc.safeguards:
            for r in s.responsibilities:
                names.setdefault(r.agency, None)
        jur = None
        out = []
        for n in names:
            if n not in known:
                if jur is None:
                    jur = find_issuer(fold(self.text))[1] or False
                known[n] = resolve_agency(n, get_lexicon(), jur or None, self.doc.meta.id)
            out.append(known[n])
        return out

    def agency_changes(self, agencies: list[Agency], changes: list[Change]) -> list[Agency]:
        index = {a.name: i for i, a in enumerate(agencies)}
        for c in sorted(changes, key=lambda c: (c.key, c.change)):
            i = index.get(c.key)
            if i is None:
                self.problem(c, "no unit is written so in the document's tasks")
                continue
            a = agencies[i]
            if c.change == "agency":
                full = "".join(c.value.split())
                if not full:
                    self.problem(c, "no full name given")
                    continue
                if full == a.full_name:
                    self.unchanged(c, "the unit already has this full name")
                    continue
                jurisdiction = a.jurisdiction if a.jurisdiction and full.startswith(a.jurisdiction) else None
                agencies[i] = Agency(a.name, full, a.kind, full, jurisdiction, None)
                self.applied("agency", a.name, "full-name", a.full_name, full, self.agency_span(a.name),
                             c.note, (c,), a.name)
            else:
                kind = _KIND_OF_LABEL.get(c.value.strip(), c.value.strip())
                if kind not in KINDS:
                    self.problem(c, f"unknown kind {c.value!r}; one of {', '.join(KINDS)} (or 政府部门 …)")
                    continue
                if kind == a.kind:
                    self.unchanged(c, "the unit is already of this kind")
                    continue
                agencies[i] = dataclasses.replace(a, kind=kind)
                self.applied("agency", a.name, "kind", a.kind, kind, self.agency_span(a.name), c.note,
                             (c,), a.name)
        return agencies

    def agency_span(self, name: str) -> Span:
        for t in self.tasks:
            for r in t.responsibilities:
                if r.agency == name:
                    return r.mention
        at = self.text.find(name)
        return Span(at, at + len(name), name) if at >= 0 else Span(0, 0, "")


def _default_title(quote: str) -> str:
    head = re.split(r"[。；;\n]", quote.strip(), maxsplit=1)[0]
    head = re.sub(r"^\s*[（(]?[一二三四五六七八九十百\d]+[)）、.．]\s*", "", head)
    return head[:40] or quote.strip()[:40]


def _number(value: str) -> float:
    try:
        return float(str(value).replace(",", "").strip())
    except ValueError:
        raise ValueError(f"{value!r} is not a number") from None


def _year(value: str) -> int | None:
    value = str(value).strip().removesuffix("年")
    if not value:
        return None
    if not value.isdigit() or not 1900 <= int(value) <= 2200:
        raise ValueError(f"{value!r} is not a year")
    return int(value)


def _nature(value: str) -> str | None:
    value = str(value).strip()
    if value and value not in _NATURES:
        raise ValueError(f"a target's nature is 预期性 or 约束性, not {value!r}")
    return value or None


def _nonempty(value: str) -> str:
    if not str(value).strip():
        raise ValueError("the value is empty")
    return str(value).strip()


def apply_corrections(doc: Document, changes: Sequence[Change]) -> Outcome:
    """Apply the changes addressed to ``doc`` and return the corrected document with what changed.

    Changes are applied in a fixed order — added tasks, removed tasks, task units and titles, added
    targets, target fields and removed targets, then agency names and kinds — so the result does not
    depend on the order of the rows. New unit names are resolved as the extractor resolves names.

    Examples
    --------
    >>> from loaders.extract.document import parse_text
    >>> doc = parse_text("三、重点任务\\n（一）完善政策。内容。（责任单位：区科技局、区财政局）", doc_id="d")
    >>> out = apply_corrections(doc, [Change(doc.meta.sha256[:12], "lead", "1.1", "区科技局"),
    ...                               Change(doc.meta.sha256[:12], "cooperating", "（一）", "区财政局")])
    >>> out.document.tasks[0].lead, out.document.tasks[0].cooperating
    (('区科技局',), ('区财政局',))
    >>> [(a.field, a.extracted, a.corrected) for a in out.applied]
    [('lead', '区科技局、区财政局', '区科技局'), ('cooperating', '', '区财政局')]
    """
    if not changes:
        return Outcome(doc)
    return _Builder(doc, changes).run()


def unmatched_report(corrections: CorrectionSet, built: Iterable[tuple[str, str, str]]) -> list[str]:
    """Lines for the changes that address no built document: ``built`` is (document id, SHA-256,
    source) of each document of the build. A change whose document id is built under another SHA-256
    is for a document that changed since the review; the others name documents not in this build.

    Examples
    --------
    >>> c = Change("aaaaaaaa", "lead", "3.1", "X", "plan", origin="fix.csv:2")
    >>> cs = CorrectionSet("fix.csv", "00", (c,))
    >>> unmatched_report(cs, [("plan", "bbbbbbbbcc", "plan.txt")])  # doctest: +NORMALIZE_WHITESPACE
    ['fix.csv: 1 correction for plan not applied: the document changed since the review (sha256
      aaaaaaaa → bbbbbbbbcc), review it again: policykg review plan.txt']
    """
    built = list(built)
    by_id = {doc_id: (sha, source) for doc_id, sha, source in built}
    groups: dict[tuple[str, str], list[Change]] = {}
    for c in corrections.changes:
        if any(sha.startswith(c.sha256) for _, sha, _ in built):
            continue
        groups.setdefault((c.document, c.sha256), []).append(c)
    lines = []
    for (doc_id, sha), cs in sorted(groups.items()):
        n = f"{len(cs)} correction{'' if len(cs) == 1 else 's'}"
        if doc_id in by_id:
            now, source = by_id[doc_id]
            lines.append(f"{corrections.name}: {n} for {doc_id} not applied: the document changed since "
                         f"the review (sha256 {sha[:12]} → {now[:12]}), review it again: "
                         f"policykg review {source}")
        else:
            lines.append(f"{corrections.name}: {n} for {doc_id or sha[:12]} not applied: no document of this "
                         f"build has sha256 {sha[:12]}")
    return lines
