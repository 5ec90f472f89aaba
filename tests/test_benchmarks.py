"""The benchmark suite runs end to end in quick mode and reports every figure (no timing asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_quick_benchmark_reports_every_figure(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--json", str(out)],
                          capture_output=True, text=True, timeout=1200, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    r = json.loads(out.read_text(encoding="utf-8"))
    e = r["extraction"]
    assert e["characters"] > 0 and e["ratio_vs_lcut"] > 0 and e["speedup_jobs2"] > 0
    sizes = r["extraction-size"]  # one plan, two sizes in quick mode; timings are reported, never asserted
    assert [x["exit_code"] for x in sizes] == [0, 0] and sizes[1]["size_ratio"] > 1 and "time_ratio" in sizes[1]
    assert [b["plans"] for b in r["build"]] == [4, 12]
    assert all(b["exit_code"] == 0 and b["valid"] == "yes" and b["triples"] > 0 for b in r["build"])
    j = r["build-vs-jieba"]  # the whole default build of the dev plans against one jieba.lcut pass
    assert j["plans"] == 27 and j["exit_codes"] == [0] and j["valid"] == "yes" and j["ratio"] > 0
    assert j["peak_rss_mb"] > 0 and len(j["lcut_s"]) == 2
    assert {"extract", "triples", "validate", "turtle"} <= set(j["stage_cpu_ms_per_plan"])
    q = r["queries"]
    from kg.sparql.library import list_queries

    assert {row["query"] for row in q["queries"]} == {qf.name for qf in list_queries()}
    assert all(row["oxigraph_s"] is not None for row in q["queries"])
    # Where both stores answered, they found the same number of rows.
    assert all(row["same_rows"] for row in q["queries"])
    assert set(q["load_s_per_million"]) == {"oxigraph", "memory"}
    assert r["startup"]["help_s"] > 0
    a = r["ask"]  # timings are reported, never asserted
    assert a["questions"] >= 50 and a["answered"] + a["refused"] == a["questions"] and a["refused"] >= 10
    assert a["startup_s"] > 0 and 0 < a["median_s"] <= a["slowest_s"]
    for heading in ("## Extraction", "## Extraction by plan size", "## Build", "## Library queries", "## Start-up", "plain `jieba.lcut`",
                    "## Whole build against plain `jieba.lcut`",
                    "## Ask in Chinese"):
        assert heading in proc.stdout


def _profile(*args: str) -> str:
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "profile.py"), "--top", "40", *args],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def _rows(report: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip("|").split("|")] for line in report.splitlines()
            if line.startswith("| ") and not line.startswith("| self s")]


def test_profile_of_extraction_names_the_extractor(tmp_path):
    html = tmp_path / "extraction.html"
    report = _profile("--html", str(html), "extraction", "--megabytes", "0.3")
    assert report.startswith("# Profile: extraction of ")
    rows = _rows(report)
    # Self times are not double counted (pyinstrument's synthetic [self] frames): shares stay ≤ 100 %.
    assert 0 < sum(float(r[1].rstrip("%")) for r in rows) <= 100.5
    # The extractor's own functions show up, located in the project, not in a library.
    assert any(r[2] == "policykg" and r[4].startswith("loaders/") for r in rows), report
    assert "<html" in html.read_text(encoding="utf-8")[:2000].lower()


def test_profile_of_a_query_and_a_bad_query_name():
    report = _profile("query", "tasks-led-by-agency", "--triples", "3000", "--repeat", "2")
    assert "query tasks-led-by-agency ×2" in report
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "profile.py"), "query", "no-such-query"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 2
    assert proc.stderr.strip() == ("profile.py: unknown query 'no-such-query'; "
                                   "`policykg queries` lists the library")
