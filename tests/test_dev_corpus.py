"""Extraction on the development corpus of twelve real plans (tests/data/dev, copied from the shared
corpus with its hand-checked gold), scored with the corpus's own scorer.

Floors only go up: each is what the extractor reached when it was last raised. A change that loses
a task, a role or a target on any plan fails here, naming the plan.
"""

from __future__ import annotations

import pytest

from benchmarks.score_dev import score_corpus

# plan: (tasks found, assignments F1, targets F1) — raise these when the extractor improves.
FLOORS = {
    "aiopc_luohu_2026": (17, 1.0, 1.0),
    "aiopc_nanchong_2026": (15, 1.0, 1.0),
    "aiopc_ningbo_2026": (18, 1.0, 1.0),
    "aiopc_shangcheng_2026": (12, 1.0, 1.0),
    "aiopc_sichuan_2026": (16, 1.0, 1.0),
    "aiopc_taian_2026": (13, 1.0, 1.0),
    "aiopc_zhengzhou_2026": (16, 1.0, 1.0),
    "altay_realestate_2022": (15, 1.0, 1.0),
    "jixi_realestate_2024": (11, 1.0, 1.0),
    "lanzhou_enterprise_relief_2022": (25, 1.0, 1.0),
    "lowaltitude_shenzhen_2024": (20, 1.0, 0.96),
    "zibo_hukou_2022": (10, 1.0, 1.0),
}
MICRO = {"assignments": 1.0, "cited_documents": 1.0, "targets": 0.97}


@pytest.fixture(scope="module")
def result():
    return score_corpus()


def test_every_plan_is_scored(result):
    assert set(result["documents"]) == set(FLOORS)


@pytest.mark.parametrize("plan", sorted(FLOORS))
def test_plan_floor(result, plan):
    tasks, assignments, targets = FLOORS[plan]
    s = result["documents"][plan]
    assert s["tasks"]["aligned"] >= tasks, (plan, s["tasks"])
    assert s["assignments"]["f1"] >= max(assignments, 0.90), (plan, s["assignments"])
    assert s["targets"]["f1"] >= targets, (plan, s["targets"])


def test_micro_floors(result):
    found, gold = result["tasks_found"]
    assert found / gold >= 0.97
    for part, floor in MICRO.items():
        assert result["micro"][part] >= floor, (part, result["micro"][part])
