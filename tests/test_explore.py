"""``policykg explore`` over plain HTTP: every kind of page answers, IRIs resolve to HTML or RDF by
content negotiation and by suffix, user text is bound and escaped, the editor is read-only, a slow
query times out (its process killed) while the server goes on, and the networks download.

The browser walk-through (a real headless Chromium) is in test_explore_browser.py."""

from __future__ import annotations

import json
import os
import time
import urllib.parse

import pytest

pytest.importorskip("starlette", reason="pip install 'policykg[explore]'")
pytest.importorskip("uvicorn", reason="pip install 'policykg[explore]'")

from rdflib import Graph, Literal, URIRef  # noqa: E402
from rdflib.namespace import RDFS, SKOS  # noqa: E402

from tests.explore_server import get, running_explorer  # noqa: E402

PKGID = "https://w3id.org/policykg/id/"
COURT = PKGID + "agency/%E9%95%BF%E5%AF%BF%E5%8C%BA%E4%BA%BA%E6%B0%91%E6%B3%95%E9%99%A2"  # 长寿区人民法院
TASK3 = PKGID + "doc/changshou-ip-plan/task/3.3"
DOC = PKGID + "doc/changshou-ip-plan"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . }"
TIMEOUT = 8


@pytest.fixture(scope="module")
def site(sample_kg_dir):
    # a generous limit, so that a loaded machine does not turn a page into a 504
    with running_explorer(sample_kg_dir / "kg.ttl", "--timeout", "120") as (url, proc):
        yield url.rstrip("/"), proc


@pytest.fixture
def strict_site(sample_kg_dir):
    """A server whose queries stop after TIMEOUT seconds."""
    with running_explorer(sample_kg_dir / "kg.ttl", "--timeout", str(TIMEOUT)) as (url, proc):
        yield url.rstrip("/"), proc


def path_of(iri: str) -> str:
    return iri[len("https://w3id.org/policykg"):]


def html(site, path: str, status: int = 200) -> str:
    code, headers, body = get(site[0] + path, BROWSER_ACCEPT)
    assert code == status, (path, code, body[:500])
    assert headers["content-type"].startswith("text/html")
    return body.decode("utf-8")


# ---------------------------------------------------------------- pages
def test_every_kind_of_page_answers_with_its_content(site):
    timings = {}
    for name, path, expected in [
        ("overview", "/", ["政策知识图谱概览", "12</b> 重点任务", "区市场监管局", "专利", "2025年"]),
        ("document", path_of(DOC), ["（三）加强知识产权司法保护", 'class="fact lead"', "《重庆市知识产权强市建设纲要》",
                                   "每万人口发明专利拥有量", ">重庆市</a> <span class=\"mono muted\">500000",
                                   ">重庆市长寿区</a> <span class=\"mono muted\">500115", "贯彻落实 implements"]),
        ("task", path_of(TASK3), ["加强知识产权司法保护", "区法院", "区检察院", "牵头单位 lead"]),
        ("agency", path_of(COURT), ["长寿区人民法院", "人民法院", "court", "中介中心性 betweenness", "加强知识产权司法保护",
                                   'href="/vocab/function/courts">法院</a>', 'href="/id/division/500115">长寿区</a>']),
        ("jurisdiction", "/id/division/500000", ["重庆市", "500000", "省级", "重庆市长寿区", "500115",
                                                 'id="jurisdiction-documents"', path_of(DOC)]),
        ("function", "/vocab/function/courts", ["机构职能", "Courts", "长寿区人民法院", 'id="function-agencies"']),
        ("ip-type", "/vocab/ip-type/copyright", ["版权", "copyright", "著作权", "软件著作权", "厚植知识产权文化氛围"]),
        ("industry", "/vocab/industry/new-energy", ["新能源", "new energy"]),
        ("target", path_of(DOC + "/target/1"), ["每万人口发明专利拥有量", "20", "anticipatory", "level target"]),
        ("section", path_of(DOC + "/section/3"), ["三、重点任务", "dcterms:title"]),
        ("class", "/resource?iri=" + urllib.parse.quote("https://w3id.org/policykg/ontology#KeyTask", safe=""),
         ["重点任务", "key task"]),
        ("network", "/network", ["graph-data", "/assets/network.js", "UCINET DL"]),
        ("search", "/search?q=" + urllib.parse.quote("法院"), ["长寿区人民法院"]),
        ("ask", "/ask?q=" + urllib.parse.quote("区法院牵头哪些任务？"), ["加强知识产权司法保护", "tasks-led-by-agency"]),
        ("sparql", "/sparql", ["textarea", "SELECT"]),
    ]:
        started = time.monotonic()
        page = html(site, path)
        first = time.monotonic() - started
        started = time.monotonic()
        html(site, path)
        timings[name] = f"{first:.3f} / {time.monotonic() - started:.3f}"
        for text in expected:
            assert text in page, (name, text)
        assert "https://cdn" not in page and "<script src=\"http" not in page  # nothing from the network
    print("page times (s), first / second visit:", json.dumps(timings, ensure_ascii=False))


