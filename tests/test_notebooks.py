"""The notebooks in notebooks/ run top to bottom without errors, and are committed without outputs.

Each notebook is executed by nbclient in a fresh kernel of *this* interpreter (a temporary kernelspec,
so a ``python3`` kernelspec elsewhere on the machine cannot pick another Python), in a temporary
working directory that receives what the notebooks write (GEXF, PNG, the corpus KG), with a time
limit per cell. The notebooks are generated from notebooks/src/*.py by scripts/make_notebooks.py;
a test checks they are in step.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
CELL_TIMEOUT = 120  # seconds per cell; HermiT on the sample is the slowest cell (~10 s)
KERNEL_NAME = "policykg-notebook-test"

# What each notebook must leave in its working directory (the outputs it promises).
WRITES = {
    "01-explore-the-plan": [],
    "02-coordination-network": ["co-assignment.png", "co-assignment.gexf", "co-assignment.net",
                                "co-assignment.dl", "lead.gexf", "lead.png"],
    "03-ontology-and-reasoning": [],
    "04-corpus": ["corpus-kg/kg.ttl"],
    "05-network-evolution": ["series-kg/kg.ttl", "focus-centrality.png"],
    "06-policy-tools": ["tools-kg/kg.ttl", "tool-types.png"],
}

# Lines each notebook prints: the sample's real numbers (12 tasks and 20 agencies in the gold annotation; the
# README's 19 agencies / 90 ties / weight 237 and 23 arcs / weight 60), the reasoner's and SHACL's verdicts.
PRINTS = {
    "01-explore-the-plan": ["key tasks     12", "agencies      20", "区法院 — 牵头, task （三）, characters 1493–1496",
                            "tasks-led → tasks-led-by-agency | 长寿区市场监督管理局",
                            "长寿区的GDP是多少？ → not-understood"],
    "02-coordination-network": ["19 agencies, 90 ties, total weight 237", "19 agencies, 23 arcs, total weight 60",
                                "top broker: 区市场监管局 — leads 10 tasks"],
    "03-ontology-and-reasoning": ["consistent    yes", "pkg:JudicialBody         asserted: 0   with inferences: 区检察院、区法院",
                                  "conforms: NO — 2 problem(s)", "QuoteMatchesTextShape",
                                  "is both pkg:Court (人民法院) and pkg:GovernmentDepartment (政府部门)"],
    "04-corpus": ["documents  6", "valid      yes"],
    "05-network-evolution": ["matches series.expected_degree: True", "every document is dated",
                             "十四五: 4 documents"],
    # the codebook's Appendix A: no demand-side tool in the sample, and the coder's primary tools are its own
    "06-policy-tools": ["documents  6", "需求型 in changshou-ip-plan: 0.0 %",
                        "primary tool as the codebook's worked examples: 12/12"],
}


def _make_notebooks():
    spec = importlib.util.spec_from_file_location("make_notebooks", ROOT / "scripts" / "make_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_five_notebooks_are_there():
    assert [p.stem for p in NOTEBOOKS] == list(WRITES) == list(PRINTS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebook_carries_no_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
             and (cell.get("outputs") or cell.get("execution_count") is not None)]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs or execution counts; clear them (or regenerate: " \
                      "python scripts/make_notebooks.py)"
    assert not any("attachments" in cell for cell in nb.cells), f"{path.name}: a cell carries attachments"


def test_notebooks_match_their_sources():
    make = _make_notebooks()
    assert [src.stem for src, _ in make.targets()] == list(WRITES)
    stale = make.stale()
    assert not stale, f"{[p.name for p in stale]} differ from notebooks/src; run scripts/make_notebooks.py"


def test_stripping_check_sees_an_output(tmp_path):
    """The no-outputs check is not vacuous: an executed cell's output and count are found."""
    nb = nbformat.read(NOTEBOOKS[0], as_version=4)
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="x\n")]
    code.execution_count = 1
    dirty = tmp_path / NOTEBOOKS[0].name
    nbformat.write(nb, dirty)
    with pytest.raises(AssertionError, match="carry outputs"):
        test_committed_notebook_carries_no_outputs(dirty)


@pytest.fixture(scope="module")
def kernel_name(tmp_path_factory):
    """A kernelspec for the interpreter running the tests, found only through JUPYTER_PATH."""
    jupyter = tmp_path_factory.mktemp("jupyter")
    spec_dir = jupyter / "kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "policykg (tests)",
        "language": "python",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_PATH", str(jupyter))
        mp.setenv("JUPYTER_RUNTIME_DIR", str(jupyter / "runtime"))
        mp.setenv("IPYTHONDIR", str(jupyter / "ipython"))
        yield KERNEL_NAME


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_without_errors(path, kernel_name, tmp_path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name=kernel_name,
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError with the cell and traceback on the first error
    errors = [out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs
              if out.output_type == "error"]
    assert not errors
    # Every code cell ran, and the cells meant to show something did.
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code)
    assert sum(bool(c.outputs) for c in code) >= len(code) // 2
    printed = "".join(out.get("text", "") for c in code for out in c.outputs if out.output_type == "stream")
    for line in PRINTS[path.stem]:
        assert line in printed, f"{path.stem} did not print {line!r}"
    for name in WRITES[path.stem]:
        assert (tmp_path / name).is_file(), f"{path.stem} did not write {name}"
