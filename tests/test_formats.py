"""Every input format: .txt encodings, government-site HTML, DOCX (paragraphs and tables), PDF."""

from __future__ import annotations

import pytest

from loaders.errors import InputError
from loaders.extract.document import load_document

PLAN_LINES = [
    "某市知识产权强市建设实施方案",
    "一、发展目标",
    "到2025年，每万人口发明专利拥有量达到15件。",
    "二、重点任务",
    "（一）完善专利政策体系。贯彻《国家知识产权战略纲要》。（责任单位：市市场监管局，配合单位：市司法局、市财政局）",
    "（二）加强商标品牌建设。培育地理标志产品。（市商务局牵头，市农业农村局配合）",
]


def _expect(doc) -> None:
    assert [(t.title, t.lead, t.cooperating) for t in doc.tasks] == [
        ("完善专利政策体系", ("市市场监管局",), ("市司法局", "市财政局")),
        ("加强商标品牌建设", ("市商务局",), ("市农业农村局",)),
    ]
    assert doc.tasks[1].ip_types == ("商标", "地理标志")
    assert [(t.indicator, t.value, t.year) for t in doc.targets] == [("每万人口发明专利拥有量", 15, 2025)]
    assert doc.cited_documents == ("《国家知识产权战略纲要》",)
    for t in doc.tasks:
        assert doc.text[t.span.start : t.span.end] == t.span.quote


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_txt_encodings(tmp_path, encoding):
    p = tmp_path / f"plan-{encoding}.txt"
    p.write_bytes("\n".join(PLAN_LINES).encode(encoding))
    doc = load_document(p)
    _expect(doc)
    assert doc.meta.encoding == {"utf-8-sig": "utf-8-sig", "utf-8": "utf-8"}.get(encoding, "gb18030")
    assert doc.meta.title == "某市知识产权强市建设实施方案"


