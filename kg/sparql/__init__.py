"""Storing and querying the graph — the embedded store, a SPARQL endpoint, Virtuoso.

- `kg.sparql.store` — the embedded Oxigraph store (`open_kg`);
- `kg.sparql.library` — the named queries of ``queries/`` (`load_query`, `list_queries`);
- `kg.sparql.run` — `run_query`, which uses `kg.sparql.parameters` (typed parameters),
  `kg.sparql.local` / `kg.sparql.remote` (where a query runs) and `kg.sparql.results`
  (`QueryResult`, tables, CSV, JSON);
- `kg.sparql.text` — writing terms into SPARQL text (a leaf: no other policykg imports but errors);
- `kg.sparql.dialects` — what differs on Virtuoso; `kg.sparql.endpoint` — serve and push (Oxigraph
  server); `kg.sparql.virtuoso` — load and serve large corpora on Virtuoso.
"""
