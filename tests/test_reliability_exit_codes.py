"""Issue 33, case 13: the same bad input gets the same exit code in every command.

Every ``policykg`` command that reads a file is run (as a user would, in a child process whose peak
memory a fresh Python parent measures) on the catalogue of bad inputs, in each place it reads one: the
documents of ``extract``, ``build`` and ``review``; ``--data`` of every command that reads a KG;
``--lexicon``, ``lexicon --check`` and ``--corrections``; the shards folder of ``virtuoso``; the
scheduler file of ``build --engine dask``. Each run must end with one line on standard error naming the
file, no traceback, the exit code of bad input in the table of docs/reliability.md ("Exit codes"),
bounded memory, and no request to the endpoint ``push`` was given.
"""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kg.cli import build_parser
from kg.errors import ExitCode

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
MEMORY_CAP = 400 * MB
BAD_INPUT = ExitCode.INPUT  # the one code for a bad input file, whatever the command (docs/reliability.md)

# A file whose bytes are RDF/XML declaring nested entities (billion laughs, three levels: small).
ENTITIES = (b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n'
            b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:x="urn:x#">'
            b'<rdf:Description rdf:about="urn:a"><x:p>&c;</x:p></rdf:Description></rdf:RDF>\n')
BAD_TURTLE = b"@prefix x: <urn:x#> .\nx:a x:b x:c ;;; x:d [[[ .\n"
BINARY = bytes(range(256)) * 8
BAD_ENCODING = b'<urn:a> <urn:b> "' + "中文".encode("gbk") + b'\xff\xfe\x80" .\n'  # neither UTF-8 nor GB18030
KINDS = ("missing", "directory", "empty", "binary", "bad-encoding", "bad-syntax", "entities", "oversize")


def policykg() -> list[str]:
    exe = Path(sys.executable).with_name("policykg")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "kg.cli"]


_MEASURE = (
    "import json, resource, subprocess, sys\n"
    "p = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=150)\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024\n"
    "print(json.dumps([p.returncode, p.stderr, peak]))\n"
)


def run(args: list[str], env: dict[str, str]) -> tuple[int, str, int]:
    """``policykg ARGS``: (exit code, standard error, peak RSS in bytes)."""
    done = subprocess.run([sys.executable, "-c", _MEASURE, *policykg(), *args], capture_output=True,
                          text=True, timeout=200, env=dict(os.environ, PYTHONIOENCODING="utf-8", **env))
    assert done.returncode == 0, done.stderr
    return tuple(json.loads(done.stdout))  # type: ignore[return-value]


