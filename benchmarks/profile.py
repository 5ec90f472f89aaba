"""Where the time goes: a pyinstrument profile of one hot path of policykg, on generated plans.

The figures of `benchmarks/run.py` say *how fast*; this says *why*, so that a speed change starts
from a profile and not from a guess. Each target runs in this process under pyinstrument (a
sampling profiler: the code runs at nearly full speed, unlike cProfile's per-call hooks that
inflate small Python functions), and the script prints

- the hottest functions by self time, each marked ``policykg`` (this project's code) or
  ``library`` (jieba, rdflib, pyoxigraph …), with the share of the whole run;
- the share of the run spent in this project's own code against the libraries it calls;
- with ``--html FILE``, pyinstrument's interactive call tree as well.

Targets::

    .venv/bin/python benchmarks/profile.py extraction --megabytes 2    # loaders.extract.document.parse_text
    .venv/bin/python benchmarks/profile.py build --plans 100           # build_corpus, one process
    .venv/bin/python benchmarks/profile.py query targets-by-year --triples 200000 --repeat 5

``build`` runs with one process, because a sampling profiler sees only its own process; the worker
code is the same. ``query`` builds a KG of generated plans first (not profiled), opens it on the
embedded store and profiles ``kg.sparql.run.run_query`` only.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from loaders.synthetic.plans import generate_corpus, write_corpus  # noqa: E402

OWN_PACKAGES = ("kg", "loaders", "benchmarks")


@dataclass(frozen=True)
class Hotspot:
    """One function of the profile: where it is, whose it is, and its self time."""

    function: str
    location: str
    own: bool
    seconds: float
    share: float


def _is_own(file_path: str) -> bool:
    if not file_path or file_path.startswith("<"):
        return False  # native code, or code compiled from a string
    try:
        rel = Path(file_path).resolve().relative_to(ROOT)
    except ValueError:
        return False  # site-packages, the standard library
    return len(rel.parts) > 1 and rel.parts[0] in OWN_PACKAGES


def hotspots(session, limit: int = 15) -> tuple[list[Hotspot], float]:
    """The ``limit`` functions with the most self time in a pyinstrument session, and the share of
    all self time that is this project's code."""
    totals: dict[tuple[str, str, int], float] = defaultdict(float)

    def walk(frame) -> None:
        # A synthetic child ([self], [await]) holds time that total_self_time already gives its parent.
        if not frame.is_synthetic:
            key = (frame.function or "?", frame.file_path or "", frame.line_no or 0)
            totals[key] += frame.total_self_time
        for child in frame.children:
            walk(child)

    root = session.root_frame()
    if root is not None:
        walk(root)
    whole = sum(totals.values()) or 1.0
    own = {path: _is_own(path) for _, path, _ in totals}
    own_share = sum(t for (_, path, _), t in totals.items() if own[path]) / whole
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    spots = []
    for (function, path, line), seconds in ranked:
        where = str(Path(path).resolve().relative_to(ROOT)) if own[path] else _library_path(path)
        location = f"{where}:{line}" if path else "<native>"
        spots.append(Hotspot(function, location, own[path], seconds, seconds / whole))
    return spots, own_share


def _library_path(path: str) -> str:
    """``rdflib/term.py`` (the path below ``site-packages``) rather than the whole environment path."""
    parts = Path(path).parts
    for anchor in ("site-packages", "lib-dynload"):
        if anchor in parts:
            return "/".join(parts[parts.index(anchor) + 1:])
    return Path(path).name


def render(title: str, spots: list[Hotspot], own_share: float, seconds: float) -> str:
    lines = [
        f"# Profile: {title}",
        "",
        f"Profiled {seconds:.2f} s; this project's own code holds {own_share:.0%} of the self time, "
        f"the libraries it calls {1 - own_share:.0%}.",
        "",
        "| self s | share | whose | function | where |",
        "|---:|---:|---|---|---|",
    ]
    for s in spots:
        whose = "policykg" if s.own else "library"
        lines.append(f"| {s.seconds:.3f} | {s.share:.1%} | {whose} | `{s.function}` | {s.location} |")
    return "\n".join(lines)


