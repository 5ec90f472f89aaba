"""The words the loaders read, as data: one table for each kind of word.

- `punctuation` — brackets, list separators, sentence ends (the one bracket table);
- `clauses` — role labels, role verbs, lead-rule grammar, collectives, notes that are not units;
- `targets` — units, goal verbs, words that rule a number out; `relations` — relation words, periods;
- `lexicon` (``lexicon.json``) and `places` (``places.json``) — generated from ``ontology/vocab/`` by
  ``policykg lexicon``: agency names, IP types, industries, administrative divisions.
"""