# ---------------------------------------------------------------- the bad files, for each kind of slot
def _docx_with_entities(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        z.writestr("word/document.xml", ENTITIES.replace(b"rdf:RDF", b"w:document"))


def _xlsx_with_entities(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["document", "task", "field", "value"])
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    head, _, rest = sheet.partition(b"?>")
    parts["xl/worksheets/sheet1.xml"] = (head + b'?>\n<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b '
                                         b'"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' + rest)
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


def bad_file(tmp: Path, slot: str, kind: str) -> Path:
    """A file of ``kind`` for a ``slot`` (document, kg, lexicon, corrections, scheduler)."""
    suffix = {"document": ".txt", "kg": ".ttl", "lexicon": ".csv", "corrections": ".yaml",
              "scheduler": ".json"}[slot]
    if kind == "entities":
        suffix = {"document": ".docx", "kg": ".rdf", "lexicon": ".ttl", "corrections": ".xlsx"}.get(slot, suffix)
    path = tmp / f"{slot}-{kind}{suffix}"
    if kind == "missing":
        return path
    if kind == "directory":
        path.mkdir()
    elif kind == "oversize":  # over the slot's cap; sparse: the size is refused before a byte is read
        if slot == "kg":  # KG files may be 8 GiB by default; the cap is lowered for these runs (env)
            path.write_bytes(b"<urn:a> <urn:b> <urn:c> .\n" * 100)
        else:
            with open(path, "wb") as fh:
                fh.truncate(21 * MB)
    elif kind == "entities" and slot == "document":
        _docx_with_entities(path)
    elif kind == "entities" and slot == "corrections":
        _xlsx_with_entities(path)
    else:
        path.write_bytes({"empty": b"", "binary": BINARY, "bad-encoding": BAD_ENCODING,
                          "bad-syntax": BAD_TURTLE if slot != "scheduler" else b'{"address": ',
                          "entities": ENTITIES}[kind])
    return path


class Counting(http.server.BaseHTTPRequestHandler):
    requests = 0

    def do_PUT(self) -> None:  # noqa: N802
        type(self).requests += 1
        self.send_response(204)
        self.end_headers()

    do_POST = do_GET = do_PUT  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def endpoint():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


SAMPLE_PLAN = str(ROOT / "tests" / "data" / "dev" / "docs" / "gov_jiuye_2018.txt")

# command → (slot, arguments given the bad file, the output folder and the endpoint URL)
Args = Callable[[Path, Path, str], list[str]]
CATALOGUE: dict[str, tuple[str, Args]] = {
    "extract": ("document", lambda f, o, e: ["extract", str(f)]),
    "extract --lexicon": ("lexicon", lambda f, o, e: ["extract", SAMPLE_PLAN, "--lexicon", str(f)]),
    "build": ("document", lambda f, o, e: ["build", str(f), "-o", str(o), "--no-validate"]),
    "build --corrections": ("corrections", lambda f, o, e: ["build", "--sample", "--corrections", str(f),
                                                            "-o", str(o), "--no-validate"]),
    "build --lexicon": ("lexicon", lambda f, o, e: ["build", "--sample", "--lexicon", str(f), "-o", str(o)]),
    "build --scheduler": ("scheduler", lambda f, o, e: ["build", SAMPLE_PLAN, "--engine", "dask",
                                                        "--scheduler", str(f), "--shards", str(o)]),
    "review": ("document", lambda f, o, e: ["review", str(f), "-o", str(o / "r.xlsx")]),
    "review --corrections": ("corrections", lambda f, o, e: ["review", SAMPLE_PLAN, "--corrections", str(f),
                                                             "-o", str(o / "r.xlsx")]),
    "lexicon --check": ("lexicon", lambda f, o, e: ["lexicon", "--check", str(f)]),
    "query": ("kg", lambda f, o, e: ["query", "tasks-by-keyword", "--data", str(f)]),
    "ask": ("kg", lambda f, o, e: ["ask", "区科技局牵头哪些任务？", "--data", str(f)]),
    "push": ("kg", lambda f, o, e: ["push", "--endpoint", e, "--data", str(f)]),
    "serve": ("kg", lambda f, o, e: ["serve", "--data", str(f), "--port", "0"]),
    "explore": ("kg", lambda f, o, e: ["explore", "--data", str(f), "--port", "0"]),
    "graph": ("kg", lambda f, o, e: ["graph", "--data", str(f), "-o", str(o / "g.gexf")]),
    "metrics": ("kg", lambda f, o, e: ["metrics", "--data", str(f)]),
    "report": ("kg", lambda f, o, e: ["report", "--data", str(f), "-o", str(o / "r.xlsx")]),
    "compare": ("kg", lambda f, o, e: ["compare", "a", "b", "--data", str(f)]),
    "reason": ("kg", lambda f, o, e: ["reason", "--data", str(f)]),
    "validate": ("kg", lambda f, o, e: ["validate", "--data", str(f)]),
    "virtuoso": ("manifest", lambda f, o, e: ["virtuoso", str(f), "--load-only", "--workdir", str(o / "vdb")]),
}
# Commands that read no input file a user gives: nothing to walk.
NO_INPUT = {"queries": "lists the packaged queries", "docs": "renders the packaged ontology"}


def bad_manifest(tmp: Path, kind: str) -> Path:
    """A shards folder whose manifest.json is the bad file (``missing``: no manifest)."""
    folder = tmp / f"shards-{kind}"
    folder.mkdir()
    if kind == "missing":
        return folder
    made = bad_file(tmp, "kg", kind)
    made.rename(folder / "manifest.json")
    return folder


def test_the_catalogue_walks_every_command():
    parser = build_parser()
    commands = set(parser._subparsers._group_actions[0].choices)  # noqa: SLF001 - the registered commands
    walked = {name.split()[0] for name in CATALOGUE}
    assert commands == walked | set(NO_INPUT), "a new command needs its bad-input runs here"


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_every_bad_input_is_one_line_and_exit_code_5(name, tmp_path, endpoint):
    slot, make_args = CATALOGUE[name]
    kinds = [k for k in KINDS if not (slot == "manifest" and k == "oversize")]  # no size cap on manifests
    if slot == "scheduler":  # a scheduler file is JSON: its bad forms are those of a data file
        kinds = [k for k in kinds if k != "entities"]
    jobs = []
    for kind in kinds:
        where = tmp_path / kind
        where.mkdir()
        bad = bad_manifest(where, kind) if slot == "manifest" else bad_file(where, slot, kind)
        out = where / "out"
        out.mkdir()
        jobs.append((kind, bad, make_args(bad, out, endpoint)))
    env = {"POLICYKG_MAX_RDF_BYTES": "1000", "POLICYKG_VIRTUOSO_PASSWORD": "test-only-Pw1"}
    before = Counting.requests
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda job: (job[0], job[1], *run(job[2], env)), jobs))
    problems = []
    for kind, bad, code, stderr, peak in results:
        lines = stderr.splitlines()
        named = str(bad.name) in stderr
        if code != BAD_INPUT or len(lines) != 1 or "Traceback" in stderr or not named or peak > MEMORY_CAP:
            problems.append(f"{kind}: exit {code}, {len(lines)} lines, peak {peak / MB:.0f} MB: {stderr[-300:]!r}")
        elif not lines[0].startswith("policykg: "):
            problems.append(f"{kind}: {lines[0]!r}")
    assert not problems, f"{name}:\n" + "\n".join(problems)
    assert Counting.requests == before, "nothing was sent to the endpoint"