def test_a_family_of_plans_shows_its_implementation_links_both_ways(tmp_path, cli):
    """A city plan and the district plans implementing it, built into one KG: each district's page links
    to the city plan as 贯彻落实, the city plan's page lists them, the city's page lists all four."""
    from kg.explore import pages
    from kg.explore.data import Explorer
    from loaders.synthetic.corpora import generate_family, write_plans

    fam = generate_family(seed=2)
    write_plans(fam.plans, tmp_path / "docs")
    cli("build", str(tmp_path / "docs"), "-o", str(tmp_path / "out"))
    ex = Explorer(data=tmp_path / "out" / "kg.ttl")
    parent = PKGID + "doc/" + fam.parent.doc_id
    page = pages.document(ex, parent)
    assert sorted(r["other"] for r in page["relations_in"]) == sorted(PKGID + "doc/" + c.doc_id for c in fam.children)
    assert {r["relation_en"] for r in page["relations_in"]} == {"implements"}
    assert page["context"]["issued"] == fam.parent.date and str(page["context"]["period_start"]) == str(fam.parent.period[0])
    child = pages.document(ex, PKGID + "doc/" + fam.children[0].doc_id)
    assert [(r["other"], r["in_corpus"]) for r in child["relations_out"] if r["relation_en"] == "implements"] == [
        (parent, True)]
    city = child["chain"][-2]
    assert city["name"] == fam.parent.city and city["code"] == {"重庆市": "500000", "成都市": "510100",
                                                                 "广州市": "440100"}[fam.parent.city]
    docs = pages.jurisdiction(ex, city["division"])["documents"]
    assert sorted(d["document"] for d in docs) == sorted(PKGID + "doc/" + p.doc_id for p in fam.plans)


def test_every_link_on_the_document_page_leads_somewhere(site):
    page = html(site, path_of(DOC))
    links = sorted({h for h in __import__("re").findall(r'href="(/(?:id|vocab)/[^"#]+)', page)})
    assert len(links) > 40
    for link in links:
        code, _, body = get(site[0] + link, BROWSER_ACCEPT)
        assert code == 200, (link, body[:300])


def test_pages_forbid_inline_scripts_and_other_origins(site):
    _, headers, _ = get(site[0] + "/", BROWSER_ACCEPT)
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src", 1)[1].split(";")[0]
    assert headers["x-content-type-options"] == "nosniff"


def test_a_request_naming_another_host_is_refused(site):
    import http.client

    host, port = urllib.parse.urlsplit(site[0]).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.request("GET", "/", headers={"Host": "evil.example:80"})
    assert conn.getresponse().status == 400
    conn.close()


def test_the_explorer_is_read_only(site):
    import http.client

    host, port = urllib.parse.urlsplit(site[0]).netloc.split(":")
    for method, path in [("POST", "/sparql"), ("PUT", path_of(COURT)), ("DELETE", path_of(COURT))]:
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        conn.request(method, path, body=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }")
        assert conn.getresponse().status == 405, (method, path)
        conn.close()
    page = html(site, "/sparql?query=" + urllib.parse.quote("INSERT DATA { <urn:a> <urn:b> <urn:c> }"), 400)
    assert "read-only" in page
    page = html(site, "/sparql?query=" + urllib.parse.quote("CONSTRUCT WHERE { ?s ?p ?o }"), 400)
    assert "only SELECT and ASK" in page
    page = html(site, "/sparql?query=" + urllib.parse.quote("ASK { <urn:a> ?p ?o }"))
    assert "<td>false</td>" in page.split('id="result-table"', 1)[1]  # nothing was written


# ---------------------------------------------------------------- IRIs that resolve
def _graph(body: bytes, fmt: str) -> Graph:
    g = Graph()
    g.parse(data=body.decode("utf-8"), format=fmt)
    return g


