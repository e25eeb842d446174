"""Deep links in real Chromium: /{CAMERA}/{date}#t=HH:MM:SS opens the day with the cursor and that clip selected."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.async_api import Page, expect

from libs.client.async_client import SdbClient
from libs.common.domain.day_links import day_page_link
from tests.e2e.test_embedded_scan import DAY
from tests.scan_polling import scan_and_wait

pytestmark = pytest.mark.browser


async def clip_ids_by_time(dashboard: str) -> dict[str, str]:
    """Scan CAM01 and map each clip's HH:MM:SS start to its id."""
    async with httpx.AsyncClient(base_url=dashboard, timeout=60) as web:
        await scan_and_wait(web, "cam01")
        return {clip.start[11:]: clip.clip_id for clip in await SdbClient(http=web).recordings("CAM01", DAY)}


async def test_a_link_at_a_time_puts_the_cursor_there_and_selects_that_clip_in_view(page: Page,
                                                                                     dashboard: str) -> None:
    clips = await clip_ids_by_time(dashboard)
    await page.goto(day_page_link("CAM01", DAY, None, dashboard) + "#t=03:15:04")

    tile = page.locator(".tile.selected")
    await expect(tile).to_have_attribute("data-clip", clips["03:15:00"])
    await expect(tile).to_be_in_viewport()
    await expect(page.locator("#clip-table tr.selected")).to_have_attribute("data-clip", clips["03:15:00"])
    await expect(page.locator(".selected")).to_have_count(2)
    cursor = page.locator("#time-cursor")
    await expect(cursor).to_be_visible()
    left = float((await cursor.get_attribute("style") or "").split("left:")[1].split("%")[0])
    assert abs(left - 100 * (3 * 3600 + 15 * 60 + 4) / 86400) < 0.001
    await expect(cursor).to_have_attribute("title", "03:15:04 UTC · clip at 03:15:00")


async def test_a_time_between_clips_selects_the_clip_before_and_a_new_link_moves_the_selection(
    page: Page, dashboard: str
) -> None:
    clips = await clip_ids_by_time(dashboard)
    await page.goto(f"/CAM01/{DAY}#t=02:40:00")
    await expect(page.locator(".tile.selected")).to_have_attribute("data-clip", clips["02:30:00"])

    await page.evaluate("location.hash = 't=03:45:01'")
    await expect(page.locator(".tile.selected")).to_have_attribute("data-clip", clips["03:45:00"])
    await expect(page.locator(".tile.selected")).to_be_in_viewport()
    await expect(page.locator("body")).to_have_attribute("data-cursor", "03:45:01")


async def test_clicking_the_timeline_makes_a_link_to_that_time(page: Page, dashboard: str) -> None:
    clips = await clip_ids_by_time(dashboard)
    await page.goto(f"/CAM01/{DAY}")
    await expect(page.locator(".tile")).to_have_count(len(clips))
    await expect(page.locator("#time-cursor")).to_be_hidden()
    await expect(page.locator(".selected")).to_have_count(0)

    box = await page.locator("#timeline").bounding_box()
    assert box is not None
    await page.mouse.click(box["x"] + box["width"] * (3 * 3600 + 31 * 60) / 86400, box["y"] + 30)
    await expect(page).to_have_url(re.compile(r"#t=03:3[01]:[0-5][0-9]$"))  # a pixel is 20-odd seconds wide
    await expect(page.locator(".tile.selected")).to_have_attribute("data-clip", clips["03:30:00"])
