"""Score `kg.ask` on the project's question set (``tests/data/ask-questions.json``).

    python benchmarks/score_ask.py                 # build both KGs in a temporary folder, score, print
    python benchmarks/score_ask.py --endpoint      # the same questions through served Oxigraph endpoints
    python benchmarks/score_ask.py --json          # the numbers and every miss as JSON
    python benchmarks/score_ask.py --set corpus    # the dev-corpus set: 27 real plans in one KG

The dev-corpus set (``tests/data/ask-corpus-questions.json``, written from the dev plans' gold by
``benchmarks/ask_corpus_questions.py``) asks one KG of the 27 plans of ``tests/data/dev/docs``; where the
gold cannot be put as the answer's values (tasks whose numbers the question cannot carry, units as
written) a question gives the expected ``rows``: the distinct values of a column (or of a tuple of
columns) of the answer's rows.

The set holds questions on two KGs: the bundled sample plan and a small corpus of generated plans
(`loaders.synthetic.plans.generate_corpus` with the count and seed the file names). Each question has either
the answer the gold annotations give (task numbers, agency full names, a count, targets … from
``tests/data/changshou-ip-plan.gold.json`` and the generator's expected extraction), or the
reason it must be refused (``not-understood``, ``not-in-graph``, ``ambiguous``).

A question is *correct* when its answer equals the expected one (as a set, unless ``ordered``) with the
expected intent, or when it is refused for the expected reason; *wrong* when it is answered and the
answer or intent differs, or answered when it should be refused; *refused* when an answerable question
is refused. ``tests/test_ask.py`` asserts zero wrong and every question correct.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

from kg.ask import AskError, AskResult, ask  # noqa: E402

QUESTIONS = ROOT / "tests" / "data" / "ask-questions.json"
SETS = {"sample": QUESTIONS, "corpus": ROOT / "tests" / "data" / "ask-corpus-questions.json"}


def load_questions(path: Path = QUESTIONS) -> dict[str, Any]:
    """The question set: ``{"corpus": {count, seed, tasks_range}, "questions": [...]}``."""
    return json.loads(path.read_text(encoding="utf-8"))


def build_kgs(workdir: Path, corpus: dict[str, Any]) -> dict[str, Path]:
    """Build the KGs of the question set under ``workdir``: ``{"sample": kg.ttl, "corpus": kg.ttl}``, or
    ``{"dev": kg.ttl}`` for the dev-corpus set (``corpus`` names the folder of its plans)."""
    from kg.graph.corpus import build_corpus
    from kg.resources import sample_path
    from loaders.synthetic.plans import generate_corpus, write_corpus

    if "dev" in corpus:
        build_corpus(sorted((ROOT / corpus["dev"]).glob("*.txt")), workdir / "dev", jobs=1, validate=False)
        return {"dev": workdir / "dev" / "kg.ttl"}

    build_corpus([sample_path()], workdir / "sample", jobs=1, validate=False)
    plans = generate_corpus(corpus["count"], seed=corpus["seed"], tasks_range=tuple(corpus["tasks_range"]))
    files = write_corpus(plans, workdir / "plans")
    build_corpus(files, workdir / "corpus", jobs=1, validate=False)
    return {"sample": workdir / "sample" / "kg.ttl", "corpus": workdir / "corpus" / "kg.ttl"}


def _normal(intent: str, values: list[Any]) -> Any:
    if intent == "top-pair":  # "A、B" in the query's order; the file keeps each pair sorted
        return sorted(sorted(v.split("、")) if isinstance(v, str) else sorted(v) for v in values)
    return values


def _cell(value: Any) -> Any:
    """A cell as compared: numbers as floats (10 and 10.0 alike), the rest as text."""
    if isinstance(value, bool) or value is None:
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


def _same_rows(expected: dict[str, Any], rows: list[dict[str, Any]]) -> bool:
    """The distinct values of ``expected["column"]`` (or the tuples of ``expected["columns"]``) of the rows
    are exactly ``expected["values"]``."""
    columns = expected.get("columns") or [expected["column"]]
    got = {tuple(_cell(r.get(c)) for c in columns) for r in rows}
    want = {tuple(_cell(v) for v in (value if "columns" in expected else [value]))
            for value in expected["values"]}
    return got == want


def _same(expected: dict[str, Any], result: AskResult) -> bool:
    if result.understood["intent"] != expected["intent"]:
        return False
    if "rows" in expected:
        return _same_rows(expected["rows"], result.rows)
    got, want = _normal(expected["intent"], result.answer), _normal(expected["intent"], expected["answer"])
    if expected.get("ordered"):
        return got == want
    def key(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    return sorted(map(key, got)) == sorted(map(key, want)) and len(got) == len(want)


@dataclass
class Score:
    """Counts and the misses of one run over the question set."""

    total: int = 0
    correct: int = 0
    answerable: int = 0
    to_refuse: int = 0
    wrong: list[dict[str, Any]] = field(default_factory=list)
    refused: list[dict[str, Any]] = field(default_factory=list)  # answerable but refused
    other_reason: list[dict[str, Any]] = field(default_factory=list)  # refused, for another reason
    answers: dict[str, Any] = field(default_factory=dict)  # (kg, question) -> answer or refusal

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "correct": self.correct, "accuracy": round(self.accuracy, 4),
                "answerable": self.answerable, "to_refuse": self.to_refuse, "wrong": self.wrong,
                "refused": self.refused, "refused_for_another_reason": self.other_reason}

    def report(self) -> str:
        lines = [f"questions  {self.total} ({self.answerable} answerable, {self.to_refuse} to refuse)",
                 f"accuracy   {self.accuracy:.3f} ({self.correct}/{self.total})",
                 f"wrong      {len(self.wrong)}",
                 f"refused    {len(self.refused)} answerable questions refused, "
                 f"{len(self.other_reason)} refused for another reason"]
        for title, misses in (("wrong", self.wrong), ("refused", self.refused),
                              ("refused for another reason", self.other_reason)):
            for m in misses:
                lines.append(f"  {title}: [{m['kg']}] {m['question']} → {m['got']} "
                             f"(expected {m['expected']})")
        return "\n".join(lines) + "\n"


def score(questions: list[dict[str, Any]], answer: Callable[[str, str], AskResult]) -> Score:
    """Ask every question through ``answer(kg_name, question)`` and count."""
    s = Score()
    for q in questions:
        s.total += 1
        expected = ({"refuse": q["refuse"]} if "refuse" in q else
                    {"intent": q["intent"],
                     **({"rows": q["rows"]} if "rows" in q else {"answer": q["answer"]})})
        miss = {"kg": q["kg"], "question": q["question"], "expected": expected}
        try:
            result = answer(q["kg"], q["question"])
        except AskError as refusal:
            refused = {"refused": refusal.reason, "message": refusal.message}
            s.answers[f"{q['kg']}|{q['question']}"] = {"refused": refusal.reason}
            if "refuse" in q:
                s.to_refuse += 1
                if refusal.reason == q["refuse"]:
                    s.correct += 1
                else:
                    s.other_reason.append({**miss, "got": refused})
            else:
                s.answerable += 1
                s.refused.append({**miss, "got": refused})
            continue
        got = {"intent": result.understood["intent"], "answer": result.answer}
        s.answers[f"{q['kg']}|{q['question']}"] = {**got, "rows": result.rows}
        if "refuse" in q:
            s.to_refuse += 1
            s.wrong.append({**miss, "got": got})
        else:
            s.answerable += 1
            if _same(q, result):
                s.correct += 1
            else:
                s.wrong.append({**miss, "got": got})
    return s


@contextmanager
def served(kgs: dict[str, Path]) -> Iterator[dict[str, str]]:
    """Each KG on its own real Oxigraph server on 127.0.0.1 (``policykg serve``); yields the URLs."""
    from kg.sparql.endpoint import serve_kg

    servers = {}
    try:
        for name, path in kgs.items():
            servers[name] = serve_kg(path, port=0, query_timeout=60)
        yield {name: s.url for name, s in servers.items()}
    finally:
        for s in servers.values():
            s.stop()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=sorted(SETS), default="sample",
                    help="the question set: the sample plan and a generated corpus (sample), or the dev "
                         "corpus (corpus)")
    ap.add_argument("--questions", type=Path, default=None, help="a question file (overrides --set)")
    ap.add_argument("--endpoint", action="store_true", help="ask through served endpoints, not the files")
    ap.add_argument("--json", action="store_true", help="print the numbers and the misses as JSON")
    args = ap.parse_args(argv)
    data = load_questions(args.questions or SETS[args.set])
    with tempfile.TemporaryDirectory(prefix="policykg-ask-") as tmp:
        kgs = build_kgs(Path(tmp), data["corpus"])
        if args.endpoint:
            with served(kgs) as urls:
                result = score(data["questions"], lambda kg, q: ask(q, endpoint=urls[kg]))
        else:
            result = score(data["questions"], lambda kg, q: ask(q, data=kgs[kg]))
    text = json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n" if args.json else result.report()
    print(text, end="")
    return 0 if not result.wrong else 1


if __name__ == "__main__":
    raise SystemExit(main())
