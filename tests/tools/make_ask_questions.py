"""Write ``tests/data/ask-questions.json``: the questions of the `kg.ask` question set with the answers the
gold annotations give — the sample's (``tests/data/changshou-ip-plan.gold.json``) and the synthetic
generator's expected extraction — never what `kg.ask` itself answers.

    .venv/bin/python tests/tools/make_ask_questions.py   # after adding a question below

Agencies are compared by full name: for the sample the full name of each name as written is read from the
built sample graph (the gazetteer's resolution, tested elsewhere); for the generated plans it is the
district + the department's canonical name (`loaders.synthetic.plans.DEPARTMENTS`).
"""
import itertools
import json
import sys
from collections import Counter
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from kg.graph.build import build_graph  # noqa: E402
from kg.resources import sample_path  # noqa: E402
from kg.sparql.run import run_query  # noqa: E402
from kg.sparql.store import open_kg  # noqa: E402
from loaders.extract.document import load_document  # noqa: E402
from loaders.synthetic.plans import DEPARTMENTS, generate_corpus  # noqa: E402

gold = json.loads((ROOT / "tests" / "data" / "changshou-ip-plan.gold.json").read_text(encoding="utf-8"))
sample_kg = open_kg(build_graph([load_document(sample_path())]))
rows = run_query("agencies-by-kind", graph=sample_kg).plain_rows()
FULL = {r["label"]: r["full_name"] for r in rows}
DOC = "changshou-ip-plan"

def tasks_where(g, pred):
    return [t["id"] for t in g["tasks"] if pred(t)]

def lead(g, a):
    return tasks_where(g, lambda t: a in t["lead"])
def coop(g, a):
    return tasks_where(g, lambda t: a in t["cooperating"])
def joined(g, a):
    return tasks_where(g, lambda t: a in t["lead"] or a in t["cooperating"])
def task(g, n):
    return next(t for t in g["tasks"] if t["number"] == n)
def full(names, fm=FULL):
    return [fm[n] for n in names]

def partners(g, a, fm=FULL):
    c = Counter()
    for t in g["tasks"]:
        names = set(t["lead"]) | set(t["cooperating"])
        if a in names:
            for b in names - {a}:
                c[fm[b]] += 1
    return c

def top(counter):
    best = max(counter.values())
    return sorted(k for k, v in counter.items() if v == best)

g = gold
Q = []
def q(kg, question, intent, answer, ordered=False):
    Q.append({"kg": kg, "question": question, "intent": intent, "answer": answer, **({"ordered": True} if ordered else {})})
def refuse(kg, question, reason):
    Q.append({"kg": kg, "question": question, "refuse": reason})

