"""The explorer's web application: Starlette routes, Jinja2 templates, content negotiation, `serve`.

Routes (all GET; the app is read-only and has no route that writes):

==========================  ==================================================================
``/``                       overview: documents, counts, targets by year, agencies, IP types
``/id/…``, ``/vocab/…``     the page of the IRI ``https://w3id.org/policykg/id/…`` (document, task,
                            agency, target, IP type, industry, or its triples); Turtle, JSON-LD,
                            N-Triples or RDF/XML by ``Accept`` or by the suffix ``.ttl`` / ``.jsonld``
``/resource?iri=…``         the same for any other IRI (ontology classes, external IRIs)
``/search?q=…``             names containing the text (bound into the query, never pasted)
``/ask?q=…``                a question in Chinese (`kg.ask`): understanding, rows, SPARQL
``/sparql?query=…``         a SPARQL editor: read-only SELECT/ASK with a time limit
``/network?kind=…``         the co-assignment or lead network (the offline viewer), downloads
==========================  ==================================================================

Pages carry a Content-Security-Policy that allows only the app's own scripts (no inline script runs),
and the Host header must name the server by an IP address, localhost, the address served or a name
given with ``--allow-host`` (so a web page elsewhere cannot reach the app through DNS rebinding, also
when it listens on 0.0.0.0).
"""

from __future__ import annotations

import socket
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import MissingExtraError, PolicyKGError, QueryError, QueryTimeout, one_line, require

require("starlette", extra="explore")
jinja2 = require("jinja2", extra="explore")

from starlette.applications import Starlette  # noqa: E402
from starlette.exceptions import HTTPException  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402
from starlette.requests import Request  # noqa: E402
from starlette.responses import HTMLResponse, Response  # noqa: E402
from starlette.routing import Mount, Route  # noqa: E402
from starlette.staticfiles import StaticFiles  # noqa: E402

from . import pages  # noqa: E402
from .data import DEFAULT_TIMEOUT, NETWORK_KINDS, Explorer, local_path  # noqa: E402
from .editor import EditorResult, QueryWorker, run_on_endpoint  # noqa: E402

__all__ = ["create_app", "serve", "negotiate", "RDF_FORMATS", "SECURITY_HEADERS"]

#: Media type → (rdflib format, Content-Type, suffix) of the RDF an IRI is served as.
RDF_FORMATS = {
    "text/turtle": ("turtle", "text/turtle; charset=utf-8", ".ttl"),
    "application/ld+json": ("json-ld", "application/ld+json", ".jsonld"),
    "application/n-triples": ("nt", "application/n-triples; charset=utf-8", ".nt"),
    "application/rdf+xml": ("xml", "application/rdf+xml", ".rdf"),
}
_SUFFIXES = {suffix: media for media, (_, _, suffix) in RDF_FORMATS.items()}
_HTML = ("text/html", "application/xhtml+xml")

SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                                 b"img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                                 b"frame-ancestors 'none'; form-action 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]

EXAMPLE_QUERY = """PREFIX pkg:  <https://w3id.org/policykg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

# 牵头任务最多的单位 / agencies by key tasks led
SELECT ?agency ?full_name (COUNT(DISTINCT ?task) AS ?tasks_led)
WHERE {
  ?task a pkg:KeyTask ; pkg:leadAgency ?agency .
  ?agency skos:prefLabel ?full_name .
}
GROUP BY ?agency ?full_name
ORDER BY DESC(?tasks_led)
"""

_DOWNLOAD_FILES = {"gexf": ("gexf", ".gexf", "application/gexf+xml"),
                   "graphml": ("graphml", ".graphml", "application/graphml+xml"),
                   "pajek": ("pajek", ".net", "text/plain; charset=utf-8"),
                   "dl": ("dl", ".dl", "text/plain; charset=utf-8"),
                   "csv-nodes": ("csv", ".nodes.csv", "text/csv; charset=utf-8"),
                   "csv-edges": ("csv", ".edges.csv", "text/csv; charset=utf-8")}


