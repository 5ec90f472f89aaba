"""The ``policykg`` command line. Thin: each command parses options and calls one library function.

Heavy modules (rdflib, jieba, networkx, owlready2) are imported inside the commands, so
``policykg --help`` starts fast. A command is one function registered with `command` (its name, help
and options); it returns the exit code or raises a `kg.errors.PolicyKGError`, which `main` prints as
one line (``policykg: <file>: <problem>``) and turns into the error's exit code — in one place, for
every command. The exit codes are listed in `kg.errors`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .errors import ExitCode, InputError, PolicyKGError, UsageError

if TYPE_CHECKING:  # imported inside the commands, so that --help stays fast
    from .graph.user_lexicon import UserLexicon
    from .review.corrections import CorrectionSet

__all__ = ["main", "build_parser", "command", "arg"]

Handler = Callable[[argparse.Namespace], int]


class Arg:
    """One option or positional argument, as `argparse.ArgumentParser.add_argument` takes it."""

    def __init__(self, flags: tuple[str, ...], options: dict[str, object],
                 exclusive_with: tuple[Arg, ...] = ()) -> None:
        self.flags, self.options = flags, options
        self.exclusive_with = exclusive_with  # the others of a mutually exclusive group

    def add_to(self, parser: argparse.ArgumentParser) -> None:
        if self.exclusive_with:
            group = parser.add_mutually_exclusive_group()
            for a in (self, *self.exclusive_with):
                group.add_argument(*a.flags, **a.options)
        else:
            parser.add_argument(*self.flags, **self.options)


def arg(*flags: str, **options: object) -> Arg:
    """An argument of a command: ``arg("-o", "--output", help=…)`` (the arguments of ``add_argument``)."""
    return Arg(flags, options)


def exclusive(first: Arg, *others: Arg) -> Arg:
    """Arguments of which at most one may be given."""
    return Arg(first.flags, first.options, others)


class Command:
    """A subcommand: its name, help, arguments and the function that runs it."""

    def __init__(self, name: str, help: str, description: str | None, args: tuple[Arg, ...],
                 run: Handler) -> None:
        self.name, self.help, self.description, self.args, self.run = name, help, description, args, run


COMMANDS: list[Command] = []


def command(name: str, help: str, *args: Arg, description: str | None = None) -> Callable[[Handler], Handler]:
    """Register the decorated function as the subcommand ``name`` with these arguments.

    The function gets the parsed arguments and returns the exit code; errors it raises are mapped by
    `main`, so a command has no ``try``/``except`` of its own.
    """

    def register(run: Handler) -> Handler:
        COMMANDS.append(Command(name, help, description, args, run))
        return run

    return register


def _sample_path() -> str:
    from .resources import sample_path

    return str(sample_path())


DEFAULT_KG = "out/kg.ttl"


def _kg_path(path: str | None) -> str:
    """The KG file to use: --data (a file, or a build's output folder with its kg.ttl), else out/kg.ttl,
    with a one-line hint when it is missing."""
    from pathlib import Path

    chosen = path or DEFAULT_KG
    if path and Path(path).is_dir() and (Path(path) / "kg.ttl").is_file():
        chosen = str(Path(path) / "kg.ttl")
    if not Path(chosen).is_file():
        hint = "run `policykg build` first, or give --data PATH" if path is None else "check --data"
        raise InputError(chosen, f"no such KG file; {hint}")
    _not_empty(chosen)
    return chosen


def _not_empty(path: object) -> None:
    """An empty KG file is refused as an empty document is (exit code 5), not served, queried or
    pushed as an empty graph."""
    import os

    if os.path.getsize(path) == 0:  # type: ignore[arg-type]
        raise InputError(str(path), "the file is empty, not a KG; check --data")


def _data(what: str = "KG file") -> Arg:
    return arg("--data", help=f"{what}, or a build's output folder (default: {DEFAULT_KG})")


TIMEOUT = arg("--timeout", type=float, metavar="S",
              help="give up after S seconds (on an --endpoint 300 unless given; 0: no limit)")


def _endpoint_timeout(timeout: float | None) -> float | None:
    """The time limit of a call to an endpoint: ``--timeout``, else the default (a silent server would
    hang the command; `kg.sparql.remote.default_timeout`); ``0`` for none."""
    from .sparql.remote import default_timeout

    return default_timeout() if timeout is None else (timeout or None)
USER = arg("--user", help="endpoint user (the password comes from $POLICYKG_ENDPOINT_PASSWORD)")
ALLOW_SERVICE = arg("--allow-service", action="append", default=[], metavar="URL",
                    help="an endpoint a query's SERVICE may call (repeatable; default: none, every "
                         "SERVICE is refused)")
ALLOW_HOST = arg("--allow-host", action="append", default=[], metavar="NAME",
                 help="a host name the server answers to besides its address and localhost (repeatable; "
                      "requests naming any other host are refused: DNS rebinding)")
LEXICON = arg("--lexicon", metavar="FILE",
              help="your own agency aliases and full names, industries and synonyms (CSV or Turtle), merged "
                   "with the packaged vocabularies for this run")
CORRECTIONS = arg("--corrections", action="append", default=[], metavar="FILE",
                  help="a review workbook (policykg review) or a CSV/YAML list of changes to apply "
                       "(repeatable)")


def _user_lexicon(path: str | None) -> UserLexicon | None:
    """The --lexicon file, read (None without one)."""
    if not path:
        return None
    from .graph.user_lexicon import read_lexicon

    return read_lexicon(path)


def _corrections(paths: Sequence[str]) -> list[CorrectionSet]:
    from .review.files import read_corrections

    return [read_corrections(p) for p in paths]


def _warn(message: str | None) -> None:
    """A warning on standard error (``policykg: warning: …``); nothing for ``None``."""
    if message:
        print(f"policykg: warning: {message}", file=sys.stderr)


def _checked_encoding(encoding: str) -> str:
    """``encoding`` if Python knows the codec; else a usage error (the one codec check of the CLI)."""
    import codecs

    try:
        codecs.lookup(encoding)
    except LookupError:
        raise UsageError(f"unknown encoding {encoding!r} (e.g. utf-8, utf-8-sig, gb18030)") from None
    return encoding


@contextlib.contextmanager
def _writing_in(encoding: str, target: str | None) -> Iterator[None]:
    """Text that the chosen codec cannot hold is a usage error naming the file, not a traceback."""
    try:
        yield
    except UnicodeEncodeError as exc:
        where = target or "output"
        raise UsageError(f"{where}: the text cannot be written in {encoding} ({exc.reason})") from None


# ---------------------------------------------------------------- extract

@command("extract", "print the extraction of one document as JSON",
         arg("file", help="a policy document (.txt in UTF-8/GB18030, .html, .docx, .pdf)"),
         arg("-o", "--output", help="write the JSON to this file instead of standard output"),
         arg("--indent", type=int, default=2, help="JSON indentation (default 2; 0 for one line)"),
         LEXICON,
         description="Parse one policy document and print the extraction JSON (see docs/extraction.md), "
                     "with the warnings: the places a researcher should check.")
def _extract(args: argparse.Namespace) -> int:
    from loaders.vocab.lexicon import using_lexicon

    from .graph.extraction import to_json
    from .graph.names import load_document  # a file name that is not UTF-8 gets a readable id
    from .io import atomic_write_text

    lexicon = _user_lexicon(args.lexicon)
    with using_lexicon(lexicon.rows() if lexicon is not None else None):
        doc = load_document(args.file)
    text = json.dumps(to_json(doc), ensure_ascii=False, indent=args.indent or None) + "\n"
    if args.output:
        atomic_write_text(args.output, text)
    else:
        sys.stdout.write(text)
    return 0


# ---------------------------------------------------------------- build
@command("build", "build the knowledge graph of documents into DIR/kg.ttl",
         arg("inputs", nargs="*", help="documents or directories"),
         arg("-o", "--out", default="out", help="output directory (default: out)"),
         arg("-j", "--jobs", type=int, default=None, help="worker processes (default: all cores)"),
         arg("--no-validate", dest="validate", action="store_false", help="skip SHACL validation"),
         arg("--sample", action="store_true", help="build the bundled sample plan (with the inputs, if any)"),
         arg("--engine", choices=("local", "dask"), default="local",
             help="local: process pool, one DIR/kg.ttl (default); dask: Dask, one N-Triples shard per "
                  "partition + manifest.json in --shards DIR (pip install 'policykg[scale]')"),
         arg("--shards", metavar="DIR", help="where --engine dask writes its shards (default: OUT/shards)"),
         arg("--partitions", type=int, metavar="N",
             help="--engine dask: number of partitions/shards (default: one per 100 documents)"),
         arg("--scheduler", metavar="ADDRESS",
             help="--engine dask on a dask.distributed cluster: tcp://host:8786 or a scheduler file; the "
                  "workers read the documents at these paths and write --shards (a shared directory)"),
         arg("--gather", action="store_true",
             help="with --scheduler: the workers send the shards back and this machine writes them"),
         CORRECTIONS, LEXICON,
         description="Extract documents (files or directories) and write DIR/kg.ttl and DIR/ontology/. "
                     "Prints a summary, with a line for each document that has extraction warnings (all "
                     "of them in DIR/warnings.json). Give the documents, or --sample for the bundled "
                     "sample plan. --corrections applies a researcher's corrections (keyed by the "
                     "document's SHA-256 and the task number; marked in the KG with PROV-O; what cannot "
                     "be applied is reported and kept in DIR/corrections.json).")
def _build(args: argparse.Namespace) -> int:
    inputs = list(args.inputs)
    if args.sample:
        inputs.append(_sample_path())
    if not inputs:
        raise UsageError("build needs documents or directories to read, or --sample for the bundled sample")
    review = {"corrections": _corrections(args.corrections), "lexicon": _user_lexicon(args.lexicon)}
    if args.engine == "local":
        if args.shards or args.partitions or args.scheduler or args.gather:
            raise UsageError("--shards, --partitions, --scheduler and --gather go with --engine dask")
        from .graph.corpus import build_corpus

        result = build_corpus(inputs, args.out, jobs=args.jobs, validate=args.validate, **review)
    else:
        from pathlib import Path

        from .graph.distributed import build_shards

        if args.gather and not args.scheduler:
            raise UsageError("--gather goes with --scheduler (the local engine writes its shards itself)")
        result = build_shards(inputs, args.shards or Path(args.out) / "shards", engine=args.engine,
                              partitions=args.partitions, jobs=args.jobs, validate=args.validate,
                              scheduler=args.scheduler, gather=args.gather, **review)
    # The summary on standard output, the documents that failed on standard error.
    lines = result.summary().splitlines()
    print("\n".join(ln for ln in lines if not ln.startswith("failed ")))
    for ln in lines:
        if ln.startswith("failed "):
            print(ln, file=sys.stderr)
    if result.failures:
        return ExitCode.PARTIAL
    if result.conforms is False:
        return ExitCode.INVALID
    return 0


# ---------------------------------------------------------------- review
@command("review", "write the workbook (or CSV) to check and correct an extraction in",
         arg("inputs", nargs="+", metavar="FILE_OR_DIR", help="documents or directories"),
         arg("-o", "--output", required=True, metavar="FILE",
             help="review.xlsx (or review.csv with --format csv: review.tasks.csv, review.targets.csv …)"),
         arg("--format", choices=("xlsx", "csv"), help="xlsx (default) or csv (UTF-8 with a BOM, for Excel)"),
         arg("-j", "--jobs", type=int, default=None, help="worker processes (default: all cores)"),
         CORRECTIONS, LEXICON,
         description="Extract the documents and write a workbook a researcher can work in: sheets for the "
                     "tasks (document, number, title, lead, cooperating, IP types, industries, the clause "
                     "as quoted, where), targets, agencies (as written, full name, kind, resolved or not) "
                     "and warnings, the cells to correct filled and annotated. Edit it and give it back "
                     "with policykg build … --corrections review.xlsx. With --corrections, the sheets show "
                     "those corrections (green) over the extracted values.")
def _review(args: argparse.Namespace) -> int:
    from .review.workbook import write_review

    paths, docs, failures = write_review(args.inputs, args.output, fmt=args.format, jobs=args.jobs,
                                         corrections=_corrections(args.corrections),
                                         lexicon=_user_lexicon(args.lexicon))
    tasks = sum(len(d.tasks) for d in docs)
    warnings = sum(len(d.warnings) for d in docs)
    checks = sum(w.level == "check" for d in docs for w in d.warnings)
    print(f"{len(docs)} document{'' if len(docs) == 1 else 's'}, {tasks} tasks, "
          f"{sum(len(d.targets) for d in docs)} targets, {warnings} warning{'' if warnings == 1 else 's'} "
          f"({checks} to check first)")
    for path in paths:
        print(f"wrote      {path}")
    for src, msg in failures:
        print(f"failed     {src}: {msg}")
    return ExitCode.PARTIAL if failures else 0


# ---------------------------------------------------------------- lexicon
@command("lexicon", "regenerate loaders/vocab/lexicon.json (developers), or --check a user lexicon",
         arg("--check", metavar="FILE",
             help="check a user lexicon (CSV or Turtle, as for --lexicon) against the packaged vocabularies "
                  "and report conflicts (exit code 4 when there are any)"),
         description="Without options: regenerate loaders/vocab/lexicon.json from ontology/vocab/*.ttl and "
                     "loaders/vocab/places.json from ontology/vocab/divisions.csv (developers). With --check "
                     "FILE: report what a user lexicon would change or leave ambiguous — a label the "
                     "packaged vocabularies give another concept, a label given two concepts in the file, "
                     "a label that is also another kind of term.")
def _lexicon(args: argparse.Namespace) -> int:
    if args.check:
        from .graph.user_lexicon import check_lexicon, read_lexicon

        user = read_lexicon(args.check)
        report = check_lexicon(user)
        print(user.summary())
        sys.stdout.write(report.text(user.name))
        return 0 if report.ok else ExitCode.INVALID
    from .graph.lexicon import write_lexicon

    print(write_lexicon())
    return 0


# ---------------------------------------------------------------- queries, query, push, serve (SPARQL)
@command("queries", "list the named SPARQL queries (name, title, parameters)",
         arg("--checks", action="store_true", help="list the QC checks (queries/checks/) instead"),
         description="List the query library (queries/*.rq) and the QC checks.")
def _queries(args: argparse.Namespace) -> int:
    from .sparql.library import catalogue

    sys.stdout.write(catalogue(checks=args.checks))
    return 0


@command("query", "run a named query or a .rq file on the KG or on an endpoint",
         arg("query", metavar="NAME|FILE.rq", help="library query name or path to a .rq file"),
         arg("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
             help="a parameter value: IRI, prefixed name, Chinese label (区法院, kind=法院, ip_type=商标), "
                  "number … (repeatable); an unknown name gets the closest known ones"),
         arg("--data", nargs="+", metavar="PATH",
             help=f"the KG to query locally: a file, a build's output folder (its kg.ttl), or several "
                  f"(the KG and the reasoner's inferred triples); default: {DEFAULT_KG}"),
         arg("--endpoint", metavar="URL", help="query this SPARQL endpoint (base or /query URL)"),
         arg("--format", choices=("table", "csv", "tsv", "json"),
             help="output format (default: from the suffix of -o — .csv .tsv .json — else table)"),
         arg("-o", "--output", metavar="FILE", help="write the answer to FILE instead of standard output"),
         exclusive(arg("--excel", action="store_true",
                       help="csv/tsv with a byte-order mark, so Excel opens the Chinese text as UTF-8 (the "
                            "same as --encoding utf-8-sig)"),
                   arg("--encoding", metavar="ENC", help="text encoding of the -o file (default utf-8)")),
         TIMEOUT, USER,
         description="Run a library query (see `policykg queries`) or any SELECT/ASK .rq file, locally on "
                     "the built KG (with the ontology and vocabularies) or on a SPARQL 1.1 endpoint. "
                     "Parameters are bound as typed RDF terms. Notes about the answer (a default this KG "
                     "does not have, a sub-type no task is tagged with) go to standard error.")
def _query(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .io import atomic_open
    from .sparql.endpoint import credentials
    from .sparql.parameters import parse_param_options
    from .sparql.run import kg_files, run_query

    fmt = args.format or {".csv": "csv", ".tsv": "tsv", ".json": "json"}.get(
        Path(args.output).suffix.lower() if args.output else "", "table")
    if args.excel and fmt not in ("csv", "tsv"):
        raise UsageError("--excel goes with --format csv or tsv (or -o FILE.csv)")
    encoding = _checked_encoding("utf-8-sig" if args.excel else (args.encoding or "utf-8"))
    params = parse_param_options(args.param)
    if args.endpoint:
        user, password = credentials(args.user)
        result = run_query(args.query, params, endpoint=args.endpoint,
                           timeout=_endpoint_timeout(args.timeout), user=user, password=password)
    else:
        data = kg_files(args.data) if args.data else [Path(_kg_path(None))]
        for path in data:
            if not path.is_file():
                raise InputError(str(path), "no such KG file; check --data")
            _not_empty(path)
        result = run_query(args.query, params, data=data, timeout=args.timeout)
    for note in result.notes:
        print(f"policykg: note: {note}", file=sys.stderr)
    text = result.format(fmt)
    if args.output:
        with _writing_in(encoding, args.output), atomic_open(args.output, "w", encoding=encoding) as fh:
            fh.write(text)
        print(f"wrote {args.output} ({len(result)} row{'s' if len(result) != 1 else ''})")
    else:
        if args.excel:
            sys.stdout.write("\ufeff")  # for `policykg query … --format csv --excel > answer.csv`
        sys.stdout.write(text)
    return 0


@command("ask", "answer a question in plain Chinese from the KG or an endpoint",
         arg("question", help="the question, e.g. 区市场监管局牵头哪些任务？ (docs/ask.md lists the forms); "
                              "- reads it from standard input"),
         _data("KG file to ask"),
         arg("--endpoint", metavar="URL", help="ask this SPARQL endpoint (base or /query URL)"),
         arg("--format", choices=("table", "json", "csv"), default="table",
             help="table (what was understood, the answer, rows, sources and SPARQL), json or csv"),
         TIMEOUT, USER,
         description="Answer a question in plain Chinese, deterministically and offline: show how it was "
                     "understood (intent, entities and their IRIs), the library query and SPARQL that ran, "
                     "the rows and the source text behind task, assignment and target rows. A question it "
                     "does not understand, a name not in the graph or an ambiguous name is refused with "
                     "suggestions and exit code 15, and so is a question over 300 characters; text that is "
                     "not UTF-8 is bad input (exit code 5).")
def _ask(args: argparse.Namespace) -> int:
    from .ask.answer import AskResult, answer_or_refusal
    from .ask.refusal import question_text
    from .sparql.endpoint import credentials

    args.question = question_text(args.question, sys.stdin.buffer)

    if args.endpoint:
        user, password = credentials(args.user)
        outcome = answer_or_refusal(args.question, endpoint=args.endpoint,
                                    timeout=_endpoint_timeout(args.timeout), user=user, password=password)
    else:
        outcome = answer_or_refusal(args.question, data=_kg_path(args.data), timeout=args.timeout)
    sys.stdout.write(outcome.format(args.format))
    if isinstance(outcome, AskResult):
        return 0
    print(f"policykg: {outcome}", file=sys.stderr)
    return int(outcome.exit_code)


@command("push", "upload the KG to a SPARQL endpoint (Graph Store Protocol)",
         arg("--endpoint", required=True, metavar="URL",
             help="server base URL, its /store URL, or a complete graph-store URL"),
         arg("--graph", metavar="IRI", help="named graph to write (default: the default graph)"),
         _data(),
         arg("--append", action="store_true", help="POST (add to the graph), not PUT (replace it)"),
         arg("--data-only", action="store_true", help="leave out the ontology and vocabularies"),
         arg("--timeout", type=float, default=60, metavar="S", help="HTTP timeout (default 60 s)"),
         USER,
         description="Upload the KG with the ontology and vocabularies as Turtle to a SPARQL 1.1 Graph "
                     "Store Protocol endpoint: PUT (replace) to {endpoint}/store?default or ?graph=IRI, "
                     "or to the graph-store URL given.")
def _push(args: argparse.Namespace) -> int:
    from .sparql.endpoint import push_kg

    result = push_kg(_kg_path(args.data), args.endpoint, graph=args.graph, replace=not args.append,
                     with_ontology=not args.data_only, user=args.user, timeout=args.timeout)
    print(f"{result.method} {result.triples:,} triples ({result.bytes:,} bytes of Turtle) "
          f"to {result.url}: HTTP {result.status}")
    return 0


@command("serve", "serve the KG with a real Oxigraph SPARQL server on 127.0.0.1",
         _data(),
         arg("--port", type=int, default=7878, help="TCP port (default 7878; 0 picks a free one)"),
         arg("--writable", action="store_true", help="accept SPARQL UPDATE and Graph Store writes"),
         arg("--timeout", type=float, metavar="S",
             help="the server aborts queries running over S s (default 120; 0: no limit)"),
         ALLOW_SERVICE, ALLOW_HOST,
         description="Load the KG (with the ontology and vocabularies) into a temporary Oxigraph store and "
                     "serve it read-only on 127.0.0.1 until Ctrl-C.")
def _serve(args: argparse.Namespace) -> int:
    from .sparql.endpoint import serve_until_stopped

    return serve_until_stopped(_kg_path(args.data), port=args.port, writable=args.writable,
                               query_timeout=args.timeout, allowed_hosts=args.allow_host,
                               allowed_services=args.allow_service)


@command("explore", "browse the KG in a web browser: pages, search, network, questions (read-only)",
         exclusive(_data(), arg("--endpoint", metavar="URL", help="explore the KG on this SPARQL endpoint")),
         arg("--port", type=int, default=8000, help="TCP port (default 8000; 0 picks a free one)"),
         arg("--host", default="127.0.0.1",
             help="address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 opens it to others)"),
         arg("--timeout", type=float, default=30, metavar="S",
             help="stop a page's query, a question or an editor query after S s (default 30; 0: no limit)"),
         USER, ALLOW_SERVICE, ALLOW_HOST,
         description="Serve a read-only web application for the KG until Ctrl-C: an overview, a page for "
                     "every document (full text with the extracted facts highlighted), task, agency (with "
                     "its network measures), IP type, industry and target; search, the agency networks with "
                     "downloads, questions in Chinese and a SPARQL editor. Entity IRIs resolve: /id/… gives "
                     "HTML to a browser and Turtle or JSON-LD by Accept header or .ttl/.jsonld suffix "
                     "(pip install 'policykg[explore]').")
def _explore(args: argparse.Namespace) -> int:
    from .explore.app import serve
    from .sparql.endpoint import credentials

    timeout = args.timeout or None
    allowed = {"allowed_hosts": args.allow_host, "allowed_services": args.allow_service}
    if args.endpoint:
        user, password = credentials(args.user)
        return serve(endpoint=args.endpoint, host=args.host, port=args.port, timeout=timeout, user=user,
                     password=password, **allowed)
    return serve(_kg_path(args.data), host=args.host, port=args.port, timeout=timeout, **allowed)


@command("virtuoso", "load Dask shards into Virtuoso and serve them (large corpora)",
         arg("shards", metavar="SHARDS_DIR",
             help="directory with manifest.json (policykg build --engine dask)"),
         arg("--workdir", default="virtuoso-db", metavar="DIR",
             help="Virtuoso's config and database (default: virtuoso-db)"),
         arg("--graph", metavar="IRI", help="named graph (default: https://w3id.org/policykg/graph/kg)"),
         arg("--port", type=int, default=8890, help="HTTP/SPARQL port (default 8890)"),
         arg("--sql-port", type=int, default=1111, help="SQL port for isql-vt (default 1111)"),
         arg("--memory", type=int, default=2048, metavar="MB", help="page buffers (default 2048 MB)"),
         arg("--load-only", action="store_true", help="stop the server after loading"),
         arg("--connect", metavar="HOST:PORT", help="load into this running server's SQL port instead"),
         arg("--http", metavar="HOST:PORT", help="with --connect: the server's HTTP host:port"),
         description="Start a local Virtuoso on 127.0.0.1 (database in --workdir, kept), bulk-load the "
                     "shards of `policykg build --engine dask` with the ontology into a named graph, and "
                     "serve SPARQL until Ctrl-C. A load that failed or stopped resumes when run again. The "
                     "dba password comes from $POLICYKG_VIRTUOSO_PASSWORD. With --connect, load into a "
                     "running server.")
def _virtuoso(args: argparse.Namespace) -> int:
    from .sparql.virtuoso import DEFAULT_GRAPH, load_and_serve

    report = load_and_serve(args.shards, workdir=args.workdir, graph=args.graph or DEFAULT_GRAPH,
                            http_port=args.port, sql_port=args.sql_port, memory_mb=args.memory,
                            serve=not args.load_only, connect=args.connect, http=args.http)
    return 0 if report.ok else ExitCode.PARTIAL


# ---------------------------------------------------------------- graph, metrics, report (agency networks)
# Kept here as plain strings so `policykg --help` does not import networkx; a test checks they match
# kg.networks.projection.KINDS and kg.networks.exports.FORMATS.
NETWORK_KINDS = ("co-assignment", "lead", "agency-task", "agency-ip")
NETWORK_FORMATS = ("gexf", "graphml", "pajek", "dl", "csv", "json", "html", "png", "svg")

# --by: the nodes of the network, and the time axes (one network per slice).
NETWORK_BY_NODES = ("agency", "function")  # kg.networks.projection.BY
NETWORK_BY_TIME = ("year", "period")
COLLECTIVES = arg("--collectives", choices=("drop", "keep"), default="drop",
                  help="leave collective bodies such as 各成员单位 out (drop, default) or keep them as nodes")
NETWORK_OPTIONS = (
    arg("--kind", choices=NETWORK_KINDS, default="co-assignment",
        help="co-assignment (agencies sharing tasks, undirected), lead (lead → cooperating, directed), "
             "agency-task or agency-ip (two-mode); default co-assignment"),
    COLLECTIVES,
    # The one --by of graph and metrics: what the nodes are and, optionally, the time slices
    # (kg.networks.temporal); --year/--period pick one slice.
    arg("--by", action="append", choices=(*NETWORK_BY_NODES, *NETWORK_BY_TIME), metavar="AXIS",
        help="agency: one node per agency (default); function: one node per agency function (市场监管, "
             "科技 … from the gazetteer), pooling the agencies of every jurisdiction, edge weights summed "
             "over the agency pairs, ties inside one function kept as the node's within_weight, agencies "
             "without a function left out and named; year or period: one network per year or plan period "
             "(metrics: the measures of each and a per-slice summary; graph: one file per slice, "
             "FILE.2021.gexf …); repeat to combine a node axis with a time axis"),
    exclusive(arg("--year", metavar="Y",
                  help="only the documents of year Y: the year of their date (dcterms:issued), else the "
                       "first year of their plan period"),
              arg("--period", metavar="P",
                  help="only the plans of period P: two years (2021-2025) or a Five-Year Plan (十四五)")),
    arg("--exclude-flagged", action="store_true",
        help="leave out the key tasks an extraction warning of level check concerns (their units or roles "
             "are probably wrong; policykg query flagged-tasks lists them), to see whether a finding "
             "survives without them; the KG file is not changed"),
    _data(),
)


def _network_data(args: argparse.Namespace) -> Any:
    """The KG the network commands read: the file, or with --exclude-flagged the KG opened without the
    flagged tasks (`kg.networks.flagged`), with a note on standard error saying how many were left out."""
    path = _kg_path(args.data)
    if not args.exclude_flagged:
        return path
    from .networks.flagged import exclude_flagged
    from .networks.projection import read_kg

    graph = read_kg(path)
    left_out = exclude_flagged(graph)
    print(f"policykg: note: --exclude-flagged left out {len(left_out)} key task{'s' * (len(left_out) != 1)} "
          "marked for checking (policykg query flagged-tasks lists them)", file=sys.stderr)
    return graph


def _timeline(data: Any) -> Any:
    from .networks import temporal

    return temporal.Timeline.from_file(data) if isinstance(data, str) else temporal.Timeline(data)


def _by(args: argparse.Namespace) -> tuple[str, str | None]:
    """(node axis, time axis or None) from the repeatable --by; a one-line usage error when they clash."""
    given = list(dict.fromkeys(args.by or ()))
    nodes = [v for v in given if v in NETWORK_BY_NODES]
    times = [v for v in given if v in NETWORK_BY_TIME]
    if len(nodes) > 1 or len(times) > 1:
        raise UsageError(f"--by takes one of {', '.join(NETWORK_BY_NODES)} and one of "
                         f"{', '.join(NETWORK_BY_TIME)}, not {' and '.join(given)}")
    if times and (args.year or args.period):
        raise UsageError(f"--by {times[0]} gives every slice; --year and --period pick one: "
                         "give one or the other")
    return (nodes[0] if nodes else "agency"), (times[0] if times else None)


def _note_without_function(g) -> None:
    """A network by function leaves out the agencies that have none: say which, on standard error."""
    if g.graph.get("by") == "function" and g.graph.get("agencies_without_function"):
        names = str(g.graph["without_function"]).replace(";", "、")
        print(f"policykg: note: {g.graph['agencies_without_function']} agencies have no function (not in the "
              f"gazetteer) and are left out: {names}", file=sys.stderr)


def _encoding_options(what: str) -> Arg:
    return exclusive(
        arg("--excel", action="store_true",
            help=f"{what} with a byte-order mark, so Excel opens the Chinese text as UTF-8 "
                 "(the same as --encoding utf-8-sig)"),
        arg("--encoding", metavar="ENC",
            help=f"text encoding of {what} (default utf-8; utf-8-sig for Excel, gb18030 for "
                 "UCINET or Pajek on a Chinese-locale Windows)"),
    )


def _encoding(args: argparse.Namespace) -> str | None:
    return "utf-8-sig" if args.excel else args.encoding


@command("graph", "export an agency network for Gephi, UCINET, Pajek, a browser or print",
         *NETWORK_OPTIONS,
         arg("--format", choices=NETWORK_FORMATS,
             help="output format (default: from the suffix of -o: .gexf .graphml .net .dl .csv .json "
                  ".html .png .svg); csv writes FILE.nodes.csv and FILE.edges.csv"),
         arg("-o", "--output", required=True, metavar="FILE", help="the file to write"),
         arg("--no-measures", action="store_true",
             help="leave the SNA measures (degree, betweenness, closeness, eigenvector, constraint, "
                  "k-core, community …) out of the node attributes of GEXF, GraphML, JSON, HTML and "
                  "the nodes CSV"),
         _encoding_options("the csv, dl or pajek file"),
         arg("--colour-by", choices=("community", "kind"), default="community",
             help="png/svg: colour the nodes by community (default) or by kind"),
         description="Project the KG onto an agency network and write it: GEXF, GraphML, Pajek .net, UCINET "
                     "DL, CSV node/edge lists, node-link JSON, an offline interactive HTML page, or a "
                     "PNG/SVG drawing with Chinese labels.")
def _graph(args: argparse.Namespace) -> int:
    from .networks.exports import export_network, format_for
    from .networks.projection import total_weight

    if args.excel and format_for(args.output, args.format) != "csv":
        raise UsageError("--excel goes with csv output (-o FILE.csv or --format csv); "
                         "for UCINET or Pajek use --encoding gb18030")
    by_nodes, by_time = _by(args)
    data = _network_data(args)
    if by_time:
        from .networks.temporal import export_slices, undated_warning

        written, slicing = export_slices(_timeline(data), args.output, by_time, args.kind, args.format,
                                         args.collectives, measures=not args.no_measures,
                                         encoding=_encoding(args), colour_by=args.colour_by, nodes=by_nodes)
        _warn(undated_warning(slicing))
        if not written:
            raise UsageError(f"no document has a {by_time}: nothing to write")
        for part, g, files in written:
            print(f"{args.kind} network of {part.name}: {g.number_of_nodes()} nodes, "
                  f"{g.number_of_edges()} edges, total weight {total_weight(g)}")
            for path in files:
                print(f"wrote {path}")
        return 0
    if args.year or args.period:
        from .networks.temporal import export_slice

        g, files, part = export_slice(_timeline(data), args.output, args.year, args.period, args.kind,
                                      args.format, args.collectives, measures=not args.no_measures,
                                      encoding=_encoding(args), colour_by=args.colour_by, nodes=by_nodes)
        _note_without_function(g)
        n = len(part.documents)
        grouped = " by function" if by_nodes == "function" else ""
        which = f"{grouped} of {part.name}, {n} document{'s' * (n != 1)}"
    else:
        g, files = export_network(data, args.output, args.kind, args.format, args.collectives,
                                  measures=not args.no_measures, encoding=_encoding(args),
                                  colour_by=args.colour_by, by=by_nodes)
        which = " by function" if by_nodes == "function" else ""
        _note_without_function(g)
    print(f"{args.kind} network{which}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges, "
          f"total weight {total_weight(g)}")
    for path in files:
        print(f"wrote {path}")
    return 0


@command("metrics", "SNA measures of an agency network (centralities, structural holes …)",
         *NETWORK_OPTIONS,
         arg("--format", choices=("table", "csv"), default="table",
             help="table (summary + aligned table, default) or csv (the per-node table)"),
         arg("-o", "--output", metavar="FILE", help="write to FILE instead of standard output"),
         _encoding_options("the csv"),
         description="Density, degree, betweenness, closeness, eigenvector, Burt's constraint and effective "
                     "size, k-core, Louvain communities: a network summary and a per-agency table.")
def _metrics(args: argparse.Namespace) -> int:
    from .networks.sna import metrics_report

    if args.excel and args.format != "csv":
        raise UsageError("--excel goes with --format csv")
    encoding = _checked_encoding(_encoding(args) or "utf-8")
    by_nodes, by_time = _by(args)
    files = [args.output] if args.output else []
    data = _network_data(args)
    with _writing_in(encoding, args.output):
        if by_time or args.year or args.period:
            from .networks import temporal

            timeline = _timeline(data)
            if by_time:
                text, files, measures = temporal.metrics_over_time(
                    timeline, by_time, args.kind, args.collectives, args.format, args.output, encoding,
                    nodes=by_nodes)
                _warn(temporal.undated_warning(measures.slicing))
            else:
                part = timeline.select(year=args.year, period=args.period)
                g = timeline.network(part, args.kind, args.collectives, nodes=by_nodes)
                _note_without_function(g)
                if args.format == "table":  # which slice, above the summary
                    print(f"{part.by} {part.name}: {len(part.documents)} documents ({g.graph['documents']})")
                text = metrics_report(g, args.kind, args.collectives, args.format, args.output,
                                      encoding=encoding)
        else:
            text = metrics_report(data, args.kind, args.collectives, args.format, args.output,
                                  encoding=encoding, by=by_nodes)
    if args.output:
        for path in files:
            print(f"wrote {path}")
    else:
        if args.excel:
            sys.stdout.write("\ufeff")  # for `policykg metrics --format csv --excel > m.csv`
        sys.stdout.write(text)
    return 0


@command("report", "an Excel workbook of the analysis (分工表, agencies and measures …)",
         arg("-o", "--output", required=True, metavar="FILE.xlsx", help="the workbook to write"),
         _data(),
         arg("--collectives", choices=("drop", "keep"), default="drop",
             help="leave collective bodies such as 各成员单位 out of the networks (drop, default) or "
                  "keep them as nodes (the 分工表 always lists them as written)"),
         description="Write an .xlsx workbook from the KG: 分工表 (one row per task: document, number, "
                     "title, lead, cooperating), agencies with their network measures, the co-assignment and "
                     "lead edge lists, targets by year, cited documents and a network summary, and for a "
                     "corpus of dated plans the network of each year (年度概要, 年度机构); frozen headers, "
                     "filters, widths for Chinese.")
def _report(args: argparse.Namespace) -> int:
    from .report import write_report

    path, sheets = write_report(_kg_path(args.data), args.output, args.collectives)
    for sheet in sheets:  # sheet names are Chinese: pad by display width (two columns a character)
        print(f"{sheet.title}{' ' * (10 - 2 * len(sheet.title))}{len(sheet.rows):>6} rows")
    print(f"wrote {path}")
    return 0


@command("compare", "compare two documents of the KG: matched tasks, who leads them, targets, agencies",
         arg("a", metavar="A", help="a document: its identifier, source file (or its file name) or title"),
         arg("b", metavar="B", help="the document to compare it with (e.g. a district plan implementing A)"),
         exclusive(arg("--data", metavar="PATH",
                       help=f"the KG file or a build's output folder (default: {DEFAULT_KG})"),
                   arg("--endpoint", metavar="URL",
                       help="compare two documents of the KG on this SPARQL endpoint")),
         TIMEOUT, USER,
         arg("--format", choices=("table", "json", "xlsx"),
             help="table (default), json, or xlsx (needs -o FILE.xlsx); default: from the suffix of -o"),
         arg("-o", "--output", metavar="FILE",
             help="write to FILE (.json, .xlsx or text) instead of standard output"),
         arg("--threshold", type=float, metavar="S",
             help="the least text similarity of two tasks taken as the same task (default 0.1; see "
                  "docs/compare.md)"),
         description="Align the key tasks of A and B by their text (character 2–3-gram TF-IDF, optimal "
                     "one-to-one assignment, a threshold chosen on generated families; docs/compare.md) and "
                     "show the matched tasks with their lead and cooperating agencies side by side, compared "
                     "by agency function (whether the lead's function is the same, functions in one task "
                     "only), the tasks only in A and only in B, the targets by indicator and year (A, B, "
                     "B − A; a unit mismatch flagged), and the agencies and functions present in one "
                     "document only. "
                     "-o cmp.xlsx writes the workbook (sheets 说明, 任务对照, 指标对照, 机构对照).")
def _compare(args: argparse.Namespace) -> int:
    from .compare import THRESHOLD, compare_kg, write_comparison
    from .compare.outputs import format_for

    fmt = format_for(args.output, args.format)
    if fmt == "xlsx" and not args.output:
        raise UsageError("--format xlsx writes a workbook: give -o FILE.xlsx")
    threshold = THRESHOLD if args.threshold is None else args.threshold
    if not 0 <= threshold <= 1:
        raise UsageError(f"--threshold {threshold:g}: a similarity between 0 and 1")
    from .compare import Endpoint
    from .sparql.endpoint import credentials

    if args.endpoint:
        user, password = credentials(args.user)
        data: object = Endpoint(args.endpoint, _endpoint_timeout(args.timeout), user, password)
    else:
        data = _kg_path(args.data)
    comparison = compare_kg(data, args.a, args.b, threshold=threshold)
    text = write_comparison(comparison, args.output, fmt)
    if text is not None:
        sys.stdout.write(text)
    else:
        print(f"wrote {args.output}")
    return 0


# ---------------------------------------------------------------- reason, validate, docs
@command("reason", "check the KG against the ontology and write the inferred triples",
         _data(),
         arg("--profile", choices=("auto", "dl", "rl"), default="auto",
             help="dl (HermiT), rl (rule closure) or auto (dl up to 2,000 individuals; default)"),
         arg("-o", "--output", metavar="FILE", help="write the inferred triples (Turtle) to FILE"),
         description="Reason over the KG with the ontology: consistency, unsatisfiable classes, and the "
                     "inferred triples (lead, coordinating and cooperating agencies, judicial bodies, "
                     "inverse and chained properties), written apart from the asserted ones. --profile dl "
                     "runs HermiT (complete, for a plan or a few; pip install 'policykg[reasoning]'), rl "
                     "the OWL 2 RL rules (fast, for corpora); auto picks by size. Exit code "
                     f"{int(ExitCode.INCONSISTENT)} when the KG is inconsistent.")
def _reason(args: argparse.Namespace) -> int:
    from .reasoning.reason import reason_file

    result = reason_file(_kg_path(args.data), args.output, args.profile)
    print(result.summary())
    if not result.consistent:
        if args.output:
            print(f"wrote         nothing (inconsistent); {args.output} left as it was")
        return ExitCode.INCONSISTENT
    if args.output:
        print(f"wrote         {args.output}")
    return 0


@command("validate", "check the KG against the SHACL shapes (ontology/shapes.ttl)",
         _data(),
         description="Validate the KG with pySHACL against ontology/shapes.ttl and print a readable report: "
                     "shape, node (by label) and message for each problem. Exit code "
                     f"{int(ExitCode.INVALID)} when the KG does not conform.")
def _validate(args: argparse.Namespace) -> int:
    from .reasoning.validate import validate_file

    report = validate_file(_kg_path(args.data))
    print(report.text)
    return 0 if report.conforms else ExitCode.INVALID


@command("docs", "render the ontology and vocabularies to HTML (pyLODE)",
         arg("-o", "--out", default="out/docs", metavar="DIR", help="output directory (default: out/docs)"),
         description="Write DIR/index.html, DIR/ontology.html and DIR/vocab/<name>.html, rendered with "
                     "pyLODE from ontology/policykg.ttl and ontology/vocab/*.ttl "
                     "(pip install 'policykg[docs]').")
def _docs(args: argparse.Namespace) -> int:
    from .reasoning.docs import render_docs

    for path in render_docs(args.out):
        print(f"wrote {path}")
    return 0


class _Version(argparse.Action):
    """``--version``: the installed package's version, looked up only when asked for."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show policykg's version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            text = version("policykg")
        except PackageNotFoundError:  # pragma: no cover - a checkout that was never installed
            text = "unknown (not installed)"
        sys.stdout.write(f"policykg {text}\n")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policykg",
        description="Turn Chinese government policy documents into a queryable knowledge graph.",
        epilog="Exit codes: 0 success, 2 usage, 3 partly built, 4 invalid, 5 bad input, 6 inconsistent, "
               "7 missing extra; the full table is in kg.errors.",
    )
    parser.add_argument("--version", action=_Version)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for cmd in COMMANDS:
        p = sub.add_parser(cmd.name, help=cmd.help, description=cmd.description or cmd.help)
        for a in cmd.args:
            a.add_to(p)
        p.set_defaults(run=cmd.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; every error policykg raises becomes one line on stderr and its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    import logging

    # rdflib logs a warning per odd IRI while it parses a file that is not Turtle: each one a line on
    # standard error before the one-line refusal (the refusal says what is wrong).
    logging.getLogger("rdflib").setLevel(logging.ERROR)
    if not getattr(args, "run", None):
        parser.print_help()
        return ExitCode.USAGE
    try:
        return int(args.run(args))
    except PolicyKGError as exc:
        print(f"policykg: {exc}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("policykg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        target = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        print(f"policykg: {target}{exc.strerror or exc}", file=sys.stderr)
        return ExitCode.ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
