"""Attacks from outside, reproduced through the public path (the CLI or the public function).

Each test stands for one point of issue 16: a server that must not serve its own files, entity
expansion, lying zip bombs, names that are not UTF-8, deep HTML, validation cost, processes and
temp files left by kills, unbounded results and the smaller holes. Servers bind 127.0.0.1 only and
every wait is bounded.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

HAS_VIRTUOSO = bool(shutil.which("virtuoso-t") and shutil.which("isql-vt"))
needs_virtuoso = pytest.mark.skipif(not HAS_VIRTUOSO and not os.environ.get("CI"),
                                    reason="Virtuoso is not installed (scripts/setup.sh installs it)")


def policykg() -> list[str]:
    exe = Path(sys.executable).with_name("policykg")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "kg.cli"]


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0] != "Z":
            return True
        # A zombie leader whose other threads are still exiting still holds its sockets.
        return len(os.listdir(f"/proc/{pid}/task")) > 1
    except OSError:
        return False


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[-1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def command_of(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def wait_gone(pids: list[int], timeout: float = 30) -> list[int]:
    """The pids still alive after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    left = [p for p in pids if alive(p)]
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = [p for p in left if alive(p)]
    return left


def listening(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


# ---------------------------------------------------------------- 1. Virtuoso serves no work file
@needs_virtuoso
def test_virtuoso_serves_none_of_its_work_files(tmp_path):
    from kg.sparql import virtuoso

    server = virtuoso.start_virtuoso(tmp_path / "db", password="Pw-reliability-1", memory_mb=128)
    try:
        work = server.workdir
        names = ["virtuoso.db", "virtuoso.ini", "virtuoso.log", "virtuoso.trx", "server.out",
                 "virtuoso-temp.db", "virtuoso.lck"]
        assert all((work / n).exists() for n in ("virtuoso.db", "virtuoso.ini", "virtuoso.log", "server.out"))
        base = f"http://127.0.0.1:{server.http_port}/"
        served = {n: http_status(base + n) for n in names}
        served.update({p: http_status(base + p) for p in ("http-root/../virtuoso.db", "%2e%2e/virtuoso.db",
                                                           "./virtuoso.ini")})
        assert not [n for n, code in served.items() if code == 200], served
        assert http_status(base + "sparql?query=ASK%7B%7D") == 200, "the SPARQL endpoint still answers"
    finally:
        server.stop()


@needs_virtuoso
def test_virtuoso_refuses_a_port_already_serving(tmp_path):
    from kg.sparql import virtuoso

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(virtuoso.VirtuosoError, match=f"port 127.0.0.1:{port} is already in use"):
            virtuoso.start_virtuoso(tmp_path / "db", password="Pw-reliability-1", http_port=port, memory_mb=128)


@needs_virtuoso
def test_virtuoso_command_killed_during_startup_leaves_no_server(tmp_path):
    from loaders.synthetic.plans import generate_corpus, write_corpus

    corpus = tmp_path / "corpus"
    write_corpus(generate_corpus(3, seed=5), corpus)
    shards = tmp_path / "shards"
    built = subprocess.run([*policykg(), "build", str(corpus), "-o", str(tmp_path / "out"), "--shards", str(shards),
                            "--engine", "dask",
                            "--no-validate", "--jobs", "1"], capture_output=True, text=True, timeout=300)
    if built.returncode != 0 and "dask" in built.stderr.lower():
        pytest.skip("the [scale] extra (dask) is not installed")
    assert built.returncode == 0, built.stderr
    port, sql_port = free_port(), free_port()
    env = dict(os.environ, POLICYKG_VIRTUOSO_PASSWORD="Pw-reliability-2")
    proc = subprocess.Popen([*policykg(), "virtuoso", str(shards), "--workdir", str(tmp_path / "db"),
                             "--port", str(port), "--sql-port", str(sql_port), "--memory", "128"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    servers: list[int] = []
    deadline = time.monotonic() + 120
    try:
        # Kill the command as soon as virtuoso-t serves (start-up: before the load is done).
        while time.monotonic() < deadline and proc.poll() is None:
            servers = [p for p in descendants(proc.pid) if "virtuoso-t" in command_of(p)
                       and "+checkpoint-only" not in command_of(p)]
            if servers and listening(sql_port):
                break
            time.sleep(0.05)
        assert servers, "virtuoso-t was started"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    assert wait_gone(servers) == [], "virtuoso-t died with the command"
    assert _wait_for(lambda: not listening(port) and not listening(sql_port), 30), "the ports are free"


# ---------------------------------------------------------------- 3. XML entities, 4. lying zip bombs
CONTENT_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                 'officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/></Relationships>')
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOC_HEAD = f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>'
DOC_TAIL = "</w:t></w:r></w:p></w:body></w:document>"
LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
          + "]>")


def write_docx(path: Path, document: str, encoding: str = "utf-8") -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("word/document.xml", document.encode(encoding))
    return path


def lying_docx(path: Path, inflated: int) -> Path:
    """A DOCX whose word/document.xml inflates to ``inflated`` bytes while its headers declare 4 kB."""
    import struct
    import zlib

    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    crc = zlib.crc32(DOC_HEAD.encode())
    parts = [comp.compress(DOC_HEAD.encode())]
    block = b" " * (1 << 20)
    for _ in range(inflated // len(block)):
        parts.append(comp.compress(block))
        crc = zlib.crc32(block, crc)
    parts.append(comp.flush())
    data = b"".join(parts)
    lie = 4096
    members = [("[Content_Types].xml", CONTENT_TYPES.encode(), None), ("_rels/.rels", RELS.encode(), None),
               ("word/document.xml", data, (crc, lie))]
    out, central = bytearray(), bytearray()
    for name, payload, forged in members:
        raw_name = name.encode()
        if forged is None:
            c = zlib.compressobj(9, zlib.DEFLATED, -15)
            body = c.compress(payload) + c.flush()
            crc_, size = zlib.crc32(payload), len(payload)
        else:
            body, (crc_, size) = payload, forged
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc_, len(body), size, len(raw_name), 0)
        out += raw_name + body
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc_, len(body), size,
                               len(raw_name), 0, 0, 0, 0, 0, offset) + raw_name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0)
    path.write_bytes(bytes(out + central + end))
    return path


