"""The query library on the sample KG: every answer checked against the gold annotation."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from itertools import combinations
from urllib.parse import quote

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from kg.errors import QueryError
from kg.graph.namespaces import PKG, PKGIP
from kg.sparql.library import list_queries
from kg.sparql.local import LocalBackend
from kg.sparql.parameters import resolve_params
from kg.sparql.results import plain_value
from kg.sparql.run import resolve_query, run_query
from kg.sparql.store import open_kg
from kg.sparql.text import inject_values

PKGID = "https://w3id.org/policykg/id/"


# ---------------------------------------------------------------- fixtures and gold helpers
@pytest.fixture(scope="module")
def kg_file(sample_kg_dir):
    return sample_kg_dir / "kg.ttl"


@pytest.fixture(scope="module")
def kg(kg_file) -> Graph:
    """The built sample KG with the ontology and vocabularies, on the default (Oxigraph) store."""
    return open_kg(kg_file)


def rows(kg, name, **params):
    return run_query(name, params, graph=kg).plain_rows()


def agencies_of(task: dict) -> set[str]:
    return set(task["lead"]) | set(task["cooperating"])


def ids(result_rows, key="id") -> list[str]:
    return [r[key] for r in result_rows]


def gold_ids(gold, keep) -> list[str]:
    return [t["id"] for t in gold["tasks"] if keep(t)]


# ---------------------------------------------------------------- the library itself
# Every library query must have a test below; adding a query without one fails here.
TESTED = {
    "tasks-led-by-agency", "agencies-by-tasks-led", "agencies-by-tasks-joined", "cooperating-only-agencies",
    "agency-pairs", "partners-of-agency", "tasks-by-ip-type", "agencies-by-ip-type", "tasks-by-industry",
    "industry-overview", "targets-by-year", "cited-documents", "tasks-with-collective-cooperation",
    "assignment-sources", "agencies-by-kind", "document-summary", "tasks-by-keyword",
    "responsibility-table",  # tests/test_report_workbook.py (the 分工表 sheet is this query's answer)
    # the queries kg.ask answers with (tested below, and through tests/test_ask.py's question set)
    "tasks-of-agency", "agency-task-counts", "task-assignments", "shared-tasks", "lead-cooperating-pairs",
    "agencies-by-industry", "numeric-targets", "documents-of-agency", "common-partners",
    "corrected-facts",  # tests/test_review.py (a build with corrections lists each change)
    "flagged-tasks",  # tests/test_flags.py (a sample with check warnings and a correction)
    "implementation-chain", "implementing-documents",  # tests/test_document_relations.py (a generated family)
    "documents-in-jurisdiction", "jurisdictions",  # tests/test_jurisdictions.py (the sample, a corpus of districts)
    "agencies-by-function",  # tests/test_functions.py (the sample, a generated corpus of five districts)
    # tests/test_policy_tool_outputs.py (the sample's codes against the codebook, a corpus of dev plans)
    "policy-tool-distribution", "policy-tool-types", "tasks-by-policy-tool", "policy-tools-by-agency",
    "policy-tools-by-year", "policy-tools-by-ip-type", "policy-tools-by-industry",
}


def test_every_library_query_is_tested_and_documented():
    queries = list_queries()
    assert {q.name for q in queries} == TESTED
    for q in queries:
        assert q.name == q.name.lower() and " " not in q.name and "_" not in q.name, q.name
        zh, _, en = q.title.partition(" / ")
        assert zh and en, f"{q.name}: title needs Chinese and English"
        assert q.description, q.name
        assert "PREFIX pkg:" in q.text, f"{q.name} declares its own prefixes"
        for name in q.params:
            assert q.param_types.get(name), f"{q.name}: parameter {name} has no type"
            # Oxigraph substitutes only projected variables; the library projects its parameters.
            select = q.text.split("WHERE", 1)[0]
            assert f"?{name}" in select, f"{q.name}: parameter ?{name} must be projected"
        resolve_query(q)  # parses


def test_tasks_led_by_agency_default_is_the_market_regulator(kg, gold):
    got = rows(kg, "tasks-led-by-agency")
    expected = gold_ids(gold, lambda t: "区市场监管局" in t["lead"])
    assert len(expected) == 10
    assert ids(got) == expected  # document order
    assert {r["title"] for r in got} == {t["title"] for t in gold["tasks"] if t["id"] in expected}


@pytest.mark.parametrize("agency", ["区法院", "区人社局", "长寿区人民法院"])
def test_tasks_led_by_agency_by_label_or_full_name(kg, gold, agency):
    got = ids(rows(kg, "tasks-led-by-agency", agency=agency))
    written = "区法院" if agency == "长寿区人民法院" else agency
    assert got == gold_ids(gold, lambda t: written in t["lead"])
    assert len(got) == 1


def test_tasks_led_by_agency_by_iri_and_prefixed_name(kg, gold):
    iri = run_query("tasks-led-by-agency", graph=kg).bindings["agency"]
    assert isinstance(iri, URIRef)
    assert len(rows(kg, "tasks-led-by-agency", agency=str(iri))) == 10
    assert len(rows(kg, "tasks-led-by-agency", agency=f"<{iri}>")) == 10
    prefixed = "pkgid:" + str(iri)[len(PKGID):]
    assert len(rows(kg, "tasks-led-by-agency", agency=prefixed)) == 10


def test_agencies_ranked_by_tasks_led(kg, gold):
    got = rows(kg, "agencies-by-tasks-led")
    expected = Counter(name for t in gold["tasks"] for name in t["lead"])
    assert {r["label"]: r["tasks_led"] for r in got} == dict(expected)
    assert got[0]["label"] == "区市场监管局" and got[0]["tasks_led"] == 10
    assert got[0]["full_name"] == "长寿区市场监督管理局"
    assert [r["tasks_led"] for r in got] == sorted((r["tasks_led"] for r in got), reverse=True)


def test_agencies_ranked_by_tasks_joined(kg, gold):
    got = {r["label"]: r for r in rows(kg, "agencies-by-tasks-joined")}
    names = {n for t in gold["tasks"] for n in agencies_of(t)}
    assert set(got) == names and len(names) == 20
    for name in names:
        assert got[name]["tasks"] == sum(name in agencies_of(t) for t in gold["tasks"]), name
        assert got[name]["led"] == sum(name in t["lead"] for t in gold["tasks"]), name
        assert got[name]["cooperating"] == sum(name in t["cooperating"] for t in gold["tasks"]), name
    assert got["区市场监管局"]["tasks"] == 12  # leads 10, cooperates on （三） and （十一）
    ranked = rows(kg, "agencies-by-tasks-joined")
    assert [r["tasks"] for r in ranked] == sorted((r["tasks"] for r in ranked), reverse=True)


def test_agencies_that_only_cooperate(kg, gold):
    got = {r["label"]: r["tasks"] for r in rows(kg, "cooperating-only-agencies")}
    leads = {n for t in gold["tasks"] for n in t["lead"]}
    expected = Counter(n for t in gold["tasks"] for n in t["cooperating"] if n not in leads)
    assert got == dict(expected)
    assert len(got) == 17 and "区法院" not in got and "区市场监管局" not in got


def full_names(kg) -> dict[str, str]:
    """Name as written → full name, from the KG (unique in the sample)."""
    return {r["label"]: r["full_name"] for r in rows(kg, "agencies-by-kind")}


def test_agency_pairs_with_counts(kg, gold):
    full = full_names(kg)
    got = {frozenset((r["name_a"], r["name_b"])): r["shared_tasks"] for r in rows(kg, "agency-pairs")}
    expected = Counter(frozenset((full[a], full[b])) for t in gold["tasks"]
                       for a, b in combinations(sorted(agencies_of(t)), 2))
    assert got == dict(expected)
    assert len(got) == 91
    assert got[frozenset(("长寿区市场监督管理局", "长寿区文化和旅游发展委员会"))] == 7
    first = rows(kg, "agency-pairs")[0]
    assert first["shared_tasks"] == max(expected.values())


def test_partners_of_an_agency(kg, gold):
    got = {r["label"]: r["shared_tasks"] for r in rows(kg, "partners-of-agency")}
    expected = Counter(n for t in gold["tasks"] if "区市场监管局" in agencies_of(t)
                       for n in agencies_of(t) - {"区市场监管局"})
    assert got == dict(expected)
    court = {r["label"]: r["shared_tasks"] for r in rows(kg, "partners-of-agency", agency="区法院")}
    assert court == dict(Counter(n for t in gold["tasks"] if "区法院" in agencies_of(t)
                                 for n in agencies_of(t) - {"区法院"}))


def test_tasks_concerning_geographical_indications(kg, gold):
    got = ids(rows(kg, "tasks-by-ip-type"))
    assert got == gold_ids(gold, lambda t: "地理标志" in t["ip_types"]) == ["（六）", "（七）", "（九）"]


@pytest.mark.parametrize("label, top", [("著作权", "版权"), ("专利", "专利"), ("植物新品种", "植物新品种"),
                                        ("商业秘密", "商业秘密")])
def test_tasks_by_ip_type_labels_and_synonyms(kg, gold, label, top):
    assert ids(rows(kg, "tasks-by-ip-type", ip_type=label)) == gold_ids(gold, lambda t: top in t["ip_types"])


def test_ip_type_includes_sub_types(kg_file, gold):
    """A task that concerns only 地理标志商标 counts for 地理标志 (skos:broader*)."""
    data = Graph().parse(kg_file)
    first = URIRef(PKGID + "doc/changshou-ip-plan/task/3.1")
    assert (first, RDF.type, PKG.KeyTask) in data
    data.add((first, PKG.concernsIPType, PKGIP["geographical-indication-trademark"]))
    got = ids(rows(open_kg(data), "tasks-by-ip-type", ip_type="地理标志"))
    assert got == ["（一）", "（六）", "（七）", "（九）"]
    # … but not for 商标: the vocabulary keeps it under 地理标志 only.
    assert "（一）" in ids(rows(open_kg(data), "tasks-by-ip-type", ip_type="商标"))  # (一) names 商标 itself
    assert ids(rows(open_kg(data), "tasks-by-ip-type", ip_type="植物新品种")) == ["（九）"]


def test_agencies_responsible_for_ip_type_tasks(kg, gold):
    got = rows(kg, "agencies-by-ip-type")
    gi_tasks = [t for t in gold["tasks"] if "地理标志" in t["ip_types"]]
    lead = {r["label"]: r["tasks"] for r in got if r["role_label"] == "牵头"}
    coop = {r["label"]: r["tasks"] for r in got if r["role_label"] == "配合"}
    assert lead == dict(Counter(n for t in gi_tasks for n in t["lead"])) == {"区市场监管局": 3}
    assert coop == dict(Counter(n for t in gi_tasks for n in t["cooperating"]))
    assert {r["role"] for r in got} == {str(PKG.LeadRole), str(PKG.CooperatingRole)}


def test_tasks_by_industry_with_sub_industries(kg, gold):
    every = rows(kg, "tasks-by-industry")
    by_label: dict[str, set[str]] = {}
    for r in every:
        by_label.setdefault(r["industry_label"], set()).add(r["id"])
    for label in {i for t in gold["tasks"] for i in t["industries"]}:
        assert set(gold_ids(gold, lambda t, label=label: label in t["industries"])) <= by_label[label], label
    # 生物医药 (（十）) is narrower than 医药 and 生物; 绿色食品 (（七）) than 食品.
    assert by_label["医药"] == {"（六）", "（十）"}
    assert by_label["生物"] == {"（六）", "（十）"}
    assert by_label["食品"] == {"（七）"}
    assert by_label["文化创意"] == {"（九）"}
    assert {r["lead"] for r in every} == {"区市场监管局"}
    assert ids(rows(kg, "tasks-by-industry", industry="新能源")) == gold_ids(
        gold, lambda t: "新能源" in t["industries"]) == ["（六）", "（十）"]
    assert ids(rows(kg, "tasks-by-industry", industry="医药")) == ["（六）", "（十）"]


def test_industry_overview(kg, gold):
    got = {r["label"]: r for r in rows(kg, "industry-overview")}
    for label in ("新能源", "新材料", "智能家居", "渔业"):
        tasks = [t for t in gold["tasks"] if label in t["industries"]]
        assert got[label]["tasks"] == len(tasks), label
        assert got[label]["agencies"] == len(set().union(*(agencies_of(t) for t in tasks))), label
        assert got[label]["lead_agencies"] == 1
    assert got["医药"]["tasks"] == 2


def test_targets_for_2025(kg, gold):
    got = rows(kg, "targets-by-year", year="2025")
    assert len(got) == 3
    expected = {(t["indicator"], t["value"], t["unit"], t["nature"]) for t in gold["targets"] if t["year"] == 2025}
    assert {(r["indicator"], r["value"], r["unit"], r["nature"]) for r in got} == expected
    assert {r["year"] for r in got} == {"2025"}
    assert rows(kg, "targets-by-year", year="2035") == []
    assert len(rows(kg, "targets-by-year")) == len(gold["targets"])


def test_cited_documents(kg, gold):
    got = rows(kg, "cited-documents")
    assert sorted(r["title"] for r in got) == sorted(c.strip("《》") for c in gold["cited_documents"])
    assert len(got) == 3 and not any(r["in_corpus"] for r in got)
    assert len(rows(kg, "cited-documents", document="changshou-ip-plan")) == 3


def test_tasks_with_a_collective_cooperating(kg, gold):
    got = rows(kg, "tasks-with-collective-cooperation")
    assert ids(got) == gold_ids(gold, lambda t: "各成员单位" in t["cooperating"]) == ["（二）", "（十二）"]
    assert {r["collective_label"] for r in got} == {"各成员单位"}


def test_assignment_sources_point_at_the_text(kg, gold, sample_doc):
    got = rows(kg, "assignment-sources")
    assert len(got) == sum(len(t["lead"]) + len(t["cooperating"]) for t in gold["tasks"])
    for r in got:
        assert sample_doc.text[r["start"]:r["end"]] == r["quote"]
        assert r["item_start"] <= r["start"] < r["end"] <= r["item_end"]
        assert r["as_written"] in r["quote"] or r["quote"] in r["as_written"]
    court = rows(kg, "assignment-sources", agency="区法院")
    assert sorted((r["item_id"], r["role_label"]) for r in court) == sorted(
        [(t["id"], "牵头") for t in gold["tasks"] if "区法院" in t["lead"]]
        + [(t["id"], "配合") for t in gold["tasks"] if "区法院" in t["cooperating"]])
    third = rows(kg, "assignment-sources", item_id="（三）")
    gold_third = next(t for t in gold["tasks"] if t["id"] == "（三）")
    assert sorted(r["as_written"] for r in third) == sorted(agencies_of(gold_third))


def test_agencies_by_kind(kg, gold):
    got = rows(kg, "agencies-by-kind")
    named = {n for t in gold["tasks"] for n in agencies_of(t)}
    assert {r["label"] for r in got} >= named
    assert len(got) == len(named) + 1  # and the issuing government, 重庆市长寿区
    kind_of = {r["label"]: r["agency_kind"].rsplit("#", 1)[1] for r in got}
    assert kind_of["区法院"] == "Court" and kind_of["区检察院"] == "Procuratorate"
    assert kind_of["各成员单位"] == "Collective" and kind_of["区委宣传部"] == "PartyOrgan"
    assert kind_of["区公安局"] == "PublicSecurityOrgan"
    assert {n for n, k in kind_of.items() if k == "DevelopmentZone"} == {"长寿经开区", "长寿高新区", "长寿农业园区"}
    assert [r["label"] for r in rows(kg, "agencies-by-kind", kind="pkg:Court")] == ["区法院"]
    departments = {r["label"] for r in rows(kg, "agencies-by-kind", kind="pkg:GovernmentDepartment")}
    assert "区公安局" in departments and "区市场监管局" in departments and "区法院" not in departments


def test_document_summary(kg, gold):
    (got,) = rows(kg, "document-summary")
    assert got["identifier"] == "changshou-ip-plan"
    assert got["tasks"] == len(gold["tasks"]) == 12
    assert got["safeguards"] == len(gold["safeguards"]) == 4
    assert got["agencies"] == len({n for t in gold["tasks"] for n in agencies_of(t)}) == 20
    assert got["targets"] == len(gold["targets"]) == 3
    assert (got["first_goal_year"], got["last_goal_year"]) == (str(min(gold["goal_years"])),
                                                              str(max(gold["goal_years"])))
    assert got["cited"] == len(gold["cited_documents"]) == 3
    assert rows(kg, "document-summary", document="changshou-ip-plan") == [got]


def test_tasks_by_keyword(kg, sample_doc):
    for keyword in ("地理标志", "商标品牌", "植物新品种"):
        expected = [t.id for t in sample_doc.tasks if keyword in t.span.quote]
        assert expected, keyword
        assert ids(rows(kg, "tasks-by-keyword", keyword=keyword)) == expected


# ---------------------------------------------------------------- parameters
def test_parameter_errors_are_one_line(kg):
    with pytest.raises(QueryError, match="unknown query 'no-such-query'"):
        run_query("no-such-query", graph=kg)
    with pytest.raises(QueryError, match="has no parameter 'colour'"):
        run_query("tasks-led-by-agency", {"colour": "red"}, graph=kg)
    with pytest.raises(QueryError, match="no agency named '区市场监督局'"):
        run_query("tasks-led-by-agency", {"agency": "区市场监督局"}, graph=kg)
    with pytest.raises(QueryError, match="expects year"):
        run_query("targets-by-year", {"year": "2025年"}, graph=kg)
    with pytest.raises(QueryError, match="no class named '香蕉'"):  # a class label works (kind=法院)
        run_query("agencies-by-kind", {"kind": "香蕉"}, graph=kg)
    with pytest.raises(QueryError, match="not a valid IRI"):
        run_query("agencies-by-kind", {"kind": "<https://x.org/a b>"}, graph=kg)
    with pytest.raises(QueryError, match="no such query file"):
        run_query("missing.rq", graph=kg)


def test_ambiguous_label_names_both(kg_file):
    data = Graph().parse(kg_file)
    other = URIRef(PKGID + "agency/" + quote("渝北区市场监督管理局"))
    data.add((other, RDF.type, PKG.Agency))
    data.add((other, RDFS.label, Literal("区市场监管局", lang="zh")))
    data.add((other, SKOS.prefLabel, Literal("渝北区市场监督管理局", lang="zh")))
    with pytest.raises(QueryError, match="names 2 agency entries") as caught:
        run_query("tasks-led-by-agency", graph=open_kg(data))
    assert "长寿区市场监督管理局" in str(caught.value) and "渝北区市场监督管理局" in str(caught.value)
    assert len(run_query("tasks-led-by-agency", {"agency": "长寿区市场监督管理局"}, graph=open_kg(data))) == 10


def test_dash_or_underscore_in_parameter_names(kg):
    a = run_query("tasks-by-ip-type", {"ip-type": "专利"}, graph=kg)
    b = run_query("tasks-by-ip-type", {"ip_type": "pkgip:patent"}, graph=kg)
    assert a.plain_rows() == b.plain_rows() and len(a) == 5


def test_resolve_params_gives_typed_terms(kg):
    backend = LocalBackend(kg)
    q = resolve_query("targets-by-year")
    (year,) = resolve_params(q, {"year": "2025"}, backend).values()
    assert year == Literal("2025", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear"))
    q = resolve_query("tasks-by-keyword")
    assert resolve_params(q, {}, backend) == {"keyword": Literal("地理标志")}


def test_values_block_goes_inside_the_outer_group():
    text = ('# a { comment\nPREFIX x: <https://x.org/>\nSELECT ?a (EXISTS { ?a ?b ?c } AS ?e) '
            'WHERE { ?a ?b "}{" . }')
    out = inject_values(text, {"a": URIRef("https://x.org/a")})
    assert out.count("VALUES") == 1
    assert 'WHERE {\n  VALUES (?a) { (<https://x.org/a>) }\n ?a ?b "}{" . }' in out
    from rdflib.plugins.sparql import prepareQuery

    prepareQuery(out)


def test_same_rows_on_rdflib_memory_store(kg, kg_file):
    """Other modules may query a plain rdflib graph: the library answers the same there."""
    memory = open_kg(kg_file, store="memory")
    cases = [(q.name, {}) for q in list_queries()] + [
        ("tasks-led-by-agency", {"agency": "区法院"}), ("targets-by-year", {"year": "2025"}),
        ("agencies-by-kind", {"kind": "pkg:GovernmentDepartment"}), ("tasks-by-industry", {"industry": "医药"}),
        ("assignment-sources", {"item_id": "（三）"}), ("tasks-by-keyword", {"keyword": "商标"}),
    ]
    for name, params in cases:
        a = run_query(name, params, graph=kg).plain_rows()
        b = run_query(name, params, graph=memory).plain_rows()
        assert sorted(map(repr, a)) == sorted(map(repr, b)), name


# ---------------------------------------------------------------- output
def test_output_formats(kg):
    result = run_query("targets-by-year", {"year": "2025"}, graph=kg)
    table = result.format("table")
    assert table.splitlines()[0].split()[:4] == ["year", "indicator", "value", "unit"]
    assert "每万人口发明专利拥有量" in table and "(3 rows)" in table
    parsed = list(csv.DictReader(io.StringIO(result.format("csv"))))
    assert [r["value"] for r in parsed] == ["20", "12", "2100"]
    tsv = result.format("tsv").splitlines()
    assert tsv[0].split("\t") == result.vars and len(tsv) == 4
    data = json.loads(result.format("json"))
    assert data[0]["value"] == 20 and data[0]["unit"] == "件"
    df = result.to_dataframe()
    assert list(df.columns) == result.vars and df["value"].tolist() == [20, 12, 2100]
    with pytest.raises(QueryError, match="unknown format"):
        result.format("xml")


def test_plain_values_normalise_numbers():
    from rdflib import XSD

    assert plain_value(Literal("20.0", datatype=XSD.decimal)) == plain_value(Literal("20", datatype=XSD.decimal)) == 20
    assert plain_value(Literal("2.5", datatype=XSD.decimal)) == 2.5
    assert plain_value(Literal("true", datatype=XSD.boolean)) is True
    assert plain_value(None) is None


def test_readme_lists_the_library_and_checks():
    from pathlib import Path

    from kg.sparql.library import catalogue_markdown

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Asking questions (SPARQL)", 1)[1].split("\n## ", 1)[0]
    assert catalogue_markdown() in section, "README catalogue out of step with queries/*.rq"
    assert catalogue_markdown(checks=True) in section
    for command in ("policykg queries", "policykg query", "policykg push", "policykg serve"):
        assert command in section


# ---------------------------------------------------------------- the queries kg.ask answers with
def test_tasks_of_an_agency_with_its_role(kg, gold):
    got = rows(kg, "tasks-of-agency", agency="区法院")
    expected = [(t["id"], "牵头" if "区法院" in t["lead"] else "配合") for t in gold["tasks"]
                if "区法院" in t["lead"] + t["cooperating"]]
    assert [(r["id"], r["role_label"]) for r in got] == expected
    cooperating = rows(kg, "tasks-of-agency", agency="区法院", role="pkg:CooperatingRole")
    assert ids(cooperating) == gold_ids(gold, lambda t: "区法院" in t["cooperating"])


def test_agency_task_counts(kg, gold):
    (row,) = rows(kg, "agency-task-counts", agency="区市场监管局")
    assert (row["tasks"], row["led"], row["cooperating"]) == (
        len(gold_ids(gold, lambda t: "区市场监管局" in agencies_of(t))),
        len(gold_ids(gold, lambda t: "区市场监管局" in t["lead"])),
        len(gold_ids(gold, lambda t: "区市场监管局" in t["cooperating"])))


def test_task_assignments_lead_first_in_the_order_written(kg, gold, sample_doc):
    task = next(iter(run_query("tasks-led-by-agency", {"agency": "区法院"}, graph=kg).rows))["task"]
    got = rows(kg, "task-assignments", task=str(task))
    (gold_task,) = [t for t in gold["tasks"] if t["id"] == "（三）"]
    assert [r["as_written"] for r in got] == gold_task["lead"] + gold_task["cooperating"]
    assert [r["role_label"] for r in got] == ["牵头"] + ["配合"] * len(gold_task["cooperating"])
    assert all(sample_doc.text[r["start"]:r["end"]] == r["as_written"] for r in got)
    leads = rows(kg, "task-assignments", task=str(task), role="pkg:LeadRole")
    assert [r["full_name"] for r in leads] == ["长寿区人民法院"]


def test_shared_tasks_of_two_agencies(kg, gold):
    got = rows(kg, "shared-tasks", agency="区法院", other="区检察院")
    assert ids(got) == gold_ids(gold, lambda t: {"区法院", "区检察院"} <= agencies_of(t))
    assert [(r["role"], r["other_role"]) for r in got] == [("牵头", "配合"), ("配合", "配合")]
    every = rows(kg, "shared-tasks", agency="区法院")  # with every other agency
    assert {(r["id"], r["other_name"]) for r in every} == {
        (t["id"], full) for t in gold["tasks"] if "区法院" in agencies_of(t)
        for a in agencies_of(t) - {"区法院"} for full in [rows(kg, "agency-task-counts", agency=a)[0]["full_name"]]}


def test_lead_cooperating_pairs_both_ways(kg, gold):
    cooperating = rows(kg, "lead-cooperating-pairs", lead="区法院")
    expected = {c for t in gold["tasks"] if "区法院" in t["lead"] for c in t["cooperating"]}
    assert len(cooperating) == len(expected) and all(r["tasks"] == 1 for r in cooperating)
    leads = rows(kg, "lead-cooperating-pairs", cooperating="区文旅委")
    assert [(r["lead_name"], r["tasks"]) for r in leads] == [("长寿区市场监督管理局", 7)]


def test_agencies_by_industry_with_sub_industries(kg, gold):
    got = rows(kg, "agencies-by-industry", industry="医药")  # 生物医药 is a sub-industry of 医药
    tasks = [t for t in gold["tasks"] if {"医药", "生物医药"} & set(t["industries"])]
    assert tasks
    assert {r["label"] for r in got} == {a for t in tasks for a in agencies_of(t)}
    assert {(r["label"], r["role_label"]) for r in got if r["role_label"] == "牵头"} == {
        (a, "牵头") for t in tasks for a in t["lead"]}
    leads = rows(kg, "agencies-by-industry", industry="医药", role="pkg:LeadRole")
    assert {r["label"] for r in leads} == {a for t in tasks for a in t["lead"]}
    gi_leads = rows(kg, "agencies-by-ip-type", ip_type="地理标志", role="pkg:LeadRole")
    assert {r["label"] for r in gi_leads} == {
        a for t in gold["tasks"] if "地理标志" in t["ip_types"] for a in t["lead"]}


def test_numeric_targets_by_indicator_year_and_document(kg, gold, sample_doc):
    every = rows(kg, "numeric-targets")
    assert len(every) == len(gold["targets"])
    for r in every:
        assert sample_doc.text[r["start"]:r["end"]] == r["quote"]
    one = rows(kg, "numeric-targets", indicator=every[0]["indicator"], document="changshou-ip-plan")
    assert [(r["indicator_label"], r["value"], r["unit"]) for r in one] == [
        (every[0]["indicator_label"], every[0]["value"], every[0]["unit"])]
    assert len(rows(kg, "numeric-targets", year="2025")) == 3
    assert rows(kg, "numeric-targets", year="2035") == []


def test_documents_of_an_agency(kg, gold):
    (row,) = rows(kg, "documents-of-agency", agency="长寿区人民法院")
    assert (row["identifier"], row["as_written"], row["led"], row["items"]) == (
        "changshou-ip-plan", "区法院", 1, len(gold_ids(gold, lambda t: "区法院" in agencies_of(t))))


def test_common_partners_of_two_agencies(kg, gold):
    got = rows(kg, "common-partners", agency="区法院", other="区检察院")

    def partners(name):
        return {a for t in gold["tasks"] if name in agencies_of(t) for a in agencies_of(t)} - {name}

    assert {r["label"] for r in got} == (partners("区法院") & partners("区检察院")) - {"区法院", "区检察院"}
    court_market = next(r for r in got if r["label"] == "区市场监管局")
    assert (court_market["with_agency"], court_market["with_other"]) == (3, 2)
