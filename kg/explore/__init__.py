"""Explore the graph in a browser: ``policykg explore`` serves a read-only web application on 127.0.0.1.

Pages for every kind of node — a corpus overview, documents (with the full text and each extracted
fact highlighted at its span), key tasks, agencies (with their network measures), IP types,
industries and targets — a search box, the agency networks in the offline viewer with downloads, a
question box (`kg.ask`) and a SPARQL editor. The project's IRIs resolve: ``/id/…`` answers a browser
with the page and a linked-data client with Turtle or JSON-LD (``Accept`` or the suffix ``.ttl`` /
``.jsonld``).

- `kg.explore.data` — `Explorer`: the KG (a file or an endpoint) and the queries of ``queries/explore``;
- `kg.explore.pages` — what each page shows; `kg.explore.highlight` — the marked-up full text;
- `kg.explore.editor` — the SPARQL editor's read-only queries, stopped at their time limit;
- `kg.explore.app` — the Starlette application, content negotiation and `serve` (needs
  ``pip install 'policykg[explore]'``).
"""

from __future__ import annotations

__all__: list[str] = []
