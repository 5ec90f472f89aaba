"""Hostile files: each is refused or handled with a clear message, in bounded memory and time."""

from __future__ import annotations

import resource
import zipfile

import pytest

from loaders.errors import InputError, PolicyParseError
from loaders.extract.document import load_document

PLAN = "某区方案\n一、重点任务\n（一）完善专利政策体系。加强统筹。（责任单位：区科技局，配合单位：区财政局）\n"

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_truncated_utf8(tmp_path):
    p = tmp_path / "cut.txt"
    p.write_bytes(PLAN.encode()[:-2])  # the last character loses a byte
    with pytest.raises(InputError, match="truncated"):
        load_document(p)


def test_corrupt_utf8_is_not_read_as_gbk(tmp_path):
    data = bytearray((PLAN * 20).encode())
    data[50] = 0xFF
    p = tmp_path / "corrupt.txt"
    p.write_bytes(bytes(data))
    with pytest.raises(InputError, match="invalid byte"):
        load_document(p)


def test_html_declaring_the_wrong_encoding(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in PLAN.splitlines())
    p = tmp_path / "wrong.html"
    p.write_bytes(f'<html><head><meta charset="gb2312"></head><body>{body}</body></html>'.encode())
    assert load_document(p).tasks[0].lead == ("区科技局",)
    q = tmp_path / "wrong2.html"
    q.write_bytes(f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>'.encode("gb18030"))
    assert load_document(q).tasks[0].lead == ("区科技局",)


def test_fifty_megabyte_text_is_refused_quickly(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as fh:
        block = (PLAN * 200).encode()
        while fh.tell() < 50 * 2**20:
            fh.write(block)
    before = _peak_mb()
    with pytest.raises(InputError, match="refused"):
        load_document(p)
    assert _peak_mb() - before < 100  # refused by size, never read into memory


def test_html_with_scripts_and_huge_attributes(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in PLAN.splitlines())
    attr = "x" * (5 * 2**20)
    html = (f'<html><head><script>{"var a=1;" * 100000}</script></head><body data-x="{attr}">'
            f'<div title="{attr}"><script>document.write("（责任单位：假冒局）")</script>{body}</div></body></html>')
    p = tmp_path / "hostile.html"
    p.write_text(html, encoding="utf-8")
    doc = load_document(p)
    assert doc.tasks[0].lead == ("区科技局",)
    assert "假冒局" not in doc.text


def test_docx_with_billion_laughs(tmp_path):
    p = tmp_path / "laughs.docx"
    doc_xml = (LAUGHS + '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
               "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>")
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                    '<Default Extension="xml" ContentType="application/xml"/>'
                    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                    "</Types>")
        zf.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                    "</Relationships>")
        zf.writestr("word/document.xml", doc_xml)
    before = _peak_mb()
    with pytest.raises(PolicyParseError):
        load_document(p)
    assert _peak_mb() - before < 200


def test_rdfxml_with_billion_laughs_is_refused(tmp_path):
    from kg.safe_xml import UnsafeXMLError, check_xml_file

    p = tmp_path / "laughs.rdf"
    p.write_text(LAUGHS + '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">'
                 '<rdf:Description rdf:about="http://e/a"><ex:p>&lol9;</ex:p></rdf:Description></rdf:RDF>',
                 encoding="utf-8")
    with pytest.raises(UnsafeXMLError, match="laughs.rdf: declares XML entities"):
        check_xml_file(p)


def test_gexf_with_billion_laughs_is_refused(tmp_path):
    import networkx as nx

    from kg.safe_xml import UnsafeXMLError, check_xml_file

    p = tmp_path / "laughs.gexf"
    p.write_text(LAUGHS + '<gexf xmlns="http://gexf.net/1.2" version="1.2"><graph><nodes>'
                 '<node id="a" label="&lol9;"/></nodes><edges/></graph></gexf>', encoding="utf-8")
    with pytest.raises(UnsafeXMLError):
        check_xml_file(p)
    # networkx's own reader (expat) is stopped by expat's amplification limit too.
    before = _peak_mb()
    with pytest.raises(Exception) as info:
        nx.read_gexf(p)
    assert "amplification" in str(info.value).lower() or "entit" in str(info.value).lower()
    assert _peak_mb() - before < 200


def test_safe_xml_accepts_ordinary_files(tmp_path):
    from kg.safe_xml import check_xml_file

    p = tmp_path / "ok.rdf"
    p.write_text('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>')
    check_xml_file(p)
