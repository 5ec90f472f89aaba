"""The two segmenter backends (jieba, rjieba) give the same tokens and the same extraction."""

from __future__ import annotations

import pytest

from loaders.synthetic.plans import generate_corpus
from loaders.vocab.lexicon import Segmenter, get_lexicon

pytest.importorskip("rjieba")


@pytest.fixture(scope="module")
def segmenters():
    words = get_lexicon().words()
    return Segmenter("jieba", words), Segmenter("rjieba", words)


def test_same_tokens_on_sample_and_generated_plans(segmenters, sample_doc):
    jb, rj = segmenters
    texts = [sample_doc.text] + [p.text for p in generate_corpus(15, seed=4)]
    for text in texts:
        for para in text.splitlines():
            assert jb.tokenize(para) == rj.tokenize(para)


def test_lexicon_labels_stay_whole(segmenters):
    for seg in segmenters:
        words = [w for w, _, _ in seg.tokenize("实施高价值发明专利培育计划，发展生物医药和新材料新能源产业")]
        assert "高价值发明专利" in words and "生物医药" in words
        assert "新材料" in words and ("新能源" in words or "新能源产业" in words)


def test_unknown_backend():
    with pytest.raises(ValueError, match="unknown segmenter"):
        Segmenter("nope", [])
