"""Fast, deterministic serialisation for corpus builds: N-Triples lines and sorted Turtle.

rdflib's Turtle serializer needs ~25 s for 100,000 triples; a corpus build instead writes each
document's triples as N-Triples lines straight from its records in the worker process
(`NTriplesSink`), sorts them (so the output does not depend on process scheduling) and writes them as
Turtle in one pass over the sorted lines (`turtle_body`), grouped by subject; the parent joins the
parts.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from typing import IO

from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

__all__ = ["nt_term", "nt_line", "to_lines", "write_turtle", "write_ntriples", "turtle_bytes", "turtle_body",
           "turtle_head", "turtle_pieces",
           "NTriplesTerms", "NTRIPLES_TERMS", "NTriplesSink"]

_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t",
            ord("\b"): "\\b", ord("\f"): "\\f"}
_ESCAPES.update({c: f"\\u{c:04X}" for c in range(32) if c not in _ESCAPES})
_ESCAPES[0x7F] = "\\u007F"
_XSD_STRING = str(XSD.string)
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f]')  # what _ESCAPES rewrites: most text has none


_RARE_ESCAPE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # all but \\ " \n \r \t


def _escaped(text: str) -> str:
    """``text.translate(_ESCAPES)``; with only the common escapes (a plan's text has many newlines),
    five replacements, which are faster than a translation through a table.

    Examples
    --------
    >>> samples = ['甲"乙"\\n丙\\\\丁\\t', "a\\x00b\\x08\\x7f\\r\\n", "plain"]
    >>> all(_escaped(t) == t.translate(_ESCAPES) for t in samples)
    True
    """
    if not _NEEDS_ESCAPE.search(text):
        return text
    if _RARE_ESCAPE.search(text):
        return text.translate(_ESCAPES)
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
            .replace("\t", "\\t"))


def nt_term(term: Node) -> str:
    """One RDF term in N-Triples syntax (IRIs and literals; policykg writes no blank nodes).

    Examples
    --------
    >>> nt_term(Literal("区法院", lang="zh"))
    '"区法院"@zh'
    >>> nt_term(URIRef("https://w3id.org/policykg/id/doc/x"))
    '<https://w3id.org/policykg/id/doc/x>'
    """
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        body = _escaped(str(term))
        if term.language:
            return f'"{body}"@{term.language}'
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f'"{body}"^^<{term.datatype}>'
        return f'"{body}"'
    raise TypeError(f"policykg writes IRIs and literals only, not {type(term).__name__}")


class NTriplesTerms:
    """Terms as their N-Triples text (plain ``str``): what `kg.graph.ntriples.NTriplesSink` gets.

    Each method gives exactly ``nt_term`` of the `kg.graph.terms.RdflibTerms` term. Typed literals from
    a lexical form go through rdflib once per distinct value (its normalisation is the reference), then
    come from a cache; integers, booleans and strings are written directly.

    Examples
    --------
    >>> t = NTRIPLES_TERMS
    >>> t.lang('他说"好"', "zh"), t.non_negative(7)
    ('"他说\\\\"好\\\\""@zh', '"7"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>')
    >>> from kg.graph.terms import RDFLIB_TERMS
    >>> t.typed("20.0", XSD.decimal) == nt_term(RDFLIB_TERMS.typed("20.0", XSD.decimal))
    True
    """

    _NON_NEGATIVE = f"^^<{XSD.nonNegativeInteger}>"
    _INTEGER = f"^^<{XSD.integer}>"
    _BOOLEAN = {True: f'"true"^^<{XSD.boolean}>', False: f'"false"^^<{XSD.boolean}>'}
    _CACHE_LIMIT = 100_000

    def __init__(self) -> None:
        self._typed: dict[tuple[str, str], str] = {}

    @staticmethod
    def iri(value: str) -> str:
        return f"<{value}>"

    @staticmethod
    def text(value: str) -> str:
        return f'"{_escaped(value)}"'

    @staticmethod
    def lang(value: str, lang: str) -> str:
        return f'"{_escaped(value)}"@{lang}'

    def typed(self, lexical: str, datatype: URIRef) -> str:
        key = (lexical, datatype)
        found = self._typed.get(key)
        if found is None:
            if len(self._typed) >= self._CACHE_LIMIT:
                self._typed.clear()
            found = self._typed[key] = nt_term(Literal(lexical, datatype=datatype))
        return found

    def integer(self, value: int) -> str:
        return f'"{int(value)}"{self._INTEGER}'

    def non_negative(self, value: int) -> str:
        return f'"{int(value)}"{self._NON_NEGATIVE}'

    def boolean(self, value: bool) -> str:
        return self._BOOLEAN[bool(value)]


NTRIPLES_TERMS = NTriplesTerms()


def _nt(term: Node | str) -> str:
    kind = type(term)
    if kind is str:
        return term  # type: ignore[return-value]
    if kind is URIRef:
        return f"<{term}>"
    return nt_term(term)  # type: ignore[arg-type]


def _line(triple: tuple[Node | str, Node | str, Node | str]) -> str:
    s, p, o = triple
    return (f"{s if type(s) is str else _nt(s)} <{p}> {o if type(o) is str else _nt(o)} .\n"
            if type(p) is URIRef else f"{_nt(s)} {_nt(p)} {_nt(o)} .\n")


class NTriplesSink:
    """A sink for `kg.graph.build.add_document` that writes N-Triples lines as the triples come.

    Its terms (`NTRIPLES_TERMS`) are N-Triples text already; a triple may also hold rdflib terms (the
    vocabulary, or triples a caller adds), written with `nt_term`. A plain ``str`` in a triple is
    taken as N-Triples text. ``lines`` holds every line, in the order the triples came; ``plain`` the
    same but for the offsets, quote and document of the text spans `kg.graph.spans.add_span` added
    (`add_span_details`), whose ``(span term, document term, span)`` are in ``spans``: those are
    checked on the records (`kg.reasoning.validate.conforms_document`).

    Examples
    --------
    >>> from rdflib import RDFS
    >>> sink = NTriplesSink()
    >>> sink.add((sink.terms.iri("https://example.org/a"), RDFS.label, sink.terms.lang("甲", "zh")))
    >>> sink.lines
    ['<https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "甲"@zh .\\n']
    >>> sink.plain == sink.lines
    True
    """

    terms = NTRIPLES_TERMS

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.plain: list[str] = []
        self.spans: list[tuple[str, str, object]] = []

    def add(self, triple: tuple[Node | str, Node | str, Node | str]) -> None:
        s, p, o = triple  # `_line`, without a call: this runs for every triple of a build
        line = (f"{s if type(s) is str else _nt(s)} <{p}> {o if type(o) is str else _nt(o)} .\n"
                if type(p) is URIRef else f"{_nt(s)} {_nt(p)} {_nt(o)} .\n")
        self.lines.append(line)
        self.plain.append(line)

    def add_span_details(self, span_term: str, doc: str, span: object, triples: Iterable[tuple]) -> None:
        """Add the triples giving the text span ``span_term`` (of the record ``span``) its offsets, quote
        and document ``doc``: to ``lines``, not to ``plain``; ``(span_term, doc, span)`` to ``spans``."""
        self.spans.append((span_term, doc, span))
        self.lines.extend(map(_line, triples))

    def __len__(self) -> int:
        return len(self.lines)


def nt_line(s: Node, p: Node, o: Node) -> str:
    return f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n"


def to_lines(triples: Iterable[tuple[Node, Node, Node]]) -> list[str]:
    """N-Triples lines for triples (unsorted, possibly with duplicates)."""
    return [nt_line(s, p, o) for s, p, o in triples]


def write_ntriples(lines: Iterable[str], fh: IO[bytes]) -> int:
    """Write lines as UTF-8 N-Triples; returns the number written."""
    n = 0
    for line in lines:
        fh.write(line.encode("utf-8"))
        n += 1
    return n


_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
# A local name written as a prefixed name: letters, digits, _ and -, %XX, and / (escaped); anything else
# (3.1, （一）…) keeps its full IRI, which is always valid Turtle.
_LOCAL = re.compile(r"(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:[A-Za-z0-9_\-/]|%[0-9A-Fa-f]{2})*\Z")
# The same test in two scans without alternation (3x faster on a long IRI): the characters, then no
# ``%`` that is not followed by two hex digits (the digits are allowed characters anyway).
_LOCAL_CHARS = re.compile(r"[A-Za-z0-9_%][A-Za-z0-9_\-/%]*\Z")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _is_local(iri: str, start: int) -> bool:
    """Whether ``iri[start:]`` is a local name `_LOCAL` accepts.

    Examples
    --------
    >>> [_is_local(x, 2) for x in ("a:doc/x%E4%B8", "a:doc/3.1", "a:%4G", "a:-x", "a:")]
    [True, False, False, False, False]
    """
    return _LOCAL_CHARS.match(iri, start) is not None and (
        "%" not in iri or _BAD_PERCENT.search(iri, start) is None)


class _Abbreviator:
    """N-Triples terms as Turtle: IRIs under a prefix as prefixed names, datatypes too (cached).

    An IRI takes the longest namespace it starts with whose rest is a local name (`_is_local`): the
    longest is found by one pattern (the namespaces, longest first), the shorter ones it starts with
    are tried after it when its rest is not a local name.
    """

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.spaces = sorted(((ns, p) for p, ns in prefixes.items()), key=lambda x: (-len(x[0]), x[1]))
        self.cache: dict[str, str] = {}
        self.longest = re.compile("|".join(re.escape(ns) for ns, _ in self.spaces)) if self.spaces else None
        # namespace -> itself and the namespaces it starts with, in the order of `spaces`
        self.within = {ns: [(n, p) for n, p in self.spaces if ns.startswith(n)] for ns, _ in self.spaces}

    def __call__(self, term: str) -> str:
        found = self.cache.get(term)
        if found is None:
            found = term
            if term[0] == "<":
                iri = term[1:-1]
                longest = self.longest.match(iri) if self.longest is not None else None
                for ns, prefix in self.within[longest.group()] if longest is not None else ():
                    if _is_local(iri, len(ns)):
                        found = f"{prefix}:{iri[len(ns):].replace('/', chr(92) + '/')}"
                        break
            elif term[-1] == ">":  # a typed literal: "…"^^<datatype>
                lexical, _, datatype = term.rpartition("^^")
                found = f"{lexical}^^{self(datatype)}"
            if len(self.cache) < 100_000:
                self.cache[term] = found
        return found


def turtle_body(sorted_lines: list[str], prefixes: dict[str, str]) -> bytes:
    """Turtle statements, without the ``@prefix`` block, for sorted, de-duplicated N-Triples lines as
    this module writes them (``S P O .``, one space apart): one pass over the lines, subjects and
    predicates grouped (``;``, ``,``), IRIs under a prefix abbreviated; `turtle_bytes` puts
    `turtle_head` before it.

    It replaces handing the lines to Oxigraph, which made a Python object of every triple to write
    them again (11 ms a dev plan against 5); ``tests/test_ntriples_writer.py`` reads the Turtle back
    and compares the triples.

    Examples
    --------
    >>> doc, label = "<https://w3id.org/policykg/id/doc/a>", "<http://www.w3.org/2000/01/rdf-schema#label>"
    >>> lines = [f'{doc} {label} "甲"@zh .\\n', f'{doc} {label} "乙"@zh .\\n']
    >>> prefixes = {"pkgid": "https://w3id.org/policykg/id/", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
    >>> print(turtle_body(lines, prefixes).decode(), end="")
    pkgid:doc\\/a rdfs:label "甲"@zh , "乙"@zh .
    """
    return "".join(turtle_pieces(sorted_lines, prefixes)).encode("utf-8")


def turtle_pieces(
    sorted_lines: Iterable[str], prefixes: dict[str, str], lines_per_piece: int = 20_000,
    short: _Abbreviator | None = None,
) -> Iterator[str]:
    """`turtle_body` as text pieces of about ``lines_per_piece`` lines each, for writing a large file
    without holding its whole text (a piece ends where a statement ends). ``short`` shares one
    abbreviator (made from ``prefixes``) between calls."""
    short = short if short is not None else _Abbreviator(prefixes)
    cached = short.cache.get  # an abbreviation is never empty: ``cached(t) or short(t)``
    predicates = {_RDF_TYPE: "a"}
    datatypes: dict[str, str] = {}  # typed literals (offsets, counts) are rarely the same twice: not cached
    out: list[str] = []
    append = out.append
    last_s = last_p = None
    for line in sorted_lines:
        s, p, o = line[:-3].split(" ", 2)
        if o[-1] == ">":
            if o[0] == '"':
                lexical, _, datatype = o.rpartition("^^")
                o = f"{lexical}^^{datatypes.get(datatype) or datatypes.setdefault(datatype, short(datatype))}"
            else:
                o = cached(o) or short(o)
        if s != last_s:
            if last_s is not None:
                append(" .\n")
                if len(out) >= lines_per_piece:
                    yield "".join(out)
                    out = []
                    append = out.append
            pp = predicates.get(p) or predicates.setdefault(p, short(p))
            append(f"{cached(s) or short(s)} {pp} {o}")
        elif p != last_p:
            pp = predicates.get(p) or predicates.setdefault(p, short(p))
            append(f" ;\n\t{pp} {o}")
        else:
            append(f" , {o}")
        last_s, last_p = s, p
    if last_s is not None:
        out.append(" .\n")
    yield "".join(out)


def turtle_head(prefixes: dict[str, str]) -> bytes:
    """The ``@prefix`` block, one line per prefix, sorted."""
    return b"".join(sorted(f"@prefix {p}: <{ns}> .\n".encode() for p, ns in prefixes.items()))


def turtle_bytes(sorted_lines: list[str], prefixes: dict[str, str]) -> bytes:
    """Turtle for already sorted, de-duplicated N-Triples lines (`turtle_head` + `turtle_body`)."""
    return turtle_head(prefixes) + turtle_body(sorted_lines, prefixes) if sorted_lines else b""


def write_turtle(
    sorted_lines: list[str], path: str | os.PathLike[str], prefixes: dict[str, str],
    blocks: Iterable[tuple[str, bytes]] = (),
) -> None:
    """Write Turtle atomically (temporary file, then rename), piece by piece (`turtle_pieces`).

    ``blocks`` are ``(first line, Turtle)`` of sorted runs of lines written already, elsewhere
    (`turtle_body` of them): each is put where its first line sorts among ``sorted_lines``. The file is
    the one all the lines together give, byte for byte, when no line of ``sorted_lines`` shares a
    subject with a block's lines (a corpus build's blocks are the lines about IRIs under one document's,
    which only its worker writes); were one to, that subject would be written in two statements: the
    same triples.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> lines = [f"<https://example.org/{c}> <https://example.org/p> {n} .\\n" for n, c in enumerate("abcd")]
    >>> block = turtle_body(lines[1:3], {})
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_turtle(lines, Path(tmp) / "all.ttl", {})
    ...     write_turtle(lines[:1] + lines[3:], Path(tmp) / "merged.ttl", {}, [(lines[1], block)])
    ...     (Path(tmp) / "all.ttl").read_bytes() == (Path(tmp) / "merged.ttl").read_bytes()
    True
    """
    from bisect import bisect_left
    from itertools import islice

    from kg.io import atomic_open

    blocks = sorted(blocks)
    with atomic_open(path, "wb") as fh:
        if sorted_lines or blocks:
            fh.write(turtle_head(prefixes))
            short = _Abbreviator(prefixes)
            done = 0
            for first, turtle in blocks:
                end = bisect_left(sorted_lines, first, done)
                if end > done:
                    for piece in turtle_pieces(islice(sorted_lines, done, end), prefixes, short=short):
                        fh.write(piece.encode("utf-8"))
                fh.write(turtle)
                done = end
            if done < len(sorted_lines):
                for piece in turtle_pieces(islice(sorted_lines, done, None), prefixes, short=short):
                    fh.write(piece.encode("utf-8"))
