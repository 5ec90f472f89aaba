"""Run the shard build on a ``dask.distributed`` cluster: connect, check the workers, run, report.

`kg.graph.distributed.build_shards` does the work per partition; this module is what changes when
the partitions run on a cluster instead of Dask's local processes:

- `connect` opens a `distributed.Client` to a scheduler address (``tcp://host:8786``) or a
  scheduler file (the JSON that ``dask scheduler --scheduler-file F`` writes). Before anything else
  the address is parsed (`parse_address`: ``garbage!!@@`` is one line) and the scheduler's handshake
  is checked with a timeout on a plain socket (`check_scheduler`): Dask's own client reads the first
  8 bytes any server sends as a frame length, so an HTTP port made it allocate exabytes after a hang,
  and a listener that never answers hung it. A scheduler that does not answer, or answers in another
  protocol, is one line and a non-zero exit, not a hang;
- `check_workers` runs a small function on every worker before the build starts: each must read
  the documents at the client's paths and, unless the shards are gathered, see *the same* shard
  directory (a probe file the client wrote) and write to it. A worker that cannot is named in one line;
- `run_partitions` submits the partitions with a bounded window (a corpus of 10⁶ documents does not
  put 10⁴ tasks' arguments in the client's memory at once), reports progress on a terminal, and
  returns the partitions' results to the client, which writes ``citations.nt`` and the manifest from
  them. With ``gather`` a partition's shard comes back to the client, which writes it; otherwise the
  worker writes it to the shared directory.

A worker that is lost while it runs a partition is handled by Dask: the scheduler runs the partition
again on another worker. Nothing is duplicated: a partition's shard has a name fixed by its index
(``part-NNNNN.nt``) and content fixed by its documents (sorted, de-duplicated lines), and it is
written atomically (`kg.io.atomic_open`), so a second run of a partition replaces the file with the
same bytes; the manifest lists each partition once because the client builds it from one result per
partition.
"""

from __future__ import annotations

import os
import re
import socket
import struct
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

from ..errors import EndpointError, InputError, UsageError, one_line, require

__all__ = ["ClusterError", "connect", "is_address", "is_client", "check_workers", "run_partitions",
           "cluster_threads", "CONNECT_TIMEOUT", "parse_address", "check_scheduler", "LOCAL_SCHEDULERS"]

CONNECT_TIMEOUT = 10.0
"""Seconds to wait for the scheduler to answer (and for a first worker to join it)."""

_PROBE = ".policykg-probe-"

LOCAL_SCHEDULERS = ("processes", "multiprocessing", "threads", "threading", "sync", "synchronous",
                    "single-threaded")
"""Dask's own local schedulers: the names ``scheduler=`` takes besides a cluster's address."""

SCHEMES = ("tcp", "tls")
_ADDRESS = re.compile(r"(?:(?P<scheme>[a-z]+)://)?(?:\[(?P<ip6>[0-9A-Fa-f:.]+)\]|(?P<host>[A-Za-z0-9._-]+))"
                      r":(?P<port>[0-9]{1,5})/?")
_HANDSHAKE_BYTES = 1 << 16  # a scheduler's handshake is ~60 bytes; anything near this is not one


class ClusterError(EndpointError):
    """The Dask scheduler cannot be reached, has no workers, or a worker cannot do its part (one line)."""


def is_address(scheduler: Any) -> bool:
    """Whether ``scheduler`` is meant as a ``dask.distributed`` scheduler: an address or a scheduler file.

    Anything but a Dask local scheduler name (`LOCAL_SCHEDULERS`) is: `connect` then checks it.

    Examples
    --------
    >>> is_address("tcp://10.0.0.1:8786"), is_address("scheduler.json"), is_address("processes")
    (True, True, False)
    >>> is_address("garbage!!@@")  # not a local scheduler: connect() refuses it in one line
    True
    """
    if not isinstance(scheduler, (str, os.PathLike)):
        return False
    return os.fspath(scheduler) not in LOCAL_SCHEDULERS


