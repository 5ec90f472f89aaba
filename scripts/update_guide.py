"""Rewrite the generated blocks of docs/guide.md: the query catalogue and the QC checks, from the .rq headers.

A block sits between ``<!-- BEGIN name … -->`` and ``<!-- END name -->``; everything else in the guide
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

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "guide.md"

#: block name → its generated Markdown
BLOCKS = {
    "queries": lambda: catalogue_markdown(checks=False),
    "checks": lambda: catalogue_markdown(checks=True),
}


def updated(text: str) -> str:
    """``text`` with every generated block replaced by its current content."""
    for name, make in BLOCKS.items():
        pattern = re.compile(rf"(<!-- BEGIN {name}\b[^>]*-->\n)(.*?)(<!-- END {name} -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"{GUIDE}: no <!-- BEGIN {name} --> … <!-- END {name} --> block")
        text = pattern.sub(lambda m, make=make: m.group(1) + make() + m.group(3), text)
    return text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only report whether the guide is in step")
    args = ap.parse_args(argv)
    current = GUIDE.read_text(encoding="utf-8")
    fresh = updated(current)
    if args.check:
        if fresh != current:
            print(f"{GUIDE}: the query catalogue is out of step with queries/; run scripts/update_guide.py",
                  file=sys.stderr)
            return 1
        return 0
    if fresh != current:
        atomic_write_text(GUIDE, fresh)
        print(f"updated {GUIDE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
