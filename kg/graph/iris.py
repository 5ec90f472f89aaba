"""Deterministic IRIs for instance data (no rdflib needed, so the extract JSON can carry them).

- document: ``id/doc/{doc id}``; its parts: ``…/task/{path}``, ``…/section/{path}``, ``…/safeguard/{path}``,
  ``…/target/{n}``, ``…/goal/{year}``, ``…/span/{start}-{end}``, ``…/task/{path}/resp/{role}/{n}``;
- agency: ``id/agency/{key}`` where the key is the resolved full name (one body, one IRI across documents):
  a national body's official name (财政部), a local body's name with its place (郑州市财政局, 南京市鼓楼区
  科学技术局 where several cities have a 鼓楼区), or ``{doc id}/{name}`` for a body kept apart per document
  (a collective, a relative name whose place is unknown: `loaders.extract.agencies`);
- a cited document that is not in the corpus: ``id/cited/{title}``;
- a jurisdiction: ``id/division/{GB/T 2260 code}`` (500115), or ``id/jurisdiction/{full name}`` for one
  without a code (a township, a shared name the text does not place, the nation: 中华人民共和国);
- a correction of a document's fact: ``…/correction/{item}/{key}/{field}``, the fact as extracted
  ``…/extracted/{item}/{key}/{field}``; a corrections file ``id/corrections/{sha256}``.

Paths use the item's dotted position (3.12) so tasks nested under headings stay unique. Non-ASCII
characters are percent-encoded (UTF-8), so the IRIs are plain URIs that every tool (Gephi, SPARQL
servers, SPARQLWrapper) accepts; labels carry the readable names.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

__all__ = [
    "BASE_ID",
    "doc_iri",
    "part_iri",
    "agency_iri",
    "cited_iri",
    "year_iri",
    "span_iri",
    "indicator_iri",
    "jurisdiction_iri",
    "correction_iri",
    "extracted_iri",
    "corrections_file_iri",
]

BASE_ID = "https://w3id.org/policykg/id/"


@lru_cache(maxsize=1 << 16)  # document ids and item paths recur in every IRI of a document
def _safe(text: str) -> str:
    # Keep CJK and unreserved ASCII; encode spaces, slashes and IRI delimiters.
    return quote("".join(text.split()), safe="-._~!$&'()*+,;=:@（）、·")


def doc_iri(doc_id: str) -> str:
    return f"{BASE_ID}doc/{_safe(doc_id)}"


def part_iri(doc_id: str, kind: str, path: str) -> str:
    return f"{doc_iri(doc_id)}/{kind}/{_safe(path)}"


def span_iri(doc_id: str, start: int, end: int) -> str:
    return f"{doc_iri(doc_id)}/span/{start}-{end}"


def agency_iri(key: str) -> str:
    return f"{BASE_ID}agency/{'/'.join(_safe(p) for p in key.split('/'))}"


def cited_iri(title: str) -> str:
    return f"{BASE_ID}cited/{_safe(title.strip('《》'))}"


def year_iri(year: int) -> str:
    return f"{BASE_ID}year/{year}"


def indicator_iri(name: str) -> str:
    return f"{BASE_ID}indicator/{_safe(name)}"


def jurisdiction_iri(name: str) -> str:
    """A jurisdiction without a division code, by its full name (重庆市长寿区晏家街道).

    Examples
    --------
    >>> from urllib.parse import unquote
    >>> unquote(jurisdiction_iri("重庆市长寿区晏家街道"))
    'https://w3id.org/policykg/id/jurisdiction/重庆市长寿区晏家街道'
    """
    return f"{BASE_ID}jurisdiction/{_safe(name)}"


def correction_iri(doc_id: str, item: str, key: str, field: str) -> str:
    """A correction of one fact of a document: ``…/correction/task/3.1/lead``.

    Examples
    --------
    >>> correction_iri("plan", "task", "3.1", "lead")
    'https://w3id.org/policykg/id/doc/plan/correction/task/3.1/lead'
    """
    return f"{doc_iri(doc_id)}/correction/{'/'.join(_safe(p) for p in (item, key, field))}"


def extracted_iri(doc_id: str, item: str, key: str, field: str) -> str:
    """The fact as extracted, kept when a correction replaces it: ``…/extracted/task/3.1/lead``."""
    return f"{doc_iri(doc_id)}/extracted/{'/'.join(_safe(p) for p in (item, key, field))}"


def corrections_file_iri(sha256: str) -> str:
    """A corrections file, by the SHA-256 of its bytes."""
    return f"{BASE_ID}corrections/{sha256}"
