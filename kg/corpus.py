"""Build a knowledge graph from files: extraction in a process pool, atomic output, a summary.

One failing document is reported and the others still build; nothing is written when no document
builds, and what is written goes through a temporary file and a rename.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from loaders.errors import PolicyParseError
from loaders.records import Document

__all__ = ["BuildResult", "collect_inputs", "extract_many", "build_corpus", "DOCUMENT_SUFFIXES"]

DOCUMENT_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".docx", ".pdf")


@dataclass
class BuildResult:
    out_dir: Path | None
    documents: int = 0
    tasks: int = 0
    agencies: int = 0
    targets: int = 0
    triples: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    conforms: bool | None = None

    def summary(self) -> str:
        lines = [
            f"documents  {self.documents}",
            f"tasks      {self.tasks}",
            f"agencies   {self.agencies}",
            f"targets    {self.targets}",
            f"triples    {self.triples}",
        ]
        if self.conforms is not None:
            lines.append(f"valid      {'yes' if self.conforms else 'NO (see policykg validate)'}")
        for p in self.outputs:
            lines.append(f"wrote      {p}")
        for src, msg in self.failures:
            lines.append(f"failed     {src}: {msg}")
        return "\n".join(lines)


def collect_inputs(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files as given, and documents found (recursively, sorted) in directories."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES)
            )
        else:
            out.append(p)
    return out


def _extract_one(path: str) -> tuple[str, Document | None, str | None]:
    from loaders.document import load_document

    try:
        return path, load_document(path), None
    except PolicyParseError as exc:
        return path, None, exc.problem
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop a corpus build
        return path, None, f"unexpected error while parsing ({type(exc).__name__}: {exc})"


def extract_many(
    paths: Sequence[Path], jobs: int | None = None, progress: Callable[[int, int], None] | None = None
) -> tuple[list[Document], list[tuple[str, str]]]:
    """Extract documents in parallel (``jobs`` processes, default all cores); keep input order."""
    jobs = jobs or os.cpu_count() or 1
    results: list[tuple[str, Document | None, str | None]] = []
    names = [str(p) for p in paths]
    if jobs == 1 or len(names) <= 1:
        for k, n in enumerate(names, 1):
            results.append(_extract_one(n))
            if progress:
                progress(k, len(names))
    else:
        with ProcessPoolExecutor(max_workers=min(jobs, len(names))) as pool:
            for k, r in enumerate(
                pool.map(_extract_one, names, chunksize=max(1, len(names) // (jobs * 8))), 1
            ):
                results.append(r)
                if progress:
                    progress(k, len(names))
    docs = [d for _, d, _ in results if d is not None]
    failures = [(p, e) for p, _, e in results if e is not None]
    seen: dict[str, str] = {}
    unique: list[Document] = []
    for d in docs:
        if d.meta.id in seen:
            failures.append(
                (d.meta.source, f"has the same document id {d.meta.id!r} as {seen[d.meta.id]}; rename one")
            )
            continue
        seen[d.meta.id] = d.meta.source
        unique.append(d)
    return unique, failures


def _progress_bar(done: int, total: int) -> None:
    if not sys.stderr.isatty() or total < 2:
        return
    width = 30
    filled = width * done // total
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def build_corpus(
    paths: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    jobs: int | None = None,
    validate: bool = True,
    copy_ontology: bool = True,
) -> BuildResult:
    """Extract ``paths``, build the KG and write ``out_dir/kg.ttl`` (+ ``out_dir/ontology/``).

    Raises
    ------
    PolicyParseError
        When no document could be built (the message is the first failure); nothing is written.
    """
    from .build import build_graph, graph_stats
    from .io import atomic_open
    from .resources import ontology_dir

    files = collect_inputs(paths)
    if not files:
        raise PolicyParseError(", ".join(map(str, paths)) or "<none>", "no documents found")
    docs, failures = extract_many(files, jobs, progress=_progress_bar)
    if not docs:
        src, msg = failures[0]
        raise PolicyParseError(src, msg)
    g = build_graph(docs)
    out = Path(out_dir)
    result = BuildResult(out)
    stats = graph_stats(g)
    result.documents, result.tasks, result.agencies = stats.documents, stats.tasks, stats.agencies
    result.targets, result.triples = stats.targets, stats.triples
    result.failures = failures
    if validate:
        try:
            from .validate import validate_graph
        except ImportError:  # validation module not present in this build
            validate_graph = None
        if validate_graph is not None:
            result.conforms = validate_graph(g).conforms
    data = g.serialize(format="turtle", encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)
    with atomic_open(out / "kg.ttl", "wb") as fh:
        fh.write(data)
    result.outputs.append(out / "kg.ttl")
    if copy_ontology:
        src = ontology_dir()
        dest = out / "ontology"
        tmp = out / ".ontology.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        for f in sorted(src.glob("*.ttl")):
            shutil.copy2(f, tmp / f.name)
        (tmp / "vocab").mkdir()
        for f in sorted((src / "vocab").glob("*.ttl")):
            shutil.copy2(f, tmp / "vocab" / f.name)
        old = out / ".ontology.old"
        shutil.rmtree(old, ignore_errors=True)
        if dest.exists():
            dest.rename(old)
        tmp.rename(dest)
        shutil.rmtree(old, ignore_errors=True)
        result.outputs.append(dest)
    return result
