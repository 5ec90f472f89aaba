"""A friendlier `policykg query`: -o FILE, --data taking the build folder and several files, Chinese
labels for kinds and sub-types, suggestions for unknown names, a missing PREFIX named, numbers kept as
numbers in JSON, and a default the KG does not have reported as a note — on the sample and on a small
generated corpus."""

from __future__ import annotations

import json

import pytest

from kg.errors import QueryError
from kg.sparql.run import run_query
from kg.sparql.suggest import closest_names
from kg.sparql.text import undeclared_prefixes

BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def kg(sample_kg_dir):
    return sample_kg_dir / "kg.ttl"


@pytest.fixture(scope="module")
def corpus_kg(tmp_path_factory):
    """Three generated plans of two districts (涪陵区, 越秀区), both with a 区市场监管局."""
    from kg.graph.corpus import build_corpus
    from loaders.synthetic.plans import generate_corpus, write_corpus

    src = tmp_path_factory.mktemp("plans")
    write_corpus(generate_corpus(3, seed=2026), src)
    out = tmp_path_factory.mktemp("kg")
    build_corpus([src], out, jobs=1, validate=False)
    return out


@pytest.fixture(scope="module")
def other_kg(tmp_path_factory):
    """A plan of another district without a 区市场监管局 (the library's default agency)."""
    from kg.graph.corpus import build_corpus

    src = tmp_path_factory.mktemp("other")
    (src / "jiangbei.txt").write_text(
        "重庆市江北区人民政府办公室\n江北区知识产权实施方案\n三、重点任务\n"
        "（一）完善政策。内容。（责任单位：区科技局；配合单位：区财政局）\n"
        "（二）加强保护。（区法院牵头，区财政局配合）\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("other-kg")
    build_corpus([src], out, jobs=1, validate=False)
    return out


# ------------------------------------------------------------------ names
def test_unknown_agency_suggests_the_closest_names(kg):
    with pytest.raises(QueryError) as info:
        run_query("tasks-led-by-agency", {"agency": "市场监管局"}, data=kg)
    message = str(info.value)
    assert "no agency named '市场监管局'" in message and "\n" not in message
    assert "did you mean: 区市场监管局, 长寿区市场监督管理局" in message


def test_closest_names_ranks_containment_first():
    names = ["区市场监管局", "长寿区市场监督管理局", "区司法局", "区法院", "区检察院"]
    assert closest_names("市场监管局", names) == ["区市场监管局", "长寿区市场监督管理局"]
    assert closest_names("xyz", names) == []


def test_kind_takes_a_chinese_label(kg):
    by_label = run_query("agencies-by-kind", {"kind": "法院"}, data=kg).plain_rows()
    by_iri = run_query("agencies-by-kind", {"kind": "pkg:Court"}, data=kg).plain_rows()
    assert by_label == by_iri and len(by_label) == 1
    assert run_query("agencies-by-kind", {"kind": "政府部门"}, data=kg).plain_rows() == run_query(
        "agencies-by-kind", {"kind": "pkg:GovernmentDepartment"}, data=kg).plain_rows()
    assert run_query("agencies-by-kind", {"kind": "Court"}, data=kg).plain_rows() == by_iri
    with pytest.raises(QueryError, match="did you mean: .*人民法院"):
        run_query("agencies-by-kind", {"kind": "法 院"}, data=kg)


def test_a_sub_type_without_tasks_says_which_parent_answers(kg):
    result = run_query("tasks-by-ip-type", {"ip_type": "集体商标"}, data=kg)
    assert len(result) == 0
    assert any("集体商标 is a sub-type of 商标" in note and "ip_type=商标" in note for note in result.notes)
    # a sub-type with tasks, or a top type, gets no note
    assert run_query("tasks-by-ip-type", {"ip_type": "商标"}, data=kg).notes == ()


def test_a_default_missing_from_the_kg_is_a_note_not_a_failure(other_kg, corpus_kg):
    result = run_query("tasks-led-by-agency", data=other_kg / "kg.ttl")
    assert len(result) == 0 and result.vars[:2] == ["id", "title"]
    assert len(result.notes) == 1
    note = result.notes[0]
    assert "default" in note and "区市场监管局" in note and "-p agency=" in note
    # given by the user, the same name is an error (with what is there)
    with pytest.raises(QueryError, match="no agency named '区市场监管局'"):
        run_query("tasks-led-by-agency", {"agency": "区市场监管局"}, data=other_kg / "kg.ttl")
    # in a corpus of two districts the default names two agencies: say which to choose
    with pytest.raises(QueryError) as info:
        run_query("tasks-led-by-agency", data=corpus_kg / "kg.ttl")
    assert "涪陵区市场监督管理局" in str(info.value) and "越秀区市场监督管理局" in str(info.value)
    assert "-p agency=" in str(info.value)


def test_suggestions_on_a_generated_corpus(corpus_kg):
    with pytest.raises(QueryError, match="did you mean: .*越秀区市场监督管理局"):
        run_query("tasks-led-by-agency", {"agency": "越秀区市场监管局"}, data=corpus_kg / "kg.ttl")


# ------------------------------------------------------------------ query text and values
def test_a_missing_prefix_is_named(kg, tmp_path):
    query = tmp_path / "courts.rq"
    query.write_text("SELECT ?x WHERE { ?x a pkg:Court }\n", encoding="utf-8")
    with pytest.raises(QueryError) as info:
        run_query(query, data=kg)
    message = str(info.value)
    assert "\n" not in message and "pkg:" in message
    assert "PREFIX pkg: <https://w3id.org/policykg/ontology#>" in message
    assert undeclared_prefixes("PREFIX a: <x:>\nSELECT * WHERE { ?s a:p b:q ; <x:y> 'c:d' . } # e:f") == ["b"]


def test_json_keeps_numbers_as_numbers(kg):
    rows = json.loads(run_query("targets-by-year", {"year": "2025"}, data=kg).format("json"))
    assert rows and all(row["year"] == 2025 and isinstance(row["value"], int | float) for row in rows)
    counts = json.loads(run_query("agencies-by-tasks-led", data=kg).format("json"))
    assert isinstance(counts[0]["tasks_led"], int)


# ------------------------------------------------------------------ the command line
def test_cli_output_file_and_excel(cli, kg, tmp_path):
    out = tmp_path / "分工表.csv"
    run = cli("query", "responsibility-table", "--data", str(kg), "--excel", "-o", str(out))
    assert run.returncode == 0, run.stderr
    raw = out.read_bytes()
    assert raw.startswith(BOM) and raw[3:].decode("utf-8").startswith("document_id,number,title,lead,")
    assert f"wrote {out}" in run.stdout and "12 rows" in run.stdout
    run = cli("query", "targets-by-year", "--data", str(kg), "-o", str(tmp_path / "t.json"))
    assert run.returncode == 0, run.stderr  # the format follows the suffix
    assert json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))[0]["year"] == 2025
    run = cli("query", "agency-pairs", "--data", str(kg), "--format", "csv", "--excel")
    assert run.returncode == 0 and run.stdout.startswith("\ufeff")


