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
    assert [b["plans"] for b in r["build"]] == [4, 12]
    assert all(b["exit_code"] == 0 and b["valid"] == "yes" and b["triples"] > 0 for b in r["build"])
    q = r["queries"]
    from kg.sparql import list_queries

    assert {row["query"] for row in q["queries"]} == {qf.name for qf in list_queries()}
    assert all(row["oxigraph_s"] is not None for row in q["queries"])
    # Where both stores answered, they found the same number of rows.
    assert all(row["same_rows"] for row in q["queries"])
    assert set(q["load_s_per_million"]) == {"oxigraph", "memory"}
    assert r["startup"]["help_s"] > 0
    for heading in ("## Extraction", "## Build", "## Library queries", "## Start-up", "plain `jieba.lcut`"):
        assert heading in proc.stdout
