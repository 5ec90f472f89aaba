"""Virtuoso for large corpora: start a local server from a generated config, bulk-load shards, stop it.

Virtuoso (Debian's ``virtuoso-opensource``; ``virtuoso-t`` and ``isql-vt``) answers the library's
join and aggregate queries on millions of triples many times faster than the embedded store (see
docs/corpora.md, "Large corpora"). This module

- writes a ``virtuoso.ini`` into a work directory — both ports on 127.0.0.1 only, ``DirsAllowed``
  limited to the work directory and the shard directories, the HTTP document root an empty directory
  of its own (the database and logs are never served), memory sized for a small machine — and
  starts ``virtuoso-t +foreground +configfile …`` as a child process that dies with its parent, on
  ports that nothing else listens on (`start_virtuoso`); a fresh
  database gets its ``dba`` password *before* the server first listens (``+pwddba`` with
  ``+checkpoint-only``), so the default ``dba``/``dba`` is never reachable;
- bulk-loads the shards of ``policykg build --engine dask`` (and the ontology and vocabularies) into
  a named graph with Virtuoso's own loader (``ld_add`` + ``rdf_loader_run`` through ``isql-vt``;
  `load_shards`). ``DB.DBA.LOAD_LIST`` records each file's state, so a load that stopped or failed
  is resumed by running it again: loaded files are not loaded again, failed ones (once fixed) are, and
  since a Virtuoso graph is a set of triples a file loaded twice adds nothing twice. A shard that does
  not load is reported by its name with Virtuoso's message;
- stops the server by its process id (SIGTERM, then SIGKILL).

Credentials: the ``dba`` password comes from the caller (argument or ``POLICYKG_VIRTUOSO_PASSWORD``);
for a throwaway server without one a random password is made and kept in memory only. It is never
written to a file the project writes; Virtuoso itself keeps it (hashed) in the database under the
work directory, and it is passed to ``virtuoso-t`` and ``isql-vt`` as a command-line argument (the
only way they take it), so other local users can see it in the process list while they run — use a
throwaway password on shared machines.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EndpointError, one_line
from ..processes import die_with_parent, port_in_use

__all__ = ["VirtuosoError", "VirtuosoServer", "LoadReport", "start_virtuoso", "connect_virtuoso",
           "load_shards", "load_and_serve", "write_config", "virtuoso_executables", "ENV_PASSWORD",
           "DEFAULT_GRAPH"]

ENV_PASSWORD = "POLICYKG_VIRTUOSO_PASSWORD"
DEFAULT_GRAPH = "https://w3id.org/policykg/graph/kg"
_MARK = "POLICYKG|"


class VirtuosoError(EndpointError):
    """Virtuoso is missing, did not start, or refused a command (one line)."""


def virtuoso_executables() -> tuple[str, str]:
    """Paths of ``virtuoso-t`` and ``isql-vt`` (Debian's ``virtuoso-opensource``)."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if not server or not isql:
        raise VirtuosoError("Virtuoso is not installed (apt-get install virtuoso-opensource, "
                            "or run scripts/setup.sh)")
    return server, isql


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def write_config(
    workdir: str | os.PathLike[str],
    *,
    sql_port: int,
    http_port: int,
    host: str = "127.0.0.1",
    dirs_allowed: Sequence[str | os.PathLike[str]] = (),
    memory_mb: int = 512,
    threads: int = 2,
) -> Path:
    """Write ``workdir/virtuoso.ini`` for a server on ``host`` that keeps its database in ``workdir``.

    ``memory_mb`` sizes the page buffers (Virtuoso's advice: about two thirds of the memory given to
    it, 8 kB per buffer); ``threads`` bounds the threads per query and for the HTTP server. Result
    sets are not truncated (``ResultSetMaxRows``) and queries have no time limit, as on the embedded
    store. No password is written.

    The HTTP server's document root is ``workdir/http-root``, an empty directory of its own: the
    database, config, logs and transaction file beside it are not served (Virtuoso serves files
    under its ``ServerRoot`` to anyone who reaches the port). The SPARQL endpoint and the Graph Store
    are virtual paths that do not depend on it.

    Examples
    --------
    >>> write_config("work", sql_port=1111, http_port=8890, dirs_allowed=["shards"])  # doctest: +SKIP
    """
    work = Path(workdir).resolve()
    work.mkdir(parents=True, exist_ok=True)
    buffers = max(2000, memory_mb * 1024 * 2 // 3 // 8)
    dirs = ", ".join(dict.fromkeys([".", str(work)] + [str(Path(d).resolve()) for d in dirs_allowed]))
    root = work / "http-root"
    root.mkdir(mode=0o700, exist_ok=True)
    if any(root.iterdir()):
        raise VirtuosoError(f"{root}: the HTTP root must be empty (Virtuoso would serve what is in it)")
    text = f"""; Generated by policykg (kg.sparql.virtuoso) for a local server; no credentials here.
[Database]
DatabaseFile       = {work}/virtuoso.db
ErrorLogFile       = {work}/virtuoso.log
LockFile           = {work}/virtuoso.lck
TransactionFile    = {work}/virtuoso.trx
xa_persistent_file = {work}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {work}/virtuoso-temp.db
TransactionFile    = {work}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort            = {host}:{sql_port}
DisableUnixSocket     = 1
MaxClientConnections  = 8
CheckpointInterval    = 60
CaseMode              = 2
DirsAllowed           = {dirs}
NumberOfBuffers       = {buffers}
MaxDirtyBuffers       = {buffers * 3 // 4}
ThreadsPerQuery       = {threads}
AsyncQueueMaxThreads  = {threads}
MaxQueryMem           = {max(128, memory_mb // 2)}M
VectorSize            = 1000
MaxVectorSize         = 1000000

[HTTPServer]
ServerPort            = {host}:{http_port}
ServerRoot            = {root}
MaxClientConnections  = 8
ServerThreads         = {max(2, threads * 2)}
Charset               = UTF-8
EnabledGzipContent    = 0

[SPARQL]
ResultSetMaxRows           = 100000000
MaxQueryExecutionTime      = 0
MaxQueryCostEstimationTime = 0
MaxSortedTopRows           = 100000000
"""
    ini = work / "virtuoso.ini"
    ini.write_text(text, encoding="utf-8")
    return ini


@dataclass
class VirtuosoServer:
    """A Virtuoso server: started here (`start_virtuoso`) or an existing one (`connect_virtuoso`)."""

    host: str
    sql_port: int
    http_port: int
    user: str = "dba"
    password: str = field(default="", repr=False)
    process: subprocess.Popen | None = None
    workdir: Path | None = None
    _cleanup: list[Path] = field(default_factory=list, repr=False)

    @property
    def sparql_url(self) -> str:
        """The SPARQL query endpoint (``policykg query --endpoint`` takes it)."""
        return f"http://{self.host}:{self.http_port}/sparql"

    @property
    def graph_store_url(self) -> str:
        """The authenticated Graph Store (``policykg push --endpoint`` with ``--graph``)."""
        return f"http://{self.host}:{self.http_port}/sparql-graph-crud-auth"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def isql(self, sql: str, timeout: float | None = None) -> str:
        """Run SQL statements (``;``-terminated) through ``isql-vt``; its output, or `VirtuosoError`
        with Virtuoso's first error message."""
        _, isql = virtuoso_executables()
        cmd = [isql, f"{self.host}:{self.sql_port}", self.user, self.password, "VERBOSE=OFF", "BANNER=OFF",
               "PROMPT=OFF"]
        try:
            proc = subprocess.run(cmd, input=sql, capture_output=True, text=True, timeout=timeout,
                                  check=False, encoding="utf-8", errors="replace")
        except subprocess.TimeoutExpired:
            raise VirtuosoError(f"isql-vt did not finish within {timeout:g} s") from None
        output = proc.stdout + proc.stderr
        errors = [ln for ln in output.splitlines() if ln.startswith("*** Error")]
        if errors:
            raise VirtuosoError(f"Virtuoso at {self.host}:{self.sql_port}: {one_line(errors[0][4:])}")
        if proc.returncode != 0:
            raise VirtuosoError(f"isql-vt failed (exit {proc.returncode}): {one_line(output[-300:])}")
        return output

    def rows(self, select: str, timeout: float | None = None) -> list[list[str]]:
        """The rows of a SQL SELECT whose single column is ``'POLICYKG|' || a || '|' || b …``."""
        out = self.isql(select + ";\n", timeout)
        return [ln.strip()[len(_MARK):].split("|") for ln in out.splitlines() if ln.strip().startswith(_MARK)]

    def count(self, graph: str, timeout: float | None = 600) -> int:
        """Triples in ``graph`` (through the SPARQL endpoint)."""
        from rdflib import URIRef

        from .remote import RemoteBackend

        _, rows = RemoteBackend(self.sparql_url, timeout=timeout).select(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": URIRef(graph)})
        return int(str(rows[0]["n"])) if rows else 0

    def stop(self, grace: float = 30) -> None:
        """Stop a server started here by its process id (SIGTERM; SIGKILL after ``grace`` seconds) and
        remove a temporary work directory. An attached server is left running."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()
        for path in self._cleanup:
            shutil.rmtree(path, ignore_errors=True)
        self._cleanup.clear()

    def __enter__(self) -> VirtuosoServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


MAX_PASSWORD = 20  # longer ones are cut short somewhere between isql-vt and the server: "Bad login"


def _password(password: str | None) -> str:
    secret = password or os.environ.get(ENV_PASSWORD) or ""
    if len(secret) > MAX_PASSWORD:
        raise VirtuosoError(f"the Virtuoso password may have at most {MAX_PASSWORD} characters")
    return secret


def start_virtuoso(
    workdir: str | os.PathLike[str] | None = None,
    *,
    host: str = "127.0.0.1",
    sql_port: int | None = None,
    http_port: int | None = None,
    password: str | None = None,
    dirs_allowed: Sequence[str | os.PathLike[str]] = (),
    memory_mb: int = 512,
    threads: int = 2,
    startup_timeout: float = 300,
) -> VirtuosoServer:
    """Start ``virtuoso-t`` on ``host`` with a generated config and wait until it answers.

    Parameters
    ----------
    workdir
        Where the config and the database live. ``None``: a temporary directory, removed by `stop`.
        An existing database there is reused (a resumed load continues where it stopped).
    sql_port, http_port
        TCP ports (SQL for ``isql-vt``, HTTP for SPARQL); default: free ones.
    password
        The ``dba`` password; default ``POLICYKG_VIRTUOSO_PASSWORD``, else (new database only) a random
        one kept in memory (``server.password``).
    dirs_allowed
        Directories the server may read files from (the shard directories to load).
    memory_mb, threads
        Page-buffer memory and threads per query (see `write_config`).

    Examples
    --------
    >>> with start_virtuoso(dirs_allowed=["out/shards"]) as server:  # doctest: +SKIP
    ...     report = load_shards(server, "out/shards")
    ...     print(server.sparql_url, report.triples)
    """
    executable, _ = virtuoso_executables()
    temporary = workdir is None
    work = Path(tempfile.mkdtemp(prefix="policykg-virtuoso-") if temporary else workdir).resolve()
    work.mkdir(parents=True, exist_ok=True)
    fresh = not (work / "virtuoso.db").exists()
    secret = _password(password)
    if not secret:
        if not fresh:
            raise VirtuosoError(f"{work}: give the dba password of this database ({ENV_PASSWORD})")
        secret = secrets.token_hex(MAX_PASSWORD // 2 - 2)
    sql_port = sql_port or _free_port(host)
    http_port = http_port or _free_port(host)
    for port in dict.fromkeys((sql_port, http_port)):
        # An orphaned virtuoso-t (or anything else) on the port would answer in our place.
        if port_in_use(host, port):
            if temporary:
                shutil.rmtree(work, ignore_errors=True)
            raise VirtuosoError(f"port {host}:{port} is already in use (another Virtuoso?); "
                                "stop it or choose another port")
    ini = write_config(work, sql_port=sql_port, http_port=http_port, host=host, dirs_allowed=dirs_allowed,
                       memory_mb=memory_mb, threads=threads)
    base = [executable, "+foreground", "+configfile", str(ini)]
    try:
        if fresh:
            # Create the database, then set the dba password, both without listening, so the
            # default dba/dba is never reachable over the network.
            _run_offline(base + ["+checkpoint-only"], work)
            _run_offline(base + ["+checkpoint-only", "+pwdold", "dba", "+pwddba", secret, "+pwddav", secret],
                         work)
        log = (work / "server.out").open("ab")
        # virtuoso-t dies with this process (SIGKILL included): no orphan keeps the port and the
        # database.
        process = subprocess.Popen(base, cwd=work, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, preexec_fn=_die_with(os.getpid()))
        log.close()
    except BaseException:
        if temporary:
            shutil.rmtree(work, ignore_errors=True)
        raise
    server = VirtuosoServer(host, sql_port, http_port, "dba", secret, process, work,
                            [work] if temporary else [])
    try:
        _wait_until_ready(server, startup_timeout)
    except BaseException:
        server.stop()
        raise
    return server


def _die_with(parent: int):
    return lambda: die_with_parent(parent)


def _run_offline(cmd: list[str], work: Path) -> None:
    proc = subprocess.run(cmd, cwd=work, capture_output=True, text=True, timeout=600, check=False,
                          preexec_fn=_die_with(os.getpid()))
    if proc.returncode != 0:
        last = next((ln for ln in reversed((proc.stdout + proc.stderr).splitlines()) if ln.strip()), "")
        raise VirtuosoError(f"virtuoso-t could not prepare the database in {work}: {one_line(last)}")


def _wait_until_ready(server: VirtuosoServer, timeout: float) -> None:
    """Until the SQL port accepts connections and ``/sparql`` answers ``ASK {}``."""
    deadline = time.monotonic() + timeout
    probe = server.sparql_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    while True:
        process = server.process
        if process is not None and process.poll() is not None:
            raise VirtuosoError(f"virtuoso-t exited (code {process.returncode}) before it was ready"
                                f"{_log_tail(server.workdir)}")
        try:
            with socket.create_connection((server.host, server.sql_port), timeout=2):
                pass
            with urllib.request.urlopen(probe, timeout=5) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            raise VirtuosoError(f"Virtuoso did not answer at {server.sparql_url} within {timeout:g} s"
                                f"{_log_tail(server.workdir)}")
        time.sleep(0.25)


def _log_tail(work: Path | None) -> str:
    if work is None or not (work / "virtuoso.log").is_file():
        return ""
    lines = [ln for ln in (work / "virtuoso.log").read_text("utf-8", "replace").splitlines() if ln.strip()]
    return f" (log: {one_line(lines[-1])})" if lines else ""


def connect_virtuoso(
    isql: str = "127.0.0.1:1111", http: str = "127.0.0.1:8890", *, user: str = "dba",
    password: str | None = None,
) -> VirtuosoServer:
    """An existing Virtuoso server (``isql`` = its SQL ``host:port``, ``http`` = its HTTP ``host:port``).

    `load_shards` works on it as on a server started here; its ``DirsAllowed`` must include the shard
    directory. `VirtuosoServer.stop` leaves it running.

    Examples
    --------
    >>> server = connect_virtuoso("127.0.0.1:1111", "127.0.0.1:8890")  # doctest: +SKIP
    """
    host, _, sql_port = isql.rpartition(":")
    http_host, _, http_port = http.rpartition(":")
    if not sql_port.isdigit() or not http_port.isdigit():
        raise VirtuosoError(f"expected host:port, got {isql!r} and {http!r}")
    return VirtuosoServer(host or "127.0.0.1", int(sql_port), int(http_port), user, _password(password))


# ---------------------------------------------------------------- bulk load
@dataclass
class LoadReport:
    """What `load_shards` did: files loaded now, loaded before (skipped), failed (name, message)."""

    graph: str
    loaded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    triples: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        lines = [f"graph      <{self.graph}>: {self.triples:,} triples",
                 f"loaded     {len(self.loaded)} files" + (f" ({len(self.skipped)} loaded before)"
                                                          if self.skipped else "")]
        for name, message in self.failed:
            lines.append(f"failed     {name}: {message}")
        if self.failed:
            lines.append("           fix the file(s) and load again: loaded files are not loaded twice")
        return "\n".join(lines)


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def load_shards(
    server: VirtuosoServer,
    shard_dir: str | os.PathLike[str],
    graph: str = DEFAULT_GRAPH,
    *,
    support: bool = True,
    loaders: int = 1,
    timeout: float | None = None,
    verify: bool = True,
) -> LoadReport:
    """Bulk-load a shard directory (``manifest.json``, shards, citations, ontology) into ``graph``.

    Files are registered in Virtuoso's ``DB.DBA.LOAD_LIST`` and loaded by ``rdf_loader_run``
    (``loaders`` of them in parallel), then checkpointed. Files the list marks as loaded are not
    loaded again; files that failed before are tried again, so after fixing a bad shard the same call
    resumes the load. The report names every file that failed, with Virtuoso's message. Before
    anything is loaded, the manifest is checked and every shard's SHA-256 compared with it
    (`kg.graph.distributed.shard_files`): a mismatch is a one-line error and nothing is loaded
    (``verify=False`` for a caller that has just checked).

    Examples
    --------
    >>> report = load_shards(server, "out/shards")  # doctest: +SKIP
    >>> report.ok, report.triples  # doctest: +SKIP
    (True, 1003412)
    """
    from ..graph.distributed import shard_files
    from .text import BAD_IRI

    if BAD_IRI.search(graph) or not urllib.parse.urlsplit(graph).scheme:
        raise VirtuosoError(f"not an absolute IRI for the graph: {graph!r}")
    base = Path(shard_dir).resolve()
    # Every shard checked against the manifest's SHA-256 before anything is registered: a directory a
    # killed build left mixed, or a file changed since, is refused in one line (a ManifestError).
    files = [str(f.resolve()) for f in shard_files(base, support, verify=verify)]
    from ..safe_rdf import check_rdf_file

    for f in files:  # the guarded path of every RDF input: no DTD, no JSON-LD context fetched, sizes bounded
        check_rdf_file(f)
    names = {f: os.path.relpath(f, base) for f in files}
    in_list = "(" + ", ".join(_sql_string(f) for f in files) + ")"
    g = _sql_string(graph)
    state_sql = (f"select '{_MARK}' || ll_file || '|' || cast(ll_state as varchar) || '|' || "
                 f"coalesce(replace(replace(ll_error, '|', '/'), chr(10), ' '), '') "
                 f"from DB.DBA.LOAD_LIST where ll_graph = {g} and ll_file in {in_list}")
    before = {row[0]: row for row in server.rows(state_sql, timeout)}
    skipped = [f for f, row in before.items() if row[1] == "2" and not row[2]]
    script = "".join(f"ld_add({_sql_string(f)}, {g});\n" for f in files)
    # Re-queue what failed or was cut off last time (a graph is a set: reloading adds nothing twice).
    script += (f"update DB.DBA.LOAD_LIST set ll_state = 0, ll_error = NULL where ll_graph = {g} "
               f"and ll_file in {in_list} and (ll_error is not NULL or ll_state = 1);\n")
    server.isql(script, timeout)
    if loaders <= 1:
        server.isql("rdf_loader_run();\n", timeout)
    else:
        _parallel_loaders(server, loaders, timeout)
    server.isql("checkpoint;\n", timeout)
    after = {row[0]: row for row in server.rows(state_sql, timeout)}
    report = LoadReport(graph)
    for f in files:
        row = after.get(f)
        if row is None or row[1] != "2":
            report.failed.append((names[f], "not loaded (is its directory in the server's DirsAllowed?)"))
        elif row[2]:
            report.failed.append((names[f], row[2]))
        elif f in skipped:
            report.skipped.append(names[f])
        else:
            report.loaded.append(names[f])
    report.triples = server.count(graph)
    return report


def _parallel_loaders(server: VirtuosoServer, loaders: int, timeout: float | None) -> None:
    """``loaders`` concurrent ``rdf_loader_run()`` sessions (Virtuoso's advice: about one per core)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(loaders) as pool:
        for future in [pool.submit(server.isql, "rdf_loader_run();\n", timeout) for _ in range(loaders)]:
            future.result()


# ---------------------------------------------------------------- the policykg virtuoso command
def load_and_serve(
    shard_dir: str | os.PathLike[str],
    *,
    workdir: str | os.PathLike[str],
    graph: str = DEFAULT_GRAPH,
    http_port: int = 8890,
    sql_port: int = 1111,
    memory_mb: int = 2048,
    serve: bool = True,
    connect: str | None = None,
    http: str | None = None,
    announce=print,
) -> LoadReport:
    """What ``policykg virtuoso`` does: load a shard directory into Virtuoso and (with ``serve``) keep
    the server running until Ctrl-C or SIGTERM, then stop it by its pid.

    Without ``connect`` a local server is started on 127.0.0.1 with its database in ``workdir`` (kept:
    run the command again to resume a load or to serve again); the ``dba`` password is
    ``POLICYKG_VIRTUOSO_PASSWORD``. With ``connect`` (``host:port`` of an existing server's SQL port,
    ``http`` its HTTP ``host:port``) the shards are loaded there and nothing is started. The manifest
    and the shards' SHA-256 are checked first, before a server is started or reached.
    """
    from ..graph.distributed import shard_files
    from ..safe_rdf import check_rdf_file

    for f in shard_files(shard_dir, verify=True):
        check_rdf_file(f)  # the guarded path of every RDF input, before a server is started or reached
    secret = _password(None)
    if not secret:
        raise VirtuosoError(f"set {ENV_PASSWORD} to the dba password (a new database gets it; "
                            f"at most {MAX_PASSWORD} characters)")
    if connect:
        server = connect_virtuoso(connect, http or "127.0.0.1:8890", password=secret)
        report = load_shards(server, shard_dir, graph, verify=False)
        announce(report.summary())
        return report
    server = start_virtuoso(workdir, sql_port=sql_port, http_port=http_port, password=secret,
                            dirs_allowed=[shard_dir], memory_mb=memory_mb)
    previous = signal.getsignal(signal.SIGTERM)

    def on_term(signum: int, frame: object) -> None:  # noqa: ARG001
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    try:
        report = load_shards(server, shard_dir, graph, verify=False)
        announce(report.summary())
        if serve and report.ok:
            announce(f"serving at {server.sparql_url} (pid {server.pid}; graph store "
                     f"{server.graph_store_url}); Ctrl-C to stop", flush=True)
            try:
                code = server.process.wait() if server.process else 0
                tail = _log_tail(server.workdir)
                raise VirtuosoError(f"virtuoso-t stopped by itself (exit code {code}){tail}")
            except KeyboardInterrupt:
                announce("stopping Virtuoso", flush=True)
        return report
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.stop()
