"""The SPARQL editor's queries: read-only SELECT and ASK, with a time limit that really stops them.

A query a person writes may take forever (a cross join of every triple with every other). On the
embedded store such a query cannot be interrupted from Python, and a thread left running keeps a core
busy, so editor queries run in child processes that hold their own copy of the KG
(``python -m kg.explore.editor FILE…``, JSON lines on its standard input and output), a small pool
of them (`PROCESSES`), so one person's slow query does not hold the next one's. At the deadline, or
when a query makes its child's memory grow past `QUERY_MEMORY_MB`, the child is killed (SIGKILL) and
the next query starts a new one; the explorer's pages, which use the server's own store, never wait
for them. On an endpoint the query is sent with the same time limit (`kg.sparql.run.run_query`) and
the server cancels it.

Only SELECT and ASK are run: the text is checked by `kg.sparql.text.parse_problem` before it is sent
anywhere, and the child's store answers queries only (it has no update entry point). A ``SERVICE``
to an endpoint the person running the explorer did not allow (``--allow-service``) is refused
(`kg.sparql.service`): the server would otherwise call any URL, loopback included, for whoever can
reach the editor.
"""

from __future__ import annotations

import json
import os
import re
import selectors
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import QueryError, QueryTimeout, one_line
from ..processes import QUERY_MEMORY_MB, query_memory_budget, rss_mb

__all__ = ["EditorResult", "QueryWorker", "check_query", "MAX_ROWS", "MAX_QUERY_LENGTH", "PROCESSES",
           "QUERY_MEMORY_MB"]

#: Rows an editor query shows at most (the rest is counted as cut).
MAX_ROWS = 1000
#: Characters an editor query may have.
MAX_QUERY_LENGTH = 20_000
# Comments, strings and IRIs, blanked out before looking for an update keyword.
_NOT_CODE = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
                       r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*")
# An update, after the prologue (PREFIX and BASE lines; comments, strings and IRIs blanked out).
_UPDATE = re.compile(r"^\s*(?:(?:PREFIX\s+[^:\s]*:|BASE)\s*)*"
                     r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)
#: Seconds the child may take to load the KG before its first query.
LOAD_TIMEOUT = 300.0
#: Editor queries that run at once, each in its own child process.
PROCESSES = 2
_MEMORY_POLL = 0.05  # seconds between looks at a running query's memory


@dataclass
class EditorResult:
    """What an editor query returned: ``columns`` and ``rows`` of terms as in the SPARQL 1.1 JSON results
    format (``{"type": "uri" | "literal" | "bnode", "value", "xml:lang"?, "datatype"?}``), whether the rows
    were cut at `MAX_ROWS`, and the seconds it took."""

    columns: list[str]
    rows: list[list[dict[str, str] | None]] = field(default_factory=list)
    truncated: bool = False
    seconds: float = 0.0


def check_query(text: str, allowed_services: tuple[str, ...] = ()) -> str:
    """The query text if it is a SELECT or ASK query that parses and calls no endpoint but those of
    ``allowed_services`` with ``SERVICE`` (`kg.sparql.service`), else `QueryError` (one line).

    Examples
    --------
    >>> check_query("ASK { ?s ?p ?o }")
    'ASK { ?s ?p ?o }'
    >>> check_query("PREFIX x: <urn:x:> # a comment\\nDELETE WHERE { ?s ?p ?o }")
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: the explorer is read-only: only SELECT and ASK queries are run, no SPARQL Update
    """
    from ..sparql.text import parse_problem

    if not text.strip():
        raise QueryError("the query is empty")
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"the query is longer than {MAX_QUERY_LENGTH:,} characters")
    if _UPDATE.match(_code_only(text)):
        raise QueryError("the explorer is read-only: only SELECT and ASK queries are run, no SPARQL Update")
    problem = parse_problem(text)
    if problem:
        raise QueryError(problem)
    from ..sparql.service import check_services

    return check_services(text, allowed_services)


def _code_only(text: str) -> str:
    """The query with comments, strings and IRIs blanked out (same length).

    Examples
    --------
    >>> _code_only('PREFIX a: <urn:x#> # INSERT\\nSELECT ("#" AS ?x) {}')
    'PREFIX a:                  \\nSELECT (    AS ?x) {}'
    """
    return _NOT_CODE.sub(lambda m: " " * len(m.group(0)), text)


def _term_json(term: Any) -> dict[str, str] | None:
    """A pyoxigraph or rdflib term in the SPARQL JSON results form."""
    if term is None:
        return None
    if type(term).__module__.startswith("pyoxigraph"):
        import pyoxigraph as ox

        if isinstance(term, ox.NamedNode):
            return {"type": "uri", "value": term.value}
        if isinstance(term, ox.BlankNode):
            return {"type": "bnode", "value": term.value}
        if not isinstance(term, ox.Literal):
            return {"type": "literal", "value": str(term)}  # an RDF-star triple, shown as written
        value, language, datatype = term.value, term.language, term.datatype.value
    else:
        from rdflib import BNode, URIRef

        if isinstance(term, URIRef):
            return {"type": "uri", "value": str(term)}
        if isinstance(term, BNode):
            return {"type": "bnode", "value": str(term)}
        value, language = str(term), getattr(term, "language", None)
        datatype = str(term.datatype) if getattr(term, "datatype", None) is not None else None
    out = {"type": "literal", "value": value}
    if language:
        out["xml:lang"] = language
    elif datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = datatype
    return out


