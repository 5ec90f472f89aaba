# %% [markdown]
# # 05 · Network evolution（网络演化）
#
# Does the market-regulation bureau's place in the coordination network grow from one plan to the next? An
# evolution study cuts a corpus into **years**（年度）or **plan periods**（规划期）and measures the network of each
# slice. This notebook:
#
# 1. generates a **series of yearly plans**（逐年文件）for two districts of 重庆市 — each plan dated (落款) and
#    with its period in the title, two of each district's plans written as “十四五” plans — in which one agency,
#    the focus, works with one more partner every year; the generator knows the focus's degree in each year;
# 2. builds the corpus into one knowledge graph;
# 3. places the documents in time: the **year** of a document is the year of its date (`dcterms:issued`), else the
#    first year of its period (`pkg:periodStart`); its **period** is (`pkg:periodStart`, `pkg:periodEnd`);
# 4. computes the measures of every year's network (`kg.networks.temporal.measures_over_time`), follows the focus
#    agency's degree and betweenness over the years, plots them, and checks the degree against the generator's;
# 5. does the same by plan period, where 2021–2025 is “十四五”.
#
# On the command line: `policykg metrics --by year` (or `--by period`) and `policykg graph --year 2021 -o n.gexf`
# (or `--period 十四五`).

# %%
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Image

from kg.graph.corpus import build_corpus
from kg.networks.temporal import Timeline, measures_over_time, undated_warning
from loaders.synthetic.corpora import generate_series, write_plans

pd.set_option("display.unicode.east_asian_width", True)
pd.set_option("display.width", 200)
pd.set_option("display.max_columns", 30)

# %% [markdown]
# ## 1. A series of yearly plans（逐年文件）
#
# `generate_series` is seeded, so every run gives the same plans. `series.focus` is the agency whose role grows;
# `series.expected_degree` its degree in the co-assignment network of each year's plans, counted by the generator
# from what it wrote (not by the code under study).

# %%
series = generate_series(seed=1, years=range(2019, 2025))
files = write_plans(series.plans, Path("series"))
print("focus:", series.focus)
print("expected degree:", series.expected_degree)
pd.DataFrame([{"file": f.name, "title": p.title, "date": p.date, "period": p.period}
              for p, f in zip(series.plans, files, strict=True)])

# %% [markdown]
# ## 2. Build and place in time（构建并按时间归位）

# %%
result = build_corpus(files, "series-kg", jobs=2, validate=False)
print(result.summary().splitlines()[0])
timeline = Timeline.from_file("series-kg/kg.ttl")
pd.DataFrame([{"document": d.identifier, "issued": d.issued, "year": d.year,
               "period": d.period.name if d.period else None} for d in timeline.documents])

# %% [markdown]
# A document with neither a date nor a period would be in no year: it is not dropped silently but named
# (`Slicing.undated`; `policykg metrics --by year` prints a warning and an `undated` line). Here every plan is dated.

# %%
by_year = measures_over_time(timeline, "year")
print(undated_warning(by_year.slicing) or "every document is dated")
by_year.summary[["year", "documents", "nodes", "edges", "density", "degree_centralization", "communities",
                 "top_betweenness"]]

# %% [markdown]
# ## 3. The focus agency over the years（焦点机构的中心性变化）
#
# `by_year.nodes` is a long table: one row per year and agency, with every measure of `kg.networks.sna`. The focus
# is found by its full name (the KG names it without the city: 长寿区市场监督管理局).

# %%
nodes = by_year.nodes
focus = nodes[[series.focus.endswith(name) for name in nodes["full_name"]]].set_index("year")
focus[["full_name", "degree", "degree_centrality", "betweenness", "closeness"]]

# %%
measured = {int(year): int(degree) for year, degree in focus["degree"].items()}
print("degree per year:", measured)
print("matches series.expected_degree:", measured == series.expected_degree)
assert measured == series.expected_degree

# %%
fig, ax = plt.subplots(figsize=(7, 3.5))
ax.plot(focus.index, focus["degree"], marker="o", label="degree (partners)")
ax.set_xlabel("year")
ax.set_ylabel("degree")
ax2 = ax.twinx()
ax2.plot(focus.index, focus["betweenness"], marker="s", color="tab:orange", label="betweenness")
ax2.set_ylabel("betweenness")
ax.set_title("Focus agency (market regulation bureau) in the co-assignment network")
fig.legend(loc="upper left", bbox_to_anchor=(0.12, 0.88))
fig.tight_layout()
fig.savefig("focus-centrality.png", dpi=100)
plt.close(fig)
Image(filename="focus-centrality.png")

# %% [markdown]
# ## 4. By plan period（按规划期）
#
# Plans of one period are pooled: the network of “十四五” (2021–2025) holds the tasks of every plan written for
# 2021–2025, whether its title says “十四五” or （2021—2025年）. A period is named by its Five-Year Plan when it
# is one.

# %%
by_period = measures_over_time(timeline, "period")
print("periods:", ", ".join(s.name for s in by_period.slicing.slices))
by_period.summary[["period", "period_label", "documents", "nodes", "edges", "density", "degree_centralization"]]

# %%
fourteenth = timeline.select(period="十四五")
g = timeline.network(fourteenth)
print(f"十四五: {len(fourteenth.documents)} documents, {g.number_of_nodes()} agencies, {g.number_of_edges()} ties")
