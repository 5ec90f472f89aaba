"""The ``policykg`` command line. Thin: each command parses options and calls one library function.

Heavy modules (rdflib, jieba, networkx, owlready2) are imported inside the commands, so
``policykg --help`` starts fast. Errors the user can fix are printed as one line
(``policykg: <file>: <problem>``) with a non-zero exit code and no traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

__all__ = ["main", "build_parser", "CliError"]

EXIT_USAGE = 2
EXIT_INPUT = 2
EXIT_PARTIAL = 3
EXIT_INVALID = 4


class CliError(Exception):
    """An error to print as one line, with an exit code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


Handler = Callable[[argparse.Namespace], int]
COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = []


Register = Callable[[argparse._SubParsersAction], None]


def command(register: Register) -> Register:
    COMMANDS.append(register)
    return register


def _sample_path() -> str:
    from .resources import sample_path

    return str(sample_path())


# ---------------------------------------------------------------- extract
@command
def _extract(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "extract",
        help="print the extraction of one document as JSON",
        description="Parse one policy document and print the extraction JSON (see docs/extraction.md).",
    )
    p.add_argument("file", help="a policy document (.txt in UTF-8/GB18030, .html, .docx, .pdf)")
    p.add_argument("-o", "--output", help="write the JSON to this file instead of standard output")
    p.add_argument("--indent", type=int, default=2, help="JSON indentation (default 2; 0 for one line)")

    def run(args: argparse.Namespace) -> int:
        from .graph.extraction import to_json
        from .graph.names import load_document  # a file name that is not UTF-8 gets a readable id
        from .io import atomic_write_text

        doc = load_document(args.file)
        text = json.dumps(to_json(doc), ensure_ascii=False, indent=args.indent or None) + "\n"
        if args.output:
            atomic_write_text(args.output, text)
        else:
            sys.stdout.write(text)
        return 0

    p.set_defaults(run=run)


# ---------------------------------------------------------------- build
@command
def _build(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="build the knowledge graph of documents into DIR/kg.ttl",
                       description="Extract documents (files or directories) and write DIR/kg.ttl and "
                                   "DIR/ontology/. Prints a summary.")
    p.add_argument("inputs", nargs="*", help="documents or directories (default: the bundled sample)")
    p.add_argument("-o", "--out", default="out", help="output directory (default: out)")
    p.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (default: all cores)")
    p.add_argument("--no-validate", dest="validate", action="store_false", help="skip SHACL validation")
    p.add_argument("--sample", action="store_true", help="build the bundled sample plan")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local: process pool, one DIR/kg.ttl (default); dask: Dask, one N-Triples shard per "
                        "partition + manifest.json in --shards DIR (pip install -e '.[scale]')")
    p.add_argument("--shards", metavar="DIR",
                   help="where --engine dask writes its shards (default: OUT/shards)")
    p.add_argument("--partitions", type=int, metavar="N",
                   help="--engine dask: number of partitions/shards (default: one per 100 documents)")

    def run(args: argparse.Namespace) -> int:
        inputs = list(args.inputs)
        if args.sample or not inputs:
            inputs.append(_sample_path())
        if args.engine == "local":
            if args.shards or args.partitions:
                raise CliError("--shards and --partitions go with --engine dask", EXIT_USAGE)
            from .graph.corpus import build_corpus

            result = build_corpus(inputs, args.out, jobs=args.jobs, validate=args.validate)
        else:
            from pathlib import Path

            from .graph.distributed import build_shards

            result = build_shards(inputs, args.shards or Path(args.out) / "shards", engine=args.engine,
                                  partitions=args.partitions, jobs=args.jobs, validate=args.validate)
        print(result.summary())
        if result.failures:
            return EXIT_PARTIAL
        if result.conforms is False:
            return EXIT_INVALID
        return 0

    p.set_defaults(run=run)