# ---------------------------------------------------------------- targets
def _extraction(args, tmp: Path) -> tuple[str, Callable[[], object]]:
    from benchmarks.run import _corpus_texts, _parse_many
    from loaders.vocab.lexicon import get_tokenizer

    texts = _corpus_texts(args.megabytes)
    get_tokenizer()  # the dictionary load is start-up, not extraction
    _parse_many(texts[:5])  # nor are the regexes compiled on first use (the lexicon trie, …)
    chars = sum(len(t) for _, t in texts)
    return f"extraction of {len(texts)} generated plans ({chars:,} characters)", lambda: _parse_many(texts)


def _build(args, tmp: Path) -> tuple[str, Callable[[], object]]:
    from kg.graph.corpus import build_corpus

    src = tmp / "plans"
    write_corpus(generate_corpus(args.plans, seed=args.seed), src)
    validate = not args.no_validate

    def work():
        return build_corpus([src], tmp / "out", jobs=1, validate=validate, copy_ontology=False)

    return f"build of {args.plans} generated plans, one process, validate={validate}", work


def _query(args, tmp: Path) -> tuple[str, Callable[[], object]]:
    from benchmarks.run import _query_kg
    from kg.sparql.run import resolve_query, run_query
    from kg.sparql.store import open_kg

    query = resolve_query(args.name)  # fails early, before the KG is built, on a misspelt name
    data, triples = _query_kg(tmp, args.triples)
    graph = open_kg(data)
    params = {}
    if "agency" in query.params:
        params["agency"] = run_query("agencies-by-tasks-led", graph=graph).plain_rows()[0]["agency"]
    run_query(query, params, graph=graph)  # first run outside the profile: file read, parse check

    def work():
        for _ in range(args.repeat):
            run_query(query, params, graph=graph)

    return f"query {query.name} ×{args.repeat} on {triples:,} triples (embedded store)", work


TARGETS = {"extraction": _extraction, "build": _build, "query": _query}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--top", type=int, default=15, help="how many functions to list (default 15)")
    ap.add_argument("--html", default=None, help="also write pyinstrument's call tree as HTML here")
    ap.add_argument("--interval", type=float, default=0.001, help="sampling interval in seconds")
    sub = ap.add_subparsers(dest="target", required=True, metavar="TARGET")
    p = sub.add_parser("extraction", help="loaders.extract.document.parse_text on generated plans")
    p.add_argument("--megabytes", type=float, default=2.0)
    p = sub.add_parser("build", help="kg.graph.corpus.build_corpus in one process")
    p.add_argument("--plans", type=int, default=100)
    p.add_argument("--seed", type=int, default=5)
    p.add_argument("--no-validate", action="store_true")
    p = sub.add_parser("query", help="one library query on a KG of generated plans")
    p.add_argument("name", help="a library query, e.g. targets-by-year")
    p.add_argument("--triples", type=int, default=200_000)
    p.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)

    from pyinstrument import Profiler

    from kg.errors import QueryError

    with tempfile.TemporaryDirectory(prefix="policykg-profile-") as tmp_name:
        try:
            title, work = TARGETS[args.target](args, Path(tmp_name))
        except QueryError as exc:
            ap.exit(2, f"profile.py: {exc}\n")
        profiler = Profiler(interval=args.interval)
        profiler.start()
        try:
            work()
        finally:
            session = profiler.stop()
    spots, own_share = hotspots(session, args.top)
    print(render(title, spots, own_share, session.duration))
    if args.html:
        tmp_html = Path(f"{args.html}.tmp{os.getpid()}")
        tmp_html.write_text(profiler.output_html(), encoding="utf-8")
        tmp_html.replace(args.html)
    return 0


if __name__ == "__main__":
    sys.exit(main())
