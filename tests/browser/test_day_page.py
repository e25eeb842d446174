"""The day page in real Chromium: it fills in live during a scan, previews on hover, sorts, downloads CSV."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.e2e.sse_client import read_events
from tests.e2e.test_embedded_scan import DAY, card_clips

pytestmark = pytest.mark.browser
DAY_PAGE = f"/CAM01/{DAY}"


async def scan_and_wait(dashboard: str) -> tuple[str, list]:
    """Start a scan of CAM01 over the API and read its event stream to the end."""
    async with httpx.AsyncClient(base_url=dashboard, timeout=60) as client:
        scan_id = (await client.post("/api/v1/cameras/cam01/scans", json={})).json()["scan_id"]
        return scan_id, await read_events(client, f"/api/v1/scans/{scan_id}/events", timeout_s=90)


async def test_the_day_page_fills_in_live_while_a_scan_runs(page: Page, small_card: Path) -> None:
    clips_on_card = len(card_clips(small_card))
    await page.goto(DAY_PAGE)
    await expect(page.locator("body[data-live=open]")).to_be_attached()
    await expect(page.locator(".tile")).to_have_count(0)

    await page.get_by_role("button", name="Scan this day").click()

    await expect(page.locator(".tile")).to_have_count(clips_on_card)
    await expect(page.locator(".tile.has-image")).to_have_count(clips_on_card - 2)
    await expect(page.locator("#clip-table tbody tr")).to_have_count(clips_on_card)
    await expect(page.locator("#scan-status")).to_have_text("Scan completed.")
    await expect(page.locator("#recorded-track .span").first).to_be_visible()
    await expect(page.locator("#chart-bitrate canvas")).to_be_attached()
    await expect(page.locator("#day-summary")).to_contain_text(str(clips_on_card))


async def test_hovering_or_focusing_a_thumbnail_plays_its_preview(page: Page, dashboard: str) -> None:
    await scan_and_wait(dashboard)
    await page.goto(DAY_PAGE)
    tiles = page.locator(".tile.has-image")
    await expect(tiles.first).to_be_visible()

    await tiles.first.hover()
    await expect(tiles.first.locator("img")).to_have_attribute("src", _contains("/preview"))
    await page.mouse.move(0, 0)
    await expect(tiles.first.locator("img")).to_have_attribute("src", _contains("/thumbnail"))

    await tiles.nth(1).focus()
    await expect(tiles.nth(1).locator("img")).to_have_attribute("src", _contains("/preview"))
    await page.keyboard.press("Enter")
    await expect(page.locator("#clip-dialog")).to_be_visible()
    await expect(page.locator("#clip-video")).to_have_attribute("src", _contains("/video"))


async def test_the_clip_table_sorts_by_a_column_both_ways(page: Page, dashboard: str) -> None:
    await scan_and_wait(dashboard)
    await page.goto(DAY_PAGE)
    sizes = page.locator("#clip-table tbody td:nth-child(2)")
    await expect(sizes.first).to_be_visible()

    await page.get_by_role("button", name="Size").click()
    await expect(page.locator("th[data-key=size]")).to_have_attribute("aria-sort", "ascending")
    ascending = [int(v) for v in await sizes.evaluate_all("cells => cells.map(c => c.dataset.value)")]
    assert ascending == sorted(ascending)

    await page.get_by_role("button", name="Size").click()
    await expect(page.locator("th[data-key=size]")).to_have_attribute("aria-sort", "descending")
    descending = [int(v) for v in await sizes.evaluate_all("cells => cells.map(c => c.dataset.value)")]
    assert descending == sorted(ascending, reverse=True)


async def test_the_csv_link_downloads_every_clip_of_the_day(page: Page, dashboard: str, small_card: Path) -> None:
    await scan_and_wait(dashboard)
    await page.goto(DAY_PAGE)
    # the checks panel and the rows render above the link: click once the page stopped moving it
    await expect(page.locator("#clip-table tbody tr")).to_have_count(len(card_clips(small_card)))
    await expect(page.locator("body[data-verdict]")).to_be_attached()
    async with page.expect_download() as waiting:
        await page.get_by_role("link", name="Download CSV").click()
    download = await waiting.value
    assert download.suggested_filename == f"CAM01-{DAY}.csv"
    rows = list(csv.DictReader(io.StringIO(Path(await download.path()).read_text())))
    assert len(rows) == len(card_clips(small_card))
    assert "clip_id" in rows[0]


async def test_a_reconnect_in_the_middle_of_a_scan_misses_no_event_and_repeats_none(page: Page, dashboard: str) -> None:
    await page.goto(DAY_PAGE)
    await expect(page.locator("body[data-live=open]")).to_be_attached()
    await page.get_by_role("button", name="Scan this day").click()
    await expect(page.locator(".tile").first).to_be_attached()

    await page.evaluate("window.sdbLive.reconnect()")
    await expect(page.locator("#scan-status")).to_have_text("Scan completed.")

    scan_id = await _last_scan_id(dashboard)
    async with httpx.AsyncClient(base_url=dashboard, timeout=60) as client:
        expected = [event.id for event in await read_events(client, f"/api/v1/scans/{scan_id}/events")]
    assert await page.evaluate("window.sdbLive.received") == expected


async def _last_scan_id(dashboard: str) -> str:
    """The id of CAM01's latest scan."""
    async with httpx.AsyncClient(base_url=dashboard) as client:
        cameras = (await client.get("/api/v1/cameras")).json()
    return next(camera["last_scan_id"] for camera in cameras if camera["id"] == "CAM01")


def _contains(text: str) -> re.Pattern[str]:
    """A pattern matching any attribute value that contains text."""
    return re.compile(re.escape(text))
