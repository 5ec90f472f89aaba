"""The ``scaling`` section of ``benchmarks/run.py``: the per-document and per-triple figures that
``benchmarks/scaling.py`` turns into docs/scaling.md.

On N generated plans (``loaders.synthetic.plans``):

- **stages**, in one warm process, per document, in CPU seconds: extraction (``load_document``: read +
  parse), triples (``add_document`` into an ``NTriplesSink``: N-Triples lines) and SHACL validation
  (``conforms_document``, the build's fast path); characters, triples and N-Triples bytes per
  document; the same for the sample plan (a real one); every build below also in CPU seconds (its
  processes, the workers, the server);
- **dask-local**: ``build_shards`` on Dask's local processes (``--jobs 2``, validated): documents per
  second, shard bytes per document, triples in the shards against unique triples (what a store keeps);
- **cluster**: the same build on a ``dask.distributed`` LocalCluster of two worker processes (one thread
  each, 127.0.0.1): documents per second, and the cluster's start-up;
- **embedded**: the merged KG (``kg.ttl`` of the local build) opened in the embedded store in a fresh
  process: seconds and resident memory per million triples;
- **virtuoso** (when ``virtuoso-t`` is installed): a server started with 512 MB of buffers, the shards bulk
  loaded (``load_shards``, with its checkpoint): triples per second, database bytes per triple, and the
  server's peak resident memory.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from loaders.synthetic.plans import generate_corpus, write_corpus

_EMBEDDED = r"""
import json, sys, time
sys.path.insert(0, sys.argv[2])
from kg.sparql.store import open_kg
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
before = rss()
t, c = time.perf_counter(), time.process_time()
g = open_kg(sys.argv[1]); n = len(g)
s, cpu = time.perf_counter() - t, time.process_time() - c
print(json.dumps({"triples": n, "seconds": s, "cpu_s": cpu, "rss_mb": rss(), "rss_before_mb": before}))
"""


def _stages(files: list[Path]) -> dict:
    from kg.graph.build import add_document
    from kg.graph.corpus import _shapes
    from kg.graph.names import load_document
    from kg.graph.ntriples import NTriplesSink
    from kg.reasoning.validate import conforms_document

    shapes = _shapes()
    rows = []
    clock = time.process_time  # CPU seconds: what a worker spends, whatever else the machine runs
    for k, path in enumerate(files):
        t0 = clock()
        doc = load_document(path)
        t1 = clock()
        sink = NTriplesSink()
        d = add_document(sink, doc)
        lines = sink.lines
        t2 = clock()
        ok = conforms_document(lines, {d: doc.text}, sink.spans, shapes)
        t3 = clock()
        if k == 0 and len(files) > 1:
            continue  # warm-up: dictionaries, shapes and caches loaded before the clock counts
        rows.append({"extract": t1 - t0, "triples": t2 - t1, "validate": t3 - t2, "chars": len(doc.text),
                     "n_triples": len(set(lines)), "bytes": sum(len(ln.encode()) for ln in set(lines)),
                     "conforms": ok is True})
    mean = lambda key: statistics.fmean(r[key] for r in rows)  # noqa: E731
    return {
        "documents": len(rows),
        "extract_s": round(mean("extract"), 5),
        "triples_s": round(mean("triples"), 5),
        "validate_s": round(mean("validate"), 5),
        "chars": round(mean("chars")),
        "triples": round(mean("n_triples"), 1),
        "ntriples_bytes": round(mean("bytes")),
        "conforming": sum(r["conforms"] for r in rows),
    }


def _dir_bytes(path: Path, pattern: str) -> int:
    return sum(p.stat().st_size for p in path.glob(pattern))


def _unique_triples(shard_dir: Path) -> int:
    from kg.graph.distributed import shard_files

    lines: set[str] = set()
    for f in shard_files(shard_dir, support=False):
        lines.update(f.read_text("utf-8").splitlines())
    return len(lines)


def _peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def bench_scaling(cfg: dict, tmp: Path) -> dict:
    from kg.graph.corpus import build_corpus
    from kg.graph.distributed import build_shards
    from kg.resources import sample_path

    n = cfg["scaling_plans"]
    src = tmp / f"scaling-{n}"
    files = write_corpus(generate_corpus(n, seed=2026), src)
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    out: dict = {"plans": n, "workers": 2, "cores": os.cpu_count(), "ram_gb": round(ram / 2**30, 1),
                 "load_average": round(os.getloadavg()[0], 1)}
    out["stages"] = _stages(sorted(files))
    sample = [sample_path()] * 4  # the first run warms up; the mean of the other three
    out["sample"] = _stages(sample)

    shards = tmp / "scaling-shards"
    cpu0 = _cpu_self_and_children()
    t0 = time.perf_counter()
    r = build_shards([src], shards, jobs=2, validate=True)
    wall = time.perf_counter() - t0
    cpu = _cpu_self_and_children() - cpu0  # the pool's processes have ended: counted as children
    shard_bytes = _dir_bytes(shards, "build-*/part-*.nt") + _dir_bytes(shards, "build-*/citations.nt")
    unique = _unique_triples(shards)
    out["dask_local"] = {
        "seconds": round(wall, 2), "documents": r.documents, "partitions": r.partitions,
        "documents_per_s": round(r.documents / wall, 2),
        "cpu_s": round(cpu, 2), "cpu_s_per_document": round(cpu / r.documents, 4),
        "shard_bytes": shard_bytes, "shard_bytes_per_document": round(shard_bytes / r.documents),
        "shard_triples": r.shard_triples + r.citation_triples, "unique_triples": unique,
        "repeat_ratio": round((r.shard_triples + r.citation_triples) / unique, 3),
        "valid": r.conforms is True,
    }
    out["cluster"] = _bench_cluster(src, tmp, r.partitions)

    local = tmp / "scaling-local"
    build_corpus([src], local, jobs=2, validate=False)
    root = str(Path(__file__).resolve().parents[1])
    proc = subprocess.run([sys.executable, "-c", _EMBEDDED, str(local / "kg.ttl"), root],
                          capture_output=True, text=True, check=True)
    e = json.loads(proc.stdout)
    million = e["triples"] / 1e6
    out["embedded"] = {"triples": e["triples"], "seconds": round(e["seconds"], 2),
                       "s_per_million": round(e["seconds"] / million, 2),
                       "cpu_s_per_million": round(e["cpu_s"] / million, 2),
                       "rss_mb": round(e["rss_mb"], 1),
                       "mb_per_million": round((e["rss_mb"] - e["rss_before_mb"]) / million, 1)}
    out["virtuoso"] = _bench_virtuoso(shards)
    return out


def _bench_cluster(src: Path, tmp: Path, partitions: int) -> dict | None:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        return None
    from kg.graph.distributed import build_shards

    t0 = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=":0", silence_logs=50) as cluster, \
            Client(cluster.scheduler_address, set_as_default=False) as client:
        client.wait_for_workers(2)
        start = time.perf_counter() - t0
        # Warm-up: each worker imports policykg and reads the shapes once (per worker, not per document).
        build_shards(sorted(src.glob("*.txt"))[:2], tmp / "scaling-warm", partitions=2, validate=True,
                     scheduler=client)
        before = _workers_cpu(client)
        t0 = time.perf_counter()
        r = build_shards([src], tmp / "scaling-cluster", partitions=partitions, validate=True,
                         scheduler=client)
        wall = time.perf_counter() - t0
        cpu = _workers_cpu(client) - before
    return {"seconds": round(wall, 2), "documents": r.documents, "partitions": r.partitions,
            "documents_per_s": round(r.documents / wall, 2), "start_s": round(start, 2),
            "workers_cpu_s": round(cpu, 2), "cpu_s_per_document": round(cpu / r.documents, 4)}


def _workers_cpu(client) -> float:
    """CPU seconds the cluster's worker processes have used so far (user + system)."""
    import resource

    usage = client.run(resource.getrusage, resource.RUSAGE_SELF)
    return sum(u.ru_utime + u.ru_stime for u in usage.values())


