"""Score document metadata on the dev corpus: title, plan title, issuer, 文号, date, jurisdiction, period.

    python benchmarks/score_metadata.py           # Markdown: per field, then per plan
    python benchmarks/score_metadata.py --json    # the same numbers as JSON
    python benchmarks/score_metadata.py --landed  # through the Document only (DocumentMeta, its place)

The hand-made metadata is ``tests/data/dev/metadata.json``. A field is *stated* when the gold gives it
(not null, not an empty list); the score of a field is right/stated. A value given where the gold has
none is counted apart as *extra* (it does not enter right/stated, but a good extractor keeps it near 0).

What is compared, after removing white space, folding punctuation to one width
(`loaders.read.normalize.fold`) and dashes to one dash:

- ``title``: the document's own title (the covering notice's when a notice wraps the plan), lines joined;
- ``plan_title``: the plan's title inside a covering notice (``关于印发《X》的通知``);
- ``issuer``: the set of issuing bodies as written in the signature or title;
- ``document_number``: the 文号 (国发〔2019〕3号); ``date``: the signing date (ISO);
  ``period``: ``2026-2027``;
- ``jurisdiction``: the place the knowledge graph gives the document
  (`kg.graph.jurisdictions.document_place`): right when its GB/T 2260 code, name and level are the
  gold's. The parent is shown, not scored: it is the division table's (阿勒泰地区 654300 is under
  新疆 in the table, under 伊犁哈萨克自治州 in the gold).

By default the fields come from `loaders.extract.metadata.read_metadata` (every field, several
issuers, the plan title); ``--landed`` reads them from what `parse_text` puts in `DocumentMeta` (one
title, one issuer), the way the first-contact figures in
``benchmarks/results/metadata-first-contact.md`` were taken.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

from kg.graph.jurisdictions import document_place  # noqa: E402
from loaders.extract import metadata as M  # noqa: E402
from loaders.extract.document import load_document  # noqa: E402
from loaders.read.normalize import fold  # noqa: E402

DEV = ROOT / "tests" / "data" / "dev"
FIELDS = ("title", "plan_title", "issuer", "document_number", "date", "jurisdiction", "period")
# The gold's level names → the division table's.
_LEVELS = {"national": "national", "province": "provincial", "prefecture": "municipal", "county": "county"}
_DASHES = str.maketrans({c: "-" for c in "—–－~〜～"})


def norm(value: str | None) -> str | None:
    """A value as compared: no white space, one width of punctuation, one dash.

    Examples
    --------
    >>> norm(" 国务院关于（2024—2026年） ") == norm("国务院关于(2024-2026年)")
    True
    """
    if value is None:
        return None
    return "".join(fold(value).split()).translate(_DASHES)


def predict(path: Path, landed: bool = False) -> dict:
    """The metadata of one document, as the fields of ``metadata.json``."""
    doc = load_document(path, require_tasks=False)
    place = document_place(doc)
    jur = None
    if place is not None:
        jur = {
            "name": place.name,
            "level": place.level,
            "code": place.code or ("100000" if place.level == "national" else None),
            "parent": place.parent.name if place.parent is not None else None,
        }
        if place.level == "national":
            jur["parent"] = None
    m = doc.meta
    period = f"{m.period[0]}-{m.period[1]}" if m.period else None
    reader = getattr(M, "read_metadata", None)
    if landed or reader is None:
        # One title: the landed extractor gives the plan's title in place of a covering notice's, so it is
        # compared with both.
        title = None if m.title_inferred else m.title
        return {
            "title": title,
            "plan_title": title,
            "issuer": [m.issuer] if m.issuer else [],
            "document_number": m.document_number,
            "date": m.date,
            "jurisdiction": jur,
            "period": period,
        }
    r = reader(doc.text)
    return {
        "title": r.title,
        "plan_title": r.plan_titles[0] if r.plan_titles else None,
        "issuer": list(r.issuers),
        "document_number": r.document_number,
        "date": r.date,
        "jurisdiction": jur,
        "period": f"{r.period[0]}-{r.period[1]}" if r.period else None,
    }


def _stated(field: str, gold) -> bool:
    return bool(gold) if field == "issuer" else gold is not None


def _right(field: str, got, gold) -> bool:
    if field == "issuer":
        return sorted(map(norm, got or [])) == sorted(map(norm, gold))
    if field == "jurisdiction":
        return got is not None and all(
            got.get(k) == v for k, v in (("code", gold["code"]), ("name", gold["name"]),
                                         ("level", _LEVELS.get(gold["level"], gold["level"])))
        )
    return norm(got) == norm(gold) if isinstance(got, str) else got == gold


def score(docs: Path = DEV / "docs", gold_file: Path = DEV / "metadata.json", landed: bool = False) -> dict:
    """Per plan and per field: right, stated, extra (a value where the gold has none).

    Examples
    --------
    >>> s = score()
    >>> s["total"]["stated"] > 100 and set(s["fields"]) == set(FIELDS)
    True
    """
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    plans: dict[str, dict] = {}
    fields = {f: {"right": 0, "stated": 0, "extra": 0} for f in FIELDS}
    for name in sorted(gold):
        g = gold[name]
        got = predict(docs / f"{name}.txt", landed)
        row = {}
        for f in FIELDS:
            if _stated(f, g[f]):
                ok = _right(f, got[f], g[f])
                fields[f]["stated"] += 1
                fields[f]["right"] += ok
                row[f] = {"right": ok, "got": got[f], "gold": g[f]}
            elif got[f]:
                fields[f]["extra"] += 1
                row[f] = {"right": None, "got": got[f], "gold": g[f]}
            else:
                row[f] = {"right": None, "got": None, "gold": None}
        plans[name] = row
    total = {k: sum(v[k] for v in fields.values()) for k in ("right", "stated", "extra")}
    return {"plans": plans, "fields": fields, "total": total}


def markdown(result: dict) -> str:
    """Two tables (per field, per plan) and the wrong values."""
    out = ["| field | right | stated | share | extra |", "|---|---:|---:|---:|---:|"]
    for f, s in [*result["fields"].items(), ("**all**", result["total"])]:
        share = s["right"] / s["stated"] if s["stated"] else 1.0
        out.append(f"| {f} | {s['right']} | {s['stated']} | {share:.3f} | {s['extra']} |")
    out += ["", "| plan | " + " | ".join(FIELDS) + " | right/stated |"]
    out.append("|---" + "|:-:" * len(FIELDS) + "|---:|")
    wrong = []
    for name, row in result["plans"].items():
        marks, right, stated = [], 0, 0
        for f in FIELDS:
            c = row[f]
            if c["right"] is None:
                marks.append("+" if c["got"] else "·")
            else:
                stated += 1
                right += c["right"]
                marks.append("✓" if c["right"] else "✗")
                if not c["right"]:
                    wrong.append(f"- {name} {f}: got {json.dumps(c['got'], ensure_ascii=False)}, "
                                 f"gold {json.dumps(c['gold'], ensure_ascii=False)}")
        out.append(f"| {name} | " + " | ".join(marks) + f" | {right}/{stated} |")
    out += ["", "✓ right, ✗ wrong, · not stated and none given, + given where the gold states none", ""]
    return "\n".join(out + (["Wrong:", *wrong] if wrong else ["Wrong: none"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("docs", nargs="?", type=Path, default=DEV / "docs")
    ap.add_argument("gold", nargs="?", type=Path, default=DEV / "metadata.json")
    ap.add_argument("--json", action="store_true", help="print JSON instead of the Markdown tables")
    ap.add_argument("--landed", action="store_true", help="read the fields from DocumentMeta only")
    args = ap.parse_args(argv)
    result = score(args.docs, args.gold, args.landed)
    print(json.dumps(result, ensure_ascii=False) if args.json else markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
