"""The guard in front of every Oxigraph server `policykg serve` starts: no writes from other web pages,
no host names but the server's own, no ``SERVICE`` calls to endpoints nobody allowed.

``policykg serve`` has no password (it is meant for one user on 127.0.0.1). A web page the same user
opens can still make the browser send a form POST to ``http://127.0.0.1:7878/update`` (cross-site
request forgery), or reach the port under a host name of its own that resolves to 127.0.0.1 (DNS
rebinding) and read the answers; and a query with ``SERVICE <http://127.0.0.1:PORT/…>`` makes Oxigraph
call that URL and return what it says. Oxigraph has no option against any of these, so it listens on
a private loopback port (read-only or writable) and this guard serves the public one, passing
requests through unless

- the ``Host`` header names another host than the one served (``127.0.0.1``, ``localhost``,
  ``[::1]`` or the ``--host`` given, with the port) or one the user allowed: refused for every method;
- a request that can write (anything but GET, HEAD and OPTIONS) carries an ``Origin`` or a
  ``Referer`` of another origin than the server's own: refused. Browsers send ``Origin`` with every
  cross-site POST; command-line clients (curl, ``policykg push``, SPARQLWrapper) send none;
- a SPARQL query or update (``?query=``/``?update=``, a form, or an ``application/sparql-query`` or
  ``-update`` body, whatever the path) has a ``SERVICE`` whose endpoint is not in the allow-list
  (``--allow-service``; `kg.sparql.service`): refused. Such bodies are read whole before they are
  passed on, up to `MAX_SPARQL_BYTES`.

Refusals are HTTP 403 with a one-line reason. Other bodies (Graph Store uploads) and every answer are
passed through in pieces.
"""

from __future__ import annotations

import contextlib
import http.client
import http.server
import socketserver
import threading
import urllib.parse
from dataclasses import dataclass, field

__all__ = ["WriteGuard", "start_guard", "MAX_SPARQL_BYTES"]

#: Bytes of a SPARQL query or update the guard reads to check it (a larger one is refused with 413).
MAX_SPARQL_BYTES = 16 * 2**20
_SPARQL_TYPES = {"application/sparql-query": "query", "application/sparql-update": "update"}
_FORM = "application/x-www-form-urlencoded"
_RESTART_WAIT = 120  # seconds a request waits for a server being restarted

_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
_HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
               "transfer-encoding", "upgrade"}
_CHUNK = 1 << 16


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


@dataclass
class WriteGuard:
    """A running guard: ``stop()`` closes its port."""

    server: http.server.HTTPServer
    thread: threading.Thread
    host: str
    port: int
    backend: tuple[str, int]
    allowed_hosts: set[str] = field(default_factory=set)
    allowed_services: frozenset[str] = frozenset()
    state: dict = field(default_factory=dict)  # memory restarts and readiness (ServedKG.watch_memory)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(10)


def _own_hosts(host: str, port: int) -> set[str]:
    names = {host, "127.0.0.1", "localhost", "[::1]"} if host in ("127.0.0.1", "localhost", "::1") else {host}
    names = {f"[{n}]" if ":" in n and not n.startswith("[") else n for n in names}
    return {f"{n}:{port}".lower() for n in names}


def _sparql_texts(target: str, content_type: str, body: bytes | None) -> list[tuple[str, bool]]:
    """The SPARQL texts of a request, each with whether it is an update.

    Examples
    --------
    >>> _sparql_texts("/query?query=ASK%7B%7D", "", None)
    [('ASK{}', False)]
    >>> _sparql_texts("/update", "application/sparql-update; charset=utf-8", b"CLEAR ALL")
    [('CLEAR ALL', True)]
    """
    params = urllib.parse.parse_qsl(urllib.parse.urlsplit(target).query, keep_blank_values=True)
    media = content_type.split(";", 1)[0].strip().lower()
    texts: list[tuple[str, bool]] = []
    if body is not None and media == _FORM:
        params += urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
    elif body is not None and media in _SPARQL_TYPES:
        texts.append((body.decode("utf-8", "replace"), _SPARQL_TYPES[media] == "update"))
    texts += [(value, name == "update") for name, value in params if name in ("query", "update")]
    return texts


