"""policykg compare: two documents of one KG — tasks aligned by their text, responsibilities compared by
agency function, targets by indicator and year, agencies and functions in one document only.

The truth comes from generated families (loaders.synthetic.corpora: a city plan and district plans
implementing it, with the known alignment, the city tasks a district dropped and the tasks whose lead
has another function), from short plans written here, and from a hand-made alignment of two real plans
of the development set (tests/data/compare/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.compare import THRESHOLD, UnknownDocument, compare_documents, compare_kg, to_dict
from kg.compare.align import align, assign, background, similarity, task_text
from kg.compare.compare import BY_FUNCTION, BY_NAME
from kg.compare.outputs import SHEETS, comparison_sheets
from kg.graph.corpus import build_corpus
from kg.graph.namespaces import PKG
from kg.sparql.store import open_kg
from loaders.synthetic.corpora import generate_family, write_plans

DATA = Path(__file__).parent / "data"
SEEDS = (1, 2, 3)


# ---------------------------------------------------------------- generated families
@pytest.fixture(scope="module")
def families(tmp_path_factory):
    """seed → (family, its KG file, the open KG): a city plan and three district plans in one KG."""
    out = {}
    for seed in SEEDS:
        fam = generate_family(seed=seed, districts=3)
        folder = tmp_path_factory.mktemp(f"family-{seed}")
        paths = write_plans(fam.plans, folder / "docs")
        build_corpus(paths, folder / "out", jobs=1)
        kg = folder / "out" / "kg.ttl"
        out[seed] = (fam, kg, open_kg(kg))
    return out


def _cases():
    return [(seed, k) for seed in SEEDS for k in range(3)]


@pytest.mark.parametrize("seed, child", _cases())
def test_the_alignment_is_the_generated_one(families, seed, child):
    fam, _, graph = families[seed]
    kid = fam.children[child]
    c = compare_documents(graph, fam.parent.doc_id, kid.doc_id)
    found = {m.b.id: m.a.id for m in c.matched} | {t.id: None for t in c.only_b}
    assert found == fam.alignment[kid.doc_id]
    assert [t.id for t in c.only_a] == fam.only_parent[kid.doc_id]
    assert [t.id for t in c.only_b] == [k for k, v in fam.alignment[kid.doc_id].items() if v is None]
    assert all(m.similarity >= THRESHOLD for m in c.matched)


@pytest.mark.parametrize("seed, child", _cases())
def test_changed_leads_are_the_generated_ones_by_function(families, seed, child):
    fam, _, graph = families[seed]
    kid = fam.children[child]
    c = compare_documents(graph, fam.parent.doc_id, kid.doc_id)
    assert c.compared_by == BY_FUNCTION
    assert sorted(m.b.id for m in c.changed) == sorted(fam.changed[kid.doc_id])
    for m in c.matched:  # one lead each: the same function, or none shared
        assert m.lead_relation == ("different" if m in c.changed else "same")
        assert m.a.lead[0].function and m.b.lead[0].function
        assert m.same_lead == (m.a.lead[0].function == m.b.lead[0].function)
        if not m.same_lead:
            assert m.lead_only_a == (m.a.lead[0].function,) and m.lead_only_b == (m.b.lead[0].function,)


def test_without_functions_leads_are_compared_by_canonical_name_and_it_is_said(families):
    fam, kg, _ = families[1]
    kid = fam.children[0]
    graph = open_kg(kg)  # a copy of its own: the functions are taken out of it
    assert (None, PKG.hasFunction, None) in graph
    graph.remove((None, PKG.hasFunction, None))
    assert (None, PKG.hasFunction, None) not in graph
    c = compare_documents(graph, fam.parent.doc_id, kid.doc_id)
    assert c.compared_by == BY_NAME
    assert not any(a.function for m in c.matched for a in (*m.a.lead, *m.b.lead))
    assert sorted(m.b.id for m in c.changed) == sorted(fam.changed[kid.doc_id])
    lead = c.matched[0].a.lead[0]
    assert lead.key == lead.canonical and not lead.canonical.startswith(fam.parent.city)
    assert c.functions_only_a == c.functions_only_b == ()
    from kg.compare import format_table

    assert "this KG has no agency functions (pkg:hasFunction)" in format_table(c)


@pytest.mark.parametrize("seed", SEEDS[1:])
def test_targets_are_compared_by_indicator_and_year(families, seed):
    fam, _, graph = families[seed]
    kid = fam.children[0]
    c = compare_documents(graph, fam.parent.doc_id, kid.doc_id)
    parent = {t["indicator"]: t for t in fam.parent.expected["targets"]}
    child = {t["indicator"]: t for t in kid.expected["targets"]}
    assert sorted(t.indicator for t in c.targets) == sorted(parent)
    for t in c.targets:
        assert t.year == parent[t.indicator]["year"] == child[t.indicator]["year"]
        assert (t.value_a, t.value_b) == (parent[t.indicator]["value"], child[t.indicator]["value"])
        assert t.unit_a == t.unit_b == parent[t.indicator]["unit"] and not t.unit_mismatch
        assert t.difference == child[t.indicator]["value"] - parent[t.indicator]["value"]


@pytest.mark.parametrize("seed", SEEDS[1:])
def test_the_comparison_the_other_way_round_is_the_same_alignment(families, seed):
    fam, _, graph = families[seed]
    kid = fam.children[1]
    there = compare_documents(graph, fam.parent.doc_id, kid.doc_id)
    back = compare_documents(graph, kid.doc_id, fam.parent.doc_id)
    assert {(m.a.id, m.b.id) for m in there.matched} == {(m.b.id, m.a.id) for m in back.matched}
    assert [t.id for t in back.only_b] == [t.id for t in there.only_a]


def test_agencies_and_functions_in_one_document_only(families):
    fam, _, graph = families[2]
    kid = fam.children[0]
    c = compare_documents(graph, fam.parent.doc_id, kid.doc_id)

    def keys(plan, what):
        out = set()
        for side in (m.a if plan == "a" else m.b for m in c.matched):
            out |= {getattr(x, what) for x in (*side.lead, *side.cooperating)}
        for side in c.only_a if plan == "a" else c.only_b:
            out |= {getattr(x, what) for x in (*side.lead, *side.cooperating)}
        return out - {None}

    assert {p.key for p in c.agencies_only_a} == keys("a", "canonical") - keys("b", "canonical")
    assert {p.key for p in c.agencies_only_b} == keys("b", "canonical") - keys("a", "canonical")
    assert {p.key for p in c.functions_only_a} == keys("a", "function") - keys("b", "function")
    assert {p.key for p in c.functions_only_b} == keys("b", "function") - keys("a", "function")
    for p in c.agencies_only_a:  # the city's full names, e.g. 重庆市财政局 for 财政局
        assert all(fam.parent.city + p.key in name for name in p.names)
    for p in c.agencies_only_b:
        assert all(kid.district + p.key in name for name in p.names)


# ---------------------------------------------------------------- the method, on short texts
def test_agency_names_are_blanked_out_of_the_text_compared():
    quote = "（二）强化行政执法。加大执法检查力度。（责任单位：市市场监管局；配合单位：市公安局）"
    start = 500
    names = [(start + quote.index(n), start + quote.index(n) + len(n)) for n in ("市市场监管局", "市公安局")]
    assert task_text("强化行政执法", quote, start, names, "（二）") == (
        "强化行政执法", "加大执法检查力度。（责任单位：；配合单位：）")


def test_a_task_whose_lead_changed_is_still_the_same_task():
    city = [("强化行政执法机制", "加大对重点市场的执法检查力度，完善案件移送制度"),
            ("完善纠纷调解机制", "推动诉前调解与司法确认有效衔接")]
    district = [("健全纠纷调解机制", "推动诉前调解与司法确认衔接，建立调解员名册"),
                ("加强行政执法机制", "完善线索通报和案件移送制度，加大对重点市场的执法检查力度"),
                ("培育运营服务机构", "鼓励社会资本参与运营")]
    assert [(p.a, p.b) for p in align(city, district)] == [(0, 1), (1, 0)]


def test_the_assignment_is_one_to_one_where_a_greedy_match_is_not():
    import numpy as np

    # both rows like column 0 best; the assignment gives row 1 its second choice
    s = np.array([[0.9, 0.5, 0.01], [0.8, 0.7, 0.02], [0.01, 0.03, 0.02]])
    assert [(p.a, p.b) for p in assign(s, threshold=0.1, min_z=0)] == [(0, 0), (1, 1)]


def test_a_pair_must_stand_out_from_the_background():
    import numpy as np

    s = np.array([[0.6, 0.12, 0.25, 0.19], [0.21, 0.3, 0.15, 0.33], [0.18, 0.26, 0.21, 0.1]])
    median, spread = background(s, [(0, 0), (1, 3), (2, 1)])
    assert (median, spread) == (0.19, pytest.approx(1.4826 * 0.04))
    # 0.33 and 0.26 are over the threshold but less than 4 spreads above the background
    assert [(p.a, p.b) for p in assign(s, threshold=0.1, min_z=4)] == [(0, 0)]
    assert [(p.a, p.b) for p in assign(s, threshold=0.1, min_z=0)] == [(0, 0), (1, 3), (2, 1)]


def test_no_tasks_no_pairs():
    assert align([], [("标题", "正文")]) == [] and similarity([], []).shape == (0, 0)


CITY = """重庆市知识产权保护工作方案
为深入实施知识产权强国战略，结合我市实际，制定本方案。
一、发展目标
到2025年，有效注册商标量达到12万件，知识产权质押融资额达到50亿元，专利密集型产业增加值年均增长10%。
二、重点任务
（一）强化行政执法。加大对重点市场、展会和电商平台的执法检查力度，完善线索通报、案件移送和联合办案制度。（责任单位：市市场监管局；配合单位：市公安局）
（二）完善纠纷调解机制。在行业协会设立人民调解委员会，推动诉前调解与司法确认有效衔接。（责任单位：市司法局；配合单位：市法院）
（三）推进质押融资。建立质押融资风险补偿资金池，推动银行机构开发专门信贷产品。（责任单位：市财政局；配合单位：市科技局）
"""
DISTRICT = """重庆市长寿区知识产权保护实施方案
为贯彻落实《重庆市知识产权保护工作方案》，结合我区实际，制定本方案。
一、发展目标
到2025年，有效注册商标量达到8000件，知识产权质押融资额达到3亿元。
二、重点任务
（一）健全纠纷调解机制。推动诉前调解与司法确认有效衔接，建立调解员名册和培训考核制度。（责任单位：区法院；配合单位：区司法局）
（二）加强行政执法。完善线索通报、案件移送和联合办案制度，加大对重点市场的执法检查力度。（责任单位：区市场监管局；配合单位：区公安局、区商务委）
（三）培育品牌指导站。在重点商圈设立商标品牌指导站，开展品牌培育和宣传活动。（责任单位：区市场监管局）
"""


@pytest.fixture(scope="module")
def short_kg(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("short")
    (folder / "docs").mkdir()
    (folder / "docs" / "city.txt").write_text(CITY, encoding="utf-8")
    (folder / "docs" / "district.txt").write_text(DISTRICT, encoding="utf-8")
    (folder / "docs" / "city-copy.txt").write_text(CITY, encoding="utf-8")
    build_corpus(sorted((folder / "docs").iterdir()), folder / "out", jobs=1)
    return folder / "out" / "kg.ttl"


def test_short_plans_written_by_hand(short_kg):
    c = compare_kg(short_kg, "city", "district.txt")
    assert [(m.a.id, m.b.id) for m in c.matched] == [("（一）", "（二）"), ("（二）", "（一）")]
    assert [t.id for t in c.only_a] == ["（三）"] and [t.id for t in c.only_b] == ["（三）"]
    enforcement, mediation = c.matched
    assert enforcement.same_lead and enforcement.responsible_only_b == ("商务",)
    assert not mediation.same_lead and mediation.lead_only_a == ("司法",) and mediation.lead_only_b == ("法院",)
    assert mediation.responsible_only_a == mediation.responsible_only_b == ()  # the same two, roles swapped
    targets = {t.indicator: t for t in c.targets}
    trademarks = targets["有效注册商标量"]
    assert (trademarks.value_a, trademarks.unit_a, trademarks.value_b, trademarks.unit_b) == (12, "万件", 8000, "件")
    assert trademarks.unit_mismatch and trademarks.difference is None
    loans = targets["知识产权质押融资额"]
    assert (loans.difference, loans.unit_mismatch) == (-47, False)
    growth = targets["专利密集型产业增加值"]
    assert growth.growth and growth.value_b is None and growth.difference is None
    assert [p.key for p in c.functions_only_a] == ["科技", "财政"]
    assert [p.key for p in c.functions_only_b] == ["商务"]


# ---------------------------------------------------------------- outputs: JSON, workbook, command line
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$defs": {
        "doc": {"type": "object", "required": ["iri", "id", "title", "source"],
                "properties": {"iri": {"type": "string"}, "id": {"type": "string"}}},
        "agency": {"type": "object", "additionalProperties": False,
                   "required": ["name", "full_name", "function", "canonical", "compared_as"],
                   "properties": {"name": {"type": "string"}, "full_name": {"type": ["string", "null"]},
                                  "function": {"type": ["string", "null"]}, "canonical": {"type": "string"},
                                  "compared_as": {"type": "string"}}},
        "task": {"type": "object", "additionalProperties": False,
                 "required": ["task", "id", "title", "lead", "cooperating"],
                 "properties": {"task": {"type": "string"}, "id": {"type": "string"},
                                "title": {"type": ["string", "null"]},
                                "lead": {"type": "array", "items": {"$ref": "#/$defs/agency"}},
                                "cooperating": {"type": "array", "items": {"$ref": "#/$defs/agency"}}}},
        "names": {"type": "array", "items": {"type": "string"}},
        "presence": {"type": "array", "items": {
            "type": "object", "required": ["name", "full_names"], "additionalProperties": False,
            "properties": {"name": {"type": "string"}, "full_names": {"$ref": "#/$defs/names"}}}},
    },
    "type": "object",
    "additionalProperties": False,
    "required": ["schema", "a", "b", "method", "compared_by", "summary", "matched", "only_a", "only_b",
                 "targets", "agencies", "functions"],
    "properties": {
        "schema": {"const": "policykg-compare/1"},
        "a": {"$ref": "#/$defs/doc"}, "b": {"$ref": "#/$defs/doc"},
        "method": {"type": "object", "required": ["ngrams", "title_weight", "threshold", "min_z"]},
        "compared_by": {"enum": ["function", "canonical name"]},
        "summary": {"type": "object",
                    "required": ["matched", "only_a", "only_b", "changed_lead", "lead_relations", "targets"]},
        "matched": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["a", "b", "similarity", "same_lead", "lead_relation", "lead_only_a", "lead_only_b",
                         "responsible_only_a", "responsible_only_b"],
            "properties": {"a": {"$ref": "#/$defs/task"}, "b": {"$ref": "#/$defs/task"},
                           "similarity": {"type": "number", "minimum": 0, "maximum": 1},
                           "same_lead": {"type": "boolean"},
                           "lead_relation": {"enum": ["same", "overlap", "different"]},
                           "lead_only_a": {"$ref": "#/$defs/names"}, "lead_only_b": {"$ref": "#/$defs/names"},
                           "responsible_only_a": {"$ref": "#/$defs/names"},
                           "responsible_only_b": {"$ref": "#/$defs/names"}}}},
        "only_a": {"type": "array", "items": {"$ref": "#/$defs/task"}},
        "only_b": {"type": "array", "items": {"$ref": "#/$defs/task"}},
        "targets": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["indicator", "year", "kind", "value_a", "unit_a", "value_b", "unit_b", "difference",
                         "unit_mismatch"],
            "properties": {"indicator": {"type": "string"}, "year": {"type": ["integer", "null"]},
                           "kind": {"enum": ["level", "growth"]},
                           "value_a": {"type": ["number", "null"]}, "value_b": {"type": ["number", "null"]},
                           "unit_a": {"type": ["string", "null"]}, "unit_b": {"type": ["string", "null"]},
                           "difference": {"type": ["number", "null"]}, "unit_mismatch": {"type": "boolean"}}}},
        "agencies": {"type": "object", "required": ["only_a", "only_b"],
                     "properties": {"only_a": {"$ref": "#/$defs/presence"}, "only_b": {"$ref": "#/$defs/presence"}}},
        "functions": {"type": "object", "required": ["only_a", "only_b"],
                      "properties": {"only_a": {"$ref": "#/$defs/presence"},
                                     "only_b": {"$ref": "#/$defs/presence"}}},
    },
}


def test_the_json_follows_its_schema(families, cli, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    fam, kg, graph = families[3]
    kid = fam.children[2]
    run = cli("compare", fam.parent.doc_id, kid.doc_id, "--data", str(kg), "--format", "json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data == to_dict(compare_documents(graph, fam.parent.doc_id, kid.doc_id))
    assert data["summary"]["changed_lead"] == len(fam.changed[kid.doc_id])
    assert {m["b"]["id"]: m["a"]["id"] for m in data["matched"]} == {
        k: v for k, v in fam.alignment[kid.doc_id].items() if v is not None}
    # -o FILE.json writes the same JSON
    out = tmp_path / "cmp.json"
    assert cli("compare", fam.parent.doc_id, kid.doc_id, "--data", str(kg), "-o", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8") == run.stdout  # byte for byte: the output is deterministic


def test_the_workbook_reads_back(families, cli, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    fam, kg, graph = families[2]
    kid = fam.children[1]
    out = tmp_path / "对照.xlsx"
    # documents named by their source files, as a researcher has them at hand
    run = cli("compare", f"docs/{fam.parent.doc_id}.txt", f"{kid.doc_id}.txt", "--data", str(kg), "-o", str(out))
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"wrote {out}"
    c = compare_documents(graph, fam.parent.doc_id, kid.doc_id)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == list(SHEETS)
    tasks = list(wb["任务对照"].iter_rows(values_only=True))
    header, rows = tasks[0], tasks[1:]
    assert len(rows) == len(c.matched) + len(c.only_a) + len(c.only_b)
    col = {h.split()[0]: i for i, h in enumerate(header)}
    matched = [r for r in rows if r[col["状态"]] == "匹配 matched"]
    assert {r[col["B任务"]]: r[col["A任务"]] for r in matched} == {
        k: v for k, v in fam.alignment[kid.doc_id].items() if v is not None}
    changed = sorted(r[col["B任务"]] for r in matched if r[col["牵头职能"]] == "不同 different")
    assert changed == sorted(fam.changed[kid.doc_id])
    assert sorted(r[col["A任务"]] for r in rows if r[col["状态"]] == "仅A only in A") == sorted(
        fam.only_parent[kid.doc_id])
    assert all(isinstance(r[col["相似度"]], float) for r in matched)
    targets = list(wb["指标对照"].iter_rows(values_only=True))[1:]
    assert len(targets) == 3 and all(isinstance(r[7], int | float) for r in targets)
    assert wb["说明"]["B2"].value == fam.parent.doc_id and wb["任务对照"].freeze_panes == "A2"
    assert [s.title for s in comparison_sheets(c)] == list(SHEETS)


def test_the_table_names_both_documents_and_every_part(families, cli):
    fam, kg, _ = families[3]
    kid = fam.children[0]
    run = cli("compare", fam.parent.doc_id, kid.doc_id, "--data", str(kg.parent))  # a build's folder
    assert run.returncode == 0, run.stderr
    text = run.stdout
    assert not any(line.endswith(" ") for line in text.splitlines())
    assert text.startswith(f"A      {fam.parent.doc_id}  {fam.parent.title}\nB      {kid.doc_id}")
    for part in ("Matched tasks", "Tasks only in A", "Tasks only in B", "Targets", "Agencies only in A",
                 "Functions only in B"):
        assert part in text
    matched = sum(v is not None for v in fam.alignment[kid.doc_id].values())
    changed = len(fam.changed[kid.doc_id])
    assert (f"tasks  {matched} matched (lead functions the same in {matched - changed}, overlapping in 0, "
            f"different in {changed})") in text


@pytest.mark.parametrize("args, code, message", [
    (("no-such-plan", "{child}", "-o", "{out}/cmp.xlsx"), 8,
     "no document 'no-such-plan' in the KG (documents: family-3-1, "),
    (("{parent}", "missing.txt", "-o", "{out}/cmp.json"), 8, "no document 'missing.txt' in the KG"),
    (("{parent}", "{child}", "--format", "xlsx"), 2, "--format xlsx writes a workbook: give -o FILE.xlsx"),
    (("{parent}", "{child}", "-o", "{out}/cmp.txt", "--format", "xlsx"), 2, "give -o FILE.xlsx"),
    (("{parent}", "{child}", "--threshold", "1.5"), 2, "--threshold 1.5: a similarity between 0 and 1"),
])
def test_bad_input_is_one_line_and_an_exit_code(families, cli, tmp_path, args, code, message):
    fam, kg, _ = families[3]
    names = {"parent": fam.parent.doc_id, "child": fam.children[0].doc_id, "out": tmp_path}
    run = cli("compare", *(a.format(**names) for a in args), "--data", str(kg))
    assert run.returncode == code, run.stderr
    assert run.stderr.count("\n") == 1 and message in run.stderr and "Traceback" not in run.stderr
    assert run.stdout == "" and list(tmp_path.iterdir()) == []  # nothing written


def test_the_same_comparison_from_a_served_kg(families, cli):
    # a real Oxigraph server on 127.0.0.1 (policykg serve), queried through the same .rq files
    from kg.compare import Endpoint
    from kg.errors import MissingExtraError
    from kg.sparql.endpoint import oxigraph_executable, serve_kg

    try:
        oxigraph_executable()
    except MissingExtraError as exc:
        pytest.skip(str(exc))

    fam, kg, graph = families[2]
    kid = fam.children[2]
    with serve_kg(kg, port=0, query_timeout=60) as server:
        remote = compare_kg(Endpoint(server.url, timeout=60), fam.parent.doc_id, f"{kid.doc_id}.txt")
        run = cli("compare", fam.parent.doc_id, kid.doc_id, "--endpoint", server.url, "--format", "json")
    assert to_dict(remote) == to_dict(compare_documents(graph, fam.parent.doc_id, kid.doc_id))
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == to_dict(remote)


def test_a_missing_kg_is_an_input_error(cli, tmp_path):
    run = cli("compare", "a", "b", "--data", str(tmp_path / "nowhere.ttl"))
    assert run.returncode == 5 and "no such KG file" in run.stderr and run.stderr.count("\n") == 1


def test_a_name_two_documents_share_is_refused(short_kg):
    # city.txt and city-copy.txt share their title; the identifier still picks one
    with pytest.raises(UnknownDocument, match=r"names several documents by title \(city, city-copy\)"):
        compare_kg(short_kg, "重庆市知识产权保护工作方案", "district")
    assert compare_kg(short_kg, "city-copy", "district").a.id == "city-copy"


# ---------------------------------------------------------------- two real plans of the development set
@pytest.fixture(scope="module")
def dev_pair(tmp_path_factory):
    truth = json.loads((DATA / "compare" / "aiopc_sichuan-nanchong.alignment.json").read_text(encoding="utf-8"))
    out = tmp_path_factory.mktemp("dev-pair")
    docs = [DATA / "dev" / "docs" / f"{truth[k]}.txt" for k in ("a", "b")]
    build_corpus(docs, out, jobs=1)
    return truth, out / "kg.ttl"


def test_two_real_plans_reach_the_measured_precision_and_recall(dev_pair):
    # measured (benchmarks/compare_alignment.py --dev, docs/compare.md): P 0.900, R 0.818 (9 of 11 pairs)
    truth, kg = dev_pair
    c = compare_kg(kg, truth["a"], truth["b"])
    found = {(m.a.id, m.b.id) for m in c.matched}
    true = {(a, b) for b, a in truth["alignment"].items() if a is not None}
    precision, recall = len(found & true) / len(found), len(found & true) / len(true)
    assert precision >= 0.9 and recall >= 0.8, (sorted(found - true), sorted(true - found))
    # the city plan's leads are a subset of the province's here and there: overlap, not "another lead"
    assert {m.lead_relation for m in c.matched} >= {"same", "overlap"}
    targets = {t.indicator: t for t in c.targets}
    firms = targets["人工智能OPC企业"]  # 1000 家 in the province, 150 户 in the city
    assert (firms.value_a, firms.unit_a, firms.value_b, firms.unit_b, firms.unit_mismatch) == (
        1000, "家", 150, "户", True)
