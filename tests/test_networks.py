"""Agency networks projected from the sample KG (through the SPARQL files in queries/networks/) and
their SNA measures. The numbers are those of the gold annotation, computed here through the KG."""

from __future__ import annotations

import itertools
import math
from collections import Counter

import networkx as nx
import pandas as pd
import pytest
from rdflib import Graph

from kg.networks.projection import (
    KINDS,
    NetworkError,
    agency_ip_network,
    agency_task_network,
    build_network,
    co_assignment_network,
    lead_network,
    node_names,
    read_kg,
    total_weight,
)
from kg.networks.sna import (
    communities,
    eigenvector,
    metrics_report,
    node_measures,
    summary,
    write_measures_csv,
)
from kg.resources import queries_dir
from kg.sparql.library import load_query


@pytest.fixture(scope="module")
def kg(sample_kg_dir):
    """The sample KG as `policykg graph` reads it (out/kg.ttl + vocabularies)."""
    return read_kg(sample_kg_dir / "kg.ttl")


@pytest.fixture(scope="module")
def co(kg):
    return co_assignment_network(kg)


@pytest.fixture(scope="module")
def lead(kg):
    return lead_network(kg)


def by_label(g: nx.Graph) -> dict[str, str]:
    return {d["label"]: n for n, d in g.nodes(data=True)}


# ------------------------------------------------------------------ the acceptance numbers
def test_co_assignment_network_of_the_sample(co):
    assert co.number_of_nodes() == 19
    assert co.number_of_edges() == 90
    assert total_weight(co) == 237
    assert not co.is_directed()


def test_lead_network_of_the_sample(lead):
    assert lead.is_directed()
    assert lead.number_of_edges() == 23
    assert total_weight(lead) == 60


def test_market_regulator_is_the_top_broker(co):
    measures = node_measures(co)
    top = measures["betweenness"].idxmax()
    assert co.nodes[top]["label"] == "区市场监管局"
    assert measures.iloc[0]["label"] == "区市场监管局"
    # strictly the highest, not tied
    assert measures["betweenness"].nlargest(2).iloc[0] > measures["betweenness"].nlargest(2).iloc[1]
    assert summary(co, measures)["top_betweenness"] == "区市场监管局"


def test_numbers_agree_with_the_gold_annotation(co, lead, gold):
    """The gold JSON is the independent check: pairs named on the same task, collectives left out."""
    pairs, arcs = Counter(), Counter()
    for task in gold["tasks"]:
        named = sorted({a for a in task["lead"] + task["cooperating"] if not a.startswith("各")})
        pairs.update(itertools.combinations(named, 2))
        arcs.update((a, b) for a in task["lead"] for b in task["cooperating"]
                    if not a.startswith("各") and not b.startswith("各"))
    ours = {tuple(sorted((co.nodes[u]["label"], co.nodes[v]["label"]))): d["weight"]
            for u, v, d in co.edges(data=True)}
    assert ours == dict(pairs)
    ours_arcs = {(lead.nodes[u]["label"], lead.nodes[v]["label"]): d["weight"] for u, v, d in lead.edges(data=True)}
    assert ours_arcs == dict(arcs)


# ------------------------------------------------------------------ attributes
def test_agency_attributes(co):
    samr = co.nodes[by_label(co)["区市场监管局"]]
    assert samr["full_name"] == "长寿区市场监督管理局"
    assert samr["kind"] == "GovernmentDepartment"
    assert samr["tasks_led"] == 10 and samr["tasks_joined"] == 2
    assert co.nodes[by_label(co)["区公安局"]]["kind"] == "PublicSecurityOrgan"
    assert co.nodes[by_label(co)["长寿经开区"]]["kind"] == "DevelopmentZone"
    assert all(n.startswith("https://w3id.org/policykg/id/agency/") for n in co.nodes)


