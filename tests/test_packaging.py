"""What an install of policykg contains: the import packages ``kg`` and ``loaders`` only, with the
ontology, vocabularies, queries, lexicon and sample as package data that a regular (non-editable)
install finds."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    (path,) = out.glob("policykg-*.whl")
    return path


def test_wheel_adds_only_kg_and_loaders(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/", 1)[0] for n in names if not n.split("/", 1)[0].endswith(".dist-info")}
    assert top == {"kg", "loaders"}
    top_level = next(n for n in names if n.endswith(".dist-info/top_level.txt"))
    assert set(zipfile.ZipFile(wheel).read(top_level).decode().split()) <= {"kg", "loaders"}


def test_wheel_carries_every_module(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for package in ("kg", "loaders"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "__pycache__" not in path.parts:
                assert path.relative_to(ROOT).as_posix() in names, f"{path}: add its package to pyproject.toml"


def test_wheel_carries_the_data_inside_kg_and_loaders(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    # every .rq and .ttl of the repository's queries/ and ontology/ folders, under kg/
    for folder, package in (("queries", "kg/queries"), ("ontology", "kg/ontology")):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".rq", ".ttl"):
                assert f"{package}/{path.relative_to(ROOT / folder).as_posix()}" in names, path
    assert {"kg/queries/checks/key-task-without-lead-violation.rq", "kg/queries/lookup/agency.rq",
            "kg/ontology/vocab/ip-types.ttl", "kg/ontology/vocab/divisions.csv", "kg/ontology/shapes.ttl",
            "loaders/vocab/lexicon.json",
            "loaders/samples/changshou-ip-plan.txt", "kg/networks/exports/network.js",
            "loaders/synthetic/plans.py"} <= names


def test_plain_install_finds_data_files(tmp_path):
    target = tmp_path / "site"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    code = (
        "import kg.resources as r, loaders.vocab.lexicon as l;"
        "assert r.ontology_path().is_file(), r.ontology_path();"
        "assert len(r.vocab_paths()) >= 3;"
        "assert r.sample_path().is_file();"
        "assert r.divisions_path().is_file(), r.divisions_path();"
        "assert len(list(r.queries_dir().glob('*.rq'))) >= 15;"
        "assert len(list((r.queries_dir() / 'checks').glob('*.rq'))) >= 5;"
        "assert l.get_lexicon().ip_types;"
        "print(r.ontology_path())"
    )
    env = dict(os.environ, PYTHONPATH=str(target))
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert str(target) in run.stdout
    installed = {p.name for p in target.iterdir() if not p.name.endswith(".dist-info")} - {"bin"}
    assert installed == {"kg", "loaders"}
    for generic in ("queries", "ontology"):
        probe = subprocess.run([sys.executable, "-c", f"import {generic}"], cwd=tmp_path, capture_output=True,
                               text=True, env=env)
        assert probe.returncode != 0 and "ModuleNotFoundError" in probe.stderr, generic


def test_readme_commands_match_ci():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```bash", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(block) == 2, "the README opens with exactly two commands"
    setup_cmd, test_cmd = block
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_cmd.strip() in ci.splitlines()
    assert "scripts/setup.sh" in setup_cmd and "scripts/setup.sh" in ci
