"""The library of named SPARQL queries (``queries/*.rq``): find, read and list them.

A query file opens with a comment header::

    # title: 牵头任务 / Tasks led by an agency
    # description: …
    # param: agency (IRI) — the agency; default: none
    # default: agency = <https://w3id.org/policykg/id/agency/…>

Parameters are passed as RDF terms through ``initBindings`` (local) or a ``VALUES`` block that the
runner fills from typed terms (remote), never pasted into the query text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import QueryError
from ..resources import queries_dir

__all__ = ["QueryFile", "load_query", "list_queries", "query_from_text", "catalogue_markdown", "catalogue",
           "library"]


@dataclass(frozen=True)
class QueryFile:
    name: str
    path: Path
    text: str
    title: str = ""
    description: str = ""
    params: dict[str, str] = field(default_factory=dict)  # name -> description
    defaults: dict[str, str] = field(default_factory=dict)  # name -> default as written (Turtle term)
    param_types: dict[str, str] = field(default_factory=dict)  # name -> type: agency, string, xsd:gYear …


_HEADER = re.compile(r"^#\s*(?P<key>title|description|param|default)\s*:\s*(?P<value>.*)$")


_PARAM_TYPE = re.compile(r"^\((?P<type>[^)]*)\)\s*[-—–:]*\s*(?P<rest>.*)$")


def _parse_header(text: str) -> tuple[str, str, dict[str, str], dict[str, str], dict[str, str]]:
    title, desc, params, defaults, types = "", [], {}, {}, {}
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.group("key"), m.group("value").strip()
        if key == "title":
            title = value
        elif key == "description":
            desc.append(value)
        elif key == "param":
            name, _, rest = value.partition(" ")
            rest = rest.strip(" -—")
            typed = _PARAM_TYPE.match(rest)
            if typed:
                types[name] = typed.group("type").strip()
                rest = typed.group("rest").strip()
            params[name] = rest
        elif key == "default":
            name, _, rest = value.partition("=")
            defaults[name.strip()] = rest.strip()
    return title, " ".join(desc), params, defaults, types


def load_query(name_or_path: str | Path) -> QueryFile:
    """A library query by name (``tasks-led-by-agency``) or any ``.rq`` file by path."""
    p = Path(name_or_path)
    if p.suffix == ".rq" and p.exists():
        path = p
    else:
        path = queries_dir() / f"{name_or_path}.rq"
        if not path.exists():
            path = queries_dir() / "checks" / f"{name_or_path}.rq"
        if not path.exists():
            raise QueryError(f"unknown query {str(name_or_path)!r}; `policykg queries` lists the library")
    text = path.read_text(encoding="utf-8")
    title, desc, params, defaults, types = _parse_header(text)
    return QueryFile(path.stem, path, text, title, desc, params, defaults, types)


def query_from_text(text: str, name: str = "my-query") -> QueryFile:
    """A `QueryFile` for SPARQL written in Python (a notebook cell), with the same comment header.

    A query typed in a notebook then runs like a library query: `kg.sparql.run.run_query` binds its
    ``# param:`` parameters as typed terms and resolves labels (区法院) to IRIs, so values are
    never pasted into the text.

    Parameters
    ----------
    text : str
        The query, optionally opening with ``# title:``, ``# param:`` and ``# default:`` lines.
    name : str
        A name for messages and results (there is no file; ``path`` is ``<name>``).

    Returns
    -------
    QueryFile

    Examples
    --------
    >>> q = query_from_text('''# title: 法院牵头的任务 / Tasks a court leads
    ... # param: agency (agency) — the court
    ... SELECT ?task ?agency WHERE { ?task <https://w3id.org/policykg/ontology#leadAgency> ?agency }''')
    >>> q.title, q.param_types
    ('法院牵头的任务 / Tasks a court leads', {'agency': 'agency'})
    """
    title, desc, params, defaults, types = _parse_header(text)
    return QueryFile(name, Path(f"<{name}>"), text, title, desc, params, defaults, types)


def list_queries(checks: bool = False) -> list[QueryFile]:
    """The library queries (or the QC checks), sorted by name."""
    folder = queries_dir() / "checks" if checks else queries_dir()
    return [load_query(p) for p in sorted(folder.glob("*.rq"))]


def catalogue_markdown(checks: bool = False) -> str:
    """The query library as a Markdown list, one line per query: name, title, parameters and defaults.

    docs/guide.md embeds it (``scripts/update_guide.py`` rewrites the block; a test keeps it in step
    with the ``.rq`` headers).

    Parameters
    ----------
    checks : bool
        List the QC checks (``queries/checks/``) instead of the library queries.

    Returns
    -------
    str
        Markdown lines ending with a newline.

    Examples
    --------
    >>> lines = catalogue_markdown().splitlines()
    >>> print(next(ln for ln in lines if "`targets-by-year`" in ln))
    - `targets-by-year` — 按年份的量化指标 / Numeric targets by year · `year` (year, optional)
    >>> print(next(ln for ln in lines if "`agencies-by-kind`" in ln))
    - `agencies-by-kind` — 按类别的机构 / Agencies by kind · `kind` (class = pkg:Agency)
    """
    lines = []
    for q in list_queries(checks=checks):
        params = []
        for name in q.params:
            kind = q.param_types.get(name, "string")
            # Without a default the variable stays unbound: the query then covers every value.
            default = f" = {q.defaults[name]}" if name in q.defaults else ", optional"
            params.append(f"`{name}` ({kind}{default})")
        lines.append(f"- `{q.name}` — {q.title}" + (" · " + ", ".join(params) if params else ""))
    return "\n".join(lines) + "\n"


def library() -> list[QueryFile]:
    """The library queries, sorted by name (``policykg queries``)."""
    return list_queries()



def catalogue(checks: bool = False) -> str:
    """The text ``policykg queries`` prints: one line per query (name, title, parameters=defaults).

    Examples
    --------
    >>> "tasks-led-by-agency" in catalogue()
    True
    """
    queries = list_queries(checks=checks)
    width = max((len(q.name) for q in queries), default=0)
    lines = []
    for q in queries:
        params = " ".join(f"{n}={q.defaults[n]}" if n in q.defaults else f"[{n}]" for n in q.params)
        lines.append(f"{q.name:<{width}}  {q.title}" + (f"  ({params})" if params else ""))
    what = "QC checks (zero rows = pass)" if checks else "queries (run one: policykg query NAME --param k=v)"
    return f"{len(queries)} {what}\n" + "\n".join(lines) + "\n"

