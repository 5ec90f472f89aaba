"""The SPARQL editor's queries: read-only SELECT and ASK, with a time limit that really stops them.

A query a person writes may take forever (a cross join of every triple with every other). On the
embedded store such a query cannot be interrupted from Python, and a thread left running keeps a core
busy, so editor queries run in a child process that holds its own copy of the KG
(``python -m kg.explore.editor FILE…``, JSON lines on its standard input and output). At the deadline
the child is killed (SIGKILL) and the next query starts a new one; the explorer's pages, which use
the server's own store, never wait for it. On an endpoint the query is sent with the same time limit
(`kg.sparql.run.run_query`) and the server cancels it.

Only SELECT and ASK are run: the text is checked by `kg.sparql.text.parse_problem` before it is sent
anywhere, and the child's store answers queries only (it has no update entry point).
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

__all__ = ["EditorResult", "QueryWorker", "check_query", "MAX_ROWS", "MAX_QUERY_LENGTH"]

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


@dataclass
class EditorResult:
    """What an editor query returned: ``columns`` and ``rows`` of terms as in the SPARQL 1.1 JSON results
    format (``{"type": "uri" | "literal" | "bnode", "value", "xml:lang"?, "datatype"?}``), whether the rows
    were cut at `MAX_ROWS`, and the seconds it took."""

    columns: list[str]
    rows: list[list[dict[str, str] | None]] = field(default_factory=list)
    truncated: bool = False
    seconds: float = 0.0


def check_query(text: str) -> str:
    """The query text if it is a SELECT or ASK query that parses, else `QueryError` (one line).

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
    return text


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
class QueryWorker:
    """Runs editor queries on a KG file in a child process, one at a time, killing it at the deadline.

    Parameters
    ----------
    files
        The KG file(s) to load (the ontology and vocabularies are added, as `kg.sparql.store.open_kg` does).
    timeout
        Seconds a query may run.

    Examples
    --------
    >>> worker = QueryWorker(["out/kg.ttl"], timeout=60)
    >>> worker.run("SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/policykg/ontology#KeyTask> }").rows
    [[{'type': 'literal', 'value': '12', 'datatype': 'http://www.w3.org/2001/XMLSchema#integer'}]]
    >>> worker.close()
    """

    def __init__(self, files: list[str | Path], timeout: float | None = 30.0) -> None:
        self.files = [str(Path(f).resolve()) for f in files]
        self.timeout = timeout
        self._proc: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self._ready = False
        self._lock = threading.Lock()
        self.restarts = 0

    def start(self) -> None:
        """Start the child (it loads the KG while the server goes on); a no-op when it runs."""
        with self._lock:
            self._start()

    def _start(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            return
        from ..processes import die_with_parent

        parent = os.getpid()
        env = dict(os.environ, PYTHONIOENCODING="utf-8")
        self._proc = subprocess.Popen(  # noqa: S603 - our own module, our own files
            [sys.executable, "-m", "kg.explore.editor", *self.files],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
            preexec_fn=lambda: die_with_parent(parent),  # noqa: PLW1509
        )
        self._buffer, self._ready = b"", False

    def _kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        if proc is not None:
            proc.wait()
            for stream in (proc.stdin, proc.stdout):
                if stream is not None:
                    stream.close()

    def _readline(self, deadline: float | None) -> dict[str, Any]:
        assert self._proc is not None and self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while b"\n" not in self._buffer:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    raise TimeoutError
                if not sel.select(left):
                    continue
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    raise QueryError("the query process stopped")
                self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return json.loads(line)

    def run(self, text: str, limit: int = MAX_ROWS) -> EditorResult:
        """Run a SELECT or ASK query; `QueryTimeout` when it overruns (the child is killed)."""
        check_query(text)
        wait = None if self.timeout is None else self.timeout
        if not self._lock.acquire(timeout=-1 if wait is None else wait):
            raise QueryTimeout(f"another query was running for more than {self.timeout:g} s")
        try:
            self._start()
            if not self._ready:
                try:
                    hello = self._readline(time.monotonic() + LOAD_TIMEOUT)
                except TimeoutError:
                    self._kill()
                    raise QueryTimeout(f"the KG did not load within {LOAD_TIMEOUT:g} s") from None
                if "error" in hello:
                    self._kill()
                    raise QueryError(hello["error"])
                self._ready = True
            assert self._proc is not None and self._proc.stdin is not None
            started = time.monotonic()
            self._proc.stdin.write(json.dumps({"query": text, "limit": limit}).encode("utf-8") + b"\n")
            self._proc.stdin.flush()
            try:
                answer = self._readline(None if self.timeout is None else started + self.timeout)
            except TimeoutError:
                self._kill()
                self.restarts += 1
                raise QueryTimeout(f"the query did not finish within {self.timeout:g} s "
                                   "and was stopped") from None
            if "error" in answer:
                raise QueryError(answer["error"])
            return EditorResult(answer["columns"], answer["rows"], answer["truncated"],
                                time.monotonic() - started)
        except (BrokenPipeError, QueryError) as exc:
            if isinstance(exc, BrokenPipeError) or (self._proc is not None and self._proc.poll() is not None):
                self._kill()
            if isinstance(exc, BrokenPipeError):
                raise QueryError("the query process stopped; run the query again") from None
            raise
        finally:
            self._lock.release()

    @property
    def pid(self) -> int | None:
        """The child's process id, while it runs."""
        return self._proc.pid if self._proc is not None and self._proc.poll() is None else None

    def close(self) -> None:
        """Stop the child."""
        with self._lock:
            self._kill()


def run_on_endpoint(text: str, endpoint: str, timeout: float | None, user: str | None = None,
                    password: str | None = None, limit: int = MAX_ROWS) -> EditorResult:
    """Run an editor query on a SPARQL endpoint with the time limit (the server cancels it)."""
    from ..sparql.library import query_from_text
    from ..sparql.run import run_query

    check_query(text)
    started = time.monotonic()
    result = run_query(query_from_text(text, "editor"), endpoint=endpoint, timeout=timeout, user=user,
                       password=password)
    rows = [[_term_json(row.get(c)) for c in result.vars] for row in result.rows[:limit]]
    return EditorResult(list(result.vars), rows, len(result.rows) > limit, time.monotonic() - started)


if __name__ == "__main__":  # pragma: no cover - the child process
    sys.exit(_child(sys.argv[1:]))
