"""Precision and recall of the task alignment of ``policykg compare`` on generated plan families.

Each family (`loaders.synthetic.corpora.generate_family`) is a city plan and district plans that
implement it, with the known correspondence of every district task (a city task, or none). The
family is written to files, built into one KG with `kg.graph.corpus.build_corpus`, and the city plan
is compared with each district plan through `kg.compare` exactly as the command does; the pairs it
finds are scored against the truth, for a grid of thresholds and title weights::

    .venv/bin/python benchmarks/compare_alignment.py                 # seeds 1–10, 3 districts each
    .venv/bin/python benchmarks/compare_alignment.py --seeds 1-20 --dev

Precision = correct pairs / pairs found, recall = correct pairs / true pairs, micro-averaged over
every district plan; "exact" counts the district plans whose whole alignment is right. ``--dev``
adds the one real pair of the development set with a hand-made alignment (四川省 → 南充市,
``tests/data/compare/aiopc_sichuan-nanchong.alignment.json``) for the same grid.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.compare.align import MIN_Z, THRESHOLD, TITLE_WEIGHT, assign, similarity  # noqa: E402
from kg.compare.compare import _texts  # noqa: E402
from kg.compare.data import find_document, read_responsibilities, read_tasks  # noqa: E402
from kg.graph.corpus import build_corpus  # noqa: E402
from kg.sparql.store import open_kg  # noqa: E402
from loaders.synthetic.corpora import generate_family, write_plans  # noqa: E402

THRESHOLDS = (0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.3)
WEIGHTS = (0.0, 0.1, 0.25, 0.4, 0.5, 1.0)
ZS = (0.0, 2.0, 3.0, 4.0, 5.0, 6.0)  # 0: no background test

# A hand-made alignment of the development set's 四川省 plan (A) with 南充市's (B), which says it
# implements the province's (tests/test_compare.py reads the same file).
DEV_FILE = ROOT / "tests" / "data" / "compare" / "aiopc_sichuan-nanchong.alignment.json"
_DEV = json.loads(DEV_FILE.read_text(encoding="utf-8"))
DEV_PAIR = (_DEV["a"], _DEV["b"])
DEV_TRUTH: dict[str, str | None] = _DEV["alignment"]


def _matrices(graph, a: str, b: str) -> tuple[list[str], list[str], dict[float, object]]:
    docs = find_document(graph, a), find_document(graph, b)
    tasks = [read_tasks(graph, d) for d in docs]
    texts = [_texts(t, read_responsibilities(graph, d)) for t, d in zip(tasks, docs, strict=True)]
    return ([t.id for t in tasks[0]], [t.id for t in tasks[1]],
            {w: similarity(texts[0], texts[1], w) for w in WEIGHTS})


def _pairs(scores, ids_a: list[str], ids_b: list[str], threshold: float, min_z: float) -> set[tuple]:
    return {(ids_a[p.a], ids_b[p.b]) for p in assign(scores, threshold, min_z)}


class Tally:
    def __init__(self) -> None:
        self.found = self.correct = self.true = self.exact = self.plans = 0

    def add(self, found: set, truth: set) -> None:
        self.found += len(found)
        self.correct += len(found & truth)
        self.true += len(truth)
        self.exact += found == truth
        self.plans += 1

    def row(self) -> str:
        p = self.correct / self.found if self.found else 1.0
        r = self.correct / self.true if self.true else 1.0
        return f"P {p:.3f}  R {r:.3f}  exact {self.exact}/{self.plans}"


def _seeds(text: str) -> list[int]:
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="1-10", help="seeds, e.g. 1-10 (default)")
    ap.add_argument("--districts", type=int, default=3)
    ap.add_argument("--dev", action="store_true", help="also score the real pair of the development set")
    args = ap.parse_args(argv)
    grid = [(w, t, z) for w in WEIGHTS for t in THRESHOLDS for z in ZS]
    tallies = {key: Tally() for key in grid}
    dev = {key: Tally() for key in grid}
    with tempfile.TemporaryDirectory() as tmp:
        for seed in _seeds(args.seeds):
            fam = generate_family(seed=seed, districts=args.districts)
            folder = Path(tmp) / f"family-{seed}"
            paths = write_plans(fam.plans, folder / "docs")
            build_corpus(paths, folder / "out", jobs=1, validate=False, copy_ontology=False)
            graph = open_kg(folder / "out" / "kg.ttl")
            for child in fam.children:
                ids_a, ids_b, matrices = _matrices(graph, fam.parent.doc_id, child.doc_id)
                truth = {(p, c) for c, p in fam.alignment[child.doc_id].items() if p is not None}
                for (w, t, z), tally in tallies.items():
                    tally.add(_pairs(matrices[w], ids_a, ids_b, t, z), truth)
        if args.dev:
            folder = Path(tmp) / "dev"
            docs = [ROOT / "tests" / "data" / "dev" / "docs" / f"{d}.txt" for d in DEV_PAIR]
            build_corpus(docs, folder, jobs=1, validate=False, copy_ontology=False)
            graph = open_kg(folder / "kg.ttl")
            ids_a, ids_b, matrices = _matrices(graph, *DEV_PAIR)
            truth = {(p, c) for c, p in DEV_TRUTH.items() if p is not None}
            for (w, t, z), tally in dev.items():
                tally.add(_pairs(matrices[w], ids_a, ids_b, t, z), truth)
    print(f"generated families: seeds {args.seeds}, {args.districts} district plans each (micro-averaged)"
          + (f"; real pair {DEV_PAIR[0]} → {DEV_PAIR[1]}, hand-made truth" if args.dev else ""))
    print(f"defaults: title weight {TITLE_WEIGHT}, threshold {THRESHOLD}, min z {MIN_Z}")
    print("weight  threshold  min z  generated" + (" " * 28 + "real pair" if args.dev else ""))
    for key in grid:
        w, t, z = key
        mark = " *" if (w, t, z) == (TITLE_WEIGHT, THRESHOLD, MIN_Z) else ""
        print(f"{w:>6.2f}  {t:>9.2f}  {z:>5.1f}  {tallies[key].row()}"
              + (f"   {dev[key].row()}" if args.dev else "") + mark)
    return 0


if __name__ == "__main__":
    sys.exit(main())
