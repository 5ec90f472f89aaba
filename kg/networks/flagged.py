"""Networks without the doubtful tasks: ``policykg metrics/graph --exclude-flagged``.

A key task an extraction warning of level ``check`` concerns (`kg.graph.flags`) probably has wrong units or
roles. Leaving those tasks out of the networks shows whether a finding (a broker, a core, a community)
survives without them. `exclude_flagged` removes, from an opened KG, what makes a task count in the
projections of `kg.networks.projection` — its type ``pkg:KeyTask``, its lead and cooperating agencies and its
responsibilities — so every projection, by agency or by function and over time, leaves it out. The KG file is
never changed; corrected tasks (a researcher's correction) stay, since their facts are the corrected ones.
"""

from __future__ import annotations

from typing import Any

from rdflib import RDF, URIRef

from ..graph.namespaces import PKG

__all__ = ["flagged_tasks", "exclude_flagged"]


def flagged_tasks(graph: Any) -> list[str]:
    """The IRIs of the key tasks of ``graph`` that a ``check`` warning concerns (library query
    ``flagged-tasks``), in document order."""
    from ..sparql.run import run_query

    return [str(r["task"]) for r in run_query("flagged-tasks", graph=graph).plain_rows() if r["checks"]]


def exclude_flagged(graph: Any) -> list[str]:
    """Remove from ``graph`` (in place) the facts that put flagged key tasks in the networks; the IRIs of
    the tasks left out.

    Examples
    --------
    >>> import dataclasses
    >>> from kg.graph.build import build_graph
    >>> from kg.networks.projection import co_assignment_network
    >>> from loaders.extract.document import parse_text
    >>> from loaders.records import ExtractionWarning
    >>> doc = parse_text("三、重点任务\\n（一）完善政策。内容。（责任单位：区科技局，配合单位：区财政局）\\n"
    ...                  "（二）加强保护。内容。（责任单位：区科技局，配合单位：区法院）", doc_id="d")
    >>> w = ExtractionWarning("lead-rule", "lead rule not applied", doc.tasks[1].span, "check", ("1.2",))
    >>> g = build_graph([dataclasses.replace(doc, warnings=(w,))])
    >>> co_assignment_network(g).number_of_edges()
    2
    >>> [t.rsplit("/", 1)[-1] for t in exclude_flagged(g)]
    ['1.2']
    >>> co_assignment_network(g).number_of_edges()
    1
    """
    left_out = flagged_tasks(graph)
    for iri in left_out:
        task = URIRef(iri)
        for r in list(graph.objects(task, PKG.hasResponsibility)):
            graph.remove((r, None, None))
        for p in (PKG.hasResponsibility, PKG.leadAgency, PKG.cooperatingAgency):
            graph.remove((task, p, None))
        graph.remove((task, RDF.type, PKG.KeyTask))
    return left_out
