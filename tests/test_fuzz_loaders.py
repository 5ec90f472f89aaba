"""Property-based tests of the loaders: any input gives a correct extraction or a PolicyParseError.

Seeded and bounded for CI. A longer run::

    HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/test_fuzz_loaders.py
"""

from __future__ import annotations

import os
import random
import signal
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.graph.build import build_graph
from loaders.errors import PolicyParseError
from loaders.extract.document import parse_text

settings.register_profile(
    "ci", max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("long", max_examples=5000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

PER_INPUT_SECONDS = 20  # generous: a hang, not slowness, is what this catches


@contextmanager
def time_limit(seconds: int):
    def on_alarm(signum, frame):
        raise TimeoutError(f"parsing took more than {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def check(text: str) -> None:
    """Parse; the only allowed failure is PolicyParseError. A success must be self-consistent."""
    with time_limit(PER_INPUT_SECONDS):
        try:
            doc = parse_text(text, source="fuzz.txt", doc_id="fuzz")
        except PolicyParseError as exc:
            assert "fuzz.txt" in str(exc) and "\n" not in str(exc)
            return
        for t in doc.tasks:
            assert t.responsibilities
            assert doc.text[t.span.start : t.span.end] == t.span.quote
            for r in t.responsibilities:
                assert doc.text[r.mention.start : r.mention.end] == r.mention.quote
                assert r.agency and "".join(r.mention.quote.split()) == r.agency
        for tg in doc.targets:
            assert doc.text[tg.span.start : tg.span.end] == tg.span.quote
        build_graph([doc])  # the graph build accepts whatever the parser produced


POLICY_ALPHABET = st.sampled_from(
    list("一二三四五六七八九十（）()、，。；：:;,.|《》 \n\t") + ["责任单位：", "配合单位：", "牵头", "负责", "各成员单位",
    "区市场监管局", "市科技局", "等", "和", "专利", "商标", "生物医药", "到2025年", "达到", "20件", "是", "第一条", "1.", "排在第一位的为牵头单位", "下同"]
)


@given(st.text(max_size=400))
def test_random_unicode(text):
    check(text)


@given(st.lists(POLICY_ALPHABET, max_size=200).map("".join))
def test_policy_shaped_noise(text):
    check(text)


def _mutate(text: str, rng: random.Random, n: int) -> str:
    chars = list(text)
    for _ in range(n):
        if not chars:
            break
        i = rng.randrange(len(chars))
        op = rng.randrange(6)
        if op == 0:
            del chars[i]
        elif op == 1:
            chars.insert(i, chars[i])
        elif op == 2:
            j = rng.randrange(len(chars))
            chars[i], chars[j] = chars[j], chars[i]
        elif op == 3:
            chars.insert(i, rng.choice("（）()《》【】"))
        elif op == 4:
            chars[i] = {"，": ",", "：": ":", "（": "(", "）": ")", "；": ";"}.get(chars[i], chars[i])
        else:
            del chars[i : i + rng.randrange(1, 80)]  # cut a clause in half
    return "".join(chars)


@given(st.integers(min_value=0, max_value=2**32 - 1), st.integers(min_value=1, max_value=60))
def test_mutations_of_the_sample(sample_text, seed, n):
    check(_mutate(sample_text, random.Random(seed), n))


@pytest.fixture(scope="module")
def sample_text(sample_path):
    return sample_path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text",
    [
        "一、" + "（" * 5000 + "责任单位：区科技局" + "）" * 5000,
        "三、重点任务\n（一）" + "很长的句子" * 40000 + "（责任单位：区科技局）",
        "\n".join(f"{'（' + '一' * (i % 30 + 1) + '）'}任务。（区科技局负责）" for i in range(3000)),
        "一、任务\n" + "".join(f"{i}.任务。（区科技局牵头，区财政局配合）\n" for i in range(1, 999)),
        "一、任务\n（一）完善。（" + "、".join(f"区第{i}局" for i in range(5000)) + "负责）",
        "、" * 100000,
        "（" * 100000,
        "一是" * 20000,
    ],
    ids=["deep-brackets", "very-long-line", "many-items", "arabic-items", "huge-clause", "commas", "opens", "yishi"],
)
def test_pathological_inputs(text):
    check(text)
