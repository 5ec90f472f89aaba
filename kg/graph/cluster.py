"""Run the shard build on a ``dask.distributed`` cluster: connect, check the workers, run, report.

`kg.graph.distributed.build_shards` does the work per partition; this module is what changes when
the partitions run on a cluster instead of Dask's local processes:

- `connect` opens a `distributed.Client` to a scheduler address (``tcp://host:8786``) or a
  scheduler file (the JSON that ``dask scheduler --scheduler-file F`` writes), with a connect
  timeout, so a scheduler that does not answer is one line and a non-zero exit, not a hang;
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
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

from ..errors import EndpointError, one_line, require

__all__ = ["ClusterError", "connect", "is_address", "is_client", "check_workers", "run_partitions",
           "cluster_threads", "CONNECT_TIMEOUT"]

CONNECT_TIMEOUT = 10.0
"""Seconds to wait for the scheduler to answer (and for a first worker to join it)."""

_PROBE = ".policykg-probe-"


class ClusterError(EndpointError):
    """The Dask scheduler cannot be reached, has no workers, or a worker cannot do its part (one line)."""


def is_address(scheduler: Any) -> bool:
    """Whether ``scheduler`` names a ``dask.distributed`` scheduler: an address or a scheduler file.

    Examples
    --------
    >>> is_address("tcp://10.0.0.1:8786"), is_address("scheduler.json"), is_address("processes")
    (True, True, False)
    """
    if not isinstance(scheduler, (str, os.PathLike)):
        return False
    text = os.fspath(scheduler)
    return "://" in text or text.endswith(".json") or Path(text).is_file()


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
        The scheduler did not answer within ``timeout`` seconds, or the scheduler file is missing or
        not a scheduler file.

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
    if "://" in text:
        kwargs["address"] = text
    else:
        path = Path(text)
        if not path.is_file():
            raise ClusterError(f"{text}: no such scheduler file (give tcp://host:port or the file that "
                               "`dask scheduler --scheduler-file FILE` writes)")
        try:
            import json

            json.loads(path.read_text("utf-8"))["address"]
        except (OSError, ValueError, KeyError, TypeError):
            raise ClusterError(f"{text}: not a Dask scheduler file (no \"address\" in it)") from None
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
