"""The SNA measures travel inside the network files (GEXF, GraphML, JSON, nodes CSV), read back with
plain networkx / csv, on the sample and on a small generated corpus; ``measures=False`` leaves them out."""

from __future__ import annotations

import csv
import json
import math

import networkx as nx
import pytest

from kg.networks.exports import export_network
from kg.networks.projection import network_from_file
from kg.networks.sna import measure_columns, node_measures

MEASURES = ("degree", "weighted_degree", "betweenness", "eigenvector", "constraint", "core_number", "core",
            "community")


@pytest.fixture(scope="module")
def corpus_kg(tmp_path_factory):
    """Five generated plans built into a KG."""
    from kg.graph.corpus import build_corpus
    from loaders.synthetic.plans import generate_corpus, write_corpus

    src = tmp_path_factory.mktemp("plans")
    write_corpus(generate_corpus(5, seed=18), src)
    out = tmp_path_factory.mktemp("kg")
    build_corpus([src], out, jobs=1, validate=False)
    return out / "kg.ttl"


def _same(a: object, b: object) -> bool:
    if isinstance(b, float):
        return math.isclose(float(a), b, rel_tol=1e-9, abs_tol=1e-12)  # type: ignore[arg-type]
    return a == b


def _check(read: nx.Graph, kg, kind: str) -> None:
    m = node_measures(network_from_file(kg, kind))
    columns = measure_columns(read.is_directed())
    assert read.number_of_nodes() == len(m)
    for v, attrs in read.nodes(data=True):
        for c in columns:
            expected = m.loc[v, c]
            if isinstance(expected, float) and math.isnan(expected):
                assert c not in attrs  # the constraint of an isolate: a missing value
                continue
            assert c in attrs, (v, c)
            assert _same(attrs[c], expected.item() if hasattr(expected, "item") else expected), (v, c)
    assert min(d["community"] for _, d in read.nodes(data=True)) == 1


@pytest.mark.parametrize("kind", ["co-assignment", "lead", "agency-ip"])
def test_gexf_and_graphml_carry_the_measures(sample_kg_dir, tmp_path, kind):
    kg = sample_kg_dir / "kg.ttl"
    export_network(kg, tmp_path / "n.gexf", kind)
    export_network(kg, tmp_path / "n.graphml", kind)
    gexf = nx.read_gexf(tmp_path / "n.gexf", node_type=str, relabel=False)
    graphml = nx.read_graphml(tmp_path / "n.graphml")
    for read in (gexf, graphml):
        _check(read, kg, kind)
    if kind == "lead":
        for c in ("degree_in", "degree_out", "closeness_in", "closeness_out"):
            assert all(c in d for _, d in gexf.nodes(data=True))
    # Gephi's Ranking needs numeric types, its Partition an integer or string
    text = (tmp_path / "n.gexf").read_text(encoding="utf-8")
    assert 'title="betweenness" type="double"' in text and 'title="community" type="long"' in text


def test_json_and_nodes_csv_carry_the_measures(sample_kg_dir, tmp_path):
    kg = sample_kg_dir / "kg.ttl"
    export_network(kg, tmp_path / "n.json", "lead")
    data = json.loads((tmp_path / "n.json").read_text(encoding="utf-8"))
    samr = next(n for n in data["nodes"] if n["label"] == "区市场监管局")
    assert samr["degree_out"] == 16 and isinstance(samr["betweenness"], float)
    assert samr["closeness_out"] > 0.8 and samr["community"] >= 1
    nodes, _ = export_network(kg, tmp_path / "n.csv", "co-assignment")[1]
    with open(nodes, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    header = list(rows[0])
    assert header[:2] == ["Id", "Label"]
    for c in MEASURES:
        assert c in header, c
    # measures in their own order after the agency attributes, not alphabetical
    assert header.index("degree") < header.index("betweenness") < header.index("community")
    samr = next(r for r in rows if r["Label"] == "区市场监管局")
    assert samr["degree"] == "18" and samr["weighted_degree"] == "60" and samr["core"] == "core"


def test_no_measures_leaves_them_out(sample_kg_dir, tmp_path):
    kg = sample_kg_dir / "kg.ttl"
    export_network(kg, tmp_path / "n.gexf", measures=False)
    g = nx.read_gexf(tmp_path / "n.gexf", node_type=str, relabel=False)
    for _, d in g.nodes(data=True):
        assert not set(MEASURES) & set(d)
        assert "label" in d and "kind" in d


def test_drawings_and_matrices_are_unchanged_by_measures(sample_kg_dir, tmp_path):
    kg = sample_kg_dir / "kg.ttl"
    a = export_network(kg, tmp_path / "a.dl")[1][0].read_bytes()
    b = export_network(kg, tmp_path / "b.dl", measures=False)[1][0].read_bytes()
    assert a == b


@pytest.mark.parametrize("kind", ["co-assignment", "lead", "agency-task"])
def test_measures_in_files_on_a_generated_corpus(corpus_kg, tmp_path, kind):
    export_network(corpus_kg, tmp_path / "n.gexf", kind)
    export_network(corpus_kg, tmp_path / "n.graphml", kind)
    for read in (nx.read_gexf(tmp_path / "n.gexf", node_type=str, relabel=False),
                 nx.read_graphml(tmp_path / "n.graphml")):
        _check(read, corpus_kg, kind)
