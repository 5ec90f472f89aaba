"""Build a knowledge graph from files: extraction in a process pool, atomic output, a summary.

One failing document is reported and the others still build; nothing is written when no document
builds, and what is written goes through a temporary file and a rename.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loaders.errors import PolicyParseError
from loaders.read.decoding import readable_name
from loaders.records import Document

__all__ = ["BuildResult", "BuildOptions", "collect_inputs", "extract_many", "build_corpus",
           "process_document", "DocumentOutput", "DOCUMENT_SUFFIXES", "CORRECTIONS_FILE",
           "review_summary_lines", "correction_report", "write_correction_report", "stage_times"]

DOCUMENT_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".docx", ".pdf")
CORRECTIONS_FILE = "corrections.json"


@dataclass(frozen=True)
class BuildOptions:
    """What a build applies to every document besides extraction (sent to each worker, so picklable):
    a user lexicon (`kg.graph.user_lexicon.UserLexicon`) and corrections files
    (`kg.review.corrections.CorrectionSet`)."""

    lexicon: Any = None
    corrections: tuple[Any, ...] = ()

    def lexicon_rows(self) -> dict[str, list[dict[str, Any]]] | None:
        return self.lexicon.rows() if self.lexicon is not None else None


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
    warnings: list[Any] = field(default_factory=list)  # kg.review.warnings.DocumentWarnings per document
    corrected: int = 0  # facts corrected
    corrections: list[str] = field(default_factory=list)  # corrections not applied (or not needed), why
    lexicon: str | None = None  # what the user lexicon added

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
        lines.extend(review_summary_lines(self.out_dir, self.warnings, self.corrected, self.corrections,
                                          self.lexicon))
        for p in self.outputs:
            lines.append(f"wrote      {p}")
        for src, msg in self.failures:
            lines.append(f"failed     {src}: {msg}")
        return "\n".join(lines)


def review_summary_lines(out_dir: Path | None, warnings: Sequence[Any], corrected: int,
                         corrections: Sequence[str], lexicon: str | None) -> list[str]:
    """The summary lines about warnings, corrections and the user lexicon (shared by every engine)."""
    from ..review.warnings import WARNINGS_FILE, headline, summary_lines

    lines = []
    if lexicon:
        lines.append(f"lexicon    {lexicon}")
    flagged = [w for w in warnings if w.warnings]
    if flagged:
        where = out_dir / WARNINGS_FILE if out_dir is not None else WARNINGS_FILE
        lines.append(f"warnings   {headline(flagged)} ({where})")
        lines.extend(f"  {ln}" for ln in summary_lines(flagged, where))
    if corrected or corrections:
        lines.append(f"corrected  {corrected} fact{'' if corrected == 1 else 's'} "
                     "(policykg query corrected-facts lists them)")
        lines.extend(f"  {ln}" for ln in corrections[:20])
        if len(corrections) > 20:
            lines.append(f"  … {len(corrections) - 20} more ({CORRECTIONS_FILE})")
    return lines


def collect_inputs(paths: Iterable[str | os.PathLike[str]],
                   unreadable: list[tuple[str, str]] | None = None) -> list[Path]:
    """Files as given, and documents found (recursively, sorted) in directories.

    A directory that cannot be listed (no permission, gone while walking) is not skipped silently:
    with ``unreadable`` given, ``(directory, problem)`` is appended to it for the ``failed`` lines.
    """
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found: list[Path] = []

            def on_error(exc: OSError, top: Path = p) -> None:
                if unreadable is not None:
                    where = exc.filename or top
                    problem = "permission denied" if isinstance(exc, PermissionError) else (
                        exc.strerror or type(exc).__name__)
                    unreadable.append((readable_name(os.fspath(where)),
                                       f"directory cannot be read ({problem})"))

            for root, dirs, names in os.walk(p, onerror=on_error):
                dirs.sort()
                found.extend(Path(root) / n for n in names if Path(n).suffix.lower() in DOCUMENT_SUFFIXES
                             and (Path(root) / n).is_file())
            out.extend(sorted(found))
        else:
            out.append(p)
    return out


def _pool(workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers die with this process (SIGKILL included: `kg.processes`), so a
    killed build leaves no worker blocked on its pipe."""
    from ..processes import pool_initializer

    return ProcessPoolExecutor(max_workers=workers, initializer=pool_initializer, initargs=(os.getpid(),))


