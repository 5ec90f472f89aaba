"""The generated families and series say what their truth says: the extractor reads each plan as
its expected extraction, the structure records are consistent with the texts, and the same seed
gives the same corpus."""

from __future__ import annotations

import pytest

from kg.graph.extraction import to_json
from loaders.extract.document import parse_text
from loaders.synthetic.corpora import TOPICS, generate_family, generate_series
from tests.tools.score_extraction import score


def _extracted(plan):
    return to_json(parse_text(plan.text, doc_id=plan.doc_id, source=f"{plan.doc_id}.txt"))


def _assert_read_as_expected(plan):
    pred = _extracted(plan)
    s = score(pred, plan.expected)
    assert s["tasks"]["predicted"] == s["tasks"]["aligned"] == s["tasks"]["gold"] == len(plan.expected["tasks"]), plan.text
    assert s["assignments"]["f1"] == 1.0, plan.text
    assert s["targets"]["f1"] == 1.0, plan.text
    assert [(t["ip_types"], t["industries"]) for t in pred["tasks"]] == [([], [])] * len(pred["tasks"])
    assert sorted(pred["cited_documents"]) == sorted(plan.expected["cited_documents"])
    assert pred["document"]["date"] == plan.date
    assert pred["document"]["issuer"] == plan.expected["issuer"]


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_family_plans_are_read_as_their_truth(seed):
    fam = generate_family(seed=seed)
    for plan in fam.plans:
        _assert_read_as_expected(plan)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_family_structure_is_consistent(seed):
    fam = generate_family(seed=seed)
    parent_ids = [t["id"] for t in fam.parent.expected["tasks"]]
    parent_topic = {t["id"]: next(x for x in TOPICS if t["title"].endswith(x)) for t in fam.parent.expected["tasks"]}
    for child in fam.children:
        assert child.implements == (fam.parent.title,)
        assert f"贯彻落实《{fam.parent.title}》" in child.text
        tasks = {t["id"]: t for t in child.expected["tasks"]}
        alignment = fam.alignment[child.doc_id]
        assert set(alignment) == set(tasks)
        matched = [p for p in alignment.values() if p is not None]
        assert len(matched) == len(set(matched))  # one-to-one
        assert sorted(set(parent_ids) - set(matched)) == sorted(fam.only_parent[child.doc_id])
        assert None in alignment.values()  # every district adds a task of its own
        for cid, pid in alignment.items():
            if pid is not None:  # a matched task is about the same topic
                assert tasks[cid]["title"].endswith(parent_topic[pid])
        parent_lead = {t["id"]: t["lead"][0][1:] for t in fam.parent.expected["tasks"]}
        changed = [c for c, p in alignment.items() if p and tasks[c]["lead"][0][1:] != parent_lead[p]]
        assert changed == fam.changed[child.doc_id]


def test_series_plans_are_read_as_their_truth_and_dated():
    series = generate_series(seed=1, years=range(2019, 2025))
    assert [p.date[:4] for p in series.plans] == [str(y) for y in range(2019, 2025) for _ in (0, 1)]
    for plan in series.plans:
        _assert_read_as_expected(plan)
    assert sum("十四五" in p.title for p in series.plans) == 4


def test_series_expected_degree_counts_the_focus_partners():
    series = generate_series(seed=4, years=range(2019, 2023))
    for year, degree in series.expected_degree.items():
        plan = next(p for p in series.plans if p.date.startswith(str(year)) and p.district == "长寿区")
        partners = set()
        for t in plan.expected["tasks"]:
            names = t["lead"] + t["cooperating"]
            if "区市场监管局" in names:
                partners |= set(names) - {"区市场监管局"}
        assert len(partners) == degree
    assert list(series.expected_degree.values()) == [2, 3, 4, 5]


def test_same_seed_same_corpus():
    assert [p.text for p in generate_family(7).plans] == [p.text for p in generate_family(7).plans]
    assert [p.text for p in generate_series(7).plans] == [p.text for p in generate_series(7).plans]
    assert [p.text for p in generate_family(7).plans] != [p.text for p in generate_family(8).plans]


def test_the_command_writes_a_family_or_a_series(tmp_path, capsys):
    from loaders.synthetic.corpora import main

    main(["family", str(tmp_path / "fam"), "--seed", "2", "--gold"])
    assert sorted(p.name for p in (tmp_path / "fam").glob("*.txt")) == [
        "family-2-1.txt", "family-2-2.txt", "family-2-3.txt", "family-2-city.txt"]
    assert len(list((tmp_path / "fam").glob("*.gold.json"))) == 4
    main(["series", str(tmp_path / "series")])
    assert len(list((tmp_path / "series").glob("*.txt"))) == 12
    assert "wrote 12 plans" in capsys.readouterr().out
