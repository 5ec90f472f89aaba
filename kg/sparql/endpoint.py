"""Real SPARQL endpoints: push a KG to one (Graph Store Protocol) or serve one with Oxigraph.

- `push_kg` uploads the KG — data plus the ontology and vocabularies, which the library queries need —
  as one Turtle document with the SPARQL 1.1 Graph Store Protocol: ``PUT`` (replace, the default) or
  ``POST`` (add) to ``{endpoint}/store?default`` or ``?graph=IRI`` (Oxigraph's layout), or to the
  graph-store URL given. On Virtuoso (recognised by its ``Server`` header) the URL is its
  authenticated Graph Store, ``/sparql-graph-crud-auth?graph=IRI`` (named graphs only), answered with
  HTTP digest authentication. Credentials come from arguments or the environment and are never written.
- `serve_kg` checks and parses the files (`kg.safe_rdf`), loads them into a fresh Oxigraph store
  directory (``oxigraph load``) and starts the real ``oxigraph serve-read-only`` server (``serve`` when
  writable) on a private loopback port, behind `kg.sparql.guard` on the public one (Host checks, no
  writes from other sites, ``SERVICE`` only to allowed endpoints). The returned `ServedKG` stops the
  child process and removes the directory when closed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EndpointError, MissingExtraError, one_line
from ..processes import check_port, port_in_use
from .remote import basic_auth, endpoint_urls, open_url
from .store import support_paths

__all__ = ["push_kg", "PushResult", "serve_kg", "ServedKG", "oxigraph_executable", "free_port",
           "ENV_USER", "ENV_PASSWORD", "wait_until_up"]

ENV_USER = "POLICYKG_ENDPOINT_USER"
ENV_PASSWORD = "POLICYKG_ENDPOINT_PASSWORD"


def credentials(user: str | None = None, password: str | None = None) -> tuple[str | None, str | None]:
    """Endpoint credentials from the arguments, else ``POLICYKG_ENDPOINT_USER`` / ``_PASSWORD``."""
    return user or os.environ.get(ENV_USER) or None, password or os.environ.get(ENV_PASSWORD) or None


# ---------------------------------------------------------------- push
@dataclass(frozen=True)
class PushResult:
    url: str
    method: str
    triples: int
    bytes: int
    status: int


def _triples_of(files: Sequence[Path]) -> list[Any]:
    """The triples of all ``files``, parsed (Oxigraph's parser; blank nodes stay apart): a file that
    is not RDF is a one-line `KGReadError` before anything is sent anywhere."""
    import pyoxigraph as ox

    quads = []
    for path in files:
        quads.extend(_parsed(path))
    return [ox.Triple(q.subject, q.predicate, q.object) for q in quads]


def _turtle_of(triples: list[Any], prefixed: bool = True) -> tuple[bytes, int]:
    """One Turtle document of ``triples`` (`_triples_of`; Oxigraph's serializer).

    ``prefixed=False`` writes full IRIs only (N-Triples, itself valid Turtle): Virtuoso's Turtle parser
    does not undo the escapes of prefixed names (``pkgid:agency\\/\\%E9…`` would be stored with the
    backslashes)."""
    import pyoxigraph as ox

    prefixes = {"pkg": "https://w3id.org/policykg/ontology#", "pkgid": "https://w3id.org/policykg/id/",
                "skos": "http://www.w3.org/2004/02/skos/core#", "prov": "http://www.w3.org/ns/prov#"}
    if not prefixed:
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), len(triples)
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes), len(triples)


def store_url(endpoint: str, graph: str | None = None) -> str:
    """The Graph Store Protocol URL for ``graph`` (``None``: the default graph).

    Examples
    --------
    >>> store_url("http://127.0.0.1:7878")
    'http://127.0.0.1:7878/store?default'
    >>> store_url("http://127.0.0.1:7878/store", "https://example.org/g")
    'http://127.0.0.1:7878/store?graph=https%3A%2F%2Fexample.org%2Fg'
    >>> store_url("http://127.0.0.1:3030/ds/data?graph=https%3A%2F%2Fexample.org%2Fg")
    'http://127.0.0.1:3030/ds/data?graph=https%3A%2F%2Fexample.org%2Fg'
    """
    if urllib.parse.urlsplit(endpoint).query:  # a complete graph-store URL (…?graph=… or …?default)
        if graph is not None:
            raise EndpointError("give the graph either in the graph-store URL or with --graph, not both")
        endpoint_urls(endpoint)  # checks the scheme
        return endpoint
    base = endpoint_urls(endpoint).store
    query = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
    return f"{base}?{query}"


def push_kg(
    data: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    endpoint: str,
    *,
    graph: str | None = None,
    replace: bool = True,
    with_ontology: bool = True,
    user: str | None = None,
    password: str | None = None,
    timeout: float | None = 60,
) -> PushResult:
    """Upload the KG to a SPARQL 1.1 Graph Store Protocol endpoint.

    Parameters
    ----------
    data
        KG file(s) (``out/kg.ttl``).
    endpoint
        The server's base URL (``http://host:7878``), its ``/store`` URL, or a complete graph-store URL.
    graph
        Target named graph IRI; ``None`` is the default graph.
    replace
        ``PUT`` (replace the graph's content) when true, ``POST`` (add to it) when false.
    with_ontology
        Include the ontology and vocabularies (the library queries need them).
    user, password
        HTTP credentials, sent when the server asks (basic or digest, e.g. Virtuoso's ``dba``); default
        from ``POLICYKG_ENDPOINT_USER`` / ``POLICYKG_ENDPOINT_PASSWORD``.

    Raises
    ------
    EndpointError
        The endpoint is unreachable, answers with an HTTP error, or does not answer in time.

    Examples
    --------
    >>> push_kg("out/kg.ttl", "http://127.0.0.1:7878")  # doctest: +SKIP
    PushResult(url='http://127.0.0.1:7878/store?default', method='PUT', triples=3295, ...)
    """
    paths = [Path(data)] if isinstance(data, (str, os.PathLike)) else [Path(p) for p in data]
    from ..safe_rdf import check_rdf_file

    for p in paths:
        if not p.is_file():
            raise FileNotFoundError(2, "no such file", os.fspath(p))
        check_rdf_file(p)  # before anything is sent: no DTD, no JSON-LD context fetched, sizes bounded
    if graph is not None:
        from .text import BAD_IRI

        if BAD_IRI.search(graph) or not urllib.parse.urlsplit(graph).scheme:
            raise EndpointError(f"not an absolute IRI for --graph: {graph!r}")
    user, password = credentials(user, password)
    files = paths + (support_paths() if with_ontology else [])
    parsed = _triples_of(files)  # a file that is not RDF is refused before the endpoint is asked anything
    virtuoso_url = _virtuoso_store_url(endpoint, graph, user, password, timeout)
    url = virtuoso_url or store_url(endpoint, graph)
    method = "PUT" if replace else "POST"
    auth = _auth_header(url, method, user, password, timeout) if user or virtuoso_url else None
    body, triples = _turtle_of(parsed, prefixed=virtuoso_url is None)
    request = urllib.request.Request(url, data=body, method=method,
                                     headers={"Content-Type": "text/turtle; charset=utf-8"})
    if auth:
        request.add_header("Authorization", auth)
    try:
        with open_url(request, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        if exc.code == 401 and auth:
            raise EndpointError(f"{url}: HTTP 401 {exc.reason} (wrong user or password)") from None
        detail = exc.read(2000).decode("utf-8", "replace")
        first = next((ln.strip() for ln in detail.splitlines() if ln.strip()), "")
        detail = f": {one_line(first)}" if first else ""
        raise EndpointError(f"{url}: HTTP {exc.code} {exc.reason}{detail}") from None
    except TimeoutError:
        raise EndpointError(f"{url}: no answer within {timeout:g} s") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (TimeoutError, socket.timeout)):
            raise EndpointError(f"{url}: no answer within {timeout:g} s") from None
        raise EndpointError(f"{url}: cannot reach the endpoint ({one_line(exc.reason)})") from None
    except OSError as exc:
        raise EndpointError(f"{url}: cannot reach the endpoint ({one_line(exc)})") from None
    return PushResult(url, method, triples, len(body), status)


VIRTUOSO_STORE_PATHS = ("/sparql-graph-crud-auth", "/sparql-graph-crud")


def _auth_header(url: str, method: str, user: str | None, password: str | None,
                 timeout: float | None) -> str | None:
    """The ``Authorization`` header for ``method url``, answered to the challenge of a bodiless probe.

    Credentials go with the upload itself: Virtuoso cuts the connection of an upload that arrives
    without them (a broken pipe, not a 401), and its Graph Store asks for digest authentication,
    which cannot be sent before the server's challenge is known.
    """
    probe = urllib.request.Request(url, method="HEAD")
    try:
        with open_url(probe, timeout=timeout):
            return None
    except urllib.error.HTTPError as exc:
        if exc.code != 401:
            return None  # no authentication asked for (Virtuoso answers HEAD with 501)
        challenge = exc.headers.get("WWW-Authenticate", "") if exc.headers else ""
    except (urllib.error.URLError, OSError) as exc:
        raise EndpointError(f"{url}: cannot reach the endpoint ({one_line(exc)})") from None
    if not user:
        raise EndpointError(f"{url}: HTTP 401 Unauthorized (give --user and POLICYKG_ENDPOINT_PASSWORD)")
    scheme, _, params = challenge.partition(" ")
    if scheme.lower() == "basic":
        return basic_auth(user, password)
    if scheme.lower() == "digest":
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, url, user, password or "")
        handler = urllib.request.HTTPDigestAuthHandler(manager)
        chal = urllib.request.parse_keqv_list(urllib.request.parse_http_list(params))
        # Check the credentials with a bodiless request first (a refused upload is cut, not answered).
        check = urllib.request.Request(url, method="HEAD")
        check.add_header("Authorization", f"Digest {handler.get_authorization(check, chal)}")
        try:
            with open_url(check, timeout=timeout):
                pass
        except urllib.error.HTTPError as exc:
            if exc.code == 401:
                raise EndpointError(f"{url}: HTTP 401 {exc.reason} (wrong user or password)") from None
        except (urllib.error.URLError, OSError) as exc:
            raise EndpointError(f"{url}: cannot reach the endpoint ({one_line(exc)})") from None
        value = handler.get_authorization(urllib.request.Request(url, method=method), chal)
        if value:
            return f"Digest {value}"
    raise EndpointError(f"{url}: the server asks for {scheme or 'an unknown'} authentication, "
                        "which policykg does not speak (basic and digest)")


def _virtuoso_store_url(endpoint: str, graph: str | None, user: str | None, password: str | None,
                        timeout: float | None) -> str | None:
    """Virtuoso's Graph Store URL for ``graph`` when ``endpoint`` is a Virtuoso server, else None."""
    from .remote import server_dialect

    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    if path.endswith(VIRTUOSO_STORE_PATHS) and parts.query:
        return store_url(endpoint, graph)  # complete (…?graph=…): as given, as for any server
    if path.endswith(VIRTUOSO_STORE_PATHS):
        crud = urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    elif "?" not in endpoint and server_dialect(endpoint_urls(endpoint).query, timeout=timeout) == "virtuoso":
        crud = urllib.parse.urlunsplit((parts.scheme, parts.netloc, VIRTUOSO_STORE_PATHS[0], "", ""))
    else:
        return None
    if graph is None:
        raise EndpointError(f"{crud}: Virtuoso's Graph Store writes named graphs only; give --graph IRI "
                            "(queries without FROM see every graph)")
    return f"{crud}?{urllib.parse.urlencode({'graph': graph})}"


# ---------------------------------------------------------------- serve
def oxigraph_executable() -> str:
    """The ``oxigraph`` server binary: next to this Python (the venv's ``bin/``), else on PATH."""
    candidates = [Path(sys.executable).with_name("oxigraph"), Path(sys.executable).with_name("oxigraph.exe")]
    for c in candidates:
        if c.is_file() and os.access(c, os.X_OK):
            return str(c)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise MissingExtraError("the oxigraph server is not installed: pip install 'policykg[server]'")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen | None = None, timeout: float = 60) -> None:
    """Poll ``url`` (a SPARQL query URL) with ``ASK {}`` until it answers, the process dies or time is up."""
    deadline = time.monotonic() + timeout
    probe = url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    while True:
        if process is not None and process.poll() is not None:
            raise EndpointError(f"the oxigraph server exited (code {process.returncode}) before it was ready")
        try:
            with urllib.request.urlopen(probe, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            raise EndpointError(f"the oxigraph server did not answer at {url} within {timeout:g} s")
        time.sleep(0.1)


@dataclass
class ServedKG:
    """A running ``oxigraph`` server loaded with a KG. Use as a context manager, or call `stop`."""

    process: subprocess.Popen
    host: str
    port: int
    location: Path
    writable: bool
    triples: int
    _cleanup: list[Path] = field(default_factory=list)
    guard: Any = None  # kg.sparql.guard.WriteGuard in front of the server
    memory_mb: float | None = None  # MB the server may grow past its size when it started, else restarted
    restarts: int = 0  # times the server was restarted for its memory
    _command: list[str] = field(default_factory=list)
    _log: Path | None = None
    _backend: tuple[str, int] | None = None
    _lock: Any = field(default_factory=threading.Lock)
    _stopping: bool = False

    @property
    def url(self) -> str:
        """The query page (Oxigraph's YASGUI) and base URL."""
        return f"http://{self.host}:{self.port}/"

    @property
    def query_url(self) -> str:
        return f"http://{self.host}:{self.port}/query"

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self, grace: float = 10) -> None:
        """Terminate the server (SIGTERM, then SIGKILL after ``grace`` seconds) and remove its store."""
        with self._lock:
            self._stopping = True
        if self.guard is not None:
            self.guard.stop()
            self.guard = None
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for path in self._cleanup:
            shutil.rmtree(path, ignore_errors=True)
        self._cleanup.clear()

    def wait(self) -> int:
        """Block until the server exits (not when `watch_memory` restarts it); returns its exit code."""
        while True:
            process = self.process
            try:
                # In steps: a signal the kernel gives another thread (the guard's, the memory watch)
                # does not interrupt a blocking waitpid in this one, and SIGTERM would wait for the server.
                code = process.wait(_WAIT_STEP)
            except subprocess.TimeoutExpired:
                continue
            with self._lock:
                if self.process is process or self._stopping:
                    return code

    def watch_memory(self, poll: float = 0.05) -> None:
        """In a daemon thread: restart the server when its memory grows `memory_mb` past its size once
        started. Oxigraph has no memory limit of its own; a query that grows without end (a
        ``GROUP_CONCAT`` over a cross join) is stopped this way, and its client gets a 503 saying why
        (`kg.sparql.guard`). The store is on disk, so the new server answers the same."""
        if not self.memory_mb:
            return
        from ..processes import rss_mb

        def run() -> None:
            baseline = rss_mb(self.process.pid)
            while True:
                time.sleep(poll)
                with self._lock:
                    if self._stopping or self.process.poll() is not None:
                        return
                    if rss_mb(self.process.pid) <= baseline + self.memory_mb:
                        continue
                    if self.guard is not None:
                        self.guard.state["memory_stops"] += 1
                        self.guard.state["ready"].clear()
                    old = self.process
                    old.kill()
                    old.wait()
                    self.process = _start_server(self._command, self._log)
                    self.restarts += 1
                assert self._backend is not None
                try:
                    wait_until_up(f"http://{self._backend[0]}:{self._backend[1]}/query", self.process, 120)
                except EndpointError:
                    return  # the new server did not come up: `wait` reports its exit
                finally:
                    if self.guard is not None:
                        self.guard.state["ready"].set()
                baseline = rss_mb(self.process.pid)

        threading.Thread(target=run, name="policykg-serve-memory", daemon=True).start()

    def __enter__(self) -> ServedKG:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def load_store(location: Path, files: Sequence[Path], timeout: float | None = None) -> None:
    """``oxigraph load`` the files into a store directory."""
    cmd = [oxigraph_executable(), "load", "--location", str(location)]
    for f in files:
        cmd += ["--file", str(f)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False,
                          preexec_fn=_die_with(os.getpid()))
    if proc.returncode != 0:
        # Oxigraph ends a failure with a backtrace ("6: _start"): its own message is the line that
        # says what went wrong, not the last one.
        lines = [ln.strip() for ln in proc.stderr.splitlines() if ln.strip()]
        said = next((ln for ln in lines if "error" in ln.lower() and not ln[:1].isdigit()), None)
        said = said or next((ln for ln in lines if not ln[:1].isdigit() and not ln.startswith("at ")), "")
        raise EndpointError(f"oxigraph load failed: {one_line(said) or f'exit code {proc.returncode}'}")


def _die_with(parent: int):
    """``preexec_fn`` for a child that must not outlive this process (SIGKILL included)."""
    from ..processes import die_with_parent

    return lambda: die_with_parent(parent)


_WAIT_STEP = 0.5  # seconds between looks at the server while waiting for it (see ServedKG.wait)
DEFAULT_SERVE_TIMEOUT = 120.0  # seconds; `policykg serve` cancels longer queries unless told otherwise
_STORE_PREFIX = "policykg-serve-"  # + the pid of the process that made it + "-" + random


def remove_stale_stores(tmp: str | os.PathLike[str] | None = None) -> list[Path]:
    """Remove the temporary stores of `serve_kg` whose process is gone (a serve killed by SIGKILL
    cannot remove its own); the stores removed. Stores of running servers are left alone."""
    removed = []
    for path in Path(tmp or tempfile.gettempdir()).glob(_STORE_PREFIX + "*-*"):
        owner = path.name.removeprefix(_STORE_PREFIX).split("-", 1)[0]
        if not owner.isdigit() or not path.is_dir():
            continue  # not named by a pid: not ours to judge
        pid = int(owner)
        if pid == os.getpid() or _alive(pid):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def serve_kg(
    data: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    port: int | None = 7878,
    host: str = "127.0.0.1",
    writable: bool = False,
    query_timeout: float | None = None,
    with_ontology: bool = True,
    startup_timeout: float = 120,
    allowed_hosts: Sequence[str] = (),
    allowed_services: Sequence[str] = (),
    memory_mb: float | None = None,
) -> ServedKG:
    """Start a real Oxigraph SPARQL server on ``host:port`` loaded with the KG.

    Parameters
    ----------
    data
        KG file(s) (``out/kg.ttl``); the ontology and vocabularies are added unless ``with_ontology``.
    port
        TCP port; ``0`` or ``None`` picks a free one.
    host
        Interface to bind; loopback by default (the server has no authentication).
    writable
        ``oxigraph serve`` (accepts SPARQL UPDATE and Graph Store writes) instead of ``serve-read-only``.
    query_timeout
        Seconds after which the server aborts a query (``--timeout-s``).
    allowed_hosts
        Host names the ``Host`` header may give besides the address served (DNS rebinding).
    allowed_services
        Endpoints a query's ``SERVICE`` may call (`kg.sparql.service`); none by default.
    memory_mb
        MB the server may grow past its size once started before it is restarted (`ServedKG.watch_memory`);
        ``None``: no limit. `serve_until_stopped` gives ``POLICYKG_QUERY_MEMORY_MB`` (1,024 by default).

    Returns
    -------
    ServedKG
        The running server: ``.url`` (query page), ``.query_url``, ``.pid``, ``.stop()``.

    Examples
    --------
    >>> with serve_kg("out/kg.ttl", port=0) as server:  # doctest: +SKIP
    ...     print(server.url)
    http://127.0.0.1:43817/
    """
    paths = [Path(data)] if isinstance(data, (str, os.PathLike)) else [Path(p) for p in data]
    for p in paths:
        if not p.is_file():
            raise FileNotFoundError(2, "no such file", os.fspath(p))
    files = paths + (support_paths() if with_ontology else [])
    check_port(port)
    remove_stale_stores()
    # Parsed (and checked) here, before `oxigraph load`: a bad file is one line naming it, not the
    # loader's last line of a backtrace, and a DTD never reaches Oxigraph's RDF/XML parser.
    triples = _count_triples(files)
    if port and port_in_use(host, port):
        # An orphaned server (or anything else) there would answer in place of this one.
        raise EndpointError(f"port {host}:{port} is already in use; stop what serves there or choose "
                            "another port")
    workdir = Path(tempfile.mkdtemp(prefix=f"{_STORE_PREFIX}{os.getpid()}-"))
    try:
        location = workdir / "store"
        load_store(location, files)
        port = port or free_port(host)
        # Oxigraph on a private loopback port, behind the guard (kg.sparql.guard) on the public one:
        # it refuses other hosts' names (DNS rebinding), writes from other web pages and SERVICE
        # calls to endpoints not allowed.
        backend = ("127.0.0.1", free_port("127.0.0.1"))
        cmd = [oxigraph_executable(), "serve" if writable else "serve-read-only",
               "--location", str(location), "--bind", f"{backend[0]}:{backend[1]}"]
        if query_timeout:
            cmd += ["--timeout-s", str(max(1, round(query_timeout)))]
        process = _start_server(cmd, workdir / "server.log")
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    served = ServedKG(process, host, port, location, writable, triples, [workdir], memory_mb=memory_mb,
                      _command=cmd, _log=workdir / "server.log", _backend=backend)
    try:
        from .guard import start_guard

        served.guard = start_guard(host, port, backend, allowed_hosts=tuple(allowed_hosts),
                                   allowed_services=tuple(allowed_services), memory_mb=memory_mb)
        wait_until_up(served.query_url, process, startup_timeout)
        served.watch_memory()
    except BaseException as exc:
        log_path = workdir / "server.log"
        log_text = log_path.read_text("utf-8", "replace") if log_path.exists() else ""
        served.stop()
        last = next((ln for ln in reversed(log_text.splitlines()) if ln.strip()), "")
        if isinstance(exc, EndpointError) and last:
            raise EndpointError(f"{exc} ({one_line(last)})") from None
        raise
    return served


def _parsed(path: Path) -> Iterator[Any]:
    """The quads of an RDF file, through the guarded path every RDF input takes (`kg.safe_rdf`: no
    DTD, no JSON-LD context fetched, sizes bounded) before Oxigraph's parser sees it; a file that is
    not RDF in its format is a `KGReadError` naming it."""
    import pyoxigraph as ox

    from ..safe_rdf import check_rdf_file
    from .store import KGReadError

    check_rdf_file(path)
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) or ox.RdfFormat.TURTLE
    try:
        yield from ox.parse(path=str(path), format=fmt)
    except (SyntaxError, ValueError) as exc:
        raise KGReadError(f"{path}: not valid RDF ({fmt.name}): {one_line(exc)}") from None
    except MemoryError as exc:  # a line or a term over the parser's 16 MiB buffer
        raise KGReadError(f"{path}: cannot be read as RDF ({fmt.name}): {one_line(exc)}") from None


def _start_server(cmd: list[str], log_path: Path) -> subprocess.Popen:
    with log_path.open("ab") as log:
        return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                preexec_fn=_die_with(os.getpid()))


def _count_triples(files: Sequence[Path]) -> int:
    return sum(sum(1 for _ in _parsed(path)) for path in files)


_STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


@contextlib.contextmanager
def interrupt_on_signals() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP (a closed terminal) raise KeyboardInterrupt like Ctrl-C, so
    clean-up code runs (the default action ends the process without it)."""

    def on_term(signum: int, frame: object) -> None:  # noqa: ARG001
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, on_term) for sig in _STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def stop_on_signals(server: ServedKG) -> Iterator[None]:
    """While inside, SIGTERM, SIGHUP (and SIGINT, as KeyboardInterrupt) stop ``server`` cleanly."""
    try:
        with interrupt_on_signals():
            yield
    finally:
        server.stop()


def serve_until_stopped(
    data: str | os.PathLike[str],
    *,
    port: int | None = 7878,
    writable: bool = False,
    query_timeout: float | None = None,
    announce=print,
    allowed_hosts: Sequence[str] = (),
    allowed_services: Sequence[str] = (),
) -> int:
    """`serve_kg`, print where, and block until Ctrl-C or SIGTERM; then stop the server and clean up.

    Returns 0 after a requested stop, or 1 if the server exited by itself. ``query_timeout``:
    seconds after which the server cancels a query; ``None`` gives `DEFAULT_SERVE_TIMEOUT`, ``0``
    no limit (an abandoned cross join would otherwise keep a core busy until it ends).
    """
    from ..processes import query_memory_budget

    query_timeout = DEFAULT_SERVE_TIMEOUT if query_timeout is None else (query_timeout or None)
    memory = query_memory_budget()
    with interrupt_on_signals():  # a stop while loading removes the store too
        server = serve_kg(data, port=port, writable=writable, query_timeout=query_timeout,
                          allowed_hosts=allowed_hosts, allowed_services=allowed_services, memory_mb=memory)
    mode = "writable" if writable else "read-only"
    with stop_on_signals(server):
        limit = f", queries cancelled after {query_timeout:g} s" if query_timeout else ""
        limit += f" or past {memory:,.0f} MB" if memory else ""
        announce(f"serving {server.triples:,} triples ({mode}{limit}) at {server.url}  "
                 f"SPARQL endpoint: {server.query_url}  (Ctrl-C to stop)", flush=True)
        try:
            code = server.wait()
        except KeyboardInterrupt:
            announce("stopping the server", flush=True)
            return 0
    raise EndpointError(f"the oxigraph server stopped by itself (exit code {code})")
