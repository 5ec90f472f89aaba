"""docs/scaling.md stays true: it is exactly what benchmarks/scaling.py writes from the committed
benchmark figures (benchmarks/results/scaling-input.json), and the benchmark section that measures those
figures runs end to end (quick mode: the figures are reported, never asserted as times)."""

from __future__ import annotations

import doctest
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INPUT = ROOT / "benchmarks" / "results" / "scaling-input.json"


def test_the_sizing_page_is_the_scripts_output_on_the_committed_figures():
    from benchmarks import scaling

    expected = scaling.render(json.loads(INPUT.read_text(encoding="utf-8")))
    page = (ROOT / "docs" / "scaling.md").read_text(encoding="utf-8")
    assert page == expected, ("docs/scaling.md differs from the script's output: run .venv/bin/python "
                              "benchmarks/scaling.py benchmarks/results/scaling-input.json > docs/scaling.md")


def test_the_committed_figures_are_a_full_run():
    results = json.loads(INPUT.read_text(encoding="utf-8"))
    assert results["mode"] == "full"
    s = results["scaling"]
    assert s["plans"] >= 100 and s["dask_local"]["valid"] and s["dask_local"]["documents"] == s["plans"]
    assert s["cluster"] and s["cluster"]["documents"] == s["plans"]
    assert s["virtuoso"] and s["virtuoso"]["ok"] and s["virtuoso"]["triples"] > 100_000
    assert [b["plans"] for b in results["build"]] == [10, 100, 1000]


def test_the_scripts_number_formats():
    from benchmarks import scaling

    assert doctest.testmod(scaling).failed == 0


@pytest.mark.skipif(not (ROOT / ".venv").exists(), reason="needs the project's environment")
def test_the_scaling_section_runs_and_the_page_renders_from_it(tmp_path):
    out = tmp_path / "scaling.json"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--sections",
                           "scaling", "--json", str(out)], capture_output=True, text=True, timeout=1200, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    s = results["scaling"]
    assert s["plans"] == 6 and s["dask_local"]["documents"] == 6 and s["dask_local"]["valid"]
    assert s["stages"]["documents"] == 5 and s["stages"]["conforming"] == 5  # the first one warms up
    assert s["stages"]["extract_s"] > 0 and s["stages"]["validate_s"] > 0 and s["sample"]["triples"] > 1000
    assert s["cluster"]["documents"] == 6
    assert s["embedded"]["triples"] > s["dask_local"]["unique_triples"]  # + ontology and vocabularies
    if s["virtuoso"] is not None:
        assert s["virtuoso"]["ok"] and s["virtuoso"]["triples"] > s["dask_local"]["unique_triples"]
    assert "## Scaling figures (6 generated plans)" in proc.stdout
    results["mode"] = "quick"
    results.setdefault("build", [])
    from benchmarks import scaling

    page = scaling.render(results)
    assert "| 1,000,000 |" in page and "## Where one machine stops" in page
