"""Answer a question from the graph: read it (`kg.ask.entities`), pick the intent (`kg.ask.intents`),
run the library query with its parameters bound (`kg.sparql.run.run_query`, on a KG file, an open graph
or a SPARQL endpoint), and return what was understood, the SPARQL that ran, the rows, the answer and
the source text behind each task, assignment and target row.

`ask` is the entry point (``kg.ask``); `Asker` keeps the graph, the vocabulary and the tokenizer of one
KG between questions, which is what makes a question after the first one fast.
"""

from __future__ import annotations

import csv
import io
import json
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..cells import csv_row
from ..resources import queries_dir
from ..sparql.results import QueryResult, format_result
from ..sparql.run import resolve_query, run_query
from ..sparql.text import inject_values
from .doubt import Doubt, doubt_of, read_marks
from .entities import Entity, read_question
from .intents import Plan, classify
from .refusal import AskError, check_question
from .segmentation import QuestionTokenizer
from .vocabulary import Vocabulary, read_vocabulary

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

__all__ = ["ask", "answer_or_refusal", "Asker", "AskResult", "Quote", "ASK_FORMATS"]

ASK_FORMATS = ("table", "json", "csv")


@dataclass(frozen=True)
class Quote:
    """The source text behind a row: ``text`` is ``document_text[start:end]`` of ``document``."""

    row: int
    item: str
    text: str
    start: int
    end: int
    document: str

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "item": self.item, "text": self.text, "start": self.start, "end": self.end,
                "document": self.document}


