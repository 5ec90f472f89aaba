"""``load_document(path)``: read one policy document and extract everything into records."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from . import clauses as cl
from .agencies import resolve_agency
from .errors import InputError, NoTasksError, PolicyParseError
from .lexicon import get_lexicon
from .mentions import find_mentions
from .metadata import find_date, find_document_number, find_issuer, find_title
from .normalize import fold
from .records import Agency, Document, DocumentMeta, Responsibility, Safeguard, Section, Span, Task
from .structure import Item, find_items
from .tables import TaskTable, cell_agencies, find_task_tables, row_number
from .targets import find_citations, find_goals, find_targets

__all__ = ["load_document", "parse_text", "document_id"]

MAX_BYTES = 20 * 1024 * 1024  # a policy plan is a few hundred KB; bigger input is refused, not parsed
_SAFEGUARD_TITLE = re.compile(r"保障|组织实施|实施保障|工作要求|组织领导")
_GOAL_TITLE = re.compile(r"目标")
_BRACKET = re.compile(r"[（）]")
_LABEL_LINE = re.compile(
    r"^\s*(?:【\s*)?(?:" + "|".join(cl.LEAD_LABELS + cl.COOP_LABELS) + r")\s*(?:】|[：:])"
)


def document_id(path: str | Path) -> str:
    """The document id: the file name without its extension, spaces and slashes made safe."""
    stem = Path(path).name
    stem = re.sub(r"\.(txt|html?|docx|pdf|md)$", "", stem, flags=re.I)
    return re.sub(r"[\s/\\?#%]+", "-", stem).strip("-") or "document"


def load_document(path: str | Path, *, require_tasks: bool = True) -> Document:
    """Read and parse one document.

    Parameters
    ----------
    path : str or Path
        A ``.txt`` file in UTF-8 (with or without BOM) or GB18030/GBK. Other formats go through
        `loaders.formats` first.
    require_tasks : bool
        Raise `NoTasksError` when no key task with a responsibility clause is found.

    Raises
    ------
    PolicyParseError
        With a one-line message naming the file and the problem.

    Examples
    --------
    >>> doc = load_document("data/changshou-ip-plan.txt")  # doctest: +SKIP
    >>> doc.tasks[0].lead
    ('区市场监管局',)
    """
    path = Path(path)
    source = str(path)
    if not path.exists():
        raise InputError(source, "no such file")
    if path.is_dir():
        raise InputError(source, "is a directory, not a document")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(
            source, f"is {size / 2**20:.0f} MB; documents over {MAX_BYTES // 2**20} MB are refused"
        )
    from .formats import read_text

    text, encoding, hints = read_text(path)
    return parse_text(
        text,
        source=source,
        doc_id=document_id(path),
        encoding=encoding,
        sha256=hints.get("sha256") or hashlib.sha256(path.read_bytes()).hexdigest(),
        title_hint=hints.get("title"),
        require_tasks=require_tasks,
    )


def parse_text(
    text: str,
    *,
    source: str = "<text>",
    doc_id: str = "document",
    encoding: str = "utf-8",
    sha256: str | None = None,
    title_hint: str | None = None,
    require_tasks: bool = True,
) -> Document:
    """Parse decoded text into a `Document` (see `load_document`)."""
    if not text.strip():
        raise InputError(source, "the file is empty")
    if "\x00" in text:
        raise InputError(source, "contains NUL characters: binary data, not text")
    try:
        return _parse(text, source, doc_id, encoding, sha256, title_hint, require_tasks)
    except PolicyParseError:
        raise
    except RecursionError:
        raise PolicyParseError(source, "the document is nested too deeply to parse") from None


def _clause_ranges(folded: str, start: int, end: int) -> list[tuple[int, int, int, int]]:
    """Candidate clauses in ``folded[start:end]``: (outer start, outer end, inner start, inner end).

    Bracketed groups (nesting allowed), and runs of label lines (责任单位：… on their own lines).
    """
    out: list[tuple[int, int, int, int]] = []
    depth, open_at = 0, -1
    for m in _BRACKET.finditer(folded, start, end):
        i = m.start()
        if m.group() == "（":
            if depth == 0:
                open_at = i
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                out.append((open_at, i + 1, open_at + 1, i))
    for line in re.finditer(r"[^\n]+", folded[start:end]):
        ls, le = start + line.start(), start + line.end()
        if _LABEL_LINE.match(line.group()) and not any(a <= ls < b for a, b, _, _ in out):
            if (
                out
                and out[-1][2] <= ls
                and folded[out[-1][1] : ls].strip() == ""
                and _LABEL_LINE.match(folded[out[-1][2] : out[-1][3]])
            ):
                a, _, ia, _ = out[-1]
                out[-1] = (a, le, ia, le)  # a second label line continues the clause
            else:
                out.append((ls, le, ls, le))
    # Unbracketed final sentence in verb style: "……。区科技局牵头，区财政局配合。"
    seg = folded[start:end].rstrip()
    m = re.search(r"[。；]\s*([^。；（）\n]{2,80}(?:牵头|配合|参与|负责)[^。；（）\n]{0,40})。?\s*$", seg)
    if m:
        a, b = start + m.start(1), start + m.end(1)
        if not any(x <= a < y for x, y, _, _ in out):
            out.append((a, b, a, b))
    return sorted(out)


def _parse(
    text: str,
    source: str,
    doc_id: str,
    encoding: str,
    sha256: str | None,
    title_hint: str | None,
    require_tasks: bool,
) -> Document:
    folded = fold(text)
    lex = get_lexicon()
    items = find_items(folded)
    issuer, jur = find_issuer(folded)

    # First pass: clauses in every item's own text.
    rules = cl.find_first_lead_rules(folded)
    tables = find_task_tables(folded)
    table_ranges = [(t.start, t.end) for t in tables]
    own_clauses: dict[int, list[tuple[int, int, int, int]]] = {}
    for item in items:
        found = []
        for a, b in _subtract(item.own_ranges(), table_ranges):
            found.extend(_clause_ranges(folded, max(a, item.body_start), b))
        own_clauses[id(item)] = found
    all_clause_spans = sorted((a, b) for cs in own_clauses.values() for a, b, _, _ in cs)

    def first_leads_at(pos: int, inner: tuple[int, int]) -> bool:
        for rs, _end, later in rules:
            inside_any = any(a <= rs < b for a, b in all_clause_spans)
            if not inside_any:
                return True  # stated outside the clauses: a rule for the whole document
            if inner[0] <= rs < inner[1]:
                return True
            if later and rs < pos:
                return True
        return False

    top_of: dict[int, Item] = {}
    for item in items:
        top = item
        while top.parent is not None:
            top = top.parent
        top_of[id(item)] = top

    def title_of(item: Item, stop: int) -> tuple[str, Span]:
        a = item.body_start
        b = min(stop, item.end)
        m = re.search(r"[。\n]" if item.style != "inline" else r"[。；\n]", folded[a:b])
        e = a + m.start() if m else b
        # A clause directly after the title (no 。) is not part of it.
        for ca, _, _, _ in own_clauses.get(id(item), []):
            if a < ca < e:
                e = ca
        while e > a and folded[e - 1] in " \u3000\r，；：":
            e -= 1
        return text[a:e].strip(), Span(a, e, text[a:e])

    sections: list[Section] = []
    tasks: list[Task] = []
    safeguards: list[Safeguard] = []
    clause_spans: list[tuple[int, int]] = []
    goal_ranges: list[tuple[int, int]] = []
    heading_of: dict[int, str] = {}

    for item in items:
        top = top_of[id(item)]
        title, tspan = title_of(item, item.end)
        parsed: list[Responsibility] = []
        for oa, ob, ia, ib in own_clauses[id(item)]:
            res = cl.parse_clause(folded, ia, ib, first_leads=first_leads_at(oa, (ia, ib)))
            if not res:
                continue
            clause_span = Span(oa, ob, text[oa:ob])
            clause_spans.append((oa, ob))
            for ci in res:
                parsed.append(
                    Responsibility(
                        ci.name, ci.role, Span(ci.start, ci.end, text[ci.start : ci.end]), clause_span
                    )
                )
        in_safeguards = item is not top and bool(_SAFEGUARD_TITLE.search(heading_of.get(id(top), "")))
        parent_heading = heading_of.get(id(item.parent)) if item.parent else None
        span = Span(
            item.start,
            _trim_end(folded, item.start, item.end),
            text[item.start : _trim_end(folded, item.start, item.end)],
        )
        if parsed and not in_safeguards:
            ranges = _subtract([(max(a, item.body_start), b) for a, b in item.own_ranges()], table_ranges)
            ranges = _subtract(ranges, [(a, b) for a, b, _, _ in own_clauses[id(item)]])
            ip, ind, mentions = find_mentions(text, folded, ranges, lex)
            tasks.append(
                Task(
                    item.id,
                    item.number,
                    title,
                    parent_heading,
                    item.path,
                    item.level,
                    span,
                    tspan,
                    _dedupe(parsed),
                    tuple(ip),
                    tuple(ind),
                    tuple(mentions),
                )
            )
        elif in_safeguards and item.parent is top:
            safeguards.append(Safeguard(item.id, item.number, title, item.path, span, _dedupe(parsed)))
        else:
            heading = "".join(item.marker.split()) + title
            heading_of[id(item)] = heading
            sections.append(
                Section(
                    item.id,
                    item.number,
                    title,
                    item.level,
                    span,
                    item.parent.path if item.parent else None,
                    item.path,
                )
            )
            if item.parent is None and _GOAL_TITLE.search(title):
                goal_ranges.append((item.start, item.end))
    for item in items:
        if id(item) not in heading_of:
            heading_of[id(item)] = "".join(item.marker.split()) + title_of(item, item.end)[0]

    for ti, table in enumerate(tables, start=1):
        containers = [it for it in items if it.start <= table.start < it.end]
        container = max(containers, key=lambda it: it.level) if containers else None
        tasks.extend(
            _table_tasks(
                text,
                folded,
                table,
                ti,
                container,
                heading_of.get(id(container)) if container else None,
                first_leads_at(table.start, (table.start, table.start)),
                lex,
            )
        )
        clause_spans.extend((r.line_start, r.line_end) for r in table.rows)
    tasks.sort(key=lambda t: t.span.start)

    if not tasks and require_tasks:
        if not items:
            raise NoTasksError(source, "no numbered items (一、 （一） 1. …) found: is this a policy plan?")
        raise NoTasksError(
            source,
            f"found {len(items)} numbered items but no task with a responsibility clause "
            "(责任单位/牵头单位/…牵头/…负责)",
        )
    if not goal_ranges:
        goal_ranges = [(0, len(folded))]
    targets = find_targets(text, folded, exclude=clause_spans)
    goals = find_goals(text, folded, goal_ranges)
    citations = find_citations(text, folded)

    lines = text.splitlines()
    title = title_hint or find_title(lines)
    meta = DocumentMeta(
        id=doc_id,
        title=title or doc_id,
        issuer=issuer,
        source=source,
        sha256=sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest(),
        encoding=encoding,
        document_number=find_document_number(folded),
        date=find_date(folded),
        title_inferred=title is None,
    )
    names: dict[str, None] = {}
    for t in tasks:
        for r in t.responsibilities:
            names.setdefault(r.agency, None)
    for s in safeguards:
        for r in s.responsibilities:
            names.setdefault(r.agency, None)
    agencies: tuple[Agency, ...] = tuple(resolve_agency(n, lex, jur, doc_id) for n in names)
    return Document(
        meta,
        text,
        tuple(sections),
        tuple(tasks),
        tuple(safeguards),
        tuple(targets),
        tuple(goals),
        tuple(citations),
        agencies,
    )


def _trim_end(folded: str, start: int, end: int) -> int:
    while end > start and folded[end - 1] in " \u3000\r\n":
        end -= 1
    return end


def _subtract(ranges: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for a, b in ranges:
        pos = a
        for ha, hb in sorted(holes):
            if hb <= pos or ha >= b:
                continue
            if ha > pos:
                out.append((pos, ha))
            pos = max(pos, hb)
        if pos < b:
            out.append((pos, b))
    return out


def _dedupe(rs: list[Responsibility]) -> tuple[Responsibility, ...]:
    return tuple(cl.unique_by(rs, lambda r: (r.agency, r.role)))


def _cell_text(folded: str, row, col: int | None) -> str:
    if col is None or col >= len(row.cells):
        return ""
    a, b = row.cells[col]
    return folded[a:b].strip()


def _table_tasks(
    text: str,
    folded: str,
    table: TaskTable,
    index: int,
    container: Item | None,
    section: str | None,
    first_leads: bool,
    lex,
) -> list[Task]:
    """Key tasks from the rows of one task table (rows with an empty number continue a task)."""
    prefix = f"{container.path}." if container else ""
    level = container.level + 1 if container else 1
    groups: list[list] = []
    last_num = None
    for row in table.rows:
        num = _cell_text(folded, row, table.number_col)
        new = (
            not groups
            or (table.number_col is not None and num and num != last_num)
            or (table.number_col is None and _cell_text(folded, row, table.task_col))
        )
        if new:
            groups.append([row])
            last_num = num or last_num
        else:
            groups[-1].append(row)
    out: list[Task] = []
    for n, rows in enumerate(groups, start=1):
        first = rows[0]
        num_text = ""
        if table.number_col is not None and table.number_col < len(first.cells):
            a, b = first.cells[table.number_col]
            num_text = "".join(folded[a:b].split())
        number = row_number(num_text, n) if num_text else n
        ta, tb = (
            first.cells[table.task_col]
            if table.task_col < len(first.cells)
            else (first.line_start, first.line_start)
        )
        m = re.search("。", folded[ta:tb])
        te = ta + m.start() if m else tb
        responsibilities: list[Responsibility] = []
        task_ranges = []
        for row in rows:
            if table.task_col < len(row.cells):
                task_ranges.append(row.cells[table.task_col])
            for ci in cell_agencies(folded, table, row, first_leads):
                col = table.lead_col if ci.role == "lead" and table.lead_col is not None else table.coop_col
                ca, cb = row.cells[col] if col is not None and col < len(row.cells) else (ci.start, ci.end)
                if not (ca <= ci.start and ci.end <= cb):
                    ca, cb = row.line_start, row.line_end
                responsibilities.append(
                    Responsibility(
                        ci.name,
                        ci.role,
                        Span(ci.start, ci.end, text[ci.start : ci.end]),
                        Span(ca, cb, text[ca:cb]),
                    )
                )
        if not responsibilities:
            continue
        ip, ind, mentions = find_mentions(text, folded, task_ranges, lex)
        start, end = first.line_start, rows[-1].line_end
        out.append(
            Task(
                num_text or str(number),
                number,
                text[ta:te].strip(),
                section,
                f"{prefix}table{index}.{n}",
                level,
                Span(start, end, text[start:end]),
                Span(ta, te, text[ta:te]),
                _dedupe(responsibilities),
                tuple(ip),
                tuple(ind),
                tuple(mentions),
            )
        )
    return out
