"""Issue 33, the servers and endpoints (cases 5, 6 and the server items of 13), through the command line.

- ``SERVICE`` in user SPARQL (``serve``, the explorer's editor) reaches no endpoint but those named with
  ``--allow-service``: a counting HTTP server on 127.0.0.1 gets no request, whatever the spelling;
- the editor's queries run in a small pool (a slow one does not hold the next) with a memory budget;
- credentials given for an endpoint never follow a redirect to another origin; ``query --endpoint``
  has a default timeout; deeply nested JSON answers are one line (they were RecursionError tracebacks);
- read-only ``serve`` and the explorer check the ``Host`` header (DNS rebinding); ``--port 99999`` and a
  bad file given to ``serve`` are one line.
"""

from __future__ import annotations

import http.client
import http.server
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kg.errors import ExitCode
from tests.test_reliability_rdf_input import CountingServer, one_line, peak_mb_of, policykg

EMPTY_RESULTS = b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}'


class Recording:
    """An HTTP server on 127.0.0.1 that records every request (method, path, headers) and answers with
    ``answer(handler) -> (status, headers, body)``."""

    def __init__(self, answer: Callable[[http.server.BaseHTTPRequestHandler], tuple[int, dict, bytes]]) -> None:
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                outer.requests.append((self.command, self.path, dict(self.headers.items())))
                status, headers, body = answer(self)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_HEAD = _any

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def json_answer(body: bytes) -> Callable:
    return lambda handler: (200, {"Content-Type": "application/sparql-results+json"}, body)


@pytest.fixture
def recording() -> Iterator[Callable[..., Recording]]:
    made: list[Recording] = []

    def make(answer: Callable | None = None) -> Recording:
        made.append(Recording(answer or json_answer(EMPTY_RESULTS)))
        return made[-1]

    yield make
    for r in made:
        r.close()


def run(*args: str, env: dict[str, str] | None = None, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([*policykg(), *args], capture_output=True, text=True, timeout=timeout,
                          env=dict(os.environ, PYTHONIOENCODING="utf-8", **(env or {})))


def free_port() -> int:
    from kg.sparql.endpoint import free_port as free

    return free()


# ---------------------------------------------------------------- a running `policykg serve`
class Served:
    def __init__(self, data: Path, *extra: str) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen([*policykg(), "serve", "--data", str(data), "--port", str(self.port), *extra],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        assert line.startswith("serving"), line + self.proc.stderr.read()

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
                host: str | None = None) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        hdrs = {"Accept": "application/sparql-results+json", **(headers or {})}
        if host is not None:
            hdrs["Host"] = host
        conn.request(method, path, body=body, headers=hdrs)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        conn.close()
        return response.status, text

    def query(self, text: str, how: str = "get") -> tuple[int, str]:
        if how == "get":
            return self.request("GET", "/query?" + urllib.parse.urlencode({"query": text}))
        if how == "form":
            return self.request("POST", "/query", urllib.parse.urlencode({"query": text}).encode(),
                                {"Content-Type": "application/x-www-form-urlencoded"})
        return self.request("POST", "/query", text.encode(), {"Content-Type": "application/sparql-query"})

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.communicate(timeout=60)


@pytest.fixture
def served(sample_kg_dir, recording):
    """A read-only serve allowed to call one endpoint (``allowed``), and one it must never call (``trap``)."""
    allowed = recording(json_answer(b'{"head": {"vars": ["s"]}, "results": {"bindings": '
                                    b'[{"s": {"type": "literal", "value": "from the allowed endpoint"}}]}}'))
    trap = recording()
    server = Served(sample_kg_dir / "kg.ttl", "--allow-service", allowed.url + "/sparql", "--allow-host", "kg.lan")
    yield server, allowed, trap
    server.stop()


def hostile_services(trap: str) -> list[str]:
    """Ways of writing a SERVICE call to ``trap``."""
    return [
        f"SELECT * WHERE {{ SERVICE <{trap}/x> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{trap}/x> {{ ?s ?p ?o }} }}",
        f"PREFIX l: <{trap}/> SELECT * WHERE {{ SERVICE l:x {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?where {{ <{trap}/x> }} SERVICE ?where {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SELECT * WHERE {{ SERVICE <{trap}/x> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * WHERE {{ # a comment\n SERVICE <{trap}/x> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{trap}/x> {{ ?s ?p ?o }} }}",
        f"ASK {{ SERVICE <{trap}/x> {{ ?s ?p ?o }} FILTER(?o = \"SERVICE\") }}",
    ]


@pytest.mark.parametrize("how", ["get", "form", "body"])
def test_serve_calls_no_endpoint_that_was_not_allowed(served, how):
    server, allowed, trap = served
    for text in hostile_services(trap.url):
        status, body = server.query(text, how)
        assert status == 403 and "SERVICE" in body and "refused" in body, (text, status, body[:300])
    assert trap.requests == [], "the server called an endpoint nobody allowed"
    # A query without SERVICE still answers; the endpoint allowed with --allow-service is called.
    status, body = server.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/policykg/ontology#KeyTask> }",
                                how)
    assert status == 200 and '"value":"12"' in body.replace(" ", ""), body[:300]
    status, body = server.query(f"SELECT ?s WHERE {{ SERVICE <{allowed.url}/sparql> {{ ?s ?p ?o }} }}", how)
    assert status == 200 and "from the allowed endpoint" in body, body[:300]
    assert allowed.requests, "the allowed endpoint was called"


