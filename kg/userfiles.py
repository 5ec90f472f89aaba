"""The one guarded reader for the data files a user gives policykg: corrections and lexicons.

A corrections file (``--corrections``: the review workbook, a CSV or YAML list of changes) and a user
lexicon (``--lexicon``, ``policykg lexicon --check``: CSV or Turtle) are read through `read_user_file`
and, for a workbook, checked by `check_workbook` before openpyxl sees a byte of it:

- **regular files only**: a device (a symlink to ``/dev/zero`` never ends), a FIFO (blocks until a
  writer comes), a socket or a directory is refused from ``os.stat`` before it is opened; the file is
  then opened with ``O_NONBLOCK`` and checked again on the open descriptor, so a file swapped for a
  FIFO in between cannot hang the read either;
- **bounded size**: at most `LIMITS` ``["bytes"]`` are read (the read stops one byte past the cap,
  whatever ``st_size`` said);
- **bounded inflation** for an ``.xlsx`` (a ZIP archive): the sizes its members declare are summed and
  capped, then every member is inflated 1 MiB at a time counting the bytes that really come out, and a
  member that inflates more than ``ratio`` times its compressed size is refused (a 2 MB sheet that
  inflates to 2 GB); its XML parts may not declare a DTD (`loaders.read.safe_xml`).

The workbook is then read from the checked bytes (never re-opened by name). What the readers do with
the bytes — YAML without aliases, formula cells refused — is in `kg.review.files` and
`kg.review.workbook`. Every refusal is one line naming the file, raised as the caller's error class
(exit code 5, bad input).
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from loaders.errors import InputError, PolicyKGError
from loaders.read.safe_xml import DoctypeCheck, UnsafeXMLError

__all__ = ["LIMITS", "read_user_file", "check_workbook", "file_kind"]

# The caps, in one place (bytes; ``ratio`` is inflated / compressed bytes of one member).
LIMITS: dict[str, int] = {
    "bytes": 20 * 2**20,  # a corrections file or a lexicon, as read from disk
    "inflated": 200 * 2**20,  # an .xlsx's members, inflated, in all
    "ratio": 200,  # a member that compresses better than this is a zip bomb, not a workbook
    "ratio_from": 2**20,  # … once it has given this many bytes (tiny members compress well)
}
_CHUNK = 1 << 20
_XML_PARTS = (".xml", ".rels", ".vml")

ErrorFactory = Callable[[str], Exception]


def _input_error(message: str) -> Exception:
    source, _, problem = message.partition(": ")
    return InputError(source, problem)


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, for the message.

    Examples
    --------
    >>> import os
    >>> file_kind(os.stat("/dev/null").st_mode)
    'a device'
    """
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _megabytes(n: int) -> str:
    return f"{n / 2**20:,.0f} MB" if n >= 2**20 else f"{n:,} bytes"


def read_user_file(path: str | os.PathLike[str], what: str, error: ErrorFactory = _input_error,
                   limit: int | None = None) -> bytes:
    """The bytes of a user's data file, read only if it is a regular file of at most ``limit`` bytes.

    Parameters
    ----------
    path : path-like
        The file (a symlink is followed: what counts is what it points to).
    what : str
        What the file is, for the messages (``"corrections file"``, ``"lexicon file"``).
    error : callable
        Makes the exception from the one-line message ``"PATH: problem"`` (default `InputError`).
    limit : int, optional
        The most bytes read (default ``LIMITS["bytes"]``, 20 MB).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "fixes.csv"
    >>> _ = p.write_bytes(b"document,sha256\\n")
    >>> read_user_file(p, "corrections file")
    b'document,sha256\\n'
    >>> read_user_file("/dev/zero", "corrections file")
    Traceback (most recent call last):
    ...
    loaders.errors.InputError: /dev/zero: is a device, not a corrections file
    >>> try:
    ...     read_user_file(p, "corrections file", limit=4)
    ... except InputError as exc:
    ...     print(exc.problem)
    16 bytes, over the 4 bytes a corrections file may have; refused
    """
    limit = LIMITS["bytes"] if limit is None else limit
    p = Path(path)
    try:
        before = os.stat(p)
        if not stat.S_ISREG(before.st_mode):
            raise error(f"{p}: is {file_kind(before.st_mode)}, not a {what}")
        if before.st_size > limit:
            raise error(f"{p}: {_megabytes(before.st_size)}, over the {_megabytes(limit)} a {what} may have; "
                        "refused")
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise error(f"{p}: no such {what}") from None
    except PermissionError:
        raise error(f"{p}: permission denied") from None
    except OSError as exc:
        raise error(f"{p}: cannot be read ({exc.strerror or exc})") from None
    try:
        now = os.fstat(fd)
        if not stat.S_ISREG(now.st_mode) or (now.st_dev, now.st_ino) != (before.st_dev, before.st_ino):
            raise error(f"{p}: changed while it was opened (now {file_kind(now.st_mode)}); refused")
        chunks: list[bytes] = []
        got = 0
        while got <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except OSError as exc:
        raise error(f"{p}: cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if got > limit:
        raise error(f"{p}: over the {_megabytes(limit)} a {what} may have; refused")
    if got == 0:  # refused as an empty document or KG file is (exit code 5), not read as "no entries"
        raise error(f"{p}: the file is empty, not a {what}")
    return b"".join(chunks)


def check_workbook(data: bytes, source: str, error: ErrorFactory = _input_error) -> None:
    """Refuse an .xlsx (given as its bytes) that inflates too much, lies about its sizes, or has XML
    with a DTD — before openpyxl reads it.

    Examples
    --------
    >>> import io, zipfile
    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    ...     z.writestr("xl/worksheets/sheet1.xml", b"<worksheet>" + b" " * (8 * 2**20) + b"</worksheet>")
    >>> try:
    ...     check_workbook(buf.getvalue(), "bomb.xlsx")
    ... except InputError as exc:
    ...     print(exc.problem)
    member xl/worksheets/sheet1.xml inflates more than 200 times its size (a zip bomb?); refused
    """
    cap, ratio = LIMITS["inflated"], LIMITS["ratio"]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            declared = sum(i.file_size for i in infos)
            if declared > cap:
                raise error(f"{source}: its members declare {_megabytes(declared)} inflated, over the "
                            f"{_megabytes(cap)} a workbook may have; refused")
            total = 0
            for info in infos:
                if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise error(f"{source}: member {info.filename} uses a compression Excel does not write; "
                                "refused")
                xml = DoctypeCheck(f"{source}: {info.filename}") \
                    if info.filename.lower().endswith(_XML_PARTS) else None
                produced = 0
                with zf.open(info) as member:
                    while chunk := member.read(_CHUNK):
                        produced += len(chunk)
                        total += len(chunk)
                        if total > cap:
                            raise error(f"{source}: inflates to more than {_megabytes(cap)}; refused")
                        if produced > LIMITS["ratio_from"] and produced > ratio * max(1, info.compress_size):
                            raise error(f"{source}: member {info.filename} inflates more than {ratio} times "
                                        "its size (a zip bomb?); refused")
                        if xml is not None and not xml.done:
                            xml.feed(chunk)
                if xml is not None and not xml.done:
                    xml.feed(b"", True)
    except PolicyKGError:
        raise
    except UnsafeXMLError as exc:
        raise error(f"{source}: {str(exc).removeprefix(source + ': ')}") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, RuntimeError, ValueError,
            NotImplementedError) as exc:
        raise error(f"{source}: not a readable .xlsx workbook ({type(exc).__name__}: "
                    f"{' '.join(str(exc).split())[:120]})") from None
