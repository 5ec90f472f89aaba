"""Lookup queries that resolve a label given as a query parameter to an IRI."""
