"""Agency networks over time: the KG cut into years or plan periods, and the measures of each slice.

For evolution studies (does the market-regulation bureau's place in the network grow from one plan to
the next?) the documents of a corpus are placed in time and the KG is cut into slices:

- the **year** of a document is the year of its date (``dcterms:issued``), else the first year of the
  period it covers (``pkg:periodStart``): a plan issued in March 2021 is a 2021 plan, an undated
  “十四五” plan a 2021 plan;
- the **period** of a document is its (``pkg:periodStart``, ``pkg:periodEnd``) pair, named by its
  Five-Year Plan when it is one (2021–2025 is 十四五, whether the text says “十四五” or （2021—2025年）);
- a document with no date and no period (or, for periods, no period) is in no slice. It is not
  dropped silently: `Slicing.undated` names it, ``policykg metrics --by year`` prints a warning naming
  it and counts it on an ``undated`` line of the summary.

A slice of the KG is the KG without what belongs to the documents outside the slice (their sections,
tasks, responsibilities, spans, targets and the document nodes themselves — `queries/time/document-nodes.rq`);
agencies and vocabularies are shared and stay. Any projection of `kg.networks.projection` then runs
on the slice unchanged, so the network of a year is the network the KG of that year's documents alone
would give (``tests/test_temporal.py`` checks this against a separate build).

The documents and their dates are read by SPARQL (``queries/time/*.rq``), like the networks.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
from rdflib import Graph, URIRef

from loaders.vocab.relations import FIVE_YEAR_PLANS, PERIOD_NAME_FOLLOWERS, YEAR_RANGE_DASHES

from ..cells import csv_frame
from ..errors import UsageError, require
from ..io import atomic_open
from ..resources import queries_dir
from ..sparql.library import load_query
from .projection import Collectives, NetworkError, build_network, node_names, read_kg

pd = require("pandas", extra="analysis")

__all__ = [
    "BY",
    "SUMMARY_COLUMNS",
    "DocumentTime",
    "Period",
    "Slice",
    "Slicing",
    "SliceError",
    "Timeline",
    "TimeMeasures",
    "document_times",
    "parse_year",
    "parse_period",
    "measures_over_time",
    "metrics_over_time",
    "format_over_time",
    "export_slice",
    "export_slices",
    "slice_path",
    "undated_warning",
]

#: How a corpus can be cut: by the year of each document or by the plan period it covers.
BY = ("year", "period")

#: The columns of the per-slice summary (from `kg.networks.sna.summary`), after the slice and documents.
SUMMARY_COLUMNS = (
    "nodes", "edges", "total_weight", "density", "average_degree", "components", "largest_component",
    "isolates", "degree_centralization", "average_clustering", "max_core", "core_size", "communities",
    "modularity", "top_betweenness",
)

# The per-node columns of the text table (all of them go into the CSV).
_TABLE_COLUMNS = ("label", "kind", "agencies", "degree", "degree_in", "degree_out", "weighted_degree",
                  "betweenness", "closeness", "closeness_in", "closeness_out", "eigenvector", "constraint",
                  "core", "community")

_QUOTES = "“”\"'「」『』《》"
_PLAN_SUFFIXES = (*PERIOD_NAME_FOLLOWERS, "规划")  # 十四五时期, “十四五”规划 name the period too
_LABEL_OF_RANGE = {years: label for label, years in FIVE_YEAR_PLANS.items()}


class SliceError(NetworkError):
    """A year or period the KG has no document of, or a KG with no dated document (one line)."""


def _query(name: str) -> str:
    return load_query(queries_dir() / "time" / f"{name}.rq").text


def _leading_year(text: str | None) -> int | None:
    m = re.match(r"\s*(-?\d{4})", text or "")
    return int(m.group(1)) if m else None


@dataclass(frozen=True, order=True)
class Period:
    """A plan period: its first and last year, and its Five-Year-Plan name when it has one.

    Examples
    --------
    >>> p = Period(2021, 2025)
    >>> str(p), p.label, p.name
    ('2021-2025', '十四五', '十四五 (2021-2025)')
    >>> Period(2024, 2026).name
    '2024-2026'
    """

    start: int
    end: int
    label: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.label and (self.start, self.end) in _LABEL_OF_RANGE:
            object.__setattr__(self, "label", _LABEL_OF_RANGE[(self.start, self.end)])

    def __str__(self) -> str:
        return f"{self.start}-{self.end}"

    @property
    def name(self) -> str:
        """The label with the years (``十四五 (2021-2025)``), or the years alone."""
        return f"{self.label} ({self})" if self.label else str(self)


@dataclass(frozen=True)
class DocumentTime:
    """A document of the KG and where it sits in time (``None`` where the KG says nothing).

    Examples
    --------
    >>> d = DocumentTime("urn:d", "d", "方案", issued="2022-03-01", period_start=2021, period_end=2023)
    >>> d.year, str(d.period)
    (2022, '2021-2023')
    >>> DocumentTime("urn:e", "e", "方案", period_start=2021, period_end=2025, period_label="十四五").year
    2021
    """

    iri: str
    identifier: str
    title: str
    issued: str | None = None  # xsd:date as written in the KG (ISO 8601)
    period_start: int | None = None
    period_end: int | None = None
    period_label: str | None = None

    @property
    def year(self) -> int | None:
        """The year of ``dcterms:issued``, else ``pkg:periodStart``, else ``None``."""
        year = _leading_year(self.issued)
        return year if year is not None else self.period_start

    @property
    def period(self) -> Period | None:
        """(periodStart, periodEnd — periodStart when the end is not given), else ``None``."""
        if self.period_start is None:
            return None
        end = self.period_end if self.period_end is not None else self.period_start
        return Period(self.period_start, end, self.period_label or "")


@dataclass(frozen=True)
class Slice:
    """The documents of one year (``key`` an int) or one period (``key`` a `Period`)."""

    by: str
    key: int | Period
    documents: tuple[DocumentTime, ...]

    @property
    def name(self) -> str:
        """``2021``, or ``十四五 (2021-2025)``."""
        return self.key.name if isinstance(self.key, Period) else str(self.key)

    @property
    def iris(self) -> tuple[str, ...]:
        return tuple(d.iri for d in self.documents)


@dataclass(frozen=True)
class Slicing:
    """A corpus cut into slices (in time order), and the documents that are in none (``undated``)."""

    by: str
    slices: tuple[Slice, ...]
    undated: tuple[DocumentTime, ...] = ()

    def keys(self) -> list:
        return [s.key for s in self.slices]


def document_times(graph: Graph) -> tuple[DocumentTime, ...]:
    """The documents of a KG with their date and plan period (`queries/time/documents.rq`).

    Examples
    --------
    >>> from kg.networks.projection import read_kg
    >>> [(d.identifier, d.year) for d in document_times(read_kg("out/kg.ttl"))]
    [('changshou-ip-plan', None)]
    """
    out = []
    for r in graph.query(_query("documents")):
        out.append(DocumentTime(
            iri=str(r.document), identifier=str(r.identifier), title=str(r.title or ""),
            issued=str(r.issued) if r.issued is not None else None,
            period_start=_leading_year(str(r.periodStart)) if r.periodStart is not None else None,
            period_end=_leading_year(str(r.periodEnd)) if r.periodEnd is not None else None,
            period_label=str(r.periodLabel) if r.periodLabel is not None else None,
        ))
    return tuple(out)


def parse_year(text: str | int) -> int:
    """A year as given on the command line (``2021`` or ``2021年``); anything else is a usage error.

    Examples
    --------
    >>> parse_year("2021"), parse_year("2021年"), parse_year(2019)
    (2021, 2021, 2019)
    >>> parse_year("21")
    Traceback (most recent call last):
    ...
    kg.errors.UsageError: --year '21': give a year of four digits, such as 2021
    """
    m = re.fullmatch(r"\s*(\d{4})\s*年?\s*", str(text))
    if not m:
        raise UsageError(f"--year {str(text)!r}: give a year of four digits, such as 2021")
    return int(m.group(1))


def parse_period(text: str) -> Period:
    """A period as given on the command line: two years (``2021-2025``, ``2021—2025年``) or a
    Five-Year Plan (``十四五``, ``“十四五”``, ``十四五规划``); anything else is a usage error.

    Examples
    --------
    >>> parse_period("十四五"), parse_period("2021—2025年") == parse_period("“十四五”时期")
    (Period(start=2021, end=2025, label='十四五'), True)
    >>> parse_period("2024-2026").name
    '2024-2026'
    """
    t = "".join(str(text).split()).strip(_QUOTES)
    for suffix in sorted(_PLAN_SUFFIXES, key=len, reverse=True):
        if t.endswith(suffix) and t[: -len(suffix)].strip(_QUOTES) in FIVE_YEAR_PLANS:
            t = t[: -len(suffix)]
            break
    t = t.strip(_QUOTES)
    if t in FIVE_YEAR_PLANS:
        return Period(*FIVE_YEAR_PLANS[t], t)
    marks = re.escape(YEAR_RANGE_DASHES)
    m = re.fullmatch(rf"(\d{{4}})年?(?:[{marks}](\d{{4}})年?)?", t)
    if not m:
        raise UsageError(f"--period {str(text)!r}: give two years (2021-2025) or a Five-Year Plan (十四五)")
    start, end = int(m.group(1)), int(m.group(2) or m.group(1))
    if end < start:
        raise UsageError(f"--period {str(text)!r}: the period ends before it starts")
    return Period(start, end)


class Timeline:
    """The documents of a KG placed in time, and the KG cut into time slices.

    Parameters
    ----------
    graph
        The KG (`kg.networks.projection.read_kg`, or any rdflib graph of it).

    Examples
    --------
    >>> from kg.networks.projection import read_kg
    >>> t = Timeline(read_kg("out/kg.ttl"))
    >>> s = t.slices("year")
    >>> s.slices, [d.identifier for d in s.undated]
    ((), ['changshou-ip-plan'])
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.documents = document_times(graph)
        self._owned: dict[str, set[str]] | None = None

    @classmethod
    def from_file(cls, path: str | Path) -> Timeline:
        """Read a KG file (`kg.networks.projection.read_kg`) and place its documents in time."""
        return cls(read_kg(path))

    # ---------------------------------------------------------------- slicing
    def slices(self, by: str = "year") -> Slicing:
        """The documents grouped by year or by period, in time order, and those in neither.

        Examples
        --------
        >>> t = Timeline(Graph())
        >>> t.documents = (DocumentTime("urn:a", "a", "", "2021-05-01"), DocumentTime("urn:b", "b", ""),
        ...                DocumentTime("urn:c", "c", "", None, 2021, 2025, "十四五"))
        >>> [(s.name, [d.identifier for d in s.documents]) for s in t.slices("year").slices]
        [('2021', ['a', 'c'])]
        >>> [s.name for s in t.slices("period").slices], [d.identifier for d in t.slices("period").undated]
        (['十四五 (2021-2025)'], ['a', 'b'])
        """
        if by not in BY:
            raise UsageError(f"cannot slice by {by!r}; choose {' or '.join(BY)}")
        groups: dict[int | Period, list[DocumentTime]] = {}
        undated = []
        for d in self.documents:
            key = d.year if by == "year" else d.period
            if key is None:
                undated.append(d)
            else:
                groups.setdefault(key, []).append(d)
        slices = []
        for key in sorted(groups):
            docs = tuple(sorted(groups[key], key=lambda d: (d.identifier, d.iri)))
            if isinstance(key, Period) and not key.label:  # a label any document of the period gives
                label = next((d.period_label for d in docs if d.period_label), "")
                key = Period(key.start, key.end, label)
            slices.append(Slice(by, key, docs))
        return Slicing(by, tuple(slices), tuple(sorted(undated, key=lambda d: (d.identifier, d.iri))))

    def select(self, year: str | int | None = None, period: str | Period | None = None) -> Slice:
        """The slice of one year or one period; a `SliceError` naming the ones there are otherwise.

        A period given by its Five-Year Plan (十四五) is its years (2021-2025): a plan titled
        （2021—2025年）is in it too.

        Examples
        --------
        >>> t = Timeline(Graph())
        >>> t.documents = (DocumentTime("urn:a", "a", "", "2021-05-01", 2021, 2025),)
        >>> t.select(year=2021).name, t.select(period="十四五").name
        ('2021', '十四五 (2021-2025)')
        >>> t.select(year="2019")
        Traceback (most recent call last):
        ...
        kg.networks.temporal.SliceError: no document of 2019 in the KG (years: 2021)
        """
        if (year is None) == (period is None):
            raise UsageError("give a year or a period (not both)")
        if year is not None:
            by, key = "year", parse_year(year)
        else:
            by, key = "period", period if isinstance(period, Period) else parse_period(period)
        slicing = self.slices(by)
        for s in slicing.slices:
            if s.key == key:
                return s
        what = key.name if isinstance(key, Period) else str(key)
        there = ", ".join(s.name for s in slicing.slices) or "none; no document has a date or a period"
        raise SliceError(f"no document of {what} in the KG ({by}s: {there})")

    # ---------------------------------------------------------------- the KG of a slice
    def _nodes_owned(self) -> dict[str, set[str]]:
        if self._owned is None:
            owned: dict[str, set[str]] = {d.iri: {d.iri} for d in self.documents}
            for r in self.graph.query(_query("document-nodes")):
                owned.setdefault(str(r.document), {str(r.document)}).add(str(r.node))
            self._owned = owned
        return self._owned

    def graph_of(self, documents: Slice | Iterable[str]) -> Graph:
        """The KG without the nodes of every document not in ``documents`` (a slice or document IRIs).

        Every triple whose subject or object is such a node goes: the other documents' tasks,
        sections, responsibilities, spans, targets and the document nodes. Agencies, the vocabularies
        and everything else stay, so any projection runs on the result as on the whole KG.

        Examples
        --------
        >>> from kg.networks.projection import read_kg
        >>> t = Timeline(read_kg("out/kg.ttl"))
        >>> len(t.graph_of([])) < len(t.graph) == len(t.graph_of([t.documents[0].iri]))
        True
        """
        keep = set(documents.iris if isinstance(documents, Slice) else documents)
        drop = set().union(*(nodes for doc, nodes in self._nodes_owned().items() if doc not in keep))
        return _without(self.graph, drop)

    def network(self, part: Slice, kind: str = "co-assignment", collectives: Collectives = "drop",
                build: Callable[[Graph], nx.Graph] | None = None, nodes: str = "agency") -> nx.Graph:
        """The network of one slice: ``build`` (default: `build_network` of ``kind``, with agencies or
        their functions as ``nodes``) on `graph_of`.

        The graph's ``slice`` attribute names the slice and ``documents`` lists its documents.

        Examples
        --------
        >>> t = Timeline(Graph())
        >>> t.documents = (DocumentTime("urn:a", "a", "", "2021-05-01"),)
        >>> g = t.network(t.select(year=2021))
        >>> g.graph["slice"], g.number_of_nodes()
        ('2021', 0)
        """
        g = (build or (lambda kg: build_network(kg, kind, collectives, nodes)))(self.graph_of(part))
        g.graph["slice"] = part.name
        g.graph["name"] = f"{g.graph.get('name') or 'network'}, {part.name}"
        g.graph["documents"] = ";".join(d.identifier for d in part.documents)
        return g