S = "sample"
q(S, "区市场监管局牵头哪些任务？", "tasks-led", lead(g, "区市场监管局"))
q(S, "区市场监管局牵头的任务有哪些呢", "tasks-led", lead(g, "区市场监管局"))
q(S, "长寿区市场监督管理局负责什么任务？", "tasks-led", lead(g, "区市场监管局"))
q(S, "哪些任务由区法院负责？", "tasks-led", lead(g, "区法院"))
q(S, "区人社局主抓什么工作", "tasks-led", lead(g, "区人社局"))
q(S, "区法院配合哪些任务？", "tasks-cooperating", coop(g, "区法院"))
q(S, "区科技局协助了什么工作", "tasks-cooperating", coop(g, "区科技局"))
q(S, "区文旅委配合的任务有哪些", "tasks-cooperating", coop(g, "区文旅委"))
q(S, "区法院参与了哪些任务？", "tasks-joined", joined(g, "区法院"))
q(S, "区检察院承担哪些工作", "tasks-joined", joined(g, "区检察院"))
q(S, "区市场监管局牵头几项任务？", "task-count", [len(lead(g, "区市场监管局"))])
q(S, "区市场监管局负责多少个任务呢", "task-count", [len(lead(g, "区市场监管局"))])
q(S, "区文旅委配合多少项任务", "task-count", [len(coop(g, "区文旅委"))])
q(S, "区法院一共参与了几项任务？", "task-count", [len(joined(g, "区法院"))])
q(S, "第三项任务由谁牵头？", "task-leads", full(task(g, 3)["lead"]))
q(S, "谁负责知识产权司法保护？", "task-leads", full(task(g, 3)["lead"]))
q(S, "（十一）的牵头单位是哪个部门", "task-leads", full(task(g, 11)["lead"]))
q(S, "任务十一由哪个部门负责", "task-leads", full(task(g, 11)["lead"]))
q(S, "第12项任务谁牵头", "task-leads", full(task(g, 12)["lead"]))
q(S, "加强知识产权协同保护的牵头部门是谁", "task-leads", full(task(g, 5)["lead"]))
q(S, "第三项任务有哪些配合单位？", "task-cooperators", full(task(g, 3)["cooperating"]))
q(S, "哪些部门配合任务四", "task-cooperators", full(task(g, 4)["cooperating"]))
q(S, "哪些部门参与第五项任务？", "task-agencies", full(task(g, 5)["lead"] + task(g, 5)["cooperating"]))
q(S, "（五）有几个部门参与", "task-agencies", [len(task(g, 5)["lead"] + task(g, 5)["cooperating"])])
q(S, "哪些部门与区法院合作？", "partners", sorted(partners(g, "区法院")))
q(S, "和区市场监管局一起承担任务最多的是谁？", "partners", top(partners(g, "区市场监管局")))
court_led = [t for t in g["tasks"] if "区法院" in t["lead"]]
q(S, "哪些部门配合区法院？", "cooperators", sorted({FULL[c] for t in court_led for c in t["cooperating"]}))
mlead = [t for t in g["tasks"] if "区市场监管局" in t["lead"]]
q(S, "谁配合区市场监管局？", "cooperators", sorted({FULL[c] for t in mlead for c in t["cooperating"]}))
q(S, "配合区法院的部门有哪些", "cooperators", sorted({FULL[c] for t in court_led for c in t["cooperating"]}))
q(S, "区检察院配合的部门有哪些", "leads-of", sorted({FULL[lead_name] for t in g["tasks"] if "区检察院" in t["cooperating"] for lead_name in t["lead"]}))
q(S, "哪些部门配合区法院牵头的任务", "cooperators", sorted({FULL[c] for t in court_led for c in t["cooperating"]}))
q(S, "区法院牵头的任务有哪些配合单位", "cooperators", sorted({FULL[c] for t in court_led for c in t["cooperating"]}))
q(S, "区法院配合哪些部门？", "leads-of", sorted({FULL[lead_name] for t in g["tasks"] if "区法院" in t["cooperating"] for lead_name in t["lead"]}))
q(S, "区法院都牵头了哪些任务", "tasks-led", lead(g, "区法院"))
q(S, "区法院和区检察院都参与的任务有哪些", "shared-tasks", [i for i in joined(g, "区法院") if i in joined(g, "区检察院")])
def partner_names(a):
    return {FULL[b] for t in g["tasks"] if a in t["lead"] + t["cooperating"] for b in t["lead"] + t["cooperating"]} - {FULL[a]}


common = sorted(partner_names("区法院") & partner_names("区检察院") - {FULL["区法院"], FULL["区检察院"]})
q(S, "哪些部门同时与区法院和区检察院合作？", "common-partners", common)
q(S, "区法院和区检察院共同的合作部门有哪些", "common-partners", common)
q(S, "区法院和区检察院共同承担哪些任务？", "shared-tasks", sorted(set(joined(g, "区法院")) & set(joined(g, "区检察院")), key=lambda i: joined(g, "区法院").index(i)))
q(S, "区科技局和区经信委一起参与了几项任务", "shared-tasks", [len(set(joined(g, "区科技局")) & set(joined(g, "区经信委")))])
pairs = Counter()
for t in g["tasks"]:
    names = sorted({FULL[n] for n in t["lead"] + t["cooperating"]})
    for a, b in itertools.combinations(names, 2):
        pairs[(a, b)] += 1