def test_serve_checks_the_host_header(served):
    server, _, _ = served
    ask = "/query?" + urllib.parse.urlencode({"query": "ASK {}"})
    for host in ("evil.example", f"evil.example:{server.port}", f"rebound.attacker.test:{server.port}"):
        status, body = server.request("GET", ask, host=host)
        assert status == 403 and "Host header" in body, (host, status, body)
    for host in (f"127.0.0.1:{server.port}", f"localhost:{server.port}", f"kg.lan:{server.port}", "kg.lan"):
        status, body = server.request("GET", ask, host=host)
        assert status == 200 and "true" in body, (host, status, body)


def test_a_writable_serve_refuses_service_in_an_update(sample_kg_dir, recording):
    trap = recording()
    server = Served(sample_kg_dir / "kg.ttl", "--writable")
    try:
        update = f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{trap.url}/x> {{ ?s ?p ?o }} }}"
        status, body = server.request("POST", "/update", update.encode(), {"Content-Type": "application/sparql-update"})
        assert status == 403 and "SERVICE" in body, body
        status, body = server.request("POST", "/update", urllib.parse.urlencode({"update": update}).encode(),
                                      {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 403 and "SERVICE" in body, body
        assert trap.requests == []
        status, _ = server.request("POST", "/update", b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                                   {"Content-Type": "application/sparql-update"})
        assert status == 204  # updates without SERVICE go through as before
    finally:
        server.stop()


def test_serve_restarts_a_server_that_a_query_grows_past_its_memory_budget(sample_kg_dir, monkeypatch):
    monkeypatch.setenv("POLICYKG_QUERY_MEMORY_MB", "200")
    server = Served(sample_kg_dir / "kg.ttl")
    try:
        peak = [0.0]
        done = threading.Event()

        def watch() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], _rss_of_children(server.proc.pid))
                time.sleep(0.01)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        # Sorting a cross join holds every solution: 1.5 GB after 20 s on the sample without a budget.
        status, body = server.query("SELECT ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f")
        done.set()
        watcher.join()
        assert status == 503 and "grew past 200 MB of memory" in body, (status, body[:500])
        assert peak[0] < 450, f"the server reached {peak[0]:.0f} MB"
        status, body = server.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/policykg/ontology#KeyTask> }")
        assert status == 200 and '"value":"12"' in body.replace(" ", ""), body  # restarted, same store
        assert server.proc.poll() is None
    finally:
        server.stop()


