"""Reasoning, validation and documentation of the graph.

- `kg.reasoning.validate` — SHACL validation against ``ontology/shapes.ttl``;
- `kg.reasoning.reason` — OWL 2 RL rules and the HermiT consistency check (owlready2);
- `kg.reasoning.docs` — HTML documentation of the ontology (pyLODE).
"""
