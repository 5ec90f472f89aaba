"""Agency networks over time (kg.networks.temporal, ``policykg metrics --by year``, ``graph --year``), on a
generated series of yearly plans whose per-year degree of one agency the generator knows
(loaders.synthetic.corpora.generate_series), with the bundled sample (which has no date) as an undated
document."""

from __future__ import annotations

import csv
import io
import math

import networkx as nx
import pytest
from rdflib import Graph

from kg.errors import UsageError
from kg.graph.corpus import build_corpus
from kg.networks.exports import read_network
from kg.networks.projection import co_assignment_network, network_from_file, read_kg
from kg.networks.temporal import (
    Period,
    SliceError,
    Timeline,
    measures_over_time,
    metrics_over_time,
    parse_period,
    undated_warning,
)
from loaders.synthetic.corpora import generate_series, write_plans

from .conftest import run_cli

YEARS = range(2019, 2025)


@pytest.fixture(scope="module")
def series():
    return generate_series(seed=1, years=YEARS)


@pytest.fixture(scope="module")
def plan_files(series, tmp_path_factory):
    return write_plans(series.plans, tmp_path_factory.mktemp("series-plans"))


@pytest.fixture(scope="module")
def kg_path(plan_files, sample_path, tmp_path_factory):
    """The series and the (undated) sample built into one KG."""
    out = tmp_path_factory.mktemp("series-kg")
    result = build_corpus([*plan_files, sample_path], out, jobs=1, validate=False)
    assert result.documents == len(plan_files) + 1
    return out / "kg.ttl"


@pytest.fixture(scope="module")
def timeline(kg_path):
    return Timeline.from_file(kg_path)


def _focus_rows(nodes, focus):
    """The rows of the focus agency: its full name in the KG is the generator's canonical name, or that
    name without the city (重庆市长寿区市场监督管理局 → 长寿区市场监督管理局)."""
    hits = nodes[[focus.endswith(str(name)) for name in nodes["full_name"]]]
    assert hits.groupby(hits.columns[0]).size().max() == 1, "the focus matches more than one node in a slice"
    return hits


def test_documents_are_placed_in_time(timeline, series):
    years = {d.identifier: d.year for d in timeline.documents}
    assert years == {**{p.doc_id: int(p.date[:4]) for p in series.plans}, "changshou-ip-plan": None}
    periods = {d.identifier: (d.period.start, d.period.end) for d in timeline.documents if d.period}
    assert periods == {p.doc_id: p.period for p in series.plans}


def test_per_year_degree_of_the_focus_is_the_generators(timeline, series):
    m = measures_over_time(timeline, "year")
    assert list(m.summary["year"]) == list(YEARS)
    assert list(m.summary["documents"]) == [2] * len(YEARS)
    focus = _focus_rows(m.nodes, series.focus)
    assert dict(zip(focus["year"], focus["degree"], strict=True)) == series.expected_degree
    # the degree grows year by year, and so does its share of the possible ties
    assert list(focus["degree_centrality"]) == sorted(focus["degree_centrality"])


def test_a_years_network_is_that_years_plans_built_on_their_own(kg_path, plan_files, series, tmp_path):
    year = 2021
    own = [f for f, p in zip(plan_files, series.plans, strict=True) if p.date.startswith(str(year))]
    assert len(own) == 2
    build_corpus(own, tmp_path / "alone", jobs=1, validate=False)
    alone = network_from_file(tmp_path / "alone" / "kg.ttl")
    assert alone.number_of_edges() > 0

    r = run_cli("graph", "--data", str(kg_path), "--year", str(year), "-o", str(tmp_path / "y.json"))
    assert r.returncode == 0, r.stderr
    assert f"network of {year}, 2 documents" in r.stdout
    sliced = read_network(tmp_path / "y.json")
    r = run_cli("graph", "--data", str(tmp_path / "alone" / "kg.ttl"), "-o", str(tmp_path / "alone.json"))
    assert r.returncode == 0, r.stderr
    expected = read_network(tmp_path / "alone.json")

    assert dict(sliced.nodes(data=True)) == dict(expected.nodes(data=True))  # attributes and measures
    assert sorted(sliced.edges(data=True)) == sorted(expected.edges(data=True))  # weights and task lists
    # ... and not the network of the whole corpus
    assert network_from_file(kg_path).number_of_edges() > sliced.number_of_edges()
    # by agency function too (`--by function --year 2021`): the same pooled network as the plans alone give
    timeline = Timeline.from_file(kg_path)
    by_function = timeline.network(timeline.select(year=year), nodes="function")
    alone_by_function = network_from_file(tmp_path / "alone" / "kg.ttl", by="function")
    assert by_function.number_of_nodes() < sliced.number_of_nodes()
    assert dict(by_function.nodes(data=True)) == dict(alone_by_function.nodes(data=True))
    assert sorted(by_function.edges(data=True)) == sorted(alone_by_function.edges(data=True))