best = max(pairs.values())
# the query orders a pair by IRI; the answer is "A、B" in that order: keep a set of frozensets in the file
q(S, "哪两个部门共同承担的任务最多？", "top-pair", [sorted(k) for k, v in pairs.items() if v == best])
q(S, "合作最多的一对机构是哪对", "top-pair", [sorted(k) for k, v in pairs.items() if v == best])
led = Counter(FULL[lead_name] for t in g["tasks"] for lead_name in t["lead"])
q(S, "哪个部门牵头的任务最多？", "top-lead", top(led))
q(S, "谁牵头最多", "top-lead", top(led))
joined_c = Counter(FULL[a] for t in g["tasks"] for a in set(t["lead"]) | set(t["cooperating"]))
q(S, "哪个部门参与的任务最多？", "top-joined", top(joined_c))
coop_c = Counter(FULL[a] for t in g["tasks"] for a in set(t["cooperating"]))
q(S, "哪个部门配合的任务最多？", "top-cooperating", top(coop_c))
G = nx.Graph()
for t in g["tasks"]:
    names = sorted({FULL[n] for n in t["lead"] + t["cooperating"] if not n.startswith("各")})
    G.add_nodes_from(names)
    G.add_edges_from(itertools.combinations(names, 2))
bc = nx.betweenness_centrality(G, normalized=True)
best = max(bc.values())
q(S, "哪个部门是最重要的中间人？", "top-broker", sorted(a for a, v in bc.items() if abs(v - best) < 1e-9))
q(S, "谁的中介中心性最高", "top-broker", sorted(a for a, v in bc.items() if abs(v - best) < 1e-9))
lead_set = {a for t in g["tasks"] for a in t["lead"]}
only = sorted({FULL[a] for t in g["tasks"] for a in t["cooperating"] if a not in lead_set})
q(S, "哪些部门只配合不牵头？", "cooperating-only", only)
q(S, "哪些单位从不牵头", "cooperating-only", only)
q(S, "涉及地理标志的任务有哪些？", "topic-tasks", tasks_where(g, lambda t: "地理标志" in t["ip_types"]))
q(S, "关于新能源产业的任务", "topic-tasks", tasks_where(g, lambda t: "新能源" in t["industries"]))
q(S, "有几项任务涉及著作权？", "topic-tasks", [len(tasks_where(g, lambda t: "版权" in t["ip_types"]))])
# 医药 includes its sub-industry 生物医药 (skos:broader)
q(S, "涉及医药的任务有哪些", "topic-tasks", tasks_where(g, lambda t: {"医药", "生物医药"} & set(t["industries"])))
# 负责 and 牵头 ask for the lead agencies (the 责任单位), 参与 for every agency named
q(S, "哪些部门负责地理标志相关任务？", "topic-agencies", sorted({FULL[a] for t in g["tasks"] if "地理标志" in t["ip_types"] for a in t["lead"]}))
q(S, "地理标志相关工作由谁牵头", "topic-agencies", sorted({FULL[a] for t in g["tasks"] if "地理标志" in t["ip_types"] for a in t["lead"]}))
q(S, "哪些部门参与地理标志相关任务", "topic-agencies", sorted({FULL[a] for t in g["tasks"] if "地理标志" in t["ip_types"] for a in t["lead"] + t["cooperating"]}))
q(S, "谁参与了医药产业的任务", "topic-agencies", sorted({FULL[a] for t in g["tasks"] if {"医药", "生物医药"} & set(t["industries"]) for a in t["lead"] + t["cooperating"]}))
def tgt(t):
    return f"{t['indicator']} {t['year']}年 {t['value']}{t['unit']}"
q(S, "2025年的目标有哪些？", "targets", [tgt(t) for t in g["targets"] if t["year"] == 2025])
q(S, "有哪些量化指标", "targets", [tgt(t) for t in g["targets"]])
q(S, "每万人口发明专利拥有量的目标是多少？", "targets", [tgt(t) for t in g["targets"] if t["indicator"] == "每万人口发明专利拥有量"])
q(S, "高价值发明专利的指标是多少", "targets", [tgt(t) for t in g["targets"] if "高价值发明专利" in t["indicator"]])
q(S, "2035年的目标有哪些", "targets", [tgt(t) for t in g["targets"] if t["year"] == 2035])
q(S, "每万人口发明专利拥有量的目标哪一年实现？", "target-year", ["2025"])
q(S, "每万户市场主体有效注册商标量什么时候达到", "target-year", ["2025"])
cited = [c.strip("《》") for c in g["cited_documents"]]
q(S, "这份方案引用了哪些文件？", "cited", cited)
q(S, "依据哪些政策文件", "cited", cited)
q(S, "介绍一下这个方案", "summary", [DOC])
q(S, "方案的概况", "summary", [DOC])
q(S, "有哪些文件？", "documents", [DOC])
q(S, "区市场监管局出现在哪些文件中？", "agency-documents", [DOC])
# policy tools: answers from the codebook's worked examples of the sample (tests/data/policytools/CODEBOOK.md,
# Appendix A), never from the coder
_cb = (ROOT / "tests" / "data" / "policytools" / "CODEBOOK.md").read_text(encoding="utf-8")
_block = _cb[_cb.index("## 附录 A"):]
CODED = {c["task_id"]: c for c in json.loads(_block[_block.index("```json") + 7:_block.index("```", _block.index("```json") + 7)])["codes"]}
def tool_tasks(label):
    return [t["id"] for t in g["tasks"] if label in CODED[t["id"]]["tools"]]
