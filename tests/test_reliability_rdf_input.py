"""Issue 33, RDF input (cases 1 and 3): one guarded path for every RDF file (`kg.safe_rdf`).

Through the command line only: a billion-laughs RDF/XML file given to ``serve`` and ``push`` (which
loaded it through Oxigraph without the DTD check: 9.2 GB and 11.8 GB) is refused in bounded memory
before anything is sent; a JSON-LD file whose ``@context`` is a URL (fetched by rdflib's parser: a 4 GB
context took 8.5 GB, a silent server hung the command) or ``file:///etc/passwd`` is refused by every
command that reads ``--data``, without one connection to the server named; inline contexts still load.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_cli

LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
          + "]>")
RDF_BODY = ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">'
            '<rdf:Description rdf:about="http://e/a"><ex:p>&lol9;</ex:p></rdf:Description></rdf:RDF>')
INPUT = 5  # ExitCode.INPUT, the documented code of an input file that is unsafe or not a KG


def policykg() -> list[str]:
    exe = Path(sys.executable).with_name("policykg")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "kg.cli"]


def peak_mb_of(cmd: list[str], timeout: float = 300) -> tuple[subprocess.CompletedProcess, float]:
    """Run ``cmd`` in a fresh Python that reports its children's peak resident memory (MB): the
    command and everything it started (an ``oxigraph load`` included) and waited for."""
    probe = ("import resource, subprocess, sys, json\n"
             "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
             "print(json.dumps([p.returncode, p.stdout[-5000:], p.stderr[-5000:],"
             " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))\n")
    wrapper = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True, timeout=timeout)
    code, out, err, kb = json.loads(wrapper.stdout)
    return subprocess.CompletedProcess(cmd, code, out, err), kb / 1024


def one_line(result: subprocess.CompletedProcess) -> str:
    """The single line a refused command prints on standard error (no traceback)."""
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


class CountingServer:
    """A TCP listener on 127.0.0.1 that counts the connections made to it and answers none of them
    (a silent server: a client that waited for it would hang)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            self._held.append(conn)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.sock.close()
        for c in self._held:
            c.close()


@pytest.fixture
def counting() -> Iterator[CountingServer]:
    server = CountingServer()
    yield server
    server.close()


# ---------------------------------------------------------------- case 1: billion laughs, serve and push
@pytest.fixture
def laughs(tmp_path) -> Path:
    path = tmp_path / "laughs9.rdf"
    path.write_text('<?xml version="1.0"?>' + LAUGHS + RDF_BODY, encoding="utf-8")
    assert path.stat().st_size < 1200  # the 915-byte file of the report, give or take the names
    return path


def test_serve_refuses_billion_laughs_in_bounded_memory(laughs):
    result, peak = peak_mb_of([*policykg(), "serve", "--data", str(laughs), "--port", "0"], timeout=300)
    assert one_line(result) == f"policykg: {laughs}: declares XML entities or a DTD; refused"
    assert result.returncode == INPUT
    assert peak < 300, f"peak memory {peak:.0f} MB"


def test_push_refuses_billion_laughs_before_sending_anything(laughs, counting):
    result, peak = peak_mb_of([*policykg(), "push", "--data", str(laughs), "--endpoint", counting.url],
                              timeout=300)
    assert one_line(result) == f"policykg: {laughs}: declares XML entities or a DTD; refused"
    assert result.returncode == INPUT
    assert peak < 300, f"peak memory {peak:.0f} MB"
    assert counting.connections == 0


def test_serve_and_push_refuse_a_device_given_as_data(tmp_path, counting):
    link = tmp_path / "zero.nt"
    link.symlink_to("/dev/zero")
    for command in (["serve", "--port", "0"], ["push", "--endpoint", counting.url]):
        result, peak = peak_mb_of([*policykg(), *command, "--data", str(link)], timeout=120)
        line = one_line(result)  # "no such KG file" (not a regular file) or kg.safe_rdf's "not a regular file"
        assert str(link) in line and ("not a regular file" in line or "no such KG file" in line), line
        assert result.returncode == INPUT and peak < 300
    assert counting.connections == 0


# ---------------------------------------------------------------- case 3: JSON-LD contexts
def _jsonld(path: Path, context: object) -> Path:
    path.write_text(json.dumps({"@context": context, "@id": "https://w3id.org/policykg/id/x",
                                "name": "一个名字"}, ensure_ascii=False), encoding="utf-8")
    return path


