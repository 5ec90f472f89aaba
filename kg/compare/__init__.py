"""Comparing two plans of one KG: which tasks correspond, who is responsible for them in each, which
targets and agencies differ (``policykg compare A B``).

One topic per module: `kg.compare.align` (task text → similarity → one-to-one assignment),
`kg.compare.data` (what is read from the KG, through ``queries/compare/*.rq``), `kg.compare.compare`
(the comparison records) and `kg.compare.outputs` (table, JSON, workbook). The method, its
measured precision and recall and the choice of threshold: docs/compare.md.
"""

from __future__ import annotations

from .align import MIN_Z, THRESHOLD, TITLE_WEIGHT, align, similarity
from .compare import Comparison, MatchedTask, TargetComparison, TaskSide, compare_documents
from .data import Endpoint, UnknownDocument, find_document
from .outputs import comparison_sheets, format_table, to_dict, to_json, write_comparison

__all__ = ["THRESHOLD", "TITLE_WEIGHT", "MIN_Z", "align", "similarity", "Comparison", "MatchedTask",
           "TargetComparison", "TaskSide", "compare_documents", "Endpoint", "UnknownDocument",
           "find_document", "comparison_sheets", "format_table", "to_dict", "to_json", "write_comparison",
           "compare_kg"]


def compare_kg(data, a: str, b: str, threshold: float = THRESHOLD, title_weight: float = TITLE_WEIGHT,
               min_z: float = MIN_Z) -> Comparison:
    """Open the KG file(s) ``data`` (a file, a build folder or several files) and compare ``a`` with ``b``
    (what ``policykg compare`` does). ``data`` may also be an `Endpoint`: the KG on a SPARQL server.

    Examples
    --------
    >>> c = compare_kg("out/kg.ttl", "changshou-ip-plan", "changshou-ip-plan")
    >>> c.a.id, len(c.matched)
    ('changshou-ip-plan', 12)
    """
    from ..sparql.run import kg_files
    from ..sparql.store import KGReadError, open_kg

    if isinstance(data, Endpoint):
        return compare_documents(data, a, b, threshold, title_weight, min_z)
    try:
        graph = open_kg(kg_files(data))
    except FileNotFoundError as exc:
        raise KGReadError(f"{exc.filename or data}: no such KG file") from None
    return compare_documents(graph, a, b, threshold, title_weight, min_z)
