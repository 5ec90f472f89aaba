"""The analysis workbook: one Excel file a policy researcher can open and use as it is.

``policykg report -o analysis.xlsx`` writes, from a built KG:

==============  ==============================================================================
sheet           rows
==============  ==============================================================================
分工表          one per key task: document, task number, title, lead and cooperating agencies
                (the library query ``responsibility-table``, names as written, in the order written),
                and its marks: 需核查 check with the warnings' messages when the extractor thinks the
                task is probably wrong, 已更正 corrected when a researcher corrected it (the library
                query ``flagged-tasks``)
机构            one per agency: kind, tasks led/joined and the SNA measures of the co-assignment
                network, with out/in degree and closeness from the lead network
共同任务        the co-assignment edge list: two agencies, tasks shared (weight), task numbers
牵头配合        the lead → cooperating arcs: lead, cooperating agency, tasks (weight), task numbers
指标            every numeric target, by year and then those without one (library query
                ``targets-by-year``): comparison, baseline, nature and kind (level or growth rate)
引用文件        the documents each document cites (library query ``cited-documents``)
网络概要        the summary of both networks (density, components, centralisation, top broker …)
政策工具        the policy-tool distribution table (政策工具分布表): per document, each type
                (供给型, 环境型, 需求型) with its sub-tools and a subtotal row: tasks that deploy the
                tool, share of the document's tool uses (%), tasks with it as primary tool (library
                queries ``policy-tool-distribution`` and ``policy-tool-types``; docs/policy-tools.md)
年度概要        (corpora with dated documents) one per year: documents, nodes, edges, density,
                centralisation … of that year's co-assignment network, and a line for the undated
年度机构        (the same) one per year and agency: its measures in that year's network
==============  ==============================================================================

Every sheet has a frozen header row, an autofilter and column widths measured in display width
(a Chinese character counts two), numbers stored as numbers. The workbook is written with
openpyxl, atomically.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cells import append_row
from .errors import ExitCode, PolicyKGError, require
from .io import atomic_open

__all__ = ["SHEETS", "TIME_SHEETS", "ReportError", "Sheet", "report_sheets", "write_workbook", "write_report"]

SHEETS = ("分工表", "机构", "共同任务", "牵头配合", "指标", "引用文件", "网络概要", "政策工具")
#: Added after `SHEETS` when some document has a year (`kg.networks.temporal`): networks over time.
TIME_SHEETS = ("年度概要", "年度机构")

MAX_WIDTH = 60  # characters of display width; longer cells wrap


class ReportError(PolicyKGError):
    """The report cannot be written as asked, e.g. to a file not named .xlsx (one line; a usage error)."""

    exit_code = ExitCode.USAGE


@dataclass(frozen=True)
class Sheet:
    """One worksheet: a title, the header cells and the rows (plain values), and the number format of
    float columns."""

    title: str
    header: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    float_format: str = "0.0000"


# ------------------------------------------------------------------ the sheets from the KG
_RESPONSIBILITY = (("document_id", "文件 document"), ("number", "编号 number"), ("title", "任务 task"),
                   ("lead", "牵头单位 lead"), ("cooperating", "配合单位 cooperating"))

_MARKS_HEADER = "标记 marks"


def marks_cell(row: dict[str, Any]) -> str:
    """The 分工表's marks of a task, from its row of the ``flagged-tasks`` query: 需核查 check (with the
    warnings' messages) and 已更正 corrected (with the number of corrections).

    Examples
    --------
    >>> marks_cell({"checks": 1, "messages": "牵头规则未应用", "corrections": 0})
    '需核查 check：牵头规则未应用'
    >>> marks_cell({"checks": 0, "messages": None, "corrections": 2})
    '已更正 corrected（2）'
    """
    out = []
    if row.get("checks"):
        out.append(f"需核查 check：{row.get('messages') or ''}".rstrip("："))
    if row.get("corrections"):
        out.append(f"已更正 corrected（{row['corrections']}）")
    return "；".join(out)


# (measure column, header) for the agency sheet: co-assignment measures, then the lead network's.
_AGENCY_MEASURES = (
    ("degree", "合作单位数 degree"),
    ("weighted_degree", "共同任务数 weighted degree"),
    ("betweenness", "中介中心性 betweenness"),
    ("weighted_betweenness", "加权中介中心性 weighted betweenness"),
    ("closeness", "接近中心性 closeness"),
    ("eigenvector", "特征向量中心性 eigenvector"),
    ("constraint", "约束 constraint"),
    ("effective_size", "有效规模 effective size"),
    ("core_number", "k-核 k-core"),
    ("core", "核心/边缘 core"),
    ("community", "社区 community"),
)
_LEAD_MEASURES = (
    ("degree_out", "牵头对象数 out-degree (lead)"),
    ("degree_in", "被牵头数 in-degree (lead)"),
    ("weighted_degree_out", "牵头任务次数 weighted out-degree (lead)"),
    ("weighted_degree_in", "配合任务次数 weighted in-degree (lead)"),
    ("closeness_out", "出接近中心性 out-closeness (lead)"),
    ("closeness_in", "入接近中心性 in-closeness (lead)"),
    ("betweenness", "中介中心性 betweenness (lead)"),
)
# The per-year sheets: (column of kg.networks.temporal's summary / long node table, header).
_YEAR_SUMMARY = (("year", "年份 year"), ("documents", "文件数 documents"),
                 ("document_ids", "文件 document ids"), ("nodes", "单位数 nodes"),
                 ("edges", "合作关系数 edges"), ("total_weight", "共同任务 total weight"),
                 ("density", "密度 density"), ("degree_centralization", "度中心势 degree centralization"),
                 ("components", "成分 components"), ("communities", "社区 communities"),
                 ("modularity", "模块度 modularity"), ("top_betweenness", "最高中介 top broker"))
_YEAR_AGENCY = (("degree", "合作单位数 degree"), ("weighted_degree", "共同任务数 weighted degree"),
                ("degree_centrality", "度中心性 degree centrality"),
                ("betweenness", "中介中心性 betweenness"),
                ("closeness", "接近中心性 closeness"), ("eigenvector", "特征向量中心性 eigenvector"),
                ("constraint", "约束 constraint"), ("core", "核心/边缘 core"),
                ("community", "社区 community"))
_TARGETS = (("year", "年份 year"), ("indicator", "指标 indicator"), ("value", "目标值 value"),
            ("unit", "单位 unit"), ("comparison", "比较 comparison"), ("baseline", "基期值 baseline"),
            ("baseline_year", "基期年份 baseline year"), ("nature", "性质 nature"),
            ("kind", "类型 kind"), ("document", "文件 document"))
_CITED = (("document", "文件 document"), ("title", "引用文件 cited title"),
          ("in_corpus", "在语料中 in corpus"))


def _plain(value: Any) -> Any:
    """numpy scalars → Python; NaN → None (an empty cell)."""
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _kind_labels(graph: Any) -> dict[str, str]:
    # The ontology's Chinese class labels (政府部门, 法院 …); the graph has the ontology loaded.
    text = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX pkg: <https://w3id.org/policykg/ontology#>
SELECT ?c ?l WHERE { ?c rdfs:subClassOf* pkg:Agency ; rdfs:label ?l . FILTER(LANG(?l) = "zh") }"""
    out = {}
    for row in graph.query(text):
        out[str(row.c).rsplit("#", 1)[-1]] = str(row.l)
    return out


