"""Which engine for a large corpus? Load and query times of the embedded store, Oxigraph server and
Virtuoso on the same KG, at about 1,000,000 and 10,000,000 triples.

For each size the script generates plans (``loaders.synthetic.plans``; about 1,000 triples each),
builds them with ``policykg build --engine dask`` into N-Triples shards (timed as well), and then, for
each engine in turn,

- ``embedded``: ``kg.sparql.store.open_kg`` on the shards and the ontology (Oxigraph behind rdflib, in this
  process's memory), queries through ``kg.sparql.run.run_query(graph=…)``;
- ``oxigraph-server``: ``oxigraph load`` of the same files into a store directory, then
  ``oxigraph serve-read-only`` on 127.0.0.1, queries through ``run_query(endpoint=…)`` (SPARQLWrapper);
- ``virtuoso``: `kg.sparql.virtuoso.start_virtuoso` + `kg.sparql.virtuoso.load_shards` (two loader sessions),
  queries through ``run_query(endpoint=…)``,

and times the library queries that a researcher runs on a corpus: the pair-of-agencies join
(``agency-pairs``), two aggregates (``agencies-by-tasks-joined``, ``industry-overview``), a bound lookup
(``tasks-led-by-agency`` for one agency IRI) and ``tasks-by-ip-type`` (``skos:broader*``). Each query
runs once to warm up, then ``--repeat`` times (median); a query over ``--query-limit`` seconds is
reported as ``> limit``. Load time is wall clock to a queryable store (Virtuoso: including the
checkpoint). Only one engine runs at a time; each is stopped (by pid) before the next starts.

Usage::

    .venv/bin/python benchmarks/engines.py                            # 1M and 10M triples (hours)
    .venv/bin/python benchmarks/engines.py --sizes 1000000 --json engines-1m.json
    .venv/bin/python benchmarks/engines.py --sizes 20000 --repeat 1   # a smoke run, a minute

Prints a Markdown table (docs/corpora.md, "Large corpora"): per query the time through ``run_query`` and, for
the servers, in brackets the time the server takes to answer over HTTP (read, not parsed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ENGINES = ("embedded", "oxigraph-server", "virtuoso")
QUERIES = ("agency-pairs", "agencies-by-tasks-joined", "industry-overview", "tasks-led-by-agency",
           "tasks-by-ip-type")
TRIPLES_PER_PLAN = 1000  # measured: 200 generated plans give ~199,000 triples


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def build_shards_for(size: int, work: Path, jobs: int) -> tuple[Path, float, int]:
    """Generate ``size / 1000`` plans and build them on Dask; returns (shard dir, seconds, plans)."""
    from kg.graph.distributed import build_shards
    from loaders.synthetic.plans import generate_corpus, write_corpus

    plans = max(1, size // TRIPLES_PER_PLAN)
    corpus = work / f"corpus-{plans}"
    shards = work / f"shards-{plans}"
    if not (shards / "manifest.json").is_file():
        if not corpus.is_dir():
            write_corpus(generate_corpus(plans, seed=20261124), corpus)
        t0 = time.perf_counter()
        build_shards([corpus], shards, jobs=jobs, validate=False)
        seconds = time.perf_counter() - t0
        (shards / "build-seconds.txt").write_text(f"{seconds:.1f}\n")
    seconds = float((shards / "build-seconds.txt").read_text())
    return shards, seconds, plans


def _lead_agency(shards: Path) -> str:
    """An agency IRI that leads tasks (the first in the first shard), for ``tasks-led-by-agency``."""
    pattern = re.compile(r"<https://w3id\.org/policykg/ontology#leadAgency> <([^>]+)>")
    from kg.graph.distributed import shard_files

    with open(shard_files(shards, support=False)[0], encoding="utf-8") as fh:
        for line in fh:
            m = pattern.search(line)
            if m:
                return m.group(1)
    raise SystemExit("no lead agency in the first shard")


def _median(work, repeat: int) -> tuple[float, float, object]:
    t0 = time.perf_counter()
    value = work()
    first = time.perf_counter() - t0
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        work()
        times.append(time.perf_counter() - t0)
    return (statistics.median(times) if times else first), first, value


def time_queries(run, repeat: int, limit: float, raw=None) -> dict[str, dict]:
    """``run(name, limit)`` → rows, for each query: warm-up, then the median of ``repeat`` runs.
    ``raw(name, limit)``, for a server, sends the same query text over HTTP and only reads the answer:
    the server's share of the time (the rest is JSON decoding and rdflib terms in the client)."""
    from kg.errors import QueryTimeout

    out: dict[str, dict] = {}
    for name in QUERIES:
        try:
            seconds, first, rows = _median(lambda n=name: run(n, limit), repeat)
            out[name] = {"seconds": seconds, "first": first, "rows": rows}
            if raw is not None:
                out[name]["server"] = _median(lambda n=name: raw(n, limit), repeat)[0]
        except (QueryTimeout, TimeoutError, OSError) as exc:
            out[name] = {"seconds": None, "rows": None, "error": str(exc)[:200]}
        print(f"    {name}: {out[name]}", file=sys.stderr, flush=True)
    return out


