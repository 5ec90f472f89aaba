"""A query written in Python (kg.sparql.library.query_from_text) runs like a library query."""

from __future__ import annotations

import pytest

from kg.errors import QueryError
from kg.sparql.library import load_query, query_from_text
from kg.sparql.run import run_query
from kg.sparql.store import open_kg

LED_BY = """
# title: 某机构牵头的任务 / Tasks an agency leads
# description: hand-written, as in notebook 01
# param: agency (agency) — the lead agency
# default: agency = "区人社局"
PREFIX pkg:     <https://w3id.org/policykg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>

SELECT ?id ?agency
WHERE { ?task a pkg:KeyTask ; pkg:leadAgency ?agency ; dcterms:identifier ?id ; pkg:number ?n . }
ORDER BY ?n
"""


@pytest.fixture(scope="module")
def sample_kg(sample_graph):
    return open_kg(sample_graph)


def test_header_is_read_as_from_a_file():
    q = query_from_text(LED_BY, name="led-by")
    assert q.name == "led-by"
    assert q.title == "某机构牵头的任务 / Tasks an agency leads"
    assert q.description == "hand-written, as in notebook 01"
    assert q.params == {"agency": "the lead agency"}
    assert q.param_types == {"agency": "agency"}
    assert q.defaults == {"agency": '"区人社局"'}
    # The same header parser as library files: a library query read as text gives the same record.
    library = load_query("tasks-led-by-agency")
    again = query_from_text(library.text, name=library.name)
    assert (again.title, again.params, again.defaults, again.param_types) == (
        library.title, library.params, library.defaults, library.param_types)


def test_runs_with_label_parameters_and_defaults(sample_kg, gold):
    q = query_from_text(LED_BY)
    led = {t["id"] for t in gold["tasks"] if "区法院" in t["lead"]}
    assert [r["id"] for r in run_query(q, {"agency": "区法院"}, graph=sample_kg).plain_rows()] == sorted(led)
    assert [r["id"] for r in run_query(q, {"agency": "长寿区人民法院"}, graph=sample_kg).plain_rows()] == sorted(led)
    default = [t["id"] for t in gold["tasks"] if "区人社局" in t["lead"]]
    assert [r["id"] for r in run_query(q, graph=sample_kg).plain_rows()] == default == ["（十一）"]


def test_a_hostile_value_stays_a_value(sample_kg):
    q = query_from_text(LED_BY)
    with pytest.raises(QueryError, match="no agency named"):
        run_query(q, {"agency": '区法院" } ; DROP ALL ; #'}, graph=sample_kg)


def test_errors_name_the_query():
    with pytest.raises(QueryError, match="has no parameter 'year'"):
        run_query(query_from_text(LED_BY, name="led-by"), {"year": "2025"}, graph=open_kg())
    with pytest.raises(QueryError, match="<broken>: the query does not parse"):
        run_query(query_from_text("SELECT ?x WHERE { ?x", name="broken"), graph=open_kg())
