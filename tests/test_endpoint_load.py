"""The served endpoint under load: 20 concurrent clients, a fixed number of library queries (20 each,
400 in all), zero errors.

The work is fixed, not the time, so a slow machine takes longer rather than testing less. Every
answer is compared with the embedded store's; an update on the read-only server is refused while
the clients run (after a quarter of the answers are in); the throughput is printed (``-s`` shows it)
and written to the test report.
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

import pytest

from kg.sparql.endpoint import serve_kg
from kg.sparql.library import list_queries
from kg.sparql.remote import endpoint_urls
from kg.sparql.run import run_query
from kg.sparql.store import open_kg

CLIENTS = 20
QUERIES_PER_CLIENT = 20
QUERIES = CLIENTS * QUERIES_PER_CLIENT
# A mix of the library: joins, aggregates, property paths, bound parameters.
MIX = [
    ("agency-pairs", None),
    ("agencies-by-tasks-led", None),
    ("agencies-by-tasks-joined", None),
    ("tasks-by-ip-type", {"ip_type": "地理标志"}),
    ("tasks-led-by-agency", {"agency": "区法院"}),
    ("targets-by-year", {"year": "2025"}),
    ("cited-documents", None),
    ("cooperating-only-agencies", None),
]


def _key(result) -> frozenset:
    return frozenset(tuple(sorted((k, repr(v)) for k, v in row.items())) for row in result.plain_rows())


@pytest.fixture(scope="module")
def served(sample_kg_dir):
    kg = sample_kg_dir / "kg.ttl"
    expected = {name: _key(run_query(name, params, graph=open_kg(kg))) for name, params in MIX}
    with serve_kg(kg, port=0, query_timeout=30) as server:
        yield server, expected


def test_twenty_clients_four_hundred_queries(served, record_property):
    server, expected = served
    assert {name for name, _ in MIX} <= {q.name for q in list_queries()}
    answers: Counter[str] = Counter()
    errors: list[str] = []
    done = threading.Condition()

    def client(k: int) -> None:
        for i in range(k, k + QUERIES_PER_CLIENT):
            name, params = MIX[i % len(MIX)]
            try:
                got = _key(run_query(name, params, endpoint=server.url, timeout=30))
            except Exception as exc:  # noqa: BLE001 - every failure is a finding
                outcome = f"{name}: {type(exc).__name__}: {exc}"
            else:
                outcome = None if got == expected[name] else (
                    f"{name}: wrong answer ({len(got)} rows, expected {len(expected[name])})")
            with done:
                if outcome is None:
                    answers[name] += 1
                else:
                    errors.append(outcome)
                done.notify_all()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    # While they run, an update on the read-only server is refused and changes nothing (the answers
    # after it are still compared with the embedded store's).
    with done:
        assert done.wait_for(lambda: sum(answers.values()) + len(errors) >= QUERIES // 4, timeout=600)
    update = urllib.request.Request(
        endpoint_urls(server.url).update, method="POST",
        data=urllib.parse.urlencode({"update": "DELETE WHERE { ?s ?p ?o }"}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(update, timeout=30)
    assert refused.value.code in (403, 405)
    for t in threads:
        t.join(600)
    assert not any(t.is_alive() for t in threads), "a client is still waiting for an answer after 10 minutes"
    elapsed = time.monotonic() - t0
    total = sum(answers.values())
    throughput = total / elapsed
    record_property("queries_per_second", round(throughput, 1))
    print(f"\n{CLIENTS} clients, {QUERIES} queries in {elapsed:.1f} s: {throughput:.1f} queries/s, {len(errors)} errors")
    assert not errors, errors[:5]
    assert total == QUERIES
    assert set(answers) == {name for name, _ in MIX}
