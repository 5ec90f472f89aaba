"""policykg: Chinese government policy documents as a knowledge graph.

The everyday entry points, importable from ``kg`` directly (as networkx does); each is loaded on first
use, so ``import kg`` and ``policykg --help`` stay fast:

=====================  ======================================================================
``load_document``      read one document (.txt, .html, .docx, .pdf) into records (`loaders`)
``parse_text``         the same for text already in memory
``build_graph``        records → an rdflib graph (`kg.graph.build`)
``build_corpus``       a folder of documents → a validated ``kg.ttl`` (`kg.graph.corpus`)
``open_kg``            a KG file on the embedded Oxigraph store (`kg.sparql.store`)
``run_query``          a library query or ``.rq`` file with bound parameters (`kg.sparql.run`)
``query_from_text``    a query written in Python, run like a library query (`kg.sparql.library`)
``validate_graph``     SHACL validation (`kg.reasoning.validate`)
``reason``             OWL 2 RL inferences and the consistency check (`kg.reasoning.reason`)
``network_from_file``  an agency network from a KG file (`kg.networks.projection`)
``write_network``      a network as GEXF, GraphML, Pajek, CSV, HTML, PNG … (`kg.networks.exports`)
``ask``                a question in plain Chinese answered from the graph (`kg.ask`)
=====================  ======================================================================

The subpackages group the rest by concern: `kg.graph` (building the graph), `kg.sparql` (storing
and querying it: embedded, remote, Virtuoso), `kg.reasoning` (reasoning, validation, docs) and
`kg.networks` (networks, measures, exports); `kg.ask` reads questions in Chinese (the package is
callable: ``kg.ask("区法院牵头哪些任务？", data="out/kg.ttl")``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: public name -> the module that defines it
_PUBLIC = {
    "load_document": "loaders.extract.document",
    "parse_text": "loaders.extract.document",
    "build_graph": "kg.graph.build",
    "build_corpus": "kg.graph.corpus",
    "open_kg": "kg.sparql.store",
    "run_query": "kg.sparql.run",
    "query_from_text": "kg.sparql.library",
    "validate_graph": "kg.reasoning.validate",
    "reason": "kg.reasoning.reason",
    "network_from_file": "kg.networks.projection",
    "write_network": "kg.networks.exports",
}

#: public names that are subpackages, callable themselves (``kg.ask(…)`` and ``kg.ask.Asker``)
_CALLABLE_PACKAGES = {"ask": "kg.ask"}

__all__ = [
    "ask", "build_corpus", "build_graph", "load_document", "network_from_file", "open_kg", "parse_text",
    "query_from_text", "reason", "run_query", "validate_graph", "write_network",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors; at run time see __getattr__
    from loaders.extract.document import load_document, parse_text

    from . import ask
    from .graph.build import build_graph
    from .graph.corpus import build_corpus
    from .networks.exports import write_network
    from .networks.projection import network_from_file
    from .reasoning.reason import reason
    from .reasoning.validate import validate_graph
    from .sparql.library import query_from_text
    from .sparql.run import run_query
    from .sparql.store import open_kg


def __getattr__(name: str) -> Any:
    # PEP 562: import the defining module on first use of a public name.
    if name == "__version__":  # one version: the installed package's metadata
        from importlib.metadata import version

        return version("policykg")
    if name in _CALLABLE_PACKAGES:
        package = importlib.import_module(_CALLABLE_PACKAGES[name])
        globals()[name] = package
        return package
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