def parse_address(address: str) -> tuple[str, str, int]:
    """``(scheme, host, port)`` of a scheduler address, or a one-line `UsageError`.

    The scheme is ``tcp`` (the default, as Dask's) or ``tls``; the host a name, an IPv4 address or an
    IPv6 address in brackets; the port 1–65535.

    Examples
    --------
    >>> parse_address("tcp://127.0.0.1:8786"), parse_address("node7:8786"), parse_address("tls://[::1]:9")
    (('tcp', '127.0.0.1', 8786), ('tcp', 'node7', 8786), ('tls', '::1', 9))
    >>> parse_address("garbage!!@@")
    Traceback (most recent call last):
    ...
    kg.errors.UsageError: 'garbage!!@@': not a Dask scheduler address (tcp://host:port) or scheduler file
    """
    m = _ADDRESS.fullmatch(address.strip())
    if m is None or (m["scheme"] or "tcp") not in SCHEMES or not 0 < int(m["port"]) < 65536:
        why = "not a Dask scheduler address (tcp://host:port) or scheduler file"
        if m is not None and (m["scheme"] or "tcp") not in SCHEMES:
            why = f"the scheme {m['scheme']}:// is not one policykg connects to (tcp://, tls://)"
        elif m is not None:
            why = f"port {int(m['port'])} is not between 1 and 65535"
        raise UsageError(f"{address!r}: {why}")
    return m["scheme"] or "tcp", m["ip6"] or m["host"], int(m["port"])


def _handshake() -> bytes:
    """The first message a Dask client sends (one msgpack frame, Dask's TCP framing), so that a server
    in another protocol answers at once instead of waiting."""
    import msgpack

    frame = msgpack.dumps({"compression": None, "python": list(sys.version_info[:3]),
                           "pickle-protocol": 5})
    body = struct.pack("<QQ", 1, len(frame)) + frame
    # The blank line after it makes a web server answer (it reads a request line); a scheduler reads
    # the handshake, and the connection is closed before it reads more.
    return struct.pack("<Q", len(body)) + body + b"\r\n\r\n"


def _read(sock: socket.socket, n: int, deadline: float) -> bytes:
    data = b""
    while len(data) < n:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        sock.settimeout(left)
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionResetError("the connection was closed")
        data += chunk
    return data


def check_scheduler(address: str, timeout: float = CONNECT_TIMEOUT) -> None:
    """Check that a Dask scheduler answers at ``address`` within ``timeout`` seconds, on a plain socket.

    Sends a client's handshake and reads the scheduler's, never more than a few kilobytes, against one
    deadline: a port that refuses, a listener that never answers, an HTTP server (Dask's dashboard, a
    web server) and any other protocol are a one-line `ClusterError`. For ``tls://`` only the TCP
    connection is checked here (the TLS handshake is Dask's, under its own timeout).

    Examples
    --------
    >>> try:
    ...     check_scheduler("tcp://127.0.0.1:9", timeout=0.2)  # nothing listens on port 9
    ... except ClusterError as exc:
    ...     print(str(exc).split(" (")[0])
    cannot reach the Dask scheduler at tcp://127.0.0.1:9 within 0.2 s
    """
    scheme, host, port = parse_address(address)
    deadline = time.monotonic() + timeout
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except OSError as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address} within {timeout:g} s "
                           f"({type(exc).__name__}: {one_line(exc.strerror or exc)}); is `dask scheduler` "
                           "running there?") from None
    with sock:
        if scheme != "tcp":
            return
        try:
            sock.sendall(_handshake())
            head = _read(sock, 8, deadline)
            if head[:5] == b"HTTP/" or head[:1] == b"<":
                raise ClusterError(f"{address} answers HTTP, not the Dask protocol (the scheduler's port "
                                   "is 8786 by default; 8787 is its dashboard)")
            (size,) = struct.unpack("<Q", head)
            if not 16 < size <= _HANDSHAKE_BYTES:
                raise ClusterError(f"{address} is not a Dask scheduler (its first answer is not Dask's "
                                   "handshake)")
            body = _read(sock, size, deadline)
        except TimeoutError:
            raise ClusterError(f"the server at {address} did not answer as a Dask scheduler within "
                               f"{timeout:g} s (is it a scheduler's port?)") from None
        except OSError as exc:
            raise ClusterError(f"the server at {address} closed the connection before a Dask handshake "
                               f"({one_line(exc.strerror or exc)}); is it a scheduler's port?") from None
    try:
        import msgpack

        frames, first = struct.unpack_from("<QQ", body)  # Dask's framing: a count, then each length
        info = msgpack.loads(body[16:16 + first]) if frames == 1 else None  # the handshake is one frame
    except Exception:  # noqa: BLE001 - whatever the bytes were (struct.error, msgpack's errors), not Dask's
        info = None
    if not isinstance(info, dict) or "python" not in info:
        raise ClusterError(f"{address} is not a Dask scheduler (its first answer is not Dask's handshake)")


