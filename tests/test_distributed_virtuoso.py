"""Loading at scale: shards built on a ``dask.distributed`` cluster into a shared directory, loaded into
a Virtuoso that is already running (``policykg virtuoso SHARED --connect``) from the manifest there, and
the query library answered by it as by the local build.

The cluster is a LocalCluster of two worker processes on 127.0.0.1; the "running server" is a real
``virtuoso-t`` started here whose ``DirsAllowed`` holds the shared directory, as an administrator would
configure it on a third machine that mounts the same directory at the same path.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kg.errors import ExitCode, QueryError
from kg.graph.distributed import read_manifest
from kg.sparql.library import list_queries
from kg.sparql.run import run_query

from .test_distributed_cluster import run_policykg

if not os.environ.get("CI"):  # in CI, scripts/setup.sh installs both: a missing one fails there
    pytest.importorskip("distributed", reason="the [scale] extra (dask[distributed]) is not installed")
    if not (shutil.which("virtuoso-t") and shutil.which("isql-vt")):
        pytest.skip("Virtuoso is not installed (scripts/setup.sh installs virtuoso-opensource)",
                    allow_module_level=True)

virtuoso = pytest.importorskip("kg.sparql.virtuoso")
GRAPH = "https://w3id.org/policykg/graph/from-the-shared-directory"


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> Path:
    """The directory every machine mounts (here: one machine, one path)."""
    return tmp_path_factory.mktemp("shared")


@pytest.fixture(scope="module")
def documents(corpus_dir, sample_path) -> list[str]:
    return [str(sample_path), *map(str, sorted(corpus_dir.glob("*.txt"))[:20])]


@pytest.fixture(scope="module")
def built_on_the_cluster(shared, documents) -> Path:
    """`policykg build --engine dask --scheduler …` writes the shards into the shared directory."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=":0", silence_logs=50) as cluster:
        build = run_policykg("build", *documents, "--engine", "dask", "--scheduler", cluster.scheduler_address,
                             "--shards", str(shared / "shards"), "--partitions", "3", "--no-validate")
        out, err = build.communicate(timeout=900)
    assert build.returncode == 0, err
    assert "on tcp://127.0.0.1:" in out
    return shared / "shards"


@pytest.fixture(scope="module")
def running_server(shared):
    """A Virtuoso already running, allowed to read the shared directory; stopped by its pid at the end."""
    srv = virtuoso.start_virtuoso(dirs_allowed=[shared], memory_mb=256)
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def local_kg(documents, tmp_path_factory) -> Path:
    from kg.graph.corpus import build_corpus

    out = tmp_path_factory.mktemp("local-kg")
    build_corpus(documents, out, jobs=1, validate=False)
    return out / "kg.ttl"


@pytest.fixture(scope="module")
def loaded(built_on_the_cluster, running_server):
    """`policykg virtuoso SHARED/shards --connect SQL --http HTTP` loads the manifest's files."""
    server = running_server
    env_password = {virtuoso.ENV_PASSWORD: server.password}
    args = ["virtuoso", str(built_on_the_cluster), "--connect", f"127.0.0.1:{server.sql_port}",
            "--http", f"127.0.0.1:{server.http_port}", "--graph", GRAPH]
    done = run_policykg(*args, env=env_password)
    out, err = done.communicate(timeout=600)
    assert done.returncode == 0, err
    manifest = read_manifest(built_on_the_cluster)
    files = len(manifest["shards"]) + 1 + len(manifest["support"])
    assert f"loaded     {files} files" in out
    again = run_policykg(*args, env=env_password)
    out2, err2 = again.communicate(timeout=600)
    assert again.returncode == 0 and f"loaded     0 files ({files} loaded before)" in out2, err2
    return server


def test_the_server_holds_the_local_build_with_the_ontology(loaded, local_kg):
    from kg.sparql.store import open_kg

    assert loaded.count(GRAPH) == len(open_kg(local_kg)), "the same triples, shared ones stored once"


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_the_query_library_answers_from_the_loaded_shards_as_from_the_local_build(loaded, local_kg, name):
    from .test_virtuoso import ORDERED_LISTS, VIRTUOSO_WRONG, as_name_sets, normalised

    if name in VIRTUOSO_WRONG:
        pytest.xfail(VIRTUOSO_WRONG[name])
    endpoint = loaded.sparql_url  # the server holds this one graph
    try:
        local = run_query(name, data=local_kg)
    except QueryError as exc:  # a default that is ambiguous on several districts: the same answer
        with pytest.raises(QueryError) as remote_error:
            run_query(name, endpoint=endpoint, timeout=300)
        assert str(remote_error.value) == str(exc)
        return
    remote = run_query(name, endpoint=endpoint, timeout=300)
    assert remote.vars == local.vars
    if name in ORDERED_LISTS:
        assert as_name_sets(remote) == as_name_sets(local)
    else:
        assert normalised(remote) == normalised(local)


def test_a_server_that_cannot_read_the_shared_directory_is_named(built_on_the_cluster):
    """A running server whose DirsAllowed does not hold the directory: each file named, exit 3.

    The shards are copied out of /tmp first: Virtuoso 7.2 (Debian) reads files under /tmp whatever
    DirsAllowed says (it refuses /var/tmp and /etc), so a directory there would load."""
    import tempfile

    outside = Path(tempfile.mkdtemp(prefix="policykg-test-", dir="/var/tmp")) / "shards"
    other = None
    try:
        shutil.copytree(built_on_the_cluster, outside)
        other = virtuoso.start_virtuoso(memory_mb=128)
        done = run_policykg("virtuoso", str(outside), "--connect", f"127.0.0.1:{other.sql_port}",
                            "--http", f"127.0.0.1:{other.http_port}", env={virtuoso.ENV_PASSWORD: other.password})
        out, err = done.communicate(timeout=600)
    finally:
        if other is not None:
            other.stop()
        shutil.rmtree(outside.parent)
    assert done.returncode == ExitCode.PARTIAL, err
    assert "failed     build-00001/part-00000.nt: " in out and "denied due to access control in ini file" in out, out
