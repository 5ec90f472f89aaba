# %% [markdown]
# # 01 · Explore the plan（浏览规划）
#
# This notebook turns the bundled sample — the IP implementation plan of Changshou district（重庆市长寿区
# 知识产权强区建设实施方案, `loaders/samples/changshou-ip-plan.txt`）— into a knowledge graph and asks it the
# questions a policy researcher starts with:
#
# 1. which **key tasks**（重点任务）the plan sets, and who **leads**（牵头单位）and who **cooperates**（配合单位）on each;
# 2. what the **query library**（查询库）answers, with parameters such as an agency name;
# 3. how to write **your own SPARQL query**;
# 4. where each fact comes from: the **source span**（原文出处）— character offsets and quote — behind an assignment.
#
# Everything here calls the public API of `loaders` and `kg`; nothing is computed only in the notebook.
# Run it with the project's environment (see the README section *Notebooks*).

# %%
import pandas as pd

from kg.ask import AskError, ask
from kg.graph.build import build_graph
from kg.graph.extraction import to_json
from kg.resources import sample_path
from kg.sparql.library import library, query_from_text
from kg.sparql.run import run_query
from kg.sparql.store import open_kg
from loaders.extract.document import load_document

# Chinese characters count double in table layouts; show long titles whole.
pd.set_option("display.unicode.east_asian_width", True)
pd.set_option("display.max_colwidth", 60)
pd.set_option("display.width", 200)

# %% [markdown]
# ## 1. Read the document（读取文件）
#
# `load_document` decodes the file, finds its numbered structure (一、 （一） 1. …) and reads every
# responsibility clause such as `（责任单位：区市场监管局，配合单位：区法院、区司法局）`. The result is a frozen
# `Document` record: plain Python, no RDF yet. All offsets in it are character positions in `doc.text`,
# the decoded text.

# %%
doc = load_document(sample_path())
print("document id  ", doc.meta.id)
print("issuer       ", doc.meta.issuer)
print("characters   ", len(doc.text))
print("key tasks    ", len(doc.tasks))
print("safeguards   ", len(doc.safeguards), "(保障措施)")
print("targets      ", len(doc.targets), "(量化指标)")
print("goal years   ", doc.goal_years)
print("agencies     ", len(doc.agencies))

# %% [markdown]
# ## 2. Tasks and their agencies（任务与责任单位）
#
# `kg.graph.extraction.to_json` gives the extraction as plain dicts (the same JSON `policykg extract` prints),
# which pandas turns into tables. Agencies are kept **as written**（原文名称）: `区市场监管局`, not the full name.

# %%
extraction = to_json(doc)
tasks = pd.DataFrame(extraction["tasks"])
shown = tasks[["id", "title", "lead", "cooperating", "ip_types", "industries"]].copy()
for column in ("lead", "cooperating", "ip_types", "industries"):
    shown[column] = shown[column].str.join("、")  # lists of names → one readable cell
shown

# %% [markdown]
# One row per (task, agency, role) is often handier — for counting, filtering, or a pivot table:

# %%
assignments = tasks[["id", "title", "lead", "cooperating"]].melt(
    id_vars=["id", "title"], value_vars=["lead", "cooperating"], var_name="role", value_name="agency"
).explode("agency").dropna(subset=["agency"])
pd.crosstab(assignments["agency"], assignments["role"]).sort_values(["lead", "cooperating"], ascending=False)

# %% [markdown]
# Each name as written is resolved through the **gazetteer**（机构名录, `ontology/vocab/agency-names.ttl`）to a full
# name with its jurisdiction and an agency **kind**（机构类别）. Collectives such as `各成员单位` stay one item.

# %%
pd.DataFrame(extraction["agencies"])[["name", "full_name", "kind"]]

# %% [markdown]
# The numeric targets（量化指标）with their year and nature（预期性 anticipatory / 约束性 binding）:

# %%
pd.DataFrame(extraction["targets"])

# %% [markdown]
# ## 3. Build the knowledge graph（构建知识图谱）
#
# `build_graph` turns the record into RDF (rdflib). `open_kg` loads that data **plus the ontology and the SKOS
# vocabularies** into one embedded Oxigraph store: the library queries need them (IP sub-types roll up to
# their top type through `skos:broader`, agency kinds through `rdfs:subClassOf`).

# %%
data = build_graph([doc])
kg = open_kg(data)
print(f"{len(data)} triples of data, {len(kg)} with the ontology and vocabularies")

# %% [markdown]
# ## 4. The query library（查询库）
#
# Every `.rq` file in `queries/` is a named question with a comment header (title in Chinese and English,
# parameters and their defaults). `policykg queries` prints the same list.

# %%
pd.DataFrame(
    [{"name": q.name, "title": q.title, "parameters": ", ".join(q.params)} for q in library()]
)

# %% [markdown]
# Run one by name. `run_query` returns a `QueryResult`; `.to_dataframe()` gives plain values
# (IRIs as strings, counts as integers).

# %%
joined = run_query("agencies-by-tasks-joined", graph=kg).to_dataframe()
joined[["label", "full_name", "tasks", "led", "cooperating"]]

# %% [markdown]
# **Parameters** are given as a user types them. An agency can be named as written (`区法院`), by its full name
# (`长寿区人民法院`) or by IRI; an IP type by a Chinese label (`地理标志`, `著作权`). The runner resolves labels
# with a lookup query and binds typed RDF terms — values are never pasted into the query text.

