"""A normal visit of every page, before and after a scan, leaves the browser console clean: no failed request,
no error, no warning."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from tests.browser.console_watch import ConsoleWatch
from tests.e2e.test_embedded_scan import DAY

pytestmark = pytest.mark.browser
PAGES = ["/", "/CAM01", f"/CAM01/{DAY}"]


async def visit_every_page(page: Page) -> None:
    """Open each page and wait until its live stream is open and its requests have settled."""
    for path in PAGES:
        await page.goto(path)
        await expect(page.locator("main")).to_be_visible()
        if path != "/":
            await expect(page.locator("body[data-live=open]")).to_be_attached()
        await page.wait_for_load_state("networkidle")


async def test_every_page_is_visited_without_a_console_problem_before_and_after_a_scan(page: Page) -> None:
    watch = ConsoleWatch().attach(page)
    await visit_every_page(page)
    assert watch.problems == [], "before a scan:\n" + "\n".join(watch.problems)

    await page.goto("/CAM01")
    await page.get_by_role("button", name="Scan card").click()
    await expect(page.locator("#scan-status")).to_have_text("Scan completed.")
    await page.wait_for_load_state("networkidle")
    assert watch.problems == [], "during a scan:\n" + "\n".join(watch.problems)

    await visit_every_page(page)
    tile = page.locator(".tile.has-image").first
    await tile.hover()
    await page.wait_for_load_state("networkidle")
    assert watch.problems == [], "after a scan:\n" + "\n".join(watch.problems)
