"""Nothing lost: a build killed (SIGKILL) at any point of writing its output leaves the previous output
intact and loadable, and no temporary file.

The kill is not timed: a small driver runs ``policykg build`` in a child process with `kg.io` wrapped
so that the process kills itself at a chosen point of writing ``kg.ttl`` — before the first byte,
half-way through the bytes, or when the file is complete but not yet renamed over the old one.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from loaders.synthetic.plans import generate_corpus, write_corpus

POINTS = ["before-write", "mid-write", "before-rename"]

# Runs `policykg build` in this process and SIGKILLs it at POINT while writing kg.ttl. NAMED=1 forces
# the portable path (a named temporary file) instead of an unnamed one.
DRIVER = r"""
import os, signal, sys
from contextlib import contextmanager
from pathlib import Path

import kg.io as io
from kg.cli import main

point, named, corpus, out = sys.argv[1], sys.argv[2] == "1", sys.argv[3], sys.argv[4]
TARGET = "kg.ttl"


def die():
    os.kill(os.getpid(), signal.SIGKILL)


class HalfThenDie:
    # The file object, except that the first write puts half its bytes on disk and then dies.
    def __init__(self, fh):
        self._fh = fh

    def write(self, data):
        self._fh.write(data[: len(data) // 2])
        self._fh.flush()
        os.fsync(self._fh.fileno())
        die()

    def __getattr__(self, name):
        return getattr(self._fh, name)


real_open = io.atomic_open


@contextmanager
def atomic_open(path, *args, **kwargs):
    with real_open(path, *args, **kwargs) as fh:
        if Path(path).name != TARGET:
            yield fh
        elif point == "before-write":
            die()
        elif point == "mid-write":
            yield HalfThenDie(fh)
        else:
            yield fh


io.atomic_open = atomic_open
if point == "before-rename":
    real_publish, real_replace = io._publish, os.replace

    def publish(fd, path):
        if Path(path).name == TARGET:
            die()
        real_publish(fd, path)

    def replace(src, dst, *args, **kwargs):
        if Path(dst).name == TARGET:
            die()
        real_replace(src, dst, *args, **kwargs)

    io._publish = publish
    os.replace = replace
if named:
    io._open_unnamed = lambda directory: None
sys.exit(main(["build", corpus, "-o", out, "--no-validate", "--jobs", "1"]))
"""


def _policykg() -> list[str]:
    exe = Path(sys.executable).with_name("policykg")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "kg.cli"]


def _listing(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() if p.is_file() else b""
            for p in sorted(directory.rglob("*"))}


@pytest.fixture(scope="module")
def previous_output(tmp_path_factory, sample_path) -> Path:
    """An ``out/`` from an earlier build (the sample alone), to be protected."""
    out = tmp_path_factory.mktemp("previous") / "out"
    first = subprocess.run([*_policykg(), "build", str(sample_path), "-o", str(out), "--no-validate"],
                           capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, sample_path) -> Path:
    """The next build's input: the sample and two generated plans (a larger KG than before)."""
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copy(sample_path, folder)
    write_corpus(generate_corpus(2, seed=9), folder)
    return folder


def _killed_build(point: str, named: bool, corpus: Path, out: Path) -> subprocess.CompletedProcess:
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, point, "1" if named else "0", str(corpus), str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=600)
    finally:
        try:  # nothing of the build may outlive the test
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)


@pytest.mark.parametrize("point", POINTS)
def test_a_kill_leaves_the_previous_output_and_no_temporary_file(tmp_path, previous_output, corpus, point):
    out = tmp_path / "out"
    shutil.copytree(previous_output, out)
    before = _listing(out)
    run = _killed_build(point, False, corpus, out)
    assert run.returncode == -signal.SIGKILL, f"the build was not killed at {point}: {run.stderr}"
    assert _listing(out) == before  # kg.ttl byte for byte, the ontology, and nothing else: no temp file
    assert len(Graph().parse(out / "kg.ttl", format="turtle")) > 0
    # The same build, not killed, does change the output (so the kill above prevented something).
    done = subprocess.run([*_policykg(), "build", str(corpus), "-o", str(out), "--no-validate", "--jobs", "1"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert len(Graph().parse(out / "kg.ttl", format="turtle")) > len(
        Graph().parse(data=before["kg.ttl"], format="turtle"))
    assert not [name for name in _listing(out) if name.endswith(".tmp")]


@pytest.mark.parametrize("point", POINTS)
def test_the_portable_path_keeps_the_previous_output_too(tmp_path, previous_output, corpus, point):
    """Without unnamed files (not Linux, or a file system without O_TMPFILE) the content goes to a named
    temporary file: a kill keeps the previous output, but may leave that file (never under the
    target's name)."""
    out = tmp_path / "out"
    shutil.copytree(previous_output, out)
    before = _listing(out)
    run = _killed_build(point, True, corpus, out)
    assert run.returncode == -signal.SIGKILL, f"the build was not killed at {point}: {run.stderr}"
    after = _listing(out)
    assert after["kg.ttl"] == before["kg.ttl"]
    left = set(after) - set(before)
    assert all(name.startswith(".kg.ttl.") and name.endswith(".tmp") for name in left), left
    assert {k: v for k, v in after.items() if k not in left} == before


def test_an_error_while_writing_keeps_the_previous_file(tmp_path, monkeypatch):
    from kg import io

    target = tmp_path / "kg.ttl"
    target.write_text("old")
    for named in (False, True):
        if named:
            monkeypatch.setattr(io, "_open_unnamed", lambda directory: None)
        with pytest.raises(RuntimeError), io.atomic_open(target) as fh:
            fh.write("new, but only half")
            raise RuntimeError("stopped")
        assert target.read_text() == "old"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["kg.ttl"]


def test_a_copy_is_renamed_in_where_the_unnamed_file_cannot_be_linked(tmp_path, monkeypatch):
    from kg import io

    monkeypatch.setattr(io, "_link", lambda fd, name: False)
    io.atomic_write_bytes(tmp_path / "kg.ttl", b"x" * 3_000_000)
    assert (tmp_path / "kg.ttl").read_bytes() == b"x" * 3_000_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg.ttl"]


@pytest.mark.parametrize("named", [False, True])
def test_written_files_are_readable_like_plain_files(tmp_path, monkeypatch, named):
    from kg import io

    if named:
        monkeypatch.setattr(io, "_open_unnamed", lambda directory: None)
    p = tmp_path / "x.ttl"
    old = os.umask(0o022)
    try:
        io.atomic_write_text(p, "x")
    finally:
        os.umask(old)
    assert p.stat().st_mode & 0o777 == 0o644
    assert p.read_text() == "x"
