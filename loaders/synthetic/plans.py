"""A seeded, deterministic generator of synthetic policy plans with their expected extraction.

The plans vary issuer (district and city), length (tasks per plan), responsibility-clause style,
agencies, IP types, industries, targets and citations (including citations of other generated plans,
so corpus builds have cross-document links). Every plan comes with the extraction the contract
expects, so tests and benchmarks can check accuracy, not just speed.

It lives in the package (``loaders.synthetic.plans``) so that tests, benchmarks and notebooks import it
without path tricks; like the rest of ``loaders`` it needs neither ``kg`` nor rdflib. Usage::

    >>> from loaders.synthetic.plans import generate_corpus
    >>> plans = generate_corpus(3, seed=7)  # the same seed always gives the same plans
    >>> plans[0].doc_id, plans[0].title
    ('plan-00000-1390851128', '成都市青羊区知识产权高质量发展实施方案')
    >>> len(plans[0].expected["tasks"])
    16

or from a shell (``benchmarks/generate_plans.py`` is the same command)::

    python -m loaders.synthetic.plans OUT_DIR --count 100 --seed 7
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["GeneratedPlan", "generate_plan", "generate_corpus", "write_corpus"]

CITIES = {
    "重庆市": [
        "长寿区",
        "江北区",
        "渝中区",
        "沙坪坝区",
        "九龙坡区",
        "南岸区",
        "北碚区",
        "渝北区",
        "巴南区",
        "涪陵区",
        "永川区",
        "合川区",
        "江津区",
        "璧山区",
        "铜梁区",
    ],
    "成都市": ["武侯区", "锦江区", "青羊区", "金牛区", "成华区", "双流区", "郫都区", "新都区"],
    "广州市": ["天河区", "越秀区", "海珠区", "荔湾区", "白云区", "黄埔区", "番禺区", "花都区"],
}
# (as written after 区, full canonical) — abbreviations the gazetteer must resolve.
DEPARTMENTS = [
    ("市场监管局", "市场监督管理局"),
    ("科技局", "科学技术局"),
    ("财政局", "财政局"),
    ("司法局", "司法局"),
    ("发改委", "发展和改革委员会"),
    ("经信委", "经济和信息化委员会"),
    ("商务委", "商务委员会"),
    ("文旅委", "文化和旅游发展委员会"),
    ("农业农村委", "农业农村委员会"),
    ("人社局", "人力资源和社会保障局"),
    ("教委", "教育委员会"),
    ("公安局", "公安局"),
    ("法院", "人民法院"),
    ("检察院", "人民检察院"),
    ("委宣传部", "委宣传部"),
    ("林业局", "林业局"),
    ("生态环境局", "生态环境局"),
    ("税务局", "税务局"),
]
COLLECTIVES = ["各成员单位", "各有关部门和单位", "各镇街"]
IP_WORDS = [
    ("专利", "专利"),
    ("高价值发明专利", "专利"),
    ("发明专利", "专利"),
    ("商标", "商标"),
    ("集体商标", "商标"),
    ("证明商标", "商标"),
    ("版权", "版权"),
    ("著作权", "版权"),
    ("地理标志", "地理标志"),
    ("植物新品种", "植物新品种"),
    ("商业秘密", "商业秘密"),
    ("集成电路布图设计", "集成电路布图设计"),
]
INDUSTRIES = [
    ("新材料", "新材料"),
    ("新能源", "新能源"),
    ("电子信息", "电子信息"),
    ("生物医药", "生物医药"),
    ("智能家居", "智能家居"),
    ("绿色食品", "绿色食品"),
    ("畜牧业", "畜牧业"),
    ("渔业", "渔业"),
    ("智能装备制造", "智能装备制造"),
    ("集成电路", "集成电路"),
    ("节能环保", "节能环保"),
]
VERBS = ["完善", "健全", "强化", "提升", "推进", "加强", "优化", "深化", "构建", "落实"]
OBJECTS = [
    "知识产权政策体系",
    "管理体制机制",
    "司法保护体系",
    "行政执法机制",
    "协同保护格局",
    "转化运用能力",
    "公共服务体系",
    "人才培养机制",
    "文化宣传氛围",
    "国际合作交流",
    "运营服务平台",
    "质押融资服务",
    "维权援助机制",
    "信用监管体系",
    "审查服务能力",
    "导航预警机制",
]
FILLER = [
    "坚持问题导向，聚焦重点领域和关键环节",
    "建立健全工作推进机制，形成工作合力",
    "加大资金投入力度，完善配套政策",
    "强化部门协同联动，提升服务效能",
    "开展试点示范工作，总结推广经验做法",
    "营造良好创新环境，激发市场主体活力",
]
PROSE = [
    "完善知识产权创造、运用、保护、管理和服务全链条工作机制，推动知识产权工作与科技创新、产业发展深度融合",
    "支持企业、高校和科研机构建立知识产权管理制度，提升知识产权管理规范化水平，增强市场主体核心竞争力",
    "鼓励社会资本参与知识产权运营，培育一批专业化、市场化、国际化的知识产权服务机构，提升服务供给质量",
    "健全知识产权纠纷多元化解决机制，推进诉调对接、仲调对接，降低维权成本，缩短维权周期，提高侵权代价",
    "加强知识产权宣传培训，组织开展知识产权宣传周等系列活动，营造尊重知识、崇尚创新、诚信守法的社会氛围",
    "推动知识产权信息公共服务网点建设，提供检索分析、咨询培训等基础服务，满足中小企业多样化服务需求",
    "强化考核评价和督促检查，将知识产权工作纳入高质量发展绩效考核，确保各项任务措施落地见效",
]
INDICATORS = [
    ("每万人口发明专利拥有量", "件"),
    ("每万人口高价值发明专利拥有量", "件"),
    ("有效注册商标量", "件"),
    ("知识产权质押融资额", "亿元"),
    ("专利密集型产业增加值占比", "%"),
    ("地理标志商标数量", "件"),
    ("知识产权示范企业数量", "家"),
    ("版权登记数量", "件"),
]
NUMERALS = "一二三四五六七八九十"


def _cn(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1]
    if n < 20:
        return "十" + (NUMERALS[n - 11] if n > 10 else "")
    tens, ones = divmod(n, 10)
    return NUMERALS[tens - 1] + "十" + (NUMERALS[ones - 1] if ones else "")


@dataclass
class GeneratedPlan:
    """A synthetic plan: its file name, text, and the extraction the contract expects."""

    doc_id: str
    title: str
    text: str
    district: str
    city: str
    expected: dict = field(default_factory=dict)
    style: str = ""  # the responsibility-clause style of its tasks (one of STYLES)
    date: str | None = None  # the signing date written at its end (ISO 8601), if any
    period: tuple[int, int] | None = None  # the plan period its title states, if any
    implements: tuple[str, ...] = ()  # titles (without 《》) of the documents it says it implements


# Styles whose plans state a lead rule once: (where the statement goes, its text).
RULE_STYLES = {
    "first-listed": ("preamble", "各项任务中排在第一位的部门为牵头部门，其他部门按职责分工配合。"),
    "comma-rule": ("first-clause", "列逗号之前的为牵头单位，其他单位按职责分工配合，下同"),
}
STYLES = (
    "labelled",
    "labelled-semicolon",
    "verbs",
    "own-lines",
    "plain",
    "first-listed",
    "comma-rule",
    "square-brackets",
    "mid-paragraph",
    "marker",
    "huitong",
)


def _clause(
    rng: random.Random, lead: list[str], coop: list[str], style: str, first: bool = False
) -> tuple[str, list[str], list[str]]:
    """A responsibility clause in ``style``; returns (clause text, lead as expected, coop as expected).

    ``first`` marks the plan's first clause (where a ``comma-rule`` plan states its rule).
    """
    if style == "first-listed":
        return f"（{'、'.join(lead + coop)}负责）", lead, coop
    if style == "comma-rule":
        rule = f"。{RULE_STYLES['comma-rule'][1]}" if first else ""
        text = f"（{'、'.join(lead)}" + (f"，{'、'.join(coop)}" if coop else "") + f"{rule}）"
        return text, lead, coop
    if style == "square-brackets":
        text = f"〔责任单位：{'、'.join(lead)}" + (f"，配合单位：{'、'.join(coop)}" if coop else "") + "〕"
        return text, lead, coop
    if style == "mid-paragraph":
        return f"{'、'.join(lead)}牵头" + (f"，{'、'.join(coop)}配合" if coop else "") + "，", lead, coop
    if style == "marker":
        return f"（{lead[0]}（牵头）" + "".join(f"、{c}" for c in coop) + "）", lead, coop
    if style == "huitong":
        text = f"（由{'、'.join(lead)}" + (f"会同{'、'.join(coop)}" if coop else "") + "负责）"
        return text, lead, coop
    if style == "labelled":
        text = f"（责任单位：{'、'.join(lead)}" + (f"，配合单位：{'、'.join(coop)}" if coop else "") + "）"
        return text, lead, coop
    if style == "labelled-semicolon":
        text = f"（牵头单位：{'、'.join(lead)}" + (f"；配合单位：{'、'.join(coop)}" if coop else "") + "）"
        return text, lead, coop
    if style == "verbs":
        text = f"（{'、'.join(lead)}牵头" + (f"，{'、'.join(coop)}配合" if coop else "负责") + "）"
        return text, lead, coop
    if style == "own-lines":
        text = f"\n牵头单位：{'、'.join(lead)}" + (f"\n配合单位：{'、'.join(coop)}" if coop else "")
        return text, lead, coop
    # plain list: all lead (the first-lead rule is not stated in these plans)
    names = lead + [c for c in coop if not c.startswith("各")]
    return f"（{'、'.join(names)}按职责分工负责）", names, []


def generate_plan(
    seed: int, index: int = 0, cite_titles: list[str] | None = None, tasks_range: tuple[int, int] = (6, 20)
) -> GeneratedPlan:
    """One synthetic plan, fully determined by ``seed``."""
    rng = random.Random(seed)
    city = rng.choice(sorted(CITIES))
    district = rng.choice(CITIES[city])
    topic = rng.choice(
        ["知识产权强区建设", "知识产权保护", "商标品牌战略", "专利转化运用", "知识产权高质量发展"]
    )
    title = f"{city}{district}{topic}实施方案"
    doc_id = f"plan-{index:05d}-{seed}"
    style = rng.choice(STYLES)
    lines = [
        title,
        f"为深入实施知识产权战略，推动{district}高质量发展，结合我区实际，制定本方案。{district}将全面推进相关工作。",
    ]
    if RULE_STYLES.get(style, ("",))[0] == "preamble":
        lines.append(RULE_STYLES[style][1])
    cited: list[str] = []
    for t in (cite_titles or [])[: rng.randint(0, 2)]:
        cited.append(f"《{t}》")
    if rng.random() < 0.7:
        cited.append("《知识产权强国建设纲要（2021－2035年）》")
    if cited:
        lines[1] = f"根据{'和'.join(cited)}，" + lines[1]
    lines += [
        "一、总体要求",
        "坚持以创新驱动发展为引领，全面提升知识产权创造、运用、保护、管理和服务水平。",
        "二、发展目标",
    ]
    year = rng.choice([2025, 2027, 2030])
    chosen = rng.sample(INDICATORS, rng.randint(1, 3))
    targets = []
    parts = []
    for ind, unit in chosen:
        value = rng.randint(2, 300)
        parts.append(f"{ind}达到{value}{unit}")
        targets.append({"indicator": ind, "value": value, "unit": unit, "year": year, "nature": "预期性"})
    lines.append(f"到{year}年，{'，'.join(parts)}（上述指标均为预期性指标）。")
    lines.append("三、重点任务")
    tasks = []
    n_tasks = rng.randint(*tasks_range)
    for k in range(1, n_tasks + 1):
        verb, obj = rng.choice(VERBS), rng.choice(OBJECTS)
        task_title = f"{verb}{obj}"
        ips = rng.sample(IP_WORDS, rng.randint(0, 2))
        inds = rng.sample(INDUSTRIES, rng.randint(0, 3)) if rng.random() < 0.4 else []
        # Real plans spend 150–500 characters on a task before its clause.
        body = rng.sample(FILLER, rng.randint(2, len(FILLER))) + rng.sample(PROSE, rng.randint(1, 4))
        if ips:
            body.append(f"加强{'、'.join(w for w, _ in ips)}的培育和保护")
        if inds:
            body.append(f"围绕{'、'.join(w for w, _ in inds)}等产业，开展专利导航")
        depts = rng.sample(DEPARTMENTS, rng.randint(2, 6))
        lead = [f"区{depts[0][0]}"]
        coop = [f"区{d[0]}" for d in depts[1:]]
        if rng.random() < 0.15:
            coop.append(rng.choice(COLLECTIVES))
        if style == "marker" and not coop:
            coop = [f"区{DEPARTMENTS[0][0]}"] if lead[0] != f"区{DEPARTMENTS[0][0]}" else []
        clause, exp_lead, exp_coop = _clause(rng, lead, coop, style, first=k == 1)
        if style == "mid-paragraph":
            lines.append(f"（{_cn(k)}）{task_title}。{clause}{'，'.join(body)}。")
        else:
            lines.append(f"（{_cn(k)}）{task_title}。{'，'.join(body)}。{clause}")
        exp_ips = list(dict.fromkeys(top for _, top in ips))
        if inds and "专利" not in exp_ips:
            exp_ips.append("专利")  # 专利导航 in the industries sentence
        tasks.append(
            {
                "id": f"（{_cn(k)}）",
                "number": k,
                "title": task_title,
                "lead": exp_lead,
                "cooperating": exp_coop,
                "ip_types": exp_ips,
                "industries": [c for _, c in inds],
            }
        )
    lines += [
        "四、保障措施",
        "（一）加强组织领导。建立工作协调机制，统筹推进各项任务。",
        "（二）强化考核评估。定期开展评估，确保任务落实。",
    ]
    text = "\n".join(lines) + "\n"
    expected = {
        "source": f"{doc_id}.txt",
        "title": title,
        "issuer": f"{city}{district}",
        "tasks": tasks,
        "targets": targets,
        "cited_documents": cited,
        "goal_years": [year],
    }
    return GeneratedPlan(doc_id, title, text, district, city, expected, style)


def generate_corpus(count: int, seed: int = 1, tasks_range: tuple[int, int] = (6, 20)) -> list[GeneratedPlan]:
    """``count`` plans; later plans cite earlier plans' titles, so the corpus has citation links."""
    plans: list[GeneratedPlan] = []
    master = random.Random(seed)
    for i in range(count):
        earlier = [p.title for p in plans[-5:]]
        master.shuffle(earlier)
        plans.append(generate_plan(master.randrange(2**31), i, earlier, tasks_range))
    return plans


def write_corpus(plans: list[GeneratedPlan], out_dir: Path, gold: bool = False) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for p in plans:
        path = out_dir / f"{p.doc_id}.txt"
        path.write_text(p.text, encoding="utf-8")
        paths.append(path)
        if gold:
            (out_dir / f"{p.doc_id}.gold.json").write_text(
                json.dumps(p.expected, ensure_ascii=False, indent=1), encoding="utf-8"
            )
    return paths


def main(argv: list[str] | None = None) -> None:
    """``python -m loaders.synthetic.plans OUT_DIR [--count N] [--seed S] [--gold]``."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--count", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--gold", action="store_true", help="also write NAME.gold.json next to each plan")
    args = ap.parse_args(argv)
    paths = write_corpus(generate_corpus(args.count, args.seed), args.out_dir, args.gold)
    print(f"wrote {len(paths)} plans to {args.out_dir}")


if __name__ == "__main__":
    main()
