"""Generate ``loaders/lexicon.json`` (what the loaders match) from the SKOS vocabularies.

The loaders must not depend on rdflib (nor on ``kg``), so the labels they need are compiled here
into a small JSON file that ships with the ``loaders`` package; ``tests/test_lexicon.py`` fails
when it is stale. ``policykg lexicon`` rewrites it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from ..resources import lexicon_path, ontology_dir
from .namespaces import PKG

__all__ = ["build_lexicon", "write_lexicon", "lexicon_path"]


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
        return {"kind": kind.rsplit("#", 1)[-1] if kind else None, "function": _one(g, c, PKG.hasFunction)}

    out["agency_names"] = rows(PKG.AgencyName, agency)
    return out


def write_lexicon(path: Path | None = None) -> Path:
    """Regenerate the lexicon file in place (atomically)."""
    from ..io import atomic_write_text

    path = path or lexicon_path()
    atomic_write_text(path, json.dumps(build_lexicon(), ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return path
