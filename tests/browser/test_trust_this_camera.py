"""The camera page offers *Trust this camera* with the presented fingerprint after a scan an unknown key failed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from playwright.async_api import Browser, Page, expect

from tests.embedded_system import EmbeddedFactory
from tests.sample_card import SAMPLE_FINGERPRINT, camera_target
from tools.local_servers.asgi_server import serve_app

pytestmark = pytest.mark.browser


@pytest.fixture
async def unpinned_page(browser: Browser, make_embedded: EmbeddedFactory, camera_server: int
                        ) -> AsyncIterator[Page]:
    """A tab on a product whose CAM01 (the sample camera) has no pinned or trusted host key."""
    unpinned = replace(camera_target(camera_server), host_key_fingerprint=None)
    async with make_embedded([unpinned], preview_frames=2) as system, serve_app(system.web_app) as base_url:
        context = await browser.new_context(base_url=base_url)
        try:
            yield await context.new_page()
        finally:
            await context.close()


async def test_a_scan_refused_for_an_unknown_key_offers_the_trust_button_and_then_the_scan_works(
    unpinned_page: Page
) -> None:
    page = unpinned_page
    await page.goto("/CAM01")
    await expect(page.locator("body[data-live=open]")).to_be_attached()
    await expect(page.locator("#host-key")).to_be_hidden()
    await page.get_by_role("button", name="Scan card").click()
    await expect(page.locator("#scan-status")).to_contain_text("Scan failed")
    await expect(page.locator("#host-key-fingerprint")).to_have_text(f"ssh-ed25519 {SAMPLE_FINGERPRINT}")

    await page.reload()  # the panel comes back with the page, from the last failed scan
    await page.get_by_role("button", name="Trust this camera").click()
    await expect(page.locator("#host-key-status")).to_have_text("Trusted: scan the card again.")
    await page.get_by_role("button", name="Scan card").click()
    await expect(page.locator("#scan-status")).to_have_text("Scan completed.")