def test_edge_tasks_name_the_tasks_behind_the_edge(co, lead, gold):
    names = by_label(co)
    edge = co.edges[names["区市场监管局"], names["区法院"]]
    expected = [t["id"] for t in gold["tasks"] if {"区市场监管局", "区法院"} <= set(t["lead"] + t["cooperating"])]
    assert edge["tasks"] == ";".join(expected)
    assert edge["weight"] == len(expected)
    # tasks are in document order (（十） after （九）), joined as one string for the exporters
    for _, _, d in co.edges(data=True):
        assert isinstance(d["tasks"], str) and len(d["tasks"].split(";")) == d["weight"]
    arc = lead.edges[names["区法院"], names["区市场监管局"]]
    assert arc["tasks"] == "（三）"


def test_collectives_are_dropped_unless_kept(kg, co):
    kept = co_assignment_network(kg, collectives="keep")
    assert "各成员单位" not in by_label(co)
    node = by_label(kept)["各成员单位"]
    assert kept.nodes[node]["kind"] == "Collective"
    assert kept.number_of_nodes() == co.number_of_nodes() + 1
    assert kept.degree(node) >= 1
    with pytest.raises(ValueError):
        co_assignment_network(kg, collectives="maybe")  # type: ignore[arg-type]


def test_two_mode_networks(kg, gold):
    at = agency_task_network(kg)
    tasks = [n for n, d in at.nodes(data=True) if d["bipartite"] == 1]
    agencies = [n for n, d in at.nodes(data=True) if d["bipartite"] == 0]
    assert len(tasks) == len(gold["tasks"]) == 12
    assert len(agencies) == 19
    assert nx.is_bipartite(at)
    expected = sum(len({a for a in t["lead"] + t["cooperating"] if not a.startswith("各")}) for t in gold["tasks"])
    assert at.number_of_edges() == expected
    roles = Counter(d["role"] for _, _, d in at.edges(data=True))
    assert roles["lead"] == sum(len(t["lead"]) for t in gold["tasks"])
    first = next(n for n in tasks if at.nodes[n]["label"] == "（一）")
    assert at.nodes[first]["full_name"] == "（一）完善知识产权政策体系"

    ip = agency_ip_network(kg)
    types = {d["label"] for _, d in ip.nodes(data=True) if d["bipartite"] == 1}
    assert {"专利", "商标", "版权", "地理标志"} <= types
    samr = by_label(ip)["区市场监管局"]
    patent = next(n for n, d in ip.nodes(data=True) if d.get("label") == "专利")
    # the market regulator leads or joins every task that concerns patents
    patent_tasks = {t for t in ip.edges[samr, patent]["tasks"].split(";")}
    assert ip.edges[samr, patent]["weight"] == len(patent_tasks) > 0


def test_projections_come_from_the_network_queries():
    names = {p.stem for p in (queries_dir() / "networks").glob("*.rq")}
    assert names == {"agencies", "tasks", "co-assignment", "lead-cooperating", "agency-task", "agency-ip-type",
                     "agency-functions"}
    for name in names:
        q = load_query(queries_dir() / "networks" / f"{name}.rq")
        assert q.title and "/" in q.title and q.description
        if "keepCollectives" in q.text:
            assert q.params == {"keepCollectives": q.params["keepCollectives"]}
            assert q.defaults == {"keepCollectives": "false"}


def test_same_network_on_rdflib_memory_store(sample_graph, co, lead):
    """The data-only rdflib graph gives the same projections as the file read into the store."""
    assert isinstance(sample_graph, Graph)
    mem = co_assignment_network(sample_graph)
    assert sorted(mem.edges(data="weight")) == sorted(co.edges(data="weight"))
    assert sorted(lead_network(sample_graph).edges(data="tasks")) == sorted(lead.edges(data="tasks"))


def test_build_network_by_kind(kg):
    for kind in KINDS:
        g = build_network(kg, kind)
        assert g.graph["kind"] == kind and g.number_of_edges() > 0
    with pytest.raises(NetworkError, match="unknown network kind"):
        build_network(kg, "friendship")


