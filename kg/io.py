"""Atomic output: a file appears complete under its name, or not at all.

A build killed part-way (even by SIGKILL) leaves the previous output as it was. Where the file system
allows it (Linux, ``O_TMPFILE``: ext4, xfs, btrfs, tmpfs), the new content is written to a file that
has no name yet; only when it is complete and on disk is it linked in beside the target as
``.NAME.XXXX.tmp`` and renamed over the target, a few microseconds later. A process killed before that
leaves nothing behind: the unnamed file disappears with the process. Elsewhere the content goes to a
named temporary file beside the target (the same rename at the end), which a kill can leave behind.

The steps, in order, are the points `tests/test_atomic_output.py` kills a build at:

1. `_open_unnamed` — the unnamed file is created (or ``None``: use a named temporary file);
2. the caller writes through the file object `atomic_open` yields;
3. flush and ``fsync``;
4. `_publish` — link the finished file in under a temporary name and rename it over the target.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

__all__ = ["atomic_write_text", "atomic_write_bytes", "atomic_open"]

_AT_FDCWD = -100
_AT_EMPTY_PATH = 0x1000


@contextmanager
def atomic_open(
    path: str | os.PathLike[str], mode: str = "w", encoding: str | None = "utf-8"
) -> Iterator[IO]:
    """Open a file whose content replaces ``path`` when the block ends without an error.

    On an error (or a kill) ``path`` keeps its previous content and no temporary file stays behind
    (a named temporary file is removed on an error; see the module notes for kills). The new file gets
    the permissions a plain ``open()`` would give it (0666 less the umask).

    Examples
    --------
    >>> with atomic_open("x.txt") as fh:
    ...     _ = fh.write("new")
    >>> Path("x.txt").read_text()
    'new'
    >>> with atomic_open("x.txt") as fh:
    ...     _ = fh.write("half")
    ...     raise ValueError("stopped half-way")
    Traceback (most recent call last):
    ValueError: stopped half-way
    >>> Path("x.txt").read_text(), sorted(p.name for p in Path().glob(".x.txt*"))
    ('new', [])
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_open writes a whole file: mode 'w' or 'wb', not {mode!r}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text_encoding = None if "b" in mode else encoding
    fd = _open_unnamed(path.parent)
    if fd is None:
        with _named_temporary(path, mode, text_encoding) as fh:
            yield fh
        return
    with os.fdopen(fd, mode, encoding=text_encoding) as fh:
        yield fh
        fh.flush()
        os.fsync(fd)
        _publish(fd, path)


def _open_unnamed(directory: Path) -> int | None:
    """A new file without a name in ``directory`` (``O_TMPFILE``), or None where there is none."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None:
        return None
    try:
        # 0o666: the kernel applies the umask, as for a plain open().
        return os.open(directory, flag | os.O_RDWR | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError:  # the file system does not support unnamed files (EOPNOTSUPP, EISDIR, …)
        return None


def _publish(fd: int, path: Path) -> None:
    """Give the finished unnamed file ``fd`` the name ``path``: link it in under a temporary name
    beside ``path``, then rename that over ``path`` (a rename replaces the target in one step)."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    if not _link(fd, tmp):
        _copy(fd, tmp)  # no way to link it: write a named copy (the only case a kill can leave one)
    try:
        os.replace(tmp, path)
    except BaseException:
        _remove(tmp)
        raise


def _link(fd: int, name: Path) -> bool:
    """Link the unnamed file ``fd`` in as ``name``; False when this system allows neither way."""
    try:  # the documented way for unprivileged processes (linkat with AT_SYMLINK_FOLLOW)
        os.link(f"/proc/self/fd/{fd}", name, follow_symlinks=True)
        return True
    except OSError:
        pass
    linkat = _libc_linkat()
    if linkat is None:
        return False
    # linkat(fd, "", AT_FDCWD, name, AT_EMPTY_PATH): where /proc is missing or refuses (needs
    # CAP_DAC_READ_SEARCH on most kernels).
    return linkat(fd, b"", _AT_FDCWD, os.fsencode(name), _AT_EMPTY_PATH) == 0


@functools.cache
def _libc_linkat():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        linkat = libc.linkat
    except (OSError, AttributeError):
        return None
    linkat.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    linkat.restype = ctypes.c_int
    return linkat


def _copy(fd: int, name: Path) -> None:
    try:
        with open(name, "xb") as out:
            offset = 0
            while chunk := os.pread(fd, 1 << 20, offset):
                out.write(chunk)
                offset += len(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        _remove(name)
        raise


@contextmanager
def _named_temporary(path: Path, mode: str, encoding: str | None) -> Iterator[IO]:
    """The portable way: a named temporary file beside ``path``, renamed over it at the end."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    # mkstemp creates 0600; give the file the mode a plain open() would (0666 less the umask), so a
    # KG written on a shared machine stays readable by colleagues.
    os.chmod(tmp, 0o666 & ~_umask())
    try:
        with os.fdopen(fd, mode, encoding=encoding) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        _remove(Path(tmp))
        raise


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically (see `atomic_open`)."""
    with atomic_open(path, "w", encoding=encoding) as fh:
        fh.write(text)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see `atomic_open`)."""
    with atomic_open(path, "wb") as fh:
        fh.write(data)
