# %% [markdown]
# # 03 · The ontology and reasoning（本体与推理）
#
# The knowledge graph follows an OWL 2 DL ontology（本体, `ontology/policykg.ttl`）aligned with W3C ORG,
# PROV-O, SKOS, Dublin Core, OWL-Time and ELI, and a set of SHACL shapes（数据约束, `ontology/shapes.ttl`）.
# This notebook shows:
#
# 1. the ontology's **classes**（类）and their place in the hierarchy;
# 2. what the **reasoner**（推理机, HermiT）infers from the sample plan: lead, cooperating and coordinating
#    agencies, judicial bodies, the inverse and chained properties;
# 3. how a **broken edit**（错误修改）is caught — by SHACL validation（SHACL 校验）and by the reasoner.

# %%
from collections import Counter

import pandas as pd

from kg.graph.build import build_graph
from kg.reasoning.reason import describe, reason
from kg.reasoning.validate import validate_graph
from kg.resources import sample_path
from kg.sparql.library import query_from_text
from kg.sparql.run import run_query
from kg.sparql.store import open_kg
from loaders.extract.document import load_document

pd.set_option("display.unicode.east_asian_width", True)
pd.set_option("display.max_colwidth", 80)
pd.set_option("display.width", 200)

doc = load_document(sample_path())
data = build_graph([doc])  # the data only, as `policykg build` writes it

# %% [markdown]
# ## 1. The classes of the ontology（本体中的类）
#
# `open_kg()` without data loads only the ontology and the vocabularies. Every policykg term has a Chinese and an
# English label. *Defined* classes（定义类）have an `owl:equivalentClass` axiom: the reasoner decides their members
# (`LeadAgency` ≡ an agency that leads some key task, `JudicialBody` ≡ `Court` ⊔ `Procuratorate` …).

# %%
ontology = open_kg()
classes = query_from_text("""
# title: 本体中的类 / The classes of the policykg ontology
PREFIX owl:  <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX pkg:  <https://w3id.org/policykg/ontology#>

SELECT ?class ?zh ?en (GROUP_CONCAT(DISTINCT ?super_name; separator=", ") AS ?superclasses) ?defined
WHERE {
  ?class a owl:Class ;
         rdfs:isDefinedBy <https://w3id.org/policykg/ontology> ;
         rdfs:label ?zh , ?en .
  FILTER (LANG(?zh) = "zh" && LANG(?en) = "en")
  OPTIONAL {
    ?class rdfs:subClassOf ?super .
    FILTER (isIRI(?super))
    BIND (REPLACE(STR(?super), "^.*[#/]", "") AS ?super_name)
  }
  BIND (EXISTS { ?class owl:equivalentClass ?definition } AS ?defined)
}
GROUP BY ?class ?zh ?en ?defined
ORDER BY ?class
""", name="ontology-classes")
table = run_query(classes, graph=ontology).to_dataframe()
table["class"] = table["class"].str.replace("https://w3id.org/policykg/ontology#", "pkg:")
table.fillna({"superclasses": ""})

# %% [markdown]
# ## 2. What the reasoner infers（推理结果）
#
# `reason(data, profile="dl")` runs HermiT (through owlready2; it needs Java) on the data with the ontology and
# the vocabularies. The result keeps **asserted and inferred facts apart**: `result.inferred` is a separate graph
# with only the new triples. For a corpus of many plans, `profile="rl"` (OWL 2 RL rules in Oxigraph) answers in
# seconds; `"auto"` chooses by size.

# %%
result = reason(data, profile="dl")
print(result.summary())

# %% [markdown]
# The inferred triples by property: `rdf:type` (class memberships), the inverses (`pkg:leads` of `pkg:leadAgency`,
# `pkg:cooperatesOn` …), the super-properties (`pkg:responsibleAgency`, `prov:wasAttributedTo`) and the property
# chains `pkg:worksOnIPType` = `pkg:responsibleFor` ∘ `pkg:concernsIPType` and `pkg:worksInIndustry`.

# %%
# Data + inferences + ontology in one store: labels for readable names, and queries that see inferred facts.
with_inferences = open_kg([data, result.inferred])
asserted_only = open_kg(data)
by_property = Counter(describe(p, with_inferences) for _, p, _ in result.inferred)
pd.Series(by_property, name="inferred triples").sort_values(ascending=False).to_frame()

# %% [markdown]
# **Defined classes**: which agencies lead a key task（牵头机构 `LeadAgency`）, which lead a task *with* cooperating
# agencies（统筹协调单位 `CoordinatingAgency`）, which are judicial bodies（司法机关 `JudicialBody`）. None of these
# memberships is asserted; a query over the data *and* the inferences sees them. A class parameter takes a prefixed
# name:

