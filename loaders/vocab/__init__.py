"""The words the loaders read, as data: one table for each kind of word.

- `punctuation` — brackets (the one bracket table), list separators, the forms the fold maps;
- `numbering` — every style an item may be numbered in;
- `clauses` — the grammars of labels, lead rules, collectives, standing notes and fields, role verbs;
- `targets` — units, goal verbs, words that rule a number out; `relations` — relation words, periods;
- `metadata` — 文号 prefixes and issuers; `tools` — the policy-tool codebook's cues and rules;
- `lexicon` (``lexicon.json``) and `places` (``places.json``) — generated from ``ontology/vocab/`` by
  ``policykg lexicon``: agency names, IP types, industries, administrative divisions.
"""
