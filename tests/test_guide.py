"""docs/guide.md stays true: its query catalogue follows the .rq headers, its examples give what it shows,
its links land, and the README tells how to start the notebooks."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from kg.sparql.library import catalogue_markdown, list_queries, query_from_text
from kg.sparql.run import run_query
from kg.sparql.store import open_kg

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "guide.md"
README = ROOT / "README.md"


def _update_guide():
    spec = importlib.util.spec_from_file_location("update_guide", ROOT / "scripts" / "update_guide.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _section(text: str, heading: str) -> str:
    return text.split(heading, 1)[1].split("\n## ", 1)[0]


@pytest.fixture(scope="module")
def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample_kg(sample_graph):
    return open_kg(sample_graph)


def test_catalogue_is_in_step_with_the_query_files(guide):
    assert _update_guide().updated(guide) == guide, "run scripts/update_guide.py"
    for checks in (False, True):
        assert catalogue_markdown(checks) in guide
        for q in list_queries(checks=checks):
            assert f"- `{q.name}` — {q.title}" in guide


def test_catalogue_lists_every_query_once():
    lines = catalogue_markdown().splitlines()
    assert len(lines) == len(list_queries()) == len(set(lines))
    assert all(line.startswith("- `") for line in lines)


def test_assignment_sources_example_is_what_the_query_gives(guide, sample_kg):
    block = _section(guide, "## Citing a fact back to its source").split("```bash", 1)[1].split("```", 1)[0]
    shown = [line.split()[:8] for line in block.splitlines() if line.startswith("（")]
    rows = run_query("assignment-sources", {"agency": "区法院"}, graph=sample_kg).plain_rows()
    columns = ("item_id", "as_written", "role_label", "start", "end", "quote", "item_start", "item_end")
    assert shown == [[str(row[c]) for c in columns] for row in rows]
    assert "doc.text[1493:1496] == \"区法院\"" in guide


def test_target_sources_example_runs_and_quotes_the_text(guide, sample_kg, sample_doc):
    text = _section(guide, "## Citing a fact back to its source").split("```sparql", 1)[1].split("```", 1)[0]
    rows = run_query(query_from_text(text, name="target-sources"), graph=sample_kg).plain_rows()
    assert [(r["start"], r["end"]) for r in rows] == [(535, 549), (550, 569), (570, 591)]
    assert all(sample_doc.text[r["start"]:r["end"]] == r["quote"] for r in rows)
    assert {r["sha256"] for r in rows} == {sample_doc.meta.sha256}
    assert rows[0]["quote"] in guide


def _anchor(heading: str) -> str:
    # GitHub's rule: lower case, drop punctuation except - and _, spaces become -.
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_links_land():
    guide = GUIDE.read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#]*)(?:#([^)]*))?\)", guide)
    assert links
    for path, anchor in links:
        file = (GUIDE.parent / path).resolve() if path else GUIDE
        assert file.is_file() and file.is_relative_to(ROOT), path
        if anchor:
            headings = {_anchor(h) for h in re.findall(r"^#{1,4} (.+)$", file.read_text(encoding="utf-8"), re.M)}
            assert anchor in headings, f"{path}#{anchor}"


def test_readme_points_to_notebooks_and_guide():
    readme = README.read_text(encoding="utf-8")
    notebooks = _section(readme, "## Notebooks")
    assert ".venv/bin/pip install -e '.[notebooks]'" in notebooks
    assert ".venv/bin/jupyter lab notebooks/" in notebooks
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        assert f"`{nb.stem}`" in notebooks
    assert "](docs/guide.md)" in _section(readme, "## Researcher's guide")