def _document_ids(rows: Iterable[dict[str, Any]]) -> dict[str, str]:
    return {str(r["document"]): str(r["identifier"]) for r in rows if r.get("identifier")}


def report_sheets(graph: Any, collectives: str = "drop") -> list[Sheet]:
    """The sheets of the workbook, computed from an open KG (`kg.sparql.store.open_kg`, with the
    ontology and vocabularies).

    Examples
    --------
    >>> from kg.sparql.store import open_kg
    >>> [s.title for s in report_sheets(open_kg("out/kg.ttl"))]
    ['分工表', '机构', '共同任务', '牵头配合', '指标', '引用文件', '网络概要', '政策工具']
    """
    from .networks.functions import agency_functions
    from .networks.projection import build_network, node_names
    from .networks.sna import node_measures, summary
    from .sparql.run import run_query

    def rows(name: str) -> list[dict[str, Any]]:
        return run_query(name, graph=graph).plain_rows()

    doc_ids = _document_ids(rows("document-summary"))
    marks = {r["task"]: marks_cell(r) for r in rows("flagged-tasks")}
    sheets = [Sheet("分工表", (*(h for _, h in _RESPONSIBILITY), _MARKS_HEADER),
                    [(*(r[k] for k, _ in _RESPONSIBILITY), marks.get(r["task"], ""))
                     for r in rows("responsibility-table")])]

    co = build_network(graph, "co-assignment", collectives)  # type: ignore[arg-type]
    lead = build_network(graph, "lead", collectives)  # type: ignore[arg-type]
    co_m, lead_m = node_measures(co), node_measures(lead)
    kinds = _kind_labels(graph)
    names = node_names(co)
    functions, _ = agency_functions(graph)  # an agency the gazetteer does not know: an empty cell
    header = ("名称 name", "全称 full name", "类型 kind", "职能 function", "牵头任务 tasks led",
              "配合任务 tasks joined", *(h for _, h in _AGENCY_MEASURES), *(h for _, h in _LEAD_MEASURES))
    agencies = []
    for v in co_m.index:
        row = co_m.loc[v]
        kind = str(row.get("kind", ""))
        agencies.append((
            names[v], _plain(row.get("full_name")), kinds.get(kind, kind),
            functions[v].label if v in functions else None, _plain(row.get("tasks_led")),
            _plain(row.get("tasks_joined")),
            *(_plain(row[c]) for c, _ in _AGENCY_MEASURES),
            *(_plain(lead_m.loc[v, c]) if v in lead_m.index else None for c, _ in _LEAD_MEASURES),
        ))
    sheets.append(Sheet("机构", header, agencies))

    def edges(g: Any) -> list[tuple[Any, ...]]:
        n = node_names(g)
        out = [(n[u], n[v], d.get("weight", 1), d.get("tasks", "")) for u, v, d in g.edges(data=True)]
        return sorted(out, key=lambda r: (-r[2], r[0], r[1]))

    sheets.append(Sheet("共同任务", ("单位 agency", "单位 agency", "共同任务数 tasks shared", "任务 tasks"),
                        edges(co)))
    sheets.append(Sheet("牵头配合", ("牵头单位 lead", "配合单位 cooperating", "任务数 tasks", "任务 tasks"),
                        edges(lead)))

    targets = []
    for r in rows("targets-by-year"):
        values = {k: r.get(k) for k, _ in _TARGETS}
        for key in ("year", "baseline_year"):  # xsd:gYear comes back as text
            year = values[key]
            values[key] = int(year) if isinstance(year, str) and year.isdigit() else year
        values["document"] = doc_ids.get(str(values["document"]), values["document"])
        targets.append(tuple(values[k] for k, _ in _TARGETS))
    sheets.append(Sheet("指标", tuple(h for _, h in _TARGETS), targets))

    cited = []
    for r in rows("cited-documents"):
        document = doc_ids.get(str(r["document"]), r["document"])
        cited.append((document, r["title"], "是" if r["in_corpus"] else "否"))
    sheets.append(Sheet("引用文件", tuple(h for _, h in _CITED), cited))

    s_co, s_lead = summary(co, co_m), summary(lead, lead_m)
    keys = [k for k in s_co if k not in ("kind", "directed", "two_mode", "collectives")]
    overview = [(k, _plain(s_co.get(k)), _plain(s_lead.get(k))) for k in keys]
    sheets.append(Sheet("网络概要", ("指标 measure", "共同任务网络 co-assignment", "牵头—配合网络 lead"),
                        overview))
    sheets.append(_tool_sheet(rows, doc_ids))
    return sheets + _time_sheets(graph, collectives, kinds)