def _without(graph: Graph, drop: set[str]) -> Graph:
    """A copy of ``graph`` without the triples whose subject or object is one of the IRIs ``drop``."""
    from ..sparql.store import native_store, new_graph

    source = native_store(graph)
    if source is not None:  # Oxigraph: copy quad by quad in the native store
        import pyoxigraph as ox

        out = new_graph("oxigraph")
        gone = {ox.NamedNode(iri) for iri in drop}
        native_store(out).bulk_extend(q for q in source if q.subject not in gone and q.object not in gone)
        return out
    out = Graph()
    gone_refs = {URIRef(iri) for iri in drop}
    out.addN((s, p, o, out) for s, p, o in graph if s not in gone_refs and o not in gone_refs)
    return out


# ---------------------------------------------------------------- measures per slice
@dataclass(frozen=True)
class TimeMeasures:
    """The measures of every slice: the long per-node table, the per-slice summary and the networks.

    ``nodes`` has one row per slice and node: the slice column (``year``, or ``period`` and
    ``period_label``), ``id``, then the columns of `kg.networks.sna.node_measures`. ``summary`` has one
    row per slice: the slice column(s), ``documents`` (count), ``document_ids`` and `SUMMARY_COLUMNS`.
    """

    slicing: Slicing
    nodes: pd.DataFrame
    summary: pd.DataFrame
    networks: dict = field(default_factory=dict)  # slice name -> network


