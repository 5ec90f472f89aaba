"""Real SPARQL endpoints: a real ``oxigraph`` server on a free loopback port, the Graph Store Protocol
push, every library query through SPARQLWrapper, injection attempts, the read-only server, and the
CLI's one-line errors."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg.errors import EndpointError, QueryError, QueryTimeout
from kg.sparql.endpoint import free_port, oxigraph_executable, push_kg, serve_kg, store_url, wait_until_up
from kg.sparql.library import list_queries
from kg.sparql.remote import RemoteBackend, endpoint_urls
from kg.sparql.run import run_query
from kg.sparql.store import open_kg
from kg.sparql.text import inject_values, sparql_term
from tests.conftest import SAMPLE_QUERY_PARAMS

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
HOSTILE = [
    'x" } ; DROP ALL ; #',
    "x' } DROP ALL",
    'a"""b\'\'\'c',
    "}}}{{{ ; DROP ALL",
    "line one\nDROP ALL\n} INSERT DATA { <http://e.org/a> <http://e.org/b> <http://e.org/c> }",
    "> <https://w3id.org/policykg/ontology#KeyTask> } DROP ALL #",
    "\\\" ) } DELETE WHERE { ?s ?p ?o }",
]
# Library queries with non-default parameters, to compare the three ways of binding.
WITH_PARAMS = SAMPLE_QUERY_PARAMS


def normalised(result) -> set[tuple]:
    return {tuple(sorted((k, repr(v)) for k, v in row.items())) for row in result.plain_rows()}


def count(url: str) -> int:
    (row,) = run_query_text(url, COUNT)
    return int(row["n"])


def run_query_text(url: str, text: str) -> list[dict]:
    _, rows = RemoteBackend(url, timeout=30).select(text, {})
    return rows


# ---------------------------------------------------------------- a real server, pushed to
@pytest.fixture(scope="module")
def kg_file(sample_kg_dir) -> Path:
    return sample_kg_dir / "kg.ttl"


@pytest.fixture(scope="module")
def embedded(kg_file):
    return open_kg(kg_file)


