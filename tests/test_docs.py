"""``policykg docs``: pyLODE HTML for the ontology and each vocabulary."""

from __future__ import annotations

import html
import subprocess
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import OWL, SKOS

from kg.resources import ontology_path, vocab_paths

PKG_NS = "https://w3id.org/policykg/ontology#"


@pytest.fixture(scope="module")
def docs_dir(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    from tests.conftest import run_cli

    out = tmp_path_factory.mktemp("docs")
    return out, run_cli("docs", "-o", str(out))


def _page(path: Path) -> str:
    return html.unescape(path.read_text(encoding="utf-8"))


def test_docs_command_writes_the_pages(docs_dir) -> None:
    out, proc = docs_dir
    assert proc.returncode == 0, proc.stderr
    vocab_pages = [out / "vocab" / f"{p.stem}.html" for p in vocab_paths()]
    expected = [out / "ontology.html", *vocab_pages, out / "index.html"]
    for path in expected:
        assert path.is_file(), path
        assert f"wrote {path}" in proc.stdout
        assert path.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert not list(out.rglob(".*.tmp")), "temporary file left behind"
    index = (out / "index.html").read_text(encoding="utf-8")
    for path in expected[:-1]:
        assert f'href="{path.relative_to(out).as_posix()}"' in index


def test_ontology_page_mentions_every_class_label(docs_dir) -> None:
    out, _ = docs_dir
    page = _page(out / "ontology.html")
    onto = Graph().parse(ontology_path(), format="turtle")
    classes = [c for c in onto.subjects(RDF.type, OWL.Class)
               if isinstance(c, URIRef) and str(c).startswith(PKG_NS)]
    assert len(classes) >= 29
    missing = [(c, str(label)) for c in classes for label in onto.objects(c, RDFS.label)
               if str(label) not in page]
    assert not missing
    for term in ("LeadAgency", "JudicialBody", "worksOnIPType", "fullText"):
        assert PKG_NS + term in page or f"#{term}" in page, term


@pytest.mark.parametrize("vocab", [p.name for p in vocab_paths()])
def test_vocabulary_pages_mention_every_concept(docs_dir, vocab: str) -> None:
    out, _ = docs_dir
    source = next(p for p in vocab_paths() if p.name == vocab)
    page = _page(out / "vocab" / f"{source.stem}.html")
    g = Graph().parse(source, format="turtle")
    labels = {str(o) for c in g.subjects(RDF.type, SKOS.Concept) for o in g.objects(c, SKOS.prefLabel)
              if o.language == "zh"}
    assert len(labels) >= 7
    assert not [label for label in labels if label not in page]


def test_model_example_is_the_sample_kg(sample_graph: Graph) -> None:
    """docs/reasoning.md's Turtle example of a task, its responsibilities and provenance is real sample
    data, and the README's section on reasoning names the commands and links the page."""
    root = Path(__file__).resolve().parents[1]
    section = (root / "docs" / "reasoning.md").read_text(encoding="utf-8")
    readme = (root / "README.md").read_text(encoding="utf-8")
    readme = readme.split("## Reasoning, validation and ontology docs", 1)[1].split("\n## ", 1)[0]
    assert "](docs/reasoning.md)" in readme
    block = section.split("```turtle", 1)[1].split("```", 1)[0]
    example = Graph().parse(data=block, format="turtle")
    assert len(example) >= 20
    assert not [t for t in example if t not in sample_graph]
    for command in ("policykg validate", "policykg reason", "policykg docs -o"):
        assert command in section and command in readme
