"""Policy tools in the graph: each task's tool uses (`loaders.extract.tools`) as RDF.

.. code-block:: turtle

    <doc/plan/task/3.1> pkg:deploysTool pkgpt:regulation , pkgpt:public-funding ;
        pkg:primaryTool pkgpt:regulation ;
        pkg:hasToolUse <doc/plan/task/3.1/tool/E4> .
    <doc/plan/task/3.1/tool/E4> a pkg:ToolUse ;
        pkg:tool pkgpt:regulation ; pkg:isPrimary true ; pkg:sentenceCount 2 ;
        prov:wasDerivedFrom <doc/plan/span/990-1010> ;            # the first clause that deploys it
        prov:wasAttributedTo <agent/tool-coder/1.0> .             # or <agent/reviewer> after a correction
    <agent/tool-coder/1.0> a pkg:ToolCoder ; rdfs:label "policykg 政策工具编码器 1.0"@zh .

The concepts are those of ``ontology/vocab/policy-tools.ttl``.
"""

from __future__ import annotations

from functools import cache

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import PROV

from loaders.extract.tools import CODER, CODER_VERSION
from loaders.records import Task
from loaders.vocab.tools import LABEL_CODE, TOOLS, TYPE_SLUGS

from . import iris
from .namespaces import PKG, CachedTerms
from .spans import add_span as _span
from .terms import terms_of

__all__ = ["TOOL_SCHEME", "tool_iri", "type_iri", "coder_iri", "add_tool_uses"]

_PKG, _PROV, _TYPE, _LABEL = CachedTerms(PKG), CachedTerms(PROV), RDF.type, RDFS.label

TOOL_SCHEME = "https://w3id.org/policykg/vocab/policy-tool"
_NS = TOOL_SCHEME + "/"


@cache
def tool_iri(label: str) -> URIRef:
    """The concept of a sub-tool, from its label (``环境型/税收优惠``) or code (``E3``).

    Examples
    --------
    >>> str(tool_iri("环境型/税收优惠"))
    'https://w3id.org/policykg/vocab/policy-tool/tax-fee-relief'
    """
    code = LABEL_CODE.get(label, label)
    return URIRef(_NS + TOOLS[code].slug)


def type_iri(type_zh: str) -> URIRef:
    """The concept of a type of tool (``供给型``)."""
    return URIRef(_NS + TYPE_SLUGS[type_zh])


@cache
def coder_iri(coder: str = CODER) -> URIRef:
    """Who coded a tool use: the rule coder of this version, or the reviewer of a correction."""
    if coder == CODER:
        return URIRef(f"{iris.BASE_ID}agent/tool-coder/{CODER_VERSION}")
    return URIRef(f"{iris.BASE_ID}agent/reviewer")


def add_tool_uses(g: Graph, doc_id: str, doc: URIRef, task_iri: URIRef, task: Task,
                  task_name: str | None = None) -> None:
    """The triples of a task's tool uses: the shortcuts, the qualified uses, their evidence and coder.

    ``g`` is any sink with ``add((s, p, o))``, making its terms with `kg.graph.terms.terms_of`;
    ``task_iri`` is the task's term in that sink and ``task_name`` its IRI as a string (default:
    ``str(task_iri)``, right for rdflib terms).

    Examples
    --------
    >>> from rdflib import Graph
    >>> from loaders.extract.document import parse_text
    >>> text = "三、重点任务\\n（一）落实税收优惠。对小微企业减半征收房产税。（责任单位：区税务局）"
    >>> d = parse_text(text, doc_id="d")
    >>> g = Graph()
    >>> add_tool_uses(g, "d", URIRef(iris.doc_iri("d")), URIRef("urn:t"), d.tasks[0])
    >>> [str(o).rsplit("/", 1)[1] for o in g.objects(URIRef("urn:t"), PKG.primaryTool)]
    ['tax-fee-relief']
    """
    t = terms_of(g)
    add = g.add
    task_name = str(task_iri) if task_name is None else task_name
    for u in task.tool_uses:
        concept = tool_iri(u.tool)
        code = LABEL_CODE[u.tool]
        use = t.iri(f"{task_name}/tool/{code}")
        agent = coder_iri(u.coder)
        add((task_iri, _PKG.deploysTool, concept))
        add((task_iri, _PKG.hasToolUse, use))
        add((use, _TYPE, _PKG.ToolUse))
        add((use, _LABEL, t.lang(f"{task.id}{task.title}：{TOOLS[code].zh}", "zh")))
        add((use, _PKG.tool, concept))
        add((use, _PKG.isPrimary, t.boolean(u.tool == task.primary_tool)))
        add((use, _PKG.sentenceCount, t.non_negative(u.sentences)))
        add((use, _PROV.wasDerivedFrom, _span(g, doc_id, doc, u.evidence)))
        add((use, _PROV.wasAttributedTo, agent))
        if u.coder == CODER:
            add((agent, _TYPE, _PKG.ToolCoder))
            add((agent, _LABEL, t.lang(f"policykg 政策工具编码器 {CODER_VERSION}", "zh")))
            add((agent, _LABEL, t.lang(f"policykg tool coder {CODER_VERSION}", "en")))
        else:
            add((agent, _TYPE, _PKG.Reviewer))
            add((agent, _LABEL, t.lang("审校人（更正）", "zh")))
    if task.primary_tool:
        add((task_iri, _PKG.primaryTool, tool_iri(task.primary_tool)))