@dataclass
class AskResult:
    """A question answered: how it was understood, the query and SPARQL that ran, the rows, the answer.

    ``understood`` is ``{"intent", "title", "entities": [{"text", "kind", "iri", "label"}]}``; ``rows`` are
    plain values (str, int, float, bool, None); ``answer`` the values that answer the question (task
    numbers, agency full names, a count …); ``quotes`` the source text of task, assignment and target rows.
    """

    question: str
    understood: dict[str, Any]
    query: str
    sparql: str
    params: dict[str, str]
    columns: list[str]
    rows: list[dict[str, Any]]
    answer: list[Any]
    summary: str
    quotes: list[Quote] = field(default_factory=list)
    result: QueryResult | None = field(default=None, repr=False, compare=False)
    doubt: Doubt | None = None  # rows resting on tasks marked for checking or corrected (kg.ask.doubt)

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data (``policykg ask --format json``)."""
        return {"question": self.question, "understood": self.understood, "query": self.query,
                "params": self.params, "sparql": self.sparql, "columns": self.columns, "rows": self.rows,
                "answer": self.answer, "summary": self.summary, "quotes": [q.to_dict() for q in self.quotes],
                "doubt": self.doubt.to_dict() if self.doubt else None}

    def format(self, fmt: str = "table") -> str:
        """The result as an annotated text table, JSON, or CSV (rows with their quotes)."""
        if fmt == "json":
            return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"
        if fmt == "csv":
            return _csv(self)
        if fmt != "table":
            raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(ASK_FORMATS)}")
        return _table(self)


# ---------------------------------------------------------------------------- the asker
class Asker:
    """Questions on one KG: a file (``data``), an open graph or a SPARQL endpoint.

    Parameters
    ----------
    data, graph, endpoint
        Where the graph is; exactly one.
    timeout, user, password
        As for `kg.sparql.run.run_query`.

    Examples
    --------
    >>> from kg.graph.build import build_graph
    >>> from kg.resources import sample_path
    >>> from kg.sparql.store import open_kg
    >>> from loaders.extract.document import load_document
    >>> asker = Asker(graph=open_kg(build_graph([load_document(sample_path())])))
    >>> r = asker.ask("区法院牵头哪些任务？")
    >>> r.understood["intent"], r.query, r.answer
    ('tasks-led', 'tasks-led-by-agency', ['（三）'])
    >>> r.quotes[0].text
    '（责任单位：区法院，配合单位：区市场监管局、区检察院、区公安局）'
    """

    def __init__(self, *, data: str | os.PathLike[str] | None = None, graph: Graph | None = None,
                 endpoint: str | None = None, timeout: float | None = None, user: str | None = None,
                 password: str | None = None) -> None:
        if sum(x is not None for x in (data, graph, endpoint)) != 1:
            raise ValueError("give exactly one of data, graph or endpoint")
        if data is not None:
            from ..sparql.store import open_kg

            graph = open_kg(data)  # a KGReadError (exit code 5) for a file that is not a KG, as elsewhere
        self.graph = graph
        self.endpoint = endpoint
        self._run_options = {"timeout": timeout, "user": user, "password": password}
        self._sources: dict[str, list[dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self.vocabulary: Vocabulary = read_vocabulary(lambda name: self.select(
            queries_dir() / "lookup" / f"{name}.rq").plain_rows())
        self.tokenizer = QuestionTokenizer(self.vocabulary.words())

    def select(self, query: Any, params: Mapping[str, Node] | None = None) -> QueryResult:
        """Run a library query (or ``.rq`` path) where this asker's graph is."""
        if self.endpoint is not None:
            return run_query(query, params, endpoint=self.endpoint, **self._run_options)
        return run_query(query, params, graph=self.graph, timeout=self._run_options["timeout"])

    def ask(self, question: str) -> AskResult:
        """Answer one question, or raise `AskError`."""
        check_question(question)  # too long, or not text: refused before it is read
        with self._lock:  # the tokenizer and the source cache are not shared between threads
            reading = read_question(question, self.vocabulary, self.tokenizer)
            plan = classify(reading, self.vocabulary)
            return self._answer(question, plan)

    # ------------------------------------------------------------------ answering
    def _answer(self, question: str, plan: Plan) -> AskResult:
        if plan.intent.name == "top-broker":
            result, sparql = self._brokers()
        else:
            result = self._select_scoped(plan)
            sparql = inject_values(resolve_query(plan.query).text, result.bindings)
        rows = result.plain_rows()
        if not rows and plan.intent.name in ("topic-tasks", "topic-agencies"):
            self._sub_type_not_tagged(question, plan)
        answer = _answer_values(plan, rows, self.vocabulary)
        understood = {"intent": plan.intent.name, "title": plan.intent.title,
                      "entities": [e.to_dict() for e in plan.entities]}
        quotes = self._quotes(plan, rows)
        doubt = doubt_of(rows, lambda: read_marks(self.select("flagged-tasks").plain_rows()))
        summary = _summary(plan, rows, answer) + (doubt.sentence() if doubt else "")
        return AskResult(question, understood, plan.query, sparql,
                         {k: (str(v) if isinstance(v, URIRef) else str(v)) for k, v in plan.params.items()},
                         list(result.vars), rows, answer, summary, quotes, result, doubt)

    def _select_scoped(self, plan: Plan) -> QueryResult:
        """The plan's query; once per body for an agency function (市场监管部门), and only the rows of the
        documents in scope for a question about a place's plans."""
        agencies = plan.focus.get("agencies") or [None]
        results = [self.select(plan.query, {**plan.params, **({"agency": URIRef(a)} if a else {})})
                   for a in agencies]
        result = results[0]
        rows = [r for res in results for r in res.rows]
        scope, where = plan.focus.get("scope"), plan.focus.get("where") or {}
        if scope is not None:
            keep = set(scope)
            rows = [r for r in rows if str(r.get("document")) in keep]
        rows = [r for r in rows if all(str(r.get(k)) == v for k, v in where.items())]
        if len(results) == 1 and scope is None and not where:
            return result
        return QueryResult(result.name, result.vars, rows, result.bindings, result.prefixes, result.notes)

    def _sub_type_not_tagged(self, question: str, plan: Plan) -> None:
        """Tasks are tagged with top-level IP types: no rows for a sub-type says nothing about it."""
        topic = next(e for e in plan.entities if e.kind in ("ip-type", "industry"))
        concept = next((c for c in self.vocabulary.concepts.values() if c.iri == topic.iri), None)
        if concept is not None and concept.kind == "ip-type" and not concept.top:
            top = concept.top_label
            raise AskError(question, "not-in-graph",
                           f"图中的任务只标注知识产权大类：“{topic.text}”属于“{top}”，请问“{top}”",
                           [plan.intent.forms[0].replace("地理标志", top)],
                           understood={"intent": plan.intent.name,
                                       "entities": [e.to_dict() for e in plan.entities]})

    def _brokers(self) -> tuple[QueryResult, str]:
        """Betweenness on the co-assignment network (as `policykg metrics`): nodes and edges by SPARQL."""
        import networkx as nx

        folder = queries_dir() / "networks"
        nodes = self.select(folder / "agencies.rq").plain_rows()
        edges = self.select(folder / "co-assignment.rq")
        g = nx.Graph()
        g.add_nodes_from(r["agency"] for r in nodes)
        for r in edges.plain_rows():
            g.add_edge(r["source"], r["target"], weight=r["weight"])
        scores = nx.betweenness_centrality(g, normalized=True) if len(g) else {}
        names = {r["agency"]: (r["label"], r["fullName"]) for r in nodes}
        ordered = sorted(scores, key=lambda a: (-scores[a], names[a][1]))
        rows = [{"label": Literal(names[a][0]), "full_name": Literal(names[a][1]),
                 "betweenness": Literal(round(scores[a], 6)), "agency": URIRef(a)} for a in ordered]
        sparql = inject_values(resolve_query(folder / "co-assignment.rq").text, edges.bindings)
        return QueryResult("co-assignment", ["label", "full_name", "betweenness", "agency"], rows,
                           edges.bindings, edges.prefixes), sparql

    def _source(self, item: str) -> list[dict[str, Any]]:
        if item not in self._sources:
            self._sources[item] = self.select(queries_dir() / "lookup" / "item-source.rq",
                                              {"item": URIRef(item)}).plain_rows()
        return self._sources[item]

    def _quotes(self, plan: Plan, rows: list[dict[str, Any]]) -> list[Quote]:
        name = plan.intent.name
        quotes: list[Quote] = []
        if name in ("targets", "target-year"):
            for i, r in enumerate(rows):
                quotes.append(Quote(i, r["indicator_label"], r["quote"], r["start"], r["end"], r["document"]))
            if not rows and plan.focus.get("year") is not None:
                for kind, goal, _doc in self.vocabulary.years.get(plan.focus["year"], []):
                    if kind == "goal":
                        for s in self._source(goal)[:1]:
                            quotes.append(Quote(-1, f"{plan.focus['year']}年发展目标", s["quote"], s["start"],
                                                s["end"], s["document"]))
            return quotes
        if "task" not in (rows[0] if rows else {}):
            return quotes
        topic = next((e for e in plan.entities if e.kind in ("ip-type", "industry")), None)
        agency = str(plan.params.get("agency") or "") or None
        for i, r in enumerate(rows):
            source = self._source(r["task"])
            if not source:
                continue
            quote = _sentence_for(source, r.get("agency") or agency, topic, self.vocabulary)
            if quote is not None:
                text, start, end = quote
                quotes.append(Quote(i, r.get("id") or "", text, start, end, source[0]["document"]))
        return quotes


