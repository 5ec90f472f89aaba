"""The docstring examples of ``kg`` and ``loaders`` run with the test suite (pyproject.toml:
``testpaths`` and ``--doctest-modules``). Two things make them runnable as written:

- each example runs in a fresh temporary directory that holds ``out/`` — the sample plan's KG as
  ``policykg build --sample -o out`` writes it — so an example reads ``"out/kg.ttl"`` and writes
  ``"co-assignment.gexf"`` exactly as a user would, and leaves nothing in the repository;
- a module that cannot be imported without an optional extra (its import raises
  `loaders.errors.MissingExtraError`, e.g. ``kg.networks.sna`` without pandas) is not collected, so a
  core-only install still collects the rest. Any other import error is a real failure.
"""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
_PACKAGES = ("kg", "loaders")


def _module_name(path: Path) -> str | None:
    try:
        rel = path.resolve().relative_to(ROOT)
    except ValueError:
        return None
    if rel.parts[0] not in _PACKAGES or path.suffix != ".py":
        return None
    parts = list(rel.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    name = _module_name(collection_path)
    if name is None:
        return None
    from loaders.errors import MissingExtraError

    try:
        importlib.import_module(name)
    except MissingExtraError:
        return True  # needs an extra that is not installed: its examples cannot run here
    return None


@pytest.fixture(scope="session")
def _doctest_out(tmp_path_factory) -> Path:
    """``out/`` as ``policykg build --sample -o out`` writes it (kg.ttl and ontology/), built once."""
    from kg.graph.corpus import build_corpus
    from kg.resources import sample_path

    out = tmp_path_factory.mktemp("doctest-sample") / "out"
    build_corpus([sample_path()], out, jobs=1, validate=False)
    return out


@pytest.fixture(autouse=True)
def _doctest_workdir(request: pytest.FixtureRequest) -> None:
    if not isinstance(request.node, pytest.DoctestItem):
        return  # an ordinary test: nothing to set up
    tmp_path: Path = request.getfixturevalue("tmp_path")
    shutil.copytree(request.getfixturevalue("_doctest_out"), tmp_path / "out")
    request.getfixturevalue("monkeypatch").chdir(tmp_path)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    # An example that calls into an extra which is not installed (render_docs without pyLODE) is
    # skipped with the one-line message naming the extra, not failed: it cannot run on this install.
    report = yield
    if isinstance(item, pytest.DoctestItem) and report.failed and call.excinfo is not None:
        import doctest

        from loaders.errors import MissingExtraError

        exc = call.excinfo.value
        if isinstance(exc, doctest.UnexpectedException) and isinstance(exc.exc_info[1], MissingExtraError):
            report.outcome = "skipped"
            report.longrepr = (str(item.path), item.reportinfo()[1] or 0, f"Skipped: {exc.exc_info[1]}")
    return report
