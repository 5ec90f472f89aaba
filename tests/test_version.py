"""One version: the package metadata's. The CLI prints it and the ontology declares it."""

from __future__ import annotations

from importlib.metadata import version

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL

import kg
from kg.resources import ontology_path

VERSION = version("policykg")


def test_the_cli_prints_the_package_version(cli):
    run = cli("--version")
    assert run.returncode == 0 and run.stdout.strip() == f"policykg {VERSION}"


def test_kg_knows_its_version():
    assert kg.__version__ == VERSION


def test_the_ontology_declares_the_package_version():
    onto = Graph().parse(ontology_path(), format="turtle")
    iri = URIRef("https://w3id.org/policykg/ontology")
    assert list(onto.objects(iri, OWL.versionInfo)) == [Literal(VERSION)]
    assert list(onto.objects(iri, OWL.versionIRI)) == [URIRef(f"{iri}/{VERSION}")]
