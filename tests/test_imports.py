"""The import graph: no cycle inside ``kg``, and ``loaders`` never imports ``kg`` or the RDF stack.

Every module under ``kg/`` and ``loaders/`` is parsed with `ast` — imports at module level and inside
functions alike, since a function-level import only hides a cycle — and the imports between the
project's own modules become a directed graph.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("kg", "loaders")
FORBIDDEN_IN_LOADERS = ("kg", "rdflib", "pyoxigraph", "oxrdflib", "networkx", "pyshacl", "pyshacl_turbo")


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every module ``name`` imports (absolute names), wherever the import statement is."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            out.add(target)
            # ``from kg.graph import build``: a submodule, not a name
            out.update(f"{target}.{alias.name}" for alias in node.names if f"{target}.{alias.name}" in MODULES)
    return out


def _own(target: str) -> str | None:
    """The project module an import refers to (``kg.graph.build.x`` → ``kg.graph.build``), if any."""
    while target:
        if target in MODULES:
            return target
        target = target.rpartition(".")[0]
    return None


def _graph() -> nx.DiGraph:
    g = nx.DiGraph()
    for name, path in MODULES.items():
        g.add_node(name)
        for target in _imports(name, path):
            own = _own(target)
            if own and own != name:
                g.add_edge(name, own)
            # importing kg.a.b runs kg/__init__ and kg/a/__init__ first
            parts = (own or "").split(".")
            for i in range(1, len(parts)):
                parent = ".".join(parts[:i])
                if parent in MODULES and parent != name and not name.startswith(parent + "."):
                    g.add_edge(name, parent)
    return g


def test_the_walk_finds_the_modules():
    assert {"kg.cli", "kg.sparql.text", "kg.graph.build", "loaders.extract.document"} <= set(MODULES)


def test_no_import_cycle_inside_kg():
    kg = _graph().subgraph([n for n in MODULES if n == "kg" or n.startswith("kg.")])
    cycles = list(nx.simple_cycles(kg))
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c + [c[0]]) for c in cycles[:5])


def test_sparql_text_is_a_leaf():
    own = {_own(t) for t in _imports("kg.sparql.text", MODULES["kg.sparql.text"])} - {None}
    assert own <= {"kg.errors"}, own


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.split(".")[0] == "loaders"))
def test_loaders_never_import_kg_or_the_rdf_stack(name):
    bad = sorted(t for t in _imports(name, MODULES[name]) if t.split(".")[0] in FORBIDDEN_IN_LOADERS)
    assert not bad, f"{name} imports {bad}"


def test_function_level_imports_count(tmp_path):
    # The checker itself: an import inside a function is an edge like any other, relative or not.
    path = tmp_path / "dialects.py"
    path.write_text("def f():\n    from .run import x\n    import kg.graph.build\n", encoding="utf-8")
    assert {"kg.sparql.run", "kg.graph.build"} <= _imports("kg.sparql.dialects", path)
