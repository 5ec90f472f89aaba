"""Child processes that die with policykg, and ports that are already taken.

A process killed with SIGKILL runs no clean-up code, so its children must not depend on it: every
child policykg starts (build pool workers, the Oxigraph server of ``serve``, ``virtuoso-t``) asks the
kernel for ``SIGKILL`` when its parent dies (Linux ``prctl(PR_SET_PDEATHSIG)``). Where that call is
not available (not Linux) nothing is done and a child may outlive a killed parent.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import socket
import sys

__all__ = ["die_with_parent", "pool_initializer", "port_in_use", "PortInUseError", "check_port", "rss_mb",
           "query_memory_budget", "QUERY_MEMORY_MB", "ENV_QUERY_MEMORY"]

#: MB a user's query may make a server grow (the explorer's editor children, ``serve``) before the
#: process running it is killed (and, for ``serve``, restarted).
QUERY_MEMORY_MB = 1024.0
ENV_QUERY_MEMORY = "POLICYKG_QUERY_MEMORY_MB"

_PR_SET_PDEATHSIG = 1


class PortInUseError(OSError):
    """Something already listens on the port a server was asked to use."""


def _prctl():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl
    except (OSError, AttributeError):
        return None


def die_with_parent(parent: int | None = None) -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux; a no-op elsewhere).

    Meant as ``preexec_fn`` of `subprocess.Popen` (runs in the child before ``exec``; the setting
    survives ``exec``) or as the initializer of a process pool. ``parent``: the pid the child expects
    as its parent; if that parent already died before the call, the child exits at once.
    """
    prctl = _prctl()
    if prctl is None:
        return
    prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def pool_initializer(parent: int) -> None:
    """Initializer for `concurrent.futures.ProcessPoolExecutor`: the worker dies with ``parent``."""
    die_with_parent(parent)


def check_port(port: int | None, option: str = "--port") -> None:
    """A `kg.errors.UsageError` (one line, exit code 2) for a port that is not a TCP port number.

    Examples
    --------
    >>> check_port(8000), check_port(0), check_port(None)
    (None, None, None)
    >>> check_port(99999)
    Traceback (most recent call last):
    ...
    kg.errors.UsageError: --port 99999: not a TCP port (0 to 65535; 0 picks a free one)
    """
    if port is not None and not 0 <= port <= 65535:
        from .errors import UsageError

        raise UsageError(f"{option} {port}: not a TCP port (0 to 65535; 0 picks a free one)")


def port_in_use(host: str, port: int) -> bool:
    """Whether something accepts TCP connections on ``host:port`` (or the port cannot be bound)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1):
        return True
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT of a stopped server is free
        try:
            s.bind((host, port))
        except OSError:
            return True
    return False


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB, from ``/proc`` (0 when it is gone, or not on Linux).

    Examples
    --------
    >>> rss_mb(os.getpid()) > 1
    True
    """
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            pages = int(fh.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def query_memory_budget() -> float | None:
    """`QUERY_MEMORY_MB`, or the MB in ``POLICYKG_QUERY_MEMORY_MB`` (``0``: no limit).

    Examples
    --------
    >>> query_memory_budget()
    1024.0
    """
    from .errors import UsageError
    from .limits import env_limit

    return env_limit(ENV_QUERY_MEMORY, QUERY_MEMORY_MB, UsageError, "MB", whole=False)
