"""Directed measures that mean what they say: in/out degree and in/out closeness on a small network
computed by hand, the same numbers on the sample's lead network, community numbers from 1 everywhere,
and the top broker of a two-mode network is an agency."""

from __future__ import annotations

import io
import json
import math

import networkx as nx
import pandas as pd
import pytest

from kg.networks.projection import network_from_file, node_names
from kg.networks.sna import (
    DIRECTED_MEASURE_COLUMNS,
    closeness,
    communities,
    community_numbers,
    metrics_report,
    node_measures,
    summary,
)


@pytest.fixture(scope="module")
def hand():
    r"""a leads b (2 tasks) and c (1 task); b leads d (4 tasks); e is alone::

        a ─2→ b ─4→ d
        └─1→ c          e
    """
    g = nx.DiGraph()
    g.add_nodes_from("abcde")
    g.add_edge("a", "b", weight=2)
    g.add_edge("a", "c", weight=1)
    g.add_edge("b", "d", weight=4)
    return g


def test_directed_columns_are_named_by_direction(hand):
    m = node_measures(hand)
    for column in DIRECTED_MEASURE_COLUMNS:
        assert column in m.columns, column
    # no column whose direction the reader would have to guess
    for ambiguous in ("closeness", "weighted_closeness", "in_degree", "out_degree"):
        assert ambiguous not in m.columns


def test_in_and_out_degree_by_hand(hand):
    m = node_measures(hand)
    assert dict(m["degree_out"]) == {"a": 2, "b": 1, "c": 0, "d": 0, "e": 0}
    assert dict(m["degree_in"]) == {"a": 0, "b": 1, "c": 1, "d": 1, "e": 0}
    assert dict(m["degree"]) == {"a": 2, "b": 2, "c": 1, "d": 1, "e": 0}
    assert dict(m["weighted_degree_out"]) == {"a": 3, "b": 4, "c": 0, "d": 0, "e": 0}
    assert dict(m["weighted_degree_in"]) == {"a": 0, "b": 2, "c": 1, "d": 4, "e": 0}


def test_out_and_in_closeness_by_hand(hand):
    # n = 5, so n − 1 = 4; closeness = (r / 4) × (r / Σd) over the r nodes in reach.
    m = node_measures(hand)
    # out: a reaches b (1), c (1), d (2): r = 3, Σd = 4 → 3/4 × 3/4; b reaches d: 1/4 × 1/1
    expected_out = {"a": 9 / 16, "b": 1 / 4, "c": 0.0, "d": 0.0, "e": 0.0}
    # in: b and c are reached by a at 1: 1/4; d by b (1) and a (2): r = 2, Σd = 3 → 2/4 × 2/3
    expected_in = {"a": 0.0, "b": 1 / 4, "c": 1 / 4, "d": 1 / 3, "e": 0.0}
    for v in "abcde":
        assert math.isclose(m.loc[v, "closeness_out"], expected_out[v]), v
        assert math.isclose(m.loc[v, "closeness_in"], expected_in[v]), v
    # valued ties, distance 1/w: a → b 1/2, a → c 1, b → d 1/4, a → d 3/4
    assert math.isclose(m.loc["a", "weighted_closeness_out"], (3 / 4) * (3 / (1 / 2 + 1 + 3 / 4)))
    assert math.isclose(m.loc["b", "weighted_closeness_out"], (1 / 4) * (1 / (1 / 4)))
    assert math.isclose(m.loc["d", "weighted_closeness_in"], (2 / 4) * (2 / (1 / 4 + 3 / 4)))
    # betweenness: b is on the one path a → d among 4 × 3 ordered pairs of the others
    assert math.isclose(m.loc["b", "betweenness"], 1 / 12)
    assert m.loc["a", "betweenness"] == 0.0


def test_closeness_function_and_networkx():
    g = nx.DiGraph([("a", "b"), ("a", "c"), ("b", "d")])
    assert closeness(g, "out")["a"] == 0.75
    # networkx's closeness_centrality is the incoming one
    assert closeness(g, "in") == nx.closeness_centrality(g, wf_improved=True)
    u = g.to_undirected()
    assert closeness(u, "in") == closeness(u, "out") == nx.closeness_centrality(u)
    with pytest.raises(ValueError):
        closeness(g, "both")


def test_lead_network_of_the_sample(sample_kg_dir, gold):
    g = network_from_file(sample_kg_dir / "kg.ttl", "lead")
    m = node_measures(g)
    label = {i: m.loc[i, "label"] for i in m.index}
    by_label = {v: k for k, v in label.items()}
    samr, culture = m.loc[by_label["区市场监管局"]], m.loc[by_label["区文旅委"]]
    # 区市场监管局 leads most tasks and reaches (almost) everyone; 区文旅委 reaches no one
    assert samr["closeness_out"] == m["closeness_out"].max() > 0.8
    assert culture["closeness_out"] == 0.0 and culture["degree_out"] == 0
    assert samr["closeness_out"] > samr["closeness_in"]
    # out-degree = agencies it leads on some task, from the gold annotation
    partners = set()
    for task in gold["tasks"]:
        if "区市场监管局" in task["lead"]:
            partners.update(a for a in task.get("cooperating", []) if a not in ("各成员单位",))
    assert samr["degree_out"] == len(partners - {"区市场监管局"})
    assert (m["degree_in"] + m["degree_out"] == m["degree"]).all()
    assert m["degree_in"].sum() == m["degree_out"].sum() == g.number_of_edges()


def test_community_numbers_from_one(sample_kg_dir, tmp_path):
    from kg.networks.exports import write_html

    g = network_from_file(sample_kg_dir / "kg.ttl", "co-assignment")
    numbers = community_numbers(g)
    parts = communities(g)
    assert sorted(set(numbers.values())) == list(range(1, len(parts) + 1))
    assert all(numbers[v] == 1 for v in parts[0])  # 1 = the largest
    m = node_measures(g)
    assert dict(m["community"]) == numbers
    csv = metrics_report(sample_kg_dir / "kg.ttl", "co-assignment", fmt="csv")
    back = pd.read_csv(io.StringIO(csv), index_col="id")
    assert dict(back["community"]) == numbers
    page = write_html(g, tmp_path / "co.html").read_text(encoding="utf-8")
    assert '"社区 community " + n.group' in page  # the legend shows the number as stored
    start = page.index('id="graph-data">') + len('id="graph-data">')
    data = json.loads(page[start:page.index("</script>", start)])
    assert data["view"]["groups"] == {str(k): v for k, v in numbers.items()}


def test_top_broker_of_two_mode_networks_is_an_agency(sample_kg_dir):
    for kind in ("agency-ip", "agency-task"):
        g = network_from_file(sample_kg_dir / "kg.ttl", kind)
        m = node_measures(g)
        top = summary(g, m)["top_betweenness"]
        agencies = {node_names(g)[v] for v, d in g.nodes(data=True) if d["bipartite"] == 0}
        assert top in agencies, (kind, top)
        assert top == "区市场监管局"
    # in agency × IP type, an IP type has the highest betweenness of all nodes, yet is no broker
    g = network_from_file(sample_kg_dir / "kg.ttl", "agency-ip")
    assert node_measures(g).iloc[0]["bipartite"] == 1
