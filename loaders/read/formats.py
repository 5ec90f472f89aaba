"""Read documents of any supported format into plain text that the parser understands.

- ``.txt`` (``.text``, ``.md``): bytes decoded by `loaders.read.decoding` (UTF-8, UTF-8 with BOM,
  GB18030/GBK).
- ``.html`` / ``.htm``: parsed with **lxml** (libxml2's HTML parser: fast, tolerant of the broken markup
  of government sites, no network, no entity expansion). The main text is chosen by text density — the
  deepest element that still holds most of the page's Chinese text — after dropping scripts, navigation,
  headers, footers and share bars; generic boilerplate removers (jusText, trafilatura) drop the short
  paragraphs and task tables these pages are made of, so this rule is ours.
- ``.docx``: **python-docx** (the maintained reader of OOXML; paragraphs and tables in body order).
- ``.pdf``: **pdfplumber** (on pdfminer.six: CJK CID fonts, text lines with positions and table detection),
  refusing scanned PDFs that have no text layer.

Tables become one line per row with cells joined by `` | `` (a header row first), which
`loaders.extract.tables` reads as task tables. Offsets in the records refer to this text.
"""

from __future__ import annotations

import hashlib
import re
import stat
import struct
import zipfile
import zlib
from pathlib import Path

from loaders.errors import InputError, require
from loaders.read.decoding import decode_bytes
from loaders.read.safe_xml import DoctypeCheck, UnsafeXMLError

__all__ = ["read_text", "SUPPORTED_SUFFIXES", "html_to_text", "docx_to_text", "pdf_to_text", "CELL_SEP"]

SUPPORTED_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".docx", ".pdf")
CELL_SEP = " | "
MAX_UNZIPPED = 200 * 1024 * 1024  # a DOCX that inflates beyond this is refused (zip bomb)
MAX_RATIO = 200  # and so is one whose members compress better than any real document


def read_text(path: Path) -> tuple[str, str, dict[str, str]]:
    """Return ``(text, encoding or format, hints)``; hints may hold ``sha256`` and ``title``."""
    source = str(path)
    try:
        # Devices (/dev/zero never ends), FIFOs (block until a writer comes) and sockets are refused
        # before they are opened: a document is a regular file.
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            kind = ("a directory" if stat.S_ISDIR(mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(mode)
                    else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket"
                    if stat.S_ISSOCK(mode) else "not a regular file")
            raise InputError(source, f"is {kind}, not a document file")
        data = path.read_bytes()
    except PermissionError:
        raise InputError(source, "permission denied") from None
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror})") from None
    if not data.strip():
        raise InputError(source, "the file is empty")
    hints = {"sha256": hashlib.sha256(data).hexdigest()}
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        text, title = html_to_text(data, source)
        enc = "html"
    elif suffix == ".docx":
        text, title = docx_to_text(path)
        enc = "docx"
    elif suffix == ".pdf":
        text, title = pdf_to_text(path)
        enc = "pdf"
    elif suffix in ("", ".txt", ".text", ".md"):
        text, enc = decode_bytes(data, source)
        title = None
    else:
        raise InputError(
            source, f"unsupported file type {suffix!r}; supported: {', '.join(SUPPORTED_SUFFIXES)}"
        )
    if title:
        hints["title"] = title
    if not text.strip():
        raise InputError(source, f"no text found in this {enc.upper()} document")
    return text, enc, hints


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "｜").split())


def _rows_to_lines(rows: list[list[str]]) -> list[str]:
    out = []
    for row in rows:
        cells = [_cell(c) for c in row]
        if any(cells):
            out.append(CELL_SEP.join(cells))
    return out