def test_slicing_on_rdflib_memory_store_gives_the_same_network(kg_path, timeline):
    memory = Graph()
    memory.parse(kg_path)
    on_memory = Timeline(memory)
    part = on_memory.select(year=2020)
    a, b = on_memory.network(part), timeline.network(timeline.select(year=2020))
    assert sorted(a.edges(data="weight")) == sorted(b.edges(data="weight"))
    assert a.number_of_nodes() == b.number_of_nodes()


def test_undated_documents_are_reported_not_dropped(timeline, kg_path, tmp_path):
    slicing = timeline.slices("year")
    assert [d.identifier for d in slicing.undated] == ["changshou-ip-plan"]
    assert "changshou-ip-plan" in undated_warning(slicing)
    text, files, _ = metrics_over_time(timeline, "year", fmt="csv", output=tmp_path / "m.csv")
    assert files == [tmp_path / "m.csv", tmp_path / "m.summary.csv"]
    rows = list(csv.DictReader(io.StringIO((tmp_path / "m.summary.csv").read_text(encoding="utf-8"))))
    assert [r["year"] for r in rows] == [*map(str, YEARS), "undated"]
    assert rows[-1]["documents"] == "1" and rows[-1]["document_ids"] == "changshou-ip-plan"

    r = run_cli("metrics", "--data", str(kg_path), "--by", "year")
    assert r.returncode == 0, r.stderr
    assert "warning: 1 document has no date" in r.stderr and "changshou-ip-plan" in r.stderr
    undated = [ln for ln in r.stdout.splitlines() if ln.split()[:1] == ["undated"]]
    assert len(undated) == 1 and undated[0].split()[1] == "1"


def test_metrics_by_function_and_year(kg_path, timeline):
    r = run_cli("metrics", "--data", str(kg_path), "--by", "function", "--by", "year", "--format", "csv")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert {r["kind"] for r in rows} == {"AgencyFunction"}
    market = {int(r["year"]): int(r["agencies"]) for r in rows if r["label"] == "市场监管"}
    # each year's 市场监管 node pools that year's market regulators: the focus district's, and the other
    # district's in the years its plan names one
    agencies = measures_over_time(timeline, "year").nodes
    regulators = agencies[agencies["full_name"].str.endswith("市场监督管理局")].groupby("year").size()
    assert market == {int(y): int(n) for y, n in regulators.items()}
    assert set(market) == set(YEARS) and set(market.values()) == {1, 2}


def test_metrics_by_year_csv_is_a_long_table(kg_path, series):
    r = run_cli("metrics", "--data", str(kg_path), "--by", "year", "--format", "csv")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert list(rows[0])[:3] == ["year", "id", "label"]
    assert {r["year"] for r in rows} == {str(y) for y in YEARS}
    focus = {int(r["year"]): int(r["degree"]) for r in rows if series.focus.endswith(r["full_name"])}
    assert focus == series.expected_degree


