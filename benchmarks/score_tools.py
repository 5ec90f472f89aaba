"""Score the policy-tool coder on the coded plans (the acceptance figures of docs/policy-tools.md).

    python benchmarks/score_tools.py            # the table, micro totals, and the shared scorer's output
    python benchmarks/score_tools.py --json     # the same numbers as JSON
    python benchmarks/score_tools.py --errors   # every task whose primary tool is wrong: gold, prediction

The coded plans are ``tests/data/policytools/gold/`` (the sample's first task and five dev plans coded by two
coders, a verbatim copy of the shared set) and the codebook's twelve worked examples (Appendix A of
``tests/data/policytools/CODEBOOK.md``). Each plan is extracted in process (the coder runs inside
``load_document``) and written as ``{"document", "codes": [{"task_id", "tools", "primary"}]}``; the scoring is
the shared scorer's (``tests/tools/score_tools.py``): a primary is right when it is one of the gold's entries,
tool sets are precision/recall over the agreed tools with disputed tools counting neither way. The coder is
rules only (no model is trained), so there is no held-out split to report: the scores are on the plans the
rules were written against, and the codebook's examples.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

from loaders.extract.document import load_document  # noqa: E402

DATA = ROOT / "tests" / "data" / "policytools"
GOLD = DATA / "gold"
DOCS = (ROOT / "tests" / "data" / "dev" / "docs", ROOT / "loaders" / "samples")


def _key(task_id: str) -> str:
    return unicodedata.normalize("NFKC", str(task_id)).replace(" ", "")


def codebook_examples(path: Path = DATA / "CODEBOOK.md") -> dict:
    """The codebook's worked examples (Appendix A) as a gold file: the sample plan's twelve tasks.

    Examples
    --------
    >>> g = codebook_examples()
    >>> len(g["codes"]), g["codes"][0]["primary"]
    (12, ['环境型/法规管制'])
    """
    text = path.read_text(encoding="utf-8")
    block = text[text.index("## 附录 A") :]
    m = re.search(r"```json\n(.*?)```", block, re.S)
    data = json.loads(m.group(1))
    for c in data["codes"]:
        c["primary"] = [c["primary"]] if c["primary"] else []
        c["disputed"] = []
        c["evidence"] = [c["evidence"]]
    return data


def predict(doc_id: str) -> dict:
    """The coder's codes for one plan, in the scorer's format."""
    path = next(p / f"{doc_id}.txt" for p in DOCS if (p / f"{doc_id}.txt").exists())
    doc = load_document(path, require_tasks=False)
    return {
        "document": doc_id,
        "codes": [
            {"task_id": t.id, "title": t.title, "tools": list(t.tools), "primary": t.primary_tool,
             "evidence": next((u.evidence.quote for u in t.tool_uses if u.tool == t.primary_tool), "")}
            for t in doc.tasks
        ],
    }


def score(golds: list[dict]) -> dict:
    """Primary sub-tool and type accuracy, tool-set micro P/R/F1 over gold files (the shared scorer's rules).

    Examples
    --------
    >>> s = score([codebook_examples()])
    >>> s["tasks"], s["primary"] >= 0.75
    (12, True)
    """
    right = top = total = tp = fp = fn = 0
    per: dict[str, dict] = {}
    errors = []
    for gold in golds:
        pred = {_key(c["task_id"]): c for c in predict(gold["document"])["codes"]}
        d_right = 0
        for g in gold["codes"]:
            p = pred.get(_key(g["task_id"]), {})
            prim = p.get("primary")
            ok = prim in g["primary"]
            d_right += ok
            top += bool(prim) and prim.split("/")[0] in {x.split("/")[0] for x in g["primary"]}
            pt, gt, disp = set(p.get("tools") or []), set(g["tools"]), set(g["disputed"])
            tp += len(pt & gt)
            fp += len(pt - gt - disp)
            fn += len(gt - pt)
            if not ok:
                errors.append((gold["document"], g["task_id"], g["title"], g["primary"], prim))
        per[gold["document"]] = {"primary": d_right, "tasks": len(gold["codes"])}
        right += d_right
        total += len(gold["codes"])
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {
        "documents": per,
        "tasks": total,
        "primary": round(right / total, 4),
        "type": round(top / total, 4),
        "tools_p": round(prec, 4),
        "tools_r": round(rec, 4),
        "tools_f1": round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0,
        "errors": errors,
    }


def coded_plans(gold: Path = GOLD) -> list[dict]:
    """The gold files of the coded plans."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold.glob("*.json"))]


def shared_scorer(gold: Path = GOLD) -> str:
    """The verbatim shared scorer's output on the coder's predictions (written to a temporary folder)."""
    with tempfile.TemporaryDirectory() as tmp:
        for g in coded_plans(gold):
            p = predict(g["document"])
            ids = {_key(c["task_id"]): c["task_id"] for c in g["codes"]}
            for c in p["codes"]:
                c["task_id"] = ids.get(_key(c["task_id"]), c["task_id"])
            out = Path(tmp) / f"{g['document']}.json"
            out.write_text(json.dumps(p, ensure_ascii=False), encoding="utf-8")
        out = subprocess.run(
            [sys.executable, str(ROOT / "tests" / "tools" / "score_tools.py"), tmp, str(gold)],
            capture_output=True, text=True, check=True,
        )
    return out.stdout


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--errors", action="store_true")
    a = ap.parse_args(argv)
    coded = score(coded_plans())
    examples = score([codebook_examples()])
    if a.json:
        print(json.dumps({"coded_plans": coded, "codebook_examples": examples}, ensure_ascii=False, indent=1))
        return 0
    print("| plans | tasks | primary sub-tool | primary type | tools P | tools R | tools F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, s in (("coded plans (gold/)", coded), ("codebook examples (sample)", examples)):
        print(f"| {name} | {s['tasks']} | {s['primary']:.3f} | {s['type']:.3f} | {s['tools_p']:.3f} | "
              f"{s['tools_r']:.3f} | {s['tools_f1']:.3f} |")
    print()
    print(shared_scorer())
    if a.errors:
        for e in coded["errors"] + examples["errors"]:
            print(*e, sep="\t")
    return 0


if __name__ == "__main__":
    sys.exit(main())
