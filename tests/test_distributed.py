"""The Dask engine: a 200-document generated corpus built on Dask (local processes) into N-Triples
shards is the same graph as the local process pool's kg.ttl; the manifest accounts for every document,
shard and triple; failures and duplicate ids are handled as the local build handles them; the CLI."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.graph.distributed import CITATIONS_SHARD, MANIFEST, build_shards, read_manifest, shard_files
from loaders.errors import PolicyParseError

from .conftest import CORPUS_SIZE


def triples_of(paths) -> set:
    out: set = set()
    for path in paths:
        fmt = ox.RdfFormat.N_TRIPLES if str(path).endswith(".nt") else ox.RdfFormat.TURTLE
        out.update(ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=str(path), format=fmt))
    return out


def data_shards(shard_dir: Path) -> list[Path]:
    return shard_files(shard_dir, support=False)


def test_distributed_build_is_the_same_graph_as_the_local_build(corpus_shards, corpus_local_kg):
    local = triples_of([corpus_local_kg])
    distributed = triples_of(data_shards(corpus_shards))
    # No blank nodes in the data, so equal triple sets are isomorphic graphs.
    assert not any(isinstance(t, ox.BlankNode) for tr in local for t in (tr.subject, tr.object))
    assert len(local) > 150_000
    assert distributed == local


def test_manifest_accounts_for_every_document_shard_and_triple(corpus_shards, corpus_dir):
    manifest = read_manifest(corpus_shards)
    assert manifest["engine"] == "dask" and manifest["partitions"] == 4
    assert manifest["failures"] == [] and manifest["validated"] is False
    docs = manifest["documents"]
    assert len(docs) == CORPUS_SIZE
    assert sorted(Path(d["source"]).name for d in docs) == sorted(p.name for p in corpus_dir.glob("*.txt"))
    assert len({d["id"] for d in docs}) == CORPUS_SIZE
    shards = manifest["shards"]
    assert manifest["build"] == "build-00001"  # a fresh directory: the first build folder
    assert [s["file"] for s in shards] == [f"build-00001/part-{i:05d}.nt" for i in range(4)]
    assert sum(s["documents"] for s in shards) == CORPUS_SIZE
    for shard in shards:
        data = (corpus_shards / shard["file"]).read_bytes()
        lines = data.decode("utf-8").splitlines(keepends=True)
        assert shard["triples"] == len(lines) > 0
        assert lines == sorted(set(lines)), "a shard is sorted and has no duplicate line"
        assert shard["sha256"] == hashlib.sha256(data).hexdigest()
        in_shard = [d for d in docs if d["shard"] == shard["file"]]
        assert len(in_shard) == shard["documents"]
        # A document's triples are all in its shard; shards repeat only what documents share.
        assert max(d["triples"] for d in in_shard) <= shard["triples"] <= sum(d["triples"] for d in in_shard)
    assert manifest["citations"]["file"] == f"build-00001/{CITATIONS_SHARD}"
    citations = (corpus_shards / manifest["citations"]["file"]).read_text("utf-8").splitlines()
    assert manifest["citations"]["triples"] == len(citations) > CORPUS_SIZE  # later plans cite earlier ones
    # Links between documents (dcterms:references and the relation a citation phrase names) and cited
    # documents outside the corpus: every subject is a document of the corpus or a cited one.
    assert any("<http://purl.org/dc/terms/references>" in ln for ln in citations)
    assert all(ln.split(" ")[0].startswith(("<https://w3id.org/policykg/id/doc/",
                                            "<https://w3id.org/policykg/id/cited/")) for ln in citations)
    assert manifest["support"] and all((corpus_shards / f).is_file() for f in manifest["support"])
    assert (corpus_shards / "ontology" / "policykg.ttl").is_file()


def test_citations_link_documents_inside_the_corpus(corpus_shards):
    references = [ln for ln in (corpus_shards / "build-00001" / CITATIONS_SHARD).read_text("utf-8").splitlines()
                  if "/terms/references>" in ln]
    inside = [ln for ln in references if ln.split(" ")[2].startswith("<https://w3id.org/policykg/id/doc/")]
    assert inside, "generated plans cite earlier plans of the corpus by title"


@pytest.fixture
def small_corpus(tmp_path, corpus_dir) -> Path:
    """Six plans, one empty file, and a second file with the id of the first (same name, other folder)."""
    src = tmp_path / "small"
    plans = sorted(corpus_dir.glob("*.txt"))[:6]
    for p in plans:
        (src / "a").mkdir(parents=True, exist_ok=True)
        shutil.copy(p, src / "a" / p.name)
    (src / "a" / "empty.txt").write_bytes(b"")
    (src / "b").mkdir()
    shutil.copy(plans[-1], src / "b" / plans[0].name)  # another text under the first plan's id
    return src


def test_failures_and_duplicate_ids_as_in_the_local_build(small_corpus, tmp_path):
    from kg.graph.corpus import build_corpus

    local = build_corpus([small_corpus], tmp_path / "local", jobs=1, validate=False)
    result = build_shards([small_corpus], tmp_path / "shards", partitions=3, jobs=2, validate=False)
    assert result.documents == local.documents == 6
    assert sorted(Path(s).name for s, _ in result.failures) == sorted(Path(s).name for s, _ in local.failures)
    failures = {str(Path(s).relative_to(small_corpus)): msg for s, msg in result.failures}
    assert "empty" in failures["a/empty.txt"]
    assert "same document id" in next(m for s, m in failures.items() if s.startswith("b/"))
    assert triples_of(data_shards(tmp_path / "shards")) == triples_of([tmp_path / "local" / "kg.ttl"])
    manifest = json.loads((tmp_path / "shards" / MANIFEST).read_text("utf-8"))
    assert len(manifest["failures"]) == 2 and len(manifest["documents"]) == 6


def test_validation_runs_in_the_workers(corpus_dir, tmp_path):
    files = sorted(corpus_dir.glob("*.txt"))[:8]
    result = build_shards(files, tmp_path / "v", partitions=2, jobs=2, validate=True)
    assert result.validated and result.conforms is True
    assert read_manifest(tmp_path / "v")["validated"] is True


def test_fewer_documents_than_partitions_and_stale_shards(corpus_dir, tmp_path):
    files = sorted(corpus_dir.glob("*.txt"))
    build_shards(files[:5], tmp_path / "s", partitions=5, jobs=2, validate=False)
    result = build_shards(files[:2], tmp_path / "s", partitions=8, jobs=2, validate=False)
    assert result.partitions == 2
    # The second build's shards are in a folder of their own; the first's is gone once its manifest is written.
    assert sorted(p.relative_to(tmp_path / "s").as_posix() for p in (tmp_path / "s").glob("**/part-*.nt")) == \
        ["build-00002/part-00000.nt", "build-00002/part-00001.nt"]


def test_no_documents_is_a_one_line_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(PolicyParseError, match="no documents found"):
        build_shards([tmp_path / "empty"], tmp_path / "out")
    with pytest.raises(PolicyParseError, match="unknown engine"):
        build_shards([tmp_path / "empty"], tmp_path / "out", engine="spark")


def test_cli_build_with_the_dask_engine(cli, corpus_dir, tmp_path):
    files = [str(p) for p in sorted(corpus_dir.glob("*.txt"))[:10]]
    done = cli("build", *files, "--engine", "dask", "--shards", str(tmp_path / "shards"), "--partitions", "2",
               "--no-validate")
    assert done.returncode == 0, done.stderr
    assert "engine     dask (2 partitions)" in done.stdout and "documents  10" in done.stdout
    assert len(read_manifest(tmp_path / "shards")["documents"]) == 10
    default = cli("build", files[0], "--engine", "dask", "-o", str(tmp_path / "out"), "--no-validate")
    assert default.returncode == 0 and (tmp_path / "out" / "shards" / MANIFEST).is_file()
    wrong = cli("build", files[0], "--shards", str(tmp_path / "x"))
    assert wrong.returncode == 2
    assert wrong.stderr.strip() == "policykg: --shards, --partitions, --scheduler and --gather go with --engine dask"