# ---------------------------------------------------------------- HTML
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "iframe",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "select",
    "button",
    "svg",
    "template",
    "object",
    "embed",
    "input",
    "textarea",
)
_BOILER = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|footer|foot|header|head|breadcrumb|crumbs?|share|sidebar|side|copyright|banner|"
    r"toolbar|login|search|friendlink|links?|bottom|topbar|location|position|pager|pagination|related|comment)(?:$|[\s_-])",
    re.I,
)
_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "dl",
    "center",
    "body",
}
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SCRIPT_STYLE = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_LONG_ATTR = re.compile(r"(\s[\w:.-]+\s*=\s*)([\"'])[^\"']{4096,}\2")


def _html_charset(data: bytes) -> str | None:
    m = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_-]+)", data[:4096], re.I)
    return m.group(1).decode("ascii").lower() if m else None


def html_to_text(data: bytes, source: str = "<html>") -> tuple[str, str | None]:
    """Main text of an HTML page, with tables as `` | `` rows, and its title.

    Examples
    --------
    >>> html = "<body><div class='nav'>首页 导航</div><div id='c'><p>一、重点任务</p></div></body>"
    >>> html_to_text(html.encode())[0]
    '一、重点任务'
    """
    import lxml.html
    from lxml import etree

    charset = _html_charset(data)
    text = None
    try:
        # Valid UTF-8 wins over a declared charset: pages often declare gb2312 and serve UTF-8.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if text is None and charset:
        try:
            text = data.decode({"gb2312": "gb18030", "gbk": "gb18030"}.get(charset, charset))
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text, _ = decode_bytes(data, source)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    # Scripts, styles and giant attribute values carry no policy text; removing them before parsing
    # keeps libxml2 inside its default limits (it stops at multi-megabyte nodes) and memory bounded.
    text = _SCRIPT_STYLE.sub(" ", text)
    text = _LONG_ATTR.sub(r"\1\2\2", text)
    try:
        # huge_tree lifts libxml2's nesting limit from 256 to 2048 levels (sloppy pages nest unclosed
        # <font>/<span> tags that deep); what is deeper still is read flat below, never dropped.
        parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=True)
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(source, f"is not a readable HTML page ({exc})") from None
    expected = _cjk_outside_tags(text)
    if len(_CJK.findall(root.text_content())) < expected - 10:
        # The parser gave up part of the page (nesting beyond its limit): read the whole page flat.
        return _flat_text(text), _flat_title(text)
    title = None
    for xp in ("//meta[@name='ArticleTitle']/@content", "//meta[@name='title']/@content", "//h1", "//title"):
        found = root.xpath(xp)
        if found:
            value = found[0] if isinstance(found[0], str) else found[0].text_content()
            value = " ".join(value.split())
            if xp == "//title":
                value = _title_part(value)
            if value:
                title = value
                break
    for el in root.xpath("|".join(f"//{t}" for t in _DROP_TAGS)):
        el.drop_tree()
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        marker = f"{el.get('class', '')} {el.get('id', '')}"
        if marker.strip() and _BOILER.search(marker) and len(_CJK.findall(el.text_content())) < 400:
            el.drop_tree()
    body = root.find("body") if root.find("body") is not None else root
    main = _densest(body)
    lines: list[str] = []
    _render(main, lines)
    out = "\n".join(ln for ln in (" ".join(x.split()) for x in lines) if ln)
    return out, title


_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_TAG = re.compile(r"<[A-Za-z/!?][^>]*>?")
_BLOCK_NAMES = "|".join(sorted(_BLOCK | {"td", "th"}))
_BLOCK_TAG = re.compile(rf"<(?:/?(?:{_BLOCK_NAMES})|br|hr)\b[^>]*>", re.I)
_DROP_BLOCK = re.compile(rf"<({'|'.join(_DROP_TAGS)})\b[^>]*>.*?</\1\s*>", re.S | re.I)
# Text that looks like a plan's own content: numbered items and responsibility clauses.
_CONTENT = re.compile(r"(?:责任单位|牵头单位|配合单位|（[一二三四五六七八九十\d]+）|"
                      r"[一二三四五六七八九十]+、)")