def _extract_one(path: str, lexicon: Any = None) -> tuple[str, Document | None, str | None]:
    from loaders.vocab.lexicon import using_lexicon

    from .names import load_document, readable_name

    try:
        with using_lexicon(lexicon.rows() if lexicon is not None else None):
            return path, load_document(path), None
    except PolicyParseError as exc:
        return readable_name(path), None, exc.problem
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop a corpus build
        return readable_name(path), None, f"unexpected error while parsing ({type(exc).__name__}: {exc})"


def extract_many(
    paths: Sequence[Path], jobs: int | None = None, progress: Callable[[int, int], None] | None = None,
    lexicon: Any = None,
) -> tuple[list[Document], list[tuple[str, str]]]:
    """Extract documents in parallel (``jobs`` processes, default all cores); keep input order.

    ``lexicon`` (`kg.graph.user_lexicon.UserLexicon`) is merged with the packaged one for the run."""
    from functools import partial

    extract = partial(_extract_one, lexicon=lexicon)
    jobs = jobs or os.cpu_count() or 1
    results: list[tuple[str, Document | None, str | None]] = []
    names = [str(p) for p in paths]
    if jobs == 1 or len(names) <= 1:
        for k, n in enumerate(names, 1):
            results.append(extract(n))
            if progress:
                progress(k, len(names))
    else:
        with _pool(min(jobs, len(names))) as pool:
            for k, r in enumerate(
                pool.map(extract, names, chunksize=max(1, len(names) // (jobs * 8))), 1
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
    relations: tuple[tuple[str, str], ...] = ()  # (kind, 《title》): implements, based-on …
    # The document's N-Triples lines; with ``turtle`` (a local build), only those about subjects that
    # are not the document's own (agencies, places, years: other documents may state them too).
    lines: list[str] = field(default_factory=list)
    problems: tuple[str, ...] = ()
    error: str | None = None
    sha256: str = ""
    warnings: Any = None  # kg.review.warnings.DocumentWarnings
    corrected: int = 0
    corrections: tuple[str, ...] = ()  # corrections of this document not applied (or not needed), why
    # A local build: the lines about the IRIs under the document's (which no other document writes),
    # sorted, de-duplicated and written as Turtle in the worker (`_split_own`): the first of those
    # lines, the Turtle, and their `_LineCounts`.
    first: str = ""
    own: bytes = b""
    counts: Any = None


def _process_one(job: tuple) -> _DocumentOutput:
    """Extract one document, turn it into N-Triples lines and (optionally) validate it, in a worker.

    ``job`` is ``(path, validate)``, ``(path, validate, BuildOptions)`` or ``(path, validate,
    BuildOptions, split)``: with ``split``, the lines about the IRIs under the document's come back
    apart, as Turtle (`_split_own`)."""
    path, validate, *rest = job
    options: BuildOptions | None = rest[0] if rest else None
    split = bool(rest[1]) if len(rest) > 1 else False
    if options is None or options.lexicon is None:
        return _process(path, validate, options, split)
    from loaders.vocab.lexicon import using_lexicon

    with using_lexicon(options.lexicon_rows()):
        return _process(path, validate, options, split)


_STAGE_CPU: dict[str, float] | None = None  # CPU seconds per stage while `stage_times` collects them


@contextmanager
def stage_times() -> Iterator[dict[str, float]]:
    """CPU seconds per build stage, summed over the documents of the builds run in this process
    (``jobs=1``: a worker process keeps its own): what ``benchmarks/run.py --sections build`` reports.

    Examples
    --------
    >>> import tempfile
    >>> from kg.resources import sample_path
    >>> with tempfile.TemporaryDirectory() as tmp, stage_times() as cpu:
    ...     _ = build_corpus([sample_path()], tmp, jobs=1, copy_ontology=False)
    >>> sorted(cpu)
    ['extract', 'link', 'outputs', 'triples', 'turtle', 'validate', 'warnings']
    """
    global _STAGE_CPU
    _STAGE_CPU = {}
    try:
        yield _STAGE_CPU
    finally:
        _STAGE_CPU = None


def _lap(stage: str, since: float) -> float:
    """Count the CPU time since ``since`` for ``stage`` (when `stage_times` collects); now."""
    now = time.process_time()
    if _STAGE_CPU is not None:
        _STAGE_CPU[stage] = _STAGE_CPU.get(stage, 0.0) + now - since
    return now


@dataclass(frozen=True)
class _LineCounts:
    """What the build summary counts in a set of unique N-Triples lines: key tasks, targets, triples,
    and the agents of responsibilities (their IRIs, to count across documents)."""

    tasks: int = 0
    targets: int = 0
    triples: int = 0
    agents: frozenset[str] = frozenset()

    @classmethod
    def of(cls, unique_lines: Iterable[str]) -> _LineCounts:
        from rdflib import RDF
        from rdflib.namespace import PROV

        from .namespaces import PKG

        task_line, target_line = (f" <{RDF.type}> <{cls_}> .\n" for cls_ in (PKG.KeyTask, PKG.Target))
        agent = f" <{PROV.agent}> "
        tasks = targets = n = 0
        agents = set()
        for ln in unique_lines:
            n += 1
            if ln.endswith(task_line):
                tasks += 1
            elif ln.endswith(target_line):
                targets += 1
            elif agent in ln:
                agents.add(ln.split(agent, 1)[1])
        return cls(tasks, targets, n, frozenset(agents))


def _split_own(doc_id: str, lines: list[str]) -> tuple[str, bytes, _LineCounts, list[str]]:
    """Split a document's lines: those about the IRIs under the document's (``…/doc/ID/…``: its
    sections, tasks, spans…, which no other document writes and no citation links from) are sorted,
    de-duplicated, counted and written as Turtle here, in the worker, and come back as ``(first line,
    Turtle)`` for `kg.graph.ntriples.write_turtle` to put in place; the others — the document's own
    IRI (the parent adds its citations to it) and shared subjects (agencies, places, years) — as lines
    for the parent to merge with the other documents'.

    Examples
    --------
    >>> lines = ["<https://w3id.org/policykg/id/doc/d/task/1> <https://example.org/p> 1 .\\n",
    ...          "<https://w3id.org/policykg/id/doc/d> <https://example.org/p> 2 .\\n"]
    >>> first, turtle, counts, rest = _split_own("d", lines)
    >>> first == lines[0], turtle.decode(), counts.triples, rest == lines[1:]
    (True, 'pkgid:doc\\\\/d\\\\/task\\\\/1 <https://example.org/p> 1 .\\n', 1, True)
    """
    from . import iris
    from .namespaces import PREFIXES
    from .ntriples import turtle_body

    under = f"<{iris.doc_iri(doc_id)}/"
    own, shared = [], []
    for ln in lines:
        (own if ln.startswith(under) else shared).append(ln)
    ordered = sorted(set(own))
    return (ordered[0] if ordered else ""), turtle_body(ordered, PREFIXES), _LineCounts.of(ordered), shared


def _process(
    path: str, validate: bool, options: BuildOptions | None, split: bool = False
) -> _DocumentOutput:
    from ..review.warnings import document_warnings
    from .build import add_document
    from .names import load_document, readable_name
    from .ntriples import NTriplesSink

    try:
        t = time.process_time()
        doc = load_document(path)
        t = _lap("extract", t)
        warnings = document_warnings(doc)
        corrected, notes, extra = _corrections(doc, options)
        if corrected is not None:
            doc = corrected.document
        t = _lap("warnings", t)
        # N-Triples text straight from the records (citations are linked in the parent, once all
        # titles are known).
        sink = NTriplesSink()
        d = add_document(sink, doc)  # type: ignore[arg-type]
        for triple in extra:
            sink.add(triple)
        lines = sink.lines
        t = _lap("triples", t)
        problems: tuple[str, ...] = ()
        if validate:
            from ..reasoning.validate import conforms_document

            # The verdict from the lines and the spans; the readable report only for a document that
            # fails (or where the fast path is unavailable), from an rdflib graph of the same triples.
            if conforms_document(lines, {d: doc.text}, sink.spans, _shapes(), plain=sink.plain) is not True:
                from rdflib import Graph

                from ..reasoning.validate import validate_graph

                g = Graph()
                add_document(g, doc)
                for triple in extra:
                    g.add(triple)
                report = validate_graph(g, _shapes())
                problems = tuple(p.line() for p in report.problems)
        t = _lap("validate", t)
        first, own, counts = "", b"", None
        if split:
            first, own, counts, lines = _split_own(doc.meta.id, lines)
            _lap("turtle", t)
        return _DocumentOutput(readable_name(path), doc.meta.id, doc.meta.title,
                               tuple(c.title for c in doc.citations),
                               tuple((str(r.kind), r.title) for r in doc.relations), lines, problems,
                               None, doc.meta.sha256, warnings,
                               len(corrected.applied) if corrected else 0, notes, first, own, counts)
    except PolicyParseError as exc:
        return _DocumentOutput(readable_name(path), error=exc.problem)
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop a corpus build
        return _DocumentOutput(readable_name(path),
                               error=f"unexpected error while parsing ({type(exc).__name__}: {exc})")


def _corrections(doc: Document, options: BuildOptions | None) -> tuple[Any, tuple[str, ...], list]:
    """(outcome or None, lines about changes not applied or not needed, PROV-O triples) for ``doc``."""
    if options is None or not options.corrections:
        return None, (), []
    changes = [c for cs in options.corrections for c in cs.for_document(doc.meta.sha256)]
    if not changes:
        return None, (), []
    from ..review.corrections import apply_corrections
    from ..review.provenance import correction_triples

    outcome = apply_corrections(doc, changes)
    notes = (*outcome.problems, *(f"{u} (not needed)" for u in outcome.unchanged))
    return outcome, notes, correction_triples(outcome, options.corrections)


#: The per-document result every build engine shares (local pool, Dask): see `process_document`.
DocumentOutput = _DocumentOutput


def process_document(
    path: str | os.PathLike[str], validate: bool = True, options: BuildOptions | None = None
) -> DocumentOutput:
    """Extract one document into N-Triples lines, as every build engine does it (local pool or Dask).

    The lines hold the document's triples *without* citation links (those need every title in the
    corpus, so the caller adds them afterwards with `kg.graph.build.citation_triples`); ``titles``,
    ``citations`` and ``relations`` are returned for that. With ``validate``, the document's triples are
    checked against the SHACL shapes here, in the worker. A document that cannot be read gives
    ``error``, not an exception.

    ``options`` (`BuildOptions`) adds a user lexicon for the extraction and applies the corrections
    addressed to the document (by its SHA-256), with their PROV-O triples; ``corrected`` counts the
    corrected facts and ``corrections`` says why any change was not applied.

    Examples
    --------
    >>> from kg.resources import sample_path
    >>> out = process_document(sample_path(), validate=False)
    >>> out.doc_id, out.error, len(out.lines) > 1000, out.warnings.warnings
    ('changshou-ip-plan', None, True, ())
    """
    return _process_one((os.fspath(path), validate, options))


_SHAPES = None


def _shapes():
    """The SHACL shapes, parsed once per worker process."""
    global _SHAPES
    if _SHAPES is None:
        from ..reasoning.validate import load_shapes

        _SHAPES = load_shapes()
    return _SHAPES


def _warm(path: str) -> None:
    """Load what every document needs once, in this process, before the pool forks its workers.

    A worker used to start by importing the extractor and rdflib, compiling the extractor's patterns
    and loading the segmenter's and jieba's part-of-speech dictionaries: ~3 s of CPU each on this
    machine, against ~0.1 s per plan after, so on a corpus of a few hundred plans the workers' start
    was a sixth of the build. Forked workers start with this process's memory: reading one document
    here (it is read again by its worker: nothing here reaches the output) loads all of it once. The
    SHACL engine is not run here (threads of a native library do not survive a fork), only the shapes
    are parsed. Nothing is done when workers are not forked, and a failure here is left for the
    worker that reads the document to report.
    """
    import multiprocessing

    if multiprocessing.get_start_method(allow_none=False) != "fork":
        return
    try:
        from ..reasoning import validate
        from ..review import warnings  # noqa: F401 - imported for the workers
        from . import build, ntriples  # noqa: F401 - imported for the workers
        from .names import load_document

        load_document(path)
        shapes = _shapes()
        validate._without_shapes(shapes, (validate.QUOTE_SHAPE, validate.SPAN_SHAPE))
    except Exception:  # noqa: BLE001, S110 - the worker reading this document reports what is wrong
        pass


def _run_pool(jobs_list: list[tuple], jobs: int) -> list[_DocumentOutput]:
    if jobs == 1 or len(jobs_list) <= 1:
        out = []
        for k, job in enumerate(jobs_list, 1):
            out.append(_process_one(job))
            _progress_bar(k, len(jobs_list))
        return out
    out = []
    _warm(jobs_list[0][0])
    with _pool(min(jobs, len(jobs_list))) as pool:
        # Small chunks: a worker left alone with a long last chunk would idle the other core.
        chunk = max(1, min(4, len(jobs_list) // (jobs * 8)))
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
    *,
    corrections: Sequence[Any] = (),
    lexicon: Any = None,
) -> BuildResult:
    """Extract ``paths``, build the KG and write ``out_dir/kg.ttl`` (+ ``out_dir/ontology/``).

    Each document is extracted, turned into triples and (with ``validate``) checked against the
    SHACL shapes in a worker process; the parent links citations across the corpus, sorts and
    de-duplicates the triples and writes Turtle, so equal input gives byte-identical output.
    ``out_dir/warnings.json`` keeps the extraction warnings (`kg.review.warnings`).

    ``corrections`` (`kg.review.corrections.CorrectionSet` s) are applied to the documents they
    address, and marked in the KG with PROV-O; what could not be applied — a document that changed
    since the review, a task that is not there — is in the summary and ``out_dir/corrections.json``.
    ``lexicon`` (`kg.graph.user_lexicon.UserLexicon`) is merged with the packaged vocabularies for
    this build.

    Raises
    ------
    PolicyParseError
        When no document could be built (the message is the first failure); nothing is written.
    """
    from .build import citation_triples, corpus_titles
    from .namespaces import PREFIXES
    from .ntriples import to_lines, write_turtle

    unreadable: list[tuple[str, str]] = []
    files = collect_inputs(paths, unreadable)
    if not files:
        if unreadable:
            raise PolicyParseError(*unreadable[0])
        raise PolicyParseError(", ".join(map(str, paths)) or "<none>", "no documents found")
    options = BuildOptions(lexicon, tuple(corrections)) if corrections or lexicon is not None else None
    outputs = _run_pool([(str(f), validate, options, True) for f in files], jobs or os.cpu_count() or 1)
    failures = unreadable + [(o.source, o.error) for o in outputs if o.error is not None]
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
    t = time.process_time()
    # Each document's own lines came back as Turtle; the lines about the documents' IRIs and shared
    # subjects (agencies, places, years, cited documents), the citations and the user lexicon are
    # de-duplicated and sorted here.
    titles = corpus_titles((o.doc_id, o.title or "") for o in good)
    lines: set[str] = set()
    for o in good:
        lines.update(o.lines)
        lines.update(to_lines(citation_triples(o.doc_id or "", o.citations, titles, o.relations)))
    if lexicon is not None:
        from .user_lexicon import lexicon_lines

        lines.update(lexicon_lines(lexicon))
    ordered = sorted(lines)
    del lines
    counts = [_LineCounts.of(ordered), *(o.counts for o in good)]

    out = Path(out_dir)
    result = BuildResult(out)
    result.documents = len(good)
    result.tasks = sum(c.tasks for c in counts)
    result.targets = sum(c.targets for c in counts)
    result.agencies = len(frozenset().union(*(c.agents for c in counts)))
    result.triples = sum(c.triples for c in counts)
    result.failures = failures
    if validate:
        result.problems = [p for o in good for p in o.problems]
        result.conforms = not result.problems
    result.warnings = [o.warnings for o in good if o.warnings is not None]
    result.corrected = sum(o.corrected for o in good)
    result.corrections = correction_report(corrections, good)
    result.lexicon = lexicon.summary() if lexicon is not None else None
    out.mkdir(parents=True, exist_ok=True)
    t = _lap("link", t)
    # The shared lines, with each document's Turtle (written in its worker) where its lines sort.
    write_turtle(ordered, out / "kg.ttl", PREFIXES, [(o.first, o.own) for o in good if o.own])
    t = _lap("turtle", t)
    result.outputs.append(out / "kg.ttl")
    from ..review.warnings import write_warnings

    result.outputs.append(write_warnings(out, result.warnings))
    if corrections:
        result.outputs.append(write_correction_report(out, corrections, good, result.corrections))
    if copy_ontology:
        _copy_ontology(out)
        result.outputs.append(out / "ontology")
    _lap("outputs", t)
    return result


def correction_report(corrections: Sequence[Any], docs: Sequence[Any]) -> list[str]:
    """Lines about the corrections that were not applied: per document (from its worker), then the
    changes for documents that changed since the review or are not in the build. ``docs`` are the
    built documents' worker outputs (with ``doc_id``, ``sha256``, ``source``, ``corrections``)."""
    from ..review.corrections import unmatched_report

    lines = [n for d in sorted(docs, key=lambda d: d.doc_id or "") for n in d.corrections]
    built = [(d.doc_id or "", d.sha256, d.source) for d in docs]
    for cs in corrections:
        lines += unmatched_report(cs, built)
    return lines


def write_correction_report(
    out: Path, corrections: Sequence[Any], docs: Sequence[Any], lines: list[str]
) -> Path:
    """``OUT/corrections.json``: the corrections files used, the facts corrected per document and what
    was not applied (deterministic)."""
    import json

    from ..io import atomic_write_text

    data = {
        "files": [{"name": cs.name, "sha256": cs.sha256, "changes": len(cs.changes)} for cs in corrections],
        "documents": [{"id": d.doc_id, "sha256": d.sha256, "corrected": d.corrected}
                      for d in sorted(docs, key=lambda d: d.doc_id or "") if d.corrected],
        "not_applied": lines,
    }
    path = out / CORRECTIONS_FILE
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    return path


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
