"""``policykg explore`` in a real headless Chromium (Debian's, driven by Playwright): open the overview,
follow a task to its lead agency, search 市场监管, ask a question and open its SPARQL in the editor,
open the network view and click a node — with no console error on any page. Screenshots of each step
are written to ``tests.explore_server.ARTIFACTS`` (outside the checkout; ``POLICYKG_TEST_ARTIFACTS``).

Playwright drives the system's browser through ``executable_path``; its own browser download
(``playwright install``) is never used."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="pip install 'policykg[explore]'")
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install 'policykg[test]' (playwright)")

from tests.explore_server import ARTIFACTS, running_explorer, watched_page  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (scripts/setup.sh installs it)")

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WAIT_MS = 120_000


@pytest.fixture(scope="module")
def site(sample_kg_dir):
    with running_explorer(sample_kg_dir / "kg.ttl", "--timeout", "120") as (url, _):
        yield url.rstrip("/")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(Path(CHROMIUM).resolve()), args=ARGS,
                                     timeout=WAIT_MS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, site):
    """A fresh page that records console errors, page errors, failed requests and requests that left the app."""
    context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    page, problems = watched_page(context, site, WAIT_MS)
    page.problems = problems  # type: ignore[attr-defined]  # tests read it mid-test
    yield page
    problems = list(page.problems)
    context.close()
    assert problems == [], problems


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    assert path.stat().st_size > 10_000
    return path


def timed_goto(page, url: str) -> float:
    started = time.monotonic()
    page.goto(url, wait_until="load")
    return time.monotonic() - started


def test_overview_then_a_task_then_its_lead_agency(page, site):
    took = timed_goto(page, site + "/")
    assert "政策知识图谱概览" in page.locator("h1").inner_text()
    assert page.locator("#documents tbody tr").count() == 1
    shot(page, "01-overview")
    page.locator("#documents a").first.click()
    page.wait_for_url(re.compile(r"/id/doc/changshou-ip-plan$"))
    assert page.locator("#fulltext .fact.lead").count() >= 12  # every task's lead named in the text
    assert page.locator("#fulltext .fact.cooperating").count() > 40
    assert page.locator("#fulltext .fact.target").count() == 3
    shot(page, "02-document")
    page.locator("#fulltext").scroll_into_view_if_needed()
    shot(page, "03-document-full-text")
    page.locator("#outline a.task", has_text="加强知识产权司法保护").click()
    page.wait_for_url(re.compile(r"/task/3\.3$"))
    assert page.locator("h1").inner_text() == "（三）加强知识产权司法保护"
    assert page.locator("#quote .fact.lead").inner_text() == "区法院"
    shot(page, "04-task")
    page.locator("#lead a.agency").click()
    page.wait_for_url(re.compile(r"/id/agency/"))
    assert page.locator("#agency-name").inner_text() == "区法院"
    assert page.locator("#full-name").inner_text() == "长寿区人民法院"
    assert page.locator("#tasks-led a", has_text="加强知识产权司法保护").count() == 1
    assert page.locator("#measures").count() == 1  # its place in the co-assignment network
    shot(page, "05-agency")
    print(f"overview loaded in {took:.2f} s")


def test_search_for_market_supervision(page, site):
    timed_goto(page, site + "/")
    page.locator("#search-box").fill("市场监管")
    page.locator("#search-box").press("Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    hits = page.locator("#results-agency a")
    assert hits.first.inner_text() == "长寿区市场监督管理局"
    shot(page, "06-search")
    hits.first.click()
    page.wait_for_url(re.compile(r"/id/agency/"))
    assert page.locator("#agency-name").inner_text() == "区市场监管局"


def test_ask_a_question_and_open_its_sparql_in_the_editor(page, site):
    timed_goto(page, site + "/ask")
    page.locator("#question").fill("区市场监管局牵头哪些任务？")
    started = time.monotonic()
    page.locator("#question").press("Enter")
    page.wait_for_selector("#summary")
    print(f"answered in {time.monotonic() - started:.2f} s (page load included)")
    assert page.locator("#summary").inner_text().startswith("10 项")
    assert "SELECT" in page.locator("#sparql").inner_text()
    assert page.locator("#rows tbody tr").count() == 10
    shot(page, "07-ask")
    page.locator("#open-in-editor").click()
    page.wait_for_selector("#result-table")
    assert page.locator("#result-table tbody tr").count() == 10
    assert "SELECT" in page.locator("#query").input_value()
    shot(page, "08-sparql-editor")


def test_network_view_and_a_node_click_opens_the_agency_page(page, site):
    timed_goto(page, site + "/network")
    page.wait_for_selector('#status[data-state="ok"]')
    assert page.locator("#net g.node").count() == 19
    assert page.locator("a.download").count() == 6
    shot(page, "09-network")
    node = page.locator("#net g.node", has=page.locator("text", has_text=re.compile("^区法院$")))
    node.locator("circle").click()
    page.wait_for_url(re.compile(r"/id/agency/"))
    assert page.locator("#agency-name").inner_text() == "区法院"
    timed_goto(page, site + "/network?kind=lead")
    page.wait_for_selector('#status[data-state="ok"]')
    assert "有向" in page.locator("#counts").inner_text()
    shot(page, "10-network-lead")
