"""How the time to read a question grows with its length: `kg.ask` before and after the linear reading.

    python benchmarks/ask_length.py                          # 250, 500, 1,000, 2,000 characters
    python benchmarks/ask_length.py --lengths 1000 2000 --baseline-max 1000 --json out.json

A question is read (`kg.ask.entities.read_question`: segmentation and name linking) and classified
(`kg.ask.intents.classify`) on the sample plan's KG, for questions of each length made of three kinds of
text: words the graph does not know (the worst case of the old reading), words of task titles
(司法保护 …) and a whole question repeated. The length cap (`kg.ask.refusal.MAX_QUESTION`, 300
characters) refuses such questions before they are read; this benchmark reads them anyway, to show the
reading itself is linear.

The baseline, measured in the same run, is the reading as it was: step 2 (fragments of titles) tried
every end of the question for every start and checked every word in between (`_old_fragments` below,
the code that was in `kg.ask.entities`), which was cubic in the number of words. Both readings must give
the same mentions; ``--baseline-max`` skips the baseline for longer questions (it took minutes).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

from kg.ask import entities  # noqa: E402

SHAPES = {
    "unknown words": "甲乙丙丁戊己庚辛壬癸",
    "title words": "知识产权司法保护运用专利商标",
    "repeated question": "区市场监管局牵头哪些任务？",
}


def _old_fragments(tokens, used, vocab):  # noqa: ANN001, ANN202 - the old step 2, verbatim but for the name
    def filler(k: int) -> bool:
        return entities._role_of(tokens[k].text) == "filler"

    def fragment(i: int, j: int):  # noqa: ANN202
        if any(used[k] or filler(k) for k in range(i, j)):
            return None
        if not any(entities._role_of(t.text) == "unknown" for t in tokens[i:j]):
            return None
        piece = "".join(t.text for t in tokens[i:j])
        return entities._fragment(piece, vocab) if len(piece) >= 2 else None

    return entities._longest_runs(tokens, used, lambda i: len(tokens), fragment, skip=filler)


def question(shape: str, length: int) -> str:
    """``length`` characters of the shape's text, repeated."""
    text = SHAPES[shape]
    return (text * (length // len(text) + 1))[:length]


def read(asker, text: str, reading: str) -> tuple[float, list[tuple[str, int, int]], str]:  # noqa: ANN001
    """Seconds to read and classify ``text``, the mentions found, and the outcome (intent or refusal)."""
    from kg.ask.intents import classify
    from kg.ask.refusal import AskError

    new = entities._fragments
    if reading == "old":
        entities._fragments = _old_fragments
    try:
        t0 = time.perf_counter()
        r = entities.read_question(text, asker.vocabulary, asker.tokenizer)
        try:
            outcome = classify(r, asker.vocabulary).intent.name
        except AskError as refusal:
            outcome = refusal.reason
        seconds = time.perf_counter() - t0
    finally:
        entities._fragments = new
    return seconds, [(m.kind, m.start, m.end) for m in r.mentions], outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lengths", type=int, nargs="+", default=[250, 500, 1000, 2000])
    parser.add_argument("--baseline-max", type=int, default=1000,
                        help="run the old (cubic) reading only up to this length (default 1000)")
    parser.add_argument("--shapes", nargs="+", choices=list(SHAPES), default=list(SHAPES))
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON")
    args = parser.parse_args(argv)

    from kg.ask.answer import Asker
    from kg.graph.build import build_graph
    from kg.resources import sample_path
    from kg.sparql.store import open_kg
    from loaders.extract.document import load_document

    asker = Asker(graph=open_kg(build_graph([load_document(sample_path())])))
    read(asker, "区法院牵头哪些任务？", "new")  # warm the tokenizer
    print(f"# {platform.node()}, {platform.processor() or platform.machine()}, Python "
          f"{platform.python_version()}; load average {' '.join(f'{x:.2f}' for x in _load())}")
    print(f"{'shape':<18} {'chars':>6} {'words':>6} {'linear s':>9} {'old s':>9} {'same':>5}  outcome")
    rows = []
    for shape in args.shapes:
        for n in args.lengths:
            text = question(shape, n)
            new_s, new_m, outcome = read(asker, text, "new")
            old_s = same = None
            if n <= args.baseline_max:
                old_s, old_m, old_outcome = read(asker, text, "old")
                same = old_m == new_m and old_outcome == outcome
            words = len(asker.tokenizer.tokenize(entities.normalise(text)))
            rows.append({"shape": shape, "chars": n, "words": words, "linear_s": round(new_s, 4),
                         "old_s": None if old_s is None else round(old_s, 3), "same": same,
                         "outcome": outcome})
            old = "—" if old_s is None else f"{old_s:.3f}"
            agree = "—" if same is None else str(same)
            print(f"{shape:<18} {n:>6} {words:>6} {new_s:>9.4f} {old:>9} {agree:>5}  {outcome}", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0 if all(r["same"] in (True, None) for r in rows) else 1


def _load() -> tuple[float, ...]:
    try:
        import os

        return os.getloadavg()
    except OSError:  # pragma: no cover
        return ()


if __name__ == "__main__":
    sys.exit(main())
