# %% [markdown]
# # 06 · Policy tools（政策工具分析）
#
# The policy-tool analysis codes each measure of a plan as a **supply-side**（供给型）, **environment-side**（环境型）
# or **demand-side**（需求型）tool, with a sub-tool（人才培养、资金投入、税收优惠、法规管制 …）, and compares the counts
# across plans. policykg codes every key task when it extracts a plan (`loaders.extract.tools`, the rules of the
# codebook in `tests/data/policytools/CODEBOOK.md`). This notebook:
#
# 1. builds one KG of the sample plan and the five dev plans the codebook's coders coded;
# 2. reproduces the standard tables: the **政策工具分布表** (sub-tools by plan: tasks and shares), the **types by plan**,
#    and **which agencies lead which tools**;
# 3. draws the classic **stacked bar chart** of the three types per plan;
# 4. checks the sample's primary tools against the codebook's worked examples.
#
# On the command line: `policykg query policy-tool-distribution`, `policykg query policy-tool-types`,
# `policykg report` (the 政策工具 sheet), `policykg ask "长寿区方案中需求型工具占多少？"`.

# %%
import json
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Image

import kg
from kg.graph.corpus import build_corpus
from kg.resources import sample_path
from kg.sparql.run import run_query
from kg.sparql.store import open_kg
from loaders.extract.document import load_document

pd.set_option("display.unicode.east_asian_width", True)
pd.set_option("display.width", 200)
pd.set_option("display.max_columns", 30)

# %% [markdown]
# ## 1. The plans（文件）
#
# The sample plan (a district IP plan) and, in a checkout of policykg, the five real plans of `tests/data/dev` that
# two coders coded by hand: an AI-startup plan, a provincial relief package, a national mechanisation opinion, a
# livelihood plan and a low-altitude-economy plan.

# %%
CHECKOUT = Path(kg.__file__).resolve().parent.parent
DEV = CHECKOUT / "tests" / "data" / "dev" / "docs"
CODED = ["aiopc_nanchong_2026", "anhui_tizhenxinxin_2023", "gov_nongjihua_2018", "hubei_livelihood_2023",
         "lowaltitude_shenzhen_2024"]
plans = [sample_path()] + [DEV / f"{n}.txt" for n in CODED if (DEV / f"{n}.txt").exists()]
result = build_corpus(plans, "tools-kg", jobs=2, validate=False)
print(result.summary().splitlines()[0])
g = open_kg("tools-kg/kg.ttl")

# %% [markdown]
# ## 2. The policy-tool distribution table（政策工具分布表）
#
# One row per sub-tool, grouped by type; per plan the number of key tasks that deploy it and its share of the
# plan's tool uses. (`policy-tool-distribution`: the same numbers as the 政策工具 sheet of `policykg report`.)

# %%
dist = pd.DataFrame(run_query("policy-tool-distribution", graph=g).plain_rows())
dist["percent"] = dist["percent"].astype(float)
table = dist.pivot_table(index=["code", "type_label", "tool_label"], columns="document_id",
                         values=["tasks", "percent"], fill_value=0)
table

# %% [markdown]
# ## 3. The three types by plan（三类工具的占比）
#
# An absent type has 0 %: the sample, like many IP plans in the literature, deploys no demand-side tool
# (需求型缺位).

# %%
types = pd.DataFrame(run_query("policy-tool-types", graph=g).plain_rows())
types["percent"] = types["percent"].astype(float)
shares = types.pivot(index="document_id", columns="type_label", values="percent")[["供给型", "环境型", "需求型"]]
demand = shares.loc["changshou-ip-plan", "需求型"]
print(f"需求型 in changshou-ip-plan: {demand:.1f} %")
shares

# %% [markdown]
# ## 4. Which agencies lead which tools（机构 × 政策工具）
#
# The lead agencies of the sample and the tasks they lead per tool type.

# %%
by_agency = pd.DataFrame(run_query("policy-tools-by-agency", graph=g).plain_rows())
sample_agencies = by_agency[by_agency["full_name"].str.startswith("长寿区")]
sample_agencies.pivot_table(index="label", columns="type_label", values="tasks", aggfunc="sum", fill_value=0)

# %% [markdown]
# ## 5. The stacked bar chart（堆积柱状图）

# %%
plt.rcParams["font.sans-serif"] = ["Noto Sans CJK SC", "WenQuanYi Zen Hei", "SimHei", "DejaVu Sans"]
ax = shares.rename(columns={"供给型": "supply-side 供给型", "环境型": "environment-side 环境型",
                            "需求型": "demand-side 需求型"}).plot.bar(stacked=True, figsize=(9, 4.5),
                                                                   color=["#4c72b0", "#55a868", "#c44e52"])
ax.set_ylabel("share of the plan's tool uses (%)")
ax.set_xlabel("")
ax.legend(loc="upper left", bbox_to_anchor=(1, 1))
plt.xticks(rotation=30, ha="right")
plt.tight_layout()
plt.savefig("tool-types.png", dpi=120)
plt.close()
Image("tool-types.png")

# %% [markdown]
# ## 6. Against the codebook's worked examples（与编码手册示例对照）
#
# The codebook codes the sample's twelve tasks as worked examples (its Appendix A); the coder's primary tools are
# compared with them. `benchmarks/score_tools.py` scores the coder on all coded plans.

# %%
codebook = (CHECKOUT / "tests" / "data" / "policytools" / "CODEBOOK.md").read_text(encoding="utf-8")
block = codebook[codebook.index("## 附录 A"):]
examples = json.loads(re.search(r"```json\n(.*?)```", block, re.S).group(1))["codes"]
doc = load_document(sample_path())
right = sum(t.primary_tool == e["primary"] for t, e in zip(doc.tasks, examples, strict=True))
print(f"primary tool as the codebook's worked examples: {right}/{len(examples)}")
pd.DataFrame([{"task": t.id, "title": t.title, "coder": t.primary_tool, "codebook": e["primary"]}
              for t, e in zip(doc.tasks, examples, strict=True)])
