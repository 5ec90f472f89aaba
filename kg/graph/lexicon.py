"""Generate ``loaders/vocab/lexicon.json`` (what the loaders match) from the SKOS vocabularies.

The loaders must not depend on rdflib (nor on ``kg``), so the labels they need are compiled here
into a small JSON file that ships with the ``loaders`` package; ``tests/test_lexicon.py`` fails
when it is stale. ``policykg lexicon`` rewrites it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from ..resources import lexicon_path, ontology_dir
from .jurisdictions import NATION
from .namespaces import PKG

__all__ = ["build_lexicon", "build_places", "write_lexicon", "lexicon_path", "places_path"]


def _zh(g: Graph, s: URIRef, p: URIRef) -> list[str]:
    return sorted(
        str(o) for o in g.objects(s, p) if isinstance(o, Literal) and (o.language or "").startswith("zh")
    )


def _one(g: Graph, s: URIRef, p: URIRef) -> str | None:
    """The IRI ``s`` has for ``p`` (the first in IRI order if several; None if none)."""
    values = sorted(g.objects(s, p))
    return str(values[0]) if values else None


def _top(g: Graph, concept: URIRef) -> URIRef:
    seen = {concept}
    while True:
        parents = sorted(g.objects(concept, SKOS.broader))
        if not parents or parents[0] in seen:
            return concept
        concept = parents[0]
        seen.add(concept)


def build_lexicon(vocab_dir: Path | None = None) -> dict[str, Any]:
    """Read the vocabularies and return the lexicon as a JSON-ready dict (sorted, deterministic)."""
    vocab_dir = vocab_dir or ontology_dir() / "vocab"
    g = Graph()
    for path in sorted(vocab_dir.glob("*.ttl")):
        g.parse(path, format="turtle")
    out: dict[str, Any] = {"ip_types": [], "industries": [], "agency_names": []}

    def rows(cls: URIRef, extra) -> list[dict[str, Any]]:
        table: dict[str, dict[str, Any]] = {}
        for c in sorted(g.subjects(RDF.type, cls)):
            pref = _zh(g, c, SKOS.prefLabel)
            if not pref:
                continue
            for label in pref + _zh(g, c, SKOS.altLabel):
                table.setdefault(label, {"label": label, "concept": pref[0], "iri": str(c), **extra(c)})
        return [table[k] for k in sorted(table)]

    out["ip_types"] = rows(PKG.IPType, lambda c: {"top": _zh(g, _top(g, c), SKOS.prefLabel)[0]})
    out["industries"] = rows(
        PKG.Industry,
        lambda c: {"needs_context": bool(g.value(c, PKG.needsContext, default=Literal(False)).toPython())},
    )
    def agency(c: URIRef) -> dict[str, Any]:
        kind = _one(g, c, PKG.agencyKind)
        # The entry's one function (functions.ttl); the build copies it onto the agencies.
        row = {"kind": kind.rsplit("#", 1)[-1] if kind else None, "function": _one(g, c, PKG.hasFunction)}
        if (c, DCTERMS.spatial, URIRef(NATION.iri)) in g:
            row["national"] = True  # one body of the nation, whatever document names it (财政部)
        return row

    out["agency_names"] = rows(PKG.AgencyName, agency)
    return out


def build_places() -> dict[str, list[list[str]]]:
    """The division names the loaders may meet as a document's place, from ``ontology/vocab/divisions.csv``.

    Each name maps to one ``[level, parent name]`` pair per division of that name (鼓楼区 has four);
    the parent is empty for a province. The loaders (``loaders.vocab.places``) use it to tell a place from an
    ordinary word (上城区 is a district, 老城区 is not) and to find a district's city when the text does
    not name it.

    Examples
    --------
    >>> places = build_places()
    >>> places["上城区"], places["重庆市"]
    ([['county', '杭州市']], [['provincial', '']])
    >>> len(places["鼓楼区"])
    4
    """
    from .jurisdictions import divisions

    t = divisions()
    out: dict[str, list[list[str]]] = {}
    for name in t.names():
        pairs = {(t.level(c), t.name(p) if (p := t.parent(c)) else "") for c in t.codes(name)}
        out[name] = [list(pair) for pair in sorted(pairs)]
    return out


def places_path() -> Path:
    """``loaders/vocab/places.json``, next to the lexicon."""
    return lexicon_path().with_name("places.json")


def write_lexicon(path: Path | None = None) -> Path:
    """Regenerate the lexicon file (and the places file beside it) in place, atomically."""
    from ..io import atomic_write_text

    path = path or lexicon_path()
    atomic_write_text(path, json.dumps(build_lexicon(), ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    places = json.dumps(build_places(), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    atomic_write_text(path.with_name("places.json"), places + "\n")
    return path
