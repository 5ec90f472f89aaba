"""Build the KG of a large corpus on Dask: N-Triples shards, one per partition, and a manifest.

The work per document is the local build's (`kg.graph.corpus.process_document`: extraction, triples, SHACL
validation, all in the worker); Dask runs it over partitions of the input files, and each partition's
task writes its own shard, ``build-NNNNN/part-NNNNN.nt`` (sorted, de-duplicated N-Triples), and sends
back only what the corpus needs to know about its documents: id, title, cited titles, triple count,
problems. No process ever holds the whole KG.

Citation links (``dcterms:references``) need every title in the corpus, so they are a second, cheap
step: once the partitions are done, the parent has all (document id, title) pairs and writes
``citations.nt`` from the cited titles the workers returned — a few lines per document.

``manifest.json`` lists the documents (source, id, shard, triples), the shards (file, documents,
triples, SHA-256), the citations shard (with its SHA-256), the failures and the validation problems.

A build never writes over the files of the build before it: its shards and citations go into a new
folder, ``build-NNNNN/`` (one more than any there), and the manifest, which names that folder, is
written last and atomically; only then are the older build folders removed. A build killed at any
point leaves the previous manifest naming the previous, complete set (or, for a first build, no
manifest: nothing loadable), and a loader that checks the hashes (`shard_files` with ``verify``, as
``policykg virtuoso`` does) refuses a set whose files do not match their manifest in one line.

Shards may repeat triples that several documents share (an agency's type and names); a store keeps
one copy, and the union of the shards is the same graph as the local build's ``kg.ttl`` (a test checks
it). ``ontology/`` holds the ontology and vocabularies, which the library queries need next to the data.

Why Dask (``pip install -e '.[scale]'``): it is pure Python, starts in a second, and its local
process scheduler runs the same partitions that a ``dask.distributed`` cluster runs on many machines
(``scheduler="tcp://host:8786"``, a scheduler file or a ``Client``; `kg.graph.cluster` connects,
checks the workers, shows progress and gathers shards); PySpark would add a JVM and ~300 MB to every
install for a job that is a map over files.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loaders.errors import InputError, PolicyParseError

from ..errors import require
from .corpus import BuildOptions, collect_inputs, process_document

__all__ = ["ShardBuildResult", "build_shards", "read_manifest", "shard_files", "MANIFEST", "ENGINES",
           "CITATIONS_SHARD", "DEFAULT_DOCS_PER_PARTITION", "ManifestError"]

MANIFEST = "manifest.json"
CITATIONS_SHARD = "citations.nt"
ENGINES = ("dask",)
DEFAULT_DOCS_PER_PARTITION = 100
FORMAT = "policykg-shards/2"
_BUILD = re.compile(r"build-(\d{5,})")
_SHA256 = re.compile(r"[0-9a-f]{64}")


class ManifestError(PolicyParseError):
    """A shard directory's manifest is missing, malformed, or does not match the files (one line)."""


@dataclass
class ShardBuildResult:
    """What `build_shards` did: counts, the shard files, failures and validation problems."""

    out_dir: Path
    engine: str
    partitions: int = 0
    documents: int = 0
    shard_triples: int = 0
    citation_triples: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    validated: bool = True
    warnings: list[Any] = field(default_factory=list)  # kg.review.warnings.DocumentWarnings per document
    corrected: int = 0
    corrections: list[str] = field(default_factory=list)
    lexicon: str | None = None
    cluster: str | None = None  # "tcp://host:8786: 2 workers" when built on a dask.distributed cluster
    build: str = ""  # the folder of this build's shards (build-00001)

    @property
    def conforms(self) -> bool | None:
        return (not self.problems) if self.validated else None

    def summary(self) -> str:
        lines = [
            f"engine     {self.engine} ({self.partitions} partitions)"
            + (f" on {self.cluster}" if self.cluster else ""),
            f"documents  {self.documents}",
            f"triples    {self.shard_triples:,} in {self.partitions} shards (triples that documents share "
            f"may repeat across shards) + {self.citation_triples:,} citation links",
        ]
        if self.validated:
            verdict = "yes" if not self.problems else f"NO ({len(self.problems)} problems)"
            lines.append(f"valid      {verdict}")
            lines.extend(f"  {p}" for p in self.problems[:20])
        from .corpus import review_summary_lines

        lines.extend(review_summary_lines(self.out_dir, self.warnings, self.corrected, self.corrections,
                                          self.lexicon))
        lines.append(f"wrote      {self.out_dir / MANIFEST} and {self.partitions} shards + {CITATIONS_SHARD} "
                     f"in {self.build}/")
        for src, msg in self.failures:
            lines.append(f"failed     {src}: {msg}")
        return "\n".join(lines)


