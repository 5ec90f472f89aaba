"""Write ``notebooks/*.ipynb`` from their sources in ``notebooks/src/*.py`` (percent format).

The sources are plain Python, so they are linted, diffed and reviewed like the rest of the code;
the committed notebooks carry no outputs and no execution counts. A cell starts at a line
``# %%`` (code) or ``# %% [markdown]`` (markdown: every line a comment, ``# `` is stripped)::

    .venv/bin/python scripts/make_notebooks.py          # rewrite the notebooks
    .venv/bin/python scripts/make_notebooks.py --check  # exit 1 if a notebook differs from its source

tests/test_notebooks.py runs the check, so a notebook edited in Jupyter and saved over its
generated file is noticed: copy the change into the source and regenerate.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

from kg.io import atomic_write_text

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SOURCES = NOTEBOOKS / "src"

_KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def _cells(text: str) -> list[tuple[str, str]]:
    """(kind, source) pairs of a percent-format file; text before the first marker is dropped."""
    cells: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line.startswith("# %%"):
            cells.append(("markdown" if "[markdown]" in line else "code", []))
        elif cells:
            cells[-1][1].append(line)
    out = []
    for kind, lines in cells:
        if kind == "markdown":
            lines = [ln[2:] if ln.startswith("# ") else ln.removeprefix("#") for ln in lines]
        source = "\n".join(lines).strip("\n")
        if source:
            out.append((kind, source))
    return out


def notebook_from_source(path: Path) -> nbformat.NotebookNode:
    """The notebook for one percent-format source: no outputs, stable cell ids."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": dict(_KERNELSPEC), "language_info": {"name": "python"}}
    for i, (kind, source) in enumerate(_cells(path.read_text(encoding="utf-8"))):
        make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
        nb.cells.append(make(source, id=f"cell-{i:02d}"))
    nbformat.validate(nb)
    return nb


def notebook_text(path: Path) -> str:
    return nbformat.writes(notebook_from_source(path)) + "\n"


def targets() -> list[tuple[Path, Path]]:
    """(source, notebook) pairs."""
    return [(src, NOTEBOOKS / f"{src.stem}.ipynb") for src in sorted(SOURCES.glob("[0-9]*.py"))]


def stale() -> list[Path]:
    """Notebooks that differ from (or are missing for) their source."""
    return [nb for src, nb in targets()
            if not nb.is_file() or nb.read_text(encoding="utf-8") != notebook_text(src)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only report stale notebooks")
    args = ap.parse_args(argv)
    if args.check:
        bad = stale()
        for nb in bad:
            print(f"{nb.relative_to(ROOT)} differs from notebooks/src/{nb.stem}.py; "
                  "run scripts/make_notebooks.py", file=sys.stderr)
        return 1 if bad else 0
    for src, nb in targets():
        atomic_write_text(nb, notebook_text(src))
        print(f"wrote {nb.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
