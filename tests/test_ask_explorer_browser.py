"""The explorer's question box on a corpus KG (the 27 dev plans), in a real headless Chromium (Debian's,
driven by Playwright through ``executable_path``): its examples and placeholder speak of the loaded graph's
agencies, plans and places — not of the sample plan — and an example, clicked, is answered."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="pip install 'policykg[explore]'")
pytest.importorskip("playwright.sync_api", reason="pip install 'policykg[test]' (playwright)")

from tests.explore_server import running_explorer  # noqa: E402
from tests.test_explore_browser import CHROMIUM, browser, page, shot, timed_goto  # noqa: E402, F401, F811

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (scripts/setup.sh installs it)")

DEV = Path(__file__).resolve().parent / "data" / "dev" / "docs"


@pytest.fixture(scope="module")
def corpus_kg(tmp_path_factory) -> Path:
    from kg.graph.corpus import build_corpus

    out = tmp_path_factory.mktemp("dev-kg")
    build_corpus(sorted(DEV.glob("*.txt")), out, jobs=1, validate=False)
    return out / "kg.ttl"


@pytest.fixture(scope="module")
def site(corpus_kg):
    with running_explorer(corpus_kg, "--timeout", "120") as (url, _):
        yield url.rstrip("/")


def test_the_question_box_shows_examples_from_the_corpus(page, site, corpus_kg):  # noqa: F811
    from kg.ask import Asker
    from kg.ask.examples import example_questions

    expected = example_questions(Asker(data=corpus_kg).vocabulary)
    timed_goto(page, site + "/ask")
    shown = [a.inner_text() for a in page.locator("ul.examples a").all()]
    assert shown == expected
    assert not any(name in q for q in shown for name in ("区市场监管局", "区法院", "长寿区"))
    assert any("《" in q for q in shown)  # a plan of this corpus, by its title
    assert page.locator("#question").get_attribute("placeholder") == f"例如：{shown[0]}"
    shot(page, "ask-corpus-examples")
    page.locator("ul.examples a").first.click()
    page.wait_for_url(re.compile(r"/ask\?q="))
    page.wait_for_selector("#summary")
    assert page.locator("#summary").inner_text().strip()
