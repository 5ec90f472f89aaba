"""A guard in front of a writable Oxigraph server: no writes from other web pages.

``policykg serve --writable`` accepts SPARQL UPDATE and Graph Store writes without a password (it is
meant for one user on 127.0.0.1). A web page the same user opens can still make the browser send a
form POST to ``http://127.0.0.1:7878/update`` (cross-site request forgery), or reach the port under
a host name of its own that resolves to 127.0.0.1 (DNS rebinding). Oxigraph has no option against
either, so in writable mode it listens on a private loopback port and this guard serves the public
one, passing requests through unless

- the ``Host`` header names another host than the one served (``127.0.0.1``, ``localhost``,
  ``[::1]`` or the ``--host`` given, with the port): refused for every method;
- a request that can write (anything but GET, HEAD and OPTIONS) carries an ``Origin`` or a
  ``Referer`` of another origin than the server's own: refused. Browsers send ``Origin`` with every
  cross-site POST; command-line clients (curl, ``policykg push``, SPARQLWrapper) send none.

Refusals are HTTP 403 with a one-line reason. Bodies are passed through in pieces in both directions.
"""

from __future__ import annotations

import contextlib
import http.client
import http.server
import socketserver
import threading
import urllib.parse
from dataclasses import dataclass, field

__all__ = ["WriteGuard", "start_guard"]

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

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(10)


def _own_hosts(host: str, port: int) -> set[str]:
    names = {host, "127.0.0.1", "localhost", "[::1]"} if host in ("127.0.0.1", "localhost", "::1") else {host}
    names = {f"[{n}]" if ":" in n and not n.startswith("[") else n for n in names}
    return {f"{n}:{port}".lower() for n in names}


def start_guard(host: str, port: int, backend: tuple[str, int]) -> WriteGuard:
    """Serve ``host:port`` in a background thread, passing allowed requests to ``backend``."""
    allowed = _own_hosts(host, port)

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

        def _forward(self) -> None:
            why = self._check()
            if why:
                self._refuse(why)
                return
            length = self.headers.get("Content-Length")
            if self.headers.get("Transfer-Encoding") and length is None:
                self.send_error(411, "give a Content-Length")
                return
            connection = http.client.HTTPConnection(*backend, timeout=None)
            answered = False
            try:
                connection.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
                for name, value in self.headers.items():
                    if name.lower() not in _HOP_BY_HOP:
                        connection.putheader(name, value)
                connection.endheaders()
                left = int(length or 0)
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
                if not answered:  # the server is not (yet) there
                    with contextlib.suppress(OSError):
                        self.send_error(502, "the SPARQL server does not answer")
            finally:
                connection.close()

        do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _forward

    server = _Server((host, port), Handler)
    thread = threading.Thread(target=server.serve_forever, name="policykg-write-guard", daemon=True)
    thread.start()
    return WriteGuard(server, thread, host, server.server_address[1], backend, allowed)
