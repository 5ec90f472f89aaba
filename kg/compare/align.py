"""Aligning the tasks of two plans by their wording: text → similarity → a one-to-one assignment.

Why this method. A district plan that implements its city's plan copies, trims and rewords the city's
tasks: titles keep most of their characters (完善知识产权政策体系 → 健全知识产权政策体系), bodies keep
phrases and drop or add sentences, and the agencies change their prefix (市 → 区). Chinese has no spaces,
and a word segmenter would split the same phrase differently in the two texts; **character n-grams**
(2- and 3-grams) match shared phrases without one. **TF-IDF** weighting, fitted on the tasks of the two
plans being compared, lets the phrases that make a task distinctive count and the boilerplate every task
shares (加强, 工作机制, 责任单位) count little. Title and body are compared apart and mixed with a weight
(`TITLE_WEIGHT`): the title is the task's name, but real plans reword it freely, while the body keeps
the shared phrases. The cosine similarities of every pair then go to an **optimal one-to-one
assignment** (the Hungarian method, `scipy.optimize.linear_sum_assignment`, maximising the total
similarity): a greedy best-match would let two district tasks claim the same city task. The assignment
pairs every task of the shorter plan with something, so a pair is kept only when its similarity reaches
`THRESHOLD` *and* stands `MIN_Z` robust standard deviations above the `background` — how alike the
unpaired tasks of these two plans are anyway (stock phrases, shared topic); the tasks left over are in
one plan only.

The weight, the threshold and the background test were chosen on generated families of plans with
known correspondences (`loaders.synthetic.corpora`) and a real province → city pair with a hand-made
alignment; the measurements are in docs/compare.md and ``benchmarks/compare_alignment.py`` repeats them.

Agency names are blanked out of the texts before they are compared (`task_text` takes their spans), so
that two tasks are aligned by what they ask for, not by who is asked: a task whose lead changed is
still the same task.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import require

__all__ = ["NGRAMS", "TITLE_WEIGHT", "THRESHOLD", "MIN_Z", "Pair", "normalise", "char_ngrams",
           "tfidf_vectors", "similarity", "background", "assign", "align", "task_text"]

#: The character n-gram lengths compared.
NGRAMS = (2, 3)
#: The share of the title in a pair's similarity (the body has the rest).
TITLE_WEIGHT = 0.25
#: The least similarity at which two tasks are taken to be the same task.
THRESHOLD = 0.1
#: How far above the background a pair's similarity must be, in robust standard deviations.
MIN_Z = 4.0
#: The least number of unassigned pairs that make a background (fewer: the threshold alone decides).
MIN_BACKGROUND = 3

# What is not text for the comparison: punctuation, symbols, spaces (a category starting with P, S, Z,
# or a control character).
_NOT_TEXT = ("P", "S", "Z", "C")
_NUMERAL = r"[一二三四五六七八九十百零〇\d]+"
_NUMBER_PREFIX = re.compile(rf"^\s*(?:[（(]?{_NUMERAL}[）)]|{_NUMERAL}[、.．])")


@dataclass(frozen=True)
class Pair:
    """Two aligned tasks: index ``a`` in the first list, ``b`` in the second, and their similarity."""

    a: int
    b: int
    similarity: float


def normalise(text: str) -> str:
    """``text`` in NFKC with punctuation, symbols and spaces removed: what the n-grams are taken of.

    Examples
    --------
    >>> normalise("（一）完善 知识产权政策体系。")
    '一完善知识产权政策体系'
    """
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not unicodedata.category(c).startswith(_NOT_TEXT))


def char_ngrams(text: str, sizes: Iterable[int] = NGRAMS) -> dict[str, int]:
    """The counts of the character n-grams of the normalised ``text``, for each length in ``sizes``.

    A text shorter than the shortest n is its own one n-gram, so a one-character title still counts.

    Examples
    --------
    >>> sorted(char_ngrams("专利导航").items())
    [('专利', 1), ('专利导', 1), ('利导', 1), ('利导航', 1), ('导航', 1)]
    """
    text = normalise(text)
    counts: dict[str, int] = {}
    sizes = tuple(sizes)
    for n in sizes:
        for i in range(len(text) - n + 1):
            gram = text[i:i + n]
            counts[gram] = counts.get(gram, 0) + 1
    if not counts and text:
        counts[text] = 1
    return counts


def tfidf_vectors(texts: Sequence[str], sizes: Iterable[int] = NGRAMS) -> Any:
    """L2-normalised TF-IDF vectors of ``texts`` over their character n-grams (a numpy array, one row
    per text). Term frequency is sublinear (1 + ln count); the inverse document frequency is smoothed,
    ln((1 + n) / (1 + df)) + 1, over the texts given, so the n-grams every text shares weigh least.
    An empty text is a zero row.

    Examples
    --------
    >>> v = tfidf_vectors(["完善政策体系", "完善政策体系", "培育人才"])
    >>> [round(float(x), 3) for x in (v @ v.T)[0]]
    [1.0, 1.0, 0.0]
    """
    np = require("numpy", extra="analysis")
    grams = [char_ngrams(t, sizes) for t in texts]
    vocabulary = {g: i for i, g in enumerate(sorted({g for counts in grams for g in counts}))}
    matrix = np.zeros((len(texts), len(vocabulary)))
    for row, counts in enumerate(grams):
        for gram, count in counts.items():
            matrix[row, vocabulary[gram]] = 1.0 + math.log(count)
    if not vocabulary:
        return matrix
    df = (matrix > 0).sum(axis=0)
    matrix *= np.log((1.0 + len(texts)) / (1.0 + df)) + 1.0
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


def _cosines(a: Sequence[str], b: Sequence[str]) -> Any:
    vectors = tfidf_vectors([*a, *b])
    return vectors[: len(a)] @ vectors[len(a):].T


def similarity(a: Sequence[tuple[str, str]], b: Sequence[tuple[str, str]],
               title_weight: float = TITLE_WEIGHT) -> Any:
    """The similarity of every task of ``a`` with every task of ``b`` (an ``len(a) × len(b)`` array).

    Each task is ``(title, body)``. Titles and bodies are vectorised apart (`tfidf_vectors`, fitted on
    the titles — or the bodies — of both lists) and the two cosines mixed:
    ``title_weight · cos(titles) + (1 − title_weight) · cos(bodies)``. When one of the two bodies is
    empty the title alone counts.

    Examples
    --------
    >>> s = similarity([("完善政策体系", "加强统筹"), ("培育人才", "引进高端人才")],
    ...                [("培育知识产权人才", "引进人才"), ("完善政策体系", "加强统筹协调")])
    >>> [[round(float(x), 2) for x in row] for row in s]
    [[0.0, 0.75], [0.2, 0.0]]
    """
    np = require("numpy", extra="analysis")
    if not a or not b:
        return np.zeros((len(a), len(b)))
    titles = _cosines([t for t, _ in a], [t for t, _ in b])
    bodies = _cosines([x for _, x in a], [x for _, x in b])
    has_a = np.array([bool(normalise(x)) for _, x in a])[:, None]
    has_b = np.array([bool(normalise(x)) for _, x in b])[None, :]
    mixed = title_weight * titles + (1.0 - title_weight) * bodies
    return np.where(has_a & has_b, mixed, titles)


def background(scores: Any, pairs: Sequence[tuple[int, int]]) -> tuple[float, float] | None:
    """The median and the robust spread (1.4826 × the median absolute deviation, which is the standard
    deviation for normal data) of the similarities of the pairs *not* in ``pairs``: how alike two
    unrelated tasks of these two documents are. None when fewer than `MIN_BACKGROUND` pairs are left.

    Examples
    --------
    >>> import numpy as np
    >>> background(np.array([[0.9, 0.1, 0.2], [0.1, 0.8, 0.1], [0.3, 0.1, 0.7]]), [(0, 0), (1, 1), (2, 2)])
    (0.1, 0.0)
    """
    np = require("numpy", extra="analysis")
    mask = np.ones(scores.shape, dtype=bool)
    for i, j in pairs:
        mask[i, j] = False
    rest = scores[mask]
    if rest.size < MIN_BACKGROUND:
        return None
    median = float(np.median(rest))
    return round(median, 6), round(1.4826 * float(np.median(np.abs(rest - median))), 6)


def assign(scores: Any, threshold: float = THRESHOLD, min_z: float = MIN_Z) -> list[Pair]:
    """The optimal one-to-one assignment on a similarity matrix, keeping the pairs that are alike in
    earnest: a similarity of at least ``threshold`` *and* at least ``min_z`` robust standard deviations
    above the `background` (when there is one; a spread of zero lets any pair above the median pass).

    Examples
    --------
    >>> import numpy as np
    >>> s = np.array([[0.9, 0.12, 0.2, 0.1], [0.11, 0.15, 0.08, 0.22], [0.1, 0.13, 0.7, 0.09]])
    >>> background(s, [(0, 0), (1, 3), (2, 2)])
    (0.11, 0.029652)
    >>> [(p.a, p.b) for p in assign(s)]  # 0.22 is above 0.1 but only 3.7 spreads above the background
    [(0, 0), (2, 2)]
    """
    optimize = require("scipy.optimize", extra="analysis", package="scipy")
    rows, cols = optimize.linear_sum_assignment(scores, maximize=True)
    chosen = list(zip((int(i) for i in rows), (int(j) for j in cols), strict=True))
    base = background(scores, chosen)
    pairs = []
    for i, j in chosen:
        value = float(scores[i, j])
        if value < threshold:
            continue
        if base is not None:
            median, spread = base
            if value <= median or (spread > 0 and (value - median) / spread < min_z):
                continue
        pairs.append(Pair(i, j, round(value, 4)))
    return sorted(pairs, key=lambda p: p.a)


def align(a: Sequence[tuple[str, str]], b: Sequence[tuple[str, str]], threshold: float = THRESHOLD,
          title_weight: float = TITLE_WEIGHT, min_z: float = MIN_Z) -> list[Pair]:
    """The one-to-one alignment of the tasks of ``a`` with those of ``b``: the assignment that
    maximises the total `similarity`, keeping the pairs that `assign` finds alike in earnest.

    Parameters
    ----------
    a, b : sequence of (title, body)
        The tasks of the two documents, in document order.
    threshold : float
        The least similarity of a kept pair (0–1).
    title_weight : float
        The share of the title in the similarity (0–1).
    min_z : float
        How many robust standard deviations above the background similarity a kept pair must be.

    Returns
    -------
    list of Pair
        Ordered by the task of ``a``.

    Examples
    --------
    >>> a = [("完善知识产权政策体系", "强化财政支持，健全审查机制"), ("加强司法保护", "推进诉调对接")]
    >>> b = [("加强知识产权司法保护", "推进诉调对接，降低维权成本"), ("培育运营服务机构", "鼓励社会资本参与")]
    >>> [(p.a, p.b) for p in align(a, b)]
    [(1, 0)]
    """
    if not a or not b:
        return []
    return assign(similarity(a, b, title_weight), threshold, min_z)


def task_text(title: str | None, quote: str, start: int, names: Iterable[tuple[int, int]] = (),
              number: str | None = None) -> tuple[str, str]:
    """A task's ``(title, body)`` for `align`, from its span: the quote without its number, its title
    and the agency names written in it.

    Parameters
    ----------
    title : str or None
        The task's title (the quote's first sentence).
    quote : str
        The text of the task's span.
    start : int
        The span's start offset in the document.
    names : iterable of (start, end)
        Document offsets of the agency names of the task's responsibility clause; the characters of those
        inside the span are blanked out.
    number : str, optional
        The number as written (（一）), taken off the front of the quote.

    Examples
    --------
    >>> task_text("强化司法保护", "（三）强化司法保护。推进诉调对接。（责任单位：区法院）", 100,
    ...           [(123, 126)], "（三）")
    ('强化司法保护', '推进诉调对接。（责任单位：）')
    """
    chars = list(quote)
    for begin, end in names:
        for k in range(max(begin - start, 0), min(end - start, len(chars))):
            chars[k] = ""
    body = "".join(chars).strip()
    if number and body.startswith(number):
        body = body[len(number):]
    else:
        body = _NUMBER_PREFIX.sub("", body, count=1)
    body = body.strip()
    title = (title or "").strip()
    if title and body.startswith(title):
        body = body[len(title):].lstrip("。.；;：: \n")
    return title, body
