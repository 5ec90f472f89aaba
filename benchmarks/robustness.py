"""The robustness suite: every dev plan rewritten in every family of equivalent styles, extracted, scored.

    python benchmarks/robustness.py                  # Markdown: family × plans × exact share, then failures
    python benchmarks/robustness.py --seed 3         # other random choices (bracket kinds, labels, widths …)
    python benchmarks/robustness.py --json           # every variant's result as JSON
    python benchmarks/robustness.py --family labels --failures 50
    python benchmarks/robustness.py --plan jixi_realestate_2024 --family clause-position --seed 1 --context

Each plan of ``tests/data/dev`` (text and gold) is rewritten by `loaders.synthetic.variants` into one
variant per family of rewrites (where the family applies), with the gold rewritten alongside. The
variant is extracted in process (``parse_text`` and the JSON ``policykg extract`` prints) and scored
with the corpus's scorer (``tests/tools/score_extraction.py``): tasks aligned by title, role-qualified
assignments. A variant is **exact** when every gold task is found and assignments have P = R = 1.

Two figures per family:

- **exact** — the share of variants extracted exactly (the acceptance floor is 0.97 in every family);
- **invariant** — the same share counted only on plans whose original text is extracted exactly: a
  variant counts against invariance only where the original plan was right, so this figure isolates
  what the rewrite broke from what was already wrong.

The failure list says, per failing variant, which gold tasks are missing, which role pairs are missing
or extra, which predicted tasks have no gold task, and whether the same task was right on the original
plan (``regression``) — with the variant's text around the task.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

from kg.graph.extraction import to_json  # noqa: E402
from loaders.errors import PolicyKGError  # noqa: E402
from loaders.extract.document import parse_text  # noqa: E402
from loaders.synthetic.variants import FAMILIES, Variant, make_variant  # noqa: E402
from tests.tools.score_extraction import _roles, align, score  # noqa: E402

DEV = ROOT / "tests" / "data" / "dev"
FLOOR = 0.97


def dev_plans(root: Path = DEV) -> list[tuple[str, str, dict]]:
    """``(plan, text, gold)`` for every gold file of ``root/gold`` with its ``root/docs/*.txt``.

    Examples
    --------
    >>> plans = dev_plans()
    >>> len(plans) >= 27 and all(gold["tasks"] for _, _, gold in plans)
    True
    """
    out = []
    for g in sorted((root / "gold").glob("*.json")):
        text = (root / "docs" / (g.stem + ".txt")).read_text(encoding="utf-8")
        out.append((g.stem, text, json.loads(g.read_text(encoding="utf-8"))))
    return out


def extract(text: str, plan: str) -> dict:
    """The extraction JSON of a text (no task at all when the parser refuses it).

    Examples
    --------
    >>> extract("一、重点任务\\n（一）完善政策。内容。（责任单位：区科技局）", "d")["tasks"][0]["lead"]
    ['区科技局']
    >>> extract("  ", "d")
    {'tasks': []}
    """
    try:
        return to_json(parse_text(text, doc_id=plan, require_tasks=False))
    except PolicyKGError:
        return {"tasks": []}


def compare(pred: dict, gold: dict) -> dict:
    """Score one extraction against its gold: exact or not, and per gold task whether it is right.

    Examples
    --------
    >>> gold = {"tasks": [{"title": "完善政策", "lead": ["A局"], "cooperating": []}]}
    >>> compare({"tasks": [{"title": "完善政策", "lead": ["A局"], "cooperating": []}]}, gold)["exact"]
    True
    >>> c = compare({"tasks": [{"title": "完善政策", "lead": ["B局"], "cooperating": []}]}, gold)
    >>> c["exact"], c["right"], c["diffs"]
    (False, [False], ['task 1 完善政策: missing lead A局; extra lead B局'])
    """
    s = score(pred, gold)
    pt, gt = pred.get("tasks", []) or [], gold.get("tasks", []) or []
    pairs = dict((j, i) for i, j in align(pt, gt))
    right, diffs, where = [], [], []
    for j, g in enumerate(gt):
        i = pairs.get(j)
        if i is None:
            right.append(False)
            diffs.append(f"task {j + 1} {g.get('title', '')[:24]}: not found")
            where.append(None)
            continue
        p, q = _roles(pt[i]), _roles(g)
        right.append(p == q)
        where.append(pt[i].get("span"))
        if p != q:
            parts = [f"missing {r} {a}" for r, a in sorted(q - p)]
            parts += [f"extra {r} {a}" for r, a in sorted(p - q)]
            diffs.append(f"task {j + 1} {g.get('title', '')[:24]}: " + "; ".join(parts))
    extra = [i for i in range(len(pt)) if i not in pairs.values() and _roles(pt[i])]
    for i in extra:
        lead = "、".join(pt[i].get("lead", []) or [])
        diffs.append(f"extra task {pt[i].get('title', '')[:24]} (lead {lead})")
    exact = s["tasks"]["aligned"] == len(gt) and s["assignments"]["fp"] == 0 and s["assignments"]["fn"] == 0
    return {"exact": exact, "right": right, "extra": len(extra), "diffs": diffs, "spans": where,
            "assignments": s["assignments"], "tasks": s["tasks"]}


def evaluate(
    seed: int = 0,
    families: list[str] | None = None,
    root: Path = DEV,
    seeds: int = 1,
    plans: list[str] | None = None,
) -> dict:
    """Extract every variant of every plan and compare it with its rewritten gold.

    With ``seeds`` > 1, every plan gets one variant per family for each seed ``seed … seed + seeds - 1``
    (other bracket kinds, label synonyms, rule positions, line widths …). ``plans`` keeps only the
    plans of those names.

    Returns ``{"originals": {plan: comparison}, "variants": [record, ...]}``; a record holds the plan,
    the family, the rewrite's note, ``exact``, ``original_exact``, ``regressions`` (gold tasks right on
    the original plan and wrong on the variant), the differences and the text around them.

    Examples
    --------
    >>> r = evaluate(families=["width"])
    >>> {v["family"] for v in r["variants"]}, len(r["originals"]) >= 27
    ({'width'}, True)
    """
    originals, records = {}, []
    seen: set[tuple[str, str, str]] = set()
    for plan, text, gold in dev_plans(root):
        if plans and plan not in plans:
            continue
        base = compare(extract(text, plan), gold)
        originals[plan] = base
        for s, family in product(range(seed, seed + seeds), families or list(FAMILIES)):
            v = make_variant(text, gold, family, seed=s, plan=plan)
            if v is None or (plan, family, v.text) in seen:
                continue  # not applicable, or the same rewrite as another seed's
            seen.add((plan, family, v.text))
            records.append(_record(v, s, base))
    return {"seed": seed, "seeds": seeds, "originals": originals, "variants": records}


def _record(v: Variant, seed: int, base: dict) -> dict:
    c = compare(extract(v.text, v.plan), v.gold)
    pairs = zip(base["right"], c["right"], strict=True)
    regressions = [j for j, (was, now) in enumerate(pairs) if was and not now]
    return {
        "plan": v.plan,
        "family": v.family,
        "seed": seed,
        "note": v.note,
        "exact": c["exact"],
        "original_exact": base["exact"],
        "regressions": regressions,
        "tasks": c["tasks"],
        "assignments": c["assignments"],
        "diffs": [d + (" (regression)" if _task_no(d) in regressions else "") for d in c["diffs"]],
        "context": [_context(v.text, c["spans"][j], v.gold["tasks"][j]) for j in _wrong(c)][:3],
    }


def _task_no(diff: str) -> int | None:
    m = re.match(r"task (\d+) ", diff)
    return int(m.group(1)) - 1 if m else None


def _wrong(c: dict) -> list[int]:
    return [j for j, ok in enumerate(c["right"]) if not ok]


def _context(text: str, span: list | None, task: dict) -> str:
    """About 160 characters of the variant around a task: from its predicted span, else its title."""
    if span and span[1] > span[0]:
        a, b = span
        snippet = text[a:b] if b - a <= 160 else text[a : a + 60] + " … " + text[b - 100 : b]
    else:
        title = re.sub(r"\s+", "", task.get("title", ""))[:8]
        m = re.search(r"\s*".join(map(re.escape, title)), text) if title else None
        snippet = text[m.start() : m.start() + 160] if m else ""
    return snippet.replace("\n", "⏎")


def summary(result: dict) -> list[dict]:
    """Per family: plans it applies to, exact variants, and invariance on plans right as written.

    Examples
    --------
    >>> row = summary(evaluate(families=["one-line"]))[0]
    >>> row["family"], row["plans"] == row["variants"], 0 <= row["exact_share"] <= 1
    ('one-line', True, True)
    """
    rows = []
    for family in FAMILIES:
        vs = [v for v in result["variants"] if v["family"] == family]
        if not vs:
            continue
        base = [v for v in vs if v["original_exact"]]
        rows.append({
            "family": family,
            "plans": len({v["plan"] for v in vs}),
            "variants": len(vs),
            "exact": sum(v["exact"] for v in vs),
            "exact_share": round(sum(v["exact"] for v in vs) / len(vs), 3),
            "variants_right": len(base),
            "invariant": sum(v["exact"] for v in base),
            "invariant_share": round(sum(v["exact"] for v in base) / len(base), 3) if base else None,
            "tasks_regressed": sum(len(v["regressions"]) for v in vs),
        })
    return rows


def markdown(result: dict, failures: int = 40, context: bool = False) -> str:
    """The summary table, then the failing variants (plan, family, rewrite, what differs).

    Examples
    --------
    >>> print(markdown(evaluate(families=["width"]), failures=0).splitlines()[2])
    | family | plans | variants | exact | exact share | invariant | tasks regressed |
    """
    originals = result["originals"]
    right = sum(c["exact"] for c in originals.values())
    last = result["seed"] + result["seeds"] - 1
    seeds = f"Seed {last}" if result["seeds"] == 1 else f"Seeds {result['seed']}–{last}"
    out = [
        f"{seeds}; {len(originals)} plans, {right} of them extracted exactly as written; one variant per "
        "plan, family and seed (repeats dropped).",
        "",
        "| family | plans | variants | exact | exact share | invariant | tasks regressed |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    rows = summary(result)
    for r in rows:
        inv = "—"
        if r["variants_right"]:
            inv = f"{r['invariant']}/{r['variants_right']} = {r['invariant_share']:.3f}"
        flag = "" if r["exact_share"] >= FLOOR else " ✗"
        cells = (r["family"], r["plans"], r["variants"], r["exact"], f"{r['exact_share']:.3f}{flag}", inv,
                 r["tasks_regressed"])
        out.append("| " + " | ".join(map(str, cells)) + " |")
    n, e = sum(r["variants"] for r in rows), sum(r["exact"] for r in rows)
    pr, i = sum(r["variants_right"] for r in rows), sum(r["invariant"] for r in rows)
    inv = f"{i}/{pr} = {i / pr:.3f}" if pr else "—"
    out.append(f"| **all** | | **{n}** | **{e}** | **{e / n:.3f}** | **{inv}** | "
               f"**{sum(r['tasks_regressed'] for r in rows)}** |")
    failing = [v for v in result["variants"] if not v["exact"]]
    failing.sort(key=lambda v: (not v["original_exact"], -len(v["regressions"]), v["family"], v["plan"]))
    shown = min(failures, len(failing))
    out += ["", f"Failing variants: {len(failing)} (regressions first; showing {shown})", ""]
    for v in failing[:failures]:
        tag = "was exact as written" if v["original_exact"] else "not exact as written either"
        more = f" | … {len(v['diffs']) - 4} more" if len(v["diffs"]) > 4 else ""
        head = f"- **{v['plan']}** · `{v['family']}` ({v['note']}; {tag}): "
        out.append(head + " | ".join(v["diffs"][:4]) + more)
        if context and v["context"]:
            out.append(f"  - text: `{v['context'][0]}`")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--seeds", type=int, default=1, help="how many seeds from --seed (default 1)")
    ap.add_argument("--family", action="append", choices=list(FAMILIES), help="only these families")
    ap.add_argument("--plan", action="append", help="only these plans (a file name without .json)")
    ap.add_argument("--failures", type=int, default=40, help="how many failing variants to list")
    ap.add_argument("--context", action="store_true", help="show the variant's text around each failure")
    ap.add_argument("--json", action="store_true", help="print every variant's result as JSON")
    args = ap.parse_args(argv)
    result = evaluate(args.seed, args.family, seeds=args.seeds, plans=args.plan)
    if args.json:
        doc = {"summary": summary(result), "variants": result["variants"]}
        print(json.dumps(doc, ensure_ascii=False, indent=1))
    else:
        print(markdown(result, args.failures, args.context))
    return 0


if __name__ == "__main__":
    sys.exit(main())