GOV_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<meta name="ArticleTitle" content="某市知识产权强市建设实施方案">
<title>某市知识产权强市建设实施方案_某市人民政府</title>
<script>var nav = "一、重点任务（责任单位：假单位）"; window.alert('x');</script>
<style>.x{color:red}</style></head>
<body>
<div class="header"><a href="/">首页</a> | <a href="/zw">政务公开</a> | 无障碍浏览 | 长者模式</div>
<div class="nav"><ul><li>机构概况</li><li>政策文件</li><li>政务服务</li><li>互动交流</li></ul></div>
<div class="breadcrumb">当前位置：首页 &gt; 政策文件</div>
<div class="main"><div class="article">
<h1>某市知识产权强市建设实施方案</h1>
<div class="info">发布时间：2022-03-01 来源：市政府办公室</div>
<div id="zoom" class="TRS_Editor">
BODY
</div></div>
<div class="share">分享到：微信 微博</div>
</div>
<div class="footer">主办单位：某市人民政府办公室 网站标识码 1234567890 ICP备案 （某市人民政府负责）</div>
</body></html>"""


def test_html_government_page(tmp_path):
    body = "".join(f"<p style='text-indent:2em'>{line}</p>\n" for line in PLAN_LINES[1:])
    p = tmp_path / "plan.html"
    p.write_bytes(GOV_PAGE.replace("BODY", body).encode("gb18030"))
    doc = load_document(p)
    _expect(doc)
    assert doc.meta.title == "某市知识产权强市建设实施方案"
    for noise in ("首页", "无障碍", "网站标识码", "分享到", "假单位"):
        assert noise not in doc.text


def test_html_task_table(tmp_path):
    rows = [
        ("序号", "重点任务", "牵头单位", "配合单位"),
        ("1", "完善专利政策体系。加强统筹。", "市市场监管局", "市司法局、市财政局"),
        ("", "推进商标品牌建设。", "", "市商务局"),
        ("2", "发展生物医药产业。", "市科技局", "市卫健委"),
    ]
    table = (
        "<table border='1'>"
        + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
        + "</table>"
    )
    html = GOV_PAGE.replace(
        "BODY", "<p>一、重点任务</p>" + table + "<p>二、保障措施</p><p>（一）加强组织领导。</p>"
    )
    p = tmp_path / "table.htm"
    p.write_bytes(html.encode("gb18030"))
    doc = load_document(p)
    got = [(t.id, t.title, t.lead, t.cooperating) for t in doc.tasks]
    assert got == [
        ("1", "完善专利政策体系", ("市市场监管局",), ("市司法局", "市财政局", "市商务局")),
        ("2", "发展生物医药产业", ("市科技局",), ("市卫健委",)),
    ]
    assert doc.tasks[0].section == "一、重点任务"
    assert doc.tasks[0].ip_types == ("专利", "商标") and doc.tasks[1].industries == ("生物医药",)


def _docx(path, paragraphs, table_rows=None, title=None):
    import docx

    d = docx.Document()
    if title:
        d.core_properties.title = title
    for line in paragraphs:
        d.add_paragraph(line)
    if table_rows:
        t = d.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        for i, r in enumerate(table_rows):
            for j, c in enumerate(r):
                t.cell(i, j).text = c
        # A merged number cell spanning the two rows of task 1, as Word writes it.
        if len(table_rows) > 2:
            t.cell(1, 0).merge(t.cell(2, 0))
            t.cell(1, 0).text = "1"
    d.save(str(path))


def test_docx_paragraphs(tmp_path):
    p = tmp_path / "plan.docx"
    _docx(p, PLAN_LINES, title="某市知识产权强市建设实施方案")
    doc = load_document(p)
    _expect(doc)
    assert doc.meta.encoding == "docx"


def test_docx_table_with_merged_rows(tmp_path):
    p = tmp_path / "table.docx"
    rows = [
        ["序号", "主要任务", "牵头单位", "配合单位"],
        ["1", "完善专利政策体系。", "市市场监管局", "市司法局"],
        ["", "落实专利奖励。", "", "市财政局"],
        ["2", "加强版权保护。", "市委宣传部", "市公安局、市文旅局"],
    ]
    _docx(p, ["某市实施方案", "一、重点任务"], rows)
    doc = load_document(p)
    assert [(t.id, t.lead, t.cooperating) for t in doc.tasks] == [
        ("1", ("市市场监管局",), ("市司法局", "市财政局")),
        ("2", ("市委宣传部",), ("市公安局", "市文旅局")),
    ]
    assert doc.tasks[1].ip_types == ("版权",)


def _pdf(path, lines):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    c.setTitle("某市知识产权强市建设实施方案")
    y = 800
    for line in lines:
        # Long lines wrap as they do in real PDFs.
        while line:
            c.setFont("STSong-Light", 11)
            c.drawString(40, y, line[:40])
            line = line[40:]
            y -= 18
    c.drawString(280, 30, "- 1 -")
    c.save()


def test_pdf_with_text_layer(tmp_path):
    p = tmp_path / "plan.pdf"
    _pdf(p, PLAN_LINES)
    doc = load_document(p)
    _expect(doc)
    assert doc.meta.title == "某市知识产权强市建设实施方案"
    assert "- 1 -" not in doc.text


def test_scanned_pdf_is_refused(tmp_path):
    from reportlab.pdfgen import canvas

    p = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(p))
    c.rect(40, 40, 500, 700, fill=1)  # an image-like page with no text
    c.save()
    with pytest.raises(InputError, match="no text layer"):
        load_document(p)


def test_broken_docx_and_pdf(tmp_path):
    bad_docx = tmp_path / "bad.docx"
    bad_docx.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="bad.docx"):
        load_document(bad_docx)
    bad_pdf = tmp_path / "bad.pdf"
    bad_pdf.write_bytes(b"%PDF-1.4\n garbage")
    with pytest.raises(InputError, match="bad.pdf"):
        load_document(bad_pdf)


def test_docx_zip_bomb_is_refused(tmp_path):
    import zipfile

    p = tmp_path / "bomb.docx"
    with zipfile.ZipFile(p, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<w:document>" + b" " * (300 * 2**20) + b"</w:document>")
    with pytest.raises(InputError, match="refused"):
        load_document(p)
