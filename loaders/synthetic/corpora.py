"""Generated corpora with a known structure across plans: implementation families and yearly series.

Researchers compare plans (a city plan and the district plans that implement it) and follow
networks over time. Testing those analyses needs corpora whose answers are known before any code
reads them. Two generators, both seeded and deterministic, both with the truth alongside the text:

* :func:`generate_family` — a city plan and district plans implementing it (``为贯彻落实《…》``).
  Each district keeps most of the city's tasks (reworded, reordered, some with a lead agency of
  another function), drops some and adds its own. The generator records which district task
  answers which city task (``alignment``), which city tasks a district dropped (``only_parent``)
  and where the lead agency's function changed (``changed``).
* :func:`generate_series` — one plan per year for a focus district (plus a neighbouring district's
  plan in the same years), dated, each with its plan period, in which one agency takes part in
  more tasks year by year. ``expected_degree`` is that agency's degree in each year's
  co-assignment network, counted from the generated tasks.

Like the rest of :mod:`loaders` this needs neither :mod:`kg` nor rdflib.

Examples
--------
>>> from loaders.synthetic.corpora import generate_family, generate_series
>>> fam = generate_family(seed=3)
>>> fam.parent.title
'广州市知识产权强市建设工作方案（2022—2026年）'
>>> [child.implements for child in fam.children][0] == (fam.parent.title,)
True
>>> series = generate_series(seed=1, years=range(2019, 2022))
>>> series.focus, series.expected_degree
('长寿区市场监督管理局', {2019: 2, 2020: 3, 2021: 4})
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from loaders.synthetic.plans import CITIES, DEPARTMENTS, FILLER, GeneratedPlan, _cn, write_corpus

__all__ = ["PlanFamily", "PlanSeries", "generate_family", "generate_series", "write_plans", "TOPICS"]

# One policy topic per task: (the object of the task title, sentences only this topic uses). The
# sentences avoid IP-type and industry words, so a task's expected IP types and industries are empty
# and its text is told apart from the others' by its own content, as in real plans.
TOPICS: dict[str, tuple[str, ...]] = {
    "政策法规体系": (
        "梳理现行规范性文件，及时清理与上位法不一致的条款",
        "研究制定配套实施细则，明确各方权利义务和办理流程",
        "建立政策评估和动态调整制度，定期发布政策执行情况报告",
    ),
    "行政执法机制": (
        "加大对重点市场、展会和电商平台的执法检查力度",
        "完善线索通报、案件移送和联合办案制度",
        "推行执法案件办理时限承诺，公开典型案例",
    ),
    "司法保护体系": (
        "推进审判案件繁简分流，提高案件审理效率",
        "完善技术调查官制度，提升技术事实查明能力",
        "探索适用惩罚性赔偿，提高侵权违法成本",
    ),
    "纠纷调解机制": (
        "在行业协会设立人民调解委员会，吸纳专业人员担任调解员",
        "推动诉前调解与司法确认有效衔接",
        "建立调解员名册和培训考核制度",
    ),
    "维权援助服务": (
        "设立维权援助工作站，为中小企业提供咨询和应对指导",
        "建立海外纠纷应对指导机制，发布风险预警信息",
        "组建维权援助专家库，开展案件分析研判",
    ),
    "质押融资服务": (
        "建立质押融资风险补偿资金池，分担银行放贷风险",
        "推动银行机构开发专门信贷产品，简化审批流程",
        "开展银企对接活动，扩大质押融资覆盖面",
    ),
    "转化运用能力": (
        "支持高校院所建立技术转移机构，完善收益分配制度",
        "推动创新成果在中小企业中落地应用",
        "举办成果对接会和路演活动，促进供需精准匹配",
    ),
    "公共服务平台": (
        "建设综合公共服务平台，提供检索、分析和咨询等一站式服务",
        "推动公共服务网点向园区和乡镇延伸",
        "整合基础数据资源，推进数据开放共享",
    ),
    "人才培养机制": (
        "将专业人才纳入各类人才计划，落实引进人才待遇",
        "依托高校开设专业课程，建设实训基地",
        "开展职称评审工作，畅通专业人员职业发展通道",
    ),
    "宣传普及教育": (
        "利用宣传周等重要节点集中开展普法宣传",
        "推进普及教育进校园、进社区、进企业",
        "培育一批宣传教育示范基地，发布年度白皮书",
    ),
    "信用监管体系": (
        "将故意侵权、非正常申请等行为纳入信用记录",
        "对严重失信主体依法实施联合惩戒",
        "建立信用修复机制，引导市场主体守信经营",
    ),
    "对外合作交流": (
        "积极参与区域合作机制，举办高层次交流活动",
        "支持企业参与国际标准制定和海外布局",
        "加强与港澳台地区在保护领域的交流合作",
    ),
    "企业培育工程": (
        "遴选一批优势企业进行重点培育，给予分类指导",
        "推动企业贯彻管理规范国家标准，开展管理体系认证",
        "组织企业负责人参加专题培训，提升管理能力",
    ),
    "导航预警机制": (
        "围绕重点领域开展分析评议，为重大项目决策提供支撑",
        "建立风险预警信息发布制度，指导企业规避风险",
        "编制年度分析报告，研判技术发展趋势",
    ),
    "数据统计监测": (
        "建立统计监测指标体系，按季度发布统计数据",
        "开展年度发展状况调查，形成调查报告",
        "运用信息化手段提升统计分析能力",
    ),
    "考核评价制度": (
        "将工作纳入高质量发展绩效考核，压实部门责任",
        "建立年度任务清单和督查通报制度",
        "引入第三方机构开展实施效果评估",
    ),
}
TOPIC_VERBS = ("完善", "健全", "强化", "提升", "推进", "加强", "优化", "深化", "构建", "落实")
# The agencies of these plans: the 18 departments of loaders.synthetic.plans with their function, so that
# "the lead's function changed" is known without reading the gazetteer.
FUNCTIONS = {
    "市场监管局": "市场监管",
    "科技局": "科技",
    "财政局": "财政",
    "司法局": "司法",
    "发改委": "发展改革",
    "经信委": "经济信息化",
    "商务委": "商务",
    "文旅委": "文化旅游",
    "农业农村委": "农业农村",
    "人社局": "人力社保",
    "教委": "教育",
    "公安局": "公安",
    "法院": "法院",
    "检察院": "检察",
    "委宣传部": "宣传",
    "林业局": "林业",
    "生态环境局": "生态环境",
    "税务局": "税务",
}
# Leads are drawn from departments whose functions no vocabulary would merge (the list), so
# "the lead's function changed" stays true whatever the function vocabulary pools together.
CORE_LEADS = (
    "市场监管局",
    "科技局",
    "财政局",
    "司法局",
    "发改委",
    "经信委",
    "商务委",
    "文旅委",
    "农业农村委",
    "人社局",
    "教委",
    "公安局",
    "法院",
    "检察院",
    "委宣传部",
)
PLAIN_CITATION = "知识产权强国建设纲要（2021－2035年）"
CITY_TOPICS = ("知识产权保护", "知识产权强市建设", "知识产权运用促进")
INDICATORS = (("每万人口发明专利拥有量", "件"), ("知识产权质押融资额", "亿元"), ("有效注册商标量", "件"))


@dataclass
class PlanFamily:
    """A city plan and the district plans implementing it, with the known correspondences.

    ``alignment[child_id]`` maps each child task id to the parent task id it answers, or ``None``
    when the task is the district's own; ``only_parent[child_id]`` lists the parent tasks that
    district left out; ``changed[child_id]`` lists the child tasks whose lead agency has another
    function than the lead of the parent task they answer.
    """

    parent: GeneratedPlan
    children: list[GeneratedPlan]
    alignment: dict[str, dict[str, str | None]] = field(default_factory=dict)
    only_parent: dict[str, list[str]] = field(default_factory=dict)
    changed: dict[str, list[str]] = field(default_factory=dict)

    @property
    def plans(self) -> list[GeneratedPlan]:
        """The parent first, then the children."""
        return [self.parent, *self.children]


@dataclass
class PlanSeries:
    """Yearly plans in which the agency ``focus`` (its full name in the KG) takes part more each year.

    ``expected_degree[year]`` is the number of other named agencies that share at least one task
    with ``focus`` in the plans dated that year (the co-assignment degree, collectives left out).
    """

    plans: list[GeneratedPlan]
    focus: str
    expected_degree: dict[int, int]


def _date(rng: random.Random, year: int) -> tuple[str, str]:
    """(ISO date, the date as a plan's closing line writes it)."""
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return f"{year:04d}-{month:02d}-{day:02d}", f"{year}年{month}月{day}日"


def _body(rng: random.Random, topic: str, scope: str, reword: bool) -> str:
    """A task's text: its topic's sentences (reworded for a district) and a little shared filler."""
    sentences = list(TOPICS[topic])
    if reword:
        rng.shuffle(sentences)
        sentences = sentences[: rng.randint(2, 3)]
    filler = rng.sample(FILLER, 2)
    text = "，".join(sentences + filler)
    return text.replace("全市", f"全{scope}").replace("我市", f"我{scope}")


def _agencies(
    rng: random.Random, lead: str | None = None, leads: tuple[str, ...] = (), exclude: tuple[str, ...] = ()
) -> tuple[str, list[str]]:
    """A lead department (from ``leads``, or given) and 1–4 cooperating ones, short names."""
    names = [short for short, _ in DEPARTMENTS if short not in exclude]
    lead = lead or rng.choice([n for n in leads or names if n not in exclude])
    coop = rng.sample([n for n in names if n != lead], rng.randint(1, 4))
    return lead, coop


def _task_lines(number: int, title: str, body: str, prefix: str, lead: str, coop: list[str]) -> str:
    clause = (
        f"（责任单位：{prefix}{lead}"
        + (f"；配合单位：{'、'.join(prefix + c for c in coop)}" if coop else "")
        + "）"
    )
    return f"（{_cn(number)}）{title}。{body}。{clause}"


def _expected_task(number: int, title: str, prefix: str, lead: str, coop: list[str]) -> dict:
    return {
        "id": f"（{_cn(number)}）",
        "number": number,
        "title": title,
        "lead": [prefix + lead],
        "cooperating": [prefix + c for c in coop],
        "ip_types": [],
        "industries": [],
    }


def _plan_text(
    title: str,
    preamble: str,
    goal: str,
    task_lines: list[str],
    date_line: str,
    issuer_line: str,
) -> str:
    lines = [
        title,
        preamble,
        "一、总体要求",
        "坚持以创新驱动发展为引领，全面提升创造、运用、保护、管理和服务水平。",
        "二、发展目标",
        goal,
        "三、重点任务",
        *task_lines,
        "四、保障措施",
        "（一）加强组织领导。建立工作协调机制，统筹推进各项任务。",
        "（二）强化考核评估。定期开展评估，确保任务落实。",
        issuer_line,
        date_line,
    ]
    return "\n".join(lines) + "\n"


def _goal(rng: random.Random, year: int, scale: float) -> tuple[str, list[dict]]:
    targets, parts = [], []
    for indicator, unit in INDICATORS:
        value = max(1, round(rng.randint(20, 200) * scale))
        parts.append(f"{indicator}达到{value}{unit}")
        targets.append(
            {"indicator": indicator, "value": value, "unit": unit, "year": year, "nature": "预期性"}
        )
    return f"到{year}年，{'，'.join(parts)}（上述指标均为预期性指标）。", targets


def generate_family(seed: int = 1, districts: int = 3, parent_tasks: int = 10) -> PlanFamily:
    """A city plan and ``districts`` district plans implementing it, fully determined by ``seed``.

    Parameters
    ----------
    seed : int
        The random seed; the same seed gives the same texts and the same truth.
    districts : int
        The number of district plans (at most the city's number of districts).
    parent_tasks : int
        The number of tasks of the city plan (at most ``len(TOPICS) - 2``).

    Returns
    -------
    PlanFamily

    Examples
    --------
    >>> fam = generate_family(seed=1, districts=2)
    >>> len(fam.children), fam.parent.doc_id
    (2, 'family-1-city')
    >>> child = fam.children[0]
    >>> sorted(set(fam.alignment[child.doc_id].values()) - {None}) == sorted(
    ...     set(t["id"] for t in fam.parent.expected["tasks"]) - set(fam.only_parent[child.doc_id]))
    True
    """
    rng = random.Random(seed)
    city = sorted(CITIES)[seed % len(CITIES)]
    topics = list(TOPICS)
    rng.shuffle(topics)
    parent_topics, spare = topics[:parent_tasks], topics[parent_tasks:]
    start = rng.choice((2021, 2022))
    title = f"{city}{rng.choice(CITY_TOPICS)}工作方案（{start}—{start + 4}年）"
    iso, date_line = _date(rng, start - 1)
    goal, targets = _goal(rng, start + 4, 10.0)
    parent_tasks_expected, lines, leads = [], [], {}
    for k, topic in enumerate(parent_topics, 1):
        verb = rng.choice(TOPIC_VERBS)
        lead, coop = _agencies(rng, leads=CORE_LEADS)
        leads[f"（{_cn(k)}）"] = (topic, lead)
        lines.append(_task_lines(k, verb + topic, _body(rng, topic, "市", False), "市", lead, coop))
        parent_tasks_expected.append(_expected_task(k, verb + topic, "市", lead, coop))
    parent = GeneratedPlan(
        doc_id=f"family-{seed}-city",
        title=title,
        text=_plan_text(
            title,
            "为深入实施知识产权强国战略，推动全市高质量发展，结合我市实际，制定本方案。",
            goal,
            lines,
            date_line,
            f"{city}人民政府办公室",
        ),
        district="",
        city=city,
        style="labelled-semicolon",
        date=iso,
        period=(start, start + 4),
    )
    parent.expected = {
        "source": f"{parent.doc_id}.txt",
        "title": title,
        "issuer": f"{city}人民政府办公室",  # the body signing at the end
        "tasks": parent_tasks_expected,
        "targets": targets,
        "cited_documents": [],
        "goal_years": [start + 4],
    }
    family = PlanFamily(parent, [])
    for j, district in enumerate(rng.sample(CITIES[city], min(districts, len(CITIES[city])))):
        child_rng = random.Random(rng.randrange(2**31))
        kept = sorted(
            child_rng.sample(range(parent_tasks), child_rng.randint(parent_tasks - 3, parent_tasks - 1))
        )
        own = child_rng.sample(spare, child_rng.randint(1, min(2, len(spare))))
        # The district's order: the kept tasks in the city's order with one neighbouring pair
        # swapped, its own tasks inserted at random places.
        order: list[tuple[str, str | None]] = [(parent_topics[i], f"（{_cn(i + 1)}）") for i in kept]
        if len(order) > 2:
            a = child_rng.randrange(len(order) - 1)
            order[a], order[a + 1] = order[a + 1], order[a]
        for topic in own:
            order.insert(child_rng.randrange(len(order) + 1), (topic, None))
        doc_id = f"family-{seed}-{j + 1}"
        alignment: dict[str, str | None] = {}
        changed: list[str] = []
        child_lines, child_tasks = [], []
        for k, (topic, parent_id) in enumerate(order, 1):
            verb = child_rng.choice(TOPIC_VERBS)
            lead = None
            if parent_id is not None:
                parent_lead = leads[parent_id][1]
                lead = parent_lead
                if child_rng.random() < 0.3:
                    lead = child_rng.choice([s for s in CORE_LEADS if FUNCTIONS[s] != FUNCTIONS[parent_lead]])
                    changed.append(f"（{_cn(k)}）")
            lead, coop = _agencies(child_rng, lead, CORE_LEADS)
            body = _body(child_rng, topic, "区", True)
            child_lines.append(_task_lines(k, verb + topic, body, "区", lead, coop))
            child_tasks.append(_expected_task(k, verb + topic, "区", lead, coop))
            alignment[f"（{_cn(k)}）"] = parent_id
        c_iso, c_date_line = _date(child_rng, start)
        c_title = (
            f"{city}{district}{title.split('（')[0].removeprefix(city).removesuffix('工作方案')}实施方案"
        )
        c_goal, c_targets = _goal(child_rng, start + 4, 1.0)
        preamble = (
            f"为贯彻落实《{title}》，推动{district}高质量发展，结合我区实际，制定本方案。"
            f"各部门要认真学习《{PLAIN_CITATION}》，加强统筹协调。"
        )
        child = GeneratedPlan(
            doc_id=doc_id,
            title=c_title,
            text=_plan_text(
                c_title, preamble, c_goal, child_lines, c_date_line, f"{city}{district}人民政府办公室"
            ),
            district=district,
            city=city,
            style="labelled-semicolon",
            date=c_iso,
            period=None,
            implements=(title,),
        )
        child.expected = {
            "source": f"{doc_id}.txt",
            "title": c_title,
            "issuer": f"{city}{district}人民政府办公室",
            "tasks": child_tasks,
            "targets": c_targets,
            "cited_documents": [f"《{title}》", f"《{PLAIN_CITATION}》"],
            "goal_years": [start + 4],
        }
        family.children.append(child)
        family.alignment[doc_id] = alignment
        family.only_parent[doc_id] = [f"（{_cn(i + 1)}）" for i in range(parent_tasks) if i not in kept]
        family.changed[doc_id] = changed
    return family


def generate_series(seed: int = 1, years: range | list[int] = range(2019, 2025)) -> PlanSeries:
    """Plans over ``years``: each year one plan of 重庆市长寿区 and one of 重庆市江北区.

    In the 长寿区 plan of the k-th year (k = 0, 1, …) the market-regulation bureau works with k + 2
    other departments; the 江北区 plans share no agency with it (another jurisdiction), so slicing by
    year, not by document, is what the per-year degree tests. Plans that start in 2021 and 2022 give
    their period as “十四五”; the others as （YYYY—YYYY年）.

    Parameters
    ----------
    seed : int
        The random seed.
    years : range or list of int
        The years, one pair of plans each (at most 14 years: the focus needs k + 2 partners).

    Returns
    -------
    PlanSeries

    Examples
    --------
    >>> series = generate_series(seed=2, years=[2020, 2021])
    >>> [p.period for p in series.plans]
    [(2020, 2022), (2020, 2022), (2021, 2025), (2021, 2025)]
    >>> series.expected_degree
    {2020: 2, 2021: 3}
    """
    rng = random.Random(seed)
    plans: list[GeneratedPlan] = []
    expected: dict[int, int] = {}
    focus = "市场监管局"
    others = [short for short, _ in DEPARTMENTS if short != focus]
    for k, year in enumerate(years):
        if k + 2 > len(others):
            raise ValueError(f"at most {len(others) - 1} years: the focus agency runs out of partners")
        five_year = year in (2021, 2022)
        period = (2021, 2025) if five_year else (year, year + 2)
        for district in ("长寿区", "江北区"):
            partners = rng.sample(others, k + 2)
            tasks, lines, seen = [], [], set()
            topics = rng.sample(list(TOPICS), 6)
            for n, topic in enumerate(topics, 1):
                if district == "长寿区" and n <= 3:
                    # The focus leads or joins the first three tasks, with the partners split among them.
                    share = partners[n - 1 :: 3]
                    lead, coop = (focus, share) if n != 2 else (share[0], [focus, *share[1:]])
                    seen.update(share)
                elif district == "长寿区":
                    lead, coop = _agencies(rng, exclude=(focus,))
                else:
                    lead, coop = _agencies(rng)
                verb = rng.choice(TOPIC_VERBS)
                lines.append(_task_lines(n, verb + topic, _body(rng, topic, "区", False), "区", lead, coop))
                tasks.append(_expected_task(n, verb + topic, "区", lead, coop))
            if district == "长寿区":
                expected[year] = len(seen)
            name = "知识产权工作要点"
            title = (
                f"重庆市{district}“十四五”{name}"
                if five_year
                else f"重庆市{district}{name}（{period[0]}—{period[1]}年）"
            )
            iso, date_line = _date(rng, year)
            goal, targets = _goal(rng, period[1], 1.0)
            doc_id = f"series-{seed}-{year}-{'cs' if district == '长寿区' else 'jb'}"
            plan = GeneratedPlan(
                doc_id=doc_id,
                title=title,
                text=_plan_text(
                    title,
                    f"为推动{district}知识产权事业发展，结合我区实际，制定本要点。",
                    goal,
                    lines,
                    date_line,
                    f"重庆市{district}人民政府办公室",
                ),
                district=district,
                city="重庆市",
                style="labelled-semicolon",
                date=iso,
                period=period,
            )
            plan.expected = {
                "source": f"{doc_id}.txt",
                "title": title,
                "issuer": f"重庆市{district}人民政府办公室",
                "tasks": tasks,
                "targets": targets,
                "cited_documents": [],
                "goal_years": [period[1]],
            }
            plans.append(plan)
    return PlanSeries(plans, "长寿区市场监督管理局", expected)


def write_plans(plans: list[GeneratedPlan], out_dir: Path, gold: bool = False) -> list[Path]:
    """Write each plan as ``<doc_id>.txt`` (and ``<doc_id>.gold.json`` with ``gold``) in ``out_dir``."""
    return write_corpus(plans, Path(out_dir), gold)


def main(argv: list[str] | None = None) -> None:
    """``python -m loaders.synthetic.corpora {family,series} OUT_DIR [--seed S] [--gold]``."""
    import argparse

    ap = argparse.ArgumentParser(
        prog="python -m loaders.synthetic.corpora", description=__doc__.splitlines()[0]
    )
    ap.add_argument("kind", choices=("family", "series"), help="a city plan and district plans implementing "
                    "it, or yearly plans of two districts")
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--gold", action="store_true", help="also write NAME.gold.json next to each plan")
    args = ap.parse_args(argv)
    plans = generate_family(args.seed).plans if args.kind == "family" else generate_series(args.seed).plans
    paths = write_plans(plans, args.out_dir, args.gold)
    print(f"wrote {len(paths)} plans to {args.out_dir}")


if __name__ == "__main__":
    main()
