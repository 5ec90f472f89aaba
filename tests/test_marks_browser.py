"""Doubt and corrections in ``policykg explore``, in a real headless Chromium (Debian's, through Playwright): a
task an extraction warning of level check concerns, and a task a researcher corrected, are marked as such on
their own pages and on their document's page — with the warning's message, and the old value, the new value,
the reviewer, the file, when it was saved and the note — while an unmarked task carries no mark. The
messages and the note hold markup (tests/marked_kg.py), which must show as text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="pip install 'policykg[explore]'")
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install 'policykg[test]' (playwright)")

from tests.explore_server import running_explorer, watched_page  # noqa: E402
from tests.marked_kg import CHECK_MESSAGE, NOTE, REVIEWER, SAVED, write_marked_kg  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (scripts/setup.sh installs it)"
)

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT_MS = 120_000
DOC = "/id/doc/changshou-ip-plan"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    kg = write_marked_kg(tmp_path_factory.mktemp("marked-kg"))
    with running_explorer(kg, "--timeout", "120") as (url, _):
        yield url.rstrip("/")


@pytest.fixture(scope="module")
def page(site):
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(Path(CHROMIUM).resolve()), args=ARGS, timeout=WAIT_MS
        )
        context = chromium.new_context(viewport={"width": 1360, "height": 900}, locale="zh-CN")
        page, problems = watched_page(context, site, WAIT_MS)
        yield page
        chromium.close()
        assert problems == [], problems


def test_a_flagged_task_is_marked_on_its_page(page, site):
    page.goto(site + DOC + "/task/3.3", wait_until="load")
    heading = page.locator("h1")
    assert heading.locator(".flag.check").inner_text() == "需核查 check"
    check = page.locator("#marks .mark-check")
    assert check.count() == 1
    assert CHECK_MESSAGE in check.inner_text()  # the markup shows as text …
    assert check.locator("b").count() == 0  # … and is not rendered
    assert page.locator("#marks .mark-correction").count() == 0


def test_a_corrected_task_is_marked_on_its_page(page, site):
    page.goto(site + DOC + "/task/3.11", wait_until="load")
    assert page.locator("h1 .flag.corrected").inner_text() == "已更正 corrected"
    assert page.locator("h1 .flag.check").count() == 0
    lead = page.locator("#marks .mark-correction", has_text="牵头单位")
    assert lead.locator("del.extracted").inner_text() == "区人社局"  # the old value
    assert lead.locator("ins.corrected").inner_text() == "区委宣传部"  # the new value
    text = lead.inner_text()
    assert REVIEWER in text and "fixes.yaml" in text and NOTE in text  # who, which file, the note
    assert SAVED[:10] in lead.locator(".saved").inner_text()  # when
    assert lead.locator("i").count() == 0
    assert "区委宣传部" in page.locator("#lead").inner_text()  # the page's facts are the corrected ones


def test_an_unmarked_task_has_no_mark(page, site):
    page.goto(site + DOC + "/task/3.1", wait_until="load")
    assert page.locator(".flag").count() == 0
    assert page.locator("#marks").count() == 0


def test_the_document_page_marks_the_same_tasks(page, site):
    page.goto(site + DOC, wait_until="load")
    flagged = page.locator("#outline li.flagged a.task")
    assert flagged.all_inner_texts() == ["（三）加强知识产权司法保护", "（四）加强知识产权行政保护"]
    corrected = page.locator("#outline li.corrected a.task")
    assert corrected.all_inner_texts() == ["（十一）优化知识产权人才发展环境"]
    summary = page.locator("#marks-summary").inner_text()
    assert "需核查 check 2" in summary and "已更正 corrected 1" in summary
    item = page.locator("#outline li.flagged", has_text="（三）")
    assert CHECK_MESSAGE in item.locator(".mark-check").inner_text()
    assert page.locator("#outline li:not(.flagged):not(.corrected) .flag").count() == 0
    # follow the mark to the task's page
    page.locator("#outline li.corrected a.task").click()
    page.wait_for_url("**/task/3.11")
    assert page.locator("h1 .flag.corrected").count() == 1