def start_guard(host: str, port: int, backend: tuple[str, int], *, allowed_hosts: tuple[str, ...] = (),
                allowed_services: tuple[str, ...] = (), memory_mb: float | None = None) -> WriteGuard:
    """Serve ``host:port`` in a background thread, passing allowed requests to ``backend``.

    ``allowed_hosts``: more names the ``Host`` header may give (with or without the port);
    ``allowed_services``: the endpoints a ``SERVICE`` may call (none by default).
    """
    from .service import ServiceRefused, check_services

    allowed = _own_hosts(host, port) | {h.lower() for h in allowed_hosts}
    allowed |= {f"{h.lower()}:{port}" for h in allowed_hosts}
    services = frozenset(allowed_services)
    ready = threading.Event()
    ready.set()  # cleared while the server behind is restarted (kg.sparql.endpoint.ServedKG.watch_memory)
    state = {"memory_stops": 0, "ready": ready}

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"  # one request per connection: the body ends when it closes

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
            pass

        def _refuse(self, why: str) -> None:
            body = (why + "\n").encode("utf-8")
            self.send_response(403)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _check(self) -> str | None:
            if (self.headers.get("Host") or "").lower() not in allowed:
                return "refused: the Host header is not this server's (DNS rebinding?)"
            if self.command in _SAFE_METHODS:
                return None
            for header in ("Origin", "Referer"):
                value = self.headers.get(header)
                if value is None:
                    continue
                parts = urllib.parse.urlsplit(value)
                if value == "null" or parts.netloc.lower() not in allowed:
                    return f"refused: a write from another origin ({header}: {value})"
            return None

        def _body(self, length: str | None) -> bytes | None:
            """The request's body when it is SPARQL text to check (read whole, bounded), else None (it
            is streamed through later)."""
            media = (self.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
            if media != _FORM and media not in _SPARQL_TYPES:
                return None
            size = int(length or 0)
            if size > MAX_SPARQL_BYTES:
                raise ValueError(f"a SPARQL request over {MAX_SPARQL_BYTES // 2**20} MB is not checked; "
                                 "refused")
            return self.rfile.read(size)

        def _forward(self) -> None:
            why = self._check()
            if why:
                self._refuse(why)
                return
            length = self.headers.get("Content-Length")
            if self.headers.get("Transfer-Encoding") and length is None:
                self.send_error(411, "give a Content-Length")
                return
            try:
                body = self._body(length)
                for text, update in _sparql_texts(self.path, self.headers.get("Content-Type") or "", body):
                    check_services(text, services, update=update)
            except ValueError as exc:
                self.send_error(413, str(exc))
                return
            except ServiceRefused as exc:
                self._refuse(f"refused: {exc}")
                return
            ready.wait(_RESTART_WAIT)  # a server being restarted: wait for it rather than answer 502
            connection = http.client.HTTPConnection(*backend, timeout=None)
            answered = False
            stops = state["memory_stops"]
            try:
                connection.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
                for name, value in self.headers.items():
                    if name.lower() not in _HOP_BY_HOP:
                        connection.putheader(name, value)
                connection.endheaders()
                if body is not None:
                    connection.send(body)
                left = 0 if body is not None else int(length or 0)
                while left > 0:
                    chunk = self.rfile.read(min(_CHUNK, left))
                    if not chunk:
                        break
                    connection.send(chunk)
                    left -= len(chunk)
                response = connection.getresponse()
                answered = True
                self.send_response_only(response.status, response.reason)
                for name, value in response.getheaders():
                    if name.lower() not in _HOP_BY_HOP:
                        self.send_header(name, value)
                self.end_headers()
                while chunk := response.read1(_CHUNK) if self.command != "HEAD" else b"":
                    self.wfile.write(chunk)
            except (ConnectionError, OSError, http.client.HTTPException):
                if not answered and state["memory_stops"] != stops:  # stopped while this request ran
                    with contextlib.suppress(OSError):
                        self.send_error(503, f"the server grew past {memory_mb or 0:,.0f} MB of memory while "
                                             "answering and was restarted; narrow the query (LIMIT, FILTER)")
                elif not answered:  # the server is not (yet) there
                    with contextlib.suppress(OSError):
                        self.send_error(502, "the SPARQL server does not answer")
            finally:
                connection.close()

        do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _forward

    server = _Server((host, port), Handler)
    thread = threading.Thread(target=server.serve_forever, name="policykg-write-guard", daemon=True)
    thread.start()
    return WriteGuard(server, thread, host, server.server_address[1], backend, allowed, services, state)