def _sentence_for(source: list[dict[str, Any]], agency: str | None, topic: Entity | None,
                  vocab: Vocabulary) -> tuple[str, int, int] | None:
    """The sentence of a task's text that names the agency (its responsibility clause) or the topic."""
    text, start = source[0]["quote"], source[0]["start"]
    at = None
    if agency is not None:
        at = next((s["name_start"] - start for s in source if s.get("agency") == agency
                   and s.get("name_start") is not None), None)
    if at is None and topic is not None:
        labels = [label for label, c in vocab.concepts.items() if c.iri == topic.iri] + [topic.label]
        hits = [text.find(label) for label in labels if label in text]
        at = min(hits) if hits else None
    if at is None:
        at = next((s["name_start"] - start for s in source if s.get("name_start") is not None), None)
    if at is None or not 0 <= at < len(text):
        return None
    marks = "。；;\n"
    left = max(text.rfind(m, 0, at) for m in marks) + 1
    rights = [p for p in (text.find(m, at) for m in marks) if p != -1]
    right = min(rights) + 1 if rights else len(text)
    sentence = text[left:right]
    stripped = sentence.strip()
    left += sentence.find(stripped[:1]) if stripped else 0
    right = left + len(stripped)
    return text[left:right], start + left, start + right


# ---------------------------------------------------------------------------- answers
def _task_label(rows: list[dict[str, Any]], vocab: Vocabulary) -> list[str]:
    """Task numbers as written, with the document's identifier when the rows span documents, and with
    the title when the document numbers two tasks alike (（一） under 第三条 and under 第四条)."""
    documents = {r["document"] for r in rows}
    numbered: dict[tuple[str, str], set[str]] = {}
    for t in vocab.tasks.values():
        numbered.setdefault((t.document, t.id), set()).add(t.iri)
    out = []
    for r in rows:
        label = r["id"]
        if len(numbered.get((r["document"], label), ())) > 1:
            label = f"{label}{r.get('title') or ''}"
        if len(documents) > 1:
            d = vocab.documents.get(r["document"])
            label = f"{d.identifier if d else r['document']}{label}"
        out.append(label)
    return list(dict.fromkeys(out))


