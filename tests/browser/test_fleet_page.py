"""The fleet page (home) in real Chromium: a row per camera, worst first, a verdict strip that opens a day."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from services.embedded.system import EmbeddedSystem
from tests.fleet.conftest import TODAY, fleet_system, today_camera, today_card  # noqa: F401  (shared fixtures)
from tests.scan_polling import scan_and_wait
from tools.local_servers.asgi_server import serve_app

pytestmark = pytest.mark.browser


@pytest.fixture
async def fleet_page(browser: Browser, fleet_system: EmbeddedSystem) -> AsyncIterator[tuple[Page, str]]:  # noqa: F811
    """A tab on the fleet system's web app, and its base URL (no camera scanned yet)."""
    async with serve_app(fleet_system.web_app) as base_url:
        context = await browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
        try:
            yield await context.new_page(), base_url
        finally:
            await context.close()


async def test_rows_come_worst_first_and_a_day_of_the_strip_opens_that_day(fleet_page: tuple[Page, str]) -> None:
    page, base_url = fleet_page
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as web:
        await scan_and_wait(web, "CAM01")
        await scan_and_wait(web, "DOWN02")
    await page.goto("/")
    rows = page.locator("#cameras tr")
    await expect(rows).to_have_count(2)
    await expect(rows.nth(0)).to_have_attribute("data-camera", "DOWN02")
    await expect(rows.nth(0).locator(".state")).to_have_text("unreachable")
    await expect(rows.nth(0).locator(".state")).to_have_attribute("title", re.compile("cannot reach camera DOWN02"))
    recording = rows.nth(1)
    await expect(recording).to_have_attribute("data-camera", "CAM01")
    await expect(recording.locator(".verdict")).to_have_text("fail")
    await expect(recording).to_contain_text("DomePlus")
    await expect(recording).to_contain_text(re.compile(r"gap \d+"))
    await expect(recording.locator(".strip .mark")).to_have_count(7)
    await expect(page.locator("#fleet-summary")).to_have_text("2 cameras · 1 not readable · 1 failing today")

    await recording.locator(".strip a.mark.verdict-fail").click()
    await expect(page).to_have_url(re.compile(rf"/CAM01/{TODAY.isoformat()}$"))


async def test_rows_update_and_reorder_live_from_the_fleet_stream(fleet_page: tuple[Page, str]) -> None:
    page, base_url = fleet_page
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as web:
        await scan_and_wait(web, "CAM01")
        await page.goto("/")
        rows = page.locator("#cameras tr")
        await expect(rows.nth(0)).to_have_attribute("data-camera", "CAM01")
        await expect(page.locator("tr[data-camera=DOWN02]")).to_contain_text("never")
        await expect(page.locator("body")).to_have_attribute("data-live", "open")
        drawn = await page.locator("body").get_attribute("data-fleet-version")

        await scan_and_wait(web, "DOWN02")
        await expect(rows.nth(0)).to_have_attribute("data-camera", "DOWN02")
        await expect(rows.nth(0).locator(".state")).to_have_text("unreachable")
        assert await page.locator("body").get_attribute("data-fleet-version") != drawn
        assert await page.evaluate("performance.getEntriesByType('navigation').length") == 1, "no reload"