# ---------------------------------------------------------------- the explorer's editor
@pytest.fixture
def explorer_site(sample_kg_dir, recording, monkeypatch):
    from tests.explore_server import running_explorer

    pytest.importorskip("starlette", reason="pip install 'policykg[explore]'")
    monkeypatch.setenv("POLICYKG_QUERY_MEMORY_MB", "150")
    trap = recording()
    with running_explorer(sample_kg_dir / "kg.ttl", "--timeout", "40", "--allow-host", "kg.lan") as (url, proc):
        yield url.rstrip("/"), proc, trap


def _page(url: str, host: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def _rss_of_children(pid: int) -> float:
    import psutil

    total = 0.0
    for child in psutil.Process(pid).children(recursive=True):
        try:
            total = max(total, child.memory_info().rss / 2**20)
        except psutil.Error:
            continue
    return total


def test_the_editor_calls_no_endpoint_that_was_not_allowed(explorer_site):
    url, _, trap = explorer_site
    for text in hostile_services(trap.url):
        status, page = _page(url + "/sparql?" + urllib.parse.urlencode({"query": text}))
        assert status == 400 and "refused" in page and "SERVICE" in page, (text, status)
    assert trap.requests == []


def test_an_editor_query_has_a_memory_budget_and_does_not_hold_the_next(explorer_site):
    url, proc, _ = explorer_site
    status, _ = _page(url + "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}))
    assert status == 200
    # A slow query (a three-way cross join) runs; a second one is answered meanwhile by another child.
    slow: dict[str, object] = {}
    cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . }"
    thread = threading.Thread(target=lambda: slow.update(answer=_page(
        url + "/sparql?" + urllib.parse.urlencode({"query": cross}))))
    thread.start()
    time.sleep(1)
    status, page = _page(url + "/sparql?" + urllib.parse.urlencode(
        {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/policykg/ontology#KeyTask> }"}))
    assert status == 200 and "<td>12</td>" in page
    assert thread.is_alive(), "the quick query was answered while the slow one ran"
    thread.join(120)
    assert slow["answer"][0] == 504  # stopped at --timeout 40
    # A query that grows its child's memory is stopped at the budget (150 MB here), measured.
    peak = [0.0]
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _rss_of_children(proc.pid))
            time.sleep(0.01)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    hog = "SELECT (GROUP_CONCAT(STR(?o)) AS ?x) WHERE { ?a ?b ?c . ?d ?e ?o }"
    status, page = _page(url + "/sparql?" + urllib.parse.urlencode({"query": hog}))
    done.set()
    watcher.join()
    assert status == 400 and "more than 150 MB of memory" in page, page[-2000:]
    assert peak[0] < 500, f"an editor child reached {peak[0]:.0f} MB"
    assert proc.poll() is None


def test_the_explorer_checks_the_host_header(explorer_site):
    url, _, _ = explorer_site
    port = urllib.parse.urlsplit(url).port
    for host in (f"evil.example:{port}", "rebound.attacker.test"):
        status, _ = _page(url + "/", host)
        assert status == 400, host
    for host in (f"kg.lan:{port}", f"10.1.2.3:{port}", f"localhost:{port}", f"[::1]:{port}"):
        status, _ = _page(url + "/", host)
        assert status == 200, host


# ---------------------------------------------------------------- credentials, timeouts, JSON answers
def test_credentials_do_not_follow_a_redirect_to_another_origin(recording):
    other = recording()
    redirecting = recording(lambda h: (302, {"Location": other.url + "/query"}, b""))
    env = {"POLICYKG_ENDPOINT_PASSWORD": "s3cret"}
    run("query", "agencies-by-tasks-led", "--endpoint", redirecting.url, "--user", "analyst", env=env)
    run("ask", "区法院牵头哪些任务？", "--endpoint", redirecting.url, "--user", "analyst", env=env)
    assert redirecting.requests and all(h.get("Authorization", "").startswith("Basic ")
                                        for _, _, h in redirecting.requests)
    assert other.requests, "the redirect was followed"
    assert [h.get("Authorization") for _, _, h in other.requests] == [None] * len(other.requests)


def test_credentials_follow_a_redirect_on_the_same_origin(recording):
    def answer(handler):
        if handler.path.startswith("/moved"):
            return 200, {"Content-Type": "application/sparql-results+json"}, EMPTY_RESULTS
        return 302, {"Location": "/moved/query"}, b""

    server = recording(answer)
    result = run("query", "agencies-by-tasks-led", "--endpoint", server.url, "--user", "analyst",
                 env={"POLICYKG_ENDPOINT_PASSWORD": "s3cret"})
    assert result.returncode == 0, result.stderr
    moved = [h for _, path, h in server.requests if path.startswith("/moved")]
    assert moved and all(h.get("Authorization", "").startswith("Basic ") for h in moved)


def test_query_on_a_silent_endpoint_stops_at_the_default_timeout():
    silent = CountingServer()
    try:
        result = run("query", "agencies-by-tasks-led", "--endpoint", silent.url,
                     env={"POLICYKG_ENDPOINT_TIMEOUT": "3"}, timeout=120)
    finally:
        silent.close()
    line = one_line(result)
    assert result.returncode == ExitCode.TIMEOUT and "no answer within 3 s" in line, line
    assert silent.connections >= 1


@pytest.mark.parametrize("body", [
    b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": ' + b"[" * 100_000 + b"]" * 100_000 + b"}]}}",
    b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "value": '
    + b'{"a": ' * 500 + b"1" + b"}" * 500 + b"}}]}}",
    b"[" * 200_000,
], ids=["deep", "a-term-not-of-strings", "unclosed"])
@pytest.mark.parametrize("command", [["query", "agencies-by-tasks-led"], ["ask", "区法院牵头哪些任务？"],
                                     ["compare", "a", "b"]], ids=lambda c: c[0])