def raw_runner(url: str, agency: str):
    """``raw(name, limit)``: the runner's exact query text for ``url`` (parameters bound as
    `kg.sparql.remote.prepare_query` binds them), POSTed with urllib; the answer is read, not parsed."""
    import urllib.parse
    import urllib.request

    from rdflib import URIRef

    from kg.sparql.parameters import resolve_params
    from kg.sparql.remote import RemoteBackend, prepare_query
    from kg.sparql.run import resolve_query

    texts: dict[str, str] = {}

    def raw(name: str, timeout: float) -> int:
        if name not in texts:
            query = resolve_query(name)
            params = {"agency": URIRef(agency)} if name == "tasks-led-by-agency" else None
            bindings = resolve_params(query, params, RemoteBackend(url, timeout=timeout))
            texts[name] = prepare_query(url, query.text, bindings, timeout=timeout)
        body = urllib.parse.urlencode({"query": texts[name]}).encode()
        request = urllib.request.Request(url, data=body, headers={
            "Accept": "application/sparql-results+json",
            "Content-Type": "application/x-www-form-urlencoded"})
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - loopback
            return len(response.read())

    return raw


def bench_embedded(shards: Path, agency: str, repeat: int, limit: float) -> dict:
    """In a child process (so its memory is its own): open_kg on the shards, then the queries."""
    cmd = [sys.executable, __file__, "--embedded-worker", str(shards), "--agency", agency,
           "--repeat", str(repeat), "--query-limit", str(limit)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    sys.stderr.write(proc.stderr)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"}
    return json.loads(proc.stdout)


def embedded_worker(shards: Path, agency: str, repeat: int, limit: float) -> dict:
    from rdflib import URIRef

    from kg.graph.distributed import shard_files
    from kg.sparql.run import run_query
    from kg.sparql.store import open_kg

    files = shard_files(shards, support=False)
    t0 = time.perf_counter()
    graph = open_kg(files)
    load = time.perf_counter() - t0
    triples = len(graph)

    def run(name: str, timeout: float) -> int:
        params = {"agency": URIRef(agency)} if name == "tasks-led-by-agency" else None
        return len(run_query(name, params, graph=graph, timeout=timeout))

    queries = time_queries(run, repeat, limit)
    return {"load": load, "triples": triples, "rss_mb": _rss_mb(os.getpid()), "queries": queries}


def bench_oxigraph_server(shards: Path, agency: str, repeat: int, limit: float, work: Path) -> dict:
    from rdflib import URIRef

    from kg.graph.distributed import shard_files
    from kg.sparql.endpoint import free_port, load_store, oxigraph_executable, wait_until_up
    from kg.sparql.remote import RemoteBackend
    from kg.sparql.run import run_query

    location = work / "oxigraph-store"
    shutil.rmtree(location, ignore_errors=True)
    t0 = time.perf_counter()
    load_store(location, shard_files(shards))
    port = free_port()
    proc = subprocess.Popen([oxigraph_executable(), "serve-read-only", "--location", str(location),
                             "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_until_up(url, proc, timeout=600)
        load = time.perf_counter() - t0
        _, rows = RemoteBackend(url, timeout=600).select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {})
        triples = int(str(rows[0]["n"]))

        def run(name: str, timeout: float) -> int:
            params = {"agency": URIRef(agency)} if name == "tasks-led-by-agency" else None
            return len(run_query(name, params, endpoint=url, timeout=timeout))

        queries = time_queries(run, repeat, limit, raw_runner(url, agency))
        rss = _rss_mb(proc.pid)
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        proc.wait(60)
        shutil.rmtree(location, ignore_errors=True)
    return {"load": load, "triples": triples, "rss_mb": rss, "queries": queries}


def bench_virtuoso(shards: Path, agency: str, repeat: int, limit: float, memory_mb: int) -> dict:
    from rdflib import URIRef

    from kg.sparql.run import run_query
    from kg.sparql.virtuoso import DEFAULT_GRAPH, load_shards, start_virtuoso

    t0 = time.perf_counter()
    server = start_virtuoso(dirs_allowed=[shards], memory_mb=memory_mb)
    try:
        started = time.perf_counter() - t0
        t1 = time.perf_counter()
        report = load_shards(server, shards, DEFAULT_GRAPH, loaders=2)
        load = time.perf_counter() - t1
        if not report.ok:
            return {"error": report.summary()}

        def run(name: str, timeout: float) -> int:
            params = {"agency": URIRef(agency)} if name == "tasks-led-by-agency" else None
            return len(run_query(name, params, endpoint=server.sparql_url, timeout=timeout))

        queries = time_queries(run, repeat, limit, raw_runner(server.sparql_url, agency))
        rss = _rss_mb(server.pid or 0)
    finally:
        server.stop()
    return {"load": load, "start": started, "triples": report.triples, "rss_mb": rss, "queries": queries}


def _fmt(value: float | None, limit: float) -> str:
    if value is None:
        return f"> {limit:g} s"
    return f"{value:.2f} s" if value < 10 else f"{value:.0f} s"


def _cell(q: dict, limit: float) -> str:
    text = _fmt(q.get("seconds"), limit)
    if q.get("server") is not None:
        text += f" ({_fmt(q['server'], limit)})"
    return text


def table(results: list[dict], limit: float) -> str:
    head = ["triples", "engine", "load", "memory"] + list(QUERIES)
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['size']:,} | {r['engine']} | error: {r['error']} |")
            continue
        cells = [f"{r['triples']:,}", r["engine"], _fmt(r["load"], limit), f"{r['rss_mb']:,.0f} MB"]
        cells += [_cell(r["queries"][q], limit) for q in QUERIES]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000000,10000000", help="target triple counts, comma-separated")
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--work", type=Path, help="keep corpora and shards here (default: a temporary dir)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--query-limit", type=float, default=600)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--virtuoso-memory", type=int, default=4096, help="MB of page buffers for Virtuoso")
    ap.add_argument("--json", type=Path, help="also write the results as JSON")
    ap.add_argument("--embedded-worker", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--agency", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.embedded_worker:
        print(json.dumps(embedded_worker(args.embedded_worker, args.agency, args.repeat, args.query_limit)))
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="policykg-engines-"))
    work.mkdir(parents=True, exist_ok=True)
    engines = [e for e in args.engines.split(",") if e]
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        shards, build_seconds, plans = build_shards_for(size, work, args.jobs)
        agency = _lead_agency(shards)
        print(f"{size:,}: {plans} plans built on Dask in {build_seconds:.0f} s", file=sys.stderr, flush=True)
        for engine in engines:
            print(f"  {engine}", file=sys.stderr, flush=True)
            if engine == "embedded":
                r = bench_embedded(shards, agency, args.repeat, args.query_limit)
            elif engine == "oxigraph-server":
                r = bench_oxigraph_server(shards, agency, args.repeat, args.query_limit, work)
            elif engine == "virtuoso":
                r = bench_virtuoso(shards, agency, args.repeat, args.query_limit, args.virtuoso_memory)
            else:
                raise SystemExit(f"unknown engine {engine}")
            r.update(size=size, engine=engine, plans=plans, build_seconds=build_seconds)
            results.append(r)
            if args.json:
                args.json.write_text(json.dumps(results, indent=1))
    machine = (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
               f"Python {platform.python_version()}")
    print(f"<!-- benchmarks/engines.py --sizes {args.sizes} --repeat {args.repeat}; {machine} -->")
    print(table(results, args.query_limit))
    for size in sorted({r["size"] for r in results}):
        r = next(r for r in results if r["size"] == size)
        print(f"\n{size:,}: {r['plans']} plans, Dask build (2 processes) {r['build_seconds']:.0f} s")


if __name__ == "__main__":
    main()
