"""The shard build on a real ``dask.distributed`` cluster: a LocalCluster of two worker processes on
127.0.0.1 (real TCP, real pickling, a nanny that restarts a killed worker).

- the 200 generated plans built on the cluster are byte for byte the local processes' shards, and their
  union written as Turtle is byte for byte the local build's kg.ttl;
- the sample and a few plans, validated in the workers, with the shards gathered to the client;
- ``policykg build --engine dask --scheduler ADDRESS`` (and a scheduler file) from another process;
- a worker killed (SIGKILL) while it runs a partition: the build completes, exact, no shard twice;
- a scheduler that does not answer, a shard directory the workers cannot use: one line, non-zero exit;
- a worker in its own mount namespace (the share not mounted there): named in one line before any work;
  with ``--gather`` it builds partitions all the same;
- the progress bar on a (pseudo-)terminal.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.errors import ExitCode
from kg.graph.distributed import CITATIONS_SHARD, MANIFEST, build_shards, read_manifest, shard_files

from .conftest import CORPUS_SIZE

if not os.environ.get("CI"):  # in CI, scripts/setup.sh installs the extra: a missing package fails there
    pytest.importorskip("distributed", reason="the [scale] extra (dask[distributed]) is not installed")


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes, one thread each, on 127.0.0.1; closed at the end of the module."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=":0", silence_logs=50) as lc:
        yield lc


@pytest.fixture(scope="module")
def client(cluster):
    from distributed import Client

    with Client(cluster.scheduler_address, set_as_default=False) as c:
        yield c


def merged_turtle(shard_dir: Path) -> bytes:
    """The shards and citations of a shard directory as one Turtle file, as `policykg build` writes it."""
    from kg.graph.namespaces import PREFIXES
    from kg.graph.ntriples import turtle_bytes

    lines: set[str] = set()
    for path in shard_files(shard_dir, support=False):
        lines.update(path.read_text("utf-8").splitlines(keepends=True))
    return turtle_bytes(sorted(lines), PREFIXES)


def assert_exact(shard_dir: Path, documents: int, partitions: int) -> dict:
    """The manifest accounts for every document once and every shard file matches its entry."""
    import hashlib

    manifest = read_manifest(shard_dir)
    assert manifest["failures"] == []
    assert len(manifest["documents"]) == documents == len({d["source"] for d in manifest["documents"]})
    build = manifest["build"]
    assert [s["file"] for s in manifest["shards"]] == [f"{build}/part-{i:05d}.nt" for i in range(partitions)]
    for shard in manifest["shards"]:
        data = (shard_dir / shard["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == shard["sha256"]
        assert data.count(b"\n") == shard["triples"]
    left = sorted(p.relative_to(shard_dir).as_posix() for p in shard_dir.glob("**/*")
                  if p.is_file() and "ontology" not in p.parts)
    assert left == sorted([f"{build}/{CITATIONS_SHARD}", MANIFEST, "warnings.json"]
                          + [s["file"] for s in manifest["shards"]]), "no stray shard, temporary or probe file"
    return manifest


def test_the_cluster_builds_the_local_build_byte_for_byte(cluster, corpus_dir, corpus_local_kg, corpus_shards,
                                                           tmp_path):
    out = tmp_path / "shared" / "shards"
    result = build_shards([corpus_dir], out, partitions=4, validate=False, scheduler=cluster.scheduler_address)
    assert result.documents == CORPUS_SIZE and not result.failures
    assert result.cluster == f"{cluster.scheduler_address}: 2 workers"
    manifest = assert_exact(out, CORPUS_SIZE, 4)
    local = read_manifest(corpus_shards)  # Dask's local processes, same partitions
    assert manifest["shards"] == local["shards"], "the same shards, byte for byte (same SHA-256)"
    assert (out / "build-00001" / CITATIONS_SHARD).read_bytes() == \
        (corpus_shards / "build-00001" / CITATIONS_SHARD).read_bytes()
    assert manifest["documents"] == local["documents"]
    assert merged_turtle(out) == corpus_local_kg.read_bytes(), "the union is the local build's kg.ttl"


def test_the_sample_validated_in_the_workers_with_the_shards_gathered(client, corpus_dir, sample_path,
                                                                      tmp_path):
    from kg.graph.corpus import build_corpus

    files = [sample_path, *sorted(corpus_dir.glob("*.txt"))[:5]]
    local = build_corpus(files, tmp_path / "local", jobs=1, validate=True)
    out = tmp_path / "gathered"
    result = build_shards(files, out, partitions=3, validate=True, scheduler=client, gather=True)
    assert result.cluster.endswith("2 workers, shards gathered")
    assert result.validated and result.conforms is True and local.conforms is True
    assert_exact(out, 6, 3)
    assert merged_turtle(out) == (tmp_path / "local" / "kg.ttl").read_bytes()
    # The same partitions written by the workers into the shared directory: the same bytes.
    shared = build_shards(files, tmp_path / "shared", partitions=3, validate=True, scheduler=client)
    assert read_manifest(tmp_path / "shared")["shards"] == read_manifest(out)["shards"]
    assert shared.warnings == result.warnings


def test_document_failures_are_reported_as_in_the_local_build(client, corpus_dir, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for p in sorted(corpus_dir.glob("*.txt"))[:3]:
        (src / p.name).write_bytes(p.read_bytes())
    (src / "empty.txt").write_bytes(b"")
    result = build_shards([src], tmp_path / "out", partitions=2, validate=False, scheduler=client)
    assert result.documents == 3
    assert [(Path(s).name, "empty" in m) for s, m in result.failures] == [("empty.txt", True)]
    assert read_manifest(tmp_path / "out")["failures"][0]["source"].endswith("empty.txt")


def run_policykg(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """``policykg ARGS`` started in another process (the client of the cluster), ``env`` added."""
    exe = Path(sys.executable).with_name("policykg")
    return subprocess.Popen([str(exe), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONIOENCODING="utf-8", **(env or {})))


def test_the_command_on_the_cluster_with_an_address_and_a_scheduler_file(cluster, client, corpus_dir, tmp_path):
    files = [str(p) for p in sorted(corpus_dir.glob("*.txt"))[:8]]
    done = run_policykg("build", *files, "--engine", "dask", "--scheduler", cluster.scheduler_address,
                        "--shards", str(tmp_path / "a"), "--partitions", "2", "--no-validate")
    out, err = done.communicate(timeout=600)
    assert done.returncode == 0, err
    assert f"engine     dask (2 partitions) on {cluster.scheduler_address}: 2 workers" in out
    assert_exact(tmp_path / "a", 8, 2)
    scheduler_file = tmp_path / "scheduler.json"  # what `dask scheduler --scheduler-file` writes
    info = client.scheduler_info()
    scheduler_file.write_text(json.dumps({k: info[k] for k in ("type", "id", "address", "services")}), "utf-8")
    done = run_policykg("build", *files, "--engine", "dask", "--scheduler", str(scheduler_file),
                        "--shards", str(tmp_path / "b"), "--partitions", "2", "--no-validate", "--gather")
    out, err = done.communicate(timeout=600)
    assert done.returncode == 0, err
    assert "2 workers, shards gathered" in out
    assert read_manifest(tmp_path / "b")["shards"] == read_manifest(tmp_path / "a")["shards"]


def test_a_worker_killed_mid_build_and_the_build_is_still_exact(cluster, client, corpus_dir, corpus_local_kg,
                                                                tmp_path):
    out = tmp_path / "shards"
    partitions = 20  # ten documents each: a partition takes seconds, the build many of them
    build = run_policykg("build", str(corpus_dir), "--engine", "dask", "--scheduler", cluster.scheduler_address,
                         "--shards", str(out), "--partitions", str(partitions), "--no-validate")
    try:
        victim = None
        deadline = time.monotonic() + 600
        while victim is None and time.monotonic() < deadline and build.poll() is None:
            # Once a first shard is written, kill a worker that is running a partition now.
            busy = {w: keys for w, keys in client.processing().items()
                    if any(str(k).startswith("policykg-partition-") for k in keys)}
            if any(out.glob("build-*/part-*.nt")) and busy:
                victim = sorted(busy)[0]
                break
            time.sleep(0.2)
        assert victim is not None, "the build never had a partition running after its first shard"
        pid = client.run(os.getpid, workers=[victim])[victim]
        written_before = len(list(out.glob("build-*/part-*.nt")))
        os.kill(pid, signal.SIGKILL)
        assert written_before < partitions, "the kill landed mid-build"
        stdout, stderr = build.communicate(timeout=900)
    finally:
        if build.poll() is None:
            build.kill()
            build.communicate()
    assert build.returncode == 0, stderr
    assert f"documents  {CORPUS_SIZE}" in stdout
    assert_exact(out, CORPUS_SIZE, partitions)
    assert merged_turtle(out) == corpus_local_kg.read_bytes()
    # The nanny restarted the worker: two workers again, the killed process gone.
    client.wait_for_workers(2, timeout=120)
    assert pid not in client.run(os.getpid).values()


def test_a_scheduler_that_does_not_answer_is_one_line(cli, corpus_dir, tmp_path):
    from kg.sparql.endpoint import free_port

    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    first = str(sorted(corpus_dir.glob("*.txt"))[0])
    done = cli("build", first, "--engine", "dask", "--scheduler", address, "--shards", str(tmp_path / "s"))
    assert done.returncode == ExitCode.ENDPOINT
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(
        f"policykg: cannot reach the Dask scheduler at {address} within 10 s"), done.stderr
    assert not (tmp_path / "s").exists(), "nothing written"
    missing = cli("build", first, "--engine", "dask", "--scheduler", str(tmp_path / "none.json"))
    assert missing.returncode == ExitCode.INPUT  # a missing input file, as in every command
    assert missing.stderr.strip() == f"policykg: {tmp_path / 'none.json'}: no such scheduler file (give " \
        "tcp://host:port or the file that `dask scheduler --scheduler-file FILE` writes)"
    gather = cli("build", first, "--engine", "dask", "--gather")
    assert gather.returncode == ExitCode.USAGE and "--gather goes with --scheduler" in gather.stderr


def test_a_shard_directory_the_workers_cannot_use_is_one_line(cluster, corpus_dir, tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory\n")
    first = str(sorted(corpus_dir.glob("*.txt"))[0])
    done = run_policykg("build", first, "--engine", "dask", "--scheduler", cluster.scheduler_address,
                        "--shards", str(blocked / "shards"))
    out, err = done.communicate(timeout=300)
    assert done.returncode == ExitCode.ENDPOINT
    assert err.count("\n") == 1 and err.startswith(f"policykg: {blocked / 'shards'}: "), err


def test_the_worker_side_check_names_a_directory_it_does_not_share(tmp_path, corpus_dir):
    from kg.graph.cluster import _probe

    first = str(sorted(corpus_dir.glob("*.txt"))[0])
    error, probe = _probe(str(tmp_path), "token-the-client-wrote-elsewhere", [first])
    assert probe is None and "does not see the client's directory" in error
    error, _ = _probe(None, None, [str(tmp_path / "missing.txt")])
    assert "missing.txt: this worker cannot read it" in error


def test_progress_from_the_cluster_on_a_terminal(cluster, corpus_dir, tmp_path):
    """Standard error a terminal (a pseudo-terminal here): a bar counting partitions, documents, workers."""
    import pty

    files = [str(p) for p in sorted(corpus_dir.glob("*.txt"))[:6]]
    controller, terminal = pty.openpty()
    exe = Path(sys.executable).with_name("policykg")
    proc = subprocess.Popen([str(exe), "build", *files, "--engine", "dask", "--scheduler", cluster.scheduler_address,
                             "--shards", str(tmp_path / "s"), "--partitions", "3", "--no-validate"],
                            stdout=subprocess.PIPE, stderr=terminal, text=True)
    os.close(terminal)
    seen = b""
    try:
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal closed: the command ended
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(controller)
        out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0
    text = seen.decode("utf-8", "replace")
    assert "3/3 partitions, 6 documents" in text and "on 2 workers" in text, text
    assert "1/3 partitions" in text, "the bar moves as partitions finish"
    assert "partitions, 6 documents" not in out, "the bar is on standard error only"


def _can_unshare() -> bool:
    import shutil

    if not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-m", "--propagation", "private", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _can_unshare(), reason="needs unshare -m (root) for a worker with its own mounts")
def test_a_worker_whose_directory_is_not_the_shared_one_is_named(corpus_dir, tmp_path):
    """A worker in its own mount namespace has a directory at the shared path that is its own (an empty
    tmpfs with a shards/ folder in it, as on a machine where the share is not mounted): the build stops
    before any work with one line naming that worker, and writes no shard."""
    from distributed import Client, LocalCluster

    shared = tmp_path / "shared"
    (shared / "shards").mkdir(parents=True)
    files = [str(p) for p in sorted(corpus_dir.glob("*.txt"))[:4]]
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=":0", silence_logs=50) as cluster, \
            Client(cluster.scheduler_address, set_as_default=False) as client:
        dask = Path(sys.executable).with_name("dask")
        script = (f"mount -t tmpfs none '{shared}' && mkdir -p '{shared / 'shards'}' && exec '{dask}' worker "
                  f"{cluster.scheduler_address} --nthreads 1 --no-nanny --host 127.0.0.1 --name elsewhere")
        worker = subprocess.Popen(["unshare", "-m", "--propagation", "private", "sh", "-c", script],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            client.wait_for_workers(2, timeout=120)
            elsewhere = next(a for a, info in client.scheduler_info()["workers"].items()
                             if info.get("name") == "elsewhere")
            done = run_policykg("build", *files, "--engine", "dask", "--scheduler", cluster.scheduler_address,
                                "--shards", str(shared / "shards"), "--no-validate")
            out, err = done.communicate(timeout=300)
            left = sorted(p.name for p in (shared / "shards").iterdir())
            # With --gather the shards come back to the client: the worker without the share takes part.
            executed = lambda dask_worker: dask_worker.state.executed_count  # noqa: E731 (pickled by value)
            before = client.run(executed)[elsewhere]
            gathered = run_policykg("build", *files, "--engine", "dask", "--scheduler", cluster.scheduler_address,
                                    "--shards", str(tmp_path / "gathered"), "--partitions", "4", "--no-validate",
                                    "--gather")
            gathered_out, gathered_err = gathered.communicate(timeout=300)
            ran_there = client.run(executed)[elsewhere] - before
        finally:
            worker.kill()  # the worker started here, by its pid
            worker.wait(timeout=60)
    assert done.returncode == ExitCode.ENDPOINT, err
    assert err.count("\n") == 1, err
    assert err.startswith(f"policykg: {shared / 'shards'}: this worker does not see the client's directory there")
    assert err.rstrip().endswith(f"[worker {elsewhere}]")
    assert left == [], "no shard and no probe file left"
    assert gathered.returncode == 0, gathered_err
    assert "2 workers, shards gathered" in gathered_out
    assert ran_there >= 1, "the worker without the shared directory built partitions"
    assert_exact(tmp_path / "gathered", 4, 4)