def is_client(scheduler: Any) -> bool:
    """Whether ``scheduler`` is a ``distributed.Client`` (without importing ``distributed`` to find out).

    Examples
    --------
    >>> is_client("processes"), is_client(None)
    (False, False)
    """
    module = sys.modules.get("distributed")
    return module is not None and isinstance(scheduler, module.Client)


def connect(address: str | os.PathLike[str], timeout: float = CONNECT_TIMEOUT) -> Any:
    """A `distributed.Client` connected to ``address`` (``tcp://host:port`` or a scheduler file).

    Raises
    ------
    ClusterError
        The scheduler did not answer within ``timeout`` seconds, or answered in another protocol.
    InputError
        The scheduler file is missing or not a scheduler file (exit code 5, as any bad input file).
    UsageError
        The address does not parse.

    Examples
    --------
    >>> try:
    ...     connect("tcp://127.0.0.1:9", timeout=0.2)  # nothing listens on port 9
    ... except ClusterError as exc:
    ...     print(str(exc).split(" (")[0])
    cannot reach the Dask scheduler at tcp://127.0.0.1:9 within 0.2 s
    """
    distributed = require("distributed", extra="scale")
    text = os.fspath(address)
    kwargs: dict[str, Any] = {"timeout": timeout, "set_as_default": False}
    if "://" in text or _ADDRESS.fullmatch(text):
        check_scheduler(text, timeout)
        kwargs["address"] = text
    else:
        path = Path(text)
        if not path.is_file():  # a bad input file: exit code 5, as in every command
            if not path.exists() and not text.endswith(".json") and os.sep not in text:
                parse_address(text)  # neither a file nor an address: say it is not an address
            what = "is not a file" if path.exists() else "no such scheduler file"
            raise InputError(text, f"{what} (give tcp://host:port or the file that "
                                   "`dask scheduler --scheduler-file FILE` writes)")
        try:
            import json

            if path.stat().st_size > _HANDSHAKE_BYTES:
                raise ValueError("too large")
            found = json.loads(path.read_text("utf-8"))["address"]
            if not isinstance(found, str):
                raise TypeError
        except (OSError, ValueError, KeyError, TypeError):
            raise InputError(text, "not a Dask scheduler file (no \"address\" in it)") from None
        check_scheduler(found, timeout)
        kwargs["scheduler_file"] = text
    try:
        return distributed.Client(**kwargs)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {text} within {timeout:g} s "
                           f"({type(exc).__name__}: {one_line(exc)}); is `dask scheduler` running there?") \
            from None


def cluster_threads(client: Any) -> dict[str, int]:
    """Worker address → threads, for the workers the scheduler knows now.

    Examples
    --------
    >>> cluster_threads(connect("tcp://10.0.0.1:8786"))  # doctest: +SKIP
    {'tcp://10.0.0.2:40123': 1, 'tcp://10.0.0.2:40125': 1}
    """
    return dict(client.nthreads())


def _probe(shard_dir: str | None, token: str | None, files: Sequence[str]) -> tuple[str | None, str | None]:
    """On a worker: can it read ``files`` and write the client's ``shard_dir``? (error, probe file)."""
    import socket

    for f in files:
        if not os.path.isfile(f) or not os.access(f, os.R_OK):
            return f"{f}: this worker cannot read it (the workers must see the documents at the client's " \
                   "paths)", None
    if shard_dir is None:
        return None, None
    d = Path(shard_dir)
    if not (d / f"{_PROBE}{token}").is_file():
        return (f"{shard_dir}: this worker does not see the client's directory there (not mounted? "
                "a directory of the same name on the worker's own disk is not shared)"), None
    name = f"{_PROBE}{token}-{socket.gethostname()}-{os.getpid()}"
    try:
        (d / name).write_bytes(b"ok\n")
    except OSError as exc:
        return f"{shard_dir}: this worker cannot write there ({exc.strerror or one_line(exc)})", None
    return None, name