def _slice_columns(s: Slice) -> dict:
    if isinstance(s.key, Period):
        return {"period": str(s.key), "period_label": s.key.label}
    return {"year": s.key}


def measures_over_time(timeline: Timeline, by: str = "year", kind: str = "co-assignment",
                       collectives: Collectives = "drop",
                       build: Callable[[Graph], nx.Graph] | None = None,
                       nodes: str = "agency") -> TimeMeasures:
    """Build the network of every slice and compute its node measures and summary.

    Parameters
    ----------
    timeline
        The KG placed in time (`Timeline`).
    by
        ``"year"`` or ``"period"``.
    kind, collectives
        The projection (as for `kg.networks.projection.build_network`).
    build
        Instead of ``kind``: any function from a (sliced) KG to a network.
    nodes
        ``"agency"`` (one node per agency) or ``"function"`` (one per agency function, pooling the
        agencies of every jurisdiction: `kg.networks.functions`).

    Examples
    --------
    >>> from kg.networks.projection import read_kg
    >>> m = measures_over_time(Timeline(read_kg("out/kg.ttl")))
    >>> len(m.nodes), len(m.summary), [d.identifier for d in m.slicing.undated]
    (0, 0, ['changshou-ip-plan'])
    """
    from .sna import node_measures, summary

    slicing = timeline.slices(by)
    node_frames, rows, networks = [], [], {}
    slice_cols = ["year"] if by == "year" else ["period", "period_label"]
    for part in slicing.slices:
        g = timeline.network(part, kind, collectives, build, nodes)
        networks[part.name] = g
        measures = node_measures(g)
        row = {**_slice_columns(part), "documents": len(part.documents),
               "document_ids": ";".join(d.identifier for d in part.documents)}
        s = summary(g, measures)
        row.update({c: s.get(c) for c in SUMMARY_COLUMNS})
        rows.append(row)
        frame = measures.reset_index()
        for i, (col, value) in enumerate(_slice_columns(part).items()):
            frame.insert(i, col, value)
        node_frames.append(frame)
    nodes = (pd.concat(node_frames, ignore_index=True) if node_frames
             else pd.DataFrame(columns=[*slice_cols, "id"]))
    table = pd.DataFrame(rows, columns=[*slice_cols, "documents", "document_ids", *SUMMARY_COLUMNS])
    return TimeMeasures(slicing, nodes, table, networks)


