"""Ask a real corpus (`kg.ask` on one KG of the 27 dev plans): the dev-corpus question set written from the
gold and scored with its floor, paraphrases of every corpus intent answered alike or refused (never
answered otherwise), scopes (a plan by title, 文号 or place; the places within a province; an agency
function), target values stated with unit and year, ambiguous names listed with their place, and
example questions drawn from the graph at hand."""

from __future__ import annotations

import json
from itertools import product
from pathlib import Path

import pytest

from benchmarks.ask_corpus_questions import OUT, build
from benchmarks.score_ask import SETS, build_kgs, load_questions, score
from kg.ask import Asker, AskError
from kg.ask.examples import example_questions
from kg.ask.words import CUES

CORPUS = load_questions(SETS["corpus"])

@pytest.fixture(scope="module")
def dev(tmp_path_factory) -> Asker:
    kgs = build_kgs(tmp_path_factory.mktemp("ask-dev"), CORPUS["corpus"])
    return Asker(data=kgs["dev"])


@pytest.fixture(scope="module")
def corpus_score(dev):
    return score(CORPUS["questions"], lambda kg, q: dev.ask(q))


# ---------------------------------------------------------------- the dev-corpus question set
def test_the_set_is_what_the_gold_gives():
    assert json.loads(OUT.read_text(encoding="utf-8")) == build()
    intents = {q["intent"] for q in CORPUS["questions"]}
    assert {"document-tasks", "tasks-led", "task-count", "task-leads", "targets", "cited", "citing",
            "documents"} <= intents
    assert len(CORPUS["questions"]) >= 300


def test_the_set_is_answered_right_or_refused(corpus_score):
    assert corpus_score.wrong == [], corpus_score.report()
    assert corpus_score.accuracy >= 0.95, corpus_score.report()


# ---------------------------------------------------------------- paraphrases
NONGJI = "《国务院关于加快推进农业机械化和农机装备产业转型升级的指导意见》"
PARAPHRASES: dict[str, list[str]] = {
    "tasks-led": [
        "国发〔2018〕42号中农业农村部牵头哪些任务？",
        "国发〔2018〕42号里哪些任务由农业农村部牵头？",
        "在国发〔2018〕42号中，农业农村部作为牵头单位负责哪些工作？",
        f"{NONGJI}里农业农村部牵头的任务有哪些",
        f"{NONGJI}中由农业农村部负责的任务有哪些呢",
        "国发〔2018〕42号里农业农村部主抓什么工作",
        "农业农村部在国发〔2018〕42号中牵头了哪些任务",
    ],
    "task-count": [
        "国发〔2018〕42号中农业农村部牵头几项任务？",
        "农业农村部在国发〔2018〕42号里牵头多少项任务",
        f"{NONGJI}里农业农村部一共牵头了几个任务？",
    ],
    "tasks-cooperating": [
        "国发〔2018〕42号中财政部配合哪些任务？",
        "国发〔2018〕42号里财政部协助了什么工作",
        f"{NONGJI}中财政部配合的任务有哪些",
    ],
    "task-leads": [
        "国发〔2018〕42号第三项任务由谁牵头？",
        "国发〔2018〕42号里谁牵头第三项任务",
        f"{NONGJI}的第三项任务的牵头单位是哪个部门",
        "国发〔2018〕42号任务三由哪个部门负责",
        f"{NONGJI}（三）由谁牵头",
    ],
    "document-tasks": [
        f"{NONGJI}有多少项任务？",
        "国发〔2018〕42号一共有几项任务",
        f"{NONGJI}里有多少个重点任务",
    ],
    "targets": [
        f"{NONGJI}中2020年全国农机总动力要达到多少？",
        "国发〔2018〕42号里全国农机总动力2020年的目标是多少",
        "2020年全国农机总动力要达到多少？",
        "全国农机总动力2020年的目标值是多少",
    ],
    "cited": [
        f"{NONGJI}引用了哪些文件？",
        "国发〔2018〕42号依据哪些文件",
        f"{NONGJI}参照了哪些政策文件",
    ],
    "citing": [
        "哪些文件引用了《中华人民共和国农业机械化促进法》？",
        "哪些方案依据《中华人民共和国农业机械化促进法》",
        "哪些文件援引了《中华人民共和国农业机械化促进法》",
    ],
    "documents": [
        "湖北省有哪些文件？",
        "湖北有哪些方案",
        "湖北省的文件有哪些",
    ],
}


def test_paraphrases_are_answered_alike_or_refused(dev):
    """Every phrasing of a question gets the first phrasing's answer, or is refused — never another
    answer; and most phrasings are answered."""
    answered = total = 0
    for intent, phrasings in PARAPHRASES.items():
        first = dev.ask(phrasings[0])
        assert first.understood["intent"] == intent, phrasings[0]
        for q in phrasings:
            total += 1
            try:
                r = dev.ask(q)
            except AskError:
                continue
            assert (r.understood["intent"], r.answer) == (intent, first.answer), q
            answered += 1
    assert answered / total >= 0.9, (answered, total)