# %%
members = query_from_text("""
# title: 某类的成员（含推理） / Members of a class, asserted or inferred
# param: class (class) — the class, e.g. pkg:JudicialBody
# default: class = pkg:LeadAgency
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

SELECT ?label ?full_name ?class
WHERE {
  ?agency a ?class ; rdfs:label ?label ; skos:prefLabel ?full_name .
}
ORDER BY ?full_name
""", name="class-members")

for cls in ("pkg:LeadAgency", "pkg:CoordinatingAgency", "pkg:JudicialBody"):
    found = run_query(members, {"class": cls}, graph=with_inferences).to_dataframe()
    asserted = run_query(members, {"class": cls}, graph=asserted_only).to_dataframe()
    print(f"{cls:<24} asserted: {len(asserted)}   with inferences: {'、'.join(found['label'])}")

# %% [markdown]
# The property chain at work: the IP types an agency works on（`pkg:worksOnIPType`）, never written in the plan but
# following from the tasks it is responsible for and the IP types those tasks concern:

# %%
chain = query_from_text("""
# title: 机构涉及的知识产权类型（推理） / IP types an agency works on (inferred)
# param: agency (agency) — the agency
# default: agency = "区法院"
PREFIX pkg:  <https://w3id.org/policykg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

SELECT ?ip_type ?label ?agency
WHERE {
  ?agency pkg:worksOnIPType ?ip_type .
  ?ip_type skos:prefLabel ?label .
  FILTER (LANG(?label) = "zh")
}
ORDER BY ?label
""", name="works-on-ip-type")
for agency in ("区法院", "区委宣传部"):
    labels = run_query(chain, {"agency": agency}, graph=with_inferences).to_dataframe()["label"]
    print(agency, "works on", "、".join(labels) or "—")

# %% [markdown]
# ## 3. A broken edit caught by SHACL（SHACL 校验）
#
# The data as built conforms to the shapes:

# %%
print(validate_graph(data).text)

# %% [markdown]
# Now a hand edit gone wrong. Someone decides that on task （三） the court should only *cooperate*: they give its
# responsibility the cooperating role — forgetting to remove the lead role — and drop the `pkg:leadAgency`
# shortcut. The edit is a SPARQL Update on a fresh copy of the data:

# %%
broken = build_graph([doc])
broken.update("""
PREFIX pkg:     <https://w3id.org/policykg/ontology#>
PREFIX prov:    <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>

DELETE { ?task pkg:leadAgency ?agency }
INSERT { ?responsibility prov:hadRole pkg:CooperatingRole }
WHERE {
  ?task a pkg:KeyTask ; dcterms:identifier "（三）" ;
        pkg:leadAgency ?agency ; pkg:hasResponsibility ?responsibility .
  ?responsibility prov:agent ?agency ; prov:hadRole pkg:LeadRole .
}
""")
report = validate_graph(broken)
print(report.text)

# %% [markdown]
# Each problem names the shape that found it, the node (by its label) and what is wrong — a key task without a lead
# agency, a responsibility with two roles. `report.problems` has the same as records, for a table:

# %%
assert not report.conforms
pd.DataFrame([{"shape": p.shape, "node": p.focus, "path": p.path, "message": p.message} for p in report.problems])

# %% [markdown]
# Another tempting edit: "tidy" the provenance by writing the full name into the quote of the court's span. The
# quote must stay what the text says — the document carries its decoded text（`pkg:fullText`）, and the shape
# `QuoteMatchesTextShape` compares every quote with the characters at its offsets:

# %%
tidied = build_graph([doc])
tidied.update("""
PREFIX pkg:     <https://w3id.org/policykg/ontology#>
PREFIX prov:    <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>

DELETE { ?span pkg:quote ?quote }
INSERT { ?span pkg:quote "长寿区人民法院" }
WHERE {
  ?task a pkg:KeyTask ; dcterms:identifier "（三）" ; pkg:hasResponsibility ?responsibility .
  ?responsibility pkg:asWritten ?written ; prov:wasDerivedFrom ?span .
  ?span pkg:quote ?quote .
  FILTER (STR(?written) = "区法院")
}
""")
print(validate_graph(tidied).text)

# %% [markdown]
# ## 4. A broken edit caught by the reasoner（推理发现的矛盾）
#
# Some errors are not about the shape of the data but about its meaning. The ontology says courts and government
# departments are disjoint kinds（互不相交）. Declare every court a government department too, and the graph becomes
# **inconsistent**; the reasoner names the individual and the two classes. (The rule profile `rl` gives the same
# explanation as HermiT here, in a fraction of a second.)

# %%
contradiction = build_graph([doc])
contradiction.update("""
PREFIX pkg: <https://w3id.org/policykg/ontology#>
INSERT { ?agency a pkg:GovernmentDepartment } WHERE { ?agency a pkg:Court }
""")
clash = reason(contradiction, profile="rl")
assert not clash.consistent
print(clash.summary())
