"""Building the graph: records → RDF.

- `kg.graph.build` — one or many documents as triples and graphs (`build_graph`);
- `kg.graph.iris` — deterministic IRIs; `kg.graph.namespaces` — the vocabularies and prefixes;
- `kg.graph.ntriples` — fast N-Triples/Turtle writing; `kg.graph.extraction` — the extraction JSON;
- `kg.graph.corpus` — a whole corpus on a process pool; `kg.graph.distributed` — on Dask;
- `kg.graph.lexicon` — the loaders' lexicon generated from the SKOS vocabularies.
"""
