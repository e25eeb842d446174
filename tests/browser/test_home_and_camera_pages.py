"""Home and camera pages in real Chromium: open a camera in any case, see its fleet row, usage and days; phone width."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from tests.e2e.test_embedded_scan import DAY

pytestmark = pytest.mark.browser


async def test_home_lists_the_configured_camera_and_opens_an_id_typed_in_lower_case(page: Page) -> None:
    await page.goto("/")
    row = page.locator("#cameras tr[data-camera=CAM01]")
    await expect(row).to_contain_text("DomePlus")
    await expect(row.locator(".state")).to_have_text("idle")
    await expect(row).to_contain_text("never")
    await expect(page.locator("#camera-list option[value=CAM01]")).to_be_attached()

    await page.get_by_label("Camera id").fill("cam01")
    await page.keyboard.press("Enter")
    await expect(page).to_have_url(re.compile(r"/CAM01$"))
    await expect(page.locator("#scan-status")).to_have_text("Not scanned yet.")


async def test_the_camera_page_scans_and_then_shows_usage_and_a_calendar_of_days(page: Page) -> None:
    await page.goto("/cam01")
    await expect(page).to_have_url(re.compile(r"/CAM01$"))
    await expect(page.locator("body[data-live=open]")).to_be_attached()
    await page.get_by_role("button", name="Scan card").click()

    await expect(page.locator("#scan-status")).to_have_text("Scan completed.")
    await expect(page.locator("#usage")).to_contain_text("Recordings")
    day_link = page.locator(f'a.day[href="/CAM01/{DAY}"]')
    await expect(day_link).to_be_visible()
    await day_link.click()
    await expect(page.locator("#day-heading")).to_contain_text(DAY)


PHASE_WORDS = {"Listing the card": "listing", "Reading the card:": "metadata", "Making thumbnails": "thumbnails",
               "Making animated previews": "previews", "Scan completed": "completed"}
RECORD_STATUS_TEXTS = """() => {
  window.statusTexts = [];
  new MutationObserver((records) => records.forEach((record) => record.addedNodes.forEach(
    (node) => window.statusTexts.push(node.textContent)))).observe(document.getElementById("scan-status"),
    {childList: true});
}"""


async def test_the_scan_progress_names_each_phase_in_order_with_its_counts(page: Page) -> None:
    await page.goto("/CAM01")
    await expect(page.locator("body[data-live=open]")).to_be_attached()
    await page.evaluate(RECORD_STATUS_TEXTS)
    await page.get_by_role("button", name="Scan card").click()
    await expect(page.locator("#scan-status")).to_have_text("Scan completed.")

    texts: list[str] = await page.evaluate("window.statusTexts")
    phases = [phase for text in texts for words, phase in PHASE_WORDS.items() if text.startswith(words)]
    order = list(PHASE_WORDS.values())
    assert [order.index(phase) for phase in phases] == sorted(order.index(phase) for phase in phases), texts
    assert "metadata" in phases and phases[-1] == "completed", texts
    image_texts = [text for text in texts if text.startswith("Making")]
    assert image_texts and all(re.fullmatch(r"Making (thumbnails|animated previews): \d+ of \d+", text)
                               for text in image_texts), texts


async def test_every_page_fits_a_phone_width_window(page: Page) -> None:
    await page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/", "/CAM01", f"/CAM01/{DAY}"):
        await page.goto(path)
        await expect(page.locator("main")).to_be_visible()
        overflow = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow} px"


async def test_a_malformed_camera_id_in_the_address_is_refused_with_a_reason(page: Page) -> None:
    answer = await page.goto("/not%20a%20camera")
    assert answer is not None and answer.status == 400
    assert "invalid camera id" in (await answer.json())["detail"]