def _cpu_self_and_children() -> float:
    import resource

    return sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                                   resource.getrusage(resource.RUSAGE_CHILDREN)))


def _process_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) of a process, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _bench_virtuoso(shards: Path) -> dict | None:
    if not (shutil.which("virtuoso-t") and shutil.which("isql-vt")):
        return None
    from kg.sparql.virtuoso import VirtuosoError, load_shards, start_virtuoso

    for attempt in (1, 2):  # virtuoso-t 7.2 now and then dies at start-up (a GPF) on a busy machine
        t0 = time.perf_counter()
        try:
            server = start_virtuoso(dirs_allowed=[shards], memory_mb=512)
            break
        except VirtuosoError as exc:
            print(f"# virtuoso did not start (attempt {attempt}): {exc}", file=sys.stderr)
            if attempt == 2:
                raise
    start = time.perf_counter() - t0
    try:
        server.isql("checkpoint;\n")
        empty = sum(p.stat().st_size for p in server.workdir.glob("virtuoso*.db"))
        cpu0 = _process_cpu(server.pid) if server.pid else None
        t0 = time.perf_counter()
        report = load_shards(server, shards, "https://w3id.org/policykg/graph/bench")
        wall = time.perf_counter() - t0
        cpu1 = _process_cpu(server.pid) if server.pid else None
        cpu = (cpu1 - cpu0) if cpu0 is not None and cpu1 is not None else None
        db = sum(p.stat().st_size for p in server.workdir.glob("virtuoso*.db")) - empty
        peak = _peak_rss_mb(server.pid) if server.pid else None
    finally:
        server.stop()
    return {"triples": report.triples, "seconds": round(wall, 2), "start_s": round(start, 2),
            "triples_per_s": round(report.triples / wall), "db_bytes": db, "db_bytes_empty": empty,
            "cpu_s": round(cpu, 2) if cpu else None,
            "triples_per_cpu_s": round(report.triples / cpu) if cpu else None,
            "db_bytes_per_triple": round(db / report.triples, 1), "peak_rss_mb": peak,
            "buffers_mb": 512, "ok": report.ok}


