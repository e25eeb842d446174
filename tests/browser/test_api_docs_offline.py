"""The API docs page works on an air-gapped network: Swagger UI comes from the service itself, and the pages'
Content-Security-Policy lets it (and nothing from elsewhere) run."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, Route, expect

pytestmark = pytest.mark.browser


async def test_the_docs_page_renders_every_operation_with_no_request_leaving_the_service(
    page: Page, dashboard: str
) -> None:
    outside: list[str] = []

    async def only_the_service(route: Route) -> None:
        if route.request.url.startswith(dashboard):
            await route.continue_()
        else:
            outside.append(route.request.url)
            await route.abort()

    await page.route("**/*", only_the_service)
    answer = await page.goto("/api/v1/docs")
    assert answer is not None and answer.status == 200
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    await expect(page.locator(".opblock-summary-path", has_text="/api/v1/cameras/{id}/host-key/trust")).to_be_visible()
    assert outside == []