def generated_paraphrases(agency: str, role: str) -> list[str]:
    """Every role verb of `kg.ask.words.CUES` in two frames (X<verb>哪些任务 / 哪些任务由X<verb>), with the
    question words and task nouns, asked of one plan named by its 文号."""
    verbs = [w for w in CUES[role] if not w.endswith(("单位", "部门"))]  # the role nouns are tested above
    nouns = CUES["task_noun"][:4]
    return ([f"国发〔2018〕42号中{agency}{v}{wh}{n}？" for v, wh, n in product(verbs, ("哪些", "什么"), nouns)]
            + [f"国发〔2018〕42号里哪些{n}由{agency}{v}？" for v, n in product(verbs, nouns[:3])])


@pytest.mark.parametrize(("agency", "role", "intent"), [("农业农村部", "lead", "tasks-led"),
                                                         ("财政部", "coop", "tasks-cooperating")])
def test_generated_paraphrases_are_answered_alike(dev, agency, role, intent):
    phrasings = generated_paraphrases(agency, role)
    assert len(phrasings) >= 60
    first = dev.ask(phrasings[0])
    assert first.understood["intent"] == intent and first.answer
    for q in phrasings:
        r = dev.ask(q)
        assert (r.understood["intent"], r.answer) == (intent, first.answer), q


# ---------------------------------------------------------------- scopes, numbers, help
def test_a_target_value_is_stated_with_its_unit_and_year(dev):
    r = dev.ask("2020年全国农机总动力要达到多少？")
    assert r.understood["intent"] == "targets"
    assert r.answer == ["全国农机总动力 2020年 10亿千瓦"]
    assert "10亿千瓦" in r.summary and "2020" in r.summary
    assert r.quotes and "10亿千瓦" in r.quotes[0].text


def test_places_scope_to_their_plans_and_the_plans_within(dev):
    province = dev.ask("广东有哪些文件？").answer
    city = dev.ask("深圳市有哪些文件？").answer
    assert set(city) < set(province) and len(city) == 2  # 深圳's plan and 罗湖区's within it
    assert dev.ask("罗湖区的方案有多少项任务？").answer == [17]


def test_a_year_scopes_to_the_plans_of_that_year(dev):
    assert len(dev.ask("2018年有哪些文件？").answer) == 5  # the five State Council documents of 2018
    assert len(dev.ask("四川省2026年有哪些方案").answer) == 2  # 四川's plan and 南充's, both 2026–2027
    with pytest.raises(AskError) as refusal:
        dev.ask("2018年的目标有哪些")  # plans of 2018, but no target due then
    assert refusal.value.reason == "not-in-graph"


def test_an_agency_function_names_every_body_of_it_in_scope(dev):
    r = dev.ask("四川省市场监管部门牵头哪些任务？")
    assert r.understood["intent"] == "tasks-led"
    assert {e["label"] for e in r.understood["entities"] if e["kind"] == "agency"} >= {"四川省市场监督管理局"}
    assert r.answer and all(row["document"].rsplit("/", 1)[1].startswith(("aiopc_sichuan", "aiopc_nanchong",
                                                                              "guangyuan"))
                            for row in r.rows)


def test_an_ambiguous_name_lists_each_body_with_its_place(dev):
    with pytest.raises(AskError) as refusal:
        dev.ask("市人社局牵头哪些任务？")
    assert refusal.value.reason == "ambiguous"
    labels = [c.label for c in refusal.value.candidates]
    assert len(labels) == len(set(labels)) >= 3
    assert all(label.endswith("人力资源和社会保障局") and "市" in label[:4] for label in labels)
    # each listed once, with its place and the plan that names it
    suggestions = refusal.value.suggestions
    assert len(suggestions) == len(set(suggestions)) == len(labels)
    assert all(s.startswith(label) and "市；《" in s for s, label in zip(suggestions, labels, strict=True))


def test_examples_and_suggestions_speak_of_the_graph_at_hand(dev):
    examples = example_questions(dev.vocabulary)
    assert not any(name in q for q in examples for name in ("区市场监管局", "区法院"))
    for q in examples:
        dev.ask(q)  # each is answered on this graph
    with pytest.raises(AskError) as refusal:
        dev.ask("长寿区的GDP是多少？")
    assert not any("区市场监管局" in s or "区法院" in s for s in refusal.value.suggestions)


def test_the_corpus_set_file_names_the_dev_plans():
    assert (Path(__file__).resolve().parent.parent / CORPUS["corpus"]["dev"]).is_dir()
