"""Where the packaged data lives (works for editable and regular installs)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["sample_path", "ontology_dir", "queries_dir", "ontology_path", "shapes_path", "vocab_paths"]


def _dir(package: str) -> Path:
    return Path(str(resources.files(package)))


def ontology_dir() -> Path:
    return _dir("ontology")


def queries_dir() -> Path:
    return _dir("queries")


def ontology_path() -> Path:
    return ontology_dir() / "policykg.ttl"


def shapes_path() -> Path:
    return ontology_dir() / "shapes.ttl"


def vocab_paths() -> list[Path]:
    return sorted((ontology_dir() / "vocab").glob("*.ttl"))


def sample_path() -> Path:
    """The bundled sample plan (the Changshou district IP implementation plan)."""
    return _dir("loaders") / "samples" / "changshou-ip-plan.txt"
