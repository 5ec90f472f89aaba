"""Reading: the bytes of a document (txt, HTML, DOCX, PDF) → decoded text, and its length-preserving fold.

- `loaders.read.decoding` — encodings (UTF-8, GB18030/GBK), binary input refused;
- `loaders.read.formats` — HTML, DOCX and PDF to plain text, tables as ``|`` rows;
- `loaders.read.safe_xml` — XML with a DTD refused before a parser sees it;
- `loaders.read.normalize` — ``fold``: one canonical form of punctuation, brackets and digits, same length.
"""

from loaders.read.formats import read_text
from loaders.read.normalize import fold, squeeze

__all__ = ["read_text", "fold", "squeeze"]