def test_deeply_nested_json_from_an_endpoint_is_one_line(recording, body, command):
    server = recording(json_answer(body))
    result, peak = peak_mb_of([*policykg(), *command, "--endpoint", server.url], timeout=180)
    line = one_line(result)
    assert result.returncode == ExitCode.ENDPOINT, line
    assert "did not answer with SPARQL JSON results" in line or "nested too deeply" in line, line
    assert peak < 300


# ---------------------------------------------------------------- ports and bad files
@pytest.mark.parametrize("command", [["serve"], ["explore"]])
@pytest.mark.parametrize("port", ["99999", "-1"])
def test_a_port_out_of_range_is_one_line(sample_kg_dir, command, port):
    result = run(*command, "--data", str(sample_kg_dir / "kg.ttl"), "--port", port)
    line = one_line(result)
    assert result.returncode == ExitCode.USAGE and line == (
        f"policykg: --port {port}: not a TCP port (0 to 65535; 0 picks a free one)")


def test_serve_on_a_bad_file_names_the_file(tmp_path):
    bad = tmp_path / "kg.ttl"
    bad.write_text("<https://x.org/a> <https://x.org/b> .\n", encoding="utf-8")
    result = run("serve", "--data", str(bad), "--port", "0")
    line = one_line(result)
    assert result.returncode == ExitCode.INPUT and str(bad) in line and "not valid RDF" in line, line
    assert "_start" not in line and "oxigraph load failed" not in line


def test_the_guard_reads_no_huge_sparql_body(served):
    from kg.sparql.guard import MAX_SPARQL_BYTES

    server, _, _ = served
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    conn.putrequest("POST", "/query")
    conn.putheader("Content-Type", "application/sparql-query")
    conn.putheader("Content-Length", str(MAX_SPARQL_BYTES + 1))
    conn.endheaders()
    assert conn.getresponse().status == 413
    conn.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__]))