def render_section(s: dict) -> list[str]:
    """The section's lines in the benchmark report (the sizing itself is docs/scaling.md)."""
    st, dl = s["stages"], s["dask_local"]
    lines = [
        f"## Scaling figures ({s['plans']} generated plans)",
        "",
        "| per document | extract s | triples s | validate s | triples | N-Triples bytes |",
        "|---|---:|---:|---:|---:|---:|",
        f"| generated plan (mean) | {st['extract_s']} | {st['triples_s']} | {st['validate_s']} | "
        f"{st['triples']} | {st['ntriples_bytes']:,} |",
        f"| the sample plan | {s['sample']['extract_s']} | {s['sample']['triples_s']} | "
        f"{s['sample']['validate_s']} | {s['sample']['triples']} | {s['sample']['ntriples_bytes']:,} |",
        "",
        f"Dask local processes (2): {dl['documents_per_s']} documents/s validated "
        f"({dl['cpu_s_per_document']} CPU s per document), "
        f"{dl['shard_bytes_per_document']:,} shard bytes per document, shards repeat {dl['repeat_ratio']}× "
        "the unique triples.",
    ]
    if s.get("cluster"):
        c = s["cluster"]
        lines.append(f"dask.distributed LocalCluster (2 workers): {c['documents_per_s']} documents/s "
                     f"({c['cpu_s_per_document']} CPU s per document; cluster start {c['start_s']} s).")
    e = s["embedded"]
    lines.append(f"Embedded store: {e['s_per_million']} s and {e['mb_per_million']} MB per million triples.")
    if s.get("virtuoso"):
        v = s["virtuoso"]
        lines.append(f"Virtuoso bulk load: {v['triples_per_s']:,} triples/s, {v['db_bytes_per_triple']} "
                     f"database bytes per triple, peak {v['peak_rss_mb']} MB resident ({v['buffers_mb']} MB "
                     "buffers).")
    lines.append("")
    return lines
