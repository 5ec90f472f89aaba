"""Ask in Chinese (`kg.ask`): the question set scored on the sample KG and a generated corpus with zero
wrong answers, the same answers through a served Oxigraph endpoint, quotes that are the document's own
text at their offsets, parameters bound (never pasted), refusals with their suggestions, and the
``policykg ask`` command."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.score_ask import build_kgs, load_questions, score, served
from kg.ask import INTENTS, Asker, AskError, ask
from kg.ask.intents import forms_markdown
from kg.sparql.library import load_query

QUESTIONS = load_questions()


@pytest.fixture(scope="module")
def kgs(tmp_path_factory) -> dict[str, Path]:
    return build_kgs(tmp_path_factory.mktemp("ask-kgs"), QUESTIONS["corpus"])


@pytest.fixture(scope="module")
def file_score(kgs):
    return score(QUESTIONS["questions"], lambda kg, q: ask(q, data=kgs[kg]))


@pytest.fixture(scope="module")
def sample(kgs) -> Asker:
    return Asker(data=kgs["sample"])


# ---------------------------------------------------------------- the question set
def test_the_question_set_covers_every_intent_in_several_phrasings():
    questions = QUESTIONS["questions"]
    assert len(questions) >= 60
    refusals = [q for q in questions if "refuse" in q]
    assert len(refusals) >= 10
    assert {q["refuse"] for q in refusals} == {"not-understood", "not-in-graph", "ambiguous"}
    assert {q["kg"] for q in questions} == {"sample", "corpus"}
    per_intent = Counter(q["intent"] for q in questions if "intent" in q)
    assert set(per_intent) == set(INTENTS)
    # several phrasings of every kind of question (intents that differ only in the role count together)
    families = Counter()
    for intent, n in per_intent.items():
        families[intent.split("-")[0] if intent.startswith(("top-", "task-", "tasks-")) else intent] += n
    assert all(n >= 2 for n in families.values()), families
    assert len({q["question"] for q in questions if q["kg"] == "sample"}) == sum(
        q["kg"] == "sample" for q in questions)


def test_every_question_is_answered_right_or_refused_for_its_reason(file_score):
    assert file_score.wrong == [], file_score.report()
    assert file_score.refused == [], file_score.report()
    assert file_score.other_reason == [], file_score.report()
    assert file_score.correct == file_score.total == len(QUESTIONS["questions"])


def test_a_served_endpoint_gives_the_same_answers(kgs, file_score):
    with served(kgs) as urls:
        remote = score(QUESTIONS["questions"], lambda kg, q: ask(q, endpoint=urls[kg]))
    assert remote.wrong == [] and remote.correct == remote.total
    assert remote.answers == file_score.answers  # intents, answers and every row, or the same refusal


# ---------------------------------------------------------------- what an answer shows
def test_the_json_shape_the_explorer_reads(sample):
    data = sample.ask("区市场监管局牵头哪些任务？").to_dict()
    assert {"question", "understood", "query", "sparql", "columns", "rows", "quotes"} <= set(data)
    assert data["understood"]["intent"] == "tasks-led"
    (entity,) = data["understood"]["entities"]
    assert entity == {"text": "区市场监管局", "kind": "agency", "label": "长寿区市场监督管理局",
                      "iri": "https://w3id.org/policykg/id/agency/%E9%95%BF%E5%AF%BF%E5%8C%BA%E5%B8%82%E5%9C%BA"
                             "%E7%9B%91%E7%9D%A3%E7%AE%A1%E7%90%86%E5%B1%80"}
    assert data["query"] == "tasks-led-by-agency"
    assert data["columns"][:2] == ["id", "title"] and len(data["rows"]) == 10
    json.dumps(data, ensure_ascii=False)  # plain values only


def test_the_package_is_callable(kgs):
    import subprocess
    import sys

    import kg.ask

    assert kg.ask("区法院牵头哪些任务？", data=kgs["sample"]).answer == ["（三）"]
    assert kg.ask.Asker is Asker and kg.ask.ask is ask
    # and from a fresh `import kg`, through the lazy public names
    data = str(kgs["sample"])
    code = f"import kg; r = kg.ask('区法院牵头哪些任务？', data={data!r}); print(r.answer, kg.ask.Asker.__name__)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert run.stdout.split() == ["['（三）']", "Asker"], run.stderr


def test_parameters_are_bound_not_pasted(sample):
    r = sample.ask("区法院牵头哪些任务？")
    text = load_query("tasks-led-by-agency").text
    assert "区法院" not in r.sparql and "VALUES" in r.sparql and "VALUES" not in text
    assert f"<{r.params['agency']}>" in r.sparql  # the linked IRI, written as a typed term
    assert r.sparql.startswith(text[:text.index("WHERE")])  # the library text, with a VALUES row added
    hostile = 'x" } DROP ALL ; # 区法院牵头哪些任务'
    with pytest.raises(AskError) as refusal:
        sample.ask(hostile)
    assert refusal.value.reason == "not-understood"


def test_quotes_are_the_documents_own_text(sample, sample_doc):
    questions = [q["question"] for q in QUESTIONS["questions"] if q["kg"] == "sample" and "intent" in q]
    checked = 0
    for question in questions:
        result = sample.ask(question)
        for quote in result.quotes:
            assert sample_doc.text[quote.start:quote.end] == quote.text, (question, quote)
            checked += 1
        if result.understood["intent"] in ("tasks-led", "task-leads", "shared-tasks", "targets"):
            assert result.quotes, question
    assert checked > 50


def test_an_assignment_row_quotes_its_clause(sample):
    r = sample.ask("第三项任务由谁牵头？")
    assert r.answer == ["长寿区人民法院"]
    assert [q.text for q in r.quotes] == ["（责任单位：区法院，配合单位：区市场监管局、区检察院、区公安局）"]


def test_a_year_with_goals_but_no_numeric_targets_quotes_the_goal(sample):
    r = sample.ask("2035年的目标有哪些")
    assert r.rows == [] and r.answer == []
    (goal,) = r.quotes
    assert goal.text.startswith("到2035年，知识产权综合实力大幅提升")


# ---------------------------------------------------------------- refusals
def test_outside_the_graph_is_refused_with_question_forms(sample):
    with pytest.raises(AskError) as refusal:
        sample.ask("长寿区的GDP是多少？")
    e = refusal.value
    assert e.reason == "not-understood" and "GDP" in e.message
    assert e.suggestions and all(s in {f for i in INTENTS.values() for f in i.forms} for s in e.suggestions)


def test_an_agency_not_in_the_graph_names_the_closest(sample):
    with pytest.raises(AskError) as refusal:
        sample.ask("区交通局牵头哪些任务？")
    assert refusal.value.reason == "not-in-graph"
    assert len(refusal.value.suggestions) == 5 and all("（长寿区" in s for s in refusal.value.suggestions)


def test_an_ambiguous_name_lists_the_candidates(kgs):
    with pytest.raises(AskError) as refusal:
        ask("区市场监管局牵头哪些任务？", data=kgs["corpus"])
    e = refusal.value
    assert e.reason == "ambiguous"
    assert sorted(c.label for c in e.candidates) == ["武侯区市场监督管理局", "铜梁区市场监督管理局",
                                                    "锦江区市场监督管理局"]
    assert all(c.iri for c in e.candidates)
    # and the full name picks one
    assert ask("武侯区市场监督管理局牵头哪些任务？", data=kgs["corpus"]).understood["entities"][0]["label"] == (
        "武侯区市场监督管理局")


def test_a_task_number_outside_the_plan_is_not_in_the_graph(sample):
    with pytest.raises(AskError) as refusal:
        sample.ask("第二十项任务由谁牵头")
    assert refusal.value.reason == "not-in-graph" and "1–12" in refusal.value.message


# ---------------------------------------------------------------- the README and the example forms
README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
ASK_DOC = (Path(__file__).resolve().parent.parent / "docs" / "ask.md").read_text(encoding="utf-8")


def test_every_example_form_is_answered_with_its_intent(sample):
    for intent in INTENTS.values():
        for form in intent.forms:
            assert sample.ask(form).understood["intent"] == intent.name, form


def test_docs_list_the_question_forms_and_the_readme_points_there():
    assert forms_markdown() in ASK_DOC
    section = README.split("## Ask in Chinese", 1)[1].split("\n## ", 1)[0]
    for command in ("policykg ask", "--format json", "--endpoint", "kg.ask("):
        assert command in section and command in ASK_DOC
    assert "](docs/ask.md)" in section


def test_docs_give_the_score_of_this_question_set():
    docs = (Path(__file__).resolve().parent.parent / "docs" / "ask.md").read_text(encoding="utf-8")
    questions = QUESTIONS["questions"]
    refused = sum("refuse" in q for q in questions)
    assert (f"questions  {len(questions)} ({len(questions) - refused} answerable, {refused} to refuse)\n"
            f"accuracy   1.000 ({len(questions)}/{len(questions)})") in docs


def test_docs_example_is_what_ask_prints(sample):
    block = ASK_DOC.split("<!-- BEGIN ask-example", 1)[1].split("<!-- END ask-example -->", 1)[0]
    shown = block.split("```text\n", 1)[1].rsplit("```", 1)[0]
    assert shown == sample.ask("谁负责知识产权司法保护？").format("table")


# ---------------------------------------------------------------- policykg ask
def test_the_command_prints_what_was_understood_and_the_source(cli, kgs):
    run = cli("ask", "区市场监管局牵头哪些任务？", "--data", str(kgs["sample"]))
    assert run.returncode == 0, run.stderr
    for line in ("意图 intent:    tasks-led", "实体 entity:    区市场监管局 → agency 长寿区市场监督管理局",
                 "查询 query:     tasks-led-by-agency", "出处 sources:", "SPARQL:", "VALUES (?agency)",
                 "（一） [990–1023] （责任单位：区市场监管局，配合单位：区司法局、区财政局、区科技局）"):
        assert line in run.stdout, line
    assert "(10 rows)" in run.stdout


def test_the_command_gives_json_and_csv(cli, kgs):
    run = cli("ask", "区市场监管局牵头几项任务？", "--data", str(kgs["sample"]), "--format", "json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["answer"] == [10] and data["query"] == "agency-task-counts"
    assert {"question", "understood", "query", "sparql", "columns", "rows"} <= set(data)
    run = cli("ask", "第三项任务由谁牵头", "--data", str(kgs["sample"]), "--format", "csv")
    header, row = run.stdout.splitlines()
    assert header.endswith(",quote,quote_start,quote_end") and "（责任单位：区法院" in row


def test_the_command_refuses_with_exit_code_15(cli, kgs):
    run = cli("ask", "长寿区的GDP是多少？", "--data", str(kgs["sample"]))
    assert run.returncode == 15
    assert "未回答 refused: 不理解“GDP”" in run.stdout and "可以这样问 try:" in run.stdout
    assert run.stderr.startswith("policykg: ") and run.stderr.count("\n") == 1
    run = cli("ask", "区市场监管局牵头哪些任务？", "--data", str(kgs["corpus"]), "--format", "json")
    assert run.returncode == 15
    refusal = json.loads(run.stdout)
    assert refusal["refused"] == "ambiguous" and len(refusal["candidates"]) == 3


def test_the_command_on_a_served_endpoint(cli, kgs):
    with served({"sample": kgs["sample"]}) as urls:
        remote = cli("ask", "谁负责知识产权司法保护？", "--endpoint", urls["sample"], "--format", "json")
    local = cli("ask", "谁负责知识产权司法保护？", "--data", str(kgs["sample"]), "--format", "json")
    assert remote.returncode == local.returncode == 0, remote.stderr
    assert json.loads(remote.stdout) == json.loads(local.stdout)