q(S, "哪些任务用了税收优惠？", "tool-tasks", tool_tasks("环境型/税收优惠"))
q(S, "哪些任务用了信息支持？", "tool-tasks", tool_tasks("供给型/信息支持"))
q(S, "运用公共服务工具的任务有哪些", "tool-tasks", tool_tasks("供给型/公共服务"))
q(S, "有几项任务采用了资金投入", "tool-tasks", [len(tool_tasks("供给型/资金投入"))])
q(S, "运用需求型工具的任务有哪些", "tool-tasks", [t["id"] for t in g["tasks"] if any(x.startswith("需求型/") for x in CODED[t["id"]]["tools"])])
_demand = sum(x.startswith("需求型/") for c in CODED.values() for x in c["tools"])
assert _demand == 0  # the codebook: no demand-side tool in the sample (需求型缺位), so 0 % whatever the total
q(S, "长寿区方案中需求型工具占多少？", "tool-share", [f"{DOC}：需求型占0%（0次）"])
q(S, "政府采购占多大比例", "tool-share", [f"{DOC}：政府采购占0%（0次）"])
refuse(S, "长寿区的GDP是多少？", "not-understood")
refuse(S, "今天天气怎么样", "not-understood")
refuse(S, "区市场监管局的预算是多少", "not-understood")
refuse(S, "谁是区长？", "not-understood")
refuse(S, "区市场监管局和区法院分别牵头哪些任务", "not-understood")
refuse(S, "区市场监管局牵头哪些专利任务", "not-understood")
refuse(S, "区市场监管局不牵头哪些任务", "not-understood")
refuse(S, "哪些单位只牵头不配合", "not-understood")
refuse(S, "2025年要完成哪些任务", "not-understood")
refuse(S, "区交通局牵头哪些任务？", "not-in-graph")
refuse(S, "区税务局配合哪些任务", "not-in-graph")
refuse(S, "第二十项任务由谁牵头", "not-in-graph")
refuse(S, "2050年的目标有哪些", "not-in-graph")
refuse(S, "涉及发明专利的任务", "not-in-graph")
refuse(S, "知识产权保护的任务由谁牵头", "ambiguous")

# ---------------------------------------------------------------- the generated corpus
plans = generate_corpus(4, seed=3, tasks_range=(5, 9))
CANON = dict(DEPARTMENTS)
def cfull(name, district):
    if name.startswith("各"):
        return name
    core = name[1:]
    if core == "委宣传部":
        return f"中共{district}委宣传部"
    return district + CANON[core]
C = "corpus"
def ctasks(pred, plans_=plans):
    out = []
    for p in plans_:
        for t in p.expected["tasks"]:
            if pred(p, t):
                out.append((p.doc_id, t["id"]))
    docs = {d for d, _ in out}
    return [i if len(docs) == 1 else d + i for d, i in out]
