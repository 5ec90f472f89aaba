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

__all__ = ["BuildResult", "collect_inputs", "extract_many", "build_corpus", "process_document",
           "DocumentOutput", "DOCUMENT_SUFFIXES"]

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
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [
            f"documents  {self.documents}",
            f"tasks      {self.tasks}",
            f"agencies   {self.agencies}",
            f"targets    {self.targets}",
            f"triples    {self.triples}",
        ]
        if self.conforms is not None:
            lines.append(f"valid      {'yes' if self.conforms else f'NO ({len(self.problems)} problems)'}")
            lines.extend(f"  {p}" for p in self.problems[:20])
            if len(self.problems) > 20:
                lines.append(f"  … {len(self.problems) - 20} more (policykg validate --data KG)")
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


def _pool(workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers die with this process (SIGKILL included: `kg.processes`), so a
    killed build leaves no worker blocked on its pipe."""
    from ..processes import pool_initializer

    return ProcessPoolExecutor(max_workers=workers, initializer=pool_initializer, initargs=(os.getpid(),))


def _extract_one(path: str) -> tuple[str, Document | None, str | None]:
    from .names import load_document, readable_name

    try:
        return path, load_document(path), None
    except PolicyParseError as exc:
        return readable_name(path), None, exc.problem
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop a corpus build
        return readable_name(path), None, f"unexpected error while parsing ({type(exc).__name__}: {exc})"


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
        with _pool(min(jobs, len(names))) as pool:
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


@dataclass
class _DocumentOutput:
    """What a worker sends back for one document: small, picklable, already serialised."""

    source: str
    doc_id: str | None = None
    title: str | None = None
    citations: tuple[str, ...] = ()
    lines: list[str] = field(default_factory=list)
    problems: tuple[str, ...] = ()
    error: str | None = None


def _process_one(job: tuple[str, bool]) -> _DocumentOutput:
    """Extract one document, turn it into N-Triples lines and (optionally) validate it, in a worker."""
    path, validate = job
    from .build import document_triples
    from .names import load_document, readable_name
    from .ntriples import to_lines

    try:
        doc = load_document(path)
        triples = document_triples(doc)  # citations are linked in the parent, once all titles are known
        lines = to_lines(triples)
        problems: tuple[str, ...] = ()
        if validate:
            from ..reasoning.validate import conforms_ntriples

            # The verdict from the lines themselves; the readable report only for a document that
            # fails (or where the fast path is unavailable), from an rdflib graph.
            if conforms_ntriples("".join(lines), _shapes()) is not True:
                from rdflib import Graph

                from ..reasoning.validate import validate_graph

                g = Graph()
                g.addN((s, p, o, g) for s, p, o in triples)
                report = validate_graph(g, _shapes())
                problems = tuple(p.line() for p in report.problems)
        return _DocumentOutput(readable_name(path), doc.meta.id, doc.meta.title,
                               tuple(c.title for c in doc.citations), lines, problems)
    except PolicyParseError as exc:
        return _DocumentOutput(readable_name(path), error=exc.problem)
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop a corpus build
        return _DocumentOutput(readable_name(path),
                               error=f"unexpected error while parsing ({type(exc).__name__}: {exc})")


#: The per-document result every build engine shares (local pool, Dask): see `process_document`.
DocumentOutput = _DocumentOutput


def process_document(path: str | os.PathLike[str], validate: bool = True) -> DocumentOutput:
    """Extract one document into N-Triples lines, as every build engine does it (local pool or Dask).

    The lines hold the document's triples *without* citation links (those need every title in the
    corpus, so the caller adds them afterwards with `kg.graph.build.citation_triples`); ``titles`` and
    ``citations`` are returned for that. With ``validate``, the document's triples are checked against
    the SHACL shapes here, in the worker. A document that cannot be read gives ``error``, not an
    exception.

    Examples
    --------
    >>> from kg.resources import sample_path
    >>> out = process_document(sample_path(), validate=False)
    >>> out.doc_id, out.error, len(out.lines) > 1000
    ('changshou-ip-plan', None, True)
    """
    return _process_one((os.fspath(path), validate))


_SHAPES = None


def _shapes():
    """The SHACL shapes, parsed once per worker process."""
    global _SHAPES
    if _SHAPES is None:
        from ..reasoning.validate import load_shapes

        _SHAPES = load_shapes()
    return _SHAPES


def _run_pool(jobs_list: list[tuple[str, bool]], jobs: int) -> list[_DocumentOutput]:
    if jobs == 1 or len(jobs_list) <= 1:
        out = []
        for k, job in enumerate(jobs_list, 1):
            out.append(_process_one(job))
            _progress_bar(k, len(jobs_list))
        return out
    out = []
    with _pool(min(jobs, len(jobs_list))) as pool:
        chunk = max(1, min(16, len(jobs_list) // (jobs * 8)))
        for k, r in enumerate(pool.map(_process_one, jobs_list, chunksize=chunk), 1):
            out.append(r)
            _progress_bar(k, len(jobs_list))
    return out


def build_corpus(
    paths: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    jobs: int | None = None,
    validate: bool = True,
    copy_ontology: bool = True,
) -> BuildResult:
    """Extract ``paths``, build the KG and write ``out_dir/kg.ttl`` (+ ``out_dir/ontology/``).

    Each document is extracted, turned into triples and (with ``validate``) checked against the
    SHACL shapes in a worker process; the parent links citations across the corpus, sorts and
    de-duplicates the triples and writes Turtle, so equal input gives byte-identical output.

    Raises
    ------
    PolicyParseError
        When no document could be built (the message is the first failure); nothing is written.
    """
    from rdflib import RDF
    from rdflib.namespace import PROV

    from .build import citation_triples, corpus_titles
    from .namespaces import PKG, PREFIXES
    from .ntriples import to_lines, write_turtle

    files = collect_inputs(paths)
    if not files:
        raise PolicyParseError(", ".join(map(str, paths)) or "<none>", "no documents found")
    outputs = _run_pool([(str(f), validate) for f in files], jobs or os.cpu_count() or 1)
    failures = [(o.source, o.error) for o in outputs if o.error is not None]
    good: list[_DocumentOutput] = []
    seen: dict[str, str] = {}
    for o in outputs:
        if o.error is not None or o.doc_id is None:
            continue
        if o.doc_id in seen:
            failures.append((o.source, f"has the same document id {o.doc_id!r} as {seen[o.doc_id]}; rename"))
            continue
        seen[o.doc_id] = o.source
        good.append(o)
    if not good:
        src, msg = failures[0]
        raise PolicyParseError(src, msg)
    titles = corpus_titles((o.doc_id, o.title or "") for o in good)
    lines: set[str] = set()
    for o in good:
        lines.update(o.lines)
        lines.update(to_lines(citation_triples(o.doc_id or "", o.citations, titles)))
    ordered = sorted(lines)

    out = Path(out_dir)
    result = BuildResult(out)
    task_line, target_line = (f" <{RDF.type}> <{cls}> .\n" for cls in (PKG.KeyTask, PKG.Target))
    result.documents = len(good)
    result.tasks = sum(1 for ln in ordered if ln.endswith(task_line))
    result.targets = sum(1 for ln in ordered if ln.endswith(target_line))
    agent = f" <{PROV.agent}> "
    result.agencies = len({ln.split(agent, 1)[1] for ln in ordered if agent in ln})
    result.triples = len(ordered)
    result.failures = failures
    if validate:
        result.problems = [p for o in good for p in o.problems]
        result.conforms = not result.problems
    out.mkdir(parents=True, exist_ok=True)
    write_turtle(ordered, out / "kg.ttl", PREFIXES)
    result.outputs.append(out / "kg.ttl")
    if copy_ontology:
        _copy_ontology(out)
        result.outputs.append(out / "ontology")
    return result


def _copy_ontology(out: Path) -> None:
    """Put the ontology and vocabularies beside the KG, replacing an older copy in one rename."""
    from ..resources import ontology_dir

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