@dataclass
class _DocInfo:
    source: str
    doc_id: str | None
    title: str | None
    citations: tuple[str, ...]
    triples: int
    problems: tuple[str, ...]
    error: str | None
    sha256: str = ""
    warnings: Any = None
    corrected: int = 0
    corrections: tuple[str, ...] = ()
    relations: tuple[tuple[str, str], ...] = ()  # (kind, 《title》): linked with the citations


@dataclass
class _ShardInfo:
    index: int
    file: str
    triples: int
    sha256: str
    documents: list[_DocInfo]


def shard_name(index: int) -> str:
    """``part-00003.nt`` for partition 3."""
    return f"part-{index:05d}.nt"


def _write_lines(path: Path, lines: list[str]) -> str:
    from ..io import atomic_open

    digest = hashlib.sha256()
    with atomic_open(path, "wb") as fh:
        for line in lines:
            data = line.encode("utf-8")
            digest.update(data)
            fh.write(data)
    return digest.hexdigest()


def _partition(task: tuple) -> tuple[list[str], list[_DocInfo]]:
    """One partition's documents, processed: its shard's lines (sorted, de-duplicated) and the documents.

    ``task`` is ``(index, files, out_dir, validate, skip)`` and, optionally, `BuildOptions`."""
    index, files, out_dir, validate, skip, *rest = task
    options = rest[0] if rest else None
    lines: set[str] = set()
    docs: list[_DocInfo] = []
    for path in files:
        out = process_document(path, validate, options)
        keep = out.error is None and path not in skip
        docs.append(_DocInfo(out.source, out.doc_id, out.title, out.citations,
                             len(set(out.lines)) if keep else 0, out.problems, out.error, out.sha256,
                             out.warnings, out.corrected, out.corrections, out.relations))
        if keep:
            lines.update(out.lines)
    if options is not None and options.lexicon is not None:
        from .user_lexicon import lexicon_lines

        lines.update(lexicon_lines(options.lexicon))  # every shard: shards may repeat shared triples
    return sorted(lines), docs


def _build_shard(task: tuple) -> _ShardInfo:
    """One partition, in a worker: process its documents and write ``part-NNNNN.nt`` into ``out_dir``.

    The name depends only on the partition and the bytes only on its documents, and the file is
    written atomically: a partition run twice (a lost worker's, run again by Dask) writes the same file."""
    ordered, docs = _partition(task)
    name = shard_name(task[0])
    digest = _write_lines(Path(task[2]) / name, ordered)
    return _ShardInfo(task[0], name, len(ordered), digest, docs)


def _gather_shard(task: tuple) -> tuple[_ShardInfo, bytes]:
    """One partition, in a worker that has no shared directory: the shard's bytes go back to the client."""
    ordered, docs = _partition(task)
    data = "".join(ordered).encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    return _ShardInfo(task[0], shard_name(task[0]), len(ordered), digest, docs), data


def _run_dask(tasks: list[tuple], jobs: int, scheduler: Any, client: Any = None, gather: bool = False
              ) -> list[_ShardInfo]:
    if client is not None:
        return _run_cluster(tasks, client, gather)
    dask = require("dask", extra="scale")
    db = require("dask.bag", extra="scale", package="dask")
    if not tasks:
        return []
    bag = db.from_sequence(tasks, npartitions=len(tasks)).map(_build_shard)
    if scheduler is None:
        from .corpus import _pool

        # Dask's local processes in a pool whose workers die with this process (kg.processes).
        with dask.config.set(num_workers=jobs), _pool(jobs) as pool:
            return list(bag.compute(scheduler="processes", pool=pool))
    return list(bag.compute(scheduler=scheduler))


