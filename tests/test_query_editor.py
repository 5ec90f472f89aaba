"""`policykg serve` gives Oxigraph's query editor at its root URL, offline, and the README says so."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from pathlib import Path

from kg.sparql.endpoint import serve_kg

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_served_root_is_a_query_editor_that_works_offline(sample_kg_dir):
    with serve_kg(sample_kg_dir / "kg.ttl", port=0) as served:
        root = served.url if served.url.endswith("/") else served.url + "/"
        page = urllib.request.urlopen(root, timeout=30).read().decode("utf-8")
        assert "Yasgui" in page and 'endpoint: url + "/sparql"' in page
        # the editor's script and style come from the server itself, not from a CDN
        assert 'src="./yasgui.min.js"' in page and "https://" not in page.split("<body>", 1)[0]
        script = urllib.request.urlopen(root + "yasgui.min.js", timeout=30).read()
        assert len(script) > 100_000
        # what the editor sends: a SELECT to /sparql
        query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
        request = urllib.request.Request(root + "sparql?" + query,
                                         headers={"Accept": "application/sparql-results+json"})
        answer = json.loads(urllib.request.urlopen(request, timeout=30).read())
        assert int(answer["results"]["bindings"][0]["n"]["value"]) == served.triples


def test_readme_gives_the_editor_url():
    text = README.read_text(encoding="utf-8")
    assert "**http://127.0.0.1:7878/**" in text and "query editor" in text
