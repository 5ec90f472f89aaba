"""policykg benchmark suite: one command, one table, every figure against a baseline from the same run.

Sections (each compares side by side, in this run, on this machine):

- **extraction** — characters per second of the extractor (``loaders.extract.document.parse_text``, what
  ``policykg extract`` runs) on a generated corpus, against plain ``jieba.lcut`` on the same text (the
  ratio is the figure), with one process and with two;
- **extraction-size** — ``policykg extract`` on one plan of 1, 2, 5, 10 and 20 MB (a real plan of
  the dev set repeated, its parts renumbered): wall and CPU seconds and seconds per MB, and each size's
  time against the size before it (linear is the size ratio; issue 33 asked for 10 MB within 3× of 5 MB);
- **build** — ``policykg build DIR --jobs 2`` (validated) on N generated plans: wall time, triples,
  peak memory of the largest process; the per-plan time shows whether growth is linear. Then the whole
  default build (``policykg build DIR``: validated, all cores, a whole process) of real text — the dev
  plans repeated under varied names — against one plain ``jieba.lcut`` pass over the same texts, the two
  interleaved (lcut, build, lcut, …) so both see the same load: the ratio (lcut seconds / build seconds,
  each build against the mean of the passes around it), the build's CPU and peak memory, and the CPU
  per document of each stage of the same build in one warm process (``kg.graph.corpus.stage_times``);
- **queries** — every library query on a KG of generated plans (≥ 1,000,000 triples in full mode), on
  the project's embedded store (Oxigraph behind rdflib) against rdflib's default Memory store (the
  ratio is the figure), plus load time and memory per million triples; each store in its own process.
  A query under a second runs three times and reports the median (the first run, with its one-off
  costs, is kept in the JSON as ``*_first_s``); the same rule on both stores;
- **start-up** — ``policykg --help`` and ``policykg build`` on the sample, as whole processes;
- **ask** — ``kg.ask`` on the sample KG: the first question (opening the KG, reading its names, building
  the segmenter) and then every sample question of ``tests/data/ask-questions.json``, five times each
  (median per question; the median and the slowest of those medians are the figures);
- **scaling** (only when named in ``--sections``) — per-document costs (extract, triples, validate),
  shard bytes, the Dask local and ``dask.distributed`` build rates, the embedded store's and Virtuoso's
  load rate and size per triple (``benchmarks/scaling_bench.py``); ``benchmarks/scaling.py`` turns them
  into docs/scaling.md.

Usage::

    .venv/bin/python benchmarks/run.py --query-limit 120  # full mode, about 15 minutes
    .venv/bin/python benchmarks/run.py --quick            # seconds; what the test suite runs
    .venv/bin/python benchmarks/run.py --json results.json --sections extraction,startup

Timings are wall-clock medians; nothing here is asserted by the tests except that the run completes
and reports every figure. Why a figure is what it is: ``benchmarks/profile.py`` (pyinstrument).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from loaders.synthetic.plans import generate_corpus, write_corpus  # noqa: E402

SECTIONS = ("extraction", "extraction-size", "build", "queries", "startup", "ask", "scaling")
DEFAULT_SECTIONS = SECTIONS[:-1]  # scaling starts a Dask cluster and Virtuoso: run it by name
FULL = {
    "extraction_mb": 10.0,
    "plan_sizes_mb": (1, 2, 5, 10, 20),
    "build_sizes": (10, 100, 1000),
    "query_triples": 1_000_000,
    "query_limit": 300.0,
    "scaling_plans": 200,
    "build_dev_copies": 11,
    "build_repeats": 3,
}
QUICK = {"extraction_mb": 0.2, "plan_sizes_mb": (0.05, 0.1), "build_sizes": (4, 12), "query_triples": 6_000,
         "query_limit": 10.0, "scaling_plans": 6, "build_dev_copies": 1, "build_repeats": 1}


def _policykg() -> list[str]:
    exe = Path(sys.executable).with_name("policykg")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "kg.cli"]


def _median_run(cmd: list[str], repeat: int, cwd: Path | None = None) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


# ---------------------------------------------------------------- extraction
def _corpus_texts(megabytes: float, seed: int = 17) -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    total, batch = 0, 0
    while total < megabytes * 1_000_000:
        for plan in generate_corpus(50, seed=seed + batch):
            texts.append((f"{batch}-{plan.doc_id}", plan.text))
            total += len(plan.text.encode("utf-8"))
        batch += 1
    return texts


def _parse_many(chunk: list[tuple[str, str]]) -> int:
    from loaders.extract.document import parse_text

    for doc_id, text in chunk:
        parse_text(text, doc_id=doc_id)
    return sum(len(t) for _, t in chunk)


def bench_extraction(cfg: dict) -> dict:
    import logging

    import jieba

    from loaders.vocab.lexicon import default_backend, get_tokenizer

    texts = _corpus_texts(cfg["extraction_mb"])
    chars = sum(len(t) for _, t in texts)
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    get_tokenizer()  # both sides start warm: dictionaries loaded before the clock starts
    _parse_many(texts[:2])
    # Interleaved in batches of 20 plans, so that both sides see the same load on a shared machine
    # (run one after the other, a busy minute on one side moved the ratio by 2×).
    lcut = ours1 = 0.0
    for i in range(0, len(texts), 20):
        batch = texts[i : i + 20]
        t0 = time.perf_counter()
        for _, text in batch:
            jieba.lcut(text)
        t1 = time.perf_counter()
        _parse_many(batch)
        lcut += t1 - t0
        ours1 += time.perf_counter() - t1
    chunks = [texts[i::8] for i in range(8)]
    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(_parse_many, [texts[:2], texts[2:4]]))  # start and warm both workers
        t0 = time.perf_counter()
        list(pool.map(_parse_many, chunks))
        ours2 = time.perf_counter() - t0
    return {
        "documents": len(texts),
        "characters": chars,
        "megabytes": round(sum(len(t.encode()) for _, t in texts) / 1e6, 2),
        "segmenter": default_backend(),
        "jieba_lcut_chars_per_s": round(chars / lcut),
        "extract_jobs1_chars_per_s": round(chars / ours1),
        "extract_jobs2_chars_per_s": round(chars / ours2),
        "ratio_vs_lcut": round(lcut / ours1, 2),
        "speedup_jobs2": round(ours1 / ours2, 2),
    }


# ---------------------------------------------------------------- extraction-size
REPEATED_PLAN = ROOT / "tests" / "data" / "dev" / "docs" / "gov_jiuye_2018.txt"


def repeated_plan(megabytes: float) -> str:
    """One plan of about ``megabytes`` MB (10⁶ bytes, under the 20 MiB limit at 20): the dev plan's
    preamble once, then its body again and again, each copy a part of its own (``第N部分``) so items
    are numbered as a long plan numbers them, not one run of the same numbers."""
    lines = REPEATED_PLAN.read_text(encoding="utf-8").splitlines()
    first = next(k for k, line in enumerate(lines) if line.startswith("一、"))
    out, body = lines[:first], lines[first:]
    size, n = len("\n".join(out).encode("utf-8")), 0
    while size < megabytes * 1_000_000:
        n += 1
        part = [f"第{n}部分 重复部分{n}", *body]
        out += part
        size += len("\n".join(part).encode("utf-8")) + 1
    return "\n".join(out) + "\n"


_CPU_WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter(); p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "wall = time.perf_counter() - t; r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(wall); print(r.ru_utime + r.ru_stime); print(r.ru_maxrss); print(p.returncode)\n"
)


def bench_extraction_size(cfg: dict, tmp: Path) -> list[dict]:
    rows: list[dict] = []
    for mb in cfg["plan_sizes_mb"]:
        plan = tmp / f"plan-{mb:g}mb.txt"
        plan.write_text(repeated_plan(mb), encoding="utf-8")
        proc = subprocess.run([sys.executable, "-c", _CPU_WRAPPER, *_policykg(), "extract", str(plan), "-o",
                               str(tmp / f"plan-{mb:g}mb.json")], capture_output=True, text=True, check=True)
        wall, cpu, peak_kb, code = proc.stdout.split()
        size = plan.stat().st_size / 1e6
        row = {"megabytes": round(size, 2), "seconds": round(float(wall), 2),
               "cpu_seconds": round(float(cpu), 2), "seconds_per_mb": round(float(wall) / size, 2),
               "peak_rss_mb": round(int(peak_kb) / 1024, 1), "exit_code": int(code)}
        if rows:  # against the size before: linear growth is the size ratio
            before = rows[-1]
            row["size_ratio"] = round(size / before["megabytes"], 2)
            row["time_ratio"] = round(row["seconds"] / max(before["seconds"], 1e-9), 2)
            row["cpu_ratio"] = round(row["cpu_seconds"] / max(before["cpu_seconds"], 1e-9), 2)
        rows.append(row)
        plan.unlink()
    return rows


# ---------------------------------------------------------------- build
_PEAK_WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter(); p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "wall = time.perf_counter() - t\n"
    "print(wall); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); print(p.returncode)\n"
    "sys.stdout.write(p.stdout)\n"
)


def bench_build(cfg: dict, tmp: Path) -> list[dict]:
    rows = []
    for n in cfg["build_sizes"]:
        src = tmp / f"build-{n}"
        write_corpus(generate_corpus(n, seed=100 + n), src)
        out = tmp / f"build-{n}-out"
        proc = subprocess.run(
            [
                sys.executable,
                "-c",
                _PEAK_WRAPPER,
                *_policykg(),
                "build",
                str(src),
                "-o",
                str(out),
                "--jobs",
                "2",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        wall, peak_kb, code, *summary = proc.stdout.splitlines()
        stats = dict(line.split(None, 1) for line in summary if line and not line.startswith(" "))
        rows.append(
            {
                "plans": n,
                "seconds": round(float(wall), 2),
                "seconds_per_plan": round(float(wall) / n, 4),
                "triples": int(stats.get("triples", "0")),
                "valid": stats.get("valid", "?"),
                "peak_rss_mb": round(int(peak_kb) / 1024, 1),
                "exit_code": int(code),
            }
        )
    return rows


DEV_DOCS = ROOT / "tests" / "data" / "dev" / "docs"


def dev_corpus(folder: Path, copies: int) -> list[Path]:
    """The dev plans, ``copies`` times each under varied names (``gov_jiuye_2018-03.txt``: its own
    document id, so its own IRIs and agency keys), written to ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for k in range(copies):
        for plan in sorted(DEV_DOCS.glob("*.txt")):
            dest = folder / f"{plan.stem}-{k:02d}.txt"
            dest.write_bytes(plan.read_bytes())
            out.append(dest)
    return out


_BUILD_WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter(); p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "wall = time.perf_counter() - t; r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(wall); print(r.ru_utime + r.ru_stime); print(r.ru_maxrss); print(p.returncode)\n"
    "sys.stdout.write(p.stdout)\n"
)


def _lcut_seconds(texts: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one ``jieba.lcut`` pass over ``texts``."""
    import jieba

    t0, c0 = time.perf_counter(), time.process_time()
    for text in texts:
        jieba.lcut(text)
    return time.perf_counter() - t0, time.process_time() - c0


def bench_build_vs_jieba(cfg: dict, tmp: Path) -> dict:
    """The whole default build of the dev plans (repeated) against one ``jieba.lcut`` pass, interleaved."""
    import logging

    import jieba

    from kg.graph.corpus import build_corpus, process_document, stage_times

    src = tmp / "build-dev"
    files = dev_corpus(src, cfg["build_dev_copies"])
    texts = [f.read_text(encoding="utf-8") for f in files]
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()  # warm: the dictionary is loaded before the clock starts
    lcut = [_lcut_seconds(texts)]
    builds = []
    for k in range(cfg["build_repeats"]):
        out = tmp / f"build-dev-out-{k}"
        proc = subprocess.run([sys.executable, "-c", _BUILD_WRAPPER, *_policykg(), "build", str(src), "-o",
                               str(out)], capture_output=True, text=True, check=True)
        wall, cpu, peak_kb, code, *summary = proc.stdout.splitlines()
        stats = dict(line.split(None, 1) for line in summary if line and not line.startswith(" "))
        builds.append({"seconds": float(wall), "cpu_s": float(cpu), "peak_rss_mb": int(peak_kb) / 1024,
                       "exit_code": int(code), "triples": int(stats.get("triples", "0")),
                       "valid": stats.get("valid", "?")})
        shutil.rmtree(out, ignore_errors=True)
        lcut.append(_lcut_seconds(texts))
    ratios = [(lcut[k][0] + lcut[k + 1][0]) / 2 / b["seconds"] for k, b in enumerate(builds)]
    lcut_cpu = statistics.median(c for _, c in lcut)
    build_cpu = statistics.median(b["cpu_s"] for b in builds)
    one = [f for f in files if f.stem.endswith("-00")]  # the dev plans once, in one process, per stage
    # Warm, as a build's forked workers are: imports, patterns, dictionaries and compiled shapes are
    # loaded before the clock starts (the whole process's CPU, start included, is in build_cpu_s).
    process_document(one[0])
    with stage_times() as cpu:
        build_corpus([*one], tmp / "build-dev-stages", jobs=1, copy_ontology=False)
    n = len(texts)
    return {
        "plans": n,
        "megabytes": round(sum(len(t.encode()) for t in texts) / 1e6, 2),
        "characters": sum(map(len, texts)),
        "jobs": os.cpu_count(),
        "lcut_s": [round(x, 2) for x, _ in lcut],
        "lcut_cpu_s": round(lcut_cpu, 2),
        # CPU against CPU: what the ratio would be with the build's processes on one core each and
        # nothing else running (a loaded machine lengthens both walls, not always alike).
        "cpu_ratio": round(lcut_cpu / build_cpu, 2),
        "cpu_ratio_all_cores": round(lcut_cpu / build_cpu * (os.cpu_count() or 1), 2),
        "build_s": [round(b["seconds"], 2) for b in builds],
        "ratio": round(statistics.median(ratios), 2),
        "ratios": [round(r, 2) for r in ratios],
        "build_cpu_s": round(build_cpu, 2),
        "build_cpu_ms_per_plan": round(build_cpu / n * 1000, 1),
        "peak_rss_mb": round(max(b["peak_rss_mb"] for b in builds), 1),
        "triples": builds[-1]["triples"],
        "valid": builds[-1]["valid"],
        "exit_codes": [b["exit_code"] for b in builds],
        "stage_plans": len(one),
        "stage_cpu_ms_per_plan": {k: round(v / len(one) * 1000, 1) for k, v in cpu.items()},
        "load_average": round(os.getloadavg()[0], 1),
    }


# ---------------------------------------------------------------- queries
_QUERY_WORKER = r"""
import json, os, signal, statistics, sys, time
sys.path.insert(0, sys.argv[4])
def rss():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
store, data, limit = sys.argv[1], sys.argv[2], float(sys.argv[3])
from kg.sparql.store import open_kg
from kg.sparql.library import library
from kg.sparql.run import run_query
before = rss(); t0 = time.perf_counter()
g = open_kg(data, store=store)
load = time.perf_counter() - t0; mem = rss() - before
out = {"store": store, "triples": len(g), "load_s": load, "load_mem_bytes": mem, "queries": {}}
class Late(BaseException): pass  # not an Exception: passes through the runner's error handling
def alarm(*_): raise Late()
signal.signal(signal.SIGALRM, alarm)
# An agency that exists in this corpus: the busiest lead agency, by IRI (names repeat across districts).
busiest = run_query("agencies-by-tasks-led", graph=g).plain_rows()[0]["agency"]
for q in library():
    params = {"agency": busiest} if "agency" in q.params else None
    try:
        signal.setitimer(signal.ITIMER_REAL, limit)
        t0 = time.perf_counter(); rows = len(run_query(q, params, graph=g)); took = [time.perf_counter() - t0]
        # A fast query runs twice more and reports the median: a single run of a few milliseconds is
        # mostly noise and one-off costs (reading the file, checking it parses).
        while took[0] < 1.0 and len(took) < 3:
            t0 = time.perf_counter(); run_query(q, params, graph=g); took.append(time.perf_counter() - t0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        out["queries"][q.name] = {"seconds": statistics.median(took), "first_s": took[0], "rows": rows}
    except Late:
        out["queries"][q.name] = {"seconds": None, "first_s": None, "rows": None}
print(json.dumps(out))
"""


def _query_kg(tmp: Path, target: int) -> tuple[Path, int]:
    """A KG of generated plans with at least ``target`` triples (data only)."""
    from kg.graph.corpus import build_corpus

    per_plan = 1100  # triples per generated plan, roughly; grown until the target is met
    n = max(3, target // per_plan)
    while True:
        src = tmp / f"q-{n}"
        write_corpus(generate_corpus(n, seed=7), src)
        result = build_corpus([src], tmp / f"q-{n}-out", jobs=2, validate=False, copy_ontology=False)
        if result.triples >= target:
            return tmp / f"q-{n}-out" / "kg.ttl", result.triples
        n = int(n * target / max(result.triples, 1) * 1.05) + 1


def bench_queries(cfg: dict, tmp: Path) -> dict:
    data, triples = _query_kg(tmp, cfg["query_triples"])
    reports = {}
    for store in ("oxigraph", "memory"):
        proc = subprocess.run(
            [sys.executable, "-c", _QUERY_WORKER, store, str(data), str(cfg["query_limit"]), str(ROOT)],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"query worker ({store}) failed: {proc.stderr.strip()[-2000:]}")
        reports[store] = json.loads(proc.stdout.strip().splitlines()[-1])
    ox, mem = reports["oxigraph"], reports["memory"]
    millions = ox["triples"] / 1e6
    rows = []
    for name in sorted(ox["queries"]):
        a, b = ox["queries"][name]["seconds"], mem["queries"][name]["seconds"]
        rows.append(
            {
                "query": name,
                "oxigraph_s": a,
                "memory_s": b,
                "oxigraph_first_s": ox["queries"][name]["first_s"],
                "memory_first_s": mem["queries"][name]["first_s"],
                "ratio": (b / a if a and b else (cfg["query_limit"] / a if a and b is None else None)),
                "ratio_is_lower_bound": b is None,
                "rows": ox["queries"][name]["rows"],
                "same_rows": ox["queries"][name]["rows"] == mem["queries"][name]["rows"] or b is None,
            }
        )
    return {
        "data_triples": triples,
        "loaded_triples": ox["triples"],
        "summary": _query_summary(rows, cfg["query_limit"]),
        "query_limit_s": cfg["query_limit"],
        "load_s_per_million": {s: round(r["load_s"] / millions, 2) for s, r in reports.items()},
        "memory_gb_per_million": {
            s: round(r["load_mem_bytes"] / 2**30 / millions, 3) for s, r in reports.items()
        },
        "queries": rows,
    }


def _query_summary(rows: list[dict], limit: float) -> dict:
    """The library as a whole: total time on each store (a query over the limit counts as the limit,
    so the Memory total and the ratios are lower bounds), the geometric mean of the per-query
    ratios, and how many queries are at least 20× faster (the mark of the performance issue)."""
    timed = [r for r in rows if r["oxigraph_s"]]
    ratios = [r["ratio"] for r in timed if r["ratio"]]
    ox_total = sum(r["oxigraph_s"] for r in timed)
    mem_total = sum(limit if r["memory_s"] is None else r["memory_s"] for r in timed)
    return {
        "queries": len(rows),
        "oxigraph_total_s": round(ox_total, 3),
        "memory_total_s": round(mem_total, 3),
        "total_ratio": round(mem_total / ox_total, 1) if ox_total else None,
        "geometric_mean_ratio": round(statistics.geometric_mean(ratios), 1) if ratios else None,
        "at_least_20x": sum(1 for x in ratios if x >= 20),
        "lower_bound": any(r["memory_s"] is None for r in timed),
    }


# ---------------------------------------------------------------- start-up
def bench_startup(tmp: Path) -> dict:
    return {
        "help_s": round(_median_run([*_policykg(), "--help"], 5), 3),
        "build_sample_s": round(_median_run([*_policykg(), "build", "--sample", "-o", str(tmp / "s")], 3), 3),
        "build_sample_no_validate_s": round(
            _median_run([*_policykg(), "build", "--sample", "--no-validate", "-o", str(tmp / "s2")], 3), 3
        ),
    }


# ---------------------------------------------------------------- ask
def bench_ask(tmp: Path) -> dict:
    """Seconds to answer a question on the sample KG, after start-up (the first question)."""
    from kg.ask import Asker, AskError
    from kg.graph.corpus import build_corpus
    from kg.resources import sample_path

    build_corpus([sample_path()], tmp / "ask-sample", jobs=1, validate=False)
    questions = json.loads((ROOT / "tests" / "data" / "ask-questions.json").read_text(encoding="utf-8"))
    sample = [q["question"] for q in questions["questions"] if q["kg"] == "sample"]
    t0 = time.perf_counter()
    asker = Asker(data=tmp / "ask-sample" / "kg.ttl")
    startup = time.perf_counter() - t0
    per_question, answered = [], 0
    for question in sample:
        took = []
        for _ in range(5):
            t0 = time.perf_counter()
            try:
                asker.ask(question)
                ok = True
            except AskError:
                ok = False
            took.append(time.perf_counter() - t0)
        answered += ok
        per_question.append(statistics.median(took))
    return {
        "questions": len(sample),
        "answered": answered,
        "refused": len(sample) - answered,
        "startup_s": round(startup, 3),
        "median_s": round(statistics.median(per_question), 4),
        "slowest_s": round(max(per_question), 4),
        "segmenter": asker.tokenizer.backend,
    }


# ---------------------------------------------------------------- report
def render(results: dict) -> str:
    out = [f"# policykg benchmarks ({results['mode']} mode) — {results['machine']}", ""]
    if "extraction" in results:
        e = results["extraction"]
        out += [
            "## Extraction",
            "",
            "| what | chars/s |",
            "|---|---:|",
            f"| plain `jieba.lcut` | {e['jieba_lcut_chars_per_s']:,} |",
            f"| policykg extract, --jobs 1 | {e['extract_jobs1_chars_per_s']:,} |",
            f"| policykg extract, --jobs 2 | {e['extract_jobs2_chars_per_s']:,} |",
            "",
            f"{e['megabytes']} MB, {e['documents']} generated plans, segmenter {e['segmenter']}: "
            f"**{e['ratio_vs_lcut']}× plain jieba.lcut**; --jobs 2 is {e['speedup_jobs2']}× --jobs 1.",
            "",
        ]
    if "extraction-size" in results:
        out += [
            "## Extraction by plan size (`policykg extract`, one plan)",
            "",
            "| MB | seconds | CPU s | s/MB | × size | × time (CPU) | peak RSS MB |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in results["extraction-size"]:
            ratios = (f"{r['size_ratio']} | {r['time_ratio']} ({r['cpu_ratio']})" if "size_ratio" in r
                      else "– | –")
            out.append(f"| {r['megabytes']} | {r['seconds']} | {r['cpu_seconds']} | {r['seconds_per_mb']} | "
                       f"{ratios} | {r['peak_rss_mb']} |")
        out += ["", f"A plan of the dev set ({REPEATED_PLAN.name}) repeated, its parts renumbered; each "
                    "ratio is against the size before (linear: × time ≈ × size).", ""]
    if "build" in results:
        out += [
            "## Build (validated, --jobs 2)",
            "",
            "| plans | seconds | s/plan | triples | valid | peak RSS MB |",
            "|---:|---:|---:|---:|---|---:|",
        ]
        out += [
            f"| {r['plans']} | {r['seconds']} | {r['seconds_per_plan']} | {r['triples']:,} | {r['valid']} | "
            f"{r['peak_rss_mb']} |"
            for r in results["build"]
        ]
        out.append("")
    if "build-vs-jieba" in results:
        b = results["build-vs-jieba"]
        stages = b["stage_cpu_ms_per_plan"]
        total = sum(stages.values())
        out += [
            f"## Whole build against plain `jieba.lcut` ({b['plans']} real plans, {b['megabytes']} MB)",
            "",
            "| what | seconds |",
            "|---|---:|",
            "| one `jieba.lcut` pass, before, between and after the builds | "
            f"{' · '.join(map(str, b['lcut_s']))} |",
            f"| `policykg build DIR` (validated, all {b['jobs']} cores, whole process) | "
            f"{' · '.join(map(str, b['build_s']))} |",
            "",
            f"**lcut / build = {b['ratio']}×** (median; each: {', '.join(map(str, b['ratios']))}); build CPU "
            f"{b['build_cpu_s']} s ({b['build_cpu_ms_per_plan']} ms per plan), "
            f"peak RSS {b['peak_rss_mb']} MB, "
            f"{b['triples']:,} triples, valid {b['valid']}; load average {b['load_average']}. CPU against "
            f"CPU: lcut {b['lcut_cpu_s']} s, lcut / build {b['cpu_ratio']}× — "
            f"{b['cpu_ratio_all_cores']}× with the build spread evenly over all {b['jobs']} cores.",
            "",
            f"CPU per plan by stage (`--jobs 1`, the {b['stage_plans']} dev plans once, in a warm process):",
            "",
            "| stage | ms per plan | share |",
            "|---|---:|---:|",
            *(f"| {k} | {v} | {v / max(total, 1e-9):.0%} |" for k, v in stages.items()),
            f"| total | {round(total, 1)} | |",
            "",
        ]
    if "queries" in results:
        q = results["queries"]
        out += [
            f"## Library queries on {q['loaded_triples']:,} triples",
            "",
            "| query | Oxigraph (rdflib API) s | rdflib Memory s | ratio |",
            "|---|---:|---:|---:|",
        ]
        for r in q["queries"]:
            mem = "> limit" if r["memory_s"] is None else f"{r['memory_s']:.3f}"
            ox = "> limit" if r["oxigraph_s"] is None else f"{r['oxigraph_s']:.3f}"
            ratio = (
                "n/a"
                if r["ratio"] is None
                else f"{'≥ ' if r['ratio_is_lower_bound'] else ''}{r['ratio']:.0f}×"
            )
            out.append(f"| {r['query']} | {ox} | {mem} | {ratio} |")
        m = q["summary"]
        bound = "≥ " if m["lower_bound"] else ""
        out += [
            "",
            f"All {m['queries']} queries: {m['oxigraph_total_s']} s on Oxigraph, "
            f"{bound}{m['memory_total_s']} s on rdflib Memory — **{bound}{m['total_ratio']}× in total**, "
            f"geometric mean of the ratios {bound}{m['geometric_mean_ratio']}×, "
            f"{m['at_least_20x']} of {m['queries']} queries at least 20×.",
            "",
            f"Load s per million triples: {q['load_s_per_million']}; memory GB per million triples: "
            f"{q['memory_gb_per_million']} (query limit {q['query_limit_s']} s).",
            "",
        ]
    if "startup" in results:
        s = results["startup"]
        out += [
            "## Start-up (whole processes)",
            "",
            "| command | seconds |",
            "|---|---:|",
            f"| policykg --help | {s['help_s']} |",
            f"| policykg build --sample | {s['build_sample_s']} |",
            f"| policykg build --sample --no-validate | {s['build_sample_no_validate_s']} |",
            "",
        ]
    if "ask" in results:
        a = results["ask"]
        out += [
            "## Ask in Chinese (kg.ask on the sample KG)",
            "",
            "| what | seconds |",
            "|---|---:|",
            f"| start-up: open the KG, read its names, build the segmenter ({a['segmenter']}) "
            f"| {a['startup_s']} |",
            f"| a question after start-up, median of {a['questions']} | {a['median_s']} |",
            f"| the slowest question (median of 5 runs) | {a['slowest_s']} |",
            "",
            f"{a['answered']} answered, {a['refused']} refused (as the question set expects).",
            "",
        ]
    if "scaling" in results:
        from benchmarks.scaling_bench import render_section

        out += render_section(results["scaling"])
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes, for CI (no figure is meaningful)")
    ap.add_argument("--sections", default=",".join(DEFAULT_SECTIONS),
                    help=f"comma-separated subset of {SECTIONS} (default: all but scaling)")
    ap.add_argument("--json", default=None, help="also write the results as JSON to this file")
    ap.add_argument("--query-limit", type=float, default=None, help="seconds before a query is stopped")
    args = ap.parse_args(argv)
    cfg = dict(QUICK if args.quick else FULL)
    if args.query_limit:
        cfg["query_limit"] = args.query_limit
    wanted = [s.strip() for s in args.sections.split(",") if s.strip()]
    unknown = set(wanted) - set(SECTIONS)
    if unknown:
        ap.error(f"unknown sections: {', '.join(sorted(unknown))}")
    results: dict = {
        "mode": "quick" if args.quick else "full",
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    with tempfile.TemporaryDirectory(prefix="policykg-bench-") as tmp_name:
        tmp = Path(tmp_name)
        for section in wanted:
            t0 = time.perf_counter()
            if section == "extraction":
                results["extraction"] = bench_extraction(cfg)
            elif section == "extraction-size":
                results["extraction-size"] = bench_extraction_size(cfg, tmp)
            elif section == "build":
                results["build"] = bench_build(cfg, tmp)
                results["build-vs-jieba"] = bench_build_vs_jieba(cfg, tmp)
            elif section == "queries":
                results["queries"] = bench_queries(cfg, tmp)
            elif section == "startup":
                results["startup"] = bench_startup(tmp)
            elif section == "ask":
                results["ask"] = bench_ask(tmp)
            elif section == "scaling":
                from benchmarks.scaling_bench import bench_scaling

                results["scaling"] = bench_scaling(cfg, tmp)
            print(f"# {section} done in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    print(render(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
