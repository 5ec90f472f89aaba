"""Refuse XML that has a document type declaration (DTD) before any XML parser sees it.

Entity expansion ("billion laughs") turns a few hundred bytes into gigabytes; nothing policykg reads
(RDF/XML, GEXF, GraphML, OOXML) needs a DTD. The check is made by expat up to the root element (any
encoding, comments of any length) — see `loaders.read.safe_xml`, which this module re-exports.
"""

from __future__ import annotations

from loaders.read.safe_xml import UnsafeXMLError, check_xml_bytes, check_xml_file, check_xml_stream

__all__ = ["UnsafeXMLError", "check_xml_file", "check_xml_bytes", "check_xml_stream"]