by_title = {p.title: p for p in plans}
jj = [p for p in plans if p.district == "锦江区"]
refuse(C, "区市场监管局牵头哪些任务？", "ambiguous")
q(C, "锦江区市场监管局牵头哪些任务？", "tasks-led", ctasks(lambda p, t: p.district == "锦江区" and "区市场监管局" in t["lead"]))
q(C, "铜梁区市场监督管理局牵头了哪些任务", "tasks-led", ctasks(lambda p, t: p.district == "铜梁区" and "区市场监管局" in t["lead"]))
q(C, "武侯区法院配合哪些任务？", "tasks-cooperating", ctasks(lambda p, t: p.district == "武侯区" and "区法院" in t["cooperating"]))
q(C, "铜梁区税务局配合哪些任务", "tasks-cooperating", ctasks(lambda p, t: p.district == "铜梁区" and "区税务局" in t["cooperating"]))
q(C, "锦江区人民法院出现在哪些文件中？", "agency-documents", [p.title for p in jj if any("区法院" in t["lead"] + t["cooperating"] for t in p.expected["tasks"])])
tl = next(p for p in plans if p.district == "铜梁区")
q(C, "铜梁区的方案第三项任务由谁牵头？", "task-leads", [cfull(n, "铜梁区") for n in tl.expected["tasks"][2]["lead"]])
refuse(C, "第三项任务由谁牵头？", "ambiguous")
q(C, "锦江区的区市场监管局牵头哪些任务", "tasks-led", ctasks(lambda p, t: p.district == "锦江区" and "区市场监管局" in t["lead"]))
q(C, "武侯区方案的第二项任务由谁负责", "task-leads", [cfull(n, "武侯区") for n in wh.expected["tasks"][1]["lead"]] if (wh := next(p for p in plans if p.district == "武侯区")) else [])
j0 = plans[0]
q(C, "锦江区知识产权保护实施方案有哪些目标", "targets", [tgt(t) for t in j0.expected["targets"]])
refuse(C, f"哪些文件引用了{j0.title}", "not-understood")
wh = next(p for p in plans if p.district == "武侯区")
q(C, f"{wh.title}引用了哪些文件", "cited", [c.strip("《》") for c in wh.expected["cited_documents"]])
refuse(C, "锦江区的方案有哪些目标", "ambiguous")
q(C, "武侯区的方案有哪些量化指标", "targets", [tgt(t) for t in wh.expected["targets"]])
q(C, "2030年的目标有哪些？", "targets", [tgt(t) for p in plans for t in p.expected["targets"] if t["year"] == 2030])
q(C, "知识产权质押融资额的目标是多少？", "targets", [tgt(t) for p in plans for t in p.expected["targets"] if t["indicator"] == "知识产权质押融资额"])
q(C, "地理标志商标数量的目标哪一年实现", "target-year", sorted({str(t["year"]) for p in plans for t in p.expected["targets"] if t["indicator"] == "地理标志商标数量"}))
q(C, "有哪些文件？", "documents", [p.title for p in plans])
q(C, "一共有几份方案", "documents", [len(plans)])
cl = Counter(cfull(a, p.district) for p in plans for t in p.expected["tasks"] for a in t["lead"])
q(C, "哪个部门牵头的任务最多？", "top-lead", top(cl))
q(C, "涉及新能源的任务有哪些", "topic-tasks", ctasks(lambda p, t: "新能源" in t["industries"]))
lead_keys = {(cfull(a, p.district)) for p in plans for t in p.expected["tasks"] for a in t["lead"]}
q(C, "哪些部门只配合不牵头？", "cooperating-only", sorted({cfull(a, p.district) for p in plans for t in p.expected["tasks"] for a in t["cooperating"]} - lead_keys))
refuse(C, "区法院和区检察院共同承担哪些任务", "ambiguous")
q(C, "锦江区法院和锦江区检察院共同承担了哪些任务", "shared-tasks", ctasks(lambda p, t: p.district == "锦江区" and {"区法院", "区检察院"} <= set(t["lead"] + t["cooperating"])))
refuse(C, "第十项任务由谁牵头", "not-in-graph")
refuse(C, "区交通局牵头哪些任务", "not-in-graph")
# how many tasks a plan has; which plans cite a document (issue 30)
q(S, "这份方案有多少项任务？", "document-tasks", [len(g["tasks"])])
q(S, "方案里一共有几项任务", "document-tasks", [len(g["tasks"])])
q(S, f"哪些文件引用了{g['cited_documents'][0]}？", "citing", [DOC])
q(S, f"哪些方案依据{g['cited_documents'][1]}", "citing", [DOC])

if __name__ == "__main__":  # pytest imports this file (--doctest-modules): only a run writes the set
    out = ROOT / "tests" / "data" / "ask-questions.json"
    out.write_text(json.dumps({"corpus": {"count": 4, "seed": 3, "tasks_range": [5, 9]}, "questions": Q},
                              ensure_ascii=False, indent=1), encoding="utf-8")
    print(len(Q), sum("refuse" in x for x in Q))
