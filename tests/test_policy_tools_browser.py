"""The explorer's policy-tool pages and tool filter in a real headless Chromium (Debian's, driven by Playwright
through ``executable_path``): the overview's tool table, a tool page, a type page, and the document outline
filtered by a tool — with no console error, failed request or request off the app on any page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="pip install 'policykg[explore]'")
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install 'policykg[test]' (playwright)")

from tests.explore_server import running_explorer, watched_page  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (scripts/setup.sh installs it)")

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WAIT_MS = 120_000
PROTECTION = "环境型/知识产权保护"


@pytest.fixture(scope="module")
def site(sample_kg_dir):
    with running_explorer(sample_kg_dir / "kg.ttl", "--timeout", "120") as (url, _):
        yield url.rstrip("/")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(Path(CHROMIUM).resolve()), args=ARGS, timeout=WAIT_MS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    page, problems = watched_page(context, site, WAIT_MS)
    yield page
    context.close()
    assert problems == [], problems


def test_overview_tool_table_then_a_tool_page(page, site, sample_doc):
    page.goto(site + "/", wait_until="load")
    rows = page.locator("#tools tbody tr")
    assert rows.count() == 15
    counts = {r.locator("td").nth(1).locator("a").inner_text(): int(r.locator("td").nth(2).inner_text())
              for r in rows.all()}
    assert counts["知识产权保护"] == sum(PROTECTION in t.tools for t in sample_doc.tasks)
    assert counts["政府采购"] == 0
    page.locator("#tools a.tool", has_text="知识产权保护").click()
    page.wait_for_load_state("load")
    assert "知识产权保护" in page.locator("h1").inner_text()
    assert page.locator("#tool-type a").inner_text() == "环境型"
    assert "执法" in page.locator("#tool-definition").inner_text()
    expected = [f"{t.id}{t.title}" for t in sample_doc.tasks if PROTECTION in t.tools]
    assert page.locator("#tool-tasks a.task").all_inner_texts() == expected
    primary = [t.id for t in sample_doc.tasks if t.primary_tool == PROTECTION]
    assert page.locator("#tool-tasks tbody tr", has_text="★").count() == len(primary) == 3
    assert page.locator("#tool-agencies a.agency").count() >= 1
    # the type above it lists its six sub-tools
    page.locator("#tool-type a").click()
    page.wait_for_load_state("load")
    assert page.locator("#tool-subtools a.tool").count() == 6


def test_demand_side_type_page_says_none(page, site):
    page.goto(site + "/", wait_until="load")
    page.locator("#tools a.tool", has_text="政府采购").click()
    page.wait_for_load_state("load")
    page.locator("#tool-type a").click()
    page.wait_for_load_state("load")
    assert "需求型" in page.locator("h1").inner_text()
    assert page.locator("#tool-subtools a.tool").all_inner_texts() == ["政府采购", "对外合作", "应用推广"]
    assert page.locator("#tool-tasks").count() == 0
    assert "no key task" in page.locator("main, body").first.inner_text()


def test_document_outline_filtered_by_tool(page, site, sample_doc):
    page.goto(site + "/", wait_until="load")
    page.locator("#documents a").first.click()
    page.wait_for_load_state("load")
    tasks = page.locator("#outline li.part-KeyTask")
    assert tasks.count() == len(sample_doc.tasks) == 12
    options = page.locator("#tool-filter option").all_inner_texts()
    assert options[0] == "全部任务 all tasks" and any("知识产权保护" in o for o in options)
    page.select_option("#tool-filter", "E5")
    visible = [li for li in tasks.all() if li.is_visible()]
    expected = [t.id for t in sample_doc.tasks if PROTECTION in t.tools]
    assert len(visible) == len(expected)
    assert all(li.locator("a.task").inner_text().startswith(tuple(expected)) for li in visible)
    assert page.locator("#tool-filter-count").inner_text() == f"{len(expected)} 项任务 tasks"
    page.select_option("#tool-filter", "")
    assert sum(li.is_visible() for li in tasks.all()) == 12
    # a tool tag of a task opens that tool's page; the primary tool is starred
    first = tasks.first
    assert first.locator("a.tool.primary").inner_text() == "★法规管制"
    first.locator("a.tool.primary").click()
    page.wait_for_load_state("load")
    assert "法规管制" in page.locator("h1").inner_text()