def test_cli_data_takes_the_build_folder_and_several_files(cli, sample_kg_dir, tmp_path):
    folder = cli("query", "agencies-by-tasks-led", "--data", str(sample_kg_dir), "--format", "csv")
    file = cli("query", "agencies-by-tasks-led", "--data", str(sample_kg_dir / "kg.ttl"), "--format", "csv")
    assert folder.returncode == 0 and folder.stdout == file.stdout
    extra = tmp_path / "extra.ttl"
    extra.write_text("@prefix pkg: <https://w3id.org/policykg/ontology#> .\n"
                     "<https://w3id.org/policykg/id/agency/extra> a pkg:Agency , pkg:Court ; "
                     "<http://www.w3.org/2000/01/rdf-schema#label> \"新法院\"@zh ; "
                     "<http://www.w3.org/2004/02/skos/core#prefLabel> \"新法院\"@zh .\n", encoding="utf-8")
    one = cli("query", "agencies-by-kind", "-p", "kind=法院", "--data", str(sample_kg_dir), "--format", "csv")
    two = cli("query", "agencies-by-kind", "-p", "kind=法院", "--data", str(sample_kg_dir), str(extra),
              "--format", "csv")
    assert one.returncode == 0 and two.returncode == 0, two.stderr
    assert len(two.stdout.splitlines()) == len(one.stdout.splitlines()) + 1 and "新法院" in two.stdout
    missing = cli("query", "agency-pairs", "--data", str(tmp_path))  # a folder without kg.ttl
    assert missing.returncode != 0 and "kg.ttl" in missing.stderr and missing.stderr.count("\n") == 1


def test_cli_notes_and_suggestions(cli, kg, other_kg):
    run = cli("query", "tasks-led-by-agency", "--data", str(other_kg))
    assert run.returncode == 0 and "(0 rows)" in run.stdout
    assert "note:" in run.stderr and "区市场监管局" in run.stderr
    run = cli("query", "tasks-led-by-agency", "-p", "agency=市场监管局", "--data", str(kg))
    assert run.returncode != 0 and run.stderr.count("\n") == 1 and "did you mean" in run.stderr
