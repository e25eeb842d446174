"""Every page and API answer says how a browser may use it: a Content-Security-Policy, no framing, no sniffing."""

from __future__ import annotations

import pytest

from services.embedded.system import EmbeddedSystem
from tools.local_servers.asgi_server import served_client


@pytest.mark.parametrize("path", ["/", "/CAM01", "/CAM01/2026-11-20", "/static/style.css", "/api/v1/cameras",
                                  "/api/v1/docs", "/api/v1/docs/assets/swagger-ui-bundle.js"])
async def test_pages_and_answers_carry_the_security_headers(embedded: EmbeddedSystem, path: str) -> None:
    async with served_client(embedded.web_app) as web:
        answer = await web.get(path)
    assert answer.status_code == 200, answer.text[:200]
    policy = answer.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert ("'unsafe-inline'" in policy.split("script-src", 1)[1].split(";", 1)[0]) == (path == "/api/v1/docs")


async def test_the_docs_page_loads_swagger_ui_from_the_service_not_a_cdn(embedded: EmbeddedSystem) -> None:
    async with served_client(embedded.web_app) as web:
        page = (await web.get("/api/v1/docs")).text
        assert "/api/v1/docs/assets/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
        assert (await web.get("/api/v1/docs/assets/swagger-ui.css")).status_code == 200
