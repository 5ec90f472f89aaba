"""Issue 33, cases 10 and 11: Dask scheduler addresses, and shard folders a killed build leaves.

Through the command line (``policykg`` in a child process, its peak memory measured by a fresh
Python parent with ``getrusage(RUSAGE_CHILDREN)``): every refusal is one line on standard error with
the documented exit code (docs/reliability.md, "Exit codes"), no traceback, bounded memory, no hang
(every wait is bounded by the subprocess timeout). Servers are real and bind 127.0.0.1 only: a tiny
HTTP server that counts its requests, a TCP listener that never answers, and Dask's own scheduler.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kg.errors import ExitCode

if not os.environ.get("CI"):  # in CI, scripts/setup.sh installs the extra: a missing package fails there
    pytest.importorskip("distributed", reason="the [scale] extra (dask[distributed]) is not installed")

MB = 1024 * 1024
MEMORY_CAP = 400 * MB  # a policykg command with Dask imported stays well under this


def policykg() -> list[str]:
    exe = Path(sys.executable).with_name("policykg")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "kg.cli"]


_MEASURE = (
    "import json, resource, subprocess, sys\n"
    "p = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=600)\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024\n"
    "print(json.dumps([p.returncode, p.stdout, p.stderr, peak]))\n"
)


class Run:
    """A finished ``policykg`` run: exit code, output, error text and the child's peak RSS (bytes)."""

    def __init__(self, returncode: int, stdout: str, stderr: str, peak: int) -> None:
        self.returncode, self.stdout, self.stderr, self.peak = returncode, stdout, stderr, peak


def run_measured(*args: str, timeout: float = 300, env: dict[str, str] | None = None) -> Run:
    """``policykg ARGS`` in a fresh Python parent that reports the command's peak RSS."""
    full_env = dict(os.environ, PYTHONIOENCODING="utf-8", **(env or {}))
    done = subprocess.run([sys.executable, "-c", _MEASURE, *policykg(), *args], capture_output=True,
                          text=True, timeout=timeout, env=full_env)
    assert done.returncode == 0, done.stderr
    return Run(*json.loads(done.stdout))


def assert_one_line(run: Run, code: int, start: str) -> None:
    """One line on standard error, starting with ``start``, no traceback, the documented exit code."""
    assert run.returncode == code, (run.returncode, run.stderr)
    assert run.stderr.count("\n") == 1 and run.stderr.startswith(start), run.stderr
    assert "Traceback" not in run.stderr
    assert run.peak < MEMORY_CAP, f"peak RSS {run.peak / MB:.0f} MB"