@pytest.fixture(scope="module")
def server():
    """``oxigraph serve`` (in memory, writable) on a free loopback port; stopped by pid at teardown."""
    port = free_port()
    proc = subprocess.Popen([oxigraph_executable(), "serve", "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/query", proc, timeout=60)
        yield base
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture(scope="module")
def pushed(server, kg_file, embedded):
    result = push_kg(kg_file, server)
    assert result.method == "PUT" and result.status in (200, 201, 204)
    assert result.url == server + "/store?default"
    assert result.triples == len(embedded)
    return server


def test_push_loads_the_kg_with_ontology_and_vocabularies(pushed, embedded, kg_file):
    assert count(pushed) == len(embedded)
    # PUT replaces: pushing again leaves the same number of triples (the ontology's blank nodes included).
    push_kg(kg_file, pushed)
    assert count(pushed) == len(embedded)


@pytest.mark.parametrize("name", [q.name for q in list_queries()] + [q.name for q in list_queries(checks=True)])
def test_every_library_query_gives_the_same_rows_remotely(pushed, embedded, name):
    local = run_query(name, graph=embedded)
    remote = run_query(name, endpoint=pushed)
    assert remote.vars == local.vars
    assert normalised(remote) == normalised(local)
    assert len(remote) == len(local)


@pytest.mark.parametrize("name, params", WITH_PARAMS, ids=[n for n, _ in WITH_PARAMS])
def test_parameters_bind_the_same_remotely(pushed, embedded, name, params):
    local = run_query(name, params, graph=embedded)
    remote = run_query(name, params, endpoint=pushed)
    assert normalised(remote) == normalised(local)
    assert local.rows, f"{name} {params} should find something"


def test_push_to_a_named_graph_and_append(server, kg_file, embedded):
    graph = "https://example.org/graphs/changshou"
    result = push_kg(kg_file, server, graph=graph, with_ontology=False)
    assert result.url == store_url(server, graph) and "graph=https%3A%2F%2Fexample.org" in result.url
    text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    (row,) = run_query_text(server, text)
    data_only = len(open_kg(kg_file, ontology=False, vocabularies=False))
    assert int(row["n"]) == data_only
    push_kg(kg_file, server, graph=graph, with_ontology=False, replace=False)  # POST adds the same triples
    (row,) = run_query_text(server, text)
    assert int(row["n"]) == data_only


def test_push_to_a_complete_graph_store_url(server, kg_file):
    graph = "https://example.org/graphs/by-url"
    url = f"{server}/store?" + urllib.parse.urlencode({"graph": graph})
    result = push_kg(kg_file, url, with_ontology=False)
    assert result.url == url
    (row,) = run_query_text(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert int(row["n"]) == len(open_kg(kg_file, ontology=False, vocabularies=False))
    with pytest.raises(EndpointError, match="not both"):
        push_kg(kg_file, url, graph=graph)


def test_push_cli(server, kg_file, cli):
    graph = "https://example.org/graphs/cli"
    proc = cli("push", "--endpoint", server, "--graph", graph, "--data", str(kg_file))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("PUT ") and "HTTP 20" in proc.stdout


# ---------------------------------------------------------------- injection
@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_string_parameters_are_plain_literals(pushed, embedded, value):
    before = count(pushed)
    for name, param in (("tasks-by-keyword", "keyword"), ("assignment-sources", "item_id")):
        assert run_query(name, {param: value}, graph=embedded).rows == []
        assert run_query(name, {param: value}, endpoint=pushed).rows == []
    # The VALUES block holds exactly the value, as one literal.
    text = inject_values("SELECT ?v WHERE { }", {"v": Literal(value)})
    (row,) = run_query_text(pushed, text)
    assert str(row["v"]) == value
    assert count(pushed) == before
    assert len(run_query("tasks-led-by-agency", endpoint=pushed)) == 10


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_labels_and_iris_are_refused_in_one_line(pushed, embedded, value):
    before = count(pushed)
    for where in ({"graph": embedded}, {"endpoint": pushed}):
        with pytest.raises(QueryError) as caught:
            run_query("tasks-led-by-agency", {"agency": value}, **where)
        assert "\n" not in str(caught.value) and "no agency named" in str(caught.value)
        with pytest.raises(QueryError, match="IRI"):
            run_query("agencies-by-kind", {"kind": f"<https://x.org/{value}>"}, **where)
    assert count(pushed) == before


def test_written_terms_are_single_literals_or_refused():
    from rdflib.plugins.sparql import prepareQuery

    for value in HOSTILE:
        text = sparql_term(Literal(value))
        assert text.startswith('"') and text.endswith('"')
        prepareQuery(inject_values("SELECT ?v WHERE { }", {"v": Literal(value)}))
    for bad in ("https://x.org/a> } DROP ALL", "https://x.org/a b", 'https://x.org/"'):
        with pytest.raises(QueryError, match="not a valid IRI"):
            sparql_term(URIRef(bad))
    with pytest.raises(QueryError, match="not a variable name"):
        inject_values("SELECT ?v WHERE { }", {"v } DROP ALL": Literal("x")})


# ---------------------------------------------------------------- the served KG
def test_served_read_only_kg_answers_and_refuses_updates(kg_file, embedded):
    with serve_kg(kg_file, port=0) as served:
        assert served.url.startswith("http://127.0.0.1:") and served.triples == len(embedded)
        assert normalised(run_query("agency-pairs", endpoint=served.url)) == normalised(
            run_query("agency-pairs", graph=embedded))
        update = urllib.request.Request(
            endpoint_urls(served.url).update, method="POST",
            data=urllib.parse.urlencode({"update": "DROP ALL"}).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(update, timeout=30)
        assert refused.value.code in (403, 405)
        with pytest.raises(EndpointError, match="HTTP 403"):
            push_kg(kg_file, served.url)
        assert count(served.url) == len(embedded)
        pid, workdir = served.pid, served.location.parent
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert not workdir.exists()


def test_serve_cli_prints_the_url_and_stops_on_ctrl_c(kg_file, embedded):
    exe = Path(os.sys.executable).with_name("policykg")
    proc = subprocess.Popen([str(exe), "serve", "--data", str(kg_file), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    try:
        line = proc.stdout.readline()
        assert "read-only" in line and "http://127.0.0.1:" in line, line + proc.stderr.read()
        url = line.split(" at ", 1)[1].split()[0]
        assert len(run_query("tasks-led-by-agency", endpoint=url)) == 10
        proc.send_signal(signal.SIGINT)
        assert proc.wait(60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    with pytest.raises(EndpointError, match="cannot reach"):
        run_query("tasks-led-by-agency", endpoint=url, timeout=10)


# ---------------------------------------------------------------- one-line errors
def one_line_error(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("policykg: ") and "Traceback" not in proc.stderr
    return lines[0]


def test_endpoint_down(cli, kg_file):
    port = free_port()
    line = one_line_error(cli("query", "agency-pairs", "--endpoint", f"http://127.0.0.1:{port}"))
    assert "cannot reach the endpoint" in line
    line = one_line_error(cli("push", "--endpoint", f"http://127.0.0.1:{port}", "--data", str(kg_file)))
    assert "cannot reach the endpoint" in line


def test_bad_kg_file_is_one_line(cli, tmp_path):
    broken = tmp_path / "kg.ttl"
    broken.write_text("<https://x.org/a> <https://x.org/b> .\n", encoding="utf-8")
    for args in (("query", "agency-pairs"), ("push", "--endpoint", "http://127.0.0.1:9")):
        line = one_line_error(cli(*args, "--data", str(broken)))
        assert str(broken) in line and "not valid RDF" in line


def test_endpoint_http_error(server, cli):
    line = one_line_error(cli("query", "agency-pairs", "--endpoint", server + "/no-such-path"))
    assert "404" in line or "error" in line


def test_endpoint_timeout(cli):
    """A loopback server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted = []

    def accept() -> None:
        try:
            while True:
                accepted.append(listener.accept()[0])
        except OSError:
            pass

    threading.Thread(target=accept, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        with pytest.raises(QueryTimeout):
            run_query("agencies-by-tasks-led", endpoint=url, timeout=0.5)
        line = one_line_error(cli("query", "agencies-by-tasks-led", "--endpoint", url, "--timeout", "1"))
        assert "no answer within 1 s" in line
    finally:
        listener.close()
        for conn in accepted:
            conn.close()


def test_local_timeout(cli, kg_file, tmp_path):
    huge = tmp_path / "huge.rq"
    huge.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }\n",
                    encoding="utf-8")
    line = one_line_error(cli("query", str(huge), "--data", str(kg_file), "--timeout", "1"))
    assert "did not finish within 1 s" in line


def test_cli_query_errors(cli, kg_file, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE { ?x ?y }\n", encoding="utf-8")
    assert "does not parse" in one_line_error(cli("query", str(bad), "--data", str(kg_file)))
    update = tmp_path / "update.rq"
    update.write_text("DELETE WHERE { ?s ?p ?o }\n", encoding="utf-8")
    assert "does not parse" in one_line_error(cli("query", str(update), "--data", str(kg_file)))
    assert "unknown query" in one_line_error(cli("query", "no-such-query", "--data", str(kg_file)))
    line = one_line_error(cli("query", "tasks-led-by-agency", "-p", "colour=red", "--data", str(kg_file)))
    assert "no parameter 'colour'" in line
    assert "NAME=VALUE" in one_line_error(cli("query", "tasks-led-by-agency", "-p", "agency", "--data", str(kg_file)))


def test_cli_default_data_is_out_kg(cli, tmp_path, sample_kg_dir):
    line = one_line_error(cli("query", "agency-pairs", cwd=tmp_path))
    assert "out/kg.ttl" in line and "policykg build" in line
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "kg.ttl").write_bytes((sample_kg_dir / "kg.ttl").read_bytes())
    proc = cli("query", "tasks-led-by-agency", "-p", "agency=区法院", "--format", "csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[1].startswith("（三）,加强知识产权司法保护,")


def test_cli_lists_the_library(cli):
    proc = cli("queries")
    assert proc.returncode == 0
    for q in list_queries():
        assert q.name in proc.stdout and q.title in proc.stdout
    assert 'agency="区市场监管局"' in proc.stdout
    checks = cli("queries", "--checks")
    assert "key-task-without-lead-violation" in checks.stdout