# ---------------------------------------------------------------------------- the child
def _answer(store: Any, text: str, limit: int) -> dict[str, Any]:
    import pyoxigraph as ox

    started = time.monotonic()
    result = store.query(text)
    if isinstance(result, ox.QueryBoolean):
        value = {"type": "literal", "value": "true" if bool(result) else "false",
                 "datatype": "http://www.w3.org/2001/XMLSchema#boolean"}
        return {"columns": ["ask"], "rows": [[value]], "truncated": False,
                "seconds": time.monotonic() - started}
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("only SELECT and ASK queries can be run")
    columns = [v.value for v in result.variables]
    rows, truncated = [], False
    for solution in result:  # lazily: a query with a huge answer stops at the limit
        if len(rows) == limit:
            truncated = True
            break
        rows.append([_term_json(solution[i]) for i in range(len(columns))])
    return {"columns": columns, "rows": rows, "truncated": truncated, "seconds": time.monotonic() - started}


def _child(files: list[str]) -> int:
    """The child process: load the KG, say ready, answer one JSON line per query."""
    from ..sparql.store import native_store, open_kg

    try:
        graph = open_kg([Path(f) for f in files])
    except Exception as exc:  # noqa: BLE001 - reported to the parent as one line
        sys.stdout.write(json.dumps({"error": one_line(exc)}) + "\n")
        sys.stdout.flush()
        return 1
    store = native_store(graph)
    sys.stdout.write(json.dumps({"ready": len(graph)}) + "\n")
    sys.stdout.flush()
    for line in sys.stdin:
        try:
            request = json.loads(line)
            answer = _answer(store, request["query"], int(request.get("limit", MAX_ROWS)))
        except Exception as exc:  # noqa: BLE001 - every failure is an answer
            answer = {"error": one_line(exc)}
        sys.stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