# ---------------------------------------------------------------- case 11: scheduler addresses
class CountingHTTP(http.server.BaseHTTPRequestHandler):
    """Answers every request with a small page and counts them (a dashboard, or any web server)."""

    requests = 0

    def do_GET(self) -> None:  # noqa: N802 - the handler's API
        type(self).requests += 1
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"<html>not a scheduler</html>")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def http_server():
    CountingHTTP.requests = 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), CountingHTTP)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def silent_listener():
    """A TCP port that accepts connections and never sends a byte."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(sock.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[1], accepted
    finally:
        stop.set()
        thread.join()
        for c in accepted:
            c.close()
        sock.close()


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> Path:
    from loaders.synthetic.plans import generate_corpus, write_corpus

    out = tmp_path_factory.mktemp("plans")
    write_corpus(generate_corpus(12, seed=33), out)
    return out


def test_an_address_that_is_not_one_is_a_usage_error(plan, tmp_path):
    for bad, why in [("garbage!!@@", "not a Dask scheduler address"),
                     ("tcp://garbage!!@@:8786", "not a Dask scheduler address"),
                     ("tcp://127.0.0.1:99999", "port 99999 is not between 1 and 65535"),
                     ("udp://127.0.0.1:8786", "the scheme udp:// is not one policykg connects to")]:
        done = run_measured("build", str(plan), "--engine", "dask", "--scheduler", bad,
                            "--shards", str(tmp_path / "s"))
        assert_one_line(done, ExitCode.USAGE, f"policykg: {bad!r}: {why}")
        assert not (tmp_path / "s").exists(), "nothing written"


def test_an_http_port_is_refused_at_once_not_read_as_a_frame_length(plan, tmp_path, http_server):
    address = f"tcp://127.0.0.1:{http_server.server_address[1]}"
    started = time.monotonic()
    done = run_measured("build", str(plan), "--engine", "dask", "--scheduler", address,
                        "--shards", str(tmp_path / "s"), timeout=120)
    assert_one_line(done, ExitCode.ENDPOINT, f"policykg: {address} answers HTTP, not the Dask protocol")
    assert CountingHTTP.requests == 0, "the probe is not an HTTP request the server served"
    assert time.monotonic() - started < 110  # no 2-minute hang (the bound is the subprocess timeout)
    assert not (tmp_path / "s").exists()
    # The same address in a scheduler file.
    sched = tmp_path / "scheduler.json"
    sched.write_text(json.dumps({"address": address}))
    done = run_measured("build", str(plan), "--engine", "dask", "--scheduler", str(sched),
                        "--shards", str(tmp_path / "s"), timeout=120)
    assert_one_line(done, ExitCode.ENDPOINT, f"policykg: {address} answers HTTP")


def test_a_listener_that_never_answers_is_one_line_after_the_timeout(plan, tmp_path, silent_listener):
    port, accepted = silent_listener
    address = f"tcp://127.0.0.1:{port}"
    done = run_measured("build", str(plan), "--engine", "dask", "--scheduler", address,
                        "--shards", str(tmp_path / "s"), timeout=120)
    assert_one_line(done, ExitCode.ENDPOINT,
                    f"policykg: the server at {address} did not answer as a Dask scheduler within 10 s")
    assert len(accepted) == 1, "one probe connection, then nothing"
    assert not (tmp_path / "s").exists()


def test_a_server_announcing_an_exabyte_frame_is_not_read(plan, tmp_path):
    """A listener whose first 8 bytes say 2⁶² bytes follow (what Dask's client tried to allocate)."""
    import struct

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(4)

    def answer() -> None:
        conn, _ = sock.accept()
        with conn:
            conn.sendall(struct.pack("<Q", 2**62) + b"\0" * 64)
            conn.recv(1024)

    threading.Thread(target=answer, daemon=True).start()
    address = f"tcp://127.0.0.1:{sock.getsockname()[1]}"
    try:
        done = run_measured("build", str(plan), "--engine", "dask", "--scheduler", address,
                            "--shards", str(tmp_path / "s"), timeout=120)
    finally:
        sock.close()
    assert_one_line(done, ExitCode.ENDPOINT, f"policykg: {address} is not a Dask scheduler (its first answer")


def test_a_real_scheduler_passes_the_handshake_check():
    from distributed import LocalCluster

    from kg.graph.cluster import ClusterError, check_scheduler

    with LocalCluster(n_workers=0, processes=False, protocol="tcp", host="127.0.0.1", dashboard_address=":0",
                      silence_logs=50) as lc:
        check_scheduler(lc.scheduler_address, timeout=10)  # no error
        dashboard = f"tcp://127.0.0.1:{lc.scheduler.http_server.port}"
        with pytest.raises(ClusterError, match="answers HTTP"):
            check_scheduler(dashboard, timeout=10)


# ---------------------------------------------------------------- case 10: shard folders and manifests
def shards_of(plan: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([*policykg(), "build", str(plan), "--engine", "dask", "--shards", str(out),
                           "--partitions", "3", "--jobs", "1", "--no-validate", *extra],
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def built(plan, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built") / "shards"
    done = shards_of(plan, out)
    assert done.returncode == 0, done.stderr
    return out


def virtuoso_load(shards: Path, tmp_path: Path) -> Run:
    """``policykg virtuoso SHARDS --load-only``: the manifest is checked before a server is started."""
    return run_measured("virtuoso", str(shards), "--load-only", "--workdir", str(tmp_path / "vdb"),
                        env={"POLICYKG_VIRTUOSO_PASSWORD": "test-only-Pw1"})


def test_a_build_writes_its_shards_in_a_new_folder_and_the_manifest_last(built, plan, tmp_path):
    from kg.graph.distributed import read_manifest, shard_files

    manifest = read_manifest(built)
    assert manifest["build"] == "build-00001"
    assert [s["file"] for s in manifest["shards"]] == [f"build-00001/part-{i:05d}.nt" for i in range(3)]
    assert len(shard_files(built, verify=True)) == 3 + 1 + len(manifest["support"])
    again = tmp_path / "again"
    shutil.copytree(built, again)
    done = shards_of(plan, again)
    assert done.returncode == 0, done.stderr
    assert read_manifest(again)["build"] == "build-00002"
    assert not (again / "build-00001").exists(), "the older build is removed once the new manifest is written"
    assert [s["sha256"] for s in read_manifest(again)["shards"]] == [s["sha256"] for s in manifest["shards"]]


def test_a_killed_build_leaves_the_old_complete_set(built, plan, tmp_path):
    """SIGKILL a second build once it has written a shard: the manifest still names the first build,
    whose files all match their hashes; the next build clears what the killed one left."""
    from kg.graph.distributed import read_manifest, shard_files

    out = tmp_path / "shards"
    shutil.copytree(built, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    proc = subprocess.Popen([*policykg(), "build", str(plan), "--engine", "dask", "--shards", str(out),
                             "--partitions", "12", "--jobs", "1", "--no-validate"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while not any((out / "build-00002").glob("part-*.nt")) and time.monotonic() < deadline:
            assert proc.poll() is None, "the build ended before a shard was written"
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert any((out / "build-00002").glob("part-*.nt")), "the kill landed after a new shard was written"
    assert read_manifest(out)["build"] == "build-00001"
    shard_files(out, verify=True)  # the old set, whole
    assert {p: p.read_bytes() for p in before} == before, "no file of the first build was touched"
    done = shards_of(plan, out)
    assert done.returncode == 0, done.stderr
    assert read_manifest(out)["build"] == "build-00003"
    assert sorted(p.name for p in out.glob("build-*")) == ["build-00003"]


def test_a_mixed_folder_is_refused_before_loading(built, tmp_path):
    """An old-style mixed folder (a shard of another corpus where the manifest's was): one line, exit
    5, and no Virtuoso started."""
    mixed = tmp_path / "mixed"
    shutil.copytree(built, mixed)
    victim = mixed / "build-00001" / "part-00001.nt"
    victim.write_bytes(b"<urn:other> <urn:corpus> <urn:x> .\n")
    done = virtuoso_load(mixed, tmp_path)
    assert_one_line(done, ExitCode.INPUT, f"policykg: {victim}: its SHA-256 is not the one in ")
    assert not (tmp_path / "vdb").exists(), "nothing started"
    victim.unlink()
    done = virtuoso_load(mixed, tmp_path)
    assert_one_line(done, ExitCode.INPUT, f"policykg: {victim}: listed in {mixed / 'manifest.json'} but missing")


@pytest.mark.parametrize("change, problem", [
    (lambda m: m.pop("citations"), 'the manifest has no "citations"'),
    (lambda m: m["citations"].pop("sha256"), "no SHA-256 in the manifest"),
    (lambda m: m["shards"][0].update(file="build-00001/../../../etc/passwd"), "not a file inside"),
    (lambda m: m["shards"][0].update(file="/etc/passwd"), "not a file inside"),
    (lambda m: m.update(shards="part-00000.nt"), 'the manifest lists no "shards"'),
    (lambda m: m.update(format="policykg-shards/1"), "an older policykg wrote it"),
    (lambda m: m.pop("build"), "the manifest names no build folder"),
])
def test_a_manifest_without_what_a_loader_needs_is_one_line(built, tmp_path, change, problem):
    broken = tmp_path / "broken"
    shutil.copytree(built, broken)
    manifest = json.loads((broken / "manifest.json").read_text("utf-8"))
    change(manifest)
    (broken / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    done = virtuoso_load(broken, tmp_path)
    assert_one_line(done, ExitCode.INPUT, f"policykg: {broken / 'manifest.json'}: ")
    assert problem in done.stderr, done.stderr
    assert not (tmp_path / "vdb").exists()


def test_a_manifest_that_is_not_json_or_nested_too_deep_is_one_line(built, tmp_path):
    for text in ["{not json", "[" * 100_000 + "]" * 100_000, '"a string"']:
        broken = tmp_path / "broken"
        shutil.rmtree(broken, ignore_errors=True)
        shutil.copytree(built, broken)
        (broken / "manifest.json").write_text(text, "utf-8")
        done = virtuoso_load(broken, tmp_path)
        assert_one_line(done, ExitCode.INPUT, f"policykg: {broken / 'manifest.json'}: not a valid manifest")
