"""Extraction: decoded text → frozen records, in the steps of `loaders.extract.document`.

- `structure` — numbered items and their nesting; `tables` — task tables;
- `clauses` — responsibility clauses (who leads, who cooperates) and the document's lead rule;
- `targets` — numeric targets, goal years, cited documents; `metadata` — title, issuer, 文号, date, period;
- `mentions` — IP types and industries; `agencies` — names as written → gazetteer entries;
- `relations` — documents a plan implements, is based on, supersedes or amends;
- `warnings` — where the extractor is unsure, with spans.

The words these steps read are data in `loaders.vocab`; none of these modules holds its own.
"""

from loaders.extract.document import SAMPLE_PLAN, document_id, load_document, parse_text

__all__ = ["load_document", "parse_text", "document_id", "SAMPLE_PLAN"]
