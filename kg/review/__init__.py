"""Checking and correcting an extraction: warnings, the review workbook, corrections, provenance.

- `kg.review.warnings` — the extraction warnings as JSON (``policykg extract``) and in a build's output
  folder (``OUT/warnings.json``), with the one-line count ``policykg build`` prints per document;
- `kg.review.workbook` — ``policykg review``: the workbook (or CSV files) a researcher checks and edits;
- `kg.review.corrections` — the corrections (changes keyed by the document's SHA-256 and the task's
  number) and how they apply to the records on every build; `kg.review.files` reads them from the
  workbook, a review CSV sheet, or a small CSV/YAML change list;
- `kg.review.provenance` — the PROV-O triples that mark each corrected fact in the KG: what was
  extracted, what replaced it, and from which corrections file.
"""
