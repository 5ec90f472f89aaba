"""The command line of the researcher's outputs: `policykg report`, `graph --no-measures / --excel /
--encoding`, `metrics --excel` — each run as a separate process, as a user would."""

from __future__ import annotations

import networkx as nx
import pytest

BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def data(sample_kg_dir) -> str:
    return str(sample_kg_dir / "kg.ttl")


def test_report_command(cli, data, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "analysis.xlsx"
    run = cli("report", "--data", data, "-o", str(out))
    assert run.returncode == 0, run.stderr
    assert "分工表" in run.stdout and "12 rows" in run.stdout and f"wrote {out}" in run.stdout
    book = openpyxl.load_workbook(out)
    assert book["分工表"].max_row == 13 and book["机构"].max_row == 20
    run = cli("report", "--data", data, "-o", str(tmp_path / "analysis.csv"))
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and ".xlsx" in run.stderr
    run = cli("report", "-o", str(tmp_path / "a.xlsx"), cwd=tmp_path)  # no out/kg.ttl here
    assert run.returncode == 5 and "policykg build" in run.stderr and "Traceback" not in run.stderr


def test_graph_measures_and_no_measures(cli, data, tmp_path):
    run = cli("graph", "--data", data, "--kind", "lead", "-o", str(tmp_path / "lead.graphml"))
    assert run.returncode == 0, run.stderr
    g = nx.read_graphml(tmp_path / "lead.graphml")
    samr = next(d for _, d in g.nodes(data=True) if d["label"] == "区市场监管局")
    assert samr["degree_out"] == 16 and samr["closeness_out"] > 0.8 and samr["community"] >= 1
    run = cli("graph", "--data", data, "--no-measures", "-o", str(tmp_path / "co.gexf"))
    assert run.returncode == 0, run.stderr
    g = nx.read_gexf(tmp_path / "co.gexf")
    assert all("betweenness" not in d and "community" not in d for _, d in g.nodes(data=True))


def test_graph_text_encodings(cli, data, tmp_path):
    run = cli("graph", "--data", data, "--excel", "-o", str(tmp_path / "co.csv"))
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "co.nodes.csv").read_bytes().startswith(BOM)
    assert (tmp_path / "co.edges.csv").read_bytes().startswith(BOM)
    for suffix in ("dl", "net"):
        run = cli("graph", "--data", data, "--encoding", "gb18030", "-o", str(tmp_path / f"co.{suffix}"))
        assert run.returncode == 0, run.stderr
        assert "区市场监管局".encode("gb18030") in (tmp_path / f"co.{suffix}").read_bytes()
    run = cli("graph", "--data", data, "--excel", "-o", str(tmp_path / "co.gexf"))
    assert run.returncode == 2 and "--excel goes with csv" in run.stderr and run.stderr.count("\n") == 1
    # an encoding the format cannot take: a network error (exit 11), one line, no file
    run = cli("graph", "--data", data, "--encoding", "gb18030", "-o", str(tmp_path / "co.graphml"))
    assert run.returncode == 11 and "always UTF-8" in run.stderr and run.stderr.count("\n") == 1
    run = cli("graph", "--data", data, "--encoding", "nonesuch", "-o", str(tmp_path / "co2.dl"))
    assert run.returncode == 11 and "unknown encoding" in run.stderr
    assert not (tmp_path / "co.gexf").exists() and not (tmp_path / "co2.dl").exists()


def test_metrics_for_excel(cli, data, tmp_path):
    run = cli("metrics", "--data", data, "--format", "csv", "--excel", "-o", str(tmp_path / "m.csv"))
    assert run.returncode == 0, run.stderr
    raw = (tmp_path / "m.csv").read_bytes()
    assert raw.startswith(BOM) and raw[3:].decode("utf-8").startswith("id,label,")
    run = cli("metrics", "--data", data, "--kind", "lead", "--format", "csv", "--excel")
    assert run.returncode == 0 and run.stdout.startswith("\ufeffid,label,")
    assert "closeness_out" in run.stdout.splitlines()[0]
    run = cli("metrics", "--data", data, "--excel")
    assert run.returncode == 2 and "--format csv" in run.stderr


def test_data_may_be_a_build_folder(cli, data, tmp_path):
    """`--data out` means `out/kg.ttl`, as `policykg build -o out` wrote it; a folder without one is one line."""
    from pathlib import Path

    folder = str(Path(data).parent)
    by_file, by_folder = cli("metrics", "--data", data), cli("metrics", "--data", folder)
    assert by_file.returncode == by_folder.returncode == 0, by_folder.stderr
    assert by_file.stdout == by_folder.stdout
    run = cli("metrics", "--data", str(tmp_path))
    assert run.returncode == 5 and run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
