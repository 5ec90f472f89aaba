"""Example questions drawn from the graph at hand: the question forms of `kg.ask.intents` speak of the
sample plan (区市场监管局, 区法院, 第三项任务); on another graph their names are replaced by the graph's own
— an agency it holds, one of its plans and places, a task, a target year, an indicator — so that the
examples, the suggestions of a refusal and the explorer's question box can be asked as they stand.

The names of the forms that stand for a kind of thing are data (`SAMPLE_NAMES`); `fillers` picks the
graph's names for each kind, `fill` writes a form with them.
"""

from __future__ import annotations

from collections import Counter

from .vocabulary import Vocabulary

__all__ = ["SAMPLE_NAMES", "EXPLORER_FORMS", "fillers", "fill", "example_questions"]

#: the sample plan's names in the question forms, and the kind of name each stands for (longest first)
SAMPLE_NAMES: tuple[tuple[str, str], ...] = (
    ("《重庆市长寿区商标品牌奖励办法》", "cited"),
    ("《重庆市知识产权强市建设纲要》", "cited"),
    ("每万人口发明专利拥有量", "indicator"),
    ("长寿区市场监督管理局", "agency"),
    ("区市场监管局", "agency"),
    ("第三项任务", "task"),
    ("第五项任务", "task"),
    ("长寿区方案", "document"),
    ("这份方案", "document"),
    ("这个方案", "document"),
    ("区检察院", "other"),
    ("区科技局", "other"),
    ("区经信委", "other"),
    ("区文旅委", "other"),
    ("区人社局", "agency"),
    ("区法院", "agency"),
    ("2025年", "year"),
)

#: the forms the explorer's question box offers (`example_questions`)
EXPLORER_FORMS: tuple[str, ...] = (
    "区市场监管局牵头哪些任务？", "第三项任务由谁牵头？", "哪些部门与区法院合作？",
    "哪个部门牵头的任务最多？", "2025年的目标有哪些？", "这份方案引用了哪些文件？",
    "这份方案有多少项任务？",
)


def _chinese(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens % 10]) + "十" + (digits[ones] if ones else "")


def fillers(vocab: Vocabulary) -> dict[str, str]:
    """Each sample name of `SAMPLE_NAMES` → the graph's name of its kind (none for a kind the graph does
    not hold, nor for a name the graph has: a graph of one document keeps 这份方案 and 第三项任务).

    Agencies are those named by most documents (then most tasks), by a name that means one body here
    (市人社局 of three cities is written in full: 兰州市人力资源和社会保障局).

    Examples
    --------
    >>> fillers(Vocabulary())
    {}
    """
    if "fillers" not in vocab.cache:
        vocab.cache["fillers"] = _fillers(vocab)
    return vocab.cache["fillers"]


def _fillers(vocab: Vocabulary) -> dict[str, str]:
    out: dict[str, str] = {}
    docs = vocab.built_documents()
    if not docs:
        return out
    tasks_of = Counter(t.document for t in vocab.tasks.values())
    agencies = sorted((a for a in vocab.agencies.values() if not a.collective),
                      key=lambda a: (-len(vocab.agency_documents.get(a.iri, ())), a.full_name))
    names = [a.label if len(vocab.agency_names.get(a.label, ())) == 1 else a.full_name for a in agencies]
    for kind, name in zip(("agency", "other"), names, strict=False):
        out[kind] = name
    if len(docs) > 1:
        doc = max(docs, key=lambda d: (tasks_of[d.iri], d.identifier))
        out["document"] = f"《{doc.title}》"
        numbers = Counter(t.number for t in vocab.tasks.values() if t.document == doc.iri)
        unique = sorted(n for n, k in numbers.items() if k == 1)
        if unique:
            out["task"] = f"《{doc.title}》第{_chinese(unique[0])}项任务"
    years = Counter(y for y, entries in vocab.years.items() for kind, _, _ in entries if kind == "target")
    if years:
        out["year"] = f"{max(years, key=lambda y: (years[y], y))}年"
    if vocab.indicators:
        named = sorted(vocab.indicators.values(), key=lambda n: (len(n) < 4, len(n), n))
        out["indicator"] = named[0]
    cited = sorted(d.title for d in vocab.documents.values() if not d.built and d.title)
    if cited:
        out["cited"] = f"《{cited[0]}》"
    # a sample name this graph holds (the sample plan's own graph) stays as it is
    return {sample: out[kind] for sample, kind in SAMPLE_NAMES
            if kind in out and len(vocab.agency_names.get(sample, ())) != 1
            and not (kind == "indicator" and sample in vocab.indicators.values())
            and not (kind == "year" and int(sample[:4]) in vocab.years)
            and not (kind == "cited" and sample.strip("《》") in cited)}


def fill(form: str, names: dict[str, str]) -> str:
    """A question form with the sample plan's names replaced by the graph's (`fillers`).

    Examples
    --------
    >>> fill("区市场监管局牵头哪些任务？", {"区市场监管局": "农业农村部"})
    '农业农村部牵头哪些任务？'
    >>> fill("第三项任务由谁牵头？", {})
    '第三项任务由谁牵头？'
    """
    for sample, _ in SAMPLE_NAMES:
        if sample in form and sample in names:
            form = form.replace(sample, names[sample])
    return form


def example_questions(vocab: Vocabulary, forms: tuple[str, ...] = EXPLORER_FORMS) -> list[str]:
    """Example questions for this graph: ``forms`` with its names, and the plans of a place when the
    graph holds documents of several places.

    Examples
    --------
    >>> example_questions(Vocabulary())[:2]
    ['区市场监管局牵头哪些任务？', '第三项任务由谁牵头？']
    """
    names = fillers(vocab)
    out = [fill(f, names) for f in forms]
    places = sorted({p for d in vocab.built_documents() if (p := vocab.document_place(d.iri))})
    if len(places) > 1:
        out.append(f"{places[0]}有哪些文件？")
    return list(dict.fromkeys(out))