def _run_cluster(tasks: list[tuple], client: Any, gather: bool) -> list[_ShardInfo]:
    """The partitions on a ``dask.distributed`` cluster; with ``gather`` the client writes the shards."""
    from .cluster import ClusterError, run_partitions

    if not gather:
        return run_partitions(client, _build_shard, tasks, documents=lambda s: len(s.documents))
    from ..io import atomic_write_bytes

    out = Path(tasks[0][2]) if tasks else Path()

    def write(result: tuple[_ShardInfo, bytes]) -> _ShardInfo:  # as each arrives: one shard in memory
        info, data = result
        if hashlib.sha256(data).hexdigest() != info.sha256:
            raise ClusterError(f"{info.file}: the bytes gathered from the cluster do not match the worker's "
                               "SHA-256")
        atomic_write_bytes(out / info.file, data)
        return info

    return run_partitions(client, _gather_shard, tasks, handle=write, documents=lambda s: len(s.documents))


def build_shards(
    paths: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    engine: str = "dask",
    partitions: int | None = None,
    jobs: int | None = None,
    validate: bool = True,
    scheduler: Any = None,
    corrections: Sequence[Any] = (),
    lexicon: Any = None,
    gather: bool = False,
) -> ShardBuildResult:
    """Build the KG of ``paths`` as N-Triples shards in ``out_dir`` with a distributed engine.

    Parameters
    ----------
    paths
        Documents or directories (searched recursively, as ``policykg build`` does).
    out_dir
        Output directory: ``build-NNNNN/`` (a new folder each build) with ``part-NNNNN.nt`` per
        partition and ``citations.nt``; ``manifest.json`` (written last) and ``ontology/``. The folders
        of earlier builds are removed once the manifest names the new one.
    engine
        ``dask`` (the supported engine).
    partitions
        Number of partitions (shards); default one per 100 documents, at least one per worker.
    jobs
        Worker processes of Dask's local scheduler (default: all cores).
    validate
        Check each document against the SHACL shapes in its worker.
    scheduler
        A ``dask.distributed`` cluster to run on instead of the local processes: a
        ``dask.distributed.Client``, a scheduler address (``tcp://host:8786``) or a scheduler file
        (`kg.graph.cluster.connect`); any other value is passed to Dask's ``compute(scheduler=…)``. On a
        cluster the workers must read the documents at the client's paths (relative paths are made
        absolute first, so ``dcterms:source`` holds absolute paths) and, unless ``gather``, write
        ``out_dir`` — the same shared directory the client sees; both are checked on every worker before
        the build starts (`kg.graph.cluster.check_workers`). ``partitions`` defaults to at least one per
        worker thread, ``jobs`` is not used.
    gather
        On a cluster: send each shard back to the client, which writes it into ``out_dir`` (for workers
        without a shared directory).
    corrections, lexicon
        Corrections files and a user lexicon, as for `kg.graph.corpus.build_corpus`; the warnings go
        to ``out_dir/warnings.json``, the corrections not applied to ``out_dir/corrections.json``.

    Raises
    ------
    PolicyParseError
        No documents found, or none could be built (the first failure); the engine is not installed.
    kg.graph.cluster.ClusterError
        The scheduler does not answer or has no workers, a worker cannot read the documents or write the
        shard directory, or a partition failed on the cluster (not a document: those are failures).

    Examples
    --------
    >>> from pathlib import Path
    >>> from loaders.synthetic.plans import generate_corpus, write_corpus
    >>> files = write_corpus(generate_corpus(3, seed=1), Path("corpus"))
    >>> r = build_shards(["corpus/"], "out/shards", partitions=2, jobs=1)
    >>> r.documents, r.partitions
    (3, 2)
    """
    if engine not in ENGINES:
        raise PolicyParseError(engine, f"unknown engine; choose one of {', '.join(ENGINES)}")
    from . import cluster

    client, own_client = None, False
    if cluster.is_address(scheduler):
        client, own_client = cluster.connect(scheduler), True
    elif cluster.is_client(scheduler):
        client = scheduler
    elif gather:
        from ..errors import UsageError

        raise UsageError("gather goes with a dask.distributed scheduler (an address or a Client)")
    try:
        return _build_shards(paths, out_dir, engine, partitions, jobs, validate, scheduler, corrections,
                             lexicon, client, gather)
    finally:
        if own_client:
            client.close()


