"""One error type with one exit code per kind, mapped once by the command line; optional packages
that are missing fail in one line naming the extra to install."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

import kg.errors
from kg.ask import AskError
from kg.errors import ExitCode, MissingExtraError, PolicyKGError, require
from kg.networks.exports.drawing import FontNotFoundError
from kg.networks.projection import NetworkError
from kg.reasoning.docs import DocsError
from kg.reasoning.reason import ReasoningError
from kg.sparql.store import KGReadError
from kg.sparql.virtuoso import VirtuosoError
from loaders.errors import InputError, NoTasksError, PolicyParseError

ROOT = Path(__file__).resolve().parent.parent

ERRORS = {
    kg.errors.UsageError: ExitCode.USAGE,
    PolicyParseError: ExitCode.INPUT,
    InputError: ExitCode.INPUT,
    NoTasksError: ExitCode.INPUT,
    KGReadError: ExitCode.INPUT,
    MissingExtraError: ExitCode.MISSING_EXTRA,
    kg.errors.QueryError: ExitCode.QUERY,
    kg.errors.QueryTimeout: ExitCode.TIMEOUT,
    kg.errors.EndpointError: ExitCode.ENDPOINT,
    VirtuosoError: ExitCode.ENDPOINT,
    NetworkError: ExitCode.NETWORK,
    FontNotFoundError: ExitCode.FONT,
    ReasoningError: ExitCode.REASONING,
    DocsError: ExitCode.DOCS,
    AskError: ExitCode.REFUSED,
}


def _table() -> list[tuple[int, str, str]]:
    """(code, name, what it is raised as / returned by) for each row of the table in kg.errors."""
    rows = []
    for line in kg.errors.__doc__.splitlines():
        m = re.match(r"^(\d+)\s+(\S+)\s+(.*)$", line)
        if m:
            rows.append((int(m.group(1)), m.group(2), m.group(3)))
    return rows


def test_exit_codes_are_distinct():
    values = [c.value for c in ExitCode]
    assert len(values) == len(set(values)), "aliased exit codes"


def test_the_table_lists_every_exit_code():
    table = {code: name for code, name, _ in _table() if name != "—"}
    assert table == {c.value: c.name for c in ExitCode}


@pytest.mark.parametrize("error, code", ERRORS.items(), ids=lambda x: getattr(x, "__name__", str(x)))
def test_library_errors_are_policykg_errors_with_their_code(error, code):
    assert issubclass(error, PolicyKGError)
    assert error.exit_code == code
    row = next(r for r in _table() if r[0] == code)
    assert row[1] == code.name


def test_the_cli_maps_errors_once():
    # No command catches an error of its own: the only ``except`` clauses are in main().
    tree = ast.parse((ROOT / "kg" / "cli.py").read_text(encoding="utf-8"))
    owners = []
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef):
            for node in ast.walk(fn):
                if isinstance(node, ast.ExceptHandler):
                    owners.append((fn.name, ast.unparse(node.type) if node.type else "bare"))
    mapped = {name for fn, name in owners if fn == "main"}
    assert "PolicyKGError" in mapped
    # Outside main only conversions of a standard error into a usage error (a codec, a version lookup).
    others = {(fn, name) for fn, name in owners if fn != "main"}
    assert others <= {("_checked_encoding", "LookupError"), ("_writing_in", "UnicodeEncodeError"),
                      ("__call__", "PackageNotFoundError")}, others


def test_require_names_the_extra():
    with pytest.raises(MissingExtraError, match=r"^nothing is not installed: pip install 'policykg\[analysis\]'$"):
        require("no_such_module_here", extra="analysis", package="nothing")
    assert require("json", extra="analysis").dumps([]) == "[]"


# A command whose extra is missing, simulated by hiding the package from the import system.
_HIDE = """
import sys
class Hide:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {hidden!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None
sys.meta_path.insert(0, Hide())
from kg.cli import main
sys.exit(main({argv!r}))
"""


def _run_without(hidden: set[str], argv: list[str], cwd: Path) -> subprocess.CompletedProcess:
    code = _HIDE.format(hidden=hidden, argv=argv)
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("hidden, argv, extra", [
    ({"pandas", "numpy"}, ["metrics", "--data", "{kg}"], "analysis"),
    ({"owlready2"}, ["reason", "--data", "{kg}"], "reasoning"),
    ({"matplotlib"}, ["graph", "--data", "{kg}", "-o", "x.png"], "analysis"),
    ({"docx"}, ["extract", "{docx}"], "docx"),
    ({"pdfplumber"}, ["extract", "{pdf}"], "pdf"),
], ids=["metrics", "reason", "graph-png", "extract-docx", "extract-pdf"])
def test_a_missing_extra_is_one_line(hidden, argv, extra, sample_kg_dir, tmp_path):
    (tmp_path / "plan.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "plan.pdf").write_bytes(b"%PDF-1.4\n")
    argv = [a.format(kg=sample_kg_dir / "kg.ttl", docx=tmp_path / "plan.docx", pdf=tmp_path / "plan.pdf")
            for a in argv]
    run = _run_without(hidden, argv, tmp_path)
    assert run.returncode == ExitCode.MISSING_EXTRA, run.stderr
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr, run.stderr
    assert run.stderr.startswith("policykg: ") and f"pip install 'policykg[{extra}]'" in run.stderr
    assert not (tmp_path / "x.png").exists()


def test_build_without_inputs_is_a_usage_error(cli, tmp_path):
    run = cli("build", "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert run.returncode == ExitCode.USAGE and run.stderr.count("\n") == 1
    assert "--sample" in run.stderr and not (tmp_path / "out").exists()