def test_five_year_plan_period_slices(timeline, series, kg_path, tmp_path):
    assert parse_period("十四五") == parse_period("2021—2025年") == Period(2021, 2025)
    part = timeline.select(period="十四五")
    assert {d.identifier for d in part.documents} == {p.doc_id for p in series.plans if "十四五" in p.title}
    assert part.name == "十四五 (2021-2025)"
    periods = timeline.slices("period")
    assert [str(s.key) for s in periods.slices] == sorted({f"{a}-{b}" for a, b in (p.period for p in series.plans)})
    m = measures_over_time(timeline, "period")
    row = m.summary[m.summary["period"] == "2021-2025"].iloc[0]
    assert row["period_label"] == "十四五" and row["documents"] == 4
    # the network of the period is the union of its plans: the focus has every partner of 2021 and 2022
    g = timeline.network(part)
    r = run_cli("graph", "--data", str(kg_path), "--period", "“十四五”", "-o", str(tmp_path / "p.gexf"))
    assert r.returncode == 0, r.stderr
    assert read_network(tmp_path / "p.gexf").number_of_edges() == g.number_of_edges()
    focus = next(n for n, d in g.nodes(data=True) if series.focus.endswith(d["full_name"]))
    assert g.degree(focus) >= max(series.expected_degree[2021], series.expected_degree[2022])


@pytest.mark.parametrize("args, code, message", [
    (["--year", "20x1"], 2, "--year '20x1': give a year of four digits"),
    (["--year", "2031"], 11, "no document of 2031 in the KG (years: 2019, 2020, 2021, 2022, 2023, 2024)"),
    (["--period", "十九五"], 2, "give two years (2021-2025) or a Five-Year Plan"),
    (["--period", "2016-2020"], 11, "no document of 十三五 (2016-2020) in the KG"),
])
def test_a_bad_year_or_period_is_one_line_and_a_nonzero_exit(kg_path, tmp_path, args, code, message):
    out = tmp_path / "n.gexf"
    r = run_cli("graph", "--data", str(kg_path), *args, "-o", str(out))
    assert r.returncode == code
    assert r.stderr.count("\n") == 1 and message in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and not out.exists()


def test_slice_errors_in_the_library(timeline):
    with pytest.raises(SliceError, match="no document of 2018"):
        timeline.select(year=2018)
    with pytest.raises(UsageError):
        timeline.select(year=2021, period="十四五")
    with pytest.raises(UsageError):
        timeline.slices("month")


def test_a_kg_with_no_dated_document_has_no_slices(sample_kg_dir):
    t = Timeline(read_kg(sample_kg_dir / "kg.ttl"))
    m = measures_over_time(t, "year")
    assert m.summary.empty and m.nodes.empty and len(m.slicing.undated) == 1
    with pytest.raises(SliceError, match="no document has a date or a period"):
        t.select(year=2021)


def test_the_whole_corpus_network_is_untouched(kg_path, timeline):
    """Slicing copies: the KG the timeline holds still gives the corpus network."""
    timeline.graph_of(timeline.select(year=2019))
    whole = co_assignment_network(timeline.graph)
    assert nx.utils.graphs_equal(whole, network_from_file(kg_path))
    assert not math.isnan(sum(d for _, d in whole.degree()))


def test_report_workbook_has_the_year_sheets(kg_path, series, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    from kg.report import SHEETS, TIME_SHEETS, write_report

    path, sheets = write_report(kg_path, tmp_path / "analysis.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [*SHEETS, *TIME_SHEETS]
    summary = list(book["年度概要"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in summary] == [*YEARS, "未注明日期 undated"]
    assert summary[-1][1:3] == (1, "changshou-ip-plan")
    header = next(book["年度机构"].iter_rows(max_row=1, values_only=True))
    rows = [dict(zip(header, r, strict=True)) for r in book["年度机构"].iter_rows(min_row=2, values_only=True)]
    focus = {r["年份 year"]: r["合作单位数 degree"] for r in rows if series.focus.endswith(r["全称 full name"])}
    assert focus == series.expected_degree


def test_an_encoding_that_cannot_hold_the_names_writes_no_file(kg_path, tmp_path):
    out = tmp_path / "m.csv"
    r = run_cli("metrics", "--data", str(kg_path), "--by", "year", "--format", "csv", "--encoding", "ascii",
                "-o", str(out))
    assert r.returncode == 2 and "cannot be written in ascii" in r.stderr and r.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []
