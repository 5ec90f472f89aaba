"""Which embedded store should policykg query? Measure, don't guess.

Builds a graph of about 1,000,000 triples by replicating the sample KG with per-copy IRIs (copy ``n``
of ``https://w3id.org/policykg/id/…`` becomes ``https://w3id.org/policykg/id/copy-n/…``; ontology and
vocabularies are loaded once, as ``kg.sparql.store.open_kg`` does), writes it as Turtle, and then, each in a
fresh process so memory is measured alone, loads it into

- ``rdflib-memory``: rdflib's pure-Python ``Memory`` store, rdflib's Turtle parser and SPARQL engine;
- ``oxrdflib``: an rdflib ``Graph`` backed by Oxigraph (``Graph(store="Oxigraph")``, ``ox-turtle``
  parser), queried through ``Graph.query`` — the rdflib API with Oxigraph's engine;
- ``pyoxigraph``: Oxigraph's Python API directly (``Store.bulk_load`` and ``Store.query``);
- ``policykg``: what the package does — ``kg.sparql.store.open_kg`` (the oxrdflib graph) and
  ``kg.sparql.run.run_query`` (parameters resolved and bound, rows converted to rdflib terms),

and times four library queries: the pair-of-agencies join (``agency-pairs``), an aggregate
(``agencies-by-tasks-joined``), a bound-parameter lookup (``tasks-led-by-agency``) and an IP-type
query with ``skos:broader*`` (``tasks-by-ip-type``). Memory is the growth of the resident set size
(RSS, from /proc) while loading, which counts Oxigraph's native heap that tracemalloc cannot see.

Usage::

    .venv/bin/python benchmarks/store_choice.py                 # ~1,000,000 triples, all stores
    .venv/bin/python benchmarks/store_choice.py --triples 100000 --stores oxrdflib,pyoxigraph

Prints a Markdown table (the numbers in docs/benchmarks.md come from it): wall-clock time and, because
the machine may be shared, the CPU time of the process for each query. A query that runs longer
than ``--query-limit`` seconds is stopped and reported as ``> limit``. Deterministic input; timings
are wall-clock medians of ``--repeat`` runs after one warm-up run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STORES = ("rdflib-memory", "oxrdflib", "pyoxigraph", "policykg")
QUERIES = ("agency-pairs", "agencies-by-tasks-joined", "tasks-led-by-agency", "tasks-by-ip-type")
ID_BASE = "https://w3id.org/policykg/id/"
# 长寿区市场监督管理局 (区市场监管局), the agency that leads 10 of the sample's 12 tasks.
MSA = ID_BASE + "agency/" + urllib.parse.quote("长寿区市场监督管理局")
GI = "https://w3id.org/policykg/vocab/ip-type/geographical-indication"


def _rss_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _peak_rss_bytes() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


# ---------------------------------------------------------------- the replicated graph
def make_replicated_kg(out_dir: Path, target_triples: int) -> tuple[Path, int, int]:
    """Write ``kg-replicated.ttl`` with enough copies of the sample KG to reach ``target_triples``
    together with the ontology and vocabularies. Returns (path, copies, data triples)."""
    import pyoxigraph as ox

    from kg.graph.build import build_graph
    from kg.resources import sample_path
    from kg.sparql.store import support_paths
    from loaders.extract.document import load_document

    sample = build_graph([load_document(sample_path())])
    lines = sorted(sample.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines())
    lines = [ln for ln in lines if ln.strip()]
    support = sum(sum(1 for _ in ox.parse(path=str(p), format=ox.RdfFormat.TURTLE)) for p in support_paths())
    copies = max(1, -(-(target_triples - support) // len(lines)))
    nt = out_dir / "kg-replicated.nt"
    iri = re.compile(r"<" + re.escape(ID_BASE))
    with nt.open("w", encoding="utf-8") as fh:
        for n in range(copies):
            prefix = f"<{ID_BASE}copy-{n}/"
            fh.write("\n".join(iri.sub(prefix, ln) for ln in lines))
            fh.write("\n")
    ttl = out_dir / "kg-replicated.ttl"
    prefixes = {"pkg": "https://w3id.org/policykg/ontology#", "pkgid": ID_BASE,
                "dcterms": "http://purl.org/dc/terms/", "prov": "http://www.w3.org/ns/prov#",
                "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "skos": "http://www.w3.org/2004/02/skos/core#",
                "xsd": "http://www.w3.org/2001/XMLSchema#"}
    ox.serialize(ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES), output=str(ttl),
                 format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    nt.unlink()
    return ttl, copies, copies * len(lines)


# ---------------------------------------------------------------- one store, in its own process
class _Overrun(Exception):
    pass


def _on_alarm(signum, frame):  # noqa: ARG001
    raise _Overrun


def worker(store: str, data: Path, repeat: int, limit: float) -> dict:
    from rdflib import Graph, URIRef
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    from kg.sparql.library import load_query
    from kg.sparql.store import support_paths

    queries = {name: load_query(name) for name in QUERIES}
    bindings = {"tasks-led-by-agency": {"agency": f"{ID_BASE}copy-0/{MSA[len(ID_BASE):]}"},
                "tasks-by-ip-type": {"ip_type": GI}}
    files = [data, *support_paths()]
    base_rss = _rss_bytes()
    start = time.perf_counter()
    if store == "pyoxigraph":
        import pyoxigraph as ox

        ox_store = ox.Store()
        for f in files:
            ox_store.bulk_load(path=str(f), format=ox.RdfFormat.TURTLE)

        def count() -> int:
            return len(ox_store)

        def run(name: str) -> int:
            subs = {ox.Variable(k): ox.NamedNode(v) for k, v in bindings.get(name, {}).items()}
            return sum(1 for _ in ox_store.query(queries[name].text, substitutions=subs))
    elif store == "policykg":
        from kg.sparql.run import run_query
        from kg.sparql.store import open_kg

        graph = open_kg(data)

        def run(name: str) -> int:
            return len(run_query(queries[name], bindings.get(name, {}), graph=graph))
    else:
        if store == "oxrdflib":
            graph = Graph(store="Oxigraph", identifier=DATASET_DEFAULT_GRAPH_ID)
            fmt = "ox-turtle"
        else:
            graph = Graph()
            fmt = "turtle"
        for f in files:
            graph.parse(str(f), format=fmt)

        def run(name: str) -> int:
            init = {k: URIRef(v) for k, v in bindings.get(name, {}).items()}
            return sum(1 for _ in graph.query(queries[name].text, initBindings=init))

    if store != "pyoxigraph":
        def count() -> int:
            # Graph.__len__ on oxrdflib is a COUNT(DISTINCT) query: run it after the memory reading.
            return len(graph)
    load_s = time.perf_counter() - start
    rss = _rss_bytes() - base_rss
    triples = count()
    results: dict[str, dict] = {}
    signal.signal(signal.SIGALRM, _on_alarm)
    for name in QUERIES:
        times, cpu_times, rows = [], [], None
        try:
            for attempt in range(repeat + 1):
                signal.setitimer(signal.ITIMER_REAL, limit)
                t0, c0 = time.perf_counter(), time.process_time()
                rows = run(name)
                elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
                signal.setitimer(signal.ITIMER_REAL, 0)
                if attempt:  # the first run warms caches
                    times.append(elapsed)
                    cpu_times.append(cpu)
                if elapsed > limit / (repeat + 1):
                    times, cpu_times = times or [elapsed], cpu_times or [cpu]
                    break
            results[name] = {"seconds": statistics.median(times), "cpu_seconds": statistics.median(cpu_times),
                             "rows": rows}
        except _Overrun:
            results[name] = {"seconds": None, "cpu_seconds": None, "rows": None}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    return {"store": store, "triples": triples, "load_s": load_s, "rss_mb": rss / 2**20,
            "peak_rss_mb": _peak_rss_bytes() / 2**20, "queries": results}


# ---------------------------------------------------------------- report
def _fmt_seconds(value: float | None, limit: float) -> str:
    if value is None:
        return f"> {limit:g} s"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.1f} s"


def table(reports: list[dict], limit: float) -> str:
    head = ["store", "triples", "load", "RSS growth", "peak RSS"] + list(QUERIES)
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in reports:
        cells = [r["store"], f"{r['triples']:,}", f"{r['load_s']:.1f} s", f"{r['rss_mb']:,.0f} MB",
                 f"{r['peak_rss_mb']:,.0f} MB"]
        for name in QUERIES:
            q = r["queries"][name]
            if q["rows"] is None:
                cells.append(_fmt_seconds(None, limit))
            else:
                cpu = _fmt_seconds(q["cpu_seconds"], limit)
                cells.append(f"{_fmt_seconds(q['seconds'], limit)} (CPU {cpu}; {q['rows']:,} rows)")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="graph size (default 1,000,000)")
    parser.add_argument("--stores", default=",".join(STORES), help=f"comma-separated, of {', '.join(STORES)}")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per query after a warm-up")
    parser.add_argument("--query-limit", type=float, default=300.0, help="seconds before a query is stopped")
    parser.add_argument("--json", help="also write the raw measurements to this file")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, Path(args.data), args.repeat, args.query_limit)))
        return 0
    stores = [s.strip() for s in args.stores.split(",") if s.strip()]
    unknown = set(stores) - set(STORES)
    if unknown:
        parser.error(f"unknown store(s): {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory(prefix="policykg-bench-") as tmp:
        t0 = time.perf_counter()
        data, copies, data_triples = make_replicated_kg(Path(tmp), args.triples)
        size = data.stat().st_size / 2**20
        print(f"# {copies} copies of the sample KG = {data_triples:,} data triples + ontology and "
              f"vocabularies ({size:.0f} MB Turtle, made in {time.perf_counter() - t0:.0f} s)", flush=True)
        reports = []
        for store in stores:
            proc = subprocess.run(
                [sys.executable, __file__, "--worker", store, "--data", str(data),
                 "--repeat", str(args.repeat), "--query-limit", str(args.query_limit)],
                capture_output=True, text=True, cwd=ROOT, check=False)
            if proc.returncode != 0:
                print(f"# {store} failed:\n{proc.stderr[-3000:]}", file=sys.stderr)
                continue
            report = json.loads(proc.stdout.strip().splitlines()[-1])
            reports.append(report)
            print(f"# {store}: done", flush=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"# load average during the run: {load} (other processes slow every store alike)")
    print(f"# {platform.python_implementation()} {platform.python_version()}, {platform.machine()}, "
          f"{os.cpu_count()} CPUs; median of {args.repeat} runs after a warm-up")
    print(table(reports, args.query_limit))
    if args.json:
        Path(args.json).write_text(json.dumps(reports, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
