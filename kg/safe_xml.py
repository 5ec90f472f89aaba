"""Refuse XML that declares entities before any XML parser sees it.

Entity expansion ("billion laughs") turns a few kilobytes into gigabytes. expat limits the
amplification, but only after a long time on some paths (rdflib's RDF/XML parser spent a minute on
the classic attack here), and nothing policykg reads — RDF/XML, GEXF, GraphML, OOXML — needs a
DTD with entities. So files that declare one are refused up front, with a one-line message.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

__all__ = ["UnsafeXMLError", "check_xml_file", "check_xml_bytes"]

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)
_DOCTYPE_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[", re.I)


class UnsafeXMLError(ValueError):
    """The XML declares entities (or an internal DTD subset): refused."""


def check_xml_bytes(data: bytes, source: str = "<xml>") -> None:
    """Raise `UnsafeXMLError` if ``data`` declares entities or an internal DTD subset.

    Examples
    --------
    >>> check_xml_bytes(b"<a>fine</a>")
    >>> check_xml_bytes(b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')
    Traceback (most recent call last):
    ...
    kg.safe_xml.UnsafeXMLError: <xml>: declares XML entities (a DTD subset); refused
    """
    head = data[: 1 << 20]
    if _ENTITY_DECL.search(head) or _DOCTYPE_SUBSET.search(head):
        raise UnsafeXMLError(f"{source}: declares XML entities (a DTD subset); refused")


def check_xml_file(path: str | os.PathLike[str]) -> None:
    """`check_xml_bytes` on the head of a file (entity declarations must come before the root)."""
    with open(Path(path), "rb") as fh:
        check_xml_bytes(fh.read(1 << 20), str(path))
