# %% [markdown]
# # 04 · A corpus of plans（多份文件）
#
# Research questions are rarely about one plan. This notebook builds one knowledge graph from several documents —
# the sample plan and five **synthetic plans**（合成文件）in the house styles of other districts — and looks across
# them:
#
# 1. a **summary per document**（文件概要）;
# 2. **agencies across documents**（跨文件的机构）: one body is one IRI in every document that names it, while
#    relative names such as `区市场监管局` are scoped by the issuing district, so two districts' bureaus stay apart;
# 3. **targets across documents by year**（按年份的量化指标）;
# 4. **citations**（文件引用）between the plans, and the coordination network of the whole corpus.
#
# The synthetic plans come from `loaders.synthetic.plans` (seeded, so every run gives the same corpus); put
# your own `.txt`, `.html`, `.docx` or `.pdf` files in a folder and pass the folder to `build_corpus` instead.

# %%
from pathlib import Path

import pandas as pd

from kg.graph.corpus import build_corpus
from kg.networks.projection import build_network, node_names
from kg.networks.sna import summary
from kg.resources import sample_path
from kg.sparql.run import run_query
from kg.sparql.store import open_kg
from loaders.synthetic.plans import generate_corpus, write_corpus

pd.set_option("display.unicode.east_asian_width", True)
pd.set_option("display.max_colwidth", 60)
pd.set_option("display.width", 200)

# %% [markdown]
# ## 1. Generate and build（生成与构建）
#
# Five plans (6–10 tasks each, seed 2) are written to `corpus/` in the working directory. `build_corpus` extracts
# the documents in worker processes, validates each against the SHACL shapes, links citations across the corpus and
# writes `corpus-kg/kg.ttl` — what `policykg build corpus/ -o corpus-kg` does on the command line.

# %%
plans = generate_corpus(5, seed=2, tasks_range=(6, 10))
files = write_corpus(plans, Path("corpus"))
pd.DataFrame([{"file": f.name, "title": p.title, "city": p.city, "district": p.district}
              for p, f in zip(plans, files, strict=True)])

# %%
result = build_corpus([sample_path(), *files], "corpus-kg", jobs=2)
print(result.summary())
assert result.documents == 6 and result.conforms

# %%
corpus = open_kg("corpus-kg/kg.ttl")
summaries = run_query("document-summary", graph=corpus).to_dataframe()
summaries[["identifier", "title", "issuer", "tasks", "safeguards", "agencies", "targets", "first_goal_year",
           "last_goal_year", "cited"]]

# %% [markdown]
# ## 2. Agencies across documents（跨文件的机构）
#
# `assignment-sources` lists every assignment with the agency's IRI and the document. Grouped by agency, it shows
# in how many documents each body is named and under which names（原文名称）— the gazetteer maps abbreviations
# and full names of one body to one IRI.

# %%
assignments = run_query("assignment-sources", graph=corpus).to_dataframe()
agencies = run_query("agencies-by-tasks-joined", graph=corpus).to_dataframe().set_index("agency")
per_agency = assignments.groupby("agency").agg(
    documents=("document", "nunique"),
    written_as=("as_written", lambda names: "、".join(sorted(set(names)))),
).join(agencies[["full_name", "tasks", "led"]])
columns = ["full_name", "written_as", "documents", "tasks", "led"]
per_agency.sort_values(["documents", "tasks", "full_name"], ascending=[False, False, True])[columns].head(12).reset_index(drop=True)

# %% [markdown]
# The same name as written can mean different bodies: `区市场监管局` in each district's plan is that district's
# market regulation bureau（市场监督管理局）, a different IRI with a different full name.

# %%
same_name = per_agency[per_agency["written_as"].str.contains("区市场监管局")]
same_name[columns].sort_values("full_name").reset_index(drop=True)

# %% [markdown]
# ## 3. Targets across documents by year（各文件的量化指标）
#
# `targets-by-year` returns each numeric target with indicator, value, unit, year and nature (targets without a year
# are counted by `document-summary`). The pivot table below counts how many plans set each indicator for each year.

# %%
targets = run_query("targets-by-year", graph=corpus).to_dataframe()
targets["document"] = targets["document"].str.rsplit("/", n=1).str[-1]
targets[["year", "document", "indicator", "value", "unit", "nature"]]

# %%
targets.pivot_table(index=["indicator", "unit"], columns="year", values="value", aggfunc="count", fill_value=0)

# %% [markdown]
# ## 4. Citations and the corpus network（引用与合作网络）
#
# Each plan cites documents by title（《…》）. A cited title that is itself in the corpus links to that document
# (`in_corpus`); the others stay known by title only.

# %%
cited = run_query("cited-documents", graph=corpus).to_dataframe()
cited["document"] = cited["document"].str.rsplit("/", n=1).str[-1]
cited[["document", "title", "in_corpus"]]

# %% [markdown]
# The co-assignment network of the whole corpus: districts' bureaus are separate nodes, so each district forms its
# own component unless two plans of one district share bodies. Node names stay unique (the full name where labels
# repeat), so the exports of notebook 02 work the same on a corpus.

# %%
G = build_network(corpus, "co-assignment")
stats = summary(G)
print({k: stats[k] for k in ("nodes", "edges", "total_weight", "components", "largest_component",
                             "communities", "top_betweenness")})
names = node_names(G)
sorted(names[n] for n in G if "市场监" in names[n])
