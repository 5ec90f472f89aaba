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


def command(register: Callable[[argparse._SubParsersAction], None]) -> Callable[[argparse._SubParsersAction], None]:
    COMMANDS.append(register)
    return register


def _sample_path() -> str:
    from .resources import sample_path

    return str(sample_path())


# ---------------------------------------------------------------- extract
@command
def _extract(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="print the extraction of one document as JSON",
                       description="Parse one policy document and print the extraction JSON (see docs/extraction.md).")
    p.add_argument("file", help="a policy document (.txt in UTF-8/GB18030, .html, .docx, .pdf)")
    p.add_argument("-o", "--output", help="write the JSON to this file instead of standard output")
    p.add_argument("--indent", type=int, default=2, help="JSON indentation (default 2; 0 for one line)")

    def run(args: argparse.Namespace) -> int:
        from loaders.document import load_document

        from .extraction import to_json
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

    def run(args: argparse.Namespace) -> int:
        from .corpus import build_corpus

        inputs = list(args.inputs)
        if args.sample or not inputs:
            inputs.append(_sample_path())
        result = build_corpus(inputs, args.out, jobs=args.jobs, validate=args.validate)
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
    p = sub.add_parser("lexicon", help="regenerate ontology/lexicon.json from the vocabularies (developers)")

    def run(args: argparse.Namespace) -> int:
        from .lexicon import write_lexicon

        print(write_lexicon())
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