def _top(rows: list[dict[str, Any]], key: str, names: list[str]) -> list[str]:
    if not rows:
        return []
    best = max(r[key] for r in rows)
    return [n for r, n in zip(rows, names, strict=True) if r[key] == best and best]


def _answer_values(plan: Plan, rows: list[dict[str, Any]], vocab: Vocabulary) -> list[Any]:
    name, focus = plan.intent.name, plan.focus
    if name in ("tasks-led", "tasks-cooperating", "tasks-joined", "shared-tasks", "topic-tasks"):
        values: list[Any] = _task_label(rows, vocab)
    elif name == "task-count" and focus.get("distinct"):
        return [len({r["task"] for r in rows})]  # tasks, not the rows (a task has a row per role)
    elif name == "task-count":
        return [rows[0][focus["key"]]] if rows else [0]
    elif name == "document-tasks":
        values = _task_label(rows, vocab)
    elif name == "citing":
        values = list(dict.fromkeys(vocab.documents[r["document"]].title if r["document"] in vocab.documents
                                    else r["document"] for r in rows))
    elif name == "tool-tasks":
        values = _task_label(rows, vocab)
    elif name == "tool-share":
        return _tool_share(focus, rows)
    elif name in ("task-leads", "task-cooperators", "task-agencies", "cooperating-only", "topic-agencies"):
        values = list(dict.fromkeys(r["full_name"] for r in rows))
    elif name == "common-partners":
        values = list(dict.fromkeys(r["full_name"] for r in rows))
    elif name == "partners":
        names = [r["full_name"] for r in rows]
        values = _top(rows, "shared_tasks", names) if focus.get("top") else list(dict.fromkeys(names))
    elif name in ("cooperators", "leads-of"):
        names = [r[focus["key"]] for r in rows]
        values = _top(rows, "tasks", names) if focus.get("top") else list(dict.fromkeys(names))
    elif name == "top-pair":
        values = _top(rows, "shared_tasks", [f"{r['name_a']}、{r['name_b']}" for r in rows])
    elif name == "top-lead":
        values = _top(rows, "tasks_led", [r["full_name"] for r in rows])
    elif name in ("top-joined", "top-cooperating"):
        values = _top(rows, focus.get("key", "tasks"), [r["full_name"] for r in rows])
    elif name == "top-broker":
        values = _top(rows, "betweenness", [r["full_name"] for r in rows])
    elif name == "targets":
        values = [f"{r['indicator_label']} {r['year'] or '未定'}年 {r['value']}{r['unit']}" for r in rows]
    elif name == "target-year":
        values = sorted({str(r["year"]) for r in rows if r["year"] is not None})
    elif name == "cited":
        values = list(dict.fromkeys(r["title"] for r in rows))
    elif name in ("summary", "documents", "agency-documents"):
        values = list(dict.fromkeys(r["title"] for r in rows))
    else:  # pragma: no cover - every intent is listed above
        values = []
    if focus.get("count"):
        return [len({r["task"] for r in rows}) if name == "document-tasks" else len(values)]
    return values