def _build_shards(paths, out_dir, engine, partitions, jobs, validate, scheduler, corrections, lexicon,
                  client, gather) -> ShardBuildResult:
    from . import cluster

    unreadable: list[tuple[str, str]] = []
    if client is not None:  # the workers have their own working directory
        paths = [Path(p).absolute() for p in paths]
        out_dir = Path(out_dir).absolute()
    files = [str(f) for f in collect_inputs(paths, unreadable)]
    if not files:
        if unreadable:
            raise PolicyParseError(*unreadable[0])
        raise PolicyParseError(", ".join(map(str, paths)) or "<none>", "no documents found")
    where = None
    if client is not None:
        threads = cluster.check_workers(client, out_dir, files, gather=gather)
        jobs = sum(threads.values()) or 1
        where = f"{client.scheduler.address}: {len(threads)} worker{'s' if len(threads) != 1 else ''}" + \
            (", shards gathered" if gather else "")
    jobs = jobs or os.cpu_count() or 1
    count = partitions or max(min(jobs, len(files)), -(-len(files) // DEFAULT_DOCS_PER_PARTITION))
    count = max(1, min(count, len(files)))
    chunks = [files[i * len(files) // count:(i + 1) * len(files) // count] for i in range(count)]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    build = _next_build(out)  # a new folder: the previous build's files stay as they are until the end
    shard_dir = out / build
    shard_dir.mkdir()
    options = BuildOptions(lexicon, tuple(corrections)) if corrections or lexicon is not None else None
    tasks = [(i, chunk, str(shard_dir), validate, frozenset(), options) for i, chunk in enumerate(chunks)]
    shards = _run_dask(tasks, jobs, scheduler, client, gather)

    # Duplicate document ids: as in the local build, the first in input order wins; partitions that
    # hold a later one are built again without it (rare, and only those partitions).
    seen: dict[str, str] = {}
    duplicates: dict[int, set[str]] = {}
    failures: list[tuple[str, str]] = list(unreadable)
    for shard in sorted(shards, key=lambda s: s.index):
        for d in shard.documents:
            if d.error is not None:
                failures.append((d.source, d.error))
            elif d.doc_id in seen:
                failures.append((d.source, f"has the same document id {d.doc_id!r} as {seen[d.doc_id]}; "
                                           "rename"))
                duplicates.setdefault(shard.index, set()).add(d.source)
            else:
                seen[d.doc_id or ""] = d.source
    if duplicates:
        redo = [(i, chunks[i], str(shard_dir), validate, frozenset(skip), options)
                for i, skip in sorted(duplicates.items())]
        rebuilt = {s.index: s for s in _run_dask(redo, jobs, scheduler, client, gather)}
        shards = [rebuilt.get(s.index, s) for s in shards]
    shards.sort(key=lambda s: s.index)
    dup_sources = {src for skip in duplicates.values() for src in skip}
    good = [d for s in shards for d in s.documents
            if d.error is None and d.source not in dup_sources and d.doc_id is not None]
    if not good:
        src, msg = failures[0]
        raise PolicyParseError(src, msg)

    citation_count, citation_digest = _write_citations(shard_dir, good)
    from .corpus import _copy_ontology

    _copy_ontology(out)
    result = ShardBuildResult(out, engine, len(shards), len(good), sum(s.triples for s in shards),
                              citation_count, failures, [p for d in good for p in d.problems], validate)
    result.cluster, result.build = where, build
    from ..review.warnings import write_warnings
    from .corpus import correction_report, write_correction_report

    result.warnings = [d.warnings for d in good if d.warnings is not None]
    result.corrected = sum(d.corrected for d in good)
    result.corrections = correction_report(corrections, good)
    result.lexicon = lexicon.summary() if lexicon is not None else None
    write_warnings(out, result.warnings)
    if corrections:
        write_correction_report(out, corrections, good, result.corrections)
    _write_manifest(out, result, shards, good, citation_digest)  # last: it makes the new build the one
    _remove_stale_builds(out, build)
    return result


def _write_citations(out: Path, good: list[_DocInfo]) -> tuple[int, str]:
    """The second step: ``citations.nt`` from every document's cited titles and all corpus titles."""
    from .build import citation_triples, corpus_titles
    from .ntriples import to_lines

    titles = corpus_titles((d.doc_id or "", d.title or "") for d in good)
    lines: set[str] = set()
    for d in good:
        lines.update(to_lines(citation_triples(d.doc_id or "", d.citations, titles, d.relations)))
    ordered = sorted(lines)
    return len(ordered), _write_lines(out / CITATIONS_SHARD, ordered)


def _next_build(out: Path) -> str:
    """The folder of a new build: ``build-NNNNN``, one more than any build folder in ``out`` (so a fresh
    directory always gets ``build-00001`` and equal inputs give equal manifests)."""
    numbers = [int(m[1]) for p in out.iterdir() if (m := _BUILD.fullmatch(p.name))]
    return f"build-{max(numbers, default=0) + 1:05d}"


def _remove_stale_builds(out: Path, keep: str) -> None:
    """Once the manifest names ``keep``: the other build folders (older, or left by a killed build) and
    the shards of a version that wrote them at the top."""
    import shutil

    for p in out.iterdir():
        if (_BUILD.fullmatch(p.name) and p.name != keep and p.is_dir() and not p.is_symlink()):
            shutil.rmtree(p, ignore_errors=True)
    for f in [*out.glob("part-*.nt"), out / CITATIONS_SHARD]:
        if f.is_file():
            f.unlink()


def _write_manifest(out: Path, result: ShardBuildResult, shards: list[_ShardInfo], good: list[_DocInfo],
                    citation_digest: str) -> None:
    from ..io import atomic_write_text
    from ..sparql.store import support_paths

    support = [f"ontology/vocab/{p.name}" if p.parent.name == "vocab" else f"ontology/{p.name}"
               for p in support_paths()]
    manifest = {
        "format": FORMAT,
        "build": result.build,
        "engine": result.engine,
        "partitions": result.partitions,
        "documents": [
            {"source": d.source, "id": d.doc_id, "shard": f"{result.build}/{s.file}", "triples": d.triples}
            for s in shards for d in s.documents if d in good
        ],
        "shards": [
            {"file": f"{result.build}/{s.file}", "documents": sum(1 for d in s.documents if d in good),
             "triples": s.triples, "sha256": s.sha256}
            for s in shards
        ],
        "citations": {"file": f"{result.build}/{CITATIONS_SHARD}", "triples": result.citation_triples,
                      "sha256": citation_digest,
                      "how": "written after all partitions, from every document's cited titles and the "
                             "titles of the whole corpus (kg.graph.build.citation_triples)"},
        "support": [f for f in support if (out / f).is_file()],
        "triples_in_shards": result.shard_triples + result.citation_triples,
        "note": "shards may repeat triples shared by documents (agency types and names); loading all "
                "shards into one graph gives the KG of `policykg build` (kg.ttl)",
        "failures": [{"source": src, "error": msg} for src, msg in result.failures],
        "validated": result.validated,
        "problems": result.problems,
    }
    atomic_write_text(out / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")


def read_manifest(shard_dir: str | os.PathLike[str]) -> dict[str, Any]:
    """The manifest of a shard directory (``manifest.json``), checked: a one-line `ManifestError` when it
    is missing, is not JSON, is of another format or lacks what a loader needs (the build folder, the
    shards and the citations with their SHA-256, the support files), or names a file outside the
    directory.

    Examples
    --------
    >>> try:
    ...     read_manifest("no-such-dir")
    ... except InputError as exc:
    ...     print(exc)
    no-such-dir/manifest.json: no manifest: build the shards with policykg build --engine dask
    """
    path = Path(shard_dir) / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(str(path), "no manifest: build the shards with policykg build --engine dask") \
            from None
    except (ValueError, RecursionError) as exc:
        raise ManifestError(str(path), f"not a valid manifest ({' '.join(str(exc).split())[:200]})") from None
    except OSError as exc:
        raise ManifestError(str(path), f"cannot be read ({exc.strerror or exc})") from None
    _check_manifest(path, data)
    return data


def _check_manifest(path: Path, data: Any) -> None:
    """Everything `shard_files` and the loaders read from a manifest, with the right type, or one line."""
    def bad(problem: str) -> ManifestError:
        return ManifestError(str(path), problem)

    if not isinstance(data, dict):
        raise bad("not a valid manifest (not a JSON object)")
    if data.get("format") != FORMAT:
        older = str(data.get("format", "")).startswith("policykg-shards/")
        raise bad(f"unknown manifest format {data.get('format')!r}" + (
            f" (an older policykg wrote it; build the shards again for {FORMAT})" if older else ""))
    if not isinstance(data.get("build"), str) or not _BUILD.fullmatch(data["build"]):
        raise bad("the manifest names no build folder (\"build\": \"build-NNNNN\")")

    def file_entry(entry: Any, what: str) -> None:
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            raise bad(f"{what} without a \"file\"")
        _relative(path, entry["file"], under=data["build"])
        if not isinstance(entry.get("sha256"), str) or not _SHA256.fullmatch(entry["sha256"]):
            raise bad(f"{entry['file']}: no SHA-256 in the manifest")

    if not isinstance(data.get("shards"), list):
        raise bad("the manifest lists no \"shards\"")
    for entry in data["shards"]:
        file_entry(entry, "a shard")
    if "citations" not in data:
        raise bad("the manifest has no \"citations\" (the citations shard)")
    file_entry(data["citations"], "the citations")
    support = data.get("support", [])
    if not isinstance(support, list) or not all(isinstance(f, str) for f in support):
        raise bad("\"support\" is not a list of files")
    for f in support:
        _relative(path, f)


def _relative(manifest: Path, name: str, under: str | None = None) -> None:
    """A file a manifest names: a relative path inside the shard directory (inside ``under`` if given)."""
    parts = Path(name).parts
    outside = not parts or Path(name).is_absolute() or ".." in parts or "\\" in name
    if outside or (under and parts[0] != under):
        where = f"the build folder {under}" if under else "the shard directory"
        raise ManifestError(str(manifest), f"{name!r}: not a file inside {where}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def shard_files(shard_dir: str | os.PathLike[str], support: bool = True, verify: bool = False) -> list[Path]:
    """The files of a shard directory to load, in manifest order: shards, citations, then (with
    ``support``) the ontology and vocabularies.

    With ``verify`` every shard and the citations are read and their SHA-256 compared with the
    manifest's, and every file must be a regular file: a mixed directory (a build killed after writing
    some shards over another's, by a version that did that, or a file changed since) is a one-line
    `ManifestError` naming the first file that does not match, before anything is loaded.

    Examples
    --------
    >>> from loaders.synthetic.plans import generate_corpus, write_corpus
    >>> _ = write_corpus(generate_corpus(2, seed=1), Path("corpus"))
    >>> _ = build_shards(["corpus/"], "shards", partitions=1, jobs=1, validate=False)
    >>> [str(p) for p in shard_files("shards", support=False, verify=True)]
    ['shards/build-00001/part-00000.nt', 'shards/build-00001/citations.nt']
    """
    base = Path(shard_dir)
    manifest = read_manifest(base)
    hashed = [*manifest["shards"], manifest["citations"]]
    files = [base / e["file"] for e in hashed]
    if support:
        files += [base / f for f in manifest["support"]]
    if verify:
        where = base / MANIFEST
        for f in files:
            if not f.is_file():
                state = "missing" if not f.exists() else "not a regular file"
                raise ManifestError(str(f), f"listed in {where} but {state}")
        for entry, f in zip(hashed, files[:len(hashed)], strict=True):
            if _sha256(f) != entry["sha256"]:
                raise ManifestError(str(f), f"its SHA-256 is not the one in {where} (a build stopped "
                                    "part-way or the file changed since): build the shards again")
    return files