def _cjk_outside_tags(text: str) -> int:
    """Chinese characters of the page outside tags and comments (what a whole reading must keep)."""
    return len(_CJK.findall(_TAG.sub(" ", _COMMENT.sub(" ", text))))


def _title_part(value: str) -> str:
    return re.split(r"[_|｜—–-]{1,2}", value)[0].strip()


def _flat_title(text: str) -> str | None:
    import html

    m = re.search(r"<title[^>]*>(.*?)</title", text, re.S | re.I)
    return (_title_part(" ".join(html.unescape(_TAG.sub(" ", m.group(1))).split())) or None) if m else None


def _flat_text(text: str) -> str:
    """The whole page as text without a tree: block tags end lines, other tags vanish."""
    import html

    text = _COMMENT.sub(" ", text)
    text = _DROP_BLOCK.sub("\n", text)
    text = _BLOCK_TAG.sub("\n", text)
    text = html.unescape(_TAG.sub("", text))
    return "\n".join(ln for ln in (" ".join(x.split()) for x in text.splitlines()) if ln)


def _densest(body):
    """The element that holds the article: descend from ``body`` while one child holds most of the
    Chinese text and nothing left outside it looks like the plan's items or clauses.

    Counts are made once, bottom-up, so the walk is linear in the page whatever its depth (pages
    with unclosed tags nest every paragraph inside the previous one)."""
    cjk: dict = {}
    content: dict = {}
    own_content: dict = {}
    for el in _postorder(body):
        own = (el.text or "") + "".join(k.tail or "" for k in el)
        n = len(_CJK.findall(own))
        flag = bool(_CONTENT.search(own))
        own_content[el] = flag
        for k in el:
            if isinstance(k.tag, str):
                n += cjk[k]
                flag = flag or content[k]
        cjk[el] = n
        content[el] = flag
    total = cjk[body] or 1
    best = body
    while True:
        kids = [k for k in best if isinstance(k.tag, str)]
        if not kids:
            return best
        top = max(kids, key=lambda k: cjk[k])
        if cjk[top] < 0.7 * total:
            return best
        if own_content[best] or any(content[k] for k in kids if k is not top):
            return best
        best = top
        if best.tag == "table":
            return best


def _postorder(root):
    """Elements below and including ``root``, children before parents, without recursion."""
    out = []
    stack = [root]
    while stack:
        el = stack.pop()
        out.append(el)
        stack.extend(k for k in el if isinstance(k.tag, str))
    out.reverse()
    return out


def _render(root, lines: list[str]) -> None:
    """Append the text of ``root`` to ``lines``: one line per block, one ``|`` row per table row.

    An explicit stack instead of recursion: a page nested 2,000 levels deep is read like a flat one."""
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        el, closing = stack.pop()
        if closing:
            if el.tag in _BLOCK:
                lines.append("")
            if el is not root and el.tail:
                _append(lines, el.tail)
            continue
        if el.tag == "table":
            rows = []
            for tr in el.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"):
                rows.append([c.text_content() for c in tr
                             if isinstance(c.tag, str) and c.tag in ("td", "th")])
            lines.append("")
            lines.extend(_rows_to_lines(rows))
            lines.append("")
            if el is not root and el.tail:
                _append(lines, el.tail)
            continue
        if el.tag == "br":
            lines.append("")
        if el.tag in _BLOCK:
            lines.append("")
        if el.text:
            _append(lines, el.text)
        stack.append((el, True))
        for child in reversed(el):
            if isinstance(child.tag, str):
                stack.append((child, False))
            elif child.tail:
                # a comment or processing instruction left in the tree: only its tail is text
                stack.append((_Tail(child.tail), True))


class _Tail:
    """Stands for the tail text of a non-element node on the render stack."""

    tag = None

    def __init__(self, tail: str) -> None:
        self.tail = tail


def _append(lines: list[str], text: str) -> None:
    if not lines:
        lines.append("")
    lines[-1] += text.replace("\n", " ").replace("\r", " ")


