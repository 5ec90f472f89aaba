"""The errors policykg raises, and the exit codes of the ``policykg`` command.

Every error is a `PolicyKGError` (defined in `loaders.errors`, since ``loaders`` never imports
``kg``) with a one-line message and an ``exit_code``; the command line prints
``policykg: <message>`` and exits with that code, without a traceback — the mapping is made once,
in `kg.cli.main`. A library caller catches ``PolicyKGError`` (or one of the kinds below).

====  =============  ==============================================================  ======================
code  name           meaning                                                         raised as / returned by
====  =============  ==============================================================  ======================
0     OK             success
1     ERROR          any other error                                                 `PolicyKGError`
2     USAGE          a bad command line: unknown option, no input, options that do   `UsageError`, argparse
                     not go together
3     PARTIAL        some documents (or shards) failed; the rest was built/loaded    build, virtuoso
4     INVALID        the KG does not conform to the SHACL shapes                     build, validate
5     INPUT          an input file (document, KG, lexicon, corrections, manifest,    `PolicyParseError`,
                     scheduler file) is missing, not a file, empty, binary, not in   `KGReadError`
                     its encoding or format, unsafe or too large: in every command
6     INCONSISTENT   the KG is inconsistent with the ontology                        reason
7     MISSING_EXTRA  an optional package is not installed (names the extra)          `MissingExtraError`
8     QUERY          an unknown query, a query that does not parse, a bad parameter  `QueryError`
9     TIMEOUT        a query did not finish within ``--timeout``                     `QueryTimeout`
10    ENDPOINT       a SPARQL server, Virtuoso or a Dask scheduler is unreachable,   `EndpointError`
                     refuses, fails or answers in another protocol
11    NETWORK        an agency network cannot be projected, written or read          `NetworkError`
12    FONT           no CJK font to draw Chinese labels (PNG/SVG)                    `FontNotFoundError`
13    REASONING      the reasoner cannot run (no Java, a rule that does not parse)   `ReasoningError`
14    DOCS           the ontology documentation cannot be rendered                   `DocsError`
15    REFUSED        ``policykg ask`` did not answer: a question not understood, a    `kg.ask.AskError`
                     name not in the graph, or a name with several meanings
130   —              interrupted (Ctrl-C)
====  =============  ==============================================================  ======================

``tests/test_errors.py`` keeps this table in step with `ExitCode` and the error classes; the table of
docs/reliability.md ("Exit codes") gives the kinds of failure with examples, and
``tests/test_reliability_exit_codes.py`` runs every command on the catalogue of bad inputs.
"""

from __future__ import annotations

from loaders.errors import ExitCode, InputError, MissingExtraError, PolicyKGError, PolicyParseError, require

__all__ = ["ExitCode", "PolicyKGError", "MissingExtraError", "require", "PolicyParseError", "InputError",
           "UsageError", "QueryError", "QueryTimeout", "EndpointError", "one_line"]


class UsageError(PolicyKGError):
    """The command line asks for something that cannot be done as given (options that do not go together)."""

    exit_code = ExitCode.USAGE


class QueryError(PolicyKGError):
    """An unknown query, a query that does not parse, or a bad parameter (one line)."""

    exit_code = ExitCode.QUERY


class QueryTimeout(QueryError):
    """The query did not finish within the time limit."""

    exit_code = ExitCode.TIMEOUT


class EndpointError(QueryError):
    """The endpoint is unreachable or answered with an error."""

    exit_code = ExitCode.ENDPOINT


def one_line(exc: BaseException | str) -> str:
    """The text of an error on one line, cut at 300 characters.

    Examples
    --------
    >>> one_line(ValueError("bad\\n  value"))
    'bad value'
    """
    text = " ".join(str(exc).split())
    return text[:300] + ("…" if len(text) > 300 else "")