def _tool_share(focus: dict[str, Any], rows: list[dict[str, Any]]) -> list[Any]:
    """Per document: the tool's (or type's) uses and share of the document's tool uses (0 when absent)."""
    key = "type" if rows and "type" in rows[0] else "tool"
    by_doc: dict[str, dict[str, Any]] = {}
    for r in rows:
        doc = by_doc.setdefault(r["document_id"], {"uses": 0, "percent": 0, "total": r["uses_in_document"]})
        if str(r[key]) == focus["tool"]:
            doc["uses"] = r["uses"] if key == "type" else r["tasks"]
            doc["percent"] = r["percent"]
    return [f"{d}：{focus['label']}占{float(v['percent']):g}%（{v['uses']}次）" for d, v in by_doc.items()]


def _summary(plan: Plan, rows: list[dict[str, Any]], answer: list[Any]) -> str:
    name = plan.intent.name
    if not rows:
        return "图中没有符合的条目（0 行）。"
    if name == "summary":
        r = rows[0]
        years = f"{r['first_goal_year']}–{r['last_goal_year']}" if r.get("first_goal_year") else "无"
        return "；".join(f"{x['title']}：重点任务 {x['tasks']} 项，保障措施 {x['safeguards']} 项，"
                        f"机构 {x['agencies']} 个，量化指标 {x['targets']} 个，目标年份 {years}，"
                        f"引用文件 {x['cited']} 份" for x in rows) + "。"
    if plan.focus.get("count") or name == "task-count":
        return f"{answer[0]}。"
    if rows and "title" in rows[0] and "id" in rows[0]:  # tasks: number and title
        titles = {}
        for r in rows:
            titles.setdefault(r["id"], r["title"])
        shown = "；".join(f"{a}{titles.get(a, '')}" for a in answer[:30])
    else:
        shown = "、".join(str(a) for a in answer[:30])
    shown += "…" if len(answer) > 30 else ""
    return f"{len(answer)} 项：{shown}。" if len(answer) > 1 else f"{shown}。"


# ---------------------------------------------------------------------------- formats
def _short(value: str) -> str:
    """An IRI as a prefixed name, percent-decoded (pkgid:agency/长寿区人民法院), for the text table."""
    import urllib.parse

    from ..graph.namespaces import PREFIXES

    best = max(((p, str(ns)) for p, ns in PREFIXES.items() if value.startswith(str(ns))),
               key=lambda pn: len(pn[1]), default=None)
    if best is None:
        return value
    return f"{best[0]}:{urllib.parse.unquote(value[len(best[1]):])}"


def _table(r: AskResult) -> str:
    lines = [f"问题 question:  {r.question}",
             f"意图 intent:    {r.understood['intent']} — {r.understood['title']}"]
    for e in r.understood["entities"]:
        where = f" ({_short(e['iri'])})" if e["iri"] else ""
        lines.append(f"实体 entity:    {e['text']} → {e['kind']} {e['label']}{where}")
    params = "  ".join(f"{k}={_short(v)}" for k, v in r.params.items())
    lines.append(f"查询 query:     {r.query}" + (f"  ({params})" if params else ""))
    lines.append(f"回答 answer:    {r.summary}")
    lines.append("")
    if r.result is not None:
        lines.append(format_result(r.result, "table").rstrip("\n"))
    if r.quotes:
        lines += ["", "出处 sources:"]
        for q in r.quotes:
            lines.append(f"  {q.item} [{q.start}–{q.end}] {q.text}")
    # the text that ran, without the comment header of its file (`policykg queries` shows it)
    body = r.sparql.strip("\n").splitlines()
    while body and (body[0].startswith("#") or not body[0].strip()):
        body.pop(0)
    lines += ["", "SPARQL:"] + ["  " + ln for ln in body]
    return "\n".join(lines) + "\n"


