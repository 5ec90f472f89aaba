"""Extraction on the development corpus of twenty-seven real plans (tests/data/dev, copied from the shared
corpus with its hand-checked gold), scored with the corpus's own scorer.

Floors only go up: each is what the extractor reached when it was last raised. A change that loses
a task, a role or a target on any plan fails here, naming the plan.
"""

from __future__ import annotations

import pytest

from benchmarks.score_dev import score_corpus

# plan: (tasks found, assignments F1, targets F1) — raise these when the extractor improves.
FLOORS = {
    "aiopc_luohu_2026": (17, 1.0, 0.95),
    "aiopc_nanchong_2026": (15, 1.0, 1.0),
    "aiopc_ningbo_2026": (18, 1.0, 0.95),
    "aiopc_shangcheng_2026": (12, 1.0, 1.0),
    "aiopc_sichuan_2026": (16, 1.0, 1.0),
    "aiopc_taian_2026": (13, 1.0, 0.95),
    "aiopc_zhengzhou_2026": (16, 1.0, 1.0),
    "altay_realestate_2022": (15, 1.0, 0.95),
    "anhui_tizhenxinxin_2023": (30, 1.0, 0.95),
    "gov_duchajili_2018": (30, 1.0, 0.95),
    "gov_jiuye_2018": (15, 1.0, 0.95),
    "gov_nongjihua_2018": (18, 1.0, 0.95),
    "gov_tiyujingsai_2018": (16, 1.0, 0.95),
    "gov_xiaofeifupin_2018": (17, 1.0, 0.95),
    "gov_zongbaoqu_2019": (21, 1.0, 0.95),
    "guangyuan_economy_2023": (35, 1.0, 0.92),
    "guizhou_zhongdaxiangmu_2022": (27, 1.0, 0.88),
    "gz_jiatingyisheng_2023": (24, 1.0, 0.78),
    "gz_rencai_jiju_2012": (44, 1.0, 0.88),
    "henan_fertility_2025": (13, 1.0, 1.0),
    "hubei_livelihood_2023": (20, 1.0, 0.88),
    "jixi_realestate_2024": (11, 1.0, 0.95),
    "lanzhou_enterprise_relief_2022": (25, 1.0, 1.0),
    "lowaltitude_shenzhen_2024": (20, 1.0, 0.96),
    "nanjing_jingjihaozhuan_2023": (33, 1.0, 1.0),
    "shenyang_graduate_jobs_2022": (49, 1.0, 0.87),
    "zibo_hukou_2022": (10, 1.0, 0.95),
}
MICRO = {"assignments": 1.0, "cited_documents": 0.98, "targets": 0.9}


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
    assert s["assignments"]["f1"] >= max(assignments, 0.93), (plan, s["assignments"])
    assert s["targets"]["f1"] >= targets, (plan, s["targets"])


def test_micro_floors(result):
    found, gold = result["tasks_found"]
    assert found / gold >= 0.99
    for part, floor in MICRO.items():
        assert result["micro"][part] >= floor, (part, result["micro"][part])