# ---------------------------------------------------------------- DOCX
_INFLATE_CHUNK = 1 << 20
_XML_PART = (".xml", ".rels")


def _check_zip(path: Path) -> None:
    """Refuse a DOCX whose members inflate too much, lie about their sizes, or declare a DTD.

    Sizes in a ZIP archive are claims: every member is inflated here, in 1 MiB pieces, counting the
    bytes that really come out (zipfile itself inflates a member whole before it compares the size),
    so memory stays bounded whatever the headers say. Its XML parts are checked for DTDs on the way.
    """
    source = str(path)
    try:
        size_on_disk = path.stat().st_size
        with zipfile.ZipFile(path) as zf, path.open("rb") as raw:
            declared = 0
            inflated = 0
            for info in zf.infolist():
                declared += info.file_size
                if declared > MAX_UNZIPPED:
                    raise InputError(source, f"inflates to more than {MAX_UNZIPPED // 2**20} MB; refused")
                inflated += _inflate_member(raw, info, size_on_disk, source, MAX_UNZIPPED - inflated)
            if "word/document.xml" not in zf.namelist():
                raise InputError(source, "is a ZIP file but not a Word document (no word/document.xml)")
    except zipfile.BadZipFile:
        raise InputError(source, "is not a valid DOCX file (not a ZIP archive)") from None
    except (OSError, zlib.error, struct.error) as exc:
        raise InputError(source, f"is not a valid DOCX file ({type(exc).__name__})") from None


def _inflate_member(raw, info: zipfile.ZipInfo, size_on_disk: int, source: str, budget: int) -> int:
    """Inflate one member from the raw archive in bounded pieces; the number of bytes it gives."""
    raw.seek(info.header_offset)
    header = raw.read(30)
    if len(header) != 30 or header[:4] != b"PK\x03\x04":
        raise InputError(source, f"member {info.filename} has no local header (not a valid DOCX file)")
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    raw.seek(info.header_offset + 30 + name_len + extra_len)
    check = DoctypeCheck(f"{source}: {info.filename}") if info.filename.lower().endswith(_XML_PART) else None
    if info.compress_type == zipfile.ZIP_STORED:
        inflater = None
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-15)
    else:
        raise InputError(source, f"member {info.filename} uses a compression Word does not write; refused")
    consumed = produced = 0
    left = info.compress_size if inflater is None else size_on_disk
    while left > 0:
        if inflater is not None and inflater.unconsumed_tail:
            data = inflater.decompress(inflater.unconsumed_tail, _INFLATE_CHUNK)
        else:
            chunk = raw.read(min(_INFLATE_CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
            consumed += len(chunk)
            data = chunk if inflater is None else inflater.decompress(chunk, _INFLATE_CHUNK)
        produced += len(data)
        if check is not None and not check.done:
            try:
                check.feed(data)
            except UnsafeXMLError as exc:
                raise InputError(source, str(exc).removeprefix(f"{source}: ")) from None
        if produced > info.file_size:
            raise InputError(source, f"member {info.filename} inflates beyond the {info.file_size:,} bytes "
                                     "its header declares (a zip bomb?); refused")
        if produced > budget:
            raise InputError(source, f"inflates to more than {MAX_UNZIPPED // 2**20} MB; refused")
        used = consumed - (len(inflater.unconsumed_tail) if inflater is not None else 0)
        if produced > 2**20 and produced > MAX_RATIO * max(1, used):
            raise InputError(source, f"member {info.filename} inflates more than {MAX_RATIO}× "
                                     "(a zip bomb?); refused")
        if inflater is not None and inflater.eof:
            break
    if check is not None and not check.done:
        try:
            check.feed(b"", True)
        except UnsafeXMLError as exc:
            raise InputError(source, str(exc).removeprefix(f"{source}: ")) from None
    return produced


def docx_to_text(path: Path) -> tuple[str, str | None]:
    """Paragraphs and tables of a Word document, in body order, and its title property."""
    docx = require("docx", extra="docx", package="python-docx")
    _check_zip(path)
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many types for broken packages
        raise InputError(str(path), f"is not a readable DOCX file ({type(exc).__name__})") from None
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            table = Table(child, document)
            rows = []
            for row in table.rows:
                cells, seen = [], set()
                for cell in row.cells:  # merged cells repeat: keep each once
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append(cell.text)
                rows.append(cells)
            lines.extend(_rows_to_lines(rows))
    title = (document.core_properties.title or "").strip() or None
    return "\n".join(ln.rstrip() for ln in lines if ln.strip()), title


# ---------------------------------------------------------------- PDF
_PAGE_NO = re.compile(r"^[\s\-—－–]*(?:第\s*)?\d+(?:\s*页)?[\s\-—－–]*$")
_STARTS_ITEM = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十\d]+）|\d+[.．、]|第[一二三四五六七八九十]+[条章]|"
    r"(?:责任单位|牵头单位|配合单位)[：:])"
)


