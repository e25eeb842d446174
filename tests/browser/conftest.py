"""Fixtures of the browser tests: the embedded system served on a free port, and Debian Chromium via Playwright."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Browser, Page, async_playwright

from services.embedded.system import EmbeddedSystem
from tests.e2e.conftest import embedded  # noqa: F401  (a fixture shared with the e2e tests)
from tools.local_servers.asgi_server import serve_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    """One Chromium for the whole session."""
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.fixture
async def dashboard(embedded: EmbeddedSystem) -> AsyncIterator[str]:  # noqa: F811
    """The web app (pages, SSE, API) on a free loopback port; yields its base URL."""
    async with serve_app(embedded.web_app) as base_url:
        yield base_url


@pytest.fixture
async def page(browser: Browser, dashboard: str) -> AsyncIterator[Page]:
    """A fresh 1280 px wide tab whose relative URLs resolve against the dashboard."""
    context = await browser.new_context(base_url=dashboard, viewport={"width": 1280, "height": 900},
                                        accept_downloads=True)
    tab = await context.new_page()
    try:
        yield tab
    finally:
        await context.close()
