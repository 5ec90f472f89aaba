"""Refuse XML that has a document type declaration (DTD), before the real parser sees it.

Entity expansion ("billion laughs") turns a few hundred bytes into gigabytes, and external entities
read local files. Nothing policykg reads — RDF/XML, GEXF, GraphML, the parts of a DOCX — needs a DTD,
so any document that declares one is refused with a one-line message.

The check is made by a parser, not by scanning bytes: expat reads the document (in any encoding it
knows, UTF-16 included, after comments and processing instructions of any length) until the root
element starts — a DTD can only come before it — and the check fails on a ``<!DOCTYPE``. Expat
never expands or fetches anything here: parameter entities are not parsed and the check stops at
the declaration itself. Stdlib only (``loaders`` does not depend on ``kg``); `kg.safe_xml` re-exports it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO
from xml.parsers import expat

__all__ = ["UnsafeXMLError", "DoctypeCheck", "check_xml_bytes", "check_xml_file", "check_xml_stream"]

_CHUNK = 1 << 16


class UnsafeXMLError(ValueError):
    """The XML declares a DTD (entities, an internal subset or an external one): refused."""


class _RootReached(Exception):
    pass


class _Doctype(Exception):
    pass


def _parser() -> expat.XMLParserType:
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def doctype(*_args: object) -> None:
        raise _Doctype

    def root(*_args: object) -> None:
        raise _RootReached

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = root
    return parser


class DoctypeCheck:
    """Feed an XML document in pieces; `UnsafeXMLError` as soon as a DTD shows, `done` once the root
    element has started (nothing after it can declare one).

    >>> check = DoctypeCheck("a.xml")
    >>> check.feed(b"<?xml version='1.0'?><!-- a comment -->"), check.feed(b"<root>")
    (False, True)
    """

    def __init__(self, source: str = "<xml>") -> None:
        self.source = source
        self.done = False
        self._parser = _parser()

    def feed(self, data: bytes, final: bool = False) -> bool:
        if self.done:
            return True
        try:
            self._parser.Parse(data, final)
        except _RootReached:
            self.done = True
        except _Doctype:
            raise UnsafeXMLError(f"{self.source}: declares XML entities or a DTD; refused") from None
        except expat.ExpatError:
            # Not well-formed before its root: the real parser reports that.
            self.done = True
        if final:
            self.done = True
        return self.done


def check_xml_stream(stream: BinaryIO, source: str = "<xml>") -> None:
    """Raise `UnsafeXMLError` if the XML read from ``stream`` declares a DTD.

    Reads only up to the start of the root element. XML that is not well-formed before its root is
    left to the real parser to report.
    """
    check = DoctypeCheck(source)
    while not check.done:
        chunk = stream.read(_CHUNK)
        check.feed(chunk, not chunk)


def check_xml_bytes(data: bytes, source: str = "<xml>") -> None:
    """`check_xml_stream` on bytes.

    Examples
    --------
    >>> check_xml_bytes(b"<a>fine</a>")
    >>> check_xml_bytes(b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')
    Traceback (most recent call last):
    ...
    loaders.read.safe_xml.UnsafeXMLError: <xml>: declares XML entities or a DTD; refused
    """
    import io

    check_xml_stream(io.BytesIO(data), source)


def check_xml_file(path: str | os.PathLike[str]) -> None:
    """`check_xml_stream` on a file."""
    with open(Path(path), "rb") as fh:
        check_xml_stream(fh, str(path))
