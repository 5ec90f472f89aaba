"""The dev corpus' agency network: its top brokers and communities, as docs/extraction.md lists them.

    python benchmarks/dev_network.py            # Markdown: brokers, communities, the check's rows

The 27 plans of ``tests/data/dev/docs`` are built into one KG in memory, projected onto the co-assignment
network (`policykg metrics`' default: agencies sharing tasks, collectives left out) and measured
(`kg.networks.sna`: betweenness, Louvain communities with the fixed seed). Each node is shown with its
full name and its jurisdiction, and the corpus-level check (agencies named by documents of different
jurisdictions) is run on the same KG, so that a merged node among the brokers or communities shows.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

from kg.graph.build import build_graph  # noqa: E402
from kg.graph.jurisdictions import with_jurisdictions  # noqa: E402
from kg.networks.projection import build_network  # noqa: E402
from kg.networks.sna import communities, node_measures  # noqa: E402
from kg.sparql.run import run_query  # noqa: E402
from kg.sparql.store import open_kg  # noqa: E402
from loaders.extract.document import load_document  # noqa: E402

DEV = ROOT / "tests" / "data" / "dev" / "docs"


def dev_network(docs: Path = DEV) -> dict:
    """Brokers (top 5 by betweenness), communities (largest first) and the check's rows.

    Examples
    --------
    >>> r = dev_network()
    >>> r["check"], len(r["brokers"])
    ([], 5)
    """
    paths = sorted(docs.glob("*.txt"))
    documents = [with_jurisdictions(load_document(p, require_tasks=False)) for p in paths]
    kg = open_kg(build_graph(documents))
    g = build_network(kg)
    measures = node_measures(g)
    where = _agency_places(kg)
    brokers = [
        (g.nodes[n]["full_name"], where.get(n, ""), round(float(measures.loc[n, "betweenness"]), 4))
        for n in measures.sort_values(["betweenness", "weighted_degree"], ascending=False).index[:5]
    ]
    groups = []
    for k, members in enumerate(communities(g), start=1):
        top = sorted(members, key=lambda n: (-g.degree(n, weight="weight"), g.nodes[n]["full_name"]))[:3]
        places = Counter(where.get(n, "") or "—" for n in members)
        groups.append((k, len(members), "、".join(p for p, _ in places.most_common(2)),
                       "、".join(g.nodes[n]["full_name"] for n in top)))
    check = run_query("agency-across-jurisdictions-violation", graph=kg).plain_rows()
    return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "brokers": brokers,
            "communities": groups, "check": check}


def _agency_places(kg) -> dict[str, str]:
    """Agency IRI → the label of its pkg:inJurisdiction (national bodies: 中华人民共和国)."""
    q = """PREFIX pkg: <https://w3id.org/policykg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?a (MIN(STR(?l)) AS ?p) WHERE { ?a a pkg:Agency ; pkg:inJurisdiction/rdfs:label ?l } GROUP BY ?a"""
    return {str(r.a): str(r.p) for r in kg.query(q)}


def markdown(r: dict) -> str:
    out = [f"Co-assignment network of the 27 dev plans: {r['nodes']} agencies, {r['edges']} ties.", "",
           "| top brokers (betweenness) | jurisdiction | betweenness |", "|---|---|---:|"]
    out += [f"| {name} | {place} | {b:.4f} |" for name, place, b in r["brokers"]]
    out += ["", "| community | agencies | jurisdictions | most connected members |", "|---:|---:|---|---|"]
    out += [f"| {k} | {n} | {places} | {top} |" for k, n, places, top in r["communities"]]
    out += ["", f"agency-across-jurisdictions-violation: {len(r['check'])} rows"]
    return "\n".join(out)


if __name__ == "__main__":
    print(markdown(dev_network()))
