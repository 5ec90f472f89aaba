"""Ontology documentation: render ``ontology/policykg.ttl`` and the SKOS vocabularies to HTML with pyLODE.

``policykg docs -o DIR`` writes::

    DIR/index.html          links to the pages below
    DIR/ontology.html       the OWL ontology (pyLODE OntPub profile): classes, properties, individuals
    DIR/vocab/<name>.html   each vocabulary (pyLODE VocPub profile): concepts, labels, hierarchy

Every page is written through a temporary file and renamed, so an interrupted run leaves the
previous documentation as it was.
"""

from __future__ import annotations

import html
import importlib.metadata
import logging
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import ExitCode, PolicyKGError, require
from ..io import atomic_write_text
from ..resources import ontology_path, vocab_paths

__all__ = ["render_docs", "DocsError"]


class DocsError(PolicyKGError):
    """pyLODE cannot render a file (one line for the user)."""

    exit_code = ExitCode.DOCS


def _pylode():
    """Import pyLODE, working around wheels that cannot import their own version.

    pyLODE 3.4.1 reads ``__version__`` from a ``pyproject.toml`` beside the package, which its
    wheel does not ship, so ``import pylode`` raises FileNotFoundError. The version is only printed
    in the page footer: give it the installed distribution's version instead.
    """
    try:
        import pylode
    except FileNotFoundError:
        for name in [n for n in sys.modules if n == "pylode" or n.startswith("pylode.")]:
            del sys.modules[name]
        shim = types.ModuleType("pylode.version")
        shim.__version__ = importlib.metadata.version("pylode")
        sys.modules["pylode.version"] = shim
        import pylode
    except ImportError:
        return require("pylode", extra="docs", package="pyLODE")  # one line naming the extra
    return pylode


@contextmanager
def _quiet_logging() -> Iterator[None]:
    # pyLODE logs every background ontology it loads at INFO on the root logger.
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.WARNING)
    try:
        yield
    finally:
        root.setLevel(level)


def _index(pages: list[tuple[str, str, str]]) -> str:
    items = "\n".join(
        f'    <li><a href="{html.escape(href)}">{html.escape(title)}</a> — {html.escape(what)}</li>'
        for href, title, what in pages
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>policykg ontology documentation</title>
  <style>body {{ font-family: sans-serif; max-width: 48em; margin: 2em auto; line-height: 1.5; }}</style>
</head>
<body>
  <h1>policykg ontology documentation / 政策知识图谱本体文档</h1>
  <p>Generated with pyLODE from <code>ontology/policykg.ttl</code> and <code>ontology/vocab/*.ttl</code>.</p>
  <ul>
{items}
  </ul>
</body>
</html>
"""


def render_docs(out_dir: str | Path) -> list[Path]:
    """Render the ontology and each vocabulary to HTML in ``out_dir``; return the files written.

    Parameters
    ----------
    out_dir : str or Path
        The directory to write to (created if missing).

    Returns
    -------
    list of Path
        ``index.html`` last.

    Raises
    ------
    DocsError
        When pyLODE is not installed or fails on a file.

    Examples
    --------
    >>> import tempfile
    >>> files = render_docs(tempfile.mkdtemp())
    >>> [f.name for f in files]  # doctest: +NORMALIZE_WHITESPACE
    ['ontology.html', 'agency-names.html', 'functions.html', 'industries.html', 'ip-types.html',
     'policy-tools.html', 'index.html']
    """
    pylode = _pylode()
    out = Path(out_dir)
    written: list[Path] = []
    pages: list[tuple[str, str, str]] = []
    with _quiet_logging():
        sources = [(ontology_path(), out / "ontology.html", pylode.OntPub, "the OWL ontology")]
        sources += [(p, out / "vocab" / f"{p.stem}.html", pylode.VocPub, "SKOS vocabulary")
                    for p in vocab_paths()]
        for src, dest, profile, what in sources:
            try:
                page = profile(str(src), sort_subjects=True).make_html()
            except Exception as exc:  # noqa: BLE001 - pyLODE raises many kinds; report the file
                problem = f"{type(exc).__name__}: {exc}"
                raise DocsError(f"{src.name}: pyLODE could not render it ({problem})") from exc
            atomic_write_text(dest, page)
            written.append(dest)
            pages.append((dest.relative_to(out).as_posix(), src.name, what))
    index = out / "index.html"
    atomic_write_text(index, _index(pages))
    written.append(index)
    return written