def check_workers(client: Any, shard_dir: str | os.PathLike[str], files: Sequence[str], *,
                  gather: bool = False, timeout: float = CONNECT_TIMEOUT) -> dict[str, int]:
    """Check, before a build, that every worker can do its part; return worker → threads.

    The client makes ``shard_dir``. Each worker reads a few of ``files`` (the first, middle and last) at
    the client's paths and, unless the shards are gathered, finds a probe file the client wrote in
    ``shard_dir`` and writes its own, which the client must then see: the directory is the same one on
    both sides, and writable.

    Raises
    ------
    ClusterError
        No worker joined within ``timeout`` seconds, or a worker cannot read or write (named).

    Examples
    --------
    >>> client = connect("tcp://10.0.0.1:8786")  # doctest: +SKIP
    >>> check_workers(client, "/shared/shards", ["/shared/corpus/a.txt"])  # doctest: +SKIP
    {'tcp://10.0.0.2:40123': 1, 'tcp://10.0.0.2:40125': 1}
    """
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (TimeoutError, OSError):
        raise ClusterError(f"the Dask scheduler at {client.scheduler.address} has no workers (start some "
                           "with `dask worker ADDRESS`)") from None
    sample = [files[0], files[len(files) // 2], files[-1]] if files else []
    token = uuid.uuid4().hex
    d = Path(shard_dir)
    try:
        d.mkdir(parents=True, exist_ok=True)
        if not gather:
            (d / f"{_PROBE}{token}").write_bytes(b"client\n")
    except OSError as exc:
        raise ClusterError(f"{shard_dir}: cannot write there ({exc.strerror or one_line(exc)})") from None
    try:
        answers = client.run(_probe, None if gather else os.fspath(shard_dir), token, sample,
                             on_error="return")
        written = []
        for worker, answer in sorted(answers.items()):
            if isinstance(answer, BaseException):
                raise ClusterError(f"worker {worker} failed the check ({type(answer).__name__}: "
                                   f"{one_line(answer)}); is policykg installed there?")
            error, probe = answer
            if error:
                raise ClusterError(f"{error} [worker {worker}]")
            if probe:
                written.append((worker, probe))
        for worker, probe in written:
            if not (d / probe).is_file():
                raise ClusterError(f"{shard_dir}: worker {worker} wrote to a different directory of that "
                                   "name; mount the same shared directory on the client and every worker")
        return cluster_threads(client)
    finally:
        for p in d.glob(f"{_PROBE}{token}*"):
            try:
                p.unlink()
            except OSError:
                pass


def run_partitions(client: Any, function: Callable[[tuple], Any], tasks: Sequence[tuple], *,
                   window: int | None = None, progress: bool | None = None,
                   handle: Callable[[Any], Any] | None = None,
                   documents: Callable[[Any], int] | None = None) -> list[Any]:
    """``function(task)`` for every task on the cluster, at most ``window`` at a time; results in order.

    ``handle`` is called in the client on each result as it arrives (its return value is kept instead:
    a gathered shard is written and dropped at once); ``documents`` counts a kept result's documents for
    the progress bar.

    ``progress`` (default: when standard error is a terminal) prints a bar with the partitions and
    documents done and the workers the scheduler has. A partition that raises stops the build
    (`ClusterError` naming the partition); a lost worker's partitions are run again by Dask.

    Examples
    --------
    >>> run_partitions(connect("tcp://10.0.0.1:8786"), len, [(1, 2), (3,)])  # doctest: +SKIP
    [2, 1]
    """
    distributed = require("distributed", extra="scale")
    if not tasks:
        return []
    if progress is None:
        progress = sys.stderr.isatty()
    threads = sum(cluster_threads(client).values()) or 1
    window = window or max(4, 2 * threads)
    run = uuid.uuid4().hex[:8]
    pending = iter(enumerate(tasks))

    def submit(k: int, task: tuple) -> Any:
        return client.submit(function, task, key=f"policykg-partition-{k:05d}-{run}", pure=False)

    futures = {submit(k, t): k for k, t in islice(pending, window)}
    results: dict[int, Any] = {}
    done_docs = 0
    started = time.monotonic()
    queue = distributed.as_completed(list(futures), loop=client.loop)
    try:
        for future in queue:
            k = futures.pop(future)
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - a partition's failure, named in one line
                raise ClusterError(f"partition {k} failed on the cluster ({type(exc).__name__}: "
                                   f"{one_line(exc)})") from None
            future.release()
            results[k] = handle(result) if handle else result
            done_docs += documents(results[k]) if documents else 0
            for k2, task in islice(pending, 1):
                nxt = submit(k2, task)
                futures[nxt] = k2
                queue.add(nxt)
            if progress:
                _bar(len(results), len(tasks), done_docs, len(cluster_threads(client)), started)
    finally:
        if futures:
            client.cancel(list(futures))
    return [results[k] for k in range(len(tasks))]


def _bar(done: int, total: int, docs: int, workers: int, started: float) -> None:
    width = 30
    filled = width * done // total
    rate = docs / max(time.monotonic() - started, 1e-9)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} partitions, "
                     f"{docs} documents ({rate:.1f}/s) on {workers} worker{'s' if workers != 1 else ''}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()
