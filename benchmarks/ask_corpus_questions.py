"""Write the dev-corpus question set of `kg.ask` (``tests/data/ask-corpus-questions.json``) from the gold.

    python benchmarks/ask_corpus_questions.py          # (re)write the file
    python benchmarks/ask_corpus_questions.py --check  # exit 1 when the file is not what the gold gives

Every expected answer comes from the hand-checked annotations of the 27 dev plans
(``tests/data/dev/gold/*.json``: tasks with their lead units as written, targets, cited documents) and
their metadata (``tests/data/dev/metadata.json``: title, 文号, jurisdiction and its GB/T 2260 code) —
never from `kg.ask`. Each question is asked in several phrasings, naming the plan by its title (with and
without 《》), its 文号 or its place, so that a phrasing the reader misses shows as a refusal or a wrong
answer. `benchmarks/score_ask.py --set corpus` scores it on the KG of the 27 plans.

Where the gold names a task by a label the question cannot carry (罗湖 ``第三条（一）``), tasks are compared
by title (``rows`` with column ``title``); units by the name as written in the clause (``as_written``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "data" / "dev"
OUT = ROOT / "tests" / "data" / "ask-corpus-questions.json"

_CN = "零一二三四五六七八九"
_TASK_ID = re.compile(r"[（(]([一二三四五六七八九十]+)[）)]|(\d+)[．.、]?|第([一二三四五六七八九十]+)条")


def _cn(n: int) -> str:
    """3 → 三, 12 → 十二, 20 → 二十 (task numbers of the dev plans are below 100)."""
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


def _number(task_id: str) -> int | None:
    """The number of a task id written （三）, 3．, 3. or 第三条; None for other forms (附则（二）1.)."""
    m = _TASK_ID.fullmatch(task_id)
    if not m:
        return None
    if m.group(2):
        return int(m.group(2))
    text = m.group(1) or m.group(3)
    value = 0
    if "十" in text:
        tens, _, ones = text.partition("十")
        value = (_CN.index(tens) if tens else 1) * 10 + (_CN.index(ones) if ones else 0)
    else:
        value = _CN.index(text)
    return value


def _bare(place: str) -> str:
    for suffix in ("维吾尔自治区", "自治区", "地区", "省", "市", "区", "县"):
        if place.endswith(suffix) and len(place) - len(suffix) >= 2:
            return place[: -len(suffix)]
    return place


#: the relative scope a plan's own bodies are written with (省卫生健康委 in a provincial plan)
_SCOPE = {"national": "", "province": "省", "prefecture": "市", "county": "区县"}


def _body(name: str, scope: str, place: str) -> str:
    """A unit's name without the plan's own place or scope: 省卫生健康委 and 卫生健康委 name one body in a
    provincial plan, 罗湖区科技和工业信息化局 and 区科技和工业信息化局 one in 罗湖's (the gold keeps each as
    written)."""
    if place and name.startswith(place) and len(name) > len(place) + 1:
        return name[len(place):]
    return name[1:] if scope and name[:1] in scope and len(name) > 3 else name


def _title(text: str) -> str:
    """A cited title as the KG keeps it: without 《》 and without the spaces of the typesetting."""
    return "".join(text.strip("《》").split())


def _within(code: str, place_code: str) -> bool:
    """Whether the division ``code`` lies in (or is) ``place_code`` (GB/T 2260: 440000 ⊃ 440300 ⊃ 440303)."""
    stem = place_code.rstrip("0")
    stem = stem + "0" * (len(stem) % 2)  # 440000 → 44, 440300 → 4403, 511300 → 5113
    return code.startswith(stem)


def questions() -> list[dict[str, Any]]:
    meta = json.loads((DEV / "metadata.json").read_text(encoding="utf-8"))
    gold = {k: json.loads((DEV / "gold" / f"{k}.json").read_text(encoding="utf-8")) for k in sorted(meta)}
    title = {k: m["plan_title"] or m["title"] for k, m in meta.items()}
    out: list[dict[str, Any]] = []

    def add(intent: str, phrasings: list[str], **expected: Any) -> None:
        for q in dict.fromkeys(phrasings):
            out.append({"kg": "dev", "question": q, "intent": intent, **expected})

    for k in sorted(meta):
        m, g = meta[k], gold[k]
        names = [f"《{title[k]}》", title[k]] + ([m["document_number"]] if m["document_number"] else [])
        tasks = g["tasks"]
        # how many tasks
        add("document-tasks",
            [f"{names[0]}有多少项任务？", f"{names[1]}一共有几项任务", f"{names[-1]}有几个任务？"],
            answer=[len(tasks)])
        # the unit leading most tasks: which, and how many
        scope, place = _SCOPE[m["jurisdiction"]["level"]], m["jurisdiction"]["name"]
        led = Counter(a for t in tasks for a in dict.fromkeys(t["lead"]))
        if led:
            agency, _ = sorted(led.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            body = _body(agency, scope, place)
            titles = sorted({t["title"] for t in tasks
                             if body in {_body(a, scope, place) for a in t["lead"]}})
            n = len(titles)
            add("tasks-led", [f"{names[0]}中{agency}牵头哪些任务？",
                              f"在{names[1]}里，{agency}作为牵头单位负责哪些工作？",
                              f"{names[-1]}里哪些任务由{agency}牵头？"],
                rows={"column": "title", "values": titles})
            add("task-count",
                [f"{names[0]}中{agency}牵头几项任务？", f"{agency}在{names[-1]}里牵头多少项任务"],
                answer=[n])
        # who leads a task, named by its number (numbers the plan gives one task only)
        numbers = Counter(_number(t["id"]) for t in tasks)
        numbered = [t for t in tasks if _number(t["id"]) is not None and numbers[_number(t["id"])] == 1]
        if len(numbered) >= 2:
            t = numbered[1]
            n = _number(t["id"]) or 0
            add("task-leads", [f"{names[0]}第{_cn(n)}项任务由谁牵头？", f"{names[-1]}里谁牵头第{n}项任务？",
                               f"{names[1]}的第{_cn(n)}项任务的牵头单位是哪个部门"],
                rows={"column": "as_written", "values": sorted(set(t["lead"]))})
        # targets: value, unit and year of an indicator the plan sets once for that year
        seen = Counter((x["indicator"], x["year"]) for x in g["targets"])
        picked = [x for x in g["targets"]
                  if x["year"] is not None and seen[(x["indicator"], x["year"])] == 1][:2]
        for x in picked:
            add("targets", [f"{names[0]}中{x['year']}年{x['indicator']}要达到多少？",
                            f"{names[-1]}里{x['indicator']}{x['year']}年的目标是多少"],
                rows={"columns": ["value", "unit", "year"], "values": [[x["value"], x["unit"], x["year"]]]})
        # the documents it cites
        if g["cited_documents"]:
            add("cited", [f"{names[0]}引用了哪些文件？", f"{names[-1]}依据哪些文件"],
                rows={"column": "title", "values": sorted({_title(c) for c in g["cited_documents"]})})
    # which plans cite a document (cited by plans of the corpus, and not a plan of it)
    citing: dict[str, set[str]] = defaultdict(set)
    for k, g in gold.items():
        for c in g["cited_documents"]:
            citing[_title(c)].add(title[k])
    # (those cited by two plans or more, and one in four of the others: the set stays a few hundred)
    once = sorted(c for c in citing if c not in title.values() and len(citing[c]) == 1)
    for cited in sorted(c for c in citing if c not in title.values() and len(citing[c]) > 1) + once[::4]:
        add("citing", [f"哪些文件引用了《{cited}》？", f"哪些方案依据《{cited}》"],
            answer=sorted(citing[cited]))
    # the plans of a place and of the places within it
    places: dict[str, str] = {}
    for m in meta.values():
        j = m["jurisdiction"]
        if j["level"] != "national":
            places[j["name"]] = j["code"]
            above = ("省", "自治区") if j["level"] == "prefecture" else ("市",)
            if j.get("parent") and j["parent"].endswith(above):
                parent_code = j["code"][:2] + "0000" if j["level"] == "prefecture" else j["code"][:4] + "00"
                places.setdefault(j["parent"], parent_code)
    for place, code in sorted(places.items()):
        plans = sorted(title[k] for k, m in meta.items() if _within(m["jurisdiction"]["code"], code))
        add("documents", [f"{place}有哪些文件？", f"{_bare(place)}有哪些方案"], answer=plans)
    # the plans of a year: issued then (metadata date) or with a plan period that includes it
    of_year: dict[int, set[str]] = defaultdict(set)
    for k, m in meta.items():
        years = {int(m["date"][:4])} if m["date"] else set()
        if m["period"]:
            first, last = (int(y) for y in m["period"].split("-"))
            years |= set(range(first, last + 1))
        for y in years:
            of_year[y].add(title[k])
    for y in sorted(of_year):
        add("documents", [f"{y}年有哪些文件？", f"{y}年的方案有哪些"], answer=sorted(of_year[y]))
    return out


def build() -> dict[str, Any]:
    return {"corpus": {"dev": "tests/data/dev/docs"}, "questions": questions()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 when the file differs from the gold's set")
    args = ap.parse_args(argv)
    text = json.dumps(build(), ensure_ascii=False, indent=1) + "\n"
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{OUT} differs from the gold's question set")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT}: {len(json.loads(text)['questions'])} questions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