def negotiate(accept: str | None) -> str | None:
    """What to answer a request with: ``"html"``, an RDF media type of `RDF_FORMATS`, or None (406).

    The highest ``q`` wins; at equal ``q`` a named type beats a wildcard, then the first named.

    Examples
    --------
    >>> negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    'html'
    >>> negotiate("text/turtle"), negotiate("application/ld+json, text/html;q=0.5"), negotiate(None)
    ('text/turtle', 'application/ld+json', 'html')
    >>> negotiate("*/*, text/turtle;q=0.9"), negotiate("image/png") is None
    ('html', True)
    """
    if not accept or not accept.strip():
        return "html"
    best: tuple[float, int, int] | None = None
    choice = None
    for position, part in enumerate(accept.split(",")):
        media, *params = [x.strip() for x in part.split(";")]
        media = media.lower()
        q = 1.0
        for p in params:
            if p.replace(" ", "").lower().startswith("q="):
                try:
                    q = float(p.split("=", 1)[1])
                except ValueError:
                    q = 0.0
        if media in _HTML:
            answer, specific = "html", 1
        elif media in RDF_FORMATS:
            answer, specific = media, 1
        elif media == "application/json":
            answer, specific = "application/ld+json", 1
        elif media in ("*/*", "text/*"):
            answer, specific = "html", 0
        else:
            continue
        key = (q, specific, -position)
        if q > 0 and (best is None or key > best):
            best, choice = key, answer
    return choice