@pytest.mark.parametrize("kind", ["bad-syntax", "bad-encoding"])
def test_push_sends_nothing_for_data_that_does_not_parse(kind, tmp_path, endpoint):
    """push parses the data before it asks the endpoint anything (whether it is Virtuoso: it asked
    first, so a file that was not RDF cost the endpoint a request)."""
    bad = bad_file(tmp_path, "kg", kind)
    before = Counting.requests
    code, stderr, _ = run(["push", "--endpoint", endpoint, "--data", str(bad)], {})
    assert code == BAD_INPUT and stderr.count("\n") == 1, stderr
    assert Counting.requests == before


def test_a_turtle_line_over_the_parsers_buffer_is_one_line(tmp_path, endpoint):
    """One 17 MiB line (a comment): Oxigraph's parser raised MemoryError, a traceback in every command."""
    long_line = tmp_path / "long-line.ttl"
    with open(long_line, "wb") as fh:
        fh.write(b"# " + b"x" * (17 * MB) + b"\n<urn:a> <urn:b> <urn:c> .\n")
    before = Counting.requests
    for args in (["query", "tasks-by-keyword"], ["serve", "--port", "0"], ["push", "--endpoint", endpoint],
                 ["graph", "-o", str(tmp_path / "g.gexf")]):
        code, stderr, peak = run([*args, "--data", str(long_line)], {})
        assert code == BAD_INPUT and stderr.count("\n") == 1 and "Traceback" not in stderr, (args, stderr)
        assert stderr.startswith(f"policykg: {long_line}: cannot be read as RDF"), stderr
        assert peak < MEMORY_CAP
    assert Counting.requests == before
