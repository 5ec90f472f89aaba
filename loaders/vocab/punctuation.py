"""Punctuation as data: the one bracket table, list separators, sentence ends and numbering marks.

Every parser of `loaders.extract` reads brackets and separators from here. The text they read is
folded first (`loaders.read.normalize.fold`: half-width ``( ) : ; ,`` become ``（ ）：；，``, rarer
brackets their common kin), so the tables below list the folded forms; names and spans are always
taken from the original text.

Examples
--------
>>> BRACKETS["〔"], "（" in OPENERS, "）" in CLOSERS
('〕', True, True)
>>> strip_trailing_bracket("市政府办公厅（市金融办）")
'市政府办公厅'
"""

from __future__ import annotations

import re

__all__ = [
    "BRACKETS",
    "OPENERS",
    "CLOSERS",
    "FOLD_BRACKETS",
    "FOLD_MARKS",
    "WRITTEN_BRACKETS",
    "QUOTES",
    "group",
    "LIST_SEPARATORS",
    "COMMAS",
    "SENTENCE_ENDS",
    "SPACES",
    "bracket_class",
    "strip_trailing_bracket",
]

# Brackets that may hold a whole clause or part of a name, as they stand after folding: opener → closer.
# 【】 holds a clause too (【责任单位：A】) besides marking labels (【责任单位】A); 《》 (titles) and quotes
# are kept apart.
BRACKETS: dict[str, str] = {"（": "）", "〔": "〕", "[": "]", "［": "］", "【": "】"}
OPENERS = "".join(BRACKETS)
CLOSERS = "".join(BRACKETS.values())

# What `fold` maps the rarer brackets to (one character for one, so offsets never move): the
# NFKC-equivalent and look-alike forms of the four kinds above.
FOLD_BRACKETS: dict[str, str] = {
    "(": "（",
    ")": "）",
    "﹙": "（",
    "﹚": "）",
    "〈": "（",
    "〉": "）",
    "⟨": "（",
    "⟩": "）",
    "〘": "〔",
    "〙": "〕",
    "﹝": "〔",
    "﹞": "〕",
    "〖": "【",
    "〗": "】",
    "｛": "（",
    "｝": "）",
}

# Every bracket as it may be written (names are kept as written, so they hold unfolded forms too).
WRITTEN_BRACKETS: dict[str, str] = {
    **BRACKETS,
    **{o: c for o, c in zip("(〈⟨〘﹝〖｛﹙", ")〉⟩〙﹞〗｝﹚", strict=True)},
}
# Marks that enclose a quotation or a title rather than a note: a quantity inside them is not read
# as the sentence's own (targets).
QUOTES: dict[str, str] = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "〈": "〉"}


def group(inner: str = "", most: int | None = None) -> str:
    """The regular expression of one bracket group of any kind, written or folded, with no bracket
    inside; ``inner`` is a pattern for its content (default: anything), ``most`` its longest length.

    Examples
    --------
    >>> bool(re.fullmatch(group(), "（市金融办）")), bool(re.fullmatch(group(), "〔2021〕"))
    (True, True)
    """
    opens = re.escape("".join(WRITTEN_BRACKETS))
    closes = re.escape("".join(WRITTEN_BRACKETS.values()))
    if not inner:
        inner = f"[^{opens}{closes}]" + ("*" if most is None else f"{{0,{most}}}")
    return f"[{opens}]{inner}[{closes}]"


# Small and half-width forms (NFKC-equivalent) of the marks the parsers read: 1﹒, ﹐, ｡ …
FOLD_MARKS: dict[str, str] = {
    "﹒": ".",
    "﹐": "，",
    "﹑": "、",
    "﹔": "；",
    "﹕": "：",
    "︰": "：",
    "｡": "。",
    "､": "、",
}

# Separators between units of a list (、 joins units of one group; the others start the next group).
LIST_SEPARATORS = "、，；,;"
COMMAS = "，；,;"
SENTENCE_ENDS = "。；;！？\n"
SPACES = " \u3000\r\n\t"


def bracket_class() -> str:
    """A regular-expression character class of every opener and closer (for scanning).

    Examples
    --------
    >>> bool(re.match(bracket_class(), "〔"))
    True
    """
    return "[" + re.escape(OPENERS + CLOSERS) + "]"


_TRAILING_GROUP = re.compile(group() + "$")


def strip_trailing_bracket(name: str) -> str:
    """``name`` without one bracketed group at its end (an alias or a note), in any bracket kind.

    Examples
    --------
    >>> strip_trailing_bracket("市委改革办〔市营商环境建设局〕"), strip_trailing_bracket("各区政府")
    ('市委改革办', '各区政府')
    """
    return _TRAILING_GROUP.sub("", name)
