"""Text → records: reading and parsing policy documents (stdlib + jieba, no rdflib)."""