@pytest.mark.parametrize("accept, fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                         ("application/n-triples", "nt"), ("application/rdf+xml", "xml")])
def test_an_iri_gives_rdf_by_content_negotiation(site, accept, fmt):
    code, headers, body = get(site[0] + path_of(COURT), accept)
    assert code == 200 and headers["content-type"].split(";")[0] == accept
    assert "accept" in headers["vary"].lower()
    g = _graph(body, fmt)
    court = URIRef(COURT)
    assert (court, RDFS.label, Literal("区法院", lang="zh")) in g
    assert (court, SKOS.prefLabel, Literal("长寿区人民法院", lang="zh")) in g
    assert any(p == URIRef("http://www.w3.org/ns/prov#agent") for _, p, _ in g.triples((None, None, court)))


@pytest.mark.parametrize("suffix, fmt, media", [(".ttl", "turtle", "text/turtle"),
                                                (".jsonld", "json-ld", "application/ld+json")])
def test_an_iri_gives_rdf_by_suffix(site, suffix, fmt, media):
    code, headers, body = get(site[0] + path_of(TASK3) + suffix, BROWSER_ACCEPT)
    assert code == 200 and headers["content-type"].startswith(media)
    g = _graph(body, fmt)
    assert (URIRef(TASK3), URIRef("http://purl.org/dc/terms/title"), Literal("加强知识产权司法保护", lang="zh")) in g
    if fmt == "json-ld":
        assert isinstance(json.loads(body), dict | list)


def test_an_iri_gives_html_to_a_browser_and_says_where_its_rdf_is(site):
    page = html(site, path_of(COURT))
    assert f'<link rel="alternate" type="text/turtle" href="{path_of(COURT)}.ttl"' in page
    code, _, _ = get(site[0] + path_of(COURT), "image/png")
    assert code == 406
    code, headers, body = get(site[0] + "/vocab/ip-type/patent", "text/turtle")
    assert code == 200 and "专利" in body.decode("utf-8")
    code, _, _ = get(site[0] + "/resource?iri=" + urllib.parse.quote(COURT, safe="") + "&format=jsonld")
    assert code == 200


def test_an_iri_not_in_the_graph_is_404(site):
    code, _, body = get(site[0] + "/id/agency/%E4%B8%8D%E5%AD%98%E5%9C%A8", BROWSER_ACCEPT)
    assert code == 404 and "Not in the graph" in body.decode("utf-8")
    code, _, _ = get(site[0] + "/id/agency/nothing.ttl", "text/turtle")
    assert code == 404


# ---------------------------------------------------------------- user text: bound, escaped
def test_search_finds_chinese_substrings_of_labels_and_full_names(site):
    page = html(site, "/search?q=" + urllib.parse.quote("市场监管"))
    assert "长寿区市场监督管理局" in page and path_of(PKGID + "agency/") in page
    page = html(site, "/search?q=" + urllib.parse.quote("监督管理"))  # only in the full name
    assert "长寿区市场监督管理局" in page
    page = html(site, "/search?q=" + urllib.parse.quote("著作权"))  # an alternative label of 版权
    assert "/vocab/ip-type/copyright" in page


@pytest.mark.parametrize("text", ['") } SELECT * WHERE { ?s ?p ?o } #', "法院' || true || '", "\\u0022 ?s",
                                  '<script>alert("x")</script>'])
def test_search_text_is_bound_and_escaped(site, text):
    page = html(site, "/search?q=" + urllib.parse.quote(text))
    assert 'id="no-results"' in page  # a value, not query text: nothing matches it
    assert "<script>alert" not in page
    if "<script>" in text:
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_a_question_is_answered_with_its_understanding_sparql_and_an_editor_link(site):
    started = time.monotonic()
    page = html(site, "/ask?q=" + urllib.parse.quote("区市场监管局牵头几项任务？"))
    print(f"answer time: {time.monotonic() - started:.3f} s")
    assert 'id="summary">10。' in page and "task-count" in page and "区市场监管局" in page
    link = page.split('id="open-in-editor" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    editor = html(site, link)
    assert 'id="result-table"' in editor and "<td>10</td>" in editor
    refused = html(site, "/ask?q=" + urllib.parse.quote("长寿区的GDP是多少？<b>"))
    assert 'id="refusal"' in refused and "<b>" not in refused.split("<main", 1)[1]


# ---------------------------------------------------------------- slow queries
def test_a_slow_editor_query_times_out_and_the_server_goes_on(strict_site):
    site = strict_site
    url, proc = site
    html(site, "/sparql?query=" + urllib.parse.quote("ASK { ?s ?p ?o }"))  # the editor's process is up
    children = _children(proc.pid)
    assert children, "the editor's queries run in a child process"
    started = time.monotonic()
    page = html(site, "/sparql?query=" + urllib.parse.quote(CROSS_JOIN), 504)
    took = time.monotonic() - started
    assert "did not finish within" in page and TIMEOUT - 1 < took < TIMEOUT + 30
    time.sleep(0.5)
    assert not set(children) & set(_children(proc.pid)), "the overrunning query's process was killed"
    started = time.monotonic()
    html(site, "/")
    assert time.monotonic() - started < 30
    page = html(site, "/sparql?query=" + urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }"))
    assert 'id="result-table"' in page  # a new process answers the next query
    assert proc.poll() is None


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return found


# ---------------------------------------------------------------- downloads
@pytest.mark.parametrize("fmt, check", [
    ("gexf", lambda b: b.startswith(b"<?xml") and b"gexf" in b[:400]),
    ("graphml", lambda b: b"<graphml" in b[:600]),
    ("pajek", lambda b: b.startswith(b"*Vertices") or b"*vertices" in b[:50].lower()),
    ("dl", lambda b: b.lower().startswith(b"dl")),
    ("csv-nodes", lambda b: b.split(b"\n", 1)[0].lower().startswith(b"id,label")),
    ("csv-edges", lambda b: b"source" in b.split(b"\n", 1)[0].lower()),
])
def test_the_network_downloads(site, fmt, check):
    for kind in ("co-assignment", "lead"):
        code, headers, body = get(f"{site[0]}/network/download?kind={kind}&format={fmt}")
        assert code == 200 and check(body), (kind, fmt, body[:200])
        assert headers["content-disposition"].startswith(f'attachment; filename="{kind}.')
        assert "区市场监管局".encode() in body or fmt == "csv-edges"


def test_explore_refuses_a_port_in_use(sample_kg_dir, site, cli):
    port = urllib.parse.urlsplit(site[0]).port
    run = cli("explore", "--data", str(sample_kg_dir / "kg.ttl"), "--port", str(port), timeout=120)
    assert run.returncode == 1 and run.stderr.startswith("policykg: cannot listen on 127.0.0.1:")
    assert len(run.stderr.strip().splitlines()) == 1


def test_without_the_extra_explore_says_which_to_install(sample_kg_dir):
    import subprocess
    import sys

    code = ("import sys; sys.modules['starlette'] = None; from kg.cli import main; "
            f"sys.exit(main(['explore', '--data', {str(sample_kg_dir / 'kg.ttl')!r}, '--port', '0']))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 7
    assert run.stderr == "policykg: starlette is not installed: pip install 'policykg[explore]'\n"


def test_the_pages_read_the_same_from_an_endpoint(sample_kg_dir):
    """``--endpoint``: the same queries, networks and questions on a served Oxigraph (policykg serve)."""
    pytest.importorskip("pandas", reason="pip install 'policykg[analysis]'")
    from kg.errors import MissingExtraError
    from kg.explore import pages
    from kg.explore.data import Explorer
    from kg.explore.editor import run_on_endpoint
    from kg.sparql.endpoint import oxigraph_executable, serve_kg

    try:
        oxigraph_executable()
    except MissingExtraError as exc:
        pytest.skip(str(exc))
    local = Explorer(sample_kg_dir / "kg.ttl", timeout=60)
    with serve_kg(sample_kg_dir / "kg.ttl", port=0) as served:
        remote = Explorer(endpoint=served.url, timeout=60)
        assert remote.find(path_of(COURT)) == local.find(path_of(COURT))
        for build, iri in [(pages.task, TASK3), (pages.agency, COURT), (pages.target, DOC + "/target/1")]:
            a, b = build(local, iri), build(remote, iri)
            assert a == b, build.__name__
        assert pages.concept(local, "https://w3id.org/policykg/vocab/ip-type/copyright") == \
            pages.concept(remote, "https://w3id.org/policykg/vocab/ip-type/copyright")
        assert pages.search(local, "市场监管") == pages.search(remote, "市场监管")
        assert pages.answer(remote, "区法院牵头哪些任务？")["result"].answer == ["（三）"]
        assert sorted(remote.network("lead").edges) == sorted(local.network("lead").edges)
        result = run_on_endpoint("SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/policykg/ontology#KeyTask> }",
                                 served.url, timeout=60)
        assert result.rows == [[{"type": "literal", "value": "12",
                                 "datatype": "http://www.w3.org/2001/XMLSchema#integer"}]]


def test_the_templates_and_assets_are_package_data():
    """Every template, script and stylesheet of kg/explore is matched by pyproject's package-data."""
    import fnmatch
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    patterns = config["package-data"]["kg.explore"]
    assert "kg.explore" in config["packages"]
    files = [p.relative_to(root / "kg" / "explore").as_posix()
             for folder in ("templates", "static") for p in (root / "kg" / "explore" / folder).iterdir()]
    assert len(files) >= 14
    for name in files:
        assert any(fnmatch.fnmatch(name, pattern) for pattern in patterns), name
    assert "explore/*.rq" in config["package-data"]["kg.queries"]
