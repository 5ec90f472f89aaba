"""Score the extractor on the development corpus of real plans (the README's score table).

    python benchmarks/score_dev.py                 # Markdown table: one row per plan + micro totals
    python benchmarks/score_dev.py --json          # the same numbers as JSON
    python benchmarks/score_dev.py DOCS GOLD       # another folder of documents and gold files

Each document is extracted in process (the JSON `policykg extract` prints) and scored with the
corpus's own scorer (`tests/tools/score_extraction.py`, a verbatim copy of the shared tool): tasks
aligned by title, role-qualified assignments, targets and cited documents as precision/recall/F1,
micro-averaged over the corpus by summing true/false positives and negatives.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

from kg.graph.extraction import to_json  # noqa: E402
from loaders.extract.document import load_document  # noqa: E402
from tests.tools.score_extraction import score  # noqa: E402

DEV = ROOT / "tests" / "data" / "dev"
PARTS = ("assignments", "targets", "cited_documents")


def _f1(tp: int, fp: int, fn: int) -> float:
    return round(2 * tp / (2 * tp + fp + fn), 4) if tp else (1.0 if not (fp or fn) else 0.0)


def score_corpus(docs: Path = DEV / "docs", gold: Path = DEV / "gold") -> dict:
    """Per-document scores and micro-averaged totals for every ``GOLD/*.json`` with a ``DOCS/*.txt``.

    Examples
    --------
    >>> result = score_corpus()
    >>> result["tasks_found"][1] >= 188 and set(result["micro"]) == set(PARTS)
    True
    """
    per: dict[str, dict] = {}
    sums = {p: [0, 0, 0] for p in PARTS}
    found = [0, 0]
    for g in sorted(gold.glob("*.json")):
        doc = load_document(docs / (g.stem + ".txt"), require_tasks=False)
        s = score(to_json(doc), json.loads(g.read_text(encoding="utf-8")))
        per[g.stem] = s
        for p in PARTS:
            for i, k in enumerate(("tp", "fp", "fn")):
                sums[p][i] += s[p][k]
        found[0] += s["tasks"]["aligned"]
        found[1] += s["tasks"]["gold"]
    return {"documents": per, "micro": {p: _f1(*v) for p, v in sums.items()}, "tasks_found": found}


def markdown(result: dict) -> str:
    """The result as the README's Markdown table."""
    rows = [
        "| plan | tasks found | assignments F1 | targets F1 | cited documents F1 |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, s in result["documents"].items():
        rows.append(
            f"| {name} | {s['tasks']['aligned']}/{s['tasks']['gold']} | {s['assignments']['f1']:.3f} | "
            f"{s['targets']['f1']:.3f} | {s['cited_documents']['f1']:.3f} |"
        )
    m, (a, g) = result["micro"], result["tasks_found"]
    rows.append(
        f"| **micro** | **{a}/{g}** | **{m['assignments']:.3f}** | **{m['targets']:.3f}** | "
        f"**{m['cited_documents']:.3f}** |"
    )
    return "\n".join(rows)


def _cells(s: dict) -> list[str]:
    tasks = f"{s['tasks']['aligned']}/{s['tasks']['gold']}"
    return [tasks, f"{s['assignments']['f1']:.3f}", f"{s['targets']['f1']:.3f}"]


def first_contact_markdown(result: dict, first: dict, written_on: set[str]) -> str:
    """First contact beside now: each plan's scores the first time the extractor met it, and today.

    ``first`` is a `score_corpus` result of the extractor before anything was changed for the plans
    (``benchmarks/results/dev-first-contact.json``); plans in ``written_on`` had their rules written on
    them before that, so they have no first-contact figure (shown as "—").

    Examples
    --------
    >>> d = {"tasks": {"aligned": 2, "gold": 2}, "assignments": {"f1": 1.0, "tp": 3, "fp": 0, "fn": 0},
    ...      "targets": {"f1": 0.5, "tp": 1, "fp": 1, "fn": 1}}
    >>> r = {"documents": {"p": d}}
    >>> print(first_contact_markdown(r, r, set()).splitlines()[2])
    | p | 2/2 | 1.000 | 0.500 | 2/2 | 1.000 | 0.500 |
    """
    rows = [
        "| plan | first contact: tasks | assignments F1 | targets F1 "
        "| now: tasks | assignments F1 | targets F1 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, s in result["documents"].items():
        before = ["—"] * 3 if name in written_on else _cells(first["documents"][name])
        rows.append("| " + " | ".join([name, *before, *_cells(s)]) + " |")
    new = [n for n in result["documents"] if n not in written_on]

    def micro(r: dict) -> list[str]:
        sums = {p: [0, 0, 0] for p in ("assignments", "targets")}
        found = [0, 0]
        for n in new:
            d = r["documents"][n]
            for p, v in sums.items():
                for i, k in enumerate(("tp", "fp", "fn")):
                    v[i] += d[p][k]
            found[0] += d["tasks"]["aligned"]
            found[1] += d["tasks"]["gold"]
        a, t = _f1(*sums["assignments"]), _f1(*sums["targets"])
        return [f"**{found[0]}/{found[1]}**", f"**{a:.3f}**", f"**{t:.3f}**"]

    label = f"**micro, the {len(new)} plans met for the first time**"
    rows.append("| " + " | ".join([label, *micro(first), *micro(result)]) + " |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("docs", nargs="?", type=Path, default=DEV / "docs")
    ap.add_argument("gold", nargs="?", type=Path, default=DEV / "gold")
    ap.add_argument("--json", action="store_true", help="print JSON instead of the Markdown table")
    ap.add_argument("--first-contact", type=Path, default=None, metavar="JSON",
                    help="a --json result of the extractor before it met the plans: print both side by side")
    ap.add_argument("--written-on", default="", help="comma-separated plans the rules were written on")
    args = ap.parse_args(argv)
    result = score_corpus(args.docs, args.gold)
    if args.first_contact:
        first = json.loads(args.first_contact.read_text(encoding="utf-8"))
        written = {p for p in args.written_on.split(",") if p}
        print(first_contact_markdown(result, first, written))
        return 0
    print(json.dumps(result, ensure_ascii=False) if args.json else markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
