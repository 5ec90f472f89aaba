"""Shared fixtures: the sample document, its records, its graph, and a CLI runner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"

# Library queries with non-default parameters on the sample (used by the endpoint and Virtuoso tests).
SAMPLE_QUERY_PARAMS = [
    ("tasks-led-by-agency", {"agency": "区法院"}),
    ("partners-of-agency", {"agency": "长寿区人民法院"}),
    ("tasks-by-ip-type", {"ip_type": "著作权"}),
    ("agencies-by-ip-type", {"ip_type": "pkgip:patent"}),
    ("tasks-by-industry", {"industry": "医药"}),
    ("targets-by-year", {"year": "2025"}),
    ("cited-documents", {"document": "changshou-ip-plan"}),
    ("document-summary", {"document": "changshou-ip-plan"}),
    ("assignment-sources", {"agency": "区法院", "item_id": "（三）"}),
    ("agencies-by-kind", {"kind": "pkg:GovernmentDepartment"}),
    ("tasks-by-keyword", {"keyword": "商标品牌"}),
]


@pytest.fixture(scope="session")
def sample_path() -> Path:
    from kg.resources import sample_path

    return sample_path()


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads((DATA / "changshou-ip-plan.gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def sample_doc(sample_path):
    from loaders.extract.document import load_document

    return load_document(sample_path)


@pytest.fixture(scope="session")
def sample_graph(sample_doc):
    """The sample's KG (data only), as rdflib builds it."""
    from kg.graph.build import build_graph

    return build_graph([sample_doc])


@pytest.fixture(scope="session")
def sample_kg_dir(tmp_path_factory, sample_path) -> Path:
    """``policykg build`` output for the sample (kg.ttl + ontology/)."""
    from kg.graph.corpus import build_corpus

    out = tmp_path_factory.mktemp("sample-kg")
    build_corpus([sample_path], out, jobs=1, validate=False)
    return out


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``policykg`` as a separate process (as a user would)."""
    exe = Path(sys.executable).with_name("policykg")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "kg.cli"]
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([*cmd, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


@pytest.fixture
def cli():
    return run_cli


def write_doc(tmp_path: Path, body: str, name: str = "plan.txt", encoding: str = "utf-8") -> Path:
    """Write a short test document."""
    p = tmp_path / name
    p.write_bytes(body.encode(encoding))
    return p


# ---------------------------------------------------------------- a generated corpus (distributed build, Virtuoso)
CORPUS_SIZE = 200


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory) -> Path:
    """200 generated plans (loaders.synthetic.plans), citing one another."""
    from loaders.synthetic.plans import generate_corpus, write_corpus

    out = tmp_path_factory.mktemp("corpus-200")
    write_corpus(generate_corpus(CORPUS_SIZE, seed=20261124), out)
    return out


@pytest.fixture(scope="session")
def corpus_local_kg(corpus_dir, tmp_path_factory) -> Path:
    """The corpus built by the local process pool: ``kg.ttl``."""
    from kg.graph.corpus import build_corpus

    out = tmp_path_factory.mktemp("corpus-local")
    build_corpus([corpus_dir], out, jobs=2, validate=False)
    return out / "kg.ttl"


@pytest.fixture(scope="session")
def corpus_shards(corpus_dir, tmp_path_factory) -> Path:
    """The corpus built by Dask (local processes) into 4 N-Triples shards + manifest."""
    if not os.environ.get("CI"):  # in CI, scripts/setup.sh installs the extra: a missing dask fails there
        pytest.importorskip("dask", reason="the [scale] extra (dask) is not installed")
    from kg.graph.distributed import build_shards

    out = tmp_path_factory.mktemp("corpus-shards")
    build_shards([corpus_dir], out, partitions=4, jobs=2, validate=False)
    return out
