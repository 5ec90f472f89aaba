# %% [markdown]
# # 02 · The coordination network（政策主体合作网络）
#
# Policy-network studies ask who works with whom, who brokers between agencies, and who sits in the core.
# This notebook projects the sample plan's knowledge graph onto agency networks and measures them:
#
# - the **co-assignment network**（共同承担网络）: two agencies are tied when they are named on the same key task
#   (as lead or cooperating agency); the tie's weight is the number of tasks they share;
# - the **lead network**（牵头—配合网络）: a directed tie from a task's lead agency to each cooperating agency;
# - the per-agency **measures**（中心性等指标）, **communities**（社群）, a **drawing** with Chinese labels, and the
#   **export to GEXF** for Gephi (and Pajek / UCINET).
#
# The networks are read from the graph by the SPARQL files in `queries/networks/`, so they mean the same on any
# store that holds the KG. `policykg graph` and `policykg metrics` do the same on the command line.

# %%
import pandas as pd
from IPython.display import Image

from kg.graph.build import build_graph
from kg.networks.exports import read_network, write_network
from kg.networks.projection import build_network, node_names, total_weight
from kg.networks.sna import communities, node_measures, summary
from kg.resources import sample_path
from kg.sparql.store import open_kg
from loaders.extract.document import load_document

pd.set_option("display.unicode.east_asian_width", True)
pd.set_option("display.width", 200)
pd.set_option("display.max_columns", 30)
pd.set_option("display.max_colwidth", 120)

kg = open_kg(build_graph([load_document(sample_path())]))

# %% [markdown]
# ## 1. Co-assignment network（共同承担网络）
#
# Nodes are agencies, keyed by IRI, with `label` (as written), `full_name`, `kind`, `tasks_led` and
# `tasks_joined`. Collective bodies such as `各成员单位` are left out by default: they are not one organisation
# and would tie everyone to everyone (`build_network(kg, kind, collectives="keep")` keeps them).

# %%
G = build_network(kg, "co-assignment")
print(f"{G.number_of_nodes()} agencies, {G.number_of_edges()} ties, total weight {total_weight(G)}")

# %% [markdown]
# Every tie carries `weight` and `tasks`, the task numbers behind it — so a tie can always be traced back to
# the clauses (see notebook 01, *Where does a fact come from?*). The strongest ties:

# %%
names = node_names(G)  # a unique readable name per node (the label as written)
ties = pd.DataFrame(
    [{"agency_a": names[u], "agency_b": names[v], "weight": d["weight"], "tasks": d["tasks"]}
     for u, v, d in G.edges(data=True)]
).sort_values(["weight", "agency_a", "agency_b"], ascending=[False, True, True])
ties.head(10)

# %% [markdown]
# ## 2. Network summary and per-agency measures（网络指标）
#
# `summary` gives the network-level numbers: density（密度）, components, clustering, Freeman degree
# centralisation, the size of the core, the number of Louvain communities and their modularity, and the
# agency with the highest betweenness (the top broker, 中介).

# %%
stats = summary(G)
pd.Series(stats, dtype=object)

# %% [markdown]
# `node_measures` is the per-agency table (a pandas DataFrame indexed by IRI), sorted by betweenness:
#
# | column | meaning |
# |---|---|
# | `degree`, `weighted_degree` | number of partners; tasks shared with them |
# | `betweenness` | share of shortest paths between other agencies that run through this one (brokerage) |
# | `closeness`, `eigenvector` | nearness to all others; ties to well-tied agencies |
# | `weighted_betweenness`, `weighted_closeness` | the same with a tie of weight w as a distance 1/w |
# | `constraint`, `effective_size` | Burt's structural holes: low constraint = partners not tied to each other |
# | `core_number`, `core` | k-core; `core` for the innermost k-core, else `periphery` |
# | `community` | Louvain community (seeded, so runs repeat), numbered 1, 2, … by size |

# %%
measures = node_measures(G)
measures.set_index("label")[["kind", "tasks_led", "tasks_joined", "degree", "weighted_degree", "betweenness",
                             "closeness", "eigenvector", "constraint", "core", "community"]].round(3)

# %%
assert stats["top_betweenness"] == measures.iloc[0]["label"]
print("top broker:", stats["top_betweenness"], "— leads", int(measures.iloc[0]["tasks_led"]), "tasks")

# %% [markdown]
# ## 3. Communities（社群）
#
# Louvain communities on the weighted network (fixed seed 20240601). With one agency leading most tasks the
# network is dense, yet the communities separate groups that share *more* tasks with each other — on the sample,
# roughly the agencies of IP creation and use in industry（经济、产业）and those of IP protection（司法、执法）.

# %%
pd.DataFrame(
    [{"community": i, "size": len(members), "agencies": "、".join(sorted(names[m] for m in members))}
     for i, members in enumerate(communities(G), start=1)]
)

# %% [markdown]
# ## 4. A drawing with Chinese labels（网络图）
#
# `write_network` writes PNG or SVG drawings (node size = weighted degree, colour = community, edge width =
# weight). Labels need a CJK font: `scripts/setup.sh` installs `fonts-wqy-microhei`; without one you get a
# one-line message saying how to install it, never boxes. The file goes to the working directory.

# %%
write_network(G, "co-assignment.png")
Image(filename="co-assignment.png", width=760)

# %% [markdown]
# ## 5. The lead network（牵头—配合网络）
#
# Directed: lead agency → cooperating agency, weight = tasks. Out-degree shows who coordinates（统筹）, in-degree who
# is called on to cooperate（被要求配合）. Closeness is directed too: `closeness_out` is how near an agency is to those
# it reaches along the arcs (a lead agency's reach), `closeness_in` how near it is to those who reach it.

# %%
L = build_network(kg, "lead")
print(f"{L.number_of_nodes()} agencies, {L.number_of_edges()} arcs, total weight {total_weight(L)}")
lead_measures = node_measures(L)
lead_measures.set_index("label")[["degree_out", "degree_in", "weighted_degree_out", "weighted_degree_in",
                                  "closeness_out", "closeness_in", "betweenness"]].sort_values(
    "weighted_degree_out", ascending=False).head(10).round(3)

# %%
write_network(L, "lead.png")
Image(filename="lead.png", width=760)

# %% [markdown]
# ## 6. Agencies × IP types（机构—知识产权类型）
#
# A two-mode network: an agency is tied to an IP type（专利, 商标, 版权, 地理标志 …）when it is responsible for a
# task concerning it (sub-types count for their top type). As a matrix it reads like a division-of-labour table.

# %%
A = build_network(kg, "agency-ip")
a_names = node_names(A)
rows = []
for u, v, d in A.edges(data=True):
    agency, ip_type = (u, v) if A.nodes[u]["bipartite"] == 0 else (v, u)  # bipartite: 0 agencies, 1 IP types
    rows.append({"agency": a_names[agency], "ip_type": a_names[ip_type], "tasks": d["weight"]})
matrix = pd.DataFrame(rows).pivot_table(index="agency", columns="ip_type", values="tasks", aggfunc="sum",
                                        fill_value=0)
matrix.loc[matrix.sum(axis=1).sort_values(ascending=False, kind="mergesort").index]

# %% [markdown]
# ## 7. Export for Gephi, Pajek and UCINET（导出）
#
# The format follows the file suffix. **Gephi**: File → Open the `.gexf` (labels are Chinese, every attribute is
# in the Data Laboratory, `weight` is the edge weight; colour by `community` or `kind`). **Pajek** / VOSviewer:
# the `.net` file. **UCINET**: Data → Import text file → DL for the `.dl` matrix (for a Chinese-locale Windows
# UCINET, `kg.networks.exports.write_dl(G, path, encoding="gb18030")`). Each file can be read back to check it.

# %%
written = []
for path in ("co-assignment.gexf", "co-assignment.net", "co-assignment.dl", "lead.gexf"):
    written += write_network(G if path.startswith("co-") else L, path)
print("\n".join(str(p) for p in written))

back = read_network("co-assignment.gexf")
assert (back.number_of_nodes(), back.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