# ---------------------------------------------------------------------------- the parent
class _Child:
    """One child process that holds a copy of the KG and answers one query at a time."""

    def __init__(self, files: list[str], memory_mb: float | None) -> None:
        self.files = files
        self.memory_mb = memory_mb
        self.proc: subprocess.Popen[bytes] | None = None
        self.buffer = b""
        self.ready = False
        self.baseline = 0.0  # MB resident once the KG is loaded

    def start(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            return
        from ..processes import die_with_parent

        parent = os.getpid()
        env = dict(os.environ, PYTHONIOENCODING="utf-8")
        self.proc = subprocess.Popen(  # noqa: S603 - our own module, our own files
            [sys.executable, "-m", "kg.explore.editor", *self.files],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
            preexec_fn=lambda: die_with_parent(parent),  # noqa: PLW1509
        )
        self.buffer, self.ready = b"", False

    def kill(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        if proc is not None:
            proc.wait()
            for stream in (proc.stdin, proc.stdout):
                if stream is not None:
                    stream.close()

    def readline(self, deadline: float | None, watch_memory: bool = False) -> dict[str, Any]:
        """The child's next JSON line; `TimeoutError` past ``deadline``; `QueryError` (the child
        killed) when ``watch_memory`` and its memory grows past the budget."""
        assert self.proc is not None and self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        limit = self.baseline + self.memory_mb if watch_memory and self.memory_mb else None
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while b"\n" not in self.buffer:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    raise TimeoutError
                wait = _MEMORY_POLL if limit is not None else left
                if wait is not None and left is not None:
                    wait = min(wait, left)
                if not sel.select(wait):
                    if limit is not None and rss_mb(self.proc.pid) > limit:
                        self.kill()
                        raise QueryError(f"the query used more than {self.memory_mb:,.0f} MB of memory and "
                                         "was stopped; narrow it (LIMIT, FILTER)")
                    continue
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    raise QueryError("the query process stopped")
                self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return json.loads(line)

    def run(self, text: str, limit: int, timeout: float | None) -> EditorResult:
        self.start()
        if not self.ready:
            try:
                hello = self.readline(time.monotonic() + LOAD_TIMEOUT)
            except TimeoutError:
                self.kill()
                raise QueryTimeout(f"the KG did not load within {LOAD_TIMEOUT:g} s") from None
            if "error" in hello:
                self.kill()
                raise QueryError(hello["error"])
            self.ready = True
            assert self.proc is not None
            self.baseline = rss_mb(self.proc.pid)
        assert self.proc is not None and self.proc.stdin is not None
        started = time.monotonic()
        try:
            self.proc.stdin.write(json.dumps({"query": text, "limit": limit}).encode("utf-8") + b"\n")
            self.proc.stdin.flush()
            answer = self.readline(None if timeout is None else started + timeout, watch_memory=True)
        except TimeoutError:
            self.kill()
            raise QueryTimeout(f"the query did not finish within {timeout:g} s and was stopped") from None
        except BrokenPipeError:
            self.kill()
            raise QueryError("the query process stopped; run the query again") from None
        except QueryError:
            if self.proc is not None and self.proc.poll() is not None:
                self.kill()
            raise
        if "error" in answer:
            raise QueryError(answer["error"])
        seconds = time.monotonic() - started
        return EditorResult(answer["columns"], answer["rows"], answer["truncated"], seconds)


class QueryWorker:
    """Runs editor queries on a KG file in child processes (a small pool), each query with a time limit
    and a memory budget: at the deadline, or when the child's memory grows past the budget, the child
    is killed (SIGKILL) and a new one answers the next query.

    Up to ``processes`` queries run at once, each in its own child (started when first needed, so a
    quiet server holds one copy of the KG); a query that finds them all busy waits for one up to the
    time limit and is then refused, so queries never pile up behind each other without end.

    Parameters
    ----------
    files
        The KG file(s) to load (the ontology and vocabularies are added, as `kg.sparql.store.open_kg` does).
    timeout
        Seconds a query may run.
    allowed_services
        Endpoints a query's ``SERVICE`` may call (`kg.sparql.service`); none by default.
    processes
        Queries that may run at once (`PROCESSES`).
    memory_mb
        MB a query may add to its child's memory (default `QUERY_MEMORY_MB`, or
        ``POLICYKG_QUERY_MEMORY_MB``; ``0`` for no limit).

    Examples
    --------
    >>> worker = QueryWorker(["out/kg.ttl"], timeout=60)
    >>> worker.run("SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/policykg/ontology#KeyTask> }").rows
    [[{'type': 'literal', 'value': '12', 'datatype': 'http://www.w3.org/2001/XMLSchema#integer'}]]
    >>> worker.close()
    """

    def __init__(self, files: list[str | Path], timeout: float | None = 30.0, *,
                 allowed_services: tuple[str, ...] = (), processes: int = PROCESSES,
                 memory_mb: float | None = -1.0) -> None:
        self.files = [str(Path(f).resolve()) for f in files]
        self.timeout = timeout
        self.allowed_services = tuple(allowed_services)
        self.processes = max(1, processes)
        self.memory_mb = query_memory_budget() if memory_mb == -1.0 else (memory_mb or None)
        self._children: list[_Child] = []
        self._free: list[_Child] = []
        self._cond = threading.Condition()
        self.restarts = 0

    def start(self) -> None:
        """Start the first child (it loads the KG while the server goes on)."""
        with self._cond:
            if not self._children:
                child = _Child(self.files, self.memory_mb)
                self._children.append(child)
                self._free.append(child)
            if self._free:
                self._free[0].start()

    def _take(self) -> _Child:
        deadline = None if self.timeout is None else time.monotonic() + self.timeout
        with self._cond:
            while True:
                if self._free:
                    return self._free.pop(0)
                if len(self._children) < self.processes:
                    child = _Child(self.files, self.memory_mb)
                    self._children.append(child)
                    return child
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    raise QueryTimeout(f"{self.processes} other queries were running for more than "
                                       f"{self.timeout:g} s; try again")
                self._cond.wait(left)

    def _give_back(self, child: _Child) -> None:
        with self._cond:
            self._free.insert(0, child)  # a warm child first: a quiet server keeps one copy of the KG
            self._cond.notify()

    def run(self, text: str, limit: int = MAX_ROWS) -> EditorResult:
        """Run a SELECT or ASK query; `QueryTimeout` when it overruns, `QueryError` when it uses more
        memory than allowed (the child is killed either way)."""
        check_query(text, self.allowed_services)
        child = self._take()
        try:
            return child.run(text, limit, self.timeout)
        except QueryError:
            if child.proc is None:
                self.restarts += 1
            raise
        finally:
            self._give_back(child)

    @property
    def pid(self) -> int | None:
        """The process id of the first child, while it runs."""
        with self._cond:
            for child in self._children:
                if child.proc is not None and child.proc.poll() is None:
                    return child.proc.pid
        return None

    def close(self) -> None:
        """Stop the children."""
        with self._cond:
            for child in self._children:
                child.kill()


def run_on_endpoint(text: str, endpoint: str, timeout: float | None, user: str | None = None,
                    password: str | None = None, limit: int = MAX_ROWS,
                    allowed_services: tuple[str, ...] = ()) -> EditorResult:
    """Run an editor query on a SPARQL endpoint with the time limit (the server cancels it)."""
    from ..sparql.library import query_from_text
    from ..sparql.run import run_query

    check_query(text, allowed_services)
    started = time.monotonic()
    result = run_query(query_from_text(text, "editor"), endpoint=endpoint, timeout=timeout, user=user,
                       password=password)
    rows = [[_term_json(row.get(c)) for c in result.vars] for row in result.rows[:limit]]
    return EditorResult(list(result.vars), rows, len(result.rows) > limit, time.monotonic() - started)


if __name__ == "__main__":  # pragma: no cover - the child process
    sys.exit(_child(sys.argv[1:]))