# ---------------------------------------------------------------- lexicon
@command
def _lexicon(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("lexicon", help="regenerate loaders/lexicon.json from the vocabularies (developers)")

    def run(args: argparse.Namespace) -> int:
        from .graph.lexicon import write_lexicon

        print(write_lexicon())
        return 0

    p.set_defaults(run=run)


# ---------------------------------------------------------------- queries, query, push, serve (SPARQL)
DEFAULT_KG = "out/kg.ttl"


def _kg_path(path: str | None) -> str:
    """The KG file to use: --data, else out/kg.ttl, with a one-line hint when it is missing."""
    from pathlib import Path

    chosen = path or DEFAULT_KG
    if not Path(chosen).is_file():
        hint = "run `policykg build` first, or give --data PATH" if path is None else "check --data"
        raise CliError(f"{chosen}: no such KG file; {hint}", EXIT_INPUT)
    return chosen


def _query_errors(exc: Exception) -> CliError:
    from .errors import EndpointError, QueryTimeout

    return CliError(str(exc), 1 if isinstance(exc, (EndpointError, QueryTimeout)) else EXIT_INPUT)


@command
def _queries(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("queries", help="list the named SPARQL queries (name, title, parameters)",
                       description="List the query library (queries/*.rq) and the QC checks.")
    p.add_argument("--checks", action="store_true", help="list the QC checks (queries/checks/) instead")

    def run(args: argparse.Namespace) -> int:
        from .sparql.library import catalogue

        sys.stdout.write(catalogue(checks=args.checks))
        return 0

    p.set_defaults(run=run)


@command
def _query(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("query", help="run a named query or a .rq file on the KG or on an endpoint",
                       description="Run a library query (see `policykg queries`) or any SELECT/ASK .rq file, "
                                   "locally on the built KG (with the ontology and vocabularies) or on a "
                                   "SPARQL 1.1 endpoint. Parameters are bound as typed RDF terms.")
    p.add_argument("query", metavar="NAME|FILE.rq", help="library query name or path to a .rq file")
    p.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
                   help="a parameter value: IRI, prefixed name, Chinese label, number … (repeatable)")
    p.add_argument("--data", help=f"KG file to query locally (default: {DEFAULT_KG})")
    p.add_argument("--endpoint", metavar="URL", help="query this SPARQL endpoint (base or /query URL)")
    p.add_argument("--format", choices=("table", "csv", "tsv", "json"), default="table", help="output format")
    p.add_argument("--timeout", type=float, metavar="S", help="give up after S seconds")
    p.add_argument("--user", help="endpoint user (the password comes from $POLICYKG_ENDPOINT_PASSWORD)")

    def run(args: argparse.Namespace) -> int:
        from .errors import QueryError
        from .sparql.endpoint import credentials
        from .sparql.parameters import parse_param_options
        from .sparql.run import run_query

        try:
            params = parse_param_options(args.param)
            if args.endpoint:
                user, password = credentials(args.user)
                result = run_query(args.query, params, endpoint=args.endpoint, timeout=args.timeout,
                                   user=user, password=password)
            else:
                result = run_query(args.query, params, data=_kg_path(args.data), timeout=args.timeout)
        except QueryError as exc:
            raise _query_errors(exc) from None
        sys.stdout.write(result.format(args.format))
        return 0

    p.set_defaults(run=run)


@command
def _push(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("push", help="upload the KG to a SPARQL endpoint (Graph Store Protocol)",
                       description="Upload the KG with the ontology and vocabularies as Turtle to a "
                                   "SPARQL 1.1 Graph Store Protocol endpoint: PUT (replace) to "
                                   "{endpoint}/store?default or ?graph=IRI, or to the graph-store URL given.")
    p.add_argument("--endpoint", required=True, metavar="URL",
                   help="server base URL, its /store URL, or a complete graph-store URL")
    p.add_argument("--graph", metavar="IRI", help="named graph to write (default: the default graph)")
    p.add_argument("--data", help=f"KG file (default: {DEFAULT_KG})")
    p.add_argument("--append", action="store_true", help="POST (add to the graph), not PUT (replace it)")
    p.add_argument("--data-only", action="store_true", help="leave out the ontology and vocabularies")
    p.add_argument("--timeout", type=float, default=60, metavar="S", help="HTTP timeout (default 60 s)")
    p.add_argument("--user", help="endpoint user (the password comes from $POLICYKG_ENDPOINT_PASSWORD)")

    def run(args: argparse.Namespace) -> int:
        from .errors import QueryError
        from .sparql.endpoint import push_kg

        try:
            result = push_kg(_kg_path(args.data), args.endpoint, graph=args.graph, replace=not args.append,
                             with_ontology=not args.data_only, user=args.user, timeout=args.timeout)
        except QueryError as exc:
            raise _query_errors(exc) from None
        print(f"{result.method} {result.triples:,} triples ({result.bytes:,} bytes of Turtle) "
              f"to {result.url}: HTTP {result.status}")
        return 0

    p.set_defaults(run=run)


@command
def _serve(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve the KG with a real Oxigraph SPARQL server on 127.0.0.1",
                       description="Load the KG (with the ontology and vocabularies) into a temporary "
                                   "Oxigraph store and serve it read-only on 127.0.0.1 until Ctrl-C.")
    p.add_argument("--data", help=f"KG file (default: {DEFAULT_KG})")
    p.add_argument("--port", type=int, default=7878, help="TCP port (default 7878; 0 picks a free one)")
    p.add_argument("--writable", action="store_true", help="accept SPARQL UPDATE and Graph Store writes")
    p.add_argument("--timeout", type=float, metavar="S", help="the server aborts queries running over S s")

    def run(args: argparse.Namespace) -> int:
        from .errors import QueryError
        from .sparql.endpoint import serve_until_stopped

        try:
            return serve_until_stopped(_kg_path(args.data), port=args.port, writable=args.writable,
                                       query_timeout=args.timeout)
        except QueryError as exc:
            raise _query_errors(exc) from None

    p.set_defaults(run=run)


@command
def _virtuoso(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("virtuoso", help="load Dask shards into Virtuoso and serve them (large corpora)",
                       description="Start a local Virtuoso on 127.0.0.1 (database in --workdir, kept), "
                                   "bulk-load the shards of `policykg build --engine dask` with the ontology "
                                   "into a named graph, and serve SPARQL until Ctrl-C. A load that failed or "
                                   "stopped resumes when run again. The dba password comes from "
                                   "$POLICYKG_VIRTUOSO_PASSWORD. With --connect, load into a running server.")
    p.add_argument("shards", metavar="SHARDS_DIR",
                   help="directory with manifest.json (policykg build --engine dask)")
    p.add_argument("--workdir", default="virtuoso-db", metavar="DIR",
                   help="Virtuoso's config and database (default: virtuoso-db)")
    p.add_argument("--graph", metavar="IRI", help="named graph (default: https://w3id.org/policykg/graph/kg)")
    p.add_argument("--port", type=int, default=8890, help="HTTP/SPARQL port (default 8890)")
    p.add_argument("--sql-port", type=int, default=1111, help="SQL port for isql-vt (default 1111)")
    p.add_argument("--memory", type=int, default=2048, metavar="MB", help="page buffers (default 2048 MB)")
    p.add_argument("--load-only", action="store_true", help="stop the server after loading")
    p.add_argument("--connect", metavar="HOST:PORT", help="load into this running server's SQL port instead")
    p.add_argument("--http", metavar="HOST:PORT", help="with --connect: the server's HTTP host:port")

    def run(args: argparse.Namespace) -> int:
        from .sparql.virtuoso import DEFAULT_GRAPH, VirtuosoError, load_and_serve

        try:
            report = load_and_serve(args.shards, workdir=args.workdir, graph=args.graph or DEFAULT_GRAPH,
                                    http_port=args.port, sql_port=args.sql_port, memory_mb=args.memory,
                                    serve=not args.load_only, connect=args.connect, http=args.http)
        except VirtuosoError as exc:
            raise CliError(str(exc), 1) from None
        return 0 if report.ok else EXIT_PARTIAL

    p.set_defaults(run=run)


# ---------------------------------------------------------------- graph, metrics (agency networks)
# Kept here as plain strings so `policykg --help` does not import networkx; a test checks they match
# kg.networks.projection.KINDS and kg.networks.exports.FORMATS.
NETWORK_KINDS = ("co-assignment", "lead", "agency-task", "agency-ip")
NETWORK_FORMATS = ("gexf", "graphml", "pajek", "dl", "csv", "json", "html", "png", "svg")
NETWORK_DEFAULT_KG = "out/kg.ttl"


def _network_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--kind", choices=NETWORK_KINDS, default="co-assignment",
                   help="co-assignment (agencies sharing tasks, undirected), lead (lead → cooperating, "
                        "directed), agency-task or agency-ip (two-mode); default co-assignment")
    p.add_argument("--collectives", choices=("drop", "keep"), default="drop",
                   help="leave collective bodies such as 各成员单位 out (drop, default) or keep them "
                        "as nodes")
    p.add_argument("--data", default=NETWORK_DEFAULT_KG, help=f"KG file (default: {NETWORK_DEFAULT_KG})")


def _network_error(exc: Exception) -> CliError:
    from .networks.exports import FontNotFoundError

    return CliError(str(exc), 1 if isinstance(exc, FontNotFoundError) else EXIT_INPUT)


@command
def _graph(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("graph", help="export an agency network for Gephi, UCINET, Pajek, a browser or print",
                       description="Project the KG onto an agency network and write it: GEXF, GraphML, Pajek "
                                   ".net, UCINET DL, CSV node/edge lists, node-link JSON, an offline "
                                   "interactive HTML page, or a PNG/SVG drawing with Chinese labels.")
    _network_options(p)
    p.add_argument("--format", choices=NETWORK_FORMATS,
                   help="output format (default: from the suffix of -o: .gexf .graphml .net .dl .csv .json "
                        ".html .png .svg); csv writes FILE.nodes.csv and FILE.edges.csv")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to write")

    def run(args: argparse.Namespace) -> int:
        from .networks.exports import export_network
        from .networks.projection import NetworkError, total_weight

        try:
            g, files = export_network(args.data, args.output, args.kind, args.format, args.collectives)
        except NetworkError as exc:
            raise _network_error(exc) from None
        print(f"{args.kind} network: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges, "
              f"total weight {total_weight(g)}")
        for path in files:
            print(f"wrote {path}")
        return 0

    p.set_defaults(run=run)


@command
def _metrics(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("metrics", help="SNA measures of an agency network (centralities, structural holes …)",
                       description="Density, degree, betweenness, closeness, eigenvector, Burt's "
                                   "constraint and effective size, k-core, Louvain communities: a network "
                                   "summary and a per-agency table.")
    _network_options(p)
    p.add_argument("--format", choices=("table", "csv"), default="table",
                   help="table (summary + aligned table, default) or csv (the per-node table)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")

    def run(args: argparse.Namespace) -> int:
        from .networks.projection import NetworkError
        from .networks.sna import metrics_report

        try:
            text = metrics_report(args.data, args.kind, args.collectives, args.format, args.output)
        except NetworkError as exc:
            raise _network_error(exc) from None
        if args.output:
            print(f"wrote {args.output}")
        else:
            sys.stdout.write(text)
        return 0

    p.set_defaults(run=run)


# ---------------------------------------------------------------- reason, validate, docs
EXIT_INCONSISTENT = 5


def _read_errors(exc: Exception) -> CliError:
    return CliError(str(exc), EXIT_INPUT)


@command
def _reason(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("reason", help="check the KG against the ontology and write the inferred triples",
                       description="Reason over the KG with the ontology: consistency, "
                                   "unsatisfiable classes, and the inferred triples (lead, coordinating "
                                   "and cooperating agencies, judicial bodies, inverse and chained "
                                   "properties), written apart from the asserted ones. --profile dl "
                                   "runs HermiT (complete, for a plan or a few), rl the OWL 2 RL rules "
                                   "(fast, for corpora); auto picks by size. Exit code 5 when the KG "
                                   "is inconsistent.")
    p.add_argument("--data", help=f"KG file (default: {DEFAULT_KG})")
    p.add_argument("--profile", choices=("auto", "dl", "rl"), default="auto",
                   help="dl (HermiT), rl (rule closure) or auto (dl up to 2,000 individuals; default)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the inferred triples (Turtle) to FILE")

    def run(args: argparse.Namespace) -> int:
        from .reasoning.reason import ReasoningError, reason_file
        from .sparql.store import KGReadError

        try:
            result = reason_file(_kg_path(args.data), args.output, args.profile)
        except (ReasoningError, KGReadError) as exc:
            raise _read_errors(exc) from None
        print(result.summary())
        if not result.consistent:
            if args.output:
                print(f"wrote         nothing (inconsistent); {args.output} left as it was")
            return EXIT_INCONSISTENT
        if args.output:
            print(f"wrote         {args.output}")
        return 0

    p.set_defaults(run=run)


@command
def _validate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check the KG against the SHACL shapes (ontology/shapes.ttl)",
                       description="Validate the KG with pySHACL against ontology/shapes.ttl and print a "
                                   "readable report: shape, node (by label) and message for each problem. "
                                   "Exit code 4 when the KG does not conform.")
    p.add_argument("--data", help=f"KG file (default: {DEFAULT_KG})")

    def run(args: argparse.Namespace) -> int:
        from .reasoning.validate import validate_file
        from .sparql.store import KGReadError

        try:
            report = validate_file(_kg_path(args.data))
        except KGReadError as exc:
            raise _read_errors(exc) from None
        print(report.text)
        return 0 if report.conforms else EXIT_INVALID

    p.set_defaults(run=run)


@command
def _docs(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("docs", help="render the ontology and vocabularies to HTML (pyLODE)",
                       description="Write DIR/index.html, DIR/ontology.html and DIR/vocab/<name>.html, "
                                   "rendered with pyLODE from ontology/policykg.ttl and "
                                   "ontology/vocab/*.ttl.")
    p.add_argument("-o", "--out", default="out/docs", metavar="DIR",
                   help="output directory (default: out/docs)")

    def run(args: argparse.Namespace) -> int:
        from .reasoning.docs import DocsError, render_docs

        try:
            files = render_docs(args.out)
        except DocsError as exc:
            raise CliError(str(exc), 1) from None
        for path in files:
            print(f"wrote {path}")
        return 0

    p.set_defaults(run=run)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policykg",
        description="Turn Chinese government policy documents into a queryable knowledge graph.",
    )
    parser.add_argument("--version", action="version", version="policykg 0.1.0")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in COMMANDS:
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USAGE
    from loaders.errors import PolicyParseError

    try:
        return args.run(args)
    except PolicyParseError as exc:
        print(f"policykg: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except CliError as exc:
        print(f"policykg: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("policykg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        target = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        print(f"policykg: {target}{exc.strerror or exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
