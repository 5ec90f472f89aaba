"""Text → records: reading and parsing policy documents (stdlib + jieba, no rdflib).

The package is laid out as its pipeline:

- `loaders.read` — bytes → decoded text (txt, HTML, DOCX, PDF) and its fold;
- `loaders.extract` — text → records: structure, clauses, tables, targets, metadata, warnings;
- `loaders.vocab` — the words those steps read, as data;
- `loaders.records` (the frozen records) and `loaders.errors` (every error and its exit code);
- `loaders.synthetic` — generated plans for tests and benchmarks, apart from the product code.

Examples
--------
>>> from loaders import load_document, SAMPLE_PLAN
>>> len(load_document(SAMPLE_PLAN).tasks)
12
"""

from loaders.extract.document import SAMPLE_PLAN, document_id, load_document, parse_text

__all__ = ["load_document", "parse_text", "document_id", "SAMPLE_PLAN"]
