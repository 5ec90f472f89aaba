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

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV

from loaders.extract.tools import CODER, CODER_VERSION
from loaders.records import Task
from loaders.vocab.tools import LABEL_CODE, TOOLS, TYPE_SLUGS

from . import iris
from .namespaces import PKG
from .spans import add_span as _span

__all__ = ["TOOL_SCHEME", "tool_iri", "type_iri", "coder_iri", "add_tool_uses"]

TOOL_SCHEME = "https://w3id.org/policykg/vocab/policy-tool"
_NS = TOOL_SCHEME + "/"


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


def coder_iri(coder: str = CODER) -> URIRef:
    """Who coded a tool use: the rule coder of this version, or the reviewer of a correction."""
    if coder == CODER:
        return URIRef(f"{iris.BASE_ID}agent/tool-coder/{CODER_VERSION}")
    return URIRef(f"{iris.BASE_ID}agent/reviewer")


def add_tool_uses(g: Graph, doc_id: str, doc: URIRef, task_iri: URIRef, task: Task) -> None:
    """The triples of a task's tool uses: the shortcuts, the qualified uses, their evidence and coder.

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
    for u in task.tool_uses:
        concept = tool_iri(u.tool)
        code = LABEL_CODE[u.tool]
        use = URIRef(f"{task_iri}/tool/{code}")
        agent = coder_iri(u.coder)
        g.add((task_iri, PKG.deploysTool, concept))
        g.add((task_iri, PKG.hasToolUse, use))
        g.add((use, RDF.type, PKG.ToolUse))
        g.add((use, RDFS.label, Literal(f"{task.id}{task.title}：{TOOLS[code].zh}", lang="zh")))
        g.add((use, PKG.tool, concept))
        g.add((use, PKG.isPrimary, Literal(u.tool == task.primary_tool)))
        g.add((use, PKG.sentenceCount, Literal(u.sentences, datatype=XSD.nonNegativeInteger)))
        g.add((use, PROV.wasDerivedFrom, _span(g, doc_id, doc, u.evidence)))
        g.add((use, PROV.wasAttributedTo, agent))
        if u.coder == CODER:
            g.add((agent, RDF.type, PKG.ToolCoder))
            g.add((agent, RDFS.label, Literal(f"policykg 政策工具编码器 {CODER_VERSION}", lang="zh")))
            g.add((agent, RDFS.label, Literal(f"policykg tool coder {CODER_VERSION}", lang="en")))
        else:
            g.add((agent, RDF.type, PKG.Reviewer))
            g.add((agent, RDFS.label, Literal("审校人（更正）", lang="zh")))
    if task.primary_tool:
        g.add((task_iri, PKG.primaryTool, tool_iri(task.primary_tool)))