COMMANDS = [["query", "agencies-by-tasks-led"], ["validate"], ["metrics"], ["report", "-o", "{tmp}/r.xlsx"],
            ["ask", "区法院牵头哪些任务？"], ["reason", "-o", "{tmp}/inferred.ttl"], ["explore", "--port", "0"],
            ["serve", "--port", "0"], ["push", "--endpoint", "http://127.0.0.1:9"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_remote_json_ld_context_is_never_fetched(tmp_path, counting, command):
    data = _jsonld(tmp_path / "remote.jsonld", counting.url + "/context.jsonld")
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    result, peak = peak_mb_of([*policykg(), *args, "--data", str(data)], timeout=180)
    line = one_line(result)
    assert line == (f"policykg: {data}: the JSON-LD @context refers to '{counting.url}/context.jsonld'; "
                    "policykg never fetches a context: write it inline"), line
    assert result.returncode == INPUT
    assert counting.connections == 0, "the context was requested"
    assert peak < 400, f"peak memory {peak:.0f} MB"


@pytest.mark.parametrize("context", [
    "file:///etc/passwd",
    ["file:///etc/passwd"],
    [{"name": "http://schema.org/name"}, "file:///etc/passwd"],
    {"@import": "file:///etc/passwd", "name": "http://schema.org/name"},
    {"name": {"@id": "http://schema.org/name", "@context": "file:///etc/passwd"}},  # a scoped context
    "context.jsonld",  # relative: resolved against the file's own location and read
], ids=["string", "list", "list-after-inline", "import", "scoped", "relative"])
def test_a_local_file_as_context_is_not_read(tmp_path, context):
    data = _jsonld(tmp_path / "passwd.jsonld", context)
    (tmp_path / "context.jsonld").write_text('{"@context": {"name": "http://schema.org/name"}}', encoding="utf-8")
    result = run_cli("query", "agencies-by-tasks-led", "--data", str(data))
    line = one_line(result)
    assert str(data) in line and "policykg never fetches a context: write it inline" in line, line
    assert result.returncode == INPUT
    assert "root:" not in result.stdout + result.stderr


def test_json_ld_with_an_inline_context_is_still_read(tmp_path, sample_kg_dir):
    from rdflib import Graph

    data = tmp_path / "kg.jsonld"
    g = Graph().parse(sample_kg_dir / "kg.ttl")
    data.write_text(g.serialize(format="json-ld", auto_compact=True), encoding="utf-8")
    assert '"@context": {' in data.read_text(encoding="utf-8")  # inline
    expected = run_cli("query", "agencies-by-tasks-led", "--data", str(sample_kg_dir / "kg.ttl"), "--format", "csv")
    result = run_cli("query", "agencies-by-tasks-led", "--data", str(data), "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected.stdout and result.stdout.count("\n") == 4  # header + 3 agencies


def test_json_ld_nested_too_deeply_is_one_line(tmp_path):
    data = tmp_path / "deep.jsonld"
    data.write_text('{"@id": "http://e/a", "http://e/p": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    result = run_cli("query", "agencies-by-tasks-led", "--data", str(data))
    line = one_line(result)
    assert str(data) in line and "nested" in line and result.returncode == INPUT, line


def test_json_ld_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    data = _jsonld(tmp_path / "big.jsonld", {"name": "http://schema.org/name"})
    import os

    env = dict(os.environ, POLICYKG_MAX_JSONLD_BYTES="64")
    result = subprocess.run([*policykg(), "query", "agencies-by-tasks-led", "--data", str(data)],
                            capture_output=True, text=True, timeout=120, env=env)
    line = one_line(result)
    assert "over the limit of 64 for json-ld (POLICYKG_MAX_JSONLD_BYTES)" in line and result.returncode == INPUT


def test_virtuoso_refuses_billion_laughs_in_a_shard_before_starting(tmp_path, laughs):
    """A shards folder whose manifest (hashes and all) lists an RDF/XML file with entities: refused by
    the same check, before a Virtuoso server is started or reached (none needs to be installed)."""
    import hashlib
    import os

    shards = tmp_path / "shards"
    build = shards / "build-00001"
    build.mkdir(parents=True)
    (build / "part-00000.rdf").write_bytes(laughs.read_bytes())
    (build / "citations.nt").write_text("", encoding="utf-8")

    def entry(name: str) -> dict:
        return {"file": f"build-00001/{name}", "sha256": hashlib.sha256((build / name).read_bytes()).hexdigest()}

    (shards / "manifest.json").write_text(json.dumps({
        "format": "policykg-shards/2", "build": "build-00001", "shards": [entry("part-00000.rdf")],
        "citations": entry("citations.nt"), "support": []}), encoding="utf-8")
    env = dict(os.environ, POLICYKG_VIRTUOSO_PASSWORD="a-password-1")
    cmd = [*policykg(), "virtuoso", str(shards), "--load-only", "--workdir", str(tmp_path / "db")]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
    line = one_line(result)
    assert line == f"policykg: {build / 'part-00000.rdf'}: declares XML entities or a DTD; refused", line
    assert result.returncode == INPUT
    assert not (tmp_path / "db").exists(), "no Virtuoso database was made"