def _csv(r: AskResult) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    quoted = {q.row: q for q in r.quotes if q.row >= 0}
    extra = ["quote", "quote_start", "quote_end"] if quoted else []
    writer.writerow(csv_row(r.columns + extra))  # text that looks like a formula gets a ' (kg.cells)
    for i, row in enumerate(r.rows):
        cells = ["" if row.get(c) is None else row[c] for c in r.columns]
        if extra:
            q = quoted.get(i)
            cells += [q.text, q.start, q.end] if q else ["", "", ""]
        writer.writerow(csv_row(cells))
    return buf.getvalue()


# ---------------------------------------------------------------------------- kg.ask
_ASKERS: dict[tuple, Asker] = {}
_ASKERS_LOCK = threading.Lock()


def _key(data: Any, graph: Any, endpoint: Any) -> tuple:
    if data is not None:
        path = Path(data).resolve()
        stat = path.stat() if path.exists() else None
        return ("data", str(path), stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0)
    if graph is not None:
        return ("graph", id(graph), len(graph))
    return ("endpoint", endpoint)


def ask(question: str, *, data: str | os.PathLike[str] | None = None, graph: Graph | None = None,
        endpoint: str | None = None, timeout: float | None = None, user: str | None = None,
        password: str | None = None) -> AskResult:
    """Answer a question in Chinese from the graph, deterministically and offline.

    Parameters
    ----------
    question
        The question as a person types it: 区市场监管局牵头哪些任务？ — see the README's "Ask in
        Chinese" for the forms understood.
    data, graph, endpoint
        A KG file (``out/kg.ttl``), an open graph (`kg.sparql.store.open_kg`) or the URL of a SPARQL
        endpoint; exactly one. The KG is read once per process (per file and modification time).
    timeout, user, password
        As for `kg.sparql.run.run_query`.

    Returns
    -------
    AskResult
        ``understood`` (intent, entities with IRIs), ``query`` and ``sparql`` (what ran), ``columns``,
        ``rows``, ``answer``, ``summary`` and ``quotes`` (the source text of task and target rows).

    Raises
    ------
    AskError
        The question is not understood, names something not in the graph, or is ambiguous; its
        ``suggestions`` are question forms or names the graph does hold.

    Examples
    --------
    >>> from kg.graph.build import build_graph
    >>> from kg.resources import sample_path
    >>> from kg.sparql.store import open_kg
    >>> from loaders.extract.document import load_document
    >>> g = open_kg(build_graph([load_document(sample_path())]))
    >>> ask("区市场监管局牵头几项任务？", graph=g).answer
    [10]
    >>> try:
    ...     ask("长寿区的GDP是多少？", graph=g)
    ... except AskError as refusal:
    ...     print(refusal.reason)
    not-understood
    """
    check_question(question)  # before the KG is opened
    key = _key(data, graph, endpoint) + (timeout, user)
    with _ASKERS_LOCK:
        asker = _ASKERS.get(key)
        if asker is None:
            asker = Asker(data=data, graph=graph, endpoint=endpoint, timeout=timeout, user=user,
                          password=password)
            if len(_ASKERS) >= 8:
                _ASKERS.pop(next(iter(_ASKERS)))
            _ASKERS[key] = asker
    return asker.ask(question)


def answer_or_refusal(question: str, **where: Any) -> AskResult | AskError:
    """`ask`, with a refusal returned rather than raised (``policykg ask`` prints either).

    Examples
    --------
    >>> from kg.graph.build import build_graph
    >>> from kg.resources import sample_path
    >>> from kg.sparql.store import open_kg
    >>> from loaders.extract.document import load_document
    >>> g = open_kg(build_graph([load_document(sample_path())]))
    >>> answer_or_refusal("区税务局配合哪些任务", graph=g).reason
    'not-in-graph'
    """
    try:
        return ask(question, **where)
    except AskError as refusal:
        return refusal