def _encrypted(exc: BaseException) -> bool:
    """Whether pdfminer's error (possibly wrapped by pdfplumber) says the PDF is encrypted."""
    from pdfminer.pdfdocument import PDFEncryptionError

    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, PDFEncryptionError):
            return True
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
        exc = inner or exc.__cause__ or exc.__context__
        seen += 1
    return False


def pdf_to_text(path: Path) -> tuple[str, str | None]:
    """The text layer of a PDF (tables as ``|`` rows); scanned PDFs without text are refused."""
    pdfplumber = require("pdfplumber", extra="pdf")
    from pdfminer.pdfparser import PDFSyntaxError

    blocks: list[tuple[int, float, list[str], bool]] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            title = (pdf.metadata or {}).get("Title")
            for pno, page in enumerate(pdf.pages):
                tables = page.find_tables()
                boxes = [t.bbox for t in tables]

                def outside(obj, boxes=boxes) -> bool:
                    x, y = (
                        (obj.get("x0", 0) + obj.get("x1", 0)) / 2,
                        (obj.get("top", 0) + obj.get("bottom", 0)) / 2,
                    )
                    return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

                for line in page.filter(outside).extract_text_lines():
                    blocks.append((pno, line["top"], [line["text"]], False))
                for t in tables:
                    blocks.append(
                        (pno, t.bbox[1], _rows_to_lines([[c or "" for c in r] for r in t.extract()]), True)
                    )
    except Exception as exc:  # noqa: BLE001 - pdfminer raises assorted errors on damaged files
        if _encrypted(exc):  # pdfplumber wraps pdfminer's errors in its PdfminerException
            raise InputError(str(path), "is encrypted (password-protected); save an unprotected copy "
                                        "first") from None
        if (isinstance(exc, (PDFSyntaxError, ValueError, KeyError, TypeError))
                or type(exc).__name__.startswith(("PDF", "Pdfminer")) or "pdf" in type(exc).__module__):
            raise InputError(str(path), f"is not a readable PDF ({type(exc).__name__})") from None
        raise
    if not any(any(ln.strip() for ln in b[2]) for b in blocks):
        raise InputError(str(path), "has no text layer (a scanned PDF?); run OCR first")
    blocks.sort(key=lambda b: (b[0], b[1]))
    lines: list[str] = []
    joinable = False
    for _, _, texts, is_table in blocks:
        for text in texts:
            if not is_table and _PAGE_NO.match(text):
                continue
            # PDF lines wrap inside paragraphs: join a line to the previous one unless the previous
            # ended a sentence or this one starts a numbered item or a clause line.
            if joinable and not is_table and lines and not _STARTS_ITEM.match(text):
                lines[-1] += text.strip()
            else:
                lines.append(text.strip())
            joinable = not is_table and not re.search(r"[。：:；！？）)]\s*$", text)
    return "\n".join(lines), (title or None)
