"""Rewrite the generated blocks of docs/guide.md (the query catalogue and the QC checks) and of the
README (the catalogue) from the .rq headers.

A block sits between ``<!-- BEGIN name … -->`` and ``<!-- END name -->``; everything else in the files
is hand-written. ::

    .venv/bin/python scripts/update_guide.py          # after adding or editing a query
    .venv/bin/python scripts/update_guide.py --check  # exit 1 if the guide is out of step (tests check too)
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from kg.io import atomic_write_text
from kg.sparql.library import catalogue_markdown

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "guide.md"
README = ROOT / "README.md"

#: block name → its generated Markdown
BLOCKS = {
    "queries": lambda: catalogue_markdown(checks=False),
    "checks": lambda: catalogue_markdown(checks=True),
}

#: file → the blocks it holds
FILES = {GUIDE: BLOCKS, README: {"readme-queries": lambda: catalogue_markdown(checks=False)}}


def updated(text: str, blocks: dict = BLOCKS, path: Path = GUIDE) -> str:
    """``text`` (of ``path``) with every generated block replaced by its current content."""
    for name, make in blocks.items():
        pattern = re.compile(rf"(<!-- BEGIN {name}\b[^>]*-->\n)(.*?)(<!-- END {name} -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"{path}: no <!-- BEGIN {name} --> … <!-- END {name} --> block")
        text = pattern.sub(lambda m, make=make: m.group(1) + make() + m.group(3), text)
    return text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only report whether the files are in step")
    args = ap.parse_args(argv)
    stale = 0
    for path, blocks in FILES.items():
        current = path.read_text(encoding="utf-8")
        fresh = updated(current, blocks, path)
        if fresh == current:
            continue
        if args.check:
            print(f"{path}: the query catalogue is out of step with queries/; run scripts/update_guide.py",
                  file=sys.stderr)
            stale += 1
        else:
            atomic_write_text(path, fresh)
            print(f"updated {path}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