#: The columns of the 政策工具 sheet.
TOOL_HEADER = ("文件 document", "类型 type", "工具 tool", "任务数 tasks", "占比 share (%)",
               "主工具任务数 primary")
TOOL_SUBTOTAL = "（小计 subtotal）"


def _tool_sheet(rows: Callable[[str], list[dict[str, Any]]], doc_ids: dict[str, str]) -> Sheet:
    """The 政策工具 sheet: each document's sub-tools grouped by type (供给型, 环境型, 需求型), each type
    followed by its subtotal row (an absent type shows 0: the 需求型缺位 the literature speaks of)."""
    tools: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rows("policy-tool-distribution"):
        tools.setdefault((str(r["document"]), r["type_label"]), []).append(r)
    out: list[tuple[Any, ...]] = []
    for t in rows("policy-tool-types"):
        document = doc_ids.get(str(t["document"]), t["document_id"])
        for r in tools.get((str(t["document"]), t["type_label"]), []):
            out.append((document, r["type_label"], r["tool_label"], r["tasks"], _plain(r["percent"]),
                        r["primary_tasks"]))
        out.append((document, t["type_label"], TOOL_SUBTOTAL, t["uses"], _plain(t["percent"]),
                    t["primary_tasks"]))
    return Sheet("政策工具", TOOL_HEADER, out, "0.0")


