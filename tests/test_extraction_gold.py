"""The sample plan's extraction matches its hand-checked annotation (F1 1.0 everywhere)."""

from __future__ import annotations

import json

import pytest

from kg.graph.extraction import to_json
from tests.tools.score_extraction import score


@pytest.fixture(scope="module")
def scores(sample_doc, gold):
    return score(to_json(sample_doc), gold)


@pytest.mark.parametrize("part", ["assignments", "targets", "cited_documents", "ip_types", "industries"])
def test_f1_is_one(scores, part):
    assert scores[part]["f1"] == 1.0, scores[part]


def test_all_tasks_aligned(scores):
    assert scores["tasks"] == {"predicted": 12, "gold": 12, "aligned": 12}


def test_cli_extract_scores_the_same(cli, sample_path, gold, tmp_path):
    proc = cli("extract", str(sample_path))
    assert proc.returncode == 0, proc.stderr
    result = score(json.loads(proc.stdout), gold)
    assert all(
        result[k]["f1"] == 1.0
        for k in ("assignments", "targets", "cited_documents", "ip_types", "industries")
    )


def test_extraction_contract_fields(sample_doc):
    data = to_json(sample_doc)
    assert set(data) >= {"document", "tasks", "safeguards", "targets", "cited_documents", "agencies"}
    assert set(data["document"]) >= {"id", "title", "issuer", "source", "sha256"}
    task = data["tasks"][0]
    assert task["id"] == "（一）" and task["number"] == 1 and task["section"] == "三、重点任务"
    text = sample_doc.text
    for t in data["tasks"]:
        start, end = t["span"]
        assert text[start:end].startswith(t["id"])
        assert t["title"] in text[start:end]
    for t in data["targets"]:
        start, end = t["span"]
        assert t["indicator"] in text[start:end]
    assert [s["title"] for s in data["safeguards"]][0] == "加强组织领导，强化责任落实"
    assert data["goal_years"] == [2025, 2035]


def test_every_span_quote_matches_text(sample_doc):
    text = sample_doc.text
    spans = [t.span for t in sample_doc.tasks] + [t.title_span for t in sample_doc.tasks]
    spans += [r.mention for t in sample_doc.tasks for r in t.responsibilities]
    spans += [r.clause for t in sample_doc.tasks for r in t.responsibilities]
    spans += [t.span for t in sample_doc.targets] + [c.span for c in sample_doc.citations]
    for s in spans:
        assert text[s.start : s.end] == s.quote


def test_sample_agencies_have_full_names_and_kinds(sample_doc):
    agencies = {a.name: a for a in sample_doc.agencies}
    named = {n: a for n, a in agencies.items() if a.kind != "Collective"}
    assert len(named) == 19
    assert agencies["区法院"].full_name == "长寿区人民法院" and agencies["区法院"].kind == "Court"
    assert agencies["区检察院"].kind == "Procuratorate"
    assert agencies["区公安局"].kind == "PublicSecurityOrgan"
    assert agencies["区委宣传部"].kind == "PartyOrgan"
    assert agencies["长寿经开区"].full_name == "长寿经济技术开发区"
    assert agencies["长寿经开区"].kind == "DevelopmentZone"
    assert agencies["区市场监管局"].full_name == "长寿区市场监督管理局"
    assert agencies["区发改委"].full_name == "长寿区发展和改革委员会"
    assert agencies["各成员单位"].kind == "Collective"
    assert all(a.full_name != a.name for a in named.values() if a.name.startswith("区"))


def test_issuer(sample_doc):
    assert sample_doc.meta.issuer == "重庆市长寿区"