def peak_mb_of(cmd: list[str], timeout: float = 300) -> tuple[subprocess.CompletedProcess, float]:
    """Run ``cmd`` in a fresh Python that reports its children's peak resident memory (MB)."""
    probe = ("import resource, subprocess, sys, json\n"
             "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
             "print(json.dumps([p.returncode, p.stdout[-5000:], p.stderr[-5000:],"
             " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))\n")
    import json

    wrapper = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True, timeout=timeout)
    code, out, err, kb = json.loads(wrapper.stdout)
    return subprocess.CompletedProcess(cmd, code, out, err), kb / 1024


def test_docx_zip_bomb_with_lying_sizes_is_refused_in_bounded_memory(tmp_path):
    bomb = lying_docx(tmp_path / "bomb.docx", 1 << 30)  # 1 GiB of text behind a 4 kB claim
    assert bomb.stat().st_size < 1_500_000
    result, peak = peak_mb_of([*policykg(), "extract", str(bomb)])
    assert result.returncode != 0
    assert "bomb.docx" in result.stderr and "refused" in result.stderr and "Traceback" not in result.stderr
    assert peak < 300, f"peak memory {peak:.0f} MB"


def test_docx_bomb_in_a_build_is_a_failed_document_in_bounded_memory(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lying_docx(corpus / "bomb.docx", 1 << 30)
    (corpus / "plan.txt").write_text(PLAN, encoding="utf-8")
    result, peak = peak_mb_of([*policykg(), "build", str(corpus), "-o", str(tmp_path / "out"), "--no-validate",
                               "--jobs", "2"])
    assert "bomb.docx" in result.stdout + result.stderr and "refused" in result.stdout + result.stderr
    assert (tmp_path / "out" / "kg.ttl").is_file()
    assert peak < 300, f"peak memory {peak:.0f} MB"


PLAN = "某区方案\n一、重点任务\n（一）完善专利政策体系。加强统筹。（责任单位：区科技局，配合单位：区财政局）\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_docx_declaring_entities_is_refused(tmp_path, encoding):
    decl = f'<?xml version="1.0" encoding="{encoding.upper()}"?>'
    doc = write_docx(tmp_path / "laughs.docx", decl + "<!--" + os.urandom(1 << 20).hex() + "-->" + LAUGHS
                     + DOC_HEAD.split("?>", 1)[1] + "&lol9;" + DOC_TAIL, encoding)
    result, peak = peak_mb_of([*policykg(), "extract", str(doc)])
    assert result.returncode != 0 and "declares XML entities" in result.stderr, result.stderr
    assert peak < 300


def test_docx_part_with_an_external_entity_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容", encoding="utf-8")
    doc = write_docx(tmp_path / "xxe.docx", f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "{secret}">]>'
                     + DOC_HEAD.split("?>", 1)[1] + "&x;" + DOC_TAIL)
    result = subprocess.run([*policykg(), "extract", str(doc)], capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "declares XML entities" in result.stderr
    assert "机密" not in result.stdout


# ---------------------------------------------------------------- 6. deep or sloppy HTML is read whole
NUMS = "一二三四五六七八九十"
HTML_TASKS = [f"<p>（{NUMS[i % 10]}）推进第{i + 1}项工作。加强统筹。（责任单位：区科技局，配合单位：区财政局）</p>"
              for i in range(12)]
HTML_HEAD = ("<html><head><meta charset='utf-8'><title>某区知识产权方案_某区政府网</title></head><body>"
             "<div class='nav'>首页 政务公开 导航</div><h1>某区知识产权方案</h1><p>一、重点任务</p>")


def extracted_tasks(path: Path) -> int:
    import json

    result = subprocess.run([*policykg(), "extract", str(path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return len(json.loads(result.stdout)["tasks"])


@pytest.mark.parametrize("depth", [300, 3000, 50_000])
def test_html_nested_deeper_than_the_parser_allows_is_read_whole(tmp_path, depth):
    page = (HTML_HEAD + "".join(HTML_TASKS[:6]) + "<div>" * depth + "".join(HTML_TASKS[6:]) + "</div>" * depth
            + "</body></html>")
    path = tmp_path / "deep.html"
    path.write_text(page, encoding="utf-8")
    assert extracted_tasks(path) == 12


@pytest.mark.parametrize("opening", ["<font size=3>", "<span>", "<div>", "<font><span><div>"])
@pytest.mark.parametrize("extra", [0, 400])
def test_html_with_unclosed_tags_is_read_whole(tmp_path, opening, extra):
    page = HTML_HEAD + opening * extra + "".join(opening + t.removesuffix("</p>") for t in HTML_TASKS)
    path = tmp_path / "sloppy.html"
    path.write_text(page + "</body></html>", encoding="utf-8")
    assert extracted_tasks(path) == 12


# ---------------------------------------------------------------- 7. validation linear in the document
def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def big_plan(sections: int, padding: int) -> str:
    """A plan of ``sections`` × 20 tasks, each padded with ``padding`` characters of prose."""
    pad = ("坚持统筹推进，完善工作机制，强化协同配合，" * (padding // 20 + 1))[:padding]
    lines = ["某区知识产权强区建设实施方案", "为深入实施知识产权战略，制定本方案。"]
    for s in range(1, sections + 1):
        lines.append(f"{_cn(s)}、重点任务")
        lines += [f"（{_cn(i)}）推进第{s}-{i}项工作。{pad}加强统筹。（责任单位：区科技局，配合单位：区财政局）"
                  for i in range(1, 21)]
    return "\n".join(lines) + "\n"


def test_validation_time_grows_linearly_with_the_document():
    from kg.graph.build import build_graph
    from kg.reasoning.validate import load_shapes, validate_graph
    from loaders.extract.document import parse_text

    shapes = load_shapes()
    validate_graph(build_graph([parse_text(big_plan(2, 50), doc_id="warm")]), shapes)
    timings = {}
    for name, sections in (("small", 10), ("large", 40)):  # 4x the text and 4x the spans
        g = build_graph([parse_text(big_plan(sections, 300), doc_id=name)])
        best = float("inf")
        for _ in range(2):
            started = time.perf_counter()
            report = validate_graph(g, shapes)
            best = min(best, time.perf_counter() - started)
        assert report.conforms, report.text
        timings[name] = best
    # Linear: about 4x. The per-span SUBSTR over the whole text was quadratic: about 16x.
    assert timings["large"] < 8 * timings["small"] + 0.5, timings


def test_quote_check_verdict_is_kept_on_a_large_document(tmp_path):
    from rdflib import Literal

    from kg.graph.build import build_graph
    from kg.graph.namespaces import PKG
    from kg.reasoning.validate import validate_graph
    from loaders.extract.document import parse_text

    g = build_graph([parse_text(big_plan(30, 300), doc_id="large")])
    span = sorted(g.subjects(PKG.quote, Literal("区财政局")))[-1]
    g.set((span, PKG.quote, Literal("区科技局")))
    report = validate_graph(g)
    assert not report.conforms and report.shapes() == {"QuoteMatchesTextShape"}
    assert "quote «区科技局», text «区财政局»" in report.text


# ---------------------------------------------------------------- 3. DTDs in RDF/XML, GEXF and GraphML
RDF_BODY = ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">'
            '<rdf:Description rdf:about="http://e/a"><ex:p>&lol9;</ex:p></rdf:Description></rdf:RDF>')


def hostile_xml(body: str, encoding: str, comment: bool) -> bytes:
    head = f'<?xml version="1.0" encoding="{encoding.upper()}"?>'
    filler = "<!--" + "注释" * (1 << 20) + "-->" if comment else ""  # 2 M characters before the DTD
    return (head + filler + LAUGHS + body).encode(encoding)


@pytest.mark.parametrize("command", [["query", "agencies-by-tasks-led"], ["validate"], ["reason"]])
@pytest.mark.parametrize("encoding, comment", [("utf-8", False), ("utf-16", False), ("utf-8", True)])
def test_rdfxml_data_with_entities_is_refused_by_every_command(tmp_path, command, encoding, comment):
    data = tmp_path / "laughs.rdf"
    data.write_bytes(hostile_xml(RDF_BODY, encoding, comment))
    result, peak = peak_mb_of([*policykg(), *command, "--data", str(data)], timeout=120)
    assert result.returncode != 0
    assert result.stderr.strip() == f"policykg: {data}: declares XML entities or a DTD; refused", result.stderr
    assert peak < 300, f"peak memory {peak:.0f} MB"


def test_rdfxml_without_a_dtd_is_still_read(tmp_path):
    data = tmp_path / "plain.rdf"
    data.write_text('<?xml version="1.0"?>' + RDF_BODY.replace("&lol9;", "一段文字"), encoding="utf-8")
    from kg.sparql.store import open_kg

    assert len(open_kg(data, ontology=False, vocabularies=False)) == 1


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
@pytest.mark.parametrize("encoding, comment", [("utf-16", False), ("utf-8", True)])
def test_network_files_with_entities_are_refused_on_read_back(tmp_path, fmt, encoding, comment):
    from kg.networks.exports import read_gexf, read_graphml
    from kg.networks.projection import NetworkError

    body = ('<gexf xmlns="http://gexf.net/1.2" version="1.2"><graph><nodes><node id="a" label="&lol9;"/>'
            '</nodes><edges/></graph></gexf>' if fmt == "gexf" else
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="undirected">'
            '<node id="&lol9;"/></graph></graphml>')
    path = tmp_path / f"laughs.{fmt}"
    path.write_bytes(hostile_xml(body, encoding, comment))
    with pytest.raises(NetworkError, match="declares XML entities or a DTD; refused"):
        (read_gexf if fmt == "gexf" else read_graphml)(path)


# ---------------------------------------------------------------- 5. file names that are not UTF-8
GBK_NAME = "关于知识产权的方案.txt".encode("gbk")


def test_extract_reads_a_file_whose_name_is_gbk(tmp_path):
    import json

    with open(os.fsencode(tmp_path) + b"/" + GBK_NAME, "wb") as fh:
        fh.write(PLAN.encode("utf-8"))
    result = subprocess.run([*map(os.fsencode, policykg()), b"extract", os.fsencode(tmp_path) + b"/" + GBK_NAME],
                            capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    doc = json.loads(result.stdout)["document"]
    assert doc["id"] == "关于知识产权的方案"
    assert doc["source"].endswith("/关于知识产权的方案.txt")


def test_build_reads_files_whose_names_are_not_utf8(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    raw = os.fsencode(corpus)
    for name in (GBK_NAME, b"plan-\xff\xfe.txt"):
        with open(raw + b"/" + name, "wb") as fh:
            fh.write(PLAN.encode("utf-8"))
    with open(raw + b"/" + "空的文件.txt".encode("gbk"), "wb") as fh:
        fh.write(b"")
    out = tmp_path / "out"
    result = subprocess.run([*policykg(), "build", str(corpus), "-o", str(out)], capture_output=True, timeout=300)
    stdout, stderr = (x.decode("utf-8") for x in (result.stdout, result.stderr))
    assert "Traceback" not in stderr
    assert "documents  2" in stdout, stdout + stderr
    failed = [ln for ln in (stdout + stderr).splitlines() if ln.startswith("failed")]
    assert len(failed) == 1 and "空的文件.txt" in failed[0] and "empty" in failed[0], failed
    kg = (out / "kg.ttl").read_text("utf-8")
    # ids and sources from the readable names: GBK decoded, other bytes shown as \xNN
    assert "关于知识产权的方案.txt" in kg and '"plan--xff-xfe"' in kg


# ---------------------------------------------------------------- 8. what kills leave behind
def _wait_for(predicate, timeout: float = 60, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return None


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_build_leaves_no_worker_and_no_temp_file(tmp_path, sig):
    from loaders.synthetic.plans import generate_corpus, write_corpus

    corpus = tmp_path / "corpus"
    write_corpus(generate_corpus(300, seed=11), corpus)
    out = tmp_path / "out"
    proc = subprocess.Popen([*policykg(), "build", str(corpus), "-o", str(out), "--jobs", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        workers = _wait_for(lambda: len(descendants(proc.pid)) >= 2 and descendants(proc.pid), timeout=120)
        assert workers, "the build started its pool"
        time.sleep(0.5)
        workers = descendants(proc.pid)
    finally:
        proc.send_signal(sig)
        proc.wait(60)
    assert wait_gone(workers, 30) == [], "pool workers died with the build"
    assert not list(out.glob(".*.tmp")) if out.exists() else True


def _serve(data: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen([*policykg(), "serve", "--data", str(data), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _stores_of(pid: int) -> list[Path]:
    import tempfile

    return list(Path(tempfile.gettempdir()).glob(f"policykg-serve-{pid}-*"))


def _oxigraph_children(pid: int) -> list[int]:
    return [p for p in descendants(pid) if "oxigraph" in command_of(p)]


def test_serve_killed_while_loading_leaves_no_process_and_the_next_run_removes_its_store(tmp_path, sample_kg_dir):
    big = tmp_path / "big.nt"
    # A KG large enough that loading takes a moment: the sample's triples under 400 graph names.
    from rdflib import Graph

    lines = Graph().parse(sample_kg_dir / "kg.ttl").serialize(format="nt").splitlines()
    with big.open("w", encoding="utf-8") as fh:
        for k in range(60):
            for ln in lines:
                if ln.strip():
                    fh.write(ln.replace("https://w3id.org/policykg/id/", f"https://w3id.org/policykg/id/c{k}/") + "\n")
    port = free_port()
    proc = _serve(big, port)
    try:
        loading = _wait_for(lambda: [p for p in _oxigraph_children(proc.pid) if " load " in command_of(p)], 60, 0.01)
        assert loading, "oxigraph load was started"
        stores = _stores_of(proc.pid)
        assert stores
    finally:
        proc.kill()
        proc.communicate(timeout=30)
    assert wait_gone(loading, 30) == [], "oxigraph load died with serve"
    assert all(s.exists() for s in stores), "SIGKILL gives no chance to clean up"
    again = _serve(sample_kg_dir / "kg.ttl", port)
    try:
        assert _wait_for(lambda: listening(port), 120), "the next serve starts"
        assert not any(s.exists() for s in stores), "the next run removed the dead server's store"
    finally:
        again.terminate()
        again.communicate(timeout=60)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGHUP, signal.SIGTERM])
def test_a_killed_serve_leaves_no_server_on_the_port(sample_kg_dir, sig):
    port = free_port()
    proc = _serve(sample_kg_dir / "kg.ttl", port)
    try:
        assert proc.stdout.readline().startswith("serving"), "serve is up"  # (a stop while loading exits 130)
        servers = _oxigraph_children(proc.pid)
        assert servers
        stores = _stores_of(proc.pid)
    finally:
        proc.send_signal(sig)
        proc.communicate(timeout=60)
    assert wait_gone(servers, 30) == [], "Oxigraph died with serve"
    assert _wait_for(lambda: not listening(port), 30), "nothing listens on the port any more"
    if sig != signal.SIGKILL:
        assert proc.returncode == 0
        assert not any(s.exists() for s in stores), "a stopped serve removes its store"


def test_serve_refuses_a_port_that_is_already_serving(sample_kg_dir):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([*policykg(), "serve", "--data", str(sample_kg_dir / "kg.ttl"), "--port", str(port)],
                                capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert f"port 127.0.0.1:{port} is already in use" in result.stderr and "Traceback" not in result.stderr


# ---------------------------------------------------------------- 2. unbounded results
CROSS_JOIN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }\n"


@pytest.fixture
def served_sample(sample_kg_dir):
    """``policykg serve`` on the sample with no server-side limit (``--timeout 0``): the client's bounds."""
    port = free_port()
    proc = subprocess.Popen([*policykg(), "serve", "--data", str(sample_kg_dir / "kg.ttl"), "--port", str(port),
                             "--timeout", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert "cancelled after" not in line and f"127.0.0.1:{port}" in line, line + proc.stderr.read()
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.communicate(timeout=60)


def test_a_remote_cross_join_stops_at_the_overall_deadline(tmp_path, served_sample):
    rq = tmp_path / "cross.rq"
    rq.write_text(CROSS_JOIN, encoding="utf-8")
    started = time.monotonic()
    result, peak = peak_mb_of([*policykg(), "query", str(rq), "--endpoint", served_sample, "--timeout", "4"])
    elapsed = time.monotonic() - started
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert ("no complete answer within 4 s" in result.stderr or "over 64 MB" in result.stderr), result.stderr
    assert elapsed < 30, elapsed
    assert peak < 300, f"peak memory {peak:.0f} MB"


def test_a_remote_cross_join_without_a_timeout_stops_at_the_size_limit(tmp_path, served_sample):
    rq = tmp_path / "cross.rq"
    rq.write_text(CROSS_JOIN, encoding="utf-8")
    result, peak = peak_mb_of([*policykg(), "query", str(rq), "--endpoint", served_sample], timeout=600)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "the answer is over 64 MB; narrow the query" in result.stderr, result.stderr
    assert peak < 300, f"peak memory {peak:.0f} MB"


def test_a_row_limit_is_reported_with_its_variable(tmp_path, served_sample):
    rq = tmp_path / "many.rq"
    rq.write_text("SELECT ?s WHERE { ?s ?p ?o }\n", encoding="utf-8")
    env = dict(os.environ, POLICYKG_MAX_RESULT_ROWS="100")
    result = subprocess.run([*policykg(), "query", str(rq), "--endpoint", served_sample], capture_output=True,
                            text=True, timeout=120, env=env)
    assert result.returncode != 0 and "over the limit of 100" in result.stderr and "POLICYKG_MAX_RESULT_ROWS" in result.stderr


def test_serve_cancels_long_queries_by_default_and_the_client_calls_it_a_timeout(tmp_path, sample_kg_dir):
    port = free_port()
    proc = subprocess.Popen([*policykg(), "serve", "--data", str(sample_kg_dir / "kg.ttl"), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert "queries cancelled after 120 s" in line, line
    finally:
        proc.terminate()
        proc.communicate(timeout=60)
    port = free_port()
    proc = subprocess.Popen([*policykg(), "serve", "--data", str(sample_kg_dir / "kg.ttl"), "--port", str(port),
                             "--timeout", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert "cancelled after 1 s" in proc.stdout.readline()
        rq = tmp_path / "count.rq"  # an aggregate over a cross join: long, and no row until the end
        rq.write_text(CROSS_JOIN.replace("SELECT *", "SELECT (COUNT(*) AS ?n)"), encoding="utf-8")
        result = subprocess.run([*policykg(), "query", str(rq), "--endpoint", f"http://127.0.0.1:{port}/"],
                                capture_output=True, text=True, timeout=120)
    finally:
        proc.terminate()
        proc.communicate(timeout=60)
    assert result.returncode != 0
    assert "the server cancelled the query at its time limit" in result.stderr, result.stderr


# ---------------------------------------------------------------- 9. smaller holes
def one_line_refusal(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("policykg: ") and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def run(*args: str, timeout: float = 120, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*policykg(), *args], capture_output=True, text=True, timeout=timeout, env=env)


@pytest.mark.parametrize("url", ["http://[::1", "http://127.0.0.1:99999/", "http://[::1]:x/"])
def test_an_endpoint_url_that_does_not_parse_is_one_line(url):
    assert "not a valid endpoint URL" in one_line_refusal(run("query", "agencies-by-tasks-led", "--endpoint", url))


@pytest.mark.parametrize("command", [["query", "agencies-by-tasks-led"], ["push"]])
def test_a_password_in_an_endpoint_url_is_never_echoed(command, sample_kg_dir):
    data = ["--data", str(sample_kg_dir / "kg.ttl")] if command == ["push"] else []
    line = one_line_refusal(run(*command, *data, "--endpoint", "http://dba:s3cret-pw@127.0.0.1:1/"))
    assert "s3cret-pw" not in line and "credentials in the URL are not used" in line


@pytest.mark.parametrize("suffix", [".rdf", ".ttl", ".nt", ".jsonld"])
@pytest.mark.parametrize("command", [["query", "agencies-by-tasks-led"], ["validate"]])
def test_data_that_is_not_rdf_is_one_line(tmp_path, suffix, command):
    data = tmp_path / f"binary{suffix}"
    data.write_bytes(bytes(range(256)) * 8)
    assert "not valid RDF" in one_line_refusal(run(*command, "--data", str(data)))


def test_extract_refuses_devices_and_fifos_without_waiting(tmp_path):
    fifo = tmp_path / "plan.txt"
    os.mkfifo(fifo)
    assert "is a FIFO (named pipe), not a document file" in one_line_refusal(run("extract", str(fifo), timeout=60))
    assert "is a device, not a document file" in one_line_refusal(run("extract", "/dev/zero", timeout=60))


def test_full_width_digits_in_a_parameter_match_like_ascii_ones(sample_kg_dir):
    data = str(sample_kg_dir / "kg.ttl")
    ascii_rows = run("query", "targets-by-year", "-p", "year=2025", "--data", data, "--format", "csv")
    wide_rows = run("query", "targets-by-year", "-p", "year=２０２５", "--data", data, "--format", "csv")
    assert ascii_rows.returncode == wide_rows.returncode == 0, wide_rows.stderr
    assert wide_rows.stdout == ascii_rows.stdout and len(ascii_rows.stdout.splitlines()) > 1


def test_a_repeated_parameter_is_refused(sample_kg_dir):
    result = run("query", "tasks-led-by-agency", "-p", "agency=区科技局", "-p", "agency=区财政局",
                 "--data", str(sample_kg_dir / "kg.ttl"))
    assert "--param agency is given twice" in one_line_refusal(result)
    assert result.returncode == 2


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read(tmp_path, encoding):
    path = tmp_path / "plan.txt"
    path.write_bytes(PLAN.encode(encoding))
    assert extracted_tasks(path) == 1


def encrypted_pdf() -> bytes:
    """A one-page PDF under the standard security handler with a user password (not the empty one)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
            b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -44 >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<" % (len(objs) + 1) + b"ab" * 16 + b"> <"
            + b"ab" * 16 + b">] >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return bytes(out)


def test_an_encrypted_pdf_is_refused_with_a_message(tmp_path):
    pytest.importorskip("pdfplumber")
    path = tmp_path / "locked.pdf"
    path.write_bytes(encrypted_pdf())
    assert "is encrypted (password-protected)" in one_line_refusal(run("extract", str(path)))


def test_an_unreadable_subdirectory_is_a_failed_line(tmp_path, monkeypatch):
    from kg.graph.corpus import build_corpus

    corpus = tmp_path / "corpus"
    (corpus / "locked").mkdir(parents=True)
    (corpus / "locked" / "hidden.txt").write_text(PLAN, encoding="utf-8")
    (corpus / "plan.txt").write_text(PLAN, encoding="utf-8")
    real = os.scandir
    locked = str(corpus / "locked")

    def scandir(path="."):
        if os.fspath(path) == locked:  # what a directory without read permission does (tests run as root)
            raise PermissionError(13, "Permission denied", locked)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = build_corpus([corpus], tmp_path / "out", jobs=1, validate=False)
    assert result.documents == 1
    assert (locked, "directory cannot be read (permission denied)") in result.failures
    assert f"failed     {locked}: directory cannot be read (permission denied)" in result.summary()


def _post_update(base: str, update: str, headers: dict) -> int:
    import urllib.parse

    request = urllib.request.Request(base + "update", data=urllib.parse.urlencode({"update": update}).encode(),
                                     headers={"Content-Type": "application/x-www-form-urlencoded", **headers})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _ask(base: str, pattern: str) -> bool:
    import json
    import urllib.parse

    url = base + "query?" + urllib.parse.urlencode({"query": f"ASK {{ {pattern} }}"})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
        return json.loads(response.read())["boolean"]


def test_serve_writable_refuses_writes_from_other_web_pages(sample_kg_dir):
    port = free_port()
    proc = subprocess.Popen([*policykg(), "serve", "--data", str(sample_kg_dir / "kg.ttl"), "--port", str(port),
                             "--writable"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}/"
    forged = "INSERT DATA { <http://evil.example/a> <http://evil.example/b> <http://evil.example/c> }"
    try:
        assert "writable" in proc.stdout.readline()
        # What a form on another site makes the browser send (CSRF), and a rebound host name.
        assert _post_update(base, forged, {"Origin": "http://evil.example"}) == 403
        assert _post_update(base, forged, {"Origin": "null"}) == 403
        assert _post_update(base, forged, {"Referer": "http://evil.example/page.html"}) == 403
        assert _post_update(base, forged, {"Host": f"evil.example:{port}"}) == 403
        assert not _ask(base, "<http://evil.example/a> ?p ?o")
        # A client of its own (no Origin, as curl and policykg push send) still writes.
        assert _post_update(base, forged.replace("evil.example", "ok.example"), {}) in (200, 204)
        assert _post_update(base, forged.replace("evil.example", "own.example"), {"Origin": base.rstrip("/")}) in (
            200, 204)
        assert _ask(base, "<http://ok.example/a> ?p ?o") and _ask(base, "<http://own.example/a> ?p ?o")
    finally:
        proc.terminate()
        proc.communicate(timeout=60)
    assert proc.returncode == 0


def test_build_prints_failed_lines_on_standard_error(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_text(PLAN, encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    result = run("build", str(corpus), "-o", str(tmp_path / "out"), "--no-validate", timeout=300)
    assert result.returncode == 3
    assert "documents  1" in result.stdout
    assert not [ln for ln in result.stdout.splitlines() if ln.startswith("failed")]
    assert result.stderr.strip().startswith("failed     ") and "empty.txt" in result.stderr


def test_citation_links_do_not_depend_on_input_order(tmp_path):
    shared = "某区知识产权强区建设实施方案"
    docs = {
        "a.txt": f"{shared}\n一、重点任务\n（一）完善专利政策体系。加强统筹。（责任单位：区科技局）\n",
        "b.txt": f"{shared}\n一、重点任务\n（一）加强商标品牌建设。加强统筹。（责任单位：区市场监管局）\n",
        "c.txt": (f"某区专利转化运用实施方案\n根据《{shared}》，制定本方案。\n一、重点任务\n"
                  "（一）推进专利转化。加强统筹。（责任单位：区财政局）\n"),
    }
    for name, text in docs.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    outputs = []
    for order in (["a.txt", "b.txt", "c.txt"], ["b.txt", "a.txt", "c.txt"], ["c.txt", "b.txt", "a.txt"]):
        out = tmp_path / ("out-" + "".join(n[0] for n in order))
        result = run("build", *(str(tmp_path / n) for n in order), "-o", str(out), "--no-validate", timeout=300)
        assert result.returncode == 0, result.stderr
        outputs.append((out / "kg.ttl").read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    assert b"dcterms:references pkgid:doc\\/a ;" in outputs[0]  # the IRI that sorts first