def test_read_kg_errors_are_one_line(tmp_path):
    from kg.errors import ExitCode, PolicyKGError

    with pytest.raises(PolicyKGError, match="no such file") as info:
        read_kg(tmp_path / "missing.ttl")
    assert info.value.exit_code == ExitCode.INPUT  # bad input: the same code as in every command
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <<<", encoding="utf-8")
    with pytest.raises(PolicyKGError, match="not valid RDF") as info:
        read_kg(bad)
    assert "\n" not in str(info.value) and info.value.exit_code == ExitCode.INPUT


def test_node_names_are_unique_and_readable(co):
    names = node_names(co)
    assert len(set(names.values())) == co.number_of_nodes()
    assert "区市场监管局" in names.values()


# ------------------------------------------------------------------ measures
def test_measures_table(co):
    m = node_measures(co)
    assert isinstance(m, pd.DataFrame) and len(m) == 19
    for column in ("label", "full_name", "kind", "tasks_led", "tasks_joined", "degree", "weighted_degree",
                   "betweenness", "closeness", "eigenvector", "constraint", "effective_size", "core_number",
                   "core", "community"):
        assert column in m.columns, column
    samr = m[m["label"] == "区市场监管局"].iloc[0]
    assert samr["degree"] == 18 and samr["weighted_degree"] == 60
    assert m["weighted_degree"].sum() == 2 * 237
    assert samr["core"] == "core"
    assert set(m["core"]) == {"core", "periphery"}
    # Burt: the broker has the lowest constraint and the largest effective size
    assert samr["constraint"] == m["constraint"].min()
    assert samr["effective_size"] == m["effective_size"].max()
    assert (m["eigenvector"] >= 0).all() and math.isclose((m["eigenvector"] ** 2).sum(), 1.0)


def test_measures_match_networkx(co):
    m = node_measures(co)
    bc = nx.betweenness_centrality(co)
    cc = nx.closeness_centrality(co)
    for node in co.nodes:
        assert math.isclose(m.loc[node, "betweenness"], bc[node], abs_tol=1e-12)
        assert math.isclose(m.loc[node, "closeness"], cc[node], abs_tol=1e-12)
    assert nx.is_connected(co)
    ev = nx.eigenvector_centrality_numpy(co, weight="weight")
    for node in co.nodes:
        assert math.isclose(m.loc[node, "eigenvector"], ev[node], abs_tol=1e-9)


def test_weighted_brokerage_follows_strong_ties():
    # a–b and b–c share five tasks each, a–c one: on valued ties the short way from a to c runs
    # through b (distance 1/5 + 1/5 < 1), on binary ties it is the direct tie.
    g = nx.Graph()
    g.add_edge("a", "b", weight=5)
    g.add_edge("b", "c", weight=5)
    g.add_edge("a", "c", weight=1)
    m = node_measures(g)
    assert m.loc["b", "betweenness"] == 0.0
    assert m.loc["b", "weighted_betweenness"] == 1.0
    assert m.loc["a", "weighted_closeness"] > m.loc["a", "closeness"]  # distances below 1


def test_weighted_measures_on_the_sample(co):
    m = node_measures(co)
    h = co.copy()
    for _, _, d in h.edges(data=True):
        d["distance"] = 1 / d["weight"]
    bc = nx.betweenness_centrality(h, weight="distance")
    for node in co.nodes:
        assert math.isclose(m.loc[node, "weighted_betweenness"], bc[node], abs_tol=1e-12)
    samr = m[m["label"] == "区市场监管局"].iloc[0]
    assert samr["weighted_betweenness"] == m["weighted_betweenness"].max()


def test_summary(co, lead):
    s = summary(co)
    assert (s["nodes"], s["edges"], s["total_weight"]) == (19, 90, 237)
    assert math.isclose(s["density"], 90 / (19 * 18 / 2))
    assert s["components"] == 1 and s["isolates"] == 0
    assert s["communities"] >= 2 and s["modularity"] > 0
    t = summary(lead)
    assert t["directed"] and (t["edges"], t["total_weight"]) == (23, 60)
    assert math.isclose(t["density"], 23 / (19 * 18))