def _number(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"
    return "" if value is None else str(value)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("kg.explore", "templates"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.globals.update(href=local_path, short=pages.short, network_kinds=NETWORK_KINDS)
    env.filters["num"] = _number
    return env


class _SecurityHeaders:
    """ASGI middleware: the `SECURITY_HEADERS` on every response."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                names = {k.lower() for k, _ in message["headers"]}
                message["headers"] += [(k, v) for k, v in SECURITY_HEADERS if k not in names]
            await send(message)

        await self.app(scope, receive, with_headers)


def host_allowed(host_header: str, names: set[str]) -> bool:
    """Whether a ``Host`` header names this server: one of ``names`` (lower case, ``*`` for any) or an IP
    address literal, with any port. A name is what DNS rebinding uses (a site's own name made to resolve
    to this machine); an address cannot be rebound.

    Examples
    --------
    >>> names = {"127.0.0.1", "localhost", "::1"}
    >>> [host_allowed(h, names) for h in ("localhost:8000", "10.0.0.5:8000", "[::1]:80", "evil.example:80")]
    [True, True, True, False]
    """
    import ipaddress

    host = host_header.strip().lower()
    if host.startswith("["):
        host = host[1:].split("]", 1)[0]
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    if "*" in names or host in names:
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class _HostCheck:
    """ASGI middleware: 400 for a request whose ``Host`` does not name this server (`host_allowed`)."""

    def __init__(self, app: Any, names: set[str]) -> None:
        self.app, self.names = app, names

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
            if not host_allowed(host, self.names):
                await Response("400 Invalid host header: this server answers to its own address only "
                               "(policykg explore --allow-host NAME adds a name)\n", status_code=400,
                               media_type="text/plain; charset=utf-8")(scope, receive, send)
                return
        await self.app(scope, receive, send)


class _Site:
    """The handlers, around one `Explorer` (and, for a KG file, the editor's `QueryWorker`)."""

    def __init__(self, explorer: Explorer, worker: QueryWorker | None,
                 services: tuple[str, ...] = ()) -> None:
        self.ex = explorer
        self.worker = worker
        self.services = services
        self.env = _environment()
        self._downloads: dict[tuple[str, str], bytes] = {}
        self._downloads_lock = threading.Lock()

    # ------------------------------------------------------------------ rendering
    def render(self, template: str, request: Request, status: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("q", "")
        context.setdefault("alternates", [])
        html = self.env.get_template(template).render(source=self.ex.source, path=request.url.path, **context)
        return HTMLResponse(html, status_code=status, headers={"Vary": "Accept"})

    def error(self, request: Request, status: int, title: str, message: str) -> HTMLResponse:
        return self.render("error.html", request, status=status, title=title, message=message)

    # ------------------------------------------------------------------ pages
    def overview(self, request: Request) -> Response:
        return self.render("overview.html", request, **pages.overview(self.ex))

    def search(self, request: Request) -> Response:
        return self.render("search.html", request, **pages.search(self.ex, request.query_params.get("q", "")))

    def ask(self, request: Request) -> Response:
        context = pages.answer(self.ex, request.query_params.get("q", ""))
        question = context.pop("q")
        return self.render("ask.html", request, question=question, **context)

    def network(self, request: Request) -> Response:
        kind = request.query_params.get("kind", "co-assignment")
        if kind not in NETWORK_KINDS:
            return self.error(request, 404, "没有这个网络 No such network",
                              f"网络 network: {', '.join(NETWORK_KINDS)}")
        return self.render("network.html", request, **pages.network(self.ex, kind))

    def download(self, request: Request) -> Response:
        kind = request.query_params.get("kind", "co-assignment")
        fmt = request.query_params.get("format", "gexf")
        if kind not in NETWORK_KINDS or fmt not in _DOWNLOAD_FILES:
            return self.error(request, 404, "没有这个文件 No such file",
                              f"kind: {', '.join(NETWORK_KINDS)}; format: {', '.join(_DOWNLOAD_FILES)}")
        writer, suffix, media = _DOWNLOAD_FILES[fmt]
        with self._downloads_lock:
            if (kind, fmt) not in self._downloads:
                from ..networks.exports import write_network

                with tempfile.TemporaryDirectory(prefix="policykg-explore-") as folder:
                    base = Path(folder) / f"{kind}{'.csv' if writer == 'csv' else suffix}"
                    written = write_network(self.ex.network(kind), base, writer)
                    chosen = next(p for p in written if p.name.endswith(suffix))
                    self._downloads[(kind, fmt)] = chosen.read_bytes()
            body = self._downloads[(kind, fmt)]
        return Response(body, media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="{kind}{suffix}"'})

    def sparql(self, request: Request) -> Response:
        text = request.query_params.get("query")
        result: EditorResult | None = None
        error, status = None, 200
        if text is not None and text.strip():
            try:
                if self.worker is not None:
                    result = self.worker.run(text)
                else:
                    assert self.ex.endpoint is not None
                    result = run_on_endpoint(text, self.ex.endpoint, self.ex.timeout, **self.ex._credentials,
                                             allowed_services=self.services)
            except QueryTimeout as exc:
                error, status = str(exc), 504
            except PolicyKGError as exc:
                error, status = one_line(exc), 400
        shown = text if text is not None else EXAMPLE_QUERY
        return self.render("sparql.html", request, status=status, query=shown, result=result, error=error,
                           timeout=self.ex.timeout)

    # ------------------------------------------------------------------ IRIs
    def entity(self, request: Request) -> Response:
        raw = request.scope.get("raw_path") or request.url.path.encode("utf-8")
        path = raw.decode("utf-8", "replace").split("?", 1)[0]
        media = negotiate(request.headers.get("accept"))
        found = self.ex.find(path)
        if found is None:
            for suffix, forced in _SUFFIXES.items():
                if path.endswith(suffix) and suffix in (".ttl", ".jsonld", ".nt", ".rdf"):
                    found = self.ex.find(path[: -len(suffix)])
                    media = forced if found else media
                    break
        if found is None:
            return self.error(request, 404, "图中没有这个 IRI Not in the graph",
                              f"图中没有 {path} 的三元组 the graph has no triples about this IRI")
        return self._answer_iri(request, *found, media)

    def resource(self, request: Request) -> Response:
        iri = request.query_params.get("iri", "").strip()
        media = negotiate(request.headers.get("accept"))
        fmt = request.query_params.get("format")
        if fmt:
            media = next((m for m, (_, _, s) in RDF_FORMATS.items() if s == "." + fmt), None)
        found = None
        if iri:
            from rdflib import URIRef

            try:
                rows = self.ex.rows("explore/types", resource=URIRef(iri))
            except QueryError:
                rows = []
            if rows:
                found = (iri, sorted(str(r["type"]) for r in rows if r["type"] is not None))
        if found is None:
            return self.error(request, 404, "图中没有这个 IRI Not in the graph", f"iri: {iri or '(none)'}")
        return self._answer_iri(request, *found, media, generic=True)

    def _answer_iri(self, request: Request, iri: str, types: list[str], media: str | None,
                    generic: bool = False) -> Response:
        if media is None:
            offered = ", ".join(("text/html", *RDF_FORMATS))
            return Response(f"406 Not Acceptable: {offered}\n", status_code=406,
                            media_type="text/plain; charset=utf-8", headers={"Vary": "Accept"})
        if media != "html":
            return self._rdf(iri, media)
        base = local_path(iri)
        suffix = (lambda s: f"{base}&format={s[1:]}") if "?" in base else (lambda s: base + s)
        alternates = [("text/turtle", "Turtle", suffix(".ttl")),
                      ("application/ld+json", "JSON-LD", suffix(".jsonld"))]
        kind = "resource" if generic else pages.kind_of(types)
        if kind == "resource":
            context = pages.resource(self.ex, iri, types)
        else:
            context = getattr(pages, kind)(self.ex, iri)
        return self.render(f"{kind}.html", request, alternates=alternates, **context)

    def _rdf(self, iri: str, media: str) -> Response:
        from rdflib import Graph, URIRef

        from ..graph.namespaces import PREFIXES

        fmt, content_type, _ = RDF_FORMATS[media]
        g = Graph(bind_namespaces="none")
        for prefix, namespace in PREFIXES.items():
            g.bind(prefix, namespace)
        subject = URIRef(iri)
        for row in self.ex.result("explore/describe", resource=subject).rows:
            g.add((subject, row["p"], row["o"]))
        for row in self.ex.result("explore/describe-in", resource=subject).rows:
            g.add((row["s"], row["p"], subject))
        options: dict[str, Any] = {"auto_compact": True} if fmt == "json-ld" else {}
        body = g.serialize(format=fmt, **options)
        return Response(body.encode("utf-8") if isinstance(body, str) else body, media_type=content_type,
                        headers={"Vary": "Accept"})

    # ------------------------------------------------------------------ the viewer's own assets
    def network_asset(self, request: Request) -> Response:
        from importlib import resources

        name = request.path_params["name"]
        media = {"network.js": "text/javascript; charset=utf-8", "network.css": "text/css; charset=utf-8"}
        if name not in media:
            raise HTTPException(404)
        text = resources.files("kg.networks.exports").joinpath(name).read_text(encoding="utf-8")
        return Response(text, media_type=media[name], headers={"Cache-Control": "max-age=3600"})


def create_app(explorer: Explorer, worker: QueryWorker | None = None,
               allowed_hosts: list[str] | None = None, allowed_services: tuple[str, ...] = ()) -> Starlette:
    """The explorer as an ASGI application (serve it with uvicorn, or drive it with a test client).

    Parameters
    ----------
    explorer
        The KG (`kg.explore.data.Explorer`).
    worker
        Runs the SPARQL editor's queries (`kg.explore.editor.QueryWorker`) on a KG file; without one
        (an endpoint) they go to the endpoint.
    allowed_hosts
        Host names the requests may name besides IP addresses (default: localhost; ``["*"]`` for any).
    allowed_services
        Endpoints an editor query's ``SERVICE`` may call on an endpoint (`kg.sparql.service`); a
        `QueryWorker` has its own list.
    """
    site = _Site(explorer, worker, tuple(allowed_services))

    def page_error(request: Request, exc: Exception) -> Response:
        if isinstance(exc, HTTPException):
            if exc.status_code == 405:
                return Response("405 Method Not Allowed: the explorer is read-only (GET)\n", status_code=405,
                                media_type="text/plain; charset=utf-8", headers={"Allow": "GET, HEAD"})
            return site.error(request, exc.status_code, f"{exc.status_code}", str(exc.detail))
        if isinstance(exc, QueryTimeout):
            return site.error(request, 504, "查询超时 The query timed out", one_line(exc))
        if isinstance(exc, MissingExtraError):
            return site.error(request, 501, "缺少依赖 A package is missing", one_line(exc))
        if isinstance(exc, PolicyKGError):
            return site.error(request, 400, "无法回答 Cannot answer", one_line(exc))
        return site.error(request, 500, "出错了 Something went wrong", type(exc).__name__)

    routes = [
        Route("/", site.overview),
        Route("/search", site.search),
        Route("/ask", site.ask),
        Route("/sparql", site.sparql),
        Route("/network", site.network),
        Route("/network/download", site.download),
        Route("/resource", site.resource),
        Route("/id/{rest:path}", site.entity),
        Route("/vocab/{rest:path}", site.entity),
        Route("/assets/{name}", site.network_asset),
        Mount("/static", app=StaticFiles(packages=[("kg.explore", "static")]), name="static"),
    ]
    hosts = {h.lower().strip("[]") for h in allowed_hosts or ["127.0.0.1", "localhost", "::1"]}
    return Starlette(
        routes=routes,
        middleware=[Middleware(_SecurityHeaders), Middleware(_HostCheck, names=hosts)],
        exception_handlers={HTTPException: page_error, PolicyKGError: page_error, Exception: page_error},
    )


def _warm_up(explorer: Explorer) -> None:
    """Project the networks and read the question vocabulary once, so the first visit is quick."""
    for kind in NETWORK_KINDS:
        try:
            explorer.network(kind)
        except Exception:  # noqa: BLE001, S112 - the page reports the problem when it is asked for
            continue
    try:
        explorer.ask("区市场监管局牵头哪些任务？")
    except Exception:  # noqa: BLE001, S110 - a refusal or an error is fine: the vocabulary is read
        pass


def serve(data: str | Path | None = None, *, endpoint: str | None = None, host: str = "127.0.0.1",
          port: int = 8000, timeout: float | None = DEFAULT_TIMEOUT, user: str | None = None,
          password: str | None = None, allowed_hosts: Sequence[str] = (),
          allowed_services: Sequence[str] = ()) -> int:
    """Serve the explorer until Ctrl-C (or SIGTERM); prints the URL when it listens.

    Bound to ``host`` (127.0.0.1 unless given); port 0 picks a free one. Requests must name the server
    by an IP address, ``localhost``, the ``host`` given or one of ``allowed_hosts`` (DNS rebinding);
    editor queries may call the endpoints of ``allowed_services`` with ``SERVICE``, no other. Returns
    the exit code.
    """
    from ..processes import check_port

    check_port(port)
    uvicorn = require("uvicorn", extra="explore")
    print(f"policykg explore: loading {endpoint or data} …", flush=True)
    explorer = Explorer(data, endpoint=endpoint, timeout=timeout, user=user, password=password)
    worker = (QueryWorker(explorer.files, timeout=timeout, allowed_services=tuple(allowed_services))
              if endpoint is None else None)
    loopback = host in ("127.0.0.1", "localhost", "::1")
    allowed = ["127.0.0.1", "localhost", "::1", *allowed_hosts]
    if host not in ("0.0.0.0", "::", ""):
        allowed.append(host)
    app = create_app(explorer, worker, allowed, tuple(allowed_services))
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise PolicyKGError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.listen(128)
    actual = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    if not loopback:
        print(f"policykg explore: warning: listening on {host}, not only on this machine: whoever reaches "
              "it can read the KG", file=sys.stderr, flush=True)
    if worker is not None:
        worker.start()
    threading.Thread(target=_warm_up, args=(explorer,), name="policykg-explore-warm-up", daemon=True).start()
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                            timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)
    limit = f"queries stop after {timeout:g} s; " if timeout else ""
    print(f"policykg explore: http://{shown}:{actual}/ ({explorer.source}; read-only; {limit}Ctrl-C to stop)",
          flush=True)
    try:
        server.run(sockets=[sock])
    finally:
        if worker is not None:
            worker.close()
        sock.close()
    return 0
