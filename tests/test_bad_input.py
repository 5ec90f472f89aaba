"""Bad input: one line naming the file and the problem, a non-zero exit, no traceback, no output."""

from __future__ import annotations

import codecs

import pytest

from loaders.errors import InputError, NoTasksError, PolicyParseError
from loaders.extract.document import load_document
from loaders.read.decoding import decode_bytes

PLAN = "某区方案\n一、重点任务\n（一）完善政策体系。加强统筹。（责任单位：区科技局，配合单位：区财政局）\n"


def _cases(tmp_path):
    cases = {
        "missing": tmp_path / "nope.txt",
        "empty": tmp_path / "empty.txt",
        "blank": tmp_path / "blank.txt",
        "binary": tmp_path / "binary.txt",
        "controls": tmp_path / "controls.txt",
        "bad-utf8-bom": tmp_path / "bom.txt",
        "undecodable": tmp_path / "latin.txt",
        "no-tasks": tmp_path / "notasks.txt",
        "no-items": tmp_path / "prose.txt",
        "directory": tmp_path / "adir.txt",
        "wrong-type": tmp_path / "image.png",
    }
    cases["empty"].write_bytes(b"")
    cases["blank"].write_bytes(b"  \n\n \t")
    cases["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    cases["controls"].write_bytes(("正文" * 50).encode() + b"\x01\x02\x03\x04\x05\x06\x07\x08" * 40)
    cases["bad-utf8-bom"].write_bytes(codecs.BOM_UTF8 + "一、".encode() + b"\xff\xfe\xfd")
    cases["undecodable"].write_bytes("Résumé naïve café - façade".encode("latin-1") * 20)
    cases["no-tasks"].write_text(
        "某区方案\n一、总体要求\n坚持创新。\n二、保障措施\n（一）加强领导。\n", encoding="utf-8"
    )
    cases["no-items"].write_text("这是一段没有编号的普通文字，不是政策文件。", encoding="utf-8")
    cases["directory"].mkdir()
    cases["wrong-type"].write_bytes(b"\x89PNG\r\n")
    return cases


@pytest.mark.parametrize(
    "case",
    [
        "missing",
        "empty",
        "blank",
        "binary",
        "controls",
        "bad-utf8-bom",
        "undecodable",
        "no-tasks",
        "no-items",
        "directory",
        "wrong-type",
    ],
)
def test_load_document_raises_clear_error(tmp_path, case):
    path = _cases(tmp_path)[case]
    with pytest.raises(PolicyParseError) as info:
        load_document(path)
    msg = str(info.value)
    assert str(path) in msg and "\n" not in msg


@pytest.mark.parametrize("case", ["missing", "empty", "binary", "undecodable", "no-tasks"])
def test_cli_build_refuses_without_output(tmp_path, cli, case):
    path = _cases(tmp_path)[case]
    out = tmp_path / "out"
    proc = cli("build", str(path), "-o", str(out), "--jobs", "1")
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("policykg: ") and str(path) in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (out / "kg.ttl").exists()


@pytest.mark.parametrize("case", ["missing", "binary", "no-tasks"])
def test_cli_extract_refuses(tmp_path, cli, case):
    path = _cases(tmp_path)[case]
    proc = cli("extract", str(path))
    assert proc.returncode != 0 and proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and str(path) in proc.stderr


def test_failed_build_keeps_previous_output(tmp_path, cli):
    good = tmp_path / "good.txt"
    good.write_text(PLAN, encoding="utf-8")
    out = tmp_path / "out"
    assert cli("build", str(good), "-o", str(out), "--no-validate").returncode == 0
    before = (out / "kg.ttl").read_bytes()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    assert cli("build", str(bad), "-o", str(out), "--no-validate").returncode != 0
    assert (out / "kg.ttl").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_one_bad_document_in_a_corpus(tmp_path, cli):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "docs" / "b.txt").write_bytes(b"\x00\x01binary")
    proc = cli("build", str(tmp_path / "docs"), "-o", str(tmp_path / "out"), "--no-validate", "--jobs", "1")
    assert proc.returncode == 3
    # failed lines go to standard error, the summary stays on standard output
    assert "b.txt" in proc.stderr and "b.txt" not in proc.stdout and (tmp_path / "out" / "kg.ttl").exists()


def test_encodings_are_decoded(tmp_path):
    for enc, name in (
        ("utf-8", "u.txt"),
        ("utf-8-sig", "bom.txt"),
        ("gb18030", "gb.txt"),
        ("gbk", "gbk.txt"),
    ):
        p = tmp_path / name
        p.write_bytes(PLAN.encode(enc))
        doc = load_document(p)
        assert doc.tasks[0].lead == ("区科技局",), enc
        assert doc.text == PLAN


def test_decode_reports_encoding():
    assert decode_bytes(PLAN.encode("gb18030"))[1] == "gb18030"
    assert decode_bytes(codecs.BOM_UTF8 + PLAN.encode())[1] == "utf-8-sig"
    with pytest.raises(InputError):
        decode_bytes(b"\x00" * 10)


def test_no_tasks_error_type(tmp_path):
    p = tmp_path / "x.txt"
    p.write_text("某区方案\n一、总体要求\n坚持创新。\n", encoding="utf-8")
    with pytest.raises(NoTasksError):
        load_document(p)