def test_louvain_is_repeatable(co):
    first = communities(co)
    for _ in range(3):
        assert communities(co) == first
    assert sum(len(c) for c in first) == co.number_of_nodes()
    assert list(node_measures(co)["community"]) == list(node_measures(co)["community"])


def test_eigenvector_on_disconnected_and_directed_graphs():
    g = nx.Graph([(1, 2), (2, 3), (3, 1), (4, 5)])
    g.add_node(6)
    ev = eigenvector(g)
    assert ev[4] == ev[5] == ev[6] == 0.0
    assert math.isclose(ev[1], 1 / math.sqrt(3))
    d = nx.DiGraph([("a", "b"), ("a", "c")])  # a DAG: directed eigenvector centrality is all zero
    ev = eigenvector(d)
    assert ev["a"] > ev["b"] > 0 and math.isclose(ev["b"], ev["c"])


def test_measures_on_isolates_and_two_mode(kg):
    g = nx.Graph()
    g.add_node("alone", label="孤立")
    g.add_edge("a", "b", weight=2)
    m = node_measures(g)
    assert math.isnan(m.loc["alone", "constraint"]) and m.loc["alone", "degree"] == 0
    at = agency_task_network(kg)
    s = summary(at)
    agencies = sum(1 for _, d in at.nodes(data=True) if d["bipartite"] == 0)
    assert s["two_mode"] and math.isclose(s["density"], at.number_of_edges() / (agencies * (31 - agencies)))


def test_measures_csv_and_report(co, sample_kg_dir, tmp_path):
    path = write_measures_csv(node_measures(co), tmp_path / "m.csv")
    back = pd.read_csv(path, index_col="id")
    assert len(back) == 19 and back.iloc[0]["label"] == "区市场监管局"
    report = metrics_report(sample_kg_dir / "kg.ttl", "co-assignment", fmt="csv", output=tmp_path / "r.csv")
    assert (tmp_path / "r.csv").read_text(encoding="utf-8") == report
    table = metrics_report(sample_kg_dir / "kg.ttl", "lead")
    assert "top_betweenness" in table and "区市场监管局" in table and "degree_in" in table and "closeness_out" in table


def test_two_districts_stay_apart_and_tasks_name_their_document(tmp_path):
    from kg.graph.build import build_graph
    from kg.networks.exports import read_dl, read_pajek, write_dl, write_pajek
    from loaders.extract.document import parse_text

    a = parse_text("重庆市长寿区人民政府办公室\n长寿区知识产权实施方案\n三、重点任务\n"
                   "（一）完善政策。内容。（责任单位：区科技局；配合单位：区财政局）\n"
                   "（二）加强保护。（区市场监管局牵头，区财政局配合）", doc_id="a")
    b = parse_text("重庆市江北区人民政府办公室\n江北区知识产权实施方案\n三、重点任务\n"
                   "（一）完善政策。内容。（责任单位：区科技局；配合单位：区财政局）", doc_id="b")
    g = co_assignment_network(build_graph([a, b]))
    assert g.number_of_nodes() == 5 and g.number_of_edges() == 3
    assert sorted(t for _, _, t in g.edges(data="tasks")) == ["a/（一）", "a/（二）", "b/（一）"]
    names = node_names(g)
    # 区科技局 twice: the full names tell them apart; 区市场监管局 is unique and keeps its label
    assert sorted(names.values()) == sorted(["长寿区科学技术局", "江北区科学技术局", "长寿区财政局", "江北区财政局",
                                             "区市场监管局"])
    assert set(read_dl(write_dl(g, tmp_path / "n.dl")).nodes) == set(names.values())
    assert set(read_pajek(write_pajek(g, tmp_path / "n.net")).nodes) == set(names.values())
