"""SPARQL queries that project the KG onto agency networks (see ``kg.networks``)."""