def _time_sheets(graph: Any, collectives: str, kinds: dict[str, str]) -> list[Sheet]:
    """年度概要 and 年度机构 when some document of the KG has a year, else nothing."""
    from .networks.projection import node_names
    from .networks.temporal import Timeline, measures_over_time

    timeline = Timeline(graph)
    if all(d.year is None for d in timeline.documents):
        return []
    m = measures_over_time(timeline, "year", "co-assignment", collectives)  # type: ignore[arg-type]
    summary = [tuple(_plain(r[c]) for c, _ in _YEAR_SUMMARY) for r in m.summary.to_dict("records")]
    if m.slicing.undated:
        ids = ";".join(d.identifier for d in m.slicing.undated)
        summary.append(("未注明日期 undated", len(m.slicing.undated), ids,
                        *([None] * (len(_YEAR_SUMMARY) - 3))))
    agencies = []
    for part in m.slicing.slices:
        names = node_names(m.networks[part.name])
        for r in m.nodes[m.nodes["year"] == part.key].to_dict("records"):
            kind = str(r.get("kind", ""))
            agencies.append((part.key, names.get(r["id"], r.get("label")), _plain(r.get("full_name")),
                             kinds.get(kind, kind), _plain(r.get("tasks_led")), _plain(r.get("tasks_joined")),
                             *(_plain(r.get(c)) for c, _ in _YEAR_AGENCY)))
    header = ("年份 year", "名称 name", "全称 full name", "类型 kind", "牵头任务 tasks led",
              "配合任务 tasks joined", *(h for _, h in _YEAR_AGENCY))
    return [Sheet("年度概要", tuple(h for _, h in _YEAR_SUMMARY), summary),
            Sheet("年度机构", header, agencies)]


# ------------------------------------------------------------------ writing
def _display_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, float):
        return len(f"{value:.4f}")
    text = str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _require_openpyxl() -> Any:
    return require("openpyxl", extra="analysis")


def write_workbook(sheets: Sequence[Sheet], path: str | Path) -> Path:
    """Write ``sheets`` as an .xlsx workbook: bold header row, frozen below the header, an autofilter
    over the table, column widths from the display width of the cells (capped at `MAX_WIDTH`,
    longer text wraps), floats with four decimals.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.xlsx"
    >>> _ = write_workbook([Sheet("表", ("名称 name", "值 value"), [("区科技局", 0.5)])], p)
    >>> import openpyxl
    >>> ws = openpyxl.load_workbook(p)["表"]
    >>> ws.freeze_panes, ws.auto_filter.ref, ws["A2"].value
    ('A2', 'A1:B2', '区科技局')
    """
    openpyxl = _require_openpyxl()
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    path = Path(path)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    head_font = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    for sheet in sheets:
        ws = wb.create_sheet(sheet.title)
        append_row(ws, list(sheet.header))
        for cell in ws[1]:
            cell.font, cell.fill = head_font, head_fill
            cell.alignment = Alignment(vertical="center")
        for row in sheet.rows:
            append_row(ws, [_plain(v) for v in row])  # text stays text, never a formula (kg.cells)
        widths = [_display_width(h) for h in sheet.header]
        for row in sheet.rows:
            for i, v in enumerate(row):
                widths[i] = max(widths[i], _display_width(_plain(v)))
        for i, w in enumerate(widths, start=1):
            letter = get_column_letter(i)
            ws.column_dimensions[letter].width = min(w + 2, MAX_WIDTH)
            long_text = w + 2 > MAX_WIDTH
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                if isinstance(cell.value, float):
                    cell.number_format = sheet.float_format
                elif long_text:
                    cell.alignment = wrap
        ws.freeze_panes = "A2"
        if sheet.header:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.header))}{max(len(sheet.rows) + 1, 2)}"
    with atomic_open(path, "wb") as fh:
        wb.save(fh)
    return path


def write_report(data: str | Path | Sequence[str | Path], output: str | Path, collectives: str = "drop",
                 open_graph: Callable[..., Any] | None = None) -> tuple[Path, list[Sheet]]:
    """Open the KG file(s), compute the sheets and write the workbook (what ``policykg report`` does).

    Examples
    --------
    >>> path, sheets = write_report("out/kg.ttl", "analysis.xlsx")
    >>> len(sheets[0].rows)
    12
    """
    if Path(output).suffix.lower() != ".xlsx":
        raise ReportError(f"{output}: the report is an Excel workbook; name it .xlsx")
    _require_openpyxl()
    from .sparql.store import KGReadError, open_kg

    try:
        graph = (open_graph or open_kg)(data)
    except FileNotFoundError as exc:  # a missing file is an input error, like an unreadable one
        raise KGReadError(f"{exc.filename or data}: no such KG file") from None
    sheets = report_sheets(graph, collectives)
    return write_workbook(sheets, output), sheets