def undated_warning(slicing: Slicing) -> str | None:
    """One line naming the documents in no slice, or ``None`` when there are none.

    Examples
    --------
    >>> print(undated_warning(Slicing("year", (), (DocumentTime("urn:a", "a", "方案"),))))
    1 document has no date (dcterms:issued) or plan period (pkg:periodStart) and is in no year: a
    """
    if not slicing.undated:
        return None
    n = len(slicing.undated)
    names = ", ".join(d.identifier for d in slicing.undated)
    what = "no date (dcterms:issued) or plan period (pkg:periodStart)" if slicing.by == "year" \
        else "no plan period (pkg:periodStart)"
    verb = "has" if n == 1 else "have"
    return (f"{n} document{'' if n == 1 else 's'} {verb} {what} and {'is' if n == 1 else 'are'} "
            f"in no {slicing.by}: {names}")


def _undated_row(m: TimeMeasures) -> dict:
    slice_col = "year" if m.slicing.by == "year" else "period"
    return {slice_col: "undated", "documents": len(m.slicing.undated),
            "document_ids": ";".join(d.identifier for d in m.slicing.undated)}


def _fmt(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def _text_table(df: pd.DataFrame) -> str:
    df = df.copy()
    for c in df.columns:
        df[c] = df[c].map(_fmt)
    with pd.option_context("display.unicode.east_asian_width", True, "display.width", 250,
                           "display.max_rows", None, "display.max_columns", None):
        return df.to_string(index=False)


def _summary_frame(m: TimeMeasures) -> pd.DataFrame:
    table = m.summary
    if m.slicing.undated:
        table = pd.concat([table.astype(object), pd.DataFrame([_undated_row(m)]).astype(object)],
                          ignore_index=True)
    return table


def format_over_time(m: TimeMeasures, kind: str = "") -> str:
    """The text report: the per-slice summary (with the ``undated`` line) and the long node table.

    Examples
    --------
    >>> from kg.networks.projection import read_kg
    >>> print(format_over_time(measures_over_time(Timeline(read_kg("out/kg.ttl"))), "co-assignment"))
    ... # doctest: +ELLIPSIS
    co-assignment network by year: 0 years, 0 dated documents, 1 undated
    ...
    """
    by = m.slicing.by
    dated = sum(len(s.documents) for s in m.slicing.slices)
    head = (f"{kind + ' network' if kind else 'network'} by {by}: {len(m.slicing.slices)} {by}s, "
            f"{dated} dated documents, {len(m.slicing.undated)} undated")
    summary = m.summary.drop(columns=["document_ids"])
    if m.slicing.undated:
        summary = _summary_frame(m).drop(columns=["document_ids"])
    parts = [head, "", _text_table(summary)]
    if len(m.nodes):
        slice_cols = ["year"] if by == "year" else ["period", "period_label"]
        frames = []
        for part in m.slicing.slices:
            key = next(iter(_slice_columns(part).values()))
            table = m.nodes[m.nodes[slice_cols[0]] == key].copy()
            if "label" in table:  # unique readable names (labels repeat across districts)
                names = node_names(m.networks[part.name])
                table["label"] = [names.get(i, label)
                                  for i, label in zip(table["id"], table["label"], strict=True)]
            frames.append(table)
        table = pd.concat(frames, ignore_index=True)
        cols = [*slice_cols, *(c for c in _TABLE_COLUMNS if c in table.columns)]
        parts += ["", _text_table(table[cols])]
    return "\n".join(parts) + "\n"


def _summary_path(output: str | Path) -> Path:
    output = Path(output)
    return output.with_name(f"{output.stem}.summary{output.suffix or '.csv'}")


def metrics_over_time(data: str | Path | Timeline, by: str = "year", kind: str = "co-assignment",
                      collectives: Collectives = "drop", fmt: str = "table",
                      output: str | Path | None = None, encoding: str = "utf-8",
                      build: Callable[[Graph], nx.Graph] | None = None,
                      nodes: str = "agency") -> tuple[str, list[Path], TimeMeasures]:
    """What ``policykg metrics --by year`` (or ``--by period``) prints or writes.

    ``table``: the per-slice summary (nodes, edges, density, centralization … and an ``undated``
    line when documents are in no slice) and the long per-node table. ``csv``: the long table (one
    row per slice and node, every measure); with ``output``, the summary goes to
    ``<output stem>.summary.csv`` next to it. Files are written atomically in ``encoding``.

    Returns
    -------
    tuple
        The text (of the long table for csv), the files written, and the `TimeMeasures`.

    Examples
    --------
    >>> text, files, m = metrics_over_time("out/kg.ttl", "year", fmt="csv")
    >>> text.splitlines()[0], files
    ('year,id', [])
    """
    timeline = data if isinstance(data, Timeline) else Timeline.from_file(data)
    m = measures_over_time(timeline, by, kind, collectives, build, nodes)
    outputs: dict[Path, str] = {}
    if fmt == "csv":
        text = csv_frame(m.nodes).to_csv(float_format="%.6g", lineterminator="\n", index=False)
        if output is not None:
            outputs[Path(output)] = text
            outputs[_summary_path(output)] = csv_frame(_summary_frame(m)).to_csv(
                float_format="%.6g", lineterminator="\n", index=False)
    elif fmt == "table":
        title = "" if build is not None else kind if nodes == "agency" else f"{kind} by {nodes}"
        text = format_over_time(m, title)
        if output is not None:
            outputs[Path(output)] = text
    else:
        raise ValueError(f"unknown metrics format {fmt!r}; choose table or csv")
    for path, content in outputs.items():  # every text encodes before any file is written
        try:
            content.encode(encoding)
        except UnicodeEncodeError as exc:
            raise UsageError(f"{path}: the text cannot be written in {encoding} ({exc.reason})") from None
    for path, content in outputs.items():
        with atomic_open(path, "w", encoding=encoding) as fh:
            fh.write(content)
    files = list(outputs)
    return text, files, m


def export_slice(data: str | Path | Timeline, output: str | Path, year: str | int | None = None,
                 period: str | Period | None = None, kind: str = "co-assignment", fmt: str | None = None,
                 collectives: Collectives = "drop", measures: bool = True, encoding: str | None = None,
                 colour_by: str = "community", build: Callable[[Graph], nx.Graph] | None = None,
                 nodes: str = "agency") -> tuple[nx.Graph, list[Path], Slice]:
    """Write the network of one year or one period (what ``policykg graph --year Y`` does): as
    `kg.networks.exports.export_network`, on the KG of that slice's documents only.

    Examples
    --------
    >>> export_slice("out/kg.ttl", "n.gexf", year=2021)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.networks.temporal.SliceError: no document of 2021 in the KG (years: none; no document has a date...)
    """
    from .exports import MEASURE_FORMATS, check_encoding, format_for, write_drawing, write_network

    fmt = format_for(output, fmt)
    check_encoding(fmt, encoding)
    timeline = data if isinstance(data, Timeline) else Timeline.from_file(data)
    part = timeline.select(year=year, period=period)
    g = timeline.network(part, kind, collectives, build, nodes)
    if measures and fmt in MEASURE_FORMATS:
        from .sna import with_measures

        g = with_measures(g)
    if fmt in ("png", "svg"):
        return g, [write_drawing(g, output, fmt, colour_by=colour_by)], part
    return g, write_network(g, output, fmt, encoding), part


def slice_path(output: str | Path, part: Slice) -> Path:
    """Where ``graph --by year`` writes a slice: the slice's key before the suffix (``net.2021.gexf``,
    ``net.2021-2025.gexf``).

    Examples
    --------
    >>> slice_path("out/net.gexf", Slice("period", Period(2021, 2025), ())).as_posix()
    'out/net.2021-2025.gexf'
    """
    output = Path(output)
    return output.with_name(f"{output.stem}.{part.key}{output.suffix}")


def export_slices(data: str | Path | Timeline, output: str | Path, by: str = "year",
                  kind: str = "co-assignment",
                  fmt: str | None = None, collectives: Collectives = "drop", measures: bool = True,
                  encoding: str | None = None, colour_by: str = "community",
                  build: Callable[[Graph], nx.Graph] | None = None, nodes: str = "agency"
                  ) -> tuple[list[tuple[Slice, nx.Graph, list[Path]]], Slicing]:
    """Write the network of every year (or period), one file each (`slice_path`): ``graph --by year``.

    Examples
    --------
    >>> written, slicing = export_slices("out/kg.ttl", "n.gexf")
    >>> written, [d.identifier for d in slicing.undated]
    ([], ['changshou-ip-plan'])
    """
    from .exports import format_for

    fmt = format_for(output, fmt)  # the format of ``output``, kept for every slice's file
    timeline = data if isinstance(data, Timeline) else Timeline.from_file(data)
    slicing = timeline.slices(by)
    written = []
    for part in slicing.slices:
        key = {"year": part.key} if by == "year" else {"period": part.key}
        g, files, _ = export_slice(timeline, slice_path(output, part), kind=kind, fmt=fmt,
                                   collectives=collectives, measures=measures, encoding=encoding,
                                   colour_by=colour_by, build=build, nodes=nodes, **key)
        written.append((part, g, files))
    return written, slicing