# %%
run_query("tasks-led-by-agency", {"agency": "区法院"}, graph=kg).to_dataframe()[["id", "title"]]

# %%
# Tasks on trademarks（商标）— and on its sub-types such as 地理标志商标, through skos:broader*.
run_query("tasks-by-ip-type", {"ip_type": "商标"}, graph=kg).to_dataframe()[["id", "title"]]

# %%
partners = run_query("partners-of-agency", {"agency": "长寿区人民法院"}, graph=kg).to_dataframe()
partners[["label", "full_name", "shared_tasks"]]

# %% [markdown]
# ## 5. A hand-written query（自己写查询）
#
# Write SPARQL in a cell with the same header the library uses, and `query_from_text` makes it runnable like a
# library query — typed parameters, label lookup, defaults. The terms you need are in `docs/design.md`
# (`pkg:leadAgency`, `pkg:cooperatingAgency`, `dcterms:identifier` …). Here: *the tasks an agency cooperates
# on, and who leads each of them*（某机构配合的任务及其牵头单位）.

# %%
cooperates_on = query_from_text("""
# title: 某机构配合的任务及其牵头单位 / Tasks an agency cooperates on, and who leads them
# param: agency (agency) — the cooperating agency: IRI, name as written or full name
# default: agency = "区文旅委"
PREFIX pkg:     <https://w3id.org/policykg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs:    <http://www.w3.org/2000/01/rdf-schema#>

SELECT ?id ?title ?lead_label ?agency
WHERE {
  ?task a pkg:KeyTask ;
        pkg:cooperatingAgency ?agency ;
        pkg:leadAgency ?lead ;
        dcterms:identifier ?id ;
        dcterms:title ?title ;
        pkg:number ?number .
  ?lead rdfs:label ?lead_label .
}
ORDER BY ?number
""", name="cooperates-on")

run_query(cooperates_on, graph=kg).to_dataframe()[["id", "title", "lead_label"]]  # the default: 区文旅委

# %%
run_query(cooperates_on, {"agency": "区检察院"}, graph=kg).to_dataframe()[["id", "title", "lead_label"]]

# %% [markdown]
# ## 6. Where does a fact come from?（原文出处）
#
# Every responsibility in the graph is `prov:wasDerivedFrom` a **text span**（`pkg:TextSpan`）: start and end
# offsets `[start, end)` into the document's decoded text and the `quote`. The library query
# `assignment-sources` lists them; here for task （三）:

# %%
sources = run_query("assignment-sources", {"item_id": "（三）"}, graph=kg).to_dataframe()
sources[["item_id", "as_written", "role_label", "start", "end", "quote", "item_start", "item_end"]]

# %% [markdown]
# The offsets point at real characters: `doc.text[start:end]` is the quote, and the item span shows the
# clause in its paragraph. To cite the fact, give the document (title, `pkg:sha256` of the file), the item
# number and the offsets or quote — anyone can re-open the same text and find it.

# %%
court = sources[sources["as_written"] == "区法院"].iloc[0]
assert doc.text[court["start"]:court["end"]] == court["quote"]
item = doc.text[court["item_start"]:court["item_end"]]
print(f"{court['quote']} — {court['role_label']}, task {court['item_id']}, "
      f"characters {court['start']}–{court['end']} of {doc.meta.id} (sha256 {doc.meta.sha256[:12]}…)")
print()
print("…" + item[-120:])

# %% [markdown]
# ## 7. Ask in Chinese（用中文提问）
#
# `kg.ask` answers a question typed in plain Chinese from the same graph, deterministically and offline:
# it segments the question with jieba (the graph's own names and the vocabularies as a user dictionary),
# links each name to an IRI, picks one of its question forms and runs the library query behind it with
# the parameters **bound**. The result says how it understood the question, the SPARQL that ran, the rows,
# the answer, and the source text behind each task or assignment row.

# %%
answer = ask("区市场监管局牵头哪些任务？", graph=kg)
print(answer.understood["intent"], "→", answer.query, "|", answer.understood["entities"][0]["label"])
print("answer:", answer.summary)
print(answer.quotes[0].item, answer.quotes[0].text)
pd.DataFrame(answer.rows)[["id", "title"]]

# %% [markdown]
# Tasks by number or by words of their title, counts, rankings, IP types and industries, targets and the
# documents cited all work the same way (docs/ask.md lists the forms). The SPARQL is the
# library query with a `VALUES` row for the linked IRI — nothing from the question is pasted into it:

# %%
who = ask("谁负责知识产权司法保护？", graph=kg)
print(who.understood["intent"], who.answer, who.quotes[0].text)
print(who.sparql[who.sparql.index("VALUES"):].splitlines()[0])

# %% [markdown]
# A question the graph cannot answer is refused — never answered as some other question — with what it
# does know: question forms for a word it cannot place, the closest names for a name it does not hold.

# %%
for question in ("长寿区的GDP是多少？", "区交通局牵头哪些任务？"):
    try:
        ask(question, graph=kg)
    except AskError as refusal:
        print(f"{question} → {refusal.reason}: {refusal.message}; e.g. {refusal.suggestions[0]}")

# %% [markdown]
# **Next:** `02-coordination-network` turns these assignments into the agencies' coordination network;
# `03-ontology-and-reasoning` shows what the ontology infers and how SHACL catches a broken edit;
# `04-corpus` builds several plans together.
